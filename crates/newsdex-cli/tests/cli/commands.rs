//! Each subcommand's flags, output formats, exit codes and user-facing messages.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::Env;

#[test]
fn query_ranks_the_exact_phrase_first_in_plain_text_when_piped() {
    let env = Env::with_index();
    env.cmd()
        .args(["query", "point", "of", "no", "return"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("  1.").and(predicate::str::contains(
                "Talks reach the point of no return",
            )),
        )
        .stdout(predicate::str::contains("\x1b[").not())
        .stdout(predicate::str::contains(
            "2 matching articles; showing 1–2.",
        ));
}

#[test]
fn query_json_has_the_documented_fields() {
    let env = Env::with_index();
    let v = env.json(&["query", "point of no return"]);
    assert_eq!(v["total"], 2);
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "treaty");
    assert_eq!(hit["title"], "Talks reach the point of no return");
    assert_eq!(hit["published"], "2025-03-04");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("point of no return"));
    assert!(hit["actors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["name"].is_string() && a["kind"].is_string()));
    let months = v["facets"]["months"].as_array().unwrap();
    assert_eq!(months[0]["month"], "2025-03");
    assert_eq!(months[0]["count"], 1);
    assert!(v["facets"]["actors"].is_array());
}

#[test]
fn filters_alone_list_their_articles_newest_first() {
    let env = Env::with_index();
    let v = env.json(&["query", "--since", "2024-11"]);
    let ids: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["strike", "treaty", "bank-1"]);
    // Even when asked for relevance: without words, there is none.
    let v = env.json(&["query", "--actor", "Lena Varga", "--sort", "relevance"]);
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["id"], "treaty");
    // With neither words nor filters, the command says what to give.
    env.cmd()
        .args(["query"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give some words or a filter"));
}

#[test]
fn color_is_used_when_forced() {
    let env = Env::with_index();
    env.cmd()
        .args(["--color", "always", "query", "Rotterdam"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[1;31mRotterdam"));
}

#[test]
fn index_flag_works_before_and_after_the_command() {
    let env = Env::with_index();
    let index = env.index();
    for args in [
        vec!["--index", index.to_str().unwrap(), "query", "Frankfurt"],
        vec!["query", "Frankfurt", "--index", index.to_str().unwrap()],
    ] {
        let mut cmd = Command::cargo_bin("search").unwrap();
        cmd.env_remove("NEWSDEX_INDEX")
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Central bank holds rates"));
    }
}

#[test]
fn nothing_matched_exits_1() {
    let env = Env::with_index();
    env.cmd()
        .args(["query", "zeppelin"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No articles match."));
}

#[test]
fn user_errors_are_one_line_and_exit_2() {
    let env = Env::with_index();
    let cases: &[(&[&str], &str)] = &[
        (
            &["query", "\"no return"],
            "search: bad query: the quote at column 1 is never closed\n",
        ),
        (
            &["query", "colour:red"],
            "search: unknown field `colour` in query; the fields are: title, body, id, actor\n",
        ),
        (
            &["query", "x", "--since", "2025-13"],
            "search: bad date \"2025-13\": month must be 01 to 12\n",
        ),
        (
            &["query", "x", "--actor", "Lena Vargha"],
            "search: no article names the actor \"Lena Vargha\"; did you mean \"Lena Varga\"?\n",
        ),
        (&["show", "nope"], "search: no article with id \"nope\"\n"),
        (
            &["actors", "--kind", "animal"],
            "search: unknown actor kind \"animal\"; use person, org or place\n",
        ),
    ];
    for (args, message) in cases {
        env.cmd()
            .args(*args)
            .assert()
            .code(2)
            .stderr(*message)
            .stdout("");
    }
}

#[test]
fn a_missing_index_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none");
    Command::cargo_bin("search")
        .unwrap()
        .args(["--index", missing.to_str().unwrap(), "query", "x"])
        .assert()
        .code(2)
        .stderr(format!(
            "search: no index at {}: build one with `search index PATH...`\n",
            missing.display()
        ));
}

#[test]
fn reindexing_reports_unchanged_articles() {
    let env = Env::with_index();
    let articles = env.dir.path().join("articles");
    let v = env.json(&["index", articles.to_str().unwrap()]);
    assert_eq!(
        (v["added"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(env.json(&["stats"])["articles"], 3);
}

#[test]
fn any_memory_budget_is_usable() {
    // Budgets below tantivy's floor per thread are raised and huge ones capped, not refused.
    for memory in ["1", "100000000000"] {
        let env = Env::with_index();
        let articles = env.dir.path().join("articles");
        let fresh = env.dir.path().join("fresh");
        env.cmd()
            .arg("--index")
            .arg(&fresh)
            .args(["index", "--memory", memory])
            .arg(&articles)
            .assert()
            .success();
    }
}

#[test]
fn skipped_inputs_are_reported_with_their_place_and_exit_2() {
    let env = Env::with_index();
    let bad = env.dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"ok\", \"title\": \"Fine\", \"body\": \"Fine.\"}\n{oops\n",
    )
    .unwrap();
    env.cmd()
        .args(["index"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "search: skipped: {}:2: not valid JSON",
            bad.display()
        )))
        .stderr(predicate::str::contains(
            "1 added, 0 updated, 0 unchanged, 1 skipped",
        ));
    env.cmd().args(["show", "ok"]).assert().success();
}

#[test]
fn actors_dates_show_and_stats() {
    let env = Env::with_index();
    let actors = env.json(&["actors"]);
    assert!(actors["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["name"] == "Lena Varga" && a["kind"] == "person"));
    let dates = env.json(&["dates"]);
    let months: Vec<&str> = dates["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2024-11", "2025-03", "2025-04"]);
    let show = env.json(&["show", "treaty"]);
    assert_eq!(show["published"], "2025-03-04");
    let stats = env.json(&["stats"]);
    assert_eq!(stats["articles"], 3);
    assert_eq!(stats["first_published"], "2024-11-14");
    env.cmd()
        .args(["dates", "Rotterdam"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2025-04"));
}

#[test]
fn extract_prints_one_record_per_article_in_input_order() {
    let env = Env::with_index();
    let articles = env.dir.path().join("articles");
    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .arg(&articles)
        .output()
        .unwrap();
    assert!(out.status.success());
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["bank-1", "strike", "treaty"]);
    let treaty = &records[2];
    assert_eq!(treaty["title"], "Talks reach the point of no return");
    assert_eq!(treaty["published"], "2025-03-04");
    let text = std::fs::read_to_string(articles.join("treaty.txt")).unwrap();
    for d in treaty["dates"].as_array().unwrap() {
        let (s, e) = (
            d["start"].as_u64().unwrap() as usize,
            d["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], d["text"].as_str().unwrap());
    }
}

#[test]
fn extract_reads_json_lines_from_stdin() {
    let env = Env::with_index();
    env.cmd()
        .args(["extract", "--jsonl", "-"])
        .write_stdin(
            "{\"id\": \"s1\", \"text\": \"Minister Lena Varga visited Vienna on 3 March 2025.\"}\n",
        )
        .assert()
        .success()
        .stdout(predicate::str::starts_with("{\"id\":\"s1\""));
}

#[test]
fn extract_says_where_each_actor_is_mentioned() {
    // Spans are byte offsets into the headline and body joined by a blank line, as the
    // dates' are; a country is mentioned by its nationality adjective too.
    let env = Env::with_index();
    let out = env
        .cmd()
        .args(["extract", "--jsonl", "-"])
        .write_stdin(
            "{\"id\": \"s1\", \"title\": \"Iraqi talks\", \"text\": \"Minister Lena Varga met Iraqi officials in Baghdad. Iraq agreed.\"}\n",
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = "Iraqi talks\n\nMinister Lena Varga met Iraqi officials in Baghdad. Iraq agreed.";
    let mut seen = Vec::new();
    for actor in record["actors"].as_array().unwrap() {
        for m in actor["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], m["text"].as_str().unwrap());
            seen.push((
                actor["name"].as_str().unwrap().to_owned(),
                text[s..e].to_owned(),
            ));
        }
    }
    for (name, written) in [
        ("Iraq", "Iraqi"),
        ("Iraq", "Iraq"),
        ("Lena Varga", "Lena Varga"),
        ("Baghdad", "Baghdad"),
    ] {
        assert!(
            seen.contains(&(name.to_owned(), written.to_owned())),
            "{name} as {written:?} not in {seen:?}"
        );
    }
    assert_eq!(seen.iter().filter(|(_, w)| w == "Iraqi").count(), 2);
}

#[test]
fn help_explains_the_index_location_and_exit_codes() {
    Command::cargo_bin("search")
        .unwrap()
        .arg("--help")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("NEWSDEX_INDEX").and(predicate::str::contains("Exit codes")),
        );
}

#[test]
fn prune_removes_articles_whose_files_are_gone() {
    let env = Env::with_index();
    let articles = env.dir.path().join("articles");
    std::fs::remove_file(articles.join("strike.txt")).unwrap();
    std::fs::write(articles.join("bank.jsonl"), "").unwrap();
    let v = env.json(&["index", "--prune", articles.to_str().unwrap()]);
    assert_eq!(
        (v["pruned"].as_u64(), v["unchanged"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(env.json(&["stats"])["articles"], 1);
}

#[test]
fn delete_removes_articles_and_reports_unknown_ids() {
    let env = Env::with_index();
    env.cmd()
        .args(["delete", "treaty"])
        .assert()
        .success()
        .stderr("1 deleted\n");
    env.cmd()
        .args(["delete", "treaty", "strike"])
        .assert()
        .code(1)
        .stderr("1 deleted\nsearch: no article with id \"treaty\"\n");
    assert_eq!(env.json(&["stats"])["articles"], 1);
}

#[test]
fn bench_times_every_query_of_the_file_and_says_how_it_searched() {
    let env = Env::with_index();
    let file = env.dir.path().join("queries.txt");
    std::fs::write(
        &file,
        "# a comment\npoint of no return\n\nreturn --since 2025-03 --limit 1\n\"no return\" --actor \"Lena Varga\"\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let r = env.json(&["bench", file, "--runs", "3", "--threads", "1"]);
    assert_eq!(r["queries"], 3);
    assert_eq!(r["runs"], 3);
    assert_eq!(r["searches"], 9);
    assert_eq!(r["segments"], 1);
    assert_eq!(r["search_threads"], 1);
    // One segment: searched on one thread whatever --threads allows.
    let r4 = env.json(&["bench", file, "--runs", "1", "--threads", "4"]);
    assert_eq!(r4["search_threads"], 1, "{r4}");
    let ms = |k: &str| r[k].as_f64().unwrap();
    assert!(0.0 < ms("p50_ms") && ms("p50_ms") <= ms("p95_ms"), "{r}");
    assert!(
        ms("p95_ms") <= ms("p99_ms") && ms("p99_ms") <= ms("max_ms"),
        "{r}"
    );
    let text = env
        .cmd()
        .args(["bench", file, "--runs", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with(
            "3 queries x 1 runs = 3 searches, over 1 segment with up to 1 thread per search\np50 "
        ),
        "{text}"
    );
    env.cmd()
        .args(["bench", file, "--threads", "0"])
        .assert()
        .code(2);
    std::fs::write(env.dir.path().join("bad.txt"), "oil --limit x\n").unwrap();
    env.cmd()
        .args(["bench", env.dir.path().join("bad.txt").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "query file:1: invalid value 'x' for '--limit <N>'",
        ));
}

#[test]
fn the_query_line_takes_excluded_words_prefixes_and_fuzzy_words_as_typed() {
    let env = Env::with_index();
    // `-sign` is an excluded word, `--limit 1` an option, wherever they stand.
    let r = env.json(&["query", "return", "-sign", "--limit", "1"]);
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["id"], "treaty");
    let r = env.json(&["query", "-sign", "return"]);
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(env.json(&["query", "negot*"])["total"], 1);
    assert_eq!(env.json(&["query", "rotterdan~1"])["total"], 1);
    let out = env
        .cmd()
        .args(["query", "rotterdan", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Did you mean: rotterdam?"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        env.json(&["query", "rotterdan"])["suggestions"][0],
        "rotterdam"
    );
}

#[test]
fn undated_articles_are_reported_and_kept_on_request() {
    let env = Env::with_index();
    let extra = env.dir.path().join("undated.jsonl");
    std::fs::write(
        &extra,
        "{\"id\": \"undated\", \"title\": \"Water talks resume\", \"body\": \"The water treaty talks resume on 22 December 2025.\"}\n",
    )
    .unwrap();
    env.cmd().arg("index").arg(&extra).assert().success();
    let dates = env.json(&["dates"]);
    assert_eq!(dates["undated"], 1, "{dates}");
    env.cmd()
        .args(["dates", "--color", "never"])
        .assert()
        .stdout(predicate::str::contains(
            "1 matching article has no publication date.",
        ));
    let r = env.json(&["query", "treaty", "--since", "2025-01"]);
    assert_eq!(
        (r["total"].as_u64(), r["undated_left_out"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    let r = env.json(&["query", "treaty", "--since", "2025-01", "--include-undated"]);
    assert_eq!(r["total"], 2, "{r}");
    let r = env.json(&["query", "treaty", "--mentions", "2025-12"]);
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["mention"]["value"], "2025-12-22");
    let mentioned = env.json(&["dates", "--mentioned", "treaty", "--mentions", "2025-12"]);
    assert_eq!(mentioned["months"][0]["month"], "2025-12", "{mentioned}");
    assert_eq!(mentioned["months"][0]["count"], 1, "{mentioned}");
    assert_eq!(
        env.json(&["query", "treaty", "--since", "400w"])["total"],
        1
    );
}

/// The user's rules about actors apply at once, without re-indexing, are listed, and
/// can be undone; an alias joins two names into one count.
#[test]
fn actor_rules_apply_at_once_and_can_be_undone() {
    let env = Env::with_index();
    let count = |name: &str| -> Option<u64> {
        env.json(&["actors"])["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .and_then(|a| a["articles"].as_u64().or(a["count"].as_u64()))
    };
    assert_eq!(count("Vienna"), Some(1));
    assert_eq!(count("Rotterdam"), Some(1));
    // Vienna is another name of Rotterdam (a test of the mechanism, not of geography).
    env.cmd()
        .args(["actors", "alias", "Vienna", "Rotterdam"])
        .assert()
        .success();
    assert_eq!(count("Vienna"), None);
    assert_eq!(count("Rotterdam"), Some(2));
    // Filters follow the rule too.
    let hits = env.json(&["query", "--actor", "Rotterdam"]);
    assert_eq!(hits["total"], 2, "{hits}");
    // Hidden: out of the counts, still a filter.
    env.cmd()
        .args(["actors", "hide", "Lena Varga"])
        .assert()
        .success();
    assert_eq!(count("Lena Varga"), None);
    assert_eq!(env.json(&["query", "--actor", "Lena Varga"])["total"], 1);
    // Listed, numbered, and undone by number.
    env.cmd()
        .args(["actors", "--rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Vienna").and(predicate::str::contains("Lena Varga")));
    env.cmd().args(["actors", "forget", "1"]).assert().success();
    assert_eq!(count("Vienna"), Some(1));
    assert_eq!(count("Lena Varga"), None);
    env.cmd().args(["actors", "forget", "9"]).assert().code(2);
}

#[test]
fn query_jsonl_streams_every_match_one_hit_a_line() {
    let env = Env::with_index();
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let total = env.json(&["query", "point", "--limit", "0"])["total"]
        .as_u64()
        .unwrap();
    assert!(total >= 2, "{total}");
    // Every match without --limit.
    let all = lines(&["query", "point", "--jsonl"]);
    assert_eq!(all.len() as u64, total);
    assert!(all
        .iter()
        .all(|h| h["id"].is_string() && h["body"].is_null()));
    assert_eq!(
        lines(&["query", "point", "--jsonl", "--limit", "1"]).len(),
        1
    );
    // --with-body: the whole text and every actor.
    let full = lines(&["query", "point of no return", "--jsonl", "--with-body"]);
    let body = full[0]["body"].as_str().unwrap();
    assert!(body.contains("point of no return"), "{body}");
    assert!(!full[0]["actors"].as_array().unwrap().is_empty());
    // Flags that would be ignored are refused.
    env.cmd()
        .args(["query", "point", "--jsonl", "--facets", "3"])
        .assert()
        .code(2);
    env.cmd()
        .args(["query", "point", "--include-undated"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since or --until"));
}
