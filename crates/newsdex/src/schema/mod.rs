//! The index schema: every field name lives here, so no other module spells one.
//!
//! Text fields use an English analyzer that stems but keeps every word and its
//! position, so a phrase such as "point of no return" matches exactly, stop words included.
//! How each value is encoded in those fields is [`encode`]'s business.

pub(crate) mod analyzer;
pub(crate) mod doc_lists;
pub(crate) mod encode;
pub(crate) mod entity_table;

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::IndexSettings;

/// The analyzer name registered on every index this crate opens.
pub(crate) const ANALYZER: &str = "newsdex_en";

/// Version of the on-disk layout: bump it when the schema or the meaning of a field changes.
pub(crate) const FORMAT_VERSION: u32 = 5;

/// Field names, as they appear in tantivy and in query syntax.
pub(crate) mod names {
    pub const ID: &str = "id";
    pub const SOURCE: &str = "source";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const PUBLISHED: &str = "published";
    /// The month of publication as `year * 12 + month` (0: unknown), for the histogram.
    pub const PUBLISHED_MONTH: &str = "published_month";
    /// The dates an article mentions, one value each, by precision: day numbers, then
    /// months and years in ranges of their own (see `encode::mention_value`), for
    /// "which articles talk about this day, month or year".
    pub const MENTION: &str = "mention";
    /// The months an article's mentioned days and months fall in, each once, for the
    /// histogram of mentioned months.
    pub const MENTION_MONTH: &str = "mention_month";
    /// The actors, `person\0Maria Zakharova`, in a column and not indexed: counted over
    /// the matches of a search, and listed for suggestions.
    pub const ACTOR: &str = "actors";
    /// `actor:` in query syntax, which is no field: its names are looked up in
    /// `actor_form`, as actor filters do.
    pub const ACTOR_SYNTAX: &str = "actor";
    /// The extraction record with the article's source, packed
    /// (`encode::StoredExtraction::into_packed`). An index made before it keeps
    /// `record`, and `source` and `id` in the store.
    pub const EXTRACTION: &str = "extraction";
    /// The extraction record as bytes (`encode::StoredExtraction::into_bytes`), in an
    /// index made before `extraction`.
    pub const RECORD: &str = "record";
    /// The extraction record as JSON text, in an index made before `record`.
    pub const EXTRACTED: &str = "extracted";
    pub const HASH: &str = "hash";
    /// Every surface form of every actor, case-folded and kind-prefixed
    /// (`org\0csto`), so a filter by any form finds the article.
    pub const ACTOR_FORM: &str = "actor_form";
    /// Every form of every actor beside its name (`person\0Paul Volcker\0Volcker`), in a
    /// column read only for its dictionary: the names each actor is written under across
    /// the archive, for grouping actors into entities.
    pub const ACTOR_ALIAS: &str = "actor_alias";
    /// The input file an article was read from, for pruning (`IndexerOptions::prune`).
    pub const ORIGIN: &str = "origin";
    /// Where the title came from (`encode::TitleKind`), in a column: ranking weighs a
    /// title taken from the body's first line less than one the input gave.
    pub const TITLE_KIND: &str = "title_kind";
}

/// Fields a user may name in query syntax (`title:armenia`).
pub(crate) const QUERYABLE: [&str; 4] = [names::TITLE, names::BODY, names::ID, names::ACTOR_SYNTAX];

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    /// Whether the id is stored (an index made before `extraction`); else it is read
    /// from its column.
    pub id_stored: bool,
    /// Whether the publication day is stored (an index made before `extraction`);
    /// else it is read from its column.
    pub published_stored: bool,
    /// `None` in an index made since `extraction`, whose record holds the source.
    pub source: Option<Field>,
    pub title: Field,
    pub body: Field,
    pub published: Field,
    pub published_month: Field,
    pub mention: Field,
    pub mention_month: Field,
    pub actor: Field,
    pub record: RecordField,
    pub hash: Field,
    pub origin: Field,
    pub actor_form: Field,
    pub actor_alias: Field,
    /// `None` in an index written before the field existed (format 5 without it): its
    /// titles all rank as given.
    pub title_kind: Option<Field>,
}

/// Where an index keeps its extraction records.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RecordField {
    /// `extraction`: packed bytes, the source in them.
    Packed(Field),
    /// `record`: compact bytes, in an index made before `extraction`.
    Bytes(Field),
    /// `extracted`: JSON, in an index made before `record`.
    Json(Field),
}

impl Fields {
    /// Looks the fields up in a schema; fails when the schema is not one of ours.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name| schema.get_field(name);
        let id = f(names::ID)?;
        let published = f(names::PUBLISHED)?;
        Ok(Fields {
            id,
            id_stored: schema.get_field_entry(id).is_stored(),
            published_stored: schema.get_field_entry(published).is_stored(),
            source: f(names::SOURCE).ok(),
            title: f(names::TITLE)?,
            body: f(names::BODY)?,
            published,
            published_month: f(names::PUBLISHED_MONTH)?,
            mention: f(names::MENTION)?,
            mention_month: f(names::MENTION_MONTH)?,
            actor: f(names::ACTOR)?,
            record: match (f(names::EXTRACTION), f(names::RECORD)) {
                (Ok(field), _) => RecordField::Packed(field),
                (_, Ok(field)) => RecordField::Bytes(field),
                _ => RecordField::Json(f(names::EXTRACTED)?),
            },
            hash: f(names::HASH)?,
            origin: f(names::ORIGIN)?,
            actor_form: f(names::ACTOR_FORM)?,
            actor_alias: f(names::ACTOR_ALIAS)?,
            title_kind: f(names::TITLE_KIND).ok(),
        })
    }
}

/// Builds the schema of a new index. Only title and body are scored by length, so only
/// they keep fieldnorms (a byte per article per field); the hash, the id and the
/// publication day are read from their columns, so they are not stored too, and the
/// source is kept in the extraction record as its line in the input (the `origin`
/// column) where it is one.
pub(crate) fn build() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // A whole value as one term, matched, never scored.
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    );
    let number = || NumericOptions::default().set_indexed();
    b.add_text_field(names::ID, keyword.clone() | FAST);
    b.add_text_field(names::TITLE, text.clone());
    b.add_text_field(names::BODY, text);
    // A day number (see `encode::published_value`).
    b.add_i64_field(names::PUBLISHED, number().set_fast());
    // Every article has a value (0 when undated), so the column needs no index of which
    // articles have one: the month histogram reads it once per match.
    b.add_u64_field(names::PUBLISHED_MONTH, FAST);
    b.add_i64_field(names::MENTION, number());
    b.add_u64_field(names::MENTION_MONTH, FAST);
    // Not stored: the extraction record holds the actors with their forms and counts.
    b.add_text_field(names::ACTOR, FAST);
    b.add_bytes_field(names::EXTRACTION, STORED);
    b.add_u64_field(names::HASH, FAST);
    b.add_text_field(names::ORIGIN, keyword.clone() | FAST);
    b.add_text_field(names::ACTOR_FORM, keyword);
    b.add_text_field(names::ACTOR_ALIAS, FAST);
    b.add_u64_field(names::TITLE_KIND, FAST);
    b.build()
}

/// Index settings: zstd for the document store, which holds the article text and the
/// extraction record and is read only for the page of hits shown; it is about half the
/// size of lz4's output on news text. Level 1 rather than the default 3: the store is
/// compressed during the build, and on Reuters level 1 takes 45% fewer instructions for
/// an index 1.9% larger. Blocks of 16 KB rather than 8 KB: each hit shown decompresses
/// its block, so a command-line query with ten hits on Reuters takes 0.9M-1.0M more
/// instructions (13-16% of the whole process), for an index 0.9% smaller, which keeps it
/// within the 1.2x its text that issue 19 allows (1.195x, 1.206x with 8 KB blocks).
pub(crate) fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 16384,
        ..IndexSettings::default()
    }
}

/// The English analyzer (see [`analyzer::english`]).
pub(crate) fn analyzer() -> TextAnalyzer {
    analyzer::english()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::FieldType;

    #[test]
    fn only_scored_fields_keep_fieldnorms_and_the_hash_is_not_stored() {
        let schema = build();
        for (field, entry) in schema.fields() {
            let name = schema.get_field_name(field);
            let scored = [names::TITLE, names::BODY].contains(&name);
            assert_eq!(entry.has_fieldnorms(), scored, "{name}");
        }
        let hash = schema.get_field_entry(schema.get_field(names::HASH).unwrap());
        assert!(!hash.is_stored());
        assert!(matches!(hash.field_type(), FieldType::U64(o) if o.is_fast()));
    }
}
