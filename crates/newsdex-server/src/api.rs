//! The JSON API: each handler reads its parameters, builds the library request the
//! command line would build for the same flags, runs it on the blocking pool, and
//! answers with the library's result serialised exactly as `search ... --json` prints
//! it. `/api/export` streams JSON Lines from a blocking task through a small channel, so
//! memory stays bounded however many articles match.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use newsdex::{ActorKind, SearchRequest};
use serde::Serialize;
use tokio::sync::{mpsc, oneshot};

use crate::error::ApiError;
use crate::params::{Params, Query, DEFAULT_FACETS, DEFAULT_LIMIT, QUERY_PARAMS};
use crate::state::AppState;

type Shared = State<Arc<AppState>>;

/// Actors per kind `/api/actors` lists when `limit` is not given, as `search actors`.
const DEFAULT_ACTORS: usize = 20;
/// An export is sent in pieces of about this many bytes.
const EXPORT_CHUNK: usize = 32 << 10;
/// Pieces an export may have ready before the client takes them.
const EXPORT_QUEUE: usize = 8;

/// `GET /api/search`: a page of ranked hits and the facets of every match.
pub(crate) async fn search(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    respond(
        search_request(&state, raw.as_deref()).map(|request| async move {
            state
                .run(move |index| json(&index.search(&request).map_err(ApiError::from_engine)?))
                .await
        }),
    )
    .await
}

fn search_request(state: &AppState, raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    let p = Params::parse(raw);
    p.only(&[&QUERY_PARAMS[..], &["limit", "offset", "facets"]].concat())?;
    let limits = &state.limits;
    let mut b = Query::from_params(&p, limits)?.builder()?;
    b.limit(p.number("limit", DEFAULT_LIMIT, limits.max_limit)?)
        .offset(p.number("offset", 0, limits.max_offset)?)
        .actor_facets(p.number("facets", DEFAULT_FACETS, limits.max_facets)?);
    Ok(b.build())
}

/// `GET /api/actors`: the most named actors of each kind among the matches, as
/// `search actors --json`.
pub(crate) async fn actors(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    let request = || -> Result<SearchRequest, ApiError> {
        let p = Params::parse(raw.as_deref());
        p.only(&[&QUERY_PARAMS[..], &["kind", "limit"]].concat())?;
        let mut b = Query::from_params(&p, &state.limits)?.builder()?;
        b.limit(0).month_facets(false).actor_facets(p.number(
            "limit",
            DEFAULT_ACTORS,
            state.limits.max_facets,
        )?);
        if let Some(kind) = p.one("kind")? {
            let kind: ActorKind = kind.parse().map_err(|e| {
                ApiError::bad_request(format!("{e}"), "kind is person, org or place")
            })?;
            b.actor_kinds(&[kind]);
        }
        Ok(b.build())
    };
    respond(request().map(|request| async move {
        state
            .run(move |index| {
                let r = index.search(&request).map_err(ApiError::from_engine)?;
                json(&serde_json::json!({"total": r.total, "actors": r.facets.actors}))
            })
            .await
    }))
    .await
}

/// `GET /api/dates`: matches per month of publication, as `search dates --json`.
pub(crate) async fn dates(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    let request = || -> Result<SearchRequest, ApiError> {
        let p = Params::parse(raw.as_deref());
        p.only(&QUERY_PARAMS)?;
        let mut b = Query::from_params(&p, &state.limits)?.builder()?;
        b.limit(0).actor_facets(0).month_facets(true);
        Ok(b.build())
    };
    respond(request().map(|request| async move {
        state
            .run(move |index| {
                let r = index.search(&request).map_err(ApiError::from_engine)?;
                json(&serde_json::json!({"total": r.total, "months": r.facets.months}))
            })
            .await
    }))
    .await
}

/// `GET /api/articles/{id}`: one article with what was extracted from it, as `search show
/// --json`.
pub(crate) async fn article(State(state): Shared, Path(id): Path<String>) -> Response {
    respond(Ok::<_, ApiError>(async move {
        state
            .run(move |index| json(&index.article(&id).map_err(ApiError::from_engine)?))
            .await
    }))
    .await
}

/// `GET /api/stats`: counts over the whole index, as `search stats --json` but for the
/// index's path, which is the server's business.
pub(crate) async fn stats(State(state): Shared) -> Response {
    respond(Ok::<_, ApiError>(async move {
        state
            .run(|index| {
                let mut stats = index.stats().map_err(ApiError::from_engine)?;
                stats.path = None;
                json(&stats)
            })
            .await
    }))
    .await
}

/// `GET /healthz`: 200 while the server answers and loads new commits; 503 while the
/// latest commit cannot be loaded (the server answers from the one before).
pub(crate) async fn health(State(state): Shared) -> Response {
    match state.reload_error() {
        None => json_response(b"{\"status\":\"ok\"}\n".to_vec()),
        Some(e) => {
            eprintln!("search serve: health check: {e}");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the index's latest commit cannot be loaded; answering from an older one",
                "the server's log says why",
            )
            .into_response()
        }
    }
}

/// `GET /api/export`: every match, one [`newsdex::Hit`] per line with its whole body and
/// all its actors, as `search query --jsonl --with-body`. `limit` is optional; the
/// response carries `X-Total-Count`. An error after the first line ends the stream
/// without its last chunk, so a client sees a cut response rather than a short one.
pub(crate) async fn export(State(state): Shared, RawQuery(raw): RawQuery) -> Response {
    let request = || -> Result<(SearchRequest, Option<usize>), ApiError> {
        let p = Params::parse(raw.as_deref());
        p.only(&[&QUERY_PARAMS[..], &["limit"]].concat())?;
        let mut b = Query::from_params(&p, &state.limits)?.builder()?;
        b.full_text(true).actor_facets(0).month_facets(false);
        let limit = match p.one("limit")? {
            Some(_) => Some(p.number("limit", 0, usize::MAX)?),
            None => None,
        };
        Ok((b.build(), limit))
    };
    let (request, limit) = match request() {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let slot = match state.export_slot() {
        Ok(slot) => slot,
        Err(e) => return e.into_response(),
    };
    let (lines, body) = mpsc::channel::<Result<Bytes, std::io::Error>>(EXPORT_QUEUE);
    let (started, total) = oneshot::channel::<Result<u64, ApiError>>();
    let index = Arc::clone(&state.index);
    let stall = state.limits.stall_timeout;
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let matches = match index.hits(&request, limit) {
            Ok(matches) => matches,
            Err(e) => {
                let _ = started.send(Err(ApiError::from_engine(e)));
                return;
            }
        };
        if started.send(Ok(matches.total())).is_err() {
            return;
        }
        // False when the client is gone or stopped reading for longer than `stall`.
        let send = |chunk: Result<Bytes, std::io::Error>| {
            runtime
                .block_on(tokio::time::timeout(stall, lines.send(chunk)))
                .is_ok_and(|sent| sent.is_ok())
        };
        let mut chunk = Vec::with_capacity(EXPORT_CHUNK * 2);
        for hit in matches {
            let written = match hit {
                Ok(hit) => serde_json::to_writer(&mut chunk, &hit).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            if let Err(e) = written {
                eprintln!("search serve: an export stopped part way: {e}");
                send(Err(std::io::Error::other("the export failed part way")));
                return;
            }
            chunk.push(b'\n');
            if chunk.len() >= EXPORT_CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(EXPORT_CHUNK * 2));
                if !send(Ok(Bytes::from(full))) {
                    return;
                }
            }
        }
        if !chunk.is_empty() {
            send(Ok(Bytes::from(chunk)));
        }
    });
    let total = match total.await {
        Ok(Ok(total)) => total,
        Ok(Err(e)) => return e.into_response(),
        Err(e) => return ApiError::internal(&e).into_response(),
    };
    let stream = tokio_stream::wrappers::ReceiverStream::new(body);
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    headers.insert("x-total-count", HeaderValue::from(total));
    response
}

/// The answer to a request that may have failed before its work started, or in it.
async fn respond<F>(work: Result<F, ApiError>) -> Response
where
    F: std::future::Future<Output = Result<Vec<u8>, ApiError>>,
{
    let result = match work {
        Ok(work) => work.await,
        Err(e) => Err(e),
    };
    match result {
        Ok(body) => json_response(body),
        Err(e) => e.into_response(),
    }
}

/// `value` as the command line prints it with `--json`: one line.
pub(crate) fn json(value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    let mut body = serde_json::to_vec(value).map_err(|e| ApiError::internal(&e))?;
    body.push(b'\n');
    Ok(body)
}

fn json_response(body: Vec<u8>) -> Response {
    let mut response = Body::from(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
