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
use crate::schema::doc_lists::DocList;
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
    /// Where each match's month is read.
    months: Months,
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
        let cached = self.cache.as_ref().filter(|c| c.len() > ordinal as usize);
        // (The column is opened only when the cache has no list for the segment:
        // opening it reads the codec's block table, which grows with the segment.)
        let months = match cached {
            Some(cache) => Months::Cached(Arc::clone(cache), ordinal as usize),
            None => {
                let column = segment.fast_fields().u64(names::PUBLISHED_MONTH)?;
                if column.get_cardinality() == Cardinality::Full {
                    Months::Full(column)
                } else {
                    Months::Sparse(column)
                }
            }
        };
        Ok(MonthSegmentCollector {
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

/// Where a segment's months of publication are read.
enum Months {
    /// The index's cached list of every document's month, and the segment's number.
    Cached(Arc<Vec<DocMonths>>, usize),
    /// The `published_month` column, when every article has its value at its own
    /// row: no index to consult.
    Full(Column<u64>),
    /// The column, when some article has no value (month number 0: no date).
    Sparse(Column<u64>),
}

impl SegmentCollector for MonthSegmentCollector {
    type Fruit = MonthTally;

    fn collect(&mut self, doc: DocId, _: Score) {
        let month = match &self.months {
            Months::Cached(cache, segment) => cache[*segment].of(doc),
            Months::Full(column) => column.values.get_val(doc),
            Months::Sparse(column) => column.first(doc).unwrap_or(encode::UNDATED_MONTH),
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

/// Matches per month number: in counters over a window of consecutive months, sized by
/// the matches, not by the segment's range of months (the column's minimum is the
/// undated 0 when any article is undated, and one article mentioning the year 1
/// stretches the range to 24,000 months; zeroing those per search was 4% of a
/// command-line query's instructions), and at most [`WINDOW`] months long: a month
/// farther off, as a stray year in one article makes ("May 1190"), is counted in a map
/// instead. (Stretching the window to such a month made counting the mentioned months
/// of "coffee" over 16x Reuters a quarter of that search's instructions.)
#[derive(Debug, Default)]
struct MonthCounts {
    /// The month number of `counts[0]`.
    first: u64,
    counts: Vec<u64>,
    /// Matches per month outside the window.
    far: BTreeMap<u64, u64>,
}

/// The month number of December 9999, the last a date can have.
const LAST_MONTH: u64 = 9999 * 12 + 12;

/// The most months the window of counters spans: a century.
const WINDOW: u64 = 1200;

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
        self.add_outside(month);
    }

    /// Counts a month outside the window: the window grows to it when it can stay
    /// within [`WINDOW`] months, else the month is counted in the map.
    #[cold]
    fn add_outside(&mut self, month: u64) {
        if self.counts.is_empty() {
            self.first = month.saturating_sub(12);
            self.counts = vec![0; 25];
        } else {
            let span = self.counts.len() as u64;
            let last = self.first + span - 1;
            let reach = if month < self.first {
                last - month + 1
            } else {
                month - self.first + 1
            };
            if reach > WINDOW {
                *self.far.entry(month).or_insert(0) += 1;
                return;
            }
            // At least twice the range, toward the month's side, and up to the month,
            // within the window's limit (month numbers end with the year 9999).
            let (first, last) = if month < self.first {
                let first = month.min(self.first.saturating_sub(span));
                (first.max((last + 1).saturating_sub(WINDOW)), last)
            } else {
                let end = month.max((last + span).min(LAST_MONTH));
                (self.first, end.min(self.first + WINDOW - 1))
            };
            let mut counts = vec![0; (last - first + 1) as usize];
            let at = (self.first - first) as usize;
            counts[at..at + self.counts.len()].copy_from_slice(&self.counts);
            self.first = first;
            self.counts = counts;
        }
        self.add(month);
    }

    /// The months with any match, named.
    fn named(self) -> BTreeMap<YearMonth, u64> {
        let mut named: BTreeMap<YearMonth, u64> = self
            .counts
            .into_iter()
            .zip(self.first..)
            .filter(|(n, _)| *n > 0)
            .filter_map(|(n, number)| Some((year_month(number)?, n)))
            .collect();
        for (number, n) in self.far {
            if let Some(month) = year_month(number) {
                *named.entry(month).or_insert(0) += n;
            }
        }
        named
    }
}

/// Counts matching articles per month their mentioned days and months fall in, from the
/// `mention_month` column (each month once per article) or the lists of it.
pub(crate) struct MentionMonthCollector {
    /// Every document's mentioned months, when the index keeps them for these segments
    /// or the writer kept them in its lists file.
    pub cache: Option<Arc<Vec<DocList>>>,
}

pub(crate) struct MentionMonthSegmentCollector {
    months: Mentioned,
    counts: MonthCounts,
}

/// Where a segment's mentioned months are read.
enum Mentioned {
    /// The index's cached lists of every document's mentioned months, and the segment's
    /// number.
    Cached(Arc<Vec<DocList>>, usize),
    /// The `mention_month` column.
    Column(Column<u64>),
}

impl Collector for MentionMonthCollector {
    type Fruit = BTreeMap<YearMonth, u64>;
    type Child = MentionMonthSegmentCollector;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let months = match self.cache.as_ref().filter(|c| c.len() > ordinal as usize) {
            Some(cache) => Mentioned::Cached(Arc::clone(cache), ordinal as usize),
            None => Mentioned::Column(segment.fast_fields().u64(names::MENTION_MONTH)?),
        };
        Ok(MentionMonthSegmentCollector {
            months,
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
        match &self.months {
            Mentioned::Cached(cache, segment) => {
                let counts = &mut self.counts;
                cache[*segment]
                    .of(doc)
                    .for_each(|month| counts.add(u64::from(month)));
            }
            Mentioned::Column(column) => {
                for month in column.values_for_doc(doc) {
                    if month != encode::UNDATED_MONTH {
                        self.counts.add(month);
                    }
                }
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
        assert!(counts.counts.len() as u64 <= WINDOW);
        let expected: BTreeMap<YearMonth, u64> = expected
            .into_iter()
            .map(|(m, n)| (year_month(m).unwrap(), n))
            .collect();
        assert_eq!(counts.named(), expected);
    }

    /// Any months, in any order: mostly within a few decades, some anywhere from the
    /// year 1 to past December 9999. Every month comes out with its count, and the window
    /// never passes its limit.
    #[test]
    fn month_counts_keep_every_count_with_months_far_apart() {
        let mut runner = proptest::test_runner::TestRunner::default();
        let month = proptest::prop_oneof![
            4 => (1950u64 * 12 + 1)..=(2030 * 12 + 12),
            1 => 13u64..=(LAST_MONTH + 24),
        ];
        runner
            .run(&proptest::collection::vec(month, 0..300), |months| {
                let mut counts = MonthCounts::default();
                let mut expected: BTreeMap<YearMonth, u64> = BTreeMap::new();
                for &m in &months {
                    counts.add(m);
                    if m <= LAST_MONTH {
                        *expected.entry(year_month(m).unwrap()).or_insert(0) += 1;
                    }
                }
                proptest::prop_assert!(counts.counts.len() as u64 <= WINDOW);
                proptest::prop_assert_eq!(counts.named(), expected);
                Ok(())
            })
            .unwrap();
    }
}
