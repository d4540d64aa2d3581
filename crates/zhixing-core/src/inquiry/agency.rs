//! The port to the outside world: what the gateway needs of an inquiry network, whatever carries it — the
//! sandbox in the same process, the sandbox or a real 总对总 hub over HTTP. Only the trait lives here (it does no
//! I/O itself); the implementations live with the transports.

use std::future::Future;
use std::pin::Pin;

use super::protocol::{Ack, AnswerPage, Batch, Institution, Refusal};

/// A boxed future, so that the gateway can hold any agency behind `dyn Agency`.
pub type AgencyFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AgencyError>> + Send + 'a>>;

/// Why a call to an agency did not give an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgencyError {
    /// The agency answered and refused (`status` is the HTTP status of the binding): nothing was taken.
    #[error("refused ({status}): {} — {}", refusal.code, refusal.detail)]
    Refused { status: u16, refusal: Refusal },
    /// No answer, or a server error: whether the batch was taken is unknown, so it is sent again later under
    /// the same batch id (the agency keys on it and does nothing twice).
    #[error("no answer: {0}")]
    Unreachable(String),
}

impl AgencyError {
    /// Whether sending again later may succeed (rate limits, quotas, outages, lost answers).
    pub fn is_transient(&self) -> bool {
        match self {
            AgencyError::Unreachable(_) => true,
            AgencyError::Refused { status, .. } => *status == 429 || *status >= 500,
        }
    }

    /// How long the agency asked to wait, when it said.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            AgencyError::Refused { refusal, .. } => refusal.retry_after_seconds,
            AgencyError::Unreachable(_) => None,
        }
    }
}

/// An inquiry network: its directory of institutions, batches in, answers out.
pub trait Agency: Send + Sync + std::fmt::Debug {
    fn institutions(&self) -> AgencyFuture<'_, Vec<Institution>>;
    fn submit(&self, batch: Batch) -> AgencyFuture<'_, Ack>;
    /// The court's answers with `seq > after`, at most `limit`.
    fn answers<'a>(&'a self, court: &'a str, after: u64, limit: usize) -> AgencyFuture<'a, AnswerPage>;
}
