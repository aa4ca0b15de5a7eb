//! The JSON API: the library's own types, as `search ... --json` prints them; every
//! parameter; every error as `{"error", "hint"}` with its status.

use newsdex::{ActorFilter, Index, SearchRequestBuilder, SearchResults, Stats, StoredArticle};

use crate::helpers::{get, path, request, sample_index, serve, serve_with, EVIL, SAMPLES};

#[test]
fn search_answers_what_the_library_answers() {
    let dir = sample_index();
    let server = serve(dir.path());
    let reply = get(
        &server,
        &path(
            "/api/search",
            &[("q", "point of no return"), ("limit", "3")],
        ),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    // The same request in process, with the command line's defaults (5 facets).
    let index = Index::open_in_dir(dir.path()).unwrap();
    let expected = index
        .search(
            &SearchRequestBuilder::new("point of no return")
                .limit(3)
                .actor_facets(5)
                .build(),
        )
        .unwrap();
    let mut line = serde_json::to_string(&expected).unwrap();
    line.push('\n');
    assert_eq!(reply.body, line, "the bytes `search query --json` prints");
    // And a Rust client reads it back.
    let read: SearchResults = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(read, expected);
    assert_eq!(read.hits[0].id, "accord-point-of-no-return");
}

#[test]
fn actors_repeat_and_exclusions_leave_articles_out() {
    let dir = sample_index();
    let server = serve(dir.path());
    let total = |pairs: &[(&str, &str)]| -> u64 {
        let reply = get(&server, &path("/api/search", pairs));
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["total"].as_u64().unwrap()
    };
    let all = total(&[]);
    let brandt = total(&[("actor", "person:Helena Brandt")]);
    let both = total(&[("actor", "Helena Brandt"), ("actor", "place:Vienna")]);
    let without = total(&[("not", "person:Helena Brandt")]);
    assert!(
        all > brandt && brandt >= both && both > 0,
        "{all} {brandt} {both}"
    );
    assert_eq!(without, all - brandt, "exclusion is the complement");
    // With words: the exclusion applies to the matches of the words.
    let water = total(&[("q", "water")]);
    let water_without = total(&[("q", "water"), ("not", "Helena Brandt")]);
    let water_with = total(&[("q", "water"), ("actor", "Helena Brandt")]);
    assert_eq!(water_without + water_with, water);
}

#[test]
fn paging_sorting_and_facets_follow_the_parameters() {
    let dir = sample_index();
    let server = serve(dir.path());
    let page = |pairs: &[(&str, &str)]| get(&server, &path("/api/search", pairs)).json();
    let first = page(&[("q", "water"), ("limit", "2")]);
    let second = page(&[("q", "water"), ("limit", "2"), ("offset", "2")]);
    assert_eq!(first["hits"].as_array().unwrap().len(), 2);
    assert_eq!(second["hits"][0]["rank"], 3);
    let by_date = page(&[("q", "water"), ("sort", "date"), ("limit", "5")]);
    let days: Vec<&str> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["published"].as_str())
        .collect();
    let mut sorted = days.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(days, sorted, "newest first");
    let dated = page(&[("since", "2025-04"), ("until", "2025-05")]);
    for hit in dated["hits"].as_array().unwrap() {
        let day = hit["published"].as_str().unwrap();
        assert!(("2025-04-01"..="2025-05-31").contains(&day), "{day}");
    }
    let facets = page(&[("facets", "1"), ("limit", "0")]);
    assert!(facets["hits"].as_array().unwrap().is_empty());
    assert_eq!(
        facets["facets"]["actors"].as_array().unwrap().len(),
        3,
        "one per kind"
    );
}

#[test]
fn actors_dates_articles_stats_and_health() {
    let dir = sample_index();
    let server = serve(dir.path());

    let actors = get(&server, "/api/actors?kind=person&limit=3").json();
    assert_eq!(
        actors.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["actors", "total"]
    );
    let people = actors["actors"].as_array().unwrap();
    assert_eq!(people.len(), 3);
    assert!(people.iter().all(|a| a["kind"] == "person"));

    let dates = get(&server, "/api/dates?q=strike").json();
    let months = dates["months"].as_array().unwrap();
    let sum: u64 = months.iter().map(|m| m["count"].as_u64().unwrap()).sum();
    assert!(sum <= dates["total"].as_u64().unwrap() && sum > 0);

    let reply = get(&server, "/api/articles/accord-point-of-no-return");
    let article: StoredArticle = serde_json::from_str(&reply.body).unwrap();
    assert!(article.actors.iter().any(|a| a.name == "Helena Brandt"));
    assert!(!article.dates.is_empty());
    assert_eq!(get(&server, "/api/articles/").error(404), "no such route");
    // An id with a slash and characters a URL must encode.
    let evil = get(
        &server,
        &format!("/api/articles/{}", crate::helpers::encode(EVIL)),
    );
    assert_eq!(evil.status, 200, "{}", evil.body);
    assert_eq!(evil.json()["id"], EVIL);

    let stats: Stats = serde_json::from_str(&get(&server, "/api/stats").body).unwrap();
    assert_eq!(
        stats.articles,
        SAMPLES + 1,
        "the samples and the hostile article"
    );
    assert_eq!(
        stats.path, None,
        "the server does not say where its files are"
    );

    let health = get(&server, "/healthz");
    assert_eq!(
        (health.status, health.json()["status"].as_str()),
        (200, Some("ok"))
    );
}

#[test]
fn export_streams_every_match_with_its_text() {
    let dir = sample_index();
    let server = serve(dir.path());
    let reply = get(&server, "/api/export?q=water");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    let total: usize = reply.header("x-total-count").unwrap().parse().unwrap();
    let lines: Vec<newsdex::Hit> = reply
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), total);
    assert!(total > 3);
    assert!(lines
        .iter()
        .all(|h| h.body.as_deref().is_some_and(|b| !b.is_empty())));
    // Every actor, not only the most named.
    let index = Index::open_in_dir(dir.path()).unwrap();
    let first = index.article(&lines[0].id).unwrap();
    assert_eq!(lines[0].actors.len(), first.actors.len());

    let limited = get(&server, "/api/export?limit=2&actor=Helena+Brandt");
    assert_eq!(limited.body.lines().count(), 2);
    let everything = get(&server, "/api/export");
    assert_eq!(everything.body.lines().count() as u64, SAMPLES + 1);
    let filter: ActorFilter = "Helena Brandt".parse().unwrap();
    assert_eq!(filter.name(), "Helena Brandt");
}

#[test]
fn mistakes_are_told_with_their_status_and_a_hint() {
    let dir = sample_index();
    let server = serve(dir.path());
    let cases: &[(&str, u16, &str)] = &[
        (
            "/api/search?q=%22open",
            400,
            "bad query: the quote at column 1 is never closed",
        ),
        (
            "/api/search?q=nofield:x",
            400,
            "unknown field `nofield` in query",
        ),
        (
            "/api/search?since=2025-13",
            400,
            "bad date \"2025-13\": month must be 01 to 12",
        ),
        (
            "/api/search?sort=random",
            400,
            "unknown sort order \"random\"; use relevance or date",
        ),
        (
            "/api/search?limit=1000",
            400,
            "limit is 1000; at most 100 is served",
        ),
        (
            "/api/search?offset=-1",
            400,
            "offset must be a whole number, not \"-1\"",
        ),
        ("/api/search?q=a&q=b", 400, "q is given more than once"),
        ("/api/search?qq=a", 400, "unknown parameter \"qq\""),
        (
            "/api/search?actor=Nobody+Atall",
            404,
            "no article names the actor \"Nobody Atall\"",
        ),
        ("/api/actors?kind=animal", 400, "unknown actor kind"),
        (
            "/api/articles/no-such-id",
            404,
            "no article with id \"no-such-id\"",
        ),
        ("/api/nothing", 404, "no such route"),
        (
            "/api/search?not=a%22b",
            400,
            "cannot exclude \"a\\\"b\": the name has a quote or backslash",
        ),
    ];
    for (url, status, message) in cases {
        let reply = get(&server, url);
        let error = reply.error(*status);
        assert!(error.starts_with(message), "{url}: {error}");
    }
    let long = format!("/api/search?q={}", "word+".repeat(1000));
    assert!(get(&server, &long)
        .error(413)
        .starts_with("the query is 5000 bytes long"));
    let longer = format!("/api/search?q={}", "a".repeat(9000));
    assert!(get(&server, &longer)
        .error(414)
        .starts_with("the URL is 9014 bytes long"));
    let post = request(&server, "POST", "/api/search");
    assert_eq!(post.error(405), "only GET is served");
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn headers_keep_pages_from_being_framed_or_sniffed() {
    let dir = sample_index();
    let server = serve(dir.path());
    for url in ["/", "/api/search?q=water", "/api/nothing", "/assets/app.js"] {
        let reply = get(&server, url);
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{url}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{url}: {csp}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{url}"
        );
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{url}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            None,
            "{url}: CORS is off"
        );
    }
}

#[test]
fn cors_is_on_only_for_the_origin_given() {
    let dir = sample_index();
    let server = serve_with(dir.path(), |o| {
        o.cors_origin = Some("https://example.org".to_owned());
    });
    let url = format!("http://{}/api/stats", server.local_addr());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let reply = agent
        .get(&url)
        .header("Origin", "https://example.org")
        .call()
        .unwrap();
    assert_eq!(
        reply.headers().get("access-control-allow-origin").unwrap(),
        "https://example.org"
    );
    // Another origin is told the one allowed, which its browser then refuses.
    let other = agent
        .get(&url)
        .header("Origin", "https://evil.example")
        .call()
        .unwrap();
    assert_ne!(
        other.headers().get("access-control-allow-origin").unwrap(),
        "https://evil.example"
    );

    let index = Index::open_in_dir(dir.path()).unwrap();
    let mut options = newsdex_server::ServerOptions::default();
    options.bind = "127.0.0.1:0".parse().unwrap();
    options.cors_origin = Some("example.org/path".to_owned());
    let e = newsdex_server::Server::start(index, options).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("bad CORS origin \"example.org/path\""),
        "{e}"
    );
}

#[test]
fn a_port_in_use_is_named() {
    let dir = sample_index();
    let server = serve(dir.path());
    let taken = server.local_addr();
    let index = Index::open_in_dir(dir.path()).unwrap();
    let mut options = newsdex_server::ServerOptions::default();
    options.bind = taken;
    let e = newsdex_server::Server::start(index, options).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("cannot listen on {taken}: ")),
        "{e}"
    );
}
