// # Querying `search serve` over HTTP
//
// What this shows: a program that searches an archive through the HTTP API, as a
// program in any language would, with plain GET requests and JSON. A Rust program can
// read the answers back into newsdex's own types: they are the same JSON that
// `search query --json` prints.
//
// We will:
// - index the sample articles in `examples/articles` into a temporary folder,
// - start a server over it on a free loopback port, with the `newsdex-server` library
//   (what `search serve` runs), so that this example needs nothing else running,
// - search with a filter and a date range, list the most named people, read one
//   article, and stream an export as JSON Lines,
// - check each answer, and stop the server.
//
// Run it with `cargo run -p examples --example http_client`.

use std::io::BufRead;

use newsdex::{Hit, Index, IndexerOptions, SearchResults, StoredArticle};
use newsdex_server::{Server, ServerOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An index of the sample articles, as `search index examples/articles` builds it.
    let dir = tempfile::tempdir()?;
    let index = Index::create_in_dir(dir.path())?;
    let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    index
        .indexer(IndexerOptions::default())?
        .index_paths(&[articles], &mut |_| {})?;

    // A server on port 0: the system picks a free one.
    let mut options = ServerOptions::default();
    options.bind = "127.0.0.1:0".parse()?;
    let server = Server::start(index, options)?;
    let base = format!("http://{}", server.local_addr());
    println!("Serving at {base}/\n");

    // The client side: any HTTP client will do. Status codes are answers, not failures,
    // so that an error's JSON can be read.
    let http: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();

    // 1. A search, as `search query water --actor "Helena Brandt" --since 2025-03`.
    let mut response = http
        .get(format!("{base}/api/search"))
        .query("q", "water")
        .query("actor", "Helena Brandt")
        .query("since", "2025-03")
        .query("limit", "3")
        .call()?;
    assert_eq!(response.status(), 200);
    let results: SearchResults = response.body_mut().read_json()?;
    println!(
        "{} articles about water name Helena Brandt since March 2025:",
        results.total
    );
    for hit in &results.hits {
        let day = hit.published.map(|d| d.to_string()).unwrap_or_default();
        println!(
            "  {}. {day}  {}",
            hit.rank,
            hit.title.as_deref().unwrap_or(&hit.id)
        );
    }
    assert!(results.total >= 3 && results.hits.len() == 3);
    let march = newsdex::Date::from_calendar_date(2025, newsdex::Month::March, 1)?;
    assert!(results.hits.iter().all(|h| h.published >= Some(march)));

    // 2. The most named people among every article.
    let actors: serde_json::Value = http
        .get(format!("{base}/api/actors"))
        .query("kind", "person")
        .query("limit", "3")
        .call()?
        .body_mut()
        .read_json()?;
    println!("\nMost named people: {}", actors["actors"]);
    assert_eq!(actors["actors"][0]["name"], "Helena Brandt");

    // 3. One article with what was extracted from it.
    let first = &results.hits[0].id;
    let article: StoredArticle = http
        .get(format!("{base}/api/articles/{first}"))
        .call()?
        .body_mut()
        .read_json()?;
    println!(
        "\n{} names {} actors and {} dates.",
        article.id,
        article.actors.len(),
        article.dates.len()
    );
    assert_eq!(&article.id, first);
    assert!(article.actors.iter().any(|a| a.name == "Helena Brandt"));

    // 4. Mistakes come back as a status and {"error", "hint"}.
    let mut bad = http
        .get(format!("{base}/api/search"))
        .query("since", "2025-13")
        .call()?;
    let error: serde_json::Value = bad.body_mut().read_json()?;
    println!("\nA bad date: {} {}", bad.status(), error["error"]);
    assert_eq!(bad.status(), 400);

    // 5. Every match with its whole text, one JSON object per line, read as it arrives.
    let export = http
        .get(format!("{base}/api/export"))
        .query("q", "strike")
        .call()?;
    let total: usize = export
        .headers()
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or("no X-Total-Count")?;
    let mut lines = 0;
    for line in std::io::BufReader::new(export.into_body().into_reader()).lines() {
        let hit: Hit = serde_json::from_str(&line?)?;
        assert!(hit.body.is_some(), "an export carries the text");
        lines += 1;
    }
    println!("\nExported {lines} articles about strikes.");
    assert_eq!(lines, total);

    server.stop()?;
    Ok(())
}

// `cargo test -p examples` runs the example through this test (`test = true` in
// Cargo.toml), so its assertions are checked along with the rest of the suite.
#[test]
fn runs() -> Result<(), Box<dyn std::error::Error>> {
    main()
}
