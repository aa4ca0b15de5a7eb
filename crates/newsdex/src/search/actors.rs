//! Resolving an actor filter to the facets it means: exact name first, then the same
//! name in another case or spacing, and when nothing fits, close names to suggest.

use std::collections::BTreeMap;

use newsdex_extract::ActorKind;
use tantivy::schema::Facet;
use tantivy::{Searcher, Term};

use super::request::ActorFilter;
use crate::error::{Result, UserError};
use crate::index::Index;

const SUGGESTIONS: usize = 5;

impl Index {
    /// The actor facets a filter selects; an error naming close matches when none exist.
    pub(crate) fn resolve_actor(
        &self,
        searcher: &Searcher,
        filter: &ActorFilter,
    ) -> Result<Vec<Facet>> {
        let kinds: Vec<ActorKind> = filter
            .kind
            .map_or_else(|| ActorKind::ALL.to_vec(), |k| vec![k]);
        let mut exact = Vec::new();
        for kind in &kinds {
            let facet = Facet::from_path([kind.as_str(), filter.name.as_str()]);
            if searcher.doc_freq(&Term::from_facet(self.fields.actor, &facet))? > 0 {
                exact.push(facet);
            }
        }
        if !exact.is_empty() {
            return Ok(exact);
        }
        let names = self.actor_names(searcher, &kinds)?;
        let wanted = fold(&filter.name);
        let same: Vec<Facet> = names
            .keys()
            .filter(|(_, name)| fold(name) == wanted)
            .map(|(kind, name)| Facet::from_path([kind.as_str(), name.as_str()]))
            .collect();
        if !same.is_empty() {
            return Ok(same);
        }
        Err(UserError::UnknownActor {
            name: filter.name.clone(),
            suggestions: suggest(&wanted, &names),
        }
        .into())
    }

    /// Every actor of the given kinds with the number of articles naming it.
    fn actor_names(
        &self,
        searcher: &Searcher,
        kinds: &[ActorKind],
    ) -> Result<BTreeMap<(ActorKind, String), u64>> {
        let mut names = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.actor)?;
            for kind in kinds {
                let prefix = format!("{}\0", kind.as_str());
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()
                    .map_err(crate::index::io_error)?;
                while stream.advance() {
                    let Some(name) = stream.key().strip_prefix(prefix.as_bytes()) else {
                        break;
                    };
                    let name = String::from_utf8_lossy(name).into_owned();
                    *names.entry((*kind, name)).or_insert(0) += u64::from(stream.value().doc_freq);
                }
            }
        }
        Ok(names)
    }
}

/// Case and spacing folded, for lenient matching.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Close names, best first: names containing what was typed (or contained in it), then
/// names within a small edit distance; more often named first among equals.
fn suggest(wanted: &str, names: &BTreeMap<(ActorKind, String), u64>) -> Vec<String> {
    let mut scored: Vec<(usize, std::cmp::Reverse<u64>, String)> = Vec::new();
    for ((_, name), docs) in names {
        let folded = fold(name);
        let rank = if folded.contains(wanted) || (folded.len() >= 3 && wanted.contains(&folded)) {
            0
        } else {
            let distance = edit_distance(&folded, wanted);
            let allowed = (wanted.chars().count() / 4).clamp(1, 3);
            if distance > allowed {
                continue;
            }
            distance
        };
        scored.push((rank, std::cmp::Reverse(*docs), name.clone()));
    }
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, _, name) in scored {
        if !out.contains(&name) {
            out.push(name);
        }
        if out.len() == SUGGESTIONS {
            break;
        }
    }
    out
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("zakharova", "zaharova"), 1);
        assert_eq!(edit_distance("csto", "cst"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggestions_prefer_containment_then_distance() {
        let mut names = BTreeMap::new();
        names.insert((ActorKind::Person, "Maria Zakharova".to_owned()), 4);
        names.insert((ActorKind::Person, "Maria Zaharova".to_owned()), 1);
        names.insert((ActorKind::Org, "CSTO".to_owned()), 9);
        assert_eq!(
            suggest("zakharova", &names),
            vec!["Maria Zakharova".to_owned()]
        );
        assert_eq!(suggest("cst", &names), vec!["CSTO".to_owned()]);
        assert_eq!(
            suggest("maria zakarova", &names),
            vec!["Maria Zakharova", "Maria Zaharova"]
        );
    }
}
