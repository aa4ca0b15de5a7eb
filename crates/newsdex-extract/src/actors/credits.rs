//! Photo captions and credit lines of modern wire copy: "FILE PHOTO: ..." opens a caption
//! whose first words are no name, "Slideshow (5 images)" is a page button, and
//! "REUTERS/Toby Melville/Pool" credits an agency, a photographer and a pool.

use std::ops::Range;

use super::classify::{Mention, STRONG};
use super::doc::Doc;
use super::tokens::Kind;
use crate::types::ActorKind;

/// News agencies as photo credits name them.
pub(crate) fn is_agency(w: &str) -> bool {
    matches!(
        w,
        "REUTERS"
            | "Reuters"
            | "AFP"
            | "AP"
            | "EPA"
            | "ANSA"
            | "Xinhua"
            | "KCNA"
            | "TASS"
            | "Sputnik"
            | "Kyodo"
            | "Yonhap"
            | "Getty"
            | "Bloomberg"
    )
}

/// Words of a credit that name no one ("File Photo", "Illustration", "Handout").
fn is_credit_word(w: &str) -> bool {
    matches!(
        w,
        "File"
            | "Photo"
            | "FILE"
            | "PHOTO"
            | "Illustration"
            | "Handout"
            | "HANDOUT"
            | "Mandatory"
            | "credit"
            | "Images"
            | "via"
            | "courtesy"
            | "Courtesy"
    )
}

/// How many tokens at the start of `line` are caption furniture ("FILE PHOTO :"), or the
/// whole line when it is a page button ("Slideshow ( 5 images )").
pub(crate) fn furniture(doc: &Doc, line: &Range<usize>) -> usize {
    let w = |k: usize| if k < line.end { doc.word(k) } else { "" };
    let s = line.start;
    if w(s).eq_ignore_ascii_case("slideshow") {
        return line.len();
    }
    if w(s).eq_ignore_ascii_case("file") && w(s + 1).eq_ignore_ascii_case("photo") {
        return if w(s + 2) == ":" { 3 } else { 2 };
    }
    0
}

/// Reads `line` as a credit line when it is one ("REUTERS / Toby Melville / Pool",
/// "Kirsty Wigglesworth / Pool via REUTERS"): the agency and a pool are organisations,
/// the other names people. False, adding nothing, for any other line.
pub(crate) fn credit_line<'t>(
    doc: &Doc<'t>,
    line: &Range<usize>,
    out: &mut Vec<Mention<'t>>,
) -> bool {
    let toks = line.clone();
    // (Most lines have neither a slash nor "via": they are done with in one cheap pass.)
    if toks.len() > 16 || !toks.clone().any(|k| matches!(doc.word(k), "/" | "via")) {
        return false;
    }
    if !toks.clone().any(|k| is_agency(doc.word(k))) {
        return false;
    }
    // Every token is a capitalised word, a slash or a credit word: nothing else is a credit.
    let plain = toks.clone().all(|k| {
        let t = &doc.toks[k];
        doc.word(k) == "/" || is_credit_word(doc.word(k)) || (t.kind == Kind::Word && t.cap)
    });
    if !plain {
        return false;
    }
    let mut segment = toks.start;
    for k in toks.clone().chain(std::iter::once(toks.end)) {
        let ends = k == toks.end || doc.word(k) == "/" || is_credit_word(doc.word(k));
        if !ends {
            continue;
        }
        let r = segment..k;
        segment = k + 1;
        if r.is_empty() {
            continue;
        }
        let kind = if r.len() == 1 && (is_agency(doc.word(r.start)) || doc.word(r.start) == "Pool")
        {
            ActorKind::Org
        } else if (2..=4).contains(&r.len()) {
            ActorKind::Person
        } else {
            continue;
        };
        out.push(Mention {
            form: doc.span(r.clone()),
            tok: r.start,
            words: r.len(),
            kind: Some(kind),
            strength: STRONG,
            expands: None,
            tentative: false,
            guess: false,
        });
    }
    true
}

/// Where the reporters' credit of a wire story starts on `line`, if it has one:
/// "(Reporting by Hallie Gu and Dominique Patton; Editing by Kim Coghill)".
pub(crate) fn byline_start(doc: &Doc, line: &Range<usize>) -> Option<usize> {
    line.clone().find(|&k| {
        k + 1 < line.end
            && doc.word(k + 1) == "by"
            && is_credit_verb(doc.word(k))
            // Where a credit opens: the line, a bracket or a semicolon; or after
            // "Additional" ("Additional reporting by").
            && (k == line.start
                || matches!(doc.word(k - 1), "(" | ";" | "Additional" | "additional"))
    })
}

/// The work a credit names: "Reporting by", "Editing by", "Writing by".
fn is_credit_verb(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "reporting"
            | "editing"
            | "writing"
            | "compiled"
            | "written"
            | "edited"
            | "reported"
            | "additional"
    )
}

/// Reads the credit from token `start` to the end of `line`: the names after each "by"
/// are people ("Ramakrishnan M." too), a name after "in" is a place, and a name ends at
/// "and", a comma, a semicolon or the next credit ("... in Oslo Additional reporting").
pub(crate) fn byline<'t>(
    doc: &Doc<'t>,
    start: usize,
    line: &Range<usize>,
    out: &mut Vec<Mention<'t>>,
) {
    let mut k = start;
    let mut kind = None;
    while k < line.end {
        let w = doc.word(k);
        let t = &doc.toks[k];
        if w == "by" {
            kind = Some(ActorKind::Person);
            k += 1;
            continue;
        }
        if w == "in" || w == "from" {
            kind = Some(ActorKind::Place);
            k += 1;
            continue;
        }
        let name_word = |k: usize| {
            let t = &doc.toks[k];
            t.kind == Kind::Word && t.cap && !is_credit_verb(doc.word(k))
        };
        if !(kind.is_some() && t.kind == Kind::Word && name_word(k)) {
            if t.kind == Kind::Word && t.cap && is_credit_verb(w) {
                kind = None;
            }
            k += 1;
            continue;
        }
        let mut e = k;
        while e < line.end
            && e - k < 4
            && (name_word(e) || super::classify::is_particle(doc.word(e)))
        {
            e += 1;
        }
        let r = k..e;
        out.push(Mention {
            form: doc.span(r.clone()),
            tok: r.start,
            words: r.len(),
            kind,
            strength: STRONG,
            expands: None,
            tentative: false,
            guess: false,
        });
        k = e;
    }
}
