//! The job worker: polls the durable queue and runs each due job with the handler for its kind.
//!
//! Handlers are registered by kind as the capabilities that need slow work arrive (agency calls,
//! documents, re-queries). A job of a kind with no handler is retried with backoff and finally parked
//! as failed, so nothing is dropped silently. The worker stops when its shutdown signal fires,
//! after the jobs it has claimed are finished.

use crate::App;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use zhixing_store::{Job, JobOutcome};

/// How long a claimed job is reserved before another worker may take it over.
const LEASE_SECONDS: i64 = 300;

/// Pause between polls when the queue is empty.
const IDLE_POLL: Duration = Duration::from_secs(1);

type Handler = Arc<dyn Fn(App, Job) -> Pin<Box<dyn Future<Output = JobOutcome> + Send>> + Send + Sync>;

/// Handlers by job kind.
#[derive(Clone, Default)]
pub struct Handlers {
    by_kind: HashMap<&'static str, Handler>,
}

impl std::fmt::Debug for Handlers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handlers").field("kinds", &self.by_kind.keys().collect::<Vec<_>>()).finish()
    }
}

impl Handlers {
    /// Registers the handler of a kind. Handlers must be idempotent: a job may run again after a crash.
    pub fn on<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(App, Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = JobOutcome> + Send + 'static,
    {
        self.by_kind.insert(kind, Arc::new(move |app, job| Box::pin(handler(app, job))));
        self
    }
}

impl App {
    /// Runs the due jobs once. Returns how many were claimed.
    pub async fn run_jobs_once(&self, handlers: &Handlers) -> Result<usize, zhixing_store::StoreError> {
        let app = self.clone();
        let handlers = handlers.clone();
        self.store
            .run_due_jobs(LEASE_SECONDS, move |job| {
                let handler = handlers.by_kind.get(job.kind.as_str()).cloned();
                let app = app.clone();
                async move {
                    match handler {
                        Some(handler) => handler(app, job).await,
                        None => JobOutcome::Retry(format!("no handler for job kind {}", job.kind)),
                    }
                }
            })
            .await
    }

    /// Polls the queue until `shutdown` turns true.
    pub async fn run_worker(&self, handlers: Handlers, mut shutdown: watch::Receiver<bool>) {
        while !*shutdown.borrow() {
            let claimed = match self.run_jobs_once(&handlers).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::error!(%error, "job worker: cannot poll the queue");
                    0
                }
            };
            if claimed == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
    }
}
