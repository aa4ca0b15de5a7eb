//! The on-disk encoding of every value newsdex writes into an index, both directions:
//! actor keys, folded actor forms, the publication day, its month number, and the stored
//! extraction record. Only this module knows how a value looks inside tantivy, so a
//! format change touches this file (and `FORMAT_VERSION`) alone.

use newsdex_extract::{Actor, ActorKind, Date, DateMention, DateValue};
use serde::{Deserialize, Serialize};

/// The `actors` value of an actor: `kind\0name`, so each kind sorts together.
pub(crate) fn actor_key(kind: ActorKind, name: &str) -> String {
    format!("{}\0{name}", kind.as_str())
}

/// `person\0Maria Zakharova` -> (Person, "Maria Zakharova").
pub(crate) fn decode_actor_key(key: &[u8]) -> Option<(ActorKind, String)> {
    let kind = kind_of(key)?;
    let name = std::str::from_utf8(&key[kind.as_str().len() + 1..]).ok()?;
    Some((kind, name.to_owned()))
}

/// `person\0Maria Zakharova` -> Person.
pub(crate) fn kind_of(key: &[u8]) -> Option<ActorKind> {
    let sep = key.iter().position(|b| *b == 0)?;
    ActorKind::parse(std::str::from_utf8(&key[..sep]).ok()?)
}

/// The `actor_form` term of a name: `kind\0` and the name lowercased, folded to ASCII
/// and its spaces folded, so filters ignore case, diacritics and spacing.
pub(crate) fn actor_form_key(kind: ActorKind, name: &str) -> String {
    format!("{}\0{}", kind.as_str(), folded_name(name))
}

/// A name lowercased, folded to ASCII and its spaces folded: how names are matched.
pub(crate) fn folded_name(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for (i, word) in name.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        if word.is_ascii() {
            // (Nothing to fold: lowercased in place, without a string per word.)
            let start = key.len();
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        } else {
            key.push_str(&super::analyzer::fold_lowercase(word));
        }
    }
    key
}

/// The `actor_alias` value of one form of an actor in an article: `kind\0name\0form`.
pub(crate) fn alias_key(kind: ActorKind, name: &str, form: &str) -> String {
    format!("{}\0{name}\0{form}", kind.as_str())
}

/// `person\0Paul Volcker\0Volcker` -> (Person, "Paul Volcker", "Volcker").
pub(crate) fn decode_alias_key(key: &[u8]) -> Option<(ActorKind, &str, &str)> {
    let kind = kind_of(key)?;
    let rest = std::str::from_utf8(&key[kind.as_str().len() + 1..]).ok()?;
    let (name, form) = rest.split_once('\0')?;
    Some((kind, name, form))
}

/// The `actor_form` terms a filter by `name` looks for: its own, and that of the
/// canonical name when `name` is one of several names of a place or organisation
/// ("U.S." -> "United States"): extraction names the actor by its canonical name, so an
/// article that only says "USA" still carries it.
pub(crate) fn actor_form_keys(kind: ActorKind, name: &str) -> Vec<String> {
    let own = actor_form_key(kind, name);
    match newsdex_extract::canonical_name(name).map(|c| actor_form_key(kind, c)) {
        Some(canonical) if canonical != own => vec![own, canonical],
        _ => vec![own],
    }
}

/// The `published` value of a calendar day: its number of days since 1970-01-01. A day
/// number, not tantivy's date type, which counts nanoseconds in an `i64` and so cannot
/// hold a day before 1677 or after 2262.
pub(crate) fn published_value(day: Date) -> i64 {
    i64::from(day.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY
}

/// The calendar day of a stored `published` value.
pub(crate) fn published_day(value: i64) -> Option<Date> {
    let julian = i32::try_from(value.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()?;
    Date::from_julian_day(julian).ok()
}

/// Where an article's title came from: the `title_kind` value, which ranking reads to
/// weigh a title match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleKind {
    /// No title.
    None = 0,
    /// Given by the input (a record's title, `Article::with_title`).
    Given = 1,
    /// Found by extraction in a page's text: its headline, not part of the body.
    Found = 2,
    /// A record's body with no title: a line of it (the first, as a rule) taken as the
    /// title, which stays in the body too; often a flash's or a price table's heading.
    BodyLine = 3,
}

impl TitleKind {
    /// The stored value.
    pub fn value(self) -> u64 {
        self as u64
    }

    /// The kind of a stored value; an unknown value (a later version's) as given.
    pub fn from_value(value: u64) -> TitleKind {
        match value {
            0 => TitleKind::None,
            2 => TitleKind::Found,
            3 => TitleKind::BodyLine,
            _ => TitleKind::Given,
        }
    }
}

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// The `published_month` value of an article without a known publication date.
pub(crate) const UNDATED_MONTH: u64 = 0;

/// `year * 12 + month`, at least 13 for year 1: the `published_month` value
/// ([`UNDATED_MONTH`]: undated).
pub(crate) fn month_number(year: i32, month: u8) -> u64 {
    u64::try_from(i64::from(year) * 12 + i64::from(month)).unwrap_or(UNDATED_MONTH)
}

/// The `published_month` value of a publication day, [`UNDATED_MONTH`] when undated.
pub(crate) fn month_of(day: Option<Date>) -> u64 {
    day.map_or(UNDATED_MONTH, |day| {
        month_number(day.year(), day.month() as u8)
    })
}

/// The (year, month) of a `published_month` value.
pub(crate) fn year_month(number: u64) -> Option<(i32, u8)> {
    let before = number.checked_sub(1)?;
    Some((
        i32::try_from(before / 12).ok()?,
        u8::try_from(before % 12 + 1).ok()?,
    ))
}

/// Where months and years begin among `mention` values, above every day number (day
/// numbers of years 1 to 9999 lie within ±3,000,000).
const MONTH_BASE: i64 = 100_000_000;
const YEAR_BASE: i64 = 200_000_000;

/// The `mention` value of a mentioned date: its day number, or its month or year in the
/// ranges above the days; `None` for a date without a year (`XXXX-11-14`).
pub(crate) fn mention_value(value: DateValue) -> Option<i64> {
    let year = value.year()?;
    match (value.month(), value.day()) {
        (Some(_), Some(_)) => value.to_date().map(published_value),
        (Some(month), None) => Some(MONTH_BASE + month_number(year, month) as i64),
        _ => Some(YEAR_BASE + i64::from(year)),
    }
}

/// The `mention_month` value of a mentioned date: the month of a day or month.
pub(crate) fn mention_month(value: DateValue) -> Option<u64> {
    Some(month_number(value.year()?, value.month()?)).filter(|&m| m > 0)
}

/// The ranges of `mention` values a period covers whole: its days, the months that lie
/// within it and the years that do ("2025-12" covers 22 December 2025 and December 2025,
/// not the year 2025).
pub(crate) fn mention_ranges(first: Date, last: Date) -> Vec<(i64, i64)> {
    let mut ranges = vec![(published_value(first), published_value(last))];
    let month_of_day = |d: Date| month_number(d.year(), d.month() as u8) as i64;
    // The first month starting on or after `first`, the last ending on or before `last`.
    let first_month = month_of_day(first) + i64::from(first.day() != 1);
    let last_month = month_of_day(last) - i64::from(last.next_day().is_some_and(|n| n.day() != 1));
    if first_month <= last_month {
        ranges.push((MONTH_BASE + first_month, MONTH_BASE + last_month));
    }
    let starts_year = first.ordinal() == 1;
    let ends_year = last.month() == time::Month::December && last.day() == 31;
    let first_year = i64::from(first.year()) + i64::from(!starts_year);
    let last_year = i64::from(last.year()) - i64::from(!ends_year);
    if first_year <= last_year {
        ranges.push((YEAR_BASE + first_year, YEAR_BASE + last_year));
    }
    ranges
}

/// Whether a mentioned date lies within the period (as `mention_ranges` has it).
pub(crate) fn mention_within(value: DateValue, first: Date, last: Date) -> bool {
    mention_value(value).is_some_and(|v| {
        mention_ranges(first, last)
            .iter()
            .any(|&(lo, hi)| (lo..=hi).contains(&v))
    })
}

/// What an index stores of an extraction beside the fields it spreads it over: the
/// actors with their forms and counts, the dates with their spans, where the body starts
/// and where the publication date came from. Written as the `record` field's bytes
/// ([`StoredExtraction::into_bytes`]); an index made before that field keeps it as JSON
/// text in `extracted` ([`StoredExtraction::into_json`]).
#[derive(Debug, Default)]
pub(crate) struct StoredExtraction {
    pub actors: Vec<Actor>,
    pub dates: Vec<DateMention>,
    /// Where the stored body starts in the text extraction read, so that spans can be
    /// placed in the body.
    pub body_at: usize,
    /// Where the publication date came from (`dateline`, `json-ld`, ...), if it is known.
    pub published_source: Option<String>,
}

/// The JSON of `extracted`, as compact tuples (field names repeated per actor were a
/// third of the store).
#[derive(Serialize, Deserialize)]
struct Json {
    /// (name, kind, mentions, forms other than the name)
    actors: Vec<(String, ActorKind, u32, Vec<String>)>,
    /// (text, value, start, end)
    dates: Vec<(String, DateValue, usize, usize)>,
    #[serde(default)]
    body_at: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published_source: Option<String>,
}

/// The bytes of `record` (postcard: integers as varints, strings length-prefixed). A
/// date's text is left out when it is the body's bytes at its span, as nearly all are.
#[derive(Serialize, Deserialize)]
struct Compact {
    /// (name, kind, mentions, forms other than the name)
    actors: Vec<(String, ActorKind, u32, Vec<String>)>,
    /// (text unless the body has it, value, start, length)
    dates: Vec<(Option<String>, DateValue, usize, usize)>,
    body_at: usize,
    published_source: Option<String>,
}

/// The bytes of `extraction` (postcard), the record of an index made since it: as
/// [`Compact`], with the names and forms the body holds written as spans, dates as
/// numbers, and the article's source (no longer a stored field of its own) as its line
/// in its input where it is one. Each is smaller after compression than what it replaces.
#[derive(Serialize, Deserialize)]
struct Packed {
    /// (name, kind, mentions, forms other than the name)
    actors: Vec<(Text, ActorKind, u32, Vec<Text>)>,
    /// (text unless the body has it, value ([`pack_date`]), start less the previous
    /// date's start, length)
    dates: Vec<(Option<String>, u64, i64, u64)>,
    body_at: u64,
    published_source: Option<String>,
    source: Source,
}

/// A name or form: the body's bytes at a span, or written out.
#[derive(Serialize, Deserialize)]
enum Text {
    /// Starting this many bytes after the previous span's start (before it when
    /// negative), this long.
    Body(i64, u64),
    Written(String),
}

/// Where an article was read from, as the record keeps it.
#[derive(Serialize, Deserialize)]
enum Source {
    None,
    /// Its input (`origin`) itself.
    Origin,
    /// This line of its input (`origin:line`).
    Line(u64),
    Written(String),
}

/// A date value as one number: the year zigzagged and plus one (0: unknown) above the
/// month (0: none) and the day (0: none) in the low nine bits.
fn pack_date(value: DateValue) -> u64 {
    let year = value
        .year()
        .map_or(0, |y| u64::from(((y << 1) ^ (y >> 31)) as u32) + 1);
    year << 9 | u64::from(value.month().unwrap_or(0)) << 5 | u64::from(value.day().unwrap_or(0))
}

/// A date value from [`pack_date`]'s number; `None` when it is no value's.
fn unpack_date(packed: u64) -> Option<DateValue> {
    let part = |n: u64| u8::try_from(n).ok().filter(|&n| n > 0);
    let (month, day) = (part(packed >> 5 & 0xf), part(packed & 0x1f));
    let year = match (packed >> 9).checked_sub(1) {
        None => None,
        Some(zigzag) => {
            let zigzag = u32::try_from(zigzag).ok()?;
            Some(((zigzag >> 1) as i32) ^ -((zigzag & 1) as i32))
        }
    };
    DateValue::from_parts(year, month, day)
}

/// An actor as stored: its forms other than its name.
fn stored_actor(a: Actor) -> (String, ActorKind, u32, Vec<String>) {
    let forms = a.forms.into_iter().filter(|f| *f != a.name).collect();
    (a.name, a.kind, a.mentions, forms)
}

/// An actor read back: its name first among its forms.
fn read_actor((name, kind, mentions, others): (String, ActorKind, u32, Vec<String>)) -> Actor {
    let mut forms = Vec::with_capacity(others.len() + 1);
    forms.push(name.clone());
    forms.extend(others);
    Actor::new(name, kind, forms, mentions)
}

impl StoredExtraction {
    /// The `record` bytes; `body` is the body as stored, whose text a date's span
    /// points at.
    pub fn into_bytes(self, body: &str) -> Vec<u8> {
        let body_at = self.body_at;
        let in_body = |d: &DateMention| {
            let span = d.start.checked_sub(body_at)?..d.end.checked_sub(body_at)?;
            body.get(span)
        };
        let dates = self
            .dates
            .into_iter()
            .map(|d| {
                let text = (in_body(&d) != Some(d.text.as_str())).then(|| d.text.clone());
                (text, d.value, d.start, d.end.saturating_sub(d.start))
            })
            .collect();
        let compact = Compact {
            actors: self.actors.into_iter().map(stored_actor).collect(),
            dates,
            body_at,
            published_source: self.published_source,
        };
        // Serialising into a Vec fails only on what this struct cannot hold.
        postcard::to_allocvec(&compact).unwrap_or_default()
    }

    /// A `record` read back; `None` when the bytes are not one. `body` is the body as
    /// stored, which holds most dates' text.
    pub fn from_bytes(bytes: &[u8], body: &str) -> Option<StoredExtraction> {
        let compact: Compact = postcard::from_bytes(bytes).ok()?;
        let body_at = compact.body_at;
        let mut dates = Vec::with_capacity(compact.dates.len());
        for (text, value, start, len) in compact.dates {
            let end = start.checked_add(len)?;
            let text = match text {
                Some(text) => text,
                None => body
                    .get(start.checked_sub(body_at)?..end.checked_sub(body_at)?)?
                    .to_owned(),
            };
            dates.push(DateMention::new(text, value, start, end));
        }
        Some(StoredExtraction {
            actors: compact.actors.into_iter().map(read_actor).collect(),
            dates,
            body_at,
            published_source: compact.published_source,
        })
    }

    /// The `extraction` bytes, the article's `source` with them; `body` is the body as
    /// stored and `origin` the input the article came from (the `origin` column), which
    /// the bytes point into instead of repeating.
    pub fn into_packed(self, body: &str, source: Option<&str>, origin: Option<&str>) -> Vec<u8> {
        let body_at = self.body_at;
        let mut last = 0i64;
        // (A match of one UTF-8 string in another starts on a char boundary, as
        // `str::find`'s does; memchr's SIMD searcher made a whole build 1% fewer
        // instructions by callgrind.)
        let mut text = |s: String| match memchr::memmem::find(body.as_bytes(), s.as_bytes())
            .filter(|_| !s.is_empty())
        {
            Some(at) => {
                let at = at as i64;
                let step = at - last;
                last = at;
                Text::Body(step, s.len() as u64)
            }
            None => Text::Written(s),
        };
        let actors = self
            .actors
            .into_iter()
            .map(stored_actor)
            .map(|(name, kind, mentions, forms)| {
                let name = text(name);
                (
                    name,
                    kind,
                    mentions,
                    forms.into_iter().map(&mut text).collect(),
                )
            })
            .collect();
        let mut previous = 0;
        let dates = self
            .dates
            .into_iter()
            .map(|d| {
                let span = d.start.checked_sub(body_at).zip(d.end.checked_sub(body_at));
                let in_body = span.and_then(|(s, e)| body.get(s..e)) == Some(d.text.as_str());
                let step = d.start as i64 - previous as i64;
                previous = d.start;
                let len = d.end.saturating_sub(d.start) as u64;
                ((!in_body).then_some(d.text), pack_date(d.value), step, len)
            })
            .collect();
        let source = match (source, origin) {
            (None, _) => Source::None,
            (Some(s), Some(o)) if s == o => Source::Origin,
            (Some(s), Some(o)) => match s
                .strip_prefix(o)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|line| line.parse::<u64>().ok())
                .filter(|line| format!("{o}:{line}") == s)
            {
                Some(line) => Source::Line(line),
                None => Source::Written(s.to_owned()),
            },
            (Some(s), None) => Source::Written(s.to_owned()),
        };
        let packed = Packed {
            actors,
            dates,
            body_at: body_at as u64,
            published_source: self.published_source,
            source,
        };
        // Serialising into a Vec fails only on what this struct cannot hold.
        postcard::to_allocvec(&packed).unwrap_or_default()
    }

    /// An `extraction` record read back with the article's source; `None` when the bytes
    /// are not one. `body` is the body as stored; `origin` gives the article's input
    /// (asked only when the source is in it).
    pub fn from_packed(
        bytes: &[u8],
        body: &str,
        origin: impl FnOnce() -> Option<String>,
    ) -> Option<(StoredExtraction, Option<String>)> {
        let packed: Packed = postcard::from_bytes(bytes).ok()?;
        let mut last = 0i64;
        let mut text = |t: Text| -> Option<String> {
            match t {
                Text::Written(s) => Some(s),
                Text::Body(step, len) => {
                    let at = last.checked_add(step)?;
                    last = at;
                    let at = usize::try_from(at).ok()?;
                    let end = at.checked_add(usize::try_from(len).ok()?)?;
                    Some(body.get(at..end)?.to_owned())
                }
            }
        };
        let mut actors = Vec::with_capacity(packed.actors.len());
        for (name, kind, mentions, forms) in packed.actors {
            let name = text(name)?;
            let forms = forms
                .into_iter()
                .map(&mut text)
                .collect::<Option<Vec<_>>>()?;
            actors.push(read_actor((name, kind, mentions, forms)));
        }
        let body_at = usize::try_from(packed.body_at).ok()?;
        let mut dates = Vec::with_capacity(packed.dates.len());
        let mut start = 0usize;
        for (text, value, step, len) in packed.dates {
            start = usize::try_from(i64::try_from(start).ok()?.checked_add(step)?).ok()?;
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            let text = match text {
                Some(text) => text,
                None => body
                    .get(start.checked_sub(body_at)?..end.checked_sub(body_at)?)?
                    .to_owned(),
            };
            dates.push(DateMention::new(text, unpack_date(value)?, start, end));
        }
        let source = match packed.source {
            Source::None => None,
            Source::Origin => Some(origin()?),
            Source::Line(line) => Some(format!("{}:{line}", origin()?)),
            Source::Written(s) => Some(s),
        };
        let record = StoredExtraction {
            actors,
            dates,
            body_at,
            published_source: packed.published_source,
        };
        Some((record, source))
    }

    /// The `extracted` JSON of an index made before `record`.
    pub fn into_json(self) -> Option<String> {
        serde_json::to_string(&Json {
            actors: self.actors.into_iter().map(stored_actor).collect(),
            dates: self
                .dates
                .into_iter()
                .map(|d| (d.text, d.value, d.start, d.end))
                .collect(),
            body_at: self.body_at,
            published_source: self.published_source,
        })
        .ok()
    }

    /// An `extracted` JSON read back; `None` when it cannot be read.
    pub fn from_json(json: &str) -> Option<StoredExtraction> {
        let stored: Json = serde_json::from_str(json).ok()?;
        Some(StoredExtraction {
            actors: stored.actors.into_iter().map(read_actor).collect(),
            dates: stored
                .dates
                .into_iter()
                .map(|(text, value, start, end)| DateMention::new(text, value, start, end))
                .collect(),
            body_at: stored.body_at,
            published_source: stored.published_source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_numbers_read_back_as_their_month() {
        for (year, month) in [(1, 1), (1987, 3), (2025, 12), (9999, 12)] {
            assert_eq!(
                year_month(month_number(year, month)),
                Some((year, month)),
                "{year}-{month}"
            );
        }
        assert_eq!(year_month(0), None);
    }

    #[test]
    fn publication_days_read_back_across_the_calendar() {
        use time::Month;
        for (y, m, d) in [
            (1, 1, 1),
            (1677, 9, 21),
            (1970, 1, 1),
            (2262, 4, 12),
            (9999, 12, 31),
        ] {
            let day = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
            assert_eq!(published_day(published_value(day)), Some(day), "{day}");
        }
        assert_eq!(
            published_value(Date::from_calendar_date(1970, Month::January, 2).unwrap()),
            1
        );
        assert_eq!(published_day(i64::MAX), None);
    }

    #[test]
    fn a_period_covers_the_days_months_and_years_within_it() {
        use time::Month;
        let day = |y, m, d| Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        let dec22 = DateValue::from_day(day(2025, 12, 22));
        let dec = DateValue::from_month(2025, time::Month::December);
        let y2025 = DateValue::from_year(2025);
        let within = |v, a, b| mention_within(v, a, b);
        // December 2025: its days and the month, not the year.
        let (first, last) = (day(2025, 12, 1), day(2025, 12, 31));
        assert!(within(dec22, first, last) && within(dec, first, last));
        assert!(!within(y2025, first, last));
        // The whole year: all three.
        let (first, last) = (day(2025, 1, 1), day(2025, 12, 31));
        assert!(
            within(dec22, first, last) && within(dec, first, last) && within(y2025, first, last)
        );
        // One day: only that day.
        assert!(within(dec22, day(2025, 12, 22), day(2025, 12, 22)));
        assert!(!within(dec, day(2025, 12, 22), day(2025, 12, 22)));
        // November to December: both months, no year.
        let (first, last) = (day(2025, 11, 1), day(2025, 12, 31));
        assert!(
            within(
                DateValue::from_month(2025, time::Month::November),
                first,
                last
            ) && within(dec, first, last)
        );
        assert!(!within(
            DateValue::from_month(2025, time::Month::October),
            first,
            last
        ));
        // Mid-month bounds leave the month out.
        assert!(!within(dec, day(2025, 12, 2), day(2025, 12, 31)));
        assert!(mention_value("XXXX-11-14".parse().unwrap()).is_none());
    }

    #[test]
    fn actor_keys_read_back() {
        let key = actor_key(ActorKind::Person, "Maria Zakharova");
        assert_eq!(
            decode_actor_key(key.as_bytes()),
            Some((ActorKind::Person, "Maria Zakharova".to_owned()))
        );
        assert_eq!(kind_of(b"org\0CSTO"), Some(ActorKind::Org));
        assert_eq!(kind_of(b"nothing"), None);
    }

    /// A record of a headline and body, with one date in each: the body's date is read
    /// back from the body, the headline's (which no stored field holds at its span) is
    /// kept.
    fn record() -> (StoredExtraction, String) {
        let title = "Talks end 5 May";
        let body = "Ministers met on 4 May 2025 in Moscow.";
        let body_at = title.len() + 2;
        let date = |text: &str, value: &str, start: usize| {
            DateMention::new(
                text.to_owned(),
                value.parse().unwrap(),
                start,
                start + text.len(),
            )
        };
        let record = StoredExtraction {
            actors: vec![Actor::new(
                "Moscow".to_owned(),
                ActorKind::Place,
                vec!["Moscow".to_owned(), "Moskva".to_owned()],
                2,
            )],
            dates: vec![
                date("5 May", "XXXX-05-05", 10),
                date("4 May 2025", "2025-05-04", body_at + 17),
            ],
            body_at,
            published_source: Some("dateline".to_owned()),
        };
        (record, body.to_owned())
    }

    fn summary(r: &StoredExtraction) -> String {
        format!(
            "{:?} {:?} {} {:?}",
            r.actors, r.dates, r.body_at, r.published_source
        )
    }

    #[test]
    fn records_read_back_as_bytes_and_as_json() {
        let (original, body) = record();
        let want = summary(&original);
        let bytes = record().0.into_bytes(&body);
        let read = StoredExtraction::from_bytes(&bytes, &body).unwrap();
        assert_eq!(summary(&read), want);
        let json = record().0.into_json().unwrap();
        assert_eq!(summary(&StoredExtraction::from_json(&json).unwrap()), want);
        assert!(
            bytes.len() * 2 < json.len(),
            "{} vs {}",
            bytes.len(),
            json.len()
        );
    }

    #[test]
    fn date_values_read_back_from_their_numbers() {
        for text in [
            "2025-05-04",
            "XXXX-05-05",
            "XXXX-01",
            "1987-02",
            "1987",
            "0001-01-01",
            "9999-12-31",
            "2025-02-30",
        ] {
            let value: DateValue = text.parse().unwrap();
            assert_eq!(unpack_date(pack_date(value)), Some(value), "{text}");
        }
        for year in [-4000, -1, 0, 1, i32::MAX, i32::MIN] {
            let value = DateValue::from_year(year);
            assert_eq!(unpack_date(pack_date(value)), Some(value), "{year}");
        }
        // Numbers that are no value's: a day without a month, month 13, nothing at all.
        for bad in [1, 13 << 5, 3 | 4050 << 9, 0] {
            assert_eq!(unpack_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_packed_record_reads_back_with_its_source() {
        let (original, body) = record();
        let want = summary(&original);
        for (source, origin) in [
            (Some("feeds/wire.jsonl:12"), Some("feeds/wire.jsonl")),
            (Some("feeds/wire.txt"), Some("feeds/wire.txt")),
            (Some("https://example.org/a"), Some("feeds/pages")),
            (Some("feeds/wire.jsonl:012"), Some("feeds/wire.jsonl")),
            (None, Some("feeds/wire.jsonl")),
            (Some("feeds/wire.jsonl:12"), None),
        ] {
            let bytes = record().0.into_packed(&body, source, origin);
            let asked = std::cell::Cell::new(false);
            let (read, read_source) = StoredExtraction::from_packed(&bytes, &body, || {
                asked.set(true);
                origin.map(str::to_owned)
            })
            .unwrap();
            assert_eq!(summary(&read), want);
            assert_eq!(read_source.as_deref(), source, "{origin:?}");
            // The input is looked up only when the source is (a line of) it.
            let derived = source
                .zip(origin)
                .is_some_and(|(s, o)| s == o || s.strip_prefix(o).is_some_and(|r| r == ":12"));
            assert_eq!(asked.get(), derived, "{source:?} {origin:?}");
        }
        // Names and dates the body holds are not written out again.
        let bytes = record().0.into_packed(&body, None, None);
        assert!(bytes.len() < record().0.into_bytes(&body).len());
        let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!has("4 May 2025") && has("5 May"));
        assert!(!has("Moscow") && has("Moskva"));
        assert!(StoredExtraction::from_packed(&bytes, "short", || None).is_none());
        assert!(StoredExtraction::from_packed(b"\xff\xff\xff", &body, || None).is_none());
    }

    #[test]
    fn a_date_in_the_body_is_not_stored_twice() {
        let (original, body) = record();
        let bytes = original.into_bytes(&body);
        let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(has("5 May"), "the headline's date is kept");
        assert!(!has("4 May 2025"), "the body's is read from the body");
        // A body that does not hold the span makes the record unreadable, not wrong.
        assert!(StoredExtraction::from_bytes(&bytes, "short").is_none());
        assert!(StoredExtraction::from_bytes(b"\xff\xff\xff", &body).is_none());
    }
}
