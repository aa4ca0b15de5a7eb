//! Counts matching articles per month of publication from the `published_month` fast
//! field: every article has a value, so a match costs one read and one increment into a
//! counter per month between the segment's first and last month.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, Column};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::cache::{DocMentionedMonths, DocMonths};
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
    /// Matches per month.
    counts: MonthCounts,
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
        Ok(MonthSegmentCollector {
            cached,
            full: months.get_cardinality() == Cardinality::Full,
            months,
            counts: MonthCounts::default(),
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
        } else {
            self.counts.add(month);
        }
    }

    fn harvest(self) -> Self::Fruit {
        MonthTally {
            months: self.counts.named(),
            undated: self.undated,
        }
    }
}

/// Matches per month number, in counters from the first month counted to the last:
/// sized by the matches, not by the segment's range of months (the column's minimum
/// is the undated 0 when any article is undated, and one article mentioning the year
/// 1 stretches the range to 24,000 months; zeroing those per search was 4% of a
/// command-line query's instructions).
/// The month number of December 9999, the last a date can have.
const LAST_MONTH: u64 = 9999 * 12 + 12;

#[derive(Debug, Default)]
struct MonthCounts {
    /// The month number of `counts[0]`.
    first: u64,
    counts: Vec<u64>,
}

impl MonthCounts {
    /// Counts one match in month `month` (not 0; none after December 9999, which no
    /// date has, is counted).
    #[inline]
    fn add(&mut self, month: u64) {
        if month > LAST_MONTH {
            return;
        }
        if let Some(n) = month
            .checked_sub(self.first)
            .and_then(|i| self.counts.get_mut(i as usize))
        {
            *n += 1;
            return;
        }
        self.grow_to(month);
        self.add(month);
    }

    /// Extends the counters to cover `month`, with room for a year either side (the
    /// range at most doubles each time, so a search re-lays it out a few times).
    #[cold]
    fn grow_to(&mut self, month: u64) {
        if self.counts.is_empty() {
            self.first = month.saturating_sub(12);
            self.counts = vec![0; 25];
            return;
        }
        let span = self.counts.len() as u64;
        let last = self.first + span - 1;
        // At least twice the range, toward the month's side, and up to the month
        // (month numbers end with the year 9999).
        let (first, last) = if month < self.first {
            (month.min(self.first.saturating_sub(span)), last)
        } else {
            (self.first, month.max((last + span).min(LAST_MONTH)))
        };
        let mut counts = vec![0; (last - first + 1) as usize];
        let at = (self.first - first) as usize;
        counts[at..at + self.counts.len()].copy_from_slice(&self.counts);
        self.first = first;
        self.counts = counts;
    }

    /// The months with any match, named.
    fn named(self) -> BTreeMap<YearMonth, u64> {
        self.counts
            .into_iter()
            .zip(self.first..)
            .filter(|(n, _)| *n > 0)
            .filter_map(|(n, number)| Some((year_month(number)?, n)))
            .collect()
    }
}

/// Counts matching articles per month their mentioned days and months fall in, from the
/// `mention_month` column (each month once per article).
pub(crate) struct MentionMonthCollector {
    /// Every document's mentioned months, when the index keeps them for these segments.
    pub cache: Option<Arc<Vec<DocMentionedMonths>>>,
}

pub(crate) struct MentionMonthSegmentCollector {
    months: Column<u64>,
    /// The cached months of this segment's documents, read instead of the column.
    cached: Option<(Arc<Vec<DocMentionedMonths>>, usize)>,
    counts: MonthCounts,
}

impl Collector for MentionMonthCollector {
    type Fruit = BTreeMap<YearMonth, u64>;
    type Child = MentionMonthSegmentCollector;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let months = segment.fast_fields().u64(names::MENTION_MONTH)?;
        let cached = self
            .cache
            .as_ref()
            .filter(|c| c.len() > ordinal as usize)
            .map(|c| (Arc::clone(c), ordinal as usize));
        Ok(MentionMonthSegmentCollector {
            months,
            cached,
            counts: MonthCounts::default(),
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
        if let Some((cache, segment)) = &self.cached {
            for &month in cache[*segment].of(doc) {
                self.counts.add(u64::from(month));
            }
            return;
        }
        for month in self.months.values_for_doc(doc) {
            if month != encode::UNDATED_MONTH {
                self.counts.add(month);
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts.named()
    }
}

/// The month of a `published_month` value (`year * 12 + month`).
fn year_month(number: u64) -> Option<YearMonth> {
    encode::year_month(number).and_then(|(year, month)| YearMonth::new(year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Months counted in any order, far apart or not, each come out with its count.
    #[test]
    fn month_counts_grow_either_way_and_keep_every_count() {
        let months = [
            1987 * 12 + 3,
            1987 * 12 + 3,
            1987 * 12 + 11,
            1986 * 12 + 1,
            13,
            2030 * 12 + 12,
            LAST_MONTH,
            1987 * 12 + 3,
            14,
        ];
        let mut counts = MonthCounts::default();
        let mut expected: BTreeMap<u64, u64> = BTreeMap::new();
        for m in months {
            counts.add(m);
            if m <= LAST_MONTH {
                *expected.entry(m).or_insert(0) += 1;
            }
        }
        assert!(counts.counts.len() <= 2 * LAST_MONTH as usize);
        let expected: BTreeMap<YearMonth, u64> = expected
            .into_iter()
            .map(|(m, n)| (year_month(m).unwrap(), n))
            .collect();
        assert_eq!(counts.named(), expected);
    }
}
