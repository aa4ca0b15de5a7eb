// # Date ranges and date order
//
// What this shows: restricting a search to a period of publication, and ordering hits
// newest first instead of by relevance. Periods are written as people write them:
// `2025`, `2025-03` or `2025-03-14`; `since` takes the first day of its period and
// `until` the last, so `since("2025-03")` and `until("2025-06")` mean 1 March to
// 30 June 2025, both ends included.
//
// We will:
// - index the sample corpus in memory,
// - search the whole corpus, then only March to June 2025, and compare,
// - check that every hit in the range was published inside it,
// - sort the same search by date and check that the newest comes first.
//
// Run it with `cargo run -p examples --example date_range`.

use std::path::PathBuf;

use newsdex::{Hit, Index, IndexerOptions, Period, SearchRequestBuilder, Sort};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let index = Index::create_in_ram()?;
    let articles = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("articles");
    index
        .indexer(IndexerOptions::default())?
        .index_paths(&[articles], &mut |_progress| {})?;

    // Without a range: every article about the treaty, whenever it appeared.
    let query = "Seldra treaty";
    let everything = index.search(&SearchRequestBuilder::new(query).limit(100).build())?;
    println!("`{query}`, any date: {} articles", everything.total);

    // The spring of 2025. A period typed by a user is parsed first, so a malformed one
    // (`2025-13`) is an error before any search runs.
    let (march, june): (Period, Period) = ("2025-03".parse()?, "2025-06".parse()?);
    let spring = SearchRequestBuilder::new(query)
        .since(march)
        .until(june)
        .limit(100)
        .build();
    let in_spring = index.search(&spring)?;
    println!(
        "`{query}`, March to June 2025: {} articles",
        in_spring.total
    );
    print_hits(&in_spring.hits);

    // Every hit was published in the range; articles whose date is unknown never match
    // a range. The range leaves out the articles from 2024 and from later in 2025.
    let (first, last) = (march.first(), june.last());
    for hit in &in_spring.hits {
        let published = hit.published.ok_or("an undated article matched a range")?;
        assert!(
            (first..=last).contains(&published),
            "{} was published on {published}",
            hit.id
        );
    }
    assert!(in_spring.total > 0);
    assert!(in_spring.total < everything.total);
    assert_eq!(in_spring.hits.len() as u64, in_spring.total);
    // The month facets agree: only March to June 2025 are counted.
    for month in &in_spring.facets.months {
        assert_eq!(month.month.year(), 2025);
        assert!((3..=6).contains(&month.month.month()), "{}", month.month);
    }

    // The same search, newest first. The score is still reported, but no longer decides
    // the order.
    let newest_first = SearchRequestBuilder::new(query)
        .sort(Sort::Date)
        .limit(100)
        .build();
    let by_date = index.search(&newest_first)?;
    println!("\n`{query}`, newest first:");
    print_hits(&by_date.hits);

    // Same matches, different order: dated hits never get newer further down the list.
    assert_eq!(by_date.total, everything.total);
    let dates: Vec<_> = by_date.hits.iter().filter_map(|h| h.published).collect();
    assert!(dates.len() >= 2);
    assert!(
        dates.windows(2).all(|pair| pair[0] >= pair[1]),
        "not newest first: {dates:?}"
    );
    Ok(())
}

// `cargo test -p examples` runs the example through this test (`test = true` in
// Cargo.toml), so its assertions are checked along with the rest of the suite.
#[test]
fn runs() -> Result<(), Box<dyn std::error::Error>> {
    main()
}

fn print_hits(hits: &[Hit]) {
    for hit in hits {
        let date = hit
            .published
            .map_or_else(|| "undated   ".to_owned(), |d| d.to_string());
        let title = hit.title.as_deref().unwrap_or("(no headline)");
        println!("  {:>2}. {date}  {title}", hit.rank);
    }
}
