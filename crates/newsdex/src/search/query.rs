//! From query text to a tantivy query.
//!
//! Words as people type them (`point of no return`) become a bag of words scored by
//! BM25F over title and body (`ranking.rs`), plus evidence that they occur together: the
//! exact phrase, all of them near each other, adjacent pairs side by side, each weighed
//! by the idf of the words it joins (`bonus.rs`). Text with query syntax (quotes,
//! `AND`/`OR`, `-term`, `field:`, parentheses) goes to tantivy's parser.

use std::sync::Arc;

use newsdex_extract::ActorKind;
use tantivy::query::{EnableScoring, Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{self, UserInputAst, UserInputLeaf};
use tantivy::schema::Field;
use tantivy::tokenizer::TokenStream;
use tantivy::{TantivyError, Term};

use super::bonus::{BonusQuery, FieldTerms, Phrase};
use super::ranking::{self, Slot};
use super::words::WordsQuery;
use crate::core::Core;
use crate::error::{shortened, OrStorage, Result, UserError};
use crate::schema::encode::actor_form_keys;
use crate::schema::{names, QUERYABLE};

/// In query syntax, title matches count this much more than body matches (tantivy's
/// parser scores each field with its own BM25). Plain words are weighed by `ranking`.
const TITLE_BOOST: f32 = 2.0;

/// The longest query text, in bytes: far beyond any query a person types, and short
/// enough that parsing and planning it stays in milliseconds.
pub(crate) const MAX_QUERY_BYTES: usize = 16 << 10;
/// Different words a query may have: each adds postings to read.
const MAX_QUERY_WORDS: usize = 256;
/// How deep parentheses may nest: tantivy's query parser recurses once per level, and
/// deep enough nesting overflows the stack.
const MAX_NESTING: usize = 32;

/// The text part of a search; `None` for empty text (every article matches).
pub(crate) fn text_query(index: &Core, text: &str) -> Result<Option<Box<dyn Query>>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    if text.len() > MAX_QUERY_BYTES {
        return Err(bad(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are searched",
            text.len()
        )));
    }
    check_balanced(text)?;
    if has_syntax(text) {
        parsed_query(index, text).map(Some)
    } else {
        words_query(index, text).map(Some)
    }
}

/// Plain words, no query syntax: what "did you mean" can correct word by word.
pub(crate) fn is_plain_words(text: &str) -> bool {
    !text.trim().is_empty() && !has_syntax(text)
}

/// True when the text uses query syntax rather than being plain words.
fn has_syntax(text: &str) -> bool {
    if text.contains(['"', '(', ')']) {
        return true;
    }
    text.split_whitespace().any(|w| {
        matches!(w, "AND" | "OR" | "NOT")
            || (w.len() > 1 && (w.starts_with('-') || w.starts_with('+')))
            || field_prefix(w).is_some()
            || (w.len() > 1 && w.ends_with('*'))
            || w.rsplit_once('~').is_some_and(|(word, n)| {
                !word.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            })
    })
}

/// `title:armenia` -> `title`.
fn field_prefix(word: &str) -> Option<&str> {
    let (field, rest) = word.split_once(':')?;
    let is_name = !field.is_empty()
        && field
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && field
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic());
    (is_name && !rest.is_empty()).then_some(field)
}

/// Quotes and parentheses must pair up; says where they do not.
fn check_balanced(text: &str) -> Result<()> {
    let mut open_quote = None;
    let mut parens = Vec::new();
    for (col, c) in text.chars().enumerate().map(|(i, c)| (i + 1, c)) {
        match c {
            '"' => {
                open_quote = if open_quote.is_some() {
                    None
                } else {
                    Some(col)
                }
            }
            '(' if open_quote.is_none() => {
                parens.push(col);
                if parens.len() > MAX_NESTING {
                    return Err(bad(format!(
                        "parentheses nest more than {MAX_NESTING} deep (at column {col})"
                    )));
                }
            }
            ')' if open_quote.is_none() && parens.pop().is_none() => {
                return Err(bad(format!("`)` at column {col} has no matching `(`")));
            }
            _ => {}
        }
    }
    if let Some(col) = open_quote {
        return Err(bad(format!("the quote at column {col} is never closed")));
    }
    if let Some(col) = parens.pop() {
        return Err(bad(format!("`(` at column {col} is never closed")));
    }
    Ok(())
}

fn bad(message: String) -> crate::Error {
    UserError::BadQuery { message }.into()
}

fn parsed_query(index: &Core, text: &str) -> Result<Box<dyn Query>> {
    let words = text.split_whitespace().count();
    if words > MAX_QUERY_WORDS * 4 {
        return Err(bad(format!(
            "the query has {words} words and operators; at most {} are searched",
            MAX_QUERY_WORDS * 4
        )));
    }
    for word in text.split_whitespace() {
        let word = word.trim_start_matches(['-', '+', '(']);
        if let Some(field) = field_prefix(word) {
            if !QUERYABLE.contains(&field) {
                return Err(UserError::UnknownField {
                    field: field.to_owned(),
                    known: QUERYABLE.to_vec(),
                }
                .into());
            }
        }
    }
    let f = &index.fields;
    let mut parser = QueryParser::for_index(&index.inner, vec![f.title, f.body]);
    parser.set_field_boost(f.title, TITLE_BOOST);
    parser.set_conjunction_by_default();
    let parsed = match query_grammar::parse_query(text) {
        Ok(ast) => build(index, &parser, actor_names(ast)?)?,
        // tantivy's parser says what is wrong.
        Err(_) => parser.parse_query(text),
    };
    let query = parsed.map_err(|e| match e {
        QueryParserError::PhrasePrefixRequiresAtLeastTwoTerms { phrase, .. } => bad(format!(
            "\"{phrase}\"* finds phrases ending in a word's start and needs two words or more; \
             for one word write {phrase}* without quotes"
        )),
        QueryParserError::FieldDoesNotExist(field) => UserError::UnknownField {
            field,
            known: QUERYABLE.to_vec(),
        }
        .into(),
        QueryParserError::AllButQueryForbidden => {
            bad("a query needs at least one term that is not excluded with `-`".to_owned())
        }
        QueryParserError::SyntaxError(m) => bad(format!("{m} in {:?}", shortened(text))),
        other => bad(other.to_string()),
    })?;
    // Some queries parse but do not fit the schema (`title:*`, "has any value", needs a
    // fast field); tantivy says so only when the search runs, as a schema error that
    // would pass for an internal one. Asking for the weight now finds it.
    let schema = index.inner.schema();
    match query.weight(EnableScoring::disabled_from_schema(&schema)) {
        Err(TantivyError::SchemaError(m)) if m.contains("not a fast field") => Err(bad(format!(
            "`field:*` (any value) cannot be searched, in {:?}; search for words instead",
            shortened(text)
        ))),
        Err(TantivyError::SchemaError(m)) => Err(bad(format!("{m} in {:?}", shortened(text)))),
        // `field:*` names its field without the parser checking that it exists.
        Err(TantivyError::FieldNotFound(field)) => Err(UserError::UnknownField {
            field,
            known: QUERYABLE.to_vec(),
        }
        .into()),
        _ => Ok(query),
    }
}

/// The query of a parsed query line. tantivy's parser builds every leaf but two kinds it
/// does not have: `word*` (the words starting so: it knows only phrase prefixes of two
/// words or more) and `word~1`, `word~2` (the words within one or two edits: it reads
/// `~` on a single word as a phrase's slop and drops it).
fn build(
    index: &Core,
    parser: &QueryParser,
    ast: UserInputAst,
) -> Result<std::result::Result<Box<dyn Query>, QueryParserError>> {
    use tantivy::query::{BooleanQuery, BoostQuery, Occur};
    use tantivy::query_grammar::Occur as Typed;
    Ok(match ast {
        UserInputAst::Clause(clauses) => {
            let mut built = Vec::with_capacity(clauses.len());
            for (occur, ast) in clauses {
                let occur = match occur {
                    None | Some(Typed::Must) => Occur::Must,
                    Some(Typed::Should) => Occur::Should,
                    Some(Typed::MustNot) => Occur::MustNot,
                };
                match build(index, parser, ast)? {
                    Ok(query) => built.push((occur, query)),
                    Err(e) => return Ok(Err(e)),
                }
            }
            if !built.is_empty() && built.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                return Ok(Err(QueryParserError::AllButQueryForbidden));
            }
            Ok(Box::new(BooleanQuery::new(built)) as Box<dyn Query>)
        }
        UserInputAst::Boost(ast, boost) => build(index, parser, *ast)?
            .map(|q| Box::new(BoostQuery::new(q, boost.into_inner() as f32)) as Box<dyn Query>),
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => match word_operator_of(&literal) {
                Some(operator) => Ok(word_operator(index, &literal, operator)?),
                None => parser.build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(
                    UserInputLeaf::Literal(literal),
                ))),
            },
            leaf => parser.build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf))),
        },
    })
}

/// What an unquoted word with an operator asks for.
#[derive(Debug, PartialEq, Eq)]
enum WordOperator<'a> {
    /// `word*`: the words starting so.
    Prefix(&'a str),
    /// `word~N`: the words within N edits.
    Fuzzy(&'a str, u32),
}

/// `word*` or `word~N`, unquoted, on the title and body or one of them. (tantivy's
/// grammar keeps both operators inside the word.)
fn word_operator_of(
    literal: &tantivy::query_grammar::UserInputLiteral,
) -> Option<WordOperator<'_>> {
    use tantivy::query_grammar::Delimiter;
    let field_ok = literal
        .field_name
        .as_deref()
        .is_none_or(|f| f == names::TITLE || f == names::BODY);
    if !field_ok || !matches!(literal.delimiter, Delimiter::None) {
        return None;
    }
    let word = literal.phrase.as_str();
    if let Some(prefix) = word.strip_suffix('*') {
        return (!prefix.is_empty() && !prefix.contains('*'))
            .then_some(WordOperator::Prefix(prefix));
    }
    let (word, edits) = word.rsplit_once('~')?;
    let edits = edits.parse().ok()?;
    (!word.is_empty()).then_some(WordOperator::Fuzzy(word, edits))
}

/// The query of `word*` (every word starting so, at least two letters) or `word~N` (every
/// word within N ≤ 2 edits, a swap of two letters counting one), in title and body.
fn word_operator(
    index: &Core,
    literal: &tantivy::query_grammar::UserInputLiteral,
    operator: WordOperator<'_>,
) -> Result<Box<dyn Query>> {
    use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, RegexQuery};
    let f = &index.fields;
    let fields: Vec<(Field, f32)> = match literal.field_name.as_deref() {
        Some(names::TITLE) => vec![(f.title, 1.0)],
        Some(_) => vec![(f.body, 1.0)],
        None => vec![(f.body, 1.0), (f.title, TITLE_BOOST)],
    };
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, boost) in fields {
        let query: Box<dyn Query> = match operator {
            WordOperator::Prefix(prefix) => {
                let start = crate::schema::analyzer::fold_lowercase(prefix);
                if start.chars().count() < 2 || !start.chars().all(char::is_alphanumeric) {
                    return Err(bad(format!(
                        "`{prefix}*` needs at least two letters or digits, and nothing else, before the `*`"
                    )));
                }
                Box::new(
                    RegexQuery::from_pattern(&format!("{start}.*"), field)
                        .map_err(|e| bad(format!("`{prefix}*`: {e}")))?,
                )
            }
            WordOperator::Fuzzy(word, edits) => {
                if !(1..=2).contains(&edits) {
                    return Err(bad(format!(
                        "`{word}~{edits}`: a word may differ by 1 or 2 edits (~1 or ~2)"
                    )));
                }
                let word = crate::schema::analyzer::fold_lowercase(word);
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, &word),
                    edits as u8,
                    true,
                ))
            }
        };
        any.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
    }
    Ok(Box::new(BooleanQuery::new(any)))
}

/// `actor:NAME` names no field: it finds the articles naming an actor by any of its
/// surface forms, in any case and of any kind, as actor filters do, through the folded
/// forms in `actor_form`; `actor:*` finds the articles naming any actor.
fn actor_names(ast: UserInputAst) -> Result<UserInputAst> {
    Ok(match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, ast)| Ok((occur, actor_names(ast)?)))
                .collect::<Result<_>>()?,
        ),
        UserInputAst::Boost(ast, boost) => UserInputAst::Boost(Box::new(actor_names(*ast)?), boost),
        UserInputAst::Leaf(leaf) => UserInputAst::Leaf(Box::new(actor_leaf(*leaf)?)),
    })
}

fn actor_leaf(leaf: UserInputLeaf) -> Result<UserInputLeaf> {
    let is_actor = |field: &Option<String>| field.as_deref() == Some(names::ACTOR_SYNTAX);
    Ok(match leaf {
        UserInputLeaf::Literal(literal) if is_actor(&literal.field_name) => {
            // `actor:Var*` arrives as the word "Var*", `actor:"Var"*` as a prefix.
            if literal.prefix || literal.phrase.ends_with('*') {
                return Err(bad(format!(
                    "`actor:` takes a name, not the start of one (`{}*`)",
                    literal.phrase.trim_end_matches('*')
                )));
            }
            any_form_of(&[literal.phrase])
        }
        UserInputLeaf::Set { field, elements } if is_actor(&field) => any_form_of(&elements),
        UserInputLeaf::Exists { field } if field == names::ACTOR_SYNTAX => UserInputLeaf::Exists {
            field: names::ACTOR.to_owned(),
        },
        UserInputLeaf::Range { field, .. } | UserInputLeaf::Regex { field, .. }
            if is_actor(&field) =>
        {
            return Err(bad(
                "`actor:` takes names, not ranges or patterns".to_owned()
            ))
        }
        other => other,
    })
}

/// The `actor_form` terms of these names, for every kind.
fn any_form_of(names: &[String]) -> UserInputLeaf {
    UserInputLeaf::Set {
        field: Some(names::ACTOR_FORM.to_owned()),
        elements: names
            .iter()
            .flat_map(|name| {
                ActorKind::ALL
                    .iter()
                    .flat_map(move |kind| actor_form_keys(*kind, name))
            })
            .collect(),
    }
}

/// The analysed terms of plain words, in order.
fn terms(index: &Core, field: Field, text: &str) -> Result<Vec<Term>> {
    let mut analyzer = index.inner.tokenizer_for_field(field).storage()?;
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(Term::from_field_text(field, &stream.token().text));
    }
    Ok(terms)
}

/// The phrases of a query of `len` words: the whole phrase; for three words or more,
/// also the words within a few positions of each other, and each adjacent pair, whose
/// weights are shared so that all the pairs together weigh `pairs`.
fn phrases(len: usize) -> Vec<Phrase> {
    let params = ranking::params();
    let mut phrases = vec![Phrase {
        start: 0,
        end: len,
        slop: 0,
        weight: params.phrase,
    }];
    if len > 2 {
        phrases.push(Phrase {
            start: 0,
            end: len,
            slop: params.near_slop,
            weight: params.near,
        });
        // A pair's idf is that of two words; the pairs cover the inner words twice.
        let share = params.pairs * len as f32 / (2 * (len - 1)) as f32;
        phrases.extend((0..len - 1).map(|start| Phrase {
            start,
            end: start + 2,
            slop: 0,
            weight: share,
        }));
    }
    phrases
}

fn words_query(index: &Core, text: &str) -> Result<Box<dyn Query>> {
    let f = &index.fields;
    let body_terms = terms(index, f.body, text)?;
    if body_terms.is_empty() {
        return Err(bad(format!(
            "{:?} has no words to search for",
            shortened(text)
        )));
    }
    let distinct: std::collections::HashSet<&Term> = body_terms.iter().collect();
    if distinct.len() > MAX_QUERY_WORDS {
        return Err(bad(format!(
            "the query has {} different words; at most {MAX_QUERY_WORDS} are searched",
            distinct.len()
        )));
    }
    let title_terms = terms(index, f.title, text)?;

    // Every distinct word, in title or body.
    let mut words = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (body, title) in body_terms.iter().zip(&title_terms) {
        if !seen.insert(body.value().as_str().map(str::to_owned)) {
            continue;
        }
        words.push(vec![
            (body.clone(), Slot::Body),
            (title.clone(), Slot::Title),
        ]);
    }
    // Long queries tolerate a missing word or two; short ones need every word.
    let n = words.len();
    let fields = [f.body, f.title];
    let matching = WordsQuery::new(words, n - n / 4, fields, Arc::clone(&index.open));
    if body_terms.len() < 2 {
        return Ok(Box::new(matching));
    }
    let phrases = phrases(body_terms.len());
    let terms = vec![
        FieldTerms {
            slot: Slot::Body,
            terms: body_terms,
        },
        FieldTerms {
            slot: Slot::Title,
            terms: title_terms,
        },
    ];
    Ok(Box::new(BonusQuery::new(
        Box::new(matching),
        phrases,
        terms,
        fields,
        Arc::clone(&index.open),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_not_syntax() {
        assert!(!has_syntax("point of no return"));
        assert!(!has_syntax("10:30 talks"));
        assert!(!has_syntax("well-known - dash"));
    }

    #[test]
    fn operators_quotes_and_fields_are_syntax() {
        assert!(has_syntax("\"point of no return\""));
        assert!(has_syntax("CSTO AND Armenia"));
        assert!(has_syntax("CSTO -Russia"));
        assert!(has_syntax("title:armenia"));
        assert!(has_syntax("(a OR b)"));
    }

    #[test]
    fn unbalanced_quotes_and_parens_say_where() {
        let msg = |t| check_balanced(t).unwrap_err().to_string();
        assert_eq!(
            msg("a \"b c"),
            "bad query: the quote at column 3 is never closed"
        );
        assert_eq!(msg("(a OR b"), "bad query: `(` at column 1 is never closed");
        assert_eq!(
            msg("a) b"),
            "bad query: `)` at column 2 has no matching `(`"
        );
        assert!(check_balanced("\"a (b\" c").is_ok());
    }

    /// Found by the `query` fuzz target: `title:*` parsed, then failed at search time
    /// with an internal error.
    #[test]
    fn any_value_queries_are_a_bad_query_not_an_internal_error() {
        let index = crate::Index::create_in_ram().unwrap();
        for text in ["title:*", "a AND body: *", "(-title:* b)"] {
            let e = text_query(&index.core, text).err().unwrap();
            assert!(e.is_user_error(), "{text}: {e:?}");
            let request = crate::SearchRequest::new(text);
            assert!(
                index.search(&request).unwrap_err().is_user_error(),
                "{text}"
            );
        }
        // tantivy reads `x<tab>title` as the field name, and the exists query takes it unchecked.
        assert!(matches!(
            text_query(&index.core, "x\ttitle:*").err().unwrap(),
            crate::Error::User(UserError::UnknownField { .. })
        ));
        // Fields with fast values answer it.
        assert!(text_query(&index.core, "actor:*").is_ok());
        assert!(index.search(&crate::SearchRequest::new("id:*")).is_ok());
        assert_eq!(
            text_query(&index.core, "title:*")
                .err()
                .unwrap()
                .to_string(),
            "bad query: `field:*` (any value) cannot be searched, in \"title:*\"; \
             search for words instead"
        );
    }
}
