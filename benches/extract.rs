//! Extraction speed: `newsdex_extract::extract` over news articles, in MB/s on one core.
//! The target is at least 20 MB/s.

use std::hint::black_box;

use benches::corpus_with_kind;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// About 1 MB of Reuters: enough variety per iteration, short enough to sample often.
const ARTICLES: usize = 1_000;

fn extract(c: &mut Criterion) {
    let (articles, kind) = corpus_with_kind(ARTICLES);
    // The text the engine hands to extraction: headline, blank line, body.
    let texts: Vec<_> = articles.iter().map(|a| (a.text(), a.published)).collect();
    let bytes: u64 = texts.iter().map(|(t, _)| t.len() as u64).sum();

    let mut group = c.benchmark_group("extract");
    // Decimal MB/s, the unit of the 20 MB/s target (criterion's `Bytes` reports MiB/s).
    group.throughput(Throughput::BytesDecimal(bytes));
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("articles", kind), |b| {
        b.iter(|| {
            for (text, published) in &texts {
                black_box(newsdex_extract::extract(black_box(text), *published));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
