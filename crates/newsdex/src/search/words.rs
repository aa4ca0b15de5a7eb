//! Plain words as people type them: the documents with at least a given number of the
//! words, each word found in the body or the title, scored by BM25F (`ranking.rs`): a
//! word's occurrences in both fields, each normalised by its field's length and the title
//! weighed by where it came from, saturated together.
//!
//! A document with at least `minimum` of `n` words has one of any `n - minimum + 1` of
//! them, so the rarest `n - minimum + 1` words lead: only their documents are candidates,
//! and the other words are looked up at the candidates with skip lists (Lucene's
//! minimum-should-match scorer, simplified). tantivy's own minimum-match disjunction
//! visits every document of every word, "with" and "the" included, and its per-word unions
//! reset a 4,096-document buffer on every skip.

use std::sync::Arc;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::open::OpenSegments;
use super::ranking::{self, Collection, Params, SegmentNorms, Slot};

/// Documents with at least `minimum` of `words`; a word is any of its terms, each in
/// the body or the title.
#[derive(Clone, Debug)]
pub(crate) struct WordsQuery {
    words: Vec<Vec<(Term, Slot)>>,
    minimum: usize,
    /// The body and title fields, whose lengths normalise.
    fields: [Field; 2],
    /// Where the segments' title kinds are kept open.
    open: Arc<OpenSegments>,
}

impl WordsQuery {
    /// `minimum` is clamped to 1..=words.
    pub fn new(
        words: Vec<Vec<(Term, Slot)>>,
        minimum: usize,
        fields: [Field; 2],
        open: Arc<OpenSegments>,
    ) -> WordsQuery {
        let minimum = minimum.clamp(1, words.len().max(1));
        WordsQuery {
            words,
            minimum,
            fields,
            open,
        }
    }

    /// For tests: each of `words` as one word of the query, looked for in the body and
    /// the title, as `search` makes the words of a query.
    #[cfg(test)]
    pub fn of_words(words: &[&str], minimum: usize, [body, title]: [Field; 2]) -> WordsQuery {
        let words = words
            .iter()
            .map(|w| {
                vec![
                    (Term::from_field_text(body, w), Slot::Body),
                    (Term::from_field_text(title, w), Slot::Title),
                ]
            })
            .collect();
        WordsQuery::new(words, minimum, [body, title], Arc::default())
    }
}

impl Query for WordsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let scoring = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let collection =
                    Collection::new(statistics_provider, self.fields[0], self.fields[1])?;
                // A word's documents: those of its commoner field (a title's words are
                // in the body as a rule, so the union is about the larger).
                let mut idf = Vec::with_capacity(self.words.len());
                for terms in &self.words {
                    let mut doc_freq = 0;
                    for (term, _) in terms {
                        doc_freq = doc_freq.max(statistics_provider.doc_freq(term)?);
                    }
                    idf.push(ranking::idf(doc_freq, collection.docs));
                }
                Some(WeightScoring {
                    collection,
                    idf,
                    params: ranking::params(),
                })
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(WordsWeight {
            words: self.words.clone(),
            minimum: self.minimum,
            fields: self.fields,
            scoring,
            open: Arc::clone(&self.open),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in self.words.iter().flatten() {
            visitor(term, false);
        }
    }
}

/// What scoring needs beyond the postings: the statistics of the whole index.
struct WeightScoring {
    collection: Collection,
    /// Per word.
    idf: Vec<Score>,
    params: Params,
}

struct WordsWeight {
    words: Vec<Vec<(Term, Slot)>>,
    minimum: usize,
    fields: [Field; 2],
    /// `None` when scores are not wanted.
    scoring: Option<WeightScoring>,
    open: Arc<OpenSegments>,
}

impl WordsWeight {
    fn postings(
        &self,
        reader: &SegmentReader,
        term: &Term,
        slot: Slot,
    ) -> tantivy::Result<Option<TermPostings>> {
        let inverted = reader.inverted_index(term.field())?;
        let Some(info) = inverted.get_term_info(term)? else {
            return Ok(None);
        };
        let option = match self.scoring {
            Some(_) => IndexRecordOption::WithFreqs,
            None => IndexRecordOption::Basic,
        };
        let postings = inverted.read_postings_from_terminfo(&info, option)?;
        Ok(Some(TermPostings { postings, slot }))
    }
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut words = Vec::with_capacity(self.words.len());
        for (word, terms) in self.words.iter().enumerate() {
            let mut found = Vec::with_capacity(terms.len());
            for (term, slot) in terms {
                if let Some(postings) = self.postings(reader, term, *slot)? {
                    if postings.doc() != TERMINATED {
                        found.push(postings);
                    }
                }
            }
            // A word absent from this segment can only be one of the missing ones.
            if !found.is_empty() {
                words.push((word, found));
            }
        }
        if words.len() < self.minimum {
            return Ok(Box::new(EmptyScorer));
        }
        let scoring = match &self.scoring {
            Some(s) => Some(SegmentScoring {
                norms: SegmentNorms::new(
                    reader,
                    self.fields,
                    &s.collection,
                    &s.params,
                    self.open.of(reader).title_kinds(reader),
                )?,
                idf: s.idf.iter().map(|idf| idf * boost).collect(),
                k1: s.params.k1,
            }),
            None => None,
        };
        Ok(Box::new(WordsScorer::new(words, self.minimum, scoring)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "sum over the words of idf times the saturated BM25F frequency",
            scorer.score(),
        ))
    }
}

/// One term's postings in one field.
struct TermPostings {
    postings: SegmentPostings,
    slot: Slot,
}

impl TermPostings {
    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    #[inline]
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn cost(&self) -> u64 {
        u64::from(self.postings.size_hint())
    }
}

/// A segment's length norms and the words' weights (times the query's boost).
struct SegmentScoring {
    norms: SegmentNorms,
    /// Per word, as the query lists them.
    idf: Vec<Score>,
    k1: Score,
}

struct WordsScorer {
    /// Every field's postings of every word: the lead words' first, then the others',
    /// each word's together.
    postings: Vec<TermPostings>,
    /// The word each postings belongs to.
    word_of: Vec<usize>,
    /// `postings[..lead]` belong to the lead words, the rarest: only their documents are
    /// candidates.
    lead: usize,
    /// The other words' postings, rarest word first, looked up at candidates.
    tail: Vec<std::ops::Range<usize>>,
    minimum: usize,
    doc: DocId,
    /// `None` when scores are not wanted.
    scoring: Option<SegmentScoring>,
}

impl WordsScorer {
    /// `words`: each word found in the segment, as its index in the query and its
    /// postings.
    fn new(
        words: Vec<(usize, Vec<TermPostings>)>,
        minimum: usize,
        scoring: Option<SegmentScoring>,
    ) -> WordsScorer {
        let cost = |word: &Vec<TermPostings>| word.iter().map(TermPostings::cost).sum::<u64>();
        let mut by_cost: Vec<(u64, usize, Vec<TermPostings>)> = words
            .into_iter()
            .map(|(i, word)| (cost(&word), i, word))
            .collect();
        by_cost.sort_by_key(|(cost, i, _)| (*cost, *i));
        let lead_words = by_cost.len() + 1 - minimum;
        let mut scorer = WordsScorer {
            postings: Vec::new(),
            word_of: Vec::new(),
            lead: 0,
            tail: Vec::new(),
            minimum,
            doc: 0,
            scoring,
        };
        for (rank, (_, word, postings)) in by_cost.into_iter().enumerate() {
            let start = scorer.postings.len();
            scorer
                .word_of
                .extend(std::iter::repeat_n(word, postings.len()));
            scorer.postings.extend(postings);
            if rank < lead_words {
                scorer.lead = scorer.postings.len();
            } else {
                scorer.tail.push(start..scorer.postings.len());
            }
        }
        scorer.doc = scorer.first_match(scorer.candidate());
        scorer
    }

    /// The lead words' first document from their current positions.
    #[inline]
    fn candidate(&self) -> DocId {
        let mut candidate = TERMINATED;
        for postings in &self.postings[..self.lead] {
            candidate = candidate.min(postings.doc());
        }
        candidate
    }

    /// Moves the lead words past `doc`; returns their next candidate, in one pass.
    #[inline]
    fn step_past(&mut self, doc: DocId) -> DocId {
        let mut candidate = TERMINATED;
        for postings in &mut self.postings[..self.lead] {
            let mut at = postings.doc();
            if at == doc {
                at = postings.advance();
            }
            candidate = candidate.min(at);
        }
        candidate
    }

    /// The first candidate from `candidate` on with enough words.
    #[inline]
    fn first_match(&mut self, mut candidate: DocId) -> DocId {
        while candidate != TERMINATED && !self.has_enough_words(candidate) {
            candidate = self.step_past(candidate);
        }
        candidate
    }

    /// Whether `doc`, where a lead word is, has `minimum` words.
    #[inline]
    fn has_enough_words(&mut self, doc: DocId) -> bool {
        if self.minimum == 1 {
            return true;
        }
        self.counts_enough_words(doc)
    }

    fn counts_enough_words(&mut self, doc: DocId) -> bool {
        let mut found = 0;
        let mut last_word = usize::MAX;
        for (postings, &word) in self.postings[..self.lead].iter().zip(&self.word_of) {
            if postings.doc() == doc && word != last_word {
                found += 1;
                last_word = word;
            }
        }
        for (i, range) in self.tail.iter().enumerate() {
            if found >= self.minimum {
                break;
            }
            // Not enough words left to reach the minimum.
            if found + (self.tail.len() - i) < self.minimum {
                return false;
            }
            let mut here = false;
            for postings in &mut self.postings[range.clone()] {
                if postings.doc() < doc {
                    postings.seek(doc);
                }
                here |= postings.doc() == doc;
            }
            found += usize::from(here);
        }
        found >= self.minimum
    }
}

impl DocSet for WordsScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let candidate = self.step_past(self.doc);
        self.doc = self.first_match(candidate);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for postings in &mut self.postings[..self.lead] {
            if postings.doc() < target {
                postings.seek(target);
            }
        }
        self.doc = self.first_match(self.candidate());
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.cost()).unwrap_or(u32::MAX)
    }

    fn cost(&self) -> u64 {
        self.postings[..self.lead]
            .iter()
            .map(TermPostings::cost)
            .sum()
    }
}

impl Scorer for WordsScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let Some(scoring) = &self.scoring else {
            return 1.0;
        };
        let mut score = 0.0;
        // Each word's fields are together: their weighed frequencies add up, and the sum
        // is saturated when the next word starts. Postings the minimum check did not
        // need to look at are looked up now.
        let mut word = usize::MAX;
        let mut frequency: Score = 0.0;
        for (postings, &of) in self.postings.iter_mut().zip(&self.word_of) {
            if of != word {
                if frequency > 0.0 {
                    score += scoring.idf[word] * ranking::saturated(scoring.k1, frequency);
                }
                word = of;
                frequency = 0.0;
            }
            if postings.doc() < doc {
                postings.seek(doc);
            }
            if postings.doc() == doc {
                let count = postings.postings.term_freq();
                frequency += scoring.norms.weighed(postings.slot, doc, count);
            }
        }
        if frequency > 0.0 {
            score += scoring.idf[word] * ranking::saturated(scoring.k1, frequency);
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    /// The same matches as tantivy's boolean minimum-match query, over words with very
    /// different frequencies in two fields, and the BM25F scores that `ranking` defines,
    /// computed here from the documents' words.
    #[test]
    fn matches_agree_with_a_boolean_minimum_match_and_scores_with_bm25f() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000)
            .unwrap();
        let words = ["the", "trade", "deficit", "japan", "rare"];
        let mut state = 7u64;
        let mut docs = Vec::new();
        for _ in 0..6_000 {
            let mut pick = |every: u64| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33).is_multiple_of(every)
            };
            let (mut t, mut b) = (Vec::new(), Vec::new());
            for (word, every) in words.iter().zip([1, 3, 9, 14, 400]) {
                if pick(every) {
                    b.push(*word);
                }
                if pick(every) {
                    b.push(*word);
                }
                if pick(every * 5) {
                    t.push(*word);
                }
            }
            writer
                .add_document(doc!(title => t.join(" "), body => b.join(" ")))
                .unwrap();
            docs.push((t, b));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();

        // BM25F from the words themselves.
        let params = ranking::params();
        let n = docs.len() as f32;
        let average = |field: fn(&(Vec<&str>, Vec<&str>)) -> usize| {
            (docs.iter().map(field).sum::<usize>() as f32 / n).max(1.0)
        };
        let (title_average, body_average) = (average(|d| d.0.len()), average(|d| d.1.len()));
        let count = |field: &[&str], word: &str| field.iter().filter(|w| **w == word).count();
        // Each word's idf once: recomputed per hit, the test took minutes in debug.
        let idfs: Vec<f32> = words
            .iter()
            .map(|word| {
                let in_title = docs.iter().filter(|d| count(&d.0, word) > 0).count();
                let in_body = docs.iter().filter(|d| count(&d.1, word) > 0).count();
                ranking::idf(in_title.max(in_body) as u64, docs.len() as u64)
            })
            .collect();
        let idf = |word: &str| idfs[words.iter().position(|w| *w == word).unwrap()];
        let norm = |b: f32, length: usize, average: f32| 1.0 - b + b * length as f32 / average;
        let bm25f = |doc: usize, query: &[&str]| -> f32 {
            let (t, b) = &docs[doc];
            query
                .iter()
                .map(|word| {
                    let frequency = count(b, word) as f32
                        / norm(params.body_b, b.len(), body_average)
                        + params.title_weight[1] * count(t, word) as f32
                            / norm(params.title_b, t.len(), title_average);
                    idf(word) * ranking::saturated(params.k1, frequency)
                })
                .sum()
        };

        let term = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::Basic,
            ))
        };
        for n in 1..=words.len() {
            for minimum in 1..=n {
                let query = &words[..n];
                let ours = WordsQuery::of_words(query, minimum, [body, title]);
                let either = |w: &&str| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Should, term(body, w)),
                            (Occur::Should, term(title, w)),
                        ])),
                    )
                };
                let theirs = BooleanQuery::with_minimum_required_clauses(
                    query.iter().map(either).collect(),
                    minimum,
                );
                let count = |q: &dyn Query| searcher.search(q, &Count).unwrap();
                assert_eq!(count(&ours), count(&theirs), "{n} words, {minimum} needed");
                let hits = searcher
                    .search(&ours, &TopDocs::with_limit(10_000).order_by_score())
                    .unwrap();
                for (score, address) in hits {
                    let expected = bm25f(address.doc_id as usize, query);
                    assert!(
                        (score - expected).abs() < 1e-4 * expected.max(1.0),
                        "{score} vs {expected} at {address:?}"
                    );
                }
            }
        }
    }
}
