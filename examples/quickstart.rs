// # Quickstart
//
// What this shows: the shortest useful newsdex program. An index on disk, a folder of
// news articles indexed into it (plain-text pages and a JSON Lines file, read as they
// are), and one ranked search with snippets.
//
// We will:
// - create an index in a temporary directory,
// - index the sample corpus in `examples/articles`,
// - search for `point of no return` and print the ranked hits,
// - check that the article with the exact phrase comes first.
//
// Run it with `cargo run -p examples --example quickstart`.

use std::path::PathBuf;

use newsdex::{Index, IndexerOptions, SearchRequestBuilder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An index lives in a folder. A temporary one is removed when `dir` is dropped;
    // `Index::open_in_dir` reopens a folder made by an earlier run.
    let dir = tempfile::tempdir()?;
    let index = Index::create_in_dir(dir.path())?;

    // Index every article under the folder. Each `.txt` file is one article whose
    // headline and publication date newsdex finds in the text; `wire.jsonl` holds one
    // article per line. `index_paths` commits at the end, so the articles are searchable
    // once it returns. Problems with single files would be listed in `report.issues`
    // while the rest is indexed.
    let articles = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("articles");
    let mut indexer = index.indexer(IndexerOptions::default())?;
    let report = indexer.index_paths(&[articles], &mut |_progress| {})?;
    drop(indexer); // releases the index's writer lock
    for issue in &report.issues {
        eprintln!("warning: {issue}");
    }
    println!(
        "Indexed {} articles from {} files in {:.0?}.\n",
        report.added, report.files, report.elapsed
    );
    assert_eq!(report.skipped, 0, "every sample article should be readable");
    assert_eq!(
        report.added, 23,
        "15 text pages, 3 JSON Lines records, 3 saved web pages and 2 feed items"
    );

    // Plain words, as a user types them. The exact phrase ranks above the words near
    // each other, which rank above the words scattered through an article; a short
    // query like this one needs at least three of its four words in an article.
    let request = SearchRequestBuilder::new("point of no return")
        .limit(5)
        .build();
    let results = index.search(&request)?;

    println!("{} articles match `{}`:\n", results.total, request.text());
    for hit in &results.hits {
        let date = hit
            .published
            .map_or_else(|| "undated".to_owned(), |d| d.to_string());
        let title = hit.title.as_deref().unwrap_or("(no headline)");
        println!("{:>2}. [{:>6.2}] {date}  {title}", hit.rank, hit.score);
        // Snippets are cut from the body as written, paragraph breaks included.
        let snippet = hit
            .snippet()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        println!("    {snippet}\n");
    }

    // The only article that has the exact phrase is first; an article saying "path of
    // no return" matches too, further down.
    let first = results.hits.first().ok_or("no hits for the phrase")?;
    assert_eq!(first.id, "accord-point-of-no-return");
    assert!(first.snippet().contains("point of no return"));
    assert!(results.total >= 2);
    assert!(results
        .hits
        .iter()
        .skip(1)
        .all(|hit| hit.score < first.score));
    Ok(())
}

// `cargo test -p examples` runs the example through this test (`test = true` in
// Cargo.toml), so its assertions are checked along with the rest of the suite.
#[test]
fn runs() -> Result<(), Box<dyn std::error::Error>> {
    main()
}
