//! Counts matching articles per entity (see `core::entities`), from the `actors` column
//! (`kind\0Name` strings): each of a match's actor ordinals is mapped to its entity, and
//! an article that names one entity under two names counts once. Entity ids are the
//! same in every segment, so segments' counts add up as arrays, and only the winners'
//! names are read.
//!
//! When the writer kept every article's entities beside the entity table (the file
//! `newsdex.article-facets`, see `schema::doc_lists`), or a long-lived index read them
//! into its cache (see `cache.rs`), counting a match is a walk over a few integers
//! rather than a read of the bit-packed column and a lookup per actor.

use std::sync::{Arc, Mutex, PoisonError};

use newsdex_extract::ActorKind;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::state::{CounterPool, SearchState};
use crate::schema::doc_lists::DocList;
use crate::schema::entity_table::{Entities, SegmentEntities};
use crate::schema::names;

/// The `n` most named entities of each kind among the matches, kind by kind, most first:
/// (entity, articles).
pub(crate) type TopActors = Vec<(u32, u64)>;

pub(crate) struct ActorCountCollector<'a> {
    /// Where counter arrays come from and go back to.
    pub state: &'a SearchState,
    /// Actors wanted per kind.
    pub top: usize,
    /// The kinds counted.
    pub kinds: Vec<ActorKind>,
    /// The entities of the searcher's segments.
    pub entities: Arc<Entities>,
    /// Every article's entities, when the index keeps them for these segments (else
    /// the table's own, when it has them).
    pub docs: Option<Arc<Vec<DocList>>>,
    /// The tallies of the segments counted so far, for the next segment to go on
    /// with: segments counted one after another on a thread share one array of
    /// counters, so that a search takes one per thread, not one per segment (a
    /// command-line search's arrays are fresh pages, each zeroed and faulted in).
    pub idle: Idle,
}

/// Tallies between segments (see [`ActorCountCollector::idle`]).
pub(crate) type Idle = Arc<Mutex<Vec<Tally>>>;

pub(crate) struct ActorCountSegmentCollector {
    /// Matches per entity; empty until the segment's first match, so that a segment (or
    /// a search) with no match takes no array of one counter per entity. Taken from
    /// and given back to `idle`.
    counts: Tally,
    idle: Idle,
    /// Where the arrays come from, and how long they are.
    pool: CounterPool,
    entities: usize,
    /// The segment's `actors` column, when it has one, and its ordinals' entities.
    column: Option<StrColumn>,
    map: SegmentEntities,
    /// A document's ordinals, read from the column as one range.
    buffer: Vec<u64>,
    /// The cached entities of this segment's documents, read instead of the column.
    cached: Option<(Arc<Vec<DocList>>, usize)>,
}

/// A segment's `actors` column, if any of its articles names an actor.
pub(crate) fn actor_column(segment: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
    segment.fast_fields().str(names::ACTOR)
}

impl Collector for ActorCountCollector<'_> {
    type Fruit = TopActors;
    type Child = ActorCountSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let cached = self
            .docs
            .as_ref()
            .or(self.entities.article_lists().map(|l| &l.entities))
            .filter(|d| d.len() > segment as usize)
            .map(|d| (Arc::clone(d), segment as usize));
        let (column, map) = if cached.is_some() {
            (None, self.entities.segment_entities(usize::MAX))
        } else {
            (
                actor_column(reader)?,
                self.entities.segment_entities(segment as usize),
            )
        };
        let counts = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_else(|| Tally::new(Vec::new()));
        Ok(ActorCountSegmentCollector {
            counts,
            idle: Arc::clone(&self.idle),
            pool: self.state.counter_pool(),
            entities: self.entities.len(),
            column,
            map,
            buffer: Vec::new(),
            cached,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<TopActors> {
        // The segments' counts are in the idle tallies, one per thread that counted.
        let mut fruits =
            std::mem::take(&mut *self.idle.lock().unwrap_or_else(PoisonError::into_inner));
        let Some(mut summed) = fruits.pop() else {
            return Ok(Vec::new());
        };
        for fruit in fruits {
            summed.add_up(fruit, &self.state.counter_pool());
        }
        let top = match &mut summed.counted {
            Some(counted) => {
                // In entity order, as the pass over every counter would give them.
                counted.sort_unstable();
                let counts = &summed.counts;
                let counted = counted.iter().map(|&e| (e, counts[e as usize]));
                winners(counted, &self.entities, &self.kinds, self.top)
            }
            None => {
                let counted = (0u32..).zip(summed.counts.iter().copied());
                winners(counted, &self.entities, &self.kinds, self.top)
            }
        };
        self.state.counter_pool().give_back_counted(summed);
        Ok(top)
    }
}

impl SegmentCollector for ActorCountSegmentCollector {
    /// (The counts go back to the collector's idle tallies.)
    type Fruit = ();

    fn collect(&mut self, doc: DocId, _: Score) {
        if self.counts.counts.is_empty() {
            if self.entities == 0 {
                return;
            }
            self.counts = Tally::new(self.pool.take(self.entities));
        }
        if let Some((cache, segment)) = &self.cached {
            self.counts.add_all(cache[*segment].of(doc));
            return;
        }
        let Some(column) = self.column.as_ref().map(|c| c.ords()) else {
            return;
        };
        let rows = column.index.value_row_ids(doc);
        let len = rows.len();
        if len == 0 {
            return;
        }
        if self.buffer.len() < len {
            self.buffer.resize(len, 0);
        }
        let ords = &mut self.buffer[..len];
        column.values.get_range(u64::from(rows.start), ords);
        // The article's entities, each once: an article that names one entity under two
        // names counts once. (Sorting a few integers here touches no page that a counter
        // per entity of "last counted" would.)
        for ord in ords.iter_mut() {
            *ord = u64::from(self.map.get(*ord));
        }
        if len > 1 {
            ords.sort_unstable();
        }
        let mut previous = None;
        for &e in ords.iter() {
            if previous != Some(e) {
                previous = Some(e);
                self.counts.add(e as usize);
            }
        }
    }

    fn harvest(self) {
        // (A segment with no match, the first on its thread, counted nothing and has
        // no array.)
        if !self.counts.counts.is_empty() {
            self.idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(self.counts);
        }
    }
}

/// One segment's matches per entity: a counter per entity, and while few entities are
/// counted, their list. A query with a few thousand matches counts a few thousand of the
/// archive's entities; adding up the segments' counts, finding the most counted and
/// zeroing the counters for the next search then go over the list, not over every
/// entity (a fifth of the instructions of a search for "coffee" over 16x Reuters).
pub(crate) struct Tally {
    counts: Vec<u32>,
    /// The entities with a count, each once, in the order first counted; `None` once
    /// they pass [`Tally::limit`].
    counted: Option<Vec<u32>>,
}

impl Tally {
    /// Counters of a pool (all zero).
    fn new(counts: Vec<u32>) -> Tally {
        Tally {
            counts,
            counted: Some(Vec::new()),
        }
    }

    /// Its counters, and the entities it lists.
    pub fn into_parts(self) -> (Vec<u32>, Option<Vec<u32>>) {
        (self.counts, self.counted)
    }

    /// The most entities listed: past a sixteenth of the counters, the pass over all of
    /// them costs about as much as the list.
    fn limit(&self) -> usize {
        self.counts.len() / 16
    }

    /// Counts one match of entity `e`.
    #[inline]
    fn add(&mut self, e: usize) {
        let Some(n) = self.counts.get_mut(e) else {
            return;
        };
        *n += 1;
        if *n == 1 {
            self.note(e);
        }
    }

    /// Counts one match of each of `ids` (distinct entities).
    #[inline]
    fn add_all(&mut self, ids: impl Iterator<Item = u32>) {
        if self.counted.is_none() {
            // (No list to keep: the plain loop.)
            ids.for_each(|e| {
                if let Some(n) = self.counts.get_mut(e as usize) {
                    *n += 1;
                }
            });
            return;
        }
        ids.for_each(|e| self.add(e as usize));
    }

    /// Lists entity `e`, counted for the first time.
    #[cold]
    fn note(&mut self, e: usize) {
        let limit = self.limit();
        if let Some(counted) = &mut self.counted {
            if counted.len() < limit {
                counted.push(e as u32);
            } else {
                self.counted = None;
            }
        }
    }

    /// Adds `other`'s counts to these, and gives its counters back to `pool` zeroed.
    fn add_up(&mut self, mut other: Tally, pool: &CounterPool) {
        match other.counted.take() {
            Some(counted) => {
                for &e in &counted {
                    let e = e as usize;
                    let n = std::mem::take(&mut other.counts[e]);
                    if let Some(sum) = self.counts.get_mut(e) {
                        let first = *sum == 0;
                        *sum += n;
                        if first {
                            self.note(e);
                        }
                    }
                }
                pool.give_back_zeroed(other.counts);
            }
            None => {
                for (sum, n) in self.counts.iter_mut().zip(&other.counts) {
                    *sum += n;
                }
                self.counted = None;
                pool.give_back_dirty(other.counts);
            }
        }
    }
}

/// The `n` most counted entities of each kind (hidden ones left out), kind by kind in
/// the order asked, most counted first, then by name; `counts` gives entities in
/// increasing order with their counts.
fn winners(
    counts: impl Iterator<Item = (u32, u32)>,
    entities: &Entities,
    kinds: &[ActorKind],
    n: usize,
) -> TopActors {
    // One pass over the counts, sorting the counted entities by kind.
    let mut by_kind: Vec<Vec<(u32, u32)>> = vec![Vec::new(); kinds.len()];
    for (e, c) in counts {
        if c == 0 {
            continue;
        }
        let kind = entities.kind(e);
        if let Some(slot) = kinds.iter().position(|&k| k == kind) {
            if !entities.hidden(e) {
                by_kind[slot].push((e, c));
            }
        }
    }
    let mut out = Vec::new();
    for mut hits in by_kind {
        top_by_count_then_name(&mut hits, n, entities);
        out.extend(hits.into_iter().map(|(e, c)| (e, u64::from(c))));
    }
    out
}

/// Keeps the `n` most counted of `hits`, most counted first, then by name. Names are
/// compared only among entities tied on a count: a broad query counts thousands of
/// entities once, and comparing their names was most of the time spent here.
fn top_by_count_then_name(hits: &mut Vec<(u32, u32)>, n: usize, entities: &Entities) {
    let by_name =
        |a: &(u32, u32), b: &(u32, u32)| entities.name_bytes(a.0).cmp(entities.name_bytes(b.0));
    if n > 0 && hits.len() > n {
        // The count of the n-th: those above it all stay, those tied with it are
        // chosen by name.
        hits.select_nth_unstable_by(n - 1, |a, b| b.1.cmp(&a.1));
        let last = hits[n - 1].1;
        let above = hits.iter().filter(|h| h.1 > last).count();
        let mut keep: Vec<(u32, u32)> = Vec::with_capacity(n);
        let mut tied: Vec<(u32, u32)> = Vec::new();
        for h in hits.drain(..) {
            if h.1 > last {
                keep.push(h);
            } else if h.1 == last {
                tied.push(h);
            }
        }
        let room = n - above;
        if tied.len() > room {
            tied.select_nth_unstable_by(room - 1, by_name);
            tied.truncate(room);
        }
        keep.append(&mut tied);
        *hits = keep;
    }
    hits.truncate(n);
    hits.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| by_name(a, b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Index, IndexerOptions};

    /// Counting from the column and from the cached lists agree, over several segments
    /// and with an article that names one entity under two names.
    #[test]
    fn counts_from_the_column_and_the_cache_agree() {
        let index = Index::create_in_ram().unwrap();
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        let places = ["Vienna", "Budapest", "Oslo", "Lisbon", "Athens", "Dublin"];
        for round in 0..4 {
            let articles = (0..30)
                .map(|i| {
                    let body = format!(
                        "Foreign Minister Lena Varga met Anna Kovacs in {} and {}. The Northern \
                         Rivers Commission said talks in {} went on.",
                        places[i % 6],
                        places[(i + round) % 6],
                        places[(i * 5) % 6]
                    );
                    Article::new(format!("r{round}-{i}"))
                        .with_title("Talks")
                        .with_body(body)
                })
                .collect();
            indexer.add_batch(articles).unwrap();
            indexer.commit().unwrap();
        }
        drop(indexer);
        let searcher = index.core.searcher();
        assert!(searcher.segment_readers().len() > 1);
        let entities = Arc::new(index.searching.entities(&index.core, &searcher).unwrap());
        let count = |docs: Option<Vec<DocList>>| {
            let collector = ActorCountCollector {
                state: &index.searching,
                top: 100,
                kinds: ActorKind::ALL.to_vec(),
                entities: Arc::clone(&entities),
                docs: docs.map(Arc::new),
                idle: Idle::default(),
            };
            let top = searcher
                .search(&tantivy::query::AllQuery, &collector)
                .unwrap();
            top.into_iter()
                .map(|(e, n)| (entities.name(e).to_owned(), n))
                .collect::<Vec<_>>()
        };
        let from_column = count(None);
        assert!(from_column.contains(&("Lena Varga".to_owned(), 120)));
        let cached = crate::core::entities::entity_lists(&searcher, &entities, usize::MAX)
            .unwrap()
            .unwrap();
        assert_eq!(count(Some(cached)), from_column);
    }

    /// Segments' tallies, listed or not, add up to the counts of every match, list the
    /// entities counted while they are few, and go back to the pool all zeros.
    #[test]
    fn tallies_add_up_and_go_back_zeroed() {
        let mut runner = proptest::test_runner::TestRunner::default();
        let segments = proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec(0u32..200, 0..6), 0..40),
            1..4,
        );
        runner
            .run(&(16usize..200, segments), |(entities, segments)| {
                let pool = CounterPool::default();
                let mut expected = vec![0u32; entities];
                let mut tallies = Vec::new();
                for docs in &segments {
                    let mut tally = Tally::new(pool.take(entities));
                    for doc in docs {
                        let mut ids: Vec<u32> = doc
                            .iter()
                            .copied()
                            .filter(|&e| (e as usize) < entities)
                            .collect();
                        ids.sort_unstable();
                        ids.dedup();
                        for &e in &ids {
                            expected[e as usize] += 1;
                        }
                        tally.add_all(ids.iter().copied());
                    }
                    tallies.push(tally);
                }
                let mut summed = tallies.pop().unwrap();
                for tally in tallies {
                    summed.add_up(tally, &pool);
                }
                proptest::prop_assert_eq!(&summed.counts, &expected);
                if let Some(counted) = &summed.counted {
                    let mut listed = counted.clone();
                    listed.sort_unstable();
                    let nonzero: Vec<u32> = (0u32..)
                        .zip(&expected)
                        .filter(|(_, &n)| n > 0)
                        .map(|(e, _)| e)
                        .collect();
                    proptest::prop_assert_eq!(listed, nonzero);
                }
                pool.give_back_counted(summed);
                proptest::prop_assert!(pool.all_zeros());
                Ok(())
            })
            .unwrap();
    }
}
