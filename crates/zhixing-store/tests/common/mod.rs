//! The harness of the conformance suite: a fresh database per test on each backend.
//!
//! SQLite gets a new file in the temp directory; PostgreSQL gets a new database
//! (`zhixing_t_<uuid>`) created through the admin connection at `ZHIXING_TEST_DATABASE_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), so tests run in parallel without
//! sharing state. Both are removed at the end, also when the story fails. With
//! `ZHIXING_TEST_POSTGRES=skip` the PostgreSQL variants print a note and pass; otherwise a
//! PostgreSQL that cannot be reached fails them, so CI cannot skip them by accident.
//!
//! Besides the [`Store`], a story gets the [`FixedClock`] it runs on and a second, raw connection
//! pool ([`Raw`]) to look under the store (dump a table, tamper with an event).

use chrono::{DateTime, TimeZone, Utc};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, PgConnection, PgPool, Row, SqlitePool};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use zhixing_core::clock::FixedClock;
use zhixing_store::Store;

const ADMIN_URL_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// One test's database, store, clock and raw pool.
#[derive(Debug)]
pub(crate) struct TestDb {
    pub(crate) store: Store,
    pub(crate) clock: Arc<FixedClock>,
    /// What [`Store::open`] was given: reopening it reaches the same database.
    pub(crate) url: String,
    pub(crate) raw: Raw,
    place: Place,
}

/// A raw pool on the test database, beside the store's own.
#[derive(Debug, Clone)]
pub(crate) enum Raw {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug)]
enum Place {
    SqliteFile(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

/// The instant every test starts at: 2024-09-29 08:00:00.123456789 UTC. The nanoseconds are
/// there on purpose: the store keeps microseconds, and the stories check it truncates, not rounds.
pub(crate) fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 9, 29, 8, 0, 0).single().expect("valid start")
        + chrono::Duration::nanoseconds(123_456_789)
}

/// `at` as the store records it: truncated to the microsecond.
pub(crate) fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).expect("in range")
}

impl TestDb {
    pub(crate) async fn sqlite() -> TestDb {
        let path =
            std::env::temp_dir().join(format!("zhixing-conformance-{}.db", uuid::Uuid::now_v7().simple()));
        let url = path.to_string_lossy().into_owned();
        let clock = Arc::new(FixedClock::new(start()));
        let store = Store::open(&url, clock.clone()).await.expect("open the SQLite store");
        let options = SqliteConnectOptions::new().filename(&path).busy_timeout(Duration::from_secs(10));
        let raw =
            SqlitePoolOptions::new().max_connections(2).connect_with(options).await.expect("raw SQLite pool");
        TestDb { store, clock, url, raw: Raw::Sqlite(raw), place: Place::SqliteFile(path) }
    }

    /// `None` (after a printed note) when `ZHIXING_TEST_POSTGRES=skip`.
    #[expect(clippy::disallowed_methods, reason = "the test harness is configured by the environment")]
    pub(crate) async fn postgres() -> Option<TestDb> {
        if std::env::var("ZHIXING_TEST_POSTGRES").is_ok_and(|v| v == "skip") {
            eprintln!("note: ZHIXING_TEST_POSTGRES=skip, the PostgreSQL variant is skipped");
            return None;
        }
        let admin_url =
            std::env::var("ZHIXING_TEST_DATABASE_URL").unwrap_or_else(|_| ADMIN_URL_DEFAULT.to_owned());
        let name = format!("zhixing_t_{}", uuid::Uuid::now_v7().simple());
        let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!(
                "cannot reach PostgreSQL through ZHIXING_TEST_DATABASE_URL (default {ADMIN_URL_DEFAULT}): {e}; \
                 set ZHIXING_TEST_POSTGRES=skip to skip the PostgreSQL variants"
            )
        });
        admin_execute(&mut admin, &format!("CREATE DATABASE {name}")).await;
        // A test database is thrown away at the end: it need not wait for the WAL flush at commit.
        admin_execute(&mut admin, &format!("ALTER DATABASE {name} SET synchronous_commit = off")).await;
        let _ = admin.close().await;
        let url = with_database(&admin_url, &name);
        let clock = Arc::new(FixedClock::new(start()));
        let store = Store::open(&url, clock.clone()).await.expect("open the PostgreSQL store");
        let raw = PgPoolOptions::new().max_connections(4).connect(&url).await.expect("raw PostgreSQL pool");
        Some(TestDb {
            store,
            clock,
            url,
            raw: Raw::Postgres(raw),
            place: Place::PostgresDatabase { admin_url, name },
        })
    }

    /// Removes the database. Called by the `conformance!` tests after the story, failed or not.
    pub(crate) async fn remove(&self) {
        match (&self.raw, &self.place) {
            (Raw::Sqlite(pool), Place::SqliteFile(path)) => {
                pool.close().await;
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            (Raw::Postgres(pool), Place::PostgresDatabase { admin_url, name }) => {
                pool.close().await;
                let mut admin = PgConnection::connect(admin_url).await.expect("admin connection");
                admin_execute(&mut admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                let _ = admin.close().await;
            }
            _ => unreachable!("the raw pool and the place are made together"),
        }
    }
}

impl Raw {
    /// Runs one statement; returns the rows it changed.
    pub(crate) async fn execute(&self, sql: &str) -> u64 {
        let result = match self {
            Raw::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
            Raw::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
        };
        result.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs a query whose every column is text (or NULL); returns the rows in order.
    pub(crate) async fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        fn texts<R: Row>(row: &R) -> Vec<Option<String>>
        where
            usize: sqlx::ColumnIndex<R>,
            for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        {
            (0..row.len()).map(|i| row.try_get::<Option<String>, _>(i).expect("a text column")).collect()
        }
        let result = match self {
            Raw::Sqlite(pool) => {
                sqlx::query(sql).fetch_all(pool).await.map(|rows| rows.iter().map(texts).collect())
            }
            Raw::Postgres(pool) => {
                sqlx::query(sql).fetch_all(pool).await.map(|rows| rows.iter().map(texts).collect())
            }
        };
        result.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The rows of a one-column text query.
    pub(crate) async fn column(&self, sql: &str) -> Vec<String> {
        self.rows(sql)
            .await
            .into_iter()
            .map(|row| row.into_iter().next().flatten().unwrap_or_default())
            .collect()
    }

    /// A byte string as a SQL literal of the dialect.
    pub(crate) fn blob_literal(&self, bytes: &[u8]) -> String {
        let hex = hex_string(bytes);
        match self {
            Raw::Sqlite(_) => format!("X'{hex}'"),
            Raw::Postgres(_) => format!("'\\x{hex}'::bytea"),
        }
    }
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn admin_execute(admin: &mut PgConnection, sql: &str) {
    sqlx::query(sql).execute(&mut *admin).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The admin URL with its database replaced by `name` (query parameters kept).
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url.split_once('?').map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs a story (`async fn(&TestDb)`) on a fresh database of each backend: `mod story { sqlite, postgres }`.
/// The story runs on its own task so that a failing assertion still lets the database be removed.
macro_rules! conformance {
    ($story:ident) => {
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = std::sync::Arc::new($crate::common::TestDb::sqlite().await);
                $crate::common::run(db, |db| async move { super::$story(&db).await }).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::common::TestDb::postgres().await else { return };
                $crate::common::run(std::sync::Arc::new(db), |db| async move { super::$story(&db).await })
                    .await;
            }
        }
    };
}

/// Runs `story` on its own task, removes the database, then passes on the story's panic if any.
pub(crate) async fn run<F, Fut>(db: Arc<TestDb>, story: F)
where
    F: FnOnce(Arc<TestDb>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(story(db.clone())).await;
    db.remove().await;
    match outcome {
        Ok(()) => {}
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => panic!("story task: {error}"),
    }
}

#[test]
fn with_database_replaces_the_path() {
    let check = |admin: &str, expected: &str| assert_eq!(with_database(admin, "t1"), expected, "{admin}");
    check("postgres://postgres@127.0.0.1:5432/postgres", "postgres://postgres@127.0.0.1:5432/t1");
    check("postgres://u:p@host/db?sslmode=disable", "postgres://u:p@host/t1?sslmode=disable");
    check("postgres://host:5432", "postgres://host:5432/t1");
    check("postgresql://host?application_name=x", "postgresql://host/t1?application_name=x");
}
