//! RSS 2.0, RSS 1.0 and Atom feeds: one record per `<item>` or `<entry>`, streamed with a
//! pull parser so a feed of any length takes the memory of one item. The HTML feeds carry
//! in `content:encoded`, `content` or `description` becomes text with its paragraphs.

use std::io::BufReader;

use encoding_rs_io::DecodeReaderBytesBuilder;
use quick_xml::events::Event;

use crate::dates;
use crate::decode;
use crate::html;
use crate::reader::{Context, Input};
use crate::record::{DateSource, Position, Record};

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    content: Option<String>,
    summary: Option<String>,
    author: Option<String>,
}

pub(crate) fn read(cx: &mut Context<'_>, mut input: Input) {
    let head = match std::io::BufRead::fill_buf(&mut input) {
        Ok(h) => h,
        Err(e) => {
            cx.broken(None, &e);
            return;
        }
    };
    let encoding = decode::xml_encoding(head).unwrap_or(encoding_rs::UTF_8);
    // Transcoded to UTF-8 on the fly, bad bytes replaced, so the parser sees one encoding.
    let utf8 = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .build(input);
    let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(64 << 10, utf8));
    xml.config_mut().trim_text(false);
    xml.config_mut().check_end_names = false;

    let mut buf = Vec::new();
    let mut walk = Walk::default();
    loop {
        let at = xml.buffer_position();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                let position = Some(Position {
                    record: walk.number.max(1),
                    line: None,
                    byte: Some(at),
                });
                cx.summary.skip("unreadable rest of feed");
                cx.issue(
                    position,
                    format!("XML error at byte {at}: {e}; the rest of the feed is skipped"),
                    true,
                );
                break;
            }
        };
        match event {
            Event::Start(e) => walk.start(&e, at),
            Event::Empty(e) => walk.empty(&e),
            Event::Text(e) => walk.push_text(&e.xml10_content()),
            Event::CData(e) => {
                let raw: &str = e.as_ref();
                let raw = raw.to_owned();
                walk.push_text(&raw);
            }
            Event::GeneralRef(e) => {
                let resolved = match e.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = e.into_inner();
                        quick_xml::escape::resolve_html5_entity(&name)
                            .map_or_else(|| format!("&{name};"), str::to_owned)
                    }
                };
                walk.push_text(&resolved);
            }
            Event::End(_) => {
                if let Some((it, position)) = walk.end() {
                    if !emit_item(cx, it, position, &walk.site, &walk.language) {
                        return;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if let Some((it, _, position)) = walk.item.take() {
        cx.issue(
            Some(position),
            "the feed ends inside this item (truncated?); read what was there",
            false,
        );
        emit_item(cx, it, position, &walk.site, &walk.language);
    }
}

/// Where the reader is in the feed: the open elements, the item being read and its field,
/// and what the channel says of itself.
#[derive(Default)]
struct Walk {
    /// The names of the open elements.
    stack: Vec<String>,
    /// The item being read, its depth and where it starts.
    item: Option<(Item, usize, Position)>,
    /// The item's field being read (lowercased name) and its depth.
    field: Option<(String, usize)>,
    /// The field's text so far.
    text: String,
    /// The channel's title, the site's name for every item.
    site: Option<String>,
    /// The channel's language.
    language: Option<String>,
    /// The text of a channel title or language element being read.
    channel_text: Option<String>,
    /// Items seen.
    number: u64,
}

impl Walk {
    /// An element opens: an item, a field of the item, or the channel's title or language.
    fn start(&mut self, e: &quick_xml::events::BytesStart<'_>, at: u64) {
        let name = e.name().as_ref().to_owned();
        let local = local(&name).to_ascii_lowercase();
        let depth = self.stack.len();
        self.stack.push(name.clone());
        if self.item.is_none() && (local == "item" || local == "entry") {
            self.number += 1;
            let position = Position {
                record: self.number,
                line: None,
                byte: Some(at),
            };
            self.item = Some((Item::default(), depth, position));
            return;
        }
        if let Some((it, item_depth, _)) = &mut self.item {
            if depth == *item_depth + 1 {
                if local == "link" {
                    link_href(e, it);
                }
                self.field = Some((name.to_ascii_lowercase(), depth));
                self.text.clear();
            }
        } else if matches!(local.as_str(), "title" | "language") && depth <= 2 {
            self.channel_text = Some(String::new());
        }
    }

    /// An empty element: only an Atom `<link href=.../>` of the item matters.
    fn empty(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        let name = e.name().as_ref().to_ascii_lowercase();
        if let Some((it, item_depth, _)) = &mut self.item {
            if local(&name) == "link" && self.stack.len() == *item_depth + 1 {
                link_href(e, it);
            }
        }
    }

    fn push_text(&mut self, s: &str) {
        push_text(&mut self.text, &mut self.channel_text, s);
    }

    /// An element closes: the channel's title or language is kept, a field's text goes
    /// into the item, and a whole item is returned.
    fn end(&mut self) -> Option<(Item, Position)> {
        let name = self.stack.pop().unwrap_or_default();
        let depth = self.stack.len();
        if let Some(t) = self.channel_text.take() {
            let t = t.trim().to_owned();
            match local(&name).to_ascii_lowercase().as_str() {
                "title" if self.site.is_none() && !t.is_empty() => self.site = Some(t),
                "language" if self.language.is_none() && !t.is_empty() => {
                    self.language = Some(t);
                }
                _ => {}
            }
        }
        if let Some((fname, fdepth)) = &self.field {
            if *fdepth == depth {
                if let Some((it, _, _)) = &mut self.item {
                    assign(it, fname, std::mem::take(&mut self.text));
                }
                self.field = None;
            }
        }
        match &self.item {
            Some((_, item_depth, _)) if *item_depth == depth => {
                self.item.take().map(|(it, _, position)| (it, position))
            }
            _ => None,
        }
    }
}

fn push_text(text: &mut String, channel_text: &mut Option<String>, s: &str) {
    text.push_str(s);
    if let Some(c) = channel_text {
        c.push_str(s);
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An Atom `<link href>`: the `alternate` one (or one without `rel`) is the article.
fn link_href(e: &quick_xml::events::BytesStart<'_>, it: &mut Item) {
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_default();
        match a.key.as_ref() {
            "href" => href = Some(value),
            "rel" => rel = Some(value),
            _ => {}
        }
    }
    if let Some(href) = href {
        if rel.as_deref().is_none_or(|r| r == "alternate") && it.link.is_none() {
            it.link = Some(href.trim().to_owned());
        }
    }
}

fn assign(it: &mut Item, name: &str, value: String) {
    let slot = match name {
        "title" => &mut it.title,
        "link" => &mut it.link,
        "guid" | "id" => &mut it.guid,
        "pubdate" | "published" | "dc:date" | "issued" => &mut it.published,
        "updated" | "modified" | "atom:updated" | "a10:updated" => &mut it.updated,
        "content:encoded" | "content" => &mut it.content,
        "description" | "summary" => &mut it.summary,
        "author" | "dc:creator" => &mut it.author,
        _ => return,
    };
    let value = value.trim();
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_owned());
    }
}

fn emit_item(
    cx: &mut Context<'_>,
    it: Item,
    position: Position,
    site: &Option<String>,
    language: &Option<String>,
) -> bool {
    let body = it
        .content
        .or(it.summary)
        .map(|c| html::fragment_text(&c))
        .unwrap_or_default();
    let title = it
        .title
        .map(|t| html::fragment_text(&t).replace("\n\n", " "))
        .filter(|t| !t.is_empty());
    if body.is_empty() && title.is_none() {
        cx.summary.skip("feed items without text");
        cx.issue(
            Some(position),
            "feed item without a title or text; skipped",
            true,
        );
        return true;
    }
    let mut record = Record {
        id: it.guid.or_else(|| it.link.clone()),
        title,
        body,
        url: it.link,
        site: site.clone(),
        author: it
            .author
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")),
        language: language.clone(),
        position,
        ..Record::default()
    };
    for raw in [&it.published, &it.updated].into_iter().flatten() {
        match dates::parse_date(raw) {
            Some(d) => {
                record.published = Some(d);
                record.published_source = Some(DateSource::Feed);
                break;
            }
            None => cx.issue(
                Some(position),
                format!("date {raw:?} is not one newsdex reads; read without it"),
                false,
            ),
        }
    }
    cx.cap_body(&mut record.body, Some(position), "this item's text");
    cx.emit(record)
}
