//! A one-pass tokenizer for the date rules: words, numbers and single punctuation marks
//! with their byte spans, and whether whitespace or a range boundary comes before each.
//! Rules look at a few neighbouring tokens, so this is all the structure they need.

use std::ops::Range;

use crate::scratch;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits, possibly with inner `,` or `.` groups ("2,000", "22.12.2025").
    Num,
    /// Any other single non-space character.
    Punct,
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// Byte offset in the whole text.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// Whitespace separates it from the previous token.
    pub gap: bool,
    /// It opens a new content range: patterns never reach back across it.
    pub brk: bool,
    /// A line break comes before it (within a range, where lines wrap one sentence).
    pub nl: bool,
}

/// Tokenizes the given ranges of `text`, in order, into `toks` (emptied first). Ranges
/// that do not fall on char boundaries are skipped rather than trusted.
pub(crate) fn tokenize(text: &str, ranges: &[Range<usize>], toks: &mut Vec<Tok>) {
    scratch::clear(toks);
    // About one token per five bytes of the ranges (not of the whole text: a single
    // line is tokenised for its date too).
    let len: usize = ranges.iter().map(|r| r.end.saturating_sub(r.start)).sum();
    toks.reserve(len / 5);
    for r in ranges {
        let Some(part) = text.get(r.clone()) else {
            continue;
        };
        push_tokens(part, r.start, toks);
    }
}

/// Classes of bytes for [`push_tokens`]: ASCII whitespace, digits and letters; 0 for any
/// other byte.
const SPACE: u8 = 1;
const DIGIT: u8 = 2;
const ALPHA: u8 = 4;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() {
            SPACE
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            ALPHA
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The class of the byte at `i` ([`CLASS`]), 0 past the end.
#[inline]
fn class_at(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).map_or(0, |&b| CLASS[usize::from(b)])
}

fn push_tokens(part: &str, base: usize, toks: &mut Vec<Tok>) {
    let bytes = part.as_bytes();
    let mut i = 0;
    let mut gap = true;
    let mut brk = true;
    let mut nl = false;
    while let Some(&b) = bytes.get(i) {
        let class = CLASS[usize::from(b)];
        if class == SPACE {
            nl |= b == b'\n';
            gap = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if class == DIGIT {
            i += 1;
            loop {
                while class_at(bytes, i) == DIGIT {
                    i += 1;
                }
                // "2,000" and "22.12.2025" are one number; "5, 1996" is not.
                if matches!(bytes.get(i), Some(b',' | b'.')) && class_at(bytes, i + 1) == DIGIT {
                    i += 1;
                } else {
                    break;
                }
            }
            Kind::Num
        } else if class == ALPHA {
            i += 1;
            while class_at(bytes, i) == ALPHA {
                i += 1;
            }
            // A word that goes on in non-ASCII letters ("Café") stays one word.
            i = continue_word(part, i);
            Kind::Word
        } else if b < 0x80 {
            i += 1;
            Kind::Punct
        } else {
            let c = part[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                i += c.len_utf8();
                gap = true;
                continue;
            }
            i += c.len_utf8();
            if c.is_alphabetic() {
                i = continue_word(part, i);
                Kind::Word
            } else {
                Kind::Punct
            }
        };
        toks.push(Tok {
            start: base + start,
            end: base + i,
            kind,
            gap,
            brk,
            nl,
        });
        gap = false;
        brk = false;
        nl = false;
    }
}

/// Extends a word from byte `i` over any further letters, ASCII or not.
#[inline]
fn continue_word(part: &str, i: usize) -> usize {
    // Fast path: an ASCII byte that is no letter (or the end) ends the word at once.
    match part.as_bytes().get(i) {
        None => i,
        Some(b) if b.is_ascii() && !b.is_ascii_alphabetic() => i,
        _ => continue_word_slow(part, i),
    }
}

fn continue_word_slow(part: &str, mut i: usize) -> usize {
    while let Some(c) = part.get(i..).and_then(|s| s.chars().next()) {
        if c.is_alphabetic() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Kind)> {
        let mut toks = Vec::new();
        tokenize(text, std::slice::from_ref(&(0..text.len())), &mut toks);
        toks.iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn numbers_keep_inner_groups_but_not_list_commas() {
        let k = kinds("2,000 troops on Dec. 5, 1996 and 22.12.2025");
        assert_eq!(k[0], ("2,000", Kind::Num));
        assert_eq!(k[3], ("Dec", Kind::Word));
        assert_eq!(k[4], (".", Kind::Punct));
        assert_eq!(k[5], ("5", Kind::Num));
        assert_eq!(k[7], ("1996", Kind::Num));
        assert_eq!(k[9], ("22.12.2025", Kind::Num));
    }

    #[test]
    fn non_ascii_letters_and_marks() {
        let k = kinds("Café — «Ереван» 2025");
        assert_eq!(k[0], ("Café", Kind::Word));
        assert_eq!(k[1], ("—", Kind::Punct));
        assert_eq!(k[3], ("Ереван", Kind::Word));
        assert_eq!(k[5], ("2025", Kind::Num));
    }
}
