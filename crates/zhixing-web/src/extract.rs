//! Extractors that prove something about the request: a well-formed JSON body ([`ApiJson`]) and a
//! signed-in actor ([`Authenticated`]). A handler without `Authenticated` is visibly public.

use crate::AppState;
use crate::problem::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use zhixing_app::Actor;

/// A JSON body, refused with a problem+json naming the field when malformed, of the wrong type,
/// carrying an unknown field, or larger than the body limit.
#[derive(Debug)]
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The bytes of a JSON body (its media type checked, its size within the limit), for a handler that parses
/// it with [`parse_json`] into a type borrowing from it.
#[derive(Debug)]
pub(crate) struct JsonBytes(pub(crate) Bytes);

impl FromRequest<AppState> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_json =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(ApiError::field(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "body",
                "unsupported_media_type",
                "Content-Type must be application/json / 请求须为 JSON",
            ));
        }
        Bytes::from_request(req, state).await.map(JsonBytes).map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::field(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body",
                    "body_too_large",
                    format!(
                        "the body exceeds {} bytes / 请求体过大",
                        zhixing_core::limits::REQUEST_BODY_BYTES_MAX
                    ),
                )
            } else {
                ApiError::field(StatusCode::BAD_REQUEST, "body", "unreadable_body", rejection.body_text())
            }
        })
    }
}

/// Parses JSON, naming the path of the offending field in the error. A body is parsed plainly first: tracking
/// the path of every value costs about as much as the parse itself (a screening batch of 10,000 items spent
/// about a quarter of its time there), so the path is tracked only when the body is refused, in a second
/// parse that fails the same way.
pub(crate) fn parse_json<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, ApiError> {
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|error| {
        if error.inner().is_syntax() || error.inner().is_eof() {
            return ApiError::field(
                StatusCode::BAD_REQUEST,
                "body",
                "malformed_json",
                error.inner().to_string(),
            );
        }
        field_error(&error.path().to_string(), &error.inner().to_string(), "body")
    })?;
    // Trailing bytes after the document make it malformed, not ignorable.
    de.end()
        .map_err(|e| ApiError::field(StatusCode::BAD_REQUEST, "body", "malformed_json", e.to_string()))?;
    Ok(value)
}

/// Parses an object nested in a body that serde buffers before it reads it (a field of an internally
/// tagged enum loses its path that way): errors are named under `prefix`, as if read in place.
pub(crate) fn parse_nested<T: DeserializeOwned>(
    prefix: &str,
    value: serde_json::Value,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let path =
            if path == "." || path.is_empty() { prefix.to_owned() } else { format!("{prefix}.{path}") };
        field_error(&path, &error.inner().to_string(), prefix)
    })
}

/// A query string, refused with a problem+json naming the parameter when it does not fit `T`.
#[derive(Debug)]
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|error| field_error(&error.path().to_string(), &error.inner().to_string(), "query"))
    }
}

/// The 400 for a value that does not fit: serde names a missing field in its message (the path is
/// the enclosing object's), an unknown field and a wrong value by the path.
fn field_error(path: &str, message: &str, whole: &str) -> ApiError {
    let named = |prefix: &str| {
        message.strip_prefix(prefix).and_then(|rest| rest.split('`').next()).map(str::to_owned)
    };
    let (field, code) = if let Some(f) = named("missing field `") {
        (join_path(path, &f), "missing_field")
    } else if let Some(f) = named("unknown field `") {
        (field_path(path, &f), "unknown_field")
    } else if let Some(f) = named("duplicate field `") {
        (field_path(path, &f), "duplicate_field")
    } else if path == "." || path.is_empty() {
        (whole.to_owned(), "invalid_type")
    } else {
        (path.to_owned(), "invalid_value")
    };
    ApiError::field(StatusCode::BAD_REQUEST, &field, code, message)
}

/// The path of a named field: serde_path_to_error already ends some paths with the key, not others.
fn field_path(path: &str, field: &str) -> String {
    if path == field || path.ends_with(&format!(".{field}")) {
        path.to_owned()
    } else {
        join_path(path, field)
    }
}

fn join_path(path: &str, field: &str) -> String {
    if path == "." || path.is_empty() { field.to_owned() } else { format!("{path}.{field}") }
}

/// The actor behind the request's bearer token.
#[derive(Debug, Clone)]
pub(crate) struct Authenticated(pub(crate) Actor);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' ').filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer")))
            .map(|(_, token)| token)
            .ok_or_else(|| ApiError::from(zhixing_app::AppError::Unauthenticated))?;
        let actor = state.app.authenticate_token(token.trim()).await?;
        Ok(Authenticated(actor))
    }
}

/// The client's `Idempotency-Key` header, when it sent one: a request sent again under the same key is
/// answered from the record instead of being made twice. Its form is checked by the application.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdempotencyKey(pub(crate) Option<String>);

/// The header's name, as problems name it.
pub(crate) const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut values = parts.headers.get_all(IDEMPOTENCY_KEY).iter();
        let Some(value) = values.next() else { return Ok(IdempotencyKey(None)) };
        let invalid = |message: &str| {
            ApiError::field(StatusCode::BAD_REQUEST, IDEMPOTENCY_KEY, "invalid_idempotency_key", message)
        };
        if values.next().is_some() {
            return Err(invalid("one Idempotency-Key header at most / 幂等键只能有一个"));
        }
        let key =
            value.to_str().map_err(|_| invalid("visible ASCII characters only / 幂等键须为可见ASCII字符"))?;
        Ok(IdempotencyKey(Some(key.to_owned())))
    }
}
