//! What an index keeps in memory about the segments it searches, once a second search
//! over the same segments shows that they are searched again: every document's entities,
//! month and mentioned months. Counting a match is then a few array reads. The entities
//! and mentioned months are the writer's lists when it kept them (mapped from
//! `newsdex.article-facets`, nothing read into memory); a one-off search (a command-line
//! query) builds nothing and reads those lists or the columns. The cache is rebuilt
//! when a commit, a merge or a rule changes the segments or the entities.

use std::sync::Arc;

use tantivy::columnar::Cardinality;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use crate::core::entities::{entity_lists, mentioned_lists};
use crate::schema::doc_lists::DocList;
use crate::schema::encode::UNDATED_MONTH;
use crate::schema::entity_table::Entities;
use crate::schema::names;

/// The cache of one set of segments.
pub(crate) struct SegmentsCache {
    /// The segments, in the searcher's order.
    pub segments: Vec<SegmentId>,
    /// The entity table the lists were made with.
    pub entities: Arc<Entities>,
    /// Every document's entities, segment by segment; `None` past the memory budget.
    pub docs: Option<Arc<Vec<DocList>>>,
    /// Every document's month, segment by segment; `None` when a segment's months span
    /// more than 16 bits can count.
    pub months: Option<Arc<Vec<DocMonths>>>,
    /// Every document's mentioned months, segment by segment; `None` past the memory
    /// budget.
    pub mentioned: Option<Arc<Vec<DocList>>>,
}

/// What the index remembers of the segments it searched.
pub(crate) enum CacheState {
    /// Nothing yet.
    Empty,
    /// Searched once: a second search over these segments builds their cache.
    Seen(Vec<SegmentId>),
    Built(Arc<SegmentsCache>),
}

/// One segment's documents' months: document `d` was published in month number
/// `first + months[d] - 1`, or is undated when `months[d]` is 0.
pub(crate) struct DocMonths {
    pub first: u64,
    pub months: Vec<u16>,
}

impl DocMonths {
    /// Reads a segment's `published_month` column once; `None` when its months span
    /// more than `u16::MAX - 1`.
    fn read(segment: &SegmentReader) -> tantivy::Result<Option<DocMonths>> {
        let column = segment.fast_fields().u64(names::PUBLISHED_MONTH)?;
        let max_doc = segment.max_doc();
        let mut values = vec![0u64; max_doc as usize];
        if column.get_cardinality() == Cardinality::Full {
            column.values.get_range(0, &mut values);
        } else {
            for (doc, value) in (0..max_doc).zip(values.iter_mut()) {
                *value = column.first(doc).unwrap_or(0);
            }
        }
        let first = values
            .iter()
            .copied()
            .filter(|&m| m != UNDATED_MONTH)
            .min()
            .unwrap_or(1);
        let mut months = Vec::with_capacity(values.len());
        for value in values {
            // Offsets from `first`, plus one: 0 stays for undated.
            months.push(match value {
                UNDATED_MONTH => 0,
                m => match u16::try_from(m - first + 1) {
                    Ok(offset) if offset < u16::MAX => offset,
                    _ => return Ok(None),
                },
            });
        }
        Ok(Some(DocMonths { first, months }))
    }

    /// The month number of `doc`, [`UNDATED_MONTH`] when undated.
    #[inline]
    pub fn of(&self, doc: DocId) -> u64 {
        match self.months.get(doc as usize) {
            Some(&offset) if offset > 0 => self.first + u64::from(offset) - 1,
            _ => UNDATED_MONTH,
        }
    }
}

/// The most bytes the per-document entity lists of one index may take, read into memory
/// when the entity table does not have them; a larger index counts from the column.
const DOC_ENTITIES_BUDGET: usize = 64 << 20;

/// The most bytes the per-document mentioned months of one index may take, read into
/// memory when the entity table does not have them; a larger index counts from the
/// column.
const MENTIONED_MONTHS_BUDGET: usize = 32 << 20;

impl SegmentsCache {
    pub(super) fn build(
        searcher: &Searcher,
        entities: Arc<Entities>,
    ) -> tantivy::Result<SegmentsCache> {
        let months = searcher
            .segment_readers()
            .iter()
            .map(DocMonths::read)
            .collect::<tantivy::Result<Option<Vec<DocMonths>>>>()?;
        // The table's own lists (the writer's file of them, mapped), else read now.
        let lists = entities.article_lists();
        let docs = match lists {
            Some(lists) => Some(Arc::clone(&lists.entities)),
            None => entity_lists(searcher, &entities, DOC_ENTITIES_BUDGET)?.map(Arc::new),
        };
        let mentioned = match lists {
            Some(lists) => Some(Arc::clone(&lists.mentioned)),
            None => {
                mentioned_lists(searcher.segment_readers(), MENTIONED_MONTHS_BUDGET)?.map(Arc::new)
            }
        };
        Ok(SegmentsCache {
            segments: segment_ids(searcher),
            entities,
            docs,
            months: months.map(Arc::new),
            mentioned,
        })
    }
}

pub(crate) fn segment_ids(searcher: &Searcher) -> Vec<SegmentId> {
    searcher
        .segment_readers()
        .iter()
        .map(SegmentReader::segment_id)
        .collect()
}
