//! Index-format compatibility, as tantivy's `compat_tests`: `tests/compat/vN` holds a
//! small index written by format version N. The current version's opens and answers as
//! it did when written; every older one is refused with the rebuild message.

use std::path::{Path, PathBuf};

use newsdex::{Error, Index, IndexerOptions, SearchRequestBuilder, UserError, FORMAT_VERSION};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat")
}

/// A copy of a fixture in a temporary folder: opening an index may leave lock files.
fn copy(version: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures().join(format!("v{version}"))).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn versions() -> Vec<u32> {
    let mut versions: Vec<u32> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_prefix('v')?
                .parse()
                .ok()
        })
        .collect();
    versions.sort_unstable();
    versions
}

#[test]
fn the_current_format_has_a_fixture_and_it_answers() {
    assert!(
        versions().contains(&FORMAT_VERSION),
        "no fixture for format {FORMAT_VERSION}: run \
         `cargo test -p newsdex --test engine -- --ignored write_compat_fixture`"
    );
    let dir = copy(FORMAT_VERSION);
    let index = Index::open_in_dir(dir.path()).unwrap();
    index.check().unwrap();
    let results = index
        .search(&SearchRequestBuilder::new("point of no return").build())
        .unwrap();
    assert_eq!(results.hits[0].id, "exact");
    assert_eq!(results.total, 3);
    let varga = results
        .facets
        .actors
        .iter()
        .find(|a| a.name == "Lena Varga")
        .unwrap();
    assert_eq!(varga.count, 2);
    let article = index.article("exact").unwrap();
    assert_eq!(
        article.published.map(|d| d.to_string()).as_deref(),
        Some("2025-03-04")
    );
}

#[test]
fn older_formats_are_refused_with_the_rebuild_message() {
    for version in versions().into_iter().filter(|v| *v < FORMAT_VERSION) {
        let dir = copy(version);
        match Index::open_in_dir(dir.path()) {
            Err(Error::User(e @ UserError::IncompatibleIndex { .. })) => {
                assert!(e.to_string().contains("rebuild it"), "{e}");
            }
            other => panic!("format {version}: {other:?}"),
        }
    }
}

/// Writes the fixture of the current format, when there is none yet.
#[test]
#[ignore = "writes tests/compat/vN; run it after a format bump"]
fn write_compat_fixture() {
    let target = fixtures().join(format!("v{FORMAT_VERSION}"));
    assert!(!target.exists(), "{} exists already", target.display());
    let index = Index::create_in_dir(&target).unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.add_batch(crate::corpus()).unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    for entry in std::fs::read_dir(&target).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Derived files: an opener rebuilds them.
        if name.ends_with(".lock")
            || name == "newsdex.verified.json"
            || name == "newsdex.entities"
            || name == "newsdex.article-facets"
        {
            std::fs::remove_file(path).unwrap();
        }
    }
}
