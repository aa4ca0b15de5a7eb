//! Printing results for people (aligned text, colour on a terminal) and for scripts
//! (JSON). Nothing here decides what to show; it only lays out what the library returned.
//! Text that comes from articles (titles, ids, bodies, snippets, names) may hold control
//! characters; printed for people, it goes through [`clean`] so that no escape sequence
//! in an article reaches the terminal.

use std::io::{self, Write};

use newsdex::{ActorKind, Facets, Hit, IndexReport, SearchResults, Stats, StoredArticle};

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn highlight(&self, t: &str) -> String {
        self.paint("1;31", t)
    }
}

/// One line of `search extract`, fields in the documented order.
#[derive(serde::Serialize)]
pub struct ExtractRecord<'a> {
    id: &'a str,
    title: Option<&'a str>,
    #[serde(with = "newsdex::extract::iso_date")]
    published: Option<newsdex::Date>,
    published_source: Option<String>,
    url: Option<&'a str>,
    site: Option<&'a str>,
    author: Option<&'a str>,
    body: &'a str,
    actors: Vec<ExtractActor<'a>>,
    dates: &'a [newsdex::DateMention],
}

/// An actor as `search extract` prints it: where the text refers to it in place of how
/// often.
#[derive(serde::Serialize)]
struct ExtractActor<'a> {
    name: &'a str,
    kind: newsdex::ActorKind,
    forms: &'a [String],
    mentions: Vec<newsdex::ActorMention>,
}

impl<'a> ExtractRecord<'a> {
    pub fn new(article: &'a newsdex::Article, x: &'a newsdex::Extracted) -> Self {
        ExtractRecord {
            id: &article.id,
            title: x.title.as_deref(),
            published: x.published,
            published_source: article.published_source(x),
            url: article.source.as_deref().filter(|s| s.contains("://")),
            site: article.site.as_deref(),
            author: article.author.as_deref(),
            body: article.body_in(x).0,
            actors: x
                .actors
                .iter()
                .zip(article.actor_mentions(x))
                .map(|(a, mentions)| ExtractActor {
                    name: &a.name,
                    kind: a.kind,
                    forms: &a.forms,
                    mentions,
                })
                .collect(),
            dates: &x.dates,
        }
    }
}

pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

pub fn results(out: &mut dyn Write, r: &SearchResults, style: Style) -> io::Result<()> {
    for hit in &r.hits {
        render_hit(out, hit, style)?;
    }
    match (r.total, r.hits.first(), r.hits.last()) {
        (0, _, _) => writeln!(out, "No articles match.")?,
        (total, Some(first), Some(last)) => writeln!(
            out,
            "{} matching article{}; showing {}–{}.",
            total,
            plural(total),
            first.rank,
            last.rank
        )?,
        (total, _, _) => writeln!(out, "{} matching article{}.", total, plural(total))?,
    }
    undated(out, r, false)?;
    if !r.suggestions.is_empty() {
        let list: Vec<String> = r
            .suggestions
            .iter()
            .map(|s| clean(s).into_owned())
            .collect();
        writeln!(out, "Did you mean: {}?", style.bold(&list.join(" / ")))?;
    }
    facets(out, &r.facets, style)
}

fn render_hit(out: &mut dyn Write, hit: &Hit, style: Style) -> io::Result<()> {
    let date = hit
        .published
        .map_or_else(|| "????-??-??".to_owned(), |d| d.to_string());
    let title = clean(&hit.title.clone().unwrap_or_else(|| format!("({})", hit.id))).into_owned();
    writeln!(
        out,
        "{:>3}. {}  {}  {}",
        hit.rank,
        style.dim(&format!("{:6.2}", hit.score)),
        date,
        style.bold(&title)
    )?;
    writeln!(out, "     {}", style.dim(&clean(&hit.id)))?;
    if let Some(m) = &hit.mention {
        writeln!(
            out,
            "     mentions {} ({})",
            style.bold(&clean(&m.text)),
            m.value
        )?;
    }
    let snippet = highlighted(hit, style);
    for line in wrap(&snippet, 88) {
        writeln!(out, "     {line}")?;
    }
    if !hit.actors.is_empty() {
        let names: Vec<String> = hit
            .actors
            .iter()
            .map(|a| format!("{} ({})", clean(&a.name), a.kind))
            .collect();
        writeln!(out, "     {}", style.dim(&names.join(", ")))?;
    }
    writeln!(out)
}

fn highlighted(hit: &Hit, style: Style) -> String {
    let mut s = String::with_capacity(hit.snippet().len() + 16);
    for (part, matched) in hit.snippet_parts() {
        let part = clean(part);
        if matched {
            s.push_str(&style.highlight(&part));
        } else {
            s.push_str(&part);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text from an article made safe to print on a terminal: control characters (escape
/// sequences among them), and the invisible ones that reorder or hide text, become
/// visible `\u{..}` escapes; line breaks and tabs stay.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    newsdex::safe_to_show(text)
}

/// Greedy word wrap that ignores ANSI escapes when measuring.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let visible = |w: &str| {
        let mut n = 0;
        let mut esc = false;
        for c in w.chars() {
            match (esc, c) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                _ => n += 1,
            }
        }
        n
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ') {
        let w = visible(word);
        if len > 0 && len + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub fn facets(out: &mut dyn Write, f: &Facets, style: Style) -> io::Result<()> {
    if !f.actors.is_empty() {
        writeln!(out, "\n{}", style.bold("Top actors"))?;
        for kind in ActorKind::ALL {
            let names: Vec<String> = f
                .actors_of(kind)
                .map(|a| format!("{} ({})", clean(&a.name), a.count))
                .collect();
            if !names.is_empty() {
                writeln!(out, "  {:<7} {}", format!("{kind}:"), names.join(", "))?;
            }
        }
    }
    if !f.months.is_empty() {
        writeln!(out, "\n{}", style.bold("By month"))?;
        months(out, &f.months)?;
    }
    if !f.mentioned_months.is_empty() {
        writeln!(out, "\n{}", style.bold("Months mentioned"))?;
        months(out, &f.mentioned_months)?;
    }
    Ok(())
}

/// How many matches have no publication date, and how many a date range left out.
pub fn undated(out: &mut dyn Write, r: &SearchResults, always: bool) -> io::Result<()> {
    let n = r.facets.undated;
    if n > 0 || always {
        writeln!(
            out,
            "{n} matching article{} {} no publication date.",
            plural(n),
            if n == 1 { "has" } else { "have" }
        )?;
    }
    if let Some(left) = r.undated_left_out.filter(|&n| n > 0) {
        writeln!(
            out,
            "{left} more article{} without a publication date left out by --since/--until (--include-undated keeps them).",
            plural(left),
        )?;
    }
    Ok(())
}

pub fn months(out: &mut dyn Write, months: &[newsdex::MonthCount]) -> io::Result<()> {
    let max = months.iter().map(|m| m.count).max().unwrap_or(1).max(1);
    for m in months {
        let bar = "█".repeat(((m.count * 40).div_ceil(max)) as usize);
        writeln!(out, "  {}  {:>6}  {}", m.month, m.count, bar)?;
    }
    Ok(())
}

/// The rules about actors, numbered from 1 as `forget` takes them.
pub fn rules(out: &mut dyn Write, rules: &[newsdex::Rule]) -> io::Result<()> {
    if rules.is_empty() {
        writeln!(
            out,
            "No rules; news agencies are hidden by default (`search actors show NAME` counts one)."
        )?;
    }
    for (i, rule) in rules.iter().enumerate() {
        writeln!(out, "{:>3}. {}", i + 1, clean(&rule.to_string()))?;
    }
    Ok(())
}

/// What each `--actor` was taken for, when it is not the name typed.
pub fn filters_used(
    out: &mut dyn Write,
    typed: &[String],
    r: &SearchResults,
    style: Style,
) -> io::Result<()> {
    for (typed, used) in typed.iter().zip(&r.actor_filters) {
        if let Some(used) = used {
            let bare = typed.rsplit_once(':').map_or(typed.as_str(), |(_, n)| n);
            if !used
                .name
                .eq_ignore_ascii_case(bare.trim().trim_matches('"'))
            {
                writeln!(
                    out,
                    "{}",
                    style.dim(&format!(
                        "--actor {} is {} ({})",
                        clean(typed),
                        clean(&used.name),
                        used.kind
                    ))
                )?;
            }
        }
    }
    Ok(())
}

pub fn actors(out: &mut dyn Write, f: &Facets, style: Style) -> io::Result<()> {
    if f.undated > 0 {
        writeln!(
            out,
            "({} of the matching articles {} no publication date)",
            f.undated,
            if f.undated == 1 { "has" } else { "have" }
        )?;
    }
    for kind in ActorKind::ALL {
        let list: Vec<_> = f.actors_of(kind).collect();
        if list.is_empty() {
            continue;
        }
        writeln!(out, "{}", style.bold(kind_title(kind)))?;
        for a in list {
            if a.aliases.is_empty() {
                writeln!(out, "  {:>6}  {}", a.count, clean(&a.name))?;
            } else {
                const SHOWN: usize = 4;
                let mut also: Vec<String> = a
                    .aliases
                    .iter()
                    .take(SHOWN)
                    .map(|s| clean(s).into_owned())
                    .collect();
                if a.aliases.len() > SHOWN {
                    also.push(format!("+{}", a.aliases.len() - SHOWN));
                }
                writeln!(
                    out,
                    "  {:>6}  {}  {}",
                    a.count,
                    clean(&a.name),
                    style.dim(&format!("(also {})", also.join(", ")))
                )?;
            }
        }
    }
    Ok(())
}

fn kind_title(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "People",
        ActorKind::Org => "Organisations",
        ActorKind::Place => "Places",
    }
}

pub fn article(out: &mut dyn Write, a: &StoredArticle, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        style.bold(&clean(a.title.as_deref().unwrap_or("(no headline)")))
    )?;
    writeln!(out, "id:        {}", clean(&a.id))?;
    if let Some(source) = &a.source {
        writeln!(out, "source:    {}", clean(source))?;
    }
    writeln!(
        out,
        "published: {}",
        match (a.published, &a.published_source) {
            (None, _) => "unknown".to_owned(),
            (Some(d), None) => d.to_string(),
            (Some(d), Some(source)) => format!("{d} (from {})", clean(source)),
        }
    )?;
    for kind in ActorKind::ALL {
        let list: Vec<String> = a
            .actors
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| {
                let others: Vec<&str> = x
                    .forms
                    .iter()
                    .map(String::as_str)
                    .filter(|f| *f != x.name)
                    .collect();
                let name = clean(&x.name);
                if others.is_empty() {
                    format!("{name} ×{}", x.mentions)
                } else {
                    format!("{name} ×{} [{}]", x.mentions, clean(&others.join(", ")))
                }
            })
            .collect();
        if !list.is_empty() {
            writeln!(out, "{:<10} {}", format!("{kind}:"), list.join("; "))?;
        }
    }
    if !a.dates.is_empty() {
        let dates: Vec<String> = a
            .dates
            .iter()
            .map(|d| format!("{} = {}", clean(&d.text), d.value))
            .collect();
        writeln!(out, "dates:     {}", dates.join("; "))?;
    }
    writeln!(out)?;
    for line in wrap(
        &clean(&a.body.split_whitespace().collect::<Vec<_>>().join(" ")),
        92,
    ) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

pub fn stats(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    if let Some(path) = &s.path {
        writeln!(
            out,
            "index:          {}",
            clean(&path.display().to_string())
        )?;
    }
    writeln!(out, "articles:       {}", s.articles)?;
    writeln!(out, "people:         {}", s.people)?;
    writeln!(out, "organisations:  {}", s.organisations)?;
    writeln!(out, "places:         {}", s.places)?;
    let d = |d: Option<newsdex::Date>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
    writeln!(
        out,
        "published:      {} to {}",
        d(s.first_published),
        d(s.last_published)
    )?;
    writeln!(out, "segments:       {}", s.segments)?;
    writeln!(out, "size on disk:   {:.1} MB", s.size_bytes as f64 / 1e6)
}

pub fn bench(out: &mut dyn Write, r: &crate::bench::BenchReport) -> io::Result<()> {
    writeln!(
        out,
        "{} queries x {} runs = {} searches, over {} segment{} with up to {} thread{} per search",
        r.queries,
        r.runs,
        r.searches,
        r.segments,
        if r.segments == 1 { "" } else { "s" },
        r.search_threads,
        if r.search_threads == 1 { "" } else { "s" },
    )?;
    writeln!(
        out,
        "p50 {:.3} ms   p95 {:.3} ms   p99 {:.3} ms   max {:.3} ms   {:.0} queries/s",
        r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms, r.qps
    )
}

pub fn index_report(out: &mut dyn Write, r: &IndexReport) -> io::Result<()> {
    if !r.left_out.is_empty() {
        let parts: Vec<String> = r
            .left_out
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        writeln!(out, "left out, as they should be: {}", parts.join(", "))?;
    }
    if r.inputs_unchanged {
        return writeln!(
            out,
            "0 added, 0 updated, {} unchanged, 0 skipped; {} file{} as the last run left {}: not read again ({:.2}s)",
            r.unchanged,
            r.files,
            plural(r.files),
            if r.files == 1 { "it" } else { "them" },
            r.elapsed.as_secs_f64()
        );
    }
    let secs = r.elapsed.as_secs_f64().max(1e-9);
    let articles = r.added + r.updated + r.unchanged;
    writeln!(
        out,
        "{} added, {} updated, {} unchanged, {} skipped{}; {} files, {:.1} MB in {:.2}s ({:.0} articles/s, {:.1} MB/s)",
        r.added,
        r.updated,
        r.unchanged,
        r.skipped,
        if r.pruned > 0 { format!(", {} pruned", r.pruned) } else { String::new() },
        r.files,
        r.bytes as f64 / 1e6,
        secs,
        articles as f64 / secs,
        r.bytes as f64 / 1e6 / secs
    )
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
