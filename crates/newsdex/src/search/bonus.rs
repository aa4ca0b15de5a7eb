//! Phrase bonuses: constant scores added to a base query's matches that contain the
//! query's words as an exact phrase, within a few positions, or as adjacent pairs; how
//! phrases and near-phrases lift articles above those with scattered words.
//!
//! A bonus is only asked about the documents the base query matches, never scanned for:
//! tantivy's optional clauses run as a union that reads ahead a window of 4,096 documents
//! and clears its buffers whenever the required part skips past it, so a phrase bonus
//! cost more than the search it ranked. And all of a field's phrases are checked together:
//! each word's postings are opened once per segment and its positions read once per
//! document, where one `PhraseScorer` per bonus opened every postings list again (a
//! three-word query had eight phrase scorers reading twenty postings lists).
//!
//! Whether a phrase occurs is decided exactly as tantivy's `PhraseScorer` decides it
//! with scoring disabled (same alignment of positions, same slop rule, the intersections
//! copied below), so a bonus is earned where an unscored `PhraseQuery` with that slop
//! would match; a test checks the two against each other. (Scored, a `PhraseQuery` of
//! three words or more with slop also counts the slop carried to its last word, and
//! matches a little less.)

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// A run of a field's words, `terms[start..end]` (at least two), that earns `bonus`
/// where it occurs with at most `slop` positions of play, as tantivy counts them.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub start: usize,
    pub end: usize,
    pub slop: u32,
    pub bonus: Score,
}

/// The phrases made of one field's words.
#[derive(Clone, Debug)]
pub(crate) struct FieldPhrases {
    /// The query's words in order, as terms of one field with positions.
    terms: Vec<Term>,
    phrases: Vec<Phrase>,
}

impl FieldPhrases {
    /// Phrases that are not runs of at least two of `terms` are left out.
    pub fn new(phrases: Vec<Phrase>, terms: Vec<Term>) -> FieldPhrases {
        let phrases = phrases
            .into_iter()
            .filter(|p| p.start + 2 <= p.end && p.end <= terms.len())
            .collect();
        FieldPhrases { terms, phrases }
    }
}

/// Matches of `base`, scored by `base` plus the bonus of every phrase they contain.
#[derive(Debug)]
pub(crate) struct BonusQuery {
    base: Box<dyn Query>,
    fields: Vec<FieldPhrases>,
}

impl Clone for BonusQuery {
    fn clone(&self) -> Self {
        BonusQuery {
            base: self.base.box_clone(),
            fields: self.fields.clone(),
        }
    }
}

impl BonusQuery {
    pub fn new(base: Box<dyn Query>, fields: Vec<FieldPhrases>) -> BonusQuery {
        BonusQuery { base, fields }
    }
}

impl Query for BonusQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let base = self.base.weight(scoring)?;
        if !scoring.is_scoring_enabled() {
            // Bonuses change scores, never the matches.
            return Ok(base);
        }
        Ok(Box::new(BonusWeight {
            base,
            fields: self.fields.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.base.query_terms(visitor);
        for field in &self.fields {
            for phrase in &field.phrases {
                for term in &field.terms[phrase.start..phrase.end] {
                    visitor(term, true);
                }
            }
        }
    }
}

struct BonusWeight {
    base: Box<dyn Weight>,
    fields: Vec<FieldPhrases>,
}

impl BonusWeight {
    /// Each field's phrases that can occur in this segment; bonuses multiplied by `boost`.
    fn fields(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Vec<FieldScorer>> {
        let mut scorers = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            if let Some(scorer) = FieldScorer::new(reader, field, boost)? {
                scorers.push(scorer);
            }
        }
        Ok(scorers)
    }
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(BonusScorer {
            base: self.base.scorer(reader, boost)?,
            fields: self.fields(reader, boost)?,
            cached: None,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let base = self.base.explain(reader, doc)?;
        let mut total = base.value();
        let mut details = Vec::new();
        for mut field in self.fields(reader, 1.0)? {
            field.each_found(doc, |bonus| {
                total += bonus;
                details.push(Explanation::new("bonus for a phrase found", bonus));
            });
        }
        let mut explanation = Explanation::new("base score plus bonuses", total);
        explanation.add_detail(base);
        for detail in details {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

/// A phrase as checked in one segment: its words and its bonus times the boost.
struct SegmentPhrase {
    /// Each word of the phrase as its slot in [`FieldScorer::postings`] and the number of
    /// words after it in the phrase, which aligns its positions on the last word's. In
    /// the order tantivy's intersection visits them, fewest documents first (a stable
    /// sort): with slop, the order changes what matches.
    words: Vec<(usize, u32)>,
    slop: u32,
    bonus: Score,
    /// No document before this one can have the phrase: one of its words is next there.
    next: DocId,
}

/// What is known of a word in the current document.
#[derive(Clone, Copy, PartialEq)]
enum Known {
    Nothing,
    /// Absent; the word's next document.
    Absent(DocId),
    Present,
    /// Present, and its positions are read.
    Read,
}

/// One field's phrases in one segment.
struct FieldScorer {
    /// Each distinct word's postings, with positions.
    postings: Vec<SegmentPostings>,
    phrases: Vec<SegmentPhrase>,
    /// Per slot: what is known of the word in the current document, and its positions
    /// there once read.
    known: Vec<Known>,
    positions: Vec<Vec<u32>>,
    /// Work space for the intersections.
    left: Vec<u32>,
    right: Vec<u32>,
    slops: Vec<u8>,
    positions_buffer: Vec<u32>,
    slops_buffer: Vec<u8>,
}

impl FieldScorer {
    /// `None` when no phrase of the field can occur in the segment.
    fn new(
        reader: &SegmentReader,
        field: &FieldPhrases,
        boost: Score,
    ) -> tantivy::Result<Option<FieldScorer>> {
        let Some(first) = field.terms.first() else {
            return Ok(None);
        };
        let inverted = reader.inverted_index(first.field())?;
        // The slot of each of the field's words, shared by repeated words; `None` for a
        // word absent from the segment.
        let mut postings = Vec::new();
        let mut slot_terms: Vec<&Term> = Vec::new();
        let mut slot_of = Vec::with_capacity(field.terms.len());
        for term in &field.terms {
            if let Some(slot) = slot_terms.iter().position(|t| *t == term) {
                slot_of.push(Some(slot));
                continue;
            }
            match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                Some(p) => {
                    slot_of.push(Some(postings.len()));
                    postings.push(p);
                    slot_terms.push(term);
                }
                None => slot_of.push(None),
            }
        }
        let phrases: Vec<SegmentPhrase> = field
            .phrases
            .iter()
            .filter_map(|p| {
                let mut words = (p.start..p.end)
                    .map(|i| Some((slot_of[i]?, (p.end - 1 - i) as u32)))
                    .collect::<Option<Vec<_>>>()?;
                words.sort_by_key(|&(slot, _)| postings[slot].size_hint());
                Some(SegmentPhrase {
                    words,
                    slop: p.slop,
                    bonus: p.bonus * boost,
                    next: 0,
                })
            })
            .collect();
        if phrases.is_empty() {
            return Ok(None);
        }
        let slots = postings.len();
        Ok(Some(FieldScorer {
            postings,
            phrases,
            known: vec![Known::Nothing; slots],
            positions: vec![Vec::new(); slots],
            left: Vec::new(),
            right: Vec::new(),
            slops: Vec::new(),
            positions_buffer: Vec::new(),
            slops_buffer: Vec::new(),
        }))
    }

    /// Calls `found` with the bonus of each phrase found in `doc`, in order; calls come
    /// with increasing documents.
    fn each_found(&mut self, doc: DocId, mut found: impl FnMut(Score)) {
        self.known.fill(Known::Nothing);
        for phrase in 0..self.phrases.len() {
            if doc >= self.phrases[phrase].next && self.occurs(phrase, doc) {
                found(self.phrases[phrase].bonus);
            }
        }
    }

    /// Whether a word is in `doc` (`Ok`), or else its next document (`Err`), looked up
    /// once per document and only when a phrase asks: a phrase's rarest word is asked
    /// first, and a phrase stops at its first absent word, so common words are seldom
    /// looked up for nothing.
    fn has(&mut self, slot: usize, doc: DocId) -> Result<(), DocId> {
        match self.known[slot] {
            Known::Nothing => {
                let postings = &mut self.postings[slot];
                let mut at = postings.doc();
                if at < doc {
                    at = postings.seek(doc);
                }
                if at == doc {
                    self.known[slot] = Known::Present;
                    Ok(())
                } else {
                    self.known[slot] = Known::Absent(at);
                    Err(at)
                }
            }
            Known::Absent(next) => Err(next),
            Known::Present | Known::Read => Ok(()),
        }
    }

    /// Whether a phrase occurs in `doc`, as tantivy's `PhraseScorer` with scoring
    /// disabled decides it: the first word's aligned positions are intersected with each
    /// other word's in turn; with slop, the middle words' are intersected carrying the
    /// slop spent so far, and the last word only has to be within `slop` of what is left.
    fn occurs(&mut self, phrase: usize, doc: DocId) -> bool {
        for i in 0..self.phrases[phrase].words.len() {
            let (slot, _) = self.phrases[phrase].words[i];
            if let Err(next) = self.has(slot, doc) {
                self.phrases[phrase].next = next;
                return false;
            }
        }
        let SegmentPhrase { words, slop, .. } = &self.phrases[phrase];
        if let ([(first, first_offset), (last, last_offset)], 1) = (&words[..], self.phrases.len())
        {
            // A field's only phrase, of two words: positions are read straight into place.
            self.postings[*first].positions_with_offset(*first_offset, &mut self.left);
            self.postings[*last].positions_with_offset(*last_offset, &mut self.right);
            return exists_within((&self.left, 0), (&self.right, 0), *slop);
        }
        for &(slot, _) in words {
            if self.known[slot] != Known::Read {
                self.postings[slot].positions(&mut self.positions[slot]);
                self.known[slot] = Known::Read;
            }
        }
        // Positions are aligned by adding each word's offset as they are compared, not
        // copied, except where the intersection needs a list to work on.
        let positions = &self.positions;
        let n = words.len();
        let (first, first_offset) = words[0];
        let (last, last_offset) = words[n - 1];
        if n == 2 {
            return exists_within(
                (&positions[first], first_offset),
                (&positions[last], last_offset),
                *slop,
            );
        }
        aligned(&positions[first], first_offset, &mut self.left);
        self.slops.clear();
        for &(slot, offset) in &words[1..n - 1] {
            if *slop > 0 {
                aligned(&positions[slot], offset, &mut self.right);
                carrying_slop_intersection(
                    &mut self.left,
                    &mut self.slops,
                    &self.right,
                    *slop,
                    &mut self.positions_buffer,
                    &mut self.slops_buffer,
                );
            } else {
                intersection(&mut self.left, (&positions[slot], offset));
            }
            if self.left.is_empty() {
                return false;
            }
        }
        exists_within((&self.left, 0), (&positions[last], last_offset), *slop)
    }
}

/// `positions`, each plus `offset`, into `out`.
fn aligned(positions: &[u32], offset: u32, out: &mut Vec<u32>) {
    out.clear();
    out.extend(positions.iter().map(|p| p + offset));
}

struct BonusScorer {
    base: Box<dyn Scorer>,
    fields: Vec<FieldScorer>,
    /// The score of the current document, once computed: bonuses are checked once per doc.
    cached: Option<(DocId, Score)>,
}

impl DocSet for BonusScorer {
    fn advance(&mut self) -> DocId {
        self.base.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.base.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> tantivy::SeekDangerResult {
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
        for field in &mut self.fields {
            field.each_found(doc, |bonus| score += bonus);
        }
        self.cached = Some((doc, score));
        score
    }
}

// The three intersections below are tantivy 0.27's (query/phrase_query/phrase_scorer.rs,
// MIT licence), specialised to the way its phrase scorer uses them when scores are not
// wanted, so that a bonus is earned exactly where an unscored `PhraseQuery` would match.

/// Keeps in `left` the positions also in `right` (each plus its offset); both sorted.
fn intersection(left: &mut Vec<u32>, (right, offset): (&[u32], u32)) {
    let (mut l, mut r, mut count) = (0, 0, 0);
    while l < left.len() && r < right.len() {
        match left[l].cmp(&(right[r] + offset)) {
            std::cmp::Ordering::Less => l += 1,
            std::cmp::Ordering::Greater => r += 1,
            std::cmp::Ordering::Equal => {
                left[count] = left[l];
                count += 1;
                l += 1;
                r += 1;
            }
        }
    }
    left.truncate(count);
}

/// Whether a position of `left` and one of `right` (each plus its list's offset) are at
/// most `slop` apart; both sorted.
fn exists_within(
    (left, left_offset): (&[u32], u32),
    (right, right_offset): (&[u32], u32),
    slop: u32,
) -> bool {
    let (mut l, mut r) = (0, 0);
    while l < left.len() && r < right.len() {
        let (left_val, right_val) = (left[l] + left_offset, right[r] + right_offset);
        if left_val.abs_diff(right_val) <= slop {
            return true;
        } else if left_val < right_val {
            l += 1;
        } else {
            r += 1;
        }
    }
    false
}

/// tantivy's `intersection_count_with_carrying_slop` with `update_left`: replaces `left`
/// (with the slop each of its positions has spent so far in `left_slops`, none meaning 0)
/// by the positions of `left` and `right` that match within `max_slop`, and their slops.
fn carrying_slop_intersection(
    left: &mut Vec<u32>,
    left_slops: &mut Vec<u8>,
    right: &[u32],
    max_slop: u32,
    positions_buffer: &mut Vec<u32>,
    slops_buffer: &mut Vec<u8>,
) {
    if left.is_empty() || right.is_empty() {
        left.clear();
        left_slops.clear();
        return;
    }
    positions_buffer.clear();
    slops_buffer.clear();
    // Keeps the smaller slop when a position is added twice in a row.
    let add = |slop: u32, position: u32, positions: &mut Vec<u32>, slops: &mut Vec<u8>| {
        if positions.last() == Some(&position) {
            if let Some(last) = slops.last_mut() {
                *last = (*last).min(slop as u8);
            }
        } else {
            positions.push(position);
            slops.push(slop as u8);
        }
    };
    let (mut l, mut r) = (0, 0);
    loop {
        let left_val = left[l];
        let slop_so_far = u32::from(left_slops.get(l).copied().unwrap_or(0));
        let right_val = right[r];
        let distance = slop_so_far + left_val.abs_diff(right_val);
        if distance <= max_slop {
            let (smaller, larger, mut smaller_idx, smaller_positions) = if left_val < right_val {
                (left_val, right_val, l, left.as_slice())
            } else {
                (right_val, left_val, r, right)
            };
            let mut new_slop = distance;
            add(new_slop, smaller, positions_buffer, slops_buffer);
            while smaller_idx + 1 < smaller_positions.len() {
                // There could be a better match.
                let next = smaller_positions[smaller_idx + 1];
                if next > larger {
                    break;
                }
                smaller_idx += 1;
                new_slop = slop_so_far + next.abs_diff(larger);
                add(new_slop, next, positions_buffer, slops_buffer);
            }
            add(new_slop, larger, positions_buffer, slops_buffer);
            l += 1;
            r += 1;
        } else if left_val < right_val {
            l += 1;
        } else {
            r += 1;
        }
        if l >= left.len() || r >= right.len() {
            // The rest of one side, against the other's last position.
            if l >= left.len() {
                let left_val = left[left.len() - 1];
                let slop_so_far = u32::from(left_slops.last().copied().unwrap_or(0));
                for &right_val in &right[r..] {
                    let new_slop = left_val.abs_diff(right_val) + slop_so_far;
                    if new_slop <= max_slop {
                        add(new_slop, right_val, positions_buffer, slops_buffer);
                    }
                }
            } else {
                let right_val = right[right.len() - 1];
                for (idx, &left_val) in left.iter().enumerate().skip(l) {
                    let slop_so_far = u32::from(left_slops.get(idx).copied().unwrap_or(0));
                    let new_slop = left_val.abs_diff(right_val) + slop_so_far;
                    if new_slop <= max_slop {
                        add(new_slop, left_val, positions_buffer, slops_buffer);
                    }
                }
            }
            break;
        }
    }
    std::mem::swap(left, positions_buffer);
    std::mem::swap(left_slops, slops_buffer);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::collector::{DocSetCollector, TopDocs};
    use tantivy::query::{ConstScoreQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Schema, STRING, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    /// Indexes `docs` (words separated by spaces) and checks that every document scores 1
    /// (`AllQuery`) plus the bonus of exactly the phrases that tantivy's `PhraseQuery`,
    /// with the same slop, matches in it. Bonuses are distinct powers of two, so a score
    /// shows which were earned.
    fn check(docs: &[String], words: &[&str], phrases: &[(usize, usize, u32)]) {
        check_with_base(docs, words, phrases, |_| true);
    }

    /// As [`check`], with only the documents `in_base` picks matching the base query (a
    /// marker term in another field), so that bonuses are asked about documents far
    /// apart, after skips.
    fn check_with_base(
        docs: &[String],
        words: &[&str],
        phrases: &[(usize, usize, u32)],
        in_base: impl Fn(usize) -> bool,
    ) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
            .unwrap();
        // Two segments, each with its own document frequencies.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for (i, d) in docs.iter().enumerate() {
            let marker = if in_base(i) { "in" } else { "out" };
            writer
                .add_document(doc!(text => d.as_str(), tag => marker))
                .unwrap();
            if i + 1 == docs.len() / 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &&str| Term::from_field_text(text, w);
        let terms: Vec<Term> = words.iter().map(term).collect();
        let phrases: Vec<Phrase> = phrases
            .iter()
            .enumerate()
            .map(|(i, &(start, end, slop))| Phrase {
                start,
                end,
                slop,
                bonus: (2 << i) as Score,
            })
            .collect();

        // Scores by segment and document.
        let mut expected: Vec<Vec<Score>> = searcher
            .segment_readers()
            .iter()
            .map(|r| vec![1.0; r.max_doc() as usize])
            .collect();
        for phrase in &phrases {
            let mut query = PhraseQuery::new(terms[phrase.start..phrase.end].to_vec());
            query.set_slop(phrase.slop);
            for address in searcher.search(&query, &DocSetCollector).unwrap() {
                expected[address.segment_ord as usize][address.doc_id as usize] += phrase.bonus;
            }
        }
        // Scores 1 at each of its documents.
        let base = ConstScoreQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(tag, "in"),
                IndexRecordOption::Basic,
            )),
            1.0,
        );
        let in_base = searcher.search(&base, &DocSetCollector).unwrap();
        let query = BonusQuery::new(Box::new(base), vec![FieldPhrases::new(phrases, terms)]);
        let hits = searcher
            .search(
                &query,
                &TopDocs::with_limit(docs.len().max(1)).order_by_score(),
            )
            .unwrap();
        assert_eq!(hits.len(), in_base.len());
        for (score, address) in hits {
            assert!(in_base.contains(&address));
            let expected = expected[address.segment_ord as usize][address.doc_id as usize];
            assert_eq!(score, expected, "{address:?}");
            // explain adds up to the same score.
            let explained = query.explain(&searcher, address).unwrap().value();
            assert_eq!(explained, expected, "explained {address:?}");
        }
    }

    #[test]
    fn bonuses_are_earned_where_phrase_queries_match_across_many_documents() {
        // Spread over more than the 4,096-document window of a union, and over many
        // blocks of postings, so that positions are read after long skips.
        let docs: Vec<String> = (0..10_000)
            .map(|i| match (i % 7, i % 11, i % 2_500) {
                (0, _, _) => "x a b c y".to_owned(),
                (_, 0, _) => "c b a a b".to_owned(),
                (_, _, 3) => "a x x b x c".to_owned(),
                _ => "x y z".to_owned(),
            })
            .collect();
        let words = ["a", "b", "c"];
        let phrases = [(0, 3, 0), (0, 3, 4), (0, 2, 0), (1, 3, 0)];
        check(&docs, &words, &phrases);
        // Bonuses asked about every 97th document only, after long skips.
        check_with_base(&docs, &words, &phrases, |i| i % 97 == 0);
    }

    #[test]
    fn repeated_words_and_words_absent_from_the_segment() {
        let docs: Vec<String> = ["a b a b", "b a b", "a a", "a b c a b", "q"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        check(
            &docs,
            &["a", "b", "a", "b"],
            &[(0, 4, 0), (0, 4, 2), (1, 3, 0), (2, 4, 0)],
        );
        check(
            &docs,
            &["a", "zzz", "b"],
            &[(0, 3, 0), (0, 3, 4), (0, 2, 0), (1, 3, 0)],
        );
    }

    fn sentence() -> impl Strategy<Value = String> {
        // Few words, so that phrases occur often, repeats included.
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 0..14)
            .prop_map(|words| words.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn bonuses_match_tantivy_phrase_queries(
            docs in prop::collection::vec(sentence(), 1..120),
            words in prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 2..6),
            spans in prop::collection::vec((0usize..5, 2usize..6, 0u32..6), 1..5),
            every in 1usize..4,
        ) {
            let phrases: Vec<(usize, usize, u32)> = spans
                .into_iter()
                .map(|(start, len, slop)| {
                    let start = start.min(words.len() - 2);
                    (start, (start + len).min(words.len()), slop)
                })
                .collect();
            // The base query matches every document, or one in two or three.
            check_with_base(&docs, &words, &phrases, |i| i % every == 0);
        }
    }
}
