//! The one place errors become HTTP: status + `application/problem+json` (RFC 9457) naming the
//! field and the rule, in English and Chinese. Internal errors are logged once and never leak.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use zhixing_app::{AppError, FieldError};

/// A problem+json body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem: `/problems/<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code.
    pub code: String,
    /// The fields at fault, when the input was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// JSON path of the field (`login`, `roles[1]`), or `body` for the document as a whole.
    pub field: String,
    pub code: String,
    pub message: String,
}

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: String,
    title: &'static str,
    detail: String,
    errors: Vec<ProblemField>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, title: &'static str, detail: impl Into<String>) -> Self {
        Self { status, code: code.into(), title, detail: detail.into(), errors: Vec::new() }
    }

    /// A 4xx about one field.
    pub fn field(status: StatusCode, field: &str, code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            status,
            code: code.into(),
            title: "invalid input / 输入有误",
            detail: format!("{field}: {message}"),
            errors: vec![ProblemField { field: field.into(), code: code.into(), message }],
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "not found / 未找到", detail)
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Invalid(fields) => {
                let detail = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                let code = fields.first().map_or_else(|| "invalid".to_owned(), |f| f.code.clone());
                let status = if code == "login_taken" {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                ApiError {
                    status,
                    code,
                    title: "invalid input / 输入有误",
                    detail,
                    errors: fields.into_iter().map(problem_field).collect(),
                }
            }
            AppError::Unauthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign-in required / 需要登录",
                "a valid bearer token is required / 需要有效的访问令牌",
            ),
            AppError::Forbidden(denied) => ApiError::new(
                StatusCode::FORBIDDEN,
                denied.code(),
                "forbidden / 无权操作",
                denied.to_string(),
            ),
            AppError::NotFound { what } => ApiError::not_found(format!("{what} not found / 未找到")),
            AppError::Refused { code, message } => {
                ApiError::new(StatusCode::CONFLICT, &code, "refused by the record / 不能办理", message)
            }
            AppError::Conflict(e) => {
                ApiError::new(StatusCode::CONFLICT, e.code(), "conflict / 冲突", e.to_string())
            }
            AppError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error / 内部错误",
                    "the server failed; the error was logged / 服务器内部错误，已记录",
                )
            }
        }
    }
}

fn problem_field(f: FieldError) -> ProblemField {
    ProblemField { field: f.field, code: f.code, message: f.message }
}

impl ApiError {
    /// The problem+json body (for an item of a batch answer, say).
    pub fn problem(self) -> Problem {
        Problem {
            kind: format!("/problems/{}", self.code),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code,
            errors: self.errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let problem = self.problem();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response =
            (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            // RFC 6750 §3: a 401 names the scheme the client should use.
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
