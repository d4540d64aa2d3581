//! Store errors: the caller's mistakes (conflict, limits, duplicates) apart from our failures.

use zhixing_core::event::EnvelopeError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("stream {stream_id} is at version {actual}, expected {expected} / 版本冲突")]
    Conflict { stream_id: String, expected: String, actual: u64 },
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    #[error("an append needs at least one event / 没有事件")]
    EmptyAppend,
    #[error("an append holds at most {max} events, got {events} / 批量过大")]
    BatchTooLarge { events: usize, max: usize },
    #[error("stream {0} appears twice in one append / 同一批次中流重复")]
    DuplicateStream(String),
    #[error("{what} already exists / 已存在")]
    UniqueViolation { what: String },
    #[error("{what} was recorded before / 已记录")]
    AlreadyRecorded { what: String },
    #[error("invalid job: {0} / 任务不合法")]
    InvalidJob(String),
    #[error("hash chain broken at position {position}: {reason} / 哈希链断裂")]
    ChainBroken { position: u64, reason: &'static str },
    #[error("event {position} ({event_type}) has a payload the projection cannot read: {detail}")]
    Projection { position: u64, event_type: String, detail: String },
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("i/o error: {0}")]
    Io(String),
}

impl StoreError {
    /// A stable code for clients and logs.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Conflict { .. } => "version_conflict",
            StoreError::Envelope(e) => e.code(),
            StoreError::EmptyAppend => "empty_append",
            StoreError::BatchTooLarge { .. } => "batch_too_large",
            StoreError::DuplicateStream(_) => "duplicate_stream",
            StoreError::UniqueViolation { .. } => "already_exists",
            StoreError::AlreadyRecorded { .. } => "already_recorded",
            StoreError::InvalidJob(_) => "invalid_job",
            StoreError::ChainBroken { .. } => "chain_broken",
            StoreError::Projection { .. } => "projection_failed",
            StoreError::Database(_) => "database",
            StoreError::Migrate(_) => "migration",
            StoreError::Io(_) => "io",
        }
    }

    /// True when the caller can fix it (a 4xx), false when it is our failure (a 5xx).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::Conflict { .. }
                | StoreError::Envelope(_)
                | StoreError::EmptyAppend
                | StoreError::BatchTooLarge { .. }
                | StoreError::DuplicateStream(_)
                | StoreError::AlreadyRecorded { .. }
                | StoreError::UniqueViolation { .. }
                | StoreError::InvalidJob(_)
        )
    }
}

impl From<sqlx::Error> for StoreError {
    /// Unique violations become domain errors at the store's edge ("users.login already exists");
    /// everything else stays a database error.
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
        {
            // PostgreSQL names the key's columns in the detail ("Key (user_id)=(…) already
            // exists.", keywords quoted: "Key ("position")=…"); a primary key's constraint
            // name ("users_pkey") does not.
            let key_columns = postgres_key_columns(db.as_ref());
            let what = match (db.table(), db.constraint(), key_columns) {
                (Some(table), _, Some(columns)) => columns
                    .split(", ")
                    .map(|c| format!("{table}.{}", c.trim_matches('"')))
                    .collect::<Vec<_>>()
                    .join(", "),
                (Some(table), Some(constraint), None) => {
                    let column = constraint
                        .strip_prefix(table)
                        .and_then(|c| c.strip_prefix('_'))
                        .map(|c| c.strip_suffix("_key").unwrap_or(c))
                        .unwrap_or(constraint);
                    format!("{table}.{column}")
                }
                _ => db.message().rsplit("failed: ").next().unwrap_or("value").to_owned(),
            };
            return StoreError::UniqueViolation { what };
        }
        StoreError::Database(error)
    }
}

/// The column list of a PostgreSQL unique violation, as SQLite words it ("users.login"): only the
/// names, never the values, which may be personal data.
fn postgres_key_columns(db: &dyn sqlx::error::DatabaseError) -> Option<&str> {
    let detail = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()?.detail()?;
    detail.strip_prefix("Key (")?.split_once(")=(").map(|(columns, _)| columns)
}
