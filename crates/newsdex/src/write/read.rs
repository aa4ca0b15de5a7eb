//! Reading articles as people have them: folders of `.txt`/`.md` pages (one article per
//! file) and JSON Lines exports (one article per line). A bad file or line is reported
//! with its place and skipped; the rest is read.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use newsdex_extract::Date;
use serde::Deserialize;

use crate::article::Article;
use crate::error::UserError;

/// How a file holds its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// One article per file, raw text (`.txt`, `.md`).
    Text,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
}

impl InputFormat {
    /// The format a file name implies, if it is one newsdex reads.
    pub fn of(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "text" | "markdown" => Some(InputFormat::Text),
            "jsonl" | "ndjson" => Some(InputFormat::JsonLines),
            _ => None,
        }
    }
}

/// One input file found under the paths given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InputFile {
    /// The file.
    pub path: PathBuf,
    /// Its id prefix: the path relative to the folder it was found in, without extension
    /// and with `/` separators (the file name when the file was named directly).
    pub id: String,
    /// How it holds articles.
    pub format: InputFormat,
    /// Its size in bytes, for progress.
    pub len: u64,
}

/// Something wrong with one input, reported while the rest goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct InputIssue {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, for JSON Lines.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
    /// True when the article or file was skipped; false for a warning (read anyway).
    pub skipped: bool,
}

impl std::fmt::Display for InputIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Finds the input files under `paths`: files are taken as named, folders are walked
/// recursively (hidden entries skipped, files of other types ignored), in a stable order.
/// `-` stands for JSON Lines on standard input.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<InputIssue>) {
    let mut files = Vec::new();
    let mut issues = Vec::new();
    let issue = |path: &Path, message: String| InputIssue {
        path: path.to_path_buf(),
        line: None,
        message,
        skipped: true,
    };
    for root in paths {
        if root.as_os_str() == "-" {
            let id = "stdin".to_owned();
            files.push(InputFile {
                path: root.clone(),
                id,
                format: InputFormat::JsonLines,
                len: 0,
            });
            continue;
        }
        let meta = match fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                issues.push(issue(root, io_message(&e)));
                continue;
            }
        };
        if meta.is_file() {
            match InputFormat::of(root) {
                Some(format) => files.push(InputFile {
                    path: root.clone(),
                    id: file_id(root.file_name().map(Path::new).unwrap_or(root)),
                    format,
                    len: meta.len(),
                }),
                None => issues.push(issue(
                    root,
                    "not a .txt, .md, .jsonl or .ndjson file; skipped".to_owned(),
                )),
            }
            continue;
        }
        if !meta.is_dir() {
            issues.push(issue(
                root,
                "not a file or a folder (a device, pipe or socket); skipped".to_owned(),
            ));
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    let message = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_owned()
                    } else {
                        e.io_error()
                            .map(io_message)
                            .unwrap_or_else(|| e.to_string())
                    };
                    issues.push(issue(&path, message));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(format) = InputFormat::of(entry.path()) else {
                continue;
            };
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            files.push(InputFile {
                path: entry.path().to_path_buf(),
                id: file_id(rel),
                format,
                len,
            });
        }
    }
    (files, issues)
}

/// `a/b/c.txt` -> `a/b/c`, with `/` on every platform. A name that is not valid UTF-8
/// is shown with U+FFFD for its bad bytes and a hash of its bytes after a `~`, so that
/// two names differing only in bad bytes keep distinct ids.
fn file_id(rel: &Path) -> String {
    let stem = rel.with_extension("");
    stem.components()
        .map(|c| {
            let name = c.as_os_str();
            match name.to_str() {
                Some(name) => name.to_owned(),
                None => {
                    let bytes = name.as_encoded_bytes();
                    let hash = xxhash_rust::xxh3::xxh3_64(bytes) as u32;
                    format!("{}~{hash:08x}", name.to_string_lossy())
                }
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The path with `.`, `..` and links resolved, so that two spellings of one file are
/// the same origin; the path as given when it cannot be resolved.
pub(crate) fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Reads the articles of one file, handing each to `sink` in file order. Problems with
/// single records go to `issues`; an error is returned only when the file as a whole
/// cannot be read. Articles over
/// [`DEFAULT_MAX_ARTICLE_BYTES`](crate::write::DEFAULT_MAX_ARTICLE_BYTES) are skipped.
pub fn read_file(
    file: &InputFile,
    issues: &mut Vec<InputIssue>,
    sink: impl FnMut(Article),
) -> Result<(), UserError> {
    read_file_capped(
        file,
        super::indexer::DEFAULT_MAX_ARTICLE_BYTES,
        issues,
        sink,
    )
}

/// [`read_file`], skipping articles over `max_bytes`: a file that large is not read at
/// all, and a line that long is read past without being kept.
fn read_file_capped(
    file: &InputFile,
    max_bytes: usize,
    issues: &mut Vec<InputIssue>,
    mut sink: impl FnMut(Article),
) -> Result<(), UserError> {
    let unreadable = |source| UserError::Unreadable {
        path: file.path.clone(),
        source,
    };
    let too_large = |len: usize, line| InputIssue {
        path: file.path.clone(),
        line,
        message: super::indexer::too_large(len, max_bytes),
        skipped: true,
    };
    match file.format {
        InputFormat::Text => {
            let mut handle = fs::File::open(&file.path).map_err(unreadable)?;
            let len = handle.metadata().map_err(unreadable)?.len();
            if len > max_bytes as u64 {
                issues.push(too_large(usize::try_from(len).unwrap_or(usize::MAX), None));
                return Ok(());
            }
            // The head first: a binary file is refused before it is read whole.
            let mut bytes = Vec::with_capacity(len as usize);
            (&mut handle)
                .take(BINARY_CHECK as u64)
                .read_to_end(&mut bytes)
                .map_err(unreadable)?;
            if looks_binary(&bytes) {
                issues.push(binary(&file.path, None));
                return Ok(());
            }
            (&mut handle)
                .take(max_bytes as u64 + 1 - bytes.len() as u64)
                .read_to_end(&mut bytes)
                .map_err(unreadable)?;
            if bytes.len() > max_bytes {
                issues.push(too_large(bytes.len(), None));
                return Ok(());
            }
            let Some(text) = decode(&bytes, &file.path, None, issues) else {
                return Ok(());
            };
            let origin = canonical(&file.path).display().to_string();
            let mut article = Article::from_text(file.id.clone(), text).with_source(&origin);
            article.origin = Some(origin);
            sink(article);
        }
        InputFormat::JsonLines => {
            let mut reader: Box<dyn BufRead> = if file.path.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(BufReader::new(
                    fs::File::open(&file.path).map_err(unreadable)?,
                ))
            };
            let origin = canonical(&file.path);
            let mut bytes = Vec::new();
            let mut line_no = 0;
            loop {
                line_no += 1;
                let Some(len) =
                    read_line(&mut reader, &mut bytes, max_bytes).map_err(unreadable)?
                else {
                    break;
                };
                if len > bytes.len() {
                    issues.push(too_large(len, Some(line_no)));
                    continue;
                }
                let Some(line) = decode(&bytes, &file.path, Some(line_no), issues) else {
                    continue;
                };
                if line.trim().is_empty() {
                    continue;
                }
                match parse_record(&line, file, &origin, line_no, issues) {
                    Ok(article) => sink(article),
                    Err(message) => issues.push(InputIssue {
                        path: file.path.clone(),
                        line: Some(line_no),
                        message,
                        skipped: true,
                    }),
                }
            }
        }
    }
    Ok(())
}

/// One line of `reader` into `line` (without its `\n`), keeping at most `max` bytes of
/// it: returns the line's whole length, more than `line.len()` when it was cut, or
/// `None` at the end of the input.
fn read_line(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<usize>> {
    line.clear();
    let mut len = 0;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(len));
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        let room = max.saturating_sub(line.len()).min(chunk.len());
        line.extend_from_slice(&chunk[..room]);
        len += chunk.len();
        let found_end = done > chunk.len();
        reader.consume(done);
        if found_end {
            return Ok(Some(len));
        }
    }
}

/// Bytes looked at for NUL bytes before a file is read whole.
const BINARY_CHECK: usize = 8192;

/// NUL bytes in the head of what should be text (not UTF-16, which has a BOM).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(BINARY_CHECK)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && head.contains(&0)
}

fn binary(path: &Path, line: Option<usize>) -> InputIssue {
    InputIssue {
        path: path.to_path_buf(),
        line,
        message: "binary file (contains NUL bytes); skipped".to_owned(),
        skipped: true,
    }
}

/// [`read_file`] with articles capped at `max_bytes`, and a file that cannot be read
/// reported among the issues like any other problem with an input.
pub(crate) fn read_file_reporting(
    file: &InputFile,
    max_bytes: usize,
    issues: &mut Vec<InputIssue>,
    sink: impl FnMut(Article),
) {
    if let Err(e) = read_file_capped(file, max_bytes, issues, sink) {
        issues.push(InputIssue {
            path: file.path.clone(),
            line: None,
            message: e.to_string(),
            skipped: true,
        });
    }
}

/// Bytes to text: UTF-8 (a BOM dropped), UTF-16 with a BOM, or else lossy UTF-8 with a
/// warning. Binary data (NUL bytes in UTF-8 text) is refused.
fn decode(
    bytes: &[u8],
    path: &Path,
    line: Option<usize>,
    issues: &mut Vec<InputIssue>,
) -> Option<String> {
    let mut issue = |message: &str, skipped| {
        issues.push(InputIssue {
            path: path.to_path_buf(),
            line,
            message: message.to_owned(),
            skipped,
        })
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest, path, line, issues);
    }
    for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units = rest.chunks_exact(2).map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            return Some(
                char::decode_utf16(units)
                    .map(|r| r.unwrap_or('\u{FFFD}'))
                    .collect(),
            );
        }
    }
    if looks_binary(bytes) {
        issues.push(binary(path, line));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        Err(_) => {
            issue("invalid UTF-8; bad bytes replaced with U+FFFD", false);
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

/// The fields of a JSON Lines record that newsdex reads; every other field is ignored.
#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    title: Option<String>,
    body: Option<String>,
    text: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

fn parse_record(
    line: &str,
    file: &InputFile,
    origin: &Path,
    line_no: usize,
    issues: &mut Vec<InputIssue>,
) -> Result<Article, String> {
    let record: Record =
        serde_json::from_str(line).map_err(|e| format!("not a valid JSON record: {e}"))?;
    let id =
        match record.id {
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => return Err(
                "`id` is empty; give the record an id, or leave `id` out to number records by line"
                    .to_owned(),
            ),
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None | Some(serde_json::Value::Null) => format!("{}#{line_no}", file.id),
            Some(other) => return Err(format!("`id` must be a string or a number, not {other}")),
        };
    let title = record.title.filter(|t| !t.trim().is_empty());
    let text = match (record.body, record.text) {
        (Some(body), _) => body,
        (None, Some(text)) => text,
        (None, None) if title.is_some() => String::new(),
        (None, None) => return Err("record has no `body`, `text` or `title`".to_owned()),
    };
    let whole_body = title.is_none();
    let mut article = Article {
        id,
        source: record.url,
        title,
        text,
        published: None,
        // A record's text is its body: a first line taken as the title stays in it.
        whole_body,
        origin: Some(origin.display().to_string()),
    };
    if article.source.is_none() {
        article.source = Some(format!("{}:{line_no}", origin.display()));
    }
    if let Some(published) = record.published.filter(|p| !p.trim().is_empty()) {
        match parse_published(&published) {
            Some(date) => article.published = Some(date),
            None => issues.push(InputIssue {
                path: file.path.clone(),
                line: Some(line_no),
                message: format!("`published` {published:?} is not a date; indexed without one"),
                skipped: false,
            }),
        }
    }
    Ok(article)
}

/// Accepts RFC 3339 timestamps and plain `YYYY-MM-DD` dates, keeping the calendar day.
pub(crate) fn parse_published(s: &str) -> Option<Date> {
    use time::format_description::well_known::{Iso8601, Rfc3339};
    let s = s.trim();
    if let Ok(dt) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return Some(dt.date());
    }
    let day = s.get(..10)?;
    let date = Date::parse(day, &Iso8601::DATE).ok()?;
    (1..=9999).contains(&date.year()).then_some(date)
}
