//! Damage to a segment file is found when the index is opened, wherever it is: in the
//! body, which the footer's checksum covers, in the footer itself, which it does not, and
//! where the file is cut short.

use std::path::Path;

use newsdex::{Index, IndexerOptions};

use crate::corpus;

fn segment_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.len() > 33 && name.as_bytes()[32] == b'.')
        .collect();
    names.sort();
    names
}

/// Found by fuzzing (`damaged_index`): one bit changed in the version record of a
/// `.fieldnorm` file's footer passed tantivy's checksum, and the index opened.
#[test]
fn a_changed_footer_is_damage_too() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = dir.path().join("pristine");
    let index = Index::create_in_dir(&pristine).unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.add_batch(corpus()).unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    drop(index);

    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let all: Vec<_> = std::fs::read_dir(&pristine)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let names = segment_files(&pristine);
    assert!(names.len() >= 5, "{names:?}");
    let mut tried = 0;
    for name in &names {
        let bytes = std::fs::read(pristine.join(name)).unwrap();
        // The footer: a JSON version record, its length and a magic number.
        let footer = bytes.len().min(120);
        for at in bytes.len() - footer..bytes.len() {
            for file in &all {
                std::fs::copy(pristine.join(file), work.join(file)).unwrap();
            }
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            std::fs::write(work.join(name), &damaged).unwrap();
            assert!(
                Index::open_in_dir(&work).is_err(),
                "{name} changed at byte {at} of {} and the index opened",
                bytes.len()
            );
            tried += 1;
        }
    }
    assert!(tried > 300, "{tried}");
    // Found by fuzzing too: a file cut to 4-7 bytes made tantivy's footer reader panic.
    for name in &names {
        let bytes = std::fs::read(pristine.join(name)).unwrap();
        for len in [0, 1, 3, 4, 5, 7, 8, 9, 12, bytes.len() / 2, bytes.len() - 1] {
            for file in &all {
                std::fs::copy(pristine.join(file), work.join(file)).unwrap();
            }
            std::fs::write(work.join(name), &bytes[..len]).unwrap();
            assert!(
                Index::open_in_dir(&work).is_err(),
                "{name} cut to {len} bytes and the index opened"
            );
        }
    }
    // The pristine copy still opens and checks whole.
    for file in &all {
        std::fs::copy(pristine.join(file), work.join(file)).unwrap();
    }
    Index::open_in_dir(&work).unwrap().check().unwrap();
}
