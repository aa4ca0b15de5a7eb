//! Actors: people, organisations and places, with their surface forms merged.
//!
//! Rule-based, no model: the text is tokenised ([`tokens`]), runs of capitalised words
//! are classified by evidence from word lists, roles, context and shape ([`classify`]),
//! and the mentions of one article are merged into actors ([`merge`]).

use std::ops::Range;

use crate::types::Actor;

mod classify;
mod lexicon;
mod merge;
mod tokens;

/// Finds the people, organisations and places named in `text[content]`, most mentioned
/// first.
pub(crate) fn find(text: &str, content: &[Range<usize>]) -> Vec<Actor> {
    let mut toks = Vec::new();
    for r in content {
        tokens::tokenize(text, r.clone(), &mut toks);
    }
    let doc = classify::Doc::new(text, &toks);
    let mentions = classify::mentions(&doc);
    merge::resolve(&doc, mentions)
}
