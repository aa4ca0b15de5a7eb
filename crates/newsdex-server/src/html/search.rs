//! The search page: the filters in force, the ranked hits with their snippets, the month
//! chart, and the actors of every match per kind. A facet's link filters by the actor; on
//! a filtered actor it excludes it instead; on an excluded one it drops it. Every link is
//! the whole state as a URL, so a page can be shared and the back button undoes a click.

use maud::{html, Markup};
use newsdex::{ActorFilter, ActorKind, Hit, Index, SearchResults, Sort};

use super::{
    actor_href, actor_key, article_href, articles, chart, count, kind_heading, problem, Page,
};
use crate::error::ApiError;
use crate::options::Limits;
use crate::params::{url, Params, Query};
use crate::text::clean;

/// Hits on a page, and actors listed per kind.
const PAGE_HITS: usize = 10;
const PAGE_FACETS: usize = 8;
/// Actors shown under each hit.
const HIT_ACTORS: usize = 4;

/// What the page was asked for.
pub(crate) struct Asked {
    query: Query,
    offset: usize,
    limit: usize,
}

impl Asked {
    /// Unknown parameters are ignored here (a shared link may carry some); bad values
    /// of known ones are not.
    pub fn from_params(p: &Params, limits: &Limits) -> Result<Asked, ApiError> {
        Ok(Asked {
            query: Query::from_params(p, limits)?,
            offset: p.number("offset", 0, limits.max_offset)?,
            limit: p.number("limit", PAGE_HITS, limits.max_limit)?,
        })
    }
}

pub(crate) fn page(index: &Index, asked: &Asked) -> Page {
    let query = &asked.query;
    let title = if query.q.trim().is_empty() {
        "Search".to_owned()
    } else {
        query.q.clone()
    };
    let results = query.builder().and_then(|mut b| {
        b.limit(asked.limit)
            .offset(asked.offset)
            .actor_facets(PAGE_FACETS);
        index.search(&b.build()).map_err(ApiError::from_engine)
    });
    let (status, main) = match results {
        Ok(results) => {
            // With dates chosen, the chart shows every month of the other filters, so
            // that the choice can be widened or moved from it.
            let months = if query.since.is_some() || query.until.is_some() {
                let undated = Query {
                    since: None,
                    until: None,
                    ..query.clone()
                };
                undated
                    .builder()
                    .and_then(|mut b| {
                        b.limit(0).actor_facets(0);
                        index.search(&b.build()).map_err(ApiError::from_engine)
                    })
                    .map(|r| r.facets.months)
                    .unwrap_or_else(|_| results.facets.months.clone())
            } else {
                results.facets.months.clone()
            };
            let chart = chart::chart(&months, selected(query), &|since, until| {
                href(query, |q| {
                    q.since = Some(since.to_owned());
                    q.until = Some(until.to_owned());
                })
            });
            (
                axum::http::StatusCode::OK,
                results_view(asked, &results, chart),
            )
        }
        Err(e) => (
            e.status,
            html! {
                div.layout {
                    section.results {
                        (chips(query))
                        (problem(&e))
                    }
                }
            },
        ),
    };
    Page {
        status,
        title,
        query: query.clone(),
        main,
    }
}

/// The first and last day the query asks for.
fn selected(query: &Query) -> (Option<newsdex::Date>, Option<newsdex::Date>) {
    let day = |s: &Option<String>, first: bool| {
        s.as_deref()
            .and_then(|s| s.parse::<newsdex::Period>().ok())
            .map(|p| if first { p.first() } else { p.last() })
    };
    (day(&query.since, true), day(&query.until, false))
}

/// The search page's URL for the query changed by `change`, from its first page.
fn href(query: &Query, change: impl FnOnce(&mut Query)) -> String {
    let mut q = query.clone();
    change(&mut q);
    url("/", &q.pairs())
}

/// Whether a filter as typed (`NAME` or `KIND:NAME`) names this actor.
fn names(filter: &str, kind: ActorKind, name: &str) -> bool {
    filter.parse::<ActorFilter>().is_ok_and(|f| {
        f.kind().is_none_or(|k| k == kind) && f.name().to_lowercase() == name.to_lowercase()
    })
}

/// Where a click on an actor leads: filter by it; on a filtered one, exclude it; on an
/// excluded one, drop it.
fn toggle(query: &Query, kind: ActorKind, name: &str) -> (Facet, String) {
    if query.actors.iter().any(|a| names(a, kind, name)) {
        let link = href(query, |q| {
            q.actors.retain(|a| !names(a, kind, name));
            q.not.push(actor_key(kind, name));
        });
        (Facet::On, link)
    } else if query.not.iter().any(|a| names(a, kind, name)) {
        let link = href(query, |q| q.not.retain(|a| !names(a, kind, name)));
        (Facet::Off, link)
    } else {
        let link = href(query, |q| q.actors.push(actor_key(kind, name)));
        (Facet::Neither, link)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    On,
    Off,
    Neither,
}

impl Facet {
    fn title(self) -> &'static str {
        match self {
            Facet::On => "Filtered by this actor: click to exclude it instead",
            Facet::Off => "Excluded: click to drop this filter",
            Facet::Neither => "Click to keep only articles naming this actor",
        }
    }
}

/// The filters in force, each with a link that drops it.
fn chips(query: &Query) -> Markup {
    let dates = match (&query.since, &query.until) {
        (None, None) => None,
        (since, until) => Some(format!(
            "{} – {}",
            since.as_deref().unwrap_or("…"),
            until.as_deref().unwrap_or("…")
        )),
    };
    if query.actors.is_empty() && query.not.is_empty() && dates.is_none() {
        return html! {};
    }
    html! {
        div.chips #chips aria-label="Filters" {
            @for (i, actor) in query.actors.iter().enumerate() {
                a.chip.on href=(href(query, |q| { q.actors.remove(i); }))
                    title="Drop this filter" {
                    span.what { "with" } " " (chip_name(actor)) " " span.x aria-hidden="true" { "×" }
                }
            }
            @for (i, actor) in query.not.iter().enumerate() {
                a.chip.off href=(href(query, |q| { q.not.remove(i); }))
                    title="Drop this exclusion" {
                    span.what { "without" } " " (chip_name(actor)) " " span.x aria-hidden="true" { "×" }
                }
            }
            @if let Some(dates) = dates {
                a.chip.dates href=(href(query, |q| { q.since = None; q.until = None; }))
                    title="Drop the dates" {
                    span.what { "dates" } " " (dates) " " span.x aria-hidden="true" { "×" }
                }
            }
        }
    }
}

/// An actor filter as a chip shows it: the name, and the kind when one is pinned.
fn chip_name(filter: &str) -> Markup {
    match filter.parse::<ActorFilter>() {
        Ok(f) => html! {
            span.name { (clean(f.name())) }
            @if let Some(kind) = f.kind() {
                " " span.of { "(" (kind) ")" }
            }
        },
        Err(_) => html! { span.name { (clean(filter)) } },
    }
}

fn results_view(asked: &Asked, results: &SearchResults, chart: Markup) -> Markup {
    let query = &asked.query;
    let words = !query.q.trim().is_empty();
    let by_date = !words
        || query
            .sort
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("date"));
    html! {
        div.layout {
            section.results aria-label="Results" {
                (chips(query))
                p.summary #summary {
                    strong { (articles(results.total)) } " match"
                    @if results.total == 1 { "es" }
                    @if let (Some(first), Some(last)) = (results.hits.first(), results.hits.last()) {
                        span.range { " · showing " (first.rank) "–" (last.rank) }
                    }
                    @if words {
                        span.sort {
                            " · "
                            @if by_date {
                                a href=(href(query, |q| q.sort = None)) { "best match" }
                                " | " strong { "newest first" }
                            } @else {
                                strong { "best match" } " | "
                                a href=(href(query, |q| q.sort = Some(sort_name(Sort::Date)))) { "newest first" }
                            }
                        }
                    } @else {
                        span.sort { " · newest first" }
                    }
                }
                (chart)
                @if results.hits.is_empty() {
                    p.empty {
                        @if results.total == 0 {
                            "No articles match. Try fewer words or drop a filter."
                        } @else {
                            "No more hits on this page."
                        }
                    }
                } @else {
                    ol.hits #hits start=(asked.offset + 1) {
                        @for hit in &results.hits {
                            (hit_view(query, hit))
                        }
                    }
                }
                (pager(asked, results.total))
            }
            aside.facets #facets aria-label="Actors of every match" {
                @for kind in ActorKind::ALL {
                    @let actors: Vec<_> = results.facets.actors_of(kind).collect();
                    @if !actors.is_empty() {
                        section.group {
                            h2 { (kind_heading(kind)) }
                            ul {
                                @for a in actors {
                                    @let (state, link) = toggle(query, kind, &a.name);
                                    li.facet.on[state == Facet::On].off[state == Facet::Off].(kind.to_string()) {
                                        a.toggle href=(link) title=(state.title()) {
                                            span.name { (clean(&a.name)) }
                                            " "
                                            span.count { (count(a.count)) }
                                        }
                                        a.more href=(actor_href(kind, &a.name))
                                            title={ "About " (clean(&a.name)) } aria-label={ "About " (clean(&a.name)) } {
                                            "›"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sort_name(sort: Sort) -> String {
    match sort {
        Sort::Date => "date".to_owned(),
        _ => "relevance".to_owned(),
    }
}

fn hit_view(query: &Query, hit: &Hit) -> Markup {
    let title = hit.title.clone().unwrap_or_else(|| format!("({})", hit.id));
    html! {
        li.hit {
            h3 { a.title href=(article_href(&hit.id)) { (clean(&title)) } }
            p.meta {
                @if let Some(day) = hit.published {
                    time datetime=(day.to_string()) { (day.to_string()) }
                } @else {
                    span.undated { "undated" }
                }
                @if let Some(source) = &hit.source {
                    " · " span.source { (clean(source)) }
                }
            }
            p.snippet {
                @for (part, matched) in hit.snippet_parts() {
                    @if matched { mark { (clean(part)) } } @else { (clean(part)) }
                }
            }
            @if !hit.actors.is_empty() {
                ul.who {
                    @for a in hit.actors.iter().take(HIT_ACTORS) {
                        @let (_, link) = toggle(query, a.kind, &a.name);
                        li { a.(a.kind.to_string()) href=(link) title="Filter by this actor" { (clean(&a.name)) } }
                    }
                }
            }
        }
    }
}

fn pager(asked: &Asked, total: u64) -> Markup {
    let (offset, limit) = (asked.offset, asked.limit.max(1));
    let page = |offset: usize| {
        let mut pairs = asked.query.pairs();
        let offset = offset.to_string();
        let limit_text = limit.to_string();
        if offset != "0" {
            pairs.push(("offset", &offset));
        }
        if limit != PAGE_HITS {
            pairs.push(("limit", &limit_text));
        }
        url("/", &pairs)
    };
    let more = ((offset + limit) as u64) < total;
    if offset == 0 && !more {
        return html! {};
    }
    html! {
        nav.pager aria-label="Pages" {
            @if offset > 0 {
                a.prev rel="prev" href=(page(offset.saturating_sub(limit))) { "← previous" }
            }
            @if more {
                a.next rel="next" href=(page(offset + limit)) { "next →" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> Query {
        Query::from_params(&Params::parse(Some(raw)), &Limits::default()).unwrap()
    }

    #[test]
    fn a_facet_filters_then_excludes_then_drops() {
        let q = query("q=oil");
        let (state, first) = toggle(&q, ActorKind::Org, "OPEC");
        assert_eq!(
            (state, first.as_str()),
            (Facet::Neither, "/?q=oil&actor=org%3AOPEC")
        );
        let (state, second) = toggle(&query(&first[2..]), ActorKind::Org, "OPEC");
        assert_eq!(
            (state, second.as_str()),
            (Facet::On, "/?q=oil&not=org%3AOPEC")
        );
        let (state, third) = toggle(&query(&second[2..]), ActorKind::Org, "OPEC");
        assert_eq!((state, third.as_str()), (Facet::Off, "/?q=oil"));
    }

    #[test]
    fn a_filter_typed_without_kind_or_case_still_counts() {
        let (state, _) = toggle(&query("actor=opec"), ActorKind::Org, "OPEC");
        assert_eq!(state, Facet::On);
        let (state, _) = toggle(&query("actor=place:OPEC"), ActorKind::Org, "OPEC");
        assert_eq!(state, Facet::Neither);
    }
}
