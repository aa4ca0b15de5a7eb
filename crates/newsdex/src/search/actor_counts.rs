//! Counts matching articles per actor from the `actors` column (`kind\0Name` strings): a
//! counter per ordinal while collecting, and names read only for the winners.
//!
//! Several segments add their counts through global ordinals: every segment's sorted
//! dictionary of actors merged once into one sorted list, with a map from each segment's
//! ordinals into it (what Elasticsearch calls global ordinals). A long-lived index keeps
//! the merge, with every article's actors, for as long as its segments stay the same
//! (see `cache.rs`), so a search sums counts by index and names only the winners, however
//! many actors its matches name; a one-off search merges only the actors it counted.
//! (tantivy's FacetCollector resolves facet paths per segment and per request, and naming
//! every counted actor of every segment cost milliseconds a query on large indexes.)

use std::ops::Range;
use std::sync::Arc;

use newsdex_extract::ActorKind;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn, TermOrdHit};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyError};

use super::state::SearchState;
use crate::schema::encode::{decode_actor_key, kind_bounds};
use crate::schema::names;

/// The `n` most named actors of each kind among the matches, kind by kind, most first.
pub(crate) type TopActors = Vec<(ActorKind, String, u64)>;

pub(crate) struct ActorCountCollector<'a> {
    /// Where counter arrays come from and go back to.
    pub state: &'a SearchState,
    /// Actors wanted per kind.
    pub top: usize,
    /// The kinds counted.
    pub kinds: Vec<ActorKind>,
    /// The searcher's global ordinals, when the index keeps them; `None` for a one-off
    /// search, which counts by each segment's own ordinals.
    pub ordinals: Option<Arc<ActorOrdinals>>,
}

pub(crate) struct ActorCountSegmentCollector {
    counts: SegmentCounts,
    /// A document's ordinals, read from the column as one range (one call for all its
    /// actors, bit-unpacked together).
    buffer: Vec<u64>,
    /// With global ordinals, this segment's map into them: counts are kept by global
    /// ordinal from the start, so merging segments is a sum of arrays.
    global: Option<Arc<ActorOrdinals>>,
}

/// One segment's counts per actor ordinal, named later: only the winners' names are read.
pub(crate) struct SegmentCounts {
    segment: SegmentOrdinal,
    /// The segment's `actors` column; `None` when none of its articles names an actor.
    column: Option<StrColumn>,
    counts: Vec<u32>,
}

/// A segment's `actors` column, if any of its articles names an actor.
pub(crate) fn actor_column(segment: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
    segment.fast_fields().str(names::ACTOR)
}

/// The number of distinct actors a segment's column names.
fn actors_in(column: Option<&StrColumn>) -> usize {
    column.map_or(0, |c| c.dictionary().num_terms())
}

impl Collector for ActorCountCollector<'_> {
    type Fruit = TopActors;
    type Child = ActorCountSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let column = actor_column(reader)?;
        let (counts, global) = match &self.ordinals {
            Some(ordinals) => {
                if ordinals.map(segment).is_none() {
                    return Err(TantivyError::InternalError(
                        "global actor ordinals of another searcher".to_owned(),
                    ));
                }
                (
                    self.state.counters(ordinals.keys.len()),
                    Some(Arc::clone(ordinals)),
                )
            }
            None => (self.state.counters(actors_in(column.as_ref())), None),
        };
        Ok(ActorCountSegmentCollector {
            counts: SegmentCounts {
                segment,
                column,
                counts,
            },
            buffer: Vec::new(),
            global,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<SegmentCounts>) -> tantivy::Result<TopActors> {
        let top = self.merge(&mut fruits);
        for fruit in fruits {
            self.state.give_back(fruit.counts);
        }
        top
    }
}

impl ActorCountCollector<'_> {
    fn merge(&self, fruits: &mut [SegmentCounts]) -> tantivy::Result<TopActors> {
        let built;
        let mut summed = Vec::new();
        let (ordinals, global): (&ActorOrdinals, &[u32]) = match (&self.ordinals, fruits) {
            (_, []) => return Ok(Vec::new()),
            (None, [only]) => return top_of_segment(only, self.top, &self.kinds),
            // Counted by global ordinal already: add the segments up.
            (Some(ordinals), [first, rest @ ..]) => {
                for fruit in rest.iter() {
                    for (sum, n) in first.counts.iter_mut().zip(&fruit.counts) {
                        *sum += n;
                    }
                }
                (ordinals.as_ref(), &first.counts)
            }
            // A one-off search over several segments: merge the actors its matches name.
            (None, fruits) => {
                built = ActorOrdinals::of_hits(fruits)?;
                summed = self.state.counters(built.keys.len());
                for fruit in fruits.iter() {
                    let map = built.map(fruit.segment).ok_or_else(|| {
                        TantivyError::InternalError("actor counts of another searcher".to_owned())
                    })?;
                    for (local, &n) in fruit.counts.iter().enumerate() {
                        if n > 0 {
                            if let Some(&g) = map.get(local) {
                                summed[g as usize] += n;
                            }
                        }
                    }
                }
                (&built, &summed)
            }
        };
        let ranges = self.kinds.iter().map(|kind| ordinals.keys.range_of(*kind));
        let named = winners(global, ranges, self.top)
            .into_iter()
            .filter_map(|(ord, n)| {
                let (kind, name) = decode_actor_key(ordinals.keys.get(ord))?;
                Some((kind, name, u64::from(n)))
            })
            .collect();
        self.state.give_back(summed);
        Ok(top(named, self.top))
    }
}

/// Top `n` per kind from one segment: the keys sort as `kind\0name`, so each kind is
/// a contiguous range of ordinals; pick the winners by count and name only them.
fn top_of_segment(
    segment: &SegmentCounts,
    n: usize,
    kinds: &[ActorKind],
) -> tantivy::Result<TopActors> {
    let Some(column) = &segment.column else {
        return Ok(Vec::new());
    };
    let dict = column.dictionary();
    let ord_of = |key: &[u8]| -> tantivy::Result<usize> {
        let hit = dict.term_ord_or_next(key).map_err(TantivyError::from)?;
        let (TermOrdHit::Exact(o) | TermOrdHit::Next(o)) = hit;
        Ok((o as usize).min(segment.counts.len()))
    };
    let mut ranges = Vec::with_capacity(kinds.len());
    for kind in kinds {
        let (start, end) = kind_bounds(*kind);
        ranges.push(ord_of(start.as_bytes())?..ord_of(end.as_bytes())?);
    }
    let mut winners = winners(&segment.counts, ranges.into_iter(), n);
    winners.sort_unstable();
    let ords: Vec<u64> = winners.iter().map(|w| w.0 as u64).collect();
    let mut named = Vec::with_capacity(winners.len());
    let mut i = 0;
    dict.sorted_ords_to_term_cb(&ords, |key| {
        if let Some((kind, name)) = decode_actor_key(key) {
            named.push((kind, name, u64::from(winners[i].1)));
        }
        i += 1;
    })
    .map_err(TantivyError::from)?;
    Ok(top(named, n))
}

/// The ordinals and counts of the `n` most counted actors in each range of ordinals
/// (one range per kind), most counted first, then in ordinal (name) order.
fn winners(
    counts: &[u32],
    ranges: impl Iterator<Item = Range<usize>>,
    n: usize,
) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for range in ranges {
        let start = range.start.min(counts.len());
        let end = range.end.clamp(start, counts.len());
        let mut hits: Vec<(usize, u32)> = (start..end)
            .zip(&counts[start..end])
            .filter(|(_, c)| **c > 0)
            .map(|(ord, c)| (ord, *c))
            .collect();
        let by_count = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if hits.len() > n && n > 0 {
            hits.select_nth_unstable_by(n - 1, by_count);
        }
        hits.truncate(n);
        out.extend(hits);
    }
    out
}

impl SegmentCollector for ActorCountSegmentCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(docs) = self.global.as_ref().and_then(|g| g.docs.as_ref()) {
            if let Some(actors) = docs.get(self.counts.segment as usize) {
                actors.count(doc, &mut self.counts.counts);
                return;
            }
        }
        let Some(column) = self.counts.column.as_ref().map(|c| c.ords()) else {
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
        let counts = &mut self.counts.counts;
        match &self.global {
            None => {
                for &ord in ords.iter() {
                    if let Some(n) = counts.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
            Some(ordinals) => {
                let map = ordinals.map(self.counts.segment).unwrap_or_default();
                for &ord in ords.iter() {
                    if let Some(n) = map
                        .get(ord as usize)
                        .and_then(|&g| counts.get_mut(g as usize))
                    {
                        *n += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        self.counts
    }
}

/// Actor keys in sorted order, end to end.
#[derive(Default)]
struct Keys {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Keys {
    fn push(&mut self, key: &[u8]) {
        self.bytes.extend_from_slice(key);
        self.ends.push(self.bytes.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.bytes[start..self.ends[i]]
    }

    /// The positions of one kind's actors.
    fn range_of(&self, kind: ActorKind) -> Range<usize> {
        let (start, end) = kind_bounds(kind);
        let position = |bound: &str| {
            let (mut lo, mut hi) = (0, self.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if self.get(mid) < bound.as_bytes() {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        position(&start)..position(&end)
    }
}

/// Segments' actor keys merged into one sorted list, and for each segment a map
/// from its ordinals to positions in that list: every key of every segment (cached per
/// searcher), or only the keys a search's matches name (for a one-off search).
pub(crate) struct ActorOrdinals {
    /// Per segment: its ordinal -> global ordinal.
    maps: Vec<Vec<u32>>,
    keys: Keys,
    /// Per segment, every document's actors as global ordinals, when they fit
    /// [`DOC_ACTORS_BUDGET`]: counting a match is then a walk over a few integers
    /// instead of a read of the bit-packed column and a map lookup per actor.
    docs: Option<Vec<DocActors>>,
}

/// The most bytes the per-document actor lists of one index may take; a larger index
/// counts from the column.
const DOC_ACTORS_BUDGET: usize = 64 << 20;

/// One segment's documents' actors: document `d`'s are `ords[starts[d]..starts[d + 1]]`,
/// as 16-bit ordinals when the index names at most 65,536 actors (half the memory, and
/// the lists are read in a match's inner loop, where their cache misses are the cost).
struct DocActors {
    starts: Vec<u32>,
    ords: DocOrds,
}

enum DocOrds {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl DocActors {
    /// Reads a segment's column once, mapping its ordinals through `map` into
    /// global ordinals below `global`; `None` when the lists would pass `budget` bytes.
    fn read(
        ords: &Column<u64>,
        max_doc: DocId,
        map: &[u32],
        global: usize,
        budget: usize,
    ) -> Option<DocActors> {
        let values = ords.values.num_vals() as usize;
        let narrow = global <= 1 << 16;
        let width = if narrow { 2 } else { 4 };
        if values * width + (max_doc as usize + 1) * 4 > budget {
            return None;
        }
        let mut local = vec![0u64; values];
        ords.values.get_range(0, &mut local);
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut mapped = Vec::with_capacity(values);
        for doc in 0..max_doc {
            starts.push(u32::try_from(mapped.len()).ok()?);
            let rows = ords.index.value_row_ids(doc);
            for &ord in local.get(rows.start as usize..rows.end as usize)? {
                mapped.push(*map.get(ord as usize)?);
            }
        }
        starts.push(u32::try_from(mapped.len()).ok()?);
        let ords = if narrow {
            DocOrds::Narrow(mapped.iter().map(|&g| g as u16).collect())
        } else {
            DocOrds::Wide(mapped)
        };
        Some(DocActors { starts, ords })
    }

    /// A segment whose articles name no actor.
    fn empty(max_doc: DocId) -> DocActors {
        DocActors {
            starts: vec![0; max_doc as usize + 1],
            ords: DocOrds::Narrow(Vec::new()),
        }
    }

    /// Adds one to the count of each of `doc`'s actors.
    #[inline]
    fn count(&self, doc: DocId, counts: &mut [u32]) {
        let doc = doc as usize;
        let (Some(&start), Some(&end)) = (self.starts.get(doc), self.starts.get(doc + 1)) else {
            return;
        };
        let range = start as usize..end as usize;
        match &self.ords {
            DocOrds::Narrow(ords) => add_ones(ords.get(range).unwrap_or(&[]), counts),
            DocOrds::Wide(ords) => add_ones(ords.get(range).unwrap_or(&[]), counts),
        }
    }

    fn bytes(&self) -> usize {
        self.starts.len() * 4
            + match &self.ords {
                DocOrds::Narrow(o) => o.len() * 2,
                DocOrds::Wide(o) => o.len() * 4,
            }
    }
}

#[inline]
fn add_ones<T: Copy + Into<u32>>(ords: &[T], counts: &mut [u32]) {
    for &g in ords {
        if let Some(n) = counts.get_mut(g.into() as usize) {
            *n += 1;
        }
    }
}

/// One segment's keys in order, with their ordinals in the segment.
trait SortedKeys {
    /// The current key and its ordinal; `None` at the end.
    fn current(&self) -> Option<(&[u8], u64)>;
    fn advance(&mut self) -> tantivy::Result<()>;
}

/// A segment's whole dictionary of actors (`None`: the segment names none).
struct Dictionary<'a> {
    stream: Option<tantivy::columnar::Streamer<'a>>,
    live: bool,
}

impl SortedKeys for Dictionary<'_> {
    fn current(&self) -> Option<(&[u8], u64)> {
        let stream = self.stream.as_ref().filter(|_| self.live)?;
        Some((stream.key(), stream.term_ord()))
    }

    fn advance(&mut self) -> tantivy::Result<()> {
        self.live = self.stream.as_mut().is_some_and(|s| s.advance());
        Ok(())
    }
}

/// The keys of some ordinals of a segment, read in one pass over its dictionary.
struct Named {
    keys: Keys,
    ords: Vec<u64>,
    at: usize,
}

impl SortedKeys for Named {
    fn current(&self) -> Option<(&[u8], u64)> {
        let ord = *self.ords.get(self.at)?;
        Some((self.keys.get(self.at), ord))
    }

    fn advance(&mut self) -> tantivy::Result<()> {
        self.at += 1;
        Ok(())
    }
}

impl ActorOrdinals {
    /// Merges the whole dictionaries of every segment of `searcher`.
    pub(crate) fn build(searcher: &Searcher) -> tantivy::Result<ActorOrdinals> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(actor_column)
            .collect::<tantivy::Result<Vec<Option<StrColumn>>>>()?;
        let mut sources = Vec::with_capacity(columns.len());
        for column in &columns {
            let (stream, live) = match column {
                Some(c) => {
                    let mut stream = c.dictionary().stream().map_err(TantivyError::from)?;
                    let live = stream.advance();
                    (Some(stream), live)
                }
                None => (None, false),
            };
            sources.push((Dictionary { stream, live }, actors_in(column.as_ref())));
        }
        let mut ordinals = Self::merge(sources)?;
        let mut docs = Vec::with_capacity(columns.len());
        let mut budget = DOC_ACTORS_BUDGET;
        let segments = searcher.segment_readers().iter().zip(&columns);
        for ((segment, column), map) in segments.zip(&ordinals.maps) {
            let global = ordinals.keys.len();
            let max_doc = segment.max_doc();
            let read = match column {
                Some(c) => DocActors::read(c.ords(), max_doc, map, global, budget),
                None => Some(DocActors::empty(max_doc)),
            };
            let Some(read) = read else {
                break;
            };
            budget = budget.saturating_sub(read.bytes());
            docs.push(read);
        }
        if docs.len() == columns.len() {
            ordinals.docs = Some(docs);
        }
        Ok(ordinals)
    }

    /// Merges the keys of the ordinals counted in each segment.
    fn of_hits(fruits: &[SegmentCounts]) -> tantivy::Result<ActorOrdinals> {
        let mut sources = Vec::with_capacity(fruits.len());
        for (position, fruit) in fruits.iter().enumerate() {
            // tantivy hands over one fruit per segment, in segment order.
            if fruit.segment as usize != position {
                return Err(TantivyError::InternalError(
                    "actor counts out of segment order".to_owned(),
                ));
            }
            let ords: Vec<u64> = (0..fruit.counts.len())
                .filter(|&ord| fruit.counts[ord] > 0)
                .map(|ord| ord as u64)
                .collect();
            let mut keys = Keys::default();
            if let Some(column) = &fruit.column {
                column
                    .dictionary()
                    .sorted_ords_to_term_cb(&ords, |key| keys.push(key))
                    .map_err(TantivyError::from)?;
            }
            if keys.len() != ords.len() {
                return Err(TantivyError::InternalError(
                    "actor ordinals without keys".to_owned(),
                ));
            }
            sources.push((Named { keys, ords, at: 0 }, fruit.counts.len()));
        }
        Self::merge(sources)
    }

    /// A k-way merge by linear scan: indexes have few segments.
    fn merge<S: SortedKeys>(mut sources: Vec<(S, usize)>) -> tantivy::Result<ActorOrdinals> {
        let mut maps: Vec<Vec<u32>> = sources.iter().map(|(_, n)| vec![0; *n]).collect();
        let mut keys = Keys::default();
        loop {
            let mut smallest: Option<&[u8]> = None;
            for (source, _) in &sources {
                if let Some((key, _)) = source.current() {
                    if smallest.is_none_or(|s| key < s) {
                        smallest = Some(key);
                    }
                }
            }
            let Some(key) = smallest else { break };
            let global = u32::try_from(keys.len())
                .map_err(|_| TantivyError::InternalError("too many actors".to_owned()))?;
            keys.push(key);
            let key = keys.get(keys.len() - 1);
            for ((source, _), map) in sources.iter_mut().zip(&mut maps) {
                let Some((at, ord)) = source.current() else {
                    continue;
                };
                if at == key {
                    if let Some(slot) = map.get_mut(ord as usize) {
                        *slot = global;
                    }
                    source.advance()?;
                }
            }
        }
        Ok(ActorOrdinals {
            maps,
            keys,
            docs: None,
        })
    }

    fn map(&self, segment: SegmentOrdinal) -> Option<&[u32]> {
        self.maps.get(segment as usize).map(Vec::as_slice)
    }
}

/// The `n` most counted actors of each kind, most first, then by name.
fn top(mut all: TopActors, n: usize) -> TopActors {
    all.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.2.cmp(&a.2))
            .then_with(|| a.1.cmp(&b.1))
    });
    let mut out = Vec::new();
    let mut taken = 0;
    let mut last_kind = None;
    for item in all {
        if last_kind != Some(item.0) {
            last_kind = Some(item.0);
            taken = 0;
        }
        if taken < n {
            taken += 1;
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_decode_to_kind_and_name() {
        assert_eq!(
            decode_actor_key(b"person\0Maria Zakharova"),
            Some((ActorKind::Person, "Maria Zakharova".into()))
        );
        assert_eq!(
            decode_actor_key(b"org\0AC/DC"),
            Some((ActorKind::Org, "AC/DC".into()))
        );
        assert_eq!(decode_actor_key(b"person"), None);
    }

    #[test]
    fn top_keeps_n_per_kind_most_first() {
        let c = vec![
            (ActorKind::Person, "B".into(), 2),
            (ActorKind::Person, "A".into(), 2),
            (ActorKind::Person, "C".into(), 5),
            (ActorKind::Place, "X".into(), 1),
        ];
        let names: Vec<String> = top(c, 2)
            .into_iter()
            .map(|(_, n, c)| format!("{n}{c}"))
            .collect();
        assert_eq!(names, ["C5", "A2", "X1"]);
    }

    /// The three ways of counting over several segments agree: merging the names a
    /// one-off search counted, global ordinals read through the column, and the cached
    /// per-document lists (16-bit and 32-bit).
    #[test]
    fn every_way_of_counting_several_segments_agrees() {
        use crate::{Article, Index, IndexerOptions};
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
        let count = |ordinals: Option<ActorOrdinals>| {
            let collector = ActorCountCollector {
                state: &index.searching,
                top: 100,
                kinds: ActorKind::ALL.to_vec(),
                ordinals: ordinals.map(Arc::new),
            };
            searcher
                .search(&tantivy::query::AllQuery, &collector)
                .unwrap()
        };
        let one_off = count(None);
        assert!(one_off
            .iter()
            .any(|(_, name, n)| name == "Lena Varga" && *n == 120));
        let mut column = ActorOrdinals::build(&searcher).unwrap();
        column.docs = None;
        assert_eq!(count(Some(column)), one_off);
        let cached = ActorOrdinals::build(&searcher).unwrap();
        assert!(matches!(
            cached.docs.as_deref(),
            Some([
                DocActors {
                    ords: DocOrds::Narrow(_),
                    ..
                },
                ..
            ])
        ));
        assert_eq!(count(Some(cached)), one_off);
        let mut wide = ActorOrdinals::build(&searcher).unwrap();
        for docs in wide.docs.iter_mut().flatten() {
            if let DocOrds::Narrow(ords) = &docs.ords {
                docs.ords = DocOrds::Wide(ords.iter().map(|&g| u32::from(g)).collect());
            }
        }
        assert_eq!(count(Some(wide)), one_off);
    }

    #[test]
    fn winners_take_the_most_counted_per_range_then_the_first_in_name_order() {
        let counts = [0, 3, 1, 3, 0, 9, 2, 2];
        assert_eq!(
            winners(&counts, [0..5, 5..8].into_iter(), 2),
            [(1, 3), (3, 3), (5, 9), (6, 2)]
        );
        // Ranges past the end are cut, not a panic.
        assert_eq!(
            winners(&counts, [6..20, 30..40].into_iter(), 5),
            [(6, 2), (7, 2)]
        );
    }
}
