//! The inquiry gateway's durable queue (网络查控): the inquiries and control requests waiting to go out (inserted
//! by the projections, in the transaction of the event that asks for them), the batches sent to institutions
//! (recorded before they are sent), each court's answer cursor, each institution's quota used per day, and the
//! notices already taken in. The writes that must happen with the events of an answer are [`GatewayWrite`]s,
//! carried by the [`crate::AppendBatch`] that records it: a duplicated answer fails its guard and stores nothing.

use chrono::{DateTime, Utc};

use crate::{Pool, Store, StoreError};

/// A write of the gateway's tables made in an append's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayWrite {
    /// The answer to a batch is in (or it failed for good). Refused with [`StoreError::AlreadyRecorded`] when the
    /// batch is not waiting for one: an answer delivered twice is taken in once.
    BatchAnswered {
        batch_id: String,
        failed: bool,
    },
    /// One more institution answered (or failed) each of these inquiries.
    InquiriesAnswered {
        seqs: Vec<i64>,
        failed: bool,
    },
    InquiriesCompleted {
        seqs: Vec<i64>,
    },
    ControlsAnswered {
        request_ids: Vec<String>,
    },
    /// A notice (unasked answer) taken in; refused with [`StoreError::AlreadyRecorded`] when it was before.
    NoticeOnce {
        key: String,
    },
    /// The court's answers were read up to `after`.
    Cursor {
        court: String,
        after: u64,
    },
}

/// An inquiry not yet answered by every institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InquiryRow {
    pub seq: i64,
    pub inquiry_id: String,
    pub case_id: String,
    pub court: String,
    pub case_number: String,
    pub urgent: bool,
    /// JSON: `[Subject]`.
    pub subjects: String,
    /// JSON: `[class code]`.
    pub classes: String,
    pub institutions: i64,
    pub answered: i64,
    pub failed: i64,
}

/// A control request not yet put in a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRow {
    pub request_id: String,
    pub case_id: String,
    pub court: String,
    pub institution: String,
    pub urgent: bool,
    /// JSON: the protocol `Request`.
    pub request: String,
}

/// A batch to record before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    pub batch_id: String,
    pub court: String,
    pub institution: String,
    /// `query` or `control`.
    pub kind: String,
    /// JSON: inquiry seqs (query) or request ids (control).
    pub items: String,
    /// The highest inquiry seq in a query batch (0 for control).
    pub max_item: i64,
    /// Sub-requests in it (what the quota counts).
    pub requests: i64,
    /// The China date whose quota it uses.
    pub day: String,
    /// Resend if not answered by then.
    pub next_at: DateTime<Utc>,
}

/// A batch sent and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentBatch {
    pub batch_id: String,
    pub court: String,
    pub institution: String,
    pub kind: String,
    pub items: String,
    pub requests: i64,
    pub attempts: i64,
    pub next_at_us: i64,
}

fn flag(value: i64) -> bool {
    value != 0
}

impl Store {
    /// Up to `limit` open inquiries with `seq > after`, in order.
    pub async fn open_inquiries_after(&self, after: i64, limit: u32) -> Result<Vec<InquiryRow>, StoreError> {
        let sql = "SELECT seq, inquiry_id, case_id, court, case_number, urgent, subjects, classes, institutions, \
                   answered, failed FROM inquiries WHERE completed = 0 AND seq > $1 ORDER BY seq LIMIT $2";
        let rows = on_pool!(self, |pool| {
            let rows = sqlx::query(sql).bind(after).bind(i64::from(limit)).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    use sqlx::Row;
                    Ok(InquiryRow {
                        seq: r.try_get("seq")?,
                        inquiry_id: r.try_get("inquiry_id")?,
                        case_id: r.try_get("case_id")?,
                        court: r.try_get("court")?,
                        case_number: r.try_get("case_number")?,
                        urgent: flag(r.try_get("urgent")?),
                        subjects: r.try_get("subjects")?,
                        classes: r.try_get("classes")?,
                        institutions: r.try_get("institutions")?,
                        answered: r.try_get("answered")?,
                        failed: r.try_get("failed")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(rows)
    }

    /// Up to `limit` control requests not yet in a batch, oldest first.
    pub async fn unbatched_controls(&self, limit: u32) -> Result<Vec<ControlRow>, StoreError> {
        let filter = format!("batch_id IS NULL ORDER BY requested_at_us, request_id LIMIT {}", limit.max(1));
        self.controls_where(&filter).await
    }

    /// Every control request in a batch and not answered yet.
    pub async fn batched_unanswered_controls(&self) -> Result<Vec<ControlRow>, StoreError> {
        self.controls_where("batch_id IS NOT NULL AND answered = 0").await
    }

    /// Control requests matching `filter`, a fixed SQL text (no input of anyone's in it).
    async fn controls_where(&self, filter: &str) -> Result<Vec<ControlRow>, StoreError> {
        let sql = format!(
            "SELECT request_id, case_id, court, institution, urgent, request FROM control_requests WHERE {filter}"
        );
        let rows = on_pool!(self, |pool| {
            let rows = sqlx::query(&sql).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    use sqlx::Row;
                    Ok(ControlRow {
                        request_id: r.try_get("request_id")?,
                        case_id: r.try_get("case_id")?,
                        court: r.try_get("court")?,
                        institution: r.try_get("institution")?,
                        urgent: flag(r.try_get("urgent")?),
                        request: r.try_get("request")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(rows)
    }

    /// The case and court of a control request.
    pub async fn control_request_case(
        &self,
        request_id: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let sql = "SELECT case_id, court FROM control_requests WHERE request_id = $1";
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, String)>(sql).bind(request_id).fetch_optional(pool).await?
        });
        Ok(row)
    }

    /// Every batch sent and not answered.
    pub async fn sent_batches(&self) -> Result<Vec<SentBatch>, StoreError> {
        let sql = "SELECT batch_id, court, institution, kind, items, requests, attempts, next_at_us \
                   FROM gateway_batches WHERE state = 'sent' ORDER BY next_at_us, batch_id";
        let rows = on_pool!(self, |pool| {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    use sqlx::Row;
                    Ok(SentBatch {
                        batch_id: r.try_get("batch_id")?,
                        court: r.try_get("court")?,
                        institution: r.try_get("institution")?,
                        kind: r.try_get("kind")?,
                        items: r.try_get("items")?,
                        requests: r.try_get("requests")?,
                        attempts: r.try_get("attempts")?,
                        next_at_us: r.try_get("next_at_us")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(rows)
    }

    /// The institution and inquiry seqs of every query batch that may hold an inquiry with seq ≥ `from_seq`:
    /// what was already sent, so that a restart sends the rest and nothing twice.
    pub async fn query_batch_items(&self, from_seq: i64) -> Result<Vec<(String, String)>, StoreError> {
        let sql = "SELECT institution, items FROM gateway_batches WHERE kind = 'query' AND max_item >= $1";
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, String)>(sql).bind(from_seq).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// Records a batch before it is sent, in one transaction: the batch, its control requests marked as
    /// batched, and the institution's quota for the day raised by its sub-requests.
    pub async fn record_batch(&self, batch: &NewBatch) -> Result<(), StoreError> {
        let now = self.now().timestamp_micros();
        on_write_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO gateway_batches (batch_id, court, institution, kind, items, max_item, requests, state, \
                 attempts, next_at_us, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, 'sent', 1, $8, $9)",
            )
            .bind(&batch.batch_id)
            .bind(&batch.court)
            .bind(&batch.institution)
            .bind(&batch.kind)
            .bind(&batch.items)
            .bind(batch.max_item)
            .bind(batch.requests)
            .bind(batch.next_at.timestamp_micros())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if batch.kind == "control" {
                let ids: Vec<String> = serde_json::from_str(&batch.items).unwrap_or_default();
                for id in ids {
                    sqlx::query("UPDATE control_requests SET batch_id = $1 WHERE request_id = $2")
                        .bind(&batch.batch_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query(
                "INSERT INTO gateway_quota (institution, day, used) VALUES ($1, $2, $3) \
                 ON CONFLICT (institution, day) DO UPDATE SET used = gateway_quota.used + excluded.used",
            )
            .bind(&batch.institution)
            .bind(&batch.day)
            .bind(batch.requests)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// A batch sent again later: one more attempt, not before `next_at`.
    pub async fn reschedule_batch(&self, batch_id: &str, next_at: DateTime<Utc>) -> Result<(), StoreError> {
        let sql = "UPDATE gateway_batches SET attempts = attempts + 1, next_at_us = $1 \
                   WHERE batch_id = $2 AND state = 'sent'";
        on_write_pool!(self, |pool| {
            sqlx::query(sql).bind(next_at.timestamp_micros()).bind(batch_id).execute(pool).await?;
        });
        Ok(())
    }

    /// Where polling a court's answers resumes (0 before the first).
    pub async fn gateway_cursor(&self, court: &str) -> Result<u64, StoreError> {
        let sql = "SELECT after_seq FROM gateway_cursors WHERE court = $1";
        let value: Option<i64> =
            on_pool!(self, |pool| { sqlx::query_scalar(sql).bind(court).fetch_optional(pool).await? });
        Ok(value.unwrap_or(0).max(0) as u64)
    }

    /// The courts that ever sent a batch: the ones whose answers and notices are polled.
    pub async fn gateway_courts(&self) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT DISTINCT court FROM gateway_batches ORDER BY court";
        let rows = on_pool!(self, |pool| { sqlx::query_scalar(sql).fetch_all(pool).await? });
        Ok(rows)
    }

    /// Each institution's sub-requests recorded for the China date `day`.
    pub async fn quota_used(&self, day: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = "SELECT institution, used FROM gateway_quota WHERE day = $1";
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, i64)>(sql).bind(day).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// Batches by state, and inquiries still open: the gateway's backlog at a glance.
    pub async fn gateway_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = "SELECT 'batches_' || state, COUNT(*) FROM gateway_batches GROUP BY state \
                   UNION ALL SELECT 'inquiries_open', COUNT(*) FROM inquiries WHERE completed = 0 \
                   UNION ALL SELECT 'controls_unanswered', COUNT(*) FROM control_requests WHERE answered = 0";
        let rows = on_pool!(self, |pool| { sqlx::query_as::<_, (String, i64)>(sql).fetch_all(pool).await? });
        Ok(rows)
    }
}

/// The SQL of a [`GatewayWrite`], run inside an append's transaction (instantiated per backend).
macro_rules! gateway_write_impl {
    ($db:ty) => {
        pub(crate) async fn apply_gateway(
            tx: &mut sqlx::Transaction<'_, $db>,
            write: &crate::gateway::GatewayWrite,
            at_us: i64,
        ) -> Result<(), crate::StoreError> {
            use crate::gateway::GatewayWrite;
            match write {
                GatewayWrite::BatchAnswered { batch_id, failed } => {
                    let state = if *failed { "failed" } else { "answered" };
                    let done = sqlx::query(
                        "UPDATE gateway_batches SET state = $1, answered_at_us = $2 \
                         WHERE batch_id = $3 AND state = 'sent'",
                    )
                    .bind(state)
                    .bind(at_us)
                    .bind(batch_id)
                    .execute(&mut **tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Err(crate::StoreError::AlreadyRecorded { what: format!("batch {batch_id}") });
                    }
                }
                GatewayWrite::InquiriesAnswered { seqs, failed } => {
                    let column = if *failed { "failed" } else { "answered" };
                    for chunk in seqs.chunks(super::INSERT_ROWS_MAX) {
                        let mut qb = sqlx::QueryBuilder::<$db>::new(format!(
                            "UPDATE inquiries SET {column} = {column} + 1 WHERE seq IN ("
                        ));
                        let mut list = qb.separated(", ");
                        for seq in chunk {
                            list.push_bind(*seq);
                        }
                        qb.push(")");
                        qb.build().execute(&mut **tx).await?;
                    }
                }
                GatewayWrite::InquiriesCompleted { seqs } => {
                    for chunk in seqs.chunks(super::INSERT_ROWS_MAX) {
                        let mut qb =
                            sqlx::QueryBuilder::<$db>::new("UPDATE inquiries SET completed = 1 WHERE seq IN (");
                        let mut list = qb.separated(", ");
                        for seq in chunk {
                            list.push_bind(*seq);
                        }
                        qb.push(")");
                        qb.build().execute(&mut **tx).await?;
                    }
                }
                GatewayWrite::ControlsAnswered { request_ids } => {
                    for id in request_ids {
                        sqlx::query("UPDATE control_requests SET answered = 1 WHERE request_id = $1")
                            .bind(id)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
                GatewayWrite::NoticeOnce { key } => {
                    let done = sqlx::query(
                        "INSERT INTO gateway_notices (notice) VALUES ($1) ON CONFLICT (notice) DO NOTHING",
                    )
                    .bind(key)
                    .execute(&mut **tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Err(crate::StoreError::AlreadyRecorded { what: format!("notice {key}") });
                    }
                }
                GatewayWrite::Cursor { court, after } => {
                    sqlx::query(
                        "INSERT INTO gateway_cursors (court, after_seq) VALUES ($1, $2) ON CONFLICT (court) \
                         DO UPDATE SET after_seq = CASE WHEN excluded.after_seq > gateway_cursors.after_seq \
                         THEN excluded.after_seq ELSE gateway_cursors.after_seq END",
                    )
                    .bind(court)
                    .bind(*after as i64)
                    .execute(&mut **tx)
                    .await?;
                }
            }
            Ok(())
        }
    };
}
pub(crate) use gateway_write_impl;
