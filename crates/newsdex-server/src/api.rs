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
use newsdex::ActorKind;
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
pub(crate) async fn search(State(state): Shared, RawQuery(raw): RawQuery) -> Answer {
    let p = Params::parse(raw.as_deref());
    p.only(&[&QUERY_PARAMS[..], &["limit", "offset", "facets"]].concat())?;
    let limits = &state.limits;
    let mut b = Query::from_params(&p, limits)?.builder()?;
    b.limit(p.number("limit", DEFAULT_LIMIT, limits.max_limit)?)
        .offset(p.number("offset", 0, limits.max_offset)?)
        .actor_facets(p.number("facets", DEFAULT_FACETS, limits.max_facets)?);
    let request = b.build();
    state
        .run(move |index| Json::of(&index.search(&request).map_err(ApiError::from_engine)?))
        .await
}

/// `GET /api/actors`: the most named actors of each kind among the matches, as
/// `search actors --json`.
pub(crate) async fn actors(State(state): Shared, RawQuery(raw): RawQuery) -> Answer {
    let p = Params::parse(raw.as_deref());
    p.only(&[&QUERY_PARAMS[..], &["kind", "limit"]].concat())?;
    let mut b = Query::from_params(&p, &state.limits)?.builder()?;
    let limit = p.number("limit", DEFAULT_ACTORS, state.limits.max_facets)?;
    b.limit(0).month_facets(false).actor_facets(limit);
    if let Some(kind) = p.one("kind")? {
        let kind: ActorKind = kind
            .parse()
            .map_err(|e| ApiError::bad_request(format!("{e}"), "kind is person, org or place"))?;
        b.actor_kinds(&[kind]);
    }
    let request = b.build();
    state
        .run(move |index| {
            let r = index.search(&request).map_err(ApiError::from_engine)?;
            Json::of(&serde_json::json!({"total": r.total, "actors": r.facets.actors}))
        })
        .await
}

/// `GET /api/dates`: matches per month of publication, as `search dates --json`.
pub(crate) async fn dates(State(state): Shared, RawQuery(raw): RawQuery) -> Answer {
    let p = Params::parse(raw.as_deref());
    p.only(&QUERY_PARAMS)?;
    let mut b = Query::from_params(&p, &state.limits)?.builder()?;
    b.limit(0).actor_facets(0).month_facets(true);
    let request = b.build();
    state
        .run(move |index| {
            let r = index.search(&request).map_err(ApiError::from_engine)?;
            Json::of(&serde_json::json!({"total": r.total, "months": r.facets.months}))
        })
        .await
}

/// `GET /api/articles/{id}`: one article with what was extracted from it, as `search show
/// --json`.
pub(crate) async fn article(State(state): Shared, Path(id): Path<String>) -> Answer {
    state
        .run(move |index| Json::of(&index.article(&id).map_err(ApiError::from_engine)?))
        .await
}

/// `GET /api/stats`: counts over the whole index, as `search stats --json` but for the
/// index's path, which is the server's business.
pub(crate) async fn stats(State(state): Shared) -> Answer {
    state
        .run(|index| {
            let mut stats = index.stats().map_err(ApiError::from_engine)?;
            stats.path = None;
            Json::of(&stats)
        })
        .await
}

/// `GET /healthz`: 200 while the server answers and loads new commits; 503 while the
/// latest commit cannot be loaded (the server answers from the one before).
pub(crate) async fn health(State(state): Shared) -> Response {
    match state.reload_error() {
        None => Json(b"{\"status\":\"ok\"}\n".to_vec()).into_response(),
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
pub(crate) async fn export(
    State(state): Shared,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref());
    p.only(&[&QUERY_PARAMS[..], &["limit"]].concat())?;
    let mut b = Query::from_params(&p, &state.limits)?.builder()?;
    b.full_text(true).actor_facets(0).month_facets(false);
    let request = b.build();
    let limit = match p.one("limit")? {
        Some(_) => Some(p.number("limit", 0, usize::MAX)?),
        None => None,
    };
    let slot = state.export_slot()?;
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
    let total = total.await.map_err(|e| ApiError::internal(&e))??;
    let stream = tokio_stream::wrappers::ReceiverStream::new(body);
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok(response)
}

/// What a JSON route answers: a body, or a status with `{"error", "hint"}`.
pub(crate) type Answer = Result<Json, ApiError>;

/// A JSON body, one line, as the command line prints it with `--json`.
pub(crate) struct Json(Vec<u8>);

impl Json {
    pub fn of(value: &impl Serialize) -> Result<Json, ApiError> {
        let mut body = serde_json::to_vec(value).map_err(|e| ApiError::internal(&e))?;
        body.push(b'\n');
        Ok(Json(body))
    }
}

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        let mut response = Body::from(self.0).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}
