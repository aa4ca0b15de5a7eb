//! newsdex: full-text search over news articles, with the people, organisations, places
//! and dates each article is about as facets.
//!
//! The engine reads articles (raw scraped text or structured fields), extracts their
//! title, publication date, mentioned dates and actors with [`newsdex_extract`], and
//! indexes them with tantivy. Searches rank by BM25F with phrase evidence (the exact
//! phrase first among comparably relevant articles), filter by actor and date, and count
//! actors and months over every match.
//!
//! ```
//! use newsdex::{Article, Index, IndexerOptions, SearchRequestBuilder};
//!
//! let index = Index::create_in_ram()?;
//! let mut indexer = index.indexer(IndexerOptions::default())?;
//! indexer.add(Article::new("minsk-summit").with_page_text(
//!     "Summit in Minsk\n\nThe alliance reached the point of no return, \
//!      Foreign Minister Ararat Mirzoyan said in Yerevan.",
//! ))?;
//! indexer.add(Article::new("weather").with_page_text("Rain in Yerevan\n\nThe sun stayed away."))?;
//! indexer.commit()?;
//!
//! let results = index.search(&SearchRequestBuilder::new("point of no return").build())?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].id, "minsk-summit");
//! # Ok::<(), newsdex::Error>(())
//! ```

#![deny(missing_docs)]

mod article;
mod core;
mod error;
mod index;
mod schema;
mod search;
mod write;

pub use article::{safe_to_show, Article};
pub use core::rules::Rule;
pub use error::{Error, InternalError, Result, StorageError, UserError};
pub use index::Index;
pub use newsdex_extract::{
    self as extract, Actor, ActorKind, ActorMention, Date, DateMention, DateValue, Extracted,
    ParseActorKindError,
};
pub use search::{
    ActorCount, ActorFilter, ActorRef, Facets, Hit, MonthCount, Period, SearchRequest,
    SearchRequestBuilder, SearchResults, Sort, YearMonth,
};
pub use search::{Matches, Stats, StoredArticle};
pub use time::Month;
pub use write::{
    discover, extract_all, extract_archive, extract_paths, read_file, Discovery, Format,
    IndexReport, Indexer, IndexerOptions, InputFile, InputIssue, IssueKind, Outcome, Progress,
    ReadOptions, SavedAt, DEFAULT_MAX_ARTICLE_BYTES, MAX_ID_BYTES,
};

/// The version of the on-disk format this build reads and writes. An index of another
/// version is refused with [`UserError::IncompatibleIndex`]; rebuild it.
pub const FORMAT_VERSION: u32 = schema::FORMAT_VERSION;

/// Changes whenever extraction may give different results for the same text, so that
/// re-indexing unchanged inputs re-extracts them.
pub(crate) const EXTRACTION_VERSION: &str =
    concat!("newsdex-extract ", env!("CARGO_PKG_VERSION"), "/108");

/// The README's code blocks, compiled (and the runnable ones run) as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
