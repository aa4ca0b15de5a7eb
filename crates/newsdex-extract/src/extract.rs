//! The extraction pipeline: page layout first (what is furniture, what is the headline,
//! where the article starts), then the publication date, then dates and actors over the
//! article's own text.

use std::ops::Range;

use time::Date;

use crate::types::{Actor, DateMention, Extracted, PublishedSource};
use crate::{actors, dates, layout, Resolver};

/// Text longer than this is read in parts of about this size, cut between lines: the
/// passes hold a few dozen bytes per byte of the text they read at once, so a 64 MB
/// article read whole took over a gigabyte. An actor named in full in one part and by
/// surname in another is still one (the parts' actors are resolved as an archive's).
const CHUNK_BYTES: usize = 2 << 20;

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
    /// When the page was saved (a date the user gave, the file's modification time, a
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
    let (dates, actors) = if layout.content.iter().map(|r| r.len()).sum::<usize>() <= CHUNK_BYTES {
        (
            dates::find(text, &layout.content, published),
            actors::find(text, &layout.content),
        )
    } else {
        in_chunks(text, &layout.content, published)
    };
    Extracted {
        title: layout.title,
        published,
        published_source,
        body_start: layout.body_start,
        actors,
        dates,
    }
}

/// Dates and actors of content too long to read at once, part by part (see
/// [`CHUNK_BYTES`]).
fn in_chunks(
    text: &str,
    content: &[Range<usize>],
    published: Option<Date>,
) -> (Vec<DateMention>, Vec<Actor>) {
    let mut dates = Vec::new();
    let mut parts: Vec<Vec<Actor>> = Vec::new();
    for chunk in chunks(text, content, CHUNK_BYTES) {
        dates.extend(dates::find(text, &chunk, published));
        parts.push(actors::find(text, &chunk));
    }
    let mut resolver = Resolver::for_parts();
    for part in &parts {
        resolver.add(part);
    }
    // One actor per name, of the kind most of its mentions have, as one article's are.
    let mut actors: Vec<Actor> = Vec::new();
    let mut by_kind: Vec<[u32; 3]> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for mut part in parts {
        resolver.resolve(&mut part);
        for a in part {
            let slot = crate::ActorKind::ALL
                .iter()
                .position(|&k| k == a.kind)
                .unwrap_or(0);
            match at.get(&a.name) {
                Some(&i) => {
                    by_kind[i][slot] += a.mentions;
                    let same = &mut actors[i];
                    same.mentions += a.mentions;
                    for f in a.forms {
                        if !same.forms.contains(&f) {
                            same.forms.push(f);
                        }
                    }
                }
                None => {
                    at.insert(a.name.clone(), actors.len());
                    let mut counts = [0; 3];
                    counts[slot] = a.mentions;
                    by_kind.push(counts);
                    actors.push(a);
                }
            }
        }
    }
    for (a, counts) in actors.iter_mut().zip(&by_kind) {
        let most = (0..3).max_by_key(|&k| (counts[k], std::cmp::Reverse(k)));
        if let Some(kind) = most.and_then(|k| crate::ActorKind::ALL.get(k)) {
            a.kind = *kind;
        }
    }
    actors.sort_by_key(|a| std::cmp::Reverse(a.mentions));
    (dates, actors)
}

/// The content ranges in groups of at most about `max` bytes, a range longer than that
/// cut after a line break (or, in a text without one, a space) near each limit.
fn chunks(text: &str, content: &[Range<usize>], max: usize) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = Vec::new();
    let mut current: Vec<Range<usize>> = Vec::new();
    let mut size = 0;
    for r in content {
        let mut start = r.start;
        while start < r.end {
            let mut end = r.end;
            if end - start > max {
                end = cut_near(text, start, start + max).unwrap_or(r.end);
            }
            if size > 0 && size + (end - start) > max {
                out.push(std::mem::take(&mut current));
                size = 0;
            }
            current.push(start..end);
            size += end - start;
            start = end;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Where to cut `text` at or before `limit` (and after `start`): after the last line
/// break, else after the last space, else at a char boundary.
fn cut_near(text: &str, start: usize, limit: usize) -> Option<usize> {
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = text.get(start..limit)?;
    let cut = window
        .rfind('\n')
        .or_else(|| window.rfind(' '))
        .map_or(limit, |i| start + i + 1);
    (cut > start).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_content_once_and_cut_between_lines() {
        let text = "alpha beta\ngamma delta\nepsilon\n\nzeta eta theta";
        let content = vec![0..31, 33..text.len()];
        for max in [1, 5, 12, 20, 1000] {
            let parts = chunks(text, &content, max);
            let flat: Vec<Range<usize>> = parts.iter().flatten().cloned().collect();
            // Contiguous within each range, and nothing lost.
            let covered: usize = flat.iter().map(|r| r.len()).sum();
            assert_eq!(
                covered,
                content.iter().map(|r| r.len()).sum::<usize>(),
                "{max}"
            );
            for w in flat.windows(2) {
                assert!(w[0].end <= w[1].start, "{max}: {flat:?}");
            }
            for part in &parts {
                let size: usize = part.iter().map(|r| r.len()).sum();
                assert!(size <= max.max(12), "{max}: {part:?}");
            }
            if max == 12 {
                // Cut after the line break, not inside "gamma".
                assert!(
                    flat.iter().any(|r| &text[r.clone()] == "alpha beta\n"),
                    "{flat:?}"
                );
            }
        }
    }

    /// A long text read in parts finds what it finds read whole: the same people, one
    /// each, a surname in a later part joined to the full name of an earlier one.
    #[test]
    fn a_long_text_read_in_parts_keeps_its_actors_whole() {
        let para = "Foreign Minister Karl Ostby met Anna Lindqvist in Valletta on Monday. \
                    Talks on the harbour went on.\n";
        let later = "Ostby said on March 3, 2031 that the harbour would reopen.\n";
        let mut text = String::from("Harbour talks\n\n");
        while text.len() < CHUNK_BYTES + 1000 {
            text.push_str(para);
        }
        text.push_str(later);
        let found = extract(&text, None);
        let people: Vec<(&str, u32)> = found
            .actors
            .iter()
            .filter(|a| a.kind == crate::ActorKind::Person)
            .map(|a| (a.name.as_str(), a.mentions))
            .collect();
        assert_eq!(people.len(), 2, "{people:?}");
        let ostby = found
            .actors
            .iter()
            .find(|a| a.name == "Karl Ostby")
            .unwrap();
        assert!(
            ostby.forms.contains(&"Ostby".to_owned()),
            "{:?}",
            ostby.forms
        );
        assert!(found
            .dates
            .iter()
            .any(|d| d.value.to_string() == "2031-03-03" && text[d.start..d.end] == d.text));
    }
}
