//! HTML reading speed: saved news pages to records (main text, title, date, metadata)
//! by `newsdex_formats`, on one core, in pages/s and MB/s; and the same followed by
//! `newsdex_extract::extract` on the text, the whole path from a page to an indexable
//! article. The target is five times trafilatura's 43 pages/s (`benches/html-peers.sh`).
//!
//! Pages: the 362 gold pages of `../shared/gold/html/body` when they sit beside the
//! checkout (read in place, never copied), else 200 seeded synthetic pages.

use std::hint::black_box;
use std::io::Read;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const GOLD_PAGES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/gold/html/body/PAGES"
);

fn gold_pages() -> Option<Vec<Vec<u8>>> {
    let mut paths: Vec<_> = std::fs::read_dir(Path::new(GOLD_PAGES))
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let pages: Vec<Vec<u8>> = paths
        .iter()
        .filter_map(|p| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(p).ok()?)
                .read_to_end(&mut out)
                .ok()?;
            Some(out)
        })
        .collect();
    (!pages.is_empty()).then_some(pages)
}

/// Seeded pages of a news site's shape: navigation, an article of 4-40 paragraphs,
/// a related list, comments and a footer.
fn synthetic_pages(n: usize) -> Vec<Vec<u8>> {
    const WORDS: &[&str] = &[
        "harbour", "council", "storm", "ferry", "minister", "budget", "court", "election",
        "police", "market", "school", "hospital", "river", "bridge", "rail", "strike", "union",
        "vote", "report", "season", "island", "coast", "village", "mayor",
    ];
    let mut state = 0x6e65_7773_6465_7815_u64;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    (0..n)
        .map(|i| {
            let mut page = format!(
                "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Story {i} | Gazette</title>\
                 <meta property='article:published_time' content='2024-05-{:02}'></head><body>\
                 <nav class=menu>{}</nav><article><h1>Story {i}</h1>",
                1 + next(28),
                "<a href=/x>Section</a> ".repeat(20)
            );
            for _ in 0..4 + next(36) {
                page.push_str("<p>");
                for _ in 0..20 + next(100) {
                    page.push_str(WORDS[next(WORDS.len())]);
                    page.push(' ');
                }
                page.push_str("</p>");
            }
            page.push_str("</article><div class=related><ul>");
            page.push_str(&"<li><a href=/y>Another story about the harbour</a></li>".repeat(10));
            page.push_str("</ul></div><div id=comments><p>A reader's comment.</p></div><footer>Gazette</footer></body></html>");
            page.into_bytes()
        })
        .collect()
}

fn html(c: &mut Criterion) {
    let (pages, kind) = match gold_pages() {
        Some(p) => (p, "gold"),
        None => (synthetic_pages(200), "synthetic"),
    };
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let reader = newsdex_formats::Reader::default();

    for (unit, throughput) in [
        ("MB", Throughput::BytesDecimal(bytes)),
        ("pages", Throughput::Elements(pages.len() as u64)),
    ] {
        let mut group = c.benchmark_group(format!("html-{unit}"));
        group.throughput(throughput);
        group.sample_size(10);
        group.bench_function(BenchmarkId::new("read", kind), |b| {
            b.iter(|| {
                for page in &pages {
                    black_box(reader.read_html(black_box(page), None));
                }
            })
        });
        group.bench_function(BenchmarkId::new("read+extract", kind), |b| {
            b.iter(|| {
                for page in &pages {
                    let record = reader.read_html(black_box(page), None);
                    let text = match &record.title {
                        Some(t) => format!("{t}\n\n{}", record.body),
                        None => record.body.clone(),
                    };
                    black_box(newsdex_extract::extract(&text, record.published));
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, html);
criterion_main!(benches);
