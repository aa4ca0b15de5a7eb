//! Counts matching articles per month of publication, straight from the `published`
//! fast field, so the histogram covers every match at little cost.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use super::results::YearMonth;
use crate::schema::names;

pub(crate) struct MonthCollector;

pub(crate) struct MonthSegmentCollector {
    column: Column<DateTime>,
    /// The day last seen and its month: consecutive matches often share a day.
    last: Option<(i64, YearMonth)>,
    counts: BTreeMap<YearMonth, u64>,
}

impl Collector for MonthCollector {
    type Fruit = BTreeMap<YearMonth, u64>;
    type Child = MonthSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let column = segment.fast_fields().date(names::PUBLISHED)?;
        Ok(MonthSegmentCollector {
            column,
            last: None,
            counts: BTreeMap::new(),
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

impl SegmentCollector for MonthSegmentCollector {
    type Fruit = BTreeMap<YearMonth, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(when) = self.column.first(doc) else {
            return;
        };
        let day = when.into_timestamp_secs().div_euclid(86_400);
        let month = match self.last {
            Some((d, m)) if d == day => m,
            _ => {
                let Some(m) = month_of_day(day) else { return };
                self.last = Some((day, m));
                m
            }
        };
        *self.counts.entry(month).or_insert(0) += 1;
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

/// Days since 1970-01-01 to their month.
fn month_of_day(day: i64) -> Option<YearMonth> {
    let julian = i32::try_from(day + 2_440_588).ok()?;
    let date = time::Date::from_julian_day(julian).ok()?;
    Some(YearMonth {
        year: date.year(),
        month: date.month() as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_map_to_months() {
        assert_eq!(
            month_of_day(0),
            Some(YearMonth {
                year: 1970,
                month: 1
            })
        );
        // 2025-12-22 is day 20444.
        assert_eq!(
            month_of_day(20_444),
            Some(YearMonth {
                year: 2025,
                month: 12
            })
        );
        assert_eq!(
            month_of_day(-1),
            Some(YearMonth {
                year: 1969,
                month: 12
            })
        );
    }
}
