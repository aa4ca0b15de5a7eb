//! What a search returns: ranked hits with snippets, and facet counts over all matches.
//! The types serialise to the JSON the command line prints and read back from it, so a
//! program can read what a server or the CLI wrote.

use std::ops::Range;

use newsdex_extract::{ActorKind, Date};
#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The answer to a [`SearchRequest`](crate::SearchRequest).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct SearchResults {
    /// How many articles match (all of them, not only this page).
    pub total: u64,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts over all matching articles.
    pub facets: Facets,
    /// When plain words found nothing or very little: the query with its rare words
    /// replaced by close words the archive has often ("did you mean").
    #[cfg_attr(feature = "serde", serde(default))]
    pub suggestions: Vec<String>,
    /// When a publication date range left out articles that matched everything else
    /// but have no known publication date: how many
    /// ([`include_undated`](crate::SearchRequestBuilder::include_undated) keeps them).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub undated_left_out: Option<u64>,
    /// The actor each actor filter was taken for, in the order of the filters (`None`
    /// for a name written only inside articles, matched as written).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub actor_filters: Vec<Option<ActorRef>>,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "HitWire"))]
#[non_exhaustive]
pub struct Hit {
    /// 1-based position in the whole result list (offset included).
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// Its headline; `None` when the page had none.
    pub title: Option<String>,
    /// Its publication date.
    #[cfg_attr(feature = "serde", serde(with = "newsdex_extract::iso_date"))]
    pub published: Option<Date>,
    /// Relevance score (higher is better); with date order, still the relevance.
    pub score: f32,
    /// Its file path or URL.
    pub source: Option<String>,
    pub(crate) snippet: String,
    pub(crate) highlights: Vec<(usize, usize)>,
    /// Its most mentioned actors, or all of them when the request asked for
    /// [full text](crate::SearchRequestBuilder::full_text).
    pub actors: Vec<ActorRef>,
    /// The whole body, when the request asked for
    /// [full text](crate::SearchRequestBuilder::full_text).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub body: Option<String>,
    /// With a [`mentions`](crate::SearchRequestBuilder::mentions) filter: the first
    /// mention of a date in the period, its span highlighted in the snippet when it is in
    /// the body.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub mention: Option<newsdex_extract::DateMention>,
}

impl Hit {
    /// A passage of the body around the best matches (the start of the body when the
    /// match is elsewhere).
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// Byte ranges of [`Hit::snippet`] that matched the query, in order; each falls on
    /// character boundaries.
    pub fn highlights(&self) -> impl ExactSizeIterator<Item = Range<usize>> + '_ {
        self.highlights.iter().map(|&(start, end)| start..end)
    }

    /// The snippet cut into pieces, each with whether it matched: what a renderer
    /// paints.
    pub fn snippet_parts(&self) -> Vec<(&str, bool)> {
        let mut parts = Vec::new();
        let mut at = 0;
        for range in self.highlights() {
            if range.start < at {
                continue;
            }
            if range.start > at {
                parts.push((&self.snippet[at..range.start], false));
            }
            parts.push((&self.snippet[range.clone()], true));
            at = range.end;
        }
        if at < self.snippet.len() {
            parts.push((&self.snippet[at..], false));
        }
        parts
    }
}

/// A hit as written by another program (a server, `search query --json`): its
/// highlights are checked against its snippet as the library's own are, so that
/// [`Hit::highlights`] keeps its promise and [`Hit::snippet_parts`] cannot fail.
#[cfg(feature = "serde")]
#[derive(Deserialize)]
struct HitWire {
    rank: usize,
    id: String,
    title: Option<String>,
    #[serde(with = "newsdex_extract::iso_date")]
    published: Option<Date>,
    score: f32,
    source: Option<String>,
    snippet: String,
    highlights: Vec<(usize, usize)>,
    actors: Vec<ActorRef>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    mention: Option<newsdex_extract::DateMention>,
}

#[cfg(feature = "serde")]
impl From<HitWire> for Hit {
    fn from(wire: HitWire) -> Hit {
        let highlights = wire
            .highlights
            .into_iter()
            .map(|(start, end)| start..end)
            .collect();
        Hit {
            highlights: checked_highlights(&wire.snippet, highlights),
            rank: wire.rank,
            id: wire.id,
            title: wire.title,
            published: wire.published,
            score: wire.score,
            source: wire.source,
            snippet: wire.snippet,
            actors: wire.actors,
            body: wire.body,
            mention: wire.mention,
        }
    }
}

/// The highlights that fall within `snippet` on character boundaries, as stored.
pub(crate) fn checked_highlights(
    snippet: &str,
    highlights: Vec<Range<usize>>,
) -> Vec<(usize, usize)> {
    highlights
        .into_iter()
        .filter(|r| r.start < r.end && snippet.get(r.clone()).is_some())
        .map(|r| (r.start, r.end))
        .collect()
}

/// An actor named by an article.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct ActorRef {
    /// Canonical name.
    pub name: String,
    /// Person, org or place.
    pub kind: ActorKind,
}

impl ActorRef {
    pub(crate) fn new(name: String, kind: ActorKind) -> ActorRef {
        ActorRef { name, kind }
    }
}

/// Counts over all matching articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Facets {
    /// The most named actors of each kind, most first within a kind.
    pub actors: Vec<ActorCount>,
    /// Matches per month of publication, in calendar order.
    pub months: Vec<MonthCount>,
    /// Matches without a known publication date (not in `months`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub undated: u64,
    /// Matches per month their mentioned days and months fall in, in calendar order, when
    /// asked for ([`SearchRequestBuilder::mentioned_month_facets`](crate::SearchRequestBuilder::mentioned_month_facets)).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub mentioned_months: Vec<MonthCount>,
}

impl Facets {
    /// The actor counts of one kind.
    pub fn actors_of(&self, kind: ActorKind) -> impl Iterator<Item = &ActorCount> {
        self.actors.iter().filter(move |a| a.kind == kind)
    }
}

/// How many matching articles name an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct ActorCount {
    /// Person, org or place.
    pub kind: ActorKind,
    /// Canonical name.
    pub name: String,
    /// Matching articles that name it.
    pub count: u64,
    /// The other names it is written under across the archive.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub aliases: Vec<String>,
}

/// How many matching articles were published in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct MonthCount {
    /// The month.
    pub month: YearMonth,
    /// Matching articles published in it.
    pub count: u64,
}

/// A calendar month; prints and serialises as `2025-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    /// The month `month` (1–12) of `year` (1–9999); `None` out of range.
    pub fn new(year: i32, month: u8) -> Option<YearMonth> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for YearMonth {
    type Err = crate::Error;

    /// `2025-12`.
    fn from_str(s: &str) -> crate::Result<YearMonth> {
        let bad = || -> crate::Error {
            crate::UserError::BadDate {
                input: s.to_owned(),
                reason: "expected YYYY-MM".to_owned(),
            }
            .into()
        };
        let (year, month) = s.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let (year, month) = (
            year.parse().map_err(|_| bad())?,
            month.parse().map_err(|_| bad())?,
        );
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

#[cfg(feature = "serde")]
impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<YearMonth, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_parts_follow_the_highlights() {
        let snippet = "the point of no return".to_owned();
        let hit = Hit {
            rank: 1,
            id: "a".into(),
            title: None,
            published: None,
            score: 1.0,
            source: None,
            highlights: checked_highlights(&snippet, vec![4..9, 13..15, 30..40]),
            snippet,
            actors: vec![],
            body: None,
            mention: None,
        };
        assert_eq!(hit.highlights().count(), 2, "out of range dropped");
        assert_eq!(
            hit.snippet_parts(),
            [
                ("the ", false),
                ("point", true),
                (" of ", false),
                ("no", true),
                (" return", false)
            ]
        );
    }

    #[test]
    fn months_print_and_parse_alike() {
        let m: YearMonth = "2025-12".parse().unwrap();
        assert_eq!(
            (m.year(), m.month(), m.to_string()),
            (2025, 12, "2025-12".to_owned())
        );
        assert!("2025-13".parse::<YearMonth>().is_err());
        assert!(YearMonth::new(0, 1).is_none());
    }
}
