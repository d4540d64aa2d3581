//! Paging through the open cases of one court, for work that visits each (recomputing deadlines after a
//! court's limits change).

use crate::{Pool, Store, StoreError};

impl Store {
    /// Up to `limit` open (not closed) cases of `court` after the cursor `(filed_on, case_id)`, in that
    /// order, as `(filed_on, case_id)`: keyset pages along the `(court, filed_on)` index, so a court with
    /// many cases is read in pages of even cost.
    pub async fn open_cases_after(
        &self,
        court: &str,
        after: (&str, &str),
        limit: u32,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let sql = "SELECT filed_on, case_id FROM cases WHERE court = $1 AND status <> 'closed' \
                   AND (filed_on > $2 OR (filed_on = $2 AND case_id > $3)) ORDER BY filed_on, case_id LIMIT $4";
        macro_rules! run {
            ($pool:expr) => {{
                let rows = sqlx::query(sql)
                    .bind(court)
                    .bind(after.0)
                    .bind(after.1)
                    .bind(i64::from(limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX)))
                    .fetch_all($pool)
                    .await?;
                rows.iter()
                    .map(|r| Ok((sqlx::Row::try_get(r, "filed_on")?, sqlx::Row::try_get(r, "case_id")?)))
                    .collect::<Result<Vec<_>, sqlx::Error>>()?
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => run!(pool),
            Pool::Postgres(pool) => run!(pool),
        })
    }
}
