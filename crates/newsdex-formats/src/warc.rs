//! WARC crawls (wget `--warc-file`, Heritrix, Common Crawl's CC-NEWS): every HTML
//! `response` record is one page, read by the HTML reader with the HTTP header's charset,
//! its id the target URI and the capture date its fallback publication day. Streamed
//! record by record, so memory stays bounded by the size cap whatever the file's size.

use std::io::{BufRead, Read};

use crate::dates;
use crate::html::{self, PageContext};
use crate::reader::{read_capped, Context, Input};
use crate::record::Position;

/// Room for HTTP headers on top of the article cap.
const HEADER_ROOM: usize = 64 << 10;

/// Reads the records of a WARC input one after the other: finds where each starts, reads
/// its header and its block, decides whether it holds a page, and hands the page's
/// article on. Stops at the end of the input, when it is cut short or cannot be read, or
/// when the sink wants no more.
pub(crate) fn read(cx: &mut Context<'_>, input: Input) {
    let mut records = Records {
        input,
        cap: cx.reader.max_article_bytes() + HEADER_ROOM,
        line: Vec::new(),
        block: Vec::new(),
        offset: 0,
        number: 0,
        resyncing: false,
    };
    while let Some(position) = records.find_record(cx) {
        let Some(head) = records.read_head(cx, position) else {
            return;
        };
        let Some(length) = head
            .get("content-length")
            .and_then(|l| l.parse::<u64>().ok())
        else {
            cx.issue(
                Some(position),
                "WARC record without a valid Content-Length; looking for the next record",
                true,
            );
            cx.summary.skip("unreadable WARC data");
            records.resyncing = true;
            continue;
        };
        let Some(cut) = records.read_block(cx, position, length) else {
            return;
        };
        if !holds_page(cx, &head, cut) {
            continue;
        }
        let Some(payload) = payload(cx, &head, &mut records.block) else {
            continue;
        };
        if !emit_page(cx, &head, payload) {
            return;
        }
    }
}

/// The records of one WARC input, read one after the other: where the reader is in the
/// input, and the buffers it reuses from record to record.
struct Records {
    /// The input, past the bytes read so far.
    input: Input,
    /// The most of a record's block that is kept: the article cap, and room for HTTP
    /// headers on top.
    cap: usize,
    /// The line being read.
    line: Vec<u8>,
    /// The block of the record last read, up to `cap`.
    block: Vec<u8>,
    /// Bytes read so far: where the next line starts.
    offset: u64,
    /// Records found so far.
    number: u64,
    /// Unreadable data was reported and is being skipped to the next record's header.
    resyncing: bool,
}

impl Records {
    /// Reads on to the next record's version line ("WARC/1.0"), over blank lines and,
    /// reporting them once, over bytes that are no record; returns where that record
    /// starts. `None` at the end of the input, or when it cannot be read (reported).
    fn find_record(&mut self, cx: &mut Context<'_>) -> Option<Position> {
        loop {
            self.line.clear();
            let n = match self.input.read_until(b'\n', &mut self.line) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => {
                    cx.broken(None, &e);
                    return None;
                }
            };
            let start = self.offset;
            self.offset += n as u64;
            if self.line.trim_ascii().is_empty() {
                continue;
            }
            if !self.line.starts_with(b"WARC/") {
                if !self.resyncing {
                    cx.issue(
                        Some(Position {
                            record: self.number + 1,
                            line: None,
                            byte: Some(start),
                        }),
                        "not a WARC record header; looking for the next record",
                        true,
                    );
                    cx.summary.skip("unreadable WARC data");
                    self.resyncing = true;
                }
                continue;
            }
            self.resyncing = false;
            self.number += 1;
            return Some(Position {
                record: self.number,
                line: None,
                byte: Some(start),
            });
        }
    }

    /// Reads the named fields of the record at `position`, up to the blank line that ends
    /// them. `None` when the input ends inside them or cannot be read (reported): then
    /// there is nothing more to read.
    fn read_head(&mut self, cx: &mut Context<'_>, position: Position) -> Option<Head> {
        let mut fields = Vec::new();
        loop {
            self.line.clear();
            match self.input.read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    cx.summary.skip("truncated records");
                    cx.issue(
                        Some(position),
                        "the file ends inside a WARC record's headers (truncated); skipped",
                        true,
                    );
                    return None;
                }
                Ok(n) => self.offset += n as u64,
                Err(e) => {
                    cx.broken(Some(position), &e);
                    return None;
                }
            }
            let text = String::from_utf8_lossy(&self.line);
            let text = text.trim_end();
            if text.is_empty() {
                return Some(Head { position, fields });
            }
            if let Some((name, value)) = text.split_once(':') {
                fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
    }

    /// Reads the `length` bytes of the block of the record at `position` into `block`,
    /// keeping at most `cap` of them; returns whether it was cut. `None` when the input
    /// ends inside the block or cannot be read (reported): then there is nothing more to
    /// read.
    fn read_block(
        &mut self,
        cx: &mut Context<'_>,
        position: Position,
        length: u64,
    ) -> Option<bool> {
        let cut = match read_capped(&mut self.input, length, self.cap, &mut self.block) {
            Ok(cut) => cut,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                cx.summary.skip("truncated records");
                cx.issue(
                    Some(position),
                    "the file ends inside this WARC record (truncated); skipped",
                    true,
                );
                return None;
            }
            Err(e) => {
                cx.broken(Some(position), &e);
                return None;
            }
        };
        self.offset += length;
        Some(cut)
    }
}

/// A WARC record's header: where the record starts, and its named fields, the names in
/// lowercase.
struct Head {
    position: Position,
    fields: Vec<(String, String)>,
}

impl Head {
    /// The value of the field `name` (in lowercase), the first when it is repeated.
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The record's WARC-Type, in lowercase ("" when it has none).
    fn kind(&self) -> String {
        self.get("warc-type").unwrap_or("").to_ascii_lowercase()
    }
}

/// Can the record hold a page to read? Only `response` and `resource` records can, and
/// only whole: one the crawler marked truncated, or cut at the size cap (`cut`), is
/// reported. The others are counted as skipped, by kind.
fn holds_page(cx: &mut Context<'_>, head: &Head, cut: bool) -> bool {
    let other = match head.kind().as_str() {
        "response" | "resource" => None,
        "request" => Some("WARC request records"),
        "revisit" => Some("WARC revisit records"),
        "metadata" => Some("WARC metadata records"),
        "warcinfo" => Some("WARC warcinfo records"),
        _ => Some("other WARC records"),
    };
    if let Some(other) = other {
        cx.summary.skip(other);
        return false;
    }
    if head.get("warc-truncated").is_some() || cut {
        cx.summary.skip("truncated records");
        let why = if cut {
            "over the size cap"
        } else {
            "marked WARC-Truncated by the crawler"
        };
        cx.issue(Some(head.position), format!("page {why}; skipped"), true);
        return false;
    }
    true
}

/// The HTML page in the record's `block`, with its charset and language: the body of an
/// HTTP response record ([`http_payload`]), or the block itself when it is HTML. `None`
/// (counted, and reported when broken) when the record holds no page to read: a response
/// other than 200, or one that is not HTML or cannot be decoded.
fn payload(cx: &mut Context<'_>, head: &Head, block: &mut Vec<u8>) -> Option<Payload> {
    let record_type = head.get("content-type").unwrap_or("").to_ascii_lowercase();
    if head.kind() == "response" && record_type.starts_with("application/http") {
        match http_payload(block) {
            Ok(p) => Some(p),
            Err(Skip::NotOk) => {
                cx.summary.skip("HTTP responses other than 200");
                None
            }
            Err(Skip::NotHtml) => {
                cx.summary.skip("non-HTML responses");
                None
            }
            Err(Skip::Broken(why)) => {
                cx.summary.skip("unreadable HTTP responses");
                cx.issue(
                    Some(head.position),
                    format!("HTTP response {why}; skipped"),
                    true,
                );
                None
            }
        }
    } else if record_type.contains("html")
        || (record_type.is_empty()
            && crate::format::Format::sniff(block) == Some(crate::format::Format::Html))
    {
        Some(Payload {
            body: std::mem::take(block),
            charset: crate::decode::content_type_charset(&record_type).map(str::to_owned),
            language: None,
        })
    } else {
        cx.summary.skip("non-HTML responses");
        None
    }
}

/// Reads the page in `payload` and hands its article on, its id the record's target URI
/// and its capture date kept apart from its publication date; a page without article
/// text is counted as skipped. False when the sink wants no more records.
fn emit_page(cx: &mut Context<'_>, head: &Head, payload: Payload) -> bool {
    let uri = head
        .get("warc-target-uri")
        .map(|u| u.trim_matches(['<', '>']).to_owned());
    let warc_date = head.get("warc-date").and_then(dates::parse_date);
    let page = html::read_page(
        &payload.body,
        PageContext {
            charset: payload.charset.as_deref(),
            url: uri.as_deref(),
        },
    );
    for w in page
        .warnings
        .into_iter()
        .filter(|w| !w.starts_with("no article text"))
    {
        cx.issue(Some(head.position), w, false);
    }
    let mut record = page.record;
    if record.body.trim().is_empty() {
        cx.summary.skip("pages without article text");
        return true;
    }
    // The capture date is when the page was saved, not when it was published: an
    // archive's crawl of old pages would date them all to the crawl.
    record.saved_at = warc_date;
    if record.language.is_none() {
        record.language = payload.language;
    }
    record.id = uri.clone();
    record.url = uri.or(record.url);
    record.position = head.position;
    cx.emit(record)
}

struct Payload {
    body: Vec<u8>,
    charset: Option<String>,
    language: Option<String>,
}

enum Skip {
    NotOk,
    NotHtml,
    Broken(String),
}

/// The body of an HTTP response as the crawler saved it: status checked, chunked
/// transfer undone, gzip or deflate content decoded.
fn http_payload(block: &[u8]) -> Result<Payload, Skip> {
    let end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or_else(|| Skip::Broken("without the end of its headers".to_owned()))?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code = status.split_whitespace().nth(1).unwrap_or("");
    if !status.starts_with("HTTP/") {
        return Err(Skip::Broken("without a status line".to_owned()));
    }
    if code != "200" {
        return Err(Skip::NotOk);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    let mut language = None;
    for l in lines {
        let Some((name, value)) = l.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value.to_owned(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = value.to_ascii_lowercase(),
            "content-language" => language = Some(value.to_owned()).filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    let lower = content_type.to_ascii_lowercase();
    let mut body = block[end.1..].to_vec();
    if chunked {
        body = dechunk(&body)
            .ok_or_else(|| Skip::Broken("with broken chunked encoding".to_owned()))?;
    }
    body = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        "deflate" => inflate(flate2::read::ZlibDecoder::new(&body[..]))
            .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..])))?,
        other => {
            return Err(Skip::Broken(format!(
                "with content encoding {other:?}, which newsdex does not decode"
            )))
        }
    };
    let html = lower.contains("html")
        || (lower.is_empty()
            && crate::format::Format::sniff(&body) == Some(crate::format::Format::Html));
    if !html {
        return Err(Skip::NotHtml);
    }
    Ok(Payload {
        body,
        charset: crate::decode::content_type_charset(&content_type).map(str::to_owned),
        language,
    })
}

fn inflate(mut r: impl Read) -> Result<Vec<u8>, Skip> {
    let mut out = Vec::new();
    r.read_to_end(&mut out)
        .map_err(|e| Skip::Broken(format!("with a body that does not decompress ({e})")))?;
    Ok(out)
}

/// Undoes HTTP/1.1 chunked transfer coding; `None` when the chunks do not add up.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = find(data, b"\n")?;
        let size_line = std::str::from_utf8(&data[..eol]).ok()?.trim();
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }
}
