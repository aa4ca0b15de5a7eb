//! The server's tests: one binary, one module per feature. Each test starts a server on
//! a free loopback port over an index of the bundled sample articles plus one hostile
//! article, and talks to it over HTTP as any client would.

// Helpers outside `#[test]` functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used)]

mod api;
mod browser;
mod freshness;
mod helpers;
mod hostile;
mod pages;
