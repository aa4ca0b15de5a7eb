//! Damage to an index's files: bytes flipped, zeroed, cut off or replaced in one file of
//! a small index, then every command's library call (open, search with facets, stats,
//! show, check, index). Each answers or says what is wrong; none may panic, abort or hang.
//!
//! The input's first byte picks the file (its segment files, tantivy's `meta.json` and
//! `.managed.json`, newsdex's `newsdex.json` and `newsdex.verified.json`), the second how
//! to damage it, the next two where; the rest are the bytes written. Files are rewritten
//! for every input in a folder in memory (`/dev/shm` where there is one).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::{Article, Date, Error, Index, IndexerOptions, Month, SearchRequestBuilder, UserError};

/// The pristine index: its files' names and bytes.
struct Template {
    files: Vec<(String, Vec<u8>)>,
    work: PathBuf,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .expect("a scratch folder")
}

fn options() -> IndexerOptions {
    let mut options = IndexerOptions::default();
    options.threads = 1;
    options.memory_budget = 15 << 20;
    // The article facets file at any size, so that damage to it is tried too.
    options.facet_lists_from = 0;
    options
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        // Panics the library catches are answers, not crashes: keep libFuzzer's hook for
        // panics that escape (they still abort when they unwind out of the target).
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::env::var_os("NEWSDEX_FUZZ_SHOW_PANICS").is_some() {
                previous(info);
            }
        }));
        let dir = scratch();
        let path = dir.path().join("index");
        let index = Index::create_in_dir(&path).expect("an index");
        let mut indexer = index.indexer(options()).expect("a writer");
        let day = |y, m, d| Date::from_calendar_date(y, m, d).expect("a day");
        for round in 0..2 {
            let articles = (0..6)
                .map(|i| {
                    Article::new(format!("a{round}{i}"))
                        .with_title(format!("Harbour talks, round {round}"))
                        .with_body(format!(
                            "Foreign Minister Lena Varga met Tomas Brandt of the Northern \
                             Reserve Bank in Valletta on {} March 2030; the harbour treaty \
                             reached the point of no return, item {i}.",
                            i + 1
                        ))
                        .with_published(day(2030, Month::March, 1 + i as u8))
                })
                .collect();
            indexer.add_batch(articles).expect("articles added");
            indexer.commit().expect("a commit");
        }
        assert!(indexer.delete("a01").expect("a delete"));
        indexer.commit().expect("a commit");
        drop(indexer);
        drop(index);
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&path)
            .expect("the index folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.is_file())
            .map(|p| {
                let name = p.file_name().expect("a name").to_string_lossy().into_owned();
                (name, std::fs::read(&p).expect("a file"))
            })
            .filter(|(name, _)| !name.ends_with(".lock"))
            .collect();
        files.sort();
        let work_dir = scratch();
        let work = work_dir.path().join("index");
        Template {
            files,
            work,
            _dirs: (dir, work_dir),
        }
    })
}

fn is_segment_file(name: &str) -> bool {
    name.len() > 33 && name.as_bytes()[32] == b'.'
}

fn damage(bytes: &mut Vec<u8>, how: u8, at: usize, data: &[u8]) {
    if bytes.is_empty() {
        bytes.extend_from_slice(data);
        return;
    }
    let at = at % bytes.len();
    match how % 5 {
        // Flip one byte.
        0 => bytes[at] ^= data.first().copied().unwrap_or(0x5a) | 1,
        // Flip several.
        1 => {
            for (i, b) in data.iter().take(16).enumerate() {
                let j = (at + i * 7) % bytes.len();
                bytes[j] ^= *b | 1;
            }
        }
        // Zero a range.
        2 => {
            let end = (at + 1 + data.len() * 8).min(bytes.len());
            bytes[at..end].fill(0);
        }
        // Cut the file short.
        3 => bytes.truncate(at),
        // Write the input's bytes over it from `at`.
        _ => {
            for (i, b) in data.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + i) {
                    *slot = *b;
                } else {
                    bytes.push(*b);
                }
            }
        }
    }
}

fn write_index(template: &Template, target: usize, how: u8, at: usize, data: &[u8]) -> bool {
    let _ = std::fs::remove_dir_all(&template.work);
    std::fs::create_dir_all(&template.work).expect("the work folder");
    let mut changed = false;
    for (i, (name, bytes)) in template.files.iter().enumerate() {
        let path: &Path = &template.work.join(name);
        if i == target {
            let mut damaged = bytes.clone();
            damage(&mut damaged, how, at, data);
            changed = damaged != *bytes;
            std::fs::write(path, damaged).expect("a file");
        } else {
            std::fs::write(path, bytes).expect("a file");
        }
    }
    changed
}

fuzz_target!(|data: &[u8]| {
    let [pick, how, at_hi, at_lo, rest @ ..] = data else {
        return;
    };
    let template = template();
    let target = usize::from(*pick) % template.files.len();
    let at = usize::from(*at_hi) << 8 | usize::from(*at_lo);
    let changed = write_index(template, target, *how, at, rest);
    let (name, _) = &template.files[target];

    let index = match Index::open_in_dir(&template.work) {
        Ok(index) => index,
        Err(_) => return,
    };
    // A changed segment file is found by its checksum before anything reads it.
    if changed && is_segment_file(name) {
        panic!("{name} was damaged and the index opened");
    }
    let searches = [
        SearchRequestBuilder::new("point of no return").build(),
        SearchRequestBuilder::new("harbour")
            .actor("Lena Varga".parse().expect("a filter"))
            .build(),
        SearchRequestBuilder::new("").limit(3).build(),
    ];
    for request in &searches {
        let _ = index.search(request);
    }
    if let Ok(hits) = index.hits(&searches[0], None) {
        for hit in hits {
            let _ = hit;
        }
    }
    let _ = index.stats();
    let _ = index.article("a02");
    match index.check() {
        Ok(_) => {}
        Err(Error::User(UserError::IndexDamaged { .. })) => {}
        Err(_) => {}
    }
    if how & 0x80 != 0 {
        if let Ok(mut indexer) = index.indexer(options()) {
            let _ = indexer.add(
                Article::new("late")
                    .with_title("Late news")
                    .with_body("Tomas Brandt spoke in Oslo."),
            );
            let _ = indexer.commit();
        }
    }
});
