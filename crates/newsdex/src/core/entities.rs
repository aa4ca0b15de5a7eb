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
//! builds the table in memory. The file's layout is `schema::entity_table`'s.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use newsdex_extract::{Actor, ActorKind, Resolver};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;
use tantivy::directory::{Directory, MmapDirectory};
use tantivy::{DocId, Searcher, SegmentReader};

use super::rules::{Rule, Rules, AGENCIES};
use super::{files, verify};
use crate::schema::doc_lists::{self, ArticleLists, DocList, ARTICLE_FACETS_FILE};
use crate::schema::encode::{decode_actor_key, decode_alias_key, folded_name, UNDATED_MONTH};
use crate::schema::entity_table::{Draft, Entities, ENTITIES_FILE, NONE};
use crate::schema::names;

/// What a table is of: each segment by its id and how many of its articles are deleted
/// (a deletion keeps a segment's id, and changes its entities).
pub(crate) fn segment_ids(searcher: &Searcher) -> Vec<String> {
    searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}.{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect()
}

/// The most bytes a table's lists of its articles' entities, and of the months they
/// mention, may take each (the writer keeps them in memory until they are written; a
/// search maps their file). Both together took 18 bytes an article over 64x Reuters
/// (25.2 MB for 1.38 million articles): room for well over ten million. A larger
/// index's searches count from the columns.
pub(crate) const ARTICLE_LISTS_BUDGET: usize = 256 << 20;

/// The writer keeps its articles' lists from this many articles in the index (see
/// [`IndexerOptions::facet_lists_from`](crate::IndexerOptions::facet_lists_from)).
pub(crate) const FACET_LISTS_FROM: u64 = 50_000;

/// How many tables took a [`Speculation`]'s grouping (for tests: one whose inputs never
/// matched would be work thrown away).
pub(crate) static SPECULATIONS_TAKEN: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// What the grouping is worked out from: every actor key with the articles that name it
/// and the forms it was written in, keys in the order they are first read.
#[derive(Default)]
struct Inputs {
    keys: Vec<(ActorKind, String)>,
    forms: Vec<BTreeSet<String>>,
    docs: Vec<u32>,
    index: FxHashMap<(ActorKind, String), u32>,
}

impl Inputs {
    /// The number of the key an `actor` value (`kind\0Name`) names, numbered when new;
    /// `None` when the value is no actor key.
    fn key(&mut self, value: &[u8]) -> Option<u32> {
        let key = decode_actor_key(value)?;
        let next = self.keys.len() as u32;
        Some(*self.index.entry(key.clone()).or_insert_with(|| {
            self.keys.push(key);
            self.forms.push(BTreeSet::new());
            self.docs.push(0);
            next
        }))
    }

    /// Notes the form of an `actor_alias` value (`kind\0Name\0form`) under its key,
    /// when the key is known.
    fn alias(&mut self, value: &[u8]) {
        if let Some((kind, name, form)) = decode_alias_key(value) {
            if let Some(&id) = self.index.get(&(kind, name.to_owned())) {
                self.forms[id as usize].insert(form.to_owned());
            }
        }
    }

    /// Whether both give the same grouping: the same keys, in order, forms and counts.
    fn same_as(&self, other: &Inputs) -> bool {
        self.keys == other.keys && self.docs == other.docs && self.forms == other.forms
    }
}

/// The grouping worked out ahead of the table, from what a writer knows its segments
/// will hold, while tantivy still writes them (see `Foresight` in the writer): the
/// table takes it when its own reading of the segments gives the same inputs, and
/// groups them itself otherwise.
pub(crate) struct Speculation {
    inputs: Inputs,
    rules: u64,
    groups: Groups,
    /// The name index of the groups' entities (see `entity_table::name_index`).
    names: Vec<u8>,
}

impl Speculation {
    /// Groups the actors of one segment to be, from its `actor` values (each with the
    /// number of articles naming it) and its `actor_alias` values, as the table would
    /// read them from the segment's columns: keys in the order of their bytes.
    pub fn new(
        mut actor_values: Vec<(String, u32)>,
        alias_values: impl IntoIterator<Item = String>,
        rules: &Rules,
    ) -> Speculation {
        actor_values.sort_unstable();
        let mut inputs = Inputs::default();
        for (value, n) in actor_values {
            if let Some(id) = inputs.key(value.as_bytes()) {
                inputs.docs[id as usize] += n;
            }
        }
        for value in alias_values {
            inputs.alias(value.as_bytes());
        }
        // (One thread: tantivy writes the segment on the other core meanwhile.)
        let groups = group(&inputs, rules, false);
        let names = crate::schema::entity_table::name_index(&groups.drafts);
        Speculation {
            inputs,
            rules: rules.fingerprint(),
            groups,
            names,
        }
    }
}

impl Entities {
    /// The table of `searcher`'s segments under `rules`, as a search builds it when the
    /// writer's is not of its segments: without its articles' lists (a second search
    /// over the same segments reads them into the index's cache, under its own memory
    /// budget).
    pub fn build(searcher: &Searcher, rules: &Rules) -> tantivy::Result<Entities> {
        Entities::build_with(searcher, rules, None, false)
    }

    /// [`Entities::build`], with the grouping of a [`Speculation`] when it was of the
    /// same inputs, and with its articles' lists when `lists` (the writer's table, whose
    /// lists go to their file) and they fit [`ARTICLE_LISTS_BUDGET`].
    pub(crate) fn build_with(
        searcher: &Searcher,
        rules: &Rules,
        speculation: Option<Speculation>,
        lists: bool,
    ) -> tantivy::Result<Entities> {
        let readers = searcher.segment_readers();
        // Every actor key of every segment, and the articles alive that name it.
        let mut inputs = Inputs::default();
        let mut locals: Vec<Vec<u32>> = Vec::with_capacity(readers.len());
        for segment in readers {
            let Some(column) = segment.fast_fields().str(names::ACTOR)? else {
                locals.push(Vec::new());
                continue;
            };
            let mut local = Vec::with_capacity(column.dictionary().num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                local.push(inputs.key(stream.key()).unwrap_or(NONE));
            }
            count_docs(segment, &column, &local, &mut inputs.docs);
            locals.push(local);
        }
        // The forms each name was written in.
        for segment in readers {
            let Some(column) = segment.fast_fields().str(names::ACTOR_ALIAS)? else {
                continue;
            };
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                inputs.alias(stream.key());
            }
        }
        let (groups, names) = match speculation {
            Some(s) if s.rules == rules.fingerprint() && s.inputs.same_as(&inputs) => {
                SPECULATIONS_TAKEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (s.groups, Some(s.names))
            }
            _ => (group(&inputs, rules, true), None),
        };
        // Each entity's articles: the alive articles naming any of its keys, once each;
        // and each article's entities, while they fit the budget.
        let entities = groups.drafts.len();
        let mut entity_docs = vec![0u32; entities];
        let mut stamp = vec![u32::MAX; entities];
        let mut lists = lists.then(|| Vec::with_capacity(readers.len()));
        let mut budget = ARTICLE_LISTS_BUDGET;
        let mut found = Vec::new();
        for (segment, local) in readers.iter().zip(&locals) {
            let Some(column) = segment.fast_fields().str(names::ACTOR)? else {
                if let Some(lists) = &mut lists {
                    lists.push(DocList::empty(segment.max_doc()));
                }
                continue;
            };
            let mut list = lists
                .is_some()
                .then(|| doc_lists::Builder::new(entities > 1 << 16));
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                found.clear();
                if alive.is_none_or(|a| a.is_alive(doc)) {
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
                            found.push(e);
                        }
                    }
                }
                if let Some(builder) = &mut list {
                    if builder.push(&found).is_none() || builder.bytes() > budget {
                        list = None;
                        lists = None;
                    }
                }
            }
            stamp.fill(u32::MAX);
            if let (Some(lists), Some(list)) = (&mut lists, list) {
                budget -= list.bytes();
                lists.push(list.finish());
            }
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
        let table = match names {
            Some(names) => {
                Entities::encode_with_names(segments, maps, &drafts, rules.fingerprint(), names)
            }
            None => Entities::encode(segments, maps, &drafts, rules.fingerprint()),
        };
        let lists = match lists {
            Some(entities) => {
                mentioned_lists(readers, ARTICLE_LISTS_BUDGET)?.map(|mentioned| ArticleLists {
                    entities: Arc::new(entities),
                    mentioned: Arc::new(mentioned),
                })
            }
            None => None,
        };
        Ok(table.with_lists(lists))
    }

    /// The table kept in `dir`, when it is of `searcher`'s segments and these rules (a
    /// damaged one is not read: it is built again), with its articles' lists when
    /// their file is of this table and these segments. The files are mapped, not read:
    /// a search touches the pages it looks up, and a file the writer recorded whole is
    /// not hashed.
    pub fn load(dir: &Path, searcher: &Searcher, rules: u64) -> Option<Entities> {
        let max_docs: Vec<DocId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::max_doc)
            .collect();
        Entities::load_of(dir, &segment_ids(searcher), &max_docs, rules)
    }

    /// [`Entities::load`], of segments with these ids and numbers of documents.
    fn load_of(
        dir: &Path,
        segments: &[String],
        max_docs: &[DocId],
        rules: u64,
    ) -> Option<Entities> {
        let directory = MmapDirectory::open(dir).ok()?;
        let file = directory.open_read(Path::new(ENTITIES_FILE)).ok()?;
        // (One read of the record for both files: a search does this once.)
        let [trusted, lists_trusted] =
            verify::own_are_recorded(dir, [ENTITIES_FILE, ARTICLE_FACETS_FILE]);
        let table = Entities::from_file(file.read_bytes().ok()?, trusted)?;
        if table.segments() != segments || table.rules() != rules {
            return None;
        }
        let lists = directory
            .open_read(Path::new(ARTICLE_FACETS_FILE))
            .ok()
            .and_then(|file| file.read_bytes().ok())
            .and_then(|bytes| {
                doc_lists::from_file(bytes, table.file_hash(), max_docs, lists_trusted)
            });
        Some(table.with_lists(lists))
    }

    /// Writes the table to `dir`, and its articles' lists when it has them (best
    /// effort: without the table, searches build their own; without the lists, they
    /// count from the column).
    pub fn save(&self, dir: &Path) {
        let file = self.to_file();
        if files::write_atomic(dir, ENTITIES_FILE, &file).is_ok() {
            verify::record_own(dir, ENTITIES_FILE, &file);
        } else {
            return;
        }
        // (The hash the file just written ends with: the table is not hashed again.)
        let hash = file
            .len()
            .checked_sub(8)
            .and_then(|end| file[end..].try_into().ok())
            .map_or_else(|| self.file_hash(), u64::from_le_bytes);
        let written = self
            .article_lists()
            .map(|lists| doc_lists::write_file(dir, hash, lists));
        match written {
            Some(Ok(hash)) => verify::record_own_hash(dir, ARTICLE_FACETS_FILE, hash),
            // (A file of an older table is not of this one: it goes, rather than wait
            // to be found stale by every search.)
            _ => {
                let _ = std::fs::remove_file(dir.join(ARTICLE_FACETS_FILE));
            }
        }
    }
}

/// Every article's entities and mentioned months, segment by segment, read from the
/// columns of `searcher`'s segments (the table's); `None` when either could pass
/// `budget` bytes.
pub(crate) fn article_lists(
    searcher: &Searcher,
    table: &Entities,
    budget: usize,
) -> tantivy::Result<Option<ArticleLists>> {
    let Some(entities) = entity_lists(searcher, table, budget)? else {
        return Ok(None);
    };
    let Some(mentioned) = mentioned_lists(searcher.segment_readers(), budget)? else {
        return Ok(None);
    };
    Ok(Some(ArticleLists {
        entities: Arc::new(entities),
        mentioned: Arc::new(mentioned),
    }))
}

/// Every article's entities, segment by segment, read from the `actors` columns of
/// `searcher`'s segments (the table's) through the table's ordinal maps; `None` when
/// they could pass `budget` bytes (known before any is read).
pub(crate) fn entity_lists(
    searcher: &Searcher,
    table: &Entities,
    budget: usize,
) -> tantivy::Result<Option<Vec<DocList>>> {
    let readers = searcher.segment_readers();
    let mut columns = Vec::with_capacity(readers.len());
    let mut most = 0usize;
    let width = if table.len() > 1 << 16 { 4 } else { 2 };
    for segment in readers {
        let column = segment.fast_fields().str(names::ACTOR)?;
        let values = column
            .as_ref()
            .map_or(0, |c| c.ords().values.num_vals() as usize);
        most = most.saturating_add(values * width + (segment.max_doc() as usize + 1) * 4);
        columns.push(column);
    }
    if most > budget {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(readers.len());
    let mut ords = Vec::new();
    for (i, (segment, column)) in readers.iter().zip(&columns).enumerate() {
        let Some(column) = column else {
            out.push(DocList::empty(segment.max_doc()));
            continue;
        };
        let map = table.segment_entities(i);
        let column = column.ords();
        ords.resize(column.values.num_vals() as usize, 0u64);
        column.values.get_range(0, &mut ords);
        let list = segment_list(segment, table.len() > 1 << 16, |doc, found| {
            let rows = column.index.value_row_ids(doc);
            for &ord in ords
                .get(rows.start as usize..rows.end as usize)
                .unwrap_or(&[])
            {
                let e = map.get(ord);
                if e != NONE && !found.contains(&e) {
                    found.push(e);
                }
            }
        });
        let Some(list) = list else {
            return Ok(None);
        };
        out.push(list);
    }
    Ok(Some(out))
}

/// A segment's list of numbers per document, `fill` giving an alive document's (a
/// deleted one has none); `None` past 2^32 numbers.
fn segment_list(
    segment: &SegmentReader,
    wide: bool,
    mut fill: impl FnMut(DocId, &mut Vec<u32>),
) -> Option<DocList> {
    let alive = segment.alive_bitset();
    let mut list = doc_lists::Builder::new(wide);
    let mut found = Vec::new();
    for doc in 0..segment.max_doc() {
        found.clear();
        if alive.is_none_or(|a| a.is_alive(doc)) {
            fill(doc, &mut found);
        }
        list.push(&found)?;
    }
    Some(list.finish())
}

/// Every article's mentioned months (each once, as the `mention_month` column holds
/// them; the undated value left out), segment by segment; `None` when they could pass
/// `budget` bytes (known before any is read).
pub(crate) fn mentioned_lists(
    readers: &[SegmentReader],
    budget: usize,
) -> tantivy::Result<Option<Vec<DocList>>> {
    let mut columns = Vec::with_capacity(readers.len());
    let mut most = 0usize;
    for segment in readers {
        let column = segment.fast_fields().u64(names::MENTION_MONTH)?;
        let values = column.values.num_vals() as usize;
        most = most.saturating_add(values * 4 + (segment.max_doc() as usize + 1) * 4);
        columns.push(column);
    }
    if most > budget {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(readers.len());
    let mut all = Vec::new();
    for (segment, column) in readers.iter().zip(&columns) {
        all.resize(column.values.num_vals() as usize, 0u64);
        column.values.get_range(0, &mut all);
        // (Month numbers end with the year 9999: they fit 32 bits; 16 until 5461. The
        // undated value is 0, below any.)
        let wide = column.values.max_value() > u64::from(u16::MAX);
        let list = segment_list(segment, wide, |doc, found| {
            for row in column.index.value_row_ids(doc) {
                match all.get(row as usize) {
                    Some(&month) if month != UNDATED_MONTH => {
                        if let Ok(month) = u32::try_from(month) {
                            found.push(month);
                        }
                    }
                    _ => {}
                }
            }
        });
        let Some(list) = list else {
            return Ok(None);
        };
        out.push(list);
    }
    Ok(Some(out))
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

/// Resolves the keys across the archive and applies the rules; `parallel`, on the
/// cores.
fn group(inputs: &Inputs, rules: &Rules, parallel: bool) -> Groups {
    let Inputs {
        keys, forms, docs, ..
    } = inputs;
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
    let resolved = resolve_keys(keys, forms, docs, &kinds, parallel);
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
    parallel: bool,
) -> Groups {
    let kind_of = |i: usize| -> ActorKind {
        let (kind, name) = &keys[i];
        // (No rule gives a kind, the usual case: no name need be folded to ask.)
        if kinds.is_empty() {
            return *kind;
        }
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
    // Each key resolved on its own, against what the resolver learnt of them all: when
    // asked, the keys are resolved in parallel (in order when gathered), as on the
    // critical path of a build, which waits for this table after its last commit.
    let resolve = |i: usize| {
        if docs[i] == 0 {
            return None;
        }
        let mut one = vec![actor(i)];
        resolver.resolve(&mut one);
        one.pop()
    };
    let resolved: Vec<Option<Actor>> = if parallel {
        (0..keys.len()).into_par_iter().map(resolve).collect()
    } else {
        (0..keys.len()).map(resolve).collect()
    };
    for (i, resolved) in resolved.into_iter().enumerate() {
        let Some(resolved) = resolved else {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The saved table is read back for its segments and rules only, and not once the
    /// file is damaged.
    #[test]
    fn a_saved_table_is_loaded_for_its_segments_and_rules() {
        let dir = tempfile::tempdir().unwrap();
        let segments = vec!["0123456789abcdef0123456789abcdef.0".to_owned()];
        let table = Entities::encode(segments.clone(), vec![vec![NONE]], &[], 7);
        table.save(dir.path());
        assert!(verify::own_is_recorded(dir.path(), ENTITIES_FILE));
        assert!(Entities::load_of(dir.path(), &segments, &[0], 7).is_some());
        assert!(Entities::load_of(dir.path(), &segments, &[0], 8).is_none());
        let other = vec!["0123456789abcdef0123456789abcdef.1".to_owned()];
        assert!(Entities::load_of(dir.path(), &other, &[0], 7).is_none());
        let path = dir.path().join(ENTITIES_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[20] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        // Changed since the writer recorded it (a clock's tick can hide a rewrite, so
        // the time is set apart): hashed, and refused.
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1))
            .unwrap();
        assert!(!verify::own_is_recorded(dir.path(), ENTITIES_FILE));
        assert!(Entities::load_of(dir.path(), &segments, &[0], 7).is_none());
    }
}
