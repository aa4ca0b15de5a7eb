//! Concurrent use: one `Index` handle shared by searching threads while a writer
//! commits; every search sees a whole commit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use newsdex::{Article, Index, IndexerOptions, SearchRequestBuilder};

#[test]
fn index_handle_is_send_and_sync() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Index>();
}

#[test]
fn searches_from_many_threads_during_a_write_see_whole_commits() {
    const BATCH: usize = 50;
    const BATCHES: usize = 12;
    let index = Arc::new(Index::create_in_ram().unwrap());
    let done = Arc::new(AtomicBool::new(false));
    let searchers: Vec<_> = (0..4)
        .map(|_| {
            let (index, done) = (Arc::clone(&index), Arc::clone(&done));
            std::thread::spawn(move || {
                let request = SearchRequestBuilder::new("harbour").limit(5).build();
                let mut seen = Vec::new();
                while !done.load(Ordering::Acquire) {
                    let total = index.search(&request).unwrap().total;
                    assert_eq!(
                        total % BATCH as u64,
                        0,
                        "a search saw part of a commit: {total}"
                    );
                    assert!(
                        seen.last().is_none_or(|last| *last <= total),
                        "a search went back in time"
                    );
                    seen.push(total);
                }
                seen
            })
        })
        .collect();
    {
        let mut indexer = index.indexer(IndexerOptions::default()).unwrap();
        for b in 0..BATCHES {
            let batch = (0..BATCH)
                .map(|i| {
                    Article::new(format!("{b}-{i}"))
                        .with_title("Harbour news")
                        .with_body(format!("Ships number {i} left the harbour."))
                })
                .collect();
            indexer.add_batch(batch).unwrap();
            indexer.commit().unwrap();
        }
    }
    done.store(true, Ordering::Release);
    let mut searches = 0;
    for s in searchers {
        searches += s.join().unwrap().len();
    }
    assert!(searches > 0);
    let total = index
        .search(&SearchRequestBuilder::new("harbour").build())
        .unwrap()
        .total;
    assert_eq!(total, (BATCH * BATCHES) as u64);
}
