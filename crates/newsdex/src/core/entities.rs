//! The archive's actors grouped into entities: one entity, one name, one kind, however
//! each article wrote it. Extraction names an actor from its article alone ("Volcker",
//! "IMF"); across the archive, the names of a commit's actors are resolved by
//! `newsdex_extract::Resolver` ("Volcker" is the archive's one Paul Volcker, "IMF" its
//! International Monetary Fund), then the user's rules are applied (aliases, hidden
//! actors, kinds). Facets count articles per entity, filters find an entity's articles
//! by any of its names, and `search actors` lists an entity's aliases.
//!
//! The table is derived from the index and rebuilt by the writer after each commit,
//! into `newsdex.entities`: what a command-line search reads is a few array lookups in a
//! file read whole, not a resolution over every actor of the archive. A searcher whose
//! segments differ from the file's (a commit between the writer's commit and its table)
//! builds the table in memory.
//!
//! The file: a header, then per segment its actor ordinals' entities, then the entities
//! (kind, hidden, articles, name, aliases) behind an offset table, then a sorted index
//! of every folded name and alias to its entities. Nothing is parsed until it is asked
//! for.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use newsdex_extract::{Actor, ActorKind, Resolver};
use tantivy::columnar::StrColumn;
use tantivy::{Searcher, SegmentReader};

use super::files;
use super::rules::{Rule, Rules, AGENCIES};
use crate::schema::encode::{decode_actor_key, decode_alias_key, folded_name};
use crate::schema::names;

/// The file the table lives in.
const ENTITIES_FILE: &str = "newsdex.entities";
const MAGIC: &[u8; 8] = b"NDXENT3\n";
/// The same layout without the hash at the end, as written before the hash was kept:
/// still read, so that an index of then is not rebuilt by every search until its next
/// `search index` (which writes the table anew).
const MAGIC_UNHASHED: &[u8; 8] = b"NDXENT2\n";
/// A segment ordinal's entity when it has none (an actor of no article alive).
pub(crate) const NONE: u32 = u32::MAX;

/// An index's actors grouped into entities, for one set of segments.
#[derive(Debug, Clone)]
pub(crate) struct Entities {
    bytes: Vec<u8>,
    /// The segments' ids, in the searcher's order.
    segments: Vec<String>,
    /// Per segment: where its ordinal map starts, and its length.
    maps: Vec<(usize, usize)>,
    entities: usize,
    /// Where the entity offsets start, and the blob they point into.
    offsets_at: usize,
    blob_at: usize,
    /// The sorted name index: its rows and the blob of keys.
    index_at: usize,
    index_len: usize,
    keys_at: usize,
    rules: u64,
}

/// One entity, as built before it is written.
struct Draft {
    name: String,
    kind: ActorKind,
    hidden: bool,
    docs: u32,
    /// The actor names (extraction's, per article) that make it up, with their kinds.
    members: BTreeSet<(ActorKind, String)>,
    /// Every name and form it was written under, distinct.
    aliases: BTreeSet<String>,
}

impl Draft {
    /// An entity with this name and kind, and nothing in it yet.
    fn named(name: String, kind: ActorKind) -> Draft {
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

/// What a table is of: each segment by its id and how many of its articles are deleted
/// (a deletion keeps a segment's id, and changes its entities).
pub(crate) fn segment_ids(searcher: &Searcher) -> Vec<String> {
    searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}.{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect()
}

impl Entities {
    /// The table of `searcher`'s segments under `rules`.
    pub fn build(searcher: &Searcher, rules: &Rules) -> tantivy::Result<Entities> {
        let readers = searcher.segment_readers();
        // Every actor key of every segment, and the articles alive that name it.
        let mut keys: Vec<(ActorKind, String)> = Vec::new();
        let mut key_index: HashMap<(ActorKind, String), u32> = HashMap::new();
        let mut locals: Vec<Vec<u32>> = Vec::with_capacity(readers.len());
        let mut docs: Vec<u32> = Vec::new();
        for segment in readers {
            let Some(column) = segment.fast_fields().str(names::ACTOR)? else {
                locals.push(Vec::new());
                continue;
            };
            let mut local = Vec::with_capacity(column.dictionary().num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let Some(key) = decode_actor_key(stream.key()) else {
                    local.push(NONE);
                    continue;
                };
                let next = keys.len() as u32;
                let id = *key_index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    docs.push(0);
                    next
                });
                local.push(id);
            }
            count_docs(segment, &column, &local, &mut docs);
            locals.push(local);
        }
        // The forms each name was written in.
        let mut forms: Vec<BTreeSet<String>> = vec![BTreeSet::new(); keys.len()];
        for segment in readers {
            let Some(column) = segment.fast_fields().str(names::ACTOR_ALIAS)? else {
                continue;
            };
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                if let Some((kind, name, form)) = decode_alias_key(stream.key()) {
                    if let Some(&id) = key_index.get(&(kind, name.to_owned())) {
                        forms[id as usize].insert(form.to_owned());
                    }
                }
            }
        }
        let groups = group(&keys, &forms, &docs, rules);
        // Each entity's articles: the alive articles naming any of its keys, once each.
        let mut entity_docs = vec![0u32; groups.drafts.len()];
        let mut stamp = vec![u32::MAX; groups.drafts.len()];
        for (segment, local) in readers.iter().zip(&locals) {
            let Some(column) = segment.fast_fields().str(names::ACTOR)? else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                for ord in column.term_ords(doc) {
                    let Some(&key) = local.get(ord as usize) else {
                        continue;
                    };
                    let Some(&e) = groups.of_key.get(key as usize) else {
                        continue;
                    };
                    if stamp[e as usize] != doc {
                        stamp[e as usize] = doc;
                        entity_docs[e as usize] += 1;
                    }
                }
            }
            stamp.fill(u32::MAX);
        }
        let mut drafts = groups.drafts;
        for (draft, n) in drafts.iter_mut().zip(entity_docs) {
            draft.docs = n;
        }
        let segments = segment_ids(searcher);
        let maps = locals
            .iter()
            .map(|local| {
                local
                    .iter()
                    .map(|&k| groups.of_key.get(k as usize).copied().unwrap_or(NONE))
                    .collect()
            })
            .collect();
        Ok(encode(segments, maps, &drafts, rules.fingerprint()))
    }

    /// The table kept in `dir`, when it is of these segments and rules.
    ///
    /// The file ends with the xxh3 hash of the rest: a damaged table is not read (its
    /// counts would be wrong, silently), it is built again. A table of the layout before
    /// the hash ([`MAGIC_UNHASHED`]) is read unchecked.
    pub fn load(dir: &Path, segments: &[String], rules: u64) -> Option<Entities> {
        let mut bytes = std::fs::read(dir.join(ENTITIES_FILE)).ok()?;
        if !bytes.starts_with(MAGIC_UNHASHED) {
            let end = bytes.len().checked_sub(8)?;
            let sum = u64::from_le_bytes(bytes[end..].try_into().ok()?);
            bytes.truncate(end);
            if xxhash_rust::xxh3::xxh3_64(&bytes) != sum {
                return None;
            }
        }
        let table = Entities::parse(bytes)?;
        (table.segments == segments && table.rules == rules).then_some(table)
    }

    /// Writes the table to `dir` (best effort: without it, searches build their own).
    pub fn save(&self, dir: &Path) {
        let mut file = Vec::with_capacity(self.bytes.len() + 8);
        file.extend_from_slice(&self.bytes);
        file.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&self.bytes).to_le_bytes());
        let _ = files::write_atomic(dir, ENTITIES_FILE, &file);
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
        match self.maps.get(segment) {
            Some(&(at, len)) if (ord as usize) < len => self.u32_at(at + 4 * ord as usize),
            _ => NONE,
        }
    }

    /// The entity ids of a segment's actor ordinals, in ordinal order.
    pub fn segment_map(&self, segment: usize) -> Vec<u32> {
        match self.maps.get(segment) {
            Some(&(at, len)) => (0..len).map(|i| self.u32_at(at + 4 * i)).collect(),
            None => Vec::new(),
        }
    }

    fn record(&self, e: u32) -> usize {
        self.blob_at + self.u32_at(self.offsets_at + 4 * e as usize) as usize
    }

    /// The entity's kind.
    pub fn kind(&self, e: u32) -> ActorKind {
        kind_of_byte(self.bytes.get(self.record(e)).copied().unwrap_or(2))
    }

    /// Whether the entity is left out of actor counts.
    pub fn hidden(&self, e: u32) -> bool {
        self.bytes.get(self.record(e) + 1).is_some_and(|&b| b != 0)
    }

    /// The articles that name the entity.
    pub fn docs(&self, e: u32) -> u32 {
        self.u32_at(self.record(e) + 2)
    }

    /// The name the entity goes by.
    pub fn name(&self, e: u32) -> &str {
        self.str_at(self.record(e) + 6).0
    }

    /// The actor names extraction gave it, article by article, with their kinds: what
    /// filters look for.
    pub fn members(&self, e: u32) -> Vec<(ActorKind, &str)> {
        let (_, mut at) = self.str_at(self.record(e) + 6);
        let n = self.u16_at(at);
        at += 2;
        let mut out = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let kind = kind_of_byte(self.bytes.get(at).copied().unwrap_or(2));
            let (name, next) = self.str_at(at + 1);
            out.push((kind, name));
            at = next;
        }
        out
    }

    /// Where the alias list of an entity starts.
    fn aliases_at(&self, e: u32) -> usize {
        let (_, mut at) = self.str_at(self.record(e) + 6);
        let n = self.u16_at(at);
        at += 2;
        for _ in 0..n {
            at = self.str_at(at + 1).1;
        }
        at
    }

    /// The other names and forms the entity is written under.
    pub fn aliases(&self, e: u32) -> Vec<&str> {
        let mut at = self.aliases_at(e);
        let n = self.u16_at(at);
        at += 2;
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
        let row_key = |i: usize| {
            let off = self.u32_at(self.index_at + 8 * i) as usize;
            self.str_at(self.keys_at + off).0
        };
        let (mut lo, mut hi) = (0, self.index_len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if row_key(mid) < key.as_str() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut out = Vec::new();
        while lo < self.index_len && row_key(lo) == key {
            out.push(self.u32_at(self.index_at + 8 * lo + 4));
            lo += 1;
        }
        out
    }

    /// The entity an actor extraction named so, with this kind, is part of: found by
    /// its name in the sorted index, without reading the index's dictionary.
    pub fn of_member(&self, kind: ActorKind, name: &str) -> Option<u32> {
        self.find(name)
            .into_iter()
            .find(|&e| self.members(e).contains(&(kind, name)))
    }

    /// Every row of the sorted name index: a folded name or alias, and its entity.
    pub fn names(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        (0..self.index_len).map(|i| {
            let off = self.u32_at(self.index_at + 8 * i) as usize;
            (
                self.str_at(self.keys_at + off).0,
                self.u32_at(self.index_at + 8 * i + 4),
            )
        })
    }

    fn u16_at(&self, at: usize) -> u16 {
        let b = self.bytes.get(at..at + 2).unwrap_or(&[0, 0]);
        u16::from_le_bytes([b[0], b[1]])
    }

    fn u32_at(&self, at: usize) -> u32 {
        match self.bytes.get(at..at + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => NONE,
        }
    }

    /// A length-prefixed string at `at`, and where the next field starts.
    fn str_at(&self, at: usize) -> (&str, usize) {
        let len = self.u16_at(at) as usize;
        let text = self
            .bytes
            .get(at + 2..at + 2 + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        (text, at + 2 + len)
    }

    /// The table in `bytes`; `None` when they are not one (a damaged or older file).
    fn parse(bytes: Vec<u8>) -> Option<Entities> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        let magic = r.take(8)?;
        if magic != MAGIC && magic != MAGIC_UNHASHED {
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
            maps.push((r.at, len));
            r.take(len.checked_mul(4)?)?;
        }
        let entities = r.u32()? as usize;
        let offsets_at = r.at;
        r.take(entities.checked_mul(4)?)?;
        let blob_len = r.u32()? as usize;
        let blob_at = r.at;
        r.take(blob_len)?;
        let index_len = r.u32()? as usize;
        let index_at = r.at;
        r.take(index_len.checked_mul(8)?)?;
        let keys_len = r.u32()? as usize;
        let keys_at = r.at;
        r.take(keys_len)?;
        let table = Entities {
            segments,
            maps,
            entities,
            offsets_at,
            blob_at,
            index_at,
            index_len,
            keys_at,
            rules,
            bytes,
        };
        // Offsets must point into the blob: checked once, so lookups need not be.
        let offsets_ok = (0..entities as u32)
            .all(|e| (table.u32_at(table.offsets_at + 4 * e as usize) as usize) < blob_len);
        offsets_ok.then_some(table)
    }
}

/// Counts, per key, the alive articles of a segment naming it.
fn count_docs(segment: &SegmentReader, column: &StrColumn, local: &[u32], docs: &mut [u32]) {
    for doc in segment.doc_ids_alive() {
        for ord in column.term_ords(doc) {
            if let Some(&key) = local.get(ord as usize) {
                if let Some(n) = docs.get_mut(key as usize) {
                    *n += 1;
                }
            }
        }
    }
}

/// Keys grouped into entities.
struct Groups {
    drafts: Vec<Draft>,
    /// Per key: its entity.
    of_key: Vec<u32>,
}

/// Resolves the keys across the archive and applies the rules.
fn group(
    keys: &[(ActorKind, String)],
    forms: &[BTreeSet<String>],
    docs: &[u32],
    rules: &Rules,
) -> Groups {
    // Kinds the user fixed, by folded name or form.
    let mut kinds: HashMap<String, ActorKind> = HashMap::new();
    let mut aliases: Vec<(String, String)> = Vec::new();
    for rule in &rules.rules {
        match rule {
            Rule::Kind { name, kind } => {
                kinds.insert(folded_name(name), *kind);
            }
            Rule::Alias { alias, of } => aliases.push((alias.clone(), of.clone())),
            Rule::Hide { .. } | Rule::Show { .. } => {}
        }
    }
    let resolved = resolve_keys(keys, forms, docs, &kinds);
    let mut groups = join_aliases(resolved, &aliases);
    mark_hidden(&mut groups.drafts, rules);
    groups
}

/// Each key with articles, resolved across the archive into the entity it names.
fn resolve_keys(
    keys: &[(ActorKind, String)],
    forms: &[BTreeSet<String>],
    docs: &[u32],
    kinds: &HashMap<String, ActorKind>,
) -> Groups {
    let kind_of = |i: usize| -> ActorKind {
        let (kind, name) = &keys[i];
        std::iter::once(name)
            .chain(forms[i].iter())
            .find_map(|n| kinds.get(&folded_name(n)).copied())
            .unwrap_or(*kind)
    };
    let actor = |i: usize| {
        Actor::new(
            keys[i].1.clone(),
            kind_of(i),
            std::iter::once(keys[i].1.clone())
                .chain(forms[i].iter().cloned())
                .collect(),
            docs[i].max(1),
        )
    };
    let mut resolver = Resolver::new();
    for (i, _) in docs.iter().enumerate().filter(|(_, &n)| n > 0) {
        resolver.add(&[actor(i)]);
    }
    // Entities by the (kind, name) each key resolves to.
    let mut by_target: BTreeMap<(ActorKind, String), u32> = BTreeMap::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut of_key = vec![NONE; keys.len()];
    for i in 0..keys.len() {
        if docs[i] == 0 {
            continue;
        }
        let mut one = vec![actor(i)];
        resolver.resolve(&mut one);
        let Some(resolved) = one.pop() else {
            continue;
        };
        let next = drafts.len() as u32;
        let e = *by_target
            .entry((resolved.kind, resolved.name.clone()))
            .or_insert_with(|| {
                drafts.push(Draft::named(resolved.name.clone(), resolved.kind));
                next
            });
        of_key[i] = e;
        let draft = &mut drafts[e as usize];
        draft.members.insert(keys[i].clone());
        draft.aliases.insert(keys[i].1.clone());
        draft.aliases.extend(forms[i].iter().cloned());
    }
    Groups { drafts, of_key }
}

/// The user's aliases: the alias's entity joins the named one (or, when no entity has
/// that name, takes it). Entities are renumbered.
fn join_aliases(groups: Groups, aliases: &[(String, String)]) -> Groups {
    let Groups {
        mut drafts,
        mut of_key,
    } = groups;
    let mut merged_into: Vec<u32> = (0..drafts.len() as u32).collect();
    let root = |merged: &Vec<u32>, mut e: u32| {
        while merged[e as usize] != e {
            e = merged[e as usize];
        }
        e
    };
    for (alias, of) in aliases {
        let find = |name: &str| {
            let key = folded_name(name);
            let exact = drafts.iter().position(|d| folded_name(&d.name) == key);
            exact.or_else(|| {
                drafts
                    .iter()
                    .position(|d| d.aliases.iter().any(|a| folded_name(a) == key))
            })
        };
        match (find(alias), find(of)) {
            (Some(a), Some(o)) => {
                let (a, o) = (root(&merged_into, a as u32), root(&merged_into, o as u32));
                if a != o {
                    merged_into[a as usize] = o;
                }
            }
            (Some(a), None) => drafts[a].name = of.clone(),
            _ => {}
        }
    }
    // Fold merged drafts into their roots, renumbering.
    let mut new_id = vec![NONE; drafts.len()];
    let mut kept: Vec<Draft> = Vec::new();
    for e in 0..drafts.len() as u32 {
        let r = root(&merged_into, e);
        if new_id[r as usize] == NONE {
            new_id[r as usize] = kept.len() as u32;
            let d = &drafts[r as usize];
            kept.push(Draft::named(d.name.clone(), d.kind));
        }
    }
    for e in 0..drafts.len() as u32 {
        let r = new_id[root(&merged_into, e) as usize];
        new_id[e as usize] = r;
        let aliases = std::mem::take(&mut drafts[e as usize].aliases);
        let members = std::mem::take(&mut drafts[e as usize].members);
        let name = drafts[e as usize].name.clone();
        let target = &mut kept[r as usize];
        target.aliases.extend(aliases);
        target.members.extend(members);
        target.aliases.insert(name);
    }
    for key in of_key.iter_mut() {
        if *key != NONE {
            *key = new_id[*key as usize];
        }
    }
    Groups {
        drafts: kept,
        of_key,
    }
}

/// Hidden by default when an entity is a news agency; then each of the user's rules
/// about it, in order.
fn mark_hidden(drafts: &mut [Draft], rules: &Rules) {
    let agencies: BTreeSet<String> = AGENCIES.iter().map(|a| folded_name(a)).collect();
    for draft in drafts {
        let name = draft.name.clone();
        draft.aliases.remove(&name);
        let names: BTreeSet<String> = std::iter::once(&draft.name)
            .chain(draft.aliases.iter())
            .map(|n| folded_name(n))
            .collect();
        draft.hidden = !names.is_disjoint(&agencies);
        for rule in &rules.rules {
            match rule {
                Rule::Hide { name } if names.contains(&folded_name(name)) => draft.hidden = true,
                Rule::Show { name } if names.contains(&folded_name(name)) => draft.hidden = false,
                _ => {}
            }
        }
    }
}

/// The table's bytes.
fn encode(segments: Vec<String>, maps: Vec<Vec<u32>>, drafts: &[Draft], rules: u64) -> Entities {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&rules.to_le_bytes());
    out.extend_from_slice(&(segments.len() as u32).to_le_bytes());
    for (id, map) in segments.iter().zip(&maps) {
        // "uuid.deleted": kept whole, so that a table is found again for its segments.
        out.extend_from_slice(&(id.len() as u16).to_le_bytes());
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(&(map.len() as u32).to_le_bytes());
        for e in map {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }
    let mut blob = Vec::new();
    let mut offsets = Vec::with_capacity(drafts.len());
    let push_str = |buf: &mut Vec<u8>, s: &str| {
        let s = cut(s);
        buf.extend_from_slice(&(s.len() as u16).to_le_bytes());
        buf.extend_from_slice(s.as_bytes());
    };
    for d in drafts {
        offsets.push(blob.len() as u32);
        blob.push(kind_byte(d.kind));
        blob.push(u8::from(d.hidden));
        blob.extend_from_slice(&d.docs.to_le_bytes());
        push_str(&mut blob, &d.name);
        let members: Vec<&(ActorKind, String)> = d.members.iter().take(u16::MAX as usize).collect();
        blob.extend_from_slice(&(members.len() as u16).to_le_bytes());
        for (kind, name) in members {
            blob.push(kind_byte(*kind));
            push_str(&mut blob, name);
        }
        let aliases: Vec<&String> = d.aliases.iter().take(u16::MAX as usize).collect();
        blob.extend_from_slice(&(aliases.len() as u16).to_le_bytes());
        for a in aliases {
            push_str(&mut blob, a);
        }
    }
    out.extend_from_slice(&(drafts.len() as u32).to_le_bytes());
    for o in &offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    out.extend_from_slice(&blob);
    // Every folded name and alias, sorted, with its entity.
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
    rows.sort();
    let mut keys = Vec::new();
    let mut index = Vec::with_capacity(rows.len() * 8);
    for (key, e) in &rows {
        index.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        index.extend_from_slice(&e.to_le_bytes());
        push_str(&mut keys, key);
    }
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&index);
    out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    out.extend_from_slice(&keys);
    // What was just written parses; a table that did not would have no entities.
    Entities::parse(out).unwrap_or(Entities {
        bytes: Vec::new(),
        segments,
        maps: Vec::new(),
        entities: 0,
        offsets_at: 0,
        blob_at: 0,
        index_at: 0,
        index_len: 0,
        keys_at: 0,
        rules,
    })
}

fn kind_byte(kind: ActorKind) -> u8 {
    match kind {
        ActorKind::Person => 0,
        ActorKind::Org => 1,
        ActorKind::Place => 2,
    }
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

    #[test]
    fn a_table_is_found_again_for_its_segments() {
        // Segment ids are a 32-digit uuid and the count of deleted articles: a table
        // read back must name them whole, or no search would ever reuse it.
        let segments = vec![
            "0123456789abcdef0123456789abcdef.0".to_owned(),
            "fedcba9876543210fedcba9876543210.1234".to_owned(),
        ];
        let table = encode(segments.clone(), vec![vec![NONE], vec![]], &[], 7);
        assert_eq!(table.segments(), segments.as_slice());
        let parsed = Entities::parse(table.bytes.clone()).expect("a table parses");
        assert_eq!(parsed.segments(), segments.as_slice());
        assert_eq!(parsed.rules(), 7);
        assert_eq!(parsed.entity_of(0, 0), NONE);
    }

    /// Found by the damaged_index fuzz target: a segment count read from a damaged table
    /// asked for a 100 GB allocation. Any change to the saved file now makes it unread.
    #[test]
    fn a_damaged_table_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let table = encode(segments.clone(), vec![vec![NONE, NONE]], &[], 7);
        table.save(dir.path());
        assert!(Entities::load(dir.path(), &segments, 7).is_some());
        let path = dir.path().join(ENTITIES_FILE);
        let pristine = std::fs::read(&path).unwrap();
        for at in 0..pristine.len() {
            let mut bytes = pristine.clone();
            bytes[at] ^= 0x80;
            std::fs::write(&path, &bytes).unwrap();
            assert!(
                Entities::load(dir.path(), &segments, 7).is_none(),
                "byte {at}"
            );
        }
        // Cut short, too.
        for len in 0..pristine.len() {
            std::fs::write(&path, &pristine[..len]).unwrap();
            assert!(
                Entities::load(dir.path(), &segments, 7).is_none(),
                "{len} bytes"
            );
        }
        // A table written before the hash was kept is still read.
        let mut unhashed = table.bytes.clone();
        unhashed[..8].copy_from_slice(MAGIC_UNHASHED);
        std::fs::write(&path, &unhashed).unwrap();
        let legacy = Entities::load(dir.path(), &segments, 7).expect("an unhashed table");
        assert_eq!(legacy.segments(), segments.as_slice());
        // A count of segments far beyond the bytes is refused before anything is
        // allocated (the bytes after the magic and rules).
        let mut bytes = table.bytes.clone();
        bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Entities::parse(bytes).is_none());
    }

    /// A table written before the hash was kept is read unchecked: whatever bytes it
    /// holds, reading and using it never panics and never sizes an allocation from them.
    #[test]
    fn any_unhashed_table_is_read_or_refused_without_a_panic() {
        let mut drafts = Vec::new();
        for (i, (name, kind)) in [
            ("Lena Varga", ActorKind::Person),
            ("Northern Reserve Bank", ActorKind::Org),
            ("Valletta", ActorKind::Place),
        ]
        .into_iter()
        .enumerate()
        {
            let mut d = Draft::named(name.to_owned(), kind);
            d.docs = 3 + i as u32;
            d.members.insert((kind, name.to_owned()));
            d.aliases.insert(name.to_uppercase());
            drafts.push(d);
        }
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let table = encode(segments.clone(), vec![vec![0, 1, 2, NONE]], &drafts, 7);
        assert_eq!(table.find("lena varga"), [0]);
        let mut pristine = table.bytes.clone();
        pristine[..8].copy_from_slice(MAGIC_UNHASHED);
        let use_it = |t: &Entities| {
            for seg in 0..3 {
                let _ = t.segment_map(seg);
                for ord in 0..6 {
                    let _ = t.entity_of(seg, ord);
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
            let _ = t.names().count();
        };
        for at in 8..pristine.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bytes = pristine.clone();
                bytes[at] ^= flip;
                if let Some(t) = Entities::parse(bytes) {
                    use_it(&t);
                }
            }
        }
        for len in 8..pristine.len() {
            if let Some(t) = Entities::parse(pristine[..len].to_vec()) {
                use_it(&t);
            }
        }
    }
}
