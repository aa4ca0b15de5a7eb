//! Where an index lives and how it is opened: the tantivy index with our schema and
//! analyzer, its field handles, the reader searches and the writer's version checks
//! share, and the file that records which newsdex format wrote it. Opening checks that
//! the index is whole (`verify`); every entry point runs through [`Core::guard`], which
//! turns a panic inside the storage engine into an error. Writing (`write/`) and
//! searching (`search/`) both start from a [`Core`].

mod dir;
pub(crate) mod entities;
pub(crate) mod files;
pub(crate) mod rules;
mod verify;

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::{IndexReader, ReloadPolicy, Searcher, TantivyError};

use crate::error::{Error, InternalError, OrStorage, Result, UserError};
use crate::schema::entity_table::Entities;
use crate::schema::{self, Fields, FORMAT_VERSION};
use dir::IndexDir;
use rules::Rules;
use tantivy::directory::Directory;
pub(crate) use verify::Depth;

/// The file beside tantivy's own that records which newsdex format wrote the index.
pub(crate) const META_FILE: &str = "newsdex.json";
/// tantivy's list of segments: present once an index has been created.
const TANTIVY_META: &str = "meta.json";
/// How long an opener waits for an index another process is creating.
const CREATION_WAIT: Duration = Duration::from_secs(2);

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
    /// The user's rules about actors (re-read from the folder on reload).
    rules: std::sync::RwLock<Rules>,
    /// The searcher searches get while a newer commit is made ready (see
    /// [`Core::pin`]).
    pinned: std::sync::RwLock<Option<Searcher>>,
    /// The columns of the segments searched, opened once for every search after.
    pub open: std::sync::Arc<crate::search::open::OpenSegments>,
}

impl Core {
    /// Opens the index in `path`; fails with [`UserError::IndexNotFound`] when there is
    /// none, and with [`UserError::IndexDamaged`] when it is not whole.
    pub fn open_in_dir(path: &Path) -> Result<Core> {
        let meta = path.join(META_FILE);
        let started = Instant::now();
        let text = loop {
            match std::fs::read_to_string(&meta) {
                Ok(text) if path.join(TANTIVY_META).exists() => break text,
                // Written first by a creator that has not finished yet.
                Ok(_) if started.elapsed() < CREATION_WAIT => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(_) => return Err(damaged(path, vec![PathBuf::from(TANTIVY_META)])),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if path.join(TANTIVY_META).exists() {
                        // tantivy's files without ours: not made by newsdex, or damaged.
                        return Err(damaged(path, vec![PathBuf::from(META_FILE)]));
                    }
                    return Err(UserError::IndexNotFound {
                        path: path.to_path_buf(),
                    }
                    .into());
                }
                Err(source) => return Err(InternalError::Io { path: meta, source }.into()),
            }
        };
        match serde_json::from_str::<MetaFile>(&text) {
            Ok(m) if m.format == FORMAT_VERSION => {}
            Ok(m) => {
                return Err(UserError::IncompatibleIndex {
                    path: path.to_path_buf(),
                    found: m.format.to_string(),
                    expected: FORMAT_VERSION,
                }
                .into())
            }
            Err(_) => return Err(damaged(path, vec![PathBuf::from(META_FILE)])),
        }
        let inner = match catch(|| IndexDir::open(path).and_then(tantivy::Index::open)) {
            Ok(Ok(inner)) => inner,
            Ok(Err(e)) => return Err(opening_error(path, e)),
            Err(_) => return Err(damaged(path, vec![PathBuf::from(TANTIVY_META)])),
        };
        // Before any segment is opened: some damage makes tantivy panic or allocate
        // without bound while it reads a segment.
        let damaged_files = verify::damaged_files(&inner, path, Depth::New).storage()?;
        if !damaged_files.is_empty() {
            return Err(damaged(path, damaged_files));
        }
        match catch(|| Self::wrap(inner, Some(path.to_path_buf()))) {
            Ok(core) => core,
            Err(_) => Err(damaged(path, vec![PathBuf::from(TANTIVY_META)])),
        }
    }

    /// Creates a new, empty index in `path`, creating the folder if needed. If another
    /// process creates one there at the same moment, opens that one.
    pub fn create_in_dir(path: &Path) -> Result<Core> {
        let io = |source| InternalError::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io)?;
        // Ours first, so that an opener that finds tantivy's files finds ours too.
        let meta = MetaFile {
            format: FORMAT_VERSION,
            created_by: concat!("newsdex ", env!("CARGO_PKG_VERSION")).to_owned(),
        };
        let json = serde_json::to_string_pretty(&meta)
            .map_err(|e| InternalError::Corrupt(e.to_string()))?;
        if !path.join(TANTIVY_META).exists() {
            files::write_atomic(path, META_FILE, json.as_bytes()).map_err(io)?;
        }
        let created = tantivy::Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .open_or_create(IndexDir::open(path).storage()?);
        match created {
            Ok(inner) => {
                drop(inner);
                Self::open_in_dir(path)
            }
            Err(TantivyError::IndexAlreadyExists) => Self::open_in_dir(path),
            Err(e) => Err(opening_error(path, e)),
        }
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
            .map_err(|e| match &path {
                Some(path) => opening_error(path, e),
                None => crate::error::storage(e),
            })?;
        let rules = match &path {
            Some(dir) => Rules::load(dir)?,
            None => Rules::default(),
        };
        Ok(Core {
            inner,
            fields,
            reader,
            path,
            rules: std::sync::RwLock::new(rules),
            pinned: std::sync::RwLock::new(None),
            open: std::sync::Arc::default(),
        })
    }

    /// Where the index lives, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A searcher on the commit last loaded (or, while one is pinned, on the pinned one).
    pub fn searcher(&self) -> Searcher {
        let pinned = self
            .pinned
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match pinned.as_ref() {
            Some(searcher) => searcher.clone(),
            None => self.reader.searcher(),
        }
    }

    /// Keeps [`Core::searcher`] on the commit searches have now, until [`Core::unpin`]:
    /// meanwhile a reload can load a newer one and make it ready (its entity table)
    /// without the searches waiting for it.
    pub fn pin(&self) {
        let now = self.searcher();
        *self
            .pinned
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(now);
    }

    /// Gives searches the commit last loaded again.
    pub fn unpin(&self) {
        *self
            .pinned
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// A searcher on the commit last loaded, pinned or not.
    pub fn latest_searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Loads the latest commit, including one made by another process, checking the
    /// files that are new to this process, and the rules as they are now.
    pub fn reload(&self) -> Result<()> {
        self.guard(|| {
            self.verify(Depth::New)?;
            if let Some(dir) = &self.path {
                self.set_rules_in_memory(Rules::load(dir)?);
            }
            self.reader.reload().storage()?;
            // Columns of segments merged away are let go now, not at the next search (a
            // search still on the commit before opens again what it needs).
            self.open.keep_only(&self.latest_searcher());
            Ok(())
        })
    }

    /// The user's rules about actors.
    pub fn rules(&self) -> Rules {
        self.rules
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Replaces the rules, in memory and in the index folder, and rebuilds the entity
    /// table under them. Holds the writer's lock meanwhile: a run of `search index` in
    /// another process would otherwise write a table under the old rules.
    pub fn set_rules(&self, rules: Rules) -> Result<()> {
        let _lock = match self.path() {
            Some(path) => Some(
                self.inner
                    .directory()
                    .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
                    .map_err(|e| match e {
                        tantivy::directory::error::LockError::LockBusy => {
                            crate::Error::from(UserError::IndexLocked {
                                path: path.to_path_buf(),
                                pid: None,
                            })
                        }
                        other => crate::error::storage(TantivyError::LockFailure(other, None)),
                    })?,
            ),
            None => None,
        };
        if let Some(dir) = &self.path {
            rules.save(dir)?;
        }
        self.set_rules_in_memory(rules);
        self.save_entities()
    }

    fn set_rules_in_memory(&self, rules: Rules) {
        *self
            .rules
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = rules;
    }

    /// Builds the entity table of the commit last loaded and keeps it in the index
    /// folder, for the searches that follow (a writer's job, after each commit).
    pub fn save_entities(&self) -> Result<()> {
        self.save_entities_with(None, entities::FACET_LISTS_FROM)
    }

    /// [`Core::save_entities`], with the grouping a writer worked out ahead (taken when
    /// it is of the same actors), and with the articles' lists once the index holds
    /// `lists_from` articles (see [`IndexerOptions::facet_lists_from`](crate::IndexerOptions::facet_lists_from)).
    pub(crate) fn save_entities_with(
        &self,
        speculation: Option<entities::Speculation>,
        lists_from: u64,
    ) -> Result<()> {
        let Some(dir) = &self.path else {
            return Ok(());
        };
        let searcher = self.latest_searcher();
        let rules = self.rules();
        let lists = searcher.num_docs() >= lists_from;
        // Kept already (nothing merged since the commit that saved it): not built again,
        // and its articles' lists written if they were not (an index of a version before
        // them).
        if let Some(table) = Entities::load(dir, &searcher, rules.fingerprint()) {
            if lists && table.article_lists().is_none() {
                let lists =
                    entities::article_lists(&searcher, &table, entities::ARTICLE_LISTS_BUDGET)
                        .storage()?;
                if lists.is_some() {
                    table.with_lists(lists).save(dir);
                }
            }
            return Ok(());
        }
        let table = Entities::build_with(&searcher, &rules, speculation, lists).storage()?;
        table.save(dir);
        Ok(())
    }

    /// Checks the current commit's files as deep as asked; [`UserError::IndexDamaged`]
    /// names the files that are not whole.
    pub fn verify(&self, depth: Depth) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let damaged_files = verify::damaged_files(&self.inner, path, depth).storage()?;
        if damaged_files.is_empty() {
            Ok(())
        } else {
            Err(damaged(path, damaged_files))
        }
    }

    /// Runs `f`, turning a panic inside it (tantivy panics on some damaged files) into an
    /// error: [`UserError::IndexDamaged`] when a check of every file finds damage, else
    /// [`InternalError::Panic`].
    pub fn guard<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        catch(f).unwrap_or_else(|message| {
            if let Some(path) = &self.path {
                if let Ok(files) = verify::damaged_files(&self.inner, path, Depth::All) {
                    if !files.is_empty() {
                        return Err(damaged(path, files));
                    }
                }
            }
            Err(InternalError::Panic(message).into())
        })
    }
}

/// Runs `f`, returning the message of a panic inside it as an error.
fn catch<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(panic_message)
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

fn damaged(path: &Path, files: Vec<PathBuf>) -> Error {
    UserError::IndexDamaged {
        path: path.to_path_buf(),
        files,
    }
    .into()
}

/// An error of tantivy's while opening: a folder that cannot be read stays an I/O
/// error; anything else means the index's own files are not as tantivy wrote them.
fn opening_error(path: &Path, e: TantivyError) -> Error {
    let io = |e: &std::io::Error| InternalError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(e.kind(), e.to_string()),
    };
    match &e {
        TantivyError::IoError(inner) => io(inner).into(),
        TantivyError::OpenDirectoryError(_) => crate::error::storage(e),
        TantivyError::LockFailure(tantivy::directory::error::LockError::IoError(inner), _) => {
            io(inner).into()
        }
        TantivyError::IndexAlreadyExists => crate::error::storage(e),
        _ => damaged(path, vec![PathBuf::from(TANTIVY_META)]),
    }
}
