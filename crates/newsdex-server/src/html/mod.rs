//! The web page, rendered on the server: every view is a plain HTML document whose
//! links and forms work with JavaScript off. `app.js` then makes the same links and
//! forms fetch the next document and swap its `<main>` in place (so the state stays in
//! the URL and the back button works), adds drag selection to the month chart and the
//! `/` shortcut. Templates are maud's: every value is escaped where it is written.

mod actor;
mod article;
mod chart;
mod search;

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use newsdex::ActorKind;

use crate::assets;
use crate::error::{ApiError, SYNTAX_HINT};
use crate::params::{url, Params, Query};
use crate::state::AppState;
use crate::text::clean;

type Shared = State<Arc<AppState>>;

/// A rendered page and its status.
pub(crate) struct Page {
    status: StatusCode,
    title: String,
    /// What the search box shows and the filters the search form keeps.
    query: Query,
    main: Markup,
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let body = layout(&self).into_string();
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }
}

/// `GET /`: the search page.
pub(crate) async fn search_page(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    let p = Params::parse(raw.as_deref());
    let asked = search::Asked::from_params(&p, &state.limits);
    match asked {
        Ok(asked) => render(&state, move |index| search::page(index, &asked)).await,
        Err(e) => error_page(&e).into_response(),
    }
}

/// `GET /actor?name=NAME&kind=KIND`: one actor over time and in company.
pub(crate) async fn actor_page(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    let p = Params::parse(raw.as_deref());
    match actor::Asked::from_params(&p) {
        Ok(asked) => render(&state, move |index| actor::page(index, &asked)).await,
        Err(e) => error_page(&e).into_response(),
    }
}

/// `GET /article?id=ID`: one article with its actors and dates marked.
pub(crate) async fn article_page(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    let p = Params::parse(raw.as_deref());
    match p.one("id") {
        Ok(Some(id)) => {
            let id = id.to_owned();
            render(&state, move |index| article::page(index, &id)).await
        }
        Ok(None) => error_page(&ApiError::bad_request(
            "which article? give its id",
            "/article?id=ID",
        ))
        .into_response(),
        Err(e) => error_page(&e).into_response(),
    }
}

/// Any other path: a page saying so.
pub(crate) fn not_found_page() -> Response {
    error_page(&ApiError::not_found(
        "there is no page here",
        "the search starts at /",
    ))
    .into_response()
}

/// Renders on the blocking pool: a page reads the index, and so may wait for a slot.
async fn render<F>(state: &AppState, page: F) -> Response
where
    F: FnOnce(&newsdex::Index) -> Page + Send + 'static,
{
    match state.run(move |index| Ok(page(index))).await {
        Ok(page) => page.into_response(),
        Err(e) => error_page(&e).into_response(),
    }
}

/// A page that only says what went wrong and what to do.
pub(crate) fn error_page(e: &ApiError) -> Page {
    let title = if e.status == StatusCode::NOT_FOUND {
        "Not found"
    } else {
        "Cannot answer"
    };
    Page {
        status: e.status,
        title: title.to_owned(),
        query: Query::default(),
        main: html! { div.page { (problem(e)) } },
    }
}

/// An error as a page shows it.
pub(crate) fn problem(e: &ApiError) -> Markup {
    html! {
        div.problem role="alert" {
            p.error { (clean(&e.error)) }
            @if !e.hint.is_empty() {
                p.hint { (e.hint) }
            }
        }
    }
}

fn layout(page: &Page) -> Markup {
    let q = &page.query;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (clean(&page.title)) " · newsdex" }
                link rel="stylesheet" href=(assets::href("app.css"));
                link rel="icon" type="image/svg+xml" href=(assets::href("icon.svg"));
                script src=(assets::href("app.js")) defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "newsdex" }
                    form.search #search action="/" method="get" role="search" {
                        input #q type="search" name="q" value=(q.q) autocomplete="off"
                            spellcheck="false" aria-label="Search the archive"
                            placeholder="Search: words, \"a phrase\", -word, actor:\"Name\"";
                        // The filters in force stay when the words change.
                        span #keep {
                            @for (name, value) in q.pairs() {
                                @if name != "q" {
                                    input type="hidden" name=(name) value=(value);
                                }
                            }
                        }
                        button type="submit" { "Search" }
                    }
                }
                main #main {
                    (page.main)
                }
                footer.bottom {
                    span { "Press " kbd { "/" } " to search. " }
                    span.syntax { (SYNTAX_HINT) "." }
                    " "
                    a href="/api/stats" { "API" }
                }
            }
        }
    }
}

/// `kind:name`, as a filter names an actor.
pub(crate) fn actor_key(kind: ActorKind, name: &str) -> String {
    format!("{kind}:{name}")
}

/// The actor page's URL.
pub(crate) fn actor_href(kind: ActorKind, name: &str) -> String {
    url("/actor", &[("name", name), ("kind", &kind.to_string())])
}

/// The article page's URL. The id goes in the query string, where no `.` or `..` in it
/// can be taken for a path segment and resolved away.
pub(crate) fn article_href(id: &str) -> String {
    url("/article", &[("id", id)])
}

/// People, organisations, places: headings for the kinds.
pub(crate) fn kind_heading(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "People",
        ActorKind::Org => "Organisations",
        ActorKind::Place => "Places",
    }
}

/// 21,578.
pub(crate) fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 article", "2 articles".
pub(crate) fn articles(n: u64) -> String {
    format!("{} article{}", count(n), if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(21578), "21,578");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(articles(1), "1 article");
    }

    #[test]
    fn article_links_encode_the_id() {
        assert_eq!(
            article_href("sub/../a b+c?"),
            "/article?id=sub%2F..%2Fa+b%2Bc%3F"
        );
    }
}
