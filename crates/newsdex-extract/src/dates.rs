//! Date expressions: absolute, partial and relative, normalised to TimeML values.
//!
//! Two passes. `scan` walks the tokens of the article's content once and recognises
//! expressions ("22 December 2025", "Nov. 14", "last December", "yesterday", "in 2024")
//! without deciding what they refer to; `resolve` then gives each a value against a reference:
//! the publication date when known, else the nearest absolute date written in the text
//! (for month- and year-level expressions only), else the year stays unknown (`XXXX-11-14`).
//! Durations ("three years"), clock times, weeks, seasons and quarters are not calendar
//! values and are not reported.
//!
//! `published` reads the page's own publication date from its header: datelines, bylines
//! and relative bylines ("1 day ago").

mod published;
mod resolve;
mod scan;
mod tokens;
mod words;

use std::cell::Cell;
use std::ops::Range;

use time::{Date, Month};

use crate::types::DateMention;
pub(crate) use published::{line_date, publication, HeaderLine, LineDate};
use resolve::resolve;
use scan::scan;

/// Finds every date expression inside `content` and gives it a TimeML value.
///
/// `reference` is the publication date, the anchor for "yesterday" or "last December";
/// without it, relative expressions are only resolved when the text itself carries an
/// absolute date to anchor them, and day-level ones ("yesterday", "Friday") are dropped.
pub(crate) fn find(
    text: &str,
    content: &[Range<usize>],
    reference: Option<Date>,
) -> Vec<DateMention> {
    let mut b = BUFFERS.take();
    tokens::tokenize(text, &paragraphs(text, content), &mut b.toks);
    let found = scan(text, &b.toks);
    BUFFERS.set(b);
    resolve(text, &found, reference)
}

/// The vectors the date passes fill for every article (and every candidate dateline),
/// kept per thread (see [`crate::scratch`]).
#[derive(Default)]
struct Buffers {
    toks: Vec<tokens::Tok>,
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// Joins content lines that wrap one sentence ("… in\nJanuary", "December\n31, 1986"):
/// consecutive ranges with a single line break between them, the first not ending a
/// sentence. Rules never reach across the ranges that remain.
fn paragraphs(text: &str, content: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(content.len());
    for r in content {
        if let Some(last) = out.last_mut() {
            let between = text.get(last.end..r.start).unwrap_or("\n\n");
            let wraps = between.chars().all(char::is_whitespace)
                && between.matches('\n').count() == 1
                && !text
                    .get(last.clone())
                    .unwrap_or("")
                    .trim_end()
                    .ends_with(['.', '!', '?', ':', ';', '"', '”', '»']);
            if wraps && last.end <= r.start {
                last.end = r.end;
                continue;
            }
        }
        out.push(r.clone());
    }
    out
}

/// How a bare month name, weekday or month–day without a year relates to the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// No modifier: the tense of the clause decides.
    Bare,
    /// "last December": the latest one before the reference, passing over the month
    /// just gone (that would be "last month"); weekdays: the latest strictly before.
    Last,
    /// "this December": the one in the reference's year (weekdays: on or after it).
    This,
    /// "next December": the first one strictly after the reference.
    Next,
}

/// Which way the clause around an expression points in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// A recognised expression, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw {
    /// A day; the year when written.
    Day {
        year: Option<i32>,
        month: u8,
        day: u8,
    },
    /// A month; the year when written.
    Month { year: Option<i32>, month: u8 },
    /// "last December", "next April".
    MonthRel { month: u8, rel: Rel },
    /// A holiday on a fixed or rule-given day ("Christmas", "Thanksgiving Day").
    Holiday { holiday: words::Holiday, rel: Rel },
    /// "that year", "the following year": a year counted from the last one mentioned.
    StoryYear(i32),
    /// "the following month": a month counted from the last one mentioned.
    StoryMonth(i32),
    /// "the next day", "that morning": a day counted from the last day mentioned.
    StoryDay(i64),
    /// "the following Monday", "the previous Friday": the weekday after or before the
    /// last day mentioned.
    StoryWeekday { weekday: u8, step: i8 },
    /// "last Oct. 23".
    DayRel { month: u8, day: u8, rel: Rel },
    /// "October 27 next year": a day in a year counted from the reference.
    DayInYear { month: u8, day: u8, years: i32 },
    /// "March of this year", "June last year": a month in a year counted from the reference.
    MonthInYear { month: u8, years: i32 },
    /// A year.
    Year(i32),
    /// "Friday", "last Friday".
    Weekday { weekday: u8, rel: Rel },
    /// "yesterday", "three days ago": days from the reference.
    Days(i64),
    /// "last month", "two months ago".
    Months(i32),
    /// "last year", "five years ago".
    Years(i32),
}

impl Raw {
    /// It names a single day (when resolved), so "the day before" it means something.
    fn is_day(self) -> bool {
        match self {
            Raw::Day { .. }
            | Raw::DayRel { .. }
            | Raw::DayInYear { .. }
            | Raw::Weekday { .. }
            | Raw::Holiday { .. }
            | Raw::Days(_)
            | Raw::StoryDay(_)
            | Raw::StoryWeekday { .. } => true,
            Raw::Month { .. }
            | Raw::MonthRel { .. }
            | Raw::StoryYear(_)
            | Raw::StoryMonth(_)
            | Raw::MonthInYear { .. }
            | Raw::Year(_)
            | Raw::Months(_)
            | Raw::Years(_) => false,
        }
    }
}

/// An expression found by `scan`: its tokens, what it is and the tense around it.
#[derive(Debug, Clone, Copy)]
struct Found {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    raw: Raw,
    tense: Tense,
    /// Days to add to the day it resolves to: "the day before last Tuesday" is -1.
    shift: i8,
}

/// A real calendar day.
fn calendar(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Checks that a day exists (in a leap year when the year is unknown).
fn valid_day(year: Option<i32>, month: u8, day: u8) -> Option<()> {
    calendar(year.unwrap_or(2000), month, day).map(|_| ())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    /// (text, value) of every date found in `text`, seen from `reference`.
    fn dates(text: &str, reference: Option<Date>) -> Vec<(String, String)> {
        find(text, std::slice::from_ref(&(0..text.len())), reference)
            .into_iter()
            .map(|m| (m.text, m.value.to_string()))
            .collect()
    }

    fn values(text: &str, reference: Option<Date>) -> Vec<String> {
        dates(text, reference).into_iter().map(|(_, v)| v).collect()
    }

    const REF: Option<Date> = Some(date!(2030 - 05 - 15)); // a Wednesday

    #[test]
    fn absolute_dates_in_words() {
        let found = dates(
            "Signed on 22 December 2025, ratified November 27, 2025 and in force by \
             Dec. 5, 1996 — or the 3rd of March 2024; talks began in December 2024.",
            None,
        );
        let want = [
            ("22 December 2025", "2025-12-22"),
            ("November 27, 2025", "2025-11-27"),
            ("Dec. 5, 1996", "1996-12-05"),
            ("3rd of March 2024", "2024-03-03"),
            ("December 2024", "2024-12"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(found, want);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            values(
                "LONDON 1996-08-30 and 22.12.2025, 2025/01/31, 12/24/2029.",
                None
            ),
            ["1996-08-30", "2025-12-22", "2025-01-31", "2029-12-24"]
        );
        assert_eq!(values("updated 2025-12-22T14:35:00Z", None), ["2025-12-22"]);
        // Not dates: an impossible day, a version number, a clock time.
        assert!(values("Release 2025-02-30, build 3.12.2, at 14:35.", None).is_empty());
    }

    #[test]
    fn weekday_with_date_takes_the_date() {
        assert_eq!(
            dates("The hearing on Friday, Oct. 23, 1998 was closed.", REF),
            [(
                "Friday, Oct. 23, 1998".to_string(),
                "1998-10-23".to_string()
            )]
        );
    }

    #[test]
    fn partial_dates_take_the_reference_year_or_stay_unknown() {
        assert_eq!(
            values("It opened on March 3 and shut in April.", REF),
            ["2030-03-03", "2030-04"]
        );
        assert_eq!(
            values("It opened on March 3 and shut in April.", None),
            ["XXXX-03-03", "XXXX-04"]
        );
        // Past tense: a month well after the reference is last year's.
        assert_eq!(values("The plant closed in November.", REF), ["2029-11"]);
        // Future tense: a month before the reference is next year's.
        assert_eq!(
            values("The plant will reopen in February.", REF),
            ["2031-02"]
        );
    }

    #[test]
    fn partial_dates_borrow_a_written_year_without_reference() {
        assert_eq!(
            values(
                "On June 2, 2027 they met; they had met in March and last November.",
                None
            ),
            ["2027-06-02", "2027-03", "2026-11"]
        );
        // Day-level deixis needs the real publication date.
        assert_eq!(
            values("On June 2, 2027 they met, and again yesterday.", None),
            ["2027-06-02"]
        );
    }

    #[test]
    fn relative_days_and_weekdays() {
        assert_eq!(
            values(
                "Talks ended yesterday, resume today and close tomorrow.",
                REF
            ),
            ["2030-05-14", "2030-05-15", "2030-05-16"]
        );
        assert_eq!(
            values("The minister resigned on Monday.", REF),
            ["2030-05-13"]
        );
        assert_eq!(
            values("The minister will resign on Friday.", REF),
            ["2030-05-17"]
        );
        assert_eq!(
            values("They met last Friday and meet next Monday.", REF),
            ["2030-05-10", "2030-05-20"]
        );
        // A recurrence is no date.
        assert!(values("Flights leave each Thursday.", REF).is_empty());
        assert!(values("Talks ended yesterday.", None).is_empty());
    }

    #[test]
    fn relative_months_and_years() {
        assert_eq!(
            values(
                "Prices rose last year, fell this month and may rise next year.",
                REF
            ),
            ["2029", "2030-05", "2031"]
        );
        assert_eq!(values("It was signed last December.", REF), ["2029-12"]);
        // "last April" said in May is a year back (April just gone would be "last month").
        assert_eq!(values("It was signed last April.", REF), ["2029-04"]);
        assert_eq!(values("It was signed last March.", REF), ["2030-03"]);
        assert_eq!(
            values("It was signed in March of this year.", REF),
            ["2030-03"]
        );
        assert_eq!(values("It was signed in June last year.", REF), ["2029-06"]);
        assert_eq!(
            values("It pays on October 27 next year.", REF),
            ["2031-10-27"]
        );
        assert_eq!(
            values("It began three years ago and two months ago.", REF),
            ["2027", "2030-03"]
        );
        // Stretches of time are not calendar values.
        assert!(values(
            "Over the last year it grew; it took three years and two weeks.",
            REF
        )
        .is_empty());
    }

    #[test]
    fn years_need_to_read_as_years() {
        assert_eq!(
            values(
                "Founded in 1887, it has grown since 1991; the 2026 elections loom.",
                None
            ),
            ["1887", "1991", "2026"]
        );
        assert!(values(
            "About 2000 troops, 1,500 tanks, 1800 people, $1999, 2030% and the 1990s.",
            None
        )
        .is_empty());
        // A year qualifying a quarter, a season or a name is not the year itself.
        assert!(values(
            "In the third quarter of 2021, fourth quarter 2020 and the winter of 2019, Orion 1980 sold.",
            None
        )
        .is_empty());
    }

    /// Four-digit times of day and price quotes read as no year; seasons, and years
    /// before a word that only looks like a time's, still do.
    #[test]
    fn clock_times_and_quotes_are_no_years() {
        assert!(values(
            "Orders between 1000 EST and 1030 EST count until 1530 hrs, from 0900 to 1300 \
             local time and from 1330 to 1500 GMT; at 1228 gmt, 1000 London time and 1305 \
             Central Time.",
            None
        )
        .is_empty());
        assert!(values(
            "PARIS SUGAR - May 1158/1168 ba, AUG 1180/1190 ba, Oct 1205/1215, Dec 1160/62.",
            None
        )
        .is_empty());
        // A table of delivery months: prices before quote words, across wide gaps.
        assert!(values("COCOA\n May 1248      bid\n Jul 1283      BID\n", None).is_empty());
        assert!(values("Apr   28     1275    dn    2", REF).is_empty());
        assert!(values(" May 1250  1255  1255 1251   13\n Jul 1261  1265", None).is_empty());
        // In prose the same words follow a date.
        assert_eq!(
            values("The May 1987 bid for Texaco failed.", None),
            ["1987-05"]
        );
        assert_eq!(
            values(
                "The 1986/87 crop, May 1986/1987 stocks, the 1988/92 plan, 1980/1985 output, \
                 notes due 1992 to 1700 CDT, the 1990 local elections and 1530 est.",
                None
            ),
            ["1986", "1986-05", "1987", "1988", "1980", "1985", "1992", "1990", "1530"]
        );
    }

    #[test]
    fn spelled_years_holidays_and_story_time() {
        assert_eq!(values("In nineteen ninety-one it began.", None), ["1991"]);
        assert_eq!(
            values("By the year two thousand it was done.", None),
            ["2000"]
        );
        assert_eq!(
            values("The boy was found on Thanksgiving Day.", REF),
            ["2029-11-22"]
        );
        assert_eq!(
            values("They married on Christmas Eve.", REF),
            ["2029-12-24"]
        );
        assert_eq!(
            values(
                "He arrived in 1995 and the following year he left; later that year he wrote.",
                REF
            ),
            ["1995", "1996", "1996"]
        );
    }

    #[test]
    fn month_names_that_are_words_or_names() {
        assert!(values("You may march on; April Jones spoke.", REF).is_empty());
        assert_eq!(
            values("Prices rose from March to May.", REF),
            ["2030-03", "2030-05"]
        );
        assert!(values("They want to May the best side win.", REF).is_empty());
        assert_eq!(
            values("The May 9 vote and the June agreement.", REF),
            ["2030-05-09", "2030-06"]
        );
    }

    #[test]
    fn wrapped_lines_join_but_paragraphs_do_not() {
        let text = "Exports fell sharply in\nJanuary, and the deficit for the year to\nDecember \
                    31, 1986 widened.\n2030 was not mentioned.";
        let lines: Vec<Range<usize>> = {
            let mut start = 0;
            text.split('\n')
                .map(|l| {
                    let r = start..start + l.len();
                    start += l.len() + 1;
                    r
                })
                .collect()
        };
        let found: Vec<String> = find(text, &lines, REF)
            .into_iter()
            .map(|m| m.value.to_string())
            .collect();
        assert_eq!(found, ["2030-01", "1986-12-31", "2030"]);
        // Tables are no prose: "dn 2 / Jun 54" is not 2 June, "DEC7 2012" no year.
        let table = "Apr 28 1275 dn 2\nJun 54 1103 up 1\nDEC7 2012 OFF 3";
        let found: Vec<String> = find(table, std::slice::from_ref(&(0..table.len())), REF)
            .into_iter()
            .map(|m| m.value.to_string())
            .collect();
        assert!(
            !found.iter().any(|v| v == "2030-06-02" || v == "2012"),
            "{found:?}"
        );
    }

    #[test]
    fn plans_and_schedules_point_forwards() {
        // REF is Wednesday 15 May 2030.
        for text in [
            "Trading is to resume in Paris on Friday.",
            "The talks, set to resume Friday, were delayed again.",
            "Officials said the minister would be travelling to Rome Friday.",
            "They were planning to drive to the border on Friday.",
        ] {
            assert_eq!(values(text, REF), ["2030-05-17"], "{text}");
        }
        // "would not comment" reports the past; so does a past perfect after "until".
        assert_eq!(
            values("The ministry would not comment Friday.", REF),
            ["2030-05-10"]
        );
        assert_eq!(
            values("Until Friday, the police had not named a suspect.", REF),
            ["2030-05-10"]
        );
        // An adjective in "-ed" is no past tense: "would be paid" decides.
        assert_eq!(
            values(
                "The dividend would be paid on a still unspecified date in January.",
                REF
            ),
            ["2031-01"]
        );
        // The tense of a clause opening with a date comes after it, across abbreviations.
        assert_eq!(
            values(
                "In March, a week after the vote in Birmingham, Ala., a bomb destroyed the office.",
                REF
            ),
            ["2030-03"]
        );
    }

    #[test]
    fn pairs_ranges_and_story_days() {
        assert_eq!(
            values(
                "The summit is on April 24 and 25, and the fair on June 5-9.",
                REF
            ),
            ["2030-04-24", "2030-04-25", "2030-06-05", "2030-06-09"]
        );
        // "April 24 and 25 people" is a count; a second day before the first no pair.
        assert_eq!(
            values("On April 24 and 25 people came; on May 9-3 none.", REF),
            ["2030-04-24", "2030-05-09"]
        );
        assert_eq!(
            values(
                "The hearing was on March 4, 2030. The day before last Monday's vote he \
                 resigned; the next day he returned, and the previous Friday he had left.",
                REF
            ),
            ["2030-03-04", "2030-05-12", "2030-05-13", "2030-05-10"]
        );
        assert_eq!(
            values(
                "The court sat on June 2, 2029 and ruled the day after.",
                REF
            ),
            ["2029-06-02", "2029-06-03"]
        );
        // "the day after his death" names no date.
        assert!(values("He was seen the day after his death.", REF).is_empty());
    }

    #[test]
    fn recurring_and_generic_days_are_no_dates() {
        assert!(values("Flights leave on Monday and Tuesday nights.", REF).is_empty());
        assert!(values("It is what today's youth want in today's world.", REF).is_empty());
        assert_eq!(
            values("We play tonight and rest today.", REF),
            ["2030-05-15", "2030-05-15"]
        );
    }

    #[test]
    fn datelines() {
        let date_of = |line: &str| line_date(line, 0..line.len()).map(|d| d.date);
        assert_eq!(
            date_of("22 December 2025 14:35"),
            Some(date!(2025 - 12 - 22))
        );
        assert_eq!(
            date_of("MILWAUKEE , Wisconsin 1996-08-29"),
            Some(date!(1996 - 08 - 29))
        );
        assert_eq!(
            date_of("The council met on 22 December 2025 to discuss the budget for next year"),
            None
        );
    }
}
