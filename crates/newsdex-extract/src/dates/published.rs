//! The publication date a page gives for itself: in a dateline ("ATHENS, June 2, 2025 -",
//! "LONDON 1996-08-30"), a byline ("Published 2 June 2025", "By Jane Roe, 5 March 2030")
//! or a relative byline ("1 day ago", resolved against when the page was saved).
//!
//! Layout says which lines form the page's header (see [`HeaderLine`]); this reads them.
//! A page may give several dates: the first first-published one wins, then the first
//! unlabelled one, and a last-updated date is used only when there is nothing else, with
//! its own source, since the article was published on or before it.

use std::ops::Range;

use time::{Date, Duration, Month};

use super::tokens::{self, Kind, Tok};
use super::{calendar, scan, words, Found, Raw};
use crate::types::PublishedSource;

/// What the words before a byline's date say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Label {
    /// "Published", "Posted", "First published", "Created".
    Published,
    /// No label: a dateline or a bare timestamp.
    None,
    /// "Updated", "Last modified", "Edited".
    Updated,
}

/// The date of a line that is little else than a date: a dateline or a byline's timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineDate {
    /// The date; of several on the line, the first-published one (see [`Label`]).
    pub date: Date,
    /// What the words before it call it.
    pub label: Label,
    /// A place stands before it ("LONDON 1996-08-30"): a dateline rather than a byline.
    pub place: bool,
}

/// One line of the page's header: from under the headline (or the top, when there is
/// none) to just past the first line of the body.
#[derive(Debug, Clone)]
pub(crate) struct HeaderLine {
    /// Byte range of the trimmed line.
    pub range: Range<usize>,
    /// Its date, when the line is little else (see [`line_date`]).
    pub date: Option<LineDate>,
    /// It is page furniture by its shape (as relative ages like "1 day ago" are).
    pub furniture: bool,
    /// It sits under the headline: a lone "Yesterday" there is a byline, above it a menu.
    pub under_title: bool,
    /// It is the first line of the article's body, which may open with a dateline.
    pub body: bool,
}

/// A line longer than this is no byline, and a body line is read this far for a dateline.
const LINE_BYTES: usize = 160;

/// The publication date the header gives and where it came from.
///
/// `saved_at` is when the page was saved: relative bylines count back from it, a dateline
/// without a year takes the last such day before it, and no byline can be later.
pub(crate) fn publication(
    text: &str,
    header: &[HeaderLine],
    saved_at: Option<Date>,
) -> Option<(Date, PublishedSource)> {
    // Bylines cannot postdate the saving of the page (a day's slack for time zones).
    let latest = saved_at.and_then(|s| s.checked_add(Duration::days(1)));
    let possible = |d: Date| latest.is_none_or(|l| d <= l);
    let mut best: Option<(Label, Date, PublishedSource)> = None;
    for line in header {
        let range = || line.range.clone();
        let dateline = (line.body || line.date.is_some())
            .then(|| prose_dateline(text, range()))
            .flatten();
        // Wordier bylines: not among the menus above a headline.
        let byline = || {
            (line.under_title || !line.furniture)
                .then(|| byline_date(text, range()))
                .flatten()
        };
        // A dateline opening the body beats any other date on its line ("WELLINGTON,
        // March 16 - Year to December 31, 1986").
        let dated = || line.date.or_else(byline);
        let candidate = if let Some(d) = dateline.is_none().then(dated).flatten() {
            let source = if d.place {
                PublishedSource::Dateline
            } else {
                PublishedSource::Byline
            };
            Some((d.label, d.date, source))
        } else if let Some((y, m, d)) = dateline {
            let date = match y {
                Some(y) => calendar(y, m, d),
                None => year_for(m, d, saved_at).and_then(|y| calendar(y, m, d)),
            };
            date.map(|d| (Label::None, d, PublishedSource::Dateline))
        } else {
            relative_byline(text, range(), line.under_title).and_then(|(age, label)| {
                let date = age.before(saved_at?)?;
                Some((label, date, PublishedSource::Relative))
            })
        };
        let Some((label, date, source)) = candidate else {
            continue;
        };
        if !possible(date) {
            continue;
        }
        // The first of the best label wins.
        if best.is_none_or(|(l, _, _)| label < l) {
            best = Some((label, date, source));
        }
        if label == Label::Published {
            break;
        }
    }
    best.map(|(label, date, source)| match label {
        Label::Updated => (date, PublishedSource::Updated),
        _ => (date, source),
    })
}

/// The line's date when the line is little else than dates, times, a place or labels: a
/// dateline or a byline ("22 December 2025 14:35", "LONDON 1996-08-30", "Published 2 June
/// 2025 | Updated 3 June 2025").
pub(crate) fn line_date(text: &str, line: Range<usize>) -> Option<LineDate> {
    let mut b = super::BUFFERS.take();
    tokens::tokenize(text, std::slice::from_ref(&line), &mut b.toks);
    let date = line_date_of(text, &b.toks);
    super::BUFFERS.set(b);
    date
}

/// [`line_date`] over the line's tokens.
fn line_date_of(text: &str, toks: &[Tok]) -> Option<LineDate> {
    if toks.is_empty() || toks.len() > 20 {
        return None;
    }
    let found = scan(text, toks);
    let mut covered = 0;
    let mut best: Option<LineDate> = None;
    let mut after = 0; // the first token after the previous date
    for f in &found {
        covered += f.last + 1 - f.first;
        if let Raw::Day {
            year: Some(y),
            month,
            day,
        } = f.raw
        {
            if let Some(date) = calendar(y, month, day) {
                let label = label_of(text, &toks[after..f.first]);
                let place = label == Label::None && place_before(text, &toks[..f.first]);
                if best.is_none_or(|b| label < b.label) {
                    best = Some(LineDate { date, label, place });
                }
            }
        }
        after = f.last + 1;
    }
    // What is left besides the date: a place, a clock time, a label, a separator or two.
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
    best
}

/// The label the words `toks` give the date after them.
fn label_of(text: &str, toks: &[Tok]) -> Label {
    // The nearest label word wins: "Posted 2 June, updated 3 June".
    toks.iter()
        .rev()
        .filter(|t| t.kind == Kind::Word)
        .find_map(|t| label_word(text.get(t.start..t.end).unwrap_or("")))
        .unwrap_or(Label::None)
}

/// The label a word gives a date after it ("Published", "Updated"); a few of the
/// commonest European forms are known too ("Aktualisiert am 19.02.2020").
fn label_word(w: &str) -> Option<Label> {
    let mut buf = [0u8; 16];
    let lower = std::str::from_utf8(words::ascii_lower(w, &mut buf)?).ok()?;
    match lower {
        "published" | "posted" | "created" | "released" | "issued" | "written" | "dated"
        | "publication" | "veröffentlicht" | "publié" | "publicado" | "pubblicato" => {
            Some(Label::Published)
        }
        "updated" | "update" | "modified" | "edited" | "revised" | "revision" | "amended"
        | "changed" | "aktualisiert" | "actualizado" | "actualisé" | "aggiornato" | "modifié" => {
            Some(Label::Updated)
        }
        _ => None,
    }
}

/// A byline that [`line_date`] finds too wordy, read only among the page's header lines:
/// its date is labelled ("Jane Roe, The Herald. Published 7:40 p.m. ET March 17, 2020"),
/// or stands alone between separators in a line of short parts ("POLITICS - Jane Roe -
/// November 27, 2020 - 12:00am", "By Jane Roe | 2 June 2025"), or the line is dates and
/// times alone ("May 16, 2020 at 9:51 AM May 16, 2020 at 10:12 AM").
fn byline_date(text: &str, line: Range<usize>) -> Option<LineDate> {
    if line.len() > LINE_BYTES {
        return None;
    }
    let mut b = super::BUFFERS.take();
    tokens::tokenize(text, std::slice::from_ref(&line), &mut b.toks);
    let found = scan(text, &b.toks);
    let date = byline_of(text, &b.toks, &found);
    super::BUFFERS.set(b);
    date
}

/// [`byline_date`] over the line's tokens and the date expressions on it.
fn byline_of(text: &str, toks: &[Tok], found: &[Found]) -> Option<LineDate> {
    let str_of = |i: usize| {
        toks.get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    let words = toks.iter().filter(|t| t.kind != Kind::Punct).count();
    if words > 24 || ends_sentence(text, toks) {
        return None;
    }
    let in_date = |i: usize| found.iter().any(|f| (f.first..=f.last).contains(&i));
    let separator = |i: usize| {
        toks[i].kind == Kind::Punct
            && toks[i].gap
            && matches!(str_of(i), "|" | "•" | "·" | "-" | "–" | "—")
    };
    // What may sit beside a byline's date: a clock time, a time zone, a label.
    let plain = |i: usize| {
        toks[i].kind != Kind::Word
            || in_date(i)
            || is_time_word(str_of(i))
            || label_word(str_of(i)).is_some()
    };
    // Short parts between separators, none a sentence.
    let mut parts = 1;
    let mut part_words = 0;
    let mut short_parts = true;
    for (i, t) in toks.iter().enumerate() {
        if separator(i) {
            parts += 1;
            part_words = 0;
        } else if t.kind != Kind::Punct && !in_date(i) {
            part_words += 1;
            short_parts &= part_words <= 6;
        }
    }
    let times_only = (0..toks.len()).all(plain);
    let mut best: Option<LineDate> = None;
    let mut after = 0;
    for f in found {
        let before = &toks[after..f.first];
        after = f.last + 1;
        let Raw::Day {
            year: Some(y),
            month,
            day,
        } = f.raw
        else {
            continue;
        };
        // "APRIL 07 1100 EST" is a clock time, not a year.
        if is_time_word(str_of(f.last + 1)) && !str_of(f.last + 1).eq_ignore_ascii_case("at") {
            continue;
        }
        let Some(date) = calendar(y, month, day) else {
            continue;
        };
        // The date alone in its part: "Jane Roe | 2 June 2025", not "Rates effective
        // April 1, 1987".
        let part_start = (0..f.first)
            .rev()
            .find(|&i| separator(i))
            .map_or(0, |i| i + 1);
        let part_end = (f.last + 1..toks.len())
            .find(|&i| separator(i))
            .unwrap_or(toks.len());
        let alone = parts > 1 && short_parts && (part_start..part_end).all(plain);
        let label = near_label(text, before);
        if label.is_none() && !(times_only || alone) {
            continue;
        }
        let label = label.unwrap_or(Label::None);
        if best.is_none_or(|b| label < b.label) {
            best = Some(LineDate {
                date,
                label,
                place: false,
            });
        }
    }
    best
}

/// The label right before a date, with only a name, a clock time or a preposition
/// between ("Posted by Jane Roe on", "Published 7:40 p.m. ET"): a label further away, as
/// in "the ministry published its report on June 2", labels some other thing.
fn near_label(text: &str, toks: &[Tok]) -> Option<Label> {
    for t in toks.iter().rev().take(10) {
        if t.kind != Kind::Word {
            continue;
        }
        let w = text.get(t.start..t.end).unwrap_or("");
        if let Some(label) = label_word(w) {
            return Some(label);
        }
        if !(starts_upper(w) || is_time_word(w) || matches!(w, "on" | "at" | "by" | "the")) {
            return None;
        }
    }
    None
}

/// Words of clock times and time zones: "at 9:51 AM", "7:40 p.m. ET", "10:14 GMT".
fn is_time_word(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        words::ascii_lower(w, &mut buf),
        Some(
            b"at"
                | b"am"
                | b"pm"
                | b"a"
                | b"p"
                | b"m"
                | b"h"
                | b"hrs"
                | b"gmt"
                | b"utc"
                | b"et"
                | b"est"
                | b"edt"
                | b"ct"
                | b"cst"
                | b"cdt"
                | b"pt"
                | b"pst"
                | b"pdt"
                | b"bst"
                | b"cet"
                | b"cest"
                | b"eet"
                | b"eest"
                | b"msk"
                | b"ist"
                | b"jst"
                | b"aest"
        )
    )
}

/// The tokens end a sentence: a final ".", "!" or "?" that is not an abbreviation's
/// ("7:40 p.m.").
fn ends_sentence(text: &str, toks: &[Tok]) -> bool {
    let n = toks.len();
    let Some(last) = toks.last() else {
        return false;
    };
    match text.get(last.start..last.end) {
        Some("!" | "?") => true,
        Some(".") => {
            !(n >= 2
                && !last.gap
                && toks[n - 2].kind == Kind::Word
                && toks[n - 2].end - toks[n - 2].start <= 2)
        }
        _ => false,
    }
}

/// The words `toks` before a date on a line are a place, as in wire datelines: words in
/// capitals ("LONDON 1996-08-30", "MILWAUKEE , Wisconsin 1996-08-29"), or one to three
/// capitalised words and a comma ("Yerevan, 2 December 2025").
fn place_before(text: &str, toks: &[Tok]) -> bool {
    let str_of = |t: &Tok| text.get(t.start..t.end).unwrap_or("");
    let words: Vec<&str> = toks
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(str_of)
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    if words.len() > 4
        || !starts_upper(first)
        || first.eq_ignore_ascii_case("by")
        || words::weekday(first).is_some()
        || words::month(first).is_some()
    {
        return false;
    }
    let shouted = first.chars().all(|c| !c.is_lowercase()) && first.chars().count() > 1;
    let comma_last = toks.last().is_some_and(|t| str_of(t) == ",");
    let puncts_ok = toks
        .iter()
        .filter(|t| t.kind != Kind::Word)
        .all(|t| matches!(str_of(t), "," | "." | "'" | "’" | "-"));
    puncts_ok
        && (shouted || comma_last && words.len() <= 3 && words.iter().all(|w| starts_upper(w)))
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A dateline opening the body's first line: "ATHENS, June 2, 2025 - ...", "ATHENS,
/// June 2 (Reuters) - ...", "Yerevan, 2 December 2025 /ARKA/. ...", "June 2, 2025 —
/// ...". Returns the year when written, the month and the day.
///
/// A date inside a sentence is no dateline: the date must follow a place (in capitals,
/// or followed by a comma) right at the start of the line, or start it, and be followed
/// by an agency in brackets or slashes and a dash (or a period after slashes).
fn prose_dateline(text: &str, line: Range<usize>) -> Option<(Option<i32>, u8, u8)> {
    let mut end = line.end.min(line.start + LINE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut b = super::BUFFERS.take();
    tokens::tokenize(text, std::slice::from_ref(&(line.start..end)), &mut b.toks);
    let found = scan(text, &b.toks);
    let got = DatelineParser {
        text,
        toks: &b.toks,
    }
    .parse(&found);
    super::BUFFERS.set(b);
    got
}

/// The prefix parser of [`prose_dateline`].
struct DatelineParser<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl DatelineParser<'_> {
    fn str(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn joined(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.gap)
    }

    /// Capitalised words from `i` up to a date (with the apostrophes, periods and
    /// hyphens inside names: "O'SMACH", "ST. LOUIS"): the index after them, the word
    /// count, and whether all are in capitals.
    fn name(&self, mut i: usize, max: usize, found: &[Found]) -> (usize, usize, bool) {
        let (mut n, mut shouted) = (0, true);
        while n < max && !found.iter().any(|f| f.first == i) {
            match self.kind(i) {
                Some(Kind::Word) if starts_upper(self.str(i)) => {
                    let w = self.str(i);
                    shouted &= w.chars().all(|c| !c.is_lowercase());
                    n += 1;
                    i += 1;
                }
                Some(Kind::Punct)
                    if n > 0
                        && matches!(self.str(i), "'" | "’" | "." | "-")
                        && self.joined(i)
                        && self.kind(i + 1) == Some(Kind::Word) =>
                {
                    i += 1;
                }
                // An abbreviation's period: "Ore.", "N.Y.", "ST. LOUIS".
                Some(Kind::Punct) if n > 0 && self.str(i) == "." && self.joined(i) => {
                    i += 1;
                }
                _ => break,
            }
        }
        (i, n, shouted)
    }

    fn parse(&self, found: &[Found]) -> Option<(Option<i32>, u8, u8)> {
        let date_at = |i: usize| {
            found
                .iter()
                .find(|f| f.first == i)
                .and_then(|f| match f.raw {
                    Raw::Day { year, month, day } => Some((f.last + 1, year, month, day)),
                    _ => None,
                })
        };
        let (mut i, _, shouted) = self.name(0, 4, found);
        if i > 0 {
            let comma = self.str(i) == ",";
            if comma {
                i += 1;
            }
            if date_at(i).is_none() && comma {
                // "MILWAUKEE, Wisconsin, June 2": a region after the city.
                let (j, n, _) = self.name(i, 3, found);
                if n > 0 {
                    i = if self.str(j) == "," { j + 1 } else { j };
                }
            }
            if !(shouted || comma) {
                return None;
            }
        }
        let (mut j, year, month, day) = date_at(i)?;
        // An agency: "(Reuters)", "(AP)", "/ARKA/".
        let mut agency = false;
        for (open, close) in [("(", ")"), ("/", "/")] {
            if self.str(j) == open {
                let shut = (j + 1..j + 6).find(|&k| self.str(k) == close)?;
                if shut == j + 1 {
                    return None;
                }
                j = shut + 1;
                agency = open == "/";
                break;
            }
        }
        let dash = matches!(self.str(j), "-" | "–" | "—" | "_" | ":" | "|")
            || agency && self.str(j) == ".";
        // Something must follow: a lone "June 2, 2025 -" line is no dateline of a story.
        (dash && self.toks.len() > j + 1).then_some((year, month, day))
    }
}

/// A year for a dateline's month and day ("ATHENS, June 2 (Reuters) -"): the one that
/// puts it last on or before the day the page was saved.
///
/// Years written elsewhere in the story are no guide: news compares with a year ago,
/// reports fiscal periods and cites maturities. On the 18,648 Reuters-21578 stories with
/// a "CITY, Feb 26 -" dateline, the year of the nearest full date the story writes gives
/// the right publication day for only about a third of those it dates.
fn year_for(month: u8, day: u8, saved_at: Option<Date>) -> Option<i32> {
    let latest = saved_at?.checked_add(Duration::days(1))?;
    (latest.year() - 1..=latest.year())
        .rev()
        .find(|&y| calendar(y, month, day).is_some_and(|d| d <= latest))
}

/// How long before the saving a relative byline says the page was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Age {
    Days(i64),
    Months(i32),
}

impl Age {
    /// The day `self` before `saved`.
    fn before(self, saved: Date) -> Option<Date> {
        match self {
            Age::Days(n) => saved.checked_sub(Duration::days(n)),
            Age::Months(n) => {
                let total = saved.year() * 12 + i32::from(saved.month() as u8) - 1 - n;
                let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
                let month = Month::try_from(m).ok()?;
                let day = saved.day().min(month.length(y));
                Date::from_calendar_date(y, month, day).ok()
            }
        }
    }
}

/// A relative byline: "1 day ago", "- 3 hours ago", "Updated 2 weeks ago", "Published
/// yesterday", "Yesterday, 14:35". A lone "Today" or "Yesterday" counts only under the
/// headline: above it, it is a menu entry.
fn relative_byline(text: &str, line: Range<usize>, under_title: bool) -> Option<(Age, Label)> {
    if line.len() > LINE_BYTES {
        return None;
    }
    let mut b = super::BUFFERS.take();
    tokens::tokenize(text, std::slice::from_ref(&line), &mut b.toks);
    let got = relative_of(text, &b.toks, under_title);
    super::BUFFERS.set(b);
    got
}

/// [`relative_byline`] over the line's tokens.
fn relative_of(text: &str, toks: &[Tok], under_title: bool) -> Option<(Age, Label)> {
    let str_of = |i: usize| {
        toks.get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    let is = |i: usize, w: &str| str_of(i).eq_ignore_ascii_case(w);
    let word_count = toks.iter().filter(|t| t.kind != Kind::Punct).count();
    if word_count > 12
        || toks
            .last()
            .is_some_and(|t| text.get(t.start..t.end) == Some("."))
    {
        return None;
    }
    for i in 0..toks.len() {
        let label = || label_of(text, &toks[..i]);
        if is(i + 2, "ago") {
            let n = match toks[i].kind {
                Kind::Num => str_of(i).parse::<i64>().ok(),
                _ => words::small_number(str_of(i)).map(i64::from),
            };
            let Some(n) = n.filter(|n| (0..=400).contains(n)) else {
                continue;
            };
            let unit = str_of(i + 1).to_ascii_lowercase();
            let age = match unit.trim_end_matches('s') {
                "sec" | "second" | "min" | "minute" | "hr" | "hour" | "h" | "m" => Age::Days(0),
                "day" | "d" => Age::Days(n),
                "week" | "wk" | "w" => Age::Days(7 * n),
                "month" | "mo" => Age::Months(n as i32),
                // "a year ago" says too little for a publication day.
                _ => continue,
            };
            return Some((age, label()));
        }
        let days = if is(i, "yesterday") {
            1
        } else if is(i, "today") || is(i, "just") && is(i + 1, "now") {
            0
        } else {
            continue;
        };
        // Nothing else on the line but a label and a clock time ("Today - 1631.4" is a
        // table row).
        let clock_digits = |k: usize| {
            toks[k].kind == Kind::Num
                && (str_of(k + 1) == ":" && !toks[k + 1].gap || k > 0 && str_of(k - 1) == ":")
        };
        let rest_plain = (0..toks.len()).all(|k| match toks[k].kind {
            Kind::Punct => true,
            Kind::Num => clock_digits(k),
            Kind::Word => {
                k == i
                    || k == i + 1 && days == 0 && is(k, "now")
                    || is_time_word(str_of(k))
                    || label_word(str_of(k)).is_some()
            }
        });
        let labelled = label() != Label::None;
        let clock = (i + 1..toks.len()).any(clock_digits);
        if rest_plain && (labelled || clock || under_title) {
            return Some((Age::Days(days), label()));
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn line(s: &str) -> Option<LineDate> {
        line_date(s, 0..s.len())
    }

    fn dateline(s: &str) -> Option<(Option<i32>, u8, u8)> {
        prose_dateline(s, 0..s.len())
    }

    fn age(s: &str, under_title: bool) -> Option<(Age, Label)> {
        relative_byline(s, 0..s.len(), under_title)
    }

    #[test]
    fn labels_and_places_of_line_dates() {
        let d = line("Published 2 June 2025 | Updated: 3 June 2025 10:14 GMT").unwrap();
        assert_eq!((d.date, d.label), (date!(2025 - 06 - 02), Label::Published));
        let d = line("Updated: 3 June 2025 10:14 GMT | First published on 2 June 2025").unwrap();
        assert_eq!((d.date, d.label), (date!(2025 - 06 - 02), Label::Published));
        let d = line("Last modified on 3 June 2025").unwrap();
        assert_eq!(d.label, Label::Updated);
        assert!(line("LONDON 1996-08-30").unwrap().place);
        assert!(line("MILWAUKEE , Wisconsin 1996-08-29").unwrap().place);
        assert!(line("Yerevan, 2 December 2025").unwrap().place);
        assert!(!line("22 December 2025 14:35").unwrap().place);
        assert!(!line("Monday, June 2, 2025").unwrap().place);
        assert!(!line("By Jane Roe, 2 June 2025").unwrap().place);
    }

    #[test]
    fn prose_datelines() {
        assert_eq!(
            dateline("ATHENS, June 2, 2025 - Greek ports reopened."),
            Some((Some(2025), 6, 2))
        );
        assert_eq!(
            dateline("ATHENS, June 2 (Reuters) - Greek ports reopened."),
            Some((None, 6, 2))
        );
        assert_eq!(
            dateline("Yerevan, 2 December 2025 /ARKA/. The dram rose."),
            Some((Some(2025), 12, 2))
        );
        assert_eq!(
            dateline("June 2, 2025 — Greek ports reopened."),
            Some((Some(2025), 6, 2))
        );
        assert_eq!(
            dateline("ST. LOUIS, Missouri, Monday, June 2, 2025 -- Rain fell."),
            Some((Some(2025), 6, 2))
        );
        // No date, or a date inside a sentence, or no dash after it.
        assert_eq!(dateline("LONDON (AP) — Rain fell."), None);
        assert_eq!(
            dateline("On June 2, 2025 - as agreed - ports reopened."),
            None
        );
        assert_eq!(
            dateline("Ports reopened on June 2, 2025 - the union said."),
            None
        );
        assert_eq!(dateline("Athens, June 2, 2025, was a quiet day."), None);
        assert_eq!(dateline("June 2, 2025 -"), None);
    }

    #[test]
    fn relative_ages() {
        assert_eq!(age("- 1 day ago", true), Some((Age::Days(1), Label::None)));
        assert_eq!(age("3 hours ago", false), Some((Age::Days(0), Label::None)));
        assert_eq!(age("2 weeks ago", true), Some((Age::Days(14), Label::None)));
        assert_eq!(
            age("Updated two days ago", true),
            Some((Age::Days(2), Label::Updated))
        );
        assert_eq!(age("Yesterday", true), Some((Age::Days(1), Label::None)));
        assert_eq!(
            age("Yesterday, 14:35", false),
            Some((Age::Days(1), Label::None))
        );
        // A menu entry above the headline, a year, a sentence.
        assert_eq!(age("Today", false), None);
        assert_eq!(age("1 year ago", true), None);
        assert_eq!(age("The talks ended 2 days ago.", true), None);
        assert_eq!(
            Age::Months(1).before(date!(2025 - 03 - 31)),
            Some(date!(2025 - 02 - 28))
        );
    }
}
