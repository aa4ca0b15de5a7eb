//! The record of the last complete ingest run's inputs, so that running it again on
//! inputs that have not changed reads nothing, as `make` skips targets that are up to
//! date. Re-reading a large unchanged archive cost a twentieth of building it: every
//! record parsed and hashed to find it unchanged.
//!
//! A run is skipped only when everything says nothing changed: the same files (path, id
//! prefix, length and modification time), the same extraction and schema versions, the
//! same read options and pruning, and the index's last commit still the one that run
//! made (a write from anywhere else, an `Index::delete` say, makes it stale). Any run
//! that does not record itself deletes the record first, so a failed or interrupted run
//! leaves none.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::read::{self, InputFile, InputIssue, IssueKind};
use crate::core::files;

/// The record's file in the index folder.
pub(crate) const INPUTS_FILE: &str = "newsdex.inputs.json";

/// A file modified this close before it was looked at is read anyway: a change in the
/// same tick of the file system's clock would leave its time as it was. A time in whole
/// seconds may come from a clock of two-second ticks (FAT); one with a fraction, from a
/// clock of at most some milliseconds.
fn racy_ns(modified_ns: u64) -> u64 {
    if modified_ns.is_multiple_of(1_000_000_000) {
        2_000_000_000
    } else {
        100_000_000
    }
}

/// One input file as the run found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileStamp {
    path: String,
    id: String,
    len: u64,
    modified_ns: u64,
}

/// The inputs of one complete run and what it made of them.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Record {
    /// Extraction and schema versions, read options, pruning.
    stamp: String,
    /// The opstamp of the commit the run left.
    opstamp: u64,
    /// When the files were looked at, in nanoseconds since 1970.
    stated_ns: u64,
    files: Vec<FileStamp>,
    /// Articles the inputs held (added, updated or unchanged).
    pub articles: u64,
    /// Parts of inputs left out as they should be, by reason.
    pub left_out: BTreeMap<String, u64>,
    /// The warnings the run gave (it skipped nothing), given again when it is skipped.
    warnings: Vec<Warning>,
}

/// A warning about an input that was read anyway.
#[derive(Debug, Serialize, Deserialize)]
struct Warning {
    path: std::path::PathBuf,
    line: Option<usize>,
    record: Option<u64>,
    message: String,
}

impl Record {
    /// The warnings of the recorded run, as it gave them.
    pub fn warnings(&self) -> Vec<InputIssue> {
        self.warnings
            .iter()
            .map(|w| {
                let mut issue = InputIssue::new(&w.path, w.message.clone(), false);
                issue.line = w.line;
                issue.record = w.record;
                issue
            })
            .collect()
    }
}

/// The stamps of `files` and when they were taken, or `None` when one cannot be
/// stamped (standard input, a file gone).
pub(super) fn stamps(files: &[InputFile]) -> Option<(Vec<FileStamp>, u64)> {
    let stated_ns = nanos(SystemTime::now())?;
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        if f.path.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(&f.path).ok()?;
        out.push(FileStamp {
            path: read::canonical(&f.path).to_string_lossy().into_owned(),
            id: f.id.clone(),
            len: meta.len(),
            modified_ns: nanos(meta.modified().ok()?)?,
        });
    }
    Some((out, stated_ns))
}

fn nanos(t: SystemTime) -> Option<u64> {
    u64::try_from(t.duration_since(UNIX_EPOCH).ok()?.as_nanos()).ok()
}

/// The record of the last run, when this run's inputs and settings are the same and the
/// index is as that run left it.
pub(super) fn unchanged(
    dir: &Path,
    stamp: &str,
    opstamp: u64,
    files: &[FileStamp],
) -> Option<Record> {
    let bytes = std::fs::read(dir.join(INPUTS_FILE)).ok()?;
    let record: Record = serde_json::from_slice(&bytes).ok()?;
    let settled = record
        .files
        .iter()
        .all(|f| f.modified_ns.saturating_add(racy_ns(f.modified_ns)) < record.stated_ns);
    (record.stamp == stamp && record.opstamp == opstamp && record.files == files && settled)
        .then_some(record)
}

/// Records a complete run that skipped nothing (best effort: without a record the next
/// run reads everything).
pub(super) fn record(
    dir: &Path,
    stamp: String,
    opstamp: u64,
    (files, stated_ns): (Vec<FileStamp>, u64),
    articles: u64,
    left_out: BTreeMap<String, u64>,
    issues: &[InputIssue],
) {
    if issues
        .iter()
        .any(|i| i.skipped || i.kind != IssueKind::Other)
    {
        return;
    }
    let warnings = issues
        .iter()
        .map(|i| Warning {
            path: i.path.clone(),
            line: i.line,
            record: i.record,
            message: i.message.clone(),
        })
        .collect();
    let record = Record {
        stamp,
        opstamp,
        stated_ns,
        files,
        articles,
        left_out,
        warnings,
    };
    if let Ok(json) = serde_json::to_vec(&record) {
        let _ = files::write_atomic(dir, INPUTS_FILE, &json);
    }
}

/// Deletes the record: the index is about to change.
pub(super) fn forget(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(INPUTS_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
