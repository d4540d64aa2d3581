//! The SQL, written once and instantiated for each driver by `backend_impl!`.
//!
//! Both dialects accept `$n` placeholders, `ON CONFLICT … DO UPDATE`, `RETURNING` and multi-row
//! `VALUES`; where they differ (row locks, catalog queries, how a write transaction starts) the
//! macro takes the dialect's text as an argument. Keeping one body means the two backends cannot
//! drift apart, and the conformance suite checks that they behave alike.

use crate::BackendKind;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

/// The embedded migrations of a backend, in order. Both histories have the same versions and reach
/// the same tables and columns (a test checks it).
pub(crate) fn migrator(kind: BackendKind) -> Migrator {
    let files: &[(i64, &str, &str)] = match kind {
        BackendKind::Sqlite => &[
            (1, "initial", include_str!("../migrations/sqlite/0001_initial.sql")),
            (2, "counters", include_str!("../migrations/sqlite/0002_counters.sql")),
            (3, "case basis", include_str!("../migrations/sqlite/0003_case_basis.sql")),
            (4, "case flow", include_str!("../migrations/sqlite/0004_case_flow.sql")),
            (5, "deadline alerts", include_str!("../migrations/sqlite/0005_deadline_alerts.sql")),
            (6, "deadline lists", include_str!("../migrations/sqlite/0006_deadline_lists.sql")),
            (7, "gateway", include_str!("../migrations/sqlite/0007_gateway.sql")),
            (8, "credit", include_str!("../migrations/sqlite/0008_credit.sql")),
            (9, "officials", include_str!("../migrations/sqlite/0009_officials.sql")),
            (10, "zhongben library", include_str!("../migrations/sqlite/0010_zhongben_library.sql")),
            (11, "web", include_str!("../migrations/sqlite/0011_web.sql")),
            (12, "screen", include_str!("../migrations/sqlite/0012_screen.sql")),
            (13, "filing pages", include_str!("../migrations/sqlite/0013_filing_pages.sql")),
            (14, "overdue counts", include_str!("../migrations/sqlite/0014_overdue_counts.sql")),
        ],
        BackendKind::Postgres => &[
            (1, "initial", include_str!("../migrations/postgres/0001_initial.sql")),
            (2, "counters", include_str!("../migrations/postgres/0002_counters.sql")),
            (3, "case basis", include_str!("../migrations/postgres/0003_case_basis.sql")),
            (4, "case flow", include_str!("../migrations/postgres/0004_case_flow.sql")),
            (5, "deadline alerts", include_str!("../migrations/postgres/0005_deadline_alerts.sql")),
            (6, "deadline lists", include_str!("../migrations/postgres/0006_deadline_lists.sql")),
            (7, "gateway", include_str!("../migrations/postgres/0007_gateway.sql")),
            (8, "credit", include_str!("../migrations/postgres/0008_credit.sql")),
            (9, "officials", include_str!("../migrations/postgres/0009_officials.sql")),
            (10, "zhongben library", include_str!("../migrations/postgres/0010_zhongben_library.sql")),
            (11, "web", include_str!("../migrations/postgres/0011_web.sql")),
            (12, "screen", include_str!("../migrations/postgres/0012_screen.sql")),
            (13, "filing pages", include_str!("../migrations/postgres/0013_filing_pages.sql")),
            (14, "overdue counts", include_str!("../migrations/postgres/0014_overdue_counts.sql")),
        ],
    };
    let migrations = files
        .iter()
        .map(|(version, name, sql)| {
            Migration::new(*version, Cow::Borrowed(name), MigrationType::Simple, Cow::Borrowed(sql), false)
        })
        .collect::<Vec<_>>();
    Migrator { migrations: Cow::Owned(migrations), ignore_missing: false, locking: true, no_tx: false }
}

/// Rows per multi-row INSERT: 13 columns × 1,000 rows stays under SQLite's 32,766 and PostgreSQL's
/// 65,535 bound parameters.
const INSERT_ROWS_MAX: usize = 1_000;

/// How a tally row takes a change: added to what is there.
const TALLY_ADD: &str = "ON CONFLICT (court, metric, day) DO UPDATE SET n = court_tallies.n + excluded.n";

/// Projection tables, emptied by a rebuild.
const PROJECTION_TABLES: [&str; 12] = [
    "users",
    "api_tokens",
    "cases",
    "case_parties",
    "case_deadlines",
    "credit_streams",
    "credit_public",
    "zhongben_library",
    "freezes",
    "credit_history",
    "court_tallies",
    "case_payouts",
];

/// Every table, emptied by `reset_for_tests`.
const ALL_TABLES: [&str; 27] = [
    "events",
    "screening_keys",
    "credit_streams",
    "credit_public",
    "screening_versions",
    "screening_acks",
    "screening_checks",
    "inquiries",
    "control_requests",
    "gateway_batches",
    "gateway_cursors",
    "gateway_quota",
    "gateway_notices",
    "streams",
    "jobs",
    "counters",
    "users",
    "api_tokens",
    "cases",
    "case_parties",
    "case_deadlines",
    "zhongben_library",
    "freezes",
    "credit_history",
    "court_tallies",
    "case_payouts",
    "chain_head",
];

macro_rules! backend_impl {
    (
        db = $db:ty,
        pool = $pool:ty,
        begin_write = $begin:expr,
        lock_head = $lock_head:expr,
        claim_lock = $claim_lock:expr,
        greatest = $greatest:expr,
        schema_sql = $schema_sql:expr,
        chain = $chain:expr,
    ) => {
        use super::{ALL_TABLES, INSERT_ROWS_MAX, PROJECTION_TABLES, TALLY_ADD};
        use crate::projections::{self, Update};
        use crate::{AppendBatch, Appended, ChainHead, Job, NewJob, StoreError};
        use chrono::{DateTime, TimeZone, Utc};
        use sqlx::{QueryBuilder, Row};
        use std::collections::{BTreeMap, HashMap};
        use zhixing_core::event::{self, EventContext, ExpectedVersion, RecordedEvent};

        type Tx<'c> = sqlx::Transaction<'c, $db>;

        crate::gateway::gateway_write_impl!($db);

        pub(crate) async fn append(
            pool: &$pool,
            batch: &AppendBatch,
            context: &EventContext,
        ) -> Result<Appended, StoreError> {
            let mut tx = pool.begin_with($begin).await?;
            let head = sqlx::query($lock_head).fetch_one(&mut *tx).await?;
            let appended = append_in_tx(&mut tx, &head, batch, context).await?;
            tx.commit().await?;
            Ok(appended)
        }

        /// Takes the next value of `counter` and appends the batch `build` makes with it, in one
        /// transaction: the number is used exactly when the events are stored, so numbers have no gaps
        /// and no duplicates. Appends are already ordered by the chain-head lock, which is taken first.
        pub(crate) async fn append_numbered<F>(
            pool: &$pool,
            counter: &str,
            build: F,
            context_of: impl Fn(&AppendBatch) -> EventContext,
        ) -> Result<(u64, Appended), StoreError>
        where
            F: FnOnce(u64) -> Result<AppendBatch, StoreError>,
        {
            let mut tx = pool.begin_with($begin).await?;
            let head = sqlx::query($lock_head).fetch_one(&mut *tx).await?;
            let value: i64 = sqlx::query_scalar(
                "INSERT INTO counters (name, value) VALUES ($1, 1) \
                 ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
            )
            .bind(counter)
            .fetch_one(&mut *tx)
            .await?;
            let batch = build(value as u64)?;
            let context = context_of(&batch);
            crate::validate_batch(&batch, &context)?;
            let appended = append_in_tx(&mut tx, &head, &batch, &context).await?;
            tx.commit().await?;
            Ok((value as u64, appended))
        }

        /// The last value taken from a counter (0 when none was).
        pub(crate) async fn counter_value(pool: &$pool, counter: &str) -> Result<u64, StoreError> {
            let value: Option<i64> = sqlx::query_scalar("SELECT value FROM counters WHERE name = $1")
                .bind(counter)
                .fetch_optional(pool)
                .await?;
            Ok(value.unwrap_or(0) as u64)
        }

        /// Appends in `tx`, which holds the chain-head lock; `head` is the chain-head row read under it.
        async fn append_in_tx(
            tx: &mut Tx<'_>,
            head: &<$db as sqlx::Database>::Row,
            batch: &AppendBatch,
            context: &EventContext,
        ) -> Result<Appended, StoreError> {
            let mut position = head.try_get::<i64, _>("position")? as u64;
            let mut prev_hash = hash32(head.try_get::<Vec<u8>, _>("hash")?)?;
            let first_position = position + 1;

            let current = stream_versions(tx, batch).await?;
            let mut records = Vec::with_capacity(batch.event_count());
            let mut stream_versions = Vec::with_capacity(batch.streams.len());
            for stream in &batch.streams {
                let actual = current.get(stream.stream_id.as_str()).copied().unwrap_or(0);
                let ok = match stream.expected {
                    ExpectedVersion::Any => true,
                    ExpectedVersion::NoStream => actual == 0,
                    ExpectedVersion::Exact(v) => actual == v,
                };
                if !ok {
                    return Err(StoreError::Conflict {
                        stream_id: stream.stream_id.clone(),
                        expected: format!("{:?}", stream.expected),
                        actual,
                    });
                }
                let mut version = actual;
                for new in &stream.events {
                    position += 1;
                    version += 1;
                    let mut record = RecordedEvent {
                        position,
                        event_id: new_event_id(context.at),
                        stream_id: stream.stream_id.clone(),
                        stream_version: version,
                        event_type: new.event_type.clone(),
                        schema_version: new.schema_version,
                        actor: context.actor.clone(),
                        court: context.court.clone(),
                        recorded_at: context.at,
                        reason: context.reason.clone(),
                        payload: new.payload.clone(),
                        prev_hash,
                        hash: [0; 32],
                    };
                    record.hash = record.compute_hash();
                    prev_hash = record.hash;
                    records.push(record);
                }
                stream_versions.push((stream.stream_id.clone(), version));
            }

            insert_events(tx, &records).await?;
            upsert_streams(tx, &stream_versions).await?;
            sqlx::query("UPDATE chain_head SET position = $1, hash = $2 WHERE id = 1")
                .bind(position as i64)
                .bind(prev_hash.to_vec())
                .execute(&mut **tx)
                .await?;
            for record in &records {
                for update in projections::updates(record)? {
                    apply(tx, update).await?;
                }
            }
            insert_jobs(tx, &batch.jobs, context.at).await?;
            for write in &batch.gateway {
                apply_gateway(tx, write, context.at.timestamp_micros()).await?;
            }
            for (counter, at_least) in &batch.counter_floors {
                let sql = format!(
                    "INSERT INTO counters (name, value) VALUES ($1, $2) \
                     ON CONFLICT (name) DO UPDATE SET value = {}(counters.value, excluded.value)",
                    $greatest
                );
                sqlx::query(&sql).bind(counter.clone()).bind(*at_least as i64).execute(&mut **tx).await?;
            }
            Ok(Appended { first_position, last_position: position, stream_versions })
        }

        async fn stream_versions(
            tx: &mut Tx<'_>,
            batch: &AppendBatch,
        ) -> Result<HashMap<String, u64>, StoreError> {
            let mut current = HashMap::new();
            for chunk in batch.streams.chunks(INSERT_ROWS_MAX) {
                let mut qb = QueryBuilder::<$db>::new("SELECT stream_id, version FROM streams WHERE stream_id IN (");
                let mut list = qb.separated(", ");
                for stream in chunk {
                    list.push_bind(stream.stream_id.clone());
                }
                qb.push(")");
                for row in qb.build().fetch_all(&mut **tx).await? {
                    current.insert(row.try_get::<String, _>("stream_id")?, row.try_get::<i64, _>("version")? as u64);
                }
            }
            Ok(current)
        }

        async fn insert_events(tx: &mut Tx<'_>, records: &[RecordedEvent]) -> Result<(), StoreError> {
            for chunk in records.chunks(INSERT_ROWS_MAX) {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO events (position, event_id, stream_id, stream_version, event_type, \
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
                qb.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        async fn upsert_streams(tx: &mut Tx<'_>, versions: &[(String, u64)]) -> Result<(), StoreError> {
            for chunk in versions.chunks(INSERT_ROWS_MAX) {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO streams (stream_id, version) ");
                qb.push_values(chunk, |mut row, (id, version)| {
                    row.push_bind(id.clone()).push_bind(*version as i64);
                });
                qb.push(" ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version");
                qb.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        pub(crate) async fn insert_jobs(
            tx: &mut Tx<'_>,
            jobs: &[NewJob],
            now: DateTime<Utc>,
        ) -> Result<(), StoreError> {
            let now_us = now.timestamp_micros();
            for job in jobs {
                sqlx::query(
                    "INSERT INTO jobs (kind, payload, idempotency_key, state, attempts, run_at_us, \
                     locked_until_us, last_error, created_at_us, updated_at_us) \
                     VALUES ($1, $2, $3, 'queued', 0, $4, 0, NULL, $5, $5) \
                     ON CONFLICT (idempotency_key) DO NOTHING",
                )
                .bind(job.kind.clone())
                .bind(job.payload.clone())
                .bind(job.idempotency_key.clone())
                .bind(job.run_at.map_or(now_us, |t| t.timestamp_micros()))
                .bind(now_us)
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        }

        async fn apply(tx: &mut Tx<'_>, update: Update) -> Result<(), StoreError> {
            match update {
                Update::InsertUser { user, created_at_us, version } => {
                    sqlx::query(
                        "INSERT INTO users (user_id, login, name, court, roles, password_hash, disabled, \
                         created_at_us, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(user.user_id)
                    .bind(user.login)
                    .bind(user.name)
                    .bind(user.court)
                    .bind(projections::roles_column(&user.roles))
                    .bind(user.password_hash)
                    .bind(false)
                    .bind(created_at_us)
                    .bind(version)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::SetRoles { user_id, roles, version } => {
                    sqlx::query("UPDATE users SET roles = $1, version = $2 WHERE user_id = $3")
                        .bind(roles)
                        .bind(version)
                        .bind(user_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::SetPassword { user_id, password_hash, version } => {
                    sqlx::query("UPDATE users SET password_hash = $1, version = $2 WHERE user_id = $3")
                        .bind(password_hash)
                        .bind(version)
                        .bind(user_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::Disable { user_id, version } => {
                    sqlx::query("UPDATE users SET disabled = $1, version = $2 WHERE user_id = $3")
                        .bind(true)
                        .bind(version)
                        .bind(user_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::InsertToken { token, version } => {
                    let user_id = token.user_id.clone();
                    sqlx::query(
                        "INSERT INTO api_tokens (token_id, user_id, token_hash, label, expires_at_us, revoked) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(token.token_id)
                    .bind(token.user_id)
                    .bind(token.token_hash)
                    .bind(token.label)
                    .bind(token.expires_at_us)
                    .bind(false)
                    .execute(&mut **tx)
                    .await?;
                    set_user_version(tx, user_id, version).await?;
                }
                Update::RevokeToken { user_id, token_id, version } => {
                    sqlx::query("UPDATE api_tokens SET revoked = $1 WHERE token_id = $2")
                        .bind(true)
                        .bind(token_id)
                        .execute(&mut **tx)
                        .await?;
                    set_user_version(tx, user_id, version).await?;
                }
                Update::InsertCase { case } => insert_case(tx, *case).await?,
                Update::CaseOfficer { case_id, officer } => {
                    sqlx::query("UPDATE cases SET officer = $1 WHERE case_id = $2")
                        .bind(officer.clone())
                        .bind(case_id.clone())
                        .execute(&mut **tx)
                        .await?;
                    // The deadlines keep their case's officer for the deadline lists.
                    sqlx::query("UPDATE case_deadlines SET officer = $1 WHERE case_id = $2")
                        .bind(officer)
                        .bind(case_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::CaseStatus { case_id, status, closing_mode, closed_on, paid_fen } => {
                    sqlx::query(
                        "UPDATE cases SET status = $1, closing_mode = COALESCE($2, closing_mode), closed_on = $3, \
                         paid_fen = COALESCE($4, paid_fen) WHERE case_id = $5",
                    )
                        .bind(status)
                        .bind(&closing_mode)
                        .bind(&closed_on)
                        .bind(paid_fen)
                        .bind(&case_id)
                        .execute(&mut **tx)
                        .await?;
                    if status == "closed" {
                        tally_closed(tx, &case_id, closing_mode.as_deref().unwrap_or_default(), &closed_on).await?;
                    }
                }
                Update::DeadlineAlerted { case_id, node, due_on, level } => {
                    sqlx::query(
                        "UPDATE case_deadlines SET alert_level = $1 \
                         WHERE case_id = $2 AND node = $3 AND due_on = $4 AND alert_level < $1",
                    )
                    .bind(i64::from(level))
                    .bind(case_id)
                    .bind(node)
                    .bind(due_on)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::InsertInquiry { case_id, court, inquiry, at_us } => {
                    sqlx::query(
                        "INSERT INTO inquiries (inquiry_id, case_id, court, case_number, urgent, subjects, classes, \
                         institutions, requested_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         ON CONFLICT (inquiry_id) DO NOTHING",
                    )
                    .bind(inquiry.inquiry_id.clone())
                    .bind(case_id)
                    .bind(court)
                    .bind(inquiry.case_number.clone())
                    .bind(i64::from(inquiry.urgent))
                    .bind(serde_json::to_string(&inquiry.subjects).unwrap_or_default())
                    .bind(serde_json::to_string(&inquiry.classes).unwrap_or_default())
                    .bind(i64::from(inquiry.institutions))
                    .bind(at_us)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::InsertControl { case_id, court, institution, urgent, request_id, request, at_us } => {
                    sqlx::query(
                        "INSERT INTO control_requests (request_id, case_id, court, institution, urgent, request, \
                         requested_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING",
                    )
                    .bind(request_id)
                    .bind(case_id)
                    .bind(court)
                    .bind(institution)
                    .bind(i64::from(urgent))
                    .bind(request)
                    .bind(at_us)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::LibraryScheduled { case_id, entry_due, rounds, first_requery_on, last_requery_on } => {
                    // The court is the case's, from its row (a case enters the library after it is filed).
                    sqlx::query(
                        "INSERT INTO zhongben_library (case_id, court, entry_due, rounds, first_requery_on, \
                         last_requery_on, rounds_due, rounds_answered, rounds_found, last_found_on, resumed_as) \
                         SELECT case_id, court, $2, $3, $4, $5, 0, 0, 0, '', '' FROM cases WHERE case_id = $1 \
                         ON CONFLICT (case_id) DO UPDATE SET entry_due = excluded.entry_due, rounds = excluded.rounds, \
                         first_requery_on = excluded.first_requery_on, last_requery_on = excluded.last_requery_on",
                    )
                    .bind(case_id)
                    .bind(entry_due)
                    .bind(rounds)
                    .bind(first_requery_on)
                    .bind(last_requery_on)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::LibraryRequeryDue { case_id, round } => {
                    let sql = format!(
                        "UPDATE zhongben_library SET rounds_due = {}(rounds_due, $1) WHERE case_id = $2",
                        $greatest
                    );
                    sqlx::query(&sql).bind(round).bind(case_id).execute(&mut **tx).await?;
                }
                Update::LibraryRequeryAnswered { case_id, property_found, answered_on } => {
                    sqlx::query(
                        "UPDATE zhongben_library SET rounds_answered = rounds_answered + 1, \
                         rounds_found = rounds_found + $1, \
                         last_found_on = CASE WHEN $1 = 1 THEN $2 ELSE last_found_on END WHERE case_id = $3",
                    )
                    .bind(i64::from(property_found))
                    .bind(answered_on)
                    .bind(case_id)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::LibraryResumed { case_id, resumed_as } => {
                    sqlx::query("UPDATE zhongben_library SET resumed_as = $1 WHERE case_id = $2")
                        .bind(resumed_as)
                        .bind(case_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::CreditStream { stream_id, position } => {
                    sqlx::query(
                        "INSERT INTO credit_streams (stream_id, last_position) VALUES ($1, $2) \
                         ON CONFLICT (stream_id) DO UPDATE SET last_position = excluded.last_position",
                    )
                    .bind(stream_id)
                    .bind(position)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::InsertPublic { entry } => {
                    let e = *entry;
                    sqlx::query(
                        "INSERT INTO credit_history (entry_id, list, court, published_from, ended_on) \
                         VALUES ($1, $2, $3, $4, '') ON CONFLICT (entry_id) DO NOTHING",
                    )
                    .bind(&e.entry_id)
                    .bind(e.list)
                    .bind(&e.court)
                    .bind(&e.published_from)
                    .execute(&mut **tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO credit_public (entry_id, list, stream_id, id_number, name, case_number, court, \
                         published_from, ends_on, fields, official) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                         ON CONFLICT (entry_id) DO NOTHING",
                    )
                    .bind(e.entry_id)
                    .bind(e.list)
                    .bind(e.stream_id)
                    .bind(e.id_number)
                    .bind(e.name)
                    .bind(e.case_number)
                    .bind(e.court)
                    .bind(e.published_from)
                    .bind(e.ends_on)
                    .bind(e.fields)
                    .bind(e.official)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::DeletePublic { entry_id, on } => {
                    sqlx::query("DELETE FROM credit_public WHERE entry_id = $1")
                        .bind(&entry_id)
                        .execute(&mut **tx)
                        .await?;
                    sqlx::query("UPDATE credit_history SET ended_on = $1 WHERE entry_id = $2 AND ended_on = ''")
                        .bind(on)
                        .bind(entry_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::FreezeRequested { request_id, case_id, court, institution, until } => {
                    sqlx::query(
                        "INSERT INTO freezes (request_id, case_id, court, institution, freeze_ref, until, status) \
                         VALUES ($1, $2, $3, $4, '', $5, 'requested') ON CONFLICT (request_id) DO NOTHING",
                    )
                    .bind(request_id)
                    .bind(case_id)
                    .bind(court)
                    .bind(institution)
                    .bind(until)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::Deducted { case_id, fen } => {
                    sqlx::query("UPDATE cases SET deducted_fen = deducted_fen + $1 WHERE case_id = $2")
                        .bind(fen)
                        .bind(case_id)
                        .execute(&mut **tx)
                        .await?;
                }
                Update::Payout { case_id, change } => match change {
                    crate::projections::PayoutChange::Received { position, court, on, due_on } => {
                        sqlx::query(
                            "INSERT INTO case_payouts (case_id, position, court, received_on, due_on, paid_on) \
                             VALUES ($1, $2, $3, $4, $5, '') ON CONFLICT (case_id, position) DO NOTHING",
                        )
                        .bind(case_id)
                        .bind(position)
                        .bind(court)
                        .bind(on)
                        .bind(due_on)
                        .execute(&mut **tx)
                        .await?;
                    }
                    crate::projections::PayoutChange::PaidOut { on } => {
                        sqlx::query(
                            "UPDATE case_payouts SET paid_on = $1 \
                             WHERE case_id = $2 AND paid_on = '' AND received_on <= $1",
                        )
                        .bind(on)
                        .bind(case_id)
                        .execute(&mut **tx)
                        .await?;
                    }
                },
                Update::FreezeChanged { case_id, by, status, until, freeze_ref } => {
                    let (column, key) = match by {
                        crate::projections::FreezeKey::Request(id) => ("request_id", id),
                        crate::projections::FreezeKey::Reference(r) => ("freeze_ref", r),
                    };
                    sqlx::query(&format!(
                        "UPDATE freezes SET status = COALESCE($1, status), until = COALESCE($2, until), \
                         freeze_ref = COALESCE($3, freeze_ref) WHERE case_id = $4 AND {column} = $5"
                    ))
                    .bind(status)
                    .bind(until)
                    .bind(freeze_ref)
                    .bind(case_id)
                    .bind(key)
                    .execute(&mut **tx)
                    .await?;
                }
                Update::ReplaceDeadlines { computed } => {
                    // The open node deadlines replaced, for the tallies of cases by node.
                    let replaced = sqlx::query(
                        "DELETE FROM case_deadlines WHERE case_id = $1 RETURNING court, node, suspended",
                    )
                    .bind(computed.case_id.clone())
                    .fetch_all(&mut **tx)
                    .await?;
                    let mut moved: std::collections::BTreeMap<(String, String), i64> = Default::default();
                    for row in &replaced {
                        if !row.try_get::<bool, _>("suspended")? {
                            let key = (row.try_get::<String, _>("court")?, row.try_get::<String, _>("node")?);
                            *moved.entry(key).or_default() -= 1;
                        }
                    }
                    for d in computed.deadlines.iter().filter(|d| !d.suspended) {
                        *moved.entry((computed.court.clone(), d.node.clone())).or_default() += 1;
                    }
                    moved.retain(|(_, node), n| *n != 0 && node != "closing");
                    if !moved.is_empty() {
                        let mut qb = QueryBuilder::<$db>::new("INSERT INTO court_tallies (court, metric, day, n) ");
                        qb.push_values(moved, |mut row, ((court, node), n)| {
                            row.push_bind(court).push_bind(format!("node:{node}")).push_bind("").push_bind(n);
                        });
                        qb.push(" ");
                        qb.push(TALLY_ADD);
                        qb.build().execute(&mut **tx).await?;
                    }
                    if !computed.deadlines.is_empty() {
                        // The case's 案号 and officer, copied beside each deadline for the deadline lists
                        // (empty if the case has no row, as the columns' defaults).
                        let case = sqlx::query("SELECT case_number, officer FROM cases WHERE case_id = $1")
                            .bind(computed.case_id.clone())
                            .fetch_optional(&mut **tx)
                            .await?;
                        let (case_number, officer) = match case {
                            Some(row) => (row.try_get::<String, _>("case_number")?, row.try_get::<String, _>("officer")?),
                            None => (String::new(), String::new()),
                        };
                        let mut qb = QueryBuilder::<$db>::new(
                            "INSERT INTO case_deadlines (case_id, court, node, due_on, warn_from, suspended, alert_level, \
                             case_number, officer) ",
                        );
                        qb.push_values(&computed.deadlines, |mut row, d| {
                            row.push_bind(computed.case_id.clone())
                                .push_bind(computed.court.clone())
                                .push_bind(d.node.clone())
                                .push_bind(d.due_on.clone())
                                .push_bind(d.warn_from.clone())
                                .push_bind(d.suspended)
                                .push_bind(i64::from(d.alert_level))
                                .push_bind(case_number.clone())
                                .push_bind(officer.clone());
                        });
                        qb.build().execute(&mut **tx).await?;
                    }
                }
            }
            Ok(())
        }

        /// Every event of a user's stream moves `users.version`, so a use case can append with it.
        async fn set_user_version(tx: &mut Tx<'_>, user_id: String, version: i64) -> Result<(), StoreError> {
            sqlx::query("UPDATE users SET version = $1 WHERE user_id = $2")
                .bind(version)
                .bind(user_id)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// Counts a case closed on `closed_on` in `mode`: closed, closed_<mode>, and for a first-instance (执)
        /// case first_closed and the days from filing (first_days).
        async fn tally_closed(tx: &mut Tx<'_>, case_id: &str, mode: &str, closed_on: &str) -> Result<(), StoreError> {
            let Some(row) = sqlx::query(
                "SELECT court, case_type, filed_on, claim_fen, paid_fen, deducted_fen FROM cases WHERE case_id = $1",
            )
                .bind(case_id)
                .fetch_optional(&mut **tx)
                .await?
            else {
                return Ok(());
            };
            let (court, case_type, filed_on): (String, String, String) =
                (row.try_get("court")?, row.try_get("case_type")?, row.try_get("filed_on")?);
            // 执行到位率: the claim, and what was received — the officer's record at 执行完毕, else the
            // deductions confirmed (whichever is more: the record includes the deductions).
            let (claim, paid, deducted): (i64, i64, i64) =
                (row.try_get("claim_fen")?, row.try_get("paid_fen")?, row.try_get("deducted_fen")?);
            let mut metrics = vec![
                ("closed".to_owned(), 1),
                (format!("closed_{mode}"), 1),
                ("closed_claim_fen".to_owned(), claim),
                ("closed_recovered_fen".to_owned(), paid.max(deducted)),
            ];
            if case_type == "执" {
                let days = crate::dashboard::days_between(&filed_on, closed_on);
                metrics.extend([("first_closed".to_owned(), 1), ("first_days".to_owned(), days)]);
            }
            let mut qb = QueryBuilder::<$db>::new("INSERT INTO court_tallies (court, metric, day, n) ");
            qb.push_values(metrics, |mut row, (metric, n)| {
                row.push_bind(court.clone()).push_bind(metric).push_bind(closed_on.to_owned()).push_bind(n);
            });
            qb.push(" ");
            qb.push(TALLY_ADD);
            qb.build().execute(&mut **tx).await?;
            Ok(())
        }

        async fn insert_case(tx: &mut Tx<'_>, case: zhixing_core::cases::CaseFiled) -> Result<(), StoreError> {
            let (court, filed_on) = (case.court.clone(), case.filed_on.clone());
            // 申请执行标的 for 执行到位率: principal, interest and costs as filed.
            let claim_fen = case.owed().map_or(0, |a| a.fen());
            let names = |parties: &[zhixing_core::cases::PartyRecord]| {
                parties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("、")
            };
            let parties = case
                .applicants
                .iter()
                .map(|p| ("applicant", p))
                .chain(case.debtors.iter().map(|p| ("debtor", p)))
                .collect::<Vec<_>>();
            // The case row, its court's count of cases received that day and its parties: three writes
            // sent as one statement (one round trip inside the append's transaction).
            let [first, second, last] = $chain;
            let mut qb = QueryBuilder::<$db>::new(first);
            qb.push(
                "INSERT INTO cases (case_id, case_number, court, year, seq, case_type, filed_on, principal_fen, \
                 applicants, debtors, status, basis_number, claim_fen) VALUES (",
            );
            qb.separated(", ")
                .push_bind(case.case_id.clone())
                .push_bind(case.case_number.clone())
                .push_bind(court.clone())
                .push_bind(i64::from(case.year))
                .push_bind(i64::from(case.seq))
                .push_bind(case.case_type.clone())
                .push_bind(filed_on.clone())
                .push_bind(case.principal_fen)
                .push_bind(names(&case.applicants))
                .push_bind(names(&case.debtors))
                .push_bind("filed")
                .push_bind(zhixing_core::cases::filing::normalize_document_number(&case.basis.document_number))
                .push_bind(claim_fen);
            qb.push(")");
            qb.push(second);
            qb.push("INSERT INTO court_tallies (court, metric, day, n) VALUES (");
            qb.push_bind(court);
            qb.push(", 'received', ");
            qb.push_bind(filed_on);
            qb.push(format!(", 1) {TALLY_ADD}"));
            qb.push(last);
            if parties.is_empty() {
                qb.push("SELECT 1");
            } else {
                qb.push("INSERT INTO case_parties (case_id, ordinal, role, kind, name, id_number) ");
                qb.push_values(parties.iter().enumerate(), |mut row, (i, (role, p))| {
                    row.push_bind(case.case_id.clone())
                        .push_bind(i as i64)
                        .push_bind(*role)
                        .push_bind(p.kind.clone())
                        .push_bind(p.name.clone())
                        .push_bind(p.id_number.clone());
                });
            }
            qb.build().execute(&mut **tx).await?;
            Ok(())
        }

        pub(crate) async fn read_stream(
            pool: &$pool,
            stream_id: &str,
            from_version: u64,
            limit: u32,
        ) -> Result<Vec<RecordedEvent>, StoreError> {
            let rows = sqlx::query(
                "SELECT * FROM events WHERE stream_id = $1 AND stream_version >= $2 \
                 ORDER BY stream_version LIMIT $3",
            )
            .bind(stream_id)
            // A version past i64::MAX would wrap to a negative bound and read the whole stream.
            .bind(i64::try_from(from_version).unwrap_or(i64::MAX))
            .bind(i64::from(limit.min(zhixing_core::limits::REPLAY_PAGE_EVENTS)))
            .fetch_all(pool)
            .await?;
            rows.iter().map(record).collect()
        }

        pub(crate) async fn read_all(
            pool: &$pool,
            from_position: u64,
            limit: u32,
        ) -> Result<Vec<RecordedEvent>, StoreError> {
            let rows = sqlx::query("SELECT * FROM events WHERE position >= $1 ORDER BY position LIMIT $2")
                .bind(i64::try_from(from_position).unwrap_or(i64::MAX))
                .bind(i64::from(limit.min(zhixing_core::limits::REPLAY_PAGE_EVENTS)))
                .fetch_all(pool)
                .await?;
            rows.iter().map(record).collect()
        }

        pub(crate) async fn stream_version(pool: &$pool, stream_id: &str) -> Result<u64, StoreError> {
            let version: Option<i64> = sqlx::query_scalar("SELECT version FROM streams WHERE stream_id = $1")
                .bind(stream_id)
                .fetch_optional(pool)
                .await?;
            Ok(version.unwrap_or(0) as u64)
        }

        pub(crate) async fn head(pool: &$pool) -> Result<ChainHead, StoreError> {
            let row = sqlx::query("SELECT position, hash FROM chain_head WHERE id = 1").fetch_one(pool).await?;
            Ok(ChainHead {
                position: row.try_get::<i64, _>("position")? as u64,
                hash: hash32(row.try_get::<Vec<u8>, _>("hash")?)?,
            })
        }

        pub(crate) async fn clear_projections(pool: &$pool) -> Result<(), StoreError> {
            let mut tx = pool.begin_with($begin).await?;
            for table in PROJECTION_TABLES {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        }

        /// Applies the updates of a page that `keep` selects (a new read model filled from the log).
        pub(crate) async fn apply_page_where(
            pool: &$pool,
            page: &[RecordedEvent],
            keep: fn(&projections::Update) -> bool,
        ) -> Result<(), StoreError> {
            let mut tx = pool.begin_with($begin).await?;
            for record in page {
                for update in projections::updates(record)? {
                    if keep(&update) {
                        apply(&mut tx, update).await?;
                    }
                }
            }
            tx.commit().await?;
            Ok(())
        }

        pub(crate) async fn reset(pool: &$pool) -> Result<(), StoreError> {
            let mut tx = pool.begin_with($begin).await?;
            for table in ALL_TABLES {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO chain_head (id, position, hash) VALUES (1, 0, $1)")
                .bind(event::GENESIS_HASH.to_vec())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        }

        pub(crate) async fn schema(pool: &$pool) -> Result<Vec<(String, String)>, StoreError> {
            let rows = sqlx::query($schema_sql).fetch_all(pool).await?;
            let mut columns = rows
                .iter()
                .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            columns.retain(|(table, _)| !table.starts_with("_sqlx") && !table.starts_with("sqlite_"));
            columns.sort();
            Ok(columns)
        }

        pub(crate) async fn claim_jobs(
            pool: &$pool,
            limit: u32,
            lease_seconds: i64,
            now: DateTime<Utc>,
        ) -> Result<Vec<Job>, StoreError> {
            let now_us = now.timestamp_micros();
            let lease_us = lease_seconds.clamp(1, 86_400) * 1_000_000;
            let mut tx = pool.begin_with($begin).await?;
            let sql = format!(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until_us = $1, updated_at_us = $2 \
                 WHERE id IN (SELECT id FROM jobs WHERE (state = 'queued' AND run_at_us <= $2) \
                 OR (state = 'running' AND locked_until_us < $2) ORDER BY run_at_us, id LIMIT $3 {}) \
                 RETURNING id, kind, payload, attempts",
                $claim_lock
            );
            let rows = sqlx::query(&sql)
                .bind(now_us + lease_us)
                .bind(now_us)
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            let mut jobs = rows
                .iter()
                .map(|r| {
                    Ok(Job {
                        id: r.try_get("id")?,
                        kind: r.try_get("kind")?,
                        payload: r.try_get("payload")?,
                        attempts: r.try_get::<i64, _>("attempts")? as u32,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            jobs.sort_by_key(|j| j.id);
            Ok(jobs)
        }

        pub(crate) async fn finish_job(
            pool: &$pool,
            id: i64,
            attempts: u32,
            state: &str,
            run_at: DateTime<Utc>,
            error: Option<String>,
            now: DateTime<Utc>,
        ) -> Result<(), StoreError> {
            // `attempts` names the lease: a worker whose lease ran out and whose job was claimed
            // again (attempts + 1) must not overwrite the new holder's state.
            sqlx::query(
                "UPDATE jobs SET state = $1, run_at_us = $2, last_error = $3, locked_until_us = 0, \
                 updated_at_us = $4 WHERE id = $5 AND state = 'running' AND attempts = $6",
            )
            .bind(state)
            .bind(run_at.timestamp_micros())
            .bind(error)
            .bind(now.timestamp_micros())
            .bind(id)
            .bind(i64::from(attempts))
            .execute(pool)
            .await?;
            Ok(())
        }

        pub(crate) async fn job_counts(pool: &$pool) -> Result<BTreeMap<String, i64>, StoreError> {
            let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").fetch_all(pool).await?;
            rows.iter()
                .map(|r| Ok((r.try_get::<String, _>("state")?, r.try_get::<i64, _>("n")?)))
                .collect::<Result<_, sqlx::Error>>()
                .map_err(StoreError::from)
        }

        fn record(row: &<$db as sqlx::Database>::Row) -> Result<RecordedEvent, StoreError> {
            let id_bytes: Vec<u8> = row.try_get("event_id")?;
            let event_id = uuid::Uuid::from_slice(&id_bytes)
                .map_err(|_| StoreError::ChainBroken { position: 0, reason: "malformed event id" })?;
            let micros: i64 = row.try_get("recorded_at_us")?;
            Ok(RecordedEvent {
                position: row.try_get::<i64, _>("position")? as u64,
                event_id,
                stream_id: row.try_get("stream_id")?,
                stream_version: row.try_get::<i64, _>("stream_version")? as u64,
                event_type: row.try_get("event_type")?,
                schema_version: row.try_get::<i64, _>("schema_version")? as u32,
                actor: row.try_get("actor")?,
                court: row.try_get("court")?,
                recorded_at: Utc.timestamp_micros(micros).single().unwrap_or_default(),
                reason: row.try_get("reason")?,
                payload: row.try_get("payload")?,
                prev_hash: hash32(row.try_get("prev_hash")?)?,
                hash: hash32(row.try_get("hash")?)?,
            })
        }

        fn hash32(bytes: Vec<u8>) -> Result<[u8; 32], StoreError> {
            bytes.try_into().map_err(|_| StoreError::ChainBroken { position: 0, reason: "malformed hash" })
        }

        /// A UUIDv7 from the injected clock's instant and random bits.
        fn new_event_id(at: DateTime<Utc>) -> uuid::Uuid {
            let ts = uuid::Timestamp::from_unix(
                uuid::NoContext,
                at.timestamp().max(0) as u64,
                at.timestamp_subsec_nanos(),
            );
            uuid::Uuid::new_v7(ts)
        }
    };
}

pub(crate) mod sqlite {
    backend_impl! {
        db = sqlx::Sqlite,
        pool = sqlx::SqlitePool,
        // IMMEDIATE takes the write lock at BEGIN, so two writers queue on busy_timeout instead of
        // failing when a read lock cannot be upgraded.
        begin_write = "BEGIN IMMEDIATE",
        lock_head = "SELECT position, hash FROM chain_head WHERE id = 1",
        claim_lock = "",
        greatest = "max",
        schema_sql = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
        // Three writes in one round trip: SQLite runs a text of several statements, binding `?` in order.
        chain = ["", "; ", "; "],
    }
}

pub(crate) mod postgres {
    backend_impl! {
        db = sqlx::Postgres,
        pool = sqlx::PgPool,
        begin_write = "BEGIN",
        // The row lock on the chain head orders appends globally: the hash chain needs the previous
        // event's hash, and positions stay gapless.
        lock_head = "SELECT position, hash FROM chain_head WHERE id = 1 FOR UPDATE",
        claim_lock = "FOR UPDATE SKIP LOCKED",
        greatest = "GREATEST",
        schema_sql = "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()",
        // Three writes in one round trip: the first two as data-modifying WITH clauses of the third.
        chain = ["WITH new_case AS (", "), received AS (", ") "],
    }
}
