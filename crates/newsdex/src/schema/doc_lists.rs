//! What each article adds to the facets, as lists of small numbers per document: its
//! entities (see `core::entities`), each once, and the months its dates mention, each
//! once. Counting a match's facets reads them instead of the `actors` column (its row
//! index, its bit-packed ordinals and the table's ordinal map) and the `mention_month`
//! column: over a large archive, most of a broad query's instructions.
//!
//! The same layout serves a searcher's memory and the file the writer keeps beside the
//! entity table, `newsdex.article-facets`, valid only with that table: a header (magic,
//! the hash the table's file ends with), each segment's lists (for each of the two: the
//! numbers, two bytes each when they fit, else four, then one four-byte offset per
//! document and one past the last), a footer (the number of segments; per segment its
//! documents and, per list, the width of its numbers, where they start, how many there
//! are and where its offsets start), the footer's position, then the xxh3 hash of all
//! that. Numbers are little-endian. The file is written as it is made, and mapped, not
//! read, by a search.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::OwnedBytes;
use tantivy::DocId;

/// The file the lists live in, in the index's folder.
pub(crate) const ARTICLE_FACETS_FILE: &str = "newsdex.article-facets";
const MAGIC: &[u8; 8] = b"NDXFAC1\n";
/// The lists of a segment: entities, mentioned months.
const LISTS: usize = 2;
/// Bytes of one list's entry in the footer: width, start, count, offsets' start.
const LIST_ENTRY: usize = 1 + 8 + 8 + 8;
/// Bytes of a segment's entry in the footer.
const FOOTER_ENTRY: usize = 4 + LISTS * LIST_ENTRY;

/// Every segment's lists, in the searcher's order of segments.
#[derive(Debug, Clone)]
pub(crate) struct ArticleLists {
    /// Each article's entities (the table's ids).
    pub entities: Arc<Vec<DocList>>,
    /// The month numbers (`year * 12 + month`) each article's dates fall in, the
    /// undated value left out.
    pub mentioned: Arc<Vec<DocList>>,
}

/// One segment's documents' lists: document `d`'s numbers are those between offsets
/// `d` and `d + 1`.
#[derive(Clone)]
pub(crate) struct DocList {
    /// `max_doc + 1` offsets, four bytes each.
    starts: OwnedBytes,
    values: OwnedBytes,
    /// Four bytes a number rather than two.
    wide: bool,
}

impl std::fmt::Debug for DocList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DocList({} documents, {} bytes)",
            self.docs(),
            self.bytes()
        )
    }
}

/// A document's numbers.
pub(crate) enum Values<'a> {
    Narrow(std::slice::ChunksExact<'a, u8>),
    Wide(std::slice::ChunksExact<'a, u8>),
}

impl Iterator for Values<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            Values::Narrow(chunks) => chunks
                .next()
                .map(|c| u32::from(u16::from_le_bytes([c[0], c[1]]))),
            Values::Wide(chunks) => chunks
                .next()
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        }
    }

    /// (The width is matched once for the whole list, not once a number: `for_each`,
    /// the loop of counting a match's facets, comes here.)
    #[inline]
    fn fold<B, F: FnMut(B, u32) -> B>(self, init: B, mut f: F) -> B {
        match self {
            Values::Narrow(chunks) => chunks.fold(init, |acc, c| {
                f(acc, u32::from(u16::from_le_bytes([c[0], c[1]])))
            }),
            Values::Wide(chunks) => chunks.fold(init, |acc, c| {
                f(acc, u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            }),
        }
    }
}

impl DocList {
    /// The lists of a segment of `max_doc` documents with no numbers.
    pub fn empty(max_doc: DocId) -> DocList {
        DocList {
            starts: OwnedBytes::new(vec![0u8; (max_doc as usize + 1) * 4]),
            values: OwnedBytes::empty(),
            wide: false,
        }
    }

    /// How many documents it has lists of.
    pub fn docs(&self) -> usize {
        (self.starts.len() / 4).saturating_sub(1)
    }

    /// The numbers of `doc` (none for a document it does not have).
    #[inline]
    pub fn of(&self, doc: DocId) -> Values<'_> {
        let at = doc as usize * 4;
        let range = match self.starts.get(at..at + 8) {
            Some(s) => {
                let start = u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize;
                let end = u32::from_le_bytes([s[4], s[5], s[6], s[7]]) as usize;
                start..end
            }
            None => 0..0,
        };
        if self.wide {
            let values = self
                .values
                .get(range.start * 4..range.end * 4)
                .unwrap_or(&[]);
            Values::Wide(values.chunks_exact(4))
        } else {
            let values = self
                .values
                .get(range.start * 2..range.end * 2)
                .unwrap_or(&[]);
            Values::Narrow(values.chunks_exact(2))
        }
    }

    /// The memory (or the file's bytes) it takes.
    pub fn bytes(&self) -> usize {
        self.starts.len() + self.values.len()
    }
}

/// Makes one segment's lists, a document at a time.
pub(crate) struct Builder {
    starts: Vec<u8>,
    values: Vec<u8>,
    wide: bool,
    count: u32,
}

impl Builder {
    /// Lists of numbers that need four bytes when `wide`, else fit in two.
    pub fn new(wide: bool) -> Builder {
        Builder {
            starts: 0u32.to_le_bytes().to_vec(),
            values: Vec::new(),
            wide,
            count: 0,
        }
    }

    /// The next document's numbers; `None` past 2^32 numbers in a segment.
    pub fn push(&mut self, values: &[u32]) -> Option<()> {
        for &v in values {
            if self.wide {
                self.values.extend_from_slice(&v.to_le_bytes());
            } else {
                self.values.extend_from_slice(&(v as u16).to_le_bytes());
            }
        }
        self.count = self.count.checked_add(u32::try_from(values.len()).ok()?)?;
        self.starts.extend_from_slice(&self.count.to_le_bytes());
        Some(())
    }

    /// The bytes pushed so far.
    pub fn bytes(&self) -> usize {
        self.starts.len() + self.values.len()
    }

    pub fn finish(self) -> DocList {
        DocList {
            starts: OwnedBytes::new(self.starts),
            values: OwnedBytes::new(self.values),
            wide: self.wide,
        }
    }
}

/// Writes the lists of a table's segments to a file, a segment at a time, hashing as it
/// goes.
struct FileWriter<W: Write> {
    out: BufWriter<W>,
    /// The hash of what the file's own hash covers, and of the whole file.
    hasher: xxhash_rust::xxh3::Xxh3,
    whole: xxhash_rust::xxh3::Xxh3,
    at: u64,
    footer: Vec<u8>,
    segments: u32,
}

impl<W: Write> FileWriter<W> {
    /// A file of the lists made with the table whose file ends with `table_hash`.
    fn new(out: W, table_hash: u64) -> io::Result<FileWriter<W>> {
        let mut writer = FileWriter {
            out: BufWriter::with_capacity(1 << 16, out),
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            whole: xxhash_rust::xxh3::Xxh3::new(),
            at: 0,
            footer: Vec::new(),
            segments: 0,
        };
        writer.put(MAGIC)?;
        writer.put(&table_hash.to_le_bytes())?;
        Ok(writer)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.hasher.update(bytes);
        self.whole.update(bytes);
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// The next segment's lists, all of one number of documents.
    fn segment(&mut self, lists: [&DocList; LISTS]) -> io::Result<()> {
        let docs = u32::try_from(lists[0].docs()).map_err(io::Error::other)?;
        if lists.iter().any(|l| l.docs() != docs as usize) {
            return Err(io::Error::other("lists of different lengths"));
        }
        self.footer.extend_from_slice(&docs.to_le_bytes());
        for list in lists {
            let values_at = self.at;
            self.put(&list.values)?;
            let starts_at = self.at;
            self.put(&list.starts)?;
            let width = if list.wide { 4u8 } else { 2 };
            self.footer.push(width);
            self.footer.extend_from_slice(&values_at.to_le_bytes());
            self.footer
                .extend_from_slice(&(list.values.len() as u64 / u64::from(width)).to_le_bytes());
            self.footer.extend_from_slice(&starts_at.to_le_bytes());
        }
        self.segments += 1;
        Ok(())
    }

    /// Ends the file: the footer, its position, the hash; gives back the output and the
    /// hash of the whole file (what `core::verify` records).
    fn finish(mut self) -> io::Result<(W, u64)> {
        let footer_at = self.at;
        let footer = std::mem::take(&mut self.footer);
        self.put(&self.segments.to_le_bytes())?;
        self.put(&footer)?;
        self.put(&footer_at.to_le_bytes())?;
        let sum = self.hasher.digest().to_le_bytes();
        self.out.write_all(&sum)?;
        self.whole.update(&sum);
        let whole = self.whole.digest();
        let out = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok((out, whole))
    }
}

/// The lists a file holds, when it is whole (its hash is checked unless `trusted`), of
/// the table whose file ends with `table_hash`, and of segments with these numbers of
/// documents; `None` otherwise.
pub(crate) fn from_file(
    bytes: OwnedBytes,
    table_hash: u64,
    max_docs: &[DocId],
    trusted: bool,
) -> Option<ArticleLists> {
    let end = bytes.len().checked_sub(8)?;
    let body = bytes.slice(0..end);
    if !body.starts_with(MAGIC) || body.len() < 16 + 4 + 8 {
        return None;
    }
    if !trusted {
        let sum = u64::from_le_bytes(bytes[end..].try_into().ok()?);
        if xxhash_rust::xxh3::xxh3_64(&body) != sum {
            return None;
        }
    }
    if u64::from_le_bytes(body[8..16].try_into().ok()?) != table_hash {
        return None;
    }
    let footer_at =
        usize::try_from(u64::from_le_bytes(body[body.len() - 8..].try_into().ok()?)).ok()?;
    let footer = body.get(footer_at..body.len() - 8)?;
    let segments = u32::from_le_bytes(footer.get(..4)?.try_into().ok()?) as usize;
    if segments != max_docs.len() || footer.len() != 4 + segments * FOOTER_ENTRY {
        return None;
    }
    let mut lists: [Vec<DocList>; LISTS] = Default::default();
    for (entry, &max_doc) in footer[4..].chunks_exact(FOOTER_ENTRY).zip(max_docs) {
        if u32::from_le_bytes(entry[0..4].try_into().ok()?) != max_doc {
            return None;
        }
        for (list, entry) in lists.iter_mut().zip(entry[4..].chunks_exact(LIST_ENTRY)) {
            let width = usize::from(entry[0]);
            let number = |at: usize| -> Option<usize> {
                usize::try_from(u64::from_le_bytes(entry[at..at + 8].try_into().ok()?)).ok()
            };
            let (values_at, values, starts_at) = (number(1)?, number(9)?, number(17)?);
            if width != 2 && width != 4 {
                return None;
            }
            let values_end = values_at.checked_add(values.checked_mul(width)?)?;
            let starts_end = starts_at.checked_add((max_doc as usize + 1).checked_mul(4)?)?;
            if values_end > starts_at || starts_end > footer_at {
                return None;
            }
            list.push(DocList {
                starts: body.slice(starts_at..starts_end),
                values: body.slice(values_at..values_end),
                wide: width == 4,
            });
        }
    }
    let [entities, mentioned] = lists;
    Some(ArticleLists {
        entities: Arc::new(entities),
        mentioned: Arc::new(mentioned),
    })
}

/// Whether a lists file is damaged: not whole by its own hash (`search check`).
pub(crate) fn is_damaged(bytes: &[u8]) -> bool {
    let Some(end) = bytes.len().checked_sub(8) else {
        return true;
    };
    let sum = u64::from_le_bytes(bytes[end..].try_into().unwrap_or_default());
    !bytes.starts_with(MAGIC) || xxhash_rust::xxh3::xxh3_64(&bytes[..end]) != sum
}

/// Writes a table's segments' lists to `dir` through a temporary file renamed over the
/// old one (as `core::files::write_atomic`); gives back the hash of the whole file,
/// what `core::verify` records.
pub(crate) fn write_file(dir: &Path, table_hash: u64, lists: &ArticleLists) -> io::Result<u64> {
    let file = tempfile::Builder::new()
        .prefix(".newsdex-")
        .tempfile_in(dir)?;
    let mut writer = FileWriter::new(file, table_hash)?;
    if lists.entities.len() != lists.mentioned.len() {
        return Err(io::Error::other("lists of different segments"));
    }
    for (entities, mentioned) in lists.entities.iter().zip(lists.mentioned.iter()) {
        writer.segment([entities, mentioned])?;
    }
    let (file, hash) = writer.finish()?;
    file.as_file().sync_all()?;
    file.persist(dir.join(ARTICLE_FACETS_FILE))
        .map_err(|e| e.error)?;
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(segments: &[Vec<Vec<u32>>], wide: bool) -> Vec<DocList> {
        segments
            .iter()
            .map(|docs| {
                let mut builder = Builder::new(wide);
                for values in docs {
                    builder.push(values).unwrap();
                }
                builder.finish()
            })
            .collect()
    }

    fn read(lists: &[DocList]) -> Vec<Vec<Vec<u32>>> {
        lists
            .iter()
            .map(|d| {
                (0..d.docs() as u32)
                    .map(|doc| d.of(doc).collect())
                    .collect()
            })
            .collect()
    }

    /// Lists written to a file read back as they were, two bytes a number or four, and
    /// only for their table and segments; a damaged file is refused unless trusted.
    #[test]
    fn lists_read_back_from_their_file_for_their_table_only() {
        let mut runner = proptest::test_runner::TestRunner::default();
        let segments = proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec(0u32..200_000, 0..5), 0..30),
            0..4,
        );
        runner
            .run(&(segments, proptest::bool::ANY), |(segments, wide)| {
                let cap = if wide { 200_000 } else { 1 << 16 };
                let segments: Vec<Vec<Vec<u32>>> = segments
                    .into_iter()
                    .map(|docs| {
                        docs.into_iter()
                            .map(|v| v.into_iter().map(|e| e % cap).collect())
                            .collect()
                    })
                    .collect();
                // The months: the same documents, other numbers.
                let months: Vec<Vec<Vec<u32>>> = segments
                    .iter()
                    .map(|docs| {
                        docs.iter()
                            .map(|v| v.iter().map(|e| e / 3 + 23_000).collect())
                            .collect()
                    })
                    .collect();
                let made = ArticleLists {
                    entities: Arc::new(lists(&segments, wide)),
                    mentioned: Arc::new(lists(&months, wide)),
                };
                proptest::prop_assert_eq!(&read(&made.entities), &segments);
                let dir = tempfile::tempdir().unwrap();
                write_file(dir.path(), 42, &made).unwrap();
                let bytes = std::fs::read(dir.path().join(ARTICLE_FACETS_FILE)).unwrap();
                proptest::prop_assert!(!is_damaged(&bytes));
                let max_docs: Vec<DocId> = segments.iter().map(|d| d.len() as DocId).collect();
                let back = from_file(OwnedBytes::new(bytes.clone()), 42, &max_docs, false);
                let back = back.unwrap();
                proptest::prop_assert_eq!(read(&back.entities), segments.clone());
                proptest::prop_assert_eq!(read(&back.mentioned), months);
                proptest::prop_assert!(from_file(
                    OwnedBytes::new(bytes.clone()),
                    43,
                    &max_docs,
                    true
                )
                .is_none());
                let mut more = max_docs.clone();
                more.push(0);
                proptest::prop_assert!(
                    from_file(OwnedBytes::new(bytes.clone()), 42, &more, true).is_none()
                );
                if let Some(first) = max_docs.first() {
                    let mut other = max_docs.clone();
                    other[0] = first + 1;
                    proptest::prop_assert!(from_file(
                        OwnedBytes::new(bytes.clone()),
                        42,
                        &other,
                        true
                    )
                    .is_none());
                }
                // Every byte matters to the hash.
                for at in [0, 9, bytes.len() / 2, bytes.len() - 9, bytes.len() - 1] {
                    let mut damaged = bytes.clone();
                    damaged[at] ^= 0x10;
                    proptest::prop_assert!(is_damaged(&damaged));
                    proptest::prop_assert!(from_file(
                        OwnedBytes::new(damaged),
                        42,
                        &max_docs,
                        false
                    )
                    .is_none());
                }
                Ok(())
            })
            .unwrap();
    }

    /// A file cut short or of another kind is refused, trusted or not, without a panic;
    /// a document past the lists has no numbers.
    #[test]
    fn a_cut_file_is_refused_and_a_missing_document_has_none() {
        let made = ArticleLists {
            entities: Arc::new(lists(&[vec![vec![1, 2], vec![], vec![3]]], false)),
            mentioned: Arc::new(lists(
                &[vec![vec![23_850], vec![23_851, 23_900], vec![]]],
                false,
            )),
        };
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), 7, &made).unwrap();
        let bytes = std::fs::read(dir.path().join(ARTICLE_FACETS_FILE)).unwrap();
        for len in 0..bytes.len() {
            let cut = OwnedBytes::new(bytes[..len].to_vec());
            assert!(from_file(cut, 7, &[3], true).is_none(), "cut to {len}");
            assert!(is_damaged(&bytes[..len]));
        }
        let back = from_file(OwnedBytes::new(bytes), 7, &[3], true).unwrap();
        assert_eq!(back.entities[0].of(0).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(
            back.mentioned[0].of(1).collect::<Vec<_>>(),
            [23_851, 23_900]
        );
        assert_eq!(back.entities[0].of(3).count(), 0);
        assert_eq!(back.entities[0].of(u32::MAX).count(), 0);
        assert_eq!(DocList::empty(4).of(2).count(), 0);
        // Lists of different lengths are not written.
        let uneven = ArticleLists {
            entities: Arc::new(lists(&[vec![vec![1]]], false)),
            mentioned: Arc::new(lists(&[vec![]], false)),
        };
        assert!(write_file(dir.path(), 7, &uneven).is_err());
    }
}
