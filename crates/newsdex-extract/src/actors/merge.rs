//! Document-level resolution: mentions of the same actor are merged (spelling variants,
//! surname to full name, acronym to expansion, ALL-CAPS headline words to body names),
//! each actor gets the kind most of its evidence votes for, and the list is ranked.

use std::borrow::Cow;

use super::classify::{Mention, STRONG};
use super::cues::{is_body_head, is_competition_head, is_portfolio};
use super::doc::{dateline_country, dateline_end, is_dateline, opens_dateline, Doc, Mode};
use super::lexicon::{self, FastMap, FastSet};
use super::tokens::Kind;
use crate::types::{Actor, ActorKind};

/// The merge key: case-folded, with British and American spellings made one
/// ("Organisation"/"Organization") and typographic apostrophes made plain.
pub(crate) fn key(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    key_into(s, &mut k);
    k
}

/// [`key`], written into a reused buffer.
fn key_into(s: &str, k: &mut String) {
    k.clear();
    if s.is_ascii() {
        // The usual case, split by bytes: in ASCII, `char::is_whitespace` is the space
        // and `\t` to `\r`.
        let b = s.as_bytes();
        let is_space = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
        let mut p = 0;
        while p < b.len() {
            if is_space(b[p]) {
                p += 1;
                continue;
            }
            let q = p;
            while p < b.len() && !is_space(b[p]) {
                p += 1;
            }
            // ("Washington , D.C.", as tokenised text writes it, is "washington, d.c.".)
            if !k.is_empty() && b[q] != b',' {
                k.push(' ');
            }
            let start = k.len();
            k.push_str(s.get(q..p).unwrap_or(""));
            k[start..].make_ascii_lowercase();
            spell_us(k, start);
        }
        return;
    }
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 && !w.starts_with(',') {
            k.push(' ');
        }
        let start = k.len();
        if w.is_ascii() {
            k.push_str(w);
            k[start..].make_ascii_lowercase();
        } else {
            for c in w.chars() {
                match c {
                    '’' | '‘' => k.push('\''),
                    '‐' | '‑' | '–' => k.push('-'),
                    c => k.extend(c.to_lowercase()),
                }
            }
        }
        spell_us(k, start);
    }
}

/// Word endings, checked per word so that no substring search runs per name: the key's
/// last word, from byte `start`, in American spelling.
fn spell_us(k: &mut String, start: usize) {
    let word = &k[start..];
    // (Every spelling below ends in "n", "s", "e" or "r": other words are left at once.)
    if !matches!(word.as_bytes().last(), Some(b'n' | b's' | b'e' | b'r')) {
        return;
    }
    let us = if let Some(stem) = word.strip_suffix("isation") {
        Some(format!("{stem}ization"))
    } else if let Some(stem) = word.strip_suffix("isations") {
        Some(format!("{stem}izations"))
    } else {
        match word {
            "defence" => Some("defense".to_string()),
            "centre" => Some("center".to_string()),
            "labour" => Some("labor".to_string()),
            "programme" => Some("program".to_string()),
            _ => None,
        }
    };
    if let Some(us) = us {
        k.truncate(start);
        k.push_str(&us);
    }
}

fn kind_index(k: ActorKind) -> usize {
    match k {
        ActorKind::Person => 0,
        ActorKind::Org => 1,
        ActorKind::Place => 2,
    }
}

struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Self {
        Sets {
            parent: (0..n).collect(),
        }
    }
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    /// Joins two sets; the earlier mention stays the root, so first appearance is kept.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi] = lo;
        }
    }
}

/// What a set's mentions say together: votes by kind, whether any is firm (not
/// tentative), and its longest mention in words.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    votes: [u32; 3],
    /// Whether some mention is of that kind on strong evidence (a role cue, the gazetteer,
    /// or the model's sure guess).
    sure: [bool; 3],
    /// How many mentions are of that kind on the rules' strong evidence (a role cue, a
    /// head noun, the lists): the model's guesses, however sure, are not counted.
    ruled: [u16; 3],
    firm: bool,
    words: usize,
}

/// The tally of each set, indexed by its root.
fn votes(mentions: &[Mention], sets: &mut Sets) -> Vec<Tally> {
    let mut v = vec![Tally::default(); mentions.len()];
    for (i, m) in mentions.iter().enumerate() {
        let e = &mut v[sets.root(i)];
        if let Some(k) = m.kind {
            e.votes[kind_index(k)] += u32::from(m.strength);
            e.sure[kind_index(k)] |= m.strength >= STRONG;
            if m.strength >= STRONG && !m.guess {
                e.ruled[kind_index(k)] = e.ruled[kind_index(k)].saturating_add(1);
            }
        }
        e.firm |= !m.tentative;
        e.words = e.words.max(m.words);
    }
    v
}

/// The kind of a set: a person when the rules' strong evidence makes it one in two
/// mentions or more and no other kind ("Gov. Romney", "Romney was re-elected", against
/// the model's guesses that "Romney's trip" is a company's), else the kind with the most
/// votes. (A person's role cues and predicates are the rules' surest evidence, but one
/// can misfire: "Dissident Khmer Rouge leader Ieng Sary". A strong place, such as a
/// dateline's "KLM, which ..." read as a city's, is outvoted as before.)
fn kind_of(t: &Tally) -> Option<ActorKind> {
    if surely_person(t) {
        return Some(ActorKind::Person);
    }
    winner(&t.votes)
}

/// Do the rules' strong evidence make the set a person, in two mentions or more, and no
/// other kind?
fn surely_person(t: &Tally) -> bool {
    let ruled = |k: ActorKind| t.ruled[kind_index(k)];
    ruled(ActorKind::Person) >= 2 && ruled(ActorKind::Org) == 0 && ruled(ActorKind::Place) == 0
}

fn winner(v: &[u32; 3]) -> Option<ActorKind> {
    let best = *v.iter().max()?;
    if best == 0 {
        return None;
    }
    let i = v.iter().position(|&x| x == best)?;
    Some(ActorKind::ALL[i])
}

/// Second words of a two-word organisation named after the person who leads it.
const LED_BY: [&str; 3] = ["administration", "government", "cabinet"];

/// Initials of a multi-word name: "Collective Security Treaty Organization" -> "cst o".
fn initials(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Capitalised words that are place names but, in a shouted headline, far more often
/// ordinary words ("STOCK SPLIT", "NICE RESULTS").
fn caps_ambiguous(s: &str) -> bool {
    let lx = lexicon::get();
    lx.is_common(s)
        || matches!(
            s,
            "SPLIT"
                | "NICE"
                | "READING"
                | "BATH"
                | "MOBILE"
                | "ORANGE"
                | "DEAL"
                | "SALE"
                | "HULL"
                | "DERBY"
                | "VICTORIA"
                | "GULF"
                | "ENGLAND"
                | "SPA"
                | "ALBANY"
                | "PORTLAND"
        )
}

/// "Russian Foreign Intelligence Service" beside a bare "Foreign Intelligence Service",
/// "Bishkek Collective Security Treaty Organization" beside the bare organisation,
/// "Chicago NAPM" beside a bare "NAPM": the nationality or place is a qualifier, not part
/// of the name. The organisation keeps the bare form; a place qualifier becomes a place
/// mention of its own. (Two words only before an acronym: "Chicago Tribune" is a name.)
fn split_qualified<'t>(doc: &Doc<'t>, mentions: &mut Vec<Mention<'t>>) {
    let lx = lexicon::get();
    // (Not a legal suffix or head word in capitals: "Luxembourg SA" is a company.)
    let acronym = |w: &str| {
        w.len() >= 2
            && w.bytes().all(|b| b.is_ascii_uppercase())
            && lx
                .exact_bits
                .get(w)
                .is_none_or(|b| b & lexicon::word::ORG_WORD == 0)
    };
    // An organisation's name that opens with a place or nationality.
    let candidates = |m: &Mention| {
        let first = doc.word(m.tok);
        m.kind == Some(ActorKind::Org)
            && (m.words >= 3
                || (m.words == 2 && m.form.split_once(' ').is_some_and(|(_, r)| acronym(r))))
            && (lx.places.contains(first) || lx.demonyms.contains(first))
    };
    if !mentions.iter().any(candidates) {
        return;
    }
    // (As written, not by merge key: "Australian Labor Party" beside the Dutch "Labour
    // Party" names another party, though the key spells both "labor party".)
    let bare: FastSet<String> = mentions.iter().map(|m| m.form.to_lowercase()).collect();
    let mut places = Vec::new();
    for m in mentions.iter_mut().filter(|m| candidates(m)) {
        let first = doc.word(m.tok);
        let is_place = lx.places.contains(first);
        let Some((_, rest)) = m.form.split_once(' ') else {
            continue;
        };
        // (A body every country has keeps its country: "Japanese Finance Ministry" is
        // named for Japan, see `name_national_bodies`.)
        if !bare.contains(&rest.to_lowercase()) || national_body(rest) {
            continue;
        }
        let rest: Cow<'t, str> = match &m.form {
            Cow::Borrowed(s) => Cow::Borrowed(s.split_once(' ').map_or(*s, |(_, r)| r)),
            Cow::Owned(s) => {
                Cow::Owned(s.split_once(' ').map_or(s.as_str(), |(_, r)| r).to_string())
            }
        };
        if is_place {
            places.push(Mention {
                form: Cow::Borrowed(first),
                tok: m.tok,
                words: 1,
                kind: Some(ActorKind::Place),
                strength: STRONG,
                expands: None,
                tentative: false,
                guess: false,
            });
        }
        m.form = rest;
        m.tok += 1;
        m.words -= 1;
    }
    mentions.extend(places);
}

/// Merges mentions into actors: mentions written alike are one actor, then short names
/// join the full names they stand for, then ALL-CAPS lines are matched against both,
/// and each set of mentions becomes an actor.
pub(crate) fn resolve<'t>(doc: &Doc<'t>, mut mentions: Vec<Mention<'t>>) -> Vec<Actor> {
    split_qualified(doc, &mut mentions);
    let mut sets = Sets::new(mentions.len());
    let (arena, spans, aliased) = keys_of(&mentions);
    let keys: Vec<&str> = spans
        .into_iter()
        .map(|r| arena.get(r).unwrap_or(""))
        .collect();
    let by_key = join_same_keys(&mentions, &keys, &aliased, &mut sets);
    join_halves(&mentions, &keys, &by_key, &mut sets);
    let v = votes(&mentions, &mut sets);
    let full = FullNames::index(&mentions, &keys, &mut sets, &v);
    join_short_names(doc, &mut mentions, &keys, &mut sets, &v, &full);
    join_last_names(doc, &mentions, &keys, &mut sets, &v);
    read_caps_lines(doc, &mut mentions, &mut sets, &by_key, &full.surnames);
    let mut actors = build_actors(doc, &mentions, &mut sets);
    actors.sort_by(|a, b| b.0.mentions.cmp(&a.0.mentions).then(a.1.cmp(&b.1)));
    actors.into_iter().map(|(a, _)| a).collect()
}

/// "Hernandez Grisanti" after "Arturo Hernandez Grisanti", "Perez de Cuellar" after
/// "Javier Perez de Cuellar": a person's last two words or more are the one person of
/// the article whose full name ends in them (double surnames, surnames with particles).
fn join_last_names(doc: &Doc, mentions: &[Mention], keys: &[&str], sets: &mut Sets, v: &[Tally]) {
    let is_person =
        |i: usize, sets: &mut Sets| kind_of(&v[sets.root(i)]) == Some(ActorKind::Person);
    // Each tail of two words or more of a person's name of three or more that opens with
    // a given name ("Bundeskanzlerin Angela Merkel", a role before a name, is no fuller
    // name of "Angela Merkel"); `None` when two people's names end alike.
    let mut tails: FastMap<&str, Option<usize>> = FastMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.words < 3 || !doc.given(m.tok) || !is_person(i, sets) {
            continue;
        }
        let root = sets.root(i);
        let mut rest = keys[i];
        while let Some((_, tail)) = rest.split_once(' ') {
            if !tail.contains(' ') {
                break;
            }
            note_one(&mut tails, tail, i, root, sets);
            rest = tail;
        }
    }
    if tails.is_empty() {
        return;
    }
    for (i, m) in mentions.iter().enumerate() {
        if m.words < 2 || !is_person(i, sets) {
            continue;
        }
        if let Some(&Some(p)) = tails.get(keys[i]) {
            sets.union(i, p);
        }
    }
}

/// In an article on a divided country, which names both "North Korea" and "South
/// Korea", "the North" and "the South" are its halves: a lone "North" joins the one
/// "North X" whose "South X" the article names too, and "South" likewise.
fn join_halves(
    mentions: &[Mention],
    keys: &[&str],
    by_key: &FastMap<&str, usize>,
    sets: &mut Sets,
) {
    let lone = |k: &str| matches!(k, "north" | "south");
    if !keys.iter().any(|k| lone(k)) {
        return;
    }
    let mut halves = by_key.keys().filter_map(|k| {
        let x = k.strip_prefix("north ")?;
        by_key
            .contains_key(format!("south {x}").as_str())
            .then_some(x)
    });
    let (Some(x), None) = (halves.next(), halves.next()) else {
        return;
    };
    for (i, m) in mentions.iter().enumerate() {
        if lone(keys[i]) && m.kind != Some(ActorKind::Person) {
            if let Some(&j) = by_key.get(format!("{} {x}", keys[i]).as_str()) {
                sets.union(i, j);
            }
        }
    }
}

/// Every mention's key, written once into one buffer (a name costs no allocation), with
/// the byte range of each; an alias is keyed as the name it stands for ("u.s." ->
/// "united states"), and said to be one.
fn keys_of(mentions: &[Mention]) -> (String, Vec<std::ops::Range<usize>>, Vec<bool>) {
    let lx = lexicon::get();
    let mut arena = String::new();
    let mut spans = Vec::with_capacity(mentions.len());
    let mut aliased = Vec::with_capacity(mentions.len());
    let mut buf = String::new();
    for m in mentions {
        key_into(&m.form, &mut buf);
        let alias = lx.aliases.get(&buf);
        let k = alias.map_or(buf.as_str(), String::as_str);
        let start = arena.len();
        arena.push_str(k);
        spans.push(start..arena.len());
        aliased.push(alias.is_some());
    }
    (arena, spans, aliased)
}

/// Joins the mentions that share a key, and a bracketed acronym with the name it
/// abbreviates; gives each key's first mention.
///
/// A place written by an alias of its name, and sure to be a place ("Berkeley, Calif."),
/// joins the other mentions of its name unless they make an organisation: in a report
/// on California's team, the state is an actor of its own.
fn join_same_keys<'k>(
    mentions: &[Mention],
    keys: &[&'k str],
    aliased: &[bool],
    sets: &mut Sets,
) -> FastMap<&'k str, usize> {
    let apart: Vec<bool> = mentions
        .iter()
        .zip(aliased)
        .map(|(m, &aliased)| aliased && m.kind == Some(ActorKind::Place) && m.strength >= STRONG)
        .collect();
    let mut by_key: FastMap<&str, usize> = FastMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(j) = m.expands {
            sets.union(i, j);
        }
        if apart[i] {
            continue;
        }
        let k = keys[i];
        match by_key.get(k) {
            Some(&j) => sets.union(i, j),
            None => {
                by_key.insert(k, i);
            }
        }
    }
    if !apart.contains(&true) {
        return by_key;
    }
    let tally = votes(mentions, sets);
    let mut places: FastMap<&str, usize> = FastMap::default();
    for i in (0..mentions.len()).filter(|&i| apart[i]) {
        let k = keys[i];
        match by_key.get(k) {
            Some(&j) if kind_of(&tally[sets.root(j)]) == Some(ActorKind::Org) => {
                match places.get(k) {
                    Some(&p) => sets.union(i, p),
                    None => {
                        places.insert(k, i);
                    }
                }
            }
            Some(&j) => sets.union(i, j),
            None => {
                by_key.insert(k, i);
            }
        }
    }
    by_key
}

/// The article's full names, by the short names that may stand for them.
struct FullNames<'k> {
    /// People by the key of their last word: a bare word that ends a person's full name
    /// is that person.
    surnames: FastMap<&'k str, usize>,
    /// Names of two words or more that no strong evidence gives a kind (the model's
    /// guess, "Mitt Romney" taken for a company), by the key of their last word; `None`
    /// when two such names share it.
    guessed: FastMap<&'k str, Option<usize>>,
    /// Organisations by their initials.
    acronyms_of: FastMap<String, usize>,
    /// Organisations by their first word ("hughes" -> Hughes Tool Co); `None` when two
    /// organisations share it.
    org_heads: FastMap<&'k str, Option<usize>>,
    /// Organisations by their last word ("commission" -> European Commission), likewise.
    org_tails: FastMap<&'k str, Option<usize>>,
}

impl<'k> FullNames<'k> {
    fn index(mentions: &[Mention], keys: &[&'k str], sets: &mut Sets, v: &[Tally]) -> Self {
        let mut surnames: FastMap<&str, usize> = FastMap::default();
        let mut guessed: FastMap<&str, Option<usize>> = FastMap::default();
        let mut acronyms_of: FastMap<String, usize> = FastMap::default();
        // Organisations by their first word ("hughes" -> Hughes Tool Co); `None` when two
        // organisations share it.
        let mut org_heads: FastMap<&str, Option<usize>> = FastMap::default();
        // Organisations by their last word ("commission" -> European Commission), likewise.
        let mut org_tails: FastMap<&str, Option<usize>> = FastMap::default();
        for (i, m) in mentions.iter().enumerate() {
            let root = sets.root(i);
            let kind = kind_of(&v[root]);
            if m.words > 1 && kind == Some(ActorKind::Person) {
                // The key of the last word is the end of the name's key.
                if let Some(last) = keys[i].rsplit(' ').next() {
                    surnames.entry(last).or_insert(i);
                }
            }
            // (Not a title-case headline's guess, "Obama Leave Romney", which would
            // hide the body's "Mitt Romney" under the same last word.)
            if m.words > 1
                && !m.tentative
                && v[root].ruled == [0; 3]
                && kind != Some(ActorKind::Place)
            {
                if let Some(last) = keys[i].rsplit(' ').next() {
                    note_one(&mut guessed, last, i, root, sets);
                }
            }
            if m.words > 1 && kind == Some(ActorKind::Org) {
                let ini = initials(&m.form);
                if ini.chars().count() >= 2 {
                    acronyms_of.entry(ini).or_insert(i);
                }
                if let Some((_, tail)) = keys[i].rsplit_once(' ') {
                    note_one(&mut org_tails, tail, i, root, sets);
                }
                if let Some((head, rest)) = keys[i].split_once(' ') {
                    // "Reagan Administration" is led by a person, and named after him.
                    if !LED_BY.contains(&rest) {
                        note_one(&mut org_heads, head, i, root, sets);
                    }
                    // After its country's abbreviation, the name's own first word: "House"
                    // of "U.S. House of Representatives".
                    if let Some((own, _)) = rest.split_once(' ') {
                        // (Not a body every country has: a "Treasury" is the
                        // article's Treasury, not its "U.S. Treasury Bond".)
                        if head.contains('.')
                            && super::designated_country(head).is_some()
                            && !national_body_ci(own)
                        {
                            note_one(&mut org_heads, own, i, root, sets);
                        }
                    }
                }
            }
        }
        FullNames {
            surnames,
            guessed,
            acronyms_of,
            org_heads,
            org_tails,
        }
    }
}

/// Records mention `i`, of the set rooted at `root`, under `key`; `None` once mentions of
/// two sets are under it.
fn note_one<'k>(
    map: &mut FastMap<&'k str, Option<usize>>,
    key: &'k str,
    i: usize,
    root: usize,
    sets: &mut Sets,
) {
    map.entry(key)
        .and_modify(|o| {
            if o.is_some_and(|o| sets.root(o) != root) {
                *o = None;
            }
        })
        .or_insert(Some(i));
}

/// Does an organisation's name end in a word for one of its parts ("OPEC Differentials
/// Committee", "U.S. Senate Agriculture Committee", "IMF Executive Board")?
fn names_a_part(form: &str) -> bool {
    form.rsplit(' ')
        .next()
        .is_some_and(|w| super::cues::on(w, super::cues::cue::BODY_HEAD))
}

/// Joins a one-word mention to the full name it stands for: a surname to its person, an
/// acronym in capitals to its organisation, a company's first word or a bare head noun
/// to its organisation. A bare head noun with no such organisation names nothing.
fn join_short_names(
    doc: &Doc,
    mentions: &mut [Mention],
    keys: &[&str],
    sets: &mut Sets,
    v: &[Tally],
    full: &FullNames,
) {
    let lx = lexicon::get();
    let FullNames {
        surnames,
        guessed,
        acronyms_of,
        org_heads,
        org_tails,
    } = full;
    // The sets as they stand before these merges, to find a short name's other mentions.
    let before: Vec<usize> = (0..mentions.len()).map(|i| sets.root(i)).collect();
    let mut short_names = vec![false; mentions.len()];
    let mut no_name: Vec<usize> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.words != 1 {
            continue;
        }
        let t = &v[sets.root(i)];
        if t.words > 1 {
            continue;
        }
        // "the Commission", "the Bank": a bare head noun is the article's one
        // organisation named with it ("European Commission", "Bank of England"), or no
        // name at all. (Not the few that name one institution: "Congress", "Senate".)
        let k = keys[i];
        // (A plural, "Democrats", "Greens", is a party's people, and an adjective,
        // "International", "United", no short name: they are left to the rules below.)
        let w = doc.word(m.tok);
        let noun = !w.ends_with('s') && !matches!(w, "International" | "United");
        if noun && doc.org_word(m.tok) && !lx.orgs.contains(w) {
            match org_tails.get(k).or_else(|| org_heads.get(k)) {
                Some(&Some(o)) => sets.union(i, o),
                _ => no_name.push(i),
            }
            continue;
        }
        // A word the rules make a person ("Gov. Romney") is the person of the one full
        // name ending in it that nothing but the model's guesses gave a kind ("Mitt
        // Romney", unknown to the lists): the surname's evidence decides.
        if surely_person(t) && !surnames.contains_key(k) {
            if let Some(&Some(p)) = guessed.get(k) {
                sets.union(i, p);
                continue;
            }
        }
        // Strong evidence of another kind keeps a word apart; a word the lists know as an
        // organisation can still be the short name of one ("Ford" after "Ford Motor Co").
        // (Strong means one mention's evidence: weak guesses, "Barnier ’s UK counterpart"
        // twice, add up to no more than a guess.)
        let strong_org = t.sure[kind_index(ActorKind::Org)];
        if t.sure[kind_index(ActorKind::Place)] {
            // In a report on tennis or golf, a town that is the surname of a player the
            // article names in full is the player ("Washington, who climbed back" after
            // "MaliVai Washington"). (Not a country: "Jordan" may be both in any report.)
            let k = keys[i];
            if let Some(&p) = surnames.get(k).filter(|_| doc.individual) {
                if !lx.is_country_ci(&m.form) {
                    short_names[before[i]] = true;
                    sets.union(i, p);
                }
            }
            continue;
        }
        let k = keys[i];
        // A name alone is the organisation, not its committee or board named with it
        // ("OPEC said ... the OPEC Differentials Committee"; "the Senate Finance
        // Committee ... the Senate will debate").
        let head_of = |o: usize| Some(o).filter(|_| !names_a_part(&mentions[o].form));
        let org_head = org_heads.get(k).copied().flatten().and_then(head_of);
        // A surname that only the model's guesses make a company's ("Romney's trip"),
        // however sure, is the person the article names in full ("Mitt Romney") when
        // the rules make the full name a person.
        // (Or when the rules make the surname itself a person: "Romney's running mate".)
        if strong_org && org_head.is_none() && t.ruled[kind_index(ActorKind::Org)] == 0 {
            let person = |p: usize| {
                v[before[p]].ruled[kind_index(ActorKind::Person)] > 0
                    || t.ruled[kind_index(ActorKind::Person)] > 0
            };
            if let Some(&p) = surnames.get(k).filter(|&&p| person(p)) {
                short_names[before[i]] = true;
                sets.union(i, p);
                continue;
            }
        }
        if strong_org && org_head.is_none() {
            continue;
        }
        if strong_org {
            if let Some(o) = org_head {
                if !t.sure[kind_index(ActorKind::Person)] {
                    short_names[before[i]] = true;
                    sets.union(i, o);
                }
            }
        } else if let Some(&p) = surnames.get(k) {
            // The full name decides the kind: a guess from the surname's own contexts
            // ("Reaves scored", "Collins ’s shares") is no vote against it.
            short_names[before[i]] = true;
            sets.union(i, p);
        } else if doc.toks[m.tok].upper {
            if let Some(&o) = acronyms_of.get(k) {
                sets.union(i, o);
            }
        } else if let Some(o) = org_head {
            // A company's first word stands for it ("Hughes said" after "Hughes Tool
            // Co"), unless a role or title made the word a person ("Mr Hughes"). A word
            // nothing votes for ("Russian" before "Russian Foreign Ministry") is no name.
            if kind_of(t).is_some() && !t.sure[kind_index(ActorKind::Person)] {
                short_names[before[i]] = true;
                sets.union(i, o);
            }
        }
    }
    for i in no_name {
        mentions[i].kind = None;
    }
    // What a short name's context says ("Hughes said": a person?) is no vote against
    // the organisation's own name.
    for (m, &r) in mentions.iter_mut().zip(&before) {
        if short_names[r] {
            m.strength = 0;
        }
    }
}

/// ALL-CAPS lines: only names the body or the gazetteer knows. Most shouted words are
/// no name, so a phrase is only looked up when its first word can start a known
/// multi-word name (gazetteer or this article).
fn read_caps_lines<'t>(
    doc: &Doc<'t>,
    mentions: &mut Vec<Mention<'t>>,
    sets: &mut Sets,
    by_key: &FastMap<&str, usize>,
    surnames: &FastMap<&str, usize>,
) {
    if !doc.lines.iter().any(|l| l.mode == Mode::Caps) {
        return;
    }
    let lx = lexicon::get();
    let doc_firsts: FastSet<&str> = by_key
        .keys()
        .filter_map(|k| k.split_once(' ').map(|(first, _)| first))
        .collect();
    // The first words of the article's longer names, each standing for the one name
    // they start ("security pacific" of "Security Pacific Corp"): a shouted headline
    // shortens a company's name. (Not a body's: "U.S. SENATE" is not the "U.S. Senate
    // Agriculture Committee".)
    let mut prefixes: FastMap<&str, Option<usize>> = FastMap::default();
    for (k, &j) in by_key {
        // (Byte by byte: keys are short, and a searcher costs more to set up.)
        let mut starts = k
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b' ')
            .skip(1)
            .peekable();
        if starts.peek().is_none() {
            continue;
        }
        if names_a_part(&mentions[j].form) {
            continue;
        }
        let root = sets.root(j);
        for (p, _) in starts {
            prefixes
                .entry(&k[..p])
                .and_modify(|o| {
                    if o.is_some_and(|o| sets.root(o) != root) {
                        *o = None;
                    }
                })
                .or_insert(Some(j));
        }
    }
    let mut buf = String::new();
    let mut new_keys: FastMap<String, usize> = FastMap::default();
    for line in doc.lines.iter().filter(|l| l.mode == Mode::Caps) {
        if let Some(m) = newspaper_line(doc, line.toks.clone()) {
            let idx = mentions.len();
            mentions.push(m);
            sets.parent.push(idx);
            continue;
        }
        let mut i = line.toks.start;
        // A dateline's place is a place, known or not ("ESCHEN 1996-08-31"), unless the
        // article names it otherwise: then the words are read below, as any others.
        if let Some(e) = dateline_end(doc, line.toks.clone()) {
            let span = doc.span(i..e);
            key_into(&span, &mut buf);
            let k = lx.aliases.get(&buf).map_or(buf.as_str(), String::as_str);
            let known = by_key.contains_key(k) || surnames.contains_key(k);
            let common_word = e == i + 1 && doc.common(i);
            if !(known || common_word) {
                if !new_keys.contains_key(k) {
                    new_keys.insert(k.to_owned(), mentions.len());
                }
                let idx = mentions.len();
                mentions.push(Mention {
                    form: span,
                    tok: i,
                    words: e - i,
                    kind: Some(ActorKind::Place),
                    strength: STRONG,
                    expands: None,
                    tentative: false,
                    guess: false,
                });
                sets.parent.push(idx);
                i = e;
            }
        }
        'outer: while i < line.toks.end {
            // The words from `i` up to the next punctuation; a name does not span it.
            let words = (i..line.toks.end)
                .take_while(|&x| doc.toks[x].kind == Kind::Word)
                .count();
            let starts_multi = words > 1
                && lexicon::with_lower(doc.word(i), |l| {
                    lx.multi_first.contains(l) || doc_firsts.contains(l)
                });
            let longest = if starts_multi { words.min(5) } else { 1 };
            for n in (1..=longest).rev() {
                let e = i + n;
                // A name does not end in a common word ("RUSSIA SAYS").
                if n > 1 && doc.common(e - 1) {
                    continue;
                }
                let span = doc.span(i..e);
                let s: &str = &span;
                key_into(s, &mut buf);
                let k = lx.aliases.get(&buf).map_or(buf.as_str(), String::as_str);
                let found = by_key
                    .get(k)
                    .or_else(|| if n == 1 { surnames.get(k) } else { None })
                    .or_else(|| new_keys.get(k))
                    .copied()
                    // ("SECURITY PACIFIC" above "Security Pacific Corp"; not "NEW YORK"
                    // above the New York Stock Exchange, a name of its own.)
                    .or_else(|| {
                        if n < 2 {
                            return None;
                        }
                        let j = prefixes.get(k).copied().flatten()?;
                        (!(lx.is_place_ci(s) || lx.is_org_ci(s))).then_some(j)
                    });
                let dateline = is_dateline(doc, i..e);
                // "MILAN 1996-08-30" above a report on the club Milan: the dateline is
                // the city, an actor of its own.
                let city = found.is_some_and(|j| {
                    dateline && lx.is_place_ci(s) && {
                        let tally = votes(mentions, sets);
                        let root = sets.root(j);
                        !matches!(kind_of(&tally[root]), None | Some(ActorKind::Place))
                    }
                });
                // A lone common word is neither a place nor an organisation below (both
                // turn it down), which the word's flag tells without a lookup.
                let common_word = n == 1 && doc.common(i);
                let (kind, target) = match found {
                    _ if city => (Some(ActorKind::Place), None),
                    Some(j) => (mentions[j].kind, Some(j)),
                    None if common_word => continue,
                    None if lx.is_place_ci(s) && (n > 1 || !caps_ambiguous(s)) => {
                        // In a sports report a city in a headline is its team.
                        let team = doc.sports && !dateline && !lx.is_country_ci(s);
                        let kind = if team {
                            ActorKind::Org
                        } else {
                            ActorKind::Place
                        };
                        (Some(kind), None)
                    }
                    None if lx.is_org_ci(s) && (n > 1 || !lx.is_common(s)) => {
                        (Some(ActorKind::Org), None)
                    }
                    None => continue,
                };
                // "RESULTS FROM THE U.S. OPEN", "1997 FED CUP": a name before a
                // competition's word names the competition, which is no actor.
                if doc.toks.get(e).is_some_and(|t| t.kind == Kind::Word)
                    && is_competition_head(doc.word(e))
                {
                    i = e + 1;
                    continue 'outer;
                }
                let idx = mentions.len();
                mentions.push(Mention {
                    form: span.clone(),
                    tok: i,
                    words: n,
                    kind,
                    strength: if target.is_some() { 0 } else { STRONG },
                    expands: None,
                    tentative: false,
                    guess: false,
                });
                sets.parent.push(idx);
                match target {
                    Some(j) => sets.union(idx, j),
                    None => {
                        new_keys.insert(k.to_string(), idx);
                    }
                }
                i = e;
                continue 'outer;
            }
            i += 1;
        }
    }
}

/// In an article that capitalises every noun (German), is this actor one a capital
/// letter alone did not make: a name of our lists (or of GeoNames, of several words), a
/// person whose name opens with a known given name and closes with a known surname
/// ("Angela Merkel"), or an acronym ("NATO", "SPD")?
pub(crate) fn known_in_noun_language(a: &Actor) -> bool {
    let lx = lexicon::get();
    let listed = |f: &str| {
        lx.is_place_ci(f)
            || lx.is_org_ci(f)
            || lx.is_country_ci(f)
            || lx.is_place_alias(f)
            || lexicon::with_lower(f, |l| lx.canonical(l).is_some())
            // (A town of GeoNames of one word is too often a noun: "Ende", "Lage".)
            || (f.contains(' ') && super::model::is_listed_place(f))
    };
    let acronym = |f: &str| {
        let letters = f.chars().filter(|c| c.is_alphabetic()).count();
        (2..=8).contains(&letters) && !f.contains(' ') && f.chars().all(|c| !c.is_lowercase())
    };
    let named = |f: &str| {
        let words: Vec<&str> = f.split_whitespace().collect();
        words.len() >= 2
            && (lx.given.contains(words[0]) || super::model::is_given_name(words[0]))
            && words.last().is_some_and(|w| super::model::is_surname(w))
    };
    std::iter::once(a.name.as_str())
        .chain(a.forms.iter().map(String::as_str))
        .any(|f| {
            listed(f)
                || (a.kind == ActorKind::Person && named(f))
                || (a.kind != ActorKind::Person && acronym(f))
        })
}

/// "MONTE CARLO" -> "Monte Carlo", "N'DJAMENA" -> "N'Djamena", "finance ministry" ->
/// "Finance Ministry": each word's first letter and the first after a hyphen or
/// apostrophe in capitals, the others lowercased.
fn title_case(s: &str) -> String {
    let mut start = true;
    if s.is_ascii() {
        // (Lowercased at once and word starts raised in place, the usual case: the case
        // mappings of `char` take a table search.)
        let mut out = s.to_ascii_lowercase();
        for (i, &b) in s.as_bytes().iter().enumerate() {
            if start {
                out[i..=i].make_ascii_uppercase();
            }
            start = matches!(b, b' ' | b'-' | b'\'');
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, ' ' | '-' | '\'');
    }
    out
}

/// In a press digest, a line in capitals alone, of a few words, is the newspaper whose
/// stories follow ("KOMPAS", "JAKARTA POST", "AN-NAHAR"): an organisation. Not the
/// headline, the dateline, a page ("FRONT PAGE") or a known place ("IRAQ").
fn newspaper_line<'t>(doc: &Doc<'t>, r: std::ops::Range<usize>) -> Option<Mention<'t>> {
    if !doc.press_digest || r.start == 0 || r.is_empty() || r.len() > 6 {
        return None;
    }
    let words = doc.name_words(r.clone(), |_, w| matches!(w, "-" | "'" | "&"));
    let form = doc.span(r.clone());
    let page = r
        .clone()
        .any(|k| matches!(doc.word(k), "PAGE" | "PAGES" | "SECTION"));
    if !words.is_some_and(|n| (1..=4).contains(&n))
        || page
        || is_dateline(doc, r.clone())
        || lexicon::get().is_place_ci(&form)
    {
        return None;
    }
    Some(Mention {
        form,
        tok: r.start,
        words: r.len(),
        kind: Some(ActorKind::Org),
        strength: STRONG,
        expands: None,
        tentative: false,
        guess: false,
    })
}

/// One actor per set of mentions that has a kind and a firm mention, with its first
/// token, for ranking.
fn build_actors(doc: &Doc, mentions: &[Mention], sets: &mut Sets) -> Vec<(Actor, usize)> {
    let lx = lexicon::get();
    let v = votes(mentions, sets);
    let mut order: Vec<usize> = Vec::new();
    let mut forms: Vec<Vec<(&str, usize)>> = vec![Vec::new(); mentions.len()];
    let mut counts: Vec<u32> = vec![0; mentions.len()];
    // Each mention's set, to find a set's mentions again.
    let mut roots: Vec<usize> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let r = sets.root(i);
        roots.push(r);
        let f = &mut forms[r];
        if f.is_empty() {
            order.push(r);
        }
        if !f.iter().any(|(x, _)| *x == m.form) {
            f.push((&m.form, m.tok));
        }
        counts[r] += 1;
    }
    let mut actors: Vec<(Actor, usize)> = Vec::new();
    let mut owners: Vec<Option<Owner>> = Vec::new();
    for r in order {
        let t = v[r];
        let Some(kind) = kind_of(&t) else {
            continue;
        };
        if !t.firm {
            continue;
        }
        let mut f = std::mem::take(&mut forms[r]);
        f.sort_by_key(|&(_, tok)| tok);
        let first = f.first().map_or(0, |&(_, t)| t);
        // A place or organisation known by several names goes by its canonical one
        // ("U.S." -> "United States"), so that articles using different names count
        // and filter as one actor. (The alias list holds no people.) Not a place's name
        // for an organisation that one of its forms shortens to it: "Minnesota" in a
        // report on the Minnesota Vikings.
        let canonical = if kind == ActorKind::Person {
            None
        } else {
            // (Forms have single spaces already: lowercasing makes the key.)
            f.iter()
                .find_map(|(s, _)| lexicon::with_lower(s, |l| lx.canonical(l)))
                .filter(|name| {
                    kind != ActorKind::Org || !(lx.is_place_ci(name) || lx.is_country_ci(name))
                })
        };
        let name = match canonical {
            Some(name) => name.to_string(),
            None => f
                .iter()
                .max_by_key(|(s, t)| {
                    let mixed = s.chars().any(char::is_lowercase);
                    (
                        mixed,
                        s.split_whitespace().count(),
                        s.len(),
                        std::cmp::Reverse(*t),
                    )
                })
                // Written in capitals only ("JAPAN" in a headline): a known place or
                // organisation is named as the lists write it, so that it counts as one
                // with the articles that write "Japan"; the place of a dateline
                // ("ESCHEN 1996-08-31") in title case, as places are written. (Other
                // words in capitals may be acronyms: they stay as written.)
                .map(|&(s, t)| {
                    let caps = !s.chars().any(char::is_lowercase);
                    match caps.then(|| lx.written(s)).flatten() {
                        Some(written) => written.to_string(),
                        None if caps && kind == ActorKind::Place && opens_dateline(doc, t) => {
                            title_case(s)
                        }
                        None => s.to_string(),
                    }
                })
                .unwrap_or_default(),
        };
        // In a report on a team sport, a country that plays (not only hosts: "in
        // France") is its national side, another entity than the country, though
        // CoNLL-2003 and so our kind call it a place.
        // (In a tennis or golf team competition the hosts play too: "Spain travels to
        // Belgium", "Spain at Belgium".)
        // ("Benetton ( Italy ) 92": a country in brackets is where a club is from.)
        // ("Benetton of Italy": a club's country; "LA CORUNA , Spain 1996-08-31": where
        // the report was filed.)
        let plays = |m: &Mention| {
            let prev = m.tok.checked_sub(1).map_or("", |p| doc.word(p));
            let bracketed = prev == "(" && doc.word(m.tok + m.words) == ")";
            let clubs_country = prev == "of"
                && m.tok >= 2
                && doc.toks[m.tok - 2].cap
                && doc.is_name_word(m.tok - 2);
            (doc.team_cup.is_some()
                || !lexicon::with_lower(prev, |l| super::cues::on(l, super::cues::cue::PLACE_PREP)))
                && !is_dateline(doc, m.tok..m.tok + m.words)
                && !dateline_country(doc, m.tok..m.tok + m.words)
                && !bracketed
                && !clubs_country
        };
        // In a report on a sport of the major leagues, a city with one team or a team's
        // nickname is the team: "TORONTO 63 71", "the Blue Jays" -> Toronto Blue Jays.
        // (Not when the article also writes the city as where a game was played: "In
        // Milwaukee, Newfield homered" - the city is then its own place as much.)
        let venue = || {
            f.iter().any(|&(_, t)| {
                let prev = t.checked_sub(1).map_or("", |p| doc.word(p));
                matches!(prev, "In" | "in" | "At" | "at")
            })
        };
        let name = match doc.sport {
            Some(sport) if kind == ActorKind::Org && !venue() => {
                lx.team(sport, &name).unwrap_or(name)
            }
            _ => name,
        };
        // (In tennis and golf, the countries of a team competition play as teams: "France
        // against Japan" in a Fed Cup report is France's Fed Cup team.)
        let name = if kind == ActorKind::Place
            && doc.sports
            && (!doc.individual || doc.team_cup.is_some())
            && lx.is_country_ci(&name)
            && mentions
                .iter()
                .enumerate()
                .any(|(i, m)| sets.root(i) == r && plays(m))
        {
            // ("England national cricket team" and "England national football team"
            // are two sides: the slug's sport tells them apart.)
            match (doc.team_cup, doc.sport) {
                (Some(cup), _) if doc.individual => format!("{name} {cup} team"),
                (_, Some(sport)) => format!("{name} national {sport} team"),
                _ => format!("{name} national team"),
            }
        } else {
            name
        };
        let owner = if kind == ActorKind::Org {
            body_owner(doc, &f, || {
                mentions
                    .iter()
                    .zip(&roots)
                    .filter(move |(_, &root)| root == r)
                    .map(|(m, _)| m.tok)
            })
        } else {
            None
        };
        actors.push((
            Actor {
                name,
                kind,
                forms: f.into_iter().map(|(s, _)| s.to_string()).collect(),
                mentions: counts[r],
            },
            first,
        ));
        owners.push(owner);
    }
    let bodies = name_national_bodies(doc, &mut actors, &owners);
    if name_lower_chamber(&mut actors) || bodies {
        // "Norwegian Fisheries Agency" and "the Fisheries Agency" now have one name.
        return crate::types::join_same_names(actors, |at, first| *at = (*at).min(first));
    }
    actors
}

/// "The House passed the bill and the Senate ...": the bare "House" of an article that
/// names the Senate or a committee or party caucus of the House is the House of
/// Representatives, as that chamber is named in full, and an organisation wherever it
/// stands ("sent to the House"); elsewhere "the House" may be the Commons or the Lok
/// Sabha (beside India's Congress party), and stays as written. Says whether it named
/// one.
fn name_lower_chamber(actors: &mut [(Actor, usize)]) -> bool {
    let orgs = || actors.iter().filter(|(a, _)| a.kind == ActorKind::Org);
    let congress = orgs().any(|(a, _)| {
        let name = a.name.as_str();
        name == "Senate"
            || name.starts_with("Senate ")
            || name.strip_prefix("House ").is_some_and(|rest| {
                matches!(
                    rest.rsplit(' ').next(),
                    Some("Committee" | "Subcommittee" | "Committees" | "Democrats" | "Republicans")
                )
            })
    });
    if !congress {
        return false;
    }
    let mut named = false;
    for (actor, _) in actors.iter_mut() {
        // (Taken for a place after "to the" or "in the": it is the chamber.)
        if actor.kind != ActorKind::Person && actor.name == "House" {
            actor.name = "House of Representatives".to_string();
            actor.kind = ActorKind::Org;
            named = true;
        }
    }
    named
}

/// Is `name` a body every country has, named without its country ("Finance Ministry",
/// "Treasury", "Central Bank")? Not a one-word head other than a few that stand alone
/// ("the Treasury", "Parliament"), nor a name with a word of its own ("Bundesbank"), nor
/// a chamber's committee ("Senate Agriculture", "Assembly Finance": the chamber first).
fn national_body(name: &str) -> bool {
    // (The first four words, no more: a fourth already rules the name out.)
    let mut split = name.split(' ');
    let words = [split.next(), split.next(), split.next(), split.next()];
    match words {
        [Some(one), None, ..] => {
            matches!(one, "Treasury" | "Parliament" | "Cabinet" | "Government")
        }
        [Some("Senate" | "Assembly" | "Council" | "Parliament"), ..] => false,
        [.., Some(_)] => false,
        _ => {
            let mut words = words.iter().flatten();
            words.clone().any(|w| is_body_head(w))
                && words.all(|w| is_body_head(w) || is_portfolio(w))
        }
    }
}

/// [`national_body`], whatever the name's case ("finance ministry", "TREASURY").
pub(super) fn national_body_ci(name: &str) -> bool {
    national_body(&title_case(name))
}

/// The country a word names: a country, an alias of one ("U.S."), or its nationality
/// ("Japanese"), as the country list writes it.
fn country_named(w: &str) -> Option<&'static str> {
    let lx = lexicon::get();
    if let Some(c) = lx.demonym_country.get(w) {
        return Some(c);
    }
    let name =
        lexicon::with_lower(w, |l| lx.canonical(l)).or_else(|| lx.countries.get(w).copied())?;
    lx.is_country_ci(name).then_some(name)
}

/// The country a nationality adjective names, whatever its case ("BELGIAN").
pub(super) fn nationality_country(w: &str) -> Option<&'static str> {
    let lx = lexicon::get();
    if let Some(c) = lx.demonym_country.get(w) {
        return Some(c);
    }
    lx.demonym_country.get(title_case(w).as_str()).copied()
}

/// Whose body an organisation is, when the text says it: "Japanese Finance Ministry",
/// "U.S. Treasury" (a form with its country first), "Japan's Finance Ministry" (a
/// country's possessive before a mention). Gives the body's bare name and the country.
fn body_owner<I: Iterator<Item = usize>>(
    doc: &Doc,
    forms: &[(&str, usize)],
    starts: impl FnOnce() -> I,
) -> Option<Owner> {
    for (form, _) in forms {
        if let Some((first, rest)) = form.split_once(' ') {
            if national_body(rest) {
                if let Some(country) = country_named(first) {
                    return Some(Owner {
                        body: rest.to_string(),
                        country: Some(country),
                    });
                }
            }
        }
    }
    // ("TREASURY" in a headline is the Treasury of the text below.)
    let bare = forms
        .iter()
        .map(|(f, _)| *f)
        .find(|f| national_body_ci(f))?;
    // A country's possessive before a mention ("Japan's Treasury"), or a nationality in
    // a capitals headline ("ITALIAN TREASURY", where only the body is a known name).
    let country = starts().find_map(|t| {
        let p = t.checked_sub(1)?;
        let tok = &doc.toks[p];
        if tok.poss {
            country_named(doc.word(p))
        } else if tok.upper && doc.toks[t].upper {
            nationality_country(doc.word(p))
        } else {
            None
        }
    });
    Some(Owner {
        body: title_case(bare),
        country,
    })
}

/// A body every country has, and whose it is when the text says so.
#[derive(Debug, Clone)]
struct Owner {
    body: String,
    country: Option<&'static str>,
}

/// Names each country's body with its country ("Finance Ministry (Japan)"), so that two
/// countries' finance ministries are two organisations across the archive: the country
/// the text gives it; else the one country whose body of that name the article names;
/// else the article's only country; else, when it names no country, the only country
/// whose nationality it writes ("Belgian unemployment fell ..., the National Statistics
/// Office said"). A body whose country the article does not tell keeps its bare name.
/// Says whether any actor was a body of that kind.
fn name_national_bodies(
    doc: &Doc,
    actors: &mut [(Actor, usize)],
    owners: &[Option<Owner>],
) -> bool {
    if owners.iter().all(Option::is_none) {
        return false;
    }
    let lx = lexicon::get();
    let mut countries: Vec<&str> = actors
        .iter()
        .filter(|(a, _)| a.kind == ActorKind::Place && lx.is_country_ci(&a.name))
        .map(|(a, _)| a.name.as_str())
        .collect();
    if countries.is_empty() {
        countries = (0..doc.toks.len())
            .filter(|&i| doc.demonym(i))
            .filter_map(|i| nationality_country(doc.word(i)))
            .collect();
    }
    countries.sort_unstable();
    countries.dedup();
    let only_country: Option<String> = match countries.as_slice() {
        [one] => Some((*one).to_string()),
        _ => None,
    };
    let told: Vec<(String, &'static str)> = owners
        .iter()
        .flatten()
        .filter_map(|o| o.country.map(|c| (o.body.clone(), c)))
        .collect();
    for ((actor, _), owner) in actors.iter_mut().zip(owners) {
        let Some(owner) = owner else {
            continue;
        };
        // (A body's department is the body, named as the article names it with its
        // country: "the U.S. Treasury ... the Treasury Department said".)
        let body = owner
            .body
            .strip_suffix(" Department")
            .unwrap_or(&owner.body);
        let mut of_body = told
            .iter()
            .filter(|(b, _)| b.strip_suffix(" Department").unwrap_or(b) == body);
        // (Told twice, for the body and its department, with one country: one body.)
        let one_told = match (of_body.next(), of_body.next()) {
            (Some(c), None) => Some(c),
            (Some(c), Some(d)) if c.1 == d.1 => Some(c),
            _ => None,
        };
        let named = match (owner.country, one_told) {
            (Some(country), _) => Some((owner.body.as_str(), country)),
            (None, Some((body, country))) => Some((body.as_str(), *country)),
            (None, None) => only_country.as_deref().map(|c| (owner.body.as_str(), c)),
        };
        if let Some((body, country)) = named {
            actor.name = format!("{body} ({country})");
        }
    }
    true
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::actors::{classify, tokens};

    #[test]
    fn title_case_capitalises_word_starts_in_ascii_and_beyond() {
        assert_eq!(title_case("MONTE CARLO"), "Monte Carlo");
        assert_eq!(title_case("N'DJAMENA"), "N'Djamena");
        assert_eq!(title_case("finance ministry"), "Finance Ministry");
        assert_eq!(title_case("BADEN-WÜRTTEMBERG"), "Baden-Württemberg");
        assert_eq!(title_case("éSTONIA"), "Éstonia");
    }

    #[test]
    fn national_bodies_have_a_head_and_at_most_three_words() {
        assert!(national_body("Treasury"));
        assert!(national_body("Finance Ministry"));
        assert!(national_body("Supreme Court"));
        assert!(!national_body("Bundesbank"));
        assert!(!national_body("Senate Finance Committee"));
        assert!(!national_body("Foreign Trade Finance Ministry"));
        assert!(!national_body(""));
        assert!(national_body_ci("FINANCE MINISTRY"));
    }

    /// Weak guesses add up to no strong evidence: a surname every context of which
    /// guesses "organisation" a little still joins the article's full name, which
    /// decides the kind.
    #[test]
    fn weak_guesses_on_a_surname_do_not_keep_it_from_the_full_name() {
        let text = "Mark Brandvold scored 20 points. Later Brandvold rested. \
                    Then Brandvold shot. Brandvold won.";
        let mut toks = Vec::new();
        tokens::tokenize(text, 0..text.len(), false, false, &mut toks);
        let doc = Doc::new(text, &toks, Default::default());
        let mut mentions = classify::mentions(&doc);
        for m in mentions.iter_mut().filter(|m| m.form == "Brandvold") {
            m.kind = Some(ActorKind::Org);
            m.strength = 2;
        }
        assert!(mentions.iter().filter(|m| m.form == "Brandvold").count() >= 2);
        let actors = resolve(&doc, mentions);
        let mark = actors.iter().find(|a| a.name == "Mark Brandvold").unwrap();
        assert_eq!(mark.kind, ActorKind::Person);
        assert!(mark.forms.iter().any(|f| f == "Brandvold"), "{actors:#?}");
        assert!(actors.iter().all(|a| a.name != "Brandvold"), "{actors:#?}");
    }
}
