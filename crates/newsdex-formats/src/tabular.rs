//! Exports of other tools: JSON arrays (streamed element by element, never parsed whole),
//! JSON Lines, and CSV/TSV with a header row and a sniffed delimiter. Fields are mapped
//! by [`FieldMap`](crate::FieldMap); a bad record or ragged row is reported and the rest read.

use std::io::{BufRead, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;
use serde_json::{Map, Value};

use crate::fields::{build_record, Field};
use crate::reader::{Context, Input};
use crate::record::Position;

/// A reader that turns a UTF-16 file (by its BOM) into UTF-8 and drops a UTF-8 BOM.
/// A file whose first bytes are not UTF-8 (an export from a windows-1252 spreadsheet)
/// is transcoded from the encoding the detector guesses; otherwise bytes pass through
/// for per-record checks.
fn utf8(mut input: Input) -> std::io::BufReader<impl Read> {
    let legacy = input
        .fill_buf()
        .ok()
        .and_then(crate::decode::legacy_encoding);
    let mut builder = DecodeReaderBytesBuilder::new();
    builder.bom_sniffing(true).strip_bom(true);
    match legacy {
        Some(encoding) => builder.encoding(Some(encoding)),
        None => builder.utf8_passthru(true),
    };
    std::io::BufReader::with_capacity(64 << 10, builder.build(input))
}

/// A JSON value as record text: strings as they are, numbers written out, lists joined,
/// objects by their `name`.
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(value_text).collect();
            Some(parts.join(", ")).filter(|s| !s.is_empty())
        }
        Value::Object(map) => map
            .get("name")
            .or_else(|| map.get("#text"))
            .or_else(|| map.get("value"))
            .and_then(value_text),
        Value::Null => None,
    }
}

/// One JSON object to a record, or reports why not.
fn object_record(cx: &mut Context<'_>, object: &Map<String, Value>, position: Position) -> bool {
    let resolved = match &cx.last_keys {
        Some((keys, resolved))
            if keys
                .iter()
                .map(String::as_str)
                .eq(object.keys().map(String::as_str)) =>
        {
            *resolved
        }
        _ => {
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            let resolved = cx.reader.fields().resolve(&keys);
            cx.last_keys = Some((object.keys().cloned().collect(), resolved));
            resolved
        }
    };
    let values: Vec<&Value> = object.values().collect();
    let built =
        build_record(|field: Field| values.get(resolved.get(field)?).and_then(|v| value_text(v)));
    emit_built(cx, built, position)
}

fn emit_built(
    cx: &mut Context<'_>,
    built: Result<(crate::Record, Vec<String>), crate::fields::NoRecord>,
    position: Position,
) -> bool {
    match built {
        Ok((mut record, warnings)) => {
            for w in warnings {
                cx.issue(Some(position), w, false);
            }
            cx.cap_body(&mut record.body, Some(position), "this record's text");
            record.position = position;
            cx.emit(record)
        }
        Err((why, skipped)) => {
            cx.summary.skip("records without text");
            if skipped {
                cx.issue(Some(position), format!("{why}; skipped"), true);
            } else {
                cx.issue(Some(position), why, false);
            }
            true
        }
    }
}

fn parse_object(cx: &mut Context<'_>, bytes: &[u8], position: Position) -> bool {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            cx.issue(
                Some(position),
                "invalid UTF-8; bad bytes replaced with U+FFFD",
                false,
            );
            String::from_utf8_lossy(bytes)
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(object)) => object_record(cx, &object, position),
        Ok(other) => {
            cx.summary.skip("records that are not JSON objects");
            let kind = match other {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                _ => "not an object",
            };
            cx.issue(
                Some(position),
                format!("record is {kind}, not a JSON object; skipped"),
                true,
            );
            true
        }
        Err(e) => {
            cx.summary.skip("records that are not valid JSON");
            cx.issue(
                Some(position),
                format!("not valid JSON: {e}; skipped"),
                true,
            );
            true
        }
    }
}

pub(crate) fn read_json_lines(cx: &mut Context<'_>, input: Input) {
    let cap = cx.reader.max_article_bytes() as u64 * 2;
    let mut input = utf8(input);
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut line_no = 0u64;
    let mut offset = 0u64;
    loop {
        line.clear();
        let n = match (&mut input).take(cap + 1).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                cx.broken(
                    Some(Position {
                        record: number + 1,
                        line: Some(line_no + 1),
                        byte: Some(offset),
                    }),
                    &e,
                );
                return;
            }
        };
        line_no += 1;
        let position = Position {
            record: number + 1,
            line: Some(line_no),
            byte: Some(offset),
        };
        offset += n as u64;
        if n as u64 > cap && !line.ends_with(b"\n") {
            // Skip the rest of the line without holding it.
            let mut rest = 0u64;
            loop {
                let buf = match input.fill_buf() {
                    Ok(b) => b,
                    Err(e) => {
                        cx.broken(Some(position), &e);
                        return;
                    }
                };
                if buf.is_empty() {
                    break;
                }
                let (used, done) = match buf.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (buf.len(), false),
                };
                input.consume(used);
                rest += used as u64;
                if done {
                    break;
                }
            }
            offset += rest;
            number += 1;
            cx.summary.skip("records over the size cap");
            cx.issue(
                Some(position),
                format!(
                    "line is over {} (twice the per-article cap); skipped",
                    crate::reader::human(cap as usize)
                ),
                true,
            );
            continue;
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        number += 1;
        if !parse_object(cx, line.trim_ascii(), position) {
            return;
        }
    }
}

/// A JSON array of objects, each element parsed on its own as the scanner finds its end,
/// so the array is never held whole. A file of one object, or of objects one after the
/// other, is read the same way.
pub(crate) fn read_json(cx: &mut Context<'_>, input: Input) {
    let cap = cx.reader.max_article_bytes() * 2;
    let mut input = utf8(input);
    let mut scan = Elements::new(cap);
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) => {
                cx.broken(
                    Some(Position {
                        record: scan.number + 1,
                        line: Some(scan.line),
                        byte: Some(scan.offset),
                    }),
                    &e,
                );
                return;
            }
        };
        if buf.is_empty() {
            break;
        }
        let len = buf.len();
        let finished: Vec<_> = buf.iter().filter_map(|&b| scan.byte(b)).collect();
        input.consume(len);
        for (bytes, position, over) in finished {
            if over {
                cx.summary.skip("records over the size cap");
                cx.issue(
                    Some(position),
                    format!(
                        "record is over {} (twice the per-article cap); skipped",
                        crate::reader::human(cap)
                    ),
                    true,
                );
                continue;
            }
            if !parse_object(cx, &bytes, position) {
                return;
            }
        }
    }
    if scan.active && !scan.element.trim_ascii().is_empty() {
        cx.summary.skip("truncated records");
        cx.issue(
            Some(scan.position),
            "the file ends inside this record (truncated); skipped",
            true,
        );
    } else if scan.in_array {
        cx.issue(
            None,
            "the JSON array is not closed (truncated?); the records before the end were read",
            false,
        );
    }
}

/// The scanner that finds where each top-level JSON value ends, byte by byte: it tracks
/// only nesting, strings and escapes, and leaves parsing to serde_json.
struct Elements {
    /// The bytes of the value being scanned, up to `cap`.
    element: Vec<u8>,
    cap: usize,
    /// Whether the value being scanned went over the cap (its bytes are not all kept).
    over: bool,
    /// Inside a top-level array (`[` seen, `]` not yet).
    in_array: bool,
    /// The first value-starting byte has been seen.
    started: bool,
    /// Inside a value.
    active: bool,
    depth: usize,
    in_str: bool,
    esc: bool,
    /// Values started, bytes read, the current line (from 1).
    number: u64,
    offset: u64,
    line: u64,
    /// Where the value being scanned started.
    position: Position,
}

impl Elements {
    fn new(cap: usize) -> Self {
        Elements {
            element: Vec::new(),
            cap,
            over: false,
            in_array: false,
            started: false,
            active: false,
            depth: 0,
            in_str: false,
            esc: false,
            number: 0,
            offset: 0,
            line: 1,
            position: Position::default(),
        }
    }

    /// Takes one byte; returns a value it completes: its bytes, where it started, and
    /// whether it was over the cap.
    fn byte(&mut self, b: u8) -> Option<(Vec<u8>, Position, bool)> {
        self.offset += 1;
        if b == b'\n' {
            self.line += 1;
        }
        if !self.active {
            if b.is_ascii_whitespace() || (b == b',' && self.in_array) {
                return None;
            }
            if !self.started {
                self.started = true;
                if b == b'[' {
                    self.in_array = true;
                    return None;
                }
            }
            if self.in_array && b == b']' {
                self.in_array = false;
                return None;
            }
            self.active = true;
            self.over = false;
            self.element.clear();
            self.number += 1;
            self.position = Position {
                record: self.number,
                line: Some(self.line),
                byte: Some(self.offset - 1),
            };
        }
        if self.element.len() < self.cap {
            self.element.push(b);
        } else {
            self.over = true;
        }
        if self.in_str {
            if self.esc {
                self.esc = false;
            } else if b == b'\\' {
                self.esc = true;
            } else if b == b'"' {
                self.in_str = false;
                if self.depth == 0 {
                    return Some(self.finish());
                }
            }
            return None;
        }
        match b {
            b'"' => self.in_str = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    return Some(self.finish());
                }
            }
            b',' if self.depth == 0 => {
                self.element.pop();
                return Some(self.finish());
            }
            _ => {}
        }
        None
    }

    fn finish(&mut self) -> (Vec<u8>, Position, bool) {
        self.active = false;
        (std::mem::take(&mut self.element), self.position, self.over)
    }
}

/// The delimiter of a header line: the most frequent of comma, tab, semicolon and pipe
/// outside quotes.
pub(crate) fn sniff_delimiter(head: &[u8]) -> Option<u8> {
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let first = head.split(|&b| b == b'\n').next()?;
    let mut counts = [0usize; 4];
    let candidates = [b',', b'\t', b';', b'|'];
    let mut quoted = false;
    for &b in first {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let (best, &n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, usize::MAX - i))?;
    (n > 0).then_some(candidates[best])
}

pub(crate) fn read_delimited(cx: &mut Context<'_>, mut input: Input) {
    let head = match input.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            cx.broken(None, &e);
            return;
        }
    };
    let Some(delimiter) = sniff_delimiter(&head) else {
        cx.summary.skip("files without a known delimiter");
        cx.issue(None, "could not find the delimiter (comma, tab, semicolon or pipe) in the header line; file skipped", true);
        return;
    };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(utf8(input));
    let headers: Vec<String> = match csv.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect(),
        Err(e) => {
            cx.summary.skip("unreadable rest of file");
            cx.issue(
                None,
                format!("could not read the header row: {e}; file skipped"),
                true,
            );
            return;
        }
    };
    let keys: Vec<&str> = headers.iter().map(String::as_str).collect();
    let resolved = cx.reader.fields().resolve(&keys);
    if !resolved.has(Field::Body) && !resolved.has(Field::Title) {
        cx.summary.skip("files without a text column");
        cx.issue(
            None,
            format!("no body or title column among {headers:?} (map one with FIELD=NAME, as in body=story_text); file skipped"),
            true,
        );
        return;
    }
    let mut row = csv::ByteRecord::new();
    let mut number = 0u64;
    loop {
        let position = |row: &csv::ByteRecord, number: u64| Position {
            record: number,
            line: row.position().map(|p| p.line()),
            byte: row.position().map(|p| p.byte()),
        };
        match csv.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                number += 1;
                let at = e.position().map(|p| Position {
                    record: number,
                    line: Some(p.line()),
                    byte: Some(p.byte()),
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    if let csv::ErrorKind::Io(io) = e.into_kind() {
                        cx.broken(at, &io);
                    }
                    return;
                }
                cx.summary.skip("unreadable rows");
                cx.issue(at, format!("unreadable row: {e}; skipped"), true);
                continue;
            }
        }
        number += 1;
        let position = position(&row, number);
        if row.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        if row.len() != headers.len() {
            cx.issue(
                Some(position),
                format!(
                    "row has {} fields where the header has {}; read the fields by position",
                    row.len(),
                    headers.len()
                ),
                false,
            );
        }
        let mut bad_utf8 = false;
        let built = build_record(|field| {
            let bytes = row.get(resolved.get(field)?)?;
            Some(match std::str::from_utf8(bytes) {
                Ok(s) => s.to_owned(),
                Err(_) => {
                    bad_utf8 = true;
                    String::from_utf8_lossy(bytes).into_owned()
                }
            })
        });
        if bad_utf8 {
            cx.issue(
                Some(position),
                "invalid UTF-8; bad bytes replaced with U+FFFD",
                false,
            );
        }
        if !emit_built(cx, built, position) {
            return;
        }
    }
}
