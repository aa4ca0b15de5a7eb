//! Snippets: the passage of a hit's body where the query's words weigh most, with those
//! words marked. The passages and marks are those of tantivy's `SnippetGenerator`, but a
//! word is lowercased and stemmed only when it could be one of the query's terms.
//!
//! English Snowball stemming only rewrites the end of a word: a stem keeps the word's
//! first letter, and its second unless that is the `y` of a word like "dying" -> "die"
//! (its exception words, "skies" -> "sky", "idly" -> "idl", keep both), and is never
//! longer than the word. So a word is lowercased and stemmed only when it starts like a
//! term; every other word is skipped unread. tantivy's generator runs the whole analyzer
//! over every hit's body and allocates a lowercase copy of each of its words: over half
//! of a command-line query.

use std::ops::Range;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{Score, Searcher, Term};

use crate::schema::analyzer::{fold_lowercase, stem_in_place, TOO_LONG};

/// The best passage of a text and the byte ranges of its matched words, both in the
/// whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Passage {
    pub range: Range<usize>,
    pub highlights: Vec<Range<usize>>,
}

/// Finds passages for one query.
pub(crate) struct Snippets {
    /// The query's terms in the field, with their weight (rarer weighs more) and the
    /// start a word needs to be stemmed into them.
    terms: Vec<(String, Score, Start)>,
    /// Per ASCII byte, whether a word starting with it could be one of the terms: its
    /// lowercase is a term's first letter. (Most words start otherwise and are passed
    /// over on their first byte.)
    firsts: [bool; 128],
    /// The longest passage, in bytes of the text.
    max_bytes: usize,
}

impl Snippets {
    /// The terms of `query` in `field`, weighed as tantivy does: 1 / (1 + document
    /// frequency); terms no article has are left out.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_bytes: usize,
    ) -> tantivy::Result<Snippets> {
        let mut found: Vec<&Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field && !found.contains(&term) {
                found.push(term);
            }
        });
        let mut terms = Vec::new();
        for term in found {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let doc_freq = searcher.doc_freq(term)?;
            if let (true, Some(start)) = (doc_freq > 0, Start::of(text)) {
                terms.push((text.to_owned(), 1.0 / (1.0 + doc_freq as Score), start));
            }
        }
        let mut firsts = [false; 128];
        for (_, _, start) in &terms {
            if start.first.is_ascii() {
                let b = start.first as u8;
                firsts[usize::from(b.to_ascii_lowercase())] = true;
                firsts[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        Ok(Snippets {
            terms,
            firsts,
            max_bytes,
        })
    }

    /// The passage of `text` with the highest total weight of matched words, the first
    /// one among equals; `None` when no word matches.
    pub fn best(&self, text: &str) -> Option<Passage> {
        if self.terms.is_empty() {
            return None;
        }
        let mut best: Option<Candidate> = None;
        let mut current = Candidate::new(0);
        let mut scratch = String::new();
        for (start, end) in Words::new(text) {
            if end - start >= TOO_LONG {
                // Not indexed, so no token: it neither ends a passage nor matches.
                continue;
            }
            if end - current.start > self.max_bytes {
                current.offer_to(&mut best);
                current = Candidate::new(start);
            }
            current.stop = end;
            if !self.may_start(text.as_bytes()[start]) {
                continue;
            }
            if let Some(score) = self.weight_of(&text[start..end], &mut scratch) {
                current.score += score;
                current.highlights.push(start..end);
            }
        }
        current.offer_to(&mut best);
        best.map(|c| Passage {
            range: c.start..c.stop,
            highlights: c.highlights,
        })
    }

    /// Whether a word whose first byte is `first` may be one of the terms: a word that
    /// starts with an ASCII byte starts, lowercased and folded, with that byte's
    /// lowercase, which must be a term's first letter.
    #[inline]
    fn may_start(&self, first: u8) -> bool {
        !first.is_ascii() || self.firsts[usize::from(first)]
    }

    /// The weight of `word` if it is one of the terms once lowercased, folded to ASCII
    /// and stemmed, as the analyzer does.
    fn weight_of(&self, word: &str, scratch: &mut String) -> Option<Score> {
        if !self.may_start(*word.as_bytes().first()?) {
            return None;
        }
        let folded;
        let word = if word.is_ascii() {
            word
        } else {
            folded = fold_lowercase(word);
            folded.as_str()
        };
        let start = Start::of_word(word)?;
        if !self
            .terms
            .iter()
            .any(|(_, _, wanted)| start.could_be(wanted, word))
        {
            return None;
        }
        scratch.clear();
        scratch.push_str(word);
        scratch.make_ascii_lowercase();
        stem_in_place(scratch);
        self.terms
            .iter()
            .find(|(t, _, _)| t == scratch)
            .map(|(_, score, _)| *score)
    }
}

/// The passage of `text` around `span` (a mentioned date), at most about `max_bytes`
/// long and cut at spaces, with `span` highlighted and, when there is a query, its words
/// in the passage too.
pub(crate) fn around(
    text: &str,
    span: Range<usize>,
    max_bytes: usize,
    query: Option<&Snippets>,
) -> Passage {
    let room = max_bytes.saturating_sub(span.len());
    let mut start = span.start.saturating_sub(room / 3);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        // Start after a space, so the passage opens with a whole word.
        start = text[start..span.start]
            .find(char::is_whitespace)
            .map_or(span.start, |i| start + i + 1);
    }
    let mut end = (span.end + room - (span.start - start).min(room)).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    if end < text.len() {
        end = text[span.end..end]
            .rfind(char::is_whitespace)
            .map_or(span.end, |i| span.end + i);
    }
    let mut highlights = vec![span.clone()];
    if let Some(query) = query {
        let mut scratch = String::new();
        for (s, e) in Words::new(&text[start..end]) {
            let (s, e) = (start + s, start + e);
            let outside = e <= span.start || s >= span.end;
            if outside && query.weight_of(&text[s..e], &mut scratch).is_some() {
                highlights.push(s..e);
            }
        }
        highlights.sort_by_key(|r| r.start);
    }
    Passage {
        range: start..end,
        highlights,
    }
}

/// The first two letters of a lowercase word or term, and its length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Start {
    first: char,
    second: Option<char>,
    len: usize,
}

impl Start {
    /// A term's start (terms are lowercase already).
    fn of(term: &str) -> Option<Start> {
        let mut chars = term.chars();
        Some(Start {
            first: chars.next()?,
            second: chars.next(),
            len: term.len(),
        })
    }

    /// A word's start once lowercased, ASCII bytes lowercased directly.
    fn of_word(word: &str) -> Option<Start> {
        let bytes = word.as_bytes();
        if let (Some(&a), second) = (bytes.first(), bytes.get(1)) {
            if a.is_ascii() && second.is_none_or(u8::is_ascii) {
                return Some(Start {
                    first: char::from(a.to_ascii_lowercase()),
                    second: second.map(|b| char::from(b.to_ascii_lowercase())),
                    len: word.len(),
                });
            }
        }
        let mut letters = word.chars().flat_map(char::to_lowercase);
        Some(Start {
            first: letters.next()?,
            second: letters.next(),
            len: word.len(),
        })
    }

    /// Whether a word starting so (`word` as written) could be stemmed into a term
    /// starting as `term`: the same first letter, then the same second or a `y`, and no
    /// shorter (when lowercasing cannot change its length, for ASCII).
    fn could_be(&self, term: &Start, word: &str) -> bool {
        self.first == term.first
            && term
                .second
                .is_none_or(|t| self.second.is_some_and(|w| w == t || w == 'y'))
            && (term.len <= self.len || !word.is_ascii())
    }
}

/// Whether `word`, as written, could be lowercased and stemmed into `term`.
#[cfg(test)]
fn could_stem_to(word: &str, term: &str) -> bool {
    match (Start::of_word(word), Start::of(term)) {
        (Some(w), Some(t)) => w.could_be(&t, word),
        _ => false,
    }
}

/// A passage being considered.
struct Candidate {
    score: Score,
    start: usize,
    stop: usize,
    highlights: Vec<Range<usize>>,
}

impl Candidate {
    fn new(start: usize) -> Candidate {
        Candidate {
            score: 0.0,
            start,
            stop: start,
            highlights: Vec::new(),
        }
    }

    /// Keeps this passage if it matched and weighs more than `best` (the first wins ties).
    fn offer_to(self, best: &mut Option<Candidate>) {
        if self.score > 0.0 && best.as_ref().is_none_or(|b| self.score > b.score) {
            *best = Some(self);
        }
    }
}

/// The byte ranges of a text's words, as the analyzer splits them: runs of alphanumeric
/// characters, ASCII bytes tested directly.
struct Words<'a> {
    text: &'a str,
    next: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        Words { text, next: 0 }
    }

    /// The char at `i` (a char boundary) and its length, when it is alphanumeric.
    #[inline]
    fn alphanumeric_at(&self, i: usize) -> Option<usize> {
        let c = self.text.get(i..)?.chars().next()?;
        c.is_alphanumeric().then(|| c.len_utf8())
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    /// (One function with both loops, ASCII bytes tested directly: a word costs no
    /// call, which counted for a third of a snippet's instructions.)
    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut i = self.next;
        // To the word's first character.
        loop {
            let &b = bytes.get(i)?;
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else if self.alphanumeric_at(i).is_some() {
                break;
            } else {
                i += self.text.get(i..)?.chars().next()?.len_utf8();
            }
        }
        let start = i;
        // Past its last.
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                match self.alphanumeric_at(i) {
                    Some(len) => i += len,
                    None => break,
                }
            }
        }
        self.next = i;
        Some((start, i))
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::QueryParser;
    use tantivy::snippet::SnippetGenerator;

    use super::*;
    use crate::{Article, Index, IndexerOptions};

    /// What `Snippets::best` relies on: a stem starts with its word's first letter, then
    /// its second unless that is a `y`, and is no longer than the word; exception words
    /// included.
    #[test]
    fn stems_keep_the_first_two_letters_and_never_grow() {
        let exceptions = [
            "skis", "skies", "dying", "lying", "tying", "vying", "idly", "gently", "ugly", "early",
            "only", "singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "yelling",
            "year", "ying", "y", "yy", "ies", "eed", "ied", "crying", "aging", "dry", "any",
            "ewing",
        ];
        let check = |word: &str| {
            let mut stem = word.to_owned();
            stem_in_place(&mut stem);
            assert!(could_stem_to(word, &stem), "{word} -> {stem}");
        };
        for word in exceptions {
            check(word);
        }
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &"[a-z]{1,3}y?(ying|ies|ied|ing|ed|ly|ness|ational|fulness|y|e|s)?",
                |w| {
                    check(&w);
                    Ok(())
                },
            )
            .unwrap();
        // And the check is not vacuous: other starts are refused.
        assert!(!could_stem_to("dying", "lie"));
        assert!(!could_stem_to("oil", "oils"));
        assert!(!could_stem_to("Opec", "oil"));
        assert!(could_stem_to("OILS", "oil"));
    }

    fn index_of(bodies: &[String]) -> Index {
        let index = Index::create_in_ram().unwrap();
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        let articles = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| {
                Article::new(format!("a{i}"))
                    .with_title("")
                    .with_body(body.clone())
            })
            .collect();
        indexer.add_batch(articles).unwrap();
        indexer.commit().unwrap();
        drop(indexer);
        index
    }

    /// Same passages and marks as tantivy's generator.
    fn assert_same_as_tantivy(bodies: &[String], queries: &[&str], max_bytes: usize) {
        let index = index_of(bodies);
        let searcher = index.core.searcher();
        let parser = QueryParser::for_index(&index.core.inner, vec![index.core.fields.body]);
        for text in queries {
            let query = parser.parse_query(text).unwrap();
            let ours =
                Snippets::new(&searcher, &*query, index.core.fields.body, max_bytes).unwrap();
            let mut theirs =
                SnippetGenerator::create(&searcher, &*query, index.core.fields.body).unwrap();
            theirs.set_max_num_chars(max_bytes);
            for body in bodies {
                let expected = theirs.snippet(body);
                let got = ours.best(body);
                match got {
                    None => assert!(expected.is_empty(), "{text:?} in {body:?}"),
                    Some(p) => {
                        assert_eq!(p.range, expected.fragment_range(), "{text:?} in {body:?}");
                        let relative: Vec<_> = p
                            .highlights
                            .iter()
                            .map(|r| r.start - p.range.start..r.end - p.range.start)
                            .collect();
                        assert_eq!(relative, expected.highlighted(), "{text:?} in {body:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn passages_and_marks_are_those_of_tantivys_generator() {
        let bodies: Vec<String> = [
            "Oil prices rose. OIL exporters met; oil-rich states, oily rags and Oilers.",
            "The Dying light: skies over lying officials, tying the knot, skis sold.",
            "Trade deficit with Japan widened as trading deficits grew. TRADERS traded.",
            "Ünïcödé Öl prices in Österreich; İstanbul talks; ΣΟΦΙΑ; naïveté; 石油 prices.",
            &format!("{} oil {} oil", "x".repeat(45), "word ".repeat(60)),
            "",
            "no match anywhere in this text at all",
        ]
        .map(str::to_owned)
        .to_vec();
        let queries = [
            "oil",
            "oil prices",
            "die sky",
            "lie tie ski",
            "trade deficit japan",
            "istanbul",
            "öl",
            "naïveté",
            "石油",
            "prices",
            "word",
            "nothing",
        ];
        for max_bytes in [20, 150, 200] {
            assert_same_as_tantivy(&bodies, &queries, max_bytes);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        #[test]
        fn any_text_gives_tantivys_passage(
            words in proptest::collection::vec(
                "(Oil|oils|OILY|price[sd]?|trade|TRADING|Öl|dying|die|[a-z]{1,8}|[A-Z][a-z]{0,44})",
                0..120,
            ),
            seps in proptest::collection::vec("[ ,.;\\-\\n]{1,2}", 120),
            max_bytes in 10usize..250,
        ) {
            let body: String = words
                .iter()
                .zip(&seps)
                .map(|(w, s)| format!("{w}{s}"))
                .collect();
            assert_same_as_tantivy(&[body], &["oil", "price trade", "öl die"], max_bytes);
        }
    }
}
