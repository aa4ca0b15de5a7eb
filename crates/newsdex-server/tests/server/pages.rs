//! The web page as a browser without JavaScript gets it: hits, facets, the chart, the
//! actor and article pages, all rendered on the server; and article text, which is
//! hostile, escaped everywhere it appears.

use crate::helpers::{encode, get, path, sample_index, serve, EVIL, EVIL_TITLE};

#[test]
fn a_search_link_shows_its_hits_without_javascript() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = get(&server, "/?q=point+of+no+return");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let body = &page.body;
    assert!(body.starts_with("<!DOCTYPE html>"));
    // Ranked hits with highlighted snippets, the query in the box.
    let first = body.find("<li class=\"hit\">").expect("hits");
    assert!(body[first..].contains("Seldra negotiators reach the point of no return"));
    assert!(body.contains("<mark>point</mark>"), "highlights");
    assert!(
        body.contains("value=\"point of no return\""),
        "the search box keeps the query"
    );
    // Facets per kind, each a link that filters, with the actor page beside it.
    assert!(body.contains("<h2>People</h2>"));
    assert!(body.contains("href=\"/?q=point+of+no+return&amp;actor=person%3AHelena+Brandt\""));
    assert!(body.contains("href=\"/actor?name=Helena+Brandt&amp;kind=person\""));
    // The month chart: bars that link to their month.
    assert!(body.contains("<svg class=\"bars\""));
    assert!(body.contains("since=2025-03&amp;until=2025-03"));
    // Only our own assets, and no inline script.
    assert!(body.contains("<script src=\"/assets/app.js?v="));
    assert!(!body.contains("<script>"));
}

#[test]
fn a_filtered_facet_excludes_on_the_next_click() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = get(&server, "/?actor=person%3AHelena+Brandt");
    let body = &page.body;
    assert!(
        body.contains("class=\"chip on\""),
        "the filter shows as a chip"
    );
    assert!(body.contains("<li class=\"facet person on\">"), "{body}");
    assert!(
        body.contains("href=\"/?not=person%3AHelena+Brandt\""),
        "the next click excludes"
    );
    let excluded = get(&server, "/?not=person%3AHelena+Brandt");
    assert!(excluded.body.contains("class=\"chip off\""));
    // No article left names her: no facet or hit links to filtering by her.
    assert!(!excluded.body.contains("actor=person%3AHelena+Brandt"));
}

#[test]
fn dates_chosen_keep_the_whole_chart_with_the_choice_marked() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = get(&server, "/?since=2025-03&until=2025-03");
    let body = &page.body;
    assert!(body.contains("class=\"bar sel\""));
    assert!(
        body.contains("class=\"bar\""),
        "months outside the choice are still drawn"
    );
    assert!(body.contains("class=\"chip dates\""));
}

#[test]
fn hostile_article_text_is_escaped_everywhere() {
    let dir = sample_index();
    let server = serve(dir.path());
    let pages = [
        get(&server, "/?q=onerror"),
        get(&server, &path("/article", &[("id", EVIL)])),
        get(&server, "/actor?name=Helena+Brandt&kind=person"),
        get(&server, &format!("/?q={}", encode(EVIL_TITLE))),
    ];
    for page in &pages {
        let body = &page.body;
        assert!(!body.contains("<script>alert"), "{body}");
        assert!(!body.contains("<img src=x"), "{body}");
        assert!(!body.contains("<b>bold"), "{body}");
        for c in ['\u{1b}', '\u{0}', '\u{7}', '\u{202e}'] {
            assert!(!body.contains(c), "{c:?} sent as it is");
        }
    }
    let article = &pages[1].body;
    assert_eq!(pages[1].status, 200, "{article}");
    assert!(article.contains("&lt;script&gt;alert('title')&lt;/script&gt; &quot;Quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"), "{article}");
    assert!(
        article.contains("\\u{1b}[31mred"),
        "control characters shown, not sent"
    );
    assert!(
        article.contains("<span class=\"source\">javascript:alert('source')</span>"),
        "no javascript: link"
    );
    assert!(!article.contains("href=\"javascript"), "{article}");
    let found = &pages[0].body;
    assert!(
        found.contains("&lt;img src=x <mark>onerror</mark>=alert(1)&gt;"),
        "{found}"
    );
}

#[test]
fn the_article_page_marks_actors_and_dates() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = get(&server, "/article?id=accord-point-of-no-return");
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(body.contains(
        "<h1>Seldra negotiators reach the point of no return, commission chair says</h1>"
    ));
    assert!(
        body.contains("<a class=\"m person\" href=\"/actor?name=Helena+Brandt&amp;kind=person\" title=\"person: Helena Brandt\">Helena Brandt</a>"),
        "{body}"
    );
    assert!(
        body.contains("<span class=\"m date\" title=\"date: "),
        "{body}"
    );
    assert!(body.contains("class=\"m place\""));
    let missing = get(&server, "/article?id=nope");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("no article with id &quot;nope&quot;")
            || missing.body.contains("no article with id \"nope\"")
    );
}

#[test]
fn the_actor_page_has_its_months_company_and_names() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = get(&server, "/actor?name=Helena+Brandt&kind=person");
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("<h1>Helena Brandt <span class=\"kind person\">person</span></h1>"));
    assert!(body.contains("Also written: <q>Brandt</q>"), "{body}");
    assert!(body.contains("Named with"));
    assert!(body.contains("<svg class=\"bars\""));
    assert!(
        body.contains("href=\"/?actor=person%3AHelena+Brandt&amp;since="),
        "bars search the actor's month"
    );
    let unknown = get(&server, "/actor?name=Nobody+Atall");
    assert_eq!(unknown.status, 404);
}

#[test]
fn bad_input_shows_on_the_page_with_its_status() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = get(&server, "/?q=%22open");
    assert_eq!(page.status, 400);
    assert!(page.body.contains("the quote at column 1 is never closed"));
    assert!(
        page.body.contains("value=\"&quot;open\""),
        "the query stays in the box to fix"
    );
    let lost = get(&server, "/no/such/page");
    assert_eq!(lost.status, 404);
    assert!(lost.body.contains("there is no page here"));
    let asset = get(&server, "/assets/../../Cargo.toml");
    assert_eq!(asset.status, 404, "no request names a file");
}

#[test]
fn assets_are_embedded_and_versioned() {
    let dir = sample_index();
    let server = serve(dir.path());
    let css = get(&server, "/assets/app.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("@media (max-width: 760px)"));
    let js = get(&server, "/assets/app.js");
    assert!(js.body.contains("history.pushState"));
    assert_eq!(get(&server, "/assets/other.js").status, 404);
}
