//! Counts matching articles per actor from the actor facet column: a counter per facet
//! ordinal while collecting, and names looked up only for the ordinals that were hit,
//! in one sorted pass over the dictionary. tantivy's FacetCollector resolves facet
//! paths per segment and per request and cost tens of milliseconds a query here.

use std::collections::HashMap;

use newsdex_extract::ActorKind;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::names;

/// Per kind, the articles naming each actor (all actors hit, unsorted).
pub(crate) type ActorCounts = HashMap<(ActorKind, String), u64>;

pub(crate) struct ActorCountCollector;

pub(crate) struct ActorCountSegmentCollector {
    reader: FacetReader,
    counts: Vec<u32>,
}

impl Collector for ActorCountCollector {
    type Fruit = ActorCounts;
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

    fn merge_fruits(&self, fruits: Vec<ActorCounts>) -> tantivy::Result<ActorCounts> {
        let mut fruits = fruits.into_iter();
        let mut all = fruits.next().unwrap_or_default();
        for fruit in fruits {
            for (key, n) in fruit {
                *all.entry(key).or_insert(0) += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for ActorCountSegmentCollector {
    type Fruit = ActorCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for ord in self.reader.facet_ords(doc) {
            if let Some(n) = self.counts.get_mut(ord as usize) {
                *n += 1;
            }
        }
    }

    fn harvest(self) -> ActorCounts {
        let hit: Vec<u64> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(ord, _)| ord as u64)
            .collect();
        let mut counts = HashMap::with_capacity(hit.len());
        let mut i = 0;
        // A dictionary that cannot be read yields no counts rather than failing the search.
        let _ = self
            .reader
            .facet_dict()
            .sorted_ords_to_term_cb(&hit, |key| {
                let n = self.counts[hit[i] as usize];
                i += 1;
                if let Some(actor) = decode(key) {
                    counts.insert(actor, u64::from(n));
                }
            });
        counts
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
pub(crate) fn top(counts: ActorCounts, n: usize) -> Vec<(ActorKind, String, u64)> {
    let mut all: Vec<(ActorKind, String, u64)> = counts
        .into_iter()
        .map(|((kind, name), count)| (kind, name, count))
        .collect();
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
        let mut c = ActorCounts::new();
        c.insert((ActorKind::Person, "B".into()), 2);
        c.insert((ActorKind::Person, "A".into()), 2);
        c.insert((ActorKind::Person, "C".into()), 5);
        c.insert((ActorKind::Place, "X".into()), 1);
        let names: Vec<String> = top(c, 2)
            .into_iter()
            .map(|(_, n, c)| format!("{n}{c}"))
            .collect();
        assert_eq!(names, ["C5", "A2", "X1"]);
    }
}
