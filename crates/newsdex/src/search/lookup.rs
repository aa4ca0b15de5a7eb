//! The questions about an index that are not searches: counts and ranges over the whole
//! index, and one article by id.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use newsdex_extract::{Actor, ActorKind, DateMention};
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, DocSet, InvertedIndexReader, SegmentReader, TantivyDocument, Term};

use super::actor_counts::actor_column;
use super::state::SearchState;
use crate::core::Core;
use crate::error::{io_error, InternalError, OrStorage, Result, UserError};
use crate::schema::encode::{kind_of, published_day, StoredExtraction};
use crate::schema::entity_table::Entities;
use crate::schema::{names, Fields, RecordField};

/// Counts and ranges over the whole index.
pub(crate) fn stats(core: &Core) -> Result<Stats> {
    let searcher = core.searcher();
    let articles = searcher.num_docs();
    let mut first = None;
    let mut last = None;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().i64(names::PUBLISHED).storage()?;
        if column.values.num_vals() == 0 {
            continue;
        }
        let (min, max) = (column.min_value(), column.max_value());
        first = Some(first.map_or(min, |f: i64| f.min(min)));
        last = Some(last.map_or(max, |l: i64| l.max(max)));
    }
    // The `actors` column's keys are `kind\0name`; a name may repeat across segments,
    // so count distinct keys.
    let mut distinct = std::collections::HashSet::new();
    for segment in searcher.segment_readers() {
        let Some(column) = actor_column(segment).storage()? else {
            continue;
        };
        let mut stream = column.dictionary().stream().map_err(io_error)?;
        while stream.advance() {
            distinct.insert(stream.key().to_vec());
        }
    }
    let mut actors = [0u64; 3];
    for key in &distinct {
        if let Some(kind) = kind_of(key) {
            if let Some(i) = ActorKind::ALL.iter().position(|k| *k == kind) {
                actors[i] += 1;
            }
        }
    }
    let size_bytes = core.path().map(dir_size).unwrap_or(0);
    Ok(Stats {
        articles,
        people: actors[0],
        organisations: actors[1],
        places: actors[2],
        first_published: first.and_then(published_day),
        last_published: last.and_then(published_day),
        segments: searcher.segment_readers().len(),
        size_bytes,
        path: core.path().map(Path::to_path_buf),
    })
}

/// Reads every stored article and every column value of the current commit once, so
/// that damage a checksum cannot see (a file written whole but wrong) shows up as an
/// error here rather than in a search.
pub(crate) fn read_everything(core: &Core) -> Result<()> {
    let searcher = core.searcher();
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(1).storage()?;
        let columns = SegmentColumns::open(segment, &core.fields);
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = store.get(doc_id).storage()?;
            stored_article(&core.fields, &doc, &(&columns, doc_id))?;
        }
        let fast = segment.fast_fields();
        let published = fast.i64(names::PUBLISHED).storage()?;
        let months = fast.u64(names::PUBLISHED_MONTH).storage()?;
        let hashes = fast.u64(names::HASH).storage()?;
        let actors = actor_column(segment).storage()?;
        let mut ords = Vec::new();
        for doc in 0..segment.max_doc() {
            let _ = (published.first(doc), months.first(doc), hashes.first(doc));
            if let Some(actors) = &actors {
                ords.clear();
                ords.extend(actors.term_ords(doc));
            }
        }
        if let Some(actors) = &actors {
            let mut stream = actors.dictionary().stream().map_err(io_error)?;
            while stream.advance() {}
        }
    }
    Ok(())
}

/// One article by id, with what was extracted from it, its actors named as the
/// archive's entities.
pub(crate) fn article(core: &Core, state: &SearchState, id: &str) -> Result<StoredArticle> {
    let searcher = core.searcher();
    let query = TermQuery::new(
        Term::from_field_text(core.fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .storage()?;
    let Some((_, address)) = top.first() else {
        return Err(UserError::ArticleNotFound(id.to_owned()).into());
    };
    let doc: TantivyDocument = searcher.doc(*address).storage()?;
    let segment = searcher.segment_reader(address.segment_ord);
    let open = core.open.of(segment);
    let columns = open.lookup(segment, &core.fields);
    let mut article = stored_article(&core.fields, &doc, &(columns, address.doc_id))?;
    let entities = state.entities(core, &searcher)?;
    article.actors = as_entities(&entities, article.actors);
    Ok(article)
}

/// An article's actors named as the entities they are across the archive: an actor
/// extraction named "Volcker" is Paul Volcker, its own name among its forms; two actors
/// of one entity become one.
pub(crate) fn as_entities(entities: &Entities, actors: Vec<Actor>) -> Vec<Actor> {
    as_entities_with(entities, actors, &mut Members::default())
}

/// The entity (or none) of each actor (kind and extraction's name) looked up so far.
pub(crate) type Members = rustc_hash::FxHashMap<(ActorKind, String), Option<u32>>;

/// [`as_entities`], with the entities of actors met before kept in `members`.
pub(crate) fn as_entities_with(
    entities: &Entities,
    actors: Vec<Actor>,
    members: &mut Members,
) -> Vec<Actor> {
    let mut out: Vec<Actor> = Vec::with_capacity(actors.len());
    for mut actor in actors {
        let key = (actor.kind, actor.name);
        let member = match members.get(&key) {
            Some(&e) => e,
            None => {
                let e = entities.of_member(key.0, &key.1);
                members.insert(key.clone(), e);
                e
            }
        };
        actor.name = key.1;
        if let Some(e) = member {
            let name = entities.name(e);
            if name != actor.name {
                if !actor.forms.contains(&actor.name) {
                    actor.forms.insert(0, actor.name.clone());
                }
                actor.name = name.to_owned();
            }
            actor.kind = entities.kind(e);
        }
        match out
            .iter_mut()
            .find(|a| a.kind == actor.kind && a.name == actor.name)
        {
            Some(same) => {
                same.mentions += actor.mentions;
                for form in actor.forms {
                    if !same.forms.contains(&form) {
                        same.forms.push(form);
                    }
                }
            }
            None => out.push(actor),
        }
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.mentions));
    out
}

/// A document's values in its columns, for what an index made since `extraction` does
/// not store: its id, its publication day, and the input its source is a line of.
pub(crate) trait DocColumns {
    fn id(&self) -> Option<String>;
    fn origin(&self) -> Option<String>;
    fn published(&self) -> Option<i64>;
}

/// The columns of a segment that [`stored_article`] reads, opened once (opening one
/// costs as much as reading a value), and only those the index does not store.
pub(crate) struct SegmentColumns {
    id: Option<StrColumn>,
    /// The id's terms: the column's dictionary gives a term by its number only by
    /// reading its block from the start (a tenth of a search's instructions for ten
    /// hits), the terms' FST by walking the term.
    id_terms: Option<Arc<InvertedIndexReader>>,
    origin: Option<StrColumn>,
    published: Option<Column<i64>>,
}

impl SegmentColumns {
    pub fn open(segment: &SegmentReader, f: &Fields) -> SegmentColumns {
        let fast = segment.fast_fields();
        let id = !f.id_stored;
        SegmentColumns {
            id: id.then(|| fast.str(names::ID).ok().flatten()).flatten(),
            id_terms: id.then(|| segment.inverted_index(f.id).ok()).flatten(),
            origin: matches!(f.record, RecordField::Packed(_))
                .then(|| fast.str(names::ORIGIN).ok().flatten())
                .flatten(),
            published: (!f.published_stored)
                .then(|| fast.i64(names::PUBLISHED).ok())
                .flatten(),
        }
    }

    /// A document's id by its number in the column, from the id's terms when they
    /// number them alike (both hold the segment's ids in byte order): the term found is
    /// taken only when the document is among its articles.
    fn id_term(&self, ord: u64, doc: DocId) -> Option<String> {
        let terms = self.id_terms.as_ref()?;
        let mut bytes = Vec::new();
        if !terms.terms().ord_to_term(ord, &mut bytes).ok()? {
            return None;
        }
        let info = terms.terms().get(&bytes).ok()??;
        let mut postings = terms
            .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
            .ok()?;
        (postings.seek(doc) == doc).then(|| String::from_utf8(bytes).ok())?
    }
}

/// A text column's value for a document, by its number in the column's dictionary.
fn column_text(column: &StrColumn, ord: u64) -> Option<String> {
    let mut text = String::new();
    column.ord_to_str(ord, &mut text).ok()?.then_some(text)
}

/// A document of a segment.
impl DocColumns for (&SegmentColumns, DocId) {
    fn id(&self) -> Option<String> {
        let (columns, doc) = *self;
        let column = columns.id.as_ref()?;
        let ord = column.term_ords(doc).next()?;
        columns
            .id_term(ord, doc)
            .or_else(|| column_text(column, ord))
    }

    fn origin(&self) -> Option<String> {
        let (columns, doc) = *self;
        let column = columns.origin.as_ref()?;
        column_text(column, column.term_ords(doc).next()?)
    }

    fn published(&self) -> Option<i64> {
        let (columns, doc) = *self;
        columns.published.as_ref()?.first(doc)
    }
}

/// An article as stored, from its document and, for what the store does not keep, its
/// columns.
pub(crate) fn stored_article(
    f: &Fields,
    doc: &TantivyDocument,
    columns: &dyn DocColumns,
) -> Result<StoredArticle> {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let published = if f.published_stored {
        doc.get_first(f.published).and_then(|v| v.as_i64())
    } else {
        columns.published()
    }
    .and_then(published_day);
    let body = text(f.body).unwrap_or_default();
    let mut source = f.source.and_then(text);
    let record = match f.record {
        RecordField::Packed(field) => {
            doc.get_first(field)
                .and_then(|v| v.as_bytes())
                .map(|bytes| {
                    StoredExtraction::from_packed(bytes, &body, || columns.origin()).map(
                        |(record, from_record)| {
                            source = from_record;
                            record
                        },
                    )
                })
        }
        RecordField::Bytes(field) => doc
            .get_first(field)
            .and_then(|v| v.as_bytes())
            .map(|bytes| StoredExtraction::from_bytes(bytes, &body)),
        RecordField::Json(field) => doc
            .get_first(field)
            .and_then(|v| v.as_str())
            .map(StoredExtraction::from_json),
    };
    let StoredExtraction {
        actors,
        dates,
        body_at,
        published_source,
    } = match record {
        Some(record) => record
            .ok_or_else(|| InternalError::Corrupt("unreadable extraction record".to_owned()))?,
        None => Default::default(),
    };
    Ok(StoredArticle {
        id: if f.id_stored {
            text(f.id)
        } else {
            columns.id()
        }
        .unwrap_or_default(),
        source,
        title: text(f.title).filter(|t| !t.is_empty()),
        body,
        published,
        published_source,
        actors,
        dates,
        body_at,
    })
}

fn dir_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// An article as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct StoredArticle {
    /// Its id.
    pub id: String,
    /// Its file path or URL.
    pub source: Option<String>,
    /// Its headline, if it has one.
    pub title: Option<String>,
    /// The article text after the headline and page furniture.
    pub body: String,
    /// Its publication date, if known.
    #[cfg_attr(feature = "serde", serde(with = "newsdex_extract::iso_date"))]
    pub published: Option<newsdex_extract::Date>,
    /// Where the publication date came from: where the input gave it (`json-ld`, `og`,
    /// `metadata`, `time-tag`, `url`, `text`, `feed`, `field`, or `given` through the
    /// library), else how extraction found it (`dateline`, `byline`, `relative`,
    /// `updated`).
    pub published_source: Option<String>,
    /// The actors extracted from it, most mentioned first.
    pub actors: Vec<Actor>,
    /// The dates it mentions, in text order (spans are offsets into the extraction text:
    /// see [`StoredArticle::body_span`]).
    pub dates: Vec<DateMention>,
    /// Where the body starts in the extraction text.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) body_at: usize,
}

impl StoredArticle {
    /// Where a span of the extraction text (a date mention's `start..end`) lies in
    /// [`StoredArticle::body`], if it lies there (not in the headline).
    pub fn body_span(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        let range = start.checked_sub(self.body_at)?..end.checked_sub(self.body_at)?;
        self.body.get(range.clone()).map(|_| range)
    }
}

/// Counts over the whole index.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Stats {
    /// Articles in the index.
    pub articles: u64,
    /// Distinct people named.
    pub people: u64,
    /// Distinct organisations named.
    pub organisations: u64,
    /// Distinct places named.
    pub places: u64,
    /// The earliest publication date.
    #[cfg_attr(feature = "serde", serde(with = "newsdex_extract::iso_date"))]
    pub first_published: Option<newsdex_extract::Date>,
    /// The latest publication date.
    #[cfg_attr(feature = "serde", serde(with = "newsdex_extract::iso_date"))]
    pub last_published: Option<newsdex_extract::Date>,
    /// tantivy segments (fewer is faster to search).
    pub segments: usize,
    /// Bytes on disk (0 for an index in memory).
    pub size_bytes: u64,
    /// Where the index lives.
    pub path: Option<PathBuf>,
}
