//! Line shapes: splitting a page into lines and telling, from a line's own shape, whether
//! it is page furniture (menu entry, counter, copyright, share prompt), a byline or a
//! headline.

use std::ops::Range;

/// One line of the page, trimmed.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Byte range of the trimmed line in the text.
    pub range: Range<usize>,
    /// Number of whitespace-separated pieces containing a letter or digit.
    pub words: usize,
}

/// Splits `text` into trimmed lines with their byte ranges.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let trimmed = piece.trim();
        let lead = piece.len() - piece.trim_start().len();
        let s = start + lead;
        let words = trimmed
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        out.push(Line {
            range: s..s + trimmed.len(),
            words,
        });
        start = end;
    }
    out
}

/// Labels of counters and share or navigation widgets; a short line made of these is
/// page furniture, never story text.
const WIDGET_WORDS: [&str; 22] = [
    "share",
    "shares",
    "views",
    "view",
    "comments",
    "comment",
    "print",
    "subscribe",
    "newsletter",
    "advertisement",
    "loading",
    "read more",
    "copy link",
    "follow us",
    "social media",
    "sign up",
    "log in",
    "related",
    "tags",
    "min read",
    "minute read",
    "most read",
];

/// Units of a "5 min read" or "1 day ago" stamp.
const AGE_UNITS: [&str; 14] = [
    "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hour", "hours", "day",
    "days", "week", "weeks",
];

impl Line {
    pub(crate) fn is_blank(&self) -> bool {
        self.range.is_empty()
    }

    pub(crate) fn len(&self, _text: &str) -> usize {
        self.range.len()
    }

    fn str<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range.clone()).unwrap_or("")
    }

    /// "© 2026", "Copyright", "All rights reserved".
    pub(crate) fn is_copyright(&self, text: &str) -> bool {
        let s = self.str(text);
        s.contains('©') || {
            let lower = s.to_lowercase();
            lower.contains("copyright")
                || lower.contains("all rights reserved")
                || lower.contains("(c) ")
        }
    }

    /// Furniture by shape alone, wherever the line is.
    pub(crate) fn is_furniture(&self, text: &str) -> bool {
        let s = self.str(text);
        if s.is_empty() {
            return false;
        }
        if self.is_copyright(text) {
            return true;
        }
        let body = strip_bullet(s);
        let sentence_end = ends_sentence(body);
        // Counters and stamps: "Views: 425", "1 day ago", "7 min read", "12 comments".
        if self.words <= 4 && is_stamp(body) {
            return true;
        }
        if self.words <= 8 && !body.ends_with('.') && has_widget_word(body) {
            return true;
        }
        // A notice about the site itself names its web address ("… link to example.org").
        if self.words <= 25 && !sentence_end && has_web_address(body) {
            return true;
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
        if body.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        // Shouted short lines: section labels and search prompts ("WHAT ARE YOU LOOKING
        // FOR ?").
        if lower == 0 && self.words <= 5 {
            return true;
        }
        if sentence_end {
            return false;
        }
        // Menu entries: a word or three, all lowercase ("apple store", "night_theme"),
        // all capitals ("ANALYTICS", "A+"), or a single word.
        if self.words <= 3 && (upper == 0 || lower == 0 || self.words == 1 || body.contains('_')) {
            return true;
        }
        false
    }

    /// A headline: a short line with a capital, no final period, not a label.
    pub(crate) fn is_headline(&self, text: &str) -> bool {
        let s = self.str(text);
        if !(3..=30).contains(&self.words) || s.len() < 12 || s.len() > 250 {
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

    /// A byline under the headline: "- Times Tengri", "By Jane Roe", "Jane Roe, Reuters".
    pub(crate) fn is_byline(&self, text: &str) -> bool {
        let s = self.str(text);
        let bullet = s.starts_with(['-', '•', '·', '|', '*', '—', '–']);
        let by = s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by ")) && s.len() > 3;
        (bullet || by) && self.words <= 6 && !ends_sentence(s)
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
            // Prose: menus are above it, and lists below it belong to the story.
            return;
        }
    }
    if run.len() >= 3 {
        for &r in &run {
            furniture[r] = true;
        }
    }
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
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    let has_number = words.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()));
    if !has_number {
        return false;
    }
    let age = words.windows(2).any(|p| {
        (AGE_UNITS.contains(&p[0])
            || p[0] == "month"
            || p[0] == "months"
            || p[0] == "year"
            || p[0] == "years")
            && (p[1] == "ago" || p[1] == "read")
    });
    age || words
        .iter()
        .any(|w| matches!(*w, "views" | "view" | "comments" | "likes" | "reads"))
}

fn has_widget_word(s: &str) -> bool {
    let lower = s.to_lowercase();
    WIDGET_WORDS.iter().any(|w| {
        lower.match_indices(w).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + w.len()..].chars().next();
            // "share-line" counts as "share"; "shareholders" does not.
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
                || after.is_some_and(char::is_uppercase)
        })
    })
}

/// A bare web address: "example.org", "Caliber.az", "www.site.com".
fn has_web_address(s: &str) -> bool {
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
        lines(text).remove(0)
    }

    #[test]
    fn shapes_of_furniture() {
        for s in [
            "twitter",
            "play store",
            "dark_mode",
            "WEATHER",
            "A+",
            "Views: 31",
            "- 3 hours ago",
            "- 5 min read",
            "Any reuse needs a link to example.org",
            "News.com © 2030",
            "share-lineEnjoyed it? Share it with friends!",
            "WHAT ARE YOU SEARCHING FOR ?",
        ] {
            assert!(line(s).is_furniture(s), "{s}");
        }
        for s in [
            "Ferry strike ends after two weeks",
            "The mayor said the bridge would reopen in May.",
            "I. The Budget and a Missing Member",
            "Shareholders approved the merger on Tuesday after a short meeting.",
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
