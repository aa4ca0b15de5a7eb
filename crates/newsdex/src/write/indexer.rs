//! Writing to an index: upserts by id, skipping unchanged articles by content hash,
//! extraction in parallel with tantivy's own indexing threads, and commits at bounded
//! intervals. Whole ingest runs over files and folders are in `pipeline.rs`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::columnar::Column;
use tantivy::directory::error::LockError;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, IndexWriter, Searcher, TantivyDocument, TantivyError, Term, TERMINATED};

use super::document::{extract_documents, ToWrite};
use super::merges::BoundedMerges;
use super::read::ReadOptions;
use crate::article::Article;
use crate::core::entities::Speculation;
use crate::core::{files, Core, Depth};
use crate::error::{io_error, storage, InternalError, OrStorage, Result, UserError};
use crate::schema::names;

/// How an [`Indexer`] uses memory, threads and commits.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexerOptions {
    /// tantivy's memory budget for buffered documents, all threads together, in bytes
    /// (raised to 15 MB per thread, at most 4 GB per thread).
    pub memory_budget: usize,
    /// Threads that extract articles; half of them (at least one, at most four) also
    /// run tantivy's indexing. Extraction and indexing overlap, so this is about the
    /// number of cores the build keeps busy.
    pub threads: usize,
    /// Commit after this many added or updated articles (a killed run keeps what it
    /// committed); 0: not by count, only by time and at the end.
    pub commit_every_articles: usize,
    /// Commit when this much time has passed since the last commit.
    pub commit_every: Duration,
    /// Articles extracted together in parallel.
    pub batch_size: usize,
    /// The most bytes of segments one merge may read. Merged segments are read through
    /// memory maps that count as resident memory, so this bounds the build's memory
    /// beside `memory_budget`; an index larger than this ends as several segments.
    pub max_merge_bytes: u64,
    /// In [`Indexer::index_paths`], delete the articles read earlier from under the same
    /// paths whose file or record is gone.
    pub prune: bool,
    /// How [`Indexer::index_paths`] finds and reads inputs; its
    /// [`max_article_bytes`](ReadOptions::max_article_bytes) also bounds the articles
    /// [`Indexer::add`] accepts.
    pub read: ReadOptions,
    /// When set, [`Indexer::index_paths`] stops at the next batch, commits what it
    /// indexed and reports itself [interrupted](crate::IndexReport::interrupted): set it
    /// from a signal handler, say.
    pub stop: Option<Arc<AtomicBool>>,
    /// Keep every article's entities and mentioned months in a file beside the entity
    /// table (`newsdex.article-facets`) once the index holds this many articles: a
    /// search then counts a match's facets with a few array reads instead of reading
    /// columns (over 64 copies of Reuters, half the instructions of a broad query).
    /// The file takes about 18 bytes an article. Without it a search spends about 800
    /// more instructions a match (over Reuters once, the 15,637 matches of `the`: 12M
    /// more), which the default of 50,000 articles bounds at about 40M; a smaller index
    /// stays smaller. 0: always.
    pub facet_lists_from: u64,
}

impl Default for IndexerOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        IndexerOptions {
            memory_budget: 128 << 20,
            threads: cores.max(1),
            commit_every_articles: 100_000,
            commit_every: Duration::from_secs(60),
            batch_size: 512,
            max_merge_bytes: 128 << 20,
            prune: false,
            read: ReadOptions::default(),
            stop: None,
            facet_lists_from: crate::core::entities::FACET_LISTS_FROM,
        }
    }
}

/// The default largest article: far above any news article, small enough that one
/// stray huge file cannot take the machine's memory.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 8_000_000;

/// What happened to one article handed to the indexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Its id was new.
    Added,
    /// Its id was in the index with different content, which it replaced.
    Updated,
    /// Its id was in the index with the same content; nothing was written.
    Unchanged,
}

/// Adds, replaces and deletes articles. Holds the index's writer lock until dropped;
/// nothing is visible to searches, or durable, before [`Indexer::commit`].
pub struct Indexer<'a> {
    pub(super) core: &'a Core,
    pub(super) writer: IndexWriter,
    /// The threads that extract articles.
    pub(super) pool: rayon::ThreadPool,
    /// The last commit, to find existing versions, and its segments' content hashes
    /// (opened once per commit: opening a column per lookup was a sixth of re-reading
    /// an unchanged file).
    committed: Searcher,
    committed_hashes: Vec<Column<u64>>,
    /// What this indexer did to each id it touched since the last commit: the content
    /// hash written, or `None` when it deleted the id. It overrides `committed`, which
    /// still shows the versions deleted since.
    pub(super) pending: HashMap<String, Option<u64>>,
    pub(super) options: IndexerOptions,
    pub(super) since_commit: usize,
    last_commit: Instant,
    pid_file: Option<PathBuf>,
    pub(super) wrote_since_start: bool,
    /// What this run wrote, while its last commit can be foreseen (see [`Foresight`]).
    pub(super) foresight: Option<Foresight>,
}

/// The `actor` and `actor_alias` values of the articles a run wrote, kept while the run
/// can foresee its one segment: it began on an empty index, and has deleted, replaced
/// and committed nothing. The last commit then groups the actors into entities (see
/// `core::entities::Speculation`) while tantivy writes the segment, work that would
/// otherwise wait for it: the entity table is the last step of a build.
#[derive(Default)]
pub(super) struct Foresight {
    /// Each `actor` value, with the number of articles that have it. (FxHash: SipHash
    /// took 0.6% of a build's instructions here.)
    actors: rustc_hash::FxHashMap<String, u32>,
    aliases: rustc_hash::FxHashSet<String>,
}

impl Foresight {
    /// Notes one document's values, in one pass over its fields.
    fn note(&mut self, core: &Core, doc: &TantivyDocument) {
        let (actor, alias) = (core.fields.actor, core.fields.actor_alias);
        for (field, value) in doc.field_values() {
            let Some(v) = value.as_str() else { continue };
            if field == actor {
                match self.actors.get_mut(v) {
                    Some(n) => *n += 1,
                    None => {
                        self.actors.insert(v.to_owned(), 1);
                    }
                }
            } else if field == alias && !self.aliases.contains(v) {
                self.aliases.insert(v.to_owned());
            }
        }
    }

    fn speculate(self, rules: &crate::core::rules::Rules) -> Speculation {
        Speculation::new(self.actors.into_iter().collect(), self.aliases, rules)
    }
}

impl<'a> Indexer<'a> {
    /// Starts writing. Fails with [`UserError::IndexLocked`] when another process writes.
    pub(crate) fn new(core: &'a Core, options: IndexerOptions) -> Result<Indexer<'a>> {
        // tantivy's writer lock is an OS file lock, released when its process dies, so a
        // killed run leaves no stale lock; the pid file only says who holds it.
        let pid_file = core.path().map(|p| p.join(PID_FILE));
        // tantivy wants between 15 MB and 4 GB per indexing thread. One indexing thread
        // per two cores: extraction keeps the others busy, and fewer segments mean less
        // merging at the end.
        let threads = (options.threads / 2).clamp(1, 4);
        let per_thread = (options.memory_budget / threads).clamp(15_000_000, 4_000_000_000);
        let path = || core.path().map(PathBuf::from).unwrap_or_default();
        let writer = core
            .inner
            .writer_with_num_threads(threads, per_thread * threads)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => UserError::IndexLocked {
                    path: path(),
                    pid: pid_file.as_deref().and_then(writer_pid),
                }
                .into(),
                TantivyError::LockFailure(LockError::IoError(e), _) => match e.kind() {
                    std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::ReadOnlyFilesystem => {
                        UserError::IndexReadOnly { path: path() }.into()
                    }
                    kind => InternalError::Io {
                        path: path(),
                        source: std::io::Error::new(kind, e.to_string()),
                    }
                    .into(),
                },
                e => storage(e),
            })?;
        if let Some(dir) = core.path() {
            // Best effort: the message is nicer with it, nothing depends on it.
            let _ = files::write_atomic(dir, PID_FILE, std::process::id().to_string().as_bytes());
        }
        // Files a run that failed left behind (a disk that filled up mid-segment, say)
        // are not part of any commit: delete them before they fill the disk again.
        writer.garbage_collect_files().wait().storage()?;
        writer.set_merge_policy(Box::new(merge_policy(core, &options)));
        core.reload()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads.max(1))
            .thread_name(|i| format!("newsdex-extract-{i}"))
            .build()
            .map_err(|e| {
                storage(TantivyError::SystemError(format!(
                    "cannot start extraction threads: {e}"
                )))
            })?;
        let committed = core.latest_searcher();
        Ok(Indexer {
            core,
            writer,
            pool,
            committed_hashes: hash_columns(&committed)?,
            committed,
            pending: HashMap::new(),
            options,
            since_commit: 0,
            last_commit: Instant::now(),
            pid_file,
            wrote_since_start: false,
            foresight: None,
        })
    }
}

/// Merges of at most `max_merge_bytes` of segments (see [`BoundedMerges`]).
pub(super) fn merge_policy(core: &Core, options: &IndexerOptions) -> BoundedMerges {
    BoundedMerges::new(core.path(), options.max_merge_bytes)
}

/// Who holds the writer lock, beside tantivy's own lock file.
const PID_FILE: &str = "newsdex.writer.pid";

/// The process named in the pid file. The holder writes it just after taking the lock,
/// so a writer refused in between waits a moment for it rather than name nobody.
fn writer_pid(file: &std::path::Path) -> Option<u32> {
    for _ in 0..20 {
        if let Some(pid) = std::fs::read_to_string(file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return Some(pid);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

impl Drop for Indexer<'_> {
    fn drop(&mut self) {
        if let Some(file) = &self.pid_file {
            let _ = std::fs::remove_file(file);
        }
    }
}

impl Indexer<'_> {
    /// Adds one article, replacing any with the same id.
    pub fn add(&mut self, article: Article) -> Result<Outcome> {
        let outcomes = self.add_batch(vec![article])?;
        Ok(outcomes.into_iter().next().unwrap_or(Outcome::Unchanged))
    }

    /// Adds articles, extracting them in parallel; returns one outcome per article, in
    /// order. Within a batch, a later article with the same id replaces an earlier one.
    /// An article over [`ReadOptions::max_article_bytes`] or with an id over
    /// [`MAX_ID_BYTES`] is refused, and nothing of the batch is added.
    pub fn add_batch(&mut self, articles: Vec<Article>) -> Result<Vec<Outcome>> {
        for article in &articles {
            check_article(article, self.options.read.max_article_bytes)?;
        }
        let core = self.core;
        core.guard(|| self.add_checked(articles))
    }

    fn add_checked(&mut self, articles: Vec<Article>) -> Result<Vec<Outcome>> {
        let (outcomes, todo) = self.prepare(articles)?;
        let docs = extract_documents(&self.pool, &self.core.fields, todo);
        self.write(docs)?;
        if self.commit_due() {
            self.commit()?;
        }
        Ok(outcomes)
    }

    /// [`Indexer::add_batch`] for a stream of batches: a commit that falls due is made
    /// while the next batch is extracted (`deferred` carries it over), so extraction
    /// does not stall while tantivy writes the segment. Commits still fall between the
    /// same articles.
    pub(super) fn add_batch_overlapped(
        &mut self,
        articles: Vec<Article>,
        deferred: &mut bool,
    ) -> Result<Vec<Outcome>> {
        let (outcomes, todo) = self.prepare(articles)?;
        let docs = if std::mem::take(deferred) {
            // This batch's versions, checked above against the old commit plus what was
            // written since; they stay pending after the commit.
            let fresh: Vec<(String, Option<u64>)> = todo
                .iter()
                .map(|(article, hash, _)| (article.id.clone(), Some(*hash)))
                .collect();
            let (writer, pool, fields) = (&mut self.writer, &self.pool, &self.core.fields);
            let (committed, docs) = std::thread::scope(|scope| {
                let commit = scope.spawn(move || writer.commit());
                let docs = extract_documents(pool, fields, todo);
                let committed = commit
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (committed, docs)
            });
            committed.map_err(|e| self.write_error(e))?;
            self.after_commit()?;
            self.pending.extend(fresh);
            docs
        } else {
            extract_documents(&self.pool, &self.core.fields, todo)
        };
        self.write(docs)?;
        if self.commit_due() {
            *deferred = true;
            // The next batch starts after this commit's boundary.
            self.since_commit = 0;
        }
        Ok(outcomes)
    }

    /// Checks each article against the current versions: outcomes in order, and the
    /// articles to write with their content hashes. Records them as pending.
    fn prepare(&mut self, articles: Vec<Article>) -> Result<(Vec<Outcome>, Vec<ToWrite>)> {
        let mut outcomes = Vec::with_capacity(articles.len());
        let mut todo = Vec::with_capacity(articles.len());
        for article in articles {
            let hash = article.content_hash();
            let outcome = match self.previous_hash(&article.id)? {
                None => Outcome::Added,
                Some(previous) if previous == hash => Outcome::Unchanged,
                Some(_) => Outcome::Updated,
            };
            outcomes.push(outcome);
            if outcome != Outcome::Unchanged {
                self.pending.insert(article.id.clone(), Some(hash));
                todo.push((article, hash, outcome));
            }
        }
        Ok((outcomes, todo))
    }

    /// Hands extracted documents to tantivy, replacing older versions.
    fn write(&mut self, docs: Vec<(Term, Outcome, TantivyDocument)>) -> Result<()> {
        for (id, outcome, doc) in docs {
            if outcome == Outcome::Updated {
                self.delete_term(id);
            }
            if let Some(f) = &mut self.foresight {
                f.note(self.core, &doc);
            }
            self.writer
                .add_document(doc)
                .map_err(|e| write_error(self.core, e))?;
            self.since_commit += 1;
            self.wrote_since_start = true;
        }
        Ok(())
    }

    /// Deletes the documents with this term. A run that deletes cannot foresee its
    /// segment (see [`Foresight`]): what it noted may be gone.
    pub(super) fn delete_term(&mut self, term: Term) {
        self.foresight = None;
        self.writer.delete_term(term);
    }

    pub(super) fn commit_due(&self) -> bool {
        let every = self.options.commit_every_articles;
        (every > 0 && self.since_commit >= every)
            || self.last_commit.elapsed() >= self.options.commit_every
    }

    /// Deletes the article with this id; returns whether there was one.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        let core = self.core;
        core.guard(|| self.delete_checked(id))
    }

    fn delete_checked(&mut self, id: &str) -> Result<bool> {
        let existed = self.previous_hash(id)?.is_some();
        if existed {
            self.delete_term(Term::from_field_text(self.core.fields.id, id));
            self.pending.insert(id.to_owned(), None);
            self.since_commit += 1;
            self.wrote_since_start = true;
        }
        Ok(existed)
    }

    /// Makes everything written so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        let core = self.core;
        core.guard(|| self.commit_now())
    }

    pub(super) fn commit_now(&mut self) -> Result<()> {
        self.writer
            .commit()
            .map_err(|e| write_error(self.core, e))?;
        self.after_commit()
    }

    /// Notes what is written from now on, for the run's last commit to group its actors
    /// ahead (see [`Foresight`]), when the index is empty and nothing was written yet.
    pub(super) fn foresee(&mut self) {
        if self.committed.num_docs() == 0 && !self.wrote_since_start {
            self.foresight = Some(Foresight::default());
        }
    }

    /// The last commit of a run, and the merges after it: the entity table is built
    /// once, for the segments the merges leave, not also for the commit's (a merge
    /// renumbers every actor, so that table would be thrown away at once; on Reuters
    /// it was 8% of the build's CPU).
    pub(super) fn commit_and_merge(&mut self) -> Result<()> {
        // The actors grouped on another thread while tantivy writes the segment.
        let speculation = self
            .foresight
            .take()
            .filter(|_| self.wrote_since_start)
            .map(|f| {
                let rules = self.core.rules();
                std::thread::spawn(move || f.speculate(&rules))
            });
        self.writer
            .commit()
            .map_err(|e| write_error(self.core, e))?;
        self.after_commit_with(false)?;
        self.merge_segments()?;
        let speculation = speculation.and_then(|h| h.join().ok());
        self.core
            .save_entities_with(speculation, self.options.facet_lists_from)
    }

    fn write_error(&self, e: TantivyError) -> crate::Error {
        write_error(self.core, e)
    }

    fn after_commit(&mut self) -> Result<()> {
        self.after_commit_with(true)
    }

    fn after_commit_with(&mut self, entities: bool) -> Result<()> {
        // A run that commits more than once writes more than one segment.
        self.foresight = None;
        // The files just written are checked once and recorded as whole, so that
        // openers need not read them again (see `core::verify`); the commit's actors are
        // grouped into entities once, for every search that follows.
        self.core.verify(Depth::NewAndRecord)?;
        self.core.reload()?;
        if entities {
            self.core
                .save_entities_with(None, self.options.facet_lists_from)?;
        }
        // The new commit shows everything written so far: look versions up there, and
        // keep no per-id state across commits (it would grow with the corpus).
        self.set_committed()?;
        self.pending.clear();
        self.since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Merges what the merge policy plans, pass after pass; the caller saves the entity
    /// table of the segments left.
    fn merge_segments(&mut self) -> Result<()> {
        if !self.wrote_since_start {
            return Ok(());
        }
        let policy = merge_policy(self.core, &self.options);
        // Each pass merges runs of the smallest segments; merged segments may merge
        // again in the next pass while they fit the budget.
        loop {
            let segments = self.core.inner.searchable_segment_metas().storage()?;
            let plan = policy.plan(&segments, 2);
            if plan.is_empty() {
                // Searchers no longer hold the merged segments: delete their files.
                self.writer.garbage_collect_files().wait().storage()?;
                return self.core.verify(Depth::NewAndRecord);
            }
            for group in &plan {
                self.writer
                    .merge(group)
                    .wait()
                    .map_err(|e| write_error(self.core, e))?;
                // Let go of the merged segments: pages of their memory maps that the
                // merge touched stay resident for as long as any searcher holds them.
                self.core.reload()?;
                self.set_committed()?;
            }
        }
    }

    /// Articles to extract together next: a batch, cut short so that a commit falls
    /// exactly every `commit_every_articles` (a killed run then keeps whole commits).
    /// The content hash of the current version of `id`: written by this indexer, or
    /// in the last commit.
    /// Takes the latest commit as the one versions are looked up in.
    fn set_committed(&mut self) -> Result<()> {
        self.committed = self.core.latest_searcher();
        self.committed_hashes = hash_columns(&self.committed)?;
        Ok(())
    }

    pub(super) fn previous_hash(&self, id: &str) -> Result<Option<u64>> {
        if let Some(hash) = self.pending.get(id) {
            return Ok(*hash);
        }
        let term = Term::from_field_text(self.core.fields.id, id);
        let segments = self.committed.segment_readers().iter();
        for (segment, hashes) in segments.zip(&self.committed_hashes) {
            let inverted = segment.inverted_index(self.core.fields.id).storage()?;
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(io_error)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    return Ok(Some(hashes.first(doc).unwrap_or(0)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }
}

/// The longest id accepted, in bytes: tantivy cannot index a term much longer than
/// 65,530 bytes, and an id it cannot find could never be updated or deleted.
pub const MAX_ID_BYTES: usize = 4096;

/// Refuses an article that cannot be indexed as it is.
pub(super) fn check_article(article: &Article, max_bytes: usize) -> Result<()> {
    let refuse = |reason: String| -> crate::Error {
        UserError::ArticleRefused {
            id: article.id.chars().take(80).collect(),
            reason,
        }
        .into()
    };
    if article.id.is_empty() {
        return Err(refuse("its id is empty".to_owned()));
    }
    if article.id.len() > MAX_ID_BYTES {
        return Err(refuse(format!(
            "its id is {} bytes long, over the {MAX_ID_BYTES} an id may have",
            article.id.len()
        )));
    }
    let len = article.text.len() + article.title.as_ref().map_or(0, String::len);
    if len > max_bytes {
        return Err(refuse(too_large(len, max_bytes)));
    }
    Ok(())
}

/// Why an article of `len` bytes is refused.
pub(crate) fn too_large(len: usize, max_bytes: usize) -> String {
    format!(
        "it is {:.1} MB, over the {:.1} MB an article may have",
        len as f64 / 1e6,
        max_bytes as f64 / 1e6
    )
}

/// An error of tantivy's writer. Its message when the disk fills up says only that "an
/// index writer was killed", so the space left is looked at too.
pub(super) fn write_error(core: &Core, e: TantivyError) -> crate::Error {
    let full_in_chain = {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        let mut full = false;
        while let Some(err) = source {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                full |= io.kind() == std::io::ErrorKind::StorageFull;
            }
            source = err.source();
        }
        full || matches!(&e, TantivyError::IoError(io) if io.kind() == std::io::ErrorKind::StorageFull)
    };
    let nearly_full = || {
        core.path()
            .and_then(|p| fs4::available_space(p).ok())
            .is_some_and(|free| free < 64 << 20)
    };
    match core.path() {
        Some(path) if full_in_chain || nearly_full() => UserError::DiskFull {
            path: path.to_path_buf(),
        }
        .into(),
        _ => storage(e),
    }
}

/// The content-hash column of each of the searcher's segments, in its order.
fn hash_columns(searcher: &Searcher) -> Result<Vec<Column<u64>>> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.fast_fields().u64(names::HASH).storage())
        .collect()
}
