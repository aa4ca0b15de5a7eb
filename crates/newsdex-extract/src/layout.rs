//! Page layout: tells page furniture (menus, share buttons, view counters, copyright
//! lines) from the article, finds the headline and the dateline or byline.

use std::ops::Range;

use time::Date;

/// What the layout pass found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// The headline, if the page has one.
    pub title: Option<String>,
    /// A publication date read from a dateline or byline.
    pub published: Option<Date>,
    /// Byte offset where the article proper starts.
    pub body_start: usize,
    /// Byte ranges of the text that belong to the article (headline included), in order;
    /// dates and actors are only looked for inside these.
    pub content: Vec<Range<usize>>,
}

/// Placeholder: the first non-empty line is the title, everything is content.
pub(crate) fn analyse(text: &str) -> Layout {
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned);
    Layout {
        title,
        published: None,
        body_start: 0,
        content: vec![0..text.len()],
    }
}
