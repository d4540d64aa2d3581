//! Screening for linkage units (联动单位): the in-memory index every check is answered from, its refresh from
//! the debtors' credit streams, and the accounting of checks.
//!
//! - The index ([`ScreeningIndex`], packed, immutable) sits behind an [`ArcSwap`]: a check loads the current
//!   index without a lock; a refresh builds a whole new one and swaps it in at once, so a check never sees half a
//!   list. A refresh that fails (the store unreachable, an entry refused) changes nothing: the last good index
//!   keeps serving, and the next refresh tries again.
//! - A refresh reads only the credit streams that changed since the last one (`credit_streams.last_position`),
//!   keeps each debtor's folded record in memory, and computes what is in force on the day of the refresh — so
//!   a listing whose term ended yesterday leaves the index at the first refresh of the new day. When no stream
//!   changed and the day is the one the index was built for, a refresh builds nothing.
//! - The feed (变更推送): each refresh that changes what is published diffs it against the last published version
//!   and records the changes as the next version, a batch signed with the list's Ed25519 key and chained by
//!   digest (`credit::feed`). The index serves under that version, so a unit's check answer names the version it
//!   should have applied. Units acknowledge the versions they applied; the command center sees each unit's lag.
//! - Accounting: every check request adds to its unit's counters in memory (requests, items, hits); the counters
//!   are written to `screening_checks` per unit and day at each refresh and at shutdown. The identifiers checked
//!   are never stored — only counts. A crash loses at most one refresh interval of counts.

use crate::{Actor, App, AppError};
use arc_swap::ArcSwap;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use zhixing_core::clock::china_date;
use zhixing_core::credit::feed::{
    self, FeedBatch, PublishedSet, SignedBatch, SigningKey, Snapshot, VerifyingKey,
};
use zhixing_core::credit::measures::Measure;
use zhixing_core::credit::record::CreditRecord;
use zhixing_core::credit::screening::{
    Answer, IndexEntry, PassportBinding, Query, SCREENING_BATCH_MAX, ScreeningIndex,
};
use zhixing_core::users::Role;
use zhixing_store::{ScreeningChecksRow, ScreeningVersionRow};

/// Streams read per page in a refresh.
const REFRESH_PAGE: u32 = 1_000;

/// The screening service: the current index, what it was built from, and the checks not yet written.
#[derive(Debug, Default)]
pub struct Screening {
    index: ArcSwap<ScreeningIndex>,
    state: tokio::sync::Mutex<RefreshState>,
    counts: Mutex<HashMap<(String, NaiveDate), Counts>>,
}

/// What the index was built from: each debtor's folded credit record and the last position read; the list as
/// last published and its batch; the keys, once loaded.
#[derive(Debug, Default)]
struct RefreshState {
    position: u64,
    records: HashMap<String, CreditRecord>,
    /// `None` until the published versions are read from the store.
    published: Option<(PublishedSet, Option<FeedBatch>)>,
    keys: Option<Keys>,
    /// The day the index serving was built for, from `records` as they are: while no stream changes and the
    /// day is the same, a refresh has nothing to do.
    built_on: Option<NaiveDate>,
}

/// The list's signing key and the master secret of the units' snapshot keys.
#[derive(Debug, Clone)]
struct Keys {
    signing: SigningKey,
    units_master: [u8; 32],
}

/// Versions read per page when the published list is rebuilt from the store.
const VERSIONS_PAGE: u32 = 500;

/// Most versions one feed page returns.
pub const FEED_PAGE_MAX: u32 = 100;

/// A unit is late when a version it has not acknowledged was published more than this long ago
/// [unconfirmed: no rule fixes the delay; a working day is the default].
pub const UNIT_LATE_AFTER_HOURS: i64 = 24;

/// A page of the feed.
#[derive(Debug, Clone)]
pub struct FeedPage {
    /// The newest version published (0 when none).
    pub head: u64,
    /// The signed batches after the cursor, in order.
    pub batches: Vec<SignedBatch>,
    /// The list's public key (hex) and its id, to verify the signatures.
    pub public_key: String,
    pub key_id: String,
}

/// One linkage unit's position in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLag {
    pub unit: String,
    pub login: String,
    pub name: String,
    /// The last version it acknowledged (0 when none) and when.
    pub acked: u64,
    pub acked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Versions behind the head.
    pub behind: u64,
    /// A version it has not acknowledged was published more than [`UNIT_LATE_AFTER_HOURS`] ago ("联而不动").
    pub late: bool,
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
        may_screen(actor)?;
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
        if read.is_empty() && state.built_on == Some(today) && state.published.is_some() {
            let index = self.screening.index();
            return Ok(Refreshed { version: index.version(), streams_read, identifiers: index.len() });
        }
        // From here the records change or the day did: the index must be built again, whatever happens below.
        state.built_on = None;
        let mut records = std::mem::take(&mut state.records);
        records.extend(read);
        let entries: Vec<IndexEntry> = records.values().flat_map(|r| r.screening_entries(today)).collect();
        let passports: Vec<PassportBinding> =
            records.values().flat_map(CreditRecord::passport_bindings).collect();
        state.records = records;
        let keys = self.screening_keys(&mut state).await?;
        let (published, head) = match state.published.take() {
            Some(published) => published,
            None => self.published_list(&keys.signing.verifying_key()).await?,
        };
        let current = PublishedSet::from_entries(&entries);
        let changes = feed::diff(&published, &current);
        let head_version = after_of(&head);
        let version = head_version + u64::from(!changes.is_empty());
        // The index is built before anything is published: a list the index refuses is never published.
        let built = ScreeningIndex::build_with_passports(version, entries, &passports);
        let index = match built {
            Ok(index) => index,
            Err(e) => {
                state.published = Some((published, head));
                return Err(AppError::Internal(format!("screening index: {e}")));
            }
        };
        if changes.is_empty() {
            state.published = Some((published, head));
        } else {
            let now = self.clock().now();
            let batch = FeedBatch::next(head.as_ref(), &now.to_rfc3339(), changes)
                .map_err(|e| AppError::Internal(format!("screening feed: {e}")))?;
            let signed = feed::sign_batch(batch, &keys.signing);
            let row = ScreeningVersionRow {
                version: signed.batch.version,
                digest: signed.batch.digest(),
                changes: signed.batch.changes.len() as u64,
                published_at_us: now.timestamp_micros(),
                batch: serde_json::to_string(&signed).map_err(|e| AppError::Internal(e.to_string()))?,
            };
            if !self.store.insert_screening_version(&row).await? {
                // Another server published this version first: the list is read again at the next refresh.
                return Err(AppError::Internal(format!(
                    "screening version {} published elsewhere",
                    row.version
                )));
            }
            state.published = Some((current, Some(signed.batch)));
        }
        state.position = position;
        state.built_on = Some(today);
        let refreshed = Refreshed { version: index.version(), streams_read, identifiers: index.len() };
        self.screening.swap(index);
        Ok(refreshed)
    }

    /// The list as last published, rebuilt from the stored versions (each verified against the list's key and
    /// the chain of digests), with its last batch.
    async fn published_list(
        &self,
        key: &VerifyingKey,
    ) -> Result<(PublishedSet, Option<FeedBatch>), AppError> {
        let mut set = PublishedSet::default();
        let mut head: Option<FeedBatch> = None;
        loop {
            let after = after_of(&head);
            let rows = self.store.screening_versions_after(after, VERSIONS_PAGE).await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let signed: SignedBatch =
                    serde_json::from_str(&row.batch).map_err(|e| AppError::Internal(e.to_string()))?;
                feed::verify_batch(&signed, key)
                    .map_err(|e| AppError::Internal(format!("screening version {}: {e}", row.version)))?;
                let expected = head.as_ref().map_or(String::new(), FeedBatch::digest);
                if signed.batch.previous_digest != expected || signed.batch.version != after_of(&head) + 1 {
                    return Err(AppError::Internal(format!(
                        "screening version {} breaks the chain",
                        row.version
                    )));
                }
                feed::apply(&mut set, &signed.batch.changes)
                    .map_err(|e| AppError::Internal(format!("screening version {}: {e}", row.version)))?;
                head = Some(signed.batch);
            }
        }
        Ok((set, head))
    }

    async fn screening_keys(&self, state: &mut RefreshState) -> Result<Keys, AppError> {
        if let Some(keys) = &state.keys {
            return Ok(keys.clone());
        }
        let mut fresh = ([0u8; 32], [0u8; 32]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut fresh.0);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut fresh.1);
        let (seed, units_master) =
            self.store.screening_keys(fresh, self.clock().now().timestamp_micros()).await?;
        let keys = Keys { signing: feed::signing_key_from_seed(&seed), units_master };
        state.keys = Some(keys.clone());
        Ok(keys)
    }

    /// The list's public key (to verify batches and snapshots) and its id.
    pub async fn screening_public_key(&self) -> Result<(VerifyingKey, String), AppError> {
        let mut state = self.screening.state.lock().await;
        let keys = self.screening_keys(&mut state).await?;
        let public = keys.signing.verifying_key();
        let id = feed::key_id(&public);
        Ok((public, id))
    }

    /// The feed after `after`: up to `limit` signed batches. Linkage units and the command center read it.
    pub async fn screening_feed(&self, actor: &Actor, after: u64, limit: u32) -> Result<FeedPage, AppError> {
        may_screen(actor)?;
        if !(1..=FEED_PAGE_MAX).contains(&limit) {
            return Err(AppError::invalid(
                "limit",
                "out_of_range",
                "limit must be 1 to 100 / 每页条数应为1至100",
            ));
        }
        let rows = self.store.screening_versions_after(after, limit).await?;
        let batches = rows
            .iter()
            .map(|row| serde_json::from_str(&row.batch).map_err(|e| AppError::Internal(e.to_string())))
            .collect::<Result<Vec<SignedBatch>, AppError>>()?;
        let head = self.store.screening_head().await?.map_or(0, |(v, _)| v);
        let (public, key_id) = self.screening_public_key().await?;
        Ok(FeedPage { head, batches, public_key: hex::encode(public.as_bytes()), key_id })
    }

    /// A unit's acknowledgement that it applied every version up to `version` (an older one than acknowledged
    /// before changes nothing).
    pub async fn screening_ack(&self, actor: &Actor, version: u64) -> Result<u64, AppError> {
        if !actor.roles.contains(&Role::LinkageUnit) {
            return Err(zhixing_core::users::Denied::MissingRole(Role::LinkageUnit).into());
        }
        let head = self.store.screening_head().await?.map_or(0, |(v, _)| v);
        if version == 0 || version > head {
            return Err(AppError::invalid("version", "out_of_range", "a published version / 版本号不存在"));
        }
        self.store.ack_screening(&actor.user_id, version, self.clock().now().timestamp_micros()).await?;
        Ok(head)
    }

    /// Every linkage unit's lag behind the feed, the late ones marked, for the command center.
    pub async fn screening_units(&self, actor: &Actor) -> Result<(u64, Vec<UnitLag>), AppError> {
        if !actor.roles.iter().any(|r| matches!(r, Role::CommandCenter | Role::Leader | Role::Admin)) {
            return Err(zhixing_core::users::Denied::MissingRole(Role::CommandCenter).into());
        }
        let head = self.store.screening_head().await?.map_or(0, |(v, _)| v);
        let acks: HashMap<String, (u64, i64)> = self
            .store
            .screening_acks()
            .await?
            .into_iter()
            .map(|a| (a.unit, (a.version, a.acked_at_us)))
            .collect();
        let units = self.store.linkage_units().await?;
        // Versions are numbered without gaps: the first a unit has not applied is the one after its last ack.
        let mut first_unapplied: Vec<u64> = units
            .iter()
            .map(|(unit, _, _)| acks.get(unit).map_or(0, |(v, _)| *v) + 1)
            .filter(|v| *v <= head)
            .collect();
        first_unapplied.sort_unstable();
        first_unapplied.dedup();
        let published: HashMap<u64, i64> =
            self.store.screening_published_at(&first_unapplied).await?.into_iter().collect();
        let now_us = self.clock().now().timestamp_micros();
        let late_us = UNIT_LATE_AFTER_HOURS * 3_600_000_000;
        let units = units
            .into_iter()
            .map(|(unit, login, name)| {
                let (acked, at_us) = acks.get(&unit).copied().map_or((0, None), |(v, at)| (v, Some(at)));
                let first_unapplied = published.get(&(acked + 1)).copied();
                UnitLag {
                    acked,
                    acked_at: at_us.and_then(chrono::DateTime::from_timestamp_micros),
                    behind: head.saturating_sub(acked),
                    late: first_unapplied.is_some_and(|at| now_us - at > late_us),
                    unit,
                    login,
                    name,
                }
            })
            .collect();
        Ok((head, units))
    }

    /// A snapshot of the list as last published for `unit` (a linkage unit's login): keyed hashes under the
    /// unit's own key, signed. Returns it with the unit's key (hex), which the unit needs to look up.
    pub async fn screening_snapshot(&self, unit: &str) -> Result<(Snapshot, String), AppError> {
        self.refresh_screening().await?;
        let units = self.store.linkage_units().await?;
        if !units.iter().any(|(_, login, _)| login == unit) {
            return Err(AppError::NotFound { what: format!("linkage unit {unit}") });
        }
        let mut state = self.screening.state.lock().await;
        let keys = self.screening_keys(&mut state).await?;
        let Some((published, head)) = &state.published else {
            return Err(AppError::Internal("the published list is not loaded".into()));
        };
        let unit_key = feed::unit_key(&keys.units_master, unit);
        let version = after_of(head);
        let created_at = self.clock().now().to_rfc3339();
        let snapshot = Snapshot::build(unit, version, &created_at, &unit_key, published, &keys.signing)
            .map_err(|e| AppError::invalid(e.field(), e.code(), &e.to_string()))?;
        Ok((snapshot, hex::encode(unit_key)))
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

/// Screening is for linkage units and the command center.
fn may_screen(actor: &Actor) -> Result<(), AppError> {
    if !actor.roles.iter().any(|r| matches!(r, Role::LinkageUnit | Role::CommandCenter)) {
        return Err(zhixing_core::users::Denied::MissingRole(Role::LinkageUnit).into());
    }
    Ok(())
}

/// The version of the last published batch, 0 when none.
fn after_of(head: &Option<FeedBatch>) -> u64 {
    head.as_ref().map_or(0, |b| b.version)
}
