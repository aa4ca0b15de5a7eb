//! Plain words as people type them: the documents with at least a given number of the
//! words, each word found in any of its fields (body, boosted title), scored by the sum of
//! what every word scores in every field.
//!
//! A document with at least `minimum` of `n` words has one of any `n - minimum + 1` of
//! them, so the rarest `n - minimum + 1` words lead: only their documents are candidates,
//! and the other words are looked up at the candidates with skip lists (Lucene's
//! minimum-should-match scorer, simplified). tantivy's own minimum-match disjunction
//! visits every document of every word, "with" and "the" included, and its per-word unions
//! reset a 4,096-document buffer on every skip.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Documents with at least `minimum` of `words`; a word is any of its terms (one per
/// field), each with a boost.
#[derive(Clone, Debug)]
pub(crate) struct WordsQuery {
    words: Vec<Vec<(Term, Score)>>,
    minimum: usize,
}

impl WordsQuery {
    /// `minimum` is clamped to 1..=words.
    pub fn new(words: Vec<Vec<(Term, Score)>>, minimum: usize) -> WordsQuery {
        let minimum = minimum.clamp(1, words.len().max(1));
        WordsQuery { words, minimum }
    }
}

impl Query for WordsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut words = Vec::with_capacity(self.words.len());
        for terms in &self.words {
            let mut weighted = Vec::with_capacity(terms.len());
            for (term, boost) in terms {
                // As tantivy's TermQuery weighs a term.
                let bm25 = match scoring {
                    EnableScoring::Enabled {
                        statistics_provider,
                        ..
                    } => Some(
                        Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))?
                            .boost_by(*boost),
                    ),
                    EnableScoring::Disabled { .. } => None,
                };
                weighted.push((term.clone(), bm25));
            }
            words.push(weighted);
        }
        Ok(Box::new(WordsWeight {
            words,
            minimum: self.minimum,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in self.words.iter().flatten() {
            visitor(term, false);
        }
    }
}

struct WordsWeight {
    /// Each term with its weight; no weights when scores are not wanted.
    words: Vec<Vec<(Term, Option<Bm25Weight>)>>,
    minimum: usize,
}

impl WordsWeight {
    fn postings(
        &self,
        reader: &SegmentReader,
        term: &Term,
        bm25: Option<&Bm25Weight>,
        boost: Score,
    ) -> tantivy::Result<Option<TermPostings>> {
        let inverted = reader.inverted_index(term.field())?;
        let Some(info) = inverted.get_term_info(term)? else {
            return Ok(None);
        };
        let option = match bm25 {
            Some(_) => IndexRecordOption::WithFreqs,
            None => IndexRecordOption::Basic,
        };
        let postings = inverted.read_postings_from_terminfo(&info, option)?;
        let fieldnorms = match bm25 {
            Some(_) => reader.fieldnorms_readers().get_field(term.field())?,
            None => None,
        };
        Ok(Some(TermPostings {
            postings,
            fieldnorms: fieldnorms
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)),
            bm25: bm25.map(|w| w.boost_by(boost)),
        }))
    }
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut words = Vec::with_capacity(self.words.len());
        for terms in &self.words {
            let mut found = Vec::with_capacity(terms.len());
            for (term, bm25) in terms {
                if let Some(postings) = self.postings(reader, term, bm25.as_ref(), boost)? {
                    if postings.doc() != TERMINATED {
                        found.push(postings);
                    }
                }
            }
            // A word absent from this segment can only be one of the missing ones.
            if !found.is_empty() {
                words.push(found);
            }
        }
        if words.len() < self.minimum {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(WordsScorer::new(words, self.minimum)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "sum of the words' BM25 scores in each field",
            scorer.score(),
        ))
    }
}

/// One term's postings in one field, scored with BM25 as tantivy's term scorer does,
/// called directly in the inner loop.
struct TermPostings {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    /// `None` when scores are not wanted.
    bm25: Option<Bm25Weight>,
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

    #[inline]
    fn score(&self) -> Score {
        let Some(bm25) = &self.bm25 else { return 1.0 };
        let doc = self.postings.doc();
        bm25.score(self.fieldnorms.fieldnorm_id(doc), self.postings.term_freq())
    }

    fn cost(&self) -> u64 {
        u64::from(self.postings.size_hint())
    }
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
}

impl WordsScorer {
    fn new(words: Vec<Vec<TermPostings>>, minimum: usize) -> WordsScorer {
        let cost = |word: &Vec<TermPostings>| word.iter().map(TermPostings::cost).sum::<u64>();
        let mut by_cost: Vec<(u64, usize, Vec<TermPostings>)> = words
            .into_iter()
            .enumerate()
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
        let mut score = 0.0;
        // Every field of every word found here; postings the minimum check did not need
        // to look at are looked up now.
        for postings in &mut self.postings {
            if postings.doc() < doc {
                postings.seek(doc);
            }
            if postings.doc() == doc {
                score += postings.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    /// The same matches and scores as tantivy's boolean minimum-match query, over words
    /// with very different frequencies in two fields.
    #[test]
    fn matches_and_scores_agree_with_a_boolean_minimum_match() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000)
            .unwrap();
        let words = ["the", "trade", "deficit", "japan", "rare"];
        let mut state = 7u64;
        for _ in 0..6_000 {
            let mut pick = |every: u64| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33).is_multiple_of(every)
            };
            let (mut t, mut b) = (String::new(), String::new());
            for (word, every) in words.iter().zip([1, 3, 9, 14, 400]) {
                if pick(every) {
                    b.push_str(word);
                    b.push(' ');
                }
                if pick(every * 5) {
                    t.push_str(word);
                    t.push(' ');
                }
            }
            writer.add_document(doc!(title => t, body => b)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        for n in 1..=words.len() {
            for minimum in 1..=n {
                let ours = WordsQuery::new(
                    words[..n]
                        .iter()
                        .map(|w| {
                            vec![
                                (Term::from_field_text(body, w), 1.0),
                                (Term::from_field_text(title, w), 2.0),
                            ]
                        })
                        .collect(),
                    minimum,
                );
                let either = |w: &&str| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Should, term(body, w)),
                            (
                                Occur::Should,
                                Box::new(BoostQuery::new(term(title, w), 2.0)),
                            ),
                        ])),
                    )
                };
                let theirs = BooleanQuery::with_minimum_required_clauses(
                    words[..n].iter().map(either).collect(),
                    minimum,
                );
                let count = |q: &dyn Query| searcher.search(q, &Count).unwrap();
                assert_eq!(count(&ours), count(&theirs), "{n} words, {minimum} needed");
                let top = |q: &dyn Query| {
                    let mut hits = searcher
                        .search(q, &TopDocs::with_limit(10_000).order_by_score())
                        .unwrap();
                    hits.sort_by_key(|(_, a)| a.doc_id);
                    hits
                };
                for ((s1, a1), (s2, a2)) in top(&ours).into_iter().zip(top(&theirs)) {
                    assert_eq!(a1, a2, "{n} words, {minimum} needed");
                    assert!((s1 - s2).abs() < 1e-4, "{s1} vs {s2} at {a1:?}");
                }
            }
        }
    }
}
