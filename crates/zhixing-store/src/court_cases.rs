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

    /// The cases (any status) of a debtor, by identifier or by 案号, for the public portal: at most `limit`,
    /// newest first, each with the debtor's name as filed.
    pub async fn debtor_cases(
        &self,
        by: DebtorCasesBy<'_>,
        limit: u32,
    ) -> Result<Vec<DebtorCaseRow>, StoreError> {
        let (filter, value) = match by {
            DebtorCasesBy::IdNumber(id) => ("p.id_number = $1", id),
            DebtorCasesBy::CaseNumber(number) => ("c.case_number = $1", number),
        };
        let sql = format!(
            "SELECT c.case_number, c.court, c.filed_on, c.principal_fen, c.status, c.closing_mode, c.closed_on, \
             p.name, p.kind, p.id_number FROM cases c JOIN case_parties p ON p.case_id = c.case_id AND p.role = 'debtor' \
             WHERE {filter} ORDER BY c.filed_on DESC, c.case_number DESC LIMIT $2"
        );
        macro_rules! run {
            ($pool:expr) => {{
                let rows = sqlx::query(&sql)
                    .bind(value)
                    .bind(i64::from(limit.clamp(1, zhixing_core::limits::PAGE_SIZE_MAX)))
                    .fetch_all($pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        use sqlx::Row;
                        Ok(DebtorCaseRow {
                            case_number: r.try_get("case_number")?,
                            court: r.try_get("court")?,
                            filed_on: r.try_get("filed_on")?,
                            principal_fen: r.try_get("principal_fen")?,
                            status: r.try_get("status")?,
                            closing_mode: r.try_get("closing_mode")?,
                            closed_on: r.try_get("closed_on")?,
                            name: r.try_get("name")?,
                            kind: r.try_get("kind")?,
                            id_number: r.try_get("id_number")?,
                        })
                    })
                    .collect::<Result<Vec<_>, sqlx::Error>>()?
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => run!(pool),
            Pool::Postgres(pool) => run!(pool),
        })
    }
}

/// How the public portal looks a debtor's cases up.
#[derive(Debug, Clone, Copy)]
pub enum DebtorCasesBy<'a> {
    IdNumber(&'a str),
    CaseNumber(&'a str),
}

/// A case of a debtor, with the debtor as filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorCaseRow {
    pub case_number: String,
    pub court: String,
    pub filed_on: String,
    pub principal_fen: i64,
    pub status: String,
    pub closing_mode: String,
    pub closed_on: String,
    pub name: String,
    pub kind: String,
    pub id_number: String,
}
