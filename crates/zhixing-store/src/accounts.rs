//! Reads of the users and tokens projections for sign-in, tokens and court-scoped listings.

use crate::queries::{UserRow, instant, parse_roles};
use crate::{Store, StoreError};
use sqlx::Row;

/// A token's owner, when the token is live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOwner {
    pub token_id: String,
    pub expires_at_us: Option<i64>,
    pub revoked: bool,
    pub account: UserRow,
}

const ACCOUNT_COLUMNS: &str =
    "u.user_id, u.login, u.name, u.court, u.roles, u.password_hash, u.disabled, u.created_at_us, u.version";

macro_rules! fetch {
    ($store:expr, $sql:expr, $($bind:expr),* ; $map:expr) => {
        if let Some(pool) = $store.sqlite() {
            let rows = sqlx::query($sql)$(.bind($bind))*.fetch_all(pool).await?;
            rows.iter().map($map).collect::<Result<Vec<_>, StoreError>>()?
        } else if let Some(pool) = $store.postgres() {
            let rows = sqlx::query($sql)$(.bind($bind))*.fetch_all(pool).await?;
            rows.iter().map($map).collect::<Result<Vec<_>, StoreError>>()?
        } else {
            Vec::new()
        }
    };
}

impl Store {
    /// The user with this login name, if any.
    pub async fn user_by_login(&self, login: &str) -> Result<Option<UserRow>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.login = $1");
        let rows = fetch!(self, &sql, login; account);
        Ok(rows.into_iter().next())
    }

    pub async fn user_by_id(&self, user_id: &str) -> Result<Option<UserRow>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.user_id = $1");
        let rows = fetch!(self, &sql, user_id; account);
        Ok(rows.into_iter().next())
    }

    /// The owner of the token whose SHA-256 (hex) is `token_hash`.
    pub async fn token_owner(&self, token_hash: &str) -> Result<Option<TokenOwner>, StoreError> {
        let sql = format!(
            "SELECT t.token_id, t.expires_at_us, t.revoked, {ACCOUNT_COLUMNS} FROM api_tokens t \
             JOIN users u ON u.user_id = t.user_id WHERE t.token_hash = $1"
        );
        let rows = fetch!(self, &sql, token_hash; |r| Ok::<_, StoreError>(TokenOwner {
            token_id: r.try_get("token_id")?,
            expires_at_us: r.try_get("expires_at_us")?,
            revoked: r.try_get("revoked")?,
            account: account(r)?,
        }));
        Ok(rows.into_iter().next())
    }

    /// Users of the given courts, by login, at most `limit`.
    pub async fn users_in_courts(&self, courts: &[&str], limit: u32) -> Result<Vec<UserRow>, StoreError> {
        if courts.is_empty() {
            return Ok(Vec::new());
        }
        // Courts come from the built-in tree (a few hundred at most), never from the request.
        let list =
            courts.iter().map(|c| format!("'{}'", c.replace('\'', "''"))).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.court IN ({list}) ORDER BY u.login LIMIT {}",
            limit.min(zhixing_core::limits::PAGE_SIZE_MAX)
        );
        Ok(fetch!(self, &sql, ; account))
    }

    /// Number of cases.
    pub async fn case_count(&self) -> Result<i64, StoreError> {
        let rows = fetch!(self, "SELECT COUNT(*) AS n FROM cases", ; |r| Ok(r.try_get::<i64, _>("n")?));
        Ok(rows.into_iter().next().unwrap_or(0))
    }

    /// Number of users.
    pub async fn user_count(&self) -> Result<i64, StoreError> {
        let rows = fetch!(self, "SELECT COUNT(*) AS n FROM users", ; |r| Ok(r.try_get::<i64, _>("n")?));
        Ok(rows.into_iter().next().unwrap_or(0))
    }
}

fn account<R: Row>(row: &R) -> Result<UserRow, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(UserRow {
        user_id: row.try_get("user_id")?,
        login: row.try_get("login")?,
        name: row.try_get("name")?,
        court: row.try_get("court")?,
        roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get("disabled")?,
        created_at: instant(row.try_get("created_at_us")?)?,
        version: row.try_get::<i64, _>("version")? as u64,
    })
}
