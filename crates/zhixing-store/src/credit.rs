//! Credit punishment's tables beside the log: the credit streams that changed (for the screening index), the
//! public list entries (for disclosure), the screening feed's versions, the linkage units' acknowledgements and
//! the accounting of checks. The SQL is written once and run on either driver.

use crate::{Pool, Store, StoreError};

/// A row of `credit_public`: the event that made a public entry (its payload), found by identifier, name or 案号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicEntryRow {
    /// `shixin` or `xiaofei`.
    pub list: String,
    pub fields: String,
    pub published_from: String,
    pub ends_on: Option<String>,
}

/// A published version of the screening list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningVersionRow {
    pub version: u64,
    pub digest: String,
    pub changes: u64,
    pub published_at_us: i64,
    /// The signed batch as JSON.
    pub batch: String,
}

/// A linkage unit's acknowledgement: the last version it applied, and when it said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningAckRow {
    pub unit: String,
    pub version: u64,
    pub acked_at_us: i64,
}

/// One unit's checks on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningChecksRow {
    pub unit: String,
    pub day: String,
    pub requests: u64,
    pub checks: u64,
    pub hits: u64,
}

/// Most public entries one query answers.
const PUBLIC_ENTRIES_MAX: i64 = 100;

type PublicTuple = (String, String, String, Option<String>);

fn public_rows(rows: Vec<PublicTuple>) -> Vec<PublicEntryRow> {
    rows.into_iter()
        .map(|(list, fields, published_from, ends_on)| PublicEntryRow {
            list,
            fields,
            published_from,
            ends_on,
        })
        .collect()
}

impl Store {
    /// The credit streams whose last event is after `position`, with that event's position, in position order;
    /// at most `limit`.
    pub async fn credit_streams_after(
        &self,
        position: u64,
        limit: u32,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let sql = "SELECT stream_id, last_position FROM credit_streams WHERE last_position > $1 \
                   ORDER BY last_position LIMIT $2";
        let rows: Vec<(String, i64)> = on_pool!(self, |pool| sqlx::query_as(sql)
            .bind(position as i64)
            .bind(i64::from(limit.max(1)))
            .fetch_all(pool)
            .await?);
        Ok(rows.into_iter().map(|(s, p)| (s, p as u64)).collect())
    }

    /// The public entries of a person or organisation by identifier (exact), newest first.
    pub async fn public_entries_by_id(&self, id_number: &str) -> Result<Vec<PublicEntryRow>, StoreError> {
        self.public_entries_where("id_number", id_number).await
    }

    /// The public entries of one case (by its canonical 案号).
    pub async fn public_entries_by_case(&self, case_number: &str) -> Result<Vec<PublicEntryRow>, StoreError> {
        self.public_entries_where("case_number", case_number).await
    }

    /// The separate list of public officials and public bodies (失信规定 第八条): their listings, newest
    /// first, `limit` (at most 100) from `offset`.
    pub async fn public_official_entries(
        &self,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<PublicEntryRow>, StoreError> {
        let sql = "SELECT list, fields, published_from, ends_on FROM credit_public WHERE official = $1 \
                   ORDER BY published_from DESC, entry_id LIMIT $2 OFFSET $3";
        let rows: Vec<PublicTuple> = on_pool!(self, |pool| sqlx::query_as(sql)
            .bind(true)
            .bind(i64::from(limit).clamp(1, PUBLIC_ENTRIES_MAX))
            .bind(i64::from(offset))
            .fetch_all(pool)
            .await?);
        Ok(public_rows(rows))
    }

    /// The public entries whose `column` (a name from this file, never input) equals `value`.
    async fn public_entries_where(
        &self,
        column: &str,
        value: &str,
    ) -> Result<Vec<PublicEntryRow>, StoreError> {
        let sql = format!(
            "SELECT list, fields, published_from, ends_on FROM credit_public WHERE {column} = $1 \
             ORDER BY published_from DESC, entry_id LIMIT $2"
        );
        let rows: Vec<PublicTuple> = on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(value)
            .bind(PUBLIC_ENTRIES_MAX)
            .fetch_all(pool)
            .await?);
        Ok(public_rows(rows))
    }

    /// The newest published version of the screening list and its digest.
    pub async fn screening_head(&self) -> Result<Option<(u64, String)>, StoreError> {
        let sql = "SELECT version, digest FROM screening_versions ORDER BY version DESC LIMIT 1";
        let row: Option<(i64, String)> =
            on_pool!(self, |pool| sqlx::query_as(sql).fetch_optional(pool).await?);
        Ok(row.map(|(v, d)| (v as u64, d)))
    }

    /// Records a published version; `false` when that version exists already (another writer published it).
    pub async fn insert_screening_version(&self, row: &ScreeningVersionRow) -> Result<bool, StoreError> {
        let sql = "INSERT INTO screening_versions (version, digest, changes, published_at_us, batch) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (version) DO NOTHING";
        let done = on_pool!(self, |pool| sqlx::query(sql)
            .bind(row.version as i64)
            .bind(row.digest.clone())
            .bind(row.changes as i64)
            .bind(row.published_at_us)
            .bind(row.batch.clone())
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// The published versions after `after`, in order; at most `limit`.
    pub async fn screening_versions_after(
        &self,
        after: u64,
        limit: u32,
    ) -> Result<Vec<ScreeningVersionRow>, StoreError> {
        let sql = "SELECT version, digest, changes, published_at_us, batch FROM screening_versions \
                   WHERE version > $1 ORDER BY version LIMIT $2";
        let rows: Vec<(i64, String, i64, i64, String)> = on_pool!(self, |pool| sqlx::query_as(sql)
            .bind(after as i64)
            .bind(i64::from(limit.max(1)))
            .fetch_all(pool)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(version, digest, changes, published_at_us, batch)| ScreeningVersionRow {
                version: version as u64,
                digest,
                changes: changes as u64,
                published_at_us,
                batch,
            })
            .collect())
    }

    /// When each of `versions` that exists was published, for the units' lag: one query however many units.
    pub async fn screening_published_at(&self, versions: &[u64]) -> Result<Vec<(u64, i64)>, StoreError> {
        if versions.is_empty() {
            return Ok(Vec::new());
        }
        // Numbers only, formatted here: nothing from a request reaches the text of the query.
        let list = versions.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let sql =
            format!("SELECT version, published_at_us FROM screening_versions WHERE version IN ({list})");
        let rows: Vec<(i64, i64)> = on_pool!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(v, at)| (v as u64, at)).collect())
    }

    /// A unit's acknowledgement of `version`; an older version than one acknowledged before changes nothing.
    pub async fn ack_screening(&self, unit: &str, version: u64, at_us: i64) -> Result<(), StoreError> {
        let sql = "INSERT INTO screening_acks (unit, version, acked_at_us) VALUES ($1, $2, $3) \
                   ON CONFLICT (unit) DO UPDATE SET version = excluded.version, acked_at_us = excluded.acked_at_us \
                   WHERE excluded.version > screening_acks.version";
        on_pool!(self, |pool| sqlx::query(sql)
            .bind(unit)
            .bind(version as i64)
            .bind(at_us)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Every unit's last acknowledgement.
    pub async fn screening_acks(&self) -> Result<Vec<ScreeningAckRow>, StoreError> {
        let sql = "SELECT unit, version, acked_at_us FROM screening_acks ORDER BY unit";
        let rows: Vec<(String, i64, i64)> =
            on_pool!(self, |pool| sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(unit, version, acked_at_us)| ScreeningAckRow {
                unit,
                version: version as u64,
                acked_at_us,
            })
            .collect())
    }

    /// Adds checks to a unit's count for `day`.
    pub async fn add_screening_checks(&self, row: &ScreeningChecksRow) -> Result<(), StoreError> {
        let sql = "INSERT INTO screening_checks (unit, day, requests, checks, hits) VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (unit, day) DO UPDATE SET requests = screening_checks.requests + excluded.requests, \
                   checks = screening_checks.checks + excluded.checks, hits = screening_checks.hits + excluded.hits";
        on_pool!(self, |pool| sqlx::query(sql)
            .bind(row.unit.clone())
            .bind(row.day.clone())
            .bind(row.requests as i64)
            .bind(row.checks as i64)
            .bind(row.hits as i64)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The checks counted from `day_from` on, per unit and day.
    pub async fn screening_checks(&self, day_from: &str) -> Result<Vec<ScreeningChecksRow>, StoreError> {
        let sql = "SELECT unit, day, requests, checks, hits FROM screening_checks WHERE day >= $1 \
                   ORDER BY day DESC, unit";
        let rows: Vec<(String, String, i64, i64, i64)> =
            on_pool!(self, |pool| sqlx::query_as(sql).bind(day_from).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(unit, day, requests, checks, hits)| ScreeningChecksRow {
                unit,
                day,
                requests: requests as u64,
                checks: checks as u64,
                hits: hits as u64,
            })
            .collect())
    }

    /// The screening keys (signing seed, units' master secret), made from `fresh` at first use: the first
    /// writer's keys win a race, and every caller gets the same.
    pub async fn screening_keys(
        &self,
        fresh: ([u8; 32], [u8; 32]),
        at_us: i64,
    ) -> Result<([u8; 32], [u8; 32]), StoreError> {
        let insert = "INSERT INTO screening_keys (id, signing_seed, units_master, created_at_us) VALUES (1, $1, $2, $3) \
                      ON CONFLICT (id) DO NOTHING";
        on_pool!(self, |pool| sqlx::query(insert)
            .bind(hex::encode(fresh.0))
            .bind(hex::encode(fresh.1))
            .bind(at_us)
            .execute(pool)
            .await?
            .rows_affected());
        let select = "SELECT signing_seed, units_master FROM screening_keys WHERE id = 1";
        let (seed, master): (String, String) =
            on_pool!(self, |pool| sqlx::query_as(select).fetch_one(pool).await?);
        let decode = |text: &str| -> Result<[u8; 32], StoreError> {
            hex::decode(text).ok().and_then(|bytes| <[u8; 32]>::try_from(bytes).ok()).ok_or_else(|| {
                StoreError::Database(sqlx::Error::Decode("screening key is not 32 bytes of hex".into()))
            })
        };
        Ok((decode(&seed)?, decode(&master)?))
    }

    /// Linkage units (users with the `linkage_unit` role): user id, login and name.
    pub async fn linkage_units(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let sql = "SELECT user_id, login, name FROM users WHERE roles LIKE '%linkage_unit%' AND NOT disabled ORDER BY login";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).fetch_all(pool).await?))
    }
}
