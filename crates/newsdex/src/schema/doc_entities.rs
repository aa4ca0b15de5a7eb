//! Every article's entities (see `core::entities`), each once, in the layout both the
//! writer's file and a searcher's memory use: what counting a match's actors reads
//! instead of the `actors` column, its row index, its bit-packed ordinals and the
//! table's ordinal map (most of a broad query's instructions over a large archive).
//!
//! The file (`newsdex.article-entities`), written by the writer beside the entity table
//! and only valid with it: a header (magic, the hash the table's file ends with, the
//! number of segments), each segment's lists (entity ids, two bytes each when the table
//! has at most 65,536 entities, else four; then one four-byte offset per document and
//! one past the last), a footer (per segment: documents, id width, where its ids and its
//! offsets start, how many ids), the footer's position, then the xxh3 hash of all that.
//! Numbers are little-endian. It is written as it is made, one segment in memory at a
//! time, and mapped, not read, by a search.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use tantivy::directory::OwnedBytes;
use tantivy::DocId;

/// The file the lists live in, in the index's folder.
pub(crate) const DOC_ENTITIES_FILE: &str = "newsdex.article-entities";
const MAGIC: &[u8; 8] = b"NDXDOC1\n";
/// Bytes of a segment's entry in the footer.
const FOOTER_ENTRY: usize = 4 + 1 + 8 + 8 + 8;

/// One segment's documents' entities: document `d`'s are the ids between offsets `d`
/// and `d + 1`.
#[derive(Clone)]
pub(crate) struct DocEntities {
    /// `max_doc + 1` offsets, four bytes each.
    starts: OwnedBytes,
    ids: OwnedBytes,
    /// Four bytes an id rather than two.
    wide: bool,
}

impl std::fmt::Debug for DocEntities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DocEntities({} documents, {} bytes)",
            self.docs(),
            self.bytes()
        )
    }
}

/// A document's entity ids.
pub(crate) enum Ids<'a> {
    Narrow(std::slice::ChunksExact<'a, u8>),
    Wide(std::slice::ChunksExact<'a, u8>),
}

impl Iterator for Ids<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            Ids::Narrow(chunks) => chunks
                .next()
                .map(|c| u32::from(u16::from_le_bytes([c[0], c[1]]))),
            Ids::Wide(chunks) => chunks
                .next()
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        }
    }

    /// (The width is matched once for the whole list, not once an id: `for_each`, the
    /// loop of counting a match's entities, comes here.)
    #[inline]
    fn fold<B, F: FnMut(B, u32) -> B>(self, init: B, mut f: F) -> B {
        match self {
            Ids::Narrow(chunks) => chunks.fold(init, |acc, c| {
                f(acc, u32::from(u16::from_le_bytes([c[0], c[1]])))
            }),
            Ids::Wide(chunks) => chunks.fold(init, |acc, c| {
                f(acc, u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            }),
        }
    }
}

impl DocEntities {
    /// A segment whose articles name no actor.
    pub fn empty(max_doc: DocId) -> DocEntities {
        let mut builder = Builder::new(0);
        for _ in 0..max_doc {
            builder.push(&[]);
        }
        builder.finish()
    }

    /// How many documents it has lists of.
    pub fn docs(&self) -> usize {
        (self.starts.len() / 4).saturating_sub(1)
    }

    /// The entities of `doc` (none for a document it does not have).
    #[inline]
    pub fn of(&self, doc: DocId) -> Ids<'_> {
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
            let ids = self.ids.get(range.start * 4..range.end * 4).unwrap_or(&[]);
            Ids::Wide(ids.chunks_exact(4))
        } else {
            let ids = self.ids.get(range.start * 2..range.end * 2).unwrap_or(&[]);
            Ids::Narrow(ids.chunks_exact(2))
        }
    }

    /// The memory (or the file's bytes) it takes.
    pub fn bytes(&self) -> usize {
        self.starts.len() + self.ids.len()
    }
}

/// Makes one segment's lists, a document at a time.
pub(crate) struct Builder {
    starts: Vec<u8>,
    ids: Vec<u8>,
    wide: bool,
    count: u32,
}

impl Builder {
    /// Lists of ids below `entities`.
    pub fn new(entities: usize) -> Builder {
        Builder {
            starts: 0u32.to_le_bytes().to_vec(),
            ids: Vec::new(),
            wide: entities > 1 << 16,
            count: 0,
        }
    }

    /// The next document's entities (each once); `None` past 2^32 ids in a segment.
    pub fn push(&mut self, ids: &[u32]) -> Option<()> {
        for &e in ids {
            if self.wide {
                self.ids.extend_from_slice(&e.to_le_bytes());
            } else {
                self.ids.extend_from_slice(&(e as u16).to_le_bytes());
            }
        }
        self.count = self.count.checked_add(u32::try_from(ids.len()).ok()?)?;
        self.starts.extend_from_slice(&self.count.to_le_bytes());
        Some(())
    }

    /// The bytes pushed so far.
    pub fn bytes(&self) -> usize {
        self.starts.len() + self.ids.len()
    }

    pub fn finish(self) -> DocEntities {
        DocEntities {
            starts: OwnedBytes::new(self.starts),
            ids: OwnedBytes::new(self.ids),
            wide: self.wide,
        }
    }
}

/// Writes the lists of a table's segments to a file, a segment at a time, hashing as it
/// goes.
pub(crate) struct FileWriter<W: Write> {
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
    pub fn new(out: W, table_hash: u64) -> io::Result<FileWriter<W>> {
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

    /// The next segment's lists.
    pub fn segment(&mut self, lists: &DocEntities) -> io::Result<()> {
        let ids_at = self.at;
        self.put(&lists.ids)?;
        let starts_at = self.at;
        self.put(&lists.starts)?;
        let width = if lists.wide { 4u8 } else { 2 };
        let docs = u32::try_from(lists.docs()).map_err(io::Error::other)?;
        self.footer.extend_from_slice(&docs.to_le_bytes());
        self.footer.push(width);
        self.footer.extend_from_slice(&ids_at.to_le_bytes());
        self.footer
            .extend_from_slice(&(lists.ids.len() as u64 / u64::from(width)).to_le_bytes());
        self.footer.extend_from_slice(&starts_at.to_le_bytes());
        self.segments += 1;
        Ok(())
    }

    /// Ends the file: the footer, its position, the hash; gives back the output and the
    /// hash of the whole file (what `core::verify` records).
    pub fn finish(mut self) -> io::Result<(W, u64)> {
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
/// the table whose file ends with `table_hash`, and of `segments` segments with these
/// numbers of documents; `None` otherwise.
pub(crate) fn from_file(
    bytes: OwnedBytes,
    table_hash: u64,
    max_docs: &[DocId],
    trusted: bool,
) -> Option<Vec<DocEntities>> {
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
    let mut out = Vec::with_capacity(segments);
    for (entry, &max_doc) in footer[4..].chunks_exact(FOOTER_ENTRY).zip(max_docs) {
        let docs = u32::from_le_bytes(entry[0..4].try_into().ok()?);
        let width = usize::from(entry[4]);
        let number = |at: usize| -> Option<usize> {
            usize::try_from(u64::from_le_bytes(entry[at..at + 8].try_into().ok()?)).ok()
        };
        let (ids_at, ids, starts_at) = (number(5)?, number(13)?, number(21)?);
        if docs != max_doc || (width != 2 && width != 4) {
            return None;
        }
        let ids_end = ids_at.checked_add(ids.checked_mul(width)?)?;
        let starts_end = starts_at.checked_add((docs as usize + 1).checked_mul(4)?)?;
        if ids_end > starts_at || starts_end > footer_at {
            return None;
        }
        out.push(DocEntities {
            starts: body.slice(starts_at..starts_end),
            ids: body.slice(ids_at..ids_end),
            wide: width == 4,
        });
    }
    Some(out)
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
/// old one (as `core::files::write_atomic`), taking them a segment at a time; gives back
/// the hash of the whole file, what `core::verify` records.
pub(crate) fn write_file(
    dir: &Path,
    table_hash: u64,
    lists: impl IntoIterator<Item = io::Result<DocEntities>>,
) -> io::Result<u64> {
    let file = tempfile::Builder::new()
        .prefix(".newsdex-")
        .tempfile_in(dir)?;
    let mut writer = FileWriter::new(file, table_hash)?;
    for segment in lists {
        writer.segment(&segment?)?;
    }
    let (file, hash) = writer.finish()?;
    file.as_file().sync_all()?;
    file.persist(dir.join(DOC_ENTITIES_FILE))
        .map_err(|e| e.error)?;
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(segments: &[Vec<Vec<u32>>], entities: usize) -> Vec<DocEntities> {
        segments
            .iter()
            .map(|docs| {
                let mut builder = Builder::new(entities);
                for ids in docs {
                    builder.push(ids).unwrap();
                }
                builder.finish()
            })
            .collect()
    }

    fn read(lists: &[DocEntities]) -> Vec<Vec<Vec<u32>>> {
        lists
            .iter()
            .map(|d| {
                (0..d.docs() as u32)
                    .map(|doc| d.of(doc).collect())
                    .collect()
            })
            .collect()
    }

    /// Lists written to a file read back as they were, two bytes an id or four, and
    /// only for their table and segments; a damaged file is refused unless trusted.
    #[test]
    fn lists_read_back_from_their_file_for_their_table_only() {
        let mut runner = proptest::test_runner::TestRunner::default();
        let segments = proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec(0u32..70_000, 0..5), 0..30),
            0..4,
        );
        runner
            .run(&(segments, proptest::bool::ANY), |(segments, wide)| {
                let entities = if wide { 70_000 } else { 1 << 16 };
                let segments: Vec<Vec<Vec<u32>>> = segments
                    .into_iter()
                    .map(|docs| {
                        docs.into_iter()
                            .map(|ids| ids.into_iter().map(|e| e % entities as u32).collect())
                            .collect()
                    })
                    .collect();
                let made = lists(&segments, entities);
                proptest::prop_assert_eq!(&read(&made), &segments);
                let dir = tempfile::tempdir().unwrap();
                write_file(dir.path(), 42, made.iter().cloned().map(Ok)).unwrap();
                let bytes = std::fs::read(dir.path().join(DOC_ENTITIES_FILE)).unwrap();
                proptest::prop_assert!(!is_damaged(&bytes));
                let max_docs: Vec<DocId> = segments.iter().map(|d| d.len() as DocId).collect();
                let back = from_file(OwnedBytes::new(bytes.clone()), 42, &max_docs, false);
                proptest::prop_assert_eq!(read(&back.unwrap()), segments.clone());
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
    /// a document past the lists has no entities.
    #[test]
    fn a_cut_file_is_refused_and_a_missing_document_has_none() {
        let made = lists(&[vec![vec![1, 2], vec![], vec![3]]], 10);
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), 7, made.iter().cloned().map(Ok)).unwrap();
        let bytes = std::fs::read(dir.path().join(DOC_ENTITIES_FILE)).unwrap();
        for len in 0..bytes.len() {
            let cut = OwnedBytes::new(bytes[..len].to_vec());
            assert!(from_file(cut, 7, &[3], true).is_none(), "cut to {len}");
            assert!(is_damaged(&bytes[..len]));
        }
        let back = from_file(OwnedBytes::new(bytes), 7, &[3], true).unwrap();
        assert_eq!(back[0].of(0).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(back[0].of(3).count(), 0);
        assert_eq!(back[0].of(u32::MAX).count(), 0);
        assert_eq!(DocEntities::empty(4).of(2).count(), 0);
    }
}
