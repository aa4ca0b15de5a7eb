//! The index handle: where an index lives, opening and creating it, and the questions
//! that are not searches (stats, one article by id).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use newsdex_extract::{Actor, ActorKind, DateMention, DateValue};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Executor, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::error::{Error, InternalError, Result, UserError};
use crate::schema::{self, Fields, FORMAT_VERSION};
use crate::search::{actor_column, kind_of, CacheState};

/// The file beside tantivy's own that records which newsdex format wrote the index.
const META_FILE: &str = "newsdex.json";

#[derive(Serialize, Deserialize)]
struct MetaFile {
    format: u32,
    created_by: String,
}

/// A newsdex index: open it, add articles with an [`Indexer`](crate::Indexer), search it.
///
/// The handle is `Send + Sync` and cheap to share: searches from many threads run at once,
/// each on the latest commit. A search over an index of several segments also runs in a
/// pool of threads the handle shares among its searches (see
/// [`Index::set_search_threads`]).
pub struct Index {
    pub(crate) inner: tantivy::Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    path: Option<PathBuf>,
    /// What is kept in memory about the last set of segments searched.
    pub(crate) cache: Mutex<CacheState>,
    /// Counter arrays given back by searches, for the next ones.
    pub(crate) counters: Mutex<Vec<Vec<u32>>>,
    /// Threads one search may use (see [`Index::set_search_threads`]).
    search_threads: AtomicUsize,
    /// The threads searches over several segments run in, made on first use, with
    /// their number.
    search_pool: Mutex<Option<(usize, Executor)>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Index {
    /// Opens the index in `path`; fails with [`UserError::IndexNotFound`] when there is none.
    pub fn open_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        let meta = path.join(META_FILE);
        let text = match std::fs::read_to_string(&meta) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(UserError::IndexNotFound {
                    path: path.to_path_buf(),
                }
                .into())
            }
            Err(source) => {
                return Err(InternalError::Io { path: meta, source }.into());
            }
        };
        let found: Option<MetaFile> = serde_json::from_str(&text).ok();
        match found {
            Some(m) if m.format == FORMAT_VERSION => {}
            other => {
                return Err(UserError::IncompatibleIndex {
                    path: path.to_path_buf(),
                    found: other.map_or_else(|| "unknown".to_owned(), |m| m.format.to_string()),
                    expected: FORMAT_VERSION,
                }
                .into())
            }
        }
        let inner = tantivy::Index::open_in_dir(path)?;
        Self::wrap(inner, Some(path.to_path_buf()))
    }

    /// Creates a new, empty index in `path`, creating the folder if needed.
    pub fn create_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        let io = |source| InternalError::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io)?;
        let inner = tantivy::Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_dir(path)?;
        let meta = MetaFile {
            format: FORMAT_VERSION,
            created_by: concat!("newsdex ", env!("CARGO_PKG_VERSION")).to_owned(),
        };
        let json = serde_json::to_string_pretty(&meta)
            .map_err(|e| InternalError::Corrupt(e.to_string()))?;
        std::fs::write(path.join(META_FILE), json).map_err(io)?;
        Self::wrap(inner, Some(path.to_path_buf()))
    }

    /// Opens the index in `path`, or creates one there when there is none.
    pub fn open_or_create_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        match Self::open_in_dir(&path) {
            Err(Error::User(UserError::IndexNotFound { .. })) => Self::create_in_dir(path),
            other => other,
        }
    }

    /// Creates an index in memory, for tests and short-lived programs.
    pub fn create_in_ram() -> Result<Index> {
        let inner = tantivy::Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_ram()?;
        Self::wrap(inner, None)
    }

    fn wrap(inner: tantivy::Index, path: Option<PathBuf>) -> Result<Index> {
        inner
            .tokenizers()
            .register(schema::ANALYZER, schema::analyzer());
        // An index whose fields differ from ours was written by another layout, even if
        // it carries our version number: say so, with the way out, rather than "corrupt".
        let fields = Fields::from_schema(&inner.schema()).map_err(|e| -> crate::Error {
            match &path {
                Some(path) => UserError::IncompatibleIndex {
                    path: path.clone(),
                    found: format!("{FORMAT_VERSION} with other fields ({e})"),
                    expected: FORMAT_VERSION,
                }
                .into(),
                None => InternalError::Corrupt(format!("not a newsdex schema: {e}")).into(),
            }
        })?;
        let reader = inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Index {
            inner,
            fields,
            reader,
            path,
            cache: Mutex::new(CacheState::Empty),
            counters: Mutex::new(Vec::new()),
            search_threads: AtomicUsize::new(default_search_threads()),
            search_pool: Mutex::new(None),
        })
    }

    /// Sets how many threads one search may use (0 counts as 1). A search over several
    /// segments hands each segment to a pool of this many threads, shared by every
    /// search on this handle, and waits for them: a large index is several segments
    /// (merges stop at
    /// [`IndexerOptions::max_merge_bytes`](crate::IndexerOptions::max_merge_bytes)), and
    /// its searches finish sooner. An index of one segment is searched on the calling
    /// thread whatever this says. A server that runs many searches at once on a machine
    /// with more than 8 cores gets more throughput from 1: every search then runs on its
    /// caller's thread. Default: the number of cores, at most 8.
    pub fn set_search_threads(&self, threads: usize) {
        self.search_threads.store(threads.max(1), Ordering::Relaxed);
    }

    /// How many threads one search may use (see [`Index::set_search_threads`]).
    pub fn search_threads(&self) -> usize {
        self.search_threads.load(Ordering::Relaxed)
    }

    /// The threads a search over `segments` segments uses: 1 over one segment, else the
    /// segments shared among up to [`Index::search_threads`] threads.
    pub(crate) fn threads_for(&self, segments: usize) -> usize {
        if segments < 2 {
            1
        } else {
            self.search_threads().min(segments)
        }
    }

    /// Where a search over `segments` segments runs: on the calling thread when
    /// [`Index::threads_for`] says one thread, else in a pool of threads made once. If
    /// threads cannot be started, searches run on the calling thread.
    pub(crate) fn executor(&self, segments: usize) -> Executor {
        if self.threads_for(segments) < 2 {
            return Executor::single_thread();
        }
        let threads = self.search_threads();
        let mut pool = self
            .search_pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((n, executor)) = &*pool {
            if *n == threads {
                return executor.clone();
            }
        }
        match Executor::multi_thread(threads, "newsdex-search-") {
            Ok(executor) => {
                *pool = Some((threads, executor.clone()));
                executor
            }
            Err(_) => Executor::single_thread(),
        }
    }

    /// Where the index lives, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Makes searches see the latest commit, including one made by another process.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Counts and ranges over the whole index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let articles = searcher.num_docs();
        let mut first: Option<i64> = None;
        let mut last: Option<i64> = None;
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().date(schema::names::PUBLISHED)?;
            if column.values.num_vals() == 0 {
                continue;
            }
            let (min, max) = (column.min_value(), column.max_value());
            let (min, max) = (min.into_timestamp_secs(), max.into_timestamp_secs());
            first = Some(first.map_or(min, |f| f.min(min)));
            last = Some(last.map_or(max, |l| l.max(max)));
        }
        let to_date = |secs: i64| {
            time::OffsetDateTime::from_unix_timestamp(secs)
                .ok()
                .map(|dt| dt.date())
        };
        // The `actors` column's keys are `kind\0name`; a name may repeat across segments,
        // so count distinct keys.
        let mut distinct = std::collections::HashSet::new();
        for segment in searcher.segment_readers() {
            let Some(column) = actor_column(segment)? else {
                continue;
            };
            let mut stream = column.dictionary().stream().map_err(io_error)?;
            while stream.advance() {
                distinct.insert(stream.key().to_vec());
            }
        }
        let mut actors = [0u64; 3];
        for key in &distinct {
            let kind = kind_of(key);
            for (i, k) in newsdex_extract::ActorKind::ALL.iter().enumerate() {
                if kind == Some(*k) {
                    actors[i] += 1;
                }
            }
        }
        let size_bytes = self.path.as_deref().map(dir_size).unwrap_or(0);
        Ok(Stats {
            articles,
            people: actors[0],
            organisations: actors[1],
            places: actors[2],
            first_published: first.and_then(to_date),
            last_published: last.and_then(to_date),
            segments: searcher.segment_readers().len(),
            size_bytes,
            path: self.path.clone(),
        })
    }

    /// One article by id, with what was extracted from it.
    pub fn article(&self, id: &str) -> Result<StoredArticle> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Err(UserError::ArticleNotFound(id.to_owned()).into());
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        self.stored_article(&doc)
    }

    pub(crate) fn stored_article(&self, doc: &TantivyDocument) -> Result<StoredArticle> {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| time::OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
            .map(|dt| dt.date());
        let extracted: StoredExtraction = match text(f.extracted) {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| InternalError::Corrupt(format!("extraction record: {e}")))?,
            None => StoredExtraction::default(),
        };
        let (actors, dates) = extracted.into_parts();
        Ok(StoredArticle {
            id: text(f.id).unwrap_or_default(),
            source: text(f.source),
            title: text(f.title).filter(|t| !t.is_empty()),
            body: text(f.body).unwrap_or_default(),
            published,
            actors,
            dates,
        })
    }
}

/// The number of cores, at most 8: a search has at most one task per segment, and large
/// indexes have a handful of segments.
fn default_search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// tantivy's term dictionary reports plain I/O errors.
pub(crate) fn io_error(e: std::io::Error) -> crate::Error {
    crate::Error::from(tantivy::TantivyError::from(e))
}

fn dir_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// What `extracted` stores: the extraction results the index does not spread over
/// fields, as compact tuples (field names repeated per actor were a third of the store).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct StoredExtraction {
    /// (name, kind, mentions, forms other than the name)
    actors: Vec<(String, ActorKind, u32, Vec<String>)>,
    /// (text, value, start, end)
    dates: Vec<(String, DateValue, usize, usize)>,
}

impl StoredExtraction {
    pub fn new(actors: Vec<Actor>, dates: Vec<DateMention>) -> Self {
        let actors = actors
            .into_iter()
            .map(|a| {
                let forms = a.forms.into_iter().filter(|f| *f != a.name).collect();
                (a.name, a.kind, a.mentions, forms)
            })
            .collect();
        let dates = dates
            .into_iter()
            .map(|d| (d.text, d.value, d.start, d.end))
            .collect();
        StoredExtraction { actors, dates }
    }

    pub fn into_parts(self) -> (Vec<Actor>, Vec<DateMention>) {
        let actors = self
            .actors
            .into_iter()
            .map(|(name, kind, mentions, others)| {
                let mut forms = Vec::with_capacity(others.len() + 1);
                forms.push(name.clone());
                forms.extend(others);
                Actor {
                    name,
                    kind,
                    forms,
                    mentions,
                }
            })
            .collect();
        let dates = self
            .dates
            .into_iter()
            .map(|(text, value, start, end)| DateMention {
                text,
                value,
                start,
                end,
            })
            .collect();
        (actors, dates)
    }
}

/// An article as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredArticle {
    /// Its id.
    pub id: String,
    /// Its file path or URL.
    pub source: Option<String>,
    /// Its headline, if it has one.
    pub title: Option<String>,
    /// The article text after the headline and page furniture.
    pub body: String,
    /// Its publication date, if known.
    #[serde(with = "newsdex_extract::iso_date")]
    pub published: Option<newsdex_extract::Date>,
    /// The actors extracted from it, most mentioned first.
    pub actors: Vec<Actor>,
    /// The dates it mentions, in text order (spans are offsets into the extraction text).
    pub dates: Vec<DateMention>,
}

/// Counts over the whole index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Articles in the index.
    pub articles: u64,
    /// Distinct people named.
    pub people: u64,
    /// Distinct organisations named.
    pub organisations: u64,
    /// Distinct places named.
    pub places: u64,
    /// The earliest publication date.
    #[serde(with = "newsdex_extract::iso_date")]
    pub first_published: Option<newsdex_extract::Date>,
    /// The latest publication date.
    #[serde(with = "newsdex_extract::iso_date")]
    pub last_published: Option<newsdex_extract::Date>,
    /// tantivy segments (fewer is faster to search).
    pub segments: usize,
    /// Bytes on disk (0 for an index in memory).
    pub size_bytes: u64,
    /// Where the index lives.
    pub path: Option<PathBuf>,
}
