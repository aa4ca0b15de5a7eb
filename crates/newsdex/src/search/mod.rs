//! Running a search: the text query and the filters become one tantivy query, one pass
//! of composed collectors gathers the page of hits, the total, and the facet counts over
//! every match, and the page is turned into hits with snippets.

mod actor_counts;
mod actors;
mod bonus;
mod cache;
mod months;
mod query;
mod request;
mod results;
mod snippet;
mod words;

use std::ops::Bound;
use std::sync::Arc;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

pub(crate) use actor_counts::{actor_column, kind_of};
pub(crate) use cache::CacheState;
pub use request::{ActorFilter, Period, SearchRequest, SearchRequestBuilder, Sort};
pub use results::{ActorCount, ActorRef, Facets, Hit, MonthCount, SearchResults, YearMonth};

use crate::error::{Result, UserError};
use crate::index::Index;
use crate::indexer::date_time;
use crate::schema::names;

/// Actors listed with each hit.
const ACTORS_PER_HIT: usize = 5;
/// Deepest page that can be asked for: tantivy keeps offset + limit hits in memory.
const MAX_WINDOW: usize = 100_000;

impl Index {
    /// Runs a search on the latest commit.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.offset.saturating_add(request.limit) > MAX_WINDOW {
            return Err(UserError::InvalidRequest(format!(
                "offset + limit must be at most {MAX_WINDOW}; narrow the query instead of paging this deep"
            ))
            .into());
        }
        if let (Some(since), Some(until)) = (request.since, request.until) {
            if since > until {
                return Err(UserError::InvalidRequest(format!(
                    "the date range is empty: since {since} is after until {until}"
                ))
                .into());
            }
        }
        let searcher = self.reader.searcher();
        let text = query::text_query(self, &request.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(text) = &text {
            clauses.push((Occur::Must, text.box_clone()));
        }
        for filter in &request.actors {
            let terms = self.resolve_actor(&searcher, filter)?;
            let any: Vec<(Occur, Box<dyn Query>)> = terms
                .into_iter()
                .map(|term| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
            ));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |day: Option<newsdex_extract::Date>, end: bool| match day {
                None => Bound::Unbounded,
                Some(day) => {
                    let day = if end {
                        day.next_day().unwrap_or(day)
                    } else {
                        day
                    };
                    let term = Term::from_field_date(self.fields.published, date_time(day));
                    if end {
                        Bound::Excluded(term)
                    } else {
                        Bound::Included(term)
                    }
                }
            };
            let range = RangeQuery::new(bound(request.since, false), bound(request.until, true));
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        let query: Box<dyn Query> = match clauses.len() {
            0 => Box::new(AllQuery),
            1 if text.is_some() => clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery)),
            _ => Box::new(BooleanQuery::new(clauses)),
        };

        // Without text every score is equal, so newest first is the useful order.
        let sort = if text.is_none() {
            Sort::Date
        } else {
            request.sort
        };
        let cache = if request.actor_facets > 0 || request.month_facets {
            self.segments_cache(&searcher)?
        } else {
            None
        };
        // One pass over the matches, collectors composed as a tuple (static dispatch):
        // the page of hits, the total, and the facet counts over every match.
        let tally = (
            Count,
            (request.actor_facets > 0).then(|| actor_counts::ActorCountCollector {
                index: self,
                top: request.actor_facets,
                kinds: request.actor_kinds.clone(),
                ordinals: cache.as_ref().map(|c| Arc::clone(&c.actors)),
            }),
            request.month_facets.then(|| months::MonthCollector {
                cache: cache.as_ref().and_then(|c| c.months.clone()),
            }),
        );
        let window = || TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (page, (total, actors, months)): (Vec<(f32, DocAddress)>, _) =
            match (request.limit > 0, sort) {
                (false, _) => (Vec::new(), self.collect(&searcher, &*query, &tally)?),
                (true, Sort::Relevance) => {
                    self.collect(&searcher, &*query, &(window().order_by_score(), tally))?
                }
                (true, Sort::Date) => {
                    let by_date = window().order_by((
                        (
                            SortByStaticFastValue::<DateTime>::for_field(names::PUBLISHED),
                            Order::Desc,
                        ),
                        (SortBySimilarityScore, Order::Desc),
                    ));
                    let (page, tally) = self.collect(&searcher, &*query, &(by_date, tally))?;
                    let page = page
                        .into_iter()
                        .map(|((_, score), doc)| (score, doc))
                        .collect();
                    (page, tally)
                }
            };
        let facets = Facets {
            actors: actors
                .unwrap_or_default()
                .into_iter()
                .map(|(kind, name, count)| ActorCount { kind, name, count })
                .collect(),
            months: months
                .unwrap_or_default()
                .into_iter()
                .map(|(month, count)| MonthCount { month, count })
                .collect(),
        };
        let hits = self.hits(&searcher, text.as_deref(), request, page)?;
        Ok(SearchResults {
            total: total as u64,
            hits,
            facets,
        })
    }

    /// Runs `collector` over the matches of `query`, the segments in parallel when the
    /// index has several (see [`Index::set_search_threads`]).
    fn collect<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        let scoring = if collector.requires_scoring() {
            EnableScoring::enabled_from_searcher(searcher)
        } else {
            EnableScoring::disabled_from_searcher(searcher)
        };
        let executor = self.executor(searcher.segment_readers().len());
        searcher.search_with_executor(query, collector, &executor, scoring)
    }

    fn hits(
        &self,
        searcher: &Searcher,
        text: Option<&dyn Query>,
        request: &SearchRequest,
        page: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Hit>> {
        let snippets = match text {
            Some(query) if !page.is_empty() => Some(snippet::Snippets::new(
                searcher,
                query,
                self.fields.body,
                request.snippet_chars,
            )?),
            _ => None,
        };
        let mut hits = Vec::with_capacity(page.len());
        for (i, (score, address)) in page.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let article = self.stored_article(&doc)?;
            let passage = snippets.as_ref().and_then(|s| s.best(&article.body));
            let (snippet, highlights) = match passage {
                Some(passage) => {
                    // Mark a passage cut out of the middle of the body with ellipses.
                    let range = passage.range;
                    let before = if range.start > 0 { "… " } else { "" };
                    let after = if range.end < article.body.len() {
                        " …"
                    } else {
                        ""
                    };
                    // Highlights move from the body to the snippet.
                    let ranges = passage
                        .highlights
                        .iter()
                        .map(|r| {
                            let at = |offset: usize| offset - range.start + before.len();
                            (at(r.start), at(r.end))
                        })
                        .collect();
                    (format!("{before}{}{after}", &article.body[range]), ranges)
                }
                None => (lead(&article.body, request.snippet_chars), Vec::new()),
            };
            hits.push(Hit {
                rank: request.offset + i + 1,
                id: article.id,
                title: article.title,
                published: article.published,
                score,
                source: article.source,
                snippet,
                highlights,
                actors: article
                    .actors
                    .into_iter()
                    .take(ACTORS_PER_HIT)
                    .map(|a| ActorRef {
                        name: a.name,
                        kind: a.kind,
                    })
                    .collect(),
            });
        }
        Ok(hits)
    }
}

/// The start of a text, cut at a word boundary, for hits whose match is not in the body.
fn lead(text: &str, max_chars: usize) -> String {
    let text = text.trim_start();
    let end = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    if end == text.len() {
        return text.to_owned();
    }
    let cut = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    text[..cut].trim_end().to_owned()
}
