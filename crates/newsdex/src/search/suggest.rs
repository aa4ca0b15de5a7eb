//! "Did you mean": when a query of plain words finds nothing or very little, the words
//! that the archive hardly has are replaced by close words it has often (within one edit,
//! two for long words), shown as written in an article rather than as stems.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{TantivyDocument, Term};

use super::Context;
use crate::error::{io_error, OrStorage, Result};
use crate::schema::analyzer::{fold_lowercase, stem_in_place};

/// Suggestions are looked for when a query matches at most this many articles.
pub(crate) const FEW_HITS: u64 = 2;
/// A replacement must be in at least this many times more articles than the word typed
/// (in any article at all, when the word typed is in none).
const MORE_COMMON: u64 = 5;

impl Context<'_> {
    /// The query with its rare words replaced by common close ones; empty when no word
    /// has a better neighbour.
    pub(crate) fn suggestions(&self, text: &str) -> Result<Vec<String>> {
        let field = self.core.fields.body;
        let mut analyzer = self.core.inner.tokenizer_for_field(field).storage()?;
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            words.push((token.offset_from, token.offset_to, token.text.clone()));
        }
        let mut corrected = String::with_capacity(text.len());
        let mut at = 0;
        let mut changed = false;
        for (from, to, stem) in words {
            let seen = self
                .searcher
                .doc_freq(&Term::from_field_text(field, &stem))
                .storage()?;
            if let Some(better) = self.close_common_term(&stem, seen)? {
                if let Some(surface) = self.surface_of(&better)? {
                    corrected.push_str(&text[at..from]);
                    corrected.push_str(&surface);
                    at = to;
                    changed = true;
                }
            }
        }
        corrected.push_str(&text[at..]);
        Ok(if changed { vec![corrected] } else { Vec::new() })
    }

    /// The most common body term within reach of `stem` that is in many more articles.
    fn close_common_term(&self, stem: &str, seen: u64) -> Result<Option<String>> {
        let len = stem.chars().count();
        if len < 3 {
            return Ok(None);
        }
        let reach = if len >= 7 { 2 } else { 1 };
        // Only the terms within reach, found by walking the automaton along each term
        // dictionary: reading every term took about 0.2 s for a word in no article over
        // 64x Reuters. (Each term it finds is still checked as before: the same terms win.)
        let near = Near(builder(reach).build_dfa(stem));
        let mut best: Option<(u64, String)> = None;
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.core.fields.body).storage()?;
            let mut terms = inverted
                .terms()
                .search(&near)
                .into_stream()
                .map_err(io_error)?;
            while terms.advance() {
                let Ok(term) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                if term.len().abs_diff(stem.len()) > reach || term == stem {
                    continue;
                }
                let docs = u64::from(terms.value().doc_freq);
                if docs < seen.saturating_mul(MORE_COMMON).max(1)
                    || best.as_ref().is_some_and(|(n, _)| *n >= docs)
                {
                    continue;
                }
                if within(stem, term, reach) {
                    best = Some((docs, term.to_owned()));
                }
            }
        }
        Ok(best.map(|(_, term)| term))
    }

    /// A word of an article whose stem is `term`, lowercased, as written there.
    fn surface_of(&self, term: &str) -> Result<Option<String>> {
        let field = self.core.fields.body;
        let query = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .storage()?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(*address).storage()?;
        let body = doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let mut scratch = String::new();
        for word in body.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            scratch.clear();
            scratch.push_str(&fold_lowercase(word));
            stem_in_place(&mut scratch);
            if scratch == term {
                return Ok(Some(word.to_lowercase()));
            }
        }
        Ok(Some(term.to_owned()))
    }
}

/// The builder of automata for words within `reach` (1 or 2) edits, a swap counting as
/// one, as in [`within`]; made once per process (the one for two edits takes a while).
fn builder(reach: usize) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if reach <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// A Levenshtein automaton as the term dictionary walks it, byte by byte. (tantivy's own
/// wrapper cannot be built outside tantivy.)
struct Near(DFA);

impl tantivy_fst::Automaton for Near {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Whether `a` and `b` are within `reach` edits (insert, delete, substitute, swap).
fn within(a: &str, b: &str, reach: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev2: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(prev2[j - 2] + 1);
            }
        }
        if row.iter().min().is_some_and(|&m| m > reach) {
            return false;
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    prev[b.len()] <= reach
}

#[cfg(test)]
mod tests {
    use super::{builder, within, Near};
    use tantivy_fst::Automaton;

    /// Does the automaton for `a` within `reach` accept `b`?
    fn accepts(a: &str, b: &str, reach: usize) -> bool {
        let near = Near(builder(reach).build_dfa(a));
        let mut state = near.start();
        for &byte in b.as_bytes() {
            state = near.accept(&state, byte);
        }
        near.is_match(&state)
    }

    #[test]
    fn the_automaton_finds_what_the_edit_count_allows() {
        // The dictionary walk finds candidates and `within` checks them: a word it allows
        // and the automaton missed would be a suggestion lost.
        let words = [
            "volker",
            "volcker",
            "walker",
            "teh",
            "the",
            "econmy",
            "economi",
            "oil",
            "gold",
            "opec",
            "opecc",
            "erdogan",
            "erdoğan",
            "erdgoan",
            "kuwait",
            "kuwiat",
            "reagan",
            "reagn",
            "government",
            "goverment",
            "govrenment",
            "petróleo",
            "petroleo",
            "zürich",
            "zurich",
            "bundesbank",
            "bundesbnk",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
        ];
        for a in words {
            for b in words {
                for reach in [1, 2] {
                    assert_eq!(
                        accepts(a, b, reach),
                        within(a, b, reach),
                        "{a} / {b} within {reach}"
                    );
                }
            }
        }
    }

    #[test]
    fn edits_count_swaps_as_one() {
        assert!(within("volker", "volcker", 1));
        assert!(within("teh", "the", 1));
        assert!(!within("volker", "walker", 1));
        assert!(within("econmy", "economi", 2));
        assert!(!within("oil", "gold", 1));
    }
}
