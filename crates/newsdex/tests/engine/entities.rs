//! One actor, one name, across the archive: facets count articles per entity, filters
//! find an entity's articles by any of its names, an ambiguous short name is refused with
//! its candidates, and the user's rules (aliases, hidden actors, kinds) apply at once,
//! without re-indexing. Fixtures are short articles written for these tests.

use newsdex::{
    ActorKind, Article, Error, Index, IndexerOptions, Rule, SearchRequestBuilder, UserError,
};

use crate::{actor, ids};

fn archive() -> Vec<Article> {
    let page =
        |id: &str, title: &str, body: &str| Article::new(id).with_title(title).with_body(body);
    vec![
        page(
            "fund-full",
            "Fund warns on debt",
            "The International Monetary Fund (IMF) said on Monday that debt in poor countries was rising.",
        ),
        page(
            "fund-short",
            "Fund mission ends",
            "An IMF mission ended its visit to Nairobi, officials said.",
        ),
        page(
            "fed-full",
            "Fed chairman testifies",
            "Federal Reserve Board Chairman Paul Volcker told Congress that rates would stay high.",
        ),
        page(
            "fed-short",
            "Rates on hold",
            "Volcker said on Tuesday that the central bank saw no need to move rates.",
        ),
        page(
            "president",
            "Former president speaks",
            "Former President Gerald Ford spoke at a dinner in Grand Rapids.",
        ),
        page(
            "carmaker",
            "Carmaker raises prices",
            "Ford Motor Co raised prices on its new models. Ford said demand was strong in Detroit.",
        ),
        page(
            "agency",
            "News agency results",
            "Reuters reported higher profits, and Reuters executives met analysts in London.",
        ),
    ]
}

fn index() -> Index {
    crate::index_of(archive())
}

fn facet(index: &Index, name: &str) -> Option<(ActorKind, u64, Vec<String>)> {
    let r = index
        .search(
            &SearchRequestBuilder::new("")
                .limit(0)
                .actor_facets(50)
                .build(),
        )
        .unwrap();
    r.facets
        .actors
        .iter()
        .find(|a| a.name == name)
        .map(|a| (a.kind, a.count, a.aliases.clone()))
}

fn filtered(index: &Index, name: &str) -> Result<Vec<String>, Error> {
    let r = index.search(
        &SearchRequestBuilder::new("")
            .actor(actor(name))
            .limit(20)
            .build(),
    )?;
    let mut found: Vec<String> = ids(&r).into_iter().map(str::to_owned).collect();
    found.sort();
    Ok(found)
}

#[test]
fn an_acronym_and_a_surname_are_their_entity_across_articles() {
    let index = index();
    let (kind, count, aliases) = facet(&index, "International Monetary Fund").unwrap();
    assert_eq!((kind, count), (ActorKind::Org, 2));
    assert!(aliases.contains(&"IMF".to_owned()), "{aliases:?}");
    assert!(facet(&index, "IMF").is_none(), "one entity, one name");
    let (_, count, _) = facet(&index, "Paul Volcker").unwrap();
    assert_eq!(count, 2);
    assert_eq!(
        filtered(&index, "volcker").unwrap(),
        ["fed-full", "fed-short"]
    );
    assert_eq!(
        filtered(&index, "imf").unwrap(),
        ["fund-full", "fund-short"]
    );
    // An article names the entity by the name it wrote, shown as an alias of the one.
    let short = index.article("fed-short").unwrap();
    let volcker = short
        .actors
        .iter()
        .find(|a| a.name == "Paul Volcker")
        .unwrap();
    assert!(
        volcker.forms.contains(&"Volcker".to_owned()),
        "{:?}",
        volcker.forms
    );
}

#[test]
fn a_short_name_of_several_entities_lists_them() {
    let index = index();
    match filtered(&index, "ford") {
        Err(Error::User(UserError::AmbiguousActor { candidates, .. })) => {
            let names: Vec<(&str, ActorKind)> = candidates
                .iter()
                .map(|(n, k, _)| (n.as_str(), *k))
                .collect();
            assert!(
                names.contains(&("Ford Motor Co", ActorKind::Org)),
                "{names:?}"
            );
            assert!(
                names.contains(&("Gerald Ford", ActorKind::Person)),
                "{names:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(filtered(&index, "person:ford").unwrap(), ["president"]);
    assert_eq!(filtered(&index, "org:Ford").unwrap(), ["carmaker"]);
    let e = filtered(&index, "ford").unwrap_err().to_string();
    assert!(
        e.contains("names 2 actors") && e.contains("KIND:NAME"),
        "{e}"
    );
}

#[test]
fn rules_apply_at_once_without_reindexing_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    {
        let index = Index::create_in_dir(&path).unwrap();
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        indexer.add_batch(archive()).unwrap();
        indexer.commit().unwrap();
    }
    let index = Index::open_in_dir(&path).unwrap();
    // News agencies are hidden by default; a rule shows one.
    assert!(facet(&index, "Reuters").is_none());
    index
        .add_actor_rule(Rule::Show {
            name: "Reuters".into(),
        })
        .unwrap();
    assert_eq!(facet(&index, "Reuters").map(|f| f.1), Some(1));
    index
        .add_actor_rule(Rule::Hide {
            name: "Grand Rapids".into(),
        })
        .unwrap();
    assert!(facet(&index, "Grand Rapids").is_none());
    // Still a filter.
    assert_eq!(filtered(&index, "Grand Rapids").unwrap(), ["president"]);
    index
        .add_actor_rule(Rule::Kind {
            name: "Detroit".into(),
            kind: ActorKind::Org,
        })
        .unwrap();
    assert_eq!(facet(&index, "Detroit").map(|f| f.0), Some(ActorKind::Org));
    index
        .add_actor_rule(Rule::Alias {
            alias: "Fed chief".into(),
            of: "Paul Volcker".into(),
        })
        .unwrap();
    // Kept with the index: another handle sees them.
    let again = Index::open_in_dir(&path).unwrap();
    assert_eq!(again.actor_rules().len(), 4);
    assert_eq!(facet(&again, "Reuters").map(|f| f.1), Some(1));
    // Undone, in any order.
    let removed = again.remove_actor_rule(0).unwrap();
    assert_eq!(
        removed,
        Rule::Show {
            name: "Reuters".into()
        }
    );
    assert!(facet(&again, "Reuters").is_none());
    assert!(again.remove_actor_rule(9).unwrap_err().is_user_error());
}

/// An article that names one entity under two of its names counts once for it, both
/// when a search reads the columns (the first search over the segments) and when it
/// reads the cache (the next ones).
#[test]
fn an_article_naming_an_entity_under_two_names_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_in_dir(dir.path()).unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer
        .add_batch(vec![Article::new("storm")
            .with_title("Storm closes schools")
            .with_body(
                "Rain flooded Detroit on Monday. In Grand Rapids, schools closed.",
            )])
        .unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    index
        .add_actor_rule(Rule::Alias {
            alias: "Grand Rapids".into(),
            of: "Detroit".into(),
        })
        .unwrap();
    for search in 1..=3 {
        assert_eq!(
            facet(&index, "Detroit").map(|f| (f.0, f.1)),
            Some((ActorKind::Place, 1)),
            "search {search}"
        );
    }
}

#[test]
fn entities_stay_right_as_articles_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_in_dir(dir.path()).unwrap();
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.add_batch(archive()).unwrap();
    indexer.commit().unwrap();
    assert_eq!(
        facet(&index, "International Monetary Fund").map(|f| f.1),
        Some(2)
    );
    indexer.delete("fund-full").unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    // The article that spelled the IMF out is gone: what is left is named as written.
    assert!(facet(&index, "International Monetary Fund").is_none());
    assert_eq!(facet(&index, "IMF").map(|f| f.1), Some(1));
}

/// A short name that is no entity's own name but a form of several ("the Commission" in
/// articles on two commissions) is taken for the one far more often in the archive, and
/// the answer says which; when neither dominates it is refused with both.
#[test]
fn an_alias_of_several_entities_is_the_dominant_one() {
    let page = |id: String, body: &str| Article::new(id).with_title("Report").with_body(body);
    let mut articles: Vec<Article> = (0..5)
        .map(|i| {
            page(
                format!("eu-{i}"),
                "The Ruritanian Trade Commission said on Monday that tariffs would rise. The Commission said talks would go on.",
            )
        })
        .collect();
    articles.push(page(
        "sec".into(),
        "The Ostland Securities Commission fined a broker. The Commission said the broker had lied.",
    ));
    let index = crate::index_of(articles.clone());
    let found = filtered(&index, "commission").unwrap();
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found.iter().all(|id| id.starts_with("eu-")), "{found:?}");
    // One article more on the rare one: neither is five times the other.
    articles.push(page(
        "sec-2".into(),
        "The Ostland Securities Commission fined a bank. The Commission said the bank had paid.",
    ));
    let index = crate::index_of(articles);
    assert!(matches!(
        filtered(&index, "commission"),
        Err(Error::User(UserError::AmbiguousActor { .. }))
    ));
}

/// Actors (kind, name, articles), then mentioned months (month, articles).
type AllFacets = (Vec<(ActorKind, String, u64)>, Vec<(String, u64)>);

/// Every facet's counts, as a search with all of them gives.
fn all_facets(index: &Index) -> AllFacets {
    let r = index
        .search(
            &SearchRequestBuilder::new("")
                .limit(0)
                .actor_facets(100)
                .mentioned_month_facets(true)
                .build(),
        )
        .unwrap();
    let actors = r
        .facets
        .actors
        .iter()
        .map(|a| (a.kind, a.name.clone(), a.count))
        .collect();
    let months = r
        .facets
        .mentioned_months
        .iter()
        .map(|m| (format!("{:?}", m.month), m.count))
        .collect();
    (actors, months)
}

/// The writer keeps every article's entities and mentioned months in a file beside the
/// entity table (asked to at any size; by default from 50,000 articles); a search reads
/// its counts from there, and counts the same from the columns when the file is gone,
/// stale or damaged. A deletion and a second commit write it anew; a writer with the
/// default options on this small archive takes it away.
#[test]
fn counts_from_the_article_facets_file_are_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    let file = path.join("newsdex.article-facets");
    let mut options = IndexerOptions::default();
    options.facet_lists_from = 0;
    {
        let index = Index::create_in_dir(&path).unwrap();
        let mut indexer = index.indexer(options.clone()).unwrap();
        let mut first = archive();
        first.push(Article::new("summit").with_title("Summit set").with_body(
            "The IMF said the talks would open on March 3, 1987 and end in April 1987.",
        ));
        let second = first.split_off(3);
        indexer.add_batch(first).unwrap();
        indexer.commit().unwrap();
        indexer.add_batch(second).unwrap();
        indexer.commit().unwrap();
        indexer.delete("fund-full").unwrap();
        indexer.commit().unwrap();
    }
    assert!(file.exists());
    let from_file = all_facets(&Index::open_in_dir(&path).unwrap());
    assert!(from_file.0.len() > 5, "{from_file:?}");
    assert!(
        from_file.0.iter().any(|(_, name, _)| name == "IMF"),
        "{from_file:?}"
    );
    assert!(from_file.1.len() >= 2, "{from_file:?}");
    Index::open_in_dir(&path).unwrap().check().unwrap();
    // Damaged: `check` says so, and searches count from the column.
    let bytes = std::fs::read(&file).unwrap();
    let mut damaged = bytes.clone();
    damaged[12] ^= 0x55;
    std::fs::write(&file, &damaged).unwrap();
    let e = Index::open_in_dir(&path).unwrap().check().unwrap_err();
    assert!(e.to_string().contains("newsdex.article-facets"), "{e}");
    assert_eq!(all_facets(&Index::open_in_dir(&path).unwrap()), from_file);
    // Gone: the same counts, and the next writer's commit writes it again.
    std::fs::remove_file(&file).unwrap();
    let index = Index::open_in_dir(&path).unwrap();
    assert_eq!(all_facets(&index), from_file);
    index.indexer(options).unwrap().commit().unwrap();
    assert!(file.exists());
    assert_eq!(all_facets(&Index::open_in_dir(&path).unwrap()), from_file);
    // Under the default size: no file, the same counts.
    let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
    indexer.delete("summit").unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    assert!(!file.exists());
    let without = all_facets(&Index::open_in_dir(&path).unwrap());
    assert!(without.1.is_empty(), "{without:?}");
    assert_eq!(without.0.len(), from_file.0.len());
}
