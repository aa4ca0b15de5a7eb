//! Index build speed: articles through extraction and tantivy into a fresh on-disk index,
//! commit included, with the default indexer options. Reported in docs/s and in MB/s.

use std::hint::black_box;
use std::time::Duration;

use benches::{corpus_with_kind, total_bytes, BenchArticle};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use newsdex::{Article, Index, IndexerOptions};
use tempfile::TempDir;

/// Enough articles for tantivy's threads and segment merges to matter.
const ARTICLES: usize = 5_000;

/// Builds an index of `articles` in a new directory. Returns the directory and index so
/// that removing them happens outside the timed part.
fn build(articles: Vec<Article>) -> (TempDir, Index) {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let index = Index::create_in_dir(dir.path()).expect("cannot create the index");
    {
        let mut indexer = index
            .indexer(IndexerOptions::default())
            .expect("cannot open the indexer");
        black_box(
            indexer
                .add_batch(articles)
                .expect("cannot add the articles"),
        );
        indexer.commit().expect("cannot commit");
    }
    (dir, index)
}

fn to_articles(corpus: &[BenchArticle]) -> Vec<Article> {
    corpus.iter().map(BenchArticle::to_article).collect()
}

fn index(c: &mut Criterion) {
    let (corpus, kind) = corpus_with_kind(ARTICLES);

    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    // A build takes about a second: room for ten of them without criterion's warning.
    group.measurement_time(Duration::from_secs(10));

    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function(BenchmarkId::new("docs", kind), |b| {
        b.iter_batched(|| to_articles(&corpus), build, BatchSize::PerIteration)
    });

    // The same build, reported per byte of headline and body, to compare with extraction.
    group.throughput(Throughput::BytesDecimal(total_bytes(&corpus)));
    group.bench_function(BenchmarkId::new("bytes", kind), |b| {
        b.iter_batched(|| to_articles(&corpus), build, BatchSize::PerIteration)
    });
    group.finish();
}

criterion_group!(benches, index);
criterion_main!(benches);
