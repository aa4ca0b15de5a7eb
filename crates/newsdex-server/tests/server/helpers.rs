//! Shared by the tests: an index of the sample articles (and one written to attack the
//! page), a server over it on a free port, and a small HTTP client that reports status
//! codes instead of failing on them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use newsdex::{Article, Date, Index, IndexerOptions, Month};
use newsdex_server::{Server, ServerOptions};

/// Articles in the sample folder (pages, feed items, JSON Lines records).
pub const SAMPLES: u64 = 23;

/// The id of the hostile article.
pub const EVIL: &str = "evil/<script>\"'&";
/// Its title: markup, quotes, an ampersand.
pub const EVIL_TITLE: &str = "<script>alert('title')</script> \"Quoted\" & <b>bold</b>";

/// The bundled sample articles.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

/// An index of the sample articles and the hostile one, in a temporary folder.
pub fn sample_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = Index::create_in_dir(dir.path()).expect("an index");
    let mut indexer = index
        .indexer(IndexerOptions::default())
        .expect("the writer");
    let report = indexer
        .index_paths(&[samples()], &mut |_| {})
        .expect("the samples index");
    assert_eq!(report.skipped, 0);
    assert_eq!(report.added as u64, SAMPLES);
    indexer
        .add(
            Article::new(EVIL)
                .with_title(EVIL_TITLE)
                .with_body(
                    "Helena Brandt said <img src=x onerror=alert(1)> and \
                     </p><script>alert(\"body\")</script> in Vienna on 4 March 2025. \
                     Escape \u{1b}[31mred\u{1b}[0m, a nul \u{0} and a bell \u{7}; \
                     right-to-left \u{202e}txet. Javascript: <a href=\"javascript:alert(2)\">x</a>",
                )
                .with_published(Date::from_calendar_date(2025, Month::March, 5).expect("a date"))
                .with_source("javascript:alert('source')"),
        )
        .expect("the hostile article");
    indexer.commit().expect("a commit");
    dir
}

/// A server over the index in `dir` on a free loopback port.
pub fn serve(dir: &Path) -> Server {
    serve_with(dir, |_| {})
}

/// The same, with options changed by `change`.
pub fn serve_with(dir: &Path, change: impl FnOnce(&mut ServerOptions)) -> Server {
    let index = Index::open_in_dir(dir).expect("the index opens");
    let mut options = ServerOptions::default();
    options.bind = "127.0.0.1:0".parse().expect("an address");
    change(&mut options);
    Server::start(index, options).expect("the server starts")
}

/// A response: status, headers, body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// `{"error", "hint"}` with this status; the error's text.
    pub fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.header("content-type"), Some("application/json"));
        let v = self.json();
        let keys: Vec<&str> = v
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["error", "hint"], "{v}");
        v["error"].as_str().expect("a message").to_owned()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// `GET http://{server}{path}`; `path` goes as written.
pub fn get(server: &Server, path: &str) -> Reply {
    request(server, "GET", path)
}

pub fn request(server: &Server, method: &str, path: &str) -> Reply {
    let url = format!("http://{}{path}", server.local_addr());
    let agent = agent();
    let response = match method {
        "GET" => agent.get(&url).call(),
        "POST" => agent.post(&url).send(""),
        "DELETE" => agent.delete(&url).call(),
        other => panic!("no {other} here"),
    }
    .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response
        .into_body()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .expect("a body");
    Reply {
        status,
        headers,
        body,
    }
}

/// A path with its query string encoded.
pub fn path(route: &str, pairs: &[(&str, &str)]) -> String {
    let mut s = String::from(route);
    for (i, (k, v)) in pairs.iter().enumerate() {
        s.push(if i == 0 { '?' } else { '&' });
        s.push_str(k);
        s.push('=');
        s.push_str(&encode(v));
    }
    s
}

pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
