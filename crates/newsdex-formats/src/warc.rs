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

pub(crate) fn read(cx: &mut Context<'_>, mut input: Input) {
    let cap = cx.reader.max_article_bytes() + HEADER_ROOM;
    let mut line = Vec::new();
    let mut block = Vec::new();
    let mut offset = 0u64;
    let mut number = 0u64;
    let mut resyncing = false;
    loop {
        line.clear();
        let n = match input.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                cx.broken(None, &e);
                return;
            }
        };
        let start = offset;
        offset += n as u64;
        if line.trim_ascii().is_empty() {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            if !resyncing {
                cx.issue(
                    Some(Position {
                        record: number + 1,
                        line: None,
                        byte: Some(start),
                    }),
                    "not a WARC record header; looking for the next record",
                    true,
                );
                cx.summary.skip("unreadable WARC data");
                resyncing = true;
            }
            continue;
        }
        resyncing = false;
        number += 1;
        let position = Position {
            record: number,
            line: None,
            byte: Some(start),
        };
        let mut headers = Vec::new();
        loop {
            line.clear();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => {
                    cx.summary.skip("truncated records");
                    cx.issue(
                        Some(position),
                        "the file ends inside a WARC record's headers (truncated); skipped",
                        true,
                    );
                    return;
                }
                Ok(n) => offset += n as u64,
                Err(e) => {
                    cx.broken(Some(position), &e);
                    return;
                }
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("content-length").and_then(|l| l.parse::<u64>().ok()) else {
            cx.issue(
                Some(position),
                "WARC record without a valid Content-Length; looking for the next record",
                true,
            );
            cx.summary.skip("unreadable WARC data");
            resyncing = true;
            continue;
        };
        let cut = match read_capped(&mut input, length, cap, &mut block) {
            Ok(cut) => cut,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                cx.summary.skip("truncated records");
                cx.issue(
                    Some(position),
                    "the file ends inside this WARC record (truncated); skipped",
                    true,
                );
                return;
            }
            Err(e) => {
                cx.broken(Some(position), &e);
                return;
            }
        };
        offset += length;
        let kind = header("warc-type").unwrap_or("").to_ascii_lowercase();
        match kind.as_str() {
            "response" | "resource" => {}
            "request" => {
                cx.summary.skip("WARC request records");
                continue;
            }
            "revisit" => {
                cx.summary.skip("WARC revisit records");
                continue;
            }
            "metadata" => {
                cx.summary.skip("WARC metadata records");
                continue;
            }
            "warcinfo" => {
                cx.summary.skip("WARC warcinfo records");
                continue;
            }
            _ => {
                cx.summary.skip("other WARC records");
                continue;
            }
        }
        if header("warc-truncated").is_some() || cut {
            cx.summary.skip("truncated records");
            let why = if cut {
                "over the size cap"
            } else {
                "marked WARC-Truncated by the crawler"
            };
            cx.issue(Some(position), format!("page {why}; skipped"), true);
            continue;
        }
        let uri = header("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned());
        let warc_date = header("warc-date").and_then(dates::parse_date);
        let record_type = header("content-type").unwrap_or("").to_ascii_lowercase();
        let payload = if kind == "response" && record_type.starts_with("application/http") {
            match http_payload(&block) {
                Ok(p) => p,
                Err(Skip::NotOk) => {
                    cx.summary.skip("HTTP responses other than 200");
                    continue;
                }
                Err(Skip::NotHtml) => {
                    cx.summary.skip("non-HTML responses");
                    continue;
                }
                Err(Skip::Broken(why)) => {
                    cx.summary.skip("unreadable HTTP responses");
                    cx.issue(
                        Some(position),
                        format!("HTTP response {why}; skipped"),
                        true,
                    );
                    continue;
                }
            }
        } else if record_type.contains("html")
            || (record_type.is_empty()
                && crate::format::Format::sniff(&block) == Some(crate::format::Format::Html))
        {
            Payload {
                body: std::mem::take(&mut block),
                charset: crate::decode::content_type_charset(&record_type).map(str::to_owned),
                language: None,
            }
        } else {
            cx.summary.skip("non-HTML responses");
            continue;
        };
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
            cx.issue(Some(position), w, false);
        }
        let mut record = page.record;
        if record.body.trim().is_empty() {
            cx.summary.skip("pages without article text");
            continue;
        }
        // The capture date is when the page was saved, not when it was published: an
        // archive's crawl of old pages would date them all to the crawl.
        record.saved_at = warc_date;
        if record.language.is_none() {
            record.language = payload.language;
        }
        record.id = uri.clone();
        record.url = uri.or(record.url);
        record.position = position;
        if !cx.emit(record) {
            return;
        }
    }
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
