//! Whole ingest runs: every article under some files and folders read on one thread
//! while another extracts and indexes them, commits at fixed boundaries, pruning, the
//! final merges, and a report. Also extraction alone over files, without an index.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsdex_extract::Extracted;
use rayon::prelude::*;
use tantivy::merge_policy::NoMergePolicy;
use tantivy::Term;

use super::indexer::{check_article, merge_policy, Indexer, Outcome};
use super::inputs;
use super::read::{self, InputIssue};
use crate::article::Article;
use crate::error::{io_error, OrStorage, Result};
use crate::schema::names;

/// Progress of an ingest run, for a progress bar.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
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
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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
    /// Files in the folders given of types newsdex does not read, by extension.
    #[cfg_attr(feature = "serde", serde(default))]
    pub unsupported: std::collections::BTreeMap<String, u64>,
    /// Parts of inputs left out as they should be, by reason: a crawl's request,
    /// revisit and non-HTML records, a feed's items without text.
    #[cfg_attr(feature = "serde", serde(default))]
    pub left_out: std::collections::BTreeMap<String, u64>,
    /// Input files read.
    pub files: u64,
    /// Bytes of article text processed.
    pub bytes: u64,
    /// Wall time of the run, commit included.
    pub elapsed: Duration,
    /// Nothing was read: the inputs, the settings and the index were as the last
    /// complete run left them, and `unchanged` counts that run's articles.
    #[cfg_attr(feature = "serde", serde(default))]
    pub inputs_unchanged: bool,
    /// The run was stopped ([`IndexerOptions::stop`](crate::IndexerOptions::stop))
    /// before it read every input: what it indexed is committed, and running it again
    /// goes on from there (unchanged articles are skipped).
    pub interrupted: bool,
}

impl Indexer<'_> {
    /// Reads every article under `paths` (files and folders), indexes it and commits.
    /// Problems with single inputs are collected in the report; the run goes on.
    pub fn index_paths(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<IndexReport> {
        let core = self.core;
        core.guard(|| self.run(paths, progress))
    }

    fn run(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let found = read::discover(paths, &self.options.read)?;
        let reader = self.options.read.reader()?;
        // Inputs as they are now, and whether the last complete run had them so.
        let dir = self.core.path().map(std::path::Path::to_path_buf);
        let stamp = self.inputs_stamp();
        let stamps = if found.issues.is_empty() && found.unsupported.is_empty() {
            inputs::stamps(&found.files)
        } else {
            None
        };
        if let (Some(dir), Some((files, _))) = (&dir, &stamps) {
            if let Some(last) = inputs::unchanged(dir, &stamp, self.opstamp()?, files) {
                let done = Progress {
                    files_done: files.len(),
                    files_total: files.len(),
                    bytes_total: found.files.iter().map(|f| f.len).sum(),
                    bytes_done: found.files.iter().map(|f| f.len).sum(),
                    articles: last.articles,
                };
                progress(&done);
                return Ok(IndexReport {
                    unchanged: last.articles,
                    issues: last.warnings(),
                    files: files.len() as u64,
                    left_out: last.left_out,
                    inputs_unchanged: true,
                    elapsed: started.elapsed(),
                    ..IndexReport::default()
                });
            }
        }
        // This run changes the index: the record of the last one no longer holds.
        if let Some(dir) = &dir {
            inputs::forget(dir).map_err(io_error)?;
        }
        let files = found.files;
        let mut report = IndexReport {
            issues: found.issues,
            unsupported: found.unsupported,
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
        let max_bytes = self.options.read.max_article_bytes;
        let saved_at = self.options.read.saved_at;
        // No merges while articles stream in: they would read segments while the
        // writer's buffers are full. The run ends with bounded merges of its own.
        self.writer.set_merge_policy(Box::new(NoMergePolicy));
        self.foresee();
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Feed>(READ_AHEAD);
        let (seen, read_issues, left_out, result) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                read_inputs(&files, &reader, batch_size, max_bytes, saved_at, &sender)
            });
            let result = self.consume(&receiver, &mut report, &mut state, progress);
            // On an error the receiver goes, the reader's next send fails and it stops.
            drop(receiver);
            let (seen, issues, left_out) = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (seen, issues, left_out, result)
        });
        report.issues.extend(read_issues);
        report.left_out = left_out;
        for (ext, n) in &report.unsupported {
            report.issues.push(unsupported_issue(paths, ext, *n));
        }
        if let Err(e) = result {
            self.writer
                .set_merge_policy(Box::new(merge_policy(self.core, &self.options)));
            return Err(e);
        }
        if report.interrupted {
            // Keep what was indexed; pruning would go by a partial view, and merging
            // can wait for the next run.
            self.commit_now()?;
        } else {
            if self.options.prune {
                self.commit_now()?;
                report.pruned = self.prune(paths, &seen, &report.issues)?;
            }
            self.commit_and_merge()?;
            // A complete run is recorded, so that the same run again can tell nothing
            // changed without reading. (Not one that skipped inputs: it is read again,
            // as its problems may be fixed.)
            if let (Some(dir), Some(stamps)) = (&dir, stamps) {
                let articles = report.added + report.updated + report.unchanged;
                let left_out = report.left_out.clone();
                let opstamp = self.opstamp()?;
                inputs::record(
                    dir,
                    stamp,
                    opstamp,
                    stamps,
                    articles,
                    left_out,
                    &report.issues,
                );
            }
        }
        self.writer
            .set_merge_policy(Box::new(merge_policy(self.core, &self.options)));
        report.skipped = report.issues.iter().filter(|i| i.skipped).count() as u64;
        report.elapsed = started.elapsed();
        progress(&state);
        Ok(report)
    }

    /// What besides the files decides what a run writes: extraction and schema versions,
    /// read options, pruning.
    fn inputs_stamp(&self) -> String {
        format!(
            "{} | format {} | {:?} | prune {}",
            crate::EXTRACTION_VERSION,
            crate::FORMAT_VERSION,
            self.options.read,
            self.options.prune
        )
    }

    /// The opstamp of the index's last commit.
    fn opstamp(&self) -> Result<u64> {
        Ok(self.core.inner.load_metas().storage()?.opstamp)
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
        // Bytes of the files read to their end.
        let mut files_bytes = 0;
        for feed in receiver {
            if self.stopped() {
                report.interrupted = true;
                break;
            }
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
                Feed::Read(bytes) => {
                    // Within the file being read: its bytes so far.
                    state.bytes_done = files_bytes + bytes;
                    progress(state);
                }
                Feed::FileDone(len) => {
                    report.files += 1;
                    state.files_done += 1;
                    files_bytes += len;
                    state.bytes_done = files_bytes;
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

    /// Articles to extract together next: a batch, cut short so that a commit falls
    /// exactly every `commit_every_articles` (a killed run then keeps whole commits).
    fn chunk_size(&self) -> usize {
        let to_commit = match self.options.commit_every_articles {
            0 => usize::MAX,
            every => every.saturating_sub(self.since_commit),
        };
        self.options.batch_size.min(to_commit).max(1)
    }

    /// Whether the run was asked to stop.
    fn stopped(&self) -> bool {
        self.options
            .stop
            .as_ref()
            .is_some_and(|stop| stop.load(std::sync::atomic::Ordering::Relaxed))
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
    /// except those from inputs that failed to read, whole or in part: an article whose
    /// line is malformed right now may still exist.
    fn prune(
        &mut self,
        roots: &[PathBuf],
        seen: &HashSet<u64>,
        issues: &[InputIssue],
    ) -> Result<u64> {
        let failed: Vec<PathBuf> = issues
            .iter()
            .filter(|i| i.skipped)
            .map(|i| read::canonical(&i.path))
            .collect();
        let roots: Vec<PathBuf> = roots.iter().map(|r| read::canonical(r)).collect();
        let searcher = self.core.latest_searcher();
        let mut gone = Vec::new();
        for segment in searcher.segment_readers() {
            let (Some(ids), Some(origins)) = (
                segment.fast_fields().str(names::ID).storage()?,
                segment.fast_fields().str(names::ORIGIN).storage()?,
            ) else {
                continue;
            };
            let (mut id, mut origin) = (String::new(), String::new());
            for doc in segment.doc_ids_alive() {
                let Some(ord) = origins.term_ords(doc).next() else {
                    continue;
                };
                origin.clear();
                if !origins.ord_to_str(ord, &mut origin).map_err(io_error)? {
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
                if ids.ord_to_str(ord, &mut id).map_err(io_error)? && !seen.contains(&id_hash(&id))
                {
                    gone.push(id.clone());
                }
            }
        }
        for id in &gone {
            self.delete_term(Term::from_field_text(self.core.fields.id, id));
            self.pending.insert(id.clone(), None);
        }
        Ok(gone.len() as u64)
    }
}

/// Batches of articles the reader thread may hold ready beyond the one being indexed.
const READ_AHEAD: usize = 2;

/// What the reader thread sends to the indexing thread.
enum Feed {
    /// The next articles, in input order.
    Articles(Vec<Article>),
    /// Bytes of the current file read so far, for progress inside large files.
    Read(u64),
    /// An input file was read to its end; its size in bytes, for progress.
    FileDone(u64),
}

/// Reads `files` in order and sends their articles in batches of `batch_size`. Returns
/// the ids seen (for pruning) and the problems met, ids given twice included. Stops
/// early when the indexing side has hung up.
fn read_inputs(
    files: &[read::InputFile],
    reader: &newsdex_formats::Reader,
    batch_size: usize,
    max_bytes: usize,
    saved_at: Option<read::SavedAt>,
    sender: &std::sync::mpsc::SyncSender<Feed>,
) -> (
    HashSet<u64>,
    Vec<InputIssue>,
    std::collections::BTreeMap<String, u64>,
) {
    let mut issues = Vec::new();
    let mut left_out = std::collections::BTreeMap::new();
    let mut seen = HashSet::new();
    let mut batch = Vec::with_capacity(batch_size);
    // Set when the indexing side hung up (on an error): reading stops.
    let hung_up = std::cell::Cell::new(false);
    for file in files {
        let mut found = Vec::new();
        let mut last_sent = Instant::now();
        let mut last_bytes = 0;
        let read = read::read_with(
            file,
            reader,
            max_bytes,
            saved_at,
            &mut issues,
            &mut |article| {
                if let Err(e) = check_article(&article, max_bytes) {
                    found.push(InputIssue::new(&file.path, e.to_string(), true));
                    return ControlFlow::Continue(());
                }
                // Ids seen in this run: for pruning, and to report an id given twice (the
                // later article replaces the earlier, as it would in a later run).
                if !seen.insert(id_hash(&article.id)) {
                    found.push(InputIssue::new(
                        &file.path,
                        format!(
                            "id {:?} appears more than once in this run; the last one wins",
                            article.id
                        ),
                        false,
                    ));
                }
                batch.push(article);
                if batch.len() >= batch_size {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    hung_up.set(sender.send(Feed::Articles(full)).is_err());
                }
                if hung_up.get() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
            &mut |bytes| {
                // A few times a second is enough for a progress bar, and every fiftieth
                // of the file, so that a fast read moves it too.
                let step = (file.len / 50).max(1);
                if last_sent.elapsed() >= PROGRESS_EVERY || bytes >= last_bytes + step {
                    last_sent = Instant::now();
                    last_bytes = bytes;
                    if sender.send(Feed::Read(bytes)).is_err() {
                        hung_up.set(true);
                    }
                }
            },
        );
        match read {
            Ok(parts) => {
                for (reason, n) in parts {
                    *left_out.entry(reason).or_insert(0) += n;
                }
            }
            Err(e) => issues.push(InputIssue::new(&file.path, e.to_string(), true)),
        }
        issues.append(&mut found);
        if !batch.is_empty() && !hung_up.get() {
            let rest = std::mem::take(&mut batch);
            hung_up.set(sender.send(Feed::Articles(rest)).is_err());
        }
        if hung_up.get() || sender.send(Feed::FileDone(file.len)).is_err() {
            break;
        }
    }
    (seen, issues, left_out)
}

/// How often the reader thread reports its progress inside a file.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// An id's 64-bit hash: a run remembers the ids it saw by hash, not by name, so the set
/// stays small on large archives. A collision would at worst keep an article pruning
/// should have deleted, or warn of a duplicate id that is not one.
fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// Extracts articles in parallel, results in input order.
pub fn extract_all(articles: &[Article]) -> Vec<Extracted> {
    articles.par_iter().map(Article::extract).collect()
}

/// Extracts every article under `paths` without indexing: articles are read file by
/// file as `options` say, extracted in parallel in chunks, and handed to `each` in input
/// order. Returns the problems met, or a user error for options that cannot be used (a
/// bad glob or field mapping); an error from `each` (a closed pipe, say) stops the run.
pub fn extract_paths<E: From<crate::Error>>(
    paths: &[PathBuf],
    options: &read::ReadOptions,
    mut each: impl FnMut(&Article, Extracted) -> Result<(), E>,
) -> Result<Vec<InputIssue>, E> {
    const CHUNK: usize = 1024;
    let found = read::discover(paths, options)?;
    let reader = options.reader()?;
    let mut issues = found.issues;
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut failed = None;
    let mut flush = |chunk: &mut Vec<Article>, failed: &mut Option<E>| {
        if failed.is_some() {
            chunk.clear();
            return;
        }
        let extracted = extract_all(chunk);
        for (article, x) in chunk.iter().zip(extracted) {
            if let Err(e) = each(article, x) {
                *failed = Some(e);
                break;
            }
        }
        chunk.clear();
    };
    for file in &found.files {
        let read = read::read_with(
            file,
            &reader,
            options.max_article_bytes,
            options.saved_at,
            &mut issues,
            &mut |article| {
                chunk.push(article);
                if chunk.len() == CHUNK {
                    flush(&mut chunk, &mut failed);
                }
                if failed.is_some() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
            &mut |_| {},
        );
        if let Err(e) = read {
            issues.push(InputIssue::new(&file.path, e.to_string(), true));
        }
        flush(&mut chunk, &mut failed);
        if let Some(e) = failed.take() {
            return Err(e);
        }
    }
    for (ext, n) in found.unsupported {
        issues.push(unsupported_issue(paths, &ext, n));
    }
    Ok(issues)
}

/// [`extract_paths`] over an archive: every article is extracted first, then each one's
/// actors are named as across the whole archive (one entity, one name: "IMF" in one
/// article, "International Monetary Fund" in another), and handed to `each` in input
/// order. Holds every article in memory until the end.
pub fn extract_archive<E: From<crate::Error>>(
    paths: &[PathBuf],
    options: &read::ReadOptions,
    mut each: impl FnMut(&Article, &Extracted) -> Result<(), E>,
) -> Result<Vec<InputIssue>, E> {
    let mut resolver = newsdex_extract::Resolver::new();
    let mut all = Vec::new();
    let issues = extract_paths(paths, options, |article, x| -> Result<(), E> {
        resolver.add(&x.actors);
        all.push((article.clone(), x));
        Ok(())
    })?;
    for (article, mut x) in all {
        resolver.resolve(&mut x.actors);
        each(&article, &x)?;
    }
    Ok(issues)
}

/// "12 .pdf files skipped: not a type newsdex reads", for a front end to print.
pub(crate) fn unsupported_issue(paths: &[PathBuf], ext: &str, n: u64) -> InputIssue {
    let what = if ext.is_empty() {
        "without an extension".to_owned()
    } else {
        format!(".{ext}")
    };
    let root = paths.first().cloned().unwrap_or_default();
    InputIssue::new(
        &root,
        format!(
            "{n} {what} file{} skipped: not a type newsdex reads",
            if n == 1 { "" } else { "s" }
        ),
        false,
    )
    .of_kind(read::IssueKind::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::DEFAULT_MAX_ARTICLE_BYTES;
    use std::path::Path;

    /// Writes one JSON Lines record per body to `path`, with ids "a0", "a1", ...
    fn write_jsonl(path: &Path, bodies: impl IntoIterator<Item = String>) {
        let lines: Vec<String> = bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| serde_json::json!({ "id": format!("a{i}"), "body": body }).to_string())
            .collect();
        std::fs::write(path, lines.join("\n")).unwrap();
    }

    /// Indexes `input` into the index at `path` (made when missing) in one run.
    fn run_on(path: &Path, input: &Path, options: crate::IndexerOptions) -> crate::Index {
        let index = crate::Index::open_or_create_in_dir(path).unwrap();
        index
            .indexer(options)
            .unwrap()
            .index_paths(&[input.to_path_buf()], &mut |_| {})
            .unwrap();
        index
    }

    /// A run leaves the entity table of its last segments on disk, after merges or
    /// none, so that no search has to build it.
    #[test]
    fn a_run_leaves_the_table_of_its_segments_merged_or_not() {
        use crate::schema::entity_table::Entities;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("wire.jsonl");
        write_jsonl(
            &input,
            (0..60).map(|i| {
                format!(
                    "Central bank governor Lena Varga met Karl Ostergaard in Vienna on day {i}."
                )
            }),
        );
        for (budget, merged) in [(u64::MAX, true), (1u64, false)] {
            let path = dir.path().join(format!("index-{budget}"));
            let options = crate::IndexerOptions {
                commit_every_articles: 20,
                max_merge_bytes: budget,
                ..Default::default()
            };
            let index = run_on(&path, &input, options);
            let searcher = index.core.latest_searcher();
            let segments = crate::core::entities::segment_ids(&searcher);
            assert_eq!(segments.len() == 1, merged, "{segments:?}");
            let table = Entities::load(&path, &searcher, index.core.rules().fingerprint())
                .expect("the table of the run's last segments");
            assert!(!table.find("lena varga").is_empty());
        }
    }

    /// A run on an empty index that commits once groups its actors while tantivy
    /// writes the segment, and the table is the one the segment gives; a second run,
    /// on an index with articles, foresees nothing.
    #[test]
    fn a_first_run_groups_its_actors_ahead_into_the_same_table() {
        use crate::core::entities::SPECULATIONS_TAKEN;
        use crate::schema::entity_table::Entities;
        use std::sync::atomic::Ordering;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("wire.jsonl");
        let who = [
            "Lena Varga",
            "Karl Ostergaard",
            "the International Monetary Fund",
        ];
        write_jsonl(
            &input,
            (0..30).map(|i| {
                format!(
                    "{} met Varga and the IMF in Vienna on day {i}. Ostergaard left.",
                    who[i % 3]
                )
            }),
        );
        let path = dir.path().join("index");
        let before = SPECULATIONS_TAKEN.load(Ordering::Relaxed);
        // (Lists at any size: this archive is far below the default.)
        let options = crate::IndexerOptions {
            facet_lists_from: 0,
            ..Default::default()
        };
        let index = run_on(&path, &input, options);
        assert!(SPECULATIONS_TAKEN.load(Ordering::Relaxed) > before);
        let searcher = index.core.latest_searcher();
        let rules = index.core.rules();
        let saved = Entities::load(&path, &searcher, rules.fingerprint()).unwrap();
        let built = Entities::build_with(&searcher, &rules, None, true).unwrap();
        assert_eq!(saved.to_file(), built.to_file());
        // Its articles' lists too, read from their file.
        let lists = |table: &Entities| {
            let lists = table.article_lists().expect("the articles' lists");
            lists
                .entities
                .iter()
                .chain(lists.mentioned.iter())
                .map(|d| {
                    (0..d.docs() as u32)
                        .map(|doc| d.of(doc).collect::<Vec<_>>())
                        .collect()
                })
                .collect::<Vec<Vec<Vec<u32>>>>()
        };
        assert_eq!(lists(&saved), lists(&built));
        assert!(lists(&saved)[0].iter().any(|ids| ids.len() > 1));
        assert!(!saved.find("varga").is_empty());
        // Articles in the index already: the run cannot foresee its segments.
        let more = dir.path().join("more.jsonl");
        std::fs::write(&more, r#"{"id": "b1", "body": "Lena Varga spoke."}"#).unwrap();
        let mut indexer = index.indexer(crate::IndexerOptions::default()).unwrap();
        indexer.foresee();
        assert!(indexer.foresight.is_none());
        indexer
            .index_paths(std::slice::from_ref(&more), &mut |_| {})
            .unwrap();
    }

    #[test]
    fn the_reader_sends_batches_as_it_reads_not_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wire.jsonl");
        let lines: Vec<String> = (0..7)
            .map(|i| format!(r#"{{"id": "a{i}", "body": "Text {i}."}}"#))
            .chain([r#"{"id": "a0", "body": "Again."}"#.to_owned()])
            .collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        let options = read::ReadOptions::default();
        let files = read::discover(&[path], &options).unwrap().files;
        let reader = options.reader().unwrap();
        // A channel without room: every send waits for the receiver, so the reader can
        // be at most one batch ahead.
        let (sender, receiver) = std::sync::mpsc::sync_channel(0);
        let reader = std::thread::spawn(move || {
            read_inputs(&files, &reader, 3, DEFAULT_MAX_ARTICLE_BYTES, None, &sender)
        });
        let feeds: Vec<String> = receiver
            .iter()
            .filter_map(|feed| match feed {
                Feed::Articles(a) => Some(
                    a.iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Feed::Read(_) => None,
                Feed::FileDone(_) => Some("done".to_owned()),
            })
            .collect();
        assert_eq!(feeds, ["a0,a1,a2", "a3,a4,a5", "a6,a0", "done"]);
        let (seen, issues, _) = reader.join().unwrap();
        assert_eq!(seen.len(), 7);
        assert!(seen.contains(&id_hash("a6")));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(issues[0].message.contains("more than once"));
    }

    #[test]
    fn the_reader_stops_when_the_indexer_hangs_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wire.jsonl");
        write_jsonl(&path, (0..100).map(|_| "Text.".to_owned()));
        let options = read::ReadOptions::default();
        let files = read::discover(&[path.clone(), path], &options)
            .unwrap()
            .files;
        let (sender, receiver) = std::sync::mpsc::sync_channel(0);
        drop(receiver);
        let reader = options.reader().unwrap();
        let (seen, _, _) = read_inputs(
            &files,
            &reader,
            10,
            DEFAULT_MAX_ARTICLE_BYTES,
            None,
            &sender,
        );
        // The first send (progress, or the first batch of ten) fails; the rest of the
        // file is skipped, and the second file too.
        assert!((1..=10).contains(&seen.len()), "{}", seen.len());
    }
}
