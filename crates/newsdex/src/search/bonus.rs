//! Proximity evidence: how often a base query's matches contain the query's words as an
//! exact phrase, all of them within a few positions, or adjacent pairs of them side by
//! side, weighed as BM25F weighs a word (`ranking.rs`): the occurrences in each field
//! normalised by its length, the title's weighed by where it came from, saturated, and
//! multiplied by the idf of the words joined. A phrase thus counts for about what its
//! words count, more where it recurs, less in a long article that mentions it once; it
//! lifts articles among those about as relevant, rather than above every article without
//! it.
//!
//! Phrases are only looked for in the documents the base query matches, never scanned
//! for: tantivy's optional clauses run as a union that reads ahead a window of 4,096
//! documents and clears its buffers whenever the required part skips past it, so phrase
//! evidence cost more than the search it ranked. And all of a field's phrases are
//! counted together: each word's postings are opened once per segment and its positions
//! read once per document, where one `PhraseScorer` per phrase opened every postings list
//! again (a three-word query had eight phrase scorers reading twenty postings lists).
//!
//! Where a phrase occurs is decided exactly as tantivy's `PhraseScorer` decides it with
//! scoring disabled (same alignment of positions, same slop rule, the intersections
//! copied below), so a phrase is found where an unscored `PhraseQuery` with that slop
//! would match; a test checks the two against each other. Its count is the number of
//! positions of its first word that start an occurrence.

use std::sync::Arc;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

use super::open::OpenSegments;
use super::ranking::{self, Collection, Params, SegmentNorms, Slot};

/// A run of the query's words, `[start..end]` (at least two), looked for with at most
/// `slop` positions of play, as tantivy counts them; its evidence is `weight` times the
/// idf of its words.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub start: usize,
    pub end: usize,
    pub slop: u32,
    pub weight: Score,
}

/// The query's words in order as the terms of one field, with positions.
#[derive(Clone, Debug)]
pub(crate) struct FieldTerms {
    pub slot: Slot,
    pub terms: Vec<Term>,
}

/// Matches of `base`, scored by `base` plus the evidence of the phrases they contain.
#[derive(Debug)]
pub(crate) struct BonusQuery {
    base: Box<dyn Query>,
    phrases: Vec<Phrase>,
    /// The same words in each field, the same number in each.
    fields: Vec<FieldTerms>,
    /// The body and title fields, whose lengths normalise.
    norm_fields: [Field; 2],
    /// When only the best this many of each segment are wanted (see
    /// [`BonusQuery::keeping`]).
    keep: Option<usize>,
    /// Where the segments' title kinds are kept open.
    open: Arc<OpenSegments>,
}

impl Clone for BonusQuery {
    fn clone(&self) -> Self {
        BonusQuery {
            base: self.base.box_clone(),
            phrases: self.phrases.clone(),
            fields: self.fields.clone(),
            norm_fields: self.norm_fields,
            keep: self.keep,
            open: Arc::clone(&self.open),
        }
    }
}

impl BonusQuery {
    /// Phrases that are not runs of at least two of the words are left out.
    pub fn new(
        base: Box<dyn Query>,
        phrases: Vec<Phrase>,
        fields: Vec<FieldTerms>,
        norm_fields: [Field; 2],
        open: Arc<OpenSegments>,
    ) -> BonusQuery {
        let words = fields.iter().map(|f| f.terms.len()).min().unwrap_or(0);
        let phrases = phrases
            .into_iter()
            .filter(|p| p.start + 2 <= p.end && p.end <= words)
            .collect();
        BonusQuery {
            base,
            phrases,
            fields,
            norm_fields,
            keep: None,
            open,
        }
    }

    /// The same query for a search that wants only the `keep` best matches (the top
    /// `keep` by score): phrases are counted only in documents that can still be among
    /// the best `keep` of their segment, whose base score plus the most phrases can add
    /// reaches the lowest of the best `keep` scored so far. Every other document is
    /// scored by the base alone, less than its score, and is below `keep` others of its
    /// segment either way, so the best `keep` and their scores are the same as without.
    ///
    /// Only for a query whose score is the document's score (alone, or with filters
    /// scored 0), in a search that collects every document it scores: a document scored
    /// but not collected would keep out one that is.
    pub fn keeping(&self, keep: usize) -> BonusQuery {
        BonusQuery {
            keep: Some(keep.max(1)),
            ..self.clone()
        }
    }
}

impl Query for BonusQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let base = self.base.weight(scoring)?;
        let EnableScoring::Enabled {
            statistics_provider,
            ..
        } = scoring
        else {
            // Phrases change scores, never the matches.
            return Ok(base);
        };
        if self.phrases.is_empty() {
            return Ok(base);
        }
        let collection = Collection::new(
            statistics_provider,
            self.norm_fields[0],
            self.norm_fields[1],
        )?;
        // Each word's idf, from its commoner field, as the words' scorer has it.
        let words = self.fields.iter().map(|f| f.terms.len()).min().unwrap_or(0);
        let mut idf = Vec::with_capacity(words);
        for i in 0..words {
            let mut doc_freq = 0;
            for field in &self.fields {
                doc_freq = doc_freq.max(statistics_provider.doc_freq(&field.terms[i])?);
            }
            idf.push(ranking::idf(doc_freq, collection.docs));
        }
        let weights = self
            .phrases
            .iter()
            .map(|p| p.weight * idf[p.start..p.end].iter().sum::<Score>())
            .collect();
        Ok(Box::new(BonusWeight {
            base,
            phrases: self.phrases.clone(),
            weights,
            fields: self.fields.clone(),
            norm_fields: self.norm_fields,
            collection,
            params: ranking::params(),
            keep: self.keep,
            open: Arc::clone(&self.open),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.base.query_terms(visitor);
        for field in &self.fields {
            for phrase in &self.phrases {
                for term in &field.terms[phrase.start..phrase.end] {
                    visitor(term, true);
                }
            }
        }
    }
}

struct BonusWeight {
    base: Box<dyn Weight>,
    phrases: Vec<Phrase>,
    /// Per phrase: its weight times its words' idf.
    weights: Vec<Score>,
    fields: Vec<FieldTerms>,
    norm_fields: [Field; 2],
    collection: Collection,
    params: Params,
    keep: Option<usize>,
    open: Arc<OpenSegments>,
}

impl BonusWeight {
    /// The phrase counters of a segment, with its norms.
    fn evidence(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Evidence> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            if let Some(scorer) = FieldScorer::new(reader, field, &self.phrases)? {
                fields.push(scorer);
            }
        }
        let weights: Vec<Score> = self.weights.iter().map(|w| w * boost).collect();
        let k1 = self.params.k1;
        let most = weights.iter().map(|w| w.max(0.0) * (k1 + 1.0)).sum();
        Ok(Evidence {
            fields,
            norms: SegmentNorms::new(
                reader,
                self.norm_fields,
                &self.collection,
                &self.params,
                self.open.of(reader).title_kinds(reader),
            )?,
            weights,
            k1,
            frequencies: vec![0.0; self.phrases.len()],
            most: with_margin(most),
        })
    }
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let evidence = self.evidence(reader, boost)?;
        Ok(Box::new(BonusScorer {
            base: self.base.scorer(reader, boost)?,
            best: self.keep.map(Best::new),
            evidence,
            cached: None,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let base = self.base.explain(reader, doc)?;
        let mut evidence = self.evidence(reader, 1.0)?;
        let mut details = Vec::new();
        let total = base.value()
            + evidence.score(doc, |phrase, score| {
                let what = match self.phrases[phrase].slop {
                    0 => "words side by side",
                    _ => "words within a few positions",
                };
                details.push(Explanation::new(what, score));
            });
        let mut explanation = Explanation::new("words plus phrase evidence", total);
        explanation.add_detail(base);
        for detail in details {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

/// The phrases of every field in one segment, and how their counts become a score.
struct Evidence {
    fields: Vec<FieldScorer>,
    norms: SegmentNorms,
    /// Per phrase, times the query's boost.
    weights: Vec<Score>,
    k1: Score,
    /// Per phrase: its weighed frequency in the current document.
    frequencies: Vec<Score>,
    /// See [`Evidence::most`].
    most: Score,
}

impl Evidence {
    /// The phrases' score in `doc`; `each` is told every phrase's share.
    fn score(&mut self, doc: DocId, each: impl FnMut(usize, Score)) -> Score {
        self.sum(doc, false, each)
    }

    /// The phrases' shares in `doc` added up, from their counts, or with `bound` from
    /// the most each can count there (and no weight below 0), told to `each`.
    fn sum(&mut self, doc: DocId, bound: bool, mut each: impl FnMut(usize, Score)) -> Score {
        self.frequencies.fill(0.0);
        for field in &mut self.fields {
            let slot = field.slot;
            let norms = &self.norms;
            let frequencies = &mut self.frequencies;
            let add = |phrase: usize, count: u32| {
                frequencies[phrase] += norms.weighed(slot, doc, count);
            };
            if bound {
                field.each_most(doc, add);
            } else {
                field.each_count(doc, add);
            }
        }
        let mut score = 0.0;
        for (phrase, &frequency) in self.frequencies.iter().enumerate() {
            if frequency > 0.0 {
                let weight = match bound {
                    true => self.weights[phrase].max(0.0),
                    false => self.weights[phrase],
                };
                let share = weight * ranking::saturated(self.k1, frequency);
                each(phrase, share);
                score += share;
            }
        }
        score
    }

    /// More than the phrases can add to any document's score: each phrase's saturated
    /// frequency is below `k1 + 1`.
    fn most(&self) -> Score {
        self.most
    }

    /// At least what the phrases add to `doc`'s score, from its words' frequencies (see
    /// [`FieldScorer::each_most`]) rather than their positions.
    fn at_most(&mut self, doc: DocId) -> Score {
        with_margin(self.sum(doc, true, |_, _| {}))
    }
}

/// A bound made safe from rounding: the score it bounds is summed in another order.
fn with_margin(score: Score) -> Score {
    score * 1.001 + 1e-6
}

/// The best scores of a segment so far, when only the best `keep` are wanted.
struct Best {
    keep: usize,
    /// The best `keep` scores so far, lowest first out.
    scores: std::collections::BinaryHeap<std::cmp::Reverse<Ordered>>,
}

impl Best {
    fn new(keep: usize) -> Best {
        Best {
            keep,
            scores: std::collections::BinaryHeap::with_capacity(keep + 1),
        }
    }

    /// The lowest of the best, once there are `keep` of them: a document scoring below
    /// it is not among the best.
    fn lowest(&self) -> Option<Score> {
        if self.scores.len() < self.keep {
            return None;
        }
        self.scores.peek().map(|lowest| lowest.0 .0)
    }

    fn add(&mut self, score: Score) {
        self.scores.push(std::cmp::Reverse(Ordered(score)));
        if self.scores.len() > self.keep {
            self.scores.pop();
        }
    }
}

/// A score ordered by `total_cmp`.
#[derive(PartialEq)]
struct Ordered(Score);

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A phrase as checked in one segment.
struct SegmentPhrase {
    /// Its index in the query's phrases.
    index: usize,
    /// Each word of the phrase as its slot in [`FieldScorer::postings`] and the number of
    /// words after it in the phrase, which aligns its positions on the last word's. In
    /// the order tantivy's intersection visits them, fewest documents first (a stable
    /// sort): with slop, the order changes what matches.
    words: Vec<(usize, u32)>,
    slop: u32,
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
    slot: Slot,
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
    /// `None` when no phrase can occur in the field in this segment.
    fn new(
        reader: &SegmentReader,
        field: &FieldTerms,
        phrases: &[Phrase],
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
        let phrases: Vec<SegmentPhrase> = phrases
            .iter()
            .enumerate()
            .filter_map(|(index, p)| {
                let mut words = (p.start..p.end)
                    .map(|i| Some((slot_of[i]?, (p.end - 1 - i) as u32)))
                    .collect::<Option<Vec<_>>>()?;
                words.sort_by_key(|&(slot, _)| postings[slot].size_hint());
                Some(SegmentPhrase {
                    index,
                    words,
                    slop: p.slop,
                    next: 0,
                })
            })
            .collect();
        if phrases.is_empty() {
            return Ok(None);
        }
        let slots = postings.len();
        Ok(Some(FieldScorer {
            slot: field.slot,
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

    /// Calls `found` with the index and count of each phrase found in `doc`, in order;
    /// calls come with increasing documents.
    fn each_count(&mut self, doc: DocId, mut found: impl FnMut(usize, u32)) {
        self.known.fill(Known::Nothing);
        for phrase in 0..self.phrases.len() {
            if doc >= self.phrases[phrase].next {
                let count = self.count(phrase, doc);
                if count > 0 {
                    found(self.phrases[phrase].index, count);
                }
            }
        }
    }

    /// Calls `found` with the index of each phrase that may be in `doc` and at least its
    /// count there, from its words' frequencies alone: a phrase without slop occurs at
    /// most as often as its rarest word; with slop, what is left of the intersections
    /// holds positions of any of its words, so at most their total.
    fn each_most(&mut self, doc: DocId, mut found: impl FnMut(usize, u32)) {
        self.known.fill(Known::Nothing);
        for phrase in 0..self.phrases.len() {
            if doc < self.phrases[phrase].next {
                continue;
            }
            let (mut fewest, mut total) = (u32::MAX, 0u32);
            let mut present = true;
            for i in 0..self.phrases[phrase].words.len() {
                let (slot, _) = self.phrases[phrase].words[i];
                if let Err(next) = self.has(slot, doc) {
                    self.phrases[phrase].next = next;
                    present = false;
                    break;
                }
                let frequency = self.postings[slot].term_freq();
                fewest = fewest.min(frequency);
                total = total.saturating_add(frequency);
            }
            if present {
                let most = if self.phrases[phrase].slop == 0 {
                    fewest
                } else {
                    total
                };
                found(self.phrases[phrase].index, most);
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

    /// How often a phrase occurs in `doc`, found as tantivy's `PhraseScorer` with scoring
    /// disabled finds it: the first word's aligned positions are intersected with each
    /// other word's in turn; with slop, the middle words' are intersected carrying the
    /// slop spent so far, and the last word only has to be within `slop` of what is
    /// left. The count is of what is left that has the last word within reach.
    fn count(&mut self, phrase: usize, doc: DocId) -> u32 {
        for i in 0..self.phrases[phrase].words.len() {
            let (slot, _) = self.phrases[phrase].words[i];
            if let Err(next) = self.has(slot, doc) {
                self.phrases[phrase].next = next;
                return 0;
            }
        }
        let SegmentPhrase { words, slop, .. } = &self.phrases[phrase];
        if let ([(first, first_offset), (last, last_offset)], 1) = (&words[..], self.phrases.len())
        {
            // A field's only phrase, of two words: positions are read straight into place.
            self.postings[*first].positions_with_offset(*first_offset, &mut self.left);
            self.postings[*last].positions_with_offset(*last_offset, &mut self.right);
            return count_within((&self.left, 0), (&self.right, 0), *slop);
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
            return count_within(
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
                return 0;
            }
        }
        count_within((&self.left, 0), (&positions[last], last_offset), *slop)
    }
}

/// `positions`, each plus `offset`, into `out`.
fn aligned(positions: &[u32], offset: u32, out: &mut Vec<u32>) {
    out.clear();
    out.extend(positions.iter().map(|p| p + offset));
}

struct BonusScorer {
    base: Box<dyn Scorer>,
    evidence: Evidence,
    /// When only the best are wanted ([`BonusQuery::keeping`]).
    best: Option<Best>,
    /// The score of the current document, once computed: phrases are counted once per
    /// doc.
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
        let base = self.base.score();
        let score = match &mut self.best {
            None => base + self.evidence.score(doc, |_, _| {}),
            // Below the best kept: first against the most phrases add to any document,
            // then against what the words' frequencies in this one allow.
            Some(best)
                if best.lowest().is_some_and(|lowest| {
                    base + self.evidence.most() < lowest
                        || base + self.evidence.at_most(doc) < lowest
                }) =>
            {
                base
            }
            Some(best) => {
                let score = base + self.evidence.score(doc, |_, _| {});
                best.add(score);
                score
            }
        };
        self.cached = Some((doc, score));
        score
    }
}

// The three intersections below are tantivy 0.27's (query/phrase_query/phrase_scorer.rs,
// MIT licence), specialised to the way its phrase scorer uses them when scores are not
// wanted, so that a phrase is found exactly where an unscored `PhraseQuery` would match.

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

/// How many positions of `left` have a position of `right` at most `slop` away (each
/// plus its list's offset); both sorted. Where tantivy asks whether there is one, this
/// counts them: for `slop` 0, how often the phrase occurs.
fn count_within(
    (left, left_offset): (&[u32], u32),
    (right, right_offset): (&[u32], u32),
    slop: u32,
) -> u32 {
    let (mut l, mut r, mut count) = (0, 0, 0);
    while l < left.len() && r < right.len() {
        let (left_val, right_val) = (left[l] + left_offset, right[r] + right_offset);
        if left_val.abs_diff(right_val) <= slop {
            count += 1;
            l += 1;
        } else if left_val < right_val {
            l += 1;
        } else {
            r += 1;
        }
    }
    count
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
    use tantivy::query::{AllQuery, PhraseQuery};
    use tantivy::schema::{Schema, FAST, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    /// `docs` indexed in RAM, the first half committed as one segment and the rest as
    /// another.
    fn in_two_segments(
        schema: Schema,
        docs: impl ExactSizeIterator<Item = tantivy::TantivyDocument>,
    ) -> tantivy::Searcher {
        let index = Index::create_in_ram(schema);
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
            .unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let half = docs.len() / 2;
        for (i, d) in docs.enumerate() {
            writer.add_document(d).unwrap();
            if i + 1 == half {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    /// Indexes `docs` (words separated by spaces, in two segments) and checks, for the
    /// documents `asked` picks in increasing order, that each phrase is counted where
    /// tantivy's `PhraseQuery` with the same slop matches and nowhere else, and that an
    /// exact phrase's count is how often its words occur in a row.
    fn check(
        docs: &[String],
        words: &[&str],
        phrases: &[(usize, usize, u32)],
        asked: impl Fn(usize) -> bool,
    ) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let number = schema.add_u64_field("n", FAST);
        let searcher = in_two_segments(
            schema.build(),
            docs.iter()
                .enumerate()
                .map(|(i, d)| doc!(text => d.as_str(), number => i as u64)),
        );
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(text, w))
            .collect();
        let phrases: Vec<Phrase> = phrases
            .iter()
            .map(|&(start, end, slop)| Phrase {
                start,
                end,
                slop,
                weight: 1.0,
            })
            .collect();
        let field = FieldTerms {
            slot: Slot::Body,
            terms: terms.clone(),
        };
        let matches: Vec<_> = phrases
            .iter()
            .map(|p| {
                let mut query = PhraseQuery::new(terms[p.start..p.end].to_vec());
                query.set_slop(p.slop);
                searcher.search(&query, &DocSetCollector).unwrap()
            })
            .collect();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = FieldScorer::new(reader, &field, &phrases).unwrap();
            // Segments are not in the order written.
            let numbers = reader.fast_fields().u64("n").unwrap();
            for doc in 0..reader.max_doc() {
                let i = numbers.first(doc).unwrap() as usize;
                if !asked(i) {
                    continue;
                }
                let mut counts = vec![0; phrases.len()];
                if let Some(scorer) = &mut scorer {
                    scorer.each_count(doc, |phrase, count| counts[phrase] = count);
                }
                let address = tantivy::DocAddress::new(ord as u32, doc);
                let in_doc: Vec<&str> = docs[i].split_whitespace().collect();
                for (p, phrase) in phrases.iter().enumerate() {
                    let found = matches[p].contains(&address);
                    assert_eq!(counts[p] > 0, found, "doc {i}, phrase {p}: {:?}", docs[i]);
                    if phrase.slop == 0 {
                        let run = &words[phrase.start..phrase.end];
                        let times = in_doc.windows(run.len()).filter(|w| w == &run).count();
                        assert_eq!(counts[p] as usize, times, "doc {i}, phrase {p}");
                    }
                }
            }
        }
    }

    #[test]
    fn phrases_are_found_where_phrase_queries_match_across_many_documents() {
        // Spread over more than the 4,096-document window of a union, and over many
        // blocks of postings, so that positions are read after long skips.
        let docs: Vec<String> = (0..10_000)
            .map(|i| match (i % 7, i % 11, i % 2_500) {
                (0, _, _) => "x a b c y a b c".to_owned(),
                (_, 0, _) => "c b a a b".to_owned(),
                (_, _, 3) => "a x x b x c".to_owned(),
                _ => "x y z".to_owned(),
            })
            .collect();
        let words = ["a", "b", "c"];
        let phrases = [(0, 3, 0), (0, 3, 4), (0, 2, 0), (1, 3, 0)];
        check(&docs, &words, &phrases, |_| true);
        // Every 97th document only, after long skips.
        check(&docs, &words, &phrases, |i| i % 97 == 0);
    }

    #[test]
    fn repeated_words_and_words_absent_from_the_segment() {
        let docs: Vec<String> = ["a b a b", "b a b", "a a", "a b c a b", "q"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let all = |_| true;
        check(
            &docs,
            &["a", "b", "a", "b"],
            &[(0, 4, 0), (0, 4, 2), (1, 3, 0), (2, 4, 0)],
            all,
        );
        check(
            &docs,
            &["a", "zzz", "b"],
            &[(0, 3, 0), (0, 3, 4), (0, 2, 0), (1, 3, 0)],
            all,
        );
    }

    /// Phrase evidence adds to the base score, grows with the phrase's count, and
    /// `explain` adds up to the score.
    #[test]
    fn evidence_grows_with_the_count_and_explain_agrees() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
            .unwrap();
        for text in [
            "x y z w v u",
            "a b x y z w",
            "a b a b z w",
            "b a x y z w",
            "x y z w v t",
        ] {
            writer
                .add_document(doc!(title => "", body => text))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let fields = vec![
            FieldTerms {
                slot: Slot::Body,
                terms: vec![
                    Term::from_field_text(body, "a"),
                    Term::from_field_text(body, "b"),
                ],
            },
            FieldTerms {
                slot: Slot::Title,
                terms: vec![
                    Term::from_field_text(title, "a"),
                    Term::from_field_text(title, "b"),
                ],
            },
        ];
        let phrase = Phrase {
            start: 0,
            end: 2,
            slop: 0,
            weight: 1.0,
        };
        let query = BonusQuery::new(
            Box::new(tantivy::query::ConstScoreQuery::new(
                Box::new(AllQuery),
                1.0,
            )),
            vec![phrase],
            fields,
            [body, title],
            Arc::default(),
        );
        let hits = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        let score = |doc: u32| hits.iter().find(|(_, a)| a.doc_id == doc).unwrap().0;
        assert!(score(2) > score(1), "{hits:?}");
        assert!(score(1) > 1.0);
        assert_eq!(score(0), 1.0);
        assert_eq!(score(3), 1.0);
        for (score, address) in hits {
            let explained = query.explain(&searcher, address).unwrap().value();
            assert!((explained - score).abs() < 1e-5, "{address:?}");
        }
    }

    fn sentence() -> impl Strategy<Value = String> {
        // Few words, so that phrases occur often, repeats included.
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 0..14)
            .prop_map(|words| words.join(" "))
    }

    /// The best `keep` of [`BonusQuery::keeping`] against those of the query scored in
    /// full: the same documents with the same scores, in the same order.
    fn check_keeping(docs: &[(String, String)], words: &[&str], keep: usize) {
        use super::super::words::WordsQuery;
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let searcher = in_two_segments(
            schema.build(),
            docs.iter()
                .map(|(t, b)| doc!(title => t.as_str(), body => b.as_str())),
        );
        let terms = |field: Field| -> Vec<Term> {
            words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect()
        };
        let matching = WordsQuery::of_words(words, words.len() - words.len() / 4, [body, title]);
        // As the words of a query have them: the whole run, near and exact, and pairs.
        let n = words.len();
        let mut phrases = vec![
            Phrase {
                start: 0,
                end: n,
                slop: 0,
                weight: 1.0,
            },
            Phrase {
                start: 0,
                end: n,
                slop: 3,
                weight: 0.5,
            },
        ];
        phrases.extend((0..n - 1).map(|start| Phrase {
            start,
            end: start + 2,
            slop: 0,
            weight: 0.4,
        }));
        let fields = vec![
            FieldTerms {
                slot: Slot::Body,
                terms: terms(body),
            },
            FieldTerms {
                slot: Slot::Title,
                terms: terms(title),
            },
        ];
        let query = BonusQuery::new(
            Box::new(matching),
            phrases,
            fields,
            [body, title],
            Arc::default(),
        );
        let top = TopDocs::with_limit(keep).order_by_score();
        let full = searcher.search(&query, &top).unwrap();
        let kept = searcher.search(&query.keeping(keep), &top).unwrap();
        assert_eq!(kept, full);
    }

    #[test]
    fn keeping_the_best_skips_phrases_only_where_they_cannot_count() {
        // Many documents with the words and few with the phrases: most can be skipped,
        // and the few with phrases must still come first.
        let docs: Vec<(String, String)> = (0..3_000)
            .map(|i| {
                let body = match (i % 13, i % 5) {
                    (0, _) => "a b c x a b c",
                    (_, 0) => "c x b y a z z z z z",
                    (_, 1) => "a b x c",
                    _ => "b z a z z c",
                };
                let title = if i % 17 == 0 { "a b c" } else { "z" };
                (title.to_owned(), body.to_owned())
            })
            .collect();
        for keep in [1, 3, 10, 40] {
            check_keeping(&docs, &["a", "b", "c"], keep);
            check_keeping(&docs, &["a", "b", "x", "c"], keep);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn the_best_kept_are_the_best_scored_in_full(
            docs in prop::collection::vec((sentence(), sentence()), 1..150),
            words in prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 2..6),
            keep in 1usize..12,
        ) {
            check_keeping(&docs, &words, keep);
        }

        #[test]
        fn phrases_are_found_as_tantivy_phrase_queries_find_them(
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
            // Every document, or one in two or three.
            check(&docs, &words, &phrases, |i| i % every == 0);
        }
    }
}
