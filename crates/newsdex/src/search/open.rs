//! Columns of the segments being searched, opened once per segment and kept for the
//! searches after it. Opening a column reads its codec's table of blocks, which grows
//! with the segment: over 16x Reuters, opening the title kinds, the columns hits read and
//! the like took about 5% of an average search's instructions, every search. An index
//! handle that answers many searches keeps them here; the segments a newer commit no
//! longer has are let go when the handle reloads, and at the next search.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tantivy::collector::sort_key::NaturalComparator;
use tantivy::collector::{SegmentSortKeyComputer, SortKeyComputer};
use tantivy::columnar::{Column, MonotonicallyMappableToU64};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentReader, TantivyError};

use super::lookup::SegmentColumns;
use crate::schema::{names, Fields};

/// The kept columns of the segments last searched.
#[derive(Default)]
pub(crate) struct OpenSegments {
    kept: Mutex<Vec<(SegmentId, Arc<OpenSegment>)>>,
}

/// One segment's columns, each opened by the first search that reads it.
#[derive(Default)]
pub(crate) struct OpenSegment {
    title_kinds: OnceLock<Option<Column<u64>>>,
    published: OnceLock<Option<Column<u64>>>,
    lookup: OnceLock<SegmentColumns>,
}

impl std::fmt::Debug for OpenSegments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        write!(f, "OpenSegments({} segments)", kept.len())
    }
}

impl OpenSegments {
    /// The kept columns of `segment`, an empty set made for it on first use.
    pub fn of(&self, segment: &SegmentReader) -> Arc<OpenSegment> {
        let id = segment.segment_id();
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, open)) = kept.iter().find(|(k, _)| *k == id) {
            return Arc::clone(open);
        }
        let open = Arc::new(OpenSegment::default());
        kept.push((id, Arc::clone(&open)));
        open
    }

    /// Lets go of the segments `searcher` does not search (merged away or deleted since),
    /// so that their files are not held open.
    pub fn keep_only(&self, searcher: &Searcher) {
        let readers = searcher.segment_readers();
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept
            .iter()
            .any(|(id, _)| !readers.iter().any(|r| r.segment_id() == *id))
        {
            kept.retain(|(id, _)| readers.iter().any(|r| r.segment_id() == *id));
        }
    }
}

impl OpenSegment {
    /// The segment's title kinds; none in an index written before the column existed.
    pub fn title_kinds(&self, segment: &SegmentReader) -> Option<Column<u64>> {
        self.title_kinds
            .get_or_init(|| match segment.schema().get_field(names::TITLE_KIND) {
                Ok(_) => segment.fast_fields().u64(names::TITLE_KIND).ok(),
                Err(_) => None,
            })
            .clone()
    }

    /// The segment's publication days as the column's `u64` values, which order as the
    /// days do; `None` when the column cannot be read.
    pub fn published(&self, segment: &SegmentReader) -> Option<Column<u64>> {
        self.published
            .get_or_init(|| {
                segment
                    .fast_fields()
                    .u64_lenient(names::PUBLISHED)
                    .ok()
                    .flatten()
                    .map(|(column, _)| column)
            })
            .clone()
    }

    /// The columns hits read (see [`SegmentColumns`]).
    pub fn lookup(&self, segment: &SegmentReader, fields: &Fields) -> &SegmentColumns {
        self.lookup
            .get_or_init(|| SegmentColumns::open(segment, fields))
    }
}

/// Sorts by publication day, as tantivy's `SortByStaticFastValue::<i64>` on the
/// `published` column does, from the column the index handle keeps open.
pub(crate) struct ByPublished {
    pub open: Arc<OpenSegments>,
}

/// [`ByPublished`] in one segment.
pub(crate) struct ByPublishedInSegment {
    column: Column<u64>,
}

impl SortKeyComputer for ByPublished {
    type SortKey = Option<i64>;
    type Child = ByPublishedInSegment;
    type Comparator = NaturalComparator;

    fn segment_sort_key_computer(
        &self,
        segment: &SegmentReader,
    ) -> tantivy::Result<ByPublishedInSegment> {
        let column = self.open.of(segment).published(segment).ok_or_else(|| {
            TantivyError::SchemaError(format!("no fast field {}", names::PUBLISHED))
        })?;
        Ok(ByPublishedInSegment { column })
    }
}

impl SegmentSortKeyComputer for ByPublishedInSegment {
    type SortKey = Option<i64>;
    type SegmentSortKey = Option<u64>;
    type SegmentComparator = NaturalComparator;

    #[inline(always)]
    fn segment_sort_key(&mut self, doc: DocId, _score: Score) -> Option<u64> {
        self.column.first(doc)
    }

    fn convert_segment_sort_key(&self, key: Option<u64>) -> Option<i64> {
        key.map(i64::from_u64)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::search::state::tests::add;
    use crate::{Index, SearchRequestBuilder};

    /// A segment's columns are opened once and kept while it is searched; a commit that
    /// merges the segments away lets them go.
    #[test]
    fn segments_are_kept_while_searched_and_let_go_after() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_in_dir(dir.path()).unwrap();
        add(&index, "a");
        add(&index, "b");
        index.reload().unwrap();
        let searcher = index.core.searcher();
        let readers = searcher.segment_readers();
        assert_eq!(readers.len(), 2);
        let open = OpenSegments::default();
        let first = open.of(&readers[0]);
        assert!(Arc::ptr_eq(&first, &open.of(&readers[0])));
        assert!(!Arc::ptr_eq(&first, &open.of(&readers[1])));
        assert!(first.title_kinds(&readers[0]).is_some());
        open.keep_only(&searcher);
        assert_eq!(open.kept.lock().unwrap().len(), 2);
        // The index's own: a search keeps both segments, the reload after the merge
        // below lets them go.
        let request = SearchRequestBuilder::new("strike").build();
        assert_eq!(index.search(&request).unwrap().total, 2);
        assert_eq!(index.core.open.kept.lock().unwrap().len(), 2);

        let ids: Vec<SegmentId> = readers.iter().map(SegmentReader::segment_id).collect();
        let mut writer: tantivy::IndexWriter = index.core.inner.writer(15_000_000).unwrap();
        writer.merge(&ids).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        index.reload().unwrap();
        let merged = index.core.searcher();
        assert_eq!(merged.segment_readers().len(), 1);
        assert!(index.core.open.kept.lock().unwrap().is_empty());
        assert_eq!(index.search(&request).unwrap().total, 2);
        open.keep_only(&merged);
        assert!(open.kept.lock().unwrap().is_empty());
        let again = open.of(&merged.segment_readers()[0]);
        assert!(!Arc::ptr_eq(&first, &again));
        assert!(again.title_kinds(&merged.segment_readers()[0]).is_some());
    }
}
