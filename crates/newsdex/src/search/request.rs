//! What a search asks for: text, filters, order, paging and facets.

use newsdex_extract::{ActorKind, Date};
use time::Month;

use crate::error::{Result, UserError};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (BM25 with phrase and proximity boosts).
    #[default]
    Relevance,
    /// Newest first; ties by relevance.
    Date,
}

/// Keeps only articles that name an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorFilter {
    /// The kind, when pinned (`person:Nikol Pashinyan`); any kind otherwise.
    pub kind: Option<ActorKind>,
    /// The name; matched exactly first, then ignoring case.
    pub name: String,
}

impl ActorFilter {
    /// Parses `NAME` or `KIND:NAME` (`person:"Nikol Pashinyan"`, `org:CSTO`).
    pub fn parse(s: &str) -> ActorFilter {
        if let Some((kind, name)) = s.split_once(':') {
            if let Some(kind) = ActorKind::parse(kind.trim()) {
                return ActorFilter {
                    kind: Some(kind),
                    name: clean_name(name),
                };
            }
        }
        ActorFilter {
            kind: None,
            name: clean_name(s),
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

/// A calendar period typed by a user: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day of the period.
    pub first: Date,
    /// The last day of the period.
    pub last: Date,
}

impl Period {
    /// Parses `2025`, `2025-11` or `2025-11-01`.
    pub fn parse(s: &str) -> Result<Period> {
        let bad = |reason: &str| UserError::BadDate {
            input: s.to_owned(),
            reason: reason.to_owned(),
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, digits: usize| -> Result<u32> {
            if p.len() != digits || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD").into());
            }
            p.parse()
                .map_err(|_| bad("expected YYYY, YYYY-MM or YYYY-MM-DD").into())
        };
        let year = number(parts.first().copied().unwrap_or(""), 4)? as i32;
        if year == 0 {
            return Err(bad("year 0000 is out of range (0001 to 9999)").into());
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
            [_, m, d] => {
                let one = day(year, month(number(m, 2)?)?, number(d, 2)?)?;
                Ok(Period {
                    first: one,
                    last: one,
                })
            }
            _ => Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD").into()),
        }
    }
}

/// A search: build one with [`SearchRequestBuilder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub(crate) text: String,
    pub(crate) actors: Vec<ActorFilter>,
    pub(crate) since: Option<Date>,
    pub(crate) until: Option<Date>,
    pub(crate) sort: Sort,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) actor_facets: usize,
    pub(crate) actor_kinds: Vec<ActorKind>,
    pub(crate) month_facets: bool,
    pub(crate) snippet_chars: usize,
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
}

/// Builds a [`SearchRequest`].
///
/// ```
/// use newsdex::{SearchRequestBuilder, Sort};
/// let request = SearchRequestBuilder::new("CSTO summit")
///     .actor("person:Maria Zakharova")
///     .since("2025-11")?
///     .sort(Sort::Date)
///     .limit(5)
///     .build();
/// assert_eq!(request.text(), "CSTO summit");
/// # Ok::<(), newsdex::Error>(())
/// ```
#[derive(Debug, Clone)]
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
            },
        }
    }

    /// Keeps articles naming this actor (`NAME` or `KIND:NAME`); repeat to require several.
    pub fn actor(&mut self, actor: &str) -> &mut Self {
        self.request.actors.push(ActorFilter::parse(actor));
        self
    }

    /// Keeps articles naming this actor.
    pub fn actor_filter(&mut self, filter: ActorFilter) -> &mut Self {
        self.request.actors.push(filter);
        self
    }

    /// Keeps articles published on or after the start of this period (`2025`, `2025-11`,
    /// `2025-11-01`).
    pub fn since(&mut self, period: &str) -> Result<&mut Self> {
        self.request.since = Some(Period::parse(period)?.first);
        Ok(self)
    }

    /// Keeps articles published on or before the end of this period.
    pub fn until(&mut self, period: &str) -> Result<&mut Self> {
        self.request.until = Some(Period::parse(period)?.last);
        Ok(self)
    }

    /// Keeps articles published in `[since, until]` (either end open).
    pub fn date_range(&mut self, since: Option<Date>, until: Option<Date>) -> &mut Self {
        self.request.since = since;
        self.request.until = until;
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

    /// The request.
    pub fn build(&self) -> SearchRequest {
        self.request.clone()
    }
}
