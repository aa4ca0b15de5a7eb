//! Counts matching articles per month of publication, straight from the `published`
//! fast field, so the histogram covers every match at little cost: one counter per month
//! between the segment's first and last date, found by integer arithmetic.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use super::results::YearMonth;
use crate::schema::names;

pub(crate) struct MonthCollector;

pub(crate) struct MonthSegmentCollector {
    column: Column<DateTime>,
    /// The month number (see [`month_number`]) of `counts[0]`.
    first: i64,
    /// Matches per month, from the segment's earliest date to its latest.
    counts: Vec<u64>,
    /// The day last seen and its index in `counts`: consecutive matches often share a day.
    last: (i64, i64),
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
        let (first, counts) = if column.values.num_vals() == 0 {
            (0, Vec::new())
        } else {
            let first = month_number(day_of(column.min_value()));
            let last = month_number(day_of(column.max_value()));
            // Dates run from year 1 to 9999, so at most 120,000 months.
            let months = usize::try_from(last - first + 1).unwrap_or(0);
            (first, vec![0; months])
        };
        Ok(MonthSegmentCollector {
            column,
            first,
            counts,
            last: (i64::MIN, -1),
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
        let day = day_of(when);
        if day != self.last.0 {
            self.last = (day, month_number(day) - self.first);
        }
        let index = self.last.1;
        if let Some(n) = usize::try_from(index)
            .ok()
            .and_then(|i| self.counts.get_mut(i))
        {
            *n += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        let first = self.first;
        self.counts
            .into_iter()
            .zip(first..)
            .filter(|(n, _)| *n > 0)
            .filter_map(|(n, month)| {
                let year = i32::try_from(month.div_euclid(12)).ok()?;
                let month = u8::try_from(month.rem_euclid(12) + 1).ok()?;
                Some((YearMonth { year, month }, n))
            })
            .collect()
    }
}

/// Days since 1970-01-01 of an instant.
fn day_of(when: DateTime) -> i64 {
    when.into_timestamp_secs().div_euclid(86_400)
}

/// Days since 1970-01-01 to `year * 12 + month - 1`, proleptic Gregorian (H. Hinnant's
/// `civil_from_days`, integer operations only: this runs once per match).
fn month_number(day: i64) -> i64 {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months counted from March, so that the leap day ends the year.
    let from_march = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400 + i64::from(from_march >= 10);
    let month0 = if from_march < 10 {
        from_march + 2
    } else {
        from_march - 10
    };
    year * 12 + month0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(day: i64) -> (i64, i64) {
        let n = month_number(day);
        (n.div_euclid(12), n.rem_euclid(12) + 1)
    }

    #[test]
    fn days_map_to_months() {
        assert_eq!(ym(0), (1970, 1));
        // 2025-12-22 is day 20444.
        assert_eq!(ym(20_444), (2025, 12));
        assert_eq!(ym(-1), (1969, 12));
    }

    #[test]
    fn months_agree_with_the_calendar_from_year_1_to_9999() {
        let first = time::Date::from_calendar_date(1, time::Month::January, 1).unwrap();
        let last = time::Date::from_calendar_date(9999, time::Month::December, 31).unwrap();
        let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1)
            .unwrap()
            .to_julian_day();
        // Every day of a few leap-year boundaries, and every 7th day elsewhere.
        let mut date = first;
        while date < last {
            let day = i64::from(date.to_julian_day() - epoch);
            assert_eq!(
                ym(day),
                (i64::from(date.year()), i64::from(date.month() as u8)),
                "{date}"
            );
            let step = if matches!(date.year(), 1900 | 2000 | 2024 | 2100) {
                1
            } else {
                7
            };
            date = date.saturating_add(time::Duration::days(step));
        }
    }
}
