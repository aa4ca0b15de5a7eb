//! What this shows: reading any archive file into records and printing them as JSON
//! Lines, `{id, title, published, published_source, url, site, author, language, body}`,
//! with problems on standard error. It is also the driver of `scripts/html-eval.sh`.
//!
//!     cargo run -p newsdex-formats --example read -- [--html] [--field title=hed] FILES...
//!
//! A record without an id of its own (a page, a text file) gets the file name without
//! its `.html`/`.gz` endings, as the HTML scorers expect; others without one get
//! `FILE#N`.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use newsdex_formats::{Format, Issue, ReaderBuilder, Record, Sink};

struct Print<'a, W: Write> {
    out: W,
    stem: &'a str,
    broken: bool,
}

impl<W: Write> Sink for Print<'_, W> {
    fn record(&mut self, r: Record) -> ControlFlow<()> {
        let id = r.id.clone().unwrap_or_else(|| {
            if r.position.record <= 1 {
                self.stem.to_owned()
            } else {
                format!("{}#{}", self.stem, r.position.record)
            }
        });
        let line = serde_json::json!({
            "id": id,
            "title": r.title,
            "published": r.published.map(|d| d.to_string()),
            "published_source": r.published_source.map(|s| s.as_str()),
            "url": r.url,
            "site": r.site,
            "author": r.author,
            "language": r.language,
            "body": r.body,
        });
        if writeln!(self.out, "{line}").is_err() {
            self.broken = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }
    fn issue(&mut self, issue: Issue) {
        eprintln!("{issue}");
    }
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut s = name.as_str();
    for ending in [".gz", ".html", ".htm"] {
        s = s.strip_suffix(ending).unwrap_or(s);
    }
    s.to_owned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = ReaderBuilder::new();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--html" => {
                builder.format(Format::Html);
            }
            "--jsonl" => {}
            "--field" => {
                let spec = args.next().ok_or("--field needs FIELD=NAME")?;
                builder.field_spec(&spec)?;
            }
            _ => files.push(arg),
        }
    }
    let reader = builder.build();
    let stdout = std::io::stdout();
    let mut failed = false;
    for file in &files {
        let path = Path::new(file);
        let stem = stem(path);
        let mut sink = Print {
            out: stdout.lock(),
            stem: &stem,
            broken: false,
        };
        if let Err(e) = reader.read_path(path, &mut sink) {
            eprintln!("{e}");
            failed = true;
        }
        if sink.broken {
            break;
        }
    }
    if failed {
        std::process::exit(2);
    }
    Ok(())
}
