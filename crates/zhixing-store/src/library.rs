//! The 终本 library report (终本规定 第九条): per court, the cases in the library and those resumed, and the
//! re-query rounds fallen due, answered and answered with property, read from the `zhongben_library`
//! projection.

use crate::{Pool, Store, StoreError};

/// One court's figures of the 终本 library.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LibraryCourtRow {
    pub court: String,
    /// Cases in the library (closed as 终本, not resumed).
    pub in_library: i64,
    /// Cases that left it by 恢复执行.
    pub resumed: i64,
    /// Re-query rounds fallen due, over every case the court entered.
    pub rounds_due: i64,
    pub rounds_answered: i64,
    /// Rounds whose answer found property.
    pub rounds_found: i64,
    /// Cases still in the library whose re-queries have found property: the officer's to act on.
    pub found_not_resumed: i64,
    /// Cases in the library whose five years of re-queries are over (the last round fell due).
    pub schedule_complete: i64,
}

impl LibraryCourtRow {
    /// The sum of `rows`, as one line for `court` (a court and the courts below it).
    pub fn total(court: &str, rows: &[LibraryCourtRow]) -> LibraryCourtRow {
        let mut total = LibraryCourtRow { court: court.to_owned(), ..Default::default() };
        for r in rows {
            total.in_library += r.in_library;
            total.resumed += r.resumed;
            total.rounds_due += r.rounds_due;
            total.rounds_answered += r.rounds_answered;
            total.rounds_found += r.rounds_found;
            total.found_not_resumed += r.found_not_resumed;
            total.schedule_complete += r.schedule_complete;
        }
        total
    }
}

impl Store {
    /// The library's figures for each of `courts` that has a case in it, by court code.
    pub async fn zhongben_library_report(&self, courts: &[&str]) -> Result<Vec<LibraryCourtRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        macro_rules! run {
            ($db:ty, $pool:expr) => {{
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT court, \
                     CAST(SUM(CASE WHEN resumed_as = '' THEN 1 ELSE 0 END) AS BIGINT) AS in_library, \
                     CAST(SUM(CASE WHEN resumed_as <> '' THEN 1 ELSE 0 END) AS BIGINT) AS resumed, \
                     CAST(SUM(rounds_due) AS BIGINT) AS rounds_due, \
                     CAST(SUM(rounds_answered) AS BIGINT) AS rounds_answered, \
                     CAST(SUM(rounds_found) AS BIGINT) AS rounds_found, \
                     CAST(SUM(CASE WHEN resumed_as = '' AND rounds_found > 0 THEN 1 ELSE 0 END) AS BIGINT) \
                       AS found_not_resumed, \
                     CAST(SUM(CASE WHEN resumed_as = '' AND rounds_due >= rounds AND rounds > 0 THEN 1 ELSE 0 END) \
                       AS BIGINT) AS schedule_complete \
                     FROM zhongben_library WHERE court IN ",
                );
                crate::queries::push_list(&mut qb, courts);
                qb.push(" GROUP BY court ORDER BY court");
                let rows = qb.build().fetch_all($pool).await?;
                rows.iter()
                    .map(|r| {
                        use sqlx::Row;
                        Ok(LibraryCourtRow {
                            court: r.try_get("court")?,
                            in_library: r.try_get("in_library")?,
                            resumed: r.try_get("resumed")?,
                            rounds_due: r.try_get("rounds_due")?,
                            rounds_answered: r.try_get("rounds_answered")?,
                            rounds_found: r.try_get("rounds_found")?,
                            found_not_resumed: r.try_get("found_not_resumed")?,
                            schedule_complete: r.try_get("schedule_complete")?,
                        })
                    })
                    .collect::<Result<Vec<_>, sqlx::Error>>()?
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => run!(sqlx::Sqlite, pool),
            Pool::Postgres(pool) => run!(sqlx::Postgres, pool),
        })
    }
}
