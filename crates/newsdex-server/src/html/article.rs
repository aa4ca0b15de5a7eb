//! The article page: the text with every actor and date extraction found marked where
//! it is written (an actor links to its page), and beside it the lists of both.

use std::ops::Range;

use maud::{html, Markup};
use newsdex::{ActorKind, Index, StoredArticle};

use super::{actor_href, kind_heading, problem, Page};
use crate::error::ApiError;
use crate::params::Query;
use crate::text::{clean, marks, Mark};

pub(crate) fn page(index: &Index, id: &str) -> Page {
    match index.article(id) {
        Ok(article) => Page {
            status: axum::http::StatusCode::OK,
            title: article.title.clone().unwrap_or_else(|| article.id.clone()),
            query: Query::default(),
            main: view(&article),
        },
        Err(e) => {
            let e = ApiError::from_engine(e);
            Page {
                status: e.status,
                title: "No such article".to_owned(),
                query: Query::default(),
                main: html! { div.page { (problem(&e)) } },
            }
        }
    }
}

fn view(a: &StoredArticle) -> Markup {
    let marks = marks(a);
    html! {
        div.page.article {
            article.text #article {
                h1 { (clean(a.title.as_deref().unwrap_or("(no headline)"))) }
                p.meta {
                    @if let Some(day) = a.published {
                        time datetime=(day.to_string()) { (day.to_string()) }
                    } @else {
                        span.undated { "undated" }
                    }
                    @if let Some(source) = &a.source {
                        " · " (source_view(source))
                    }
                    " · " span.id { "id " code { (clean(&a.id)) } }
                }
                p.legend aria-hidden="true" {
                    span.m.person { "person" } " " span.m.org { "organisation" } " "
                    span.m.place { "place" } " " span.m.date { "date" }
                }
                div.body {
                    @for paragraph in paragraphs(&a.body) {
                        p { (marked(a, &marks, paragraph)) }
                    }
                }
            }
            aside.extracted {
                @for kind in ActorKind::ALL {
                    @let actors: Vec<_> = a.actors.iter().filter(|x| x.kind == kind).collect();
                    @if !actors.is_empty() {
                        h2 { (kind_heading(kind)) }
                        ul.actors {
                            @for x in actors {
                                li {
                                    a.(kind.to_string()) href=(actor_href(kind, &x.name)) { (clean(&x.name)) }
                                    " " span.count title="mentions" { "×" (x.mentions) }
                                    @let others: Vec<&String> = x.forms.iter().filter(|f| **f != x.name).collect();
                                    @if !others.is_empty() {
                                        span.forms {
                                            " also "
                                            @for (i, f) in others.iter().enumerate() {
                                                @if i > 0 { ", " }
                                                q { (clean(f)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !a.dates.is_empty() {
                    h2 { "Dates" }
                    ul.dates {
                        @for d in &a.dates {
                            li { q { (clean(&d.text)) } " = " code { (d.value.to_string()) } }
                        }
                    }
                }
            }
        }
    }
}

/// A link only for web addresses: a `javascript:` or `file:` source stays text.
fn source_view(source: &str) -> Markup {
    let web = ["http://", "https://"].iter().any(|s| {
        source
            .get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    });
    html! {
        @if web && !source.chars().any(char::is_whitespace) {
            a.source href=(source) rel="noopener noreferrer nofollow" { (clean(source)) }
        } @else {
            span.source { (clean(source)) }
        }
    }
}

/// One paragraph of the body with the marks that fall in it.
fn marked(a: &StoredArticle, marks: &[(Range<usize>, Mark)], paragraph: Range<usize>) -> Markup {
    let body = &a.body;
    // Plain stretches (`None`) and marked ones, in order.
    let mut pieces: Vec<(Range<usize>, Option<Mark>)> = Vec::new();
    let mut at = paragraph.start;
    for (range, mark) in marks {
        if range.start < at || range.end > paragraph.end {
            continue;
        }
        pieces.push((at..range.start, None));
        pieces.push((range.clone(), Some(*mark)));
        at = range.end;
    }
    pieces.push((at..paragraph.end, None));
    html! {
        @for (range, mark) in pieces {
            @let text = clean(&body[range]);
            @match mark {
                None => (text),
                Some(Mark::Actor(i)) => {
                    @let actor = &a.actors[i];
                    a.m.(actor.kind.to_string()) href=(actor_href(actor.kind, &actor.name))
                        title={ (actor.kind) ": " (clean(&actor.name)) } { (text) }
                }
                Some(Mark::Date(i)) => {
                    span.m.date title={ "date: " (a.dates[i].value) } { (text) }
                }
            }
        }
    }
}

/// The body's paragraphs: byte ranges between blank lines, trimmed, none empty.
fn paragraphs(body: &str) -> Vec<Range<usize>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut push = |r: Range<usize>| {
        let text = &body[r.clone()];
        let start = r.start + (text.len() - text.trim_start().len());
        let end = r.start + text.trim_end().len();
        if start < end {
            out.push(start..end);
        }
    };
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push(start..i);
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(start..bytes.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_split_at_blank_lines() {
        let body = "  One\nline.\n \n\nTwo.\n\n\n";
        let parts: Vec<&str> = paragraphs(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(parts, ["One\nline.", "Two."]);
        assert!(paragraphs("").is_empty());
    }

    #[test]
    fn only_web_sources_are_links() {
        assert!(source_view("https://example.org/a")
            .into_string()
            .starts_with("<a"));
        assert!(source_view("javascript:alert(1)")
            .into_string()
            .starts_with("<span"));
        assert!(source_view("HTTP://x y").into_string().starts_with("<span"));
    }
}
