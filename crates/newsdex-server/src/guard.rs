//! What every request passes through before a handler sees it: a cap on the URL's
//! length, a cap on requests handled at once, and a time limit; and what every response
//! leaves with: headers that keep the pages from being framed, sniffed or made to run
//! scripts from elsewhere.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Scripts, styles and images only from the server itself, no plugins, no framing, forms
/// only to itself. The page has no inline script or style: everything is in the two
/// embedded files under `/assets/`.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

/// The headers every response carries (unless a handler set its own).
pub(crate) fn security_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        // Answers change with every commit: a cache asks again (assets say otherwise).
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ]
}

/// URL length, requests at once, time per request.
pub(crate) async fn limits(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let limits = &state.limits;
    let url = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if url > limits.max_url_bytes {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the URL is {url} bytes long; at most {} are read",
                limits.max_url_bytes
            ),
            "shorten the query or send fewer filters",
        )
        .into_response();
    }
    let Some(_permit) = state.request_slot() else {
        return ApiError::too_busy("requests").into_response();
    };
    match tokio::time::timeout(limits.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::timed_out(limits.request_timeout).into_response(),
    }
}

/// A panic in a handler: a 500 like any internal error (the panic message went to the
/// log through the panic hook).
pub(crate) fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal(&"a request handler panicked").into_response()
}
