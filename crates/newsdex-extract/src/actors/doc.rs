//! The article as the actor rules see it: tokens grouped into lines, each line with the
//! way it is written (running text, title-case or capitals headline, results table), and
//! the document-wide facts the rules consult (words seen in lowercase, sports report).

use std::borrow::Cow;
use std::ops::Range;

use super::cues::{
    cue, is_adjective_tail, is_connector_word, is_english_function_word, is_german_function_word,
    is_individual_sport, is_romance_function_word, is_sports_slug, is_team_game_word, on,
};
use super::lexicon::{self, word, FastMap, FastSet};
use super::tokens::{Kind, Token};
use crate::scratch;

/// How a line is written, which decides how much its capitals can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Running text: capitals mark names.
    Normal,
    /// A title-case headline: every word is capitalised, so only names with evidence of
    /// their own, or known from the body, count.
    Title,
    /// ALL CAPS: names are only recognised when known (body, gazetteer, well-known orgs).
    Caps,
    /// A sports results or standings line ("Leeds 2 Chelsea 1"): names are teams.
    Table,
}

/// One line of the article as a token range.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub toks: Range<usize>,
    pub mode: Mode,
}

/// The article, tokenised, with document-wide facts the rules consult.
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    pub toks: &'t [Token],
    /// The text of each token.
    strs: Vec<&'t str>,
    /// What the word lists say about each token, looked up once (see [`flag`]).
    flags: Vec<u16>,
    pub lines: Vec<Line>,
    /// A sports report: there, a city's name is usually its team ("Leeds beat Chelsea").
    pub sports: bool,
    /// A report on a sport of individuals (golf, tennis, athletics): the names in its
    /// tables are people, and cities are venues, not teams.
    pub individual: bool,
    /// The team sport its slug names, if any ("football", "rugby union").
    pub sport: Option<&'static str>,
    /// The team competition of a sport of individuals its headline names ("Fed Cup",
    /// "Ryder Cup"): there, the countries that play are teams.
    pub team_cup: Option<&'static str>,
    /// A press digest ("PRESS DIGEST - Indonesian newspapers"): its lines in capitals
    /// alone are the newspapers it summarises ("KOMPAS", "JAKARTA POST").
    pub press_digest: bool,
    /// Written in a language that capitalises every noun (German): far more of its
    /// lowercase words are German function words than English ones. A capital letter
    /// then marks no name, and only names the lists know, or a known given name before
    /// a known surname, are kept (see `merge::known_in_noun_language`).
    pub nouns_capitalised: bool,
    /// Written in French, Spanish, Italian or Portuguese: far more of its lowercase words
    /// are their function words than English or German ones. A capitalised function
    /// word there opens a sentence ("Les élèves"), and "de" before a name is "of" ("de
    /// Paris"), no particle of a name ("de Klerk").
    pub romance: bool,
    /// How often each word follows a capitalised word ("Rogers" in "Ann Rogers"), counted
    /// on first use: asking the article again for each word made long texts quadratic.
    after_capital: std::cell::OnceCell<FastMap<&'t str, u32>>,
    /// The words written right after a given name ("King" in "Billie Jean King"), found
    /// on first use, likewise.
    after_given: std::cell::OnceCell<FastMap<&'t str, u32>>,
}

/// A [`Doc`]'s vectors between articles, for the next one to fill (see [`scratch`]).
#[derive(Default)]
pub(crate) struct Buffers {
    strs: Vec<&'static str>,
    flags: Vec<u16>,
    lines: Vec<Line>,
}

/// The words of the slug the article opens with, in capitals ("SOCCER - ...", "RUGBY
/// UNION - ...", and "Soccer - ..." before a dash), at most the first four words.
fn slug_words(text: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let is_dash = |w: &str| matches!(w, "-" | ":" | "/" | "--");
    let line = headline(text);
    // (A slug in title case is one only with its dash: "Soccer - McCarthy names team".)
    let dashed = line
        .split([' ', '\t'])
        .take(4)
        .any(|w| is_dash(w) || (w.len() > 1 && w.ends_with([':', '-'])));
    line.split([' ', '\t'])
        .take_while(move |w| !is_dash(w))
        .take(4)
        .map(|w| w.trim_end_matches([':', '-']))
        .filter_map(move |w| {
            let mut bytes = w.bytes();
            let first = bytes.next()?;
            if first.is_ascii_uppercase() && bytes.clone().all(|b| b.is_ascii_uppercase()) {
                Some(std::borrow::Cow::Borrowed(w))
            } else if dashed && first.is_ascii_uppercase() && bytes.all(|b| b.is_ascii_lowercase())
            {
                Some(std::borrow::Cow::Owned(w.to_ascii_uppercase()))
            } else {
                // The lists hold words in capitals only: anything else is no slug word.
                None
            }
        })
}

/// Does the article open with a slug containing a word of a list? For each list of
/// `lists`, in one pass over the slug.
fn sports_slug<const N: usize>(text: &str, lists: [fn(&str) -> bool; N]) -> [bool; N] {
    let mut found = [false; N];
    for w in slug_words(text) {
        for (f, in_list) in found.iter_mut().zip(lists) {
            // (A list that has matched keeps its answer, as an early return would.)
            *f = *f || in_list(&w);
        }
    }
    found
}

/// The text's language as its function words say (see [`Doc::nouns_capitalised`] and
/// [`Doc::romance`]): [German, Romance]. Decided on its first 12 function words of
/// these languages or English (within its first 2,000 tokens): 6 of one language at
/// least, and three times the others. (An English article has its 12 within its first
/// sentence or two.)
fn language(toks: &[Token], strs: &[&str]) -> [bool; 2] {
    let (mut german, mut romance, mut english) = (0u32, 0u32, 0u32);
    for (t, &w) in toks.iter().zip(strs).take(2000) {
        if t.kind != Kind::Word || !t.lower || w.is_empty() || w.len() > 6 {
            continue;
        }
        if is_english_function_word(w) {
            english += 1;
        } else if is_german_function_word(w) {
            german += 1;
        } else if is_romance_function_word(w) {
            romance += 1;
        } else {
            continue;
        }
        if german + romance + english >= 12 {
            break;
        }
    }
    [
        german >= 6 && german > 3 * (english + romance),
        romance >= 6 && romance > 3 * (english + german),
    ]
}

/// The first line with text: the headline (or the slug and headline).
fn headline(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// Does `line` contain `word`, any case?
fn contains_ci(line: &str, word: &str) -> bool {
    line.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// The team competition of tennis or golf a headline names: "SPAIN, U.S. TEAMS OPEN ON
/// ROAD FOR 1997 FED CUP".
fn headline_team_cup(text: &str) -> Option<&'static str> {
    const CUPS: [&str; 8] = [
        "Fed Cup",
        "Davis Cup",
        "Hopman Cup",
        "Ryder Cup",
        "Solheim Cup",
        "Walker Cup",
        "Curtis Cup",
        "Presidents Cup",
    ];
    let line = headline(text);
    CUPS.into_iter().find(|cup| contains_ci(line, cup))
}

/// The team sport the slug names ("SOCCER", "RUGBY UNION", "CRICKET"), as national sides
/// are named after it: "England national cricket team".
fn slug_sport(text: &str) -> Option<&'static str> {
    let mut words = slug_words(text);
    while let Some(w) = words.next() {
        let sport = match &*w {
            "SOCCER" | "FOOTBALL" => "football",
            "CRICKET" => "cricket",
            "RUGBY" => match words.next().as_deref() {
                Some("UNION") => "rugby union",
                Some("LEAGUE") => "rugby league",
                _ => "rugby",
            },
            "BASKETBALL" | "NBA" => "basketball",
            "HOCKEY" | "NHL" => "hockey",
            "BASEBALL" => "baseball",
            "VOLLEYBALL" => "volleyball",
            "HANDBALL" => "handball",
            _ => continue,
        };
        return Some(sport);
    }
    None
}

impl<'t> Doc<'t> {
    /// Indexes the article's tokens, in the vectors of `buffers`.
    pub fn new(text: &'t str, toks: &'t [Token], buffers: Buffers) -> Self {
        let Buffers {
            strs,
            mut flags,
            mut lines,
        } = buffers;
        // Words seen written in lowercase somewhere in the article: a capitalised "Summit"
        // at a name's edge is then a common noun. Only lowercase words that could be the
        // twin of a capitalised word here are kept: a bitmap of (first letter, length) of
        // the capitalised words filters the rest without hashing them.
        let mut seen = [0u64; 4];
        let slot = |w: &[u8]| -> usize {
            usize::from(
                w.first().map_or(0, u8::to_ascii_lowercase) ^ (w.len() as u8).wrapping_mul(31),
            )
        };
        // Each token's text, sliced once: the rules below and after ask for it often.
        let mut strs: Vec<&'t str> = scratch::recycle(strs);
        strs.extend(toks.iter().map(|t| {
            let w = t.text(text);
            if t.kind == Kind::Word && t.cap {
                let k = slot(w.as_bytes());
                seen[k / 64] |= 1 << (k % 64);
            }
            w
        }));
        let maybe = |w: &str| {
            let k = slot(w.as_bytes());
            seen[k / 64] & (1 << (k % 64)) != 0
        };
        // (Sized up front: growing it rehashes every word again. It is only looked into.)
        let mut lower_words = FastSet::with_capacity_and_hasher(toks.len() / 4, Default::default());
        // Three different words only team games use, in the same pass (see below).
        let mut game_words: [&str; 3] = [""; 3];
        let mut games = 0;
        for (t, &w) in toks.iter().zip(&strs) {
            if !(t.kind == Kind::Word && t.lower) {
                continue;
            }
            // Words of one or two letters are never the lowercase twin of a name word
            // that matters, and are the most frequent: skip them.
            if t.end - t.start >= 3 && maybe(w) {
                lower_words.insert(w);
            }
            if games < game_words.len() && is_team_game_word(w) && !game_words.contains(&w) {
                game_words[games] = w;
                games += 1;
            }
        }

        // Capitalised words are looked up in the lists once here; the rules then test bits.
        let lx = lexicon::get();
        scratch::clear(&mut flags);
        flags.extend(toks.iter().zip(&strs).map(|(t, &w)| {
            if t.kind != Kind::Word {
                // "Procter & Gamble", "Standard & Poor's".
                return if w == "&" { flag::CONNECTOR } else { 0 };
            }
            let name = if name_word(text, t, w) { flag::NAME } else { 0 };
            if !t.cap {
                return name
                    | if is_connector_word(w) {
                        flag::CONNECTOR
                    } else {
                        0
                    };
            }
            let mut f = name
                | match lx.exact_bits.get(w) {
                    Some(b) => u16::from(b & (word::ORG_WORD | word::GIVEN | word::DEMONYM)),
                    None => 0,
                };
            lexicon::with_lower(w, |l| {
                if let Some(&b) = lx.lower_bits.get(l) {
                    f |= u16::from(b & (word::ROLE | word::COMMON));
                    if b & word::LOWERCASE != 0 {
                        f |= flag::USUALLY_LOWER;
                    }
                }
                // "President-elect", "Minister-designate": a role still.
                let stem = l
                    .strip_suffix("-elect")
                    .or_else(|| l.strip_suffix("-designate"));
                if let Some(b) = stem.and_then(|s| lx.lower_bits.get(s)) {
                    f |= u16::from(b & word::ROLE);
                }
                // (Shouted words are never trimmed as common nouns.)
                if !t.upper && lower_words.contains(l) {
                    f |= flag::LOWER_SEEN;
                }
            });
            f
        }));
        let [sports, individual] = sports_slug(text, [is_sports_slug, is_individual_sport]);
        let sport = if sports { slug_sport(text) } else { None };
        let team_cup = if individual {
            headline_team_cup(text)
        } else {
            None
        };
        scratch::clear(&mut lines);
        let [nouns_capitalised, romance] = language(toks, &strs);
        let mut doc = Doc {
            text,
            toks,
            strs,
            flags,
            lines,
            sports,
            individual,
            sport,
            team_cup,
            press_digest: {
                let h = headline(text).as_bytes();
                h.len() >= 12 && h[..12].eq_ignore_ascii_case(b"PRESS DIGEST")
            },
            nouns_capitalised,
            romance,
            after_capital: std::cell::OnceCell::new(),
            after_given: std::cell::OnceCell::new(),
        };
        let mut start = 0;
        for i in 1..=toks.len() {
            if i == toks.len() || toks[i].line_start {
                let mode = doc.line_mode(start..i);
                doc.lines.push(Line {
                    toks: start..i,
                    mode,
                });
                start = i;
            }
        }
        // Two or more lines of scores ("Leeds 2 Chelsea 1"), not tables of figures.
        let score_lines = doc
            .lines
            .iter()
            .filter(|l| l.mode == Mode::Table && doc.scores(l.toks.clone()) >= 2)
            .count();
        doc.sports |= score_lines >= 2;
        // A game report without a slug ("Oregon will host Washington"): three different
        // words only team games use.
        if !doc.individual && games == game_words.len() {
            doc.sports = true;
        }
        doc
    }

    /// Gives back the vectors, for the next article.
    pub fn into_buffers(self) -> Buffers {
        Buffers {
            strs: scratch::recycle(self.strs),
            flags: self.flags,
            lines: self.lines,
        }
    }

    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &'t str {
        self.strs.get(i).copied().unwrap_or("")
    }

    /// The text from token `a` to token `b - 1`.
    pub fn span(&self, r: Range<usize>) -> Cow<'t, str> {
        let raw = match (
            self.toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => self.text.get(a.start..b.end).unwrap_or(""),
            _ => "",
        };
        // A name wrapped over two lines, or spaced twice, is written with single spaces.
        // Whitespace lies only between tokens: the gaps tell, nearly always nothing or one
        // space. (A gap that holds more, a possessive's "’s " say, is read the slow way,
        // which gives the same text back when its spacing was regular.)
        let irregular = !raw.is_empty()
            && self.toks.get(r.start..r.end).is_some_and(|toks| {
                toks.windows(2).any(|p| {
                    let gap = p[1].start.saturating_sub(p[0].end);
                    gap > 1 || (gap == 1 && self.text.as_bytes().get(p[0].end) != Some(&b' '))
                })
            });
        if irregular {
            Cow::Owned(raw.split_whitespace().collect::<Vec<_>>().join(" "))
        } else {
            Cow::Borrowed(raw)
        }
    }

    fn line_mode(&self, r: Range<usize>) -> Mode {
        let lx = lexicon::get();
        let mut caps_words = 0;
        let mut lower_words = 0;
        let mut content_lower = 0;
        let mut cap_words = 0;
        let mut name_then_number = false;
        let mut numbers = 0;
        let mut function_words = 0;
        let mut capped_little = 0;
        let mut commas = 0;
        let ends_sentence = r
            .clone()
            .last()
            .is_some_and(|i| matches!(self.word(i), "." | "!" | "?"));
        for i in r.clone() {
            let t = &self.toks[i];
            match t.kind {
                Kind::Word => {
                    let w = self.word(i);
                    if t.upper && w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some() {
                        caps_words += 1;
                    }
                    // (A word token starts with a letter, so "not in capitals" means it has
                    // a lowercase letter.)
                    if !t.upper {
                        lower_words += 1;
                        if t.cap {
                            cap_words += 1;
                            // "Why Yerevan Is Looking West": little words capitalised
                            // (counted below, only where the line could be a headline).
                            if i > r.start && self.common(i) {
                                capped_little += 1;
                            }
                        } else if content_lower > 0 {
                            // Decided: the line has ordinary words.
                        } else if !is_connector_word(w) && !lx.common.contains(w) {
                            content_lower += 1;
                        } else {
                            function_words += 1;
                        }
                    } else if t.cap {
                        cap_words += 1;
                    }
                }
                Kind::Number => {
                    numbers += 1;
                    let digits = t
                        .text(self.text)
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'-');
                    if digits && i > r.start && self.toks[i - 1].kind == Kind::Word {
                        name_then_number = true;
                    }
                }
                Kind::Punct => commas += usize::from(self.word(i) == ","),
            }
        }
        if content_lower == 0 && capped_little > 0 {
            function_words += self.little_words_capitalised(r.clone());
        }
        if lower_words == 0 && caps_words > 0 {
            Mode::Caps
        } else if content_lower == 0 && name_then_number && numbers >= 2 {
            Mode::Table
        } else if content_lower == 0
            && function_words > 0
            && commas <= 1
            && cap_words >= 3
            && !ends_sentence
            // "The National Bank of Poland\nrefrained from ...": a sentence that goes
            // on in lowercase on the very next line is no headline. (After a blank line,
            // "posted by ..." opens the body under a headline.)
            && !self.toks.get(r.end).is_some_and(|t| {
                t.kind == Kind::Word
                    && !t.cap
                    && r.end > 0
                    && self
                        .text
                        .get(self.toks[r.end - 1].end..t.start)
                        .is_some_and(|gap| gap.bytes().filter(|&b| b == b'\n').count() == 1)
            })
        {
            // A headline in title case; a list of names ("Aamir Sohail , Saeed Anwar ,")
            // has no little words, and a sentence ("Maria Zakharova said so.") ends in a
            // full stop: both stay Normal.
            Mode::Title
        } else {
            Mode::Normal
        }
    }

    /// The little words of line `r` capitalised as a headline capitalises them, after
    /// its first word ("Why Yerevan Is Looking West"); not the first word of a place of
    /// our lists ("New" of "New Zealand" in a line of names).
    fn little_words_capitalised(&self, r: Range<usize>) -> usize {
        let lx = lexicon::get();
        let opens_place =
            |i: usize| (2..=3).any(|n| i + n <= r.end && lx.places.contains(&*self.span(i..i + n)));
        (r.start + 1..r.end)
            .filter(|&i| {
                let t = &self.toks[i];
                t.kind == Kind::Word && !t.upper && t.cap && self.common(i) && !opens_place(i)
            })
            .count()
    }

    /// How many times a capitalised word (a team) is followed by a whole number (a
    /// score) in `r`. (Not "vs 41" in a company's results: "Shr 43 cts vs 41 cts".)
    fn scores(&self, r: Range<usize>) -> usize {
        r.clone()
            .skip(1)
            .filter(|&i| {
                let t = &self.toks[i];
                t.kind == Kind::Number
                    && self.toks[i - 1].kind == Kind::Word
                    && self.toks[i - 1].cap
                    && t.text(self.text)
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'-')
            })
            .count()
    }

    /// Can token `i` be part of a name?
    pub fn is_name_word(&self, i: usize) -> bool {
        self.has(i, flag::NAME)
    }

    /// A capitalised compound with a lowercase tail ("Co-operation"), which may sit
    /// inside a name but never starts or ends one ("Russian-led").
    pub fn is_inner_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && t.cap
                && !t.sent_start
                && t.text(self.text).contains('-')
                && !self.is_adjective_compound(i)
        })
    }

    /// How many words `r` holds, when each of its tokens is a word or a mark that
    /// `mark(index, text)` allows inside a name; `None` otherwise.
    pub fn name_words(&self, r: Range<usize>, mark: impl Fn(usize, &str) -> bool) -> Option<usize> {
        let mut words = 0;
        for k in r {
            if self.toks[k].kind == Kind::Word {
                words += 1;
            } else if !mark(k, self.word(k)) {
                return None;
            }
        }
        Some(words)
    }

    /// A capitalised compound that is an adjective of what follows ("St. Louis-based",
    /// "Saudi-led"): its tail is one of [`is_adjective_tail`].
    pub fn is_adjective_compound(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && t.cap
                && t.text(self.text)
                    .rsplit_once('-')
                    .is_some_and(|(_, tail)| is_adjective_tail(tail))
        })
    }

    /// A lowercase word that may sit inside a name ("of", "van").
    pub fn is_connector(&self, i: usize) -> bool {
        self.has(i, flag::CONNECTOR)
    }

    fn has(&self, i: usize, bit: u16) -> bool {
        self.flags.get(i).is_some_and(|f| f & bit != 0)
    }

    /// A capitalised organisation head noun ("Ministry", "Corp").
    pub fn org_word(&self, i: usize) -> bool {
        self.has(i, flag::ORG_WORD)
    }

    /// A capitalised role or title ("President", "Minister").
    pub fn role(&self, i: usize) -> bool {
        self.has(i, flag::ROLE)
    }

    /// A capitalised common given name.
    pub fn given(&self, i: usize) -> bool {
        self.has(i, flag::GIVEN)
    }

    /// A capitalised nationality adjective.
    pub fn demonym(&self, i: usize) -> bool {
        self.has(i, flag::DEMONYM)
    }

    /// A capitalised common word, month or weekday.
    pub fn common(&self, i: usize) -> bool {
        self.has(i, flag::COMMON)
    }

    /// A capitalised word that news writes in lowercase ("Corn", "Wages", "Look"): at a
    /// sentence's start, its capital marks no name.
    pub fn usually_lower(&self, i: usize) -> bool {
        self.has(i, flag::USUALLY_LOWER)
    }

    /// Does the word at `i` also end a name elsewhere in the article, right after a
    /// capitalised word ("Ann Rogers" before "Rogers said")?
    pub fn ends_a_name_elsewhere(&self, i: usize) -> bool {
        let follows_capital =
            |k: usize| k > 0 && self.toks[k - 1].cap && self.toks[k - 1].kind == Kind::Word;
        let counts = self.after_capital.get_or_init(|| {
            let mut counts = FastMap::default();
            for k in 1..self.toks.len() {
                if follows_capital(k) {
                    *counts.entry(self.strs[k]).or_insert(0) += 1;
                }
            }
            counts
        });
        let here = u32::from(follows_capital(i));
        counts.get(self.word(i)).is_some_and(|&n| n > here)
    }

    /// Is the word at `i` written elsewhere in the article right after a given name, as
    /// a person's surname ("Billie Jean King" before "King said")? (Stricter than
    /// [`Doc::ends_a_name_elsewhere`]: "Vice President" ends a name too.)
    pub fn follows_a_given_name(&self, i: usize) -> bool {
        let lx = lexicon::get();
        let after_given = |k: usize| {
            k > 0 && {
                let p = self.strs[k - 1];
                self.toks[k - 1].cap
                    && (self.given(k - 1) || super::model::is_given_name(p))
                    && !lx.places.contains(p)
            }
        };
        let counts = self.after_given.get_or_init(|| {
            let mut counts = FastMap::default();
            for k in (1..self.toks.len()).filter(|&k| after_given(k)) {
                *counts.entry(self.strs[k]).or_insert(0) += 1;
            }
            counts
        });
        // (Elsewhere: not only here.)
        let here = u32::from(after_given(i));
        counts.get(self.word(i)).is_some_and(|&n| n > here)
    }

    /// A capitalised word the article also writes in lowercase.
    pub fn lower_seen(&self, i: usize) -> bool {
        self.has(i, flag::LOWER_SEEN)
    }
}

/// Can this token, whose text is `w`, be part of a name? (Computed once per token into
/// [`flag::NAME`]; inlined there, where most tokens leave it at its first tests.)
#[inline]
fn name_word(text: &str, t: &Token, w: &str) -> bool {
    if t.kind != Kind::Word {
        return false;
    }
    if !t.cap {
        // Arabic names with a lowercase article: "al-Kabariti", "el-Sisi".
        let b = w.as_bytes();
        if b.len() < 4 || !(b[2] == b'-' || b[3] == b'-') {
            return false;
        }
        return [
            "al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "az-", "bin-", "abu-",
        ]
        .iter()
        .any(|p| {
            w.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_uppercase()))
        });
    }
    // "I" is a pronoun, and so are its contractions ("I'm", "I’ve"); "Russian-led" and
    // "EU-wide" are adjectives.
    if w == "I" || w.starts_with("I'") || w.starts_with("I\u{2019}") {
        return false;
    }
    // ("I." is far more often an initial: "I. Salisbury".)
    if t.line_start && w != "I." && on(w.trim_end_matches('.'), cue::NUMERAL) {
        return false;
    }
    if let Some(p) = w.bytes().rposition(|b| b == b'-') {
        let last = w.get(p + 1..).unwrap_or("");
        let head = w.get(..p).unwrap_or("");
        if last.chars().next().is_some_and(char::is_lowercase) && !korean_given(head, last) {
            return false;
        }
    }
    // "U.S.-sponsored": the name is part of an adjective.
    let after = text.get(t.end..).unwrap_or("");
    if let Some(rest) = after.strip_prefix('-') {
        if rest.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
    }
    true
}

/// The two syllables of a Korean or Chinese given name written with a hyphen ("Dae-jung",
/// "Jong-un", "Chia-kan"), which a capitalised adjective ("Russian-led", "Anti-war")
/// resembles: short parts, and a tail that is no English word of such adjectives.
fn korean_given(head: &str, tail: &str) -> bool {
    (2..=5).contains(&head.len())
        && (2..=4).contains(&tail.len())
        && !head.contains(['-', '.'])
        && tail.bytes().all(|b| b.is_ascii_lowercase())
        && !matches!(
            tail,
            "led"
                | "run"
                | "war"
                | "old"
                | "era"
                | "day"
                | "off"
                | "age"
                | "way"
                | "set"
                | "new"
                | "end"
                | "aid"
                | "tax"
                | "wide"
                | "born"
                | "made"
                | "held"
                | "like"
                | "up"
                | "in"
                | "out"
                | "on"
                | "to"
                | "by"
                | "of"
                | "free"
                | "only"
                | "long"
                | "term"
                | "year"
                | "time"
                | "side"
                | "line"
                | "based"
                | "rate"
                | "type"
                | "bound"
        )
}

/// Bits of [`Doc`]'s per-token flags.
/// The low bits are the lexicon's [`word`] bits.
mod flag {
    use super::word;
    pub const CONNECTOR: u16 = 1;
    pub const ORG_WORD: u16 = word::ORG_WORD as u16;
    pub const ROLE: u16 = word::ROLE as u16;
    pub const GIVEN: u16 = word::GIVEN as u16;
    pub const DEMONYM: u16 = word::DEMONYM as u16;
    pub const COMMON: u16 = word::COMMON as u16;
    pub const LOWER_SEEN: u16 = 64;
    pub const NAME: u16 = 128;
    /// News writes the word in lowercase (`lowercase_words.txt`).
    pub const USUALLY_LOWER: u16 = 256;
}

/// Is `r` the place of a dateline: first on its line and followed by a comma, a
/// bracket or a date ("YORK , England 1996-08-22", "WASHINGTON (Reuters) -",
/// "LONDON 1996-08-22")?
pub(crate) fn is_dateline(doc: &Doc, r: Range<usize>) -> bool {
    let starts_line = doc.toks.get(r.start).is_some_and(|t| t.line_start);
    starts_line
        && doc.toks.get(r.end).is_some_and(|t| {
            let w = t.text(doc.text);
            w == "," || w == "(" || (t.kind == Kind::Number && w.len() >= 8)
        })
}

/// Where the place of a line that is a dateline alone ends: up to four words, with
/// "." and "'" inside, then the date and nothing else ("ST. LOUIS 1996-08-30", "MONTE
/// CARLO 1996-08-30"). Never the article's first line, its headline. `None` when the
/// line is no such dateline.
pub(crate) fn dateline_end(doc: &Doc, line: Range<usize>) -> Option<usize> {
    if line.start == 0 || line.len() < 2 {
        return None;
    }
    let date = &doc.toks[line.end - 1];
    let w = date.text(doc.text);
    // Three numbers: "1996-08-30", "30/08/96" (not a price range, "145.00-150.00").
    let dated = date.kind == Kind::Number
        && w.split(['-', '/']).count() == 3
        && w.split(['-', '/'])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let place = line.start..line.end - 1;
    let words = doc.name_words(place.clone(), |k, w| {
        k > place.start && matches!(w, "." | "'")
    });
    (dated
        && words.is_some_and(|n| (1..=4).contains(&n))
        && doc.toks[place.end - 1].kind == Kind::Word)
        .then_some(place.end)
}

/// Is `r` the country of a dateline, after its city and a comma and before its date
/// ("LA CORUNA , Spain 1996-08-31")?
pub(crate) fn dateline_country(doc: &Doc, r: Range<usize>) -> bool {
    let dated = doc
        .toks
        .get(r.end)
        .is_some_and(|t| t.kind == Kind::Number && t.end - t.start >= 8);
    if !dated || r.start < 2 || doc.word(r.start - 1) != "," {
        return false;
    }
    // The city: up to four words from the start of the line to the comma.
    let comma = r.start - 1;
    (comma.saturating_sub(4)..comma)
        .rev()
        .find(|&k| doc.toks[k].line_start)
        .is_some_and(|start| is_dateline(doc, start..comma))
}

/// Does token `tok` open a line that is a dateline alone (see [`dateline_end`])?
pub(crate) fn opens_dateline(doc: &Doc, tok: usize) -> bool {
    doc.lines
        .iter()
        .find(|l| l.toks.start == tok)
        .is_some_and(|l| dateline_end(doc, l.toks.clone()).is_some())
}

pub(crate) fn prev_tok<'a>(doc: &'a Doc, i: usize) -> Option<&'a Token> {
    i.checked_sub(1).and_then(|p| doc.toks.get(p))
}
