//! New commits show without a restart: the server holds its own handle on the index, as
//! it would if `search index` wrote from another process, and must see what that writer
//! commits within two seconds. Also: stopping is prompt.

use std::time::{Duration, Instant};

use newsdex::{Article, Index, IndexerOptions};

use crate::helpers::{get, sample_index, serve};

#[test]
fn commits_by_another_writer_show_within_two_seconds() {
    let dir = sample_index();
    let server = serve(dir.path());
    let total = || {
        get(&server, "/api/search?q=zeppelin").json()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total(), 0);

    let writer = Index::open_in_dir(dir.path()).unwrap();
    for round in 1..=3u64 {
        let mut indexer = writer.indexer(IndexerOptions::default()).unwrap();
        indexer
            .add(
                Article::new(format!("zeppelin-{round}")).with_page_text(format!(
                    "Zeppelin lands\n\nA zeppelin landed in Vienna, the {round}th this week."
                )),
            )
            .unwrap();
        indexer.commit().unwrap();
        drop(indexer);
        let committed = Instant::now();
        while total() != round {
            assert!(
                committed.elapsed() < Duration::from_secs(2),
                "commit {round} not visible after {:?}",
                committed.elapsed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("commit {round} visible after {:?}", committed.elapsed());
    }
    let article = get(&server, "/api/articles/zeppelin-2");
    assert_eq!(article.status, 200);
}

#[test]
fn stopping_is_prompt_and_frees_the_port() {
    let dir = sample_index();
    let server = serve(dir.path());
    let addr = server.local_addr();
    assert_eq!(get(&server, "/healthz").status, 200);
    let started = Instant::now();
    server.stop().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "nothing listens any more"
    );
}
