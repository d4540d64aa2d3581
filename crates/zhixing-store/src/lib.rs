//! zhixing-store: the event log, its projections and the durable job queue.
//!
//! Two backends behind one [`Store`]: SQLite (one file, WAL; the embedded default) and PostgreSQL
//! (chosen by a `postgres://` URL). The SQL is written once and instantiated per driver (see
//! `backend.rs`); migrations are embedded. The same conformance suite runs against both.
//!
//! An append is one transaction: it locks the chain head (which orders appends globally), checks
//! each stream's expected version, writes the events with their hash chain, updates the stream
//! versions, applies the projections and enqueues the jobs. Either all of it is stored or none.

/// Runs `$body` with the pool to write through: SQLite's writer connection, or PostgreSQL's pool.
macro_rules! on_write_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match (&$store.pool, &$store.sqlite_writer) {
            (Pool::Sqlite(_), Some($pool)) | (Pool::Sqlite($pool), None) => $body,
            (Pool::Postgres($pool), _) => $body,
        }
    };
}

/// Runs `$body` with `$pool` bound to the store's pool, whichever the backend (the SQL is the same text).
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

mod accounts;
mod backend;
mod bench;
mod bench_flow;
mod checkpoint;
mod court_cases;
mod credit;
mod dashboard;
mod error;
mod gateway;
mod jobs;
mod library;
mod projections;
mod queries;
pub mod scratch;

pub use accounts::TokenOwner;
pub use court_cases::{DebtorCaseRow, DebtorCasesBy};
pub use credit::{PublicEntryRow, ScreeningAckRow, ScreeningChecksRow, ScreeningVersionRow};
pub use dashboard::{CreditCounts, FreezeCounts, YearCounts};
pub use error::StoreError;
pub use gateway::{ControlRow, GatewayWrite, InquiryRow, NewBatch, SentBatch};
pub use jobs::{Job, JobOutcome, NewJob, backoff_seconds};
pub use library::LibraryCourtRow;
pub use queries::{CasePartyRow, CaseRow, DeadlineRow, UserRow};

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use zhixing_core::clock::Clock;
use zhixing_core::event::{EventContext, ExpectedVersion, NewEvent, RecordedEvent};
use zhixing_core::limits;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Sqlite,
    Postgres,
}

impl BackendKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BackendKind::Sqlite => "sqlite",
            BackendKind::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The event log and everything stored beside it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    clock: Arc<dyn Clock>,
    /// Counts the appends through this store that touched a user's stream (accounts, roles, tokens): a
    /// cache of accounts is current while the count has not moved.
    accounts_generation: Arc<AtomicU64>,
    /// SQLite: the background WAL checkpoints, stopped with the last handle.
    _checkpointer: Option<Arc<checkpoint::Checkpointer>>,
    /// SQLite: the one connection this process writes through (appends, the job queue, the gateway's
    /// batches). SQLite has one writer at a time, and a connection that finds the write lock taken sleeps in
    /// its busy handler (1, 2, 5 … 100 ms) however soon the lock is free: the writers queue for this
    /// connection instead, first come first served. Its page cache also stays warm: a SQLite connection drops
    /// its cache whenever another connection has written since its last transaction.
    sqlite_writer: Option<SqlitePool>,
}

/// Events for one stream within an append.
#[derive(Debug, Clone)]
pub struct StreamAppend {
    pub stream_id: String,
    pub expected: ExpectedVersion,
    pub events: Vec<NewEvent>,
}

/// One command's worth of change: events on one or more streams and the jobs they start, stored in
/// one transaction. All events share the context (actor, court, reason); the time is the store's clock.
#[derive(Debug, Clone)]
pub struct AppendBatch {
    pub actor: String,
    pub court: String,
    pub reason: Option<String>,
    pub streams: Vec<StreamAppend>,
    pub jobs: Vec<NewJob>,
    /// Counters raised to at least these values (an imported historic case keeps its 案号, and the
    /// court's sequence continues after it).
    pub counter_floors: Vec<(String, u64)>,
    /// Writes of the inquiry gateway's tables that belong with these events (an answer taken in once).
    pub gateway: Vec<GatewayWrite>,
}

impl AppendBatch {
    pub fn new(actor: &str, court: &str) -> Self {
        Self {
            actor: actor.to_owned(),
            court: court.to_owned(),
            reason: None,
            streams: Vec::new(),
            jobs: Vec::new(),
            counter_floors: Vec::new(),
            gateway: Vec::new(),
        }
    }

    pub fn stream(mut self, stream_id: &str, expected: ExpectedVersion, events: Vec<NewEvent>) -> Self {
        self.streams.push(StreamAppend { stream_id: stream_id.to_owned(), expected, events });
        self
    }

    pub fn counter_floor(mut self, counter: &str, at_least: u64) -> Self {
        self.counter_floors.push((counter.to_owned(), at_least));
        self
    }

    pub fn gateway(mut self, write: GatewayWrite) -> Self {
        self.gateway.push(write);
        self
    }

    pub fn job(mut self, job: NewJob) -> Self {
        self.jobs.push(job);
        self
    }

    fn event_count(&self) -> usize {
        self.streams.iter().map(|s| s.events.len()).sum()
    }
}

/// What an append stored: the global positions and each stream's new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub first_position: u64,
    pub last_position: u64,
    pub stream_versions: Vec<(String, u64)>,
}

/// The last event of the log: its position and hash (the chain head).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    pub position: u64,
    pub hash: [u8; 32],
}

impl Store {
    /// Opens (creating if needed) the database at `url` and runs the embedded migrations.
    /// `sqlite:` URLs and plain paths open SQLite; `postgres://` / `postgresql://` open PostgreSQL.
    pub async fn open(url: &str, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        let (pool, sqlite_writer, _checkpointer) = if url.starts_with("postgres://")
            || url.starts_with("postgresql://")
        {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(limits::POOL_CONNECTIONS_MAX)
                .acquire_timeout(Duration::from_secs(30))
                // A connection handed out again within a second of its last use is not pinged first (a
                // round trip per acquire, i.e. per query or transaction); one idle for longer is.
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for >= PG_PING_AFTER_IDLE {
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                })
                .connect_with(options)
                .await?;
            (Pool::Postgres(pool), None, None)
        } else {
            let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
            let (pool, writer, checkpointer) = open_sqlite(Path::new(path)).await?;
            (Pool::Sqlite(pool), Some(writer), Some(Arc::new(checkpointer)))
        };
        let store = Store { pool, clock, accounts_generation: Arc::default(), _checkpointer, sqlite_writer };
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the SQLite database file `zhixing.db` inside `data_dir`, creating the directory.
    pub async fn open_data_dir(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Io(e.to_string()))?;
        let path = data_dir.join("zhixing.db");
        Store::open(&path.to_string_lossy(), clock).await
    }

    pub fn backend(&self) -> BackendKind {
        match self.pool {
            Pool::Sqlite(_) => BackendKind::Sqlite,
            Pool::Postgres(_) => BackendKind::Postgres,
        }
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Appends a batch in one transaction. Refuses the whole batch, storing nothing, if any stream's
    /// version is not the expected one ([`StoreError::Conflict`]) or any event breaks a limit.
    pub async fn append(&self, batch: &AppendBatch) -> Result<Appended, StoreError> {
        let context = self.context(batch);
        validate_batch(batch, &context)?;
        let appended = match (&self.pool, &self.sqlite_writer) {
            (Pool::Sqlite(_), Some(pool)) | (Pool::Sqlite(pool), None) => {
                backend::sqlite::append(pool, batch, &context).await
            }
            (Pool::Postgres(pool), _) => backend::postgres::append(pool, batch, &context).await,
        };
        self.note_accounts(batch);
        appended
    }

    /// The count of appends through this store that touched a user's stream. (Users are never numbered: only
    /// [`Store::append`] counts.)
    pub fn accounts_generation(&self) -> u64 {
        self.accounts_generation.load(Ordering::Acquire)
    }

    /// Moves the accounts count when `batch` touched a user's stream, whether or not it was stored (a failed
    /// append may still have committed before its answer was lost: the count moving costs one re-read).
    fn note_accounts(&self, batch: &AppendBatch) {
        if batch.streams.iter().any(|s| s.stream_id.starts_with(zhixing_core::users::USER_STREAM_PREFIX)) {
            self.accounts_generation.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// Takes the next value of the gapless counter `counter` (from 1) and appends the batch that
    /// `build` makes with it, in one transaction: a 案号 is numbered exactly when its case is stored.
    /// If `build` or the append fails, the value is not taken.
    pub async fn append_numbered<F>(&self, counter: &str, build: F) -> Result<(u64, Appended), StoreError>
    where
        F: FnOnce(u64) -> Result<AppendBatch, StoreError>,
    {
        if counter.is_empty() || counter.chars().count() > limits::STREAM_ID_CHARS_MAX {
            return Err(StoreError::InvalidJob("counter".into()));
        }
        // The batch exists only once numbered; its context (actor, court, reason) is checked inside.
        let at = self.clock.now();
        let context_of = |batch: &AppendBatch| EventContext {
            actor: batch.actor.clone(),
            court: batch.court.clone(),
            at,
            reason: batch.reason.clone(),
        };
        match (&self.pool, &self.sqlite_writer) {
            (Pool::Sqlite(_), Some(pool)) | (Pool::Sqlite(pool), None) => {
                backend::sqlite::append_numbered(pool, counter, build, context_of).await
            }
            (Pool::Postgres(pool), _) => {
                backend::postgres::append_numbered(pool, counter, build, context_of).await
            }
        }
    }

    /// The last value taken from a counter (0 when none was).
    pub async fn counter_value(&self, counter: &str) -> Result<u64, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::counter_value(pool, counter).await,
            Pool::Postgres(pool) => backend::postgres::counter_value(pool, counter).await,
        }
    }

    fn context(&self, batch: &AppendBatch) -> EventContext {
        EventContext {
            actor: batch.actor.clone(),
            court: batch.court.clone(),
            at: self.clock.now(),
            reason: batch.reason.clone(),
        }
    }

    /// Events of one stream with version ≥ `from_version`, in order, at most `limit`.
    pub async fn read_stream(
        &self,
        stream_id: &str,
        from_version: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::read_stream(pool, stream_id, from_version, limit).await,
            Pool::Postgres(pool) => {
                backend::postgres::read_stream(pool, stream_id, from_version, limit).await
            }
        }
    }

    /// Events of the global log with position ≥ `from_position`, in order, at most `limit`.
    pub async fn read_all(&self, from_position: u64, limit: u32) -> Result<Vec<RecordedEvent>, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::read_all(pool, from_position, limit).await,
            Pool::Postgres(pool) => backend::postgres::read_all(pool, from_position, limit).await,
        }
    }

    /// The current version of a stream (0 when it does not exist).
    pub async fn stream_version(&self, stream_id: &str) -> Result<u64, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::stream_version(pool, stream_id).await,
            Pool::Postgres(pool) => backend::postgres::stream_version(pool, stream_id).await,
        }
    }

    pub async fn head(&self) -> Result<ChainHead, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::head(pool).await,
            Pool::Postgres(pool) => backend::postgres::head(pool).await,
        }
    }

    /// Walks the whole log and checks the hash chain. Returns the number of events verified.
    pub async fn verify_chain(&self) -> Result<u64, StoreError> {
        let mut prev = zhixing_core::event::GENESIS_HASH;
        let mut next = 1;
        loop {
            let page = self.read_all(next, limits::REPLAY_PAGE_EVENTS).await?;
            let Some(last) = page.last() else { break };
            if page[0].position != next {
                return Err(StoreError::ChainBroken { position: next, reason: "position gap" });
            }
            let last_position = last.position;
            prev = zhixing_core::event::verify_chain(prev, &page)
                .map_err(|b| StoreError::ChainBroken { position: b.position, reason: b.reason })?;
            next = last_position + 1;
        }
        let head = self.head().await?;
        if head.position != next - 1 || head.hash != prev {
            return Err(StoreError::ChainBroken { position: head.position, reason: "chain head mismatch" });
        }
        Ok(next - 1)
    }

    /// Empties every projection and replays the log into them, in pages of
    /// [`limits::REPLAY_PAGE_EVENTS`]; `progress(done, total)` is called after each page.
    pub async fn rebuild_projections(&self, mut progress: impl FnMut(u64, u64)) -> Result<u64, StoreError> {
        let total = self.head().await?.position;
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::clear_projections(pool).await?,
            Pool::Postgres(pool) => backend::postgres::clear_projections(pool).await?,
        }
        self.replay_log(|_| true, |done| progress(done, total)).await
    }

    /// Names of the tables and their columns, sorted: the migration test compares the two backends.
    pub async fn schema(&self) -> Result<Vec<(String, String)>, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::schema(pool).await,
            Pool::Postgres(pool) => backend::postgres::schema(pool).await,
        }
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let before = self.schema_version().await?;
        match &self.pool {
            Pool::Sqlite(pool) => backend::migrator(BackendKind::Sqlite).run(pool).await?,
            Pool::Postgres(pool) => backend::migrator(BackendKind::Postgres).run(pool).await?,
        }
        if before < SCREEN_MIGRATION {
            // The read models that migration created are filled from the log they are a fold of.
            let filled = |u: &projections::Update| {
                matches!(
                    u,
                    projections::Update::FreezeRequested { .. }
                        | projections::Update::FreezeChanged { .. }
                        | projections::Update::InsertPublic { .. }
                        | projections::Update::DeletePublic { .. }
                        | projections::Update::Deducted { .. }
                        | projections::Update::Payout { .. }
                )
            };
            self.replay_log(filled, |_| {}).await?;
            self.refill_tallies().await?;
        }
        Ok(())
    }

    /// The highest migration applied (0 on a new database).
    async fn schema_version(&self) -> Result<i64, StoreError> {
        let exists = match &self.pool {
            Pool::Sqlite(_) => "SELECT COUNT(*) FROM sqlite_master WHERE name = '_sqlx_migrations'",
            Pool::Postgres(_) => "SELECT COUNT(*) FROM pg_tables WHERE tablename = '_sqlx_migrations'",
        };
        let found: i64 = on_pool!(self, |pool| { sqlx::query_scalar(exists).fetch_one(pool).await? });
        if found == 0 {
            return Ok(0);
        }
        let sql = "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM _sqlx_migrations WHERE success";
        Ok(on_pool!(self, |pool| { sqlx::query_scalar(sql).fetch_one(pool).await? }))
    }

    /// Replays the whole log into the projection updates `keep` selects, in pages of
    /// [`limits::REPLAY_PAGE_EVENTS`], one transaction each; `progress(done)` after each page. Answers the
    /// events read.
    async fn replay_log(
        &self,
        keep: fn(&projections::Update) -> bool,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, StoreError> {
        let (mut next, mut done) = (1, 0);
        loop {
            let page = self.read_all(next, limits::REPLAY_PAGE_EVENTS).await?;
            let Some(last) = page.last() else { break };
            next = last.position + 1;
            match &self.pool {
                Pool::Sqlite(pool) => backend::sqlite::apply_page_where(pool, &page, keep).await?,
                Pool::Postgres(pool) => backend::postgres::apply_page_where(pool, &page, keep).await?,
            }
            done += page.len() as u64;
            progress(done);
        }
        Ok(done)
    }

    /// Deletes everything (PostgreSQL test databases are shared between runs). Test and bench use only.
    pub async fn reset_for_tests(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => backend::sqlite::reset(pool).await,
            Pool::Postgres(pool) => backend::postgres::reset(pool).await,
        }
    }

    /// SQLite's writer connection (see `sqlite_writer`).
    pub(crate) fn sqlite_writer(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Sqlite(pool) => Some(self.sqlite_writer.as_ref().unwrap_or(pool)),
            Pool::Postgres(_) => None,
        }
    }

    pub(crate) fn sqlite(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Sqlite(pool) => Some(pool),
            Pool::Postgres(_) => None,
        }
    }

    pub(crate) fn postgres(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Sqlite(_) => None,
            Pool::Postgres(pool) => Some(pool),
        }
    }
}

/// Checks a batch against the limits before any database work: nothing of a bad batch is stored.
pub(crate) fn validate_batch(batch: &AppendBatch, context: &EventContext) -> Result<(), StoreError> {
    let count = batch.event_count();
    if count == 0 && batch.gateway.is_empty() {
        return Err(StoreError::EmptyAppend);
    }
    if count > limits::APPEND_BATCH_EVENTS_MAX {
        return Err(StoreError::BatchTooLarge { events: count, max: limits::APPEND_BATCH_EVENTS_MAX });
    }
    // PostgreSQL text cannot hold NUL: refuse it on both backends rather than fail on one.
    if context.reason.as_ref().is_some_and(|r| r.contains('\0')) {
        return Err(zhixing_core::event::EnvelopeError::Reason.into());
    }
    let mut seen = std::collections::HashSet::new();
    for stream in &batch.streams {
        zhixing_core::event::validate_stream_id(&stream.stream_id)?;
        if !seen.insert(stream.stream_id.as_str()) {
            return Err(StoreError::DuplicateStream(stream.stream_id.clone()));
        }
        for event in &stream.events {
            zhixing_core::event::validate_event(event, context)?;
            if serde_json::from_str::<serde::de::IgnoredAny>(&event.payload).is_err() {
                return Err(zhixing_core::event::EnvelopeError::Payload.into());
            }
        }
    }
    for job in &batch.jobs {
        job.validate()?;
    }
    Ok(())
}

/// The migration that added the screen's read models (`freezes`, `credit_history`, `court_tallies`,
/// `case_payouts`, the money columns of `cases`), filled from the log.
const SCREEN_MIGRATION: i64 = 12;

/// How long a PostgreSQL connection may have been idle and still be handed out without a ping.
const PG_PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Bytes of a SQLite database file each connection may memory-map (`PRAGMA mmap_size`).
const SQLITE_MMAP_BYTES: u64 = 1 << 30;

/// KiB of page cache per SQLite connection (`PRAGMA cache_size`, negative = KiB).
const SQLITE_CACHE_KIB: u64 = 64 * 1024;

/// Rows buffered between a SQLite connection's worker thread and the task reading them.
const SQLITE_ROW_BUFFER: usize = 1_024;

/// Opens SQLite: the pool (reads, and the rare writes outside the writer's queue: migrations, rebuilds, the
/// screening tables), the writer connection and the checkpoints.
async fn open_sqlite(path: &Path) -> Result<(SqlitePool, SqlitePool, checkpoint::Checkpointer), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(e.to_string()))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL + NORMAL: a commit survives a process crash; only an OS crash can lose the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Reads map the file (up to 1 GiB of it) rather than copying every page through a read(2), and
        // each connection keeps up to 64 MiB of pages (the default is 2 MiB): with a database of hundreds
        // of MB, the default turns most index lookups into system calls.
        .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
        .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"))
        .pragma("wal_autocheckpoint", checkpoint::BACKSTOP_PAGES.to_string())
        // Rows a query's worker thread may run ahead of its reader (sqlx's default is 50): a long list
        // then costs fewer thread hand-offs.
        .row_buffer_size(SQLITE_ROW_BUFFER);
    let pool = SqlitePoolOptions::new()
        .max_connections(limits::POOL_CONNECTIONS_MAX.min(8))
        .acquire_timeout(Duration::from_secs(30))
        // A connection to a file in this process cannot be hung up on: no ping (a round trip to the
        // connection's worker thread) before each query or transaction.
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await?;
    // Opened once the pool has created the file and set WAL mode.
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await?;
    let checkpointer = checkpoint::start(&options).await?;
    Ok((pool, writer, checkpointer))
}

/// The wall clock: the one place the platform reads the system time. Everything else asks a [`Clock`].
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(clippy::disallowed_methods, reason = "the system clock is read here and only here")]
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
}

#[cfg(test)]
mod tests {
    use crate::{AppendBatch, Store, SystemClock};
    use std::sync::Arc;
    use zhixing_core::event::{ExpectedVersion, NewEvent};

    /// SQLite: concurrent appends queue for the one writer connection (no busy handler, no `SQLITE_BUSY`),
    /// and every one of them is stored, in one unbroken chain.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_appends_take_turns_on_one_writer_connection() {
        let dir = std::env::temp_dir().join(format!("zhixing-writer-{}", uuid::Uuid::now_v7().simple()));
        let store = Store::open_data_dir(&dir, Arc::new(SystemClock)).await.expect("store");
        let writer = store.sqlite_writer().expect("sqlite").clone();
        assert_eq!(writer.options().get_max_connections(), 1);
        let tasks = (0..32)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move {
                    let batch = AppendBatch::new("system:test", "浙0106").stream(
                        &format!("test-{n}"),
                        ExpectedVersion::NoStream,
                        vec![NewEvent::new("TestEvent", 1, &serde_json::json!({ "n": n }))],
                    );
                    store.append(&batch).await
                })
            })
            .collect::<Vec<_>>();
        for task in tasks {
            task.await.expect("task").expect("append");
        }
        assert_eq!(writer.size(), 1, "one connection wrote");
        assert_eq!(store.verify_chain().await.expect("chain"), 32);
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
