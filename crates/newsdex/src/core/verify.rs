//! Finding damage before it gives a wrong answer or a crash. Every file of a segment ends
//! with a checksum of its bytes (tantivy's footer); a file whose checksum does not match
//! was damaged after it was written. Checking reads the whole file, so each file is
//! checked once: its size and modification time when it was found whole are kept in
//! `newsdex.verified.json`, and a file is checked again only when either has changed
//! (which writing into it does). `search check` checks every file regardless.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::files;

/// The record of the files found whole.
const VERIFIED_FILE: &str = "newsdex.verified.json";

/// File name -> (length, modification time in nanoseconds since 1970).
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Verified {
    files: BTreeMap<String, (u64, u128)>,
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

/// The files of the current commit's segments whose checksums do not match, checked as
/// deep as asked.
pub(crate) fn damaged_files(
    index: &tantivy::Index,
    dir: &Path,
    depth: Depth,
) -> tantivy::Result<Vec<PathBuf>> {
    let segments: Vec<String> = index
        .searchable_segment_metas()?
        .iter()
        .map(|meta| meta.id().uuid_string())
        .collect();
    let known: Verified = std::fs::read(dir.join(VERIFIED_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut now = Verified::default();
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
        let stamp = (
            meta.len(),
            meta.modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
        );
        if depth != Depth::All && known.files.get(&name) == Some(&stamp) {
            now.files.insert(name, stamp);
            continue;
        }
        let whole = index
            .directory()
            .validate_checksum(Path::new(&name))
            .unwrap_or(false);
        if whole {
            now.files.insert(name, stamp);
        } else {
            damaged.push(PathBuf::from(name));
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
