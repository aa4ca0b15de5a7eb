//! Extraction on arbitrary text: never panics, and what it returns points into the text.
//!
//! The input's bytes, decoded lossily, are the article text; its first three bytes also
//! pick a reference publication date anywhere in years 1 to 9999, so that relative dates
//! ("next year", "last Friday") are resolved near the ends of the calendar too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex_extract::{extract, Date, Extracted};

/// Julian day numbers of 0001-01-01 and 9999-12-31.
const FIRST_DAY: i32 = 1_721_426;
const LAST_DAY: i32 = 5_373_484;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check(&text, &extract(&text, None), None);

    let seed = data
        .iter()
        .take(3)
        .fold(0i32, |n, &b| n << 8 | i32::from(b));
    let julian = FIRST_DAY + seed % (LAST_DAY - FIRST_DAY + 1);
    let published = Date::from_julian_day(julian).expect("a day in years 1 to 9999");
    check(&text, &extract(&text, Some(published)), Some(published));
});

fn check(text: &str, found: &Extracted, published: Option<Date>) {
    assert!(
        found.body_start <= text.len(),
        "body_start {} past the end",
        found.body_start
    );
    for d in &found.dates {
        assert!(
            d.start <= d.end
                && text.is_char_boundary(d.start)
                && text.is_char_boundary(d.end)
                && text.get(d.start..d.end) == Some(d.text.as_str()),
            "date span {}..{} is not {:?}",
            d.start,
            d.end,
            d.text
        );
    }
    for a in &found.actors {
        assert!(!a.name.trim().is_empty(), "actor with an empty name: {a:?}");
    }
    if published.is_some() {
        assert_eq!(
            found.published, published,
            "the given publication date wins"
        );
    }
}
