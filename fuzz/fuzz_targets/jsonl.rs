//! JSON Lines ingest on arbitrary bytes: reading never panics, every problem is reported
//! with its line, and the articles read can be indexed and searched.
//!
//! The input is written to a `.jsonl` file in a temporary folder, found with `discover`
//! and read with `read_file`, as `search index` does. The articles go into one in-memory
//! index that lives for the whole run, committed every few inputs.

#![no_main]

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use newsdex::{
    discover, read_file, Format, Index, Indexer, IndexerOptions, ReadOptions,
    SearchRequestBuilder,
};

struct State {
    _dir: tempfile::TempDir,
    file: PathBuf,
    index: &'static Index,
    indexer: Indexer<'static>,
    inputs: u64,
}

fn state() -> &'static Mutex<State> {
    static STATE: OnceLock<Mutex<State>> = OnceLock::new();
    STATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("input.jsonl");
        let index: &'static Index = Box::leak(Box::new(Index::create_in_ram().expect("an index")));
        let mut options = IndexerOptions::default();
        options.threads = 1;
        options.memory_budget = 15 << 20;
        let indexer = index.indexer(options).expect("a writer");
        Mutex::new(State {
            _dir: dir,
            file,
            index,
            indexer,
            inputs: 0,
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let mut state = state().lock().unwrap_or_else(|e| e.into_inner());
    std::fs::write(&state.file, data).expect("the input written");

    let options = ReadOptions::default();
    let found = discover(&[state.file.clone()], &options).expect("the file found");
    assert!(found.issues.is_empty(), "{:?}", found.issues);
    let files = found.files;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].format, Some(Format::JsonLines));
    assert_eq!(files[0].len, data.len() as u64);

    let mut issues = Vec::new();
    let mut articles = Vec::new();
    // A file that is not JSON Lines after all (the reader sniffs it) is an error, not a
    // panic: nothing of it is indexed.
    if read_file(&files[0], &options, &mut issues, |a| articles.push(a)).is_err() {
        return;
    }
    let lines = data.split(|&b| b == b'\n').count();
    for issue in &issues {
        let line = issue
            .line
            .unwrap_or_else(|| panic!("an issue without a line: {issue}"));
        assert!(
            (1..=lines).contains(&line),
            "{issue}: the input has {lines} lines"
        );
    }
    let skipped = issues.iter().filter(|i| i.skipped).count();
    assert!(articles.len() + skipped <= lines);
    for a in &articles {
        assert!(!a.id.trim().is_empty(), "an article without an id: {a:?}");
    }

    state.indexer.add_batch(articles).expect("articles indexed");
    state.inputs += 1;
    if state.inputs % 64 == 0 {
        state.indexer.commit().expect("a commit");
        let all = state.index.search(&SearchRequestBuilder::new("").build());
        let all = all.expect("every article found");
        assert_eq!(all.total, state.index.stats().expect("stats").articles);
    }
});
