//! One test per defect found by the second round of hardening (issue 17), named by the
//! defect, each failing on the code that had it. They drive the real binary on inputs
//! and damage made here: nothing may crash, give a wrong answer, or write outside the
//! index.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

use crate::Env;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exit 2 with one line on stderr that contains `what`, and no panic.
fn refused(out: &Output, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("search: ") && err.lines().count() == 1,
        "{err}"
    );
    assert!(err.contains(what), "expected {what:?} in {err}");
    assert!(!err.contains("panicked"), "{err}");
}

fn write_jsonl(path: &Path, records: &[serde_json::Value]) {
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn search_at(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("search").unwrap();
    cmd.arg("--index").arg(index);
    cmd
}

/// Defect 1: `query "a AND (a AND (... 1000 levels ...))"` overflowed the stack (exit 134).
#[test]
fn deeply_nested_queries_are_refused_not_a_stack_overflow() {
    let env = Env::with_index();
    let nested =
        |depth: usize| format!("{}return{}", "point AND (".repeat(depth), ")".repeat(depth));
    let out = env.cmd().args(["query", &nested(1000)]).output().unwrap();
    refused(&out, "parentheses nest more than 32 deep");
    let started = Instant::now();
    let out = env.cmd().args(["query", &nested(32)]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(10));
    // The same through `bench`.
    let file = env.dir.path().join("nested.txt");
    std::fs::write(&file, nested(1000)).unwrap();
    let out = env.cmd().arg("bench").arg(&file).output().unwrap();
    refused(&out, "parentheses nest more than 32 deep");
}

/// Defect 2: Days outside 1677–2262 did not fit tantivy's nanosecond dates: 9999-06-01 was
/// stored as 1815-08-29 and ranges to 9999 found nothing.
#[test]
fn publication_days_from_year_1_to_9999_are_kept_and_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("far.jsonl");
    write_jsonl(
        &input,
        &[
            serde_json::json!({"id": "future", "title": "Cocoa in 9999", "body": "Cocoa.", "published": "9999-06-01"}),
            serde_json::json!({"id": "past", "title": "Cocoa in 1000", "body": "Cocoa.", "published": "1000-01-01"}),
            serde_json::json!({"id": "now", "title": "Cocoa now", "body": "Cocoa.", "published": "2025-03-04"}),
        ],
    );
    let index = dir.path().join("index");
    search_at(&index)
        .arg("index")
        .arg(&input)
        .assert()
        .success();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = search_at(&index).args(args).arg("--json").output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(json(&["show", "future"])["published"], "9999-06-01");
    assert_eq!(
        json(&["query", "cocoa", "--until", "9999-12-31"])["total"],
        3
    );
    assert_eq!(json(&["query", "cocoa", "--since", "1000"])["total"], 3);
    assert_eq!(json(&["query", "cocoa", "--since", "2026"])["total"], 1);
    let by_date = json(&["query", "cocoa", "--sort", "date"]);
    let order: Vec<&str> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["future", "now", "past"]);
    let stats = json(&["stats"]);
    assert_eq!(
        (
            stats["first_published"].as_str(),
            stats["last_published"].as_str()
        ),
        (Some("1000-01-01"), Some("9999-06-01"))
    );
}

/// Defect 3: Ids over 65,530 bytes were dropped from tantivy's id terms, so every run added
/// the article again and no command could find it.
#[test]
fn ids_too_long_to_index_are_refused_not_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.jsonl");
    write_jsonl(
        &input,
        &[
            serde_json::json!({"id": "x".repeat(70_000), "title": "Long", "body": "Cocoa."}),
            serde_json::json!({"id": "short", "title": "Short", "body": "Cocoa."}),
        ],
    );
    let index = dir.path().join("index");
    for _ in 0..3 {
        let out = search_at(&index).arg("index").arg(&input).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("its id is 70000 bytes long"),
            "{}",
            stderr(&out)
        );
    }
    let out = search_at(&index)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 1);
}

/// Defect 4: The writer's pid file was written through a symbolic link planted in its place.
#[cfg(unix)]
#[test]
fn files_in_the_index_are_never_written_through_planted_links() {
    let env = Env::with_index();
    let outside = env.dir.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let pid = env.index().join("newsdex.writer.pid");
    std::os::unix::fs::symlink(&outside, &pid).unwrap();
    env.cmd().args(["delete", "strike"]).assert().success();
    let articles = env.dir.path().join("articles");
    env.cmd().arg("index").arg(&articles).assert().success();
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    // tantivy opens its lock file following links: a link there is refused.
    let missing = env.dir.path().join("created-outside");
    let lock = env.index().join(".tantivy-writer.lock");
    let _ = std::fs::remove_file(&lock);
    std::os::unix::fs::symlink(&missing, &lock).unwrap();
    let out = env.cmd().arg("index").arg(&articles).output().unwrap();
    refused(&out, "is a symbolic link");
    assert!(!missing.exists(), "the link's target was created");
}

/// Defect 5: Escape sequences in article text reached the terminal raw.
#[test]
fn escape_sequences_in_articles_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("evil.jsonl");
    let title = "Cocoa \u{1b}[2J\u{1b}]0;owned\u{7} prices";
    let body =
        "Cocoa \u{1b}]8;;http://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\ rose \u{202e}desrever";
    write_jsonl(
        &input,
        &[serde_json::json!({"id": "evil\u{1b}[31m", "title": title, "body": body})],
    );
    let index = dir.path().join("index");
    search_at(&index)
        .arg("index")
        .arg(&input)
        .assert()
        .success();
    for args in [
        vec!["query", "cocoa", "--color", "never"],
        vec!["query", "cocoa", "--color", "always"],
        vec!["show", "evil\u{1b}[31m", "--color", "never"],
        vec!["actors", "--color", "never"],
    ] {
        let out = search_at(&index).args(&args).output().unwrap();
        let text = stdout(&out);
        for seq in ["\u{1b}[2J", "\u{1b}]", "\u{1b}[31m", "\u{7}", "\u{202e}"] {
            assert!(!text.contains(seq), "{args:?} printed {seq:?}: {text:?}");
        }
        if args[0] != "actors" {
            assert!(text.contains("\\u{1b}"), "{args:?}: {text}");
        }
    }
}

/// Every file of every segment of an index.
fn segment_files(index: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.len() > 33 && name.as_bytes()[32] == b'.'
        })
        .collect();
    files.sort();
    files
}

/// Defect 6: Bytes flipped in `.idx`, `.fast` or `.store` files made commands panic (exit 101),
/// gave silently wrong counts, and `index` merged the damage on.
#[test]
fn damaged_index_files_are_named_and_never_searched() {
    let env = Env::with_index();
    let pristine = env.dir.path().join("pristine");
    copy_dir(&env.index(), &pristine);
    let files = segment_files(&pristine);
    assert!(files.len() >= 5, "{files:?}");
    let articles = env.dir.path().join("articles");
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for at in [0.1, 0.5, 0.9] {
            let _ = std::fs::remove_dir_all(env.index());
            copy_dir(&pristine, &env.index());
            let damaged = env.index().join(&name);
            let mut bytes = std::fs::read(&damaged).unwrap();
            let i = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
            bytes[i] ^= 0x5a;
            std::fs::write(&damaged, &bytes).unwrap();
            for args in [
                vec!["query", "return"],
                vec!["stats"],
                vec!["show", "treaty"],
                vec!["actors"],
                vec!["check"],
            ] {
                let out = env.cmd().args(&args).output().unwrap();
                refused(&out, &format!("is damaged (file {name})"));
            }
            let out = env.cmd().arg("index").arg(&articles).output().unwrap();
            refused(&out, "is damaged");
            // Nothing was merged over the damage.
            assert_eq!(std::fs::read(&damaged).unwrap(), bytes);
        }
    }
    let _ = std::fs::remove_dir_all(env.index());
    copy_dir(&pristine, &env.index());
    env.cmd().arg("check").assert().success();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Defect 7: An index on a read-only mount, or another user's, could not be searched: "Failed
/// to acquire Lockfile" twice and a stray "None".
#[cfg(unix)]
#[test]
fn a_read_only_index_can_be_searched() {
    let env = Env::with_index();
    // As root the permission bits do not bind; another user is needed.
    let nobody = is_root() && Path::new("/usr/bin/setpriv").exists();
    if !nobody {
        eprintln!("skipped: needs root and setpriv to search as another user");
        return;
    }
    let shared = tempfile::Builder::new()
        .prefix("newsdex-ro-")
        .tempdir_in("/tmp")
        .unwrap();
    let index = shared.path().join("index");
    copy_dir(&env.index(), &index);
    chmod(shared.path(), 0o755);
    chmod(&index, 0o555);
    for file in std::fs::read_dir(&index).unwrap() {
        chmod(&file.unwrap().path(), 0o444);
    }
    let search = assert_cmd::cargo::cargo_bin("search");
    let as_nobody = |args: &[&str]| {
        std::process::Command::new("/usr/bin/setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&search)
            .arg("--index")
            .arg(&index)
            .args(args)
            .env("HOME", "/nonexistent")
            .output()
            .unwrap()
    };
    let out = as_nobody(&["query", "return", "--color", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).contains("point of no return"));
    let out = as_nobody(&["stats"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = as_nobody(&["delete", "treaty"]);
    refused(&out, "is read-only here");
    chmod(&index, 0o755);
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Defect 8: Suggestions for an unknown `--actor` of 10 KB took 7.5 s (100 KB: 79 s).
#[test]
fn suggestions_for_a_huge_unknown_actor_come_at_once() {
    let env = Env::with_index();
    for len in [10_000, 100_000] {
        let name = "Varg".repeat(len / 4);
        let started = Instant::now();
        let out = env
            .cmd()
            .args(["query", "x", "--actor", &name])
            .output()
            .unwrap();
        refused(&out, "no article names the actor");
        // A debug build on a loaded machine; the release figure is in the closing note.
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
}

/// Defect 9: A 2 GB file was read whole before it was found binary; one huge article took
/// memory and time out of proportion.
#[test]
fn files_over_the_article_cap_are_skipped_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let text = "Cocoa prices rose. ".repeat(600_000); // 11.4 MB
    std::fs::write(&big, &text).unwrap();
    let jsonl = dir.path().join("big.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "huge", "title": "Huge", "body": text}),
            serde_json::json!({"id": "small", "title": "Small", "body": "Cocoa."})
        ),
    )
    .unwrap();
    let index = dir.path().join("index");
    let out = search_at(&index)
        .arg("index")
        .arg(&big)
        .arg(&jsonl)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("big.txt: it is 11.4 MB, over the 8.0 MB"),
        "{err}"
    );
    assert!(err.contains("big.jsonl:1: it is 11.4 MB"), "{err}");
    // Raised, the same file is indexed.
    let out = search_at(&index)
        .args(["index", "--max-article-mb", "20"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = search_at(&index)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 2);
    // Binary files are found from their first bytes.
    let binary = dir.path().join("data.txt");
    let mut bytes = vec![0u8; 64];
    bytes.extend(std::iter::repeat_n(b'a', 1 << 20));
    std::fs::write(&binary, bytes).unwrap();
    let out = search_at(&index)
        .arg("index")
        .arg(&binary)
        .output()
        .unwrap();
    assert!(stderr(&out).contains("binary file"), "{}", stderr(&out));
}

/// Defect 10: A full disk gave tantivy's "An index writer was killed", and the failed run's
/// partial segment stayed, so every later run failed too.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_named_and_a_later_run_succeeds() {
    let Some(mount) = SmallDisk::mount(1 << 20) else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let records: Vec<serde_json::Value> = (0..4000)
        .map(|i| {
            // Words that do not repeat, so that the index does not compress to nothing.
            let words: Vec<String> = (0..60).map(|w| format!("w{:x}", (i * 7919 + w * 104_729) % 1_000_003)).collect();
            serde_json::json!({"id": format!("a{i}"), "title": format!("Report {i}"), "body": format!("Minister Lena Varga spoke about harbour {i}. {}", words.join(" "))})
        })
        .collect();
    write_jsonl(&input, &records);
    let index = mount.path.join("index");
    let out = search_at(&index).arg("index").arg(&input).output().unwrap();
    refused(&out, "no space left on the disk of the index");
    // Space freed: a smaller run goes through.
    let small = dir.path().join("small.jsonl");
    write_jsonl(&small, &records[..20]);
    let out = search_at(&index).arg("index").arg(&small).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[cfg(target_os = "linux")]
struct SmallDisk {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(bytes: u64) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { path, _dir: dir })
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.path)
            .status();
    }
}

/// Defect 11: Messages: tantivy's text repeated on a damaged `meta.json`; "Index already
/// exists: Index already exists" without `newsdex.json`; an empty `NEWSDEX_INDEX`; no
/// home folder; a device or FIFO as "0 files"; an empty id.
#[test]
fn every_failure_has_one_clear_line() {
    let env = Env::with_index();
    let articles = env.dir.path().join("articles");
    // A damaged meta.json.
    let meta = env.index().join("meta.json");
    let saved = std::fs::read(&meta).unwrap();
    std::fs::write(&meta, b"{\"segments\": [nonsense").unwrap();
    let out = env.cmd().args(["query", "return"]).output().unwrap();
    refused(&out, "is damaged (file meta.json)");
    std::fs::write(&meta, saved).unwrap();
    // No newsdex.json beside tantivy's files.
    std::fs::remove_file(env.index().join("newsdex.json")).unwrap();
    let out = env.cmd().args(["query", "return"]).output().unwrap();
    refused(&out, "is damaged (file newsdex.json)");
    let out = env.cmd().arg("index").arg(&articles).output().unwrap();
    refused(&out, "is damaged (file newsdex.json)");

    // An empty NEWSDEX_INDEX counts as unset.
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("search").unwrap();
    cmd.env("NEWSDEX_INDEX", "")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", home.path())
        .arg("index")
        .arg(&articles)
        .assert()
        .success();
    assert!(home
        .path()
        .join(".local/share/newsdex/index/newsdex.json")
        .exists());
    // Nowhere to put it: said, and nothing written in the working folder.
    let cwd = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("search")
        .unwrap()
        .env_remove("NEWSDEX_INDEX")
        .env_remove("XDG_DATA_HOME")
        .env_remove("HOME")
        .current_dir(cwd.path())
        .arg("index")
        .arg(&articles)
        .output()
        .unwrap();
    refused(&out, "no index location");
    assert_eq!(std::fs::read_dir(cwd.path()).unwrap().count(), 0);

    // Devices and pipes are not inputs.
    let fresh = env.dir.path().join("fresh");
    let out = search_at(&fresh)
        .args(["index", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/dev/zero: not a file or a folder"),
        "{}",
        stderr(&out)
    );
    #[cfg(unix)]
    {
        let fifo = env.dir.path().join("pipe.txt");
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        let out = search_at(&fresh).arg("index").arg(&fifo).output().unwrap();
        assert!(
            stderr(&out).contains("not a file or a folder"),
            "{}",
            stderr(&out)
        );
    }
    // An empty id.
    let empty = env.dir.path().join("empty-id.jsonl");
    std::fs::write(
        &empty,
        "{\"id\": \"\", \"title\": \"T\", \"body\": \"B\"}\n",
    )
    .unwrap();
    let out = search_at(&fresh).arg("index").arg(&empty).output().unwrap();
    assert!(
        stderr(&out).contains("empty-id.jsonl:1: `id` is empty; the record is numbered"),
        "{}",
        stderr(&out)
    );
}

/// Defect 11, continued: Two first runs racing to create an index: one told the other the
/// format was unknown.
#[test]
fn two_first_runs_racing_both_see_a_newsdex_index() {
    let env = Env::with_index();
    let articles = env.dir.path().join("articles");
    for round in 0..8 {
        let index = env.dir.path().join(format!("race-{round}"));
        let search = assert_cmd::cargo::cargo_bin("search");
        let spawn = || {
            std::process::Command::new(&search)
                .arg("--index")
                .arg(&index)
                .arg("index")
                .arg(&articles)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let err = stderr(&out);
            assert!(
                out.status.success() || err.contains("is being written by"),
                "round {round}: {err}"
            );
        }
    }
}

/// Defect 12: Surprises: another spelling of the same path re-extracted everything and pruned
/// nothing; `--prune` deleted an article whose line was malformed; names differing in
/// invalid UTF-8 shared an id; `--commit-every 0` committed after every article.
#[test]
fn the_same_input_by_any_name_is_the_same_input() {
    let env = Env::with_index();
    let articles = env.dir.path().join("articles");
    let other_spelling = env.dir.path().join("articles/../articles/.");
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(&other_spelling)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["updated"].as_u64(), report["unchanged"].as_u64()),
        (Some(0), Some(3)),
        "{report}"
    );
    std::fs::remove_file(articles.join("strike.txt")).unwrap();
    let out = env
        .cmd()
        .args(["index", "--prune", "--json"])
        .arg(&other_spelling)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["pruned"], 1, "{report}");
}

#[test]
fn prune_keeps_articles_whose_line_is_malformed_now() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let good = [
        serde_json::json!({"id": "a", "title": "A", "body": "Cocoa."}),
        serde_json::json!({"id": "b", "title": "B", "body": "Cocoa."}),
    ];
    write_jsonl(&input, &good);
    let index = dir.path().join("index");
    search_at(&index)
        .arg("index")
        .arg(&input)
        .assert()
        .success();
    std::fs::write(
        &input,
        format!("{}\n{{\"id\": \"b\", \"title\": oops\n", good[0]),
    )
    .unwrap();
    let out = search_at(&index)
        .args(["index", "--prune", "--json"])
        .arg(&input)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["pruned"], 0, "{report}");
    search_at(&index).args(["show", "b"]).assert().success();
}

#[cfg(unix)]
#[test]
fn file_names_differing_in_invalid_utf8_keep_distinct_ids() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("pages");
    std::fs::create_dir(&folder).unwrap();
    for bad in [0xffu8, 0xfe] {
        let bytes = [b'n', b'e', b'w', b's', bad, b'.', b't', b'x', b't'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        std::fs::write(
            folder.join(name),
            format!("Page {bad}\n\nCocoa prices rose {bad}."),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    search_at(&index)
        .arg("index")
        .arg(&folder)
        .assert()
        .success();
    let out = search_at(&index)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 2);
}

#[test]
fn commit_every_zero_commits_by_time_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let records: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"id": format!("a{i}"), "title": "T", "body": format!("Cocoa {i}.")}))
        .collect();
    write_jsonl(&input, &records);
    let index = dir.path().join("index");
    let started = Instant::now();
    search_at(&index)
        .args(["index", "--commit-every", "0"])
        .arg(&input)
        .assert()
        .success();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    let out = search_at(&index)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 3000);
}

/// Defect 12, continued: SIGINT and SIGTERM threw away uncommitted work without a word.
#[cfg(unix)]
#[test]
fn an_interrupted_run_commits_what_it_did_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let records: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({"id": format!("a{i:05}"), "title": format!("Report {i}"), "body": format!("Minister Lena Varga spoke in Vienna about harbour {i}. {}", "Grain ships waited at the port. ".repeat(8))}))
        .collect();
    write_jsonl(&input, &records);
    let search = assert_cmd::cargo::cargo_bin("search");
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let index = dir.path().join(format!("index{signal}"));
        let child = std::process::Command::new(&search)
            .arg("--index")
            .arg(&index)
            .args(["index", "--threads", "1"])
            .arg(&input)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Wait for the first articles to be indexed (the index folder appears at once).
        let started = Instant::now();
        while !index.join("meta.json").exists() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(800));
        std::process::Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        if out.status.code() == Some(0) {
            eprintln!("{signal}: the run finished before the signal; nothing to check");
            continue;
        }
        assert_eq!(out.status.code(), Some(code), "{err}");
        assert!(err.contains("search: interrupted: "), "{err}");
        assert!(err.contains("run the same command again to go on"), "{err}");
        let stats = search_at(&index)
            .args(["stats", "--json"])
            .output()
            .unwrap();
        let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
        let kept = stats["articles"].as_u64().unwrap();
        assert!(
            err.contains(&format!("interrupted: {kept} new or changed")),
            "{kept}: {err}"
        );
        // Running it again goes on from there.
        let out = search_at(&index)
            .args(["index", "--json"])
            .arg(&input)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["unchanged"].as_u64(), Some(kept), "{report}");
        assert_eq!(report["added"].as_u64(), Some(20_000 - kept), "{report}");
    }
}

/// Defect 13 (found in issue 19's profiling, 2026-12-06): a JSON Lines or CSV body whose
/// 4,096th byte fell inside a character (any non-ASCII text longer than 4 KB, half the
/// time) ended the whole run with "internal error": the check for HTML cut the body at
/// byte 4,096 as a string.
#[test]
fn a_body_with_a_character_across_its_4096th_byte_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("accents.jsonl");
    let body = format!("a{} Erdoğan spoke.", "é".repeat(3000));
    write_jsonl(
        &input,
        &[
            serde_json::json!({"id": "accents", "title": "Long accented text", "body": body}),
            serde_json::json!({"id": "html", "title": "Tagged", "body": format!("<p>{}</p><p>Cocoa.</p>", "é".repeat(3000))}),
        ],
    );
    let index = dir.path().join("index");
    let out = search_at(&index).arg("index").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = search_at(&index)
        .args(["query", "erdogan", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], 1, "{}", stdout(&out));
    // The tagged body is still read as HTML: its text, not its tags, is indexed.
    let out = search_at(&index)
        .args(["show", "html", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = json["body"].as_str().unwrap();
    assert!(body.contains("Cocoa.") && !body.contains("<p>"), "{body}");
}
