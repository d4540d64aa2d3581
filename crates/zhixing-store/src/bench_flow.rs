//! Support for `zhixing bench deadlines`: a fast loader of open cases (案件) and their open deadlines
//! (期限), the whole overdue and due-soon sets without a page limit, and the plain full scan they are
//! compared with. Setup is not what the benchmark measures, so the loader writes the projection
//! tables directly with multi-row INSERTs, bypassing the log.

use crate::{CaseRow, DeadlineRow, Store, StoreError};
use zhixing_core::cases::case::OpenDeadline;

/// Rows per multi-row INSERT: 13 columns × 1,000 rows stays under both backends' parameter bounds.
const ROWS_PER_STATEMENT: usize = 1_000;

impl Store {
    /// Inserts open cases in one transaction: each its `cases` row, its officer's name and its open
    /// deadlines (the rows a `DeadlinesComputed` event would leave in `case_deadlines`).
    pub async fn bench_load_open_cases(
        &self,
        cases: &[(CaseRow, String, Vec<OpenDeadline>)],
    ) -> Result<(), StoreError> {
        match &self.pool {
            crate::Pool::Sqlite(pool) => sqlite::load(pool, cases).await,
            crate::Pool::Postgres(pool) => postgres::load(pool, cases).await,
        }
    }

    /// What PostgreSQL's autovacuum does after a bulk load: `VACUUM ANALYZE` refreshes the planner's
    /// statistics and the visibility map (so an index-only scan need not visit the table). SQLite: `ANALYZE`.
    pub async fn bench_analyze(&self) -> Result<(), StoreError> {
        match &self.pool {
            crate::Pool::Sqlite(pool) => {
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            crate::Pool::Postgres(pool) => {
                sqlx::query("VACUUM ANALYZE").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// The size of the overdue (or due-soon) set: the same predicate, counted.
    pub async fn bench_deadlines_due_count(
        &self,
        courts: &[&str],
        today: &str,
        overdue: bool,
    ) -> Result<u64, StoreError> {
        match &self.pool {
            crate::Pool::Sqlite(pool) => sqlite::due_count(pool, courts, today, overdue).await,
            crate::Pool::Postgres(pool) => postgres::due_count(pool, courts, today, overdue).await,
        }
    }

    /// Every deadline (with its case's 案号 and officer) and whether its clock stands still (suspended),
    /// unfiltered and unordered: the plain way, a full scan of `case_deadlines`.
    pub async fn bench_deadlines_scan(&self) -> Result<Vec<(DeadlineRow, bool)>, StoreError> {
        match &self.pool {
            crate::Pool::Sqlite(pool) => sqlite::scan(pool).await,
            crate::Pool::Postgres(pool) => postgres::scan(pool).await,
        }
    }
}

macro_rules! bench_flow_impl {
    (db = $db:ty, pool = $pool:ty $(,)?) => {
        use super::ROWS_PER_STATEMENT;
        use crate::queries::{DEADLINE_COLUMNS, push_deadline_filter};
        use crate::{CaseRow, DeadlineRow, StoreError};
        use sqlx::{QueryBuilder, Row};
        use zhixing_core::cases::case::OpenDeadline;

        pub(super) async fn load(
            pool: &$pool,
            cases: &[(CaseRow, String, Vec<OpenDeadline>)],
        ) -> Result<(), StoreError> {
            let mut tx = pool.begin().await?;
            for chunk in cases.chunks(ROWS_PER_STATEMENT) {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO cases (case_id, case_number, court, year, seq, case_type, filed_on, \
                     principal_fen, applicants, debtors, status, basis_number, officer) ",
                );
                qb.push_values(chunk, |mut row, (c, officer, _)| {
                    row.push_bind(c.case_id.clone())
                        .push_bind(c.case_number.clone())
                        .push_bind(c.court.clone())
                        .push_bind(c.year)
                        .push_bind(c.seq)
                        .push_bind(c.case_type.clone())
                        .push_bind(c.filed_on.clone())
                        .push_bind(c.principal_fen)
                        .push_bind(c.applicants.clone())
                        .push_bind(c.debtors.clone())
                        .push_bind(c.status.clone())
                        .push_bind(c.basis_number.clone())
                        .push_bind(officer.clone());
                });
                qb.build().execute(&mut *tx).await?;
            }
            let deadlines = cases
                .iter()
                .flat_map(|(c, officer, deadlines)| deadlines.iter().map(move |d| (c, officer, d)))
                .collect::<Vec<_>>();
            for chunk in deadlines.chunks(ROWS_PER_STATEMENT) {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO case_deadlines (case_id, court, node, due_on, warn_from, suspended, \
                     case_number, officer) ",
                );
                qb.push_values(chunk, |mut row, (c, officer, d)| {
                    row.push_bind(c.case_id.clone())
                        .push_bind(c.court.clone())
                        .push_bind(d.node.clone())
                        .push_bind(d.due_on.clone())
                        .push_bind(d.warn_from.clone())
                        .push_bind(d.suspended)
                        .push_bind(c.case_number.clone())
                        .push_bind((*officer).clone());
                });
                qb.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        }

        pub(super) async fn due_count(
            pool: &$pool,
            courts: &[&str],
            today: &str,
            overdue: bool,
        ) -> Result<u64, StoreError> {
            if courts.is_empty() {
                return Ok(0);
            }
            let mut qb = QueryBuilder::<$db>::new("SELECT COUNT(*) FROM case_deadlines WHERE ");
            push_deadline_filter(&mut qb, courts, today, overdue);
            let n: i64 = qb.build().fetch_one(pool).await?.try_get(0)?;
            Ok(n.max(0) as u64)
        }

        pub(super) async fn scan(pool: &$pool) -> Result<Vec<(DeadlineRow, bool)>, StoreError> {
            let rows = sqlx::query(&format!("SELECT {DEADLINE_COLUMNS}, suspended FROM case_deadlines"))
                .fetch_all(pool)
                .await?;
            let scanned = rows
                .iter()
                .map(|r| Ok((deadline_row(r)?, r.try_get::<bool, _>("suspended")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            Ok(scanned)
        }

        fn deadline_row(r: &<$db as sqlx::Database>::Row) -> Result<DeadlineRow, sqlx::Error> {
            Ok(DeadlineRow {
                case_id: r.try_get("case_id")?,
                case_number: r.try_get("case_number")?,
                court: r.try_get("court")?,
                node: r.try_get("node")?,
                due_on: r.try_get("due_on")?,
                warn_from: r.try_get("warn_from")?,
                officer: r.try_get("officer")?,
            })
        }
    };
}

mod sqlite {
    bench_flow_impl!(db = sqlx::Sqlite, pool = sqlx::SqlitePool);
}

mod postgres {
    bench_flow_impl!(db = sqlx::Postgres, pool = sqlx::PgPool);
}
