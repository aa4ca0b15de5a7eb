//! Finds candidate names (runs of capitalised words) line by line and decides, from the
//! evidence around and inside each, whether it is a person, an organisation or a place.

use std::borrow::Cow;
use std::ops::Range;

use super::credits;
use super::cues::{
    cue, is_body_head, is_compass_lower, is_compass_quarter, is_competition_head, is_continent,
    is_election_word, is_firm_noun, is_foreign_party_head, is_group_noun, is_meeting_head,
    is_member_title, is_platform, is_player_label, is_political_word, is_portfolio,
    is_romance_function_word, is_seat_word, is_team_noun, is_venue_noun, on, opens_a_storm,
};
use super::doc::{is_dateline, prev_tok, Doc, Mode};
use super::lexicon::{self, Lexicon};
use super::model;
use super::tokens::{Kind, Token};
use crate::types::ActorKind;

/// How sure a classification is; document-level voting sums these.
pub(crate) type Strength = u8;

/// Gazetteer, known name, head noun, role cue.
pub(crate) const STRONG: Strength = 4;
/// Given name, acronym.
pub(crate) const MEDIUM: Strength = 2;
/// Shape or context only.
pub(crate) const WEAK: Strength = 1;

/// A name found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Mention<'t> {
    /// The surface form, exactly as written (possessive excluded).
    pub form: Cow<'t, str>,
    /// Index of its first token, for ordering.
    pub tok: usize,
    /// Number of word tokens.
    pub words: usize,
    /// What the evidence says, if anything.
    pub kind: Option<ActorKind>,
    pub strength: Strength,
    /// Index (in the mention list) of the name this one abbreviates: "(CSTO)" after
    /// "Collective Security Treaty Organization".
    pub expands: Option<usize>,
    /// Found in a headline or table line where it needs confirmation from the body.
    pub tentative: bool,
    /// The kind is the model's guess rather than the rules' strong evidence (a role cue,
    /// a head noun, a list): however sure the model is, such a kind is no proof.
    pub guess: bool,
}

/// Finds every name in the Normal, Title and Table lines of `doc`. Caps lines are left
/// to the merge step, which matches them against what the body names.
pub(crate) fn mentions<'t>(doc: &Doc<'t>) -> Vec<Mention<'t>> {
    let mut out = Vec::new();
    for line in &doc.lines {
        if line.mode == Mode::Caps {
            continue;
        }
        if credits::credit_line(doc, &line.toks, &mut out) {
            continue;
        }
        let byline = credits::byline_start(doc, &line.toks);
        let end = byline.unwrap_or(line.toks.end);
        let mut i = line.toks.start + credits::furniture(doc, &line.toks);
        while i < end {
            if !doc.is_name_word(i) {
                i += 1;
                continue;
            }
            let mut last = i;
            let mut j = i + 1;
            let org_word = |k: usize| doc.org_word(k);
            let mut org_seen = org_word(i);
            let continues = |k: usize| doc.is_name_word(k) && !doc.toks[k].sent_start;
            while j < end && (!doc.toks[last].poss || possessive_org(doc, i..last + 1, end)) {
                if continues(j) && !closed_by_suffix(doc, last, j) {
                    last = j;
                    // A role after an organisation ends its name: "European Commission
                    // President Ursula von der Leyen in London" has no "in" of its own.
                    org_seen = (org_seen && !doc.role(j)) || org_word(j);
                    j += 1;
                } else if doc.is_connector(j)
                    // "in" only inside an organisation's name: "Organisation for Security
                    // and Co-operation in Europe", not "Marco Rubio in Washington".
                    && (doc.word(j) != "in" || org_seen)
                    // "MLA for Brampton Centre": a member and the seat.
                    && !(matches!(doc.word(j), "for" | "in") && names_a_constituency(doc, j + 1))
                    // "es" and "am" only inside a place the lists know ("Dar es Salaam",
                    // "Frankfurt am Main"), not "Hugo es ..." or "Johnson am Montag".
                    && (!matches!(doc.word(j), "es" | "am") || {
                        let known = doc.span(i..(j + 2).min(end));
                        lx().places.contains(&*known) || lx().orgs.contains(&*known)
                    })
                    // A "the" of its own joins a name ("Save the Children Fund"), not
                    // a place and a name ("in Alberta the Alberta Social Credit Party").
                    && (doc.word(j) != "the"
                        || doc.is_connector(j - 1)
                        || !(i..j).any(|k| lx().places.contains(&*doc.span(k..j))))
                    && (continues(j + 1) || doc.is_inner_word(j + 1))
                {
                    j += 1;
                } else if j + 2 < end
                    && continues(j + 2)
                    && ((is_particle(doc.word(j)) && is_particle(doc.word(j + 1)))
                        || (org_seen
                            && matches!(doc.word(j), "of" | "for")
                            && doc.word(j + 1) == "the"))
                {
                    // Two particles in a row: "Ursula von der Leyen", "Juan de la Cruz";
                    // and "of the" inside an organisation's name: "Communist Party of
                    // the Russian Federation".
                    j += 2;
                } else if doc.is_inner_word(j)
                    && (continues(j + 1) || (doc.is_connector(j + 1) && continues(j + 2)))
                {
                    last = j;
                    j += 1;
                } else if is_dash(doc.word(j)) && continues(j + 1) && constituency_chain(doc, i) {
                    // "the riding of Saskatoon - Rosetown - Biggar": one place.
                    j += 1;
                } else if let Some(place) = place_with_comma(doc, i..last + 1, j, end) {
                    last = place;
                    j = place + 1;
                } else if let Some(suffix) = bracketed_in_company(doc, j, end)
                    .or_else(|| partners_after_comma(doc, i..last + 1, j, end))
                {
                    last = suffix;
                    org_seen = true;
                    j = suffix + 1;
                } else {
                    break;
                }
            }
            // A name's lowercase particle after no name of its own: "links to al
            // Qaeda", "said de Klerk".
            let opens = |p: usize| {
                p > line.toks.start
                    && !doc.romance
                    && leading_particle(doc.word(p))
                    && !doc.is_name_word(p - 1)
                    && !is_particle(doc.word(p - 1))
            };
            let from = if i > line.toks.start && opens(i - 1) {
                i - 1
            } else if i > line.toks.start + 2 && is_particle(doc.word(i - 1)) && opens(i - 2) {
                // "von der Leyen", "de la Cruz".
                i - 2
            } else {
                i
            };
            // "Hong Kong-based Hutchison": a word before a compound adjective that opens
            // a known place of several words is the place's first word, no name of its
            // own (a name before one is: "Helmut Kohl-led").
            let adjective_next = doc.is_adjective_compound(last + 1);
            let place_head = || {
                from == last
                    && lexicon::with_lower(doc.word(last), |l| lx().multi_first.contains(l))
            };
            if !(adjective_next && place_head()) {
                run(doc, from..last + 1, line.mode, &mut out);
            }
            i = last + 1;
            // A bracketed acronym already taken as the name's short form.
            if let Some(m) = out.last().filter(|m| m.expands.is_some() && m.tok >= i) {
                i = m.tok + 1;
            }
        }
        if let Some(start) = byline {
            credits::byline(doc, start, &line.toks, &mut out);
        }
    }
    lists(doc, &mut out);
    unname_storms(doc, &mut out);
    out
}

/// Does a legal suffix written with its full stop at `last` close the name before
/// `next`? The capitalised word after "Inc." opens a sentence ("... by Acme Inc. Terms
/// were not disclosed") or another name ("Acme Inc. Chief Executive Jane Roe"), unless
/// it is a suffix too ("Acme and Co. Inc.", "Acme Co. Plc").
fn closed_by_suffix(doc: &Doc, last: usize, next: usize) -> bool {
    let w = doc.word(last);
    w.ends_with('.') && on(w, cue::LEGAL_SUFFIX) && !on(doc.word(next), cue::LEGAL_SUFFIX)
}

/// Is the word at `i` one that only modifies a role ("Deputy", "Assistant", "Acting")?
/// (Not those that open names too: "General Motors", "Press Association", "Chief
/// Executive".)
fn modifies_role(doc: &Doc, i: usize) -> bool {
    matches!(
        doc.word(i),
        "Deputy" | "Assistant" | "Associate" | "Acting" | "Under" | "Vice"
    )
}

/// Is the "and" at `i`, in the run `start..end`, inside the name of a committee of the
/// House or the Senate: the run opens with the chamber (after its country: "U.S. House
/// Ways and Means"), a word of the committee's name comes before "and", no committee's
/// head has closed the name yet ("House Budget Committee Democrats and Republicans"),
/// no party or its members are named ("Senate Republicans and Democrats", and the
/// Indian "Congress Party and BJP"), and no other chamber follows ("... Committee and
/// Senate Finance Committee")?
fn chamber_committee(doc: &Doc, start: usize, i: usize, end: usize) -> bool {
    let committees = |w: &str| matches!(w, "House" | "Senate");
    let chamber = if committees(doc.word(start)) {
        start
    } else if doc.demonym(start) || lx().is_country_ci(doc.word(start)) {
        start + 1
    } else {
        return false;
    };
    let rest = || (i + 1..end).take_while(|&k| doc.word(k) != "and");
    let partisan = |k: usize| {
        let w = doc.word(k);
        is_political_word(w) || matches!(w, "Republicans" | "Party" | "Leaders" | "Members")
    };
    committees(doc.word(chamber))
        && i > chamber + 1
        && !(chamber..i).any(|k| {
            matches!(
                doc.word(k),
                "Committee" | "Committees" | "Subcommittee" | "Subcommittees"
            )
        })
        && !(chamber + 1..i).any(partisan)
        && !rest().any(|k| partisan(k) || is_chamber(doc.word(k)))
}

/// The one-word names of legislative chambers ("House", "Senate").
fn is_chamber(w: &str) -> bool {
    matches!(
        w,
        "House" | "Senate" | "Congress" | "Assembly" | "Parliament" | "Commons" | "Lords"
    )
}

/// Is the token at `and` an "and" between two chambers, each named by its one word
/// ("the House and Senate")?
fn chambers_either_side(doc: &Doc, and: usize) -> bool {
    and > 0
        && doc.word(and) == "and"
        && is_chamber(doc.word(and - 1))
        && is_chamber(doc.word(and + 1))
}

/// A storm's name is no actor anywhere in the article that names the storm ("Sandy"
/// after "Hurricane Sandy"): its mentions lose their kind, so that no vote is left. The
/// storms are the mentions right after a storm's word (see `run`, which leaves such a
/// name with no kind; "superstorm Sandy" in lowercase opens no run, and "Sandy" is one).
fn unname_storms(doc: &Doc, out: &mut [Mention]) {
    let storm = |m: &Mention| {
        m.tok > 0 && m.words == 1 && opens_a_storm(doc.word(m.tok - 1), doc.word(m.tok))
    };
    let storms: Vec<String> = out
        .iter()
        .filter(|m| storm(m))
        .map(|m| m.form.to_string())
        .collect();
    if storms.is_empty() {
        return;
    }
    for m in out
        .iter_mut()
        .filter(|m| storms.iter().any(|s| *s == m.form))
    {
        m.kind = None;
        m.strength = 0;
    }
}

fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "\u{2013}" | "\u{2014}")
}

/// Does a constituency's name start at `i`? After "riding of", "constituency of", "MP
/// for" and the like ("MLA for Vancouver South", "Social Credit MLA in Burnaby",
/// "Member of Parliament ( MP ) for Niagara Falls").
fn names_a_constituency(doc: &Doc, i: usize) -> bool {
    let w = |k: usize| if k < i { doc.word(k) } else { "" };
    let seat = is_seat_word;
    let member = is_member_title;
    i >= 2
        && match w(i - 1) {
            "of" => seat(w(i - 2)),
            "for" | "in" => member(w(i - 2)) || (w(i - 2) == ")" && i >= 3 && member(w(i - 3))),
            _ => false,
        }
}

/// May the name at `i` go on over a dash? Constituencies are named after the places in
/// them, joined by dashes ("Saskatoon - Rosetown - Biggar", "Ancaster—Dundas"): after
/// "riding of" and the like, or after "in", "of" or "for" in a sentence about an
/// election. (Elsewhere a dash between names is a route or a fixture: "Paris - Dakar",
/// "Arsenal - Chelsea".)
fn constituency_chain(doc: &Doc, i: usize) -> bool {
    if names_a_constituency(doc, i) {
        return true;
    }
    if i == 0 || !matches!(doc.word(i - 1), "in" | "of" | "for") {
        return false;
    }
    let start = (0..=i).rev().find(|&k| doc.toks[k].sent_start).unwrap_or(0);
    let end = (i + 1..doc.toks.len())
        .find(|&k| doc.toks[k].sent_start)
        .unwrap_or(doc.toks.len());
    (start..end).any(|k| is_election_word(doc.word(k)))
}

/// "Cheung Kong (Holdings) Ltd", "Industrial Equity (Pacific) Ltd": a bracketed word
/// between a company's name and its legal suffix is part of the name. Gives the suffix's
/// token when the bracket at `j` is one.
fn bracketed_in_company(doc: &Doc, j: usize, end: usize) -> Option<usize> {
    (j + 3 < end
        && doc.word(j) == "("
        && doc.is_name_word(j + 1)
        && doc.word(j + 2) == ")"
        && on(doc.word(j + 3), cue::LEGAL_SUFFIX))
    .then_some(j + 3)
}

/// "Washington, D.C.": a place the lists write with a comma, one name. Given the run so
/// far and the comma at `j`, gives the token that ends the place.
fn place_with_comma(doc: &Doc, run: Range<usize>, j: usize, end: usize) -> Option<usize> {
    if doc.word(j) != "," || j + 1 >= end {
        return None;
    }
    let lx = lx();
    let head = doc.span(run);
    if !lx.comma_place_heads.contains(&*head) {
        return None;
    }
    let written = format!("{head}, {}", doc.word(j + 1));
    lx.places.contains(written.as_str()).then_some(j + 1)
}

/// "Goldman, Sachs and Co", "Kidder, Peabody and Co Inc", "Smith Barney, Harris Upham and
/// Co": a partnership's name lists its partners with a comma and ends "and Co". Given the
/// run so far and the comma at `j`, gives the token of the closing legal suffix when the
/// comma is inside such a name: one to three names, "and" or "&", then the suffix. A
/// place or known organisation before the comma starts no partnership ("in Britain, Smith
/// and Co said").
fn partners_after_comma(doc: &Doc, run: Range<usize>, j: usize, end: usize) -> Option<usize> {
    if doc.word(j) != "," || run.len() > 3 || run.clone().any(|k| doc.org_word(k)) {
        return None;
    }
    let mut k = j + 1;
    while k < end && k < j + 4 && doc.is_name_word(k) && !doc.org_word(k) {
        k += 1;
    }
    let named = k > j + 1;
    let closes = matches!(doc.word(k), "and" | "&") && on(doc.word(k + 1), cue::LEGAL_SUFFIX);
    if !(named && closes && k + 1 < end) {
        return None;
    }
    // (The run may still hold the sentence's first word: "In Norway, Quist and Co".)
    let lx = lx();
    let known = |w: &str| lx.places.contains(w) || lx.is_country_ci(w) || lx.orgs.contains(w);
    if known(&doc.span(run.clone())) || run.clone().any(|x| known(doc.word(x))) {
        return None;
    }
    Some(k + 1)
}

/// Items of one list are of one kind: a lone word with little evidence of its own, in a
/// list ("A, B, C and D") beside names known for sure, all of one kind, is of that kind
/// ("Guangdong, Guizhou, Jiangsu"; "Masyumi, Nahdlatul Ulama, the Communist Party").
/// With one sure item beside it, the word needs to have had no more than weak evidence;
/// with two or more in its list, a guess of medium strength gives way too.
fn lists(doc: &Doc, out: &mut [Mention]) {
    let sep = |k: usize| matches!(doc.word(k), "," | "and" | "or");
    // ("Kazakhstan's Kassym-Jomart Tokayev, Kyrgyzstan's Sadyr Japarov": an owner is no
    // item of the list.)
    let owner = |o: &Mention| doc.toks[o.tok + o.words - 1].poss;
    // The next item: the next mention or the one after it (a bracketed acronym may sit
    // between), starting right after a separator (and a "the").
    let next_item = |i: usize| -> Option<usize> {
        let m = &out[i];
        let end = m.tok + m.words;
        let skip = usize::from(doc.word(end + 1) == "the");
        let want = end + 1 + skip;
        (sep(end) && !owner(m))
            .then(|| (i + 1..out.len().min(i + 3)).find(|&n| out[n].tok == want))
            .flatten()
    };
    // Chains of three items or more, by the items' indexes.
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut i = 0;
    while i < out.len() {
        let (mut at, mut len) = (i, 1);
        while let Some(n) = next_item(at) {
            at = n;
            len += 1;
        }
        if len >= 3 {
            let mut chain = Vec::with_capacity(len);
            let mut k = i;
            chain.push(k);
            while let Some(n) = next_item(k) {
                chain.push(n);
                k = n;
            }
            chains.push(chain);
        }
        i = at + 1;
    }
    for chain in chains {
        let sure: Vec<ActorKind> = chain
            .iter()
            .map(|&c| &out[c])
            .filter(|o| o.strength >= STRONG && !owner(o))
            .filter_map(|o| o.kind)
            .collect();
        let Some(&kind) = sure.first().filter(|&&k| sure.iter().all(|&x| x == k)) else {
            continue;
        };
        let limit = if sure.len() >= 2 { MEDIUM } else { WEAK };
        for &c in &chain {
            let m = &mut out[c];
            let weak = match m.kind {
                None => m.strength == 0,
                Some(_) => m.strength <= limit,
            };
            // (A name of two or three words too, unless a given name opens it: "United
            // Russia, Fair Russia and Civilian Power" are parties, but "the EU, NATO and
            // Boris Johnson" still name a man.)
            let short = m.words == 1
                || (m.words <= 3
                    && !doc.given(m.tok)
                    && !model::is_given_name(doc.word(m.tok))
                    && kind != ActorKind::Person);
            if weak && short && m.expands.is_none() && !owner(m) {
                m.kind = Some(kind);
                m.strength = MEDIUM;
            }
        }
    }
}

/// A party and state label after a legislator's name: "D-Wis", "R-Ohio", "D-CA", "I-Vt".
fn is_party_state(w: &str) -> bool {
    let Some(state) = ["D-", "R-", "I-"].iter().find_map(|p| w.strip_prefix(p)) else {
        return false;
    };
    let state = state.trim_end_matches('.');
    (state.len() == 2 && state.bytes().all(|b| b.is_ascii_uppercase()))
        || on(state, cue::STATE)
        || lx().is_place_ci(state)
}

/// Is token `i` a credit rating's grade, with a rating's words within 25 tokens (rated,
/// rating, downgraded, upgraded, affirmed, Moody's, Poor's, creditwatch)? Standard and
/// Poor's grades are two or three of one letter A, B or C in capitals ("AAA", "BB",
/// "BBB-plus"), Moody's "Aaa", "Aa-1", "Baa-2", "Caa" (or in capitals). "AAA" alone
/// stays a name: the American motoring club has it.
fn is_rating_grade(doc: &Doc, i: usize) -> bool {
    let w = doc.word(i);
    let grade = w.split('-').next().unwrap_or("");
    let b = grade.as_bytes();
    let sp = (2..=3).contains(&b.len())
        && matches!(b[0], b'A' | b'B' | b'C')
        && b.iter().all(|&c| c == b[0]);
    let moody = matches!(
        grade
            .trim_end_matches(['1', '2', '3'])
            .to_ascii_lowercase()
            .as_str(),
        "aaa" | "aa" | "baa" | "ba" | "caa" | "ca"
    ) && grade.starts_with(['A', 'B', 'C']);
    if !(sp || moody) {
        return false;
    }
    let around = i.saturating_sub(25)..(i + 26).min(doc.toks.len());
    around.into_iter().any(|k| {
        let w = doc.word(k);
        let l = w.to_ascii_lowercase();
        // ("Poor's" and "Moody's" are the words "Poor" and "Moody", their "'s" cut.)
        matches!(w, "Poor" | "Moody")
            || matches!(l.as_str(), "rated" | "rating" | "ratings" | "creditwatch")
            || l.starts_with("downgrad")
            || l.starts_with("upgrad")
            || l.starts_with("affirm")
    })
}

/// Does the name ending in a possessive at `r` go on into an organisation ("Moody's
/// Investors Service", "People's Daily")? Not when the owner is itself a known name:
/// "Russia's Foreign Ministry" is Russia and the Foreign Ministry.
fn possessive_org(doc: &Doc, r: Range<usize>, line_end: usize) -> bool {
    let lx = lx();
    // "Standard and Poor's Corp": an owner's thing is never written with a legal suffix,
    // so the possessive is inside the company's name, however long the name before it.
    if r.end < line_end && on(doc.word(r.end), cue::LEGAL_SUFFIX) {
        return true;
    }
    let owner = &*doc.span(r.clone());
    let possessive_name = lx.possessive_orgs.contains(owner);
    if !possessive_name
        && (lx.places.contains(owner) || lx.orgs.contains(owner) || lx.demonyms.contains(owner))
    {
        return false;
    }
    if !possessive_name
        && (r.end - r.start > 1 || lx.given.contains(owner) || doc.toks[r.start].upper)
    {
        return false;
    }
    let mut k = r.end;
    while k < line_end && k < r.end + 3 && doc.is_name_word(k) {
        if doc.org_word(k) {
            return true;
        }
        if doc.toks[k].poss {
            break;
        }
        k += 1;
    }
    false
}

fn lx() -> &'static Lexicon {
    lexicon::get()
}

/// Is `r` (or a prefix of it starting at `r.start`) a gazetteer or known-org entry?
fn known_prefix(doc: &Doc, r: &Range<usize>) -> bool {
    let lx = lx();
    // (Up to seven words: "General Agreement on Tariffs and Trade" has six.)
    (r.start + 1..=r.end.min(r.start + 7)).any(|e| {
        let s = &*doc.span(r.start..e);
        if doc.toks[r.start].upper {
            lx.is_place_ci(s) || lx.is_org_ci(s)
        } else {
            lx.places.contains(s) || lx.orgs.contains(s)
        }
    })
}

/// Handles one maximal run of capitalised words: trims what is no name at its edges,
/// then reads an office or a role in it, an organisation followed by a person, or
/// classifies the parts of what is left.
fn run<'t>(doc: &Doc<'t>, r: Range<usize>, mode: Mode, out: &mut Vec<Mention<'t>>) {
    run_after(doc, r, mode, false, out);
}

/// [`run`], told whether the run follows a person's name and "and" ("President Obama
/// and Mitt Romney"): a name there with nothing of an organisation is a person too.
fn run_after<'t>(
    doc: &Doc<'t>,
    r: Range<usize>,
    mode: Mode,
    after_person: bool,
    out: &mut Vec<Mention<'t>>,
) {
    let r = trim_end(doc, trim_start(doc, r, mode));
    if r.start >= r.end {
        return;
    }
    // "Hurricane Sandy", "Tropical Storm Irene": a storm is an event (and its name alone
    // too: see `mentions`).
    // (Not "Hurricane Research Division", a body.)
    if r.len() > 1
        && opens_a_storm(doc.word(r.start), doc.word(r.start + 1))
        && !r.clone().any(|k| doc.org_word(k))
    {
        // The name after the storm's words, with no kind: `unname_storms` finds it.
        let name = r.start + 1 + usize::from(doc.word(r.start) == "Tropical")..r.end;
        if name.len() == 1 {
            out.push(Mention {
                form: doc.span(name.clone()),
                tok: name.start,
                words: 1,
                kind: None,
                strength: 0,
                expands: None,
                tentative: false,
                guess: false,
            });
        }
        return;
    }
    // A constituency's places joined by dashes: one place, whatever its words.
    if r.clone().any(|k| is_dash(doc.word(k))) {
        one(doc, r, mode, false, out);
        return;
    }
    // Shouted words inside a normal line ("PRESS DIGEST - Iraq"): only known names count.
    let mode = if mode == Mode::Normal
        && r.end - r.start > 1
        && r.clone().all(|i| doc.toks[i].upper || doc.is_connector(i))
    {
        Mode::Title
    } else {
        mode
    };
    if let Some(person) = person_after_office(doc, &r) {
        parts(doc, person, mode, true, out);
        return;
    }
    // "Governor of the Bank of England Robin Leigh-Pemberton", "the Nordic Investment
    // Bank Anna Lind": an organisation's name and, with no role between, a person's.
    if let Some(g) = person_after_org(doc, &r) {
        run(doc, r.start..g, mode, out);
        parts(doc, g..r.end, mode, true, out);
        return;
    }
    // "King said" after "Billie Jean King": a role word alone that ends a person's name
    // elsewhere in the article is that person's surname, not a title.
    if r.len() == 1 && doc.role(r.start) && doc.follows_a_given_name(r.start) {
        one(doc, r, mode, true, out);
        return;
    }
    if split_at_role(doc, r.clone(), mode, out) {
        return;
    }
    let cue = after_person || lowercase_role_before(doc, r.start);
    parts(doc, r, mode, cue, out);
}

/// Drops from the start of a run what is no name: sentence-initial common words
/// ("However", "The", "Analysts"), dates and holidays.
fn trim_start(doc: &Doc, mut r: Range<usize>, mode: Mode) -> Range<usize> {
    while r.start < r.end {
        let t = &doc.toks[r.start];
        let w = doc.word(r.start);
        let initial = t.sent_start || mode != Mode::Normal;
        let i = r.start;
        // "Given Brazil's crop": a preposition; but in "Given said", "Given, 24, has"
        // and "Amid Faljaoui said" a name starts the sentence.
        let opener = t.sent_start
            && on(w, cue::OPENER)
            && !on(doc.word(r.end), cue::SPEECH_VERB)
            && !(r.end - r.start == 1 && doc.word(r.end) == ",");
        // "Drugmakers Pfizer and BioNTech", "Regulators Hanna Weller and ...": a plural
        // group noun opening a sentence before a name, unless it is a surname.
        let group_before_name = t.sent_start
            && r.end - r.start > 1
            && (plural_agent(w) || agent_ers(w))
            && !doc.given(i)
            && !model::is_surname(w)
            && !doc.org_word(i);
        // "Holder Pete Sampras", "Centre Walter Little": a player's label before a name.
        let label_before_name =
            t.sent_start && r.end - r.start > 2 && doc.given(i + 1) && is_player_label(w);
        // A sentence's first word that is no given name, people, organisation word or role.
        let plain_first =
            || t.sent_start && !doc.given(i) && !doc.demonym(i) && !doc.org_word(i) && !doc.role(i);
        let common = doc.common(i)
            || opener
            || group_before_name
            || label_before_name
            || (t.sent_start
                && r.end - r.start == 1
                && (plural_agent(w) || (agent_ers(w) && !ends_a_name(doc, i)))
                && !doc.given(i))
            || (doc.lower_seen(i) && plain_first())
            // "Corn sales gained", "Wages and salaries rose", "Look, you don't": a word
            // news writes in lowercase, unless it ends a name elsewhere in the article
            // ("Ann Pike ... Pike said"). Before more capitalised words it is the first
            // word of a company's name as often ("Sharp Corp", "Waste Management Inc",
            // "Value Line"), so it goes only before a given name or a name the lists
            // know ("Follow Marissa Mayer", "Visit Austria").
            // (The flags first: the lists' lookup of the rest of the run is the dear test.)
            || (doc.usually_lower(i)
                && plain_first()
                && (r.end - r.start == 1 || doc.given(i + 1) || known_after(doc, &r))
                && !ends_a_name(doc, i));
        // A month before a name is a given name ("Jan Siemerink"), alone it is a date;
        // so is a holiday ("by Easter").
        // But "The Sunday Telegraph", "Sunday Times": a weekday before a newspaper's
        // head word names the paper.
        let paper = r.end - r.start > 1 && doc.org_word(i + 1) && w.ends_with("day");
        let date = (on(w, cue::MONTH_DAY) && (r.end - r.start == 1 || !doc.given(i)) && !paper)
            || (on(w, cue::HOLIDAY) && r.end - r.start == 1);
        if (date || w == "The" || (initial && common)) && !known_prefix(doc, &r) {
            r.start += 1;
            while r.start < r.end && doc.is_connector(r.start) {
                r.start += 1;
            }
        } else {
            break;
        }
    }
    r
}

/// Is the run after its first word a place, country or organisation the lists know?
fn known_after(doc: &Doc, r: &Range<usize>) -> bool {
    let rest = doc.span(r.start + 1..r.end);
    let lx = lx();
    lx.places.contains(&*rest) || lx.orgs.contains(&*rest)
}

/// Drops from the end of a run what is no name: common words, a party label before a
/// lowercase word, dates.
fn trim_end(doc: &Doc, mut r: Range<usize>) -> Range<usize> {
    let lx = lx();
    // Trailing common words: "the U.S. And Japan" as some wires capitalise after "U.S.".
    // ("Today" closes the names of papers and programmes: "USA Today", "Westlaw Today".)
    // (A common word after an organisation's "for" or "of" is what the organisation is
    // for: "National Organization for Women", "Group of Seven"; not a date, nor the
    // first word of a place cut off by the line's end: "Federal Reserve Bank of New".)
    let object_of_org = |r: &Range<usize>| {
        let last = doc.word(r.end - 1);
        r.end - r.start > 2
            && matches!(doc.word(r.end - 2), "for" | "of")
            && (r.start..r.end - 2).any(|k| doc.org_word(k))
            && !on(last, cue::MONTH_DAY)
            && !lexicon::with_lower(last, |l| lx.multi_first.contains(l))
    };
    // (A common word right after a given name is a surname: "John Major", "Tom Little".)
    while r.end - r.start > 1
        && doc.common(r.end - 1)
        && !(doc.given(r.end - 2) && doc.toks[r.end - 1].cap && !doc.toks[r.end - 1].upper)
        && doc.word(r.end - 1) != "Today"
        && !doc.org_word(r.end - 1)
        && !object_of_org(&r)
        && !lx.places.contains(&*doc.span(r.clone()))
    {
        r.end -= 1;
        while r.end > r.start && doc.is_connector(r.end - 1) {
            r.end -= 1;
        }
    }
    // "Senate Republican leader Mitch Hale": a party label closing a run before a
    // lowercase word is an adjective of what follows, not part of the name.
    while r.end - r.start > 1
        && matches!(
            doc.word(r.end - 1),
            "Republican" | "Democratic" | "Democrat"
        )
        && doc
            .toks
            .get(r.end)
            .is_some_and(|t| t.kind == Kind::Word && !t.cap)
    {
        r.end -= 1;
    }
    while r.start < r.end && on(doc.word(r.end - 1), cue::MONTH_DAY) {
        r.end -= 1;
        while r.end > r.start && doc.is_connector(r.end - 1) {
            r.end -= 1;
        }
    }
    // "New York's U.S. Senators", "U.S. Negotiators": officers in the plural after a
    // country are its officers, and the country is the name. (After a city they may be
    // a team: "Ottawa Senators", "Sacramento Kings".)
    if r.end - r.start > 1 {
        let plural_role = doc
            .word(r.end - 1)
            .strip_suffix('s')
            .is_some_and(|w| lexicon::with_lower(w, |l| lx.roles.contains(l)));
        let country = |s: &str| lx.is_country_ci(s) || lx.is_place_alias(s);
        if plural_role && country(&doc.span(r.start..r.end - 1)) {
            r.end -= 1;
        }
    }
    r
}

/// "Chancellor of the Exchequer Nigel Lawson": the lowercase "the" ended the run
/// before, so this run starts with the office, which belongs to the role; the rest is a
/// person when it starts with a given name ("Secretary of the U.S. Treasury" names
/// nobody). Gives the person's words.
fn person_after_office(doc: &Doc, r: &Range<usize>) -> Option<Range<usize>> {
    if r.start >= 3
        && r.end - r.start >= 3
        && doc.given(r.start + 1)
        && doc.word(r.start - 1) == "the"
        && doc.word(r.start - 2) == "of"
        && doc.role(r.start - 3)
        && !doc.toks[r.start - 3].upper
    {
        let rest = r.start + 1..r.end;
        let like_name = rest.len() <= 4
            && !rest
                .clone()
                .any(|x| doc.org_word(x) || on(doc.word(x), cue::JOINER));
        if like_name {
            return Some(rest);
        }
    }
    None
}

/// Roles: "Armenian Prime Minister Nikol Pashinyan", "EU Farm Commissioner Franz
/// Fischler". The words after the last role word are a person; the role is dropped;
/// what comes before it is a name of its own ("EU"). Records them and says so, or
/// says there is no role to read.
fn split_at_role<'t>(
    doc: &Doc<'t>,
    r: Range<usize>,
    mode: Mode,
    out: &mut Vec<Mention<'t>>,
) -> bool {
    let lx = lx();
    // (A role in capitals is a shouted word, but for the few written so: "CEO".)
    let role_at = |k: usize| {
        doc.role(k)
            && (!doc.toks[k].upper || matches!(doc.word(k), "CEO" | "CFO" | "COO" | "MP" | "MEP"))
    };
    // "John Major", "Billie Jean King": a role word last, after a given name or an
    // initial, is a surname.
    let surname = |k: usize| {
        k + 1 == r.end
            && k > r.start
            && (doc.given(k - 1)
                || is_initial(doc.word(k - 1))
                || model::is_given_name(doc.word(k - 1)))
            // ("Nevada Sen.": a state, though "Nevada" is a given name too.)
            && !lx.places.contains(doc.word(k - 1))
    };
    let Some(k) = (r.start..r.end).rev().find(|&k| role_at(k) && !surname(k)) else {
        return false;
    };
    let rest = k + 1..r.end;
    // "Chancellor of the Exchequer Nigel Lawson": the office named after "of" is part
    // of the role; "Chief of Staff" is a role and no name.
    // But "Mayor of Toronto", "Governor of New York Andrew Cuomo": an office named by a
    // known place is that place's, and the place is named.
    let mut rest = rest;
    let mut office_place = None;
    if doc.word(k + 1) == "of" && k + 2 < r.end {
        let mut x = k + 2;
        if doc.word(x) == "the" {
            x += 1;
        }
        let place_end = (x + 1..=r.end)
            .rev()
            .find(|&y| lx.places.contains(&*doc.span(x..y)));
        if let Some(y) = place_end {
            office_place = Some(x..y);
        }
        rest = place_end.unwrap_or(x + 1).min(r.end)..r.end;
    }
    let rest_is_role =
        doc.is_connector(rest.start) || rest.start == k + 1 && doc.is_connector(k + 1);
    // "... Nikol Pashinyan and Azerbaijani President Ilham Aliyev": the name ends at
    // "and", and what follows is read again on its own.
    let mut tail = None;
    if let Some(j) = rest.clone().find(|&x| doc.word(x) == "and") {
        // ("President Obama and Mitt Romney": a surname alone before "and" is a name too,
        // when a name of two words follows that is no organisation's: not "General Tire
        // and Rubber Co".)
        let named = j - rest.start >= 2
            || (j > rest.start
                && (doc.given(rest.start)
                    || (j + 2 < rest.end
                        && doc.toks[j + 1].cap
                        && !(j + 1..rest.end).any(|x| doc.org_word(x)))));
        if named {
            tail = Some(j + 1..rest.end);
            rest = rest.start..j;
        }
    }
    // (After the office and before "and": "Member of Parliament" is a role, not a
    // parliament; "Boris Johnson and European Commission" names a person first.)
    let rest_is_org = rest.clone().any(|x| doc.org_word(x));
    // "Foreign Minister Lena Varga of Hungary": a known place after "of" is the
    // person's country, a name of its own, not part of theirs.
    let mut country = None;
    if let Some(j) = rest.clone().find(|&x| doc.word(x) == "of") {
        if j > rest.start && j + 1 < rest.end && lx.places.contains(&*doc.span(j + 1..rest.end)) {
            country = Some(j + 1..rest.end);
            rest = rest.start..j;
        }
    }
    // A person's name has no "of"/"on" and few words: "General Agreement on Tariffs
    // and Trade" is no general.
    let unlike_name = rest.len() > 4 || rest.clone().any(|x| on(doc.word(x), cue::JOINER));
    if !rest_is_org && !unlike_name {
        let role_start = title_start(doc, r.start, k);
        if role_start > r.start {
            let mut pre = r.start..role_start;
            while pre.end > pre.start && doc.is_connector(pre.end - 1) {
                pre.end -= 1;
            }
            // "Assistant Treasury Secretary", "Deputy Treasury Secretary": a modifier
            // before the body that the role is of belongs to the role.
            while pre.len() > 1 && modifies_role(doc, pre.start) {
                pre.start += 1;
            }
            // What precedes may hold a role of its own: "Prime Minister Nikol
            // Pashinyan and Azerbaijani President Ilham Aliyev".
            if !pre.is_empty() {
                run(doc, pre, mode, out);
            }
        }
        if let Some(place) = office_place {
            run(doc, place, mode, out);
        }
        if !rest.is_empty() && !rest_is_role {
            parts(doc, rest, mode, true, out);
        }
        if let Some(tail) = tail.filter(|t| !t.is_empty()) {
            // (Only a bare name of two or three words. With a role, a nationality, a
            // word of an organisation or a word also written in lowercase in it
            // ("Minister of Trade and Industry Hajime Tamura"), it is read as any run.)
            let bare = (2..=3).contains(&tail.len())
                && tail.clone().all(|k| {
                    let t = &doc.toks[k];
                    t.cap
                        && !t.upper
                        && t.kind == Kind::Word
                        && !doc.role(k)
                        && !doc.org_word(k)
                        && !doc.demonym(k)
                        && !doc.common(k)
                        && !doc.usually_lower(k)
                        && !doc.lower_seen(k)
                });
            run_after(doc, tail, mode, bare, out);
        }
        if let Some(country) = country {
            run(doc, country, mode, out);
        }
        return true;
    }
    false
}

/// Where the title that ends with the role word at `k` starts, not before `from`: the
/// role's modifiers ("Prime", "Deputy", "Senate Democratic") belong to it; a place, a
/// known organisation, a nationality or a name in capitals starts the run's own name.
fn title_start(doc: &Doc, from: usize, k: usize) -> usize {
    let lx = lx();
    let mut role_start = k;
    while role_start > from {
        let p = role_start - 1;
        let w = doc.word(p);
        // A body with a name of its own is named ("European Commission President
        // Ursula von der Leyen"); a country's parliament or government before
        // its officer is part of the title ("Armenian Parliament Speaker").
        let body_of_title = matches!(w, "Parliament" | "Government" | "Cabinet");
        // "Senate Democratic Leader Chuck Schumer": a party label is part of the
        // title, though it is also an adjective like a nationality.
        let party_label = matches!(w, "Democratic" | "Republican");
        // ("San Francisco Mayor", "New York City Comptroller": a place of several
        // words, none a place alone.)
        let place_ends_here = (1..=4)
            .take_while(|&n| p + 1 >= from + n)
            .any(|n| lx.places.contains(&*doc.span(p + 1 - n..p + 1)));
        let modifier = doc.role(p)
            || party_label
            || (!place_ends_here
                && (!doc.org_word(p) || body_of_title)
                && !lx.orgs.contains(w)
                && !doc.demonym(p)
                && !doc.toks[p].upper
                && !doc.is_connector(p)
                && !doc.toks[p].poss);
        if !modifier {
            break;
        }
        role_start = p;
    }
    role_start
}

/// A role in lowercase just before the name: "spokesperson Maria Zakharova",
/// "spokesperson, Maria Zakharova".
fn lowercase_role_before(doc: &Doc, start: usize) -> bool {
    let lx = lx();
    let mut p = start;
    if p > 0 && doc.word(p - 1) == "," {
        p -= 1;
    }
    p > 0 && {
        let w = doc.word(p - 1);
        doc.toks[p - 1].kind == Kind::Word
            && !doc.toks[p - 1].cap
            && lx.roles.contains(w)
            && !on(w, cue::ROLE_MODIFIER)
    }
}

/// Where a person's name starts in a run that names an organisation first: a given
/// name after an organisation's head noun, followed by one or two more words that no
/// organisation's name ends in ("Bank of England Robin Leigh-Pemberton"). The
/// organisation needs two words or more: "Bank Julius Baer" is one bank.
fn person_after_org(doc: &Doc, r: &Range<usize>) -> Option<usize> {
    let g = (r.start + 2..r.end.saturating_sub(1)).find(|&g| doc.given(g))?;
    let org = r.start..g;
    let person = g..r.end;
    // ("Partai Sarekat Islam Indonesia": a party word first, and the name goes on.)
    let org_named = org.clone().any(|k| doc.org_word(k))
        && !doc.is_connector(g - 1)
        && !is_foreign_party_head(doc.word(r.start));
    let person_like = (2..=3).contains(&person.len())
        && !doc.toks[g].upper
        && !person
            .clone()
            .any(|k| doc.org_word(k) || doc.is_connector(k) || doc.role(k));
    (org_named && person_like).then_some(g)
}

/// Splits a run at "and"/"of"/"for"/"in" unless it reads as one organisation, then
/// classifies each part.
fn parts<'t>(
    doc: &Doc<'t>,
    r: Range<usize>,
    mode: Mode,
    person_cue: bool,
    out: &mut Vec<Mention<'t>>,
) {
    let lx = lx();
    let whole = &*doc.span(r.clone());
    if let Some(k) = country_after_name(doc, &r, whole) {
        one(doc, r.start..k, mode, person_cue, out);
        one(doc, k..r.end, mode, false, out);
        return;
    }
    let title = mode == Mode::Title;
    let has_joiner = r.clone().any(|i| {
        on(doc.word(i), cue::JOINER)
            || (title && i > r.start && doc.common(i))
            || (doc.nouns_capitalised && doc.word(i) == "und")
            || (doc.romance && matches!(doc.word(i), "y" | "et" | "e"))
    });
    if !has_joiner
        || lx.places.contains(whole)
        || lx.orgs.contains(whole)
        || state_of(doc, &r)
        || possessive_firm(doc, &r)
    {
        one(doc, r, mode, person_cue, out);
        return;
    }
    // "Principality of Svaneti and Principality of Abkhazia", "Colony of Natal and South
    // African Republic": two states, one named "X of Y", either side of "and".
    let state = |p: Range<usize>| {
        state_of(doc, &p)
            || on(doc.word(p.end - 1), cue::PLACE_HEAD)
            || lx.is_place_ci(&doc.span(p))
    };
    if let Some(a) = r.clone().find(|&a| {
        doc.word(a) == "and"
            && a > r.start
            && a + 1 < r.end
            && (state_of(doc, &(r.start..a)) || state_of(doc, &(a + 1..r.end)))
            && state(r.start..a)
            && state(a + 1..r.end)
    }) {
        parts(doc, r.start..a, mode, person_cue, out);
        parts(doc, a + 1..r.end, mode, false, out);
        return;
    }
    // "analyst Kevin Murphy of Morgan Stanley and Co": after a role, a given name and a
    // surname or two, then "of" and the organisation the person works for.
    if person_cue {
        if let Some(j) = r.clone().find(|&i| doc.word(i) == "of") {
            let person = r.start..j;
            if (2..=3).contains(&person.len())
                && j + 1 < r.end
                && doc.given(r.start)
                && !person.clone().any(|i| doc.org_word(i))
            {
                one(doc, person, mode, true, out);
                parts(doc, j + 1..r.end, mode, false, out);
                return;
            }
        }
    }
    // (Computed once: a run may be long, and each joiner asks.)
    // (An order "of" something is an organisation with no head word: "Order of Elks";
    // so is a league outside sports: "U.S. League of Savings Institutions".)
    let org_anywhere = r.clone().any(|i| {
        doc.org_word(i)
            || (doc.word(i) == "Order" && doc.word(i + 1) == "of")
            || (doc.word(i) == "League" && !doc.sports)
    });
    let mut org_before = false;
    let mut start = r.start;
    for i in r.clone() {
        let w = doc.word(i);
        let org_so_far = org_before;
        org_before |= doc.org_word(i);
        // In a title-case headline every word is capitalised, so "and" and "for" join
        // nothing we can trust.
        let split = (mode == Mode::Title && (on(w, cue::JOINER) || (i > r.start && doc.common(i))))
            || match w {
                // "Britain and France", "the Alliance and New Realities"; but "Bosnia and
                // Herzegovina" is known and "Procter and Gamble Co" ends in a head noun.
                // (In German text, "und" too: "Deutschland und Österreich"; in French,
                // Spanish, Italian or Portuguese, "et", "y", "e".)
                "and" | "&" | "und" | "y" | "et" | "e"
                    if match w {
                        "und" => doc.nouns_capitalised,
                        "y" | "et" | "e" => doc.romance,
                        _ => true,
                    } =>
                {
                    let left = &*doc.span(start..i);
                    // ("Alliance of Liberals and Democrats for Europe", "Party of
                    // Socialists and Democrats": two plural party words either side of
                    // "and", after an "of", name the members of one body.)
                    let members =
                        |k: usize| doc.org_word(k) && doc.toks[k].cap && doc.word(k).ends_with('s');
                    let of_members = i > start + 1
                        && i + 1 < r.end
                        && members(i - 1)
                        && members(i + 1)
                        && doc.word(i - 2) == "of";
                    // "U.S. Securities and Exchange Commission": a country before one
                    // word is no name of its own when one or two words after "and"
                    // close the name of a public body, not another country's.
                    let owned_body = (start + 2..=start + 3).contains(&i)
                        && (i == start + 2 && doc.demonym(start)
                            || lx.is_country_ci(&doc.span(start..i - 1)))
                        && (i + 2..=i + 3).contains(&r.end)
                        && is_public_body_head(doc.word(r.end - 1))
                        // ("U.S. Congress and Canadian Parliament": another country's.)
                        && !(doc.demonym(i + 1) || lx.is_country_ci(doc.word(i + 1)));
                    let left_is_org =
                        i - start > 1 && doc.org_word(i - 1) && !of_members && !owned_body;
                    // "Merrill Lynch and Co Inc": legal suffixes after "and" close the
                    // name before it, however well known that name is alone.
                    let closes_company =
                        i + 2 < r.end && (i + 1..r.end).all(|k| on(doc.word(k), cue::LEGAL_SUFFIX));
                    // "Harris Bank and Trust Co", "Nippon Telegraph and Telephone Corp",
                    // "Savings and Loan Association": after a head noun, one word news
                    // writes in lowercase (or a head noun) and a head noun or legal
                    // suffix other than the first are the rest of one name, not a second
                    // ("Chase Manhattan Bank and Chemical Bank" are two banks, "Digital
                    // Equipment Corp and ..." a complete name).
                    let generic_second = r.end == i + 3
                        && i > start
                        && doc.org_word(i - 1)
                        && !on(doc.word(i - 1), cue::LEGAL_SUFFIX)
                        && (doc.usually_lower(i + 1) || doc.org_word(i + 1))
                        && doc.word(i + 1) != "The"
                        && !lx.orgs.contains(doc.word(i + 1))
                        && !lx.places.contains(doc.word(i + 1))
                        && (doc.org_word(i + 2) || on(doc.word(i + 2), cue::LEGAL_SUFFIX))
                        && doc.word(i + 2) != doc.word(i - 1);
                    // "Trade and Industry Ministry": two portfolios either side of
                    // "and" before a body's head name one body's remit, not two names;
                    // so does all of a chamber's committee's name ("House Ways and
                    // Means", "Senate Energy and Natural Resources Committee"), up to
                    // another chamber ("... Committee and Senate Finance Committee").
                    let last = doc.word(r.end - 1);
                    let remit = (r.end > i + 2
                        && i > start
                        && is_portfolio(doc.word(i - 1))
                        && is_portfolio(doc.word(i + 1))
                        && (on(last, cue::BODY_HEAD) || is_body_head(last)))
                        || chamber_committee(doc, start, i, r.end);
                    // "the House and Senate", "the Senate and Assembly": two chambers,
                    // each named by its one word.
                    let chambers = i == start + 1 && r.end == i + 2 && chambers_either_side(doc, i);
                    chambers
                        || (!closes_company
                            && !generic_second
                            && !remit
                            && (!org_anywhere
                        || left_is_org
                        || lx.places.contains(left)
                        || lx.orgs.contains(left)
                        // "the Center for Strategic Studies and The Forum for Policy": a
                        // capitalised "The" opens another name.
                        || doc.word(i + 1) == "The"
                        // "the American Revolution and Benevolent and Protective Order
                        // of Elks": an event's name is complete.
                        || (i > start && on(doc.word(i - 1), cue::EVENT_HEAD))
                        // "... Liberalen en Democraten and Mouvement Réformateur".
                        || is_foreign_party_head(doc.word(i + 1))
                        || org_of_place_complete(doc, start..i, i + 1..r.end)))
                }
                // "Organisation for Security and Cooperation in Europe" keeps its "in";
                // "European Parliament in Brussels" is a parliament and where it sits.
                // "International Conference on Population and Development in Cairo": a
                // meeting's name ends before where it is held.
                // "Council on Foreign Relations in New York", "U.S. Court of Appeals in
                // Chicago": a body named with its head noun before, and a town after.
                "in" => {
                    let meeting = |k: usize| is_meeting_head(doc.word(k));
                    let town = &*doc.span(i + 1..r.end);
                    !org_so_far
                        || (i > r.start
                            && (doc.org_word(i - 1)
                                || (start..i).any(meeting)
                                || is_foreign_party_head(doc.word(start))
                                || ((start..i).any(|k| doc.org_word(k)) && !is_world_region(town)))
                            && i + 1 < r.end
                            && is_town(town))
                }
                // "Committee on Foreign Affairs" is one body; "the EU on World Trade
                // Organization terms", a name complete before "on", is two.
                "on" => {
                    let left = &*doc.span(start..i);
                    !org_anywhere
                        || (i - start == 1 && doc.toks[start].upper)
                        || lx.places.contains(left)
                        || lx.orgs.contains(left)
                }
                // "Kia Motor Corp of South Korea": after an abbreviated legal suffix
                // the company's name is complete, and "of" says where it is from (but
                // "Carnegie Corporation of New York" is a name). "Stephan Marasek of
                // SC Freiburg": a person's full name before "of", then where they work.
                "of" => {
                    let left = start..i;
                    (!org_anywhere
                        && !party_of_place(doc, left.clone(), i + 1..r.end)
                        && !order_of(doc, start, i))
                        || (i > start
                            && on(doc.word(i - 1), cue::LEGAL_SUFFIX)
                            && !matches!(
                                doc.word(i - 1),
                                "Corporation" | "Company" | "Limited" | "Incorporated"
                            ))
                        || ((2..=3).contains(&left.len())
                            && (doc.given(start) || model::is_given_name(doc.word(start)))
                            && !doc.toks[start].upper
                            && !left.clone().any(|k| doc.org_word(k) || doc.role(k)))
                }
                "for" => !org_anywhere && !group_for(doc, start, i),
                "the" => !org_anywhere,
                _ => false,
            };
        if split {
            if start < i {
                one(doc, start..i, mode, person_cue, out);
            }
            start = i + 1;
        }
    }
    if start < r.end {
        one(doc, start..r.end, mode, person_cue, out);
    }
}

/// "Lebed Chechnya peace plan", "the OSCE Chechnya mission": a name used as an
/// adjective before a country's is two names, when the first is known on its own: an
/// acronym, or a surname the article gives in full elsewhere. (A given name before a
/// country is a person's name, "Anatole France"; a known place is one, "Papua New
/// Guinea".) Gives where the country starts.
fn country_after_name(doc: &Doc, r: &Range<usize>, whole: &str) -> Option<usize> {
    let lx = lx();
    if r.len() < 2 || r.len() > 4 || lx.places.contains(whole) {
        return None;
    }
    let k = (r.start + 1..r.end)
        .find(|&k| r.end - k <= 2 && lx.countries.contains(&*doc.span(k..r.end)))?;
    let first = r.start;
    let known_alone = k - first == 1
        && !doc.given(first)
        && !doc.org_word(first)
        && !doc.role(first)
        && !doc.demonym(first)
        && (is_acronym(doc, first) || (!doc.toks[first].upper && ends_a_name(doc, first)));
    known_alone.then_some(k)
}

/// The last word of a public body's name: "Commission", "Board", "Administration".
fn is_public_body_head(w: &str) -> bool {
    is_body_head(w) || matches!(w, "Board" | "Administration" | "Authority" | "Service")
}

/// "Reform Party of Canada and Canadian Alliance": an organisation named "... of" a known
/// place is complete before "and", unless a place follows, which makes one with it
/// ("Republic of Bosnia and Herzegovina", "Law Society of England and Wales").
fn org_of_place_complete(doc: &Doc, left: Range<usize>, right: Range<usize>) -> bool {
    let lx = lx();
    let Some(of) = left.clone().rposition(|k| doc.word(k) == "of") else {
        return false;
    };
    let of = left.start + of;
    of + 1 < left.end
        && (left.start..of).any(|k| doc.org_word(k))
        && lx.places.contains(&*doc.span(of + 1..left.end))
        && !right.is_empty()
        && doc.toks[right.start].cap
        && !(right.start + 1..=right.end.min(right.start + 3))
            .any(|e| lx.places.contains(&*doc.span(right.start..e)))
}

/// "Standard and Poor's said", "Marks and Spencer's shares": two single names joined by
/// "and" and owning something together are one firm. (Two places or peoples own things
/// jointly too, "Britain and France's", and stay two.)
fn possessive_firm(doc: &Doc, r: &Range<usize>) -> bool {
    let lx = lx();
    let name = |k: usize| {
        let w = doc.word(k);
        !lx.places.contains(w)
            && !lx.orgs.contains(w)
            && !doc.demonym(k)
            && !doc.given(k)
            && !doc.toks[k].upper
    };
    r.len() == 3
        && matches!(doc.word(r.start + 1), "and" | "&")
        && doc.toks[r.end - 1].poss
        && name(r.start)
        && name(r.end - 1)
}

/// Is `r` a state named "X of Y" ("Republic of Ireland", "Principality of Guria", "Crown
/// Colony of Sarawak", "Union of South Africa", though a union of people is an
/// organisation)? The whole is one place.
fn state_of(doc: &Doc, r: &Range<usize>) -> bool {
    let mut i = r.start;
    if doc.word(i) == "Crown" || doc.word(i) == "Grand" {
        i += 1;
    }
    if doc.word(i) == "Union" && doc.word(i + 1) == "of" && i + 2 < r.end {
        return lx().places.contains(&*doc.span(i + 2..r.end));
    }
    i + 2 < r.end + 1
        && doc.word(i + 1) == "of"
        && i + 2 < r.end
        && matches!(
            doc.word(i),
            "Republic"
                | "Kingdom"
                | "Principality"
                | "Duchy"
                | "Emirate"
                | "Sultanate"
                | "Colony"
                | "Protectorate"
                | "Commonwealth"
                | "Federation"
                | "Khanate"
        )
        && !r
            .clone()
            .skip(i + 2 - r.start)
            .any(|k| doc.org_word(k) || on(doc.word(k), cue::JOINER))
        // A union of members in the plural is an organisation: "Commonwealth of Nations",
        // "Commonwealth of Independent States", "Federation of Master Builders".
        && !{
            let last = doc.word(r.end - 1);
            last.len() > 3
                && last.ends_with('s')
                && !last.ends_with("ss")
                && !lx().is_place_ci(&doc.span(i + 2..r.end))
        }
}

/// Classifies one candidate and records it.
fn one<'t>(
    doc: &Doc<'t>,
    r: Range<usize>,
    mode: Mode,
    person_cue: bool,
    out: &mut Vec<Mention<'t>>,
) {
    let r = trim_edges(doc, r, person_cue);
    if r.start >= r.end {
        return;
    }
    if names_an_election(doc, &r) || names_a_holiday(doc, &r) || names_an_event(doc, &r) {
        return;
    }
    // "Corp", "Ltd": a legal suffix cut from its company's name ("Standard and Poor's
    // Corp" read as an owner and a thing) names nothing alone.
    if r.len() == 1 && on(doc.word(r.start), cue::LEGAL_SUFFIX) {
        return;
    }
    // "rated AAA by Standard and Poor's", "to BB-plus from BBB": a credit rating.
    if r.len() == 1 && is_rating_grade(doc, r.start) {
        return;
    }
    // "William Proxmire, D-Wis.", "John Boehner, R-Ohio": a legislator's party and state.
    if r.len() == 1 && is_party_state(doc.word(r.start)) {
        return;
    }
    // "PINs", "PCBs", "ISPs": an abbreviation's plural names a class of things or
    // people, no actor.
    if r.len() == 1 && is_plural_abbreviation(doc.word(r.start)) {
        return;
    }
    // "Les élèves", "Le ministre": in French, Spanish, Italian or Portuguese, a function
    // word of the language capitalised opens a sentence, naming nothing.
    if r.len() == 1 && doc.romance && is_romance_function_word(&doc.word(r.start).to_lowercase()) {
        return;
    }
    if r.len() == 1 && compound_of_names(doc, r.start, out) {
        return;
    }
    let form = with_possessive_name(doc, &r, doc.span(r.clone()));
    let words = r.end - r.start;
    let rule = kind_of(doc, r.clone(), mode, person_cue);
    let (kind, strength) = model::decide(doc, &r, mode, person_cue, rule);
    let tentative = matches!(mode, Mode::Title) && (kind.is_none() || strength < STRONG);
    if kind.is_none() && words > 1 {
        return;
    }
    let idx = out.len();
    out.push(Mention {
        form,
        tok: r.start,
        words,
        kind,
        strength,
        expands: None,
        tentative,
        guess: !(rule.1 >= STRONG && rule.0 == kind),
    });
    bracketed_acronym(doc, &r, idx, out);
    ticker(doc, &r, idx, out);
}

/// The form of the name at `r`, with the possessive ending the name of a company
/// includes ("Moody's", "Standard & Poor's"; "Moody 's" in tokenised text): without it,
/// "Moody" would be a person's name.
fn with_possessive_name<'t>(doc: &Doc<'t>, r: &Range<usize>, form: Cow<'t, str>) -> Cow<'t, str> {
    let last = &doc.toks[r.end - 1];
    if !last.poss || !lx().possessive_orgs.contains(&*form) {
        return form;
    }
    let rest = doc.text.get(last.end..).unwrap_or("");
    let ending = ["'s", "’s", " 's", " ’s"]
        .into_iter()
        .find(|e| rest.starts_with(e))
        .unwrap_or("");
    match form {
        Cow::Borrowed(f) => {
            let start = doc.toks[r.start].start;
            Cow::Borrowed(doc.text.get(start..last.end + ending.len()).unwrap_or(f))
        }
        Cow::Owned(mut f) => {
            f.push_str(ending);
            Cow::Owned(f)
        }
    }
}

/// Is `w` an abbreviation in capitals with a plural "s" ("PCs", "CFCs", "NGOs")?
fn is_plural_abbreviation(w: &str) -> bool {
    w.strip_suffix('s')
        .is_some_and(|stem| stem.len() >= 2 && stem.bytes().all(|b| b.is_ascii_uppercase()))
}

/// `Coca-Cola Co <KO>`: the stock symbol wire copy writes in angle brackets after a
/// listed company is the company, whatever its letters (a symbol is no set of initials).
/// Records it after the organisation just recorded at `idx`, unless that is only a
/// legal suffix or head word left of a name cut before it (`Merrill Lynch and Co <MER>`).
fn ticker<'t>(doc: &Doc<'t>, r: &Range<usize>, idx: usize, out: &mut Vec<Mention<'t>>) {
    let Some(m) = out.get(idx) else {
        return;
    };
    if m.kind != Some(ActorKind::Org)
        || doc.word(r.end) != "<"
        || doc.word(r.end + 2) != ">"
        || r.clone().all(|i| doc.org_word(i))
    {
        return;
    }
    let (kind, strength) = (m.kind, m.strength);
    let a = r.end + 1;
    let symbol = doc.word(a);
    if doc.toks[a].kind == Kind::Word && doc.toks[a].upper && symbol.len() <= 6 {
        out.push(short_form(doc, a, kind, strength, idx));
    }
}

/// The one word at `a` as the short form of the name recorded at `idx`, of its kind.
fn short_form<'t>(
    doc: &Doc<'t>,
    a: usize,
    kind: Option<ActorKind>,
    strength: Strength,
    idx: usize,
) -> Mention<'t> {
    Mention {
        form: Cow::Borrowed(doc.word(a)),
        tok: a,
        words: 1,
        kind,
        strength,
        expands: Some(idx),
        tentative: false,
        guess: false,
    }
}

/// Drops from a candidate's edges what is not part of the name: common nouns the article
/// also writes in lowercase ("CSTO Summit"), a nationality before a person ("American
/// Anne Miller"), connectors.
fn trim_edges(doc: &Doc, mut r: Range<usize>, person_cue: bool) -> Range<usize> {
    let lx = lx();
    // Common nouns at the edges ("CSTO Summit" when the article also says "summit"),
    // unless the name is an organisation, whose names are made of common words.
    let lowered = |i: usize| {
        let w = doc.word(i);
        !doc.toks[i].upper && doc.lower_seen(i) && !lx.places.contains(w) && !doc.given(i)
    };
    let has_org_word = r.clone().any(|i| doc.org_word(i));
    // "al Qaeda", "de Klerk": a name's own lowercase particle before it.
    let particle = |r: &Range<usize>| {
        r.end - r.start > 1
            && !doc.romance
            && leading_particle(doc.word(r.start))
            && doc.toks[r.start].kind == Kind::Word
            && (doc.toks[r.start + 1].cap
                || (r.end - r.start > 2
                    && is_particle(doc.word(r.start + 1))
                    && doc.toks[r.start + 2].cap))
    };
    if !person_cue && !has_org_word {
        while r.end - r.start > 1 && lowered(r.end - 1) && !known_prefix(doc, &r) {
            r.end -= 1;
        }
        while r.end - r.start > 1 && lowered(r.start) && !known_prefix(doc, &r) && !particle(&r) {
            r.start += 1;
        }
    }
    // "South African Amanda Coetzer": a regional nationality too.
    if r.end - r.start > 2
        && !has_org_word
        && on(doc.word(r.start), cue::COMPASS)
        && doc.demonym(r.start + 1)
        && (doc.given(r.start + 2) || person_cue)
    {
        r.start += 1;
    }
    // "American Anne Miller", "Democrat Ron Wyden": the nationality or party is not
    // part of the name.
    while r.end - r.start > 1
        && !has_org_word
        && doc.demonym(r.start)
        && (doc.given(r.start + 1)
            || person_cue
            || (r.end - r.start >= 3
                && !doc.toks[r.start + 1].upper
                && model::is_given_name(doc.word(r.start + 1))))
    {
        r.start += 1;
    }
    // "Currency Robert Bench", "Doctors Michael Hershfield": a word news writes in
    // lowercase (of our list), before a given name and more, says what the person is;
    // it is no part of the name. (A given name itself, "Rose Mary Smith", stays.)
    if r.end - r.start >= 3
        && !has_org_word
        && doc.usually_lower(r.start)
        && !doc.given(r.start)
        && doc.given(r.start + 1)
        // ("Half Moon Bay" is a place's name.)
        && !on(doc.word(r.end - 1), cue::PLACE_HEAD)
        && !lx.is_place_ci(&doc.span(r.clone()))
    {
        r.start += 1;
    }
    // "Boston-based Ferris Communications", left when "of" split "Anna Holm of
    // Boston-based ...": a compound with a lowercase tail sits inside a name, never at
    // its edge.
    // ("Dae-jung" in "Kim Dae-jung" is a name word of its own.)
    let adjective = |i: usize| doc.is_inner_word(i) && !doc.is_name_word(i);
    while r.start < r.end && (doc.is_connector(r.start) && !particle(&r) || adjective(r.start)) {
        r.start += 1;
    }
    while r.end > r.start && (doc.is_connector(r.end - 1) || adjective(r.end - 1)) {
        r.end -= 1;
    }
    r
}

/// "Armenia-Iran border", "Russian-American": a compound of names is its parts. Records
/// the places of a compound of places; says whether the word at `i` was such a compound
/// (of places or of peoples, which name nothing).
fn compound_of_names<'t>(doc: &Doc<'t>, i: usize, out: &mut Vec<Mention<'t>>) -> bool {
    let lx = lx();
    let t = &doc.toks[i];
    let w = doc.word(i);
    if w.contains('-') && !lx.places.contains(w) && !lx.given.contains(w) {
        let parts: Vec<&str> = w.split('-').collect();
        if parts.iter().all(|p| lx.demonyms.contains(p)) {
            return true;
        }
        if parts.iter().all(|p| lx.places.contains(p)) {
            let mut off = t.start;
            for p in parts {
                out.push(Mention {
                    form: Cow::Borrowed(doc.text.get(off..off + p.len()).unwrap_or(p)),
                    tok: i,
                    words: 1,
                    kind: Some(ActorKind::Place),
                    strength: STRONG,
                    expands: None,
                    tentative: false,
                    guess: false,
                });
                off += p.len() + 1;
            }
            return true;
        }
    }
    false
}

/// "Collective Security Treaty Organization (CSTO)": the bracketed acronym is the same
/// organisation, when its letters could abbreviate the name (not "Todd Martin (U.S.)").
/// Records the acronym in brackets after the organisation just recorded at `idx`.
fn bracketed_acronym<'t>(doc: &Doc<'t>, r: &Range<usize>, idx: usize, out: &mut Vec<Mention<'t>>) {
    let lx = lx();
    let Some(m) = out.get(idx) else {
        return;
    };
    let (kind, strength, words) = (m.kind, m.strength, m.words);
    let first_char = m.form.chars().next();
    if !(doc.word(r.end) == "(" && doc.word(r.end + 2) == ")" && kind == Some(ActorKind::Org)) {
        return;
    }
    let a = r.end + 1;
    let t = &doc.toks[a];
    let acronym = doc.word(a);
    let same_initial = acronym.chars().next() == first_char;
    // Some are written in mixed case: "Movement for the Left ( MpS )", "( IdV )"; not
    // a plural ("Special Drawing Rights ( SDRs )").
    let mixed_case = t.cap
        && acronym.len() <= 5
        && !acronym.ends_with('s')
        && acronym.chars().filter(|c| c.is_uppercase()).count() >= 2;
    if t.kind == Kind::Word
        && (t.upper || mixed_case)
        && words > 1
        && same_initial
        && !lx.places.contains(acronym)
    {
        out.push(short_form(doc, a, kind, strength, idx));
    }
}

/// Is `r` a day of the calendar named by a holiday ("Christmas Eve", "Easter Monday", the
/// "Eve" of "New Year's Eve")? A date, no actor; "Christmas Island" is a place.
fn names_a_holiday(doc: &Doc, r: &Range<usize>) -> bool {
    let day = |w: &str| matches!(w, "Eve" | "Day") || on(w, cue::MONTH_DAY);
    let holiday = |w: &str| on(w, cue::HOLIDAY);
    let first = doc.word(r.start);
    let after_holiday = r.start > 0 && doc.toks[r.start - 1].poss && {
        let w = doc.word(r.start - 1);
        holiday(w) || w == "Year"
    };
    (r.clone().all(|i| holiday(doc.word(i)) || day(doc.word(i)))
        && r.clone().any(|i| holiday(doc.word(i))))
        || (r.len() == 1 && matches!(first, "Eve" | "Day") && after_holiday)
}

/// Is `r` the name inside an election's ("the 2005 United Kingdom general election",
/// "the 2009 European Parliament election")? A year before it and "election" or
/// "referendum" after it, a few lowercase words apart, make the whole an event, which is
/// none of our kinds, and so is no actor named in it.
fn names_an_election(doc: &Doc, r: &Range<usize>) -> bool {
    let year = r.start > 0 && {
        let t = &doc.toks[r.start - 1];
        t.kind == Kind::Number && t.end - t.start == 4
    };
    if !year {
        return false;
    }
    (r.end..(r.end + 4).min(doc.toks.len()))
        .take_while(|&k| doc.toks[k].kind == Kind::Word && !doc.toks[k].cap)
        .any(|k| {
            matches!(
                doc.word(k),
                "election"
                    | "elections"
                    | "by-election"
                    | "by-elections"
                    | "referendum"
                    | "primary"
                    | "primaries"
            )
        })
}

/// Is `r` in the name of a war, a battle or a treaty ("War of Independence", "Treaty of
/// Rome", "Armistice of Mudros", "the War in Afghanistan"), or the word that opens one?
/// The whole is an event, none of our kinds, and the place in it is part of its name. A
/// sentence's first word or a name before the opener makes "in" a place's own ("the Cold
/// War in Europe").
fn names_an_event(doc: &Doc, r: &Range<usize>) -> bool {
    let opener = |h: usize| doc.toks[h].cap && on(doc.word(h), cue::EVENT_OPENER);
    if r.len() == 1 && opener(r.start) && matches!(doc.word(r.end), "of" | "in") {
        return true;
    }
    if r.start < 2 || !opener(r.start - 2) {
        return false;
    }
    let h = r.start - 2;
    match doc.word(r.start - 1) {
        // ("Martin Siege of Chicago" is a person from a place.)
        "of" => !(h > 0 && doc.given(h - 1)),
        "in" => !(doc.toks[h].sent_start || (h > 0 && doc.is_name_word(h - 1))),
        _ => false,
    }
}

/// Plural nouns for groups of people that open sentences in news ("Negotiators said",
/// "Analysts warned", "Officials added", "Executives of the bank"). `-ers` is left out:
/// it is also a common surname ending (Sanders, Peters); so are "-ives" and "-ees" but
/// for the few below, which name people ("Yankees" is a team).
fn plural_agent(w: &str) -> bool {
    w.len() > 5
        && (["ors", "ists", "ians", "ants", "ents", "ials", "ysts", "ats"]
            .iter()
            .any(|s| w.ends_with(s))
            || matches!(
                w,
                "Executives"
                    | "Representatives"
                    | "Relatives"
                    | "Detectives"
                    | "Employees"
                    | "Trustees"
                    | "Retirees"
                    | "Detainees"
                    | "Refugees"
                    | "Nominees"
            ))
}

/// "Traders", "Dealers", "Bankers": a plural in "-ers" may be a group of people, but
/// also a surname ("Rogers said"), so [`ends_a_name`] is asked too.
fn agent_ers(w: &str) -> bool {
    w.len() > 5 && w.ends_with("ers")
}

/// Do the words from `k` say what a person does: stood for office ("was re-elected",
/// "ran for", "campaigned for", "served as"), was born, died or married, or did
/// something to "his" or "her" own ("kept his seat")? One adverb may come first ("later
/// ran", "was first elected").
fn person_predicate(doc: &Doc, k: usize) -> bool {
    let adverb = |w: &str| {
        matches!(
            w,
            "also" | "later" | "first" | "then" | "previously" | "subsequently" | "again"
        )
    };
    let k = if adverb(doc.word(k)) { k + 1 } else { k };
    let (w, next) = (doc.word(k), doc.word(k + 1));
    let next = if adverb(next) { doc.word(k + 2) } else { next };
    match w {
        "was" | "is" | "became" | "remained" => {
            matches!(next, "elected" | "re-elected" | "born")
                || (next == "a" && doc.word(k + 2) == "member")
        }
        "ran" | "served" => matches!(next, "for" | "as" | "in" | "against" | "unsuccessfully"),
        "campaigned" | "resigned" | "retired" | "died" | "married" => true,
        // "Shaw himself ran": only people have selves.
        "himself" | "herself" => true,
        // A verb in the past ("Speaking to his", "Making her" open sentences with no
        // name).
        _ => {
            let past = w.ends_with("ed")
                || matches!(
                    w,
                    "kept" | "won" | "lost" | "held" | "left" | "made" | "took" | "gave" | "began"
                );
            let name = doc.word(k.saturating_sub(1));
            past && doc
                .toks
                .get(k)
                .is_some_and(|t| t.kind == Kind::Word && t.lower)
                // ("Bagrat allied himself"; but "him" may be what an agency quoted or a
                // club signed.)
                && matches!(next, "his" | "her" | "himself" | "herself")
                && !name.ends_with("ing")
                && !name.ends_with("ed")
        }
    }
}

/// Is the name at `r` followed by those only a person has: aides or a running mate
/// ("Romney aides", "Romney's top aides", "Clinton's running mate"), or after a
/// possessive a spouse ("Obama's wife")? A company has staff and officials, not aides.
fn person_entourage(doc: &Doc, r: &Range<usize>) -> bool {
    let k = r.end;
    let k = if matches!(
        doc.word(k),
        "top" | "senior" | "longtime" | "former" | "closest" | "own"
    ) {
        k + 1
    } else {
        k
    };
    let possessive = doc.toks.get(r.end.wrapping_sub(1)).is_some_and(|t| t.poss);
    // ("Presidential aides", "Congressional aides", "Iranian aides": an adjective.)
    let word = doc.word(r.end.wrapping_sub(1));
    let adjective = ["al", "ic", "ary", "ive"].iter().any(|e| word.ends_with(e))
        || doc.demonym(r.end.wrapping_sub(1));
    match doc.word(k) {
        "aides" | "aide" => possessive || !adjective,
        "running" => doc.word(k + 1) == "mate" && (possessive || !adjective),
        "wife" | "husband" | "widow" | "spouse" | "girlfriend" | "boyfriend" | "fiancee"
        | "fiancée" | "fiance" | "fiancé" => possessive,
        _ => false,
    }
}

/// Does the word end a name elsewhere in the article ("Ann Rogers" before "Rogers
/// said")?
fn ends_a_name(doc: &Doc, i: usize) -> bool {
    doc.ends_a_name_elsewhere(i)
}

/// A preposition that puts what follows on the map ("in", "At").
fn place_prep(w: &str) -> bool {
    lexicon::with_lower(w, |l| on(l, cue::PLACE_PREP))
}

/// Does the name at `start` close a list of names after a place preposition ("tests in
/// Hamilton and Wellington", "in Leeds, Bradford and Hull")? Looks back over
/// capitalised words, commas and "and" within a few tokens.
fn after_venue_list(doc: &Doc, start: usize) -> bool {
    let joiner = |w: &str| matches!(w, "and" | "or" | ",");
    if start == 0 || !joiner(doc.word(start - 1)) {
        return false;
    }
    let mut i = start - 1;
    for _ in 0..8 {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        let w = doc.word(p);
        if doc.toks[p].cap || joiner(w) {
            i = p;
            continue;
        }
        return place_prep(w) && doc.toks[i].cap;
    }
    false
}

/// The lowercase particles of people's names: "van der", "von", "de la", "bin".
#[rustfmt::skip]
pub(crate) fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "van" | "von" | "der" | "den" | "de" | "da" | "di" | "du" | "del" | "della" | "dos"
            | "das" | "ter" | "ten" | "bin" | "ibn" | "al" | "el" | "le" | "la"
    )
}

/// The particles that may open a name written without its given name ("al Qaeda", "de
/// Klerk", "van Gogh"); not the articles of other languages ("du Québec", "le
/// Changement"), which open names of things.
fn leading_particle(w: &str) -> bool {
    is_particle(w) && !matches!(w, "der" | "den" | "du" | "la" | "le")
}

/// Is this token an acronym ("CSTO", "U.S.", "EAEU")?
fn is_acronym(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    // (Letters are only counted for words in capitals, and only up to eight.)
    t.upper && {
        let n = doc
            .word(i)
            .chars()
            .filter(|c| c.is_alphabetic())
            .take(8)
            .count();
        (2..=7).contains(&n)
    }
}

/// A single capital with a full stop: "M." in "M. Moxon" (not "U.S.").
fn is_initial(w: &str) -> bool {
    w.len() == 2 && w.ends_with('.') && w.chars().next().is_some_and(char::is_uppercase)
}

/// A web address used as a name: "Caliber.az", "Amazon.com".
fn is_domain(w: &str) -> bool {
    match w.rsplit_once('.') {
        Some((name, tld)) => {
            name.chars().count() >= 2
                && (2..=4).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// What the rules decide of one candidate: a kind and how sure, or no kind with a
/// strength (the candidate is no actor: "U.S. Dollar"), or no kind with strength 0
/// (nothing tells).
type Decision = (Option<ActorKind>, Strength);

/// What every rule of [`kind_of`] asks of a candidate, read once.
struct Candidate<'d, 't> {
    doc: &'d Doc<'t>,
    r: Range<usize>,
    /// The candidate as written.
    s: Cow<'t, str>,
    /// Its number of words.
    n: usize,
    first: &'t str,
    last: &'t str,
    /// The tokens before and after it ("" at the start).
    prev: &'t str,
    next: &'t str,
    has_org_word: bool,
    mode: Mode,
    person_cue: bool,
}

/// "Social Democratic Action of Croatia", "Democratic Choice of Russia": a political
/// programme's name "of" a known place is a party's (but "Socialist Republic of Vietnam"
/// is a state).
fn party_of_place(doc: &Doc, left: Range<usize>, right: Range<usize>) -> bool {
    left.len() >= 2
        && left.clone().any(|k| is_political_word(doc.word(k)))
        // ("Republican Representative Bill Frenzel of Michigan" is a person's.)
        && !left.clone().any(|k| doc.given(k) || doc.role(k) || model::is_given_name(doc.word(k)))
        && !on(doc.word(left.end - 1), cue::PLACE_HEAD)
        && !state_of(doc, &(left.end - 1..right.end))
        && !right.is_empty()
        && lx().places.contains(&*doc.span(right))
}

/// A political programme's name "of" a known place is a party's.
fn by_party(c: &Candidate) -> Option<Decision> {
    let r = &c.r;
    let of = r.clone().find(|&k| c.doc.word(k) == "of")?;
    party_of_place(c.doc, r.start..of, of + 1..r.end).then_some((Some(ActorKind::Org), STRONG))
}

/// "Fraternal Order of Eagles", "Order of Malta": an order named "of" something is an
/// organisation (but "Executive Order" is a document).
fn order_of(doc: &Doc, start: usize, of: usize) -> bool {
    of > start && doc.word(of - 1) == "Order"
}

/// An order "of" something is an organisation.
fn by_order(c: &Candidate) -> Option<Decision> {
    let r = &c.r;
    r.clone()
        .any(|k| c.doc.word(k) == "of" && order_of(c.doc, r.start, k) && k + 1 < r.end)
        .then_some((Some(ActorKind::Org), STRONG))
}

/// A group of people "for" a cause is an organisation: "Veterans for Peace", "Concerned
/// Women for America", "Americans for Peace Now".
fn by_group(c: &Candidate) -> Option<Decision> {
    let r = &c.r;
    (c.n >= 3
        && r.clone()
            .any(|k| c.doc.word(k) == "for" && group_for(c.doc, r.start, k)))
    .then_some((Some(ActorKind::Org), STRONG))
}

/// Is the "for" at `k` inside a group's name: after a plural noun for people, in a name
/// from `start` that does not open a sentence? ("Lawyers for Pennzoil said" are lawyers.)
fn group_for(doc: &Doc, start: usize, k: usize) -> bool {
    let people = |w: &str| plural_agent(w) || agent_ers(w) || is_group_noun(w);
    k > start && k + 1 < doc.toks.len() && !doc.toks[start].sent_start && people(doc.word(k - 1))
}

/// "U.S. District Court in Manhattan", "First State Bank in Billings": a listed place
/// after an organisation's head noun and "in" is where it is.
fn by_seat_of_org(c: &Candidate) -> Option<Decision> {
    let doc = c.doc;
    let i = c.r.start;
    let seat = c.prev == "in" && i >= 2 && doc.org_word(i - 2) && is_town(&c.s);
    seat.then_some((Some(ActorKind::Place), STRONG))
}

/// A continent or a part of the world, which an institution's name may end with ("in
/// Europe", "in Latin America") but which is never a body's seat.
fn is_world_region(s: &str) -> bool {
    is_continent(s)
        || matches!(
            s,
            "America"
                | "the Americas"
                | "Latin America"
                | "North America"
                | "South America"
                | "Central America"
                | "Middle East"
                | "the Middle East"
                | "Asia-Pacific"
        )
}

/// A place of our own list or of the GeoNames list, any case: where an organisation
/// "in" it is ("Billings", "Manhattan").
fn is_town(s: &str) -> bool {
    lx().is_place_ci(s) || model::is_listed_place(s)
}

/// A constituency's name is a place: "the riding of Vancouver Quadra", "MLA for Brampton
/// Centre", and a chain of places joined by dashes.
fn by_constituency(c: &Candidate) -> Option<Decision> {
    let doc = c.doc;
    let chain = c.r.clone().any(|k| is_dash(doc.word(k)));
    (chain || names_a_constituency(doc, c.r.start)).then_some((Some(ActorKind::Place), STRONG))
}

/// A word whose neighbours say what it is, whatever its shape: a state abbreviation
/// after a town ("Carlsbad , Calif", "Conway , S.C"), a time zone after a clock time
/// ("10 a.m. CST", "at 0900 EDT").
fn by_neighbours(c: &Candidate) -> Option<Decision> {
    let doc = c.doc;
    let r = &c.r;
    let s = &*c.s;
    if c.n != 1 {
        return None;
    }
    // "the House and Senate": a chamber beside another, each named by its one word.
    if chambers_either_side(doc, r.end) || (r.start >= 1 && chambers_either_side(doc, r.start - 1))
    {
        return Some((Some(ActorKind::Org), STRONG));
    }
    let after_comma_town = c.prev == ","
        && r.start >= 2
        && doc.toks[r.start - 2].cap
        && doc.toks[r.start - 2].kind == Kind::Word;
    if after_comma_town && on(s.trim_end_matches('.'), cue::STATE) {
        return Some((Some(ActorKind::Place), STRONG));
    }
    let clock = |w: &str| {
        matches!(w, "a.m." | "p.m." | "am" | "pm" | "noon" | "midnight")
            || (w.len() >= 4
                && w.bytes().all(|b| b.is_ascii_digit() || b == b':')
                && w.bytes().filter(u8::is_ascii_digit).count() == 4)
    };
    // (A sentence's full stop may be read off "a.m.": "a.m" and ".".)
    let after_clock = clock(c.prev)
        || (c.prev == "."
            && r.start >= 2
            && matches!(doc.word(r.start - 2), "a.m" | "p.m" | "a.m." | "p.m."));
    (after_clock && doc.toks[r.start].upper && (2..=4).contains(&s.len())).then_some((None, STRONG))
}

/// The evidence-based decision for one candidate. No kind with a strength is a decision
/// that the candidate is no actor ("U.S. Dollar"); with strength 0, that nothing tells.
/// The rules are asked in order: known names, words that make no name, a word's
/// neighbours, head nouns and shapes, then the shape of several words or the context of
/// one.
fn kind_of(doc: &Doc, r: Range<usize>, mode: Mode, person_cue: bool) -> Decision {
    let n = r.end - r.start;
    let c = Candidate {
        doc,
        s: doc.span(r.clone()),
        n,
        first: doc.word(r.start),
        last: doc.word(r.end - 1),
        prev: if r.start > 0 {
            doc.word(r.start - 1)
        } else {
            ""
        },
        next: doc.word(r.end),
        has_org_word: n > 1 && r.clone().any(|i| doc.org_word(i)),
        r,
        mode,
        person_cue,
    };
    platform_as_medium(&c)
        .or_else(|| known_name(&c))
        .or_else(|| by_constituency(&c))
        .or_else(|| by_seat_of_org(&c))
        .or_else(|| by_group(&c))
        .or_else(|| by_party(&c))
        .or_else(|| by_order(&c))
        .or_else(|| no_name(&c))
        .or_else(|| by_neighbours(&c))
        .or_else(|| by_head_or_shape(&c))
        .unwrap_or_else(|| {
            if n > 1 {
                by_several_words(&c)
            } else {
                by_context(&c)
            }
        })
}

/// "said on Twitter", "posted to Instagram": a web platform where something was said is
/// the medium, no actor (though the lists know it as a company, which it is elsewhere:
/// "Twitter suspended the account").
fn platform_as_medium(c: &Candidate) -> Option<Decision> {
    let medium = c.n == 1 && is_platform(&c.s) && matches!(c.prev, "on" | "via" | "to" | "through");
    medium.then_some((None, STRONG))
}

/// A name the lists know (an organisation, a place, a state "X of Y", a city that is a
/// team), a firm's shape, or a person a role announced.
fn known_name(c: &Candidate) -> Option<Decision> {
    use ActorKind::{Org, Person, Place};
    let lx = lx();
    let doc = c.doc;
    let r = &c.r;
    let s = &*c.s;
    let n = c.n;
    let last = c.last;
    let has_org_word = c.has_org_word;
    let person_cue = c.person_cue;
    if lx.orgs.contains(s) {
        return Some((Some(Org), STRONG));
    }
    if possessive_firm(doc, r) {
        return Some((Some(Org), MEDIUM));
    }
    if state_of(doc, r) {
        return Some((Some(Place), STRONG));
    }
    if n > 1 && last == "Today" {
        return Some((Some(Org), MEDIUM));
    }
    let prev = if r.start > 0 {
        doc.word(r.start - 1)
    } else {
        ""
    };
    let next = doc.word(r.end);
    let upper = r.clone().all(|i| doc.toks[i].upper);
    if upper && lx.is_org_ci(s) && !lx.is_common(s) {
        return Some((Some(Org), STRONG));
    }
    // ("Washington , D.C.": a tokenised text's comma stands apart.)
    let comma_place = s.contains(" ,") && lx.places.contains(s.replace(" ,", ",").as_str());
    if lx.places.contains(s) || (upper && lx.is_place_ci(s)) || lx.is_place_alias(s) || comma_place
    {
        // A city in a results table or a sports report is its team; countries stay
        // places (national sides), and so does the venue "in Leeds".
        // ("at Lord's, London": a place after a comma, closing a bracket, is a venue too.)
        // ("At The Oval ( London )": a place in brackets says where something is.)
        // ("Portsmouth : Middlesex 199": a city labelling a line of scores is the venue;
        // "the north London club", "the Moscow club": where a club is from.)
        let venue = place_prep(prev)
            || (prev == "," && matches!(next, ")" | "." | ";"))
            || (prev == "(" && next == ")")
            || (next == ":" && doc.toks[r.start].line_start)
            || is_compass_lower(prev)
            || is_team_noun(next)
            || is_venue_noun(next)
            || after_venue_list(doc, r.start);
        let team = doc.sports
            && !doc.individual
            && !venue
            && !lx.countries.contains(s)
            && !is_continent(s)
            && !is_dateline(doc, r.clone());
        if team {
            return Some((Some(Org), STRONG));
        }
        return Some((Some(Place), STRONG));
    }
    // (A nationality alone is no person, though a role went before its list: "his
    // Israeli counterpart Yitzhak Mordechai and Israeli President Ezer Weizman"; nor a
    // competition, though a sponsor's name before it reads as a role: "the Singer World
    // Series", "the Singer Cup".)
    let competition = is_competition_head(c.last) || c.last == "Series";
    let lone_nationality = c.n == 1 && doc.demonym(r.start);
    if person_cue && !has_org_word && !competition && !lone_nationality {
        return Some((Some(Person), STRONG));
    }
    None
}

/// A word or phrase that is no actor: a lone letter, common word, head noun or compass
/// word; a people; an adjective or event; a bill. (A dateline in capitals is a place;
/// a league outside sports, an organisation rather than a competition.)
fn no_name(c: &Candidate) -> Option<Decision> {
    use ActorKind::Place;
    let lx = lx();
    let doc = c.doc;
    let r = &c.r;
    let s = &*c.s;
    let n = c.n;
    let first = c.first;
    let last = c.last;
    let has_org_word = c.has_org_word;
    let single_letter = s.chars().filter(|c| c.is_alphabetic()).nth(1).is_none();
    let i = r.start;
    // ("the West", "the South": a compass word alone is a direction or a bloc.)
    if n == 1
        && (single_letter
            || doc.common(i)
            || doc.org_word(i)
            || doc.role(i)
            || on(first, cue::COMPASS))
    {
        return Some((None, STRONG));
    }
    // "Palestinians", "Sri Lankans": peoples, not actors.
    if let Some(stem) = last.strip_suffix('s') {
        if lx.demonyms.contains(stem) && !has_org_word {
            return Some((None, STRONG));
        }
    }
    if r.clone().all(|i| doc.toks[i].upper) && is_dateline(doc, r.clone()) {
        return Some((Some(Place), STRONG));
    }
    // "Awami League", "Northern League", "Anti-Defamation League": outside a sports
    // report a league is a party or an association; in one, a competition ("Premier
    // League", "American League").
    if n > 1 && last == "League" && !doc.sports {
        return Some((Some(ActorKind::Org), STRONG));
    }
    // "South African", "Roman Catholic", "World Cup", "Cold War": adjectives and events.
    if !has_org_word && (doc.demonym(r.end - 1) || on(last, cue::EVENT_HEAD)) {
        return Some((None, STRONG));
    }
    // "Internal Market Bill", "Farm Relief Bill": a bill before parliament is a law in
    // the making, none of our kinds ("Bill" alone, or after a given name, is a person).
    if n > 1 && last == "Bill" && !doc.given(r.start) && !has_org_word {
        return Some((None, STRONG));
    }
    None
}

/// A head noun (organisation, place), a qualified place, a given name or particles (a
/// person), a web address or an acronym (an organisation), a name in a results table.
fn by_head_or_shape(c: &Candidate) -> Option<Decision> {
    use ActorKind::{Org, Person, Place};
    let lx = lx();
    let doc = c.doc;
    let r = &c.r;
    let s = &*c.s;
    let n = c.n;
    let first = c.first;
    let last = c.last;
    let has_org_word = c.has_org_word;
    let mode = c.mode;
    let i = r.start;
    if has_org_word {
        // In a title-case headline every word is capitalised, so a head noun proves less.
        let strength = if mode == Mode::Title { MEDIUM } else { STRONG };
        return Some((Some(Org), strength));
    }
    if n > 1 && on(last, cue::PLACE_HEAD) {
        if doc.sports && matches!(last, "County" | "Counties" | "City") {
            return Some((Some(Org), MEDIUM));
        }
        return Some((Some(Place), STRONG));
    }
    if n > 1 && on(first, cue::COMPASS) && lx.places.contains(&*doc.span(r.start + 1..r.end)) {
        return Some((Some(Place), STRONG));
    }
    // "Galway North-East", "Dublin South-West": a place's quarter, or a constituency
    // named after it. (Not a plain "West": "America West" and "U.S. West" are firms.)
    if n > 1 && is_compass_quarter(last) && model::is_listed_place(&doc.span(r.start..r.end - 1)) {
        return Some((Some(Place), STRONG));
    }
    // "Rio Grande do Sul", "Mato Grosso do Sul": the same in Portuguese or Spanish, "of
    // the" and a compass word after the place.
    if n > 3
        && matches!(doc.word(r.end - 2), "do" | "da" | "de" | "del")
        && matches!(last, "Sul" | "Sur" | "Norte" | "Leste" | "Este" | "Oeste")
        && model::is_listed_place(&doc.span(r.start..r.end - 2))
    {
        return Some((Some(Place), STRONG));
    }
    // "Pakistani Kashmir", "S. Korea": a qualified place is a place.
    let rest = &*doc.span(r.start + 1..r.end);
    if n > 1
        && (doc.demonym(i) || is_initial(first) || on(first, cue::COMPASS))
        && lx.places.contains(rest)
    {
        return Some((Some(Place), STRONG));
    }
    if n > 1 && (doc.given(i) || is_initial(first)) {
        return Some((Some(Person), MEDIUM));
    }
    // "Joost van der Westhuizen": lowercase particles inside a name make it a person's.
    let particle = |i: usize| is_particle(doc.word(i));
    if n > 2
        && (r.start + 1..r.end - 1).any(particle)
        && !r.clone().any(|i| on(doc.word(i), cue::JOINER))
    {
        return Some((Some(Person), MEDIUM));
    }
    // A given name alone: "Julie", "Michael" (weak: a surname or team seen elsewhere wins).
    if n == 1 && doc.given(i) && !doc.toks[i].upper {
        return Some((Some(Person), WEAK));
    }
    if n == 1 && is_domain(s) {
        return Some((Some(Org), MEDIUM));
    }
    if n == 1 && is_acronym(doc, r.start) {
        return Some((Some(Org), MEDIUM));
    }
    let by_number = |t: Option<&Token>| t.is_some_and(|t| t.kind == Kind::Number);
    if mode == Mode::Table
        && doc.sports
        && (by_number(doc.toks.get(r.end)) || by_number(prev_tok(doc, r.start)))
    {
        // Golfers and runners in results tables; clubs in league tables.
        let kind = if doc.individual { Person } else { Org };
        return Some((Some(kind), MEDIUM));
    }
    None
}

/// Several words nothing above explained: a place and a name (a body or a team), an
/// acronym inside, or a person's name unless the words are common.
fn by_several_words(c: &Candidate) -> Decision {
    use ActorKind::{Org, Person};
    let lx = lx();
    let doc = c.doc;
    let r = &c.r;
    let n = c.n;
    let last = c.last;
    // "St. Louis Cardinals", "London Newsroom", "U.S. Treasury": a place and a name is
    // a team, an office or a company.
    let place_end = (r.start + 1..r.end.min(r.start + 4))
        .rev()
        .find(|&e| lx.places.contains(&*doc.span(r.start..e)));
    if let Some(e) = place_end.filter(|_| !lx.places.contains(last)) {
        // "U.S. Dollar", "U.K. Interest": a place and one word that the article
        // also writes in lowercase is a thing of that place, not a body.
        if r.end - e == 1 && doc.lower_seen(r.end - 1) {
            return (None, STRONG);
        }
        return (Some(Org), MEDIUM);
    }
    // "Ajax Amsterdam", "Hansa Rostock": in sports, a name and a city is a club.
    if doc.sports && lx.places.contains(last) && !lx.countries.contains(last) {
        return (Some(Org), MEDIUM);
    }
    if r.clone().any(|i| is_acronym(doc, i)) || n > 3 {
        return (Some(Org), WEAK);
    }
    // Two or three capitalised words are most often a name, unless the article also
    // writes them in lowercase ("Expected Sale Date", "Working Capital").
    let common = r.clone().any(|i| doc.common(i) || doc.lower_seen(i));
    if common {
        return (None, STRONG);
    }
    // "Iraqi Kurds", "Costa Rican Sugar": a nationality does not start a person's
    // name, and without a head noun the phrase is no organisation either.
    if doc.demonym(r.start) {
        return (None, STRONG);
    }
    // "Class B shares", "Plan A": a letter at the end makes a label, not a surname
    // (a given name first, as in "Malcolm X", was read as a person above).
    if last.chars().count() == 1 {
        return (None, STRONG);
    }
    (Some(Person), WEAK)
}

/// One word nothing above explained: what stands around it.
fn by_context(c: &Candidate) -> Decision {
    use ActorKind::{Org, Person, Place};
    let doc = c.doc;
    let r = &c.r;
    let s = &*c.s;
    let prev = c.prev;
    let next = c.next;
    // "potash miner Belaruskali", "the drugmaker Zelvax": a bare name after the
    // lowercase noun of a kind of firm is that firm.
    let after_firm_noun = prev_tok(doc, r.start)
        .is_some_and(|t| t.kind == Kind::Word && !t.cap && is_firm_noun(prev));
    if after_firm_noun && !doc.given(r.start) {
        return (Some(Org), STRONG);
    }
    // "Kardash was re-elected", "Molloy ran for the Commons", "Hodge kept his seat": what
    // only people do.
    // (Not the last word of a name cut at "and": "Minister for Industry and Trade
    // resigned".)
    let after_connector = r.start > 0 && doc.is_connector(r.start - 1);
    if !after_connector && (person_predicate(doc, r.end) || person_entourage(doc, r)) {
        return (Some(Person), STRONG);
    }
    // A bare word: context.
    if on(next, cue::SPEECH_VERB) {
        return (Some(Person), WEAK);
    }
    if place_prep(prev) {
        return (Some(Place), WEAK);
    }
    // "Numan 11th": a goal scorer and the minute.
    let ordinal = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s))
    };
    if ordinal(next) {
        return (Some(Person), MEDIUM);
    }
    // In a sports report, a name nothing else explains is most often a club or team
    // ("Fiorentina", "Surrey"); a surname seen in full elsewhere still wins.
    let after_word = prev_tok(doc, r.start).is_some_and(|t| t.kind == Kind::Word && !t.cap);
    if doc.sports && after_word && !is_venue_noun(next) {
        let kind = if doc.individual { Person } else { Org };
        return (Some(kind), WEAK);
    }
    // "Benetton ( Italy ) 92": a name qualified by its country in brackets is a team in a
    // results table, a player in a sport of individuals.
    let qualified =
        next == "(" && lx().is_country_ci(doc.word(r.end + 1)) && doc.word(r.end + 2) == ")";
    if qualified && doc.sports {
        let kind = if doc.individual { Person } else { Org };
        return (Some(kind), MEDIUM);
    }
    // A lone capitalised word opening a sentence, with nothing else to go on, is most
    // often an ordinary word ("Sugar imports rose"); a name there is known from elsewhere
    // in the article, or is a common surname, which the model weighs in its context.
    if doc.toks[r.start].sent_start && !model::is_surname(s) {
        return (None, STRONG);
    }
    (None, 0)
}
