//! Everything that writes: reading inputs (`read`), building documents (`document`),
//! the indexer (`indexer`), whole ingest runs (`pipeline`) and segment merges (`merges`).

mod document;
mod indexer;
mod inputs;
mod merges;
mod pipeline;
mod read;

pub use indexer::{Indexer, IndexerOptions, Outcome, DEFAULT_MAX_ARTICLE_BYTES, MAX_ID_BYTES};
pub use pipeline::{extract_all, extract_archive, extract_paths, IndexReport, Progress};
pub use read::{
    discover, read_file, Discovery, Format, InputFile, InputIssue, IssueKind, ReadOptions, SavedAt,
};
