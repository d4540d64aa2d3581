//! The command center's figures for a set of courts (C9): cases received and closed per court, how each closed
//! and how long it took, open cases by node, public credit entries, read from the projections with index
//! ranges on court and date. The big screen reads them through a snapshot its server recomputes every few
//! seconds, so a screen's refresh never waits on these queries.

use crate::{Pool, Store, StoreError};
use std::collections::BTreeMap;

/// One court's (or a subtree's) case counts of the year, from the running tallies.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct YearCounts {
    pub received_year: i64,
    pub received_today: i64,
    pub closed_year: i64,
    pub closed_today: i64,
    /// Closed as 执行完毕 (`performed`) this year.
    pub completed_year: i64,
    /// Closed as 终本 this year.
    pub zhongben_year: i64,
    /// First-instance (执) cases closed this year, and the days from filing to closing summed over them.
    pub first_closed_year: i64,
    pub first_days_sum: i64,
    /// What the cases closed this year claim, and what was received on them (fen).
    pub claim_fen_year: i64,
    pub recovered_fen_year: i64,
    /// Receipts of funds whose payout period ended this year by today, and those paid out within it.
    pub payouts_due_year: i64,
    pub payouts_timely_year: i64,
}

impl YearCounts {
    /// Adds another court's counts (a subtree's line is the sum of its courts).
    pub fn add(&mut self, other: &YearCounts) {
        self.received_year += other.received_year;
        self.received_today += other.received_today;
        self.closed_year += other.closed_year;
        self.closed_today += other.closed_today;
        self.completed_year += other.completed_year;
        self.zhongben_year += other.zhongben_year;
        self.first_closed_year += other.first_closed_year;
        self.first_days_sum += other.first_days_sum;
        self.claim_fen_year += other.claim_fen_year;
        self.recovered_fen_year += other.recovered_fen_year;
        self.payouts_due_year += other.payouts_due_year;
        self.payouts_timely_year += other.payouts_timely_year;
    }
}

/// The public credit entries of the courts: per list, in force, published since the year's start, and ended
/// since the year's start.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CreditCounts {
    pub shixin_public: i64,
    pub shixin_year: i64,
    pub xiaofei_public: i64,
    pub xiaofei_year: i64,
    /// 失信 entries of the courts removed (or revoked on correction) since the year's start.
    pub shixin_removed_year: i64,
    /// 限消 orders of the courts lifted since the year's start.
    pub xiaofei_lifted_year: i64,
}

/// The freezes in force of the courts, and how many end soon (a freeze not renewed before its last day is
/// lost).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FreezeCounts {
    pub in_force: i64,
    /// Ending within 7 days (today included).
    pub ending_7: i64,
    /// Ending within 30 days (today included).
    pub ending_30: i64,
}

impl Store {
    /// Per court (of `courts`, those with a case): received and closed this year (`year_start`..) and on
    /// `today`, and how they closed — read from the running tallies, a few rows per court.
    pub async fn court_year(
        &self,
        courts: &[&str],
        year_start: &str,
        today: &str,
    ) -> Result<BTreeMap<String, YearCounts>, StoreError> {
        if courts.is_empty() {
            return Ok(BTreeMap::new());
        }
        macro_rules! run {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT court, metric, CAST(SUM(n) AS BIGINT), CAST(SUM(CASE WHEN day = ",
                );
                qb.push_bind(today);
                qb.push(" THEN n ELSE 0 END) AS BIGINT) FROM court_tallies WHERE day >= ");
                qb.push_bind(year_start);
                qb.push(" AND metric IN ('received', 'closed', 'closed_performed', 'closed_zhongben', 'first_closed', 'first_days', 'closed_claim_fen', 'closed_recovered_fen') AND court IN ");
                crate::queries::push_list(&mut qb, courts);
                qb.push(" GROUP BY court, metric");
                qb.build_query_as::<(String, String, i64, i64)>().fetch_all($pool).await?
            }};
        }
        let fetched = match &self.pool {
            Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
        };
        let mut rows: BTreeMap<String, YearCounts> = BTreeMap::new();
        for (court, metric, year, day) in fetched {
            let row = rows.entry(court).or_default();
            match metric.as_str() {
                "received" => (row.received_year, row.received_today) = (year, day),
                "closed" => (row.closed_year, row.closed_today) = (year, day),
                "closed_performed" => row.completed_year = year,
                "closed_zhongben" => row.zhongben_year = year,
                "first_closed" => row.first_closed_year = year,
                "first_days" => row.first_days_sum = year,
                "closed_claim_fen" => row.claim_fen_year = year,
                "closed_recovered_fen" => row.recovered_fen_year = year,
                _ => {}
            }
        }
        // The payouts that fell due this year (by today), and those on time: an index range per court.
        macro_rules! payouts {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT court, COUNT(*), CAST(SUM(CASE WHEN paid_on <> '' AND paid_on <= due_on THEN 1 ELSE 0 END) \
                     AS BIGINT) FROM case_payouts WHERE due_on >= ",
                );
                qb.push_bind(year_start);
                qb.push(" AND due_on <= ");
                qb.push_bind(today);
                qb.push(" AND court IN ");
                crate::queries::push_list(&mut qb, courts);
                qb.push(" GROUP BY court");
                qb.build_query_as::<(String, i64, i64)>().fetch_all($pool).await?
            }};
        }
        let payouts = match &self.pool {
            Pool::Sqlite(pool) => payouts!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => payouts!(sqlx::Postgres, pool),
        };
        for (court, due, timely) in payouts {
            let row = rows.entry(court).or_default();
            (row.payouts_due_year, row.payouts_timely_year) = (due, timely);
        }
        Ok(rows)
    }

    /// Open (not suspended) cases of `courts` by the node they are at: the open deadlines of each node other
    /// than the overall period, from the running tallies.
    pub async fn cases_by_node(&self, courts: &[&str]) -> Result<Vec<(String, i64)>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let head = "SELECT SUBSTR(metric, 6), CAST(SUM(n) AS BIGINT) FROM court_tallies \
                    WHERE day = '' AND metric LIKE 'node:%' AND court IN ";
        macro_rules! run {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(head);
                crate::queries::push_list(&mut qb, courts);
                qb.push(" GROUP BY metric HAVING SUM(n) <> 0 ORDER BY metric");
                qb.build_query_as::<(String, i64)>().fetch_all($pool).await?
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
        })
    }

    /// Recounts the running tallies from the projections they summarize (after a migration that adds them,
    /// and after a bulk load that writes the projections directly).
    pub async fn refill_tallies(&self) -> Result<(), StoreError> {
        let (days, recovered) = match &self.pool {
            Pool::Sqlite(_) => {
                ("CAST(julianday(closed_on) - julianday(filed_on) AS INTEGER)", "MAX(paid_fen, deducted_fen)")
            }
            Pool::Postgres(_) => {
                ("(CAST(closed_on AS DATE) - CAST(filed_on AS DATE))", "GREATEST(paid_fen, deducted_fen)")
            }
        };
        let statements = [
            "DELETE FROM court_tallies".to_owned(),
            "INSERT INTO court_tallies (court, metric, day, n) \
             SELECT court, 'received', filed_on, COUNT(*) FROM cases WHERE filed_on <> '' GROUP BY court, filed_on"
                .to_owned(),
            "INSERT INTO court_tallies (court, metric, day, n) \
             SELECT court, 'closed', closed_on, COUNT(*) FROM cases WHERE closed_on <> '' GROUP BY court, closed_on"
                .to_owned(),
            "INSERT INTO court_tallies (court, metric, day, n) \
             SELECT court, 'closed_' || closing_mode, closed_on, COUNT(*) FROM cases WHERE closed_on <> '' \
             GROUP BY court, closing_mode, closed_on"
                .to_owned(),
            "INSERT INTO court_tallies (court, metric, day, n) \
             SELECT court, 'first_closed', closed_on, COUNT(*) FROM cases WHERE closed_on <> '' AND case_type = '执' \
             GROUP BY court, closed_on"
                .to_owned(),
            format!(
                "INSERT INTO court_tallies (court, metric, day, n) \
                 SELECT court, 'first_days', closed_on, CAST(SUM({days}) AS BIGINT) FROM cases \
                 WHERE closed_on <> '' AND case_type = '执' GROUP BY court, closed_on"
            ),
            "INSERT INTO court_tallies (court, metric, day, n) \
             SELECT court, 'closed_claim_fen', closed_on, CAST(SUM(claim_fen) AS BIGINT) FROM cases \
             WHERE closed_on <> '' GROUP BY court, closed_on"
                .to_owned(),
            format!(
                "INSERT INTO court_tallies (court, metric, day, n) \
                 SELECT court, 'closed_recovered_fen', closed_on, CAST(SUM({recovered}) AS BIGINT) FROM cases \
                 WHERE closed_on <> '' GROUP BY court, closed_on"
            ),
            "INSERT INTO court_tallies (court, metric, day, n) \
             SELECT court, 'node:' || node, '', COUNT(*) FROM case_deadlines \
             WHERE node <> 'closing' AND NOT suspended GROUP BY court, node"
                .to_owned(),
        ];
        macro_rules! run {
            ($pool:expr) => {{
                let mut tx = $pool.begin().await?;
                for statement in &statements {
                    sqlx::query(statement).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }};
        }
        match &self.pool {
            Pool::Sqlite(pool) => run!(pool),
            Pool::Postgres(pool) => run!(pool),
        }
        Ok(())
    }

    /// The public 失信 and 限消 entries of `courts`: in force now, published since `year_start` (ended since or
    /// not), and ended since `year_start`.
    pub async fn credit_counts(&self, courts: &[&str], year_start: &str) -> Result<CreditCounts, StoreError> {
        if courts.is_empty() {
            return Ok(CreditCounts::default());
        }
        let head = "SELECT list, CAST(SUM(CASE WHEN ended_on = '' THEN 1 ELSE 0 END) AS BIGINT), \
                    CAST(SUM(CASE WHEN published_from >= ";
        macro_rules! run {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(head);
                qb.push_bind(year_start);
                qb.push(" THEN 1 ELSE 0 END) AS BIGINT) FROM credit_history WHERE court IN ");
                crate::queries::push_list(&mut qb, courts);
                qb.push(" GROUP BY list");
                qb.build_query_as::<(String, i64, i64)>().fetch_all($pool).await?
            }};
        }
        let rows = match &self.pool {
            Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
        };
        let mut counts = CreditCounts::default();
        for (list, public, year) in rows {
            match list.as_str() {
                "shixin" => (counts.shixin_public, counts.shixin_year) = (public, year),
                "xiaofei" => (counts.xiaofei_public, counts.xiaofei_year) = (public, year),
                _ => {}
            }
        }
        macro_rules! ended {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT list, COUNT(*) FROM credit_history WHERE ended_on >= ",
                );
                qb.push_bind(year_start);
                qb.push(" AND court IN ");
                crate::queries::push_list(&mut qb, courts);
                qb.push(" GROUP BY list");
                qb.build_query_as::<(String, i64)>().fetch_all($pool).await?
            }};
        }
        let ended = match &self.pool {
            Pool::Sqlite(pool) => ended!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => ended!(sqlx::Postgres, pool),
        };
        for (list, n) in ended {
            match list.as_str() {
                "shixin" => counts.shixin_removed_year = n,
                "xiaofei" => counts.xiaofei_lifted_year = n,
                _ => {}
            }
        }
        Ok(counts)
    }

    /// The freezes in force of `courts` on `today` (their term not yet ended), and those whose last day falls
    /// within 7 and within 30 days: ranges of the partial index on (court, until).
    pub async fn freeze_counts(
        &self,
        courts: &[&str],
        today: chrono::NaiveDate,
    ) -> Result<FreezeCounts, StoreError> {
        if courts.is_empty() {
            return Ok(FreezeCounts::default());
        }
        let day = |n: u64| (today + chrono::Days::new(n)).to_string();
        let (from, week, month) = (today.to_string(), day(6), day(29));
        macro_rules! run {
            ($db:ty, $pool:expr) => {{
                let mut qb =
                    sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN until <= ");
                qb.push_bind(&week);
                qb.push(" THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN until <= ");
                qb.push_bind(&month);
                qb.push(
                    " THEN 1 ELSE 0 END), 0) AS BIGINT) FROM freezes WHERE status = 'in_force' AND until >= ",
                );
                qb.push_bind(&from);
                qb.push(" AND court IN ");
                crate::queries::push_list(&mut qb, courts);
                qb.build_query_as::<(i64, i64, i64)>().fetch_one($pool).await?
            }};
        }
        let (in_force, ending_7, ending_30) = match &self.pool {
            Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
        };
        Ok(FreezeCounts { in_force, ending_7, ending_30 })
    }
}

/// Whole days from `from` to `to` (YYYY-MM-DD), as the tallies count a case's days from filing to closing; 0
/// when either is not a date.
pub(crate) fn days_between(from: &str, to: &str) -> i64 {
    let date = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    match (date(from), date(to)) {
        (Some(from), Some(to)) => (to - from).num_days(),
        _ => 0,
    }
}
