//! The folder an index lives in, as tantivy sees it: tantivy's memory-mapped directory,
//! except that a search of an index it cannot write to (a read-only mount, another
//! user's index) goes ahead without the lock file tantivy takes while it opens segments.
//! That lock only keeps a writer's clean-up from deleting files being opened, and where
//! nothing can be written, nothing is deleted either.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

#[derive(Debug, Clone)]
pub(crate) struct IndexDir {
    inner: MmapDirectory,
    path: PathBuf,
}

impl IndexDir {
    pub fn open(path: &Path) -> tantivy::Result<IndexDir> {
        Ok(IndexDir {
            inner: MmapDirectory::open(path)?,
            path: path.to_path_buf(),
        })
    }
}

/// Whether a lock file could not be made because nothing can be written there.
fn cannot_write(e: &LockError) -> bool {
    match e {
        LockError::IoError(e) => matches!(
            e.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        ),
        LockError::LockBusy => false,
    }
}

impl Directory for IndexDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        // tantivy opens its lock files following links, creating the target if missing.
        super::files::refuse_symlink(&self.path.join(&lock.filepath))
            .map_err(LockError::wrap_io_error)?;
        match self.inner.acquire_lock(lock) {
            Err(e) if lock.filepath == META_LOCK.filepath && cannot_write(&e) => {
                Ok(DirectoryLock::from(Box::new(NoLock)))
            }
            other => other,
        }
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

/// The lock of a folder nobody can write to.
struct NoLock;
