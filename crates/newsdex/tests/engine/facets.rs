//! Actor and date filters, and the facet counts over all matches.

use newsdex::{ActorKind, Article, Error, SearchRequestBuilder, UserError, YearMonth};

use crate::{actor, corpus, day, ids, index_of, period, search};

#[test]
fn month_counts_cover_every_match_not_only_the_page() {
    let index = index_of(corpus());
    let r = search(&index, |b| {
        b.limit(1);
    });
    assert_eq!(r.total, 5);
    let months: Vec<(String, u64)> = r
        .facets
        .months
        .iter()
        .map(|m| (m.month.to_string(), m.count))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2024-11".into(), 1),
            ("2025-03".into(), 2),
            ("2025-04".into(), 1)
        ],
        "the undated article has no month"
    );
    assert_eq!(r.facets.months[0].month, YearMonth::new(2024, 11).unwrap());
}

#[test]
fn since_and_until_take_years_months_and_days() {
    let index = index_of(corpus());
    let r = search(&index, |b| {
        b.since(period("2025-03")).until(period("2025-03"));
    });
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec!["exact", "near"]);
    let r = search(&index, |b| {
        b.since(period("2025-03-05"));
    });
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec!["near", "scattered"]);
    let r = search(&index, |b| {
        b.until(period("2024"));
    });
    assert_eq!(ids(&r), vec!["unrelated"]);
}

#[test]
fn bad_dates_are_user_errors() {
    for (input, reason) in [
        ("2025-13", "month must be 01 to 12"),
        ("2025-02-30", "February 2025 has no day 30"),
        ("March", "expected YYYY, YYYY-MM or YYYY-MM-DD, a range of them (2025-11..2025-12), or 30d, 2w, 6m, 1y"),
        ("0000", "year 0000 is out of range (0001 to 9999)"),
    ] {
        let err = input.parse::<newsdex::Period>().unwrap_err();
        assert_eq!(err.to_string(), format!("bad date {input:?}: {reason}"));
    }
}

#[test]
fn an_empty_date_range_is_refused() {
    let index = index_of(corpus());
    let mut b = SearchRequestBuilder::new("");
    b.since(period("2025-05")).until(period("2025-01"));
    let err = index.search(&b.build()).unwrap_err();
    assert!(err.to_string().contains("the date range is empty"), "{err}");
}

#[test]
fn actor_filter_keeps_articles_naming_the_actor() {
    let index = index_of(corpus());
    let r = search(&index, |b| {
        b.actor(actor("Lena Varga"));
    });
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec!["exact", "near", "undated"]);
    // Case and spacing do not matter; the kind can be pinned.
    let r = search(&index, |b| {
        b.actor(actor("person:lena   VARGA"));
    });
    assert_eq!(r.total, 3);
}

#[test]
fn actor_facets_count_articles_per_actor() {
    let index = index_of(corpus());
    let r = search(&index, |b| {
        b.limit(0);
    });
    let varga = r
        .facets
        .actors_of(ActorKind::Person)
        .find(|a| a.name == "Lena Varga")
        .unwrap();
    assert_eq!(varga.count, 3);
    assert!(r
        .facets
        .actors_of(ActorKind::Place)
        .any(|a| a.name == "Vienna"));
}

#[test]
fn any_surface_form_of_an_actor_filters() {
    let index = index_of(vec![Article::new("pact").with_page_text(
        "Pact signed\n\nThe Northern Rivers Commission (NRC) met in Vienna. The NRC chair, \
         Lena Varga, signed. Varga smiled.",
    )]);
    for form in [
        "NRC",
        "nrc",
        "org:Northern Rivers Commission",
        "Varga",
        "person:varga",
    ] {
        let r = search(&index, |b| {
            b.actor(actor(form));
        });
        assert_eq!(ids(&r), vec!["pact"], "{form}");
    }
}

/// A place known by several names is one actor, by its canonical name: any of the
/// names finds every article, whichever name it uses, and the facet counts them as one.
#[test]
fn every_name_of_an_actor_known_by_several_filters_and_counts_as_one() {
    let index = index_of(vec![
        Article::new("short")
            .with_page_text("Tariffs rise\n\nThe U.S. raised tariffs on steel on Monday."),
        Article::new("long")
            .with_page_text("Talks resume\n\nThe United States resumed talks on Tuesday."),
        Article::new("usa").with_page_text("Ports reopen\n\nShips from the USA docked in Piraeus."),
    ]);
    for name in ["United States", "U.S.", "usa", "place:US"] {
        let r = search(&index, |b| {
            b.actor(actor(name));
        });
        let mut found = ids(&r);
        found.sort_unstable();
        assert_eq!(found, vec!["long", "short", "usa"], "{name}");
        let places: Vec<(&str, u64)> = r
            .facets
            .actors_of(ActorKind::Place)
            .map(|a| (a.name.as_str(), a.count))
            .collect();
        assert_eq!(places[0], ("United States", 3), "{places:?}");
    }
    let r = index
        .search(&SearchRequestBuilder::new("actor:\"U.S.\" AND talks").build())
        .unwrap();
    assert_eq!(ids(&r), vec!["long"]);
}

#[test]
fn actor_facets_can_be_limited_to_some_kinds() {
    let index = index_of(corpus());
    let r = search(&index, |b| {
        b.limit(0).actor_kinds(&[ActorKind::Person]);
    });
    assert!(r.facets.actors.iter().any(|a| a.name == "Lena Varga"));
    assert!(
        r.facets.actors.iter().all(|a| a.kind == ActorKind::Person),
        "{:?}",
        r.facets.actors
    );
}

#[test]
fn unknown_actor_suggests_close_names() {
    let index = index_of(corpus());
    // A surname is its person's name already.
    let r = search(&index, |b| {
        b.actor(actor("Varga"));
    });
    assert_eq!(r.total, 3);
    let err = index
        .search(
            &SearchRequestBuilder::new("")
                .actor(actor("Lena Vargha"))
                .build(),
        )
        .unwrap_err();
    match &err {
        Error::User(UserError::UnknownActor { suggestions, .. }) => {
            assert_eq!(suggestions.first().map(String::as_str), Some("Lena Varga"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "no article names the actor \"Lena Vargha\"; did you mean \"Lena Varga\"?"
    );
}

#[test]
fn actor_names_with_slashes_and_quotes_do_not_break_filters() {
    let index = index_of(corpus());
    for name in ["AC/DC", "org:\"Quoted\" Name", "/", ""] {
        let err = name
            .parse::<newsdex::ActorFilter>()
            .and_then(|filter| index.search(&SearchRequestBuilder::new("").actor(filter).build()))
            .unwrap_err();
        assert!(err.is_user_error(), "{name}: {err}");
    }
}

/// The corpus written in commits of two articles: one segment each.
fn index_in_segments() -> newsdex::Index {
    let index = newsdex::Index::create_in_ram().unwrap();
    let mut indexer = index.indexer(newsdex::IndexerOptions::default()).unwrap();
    for pair in corpus().chunks(2) {
        indexer.add_batch(pair.to_vec()).unwrap();
        indexer.commit().unwrap();
    }
    drop(indexer);
    index
}

/// Actor counts from several segments are summed through global ordinals: they must be
/// those of the same articles in one segment, for every kind and any query.
#[test]
fn actor_facets_over_several_segments_equal_those_of_one() {
    let one = index_of(corpus());
    let several = index_in_segments();
    assert_eq!(one.stats().unwrap().segments, 1);
    assert!(several.stats().unwrap().segments >= 3);
    for text in [
        "",
        "point of no return",
        "return",
        "Vienna",
        "no such words here",
    ] {
        let facets = |index: &newsdex::Index| {
            let request = SearchRequestBuilder::new(text)
                .limit(0)
                .actor_facets(100)
                .build();
            index.search(&request).unwrap().facets
        };
        let expected = facets(&one);
        assert_eq!(facets(&several), expected, "{text:?}");
        // The second search reads the cached ordinals.
        assert_eq!(facets(&several), expected, "{text:?}, cached");
    }
    // Few per kind: the same winners, ties broken by name.
    let top2 = |index: &newsdex::Index| {
        search(index, |b| {
            b.limit(0).actor_facets(2);
        })
        .facets
        .actors
    };
    assert_eq!(top2(&several), top2(&one));
    // And they are the first two of each kind's full list, which runs most counted
    // first, then by name.
    let all = search(&one, |b| {
        b.limit(0).actor_facets(100);
    })
    .facets
    .actors;
    for kind in newsdex::ActorKind::ALL {
        let of = |list: &[newsdex::ActorCount]| -> Vec<(u64, String)> {
            list.iter()
                .filter(|a| a.kind == kind)
                .map(|a| (a.count, a.name.clone()))
                .collect()
        };
        let full = of(&all);
        let mut sorted = full.clone();
        sorted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        assert_eq!(full, sorted, "{kind:?}");
        let two = of(&top2(&one));
        assert_eq!(
            two,
            full.into_iter().take(2).collect::<Vec<_>>(),
            "{kind:?}"
        );
    }
}

/// Several segments are searched in parallel: hits, scores, snippets, totals and facets
/// must be those of a search on one thread, in either sort order, for the first search
/// over the segments (actors merged from the columns), the second (which builds the
/// in-memory cache) and the third (which reads it).
#[test]
fn parallel_searches_over_segments_equal_those_on_one_thread() {
    let texts = [
        "",
        "point of no return",
        "return",
        "Vienna",
        "minister talks",
    ];
    let requests: Vec<newsdex::SearchRequest> = texts
        .iter()
        .flat_map(|text| {
            [newsdex::Sort::Relevance, newsdex::Sort::Date].map(|sort| {
                SearchRequestBuilder::new(*text)
                    .limit(4)
                    .sort(sort)
                    .actor_facets(100)
                    .build()
            })
        })
        .collect();
    // Each request three times in a row, on a fresh index of several segments.
    let run = |threads: usize| {
        let mut results = Vec::new();
        for request in &requests {
            let index = index_in_segments();
            assert!(index.stats().unwrap().segments >= 3);
            index.set_search_threads(threads);
            for _ in 0..3 {
                results.push(index.search(request).unwrap());
            }
        }
        results
    };
    let one = run(1);
    assert_eq!(run(4), one);
    for triple in one.chunks(3) {
        assert!(triple.iter().all(|r| *r == triple[0]), "{:?}", triple[0]);
    }
}

/// A commit changes the segments: counts include what it added, not the cached state.
#[test]
fn actor_facets_follow_new_commits() {
    let index = index_in_segments();
    let count = |index: &newsdex::Index| {
        search(index, |b| {
            b.limit(0);
        })
        .facets
        .actors_of(ActorKind::Person)
        .find(|a| a.name == "Lena Varga")
        .map_or(0, |a| a.count)
    };
    let before = count(&index);
    let mut indexer = index.indexer(newsdex::IndexerOptions::default()).unwrap();
    indexer
        .add(
            Article::new("later")
                .with_title("Varga returns")
                .with_body("Foreign Minister Lena Varga flew back to Vienna on Monday."),
        )
        .unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    assert_eq!(count(&index), before + 1);
}

/// A second search over the same segments builds an in-memory cache of every article's
/// actors, month and mentioned months, which later searches read instead of the
/// columns: the counts must not change, for one segment or several, undated articles
/// included.
#[test]
fn counts_from_the_cache_equal_those_from_the_columns() {
    let cases = [
        (index_of(corpus()), ["", "return", "Vienna"]),
        (index_in_segments(), ["", "return", "Vienna"]),
        (mentioning(), ["", "summit", "plans"]),
    ];
    for (index, texts) in cases {
        for text in texts {
            let facets = || {
                let request = SearchRequestBuilder::new(text)
                    .limit(0)
                    .actor_facets(100)
                    .mentioned_month_facets(true)
                    .build();
                index.search(&request).unwrap().facets
            };
            let from_columns = facets();
            assert!(!from_columns.months.is_empty(), "{text:?}");
            assert_eq!(facets(), from_columns, "{text:?}, building the cache");
            assert_eq!(facets(), from_columns, "{text:?}, from the cache");
        }
    }
    // Mentioned months are counted in the cases above, from the cache too.
    let summit = SearchRequestBuilder::new("summit")
        .limit(0)
        .mentioned_month_facets(true)
        .build();
    let index = mentioning();
    for _ in 0..3 {
        assert!(!index
            .search(&summit)
            .unwrap()
            .facets
            .mentioned_months
            .is_empty());
    }
}

/// Articles mentioning dates, published at different times, some undated.
fn mentioning() -> newsdex::Index {
    index_of(vec![
        Article::new("summit-day")
            .with_title("Leaders meet")
            .with_body("The summit opens on 22 December 2025 in Minsk, officials said.")
            .with_published(day("2025-11-10")),
        Article::new("summit-month")
            .with_title("A winter summit")
            .with_body("A summit is planned for December 2025, the ministry said.")
            .with_published(day("2025-11-20")),
        Article::new("year-plan")
            .with_title("Plans for the year")
            .with_body("The alliance set its plans for 2025 at a summit.")
            .with_published(day("2025-01-05")),
        Article::new("undated-summit")
            .with_title("Summit talk")
            .with_body("Delegates spoke of the summit on 22 December 2025."),
    ])
}

#[test]
fn mentioned_dates_filter_by_day_month_year_and_range() {
    let index = mentioning();
    let found = |period: &str| {
        let r = search(&index, |b| {
            b.mentions(period.parse().unwrap());
        });
        let mut got: Vec<String> = ids(&r).into_iter().map(str::to_owned).collect();
        got.sort();
        got
    };
    assert_eq!(found("2025-12-22"), ["summit-day", "undated-summit"]);
    assert_eq!(
        found("2025-12"),
        ["summit-day", "summit-month", "undated-summit"]
    );
    assert_eq!(
        found("2025"),
        ["summit-day", "summit-month", "undated-summit", "year-plan"]
    );
    assert_eq!(
        found("2025-11..2025-12"),
        ["summit-day", "summit-month", "undated-summit"]
    );
    assert!(found("2024").is_empty());
}

#[test]
fn a_hit_shows_the_mention_that_matched_highlighted() {
    let index = mentioning();
    let r = index
        .search(
            &SearchRequestBuilder::new("summit")
                .mentions("2025-12".parse().unwrap())
                .build(),
        )
        .unwrap();
    let hit = r.hits.iter().find(|h| h.id == "summit-day").unwrap();
    let mention = hit.mention.as_ref().unwrap();
    assert_eq!(mention.value.to_string(), "2025-12-22");
    let marked: Vec<&str> = hit.highlights().map(|r| &hit.snippet()[r]).collect();
    assert!(marked.contains(&"22 December 2025"), "{marked:?}");
    assert!(marked.contains(&"summit"), "{marked:?}");
}

#[test]
fn undated_articles_are_counted_and_kept_on_request() {
    let index = mentioning();
    let all = search(&index, |_| {});
    assert_eq!(all.facets.undated, 1);
    assert_eq!(all.undated_left_out, None);
    let since = search(&index, |b| {
        b.since(period("2025-11"));
    });
    assert_eq!(since.total, 2);
    assert_eq!(since.undated_left_out, Some(1));
    let kept = search(&index, |b| {
        b.since(period("2025-11")).include_undated(true);
    });
    let mut got = ids(&kept);
    got.sort();
    assert_eq!(got, ["summit-day", "summit-month", "undated-summit"]);
    assert_eq!(kept.facets.undated, 1);
    assert_eq!(kept.undated_left_out, None);
}

#[test]
fn mentioned_months_are_counted_once_per_article() {
    let index = mentioning();
    let r = search(&index, |b| {
        b.mentioned_month_facets(true);
    });
    let months: Vec<(String, u64)> = r
        .facets
        .mentioned_months
        .iter()
        .map(|m| (m.month.to_string(), m.count))
        .collect();
    assert_eq!(months, [("2025-12".to_owned(), 3)]);
}
