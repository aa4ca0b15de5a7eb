//! The `search` binary: parses flags, builds library requests, calls newsdex, renders.
//! One function per subcommand. Exit codes: 0 found, 1 nothing matched, 2 error; a
//! closed pipe is not an error.

mod args;
mod bench;
mod hiargs;
mod render;

/// mimalloc returns freed memory to the system promptly: glibc kept the index writer's
/// buffers resident through the final merges of a build. It is built not to ask for
/// transparent huge pages (`no_thp` in Cargo.toml: no `madvise(MADV_HUGEPAGE)`): each
/// huge page is 2 MB for the kernel to clear, which a query that allocates a few MB pays
/// for in start-up time, and a build in RSS. Where the kernel's THP setting is `always`
/// rather than the usual `madvise`, the kernel still decides (`MIMALLOC_ALLOW_THP=0`
/// turns them off for the process). It is mimalloc's v2 (the `v2` feature), not the
/// crate's default v3: v3 sets up its page map and arena bitmaps at start-up, which cost
/// a one-shot query 60 more page faults and 7-13% of its whole-process time, for no gain
/// in a build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, FromArgMatches};
use newsdex::{Index, UserError};

use args::{
    ActorsArgs, BenchArgs, Cli, Command, CompletionsArgs, DatesArgs, DeleteArgs, ExtractArgs,
    IndexArgs, JsonArg, QueryArgs, ServeArgs, ShowArgs,
};
use render::Style;

fn main() -> ExitCode {
    // A panic inside the library comes back as an error with its message, which is
    // printed once below; the default hook would print it first with a backtrace hint.
    std::panic::set_hook(Box::new(|info| {
        *LAST_PANIC
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(info.to_string());
    }));
    // (As `Cli::parse_from` does, with the one command tree the words were sorted by.)
    let command = Cli::command();
    let words = args::with_query_words_last(&command, std::env::args_os().collect());
    let mut matches = command.get_matches_from(words);
    let cli = Cli::from_arg_matches_mut(&mut matches)
        .unwrap_or_else(|e| e.format(&mut Cli::command()).exit());
    let result = std::panic::catch_unwind(|| run(cli)).unwrap_or_else(|_| {
        let message = LAST_PANIC
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .unwrap_or_default();
        Err(anyhow::anyhow!(
            "internal error (a bug; please report it): {message}"
        ))
    });
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("search: {}", render::clean(&message(&err)));
            ExitCode::from(2)
        }
    }
}

/// One line for a user error, with what to do where the command line has a way out;
/// internal errors keep their cause chain.
fn message(err: &anyhow::Error) -> String {
    let Some(error) = err.downcast_ref::<newsdex::Error>() else {
        return format!("{err:#}");
    };
    let newsdex::Error::User(user) = error else {
        return format!("{err:#}");
    };
    match user {
        UserError::IndexNotFound { .. } => {
            format!("{user}: build one with `search index PATH...`")
        }
        // "rebuild it": how, with this command.
        UserError::IncompatibleIndex { .. } | UserError::IndexDamaged { .. } => {
            format!("{user}: delete the folder and run `search index` on your articles again")
        }
        _ => user.to_string(),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The message of the last panic, for the one line printed about it.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// 0 when something was found, 1 when nothing was.
fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let style = hiargs::style(cli.color);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let index = || hiargs::index_dir(cli.index.clone());
    let code = match &cli.command {
        Command::Index(a) => index_cmd(&mut out, &index()?, a)?,
        Command::Query(a) => query(&mut out, &open(&index()?)?, a, style)?,
        Command::Actors(a) => actors(&mut out, &open(&index()?)?, a, style)?,
        Command::Dates(a) => dates(&mut out, &open(&index()?)?, a)?,
        Command::Show(a) => show(&mut out, &open(&index()?)?, a, style)?,
        Command::Stats(a) => stats(&mut out, &open(&index()?)?, a)?,
        Command::Check(a) => check(&mut out, &open(&index()?)?, a)?,
        Command::Delete(a) => delete(&open(&index()?)?, a)?,
        Command::Bench(a) => bench_cmd(&mut out, &open(&index()?)?, a)?,
        Command::Extract(a) => extract(&mut out, a)?,
        Command::Serve(a) => serve(&index()?, a)?,
        Command::Completions(a) => completions(&mut out, a)?,
        Command::Man => man(&mut out)?,
    };
    out.flush()?;
    Ok(code)
}

fn open(dir: &Path) -> anyhow::Result<Index> {
    Ok(Index::open_in_dir(dir)?)
}

fn index_cmd(out: &mut dyn Write, dir: &Path, a: &IndexArgs) -> anyhow::Result<ExitCode> {
    let index = Index::open_or_create_in_dir(dir)
        .with_context(|| format!("cannot open or create the index at {}", dir.display()))?;
    let mut options = hiargs::indexer_options(a)?;
    let signals = Signals::install()?;
    options.stop = Some(signals.any.clone());
    let mut indexer = index.indexer(options)?;
    let bar = progress_bar();
    let started = std::time::Instant::now();
    let report = indexer.index_paths(&a.paths, &mut |p| {
        bar.set_length(p.bytes_total);
        bar.set_position(p.bytes_done);
        let rate = p.articles as f64 / started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!("{} articles, {rate:.0}/s", p.articles));
    })?;
    bar.finish_and_clear();
    for issue in &report.issues {
        let what = if issue.skipped { "skipped" } else { "warning" };
        eprintln!("search: {what}: {}", render::clean(&issue.to_string()));
    }
    let too_large = report
        .issues
        .iter()
        .filter(|i| i.kind == newsdex::IssueKind::TooLarge)
        .count();
    if too_large > 0 {
        eprintln!(
            "search: {too_large} article{} over the size cap; --max-article-mb raises it",
            if too_large == 1 { " was" } else { "s were" }
        );
    }
    if a.output.json {
        render::json(out, &report)?;
    } else {
        render::index_report(&mut io::stderr(), &report)?;
    }
    if report.files == 0 && !report.interrupted {
        eprintln!("search: found no file newsdex reads in the paths given");
        return Ok(ExitCode::from(2));
    }
    if report.interrupted {
        let kept = report.added + report.updated;
        eprintln!(
            "search: interrupted: {kept} new or changed article{} committed and kept; run the same command again to go on",
            if kept == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(signals.exit_code()));
    }
    Ok(if report.skipped > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// SIGINT and SIGTERM during `search index`: the first sets a flag the indexer checks
/// between batches (it then commits and stops); a second of the same kind exits at once.
struct Signals {
    any: std::sync::Arc<std::sync::atomic::AtomicBool>,
    term: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Signals {
    fn install() -> anyhow::Result<Signals> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use signal_hook::flag;
        let any = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let term = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        for (signal, code) in [(SIGINT, 130), (SIGTERM, 143)] {
            // Registered before the flag: with the flag already set, the signal exits.
            flag::register_conditional_shutdown(signal, code, std::sync::Arc::clone(&any))
                .context("cannot handle signals")?;
            flag::register(signal, std::sync::Arc::clone(&any)).context("cannot handle signals")?;
        }
        flag::register(SIGTERM, std::sync::Arc::clone(&term)).context("cannot handle signals")?;
        Ok(Signals { any, term })
    }

    /// 128 + the signal's number, as shells report a process a signal ended.
    fn exit_code(&self) -> u8 {
        if self.term.load(std::sync::atomic::Ordering::Relaxed) {
            143
        } else {
            130
        }
    }
}

fn query(
    out: &mut dyn Write,
    index: &Index,
    a: &QueryArgs,
    style: Style,
) -> anyhow::Result<ExitCode> {
    let request = hiargs::query_request(a)?;
    if a.jsonl {
        let mut any = false;
        for hit in index.hits(&request, a.limit)? {
            render::json(out, &hit?)?;
            any = true;
        }
        return Ok(found(any));
    }
    let results = index.search(&request)?;
    if a.output.json {
        render::json(out, &results)?;
    } else {
        render::filters_used(out, &a.filters.actor, &results, style)?;
        render::results(out, &results, style)?;
    }
    Ok(found(results.total > 0))
}

fn actors(
    out: &mut dyn Write,
    index: &Index,
    a: &ActorsArgs,
    style: Style,
) -> anyhow::Result<ExitCode> {
    if let Some(rule) = &a.rule {
        return actor_rule(index, rule);
    }
    if a.rules {
        let rules = index.actor_rules();
        if a.output.json {
            render::json(out, &rules)?;
        } else {
            render::rules(out, &rules)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let results = index.search(&hiargs::actors_request(a)?)?;
    if a.output.json {
        render::json(
            out,
            &serde_json::json!({"total": results.total, "undated": results.facets.undated, "actors": results.facets.actors}),
        )?;
    } else {
        render::actors(out, &results.facets, style)?;
    }
    Ok(found(!results.facets.actors.is_empty()))
}

/// `search actors alias|hide|show|kind|forget`.
fn actor_rule(index: &Index, rule: &args::RuleCommand) -> anyhow::Result<ExitCode> {
    match hiargs::rule(rule)? {
        Some(rule) => {
            index.add_actor_rule(rule.clone())?;
            eprintln!("added: {}", render::clean(&rule.to_string()));
        }
        None => {
            let args::RuleCommand::Forget { number } = rule else {
                return Ok(ExitCode::SUCCESS);
            };
            let position = hiargs::rule_position(*number, index.actor_rules().len())?;
            let removed = index.remove_actor_rule(position)?;
            eprintln!("forgot: {}", render::clean(&removed.to_string()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn dates(out: &mut dyn Write, index: &Index, a: &DatesArgs) -> anyhow::Result<ExitCode> {
    let results = index.search(&hiargs::dates_request(a)?)?;
    let facets = &results.facets;
    let months = if a.mentioned {
        &facets.mentioned_months
    } else {
        &facets.months
    };
    if a.output.json {
        let mut json = serde_json::json!({"total": results.total, "undated": facets.undated, "months": months});
        if let Some(n) = results.undated_left_out {
            json["undated_left_out"] = n.into();
        }
        render::json(out, &json)?;
    } else {
        render::months(out, months)?;
        render::undated(out, &results, !a.mentioned)?;
    }
    Ok(found(!months.is_empty()))
}

fn show(
    out: &mut dyn Write,
    index: &Index,
    a: &ShowArgs,
    style: Style,
) -> anyhow::Result<ExitCode> {
    let article = index.article(&a.id)?;
    if a.output.json {
        render::json(out, &article)?;
    } else {
        render::article(out, &article, style)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(out: &mut dyn Write, index: &Index, a: &JsonArg) -> anyhow::Result<ExitCode> {
    let stats = index.stats()?;
    if a.json {
        render::json(out, &stats)?;
    } else {
        render::stats(out, &stats)?;
    }
    Ok(found(stats.articles > 0))
}

fn check(out: &mut dyn Write, index: &Index, a: &JsonArg) -> anyhow::Result<ExitCode> {
    let stats = index.check()?;
    if a.json {
        render::json(
            out,
            &serde_json::json!({"whole": true, "articles": stats.articles, "segments": stats.segments}),
        )?;
    } else {
        writeln!(
            out,
            "the index is whole: {} articles in {} segment{}, every file matches its checksum",
            stats.articles,
            stats.segments,
            if stats.segments == 1 { "" } else { "s" }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn delete(index: &Index, a: &DeleteArgs) -> anyhow::Result<ExitCode> {
    let mut indexer = index.indexer(newsdex::IndexerOptions::default())?;
    let mut missing = Vec::new();
    for id in &a.ids {
        if !indexer.delete(id)? {
            missing.push(id.as_str());
        }
    }
    indexer.commit()?;
    eprintln!("{} deleted", a.ids.len() - missing.len());
    for id in &missing {
        eprintln!("search: no article with id {:?}", render::clean(id));
    }
    Ok(found(missing.is_empty()))
}

fn bench_cmd(out: &mut dyn Write, index: &Index, a: &BenchArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&a.file)
        .with_context(|| format!("cannot read the query file {}", a.file.display()))?;
    let requests = bench::parse_file(&text)?;
    if let Some(threads) = hiargs::search_threads(a) {
        index.set_search_threads(threads);
    }
    let report = bench::run(index, &requests, a.runs)?;
    if a.output.json {
        render::json(out, &report)?;
    } else {
        render::bench(out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `search extract`: one JSON object per article, in input order. The articles given
/// are one archive: actor names are resolved across all of them before printing.
fn extract(out: &mut dyn Write, a: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let options = hiargs::read_options(&a.read)?;
    let mut articles = 0usize;
    let issues =
        newsdex::extract_archive(&a.paths, &options, |article, x| -> anyhow::Result<()> {
            articles += 1;
            render::json(out, &render::ExtractRecord::new(article, x))?;
            Ok(())
        })?;
    let skipped = issues.iter().any(|i| i.skipped);
    for issue in &issues {
        let what = if issue.skipped { "skipped" } else { "warning" };
        eprintln!("search: {what}: {}", render::clean(&issue.to_string()));
    }
    Ok(if skipped {
        ExitCode::from(2)
    } else {
        found(articles > 0)
    })
}

/// `search serve`: the HTTP API and web page, until Ctrl-C or SIGTERM.
fn serve(dir: &Path, a: &ServeArgs) -> anyhow::Result<ExitCode> {
    let index = open(dir)?;
    let options = hiargs::server_options(a);
    if !a.bind.ip().is_loopback() {
        eprintln!(
            "search: warning: listening on {}, which other machines can reach; the server has no authentication",
            a.bind
        );
    }
    newsdex_server::serve_until_signal(index, options, |addr| {
        eprintln!(
            "search: serving {} at http://{addr}/ (Ctrl-C stops)",
            dir.display()
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

fn completions(out: &mut dyn Write, a: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    clap_complete::generate(a.shell, &mut Cli::command(), "search", out);
    Ok(ExitCode::SUCCESS)
}

fn man(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(ExitCode::SUCCESS)
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} ({eta})",
    ) {
        bar.set_style(style);
    }
    // Moves while a large file is read between updates (it draws nothing when stderr is
    // not a terminal).
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
