//! Counts matching articles per month of publication from the `published_month` fast
//! field: every article has a value, so a match costs one read and one increment into a
//! counter per month between the segment's first and last month.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, Column};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::cache::DocMonths;
use super::results::YearMonth;
use crate::schema::{encode, names};

/// Matches per month, and the matches without a month.
#[derive(Debug, Default)]
pub(crate) struct MonthTally {
    pub months: BTreeMap<YearMonth, u64>,
    pub undated: u64,
}

pub(crate) struct MonthCollector {
    /// Every document's month, when the index keeps them for these segments.
    pub cache: Option<Arc<Vec<DocMonths>>>,
}

pub(crate) struct MonthSegmentCollector {
    /// Month numbers, one per article (0: no date).
    months: Column<u64>,
    /// Every article has its value, at its own row: no index to consult.
    full: bool,
    /// The cached months of this segment's documents, read instead of the column.
    cached: Option<(Arc<Vec<DocMonths>>, usize)>,
    /// The month number of `counts[0]`.
    first: u64,
    /// Matches per month, from the segment's first dated month to its last.
    counts: Vec<u64>,
    /// Matches without a date.
    undated: u64,
}

impl Collector for MonthCollector {
    type Fruit = MonthTally;
    type Child = MonthSegmentCollector;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let months = segment.fast_fields().u64(names::PUBLISHED_MONTH)?;
        let cached = self
            .cache
            .as_ref()
            .filter(|c| c.len() > ordinal as usize)
            .map(|c| (Arc::clone(c), ordinal as usize));
        // Undated articles are 0; dates run from year 1 (13) to 9999, so at most
        // 120,000 counters.
        let first = months.min_value().max(1);
        let counts = match months.max_value().checked_sub(first) {
            Some(span) if months.values.num_vals() > 0 => vec![0; (span + 1) as usize],
            _ => Vec::new(),
        };
        Ok(MonthSegmentCollector {
            cached,
            full: months.get_cardinality() == Cardinality::Full,
            months,
            first,
            counts,
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all = MonthTally::default();
        for fruit in fruits {
            all.undated += fruit.undated;
            for (month, n) in fruit.months {
                *all.months.entry(month).or_insert(0) += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for MonthSegmentCollector {
    type Fruit = MonthTally;

    fn collect(&mut self, doc: DocId, _: Score) {
        let month = if let Some((cache, segment)) = &self.cached {
            cache[*segment].of(doc)
        } else if self.full {
            self.months.values.get_val(doc)
        } else {
            self.months.first(doc).unwrap_or(encode::UNDATED_MONTH)
        };
        if month == encode::UNDATED_MONTH {
            self.undated += 1;
        } else if let Some(n) = month
            .checked_sub(self.first)
            .and_then(|i| self.counts.get_mut(i as usize))
        {
            *n += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        MonthTally {
            months: named(self.first, self.counts),
            undated: self.undated,
        }
    }
}

/// Counts from month number `first` on, the months with any named.
fn named(first: u64, counts: Vec<u64>) -> BTreeMap<YearMonth, u64> {
    counts
        .into_iter()
        .zip(first..)
        .filter(|(n, _)| *n > 0)
        .filter_map(|(n, number)| Some((year_month(number)?, n)))
        .collect()
}

/// Counts matching articles per month their mentioned days and months fall in, from the
/// `mention_month` column (each month once per article).
pub(crate) struct MentionMonthCollector;

pub(crate) struct MentionMonthSegmentCollector {
    months: Column<u64>,
    first: u64,
    counts: Vec<u64>,
}

impl Collector for MentionMonthCollector {
    type Fruit = BTreeMap<YearMonth, u64>;
    type Child = MentionMonthSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let months = segment.fast_fields().u64(names::MENTION_MONTH)?;
        let first = months.min_value().max(1);
        let counts = match months.max_value().checked_sub(first) {
            Some(span) if months.values.num_vals() > 0 => vec![0; (span + 1) as usize],
            _ => Vec::new(),
        };
        Ok(MentionMonthSegmentCollector {
            months,
            first,
            counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all = BTreeMap::new();
        for fruit in fruits {
            for (month, n) in fruit {
                *all.entry(month).or_insert(0) += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for MentionMonthSegmentCollector {
    type Fruit = BTreeMap<YearMonth, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for month in self.months.values_for_doc(doc) {
            if let Some(n) = month
                .checked_sub(self.first)
                .and_then(|i| self.counts.get_mut(i as usize))
            {
                *n += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        named(self.first, self.counts)
    }
}

/// The month of a `published_month` value (`year * 12 + month`).
fn year_month(number: u64) -> Option<YearMonth> {
    encode::year_month(number).and_then(|(year, month)| YearMonth::new(year, month))
}
