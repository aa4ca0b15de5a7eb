//! Where an index lives and how it is opened: the tantivy index with our schema and
//! analyzer, its field handles, the reader searches and the writer's version checks
//! share, and the file that records which newsdex format wrote it. Writing (`write/`)
//! and searching (`search/`) both start from a [`Core`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::{IndexReader, ReloadPolicy, Searcher};

use crate::error::{Error, InternalError, OrStorage, Result, UserError};
use crate::schema::{self, Fields, FORMAT_VERSION};

/// The file beside tantivy's own that records which newsdex format wrote the index.
const META_FILE: &str = "newsdex.json";

#[derive(Serialize, Deserialize)]
struct MetaFile {
    format: u32,
    created_by: String,
}

/// An open tantivy index with newsdex's schema.
pub(crate) struct Core {
    pub inner: tantivy::Index,
    pub fields: Fields,
    pub reader: IndexReader,
    path: Option<PathBuf>,
}

impl Core {
    /// Opens the index in `path`; fails with [`UserError::IndexNotFound`] when there is none.
    pub fn open_in_dir(path: &Path) -> Result<Core> {
        let meta = path.join(META_FILE);
        let text = match std::fs::read_to_string(&meta) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(UserError::IndexNotFound {
                    path: path.to_path_buf(),
                }
                .into())
            }
            Err(source) => {
                return Err(InternalError::Io { path: meta, source }.into());
            }
        };
        let found: Option<MetaFile> = serde_json::from_str(&text).ok();
        match found {
            Some(m) if m.format == FORMAT_VERSION => {}
            other => {
                return Err(UserError::IncompatibleIndex {
                    path: path.to_path_buf(),
                    found: other.map_or_else(|| "unknown".to_owned(), |m| m.format.to_string()),
                    expected: FORMAT_VERSION,
                }
                .into())
            }
        }
        let inner = tantivy::Index::open_in_dir(path).storage()?;
        Self::wrap(inner, Some(path.to_path_buf()))
    }

    /// Creates a new, empty index in `path`, creating the folder if needed.
    pub fn create_in_dir(path: &Path) -> Result<Core> {
        let io = |source| InternalError::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io)?;
        let inner = tantivy::Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_dir(path)
            .storage()?;
        let meta = MetaFile {
            format: FORMAT_VERSION,
            created_by: concat!("newsdex ", env!("CARGO_PKG_VERSION")).to_owned(),
        };
        let json = serde_json::to_string_pretty(&meta)
            .map_err(|e| InternalError::Corrupt(e.to_string()))?;
        std::fs::write(path.join(META_FILE), json).map_err(io)?;
        Self::wrap(inner, Some(path.to_path_buf()))
    }

    /// Opens the index in `path`, or creates one there when there is none.
    pub fn open_or_create_in_dir(path: &Path) -> Result<Core> {
        match Self::open_in_dir(path) {
            Err(Error::User(UserError::IndexNotFound { .. })) => Self::create_in_dir(path),
            other => other,
        }
    }

    /// Creates an index in memory.
    pub fn create_in_ram() -> Result<Core> {
        let inner = tantivy::Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_ram()
            .storage()?;
        Self::wrap(inner, None)
    }

    fn wrap(inner: tantivy::Index, path: Option<PathBuf>) -> Result<Core> {
        inner
            .tokenizers()
            .register(schema::ANALYZER, schema::analyzer());
        // An index whose fields differ from ours was written by another layout, even if
        // it carries our version number: say so, with the way out, rather than "corrupt".
        let fields = Fields::from_schema(&inner.schema()).map_err(|e| -> crate::Error {
            match &path {
                Some(path) => UserError::IncompatibleIndex {
                    path: path.clone(),
                    found: format!("{FORMAT_VERSION} with other fields ({e})"),
                    expected: FORMAT_VERSION,
                }
                .into(),
                None => InternalError::Corrupt(format!("not a newsdex schema: {e}")).into(),
            }
        })?;
        let reader = inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .storage()?;
        Ok(Core {
            inner,
            fields,
            reader,
            path,
        })
    }

    /// Where the index lives, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A searcher on the commit last loaded.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Loads the latest commit, including one made by another process.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().storage()
    }
}
