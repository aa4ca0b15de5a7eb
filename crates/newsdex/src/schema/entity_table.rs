//! The entity table's on-disk layout, both directions: what `core::entities` builds
//! from the index is written and read here, as every other value the index keeps is
//! encoded in this module's siblings.
//!
//! The file (`newsdex.entities`): a header (magic, the rules' fingerprint, the segments
//! with each one's actor ordinals' entities, two bytes an ordinal while they fit), then
//! the entities (kind and hidden in one byte, articles, name, members, aliases; counts
//! and lengths as LEB128 varints; a member named as an alias by the alias's number)
//! behind a table of three-byte offsets, then an index of every folded name and alias to
//! its entities (an FST), then the xxh3 hash of all that. Nothing is parsed until it is
//! asked for.

use std::collections::BTreeSet;

use newsdex_extract::ActorKind;
use tantivy::directory::OwnedBytes;

use super::doc_lists::ArticleLists;
use super::encode::folded_name;

/// The file the table lives in, in the index's folder.
pub(crate) const ENTITIES_FILE: &str = "newsdex.entities";
const MAGIC: &[u8; 8] = b"NDXENT7\n";
/// The layout before counts and lengths were varints and ordinal maps and offsets as
/// narrow as the table allows: every number fixed-width, kind and hidden a byte each,
/// members' names written out. Still read. (`NDXENT6`, a draft of today's layout never
/// released, is not: its tables are built again.)
const MAGIC_V5: &[u8; 8] = b"NDXENT5\n";
/// Set in a varint-layout entity's first byte when it is hidden (its low bits are the
/// kind).
const HIDDEN: u8 = 0x04;
/// Set in a varint-layout member's kind byte when its name is one of the entity's
/// aliases (all members not named as their entity are): the alias's number follows.
const IN_ALIASES: u8 = 0x40;
/// In an ordinal map two bytes wide, the entity of an ordinal that has none.
const NONE_U16: u16 = u16::MAX;
/// The layout before the name index was an FST: sorted rows of (key, entity) and the
/// keys. Still read, so that an index of then is not regrouped by every search until
/// its next `search index`.
const MAGIC_V4: &[u8; 8] = b"NDXENT4\n";
/// The layout before members named as their entity were marked rather than written out
/// (the kind byte's [`SAME_NAME`] bit, never set then): read as today's.
const MAGIC_V3: &[u8; 8] = b"NDXENT3\n";
/// Set in a member's kind byte when the member is named as its entity (most are): no
/// name follows.
const SAME_NAME: u8 = 0x80;
/// The same layout without the hash at the end, as written before the hash was kept:
/// still read, so that an index of then is not rebuilt by every search until its next
/// `search index` (which writes the table anew).
const MAGIC_UNHASHED: &[u8; 8] = b"NDXENT2\n";
/// A segment ordinal's entity when it has none (an actor of no article alive).
pub(crate) const NONE: u32 = u32::MAX;

/// An index's actors grouped into entities, for one set of segments.
#[derive(Debug, Clone)]
pub(crate) struct Entities {
    /// The table, in memory or mapped from its file.
    bytes: OwnedBytes,
    /// The segments' ids, in the searcher's order.
    segments: Vec<String>,
    /// Per segment: where its ordinal map starts, its length, and its bytes per ordinal.
    maps: Vec<(usize, usize, usize)>,
    entities: usize,
    /// Where the entity offsets start, their width in bytes, and the blob they point
    /// into.
    offsets_at: usize,
    offset_width: usize,
    blob_at: usize,
    /// The index of folded names.
    keys: KeyIndex,
    rules: u64,
    /// Counts, lengths and articles are varints, kind and hidden share a byte, ordinal
    /// maps may be two bytes wide ([`MAGIC`]); else all fixed-width (the layouts before).
    varints: bool,
    /// Every article's entities and mentioned months, segment by segment, when they were
    /// made with the table or read from the writer's file of them (`doc_lists`).
    lists: Option<ArticleLists>,
    /// The hash its file ends with, when it was read from one.
    hash: Option<u64>,
}

/// The index of every folded name and alias to its entities.
#[derive(Clone)]
enum KeyIndex {
    /// Each key to its entity `e` (as `e << 1`), or to its run of several entities in
    /// `runs` (as `start << 17 | count << 1 | 1`).
    Fst {
        map: fst::Map<OwnedBytes>,
        runs_at: usize,
        runs: usize,
    },
    /// Rows of (key offset, entity) sorted by key, and the length-prefixed keys: tables
    /// before [`MAGIC`].
    Rows {
        at: usize,
        len: usize,
        keys_at: usize,
    },
}

impl std::fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyIndex::Fst { map, runs, .. } => {
                write!(f, "Fst({} keys, {runs} in runs)", map.len())
            }
            KeyIndex::Rows { len, .. } => write!(f, "Rows({len})"),
        }
    }
}

/// A member's name as its entity's record gives it.
enum MemberName<'s> {
    /// The entity's own name.
    Own,
    /// The entity's alias of this number.
    Alias(usize),
    Written(&'s str),
}

/// A run of entities under one key is at most this long.
const MAX_RUN: usize = 0xffff;

/// One segment's actor ordinals' entities, as the table holds them.
#[derive(Debug, Clone)]
pub(crate) struct SegmentEntities {
    bytes: OwnedBytes,
    /// Bytes per ordinal: 2 when every entity number fits in 16 bits, else 4.
    width: usize,
}

impl SegmentEntities {
    /// How many ordinals the map has.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.bytes.len() / self.width
    }

    /// The entity of an actor ordinal ([`NONE`] if none).
    #[inline]
    pub fn get(&self, ord: u64) -> u32 {
        let at = (ord as usize).saturating_mul(self.width);
        if self.width == 2 {
            return match self.bytes.get(at..at.saturating_add(2)) {
                Some(&[a, b]) if u16::from_le_bytes([a, b]) != NONE_U16 => {
                    u32::from(u16::from_le_bytes([a, b]))
                }
                _ => NONE,
            };
        }
        match self.bytes.get(at..at.saturating_add(4)) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => NONE,
        }
    }
}

/// One entity, as built before it is written.
pub(crate) struct Draft {
    pub name: String,
    pub kind: ActorKind,
    pub hidden: bool,
    pub docs: u32,
    /// The actor names (extraction's, per article) that make it up, with their kinds.
    pub members: BTreeSet<(ActorKind, String)>,
    /// Every name and form it was written under, distinct.
    pub aliases: BTreeSet<String>,
}

impl Draft {
    /// An entity with this name and kind, and nothing in it yet.
    pub fn named(name: String, kind: ActorKind) -> Draft {
        Draft {
            name,
            kind,
            hidden: false,
            docs: 0,
            members: BTreeSet::new(),
            aliases: BTreeSet::new(),
        }
    }
}

impl Entities {
    /// The file's bytes: the table, then the xxh3 hash of it.
    pub fn to_file(&self) -> Vec<u8> {
        let mut file = Vec::with_capacity(self.bytes.len() + 8);
        file.extend_from_slice(&self.bytes);
        file.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&self.bytes).to_le_bytes());
        file
    }

    /// The table a file holds; `None` when it is damaged (its counts would be wrong,
    /// silently) or not a table. The hash at its end is checked unless the file is
    /// `trusted` (recorded whole by the writer, `core::verify`): checking reads every
    /// byte, where a search reads a few pages. A table of the layout before the hash
    /// ([`MAGIC_UNHASHED`]) is read unchecked.
    pub fn from_file(mut bytes: OwnedBytes, trusted: bool) -> Option<Entities> {
        let unhashed = bytes.starts_with(MAGIC_UNHASHED);
        let mut hash = None;
        if !unhashed {
            let end = bytes.len().checked_sub(8)?;
            let sum = u64::from_le_bytes(bytes[end..].try_into().ok()?);
            bytes = bytes.slice(0..end);
            if !trusted && xxhash_rust::xxh3::xxh3_64(&bytes) != sum {
                return None;
            }
            hash = Some(sum);
        }
        let mut table = Entities::parse(bytes, unhashed)?;
        table.hash = hash;
        Some(table)
    }

    /// The hash its file ends with (see [`Entities::to_file`]): what the file of its
    /// articles' lists names it by.
    pub fn file_hash(&self) -> u64 {
        self.hash
            .unwrap_or_else(|| xxhash_rust::xxh3::xxh3_64(&self.bytes))
    }

    /// The table with its articles' lists.
    pub fn with_lists(mut self, lists: Option<ArticleLists>) -> Entities {
        self.lists = lists;
        self
    }

    /// Every article's entities and mentioned months, segment by segment, when the
    /// table has them.
    pub fn article_lists(&self) -> Option<&ArticleLists> {
        self.lists.as_ref()
    }

    /// The segments the table is of.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// The fingerprint of the rules the table was built under.
    pub fn rules(&self) -> u64 {
        self.rules
    }

    /// How many entities there are.
    pub fn len(&self) -> usize {
        self.entities
    }

    /// The entity of a segment's actor ordinal ([`NONE`] if none).
    #[cfg(test)]
    pub fn entity_of(&self, segment: usize, ord: u64) -> u32 {
        self.segment_entities(segment).get(ord)
    }

    /// A segment's ordinal-to-entity map, read where it lies (a search that counts a
    /// few matches touches a few of its pages, not all).
    pub fn segment_entities(&self, segment: usize) -> SegmentEntities {
        match self.maps.get(segment) {
            Some(&(at, len, width)) if at + width * len <= self.bytes.len() => SegmentEntities {
                bytes: self.bytes.slice(at..at + width * len),
                width,
            },
            _ => SegmentEntities {
                bytes: OwnedBytes::empty(),
                width: 4,
            },
        }
    }

    fn record(&self, e: u32) -> usize {
        self.blob_at + self.offset(e)
    }

    /// Where entity `e`'s record starts in the blob.
    fn offset(&self, e: u32) -> usize {
        let at = self.offsets_at + self.offset_width * e as usize;
        match self.bytes.get(at..at + self.offset_width) {
            Some(&[a, b, c]) => u32::from_le_bytes([a, b, c, 0]) as usize,
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
            _ => NONE as usize,
        }
    }

    /// The entity's kind.
    pub fn kind(&self, e: u32) -> ActorKind {
        kind_of_byte(self.bytes.get(self.record(e)).copied().unwrap_or(2) & 0x03)
    }

    /// Whether the entity is left out of actor counts.
    pub fn hidden(&self, e: u32) -> bool {
        if self.varints {
            return self
                .bytes
                .get(self.record(e))
                .is_some_and(|&b| b & HIDDEN != 0);
        }
        self.bytes.get(self.record(e) + 1).is_some_and(|&b| b != 0)
    }

    /// The articles that name the entity.
    pub fn docs(&self, e: u32) -> u32 {
        if self.varints {
            return self.varint_at(self.record(e) + 1).0 as u32;
        }
        self.u32_at(self.record(e) + 2)
    }

    /// Where the entity's name starts (after kind, hidden and articles).
    fn name_at(&self, e: u32) -> usize {
        if self.varints {
            return self.varint_at(self.record(e) + 1).1;
        }
        self.record(e) + 6
    }

    /// The name the entity goes by.
    pub fn name(&self, e: u32) -> &str {
        self.str_at(self.name_at(e)).0
    }

    /// The name's bytes, for ordering entities by name without reading it as text.
    pub fn name_bytes(&self, e: u32) -> &[u8] {
        self.bytes_at(self.name_at(e)).0
    }

    /// The actor names extraction gave it, article by article, with their kinds: what
    /// filters look for.
    pub fn members(&self, e: u32) -> Vec<(ActorKind, &str)> {
        let (own, at) = self.str_at(self.name_at(e));
        let (n, mut at) = self.count_at(at);
        let mut found = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let (kind, name, next) = self.member_at(at);
            found.push((kind, name));
            at = next;
        }
        let aliases = if found.iter().any(|(_, m)| matches!(m, MemberName::Alias(_))) {
            self.aliases_from(at)
        } else {
            Vec::new()
        };
        found
            .into_iter()
            .map(|(kind, name)| match name {
                MemberName::Own => (kind, own),
                MemberName::Alias(i) => (kind, aliases.get(i).copied().unwrap_or("")),
                MemberName::Written(name) => (kind, name),
            })
            .collect()
    }

    /// The member at `at`, and where the next field starts.
    fn member_at(&self, at: usize) -> (ActorKind, MemberName<'_>, usize) {
        let byte = self.bytes.get(at).copied().unwrap_or(2);
        let kind = kind_of_byte(byte & 0x03);
        if byte & SAME_NAME != 0 {
            (kind, MemberName::Own, at + 1)
        } else if self.varints && byte & IN_ALIASES != 0 {
            let (i, next) = self.varint_at(at + 1);
            (kind, MemberName::Alias(i as usize), next)
        } else {
            let (name, next) = self.str_at(at + 1);
            (kind, MemberName::Written(name), next)
        }
    }

    /// Where the alias list of an entity starts.
    fn aliases_at(&self, e: u32) -> usize {
        let (n, mut at) = self.count_at(self.bytes_at(self.name_at(e)).1);
        for _ in 0..n {
            at = self.member_at(at).2;
        }
        at
    }

    /// The other names and forms the entity is written under.
    pub fn aliases(&self, e: u32) -> Vec<&str> {
        self.aliases_from(self.aliases_at(e))
    }

    /// The alias list at `at`.
    fn aliases_from(&self, at: usize) -> Vec<&str> {
        let (n, mut at) = self.count_at(at);
        let mut out = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let (alias, next) = self.str_at(at);
            out.push(alias);
            at = next;
        }
        out
    }

    /// The entities one of whose names or aliases is written `name` (case, diacritics
    /// and spacing aside).
    pub fn find(&self, name: &str) -> Vec<u32> {
        let key = folded_name(name);
        let key = key.as_bytes();
        match &self.keys {
            KeyIndex::Fst { map, .. } => match map.get(key) {
                Some(value) => self.entities_of(value).collect(),
                None => Vec::new(),
            },
            KeyIndex::Rows { len, .. } => {
                let (mut lo, mut hi) = (0, *len);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if self.row(mid).0 < key {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                let mut out = Vec::new();
                while lo < *len && self.row(lo).0 == key {
                    out.push(self.row(lo).1);
                    lo += 1;
                }
                out
            }
        }
    }

    /// The entities an FST value stands for.
    fn entities_of(&self, value: u64) -> impl Iterator<Item = u32> + '_ {
        // One entity in the value itself, or a run of them in the table.
        let (one, run) = match &self.keys {
            _ if value & 1 == 0 => (Some((value >> 1) as u32), 0..0),
            KeyIndex::Fst { runs_at, runs, .. } => {
                let count = ((value >> 1) & MAX_RUN as u64) as usize;
                let start = (value >> 17) as usize;
                let run = start..start.saturating_add(count).min(*runs);
                (None, runs_at + 4 * run.start..runs_at + 4 * run.end)
            }
            KeyIndex::Rows { .. } => (None, 0..0),
        };
        one.into_iter()
            .chain(run.step_by(4).map(move |at| self.u32_at(at)))
    }

    /// Row `i` of a table before [`MAGIC`]: its key and entity.
    fn row(&self, i: usize) -> (&[u8], u32) {
        let KeyIndex::Rows { at, keys_at, .. } = &self.keys else {
            return (&[], NONE);
        };
        let off = self.u32_at(at + 8 * i) as usize;
        (self.bytes_at(keys_at + off).0, self.u32_at(at + 8 * i + 4))
    }

    /// The entity an actor extraction named so, with this kind, is part of: found by
    /// its name in the sorted index, without reading the index's dictionary.
    pub fn of_member(&self, kind: ActorKind, name: &str) -> Option<u32> {
        self.find(name)
            .into_iter()
            .find(|&e| self.members(e).contains(&(kind, name)))
    }

    /// [`Entities::for_each_name`], collected.
    #[cfg(test)]
    pub fn names(&self) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        self.for_each_name(|key, e| out.push((key.to_owned(), e)));
        out
    }

    /// Every folded name and alias with an entity of it, in the order of the keys, one
    /// at a time, without copying them (an archive has hundreds of thousands).
    pub fn for_each_name(&self, mut f: impl FnMut(&str, u32)) {
        match &self.keys {
            KeyIndex::Fst { map, .. } => {
                use fst::Streamer;
                let mut stream = map.stream();
                while let Some((key, value)) = stream.next() {
                    let key = String::from_utf8_lossy(key);
                    for e in self.entities_of(value) {
                        f(&key, e);
                    }
                }
            }
            KeyIndex::Rows { len, .. } => {
                for i in 0..*len {
                    let (key, e) = self.row(i);
                    f(&String::from_utf8_lossy(key), e);
                }
            }
        }
    }

    fn u16_at(&self, at: usize) -> u16 {
        let b = self.bytes.get(at..at + 2).unwrap_or(&[0, 0]);
        u16::from_le_bytes([b[0], b[1]])
    }

    /// An LEB128 varint of at most 32 bits at `at`, and where the next field starts; 0
    /// past the end or where the bytes are no such varint.
    fn varint_at(&self, at: usize) -> (u64, usize) {
        let mut value = 0u64;
        for i in 0..5 {
            let Some(&b) = self.bytes.get(at + i) else {
                return (0, at + i);
            };
            value |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return (value.min(u64::from(u32::MAX)), at + i + 1);
            }
        }
        (0, at + 5)
    }

    /// A count of members or aliases (or a length) at `at`, and where the items start.
    /// Never more than 16 bits: writers write no more, and a damaged count sizes no
    /// allocation beyond that.
    fn count_at(&self, at: usize) -> (u64, usize) {
        if self.varints {
            let (n, next) = self.varint_at(at);
            return (n.min(u64::from(u16::MAX)), next);
        }
        (u64::from(self.u16_at(at)), at + 2)
    }

    fn u32_at(&self, at: usize) -> u32 {
        match self.bytes.get(at..at + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => NONE,
        }
    }

    /// A length-prefixed string at `at`, and where the next field starts.
    fn str_at(&self, at: usize) -> (&str, usize) {
        let (bytes, next) = self.bytes_at(at);
        (std::str::from_utf8(bytes).unwrap_or(""), next)
    }

    /// The bytes of a length-prefixed string at `at`, unchecked (comparing them orders
    /// as comparing the strings), and where the next field starts.
    fn bytes_at(&self, at: usize) -> (&[u8], usize) {
        let (len, at) = self.count_at(at);
        let end = at.saturating_add(len as usize);
        (self.bytes.get(at..end).unwrap_or(&[]), end)
    }

    /// Whether a file of today's layout is damaged (a file of an older layout is no
    /// damage: it is not read, and the next writer replaces it).
    pub fn is_damaged(bytes: OwnedBytes) -> bool {
        [MAGIC, MAGIC_V5, MAGIC_V4, MAGIC_V3]
            .iter()
            .any(|magic| bytes.starts_with(*magic))
            && Entities::from_file(bytes, false).is_none()
    }

    /// The table in `bytes`; `None` when they are not one (a damaged or older file).
    fn parse(bytes: OwnedBytes, unchecked: bool) -> Option<Entities> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        let magic = r.take(8)?;
        let varints = magic == MAGIC;
        let fst = varints || magic == MAGIC_V5;
        if !fst && magic != MAGIC_V4 && magic != MAGIC_V3 && magic != MAGIC_UNHASHED {
            return None;
        }
        let rules = r.u64()?;
        let n_segments = r.u32()? as usize;
        // Each segment takes 6 bytes at least: a count beyond that is not a table's.
        if n_segments > r.left() / 6 {
            return None;
        }
        let mut segments = Vec::with_capacity(n_segments);
        let mut maps = Vec::with_capacity(n_segments);
        for _ in 0..n_segments {
            let id_len = r.u16()? as usize;
            segments.push(std::str::from_utf8(r.take(id_len)?).ok()?.to_owned());
            let len = r.u32()? as usize;
            let width = if varints {
                usize::from(*r.take(1)?.first()?)
            } else {
                4
            };
            if width != 2 && width != 4 {
                return None;
            }
            maps.push((r.at, len, width));
            r.take(len.checked_mul(width)?)?;
        }
        let (entities, offset_width, offsets_at) = if varints {
            let entities = r.u32()? as usize;
            let width = usize::from(*r.take(1)?.first()?);
            if width != 3 && width != 4 {
                return None;
            }
            let at = r.at;
            r.take(entities.checked_mul(width)?)?;
            (entities, width, at)
        } else {
            let (entities, at) = r.section(4)?;
            (entities, 4, at)
        };
        let (blob_len, blob_at) = r.section(1)?;
        let keys = if fst {
            let (fst_len, fst_at) = r.section(1)?;
            let (runs, runs_at) = r.section(4)?;
            let map = fst::Map::new(bytes.slice(fst_at..fst_at + fst_len)).ok()?;
            KeyIndex::Fst { map, runs_at, runs }
        } else {
            let (len, at) = r.section(8)?;
            let (_, keys_at) = r.section(1)?;
            KeyIndex::Rows { at, len, keys_at }
        };
        let table = Entities {
            segments,
            maps,
            entities,
            offsets_at,
            offset_width,
            blob_at,
            keys,
            rules,
            bytes,
            varints,
            lists: None,
            hash: None,
        };
        // Offsets of a table read unchecked must point into the blob (lookups stay in
        // bounds regardless, but would read garbage). A hashed or recorded table is as
        // its writer wrote it: walking the offsets would only fault in their pages.
        let offsets_ok = !unchecked || (0..entities as u32).all(|e| table.offset(e) < blob_len);
        offsets_ok.then_some(table)
    }

    /// The table of these segments, their actor ordinals' entities and the entities.
    pub fn encode(
        segments: Vec<String>,
        maps: Vec<Vec<u32>>,
        drafts: &[Draft],
        rules: u64,
    ) -> Entities {
        Entities::encode_as(segments, maps, drafts, rules, MAGIC, None)
    }

    /// [`Entities::encode`], with the name index of these drafts already written (see
    /// [`name_index`]).
    pub(crate) fn encode_with_names(
        segments: Vec<String>,
        maps: Vec<Vec<u32>>,
        drafts: &[Draft],
        rules: u64,
        names: Vec<u8>,
    ) -> Entities {
        Entities::encode_as(segments, maps, drafts, rules, MAGIC, Some(names))
    }

    /// [`Entities::encode`] in the layout of `magic`: today's, or (for tests of reading
    /// old tables) one before varints or before the FST.
    fn encode_as(
        segments: Vec<String>,
        maps: Vec<Vec<u32>>,
        drafts: &[Draft],
        rules: u64,
        magic: &[u8; 8],
        names: Option<Vec<u8>>,
    ) -> Entities {
        let varints = magic == MAGIC;
        let mut out = Vec::new();
        out.extend_from_slice(magic);
        out.extend_from_slice(&rules.to_le_bytes());
        out.extend_from_slice(&(segments.len() as u32).to_le_bytes());
        // Two bytes an ordinal when every entity number (and NONE's) fits.
        let narrow = varints && drafts.len() < usize::from(NONE_U16);
        for (id, map) in segments.iter().zip(&maps) {
            // "uuid.deleted": kept whole, so that a table is found again for its segments.
            out.extend_from_slice(&(id.len() as u16).to_le_bytes());
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&(map.len() as u32).to_le_bytes());
            if varints {
                out.push(if narrow { 2 } else { 4 });
            }
            for &e in map {
                if narrow {
                    let e = u16::try_from(e).unwrap_or(NONE_U16);
                    out.extend_from_slice(&e.to_le_bytes());
                } else {
                    out.extend_from_slice(&e.to_le_bytes());
                }
            }
        }
        let mut blob = Vec::new();
        let mut offsets = Vec::with_capacity(drafts.len());
        // A count or length: a varint, or two bytes in the layouts before.
        let push_len = |buf: &mut Vec<u8>, n: usize| {
            if varints {
                push_varint(buf, n as u64);
            } else {
                buf.extend_from_slice(&(n as u16).to_le_bytes());
            }
        };
        let push_str = |buf: &mut Vec<u8>, s: &str| {
            let s = cut(s);
            push_len(buf, s.len());
            buf.extend_from_slice(s.as_bytes());
        };
        for d in drafts {
            offsets.push(blob.len() as u32);
            if varints {
                blob.push(kind_byte(d.kind) | if d.hidden { HIDDEN } else { 0 });
                push_varint(&mut blob, u64::from(d.docs));
            } else {
                blob.push(kind_byte(d.kind));
                blob.push(u8::from(d.hidden));
                blob.extend_from_slice(&d.docs.to_le_bytes());
            }
            push_str(&mut blob, &d.name);
            let members: Vec<&(ActorKind, String)> =
                d.members.iter().take(u16::MAX as usize).collect();
            let aliases: Vec<&String> = d.aliases.iter().take(u16::MAX as usize).collect();
            push_len(&mut blob, members.len());
            for (kind, name) in members {
                let alias = aliases.binary_search(&name).ok().filter(|_| varints);
                if cut(name) == cut(&d.name) {
                    blob.push(kind_byte(*kind) | SAME_NAME);
                } else if let Some(i) = alias {
                    blob.push(kind_byte(*kind) | IN_ALIASES);
                    push_varint(&mut blob, i as u64);
                } else {
                    blob.push(kind_byte(*kind));
                    push_str(&mut blob, name);
                }
            }
            push_len(&mut blob, aliases.len());
            for a in aliases {
                push_str(&mut blob, a);
            }
        }
        out.extend_from_slice(&(drafts.len() as u32).to_le_bytes());
        // Three bytes an offset while the blob is under 16 MB.
        let width = if varints && blob.len() < 1 << 24 {
            3
        } else {
            4
        };
        if varints {
            out.push(width as u8);
        }
        for o in &offsets {
            out.extend_from_slice(&o.to_le_bytes()[..width]);
        }
        out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        out.extend_from_slice(&blob);
        match names {
            Some(names) if magic == MAGIC => out.extend_from_slice(&names),
            _ => {
                let rows = name_rows(drafts);
                if magic == MAGIC || magic == MAGIC_V5 {
                    write_fst(&mut out, &rows);
                } else {
                    write_rows(&mut out, &rows);
                }
            }
        }
        // What was just written parses; a table that did not would have no entities.
        Entities::parse(OwnedBytes::new(out), false).unwrap_or(Entities {
            bytes: OwnedBytes::empty(),
            segments,
            maps: Vec::new(),
            entities: 0,
            offsets_at: 0,
            offset_width: 4,
            blob_at: 0,
            keys: KeyIndex::Rows {
                at: 0,
                len: 0,
                keys_at: 0,
            },
            rules,
            varints,
            lists: None,
            hash: None,
        })
    }
}

/// Every folded name and alias of the drafts, sorted, with its entity.
fn name_rows(drafts: &[Draft]) -> Vec<(String, u32)> {
    let mut rows: Vec<(String, u32)> = Vec::new();
    for (e, d) in drafts.iter().enumerate() {
        let mut keys: BTreeSet<String> = d.aliases.iter().map(|a| folded_name(a)).collect();
        keys.insert(folded_name(&d.name));
        // A person is found by surname too ("Pashinyan"): one person of the archive so
        // named is the one meant, several make the name ambiguous.
        if d.kind == ActorKind::Person {
            let full = folded_name(&d.name);
            if let Some((_, surname)) = full.rsplit_once(' ') {
                keys.insert(surname.to_owned());
            }
        }
        rows.extend(keys.into_iter().map(|k| (k, e as u32)));
    }
    sort_rows(&mut rows);
    rows
}

/// The name index of today's layout for these drafts, as [`Entities::encode`] writes
/// it: worked out apart, so that a writer can have it ready (see
/// `core::entities::Speculation`).
pub(crate) fn name_index(drafts: &[Draft]) -> Vec<u8> {
    let mut out = Vec::new();
    write_fst(&mut out, &name_rows(drafts));
    out
}

/// Sorts the rows of (key, entity) as `sort` would. Each key's first eight bytes, read
/// as a big-endian number, decide nearly every comparison with no string compared: keys
/// that differ there are in that order (a shorter key, padded with zeros, is a prefix of
/// the other up to where they differ). Equal rows are alike in every way, so no stable
/// sort is needed.
fn sort_rows(rows: &mut Vec<(String, u32)>) {
    let prefix = |k: &str| {
        let mut b = [0u8; 8];
        let n = k.len().min(8);
        b[..n].copy_from_slice(&k.as_bytes()[..n]);
        u64::from_be_bytes(b)
    };
    let mut keyed: Vec<(u64, String, u32)> = std::mem::take(rows)
        .into_iter()
        .map(|(k, e)| (prefix(&k), k, e))
        .collect();
    keyed.sort_unstable();
    rows.extend(keyed.into_iter().map(|(_, k, e)| (k, e)));
}

/// `n` as an LEB128 varint: seven bits a byte, low first, the high bit set on all but
/// the last.
fn push_varint(buf: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        buf.push((n as u8) | 0x80);
        n >>= 7;
    }
    buf.push(n as u8);
}

fn kind_byte(kind: ActorKind) -> u8 {
    match kind {
        ActorKind::Person => 0,
        ActorKind::Org => 1,
        ActorKind::Place => 2,
    }
}

/// The name index of today's layout: an FST of each key to its entity or its run of
/// entities, then the runs.
fn write_fst(out: &mut Vec<u8>, rows: &[(String, u32)]) {
    // One FST value per key: its entity, or its run of entities in `runs`.
    let mut builder = fst::MapBuilder::memory();
    let mut runs: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let key = &rows[i].0;
        let n = rows[i..].iter().take_while(|(k, _)| k == key).count();
        let value = if n == 1 {
            u64::from(rows[i].1) << 1
        } else {
            let count = n.min(MAX_RUN);
            let start = runs.len() as u64;
            runs.extend(rows[i..i + count].iter().map(|(_, e)| *e));
            (start << 17) | ((count as u64) << 1) | 1
        };
        // Keys are sorted and distinct here, which is all insert asks.
        let _ = builder.insert(key, value);
        i += n;
    }
    let fst = builder.into_inner().unwrap_or_default();
    out.extend_from_slice(&(fst.len() as u32).to_le_bytes());
    out.extend_from_slice(&fst);
    out.extend_from_slice(&(runs.len() as u32).to_le_bytes());
    for e in &runs {
        out.extend_from_slice(&e.to_le_bytes());
    }
}

/// The name index of the layout before the FST: sorted rows of (key offset, entity),
/// then the keys.
fn write_rows(out: &mut Vec<u8>, rows: &[(String, u32)]) {
    let mut keys = Vec::new();
    let mut index = Vec::with_capacity(rows.len() * 8);
    for (key, e) in rows {
        index.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        index.extend_from_slice(&e.to_le_bytes());
        let key = cut(key);
        keys.extend_from_slice(&(key.len() as u16).to_le_bytes());
        keys.extend_from_slice(key.as_bytes());
    }
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&index);
    out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    out.extend_from_slice(&keys);
}

fn kind_of_byte(byte: u8) -> ActorKind {
    match byte {
        0 => ActorKind::Person,
        1 => ActorKind::Org,
        _ => ActorKind::Place,
    }
}

/// A string cut to what a 16-bit length can say, on a character boundary.
fn cut(s: &str) -> &str {
    let mut end = s.len().min(u16::MAX as usize);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Reads the file's fields in order.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// The bytes not read yet.
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    /// A section: its count of `width`-byte items, then the items; the count and where
    /// the items start.
    fn section(&mut self, width: usize) -> Option<(usize, usize)> {
        let len = self.u32()? as usize;
        let at = self.at;
        self.take(len.checked_mul(width)?)?;
        Some((len, at))
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u16(&mut self) -> Option<u16> {
        let b = self.take(2)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Sorting by the eight-byte prefix first orders rows as a plain sort does:
        /// keys that share a prefix, are prefixes of each other, hold zero bytes or
        /// letters beyond ASCII, and repeat.
        #[test]
        fn rows_sort_as_a_plain_sort_does(
            rows in proptest::collection::vec(("(ab|a\\x00|é|z){0,6}", 0u32..4), 0..60)
        ) {
            let mut ours = rows.clone();
            sort_rows(&mut ours);
            let mut plain = rows;
            plain.sort();
            prop_assert_eq!(ours, plain);
        }
    }

    #[test]
    fn a_table_is_found_again_for_its_segments() {
        // Segment ids are a 32-digit uuid and the count of deleted articles: a table
        // read back must name them whole, or no search would ever reuse it.
        let segments = vec![
            "0123456789abcdef0123456789abcdef.0".to_owned(),
            "fedcba9876543210fedcba9876543210.1234".to_owned(),
        ];
        let table = Entities::encode(segments.clone(), vec![vec![NONE], vec![]], &[], 7);
        assert_eq!(table.segments(), segments.as_slice());
        let parsed = Entities::parse(table.bytes.clone(), true).expect("a table parses");
        assert_eq!(parsed.segments(), segments.as_slice());
        assert_eq!(parsed.rules(), 7);
        assert_eq!(parsed.entity_of(0, 0), NONE);
    }

    /// A member named as its entity is marked, not written again; the others, and the
    /// aliases after them, read back as written.
    #[test]
    fn members_named_as_their_entity_read_back() {
        let mut d = Draft::named("Lena Varga".to_owned(), ActorKind::Person);
        d.docs = 2;
        d.members
            .insert((ActorKind::Person, "Lena Varga".to_owned()));
        d.members.insert((ActorKind::Person, "Varga".to_owned()));
        d.aliases.insert("Minister Varga".to_owned());
        let mut other = Draft::named("Valletta".to_owned(), ActorKind::Place);
        other
            .members
            .insert((ActorKind::Place, "Valletta".to_owned()));
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let table = Entities::encode(segments, vec![vec![0, 1]], &[d, other], 7);
        assert_eq!(
            table.members(0),
            [
                (ActorKind::Person, "Lena Varga"),
                (ActorKind::Person, "Varga")
            ]
        );
        assert_eq!(table.aliases(0), ["Minister Varga"]);
        assert_eq!(table.members(1), [(ActorKind::Place, "Valletta")]);
        assert_eq!(table.of_member(ActorKind::Person, "Varga"), Some(0));
        assert_eq!(table.of_member(ActorKind::Place, "Valletta"), Some(1));
        assert_eq!(table.name(1), "Valletta");
    }

    /// Found by the damaged_index fuzz target: a segment count read from a damaged table
    /// asked for a 100 GB allocation. Any change to the saved file now makes it unread.
    #[test]
    fn a_damaged_table_is_not_read() {
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let table = Entities::encode(segments.clone(), vec![vec![NONE, NONE]], &[], 7);
        let pristine = table.to_file();
        assert!(Entities::from_file(OwnedBytes::new(pristine.clone()), false).is_some());
        // Trusted (recorded whole by the writer), a damaged file is not hashed.
        let mut flipped = pristine.clone();
        flipped[0] ^= 0x80;
        assert!(Entities::from_file(OwnedBytes::new(flipped), false).is_none());
        for at in 0..pristine.len() {
            let mut bytes = pristine.clone();
            bytes[at] ^= 0x80;
            assert!(
                Entities::from_file(OwnedBytes::new(bytes), false).is_none(),
                "byte {at}"
            );
        }
        assert!(Entities::is_damaged(OwnedBytes::new(
            pristine[..pristine.len() - 1].to_vec()
        )));
        assert!(!Entities::is_damaged(OwnedBytes::new(pristine.clone())));
        assert!(!Entities::is_damaged(OwnedBytes::new(
            b"NDXENT1\n".to_vec()
        )));
        // Cut short, too.
        for len in 0..pristine.len() {
            assert!(
                Entities::from_file(OwnedBytes::new(pristine[..len].to_vec()), false).is_none(),
                "{len} bytes"
            );
        }
        // A table written before the hash was kept is still read.
        let unhashed = Entities::encode_as(
            segments.clone(),
            vec![vec![NONE, NONE]],
            &[],
            7,
            MAGIC_UNHASHED,
            None,
        );
        let legacy = Entities::from_file(unhashed.bytes.clone(), false).expect("an unhashed table");
        assert_eq!(legacy.segments(), segments.as_slice());
        // A count of segments far beyond the bytes is refused before anything is
        // allocated (the bytes after the magic and rules).
        let mut bytes = table.bytes.to_vec();
        bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Entities::parse(OwnedBytes::new(bytes), true).is_none());
    }

    /// Three entities, one of each kind, each a member under its own name.
    fn three_drafts() -> Vec<Draft> {
        [
            ("Lena Varga", ActorKind::Person),
            ("Northern Reserve Bank", ActorKind::Org),
            ("Valletta", ActorKind::Place),
        ]
        .into_iter()
        .map(|(name, kind)| {
            let mut d = Draft::named(name.to_owned(), kind);
            d.members.insert((kind, name.to_owned()));
            d
        })
        .collect()
    }

    /// A table written before the hash was kept is read unchecked: whatever bytes it
    /// holds, reading and using it never panics and never sizes an allocation from them.
    #[test]
    fn any_unhashed_table_is_read_or_refused_without_a_panic() {
        let mut drafts = three_drafts();
        for (i, d) in drafts.iter_mut().enumerate() {
            d.docs = 3 + i as u32;
            d.aliases.insert(d.name.to_uppercase());
        }
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let table = Entities::encode_as(
            segments.clone(),
            vec![vec![0, 1, 2, NONE]],
            &drafts,
            7,
            MAGIC_UNHASHED,
            None,
        );
        assert_eq!(table.find("lena varga"), [0]);
        let pristine = table.bytes.to_vec();
        let use_it = |t: &Entities| {
            for seg in 0..3 {
                let map = t.segment_entities(seg);
                for ord in 0..map.len() as u64 {
                    let _ = map.get(ord);
                }
                for ord in 0..6 {
                    let _ = t.entity_of(seg, ord);
                    assert_eq!(t.segment_entities(seg).get(ord), t.entity_of(seg, ord));
                }
            }
            for e in (0..t.len() as u32 + 2).chain([NONE]) {
                let _ = (t.kind(e), t.hidden(e), t.docs(e), t.name(e));
                let _ = (t.members(e), t.aliases(e));
            }
            for name in ["lena varga", "valletta", "", "x"] {
                let _ = t.find(name);
                let _ = t.of_member(ActorKind::Person, name);
            }
            let _ = t.names().len();
        };
        for at in 8..pristine.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bytes = pristine.clone();
                bytes[at] ^= flip;
                if let Some(t) = Entities::parse(OwnedBytes::new(bytes), true) {
                    use_it(&t);
                }
            }
        }
        for len in 8..pristine.len() {
            if let Some(t) = Entities::parse(OwnedBytes::new(pristine[..len].to_vec()), true) {
                use_it(&t);
            }
        }
    }

    /// Names and aliases are found in today's FST and in the sorted rows of the layout
    /// before it, a name several entities share under each of them.
    #[test]
    fn names_are_found_in_either_layout_of_the_index() {
        let mut drafts = Vec::new();
        for (name, kind, alias) in [
            ("Gerald Ford", ActorKind::Person, "President Ford"),
            ("Ford", ActorKind::Org, "Ford Motor Co"),
            ("Érd", ActorKind::Place, "ERD"),
        ] {
            let mut d = Draft::named(name.to_owned(), kind);
            d.members.insert((kind, name.to_owned()));
            d.aliases.insert(alias.to_owned());
            drafts.push(d);
        }
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let maps = vec![vec![0, 1, 2]];
        let fst = Entities::encode(segments.clone(), maps.clone(), &drafts, 7);
        let fixed = Entities::encode_as(segments.clone(), maps.clone(), &drafts, 7, MAGIC_V5, None);
        let rows = Entities::encode_as(segments, maps, &drafts, 7, MAGIC_V4, None);
        for table in [&fst, &fixed, &rows] {
            let table = Entities::from_file(OwnedBytes::new(table.to_file()), false).unwrap();
            let mut ford = table.find("FORD");
            ford.sort();
            assert_eq!(ford, [0, 1], "{:?}", table.keys);
            assert_eq!(table.find("president ford"), [0]);
            assert_eq!(table.find("erd"), [2]);
            assert_eq!(table.find("ford motor"), Vec::<u32>::new());
            assert_eq!(table.of_member(ActorKind::Org, "Ford"), Some(1));
        }
        assert!(matches!(fst.keys, KeyIndex::Fst { .. }));
        assert!(matches!(fixed.keys, KeyIndex::Fst { .. }));
        assert!(matches!(rows.keys, KeyIndex::Rows { .. }));
        assert_eq!(fst.names(), rows.names());
        assert!(
            fst.names().contains(&("ford".to_owned(), 0)),
            "{:?}",
            fst.names()
        );
    }

    /// Today's layout (varints, narrow ordinal maps) and the fixed-width one before it
    /// read back alike: kinds, hidden, article counts of one and several bytes, names,
    /// members and aliases, and every ordinal's entity.
    #[test]
    fn both_entity_layouts_read_back_alike() {
        let mut drafts = three_drafts();
        for (i, d) in drafts.iter_mut().enumerate() {
            let name = d.name.clone();
            d.docs = [5, 300, 70_000][i];
            d.hidden = i == 1;
            d.members.insert((d.kind, format!("{name} Jr")));
            d.aliases.insert(name.to_uppercase());
            // A member written as an alias (as the writer's always are), and one not.
            if i == 0 {
                d.aliases.insert(format!("{name} Jr"));
                d.aliases.insert("Varga L.".to_owned());
            }
        }
        let segments = vec![
            "0123456789abcdef0123456789abcdef.0".to_owned(),
            "fedcba9876543210fedcba9876543210.3".to_owned(),
        ];
        let maps = vec![vec![2, NONE, 0], vec![1]];
        let new = Entities::encode(segments.clone(), maps.clone(), &drafts, 7);
        let old = Entities::encode_as(segments, maps.clone(), &drafts, 7, MAGIC_V5, None);
        assert!(new.bytes.len() < old.bytes.len());
        for table in [new, old] {
            let table = Entities::from_file(OwnedBytes::new(table.to_file()), false).unwrap();
            for (e, d) in drafts.iter().enumerate() {
                let e = e as u32;
                assert_eq!(table.kind(e), d.kind);
                assert_eq!(table.hidden(e), d.hidden);
                assert_eq!(table.docs(e), d.docs);
                assert_eq!(table.name(e), d.name);
                let members: Vec<(ActorKind, &str)> =
                    d.members.iter().map(|(k, n)| (*k, n.as_str())).collect();
                assert_eq!(table.members(e), members);
                let aliases: Vec<&str> = d.aliases.iter().map(String::as_str).collect();
                assert_eq!(table.aliases(e), aliases);
            }
            for (segment, map) in maps.iter().enumerate() {
                let entities = table.segment_entities(segment);
                assert_eq!(entities.len(), map.len());
                for (ord, &e) in map.iter().enumerate() {
                    assert_eq!(entities.get(ord as u64), e);
                }
                assert_eq!(entities.get(map.len() as u64), NONE);
            }
        }
    }

    /// Ordinal maps are two bytes an ordinal while every entity number fits, four
    /// beyond; offsets three bytes while the entities take under 16 MB, four beyond.
    #[test]
    fn ordinal_maps_and_offsets_widen_when_they_must() {
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        for (n, pad) in [(3usize, 0usize), (70_000, 0), (70_000, 250)] {
            let drafts: Vec<Draft> = (0..n)
                .map(|i| {
                    let name = format!("Place {i}{}", "x".repeat(pad));
                    Draft::named(name, ActorKind::Place)
                })
                .collect();
            let last = n as u32 - 1;
            let table = Entities::encode(segments.clone(), vec![vec![last, NONE, 0]], &drafts, 7);
            let table = Entities::from_file(OwnedBytes::new(table.to_file()), false).unwrap();
            let map = table.segment_entities(0);
            assert_eq!(map.width, if n < 65_535 { 2 } else { 4 });
            assert_eq!(table.offset_width, if pad == 0 { 3 } else { 4 });
            assert_eq!(
                [map.get(0), map.get(1), map.get(2), map.get(3)],
                [last, NONE, 0, NONE]
            );
            assert_eq!(table.name(last), drafts[last as usize].name);
            assert_eq!(table.find(&drafts[last as usize].name), [last]);
        }
    }
}
