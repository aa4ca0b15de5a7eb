//! Date expressions: absolute, partial and relative, normalised to TimeML values.
//!
//! Two passes. [`scan`] walks the tokens of the article's content once and recognises
//! expressions ("22 December 2025", "Nov. 14", "last December", "yesterday", "in 2024")
//! without deciding what they refer to; [`find`] then resolves each against a reference:
//! the publication date when known, else the nearest absolute date written in the text
//! (for month- and year-level expressions only), else the year stays unknown (`XXXX-11-14`).
//! Durations ("three years"), clock times, weeks, seasons and quarters are not calendar
//! values and are not reported.

mod tokens;
mod words;

use std::ops::Range;

use time::{Date, Duration, Month};

use crate::types::{DateMention, DateValue};
use tokens::{Kind, Tok};

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
    let toks = tokens::tokenize(text, content);
    let found = scan(text, &toks);
    resolve(text, &found, reference)
}

/// The first day-precise date with a year written in `line`, when the line is little else
/// than that date (a dateline or byline: "22 December 2025 14:35", "LONDON 1996-08-30").
pub(crate) fn line_date(text: &str, line: Range<usize>) -> Option<Date> {
    let toks = tokens::tokenize(text, std::slice::from_ref(&line));
    if toks.is_empty() || toks.len() > 20 {
        return None;
    }
    let found = scan(text, &toks);
    let mut date = None;
    let mut covered = 0;
    for f in &found {
        covered += f.last + 1 - f.first;
        if let Raw::Day {
            year: Some(y),
            month,
            day,
        } = f.raw
        {
            date = date.or_else(|| calendar(y, month, day));
        }
    }
    // What is left besides the date: a place, a clock time, a separator or two.
    let rest_words = toks
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.kind == Kind::Word && !found.iter().any(|f| (f.first..=f.last).contains(i))
        })
        .count();
    if rest_words > 5 || toks.len() - covered > 12 {
        return None;
    }
    date
}

/// How a bare month name, weekday or month–day without a year relates to the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// No modifier: the tense of the clause decides.
    Bare,
    /// "last December": the latest one strictly before the reference.
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
    /// "last Oct. 23".
    DayRel { month: u8, day: u8, rel: Rel },
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

/// An expression found by [`scan`]: its tokens, what it is and the tense around it.
#[derive(Debug, Clone, Copy)]
struct Found {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    raw: Raw,
    tense: Tense,
}

/// Recognises every expression, left to right, longest rule first at each token.
fn scan(text: &str, toks: &[Tok]) -> Vec<Found> {
    let s = Scanner { text, toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((last, raw)) = s.at(i) {
            let tense = s.tense(i);
            out.push(Found {
                first: i,
                last,
                start: toks[i].start,
                end: toks.get(last).map_or(toks[i].end, |t| t.end),
                raw,
                tense,
            });
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Read-only view of the tokens with the small predicates the rules are written in.
struct Scanner<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl<'a> Scanner<'a> {
    fn str(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        (self.kind(i) == Some(Kind::Word)).then(|| self.str(i))
    }

    /// Token `i` is the word `w` (any case).
    fn is(&self, i: usize, w: &str) -> bool {
        // Length and kind first: this runs for nearly every token.
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && t.end - t.start == w.len()
                && self
                    .text
                    .as_bytes()
                    .get(t.start..t.end)
                    .is_some_and(|x| x.eq_ignore_ascii_case(w.as_bytes()))
        })
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.str(i) == p
    }

    /// Token `i` continues the expression begun before it (same line, same range).
    fn cont(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.brk)
    }

    /// Token `i` touches the previous one, no space between.
    fn joined(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.gap && !t.brk)
    }

    fn capitalised(&self, i: usize) -> bool {
        match self.str(i).as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            Some(_) => self.str(i).chars().next().is_some_and(char::is_uppercase),
            None => false,
        }
    }

    /// The value of a plain digit run of at most `max_len` digits.
    fn number(&self, i: usize, max_len: usize) -> Option<u32> {
        let s = self.str(i);
        if self.kind(i) != Some(Kind::Num)
            || s.len() > max_len
            || !s.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        s.parse().ok()
    }

    /// A plain four-digit year.
    fn year4(&self, i: usize) -> Option<i32> {
        let s = self.str(i);
        if s.len() != 4 {
            return None;
        }
        self.number(i, 4)
            .filter(|y| (1000..=2999).contains(y))
            .map(|y| y as i32)
    }

    /// A day-of-month number, 1–31.
    fn day_number(&self, i: usize) -> Option<u8> {
        self.number(i, 2)
            .filter(|d| (1..=31).contains(d))
            .map(|d| d as u8)
    }

    /// A month name at `i`, capitalised (so "march" and "may" the verbs do not count);
    /// returns the month, the index of its last token (an abbreviation's period) and
    /// whether it was abbreviated.
    fn month(&self, i: usize) -> Option<(u8, usize, bool)> {
        let w = self.word(i)?;
        if !self.capitalised(i) {
            return None;
        }
        let (m, short) = words::month(w)?;
        if short && self.is_punct(i + 1, ".") && self.joined(i + 1) {
            return Some((m, i + 1, true));
        }
        Some((m, i, short))
    }

    fn weekday(&self, i: usize) -> Option<u8> {
        let w = self.word(i)?;
        if !self.capitalised(i) {
            return None;
        }
        words::weekday(w)
    }

    /// A year after `i` (optionally after a comma or "of"): returns it and its index.
    fn year_after(&self, i: usize) -> Option<(i32, usize)> {
        let mut j = i + 1;
        if (self.is_punct(j, ",") || self.is(j, "of")) && self.cont(j) {
            j += 1;
        }
        if !self.cont(j) {
            return None;
        }
        let y = self.year4(j)?;
        // "December 2024-25" is still December 2024, but "March 1500 people" is not March.
        if self.word(j + 1).is_some_and(words::is_unit_noun)
            || self.joined(j + 1) && self.kind(j + 1) == Some(Kind::Word)
        {
            return None;
        }
        Some((y, j))
    }

    /// The expression starting at token `i`, if any: the index of its last token and
    /// what it is.
    fn at(&self, i: usize) -> Option<(usize, Raw)> {
        match self.kind(i)? {
            Kind::Num => self.numeric(i),
            Kind::Word => self.wordy(i),
            Kind::Punct => None,
        }
    }

    /// Expressions that start with a number.
    fn numeric(&self, i: usize) -> Option<(usize, Raw)> {
        if self.joined(i)
            && (self.kind(i - 1) == Some(Kind::Word)
                || matches!(self.str(i - 1), "$" | "£" | "€" | "#" | "№"))
        {
            return None;
        }
        self.numeric_date(i)
            .or_else(|| self.day_month(i))
            .or_else(|| self.ago(i))
            .or_else(|| self.bare_year(i).map(|y| (i, Raw::Year(y))))
    }

    /// All-numeric dates: "1996-08-30", "2025/12/22", "22.12.2025", "12/22/2025".
    fn numeric_date(&self, i: usize) -> Option<(usize, Raw)> {
        let s = self.str(i);
        if s.contains('.') {
            // "22.12.2025" (day first, as written in most of the world) or "2025.12.22".
            let mut parts = s.split('.');
            let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            let (y, m, d) = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
                (a, b, c)
            } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
                (c, b, a)
            } else {
                return None;
            };
            let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
            calendar(y, m, d)?;
            return Some((
                i,
                Raw::Day {
                    year: Some(y),
                    month: m,
                    day: d,
                },
            ));
        }
        let sep = self.str(i + 1);
        if !(sep == "-" || sep == "/") || !self.joined(i + 1) || !self.joined(i + 2) {
            return None;
        }
        if !(self.is_punct(i + 3, sep) && self.joined(i + 3) && self.joined(i + 4)) {
            return None;
        }
        let (a, b, c) = (self.str(i), self.str(i + 2), self.str(i + 4));
        let num = |j: usize, len: usize| self.number(j, len);
        let (y, m, d) = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
            (num(i, 4)? as i32, num(i + 2, 2)?, num(i + 4, 2)?)
        } else if sep == "/" && c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
            let (p, q) = (num(i, 2)?, num(i + 2, 2)?);
            // Month first as in American usage, unless the first number cannot be a month.
            let (m, d) = if p > 12 { (q, p) } else { (p, q) };
            (num(i + 4, 4)? as i32, m, d)
        } else {
            return None;
        };
        // "2025-12-22T14:35" is a timestamp of that day; other glued tails are codes.
        let timestamp = self.str(i + 5) == "T" && self.kind(i + 6) == Some(Kind::Num);
        if self.joined(i + 5)
            && matches!(self.kind(i + 5), Some(Kind::Num | Kind::Word))
            && !timestamp
        {
            return None;
        }
        let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
        calendar(y, m, d)?;
        Some((
            i + 4,
            Raw::Day {
                year: Some(y),
                month: m,
                day: d,
            },
        ))
    }

    /// "22 December 2025", "22nd of December", "5 Dec".
    fn day_month(&self, i: usize) -> Option<(usize, Raw)> {
        let day = self.day_number(i)?;
        let mut j = i + 1;
        if self.word(j).is_some_and(words::is_ordinal_suffix) && self.joined(j) {
            j += 1;
        }
        if self.is(j, "of") {
            j += 1;
        }
        if !self.cont(j) {
            return None;
        }
        let (month, mut last, _) = self.month(j)?;
        let mut year = None;
        if let Some((y, k)) = self.year_after(last) {
            year = Some(y);
            last = k;
        }
        valid_day(year, month, day)?;
        Some((last, Raw::Day { year, month, day }))
    }

    /// "three years ago", "2 days ago".
    fn ago(&self, i: usize) -> Option<(usize, Raw)> {
        if !self.is(i + 2, "ago") || !self.cont(i + 2) {
            return None;
        }
        let n = match self.kind(i)? {
            Kind::Num => self.number(i, 3)?,
            _ => words::small_number(self.word(i)?)?,
        };
        let unit = self.word(i + 1)?;
        let unit = unit.strip_suffix('s').unwrap_or(unit);
        let n = i64::from(n);
        // Weeks are not calendar values (TimeML writes 1998-W05), and "a year ago" in
        // results season means the year-ago quarter, so neither is reported.
        let raw = if unit.eq_ignore_ascii_case("day") {
            Raw::Days(-n)
        } else if unit.eq_ignore_ascii_case("month") {
            Raw::Months(-(n as i32))
        } else if unit.eq_ignore_ascii_case("year") && n > 1 {
            Raw::Years(-(n as i32))
        } else {
            return None;
        };
        Some((i + 2, raw))
    }

    /// A four-digit number standing for a year: "in 2024", "the 2026 elections", but not
    /// "2000 troops", "$1999" or "1990s".
    fn bare_year(&self, i: usize) -> Option<i32> {
        let y = self.year4(i)?;
        let prev = if self.cont(i) {
            self.word(i.wrapping_sub(1))
        } else {
            None
        };
        let next_joined = self.joined(i + 1);
        if next_joined
            && (self.kind(i + 1) == Some(Kind::Word) || matches!(self.str(i + 1), "%" | ":"))
        {
            return None;
        }
        if self.joined(i) && matches!(self.str(i.wrapping_sub(1)), ":" | "." | ",") {
            return None;
        }
        if prev.is_some_and(words::is_quantity_word)
            || self.word(i + 1).is_some_and(words::is_unit_noun)
        {
            return None;
        }
        if self.sub_year_follows(i) || self.sub_year_precedes(i) {
            return None;
        }
        // "2025-02-30" failed as a date; its first part is no year on its own either.
        let sep = self.str(i + 1);
        if matches!(sep, "-" | "/")
            && self.joined(i + 1)
            && self.kind(i + 2) == Some(Kind::Num)
            && self.joined(i + 2)
            && self.is_punct(i + 3, sep)
            && self.joined(i + 3)
        {
            return None;
        }
        // "Orion 1980", "Vision 2030": a number after a name (not at a sentence start) is
        // part of the name.
        if let Some(p) = prev {
            let sentence_start = i < 2
                || !self.cont(i - 1)
                || matches!(self.str(i - 2), "." | "!" | "?" | "\"" | "“");
            if self.capitalised(i - 1)
                && !sentence_start
                && !words::is_time_preposition(p)
                && words::month(p).is_none()
            {
                return None;
            }
        }
        let dated = prev.is_some_and(|w| {
            words::is_time_preposition(w)
                || w.eq_ignore_ascii_case("year")
                || w.eq_ignore_ascii_case("fiscal")
        });
        if (1900..=2060).contains(&y) || dated && y <= 2100 {
            Some(y)
        } else {
            None
        }
    }

    /// Expressions that start with a word.
    fn wordy(&self, i: usize) -> Option<(usize, Raw)> {
        let w = self.word(i)?;
        let &b0 = w.as_bytes().first()?;
        // Most words start no rule: only capitalised names and a few lowercase keywords
        // ("today", "last", "that", number words before "ago") can.
        if !b0.is_ascii_uppercase()
            && !matches!(b0, b't' | b'y' | b'l' | b'n' | b'a')
            && !self.is(i + 2, "ago")
            && b0.is_ascii()
        {
            return None;
        }
        if !b0.is_ascii_uppercase() {
            return self.lowercase_word(i, w);
        }
        if let Some(wd) = self.weekday(i) {
            // "each Thursday" recurs: a set of days, not a date.
            if i > 0 && self.cont(i) && (self.is(i - 1, "each") || self.is(i - 1, "every")) {
                return None;
            }
            // "Friday, Oct. 23" is the date, whatever the weekday says.
            let j = if self.is_punct(i + 1, ",") {
                i + 2
            } else {
                i + 1
            };
            if self.cont(j) {
                if let Some(found) = self.month_first(j).or_else(|| self.day_month(j)) {
                    if matches!(found.1, Raw::Day { .. }) {
                        return Some(found);
                    }
                }
            }
            return Some((
                i,
                Raw::Weekday {
                    weekday: wd,
                    rel: Rel::Bare,
                },
            ));
        }
        if self.month(i).is_some() {
            return self.month_first(i);
        }
        if let Some((holiday, last)) = self.holiday(i) {
            return Some((
                last,
                Raw::Holiday {
                    holiday,
                    rel: Rel::Bare,
                },
            ));
        }
        self.lowercase_word(i, w)
    }

    /// Expressions that start with a keyword ("today", "last", "that", "three … ago"),
    /// in any case.
    fn lowercase_word(&self, i: usize, w: &str) -> Option<(usize, Raw)> {
        match w.len() {
            4 | 5 if w.eq_ignore_ascii_case("today") || w.eq_ignore_ascii_case("tonight") => {
                // "USA Today" is a newspaper.
                if self.capitalised(i)
                    && self.cont(i)
                    && self.word(i - 1).is_some()
                    && self.capitalised(i - 1)
                {
                    return None;
                }
                Some((i, Raw::Days(0)))
            }
            9 if w.eq_ignore_ascii_case("yesterday") => Some((i, Raw::Days(-1))),
            // "the people of tomorrow" is no day.
            8 if w.eq_ignore_ascii_case("tomorrow") && !(i > 0 && self.is(i - 1, "of")) => {
                Some((i, Raw::Days(1)))
            }
            4 if w.eq_ignore_ascii_case("that") => self.story(i),
            3 if w.eq_ignore_ascii_case("the") => self.story(i),
            4 if w.eq_ignore_ascii_case("last")
                || w.eq_ignore_ascii_case("this")
                || w.eq_ignore_ascii_case("next") =>
            {
                self.deictic(i)
            }
            _ => self
                .ago(i)
                .or_else(|| self.spelled_year(i).map(|(last, y)| (last, Raw::Year(y))))
                .filter(|_| !self.sub_year_precedes(i)),
        }
    }

    /// A holiday name at `i`, capitalised, with "Day", "Eve" or "'s Day" where it takes
    /// one: the holiday and the index of its last token.
    fn holiday(&self, i: usize) -> Option<(words::Holiday, usize)> {
        if !self.capitalised(i) {
            return None;
        }
        let w = self.word(i)?;
        let (mut holiday, mut last) = if w.eq_ignore_ascii_case("christmas") {
            (words::Holiday::Christmas, i)
        } else if w.eq_ignore_ascii_case("thanksgiving") {
            (words::Holiday::Thanksgiving, i)
        } else if w.eq_ignore_ascii_case("new")
            && self.is(i + 1, "year")
            && matches!(self.str(i + 2), "'" | "’")
            && self.is(i + 3, "s")
            && (self.is(i + 4, "day") || self.is(i + 4, "eve"))
        {
            let eve = self.is(i + 4, "eve");
            let h = if eve {
                words::Holiday::NewYearsEve
            } else {
                words::Holiday::NewYearsDay
            };
            return Some((h, i + 4));
        } else {
            return None;
        };
        if self.is(last + 1, "day") && self.capitalised(last + 1) {
            last += 1;
        } else if holiday == words::Holiday::Christmas && self.is(last + 1, "eve") {
            holiday = words::Holiday::ChristmasEve;
            last += 1;
        }
        Some((holiday, last))
    }

    /// "that year", "later that year", "the following year", "the following month": time
    /// counted from the last date the story mentioned.
    fn story(&self, i: usize) -> Option<(usize, Raw)> {
        let (j, step) = if self.is(i, "that") {
            (i + 1, 0)
        } else if self.is(i + 1, "following") || self.is(i + 1, "next") && self.is(i, "the") {
            (i + 2, 1)
        } else if self.is(i + 1, "previous") || self.is(i + 1, "preceding") {
            (i + 2, -1)
        } else {
            return None;
        };
        if !self.cont(j) || self.sub_year_follows(j) {
            return None;
        }
        if self.is(j, "year") {
            Some((j, Raw::StoryYear(step)))
        } else if self.is(j, "month") && step != 0 {
            Some((j, Raw::StoryMonth(step)))
        } else {
            None
        }
    }

    /// "last year", "this month", "next December", "last Friday", "this coming Sunday".
    fn deictic(&self, i: usize) -> Option<(usize, Raw)> {
        let rel = if self.is(i, "last") {
            Rel::Last
        } else if self.is(i, "next") {
            Rel::Next
        } else {
            Rel::This
        };
        let offset = match rel {
            Rel::Last => -1,
            Rel::Next => 1,
            _ => 0,
        };
        let mut j = i + 1;
        if rel == Rel::This && self.is(j, "coming") {
            j += 1;
        }
        if !self.cont(j) {
            return None;
        }
        // "over the last year" is a stretch of time, not the previous calendar year.
        let after_the = i > 0 && self.is(i - 1, "the") && self.cont(i);
        if self.is(j, "year") && !after_the && !self.sub_year_follows(j) {
            return Some((j, Raw::Years(offset)));
        }
        if self.is(j, "month") && !after_the {
            return Some((j, Raw::Months(offset)));
        }
        if let Some((holiday, last)) = self.holiday(j) {
            return Some((last, Raw::Holiday { holiday, rel }));
        }
        if let Some(wd) = self.weekday(j) {
            let rel = if j > i + 1 { Rel::Next } else { rel };
            return Some((j, Raw::Weekday { weekday: wd, rel }));
        }
        if let Some((
            last,
            Raw::Day {
                year: None,
                month,
                day,
            },
        )) = self.month_first(j)
        {
            return Some((last, Raw::DayRel { month, day, rel }));
        }
        if let Some((month, last, short)) = self.month(j) {
            if !short || last > j {
                return Some((last, Raw::MonthRel { month, rel }));
            }
        }
        None
    }

    /// A quarter, half or period of the year named just after token `j` ("this year's
    /// third quarter", "the 1988 period"): the expression is that part, not the year.
    fn sub_year_follows(&self, j: usize) -> bool {
        let mut k = j + 1;
        if matches!(self.str(k), "'" | "’") && self.is(k + 1, "s") {
            k += 2;
        }
        if ["first", "second", "third", "fourth", "fiscal"]
            .iter()
            .any(|w| self.is(k, w))
        {
            k += 1;
        }
        ["quarter", "half", "period"].iter().any(|w| self.is(k, w))
    }

    /// A quarter, half or season of the year named just before token `i` ("the third
    /// quarter of 1984", "the winter of 1994").
    fn sub_year_precedes(&self, i: usize) -> bool {
        const PARTS: [&str; 8] = [
            "quarter", "quarters", "half", "winter", "spring", "summer", "autumn", "fall",
        ];
        let part = |k: usize| PARTS.iter().any(|w| self.is(k, w));
        // "the third quarter of 1984", and the wire style "fourth quarter 1986".
        i >= 2 && self.is(i - 1, "of") && part(i - 2) || i >= 1 && part(i - 1)
    }

    /// Expressions that start with a month name: "November 27, 2025", "Dec. 5",
    /// "December 2024", "March of this year", "in March".
    fn month_first(&self, i: usize) -> Option<(usize, Raw)> {
        let (month, last, short) = self.month(i)?;
        let d = last + 1;
        // "MAY7" is a code; "May 7" and "Dec.7" are days.
        if self.cont(d) && (!self.joined(d) || last > i) {
            if let Some(day) = self.day_number(d) {
                // "March 5:30" is a time; "May 15 people" a count, ruled out by the unit.
                let mut end = d;
                if self.word(d + 1).is_some_and(words::is_ordinal_suffix) && self.joined(d + 1) {
                    end = d + 1;
                }
                let bad = self.joined(end + 1)
                    && matches!(self.str(end + 1), ":" | "," | ".")
                    && self.kind(end + 2) == Some(Kind::Num)
                    && self.joined(end + 2)
                    || self.word(end + 1).is_some_and(words::is_unit_noun);
                if !bad {
                    let mut year = None;
                    if let Some((y, k)) = self.year_after(end) {
                        year = Some(y);
                        end = k;
                    }
                    valid_day(year, month, day)?;
                    return Some((end, Raw::Day { year, month, day }));
                }
            }
        }
        if let Some((y, k)) = self.year_after(last) {
            return Some((
                k,
                Raw::Month {
                    year: Some(y),
                    month,
                },
            ));
        }
        if self.cont(last + 1) {
            if let Some((k, y)) = self.spelled_year(last + 1) {
                return Some((
                    k,
                    Raw::Month {
                        year: Some(y),
                        month,
                    },
                ));
            }
        }
        // "March of this year", "June last year".
        let mut j = last + 1;
        if self.is(j, "of") {
            j += 1;
        }
        if self.cont(j) && self.is(j + 1, "year") {
            let years = if self.is(j, "this") {
                Some(0)
            } else if self.is(j, "last") {
                Some(-1)
            } else if self.is(j, "next") {
                Some(1)
            } else {
                None
            };
            if let Some(years) = years {
                return Some((j + 1, Raw::MonthInYear { month, years }));
            }
        }
        if short && last == i {
            return None;
        }
        // A bare month name reads as a date after a time preposition ("in March", "the
        // December meeting", "mid-November") or with a possessive ("December's figures").
        let prev = if i > 0 && self.cont(i) {
            if self.is_punct(i - 1, "-") && i > 1 {
                self.word(i - 2)
            } else {
                self.word(i - 1)
            }
        } else {
            None
        };
        let possessive = self.joined(last + 1)
            && matches!(self.str(last + 1), "'" | "’")
            && self.is(last + 2, "s");
        let ok = match prev {
            Some(p) => {
                words::is_time_preposition(p)
                    && !(month == 5
                        && matches!(p.to_ascii_lowercase().as_str(), "to" | "and" | "or" | "the"))
            }
            None => false,
        };
        let modifier = prev
            .is_some_and(|p| ["a", "an", "for"].iter().any(|w| p.eq_ignore_ascii_case(w)))
            && self.cont(last + 1)
            && self
                .word(last + 1)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
            && month != 5;
        (ok || modifier || possessive && month != 5)
            .then_some((last, Raw::Month { year: None, month }))
    }

    /// "nineteen ninety-six", "two thousand", "two thousand and one".
    fn spelled_year(&self, i: usize) -> Option<(usize, i32)> {
        if self.is(i, "nineteen") {
            let t = words::tens(self.word(i + 1)?)?;
            let mut y = 1900 + t;
            let mut last = i + 1;
            if self.is_punct(i + 2, "-") && self.joined(i + 2) {
                let u = words::small_number(self.word(i + 3)?)?;
                if !(1..=9).contains(&u) {
                    return None;
                }
                y += u;
                last = i + 3;
            }
            return Some((last, y as i32));
        }
        if self.is(i, "two") && self.is(i + 1, "thousand") {
            let mut k = i + 2;
            if self.is(k, "and") {
                k += 1;
            }
            if let Some(u) = self.word(k).and_then(words::small_number) {
                if (1..=20).contains(&u) && !self.is(k, "a") && !self.is(k, "an") {
                    return Some((k, 2000 + u as i32));
                }
            }
            // "two thousand people" is a count; "the year two thousand" a year.
            return (i > 0 && self.is(i - 1, "year")).then_some((i + 1, 2000));
        }
        None
    }

    /// The tense of the clause around token `i`, from the nearest marker before it (else
    /// just after it): a future marker ("will", "expected") points forwards, a past-tense
    /// verb backwards.
    fn tense(&self, i: usize) -> Tense {
        // "by February": a deadline ahead. (Not for days: "had filed by Wednesday".)
        let bare_month = self
            .month(i)
            .is_some_and(|(_, last, _)| self.day_number(last + 1).is_none());
        if i > 0 && self.cont(i) && self.is(i - 1, "by") && bare_month {
            return Tense::Future;
        }
        // "as early as Tuesday", "as soon as Tuesday".
        if i >= 3 && self.is(i - 1, "as") && self.is(i - 3, "as") && self.cont(i - 2) {
            return Tense::Future;
        }
        let mut j = i;
        for _ in 0..12 {
            if j == 0 || !self.cont(j) {
                break;
            }
            j -= 1;
            if self.ends_sentence(j) {
                break;
            }
            if let Some(w) = self.word(j) {
                if words::is_future_marker(w) {
                    return Tense::Future;
                }
                let cue = j.checked_sub(1).and_then(|p| self.word(p));
                if is_past_verb(w) && !cue.is_some_and(is_participle_cue) {
                    return Tense::Past;
                }
            }
        }
        // "… Friday, when the talks ended": the verb may follow.
        for k in (i + 1)..self.toks.len().min(i + 6) {
            if !self.cont(k) || self.ends_sentence(k) {
                break;
            }
            if let Some(w) = self.word(k) {
                if words::is_future_marker(w) {
                    return Tense::Future;
                }
                if is_past_verb(w) {
                    return Tense::Past;
                }
            }
        }
        Tense::Unknown
    }

    /// Token `j` ends a sentence: a full stop that is not an initial's or an
    /// abbreviation's ("Daniel P. Davison", "Mr. Smith", "Oct. 5").
    fn ends_sentence(&self, j: usize) -> bool {
        match self.str(j) {
            "!" | "?" | ";" | "\"" | "“" | "”" => true,
            "." => !(j > 0 && self.joined(j) && self.word(j - 1).is_some_and(is_abbreviation)),
            _ => false,
        }
    }
}

/// Words written with a period that does not end the sentence: initials, titles, months.
fn is_abbreviation(w: &str) -> bool {
    const WORDS: [&str; 16] = [
        "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "col", "lt", "inc", "corp",
        "co", "ltd", "no",
    ];
    w.chars().count() == 1
        || words::month(w).is_some()
        || WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// A rough past-tense test: auxiliaries, common irregular verbs and "-ed" forms, and
/// "since", which only looks back.
fn is_past_verb(w: &str) -> bool {
    const IRREGULAR: [&str; 31] = [
        "was", "were", "had", "did", "said", "told", "took", "came", "went", "began", "met",
        "left", "made", "held", "ago", "last", "since", "bought", "sold", "brought", "won", "lost",
        "gave", "got", "saw", "fell", "rose", "paid", "became", "found", "thought",
    ];
    (w.len() > 4 && w.ends_with("ed") && w.chars().next().is_some_and(char::is_lowercase))
        || IRREGULAR.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Forms of "be" and "to" that make a following "-ed" word a participle ("to be
/// completed", "is expected"), which says nothing about the tense.
fn is_participle_cue(w: &str) -> bool {
    ["be", "been", "being", "to", "is", "are"]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(w))
}

/// A real calendar day.
fn calendar(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Checks that a day exists (in a leap year when the year is unknown).
fn valid_day(year: Option<i32>, month: u8, day: u8) -> Option<()> {
    calendar(year.unwrap_or(2000), month, day).map(|_| ())
}

/// How many months after the reference a month in a past-tense clause may still fall in
/// the reference's year (deadlines and schedules are reported in the past tense too).
const PAST_SLACK: i32 = 2;
/// How many months before the reference a month with no cue still falls in its year;
/// earlier than that, it is a month of the coming year ("in January", said in October).
const UNKNOWN_AHEAD: i32 = 8;
/// The same when the clause gives no cue.
const UNKNOWN_SLACK: i32 = 5;

/// The year of a month (and day) written without one, seen from `reference`.
fn infer_year(month: u8, day: Option<u8>, reference: Date, tense: Tense) -> i32 {
    let y = reference.year();
    let rm = reference.month() as u8;
    let later = (month, day.unwrap_or(0)) > (rm, if day.is_some() { reference.day() } else { 0 });
    let diff = i32::from(month) - i32::from(rm);
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
            if later && diff > PAST_SLACK {
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
fn resolve(text: &str, found: &[Found], reference: Option<Date>) -> Vec<DateMention> {
    // Absolute dates written in the text anchor what has no publication date to lean on.
    let anchors: Vec<(usize, Date)> = found
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
        .collect();
    let anchor_for = |k: usize| {
        anchors
            .iter()
            .rev()
            .find(|(a, _)| *a < k)
            .or_else(|| anchors.first())
            .map(|&(_, d)| d)
    };
    let mut out: Vec<DateMention> = Vec::with_capacity(found.len());
    for (k, f) in found.iter().enumerate() {
        let anchor = reference.or_else(|| anchor_for(k));
        // The story's own time: the last date mentioned with a year.
        let story = out
            .iter()
            .rev()
            .find_map(|m| m.value.year.map(|y| (y, m.value.month)));
        let value = match f.raw {
            Raw::Day {
                year: Some(y),
                month,
                day,
            } => Some(DateValue {
                year: Some(y),
                month: Some(month),
                day: Some(day),
            }),
            Raw::Day {
                year: None,
                month,
                day,
            } => Some(match anchor {
                Some(r) => {
                    let y = infer_year(month, Some(day), r, f.tense);
                    match calendar(y, month, day) {
                        Some(d) => DateValue::day(d),
                        None => continue,
                    }
                }
                None => DateValue {
                    year: None,
                    month: Some(month),
                    day: Some(day),
                },
            }),
            Raw::Month {
                year: Some(y),
                month,
            } => Some(DateValue::month(y, month)),
            Raw::Month { year: None, month } => Some(match anchor {
                Some(r) => DateValue::month(infer_year(month, None, r, f.tense), month),
                None => DateValue {
                    year: None,
                    month: Some(month),
                    day: None,
                },
            }),
            Raw::Year(y) => Some(DateValue::year(y)),
            Raw::MonthRel { month, rel } => anchor.map(|r| {
                let (y, rm) = (r.year(), r.month() as u8);
                let y = match rel {
                    // "last February" said in March is a year back: last month would be
                    // "last month".
                    Rel::Last if month + 1 >= rm => y - 1,
                    Rel::Next if month <= rm => y + 1,
                    Rel::Bare => infer_year(month, None, r, f.tense),
                    _ => y,
                };
                DateValue::month(y, month)
            }),
            Raw::DayRel { month, day, rel } => anchor.and_then(|r| {
                let (y, rm) = (r.year(), r.month() as u8);
                let y = match rel {
                    Rel::Last if (month, day) >= (rm, r.day()) => y - 1,
                    Rel::Next if (month, day) <= (rm, r.day()) => y + 1,
                    Rel::Bare => infer_year(month, Some(day), r, f.tense),
                    _ => y,
                };
                calendar(y, month, day).map(DateValue::day)
            }),
            Raw::MonthInYear { month, years } => {
                anchor.map(|r| DateValue::month(r.year() + years, month))
            }
            Raw::Years(n) => anchor.map(|r| DateValue::year(r.year() + n)),
            Raw::Months(n) => anchor.map(|r| {
                let (y, m) = add_months(r.year(), r.month() as u8, n);
                DateValue::month(y, m)
            }),
            // Day-level deixis needs the real publication date: an event date written in
            // the text says nothing about when "yesterday" was.
            Raw::Days(n) => reference
                .and_then(|r| r.checked_add(Duration::days(n)))
                .map(DateValue::day),
            Raw::StoryYear(n) => story.map(|(y, _)| DateValue::year(y + n)),
            Raw::StoryMonth(n) => story.and_then(|(y, m)| {
                let (y, m) = add_months(y, m?, n);
                Some(DateValue::month(y, m))
            }),
            Raw::Holiday { holiday, rel } => anchor.and_then(|r| {
                let this = holiday.date(r.year())?;
                let date = match rel {
                    Rel::Last if this >= r => holiday.date(r.year() - 1)?,
                    Rel::Next if this <= r => holiday.date(r.year() + 1)?,
                    Rel::Bare => {
                        let (m, d) = (this.month() as u8, this.day());
                        holiday.date(infer_year(m, Some(d), r, f.tense))?
                    }
                    _ => this,
                };
                Some(DateValue::day(date))
            }),
            Raw::Weekday { weekday, rel } => {
                reference.and_then(|r| weekday_date(r, weekday, rel, f.tense).map(DateValue::day))
            }
        };
        let Some(value) = value else { continue };
        let Some(written) = text.get(f.start..f.end) else {
            continue;
        };
        out.push(DateMention {
            text: written.to_owned(),
            value,
            start: f.start,
            end: f.end,
        });
    }
    out
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
            values("The May 9 vote and the June agreement.", REF),
            ["2030-05-09", "2030-06"]
        );
    }

    #[test]
    fn datelines() {
        let line = "22 December 2025 14:35";
        assert_eq!(line_date(line, 0..line.len()), Some(date!(2025 - 12 - 22)));
        let line = "MILWAUKEE , Wisconsin 1996-08-29";
        assert_eq!(line_date(line, 0..line.len()), Some(date!(1996 - 08 - 29)));
        let line = "The council met on 22 December 2025 to discuss the budget for next year";
        assert_eq!(line_date(line, 0..line.len()), None);
    }
}
