//! Word tables for date expressions: month and weekday names, number words, and the
//! small closed classes (prepositions, quantity words, future markers) the rules consult.
//! Every lookup is case-insensitive and allocation-free.

/// The month (1–12) a name or abbreviation stands for, and whether it is an abbreviation
/// (abbreviations only count when followed by a period or a day number, since "Jan" and
/// "Dec" are also names).
pub(crate) fn month(word: &str) -> Option<(u8, bool)> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const SHORT: [(&str, u8); 13] = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
        ("febr", 2),
    ];
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    if let Some(i) = FULL.iter().position(|m| m.eq_ignore_ascii_case(word)) {
        return Some((i as u8 + 1, false));
    }
    SHORT
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(word))
        .map(|&(_, m)| (m, true))
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
    DAYS.iter()
        .position(|d| d.eq_ignore_ascii_case(word))
        .map(|i| i as u8)
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

/// Words that, earlier in the same clause, point a bare weekday or month forwards in time
/// ("will meet on Friday", "is expected in March").
pub(crate) fn is_future_marker(word: &str) -> bool {
    const WORDS: [&str; 17] = [
        "will",
        "ll",
        "shall",
        "expected",
        "expects",
        "scheduled",
        "planned",
        "due",
        "until",
        "till",
        "soon",
        "upcoming",
        "forthcoming",
        "effective",
        "payable",
        "tomorrow",
        "coming",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
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
