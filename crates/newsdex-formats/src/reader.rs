//! The front door: a [`Reader`] opens an input, finds its format, gunzips it, and streams
//! its records to a [`Sink`], counting the bytes it consumes so a progress bar can move
//! inside large files. Problems with one record become [`Issue`]s; only an input that
//! cannot be opened at all is an error.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::ops::ControlFlow;
use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::fields::{Field, FieldMap};
use crate::format::Format;
use crate::html::{self, PageContext};
use crate::record::{Issue, Position, Record, Sink, Summary};
use crate::{decode, feed, tabular, warc};

/// The default cap on one article's bytes: far above any real article page, low enough
/// that a runaway record cannot take the machine's memory.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 8_000_000;

/// How many bytes are read ahead to sniff a format.
const SNIFF_BYTES: u64 = 8192;

/// Reads archives of articles in every format newsdex knows. Build one with
/// [`ReaderBuilder`]; it is cheap to clone and holds no state between inputs.
#[derive(Debug, Clone)]
pub struct Reader {
    max_article_bytes: usize,
    fields: FieldMap,
    format: Option<Format>,
}

/// Builds a [`Reader`].
#[derive(Debug, Clone)]
pub struct ReaderBuilder {
    reader: Reader,
}

impl Default for ReaderBuilder {
    fn default() -> Self {
        ReaderBuilder {
            reader: Reader {
                max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
                fields: FieldMap::default(),
                format: None,
            },
        }
    }
}

impl ReaderBuilder {
    /// A builder with the defaults: formats detected, 8 MB per article, common field names.
    pub fn new() -> Self {
        Self::default()
    }

    /// The most bytes one article may take (a page, a WARC payload, a JSON record);
    /// larger ones are cut to this size with a warning.
    pub fn max_article_bytes(&mut self, bytes: usize) -> &mut Self {
        self.reader.max_article_bytes = bytes.max(1);
        self
    }

    /// Reads every input as `format` instead of detecting it (for example HTML on
    /// standard input, which has no file name to go by).
    pub fn format(&mut self, format: Format) -> &mut Self {
        self.reader.format = Some(format);
        self
    }

    /// Reads `field` from the input field `name` in JSON and CSV records.
    pub fn field(&mut self, field: Field, name: &str) -> &mut Self {
        self.reader.fields.add(field, name);
        self
    }

    /// Adds a mapping written `field=name`, as in `title=hed`.
    pub fn field_spec(&mut self, spec: &str) -> Result<&mut Self> {
        self.reader.fields.add_spec(spec)?;
        Ok(self)
    }

    /// The reader.
    pub fn build(&self) -> Reader {
        self.reader.clone()
    }
}

impl Default for Reader {
    fn default() -> Self {
        ReaderBuilder::new().build()
    }
}

impl Reader {
    /// Reads the file at `path`, handing its records to `sink` in file order.
    ///
    /// Errors only when the file cannot be opened or its format is not one this crate
    /// reads; everything that goes wrong inside it is reported to the sink and the rest
    /// is read.
    pub fn read_path(&self, path: &Path, sink: &mut dyn Sink) -> Result<Summary> {
        let file = File::open(path).map_err(|source| Error::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Error::Unreadable {
                path: path.to_path_buf(),
                source: std::io::Error::from(std::io::ErrorKind::IsADirectory),
            });
        }
        let guess = self.format.or_else(|| Format::for_path(path));
        self.read_stream(path, file, guess, sink)
    }

    /// Reads records from any byte stream (standard input, a socket); `path` names it in
    /// messages, and `format` is a hint (`None`: sniff the content).
    pub fn read_stream(
        &self,
        path: &Path,
        input: impl Read + 'static,
        format: Option<Format>,
        sink: &mut dyn Sink,
    ) -> Result<Summary> {
        let consumed = Rc::new(Cell::new(0u64));
        let counted = Counted {
            inner: input,
            consumed: Rc::clone(&consumed),
        };
        let mut raw = BufReader::with_capacity(64 << 10, counted);
        let gzipped = raw
            .fill_buf()
            .map_err(|source| Error::Unreadable {
                path: path.to_path_buf(),
                source,
            })?
            .starts_with(&[0x1f, 0x8b]);
        let mut input: Box<dyn Read> = if gzipped {
            Box::new(flate2::bufread::MultiGzDecoder::new(raw))
        } else {
            Box::new(raw)
        };
        let mut head = Vec::new();
        if let Err(e) = (&mut input).take(SNIFF_BYTES).read_to_end(&mut head) {
            if head.is_empty() {
                return Err(Error::Unreadable {
                    path: path.to_path_buf(),
                    source: e,
                });
            }
        }
        let sniffed = Format::sniff(&head);
        let format = match (self.format, format, sniffed) {
            (Some(forced), _, _) => forced,
            // What the content shows wins over a name that allows several readings.
            (
                None,
                Some(Format::Json | Format::JsonLines),
                Some(s @ (Format::Json | Format::JsonLines)),
            ) => s,
            (None, Some(Format::Feed), Some(Format::Feed)) => Format::Feed,
            (None, Some(Format::Feed), _) => {
                return Err(Error::Unsupported {
                    path: path.to_path_buf(),
                    reason: "XML that is not an RSS or Atom feed; skipped".to_owned(),
                })
            }
            (None, Some(named), _) => named,
            (None, None, Some(s)) => s,
            (None, None, None) => {
                if tabular::sniff_delimiter(&head).is_some() {
                    Format::Delimited
                } else {
                    return Err(Error::Unsupported {
                        path: path.to_path_buf(),
                        reason: "not a format newsdex reads (HTML, WARC, RSS/Atom, JSON, JSON Lines, CSV/TSV, text)".to_owned(),
                    });
                }
            }
        };
        let input = BufReader::with_capacity(64 << 10, Cursor::new(head).chain(input));
        let mut cx = Context {
            path,
            reader: self,
            sink,
            consumed,
            summary: Summary::default(),
            last_keys: None,
        };
        match format {
            Format::Text => read_whole(&mut cx, input, false),
            Format::Html => read_whole(&mut cx, input, true),
            Format::Warc => warc::read(&mut cx, input),
            Format::Feed => feed::read(&mut cx, input),
            Format::Json => tabular::read_json(&mut cx, input),
            Format::JsonLines => tabular::read_json_lines(&mut cx, input),
            Format::Delimited => tabular::read_delimited(&mut cx, input),
        }
        let bytes = cx.consumed.get();
        cx.sink.progress(bytes);
        Ok(cx.summary)
    }

    /// Reads one web page held in memory: `url` is where it came from, when known.
    ///
    /// ```
    /// let page = br#"<html><head><title>Rain due | Daily</title>
    ///   <meta property="article:published_time" content="2025-06-02T08:00:00Z"></head>
    ///   <body><nav><a href="/">Home</a></nav><article><h1>Rain due</h1>
    ///   <p>Forecasters said heavy rain would reach the coast by the evening, with more on the way.</p>
    ///   <p>Residents were told to stay indoors until the storm had passed over the hills.</p>
    ///   </article></body></html>"#;
    /// let record = newsdex_formats::Reader::default().read_html(page, None);
    /// assert_eq!(record.title.as_deref(), Some("Rain due"));
    /// assert_eq!(record.published.map(|d| d.to_string()).as_deref(), Some("2025-06-02"));
    /// assert!(record.body.contains("heavy rain"));
    /// ```
    pub fn read_html(&self, bytes: &[u8], url: Option<&str>) -> Record {
        let bytes = &bytes[..bytes.len().min(self.max_article_bytes)];
        html::read_page(bytes, PageContext { charset: None, url }).record
    }

    pub(crate) fn max_article_bytes(&self) -> usize {
        self.max_article_bytes
    }

    pub(crate) fn fields(&self) -> &FieldMap {
        &self.fields
    }
}

/// What every format reader works with: where to send records and problems.
pub(crate) struct Context<'a> {
    pub path: &'a Path,
    pub reader: &'a Reader,
    sink: &'a mut dyn Sink,
    consumed: Rc<Cell<u64>>,
    pub summary: Summary,
    /// The last JSON object's keys and their fields: records of one export share their
    /// keys, so they are matched to fields once.
    pub last_keys: Option<(Vec<String>, crate::fields::Resolved)>,
}

impl Context<'_> {
    /// Hands a record on; `false` when the sink asked to stop.
    pub fn emit(&mut self, record: Record) -> bool {
        self.summary.records += 1;
        let flow = self.sink.record(record);
        self.sink.progress(self.consumed.get());
        if flow == ControlFlow::Break(()) {
            self.summary.stopped = true;
            return false;
        }
        true
    }

    /// Reports a problem; `skipped` says whether the record was left out.
    pub fn issue(&mut self, position: Option<Position>, message: impl Into<String>, skipped: bool) {
        self.sink.issue(Issue {
            path: self.path.to_path_buf(),
            position,
            message: message.into(),
            skipped,
        });
    }

    /// Reports that the input stopped being readable part way: the records before stay.
    pub fn broken(&mut self, position: Option<Position>, e: &std::io::Error) {
        let what = if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "the file ends in the middle (truncated?)".to_owned()
        } else {
            format!("read error: {}", crate::error::io_message(e))
        };
        self.summary.skip("unreadable rest of file");
        self.issue(
            position,
            format!("{what}; the rest of the file is skipped"),
            true,
        );
    }

    /// Cuts `body` to the size cap (at a character boundary) and reports it, when it is
    /// over; `size` names it in the message ("this item's text").
    pub fn cap_body(&mut self, body: &mut String, position: Option<Position>, size: &str) {
        let max = self.reader.max_article_bytes();
        if body.len() > max {
            let mut end = max;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            body.truncate(end);
            self.capped(position, size);
        }
    }

    /// Reports a record cut to the size cap.
    pub fn capped(&mut self, position: Option<Position>, size: &str) {
        let cap = self.reader.max_article_bytes();
        self.issue(
            position,
            format!(
                "{size} is over the {} cap per article; only the first {} read",
                human(cap),
                human(cap)
            ),
            false,
        );
    }
}

pub(crate) fn human(bytes: usize) -> String {
    // Decimal units, as the engine's `--max-article-mb` counts them.
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} KB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

/// A one-article file: a page or raw text, read up to the size cap.
fn read_whole(cx: &mut Context<'_>, input: impl Read, is_html: bool) {
    let cap = cx.reader.max_article_bytes();
    let mut bytes = Vec::new();
    let position = Position {
        record: 1,
        line: None,
        byte: Some(0),
    };
    let mut limited = input.take(cap as u64 + 1);
    if let Err(e) = limited.read_to_end(&mut bytes) {
        if bytes.is_empty() {
            cx.broken(None, &e);
            return;
        }
        cx.broken(Some(position), &e);
    }
    if bytes.len() > cap {
        bytes.truncate(cap);
        cx.capped(Some(position), "the file");
    }
    let record = if is_html {
        let page = html::read_page(&bytes, PageContext::default());
        for w in page.warnings {
            cx.issue(Some(position), w, false);
        }
        page.record
    } else {
        if bytes[..bytes.len().min(8192)].contains(&0) && decode_utf16_bom(&bytes).is_none() {
            cx.summary.skip("binary files");
            cx.issue(None, "binary file (contains NUL bytes); skipped", true);
            return;
        }
        let decoded = decode::decode_text(&bytes);
        if decoded.had_errors {
            cx.issue(
                Some(position),
                "invalid text; bad bytes replaced with U+FFFD",
                false,
            );
        }
        Record {
            body: decoded.text.into_owned(),
            raw_text: true,
            ..Record::default()
        }
    };
    if record.body.trim().is_empty() && record.title.is_none() {
        cx.summary.skip("inputs without text");
        if !is_html {
            cx.issue(None, "empty file; skipped", true);
        } else {
            cx.issue(
                None,
                "no article text or title found in the page; skipped",
                true,
            );
        }
        return;
    }
    if is_html && record.body.trim().is_empty() {
        cx.issue(
            Some(position),
            "no article text found in the page; read with its title only",
            false,
        );
    }
    let record = Record { position, ..record };
    cx.emit(record);
}

fn decode_utf16_bom(bytes: &[u8]) -> Option<()> {
    (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])).then_some(())
}

/// Counts the bytes read from the file itself (before decompression), for progress.
struct Counted<R> {
    inner: R,
    consumed: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.set(self.consumed.get() + n as u64);
        Ok(n)
    }
}

/// Reads up to `cap` bytes of a record into `buf`, discarding the rest of `len`;
/// returns whether it was cut.
pub(crate) fn read_capped(
    input: &mut impl Read,
    len: u64,
    cap: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<bool> {
    buf.clear();
    let keep = len.min(cap as u64);
    let got = input.take(keep).read_to_end(buf)? as u64;
    if got < keep {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let rest = len - keep;
    if rest > 0 {
        let skipped = std::io::copy(&mut input.take(rest), &mut std::io::sink())?;
        if skipped < rest {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
    }
    Ok(rest > 0)
}

/// A `BufRead` for the format readers.
pub(crate) type Input = BufReader<std::io::Chain<Cursor<Vec<u8>>, Box<dyn Read>>>;
