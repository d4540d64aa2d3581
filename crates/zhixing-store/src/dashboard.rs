//! The command center's figures for a set of courts (C9): cases received and closed per court, how each closed
//! and how long it took, open cases by node, public credit entries, read from the projections with index
//! ranges on court and date. The big screen reads them through a snapshot its server recomputes every few
//! seconds, so a screen's refresh never waits on these queries.

use crate::{Pool, Store, StoreError};

/// One court's case counts of the year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourtYearRow {
    pub court: String,
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
}

/// The public credit entries of the courts: per list, in force, published since the year's start, and ended
/// since the year's start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreditCounts {
    pub shixin_public: i64,
    pub shixin_year: i64,
    pub xiaofei_public: i64,
    pub xiaofei_year: i64,
    /// Entries of the courts ended (removed, revoked on correction, lifted) since the year's start.
    pub shixin_ended_year: i64,
    pub xiaofei_ended_year: i64,
}

/// The freezes in force of the courts, and how many end soon (a freeze not renewed before its last day is
/// lost).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FreezeCounts {
    pub in_force: i64,
    /// Ending within 7 days (today included).
    pub ending_7: i64,
    /// Ending within 30 days (today included).
    pub ending_30: i64,
}

impl Store {
    /// Per court (of `courts`, those with a case): received and closed this year (`year_start`..) and on
    /// `today`, and how they closed.
    pub async fn court_year(
        &self,
        courts: &[&str],
        year_start: &str,
        today: &str,
    ) -> Result<Vec<CourtYearRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let days = match &self.pool {
            Pool::Sqlite(_) => "CAST(julianday(closed_on) - julianday(filed_on) AS INTEGER)",
            Pool::Postgres(_) => "(CAST(closed_on AS DATE) - CAST(filed_on AS DATE))",
        };
        let zero = "CAST(0 AS BIGINT)";
        // (column of the day, the rest of the select list): cases received, then cases closed.
        let parts = [
            ("filed_on", format!("{zero}, {zero}, {zero}, {zero}")),
            (
                "closed_on",
                format!(
                    "CAST(SUM(CASE WHEN closing_mode = 'performed' THEN 1 ELSE 0 END) AS BIGINT), \
                     CAST(SUM(CASE WHEN closing_mode = 'zhongben' THEN 1 ELSE 0 END) AS BIGINT), \
                     CAST(SUM(CASE WHEN case_type = '执' THEN 1 ELSE 0 END) AS BIGINT), \
                     CAST(SUM(CASE WHEN case_type = '执' THEN {days} ELSE 0 END) AS BIGINT)"
                ),
            ),
        ];
        let mut rows: std::collections::BTreeMap<String, CourtYearRow> = Default::default();
        for (i, (day, rest)) in parts.iter().enumerate() {
            macro_rules! run {
                ($db:ty, $pool:expr) => {{
                    let mut qb = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT court, COUNT(*), CAST(SUM(CASE WHEN {day} = "
                    ));
                    qb.push_bind(today);
                    qb.push(format!(" THEN 1 ELSE 0 END) AS BIGINT), {rest} FROM cases WHERE {day} >= "));
                    qb.push_bind(year_start);
                    qb.push(" AND court IN (");
                    let mut list = qb.separated(", ");
                    for court in courts {
                        list.push_bind(*court);
                    }
                    qb.push(") GROUP BY court");
                    qb.build_query_as::<(String, i64, i64, i64, i64, i64, i64)>().fetch_all($pool).await?
                }};
            }
            let fetched = match &self.pool {
                Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
                Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
            };
            for (court, a, b, c, d, e, f) in fetched {
                let row =
                    rows.entry(court.clone()).or_insert_with(|| CourtYearRow { court, ..Default::default() });
                if i == 0 {
                    row.received_year = a;
                    row.received_today = b;
                } else {
                    row.closed_year = a;
                    row.closed_today = b;
                    row.completed_year = c;
                    row.zhongben_year = d;
                    row.first_closed_year = e;
                    row.first_days_sum = f;
                }
            }
        }
        Ok(rows.into_values().collect())
    }

    /// Open (not suspended) cases of `courts` by the node they are at: the node of each open deadline other
    /// than the overall period.
    pub async fn cases_by_node(&self, courts: &[&str]) -> Result<Vec<(String, i64)>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        let head = "SELECT node, COUNT(*) FROM case_deadlines WHERE node <> 'closing' AND NOT suspended AND court IN (";
        macro_rules! run {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(head);
                let mut list = qb.separated(", ");
                for court in courts {
                    list.push_bind(*court);
                }
                qb.push(") GROUP BY node ORDER BY node");
                qb.build_query_as::<(String, i64)>().fetch_all($pool).await?
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
        })
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
                qb.push(" THEN 1 ELSE 0 END) AS BIGINT) FROM credit_history WHERE court IN (");
                let mut list = qb.separated(", ");
                for court in courts {
                    list.push_bind(*court);
                }
                qb.push(") GROUP BY list");
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
                qb.push(" AND court IN (");
                let mut list = qb.separated(", ");
                for court in courts {
                    list.push_bind(*court);
                }
                qb.push(") GROUP BY list");
                qb.build_query_as::<(String, i64)>().fetch_all($pool).await?
            }};
        }
        let ended = match &self.pool {
            Pool::Sqlite(pool) => ended!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => ended!(sqlx::Postgres, pool),
        };
        for (list, n) in ended {
            match list.as_str() {
                "shixin" => counts.shixin_ended_year = n,
                "xiaofei" => counts.xiaofei_ended_year = n,
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
                qb.push(" AND court IN (");
                let mut list = qb.separated(", ");
                for court in courts {
                    list.push_bind(*court);
                }
                qb.push(")");
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
