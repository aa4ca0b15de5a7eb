//! Page layout: tells page furniture (menus, share buttons, view counters, copyright
//! lines) from the article, finds the headline and the dateline or byline.
//!
//! Scraped pages come as lines. Each line is judged on its own shape (length, case,
//! final punctuation, counters, copyright marks, web addresses) and on its position: menus
//! sit above the headline, bylines and datelines just below it. The headline is the first
//! short, unpunctuated line that is not furniture and is followed by more text; a page
//! that opens straight into prose has none.

mod furniture;

use std::cell::Cell;
use std::ops::Range;

use crate::dates::{HeaderLine, LineDate};
use crate::{dates, scratch};
use furniture::Line;

/// What the layout pass found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// The headline, if the page has one.
    pub title: Option<String>,
    /// The page's header, where a dateline or byline may give the publication date: the
    /// lines from under the headline to just past the start of the body.
    pub header: Vec<HeaderLine>,
    /// Byte offset where the article proper starts.
    pub body_start: usize,
    /// Byte ranges of the text that belong to the article (headline included), in order;
    /// dates and actors are only looked for inside these.
    pub content: Vec<Range<usize>>,
}

/// How many lines from the top a dateline may sit; further down a lone date is part of
/// the story (or a related-articles list), not the article's own date.
const DATELINE_WINDOW: usize = 12;

/// The vectors [`analyse`] fills for every page, kept per thread (see [`scratch`]).
#[derive(Default)]
struct Buffers {
    lines: Vec<Line>,
    furniture: Vec<bool>,
    datelines: Vec<Option<Option<LineDate>>>,
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// Splits the page into furniture and article, and finds headline and dateline.
pub(crate) fn analyse(text: &str) -> Layout {
    let Buffers {
        mut lines,
        mut furniture,
        datelines,
    } = BUFFERS.take();
    furniture::lines(text, &mut lines);
    // A line is furniture on its own shape; everything above the headline is too.
    scratch::clear(&mut furniture);
    furniture.extend(lines.iter().map(|l| l.is_furniture(text)));
    furniture::mark_menus(&lines, &mut furniture);
    furniture::mark_labels(&lines, text, &mut furniture);
    let mut dateline = Datelines::new(&lines, text, datelines);

    let (title_at, first_text) = find_headline(&lines, text, &mut furniture, &mut dateline);
    if let Some(t) = title_at {
        mark_above_and_bylines(t, &lines, text, &mut furniture, &mut dateline);
    }

    // The body starts at the first line of text after the headline and what hangs under it.
    let after = title_at.map_or(0, |t| t + 1);
    let body_line = (after..lines.len())
        .find(|&k| !lines[k].is_blank() && !furniture[k] && !dateline.is(k))
        .or(first_text);
    let body_start = body_line.map_or(0, |k| lines[k].range.start);

    let header = header_lines(&lines, &furniture, &mut dateline, title_at, body_line);

    let content = lines
        .iter()
        .zip(&furniture)
        .filter(|(l, &f)| !f && !l.is_blank())
        .map(|(l, _)| l.range.clone())
        .collect();
    let title = title_at.and_then(|t| text.get(lines[t].range.clone()).map(str::to_owned));
    let datelines = dateline.memo;
    BUFFERS.set(Buffers {
        lines,
        furniture,
        datelines,
    });
    Layout {
        title,
        header,
        body_start,
        content,
    }
}

/// The headline: the first line of text that looks like one and is followed by more text
/// (a short site name or section label above a longer headline is marked furniture on the
/// way). Returns the headline's line, if any, and the first line of text.
fn find_headline(
    lines: &[Line],
    text: &str,
    furniture: &mut [bool],
    dateline: &mut Datelines<'_>,
) -> (Option<usize>, Option<usize>) {
    let mut title_at = None;
    let mut first_text = None;
    for (k, line) in lines.iter().enumerate() {
        if line.is_blank() || furniture[k] {
            continue;
        }
        if dateline.is(k) {
            continue;
        }
        let next = (k + 1..lines.len())
            .find(|&n| !lines[n].is_blank() && !furniture[n] && !dateline.is(n));
        // A site name or section label ("The Daily Courier", "World News") sits above
        // the headline: a line of three words or fewer followed by a longer headline.
        let real_headline = |n: usize| {
            lines[n].is_headline(text)
                && lines[n].words > line.words
                && !lines.get(n + 1).is_some_and(|l| l.continues_sentence(text))
        };
        if line.words <= 3 && next.is_some_and(real_headline) {
            furniture[k] = true;
            continue;
        }
        first_text = Some(k);
        let followed = lines[k + 1..]
            .iter()
            .enumerate()
            .any(|(d, l)| !l.is_blank() && !furniture[k + 1 + d]);
        // A line whose sentence runs on into the next is wrapped prose.
        let wrapped = lines.get(k + 1).is_some_and(|n| n.continues_sentence(text));
        // Two words make a headline only right above a paragraph ("COCOA REVIEW").
        let short_ok = line.words > 2 || next.is_some_and(|n| furniture::prose_at(lines, n, text));
        if line.is_headline(text) && short_ok && followed && !wrapped {
            title_at = Some(k);
        }
        break;
    }
    (title_at, first_text)
}

/// Everything above the headline is furniture, and so are the bylines right under it
/// ("- Times Tengri", "By Jane Roe").
fn mark_above_and_bylines(
    t: usize,
    lines: &[Line],
    text: &str,
    furniture: &mut [bool],
    dateline: &mut Datelines<'_>,
) {
    for f in furniture.iter_mut().take(t) {
        *f = true;
    }
    for k in t + 1..lines.len() {
        let line = &lines[k];
        if line.is_blank() || furniture[k] || dateline.is(k) {
            continue;
        }
        if line.is_byline(text) {
            furniture[k] = true;
            continue;
        }
        break;
    }
}

/// The lines that may date the page: furniture above the body (relative ages), and the
/// first lines of text down to just below the body's first.
fn header_lines(
    lines: &[Line],
    furniture: &[bool],
    dateline: &mut Datelines<'_>,
    title_at: Option<usize>,
    body_line: Option<usize>,
) -> Vec<HeaderLine> {
    let mut header = Vec::new();
    let mut seen = 0;
    for (k, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        let under_title = title_at.is_some_and(|t| k > t);
        if furniture[k] {
            // Relative ages ("1 day ago") are furniture, but above the body they date
            // the page. (Copyright lines, "© 2026", have no date a byline reader takes.)
            let below_menus = title_at.is_none_or(|t| k > t);
            if below_menus && body_line.is_none_or(|b| k < b) && line.words <= 12 {
                header.push(HeaderLine {
                    range: line.range.clone(),
                    date: None,
                    furniture: true,
                    under_title,
                    body: false,
                });
            }
            continue;
        }
        seen += 1;
        if seen > DATELINE_WINDOW || body_line.is_some_and(|b| k > b + 2) {
            break;
        }
        let date = dateline.line(k);
        let body = body_line == Some(k);
        // Lines below the body's first are the story's: only a plain dateline counts.
        let above_body = body_line.is_none_or(|b| k <= b);
        if date.is_some() || above_body && (body || line.words <= 24) {
            header.push(HeaderLine {
                range: line.range.clone(),
                date,
                furniture: false,
                under_title,
                body,
            });
        }
    }
    header
}

/// Each line's dateline date, read at most once: the passes of [`analyse`] ask about the
/// same lines again and again, and reading one tokenises and scans it.
struct Datelines<'a> {
    lines: &'a [Line],
    text: &'a str,
    /// By line: `None` until read.
    memo: Vec<Option<Option<LineDate>>>,
}

impl<'a> Datelines<'a> {
    fn new(lines: &'a [Line], text: &'a str, mut memo: Vec<Option<Option<LineDate>>>) -> Self {
        scratch::clear(&mut memo);
        memo.resize(lines.len(), None);
        Datelines { lines, text, memo }
    }

    /// The date of line `k` when it is a dateline.
    fn line(&mut self, k: usize) -> Option<LineDate> {
        match self.memo.get(k) {
            Some(Some(known)) => *known,
            _ => {
                let date = self.lines.get(k).and_then(|l| l.dateline(self.text));
                if let Some(m) = self.memo.get_mut(k) {
                    *m = Some(date);
                }
                date
            }
        }
    }

    /// Line `k` is a date and little else: a dateline or a byline's timestamp.
    fn is(&mut self, k: usize) -> bool {
        self.line(k).is_some()
    }
}

impl Line {
    /// The date of a dateline.
    fn dateline(&self, text: &str) -> Option<LineDate> {
        if !self.digit || self.words > 8 || self.len() > 80 {
            return None;
        }
        dates::line_date(text, self.range.clone())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The publication date the page's header gives.
    fn published(text: &str, l: &Layout) -> Option<time::Date> {
        dates::publication(text, &l.header, None).map(|(d, _)| d)
    }

    fn content_text(text: &str, l: &Layout) -> String {
        l.content
            .iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn skips_menus_and_finds_headline_and_dateline() {
        let text = "facebook\ntelegram\nsearch\nWHAT DO YOU NEED ?\n\nReuse only with a link to example.org\n\
                    Example.org © 2031. .\nPOLITICS\nA+\n\nFerry strike ends after two weeks\n\n\
                    3 March 2030 09:12\n\nThe ferry workers' union agreed on Monday to end a strike that \
                    had stranded thousands of travellers on the islands since late February.\n\nViews: 12\nprint\n";
        let l = analyse(text);
        assert_eq!(
            l.title.as_deref(),
            Some("Ferry strike ends after two weeks")
        );
        assert_eq!(
            published(text, &l),
            Some(time::macros::date!(2030 - 03 - 03))
        );
        let c = content_text(text, &l);
        assert!(!c.contains("2031"), "{c}");
        assert!(!c.contains("Views"), "{c}");
        assert!(c.contains("3 March 2030"));
        assert!(text[l.body_start..].starts_with("The ferry"));
    }

    /// A schedule's games in capitals are part of the story; a shouted label before no
    /// prose is still furniture.
    #[test]
    fn fixtures_in_capitals_are_content() {
        let text = "BASEBALL - STANDINGS AFTER THURSDAY 'S GAMES .\nOSLO 2001-04-05\n\
                    Standings after the games played on Thursday , as the league gave them .\n\
                    NORLAND 80 53 .602 -\nVESTA 71 64 .526 10\nFRIDAY , APRIL 6 SCHEDULE\n\
                    NORLAND AT VESTA\nEASTPORT V WESTFIELD\nMOST READ STORIES\n";
        let l = analyse(text);
        let c = content_text(text, &l);
        assert!(c.contains("NORLAND AT VESTA"), "{c}");
        assert!(c.contains("EASTPORT V WESTFIELD"), "{c}");
        assert!(!c.contains("MOST READ"), "{c}");
    }

    #[test]
    fn a_footer_of_site_links_is_furniture_but_a_list_in_the_story_is_not() {
        let text = "Harbour reopens after the storm\n\n\
                    The harbour reopened on Monday, officials said, after a week of repairs to \
                    the quays and the two cranes that the storm had thrown into the water.\n\n\
                    The crews were led by:\nIlse Brandt\nLena Varga\nTomas Oster\nPia Lund\n\n\
                    Terms of Use\n\nAbout the Courier\n\nPrivacy\n\nCourier Help\n\nAd Choices\n\n\
                    Cookies\n\nParental Guidance\n";
        let l = analyse(text);
        let c = content_text(text, &l);
        assert!(c.contains("Ilse Brandt") && c.contains("Pia Lund"), "{c}");
        assert!(
            !c.contains("Courier Help") && !c.contains("Ad Choices") && !c.contains("Parental"),
            "{c}"
        );
    }

    #[test]
    fn prose_first_has_no_title() {
        let text =
            "The council met for six hours on Tuesday and approved the budget for the coming \
                    year after a long debate about road repairs and school buses.\nMore followed.";
        let l = analyse(text);
        assert_eq!(l.title, None);
        assert_eq!(l.body_start, 0);
        assert_eq!(published(text, &l), None);
    }

    #[test]
    fn bylines_and_relative_ages_are_furniture() {
        let text =
            "Harbour reopens after the storm\n- Coastal Courier\n- 2 days ago\n- 4 min read\n\n\
                    The harbour reopened on 4 May 2029, officials said, after a week of repairs.";
        let l = analyse(text);
        assert_eq!(l.title.as_deref(), Some("Harbour reopens after the storm"));
        assert_eq!(published(text, &l), None);
        let c = content_text(text, &l);
        assert!(
            !c.contains("Courier") && !c.contains("ago") && !c.contains("read"),
            "{c}"
        );
        assert!(text[l.body_start..].starts_with("The harbour"));
    }

    #[test]
    fn wire_dateline_gives_the_date() {
        let text =
            "MARKETS - SHARES EDGE HIGHER IN QUIET TRADE .\nOSLO 2001-04-05\nShares edged higher \
                    on Thursday in thin trade , dealers said .";
        let l = analyse(text);
        assert_eq!(
            published(text, &l),
            Some(time::macros::date!(2001 - 04 - 05))
        );
        assert!(l.title.is_some());
    }

    #[test]
    fn site_name_above_the_headline_is_skipped() {
        let text = "The Valley Courier\n\nFerry strike ends after two weeks of talks\n\
                    The ferry workers' union agreed on Monday to end the strike.";
        let l = analyse(text);
        assert_eq!(
            l.title.as_deref(),
            Some("Ferry strike ends after two weeks of talks")
        );
        assert!(!content_text(text, &l).contains("Courier"));
    }

    #[test]
    fn shouted_labels_are_furniture_but_shouted_headlines_are_not() {
        let text = "WORLD NEWS\nA+\n\nCOCOA CROP OUTLOOK IMPROVES\nShowers continued throughout \
                    the week in the cocoa zone, alleviating the drought since early January.";
        let l = analyse(text);
        assert_eq!(l.title.as_deref(), Some("COCOA CROP OUTLOOK IMPROVES"));
        assert!(!content_text(text, &l).contains("WORLD"));
    }

    #[test]
    fn wrapped_prose_is_no_headline() {
        let text = "Showers continued throughout the week in\nthe cocoa zone, alleviating the \
                    drought\nsince early January.";
        assert_eq!(analyse(text).title, None);
        let text = "COCOA REVIEW\nShowers continued throughout the week in\nthe cocoa zone, \
                    alleviating the drought.";
        assert_eq!(analyse(text).title.as_deref(), Some("COCOA REVIEW"));
    }

    #[test]
    fn copyright_year_is_not_a_publication_date() {
        let text =
            "Site © 2031\nLocal election results are in\nThe count finished late on Sunday night.";
        let l = analyse(text);
        assert_eq!(published(text, &l), None);
        assert_eq!(l.title.as_deref(), Some("Local election results are in"));
    }
}
