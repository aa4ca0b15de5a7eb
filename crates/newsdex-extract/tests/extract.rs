//! Integration tests of `extract`: titles, publication dates and date mentions on
//! articles written for these tests, the actor cases of `tests/actors/*.cases` (one file
//! per rule family), plus property tests that no input makes extraction panic and that
//! every date mention's span is exactly its text.

#![allow(clippy::unwrap_used)]

use newsdex_extract::{
    extract, extract_with, Actor, ActorKind, Date, ExtractOptions, Extracted, PublishedSource,
    Resolver,
};
use proptest::prelude::*;
use time::macros::date;

/// The TimeML values of the dates found, in text order.
fn values(found: &Extracted) -> Vec<String> {
    found.dates.iter().map(|d| d.value.to_string()).collect()
}

#[test]
fn scraped_page_with_menus() {
    let text = "facebook\nyoutube\nnight_mode\nen\nsearch\nWHAT ARE YOU AFTER ?\n\n\
                Reprints only with a hyperlink to Example.net\nExample.net © 2031. .\nWORLD\nA+\nA-\n\n\
                Harbour talks resume after the winter break\n\n14 February 2030 10:05\n\n\
                Negotiators returned to the table in Valletta on Friday, two months after the talks \
                were suspended in December. A first round was held in March 2029.\n\n\
                Example.net\nViews: 77\nprint\ncopy link\n";
    let found = extract(text, None);
    assert_eq!(
        found.title.as_deref(),
        Some("Harbour talks resume after the winter break")
    );
    assert_eq!(found.published, Some(date!(2030 - 02 - 14)));
    assert!(text[found.body_start..].starts_with("Negotiators"));
    let v = values(&found);
    assert_eq!(
        v,
        ["2030-02-14", "2030-02-08", "2029-12", "2029-03"],
        "{:?}",
        found.dates
    );
}

#[test]
fn given_publication_date_wins_and_anchors_relative_dates() {
    let text = "Budget passes\nThe parliament approved the budget yesterday, a year after it was \
                first tabled in 2029. Last month the finance minister had warned of delays; the \
                next vote is due on March 3.";
    let found = extract(text, Some(date!(2030 - 01 - 20)));
    assert_eq!(found.published, Some(date!(2030 - 01 - 20)));
    assert_eq!(
        values(&found),
        ["2030-01-19", "2029", "2029-12", "2030-03-03"]
    );
}

#[test]
fn partial_dates_without_any_reference_keep_an_unknown_year() {
    let text = "The committee first met on October 9 and will meet again in December. \
                Nobody said which year.";
    let found = extract(text, None);
    assert_eq!(values(&found), ["XXXX-10-09", "XXXX-12"]);
    assert_eq!(found.title, None);
}

#[test]
fn partial_dates_borrow_the_year_of_a_written_date() {
    let text = "On June 2, 2027, the two leaders met in Geneva. The talks had been planned \
                since last November and were prepared in March.";
    let found = extract(text, None);
    assert_eq!(values(&found), ["2027-06-02", "2026-11", "2027-03"]);
}

#[test]
fn relative_ages_and_copyright_are_not_dates() {
    let text = "Storm closes the mountain pass\n- Valley Herald\n- 1 day ago\n- 3 min read\n\n\
                Snow closed the pass, police said.\nValley Herald © 2031";
    let found = extract(text, None);
    assert_eq!(found.published, None);
    assert!(found.dates.is_empty(), "{:?}", found.dates);
}

#[test]
fn numbers_are_not_years() {
    let text = "About 2000 troops and 1,500 vehicles crossed; the 1990s were quieter, and \
                the fee rose 2030% to $1999 at 12:2030.";
    let found = extract(text, None);
    assert!(found.dates.is_empty(), "{:?}", found.dates);
}

/// Checks the span invariants of every date mention.
fn spans_hold(text: &str, found: &Extracted) -> Result<(), TestCaseError> {
    for d in &found.dates {
        prop_assert!(d.start <= d.end && d.end <= text.len());
        prop_assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end));
        prop_assert_eq!(&text[d.start..d.end], d.text.as_str());
    }
    // In text order, never overlapping.
    for pair in found.dates.windows(2) {
        prop_assert!(pair[0].end <= pair[1].start);
    }
    prop_assert!(found.body_start <= text.len() && text.is_char_boundary(found.body_start));
    Ok(())
}

/// Text built from pieces that trigger the date rules, glued with odd separators.
fn datey_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("22 December 2025".to_owned()),
        Just("Dec. 5, 1996".to_owned()),
        Just("1996-08-30".to_owned()),
        Just("22.12.2025".to_owned()),
        Just("last Friday".to_owned()),
        Just("in March".to_owned()),
        Just("March of this year".to_owned()),
        Just("three years ago".to_owned()),
        Just("nineteen ninety-six".to_owned()),
        Just("yesterday".to_owned()),
        Just("© 2026".to_owned()),
        Just("Views: 4".to_owned()),
        Just("ATHENS, June 2 (Reuters) -".to_owned()),
        Just("Published".to_owned()),
        Just("Updated:".to_owned()),
        Just("3 hours ago".to_owned()),
        Just("Yesterday".to_owned()),
        Just("/ARKA/.".to_owned()),
        Just("|".to_owned()),
        "[0-9]{1,5}",
        "[A-Za-zÀ-ÿ]{1,8}",
        "\\PC{0,6}",
    ];
    let sep = prop_oneof![
        Just(" "),
        Just("\n"),
        Just(", "),
        Just("-"),
        Just("."),
        Just("\u{a0}"),
        Just("—")
    ];
    prop::collection::vec((piece, sep), 0..24).prop_map(|v| {
        v.into_iter()
            .map(|(p, s)| format!("{p}{s}"))
            .collect::<String>()
    })
}

fn any_date() -> impl Strategy<Value = Option<Date>> {
    prop::option::of(
        (1i32..=9999, 1u16..=365).prop_map(|(y, d)| Date::from_ordinal_date(y, d).unwrap()),
    )
}

/// Options with any publication and saved-at dates, or none.
fn any_options() -> impl Strategy<Value = ExtractOptions> {
    (any_date(), any_date()).prop_map(|(published, saved_at)| {
        let mut o = ExtractOptions::new();
        o.published = published;
        o.saved_at = saved_at;
        o
    })
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC*", options in any_options()) {
        let found = extract_with(&text, &options);
        spans_hold(&text, &found)?;
    }

    #[test]
    fn never_panics_on_any_chars(text in ".*", options in any_options()) {
        let found = extract_with(&text, &options);
        spans_hold(&text, &found)?;
    }

    #[test]
    fn date_spans_slice_their_text(text in datey_text(), options in any_options()) {
        let found = extract_with(&text, &options);
        spans_hold(&text, &found)?;
        // A source exactly when there is a date, and the given date wins.
        prop_assert_eq!(found.published.is_some(), found.published_source.is_some());
        if options.published.is_some() {
            prop_assert_eq!(found.published, options.published);
        }
    }
}

#[test]
fn news_site_page_with_breadcrumbs_byline_and_footer() {
    let text = "Newsroom Weekly\nHome | News | Politics\nLog in\nSubscribe\n\n\
                Parliament delays the vote on the water reform\n\
                By Anna Mirzoyan, 12:40, 5 March 2030\n\n\
                Parliament postponed on Tuesday the final vote on the water reform, which the \
                government had promised to pass before the summer. The first reading took place \
                on 14 January, and the opposition has demanded hearings since last December.\n\n\
                Related news\nTags: parliament, water\nShare\n© 2031 Newsroom Weekly. All rights reserved.\n";
    let found = extract(text, None);
    assert_eq!(
        found.title.as_deref(),
        Some("Parliament delays the vote on the water reform")
    );
    assert_eq!(found.published, Some(date!(2030 - 03 - 05)));
    assert!(text[found.body_start..].starts_with("Parliament postponed"));
    assert_eq!(
        values(&found),
        ["2030-03-05", "2030-03-05", "2030-01-14", "2029-12"],
        "{:?}",
        found.dates
    );
}

#[test]
fn wire_story_with_dateline_in_capitals() {
    let text = "COPPER PRICES EASE ON STOCK BUILD\nLONDON 2001-04-05\n\
                Copper prices eased on Thursday after warehouse stocks rose for a third week , \
                traders said . Stocks had fallen in March and February , and analysts expect a \
                recovery in 2002 .";
    let found = extract(text, None);
    assert_eq!(
        found.title.as_deref(),
        Some("COPPER PRICES EASE ON STOCK BUILD")
    );
    assert_eq!(found.published, Some(date!(2001 - 04 - 05)));
    assert_eq!(
        values(&found),
        ["2001-04-05", "2001-04-05", "2001-03", "2001-02", "2002"],
        "{:?}",
        found.dates
    );
}

/// One publication-date case: a page written for this test, what the caller knows, and
/// the date and source extraction should give.
struct DateCase {
    name: &'static str,
    text: String,
    saved_at: Option<Date>,
    want: Option<(Date, PublishedSource)>,
}

const BODY: &str = "Negotiators returned to the table on Friday, two months after the talks \
                    were suspended, and officials said a deal was close.";

/// A page: headline, the header lines given, a blank line and a paragraph of prose.
fn page(header: &str) -> String {
    format!("Harbour talks resume after the winter break\n{header}\n\n{BODY}\n")
}

fn check(cases: &[DateCase]) {
    for c in cases {
        let options = match c.saved_at {
            Some(d) => ExtractOptions::new().with_saved_at(d),
            None => ExtractOptions::new(),
        };
        let found = extract_with(&c.text, &options);
        let got = found.published.zip(found.published_source);
        assert_eq!(got, c.want, "{}: {:?}", c.name, c.text);
    }
}

#[test]
fn datelines() {
    use PublishedSource::Dateline;
    let cases = [
        DateCase {
            name: "city, full date, dash",
            text: "Ports reopen\n\nATHENS, June 2, 2025 - Greek ports reopened on Monday after a \
                   week-long strike, the shipping ministry said."
                .into(),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Dateline)),
        },
        DateCase {
            name: "city, region and weekday",
            text: "ST. LOUIS, Mo., Monday, June 2, 2025 -- River traffic resumed on the \
                   Mississippi after the floods."
                .into(),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Dateline)),
        },
        DateCase {
            name: "wire dateline without a year, year from the saved-at date",
            text: "ATHENS, June 2 (Reuters) - Greek ports reopened on Monday after a \
                   week-long strike."
                .into(),
            saved_at: Some(date!(2025 - 06 - 05)),
            want: Some((date!(2025 - 06 - 02), Dateline)),
        },
        DateCase {
            name: "wire dateline without a year, saved early in the next year",
            text: "ATHENS, Dec 30 (Reuters) - Greek ports closed for the holiday.".into(),
            saved_at: Some(date!(2026 - 01 - 03)),
            want: Some((date!(2025 - 12 - 30), Dateline)),
        },
        DateCase {
            name: "wire dateline without a year and nothing to give one",
            // The years the story writes are no guide: it compares with last year.
            text: "ATHENS, June 2 (Reuters) - Port traffic in May was 4% above May 2024 and \
                   below the record set on June 2, 2019."
                .into(),
            saved_at: None,
            want: None,
        },
        DateCase {
            name: "agency in slashes",
            text: "Yerevan, 2 December 2025 /ARKA/. The dram firmed against the dollar on \
                   Tuesday, the central bank said."
                .into(),
            saved_at: None,
            want: Some((date!(2025 - 12 - 02), Dateline)),
        },
        DateCase {
            name: "date first, then a dash",
            text: "Ports reopen\n\nJune 2, 2025 — Greek ports reopened on Monday after a \
                   week-long strike."
                .into(),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Dateline)),
        },
        DateCase {
            name: "wire dateline on a line of its own",
            text: "SHARES EDGE HIGHER IN QUIET TRADE\nOSLO 2001-04-05\nShares edged higher on \
                   Thursday in thin trade, dealers said."
                .into(),
            saved_at: None,
            want: Some((date!(2001 - 04 - 05), Dateline)),
        },
        DateCase {
            name: "a dateline without a date",
            text: "LONDON (AP) — Rail workers walked out on Monday over pay.".into(),
            saved_at: Some(date!(2025 - 06 - 05)),
            want: None,
        },
        DateCase {
            name: "a date inside the first sentence is no dateline",
            text: "Ports reopen\n\nThe union said on June 2, 2025 - a Monday - that the ports \
                   would reopen."
                .into(),
            saved_at: None,
            want: None,
        },
        DateCase {
            name: "a date after a place inside a sentence is no dateline",
            text: "Athens, June 2, 2025, was the hottest day of the year so far, the weather \
                   service said."
                .into(),
            saved_at: None,
            want: None,
        },
        DateCase {
            name: "the dateline beats a date later on its line",
            text: "BANK RESULTS\nOSLO, March 16 - Year to December 31, 2029\nNet profit rose."
                .into(),
            saved_at: Some(date!(2030 - 04 - 01)),
            want: Some((date!(2030 - 03 - 16), Dateline)),
        },
    ];
    check(&cases);
}

#[test]
fn bylines() {
    use PublishedSource::{Byline, Updated};
    let cases = [
        DateCase {
            name: "weekday and date under the author",
            text: page("By Jane Roe\nMonday, June 2, 2025"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "published, then updated",
            text: page("Published 2 June 2025\nUpdated: 3 June 2025 10:14 GMT"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "updated first: still the published one",
            text: page("Updated: 3 June 2025 10:14 GMT\nPublished 2 June 2025"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "both on one line",
            text: page("Last modified on Tue 3 Jun 2025 10.14 BST | First published on Mon 2 Jun 2025 09.00 BST"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "only an update date",
            text: page("Updated: 3 June 2025 10:14 GMT"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 03), Updated)),
        },
        DateCase {
            name: "posted by an author",
            text: page("Posted by: Jane Roe on June 2, 2025 in Politics Leave a comment"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "author, outlet, label and clock time",
            text: page("Jane Roe, The Harbour Times Published 7:40 p.m. ET June 2, 2025"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "parts between separators",
            text: page("POLITICS - Jane Roe (Harbour Times) - June 2, 2025 - 12:00am"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "two timestamps, published then updated",
            text: page("June 2, 2025 at 9:51 AM June 3, 2025 at 10:12 AM"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "a byline dated after the page was saved",
            text: page("Published 2 June 2035"),
            saved_at: Some(date!(2025 - 06 - 03)),
            want: None,
        },
        DateCase {
            name: "the same byline, nothing to rule it out",
            text: page("Published 2 June 2035"),
            saved_at: None,
            want: Some((date!(2035 - 06 - 02), Byline)),
        },
        DateCase {
            name: "two bylines: the first",
            text: page("By Jane Roe | 2 June 2025\nBy John Doe | 28 May 2025"),
            saved_at: None,
            want: Some((date!(2025 - 06 - 02), Byline)),
        },
        DateCase {
            name: "a standfirst that says published is no byline",
            text: page("The ministry published its port report on June 2, 2025"),
            saved_at: None,
            want: None,
        },
        DateCase {
            name: "a date in a part of a headline is no byline",
            text: "Rates - The central bank sets its lending rates effective June 2, 2025\n\n\
                   The central bank set its rates for the coming month, officials said.".into(),
            saved_at: None,
            want: None,
        },
    ];
    check(&cases);
}

#[test]
fn relative_bylines() {
    use PublishedSource::{Relative, Updated};
    let saved = Some(date!(2025 - 06 - 03));
    let cases = [
        DateCase {
            name: "a day ago",
            text: page("- Harbour Times\n- 1 day ago\n- 4 min read"),
            saved_at: saved,
            want: Some((date!(2025 - 06 - 02), Relative)),
        },
        DateCase {
            name: "a day ago, but nobody said when the page was saved",
            text: page("- Harbour Times\n- 1 day ago\n- 4 min read"),
            saved_at: None,
            want: None,
        },
        DateCase {
            name: "hours ago: the day it was saved",
            text: page("3 hours ago"),
            saved_at: saved,
            want: Some((date!(2025 - 06 - 03), Relative)),
        },
        DateCase {
            name: "weeks ago",
            text: page("2 weeks ago"),
            saved_at: saved,
            want: Some((date!(2025 - 05 - 20), Relative)),
        },
        DateCase {
            name: "yesterday under the headline",
            text: page("Yesterday"),
            saved_at: saved,
            want: Some((date!(2025 - 06 - 02), Relative)),
        },
        DateCase {
            name: "updated a day ago",
            text: page("Updated 1 day ago"),
            saved_at: saved,
            want: Some((date!(2025 - 06 - 02), Updated)),
        },
        DateCase {
            name: "a year ago says too little",
            text: page("1 year ago"),
            saved_at: saved,
            want: None,
        },
        DateCase {
            name: "a menu entry above the headline",
            text: "Home\nToday\nWorld\nSport\nHarbour talks resume after the winter break\n\n\
                   Negotiators returned to the table on Friday, officials said."
                .into(),
            saved_at: saved,
            want: None,
        },
    ];
    check(&cases);
}

#[test]
fn given_date_wins_and_relative_byline_anchors_the_story() {
    let text = page("- Harbour Times\n- 1 day ago");
    let given = extract_with(
        &text,
        &ExtractOptions::new()
            .with_published(date!(2025 - 05 - 30))
            .with_saved_at(date!(2025 - 06 - 03)),
    );
    assert_eq!(given.published, Some(date!(2025 - 05 - 30)));
    assert_eq!(given.published_source, Some(PublishedSource::Given));
    assert_eq!(extract(&text, Some(date!(2025 - 05 - 30))), given);
    // Resolved against the saved-at date, the byline dates "Friday" in the story.
    let found = extract_with(
        &text,
        &ExtractOptions::new().with_saved_at(date!(2025 - 06 - 03)),
    );
    assert_eq!(found.published, Some(date!(2025 - 06 - 02)));
    assert_eq!(values(&found), ["2025-05-30"]);
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json["published_source"], "relative");
    assert_eq!(json["published"], "2025-06-02");
    // Nothing found: no source either.
    let none = extract(BODY, None);
    assert_eq!((none.published, none.published_source), (None, None));
}

/// One case of a `.cases` file: its articles and what must be found in them.
#[derive(Default)]
struct Case {
    line: usize,
    articles: Vec<String>,
    expect: Vec<(usize, String, String)>,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.trim().to_string();
        match key {
            "text" => cases.push(Case {
                line: n + 1,
                articles: vec![value],
                expect: Vec::new(),
            }),
            "text+" | "next" => {
                let case = cases.last_mut().expect("a case starts with text:");
                if key == "next" {
                    case.articles.push(value);
                } else if let Some(a) = case.articles.last_mut() {
                    a.push('\n');
                    a.push_str(&value);
                }
            }
            _ => cases
                .last_mut()
                .expect("a case starts with text:")
                .expect
                .push((n + 1, key.to_string(), value)),
        }
    }
    cases
}

/// Every case of every rule family's file; all failures are reported together.
#[test]
fn actor_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/actors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cases"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for case in parse_cases(&std::fs::read_to_string(file).unwrap()) {
            let mut found: Vec<Vec<Actor>> = case
                .articles
                .iter()
                .map(|t| extract(t, None).actors)
                .collect();
            if found.len() > 1 {
                let mut resolver = Resolver::new();
                for a in &found {
                    resolver.add(a);
                }
                for a in &mut found {
                    resolver.resolve(a);
                }
            }
            let all: Vec<&Actor> = found.iter().flatten().collect();
            let with_form = |form: &str| -> Vec<&Actor> {
                all.iter()
                    .copied()
                    .filter(|a| a.forms.iter().any(|f| f == form))
                    .collect()
            };
            for (line, key, value) in &case.expect {
                checked += 1;
                let ok = match key.as_str() {
                    "absent" => with_form(value).is_empty(),
                    "name" => {
                        let (form, name) = value.split_once("=>").unwrap_or((value, ""));
                        with_form(form.trim()).iter().any(|a| a.name == name.trim())
                    }
                    kind => {
                        let kind = ActorKind::parse(kind)
                            .unwrap_or_else(|| panic!("{name}:{line}: unknown key {kind:?}"));
                        with_form(value).iter().any(|a| a.kind == kind)
                    }
                };
                if !ok {
                    let seen: Vec<String> = all
                        .iter()
                        .map(|a| format!("{} {:?} ({})", a.kind, a.forms, a.name))
                        .collect();
                    failures.push(format!(
                        "{name}:{line} (case at line {}): {key}: {value}\n    found: {}",
                        case.line,
                        seen.join("; ")
                    ));
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
