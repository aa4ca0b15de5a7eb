//! The index handle, the one type an embedding program holds: it opens or creates an
//! index and delegates writing to `write/` and questions to `search/`. All of
//! `Index`'s methods are in this one block.

use std::path::Path;

use crate::core::rules::Rule;
use crate::core::Core;
use crate::error::Result;
use crate::search::{
    self, Matches, SearchRequest, SearchResults, SearchState, Stats, StoredArticle,
};
use crate::write::{Indexer, IndexerOptions};

/// A newsdex index: open it, add articles with an [`Indexer`], search it.
///
/// The handle is `Send + Sync` and cheap to share: searches from many threads run at once,
/// each on the latest commit loaded. A search over an index of several segments also runs
/// in a pool of threads the handle shares among its searches (see
/// [`Index::set_search_threads`]).
pub struct Index {
    pub(crate) core: Core,
    pub(crate) searching: SearchState,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("path", &self.core.path())
            .finish_non_exhaustive()
    }
}

impl Index {
    /// Opens the index in `path`; fails with
    /// [`UserError::IndexNotFound`](crate::UserError::IndexNotFound) when there is none.
    pub fn open_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        Core::open_in_dir(path.as_ref()).map(Index::with_core)
    }

    /// Creates a new, empty index in `path`, creating the folder if needed.
    pub fn create_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        Core::create_in_dir(path.as_ref()).map(Index::with_core)
    }

    /// Opens the index in `path`, or creates one there when there is none.
    pub fn open_or_create_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        Core::open_or_create_in_dir(path.as_ref()).map(Index::with_core)
    }

    /// Creates an index in memory, for tests and short-lived programs.
    pub fn create_in_ram() -> Result<Index> {
        Core::create_in_ram().map(Index::with_core)
    }

    fn with_core(core: Core) -> Index {
        Index {
            core,
            searching: SearchState::new(),
        }
    }

    /// Where the index lives, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.core.path()
    }

    /// Makes searches see the latest commit, including one made by another process.
    /// Searches running meanwhile (from other threads) go on with the commit they had
    /// until the new one is ready to search: its entity table is loaded or built first,
    /// so that no search waits for it.
    pub fn reload(&self) -> Result<()> {
        self.core.pin();
        let loaded = self.core.reload().and_then(|()| {
            self.searching
                .entities(&self.core, &self.core.latest_searcher())
                .map(drop)
        });
        self.core.unpin();
        loaded
    }

    /// Starts writing. Fails with [`UserError::IndexLocked`](crate::UserError::IndexLocked)
    /// when another process writes.
    pub fn indexer(&self, options: IndexerOptions) -> Result<Indexer<'_>> {
        Indexer::new(&self.core, options)
    }

    /// Runs a search on the latest commit loaded.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.core
            .guard(|| search::run(&self.core, &self.searching, request))
    }

    /// Every match of `request` from its offset, at most `limit` of them (`None`: all),
    /// in its order, read from the index one at a time: for exports and streams, where
    /// [`Index::search`] returns one page. The request's own limit and facets are not
    /// used.
    pub fn hits(&self, request: &SearchRequest, limit: Option<usize>) -> Result<Matches<'_>> {
        self.core
            .guard(|| search::hits(&self.core, &self.searching, request, limit))
    }

    /// Counts and ranges over the whole index.
    pub fn stats(&self) -> Result<Stats> {
        self.core.guard(|| search::stats(&self.core))
    }

    /// One article by id, with what was extracted from it.
    pub fn article(&self, id: &str) -> Result<StoredArticle> {
        self.core
            .guard(|| search::article(&self.core, &self.searching, id))
    }

    /// Checks every file of the index against the checksum it was written with, and
    /// reads every article and column once: [`UserError::IndexDamaged`] names what is
    /// not whole. Opening an index checks only the files it has not seen whole before;
    /// this checks them all.
    ///
    /// [`UserError::IndexDamaged`]: crate::UserError::IndexDamaged
    pub fn check(&self) -> Result<Stats> {
        self.core.guard(|| {
            self.core.verify(crate::core::Depth::All)?;
            search::read_everything(&self.core)?;
            search::stats(&self.core)
        })
    }

    /// The user's rules about actors, in the order they were given: aliases, hidden
    /// actors, kinds. They are kept with the index and applied to every search, without
    /// re-indexing.
    pub fn actor_rules(&self) -> Vec<Rule> {
        self.core.rules().rules
    }

    /// Adds a rule about actors (see [`Rule`]). Takes the index's writer lock for a
    /// moment: [`UserError::IndexLocked`](crate::UserError::IndexLocked) while another
    /// process writes.
    pub fn add_actor_rule(&self, rule: Rule) -> Result<()> {
        self.core.guard(|| {
            let mut rules = self.core.rules();
            if !rules.rules.contains(&rule) {
                rules.rules.push(rule);
            }
            self.core.set_rules(rules)
        })
    }

    /// Removes the rule at `position` in [`Index::actor_rules`] and returns it.
    pub fn remove_actor_rule(&self, position: usize) -> Result<Rule> {
        self.core.guard(|| {
            let mut rules = self.core.rules();
            if position >= rules.rules.len() {
                return Err(crate::UserError::InvalidRequest(format!(
                    "there is no rule at position {position} (counted from 0); the index has {} rule{}",
                    rules.rules.len(),
                    if rules.rules.len() == 1 { "" } else { "s" }
                ))
                .into());
            }
            let rule = rules.rules.remove(position);
            self.core.set_rules(rules)?;
            Ok(rule)
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
        self.searching.set_threads(threads);
    }

    /// How many threads a search over the commit loaded now uses: one over an index of
    /// one segment, else up to [`Index::search_threads`], one per segment.
    pub fn threads_per_search(&self) -> usize {
        self.searching
            .threads_for(self.core.searcher().segment_readers().len())
    }

    /// How many threads one search may use (see [`Index::set_search_threads`]).
    pub fn search_threads(&self) -> usize {
        self.searching.threads()
    }
}
