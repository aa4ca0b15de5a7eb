//! Raw flags turned into library values, in one place (ripgrep's "high-level
//! arguments"): search requests, indexer options, the index folder, the output style.
//! A value that cannot be understood is reported here, as the user typed it.

use std::io::IsTerminal;
use std::path::PathBuf;

use newsdex::{
    ActorFilter, ActorKind, Format, IndexerOptions, Period, ReadOptions, Rule, SavedAt,
    SearchRequest, SearchRequestBuilder, Sort,
};

use crate::args::{ActorsArgs, Color, DatesArgs, Filters, IndexArgs, QueryArgs, ReadArgs, SortArg};
use crate::render::Style;

/// Hits `query` shows when `--limit` is not given.
const DEFAULT_LIMIT: usize = 10;

/// Where the index lives: `--index`, else `$NEWSDEX_INDEX` (unless empty), else
/// `$XDG_DATA_HOME/newsdex/index`, else `~/.local/share/newsdex/index`.
pub fn index_dir(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = flag.or_else(|| var("NEWSDEX_INDEX").map(PathBuf::from)) {
        return Ok(dir);
    }
    let data = var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    match data {
        Some(data) => Ok(data.join("newsdex").join("index")),
        None => Err(usage(
            "no index location: HOME and XDG_DATA_HOME are unset; give --index DIR or set NEWSDEX_INDEX",
        )),
    }
}

/// How to print: colour on a terminal unless `NO_COLOR` is set or `--color` says.
pub fn style(color: Color) -> Style {
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}

/// `search query`'s request; without words, the filters alone choose the articles.
pub fn query_request(a: &QueryArgs) -> anyhow::Result<SearchRequest> {
    let text = a.text.join(" ");
    let filtered =
        !a.filters.actor.is_empty() || a.filters.since.is_some() || a.filters.until.is_some();
    if text.trim().is_empty() && !filtered {
        return Err(usage(
            "the query is empty; give some words or a filter (--actor, --since, --until, --mentions), or use `search actors`/`search dates` to browse",
        ));
    }
    let mut b = SearchRequestBuilder::new(text);
    filters(&mut b, &a.filters)?;
    b.sort(match a.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Date => Sort::Date,
    })
    .limit(a.limit.unwrap_or(DEFAULT_LIMIT))
    .offset(a.offset)
    .actor_facets(a.facets)
    .mentioned_month_facets(!a.jsonl)
    .full_text(a.with_body);
    Ok(b.build())
}

/// `search actors`'s request: counts only.
pub fn actors_request(a: &ActorsArgs) -> anyhow::Result<SearchRequest> {
    let mut b = SearchRequestBuilder::new(a.text.join(" "));
    filters(&mut b, &a.filters)?;
    // Months are not shown, but the undated matches are counted.
    b.limit(0).month_facets(true).actor_facets(a.limit);
    if let Some(kind) = &a.kind {
        let kind: ActorKind = kind.parse().map_err(|e| usage(&format!("{e}")))?;
        b.actor_kinds(&[kind]);
    }
    Ok(b.build())
}

/// `search dates`'s request: the month histogram only.
pub fn dates_request(a: &DatesArgs) -> anyhow::Result<SearchRequest> {
    let mut b = SearchRequestBuilder::new(a.text.join(" "));
    filters(&mut b, &a.filters)?;
    b.limit(0)
        .actor_facets(0)
        .month_facets(true)
        .mentioned_month_facets(a.mentioned);
    Ok(b.build())
}

fn filters(b: &mut SearchRequestBuilder, f: &Filters) -> anyhow::Result<()> {
    if f.include_undated && f.since.is_none() && f.until.is_none() {
        return Err(usage(
            "--include-undated keeps the undated articles that --since or --until would leave out; give one of them",
        ));
    }
    for actor in &f.actor {
        b.actor(actor.parse::<ActorFilter>()?);
    }
    for period in &f.mentions {
        b.mentions(period.parse::<Period>()?);
    }
    b.include_undated(f.include_undated);
    if let Some(since) = &f.since {
        b.since(since.parse::<Period>()?);
    }
    if let Some(until) = &f.until {
        b.until(until.parse::<Period>()?);
    }
    Ok(())
}

/// `search index`'s options: the memory budget split between buffers and merges.
pub fn indexer_options(a: &IndexArgs) -> anyhow::Result<IndexerOptions> {
    let mut options = IndexerOptions::default();
    let half = a.memory.saturating_mul(1 << 20) / 2;
    options.memory_budget = half;
    options.max_merge_bytes = half as u64;
    if let Some(threads) = a.threads {
        options.threads = threads;
    }
    options.prune = a.prune;
    options.commit_every_articles = a.commit_every;
    options.read = read_options(&a.read)?;
    options.commit_every = std::time::Duration::from_secs(a.commit_interval);
    Ok(options)
}

/// A rule command as the library's rule; `None` for `forget`.
pub fn rule(command: &crate::args::RuleCommand) -> anyhow::Result<Option<Rule>> {
    use crate::args::RuleCommand as C;
    Ok(match command {
        C::Alias { alias, name } => Some(Rule::Alias {
            alias: alias.clone(),
            of: name.clone(),
        }),
        C::Hide { name } => Some(Rule::Hide { name: name.clone() }),
        C::Show { name } => Some(Rule::Show { name: name.clone() }),
        C::Kind { name, kind } => Some(Rule::Kind {
            name: name.clone(),
            kind: kind.parse().map_err(|e| usage(&format!("{e}")))?,
        }),
        C::Forget { .. } => None,
    })
}

/// How `index` and `extract` find and read their inputs.
pub fn read_options(a: &ReadArgs) -> anyhow::Result<ReadOptions> {
    let format = |name: &str| {
        Format::from_name(name).ok_or_else(|| {
            usage(&format!(
                "unknown type {name:?}; use text, html, warc, feed, json, jsonl or csv"
            ))
        })
    };
    let mut options = ReadOptions::default();
    options.max_article_bytes = article_bytes(a.max_article_mb)?;
    options.globs = a.glob.clone();
    options.fields = a.field.clone();
    options.types = a
        .types
        .iter()
        .map(|t| format(t))
        .collect::<anyhow::Result<_>>()?;
    options.format = match (&a.format, a.html) {
        (_, true) => Some(Format::Html),
        (Some(name), false) => Some(format(name)?),
        (None, false) => None,
    };
    options.saved_at = match a.saved_at.as_deref() {
        None => None,
        Some("mtime") => Some(SavedAt::Mtime),
        Some(day) => {
            let period = day.parse::<Period>()?;
            if period.first() != period.last() {
                return Err(usage(&format!(
                    "--saved-at takes a day (2025-06-02) or mtime, not {day:?}"
                )));
            }
            Some(SavedAt::Date(period.first()))
        }
    };
    Ok(options)
}

/// `--max-article-mb` in bytes.
pub fn article_bytes(mb: f64) -> anyhow::Result<usize> {
    if !(mb.is_finite() && mb > 0.0) {
        return Err(usage("--max-article-mb takes a size in MB above 0"));
    }
    Ok((mb * 1e6).min(usize::MAX as f64) as usize)
}

/// A mistake in how the command was called, reported as a user error (one line, exit 2).
/// `search actors forget N`: the position in the library's rule list of the rule the
/// user numbered from 1, as `search actors --rules` lists them.
pub fn rule_position(number: usize, rules: usize) -> anyhow::Result<usize> {
    match number.checked_sub(1) {
        None => Err(usage(
            "rules are numbered from 1, as `search actors --rules` lists them",
        )),
        Some(position) if position >= rules => Err(usage(&format!(
            "there is no rule {number}; `search actors --rules` lists {rules}"
        ))),
        Some(position) => Ok(position),
    }
}

/// `search serve`'s flags as the server's options.
pub fn server_options(a: &crate::args::ServeArgs) -> newsdex_server::ServerOptions {
    let mut options = newsdex_server::ServerOptions::default();
    options.bind = a.bind;
    options.cors_origin = a.cors.clone();
    options
}

/// `search bench --threads N`: the threads one search may use, when given.
pub fn search_threads(a: &crate::args::BenchArgs) -> Option<usize> {
    a.threads.map(usize::from)
}

pub fn usage(message: &str) -> anyhow::Error {
    newsdex::Error::from(newsdex::UserError::InvalidRequest(message.to_owned())).into()
}
