//! The extraction pipeline: page layout first (what is furniture, what is the headline,
//! where the article starts), then dates and actors over the article's own text.

use time::Date;

use crate::types::Extracted;
use crate::{actors, dates, layout};

/// Extracts title, publication date, dates and actors from raw article text.
///
/// `published` is the publication date when the caller knows it (a JSONL field); it is
/// also the reference for relative dates ("yesterday", "last December"). When it is
/// `None`, a dateline or byline in the text is used instead, if there is one.
pub fn extract(text: &str, published: Option<Date>) -> Extracted {
    let layout = layout::analyse(text);
    let published = published.or(layout.published);
    let dates = dates::find(text, &layout.content, published);
    let actors = actors::find(text, &layout.content);
    Extracted {
        title: layout.title,
        published,
        body_start: layout.body_start,
        actors,
        dates,
    }
}
