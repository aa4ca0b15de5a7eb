//! Shared helpers for the newsdex benches: the corpus every bench measures.
//!
//! The Reuters-21578 corpus in `../shared` is used when it sits beside the checkout, so
//! figures are on real news; otherwise a seeded synthetic corpus stands in, so that
//! `cargo bench` works on a fresh clone. Either way the data is the same on every run.

use std::path::Path;

use newsdex::{Article, Date, Period};

/// Reuters-21578 as JSON Lines, beside the checkout. Read in place: it is licensed for
/// research only and must never be copied into the repository.
pub const REUTERS_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpora/reuters21578.jsonl"
);

/// Set to `synthetic` to measure the synthetic corpus even when Reuters is present, for
/// figures comparable with a fresh clone's.
pub const CORPUS_ENV: &str = "NEWSDEX_BENCH_CORPUS";

/// The synthetic corpus's seed; changing it changes every synthetic figure.
const SEED: u64 = 0x6e65_7773_6465_7821;

/// One article of a bench corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchArticle {
    /// Unique within the corpus.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The article text without the headline.
    pub body: String,
    /// The publication date, when known.
    pub published: Option<Date>,
}

impl BenchArticle {
    /// The text extraction reads: headline, blank line, body (as the engine joins them).
    pub fn text(&self) -> String {
        format!("{}\n\n{}", self.title, self.body)
    }

    /// Bytes of headline and body.
    pub fn len(&self) -> usize {
        self.title.len() + self.body.len()
    }

    /// True when there is neither headline nor body.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The engine's article, with its known headline and date.
    pub fn to_article(&self) -> Article {
        let article = Article::new(self.id.as_str())
            .with_title(self.title.as_str())
            .with_body(self.body.as_str());
        match self.published {
            Some(date) => article.with_published(date),
            None => article,
        }
    }
}

/// Which corpus [`corpus`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusKind {
    /// Reuters-21578 from `../shared`.
    Reuters,
    /// The seeded synthetic corpus.
    Synthetic,
}

impl CorpusKind {
    /// A short name, used as the last part of every bench id so that criterion never
    /// compares a run on one corpus with a baseline from the other.
    pub fn name(self) -> &'static str {
        match self {
            CorpusKind::Reuters => "reuters",
            CorpusKind::Synthetic => "synthetic",
        }
    }
}

impl std::fmt::Display for CorpusKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `n` articles: the first `n` of Reuters-21578 when it is present (repeated, with new
/// ids, past its 21,578 articles), else `n` seeded synthetic articles. Says on stderr
/// which one and how big it is.
pub fn corpus(n: usize) -> Vec<BenchArticle> {
    corpus_with_kind(n).0
}

/// [`corpus`], also saying which corpus it is.
pub fn corpus_with_kind(n: usize) -> (Vec<BenchArticle>, CorpusKind) {
    let (articles, kind) = match read_reuters(Path::new(REUTERS_PATH)) {
        Some(all) => (replicate(all, n), CorpusKind::Reuters),
        None => (synthetic(n), CorpusKind::Synthetic),
    };
    announce(&articles, kind);
    (articles, kind)
}

/// All of Reuters-21578 when it is present, else `synthetic_size` synthetic articles.
pub fn full_corpus(synthetic_size: usize) -> (Vec<BenchArticle>, CorpusKind) {
    let (articles, kind) = match read_reuters(Path::new(REUTERS_PATH)) {
        Some(all) => (all, CorpusKind::Reuters),
        None => (synthetic(synthetic_size), CorpusKind::Synthetic),
    };
    announce(&articles, kind);
    (articles, kind)
}

fn announce(articles: &[BenchArticle], kind: CorpusKind) {
    let name = match kind {
        CorpusKind::Reuters => "Reuters-21578 (../shared/corpora/reuters21578.jsonl)",
        CorpusKind::Synthetic => "synthetic, seeded",
    };
    eprintln!(
        "corpus: {name}: {} articles, {:.2} MB",
        articles.len(),
        total_bytes(articles) as f64 / 1e6
    );
}

/// Total bytes of headlines and bodies, for `Throughput::BytesDecimal`.
pub fn total_bytes(articles: &[BenchArticle]) -> u64 {
    articles.iter().map(|a| a.len() as u64).sum()
}

/// Every record of the Reuters file, or `None` when it cannot be read or holds none.
/// Records that do not parse are skipped: a bench measures whatever the file holds.
fn read_reuters(path: &Path) -> Option<Vec<BenchArticle>> {
    if std::env::var(CORPUS_ENV).is_ok_and(|v| v == "synthetic") {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let all: Vec<BenchArticle> = text.lines().filter_map(parse_reuters_line).collect();
    (!all.is_empty()).then_some(all)
}

/// The first `n` of `all`, repeated with new ids when `n` is larger, as
/// ../shared/README.md suggests for scale tests.
fn replicate(all: Vec<BenchArticle>, n: usize) -> Vec<BenchArticle> {
    if n <= all.len() {
        let mut all = all;
        all.truncate(n);
        return all;
    }
    (0..n)
        .map(|i| {
            let (round, article) = (i / all.len(), &all[i % all.len()]);
            let mut article = article.clone();
            if round > 0 {
                article.id = format!("{}-r{round}", article.id);
            }
            article
        })
        .collect()
}

fn parse_reuters_line(line: &str) -> Option<BenchArticle> {
    let record: serde_json::Value = serde_json::from_str(line).ok()?;
    let field = |name: &str| record.get(name).and_then(|v| v.as_str());
    Some(BenchArticle {
        id: field("id")?.to_owned(),
        title: field("title").unwrap_or("").to_owned(),
        body: field("body").unwrap_or("").to_owned(),
        // RFC 3339: the calendar day is the first ten characters, which `Period` parses.
        published: field("published")
            .and_then(|p| p.get(..10))
            .and_then(|day| day.parse::<Period>().ok())
            .map(|p| p.first()),
    })
}

/// SplitMix64: tiny, fast and the same everywhere, which is all a bench corpus needs.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const FIRST_NAMES: &[&str] = &[
    "James", "Maria", "Robert", "Elena", "David", "Susan", "Michael", "Anna", "Thomas", "Laura",
    "Kenji", "Ingrid", "Ahmed", "Sofia", "Pierre", "Nikol", "Ararat", "Helmut", "Margaret",
    "Yasuhiro", "Carlos", "Olga", "Brian", "Fatima",
];

const LAST_NAMES: &[&str] = &[
    "Baker",
    "Zakharova",
    "Miller",
    "Lawson",
    "Nakasone",
    "Schmidt",
    "Mirzoyan",
    "Dubois",
    "Okafor",
    "Hansen",
    "Volcker",
    "Pashinyan",
    "Thatcher",
    "Kohl",
    "Alfonsin",
    "Rossi",
    "Kowalski",
    "Tanaka",
    "Yeutter",
    "Stoltenberg",
    "Delors",
    "Ivanova",
    "Murray",
    "Chen",
];

const ROLES: &[&str] = &[
    "Finance Minister",
    "Foreign Minister",
    "Prime Minister",
    "President",
    "chairman",
    "chief executive",
    "spokesman",
    "Trade Representative",
    "central bank governor",
    "analyst",
];

const ORGS: &[&str] = &[
    "Federal Reserve",
    "Bundesbank",
    "Bank of Japan",
    "World Bank",
    "International Monetary Fund",
    "OPEC",
    "European Community",
    "Texaco Inc",
    "Standard Oil Co",
    "General Motors Corp",
    "Citicorp",
    "Chase Manhattan Corp",
    "Shell Oil Co",
    "Mitsubishi Corp",
    "Royal Dutch",
    "Commerce Department",
    "Treasury",
    "Agriculture Department",
    "Collective Security Treaty Organization",
    "United Nations",
];

const PLACES: &[&str] = &[
    "London",
    "New York",
    "Tokyo",
    "Frankfurt",
    "Paris",
    "Brazil",
    "Saudi Arabia",
    "Kuwait",
    "Venezuela",
    "Nigeria",
    "Canada",
    "Yerevan",
    "Moscow",
    "Minsk",
    "Washington",
    "Chicago",
    "Zurich",
    "Hong Kong",
    "Sydney",
    "Buenos Aires",
];

const COMMODITIES: &[&str] = &[
    "crude oil",
    "coffee",
    "cocoa",
    "wheat",
    "sugar",
    "copper",
    "gold",
    "soybeans",
    "corn",
    "natural gas",
    "cotton",
    "rubber",
];

const METRICS: &[&str] = &[
    "net profit",
    "revenues",
    "exports",
    "imports",
    "the trade deficit",
    "the money supply",
    "operating income",
    "quarterly dividend",
    "output",
    "bank lending",
];

const MOVES: &[&str] = &[
    "rose", "fell", "climbed", "dropped", "edged up", "slipped", "jumped", "declined",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

const TOPICS: &[&str] = &[
    "oil prices would stay firm through the winter",
    "the bank would raise its dividend",
    "interest rates were likely to ease",
    "the currency agreement would hold",
    "talks on the trade dispute would resume",
    "the merger would be completed by the end of the year",
    "the alliance had reached the point of no return",
    "coffee quotas were unlikely to be restored",
    "grain shipments would increase",
    "the company planned to cut costs",
];

const HEADLINE_VERBS: &[&str] = &[
    "SAYS", "TO RAISE", "CUTS", "SEES", "BUYS", "REPORTS", "WARNS ON", "SETS",
];

const HEADLINE_NOUNS: &[&str] = &[
    "OIL PRICES",
    "DIVIDEND",
    "EXPORTS",
    "RATES",
    "STAKE",
    "OUTPUT",
    "TRADE TALKS",
    "BANK LENDING",
    "COFFEE QUOTAS",
    "EARNINGS",
];

/// `n` synthetic articles in the style of 1980s wire copy, from a fixed seed: the same
/// text on every run and every machine.
pub fn synthetic(n: usize) -> Vec<BenchArticle> {
    let mut rng = SplitMix64::new(SEED);
    (0..n).map(|i| synthetic_article(&mut rng, i)).collect()
}

fn synthetic_article(rng: &mut SplitMix64, i: usize) -> BenchArticle {
    // Published in 1987, like Reuters-21578, so the same date queries select a share.
    let ordinal = rng.between(1, 365) as u16;
    let published = Date::from_ordinal_date(1987, ordinal).ok();
    let title = format!(
        "{} {} {}",
        rng.pick(ORGS).to_uppercase(),
        rng.pick(HEADLINE_VERBS),
        rng.pick(HEADLINE_NOUNS)
    );
    let sentences = rng.between(6, 18);
    // A wire dateline, as Reuters copy has: "SYDNEY, July 3 - ".
    let mut body = format!(
        "{}, {} {} - ",
        rng.pick(PLACES).to_uppercase(),
        rng.pick(MONTHS),
        rng.between(1, 28)
    );
    for s in 0..sentences {
        if s > 0 {
            body.push_str(if s % 4 == 0 { "\n    " } else { " " });
        }
        body.push_str(&sentence(rng));
    }
    BenchArticle {
        id: format!("synthetic-{i:06}"),
        title,
        body,
        published,
    }
}

fn person(rng: &mut SplitMix64) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

fn date(rng: &mut SplitMix64) -> String {
    format!(
        "{} {}, {}",
        rng.pick(MONTHS),
        rng.between(1, 28),
        rng.between(1984, 1988)
    )
}

fn amount(rng: &mut SplitMix64) -> String {
    format!("{}.{}", rng.between(1, 999), rng.below(10))
}

fn sentence(rng: &mut SplitMix64) -> String {
    match rng.below(8) {
        0 => format!(
            "{}, {} of {}, said on {} that {}.",
            person(rng),
            rng.pick(ROLES),
            rng.pick(ORGS),
            rng.pick(WEEKDAYS),
            rng.pick(TOPICS)
        ),
        1 => format!(
            "{} said its {} {} {} pct to {} mln dlrs in {}.",
            rng.pick(ORGS),
            rng.pick(METRICS),
            rng.pick(MOVES),
            amount(rng),
            amount(rng),
            rng.pick(MONTHS)
        ),
        2 => format!(
            "Officials from {} and {} will meet in {} on {} to discuss {} supplies.",
            rng.pick(ORGS),
            rng.pick(ORGS),
            rng.pick(PLACES),
            date(rng),
            rng.pick(COMMODITIES)
        ),
        3 => format!(
            "Oil prices {} to {} dlrs a barrel in {} after {} said {}.",
            rng.pick(MOVES),
            amount(rng),
            rng.pick(PLACES),
            person(rng),
            rng.pick(TOPICS)
        ),
        4 => format!(
            "{} futures {} {} cents in {} trading, dealers said.",
            capitalise(rng.pick(COMMODITIES)),
            rng.pick(MOVES),
            amount(rng),
            rng.pick(PLACES)
        ),
        5 => format!(
            "The agreement, signed on {}, runs until {}, {} said.",
            date(rng),
            date(rng),
            person(rng)
        ),
        6 => format!(
            "{} {} told reporters in {} that {}.",
            rng.pick(ROLES)
                .split(' ')
                .map(capitalise)
                .collect::<Vec<_>>()
                .join(" "),
            person(rng),
            rng.pick(PLACES),
            rng.pick(TOPICS)
        ),
        _ => format!(
            "{} {} {} pct last week, while {} {} in {}.",
            capitalise(rng.pick(METRICS).trim_start_matches("the ")),
            rng.pick(MOVES),
            amount(rng),
            rng.pick(COMMODITIES),
            rng.pick(MOVES),
            rng.pick(PLACES)
        ),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_corpus_is_deterministic() {
        assert_eq!(synthetic(50), synthetic(50));
        assert_eq!(synthetic(3).len(), 3);
        assert!(synthetic(20).iter().all(|a| !a.body.is_empty()));
    }

    #[test]
    fn replication_renames_repeats() {
        let ids: Vec<String> = replicate(synthetic(2), 5)
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(
            ids,
            [
                "synthetic-000000",
                "synthetic-000001",
                "synthetic-000000-r1",
                "synthetic-000001-r1",
                "synthetic-000000-r2"
            ]
        );
    }

    #[test]
    fn reuters_line_parses() {
        let line = r#"{"id": "reuters-00001", "title": "T", "published": "1987-02-26T15:01:01Z", "body": "B"}"#;
        let article = parse_reuters_line(line).expect("a well-formed record parses");
        assert_eq!(article.id, "reuters-00001");
        assert_eq!(
            article.published.map(|d| d.to_string()),
            Some("1987-02-26".to_owned())
        );
    }
}
