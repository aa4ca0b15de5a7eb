//! Hostile and broken input through the binary: a clear message, the rest indexed,
//! nothing lost, no panic.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::Env;

fn no_panic(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{:?}",
        out.status
    );
}

#[test]
fn hostile_queries_get_messages_not_panics() {
    let env = Env::with_index();
    let long = "treaty ".repeat(10_000);
    let ops = "AND ".repeat(500);
    let queries: Vec<&str> = vec![
        "\"",
        "(",
        ")",
        "((a)",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "a AND",
        "OR b",
        "title:",
        ":",
        "::",
        "actor:\"AC/DC\"",
        "\"\"",
        "*",
        "a*",
        "title:[a TO",
        "x^",
        "x~",
        &long,
        &ops,
        "日本語 ニュース",
    ];
    for q in queries {
        let out = env.cmd().args(["query", "--", q]).output().unwrap();
        no_panic(&out);
        if out.status.code() == Some(2) {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.starts_with("search: ") && stderr.lines().count() == 1,
                "{q:?}: {stderr}"
            );
        }
    }
}

#[test]
fn hostile_filters_and_paging() {
    let env = Env::with_index();
    let cases: &[&[&str]] = &[
        &["query", "treaty", "--actor", "AC/DC"],
        &["query", "treaty", "--actor", "org:\"Quoted\""],
        &["query", "treaty", "--actor", ""],
        &["query", "treaty", "--since", "99999"],
        &["query", "treaty", "--since", "0000-00-00"],
        &["query", "treaty", "--until", "2025-02-30"],
        &["query", "treaty", "--limit", "0"],
        &["query", "treaty", "--offset", "18446744073709551615"],
        &["query", "treaty", "--limit", "18446744073709551615"],
        &["query", "treaty", "--limit", "-1"],
        &["query", ""],
        &["show", ""],
        &["show", "../../etc/passwd"],
        &["dates", "--since", "2026", "--until", "2025"],
    ];
    for args in cases {
        let out = env.cmd().args(*args).output().unwrap();
        no_panic(&out);
    }
    env.cmd()
        .args(["query", "treaty", "--limit", "0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 matching article."));
}

#[test]
fn hostile_files_are_reported_and_the_rest_indexed() {
    let env = Env::with_index();
    let root = env.dir.path().join("hostile");
    std::fs::create_dir_all(root.join("deep/a/b/c/d/e/f/g/h/i/j")).unwrap();
    std::fs::write(
        root.join("deep/a/b/c/d/e/f/g/h/i/j/leaf.txt"),
        "Deep leaf story\n\nFound in Tallinn.",
    )
    .unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    std::fs::write(root.join("binary.txt"), [0u8, 1, 2, 3, 255, 0]).unwrap();
    std::fs::write(root.join("bad.jsonl"), "{\"id\": \"ok1\", \"title\": \"Fine\", \"body\": \"Riga.\"}\n[1,2]\n{\"id\": {\"x\":1}}\n{\"id\": \"dup\", \"title\": \"One\", \"body\": \"first\"}\n{\"id\": \"dup\", \"title\": \"Two\", \"body\": \"second\"}\n{\"id\": \"a/b ü\", \"title\": \"Slash id\", \"body\": \"Vilnius.\", \"published\": \"0000-00-00\"}\n").unwrap();
    let long_line = format!("Very long line\n\n{}", "word ".repeat(400_000));
    std::fs::write(root.join("long.txt"), long_line).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join("deep/loop")).unwrap();

    let out = env.cmd().arg("index").arg(&root).output().unwrap();
    no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "skipped inputs make exit code 2"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("binary.txt: binary file (contains NUL bytes)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.jsonl:2: record is an array, not a JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.jsonl:3: no body or title field"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.jsonl:6: date \"0000-00-00\" is not one newsdex reads"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "bad.jsonl: id \"dup\" appears more than once in this run; the last one wins"
        ),
        "{stderr}"
    );
    #[cfg(unix)]
    assert!(
        stderr.contains("symbolic link loop; not followed"),
        "{stderr}"
    );
    for (id, title) in [
        ("deep/a/b/c/d/e/f/g/h/i/j/leaf", "Deep leaf story"),
        ("dup", "Two"),
        ("a/b ü", "Slash id"),
        ("long", "Very long line"),
    ] {
        env.cmd()
            .args(["show", id, "--json"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("\"title\":\"{title}\"")));
    }
}

#[test]
fn a_vanished_input_is_reported() {
    let env = Env::with_index();
    let gone = env.dir.path().join("gone.txt");
    let out = env.cmd().arg("index").arg(&gone).output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gone.txt: no such file or directory"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    let env = Env::with_index();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("search"))
        .env("NEWSDEX_INDEX", env.index())
        .args(["extract", "--jsonl"])
        .arg(env.dir.path().join("articles"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = Command::cargo_bin("search");
}
