//! Ranking, query syntax, paging and the errors a query can produce.

use newsdex::{Error, SearchRequestBuilder, Sort, UserError};

use crate::{actor, corpus, day, ids, index_of};

fn query(index: &newsdex::Index, text: &str) -> newsdex::SearchResults {
    index
        .search(&SearchRequestBuilder::new(text).build())
        .unwrap()
}

fn user_error(index: &newsdex::Index, text: &str) -> String {
    match index.search(&SearchRequestBuilder::new(text).build()) {
        Err(e @ Error::User(_)) => e.to_string(),
        other => panic!("expected a user error for {text:?}, got {other:?}"),
    }
}

#[test]
fn exact_phrase_ranks_above_near_phrase_above_scattered_words() {
    let index = index_of(corpus());
    let r = query(&index, "point of no return");
    assert_eq!(ids(&r), vec!["exact", "near", "scattered"]);
    assert_eq!(r.total, 3);
    assert!(r.hits[0].score > r.hits[1].score && r.hits[1].score > r.hits[2].score);
}

#[test]
fn stemming_matches_other_word_forms_and_case() {
    let index = index_of(corpus());
    assert_eq!(ids(&query(&index, "NEGOTIATOR")), vec!["exact"]);
    assert_eq!(ids(&query(&index, "striking harbours")), vec!["scattered"]);
}

#[test]
fn title_matches_outrank_body_matches() {
    let index = index_of(corpus());
    let r = query(&index, "rivers");
    assert_eq!(ids(&r)[0], "undated");
}

#[test]
fn explicit_syntax_phrases_operators_and_fields() {
    let index = index_of(corpus());
    assert_eq!(ids(&query(&index, "\"point of no return\"")), vec!["exact"]);
    assert_eq!(ids(&query(&index, "Vienna -treaty")), vec!["undated"]);
    let r = query(&index, "Frankfurt OR Rotterdam");
    let mut either = ids(&r);
    either.sort();
    assert_eq!(either, vec!["scattered", "unrelated"]);
    assert_eq!(ids(&query(&index, "title:harbour")), vec!["scattered"]);
}

#[test]
fn snippets_highlight_the_matched_words() {
    let index = index_of(corpus());
    let r = query(&index, "Rotterdam");
    let hit = &r.hits[0];
    let first = hit.highlights().next().unwrap();
    assert_eq!(&hit.snippet()[first], "Rotterdam");
}

/// Articles that score alike come newest first, whatever order they were indexed in;
/// an undated one after the dated.
#[test]
fn equal_scores_rank_newer_first() {
    let copy = |id: &str| {
        newsdex::Article::new(id)
            .with_title("Coffee quotas")
            .with_body("Coffee producers met in London.")
    };
    let index = index_of(vec![
        copy("undated"),
        copy("march").with_published(day("1987-03-02")),
        copy("april").with_published(day("1987-04-13")),
        copy("february").with_published(day("1987-02-26")),
    ]);
    let r = query(&index, "coffee");
    assert_eq!(ids(&r), vec!["april", "march", "february", "undated"]);
    assert!(r.hits.windows(2).all(|w| w[0].score == w[1].score));
}

/// A title counts as a title when the input gave it, and not again when it is only the
/// body's first line: the price table, shorter, would win if its heading line counted
/// as a title as well as in its body.
#[test]
fn a_body_line_taken_as_the_title_is_not_weighed_as_a_title() {
    let index = index_of(vec![
        newsdex::Article::new("table")
            .with_untitled_body("NY ORANGE JUICE 12:00\nMay 1.2510 up 0.0040."),
        newsdex::Article::new("story")
            .with_title("Orange juice futures rise sharply")
            .with_body(
                "Orange juice futures rose on fears of a freeze in Florida, traders said, \
                 and growers expect a smaller crop this season.",
            ),
    ]);
    assert_eq!(ids(&query(&index, "orange juice")), vec!["story", "table"]);
}

#[test]
fn paging_continues_the_ranking() {
    let index = index_of(corpus());
    let all = ids(&query(&index, "point of no return")).join(",");
    let page = index
        .search(
            &SearchRequestBuilder::new("point of no return")
                .limit(1)
                .offset(1)
                .build(),
        )
        .unwrap();
    assert_eq!(page.total, 3, "the total counts every match, not the page");
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.hits[0].rank, 2);
    assert_eq!(all.split(',').nth(1), Some(page.hits[0].id.as_str()));
}

#[test]
fn limit_zero_gives_counts_without_hits() {
    let index = index_of(corpus());
    let r = index
        .search(&SearchRequestBuilder::new("Vienna").limit(0).build())
        .unwrap();
    assert_eq!(r.total, 2);
    assert!(r.hits.is_empty());
}

#[test]
fn date_sort_puts_newest_first_and_undated_last() {
    let index = index_of(corpus());
    let r = index
        .search(
            &SearchRequestBuilder::new("Vienna OR Rotterdam")
                .sort(Sort::Date)
                .build(),
        )
        .unwrap();
    assert_eq!(ids(&r), vec!["scattered", "exact", "undated"]);
}

#[test]
fn query_errors_say_what_is_wrong() {
    let index = index_of(corpus());
    assert_eq!(
        user_error(&index, "\"no return"),
        "bad query: the quote at column 1 is never closed"
    );
    assert_eq!(
        user_error(&index, "(a OR b"),
        "bad query: `(` at column 1 is never closed"
    );
    assert_eq!(
        user_error(&index, "colour:red"),
        "unknown field `colour` in query; the fields are: title, body, id, actor"
    );
    assert_eq!(
        user_error(&index, "-treaty"),
        "bad query: a query needs at least one term that is not excluded with `-`"
    );
    assert_eq!(
        user_error(&index, "!!! ???"),
        "bad query: \"!!! ???\" has no words to search for"
    );
}

#[test]
fn paging_too_deep_is_refused() {
    let index = index_of(corpus());
    let err = index
        .search(
            &SearchRequestBuilder::new("Vienna")
                .offset(usize::MAX)
                .build(),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::User(UserError::InvalidRequest(_))),
        "{err}"
    );
}

#[test]
fn a_long_query_does_not_fail() {
    let index = index_of(corpus());
    let text = "water ".repeat(2_000) + "treaty";
    let r = query(&index, &text);
    assert_eq!(ids(&r), vec!["exact"]);
}

/// `actor:` in query syntax finds articles by any surface form of an actor, in any
/// case, as the `--actor` filter does.
#[test]
fn actor_syntax_matches_any_form_in_any_case() {
    let index = index_of(vec![
        newsdex::Article::new("pact").with_page_text(
            "Pact signed\n\nThe Northern Rivers Commission (NRC) met in Vienna. The NRC chair, \
             Lena Varga, signed. Varga smiled.",
        ),
        newsdex::Article::new("other").with_page_text(
            "Ports reopen\n\nDock workers in Rotterdam ended the strike on Monday.",
        ),
    ]);
    for text in [
        "actor:\"Lena Varga\"",
        "actor:\"lena  VARGA\"",
        "actor:Varga",
        "actor:nrc",
        "actor:\"Northern Rivers Commission\"",
        "actor:IN [varga nobody]",
        "actor:NRC AND signed",
        "(actor:Varga OR actor:Rotterdam) AND signed",
    ] {
        assert_eq!(ids(&query(&index, text)), vec!["pact"], "{text}");
        // The same as the filter, for names alone.
    }
    let filtered = index
        .search(&SearchRequestBuilder::new("").actor(actor("varga")).build())
        .unwrap();
    assert_eq!(ids(&filtered), vec!["pact"]);
    assert_eq!(query(&index, "actor:\"Nobody Known\"").total, 0);
    assert_eq!(query(&index, "actor:Rotterdam -actor:Varga").total, 1);
    // Any actor at all.
    assert_eq!(query(&index, "actor:*").total, 2);
    for (text, message) in [
        (
            "actor:Var*",
            "`actor:` takes a name, not the start of one (`Var*`)",
        ),
        (
            "actor:[a TO c]",
            "`actor:` takes names, not ranges or patterns",
        ),
        ("actor_form:x", "actor_form"),
    ] {
        let error = user_error(&index, text);
        assert!(error.contains(message), "{text}: {error}");
    }
}

/// Diacritics never matter: `erdogan` finds "Erdoğan" in the text and as an actor, and
/// what is shown keeps the original spelling.
#[test]
fn diacritics_are_folded_for_matching_and_kept_for_showing() {
    let index = index_of(vec![newsdex::Article::new("ankara")
        .with_title("Talks in Ankara")
        .with_body(
            "President Recep Tayyip Erdoğan met the delegation. Erdoğan said talks went well.",
        )]);
    let r = query(&index, "erdogan");
    assert_eq!(ids(&r), vec!["ankara"]);
    let first = r.hits[0].highlights().next().unwrap();
    assert_eq!(&r.hits[0].snippet()[first], "Erdoğan");
    let filtered = index
        .search(
            &SearchRequestBuilder::new("")
                .actor(actor("erdogan"))
                .build(),
        )
        .unwrap();
    assert_eq!(ids(&filtered), vec!["ankara"]);
    assert!(
        filtered
            .facets
            .actors
            .iter()
            .any(|a| a.name == "Recep Tayyip Erdoğan"),
        "{:?}",
        filtered.facets.actors
    );
}

/// A record's first line taken as its title stays searchable as body: no text is lost.
#[test]
fn a_first_line_taken_as_the_title_stays_in_the_body() {
    let index = index_of(vec![
        newsdex::Article::new("flash").with_untitled_body(
            "NY ORANGE JUICE 12:00\nFrozen concentrated orange juice futures rose at midday.",
        ),
        newsdex::Article::new("titled")
            .with_title("Grain exports")
            .with_body("Wheat shipments rose."),
    ]);
    let stored = index.article("flash").unwrap();
    assert_eq!(stored.title.as_deref(), Some("NY ORANGE JUICE 12:00"));
    assert!(
        stored.body.starts_with("NY ORANGE JUICE 12:00\n"),
        "{:?}",
        stored.body
    );
    // Found in the body, where the phrase runs on into the next line.
    let r = query(&index, "\"12:00 frozen concentrated\"");
    assert_eq!(ids(&r), vec!["flash"]);
    assert_eq!(
        index.article("titled").unwrap().body,
        "Wheat shipments rose."
    );
}

/// `word*` finds every word starting so, `word~1` every word one edit away; plain words
/// that find little suggest close words the archive has.
#[test]
fn prefixes_fuzzy_words_and_suggestions() {
    let index = index_of(vec![
        newsdex::Article::new("a")
            .with_title("Petrol prices")
            .with_body("Petrol and petroleum stocks rose; Volcker spoke."),
        newsdex::Article::new("b")
            .with_title("Refinery")
            .with_body("Petroleum refiners met. Volcker said rates would hold."),
        newsdex::Article::new("c")
            .with_title("Fed")
            .with_body("Volcker testified to Congress."),
    ]);
    let total = |q: &str| {
        index
            .search(&SearchRequestBuilder::new(q).build())
            .unwrap()
            .total
    };
    assert_eq!(total("petrol"), 1);
    assert_eq!(total("petrol*"), 2);
    assert_eq!(total("volker"), 0);
    assert_eq!(total("volker~1"), 3);
    assert_eq!(total("title:petrol*"), 1);
    for bad in ["p*", "volker~3"] {
        let e = index
            .search(&SearchRequestBuilder::new(bad).build())
            .unwrap_err();
        assert!(e.is_user_error(), "{bad}: {e}");
    }
    let r = index
        .search(&SearchRequestBuilder::new("volker").build())
        .unwrap();
    assert_eq!(r.suggestions, ["volcker"]);
    let r = index
        .search(&SearchRequestBuilder::new("petrol").build())
        .unwrap();
    assert!(r.suggestions.is_empty(), "{:?}", r.suggestions);
}

/// Results read back from JSON (what a server or `search query --json` wrote) are the
/// results written, and a hit or filter written by some other program keeps the promises
/// of the typed API: highlights on the snippet's character boundaries, filter names
/// cleaned and never empty.
#[test]
fn results_and_filters_read_back_from_json_keep_their_promises() {
    let index = index_of(corpus());
    let results = index
        .search(&SearchRequestBuilder::new("point of no return").build())
        .unwrap();
    assert!(!results.hits.is_empty());
    let json = serde_json::to_value(&results).unwrap();
    let back: newsdex::SearchResults = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, results);

    let mut hit = json["hits"][0].clone();
    hit["snippet"] = "Négociations: point".into();
    // Out of range, empty, inside the two bytes of "é", and one good range.
    hit["highlights"] = serde_json::json!([[5, 500], [3, 3], [2, 4], [15, 20]]);
    let hit: newsdex::Hit = serde_json::from_value(hit).unwrap();
    assert_eq!(hit.highlights().collect::<Vec<_>>(), vec![15..20]);
    assert_eq!(
        hit.snippet_parts(),
        [("Négociations: ", false), ("point", true)]
    );

    let filter: newsdex::ActorFilter =
        serde_json::from_value(serde_json::json!({"kind": null, "name": " \"Lena   Varga\" "}))
            .unwrap();
    assert_eq!(filter, actor("Lena Varga"));
    let empty = serde_json::from_value::<newsdex::ActorFilter>(
        serde_json::json!({"kind": null, "name": "  "}),
    );
    assert!(empty.is_err());
}
