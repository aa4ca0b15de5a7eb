//! Which field of a JSON object or CSV row is the title, the body, the date...: the names
//! exports commonly use, matched without regard to case, `_` or `-`, and the user's own
//! names (`title=hed`) tried first.

use crate::dates;
use crate::error::{Error, Result};
use crate::record::{DateSource, Record};

/// A record field that can be mapped from an input field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// [`Record::id`].
    Id,
    /// [`Record::title`].
    Title,
    /// [`Record::body`].
    Body,
    /// [`Record::published`].
    Published,
    /// [`Record::url`].
    Url,
    /// [`Record::author`].
    Author,
    /// [`Record::site`].
    Site,
    /// [`Record::language`].
    Language,
}

const ALL: [Field; 8] = [
    Field::Id,
    Field::Title,
    Field::Body,
    Field::Published,
    Field::Url,
    Field::Author,
    Field::Site,
    Field::Language,
];

impl Field {
    /// The field a name such as `title` or `body` stands for.
    pub fn from_name(name: &str) -> Option<Field> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "id" => Field::Id,
            "title" => Field::Title,
            "body" | "text" => Field::Body,
            "published" | "date" => Field::Published,
            "url" => Field::Url,
            "author" => Field::Author,
            "site" => Field::Site,
            "language" | "lang" => Field::Language,
            _ => return None,
        })
    }

    /// The input field names read for this field when the user names none (folded: lower
    /// case, without `_`, `-` or spaces), most likely first.
    pub fn default_names(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id", "guid", "uuid", "articleid", "docid", "documentid"],
            Field::Title => &["title", "headline", "heading", "hed"],
            Field::Body => &[
                "body",
                "text",
                "content",
                "article",
                "story",
                "articlebody",
                "fulltext",
                "maintext",
                "contentencoded",
                "description",
                "summary",
            ],
            Field::Published => &[
                "published",
                "date",
                "pubdate",
                "publishedat",
                "publicationdate",
                "datepublished",
                "publishdate",
                "createdat",
                "created",
                "timestamp",
                "datetime",
                "time",
                "updated",
            ],
            Field::Url => &["url", "link", "href", "permalink", "sourceurl", "uri"],
            Field::Author => &["author", "byline", "authors", "creator", "by"],
            Field::Site => &[
                "site",
                "sitename",
                "source",
                "publisher",
                "outlet",
                "domain",
            ],
            Field::Language => &["language", "lang", "locale"],
        }
    }
}

/// The user's field names, tried before the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    user: Vec<(Field, String)>,
}

impl FieldMap {
    /// Reads `field=name`, as in `title=hed` or `body=story_text`.
    ///
    /// ```
    /// use newsdex_formats::{Field, FieldMap};
    /// let mut map = FieldMap::default();
    /// map.add_spec("title=hed")?;
    /// assert_eq!(map.names(Field::Title)[0], "hed");
    /// assert!(map.add_spec("colour=red").is_err());
    /// # Ok::<(), newsdex_formats::Error>(())
    /// ```
    pub fn add_spec(&mut self, spec: &str) -> Result<&mut Self> {
        let bad = |reason: &str| Error::BadFieldMapping {
            spec: spec.to_owned(),
            reason: reason.to_owned(),
        };
        let (field, name) = spec
            .split_once('=')
            .ok_or_else(|| bad("expected FIELD=NAME, as in title=hed"))?;
        let field = Field::from_name(field).ok_or_else(|| {
            bad("FIELD must be one of id, title, body, published, url, author, site, language")
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(bad("NAME is empty"));
        }
        Ok(self.add(field, name))
    }

    /// Reads `field` from the input field `name`.
    pub fn add(&mut self, field: Field, name: &str) -> &mut Self {
        self.user.push((field, name.to_owned()));
        self
    }

    /// The names tried for `field`: the user's, then the defaults (folded).
    pub fn names(&self, field: Field) -> Vec<String> {
        let mut names: Vec<String> = self
            .user
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, n)| n.clone())
            .collect();
        names.extend(field.default_names().iter().map(|s| (*s).to_owned()));
        names
    }

    /// For each record field, the index of the input key it is read from. A key the
    /// user named matches exactly or folded; defaults match folded. A key serves one field.
    pub(crate) fn resolve(&self, keys: &[&str]) -> Resolved {
        let folded: Vec<String> = keys.iter().map(|k| fold(k)).collect();
        let mut taken = vec![false; keys.len()];
        let mut index = [None; 8];
        // The user's names first, for every field, so a default never takes their key.
        for (field, name) in &self.user {
            let slot = ALL.iter().position(|f| f == field).unwrap_or(0);
            if index[slot].is_some() {
                continue;
            }
            let found = keys
                .iter()
                .position(|k| k == name)
                .or_else(|| folded.iter().position(|k| *k == fold(name)));
            if let Some(i) = found.filter(|&i| !taken[i]) {
                index[slot] = Some(i);
                taken[i] = true;
            }
        }
        for (slot, field) in ALL.iter().enumerate() {
            if index[slot].is_some() {
                continue;
            }
            for name in field.default_names() {
                if let Some(i) = folded.iter().position(|k| k == name).filter(|&i| !taken[i]) {
                    index[slot] = Some(i);
                    taken[i] = true;
                    break;
                }
            }
        }
        Resolved { index }
    }
}

/// Input key indexes per record field, from [`FieldMap::resolve`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    index: [Option<usize>; 8],
}

impl Resolved {
    pub(crate) fn get(&self, field: Field) -> Option<usize> {
        self.index[ALL.iter().position(|f| *f == field)?]
    }

    pub(crate) fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }
}

fn fold(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | ':' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why a record was not made: a message, and whether it is a problem with the input
/// (no field holds text: skipped) or only a record with nothing in it (left out).
pub(crate) type NoRecord = (String, bool);

/// Builds a record from field values found by `value(field)`. Returns the record and
/// warnings, or why the record cannot be read.
pub(crate) fn build_record(
    mut value: impl FnMut(Field) -> Option<String>,
) -> std::result::Result<(Record, Vec<String>), NoRecord> {
    let mut warnings = Vec::new();
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());

    let raw_title = value(Field::Title);
    let raw_body = value(Field::Body);
    let fields_present = raw_title.is_some() || raw_body.is_some();
    let body = raw_body.unwrap_or_default();
    let body = if looks_like_html(&body) {
        crate::html::fragment_text(&body)
    } else {
        body.trim().to_owned()
    };
    let title = nonempty(raw_title).map(|t| crate::html::paragraphs(&t).replace("\n\n", " "));
    if body.is_empty() && title.is_none() {
        if fields_present {
            return Err((
                "its title and body are empty; nothing to index".to_owned(),
                false,
            ));
        }
        return Err(("no body or title field (looked for body, text, content, article, story, title, headline; map others with FIELD=NAME)".to_owned(), true));
    }
    let id = value(Field::Id).map(|s| s.trim().to_owned());
    if id.as_deref() == Some("") {
        warnings.push("`id` is empty; the record is numbered by its place instead".to_owned());
    }
    let mut record = Record {
        id: id.filter(|s| !s.is_empty()),
        title,
        body,
        url: nonempty(value(Field::Url)),
        author: nonempty(value(Field::Author)),
        site: nonempty(value(Field::Site)),
        language: nonempty(value(Field::Language)),
        ..Record::default()
    };
    if let Some(published) = nonempty(value(Field::Published)) {
        match dates::parse_date(&published) {
            Some(d) => {
                record.published = Some(d);
                record.published_source = Some(DateSource::Field);
            }
            None => warnings.push(format!(
                "date {published:?} is not one newsdex reads; read without a date"
            )),
        }
    }
    Ok((record, warnings))
}

/// Text with tags in it, as exports of feeds and CMSs often hold: one pass over the first
/// 4 KB, looking at each `<` and `&` (most plain text has none; `memchr` finds them
/// several bytes at a time, where a loop over the bytes took a tenth of reading a
/// JSON Lines record).
pub(crate) fn looks_like_html(s: &str) -> bool {
    const MARKS: [&str; 8] = [
        "<p>", "<p ", "<br", "</p>", "</div>", "<div", "&nbsp;", "</a>",
    ];
    let bytes = &s.as_bytes()[..s.len().min(4096)];
    memchr::memchr2_iter(b'<', b'&', bytes).any(|i| {
        let rest = &bytes[i..];
        MARKS.iter().any(|m| rest.starts_with(m.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_from_text_in_its_first_4_kb() {
        assert!(!looks_like_html("Prices rose 5% & more, a < b."));
        assert!(looks_like_html("Intro<p>Body</p>"));
        assert!(looks_like_html("Tom&nbsp;Smith"));
        assert!(looks_like_html("a<br/>b"));
        // A tag past the first 4 KB is not looked for.
        assert!(!looks_like_html(&format!("{}<p>x", "a".repeat(4096))));
        // The 4 KB end inside a character is no panic.
        assert!(!looks_like_html(&format!("a{}", "é".repeat(3000))));
    }

    #[test]
    fn defaults_and_user_names() {
        let keys = ["Headline", "story_text", "publishedAt", "link", "body"];
        let mut map = FieldMap::default();
        let r = map.resolve(&keys);
        assert_eq!(r.get(Field::Title), Some(0));
        assert_eq!(r.get(Field::Body), Some(4));
        assert_eq!(r.get(Field::Published), Some(2));
        assert_eq!(r.get(Field::Url), Some(3));
        map.add_spec("body=story_text").ok();
        assert_eq!(map.resolve(&keys).get(Field::Body), Some(1));
    }

    #[test]
    fn bad_specs_say_why() {
        let mut map = FieldMap::default();
        let e = map.add_spec("title").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("field mapping \"title\": expected FIELD=NAME, as in title=hed")
        );
        assert!(map.add_spec("title=").is_err());
    }
}
