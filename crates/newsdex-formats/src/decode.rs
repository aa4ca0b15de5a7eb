//! Bytes to text the way browsers do it: a byte-order mark, then the charset the
//! transport (an HTTP header in a WARC) or the document (`<meta charset>`, an XML
//! declaration) declares, else a guess by Firefox's detector. Older pages are often
//! windows-1252 or ISO-8859-x and say so only in a `<meta>`, or not at all.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// How many bytes of a page are searched for a declared charset. The HTML standard says
/// 1024; pages with long `<head>`s declare it later, so we look further.
const DECLARATION_WINDOW: usize = 8192;

/// Text decoded from bytes, and how.
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    /// True when bytes were not valid in the encoding and were replaced with U+FFFD.
    pub had_errors: bool,
}

/// Decodes a web page: BOM, then a valid UTF-8 page as UTF-8 whatever it claims, then
/// the transport's charset, then `<meta charset>` / `http-equiv`, then a guess.
pub(crate) fn decode_html<'a>(bytes: &'a [u8], transport: Option<&str>) -> Decoded<'a> {
    let declared = transport
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(head(bytes)));
    decode_with(bytes, declared)
}

/// Decodes an XML document (a feed): BOM, then the XML declaration, then UTF-8.
pub(crate) fn xml_encoding(head: &[u8]) -> Option<&'static Encoding> {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return Some(enc);
    }
    let head = &head[..head.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let decl = text.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let value = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next()?;
    let value = value[1..].split(quote).next()?;
    Encoding::for_label(value.as_bytes())
}

/// Plain text of unknown encoding: BOM, UTF-8 if valid, else a guess.
pub(crate) fn decode_text(bytes: &[u8]) -> Decoded<'_> {
    decode_with(bytes, None)
}

fn decode_with<'a>(bytes: &'a [u8], declared: Option<&'static Encoding>) -> Decoded<'a> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Decoded {
            text,
            encoding,
            had_errors,
        };
    }
    // Valid UTF-8 with non-ASCII in it is almost never meant as a single-byte code page:
    // servers that send a default `charset=ISO-8859-1` for UTF-8 pages are common.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
            had_errors: false,
        };
    }
    // A UTF-8 page with a few bytes of another encoding (a caption pasted from an old
    // system: "Mitgef\xfchl" among "über" and "Störche") is read as UTF-8, each stray
    // byte as windows-1252, rather than the whole page as windows-1252.
    if declared.is_none_or(|e| e == UTF_8) {
        if let Some(text) = mostly_utf8(bytes) {
            return Decoded {
                text: Cow::Owned(text),
                encoding: UTF_8,
                had_errors: false,
            };
        }
    }
    // A page that says UTF-8 but is not is usually windows-1252 mislabelled: guess.
    let encoding = match declared {
        Some(enc) if enc != UTF_8 => enc.output_encoding(),
        _ => guess(bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding,
        had_errors,
    }
}

/// `bytes`, not valid UTF-8, read as UTF-8 with each invalid byte read as windows-1252,
/// when its valid multi-byte characters are at least half as many as its invalid bytes:
/// then it is UTF-8 with stray bytes, not a page in a single-byte code page (whose
/// non-ASCII bytes almost never form valid UTF-8).
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    // The valid text before the first invalid bytes of `rest`, their length, and what
    // follows them.
    fn split(rest: &[u8]) -> (&str, usize, &[u8]) {
        match std::str::from_utf8(rest) {
            Ok(text) => (text, 0, &[]),
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                let bad = e.error_len().unwrap_or(after.len());
                (
                    std::str::from_utf8(good).unwrap_or_default(),
                    bad,
                    &after[bad..],
                )
            }
        }
    }
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    while !rest.is_empty() {
        let (text, bad, after) = split(rest);
        // (One lead byte per multi-byte character.)
        multibyte += text.bytes().filter(|&b| b >= 0xC0).count();
        invalid += bad;
        rest = after;
    }
    if multibyte == 0 || multibyte * 2 < invalid {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() + invalid * 2);
    let mut rest = bytes;
    while !rest.is_empty() {
        let (text, bad, after) = split(rest);
        out.push_str(text);
        let stray = &rest[text.len()..text.len() + bad];
        out.push_str(
            &encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(stray)
                .0,
        );
        rest = after;
    }
    Some(out)
}

/// The legacy encoding a file's first bytes are in, when they are not UTF-8 (and carry
/// no BOM); `None` for UTF-8, including UTF-8 cut in the middle of a character.
pub(crate) fn legacy_encoding(head: &[u8]) -> Option<&'static Encoding> {
    if Encoding::for_bom(head).is_some() {
        return None;
    }
    match std::str::from_utf8(head) {
        Ok(_) => None,
        Err(e) if e.error_len().is_none() => None,
        Err(_) => Some(guess(head)).filter(|&enc| enc != UTF_8),
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(1 << 16)], bytes.len() <= 1 << 16);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

fn head(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(DECLARATION_WINDOW)]
}

/// The charset a page's `<meta charset=...>` or `<meta http-equiv=Content-Type
/// content="...; charset=...">` declares.
pub(crate) fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = lower[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(enc) = find(tag, b"charset").and_then(|c| charset_value(&tag[c + 7..])) {
            return Some(enc);
        }
        from = tag_end;
    }
    None
}

/// The charset parameter of an HTTP `Content-Type` header value.
pub(crate) fn content_type_charset(value: &str) -> Option<&str> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = value[at + 7..].trim_start().strip_prefix('=')?.trim();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|s| !s.is_empty())
}

fn charset_value(after: &[u8]) -> Option<&'static Encoding> {
    let mut rest = after;
    while let [b' ' | b'\t' | b'\n' | b'\r', tail @ ..] = rest {
        rest = tail;
    }
    let rest = rest.strip_prefix(b"=")?;
    let start = rest
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'"' | b'\''))?;
    let rest = &rest[start..];
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let enc = Encoding::for_label(&rest[..end])?;
    // A page cannot declare UTF-16 in an ASCII-compatible <meta>: the standard says UTF-8.
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        },
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">";
        assert_eq!(meta_charset(page), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            meta_charset(b"<meta charset='iso-8859-2'>"),
            Some(encoding_rs::ISO_8859_2)
        );
        assert_eq!(meta_charset(b"<meta name=x>"), None);
    }

    #[test]
    fn declared_single_byte_page() {
        let page = b"<meta charset=windows-1252><p>caf\xe9 \x93quoted\x94</p>";
        let d = decode_html(page, None);
        assert!(d.text.contains("caf\u{e9} \u{201c}quoted\u{201d}"));
    }

    #[test]
    fn transport_charset_and_valid_utf8() {
        assert_eq!(
            content_type_charset("text/html; charset=\"UTF-8\""),
            Some("UTF-8")
        );
        let d = decode_html("caf\u{e9}".as_bytes(), Some("iso-8859-1"));
        assert_eq!(d.text, "caf\u{e9}");
    }

    #[test]
    fn utf8_with_stray_single_byte_characters_is_repaired() {
        // The alt text was written in windows-1252: "ü" as the one byte 0xFC.
        let mut bytes = "<meta charset=utf-8><p>Trottellumme über Enten und Störche</p>"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"<img alt=\"Mitgef\xfchl\">");
        let d = decode_html(&bytes, None);
        assert!(
            d.text.contains("über Enten und Störche") && d.text.contains("Mitgefühl"),
            "{}",
            d.text
        );
        assert!(!d.had_errors);
    }

    #[test]
    fn undeclared_latin1_is_guessed() {
        let d = decode_text(b"Les \xe9l\xe8ves de l'\xe9cole ont gagn\xe9 le prix de la ville.");
        assert!(d.text.contains("\u{e9}l\u{e8}ves"), "{}", d.text);
    }

    #[test]
    fn xml_declaration() {
        assert_eq!(
            xml_encoding(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(xml_encoding(b"<rss>"), None);
    }
}
