//! What the readers hand out: article records, the problems met on the way, and the sink
//! that receives both while a file is streamed.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::PathBuf;

use time::Date;

/// One article as read from an input, before any text extraction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The identity the input gives it: a JSON/CSV `id` or `guid`, a feed item's guid or
    /// link, a WARC record's target URI. `None` for a page or text file, whose identity is
    /// its path, and for records without one (the caller numbers them by [`Record::position`]).
    pub id: Option<String>,
    /// The headline when the input gives one; `None` means "find it in the body".
    pub title: Option<String>,
    /// The text, paragraphs separated by a blank line.
    pub body: String,
    /// The publication day, when found.
    pub published: Option<Date>,
    /// Where [`Record::published`] was found.
    pub published_source: Option<DateSource>,
    /// When the page was saved: a WARC record's capture date (`WARC-Date`). It is not a
    /// publication date, but what relative bylines ("3 hours ago") are counted from.
    pub saved_at: Option<Date>,
    /// The address the article was read from (a WARC target URI, a feed link, a `url` field,
    /// or the page's own `og:url`).
    pub url: Option<String>,
    /// The page's `<link rel=canonical>`, when it names one.
    pub canonical_url: Option<String>,
    /// The publication's name (`og:site_name`, JSON-LD publisher, a feed's title).
    pub site: Option<String>,
    /// The author or byline.
    pub author: Option<String>,
    /// The language the page declares (`<html lang>`, `Content-Language`, a feed's language).
    pub language: Option<String>,
    /// True when [`Record::body`] is a raw text file as it was scraped, furniture and all:
    /// the title, date and boilerplate are for text extraction to find.
    pub raw_text: bool,
    /// Where in its input the record was found, for messages.
    pub position: Position,
}

/// Where a publication day was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DateSource {
    /// A date field of a JSON, JSON Lines or CSV record.
    Field,
    /// A feed item's `pubDate`, `published`, `dc:date` or `updated`.
    Feed,
    /// A JSON-LD `datePublished` (or `dateCreated`).
    JsonLd,
    /// An OpenGraph `article:published_time` or similar property.
    OpenGraph,
    /// A `<meta>` date name news sites use (`pubdate`, `dc.date`, `sailthru.date`, ...).
    Meta,
    /// A `<time>` element or a microdata `datePublished`.
    TimeTag,
    /// The date in the page's URL path.
    Url,
    /// A date written in the page's text near the article.
    Text,
}

impl DateSource {
    /// A short lower-case name, as in messages and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Field => "field",
            DateSource::Feed => "feed",
            DateSource::JsonLd => "json-ld",
            DateSource::OpenGraph => "og",
            DateSource::Meta => "metadata",
            DateSource::TimeTag => "time-tag",
            DateSource::Url => "url",
            DateSource::Text => "text",
        }
    }
}

impl std::fmt::Display for DateSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in an input, for messages: `path:record N (line L)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// 1-based number of the record in its input (1 for a one-article file).
    pub record: u64,
    /// 1-based line where it starts, for line-based formats (JSON Lines, CSV).
    pub line: Option<u64>,
    /// Byte offset where it starts, in the (decompressed) input.
    pub byte: Option<u64>,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record {}", self.record)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        } else if let Some(byte) = self.byte {
            write!(f, " (byte {byte})")?;
        }
        Ok(())
    }
}

/// Something wrong with one record or part of an input, reported while the rest is read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    /// The input.
    pub path: PathBuf,
    /// The record concerned; `None` when the problem is with the input as a whole.
    pub position: Option<Position>,
    /// What happened, in words for the user.
    pub message: String,
    /// True when a record (or the rest of the input) was skipped; false for a warning
    /// about a record that was read anyway.
    pub skipped: bool,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(position) = &self.position {
            write!(f, ": {position}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Receives what a reader finds, in input order.
pub trait Sink {
    /// One record. Return [`ControlFlow::Break`] to stop reading (a closed pipe, Ctrl-C).
    fn record(&mut self, record: Record) -> ControlFlow<()>;
    /// A problem with a record or the input; the reader goes on.
    fn issue(&mut self, issue: Issue) {
        let _ = issue;
    }
    /// Bytes of the file consumed so far (compressed bytes for a compressed file), called
    /// after each record and at the end, so a progress bar can move inside large files.
    fn progress(&mut self, bytes: u64) {
        let _ = bytes;
    }
}

/// A [`Sink`] that keeps everything: for tests and small inputs.
#[derive(Debug, Default, Clone)]
pub struct Collected {
    /// The records, in input order.
    pub records: Vec<Record>,
    /// The problems met.
    pub issues: Vec<Issue>,
    /// The last progress reported.
    pub bytes: u64,
}

impl Sink for Collected {
    fn record(&mut self, record: Record) -> ControlFlow<()> {
        self.records.push(record);
        ControlFlow::Continue(())
    }
    fn issue(&mut self, issue: Issue) {
        self.issues.push(issue);
    }
    fn progress(&mut self, bytes: u64) {
        self.bytes = bytes;
    }
}

/// What reading one input came to.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Records handed to the sink.
    pub records: u64,
    /// Records or parts left out, by reason ("WARC request records", "revisits", ...).
    pub skipped: BTreeMap<String, u64>,
    /// True when the sink asked to stop before the end.
    pub stopped: bool,
}

impl Summary {
    pub(crate) fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    /// All records or parts skipped, whatever the reason.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}
