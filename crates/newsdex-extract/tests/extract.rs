//! Integration tests of `extract`: titles, publication dates and date mentions on
//! articles written for these tests, the actor cases of `tests/actors/*.cases` (one file
//! per rule family), plus property tests that no input makes extraction panic and that
//! every date mention's span is exactly its text.

#![allow(clippy::unwrap_used)]

use newsdex_extract::{extract, Actor, ActorKind, Date, Extracted, Resolver};
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

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC*", published in any_date()) {
        let found = extract(&text, published);
        spans_hold(&text, &found)?;
    }

    #[test]
    fn never_panics_on_any_chars(text in ".*", published in any_date()) {
        let found = extract(&text, published);
        spans_hold(&text, &found)?;
    }

    #[test]
    fn date_spans_slice_their_text(text in datey_text(), published in any_date()) {
        let found = extract(&text, published);
        spans_hold(&text, &found)?;
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
