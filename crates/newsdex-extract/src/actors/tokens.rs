//! Splits article text into words, numbers and punctuation, with the few facts the
//! name finder needs: byte span, capitalisation, sentence and line starts, possessives.

use std::ops::{Range, RangeInclusive};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (possibly with digits, inner hyphens, dots or apostrophes).
    Word,
    /// Starts with a digit.
    Number,
    /// Any single other character.
    Punct,
}

/// One token; its text is `text[start..end]`, a possessive ending excluded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// First token of a sentence (or of a line: headlines and list items have no full stop).
    pub sent_start: bool,
    /// First token of a line.
    pub line_start: bool,
    /// The word was followed by a possessive `'s` / `’s` (or a bare `'` after an `s`),
    /// which is not part of the token: "Peskov’s" is the form "Peskov".
    pub poss: bool,
    /// First letter is uppercase.
    pub cap: bool,
    /// Has at least one letter and no lowercase letter ("CSTO", "U.S.", "RUSSIA").
    pub upper: bool,
    /// Has no uppercase letter ("summit", "1996").
    pub lower: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Abbreviations whose full stop belongs to the word and does not end the sentence
/// (a `match`, which tests the length first, not a list scan).
#[rustfmt::skip]
fn is_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Jr" | "Sr" | "Gen" | "Col" | "Lt" | "Sgt" | "Capt"
            | "Gov" | "Sen" | "Rep" | "Prof" | "Mt" | "Ft" | "Messrs" | "Maj" | "Adm" | "Cmdr"
            | "Rev" | "Corp" | "Inc" | "Ltd" | "Co" | "Bros" | "vs" | "No" | "Pres"
            // U.S. states as the wires abbreviate them ("Carlsbad, Calif.").
            | "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Fla" | "Ga" | "Ill" | "Kan"
            | "Ky" | "Md" | "Mass" | "Mich" | "Minn" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla"
            | "Ore" | "Pa" | "Tenn" | "Tex" | "Va" | "Vt" | "Wash" | "Wis" | "Wyo"
            // Given names as firms' names still abbreviate them ("Alex. Brown and Sons",
            // "Wm. Wrigley Jr. Co").
            | "Alex" | "Wm" | "Chas" | "Geo" | "Thos" | "Jas" | "Benj" | "Robt" | "Edw"
    )
}

/// Case classes of ASCII letters and digits for the tokenizer's fast path; 0 for any
/// other byte.
const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
static ALNUM_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Characters that may join two word parts into one token when letters follow:
/// "Kassym-Jomart", "Caliber.az", "AT&T", "O'Brien".
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '&' | '\'' | '’' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// The length in bytes of a full line of hard-wrapped copy.
const FULL_LINE: RangeInclusive<usize> = 40..=100;

/// Does a line that ends here run on into the next one? True for hard-wrapped copy
/// ("... trade representative Clayton\nYeutter said"), when the line is full and has no
/// closing punctuation.
pub(crate) fn runs_on(line: &str) -> bool {
    let line = line.trim_end();
    FULL_LINE.contains(&line.len()) && open_ended(line)
}

/// Does a line (its end trimmed) stop without closing punctuation? A headline in
/// capitals ends where it ends, so the line needs a lowercase letter too.
fn open_ended(line: &str) -> bool {
    !line.ends_with(['.', '!', '?', ':', ';', '"', '”', '»'])
        && line.bytes().any(|b| b.is_ascii_lowercase())
}

/// Is content line `k` the short first line of a paragraph that goes on below it, as
/// when wire copy loses its dateline ("WASHINGTON, March 3 - " cut from "Federal Reserve
/// Board Chairman Paul\nVolcker said ...")? The line opens a paragraph, stops without
/// closing punctuation, and the next line follows at once, no further indented, and is
/// full width. (A short line after a full one ends its paragraph instead.)
fn opens_cut_paragraph(text: &str, content: &[Range<usize>], k: usize) -> bool {
    let (Some(r), Some(next)) = (content.get(k), content.get(k + 1)) else {
        return false;
    };
    let (Some(line), Some(below)) = (text.get(r.clone()), text.get(next.clone())) else {
        return false;
    };
    let (line, below) = (line.trim_end(), below.trim_end());
    if !(16..*FULL_LINE.start()).contains(&line.len())
        || line.contains('\n')
        || !open_ended(line)
        || !FULL_LINE.contains(&below.len())
    {
        return false;
    }
    // The gaps before and after the line: what lies between it and its neighbours.
    let before = match k.checked_sub(1).and_then(|p| content.get(p)) {
        Some(p) => text.get(p.end..r.start).unwrap_or(""),
        // The first line: what stands before it on its own line.
        None => text
            .get(..r.start)
            .and_then(|head| head.rsplit('\n').next())
            .unwrap_or(""),
    };
    let after = text.get(r.end..next.start).unwrap_or("");
    let opens = k == 0 || before.matches('\n').count() >= 2;
    let indent = |gap: &str| gap.rsplit('\n').next().map_or(0, str::len);
    opens
        && after.trim().is_empty()
        && after.matches('\n').count() == 1
        && indent(after) <= indent(before)
}

/// Does the text look hard-wrapped (wire copy cut into ~70-column lines)? Most of its
/// lines then run on. Also tells, into `ends` (emptied first), whether the last line of
/// each range runs on, or is a cut first line ([`opens_cut_paragraph`]), which decides
/// whether the next range continues it: one pass over the lines answers both.
pub(crate) fn hard_wrapped(text: &str, content: &[Range<usize>], ends: &mut Vec<bool>) -> bool {
    ends.clear();
    let (mut lines, mut running) = (0usize, 0usize);
    for r in content {
        let mut last_runs_on = false;
        // (Split at '\n' alone, so that the last piece is the range's last line even when
        // it is blank; a '\r' left at a line's end is trimmed by both tests below.)
        for line in text.get(r.clone()).unwrap_or("").split('\n') {
            // (Blank or not is settled from the start: no need to trim the end.)
            let blank = line.trim_start().is_empty();
            last_runs_on = !blank && runs_on(line);
            if !blank {
                lines += 1;
                running += usize::from(last_runs_on);
            }
        }
        // (Not counted as running: a cut first line says nothing of the wrapping.)
        ends.push(last_runs_on || opens_cut_paragraph(text, content, ends.len()));
    }
    lines >= 4 && running * 2 >= lines
}

/// Tokenises `text[range]`; offsets are into the whole `text`. In `wrapped` text a line
/// that runs on does not start a line or sentence; `continues` says the range itself
/// continues the previous line.
pub(crate) fn tokenize(
    text: &str,
    range: Range<usize>,
    wrapped: bool,
    continues: bool,
    out: &mut Vec<Token>,
) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let chars = Chars { slice };
    let base = range.start;
    let mut i = 0;
    let mut sent_start = !continues;
    let mut line_start = !continues;
    let mut line_begin = 0;
    // The first token of the current line, in `out`.
    let mut line_first = out.len();
    while let Some(&b) = slice.as_bytes().get(i) {
        if matches!(b, b' ' | b'\t' | b'\r') {
            i += 1;
            continue;
        }
        // An ASCII letter or digit, most tokens' first byte, needs none of the tests for
        // line breaks and other whitespace below.
        let alnum = ALNUM_CLASS[usize::from(b)] != 0;
        let Some(c) = (if b.is_ascii() {
            Some(char::from(b))
        } else {
            chars.at(i)
        }) else {
            i += 1;
            continue;
        };
        if !alnum && c == '\n' {
            let line = slice.get(line_begin..i).unwrap_or("");
            i = chars.step(i);
            line_begin = i;
            // (Only wrapped text asks whether the next line is blank: it costs a scan.)
            let goes_on = wrapped && runs_on(line) && !chars.blank_from(i)
                || continues_lowercase(line, slice.get(i..).unwrap_or(""));
            if !goes_on {
                line_start = true;
                sent_start = true;
                line_first = out.len();
            }
            continue;
        }
        if !alnum && c.is_whitespace() {
            i = chars.step(i);
            continue;
        }
        if alnum || c.is_alphanumeric() {
            // (The kind is settled here rather than in `scan_word`: that way the scan's
            // loop keeps its registers, 2% fewer instructions here by callgrind.)
            let kind = if c.is_ascii_digit() {
                Kind::Number
            } else {
                Kind::Word
            };
            let mut word = chars.scan_word(i, c, kind);
            let tok_end = chars.take_ending(&mut word);
            let (upper, lower, cap) = chars.case_of(&word, c);
            out.push(Token {
                start: base + word.start,
                end: base + tok_end,
                kind: word.kind,
                sent_start,
                line_start,
                poss: word.poss,
                cap,
                upper: upper && !lower,
                lower: !upper,
            });
            i = word.next;
            sent_start = false;
            line_start = false;
            continue;
        }
        // Text tokenised with detached clitics ("Germany 's", "Farmers ' Union",
        // "Barnier ’s"): the possessive still belongs to the word before it.
        if matches!(c, '\'' | '’') && i > 0 && slice.as_bytes()[i - 1] == b' ' {
            if let Some(next) = chars.detached_possessive(text, i, out) {
                i = next;
                continue;
            }
        }
        let start = i;
        i = chars.step(i);
        out.push(Token {
            start: base + chars.off(start),
            end: base + chars.off(i),
            kind: Kind::Punct,
            sent_start,
            line_start,
            poss: false,
            cap: false,
            upper: false,
            lower: true,
        });
        line_start = false;
        sent_start = sentence_start_after(c, sent_start)
            || (matches!(c, '-' | '–' | '—')
                && slice.as_bytes().get(i) == Some(&b' ')
                && after_label(&out[line_first..]));
    }
}

/// Does a line that stops on a letter go on in the next, which opens with a lowercase
/// word that joins the words of names ("... Metropolitan Federal Savings\nand Loan
/// Association said")? A sentence or a line of its own opens otherwise, so the break
/// is only where the text was cut. (Not any lowercase word: a line of fixtures opens
/// with "v".)
pub(crate) fn continues_lowercase(line: &str, next: &str) -> bool {
    // (Asked at every line break: the cheap test first.)
    let next = next.trim_start_matches([' ', '\t']);
    if !next.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let word = next
        .split(|c: char| !c.is_ascii_lowercase())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "and" | "of" | "for" | "de" | "di" | "da" | "du" | "del" | "der" | "von" | "van"
    ) && next[word.len()..].starts_with(' ')
        && line
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
}

/// Do the tokens of a line so far, up to a dash and a space, make a label that the
/// sentence follows: a place or topic in capitals ("UNITED STATES - Prices of ...", "WASHINGTON,
/// March 3 - Officials ..."), every word capitalised, the first in capitals, a few words?
fn after_label(line: &[Token]) -> bool {
    let words = line.iter().filter(|t| t.kind != Kind::Punct).count();
    line.first()
        .is_some_and(|t| t.upper && t.kind == Kind::Word)
        && (1..=6).contains(&words)
        && line.iter().all(|t| t.kind != Kind::Word || t.cap)
}

/// Whether the token after the punctuation mark `c` starts a sentence, given whether the
/// mark itself did. Full stops end sentences; opening quotes, brackets and dashes keep
/// the sentence start pending for the word they introduce.
#[inline]
fn sentence_start_after(c: char, sent_start: bool) -> bool {
    if matches!(c, '.' | '!' | '?' | ':' | ';' | '…') {
        true
    } else if matches!(
        c,
        '"' | '“' | '”' | '\'' | '‘' | '’' | '(' | '[' | '-' | '–' | '—' | '«' | '»' | '•'
    ) {
        sent_start
    } else {
        false
    }
}

/// The range [`tokenize`] reads, and the steps of its phases that look at the chars
/// there. (`i` and `k` are byte offsets on char boundaries.) The walk's state (where it
/// is, whether a line or sentence starts) stays in `tokenize`'s own variables and these
/// take and return offsets: a struct holding that state, with methods that change it,
/// took 13% more instructions in this hot path by callgrind.
#[derive(Clone, Copy)]
struct Chars<'t> {
    slice: &'t str,
}

/// A word or number as [`Chars::scan_word`] read it, with what the scan learnt on the way.
struct Word {
    /// Its span in the range, without a full stop or possessive ending that follows.
    start: usize,
    end: usize,
    /// Where reading goes on after the word and what belongs to it.
    next: usize,
    /// A word, or a number when it starts with a digit.
    kind: Kind,
    /// Whether the word ended the usual way, at the end of the text or at an ASCII byte
    /// that joins nothing ("Moscow ", "Moscow,"): then there is no full stop or
    /// apostrophe to look at after it.
    plain_end: bool,
    /// A possessive ending follows.
    poss: bool,
    /// Every byte was read by the ASCII fast path (ASCII letters and digits only), so
    /// `classes` tells the case.
    simple: bool,
    /// The case classes ([`ALNUM_CLASS`]) of the word's bytes, when `simple`.
    classes: u8,
}

impl Chars<'_> {
    /// The char at `k`, read without decoding when it is ASCII; `None` at the end.
    #[inline]
    fn at(self, k: usize) -> Option<char> {
        match self.slice.as_bytes().get(k) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.slice.get(k..).and_then(|s| s.chars().next()),
            None => None,
        }
    }

    /// Where the char after the one at `k` starts.
    #[inline]
    fn step(self, k: usize) -> usize {
        match self.slice.as_bytes().get(k) {
            Some(&b) if b.is_ascii() => k + 1,
            _ => k + self.at(k).map_or(1, char::len_utf8),
        }
    }

    /// `k` kept within the range, which a step can go past.
    #[inline]
    fn off(self, k: usize) -> usize {
        k.min(self.slice.len())
    }

    /// Is the line that starts at `k` blank (or is there none)? It tells whether a line
    /// that runs on has a next line to run on into.
    #[inline]
    fn blank_from(self, k: usize) -> bool {
        self.slice
            .get(k..)
            .unwrap_or("")
            .lines()
            .next()
            .is_none_or(|l| l.trim_start().is_empty())
    }

    /// Reads the word or number of `kind` that starts with `c` at `i` to its end: letters
    /// and digits, and joiners with a letter or digit after them ("Kassym-Jomart"). Stops
    /// before an apostrophe that starts a possessive "s", noting it; what else may follow
    /// is for [`Chars::take_ending`].
    #[inline]
    fn scan_word(self, mut i: usize, c: char, kind: Kind) -> Word {
        let bytes = self.slice.as_bytes();
        let start = i;
        let mut poss = false;
        // The case classes of the word's bytes, gathered while scanning; `simple`
        // stays true while every byte so far was read by the ASCII fast path.
        let mut classes = 0u8;
        let mut simple = c.is_ascii();
        if simple {
            classes |= ALNUM_CLASS[usize::from(bytes[i])];
        }
        i = self.step(i);
        let plain_end = loop {
            // Fast path: ASCII letters and digits, the bulk of any text.
            while let Some(&b) = bytes.get(i) {
                let class = ALNUM_CLASS[usize::from(b)];
                if class == 0 {
                    break;
                }
                classes |= class;
                i += 1;
            }
            match bytes.get(i) {
                None => break true,
                Some(&b) if b.is_ascii() && !matches!(b, b'-' | b'.' | b'&' | b'\'') => {
                    break true;
                }
                _ => {}
            }
            match self.at(i) {
                Some(c) if c.is_alphanumeric() => {
                    simple = false;
                    i = self.step(i);
                }
                Some(j) if is_joiner(j) => {
                    let next = self.at(self.step(i));
                    if is_apostrophe(j) {
                        let after = self.at(self.step(self.step(i)));
                        let s_ends = matches!(next, Some('s' | 'S'))
                            && !after.is_some_and(char::is_alphanumeric);
                        if s_ends {
                            poss = true;
                            break false;
                        }
                    }
                    if next.is_some_and(char::is_alphanumeric) {
                        simple = false;
                        i = self.step(self.step(i));
                    } else {
                        break false;
                    }
                }
                _ => break false,
            }
        };
        Word {
            start: self.off(start),
            end: self.off(i),
            next: i,
            kind,
            plain_end,
            poss,
            simple,
            classes,
        }
    }

    /// Takes what follows `word` and belongs to it: the full stop of initials and
    /// abbreviations, and a possessive ending, which is left out of the token. Moves
    /// `word.next` past them and returns where the token ends.
    #[inline]
    fn take_ending(self, word: &mut Word) -> usize {
        let mut i = word.next;
        // (The word's text is only needed off the common path.)
        let word_of = || self.slice.get(word.start..word.end).unwrap_or("");
        // A final full stop belongs to initials ("U.S.", "F.") and known abbreviations,
        // and then does not end the sentence.
        if !word.plain_end && self.at(i) == Some('.') && word.kind == Kind::Word {
            let text = word_of();
            let initials = text
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
            if initials || is_abbreviation(text) {
                i = self.step(i);
            }
        }
        let tok_end = self.off(i);
        if word.plain_end {
            // Nothing follows the word that could belong to it.
        } else if word.poss {
            // Skip the possessive ending: the apostrophe and the "s".
            i = self.step(self.step(i));
        } else if is_apostrophe(self.at(i).unwrap_or(' '))
            && word_of().ends_with(['s', 'S'])
            && !self.at(self.step(i)).is_some_and(char::is_alphanumeric)
        {
            // Plural possessive: "the Farmers' Union".
            word.poss = true;
            i = self.step(i);
        }
        word.next = i;
        tok_end
    }

    /// Whether `word`, whose first char is `c`, has an uppercase letter, a lowercase
    /// letter, and an uppercase first letter.
    #[inline]
    fn case_of(self, word: &Word, c: char) -> (bool, bool, bool) {
        // A word read by the fast path alone (all ASCII letters and digits, starting
        // with `c`) has its case classes already; others take one pass over the
        // bytes, and only non-ASCII words decode chars.
        if word.simple {
            return (
                word.classes & UPPER != 0,
                word.classes & LOWER != 0,
                c.is_ascii_uppercase(),
            );
        }
        let text = self.slice.get(word.start..word.end).unwrap_or("");
        let (mut upper, mut lower, mut ascii) = (false, false, true);
        for &b in text.as_bytes() {
            upper |= b.is_ascii_uppercase();
            lower |= b.is_ascii_lowercase();
            ascii &= b.is_ascii();
        }
        let (upper, lower) = if ascii {
            (upper, lower)
        } else {
            (
                text.chars().any(char::is_uppercase),
                text.chars().any(char::is_lowercase),
            )
        };
        let cap = match text.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => text.chars().next().is_some_and(char::is_uppercase),
        };
        (upper, lower, cap)
    }

    /// At an apostrophe `i` after a space, in the whole `text`: when it is a detached
    /// possessive ("Germany 's", or a bare "'" after an "s") of the word just pushed,
    /// marks that word possessive and returns where reading goes on after the clitic.
    #[inline]
    fn detached_possessive(self, text: &str, i: usize, out: &mut [Token]) -> Option<usize> {
        let prev = out.last_mut().filter(|t| t.kind == Kind::Word && !t.poss)?;
        let s_next = matches!(self.at(self.step(i)), Some('s' | 'S'))
            && !self
                .at(self.step(self.step(i)))
                .is_some_and(char::is_alphanumeric);
        let bare = self.at(self.step(i)).is_some_and(char::is_whitespace)
            && text
                .get(prev.start..prev.end)
                .is_some_and(|w| w.ends_with('s'));
        if !(s_next || bare) {
            return None;
        }
        prev.poss = true;
        Some(if s_next {
            self.step(self.step(i))
        } else {
            self.step(i)
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, bool, bool)> {
        let mut v = Vec::new();
        tokenize(s, 0..s.len(), false, false, &mut v);
        v.iter()
            .map(|t| (t.text(s).to_string(), t.sent_start, t.poss))
            .collect()
    }

    #[test]
    fn possessives_are_split_off() {
        let w = words("Peskov’s aide met Armenia's envoy and the Farmers' Union.");
        assert_eq!(w[0], ("Peskov".to_string(), true, true));
        assert_eq!(w[3], ("Armenia".to_string(), false, true));
        assert_eq!(w[7].0, "Farmers");
        assert!(w[7].2);
        assert_eq!(w[8].0, "Union");
    }

    #[test]
    fn a_line_goes_on_only_with_a_word_that_joins_names() {
        assert!(continues_lowercase(
            "Federal Savings",
            "and Loan Association said"
        ));
        assert!(continues_lowercase("Banco", "  di Roma said"));
        // Fixtures, a sentence, a line after punctuation, a word that only starts "and".
        assert!(!continues_lowercase("Sussex", "v Nottinghamshire"));
        assert!(!continues_lowercase("Federal Savings", "said on Monday"));
        assert!(!continues_lowercase("Federal Savings.", "and Loan"));
        assert!(!continues_lowercase("Federal Savings", "android users"));
    }

    #[test]
    fn joined_words_and_initials() {
        let w = words("Kassym-Jomart Tokayev visited the U.S. and Caliber.az. Mr. Smith left.");
        let texts: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Kassym-Jomart",
                "Tokayev",
                "visited",
                "the",
                "U.S.",
                "and",
                "Caliber.az",
                ".",
                "Mr.",
                "Smith",
                "left",
                "."
            ]
        );
        // "Mr." does not end the sentence.
        assert!(w[8].1);
        assert!(!w[9].1);
    }

    #[test]
    fn words_end_at_plain_punctuation_and_at_the_end() {
        let w = words("Talks in Minsk, (Moscow) and Peru;Chile end");
        let texts: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            texts,
            ["Talks", "in", "Minsk", ",", "(", "Moscow", ")", "and", "Peru", ";", "Chile", "end"]
        );
        // The case of a word read to the end of the text is complete.
        let mut v = Vec::new();
        tokenize("NATO", 0..4, false, false, &mut v);
        assert!(v[0].upper && v[0].cap && !v[0].lower);
    }

    #[test]
    fn detached_possessives() {
        let w = words("Germany 's envoy and the Farmers ' Union");
        assert_eq!(w[0], ("Germany".to_string(), true, true));
        assert_eq!(w[1].0, "envoy");
        assert!(w[4].2);
        assert_eq!(w[5].0, "Union");
        let curly = words("Barnier ’s team and the Farmers ’ Union");
        assert_eq!(curly[0], ("Barnier".to_string(), true, true));
        assert_eq!(curly[1].0, "team");
        assert!(curly[4].2);
    }

    #[test]
    fn wrapped_lines_run_on() {
        let s = "The talks were led by the trade representative of the union, Clayton\n\
                 Yeutter, who said more.\nShort line\nNext";
        let all = 0..s.len();
        let mut ends = Vec::new();
        assert!(!hard_wrapped(s, std::slice::from_ref(&all), &mut ends));
        assert_eq!(ends, [false]);
        let mut v = Vec::new();
        tokenize(s, 0..s.len(), true, false, &mut v);
        let yeutter = v.iter().find(|t| t.text(s) == "Yeutter").unwrap();
        assert!(!yeutter.line_start && !yeutter.sent_start);
        let next = v.iter().find(|t| t.text(s) == "Next").unwrap();
        assert!(next.line_start);
    }

    /// The trimmed non-blank lines of `s`, as the layout hands them over.
    fn line_ranges(s: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        for line in s.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let start = at + (line.len() - line.trim_start().len());
                out.push(start..start + trimmed.len());
            }
            at += line.len();
        }
        out
    }

    #[test]
    fn a_short_first_line_runs_on_only_into_the_rest_of_its_paragraph() {
        // Wire copy whose dateline was cut: the first line of the body is short.
        let s = "Harbour talks resume\n\n\
                 Port Authority chairman Lena\n\
                 Varga said on Tuesday that the talks with the shipping lines would\n\
                 resume next week, after two months in which neither side had moved\n\
                 on the fees charged for each container landed at the southern quays\n\
                 of the harbour.\n\n\
                 Harbour master Ilse Brandt\n\
                 \x20   said the quays had been quiet since the lines walked out in\n\
                 March, and that the ministry would send a mediator to the talks\n\
                 the end of the paragraph\n\
                 Next paragraph, not indented, that runs on to the full width of the\n\
                 column as the lines above it do, without a stop at the end of it\n";
        let ranges = line_ranges(s);
        let mut ends = Vec::new();
        assert!(hard_wrapped(s, &ranges, &mut ends));
        let line = |k: usize| &s[ranges[k].clone()];
        let runs: Vec<(&str, bool)> = (0..ranges.len()).map(|k| (line(k), ends[k])).collect();
        // The headline stands alone; the cut first line runs on into the next line.
        assert_eq!(runs[0], ("Harbour talks resume", false));
        assert_eq!(runs[1], ("Port Authority chairman Lena", true));
        // A short first line does not run on into a line indented further ("said" is
        // indented: it starts a paragraph of its own)...
        assert_eq!(runs[6], ("Harbour master Ilse Brandt", false));
        // ...and a short line after a full one ends its paragraph.
        assert_eq!(runs[9], ("the end of the paragraph", false));
    }

    #[test]
    fn quotes_keep_the_sentence_start() {
        let w = words("He left. “Armenia was our ally,” she said.");
        let armenia = w.iter().find(|x| x.0 == "Armenia").unwrap();
        assert!(armenia.1);
    }
}
