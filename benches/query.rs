//! Query latency per kind of search, on one index of the whole corpus built once: the
//! default request (10 hits with snippets, actor and month facets over every match)
//! unless the kind says otherwise.

use std::hint::black_box;

use benches::{full_corpus, BenchArticle};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use newsdex::{ActorFilter, Index, IndexerOptions, Period, SearchRequest, SearchRequestBuilder};
use tempfile::TempDir;

/// Articles in the synthetic index when Reuters-21578 is not there.
const SYNTHETIC_ARTICLES: usize = 20_000;

fn build_index(corpus: &[BenchArticle]) -> (TempDir, Index) {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let index = Index::create_in_dir(dir.path()).expect("cannot create the index");
    {
        let mut indexer = index
            .indexer(IndexerOptions::default())
            .expect("cannot open the indexer");
        indexer
            .add_batch(corpus.iter().map(BenchArticle::to_article).collect())
            .expect("cannot add the articles");
        indexer.commit().expect("cannot commit");
    }
    index.reload().expect("cannot reload the index");
    (dir, index)
}

/// The kinds of search measured, by name (`cargo bench --bench query -- phrase`).
fn requests(index: &Index) -> Vec<(&'static str, SearchRequest)> {
    // The most frequent actor over all articles, so the filter selects a real share.
    let everything = index
        .search(&SearchRequestBuilder::new("").limit(0).build())
        .expect("the facets-only search failed");
    let top = everything
        .facets
        .actors
        .first()
        .expect("the corpus has no actors to filter on");
    eprintln!(
        "actor filter: {}:{} ({} articles)",
        top.kind, top.name, top.count
    );
    let actor = ActorFilter::of_kind(top.kind, &top.name);

    vec![
        ("single_term", SearchRequestBuilder::new("oil").build()),
        (
            "two_terms",
            SearchRequestBuilder::new("bank dividend").build(),
        ),
        (
            "bare_phrase",
            SearchRequestBuilder::new("oil prices").build(),
        ),
        (
            "quoted_phrase",
            SearchRequestBuilder::new("\"oil prices\"").build(),
        ),
        (
            "actor_filter",
            SearchRequestBuilder::new("").actor(actor).build(),
        ),
        (
            "date_range",
            // Both corpora are dated 1987; one month of it.
            SearchRequestBuilder::new("")
                .within("1987-03".parse::<Period>().expect("a valid period"))
                .build(),
        ),
        (
            "facets_only",
            SearchRequestBuilder::new("").limit(0).build(),
        ),
    ]
}

fn query(c: &mut Criterion) {
    let (corpus, kind) = full_corpus(SYNTHETIC_ARTICLES);
    let (_dir, index) = build_index(&corpus);
    drop(corpus);

    let mut group = c.benchmark_group("query");
    // Facet counts over every match dominate the slower kinds (tens of milliseconds on
    // Reuters, far more when extraction finds many spurious actors): 20 samples keep the
    // run short on a shared machine while still giving a confidence interval.
    group.sample_size(20);
    for (name, request) in requests(&index) {
        let results = index.search(&request).expect("the search failed");
        eprintln!(
            "{name}: {:?} matches {} articles",
            request.text(),
            results.total
        );
        group.bench_function(BenchmarkId::new(name, kind), |b| {
            b.iter(|| {
                black_box(
                    index
                        .search(black_box(&request))
                        .expect("the search failed"),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
