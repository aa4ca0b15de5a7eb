//! Segment merges bounded by size on disk.
//!
//! A merge reads every input segment through memory maps, and the pages it touches count
//! in the process's resident memory until the merge ends. tantivy's log merge policy
//! groups segments by document count alone, so on a large archive it can merge hundreds
//! of megabytes at once. Here no merge takes in more than a fixed number of bytes: a
//! large index ends as a few segments of about that size instead of one, and the build's
//! memory stays bounded whatever the corpus size.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{MergeCandidate, MergePolicy};

/// Merges together the smallest segments, never more than `max_bytes` of them at once.
#[derive(Debug, Clone)]
pub(crate) struct BoundedMerges {
    /// The index folder, to read segment sizes; `None` for an index in memory, where
    /// every segment counts as empty.
    dir: Option<PathBuf>,
    /// The most bytes of input segments one merge may read.
    max_bytes: u64,
    /// The fewest segments worth merging in the background.
    min_segments: usize,
}

impl BoundedMerges {
    pub(crate) fn new(dir: Option<&Path>, max_bytes: u64) -> BoundedMerges {
        BoundedMerges {
            dir: dir.map(Path::to_path_buf),
            max_bytes,
            min_segments: 4,
        }
    }

    /// Groups of segments to merge: segments sorted by size, cut into runs whose total
    /// stays within the budget, keeping runs of at least `min_segments`.
    pub(crate) fn plan(
        &self,
        segments: &[SegmentMeta],
        min_segments: usize,
    ) -> Vec<Vec<SegmentId>> {
        let sizes = self.sizes();
        let sized = segments
            .iter()
            .map(|s| {
                let id = s.id();
                (sizes.get(&id.uuid_string()).copied().unwrap_or(0), id)
            })
            .collect();
        group_by_size(sized, self.max_bytes, min_segments)
    }

    /// Bytes on disk per segment (by uuid), all its files together.
    fn sizes(&self) -> HashMap<String, u64> {
        let mut sizes = HashMap::new();
        let Some(entries) = self.dir.as_ref().and_then(|d| std::fs::read_dir(d).ok()) else {
            return sizes;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Some((uuid, _)) = name.split_once('.') else {
                continue;
            };
            if uuid.len() == 32 {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                *sizes.entry(uuid.to_owned()).or_insert(0) += len;
            }
        }
        sizes
    }
}

/// Sorts `(size, item)` by size and cuts the list into runs of total size at most
/// `max_bytes` (a single item larger than that stands alone); keeps the runs of at least
/// `min_items` (and at least two) items.
fn group_by_size<T: Ord>(
    mut sized: Vec<(u64, T)>,
    max_bytes: u64,
    min_items: usize,
) -> Vec<Vec<T>> {
    sized.sort_unstable();
    let mut groups = Vec::new();
    let mut group = Vec::new();
    let mut total = 0u64;
    for (size, item) in sized {
        if total.saturating_add(size) > max_bytes && !group.is_empty() {
            groups.push(std::mem::take(&mut group));
            total = 0;
        }
        total = total.saturating_add(size);
        group.push(item);
    }
    groups.push(group);
    groups.retain(|g| g.len() >= min_items.max(2));
    groups
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        self.plan(segments, self.min_segments)
            .into_iter()
            .map(MergeCandidate)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::group_by_size;

    #[test]
    fn merges_the_smallest_segments_within_the_budget() {
        let sized = vec![
            (200, 'f'),
            (10, 'a'),
            (60, 'd'),
            (50, 'c'),
            (10, 'b'),
            (100, 'e'),
        ];
        // a+b+c = 70 fits 128; adding d (130) would not; d, e and f stand alone.
        assert_eq!(group_by_size(sized, 128, 2), vec![vec!['a', 'b', 'c']]);
    }

    #[test]
    fn keeps_only_runs_long_enough() {
        let sized = vec![(10, 'a'), (10, 'b'), (10, 'c'), (120, 'd'), (5, 'e')];
        assert_eq!(
            group_by_size(sized.clone(), 128, 4),
            vec![vec!['e', 'a', 'b', 'c']]
        );
        assert!(group_by_size(sized, 128, 5).is_empty());
    }

    #[test]
    fn merges_everything_when_it_fits() {
        let sized = vec![(1, 1), (2, 2), (3, 3)];
        assert_eq!(group_by_size(sized, u64::MAX, 2), vec![vec![1, 2, 3]]);
        assert!(group_by_size(Vec::<(u64, u8)>::new(), 10, 2).is_empty());
    }
}
