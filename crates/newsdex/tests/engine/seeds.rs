//! The acceptance checks on the real seed pages in `../shared/seeds`, when they are
//! there (they are third-party data and never copied into the project).

use std::path::PathBuf;

use crate::actor;
use newsdex::{ActorKind, Index, IndexerOptions, SearchRequestBuilder};

fn seeds() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn seed_index() -> Option<Index> {
    let dir = seeds()?;
    let index = Index::create_in_ram().unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    let report = indexer.index_paths(&[dir], &mut |_| {}).unwrap();
    assert_eq!((report.added, report.skipped), (5, 0));
    drop(indexer);
    Some(index)
}

#[test]
fn seeds_rank_the_exact_phrase_first_and_the_near_phrase_second() {
    let Some(index) = seed_index() else { return };
    let r = index
        .search(&SearchRequestBuilder::new("point of no return").build())
        .unwrap();
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        &ids[..2],
        ["002_a7391be7acef8cdf", "004_fbd9a88f82c734f6"],
        "{ids:?}"
    );
}

#[test]
fn seeds_filtered_by_maria_zakharova_are_the_four_that_name_her() {
    let Some(index) = seed_index() else { return };
    let r = index
        .search(
            &SearchRequestBuilder::new("CSTO")
                .actor(actor("Maria Zakharova"))
                .build(),
        )
        .unwrap();
    let mut ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    // The four seed pages whose text contains "Zakharova".
    let dir = seeds().unwrap();
    let mut expected: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("Zakharova"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 4);
    assert_eq!(ids, expected);
}

#[test]
fn seeds_top_actors_include_pashinyan_and_the_csto() {
    let Some(index) = seed_index() else { return };
    let r = index
        .search(
            &SearchRequestBuilder::new("")
                .limit(0)
                .actor_facets(10)
                .build(),
        )
        .unwrap();
    let people: Vec<&str> = r
        .facets
        .actors_of(ActorKind::Person)
        .map(|a| a.name.as_str())
        .collect();
    let orgs: Vec<&str> = r
        .facets
        .actors_of(ActorKind::Org)
        .map(|a| a.name.as_str())
        .collect();
    assert!(people.contains(&"Nikol Pashinyan"), "{people:?}");
    assert!(
        orgs.iter()
            .any(|o| o.contains("CSTO") || o.starts_with("Collective Security Treaty")),
        "{orgs:?}"
    );
}
