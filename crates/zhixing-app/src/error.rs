//! Application errors: each is the caller's mistake (with the field it concerns) or our failure.

use zhixing_core::users::Denied;
use zhixing_store::StoreError;

/// A problem with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input / 输入有误")]
    Invalid(Vec<FieldError>),
    #[error("sign-in required / 需要登录")]
    Unauthenticated,
    #[error(transparent)]
    Forbidden(#[from] Denied),
    #[error("{what} not found / 未找到")]
    NotFound { what: String },
    #[error("{0}")]
    Conflict(StoreError),
    /// The request is well formed but the state of the record refuses it (a duplicate case, an
    /// application already decided).
    #[error("{message}")]
    Refused { code: String, message: String },
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, code: &str, message: &str) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }])
    }

    pub fn code(&self) -> &str {
        match self {
            AppError::Invalid(errors) => errors.first().map_or("invalid", |e| e.code.as_str()),
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden(denied) => denied.code(),
            AppError::NotFound { .. } => "not_found",
            AppError::Conflict(e) => e.code(),
            AppError::Refused { code, .. } => code,
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict { .. } => AppError::Conflict(error),
            e if e.is_user_error() => AppError::invalid("body", e.code(), &e.to_string()),
            e => AppError::Internal(e.to_string()),
        }
    }
}
