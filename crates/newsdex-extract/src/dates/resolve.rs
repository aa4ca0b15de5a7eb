//! The resolving pass: turns each recognised expression into a TimeML value, against the
//! publication date, a date written earlier in the story, or nothing (`XXXX`).

use time::{Date, Duration};

use super::{calendar, Found, Raw, Rel, Tense};
use crate::types::{DateMention, DateValue};

/// How many months after the reference a month in a past-tense clause may still fall in
/// the reference's year (deadlines and schedules are reported in the past tense too).
const PAST_SLACK: i32 = 2;
/// The same when the clause gives no cue.
const UNKNOWN_SLACK: i32 = 5;
/// How many months before the reference a month with no cue still falls in its year;
/// earlier than that, it is a month of the coming year ("in January", said in October).
const UNKNOWN_AHEAD: i32 = 8;

/// The year of a month (or of a day in it) written without one, seen from `reference`.
fn infer_year(month: u8, reference: Date, tense: Tense) -> i32 {
    let y = reference.year();
    let diff = i32::from(month) - i32::from(reference.month() as u8);
    match tense {
        Tense::Future => {
            if diff < 0 {
                y + 1
            } else {
                y
            }
        }
        // News reports the past: a month well after the reference is last year's, and
        // without a cue a month before it is this year's, not next year's.
        Tense::Past => {
            if diff > PAST_SLACK {
                y - 1
            } else {
                y
            }
        }
        Tense::Unknown => {
            if diff > UNKNOWN_SLACK {
                y - 1
            } else if diff < -UNKNOWN_AHEAD {
                y + 1
            } else {
                y
            }
        }
    }
}

/// Shifts a (year, month) by `n` months.
fn add_months(year: i32, month: u8, n: i32) -> (i32, u8) {
    let total = year * 12 + i32::from(month) - 1 + n;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8)
}

/// Resolves every found expression to a value, dropping those that cannot be resolved.
pub(super) fn resolve(text: &str, found: &[Found], reference: Option<Date>) -> Vec<DateMention> {
    let anchors = anchors(found);
    let mut story = Story::default();
    // The next anchor not yet behind the expression being resolved.
    let mut next_anchor = 0;
    let mut out: Vec<DateMention> = Vec::with_capacity(found.len());
    for (k, f) in found.iter().enumerate() {
        while next_anchor < anchors.len() && anchors[next_anchor].0 < k {
            next_anchor += 1;
        }
        // The last absolute date written before it, else the first one after.
        let written_anchor = next_anchor
            .checked_sub(1)
            .or((!anchors.is_empty()).then_some(0))
            .map(|a| anchors[a].1);
        let seen = Seen {
            reference,
            anchor: reference.or(written_anchor),
            story: &story,
            tense: f.tense,
        };
        let Some(value) = seen.value_of(f.raw).and_then(|v| shifted(v, f.shift)) else {
            continue;
        };
        let Some(written) = text.get(f.start..f.end) else {
            continue;
        };
        story.saw(value);
        out.push(DateMention {
            text: written.to_owned(),
            value,
            start: f.start,
            end: f.end,
        });
    }
    out
}

/// The absolute dates written in the text, with their place among the expressions found:
/// they anchor what has no publication date to lean on.
fn anchors(found: &[Found]) -> Vec<(usize, Date)> {
    found
        .iter()
        .enumerate()
        .filter_map(|(k, f)| match f.raw {
            Raw::Day {
                year: Some(y),
                month,
                day,
            } => Some((k, calendar(y, month, day)?)),
            Raw::Month {
                year: Some(y),
                month,
            } => Some((k, calendar(y, month, 1)?)),
            _ => None,
        })
        .collect()
}

/// The story's own time so far: what was resolved before the expression at hand.
#[derive(Default)]
struct Story {
    /// The year (and month) of the last date resolved with a year.
    year_month: Option<(i32, Option<u8>)>,
    /// The last whole day resolved.
    day: Option<Date>,
}

impl Story {
    fn saw(&mut self, value: DateValue) {
        if let Some(y) = value.year {
            self.year_month = Some((y, value.month));
        }
        if let Some(d) = value.to_date() {
            self.day = Some(d);
        }
    }
}

/// What an expression is resolved against.
struct Seen<'a> {
    /// The publication date.
    reference: Option<Date>,
    /// The publication date, else a date written in the text.
    anchor: Option<Date>,
    story: &'a Story,
    /// The tense of the expression's sentence.
    tense: Tense,
}

impl Seen<'_> {
    fn value_of(&self, raw: Raw) -> Option<DateValue> {
        match raw {
            Raw::Day { year, month, day } => self.day(year, month, day),
            Raw::Month {
                year: Some(y),
                month,
            } => Some(DateValue::of_month(y, month)),
            Raw::Month { year: None, month } => Some(match self.anchor {
                Some(r) => DateValue::of_month(infer_year(month, r, self.tense), month),
                None => DateValue {
                    year: None,
                    month: Some(month),
                    day: None,
                },
            }),
            Raw::Year(y) => Some(DateValue::from_year(y)),
            Raw::MonthRel { month, rel } => self.month_rel(month, rel),
            Raw::DayRel { month, day, rel } => self.day_rel(month, day, rel),
            Raw::DayInYear { month, day, years } => self
                .anchor
                .and_then(|r| calendar(r.year() + years, month, day))
                .map(DateValue::from_day),
            Raw::MonthInYear { month, years } => self
                .anchor
                .map(|r| DateValue::of_month(r.year() + years, month)),
            Raw::Years(n) => self.anchor.map(|r| DateValue::from_year(r.year() + n)),
            Raw::Months(n) => self.anchor.map(|r| {
                let (y, m) = add_months(r.year(), r.month() as u8, n);
                DateValue::of_month(y, m)
            }),
            // Day-level deixis needs the real publication date: an event date written in
            // the text says nothing about when "yesterday" was.
            Raw::Days(n) => self
                .reference
                .and_then(|r| r.checked_add(Duration::days(n)))
                .map(DateValue::from_day),
            Raw::StoryDay(n) => self
                .story
                .day
                .and_then(|d| d.checked_add(Duration::days(n)))
                .map(DateValue::from_day),
            Raw::StoryWeekday { weekday, step } => {
                // From the story's last day, or else from the publication date.
                let rel = if step > 0 { Rel::Next } else { Rel::Last };
                self.story
                    .day
                    .or(self.reference)
                    .and_then(|d| weekday_date(d, weekday, rel, Tense::Unknown))
                    .map(DateValue::from_day)
            }
            Raw::StoryYear(n) => self
                .story
                .year_month
                .map(|(y, _)| DateValue::from_year(y + n)),
            Raw::StoryMonth(n) => self.story.year_month.and_then(|(y, m)| {
                let (y, m) = add_months(y, m?, n);
                Some(DateValue::of_month(y, m))
            }),
            Raw::Holiday { holiday, rel } => self.anchor.and_then(|r| {
                let this = holiday.date(r.year())?;
                let date = match rel {
                    Rel::Last if this >= r => holiday.date(r.year() - 1)?,
                    Rel::Next if this <= r => holiday.date(r.year() + 1)?,
                    Rel::Bare => holiday.date(infer_year(this.month() as u8, r, self.tense))?,
                    _ => this,
                };
                Some(DateValue::from_day(date))
            }),
            Raw::Weekday { weekday, rel } => self
                .reference
                .and_then(|r| weekday_date(r, weekday, rel, self.tense).map(DateValue::from_day)),
        }
    }

    /// A day of a month, with its year or without (then taken from the anchor's).
    fn day(&self, year: Option<i32>, month: u8, day: u8) -> Option<DateValue> {
        match (year, self.anchor) {
            (Some(y), _) => Some(DateValue {
                year: Some(y),
                month: Some(month),
                day: Some(day),
            }),
            (None, Some(r)) => {
                calendar(infer_year(month, r, self.tense), month, day).map(DateValue::from_day)
            }
            (None, None) => Some(DateValue {
                year: None,
                month: Some(month),
                day: Some(day),
            }),
        }
    }

    /// "last February", "next March", or a bare month read by the sentence's tense.
    fn month_rel(&self, month: u8, rel: Rel) -> Option<DateValue> {
        self.anchor.map(|r| {
            let (y, rm) = (r.year(), r.month() as u8);
            let y = match rel {
                // "last February" said in March is a year back: last month would be
                // "last month".
                Rel::Last if month + 1 >= rm => y - 1,
                Rel::Next if month <= rm => y + 1,
                Rel::Bare => infer_year(month, r, self.tense),
                _ => y,
            };
            DateValue::of_month(y, month)
        })
    }

    /// "last June 2", "next May 1", or a bare day read by the sentence's tense.
    fn day_rel(&self, month: u8, day: u8, rel: Rel) -> Option<DateValue> {
        self.anchor.and_then(|r| {
            let (y, rm) = (r.year(), r.month() as u8);
            let y = match rel {
                Rel::Last if (month, day) >= (rm, r.day()) => y - 1,
                Rel::Next if (month, day) <= (rm, r.day()) => y + 1,
                Rel::Bare => infer_year(month, r, self.tense),
                _ => y,
            };
            calendar(y, month, day).map(DateValue::from_day)
        })
    }
}

/// A value moved by `shift` days ("the day after May 2"); `None` when it is not a whole
/// day or leaves the calendar.
fn shifted(value: DateValue, shift: i8) -> Option<DateValue> {
    if shift == 0 {
        return Some(value);
    }
    value
        .to_date()
        .and_then(|d| d.checked_add(Duration::days(i64::from(shift))))
        .map(DateValue::from_day)
}

/// The date a weekday name refers to, seen from `reference`.
fn weekday_date(reference: Date, weekday: u8, rel: Rel, tense: Tense) -> Option<Date> {
    let today = reference.weekday().number_days_from_monday();
    let back = (i64::from(today) - i64::from(weekday)).rem_euclid(7);
    let ahead = (i64::from(weekday) - i64::from(today)).rem_euclid(7);
    let days = match rel {
        Rel::Last => -(if back == 0 { 7 } else { back }),
        Rel::Next => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Rel::This => ahead,
        Rel::Bare if tense == Tense::Future => ahead,
        Rel::Bare => -back,
    };
    reference.checked_add(Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn years_of_months_written_without_one() {
        let r = date!(2030 - 05 - 15);
        assert_eq!(infer_year(11, r, Tense::Past), 2029);
        assert_eq!(infer_year(6, r, Tense::Past), 2030);
        assert_eq!(infer_year(2, r, Tense::Future), 2031);
        assert_eq!(infer_year(12, r, Tense::Unknown), 2029);
        assert_eq!(infer_year(3, r, Tense::Unknown), 2030);
        // A cue-less January seen from October is the coming one.
        assert_eq!(infer_year(1, date!(2030 - 10 - 20), Tense::Unknown), 2031);
    }

    #[test]
    fn month_arithmetic_and_weekdays() {
        assert_eq!(add_months(2030, 1, -1), (2029, 12));
        assert_eq!(add_months(2030, 12, 1), (2031, 1));
        assert_eq!(add_months(2030, 5, -17), (2028, 12));
        let wed = date!(2030 - 05 - 15);
        assert_eq!(weekday_date(wed, 2, Rel::Bare, Tense::Past), Some(wed));
        assert_eq!(
            weekday_date(wed, 4, Rel::Bare, Tense::Past),
            Some(date!(2030 - 05 - 10))
        );
        assert_eq!(
            weekday_date(wed, 4, Rel::Bare, Tense::Future),
            Some(date!(2030 - 05 - 17))
        );
        assert_eq!(
            weekday_date(wed, 2, Rel::Last, Tense::Unknown),
            Some(date!(2030 - 05 - 08))
        );
        assert_eq!(
            weekday_date(wed, 2, Rel::Next, Tense::Unknown),
            Some(date!(2030 - 05 - 22))
        );
    }
}
