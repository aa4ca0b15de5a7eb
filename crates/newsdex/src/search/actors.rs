//! Resolving an actor filter to the articles it means: any surface form of an actor, in
//! any case, and when nothing fits, close names to suggest.

use std::collections::BTreeMap;

use newsdex_extract::ActorKind;
use tantivy::Term;

use super::actor_counts::actor_column;
use super::request::ActorFilter;
use super::Context;
use crate::error::{io_error, OrStorage, Result, UserError};
use crate::schema::encode::{actor_form_keys, decode_actor_key};

const SUGGESTIONS: usize = 5;

impl Context<'_> {
    /// The actor facets a filter selects; an error naming close matches when none exist.
    pub(crate) fn resolve_actor(&self, filter: &ActorFilter) -> Result<Vec<Term>> {
        let searcher = &self.searcher;
        let kinds: Vec<ActorKind> = filter
            .kind()
            .map_or_else(|| ActorKind::ALL.to_vec(), |k| vec![k]);
        // Any surface form, in any case: "CSTO" finds the articles whose actor is the
        // "Collective Security Treaty Organisation (CSTO)", "zakharova" finds Zakharova;
        // and any name of an actor known by several: "USA" finds the "United States".
        let mut terms = Vec::new();
        for kind in &kinds {
            for key in actor_form_keys(*kind, filter.name()) {
                let term = Term::from_field_text(self.core.fields.actor_form, &key);
                if searcher.doc_freq(&term).storage()? > 0 {
                    terms.push(term);
                }
            }
        }
        if !terms.is_empty() {
            return Ok(terms);
        }
        let names = self.actor_names(&kinds)?;
        Err(UserError::UnknownActor {
            name: filter.name().to_owned(),
            suggestions: suggest(&fold(filter.name()), &names),
        }
        .into())
    }

    /// Every actor of the given kinds with the number of articles naming it.
    fn actor_names(&self, kinds: &[ActorKind]) -> Result<BTreeMap<(ActorKind, String), u64>> {
        let mut names = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Some(column) = actor_column(segment).storage()? else {
                continue;
            };
            // Articles per actor, in one pass over the column: this runs only to suggest
            // names when a filter matched none.
            let mut articles = vec![0u64; column.dictionary().num_terms()];
            for doc in segment.doc_ids_alive() {
                for ord in column.term_ords(doc) {
                    if let Some(n) = articles.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
            let mut stream = column.dictionary().stream().map_err(io_error)?;
            while stream.advance() {
                let Some((kind, name)) = decode_actor_key(stream.key()) else {
                    continue;
                };
                let n = articles
                    .get(stream.term_ord() as usize)
                    .copied()
                    .unwrap_or(0);
                if kinds.contains(&kind) && n > 0 {
                    *names.entry((kind, name)).or_insert(0) += n;
                }
            }
        }
        Ok(names)
    }
}

/// Case, diacritics and spacing folded, for lenient matching.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .map(crate::schema::analyzer::fold_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Names longer than this are not compared: no actor has one, and comparing costs the
/// product of the lengths.
const MAX_SUGGESTED_CHARS: usize = 200;

/// Close names, best first: names containing what was typed (or contained in it), then
/// names within a small edit distance; more often named first among equals.
fn suggest(wanted: &str, names: &BTreeMap<(ActorKind, String), u64>) -> Vec<String> {
    let wanted_chars = wanted.chars().count();
    if wanted_chars > MAX_SUGGESTED_CHARS {
        return Vec::new();
    }
    let allowed = (wanted_chars / 4).clamp(1, 3);
    let mut scored: Vec<(usize, std::cmp::Reverse<u64>, String)> = Vec::new();
    for ((_, name), docs) in names {
        let folded = fold(name);
        let rank = if folded.contains(wanted) || (folded.len() >= 3 && wanted.contains(&folded)) {
            0
        } else {
            // Each edit changes the length by at most one.
            if folded.chars().count().abs_diff(wanted_chars) > allowed {
                continue;
            }
            let distance = edit_distance(&folded, wanted);
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
