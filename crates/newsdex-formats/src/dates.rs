//! Publication days as archives write them: RFC 3339 and ISO dates with or without a time,
//! RFC 2822 (every RSS feed), epoch seconds and milliseconds, "June 2, 2025",
//! "2 June 2025", "2. Juni 2025", "02.06.2025". A time of day and zone are dropped: the
//! day is the one written, not converted to UTC, since that is the day the publisher meant.

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month};

/// The calendar day a date field gives, or `None` when it is not a date.
///
/// ```
/// use newsdex_formats::parse_date;
/// use time::macros::date;
/// assert_eq!(parse_date("2025-06-02T23:30:00-04:00"), Some(date!(2025 - 06 - 02)));
/// assert_eq!(parse_date("Mon, 02 Jun 2025 10:00:00 GMT"), Some(date!(2025 - 06 - 02)));
/// assert_eq!(parse_date("June 2, 2025"), Some(date!(2025 - 06 - 02)));
/// assert_eq!(parse_date("1748822400"), Some(date!(2025 - 06 - 02)));
/// assert_eq!(parse_date("yesterday"), None);
/// ```
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(date) = epoch(s) {
        return Some(date);
    }
    iso_day(s).or_else(|| first_date(s))
}

/// The day of a value that starts `YYYY-MM-DD` and ends there or goes on with a time
/// (`T`) or any character that ends a word: what [`first_date`] finds first in it, without
/// running its pattern (exports write their dates so: the pattern was a third of
/// re-reading an unchanged JSON Lines file).
fn iso_day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0i32, |n, &c| n * 10 + i32::from(c - b'0')))
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let ends = match b.get(10) {
        None => true,
        Some(&c) => c == b'T' || !(c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80),
    };
    (b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') && ends)
        .then(|| ymd(y, m as u8, d as u8))
        .flatten()
}

/// An ISO 8601 timestamp as a page writes it: the day, the minute of the day, and the
/// offset from UTC in minutes when one is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub date: Date,
    pub minute: i32,
    pub offset: Option<i32>,
}

impl Stamp {
    /// Whether it is written in UTC (`Z`, `+00:00`).
    pub fn is_utc(&self) -> bool {
        self.offset == Some(0)
    }

    /// The day at `offset` minutes from UTC of an instant written with its own offset.
    pub fn day_at(&self, offset: i32) -> Date {
        let own = self.offset.unwrap_or(0);
        let minute = self.minute - own + offset;
        if minute < 0 {
            self.date.previous_day().unwrap_or(self.date)
        } else if minute >= 24 * 60 {
            self.date.next_day().unwrap_or(self.date)
        } else {
            self.date
        }
    }
}

/// The timestamp `s` starts with (`2020-12-24T23:59:50+00:00`, `2020-12-05 23:15Z`), or
/// `None` when it has no time of day.
pub(crate) fn parse_stamp(s: &str) -> Option<Stamp> {
    static STAMP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::\d{1,2}(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
        )
        .expect("the timestamp pattern is valid")
    });
    let c = STAMP.captures(s)?;
    let n = |i: usize| c.get(i)?.as_str().parse::<i32>().ok();
    let date = ymd(n(1)?, n(2)? as u8, n(3)? as u8)?;
    let (h, m) = (n(4)?, n(5)?);
    if h > 23 || m > 59 {
        return None;
    }
    let offset = c.get(6).and_then(|z| {
        let z = z.as_str();
        if z == "Z" {
            return Some(0);
        }
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
        let hours: i32 = digits.get(..2)?.parse().ok()?;
        let minutes: i32 = digits
            .get(2..)
            .filter(|m| !m.is_empty())
            .map_or(Some(0), |m| m.parse().ok())?;
        (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
    });
    Some(Stamp {
        date,
        minute: h * 60 + m,
        offset,
    })
}

/// Epoch seconds (9-10 digits), milliseconds (12-13), or a compact `YYYYMMDD`.
fn epoch(s: &str) -> Option<Date> {
    let int = s.split_once('.').map_or(s, |(i, frac)| {
        if frac.bytes().all(|b| b.is_ascii_digit()) {
            i
        } else {
            ""
        }
    });
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    let seconds = match int.len() {
        8 => {
            let y = (n / 10_000) as i32;
            let m = ((n / 100) % 100) as u8;
            let d = (n % 100) as u8;
            return ymd(y, m, d);
        }
        9 | 10 => n,
        12 | 13 => n / 1000,
        _ => return None,
    };
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .map(|t| t.date())
}

/// The first date written in `text`, by the patterns of [`parse_date`].
pub(crate) fn first_date(text: &str) -> Option<Date> {
    dates_in(text, false).next().map(|(_, d)| d)
}

/// Every date written in `text`, with its byte offset, in text order. `02/10/2020` is
/// 10 February, as in American usage, unless `day_first` (a page in British English or
/// another language); dotted and dashed numeric dates are always day first.
pub(crate) fn dates_in(text: &str, day_first: bool) -> impl Iterator<Item = (usize, Date)> + '_ {
    DATE.captures_iter(text).filter_map(move |c| {
        let start = c.get(0)?.start();
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let date = if let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) {
            ymd(y, m as u8, d as u8)
        } else if let (Some(a), Some(b), Some(y)) = (num(4), num(6), num(7)) {
            let sep = c.get(5).map_or("", |m| m.as_str());
            let (d, m) = if a > 12 || (b <= 12 && (sep != "/" || day_first)) {
                (a, b)
            } else {
                (b, a)
            };
            ymd(y, m as u8, d as u8)
        } else if let (Some(d), Some(m), Some(y)) = (num(8), c.get(9), num(10)) {
            ymd(y, month(m.as_str())?, d as u8)
        } else if let (Some(m), Some(d), Some(y)) = (c.get(11), num(12), num(13)) {
            ymd(y, month(m.as_str())?, d as u8)
        } else {
            None
        }?;
        Some((start, date))
    })
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = concat!(
        // 2025-06-02, 2025/06/02, 2025.06.02 (then a time or zone may follow)
        r"(?-u:\b)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?-u:\b)|T)",
        // 02.06.2025, 2/6/2025, 06/02/2025, and "2. 6. 2025" as German typesetting
        // spaces it
        r"|(?-u:\b)(\d{1,2})([./-]|\.\s)(\d{1,2})(?:[./-]|\.\s)(\d{4})(?-u:\b)",
        // 2 June 2025, 2. Juni 2025, 2nd of June, 2025, 2 de junio de 2025
        r"|(?-u:\b)(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:of\s+|de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})(?-u:\b)",
        // June 2, 2025, Jun. 2nd 2025
        r"|(?-u:\b)(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?-u:\b)",
    );
    // ASCII word boundaries: Unicode ones keep the regex off its fast DFA engines on
    // non-ASCII text, and digits and month names are bounded by ASCII anyway.
    Regex::new(pattern).expect("the date pattern is valid")
});

/// Whether a page in `language` (a BCP 47 tag) writes `02/10/2020` day first: every
/// language but American English, and English without a region is taken as American.
pub(crate) fn day_first(language: Option<&str>) -> bool {
    let Some(lang) = language.map(|l| l.trim().to_ascii_lowercase().replace('_', "-")) else {
        return false;
    };
    if lang.is_empty() {
        return false;
    }
    match lang.split_once('-') {
        Some(("en", region)) => !matches!(region, "us" | "ca" | "ph"),
        Some((_, _)) => true,
        None => lang != "en",
    }
}

pub(crate) fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// The month a name or common abbreviation stands for, in English, German, French,
/// Spanish, Italian, Portuguese or Dutch.
pub(crate) fn month(word: &str) -> Option<u8> {
    const NAMES: &[(&str, u8)] = &[
        ("january", 1),
        ("jan", 1),
        ("januar", 1),
        ("jänner", 1),
        ("janvier", 1),
        ("enero", 1),
        ("gennaio", 1),
        ("janeiro", 1),
        ("januari", 1),
        ("february", 2),
        ("feb", 2),
        ("februar", 2),
        ("février", 2),
        ("fevrier", 2),
        ("febrero", 2),
        ("febbraio", 2),
        ("fevereiro", 2),
        ("februari", 2),
        ("march", 3),
        ("mar", 3),
        ("märz", 3),
        ("maerz", 3),
        ("mär", 3),
        ("mars", 3),
        ("marzo", 3),
        ("março", 3),
        ("maart", 3),
        ("april", 4),
        ("apr", 4),
        ("avril", 4),
        ("abril", 4),
        ("aprile", 4),
        ("may", 5),
        ("mai", 5),
        ("mayo", 5),
        ("maggio", 5),
        ("maio", 5),
        ("mei", 5),
        ("june", 6),
        ("jun", 6),
        ("juni", 6),
        ("juin", 6),
        ("junio", 6),
        ("giugno", 6),
        ("junho", 6),
        ("july", 7),
        ("jul", 7),
        ("juli", 7),
        ("juillet", 7),
        ("julio", 7),
        ("luglio", 7),
        ("julho", 7),
        ("august", 8),
        ("aug", 8),
        ("août", 8),
        ("aout", 8),
        ("agosto", 8),
        ("augustus", 8),
        ("september", 9),
        ("sep", 9),
        ("sept", 9),
        ("septembre", 9),
        ("septiembre", 9),
        ("setiembre", 9),
        ("settembre", 9),
        ("setembro", 9),
        ("october", 10),
        ("oct", 10),
        ("oktober", 10),
        ("okt", 10),
        ("octobre", 10),
        ("octubre", 10),
        ("ottobre", 10),
        ("outubro", 10),
        ("november", 11),
        ("nov", 11),
        ("novembre", 11),
        ("noviembre", 11),
        ("novembro", 11),
        ("december", 12),
        ("dec", 12),
        ("dezember", 12),
        ("dez", 12),
        ("décembre", 12),
        ("decembre", 12),
        ("diciembre", 12),
        ("dicembre", 12),
        ("dezembro", 12),
    ];
    let word = word.trim_end_matches('.').to_lowercase();
    NAMES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ISO shortcut finds what the pattern finds, for every shape it takes and the
    /// shapes next to them it must leave to the pattern.
    #[test]
    fn iso_days_are_read_as_the_pattern_reads_them() {
        for s in [
            "1987-02-26T15:01:01Z",
            "1987-02-26",
            "1987-02-26 15:01",
            "1987-02-26, Monday",
            "2025-13-01",
            "2025-02-30T00:00Z",
            "2025-06-021",
            "2025-06-02x",
            "2025-06-02é",
            "2025-6-2",
            "2025/06/02",
            "12025-06-02",
        ] {
            let shortcut = iso_day(s);
            if shortcut.is_some() {
                assert_eq!(shortcut, first_date(s), "{s}");
            }
            assert_eq!(parse_date(s), first_date(s).or(epoch(s)), "{s}");
        }
        assert_eq!(
            iso_day("1987-02-26T15:01:01Z"),
            Some(Date::from_calendar_date(1987, time::Month::February, 26).unwrap())
        );
    }
    use time::macros::date;

    #[test]
    fn field_formats() {
        let d = Some(date!(2025 - 06 - 02));
        for s in [
            "2025-06-02",
            "2025-06-02T10:00:00Z",
            "2025-06-02 10:00",
            "2025-06-02T23:59:59.123+05:30",
            "Mon, 02 Jun 2025 10:00:00 +0000",
            "Mon, 2 Jun 2025 10:00:00 GMT",
            "June 2, 2025",
            "Jun. 2, 2025",
            "2 June 2025",
            "2nd June 2025",
            "2. Juni 2025",
            "02.06.2025",
            "2 de junio de 2025",
            "1748822400",
            "1748822400000",
            "20250602",
            "2025/06/02",
            "2. 6. 2025",
            "2.\u{2009}6.\u{2009}2025",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "soon",
            "2025-13-45",
            "12345",
            "June 31, 2025",
            "Mayday 2, 2025",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn stamps_keep_time_and_offset() {
        let s = parse_stamp("2020-12-24T23:59:50+00:00").expect("a timestamp");
        assert!(s.is_utc());
        assert_eq!(s.day_at(120), date!(2020 - 12 - 25));
        let s = parse_stamp("2024-03-06 06:35Z").expect("a timestamp");
        assert_eq!(s.day_at(-8 * 60), date!(2024 - 03 - 05));
        let s = parse_stamp("2024-03-06T01:00:00.5+0530").expect("a timestamp");
        assert_eq!(s.offset, Some(330));
        assert_eq!(
            parse_stamp("2024-03-06T10:00").map(|s| s.offset),
            Some(None)
        );
        assert_eq!(parse_stamp("2024-03-06"), None);
        assert_eq!(parse_stamp("2024-03-06T25:00Z"), None);
    }

    #[test]
    fn slashes_follow_the_language() {
        let uk = |s| dates_in(s, day_first(Some("en-GB"))).next().map(|(_, d)| d);
        assert_eq!(uk("02/10/2020"), Some(date!(2020 - 10 - 02)));
        assert!(!day_first(Some("en")) && !day_first(Some("en-US")) && !day_first(None));
        assert!(day_first(Some("de")) && day_first(Some("fr-FR")));
    }

    #[test]
    fn slashes_are_american_unless_they_cannot_be() {
        assert_eq!(parse_date("06/02/2025"), Some(date!(2025 - 06 - 02)));
        assert_eq!(parse_date("13/02/2025"), Some(date!(2025 - 02 - 13)));
    }
}
