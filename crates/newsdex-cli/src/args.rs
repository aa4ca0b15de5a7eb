//! Command-line flags as typed, parsed by clap. Turning them into library requests is
//! `main.rs`'s job; nothing here does any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
The index lives in $NEWSDEX_INDEX when set, else in $XDG_DATA_HOME/newsdex/index \
(~/.local/share/newsdex/index); --index DIR overrides both, before or after the command.

Exit codes: 0 found something, 1 nothing matched, 2 error (for `index`: some input was skipped).

Examples:
  search index ~/news                    index every .txt/.md/.jsonl under ~/news
  search query point of no return        exact phrase first, then near and scattered words
  search query CSTO --actor \"Maria Zakharova\" --since 2025-11
  search actors --kind person            the most named people
  search show 002_a7391be7acef8cdf       one article and what was extracted from it";

/// Full-text search over news articles, with the people, organisations, places and dates
/// they are about.
#[derive(Debug, Parser)]
#[command(name = "search", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// Index folder [default: $NEWSDEX_INDEX, else ~/.local/share/newsdex/index].
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "NEWSDEX_INDEX",
        hide_env = true
    )]
    pub index: Option<PathBuf>,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add or update articles from files and folders (.txt/.md pages, .jsonl/.ndjson exports).
    ///
    /// Folders are read recursively. A .txt/.md file is one article, its id the path relative
    /// to the folder given, without extension; its title, publication date and actors are
    /// found in the text. A JSON Lines file holds one article per line with `id`, `title`,
    /// `body` or `text`, `published` and `url` (other fields are ignored). Re-indexing an
    /// unchanged article does nothing; a changed one replaces its old version.
    Index(IndexArgs),
    /// Search: ranked hits with snippets, then the top actors and months of all matches.
    ///
    /// Type words as they come: `search query point of no return` ranks articles with the
    /// exact phrase first, then those with the words close together, then the rest. Query
    /// syntax works too: "quoted phrases", AND, OR, -excluded, title:word, actor:"Name".
    /// Without words, the filters alone choose the articles, newest first:
    /// `search query --actor "Maria Zakharova" --since 2025-11`.
    Query(QueryArgs),
    /// The most named actors of each kind, overall or among a query's matches.
    Actors(FacetArgs),
    /// How many articles were published each month, overall or among a query's matches.
    Dates(FacetArgs),
    /// One article, with the title, dates and actors extracted from it.
    Show(ShowArgs),
    /// Size of the index: articles, actors, date range, bytes on disk.
    Stats(JsonArg),
    /// Delete articles by id.
    Delete(DeleteArgs),
    /// Time the queries of a file against the index: p50/p95/p99 latency and queries/s.
    ///
    /// One query per line, optionally with filters as on the command line
    /// (`CSTO --actor "Maria Zakharova" --since 2025-11 --limit 5`); `#` starts a comment.
    /// Every query runs once to warm up, then --runs times.
    Bench(BenchArgs),
    /// Print what extraction finds in each article, one JSON object per line, without
    /// indexing.
    Extract(ExtractArgs),
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Threads for the build: all extract articles, half of them (at most 4) also
    /// index [default: number of cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Memory for the build, in MiB: half buffers documents before they are written,
    /// half bounds how much one segment merge reads. Peak memory stays near this
    /// whatever the corpus size; an index larger than half of it ends as several
    /// segments.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub memory: usize,
    /// Delete articles read earlier from under these PATHs whose file or record is gone.
    #[arg(long)]
    pub prune: bool,
    /// Commit after this many new or changed articles, so an interrupted run keeps them.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub commit_every: usize,
    /// Commit when this many seconds have passed since the last commit.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub commit_interval: u64,
    #[command(flatten)]
    pub output: JsonArg,
}

#[derive(Debug, Args)]
pub struct Filters {
    /// Only articles naming this actor; NAME or KIND:NAME (person, org, place). Repeatable.
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// Only articles published on or after this date: 2025-11-01, 2025-11 or 2025.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date (a month or year includes all of it).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query: words, "phrases", AND/OR, -term, field:value. May be left out when
    /// --actor, --since or --until is given.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Order of hits (without query words, always newest first).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Hits to show (0: only counts and facets).
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Hits to skip, for paging.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Actors to count per kind (0: no actor facets).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub facets: usize,
    #[command(flatten)]
    pub output: JsonArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Debug, Args)]
pub struct FacetArgs {
    /// Only count articles matching this query (all articles when absent).
    #[arg(value_name = "QUERY")]
    pub text: Vec<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Entries per kind.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Only this kind of actor (person, org, place); for `actors`.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    #[command(flatten)]
    pub output: JsonArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as shown in search results.
    pub id: String,
    #[command(flatten)]
    pub output: JsonArg,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The query file.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Timed passes over the file.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub runs: usize,
    /// Threads one search may use: the segments of a large index (several segments) are
    /// searched in parallel by this many threads; 1 times searches on one thread
    /// [default: number of cores, at most 8].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    #[command(flatten)]
    pub output: JsonArg,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Ids of the articles to delete.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files and folders to read, or - for JSON Lines on standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// One JSON object per article per line (the only output format, accepted for clarity).
    #[arg(long)]
    pub jsonl: bool,
}
