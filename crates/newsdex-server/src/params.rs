//! Query strings as the API and the page take them, read by hand (`actor` and `not`
//! repeat, which serde's URL decoding does not allow) and turned into a
//! [`SearchRequestBuilder`] the way the command line turns its flags into one: the same
//! names (`q` is the text, `limit`, `offset`, `facets`, `sort`, `since`, `until`), the
//! same defaults, and the library's own parsers for actors and dates.
//!
//! Excluding an actor (`not=NAME`, what a second click on a facet does) has no filter in
//! the library: it becomes query syntax, `-actor:"NAME"`, after the text.

use axum::http::StatusCode;
use newsdex::{ActorFilter, Period, SearchRequestBuilder, Sort};

use crate::error::ApiError;
use crate::options::Limits;

/// Hits per page when `limit` is not given, as `search query`.
pub(crate) const DEFAULT_LIMIT: usize = 10;
/// Actors counted per kind when `facets` is not given, as `search query`.
pub(crate) const DEFAULT_FACETS: usize = 5;

/// The name/value pairs of a query string, decoded, in order.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Percent-decoding is lenient (a stray `%` stays as it is; bytes that are not
    /// UTF-8 become U+FFFD): the values are then checked as text, never trusted.
    pub fn parse(raw: Option<&str>) -> Params {
        let pairs = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Params { pairs }
    }

    /// A 400 naming the first parameter not in `known`.
    pub fn only(&self, known: &[&str]) -> Result<&Self, ApiError> {
        match self
            .pairs
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()))
        {
            Some((k, _)) => Err(ApiError::bad_request(
                format!("unknown parameter {:?}", crate::text::shortened(k)),
                format!("the parameters here are: {}", known.join(", ")),
            )),
            None => Ok(self),
        }
    }

    /// The value of a parameter given at most once; empty counts as absent (an empty
    /// field of a form).
    pub fn one<'a>(&'a self, name: &str) -> Result<Option<&'a str>, ApiError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad_request(
                format!("{name} is given more than once"),
                format!("give {name} once; actor and not may repeat"),
            ));
        }
        Ok(first)
    }

    /// Every non-empty value of a parameter, in order.
    pub fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let name = name.to_owned();
        self.pairs
            .iter()
            .filter(move |(k, v)| *k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A whole number from 0 to `max`, or `default`.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(value) = self.one(name)? else {
            return Ok(default);
        };
        let n: usize = value.trim().parse().map_err(|_| {
            ApiError::bad_request(
                format!(
                    "{name} must be a whole number, not {:?}",
                    crate::text::shortened(value)
                ),
                format!("{name} takes 0 to {max}"),
            )
        })?;
        if n > max {
            return Err(ApiError::bad_request(
                format!("{name} is {n}; at most {max} is served"),
                match name {
                    "offset" => "narrow the query with filters instead of paging this deep",
                    _ => "ask for fewer, or use /api/export for every match",
                },
            ));
        }
        Ok(n)
    }
}

/// What a search asks for, as typed: the text and the filters. The page keeps exactly
/// this in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pub q: String,
    /// `NAME` or `KIND:NAME`: articles naming all of these.
    pub actors: Vec<String>,
    /// `NAME` or `KIND:NAME`: articles naming none of these (the kind is not used).
    pub not: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort: Option<String>,
}

/// The parameters that make a [`Query`].
pub(crate) const QUERY_PARAMS: [&str; 6] = ["q", "actor", "not", "since", "until", "sort"];

impl Query {
    pub fn from_params(p: &Params, limits: &Limits) -> Result<Query, ApiError> {
        let q = p.one("q")?.unwrap_or("").to_owned();
        if q.len() > limits.max_query_bytes {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the query is {} bytes long; at most {} are searched",
                    q.len(),
                    limits.max_query_bytes
                ),
                "shorten the query",
            ));
        }
        let own = |v: Option<&str>| v.map(|s| s.trim().to_owned());
        Ok(Query {
            q,
            actors: p.all("actor").map(str::to_owned).collect(),
            not: p.all("not").map(str::to_owned).collect(),
            since: own(p.one("since")?),
            until: own(p.one("until")?),
            sort: own(p.one("sort")?),
        })
    }

    /// The library request for this query; paging and facets are the caller's.
    pub fn builder(&self) -> Result<SearchRequestBuilder, ApiError> {
        let mut b = SearchRequestBuilder::new(self.text()?);
        for actor in &self.actors {
            b.actor(
                actor
                    .parse::<ActorFilter>()
                    .map_err(ApiError::from_engine)?,
            );
        }
        if let Some(since) = &self.since {
            b.since(since.parse::<Period>().map_err(ApiError::from_engine)?);
        }
        if let Some(until) = &self.until {
            b.until(until.parse::<Period>().map_err(ApiError::from_engine)?);
        }
        if let Some(sort) = &self.sort {
            b.sort(sort.parse::<Sort>().map_err(ApiError::from_engine)?);
        } else if self.q.trim().is_empty() {
            // Exclusions alone are text (`* -actor:…`) to the engine, which would rank
            // them all alike: newest first, as for filters alone.
            b.sort(Sort::Date);
        }
        Ok(b)
    }

    /// The query text with the exclusions added as query syntax.
    pub fn text(&self) -> Result<String, ApiError> {
        if self.not.is_empty() {
            return Ok(self.q.clone());
        }
        let mut text = if self.q.trim().is_empty() {
            // A query of exclusions alone is refused by the parser: `*` is every article.
            "*".to_owned()
        } else if balanced(&self.q) {
            format!("({})", self.q)
        } else {
            // Left as typed, so that the engine's message points at the right column.
            self.q.clone()
        };
        for not in &self.not {
            let filter: ActorFilter = not.parse().map_err(ApiError::from_engine)?;
            let name = filter.name();
            if name.contains(['"', '\\']) {
                return Err(ApiError::bad_request(
                    format!(
                        "cannot exclude {:?}: the name has a quote or backslash",
                        crate::text::shortened(name)
                    ),
                    "exclude it in q with -word instead",
                ));
            }
            text.push_str(&format!(" -actor:\"{name}\""));
        }
        Ok(text)
    }

    /// The query as URL parameters, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.as_str()));
        }
        pairs.extend(self.actors.iter().map(|a| ("actor", a.as_str())));
        pairs.extend(self.not.iter().map(|a| ("not", a.as_str())));
        for (name, value) in [
            ("since", &self.since),
            ("until", &self.until),
            ("sort", &self.sort),
        ] {
            if let Some(value) = value {
                pairs.push((name, value.as_str()));
            }
        }
        pairs
    }
}

/// Quotes closed and parentheses paired, so that the text can be put in parentheses
/// without changing what it means.
fn balanced(text: &str) -> bool {
    let mut quoted = false;
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    !quoted && depth == 0
}

/// `path?pairs`, encoded.
pub(crate) fn url(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    format!("{path}?{}", s.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> Result<Query, ApiError> {
        Query::from_params(&Params::parse(Some(raw)), &Limits::default())
    }

    #[test]
    fn actors_repeat_and_empty_fields_are_absent() {
        let q = query("q=oil&actor=org%3AOPEC&actor=Saudi+Arabia&since=&until=1987-06").unwrap();
        assert_eq!(q.actors, ["org:OPEC", "Saudi Arabia"]);
        assert_eq!((q.since, q.until.as_deref()), (None, Some("1987-06")));
    }

    #[test]
    fn exclusions_become_query_syntax() {
        let q = query("q=oil+prices&not=place%3ASaudi+Arabia").unwrap();
        assert_eq!(q.text().unwrap(), "(oil prices) -actor:\"Saudi Arabia\"");
        let q = query("not=OPEC").unwrap();
        assert_eq!(q.text().unwrap(), "* -actor:\"OPEC\"");
        let q = query("q=a)+(b&not=OPEC").unwrap();
        assert_eq!(q.text().unwrap(), "a) (b -actor:\"OPEC\"");
        let e = query("not=a%22b").unwrap().text().unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn bad_values_are_named() {
        let e = query("q=a&q=b").unwrap_err();
        assert_eq!(e.error, "q is given more than once");
        let e = Params::parse(Some("limit=x"))
            .number("limit", 10, 100)
            .unwrap_err();
        assert_eq!(e.error, "limit must be a whole number, not \"x\"");
        let e = Params::parse(Some("limit=101"))
            .number("limit", 10, 100)
            .unwrap_err();
        assert_eq!(e.error, "limit is 101; at most 100 is served");
        let e = Params::parse(Some("qq=1")).only(&QUERY_PARAMS).unwrap_err();
        assert_eq!(e.error, "unknown parameter \"qq\"");
        let long = format!("q={}", "a".repeat(5000));
        assert_eq!(
            query(&long).unwrap_err().status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        let e = query("since=2025-13").unwrap().builder().unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn malformed_encoding_is_read_leniently() {
        let q = query("q=%zz%E2%28&actor=%").unwrap();
        assert_eq!(q.q, "%zz\u{fffd}(");
        assert_eq!(q.actors, ["%"]);
    }

    #[test]
    fn urls_round_trip() {
        let q = query("q=a+%26+b&actor=x%3Dy").unwrap();
        let href = url("/", &q.pairs());
        assert_eq!(href, "/?q=a+%26+b&actor=x%3Dy");
        let back = query(href.trim_start_matches("/?")).unwrap();
        assert_eq!(back, q);
    }
}
