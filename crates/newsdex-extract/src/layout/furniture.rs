//! Line shapes: splitting a page into lines and telling, from a line's own shape, whether
//! it is page furniture (menu entry, counter, copyright, share prompt), a byline or a
//! headline.

use std::ops::Range;

use crate::scratch;
use crate::word_slots::WordSlots;

/// One line of the page, trimmed, with what one pass over its bytes tells about it.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Byte range of the trimmed line in the text.
    pub range: Range<usize>,
    /// Number of whitespace-separated pieces containing a letter or digit.
    pub words: usize,
    /// It has an ASCII digit.
    pub digit: bool,
    /// It has a period followed by a letter, as web addresses do.
    dotted: bool,
    /// It has "©".
    sign: bool,
    /// It has "copyright", "all rights reserved" or "(c) " in any case.
    notice: bool,
    /// It may have a menu separator: "|", "/", or a non-ASCII mark ("›", "»", "•").
    separator: bool,
}

/// Splits `text` into trimmed lines with their byte ranges, into `out` (emptied first).
pub(crate) fn lines(text: &str, out: &mut Vec<Line>) {
    scratch::clear(out);
    out.reserve(text.len() / 40 + 1);
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        // (Trimmed once from each end: `trim` would scan the start a second time.)
        let rest = piece.trim_start();
        let lead = piece.len() - rest.len();
        let trimmed = rest.trim_end();
        let s = start + lead;
        out.push(Line::read(s..s + trimmed.len(), trimmed));
        start = end;
    }
}

impl Line {
    /// Reads the facts the rules need from the line's text `s`, in one pass when ASCII.
    fn read(range: Range<usize>, s: &str) -> Line {
        let h = s.as_bytes();
        let at = |i: usize, n: &[u8]| {
            h.get(i..i + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n))
        };
        let (mut dotted, mut notice) = (false, false);
        let mut seen = 0u8; // every class met on the line
        let mut words = 0;
        // Word by word: the notice phrases start a word, so only word starts are tested.
        let mut i = 0;
        while i < h.len() {
            if CLASS[usize::from(h[i])] & SPACE != 0 {
                i += 1;
                continue;
            }
            let start = i;
            let mut in_word = 0u8;
            while let Some(&b) = h.get(i) {
                let c = CLASS[usize::from(b)];
                // (One test for both rare classes keeps the loop short.)
                if c & (SPACE | DOT) != 0 {
                    if c & SPACE != 0 {
                        break;
                    }
                    dotted |= h.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
                }
                in_word |= c;
                i += 1;
            }
            seen |= in_word;
            words += usize::from(in_word & ALNUM != 0);
            notice = notice
                || match h[start] | 0x20 {
                    b'c' => at(start, b"copyright"),
                    b'a' => at(start, b"all rights reserved"),
                    b'(' => at(start, b"(c) "),
                    _ => false,
                };
        }
        let ascii = seen & HIGH == 0;
        let sign = !ascii && s.contains('©');
        if !ascii {
            words = count_words(s);
        }
        let (digit, separator) = (seen & DIGIT != 0, seen & SEP != 0);
        Line {
            range,
            words,
            digit,
            dotted,
            sign,
            notice,
            separator,
        }
    }
}

// Byte classes for the one-pass line reader.
const SPACE: u8 = 1;
const ALNUM: u8 = 2;
const DIGIT: u8 = 4;
const DOT: u8 = 8;
/// "|", "/", or the lead byte of "›", "»", "•", "·".
const SEP: u8 = 16;
/// A byte of a non-ASCII char.
const HIGH: u8 = 32;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() {
            SPACE
        } else if c.is_ascii_digit() {
            ALNUM | DIGIT
        } else if c.is_ascii_alphabetic() {
            ALNUM
        } else if c == b'.' {
            DOT
        } else if c == b'|' || c == b'/' {
            SEP
        } else if c == 0xC2 || c == 0xE2 {
            SEP | HIGH
        } else if c >= 0x80 {
            HIGH
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Whitespace-separated pieces with a letter or digit in them, for non-ASCII lines.
fn count_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Units of a "5 min read" or "1 day ago" stamp.
const AGE_UNITS: [&str; 14] = [
    "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hour", "hours", "day",
    "days", "week", "weeks",
];

impl Line {
    pub(crate) fn is_blank(&self) -> bool {
        self.range.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.range.len()
    }

    fn str<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range.clone()).unwrap_or("")
    }

    /// "© 2026", "Copyright", "All rights reserved".
    fn is_copyright(&self) -> bool {
        // Story text may discuss copyright; a notice with the words is short.
        self.sign || self.notice && self.words <= 20
    }

    /// Furniture by shape alone, wherever the line is.
    pub(crate) fn is_furniture(&self, text: &str) -> bool {
        let s = self.str(text);
        if s.is_empty() {
            return false;
        }
        if self.is_copyright() {
            return true;
        }
        let body = strip_bullet(s);
        let sentence_end = ends_sentence(body);
        // Counters and stamps: "Views: 425", "1 day ago", "7 min read", "12 comments".
        if self.words <= 4 && self.digit && is_stamp(body) {
            return true;
        }
        if self.words <= 8 && !body.ends_with('.') && has_widget_label(body, self.words) {
            return true;
        }
        // A notice about the site itself names its web address ("… link to example.org").
        if self.words <= 25 && !sentence_end && self.dotted && has_web_address(body) {
            return true;
        }
        // Breadcrumbs and menu bars: "Home | World | Europe", "News › Politics".
        if self.words <= 15 && self.separator && is_menu_bar(body) {
            return true;
        }
        if self.words > 5 {
            return false;
        }
        if self.words == 0 {
            // Symbols only ("A+", "|", "•"): a widget. (A bare "1996-08-30" has digits and
            // a word count, so it stays.)
            return true;
        }
        let letters = body.chars().filter(|c| c.is_alphabetic());
        let (mut upper, mut lower) = (0, 0);
        for c in letters {
            if c.is_uppercase() {
                upper += 1;
            } else {
                lower += 1;
            }
        }
        // Datelines ("LONDON 1996-08-30") are shouted and short too, but carry digits.
        if self.digit {
            return false;
        }
        // A shouted question is a search prompt ("WHAT ARE YOU LOOKING FOR ?"); other
        // shouted lines are judged by what follows them (see `mark_labels`).
        if lower == 0 && body.ends_with('?') {
            return true;
        }
        if sentence_end {
            return false;
        }
        // Menu entries: a single word ("ANALYTICS", "A+"), or two or three all in
        // lowercase ("apple store") or joined by an underscore ("night_theme").
        if self.words <= 3
            && (upper == 0
                || (self.words == 1 && !self.is_shouted_place(text))
                || body.contains('_'))
        {
            return true;
        }
        false
    }

    /// A headline: a short line with a capital, no final period, not a label.
    pub(crate) fn is_headline(&self, text: &str) -> bool {
        let s = self.str(text);
        if !(2..=30).contains(&self.words) || s.len() < 10 || s.len() > 250 {
            return false;
        }
        // Tokenised text puts a space before the final period: "SHARES EDGE HIGHER ."
        let tokenised_stop = s.ends_with(" .");
        if (s.ends_with('.') && !tokenised_stop)
            || s.ends_with(',')
            || s.ends_with(':')
            || s.ends_with(';')
        {
            return false;
        }
        s.chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            && !s.starts_with(['-', '•', '·', '|', '*'])
    }

    /// A byline under the headline: a short bulleted line ("- Times Tengri", "- 1 day
    /// ago") or one that starts with "By" ("By Jane Roe").
    pub(crate) fn is_byline(&self, text: &str) -> bool {
        let s = self.str(text);
        let bullet = s.starts_with(['-', '•', '·', '|', '*', '—', '–']);
        let by = s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by ")) && s.len() > 3;
        (bullet || by) && self.words <= 6 && !ends_sentence(s)
    }
}

impl Line {
    /// A short line in capitals without digits: a section label ("ANALYTICS"), or a wire
    /// headline ("COCOA REVIEW").
    fn is_shouted(&self, text: &str) -> bool {
        let s = self.str(text);
        ((2..=5).contains(&self.words) || self.is_shouted_place(text))
            && !self.digit
            && s.chars().any(char::is_alphabetic)
            && !s.chars().any(char::is_lowercase)
    }

    /// A game in a sports schedule: two names either side of "AT" or "V" ("KANSAS CITY AT
    /// DETROIT", "LEEDS V CHELSEA"), which is part of the story, not a label.
    fn is_fixture(&self, text: &str) -> bool {
        let words: Vec<&str> = self.str(text).split_whitespace().collect();
        words.len() >= 3
            && words[1..words.len() - 1]
                .iter()
                .any(|w| matches!(*w, "AT" | "V" | "V." | "VS" | "VS."))
    }

    /// One word in capitals that names a known place: a roundup's section label
    /// ("GERMANY" over the paragraphs on Germany), which names the place, not a menu entry.
    fn is_shouted_place(&self, text: &str) -> bool {
        let s = self.str(text);
        self.words == 1
            && !s.chars().any(char::is_lowercase)
            && crate::actors::is_known_place(strip_bullet(s).trim())
    }

    /// Starts in lowercase: the rest of a sentence wrapped from the line above.
    pub(crate) fn continues_sentence(&self, text: &str) -> bool {
        self.str(text)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    }
}

/// Prose starts at line `k`: its paragraph (the lines up to the next blank one, as text
/// wrapped at a fixed width comes) has ten words or more in mixed case.
pub(crate) fn prose_at(lines: &[Line], k: usize, text: &str) -> bool {
    let para = lines[k..].iter().take(6).take_while(|l| !l.is_blank());
    let (mut words, mut lower) = (0, false);
    for l in para {
        words += l.words;
        lower |= l.str(text).chars().any(char::is_lowercase);
    }
    words >= 10 && lower
}

/// A shouted short line is a section label unless prose follows it, as it follows a
/// headline.
pub(crate) fn mark_labels(lines: &[Line], text: &str, furniture: &mut [bool]) {
    for k in 0..lines.len() {
        if furniture[k] || !lines[k].is_shouted(text) || lines[k].is_fixture(text) {
            continue;
        }
        let next = (k + 1..lines.len()).find(|&n| !lines[n].is_blank());
        if !next.is_some_and(|n| prose_at(lines, n, text)) {
            furniture[k] = true;
        }
    }
}

/// A run of three or more consecutive short lines before any prose is a menu, even when
/// its entries are capitalised ("Home", "World News", "Sport").
pub(crate) fn mark_menus(lines: &[Line], furniture: &mut [bool]) {
    let mut run = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if line.words <= 2 {
            run.push(k);
            continue;
        }
        if run.len() >= 3 {
            for &r in &run {
                furniture[r] = true;
            }
        }
        run.clear();
        if line.words > 25 {
            // Prose: menus are above it, and lists below it belong to the story, but for
            // the site's links under it.
            mark_footer_links(lines, k + 1, furniture);
            return;
        }
    }
    if run.len() >= 3 {
        for &r in &run {
            furniture[r] = true;
        }
    }
}

/// Below the prose that starts at line `from`, a run of four or more consecutive short
/// lines (of three words at most, no figures), spaced alike (each on the next line, or
/// each after a blank one), is the site's links when two of them are furniture by their
/// own shape: "Terms of Use", "Privacy", "BBC Help", "Ad Choices", "Cookies", "Contact
/// Us". A list in the story (names, a top ten) has no such entries, and one spaced
/// otherwise than the links below it is a run of its own.
fn mark_footer_links(lines: &[Line], from: usize, furniture: &mut [bool]) {
    let mut run: Vec<usize> = Vec::new();
    // Whether the run's lines are spaced by blank lines, once it has two.
    let mut spaced: Option<bool> = None;
    let close = |run: &mut Vec<usize>, furniture: &mut [bool]| {
        if run.len() >= 4 && run.iter().filter(|&&r| furniture[r]).count() >= 2 {
            for &r in run.iter() {
                furniture[r] = true;
            }
        }
        run.clear();
    };
    let mut blank_before = false;
    for (k, line) in lines.iter().enumerate().skip(from) {
        if line.is_blank() {
            blank_before = true;
            continue;
        }
        // (A line with a figure is a table's: "Scorers :", "Ferenc Horvath ( 15th )".)
        if line.words > 3 || line.digit {
            close(&mut run, furniture);
            spaced = None;
        } else if run.is_empty() || spaced.is_none_or(|s| s == blank_before) {
            if !run.is_empty() {
                spaced = Some(blank_before);
            }
            run.push(k);
        } else {
            close(&mut run, furniture);
            spaced = None;
            run.push(k);
        }
        blank_before = false;
    }
    close(&mut run, furniture);
}

fn strip_bullet(s: &str) -> &str {
    s.trim_start_matches(['-', '•', '·', '|', '*', '—', '–'])
        .trim_start()
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '\'', '”', '’', '»', ')']);
    s.ends_with(['.', '!', '?', '…'])
}

/// "Views: 425", "1 day ago", "7 min read", "425 views".
fn is_stamp(s: &str) -> bool {
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let is = |w: &str, x: &str| w.eq_ignore_ascii_case(x);
    let mut prev: Option<&str> = None;
    for w in s
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
    {
        if ["views", "view", "comments", "likes", "reads"]
            .iter()
            .any(|x| is(w, x))
        {
            return true;
        }
        if let Some(p) = prev {
            let unit = AGE_UNITS.iter().any(|u| is(p, u))
                || ["month", "months", "year", "years"]
                    .iter()
                    .any(|u| is(p, u));
            if unit && (is(w, "ago") || is(w, "read")) {
                return true;
            }
        }
        prev = Some(w);
    }
    false
}

/// Two or more separators ("|", "›", "»", "/", "•") between items of at most three words.
fn is_menu_bar(s: &str) -> bool {
    let is_sep = |c: char| matches!(c, '|' | '›' | '»' | '/' | '•' | '·');
    // (Counted first: a line of prose or figures has one slash at most, "dlrs/share".)
    let seps = s.chars().filter(|&c| is_sep(c)).count();
    if seps < 2 {
        return false;
    }
    let items = s.split(is_sep).filter(|p| !p.trim().is_empty()).count();
    // A photo credit is part of the story: "REUTERS/Dado Ruvic/Illustration/File Photo".
    let credit = s.split(is_sep).any(|p| {
        p.split_whitespace()
            .next_back()
            .is_some_and(crate::actors::is_agency)
    });
    seps >= 2 && items >= 3 && !credit && s.split(is_sep).all(|p| p.split_whitespace().count() <= 3)
}

/// Whether `s`, of `words` words, is a counter, share or navigation widget by its labels
/// ("share-line" counts as "share", "shareholders" does not).
fn has_widget_label(s: &str, words: usize) -> bool {
    // One label word makes a widget of a line of three words ("Share", "Comments (3)");
    // a longer line needs two ("Share it on social media!"), since headlines use the
    // same words ("Asarco completes share offering").
    let mut hits = 0;
    let mut prev = Label::None;
    // In ASCII (nearly every line) the words are split by bytes, the same split.
    let ascii: &mut dyn Iterator<Item = &[u8]> = &mut s
        .as_bytes()
        .split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let other: &mut dyn Iterator<Item = &[u8]> = &mut s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::as_bytes);
    let words_of = if s.is_ascii() { ascii } else { other };
    for w in words_of {
        let label = widget_label(w);
        let pair = matches!(
            (prev, label),
            (_, Label::Widget)
                | (Label::Read, Label::More)
                | (Label::Copy, Label::Link)
                | (Label::Follow, Label::Us)
                | (Label::Social, Label::Media)
                | (Label::Sign, Label::Up)
                | (Label::Log, Label::In)
                | (Label::Min | Label::Most, Label::Read)
        );
        if pair {
            hits += 1;
            if words <= 3 || hits >= 2 {
                return true;
            }
        }
        prev = label;
    }
    false
}

/// What a word is as part of a widget label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    None,
    /// A label on its own: "share", "views", "print", "subscribe".
    Widget,
    Read,
    More,
    Copy,
    Link,
    Follow,
    Us,
    Social,
    Media,
    Sign,
    Up,
    Log,
    In,
    Min,
    Most,
}

/// The words [`widget_label`] knows, lowercase, and what each is.
const LABELS: [(&str, Label); 28] = [
    ("share", Label::Widget),
    ("shares", Label::Widget),
    ("views", Label::Widget),
    ("view", Label::Widget),
    ("comments", Label::Widget),
    ("comment", Label::Widget),
    ("print", Label::Widget),
    ("subscribe", Label::Widget),
    ("newsletter", Label::Widget),
    ("advertisement", Label::Widget),
    ("loading", Label::Widget),
    ("related", Label::Widget),
    ("tags", Label::Widget),
    ("read", Label::Read),
    ("more", Label::More),
    ("copy", Label::Copy),
    ("link", Label::Link),
    ("follow", Label::Follow),
    ("us", Label::Us),
    ("social", Label::Social),
    ("media", Label::Media),
    ("sign", Label::Sign),
    ("up", Label::Up),
    ("log", Label::Log),
    ("in", Label::In),
    ("min", Label::Min),
    ("minute", Label::Min),
    ("most", Label::Most),
];

/// [`LABELS`] by first letter and length: a word they turn down is no label.
static LABEL_SLOTS: WordSlots = {
    let mut slots = WordSlots::EMPTY;
    let mut k = 0;
    while k < LABELS.len() {
        slots = slots.with(LABELS[k].0);
        k += 1;
    }
    slots
};

fn widget_label(b: &[u8]) -> Label {
    if b.len() < 2 || b.len() > 13 {
        return Label::None;
    }
    // A label glued to the next one ("share-lineLiked", "printThis") still counts.
    let n = (1..b.len())
        .find(|&k| b[k].is_ascii_uppercase() && b[k - 1].is_ascii_lowercase())
        .unwrap_or(b.len());
    // Most words have no label's first letter and length.
    if !LABEL_SLOTS.may_hold(b[0], n) {
        return Label::None;
    }
    let mut buf = [0u8; 13];
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    let word = &buf[..n];
    LABELS
        .iter()
        .find(|(label, _)| label.as_bytes() == word)
        .map_or(Label::None, |&(_, label)| label)
}

/// A bare web address: "example.org", "Caliber.az", "www.site.com".
fn has_web_address(s: &str) -> bool {
    // Cheap test first: an address has a period with a letter right after it.
    if !s
        .as_bytes()
        .windows(2)
        .any(|p| p[0] == b'.' && p[1].is_ascii_alphabetic())
    {
        return false;
    }
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '"' | '«' | '»'))
        .any(|w| {
            let w = w.trim_end_matches(['.', ',', ';', ':', '!', '?']);
            let Some((name, tld)) = w.rsplit_once('.') else {
                return false;
            };
            (2..=4).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_alphabetic())
                && name.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
                && name.len() >= 2
                && !name.contains(['.', '@']) | name.starts_with("www")
                // "U.S." and "e.g." are abbreviations, not addresses.
                && name.chars().filter(|c| c.is_alphabetic()).count() >= 3
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        let mut v = Vec::new();
        lines(text, &mut v);
        v.remove(0)
    }

    #[test]
    fn shapes_of_furniture() {
        for s in [
            "twitter",
            "play store",
            "dark_mode",
            "WEATHER",
            "LIVE",
            "A+",
            "Views: 31",
            "- 3 hours ago",
            "- 5 min read",
            "Any reuse needs a link to example.org",
            "News.com © 2030",
            "share-lineEnjoyed it? Share it with friends!",
            "WHAT ARE YOU SEARCHING FOR ?",
            "Home | World | Eastern Europe",
            "News › Politics › Elections",
        ] {
            assert!(line(s).is_furniture(s), "{s}");
        }
        for s in [
            "Ferry strike ends after two weeks",
            "The mayor said the bridge would reopen in May.",
            "I. The Budget and a Missing Member",
            "Shareholders approved the merger on Tuesday after a short meeting.",
            "Talks in Minsk | What the ministers agreed on the border",
            "Asarco completes share offering",
            "Baker declines comment on reappointment",
        ] {
            assert!(!line(s).is_furniture(s), "{s}");
        }
    }

    #[test]
    fn headlines_and_bylines() {
        let h = "Ferry strike ends after two weeks";
        assert!(line(h).is_headline(h));
        let p = "The strike ended.";
        assert!(!line(p).is_headline(p));
        let b = "- Coastal Courier";
        assert!(line(b).is_byline(b));
        let b = "By Jane Roe";
        assert!(line(b).is_byline(b));
    }
}
