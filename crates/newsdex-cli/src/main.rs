//! The `search` binary: parses flags, builds library requests, calls newsdex, renders.
//! Exit codes: 0 found, 1 nothing matched, 2 error; a closed pipe is not an error.

mod args;
mod render;

/// mimalloc returns freed memory to the system promptly: glibc kept the index writer's
/// buffers resident through the final merges of a build. It is built not to ask for
/// transparent huge pages (`no_thp` in Cargo.toml: no `madvise(MADV_HUGEPAGE)`): each
/// huge page is 2 MB for the kernel to clear, which a query that allocates a few MB pays
/// for in start-up time, and a build in RSS. Where the kernel's THP setting is `always`
/// rather than the usual `madvise`, the kernel still decides (`MIMALLOC_ALLOW_THP=0`
/// turns them off for the process).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use newsdex::{Index, IndexerOptions, SearchRequestBuilder, Sort};

use args::{Cli, Color, Command, Filters};
use render::Style;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // User errors are one line; internal ones keep their cause chain.
            let user = err
                .downcast_ref::<newsdex::Error>()
                .is_some_and(newsdex::Error::is_user_error);
            if user {
                eprintln!("search: {}", err.root_cause());
            } else {
                eprintln!("search: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let style = Style {
        color: use_color(cli.color),
    };
    let index_dir = cli.index.clone().unwrap_or_else(default_index_dir);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Index(a) => {
            let index = Index::open_or_create_in_dir(&index_dir).with_context(|| {
                format!("cannot open or create the index at {}", index_dir.display())
            })?;
            let mut options = IndexerOptions::default();
            let half = a.memory.saturating_mul(1 << 20) / 2;
            options.memory_budget = half;
            options.max_merge_bytes = half as u64;
            if let Some(threads) = a.threads {
                options.threads = threads;
            }
            options.prune = a.prune;
            options.commit_every_articles = a.commit_every.max(1);
            options.commit_every = std::time::Duration::from_secs(a.commit_interval);
            let mut indexer = index.indexer(options)?;
            let bar = progress_bar();
            let report = indexer.index_paths(&a.paths, &mut |p| {
                bar.set_length(p.bytes_total);
                bar.set_position(p.bytes_done);
                bar.set_message(format!("{} articles", p.articles));
            })?;
            bar.finish_and_clear();
            for issue in &report.issues {
                let what = if issue.skipped { "skipped" } else { "warning" };
                eprintln!("search: {what}: {issue}");
            }
            if a.output.json {
                render::json(&mut out, &report)?;
            } else {
                render::index_report(&mut io::stderr(), &report)?;
            }
            if report.skipped > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Query(a) => {
            let index = open(&index_dir)?;
            let text = a.text.join(" ");
            // Without words the filters alone choose the articles (newest first).
            let filtered = !a.filters.actor.is_empty()
                || a.filters.since.is_some()
                || a.filters.until.is_some();
            if text.trim().is_empty() && !filtered {
                anyhow::bail!(newsdex::Error::from(newsdex::UserError::InvalidRequest(
                    "the query is empty; give some words or a filter (--actor, --since, --until), or use `search actors`/`search dates` to browse".into()
                )));
            }
            let mut b = SearchRequestBuilder::new(text);
            apply_filters(&mut b, &a.filters)?;
            b.sort(match a.sort {
                args::SortArg::Relevance => Sort::Relevance,
                args::SortArg::Date => Sort::Date,
            })
            .limit(a.limit)
            .offset(a.offset)
            .actor_facets(a.facets);
            let results = index.search(&b.build())?;
            if a.output.json {
                render::json(&mut out, &results)?;
            } else {
                render::results(&mut out, &results, style)?;
            }
            found(results.total > 0)
        }
        Command::Actors(a) => {
            let index = open(&index_dir)?;
            let mut b = SearchRequestBuilder::new(a.text.join(" "));
            apply_filters(&mut b, &a.filters)?;
            b.limit(0).month_facets(false).actor_facets(a.limit);
            if let Some(kind) = &a.kind {
                let kind = newsdex::ActorKind::parse(kind).ok_or_else(|| {
                    newsdex::Error::from(newsdex::UserError::InvalidRequest(format!(
                        "unknown actor kind {kind:?}; use person, org or place"
                    )))
                })?;
                b.actor_kinds(&[kind]);
            }
            let results = index.search(&b.build())?;
            if a.output.json {
                render::json(
                    &mut out,
                    &serde_json::json!({"total": results.total, "actors": results.facets.actors}),
                )?;
            } else {
                render::actors(&mut out, &results.facets, style)?;
            }
            found(!results.facets.actors.is_empty())
        }
        Command::Dates(a) => {
            let index = open(&index_dir)?;
            let mut b = SearchRequestBuilder::new(a.text.join(" "));
            apply_filters(&mut b, &a.filters)?;
            b.limit(0).actor_facets(0).month_facets(true);
            let results = index.search(&b.build())?;
            if a.output.json {
                render::json(
                    &mut out,
                    &serde_json::json!({"total": results.total, "months": results.facets.months}),
                )?;
            } else {
                render::months(&mut out, &results.facets)?;
            }
            found(!results.facets.months.is_empty())
        }
        Command::Show(a) => {
            let index = open(&index_dir)?;
            let article = index.article(&a.id)?;
            if a.output.json {
                render::json(&mut out, &article)?;
            } else {
                render::article(&mut out, &article, style)?;
            }
            ExitCode::SUCCESS
        }
        Command::Stats(a) => {
            let index = open(&index_dir)?;
            let stats = index.stats()?;
            if a.json {
                render::json(&mut out, &stats)?;
            } else {
                render::stats(&mut out, &stats)?;
            }
            found(stats.articles > 0)
        }
        Command::Delete(a) => {
            let index = open(&index_dir)?;
            let mut indexer = index.indexer(IndexerOptions::default())?;
            let mut missing = Vec::new();
            for id in &a.ids {
                if !indexer.delete(id)? {
                    missing.push(id.as_str());
                }
            }
            indexer.commit()?;
            let deleted = a.ids.len() - missing.len();
            eprintln!("{deleted} deleted");
            for id in &missing {
                eprintln!("search: no article with id {id:?}");
            }
            found(missing.is_empty())
        }
        Command::Bench(a) => {
            let index = open(&index_dir)?;
            let text = std::fs::read_to_string(&a.file)
                .with_context(|| format!("cannot read the query file {}", a.file.display()))?;
            let requests = newsdex::parse_query_file(&text)?;
            if let Some(threads) = a.threads {
                index.set_search_threads(usize::from(threads));
            }
            let report = index.bench(&requests, a.runs)?;
            if a.output.json {
                render::json(&mut out, &report)?;
            } else {
                render::bench(&mut out, &report)?;
            }
            ExitCode::SUCCESS
        }
        Command::Extract(a) => extract(&mut out, &a.paths)?,
    };
    out.flush()?;
    Ok(code)
}

fn open(dir: &PathBuf) -> anyhow::Result<Index> {
    Ok(Index::open_in_dir(dir)?)
}

fn apply_filters(b: &mut SearchRequestBuilder, f: &Filters) -> anyhow::Result<()> {
    for actor in &f.actor {
        b.actor(actor);
    }
    if let Some(since) = &f.since {
        b.since(since)?;
    }
    if let Some(until) = &f.until {
        b.until(until)?;
    }
    Ok(())
}

/// `search extract`: one JSON object per article, in input order. The articles given
/// are one archive: actor names are resolved across all of them before printing.
fn extract(out: &mut dyn Write, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut records: Vec<(String, newsdex::Extracted)> = Vec::new();
    let mut resolver = newsdex::extract::Resolver::new();
    let issues = newsdex::extract_paths(paths, |article, x| {
        resolver.add(&x.actors);
        records.push((article.id.clone(), x));
        Ok::<(), io::Error>(())
    })?;
    let articles = records.len();
    for (id, x) in &mut records {
        resolver.resolve(&mut x.actors);
        render::json(out, &render::ExtractRecord::new(id, x))?;
    }
    let skipped = issues.iter().any(|i| i.skipped);
    for issue in &issues {
        eprintln!(
            "search: {}: {issue}",
            if issue.skipped { "skipped" } else { "warning" }
        );
    }
    Ok(if skipped {
        ExitCode::from(2)
    } else {
        found(articles > 0)
    })
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} ({eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// `$XDG_DATA_HOME/newsdex/index`, else `~/.local/share/newsdex/index`, else `.newsdex`.
fn default_index_dir() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    data.map_or_else(
        || PathBuf::from(".newsdex"),
        |d| d.join("newsdex").join("index"),
    )
}
