//! The engine's one error type. User errors (a bad query, an unknown actor, a missing
//! index) are kept apart from internal ones so that a front end can choose the message
//! and the exit code without parsing strings.

use std::path::PathBuf;

/// A `Result` whose error defaults to [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in newsdex.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The user asked for something that cannot be done as asked.
    #[error(transparent)]
    User(#[from] UserError),
    /// Something broke inside the engine or the storage under it.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl Error {
    /// True when the user can fix the problem (a typo, a missing index, a bad file);
    /// false when the engine or the machine failed.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::User(_))
    }
}

/// A problem the user caused and can fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UserError {
    /// There is no index at the given place.
    #[error("no index at {}", path.display())]
    IndexNotFound {
        /// Where the index was looked for.
        path: PathBuf,
    },
    /// The index was written by a version of newsdex whose format this one cannot read.
    #[error(
        "the index at {} has format version {found}, this newsdex reads version {expected}: \
         rebuild it",
        path.display()
    )]
    IncompatibleIndex {
        /// Where the index is.
        path: PathBuf,
        /// The format version found on disk.
        found: String,
        /// The format version this build reads and writes.
        expected: u32,
    },
    /// The index's files are not as newsdex wrote them: changed, cut short or missing.
    #[error("the index at {} is damaged ({}); rebuild it", path.display(), files_list(files))]
    IndexDamaged {
        /// Where the index is.
        path: PathBuf,
        /// The files found damaged, relative to the index folder.
        files: Vec<PathBuf>,
    },
    /// The index cannot be written: a read-only mount, or another user's folder.
    #[error("the index at {} is read-only here: it can be searched but not written", path.display())]
    IndexReadOnly {
        /// Where the index is.
        path: PathBuf,
    },
    /// The disk holding the index filled up while writing.
    #[error(
        "no space left on the disk of the index at {}; what was committed before is kept: \
         free some space and run again",
        path.display()
    )]
    DiskFull {
        /// Where the index is.
        path: PathBuf,
    },
    /// An article that cannot be indexed as it is.
    #[error("article {id:?} refused: {reason}")]
    ArticleRefused {
        /// Its id (the first 80 characters).
        id: String,
        /// Why.
        reason: String,
    },
    /// Another process holds the index's writer lock.
    #[error(
        "the index at {} is being written by {}; wait for it to finish and try again",
        path.display(),
        pid.map_or_else(|| "another process".to_owned(), |p| format!("process {p}"))
    )]
    IndexLocked {
        /// Where the index is.
        path: PathBuf,
        /// The writing process, when it recorded itself.
        pid: Option<u32>,
    },
    /// The query text cannot be parsed.
    #[error("bad query: {message}")]
    BadQuery {
        /// What is wrong, and where.
        message: String,
    },
    /// The query names a field that does not exist.
    #[error("unknown field `{field}` in query; the fields are: {}", known.join(", "))]
    UnknownField {
        /// The field as typed.
        field: String,
        /// The fields that can be named in a query.
        known: Vec<&'static str>,
    },
    /// An actor filter names an actor that no article mentions.
    #[error("{}", unknown_actor_message(name, suggestions))]
    UnknownActor {
        /// The actor as typed.
        name: String,
        /// Close names that do exist, best first.
        suggestions: Vec<String>,
    },
    /// An actor filter names several actors: a short form they share.
    #[error("{}", ambiguous_actor_message(name, candidates))]
    AmbiguousActor {
        /// The actor as typed.
        name: String,
        /// The actors it names: name, kind, articles; most articles first.
        candidates: Vec<(String, newsdex_extract::ActorKind, u64)>,
    },
    /// A date or date bound that cannot be understood.
    #[error("bad date {:?}: {reason}", shortened(input))]
    BadDate {
        /// The date as typed.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An input file or directory that cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An input record that is malformed.
    #[error("{}{}: {reason}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    BadInput {
        /// The file.
        path: PathBuf,
        /// The 1-based line, for JSON Lines files.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// No article has the given id.
    #[error("no article with id {0:?}")]
    ArticleNotFound(String),
    /// A request argument out of range or inconsistent.
    #[error("{0}")]
    InvalidRequest(String),
}

fn ambiguous_actor_message(
    name: &str,
    candidates: &[(String, newsdex_extract::ActorKind, u64)],
) -> String {
    let list: Vec<String> = candidates
        .iter()
        .take(8)
        .map(|(n, kind, docs)| {
            format!(
                "\"{n}\" ({kind}, {docs} article{})",
                if *docs == 1 { "" } else { "s" }
            )
        })
        .collect();
    let more = candidates.len().saturating_sub(8);
    format!(
        "{:?} names {} actors: {}{}; give the full name, or KIND:NAME",
        shortened(name),
        candidates.len(),
        list.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// Text a user typed, cut to a length a one-line message can hold.
pub(crate) fn shortened(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn files_list(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    match names.len() {
        0 => "no file named".to_owned(),
        1 => format!("file {}", names[0]),
        n if n <= 3 => format!("files {}", names.join(", ")),
        n => format!("files {} and {} more", names[..3].join(", "), n - 3),
    }
}

fn unknown_actor_message(name: &str, suggestions: &[String]) -> String {
    let mut message = format!("no article names the actor {:?}", shortened(name));
    if !suggestions.is_empty() {
        let list: Vec<String> = suggestions.iter().map(|s| format!("{s:?}")).collect();
        message.push_str(&format!("; did you mean {}?", list.join(", ")));
    }
    message
}

/// A failure inside the engine: storage, threads, or a bug.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InternalError {
    /// The storage engine under the index reported an error.
    #[error("index error: {0}")]
    Storage(#[source] StorageError),
    /// An I/O error outside a user's input file.
    #[error("I/O error on {}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A stored value that should be valid is not.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// A bug: something panicked inside the engine, and no damaged file explains it.
    #[error("internal error (a bug; please report it): {0}")]
    Panic(String),
}

/// An error of the storage engine under the index, kept opaque so that its type is not
/// part of newsdex's API: print it, or walk its [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct StorageError(Box<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for StorageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// tantivy's errors become [`InternalError::Storage`] through this crate-private trait
/// rather than a public `From`, which would put tantivy's types in newsdex's API.
pub(crate) trait OrStorage<T> {
    /// The value, or the error as newsdex's own.
    fn storage(self) -> Result<T>;
}

impl<T, E: Into<tantivy::TantivyError>> OrStorage<T> for std::result::Result<T, E> {
    fn storage(self) -> Result<T> {
        self.map_err(|e| storage(e.into()))
    }
}

/// A tantivy error as newsdex's own.
pub(crate) fn storage(e: tantivy::TantivyError) -> Error {
    Error::Internal(InternalError::Storage(StorageError(Box::new(e))))
}

/// tantivy's term dictionaries report plain I/O errors.
pub(crate) fn io_error(e: std::io::Error) -> Error {
    storage(tantivy::TantivyError::from(e))
}
