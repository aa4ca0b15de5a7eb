//! The ranking model's parameters and what both of its scorers read per segment: each
//! field's length normalisation and the weight of a document's title.
//!
//! The model is BM25F (Robertson, Zaragoza and Taylor, 2004): a word's occurrences in
//! the title and the body are weighed, each normalised by its own field's length, added
//! into one frequency, and that is saturated once, so a word in both the title and the
//! body counts more than in either but far less than twice. Phrase and proximity
//! evidence (`bonus.rs`) are frequencies of the same kind, weighed by the idf of the
//! words they join. `docs/ranking.md` says how the values below were chosen.

use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{DocId, Score, SegmentReader};

use crate::schema::encode::TitleKind;

/// The model's parameters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// Saturation of the combined frequency.
    pub k1: Score,
    /// Length normalisation of the body and of the title (0: none, 1: full).
    pub body_b: Score,
    pub title_b: Score,
    /// A title occurrence against a body occurrence, by where the title came from
    /// (`TitleKind` as index).
    pub title_weight: [Score; 4],
    /// Proximity evidence, as a share of the words' idf: the exact phrase, all the
    /// words in order within `near_slop`, each adjacent pair side by side.
    pub phrase: Score,
    pub near: Score,
    pub near_slop: u32,
    pub pairs: Score,
}

/// The values in use, chosen on the visible topic queries of `benches/relevance.sh`
/// (`docs/ranking.md`): textbook k1, lengths normalised lightly (Reuters' one-line
/// flashes are short, not more relevant), a title occurrence worth three body
/// occurrences unless the title is a body line (which the body already counts), and an
/// exact phrase worth half its words again.
pub(crate) const PARAMS: Params = Params {
    k1: 1.2,
    body_b: 0.3,
    title_b: 0.3,
    title_weight: [0.0, 3.0, 3.0, 0.0],
    phrase: 0.5,
    near: 0.3,
    near_slop: 4,
    pairs: 0.5,
};

/// The parameters in use: [`PARAMS`].
#[cfg(not(feature = "tuning"))]
pub(crate) fn params() -> Params {
    PARAMS
}

/// The parameters in use: [`PARAMS`], overridden by `NEWSDEX_RANKING`
/// (`k1=1.6,body_b=0.5,given=4`, keys as in `docs/ranking.md`) so that the tuning sweeps
/// can be rerun without rebuilding. Only with the `tuning` feature: a shipped build
/// ranks the same whatever its environment. An unknown key or value panics: a sweep
/// that silently ran the defaults would report figures for values it never tried.
#[cfg(feature = "tuning")]
pub(crate) fn params() -> Params {
    static PARSED: std::sync::OnceLock<Params> = std::sync::OnceLock::new();
    *PARSED.get_or_init(|| {
        let mut p = PARAMS;
        let spec = std::env::var("NEWSDEX_RANKING").unwrap_or_default();
        for kv in spec.split(',').filter(|s| !s.is_empty()) {
            let parsed = kv
                .split_once('=')
                .and_then(|(k, v)| Some((k, v.parse::<f32>().ok()?)));
            let Some((k, v)) = parsed else {
                panic!("NEWSDEX_RANKING: {kv:?} is not key=number");
            };
            match k {
                "k1" => p.k1 = v,
                "body_b" => p.body_b = v,
                "title_b" => p.title_b = v,
                "given" => p.title_weight[1] = v,
                "found" => p.title_weight[2] = v,
                "line" => p.title_weight[3] = v,
                "phrase" => p.phrase = v,
                "near" => p.near = v,
                "near_slop" => p.near_slop = v as u32,
                "pairs" => p.pairs = v,
                _ => panic!("NEWSDEX_RANKING: unknown key {k:?}"),
            }
        }
        p
    })
}

/// tantivy's idf: `ln(1 + (N - n + 0.5) / (n + 0.5))`, never negative.
pub(crate) fn idf(doc_freq: u64, docs: u64) -> Score {
    let docs = docs.max(doc_freq);
    let x = ((docs - doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// BM25's saturation of a normalised frequency, from 0 towards `k1 + 1`.
#[inline]
pub(crate) fn saturated(k1: Score, frequency: Score) -> Score {
    frequency * (k1 + 1.0) / (frequency + k1)
}

/// What the index says of the two text fields as a whole: their average lengths.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Collection {
    pub docs: u64,
    pub body_average: Score,
    pub title_average: Score,
}

impl Collection {
    pub fn new(
        statistics: &dyn Bm25StatisticsProvider,
        body: Field,
        title: Field,
    ) -> tantivy::Result<Collection> {
        let docs = statistics.total_num_docs()?.max(1);
        let average = |field| -> tantivy::Result<Score> {
            Ok((statistics.total_num_tokens(field)? as Score / docs as Score).max(1.0))
        };
        Ok(Collection {
            docs,
            body_average: average(body)?,
            title_average: average(title)?,
        })
    }
}

/// Which text field a term is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Body = 0,
    Title = 1,
}

/// One segment's length normalisation of both fields and its documents' title weights.
pub(crate) struct SegmentNorms {
    /// Per field: each fieldnorm id's `1 / (1 - b + b * length / average)`.
    inverse: [Box<[Score; 256]>; 2],
    fieldnorms: [FieldNormReader; 2],
    /// Title kinds; none in an index written before the column existed.
    kinds: Option<Column<u64>>,
    title_weight: [Score; 4],
}

impl SegmentNorms {
    /// `kinds` is the segment's title kinds column, if it has one.
    pub fn new(
        reader: &SegmentReader,
        fields: [Field; 2],
        collection: &Collection,
        params: &Params,
        kinds: Option<Column<u64>>,
    ) -> tantivy::Result<SegmentNorms> {
        let fieldnorms = |field| -> tantivy::Result<FieldNormReader> {
            Ok(reader
                .fieldnorms_readers()
                .get_field(field)?
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)))
        };
        let inverse = |b: Score, average: Score| {
            let mut cache = Box::new([0.0; 256]);
            for (id, slot) in cache.iter_mut().enumerate() {
                let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
                *slot = 1.0 / (1.0 - b + b * length / average);
            }
            cache
        };
        Ok(SegmentNorms {
            inverse: [
                inverse(params.body_b, collection.body_average),
                inverse(params.title_b, collection.title_average),
            ],
            fieldnorms: [fieldnorms(fields[0])?, fieldnorms(fields[1])?],
            kinds,
            title_weight: params.title_weight,
        })
    }

    /// An occurrence count in a field of `doc`, normalised by the field's length and
    /// weighed as the field is (the title by its kind).
    #[inline]
    pub fn weighed(&self, slot: Slot, doc: DocId, count: u32) -> Score {
        let s = slot as usize;
        let id = self.fieldnorms[s].fieldnorm_id(doc);
        let normalised = count as Score * self.inverse[s][id as usize];
        match slot {
            Slot::Body => normalised,
            Slot::Title => normalised * self.title_weight(doc),
        }
    }

    fn title_weight(&self, doc: DocId) -> Score {
        let kind = match &self.kinds {
            Some(column) => column
                .first(doc)
                .map_or(TitleKind::Given, TitleKind::from_value),
            None => TitleKind::Given,
        };
        self.title_weight[kind as usize]
    }
}
