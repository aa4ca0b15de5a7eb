//! From an article to its tantivy document: extraction, then every field encoded as
//! `schema::encode` says.

use newsdex_extract::Extracted;
use rayon::prelude::*;
use tantivy::{TantivyDocument, Term};

use super::indexer::Outcome;
use crate::article::Article;
use crate::schema::encode::{
    actor_form_key, actor_key, alias_key, mention_month, mention_value, month_of, published_value,
    StoredExtraction, TitleKind,
};
use crate::schema::{Fields, RecordField};

/// An article to write, with its content hash and what writing it does.
pub(super) type ToWrite = (Article, u64, Outcome);

/// Extracts articles on the pool's threads and builds their documents, in order.
pub(super) fn extract_documents(
    pool: &rayon::ThreadPool,
    fields: &Fields,
    todo: Vec<ToWrite>,
) -> Vec<(Term, Outcome, TantivyDocument)> {
    pool.install(|| {
        todo.into_par_iter()
            .map(|(article, hash, outcome)| {
                let id = Term::from_field_text(fields.id, &article.id);
                (id, outcome, build_document(fields, &article, hash))
            })
            .collect()
    })
}

/// The longest actor name or form indexed, in bytes.
const MAX_ACTOR_BYTES: usize = 256;

/// Where the title indexed for `article` came from.
fn title_kind(article: &Article, extracted: &Extracted) -> TitleKind {
    match (&article.title, &extracted.title) {
        (_, None) => TitleKind::None,
        (Some(_), Some(_)) => TitleKind::Given,
        (None, Some(_)) if article.whole_body => TitleKind::BodyLine,
        (None, Some(_)) => TitleKind::Found,
    }
}

/// Extraction and the tantivy document for one article. Runs on rayon's threads.
fn build_document(fields: &Fields, article: &Article, hash: u64) -> TantivyDocument {
    let extracted: Extracted = article.extract();
    let title = extracted.title.as_deref().unwrap_or("");
    let (body, body_at) = article.body_in(&extracted);
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &article.id);
    if let (Some(field), Some(source)) = (fields.source, &article.source) {
        doc.add_text(field, source);
    }
    doc.add_text(fields.title, title);
    if let Some(field) = fields.title_kind {
        doc.add_u64(field, title_kind(article, &extracted).value());
    }
    doc.add_text(fields.body, body);
    if let Some(day) = extracted.published {
        doc.add_i64(fields.published, published_value(day));
    }
    doc.add_u64(fields.published_month, month_of(extracted.published));
    let mut extracted = extracted;
    // A "name" this long is a run of capitalised text, not a name; and tantivy drops
    // terms much longer, which would leave an actor no filter can find.
    extracted.actors.retain(|a| a.name.len() <= MAX_ACTOR_BYTES);
    for actor in &extracted.actors {
        doc.add_text(fields.actor, actor_key(actor.kind, &actor.name));
        let mut keys: Vec<String> = std::iter::once(&actor.name)
            .chain(&actor.forms)
            .filter(|form| form.len() <= MAX_ACTOR_BYTES)
            .map(|form| actor_form_key(actor.kind, form))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            doc.add_text(fields.actor_form, key);
        }
        for form in actor
            .forms
            .iter()
            .filter(|f| **f != actor.name && f.len() <= MAX_ACTOR_BYTES)
        {
            doc.add_text(fields.actor_alias, alias_key(actor.kind, &actor.name, form));
        }
    }
    let mut months: Vec<u64> = Vec::new();
    let mut mentions: Vec<i64> = Vec::new();
    for date in &extracted.dates {
        mentions.extend(mention_value(date.value));
        months.extend(mention_month(date.value));
    }
    mentions.sort_unstable();
    mentions.dedup();
    months.sort_unstable();
    months.dedup();
    for value in mentions {
        doc.add_i64(fields.mention, value);
    }
    for month in months {
        doc.add_u64(fields.mention_month, month);
    }
    let record = StoredExtraction {
        published_source: article.published_source(&extracted),
        actors: extracted.actors,
        dates: extracted.dates,
        body_at,
    };
    match fields.record {
        RecordField::Packed(field) => doc.add_bytes(
            field,
            &record.into_packed(body, article.source.as_deref(), article.origin.as_deref()),
        ),
        RecordField::Bytes(field) => doc.add_bytes(field, &record.into_bytes(body)),
        RecordField::Json(field) => {
            if let Some(json) = record.into_json() {
                doc.add_text(field, json);
            }
        }
    }
    doc.add_u64(fields.hash, hash);
    if let Some(origin) = &article.origin {
        doc.add_text(fields.origin, origin);
    }
    doc
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{FieldEntry, FieldType, Schema, STORED};

    use super::*;
    use crate::schema::{self, names};
    use crate::search::lookup::{stored_article, DocColumns};
    use tantivy::schema::Value;

    /// A document's columns, as the index would give them: the id and input from the
    /// article, the publication day from the document's value.
    struct Columns<'a>(&'a Fields, &'a TantivyDocument, &'a Article);

    impl DocColumns for Columns<'_> {
        fn id(&self) -> Option<String> {
            Some(self.2.id.clone())
        }

        fn origin(&self) -> Option<String> {
            self.2.origin.clone()
        }

        fn published(&self) -> Option<i64> {
            self.1.get_first(self.0.published).and_then(|v| v.as_i64())
        }
    }

    #[test]
    fn an_article_reads_back_alike_from_each_layout_of_its_record() {
        let fields = Fields::from_schema(&schema::build()).unwrap();
        assert!(matches!(fields.record, RecordField::Packed(_)));
        assert!(fields.source.is_none() && !fields.id_stored && !fields.published_stored);
        // The schema of an index made before `extraction`: `record` in its place, and
        // the id and source stored; and before `record`: `extracted`.
        let older = |record: &str| {
            let mut b = Schema::builder();
            for (_, entry) in schema::build().fields() {
                match entry.name() {
                    names::EXTRACTION if record == names::RECORD => {
                        b.add_bytes_field(names::RECORD, STORED);
                    }
                    names::EXTRACTION => {
                        b.add_text_field(names::EXTRACTED, STORED);
                    }
                    names::ID => {
                        let FieldType::Str(options) = entry.field_type() else {
                            panic!("{entry:?}")
                        };
                        b.add_field(FieldEntry::new_text(
                            names::ID.to_owned(),
                            options.clone() | STORED,
                        ));
                    }
                    names::PUBLISHED => {
                        let FieldType::I64(options) = entry.field_type() else {
                            panic!("{entry:?}")
                        };
                        b.add_field(FieldEntry::new_i64(
                            names::PUBLISHED.to_owned(),
                            options.clone().set_stored(),
                        ));
                    }
                    _ => {
                        b.add_field(entry.clone());
                    }
                }
            }
            b.add_text_field(names::SOURCE, STORED);
            Fields::from_schema(&b.build()).unwrap()
        };
        let bytes = older(names::RECORD);
        assert!(matches!(bytes.record, RecordField::Bytes(_)));
        assert!(bytes.source.is_some() && bytes.id_stored && bytes.published_stored);
        let json = older(names::EXTRACTED);
        assert!(matches!(json.record, RecordField::Json(_)));
        let body = "Sergei Lavrov met Ararat Mirzoyan in Moscow on 4 May 2025, the ministry \
                    said. Lavrov said talks with Mirzoyan would go on in Yerevan.";
        for (source, origin) in [
            (Some("in/talks.jsonl:3"), Some("in/talks.jsonl")),
            (Some("in/talks.txt"), Some("in/talks.txt")),
            (Some("https://example.org/talks"), Some("in/pages")),
            (Some("in/talks.jsonl:3x"), Some("in/talks.jsonl")),
            (None, None),
        ] {
            let day = time::Date::from_calendar_date(2025, time::Month::May, 6).unwrap();
            let mut article = Article::new("a1")
                .with_title("Lavrov meets Mirzoyan on 5 May")
                .with_body(body)
                .with_published(day);
            article.source = source.map(str::to_owned);
            article.origin = origin.map(str::to_owned);
            let read = |fields: &Fields| {
                let doc = build_document(fields, &article, 7);
                stored_article(fields, &doc, &Columns(fields, &doc, &article)).unwrap()
            };
            let new = read(&fields);
            assert_eq!(new, read(&bytes));
            assert_eq!(new, read(&json));
            assert_eq!(new.id, "a1");
            assert_eq!(new.source.as_deref(), source);
            assert_eq!(new.published, Some(day));
            assert!(new
                .dates
                .iter()
                .any(|d| d.text == "5 May" && d.start < new.body_at));
            assert!(new
                .dates
                .iter()
                .any(|d| d.text == "4 May 2025" && d.start > new.body_at));
            let lavrov = new.actors.iter().find(|a| a.name == "Sergei Lavrov");
            assert!(
                lavrov.is_some_and(|a| a.forms.contains(&"Lavrov".to_owned())),
                "{:?}",
                new.actors
            );
        }
    }
}
