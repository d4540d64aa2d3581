//! zhixing-web: the HTTP interface — JSON API under `/api/v1`, problem+json errors, the OpenAPI
//! document, Prometheus metrics and the health endpoint. The only crate that knows HTTP.
//!
//! Handlers are thin: extract (and so validate) the input, call one use case of `zhixing-app`,
//! shape the answer. Errors become problem+json in exactly one place (`problem.rs`).

pub mod agency;
mod extract;
mod openapi;
mod problem;
mod routes;
mod ui;

pub use problem::{ApiError, Problem};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::future::Future;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use zhixing_app::App;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub app: App,
    metrics: PrometheusHandle,
    /// The public portal's per-client query limit.
    limiter: std::sync::Arc<ui::RateLimiter>,
    /// The command center's screens, recomputed at most every few seconds per court.
    snapshots: std::sync::Arc<ui::Snapshots>,
}

/// How the web layer runs, beyond the application.
#[derive(Debug, Clone, Copy)]
pub struct WebOptions {
    /// A command-center snapshot younger than this is served as it is (zero: every request computes one).
    pub snapshot_ttl: Duration,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions { snapshot_ttl: ui::SNAPSHOT_TTL }
    }
}

/// The whole HTTP application, built from its state (tests build it on a fresh store).
pub fn router(app: App) -> Router {
    router_with(app, WebOptions::default())
}

/// The HTTP application with `options`.
pub fn router_with(app: App, options: WebOptions) -> Router {
    let state = AppState {
        app,
        metrics: metrics_handle(),
        limiter: std::sync::Arc::new(ui::RateLimiter::new(ui::PUBLIC_QUERIES_PER_MINUTE)),
        snapshots: std::sync::Arc::new(ui::Snapshots::new(options.snapshot_ttl)),
    };
    routes::routes()
        .merge(ui::routes())
        .fallback(routes::system::not_found)
        .method_not_allowed_fallback(routes::system::method_not_allowed)
        .layer(DefaultBodyLimit::max(zhixing_core::limits::REQUEST_BODY_BYTES_MAX))
        .layer(middleware::from_fn(track))
        .with_state(state)
}

/// Serves until `shutdown` completes, then lets requests in flight finish (graceful shutdown).
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, WebOptions::default(), shutdown).await
}

/// [`serve`] with `options`.
pub async fn serve_with(
    listener: TcpListener,
    app: App,
    options: WebOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The client's address reaches the handlers (the public portal limits queries per address).
    axum::serve(
        listener,
        router_with(app, options).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Requests slower than this are logged at warn level.
const SLOW_REQUEST: Duration = Duration::from_secs(2);

/// Counts and times every request by route (never by raw path: that would be unbounded cardinality).
async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16().to_string();
    let labels = [("method", method.clone()), ("route", route.clone()), ("status", status)];
    metrics::counter!("zhixing_http_requests_total", &labels).increment(1);
    metrics::histogram!("zhixing_http_request_duration_seconds", &labels[..2]).record(elapsed.as_secs_f64());
    if elapsed > SLOW_REQUEST {
        tracing::warn!(http.method = %method, http.route = %route, duration_ms = elapsed.as_millis() as u64, "slow request");
    }
    response
}

/// The process-wide Prometheus recorder, installed once (tests build many routers in one process).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder is installed; then ours simply stays empty.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}
