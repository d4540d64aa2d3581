//! The inquiry network over HTTP (the 总对总-shaped binding of `zhixing_core::inquiry::protocol`): the adapter the
//! gateway uses to reach the sandbox run as its own process, or a real hub. Every call has a timeout; a timeout,
//! a connection failure or a 5xx is `Unreachable` (the gateway sends the same batch again later), a 4xx with a
//! `Refusal` body is `Refused`.

use std::time::Duration;

use zhixing_core::inquiry::agency::{Agency, AgencyError, AgencyFuture};
use zhixing_core::inquiry::protocol::{Ack, AnswerPage, Batch, Institution, Refusal};

/// An inquiry network reached over HTTP at `base` (e.g. `http://127.0.0.1:7070`).
#[derive(Debug, Clone)]
pub struct HttpAgency {
    base: String,
    client: reqwest::Client,
}

impl HttpAgency {
    pub fn new(base: &str, timeout: Duration) -> Result<HttpAgency, AgencyError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| AgencyError::Unreachable(e.to_string()))?;
        Ok(HttpAgency { base: base.trim_end_matches('/').to_owned(), client })
    }

    async fn answer<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T, AgencyError> {
        let status = response.status();
        if status.is_success() {
            return response.json::<T>().await.map_err(|e| AgencyError::Unreachable(e.to_string()));
        }
        if status.is_server_error() && status.as_u16() != 503 {
            return Err(AgencyError::Unreachable(format!("status {status}")));
        }
        let refusal = response.json::<Refusal>().await.unwrap_or_else(|_| Refusal {
            code: "unreadable".into(),
            detail: format!("status {status} without a refusal body"),
            field: None,
            retry_after_seconds: None,
        });
        Err(AgencyError::Refused { status: status.as_u16(), refusal })
    }
}

fn unreachable(e: reqwest::Error) -> AgencyError {
    AgencyError::Unreachable(e.to_string())
}

impl Agency for HttpAgency {
    fn institutions(&self) -> AgencyFuture<'_, Vec<Institution>> {
        Box::pin(async move {
            let response = self
                .client
                .get(format!("{}/zdz/v1/institutions", self.base))
                .send()
                .await
                .map_err(unreachable)?;
            Self::answer(response).await
        })
    }

    fn submit(&self, batch: Batch) -> AgencyFuture<'_, Ack> {
        Box::pin(async move {
            let response = self
                .client
                .post(format!("{}/zdz/v1/batches", self.base))
                .json(&batch)
                .send()
                .await
                .map_err(unreachable)?;
            Self::answer(response).await
        })
    }

    fn answers<'a>(&'a self, court: &'a str, after: u64, limit: usize) -> AgencyFuture<'a, AnswerPage> {
        Box::pin(async move {
            let response = self
                .client
                .get(format!("{}/zdz/v1/answers", self.base))
                .query(&[
                    ("court", court.to_owned()),
                    ("after", after.to_string()),
                    ("limit", limit.to_string()),
                ])
                .send()
                .await
                .map_err(unreachable)?;
            Self::answer(response).await
        })
    }
}
