//! The learned second opinion on each candidate name: is it a person, an organisation, a
//! place or no actor at all? An averaged perceptron over the candidate's words, shape,
//! the words around it, what the word lists say of it, and what the rules decided.
//!
//! The rules find the candidates and their boundaries; the model only weighs the
//! evidence for the kind, which is where hand-written rules fail on text they were not
//! written for ("Sinn Féin", "Forza Italia" read as people by shape). Its weights are
//! `model.bin`, trained on `conll2003-train` alone by the test-gated `train` module:
//!
//! ```text
//! cargo test --release -p newsdex-extract -- --ignored train_actor_model
//! ```
//!
//! reads `../shared/gold/conll2003-train.jsonl` (or `$NEWSDEX_TRAIN`) and rewrites
//! `src/actors/model.bin`; the same data gives the same file byte for byte.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::sync::OnceLock;

use super::classify::{Strength, MEDIUM, STRONG, WEAK};
use super::cues::{cue, on};
use super::doc::{Doc, Mode};
use super::lexicon;
use super::tokens::Kind;
use crate::types::ActorKind;

/// The classes, in weight order.
pub(crate) const CLASSES: usize = 4;
const NONE: usize = 0;

fn class_of(kind: Option<ActorKind>) -> usize {
    match kind {
        None => NONE,
        Some(ActorKind::Person) => 1,
        Some(ActorKind::Org) => 2,
        Some(ActorKind::Place) => 3,
    }
}

fn kind_of_class(c: usize) -> Option<ActorKind> {
    match c {
        1 => Some(ActorKind::Person),
        2 => Some(ActorKind::Org),
        3 => Some(ActorKind::Place),
        _ => None,
    }
}

/// The weights file: `NDXM`, a version byte (2: the hash of [`Fnv`] 8 bytes at a time), the entry count (u32 LE), the scale
/// (f32 LE), then per feature its hash (u64 LE) and one i16 LE weight per class, sorted by
/// hash.
static WEIGHTS: &[u8] = include_bytes!("model.bin");
const MAGIC: &[u8; 5] = b"NDXM\x02";

/// The weights by feature, in one flat open-addressing table of 12-byte slots: a 32-bit
/// fingerprint of the feature and its quantised weight per class. Candidates look up some
/// thirty features each at random places in the table, so its size in memory, not the
/// instructions, sets their cost; a general hash map of `f32`s was three times larger.
struct Model {
    slots: Vec<(u32, [i16; CLASSES])>,
    mask: usize,
    scale: f32,
}

/// The 32-bit fingerprint of a feature hash (never 0, which marks an empty slot).
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32 ^ key as u32).max(1)
}

impl Model {
    fn get(&self, key: u64) -> Option<&[i16; CLASSES]> {
        if self.slots.is_empty() {
            return None;
        }
        let k = fingerprint(key);
        let mut at = k as usize & self.mask;
        loop {
            let (slot, w) = &self.slots[at];
            if *slot == k {
                return Some(w);
            }
            if *slot == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        parse(WEIGHTS).unwrap_or(Model {
            slots: Vec::new(),
            mask: 0,
            scale: 1.0,
        })
    })
}

fn parse(b: &[u8]) -> Option<Model> {
    let rest = b.strip_prefix(MAGIC)?;
    let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let scale = f32::from_le_bytes(rest.get(4..8)?.try_into().ok()?);
    // Half full at most, so that a probe rarely goes past its first slot.
    let size = (2 * n).next_power_of_two().max(16);
    let mut slots = vec![(0u32, [0i16; CLASSES]); size];
    let mask = size - 1;
    let entry = 8 + 2 * CLASSES;
    for e in rest.get(8..)?.chunks_exact(entry).take(n) {
        let key = u64::from_le_bytes(e.get(..8)?.try_into().ok()?);
        let mut w = [0i16; CLASSES];
        for (c, w) in w.iter_mut().enumerate() {
            let at = 8 + 2 * c;
            *w = i16::from_le_bytes(e.get(at..at + 2)?.try_into().ok()?);
        }
        let k = fingerprint(key);
        let mut at = k as usize & mask;
        // (Two features of one fingerprint, a chance in millions, keep the first.)
        while slots[at].0 != 0 && slots[at].0 != k {
            at = (at + 1) & mask;
        }
        if slots[at].0 == 0 {
            slots[at] = (k, w);
        }
    }
    Some(Model { slots, mask, scale })
}

/// Writes weights in the format [`parse`] reads.
#[cfg(test)]
pub(crate) fn serialise(weights: &[(u64, [f32; CLASSES])]) -> Vec<u8> {
    let max = weights
        .iter()
        .flat_map(|(_, w)| w.iter().map(|x| x.abs()))
        .fold(0f32, f32::max)
        .max(1e-6);
    let scale = f32::from(i16::MAX) / max;
    let mut out = MAGIC.to_vec();
    out.extend((weights.len() as u32).to_le_bytes());
    out.extend(scale.to_le_bytes());
    for (k, w) in weights {
        out.extend(k.to_le_bytes());
        for x in w {
            out.extend(((x * scale).round() as i16).to_le_bytes());
        }
    }
    out
}

/// The evidence lists only the model reads (see `scripts/lexicon-from-packages.py`), as
/// one flat table of 64-bit slots: a 61-bit fingerprint of a lowercased entry and three
/// bits for what it is on. One probe per string asked about, in a megabyte. (A shorter
/// fingerprint would save memory at the price of a few false hits, which would make the
/// model's features, and so its training, differ from run to run of the list's order.)
struct Gazetteers {
    slots: Vec<u64>,
    mask: usize,
}

mod gz {
    pub const GIVEN: u8 = 1;
    pub const SURNAME: u8 = 2;
    pub const PLACE: u8 = 4;
}

/// The fingerprint of an entry or a candidate, lowercased already, in the high 61 bits
/// (never all zero, which marks an empty slot).
fn gazetteer_key(lower: &str) -> u64 {
    (Fnv::new(0).lower(lower).0 & !7).max(8)
}

fn gazetteers() -> &'static Gazetteers {
    static G: OnceLock<Gazetteers> = OnceLock::new();
    G.get_or_init(|| {
        // Deflated by build.rs from src/lexicon.
        let inflate = |deflated: &[u8]| {
            let bytes = miniz_oxide::inflate::decompress_to_vec(deflated)
                .expect("a word list deflated by build.rs inflates");
            String::from_utf8(bytes).expect("a word list is UTF-8")
        };
        let places = inflate(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/geonames_places.txt.deflate"
        )));
        let given = inflate(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/census_given_names.txt.deflate"
        )));
        let surnames = inflate(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/census_surnames.txt.deflate"
        )));
        let lists = [
            (places.as_str(), gz::PLACE),
            (given.as_str(), gz::GIVEN),
            (surnames.as_str(), gz::SURNAME),
        ];
        // Half full at most, however long the lists grow.
        let entries: usize = lists.iter().map(|(src, _)| src.lines().count()).sum();
        let size = (2 * entries).next_power_of_two();
        let mut g = Gazetteers {
            slots: vec![0; size],
            mask: size - 1,
        };
        let mut buf = String::new();
        for (src, bit) in lists {
            for line in src.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
                buf.clear();
                if line.is_ascii() {
                    buf.push_str(line);
                    buf.make_ascii_lowercase();
                } else {
                    buf.extend(line.chars().flat_map(char::to_lowercase));
                }
                let k = gazetteer_key(&buf);
                let at = g.slot(k);
                g.slots[at] = k | (g.slots[at] & 7) | u64::from(bit);
            }
        }
        g
    })
}

impl Gazetteers {
    /// The slot of fingerprint `k`: where it is, or the empty one where it would go.
    fn slot(&self, k: u64) -> usize {
        let mut at = (k >> 3) as usize & self.mask;
        while self.slots[at] != 0 && self.slots[at] & !7 != k {
            at = (at + 1) & self.mask;
        }
        at
    }

    /// What the lists say of a lowercased string.
    fn of(&self, lower: &str) -> u8 {
        (self.slots[self.slot(gazetteer_key(lower))] & 7) as u8
    }
}

/// Is `w` (any case) one of the given names of the census list?
pub(crate) fn is_given_name(w: &str) -> bool {
    let g = gazetteers();
    lexicon::with_lower(w, |l| g.of(l) & gz::GIVEN != 0)
}

/// Is `s` (any case) a populated place of the GeoNames list?
pub(crate) fn is_listed_place(s: &str) -> bool {
    let g = gazetteers();
    lexicon::with_lower(s, |l| g.of(l) & gz::PLACE != 0)
}

/// Is `w` (any case) one of the common surnames of the census list?
pub(crate) fn is_surname(w: &str) -> bool {
    let g = gazetteers();
    lexicon::with_lower(w, |l| g.of(l) & gz::SURNAME != 0)
}

/// Feature templates: the first byte hashed, so that the same text in two templates
/// makes two features.
mod t {
    pub const BIAS: u8 = 1;
    pub const RULE: u8 = 2;
    pub const RULE_STRENGTH: u8 = 3;
    pub const WORDS_MODE: u8 = 4;
    pub const WORD: u8 = 5;
    pub const FIRST: u8 = 6;
    pub const LAST: u8 = 7;
    pub const WHOLE: u8 = 8;
    pub const SHAPE: u8 = 9;
    pub const LAST_SUFFIX: u8 = 10;
    pub const FIRST_SUFFIX: u8 = 11;
    pub const PREV: u8 = 12;
    pub const PREV2: u8 = 13;
    pub const NEXT: u8 = 14;
    pub const NEXT2: u8 = 15;
    pub const LISTS: u8 = 16;
    pub const LIST: u8 = 17;
    pub const CONTEXT: u8 = 18;
    pub const PREV_SHAPE: u8 = 20;
    pub const LAST_PREFIX: u8 = 21;
}

/// The feature hash: a multiply-rotate mix over 8 bytes at a time, stable across platforms
/// and releases (unlike `std`'s hashers), so that the weights file means the same
/// everywhere. (`Fnv` for its first version, which hashed a byte at a time.)
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    fn new(template: u8) -> Self {
        Fnv(0xcbf2_9ce4_8422_2325).byte(template)
    }
    fn mix(self, x: u64) -> Self {
        Fnv((self.0.rotate_left(5) ^ x).wrapping_mul(Self::K))
    }
    fn byte(self, b: u8) -> Self {
        self.mix(u64::from(b) | 0x100)
    }
    /// `s` lowercased (ASCII letters; other characters as written), 8 bytes at a time.
    fn lower(mut self, s: &str) -> Self {
        let bytes = s.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self = self.mix(lower8(u64::from_le_bytes(b)));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self = self.mix(lower8(u64::from_le_bytes(b)));
        }
        self.mix(bytes.len() as u64)
    }
    fn sep(self) -> Self {
        self.byte(0xff)
    }
}

/// Eight bytes with their ASCII capitals made small, all at once; other bytes unchanged.
fn lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let heptets = x & (0x7f * ONES);
    // A byte's high bit set: at least 'A', and above 'Z'.
    let from_a = heptets + (0x80 - u64::from(b'A')) * ONES;
    let past_z = heptets + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = from_a & !past_z & !x & (0x80 * ONES);
    x | (upper >> 2)
}

/// The shape of a word: runs of the same character class as one ("Xx", "X.X.", "Xx-Xx",
/// "d"); at most 6 classes.
fn shape(w: &str, h: Fnv) -> Fnv {
    let mut h = h;
    let mut last = 0u8;
    let mut n = 0;
    if w.is_ascii() {
        for &c in w.as_bytes() {
            let s = if c.is_ascii_uppercase() {
                b'X'
            } else if c.is_ascii_lowercase() {
                b'x'
            } else if c.is_ascii_digit() {
                b'd'
            } else {
                c
            };
            if s != last && n < 6 {
                h = h.byte(s);
                n += 1;
                last = s;
            }
        }
        return h;
    }
    for c in w.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else {
            c as u8
        };
        if s != last && n < 6 {
            h = h.byte(s);
            n += 1;
            last = s;
        }
    }
    h
}

/// The last `n` bytes of `w` on a char boundary, lowercased by the hasher.
fn suffix(w: &str, n: usize) -> &str {
    let mut at = w.len().saturating_sub(n);
    while !w.is_char_boundary(at) {
        at -= 1;
    }
    w.get(at..).unwrap_or("")
}

fn prefix(w: &str, n: usize) -> &str {
    let mut at = n.min(w.len());
    while !w.is_char_boundary(at) {
        at += 1;
    }
    w.get(..at).unwrap_or("")
}

thread_local! {
    /// The feature buffer and the lowercased candidate, reused per candidate.
    static SCRATCH: RefCell<(Vec<u64>, String)> = const { RefCell::new((Vec::new(), String::new())) };
    /// While training, where candidates go instead of being decided.
    static COLLECTING: Cell<bool> = const { Cell::new(false) };
    static COLLECT: RefCell<Vec<Sample>> = const { RefCell::new(Vec::new()) };
}

/// One candidate as the trainer sees it: its features and its form.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Sample {
    pub features: Vec<u64>,
    pub form: String,
    /// The rules' class, for reporting.
    pub rule: usize,
}

/// The features of candidate `r`, into `out`: what the rules decided, the words and
/// their shapes, the words around, what the lists say, and the context.
#[allow(clippy::too_many_arguments)]
fn features(
    doc: &Doc,
    r: &Range<usize>,
    whole: &str,
    mode: Mode,
    person_cue: bool,
    rule: (Option<ActorKind>, Strength),
    out: &mut Vec<u64>,
    lower: &mut String,
) {
    let n = r.end - r.start;
    let rc = class_of(rule.0) as u8;
    out.push(Fnv::new(t::BIAS).0);
    out.push(rule_feature(t::RULE, rc, 0));
    out.push(rule_feature(t::RULE_STRENGTH, rc, rule.1));
    let mode_b = match mode {
        Mode::Normal => 0,
        Mode::Title => 1,
        Mode::Caps => 2,
        Mode::Table => 3,
    };
    out.push(Fnv::new(t::WORDS_MODE).byte(n.min(5) as u8).byte(mode_b).0);
    word_features(doc, r, out);
    let window = Window::around(doc, r);
    window.features(out);
    list_features(doc, r, whole, person_cue, out, lower);
    context_features(doc, r, whole, &window, out);
}

/// The candidate's words, their shapes, its first and last word, the whole name when
/// short, and the last and first words' prefixes and suffixes.
#[inline]
fn word_features(doc: &Doc, r: &Range<usize>, out: &mut Vec<u64>) {
    let n = r.end - r.start;
    let first = doc.word(r.start);
    let last = doc.word(r.end - 1);
    // A word alone and the same word in a longer name are different evidence ("Russian"
    // is no actor, "Russian Foreign Ministry" is).
    let single = u8::from(n == 1);
    let mut whole_shape = Fnv::new(t::SHAPE);
    for i in r.clone().take(6) {
        let w = doc.word(i);
        out.push(Fnv::new(t::WORD).byte(single).lower(w).0);
        whole_shape = shape(w, whole_shape).sep();
    }
    out.push(whole_shape.0);
    out.push(Fnv::new(t::FIRST).byte(single).lower(first).0);
    out.push(Fnv::new(t::LAST).byte(single).lower(last).0);
    if n > 1 && n <= 4 {
        let mut h = Fnv::new(t::WHOLE);
        for i in r.clone() {
            h = h.lower(doc.word(i)).sep();
        }
        out.push(h.0);
    }
    out.push(Fnv::new(t::LAST_SUFFIX).lower(suffix(last, 3)).0);
    out.push(Fnv::new(t::LAST_SUFFIX).byte(4).lower(suffix(last, 4)).0);
    out.push(Fnv::new(t::LAST_PREFIX).lower(prefix(last, 3)).0);
    out.push(Fnv::new(t::FIRST_SUFFIX).lower(suffix(first, 3)).0);
}

/// The two tokens before and after a candidate, within its line.
struct Window<'d> {
    /// The token right before, when on the same line.
    p1: Option<usize>,
    w1: &'d str,
    w2: &'d str,
    x1: &'d str,
    x2: &'d str,
}

impl<'d> Window<'d> {
    #[inline]
    fn around(doc: &'d Doc, r: &Range<usize>) -> Window<'d> {
        let word_at = |i: Option<usize>| -> &str { i.map_or("<s>", |i| doc.word(i)) };
        let p1 = r
            .start
            .checked_sub(1)
            .filter(|_| !doc.toks[r.start].line_start);
        let p2 = p1.and_then(|p| p.checked_sub(1).filter(|_| !doc.toks[p].line_start));
        let n1 = Some(r.end).filter(|&e| e < doc.toks.len() && !doc.toks[e].line_start);
        let n2 = n1
            .map(|e| e + 1)
            .filter(|&e| e < doc.toks.len() && !doc.toks[e].line_start);
        Window {
            p1,
            w1: word_at(p1),
            w2: word_at(p2),
            x1: n1.map_or("</s>", |i| doc.word(i)),
            x2: n2.map_or("</s>", |i| doc.word(i)),
        }
    }

    #[inline]
    fn features(&self, out: &mut Vec<u64>) {
        out.push(Fnv::new(t::PREV).lower(self.w1).0);
        out.push(Fnv::new(t::PREV2).lower(self.w2).sep().lower(self.w1).0);
        out.push(Fnv::new(t::NEXT).lower(self.x1).0);
        out.push(Fnv::new(t::NEXT2).lower(self.x1).sep().lower(self.x2).0);
        out.push(shape(self.w1, Fnv::new(t::PREV_SHAPE)).0);
    }
}

/// What the lists say, one bit each, and all the bits together. The candidate is
/// lowercased once, into `lower`, for every list that is looked up by lowercase.
#[inline]
fn list_features(
    doc: &Doc,
    r: &Range<usize>,
    whole: &str,
    person_cue: bool,
    out: &mut Vec<u64>,
    lower: &mut String,
) {
    let g = gazetteers();
    let lx = lexicon::get();
    let n = r.end - r.start;
    let single = u8::from(n == 1);
    lower.clear();
    if whole.is_ascii() {
        lower.push_str(whole);
        lower.make_ascii_lowercase();
    } else {
        lower.extend(whole.chars().flat_map(char::to_lowercase));
    }
    let lower: &str = lower;
    let b = lower.as_bytes();
    let first_l = lower
        .get(..b.iter().position(|&c| c == b' ').unwrap_or(b.len()))
        .unwrap_or("");
    let last_l = lower
        .get(b.iter().rposition(|&c| c == b' ').map_or(0, |p| p + 1)..)
        .unwrap_or("");
    let of_whole = g.of(lower);
    let of_first = if n > 1 { g.of(first_l) } else { of_whole };
    let of_last = if n > 1 { g.of(last_l) } else { of_whole };
    let bits: [bool; 16] = [
        doc.given(r.start) || of_first & gz::GIVEN != 0,
        n > 1 && of_last & gz::SURNAME != 0,
        lx.places.contains(whole) || lx.places_lower.contains_key(lower),
        of_whole & gz::PLACE != 0,
        n > 1 && of_last & gz::PLACE != 0,
        lx.countries.contains(whole) || lx.countries_lower.contains(lower),
        lx.orgs.contains(whole) || lx.orgs_lower.contains_key(lower),
        r.clone().any(|i| doc.org_word(i)),
        doc.org_word(r.end - 1),
        doc.demonym(r.start),
        r.clone()
            .any(|i| doc.is_connector(i) && on(doc.word(i), cue::JOINER)),
        doc.toks[r.start].sent_start,
        person_cue,
        doc.sports,
        r.clone().all(|i| doc.toks[i].upper),
        doc.toks[r.end - 1].poss,
    ];
    let mut all = Fnv::new(t::LISTS);
    for (k, &b) in bits.iter().enumerate() {
        all = all.byte(u8::from(b));
        if b {
            out.push(Fnv::new(t::LIST).byte(single).byte(k as u8).0);
        }
    }
    out.push(all.0);
}

/// The context: brackets, a role or a place preposition before, a speech verb after,
/// the document's kind, digits and non-ASCII letters in the name, a word seen lowercase.
#[inline]
fn context_features(
    doc: &Doc,
    r: &Range<usize>,
    whole: &str,
    window: &Window<'_>,
    out: &mut Vec<u64>,
) {
    let lx = lexicon::get();
    let first = doc.word(r.start);
    let last = doc.word(r.end - 1);
    let (w1, x1) = (window.w1, window.x1);
    let (role_before, prep_before) =
        lexicon::with_lower(w1, |l| (lx.roles.contains(l), on(l, cue::PLACE_PREP)));
    let ctx = [
        w1 == "(" && x1 == ")",
        x1 == "(",
        window.p1.is_some_and(|p| doc.role(p)) || role_before,
        on(x1, cue::SPEECH_VERB),
        prep_before,
        doc.individual,
        first.bytes().any(|b| b.is_ascii_digit()) || last.bytes().any(|b| b.is_ascii_digit()),
        !whole.is_ascii(),
        doc.toks[r.start].kind == Kind::Word && doc.lower_seen(r.start),
    ];
    for (k, &b) in ctx.iter().enumerate() {
        if b {
            out.push(Fnv::new(t::CONTEXT).byte(k as u8).0);
        }
    }
}

/// A feature that says what the rules decided (the trainer hides these at times, so that
/// the model learns to do without them).
fn rule_feature(template: u8, class: u8, x: u8) -> u64 {
    Fnv::new(template).byte(class).byte(x).0
}

/// Every feature [`rule_feature`] can make.
#[cfg(test)]
pub(crate) fn rule_features() -> Vec<u64> {
    let mut v = Vec::new();
    for class in 0..CLASSES as u8 {
        for x in 0..=16 {
            for template in [t::RULE, t::RULE_STRENGTH] {
                v.push(rule_feature(template, class, x));
            }
        }
    }
    v
}

/// The scores of each class for these features.
fn scores(m: &Model, feats: &[u64]) -> [f32; CLASSES] {
    let mut s = [0i32; CLASSES];
    for &f in feats {
        if let Some(w) = m.get(f) {
            for (s, &w) in s.iter_mut().zip(w) {
                *s += i32::from(w);
            }
        }
    }
    s.map(|x| x as f32 / m.scale)
}

/// The weight of the rules' decision per unit of its strength, added to the model's score
/// for that class; and the margin at which the model's choice counts as strong evidence in
/// the article-level vote.
const BONUS: f32 = 3.0;
const SURE: f32 = 8.0;

/// The kind and strength of candidate `r`, given what the rules decided.
pub(crate) fn decide(
    doc: &Doc,
    r: &Range<usize>,
    mode: Mode,
    person_cue: bool,
    rule: (Option<ActorKind>, Strength),
) -> (Option<ActorKind>, Strength) {
    // A name on the project's own lists of places and organisations is what the lists
    // say (the Kremlin is the Russian presidency, though CoNLL-2003 marks it a place).
    let lx = lexicon::get();
    let whole = doc.span(r.clone());
    if lx.orgs.contains(&*whole) || lx.places.contains(&*whole) {
        return rule;
    }
    // A lone word opening a sentence that the rules judged no name is left to the
    // article: a name there is known by its other mentions ("Fischler said" after "Franz
    // Fischler"), and guessing from the word alone makes names of "Sugar imports rose".
    // (A common surname there is the model's to weigh.)
    if r.len() == 1 && doc.toks[r.start].sent_start && rule.0.is_none() && rule.1 > 0 {
        return rule;
    }
    let collecting = COLLECTING.get();
    // Strong evidence of a kind (a role cue, a head noun, a list) is the rules' to judge:
    // the model, trained on another corpus's conventions, changes such a kind too rarely
    // for right to be worth asking it every time.
    if rule.0.is_some() && rule.1 >= STRONG && !collecting {
        return rule;
    }
    let m = model();
    if m.slots.is_empty() && !collecting {
        return rule;
    }
    SCRATCH.with(|scratch| {
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            return rule;
        };
        let (buf, lower) = &mut *scratch;
        buf.clear();
        features(doc, r, &whole, mode, person_cue, rule, buf, lower);
        if collecting {
            COLLECT.with(|c| {
                c.borrow_mut().push(Sample {
                    features: buf.clone(),
                    form: whole.to_string(),
                    rule: class_of(rule.0),
                });
            });
            return rule;
        }
        let s = scores(m, buf);
        // The rules' decision is one more vote, as heavy as its evidence: the model
        // overrules a role cue or a head noun only when it is far surer than usual.
        let mut s = s;
        s[class_of(rule.0)] += BONUS * f32::from(rule.1);
        let mut best = 0;
        for c in 1..CLASSES {
            if s[c] > s[best] {
                best = c;
            }
        }
        let second = (0..CLASSES)
            .filter(|&c| c != best)
            .map(|c| s[c])
            .fold(f32::MIN, f32::max);
        let margin = s[best] - second;
        let kind = kind_of_class(best);
        if kind.is_none() {
            // Strong evidence of a kind (a head noun, a role cue, a list) is not
            // overruled into no actor: the training data's conventions for what is a name
            // ("Russian Foreign Ministry") are not ours.
            // Agreeing that it is no actor, the rules' strength stands.
            if rule.0.is_none() || rule.1 >= STRONG {
                return rule;
            }
            return (None, 0);
        }
        // Agreeing, the model adds no strength: the strengths of the rules mean more than
        // how sure (a role cue makes a person whom no company's name can take over).
        let strength = if kind == rule.0 {
            rule.1.max(WEAK)
        } else if margin >= SURE {
            STRONG
        } else {
            MEDIUM
        };
        (kind, strength)
    })
}

/// Runs `f` with candidates collected instead of decided, and returns them.
#[cfg(test)]
pub(crate) fn collect(f: impl FnOnce()) -> Vec<Sample> {
    COLLECTING.set(true);
    f();
    COLLECTING.set(false);
    COLLECT.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

#[cfg(test)]
pub(crate) mod train;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_eight_bytes_at_once_is_ascii_lowercase() {
        for s in [
            "ABCDEFGH",
            "Zz@[`{Az",
            "É-Ü.ñAZ",
            "a",
            "",
            "@AZ[\u{7f}\u{80}",
        ] {
            let mut b = [0u8; 8];
            let n = s.len().min(8);
            b[..n].copy_from_slice(&s.as_bytes()[..n]);
            let want: Vec<u8> = b.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(
                lower8(u64::from_le_bytes(b)).to_le_bytes().to_vec(),
                want,
                "{s}"
            );
        }
        assert_eq!(Fnv::new(1).lower("OPEC").0, Fnv::new(1).lower("opec").0);
        assert_ne!(Fnv::new(1).lower("opec").0, Fnv::new(2).lower("opec").0);
    }
}
