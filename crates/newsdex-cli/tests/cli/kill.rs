//! Crash safety: `search index` killed with SIGKILL at random moments leaves an index
//! that opens, holds exactly the articles of a commit (never part of one, never a
//! duplicate), round-trips every stored article, and a re-run completes it.
//!
//! Trials: `NEWSDEX_KILL_TRIALS` (default 20), with a fixed seed so a failure replays.

use std::collections::HashSet;
use std::io::Write;
use std::time::Duration;

use newsdex::{Index, SearchRequestBuilder};

/// SplitMix64: a fixed-seed generator for kill times and article text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ARTICLES: usize = 3_000;
const COMMIT_EVERY: usize = 250;

fn body(i: usize, rng: &mut Rng) -> String {
    const WORDS: [&str; 12] = [
        "river", "treaty", "harbour", "strike", "minister", "vote", "grain", "power", "dam",
        "port", "talks", "summit",
    ];
    let mut s = format!("Minister Lena Varga spoke in Vienna about article {i}.");
    for _ in 0..60 {
        s.push(' ');
        s.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    s
}

#[test]
fn killed_index_runs_keep_whole_commits_and_rerun_to_completion() {
    let trials: u64 = std::env::var("NEWSDEX_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut rng = Rng(0x006e_6577_7364_6578);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let mut bodies = std::collections::HashMap::new();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        for i in 0..ARTICLES {
            let b = body(i, &mut rng);
            let rec = serde_json::json!({"id": format!("a{i:05}"), "title": format!("Report {i}"), "body": b, "published": "2025-06-02"});
            writeln!(f, "{rec}").unwrap();
            bodies.insert(format!("a{i:05}"), b);
        }
    }
    let search = assert_cmd::cargo::cargo_bin("search");
    let mut outcomes = Vec::new();
    for trial in 0..trials {
        let index_dir = dir.path().join(format!("index-{trial}"));
        let args = |cmd: &mut std::process::Command| {
            cmd.arg("--index")
                .arg(&index_dir)
                .args([
                    "index",
                    "--commit-every",
                    &COMMIT_EVERY.to_string(),
                    "--threads",
                    "1",
                ])
                .arg(&input)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
        };
        let mut cmd = std::process::Command::new(&search);
        args(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(50 + rng.below(1_500)));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();

        // The index may not exist yet if the kill came before its creation.
        let visible = match Index::open_in_dir(&index_dir) {
            Ok(index) => {
                let n = check_consistent(&index, &bodies);
                assert!(
                    n.is_multiple_of(COMMIT_EVERY as u64) || n == ARTICLES as u64,
                    "trial {trial}: {n} articles is not a whole number of commits"
                );
                n
            }
            Err(e) => {
                assert!(e.is_user_error(), "trial {trial}: {e}");
                0
            }
        };
        // A re-run, with no stale lock in the way, completes the set.
        let mut cmd = std::process::Command::new(&search);
        args(&mut cmd);
        let rerun = cmd.stderr(std::process::Stdio::piped()).output().unwrap();
        assert!(
            rerun.status.success(),
            "trial {trial}: re-run failed ({}): {}",
            rerun.status,
            String::from_utf8_lossy(&rerun.stderr)
        );
        let index = Index::open_in_dir(&index_dir).unwrap();
        assert_eq!(
            check_consistent(&index, &bodies),
            ARTICLES as u64,
            "trial {trial}"
        );
        outcomes.push((visible, finished));
        std::fs::remove_dir_all(&index_dir).unwrap();
    }
    eprintln!("kill trials (articles visible after the kill, run had finished): {outcomes:?}");
}

/// No duplicate ids, every article's stored body is what was written; returns the count.
fn check_consistent(index: &Index, bodies: &std::collections::HashMap<String, String>) -> u64 {
    let all = index
        .search(
            &SearchRequestBuilder::new("")
                .limit(ARTICLES + 10)
                .actor_facets(0)
                .build(),
        )
        .unwrap();
    let mut ids = HashSet::new();
    for hit in &all.hits {
        assert!(ids.insert(hit.id.clone()), "duplicate id {}", hit.id);
        let article = index.article(&hit.id).unwrap();
        assert_eq!(
            Some(&article.body),
            bodies.get(&hit.id),
            "article {} does not round-trip",
            hit.id
        );
    }
    assert_eq!(all.total, ids.len() as u64);
    assert_eq!(index.stats().unwrap().articles, all.total);
    all.total
}

#[test]
fn a_second_index_run_is_refused_while_searches_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let mut rng = Rng(7);
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        for i in 0..ARTICLES {
            let rec = serde_json::json!({"id": format!("a{i}"), "title": "Report", "body": body(i, &mut rng)});
            writeln!(f, "{rec}").unwrap();
        }
    }
    let index_dir = dir.path().join("index");
    let search = assert_cmd::cargo::cargo_bin("search");
    let mut first = std::process::Command::new(&search)
        .arg("--index")
        .arg(&index_dir)
        .args(["index", "--commit-every", "100", "--threads", "1"])
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first run to hold the writer lock (it names itself in the pid file
    // once it has), then try a second writer and a search.
    let started = std::time::Instant::now();
    while !index_dir.join("newsdex.writer.pid").exists()
        && started.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let second = std::process::Command::new(&search)
        .arg("--index")
        .arg(&index_dir)
        .arg("index")
        .arg(&input)
        .output()
        .unwrap();
    let query = std::process::Command::new(&search)
        .arg("--index")
        .arg(&index_dir)
        .args(["query", "treaty"])
        .output()
        .unwrap();
    let still_running = first.try_wait().unwrap().is_none();
    first.wait().unwrap();
    if still_running {
        assert_eq!(second.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&second.stderr);
        let expected = format!("is being written by process {}", first.id());
        assert!(stderr.contains(&expected), "{stderr}");
        assert!(
            matches!(query.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&query.stderr)
        );
    } else {
        eprintln!("skipped: the first run finished before the second started");
    }
}
