//! The three long word lists (GeoNames places, census given names and surnames: 0.59 MB of
//! text) go into the library deflated, 0.24 MB, and are inflated once when the gazetteer is
//! built. The lists stay plain text in `src/lexicon/`, where they are reviewed.

use std::path::Path;

const LISTS: [&str; 3] = [
    "geonames_places.txt",
    "census_given_names.txt",
    "census_surnames.txt",
];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in LISTS {
        let source = Path::new("src/lexicon").join(name);
        println!("cargo::rerun-if-changed={}", source.display());
        let text = std::fs::read(&source).expect("a word list in src/lexicon");
        let deflated = miniz_oxide::deflate::compress_to_vec(&text, 9);
        std::fs::write(Path::new(&out).join(format!("{name}.deflate")), deflated)
            .expect("OUT_DIR is writable");
    }
}
