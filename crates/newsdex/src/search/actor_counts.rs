//! Counts matching articles per actor from the actor facet column: a counter per facet
//! ordinal while collecting, and names looked up only for the winners (one segment) or
//! for the ordinals hit (several), in one sorted pass over the dictionary. tantivy's FacetCollector resolves facet
//! paths per segment and per request and cost tens of milliseconds a query here.

use std::collections::HashMap;

use newsdex_extract::ActorKind;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::TermOrdHit;
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::names;

/// The `n` most named actors of each kind among the matches, kind by kind, most first.
pub(crate) type TopActors = Vec<(ActorKind, String, u64)>;

pub(crate) struct ActorCountCollector {
    /// Actors wanted per kind.
    pub top: usize,
    /// The kinds counted.
    pub kinds: Vec<ActorKind>,
}

pub(crate) struct ActorCountSegmentCollector {
    reader: FacetReader,
    counts: Vec<u32>,
}

/// One segment's counts per facet ordinal, named later: with a single segment only the
/// winners' names are ever read.
pub(crate) struct SegmentCounts {
    reader: FacetReader,
    counts: Vec<u32>,
}

impl Collector for ActorCountCollector {
    type Fruit = TopActors;
    type Child = ActorCountSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let reader = segment.facet_reader(names::ACTOR)?;
        let counts = vec![0; reader.num_facets()];
        Ok(ActorCountSegmentCollector { reader, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<SegmentCounts>) -> tantivy::Result<TopActors> {
        if fruits.len() == 1 {
            if let Some(only) = fruits.pop() {
                return top_of_segment(only, self.top, &self.kinds);
            }
        }
        // Several segments: an actor's count is the sum over segments, so every actor hit
        // must be named before the best can be chosen.
        let mut all: HashMap<(ActorKind, String), u64> = HashMap::new();
        for fruit in fruits {
            let hit: Vec<u64> = fruit.hit_ords().collect();
            let mut i = 0;
            fruit
                .reader
                .facet_dict()
                .sorted_ords_to_term_cb(&hit, |key| {
                    let n = fruit.counts[hit[i] as usize];
                    i += 1;
                    match decode(key) {
                        Some(actor) if self.kinds.contains(&actor.0) => {
                            *all.entry(actor).or_insert(0) += u64::from(n);
                        }
                        _ => {}
                    }
                })
                .map_err(tantivy::TantivyError::from)?;
        }
        Ok(top(
            all.into_iter()
                .map(|((kind, name), n)| (kind, name, n))
                .collect(),
            self.top,
        ))
    }
}

impl SegmentCounts {
    fn hit_ords(&self) -> impl Iterator<Item = u64> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(ord, _)| ord as u64)
    }
}

/// Top `n` per kind from one segment: facet terms sort as `kind\0name`, so each kind is
/// a contiguous range of ordinals; pick the winners by count and name only them.
fn top_of_segment(
    segment: SegmentCounts,
    n: usize,
    kinds: &[ActorKind],
) -> tantivy::Result<TopActors> {
    let ord_of = |key: &[u8]| -> tantivy::Result<u64> {
        Ok(
            match segment
                .reader
                .facet_dict()
                .term_ord_or_next(key)
                .map_err(tantivy::TantivyError::from)?
            {
                TermOrdHit::Exact(o) | TermOrdHit::Next(o) => o.min(segment.counts.len() as u64),
            },
        )
    };
    let mut winners: Vec<(u64, u32)> = Vec::new();
    for kind in kinds {
        let start = ord_of(format!("{}\0", kind.as_str()).as_bytes())?;
        let end = ord_of(format!("{}\u{1}", kind.as_str()).as_bytes())?;
        let mut hits: Vec<(u64, u32)> = (start..end.max(start))
            .filter_map(|ord| Some((ord, *segment.counts.get(ord as usize)?)))
            .filter(|(_, c)| *c > 0)
            .collect();
        // Most counted first; ordinal order is name order among equals.
        let by_count = |a: &(u64, u32), b: &(u64, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if hits.len() > n && n > 0 {
            hits.select_nth_unstable_by(n - 1, by_count);
        }
        hits.truncate(n);
        winners.extend(hits);
    }
    winners.sort_unstable();
    let mut named = Vec::with_capacity(winners.len());
    let mut i = 0;
    let ords: Vec<u64> = winners.iter().map(|w| w.0).collect();
    segment
        .reader
        .facet_dict()
        .sorted_ords_to_term_cb(&ords, |key| {
            if let Some((kind, name)) = decode(key) {
                named.push((kind, name, u64::from(winners[i].1)));
            }
            i += 1;
        })
        .map_err(tantivy::TantivyError::from)?;
    Ok(top(named, n))
}

impl SegmentCollector for ActorCountSegmentCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for ord in self.reader.facet_ords(doc) {
            if let Some(n) = self.counts.get_mut(ord as usize) {
                *n += 1;
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        SegmentCounts {
            reader: self.reader,
            counts: self.counts,
        }
    }
}

/// `person\0Maria Zakharova` -> (Person, "Maria Zakharova").
fn decode(key: &[u8]) -> Option<(ActorKind, String)> {
    let sep = key.iter().position(|b| *b == 0)?;
    let kind = ActorKind::parse(std::str::from_utf8(&key[..sep]).ok()?)?;
    let name = std::str::from_utf8(&key[sep + 1..]).ok()?;
    Some((kind, name.to_owned()))
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
            decode(b"person\0Maria Zakharova"),
            Some((ActorKind::Person, "Maria Zakharova".into()))
        );
        assert_eq!(
            decode(b"org\0AC/DC"),
            Some((ActorKind::Org, "AC/DC".into()))
        );
        assert_eq!(decode(b"person"), None);
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
}
