//! The actor page: how many articles name an actor month by month, the actors named most
//! often with it, the other names it goes by, and its latest articles.
//!
//! The library counts months and co-occurring actors for any filter, so both come from
//! one search filtered by the actor. It keeps no list of an actor's names across the
//! archive: the names are gathered from the forms each of its latest articles recorded.

use maud::{html, Markup};
use newsdex::{ActorFilter, ActorKind, Index, SearchRequestBuilder, Sort};

use super::{
    actor_href, actor_key, article_href, articles, chart, count, kind_heading, problem, Page,
};
use crate::error::ApiError;
use crate::params::{url, Params, Query};
use crate::text::clean;

/// Latest articles listed, and read for the actor's other names.
const LATEST: usize = 20;
/// Actors named with it, per kind.
const COMPANY: usize = 8;

pub(crate) struct Asked {
    name: String,
    kind: Option<ActorKind>,
}

impl Asked {
    pub fn from_params(p: &Params) -> Result<Asked, ApiError> {
        let Some(name) = p.one("name")? else {
            return Err(ApiError::bad_request(
                "which actor? give its name",
                "/actor?name=NAME&kind=person|org|place",
            ));
        };
        let kind = match p.one("kind")? {
            Some(kind) => Some(kind.parse::<ActorKind>().map_err(|e| {
                ApiError::bad_request(format!("{e}"), "kind is person, org or place")
            })?),
            None => None,
        };
        Ok(Asked {
            name: name.to_owned(),
            kind,
        })
    }

    fn filter(&self) -> ActorFilter {
        match self.kind {
            Some(kind) => ActorFilter::of_kind(kind, &self.name),
            None => ActorFilter::named(&self.name),
        }
    }

    /// As a search filter: `kind:name`, or the name alone.
    fn key(&self) -> String {
        match self.kind {
            Some(kind) => actor_key(kind, &self.name),
            None => self.name.clone(),
        }
    }
}

pub(crate) fn page(index: &Index, asked: &Asked) -> Page {
    let query = Query {
        actors: vec![asked.key()],
        ..Query::default()
    };
    let mut b = SearchRequestBuilder::new("");
    b.actor(asked.filter())
        .sort(Sort::Date)
        .limit(LATEST)
        .actor_facets(COMPANY + 1);
    let results = match index.search(&b.build()) {
        Ok(results) => results,
        Err(e) => {
            let e = ApiError::from_engine(e);
            return Page {
                status: e.status,
                title: asked.name.clone(),
                query,
                main: html! { div.page { h1 { (clean(&asked.name)) } (problem(&e)) } },
            };
        }
    };
    // The canonical name and kind, as the articles record them.
    let candidates: Vec<_> = results
        .facets
        .actors
        .iter()
        .filter(|a| asked.kind.is_none_or(|k| k == a.kind) && a.count == results.total)
        .collect();
    let me = candidates
        .iter()
        .find(|a| a.name.to_lowercase() == asked.name.to_lowercase())
        .or(candidates.first())
        .map(|a| (a.kind, a.name.clone()));
    let (kind, name) = me
        .clone()
        .unwrap_or((asked.kind.unwrap_or(ActorKind::Person), asked.name.clone()));
    let aliases = aliases(index, &results.hits, kind, &name);
    let search_href = url("/", &[("actor", &actor_key(kind, &name))]);
    let chart = chart::chart(&results.facets.months, (None, None), &|since, until| {
        url(
            "/",
            &[
                ("actor", &actor_key(kind, &name)),
                ("since", since),
                ("until", until),
            ],
        )
    });
    let main = html! {
        div.page.actor {
            h1 { (clean(&name)) " " span.kind.(kind.to_string()) { (kind.to_string()) } }
            @if !aliases.is_empty() {
                p.aliases { "Also written: "
                    @for (i, alias) in aliases.iter().enumerate() {
                        @if i > 0 { ", " }
                        q { (clean(alias)) }
                    }
                }
            }
            p.summary {
                "Named in " strong { (articles(results.total)) } ". "
                a href=(search_href) { "Search them" }
            }
            h2 { "Articles per month" }
            (chart)
            div.columns {
                section.company {
                    h2 { "Named with" }
                    @for k in ActorKind::ALL {
                        @let company: Vec<_> = results.facets.actors_of(k)
                            .filter(|a| !(a.kind == kind && a.name == name))
                            .take(COMPANY)
                            .collect();
                        @if !company.is_empty() {
                            h3 { (kind_heading(k)) }
                            ul.company {
                                @for a in company {
                                    li {
                                        a href=(actor_href(a.kind, &a.name)) { (clean(&a.name)) }
                                        " "
                                        a.count href=(url("/", &[("actor", &actor_key(kind, &name)), ("actor", &actor_key(a.kind, &a.name))]))
                                            title="The articles naming both" {
                                            (count(a.count))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.latest {
                    h2 { "Latest articles" }
                    (latest(&results.hits))
                }
            }
        }
    };
    Page {
        status: axum::http::StatusCode::OK,
        title: name.clone(),
        query,
        main,
    }
}

fn latest(hits: &[newsdex::Hit]) -> Markup {
    html! {
        ol.latest {
            @for hit in hits {
                li {
                    @if let Some(day) = hit.published {
                        time datetime=(day.to_string()) { (day.to_string()) } " "
                    }
                    a href=(article_href(&hit.id)) {
                        (clean(hit.title.as_deref().unwrap_or(&hit.id)))
                    }
                }
            }
        }
    }
}

/// The names other than `name` that the actor's latest articles wrote it as, most
/// common first.
fn aliases(index: &Index, hits: &[newsdex::Hit], kind: ActorKind, name: &str) -> Vec<String> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for hit in hits {
        let Ok(article) = index.article(&hit.id) else {
            continue;
        };
        let Some(actor) = article
            .actors
            .iter()
            .find(|a| a.kind == kind && a.name == name)
        else {
            continue;
        };
        for form in actor.forms.iter().filter(|f| f.as_str() != name) {
            match seen.iter_mut().find(|(f, _)| f == form) {
                Some((_, n)) => *n += 1,
                None => seen.push((form.clone(), 1)),
            }
        }
    }
    seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    seen.into_iter().map(|(f, _)| f).collect()
}
