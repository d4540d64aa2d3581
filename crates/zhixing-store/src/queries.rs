//! Reads of the case projections (by court, by 案号, duplicate candidates, cases against a debtor,
//! deadlines due) and the users row type that `accounts.rs` fills.
//!
//! The SQL is written once and instantiated per driver, like `backend.rs`. Rows come back as plain
//! structs with the column values decoded (roles parsed, instants as `DateTime<Utc>`), so the web
//! layer never sees a database row.

use crate::{Pool, Store, StoreError};
use chrono::{DateTime, Utc};
use zhixing_core::users::Role;

/// A row of the `users` projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub user_id: String,
    pub login: String,
    pub name: String,
    pub court: String,
    pub roles: Vec<Role>,
    /// argon2id PHC string.
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// Version of the user's stream when the row last changed.
    pub version: u64,
}

/// A row of the `cases` projection with its parties (applicants first, then debtors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub case_id: String,
    /// Canonical 案号.
    pub case_number: String,
    pub court: String,
    pub year: i64,
    pub seq: i64,
    /// 类型代字.
    pub case_type: String,
    /// YYYY-MM-DD.
    pub filed_on: String,
    pub principal_fen: i64,
    /// Display names, joined with '、'.
    pub applicants: String,
    pub debtors: String,
    pub status: String,
    /// The 执行依据's document number, normalized.
    pub basis_number: String,
    pub parties: Vec<CasePartyRow>,
}

/// An open deadline, with its case. Deserialized from a JSON array of its fields in this order too
/// (SQLite's whole-set query, [`Store::deadline_set`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct DeadlineRow {
    pub case_id: String,
    pub case_number: String,
    pub court: String,
    pub node: String,
    pub due_on: String,
    pub warn_from: String,
    pub officer: String,
}

/// A row of the `case_parties` projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePartyRow {
    pub ordinal: i64,
    /// `applicant` or `debtor`.
    pub role: String,
    /// `person` or `company`.
    pub kind: String,
    pub name: String,
    /// 公民身份号码 or 统一社会信用代码.
    pub id_number: String,
}

impl Store {
    /// Cases of the given courts, newest filing first, without their parties; `offset` rows skipped.
    pub async fn cases_in_courts(
        &self,
        courts: &[&str],
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let limit = limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX);
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::cases_in_courts(pool, courts, limit, offset).await,
            Pool::Postgres(pool) => postgres::cases_in_courts(pool, courts, limit, offset).await,
        }
    }

    /// Cases that may duplicate a new application: the same 执行依据 document number, or a debtor with
    /// one of `debtor_ids` and an applicant with one of `applicant_ids` (both sides shared). At most
    /// `limit`, newest first, each with its parties; one statement.
    pub async fn duplicate_candidates(
        &self,
        basis_number: &str,
        applicant_ids: &[&str],
        debtor_ids: &[&str],
        limit: u32,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let limit = limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX);
        match &self.pool {
            Pool::Sqlite(pool) => {
                sqlite::duplicate_candidates(pool, basis_number, applicant_ids, debtor_ids, limit).await
            }
            Pool::Postgres(pool) => {
                postgres::duplicate_candidates(pool, basis_number, applicant_ids, debtor_ids, limit).await
            }
        }
    }

    /// Open cases with a debtor holding one of the identifiers (关联案件), newest first, without
    /// their parties; `exclude` (a case id) left out. At most `limit`.
    pub async fn cases_against(
        &self,
        debtor_ids: &[&str],
        exclude: &str,
        limit: u32,
    ) -> Result<Vec<CaseRow>, StoreError> {
        if debtor_ids.is_empty() {
            return Ok(Vec::new());
        }
        let limit = limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX);
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::cases_against(pool, debtor_ids, exclude, limit).await,
            Pool::Postgres(pool) => postgres::cases_against(pool, debtor_ids, exclude, limit).await,
        }
    }

    /// Cases of `courts` with a party named `name` or identified by `id_number`, newest first, at most
    /// `limit`, without their parties: two index lookups on `case_parties` (name, id_number).
    pub async fn cases_with_party(
        &self,
        courts: &[&str],
        name: &str,
        id_number: &str,
        limit: u32,
    ) -> Result<Vec<CaseRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let limit = limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX);
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::cases_with_party(pool, courts, name, id_number, limit).await,
            Pool::Postgres(pool) => postgres::cases_with_party(pool, courts, name, id_number, limit).await,
        }
    }

    /// Open deadlines of the given courts that are overdue on `today` (due before it), or due soon
    /// (in their warning window and not yet overdue), soonest first: index ranges on the due date.
    pub async fn deadlines_due(
        &self,
        courts: &[&str],
        today: &str,
        overdue: bool,
        limit: u32,
    ) -> Result<Vec<DeadlineRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let limit = limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX);
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::deadlines_due(pool, courts, today, overdue, limit).await,
            Pool::Postgres(pool) => postgres::deadlines_due(pool, courts, today, overdue, limit).await,
        }
    }

    /// The whole overdue (or due-soon) set of the given courts on `today`, soonest first (then by 案号):
    /// the predicate and order of [`Store::deadlines_due`] without its page, for an export of the list.
    /// SQLite aggregates the rows into one JSON array (`json_group_array`), parsed here: a set of 200,000
    /// rows then crosses the driver as one value instead of 200,000 rows of seven columns, each copied
    /// and handed from the connection's thread to the task on its own.
    pub async fn deadline_set(
        &self,
        courts: &[&str],
        today: &str,
        overdue: bool,
    ) -> Result<Vec<DeadlineRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows = match &self.pool {
            Pool::Sqlite(pool) => {
                let mut qb = sqlx::QueryBuilder::new(
                    "SELECT json_group_array(json_array(case_id, case_number, court, node, due_on, warn_from, \
                     officer)) FROM case_deadlines WHERE ",
                );
                push_deadline_filter(&mut qb, courts, today, overdue);
                let json: Option<String> = sqlx::Row::try_get(&qb.build().fetch_one(pool).await?, 0)?;
                // An aggregate over no rows is NULL.
                match json {
                    None => Vec::new(),
                    Some(json) => serde_json::from_str(&json)
                        .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
                }
            }
            // PostgreSQL hands rows over cheaply and builds JSON slowly: at 1,000,000 cases `json_agg` took
            // half as long again as the rows themselves (1,611 against 1,064 ms for both sets). The rows, then.
            Pool::Postgres(pool) => {
                let mut qb =
                    sqlx::QueryBuilder::new(format!("SELECT {DEADLINE_COLUMNS} FROM case_deadlines WHERE "));
                push_deadline_filter(&mut qb, courts, today, overdue);
                postgres::deadline_rows(&qb.build().fetch_all(pool).await?)?
            }
        };
        // Read in index order (court by court) and sorted here: the database's sort of a whole set costs more
        // than sorting the rows once read. Byte order: SQLite's BINARY, and PostgreSQL's order in a database
        // created with the C collation (as the tests' and the benchmarks' are); in another collation, rows
        // due the same day may list their 案号 in another order than the paged list's.
        rows.sort_by(|a, b| (&a.due_on, &a.case_number).cmp(&(&b.due_on, &b.case_number)));
        Ok(rows)
    }

    /// Both whole sets, overdue and due soon, one after the other (side by side on two connections they
    /// took longer: 2,433 ms against 740 + 316 at 1,000,000 cases on two cores, see bench/RESULTS.md).
    pub async fn deadline_sets(
        &self,
        courts: &[&str],
        today: &str,
    ) -> Result<(Vec<DeadlineRow>, Vec<DeadlineRow>), StoreError> {
        let overdue = self.deadline_set(courts, today, true).await?;
        Ok((overdue, self.deadline_set(courts, today, false).await?))
    }

    /// The open deadlines (clock running) of one officer's cases at a court, soonest first: the officer's own
    /// list on the workbench, a range of the court's open deadlines filtered by officer.
    pub async fn officer_deadlines(
        &self,
        court: &str,
        officer: &str,
        limit: u32,
    ) -> Result<Vec<DeadlineRow>, StoreError> {
        let limit = limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX);
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::officer_deadlines(pool, court, officer, limit).await,
            Pool::Postgres(pool) => postgres::officer_deadlines(pool, court, officer, limit).await,
        }
    }

    /// Cases with an open deadline that owes a new alert on `today`: in its warning window with no
    /// alert yet, overdue with no team-leader alert, or due before `command_center_before` with no
    /// command-center alert. Soonest due first, at most `limit` distinct cases.
    pub async fn cases_owing_alerts(
        &self,
        today: &str,
        command_center_before: &str,
        limit: u32,
    ) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT case_id, MIN(due_on) AS first_due FROM case_deadlines WHERE NOT suspended AND \
                   ((warn_from <= $1 AND alert_level < 1) OR (due_on < $1 AND alert_level < 2) OR \
                   (due_on < $2 AND alert_level < 3)) GROUP BY case_id ORDER BY first_due, case_id LIMIT $3";
        macro_rules! run {
            ($pool:expr) => {{
                let rows = sqlx::query(sql)
                    .bind(today)
                    .bind(command_center_before)
                    .bind(i64::from(limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX)))
                    .fetch_all($pool)
                    .await?;
                rows.iter()
                    .map(|r| sqlx::Row::try_get::<String, _>(r, "case_id"))
                    .collect::<Result<Vec<_>, sqlx::Error>>()?
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => run!(pool),
            Pool::Postgres(pool) => run!(pool),
        })
    }

    /// Overdue open deadlines per court on `today`.
    pub async fn overdue_counts(&self, today: &str) -> Result<Vec<(String, i64)>, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::overdue_counts(pool, today).await,
            Pool::Postgres(pool) => postgres::overdue_counts(pool, today).await,
        }
    }

    /// The case with this 案号, if any.
    pub async fn case_by_number(&self, case_number: &str) -> Result<Option<CaseRow>, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlite::case_by_number(pool, case_number).await,
            Pool::Postgres(pool) => postgres::case_by_number(pool, case_number).await,
        }
    }
}

/// Parses the comma-separated `users.roles` column; an unknown name means the column was written
/// by something other than the projection, which is our failure, not the caller's.
pub(crate) fn parse_roles(column: &str) -> Result<Vec<Role>, StoreError> {
    column
        .split(',')
        .filter(|name| !name.is_empty())
        .map(|name| {
            Role::parse(name).ok_or_else(|| {
                StoreError::Database(sqlx::Error::Decode(format!("unknown role {name:?}").into()))
            })
        })
        .collect()
}

pub(crate) fn instant(micros: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(micros).ok_or_else(|| {
        StoreError::Database(sqlx::Error::Decode(format!("instant {micros} out of range").into()))
    })
}

/// The columns of the `cases` projection that [`CaseRow`] holds.
const CASE_COLUMNS: &str = "case_id, case_number, court, year, seq, case_type, filed_on, principal_fen, \
                            applicants, debtors, status, basis_number";

/// The columns of `case_deadlines` that [`DeadlineRow`] holds (the case's 案号 and officer are kept
/// beside each deadline, migration 0006).
pub(crate) const DEADLINE_COLUMNS: &str = "case_id, case_number, court, node, due_on, warn_from, officer";

/// How many calendar days after `today` a deadline can fall due and already be in its warning window
/// (预警). A window is at most [`WARNING_WORKING_DAYS_MAX`](zhixing_core::flow::WARNING_WORKING_DAYS_MAX)
/// working days before the due date
/// (`WarningPolicy::new` refuses more, and `flow::deadlines` counts them back from the due date on the
/// legal calendar); across every year of the official calendar, 20 working days span at most 38
/// calendar days (a 春节 or 国庆 break inside the window; the test below computes the span). So every
/// due-soon deadline has `today <= due_on <= today + DUE_SOON_HORIZON_DAYS`: the due-soon list reads
/// that index range, not every deadline due in the future, and `warn_from <= today` still decides.
pub(crate) const DUE_SOON_HORIZON_DAYS: u64 = 38;

/// `today + DUE_SOON_HORIZON_DAYS` as `YYYY-MM-DD`; `None` (no upper bound, same rows) if `today` is
/// not a date.
fn due_soon_horizon(today: &str) -> Option<String> {
    let day = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok()?;
    Some(day.checked_add_days(chrono::Days::new(DUE_SOON_HORIZON_DAYS))?.to_string())
}

/// `<predicate> AND court IN (…)` on `case_deadlines` for the overdue (超期) or due-soon (预警) set:
/// open deadlines whose clock runs, due before `today`, or due from `today` on with `warn_from <= today`.
/// Both are ranges of the partial index `case_deadlines_open (court, due_on, …)`.
pub(crate) fn push_deadline_filter<'a, DB: sqlx::Database>(
    qb: &mut sqlx::QueryBuilder<'a, DB>,
    courts: &[&str],
    today: &str,
    overdue: bool,
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push("NOT suspended AND ");
    if overdue {
        qb.push("due_on < ");
        qb.push_bind(today.to_owned());
    } else {
        qb.push("due_on >= ");
        qb.push_bind(today.to_owned());
        if let Some(horizon) = due_soon_horizon(today) {
            qb.push(" AND due_on <= ");
            qb.push_bind(horizon);
        }
        qb.push(" AND warn_from <= ");
        qb.push_bind(today.to_owned());
    }
    qb.push(" AND court IN ");
    push_list(qb, courts);
}

/// Appends `($1, $2, …)` with each value bound: the right side of an `IN`.
pub(crate) fn push_list<'a, DB: sqlx::Database>(qb: &mut sqlx::QueryBuilder<'a, DB>, values: &[&str])
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push("(");
    let mut list = qb.separated(", ");
    for value in values {
        list.push_bind(value.to_string());
    }
    qb.push(")");
}

macro_rules! queries_impl {
    (pool = $pool:ty $(,)?) => {
        use super::{CASE_COLUMNS, CasePartyRow, CaseRow, DEADLINE_COLUMNS, DeadlineRow, PoolDb};
        use crate::StoreError;
        use sqlx::Row;

        pub(super) async fn cases_in_courts(
            pool: &$pool,
            courts: &[&str],
            limit: u32,
            offset: u32,
        ) -> Result<Vec<CaseRow>, StoreError> {
            let mut qb = sqlx::QueryBuilder::new(
                format!("SELECT {CASE_COLUMNS} FROM cases WHERE court IN ("),
            );
            let mut list = qb.separated(", ");
            for court in courts {
                list.push_bind(court.to_string());
            }
            qb.push(") ORDER BY filed_on DESC, case_number DESC LIMIT ");
            qb.push_bind(i64::from(limit));
            qb.push(" OFFSET ");
            qb.push_bind(i64::from(offset));
            let rows = qb.build().fetch_all(pool).await?;
            rows.iter().map(|row| case_row(row, Vec::new())).collect()
        }

        pub(super) async fn duplicate_candidates(
            pool: &$pool,
            basis_number: &str,
            applicant_ids: &[&str],
            debtor_ids: &[&str],
            limit: u32,
        ) -> Result<Vec<CaseRow>, StoreError> {
            // One statement: the candidate ids (two index lookups joined by UNION — written as
            // `basis_number = $1 OR …`, PostgreSQL could use neither index), the newest `limit` of those
            // cases, and their parties joined to that limited set, so the parties are read by the primary
            // key whatever the planner's statistics. A case shares a debtor *and* an applicant when one of
            // its debtor rows (index on id_number) has an applicant row of the same case (primary key).
            let mut qb = sqlx::QueryBuilder::new("WITH found (case_id) AS (SELECT case_id FROM cases WHERE basis_number = ");
            qb.push_bind(basis_number.to_owned());
            if !applicant_ids.is_empty() && !debtor_ids.is_empty() {
                qb.push(
                    " UNION SELECT d.case_id FROM case_parties d WHERE d.role = 'debtor' AND d.id_number IN ",
                );
                super::push_list(&mut qb, debtor_ids);
                qb.push(
                    " AND EXISTS (SELECT 1 FROM case_parties a WHERE a.case_id = d.case_id \
                     AND a.role = 'applicant' AND a.id_number IN ",
                );
                super::push_list(&mut qb, applicant_ids);
                qb.push(")");
            }
            qb.push(format!(
                "), newest AS (SELECT {CASE_COLUMNS} FROM cases WHERE case_id IN (SELECT case_id FROM found) \
                 ORDER BY filed_on DESC, case_id LIMIT "
            ));
            qb.push_bind(i64::from(limit));
            qb.push(
                ") SELECT newest.*, p.ordinal, p.role, p.kind, p.name, p.id_number FROM newest \
                 LEFT JOIN case_parties p ON p.case_id = newest.case_id \
                 ORDER BY newest.filed_on DESC, newest.case_id, p.ordinal",
            );
            let mut cases: Vec<CaseRow> = Vec::new();
            for row in qb.build().fetch_all(pool).await? {
                let case_id: String = row.try_get("case_id")?;
                if cases.last().is_none_or(|c| c.case_id != case_id) {
                    cases.push(case_row(&row, Vec::new())?);
                }
                if row.try_get::<Option<i64>, _>("ordinal")?.is_some()
                    && let Some(case) = cases.last_mut()
                {
                    case.parties.push(party_row(&row)?);
                }
            }
            Ok(cases)
        }

        pub(super) async fn cases_against(
            pool: &$pool,
            debtor_ids: &[&str],
            exclude: &str,
            limit: u32,
        ) -> Result<Vec<CaseRow>, StoreError> {
            let mut qb = sqlx::QueryBuilder::new(format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE status <> 'closed' AND case_id <> "
            ));
            qb.push_bind(exclude.to_owned());
            qb.push(" AND case_id IN (SELECT case_id FROM case_parties WHERE role = 'debtor' AND id_number IN (");
            let mut list = qb.separated(", ");
            for id in debtor_ids {
                list.push_bind(id.to_string());
            }
            qb.push(")) ORDER BY filed_on DESC, case_number LIMIT ");
            qb.push_bind(i64::from(limit));
            let rows = qb.build().fetch_all(pool).await?;
            rows.iter().map(|row| case_row(row, Vec::new())).collect()
        }

        pub(super) async fn cases_with_party(
            pool: &$pool,
            courts: &[&str],
            name: &str,
            id_number: &str,
            limit: u32,
        ) -> Result<Vec<CaseRow>, StoreError> {
            let mut qb = sqlx::QueryBuilder::new(format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE case_id IN (SELECT case_id FROM case_parties WHERE name = "
            ));
            qb.push_bind(name.to_owned());
            qb.push(" UNION SELECT case_id FROM case_parties WHERE id_number = ");
            qb.push_bind(id_number.to_owned());
            qb.push(") AND court IN (");
            let mut list = qb.separated(", ");
            for court in courts {
                list.push_bind(court.to_string());
            }
            qb.push(") ORDER BY filed_on DESC, case_number DESC LIMIT ");
            qb.push_bind(i64::from(limit));
            let rows = qb.build().fetch_all(pool).await?;
            rows.iter().map(|row| case_row(row, Vec::new())).collect()
        }

        pub(super) async fn deadlines_due(
            pool: &$pool,
            courts: &[&str],
            today: &str,
            overdue: bool,
            limit: u32,
        ) -> Result<Vec<DeadlineRow>, StoreError> {
            let mut qb = sqlx::QueryBuilder::new(format!("SELECT {DEADLINE_COLUMNS} FROM case_deadlines WHERE "));
            super::push_deadline_filter(&mut qb, courts, today, overdue);
            qb.push(" ORDER BY due_on, case_number LIMIT ");
            qb.push_bind(i64::from(limit));
            let rows = qb.build().fetch_all(pool).await?;
            deadline_rows(&rows)
        }

        pub(super) async fn officer_deadlines(
            pool: &$pool,
            court: &str,
            officer: &str,
            limit: u32,
        ) -> Result<Vec<DeadlineRow>, StoreError> {
            let rows = sqlx::query(&format!(
                "SELECT {DEADLINE_COLUMNS} FROM case_deadlines WHERE court = $1 AND officer = $2 AND NOT suspended \
                 ORDER BY due_on, case_number LIMIT $3"
            ))
            .bind(court)
            .bind(officer)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            deadline_rows(&rows)
        }

        /// Rows of `DEADLINE_COLUMNS`, read by position (a whole set is hundreds of thousands of rows: no
        /// look-up of each column by name).
        pub(super) fn deadline_rows(rows: &[<<$pool as PoolDb>::Db as sqlx::Database>::Row]) -> Result<Vec<DeadlineRow>, StoreError> {
            rows.iter()
                .map(|r| {
                    Ok(DeadlineRow {
                        case_id: r.try_get(0)?,
                        case_number: r.try_get(1)?,
                        court: r.try_get(2)?,
                        node: r.try_get(3)?,
                        due_on: r.try_get(4)?,
                        warn_from: r.try_get(5)?,
                        officer: r.try_get(6)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        }

        pub(super) async fn overdue_counts(pool: &$pool, today: &str) -> Result<Vec<(String, i64)>, StoreError> {
            // A loose index scan: the courts are walked one seek at a time (the next court after the last
            // one) and each court's overdue deadlines counted as one range of `case_deadlines_open_due`
            // (court, due_on). `GROUP BY court` would read every open deadline, due or not.
            let rows = sqlx::query(
                "WITH RECURSIVE courts (court) AS ( \
                     SELECT MIN(court) FROM case_deadlines WHERE NOT suspended \
                     UNION ALL \
                     SELECT (SELECT MIN(d.court) FROM case_deadlines d WHERE NOT d.suspended AND d.court > courts.court) \
                     FROM courts WHERE courts.court IS NOT NULL) \
                 SELECT court, (SELECT COUNT(*) FROM case_deadlines d \
                     WHERE NOT d.suspended AND d.court = courts.court AND d.due_on < $1) AS n \
                 FROM courts WHERE court IS NOT NULL ORDER BY court",
            )
            .bind(today)
            .fetch_all(pool)
            .await?;
            // Courts with none overdue are left out here: a `WHERE n > 0` in SQL would count twice.
            let counts = rows
                .iter()
                .map(|r| Ok((r.try_get::<String, _>("court")?, r.try_get::<i64, _>("n")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            Ok(counts.into_iter().filter(|(_, n)| *n > 0).collect())
        }

        fn party_row(row: &<<$pool as PoolDb>::Db as sqlx::Database>::Row) -> Result<CasePartyRow, sqlx::Error> {
            Ok(CasePartyRow {
                ordinal: row.try_get("ordinal")?,
                role: row.try_get("role")?,
                kind: row.try_get("kind")?,
                name: row.try_get("name")?,
                id_number: row.try_get("id_number")?,
            })
        }

        fn case_row(row: &<<$pool as PoolDb>::Db as sqlx::Database>::Row, parties: Vec<CasePartyRow>) -> Result<CaseRow, StoreError> {
            Ok(CaseRow {
                case_id: row.try_get("case_id")?,
                case_number: row.try_get("case_number")?,
                court: row.try_get("court")?,
                year: row.try_get("year")?,
                seq: row.try_get("seq")?,
                case_type: row.try_get("case_type")?,
                filed_on: row.try_get("filed_on")?,
                principal_fen: row.try_get("principal_fen")?,
                applicants: row.try_get("applicants")?,
                debtors: row.try_get("debtors")?,
                status: row.try_get("status")?,
                basis_number: row.try_get("basis_number")?,
                parties,
            })
        }

        pub(super) async fn case_by_number(pool: &$pool, case_number: &str) -> Result<Option<CaseRow>, StoreError> {
            let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE case_number = $1");
            let row = sqlx::query(&sql)
            .bind(case_number)
            .fetch_optional(pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let case_id: String = row.try_get("case_id")?;
            let parties = sqlx::query(
                "SELECT ordinal, role, kind, name, id_number FROM case_parties WHERE case_id = $1 ORDER BY ordinal",
            )
            .bind(&case_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(party_row)
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
            Ok(Some(case_row(&row, parties)?))
        }
    };
}

/// The database type behind a pool type, so the macro can name its row type.
trait PoolDb {
    type Db: sqlx::Database;
}

impl PoolDb for sqlx::SqlitePool {
    type Db = sqlx::Sqlite;
}

impl PoolDb for sqlx::PgPool {
    type Db = sqlx::Postgres;
}

mod sqlite {
    queries_impl!(pool = sqlx::SqlitePool);
}

mod postgres {
    queries_impl!(pool = sqlx::PgPool);
}

#[cfg(test)]
mod tests {
    use super::{DUE_SOON_HORIZON_DAYS, due_soon_horizon};
    use chrono::NaiveDate;
    use zhixing_core::calendar::LegalCalendar;
    use zhixing_core::flow::{self, CaseTimeline, LimitRules, WARNING_WORKING_DAYS_MAX, WarningPolicy};

    /// The widest warning window of the official calendar, in calendar days: from every due date, count
    /// [`WARNING_WORKING_DAYS_MAX`] working days back, as `flow::deadlines` does for `warn_from`.
    fn widest_window() -> u64 {
        let calendar = LegalCalendar::official();
        let first = NaiveDate::from_ymd_opt(*calendar.years().start(), 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(*calendar.years().end(), 12, 31).expect("date");
        let mut widest = 0;
        for due in first.iter_days().take_while(|d| *d <= last) {
            let (mut day, mut left) = (due, WARNING_WORKING_DAYS_MAX);
            while left > 0 && day > first {
                day = day.pred_opt().expect("date");
                if calendar.is_working_day(day).expect("covered") {
                    left -= 1;
                }
            }
            if left == 0 {
                widest = widest.max((due - day).num_days() as u64);
            }
        }
        widest
    }

    #[test]
    fn the_due_soon_horizon_covers_the_widest_warning_window() {
        let widest = widest_window();
        assert!(widest <= DUE_SOON_HORIZON_DAYS, "a warning window spans {widest} calendar days");
        // Not needlessly wide either: the bound is what keeps the due-soon range short.
        assert!(DUE_SOON_HORIZON_DAYS <= widest + 2, "{widest} days would do");
    }

    /// The domain's own deadlines, with the longest warning window there is, never warn earlier than
    /// the horizon allows.
    #[test]
    fn deadlines_with_the_longest_warning_stay_within_the_horizon() {
        let policy = WarningPolicy::new(WARNING_WORKING_DAYS_MAX).expect("the longest window is allowed");
        let rules = LimitRules::statutory().with_warning(policy);
        let calendar = LegalCalendar::official();
        let first = NaiveDate::from_ymd_opt(*calendar.years().start(), 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(*calendar.years().end(), 6, 30).expect("date");
        let mut checked = 0;
        for filed in first.iter_days().take_while(|d| *d <= last) {
            let timeline = CaseTimeline::new(filed);
            let Ok(deadlines) = flow::deadlines(&timeline, &rules, calendar, filed) else { continue };
            for deadline in deadlines {
                let span = (deadline.due_on - deadline.warn_from).num_days();
                assert!(span >= 0 && span as u64 <= DUE_SOON_HORIZON_DAYS, "{deadline:?}");
                checked += 1;
            }
        }
        assert!(checked > 1_000, "{checked} deadlines checked");
    }

    #[test]
    fn the_horizon_is_a_date_or_nothing() {
        assert_eq!(due_soon_horizon("2026-11-22").as_deref(), Some("2026-12-30"));
        assert_eq!(due_soon_horizon("not a date"), None);
    }
}
