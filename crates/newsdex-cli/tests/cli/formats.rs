//! The formats a news archive comes in, through the binary: each test writes real files
//! of the format (our own text) and checks what `index`, `query` and `extract` make of
//! them. The scenarios of issue 15's first paragraph each have a test here.

use std::io::Write;

use predicates::prelude::*;

use crate::Env;

fn page(title: &str, body: &str, date: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | The Ledger</title>\
         <meta property=\"article:published_time\" content=\"{date}T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>\
         <div class=\"ad\">Advertisement: cheap flights to the coast</div>\
         <article><h1>{title}</h1><p>{body}</p><p>Officials said more details would follow later in the week, \
         after a meeting of the river authority and the mayors of the towns along the banks.</p>\
         <p>Residents who live near the water were asked to follow the advice of the local council and to \
         keep away from the banks until the work was finished, which could take several more days.</p>\
         <p>The authority thanked the crews who had worked through the night and said the cost would be \
         shared by the three regions that use the river for shipping and for drinking water.</p></article>\
         <div class=\"share\">Share on Facebook · Share on X</div>\
         <section class=\"comments\"><p>reader1: Great news everyone</p></section>\
         <footer>© 2025 The Ledger · Privacy</footer></body></html>"
    )
}

fn json_of(env: &Env, args: &[&str]) -> serde_json::Value {
    env.json(args)
}

/// A folder of saved pages was "0 files" and exit 0.
#[test]
fn a_folder_of_saved_pages_is_indexed_without_its_furniture() {
    let env = Env::with_index();
    let pages = env.dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(
        pages.join("dam.html"),
        page(
            "Dam gates opened at Hollen",
            "Engineers opened the Hollen dam gates on Tuesday as the river rose.",
            "2025-05-06",
        ),
    )
    .unwrap();
    std::fs::write(
        pages.join("ferry.htm"),
        page(
            "Ferry back on the river",
            "The ferry between the two towns resumed service, operator Anna Kovacs said.",
            "2025-07-07",
        ),
    )
    .unwrap();
    let report = json_of(&env, &["index", pages.to_str().unwrap()]);
    assert_eq!(
        (report["added"].as_u64(), report["files"].as_u64()),
        (Some(2), Some(2)),
        "{report}"
    );
    let shown = json_of(&env, &["show", "dam"]);
    assert_eq!(shown["title"], "Dam gates opened at Hollen");
    assert_eq!(shown["published"], "2025-05-06");
    let body = shown["body"].as_str().unwrap();
    assert!(
        body.contains("Engineers opened the Hollen dam gates"),
        "{body}"
    );
    for furniture in [
        "Advertisement",
        "Share on Facebook",
        "reader1",
        "Privacy",
        "Sport",
    ] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
    // Furniture words are not searchable either.
    assert_eq!(json_of(&env, &["query", "advertisement"])["total"], 0);
}

/// JSON Lines with `headline`/`content`, RFC 2822 and epoch dates lost records.
#[test]
fn exports_with_other_field_names_and_date_forms_are_read() {
    let env = Env::with_index();
    let dir = env.dir.path();
    std::fs::write(
        dir.join("export.jsonl"),
        "{\"guid\": \"x1\", \"headline\": \"Locks reopen\", \"content\": \"The river locks reopened.\", \"pubDate\": \"Mon, 02 Jun 2025 08:00:00 +0200\"}\n\
         {\"guid\": \"x2\", \"headline\": \"Barges queue\", \"content\": \"Barges queued at the locks.\", \"published_at\": 1749024000}\n\
         {\"guid\": \"x3\", \"headline\": \"Pilots strike\", \"content\": \"River pilots walked out.\", \"date\": 1749110400000}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("array.json"),
        "[{\"id\": \"j1\", \"title\": \"Water levels fall\", \"text\": \"Levels fell at every gauge.\", \"date\": \"June 2, 2025\"},\
          {\"id\": \"j2\", \"title\": \"Shipping slows\", \"text\": \"Cargo ships slowed.\", \"date\": \"2 June 2025\"}]",
    )
    .unwrap();
    std::fs::write(
        dir.join("sheet.csv"),
        "hed,story_text,published\n\"Quotas, again\",\"Farmers asked for new quotas.\nTalks go on.\",2025-06-03\n",
    )
    .unwrap();
    for file in ["export.jsonl", "array.json"] {
        let r = json_of(&env, &["index", dir.join(file).to_str().unwrap()]);
        assert_eq!(r["skipped"], 0, "{file}: {r}");
    }
    let r = env.json(&[
        "index",
        dir.join("sheet.csv").to_str().unwrap(),
        "--field",
        "title=hed",
        "--field",
        "body=story_text",
    ]);
    assert_eq!(
        (r["added"].as_u64(), r["skipped"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    let published = |id: &str| json_of(&env, &["show", id])["published"].clone();
    assert_eq!(published("x1"), "2025-06-02");
    assert_eq!(published("x2"), "2025-06-04");
    assert_eq!(published("x3"), "2025-06-05");
    assert_eq!(published("j1"), "2025-06-02");
    assert_eq!(published("j2"), "2025-06-02");
    let csv = json_of(&env, &["query", "quotas"]);
    assert_eq!(csv["hits"][0]["title"], "Quotas, again", "{csv}");
}

/// A `node_modules` folder listed in `.gitignore` was indexed; other types were silent.
#[test]
fn folders_are_walked_as_ripgrep_walks_them_and_other_types_are_counted() {
    let env = Env::with_index();
    let root = env.dir.path().join("archive");
    std::fs::create_dir_all(root.join("node_modules/pkg")).unwrap();
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    std::fs::write(root.join(".gitignore"), "node_modules/\n").unwrap();
    std::fs::write(
        root.join("node_modules/pkg/README.md"),
        "Package\n\nNot news.",
    )
    .unwrap();
    std::fs::write(
        root.join("story.txt"),
        "Bridge opens\n\nThe new bridge opened.",
    )
    .unwrap();
    std::fs::write(root.join("drafts/later.txt"), "Draft\n\nNot yet.").unwrap();
    for i in 0..3 {
        std::fs::write(root.join(format!("scan{i}.pdf")), "%PDF-1.4").unwrap();
    }
    let out = env
        .cmd()
        .args(["index", "--glob", "!drafts/**"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 .pdf files skipped: not a type newsdex reads"),
        "{stderr}"
    );
    assert!(stderr.contains("1 added"), "{stderr}");
    let empty = env.dir.path().join("only-pdf");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("a.pdf"), "%PDF").unwrap();
    env.cmd()
        .arg("index")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("found no file newsdex reads"));
}

/// A crawl: HTML responses are articles; requests, revisits, other types and a
/// truncated record are skipped and counted; the rest is read.
#[test]
fn a_warc_crawl_gives_its_html_responses() {
    let env = Env::with_index();
    let path = env.dir.path().join("crawl.warc.gz");
    let record = |out: &mut Vec<u8>, kind: &str, uri: &str, payload: &[u8], extra: &str| {
        let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        write!(
            member,
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-06-09T10:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n",
            payload.len()
        )
        .unwrap();
        member.write_all(payload).unwrap();
        member.write_all(b"\r\n\r\n").unwrap();
        out.extend(member.finish().unwrap());
    };
    let html = |title: &str, body: &str| {
        let page = page(title, body, "2025-06-08");
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}")
            .into_bytes()
    };
    // As crawlers write them: the HTTP exchange with its headers.
    const HTTP: &str = "Content-Type: application/http; msgtype=response\r\n";
    let mut bytes = Vec::new();
    record(&mut bytes, "warcinfo", "", b"software: test", "");
    record(
        &mut bytes,
        "request",
        "https://ledger.example/a",
        b"GET /a HTTP/1.1\r\n\r\n",
        "",
    );
    record(
        &mut bytes,
        "response",
        "https://ledger.example/a",
        &html("Levee repaired", "Crews repaired the levee overnight."),
        HTTP,
    );
    record(
        &mut bytes,
        "response",
        "https://ledger.example/logo.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        HTTP,
    );
    record(
        &mut bytes,
        "revisit",
        "https://ledger.example/a",
        b"HTTP/1.1 304 Not Modified\r\n\r\n",
        HTTP,
    );
    record(
        &mut bytes,
        "response",
        "https://ledger.example/b",
        &html("Harbour dredged", "The harbour was dredged to a new depth."),
        HTTP,
    );
    std::fs::write(&path, &bytes).unwrap();
    let r = json_of(&env, &["index", path.to_str().unwrap()]);
    assert_eq!(r["added"], 2, "{r}");
    assert_eq!(r["left_out"]["WARC request records"], 1, "{r}");
    assert_eq!(r["left_out"]["WARC revisit records"], 1, "{r}");
    assert_eq!(r["left_out"]["non-HTML responses"], 1, "{r}");
    assert_eq!(
        json_of(&env, &["show", "https://ledger.example/b"])["title"],
        "Harbour dredged"
    );
    // Cut short in the middle of a record: what came before is kept.
    let cut = env.dir.path().join("cut.warc.gz");
    std::fs::write(&cut, &bytes[..bytes.len() - 40]).unwrap();
    let out = env.cmd().args(["index"]).arg(&cut).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cut.warc.gz"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A feed: one article per item, broken dates reported, the rest read.
#[test]
fn rss_and_atom_feeds_give_one_article_per_item() {
    let env = Env::with_index();
    let dir = env.dir.path();
    std::fs::write(
        dir.join("news.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Basin News</title>\
         <item><title>Canal closed</title><link>https://basin.example/canal</link>\
         <pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;The canal closed for repairs.&lt;/p&gt;</description></item>\
         <item><title>Canal reopens</title><link>https://basin.example/canal-2</link>\
         <pubDate>sometime soon</pubDate><description>The canal reopened early.</description></item>\
         </channel></rss>",
    )
    .unwrap();
    std::fs::write(
        dir.join("atom.atom"),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Gazette</title>\
         <entry><title>Bridge tolls cut</title><id>urn:gazette:1</id><published>2025-06-04T09:00:00Z</published>\
         <content type=\"html\">&lt;p&gt;Tolls on the old bridge were cut by half.&lt;/p&gt;</content></entry></feed>",
    )
    .unwrap();
    let out = env
        .cmd()
        .arg("index")
        .arg(dir.join("news.xml"))
        .arg(dir.join("atom.atom"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 added"), "{stderr}");
    assert!(stderr.contains("sometime soon"), "{stderr}");
    assert_eq!(
        json_of(&env, &["show", "https://basin.example/canal"])["published"],
        "2025-06-03"
    );
    assert_eq!(
        json_of(&env, &["show", "urn:gazette:1"])["title"],
        "Bridge tolls cut"
    );
}

/// `extract` reads what `index` reads; `--html` reads a page from standard input.
#[test]
fn extract_prints_pages_with_their_metadata() {
    let env = Env::with_index();
    let html = page(
        "Weir rebuilt",
        "The old weir was rebuilt in stone.",
        "2025-04-01",
    );
    let out = env
        .cmd()
        .args(["extract", "--jsonl", "--html", "-"])
        .write_stdin(html)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["title"], "Weir rebuilt");
    assert_eq!(record["published"], "2025-04-01");
    assert!(record["body"]
        .as_str()
        .unwrap()
        .contains("rebuilt in stone"));
    for key in ["url", "site", "author", "actors", "dates"] {
        assert!(record.get(key).is_some(), "{key} missing: {record}");
    }
}

/// A windows-1252 page and CSV read as such, not as broken UTF-8.
#[test]
fn legacy_encodings_are_detected() {
    let env = Env::with_index();
    let dir = env.dir.path();
    let page = "<html><head><meta charset=\"windows-1252\"><title>Caf\u{e9} owners protest</title></head>\
                <body><article><h1>Caf\u{e9} owners protest</h1><p>Owners of caf\u{e9}s in the old town closed early on Friday \u{2013} in protest at the new rents.</p>\
                <p>The council said it would meet them next week to discuss the rents again.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    std::fs::write(dir.join("cafe.html"), &bytes).unwrap();
    env.cmd()
        .arg("index")
        .arg(dir.join("cafe.html"))
        .assert()
        .success();
    assert_eq!(
        json_of(&env, &["show", "cafe"])["title"],
        "Café owners protest"
    );
}

/// "3 days ago" means nothing without the day the page was saved: `--saved-at` gives it,
/// as a day or as each file's modification time, and `show` says where each
/// publication date came from.
#[test]
fn relative_bylines_count_from_the_day_the_page_was_saved() {
    let env = Env::with_index();
    let dir = env.dir.path().join("saved");
    std::fs::create_dir(&dir).unwrap();
    let relative = dir.join("talks.txt");
    std::fs::write(
        &relative,
        "Grain talks resume\n\nBy Lena Varga\n3 days ago\n\nNegotiators met in Vienna to resume talks on grain exports.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("ports.txt"),
        "Ports reopen\n\nATHENS, June 2, 2025 - Ships left Piraeus after the dock strike ended.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("dam.html"),
        page(
            "Dam gates opened at Hollen",
            "Engineers opened the Hollen dam gates as the river rose.",
            "2025-05-06",
        ),
    )
    .unwrap();
    let shown = |id: &str| {
        let a = env.json(&["show", id]);
        (
            a["published"].as_str().map(str::to_owned),
            a["published_source"].as_str().map(str::to_owned),
        )
    };
    let pair = |d: &str, s: &str| (Some(d.to_owned()), Some(s.to_owned()));

    // Without a saved day the relative byline cannot be read.
    env.cmd()
        .args(["index", dir.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(shown("talks"), (None, None));
    assert_eq!(shown("ports"), pair("2025-06-02", "dateline"));
    assert_eq!(shown("dam"), pair("2025-05-06", "og"));

    // A given day: re-indexing with it updates the articles without a given date.
    let report = env.json(&["index", "--saved-at", "2025-06-10", dir.to_str().unwrap()]);
    assert_eq!(
        (report["updated"].as_u64(), report["unchanged"].as_u64()),
        (Some(2), Some(1)),
        "{report}"
    );
    assert_eq!(shown("talks"), pair("2025-06-07", "relative"));
    env.cmd()
        .args(["show", "talks"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "published: 2025-06-07 (from relative)",
        ));

    // Each file's modification day.
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_750_000_000); // 2025-06-15
    std::fs::File::options()
        .write(true)
        .open(&relative)
        .unwrap()
        .set_modified(when)
        .unwrap();
    env.cmd()
        .args(["index", "--saved-at", "mtime", dir.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(shown("talks"), pair("2025-06-12", "relative"));

    // `extract` takes it too, and a month is not a day.
    let out = env
        .cmd()
        .args([
            "extract",
            "--saved-at",
            "2025-06-20",
            relative.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["published"], "2025-06-17");
    assert_eq!(line["published_source"], "relative");
    env.cmd()
        .args(["index", "--saved-at", "2025-06", dir.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr("search: --saved-at takes a day (2025-06-02) or mtime, not \"2025-06\"\n");
}
