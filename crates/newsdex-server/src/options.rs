//! What a server is told: where to listen, whom to let in from other origins, and the
//! limits that keep one client from taking the machine. Defaults in one `Default` impl
//! each.

use std::net::SocketAddr;
use std::time::Duration;

/// How to run a server. Start from [`ServerOptions::default`] and change fields.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerOptions {
    /// Where to listen. Default `127.0.0.1:7700`: loopback, so nothing outside the machine
    /// reaches the server unless told to.
    pub bind: SocketAddr,
    /// An origin (`https://example.org`) whose pages may call the API from a browser.
    /// `None` (the default): no CORS headers, so only the server's own pages can.
    pub cors_origin: Option<String>,
    /// How often the server looks for a new commit of the index (by another process) and
    /// loads it. Default 250 ms.
    pub reload_every: Duration,
    /// The limits on requests.
    pub limits: Limits,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 7700)),
            cors_origin: None,
            reload_every: Duration::from_millis(250),
            limits: Limits::default(),
        }
    }
}

/// Bounds on what one request, one client and all of them together may ask for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Limits {
    /// Longest query text, in bytes (longer: 413).
    pub max_query_bytes: usize,
    /// Largest `limit` (hits per page) of a search.
    pub max_limit: usize,
    /// Largest `offset` of a search: deeper pages are narrowed by filters instead.
    pub max_offset: usize,
    /// Largest `facets` (actors counted per kind) of a search, and `limit` of `/api/actors`.
    pub max_facets: usize,
    /// Longest URL, path and query string, in bytes (longer: 414). The whole request
    /// head is capped at four times this; beyond that the connection is closed.
    pub max_url_bytes: usize,
    /// Requests handled at once; more are refused with 429 at once.
    pub max_requests: usize,
    /// Searches run at once on the blocking pool; further requests wait their turn
    /// (within `request_timeout`). Default: twice the number of cores, at least 4.
    pub max_searches: usize,
    /// Exports streamed at once; more are refused with 429.
    pub max_exports: usize,
    /// Open connections; beyond this, new ones are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Longest a request may take to answer, waiting included (longer: 503). An export
    /// is bounded by this until its first line; then by `stall_timeout`.
    pub request_timeout: Duration,
    /// Longest a client may take to send a request's head, and longest a connection may
    /// sit idle between requests: slow clients are cut off after it.
    pub header_timeout: Duration,
    /// Longest an export waits for a client that stopped reading before giving up.
    pub stall_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_query_bytes: 4096,
            max_limit: 100,
            max_offset: 10_000,
            max_facets: 200,
            max_url_bytes: 8192,
            max_requests: 512,
            max_searches: (cores * 2).max(4),
            max_exports: 2,
            max_connections: 8192,
            request_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            stall_timeout: Duration::from_secs(30),
        }
    }
}
