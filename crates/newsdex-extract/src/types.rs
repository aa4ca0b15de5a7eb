//! The values extraction produces: actors, dated mentions and the article-level summary.
//! The engine stores exactly these, so their shape is the contract between the crates.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

/// What kind of actor a name refers to.
///
/// Not `#[non_exhaustive]`, on purpose: a new kind changes what an index stores and how
/// facets are split, so every `match` on a kind should fail to compile until it says
/// what to do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A person: "Maria Zakharova".
    Person,
    /// An organisation: institutions, ministries, companies, media outlets, alliances.
    Org,
    /// A place: countries, cities, regions.
    Place,
}

impl ActorKind {
    /// Every kind, in display order.
    pub const ALL: [ActorKind; 3] = [ActorKind::Person, ActorKind::Org, ActorKind::Place];

    /// The lowercase name used in facets, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Org => "org",
            ActorKind::Place => "place",
        }
    }

    /// Parses `person`, `org` or `place` (case-insensitive; `organisation`,
    /// `organization`, `location` and `loc` are accepted too).
    pub fn parse(s: &str) -> Option<ActorKind> {
        match s.to_ascii_lowercase().as_str() {
            "person" | "per" | "people" => Some(ActorKind::Person),
            "org" | "organisation" | "organization" => Some(ActorKind::Org),
            "place" | "loc" | "location" => Some(ActorKind::Place),
            _ => None,
        }
    }
}

impl std::str::FromStr for ActorKind {
    type Err = ParseActorKindError;

    /// As [`ActorKind::parse`].
    fn from_str(s: &str) -> Result<ActorKind, ParseActorKindError> {
        ActorKind::parse(s).ok_or_else(|| ParseActorKindError(s.to_owned()))
    }
}

/// A kind of actor that is none of `person`, `org`, `place`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseActorKindError(String);

impl fmt::Display for ParseActorKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown actor kind {:?}; use person, org or place",
            self.0
        )
    }
}

impl std::error::Error for ParseActorKindError {}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person, organisation or place named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Actor {
    /// The canonical name: the fullest form found ("Maria Zakharova", not "Zakharova"),
    /// or for a place or organisation known by several names, the one it goes by
    /// ("United States" for "U.S.", see [`crate::canonical_name`]).
    pub name: String,
    /// What kind of actor this is.
    pub kind: ActorKind,
    /// Every distinct surface form found in the text, in order of first appearance.
    pub forms: Vec<String>,
    /// How many times any of the forms occurs.
    pub mentions: u32,
}

impl Actor {
    /// An actor of this kind, its canonical name, the forms it was written in (the
    /// name first) and how often they occur.
    pub fn new(name: String, kind: ActorKind, forms: Vec<String>, mentions: u32) -> Actor {
        Actor {
            name,
            kind,
            forms,
            mentions,
        }
    }
}

/// Joins the actors of one article that share a kind and a name, in order of first
/// appearance: mentions add up, forms are kept once each, and `join` combines what each
/// carries beside it. (By a map: a search of those joined so far made a long article's
/// thousands of actors quadratic.)
pub(crate) fn join_same_names<T>(
    actors: impl IntoIterator<Item = (Actor, T)>,
    join: impl Fn(&mut T, T),
) -> Vec<(Actor, T)> {
    use std::collections::hash_map::Entry;
    let actors = actors.into_iter();
    let mut joined: Vec<(Actor, T)> = Vec::with_capacity(actors.size_hint().0);
    let mut at: std::collections::HashMap<(ActorKind, String), usize> =
        std::collections::HashMap::with_capacity(actors.size_hint().0);
    for (a, extra) in actors {
        match at.entry((a.kind, a.name.clone())) {
            Entry::Occupied(e) => {
                let (m, carried) = &mut joined[*e.get()];
                m.mentions += a.mentions;
                for f in a.forms {
                    if !m.forms.contains(&f) {
                        m.forms.push(f);
                    }
                }
                join(carried, extra);
            }
            Entry::Vacant(e) => {
                e.insert(joined.len());
                joined.push((a, extra));
            }
        }
    }
    joined
}

/// A calendar value in TimeML form: a year, a month of a year, a day, or a day whose
/// year is unknown (`XXXX-11-14`).
///
/// It serialises as its TimeML string.
///
/// Its parts are read with [`DateValue::from_year`], [`DateValue::month`] and
/// [`DateValue::from_day`]; it is made by the constructors or parsed from TimeML, so a month is
/// always 1–12 and a day 1–31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateValue {
    pub(crate) year: Option<i32>,
    pub(crate) month: Option<u8>,
    pub(crate) day: Option<u8>,
}

impl DateValue {
    /// A whole year.
    pub fn from_year(year: i32) -> Self {
        DateValue {
            year: Some(year),
            month: None,
            day: None,
        }
    }

    /// A month of a year.
    pub fn from_month(year: i32, month: time::Month) -> Self {
        DateValue::of_month(year, month as u8)
    }

    /// A month of a year by its number, already known to be 1–12.
    pub(crate) fn of_month(year: i32, month: u8) -> Self {
        debug_assert!((1..=12).contains(&month));
        DateValue {
            year: Some(year),
            month: Some(month.clamp(1, 12)),
            day: None,
        }
    }

    /// A calendar day.
    pub fn from_day(date: Date) -> Self {
        DateValue {
            year: Some(date.year()),
            month: Some(date.month() as u8),
            day: Some(date.day()),
        }
    }

    /// A value from its parts, as [`DateValue::year`], [`DateValue::month`] and
    /// [`DateValue::day`] give them; `None` unless the month is 1–12, the day 1–31 and
    /// within a month, and there is a year or a month.
    pub fn from_parts(year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        let month_ok = month.is_none_or(|m| (1..=12).contains(&m));
        let day_ok = day.is_none_or(|d| (1..=31).contains(&d) && month.is_some());
        (month_ok && day_ok && (year.is_some() || month.is_some())).then_some(DateValue {
            year,
            month,
            day,
        })
    }

    /// The year, when known.
    pub fn year(&self) -> Option<i32> {
        self.year
    }

    /// The month (1–12), when the value is at least month-precise.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month (1–31), when the value is day-precise.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The calendar day, when the value is a complete date.
    pub fn to_date(self) -> Option<Date> {
        let month = time::Month::try_from(self.month?).ok()?;
        Date::from_calendar_date(self.year?, month, self.day?).ok()
    }
}

impl fmt::Display for DateValue {
    /// TimeML: `2025`, `2025-12`, `2025-12-22`, `XXXX-11-14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => f.write_str("XXXX")?,
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for DateValue {
    type Err = ParseDateValueError;

    /// Parses a TimeML calendar value: `2025`, `2025-12`, `2025-12-22`, `XXXX-11-14`, `XXXX-11`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseDateValueError(s.to_owned());
        let mut parts = s.split('-');
        let year = match parts.next().ok_or_else(err)? {
            "XXXX" => None,
            y if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                Some(y.parse().map_err(|_| err())?)
            }
            _ => return Err(err()),
        };
        let mut number = |max: u8| -> Result<Option<u8>, ParseDateValueError> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == 2 => match p.parse::<u8>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
                    _ => Err(err()),
                },
                Some(_) => Err(err()),
            }
        };
        let month = number(12)?;
        let day = if month.is_some() { number(31)? } else { None };
        if parts.next().is_some() || (year.is_none() && month.is_none()) {
            return Err(err());
        }
        Ok(DateValue { year, month, day })
    }
}

/// A string that is not a TimeML calendar value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a calendar date value: {0:?} (expected YYYY, YYYY-MM, YYYY-MM-DD or XXXX-MM-DD)")]
pub struct ParseDateValueError(String);

impl Serialize for DateValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Serde for an optional [`Date`] as an ISO 8601 calendar date (`2025-12-22`).
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::format_description::well_known::Iso8601;
    use time::Date;

    /// Writes `Some(date)` as `"2025-12-22"`, `None` as null.
    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => serializer.collect_str(&format_args!(
                "{:04}-{:02}-{:02}",
                d.year(),
                d.month() as u8,
                d.day()
            )),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `"2025-12-22"` or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        let s: Option<String> = Option::deserialize(deserializer)?;
        s.map(|s| Date::parse(&s, &Iso8601::DATE).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// A place in the text that refers to an actor (see [`crate::locate_mentions`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActorMention {
    /// The words as written ("Iraqi", "New York").
    pub text: String,
    /// UTF-8 byte offset where the words start in the input.
    pub start: usize,
    /// UTF-8 byte offset just past the words.
    pub end: usize,
}

impl ActorMention {
    /// The words `text`, found at `start..end` of the input.
    pub fn new(text: String, start: usize, end: usize) -> ActorMention {
        ActorMention { text, start, end }
    }
}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DateMention {
    /// The expression as written ("22 December 2025", "last Friday").
    pub text: String,
    /// What it refers to.
    pub value: DateValue,
    /// UTF-8 byte offset where the expression starts in the input.
    pub start: usize,
    /// UTF-8 byte offset just past the expression.
    pub end: usize,
}

impl DateMention {
    /// The expression `text`, found at `start..end` of the input, and its value.
    pub fn new(text: String, value: DateValue, start: usize, end: usize) -> DateMention {
        DateMention {
            text,
            value,
            start,
            end,
        }
    }
}

/// Where an article's publication date came from.
///
/// It serialises as its lowercase name (`"given"`, `"dateline"`, …), which is also what
/// [`PublishedSource::as_str`] returns and [`str::parse`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PublishedSource {
    /// Given by the caller, from the article's metadata (a JSONL `published` field).
    Given,
    /// A dateline opening the story: "ATHENS, June 2, 2025 -", "LONDON 1996-08-30".
    Dateline,
    /// A byline or timestamp in the page's header: "Published 2 June 2025", "By Jane
    /// Roe, 5 March 2030", "22 December 2025 14:35" under the headline.
    Byline,
    /// A relative byline ("1 day ago", "yesterday") counted back from when the page was
    /// saved ([`ExtractOptions::saved_at`](crate::ExtractOptions::saved_at)).
    Relative,
    /// The page's last-updated date ("Updated: 3 June 2025"), used when it gives no
    /// first-published one: the article was published on or before it.
    Updated,
}

impl PublishedSource {
    /// Every source, in order of precedence.
    pub const ALL: [PublishedSource; 5] = [
        PublishedSource::Given,
        PublishedSource::Dateline,
        PublishedSource::Byline,
        PublishedSource::Relative,
        PublishedSource::Updated,
    ];

    /// The lowercase name used in JSON, in the index and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::Given => "given",
            PublishedSource::Dateline => "dateline",
            PublishedSource::Byline => "byline",
            PublishedSource::Relative => "relative",
            PublishedSource::Updated => "updated",
        }
    }
}

impl fmt::Display for PublishedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PublishedSource {
    type Err = ParsePublishedSourceError;

    /// Reads a name as [`PublishedSource::as_str`] writes it (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PublishedSource::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ParsePublishedSourceError(s.to_owned()))
    }
}

/// A string that names no [`PublishedSource`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown publication date source {0:?}; use given, dateline, byline, relative or updated")]
pub struct ParsePublishedSourceError(String);

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Extracted {
    /// The headline, when the text has one.
    pub title: Option<String>,
    /// The publication date: the one given, or else one found in a dateline or byline
    /// (see [`Extracted::published_source`]).
    #[serde(with = "iso_date")]
    pub published: Option<Date>,
    /// Where `published` came from; `None` exactly when `published` is.
    #[serde(default)]
    pub published_source: Option<PublishedSource>,
    /// Byte offset where the article proper starts (after page furniture, headline and
    /// byline); the engine indexes the body from here.
    pub body_start: usize,
    /// People, organisations and places, most mentioned first.
    pub actors: Vec<Actor>,
    /// Date expressions in text order.
    pub dates: Vec<DateMention>,
}
