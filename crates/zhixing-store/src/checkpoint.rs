//! Background WAL checkpoints (SQLite). A commit in WAL mode appends its pages to the write-ahead log;
//! a checkpoint copies them back into the database file and syncs both. Left to SQLite, the commit
//! that finds the log over its threshold runs the checkpoint itself, so every few dozen commits one
//! waits for the copy and two fsyncs. Here a task with a connection of its own checkpoints every
//! [`CHECKPOINT_EVERY`] (`PASSIVE`: it never blocks a reader or the writer), and the commit-time
//! checkpoint stays only as a backstop for a log that outgrows [`BACKSTOP_PAGES`] all the same.
//!
//! A log is emptied only when the next write begins after a complete checkpoint; until then every
//! reader looks its pages up in the log and copies them out of it (the database file itself is
//! memory-mapped). After a burst of writes followed by reads only (a bulk load, a quiet night), the
//! task empties it itself: once a whole interval passed with nothing written and everything copied
//! back, it truncates the log (`TRUNCATE`), and gives up at once, till the next interval, if a reader
//! or a writer is busy.

use crate::StoreError;
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use std::time::Duration;

/// How often the background task checkpoints.
pub(crate) const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// Pages the log may hold before a commit checkpoints itself (`PRAGMA wal_autocheckpoint`; SQLite's
/// default is 1,000): only reached when the background task falls behind.
pub(crate) const BACKSTOP_PAGES: u32 = 10_000;

/// Stops the background task when the last handle of the store is dropped.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    task: tokio::task::AbortHandle,
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts checkpointing the database `options` open, on a connection of its own.
pub(crate) async fn start(options: &SqliteConnectOptions) -> Result<Checkpointer, StoreError> {
    // No waiting on a busy database: a checkpoint that cannot go on now is tried at the next interval.
    let mut conn = options.clone().busy_timeout(Duration::ZERO).connect().await?;
    let task = tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_log = 0;
        loop {
            every.tick().await;
            match passive(&mut conn).await {
                Ok((log, copied)) => {
                    if log > 0 && log == copied && log == last_log {
                        // Quiet and all copied back: empty the log. Busy (a reader or a writer): next time.
                        if let Err(e) =
                            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await
                        {
                            tracing::warn!(error = %e, "WAL truncation failed");
                        }
                    }
                    last_log = log;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "WAL checkpoint failed; commits checkpoint past the backstop")
                }
            }
        }
    });
    Ok(Checkpointer { task: task.abort_handle() })
}

/// One `PASSIVE` checkpoint: the frames in the log and how many of them are now in the database file.
async fn passive(conn: &mut sqlx::SqliteConnection) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(conn).await?;
    Ok((sqlx::Row::try_get(&row, 1)?, sqlx::Row::try_get(&row, 2)?))
}

#[cfg(test)]
mod tests {
    use crate::{Store, SystemClock};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    use zhixing_core::event::{ExpectedVersion, NewEvent};

    /// Writes land in the log; once writing stops, the task copies them back and empties the log, and
    /// the data is still all there.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_quiet_log_is_copied_back_and_emptied() {
        let dir = std::env::temp_dir().join(format!("zhixing-checkpoint-{}", uuid::Uuid::now_v7().simple()));
        let store = Store::open_data_dir(&dir, Arc::new(SystemClock)).await.expect("store");
        for n in 0..200 {
            let batch = crate::AppendBatch::new("system:test", "浙0106").stream(
                &format!("test-{n}"),
                ExpectedVersion::NoStream,
                vec![NewEvent::new("TestEvent", 1, &serde_json::json!({ "n": n, "pad": "x".repeat(2_000) }))],
            );
            store.append(&batch).await.expect("append");
        }
        let wal = dir.join("zhixing.db-wal");
        assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0, "the writes are in the log");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0 {
            assert!(Instant::now() < deadline, "the log was not emptied");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(store.verify_chain().await.expect("verify"), 200);
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
