//! Scratch databases for tests and benchmarks on PostgreSQL: each run gets a fresh database of its
//! own, created through an admin URL and dropped afterwards, so runs never see each other's data.

use crate::StoreError;
use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// Creates `zhixing_<purpose>_<random>` on the server of `admin_url`; returns its URL.
pub async fn create_database(admin_url: &str, purpose: &str) -> Result<String, StoreError> {
    let name = format!("zhixing_{purpose}_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(admin_url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await?;
    conn.close().await?;
    Ok(replace_database(admin_url, &name))
}

/// Drops a database made by [`create_database`], disconnecting its sessions.
pub async fn drop_database(admin_url: &str, url: &str) -> Result<(), StoreError> {
    let name = url.rsplit('/').next().unwrap_or_default().split('?').next().unwrap_or_default();
    if !name.starts_with("zhixing_") || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(StoreError::Io(format!("refusing to drop database {name:?}")));
    }
    let mut conn = PgConnection::connect(admin_url).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

/// `postgres://u@h:p/db?opts` with the database name replaced.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(replace_database("postgres://h", "x"), "postgres://h/x");
        assert_eq!(
            replace_database("postgres://h/db?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
    }
}
