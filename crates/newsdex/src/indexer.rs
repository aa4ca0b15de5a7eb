//! Writing to an index: upserts by id, skipping unchanged articles by content hash,
//! extraction in parallel with tantivy's own indexing threads, commits at bounded
//! intervals, and whole ingest runs over files and folders with a report at the end.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsdex_extract::{Date, Extracted};
use rayon::prelude::*;
use tantivy::merge_policy::NoMergePolicy;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DateTime, DocSet, IndexWriter, Searcher, TantivyDocument, TantivyError, Term, TERMINATED,
};

use crate::article::Article;
use crate::error::{Result, UserError};
use crate::index::{Index, StoredExtraction};
use crate::ingest::{self, InputIssue};
use crate::merges::BoundedMerges;
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
    /// committed).
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
    /// paths (as spelled) whose file or record is gone.
    pub prune: bool,
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
        }
    }
}

/// What happened to one article handed to the indexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Its id was new.
    Added,
    /// Its id was in the index with different content, which it replaced.
    Updated,
    /// Its id was in the index with the same content; nothing was written.
    Unchanged,
}

/// Progress of an ingest run, for a progress bar.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Input files read so far.
    pub files_done: usize,
    /// Input files in the run.
    pub files_total: usize,
    /// Input bytes read so far.
    pub bytes_done: u64,
    /// Input bytes in the run.
    pub bytes_total: u64,
    /// Articles handed to the indexer so far.
    pub articles: u64,
}

/// The summary of an ingest run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IndexReport {
    /// Articles whose id was new.
    pub added: u64,
    /// Articles that replaced an older version.
    pub updated: u64,
    /// Articles already in the index unchanged.
    pub unchanged: u64,
    /// Inputs (files or records) skipped because of an error.
    pub skipped: u64,
    /// Articles deleted by `prune` because their file or record is gone.
    pub pruned: u64,
    /// Problems met, skipped inputs and warnings alike.
    pub issues: Vec<InputIssue>,
    /// Input files read.
    pub files: u64,
    /// Bytes of article text processed.
    pub bytes: u64,
    /// Wall time of the run, commit included.
    pub elapsed: Duration,
}

/// Adds, replaces and deletes articles. Holds the index's writer lock until dropped;
/// nothing is visible to searches, or durable, before [`Indexer::commit`].
pub struct Indexer<'a> {
    index: &'a Index,
    writer: IndexWriter,
    /// The threads that extract articles.
    pool: rayon::ThreadPool,
    /// The last commit, to find existing versions.
    committed: Searcher,
    /// What this indexer did to each id it touched since the last commit: the content
    /// hash written, or `None` when it deleted the id. It overrides `committed`, which
    /// still shows the versions deleted since.
    pending: HashMap<String, Option<u64>>,
    options: IndexerOptions,
    since_commit: usize,
    last_commit: Instant,
    pid_file: Option<PathBuf>,
    wrote_since_start: bool,
}

impl Index {
    /// Starts writing. Fails with [`UserError::IndexLocked`] when another process writes.
    pub fn indexer(&self, options: IndexerOptions) -> Result<Indexer<'_>> {
        // tantivy's writer lock is an OS file lock, released when its process dies, so a
        // killed run leaves no stale lock; the pid file only says who holds it.
        let pid_file = self.path().map(|p| p.join(PID_FILE));
        // tantivy wants between 15 MB and 4 GB per indexing thread. One indexing thread
        // per two cores: extraction keeps the others busy, and fewer segments mean less
        // merging at the end.
        let threads = (options.threads / 2).clamp(1, 4);
        let per_thread = (options.memory_budget / threads).clamp(15_000_000, 4_000_000_000);
        let writer = self
            .inner
            .writer_with_num_threads(threads, per_thread * threads)
            .map_err(|e| match e {
                TantivyError::LockFailure(..) => UserError::IndexLocked {
                    path: self.path().map(PathBuf::from).unwrap_or_default(),
                    pid: pid_file.as_deref().and_then(writer_pid),
                }
                .into(),
                e => crate::Error::from(e),
            })?;
        if let Some(file) = &pid_file {
            // Best effort: the message is nicer with it, nothing depends on it.
            let _ = std::fs::write(file, std::process::id().to_string());
        }
        writer.set_merge_policy(Box::new(self.merge_policy(&options)));
        self.reader.reload()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads.max(1))
            .thread_name(|i| format!("newsdex-extract-{i}"))
            .build()
            .map_err(|e| {
                crate::Error::from(TantivyError::SystemError(format!(
                    "cannot start extraction threads: {e}"
                )))
            })?;
        Ok(Indexer {
            index: self,
            writer,
            pool,
            committed: self.reader.searcher(),
            pending: HashMap::new(),
            options,
            since_commit: 0,
            last_commit: Instant::now(),
            pid_file,
            wrote_since_start: false,
        })
    }
}

impl Index {
    fn merge_policy(&self, options: &IndexerOptions) -> BoundedMerges {
        BoundedMerges::new(self.path(), options.max_merge_bytes)
    }
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
    pub fn add_batch(&mut self, articles: Vec<Article>) -> Result<Vec<Outcome>> {
        let (outcomes, todo) = self.prepare(articles)?;
        let docs = extract_documents(&self.pool, &self.index.fields, todo);
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
    fn add_batch_overlapped(
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
            let (writer, pool, fields) = (&mut self.writer, &self.pool, &self.index.fields);
            let (committed, docs) = std::thread::scope(|scope| {
                let commit = scope.spawn(move || writer.commit());
                let docs = extract_documents(pool, fields, todo);
                let committed = commit
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (committed, docs)
            });
            committed?;
            self.after_commit()?;
            self.pending.extend(fresh);
            docs
        } else {
            extract_documents(&self.pool, &self.index.fields, todo)
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
                self.writer.delete_term(id);
            }
            self.writer.add_document(doc)?;
            self.since_commit += 1;
            self.wrote_since_start = true;
        }
        Ok(())
    }

    fn commit_due(&self) -> bool {
        self.since_commit >= self.options.commit_every_articles
            || self.last_commit.elapsed() >= self.options.commit_every
    }

    /// Deletes the article with this id; returns whether there was one.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        let existed = self.previous_hash(id)?.is_some();
        if existed {
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.id, id));
            self.pending.insert(id.to_owned(), None);
            self.since_commit += 1;
            self.wrote_since_start = true;
        }
        Ok(existed)
    }

    /// Makes everything written so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.after_commit()
    }

    fn after_commit(&mut self) -> Result<()> {
        self.index.reader.reload()?;
        // The new commit shows everything written so far: look versions up there, and
        // keep no per-id state across commits (it would grow with the corpus).
        self.committed = self.index.reader.searcher();
        self.pending.clear();
        self.since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Reads every article under `paths` (files and folders), indexes it and commits.
    /// Problems with single inputs are collected in the report; the run goes on.
    pub fn index_paths(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let (files, issues) = ingest::discover(paths);
        let mut report = IndexReport {
            issues,
            ..IndexReport::default()
        };
        let mut state = Progress {
            files_total: files.len(),
            bytes_total: files.iter().map(|f| f.len).sum(),
            ..Progress::default()
        };
        progress(&state);
        // A reader thread reads and parses the inputs while this one extracts and
        // indexes; the bounded channel keeps at most a few batches in memory, whatever
        // the size of one input file.
        let batch_size = self.options.batch_size.max(1);
        // No merges while articles stream in: they would read segments while the
        // writer's buffers are full. The run ends with bounded merges of its own.
        self.writer.set_merge_policy(Box::new(NoMergePolicy));
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Feed>(READ_AHEAD);
        let (seen, read_issues, result) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || read_inputs(&files, batch_size, &sender));
            let result = self.consume(&receiver, &mut report, &mut state, progress);
            // On an error the receiver goes, the reader's next send fails and it stops.
            drop(receiver);
            let (seen, issues) = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (seen, issues, result)
        });
        report.issues.extend(read_issues);
        if let Err(e) = result {
            self.writer
                .set_merge_policy(Box::new(self.index.merge_policy(&self.options)));
            return Err(e);
        }
        if self.options.prune {
            self.commit()?;
            report.pruned = self.prune(paths, &seen, &report.issues)?;
        }
        self.commit()?;
        self.merge_segments()?;
        self.writer
            .set_merge_policy(Box::new(self.index.merge_policy(&self.options)));
        report.skipped = report.issues.iter().filter(|i| i.skipped).count() as u64;
        report.elapsed = started.elapsed();
        progress(&state);
        Ok(report)
    }

    /// Indexes the batches the reader thread sends, in order, cutting them at commit
    /// boundaries.
    fn consume(
        &mut self,
        receiver: &std::sync::mpsc::Receiver<Feed>,
        report: &mut IndexReport,
        state: &mut Progress,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<()> {
        let mut batch = Vec::new();
        let mut deferred = false;
        for feed in receiver {
            match feed {
                Feed::Articles(mut articles) => {
                    report.bytes += articles.iter().map(|a| a.text.len() as u64).sum::<u64>();
                    batch.append(&mut articles);
                    while batch.len() >= self.chunk_size() {
                        let rest = batch.split_off(self.chunk_size());
                        let chunk = std::mem::replace(&mut batch, rest);
                        self.flush(chunk, &mut deferred, report, state)?;
                    }
                }
                Feed::FileDone(len) => {
                    report.files += 1;
                    state.files_done += 1;
                    state.bytes_done += len;
                    progress(state);
                }
            }
        }
        while !batch.is_empty() {
            let rest = batch.split_off(self.chunk_size().min(batch.len()));
            let chunk = std::mem::replace(&mut batch, rest);
            self.flush(chunk, &mut deferred, report, state)?;
        }
        if deferred {
            self.commit()?;
        }
        Ok(())
    }

    /// Merges the committed segments, smallest first, in merges of at most
    /// `max_merge_bytes`: searches then read few term dictionaries per field, and facet
    /// counts name only the winners. Only runs that wrote something pay for it.
    fn merge_segments(&mut self) -> Result<()> {
        if !self.wrote_since_start {
            return Ok(());
        }
        let policy = self.index.merge_policy(&self.options);
        // Each pass merges runs of the smallest segments; merged segments may merge
        // again in the next pass while they fit the budget.
        loop {
            let segments = self.index.inner.searchable_segment_metas()?;
            let plan = policy.plan(&segments, 2);
            if plan.is_empty() {
                // Searchers no longer hold the merged segments: delete their files.
                self.writer.garbage_collect_files().wait()?;
                return Ok(());
            }
            for group in &plan {
                self.writer.merge(group).wait()?;
                // Let go of the merged segments: pages of their memory maps that the
                // merge touched stay resident for as long as any searcher holds them.
                self.index.reader.reload()?;
                self.committed = self.index.reader.searcher();
            }
        }
    }

    /// Articles to extract together next: a batch, cut short so that a commit falls
    /// exactly every `commit_every_articles` (a killed run then keeps whole commits).
    fn chunk_size(&self) -> usize {
        let to_commit = self
            .options
            .commit_every_articles
            .saturating_sub(self.since_commit);
        self.options.batch_size.min(to_commit).max(1)
    }

    fn flush(
        &mut self,
        batch: Vec<Article>,
        deferred: &mut bool,
        report: &mut IndexReport,
        state: &mut Progress,
    ) -> Result<()> {
        state.articles += batch.len() as u64;
        for outcome in self.add_batch_overlapped(batch, deferred)? {
            match outcome {
                Outcome::Added => report.added += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        Ok(())
    }

    /// Deletes committed articles read from under `roots` that this run did not see,
    /// except those from inputs that failed to read (their articles may still exist).
    fn prune(
        &mut self,
        roots: &[PathBuf],
        seen: &HashSet<u64>,
        issues: &[InputIssue],
    ) -> Result<u64> {
        let failed: Vec<&PathBuf> = issues
            .iter()
            .filter(|i| i.skipped && i.line.is_none())
            .map(|i| &i.path)
            .collect();
        let searcher = self.index.reader.searcher();
        let mut gone = Vec::new();
        for segment in searcher.segment_readers() {
            let (Some(ids), Some(origins)) = (
                segment.fast_fields().str(names::ID)?,
                segment.fast_fields().str(names::ORIGIN)?,
            ) else {
                continue;
            };
            let (mut id, mut origin) = (String::new(), String::new());
            for doc in segment.doc_ids_alive() {
                let Some(ord) = origins.term_ords(doc).next() else {
                    continue;
                };
                origin.clear();
                if !origins
                    .ord_to_str(ord, &mut origin)
                    .map_err(crate::index::io_error)?
                {
                    continue;
                }
                let path = std::path::Path::new(&origin);
                if !roots.iter().any(|r| path.starts_with(r))
                    || failed.iter().any(|f| path.starts_with(f))
                {
                    continue;
                }
                let Some(ord) = ids.term_ords(doc).next() else {
                    continue;
                };
                id.clear();
                if ids
                    .ord_to_str(ord, &mut id)
                    .map_err(crate::index::io_error)?
                    && !seen.contains(&id_hash(&id))
                {
                    gone.push(id.clone());
                }
            }
        }
        for id in &gone {
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.id, id));
            self.pending.insert(id.clone(), None);
        }
        Ok(gone.len() as u64)
    }

    /// The content hash of the current version of `id`: written by this indexer, or
    /// in the last commit.
    fn previous_hash(&self, id: &str) -> Result<Option<u64>> {
        if let Some(hash) = self.pending.get(id) {
            return Ok(*hash);
        }
        let term = Term::from_field_text(self.index.fields.id, id);
        for segment in self.committed.segment_readers() {
            let inverted = segment.inverted_index(self.index.fields.id)?;
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(crate::index::io_error)?
            else {
                continue;
            };
            let hashes = segment.fast_fields().u64(names::HASH)?;
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

/// Batches of articles the reader thread may hold ready beyond the one being indexed.
const READ_AHEAD: usize = 2;

/// What the reader thread sends to the indexing thread.
enum Feed {
    /// The next articles, in input order.
    Articles(Vec<Article>),
    /// An input file was read to its end; its size in bytes, for progress.
    FileDone(u64),
}

/// Reads `files` in order and sends their articles in batches of `batch_size`. Returns
/// the ids seen (for `--prune`) and the problems met, ids given twice included. Stops
/// early when the indexing side has hung up.
fn read_inputs(
    files: &[ingest::InputFile],
    batch_size: usize,
    sender: &std::sync::mpsc::SyncSender<Feed>,
) -> (HashSet<u64>, Vec<InputIssue>) {
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    let mut batch = Vec::with_capacity(batch_size);
    let mut hung_up = false;
    for file in files {
        let mut duplicates = Vec::new();
        ingest::read_file_reporting(file, &mut issues, |article| {
            if hung_up {
                return;
            }
            // Ids seen in this run: for --prune, and to report an id given twice (the
            // later article replaces the earlier, as it would in a later run).
            if !seen.insert(id_hash(&article.id)) {
                duplicates.push(InputIssue {
                    path: file.path.clone(),
                    line: None,
                    message: format!(
                        "id {:?} appears more than once in this run; the last one wins",
                        article.id
                    ),
                    skipped: false,
                });
            }
            batch.push(article);
            if batch.len() >= batch_size {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                hung_up = sender.send(Feed::Articles(full)).is_err();
            }
        });
        issues.append(&mut duplicates);
        if !batch.is_empty() {
            hung_up |= sender
                .send(Feed::Articles(std::mem::take(&mut batch)))
                .is_err();
        }
        if hung_up || sender.send(Feed::FileDone(file.len)).is_err() {
            break;
        }
    }
    (seen, issues)
}

/// An id's 64-bit hash: a run remembers the ids it saw by hash, not by name, so the set
/// stays small on large archives. A collision would at worst keep an article `--prune`
/// should have deleted, or warn of a duplicate id that is not one.
fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// Extracts articles in parallel, results in input order.
pub fn extract_all(articles: &[Article]) -> Vec<Extracted> {
    articles.par_iter().map(Article::extract).collect()
}

/// An article to write, with its content hash and what writing it does.
type ToWrite = (Article, u64, Outcome);

/// Extracts articles on the pool's threads and builds their documents, in order.
fn extract_documents(
    pool: &rayon::ThreadPool,
    fields: &crate::schema::Fields,
    todo: Vec<ToWrite>,
) -> Vec<(Term, Outcome, TantivyDocument)> {
    pool.install(|| {
        todo.into_par_iter()
            .map(|(article, hash, outcome)| {
                let id = Term::from_field_text(fields.id, &article.id);
                (id, outcome, build_document(fields, &article, hash))
            })
            .collect()
    })
}

/// Extraction and the tantivy document for one article. Runs on rayon's threads.
fn build_document(fields: &crate::schema::Fields, article: &Article, hash: u64) -> TantivyDocument {
    let extracted: Extracted = article.extract();
    let title = extracted.title.as_deref().unwrap_or("");
    let body = match &article.title {
        Some(_) => article.text.as_str(),
        None => {
            // The body starts after the headline and page furniture.
            let text = &article.text;
            let start = extracted.body_start.min(text.len());
            let start = (start..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            &text[start..]
        }
    };
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &article.id);
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    doc.add_text(fields.title, title);
    doc.add_text(fields.body, body);
    if let Some(day) = extracted.published {
        doc.add_date(fields.published, date_time(day));
    }
    doc.add_u64(
        fields.published_month,
        extracted
            .published
            .map_or(0, |day| month_number(day.year(), day.month() as u8)),
    );
    for actor in &extracted.actors {
        doc.add_text(
            fields.actor,
            crate::schema::actor_key(actor.kind, &actor.name),
        );
        let mut keys: Vec<String> = std::iter::once(&actor.name)
            .chain(&actor.forms)
            .map(|form| crate::schema::actor_form_key(actor.kind, form))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            doc.add_text(fields.actor_form, key);
        }
    }
    let stored = StoredExtraction::new(extracted.actors, extracted.dates);
    if let Ok(json) = serde_json::to_string(&stored) {
        doc.add_text(fields.extracted, json);
    }
    doc.add_u64(fields.hash, hash);
    if let Some(origin) = &article.origin {
        doc.add_text(fields.origin, origin);
    }
    doc
}

/// `year * 12 + month`, at least 13 for year 1: the `published_month` value.
pub(crate) fn month_number(year: i32, month: u8) -> u64 {
    u64::try_from(i64::from(year) * 12 + i64::from(month)).unwrap_or(0)
}

/// Midnight UTC of a calendar day, the instant the `published` field stores.
pub(crate) fn date_time(day: Date) -> DateTime {
    DateTime::from_timestamp_secs(day.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_sends_batches_as_it_reads_not_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wire.jsonl");
        let lines: Vec<String> = (0..7)
            .map(|i| format!(r#"{{"id": "a{i}", "body": "Text {i}."}}"#))
            .chain([r#"{"id": "a0", "body": "Again."}"#.to_owned()])
            .collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        let (files, _) = ingest::discover(&[path]);
        // A channel without room: every send waits for the receiver, so the reader can
        // be at most one batch ahead.
        let (sender, receiver) = std::sync::mpsc::sync_channel(0);
        let reader = std::thread::spawn(move || read_inputs(&files, 3, &sender));
        let feeds: Vec<String> = receiver
            .iter()
            .map(|feed| match feed {
                Feed::Articles(a) => a
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                Feed::FileDone(_) => "done".to_owned(),
            })
            .collect();
        assert_eq!(feeds, ["a0,a1,a2", "a3,a4,a5", "a6,a0", "done"]);
        let (seen, issues) = reader.join().unwrap();
        assert_eq!(seen.len(), 7);
        assert!(seen.contains(&id_hash("a6")));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(issues[0].message.contains("more than once"));
    }

    #[test]
    fn the_reader_stops_when_the_indexer_hangs_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wire.jsonl");
        let lines: Vec<String> = (0..100)
            .map(|i| format!(r#"{{"id": "a{i}", "body": "Text."}}"#))
            .collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        let (files, _) = ingest::discover(&[path.clone(), path]);
        let (sender, receiver) = std::sync::mpsc::sync_channel(0);
        drop(receiver);
        let (seen, _) = read_inputs(&files, 10, &sender);
        // The first send fails; the rest of the file is skipped, and the second file too.
        assert_eq!(seen.len(), 10);
    }
}
