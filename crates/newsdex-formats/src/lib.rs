//! Reads news archives in the formats they come in and hands out article records.
//!
//! newsdex indexes articles; people keep them as saved web pages, crawler WARC files,
//! RSS and Atom feeds, and JSON, JSON Lines or CSV exports of other tools. This crate
//! turns each of those into [`Record`]s: the article's text with its paragraphs, and the
//! title, publication day, URL, site, author and language wherever the input gives them.
//! It knows nothing of indexing: the engine maps records to its own articles.
//!
//! A [`Reader`] detects an input's format (by name, then by its first bytes; `.gz` is
//! looked through), streams it record by record to a [`Sink`], and reports each problem
//! with one record as an [`Issue`] while it reads the rest. Memory stays bounded by the
//! per-article cap ([`ReaderBuilder::max_article_bytes`]) whatever the input's size.
//!
//! ```
//! use newsdex_formats::{Collected, ReaderBuilder};
//!
//! let csv = "headline;story_text;published\n\
//!            Rain due;Heavy rain reaches the coast tonight.;Mon, 02 Jun 2025 08:00:00 GMT\n";
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("export.csv");
//! std::fs::write(&path, csv)?;
//!
//! let mut reader = ReaderBuilder::new();
//! reader.field_spec("body=story_text")?;
//! let mut sink = Collected::default();
//! let summary = reader.build().read_path(&path, &mut sink)?;
//!
//! assert_eq!(summary.records, 1);
//! let record = &sink.records[0];
//! assert_eq!(record.title.as_deref(), Some("Rain due"));
//! assert_eq!(record.body, "Heavy rain reaches the coast tonight.");
//! assert_eq!(record.published.map(|d| d.to_string()).as_deref(), Some("2025-06-02"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod dates;
mod decode;
mod error;
mod feed;
mod fields;
mod format;
mod html;
mod reader;
mod record;
mod tabular;
mod warc;

pub use dates::parse_date;
pub use error::{Error, Result};
pub use fields::{Field, FieldMap};
pub use format::Format;
pub use reader::{Reader, ReaderBuilder, DEFAULT_MAX_ARTICLE_BYTES};
pub use record::{Collected, DateSource, Issue, Position, Record, Sink, Summary};
/// The calendar date type of [`Record::published`].
pub use time::Date;
