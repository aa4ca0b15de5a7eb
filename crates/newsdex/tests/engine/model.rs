//! Add/delete/commit sequences checked against a model: a map from id to the set of words
//! its body holds. After every commit, searching each word must find exactly the ids the
//! model says, and the article count must be the model's size.
//!
//! The words are invented so that stemming cannot merge two of them and no real article
//! text can contain them; the titles hold none of them.

use std::collections::{BTreeSet, HashMap};

use newsdex::{Article, Index, Indexer, IndexerOptions, Outcome, SearchRequestBuilder};
use proptest::prelude::*;

const IDS: [&str; 4] = ["alpha", "bravo", "charlie", "delta"];
const WORDS: [&str; 5] = ["zorblat", "quennic", "vimbrel", "tasquor", "plenduk"];

type Words = BTreeSet<&'static str>;

#[derive(Debug, Clone)]
enum Op {
    Add {
        id: usize,
        words: Words,
    },
    Delete {
        id: usize,
    },
    Commit,
    /// Drops the indexer without committing and starts a new one: what was not committed
    /// is lost, and the new indexer must see the last commit.
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    let id = 0..IDS.len();
    // Few words per article, so that the same content comes back (the "unchanged" path).
    let words = prop::collection::btree_set(prop::sample::select(&WORDS[..]), 0..=2);
    prop_oneof![
        5 => (id.clone(), words).prop_map(|(id, words)| Op::Add { id, words }),
        3 => id.prop_map(|id| Op::Delete { id }),
        2 => Just(Op::Commit),
        1 => Just(Op::Reopen),
    ]
}

fn article(id: usize, words: &Words) -> Article {
    let body: Vec<&str> = words.iter().copied().collect();
    Article::new(IDS[id])
        .with_title("Bulletin")
        .with_body(body.join(" "))
}

fn options() -> IndexerOptions {
    let mut options = IndexerOptions::default();
    options.threads = 1;
    options.memory_budget = 15 << 20;
    options
}

/// The committed index agrees with the committed model.
fn check(index: &Index, model: &HashMap<&'static str, Words>) -> Result<(), TestCaseError> {
    prop_assert_eq!(index.stats().unwrap().articles, model.len() as u64);
    for word in WORDS {
        let mut expected: Vec<&str> = model
            .iter()
            .filter(|(_, words)| words.contains(word))
            .map(|(id, _)| *id)
            .collect();
        expected.sort_unstable();
        let results = index
            .search(&SearchRequestBuilder::new(word).limit(100).build())
            .unwrap();
        let mut found: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        found.sort_unstable();
        prop_assert_eq!(results.total, expected.len() as u64, "word {}", word);
        prop_assert_eq!(found, expected, "word {}", word);
    }
    // Empty text matches every article.
    let all = index
        .search(&SearchRequestBuilder::new("").limit(100).build())
        .unwrap();
    prop_assert_eq!(all.total, model.len() as u64);
    Ok(())
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let index = Index::create_in_ram().unwrap();
    let mut indexer: Indexer<'_> = index.indexer(options()).unwrap();
    // What the indexer holds (committed or not), and what the last commit holds.
    let mut current: HashMap<&'static str, Words> = HashMap::new();
    let mut committed = current.clone();
    for op in ops {
        match op {
            Op::Add { id, words } => {
                let expected = match current.get(IDS[*id]) {
                    None => Outcome::Added,
                    Some(old) if old == words => Outcome::Unchanged,
                    Some(_) => Outcome::Updated,
                };
                let outcome = indexer.add(article(*id, words)).unwrap();
                prop_assert_eq!(outcome, expected, "add {} {:?}", IDS[*id], words);
                current.insert(IDS[*id], words.clone());
            }
            Op::Delete { id } => {
                let existed = indexer.delete(IDS[*id]).unwrap();
                prop_assert_eq!(
                    existed,
                    current.remove(IDS[*id]).is_some(),
                    "delete {}",
                    IDS[*id]
                );
            }
            Op::Commit => {
                indexer.commit().unwrap();
                committed = current.clone();
            }
            Op::Reopen => {
                drop(indexer);
                index.reload().unwrap();
                indexer = index.indexer(options()).unwrap();
                current = committed.clone();
            }
        }
        // Nothing is visible before a commit.
        check(&index, &committed)?;
    }
    indexer.commit().unwrap();
    check(&index, &current)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn add_delete_commit_agree_with_a_model(ops in prop::collection::vec(op(), 1..24)) {
        run(&ops)?;
    }
}

/// Found by the property test: an indexer deleted an article that was in the index when
/// it started, then took the same article back as "unchanged" (comparing with the version
/// it had just deleted), so the article was gone after the commit.
#[test]
fn re_adding_a_deleted_article_unchanged_since_the_indexer_started_keeps_it() {
    let words: Words = ["zorblat"].into();
    run(&[
        Op::Add {
            id: 0,
            words: words.clone(),
        },
        Op::Commit,
        Op::Reopen,
        Op::Delete { id: 0 },
        Op::Add { id: 0, words },
        Op::Commit,
    ])
    .unwrap();
}
