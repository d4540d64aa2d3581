//! The sandbox as the gateway's agency in the same process (the demo, tests and the benchmark): the same
//! protocol as over HTTP, without the wire. A refusal keeps its status; the lost-acknowledgement and timeout
//! faults come back as `Unreachable`, as a caller over HTTP would see them.

use zhixing_core::inquiry::agency::{Agency, AgencyError, AgencyFuture};
use zhixing_core::inquiry::protocol::{Ack, AnswerPage, Batch, Institution};

use crate::{Rejected, Sandbox};

fn error(rejected: Rejected) -> AgencyError {
    if rejected.status >= 500 && rejected.status != 503 {
        AgencyError::Unreachable(rejected.to_string())
    } else {
        AgencyError::Refused { status: rejected.status, refusal: rejected.refusal }
    }
}

impl Agency for Sandbox {
    fn institutions(&self) -> AgencyFuture<'_, Vec<Institution>> {
        Box::pin(async move { Ok(Sandbox::institutions(self)) })
    }

    fn submit(&self, batch: Batch) -> AgencyFuture<'_, Ack> {
        Box::pin(async move { Sandbox::submit(self, batch).map_err(error) })
    }

    fn answers<'a>(&'a self, court: &'a str, after: u64, limit: usize) -> AgencyFuture<'a, AnswerPage> {
        Box::pin(async move { Ok(Sandbox::answers(self, court, after, limit)) })
    }
}
