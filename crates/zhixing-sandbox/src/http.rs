//! The sandbox over HTTP, the binding `zhixing_core::inquiry::protocol` describes: institutions, batches,
//! answers, and the ledger. The sandbox is the one crate besides zhixing-web that serves HTTP: it plays
//! the institutions' side of the wire, which the platform only ever calls.

use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, body::Bytes};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use zhixing_core::inquiry::protocol::{ANSWER_PAGE_MAX, AckStatus, Batch, Refusal};

use crate::{Rejected, Sandbox};

/// Largest batch body accepted: 1,000 requests of a few hundred bytes each fit with room to spare.
pub const BODY_BYTES_MAX: usize = 4 * 1024 * 1024;

/// The routes, over a shared sandbox.
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .route("/zdz/v1/institutions", get(institutions))
        .route("/zdz/v1/batches", post(submit))
        .route("/zdz/v1/answers", get(answers))
        .route("/zdz/v1/ledger", get(ledger))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(BODY_BYTES_MAX))
        .with_state(sandbox)
}

/// Serves the sandbox on `listener` until `shutdown` completes (requests in flight are finished).
pub async fn serve(
    listener: tokio::net::TcpListener,
    sandbox: Arc<Sandbox>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(sandbox)).with_graceful_shutdown(shutdown).await
}

async fn institutions(State(sandbox): State<Arc<Sandbox>>) -> Response {
    Json(sandbox.institutions()).into_response()
}

async fn ledger(State(sandbox): State<Arc<Sandbox>>) -> Response {
    Json(sandbox.ledger()).into_response()
}

async fn submit(State(sandbox): State<Arc<Sandbox>>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let detail = format!("at most {BODY_BYTES_MAX} bytes");
            return refusal(413, "too_large", detail, Some("body".into()), None);
        }
        Err(rejection) => return refusal(400, "malformed", rejection.body_text(), Some("body".into()), None),
    };
    let mut de = serde_json::Deserializer::from_slice(&body);
    let batch: Batch = match serde_path_to_error::deserialize(&mut de) {
        Ok(batch) => batch,
        Err(error) => {
            let message = error.inner().to_string();
            let field = if error.inner().is_syntax() || error.inner().is_eof() {
                "body".to_owned()
            } else {
                field_of(&error.path().to_string(), &message)
            };
            return refusal(400, "malformed", message, Some(field), None);
        }
    };
    let result = sandbox.submit(batch);
    match result {
        Ok(ack) => {
            let status =
                if ack.status == AckStatus::Accepted { StatusCode::ACCEPTED } else { StatusCode::OK };
            (status, Json(ack)).into_response()
        }
        Err(Rejected { status, refusal: body }) => {
            if body.code == "timeout" {
                // The caller is meant to give up before this: what a hung institution looks like.
                tokio::time::sleep(Duration::from_millis(sandbox.config().http_timeout_ms)).await;
            }
            respond(status, body)
        }
    }
}

async fn answers(State(sandbox): State<Arc<Sandbox>>, RawQuery(query): RawQuery) -> Response {
    let (mut court, mut after, mut limit) = (None, 0u64, ANSWER_PAGE_MAX);
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "court" if !value.is_empty() => court = Some(value.into_owned()),
            "after" => match value.parse() {
                Ok(v) => after = v,
                Err(_) => return malformed("after", "a whole number"),
            },
            "limit" => match value.parse::<usize>() {
                Ok(v) if (1..=ANSWER_PAGE_MAX).contains(&v) => limit = v,
                _ => return malformed("limit", &format!("1 to {ANSWER_PAGE_MAX}")),
            },
            other => return malformed(other, "not a parameter of this endpoint"),
        }
    }
    let Some(court) = court else { return malformed("court", "the court's code is required") };
    Json(sandbox.answers(&court, after, limit)).into_response()
}

fn malformed(field: &str, detail: &str) -> Response {
    refusal(400, "malformed", detail.to_owned(), Some(field.to_owned()), None)
}

fn refusal(status: u16, code: &str, detail: String, field: Option<String>, retry: Option<u64>) -> Response {
    respond(status, Refusal { code: code.to_owned(), detail, field, retry_after_seconds: retry })
}

fn respond(status: u16, body: Refusal) -> Response {
    let retry = body.retry_after_seconds;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(body)).into_response();
    if let Some(seconds) = retry
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The field a serde error is about: serde names a missing or unknown field in its message, the path
/// names the enclosing object (or the field itself, for a wrong value).
fn field_of(path: &str, message: &str) -> String {
    let named = |prefix: &str| message.strip_prefix(prefix).and_then(|rest| rest.split('`').next());
    let field = named("missing field `").or_else(|| named("unknown field `"));
    match field {
        Some(f) if path == "." || path.is_empty() => f.to_owned(),
        Some(f) if path == f || path.ends_with(&format!(".{f}")) => path.to_owned(),
        Some(f) => format!("{path}.{f}"),
        None if path == "." || path.is_empty() => "body".to_owned(),
        None => path.to_owned(),
    }
}
