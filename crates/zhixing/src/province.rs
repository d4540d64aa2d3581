//! Loads a generated province into the store: every case on its own stream — `CaseFiled`, then the
//! flow history decided for it ([`flow`]) and its open deadlines — appended through the real append
//! path in batches, so the projections fill as they would live.

mod flow;

use crate::seed::{SeedBasis, SeedConfig, SeedCourt, SeedParty, default_courts, generate};
use chrono::NaiveDate;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use zhixing_app::{Actor, App};
use zhixing_core::cases::{self, BasisRecord, CaseFiled};
use zhixing_core::courts::{CourtKind, CourtLevel, CourtTree};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::ids::case_number::{CaseNumber, CaseType};
use zhixing_core::inquiry::protocol::Subject;
use zhixing_core::limits::APPEND_BATCH_EVENTS_MAX;
use zhixing_store::AppendBatch;

/// Cases per append: one transaction each (fewer when their events would pass the store's limit).
const CASES_PER_APPEND: usize = 500;

/// Filing years of the generated province.
const FIRST_YEAR: i32 = 2021;
const LAST_YEAR: i32 = 2025;

/// The province the demo and `seed` generate: every basic court of Zhejiang (浙).
const PROVINCE: &str = "浙";

/// Generates `cases` cases with `seed` and appends them, their histories running to the demo's fixed
/// today (31 December of the last filing year), so a seed gives the same province on any day.
/// Returns a one-line JSON summary.
/// The cases [`load`] files for `(cases, seed)`, as generated: each case's 案号, court and debtors (the people
/// and companies the sandbox of the outside world gives holdings to).
pub(crate) fn generated(cases: u64, seed: u64) -> Vec<(String, String, Vec<Subject>)> {
    let config = seed_config(cases, seed);
    generate(&config)
        .map(|case| {
            let debtors = case
                .debtors
                .iter()
                .map(|d| {
                    let record = d.to_record();
                    Subject { id_number: record.id_number, name: record.name }
                })
                .collect();
            (case.case_number(), case.court_code.clone(), debtors)
        })
        .collect()
}

pub(crate) async fn load(app: &App, cases: u64, seed: u64, progress: bool) -> anyhow::Result<String> {
    load_as_of(app, cases, seed, progress, last_filing_day()?).await
}

/// As [`load`], with the histories running to `today` (the last day anything may have happened), which
/// may not be before the last filing day.
pub(crate) async fn load_as_of(
    app: &App,
    cases: u64,
    seed: u64,
    progress: bool,
    today: NaiveDate,
) -> anyhow::Result<String> {
    let last_filing_day = last_filing_day()?;
    if today < last_filing_day {
        anyhow::bail!("the demo's today ({today}) is before the last filing day ({last_filing_day})");
    }
    let config = seed_config(cases, seed);
    config.validate().map_err(|e| anyhow::anyhow!("seed configuration ({}): {e}", e.code()))?;
    let basis = flow::FlowBasis::new(today);
    let bar = progress.then(|| crate::server::progress_bar(cases, "生成案件 seeding"));
    let system = Actor::system("seed");
    let mut batch = AppendBatch::new(&system.reference(), PROVINCE);
    let mut batch_events = 0usize;
    let (mut loaded, mut events_total, mut principal_fen) = (0u64, 0usize, 0i64);
    for case in generate(&config) {
        let (stream, events, jobs, principal) = case_events(&basis, seed, &case)?;
        if batch.streams.len() == CASES_PER_APPEND || batch_events + events.len() > APPEND_BATCH_EVENTS_MAX {
            app.store.append(&batch).await?;
            batch = AppendBatch::new(&system.reference(), PROVINCE);
            batch_events = 0;
        }
        batch_events += events.len();
        events_total += events.len();
        principal_fen += principal;
        batch = batch.stream(&stream, ExpectedVersion::NoStream, events);
        batch.jobs.extend(jobs);
        loaded += 1;
        if let Some(bar) = bar.as_ref().filter(|_| loaded.is_multiple_of(1_000)) {
            bar.set_position(loaded);
        }
    }
    if !batch.streams.is_empty() {
        app.store.append(&batch).await?;
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = json!({
        "cases": loaded,
        "events": events_total,
        "seed": seed,
        "today": today.to_string(),
        "principal_yuan": principal_fen / 100,
    });
    Ok(summary.to_string())
}

/// One case's stream and events: `CaseFiled`, then its flow history; the jobs it leaves queued; its
/// principal, in 分.
fn case_events(
    basis: &flow::FlowBasis,
    seed: u64,
    case: &crate::seed::SeedCase,
) -> anyhow::Result<(String, Vec<NewEvent>, Vec<zhixing_store::NewJob>, i64)> {
    let digest = case_digest(seed, &case.court_code, case.year, case.seq);
    let record = case_filed(&digest, case)?;
    let mut events = vec![NewEvent::new(cases::CASE_FILED, 1, &record)];
    let (history, jobs) = flow::history(basis, &record, case.filed_on, flow_seed(&digest))?;
    events.extend(history);
    Ok((cases::case_stream(&record.case_id), events, jobs, record.principal_fen))
}

/// 31 December of the last filing year: no case is filed after it.
fn last_filing_day() -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).ok_or_else(|| anyhow::anyhow!("no 31 December {LAST_YEAR}"))
}

/// The generator's configuration for `(cases, seed)`: the province's basic courts and filing years, as
/// [`load`] files them (the sandbox's population is drawn from the same parties).
pub(crate) fn seed_config(cases: u64, seed: u64) -> SeedConfig {
    SeedConfig {
        cases,
        seed,
        courts: courts(CourtTree::builtin()),
        first_year: FIRST_YEAR,
        last_year: LAST_YEAR,
    }
}

/// Case volume of a special basic court (internet, railway) relative to a county's population weight.
const SPECIAL_COURT_WEIGHT: u32 = 5;

/// Basic courts of the province from the court tree, weighted by their county's population (万人).
fn courts(tree: &CourtTree) -> Vec<SeedCourt> {
    let population: HashMap<String, u32> = default_courts().into_iter().map(|c| (c.code, c.weight)).collect();
    tree.descendants(PROVINCE)
        .iter()
        .filter(|c| c.level == CourtLevel::Basic)
        .filter_map(|c| {
            let weight = match c.kind {
                CourtKind::Ordinary => population.get(c.code).copied()?,
                _ => SPECIAL_COURT_WEIGHT,
            };
            Some(SeedCourt { code: c.code.to_owned(), region_code: c.region_code?.to_owned(), weight })
        })
        .collect()
}

fn case_filed(digest: &[u8; 32], case: &crate::seed::SeedCase) -> anyhow::Result<CaseFiled> {
    // Parsed back, so a generator slip cannot put an invalid 案号 into the log.
    let number =
        CaseNumber::parse(&case.case_number()).map_err(|e| anyhow::anyhow!("generated case number: {e}"))?;
    Ok(CaseFiled {
        case_id: case_id(digest),
        case_number: number.canonical(),
        court: case.court_code.clone(),
        year: case.year,
        seq: case.seq,
        case_type: CaseType::Zhi.code().to_owned(),
        filed_on: case.filed_on.to_string(),
        applicants: case.applicants.iter().map(SeedParty::to_record).collect(),
        debtors: case.debtors.iter().map(SeedParty::to_record).collect(),
        basis: basis(&case.basis),
        principal_fen: case.principal_fen,
        interest_fen: case.interest_fen,
        costs_fen: case.costs_fen,
        application_id: None,
        interest_terms: None,
        non_money: Vec::new(),
        source_case_number: None,
        preservation_case_number: None,
    })
}

/// A digest of the seed and the case number: the same seed gives the same case ids and histories.
fn case_digest(seed: u64, court: &str, year: i32, seq: u32) -> [u8; 32] {
    Sha256::digest(format!("zhixing-seed/{seed}/{court}/{year}/{seq}").as_bytes()).into()
}

/// The case id: the digest's first 16 bytes.
fn case_id(digest: &[u8; 32]) -> String {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid().to_string()
}

/// The seed of the case's own RNG, which plans its history: the digest's next 8 bytes, so histories are
/// independent of one another and of the generator's stream.
fn flow_seed(digest: &[u8; 32]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[16..24]);
    u64::from_le_bytes(bytes)
}

fn basis(basis: &SeedBasis) -> BasisRecord {
    BasisRecord {
        kind: serde_json::to_value(basis.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        issuer: basis.issuer.clone(),
        document_number: basis.document_number.clone(),
        effective_on: basis.effective_on.to_string(),
        due_on: basis.due_on.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;
    use zhixing_core::clock::FixedClock;
    use zhixing_store::Store;

    /// A data directory removed when the test ends.
    struct DataDir(PathBuf);

    impl Drop for DataDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    async fn app(name: &str) -> (App, DataDir) {
        let dir =
            DataDir(std::env::temp_dir().join(format!("zhixing-province-{}-{name}", std::process::id())));
        let at = chrono::DateTime::from_timestamp(1_767_139_200, 0).expect("2025-12-31");
        let store = Store::open_data_dir(&dir.0, Arc::new(FixedClock::new(at))).await.expect("a store");
        (App::new(store), dir)
    }

    #[tokio::test]
    async fn histories_are_stored_with_their_deadlines() {
        let (app, _dir) = app("load").await;
        let today = last_filing_day().expect("a date");
        let summary = load_as_of(&app, 700, 3, false, today).await.expect("loaded");
        let summary: serde_json::Value = serde_json::from_str(&summary).expect("JSON");
        assert_eq!(summary["cases"], json!(700), "{summary}");
        assert!(summary["events"].as_u64().is_some_and(|n| n > 2 * 700), "{summary}");
        assert_eq!(app.store.case_count().await.expect("count"), 700);
        let courts: Vec<&str> = app.courts.descendants(PROVINCE).iter().map(|c| c.code).collect();
        let overdue = app.store.deadlines_due(&courts, &today.to_string(), true, 500).await.expect("overdue");
        assert!(!overdue.is_empty());
        // Each case's stream holds its history at versions 1, 2, …
        let stream = cases::case_stream(&overdue[0].case_id);
        let events = app.store.read_stream(&stream, 1, 100).await.expect("the stream");
        let versions: Vec<u64> = events.iter().map(|e| e.stream_version).collect();
        assert_eq!(versions, (1..=events.len() as u64).collect::<Vec<_>>());
        assert!(events.len() >= 2 && events.len() < flow::EVENTS_PER_CASE_MAX, "{versions:?}");
    }

    #[tokio::test]
    async fn today_may_not_be_before_the_last_filing_day() {
        let (app, _dir) = app("early").await;
        let early = NaiveDate::from_ymd_opt(LAST_YEAR, 6, 30).expect("a date");
        assert!(load_as_of(&app, 10, 1, false, early).await.is_err());
        assert_eq!(app.store.case_count().await.expect("count"), 0);
    }
}
