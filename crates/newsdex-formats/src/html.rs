//! One saved web page to one record: the article's main text (Readability's algorithm,
//! by dom_smoothie, over one html5ever parse), and the metadata a page carries about
//! itself: headline, publication day, author, canonical URL, site name and language.
//!
//! Dates come from the page's metadata first (JSON-LD, OpenGraph, the `<meta>` names news
//! sites use, `<time>`), then its URL, then dates written near the article. Every rule
//! here is about a kind of markup, never about a particular site.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};
use time::Date;

use crate::dates::{self, Stamp};
use crate::decode;
use crate::record::{DateSource, Record};

/// What the caller knows about a page besides its bytes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PageContext<'a> {
    /// The charset of the HTTP `Content-Type` header, for a page from a crawl.
    pub charset: Option<&'a str>,
    /// The address it was fetched from.
    pub url: Option<&'a str>,
}

/// A page read: the record, and warnings about it.
pub(crate) struct Page {
    pub record: Record,
    pub warnings: Vec<String>,
}

/// Reads one page. Never fails: a page without text gives a record with an empty body,
/// and the caller decides what to do with it.
pub(crate) fn read_page(bytes: &[u8], cx: PageContext<'_>) -> Page {
    let mut warnings = Vec::new();
    let decoded = decode::decode_html(bytes, cx.charset);
    if decoded.had_errors {
        warnings.push(format!(
            "bytes not valid as {}; replaced with U+FFFD",
            decoded.encoding.name()
        ));
    }
    let doc = Document::from(decoded.text.as_ref());
    let meta = Meta::read(&doc);
    let day_first = dates::day_first(meta.language.as_deref());

    let url = meta
        .og_url
        .clone()
        .or_else(|| cx.url.map(str::to_owned))
        .or_else(|| meta.canonical.clone());
    let title = meta.title();
    let (mut published, mut published_source) = match meta.published() {
        Some((d, s)) => (Some(d), Some(s)),
        None => (None, None),
    };
    // A full date in the article's own address is set when it is first published and
    // never changes; metadata dates are often the last update, or UTC shifted a day.
    let by_url = [meta.canonical.as_deref(), meta.og_url.as_deref(), cx.url]
        .into_iter()
        .flatten()
        .find_map(date_in_url);
    if let Some(d) = by_url {
        published = Some(d);
        published_source = Some(DateSource::Url);
    }
    if published.is_none() {
        if let Some(d) = date_in_page_text(&doc, day_first) {
            published = Some(d);
            published_source = Some(DateSource::Text);
        }
    }
    strip_furniture(&doc);
    let mut body = main_text(doc);
    // Stripping can tip Readability onto a page's footer: when what it found is not
    // prose, the page is read again as it is and the more prose-like text kept.
    if prose_words(&body) < MIN_PROSE_WORDS {
        let again = main_text(Document::from(decoded.text.as_ref()));
        if prose_words(&again) > prose_words(&body) * 2 {
            body = again;
        }
    }
    // Pages that mark no date element: a date near the top of the article text, else
    // a dated address anywhere in the page (a script, a share link).
    if published.is_none() {
        let head: String = body.chars().take(1500).collect();
        let found = dates::dates_in(&head, day_first)
            .map(|(_, d)| d)
            .find(|d| (1995..=2035).contains(&d.year()));
        if let Some(d) = found {
            published = Some(d);
            published_source = Some(DateSource::Text);
        }
    }
    if published.is_none() {
        if let Some(d) = date_in_url(&decoded.text) {
            published = Some(d);
            published_source = Some(DateSource::Url);
        }
    }
    // Last: any date in the page's source (a script's JSON, an attribute), as a
    // publication day is more often right than none at all.
    if published.is_none() {
        let found = dates::dates_in(&decoded.text, day_first)
            .map(|(_, d)| d)
            .find(|d| (1995..=2035).contains(&d.year()));
        if let Some(d) = found {
            published = Some(d);
            published_source = Some(DateSource::Text);
        }
    }
    // The headline is the record's title; repeated as the text's first line it is not
    // article text.
    if let Some(t) = &title {
        let first = body.split("\n\n").next().unwrap_or("");
        if !first.is_empty() && fold(first) == fold(t) {
            body = body[first.len()..].trim_start().to_owned();
        }
    }
    body = drop_boilerplate(&body);
    let record = Record {
        id: None,
        title,
        body,
        published,
        published_source,
        saved_at: None,
        url,
        canonical_url: meta.canonical.clone(),
        site: meta.site.clone(),
        author: meta.author.clone(),
        language: meta.language.clone(),
        raw_text: false,
        position: Default::default(),
    };
    Page { record, warnings }
}

/// The main text: dom_smoothie's Readability with a line per block, regrouped into
/// paragraphs separated by blank lines.
fn main_text(doc: Document) -> String {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let text = match Readability::with_document(doc, None, Some(config)).and_then(|mut r| r.parse())
    {
        Ok(article) => article.text_content.to_string(),
        Err(_) => return String::new(),
    };
    paragraphs(&text)
}

/// Below this many prose words, a stripped page's text is checked against the page as is.
const MIN_PROSE_WORDS: usize = 60;

/// Words in paragraphs of at least eight words: prose, not menus and link lists.
fn prose_words(text: &str) -> usize {
    text.split("\n\n")
        .map(|p| p.split_whitespace().count())
        .filter(|&n| n >= 8)
        .sum()
}

/// Class and id words that mark page furniture: comment threads, share bars, related,
/// recommended and "more stories" lists, newsletters, ads, author bios, and blocks that
/// style sheets hide (the reader of a page never sees them), embedded posts and share
/// buttons of social networks, photo galleries. Readability keeps such a block when its class
/// also says "article" or "content" (`article-comments`), so they go first.
const FURNITURE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "respond",
    "replies",
    "share",
    "sharing",
    "sharebar",
    "sharetools",
    "social",
    "socialbar",
    "related",
    "relatedposts",
    "recommended",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "sponsored",
    "outbrain",
    "taboola",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "sidebar",
    "footer",
    "navbar",
    "menu",
    "cookie",
    "popup",
    "modal",
    "toolbar",
    "stories",
    "popular",
    "widget",
    "tags",
    "bio",
    "author-bio",
    "hidden",
    "hide",
    "invisible",
    "gallery",
    "slideshow",
    "twitter",
    "tweet",
    "facebook",
    "linkedin",
    "pinterest",
    "whatsapp",
    "offscreen",
    "off-screen",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
];

/// Removes furniture the extractor would otherwise keep: elements a browser does not
/// show, and blocks whose class or id is one of [`FURNITURE_WORDS`], unless they hold
/// the headline or the article body.
fn strip_furniture(doc: &Document) {
    doc.select("[hidden], [style*='display:none'], [style*='display: none'], [aria-hidden='true']")
        .remove();
    for node in doc.select("[class], [id]").nodes() {
        let name = node.node_name().unwrap_or_default();
        if matches!(name.as_ref(), "html" | "body" | "main" | "article" | "h1") {
            continue;
        }
        let marked = |attr: &str| node.attr(attr).is_some_and(|v| furniture_marks(&v));
        if !marked("class") && !marked("id") {
            continue;
        }
        if node
            .attr("itemprop")
            .is_some_and(|v| v.as_ref() == "articleBody")
            || !node.find(&["h1"]).is_empty()
            || contains_article(node)
        {
            continue;
        }
        node.remove_from_parent();
    }
}

/// A class or id value with a furniture word, whole (`sr-only`) or as a part of a
/// compound (`article-comments`, `share_bar`).
fn furniture_marks(value: &str) -> bool {
    let is = |w: &str| FURNITURE_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w));
    value
        .split_ascii_whitespace()
        .any(|token| is(token) || token.split(['-', '_']).any(is))
}

/// Lines of text to paragraphs: whitespace runs collapsed, empty lines dropped, one
/// blank line between paragraphs.
pub(crate) fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

fn contains_article(node: &NodeRef) -> bool {
    node.descendants_it().any(|d| {
        d.is_element()
            && (d.node_name().is_some_and(|n| n.as_ref() == "article")
                || d.attr("itemprop")
                    .is_some_and(|v| v.as_ref() == "articleBody"))
    })
}

/// The text of an HTML fragment (a feed item's content), paragraphs kept.
pub(crate) fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return paragraphs(html);
    }
    let doc = Document::fragment(html);
    doc.select("script, style, noscript").remove();
    paragraphs(&doc.root().formatted_text())
}

/// What a page says about itself, read before the extractor rearranges the DOM.
#[derive(Debug, Default)]
struct Meta {
    og_title: Option<String>,
    ld_headline: Option<String>,
    html_title: Option<String>,
    h1s: Vec<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site: Option<String>,
    author: Option<String>,
    language: Option<String>,
    /// Date candidates, by source, in the order of trust, each with its time of day
    /// when the page gives one.
    ld_date: Option<Date>,
    ld_stamp: Option<Stamp>,
    og_date: Option<Date>,
    og_stamp: Option<Stamp>,
    meta_date: Option<Date>,
    meta_stamp: Option<Stamp>,
    /// Whether the `<meta>` date has a name that does not say which date it is
    /// (`date`, `dc.date`): content systems fill those with the last change.
    meta_generic: bool,
    time_date: Option<Date>,
    time_stamp: Option<Stamp>,
    /// The offset from UTC, in minutes, that the page's own timestamps are written in
    /// most often, when it is not UTC: the publisher's local time.
    zone: Option<i32>,
}

static LD_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#""datePublished"\s*:\s*"([^"]{8,40})""#)
        .expect("the JSON-LD date pattern is valid")
});

/// `<meta>` names (lower-cased) that carry the publication date on news sites, most
/// specific first.
const DATE_META_NAMES: &[&str] = &[
    "datepublished",
    "date_published",
    "article.published",
    "article:published",
    "article_date_original",
    "original-publish-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "published_time",
    "published-date",
    "publication_date",
    "pubdate",
    "pub_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "date",
    "created",
];

/// The names of [`DATE_META_NAMES`] that say a page has a date, not which one.
const GENERIC_DATE_META_NAMES: &[&str] = &["dc.date", "dcterms.date", "date", "created"];

const OG_DATE_PROPERTIES: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "bt:pubdate",
    "rnews:datepublished",
];

impl Meta {
    /// What a page says of itself, in its `<meta>` tags, JSON-LD, title, headings, links
    /// and time tags.
    fn read(doc: &Document) -> Meta {
        let mut m = Meta::default();
        // The UTC offsets of the stamps the page has, for its local zone.
        let mut offsets: Vec<i32> = Vec::new();
        let authors = m.read_meta_tags(doc, &mut offsets);
        m.read_json_ld_scripts(doc, &mut offsets);
        m.read_titles_and_links(doc);
        if let Some((d, stamp)) = time_tag_date(doc) {
            m.time_date = Some(d);
            m.time_stamp = stamp;
        }
        offsets.extend(
            doc.select("time[datetime]")
                .nodes()
                .iter()
                .filter_map(|n| dates::parse_stamp(&n.attr("datetime")?)?.offset),
        );
        m.zone = local_zone(&offsets);
        if m.author.is_none() {
            m.author = authors
                .into_iter()
                .find(|a| !a.is_empty() && !a.contains("://"));
        }
        if m.author.is_none() {
            m.author = byline(doc);
        }
        m
    }

    /// The `<meta>` tags: titles, site, language, dates by rank; returns the authors named.
    fn read_meta_tags(&mut self, doc: &Document, offsets: &mut Vec<i32>) -> Vec<String> {
        let m = self;
        let mut meta_dates: Vec<(usize, Date, Option<Stamp>)> = Vec::new();
        let mut authors = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            offsets.extend(dates::parse_stamp(content).and_then(|s| s.offset));
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"))
                .or_else(|| node.attr("http-equiv"))
                .map(|k| k.trim().to_ascii_lowercase())
                .unwrap_or_default();
            match key.as_str() {
                "og:title" | "twitter:title" if m.og_title.is_none() => {
                    m.og_title = Some(clean(content))
                }
                "og:url" if m.og_url.is_none() && content.contains("://") => {
                    m.og_url = Some(content.to_owned())
                }
                "og:site_name" | "application-name" if m.site.is_none() => {
                    m.site = Some(clean(content))
                }
                "author" | "article:author" | "dc.creator" | "byl" | "sailthru.author"
                | "parsely-author" => authors.push(clean(content)),
                "content-language" | "og:locale" | "dc.language" if m.language.is_none() => {
                    m.language = Some(content.to_owned())
                }
                "parsely-page" => {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(content) {
                        if let Some(d) = v.get("pub_date").and_then(|d| d.as_str()) {
                            if let Some(day) = dates::parse_date(d) {
                                meta_dates.push((0, day, dates::parse_stamp(d)));
                            }
                        }
                    }
                }
                _ => {
                    if OG_DATE_PROPERTIES.contains(&key.as_str()) {
                        if m.og_date.is_none() {
                            m.og_date = dates::parse_date(content);
                            m.og_stamp = dates::parse_stamp(content);
                        }
                    } else if let Some(rank) = DATE_META_NAMES.iter().position(|n| *n == key) {
                        if let Some(d) = dates::parse_date(content) {
                            meta_dates.push((rank, d, dates::parse_stamp(content)));
                        }
                    }
                }
            }
        }
        meta_dates.sort_by_key(|&(rank, _, _)| rank);
        m.meta_date = meta_dates.first().map(|&(_, d, _)| d);
        m.meta_stamp = meta_dates.first().and_then(|&(_, _, s)| s);
        m.meta_generic = meta_dates
            .first()
            .is_some_and(|&(rank, _, _)| GENERIC_DATE_META_NAMES.contains(&DATE_META_NAMES[rank]));

        authors
    }

    /// The JSON-LD scripts: their dates, and the stamps' offsets.
    fn read_json_ld_scripts(&mut self, doc: &Document, offsets: &mut Vec<i32>) {
        let m = self;
        for node in doc.select("script[type='application/ld+json']").nodes() {
            let text = node.text();
            offsets.extend(
                STAMP_IN_TEXT
                    .find_iter(&text)
                    .filter_map(|t| dates::parse_stamp(t.as_str())?.offset),
            );
            match serde_json::from_str::<serde_json::Value>(text.trim()) {
                Ok(value) => m.read_json_ld(&value, 0),
                // Hand-written JSON-LD is often invalid JSON (trailing commas, raw
                // newlines in strings); its datePublished is still plain to see.
                Err(_) if m.ld_date.is_none() => {
                    let found = LD_DATE.captures(&text).and_then(|c| c.get(1));
                    m.ld_date = found.and_then(|v| dates::parse_date(v.as_str()));
                    m.ld_stamp = found.and_then(|v| dates::parse_stamp(v.as_str()));
                }
                Err(_) => {}
            }
        }
    }

    /// The `<title>`, the first headings, the canonical link and the page's language.
    fn read_titles_and_links(&mut self, doc: &Document) {
        let m = self;
        if let Some(node) = doc.select("title").nodes().first() {
            m.html_title = Some(clean(&node.text())).filter(|t| !t.is_empty());
        }
        for node in doc.select("h1").nodes().iter().take(8) {
            let t = clean(&node.text());
            if !t.is_empty() {
                m.h1s.push(t);
            }
        }
        for node in doc.select("link[rel]").nodes() {
            let rel = node.attr("rel").unwrap_or_default().to_ascii_lowercase();
            if rel.split_whitespace().any(|r| r == "canonical") && m.canonical.is_none() {
                m.canonical = node
                    .attr("href")
                    .map(|h| h.trim().to_owned())
                    .filter(|h| h.contains("://"));
            }
        }
        if m.language.is_none() {
            m.language = doc
                .select("html")
                .attr("lang")
                .or_else(|| doc.select("html").attr("xml:lang"))
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty());
        }
    }

    fn read_json_ld(&mut self, value: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 6 {
            return;
        }
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.read_json_ld(v, depth + 1)),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    self.read_json_ld(graph, depth + 1);
                }
                let types: Vec<&str> = match map.get("@type") {
                    Some(Value::String(t)) => vec![t.as_str()],
                    Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                let article = types.iter().any(|t| {
                    t.ends_with("Article")
                        || matches!(*t, "BlogPosting" | "Report" | "LiveBlogPosting" | "WebPage")
                });
                if !article {
                    return;
                }
                if self.ld_date.is_none() {
                    let found = ["datePublished", "dateCreated"]
                        .iter()
                        .filter_map(|k| map.get(*k)?.as_str())
                        .find_map(|v| Some((dates::parse_date(v)?, dates::parse_stamp(v))));
                    if let Some((d, stamp)) = found {
                        self.ld_date = Some(d);
                        self.ld_stamp = stamp;
                    }
                }
                if self.ld_headline.is_none() {
                    self.ld_headline = map
                        .get("headline")
                        .and_then(Value::as_str)
                        .map(clean)
                        .filter(|h| !h.is_empty());
                }
                if self.author.is_none() {
                    self.author = map.get("author").and_then(person_name);
                }
                if self.site.is_none() {
                    self.site = map
                        .get("publisher")
                        .and_then(person_name)
                        .filter(|s| !s.is_empty());
                }
                if let Some(main) = map.get("mainEntity") {
                    self.read_json_ld(main, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The headline: an `<h1>` the page's own metadata agrees with, else the metadata
    /// title without the site's name, else the first `<h1>`.
    fn title(&self) -> Option<String> {
        let claims: Vec<&str> = [
            self.og_title.as_deref(),
            self.ld_headline.as_deref(),
            self.html_title.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        for h1 in &self.h1s {
            let h = fold(h1);
            if h.len() >= 8 && claims.iter().any(|c| fold(c).contains(&h)) {
                return Some(h1.clone());
            }
        }
        if let Some(t) = self.ld_headline.as_ref().or(self.og_title.as_ref()) {
            return Some(strip_site_name(t, self.site.as_deref()));
        }
        if let Some(h1) = self.h1s.first() {
            return Some(h1.clone());
        }
        self.html_title
            .as_deref()
            .map(|t| strip_site_name(t, self.site.as_deref()))
    }

    /// The first date the metadata gives, by order of trust. OpenGraph and JSON-LD are
    /// equally meant as the publication time; OpenGraph first measured 2 pages better
    /// on 391 (within noise).
    ///
    /// A timestamp written in UTC is read in the publisher's time zone when the page
    /// writes its other timestamps in one: `23:59:50+00:00` beside `01:59:50+02:00` is the
    /// next day where the article was published.
    fn published(&self) -> Option<(Date, DateSource)> {
        let all = [
            (self.og_date, self.og_stamp, DateSource::OpenGraph),
            (self.ld_date, self.ld_stamp, DateSource::JsonLd),
            (self.meta_date, self.meta_stamp, DateSource::Meta),
            (self.time_date, self.time_stamp, DateSource::TimeTag),
        ];
        let (date, stamp, source) = all
            .into_iter()
            .find_map(|(d, stamp, s)| Some((d?, stamp, s)))?;
        // A generic `<meta name=date>` later than the article's own `<time>` is the
        // page's last change.
        let (date, stamp, source) = match self.time_date {
            Some(t) if source == DateSource::Meta && self.meta_generic && t < date => {
                (t, self.time_stamp, DateSource::TimeTag)
            }
            _ => (date, stamp, source),
        };
        let zone = |stamp: &Stamp| {
            self.zone
                .or_else(|| central_european_zone(self.language.as_deref()?, stamp.date))
        };
        let date = match stamp {
            Some(stamp) if stamp.is_utc() && stamp.date == date => {
                zone(&stamp).map_or(date, |z| stamp.day_at(z))
            }
            _ => date,
        };
        Some((date, source))
    }
}

/// The offset from UTC, in minutes, of a page in a language written almost only in
/// Central European Time (German, Italian, Dutch, Polish, French of France, ...), with
/// summer time from the last Sunday of March to the last Sunday of October; `None` for
/// a language spoken across zones (English, Spanish and French outside Europe,
/// Portuguese).
fn central_european_zone(language: &str, day: Date) -> Option<i32> {
    let lang = language.trim().to_ascii_lowercase().replace('_', "-");
    let (primary, region) = lang.split_once('-').unwrap_or((&lang, ""));
    let central = match primary {
        "de" | "it" | "nl" | "pl" | "cs" | "sk" | "hu" | "da" | "sv" | "nb" | "nn" | "no"
        | "hr" | "sl" | "sr" | "bs" => true,
        "fr" => matches!(region, "" | "fr" | "be" | "ch" | "lu"),
        "es" | "ca" => matches!(region, "es" | "ad"),
        _ => false,
    };
    if !central {
        return None;
    }
    let last_sunday = |month: time::Month| {
        let last = Date::from_calendar_date(day.year(), month, month.length(day.year())).ok()?;
        Some(last - time::Duration::days(last.weekday().number_days_from_sunday().into()))
    };
    let summer =
        (last_sunday(time::Month::March)?..last_sunday(time::Month::October)?).contains(&day);
    Some(if summer { 120 } else { 60 })
}

/// A JSON-LD author or publisher: a string, a `{name}` object, or a list of either.
fn person_name(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty() && !s.contains("://")),
        Value::Object(map) => map.get("name").and_then(person_name),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(person_name).collect();
            Some(names.join(", ")).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// `<time itemprop=datePublished>`, `<time pubdate>`, microdata `datePublished` on any
/// element, else the first `<time datetime>` on the page.
fn time_tag_date(doc: &Document) -> Option<(Date, Option<Stamp>)> {
    let from_node = |n: &NodeRef| {
        n.attr("datetime")
            .or_else(|| n.attr("content"))
            .and_then(|v| Some((dates::parse_date(&v)?, dates::parse_stamp(&v))))
            .or_else(|| Some((dates::parse_date(&n.text())?, None)))
    };
    for node in doc
        .select("[itemprop='datePublished'], time[pubdate]")
        .nodes()
    {
        if let Some(d) = from_node(node) {
            return Some(d);
        }
    }
    let dated = doc.select("time[datetime]").nodes().iter().find_map(|n| {
        let v = n.attr("datetime")?;
        Some((dates::parse_date(&v)?, dates::parse_stamp(&v)))
    });
    // A `<time>` with only its text: the first one whose text is a full date.
    dated.or_else(|| {
        doc.select("time").nodes().iter().find_map(|n| {
            let text = n.text();
            (text.len() <= 60)
                .then(|| dates::parse_date(&text))?
                .map(|d| (d, None))
        })
    })
}

/// Timestamps with an offset inside a script's JSON.
static STAMP_IN_TEXT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")
        .expect("the timestamp pattern is valid")
});

/// The publisher's offset from UTC: the one its timestamps are most often written in,
/// UTC aside (UTC says nothing about where the page was written).
fn local_zone(offsets: &[i32]) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for &o in offsets.iter().filter(|&&o| o != 0) {
        match counts.iter_mut().find(|(z, _)| *z == o) {
            Some((_, n)) => *n += 1,
            None => counts.push((o, 1)),
        }
    }
    // Ties go to the offset seen first, as the page's own metadata comes first.
    counts
        .iter()
        .rev()
        .max_by_key(|&&(_, n)| n)
        .map(|&(z, _)| z)
}

/// A byline in the page: `rel=author`, `itemprop=author`, or a `byline` class.
fn byline(doc: &Document) -> Option<String> {
    let sel = doc.select("[itemprop='author'], [rel='author'], .byline, .author");
    sel.nodes().iter().find_map(|n| {
        let t = clean(&n.text());
        let t = t
            .strip_prefix("By ")
            .or_else(|| t.strip_prefix("by "))
            .unwrap_or(&t)
            .trim()
            .to_owned();
        (!t.is_empty() && t.len() < 100).then_some(t)
    })
}

/// A date in the URL's path: `/2019/10/16/`, `/2019-10-16/`, `/20191016/`.
pub(crate) fn date_in_url(url: &str) -> Option<Date> {
    use std::sync::LazyLock;
    static URL_DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
        )
        .expect("the URL date pattern is valid")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let c = URL_DATE.captures(path)?;
    let n = |i| c.get(i)?.as_str().parse::<i32>().ok();
    dates::ymd(n(1)?, n(2)? as u8, n(3)? as u8)
}

/// A date by the headline (a byline or dateline); else one written in an element whose
/// class or id says it holds one, outside comments,
/// footers and sidebars; else the first date in the page's text. Years outside the web's
/// era are placeholders ("1970-01-01", "2099-12-31"), not publication days.
fn date_in_page_text(doc: &Document, day_first: bool) -> Option<Date> {
    let plausible = |d: &Date| (1995..=2035).contains(&d.year());
    if let Some(d) = date_near_headline(doc, BYLINE_WINDOW, day_first) {
        return Some(d);
    }
    let body = doc
        .select("body")
        .nodes()
        .first()
        .map(spaced_text)
        .unwrap_or_default();
    if let Some(d) = cued_date(&body, day_first) {
        return Some(d);
    }
    if let Some(d) = update_cued_date(&body, day_first) {
        return Some(d);
    }
    let marked = doc.select(
        "[class*='date'], [class*='Date'], [class*='time'], [class*='publish'], [class*='posted'], [class*='byline'], [id*='date'], [class*='meta'], [itemprop*='date'], [class*='datum']",
    );
    for node in marked.nodes().iter().take(80) {
        if in_furniture(node) {
            continue;
        }
        let text = spaced_text(node);
        if text.len() > 400 {
            continue;
        }
        let first = dates::dates_in(&text, day_first)
            .map(|(_, d)| d)
            .find(plausible);
        if first.is_some() {
            return first;
        }
    }
    let first = dates::dates_in(&body, day_first)
        .map(|(_, d)| d)
        .find(plausible);
    first
}

/// A date right after a word that says it is the publication's: "Published",
/// "Posted", "Veröffentlicht", "Publié", "Publicado", "Erschienen", "Stand".
fn cued_date(text: &str, day_first: bool) -> Option<Date> {
    static CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:published|posted|publication date|veröffentlicht|erschienen|erstellt|publié|publicado|pubblicato|gepubliceerd|stand|datum)[^\p{L}\p{N}]{0,12}(?:on|am|le|el|il|op|:)?\s*")
            .expect("the cue pattern is valid")
    });
    date_after_cue(&CUE, text, day_first)
}

/// A date right after a word that says the page was last changed then: "Last
/// updated", "Aktualisiert", "Letzte Änderung", "zuletzt am", "Mis à jour". A page
/// that gives no publication day is dated by its last change.
fn update_cued_date(text: &str, day_first: bool) -> Option<Date> {
    static CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:last updated|last modified|updated|aktualisiert|letzte änderung|zuletzt geändert|zuletzt|mis à jour|actualizado|aggiornato|bijgewerkt)[^\p{L}\p{N}]{0,12}(?:on|am|le|el|il|op|:)?\s*")
            .expect("the cue pattern is valid")
    });
    date_after_cue(&CUE, text, day_first)
}

fn date_after_cue(cue: &regex::Regex, text: &str, day_first: bool) -> Option<Date> {
    for m in cue.find_iter(text) {
        let rest = &text[m.end()..];
        let mut end = rest.len().min(60);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        if let Some((0..=25, d)) = dates::dates_in(&rest[..end], day_first).next() {
            if (1995..=2035).contains(&d.year()) {
                return Some(d);
            }
        }
    }
    None
}

/// How far from the headline a byline's date is looked for, in bytes of text.
const BYLINE_WINDOW: usize = 1200;

/// A date written just after (or just before) the first headline, as bylines and
/// datelines are: the nearest ancestor of the `<h1>` with some text around it is read.
fn date_near_headline(doc: &Document, window: usize, day_first: bool) -> Option<Date> {
    let h1 = *doc.select("h1").nodes().first()?;
    let title = spaced_text(&h1);
    let title = title.trim();
    if title.is_empty() {
        return None;
    }
    let mut scope = h1.parent()?;
    for _ in 0..4 {
        let text = spaced_text(&scope);
        if text.len() > title.len() + window {
            break;
        }
        scope = match scope.parent() {
            Some(p) => p,
            None => break,
        };
    }
    let text = spaced_text(&scope);
    let at = text.find(title)?;
    let mut start = at.saturating_sub(window / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + title.len() + window).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let near = &text[start..end];
    let found = dates::dates_in(near, day_first)
        .map(|(_, d)| d)
        .find(|d| (1995..=2035).contains(&d.year()));
    found
}

/// The text of a node as a reader sees it: scripts and styles left out, and a space
/// at each element, so that `Ana Ruiz</span><span>3.11.2023` does not read as one word.
fn spaced_text(node: &NodeRef) -> String {
    let mut out = String::new();
    // A stack, not recursion: html5ever builds trees as deep as the markup nests.
    let mut stack = vec![*node];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            out.push_str(&n.text());
            continue;
        }
        if n.is_element() {
            let name = n.node_name().unwrap_or_default();
            if matches!(name.as_ref(), "script" | "style" | "noscript" | "template") {
                continue;
            }
            out.push(' ');
        }
        stack.extend(n.children_it(true));
    }
    out
}

/// Inside a comment thread, footer, sidebar or navigation: dates there are not the article's.
fn in_furniture(node: &NodeRef) -> bool {
    node.ancestors_it(Some(12)).any(|a| {
        let name = a.node_name().unwrap_or_default().to_ascii_lowercase();
        if matches!(name.as_str(), "footer" | "aside" | "nav") {
            return true;
        }
        let marks = format!(
            "{} {}",
            a.attr("class").unwrap_or_default(),
            a.attr("id").unwrap_or_default()
        )
        .to_ascii_lowercase();
        [
            "comment", "footer", "sidebar", "related", "teaser", "widget", "recent",
        ]
        .iter()
        .any(|m| marks.contains(m))
    })
}

/// Whitespace collapsed and ends trimmed.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For comparing titles: lower case, letters and digits only.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Headline | Site" or "Site - Headline" to "Headline".
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "];
    for sep in SEPARATORS {
        if let Some((first, rest)) = title.split_once(sep) {
            let last = title.rsplit_once(sep).map_or(rest, |(_, l)| l);
            if let Some(site) = site {
                let s = fold(site);
                if fold(last) == s || fold(rest).contains(&s) {
                    return first.trim().to_owned();
                }
                if fold(first) == s {
                    return rest.trim().to_owned();
                }
            }
            // The longer side is the headline; site names are short.
            return if first.len() >= last.len() {
                title
                    .rsplit_once(sep)
                    .map_or(first, |(f, _)| f)
                    .trim()
                    .to_owned()
            } else {
                last.trim().to_owned()
            };
        }
    }
    title.to_owned()
}

/// Paragraphs of at most this many words are short enough to be page furniture.
const SHORT_LINE_WORDS: usize = 12;

/// Drops the furniture Readability leaves among the paragraphs: a short line the text
/// repeats three times or more (a caption credit under every picture, "Advertisement"),
/// a line that is only a photo credit ("(Jane Roe/Associated Press)"), and the run of
/// short lines the text ends with when it is a site's footer links ("Terms of Use",
/// "Privacy", "© 2012 ...").
fn drop_boilerplate(body: &str) -> String {
    use std::collections::HashMap;
    let paras: Vec<&str> = body.split("\n\n").collect();
    let mut keep: Vec<bool> = vec![true; paras.len()];
    // One or two words repeated ("Pros:", "Image") are more often list labels kept
    // by the article than furniture.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &paras {
        let words = p.split_whitespace().count();
        if (3..=SHORT_LINE_WORDS).contains(&words) {
            *counts.entry(p).or_default() += 1;
        }
    }
    for (k, p) in keep.iter_mut().zip(&paras) {
        if counts.get(p).is_some_and(|&n| n >= 3) || is_photo_credit(p) || is_media_teaser(p) {
            *k = false;
        }
    }
    for i in (0..paras.len()).rev() {
        if !is_footer_line(paras[i]) {
            break;
        }
        keep[i] = false;
    }
    let kept: Vec<&str> = paras
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect();
    kept.join("\n\n")
}

/// "(Jane Roe/Associated Press)", "John Doe/Getty Images", "(Copyright: Agency)": a
/// photographer and agency, as captions credit them, with nothing else.
fn is_photo_credit(p: &str) -> bool {
    static CREDIT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\(?(?:(?:Photo|Image|Picture|Foto)s?(?: credit)?:\s*|Copyright:\s*|©\s*)?\p{Lu}[\p{L}.'\- ]{1,40}(?:/|: )\p{Lu}[\p{L}.'&\- ]{1,40}\)?$")
            .expect("the credit pattern is valid")
    });
    let words = p.split_whitespace().count();
    (2..=8).contains(&words)
        && (p.contains('/') || p.starts_with("(Copyright") || p.starts_with('©'))
        && CREDIT.is_match(p)
}

/// Links to a picture or a video, as a page writes them after a caption or a title.
const MEDIA_LINKS: [&str; 8] = [
    "click to enlarge",
    "enlarge this image",
    "play video",
    "view full size",
    "view gallery",
    "view slideshow",
    "watch the video",
    "watch video",
];

/// "Fred Willard arrives at the fifth annual... View Full Size", "James Holmes' Court
/// Appearance: First Look at Suspect Watch Video": a caption or a title of another
/// story, ending in the link to its picture or video, that a page puts among its
/// paragraphs. (Short: a long paragraph of the story that happens to end so is kept.)
fn is_media_teaser(p: &str) -> bool {
    let words = p.split_whitespace().count();
    if words > 3 * SHORT_LINE_WORDS {
        return false;
    }
    // (The last twenty characters, lowercased: the longest link is seventeen.)
    let p = p.trim_end();
    let start = p.char_indices().rev().nth(19).map_or(0, |(i, _)| i);
    let tail = p[start..].to_lowercase();
    MEDIA_LINKS.iter().any(|link| {
        tail.strip_suffix(link)
            .is_some_and(|before| before.is_empty() || before.ends_with([' ', '.', '…']))
    })
}

/// A line of a site's footer: short, not a sentence, or a copyright notice.
fn is_footer_line(p: &str) -> bool {
    let lower = p.to_lowercase();
    if p.chars().count() < 200 && (p.contains('©') || lower.contains("all rights reserved")) {
        return true;
    }
    p.split_whitespace().count() <= 4 && !p.ends_with(['.', '!', '?', '"', '”', '\''])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "The council voted on Tuesday to keep the old ferry running through the winter, after a petition signed by most of the island's residents.";

    #[test]
    fn cue_words_are_whole_words() {
        let d = |s: &str| cued_date(s, true).map(|d| d.to_string());
        assert_eq!(d("Stand: 31.12.2020"), Some("2020-12-31".into()));
        assert_eq!(d("Published on June 2, 2021"), Some("2021-06-02".into()));
        // "Mittelstand" ends in the cue "Stand" but is not one.
        assert_eq!(d("Mittelstand (bis 31.12.2020)"), None);
    }

    #[test]
    fn links_to_pictures_and_videos_are_dropped_with_their_captions() {
        let body = [
            PROSE,
            "Anna Lind arrives at the harbour festival in Vesterby on... View Full Size",
            "Ferry Strike: First Look at the Picket Line Watch Video",
            "The strike ended on Friday. Readers can watch video of the vote on the council's site.",
        ]
        .join("\n\n");
        let kept = drop_boilerplate(&body);
        assert!(!kept.contains("View Full Size"), "{kept}");
        assert!(!kept.contains("Picket Line"), "{kept}");
        assert!(kept.contains("Readers can watch video"), "{kept}");
        assert!(kept.contains(PROSE));
    }

    #[test]
    fn repeated_caption_lines_are_dropped() {
        let credit = "Picture supplied courtesy of the Harbour Museum";
        let body = [
            PROSE,
            credit,
            "A second paragraph of the story, long enough to be prose.",
            credit,
            PROSE,
            credit,
        ]
        .join("\n\n");
        let kept = drop_boilerplate(&body);
        assert!(!kept.contains(credit), "{kept}");
        assert!(kept.contains("A second paragraph"));
        // Two-word labels repeated by a list are the article's.
        let labels = [
            "Good points:",
            PROSE,
            "Good points:",
            PROSE,
            "Good points:",
            PROSE,
        ]
        .join("\n\n");
        assert_eq!(drop_boilerplate(&labels), labels);
    }

    #[test]
    fn photo_credit_lines_are_dropped() {
        for credit in [
            "(Ana Ruiz/Coast Press)",
            "Tom Bell/Harbour Images",
            "(Copyright: Stockhouse)",
        ] {
            let body = format!("{PROSE}\n\n{credit}\n\n{PROSE}");
            assert_eq!(
                drop_boilerplate(&body),
                format!("{PROSE}\n\n{PROSE}"),
                "{credit}"
            );
        }
        let quote = format!("{PROSE}\n\nShe said: \"It is late/over budget.\"\n\n{PROSE}");
        assert_eq!(drop_boilerplate(&quote), quote);
    }

    #[test]
    fn a_footer_at_the_end_is_dropped() {
        let body = format!(
            "{PROSE}\n\nThe ferry leaves at nine.\n\nTerms of Use\n\nPrivacy\n\n© 2014 Coast Gazette. All rights reserved."
        );
        assert_eq!(
            drop_boilerplate(&body),
            format!("{PROSE}\n\nThe ferry leaves at nine.")
        );
        // Short lines inside the text stay: only the run the text ends with goes.
        let list = format!("{PROSE}\n\nWhat changes\n\n{PROSE}");
        assert_eq!(drop_boilerplate(&list), list);
    }
}
