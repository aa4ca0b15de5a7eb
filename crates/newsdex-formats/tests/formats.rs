//! One test per input kind, each on fixtures written here (pages, crawls, feeds and
//! exports made up by us), gzipped and framed in the tests themselves rather than kept
//! as opaque blobs.

use std::io::Write;
use std::path::{Path, PathBuf};

use newsdex_formats::{Collected, DateSource, Format, Reader, ReaderBuilder, Summary};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the temporary folder is writable");
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn read(path: &Path) -> (Summary, Collected) {
    read_with(&Reader::default(), path)
}

fn read_with(reader: &Reader, path: &Path) -> (Summary, Collected) {
    let mut sink = Collected::default();
    let summary = reader.read_path(path, &mut sink).expect("the input opens");
    (summary, sink)
}

fn messages(sink: &Collected) -> Vec<String> {
    sink.issues.iter().map(|i| i.to_string()).collect()
}

const STORY: &str = "<p>The harbour authority said on Tuesday that the new breakwater would be finished before the winter storms, two years later than first planned.</p>\
<p>Engineers had found the seabed softer than the surveys showed, and the contractor had to drive the piles twice as deep, the authority's director told reporters at the quay.</p>\
<p>Fishing crews, who lost a season of moorings to the works, will be paid from a fund the town council set up in the spring.</p>";

fn news_page(head: &str, article_top: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Breakwater late | Coast Gazette</title>{head}</head>\
<body><nav class=\"menu\"><a href=\"/\">Home</a> <a href=\"/sport\">Sport</a> <a href=\"/weather\">Weather</a></nav>\
<div class=\"advert\">Buy one boat, get one free at Marina Deals this weekend only</div>\
<article><h1>Breakwater to open two years late</h1>{article_top}\
<div class=\"share-tools\"><a>Share on Facebook</a><a>Share by email</a></div>{STORY}</article>\
<div class=\"related-stories\"><h3>Related</h3><ul><li><a href=\"/a\">Ferry timetable changes for the summer season ahead</a></li><li><a href=\"/b\">Lighthouse keeper retires after forty years of service</a></li></ul></div>\
<section id=\"comments\" class=\"article-comments\"><div class=\"comment\"><p>Typical council, always late and always over budget, what did anyone expect from them this time round?</p></div></section>\
<footer>Copyright Coast Gazette. All rights reserved. Contact us. Privacy policy.</footer></body></html>"
    )
}

#[test]
fn html_page_main_text_and_metadata() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let head = "<meta property=\"og:site_name\" content=\"Coast Gazette\">\
<meta property=\"og:title\" content=\"Breakwater to open two years late\">\
<meta property=\"article:published_time\" content=\"2024-03-05T09:30:00+01:00\">\
<meta name=\"author\" content=\"Ana Ruiz\">\
<link rel=\"canonical\" href=\"https://gazette.example/news/breakwater-late\">";
    let path = write(dir.path(), "page.html", news_page(head, "").as_bytes());
    let (summary, sink) = read(&path);
    assert_eq!(summary.records, 1, "{:?}", messages(&sink));
    let r = &sink.records[0];
    assert_eq!(
        r.title.as_deref(),
        Some("Breakwater to open two years late")
    );
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(r.published_source, Some(DateSource::OpenGraph));
    assert_eq!(r.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(r.site.as_deref(), Some("Coast Gazette"));
    assert_eq!(r.language.as_deref(), Some("en"));
    assert_eq!(
        r.canonical_url.as_deref(),
        Some("https://gazette.example/news/breakwater-late")
    );
    assert!(
        r.body.contains("softer than the surveys showed"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("\n\nFishing crews"),
        "paragraphs kept: {}",
        r.body
    );
    for furniture in [
        "Marina Deals",
        "Lighthouse keeper",
        "Typical council",
        "Copyright",
        "Share on Facebook",
        "Sport",
    ] {
        assert!(
            !r.body.contains(furniture),
            "{furniture} left in: {}",
            r.body
        );
    }
    assert!(!r.raw_text);
}

#[test]
fn html_dates_from_each_kind_of_markup() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let cases = [
        (
            "jsonld",
            "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Breakwater to open two years late\",\"datePublished\":\"2023-11-20T18:00:00Z\",\"author\":{\"@type\":\"Person\",\"name\":\"Ana Ruiz\"},\"publisher\":{\"@type\":\"Organization\",\"name\":\"Coast Gazette\"}}</script>",
            "",
            "2023-11-20",
            DateSource::JsonLd,
        ),
        ("time", "", "<p class=\"byline\">By Ana Ruiz, <time datetime=\"2022-07-14\">14 July</time></p>", "2022-07-14", DateSource::TimeTag),
        (
            "url",
            "<link rel=\"canonical\" href=\"https://gazette.example/2021/02/09/breakwater-late/\">",
            "",
            "2021-02-09",
            DateSource::Url,
        ),
        ("meta", "<meta name=\"sailthru.date\" content=\"2020-12-01 10:00:00\">", "", "2020-12-01", DateSource::Meta),
        ("text", "", "<div class=\"article-date\">Published 3 June 2019</div>", "2019-06-03", DateSource::Text),
    ];
    for (name, head, top, day, source) in cases {
        let path = write(
            dir.path(),
            &format!("{name}.html"),
            news_page(head, top).as_bytes(),
        );
        let (_, sink) = read(&path);
        let r = &sink.records[0];
        assert_eq!(
            r.published.map(|d| d.to_string()).as_deref(),
            Some(day),
            "{name}"
        );
        assert_eq!(r.published_source, Some(source), "{name}");
    }
}

#[test]
fn html_utc_timestamps_read_in_the_publishers_zone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let og = |v: &str| format!("<meta property=\"article:published_time\" content=\"{v}\">");
    let cases = [
        // The same instant in UTC and in the publisher's zone, an hour later: its day.
        (
            "east",
            og("2024-03-05T23:40:00+00:00")
                + "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-03-06T00:40:00+01:00\"}</script>",
            "",
            "2024-03-06",
        ),
        // Early morning in UTC is the evening before on a site whose times say -08:00.
        (
            "west",
            og("2024-03-06T06:35:00Z"),
            "<p class=\"byline\">Updated <time datetime=\"2024-03-05T23:05:00-08:00\">an hour ago</time></p>",
            "2024-03-05",
        ),
        // Only UTC on the page: nothing says where it was written, the day stays.
        ("utc", og("2024-03-05T23:40:00Z"), "", "2024-03-05"),
    ];
    for (name, head, top, day) in cases {
        let path = write(
            dir.path(),
            &format!("{name}.html"),
            news_page(&head, top).as_bytes(),
        );
        let (_, sink) = read(&path);
        let r = &sink.records[0];
        assert_eq!(
            r.published.map(|d| d.to_string()).as_deref(),
            Some(day),
            "{name}"
        );
        assert_eq!(r.published_source, Some(DateSource::OpenGraph), "{name}");
    }
}

#[test]
fn html_utc_only_timestamps_of_a_central_european_page() {
    // Only UTC on the page, but a German page: 23:00Z is midnight in Berlin in winter,
    // and 22:30Z half past midnight in summer. An English page keeps the UTC day.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let cases = [
        ("de", "2021-11-04T23:00Z", "2021-11-05"),
        ("de-AT", "2021-07-04T22:30:00Z", "2021-07-05"),
        ("de", "2021-07-04T21:30:00Z", "2021-07-04"),
        ("en", "2021-11-04T23:00Z", "2021-11-04"),
        ("fr-CA", "2021-11-04T23:00Z", "2021-11-04"),
    ];
    for (i, (lang, stamp, day)) in cases.into_iter().enumerate() {
        let head = format!("<meta property=\"article:published_time\" content=\"{stamp}\">");
        let page = news_page(&head, "").replace("lang=\"en\"", &format!("lang=\"{lang}\""));
        let path = write(dir.path(), &format!("{i}.html"), page.as_bytes());
        let (_, sink) = read(&path);
        let r = &sink.records[0];
        assert_eq!(
            r.published.map(|d| d.to_string()).as_deref(),
            Some(day),
            "{lang} {stamp}"
        );
    }
}

#[test]
fn html_byline_date_in_its_own_element() {
    // No date metadata: the day is the byline's, written in a span right after the
    // author's name, with an inline script between it and the headline.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let script = format!("<script>var tracking = \"{}\";</script>", "x".repeat(3000));
    let top =
        format!("{script}<div class=\"credits\"><span>Ana Ruiz</span><span>3.11.2023</span></div><p>Work on the breakwater began on 1 March 2021.</p>");
    let path = write(dir.path(), "byline.html", news_page("", &top).as_bytes());
    let (_, sink) = read(&path);
    let r = &sink.records[0];
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2023-11-03")
    );
    assert_eq!(r.published_source, Some(DateSource::Text));
}

#[test]
fn html_generic_meta_date_yields_to_an_earlier_time_tag() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let cases = [
        // `<meta name=date>` is the last change; the article's `<time>` says when it was
        // published.
        (
            "generic",
            "<meta name=\"date\" content=\"2024-03-09\">",
            "<p class=\"byline\"><time datetime=\"2024-03-05T12:01\">5 March</time></p>",
            "2024-03-05",
            DateSource::TimeTag,
        ),
        (
            "text-only",
            "<meta name=\"DC.date\" content=\"2024-03-09\">",
            "<p class=\"byline\"><time>5.3.2024, 12:01</time></p>",
            "2024-03-05",
            DateSource::TimeTag,
        ),
        // A name that says it is the publication date is kept.
        (
            "specific",
            "<meta name=\"pubdate\" content=\"2024-03-09\">",
            "<p class=\"byline\"><time datetime=\"2024-03-05\">5 March</time></p>",
            "2024-03-09",
            DateSource::Meta,
        ),
    ];
    for (name, head, top, day, source) in cases {
        let path = write(
            dir.path(),
            &format!("{name}.html"),
            news_page(head, top).as_bytes(),
        );
        let (_, sink) = read(&path);
        let r = &sink.records[0];
        assert_eq!(
            r.published.map(|d| d.to_string()).as_deref(),
            Some(day),
            "{name}"
        );
        assert_eq!(r.published_source, Some(source), "{name}");
    }
}

#[test]
fn html_page_dated_by_its_last_update_when_nothing_else_dates_it() {
    // No metadata and no byline: "Last updated" dates the page, not a day the text
    // mentions.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let prose = "The island ferry runs twice a day in winter and four times in summer. ".repeat(25);
    let page = format!(
        "<html><body><h1>Ferry timetable and fares</h1><p>{prose}</p>\
<p>The ferry first sailed on 4 August 2014.</p><p class=\"info\">Last updated: 14.01.2022</p></body></html>"
    );
    let path = write(dir.path(), "updated.html", page.as_bytes());
    let (_, sink) = read(&path);
    let r = &sink.records[0];
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2022-01-14")
    );
    assert_eq!(r.published_source, Some(DateSource::Text));
}

#[test]
fn windows_1252_page_and_gzip() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = news_page(
        "",
        "<p>Caf\u{e9} owners on the quay \u{201c}welcomed\u{201d} the news, the mayor said.</p>",
    )
    .replace("charset=\"utf-8\"", "charset=\"windows-1252\"");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let path = write(dir.path(), "old.html.gz", &gzip(&bytes));
    let (summary, sink) = read(&path);
    assert_eq!(summary.records, 1);
    let r = &sink.records[0];
    assert!(
        r.body
            .contains("Caf\u{e9} owners on the quay \u{201c}welcomed\u{201d}"),
        "{}",
        r.body
    );
    assert!(sink.bytes > 0, "progress was reported");
}

#[test]
fn pages_without_text_and_over_the_cap() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = write(
        dir.path(),
        "empty.html",
        b"<html><head></head><body><script>var x = 1;</script></body></html>",
    );
    let (summary, sink) = read(&path);
    assert_eq!(summary.records, 0);
    assert_eq!(
        messages(&sink),
        [format!(
            "{}: no article text or title found in the page; skipped",
            path.display()
        )]
    );

    let big = news_page(
        "",
        &"<p>More words about the harbour works and the storms to come this year.</p>".repeat(3000),
    );
    let path = write(dir.path(), "big.html", big.as_bytes());
    let mut builder = ReaderBuilder::new();
    builder.max_article_bytes(64_000);
    let (summary, sink) = read_with(&builder.build(), &path);
    assert_eq!(summary.records, 1);
    assert_eq!(
        messages(&sink),
        [format!("{}: record 1 (byte 0): the file is over the 64.0 KB cap per article; only the first 64.0 KB read", path.display())]
    );
}

/// One WARC record, framed as the standard says.
fn warc_record(kind: &str, uri: &str, content_type: &str, extra: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-06T07:08:09Z\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn warc_with_mixed_records() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let undated = news_page("", "");
    let dated = news_page(
        "<meta property=\"article:published_time\" content=\"2024-05-01\">",
        "",
    );
    let chunked = {
        let gz = gzip(dated.as_bytes());
        let mut body = format!("{:x}\r\n", gz.len()).into_bytes();
        body.extend_from_slice(&gz);
        body.extend_from_slice(b"\r\n0\r\n\r\n");
        body
    };
    let records = [
        warc_record("warcinfo", "", "application/warc-fields", "", b"software: made-up\r\n"),
        warc_record("request", "https://gazette.example/a", "application/http; msgtype=request", "", b"GET /a HTTP/1.1\r\n\r\n"),
        warc_record("response", "https://gazette.example/a", "application/http; msgtype=response", "",
            &http("Content-Type: text/html; charset=utf-8\r\n", undated.as_bytes())),
        warc_record("metadata", "https://gazette.example/a", "application/warc-fields", "", b"outlinks: none\r\n"),
        warc_record("response", "https://gazette.example/logo.png", "application/http; msgtype=response", "",
            &http("Content-Type: image/png\r\n", b"\x89PNG....")),
        warc_record("revisit", "https://gazette.example/a", "application/http; msgtype=response", "", b"HTTP/1.1 304 Not Modified\r\n\r\n"),
        warc_record("response", "https://gazette.example/b", "application/http; msgtype=response", "",
            &http("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", &chunked)),
        warc_record("response", "https://gazette.example/c", "application/http; msgtype=response", "WARC-Truncated: length\r\n",
            &http("Content-Type: text/html\r\n", b"<html><body><p>cut")),
    ];
    // One gzip member per record, as crawlers write .warc.gz, and a last record cut off.
    let mut file = Vec::new();
    for r in &records {
        file.extend_from_slice(&gzip(r));
    }
    let last = warc_record(
        "response",
        "https://gazette.example/d",
        "application/http; msgtype=response",
        "",
        &http("Content-Type: text/html\r\n", dated.as_bytes()),
    );
    file.extend_from_slice(&gzip(&last[..last.len() / 2]));
    let path = write(dir.path(), "crawl.warc.gz", &file);
    let (summary, sink) = read(&path);

    let ids: Vec<_> = sink
        .records
        .iter()
        .map(|r| r.id.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        ["https://gazette.example/a", "https://gazette.example/b"]
    );
    // The capture date is when the page was saved, not a publication date.
    assert_eq!(sink.records[0].published, None);
    assert_eq!(
        sink.records[0].saved_at.map(|d| d.to_string()).as_deref(),
        Some("2024-05-06")
    );
    assert_eq!(
        sink.records[1].published.map(|d| d.to_string()).as_deref(),
        Some("2024-05-01")
    );
    assert!(sink.records[1].body.contains("softer than the surveys"));
    let skipped: Vec<_> = summary
        .skipped
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        skipped,
        [
            "WARC metadata records=1",
            "WARC request records=1",
            "WARC revisit records=1",
            "WARC warcinfo records=1",
            "non-HTML responses=1",
            "truncated records=2"
        ]
    );
    let msgs = messages(&sink);
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0]
            .ends_with("record 8 (byte 9440): page marked WARC-Truncated by the crawler; skipped")
            || msgs[0].contains("record 8"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].contains("record 9") && msgs[1].contains("truncated"),
        "{msgs:?}"
    );
}

#[test]
fn rss_and_atom_feeds() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rss = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Coast Gazette</title><language>en-gb</language>
<item><title>Breakwater late</title><link>https://gazette.example/a</link><guid>gz-1</guid>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate><dc:creator>Ana Ruiz</dc:creator>
<content:encoded><![CDATA[<p>First paragraph about the caf&eacute; owners.</p><p>Second paragraph.</p>]]></content:encoded></item>
<item><title>Ferry &amp; timetable</title><link>https://gazette.example/b</link><pubDate>sometime soon</pubDate>
<description>&lt;p&gt;Summer ferries run hourly.&lt;/p&gt;</description></item>
<item><link>https://gazette.example/c</link></item>
</channel></rss>"#;
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(rss);
    let path = write(dir.path(), "news.rss", &bytes);
    let (summary, sink) = read(&path);
    assert_eq!(summary.records, 2);
    let a = &sink.records[0];
    assert_eq!(a.id.as_deref(), Some("gz-1"));
    assert_eq!(a.title.as_deref(), Some("Breakwater late"));
    assert_eq!(
        a.body,
        "First paragraph about the caf\u{e9} owners.\n\nSecond paragraph."
    );
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(
        (
            a.author.as_deref(),
            a.site.as_deref(),
            a.language.as_deref()
        ),
        (Some("Ana Ruiz"), Some("Coast Gazette"), Some("en-gb"))
    );
    let b = &sink.records[1];
    assert_eq!(
        (b.title.as_deref(), b.body.as_str(), b.published),
        (
            Some("Ferry & timetable"),
            "Summer ferries run hourly.",
            None
        )
    );
    assert_eq!(b.id.as_deref(), Some("https://gazette.example/b"));
    let p = path.display();
    assert_eq!(
        messages(&sink),
        [
            format!("{p}: record 2 (byte {}): date \"sometime soon\" is not one newsdex reads; read without it", sink.records[1].position.byte.unwrap_or(0)),
            format!("{p}: record 3 (byte {}): feed item without a title or text; skipped", rss.find("<item><link>").unwrap_or(0)),
        ]
    );

    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Gazette</title>
<entry><title type="html">Storm &lt;em&gt;warning&lt;/em&gt;</title><id>tag:gazette.example,2024:7</id>
<link rel="alternate" href="https://gazette.example/storm"/><link rel="edit" href="https://gazette.example/edit/7"/>
<published>2024-01-02T03:04:05Z</published><updated>2024-01-09T00:00:00Z</updated>
<author><name>Ana Ruiz</name></author><summary>Short.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Gales are due tonight.</p></div></content></entry></feed>"#;
    let path = write(dir.path(), "news.xml", atom.as_bytes());
    let (_, sink) = read(&path);
    let e = &sink.records[0];
    assert_eq!(e.title.as_deref(), Some("Storm warning"));
    assert_eq!(e.url.as_deref(), Some("https://gazette.example/storm"));
    assert_eq!(
        e.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-02")
    );
    assert_eq!(
        (e.author.as_deref(), e.body.as_str()),
        (Some("Ana Ruiz"), "Gales are due tonight.")
    );

    let not_feed = write(
        dir.path(),
        "catalog.xml",
        b"<?xml version=\"1.0\"?><catalog><book/></catalog>",
    );
    let err = Reader::default()
        .read_path(&not_feed, &mut Collected::default())
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err,
        Some(format!(
            "{}: XML that is not an RSS or Atom feed; skipped",
            not_feed.display()
        ))
    );
}

#[test]
fn csv_and_tsv_exports() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv = "id;headline;story_text;published\n\
               1;Breakwater late;\"Two years late.\n\nSeabed softer than thought.\";2024-03-05\n\
               2;Ragged row;only three fields\n\
               3;Epoch;Dated by the epoch.;1717286400000\n";
    let path = write(dir.path(), "export.csv", csv.as_bytes());
    let mut builder = ReaderBuilder::new();
    builder
        .field_spec("body=story_text")
        .expect("a valid mapping");
    let (summary, sink) = read_with(&builder.build(), &path);
    assert_eq!(summary.records, 3);
    assert_eq!(
        sink.records[0].body,
        "Two years late.\n\nSeabed softer than thought."
    );
    assert_eq!(sink.records[0].id.as_deref(), Some("1"));
    assert_eq!(
        sink.records[2].published.map(|d| d.to_string()).as_deref(),
        Some("2024-06-02")
    );
    assert_eq!(
        messages(&sink),
        [format!("{}: record 2 (line 5): row has 3 fields where the header has 4; read the fields by position", path.display())]
    );

    let tsv = "title\ttext\tdate\nTabbed\tA tab-separated story.\tJune 2, 2025\n";
    let path = write(dir.path(), "export.tsv", tsv.as_bytes());
    let (_, sink) = read(&path);
    assert_eq!(sink.records[0].body, "A tab-separated story.");
    assert_eq!(
        sink.records[0].published.map(|d| d.to_string()).as_deref(),
        Some("2025-06-02")
    );

    let latin =
        "title|text\nCaf\u{e9} \u{201c}Ol\u{e9}\u{201d}|Der B\u{e4}cker \u{f6}ffnet fr\u{fc}h.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(latin);
    let path = write(dir.path(), "latin.csv", &bytes);
    let (_, sink) = read(&path);
    assert!(sink.issues.is_empty(), "{:?}", messages(&sink));
    assert_eq!(
        sink.records[0].title.as_deref(),
        Some("Caf\u{e9} \u{201c}Ol\u{e9}\u{201d}")
    );
    assert_eq!(
        sink.records[0].body,
        "Der B\u{e4}cker \u{f6}ffnet fr\u{fc}h."
    );

    let path = write(dir.path(), "odd.csv", b"title body\nno delimiter here\n");
    let (summary, sink) = read(&path);
    assert_eq!(summary.records, 0);
    assert_eq!(
        messages(&sink),
        [format!("{}: could not find the delimiter (comma, tab, semicolon or pipe) in the header line; file skipped", path.display())]
    );
}

#[test]
fn json_arrays_objects_and_lines() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let json = r#"[
  {"guid": "a1", "headline": "First", "content": "<p>One.</p><p>Two.</p>", "publishedAt": "2025-06-02T10:00:00Z", "authors": ["Ana Ruiz", "Li Wei"]},
  {"title": "Bad date", "body": "Text [with] {braces} and \"quotes\".", "date": "not a date"},
  42,
  {"title": "No comma before me" "body": "x"},
  {"headline": "Last", "text": "Last text.", "published": 1748822400}
]"#;
    let path = write(dir.path(), "export.json", json.as_bytes());
    let (summary, sink) = read(&path);
    let titles: Vec<_> = sink
        .records
        .iter()
        .filter_map(|r| r.title.as_deref())
        .collect();
    assert_eq!(titles, ["First", "Bad date", "Last"]);
    assert_eq!(summary.records, 3);
    let first = &sink.records[0];
    assert_eq!(
        (first.id.as_deref(), first.body.as_str()),
        (Some("a1"), "One.\n\nTwo.")
    );
    assert_eq!(first.author.as_deref(), Some("Ana Ruiz, Li Wei"));
    assert_eq!(sink.records[1].body, "Text [with] {braces} and \"quotes\".");
    let msgs = messages(&sink);
    let p = path.display();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert_eq!(msgs[0], format!("{p}: record 2 (line 3): date \"not a date\" is not one newsdex reads; read without a date"));
    assert_eq!(
        msgs[1],
        format!("{p}: record 3 (line 4): record is a number, not a JSON object; skipped")
    );
    assert!(
        msgs[2].starts_with(&format!("{p}: record 4 (line 5): not valid JSON: ")),
        "{msgs:?}"
    );

    let lines = "{\"headline\": \"A\", \"content\": \"Body A\"}\n\n{\"headline\": \"B\", \"content\": \"Body B\"}\nnot json\n";
    let path = write(dir.path(), "export.ndjson", lines.as_bytes());
    let (summary, sink) = read(&path);
    assert_eq!(summary.records, 2);
    assert_eq!(sink.records[1].position.line, Some(3));
    assert_eq!(messages(&sink).len(), 1);
    assert!(messages(&sink)[0].contains("record 3 (line 4): not valid JSON"));

    let path = write(
        dir.path(),
        "one.json",
        br#"{"title": "Only", "text": "One object."}"#,
    );
    let (summary, _) = read(&path);
    assert_eq!(summary.records, 1);
}

#[test]
fn raw_text_keeps_its_furniture_for_extraction() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = "Home | News | Sport\nCaf\u{e9} owners \u{201c}welcome\u{201d} the breakwater\n\nThe harbour authority said...";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let path = write(dir.path(), "scraped.txt", &bytes);
    let (_, sink) = read(&path);
    let r = &sink.records[0];
    assert!(r.raw_text);
    assert_eq!(r.title, None);
    assert_eq!(r.body, text);
}

#[test]
fn formats_and_unreadable_inputs() {
    assert_eq!(Format::for_path(Path::new("a/b.ATOM")), Some(Format::Feed));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let missing = dir.path().join("gone.html");
    let err = Reader::default()
        .read_path(&missing, &mut Collected::default())
        .err();
    assert_eq!(
        err.map(|e| e.to_string()),
        Some(format!("{}: no such file or directory", missing.display()))
    );
    let pdf = write(dir.path(), "paper.pdf", b"%PDF-1.4 binary");
    let err = Reader::default()
        .read_path(&pdf, &mut Collected::default())
        .err();
    assert!(
        err.is_some_and(
            |e| e.is_user_error() && e.to_string().contains("not a format newsdex reads")
        )
    );
    // A gzipped file is recognised by its content, whatever its name.
    let path = write(dir.path(), "page.gz", &gzip(news_page("", "").as_bytes()));
    assert_eq!(read(&path).0.records, 1);
    // A truncated gzip page: what was there is read, and the cut reported.
    let gz = gzip(news_page("", "").as_bytes());
    let path = write(dir.path(), "cut.html.gz", &gz[..gz.len() * 2 / 3]);
    let (_, sink) = read(&path);
    assert!(
        messages(&sink)
            .iter()
            .any(|m| m.contains("the file ends in the middle (truncated?)")),
        "{:?}",
        messages(&sink)
    );
}

#[test]
fn damaged_inputs_never_panic() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = news_page("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-01-02\"}</script>", "");
    let warc = warc_record(
        "response",
        "https://gazette.example/a",
        "application/http; msgtype=response",
        "",
        &http(
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            format!("{:x}\r\n{page}\r\n0\r\n\r\n", page.len()).as_bytes(),
        ),
    );
    let inputs: [(&str, Vec<u8>); 7] = [
        ("p.html", page.clone().into_bytes()),
        ("c.warc", warc.clone()),
        ("c.warc.gz", gzip(&warc)),
        ("f.rss", b"<rss><channel><title>T</title><item><title>A</title><description>&lt;p&gt;x&lt;/p&gt;</description><pubDate>Mon, 02 Jun 2025</pubDate></item></channel></rss>".to_vec()),
        ("e.json", br#"[{"title": "A", "body": "B \"q\" \\ [x]"}, {"title": "C", "text": "D"}]"#.to_vec()),
        ("e.jsonl", b"{\"title\": \"A\", \"body\": \"B\"}\n{\"title\": \"C\"}\n".to_vec()),
        ("e.csv", b"title,body\n\"A, a\",\"B\nb\"\nC,D\n".to_vec()),
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    for (name, bytes) in &inputs {
        for round in 0..40 {
            let mut damaged = bytes.clone();
            match round % 3 {
                0 => damaged.truncate(next(bytes.len() + 1)),
                1 => {
                    for _ in 0..1 + next(8) {
                        let at = next(damaged.len());
                        damaged[at] = next(256) as u8;
                    }
                }
                _ => {
                    let at = next(damaged.len());
                    let junk: Vec<u8> = (0..next(64)).map(|_| next(256) as u8).collect();
                    damaged.splice(at..at, junk);
                }
            }
            let path = write(dir.path(), name, &damaged);
            let _ = Reader::default().read_path(&path, &mut Collected::default());
        }
    }
}
