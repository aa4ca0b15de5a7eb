//! Integration tests of the newsdex engine, one module per feature, sharing the helpers
//! below. Fixtures are short articles written for these tests.

#![allow(clippy::unwrap_used)]

mod compat;
mod concurrency;
mod damage;
mod entities;
mod facets;
mod ingest;
mod model;
mod search;
mod seeds;

use newsdex::{Article, Date, Index, IndexerOptions, SearchRequestBuilder, SearchResults};

pub fn day(s: &str) -> Date {
    let format = time::format_description::well_known::Iso8601::DATE;
    Date::parse(s, &format).unwrap()
}

/// A small news corpus with known phrases, actors and dates.
pub fn corpus() -> Vec<Article> {
    vec![
        Article::new("exact")
            .with_title("Talks reach the point of no return")
            .with_body(
                "Negotiators in Vienna said the water treaty had reached the point of no return. \
             Foreign Minister Lena Varga of Hungary welcomed the step.",
            )
            .with_published(day("2025-03-04")),
        Article::new("near")
            .with_title("A point with no easy return")
            .with_body(
                "The delegation said the point of any return to old quotas was gone, \
             and Lena Varga agreed in Budapest.",
            )
            .with_published(day("2025-03-20")),
        Article::new("scattered")
            .with_title("Harbour strike enters second week")
            .with_body(
                "There is no sign of a return to work. Dock workers made their point at the \
             Port of Rotterdam, said union leader Pieter Jansen.",
            )
            .with_published(day("2025-04-02")),
        Article::new("unrelated")
            .with_title("Central bank holds rates")
            .with_body(
                "The European Central Bank kept rates unchanged on Thursday, President Christine \
             Lagarde told reporters in Frankfurt.",
            )
            .with_published(day("2024-11-14")),
        Article::new("undated")
            .with_title("Rivers commission meets")
            .with_body(
                "The Northern Rivers Commission (NRC) met in Vienna. The NRC said Lena Varga \
             would chair the next session.",
            ),
    ]
}

/// A period as typed (`2025-03`).
pub fn period(s: &str) -> newsdex::Period {
    s.parse().unwrap()
}

/// An actor filter as typed (`person:Lena Varga`).
pub fn actor(s: &str) -> newsdex::ActorFilter {
    s.parse().unwrap()
}

pub fn index_of(articles: Vec<Article>) -> Index {
    let index = Index::create_in_ram().unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.add_batch(articles).unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    index
}

pub fn search(index: &Index, build: impl FnOnce(&mut SearchRequestBuilder)) -> SearchResults {
    let mut b = SearchRequestBuilder::new("");
    build(&mut b);
    index.search(&b.build()).unwrap()
}

pub fn ids(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}
