//! Finding damage before it gives a wrong answer or a crash. Every file of a segment ends
//! with a checksum of its bytes (tantivy's footer); a file whose checksum does not match
//! was damaged after it was written. Checking reads the whole file, so each file is
//! checked once: its size and modification time when it was found whole are kept in
//! `newsdex.verified.json`, and a file is checked again only when either has changed
//! (which writing into it does). `search check` checks every file regardless.
//!
//! A footer's checksum covers the file's body, not the footer itself (tantivy's version
//! record): a byte changed there passes tantivy's check. So the record also keeps a hash
//! of each whole file as the writer left it, and a file checked again must match it
//! (segment files are never rewritten in place: a changed one is a damaged one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::files;
use crate::schema::doc_lists::{self, ARTICLE_FACETS_FILE};
use crate::schema::entity_table::{Entities, ENTITIES_FILE};

/// The record of the files found whole.
const VERIFIED_FILE: &str = "newsdex.verified.json";

/// newsdex's own files kept in the record beside the segments' (a writer records each
/// when it writes it): a reader trusts one whose length and modification time match
/// instead of reading it whole to hash it.
const OWN_FILES: [&str; 2] = [ENTITIES_FILE, ARTICLE_FACETS_FILE];

/// File name -> what was found whole.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Verified {
    files: BTreeMap<String, Entry>,
}

/// A file found whole: its length, its modification time in nanoseconds since 1970 and,
/// since the record kept one, the hash of the whole file. (An entry of a record written
/// before that is trusted by its stamp, as then, until a writer records the file anew.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
enum Entry {
    Hashed(u64, u64, u64),
    Stamped(u64, u64),
}

impl Entry {
    fn stamp(self) -> (u64, u64) {
        match self {
            Entry::Hashed(len, modified, _) | Entry::Stamped(len, modified) => (len, modified),
        }
    }

    fn hash(self) -> Option<u64> {
        match self {
            Entry::Hashed(_, _, hash) => Some(hash),
            Entry::Stamped(..) => None,
        }
    }
}

/// A file's length and modification time in nanoseconds since 1970.
fn stamp_of(meta: &std::fs::Metadata) -> (u64, u64) {
    (
        meta.len(),
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
    )
}

fn read_record(dir: &Path) -> Verified {
    std::fs::read(dir.join(VERIFIED_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Records one of newsdex's own files ([`OWN_FILES`]) as the writer just wrote it, with
/// the hash of its bytes (best effort: unrecorded, readers hash it themselves).
pub(crate) fn record_own(dir: &Path, name: &str, bytes: &[u8]) {
    record_own_hash(dir, name, xxhash_rust::xxh3::xxh3_64(bytes));
}

/// [`record_own`], for a file written as it was made: with the xxh3 hash of its bytes.
pub(crate) fn record_own_hash(dir: &Path, name: &str, hash: u64) {
    let Ok(meta) = std::fs::metadata(dir.join(name)) else {
        return;
    };
    let (len, modified) = stamp_of(&meta);
    let mut record = read_record(dir);
    let entry = Entry::Hashed(len, modified, hash);
    if record.files.insert(name.to_owned(), entry) != Some(entry) {
        if let Ok(json) = serde_json::to_vec(&record) {
            let _ = files::write_atomic(dir, VERIFIED_FILE, &json);
        }
    }
}

/// Whether one of newsdex's own files is as the writer recorded it (tests).
#[cfg(test)]
pub(crate) fn own_is_recorded(dir: &Path, name: &str) -> bool {
    let [recorded] = own_are_recorded(dir, [name]);
    recorded
}

/// Whether each of these of newsdex's own files is as the writer recorded it, by its
/// length and modification time (as segment files are trusted once checked); the
/// record is read once.
pub(crate) fn own_are_recorded<const N: usize>(dir: &Path, names: [&str; N]) -> [bool; N] {
    let record = read_record(dir);
    names.map(|name| {
        std::fs::metadata(dir.join(name)).is_ok_and(|meta| {
            record
                .files
                .get(name)
                .is_some_and(|entry| entry.stamp() == stamp_of(&meta))
        })
    })
}

/// The xxh3 hash of a whole file, read in pieces.
fn file_hash(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher.digest())
}

/// How much checking to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Files not found whole before, or changed since; the record is not updated.
    New,
    /// As `New`, and the record is updated (a writer, after it committed).
    NewAndRecord,
    /// Every file, whatever the record says.
    All,
}

/// The ids of the segments tantivy's `meta.json` in `dir` lists, as
/// `SegmentId::uuid_string` writes them; `None` when the file cannot be read so (the
/// caller then asks tantivy). Only the segment list is read. Through tantivy, the whole
/// schema is deserialised too: that was a twentieth of a query without hits, and
/// opening an index reads the file twice more.
fn committed_segments(dir: &Path) -> Option<Vec<String>> {
    #[derive(Deserialize)]
    struct Meta {
        segments: Vec<Segment>,
    }
    #[derive(Deserialize)]
    struct Segment {
        segment_id: String,
    }
    let bytes = std::fs::read(dir.join(super::TANTIVY_META)).ok()?;
    let meta: Meta = serde_json::from_slice(&bytes).ok()?;
    meta.segments
        .into_iter()
        .map(|s| {
            let id: String = s
                .segment_id
                .chars()
                .filter(|&c| c != '-')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
        })
        .collect()
}

/// The files of the current commit's segments whose checksums do not match, checked as
/// deep as asked.
pub(crate) fn damaged_files(
    index: &tantivy::Index,
    dir: &Path,
    depth: Depth,
) -> tantivy::Result<Vec<PathBuf>> {
    let segments: Vec<String> = match committed_segments(dir) {
        Some(segments) => segments,
        None => index
            .searchable_segment_metas()?
            .iter()
            .map(|meta| meta.id().uuid_string())
            .collect(),
    };
    let known = read_record(dir);
    let mut now = Verified::default();
    // newsdex's own files keep their entries: the writer records them when it writes them.
    for name in OWN_FILES {
        if let Some(&entry) = known.files.get(name) {
            now.files.insert(name.to_owned(), entry);
        }
    }
    let mut damaged = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((uuid, _)) = name.split_once('.') else {
            continue;
        };
        if !segments.iter().any(|s| s == uuid) {
            continue;
        }
        let meta = entry.metadata()?;
        let stamp = stamp_of(&meta);
        let recorded = known.files.get(&name).copied();
        if depth != Depth::All {
            if let Some(entry) = recorded.filter(|entry| entry.stamp() == stamp) {
                now.files.insert(name, entry);
                continue;
            }
        }
        // tantivy's footer reader slices the last 8 bytes without looking at the length
        // first (a file cut to 4-7 bytes panicked): shorter files are damaged here, and
        // any other panic in the check counts as damage too.
        let mut whole = meta.len() >= 8
            && super::catch(|| index.directory().validate_checksum(Path::new(&name)))
                .is_ok_and(|valid| valid.unwrap_or(false));
        let hash = if whole {
            file_hash(&entry.path()).ok()
        } else {
            None
        };
        if let (Some(was), Some(is)) = (recorded.and_then(Entry::hash), hash) {
            whole &= was == is;
        }
        match hash {
            Some(hash) if whole => {
                now.files
                    .insert(name, Entry::Hashed(stamp.0, stamp.1, hash));
            }
            _ => damaged.push(PathBuf::from(name)),
        }
    }
    // A full check reads the entity table whole too: its counts would be wrong, silently.
    if depth == Depth::All {
        if let Ok(bytes) = std::fs::read(dir.join(ENTITIES_FILE)) {
            if Entities::is_damaged(tantivy::directory::OwnedBytes::new(bytes)) {
                damaged.push(PathBuf::from(ENTITIES_FILE));
            }
        }
        if let Ok(bytes) = std::fs::read(dir.join(ARTICLE_FACETS_FILE)) {
            if doc_lists::is_damaged(&bytes) {
                damaged.push(PathBuf::from(ARTICLE_FACETS_FILE));
            }
        }
    }
    if depth == Depth::NewAndRecord && damaged.is_empty() && now != known {
        // Best effort: without the record, the next opener checks the files itself.
        if let Ok(json) = serde_json::to_vec(&now) {
            let _ = files::write_atomic(dir, VERIFIED_FILE, &json);
        }
    }
    damaged.sort();
    Ok(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_with_and_without_hashes_both_read() {
        let json = r#"{"files":{"a.idx":[10,20],"b.idx":[11,21,99]}}"#;
        let verified: Verified = serde_json::from_str(json).unwrap();
        assert_eq!(verified.files["a.idx"], Entry::Stamped(10, 20));
        assert_eq!(verified.files["a.idx"].hash(), None);
        assert_eq!(verified.files["b.idx"], Entry::Hashed(11, 21, 99));
        assert_eq!(verified.files["b.idx"].stamp(), (11, 21));
        let again: Verified =
            serde_json::from_slice(&serde_json::to_vec(&verified).unwrap()).unwrap();
        assert_eq!(again, verified);
    }

    /// The segment list read from `meta.json` alone is tantivy's, in its order, and a
    /// file that is not tantivy's meta gives none (tantivy is asked then).
    #[test]
    fn the_segment_list_is_read_as_tantivy_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let index = crate::Index::open_or_create_in_dir(dir.path()).unwrap();
        let mut indexer = index.indexer(crate::IndexerOptions::default()).unwrap();
        for round in 0..2 {
            let articles = (0..3)
                .map(|i| {
                    crate::Article::new(format!("a{round}-{i}"))
                        .with_untitled_body("Lena Varga spoke.")
                })
                .collect();
            indexer.add_batch(articles).unwrap();
            indexer.commit().unwrap();
        }
        let tantivy: Vec<String> = index
            .core
            .inner
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.id().uuid_string())
            .collect();
        assert_eq!(tantivy.len(), 2);
        assert_eq!(committed_segments(dir.path()), Some(tantivy));
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("meta.json"), r#"{"segments": 3}"#).unwrap();
        assert_eq!(committed_segments(other.path()), None);
    }
}
