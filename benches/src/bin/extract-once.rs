//! Extraction once over a fixed slice of the bench corpus, for counting its instructions
//! under callgrind (`benches/extract-instructions.sh`): instruction counts stay the same
//! from run to run on a machine whose speed does not, so two versions of the extractor
//! compare by them. The first 1,000 articles warm up (the model's weights load, reused
//! buffers grow); [`work`] then extracts the next 2,000, and only it is counted.

use std::hint::black_box;

use newsdex_extract::Date;

/// Articles read before counting starts, and counted.
const WARM: usize = 1_000;
const COUNTED: usize = 2_000;

/// The counted part (callgrind's `--toggle-collect` names it).
#[inline(never)]
fn work(texts: &[(String, Option<Date>)]) {
    for (text, published) in texts {
        black_box(newsdex_extract::extract(black_box(text), *published));
    }
}

fn main() {
    let (articles, kind) = benches::corpus_with_kind(WARM + COUNTED);
    // The text the engine hands to extraction, as the criterion bench gives it.
    let texts: Vec<_> = articles.iter().map(|a| (a.text(), a.published)).collect();
    let (warm, counted) = texts.split_at(WARM.min(texts.len()));
    for (text, published) in warm {
        black_box(newsdex_extract::extract(black_box(text), *published));
    }
    work(counted);
    eprintln!(
        "extract-once: {} articles counted ({}), after {} to warm up",
        counted.len(),
        kind.name(),
        warm.len()
    );
}
