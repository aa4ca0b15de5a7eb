//! What a search returns: ranked hits with snippets, and facet counts over all matches.

use newsdex_extract::{ActorKind, Date};
use serde::{Serialize, Serializer};

/// The answer to a [`SearchRequest`](crate::SearchRequest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// How many articles match (all of them, not only this page).
    pub total: u64,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts over all matching articles.
    pub facets: Facets,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position in the whole result list (offset included).
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// Its headline; `None` when the page had none.
    pub title: Option<String>,
    /// Its publication date.
    #[serde(with = "newsdex_extract::iso_date")]
    pub published: Option<Date>,
    /// Relevance score (higher is better); with date order, still the relevance.
    pub score: f32,
    /// Its file path or URL.
    pub source: Option<String>,
    /// A passage of the body around the best matches.
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query.
    pub highlights: Vec<(usize, usize)>,
    /// Its most mentioned actors.
    pub actors: Vec<ActorRef>,
}

/// An actor named by an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    /// Canonical name.
    pub name: String,
    /// Person, org or place.
    pub kind: ActorKind,
}

/// Counts over all matching articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// The most named actors of each kind, most first within a kind.
    pub actors: Vec<ActorCount>,
    /// Matches per month of publication, in calendar order.
    pub months: Vec<MonthCount>,
}

impl Facets {
    /// The actor counts of one kind.
    pub fn actors_of(&self, kind: ActorKind) -> impl Iterator<Item = &ActorCount> {
        self.actors.iter().filter(move |a| a.kind == kind)
    }
}

/// How many matching articles name an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCount {
    /// Person, org or place.
    pub kind: ActorKind,
    /// Canonical name.
    pub name: String,
    /// Matching articles that name it.
    pub count: u64,
}

/// How many matching articles were published in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MonthCount {
    /// The month.
    pub month: YearMonth,
    /// Matching articles published in it.
    pub count: u64,
}

/// A calendar month; prints and serialises as `2025-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
