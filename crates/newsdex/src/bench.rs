//! Latency benchmarks over a user's own archive: a file of queries, each run several
//! times against an index, reported as percentiles and queries per second.
//!
//! A query file has one query per line, optionally followed by filters as on the command
//! line: `CSTO --actor "Maria Zakharova" --since 2025-11 --limit 5`. Blank lines and lines
//! starting with `#` are skipped.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{Result, UserError};
use crate::index::Index;
use crate::search::{SearchRequest, SearchRequestBuilder, Sort};

/// Parses a query file into requests; an error names the line at fault.
pub fn parse_query_file(text: &str) -> Result<Vec<SearchRequest>> {
    let mut requests = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let request = parse_query_line(line).map_err(|e| UserError::BadInput {
            path: "query file".into(),
            line: Some(n + 1),
            reason: e.to_string(),
        })?;
        requests.push(request);
    }
    Ok(requests)
}

/// `TEXT [--actor NAME] [--since D] [--until D] [--sort relevance|date] [--limit N]`.
pub fn parse_query_line(line: &str) -> Result<SearchRequest> {
    // The text runs up to the first filter flag, verbatim: quotes in it are query syntax.
    let flag_at = line.match_indices(" --").map(|(i, _)| i).find(|&i| {
        ["actor", "since", "until", "sort", "limit"]
            .iter()
            .any(|f| line[i + 3..].starts_with(f))
    });
    let (text, flags) = match flag_at {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    };
    let mut b = SearchRequestBuilder::new(text.trim());
    let words = split_words(flags)?;
    let mut words = words.iter();
    while let Some(flag) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| invalid(format!("{flag} needs a value")))?;
        match flag.as_str() {
            "--actor" => {
                b.actor(value);
            }
            "--since" => {
                b.since(value)?;
            }
            "--until" => {
                b.until(value)?;
            }
            "--sort" => {
                b.sort(match value.as_str() {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    _ => {
                        return Err(invalid(format!(
                            "--sort takes relevance or date, not {value:?}"
                        )))
                    }
                });
            }
            "--limit" => {
                b.limit(
                    value
                        .parse()
                        .map_err(|_| invalid(format!("--limit takes a number, not {value:?}")))?,
                );
            }
            other => return Err(invalid(format!("unknown filter {other:?}"))),
        }
    }
    Ok(b.build())
}

fn invalid(message: String) -> crate::Error {
    UserError::InvalidRequest(message).into()
}

/// Splits on whitespace, keeping double-quoted groups together (quotes removed).
fn split_words(s: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(invalid("unclosed quote in the filters".to_owned()));
    }
    if any {
        words.push(word);
    }
    Ok(words)
}

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
    /// Threads each search used: 1 over one segment, else the segments shared among
    /// up to [`Index::search_threads`] threads (see [`Index::set_search_threads`]).
    pub search_threads: usize,
}

impl Index {
    /// Runs every request once to warm up, then `runs` more times, timing each search
    /// (hits with snippets and facet counts included, as the requests ask).
    pub fn bench(&self, requests: &[SearchRequest], runs: usize) -> Result<BenchReport> {
        if requests.is_empty() {
            return Err(invalid("the query file has no queries".to_owned()));
        }
        for request in requests {
            self.search(request)?;
        }
        let mut times = Vec::with_capacity(requests.len() * runs);
        let started = Instant::now();
        for _ in 0..runs.max(1) {
            for request in requests {
                let t = Instant::now();
                std::hint::black_box(self.search(request)?);
                times.push(t.elapsed());
            }
        }
        let total = started.elapsed();
        let segments = self.reader.searcher().segment_readers().len();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let pct = |p: f64| {
            ms(times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1])
        };
        Ok(BenchReport {
            queries: requests.len(),
            runs: runs.max(1),
            searches: times.len(),
            p50_ms: pct(0.50),
            p95_ms: pct(0.95),
            p99_ms: pct(0.99),
            max_ms: times.last().map_or(0.0, |d| ms(*d)),
            qps: times.len() as f64 / total.as_secs_f64().max(1e-9),
            segments,
            search_threads: self.threads_for(segments),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_query_syntax_and_read_filters() {
        let r = parse_query_line(
            "\"point of no return\" --actor \"Maria Zakharova\" --since 2025-11 --limit 3",
        )
        .unwrap();
        assert_eq!(r.text(), "\"point of no return\"");
        assert_eq!(r.limit, 3);
        assert_eq!(r.actors[0].name, "Maria Zakharova");
        assert_eq!(r.since.map(|d| d.to_string()), Some("2025-11-01".into()));
        let r = parse_query_line("CSTO -Russia").unwrap();
        assert_eq!(r.text(), "CSTO -Russia");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = parse_query_file("oil\n\n# note\ngold --limit x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "query file:4: --limit takes a number, not \"x\""
        );
        let err = parse_query_file("oil --since 2025-13").unwrap_err();
        assert_eq!(
            err.to_string(),
            "query file:1: bad date \"2025-13\": month must be 01 to 12"
        );
    }
}
