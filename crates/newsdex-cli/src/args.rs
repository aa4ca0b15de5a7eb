//! Command-line flags as typed, parsed by clap: strings and numbers, nothing checked
//! beyond their shape (ripgrep's "low-level arguments"). `hiargs.rs` turns them into
//! library values; nothing here does any work.

use std::path::PathBuf;

use std::ffi::OsString;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
`search index` commits what it has indexed when interrupted (Ctrl-C, SIGTERM); running
the same command again goes on from there. A second Ctrl-C stops at once.

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
    #[arg(long, global = true, value_name = "DIR")]
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
    /// Add or update articles from files and folders: saved web pages, WARC crawls,
    /// RSS/Atom feeds, JSON, JSON Lines and CSV/TSV exports, text files (.gz too).
    ///
    /// Folders are walked as ripgrep walks them: hidden files and what .gitignore and
    /// .ignore files list are left out, and files of other types are counted in the
    /// summary. A page or text file is one article, its id the path relative to the folder
    /// given, without extension; a crawl, feed or export holds many, each with the id it
    /// gives (a record's id or guid, an item's link, a WARC target URI) or its file's id
    /// and line. Titles, dates and actors are found in the text where the input does not
    /// give them. Re-indexing an unchanged article does nothing; a changed one replaces
    /// its old version. The same run again on files unchanged since (same sizes and
    /// times, same options) reads nothing at all.
    #[command(after_help = "Examples:
  search index ~/news                     every supported file under ~/news
  search index saved-pages/ crawl.warc.gz
  search index --prune ~/news             also delete articles whose file is gone
  search index export.csv --field title=hed --field body=story_text
  search index ~/news --glob '*.html' --glob '!drafts/**'
  search index export.jsonl --json        a JSON report for scripts")]
    Index(IndexArgs),
    /// Search: ranked hits with snippets, then the top actors and months of all matches.
    ///
    /// Type words as they come: `search query point of no return` ranks articles with the
    /// exact phrase first, then those with the words close together, then the rest. Query
    /// syntax works too: "quoted phrases", AND, OR, -excluded, title:word, actor:"Name".
    /// Without words, the filters alone choose the articles, newest first.
    #[command(after_help = "Examples:
  search query point of no return
  search query '\"water treaty\" AND Vienna'
  search query CSTO --actor \"Maria Zakharova\" --since 2025-11
  search query --actor \"Maria Zakharova\" --since 2025-11    filters alone, newest first
  search query CSTO --mentions 2025-12 --since 2025-11       written since November about December
  search query oil -saudi                                   -word excludes, +word requires
  search query petrol* volker~1                             word starts, words within an edit
  search query oil --jsonl --with-body > oil.jsonl          every match, full text")]
    Query(QueryArgs),
    /// The most named actors of each kind, overall or among a query's matches, with the
    /// other names each goes by; and the rules that correct them.
    ///
    /// An actor is an entity of the whole archive: "Volcker" in one article and "Paul
    /// Volcker" in another are one person, "IMF" and "International Monetary Fund" one
    /// organisation. News agencies (Reuters, AP, AFP...) are hidden by default.
    #[command(after_help = "Examples:
  search actors                           the most named actors of each kind
  search actors --kind person -n 50
  search actors CSTO --since 2025         among the matches of a query
  search actors alias EC \"European Community\"
  search actors hide \"Smith Barney\"
  search actors show Reuters              count an agency hidden by default
  search actors kind \"Asahi Shimbun\" org
  search actors --rules                   the rules, numbered
  search actors forget 2                  undo rule 2")]
    Actors(ActorsArgs),
    /// How many articles were published each month (or mention each month, with
    /// --mentioned), overall or among a query's matches, and how many have no date.
    #[command(after_help = "Examples:
  search dates
  search dates CSTO --actor Zakharova
  search dates --mentioned CSTO --since 2025-11")]
    Dates(DatesArgs),
    /// One article, with the title, dates and actors extracted from it.
    #[command(after_help = "Examples:
  search show 002_a7391be7acef8cdf
  search show wire-7 --json")]
    Show(ShowArgs),
    /// Size of the index: articles, actors, date range, bytes on disk.
    #[command(after_help = "Examples:
  search stats
  search stats --json")]
    Stats(JsonArg),
    /// Check that the index is whole: every file against its checksum, every article and
    /// column read once. Exit 0 when whole, 2 naming the damaged files otherwise.
    #[command(after_help = "Examples:
  search check
  search --index /archive/index check --json")]
    Check(JsonArg),
    /// Delete articles by id.
    #[command(after_help = "Examples:
  search delete wire-7 wire-8")]
    Delete(DeleteArgs),
    /// Time the queries of a file against the index: p50/p95/p99 latency and queries/s.
    ///
    /// One query per line, as typed after `search query`: the text, then any of its
    /// options (`CSTO --actor "Maria Zakharova" --since 2025-11 --limit 5`); the text is
    /// taken as written, quotes included. `#` starts a comment. Every query runs once to
    /// warm up, then --runs times.
    #[command(after_help = "Examples:
  search bench queries.txt --runs 20
  search bench queries.txt --threads 1 --json")]
    Bench(BenchArgs),
    /// Print what extraction finds in each article, one JSON object per line, without
    /// indexing: id, title, published, url, site, author, body, actors, dates. Reads
    /// everything `index` reads.
    #[command(after_help = "Examples:
  search extract --jsonl article.txt
  search extract --jsonl saved-pages/
  curl -s https://example.org/news/1 | search extract --html -
  cat export.jsonl | search extract --jsonl -")]
    Extract(ExtractArgs),
    /// Serve the index over HTTP: a JSON API and a web page to search and explore it.
    ///
    /// The server only reads, and shows what `search index` commits from another process
    /// within a second. It listens on loopback unless --bind says otherwise; there is no
    /// authentication. Ctrl-C or SIGTERM stops it once the requests under way are answered.
    #[command(after_help = "Examples:
  search serve                            http://127.0.0.1:7700/
  search serve --bind 127.0.0.1:8080
  curl 'http://127.0.0.1:7700/api/search?q=oil&actor=OPEC&limit=5'")]
    Serve(ServeArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    #[command(after_help = "Examples:
  search completions bash > ~/.local/share/bash-completion/completions/search
  search completions zsh > ~/.zfunc/_search
  search completions fish > ~/.config/fish/completions/search.fish")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Examples:
  search man > ~/.local/share/man/man1/search.1 && man search")]
    Man,
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
    #[arg(long, value_name = "MIB", default_value_t = 224)]
    pub memory: usize,
    /// Delete articles read earlier from under these PATHs whose file or record is gone.
    #[arg(long)]
    pub prune: bool,
    /// Commit after this many new or changed articles, so an interrupted run keeps them
    /// (0: only by time and at the end).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub commit_every: usize,
    /// Commit when this many seconds have passed since the last commit.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub commit_interval: u64,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub output: JsonArg,
}

/// How inputs are found and read, for `index` and `extract`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The largest article read, in MB (10^6 bytes); larger files and records are
    /// skipped with a warning.
    #[arg(long, value_name = "MB", default_value_t = 8.0)]
    pub max_article_mb: f64,
    /// Only files in folders matching this glob (as ripgrep's; `!GLOB` leaves files out).
    /// Repeatable.
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Only files of this type: text, html, warc, feed, json, jsonl, csv. Repeatable.
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub types: Vec<String>,
    /// Read a JSON or CSV field under another name: FIELD=NAME, FIELD one of id, title,
    /// body, published, url, author, site (`--field title=hed --field body=story_text`).
    #[arg(long, value_name = "FIELD=NAME")]
    pub field: Vec<String>,
    /// Read every input (standard input included) as this type instead of detecting it.
    #[arg(long, value_name = "TYPE")]
    pub format: Option<String>,
    /// Read every input as an HTML page: the same as --format html.
    #[arg(long, conflicts_with = "format")]
    pub html: bool,
    /// When the pages were saved, for bylines such as "3 hours ago": a day (2025-06-02,
    /// or 2d for two days ago), or `mtime` for each file's modification day. A crawl's
    /// own capture dates win over it. It is never taken as a publication date.
    #[arg(long, value_name = "DAY|mtime")]
    pub saved_at: Option<String>,
}

#[derive(Debug, Args)]
pub struct Filters {
    /// Only articles naming this actor: NAME or KIND:NAME (person, org, place); any of its
    /// names, case and accents aside. Repeated, the articles naming all of them; for any
    /// of them use the query syntax: 'actor:"Lena Varga" OR actor:NRC'.
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// Only articles published on or after this date: 2025-11-01, 2025-11, 2025, or a day
    /// counted back from today: 30d, 2w, 6m, 1y.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date (a month or year includes all of it).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// With --since/--until, keep the articles whose publication date is unknown too
    /// (left out by default, and counted).
    #[arg(long)]
    pub include_undated: bool,
    /// Only articles that mention a date in this period: 2025-12-22, 2025-12, 2025 or a
    /// range 2025-11..2025-12 ("2025-12" matches "22 December 2025" and "December 2025",
    /// not "2025"). Repeated, dates in each.
    #[arg(long, value_name = "PERIOD")]
    pub mentions: Vec<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query: words, "phrases", AND/OR, -excluded, +required, field:value, word*
    /// (words starting so), word~1 or word~2 (words within one or two edits). May be left
    /// out when a filter is given.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Order of hits (without query words, always newest first).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Hits to show (0: only counts and facets) [default: 10; with --jsonl, every match].
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Hits to skip, for paging.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Actors to count per kind (0: no actor facets).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub facets: usize,
    /// One hit per line as JSON, every match unless --limit is given: an export a script
    /// can stream (no facets).
    #[arg(long, conflicts_with_all = ["json", "facets"])]
    pub jsonl: bool,
    /// With --jsonl, each hit carries the article's whole body and all its actors.
    #[arg(long, requires = "jsonl")]
    pub with_body: bool,
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
#[command(args_conflicts_with_subcommands = true)]
pub struct ActorsArgs {
    /// Only count articles matching this query (all articles when absent).
    #[arg(value_name = "QUERY")]
    pub text: Vec<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Entries per kind.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Only this kind of actor: person, org or place.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// List the rules about actors kept with the index (numbered, for `forget`).
    #[arg(
        long,
        conflicts_with_all = ["text", "limit", "kind", "actor", "since", "until", "include_undated", "mentions"]
    )]
    pub rules: bool,
    #[command(flatten)]
    pub output: JsonArg,
    #[command(subcommand)]
    pub rule: Option<RuleCommand>,
}

/// The user's last word on actors, kept with the index and applied to every search
/// without re-indexing.
#[derive(Debug, Subcommand)]
pub enum RuleCommand {
    /// ALIAS is another name of the actor named NAME: counted as one, under NAME.
    #[command(after_help = "Examples:
  search actors alias EC \"European Community\"
  search actors alias \"Fed\" \"Federal Reserve\"
  search actors --rules                   the rules, numbered (forget N undoes one)")]
    Alias {
        /// The other name ("EC").
        alias: String,
        /// The actor's name ("European Community").
        name: String,
    },
    /// Leave an actor out of actor counts (its articles can still be filtered by it).
    #[command(after_help = "Examples:
  search actors hide \"Smith Barney\"
  search actors hide Reuters")]
    Hide {
        /// Any of the actor's names.
        name: String,
    },
    /// Count an actor hidden by default (a news agency) after all.
    #[command(after_help = "Examples:
  search actors show Reuters              count Reuters, hidden by default
  search actors show AP")]
    Show {
        /// Any of the actor's names.
        name: String,
    },
    /// Say what kind of actor this is, whatever extraction said.
    #[command(after_help = "Examples:
  search actors kind \"Asahi Shimbun\" org
  search actors kind \"White House\" org")]
    Kind {
        /// Any of the actor's names.
        name: String,
        /// person, org or place.
        kind: String,
    },
    /// Undo a rule: its number in `search actors --rules`.
    #[command(after_help = "Examples:
  search actors --rules                   the rules, numbered from 1
  search actors forget 2                  undo rule 2")]
    Forget {
        /// The rule's number.
        number: usize,
    },
}

#[derive(Debug, Args)]
pub struct DatesArgs {
    /// Only count articles matching this query (all articles when absent).
    #[arg(value_name = "QUERY")]
    pub text: Vec<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Count the months the articles' mentioned dates fall in, not their publication.
    #[arg(long)]
    pub mentioned: bool,
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
    pub file: PathBuf,
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

/// One line of a bench file: the options of `search query` after its text.
#[derive(Debug, Parser)]
#[command(name = "query", no_binary_name = true)]
pub struct BenchLine {
    #[command(flatten)]
    pub query: QueryArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Ids of the articles to delete.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files and folders to read, or - for standard input (JSON Lines unless --format or
    /// --html says otherwise).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// One JSON object per article per line (the only output format, accepted for clarity).
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; any but a loopback address is reachable from
    /// other machines.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,
    /// Let pages from this origin call the API from a browser (CORS), as in
    /// `https://example.org`; `*` for any. Off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The command line with the query words of `query`, `actors` and `dates` moved after a
/// `--`, so that `search query oil -saudi --limit 5` reads `-saudi` as an excluded word,
/// as the query syntax has it, and `--limit 5` as an option. A word is an option when
/// it names one of the command's options (`--limit`, `-n`, `--limit=5`, `-n5`); every
/// other word, `-word` and `+word` included, is query text. Words after a `--` typed by
/// the user stay text.
///
/// `cli` is `Cli::command()`, built once by the caller: building clap's command tree is
/// a tenth of a query's instructions, and `main` parses with the same tree.
pub fn with_query_words_last(cli: &clap::Command, args: Vec<OsString>) -> Vec<OsString> {
    let takes_value = |arg: &clap::Arg| arg.get_action().takes_values();
    let mut out = Vec::with_capacity(args.len() + 1);
    let mut rest = args.into_iter();
    // The binary, global options and the subcommand's name, as given.
    out.extend(rest.next());
    let mut sub = None;
    while let Some(word) = rest.next() {
        let text = word.to_string_lossy().into_owned();
        out.push(word);
        if let Some(found) = cli.find_subcommand(&text) {
            sub = Some(found.clone());
            break;
        }
        let long = text
            .strip_prefix("--")
            .map(|l| l.split('=').next().unwrap_or(l));
        let global = cli
            .get_arguments()
            .find(|a| long.is_some_and(|l| a.get_long() == Some(l)));
        if let Some(arg) = global {
            if takes_value(arg) && !text.contains('=') {
                out.extend(rest.next());
            }
        }
    }
    let Some(sub) = sub.filter(|s| matches!(s.get_name(), "query" | "actors" | "dates")) else {
        out.extend(rest);
        return out;
    };
    // `search actors alias A B`: a subcommand of its own, read as it is.
    let mut rest = rest.peekable();
    if rest
        .peek()
        .is_some_and(|w| sub.find_subcommand(w).is_some())
    {
        out.extend(rest);
        return out;
    }
    let args: Vec<&clap::Arg> = sub.get_arguments().chain(cli.get_arguments()).collect();
    let mut words = Vec::new();
    while let Some(word) = rest.next() {
        let text = word.to_string_lossy().into_owned();
        if text == "--" {
            words.extend(rest.by_ref());
            break;
        }
        let option = if let Some(long) = text.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            // An unknown --option stays one, for clap to report.
            Some((
                args.iter().find(|a| a.get_long() == Some(name)).copied(),
                text.contains('='),
            ))
        } else if let Some(short) = text.strip_prefix('-').and_then(|s| s.chars().next()) {
            let found = args
                .iter()
                .find(|a| a.get_short() == Some(short))
                .map(|a| (Some(*a), text.chars().count() > 2));
            // `-n` alone is a flag this command does not have (`dates -n 5`), not a
            // one-letter word to exclude: it stays one, for clap to report.
            let lone_letter = text.len() == 2 && short.is_ascii_alphabetic();
            found.or(lone_letter.then_some((None, false)))
        } else {
            None
        };
        match option {
            Some((arg, value_attached)) => {
                out.push(word);
                if arg.is_some_and(takes_value) && !value_attached {
                    out.extend(rest.next());
                }
            }
            None => words.push(word),
        }
    }
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn normalized(line: &str) -> String {
        let args = line.split(' ').map(OsString::from).collect();
        with_query_words_last(&Cli::command(), args)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn query_words_go_last_and_options_stay_options() {
        assert_eq!(
            normalized("search query oil -saudi --limit 5"),
            "search query --limit 5 -- oil -saudi"
        );
        assert_eq!(
            normalized("search --index x query -saudi oil -n2"),
            "search --index x query -n2 -- -saudi oil"
        );
        assert_eq!(
            normalized("search query +opec oil --json"),
            "search query --json -- +opec oil"
        );
        assert_eq!(
            normalized("search query oil --since=2025 -- --limit"),
            "search query --since=2025 -- oil --limit"
        );
        assert_eq!(
            normalized("search query --colour red oil"),
            "search query --colour -- red oil"
        );
        assert_eq!(
            normalized("search actors -n 5 opec -iran"),
            "search actors -n 5 -- opec -iran"
        );
        assert_eq!(normalized("search index -x"), "search index -x");
        // A lone letter no option of the command has is an unknown flag, not a word.
        assert_eq!(
            normalized("search dates opec -n 5"),
            "search dates -n -- opec 5"
        );
        assert_eq!(normalized("search query oil -x"), "search query -x -- oil");
        assert_eq!(
            normalized("search query --actor -weird-name oil"),
            "search query --actor -weird-name -- oil"
        );
    }

    #[test]
    fn every_subcommand_has_examples_in_its_help() {
        fn check(command: &clap::Command, path: &str) {
            for sub in command.get_subcommands() {
                let path = format!("{path} {}", sub.get_name());
                let help = sub.get_after_help().map(ToString::to_string);
                assert!(
                    help.is_some_and(|h| h.contains("Examples:")),
                    "`{path} --help` has no examples"
                );
                check(sub, &path);
            }
        }
        check(&<Cli as clap::CommandFactory>::command(), "search");
    }

    #[test]
    fn every_command_parses_its_normalized_line() {
        for line in [
            "search query oil -saudi --limit 5",
            "search dates opec -iran --since 1987",
        ] {
            let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
            Cli::try_parse_from(with_query_words_last(&Cli::command(), args)).unwrap();
        }
        // Flags that would be ignored together are refused.
        for (line, ok) in [
            ("search actors --rules", true),
            ("search actors --rules -n 5", false),
            ("search actors --rules --since 2025", false),
            ("search actors opec --rules", false),
            ("search query oil --jsonl", true),
            ("search query oil --jsonl --facets 3", false),
        ] {
            let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
            let parsed = Cli::try_parse_from(with_query_words_last(&Cli::command(), args));
            assert_eq!(parsed.is_ok(), ok, "{line}: {parsed:?}");
        }
        // Flags the command does not have are refused, not taken as query words.
        for line in ["search dates opec -n 5", "search dates opec --kind org"] {
            let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
            let error =
                Cli::try_parse_from(with_query_words_last(&Cli::command(), args)).unwrap_err();
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::UnknownArgument,
                "{line}"
            );
        }
    }
}
