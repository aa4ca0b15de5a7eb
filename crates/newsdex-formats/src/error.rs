//! The crate's one error type: what stops a whole input from being read. Problems with
//! single records inside an input are [`Issue`](crate::Issue)s handed to the sink instead.

use std::path::PathBuf;

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an input could not be read at all.
///
/// Every variant but [`Error::Internal`] is caused by what the user gave (a path, a
/// file, an option) and says so in its message; [`Error::is_user_error`] tells them apart.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read from its start.
    #[error("{}: {}", path.display(), io_message(source))]
    Unreadable {
        /// The input.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The input is of a kind this crate does not read.
    #[error("{}: {reason}", path.display())]
    Unsupported {
        /// The input.
        path: PathBuf,
        /// What it is, and what would be read instead.
        reason: String,
    },
    /// A field mapping such as `title=hed` could not be understood.
    #[error("field mapping {spec:?}: {reason}")]
    BadFieldMapping {
        /// The mapping as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A bug in this crate: an invariant did not hold.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// True when the user can fix this (a path, a file, an option); false for our bugs.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Internal(_))
    }
}

/// The system's words for the common cases, shorter than `io::Error`'s `Display`.
pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => e.to_string(),
    }
}
