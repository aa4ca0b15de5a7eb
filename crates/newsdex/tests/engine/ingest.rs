//! Reading files and folders, upserts, and reporting bad input while indexing the rest.

use std::fs;
use std::path::{Path, PathBuf};

use newsdex::{Article, Index, IndexerOptions, SearchRequestBuilder};

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

fn run(index: &Index, paths: &[PathBuf]) -> newsdex::IndexReport {
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.index_paths(paths, &mut |_| {}).unwrap()
}

fn total(index: &Index, text: &str) -> u64 {
    index
        .search(&SearchRequestBuilder::new(text).limit(0).build())
        .unwrap()
        .total
}

#[test]
fn folders_are_read_recursively_with_path_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "Harbour strike ends\n\nDock workers in Gdansk went back to work.",
    );
    write(
        dir.path(),
        "sub/b.md",
        "Grain prices rise\n\nTraders in Odesa reported higher prices.",
    );
    write(dir.path(), "sub/notes.pdf", "%PDF-1.4 not read");
    write(dir.path(), ".hidden/c.txt", "Hidden\n\nNever indexed.");
    let index = Index::create_in_ram().unwrap();
    let report = run(&index, &[dir.path().to_path_buf()]);
    assert_eq!((report.added, report.skipped, report.files), (2, 0, 2));
    assert_eq!(
        index.article("sub/b").unwrap().title.as_deref(),
        Some("Grain prices rise")
    );
    assert_eq!(
        index.article("a").unwrap().title.as_deref(),
        Some("Harbour strike ends")
    );
    assert_eq!(total(&index, "hidden"), 0);
}

#[test]
fn indexing_twice_keeps_one_copy_and_changes_replace() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "a.txt",
        "Harbour strike ends\n\nDock workers went back to work.",
    );
    let index = Index::create_in_ram().unwrap();
    let first = run(&index, &[dir.path().to_path_buf()]);
    assert_eq!(first.added, 1);
    let second = run(&index, &[dir.path().to_path_buf()]);
    assert_eq!((second.added, second.updated, second.unchanged), (0, 0, 1));
    assert_eq!(index.stats().unwrap().articles, 1);

    fs::write(
        &file,
        "Harbour strike resumes\n\nDock workers walked out again.",
    )
    .unwrap();
    let third = run(&index, &[dir.path().to_path_buf()]);
    assert_eq!((third.added, third.updated), (0, 1));
    assert_eq!(index.stats().unwrap().articles, 1);
    assert_eq!(total(&index, "resumes"), 1);
    assert_eq!(total(&index, "ends"), 0, "the old version is gone");
}

#[test]
fn json_lines_records_are_articles_and_bad_lines_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "wire.jsonl",
        concat!(
            r#"{"id": "w1", "title": "Ports reopen", "body": "Ships left Piraeus.", "published": "2025-06-02", "extra": [1]}"#,
            "\n",
            "{not json\n",
            "\n",
            r#"{"id": 7, "text": "Storm warning for the Dalmatian coast\n\nRain hit Split.", "published": "1996-08-30T10:00:00Z"}"#,
            "\n",
            r#"{"id": "w3", "title": 5}"#,
            "\n",
            r#"{"id": "w4", "title": "Bad date", "body": "x", "published": "99999-01-01"}"#,
            "\n",
        ),
    );
    let index = Index::create_in_ram().unwrap();
    let report = run(&index, std::slice::from_ref(&jsonl));
    // w3's title, a number, is read as text.
    assert_eq!(report.added, 4);
    assert_eq!(report.skipped, 1);
    let lines: Vec<(Option<usize>, bool)> =
        report.issues.iter().map(|i| (i.line, i.skipped)).collect();
    assert_eq!(lines, vec![(Some(2), true), (Some(6), false)]);
    assert!(report.issues[0]
        .to_string()
        .starts_with(&format!("{}:2: not valid JSON", jsonl.display())));
    assert!(report.issues[1]
        .message
        .contains("is not one newsdex reads; read without a date"));

    let w1 = index.article("w1").unwrap();
    assert_eq!(
        w1.published.map(|d| d.to_string()),
        Some("2025-06-02".into())
    );
    let seven = index.article("7").unwrap();
    assert_eq!(
        seven.title.as_deref(),
        Some("Storm warning for the Dalmatian coast")
    );
    assert_eq!(
        seven.published.map(|d| d.to_string()),
        Some("1996-08-30".into())
    );
    assert_eq!(index.article("w4").unwrap().published, None);
}

#[test]
fn odd_files_are_decoded_or_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "binary.txt", [0u8, 159, 146, 150, 0, 1, 2]);
    write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 owners protest\n\nOwners in Lyon closed early.",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Snow in Oslo\n\nTrains stopped.".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    write(dir.path(), "utf16.txt", utf16);
    write(dir.path(), "empty.txt", "");
    let index = Index::create_in_ram().unwrap();
    let report = run(
        &index,
        &[dir.path().to_path_buf(), dir.path().join("missing.txt")],
    );
    let messages: Vec<String> = report.issues.iter().map(|i| i.message.clone()).collect();
    assert!(
        messages.contains(&"binary file (contains NUL bytes)".to_owned()),
        "{messages:?}"
    );
    assert!(messages.contains(&"no such file or directory".to_owned()));
    assert!(messages.contains(&"empty file".to_owned()), "{messages:?}");
    assert_eq!(report.skipped, 3);
    assert_eq!(total(&index, "Oslo"), 1);
    // Latin-1 text is recognised as such, not read as broken UTF-8.
    assert_eq!(total(&index, "Lyon"), 1);
    assert_eq!(
        index.article("latin1").unwrap().title.as_deref(),
        Some("Café owners protest")
    );
}

#[test]
fn an_index_on_disk_reopens_with_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    {
        let index = Index::create_in_dir(&path).unwrap();
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        indexer
            .add(
                newsdex::Article::new("x")
                    .with_title("Bridge opens")
                    .with_body("The bridge opened in Mostar."),
            )
            .unwrap();
        indexer.commit().unwrap();
    }
    let index = Index::open_in_dir(&path).unwrap();
    assert_eq!(total(&index, "Mostar"), 1);
}

#[test]
fn opening_a_missing_index_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let err = Index::open_in_dir(&missing).unwrap_err();
    assert!(matches!(
        &err,
        newsdex::Error::User(newsdex::UserError::IndexNotFound { path }) if *path == missing
    ));
    assert_eq!(
        err.to_string(),
        format!("no index at {}", missing.display())
    );
}

#[test]
fn an_index_of_another_format_version_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    Index::create_in_dir(dir.path()).unwrap();
    fs::write(
        dir.path().join("newsdex.json"),
        r#"{"format": 999, "created_by": "future"}"#,
    )
    .unwrap();
    let err = Index::open_in_dir(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains("has format version 999, this newsdex reads version 5"),
        "{err}"
    );
}

#[test]
fn a_second_writer_is_told_the_index_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_in_dir(dir.path()).unwrap();
    let _first = index.indexer(IndexerOptions::default()).unwrap();
    let other = Index::open_in_dir(dir.path()).unwrap();
    let err = other
        .indexer(IndexerOptions::default())
        .map(|_| ())
        .unwrap_err();
    let expected = format!("is being written by process {}", std::process::id());
    assert!(err.to_string().contains(&expected), "{err}");
}

#[test]
fn deleting_removes_an_article() {
    let index = crate::index_of(crate::corpus());
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    assert!(indexer.delete("exact").unwrap());
    assert!(!indexer.delete("no-such-id").unwrap());
    indexer.commit().unwrap();
    assert!(index.article("exact").is_err());
    assert_eq!(index.stats().unwrap().articles, 4);
}

#[test]
fn a_file_that_vanishes_between_discovery_and_reading_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "soon-gone.txt",
        "Gone\n\nThis file is deleted mid-run.",
    );
    let options = newsdex::ReadOptions::default();
    let found = newsdex::discover(&[dir.path().to_path_buf()], &options).unwrap();
    assert!(found.issues.is_empty());
    fs::remove_file(&path).unwrap();
    let mut issues = Vec::new();
    let err = newsdex::read_file(&found.files[0], &options, &mut issues, |_| {
        panic!("no article expected")
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("cannot read {}", path.display())),
        "{err}"
    );
}

#[test]
fn an_index_with_other_fields_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    Index::create_in_dir(dir.path()).unwrap();
    // Same version stamp, different layout: as left by an earlier build.
    let meta = dir.path().join("meta.json");
    let text = fs::read_to_string(&meta)
        .unwrap()
        .replace("\"actor_form\"", "\"actor_forms_old\"");
    fs::write(&meta, text).unwrap();
    let err = Index::open_in_dir(dir.path()).unwrap_err();
    assert!(err.is_user_error(), "{err}");
    assert!(err.to_string().contains("rebuild it"), "{err}");
}

#[test]
fn merges_stay_within_their_budget_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..400)
        .map(|i| format!(r#"{{"id": "n{i}", "title": "Report {i}", "body": "Harbour cranes stood idle on day {i}."}}"#))
        .collect();
    let input = write(dir.path(), "wire.jsonl", lines.join("\n"));
    let segments = |path: &Path| {
        fs::read_dir(path)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "idx")
            })
            .count()
    };
    for (budget, expect_one) in [(1u64, false), (u64::MAX, true)] {
        let path = dir.path().join(format!("index-{budget}"));
        let index = Index::open_or_create_in_dir(&path).unwrap();
        let mut options = IndexerOptions::default();
        // A commit every 50 articles makes at least 8 segments.
        options.commit_every_articles = 50;
        options.max_merge_bytes = budget;
        let report = index
            .indexer(options)
            .unwrap()
            .index_paths(std::slice::from_ref(&input), &mut |_| {})
            .unwrap();
        assert_eq!(report.added, 400);
        assert_eq!(total(&index, "harbour"), 400);
        let n = segments(&path);
        if expect_one {
            assert_eq!(n, 1, "everything fits the budget: one segment");
        } else {
            assert!(n >= 8, "no merge fits a 1-byte budget, yet {n} segments");
        }
    }
}

/// A JSON Lines record without a title keeps every byte of its text as body, the line
/// taken as its title included; a record with a title keeps its body as given.
#[test]
fn records_without_a_title_lose_no_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "wire.jsonl",
        "{\"id\": \"flash\", \"body\": \"DELIVERABLE CORN STOCKS\\nStocks of corn in licensed warehouses fell.\"}\n\
         {\"id\": \"story\", \"title\": \"Corn stocks fall\", \"body\": \"Stocks fell.\"}\n",
    );
    let index = Index::create_in_ram().unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.index_paths(&[input], &mut |_| {}).unwrap();
    drop(indexer);
    let flash = index.article("flash").unwrap();
    assert_eq!(
        flash.body,
        "DELIVERABLE CORN STOCKS\nStocks of corn in licensed warehouses fell."
    );
    assert_eq!(index.article("story").unwrap().body, "Stocks fell.");
}

/// Progress moves inside a large file, not only when it ends (an 80 MB export sat at 0
/// for 11 s, then jumped to 100%).
#[test]
fn progress_is_reported_by_bytes_inside_a_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..6000)
        .map(|i| format!(r#"{{"id": "n{i}", "title": "Report {i}", "body": "Harbour cranes stood idle on day {i}; dock workers in Gdansk said talks would go on."}}"#))
        .collect();
    let input = write(dir.path(), "wire.jsonl", lines.join("\n"));
    let total = fs::metadata(&input).unwrap().len();
    let index = Index::create_in_ram().unwrap();
    let mut options = IndexerOptions::default();
    options.batch_size = 64;
    let mut indexer = index.indexer(options).unwrap();
    let mut seen = Vec::new();
    indexer
        .index_paths(&[input], &mut |p| seen.push((p.bytes_done, p.bytes_total)))
        .unwrap();
    assert!(seen.iter().all(|&(_, t)| t == total));
    let inside = seen.iter().filter(|&&(d, _)| d > 0 && d < total).count();
    assert!(inside > 0, "no progress inside the file: {seen:?}");
    assert_eq!(seen.last().map(|p| p.0), Some(total));
}

/// The library's side of `--saved-at`: a relative byline is read against the day the
/// page was saved, and the stored article says where its publication date came from.
#[test]
fn publication_dates_keep_their_source() {
    let day = |d: u8| newsdex::Date::from_calendar_date(2025, newsdex::Month::June, d).unwrap();
    let text = "Grain talks resume\n\n3 days ago\n\nNegotiators met in Vienna on grain exports.";
    let index = crate::index_of(vec![
        Article::new("relative")
            .with_page_text(text)
            .with_saved_at(day(10)),
        Article::new("unsaved").with_page_text(text),
        Article::new("dateline")
            .with_page_text("Ports reopen\n\nATHENS, June 2, 2025 - Ships left Piraeus."),
        Article::new("given")
            .with_title("Dam gates opened")
            .with_body("Engineers opened the gates 3 days ago.")
            .with_published(day(1))
            .with_saved_at(day(10)),
    ]);
    let source = |id: &str| {
        let a = index.article(id).unwrap();
        (a.published, a.published_source)
    };
    assert_eq!(
        source("relative"),
        (Some(day(7)), Some("relative".to_owned()))
    );
    assert_eq!(source("unsaved"), (None, None));
    assert_eq!(
        source("dateline"),
        (Some(day(2)), Some("dateline".to_owned()))
    );
    assert_eq!(source("given"), (Some(day(1)), Some("given".to_owned())));
}

/// An index kept inside the folder it indexes (or any other newsdex index there) is not
/// read as articles: its JSON files would be "records without text" or, worse, articles.
#[test]
fn an_index_inside_the_folder_is_not_input() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "Ports reopen\n\nShips left Piraeus on Monday.",
    );
    let index = Index::create_in_dir(dir.path().join("index")).unwrap();
    let other = Index::create_in_dir(dir.path().join("old/index")).unwrap();
    drop(other);
    let first = run(&index, &[dir.path().to_path_buf()]);
    assert_eq!((first.added, first.skipped), (1, 0), "{first:?}");
    assert!(first.issues.is_empty(), "{:?}", first.issues);
    let again = run(&index, &[dir.path().to_path_buf()]);
    assert_eq!((again.added, again.unchanged, again.skipped), (0, 1, 0));
}

/// Sets a file's modification time `secs_ago` seconds back, as a file written earlier.
fn age(path: &Path, secs_ago: u64) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(secs_ago);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn a_run_on_inputs_unchanged_since_the_last_reads_nothing() {
    let inputs = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let a = write(
        inputs.path(),
        "a.jsonl",
        "{\"id\":\"a1\",\"title\":\"Harbour strike ends\",\"body\":\"Dock workers went back.\"}\n\
         {\"id\":\"a2\",\"title\":\"\",\"body\":\"\"}\n",
    );
    let b = write(
        inputs.path(),
        "b.txt",
        "Grain prices rise\n\nTraders saw more.",
    );
    age(&a, 3600);
    age(&b, 3600);
    let paths = [inputs.path().to_path_buf()];
    let index = Index::open_or_create_in_dir(home.path()).unwrap();
    let first = run(&index, &paths);
    assert_eq!((first.added, first.inputs_unchanged), (2, false));
    assert_eq!(first.issues.len(), 1, "{:?}", first.issues);

    // The same inputs again: nothing read, the same counts and warnings given.
    let again = run(&index, &paths);
    assert!(again.inputs_unchanged, "{again:?}");
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!((again.files, again.bytes), (2, 0));
    assert_eq!(again.issues, first.issues);
    assert_eq!(again.left_out, first.left_out);

    // A change of the same length, with an older time: the time differs, so it is read.
    fs::write(&b, "Grain prices fall\n\nTraders saw more.").unwrap();
    age(&b, 7200);
    let changed = run(&index, &paths);
    assert_eq!((changed.updated, changed.inputs_unchanged), (1, false));
    assert_eq!(total(&index, "fall"), 1);
    assert!(run(&index, &paths).inputs_unchanged);

    // A write from elsewhere makes the record stale: the deleted article comes back.
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    assert!(indexer.delete("a1").unwrap());
    indexer.commit().unwrap();
    drop(indexer);
    let restored = run(&index, &paths);
    assert_eq!((restored.added, restored.inputs_unchanged), (1, false));
    assert_eq!(total(&index, "harbour"), 1);

    // Other options (pruning) read again; so does a file just written, whose time a
    // coarse clock may not have moved.
    let mut options = IndexerOptions::default();
    options.prune = true;
    let mut indexer = index.indexer(options).unwrap();
    let pruning = indexer.index_paths(&paths, &mut |_| {}).unwrap();
    assert!(!pruning.inputs_unchanged);
    drop(indexer);
    let c = write(
        inputs.path(),
        "c.txt",
        "Ferry service resumes\n\nBoats sail again.",
    );
    // (Dated a moment ahead, so that a slow machine cannot make it look settled.)
    fs::File::options()
        .write(true)
        .open(&c)
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(1))
        .unwrap();
    let fresh = run(&index, &paths);
    assert_eq!((fresh.added, fresh.inputs_unchanged), (1, false));
    let racy = run(&index, &paths);
    assert!(
        !racy.inputs_unchanged,
        "a file written just now is read again"
    );
    assert_eq!(racy.unchanged, 3);
}

/// A hit's id is read from the id's column, through the id's terms where they number
/// the ids alike: right for every article, also in segments that keep replaced and
/// deleted articles' ids.
#[test]
fn every_hit_and_article_has_its_own_id_after_updates_and_deletes() {
    let index = Index::create_in_ram().unwrap();
    let article = |i: usize, version: &str| {
        Article::new(format!("wire-{i:03}"))
            .with_title(format!("Report {i}"))
            .with_body(format!("Marker{i} {version} text of the report."))
    };
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer
        .add_batch((0..120).map(|i| article(i, "first")).collect())
        .unwrap();
    indexer.commit().unwrap();
    // Every third replaced, every fifth deleted: their old ids stay in the segment.
    indexer
        .add_batch((0..120).step_by(3).map(|i| article(i, "second")).collect())
        .unwrap();
    for i in (1..120).step_by(5) {
        indexer.delete(&format!("wire-{i:03}")).unwrap();
    }
    indexer.commit().unwrap();
    drop(indexer);
    for i in 0..120 {
        let id = format!("wire-{i:03}");
        let hits = index
            .search(&SearchRequestBuilder::new(format!("marker{i}")).build())
            .unwrap()
            .hits;
        if i % 5 == 1 {
            assert!(hits.is_empty(), "{id} was deleted");
            continue;
        }
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, [id.as_str()]);
        let stored = index.article(&id).unwrap();
        assert_eq!(stored.id, id);
        assert_eq!(stored.body.contains("second"), i % 3 == 0, "{id}");
    }
}
