//! Running a search: the text query and the filters become one tantivy query, one pass
//! of composed collectors gathers the page of hits, the total, and the facet counts over
//! every match, and the page is turned into hits with snippets.

mod actor_counts;
mod actors;
mod bonus;
mod cache;
pub(crate) mod lookup;
mod months;
pub(crate) mod open;
mod query;
mod ranking;
mod request;
mod results;
mod snippet;
mod state;
mod suggest;
mod words;

use std::ops::Bound;
use std::sync::Arc;

use tantivy::collector::sort_key::SortBySimilarityScore;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

pub(crate) use lookup::{article, read_everything, stats};
pub use lookup::{Stats, StoredArticle};
pub use request::{ActorFilter, Period, SearchRequest, SearchRequestBuilder, Sort};
pub use results::{ActorCount, ActorRef, Facets, Hit, MonthCount, SearchResults, YearMonth};
pub(crate) use state::SearchState;

use crate::core::Core;
use crate::error::{OrStorage, Result, UserError};
use crate::schema::encode::{mention_ranges, mention_within, published_value, UNDATED_MONTH};
use bonus::BonusQuery;

/// Actors listed with each hit.
const ACTORS_PER_HIT: usize = 5;
/// Deepest page that can be asked for: tantivy keeps offset + limit hits in memory.
const MAX_WINDOW: usize = 100_000;

/// Matches in the order asked for, with their relevance scores.
type Page = Vec<(f32, DocAddress)>;

/// One search's view of an index: the commit it reads and the state it shares with
/// the other searches on the same handle.
pub(crate) struct Context<'a> {
    pub core: &'a Core,
    pub state: &'a SearchState,
    pub searcher: Searcher,
    /// The entity each actor of the hits so far belongs to (see
    /// `lookup::as_entities`): the hits of one search name many actors alike, and
    /// finding one in the entity table's FST is a few thousand instructions.
    members: std::cell::RefCell<lookup::Members>,
}

/// A request made into tantivy terms: the query that selects the matches, the text part
/// alone (for snippets), and the order.
struct Plan {
    query: Box<dyn Query>,
    text: Option<Box<dyn Query>>,
    /// The query's filters, each scored 0.
    filters: Vec<Box<dyn Query>>,
    sort: Sort,
    /// The entity each actor filter was taken for, in order.
    used: Vec<Option<ActorRef>>,
}

/// Runs a search on the commit last loaded.
pub(crate) fn run(
    core: &Core,
    state: &SearchState,
    request: &SearchRequest,
) -> Result<SearchResults> {
    Context::new(core, state).run(request)
}

/// Every match of a request from its offset, at most `limit` of them, in its order, as
/// hits with snippets.
pub(crate) fn hits<'a>(
    core: &'a Core,
    state: &'a SearchState,
    request: &SearchRequest,
    limit: Option<usize>,
) -> Result<Matches<'a>> {
    Context::new(core, state).matches(request, limit)
}

impl<'a> Context<'a> {
    fn new(core: &'a Core, state: &'a SearchState) -> Context<'a> {
        let searcher = core.searcher();
        core.open.keep_only(&searcher);
        Context {
            core,
            state,
            searcher,
            members: std::cell::RefCell::default(),
        }
    }

    fn run(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.offset.saturating_add(request.limit) > MAX_WINDOW {
            return Err(UserError::InvalidRequest(format!(
                "offset + limit must be at most {MAX_WINDOW}; narrow the query instead of paging this deep"
            ))
            .into());
        }
        let plan = self.plan(request)?;
        let (page, total, facets) = self.page_and_facets(&plan, request)?;
        let snippets = match &plan.text {
            Some(query) if !page.is_empty() => Some(self.snippets(&**query, request)?),
            _ => None,
        };
        let hits = page
            .into_iter()
            .zip(request.offset + 1..)
            .map(|((score, address), rank)| {
                self.hit(snippets.as_ref(), request, rank, score, address)
            })
            .collect::<Result<_>>()?;
        let suggestions = if total <= suggest::FEW_HITS && query::is_plain_words(&request.text) {
            self.suggestions(&request.text)?
        } else {
            Vec::new()
        };
        Ok(SearchResults {
            total,
            hits,
            facets,
            suggestions,
            undated_left_out: self.undated_left_out(request)?,
            actor_filters: plan.used,
        })
    }

    /// The query and order of a request; a user error for a bad query, filter or range.
    fn plan(&self, request: &SearchRequest) -> Result<Plan> {
        if let (Some(since), Some(until)) = (request.since, request.until) {
            if since > until {
                return Err(UserError::InvalidRequest(format!(
                    "the date range is empty: since {since} is after until {until}"
                ))
                .into());
            }
        }
        let text = query::text_query(self.core, &request.text)?;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let mut used = Vec::with_capacity(request.actors.len());
        for filter in &request.actors {
            let (terms, entity) = self.resolve_actor(filter)?;
            used.push(entity);
            let any: Vec<(Occur, Box<dyn Query>)> = terms
                .into_iter()
                .map(|term| {
                    let query = TermQuery::new(term, IndexRecordOption::Basic);
                    (Occur::Should, Box::new(query) as Box<dyn Query>)
                })
                .collect();
            filters.push(unscored(Box::new(BooleanQuery::new(any))));
        }
        if let Some(range) = self.date_range(request) {
            let range: Box<dyn Query> = if request.include_undated {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, range),
                    (Occur::Should, self.undated()),
                ]))
            } else {
                range
            };
            filters.push(unscored(range));
        }
        for period in &request.mentions {
            let field = self.core.fields.mention;
            let any = mention_ranges(period.first(), period.last())
                .into_iter()
                .map(|(lo, hi)| {
                    let range = RangeQuery::new(
                        Bound::Included(Term::from_field_i64(field, lo)),
                        Bound::Included(Term::from_field_i64(field, hi)),
                    );
                    (Occur::Should, Box::new(range) as Box<dyn Query>)
                })
                .collect();
            filters.push(unscored(Box::new(BooleanQuery::new(any))));
        }
        let query = assemble(text.as_ref().map(|t| t.box_clone()), &filters);
        // Without text every score is equal, so newest first is the useful order.
        let sort = if text.is_none() {
            Sort::Date
        } else {
            request.sort
        };
        Ok(Plan {
            query,
            text,
            filters,
            sort,
            used,
        })
    }

    /// The entities of the searcher's segments.
    fn entities(&self) -> Result<Arc<crate::schema::entity_table::Entities>> {
        self.state.entities(self.core, &self.searcher)
    }

    /// The publication-date range of a request, if it has one.
    fn date_range(&self, request: &SearchRequest) -> Option<Box<dyn Query>> {
        if request.since.is_none() && request.until.is_none() {
            return None;
        }
        let field = self.core.fields.published;
        let day = |day: Option<newsdex_extract::Date>, bound: fn(Term) -> Bound<Term>| {
            day.map_or(Bound::Unbounded, |day| {
                bound(Term::from_field_i64(field, published_value(day)))
            })
        };
        Some(Box::new(RangeQuery::new(
            day(request.since, Bound::Included),
            day(request.until, Bound::Included),
        )))
    }

    /// The articles without a known publication date.
    fn undated(&self) -> Box<dyn Query> {
        let zero = Term::from_field_u64(self.core.fields.published_month, UNDATED_MONTH);
        Box::new(RangeQuery::new(
            Bound::Included(zero.clone()),
            Bound::Included(zero),
        ))
    }

    /// How many articles a request's date range left out for having no date: the
    /// request without its range, kept to the undated.
    fn undated_left_out(&self, request: &SearchRequest) -> Result<Option<u64>> {
        if request.include_undated || (request.since.is_none() && request.until.is_none()) {
            return Ok(None);
        }
        let mut without = request.clone();
        without.since = None;
        without.until = None;
        let plan = self.plan(&without)?;
        let query = BooleanQuery::new(vec![
            (Occur::Must, plan.query),
            (Occur::Must, self.undated()),
        ]);
        Ok(Some(self.collect(&query, &Count).storage()? as u64))
    }

    /// One pass over the matches, collectors composed as a tuple (static dispatch): the
    /// page of hits, the total, and the facet counts over every match.
    fn page_and_facets(&self, plan: &Plan, request: &SearchRequest) -> Result<(Page, u64, Facets)> {
        let entities = if request.actor_facets > 0 {
            Some(self.entities()?)
        } else {
            None
        };
        let cache = match &entities {
            Some(entities) => self
                .state
                .segments_cache(&self.searcher, entities)
                .storage()?,
            None => None,
        };
        let tally = (
            Count,
            entities
                .as_ref()
                .map(|entities| actor_counts::ActorCountCollector {
                    state: self.state,
                    top: request.actor_facets,
                    kinds: request.actor_kinds.clone(),
                    entities: Arc::clone(entities),
                    docs: cache.as_ref().and_then(|c| c.docs.clone()),
                    idle: actor_counts::Idle::default(),
                }),
            request.month_facets.then(|| months::MonthCollector {
                cache: cache.as_ref().and_then(|c| c.months.clone()),
            }),
            request
                .mentioned_month_facets
                .then(|| months::MentionMonthCollector {
                    // The index's cache, else the table's lists (the writer's file).
                    cache: cache
                        .as_ref()
                        .and_then(|c| c.mentioned.clone())
                        .or_else(|| {
                            let lists = entities.as_ref()?.article_lists()?;
                            Some(Arc::clone(&lists.mentioned))
                        }),
                }),
        );
        let (page, (total, actors, months, mentioned)) = if request.limit == 0 {
            (Vec::new(), self.collect(&*plan.query, &tally).storage()?)
        } else {
            self.top(plan, request.offset, request.limit, tally)?
        };
        let months = months.unwrap_or_default();
        let counts = |months: std::collections::BTreeMap<YearMonth, u64>| {
            months
                .into_iter()
                .map(|(month, count)| MonthCount { month, count })
                .collect()
        };
        let facets = Facets {
            actors: match (&entities, actors) {
                (Some(entities), Some(top)) => top
                    .into_iter()
                    .map(|(e, count)| ActorCount {
                        kind: entities.kind(e),
                        name: entities.name(e).to_owned(),
                        count,
                        aliases: entities.aliases(e).into_iter().map(str::to_owned).collect(),
                    })
                    .collect(),
                _ => Vec::new(),
            },
            months: counts(months.months),
            undated: months.undated,
            mentioned_months: counts(mentioned.unwrap_or_default()),
        };
        Ok((page, total as u64, facets))
    }

    /// The matches from `offset`, at most `limit`, in the plan's order, with what
    /// `also` collects over every match.
    fn top<C: Collector>(
        &self,
        plan: &Plan,
        offset: usize,
        limit: usize,
        also: C,
    ) -> Result<(Page, C::Fruit)> {
        let window = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let newest = (
            open::ByPublished {
                open: Arc::clone(&self.core.open),
            },
            Order::Desc,
        );
        match plan.sort {
            // Equal scores newer first, then in index order: the same story filed twice, or
            // two flashes alike, show the latest first rather than the first indexed.
            Sort::Relevance => {
                let by_score = window.order_by(((SortBySimilarityScore, Order::Desc), newest));
                let query = plan.keeping(offset.saturating_add(limit));
                let query = query.as_deref().unwrap_or(&*plan.query);
                let (page, fruit) = self.collect(query, &(by_score, also)).storage()?;
                let page = page
                    .into_iter()
                    .map(|((score, _), doc)| (score, doc))
                    .collect();
                Ok((page, fruit))
            }
            Sort::Date => {
                let by_date = window.order_by((newest, (SortBySimilarityScore, Order::Desc)));
                let (page, fruit) = self.collect(&*plan.query, &(by_date, also)).storage()?;
                let page = page
                    .into_iter()
                    .map(|((_, score), doc)| (score, doc))
                    .collect();
                Ok((page, fruit))
            }
        }
    }

    /// Runs `collector` over the matches of `query`, the segments in parallel when the
    /// index has several (see [`Index::set_search_threads`](crate::Index::set_search_threads)).
    fn collect<C: Collector>(&self, query: &dyn Query, collector: &C) -> tantivy::Result<C::Fruit> {
        let searcher = &self.searcher;
        let scoring = if collector.requires_scoring() {
            EnableScoring::enabled_from_searcher(searcher)
        } else {
            EnableScoring::disabled_from_searcher(searcher)
        };
        let executor = self.state.executor(searcher.segment_readers().len());
        searcher.search_with_executor(query, collector, &executor, scoring)
    }

    /// Every match from the request's offset, at most `limit`, as a lazy list of hits.
    fn matches(self, request: &SearchRequest, limit: Option<usize>) -> Result<Matches<'a>> {
        let plan = self.plan(request)?;
        let total = self.collect(&*plan.query, &Count).storage()?;
        let limit = limit
            .unwrap_or(usize::MAX)
            .min(total.saturating_sub(request.offset));
        let page = if limit == 0 {
            Vec::new()
        } else {
            self.top(&plan, request.offset, limit, None::<Count>)?.0
        };
        let snippets = match &plan.text {
            Some(query) if !page.is_empty() => Some(self.snippets(&**query, request)?),
            _ => None,
        };
        Ok(Matches {
            context: self,
            request: request.clone(),
            snippets,
            page: page.into_iter(),
            rank: request.offset,
            total: total as u64,
        })
    }

    fn snippets(&self, text: &dyn Query, request: &SearchRequest) -> Result<snippet::Snippets> {
        snippet::Snippets::new(
            &self.searcher,
            text,
            self.core.fields.body,
            request.snippet_chars,
        )
        .storage()
    }

    /// One hit, read from the store, with its snippet.
    fn hit(
        &self,
        snippets: Option<&snippet::Snippets>,
        request: &SearchRequest,
        rank: usize,
        score: f32,
        address: DocAddress,
    ) -> Result<Hit> {
        let doc: TantivyDocument = self.searcher.doc(address).storage()?;
        let segment = self.searcher.segment_reader(address.segment_ord);
        let open = self.core.open.of(segment);
        let columns = open.lookup(segment, &self.core.fields);
        let mut article =
            lookup::stored_article(&self.core.fields, &doc, &(columns, address.doc_id))?;
        let entities = self.entities()?;
        article.actors =
            lookup::as_entities_with(&entities, article.actors, &mut self.members.borrow_mut());
        let mention = article
            .dates
            .iter()
            .find(|d| {
                request
                    .mentions
                    .iter()
                    .any(|p| mention_within(d.value, p.first(), p.last()))
            })
            .cloned();
        let mention_span = mention
            .as_ref()
            .and_then(|m| article.body_span(m.start, m.end));
        let passage = match (&mention_span, snippets) {
            // The passage around the mention, with the query's words in it marked too.
            (Some(span), _) => Some(snippet::around(
                &article.body,
                span.clone(),
                request.snippet_chars,
                snippets,
            )),
            (None, snippets) => snippets.and_then(|s| s.best(&article.body)),
        };
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
                        at(r.start)..at(r.end)
                    })
                    .collect();
                let snippet = format!("{before}{}{after}", &article.body[range]);
                let highlights = results::checked_highlights(&snippet, ranges);
                (snippet, highlights)
            }
            None => (lead(&article.body, request.snippet_chars), Vec::new()),
        };
        let actors = if request.full_text {
            article.actors.len()
        } else {
            ACTORS_PER_HIT
        };
        Ok(Hit {
            rank,
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
                .take(actors)
                .map(|a| ActorRef::new(a.name, a.kind))
                .collect(),
            body: request.full_text.then_some(article.body),
            mention,
        })
    }
}

/// The text query and the filters together: every document that matches them all,
/// scored by the text.
fn assemble(text: Option<Box<dyn Query>>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    match (text, filters.is_empty()) {
        (Some(text), true) => text,
        (None, true) => Box::new(AllQuery),
        (text, false) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                text.into_iter().map(|text| (Occur::Must, text)).collect();
            clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        }
    }
}

impl Plan {
    /// The query for a search by score that shows only the best `keep`, when it can skip
    /// work for the others: words whose phrases add to the score count them only where
    /// they can still reach the best (see [`BonusQuery::keeping`]). The text's score is
    /// the document's, the filters scoring 0, and the search collects every match.
    fn keeping(&self, keep: usize) -> Option<Box<dyn Query>> {
        // Exports of every match go without: the scores kept would grow with them.
        const MOST: usize = 1_000;
        if keep > MOST {
            return None;
        }
        let words = self.text.as_ref()?.downcast_ref::<BonusQuery>()?;
        Some(assemble(Some(Box::new(words.keeping(keep))), &self.filters))
    }
}

/// A query that selects without scoring: filters do not change the ranking.
fn unscored(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// Every match of a request, read from the store one at a time as it is asked for
/// (see [`Index::hits`](crate::Index::hits)).
pub struct Matches<'a> {
    context: Context<'a>,
    request: SearchRequest,
    snippets: Option<snippet::Snippets>,
    page: std::vec::IntoIter<(f32, DocAddress)>,
    rank: usize,
    total: u64,
}

impl Matches<'_> {
    /// How many articles match in all (the offset and limit do not change it).
    pub fn total(&self) -> u64 {
        self.total
    }
}

impl std::fmt::Debug for Matches<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matches")
            .field("total", &self.total)
            .field("left", &self.page.len())
            .finish_non_exhaustive()
    }
}

impl Iterator for Matches<'_> {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        let (score, address) = self.page.next()?;
        self.rank += 1;
        Some(self.context.hit(
            self.snippets.as_ref(),
            &self.request,
            self.rank,
            score,
            address,
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.page.size_hint()
    }
}

impl ExactSizeIterator for Matches<'_> {}

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
