// # Facet drill-down
//
// What this shows: every search also counts, over all its matches (not only the page
// of hits), which people, organisations and places the matching articles name and in
// which months they were published. Picking one of those actors as a filter narrows the
// search to the articles that name it: the usual "drill down" of a faceted search.
//
// We will:
// - index the sample corpus in memory,
// - search a broad query and print the top actors of each kind and the month histogram,
// - take the most named person from those counts (not a hard-coded name),
// - search again with that person as a filter and check that the numbers agree.
//
// Run it with `cargo run -p examples --example facet_drilldown`.

use std::path::PathBuf;

use newsdex::{
    ActorFilter, ActorKind, Facets, Index, IndexerOptions, SearchRequestBuilder, SearchResults,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let index = Index::create_in_ram()?;
    let articles = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("articles");
    index
        .indexer(IndexerOptions::default())?
        .index_paths(&[articles], &mut |_progress| {})?;

    // A broad query: most of the corpus is about the river. `actor_facets(5)` keeps the
    // five most named actors of each kind; `limit(0)` asks for counts only, no hits.
    let broad = SearchRequestBuilder::new("Seldra water")
        .actor_facets(5)
        .limit(0)
        .build();
    let all = index.search(&broad)?;
    println!("`{}`: {} articles\n", broad.text(), all.total);
    print_actors(&all.facets);
    print_months(&all);
    assert!(all.total >= 10, "most sample articles are about the Seldra");
    assert!(all.hits.is_empty());

    // The facet counts come sorted, most named first within each kind, so the first
    // person is the one the matching articles name most often.
    let top = all
        .facets
        .actors_of(ActorKind::Person)
        .next()
        .ok_or("no person named in the matching articles")?;
    println!("Drilling down to {} ({} articles)…\n", top.name, top.count);
    assert!(top.count >= 2, "the top person recurs across articles");

    // The same query, keeping only the articles that name that person. Pinning the kind
    // avoids matching an organisation or place that happens to share the name.
    // `"person:NAME".parse()` makes the same filter from a string a user typed.
    let narrowed = SearchRequestBuilder::new(broad.text())
        .actor(ActorFilter::of_kind(top.kind, &top.name))
        .actor_facets(5)
        .limit(5)
        .build();
    let some = index.search(&narrowed)?;
    println!(
        "`{}` naming {}: {} articles",
        narrowed.text(),
        top.name,
        some.total
    );
    for hit in &some.hits {
        let title = hit.title.as_deref().unwrap_or("(no headline)");
        println!("  {:>2}. {title}", hit.rank);
    }
    println!();
    print_actors(&some.facets);
    print_months(&some);

    // The filter keeps exactly the articles the facet counted: the count was taken over
    // every match of the broad query, and the narrowed search is those matches that
    // name the person. Every one of them names the person, so in the narrowed search
    // the person's own count equals the total.
    assert!(some.total <= all.total);
    assert_eq!(some.total, top.count);
    let again = some
        .facets
        .actors_of(top.kind)
        .find(|a| a.name == top.name)
        .ok_or("the person is missing from the narrowed counts")?;
    assert_eq!(again.count, some.total);
    // Month counts add up to at most the total: undated articles have no month.
    let dated: u64 = some.facets.months.iter().map(|m| m.count).sum();
    assert!(dated <= some.total);
    Ok(())
}

// `cargo test -p examples` runs the example through this test (`test = true` in
// Cargo.toml), so its assertions are checked along with the rest of the suite.
#[test]
fn runs() -> Result<(), Box<dyn std::error::Error>> {
    main()
}

/// The top actors of each kind, as `kind: name (count), …`.
fn print_actors(facets: &Facets) {
    for kind in ActorKind::ALL {
        let top: Vec<String> = facets
            .actors_of(kind)
            .map(|a| format!("{} ({})", a.name, a.count))
            .collect();
        println!("  {:<7} {}", format!("{}:", kind.as_str()), top.join(", "));
    }
    println!();
}

/// Matches per month of publication, as a bar chart.
fn print_months(results: &SearchResults) {
    for m in &results.facets.months {
        println!(
            "  {}  {:<3} {}",
            m.month,
            m.count,
            "#".repeat(m.count as usize)
        );
    }
    let dated: u64 = results.facets.months.iter().map(|m| m.count).sum();
    if dated < results.total {
        println!("  undated  {}", results.total - dated);
    }
    println!();
}
