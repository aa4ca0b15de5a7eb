//! Which reader a file needs: by its extension when that settles it, else by sniffing its
//! first bytes (after gunzipping): `.xml` may or may not be a feed, `.json` may be an
//! array, one object or JSON Lines, and `.gz` or standard input say nothing at all.

use std::path::Path;

/// How an input holds its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Format {
    /// One article per file, raw text as scraped (`.txt`, `.md`).
    Text,
    /// One saved web page per file (`.html`, `.htm`, `.xhtml`).
    Html,
    /// A web crawl: every HTML `response` record is an article (`.warc`).
    Warc,
    /// An RSS 2.0, RSS 1.0 or Atom feed: one article per item or entry.
    Feed,
    /// A JSON array of article objects, or one article object (`.json`).
    Json,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// Delimited values with a header row, the delimiter sniffed (`.csv`, `.tsv`).
    Delimited,
}

impl Format {
    /// A short lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Feed => "feed",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Delimited => "csv",
        }
    }

    /// The format a name such as `html`, `warc` or `csv` stands for, in any case.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "md" => Format::Text,
            "html" | "htm" => Format::Html,
            "warc" => Format::Warc,
            "feed" | "rss" | "atom" => Format::Feed,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "csv" | "tsv" | "delimited" => Format::Delimited,
            _ => return None,
        })
    }

    /// The format a file name implies, looking through a `.gz` ending; `None` when the
    /// name says nothing newsdex reads. `.xml`, `.json` and `.gz` alone are a guess that
    /// [`Reader`](crate::Reader) checks against the content.
    ///
    /// ```
    /// use newsdex_formats::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::for_path(Path::new("crawl.warc.gz")), Some(Format::Warc));
    /// assert_eq!(Format::for_path(Path::new("page.HTM")), Some(Format::Html));
    /// assert_eq!(Format::for_path(Path::new("report.pdf")), None);
    /// ```
    pub fn for_path(path: &Path) -> Option<Format> {
        // Lossily: a name with bytes that are not UTF-8 still has an extension.
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "txt" | "md" | "text" | "markdown" => Format::Text,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "warc" => Format::Warc,
            "rss" | "atom" | "xml" | "rdf" => Format::Feed,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "csv" | "tsv" | "tab" | "psv" => Format::Delimited,
            _ => return None,
        })
    }

    /// What the first bytes of a (decompressed) input look like, when they settle it.
    pub fn sniff(head: &[u8]) -> Option<Format> {
        let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        let head = &head[start..];
        if head.starts_with(b"WARC/") {
            return Some(Format::Warc);
        }
        let lower = head[..head.len().min(4096)].to_ascii_lowercase();
        let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
        match head[0] {
            b'<' => {
                if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
                    Some(Format::Feed)
                } else if has(b"<html") || has(b"<!doctype html") || has(b"<head") || has(b"<body")
                {
                    Some(Format::Html)
                } else {
                    None
                }
            }
            b'[' => Some(Format::Json),
            b'{' => Some(if looks_like_json_lines(head) {
                Format::JsonLines
            } else {
                Format::Json
            }),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An object that closes on its first line, followed by another object.
fn looks_like_json_lines(head: &[u8]) -> bool {
    let mut lines = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let second_starts_object = lines
        .next()
        .is_some_and(|l| l.trim_ascii().starts_with(b"{"));
    serde_json::from_slice::<serde_json::Value>(first).is_ok() && second_starts_object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Some(Format::Warc));
        assert_eq!(
            Format::sniff(b"<?xml version='1.0'?>\n<rss version='2.0'>"),
            Some(Format::Feed)
        );
        assert_eq!(
            Format::sniff(b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"),
            Some(Format::Feed)
        );
        assert_eq!(Format::sniff(b"<?xml version='1.0'?><catalog/>"), None);
        assert_eq!(
            Format::sniff(b"\n<!DOCTYPE html><html>"),
            Some(Format::Html)
        );
        assert_eq!(Format::sniff(b" [{\"title\": 1}]"), Some(Format::Json));
        assert_eq!(
            Format::sniff(b"{\"a\":1}\n{\"a\":2}\n"),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::sniff(b"{\n  \"a\": 1\n}"), Some(Format::Json));
        assert_eq!(Format::sniff(b"title,body\n"), None);
    }
}
