//! What this shows: extraction over a JSON Lines file, printing one record per line in
//! the shape `search extract --jsonl` prints, without building the engine. It is the
//! quick loop for measuring actor changes against the shared gold sets:
//!
//!     cargo run --release -p newsdex-extract --example extract_jsonl -- GOLD.jsonl > PRED.jsonl
//!     ../shared/tools/score-extraction GOLD.jsonl PRED.jsonl
//!
//! A record gives `id`, `text` (or `title` and `body`) and optionally `published`
//! (`YYYY-MM-DD`); every other field is ignored. A path ending in `.txt` is read as one
//! article whose id is the file name without `.txt`. With `--archive`, actor names are
//! resolved across all the records, as the engine does for an archive.

use std::io::{BufRead, BufReader, Write};

use newsdex_extract::{extract, Date, Extracted, Resolver};
use serde_json::{json, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut archive = false;
    let mut articles: Vec<(String, String, Option<Date>)> = Vec::new();
    for path in std::env::args().skip(1) {
        if path == "--archive" {
            archive = true;
            continue;
        }
        if let Some(stem) = path.strip_suffix(".txt") {
            let id = stem.rsplit('/').next().unwrap_or(stem).to_string();
            articles.push((id, std::fs::read_to_string(&path)?, None));
            continue;
        }
        for line in BufReader::new(std::fs::File::open(&path)?).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let r: Value = serde_json::from_str(&line)?;
            let id = r["id"].as_str().unwrap_or_default().to_string();
            let text = match r["text"].as_str() {
                Some(t) => t.to_string(),
                None => format!(
                    "{}\n\n{}",
                    r["title"].as_str().unwrap_or_default(),
                    r["body"].as_str().unwrap_or_default()
                ),
            };
            let published = r["published"].as_str().and_then(|s| {
                let f = time::macros::format_description!("[year]-[month]-[day]");
                Date::parse(s.get(..10).unwrap_or(s), &f).ok()
            });
            articles.push((id, text, published));
        }
    }
    let mut found: Vec<Extracted> = articles
        .iter()
        .map(|(_, text, published)| extract(text, *published))
        .collect();
    if archive {
        let mut resolver = Resolver::new();
        for x in &found {
            resolver.add(&x.actors);
        }
        for x in &mut found {
            resolver.resolve(&mut x.actors);
        }
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    for ((id, _, _), x) in articles.iter().zip(&found) {
        let record = json!({
            "id": id,
            "title": x.title,
            "published": x.published.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())),
            "actors": x.actors,
            "dates": x.dates,
        });
        writeln!(out, "{record}")?;
    }
    Ok(())
}
