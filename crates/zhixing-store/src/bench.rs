//! Support for `zhixing bench`: the plain way of doing the same work, measured in the same run.

use crate::{Store, StoreError};
use sqlx::QueryBuilder;
use zhixing_core::event::RecordedEvent;

/// Rows per INSERT statement, the same as the append path uses.
const ROWS_PER_STATEMENT: usize = 1_000;

impl Store {
    /// Creates (or empties) `bench_plain`: the events table's columns with no key, index or constraint.
    pub async fn bench_plain_prepare(&self) -> Result<(), StoreError> {
        let (blob, int) = match self.backend() {
            crate::BackendKind::Sqlite => ("BLOB", "INTEGER"),
            crate::BackendKind::Postgres => ("BYTEA", "BIGINT"),
        };
        let ddl = format!(
            "CREATE TABLE IF NOT EXISTS bench_plain (position {int}, event_id {blob}, stream_id TEXT, \
             stream_version {int}, event_type TEXT, schema_version {int}, actor TEXT, court TEXT, \
             recorded_at_us {int}, reason TEXT, payload TEXT, prev_hash {blob}, hash {blob})"
        );
        if let Some(pool) = self.sqlite() {
            sqlx::query(&ddl).execute(pool).await?;
            sqlx::query("DELETE FROM bench_plain").execute(pool).await?;
        } else if let Some(pool) = self.postgres() {
            sqlx::query(&ddl).execute(pool).await?;
            sqlx::query("TRUNCATE bench_plain").execute(pool).await?;
        }
        Ok(())
    }

    /// Inserts the rows into `bench_plain` in one transaction, with multi-row INSERTs: the plain way.
    pub async fn bench_plain_insert(&self, rows: &[RecordedEvent]) -> Result<(), StoreError> {
        macro_rules! insert {
            ($pool:expr, $db:ty) => {{
                let mut tx = $pool.begin().await?;
                for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                    let mut qb = QueryBuilder::<$db>::new(
                        "INSERT INTO bench_plain (position, event_id, stream_id, stream_version, event_type, \
                         schema_version, actor, court, recorded_at_us, reason, payload, prev_hash, hash) ",
                    );
                    qb.push_values(chunk, |mut row, e| {
                        row.push_bind(e.position as i64)
                            .push_bind(e.event_id.as_bytes().to_vec())
                            .push_bind(e.stream_id.clone())
                            .push_bind(e.stream_version as i64)
                            .push_bind(e.event_type.clone())
                            .push_bind(i64::from(e.schema_version))
                            .push_bind(e.actor.clone())
                            .push_bind(e.court.clone())
                            .push_bind(e.recorded_at.timestamp_micros())
                            .push_bind(e.reason.clone())
                            .push_bind(e.payload.clone())
                            .push_bind(e.prev_hash.to_vec())
                            .push_bind(e.hash.to_vec());
                    });
                    qb.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }};
        }
        if let Some(pool) = self.sqlite() {
            insert!(pool, sqlx::Sqlite);
        } else if let Some(pool) = self.postgres() {
            insert!(pool, sqlx::Postgres);
        }
        Ok(())
    }

    /// Drops `bench_plain`.
    pub async fn bench_plain_drop(&self) -> Result<(), StoreError> {
        if let Some(pool) = self.sqlite() {
            sqlx::query("DROP TABLE IF EXISTS bench_plain").execute(pool).await?;
        } else if let Some(pool) = self.postgres() {
            sqlx::query("DROP TABLE IF EXISTS bench_plain").execute(pool).await?;
        }
        Ok(())
    }
}
