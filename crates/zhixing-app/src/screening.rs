//! Screening for linkage units (联动单位): the in-memory index every check is answered from, its refresh from
//! the debtors' credit streams, and the accounting of checks.
//!
//! - The index ([`ScreeningIndex`], packed, immutable) sits behind an [`ArcSwap`]: a check loads the current
//!   index without a lock; a refresh builds a whole new one and swaps it in at once, so a check never sees half a
//!   list. A refresh that fails (the store unreachable, an entry refused) changes nothing: the last good index
//!   keeps serving, and the next refresh tries again.
//! - A refresh reads only the credit streams that changed since the last one (`credit_streams.last_position`),
//!   keeps each debtor's folded record in memory, and computes what is in force on the day of the refresh — so
//!   a listing whose term ended yesterday leaves the index at the first refresh of the new day.
//! - Accounting: every check request adds to its unit's counters in memory (requests, items, hits); the counters
//!   are written to `screening_checks` per unit and day at each refresh and at shutdown. The identifiers checked
//!   are never stored — only counts. A crash loses at most one refresh interval of counts.

use crate::{Actor, App, AppError};
use arc_swap::ArcSwap;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use zhixing_core::clock::china_date;
use zhixing_core::credit::measures::Measure;
use zhixing_core::credit::record::CreditRecord;
use zhixing_core::credit::screening::{Answer, IndexEntry, Query, SCREENING_BATCH_MAX, ScreeningIndex};
use zhixing_core::users::Role;
use zhixing_store::ScreeningChecksRow;

/// Streams read per page in a refresh.
const REFRESH_PAGE: u32 = 1_000;

/// The screening service: the current index, what it was built from, and the checks not yet written.
#[derive(Debug, Default)]
pub struct Screening {
    index: ArcSwap<ScreeningIndex>,
    state: tokio::sync::Mutex<RefreshState>,
    counts: Mutex<HashMap<(String, NaiveDate), Counts>>,
}

/// What the index was built from: each debtor's folded credit record and the last position read.
#[derive(Debug, Default)]
struct RefreshState {
    position: u64,
    records: HashMap<String, CreditRecord>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    requests: u64,
    checks: u64,
    hits: u64,
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// The version of the index now serving.
    pub version: u64,
    /// Credit streams read again.
    pub streams_read: usize,
    /// Identifiers in the index.
    pub identifiers: usize,
}

/// The answers to one check request.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The index version that answered.
    pub version: u64,
    pub answers: Vec<Answer>,
}

impl Screening {
    /// The index now serving.
    pub fn index(&self) -> Arc<ScreeningIndex> {
        self.index.load_full()
    }

    /// Serves `index` from now on (atomically).
    pub fn swap(&self, index: ScreeningIndex) {
        self.index.store(Arc::new(index));
    }

    /// Counts a request of `unit` on `day`: `checks` items, `hits` of them restricted.
    fn count(&self, unit: &str, day: NaiveDate, checks: u64, hits: u64) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let entry = counts.entry((unit.to_owned(), day)).or_default();
        entry.requests += 1;
        entry.checks += checks;
        entry.hits += hits;
    }

    /// Takes the counts not yet written.
    fn take_counts(&self) -> Vec<ScreeningChecksRow> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts
            .drain()
            .map(|((unit, day), c)| ScreeningChecksRow {
                unit,
                day: day.to_string(),
                requests: c.requests,
                checks: c.checks,
                hits: c.hits,
            })
            .collect()
    }

    /// Puts back counts that could not be written.
    fn restore_counts(&self, rows: Vec<ScreeningChecksRow>) {
        for row in rows {
            let Ok(day) = row.day.parse::<NaiveDate>() else { continue };
            let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
            let entry = counts.entry((row.unit, day)).or_default();
            entry.requests += row.requests;
            entry.checks += row.checks;
            entry.hits += row.hits;
        }
    }
}

impl App {
    /// Checks identifiers against the list for one measure (1 to 10,000 items), as a linkage unit (or the
    /// command center) may. Each answer says restricted or not and whether the name matched — nothing of the
    /// case behind it. The request is counted for the unit; the identifiers are not kept.
    pub fn screening_check(
        &self,
        actor: &Actor,
        measure: &str,
        items: &[Query<'_>],
    ) -> Result<Checked, AppError> {
        if !actor.roles.iter().any(|r| matches!(r, Role::LinkageUnit | Role::CommandCenter)) {
            return Err(zhixing_core::users::Denied::MissingRole(Role::LinkageUnit).into());
        }
        let measure = Measure::parse(measure).ok_or_else(|| {
            AppError::invalid("measure", "unknown_measure", "a screening measure code / 未知的惩戒措施")
        })?;
        if items.is_empty() {
            return Err(AppError::invalid("items", "empty", "at least one item / 至少一项"));
        }
        if items.len() > SCREENING_BATCH_MAX {
            return Err(AppError::invalid("items", "too_many", "at most 10000 items / 超出上限"));
        }
        let today = china_date(self.clock().now());
        let index = self.screening.index();
        let answers = index
            .check_batch(items, measure, today)
            .map_err(|e| AppError::invalid(e.field(), e.code(), &e.to_string()))?;
        let hits = answers.iter().filter(|a| a.is_hit()).count() as u64;
        self.screening.count(&actor.user_id, today, items.len() as u64, hits);
        Ok(Checked { version: index.version(), answers })
    }

    /// Brings the index up to date with the credit streams (see the module documentation) and writes the
    /// checks counted so far. On error the index serving is unchanged.
    pub async fn refresh_screening(&self) -> Result<Refreshed, AppError> {
        self.flush_screening_counts().await?;
        let today = china_date(self.clock().now());
        let mut state = self.screening.state.lock().await;
        let mut position = state.position;
        let mut read = HashMap::new();
        loop {
            let changed = self.store.credit_streams_after(position, REFRESH_PAGE).await?;
            let Some((_, last)) = changed.last() else { break };
            position = *last;
            for (stream, _) in changed {
                let (record, _) = self.load_credit_stream(&stream).await?;
                read.insert(stream, record);
            }
        }
        let streams_read = read.len();
        let mut records = std::mem::take(&mut state.records);
        records.extend(read);
        let entries: Vec<IndexEntry> = records.values().flat_map(|r| r.screening_entries(today)).collect();
        let built = ScreeningIndex::build(position, entries);
        state.records = records;
        let index = built.map_err(|e| AppError::Internal(format!("screening index: {e}")))?;
        state.position = position;
        let refreshed = Refreshed { version: index.version(), streams_read, identifiers: index.len() };
        self.screening.swap(index);
        Ok(refreshed)
    }

    /// Writes the checks counted so far (at each refresh and at shutdown); on error they are kept for the next.
    pub async fn flush_screening_counts(&self) -> Result<(), AppError> {
        let rows = self.screening.take_counts();
        for (i, row) in rows.iter().enumerate() {
            if let Err(e) = self.store.add_screening_checks(row).await {
                self.screening.restore_counts(rows[i..].to_vec());
                return Err(e.into());
            }
        }
        Ok(())
    }
}
