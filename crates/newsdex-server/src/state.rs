//! What every request shares: the index, the limits, the slots that bound work on the
//! blocking pool, and the watcher that loads new commits. An index written by another
//! process (`search index`) commits by replacing tantivy's `meta.json`; the watcher
//! looks at that file's size, time and inode a few times a second (a `stat`, nothing
//! read) and reloads when it changed, so new articles show within a fraction of a second
//! without a restart and without reloading an index that did not change.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use newsdex::Index;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit};

use crate::error::ApiError;
use crate::options::Limits;

pub(crate) struct AppState {
    pub index: Arc<Index>,
    pub limits: Limits,
    requests: Semaphore,
    searches: Arc<Semaphore>,
    exports: Arc<Semaphore>,
    /// Why the last reload failed, while it keeps failing: the server goes on with the
    /// commit it has, and `/healthz` says so.
    reload_error: Mutex<Option<String>>,
}

impl AppState {
    pub fn new(index: Index, limits: Limits) -> AppState {
        // Many searches at once, each on its own thread: a search spread over a pool
        // would only queue behind the others.
        index.set_search_threads(1);
        AppState {
            index: Arc::new(index),
            requests: Semaphore::new(limits.max_requests.max(1)),
            searches: Arc::new(Semaphore::new(limits.max_searches.max(1))),
            exports: Arc::new(Semaphore::new(limits.max_exports.max(1))),
            limits,
            reload_error: Mutex::new(None),
        }
    }

    /// Runs `work` on the blocking pool once one of the search slots is free (requests
    /// wait in turn; the request timeout bounds the wait). The slot is held by the
    /// work itself, so a request that times out does not free it before the work ends.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Index) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = Arc::clone(&self.searches)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::too_busy("searches"))?;
        let index = Arc::clone(&self.index);
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            work(&index)
        })
        .await
        .map_err(|e| ApiError::internal(&e))?
    }

    /// A slot for one request, while fewer than `max_requests` are being handled.
    pub fn request_slot(&self) -> Option<SemaphorePermit<'_>> {
        self.requests.try_acquire().ok()
    }

    /// A slot for one export, or a 429 when they are all taken.
    pub fn export_slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.exports)
            .try_acquire_owned()
            .map_err(|_| ApiError::too_busy("exports"))
    }

    pub fn reload_error(&self) -> Option<String> {
        self.reload_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_reload_error(&self, error: Option<String>) {
        let mut slot = self
            .reload_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(e) = &error {
            if slot.as_ref() != Some(e) {
                eprintln!("search serve: cannot load the index's latest commit: {e}");
            }
        }
        *slot = error;
    }
}

/// Loads new commits as they appear, every `every`, until the task is aborted.
pub(crate) fn watch(state: Arc<AppState>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let meta = state.index.path().map(|p| p.join("meta.json"));
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut loaded = stamp(meta.as_ref());
        loop {
            ticks.tick().await;
            let now = stamp(meta.as_ref());
            // An index in memory has no file to look at: it is reloaded every time.
            if meta.is_some() && now == loaded {
                continue;
            }
            let index = Arc::clone(&state.index);
            match tokio::task::spawn_blocking(move || index.reload()).await {
                Ok(Ok(())) => {
                    loaded = now;
                    state.set_reload_error(None);
                }
                Ok(Err(e)) => state.set_reload_error(Some(e.to_string())),
                Err(e) => state.set_reload_error(Some(e.to_string())),
            }
        }
    })
}

/// What changes when a commit replaces `meta.json`.
type Stamp = Option<(u64, Option<SystemTime>, u64)>;

fn stamp(meta: Option<&PathBuf>) -> Stamp {
    let m = std::fs::metadata(meta?).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some((m.len(), m.modified().ok(), inode))
}
