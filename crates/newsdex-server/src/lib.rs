//! newsdex-server: `search serve`, an HTTP API and a web page over a newsdex index.
//!
//! The API answers with the engine's own types as JSON, the same bytes `search query
//! --json` prints, so a program in any language can search an archive without spawning
//! the command line, and a Rust program can read the answers back into
//! [`newsdex::SearchResults`] and friends. The web page renders its results on the server
//! (it works with JavaScript off) and enhances itself when JavaScript is on.
//!
//! The server only reads: it never opens a writer, and it picks up what `search index`
//! commits from another process within a fraction of a second. Work on the index runs on
//! tokio's blocking pool, a few searches at a time; every request is bounded in size and
//! time.
//!
//! ```no_run
//! use newsdex_server::{Server, ServerOptions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = newsdex::Index::open_in_dir("my-index")?;
//! let mut options = ServerOptions::default();
//! options.bind = "127.0.0.1:0".parse()?; // any free port
//! let server = Server::start(index, options)?;
//! println!("searching at http://{}/", server.local_addr());
//! // ... GET /api/search?q=water+treaty
//! server.stop()?;
//! # Ok(())
//! # }
//! ```
//!
//! Routes (every one `GET`):
//!
//! | route | answer |
//! | --- | --- |
//! | `/api/search` | [`newsdex::SearchResults`]: `q`, `actor` (repeatable), `not` (repeatable), `since`, `until`, `sort`, `limit`, `offset`, `facets` |
//! | `/api/actors` | `{"total", "actors"}`: the same filters, `kind`, `limit` |
//! | `/api/dates` | `{"total", "months"}`: the same filters |
//! | `/api/articles/{id}` | [`newsdex::StoredArticle`] |
//! | `/api/stats` | [`newsdex::Stats`] (without the index's path) |
//! | `/api/export` | JSON Lines: every match as a [`newsdex::Hit`] with its whole body and actors |
//! | `/healthz` | `{"status": "ok", ...}` |
//! | `/`, `/actor?name=&kind=`, `/article?id=` | the web page |
//!
//! Errors are `{"error": "...", "hint": "..."}` with 400 (a bad parameter or query), 404
//! (no such article, actor or route), 413 (a query too long), 414 (a URL too long), 429
//! (too many requests at once), 500 (a bug) or 503 (too slow, or the index cannot be
//! read).

#![deny(missing_docs)]

mod api;
mod assets;
mod error;
mod guard;
mod html;
mod listen;
mod options;
mod params;
mod run;
mod state;
mod text;

pub use error::{Error, Result};
pub use options::{Limits, ServerOptions};
pub use run::{serve_until_signal, Server};
