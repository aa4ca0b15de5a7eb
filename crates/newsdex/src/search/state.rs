//! What an [`Index`](crate::Index) keeps between searches: the cache of the segments
//! last searched, counter arrays to reuse, and the threads a search over several
//! segments runs in.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::{Executor, Searcher};

use super::actor_counts::Tally;
use super::cache::{segment_ids, CacheState, SegmentsCache};
use crate::core::Core;
use crate::error::OrStorage;
use crate::schema::entity_table::Entities;

/// Per-index search state, shared by every search on one handle.
pub(crate) struct SearchState {
    /// What is kept in memory about the last set of segments searched.
    cache: Mutex<CacheState>,
    /// Counter arrays given back by searches, for the next ones.
    counters: CounterPool,
    /// Threads one search may use (see [`Index::set_search_threads`](crate::Index::set_search_threads)).
    threads: AtomicUsize,
    /// The threads searches over several segments run in, made on first use, with
    /// their number.
    pool: Mutex<Option<(usize, Executor)>>,
    /// The entity tables last used, newest first: two, so that searches on the commit
    /// before a reload and on the one after it do not take turns rebuilding them.
    entities: Mutex<Vec<Arc<Entities>>>,
    /// Held while a table is built, so that searches that need one wait for the one
    /// build instead of each making it; searches whose table is kept do not wait.
    building: Mutex<()>,
}

impl SearchState {
    pub fn new() -> SearchState {
        SearchState {
            cache: Mutex::new(CacheState::Empty),
            counters: CounterPool::default(),
            threads: AtomicUsize::new(default_search_threads()),
            pool: Mutex::new(None),
            entities: Mutex::new(Vec::new()),
            building: Mutex::new(()),
        }
    }

    /// The entities of `searcher`'s segments under the index's rules: the table kept in
    /// memory, else the one the writer saved, else one built now.
    pub fn entities(&self, core: &Core, searcher: &Searcher) -> crate::Result<Arc<Entities>> {
        let ids = crate::core::entities::segment_ids(searcher);
        let rules = core.rules();
        let fingerprint = rules.fingerprint();
        let kept = || {
            self.entities
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
                .find(|t| t.segments() == ids && t.rules() == fingerprint)
                .cloned()
        };
        if let Some(table) = kept() {
            return Ok(table);
        }
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        // Built meanwhile by the search this one waited for?
        if let Some(table) = kept() {
            return Ok(table);
        }
        let loaded = core
            .path()
            .and_then(|dir| Entities::load(dir, searcher, fingerprint));
        let table = match loaded {
            Some(table) => table,
            None => Entities::build(searcher, &rules).storage()?,
        };
        let table = Arc::new(table);
        let mut tables = self.entities.lock().unwrap_or_else(PoisonError::into_inner);
        tables.insert(0, Arc::clone(&table));
        tables.truncate(2);
        Ok(table)
    }

    pub fn set_threads(&self, threads: usize) {
        self.threads.store(threads.max(1), Ordering::Relaxed);
    }

    pub fn threads(&self) -> usize {
        self.threads.load(Ordering::Relaxed)
    }

    /// The threads a search over `segments` segments uses: 1 over one segment, else the
    /// segments shared among up to [`SearchState::threads`] threads.
    pub fn threads_for(&self, segments: usize) -> usize {
        if segments < 2 {
            1
        } else {
            self.threads().min(segments)
        }
    }

    /// Where a search over `segments` segments runs: on the calling thread when
    /// [`SearchState::threads_for`] says one thread, else in a pool of threads made once.
    /// If threads cannot be started, searches run on the calling thread.
    pub fn executor(&self, segments: usize) -> Executor {
        if self.threads_for(segments) < 2 {
            return Executor::single_thread();
        }
        let threads = self.threads();
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
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

    /// The cache of `searcher`'s segments when it is worth having: the one built
    /// already, or built now on the second search over the same segments.
    pub fn segments_cache(
        &self,
        searcher: &Searcher,
        entities: &Arc<Entities>,
    ) -> tantivy::Result<Option<Arc<SegmentsCache>>> {
        let ids = segment_ids(searcher);
        // Held while building, so concurrent searches build it once.
        let mut state = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        match &*state {
            CacheState::Built(cache)
                if cache.segments == ids && Arc::ptr_eq(&cache.entities, entities) =>
            {
                Ok(Some(Arc::clone(cache)))
            }
            CacheState::Seen(seen) if *seen == ids => {
                let cache = Arc::new(SegmentsCache::build(searcher, Arc::clone(entities))?);
                *state = CacheState::Built(Arc::clone(&cache));
                Ok(Some(cache))
            }
            _ => {
                *state = CacheState::Seen(ids);
                Ok(None)
            }
        }
    }

    /// The pool of counter arrays, for a collector to take from when it first counts.
    pub fn counter_pool(&self) -> CounterPool {
        self.counters.clone()
    }
}

/// Counter arrays given back by searches, shared by an index's searches and their
/// segment collectors. An array in the pool is all zeros, or marked dirty: whoever gives
/// one back zeroes only the counters it used when it knows them; one that used many is
/// zeroed by the next search that takes it (a command-line search, the process's only
/// one, then never pays for it).
#[derive(Clone, Default)]
pub(crate) struct CounterPool(Arc<Mutex<Vec<Kept>>>);

/// An array in the pool, and whether it is dirty.
type Kept = (Vec<u32>, bool);

impl CounterPool {
    /// A zeroed array of `len` counters, from the arrays earlier searches gave back: a
    /// new one would be fresh pages the kernel zeroes, on every search.
    pub fn take(&self, len: usize) -> Vec<u32> {
        let mut pool = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match pool.pop() {
            Some((mut counts, dirty)) => {
                if dirty {
                    counts.fill(0);
                }
                // (All zeros now: only a longer array needs more.)
                counts.resize(len, 0);
                counts
            }
            // (Allocated zeroed, so that fresh pages from the system are not written.)
            None => vec![0; len],
        }
    }

    /// Gives back counters that are all zero, for later searches (a few, of bounded
    /// size).
    pub fn give_back_zeroed(&self, counts: Vec<u32>) {
        debug_assert!(counts.iter().all(|&n| n == 0));
        self.keep(counts, false);
    }

    /// Gives back counters that may hold anything, to be zeroed when taken again.
    pub fn give_back_dirty(&self, counts: Vec<u32>) {
        self.keep(counts, true);
    }

    fn keep(&self, counts: Vec<u32>, dirty: bool) {
        if counts.capacity() == 0 || counts.capacity() > 1 << 24 {
            return;
        }
        let mut pool = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() < 8 {
            pool.push((counts, dirty));
        }
    }

    /// Whether every array in the pool is all zeros, or marked to be zeroed when taken.
    #[cfg(test)]
    pub fn all_zeros(&self) -> bool {
        let pool = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        pool.iter()
            .all(|(counts, dirty)| *dirty || counts.iter().all(|&n| n == 0))
    }

    /// Gives back a segment's counts, zeroing the counters it lists, or all when it
    /// lists none.
    pub fn give_back_counted(&self, tally: Tally) {
        let (mut counts, counted) = tally.into_parts();
        match counted {
            Some(counted) => {
                for e in counted {
                    if let Some(n) = counts.get_mut(e as usize) {
                        *n = 0;
                    }
                }
                self.give_back_zeroed(counts);
            }
            None => self.give_back_dirty(counts),
        }
    }
}

/// The number of cores, at most 8: a search has at most one task per segment, and large
/// indexes have a handful of segments.
fn default_search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(super) mod tests {
    use crate::{Article, Index, IndexerOptions, SearchRequestBuilder};

    /// Commits one article about a port strike in Gdansk, as its own segment.
    pub(in crate::search) fn add(index: &Index, id: &str) {
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        indexer
            .add_batch(vec![Article::new(id).with_title("Port strike").with_body(
                "Dock workers in Gdansk went on strike, Anna Lindqvist said.",
            )])
            .unwrap();
        indexer.commit().unwrap();
    }

    /// An array given back dirty is all zeros when the next search takes it, and one
    /// given back zeroed is taken as it is, longer when asked.
    #[test]
    fn counters_given_back_are_zeros_when_taken_again() {
        let pool = super::CounterPool::default();
        let mut counts = pool.take(4);
        counts[1] = 7;
        counts[3] = 2;
        pool.give_back_dirty(counts);
        assert!(pool.all_zeros());
        assert_eq!(pool.take(6), [0; 6]);
        pool.give_back_zeroed(vec![0; 3]);
        assert_eq!(pool.take(5), [0; 5]);
    }

    /// A segment with no match takes no counter array, and the segments that match
    /// still count: only the second of two segments names "Fernwood".
    #[test]
    fn actors_are_counted_when_only_some_segments_match() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_in_dir(dir.path()).unwrap();
        add(&index, "a");
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        indexer
            .add_batch(vec![Article::new("b").with_title("Mill closes").with_body(
                "The Fernwood mill closed, Marta Olsson said in Tampere.",
            )])
            .unwrap();
        indexer.commit().unwrap();
        index.reload().unwrap();
        assert!(index.core.searcher().segment_readers().len() >= 2);
        // The matches of `query`, and the names counted among them.
        let counted = |query: &str| -> (u64, Vec<String>) {
            let results = index
                .search(&SearchRequestBuilder::new(query).build())
                .unwrap();
            let names = results.facets.actors.into_iter().map(|a| a.name).collect();
            (results.total, names)
        };
        // The second segment alone, then the first alone, then neither.
        let (total, names) = counted("Fernwood");
        assert_eq!(total, 1);
        assert!(names.iter().any(|n| n == "Marta Olsson"), "{names:?}");
        assert!(!names.iter().any(|n| n == "Anna Lindqvist"), "{names:?}");
        let (_, names) = counted("Gdansk");
        assert!(names.iter().any(|n| n == "Anna Lindqvist"), "{names:?}");
        assert!(counted("nowhere").1.is_empty());
    }

    /// A reload makes the new commit's entity table before searches see the commit, and
    /// keeps the one before it: searches still on the old commit find theirs kept.
    #[test]
    fn a_reload_makes_the_entity_table_before_searches_see_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_in_dir(dir.path()).unwrap();
        add(&index, "a");
        let old = index.core.searcher();
        let searching = || {
            index
                .searching
                .entities
                .lock()
                .unwrap()
                .iter()
                .map(|t| t.segments().to_vec())
                .collect::<Vec<_>>()
        };
        index.core.pin();
        add(&index, "b");
        // Pinned: searches are on the commit they had.
        let request = SearchRequestBuilder::new("strike").build();
        assert_eq!(index.search(&request).unwrap().total, 1);
        index.core.unpin();
        index.reload().unwrap();
        let new = index.core.searcher();
        let ids = |s: &tantivy::Searcher| crate::core::entities::segment_ids(s);
        assert_ne!(ids(&old), ids(&new));
        let kept = searching();
        assert_eq!(kept.first(), Some(&ids(&new)), "{kept:?}");
        assert!(kept.contains(&ids(&old)), "{kept:?}");
        assert_eq!(index.search(&request).unwrap().total, 2);
    }
}
