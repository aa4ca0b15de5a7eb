//! The server's two kinds of failure: [`Error`], why a server could not start or stopped,
//! for the program that runs it; and `ApiError`, what one request is answered when it
//! cannot be served: a status and `{"error", "hint"}`, never a panic or a stack trace.

use std::net::SocketAddr;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use newsdex::UserError;

/// A `Result` whose error defaults to [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a server could not start, or stopped other than when asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The address cannot be listened on (in use, or not this machine's).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The CORS origin is not a valid origin.
    #[error("bad CORS origin {0:?}: give scheme, host and port, as in https://example.org")]
    BadOrigin(String),
    /// The async runtime or the server's thread could not be started, or failed.
    #[error("the server's runtime failed: {0}")]
    Runtime(#[source] std::io::Error),
}

/// A request that cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub error: String,
    pub hint: String,
}

/// What the query syntax is, for hints.
pub(crate) const SYNTAX_HINT: &str = "words as typed rank the exact phrase first; syntax: \
    \"quoted phrase\", AND, OR, -word, title:word, actor:\"Name\", parentheses";

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>, hint: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            hint: hint.into(),
        }
    }

    pub fn bad_request(error: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, hint)
    }

    pub fn not_found(error: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, error, hint)
    }

    pub fn too_busy(what: &str) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many {what} at once"),
            "try again in a moment",
        )
    }

    pub fn timed_out(after: std::time::Duration) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the request took longer than {} s", after.as_secs_f32()),
            "narrow the query with filters, or try again when the server is less busy",
        )
    }

    /// The server's side failed; the details go to the log, not to the client.
    pub fn internal(detail: &dyn std::fmt::Display) -> Self {
        eprintln!("search serve: internal error: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error",
            "the server's log says more; please report it",
        )
    }

    /// An engine error: the user's mistakes are told as they are (they only echo what
    /// was asked), with what to do; failures of the engine or the disk are logged and
    /// answered without detail.
    pub fn from_engine(e: newsdex::Error) -> Self {
        let user = match e {
            newsdex::Error::User(user) => user,
            other => return Self::internal(&other),
        };
        let message = user.to_string();
        match user {
            UserError::ArticleNotFound(_) => Self::not_found(
                message,
                "ids are as /api/search returns them; /api/export lists them all",
            ),
            UserError::UnknownActor { .. } => Self::not_found(
                message,
                "/api/actors lists the actors named most; any name an article uses works",
            ),
            UserError::BadQuery { .. } | UserError::UnknownField { .. } => {
                Self::bad_request(message, SYNTAX_HINT)
            }
            UserError::BadDate { .. } => Self::bad_request(
                message,
                "dates are YYYY, YYYY-MM or YYYY-MM-DD (since: the first day, until: the last)",
            ),
            UserError::InvalidRequest(_) => Self::bad_request(message, ""),
            // The index the server opened cannot be read now: nothing a client can do.
            UserError::IndexDamaged { .. }
            | UserError::IncompatibleIndex { .. }
            | UserError::IndexNotFound { .. } => {
                eprintln!("search serve: {message}");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the index cannot be read",
                    "the server's log says why",
                )
            }
            _ => Self::bad_request(message, ""),
        }
    }

    /// The JSON body: `{"error": "...", "hint": "..."}`.
    pub fn body(&self) -> String {
        let mut body = serde_json::json!({"error": self.error, "hint": self.hint}).to_string();
        body.push('\n');
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_keep_user_and_internal_apart() {
        let e = ApiError::from_engine(UserError::ArticleNotFound("x".into()).into());
        assert_eq!(e.status, StatusCode::NOT_FOUND);
        assert_eq!(e.error, "no article with id \"x\"");
        let e = ApiError::from_engine(
            UserError::BadQuery {
                message: "oops".into(),
            }
            .into(),
        );
        assert_eq!(
            (e.status, e.error.as_str()),
            (StatusCode::BAD_REQUEST, "bad query: oops")
        );
        let e =
            ApiError::from_engine(newsdex::InternalError::Corrupt("at /secret/path".into()).into());
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.body().contains("/secret/path"), "{}", e.body());
    }

    #[test]
    fn the_body_is_error_and_hint() {
        let body = ApiError::bad_request("a \"b\"", "c").body();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v, serde_json::json!({"error": "a \"b\"", "hint": "c"}));
    }
}
