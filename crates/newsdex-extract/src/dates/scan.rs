//! The recognising pass: walks the tokens once and says, at each, which expression starts
//! there ("22 December 2025", "last Friday", "in 2024") and the tense of its clause,
//! without deciding yet what it refers to.

use super::tokens::{Kind, Tok};
use super::words;
use super::{calendar, valid_day, Found, Raw, Rel, Tense};
use crate::word_slots::WordSlots;

/// Recognises every expression, left to right, longest rule first at each token.
pub(super) fn scan(text: &str, toks: &[Tok]) -> Vec<Found> {
    let s = Scanner { text, toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // Most tokens open nothing: punctuation never does, nor a word no rule opens with
        // (see `Scanner::wordy`), so they are passed over here, before any rule is tried.
        let passed = match toks[i].kind {
            Kind::Punct => true,
            Kind::Word => !s.may_open_at(i, s.str(i)),
            Kind::Num => false,
        };
        if passed {
            i += 1;
            continue;
        }
        // "the day before last Tuesday": that day, one day earlier.
        let shifted = s.day_shift(i).and_then(|(shift, j)| {
            let (last, raw) = s.at(j).filter(|(_, raw)| raw.is_day())?;
            Some((last, raw, s.tense(j), shift))
        });
        let found = shifted.or_else(|| s.at(i).map(|(last, raw)| (last, raw, s.tense(i), 0)));
        if let Some((last, raw, tense, shift)) = found {
            out.push(Found {
                first: i,
                last,
                start: toks[i].start,
                end: toks.get(last).map_or(toks[i].end, |t| t.end),
                raw,
                tense,
                shift,
            });
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The words [`Scanner::wordy`]'s rules open with, any case: weekdays, months and their
/// abbreviations ([`words::weekday`], [`words::month`]), the first words of holidays
/// ([`Scanner::holiday`]), the keywords of [`Scanner::lowercase_word`], and the first
/// words of spelled years ([`Scanner::spelled_year`]). A rule that opens with another
/// word adds it here (a test checks every month abbreviation `words::month` takes).
#[rustfmt::skip]
const OPENERS: [&str; 46] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "febr", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "christmas", "thanksgiving", "new", "today", "tonight", "yesterday",
    "tomorrow", "that", "the", "last", "this", "next", "nineteen", "two",
];

/// [`OPENERS`] by first letter and length: a word they turn down opens no rule.
static OPENER_SLOTS: WordSlots = WordSlots::of(&OPENERS);

/// Could `w` open a rule of [`Scanner::wordy`], by its first letter and length?
#[inline]
fn may_open(w: &str) -> bool {
    let b = w.as_bytes();
    b.first()
        .is_some_and(|&first| OPENER_SLOTS.may_hold(first, b.len()))
}

/// Read-only view of the tokens with the small predicates the rules are written in.
struct Scanner<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl<'a> Scanner<'a> {
    /// Could the word `w` at `i` open a rule: a word some rule opens with ([`may_open`]),
    /// or any word two before "ago" ("three years ago")?
    #[inline]
    fn may_open_at(&self, i: usize, w: &str) -> bool {
        may_open(w) || self.is(i + 2, "ago")
    }

    /// The text of token `i`. (Sliced when asked for: most tokens are passed over
    /// before a rule asks, so slicing every token first cost more than it saved.)
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

    /// A line break comes just before token `i`.
    fn after_break(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.nl)
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
            || self.quoted_pair(j)
            || self.in_quote_table(j)
        {
            return None;
        }
        Some((y, j))
    }

    /// Is the number at `i` a cell of a table of market quotes? A quote's word or
    /// another number follows it across a table's gap, on the same line:
    /// "Jul 1195      BID", "Apr   28     1275    dn    2", "May 1250  1255  1255". It
    /// is then a price or a volume in a row of delivery months. (In prose one space
    /// comes before the word: "the May 1987 bid for Texaco" is May 1987.)
    fn in_quote_table(&self, i: usize) -> bool {
        let (Some(number), Some(next)) = (self.toks.get(i), self.toks.get(i + 1)) else {
            return false;
        };
        next.start.saturating_sub(number.end) >= 2
            && !next.nl
            && !next.brk
            && (next.kind == Kind::Num || self.word(i + 1).is_some_and(words::is_quote_word))
    }

    /// Is the four-digit number at `i` the first of a pair of quotes ("May 1158/1168",
    /// "May 1160/62" in a table of prices, bid and offer)? A slash and another number
    /// follow that does not end a span of a modern year (1800 to 2199): "1986/1987" and
    /// "1988/2007" are spans, as are "1986/87" and "1939/45" with two digits; a span runs
    /// on by at most thirty years.
    fn quoted_pair(&self, i: usize) -> bool {
        let digits = self.str(i + 2).len();
        if !(self.is_punct(i + 1, "/")
            && self.joined(i + 1)
            && self.joined(i + 2)
            && (digits == 2 || digits == 4))
        {
            return false;
        }
        let (Some(first), Some(second)) = (self.number(i, 4), self.number(i + 2, 4)) else {
            return false;
        };
        let modern = (1800..=2199).contains(&first);
        let span = digits == 2
            || second
                .checked_sub(first)
                .is_some_and(|d| (1..=30).contains(&d));
        !(span && modern)
    }

    /// Is the four-digit number at `i` a time of day ("1530 EST", "2100 local time",
    /// "1000 hrs")? It reads as hours and minutes, and a time's word follows it,
    /// directly or at the other end of a range ("1330 to 1500 GMT", "0900-1300 local
    /// time"). ("Debentures due 1992 to 1700 CDT": 1992 is no time.)
    fn clock_time_follows(&self, i: usize) -> bool {
        let hhmm = |k: usize| {
            self.str(k).len() == 4
                && self
                    .number(k, 4)
                    .is_some_and(|n| n / 100 <= 23 && n % 100 <= 59)
        };
        let time_at = |k: usize| {
            self.cont(k)
                && self
                    .word(k)
                    .is_some_and(|w| words::is_clock_word(w, self.word(k + 1)))
        };
        hhmm(i)
            && (time_at(i + 1)
                || (self.is(i + 1, "to") || self.is_punct(i + 1, "-") || self.is(i + 1, "and"))
                    && self.cont(i + 1)
                    && self.cont(i + 2)
                    && hhmm(i + 2)
                    && time_at(i + 3))
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
            .or_else(|| self.second_day(i))
            .or_else(|| self.bare_year(i).map(|y| (i, Raw::Year(y))))
    }

    /// The second day of a pair or range written after a month: the "25" of "April 24
    /// and 25" or "April 24-25, 1999" (the first is read as "April 24").
    fn second_day(&self, i: usize) -> Option<(usize, Raw)> {
        let day = self.day_number(i)?;
        if i < 3 || !self.cont(i) || !self.cont(i - 1) || !self.cont(i - 2) {
            return None;
        }
        let dash = matches!(self.str(i - 1), "-" | "–") && self.joined(i - 1) && self.joined(i);
        if !(dash || self.is(i - 1, "and") || self.is(i - 1, "or")) {
            return None;
        }
        let first = self.day_number(i - 2)?;
        let (month, _, _) = self.month(i - 3)?;
        // "April 24 and 25 people" is a count; a day before the first is no pair.
        if day <= first
            || self.word(i + 1).is_some_and(words::is_unit_noun)
            || self.joined(i + 1) && matches!(self.kind(i + 1), Some(Kind::Num | Kind::Word))
        {
            return None;
        }
        let (year, last) = match self.year_after(i) {
            Some((y, k)) => (Some(y), k),
            None => (None, i),
        };
        valid_day(year, month, day)?;
        Some((last, Raw::Day { year, month, day }))
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
        // A number ending one line and a month starting the next are table cells.
        if !self.cont(j) || self.after_break(j) {
            return None;
        }
        let (month, mut last, _) = self.month(j)?;
        let mut year = None;
        if let Some((y, k)) = self.year_after(last) {
            year = Some(y);
            last = k;
        } else if let Some((years, k)) = self.year_offset_after(last) {
            valid_day(None, month, day)?;
            return Some((k, Raw::DayInYear { month, day, years }));
        }
        valid_day(year, month, day)?;
        Some((last, Raw::Day { year, month, day }))
    }

    /// "\[of\] this year", "last year", "next year" right after token `k`: the years from
    /// the reference's and the index of "year".
    fn year_offset_after(&self, k: usize) -> Option<(i32, usize)> {
        let mut j = k + 1;
        if self.is(j, "of") {
            j += 1;
        }
        if !self.cont(j) || !self.is(j + 1, "year") {
            return None;
        }
        let years = if self.is(j, "this") {
            0
        } else if self.is(j, "last") {
            -1
        } else if self.is(j, "next") {
            1
        } else {
            return None;
        };
        Some((years, j + 1))
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
        // In a table ("DEC7 2012 OFF 3") a number follows a number.
        if self.cont(i) && self.kind(i.wrapping_sub(1)) == Some(Kind::Num) {
            return None;
        }
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
            || self.clock_time_follows(i)
            || self.quoted_pair(i)
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
        // Of those, only the words the rules below open with (or a number word before
        // "ago") go on: most capitalised words are names, which each rule would turn down
        // in turn.
        if !self.may_open_at(i, w) {
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
            // So do "Tuesday nights" and "Monday and Tuesday mornings".
            let plural_time = |k: usize| {
                ["nights", "mornings", "evenings", "afternoons"]
                    .iter()
                    .any(|w| self.is(k, w))
            };
            if plural_time(i + 1)
                || (self.is(i + 1, "and") || self.is(i + 1, "or"))
                    && self.weekday(i + 2).is_some()
                    && plural_time(i + 3)
            {
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
            5 | 7 if w.eq_ignore_ascii_case("today") || w.eq_ignore_ascii_case("tonight") => {
                // "USA Today" is a newspaper.
                if self.capitalised(i)
                    && self.cont(i)
                    && self.word(i - 1).is_some()
                    && self.capitalised(i - 1)
                {
                    return None;
                }
                // "today's world", "today's youth": the present in general, no day.
                if matches!(self.str(i + 1), "'" | "’")
                    && self.is(i + 2, "s")
                    && self.word(i + 3).is_some_and(words::is_generic_present)
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

    /// "the day before" or "the day after" at `i`, followed by a day: the shift in days
    /// and the index where the day starts.
    fn day_shift(&self, i: usize) -> Option<(i8, usize)> {
        if !self.is(i, "the") || !self.is(i + 1, "day") || !self.cont(i + 3) {
            return None;
        }
        if self.is(i + 2, "before") {
            Some((-1, i + 3))
        } else if self.is(i + 2, "after") {
            Some((1, i + 3))
        } else {
            None
        }
    }

    /// "that year", "later that year", "the following year", "the following month",
    /// "the next day", "that morning", "the day before" (ending the clause), "the previous
    /// Friday": time counted from the last date the story mentioned.
    fn story(&self, i: usize) -> Option<(usize, Raw)> {
        // "…, the day before." (but not "the day before his death": no date given).
        if self.is(i, "the") && self.is(i + 1, "day") && self.cont(i + 2) {
            let step = if self.is(i + 2, "before") {
                -1
            } else if self.is(i + 2, "after") {
                1
            } else {
                0
            };
            let ends = !self.cont(i + 3) || self.kind(i + 3) == Some(Kind::Punct);
            if step != 0 && ends {
                return Some((i + 2, Raw::StoryDay(step)));
            }
        }
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
        let part_of_day = ["day", "morning", "afternoon", "evening", "night"]
            .iter()
            .any(|w| self.is(j, w));
        if let Some(weekday) = self.weekday(j).filter(|_| step != 0) {
            let step = if step > 0 { 1 } else { -1 };
            return Some((j, Raw::StoryWeekday { weekday, step }));
        }
        if self.is(j, "year") {
            Some((j, Raw::StoryYear(step)))
        } else if self.is(j, "month") && step != 0 {
            Some((j, Raw::StoryMonth(step)))
        } else if part_of_day {
            // "that day trader", "the next day shift" name no day.
            let compound = [
                "trader", "traders", "trading", "care", "job", "shift", "trip",
            ]
            .iter()
            .any(|w| self.is(j + 1, w) && self.cont(j + 1));
            (!compound).then_some((j, Raw::StoryDay(i64::from(step))))
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
                // (A row of a quote table, "Apr   28     1275    dn    2", is no date:
                // its numbers are volumes and prices.)
                let bad = self.joined(end + 1)
                    && matches!(self.str(end + 1), ":" | "," | ".")
                    && self.kind(end + 2) == Some(Kind::Num)
                    && self.joined(end + 2)
                    || self.word(end + 1).is_some_and(words::is_unit_noun)
                    || self.kind(end + 1) == Some(Kind::Num) && self.in_quote_table(end + 1);
                if !bad {
                    let mut year = None;
                    if let Some((y, k)) = self.year_after(end) {
                        year = Some(y);
                        end = k;
                    } else if let Some((years, k)) = self.year_offset_after(end) {
                        valid_day(None, month, day)?;
                        return Some((k, Raw::DayInYear { month, day, years }));
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
        if let Some((years, k)) = self.year_offset_after(last) {
            return Some((k, Raw::MonthInYear { month, years }));
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
        // "May" is also a verb and a name: after "to", "and", "or" or "the" it is a month
        // only in a list or range of months ("from March to May").
        let weak = |p: &str| {
            ["to", "and", "or", "the"]
                .iter()
                .any(|w| p.eq_ignore_ascii_case(w))
        };
        let month_before = (i.saturating_sub(4)..i).any(|k| self.month(k).is_some());
        let ok = match prev {
            Some(p) => words::is_time_preposition(p) && !(month == 5 && weak(p) && !month_before),
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
        // "Until Thursday, they had not called him a suspect": a past perfect makes the
        // time until which something held a past one.
        if i > 0
            && self.cont(i)
            && (self.is(i - 1, "until") || self.is(i - 1, "till"))
            && self.past_perfect_follows(i)
        {
            return Tense::Past;
        }
        // Back to the start of the sentence (a long one is cut short).
        let mut j = i;
        for _ in 0..40 {
            if j == 0 || !self.cont(j) {
                break;
            }
            j -= 1;
            if self.ends_sentence(j) {
                break;
            }
            if let Some(w) = self.word(j) {
                if self.future_marker(j, w) {
                    return Tense::Future;
                }
                if is_past_verb(w) && !self.participle(j) {
                    return Tense::Past;
                }
            }
        }
        // "… Friday, when the talks ended": the verb may follow.
        for k in (i + 1)..self.toks.len().min(i + 40) {
            if !self.cont(k) || self.ends_sentence(k) {
                break;
            }
            if let Some(w) = self.word(k) {
                if self.future_marker(k, w) {
                    return Tense::Future;
                }
                if is_past_verb(w) && !self.participle(k) {
                    return Tense::Past;
                }
            }
        }
        Tense::Unknown
    }

    /// The "-ed" word at `j` is a participle or an adjective, by the word before it (an
    /// adverb in "-ly" looked past: "its previously announced agreement").
    fn participle(&self, j: usize) -> bool {
        self.before_adverb(j).is_some_and(is_participle_cue)
    }

    /// The word before token `j`, looking past an adverb in "-ly" ("its previously
    /// announced", "the hastily planned").
    fn before_adverb(&self, j: usize) -> Option<&'a str> {
        let mut p = j.checked_sub(1)?;
        if self
            .word(p)
            .is_some_and(|w| w.len() > 4 && w.ends_with("ly"))
            && p > 0
        {
            p -= 1;
        }
        self.word(p)
    }

    /// A past perfect ("had") follows token `i` in its sentence, before any future
    /// marker.
    fn past_perfect_follows(&self, i: usize) -> bool {
        for k in (i + 1)..self.toks.len().min(i + 12) {
            if !self.cont(k) || self.ends_sentence(k) {
                break;
            }
            if let Some(w) = self.word(k) {
                if self.future_marker(k, w) {
                    return false;
                }
                if w.eq_ignore_ascii_case("had") {
                    return true;
                }
            }
        }
        false
    }

    /// Token `j`, the word `w`, points forwards in time: a future marker ("will",
    /// "expected") or a future phrase.
    fn future_marker(&self, j: usize, w: &str) -> bool {
        // "the hastily planned trip" names a plan; it says nothing of the clause's tense.
        let adjective = w.ends_with("ed") && self.before_adverb(j).is_some_and(is_determiner);
        words::is_future_marker(w) && !adjective || self.future_phrase(j)
    }

    /// Token `j` makes a future phrase with its neighbours: "would" or "can" (but not
    /// "would not", as in "would not comment Friday"), or the "to" of "is to", "set to",
    /// "plans to" ("is to resume trading Tuesday").
    fn future_phrase(&self, j: usize) -> bool {
        if self.is(j, "would") || self.is(j, "can") {
            return !self.is(j + 1, "not");
        }
        self.is(j, "to")
            && j > 0
            && self.cont(j)
            && self.word(j - 1).is_some_and(words::is_intention_before_to)
    }

    /// Token `j` ends a sentence: a full stop that is not an initial's or an
    /// abbreviation's ("Daniel P. Davison", "Mr. Smith", "Oct. 5").
    fn ends_sentence(&self, j: usize) -> bool {
        match self.str(j) {
            "!" | "?" | ";" | "\"" | "“" | "”" => true,
            "." => {
                let abbreviation =
                    j > 0 && self.joined(j) && self.word(j - 1).is_some_and(is_abbreviation);
                // "Birmingham, Ala., killed": a period before a comma or a lowercase
                // word closes an abbreviation, not a sentence.
                let goes_on = self.cont(j + 1)
                    && (self.str(j + 1) == ","
                        || self
                            .word(j + 1)
                            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_lowercase())));
                !(abbreviation || goes_on)
            }
            _ => false,
        }
    }
}

/// Words written with a period that does not end the sentence: initials, titles, months.
fn is_abbreviation(w: &str) -> bool {
    const WORDS: [&str; 18] = [
        "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "col", "lt", "inc", "corp",
        "co", "ltd", "no", "vs", "jr",
    ];
    w.chars().count() == 1
        || words::month(w).is_some()
        || WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// A rough past-tense test: auxiliaries, common irregular verbs and "-ed" forms, and
/// "since", which only looks back.
fn is_past_verb(w: &str) -> bool {
    // Present forms that end in "-ed" all the same.
    const NOT_PAST: [&str; 7] = [
        "succeed", "proceed", "exceed", "speed", "breed", "indeed", "bleed",
    ];
    (w.len() > 4
        && w.ends_with("ed")
        && w.chars().next().is_some_and(char::is_lowercase)
        && !NOT_PAST.contains(&w))
        || is_irregular_past(w)
}

/// Irregular past forms (and "ago", "last", "since"), in any case.
fn is_irregular_past(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        words::ascii_lower(w, &mut buf),
        Some(
            b"was"
                | b"were"
                | b"had"
                | b"did"
                | b"said"
                | b"told"
                | b"took"
                | b"came"
                | b"went"
                | b"began"
                | b"met"
                | b"left"
                | b"made"
                | b"held"
                | b"ago"
                | b"last"
                | b"since"
                | b"bought"
                | b"sold"
                | b"brought"
                | b"won"
                | b"lost"
                | b"gave"
                | b"got"
                | b"saw"
                | b"fell"
                | b"rose"
                | b"paid"
                | b"became"
                | b"found"
                | b"thought"
        )
    )
}

/// Forms of "be" and "to" that make a following "-ed" word a participle ("to be
/// completed", "is expected"), and determiners that make it an adjective ("an
/// undisclosed sum", "a still unspecified date"): neither says anything of the tense.
fn is_participle_cue(w: &str) -> bool {
    let mut buf = [0u8; 16];
    is_determiner(w)
        || matches!(
            words::ascii_lower(w, &mut buf),
            Some(b"be" | b"been" | b"being" | b"to" | b"is" | b"are" | b"still")
        )
}

/// Determiners, after which an "-ed" word is an adjective ("the planned merger").
fn is_determiner(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        words::ascii_lower(w, &mut buf),
        Some(b"a" | b"an" | b"the" | b"its" | b"his" | b"her" | b"their")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::tokens::tokenize;

    /// What `scan` finds in `text`: the raw expression and the tense of its clause.
    fn raws(text: &str) -> Vec<(Raw, Tense)> {
        let mut toks = Vec::new();
        tokenize(text, std::slice::from_ref(&(0..text.len())), &mut toks);
        scan(text, &toks).iter().map(|f| (f.raw, f.tense)).collect()
    }

    #[test]
    fn every_month_and_weekday_passes_the_opener_filter() {
        // Every word of three or four letters `words::month` takes (its abbreviations),
        // tried exhaustively, in two cases.
        let letters = || b'a'..=b'z';
        for a in letters() {
            for b in letters() {
                for c in letters() {
                    for d in [None].into_iter().chain(letters().map(Some)) {
                        let w: String = [a, b, c]
                            .iter()
                            .chain(d.iter())
                            .map(|&x| x as char)
                            .collect();
                        if words::month(&w).is_some() {
                            assert!(may_open(&w), "{w}");
                            assert!(may_open(&w.to_ascii_uppercase()), "{w}");
                        }
                    }
                }
            }
        }
        for w in OPENERS {
            let capitalised = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            assert!(may_open(&capitalised), "{w}");
        }
        // And what they find still opens with them.
        assert_eq!(
            raws("Talks resume on Sept. 3."),
            raws("Talks resume on September 3.")
        );
        assert!(!may_open("Reuters") && !may_open("Kremlin") && !may_open("Élysée"));
    }

    #[test]
    fn tense_comes_from_the_nearest_cue() {
        let friday = Raw::Weekday {
            weekday: 4,
            rel: Rel::Bare,
        };
        assert_eq!(raws("The talks ended on Friday."), [(friday, Tense::Past)]);
        assert_eq!(
            raws("The talks will end on Friday."),
            [(friday, Tense::Future)]
        );
        assert_eq!(raws("On Friday, the talks ended."), [(friday, Tense::Past)]);
        assert_eq!(raws("Talks on Friday."), [(friday, Tense::Unknown)]);
        // A participle after "be" is no past tense ("is to" makes a schedule); an
        // initial's period ends no sentence.
        assert_eq!(
            raws("It is to be completed by Friday."),
            [(friday, Tense::Future)]
        );
        assert_eq!(
            raws("It has been completed by Friday."),
            [(friday, Tense::Unknown)]
        );
        assert_eq!(
            raws("Ms. Roe will succeed Daniel P. Davison Friday."),
            [(friday, Tense::Future)]
        );
    }

    #[test]
    fn what_is_recognised() {
        let got = raws("in March, on Nov. 14, last Oct. 23, the following year, two days ago");
        let kinds: Vec<Raw> = got.into_iter().map(|(r, _)| r).collect();
        assert_eq!(
            kinds,
            [
                Raw::Month {
                    year: None,
                    month: 3
                },
                Raw::Day {
                    year: None,
                    month: 11,
                    day: 14
                },
                Raw::DayRel {
                    month: 10,
                    day: 23,
                    rel: Rel::Last
                },
                Raw::StoryYear(1),
                Raw::Days(-2),
            ]
        );
    }
}
