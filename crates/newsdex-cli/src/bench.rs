//! `search bench`: times the queries of a file against an index. A line is what one
//! would type after `search query`, read with the same flag definitions (`args::QueryArgs`)
//! and turned into a request by the same code (`hiargs::query_request`).

use std::time::{Duration, Instant};

use clap::Parser;
use newsdex::{Index, SearchRequest};
use serde::Serialize;

use crate::args::BenchLine;
use crate::hiargs;

/// Latency figures of a benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// Distinct queries in the file.
    pub queries: usize,
    /// Times the whole file was run (after one warm-up pass).
    pub runs: usize,
    /// Searches timed.
    pub searches: usize,
    /// Median latency, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile latency, in milliseconds.
    pub p95_ms: f64,
    /// 99th percentile latency, in milliseconds.
    pub p99_ms: f64,
    /// Slowest search, in milliseconds.
    pub max_ms: f64,
    /// Searches per second, one search at a time.
    pub qps: f64,
    /// Segments of the index searched; each search covers them all.
    pub segments: usize,
    /// Threads each search used.
    pub search_threads: usize,
}

/// Parses a query file into requests; an error names the line at fault.
pub fn parse_file(text: &str) -> anyhow::Result<Vec<SearchRequest>> {
    let mut requests = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let request =
            parse_line(line).map_err(|e| hiargs::usage(&format!("query file:{}: {e:#}", n + 1)))?;
        requests.push(request);
    }
    if requests.is_empty() {
        return Err(hiargs::usage("the query file has no queries"));
    }
    Ok(requests)
}

/// `TEXT [OPTIONS]`: the text runs up to the first option, as written (its quotes are
/// query syntax); the options are split as a shell would and read as `search query`'s.
fn parse_line(line: &str) -> anyhow::Result<SearchRequest> {
    let option_at = line
        .match_indices(" -")
        .map(|(i, _)| i + 1)
        .chain((line.starts_with('-')).then_some(0))
        .filter(|&i| is_option(&line[i..]))
        .min();
    let (text, options) = match option_at {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    };
    let words = shell_words::split(options).map_err(|e| anyhow::anyhow!("{e} in the options"))?;
    let parsed = BenchLine::try_parse_from(words).map_err(|e| {
        // clap's message is several lines; its first says what is wrong.
        let rendered = e.to_string();
        let first = rendered.lines().next().unwrap_or_default();
        anyhow::anyhow!("{}", first.trim_start_matches("error: "))
    })?;
    let mut query = parsed.query;
    query.text = vec![text.trim().to_owned()];
    hiargs::query_request(&query)
}

/// Whether `s` starts with an option (`--limit`, or a short one such as `-n`) rather
/// than an excluded word (`-russia`).
fn is_option(s: &str) -> bool {
    use clap::CommandFactory;
    let word = s.split_whitespace().next().unwrap_or_default();
    if word.starts_with("--") {
        return true;
    }
    BenchLine::command()
        .get_arguments()
        .filter_map(|arg| arg.get_short())
        .any(|short| word == format!("-{short}"))
}

/// Runs every request once to warm up, then `runs` more times, timing each search
/// (hits with snippets and facet counts included, as the requests ask).
pub fn run(index: &Index, requests: &[SearchRequest], runs: usize) -> anyhow::Result<BenchReport> {
    for request in requests {
        index.search(request)?;
    }
    let mut times = Vec::with_capacity(requests.len() * runs);
    let started = Instant::now();
    for _ in 0..runs.max(1) {
        for request in requests {
            let t = Instant::now();
            std::hint::black_box(index.search(request)?);
            times.push(t.elapsed());
        }
    }
    let total = started.elapsed();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let pct =
        |p: f64| ms(times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1]);
    let stats = index.stats()?;
    Ok(BenchReport {
        queries: requests.len(),
        runs: runs.max(1),
        searches: times.len(),
        p50_ms: pct(0.50),
        p95_ms: pct(0.95),
        p99_ms: pct(0.99),
        max_ms: times.last().map_or(0.0, |d| ms(*d)),
        qps: times.len() as f64 / total.as_secs_f64().max(1e-9),
        segments: stats.segments,
        search_threads: index.threads_per_search(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_query_syntax_and_read_options() {
        let r =
            parse_line("\"point of no return\" --actor \"Maria Zakharova\" --since 2025-11 -n 3")
                .unwrap();
        assert_eq!(r.text(), "\"point of no return\"");
        assert_eq!(r.limit(), 3);
        assert_eq!(r.actors()[0].name(), "Maria Zakharova");
        assert_eq!(r.since().map(|d| d.to_string()), Some("2025-11-01".into()));
        let r = parse_line("CSTO -Russia --sort date").unwrap();
        assert_eq!((r.text(), r.sort()), ("CSTO -Russia", newsdex::Sort::Date));
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = parse_file("oil\n\n# note\ngold --limit x\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("query file:4: invalid value 'x' for '--limit <N>'"),
            "{err}"
        );
        let err = parse_file("oil --since 2025-13").unwrap_err();
        assert_eq!(
            err.to_string(),
            "query file:1: bad date \"2025-13\": month must be 01 to 12"
        );
        let err = parse_file("oil --colour red").unwrap_err();
        assert!(err.to_string().contains("unexpected argument"), "{err}");
        assert!(parse_file("# nothing\n").is_err());
    }
}
