//! Starting and stopping: the router with its layers, a tokio runtime, the listener, the
//! commit watcher. Two ways in: [`serve_until_signal`] runs on the calling thread until
//! SIGINT or SIGTERM (what `search serve` does), and [`Server::start`] runs on a thread of
//! its own until [`Server::stop`] (what tests and embedding programs do).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use newsdex::Index;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{ApiError, Error, Result};
use crate::options::ServerOptions;
use crate::state::{self, AppState};
use crate::{api, assets, guard, html, listen};

/// A server running on a thread of its own; dropping it stops it too.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `index` as `options` say, on a runtime and thread of its own; returns once
    /// it is listening. Bind to port 0 for any free port, then ask
    /// [`Server::local_addr`].
    pub fn start(index: Index, options: ServerOptions) -> Result<Server> {
        let runtime = runtime(&options)?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, listening) = std::sync::mpsc::channel::<Result<SocketAddr>>();
        let thread = std::thread::Builder::new()
            .name("search-serve".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let app = match App::bind(index, options).await {
                        Ok(app) => app,
                        Err(e) => {
                            let _ = ready.send(Err(e));
                            return;
                        }
                    };
                    let _ = ready.send(Ok(app.addr));
                    app.run(async {
                        let _ = stopped.await;
                    })
                    .await;
                });
            })
            .map_err(Error::Runtime)?;
        let addr = listening
            .recv()
            .map_err(|e| Error::Runtime(std::io::Error::other(e)))??;
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, lets the requests under way finish (for up to 10
    /// s), and returns when the server's thread has ended.
    pub fn stop(mut self) -> Result<()> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Err(_)) => Err(Error::Runtime(std::io::Error::other(
                "the server's thread panicked",
            ))),
            _ => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.shut_down();
    }
}

/// Serves `index` on the calling thread until SIGINT (Ctrl-C) or SIGTERM, then shuts
/// down gracefully: no new connections, the requests under way finished. `listening`
/// is called once with the address bound, before the first request is taken.
pub fn serve_until_signal(
    index: Index,
    options: ServerOptions,
    listening: impl FnOnce(SocketAddr),
) -> Result<()> {
    runtime(&options)?.block_on(async move {
        let app = App::bind(index, options).await?;
        listening(app.addr);
        app.run(signal()).await;
        Ok(())
    })
}

/// The first of SIGINT and SIGTERM.
async fn signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// Worker threads, one per core; and a blocking pool just large enough for the searches
/// and exports allowed at once, plus the commit watcher. Left unbounded, tokio starts a
/// new blocking thread whenever a search is handed over while the thread that just
/// freed its slot is still on its way back to the pool: under load the pool grew to 20
/// threads, each with its own allocator heap and caches (RSS 120 MB and rising).
fn runtime(options: &ServerOptions) -> Result<tokio::runtime::Runtime> {
    let limits = &options.limits;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("search-serve")
        .max_blocking_threads(limits.max_searches.max(1) + limits.max_exports.max(1) + 1)
        .build()
        .map_err(Error::Runtime)
}

/// A bound listener and everything it serves.
struct App {
    addr: SocketAddr,
    listener: TcpListener,
    router: Router,
    state: Arc<AppState>,
    options: ServerOptions,
}

impl App {
    async fn bind(index: Index, options: ServerOptions) -> Result<App> {
        let state = Arc::new(AppState::new(index, options.limits.clone()));
        let router = router(Arc::clone(&state), &options)?;
        let listener = listen(options.bind).map_err(|source| Error::Bind {
            addr: options.bind,
            source,
        })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            addr: options.bind,
            source,
        })?;
        Ok(App {
            addr,
            listener,
            router,
            state,
            options,
        })
    }

    async fn run(self, shutdown: impl Future<Output = ()>) {
        let watcher = state::watch(Arc::clone(&self.state), self.options.reload_every);
        listen::accept_until(self.listener, self.router, &self.options.limits, shutdown).await;
        watcher.abort();
    }
}

/// A listening socket with a long accept queue: tokio's default of 1,024 fills when
/// thousands of clients connect at once, and the kernel then drops new connections'
/// first packet, which a well-behaved client only sends again a second later. (The
/// kernel caps the queue at `net.core.somaxconn`.)
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    const BACKLOG: u32 = 8192;
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    // As std's and tokio's own `bind` do: a restarted server can take its port back
    // while connections of the old one linger in TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Every route, and the layers around them: outermost, a panic becomes a 500; then the
/// security headers; then CORS when asked for; then the limits.
pub(crate) fn router(state: Arc<AppState>, options: &ServerOptions) -> Result<Router> {
    let mut router = Router::new()
        .route("/api/search", get(api::search))
        .route("/api/actors", get(api::actors))
        .route("/api/dates", get(api::dates))
        .route("/api/articles/{*id}", get(api::article))
        .route("/api/stats", get(api::stats))
        .route("/api/export", get(api::export))
        .route("/healthz", get(api::health))
        .route("/", get(html::search_page))
        .route("/actor", get(html::actor_page))
        .route("/article", get(html::article_page))
        .route("/assets/{name}", get(assets::asset))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            guard::limits,
        ))
        .with_state(state);
    if let Some(origin) = &options.cors_origin {
        router = router.layer(cors(origin)?);
    }
    for (name, value) in guard::security_headers() {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    Ok(router.layer(CatchPanicLayer::custom(guard::panicked)))
}

fn cors(origin: &str) -> Result<CorsLayer> {
    let allow = if origin == "*" {
        AllowOrigin::any()
    } else {
        let valid = (origin.starts_with("http://") || origin.starts_with("https://"))
            && !origin
                .trim_end_matches('/')
                .contains(|c: char| c.is_whitespace())
            && origin.split('/').count() == 3;
        let value = HeaderValue::from_str(origin.trim_end_matches('/'))
            .ok()
            .filter(|_| valid)
            .ok_or_else(|| Error::BadOrigin(origin.to_owned()))?;
        AllowOrigin::exact(value)
    };
    Ok(CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::HEAD])
        .expose_headers([axum::http::HeaderName::from_static("x-total-count")]))
}

/// JSON under `/api/`, a page elsewhere.
async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        ApiError::not_found(
            "no such route",
            "the API has /api/search, /api/actors, /api/dates, /api/articles/{id}, /api/stats, /api/export",
        )
        .into_response()
    } else {
        html::not_found_page()
    }
}

async fn method_not_allowed() -> Response {
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "only GET is served",
        "the server only reads; index with `search index`",
    )
    .into_response();
    response.headers_mut().insert(
        axum::http::header::ALLOW,
        HeaderValue::from_static("GET, HEAD"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    fn app(change: impl FnOnce(&mut ServerOptions)) -> (Arc<AppState>, Router) {
        let mut options = ServerOptions::default();
        change(&mut options);
        let index = Index::create_in_ram().unwrap();
        let state = Arc::new(AppState::new(index, options.limits.clone()));
        let router = router(Arc::clone(&state), &options).unwrap();
        (state, router)
    }

    async fn status(router: &Router, uri: &str) -> (StatusCode, String) {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn requests_over_the_limit_are_refused_at_once() {
        let (state, router) = app(|o| o.limits.max_requests = 1);
        assert_eq!(status(&router, "/api/stats").await.0, StatusCode::OK);
        let held = state.request_slot().unwrap();
        let (code, body) = status(&router, "/api/stats").await;
        assert_eq!(code, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            body,
            "{\"error\":\"too many requests at once\",\"hint\":\"try again in a moment\"}\n"
        );
        drop(held);
        assert_eq!(status(&router, "/api/stats").await.0, StatusCode::OK);
    }

    #[tokio::test]
    async fn exports_over_the_limit_are_refused() {
        let (state, router) = app(|o| o.limits.max_exports = 1);
        let held = state.export_slot().unwrap();
        let (code, body) = status(&router, "/api/export").await;
        assert_eq!(code, StatusCode::TOO_MANY_REQUESTS);
        assert!(body.contains("too many exports at once"), "{body}");
        drop(held);
        assert_eq!(status(&router, "/api/export").await.0, StatusCode::OK);
    }

    #[tokio::test]
    async fn a_request_over_its_time_is_answered_503() {
        let (state, router) = app(|o| {
            o.limits.request_timeout = std::time::Duration::from_millis(100);
            o.limits.max_searches = 1;
        });
        // The only search slot is taken for longer than a request may wait.
        let busy = tokio::spawn({
            let state = Arc::clone(&state);
            async move {
                state
                    .run(|_| {
                        std::thread::sleep(std::time::Duration::from_millis(500));
                        Ok(())
                    })
                    .await
            }
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let (code, body) = status(&router, "/api/search?q=x").await;
        assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            body.starts_with("{\"error\":\"the request took longer than 0.1 s\""),
            "{body}"
        );
        busy.await.unwrap().unwrap();
        assert_eq!(status(&router, "/api/search?q=x").await.0, StatusCode::OK);
    }
}
