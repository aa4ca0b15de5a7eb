//! The extraction pipeline: page layout first (what is furniture, what is the headline,
//! where the article starts), then the publication date, then dates and actors over the
//! article's own text.

use time::Date;

use crate::types::{Extracted, PublishedSource};
use crate::{actors, dates, layout};

/// What the caller knows about an article besides its text.
///
/// ```
/// use newsdex_extract::{extract_with, Date, ExtractOptions, PublishedSource};
/// use time::Month;
///
/// let saved = Date::from_calendar_date(2030, Month::March, 5)?;
/// let text = "Ferry strike ends\n- Harbour Times\n- 2 days ago\n\nThe strike ended yesterday.";
/// let found = extract_with(text, &ExtractOptions::new().with_saved_at(saved));
/// assert_eq!(found.published, Date::from_calendar_date(2030, Month::March, 3).ok());
/// assert_eq!(found.published_source, Some(PublishedSource::Relative));
/// # Ok::<(), time::error::ComponentRange>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExtractOptions {
    /// The publication date when the caller knows it (a JSONL field, page metadata). It
    /// wins over any date the text gives, and is the reference for relative dates
    /// ("yesterday", "last December").
    pub published: Option<Date>,
    /// When the page was saved (a `--saved-at` date, the file's modification time, a
    /// crawl's capture date). It is not taken as the publication date: it resolves
    /// relative bylines ("1 day ago", "3 hours ago", "yesterday"; one in hours or minutes
    /// gives the saved-at day itself), gives a dateline written without a year ("June 2
    /// (Reuters) -") the year that puts it last on or before it, and rules out bylines
    /// dated after it.
    pub saved_at: Option<Date>,
}

impl ExtractOptions {
    /// No publication date and no saved-at date: everything comes from the text.
    pub fn new() -> ExtractOptions {
        ExtractOptions::default()
    }

    /// Sets the publication date the caller knows.
    pub fn with_published(mut self, date: Date) -> ExtractOptions {
        self.published = Some(date);
        self
    }

    /// Sets when the page was saved.
    pub fn with_saved_at(mut self, date: Date) -> ExtractOptions {
        self.saved_at = Some(date);
        self
    }
}

/// Extracts title, publication date, dates and actors from raw article text.
///
/// `published` is the publication date when the caller knows it (a JSONL field); it is
/// also the reference for relative dates ("yesterday", "last December"). When it is
/// `None`, a dateline or byline in the text is used instead, if there is one. This is
/// [`extract_with`] with only [`ExtractOptions::published`] set.
pub fn extract(text: &str, published: Option<Date>) -> Extracted {
    extract_with(
        text,
        &ExtractOptions {
            published,
            saved_at: None,
        },
    )
}

/// Extracts title, publication date, dates and actors from raw article text, with what
/// the caller knows about it (see [`ExtractOptions`]).
///
/// The publication date is the one given, else the first-published date of the page's
/// dateline or bylines, else a relative byline counted back from the saved-at date, else
/// a last-updated date; [`Extracted::published_source`] says which.
pub fn extract_with(text: &str, options: &ExtractOptions) -> Extracted {
    let layout = layout::analyse(text);
    let found = match options.published {
        Some(date) => Some((date, PublishedSource::Given)),
        None => dates::publication(text, &layout.header, options.saved_at),
    };
    let (published, published_source) = found.unzip();
    let dates = dates::find(text, &layout.content, published);
    let actors = actors::find(text, &layout.content);
    Extracted {
        title: layout.title,
        published,
        published_source,
        body_start: layout.body_start,
        actors,
        dates,
    }
}
