//! What a search asks for: text, filters, order, paging and facets. Every value a user
//! types has a type of its own with `FromStr` ([`ActorFilter`], [`Period`]), so a front
//! end parses once, reports errors where they were typed, and hands the builder values
//! that are already valid.

use std::str::FromStr;

use newsdex_extract::{ActorKind, Date};
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};
use time::Month;

use crate::error::{Error, Result, UserError};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Sort {
    /// Best match first (BM25F over title and body, with phrase and proximity evidence);
    /// equal scores newest first.
    #[default]
    Relevance,
    /// Newest first; ties by relevance.
    Date,
}

impl FromStr for Sort {
    type Err = Error;

    /// `relevance` or `date`.
    fn from_str(s: &str) -> Result<Sort> {
        match s.trim().to_ascii_lowercase().as_str() {
            "relevance" => Ok(Sort::Relevance),
            "date" => Ok(Sort::Date),
            _ => Err(UserError::InvalidRequest(format!(
                "unknown sort order {s:?}; use relevance or date"
            ))
            .into()),
        }
    }
}

/// Keeps only articles that name an actor: a name, and optionally its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "ActorFilterWire"))]
pub struct ActorFilter {
    kind: Option<ActorKind>,
    name: String,
}

/// An actor filter as written by another program: cleaned and checked as one typed
/// here is, so that a deserialized filter keeps the same promises.
#[cfg(feature = "serde")]
#[derive(Deserialize)]
struct ActorFilterWire {
    kind: Option<ActorKind>,
    name: String,
}

#[cfg(feature = "serde")]
impl TryFrom<ActorFilterWire> for ActorFilter {
    type Error = Error;

    fn try_from(wire: ActorFilterWire) -> Result<ActorFilter> {
        let filter = ActorFilter {
            kind: wire.kind,
            name: clean_name(&wire.name),
        };
        if filter.name.is_empty() {
            return Err(UserError::InvalidRequest(format!(
                "the actor filter {:?} has no name",
                wire.name
            ))
            .into());
        }
        Ok(filter)
    }
}

impl ActorFilter {
    /// Articles naming `name`, as an actor of any kind. Case, diacritics and spacing do
    /// not matter; any of the actor's names will do.
    pub fn named(name: &str) -> ActorFilter {
        ActorFilter {
            kind: None,
            name: clean_name(name),
        }
    }

    /// Articles naming `name` as an actor of this kind.
    pub fn of_kind(kind: ActorKind, name: &str) -> ActorFilter {
        ActorFilter {
            kind: Some(kind),
            name: clean_name(name),
        }
    }

    /// The kind, when pinned.
    pub fn kind(&self) -> Option<ActorKind> {
        self.kind
    }

    /// The name, trimmed, its quotes taken off and its spaces folded.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl FromStr for ActorFilter {
    type Err = Error;

    /// `NAME` or `KIND:NAME` (`person:"Nikol Pashinyan"`, `org:CSTO`); a prefix that is
    /// not a kind is part of the name (`Al-Jazeera: English` stays whole).
    fn from_str(s: &str) -> Result<ActorFilter> {
        let filter = match s.split_once(':') {
            Some((kind, name)) => match ActorKind::parse(kind.trim()) {
                Some(kind) => ActorFilter::of_kind(kind, name),
                None => ActorFilter::named(s),
            },
            None => ActorFilter::named(s),
        };
        if filter.name.is_empty() {
            return Err(UserError::InvalidRequest(format!(
                "the actor filter {s:?} has no name; give NAME or KIND:NAME"
            ))
            .into());
        }
        Ok(filter)
    }
}

impl std::fmt::Display for ActorFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Some(kind) => write!(f, "{kind}:{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

fn clean_name(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A span of calendar days, first and last included: a day, a month or a year as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    first: Date,
    last: Date,
}

impl Period {
    /// The days from `first` to `last`; an error when `last` comes before `first`.
    pub fn new(first: Date, last: Date) -> Result<Period> {
        if last < first {
            return Err(UserError::InvalidRequest(format!(
                "the period from {first} to {last} is empty"
            ))
            .into());
        }
        Ok(Period { first, last })
    }

    /// One day.
    pub fn day(day: Date) -> Period {
        Period {
            first: day,
            last: day,
        }
    }

    /// The first day of the period.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last day of the period.
    pub fn last(&self) -> Date {
        self.last
    }
}

impl From<Date> for Period {
    fn from(day: Date) -> Period {
        Period::day(day)
    }
}

impl FromStr for Period {
    type Err = Error;

    /// `2025`, `2025-11` or `2025-11-01` (years 0001 to 9999); a range of two of them,
    /// `2025-11..2025-12`, from the first day of one to the last of the other; or a day
    /// counted back from today (UTC): `30d`, `2w`, `6m`, `1y`.
    fn from_str(s: &str) -> Result<Period> {
        let s = s.trim();
        if let Some((from, to)) = s.split_once("..") {
            let (from, to): (Period, Period) = (from.parse()?, to.parse()?);
            return Period::new(from.first, to.last).map_err(|_| {
                UserError::BadDate {
                    input: s.to_owned(),
                    reason: "the range ends before it starts".to_owned(),
                }
                .into()
            });
        }
        if let Some(day) = relative_day(s, time::OffsetDateTime::now_utc().date())? {
            return Ok(Period::day(day));
        }
        Period::calendar(s)
    }
}

/// `30d`, `2w`, `6m`, `1y`: the day that many days, weeks, months or years before
/// `today`; `None` when `s` is not of that shape.
fn relative_day(s: &str, today: Date) -> Result<Option<Date>> {
    let Some(unit) = s.chars().last().filter(|c| "dwmy".contains(*c)) else {
        return Ok(None);
    };
    let digits = &s[..s.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let out_of_range = || -> Error {
        UserError::BadDate {
            input: s.to_owned(),
            reason: "reaches before year 1".to_owned(),
        }
        .into()
    };
    let n: i64 = digits.parse().map_err(|_| out_of_range())?;
    let day = match unit {
        'd' | 'w' => {
            let days = if unit == 'w' {
                n.checked_mul(7)
            } else {
                Some(n)
            };
            days.and_then(|d| today.checked_sub(time::Duration::days(d)))
        }
        _ => {
            let months = if unit == 'y' {
                n.checked_mul(12)
            } else {
                Some(n)
            };
            months.and_then(|m| months_back(today, m))
        }
    };
    day.filter(|d| d.year() >= 1)
        .map(Some)
        .ok_or_else(out_of_range)
}

/// The same day of the month `months` months earlier, or the month's last day.
fn months_back(today: Date, months: i64) -> Option<Date> {
    let index = i64::from(today.year()) * 12 + i64::from(today.month() as u8) - 1 - months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = today.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).ok()
}

impl Period {
    /// `2025`, `2025-11` or `2025-11-01`.
    fn calendar(s: &str) -> Result<Period> {
        let bad = |reason: &str| -> Error {
            UserError::BadDate {
                input: s.to_owned(),
                reason: reason.to_owned(),
            }
            .into()
        };
        const SHAPES: &str =
            "expected YYYY, YYYY-MM or YYYY-MM-DD, a range of them (2025-11..2025-12), or 30d, 2w, 6m, 1y";
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, digits: usize| -> Result<u32> {
            if p.len() != digits || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(SHAPES));
            }
            p.parse().map_err(|_| bad(SHAPES))
        };
        let year = number(parts.first().copied().unwrap_or(""), 4)? as i32;
        if year == 0 {
            return Err(bad("year 0000 is out of range (0001 to 9999)"));
        }
        let month = |m: u32| Month::try_from(m as u8).map_err(|_| bad("month must be 01 to 12"));
        let day = |y: i32, m: Month, d: u32| {
            Date::from_calendar_date(y, m, d as u8)
                .map_err(|_| bad(&format!("{m} {y} has no day {d}")))
        };
        match parts.as_slice() {
            [_] => Ok(Period {
                first: day(year, Month::January, 1)?,
                last: day(year, Month::December, 31)?,
            }),
            [_, m] => {
                let m = month(number(m, 2)?)?;
                let last = time::util::days_in_month(m, year);
                Ok(Period {
                    first: day(year, m, 1)?,
                    last: day(year, m, u32::from(last))?,
                })
            }
            [_, m, d] => Ok(Period::day(day(
                year,
                month(number(m, 2)?)?,
                number(d, 2)?,
            )?)),
            _ => Err(bad(SHAPES)),
        }
    }
}

#[cfg(feature = "serde")]
impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Days<'a> {
            #[serde(with = "newsdex_extract::iso_date")]
            first: &'a Option<Date>,
            #[serde(with = "newsdex_extract::iso_date")]
            last: &'a Option<Date>,
        }
        Days {
            first: &Some(self.first),
            last: &Some(self.last),
        }
        .serialize(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Period, D::Error> {
        #[derive(Deserialize)]
        struct Days {
            #[serde(with = "newsdex_extract::iso_date")]
            first: Option<Date>,
            #[serde(with = "newsdex_extract::iso_date")]
            last: Option<Date>,
        }
        let days = Days::deserialize(d)?;
        let (Some(first), Some(last)) = (days.first, days.last) else {
            return Err(serde::de::Error::custom(
                "a period needs its first and last day",
            ));
        };
        Period::new(first, last).map_err(serde::de::Error::custom)
    }
}

/// A search: build one with [`SearchRequestBuilder`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct SearchRequest {
    pub(crate) text: String,
    pub(crate) actors: Vec<ActorFilter>,
    #[cfg_attr(feature = "serde", serde(with = "newsdex_extract::iso_date"))]
    pub(crate) since: Option<Date>,
    #[cfg_attr(feature = "serde", serde(with = "newsdex_extract::iso_date"))]
    pub(crate) until: Option<Date>,
    pub(crate) sort: Sort,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) actor_facets: usize,
    pub(crate) actor_kinds: Vec<ActorKind>,
    pub(crate) month_facets: bool,
    pub(crate) snippet_chars: usize,
    pub(crate) full_text: bool,
    pub(crate) mentions: Vec<Period>,
    pub(crate) include_undated: bool,
    pub(crate) mentioned_month_facets: bool,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            text: String::new(),
            actors: Vec::new(),
            since: None,
            until: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            actor_facets: 10,
            actor_kinds: ActorKind::ALL.to_vec(),
            month_facets: true,
            snippet_chars: 200,
            full_text: false,
            mentions: Vec::new(),
            include_undated: false,
            mentioned_month_facets: false,
        }
    }
}

impl SearchRequest {
    /// A request with the defaults for `text`.
    pub fn new(text: impl Into<String>) -> SearchRequest {
        SearchRequestBuilder::new(text).build()
    }

    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The actor filters; an article must match every one.
    pub fn actors(&self) -> &[ActorFilter] {
        &self.actors
    }

    /// The first publication day asked for.
    pub fn since(&self) -> Option<Date> {
        self.since
    }

    /// The last publication day asked for.
    pub fn until(&self) -> Option<Date> {
        self.until
    }

    /// The periods the articles must mention a date within (all of them).
    pub fn mentions(&self) -> &[Period] {
        &self.mentions
    }

    /// The order of the hits.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Hits asked for.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Hits skipped.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// Builds a [`SearchRequest`].
///
/// ```
/// use newsdex::{SearchRequestBuilder, Sort};
/// let request = SearchRequestBuilder::new("CSTO summit")
///     .actor("person:Maria Zakharova".parse()?)
///     .since("2025-11".parse()?)
///     .sort(Sort::Date)
///     .limit(5)
///     .build();
/// assert_eq!(request.text(), "CSTO summit");
/// assert_eq!(request.since().map(|d| d.to_string()).as_deref(), Some("2025-11-01"));
/// # Ok::<(), newsdex::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SearchRequestBuilder {
    request: SearchRequest,
}

impl SearchRequestBuilder {
    /// Starts a request for `text`: words as typed (phrases rank first), or query syntax
    /// with `"quoted phrases"`, `AND`/`OR`, `-term` and `field:value`. Empty text matches
    /// every article.
    pub fn new(text: impl Into<String>) -> SearchRequestBuilder {
        SearchRequestBuilder {
            request: SearchRequest {
                text: text.into(),
                ..SearchRequest::default()
            },
        }
    }

    /// Keeps articles naming this actor; several filters keep the articles naming all of
    /// them.
    pub fn actor(&mut self, filter: ActorFilter) -> &mut Self {
        self.request.actors.push(filter);
        self
    }

    /// Keeps articles published on or after the first day of `period` (a [`Date`] is a
    /// one-day period: `Period::from(date)`).
    pub fn since(&mut self, period: Period) -> &mut Self {
        self.request.since = Some(period.first);
        self
    }

    /// Keeps articles published on or before the last day of `period`.
    pub fn until(&mut self, period: Period) -> &mut Self {
        self.request.until = Some(period.last);
        self
    }

    /// Keeps articles published within `period`.
    pub fn within(&mut self, period: Period) -> &mut Self {
        self.since(period).until(period)
    }

    /// Keeps articles whose publication date is unknown even when `since` or `until` is
    /// set (by default a date range leaves them out, and the results say how many).
    pub fn include_undated(&mut self, yes: bool) -> &mut Self {
        self.request.include_undated = yes;
        self
    }

    /// Keeps articles that mention a date within `period`: a day in it, or a month or
    /// year that lies wholly in it ("2025-12" matches "22 December 2025" and "December
    /// 2025", not "2025"). Several: the articles mentioning dates in each.
    pub fn mentions(&mut self, period: Period) -> &mut Self {
        self.request.mentions.push(period);
        self
    }

    /// Counts matches per month their mentioned dates fall in
    /// ([`Facets::mentioned_months`](crate::Facets::mentioned_months)).
    pub fn mentioned_month_facets(&mut self, yes: bool) -> &mut Self {
        self.request.mentioned_month_facets = yes;
        self
    }

    /// Orders the hits.
    pub fn sort(&mut self, sort: Sort) -> &mut Self {
        self.request.sort = sort;
        self
    }

    /// At most this many hits (0: facets and totals only).
    pub fn limit(&mut self, limit: usize) -> &mut Self {
        self.request.limit = limit;
        self
    }

    /// Skips this many hits first, for paging.
    pub fn offset(&mut self, offset: usize) -> &mut Self {
        self.request.offset = offset;
        self
    }

    /// Counts the top `n` actors of each kind over all matches (0: none).
    pub fn actor_facets(&mut self, n: usize) -> &mut Self {
        self.request.actor_facets = n;
        self
    }

    /// Counts only actors of these kinds (all three by default).
    pub fn actor_kinds(&mut self, kinds: &[ActorKind]) -> &mut Self {
        self.request.actor_kinds = kinds.to_vec();
        self
    }

    /// Counts matches per month of publication.
    pub fn month_facets(&mut self, yes: bool) -> &mut Self {
        self.request.month_facets = yes;
        self
    }

    /// Longest snippet, in characters.
    pub fn snippet_chars(&mut self, n: usize) -> &mut Self {
        self.request.snippet_chars = n;
        self
    }

    /// Gives each hit the article's whole body and every actor it names, not only its
    /// most named: for exports.
    pub fn full_text(&mut self, yes: bool) -> &mut Self {
        self.request.full_text = yes;
        self
    }

    /// The request.
    pub fn build(&self) -> SearchRequest {
        self.request.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_days_count_back_from_today() {
        let today = Date::from_calendar_date(2026, Month::March, 31).unwrap();
        let back = |s| relative_day(s, today).unwrap().map(|d| d.to_string());
        assert_eq!(back("30d").as_deref(), Some("2026-03-01"));
        assert_eq!(back("2w").as_deref(), Some("2026-03-17"));
        assert_eq!(back("1m").as_deref(), Some("2026-02-28"));
        assert_eq!(back("13m").as_deref(), Some("2025-02-28"));
        assert_eq!(back("1y").as_deref(), Some("2025-03-31"));
        assert_eq!(back("2025"), None);
        assert!(relative_day("3000y", today).is_err());
    }

    #[test]
    fn actor_filters_read_an_optional_kind() {
        let f: ActorFilter = "person: \"Nikol  Pashinyan\" ".parse().unwrap();
        assert_eq!(
            (f.kind(), f.name()),
            (Some(ActorKind::Person), "Nikol Pashinyan")
        );
        let f: ActorFilter = "Al Jazeera: English".parse().unwrap();
        assert_eq!((f.kind(), f.name()), (None, "Al Jazeera: English"));
        assert_eq!(f.to_string(), "Al Jazeera: English");
        let e = "org:  ".parse::<ActorFilter>().unwrap_err();
        assert!(e.is_user_error());
    }

    #[test]
    fn periods_are_a_year_a_month_or_a_day() {
        let p: Period = "2024-02".parse().unwrap();
        assert_eq!(
            (p.first().to_string(), p.last().to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        let p: Period = "1987".parse().unwrap();
        assert_eq!(p.last().to_string(), "1987-12-31");
        for bad in [
            "2025-13",
            "2025-02-30",
            "0000",
            "25-01",
            "2025/01",
            "",
            "2025-12..2025-11",
            "d",
            "99999999999999999999d",
        ] {
            assert!(bad.parse::<Period>().unwrap_err().is_user_error(), "{bad}");
        }
        let p: Period = "2025-11..2025-12".parse().unwrap();
        assert_eq!(
            (p.first().to_string(), p.last().to_string()),
            ("2025-11-01".into(), "2025-12-31".into())
        );
        let (a, b) = (
            "2025-01-02".parse::<Period>().unwrap(),
            "2025-01-01".parse::<Period>().unwrap(),
        );
        assert!(Period::new(a.first(), b.first()).is_err());
    }
}
