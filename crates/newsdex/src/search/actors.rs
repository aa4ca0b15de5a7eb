//! Resolving an actor filter to the articles it means: any surface form of an actor, in
//! any case, and when nothing fits, close names to suggest.

use newsdex_extract::ActorKind;
use tantivy::Term;

use super::request::ActorFilter;
use super::results::ActorRef;
use super::Context;
use crate::error::{OrStorage, Result, UserError};
use crate::schema::encode::{actor_form_key, actor_form_keys, folded_name};

const SUGGESTIONS: usize = 5;

/// How many times more articles a one-word name's own entity needs than the others it
/// could mean, to be taken for it without asking.
const DOMINANT: u64 = 5;

impl Context<'_> {
    /// The articles a filter selects, as terms of `actor_form`, and the entity it was
    /// taken for: the one entity one of whose names or aliases it is; an error listing
    /// the candidates when it is several entities' ("Ford": the company and the
    /// president), or naming close names when it is none.
    pub(crate) fn resolve_actor(
        &self,
        filter: &ActorFilter,
    ) -> Result<(Vec<Term>, Option<ActorRef>)> {
        let kinds: Vec<ActorKind> = filter
            .kind()
            .map_or_else(|| ActorKind::ALL.to_vec(), |k| vec![k]);
        let entities = self.entities()?;
        let mut found: Vec<u32> = entities
            .find(filter.name())
            .into_iter()
            .filter(|&e| kinds.contains(&entities.kind(e)))
            .collect();
        // A full name that is one entity's own beats aliases of others. A single word
        // is as often a surname or short name as a name ("Ford": the president, the
        // company; "Jordan"): it is taken for the entity it names only when that one
        // is far more often in the archive than the others it could mean.
        let typed = folded_name(filter.name());
        let own: Vec<u32> = found
            .iter()
            .copied()
            .filter(|&e| folded_name(entities.name(e)) == typed)
            .collect();
        // A name that is no entity's own but an alias of several ("OPEC": the cartel, and
        // its committee an article also called OPEC) is taken the same way for the one
        // far more often in the archive.
        let dominant = |e: u32| {
            let docs = u64::from(entities.docs(e));
            found
                .iter()
                .filter(|&&o| o != e)
                .all(|&o| u64::from(entities.docs(o)) * DOMINANT <= docs)
        };
        if let [e] = own[..] {
            if typed.contains(' ') || dominant(e) {
                found = own;
            }
        } else if own.is_empty() {
            if let Some(&e) = found.iter().max_by_key(|&&e| entities.docs(e)) {
                if found.len() > 1 && dominant(e) {
                    found = vec![e];
                }
            }
        }
        match found.as_slice() {
            [e] => {
                let e = *e;
                let mut terms = Vec::new();
                for (kind, name) in entities.members(e) {
                    terms.push(Term::from_field_text(
                        self.core.fields.actor_form,
                        &actor_form_key(kind, name),
                    ));
                }
                let used = ActorRef::new(entities.name(e).to_owned(), entities.kind(e));
                return Ok((terms, Some(used)));
            }
            [_, _, ..] => {
                let mut candidates: Vec<(String, ActorKind, u64)> = found
                    .iter()
                    .map(|&e| {
                        (
                            entities.name(e).to_owned(),
                            entities.kind(e),
                            u64::from(entities.docs(e)),
                        )
                    })
                    .collect();
                candidates.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
                return Err(UserError::AmbiguousActor {
                    name: filter.name().to_owned(),
                    candidates,
                }
                .into());
            }
            [] => {}
        }
        // Not a name the entities know (a form written only inside an article): any
        // article whose actor was written so, as extraction kept its forms.
        let mut terms = Vec::new();
        for kind in &kinds {
            for key in actor_form_keys(*kind, filter.name()) {
                let term = Term::from_field_text(self.core.fields.actor_form, &key);
                if self.searcher.doc_freq(&term).storage()? > 0 {
                    terms.push(term);
                }
            }
        }
        if !terms.is_empty() {
            return Ok((terms, None));
        }
        // Each entity under its name and its aliases ("volckr" is one edit from the
        // alias "Volcker" of Paul Volcker), as the table's index has them folded,
        // suggested by its name.
        let wanted = fold(filter.name());
        let suggestions = match Close::new(&wanted) {
            Some(mut close) => {
                // (Most names are not close: the entity is read only for those that are.)
                entities.for_each_name(|folded, e| {
                    if let Some(rank) = close.rank(folded) {
                        if kinds.contains(&entities.kind(e)) {
                            close.add(rank, entities.name(e), u64::from(entities.docs(e)));
                        }
                    }
                });
                close.best()
            }
            None => Vec::new(),
        };
        Err(UserError::UnknownActor {
            name: filter.name().to_owned(),
            suggestions,
        }
        .into())
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

/// [`Close`] over a list of names.
#[cfg(test)]
fn suggest(wanted: &str, names: &[(&str, &str, u64)]) -> Vec<String> {
    let Some(mut close) = Close::new(wanted) else {
        return Vec::new();
    };
    for &(folded, name, docs) in names {
        if let Some(rank) = close.rank(folded) {
            close.add(rank, name, docs);
        }
    }
    close.best()
}

/// Close names, best first: names containing what was typed (or contained in it), then
/// names within a small edit distance; more often named first among equals. The names
/// are offered one at a time: an archive's are streamed from the entity table rather
/// than copied first.
struct Close<'a> {
    /// What was typed, found in a name by a searcher built once.
    inside: memchr::memmem::Finder<'a>,
    /// Its chars, and a row of the edit-distance table, kept between names.
    chars: Vec<char>,
    row: Vec<usize>,
    wanted_chars: usize,
    allowed: usize,
    /// What was typed between spaces, and a buffer for each name so written, for the
    /// whole-words test (two strings allocated per name were most of the time an unknown
    /// name took over a large archive).
    padded_wanted: String,
    padded: String,
    scored: Vec<(usize, std::cmp::Reverse<u64>, &'a str)>,
}

impl<'a> Close<'a> {
    /// `None` for a text longer than any name ([`MAX_SUGGESTED_CHARS`]): nothing is close.
    fn new(wanted: &'a str) -> Option<Close<'a>> {
        let wanted_chars = wanted.chars().count();
        if wanted_chars > MAX_SUGGESTED_CHARS {
            return None;
        }
        Some(Close {
            inside: memchr::memmem::Finder::new(wanted),
            chars: wanted.chars().collect(),
            row: Vec::new(),
            wanted_chars,
            allowed: (wanted_chars / 4).clamp(1, 3),
            padded_wanted: format!(" {wanted} "),
            padded: String::new(),
            scored: Vec::new(),
        })
    }

    /// How close a name is, `folded` as the entity table keys it (lower is closer);
    /// `None` when it is not close.
    fn rank(&mut self, folded: &str) -> Option<usize> {
        let allowed = self.allowed;
        // Each edit changes the length by at most one.
        let mut close = || {
            (folded.chars().count().abs_diff(self.wanted_chars) <= allowed)
                .then(|| edit_distance_to(folded, &self.chars, &mut self.row))
                .filter(|&d| d <= allowed)
        };
        // A name typed inside a longer text counts when it is whole words of it
        // ("volcker" in "paul volcker jr"), after the close spellings: "audi" is inside
        // "saudi arabai", which is two edits from Saudi Arabia. (Only a name shorter than
        // what was typed can be some of its words: an equal one would be contained.)
        let rank = if self.inside.find(folded.as_bytes()).is_some() {
            0
        } else if let Some(distance) = close() {
            distance
        } else if (3..self.padded_wanted.len() - 2).contains(&folded.len()) && {
            self.padded.clear();
            self.padded.extend([" ", folded, " "]);
            self.padded_wanted.contains(self.padded.as_str())
        } {
            allowed + 1
        } else {
            return None;
        };
        Some(rank)
    }

    /// A close name, as shown, with its rank and the articles that name it.
    fn add(&mut self, rank: usize, name: &'a str, docs: u64) {
        self.scored.push((rank, std::cmp::Reverse(docs), name));
    }

    /// The best names, each once, at most [`SUGGESTIONS`].
    fn best(mut self) -> Vec<String> {
        self.scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, name) in self.scored {
            if !out.iter().any(|o| o == name) {
                out.push(name.to_owned());
            }
            if out.len() == SUGGESTIONS {
                break;
            }
        }
        out
    }
}

/// [`edit_distance_to`] between two strings.
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    edit_distance_to(a, &b, &mut Vec::new())
}

/// Levenshtein distance over chars from `a` to `b`'s chars, in a row the caller keeps
/// between calls.
fn edit_distance_to(a: &str, b: &[char], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(0..=b.len());
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
        fn view(names: &[(String, String, u64)]) -> Vec<(&str, &str, u64)> {
            names
                .iter()
                .map(|(f, n, d)| (f.as_str(), n.as_str(), *d))
                .collect()
        }
        let mut names: Vec<(String, String, u64)> = Vec::new();
        let add = |names: &mut Vec<(String, String, u64)>, written: &str, name: &str, docs: u64| {
            names.push((fold(written), name.to_owned(), docs));
        };
        add(&mut names, "Maria Zakharova", "Maria Zakharova", 4);
        add(&mut names, "Maria Zaharova", "Maria Zaharova", 1);
        add(&mut names, "CSTO", "CSTO", 9);
        add(&mut names, "Paul Volcker", "Paul Volcker", 102);
        add(&mut names, "Volcker", "Paul Volcker", 102);
        assert_eq!(
            suggest("zakharova", &view(&names)),
            vec!["Maria Zakharova".to_owned()]
        );
        assert_eq!(suggest("cst", &view(&names)), vec!["CSTO".to_owned()]);
        assert_eq!(
            suggest("maria zakarova", &view(&names)),
            vec!["Maria Zakharova", "Maria Zaharova"]
        );
        // An alias one edit away suggests its entity, once.
        assert_eq!(
            suggest("volckr", &view(&names)),
            vec!["Paul Volcker".to_owned()]
        );
        // A close spelling first; a short name inside a word of what was typed, never.
        add(&mut names, "Saudi Arabia", "Saudi Arabia", 50);
        add(&mut names, "Audi", "Audi", 80);
        add(&mut names, "CSTO summit", "CSTO summit", 1);
        assert_eq!(
            suggest("saudi arabai", &view(&names)),
            vec!["Saudi Arabia".to_owned()]
        );
        assert_eq!(
            suggest("csto summit in minsk", &view(&names)),
            vec!["CSTO".to_owned(), "CSTO summit".to_owned()]
        );
    }
}
