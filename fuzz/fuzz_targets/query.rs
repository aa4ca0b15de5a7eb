//! Searches with arbitrary query text, actor filters and date bounds: each is answered or
//! refused with a user error, never a panic or an internal error.
//!
//! The input is split at NUL bytes into the query text, an actor filter, and `since` and
//! `until` periods; the last byte of the input picks the sort order, limit and offset.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::{Article, Date, Index, IndexerOptions, Month, Period, SearchRequestBuilder, Sort};

/// A few articles written for this target, with people, organisations, places and dates,
/// so that actor filters resolve, suggestions are computed and date ranges cut.
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = Index::create_in_ram().expect("an index in memory");
        let mut options = IndexerOptions::default();
        options.threads = 1;
        options.memory_budget = 15 << 20;
        let mut indexer = index.indexer(options).expect("a writer");
        let day = |y, m, d| Date::from_calendar_date(y, m, d).expect("a valid day");
        let articles =
            vec![
            Article::new("harbour")
.with_title("Harbour talks reach the point of no return")
.with_body("Negotiators in Valletta said on 4 March 2030 that the harbour treaty had \
                 reached the point of no return. Foreign Minister Lena Varga welcomed it.")
            .with_published(day(2030, Month::March, 4)),
            Article::new("bank")
.with_title("Central bank holds rates")
.with_body("The Northern Reserve Bank kept rates unchanged on Thursday, governor Tomas \
                 Brandt told reporters in Oslo. The next meeting is in June.")
            .with_published(day(2029, Month::November, 14)),
            Article::new("scraped").with_page_text("Home | News | World\nRiver commission meets in Vienna\n\
                 By Anna Mirzoyan, 12:40, 5 March 2031\n\n\
                 The River Commission (RC) met in Vienna. The RC said Lena Varga would chair \
                 the next session, due in April.\n\nShare\nPrint\n"),
            Article::new("undated")
.with_title("Notes")
.with_body("No date, no names, only words: ünïcödé, 東京, ☃."),
        ];
        indexer.add_batch(articles).expect("articles added");
        indexer.commit().expect("a commit");
        drop(indexer);
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or("");
    let actor = parts.next();
    let since = parts.next();
    let until = parts.next();
    let knobs = data.last().copied().unwrap_or(0);

    for period in [since, until].into_iter().flatten() {
        match period.parse::<Period>() {
            Ok(p) => assert!(p.first() <= p.last(), "{period:?} parsed to {p:?}"),
            Err(e) => assert!(e.is_user_error(), "{period:?}: {e:?}"),
        }
    }

    let index = index();
    let answered = |what: &str, result: newsdex::Result<newsdex::SearchResults>| match result {
        Ok(r) => assert!(
            r.hits.len() as u64 <= r.total,
            "{what}: more hits than total"
        ),
        Err(e) => assert!(e.is_user_error(), "{what}: internal error {e:?}"),
    };

    // The text alone, as `search query TEXT` runs it.
    answered(text, index.search(&SearchRequestBuilder::new(text).build()));

    // The text with every filter the input gives.
    let mut builder = SearchRequestBuilder::new(text);
    if let Some(actor) = actor {
        match actor.parse::<newsdex::ActorFilter>() {
            Ok(filter) => {
                builder.actor(filter);
            }
            Err(e) => assert!(e.is_user_error(), "{actor:?}: {e:?}"),
        }
    }
    for (period, since) in [(since, true), (until, false)] {
        let Some(period) = period else { continue };
        match period.parse::<Period>() {
            Ok(p) if since => {
                builder.since(p);
            }
            Ok(p) => {
                builder.until(p);
            }
            Err(e) => assert!(e.is_user_error(), "{period:?}: {e:?}"),
        }
    }
    builder
        .sort(if knobs & 1 == 0 {
            Sort::Relevance
        } else {
            Sort::Date
        })
        .limit(usize::from(knobs >> 1 & 7))
        .offset(usize::from(knobs >> 4 & 3))
        .actor_facets(usize::from(knobs >> 6));
    answered(text, index.search(&builder.build()));
});
