//! The durable job queue: slow or fallible work (agency calls, documents, exports) recorded in the
//! same database, enqueued in the same transaction as the event that asks for it.
//!
//! A job is claimed with a lease; a worker that dies leaves it to be claimed again when the lease
//! runs out, so handlers must be idempotent (they key their effects by the job id or its
//! idempotency key). A failed attempt is retried with exponential backoff up to
//! [`limits::JOB_ATTEMPTS_MAX`] times, then parked as `failed` for a person to look at.

use crate::{Store, StoreError, backend};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use zhixing_core::limits;

/// Longest job kind name.
const JOB_KIND_CHARS_MAX: usize = 64;
/// Longest idempotency key.
const IDEMPOTENCY_KEY_CHARS_MAX: usize = 200;

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: String,
    /// JSON text.
    pub payload: String,
    /// Not before this instant; `None` = as soon as possible.
    pub run_at: Option<DateTime<Utc>>,
    /// Enqueuing the same key twice stores one job (the second enqueue is a no-op).
    pub idempotency_key: Option<String>,
}

impl NewJob {
    pub fn new(kind: &str, payload: &impl serde::Serialize) -> Self {
        Self {
            kind: kind.to_owned(),
            payload: serde_json::to_string(payload).unwrap_or_else(|_| String::from("null")),
            run_at: None,
            idempotency_key: None,
        }
    }

    pub fn at(mut self, run_at: DateTime<Utc>) -> Self {
        self.run_at = Some(run_at);
        self
    }

    pub fn idempotency_key(mut self, key: &str) -> Self {
        self.idempotency_key = Some(key.to_owned());
        self
    }

    pub(crate) fn validate(&self) -> Result<(), StoreError> {
        if self.kind.is_empty()
            || self.kind.len() > JOB_KIND_CHARS_MAX
            || !self.kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return Err(StoreError::InvalidJob("kind".into()));
        }
        if self.payload.len() > limits::EVENT_PAYLOAD_BYTES_MAX
            || serde_json::from_str::<serde::de::IgnoredAny>(&self.payload).is_err()
        {
            return Err(StoreError::InvalidJob("payload".into()));
        }
        // NUL: PostgreSQL text cannot hold it.
        if self
            .idempotency_key
            .as_ref()
            .is_some_and(|k| k.is_empty() || k.len() > IDEMPOTENCY_KEY_CHARS_MAX || k.contains('\0'))
        {
            return Err(StoreError::InvalidJob("idempotency_key".into()));
        }
        Ok(())
    }
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// How a handler's attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    /// Try again later (with backoff), unless the attempts are used up.
    Retry(String),
}

/// Seconds to wait before the next attempt after `attempts` failed ones: 2, 4, 8, … capped at
/// [`limits::JOB_BACKOFF_SECONDS_MAX`]. Deterministic, so the simulated clock can step through it.
pub fn backoff_seconds(attempts: u32) -> i64 {
    let exp = attempts.clamp(1, 30);
    (1_i64 << exp).min(limits::JOB_BACKOFF_SECONDS_MAX)
}

impl Store {
    /// Enqueues jobs in their own transaction (most jobs are enqueued with the events that ask for
    /// them, through [`crate::AppendBatch::job`]).
    pub async fn enqueue(&self, jobs: &[NewJob]) -> Result<(), StoreError> {
        for job in jobs {
            job.validate()?;
        }
        let now = self.now();
        if let Some(pool) = self.sqlite_writer() {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            backend::sqlite::insert_jobs(&mut tx, jobs, now).await?;
            tx.commit().await?;
        } else if let Some(pool) = self.postgres() {
            let mut tx = pool.begin().await?;
            backend::postgres::insert_jobs(&mut tx, jobs, now).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Claims up to `limit` due jobs (queued and due, or running with an expired lease) for
    /// `lease_seconds`. On PostgreSQL concurrent workers skip each other's rows.
    pub async fn claim_jobs(&self, limit: u32, lease_seconds: i64) -> Result<Vec<Job>, StoreError> {
        let limit = limit.clamp(1, limits::JOB_CLAIM_BATCH_MAX);
        let now = self.now();
        if let Some(pool) = self.sqlite_writer() {
            backend::sqlite::claim_jobs(pool, limit, lease_seconds, now).await
        } else if let Some(pool) = self.postgres() {
            backend::postgres::claim_jobs(pool, limit, lease_seconds, now).await
        } else {
            Ok(Vec::new())
        }
    }

    /// Records the outcome of an attempt. A no-op when the job's lease ran out and someone else
    /// claimed it since: the outcome of the stale attempt is not the job's state any more.
    pub async fn finish_job(&self, job: &Job, outcome: &JobOutcome) -> Result<(), StoreError> {
        let now = self.now();
        let (state, run_at, error) = match outcome {
            JobOutcome::Done => ("done", now, None),
            JobOutcome::Retry(_) if job.attempts >= limits::JOB_ATTEMPTS_MAX => {
                ("failed", now, outcome_error(outcome))
            }
            JobOutcome::Retry(_) => (
                "queued",
                now + chrono::Duration::seconds(backoff_seconds(job.attempts)),
                outcome_error(outcome),
            ),
        };
        if let Some(pool) = self.sqlite_writer() {
            backend::sqlite::finish_job(pool, job.id, job.attempts, state, run_at, error, now).await
        } else if let Some(pool) = self.postgres() {
            backend::postgres::finish_job(pool, job.id, job.attempts, state, run_at, error, now).await
        } else {
            Ok(())
        }
    }

    /// Number of jobs in each state.
    pub async fn job_counts(&self) -> Result<BTreeMap<String, i64>, StoreError> {
        if let Some(pool) = self.sqlite() {
            backend::sqlite::job_counts(pool).await
        } else if let Some(pool) = self.postgres() {
            backend::postgres::job_counts(pool).await
        } else {
            Ok(BTreeMap::new())
        }
    }

    /// Claims due jobs and runs each on its own task, so a panicking handler fails only its job.
    /// Returns how many jobs were claimed.
    pub async fn run_due_jobs<F, Fut>(&self, lease_seconds: i64, handler: F) -> Result<usize, StoreError>
    where
        F: Fn(Job) -> Fut,
        Fut: std::future::Future<Output = JobOutcome> + Send + 'static,
    {
        let jobs = self.claim_jobs(limits::JOB_CLAIM_BATCH_MAX, lease_seconds).await?;
        let claimed = jobs.len();
        for job in jobs {
            let outcome = match tokio::spawn(handler(job.clone())).await {
                Ok(outcome) => outcome,
                Err(join_error) => JobOutcome::Retry(format!("handler panicked: {join_error}")),
            };
            if let JobOutcome::Retry(reason) = &outcome {
                tracing::warn!(job.id = job.id, job.kind = %job.kind, job.attempts = job.attempts, %reason, "job attempt failed");
            }
            self.finish_job(&job, &outcome).await?;
        }
        Ok(claimed)
    }
}

fn outcome_error(outcome: &JobOutcome) -> Option<String> {
    match outcome {
        JobOutcome::Done => None,
        // A handler's message may hold NUL, which PostgreSQL text cannot store.
        JobOutcome::Retry(reason) => Some(
            reason
                .chars()
                .take(limits::TEXT_CHARS_MAX)
                .map(|c| if c == '\0' { '\u{FFFD}' } else { c })
                .collect(),
        ),
    }
}
