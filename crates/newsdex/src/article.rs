//! An article as it comes in, before extraction: the unit the engine indexes.

use newsdex_extract::{
    extract_with, ActorMention, Date, ExtractOptions, Extracted, PublishedSource,
};

/// One news article to index.
///
/// Either raw text, where the title and publication date are found by extraction
/// ([`Article::with_page_text`]), or structured fields where they are known
/// ([`Article::new`] and the `with_` setters, each naming what it sets):
///
/// ```
/// use newsdex::{Article, Date, Month};
/// let article = Article::new("wire-7")
///     .with_title("Ports reopen")
///     .with_body("Ships left Piraeus on Monday.")
///     .with_published(Date::from_calendar_date(2025, Month::June, 2)?);
/// assert_eq!(article.title.as_deref(), Some("Ports reopen"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Article {
    /// Stable identity: a path relative to the indexed folder, or a JSONL `id`.
    /// Indexing an article whose id is already in the index replaces the old version.
    pub id: String,
    /// Where it came from: a file path or a URL.
    pub source: Option<String>,
    /// The headline when known; `None` means "find it in `text`".
    pub title: Option<String>,
    /// The article text: the body when `title` is given, else the whole page as scraped.
    pub text: String,
    /// The publication date when known; `None` means "look for a dateline".
    pub published: Option<Date>,
    /// Where a given [`Article::published`] was found (`json-ld`, `og`, `feed`, `field`,
    /// ...), as stored and shown; `None` for a date given without saying where from.
    pub published_from: Option<String>,
    /// When the page was saved (a crawl's capture date, a file's modification time, or a
    /// date the user gives): relative bylines ("3 hours ago") are counted from it. It is
    /// never taken as the publication date itself.
    pub saved_at: Option<Date>,
    /// The author or byline, when the input gives one.
    pub author: Option<String>,
    /// The publication's name, when the input gives one.
    pub site: Option<String>,
    /// True when `text` is an article's body whose title is not known (a record with a
    /// body and no title): a title is looked for in its first line, but the body keeps
    /// every byte of the text. False for a page as scraped, whose headline and furniture
    /// are not body.
    pub whole_body: bool,
    /// The input file it was read from, when read by [`read_file`](crate::read_file);
    /// [`IndexerOptions::prune`](crate::IndexerOptions::prune) uses it to find articles
    /// whose file or record is gone.
    pub origin: Option<String>,
}

impl Article {
    /// An article with this id and, until the setters say otherwise, no title and an
    /// empty body.
    pub fn new(id: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            source: None,
            title: Some(String::new()),
            text: String::new(),
            published: None,
            published_from: None,
            saved_at: None,
            author: None,
            site: None,
            whole_body: false,
            origin: None,
        }
    }

    /// Sets the article's text to a page's raw text: title, publication date and actors
    /// are found in it, and what comes before the article (menus, the headline) is left
    /// out of the body. (`Article::new("id").with_page_text(text)`: the id and the text
    /// cannot be swapped by mistake.)
    pub fn with_page_text(mut self, text: impl Into<String>) -> Article {
        self.title = None;
        self.text = text.into();
        self.whole_body = false;
        self
    }

    /// Sets the article's text to a body whose title is not known: a title is looked for
    /// in its first line, and every byte of the body stays searchable as body.
    pub fn with_untitled_body(mut self, body: impl Into<String>) -> Article {
        self.title = None;
        self.text = body.into();
        self.whole_body = true;
        self
    }

    /// Sets the headline (an empty one: the article has none).
    pub fn with_title(mut self, title: impl Into<String>) -> Article {
        self.title = Some(title.into());
        self
    }

    /// Sets the body, the text after the headline.
    pub fn with_body(mut self, body: impl Into<String>) -> Article {
        self.text = body.into();
        self
    }

    /// Sets the publication date.
    pub fn with_published(mut self, date: Date) -> Article {
        self.published = Some(date);
        self
    }

    /// Sets when the page was saved (see [`Article::saved_at`]).
    pub fn with_saved_at(mut self, date: Date) -> Article {
        self.saved_at = Some(date);
        self
    }

    /// Sets where the article came from.
    pub fn with_source(mut self, source: impl Into<String>) -> Article {
        self.source = Some(source.into());
        self
    }

    /// Runs extraction: the headline, publication date, dates and actors. A title or
    /// date given with the article wins over one found in the text. Date spans are byte
    /// offsets into the headline and body joined by a blank line (or the raw text).
    pub fn extract(&self) -> Extracted {
        let mut options = ExtractOptions::new();
        options.published = self.published;
        options.saved_at = self.saved_at;
        let mut extracted = extract_with(&self.extraction_text(), &options);
        if let Some(title) = &self.title {
            extracted.title = (!title.is_empty()).then(|| title.clone());
        }
        extracted
    }

    /// Where the text extraction read refers to each of `extracted`'s actors (this
    /// article's [`Article::extract`], resolved or not), as byte spans into the same text
    /// as the date spans; see [`newsdex_extract::locate_mentions`].
    pub fn actor_mentions(&self, extracted: &Extracted) -> Vec<Vec<ActorMention>> {
        newsdex_extract::locate_mentions(&self.extraction_text(), &extracted.actors)
    }

    /// The body as indexed, and where it starts in the text extraction read: a given body
    /// whole (after the headline and a blank line), a record's body whole, a scraped
    /// page from where `extracted` found the article to start (after its furniture and
    /// headline).
    pub fn body_in<'a>(&'a self, extracted: &Extracted) -> (&'a str, usize) {
        match &self.title {
            Some(given) => {
                let at = if given.is_empty() { 0 } else { given.len() + 2 };
                (self.text.as_str(), at)
            }
            None if self.whole_body => (self.text.as_str(), 0),
            None => {
                let text = &self.text;
                let start = extracted.body_start.min(text.len());
                let start = (start..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                (&text[start..], start)
            }
        }
    }

    /// The text extraction reads: the headline (when given) followed by the body, so that
    /// actors named only in the headline are found too.
    pub(crate) fn extraction_text(&self) -> std::borrow::Cow<'_, str> {
        match &self.title {
            Some(title) if !title.is_empty() => format!("{title}\n\n{}", self.text).into(),
            _ => self.text.as_str().into(),
        }
    }

    /// Where the publication date came from, as stored and shown: where a given date was
    /// found, else how extraction found it (`dateline`, `byline`, `relative`, `updated`).
    /// `None` when `extracted` (this article's [`Article::extract`]) has no date.
    pub fn published_source(&self, extracted: &Extracted) -> Option<String> {
        extracted.published?;
        Some(match extracted.published_source? {
            PublishedSource::Given => self
                .published_from
                .clone()
                .unwrap_or_else(|| "given".to_owned()),
            other => other.as_str().to_owned(),
        })
    }

    /// A hash of everything that is indexed, so an unchanged article is not rewritten.
    pub(crate) fn content_hash(&self) -> u64 {
        use xxhash_rust::xxh3::Xxh3;
        let mut h = Xxh3::new();
        // The extractor's version is part of the hash: a better extractor re-extracts.
        for part in [
            crate::EXTRACTION_VERSION,
            &self.id,
            self.source.as_deref().unwrap_or(""),
            self.title.as_deref().unwrap_or("\u{0}"),
            if self.whole_body { "whole" } else { "page" },
            self.published_from.as_deref().unwrap_or(""),
            &self.text,
        ] {
            h.update(part.as_bytes());
            h.update(&[0xff]);
        }
        h.update(
            &self
                .published
                .map(|d| d.to_julian_day())
                .unwrap_or(i32::MIN)
                .to_le_bytes(),
        );
        // A relative byline reads differently against another saved day; with a given
        // publication date the saved day changes nothing.
        h.update(
            &self
                .saved_at
                .filter(|_| self.published.is_none())
                .map(|d| d.to_julian_day())
                .unwrap_or(i32::MIN)
                .to_le_bytes(),
        );
        h.digest()
    }
}

/// Article text made safe to show, on a terminal or a page: control characters, and the
/// invisible ones that reorder or hide text (zero-width, bidirectional overrides and
/// isolates, the byte-order mark), become visible `\u{..}` escapes; line breaks and tabs
/// stay. Articles are hostile input: a scraped page can carry an escape sequence that
/// rewrites a terminal, or a right-to-left override that disguises a name.
///
/// ```
/// assert_eq!(newsdex::safe_to_show("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
/// assert_eq!(newsdex::safe_to_show("line\none"), "line\none");
/// ```
pub fn safe_to_show(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    }
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}
