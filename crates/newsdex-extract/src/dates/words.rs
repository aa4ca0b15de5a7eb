//! Word tables for date expressions: month and weekday names, number words, and the
//! small closed classes (prepositions, quantity words, future markers) the rules consult.
//! Every lookup is case-insensitive and allocation-free.

/// The month (1–12) a name or abbreviation stands for, and whether it is an abbreviation
/// (abbreviations only count when followed by a period or a day number, since "Jan" and
/// "Dec" are also names).
pub(crate) fn month(word: &str) -> Option<(u8, bool)> {
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    // Any case: the word is lowercased on the stack and matched, full names first.
    let mut buf = [0u8; 16];
    let l = ascii_lower(word, &mut buf)?;
    let full = match l {
        b"january" => 1,
        b"february" => 2,
        b"march" => 3,
        b"april" => 4,
        b"may" => 5,
        b"june" => 6,
        b"july" => 7,
        b"august" => 8,
        b"september" => 9,
        b"october" => 10,
        b"november" => 11,
        b"december" => 12,
        _ => 0,
    };
    if full != 0 {
        return Some((full, false));
    }
    let short = match l {
        b"jan" => 1,
        b"feb" | b"febr" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" | b"sept" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    };
    Some((short, true))
}

/// The weekday a name stands for, Monday = 0.
pub(crate) fn weekday(word: &str) -> Option<u8> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if !(6..=9).contains(&word.len()) {
        return None;
    }
    let mut buf = [0u8; 16];
    let l = ascii_lower(word, &mut buf)?;
    DAYS.iter().position(|d| d.as_bytes() == l).map(|i| i as u8)
}

/// Small cardinal numbers as words ("a", "one" … "twenty"), for "three years ago".
pub(crate) fn small_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
        return Some(1);
    }
    WORDS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|i| i as u32)
}

/// Tens as words ("twenty" … "ninety"), for spelled-out years ("nineteen ninety-six").
pub(crate) fn tens(word: &str) -> Option<u32> {
    const WORDS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    WORDS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|i| (i as u32 + 2) * 10)
}

/// Ordinal suffixes written after a day number: "22nd", "1st".
pub(crate) fn is_ordinal_suffix(word: &str) -> bool {
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(word))
}

/// Words that, right before a bare month name or a four-digit number, make it read as a
/// point in time ("in March", "since 1991", "the December meeting").
pub(crate) fn is_time_preposition(word: &str) -> bool {
    const WORDS: [&str; 24] = [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "of",
        "before",
        "after",
        "during",
        "through",
        "throughout",
        "early",
        "late",
        "mid",
        "on",
        "to",
        "and",
        "or",
        "the",
        "this",
        "last",
        "next",
        "between",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Words that make a following number a count rather than a year ("about 2000 troops").
pub(crate) fn is_quantity_word(word: &str) -> bool {
    const WORDS: [&str; 14] = [
        "about",
        "some",
        "nearly",
        "over",
        "than",
        "around",
        "approximately",
        "almost",
        "least",
        "only",
        "roughly",
        "total",
        "estimated",
        "additional",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Nouns that make a preceding number a count or a measure ("1500 people", "2000 km").
pub(crate) fn is_unit_noun(word: &str) -> bool {
    const WORDS: [&str; 30] = [
        "people",
        "persons",
        "troops",
        "soldiers",
        "men",
        "women",
        "children",
        "workers",
        "employees",
        "jobs",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "feet",
        "tons",
        "tonnes",
        "barrels",
        "shares",
        "votes",
        "dollars",
        "euros",
        "pounds",
        "rubles",
        "units",
        "points",
        "hectares",
        "acres",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A word that, after a four-digit number, makes it a time of day: a time zone ("1530
/// EST", "1000 GMT", "1228 gmt"), "hrs" or "hours", or "local" or a capitalised word
/// before "time" ("2100 local time", "1000 London time", "1305 Central Time"). (Zones
/// that are also words elsewhere only in capitals: "1530 est" is French for "1530 is".)
pub(crate) fn is_clock_word(word: &str, next: Option<&str>) -> bool {
    let before_time = next.is_some_and(|n| n.eq_ignore_ascii_case("time"))
        && (word.eq_ignore_ascii_case("local")
            || word.chars().next().is_some_and(char::is_uppercase));
    before_time
        || matches!(
            word,
            "gmt" | "utc" | "edt" | "cdt" | "cst" | "mdt" | "mst" | "pst" | "pdt" | "bst"
        )
        || is_zone_or_hours(word)
}

/// A time zone in capitals, or "hrs" or "hours".
fn is_zone_or_hours(word: &str) -> bool {
    matches!(
        word,
        "GMT"
            | "UTC"
            | "EST"
            | "EDT"
            | "CST"
            | "CDT"
            | "MST"
            | "MDT"
            | "PST"
            | "PDT"
            | "BST"
            | "CET"
            | "CEST"
            | "EET"
            | "EEST"
            | "MSK"
            | "JST"
            | "AEST"
            | "HKT"
            | "SGT"
            | "hrs"
            | "HRS"
            | "hours"
    )
}

/// Words a table of market quotes puts after a price: bid, asked, offered, sellers and
/// buyers ("ba"), down, up, unchanged, nominal, paid.
pub(crate) fn is_quote_word(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        ascii_lower(word, &mut buf),
        Some(
            b"bid"
                | b"ask"
                | b"asked"
                | b"offer"
                | b"offered"
                | b"ba"
                | b"dn"
                | b"up"
                | b"unch"
                | b"nom"
                | b"paid"
        )
    )
}

/// Words that, earlier in the same clause, point a bare weekday or month forwards in time
/// ("will meet on Friday", "is expected in March").
/// (Any case: the word is lowercased on the stack and matched, not compared with each.)
pub(crate) fn is_future_marker(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        ascii_lower(word, &mut buf),
        Some(
            b"will"
                | b"ll"
                | b"shall"
                | b"expected"
                | b"expects"
                | b"scheduled"
                | b"planned"
                | b"due"
                | b"until"
                | b"till"
                | b"soon"
                | b"upcoming"
                | b"forthcoming"
                | b"effective"
                | b"payable"
                | b"tomorrow"
                | b"coming"
        )
    )
}

/// Nouns that make "today's" the present in general ("today's world", "today's youth").
pub(crate) fn is_generic_present(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        ascii_lower(word, &mut buf),
        Some(b"world" | b"society" | b"youth" | b"generation" | b"children" | b"kids")
    )
}

/// Words that, right before "to", make the verb after it a plan or a schedule ("is to
/// resume", "set to meet", "plans to sign"), which points a weekday or month forwards.
pub(crate) fn is_intention_before_to(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        ascii_lower(word, &mut buf),
        Some(
            b"is"
                | b"are"
                | b"set"
                | b"plan"
                | b"plans"
                | b"planning"
                | b"intend"
                | b"intends"
                | b"going"
                | b"hopes"
                | b"aims"
                | b"likely"
        )
    )
}

/// `w` with ASCII letters lowercased, written into `buf`, when it fits. The word lists
/// matched against it are lowercase ASCII, so this is `eq_ignore_ascii_case` with each:
/// other bytes are kept as they are and never match.
pub(crate) fn ascii_lower<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let b = buf.get_mut(..w.len())?;
    // (Byte by byte: a copy of variable length would call `memcpy` for a short word.)
    for (d, &c) in b.iter_mut().zip(w.as_bytes()) {
        *d = c.to_ascii_lowercase();
    }
    Some(b)
}

/// Holidays on a fixed or rule-given calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    /// 24 December.
    ChristmasEve,
    /// 25 December.
    Christmas,
    /// 31 December.
    NewYearsEve,
    /// 1 January.
    NewYearsDay,
    /// The fourth Thursday of November (United States).
    Thanksgiving,
}

impl Holiday {
    /// The holiday's day in `year`.
    pub(crate) fn date(self, year: i32) -> Option<time::Date> {
        use time::{Date, Month};
        match self {
            Holiday::ChristmasEve => Date::from_calendar_date(year, Month::December, 24).ok(),
            Holiday::Christmas => Date::from_calendar_date(year, Month::December, 25).ok(),
            Holiday::NewYearsEve => Date::from_calendar_date(year, Month::December, 31).ok(),
            Holiday::NewYearsDay => Date::from_calendar_date(year, Month::January, 1).ok(),
            Holiday::Thanksgiving => {
                let first = Date::from_calendar_date(year, Month::November, 1).ok()?;
                let to_thursday =
                    (3 + 7 - i64::from(first.weekday().number_days_from_monday())) % 7;
                first.checked_add(time::Duration::days(to_thursday + 21))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_abbreviations() {
        assert_eq!(month("December"), Some((12, false)));
        assert_eq!(month("SEPT"), Some((9, true)));
        assert_eq!(month("Mayor"), None);
    }

    #[test]
    fn holidays() {
        assert_eq!(
            Holiday::Thanksgiving.date(1999),
            Some(time::macros::date!(1999 - 11 - 25))
        );
        assert_eq!(
            Holiday::Thanksgiving.date(2025),
            Some(time::macros::date!(2025 - 11 - 27))
        );
        assert_eq!(
            Holiday::Christmas.date(2030),
            Some(time::macros::date!(2030 - 12 - 25))
        );
    }

    #[test]
    fn weekdays_and_numbers() {
        assert_eq!(weekday("friday"), Some(4));
        assert_eq!(small_number("three"), Some(3));
        assert_eq!(small_number("an"), Some(1));
        assert_eq!(tens("ninety"), Some(90));
    }
}
