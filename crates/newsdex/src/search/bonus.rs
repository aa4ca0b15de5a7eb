//! A query whose matches earn a constant bonus for each other query they also match: how
//! the exact phrase and near-phrases lift articles above those with scattered words.
//!
//! tantivy's optional clauses run as a union that reads ahead a window of 4,096 documents
//! and clears its buffers whenever the required part skips past that window, so a phrase
//! bonus cost more than the search it ranked. Here each bonus is only asked about the
//! documents the base query matches (`seek_danger`: "is this one in?", no scan ahead).

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

/// Matches of `base`, scored by `base` plus `bonus` for every bonus query also matched.
#[derive(Debug)]
pub(crate) struct BonusQuery {
    base: Box<dyn Query>,
    bonuses: Vec<(Box<dyn Query>, Score)>,
}

impl Clone for BonusQuery {
    fn clone(&self) -> Self {
        BonusQuery {
            base: self.base.box_clone(),
            bonuses: self
                .bonuses
                .iter()
                .map(|(query, bonus)| (query.box_clone(), *bonus))
                .collect(),
        }
    }
}

impl BonusQuery {
    pub fn new(base: Box<dyn Query>, bonuses: Vec<(Box<dyn Query>, Score)>) -> BonusQuery {
        BonusQuery { base, bonuses }
    }
}

impl Query for BonusQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let base = self.base.weight(scoring)?;
        if !scoring.is_scoring_enabled() {
            // Bonuses change scores, never the matches.
            return Ok(base);
        }
        // A bonus is constant: whether it matches is all that is asked of it.
        let unscored = match scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(scoring.schema()),
        };
        let bonuses = self
            .bonuses
            .iter()
            .map(|(query, bonus)| Ok((query.weight(unscored)?, *bonus)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(BonusWeight { base, bonuses }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.base.query_terms(visitor);
        for (query, _) in &self.bonuses {
            query.query_terms(visitor);
        }
    }
}

struct BonusWeight {
    base: Box<dyn Weight>,
    bonuses: Vec<(Box<dyn Weight>, Score)>,
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let base = self.base.scorer(reader, boost)?;
        let mut bonuses = Vec::with_capacity(self.bonuses.len());
        for (weight, bonus) in &self.bonuses {
            let scorer = weight.scorer(reader, 1.0)?;
            let next = scorer.doc();
            if next != TERMINATED {
                bonuses.push(Bonus {
                    scorer,
                    bonus: *bonus * boost,
                    next,
                    positioned: true,
                });
            }
        }
        Ok(Box::new(BonusScorer {
            base,
            bonuses,
            cached: None,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let base = self.base.explain(reader, doc)?;
        let mut total = base.value();
        let mut details = Vec::new();
        for (weight, bonus) in &self.bonuses {
            let mut scorer = weight.scorer(reader, 1.0)?;
            if scorer.doc() <= doc && scorer.seek(doc) == doc {
                total += bonus;
                details.push(Explanation::new("bonus for also matching", *bonus));
            }
        }
        let mut explanation = Explanation::new("base score plus bonuses", total);
        explanation.add_detail(base);
        for detail in details {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

struct Bonus {
    scorer: Box<dyn Scorer>,
    bonus: Score,
    /// No document before this one can match.
    next: DocId,
    /// Whether `scorer.doc()` may be trusted (`seek_danger` leaves it stale on a miss).
    positioned: bool,
}

impl Bonus {
    /// Whether this bonus matches `doc`; calls come with increasing documents.
    fn matches(&mut self, doc: DocId) -> bool {
        if doc < self.next {
            return false;
        }
        if self.positioned && self.scorer.doc() == doc {
            return true;
        }
        match self.scorer.seek_danger(doc) {
            SeekDangerResult::Found => {
                self.positioned = true;
                self.next = doc.saturating_add(1);
                true
            }
            SeekDangerResult::SeekLowerBound(bound) => {
                self.positioned = false;
                self.next = bound.max(doc.saturating_add(1));
                false
            }
        }
    }
}

struct BonusScorer {
    base: Box<dyn Scorer>,
    bonuses: Vec<Bonus>,
    /// The score of the current document, once computed: bonuses are asked once per doc.
    cached: Option<(DocId, Score)>,
}

impl DocSet for BonusScorer {
    fn advance(&mut self) -> DocId {
        self.base.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.base.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        self.base.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.base.doc()
    }

    fn size_hint(&self) -> u32 {
        self.base.size_hint()
    }

    fn cost(&self) -> u64 {
        self.base.cost()
    }
}

impl Scorer for BonusScorer {
    fn score(&mut self) -> Score {
        let doc = self.base.doc();
        if let Some((cached, score)) = self.cached {
            if cached == doc {
                return score;
            }
        }
        let mut score = self.base.score();
        for bonus in &mut self.bonuses {
            if bonus.matches(doc) {
                score += bonus.bonus;
            }
        }
        self.cached = Some((doc, score));
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index};

    use super::*;

    /// Every document scores 1 (`AllQuery`), plus 10 per tag query it matches: the scores
    /// show exactly which bonuses were found, whatever the order documents are visited in.
    #[test]
    fn bonuses_add_for_each_other_query_matched() {
        let mut schema = Schema::builder();
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000)
            .unwrap();
        // Spread over more than the 4,096-document window the union would read ahead.
        for i in 0..10_000u32 {
            let mut d = doc!();
            if i % 7 == 0 {
                d.add_text(tag, "seven");
            }
            if i % 5_000 == 3 {
                d.add_text(tag, "rare");
            }
            writer.add_document(d).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |t: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(tag, t),
                IndexRecordOption::Basic,
            ))
        };
        let query = BonusQuery::new(
            Box::new(AllQuery),
            vec![(term("seven"), 10.0), (term("rare"), 100.0)],
        );
        let hits = searcher
            .search(&query, &TopDocs::with_limit(10_000).order_by_score())
            .unwrap();
        assert_eq!(hits.len(), 10_000);
        for (score, address) in hits {
            let i = address.doc_id;
            let expected = 1.0
                + if i % 7 == 0 { 10.0 } else { 0.0 }
                + if i % 5_000 == 3 { 100.0 } else { 0.0 };
            assert_eq!(score, expected, "doc {i}");
        }
        // Matches are the base query's alone.
        assert_eq!(
            searcher.search(&query, &tantivy::collector::Count).unwrap(),
            10_000
        );
    }
}
