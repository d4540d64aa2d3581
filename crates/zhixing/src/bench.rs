//! `zhixing bench …`: each benchmark prints ONE JSON object — its figure, and a baseline doing the
//! same work the plain way in the same run, so that the ratio means something on a noisy machine.
//!
//! - `append`: events through `Store::append`; baseline: plain INSERTs of the same rows.
//! - `filing`: cases filed (立案) through the application layer; baseline: single-event appends.
//! - `deadlines`: a province's overdue (超期) and due-soon (预警) deadline sets by index; baseline:
//!   a full scan filtered in memory.
//! - `inquiry` (in `bench_inquiry.rs`): one-click inquiries through the gateway and the in-process sandbox;
//!   baseline: the same sub-requests through a bare in-memory channel.
//! - `screening` (in `bench_screening.rs`): linkage units' checks over HTTP against a national-scale list;
//!   baseline: Redis `SMISMEMBER` over the same identifiers.
//! - `web` (in `bench_web.rs`): the big screen's data and the case list over HTTP with N cases; baseline: the
//!   same requests over an empty store.

use crate::cli::{BenchArgs, BenchCommand, DeadlinesBenchArgs, FilingBenchArgs};
use crate::seed::{SeedBasis, SeedCase, SeedConfig, SeedCourt, SeedParty, default_courts, generate};
use anyhow::{Context, bail};
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use zhixing_app::{Actor, App};
use zhixing_core::cases::case::OpenDeadline;
use zhixing_core::cases::filing::{ApplicationInput, BasisInput};
use zhixing_core::cases::{BasisRecord, CaseFiled};
use zhixing_core::clock::china_date;
use zhixing_core::courts::{CourtKind, CourtLevel, CourtTree};
use zhixing_core::event::{ExpectedVersion, NewEvent, RecordedEvent};
use zhixing_core::ids::case_number::{CaseNumber, CaseType};
use zhixing_core::users::Role;
use zhixing_store::{AppendBatch, BackendKind, CaseRow, DeadlineRow, Store, SystemClock, scratch};

/// Events per stream in the append benchmark: a case's first events (filing, assignment, notice, …).
const EVENTS_PER_STREAM: usize = 10;

/// Largest `--scale` accepted.
const SCALE_MAX: u64 = 100_000_000;

pub(crate) async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Append(args) => append(args).await,
        BenchCommand::Filing(args) => filing(args).await,
        BenchCommand::Deadlines(args) => deadlines(args).await,
        BenchCommand::Inquiry(args) => crate::bench_inquiry::inquiry(args).await,
        BenchCommand::Screening(args) => crate::bench_screening::screening(args).await,
        BenchCommand::Web(args) => crate::bench_web::web(args).await,
    }
}

/// A store on a scratch database that is removed afterwards.
pub(crate) struct Scratch {
    pub(crate) store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Postgres { admin_url: String, url: String },
}

impl Scratch {
    pub(crate) async fn open(database_url: Option<&str>) -> anyhow::Result<Scratch> {
        // The system clock, as in production: event ids (UUIDv7) then arrive in time order.
        let clock = Arc::new(SystemClock);
        match database_url {
            Some(admin_url) => {
                let url = scratch::create_database(admin_url, "bench").await?;
                let store = Store::open(&url, clock).await?;
                Ok(Scratch { store, cleanup: Cleanup::Postgres { admin_url: admin_url.to_owned(), url } })
            }
            None => {
                let dir =
                    std::env::temp_dir().join(format!("zhixing-bench-{}", uuid::Uuid::now_v7().simple()));
                let store = Store::open_data_dir(&dir, clock).await?;
                Ok(Scratch { store, cleanup: Cleanup::Dir(dir) })
            }
        }
    }

    pub(crate) async fn remove(self) -> anyhow::Result<()> {
        let Scratch { store, cleanup } = self;
        drop(store);
        match cleanup {
            Cleanup::Dir(dir) => std::fs::remove_dir_all(dir)?,
            Cleanup::Postgres { admin_url, url } => scratch::drop_database(&admin_url, &url).await?,
        }
        Ok(())
    }
}

/// `bench append`: N events through `Store::append` (validation, version checks, hash chain,
/// unique indexes, chain head, projections dispatch), in batches of `--batch` events over
/// `batch / 10` streams. Baseline: the same rows, pre-built, as plain multi-row INSERTs into a table
/// with no key or index, in the same batch sizes. The two alternate batch by batch, so both see the
/// same machine state; each is timed on its own.
async fn append(args: BenchArgs) -> anyhow::Result<()> {
    if args.scale == 0 || args.scale > SCALE_MAX {
        bail!("--scale must be 1 to {SCALE_MAX}");
    }
    if args.batch < EVENTS_PER_STREAM || args.batch > zhixing_core::limits::APPEND_BATCH_EVENTS_MAX {
        bail!("--batch must be {EVENTS_PER_STREAM} to {}", zhixing_core::limits::APPEND_BATCH_EVENTS_MAX);
    }
    let scratch = Scratch::open(args.database_url.as_deref()).await?;
    let store = &scratch.store;
    store.bench_plain_prepare().await?;
    let bar = (!args.json).then(|| crate::server::progress_bar(args.scale, "bench append"));

    let streams_per_batch = args.batch / EVENTS_PER_STREAM;
    let mut appended = 0u64;
    let mut stream_no = 0u64;
    let mut spent = Duration::ZERO;
    let mut spent_plain = Duration::ZERO;
    let mut prev_hash = zhixing_core::event::GENESIS_HASH;
    while appended < args.scale {
        let mut batch = AppendBatch::new("system:bench", "浙0106");
        let mut plain_rows = Vec::with_capacity(args.batch);
        for _ in 0..streams_per_batch {
            if appended >= args.scale {
                break;
            }
            stream_no += 1;
            let stream_id = format!("case-bench-{stream_no:010}");
            let count = EVENTS_PER_STREAM.min((args.scale - appended) as usize);
            let events = (1..=count).map(|v| bench_event(stream_no, v)).collect::<Vec<_>>();
            for (i, event) in events.iter().enumerate() {
                appended += 1;
                plain_rows.push(plain_row(store, appended, &stream_id, i as u64 + 1, event, &mut prev_hash));
            }
            batch = batch.stream(&stream_id, ExpectedVersion::NoStream, events);
        }

        let started = Instant::now();
        store.bench_plain_insert(&plain_rows).await?;
        spent_plain += started.elapsed();

        let started = Instant::now();
        store.append(&batch).await?;
        spent += started.elapsed();

        if let Some(bar) = &bar {
            bar.set_position(appended);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let verified = store.verify_chain().await?;
    if verified != args.scale {
        bail!("verified {verified} events, expected {}", args.scale);
    }
    let backend = store.backend().as_str();
    store.bench_plain_drop().await?;
    scratch.remove().await?;

    let figure = args.scale as f64 / spent.as_secs_f64();
    let baseline = args.scale as f64 / spent_plain.as_secs_f64();
    println!(
        "{}",
        json!({
            "bench": "append",
            "backend": backend,
            "scale": args.scale,
            "figure": figure.round(),
            "unit": "events/s",
            "baseline": baseline.round(),
            "ratio": (figure / baseline * 1000.0).round() / 1000.0,
            "batch_events": args.batch,
            "streams_per_batch": streams_per_batch,
            "seconds": (spent.as_secs_f64() * 1000.0).round() / 1000.0,
            "baseline_seconds": (spent_plain.as_secs_f64() * 1000.0).round() / 1000.0,
            "chain_verified": verified,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        })
    );
    Ok(())
}

/// A realistic event: a flow-node change of a case, ~200 bytes of JSON.
fn bench_event(stream_no: u64, version: usize) -> NewEvent {
    const NODES: [&str; 5] = ["notice_issued", "property_investigation", "control", "disposal", "funds"];
    let payload = json!({
        "case_id": format!("0190a1b2-c3d4-7e5f-8a9b-{stream_no:012}"),
        "node": NODES[version % NODES.len()],
        "deadline": "2026-02-06",
        "officer": "user-0190a1b2-c3d4-7e5f-8a9b-000000000042",
        "note": "已向被执行人送达执行通知书及报告财产令",
    });
    NewEvent { event_type: "CaseNodeReached".into(), schema_version: 1, payload: payload.to_string() }
}

/// The row the plain baseline inserts: the same content as the appended event.
fn plain_row(
    store: &Store,
    position: u64,
    stream_id: &str,
    version: u64,
    event: &NewEvent,
    prev_hash: &mut [u8; 32],
) -> RecordedEvent {
    let mut row = RecordedEvent {
        position,
        event_id: uuid::Uuid::from_u64_pair(0x0190_a1b2_c3d4_7e5f, position),
        stream_id: stream_id.to_owned(),
        stream_version: version,
        event_type: event.event_type.clone(),
        schema_version: event.schema_version,
        actor: "system:bench".into(),
        court: "浙0106".into(),
        recorded_at: store.now(),
        reason: None,
        payload: event.payload.clone(),
        prev_hash: *prev_hash,
        hash: [0; 32],
    };
    row.hash = row.compute_hash();
    *prev_hash = row.hash;
    row
}

// ---------------------------------------------------------------------------------------------
// bench filing
// ---------------------------------------------------------------------------------------------

/// The province whose courts file in `bench filing` and hold the deadlines of `bench deadlines`.
pub(crate) const PROVINCE: &str = "浙";

/// Most concurrent filings accepted by `--tasks`.
const TASKS_MAX: usize = 64;

/// Event type of the baseline's events: CaseFiled-sized, read by no projection.
const BASELINE_EVENT_TYPE: &str = "BenchCaseFiledCopy";

/// One case to file: its court, the application as a court clerk would enter it, and the payload of
/// the baseline event (a `CaseFiled` of the same case, so the same size).
struct Filing {
    court: String,
    input: ApplicationInput,
    baseline_payload: String,
}

/// What a round of filings did.
#[derive(Debug, Default)]
struct Tally {
    submitted: u64,
    accepted: u64,
    /// Accepted with near-duplicate flags acknowledged by the reviewer.
    flagged: u64,
    /// Refused as exact duplicates of a filed case (at submission or again at acceptance).
    duplicates: u64,
    /// Submission to acceptance of each case, in microseconds.
    latencies_us: Vec<u64>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.submitted += other.submitted;
        self.accepted += other.accepted;
        self.flagged += other.flagged;
        self.duplicates += other.duplicates;
        self.latencies_us.extend(other.latencies_us);
    }
}

/// `bench filing`: N cases filed through `App::submit_application` and `App::accept_application`
/// (validation, duplicate detection against the filed cases, the 7-day review date, the gapless 案号
/// counter, the projections), `--tasks` at a time. Baseline: as many CaseFiled-sized events, each
/// appended alone through `Store::append` (one transaction), by as many tasks. Rounds alternate.
async fn filing(args: FilingBenchArgs) -> anyhow::Result<()> {
    if args.scale == 0 || args.scale > SCALE_MAX {
        bail!("--scale must be 1 to {SCALE_MAX}");
    }
    if args.tasks == 0 || args.tasks > TASKS_MAX {
        bail!("--tasks must be 1 to {TASKS_MAX}");
    }
    if args.round == 0 || args.round > 100_000 {
        bail!("--round must be 1 to 100000");
    }
    let scratch = Scratch::open(args.database_url.as_deref()).await?;
    // The scratch database goes whether the run succeeded or not.
    let run = file_all(&args, &scratch.store).await;
    scratch.remove().await?;
    print_filing(&args, &mut run?);
    Ok(())
}

/// What a filing run measured.
struct FilingRun {
    backend: &'static str,
    tally: Tally,
    spent: Duration,
    spent_baseline: Duration,
    baseline_events: u64,
    verified: u64,
}

/// Files every case and appends the baseline, round by round; then checks the numbers and the chain.
async fn file_all(args: &FilingBenchArgs, store: &Store) -> anyhow::Result<FilingRun> {
    let app = App::new(store.clone());
    // Generated as of last year: every basis is effective and every birth date in the past. The
    // cases are numbered in the year they are accepted.
    let year = china_date(app.clock().now()).year() - 1;
    let config = SeedConfig {
        cases: args.scale,
        seed: args.seed,
        courts: filing_courts(app.courts),
        first_year: year,
        last_year: year,
    };
    config.validate().map_err(|e| anyhow::anyhow!("seed configuration ({}): {e}", e.code()))?;
    let actors = Arc::new(filing_actors(&config.courts));
    let bar = (!args.json).then(|| crate::server::progress_bar(args.scale, "bench filing"));

    let mut cases = generate(&config);
    let (mut spent, mut spent_baseline) = (Duration::ZERO, Duration::ZERO);
    let mut tally = Tally::default();
    let mut baseline_events = 0u64;
    for round_no in 0u64.. {
        let round =
            cases.by_ref().take(args.round).map(|c| filing_work(&c)).collect::<anyhow::Result<Vec<_>>>()?;
        if round.is_empty() {
            break;
        }
        let round = Arc::new(round);
        // Alternate which goes first, so neither always meets the other's leftovers (WAL, cache).
        for baseline_first in [round_no % 2 == 1, round_no % 2 == 0] {
            if baseline_first {
                spent_baseline += baseline_round(&app.store, &round, &actors, args.tasks).await?;
                baseline_events += round.len() as u64;
            } else {
                let (elapsed, done) = file_round(&app, &round, &actors, args.tasks).await?;
                spent += elapsed;
                tally.add(done);
            }
        }
        if let Some(bar) = &bar {
            bar.set_position(tally.accepted + tally.duplicates);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let numbered = numbered_cases(&app.store, &config.courts, china_date(app.clock().now()).year()).await?;
    if numbered != tally.accepted {
        bail!("the 案号 counters gave {numbered} numbers for {} accepted cases", tally.accepted);
    }
    let verified = app.store.verify_chain().await?;
    let expected_events = tally.submitted + 2 * tally.accepted + baseline_events;
    if verified != expected_events {
        bail!("verified {verified} events, expected {expected_events}");
    }
    let backend = app.store.backend().as_str();
    Ok(FilingRun { backend, tally, spent, spent_baseline, baseline_events, verified })
}

fn print_filing(args: &FilingBenchArgs, run: &mut FilingRun) {
    let FilingRun { backend, ref mut tally, spent, spent_baseline, baseline_events, verified } = *run;
    // Refused duplicates took time too, but only accepted cases count as filed.
    let figure = tally.accepted as f64 / spent.as_secs_f64();
    let baseline = baseline_events as f64 / spent_baseline.as_secs_f64();
    tally.latencies_us.sort_unstable();
    let percentile_ms = |p: f64| {
        let n = tally.latencies_us.len();
        let i = ((n as f64 * p).ceil() as usize).clamp(1, n.max(1)) - 1;
        tally.latencies_us.get(i).map_or(0.0, |us| (*us as f64 / 10.0).round() / 100.0)
    };
    println!(
        "{}",
        json!({
            "bench": "filing",
            "backend": backend,
            "scale": args.scale,
            "figure": figure.round(),
            "unit": "cases/s",
            "baseline": baseline.round(),
            "baseline_unit": "events/s (one CaseFiled-sized event per append, same tasks)",
            "ratio": (figure / baseline * 1000.0).round() / 1000.0,
            "tasks": args.tasks,
            "round": args.round,
            "seed": args.seed,
            "accepted": tally.accepted,
            "accepted_with_flags": tally.flagged,
            "refused_duplicates": tally.duplicates,
            "transactions_per_case": 2,
            "events_per_case": 3,
            "case_latency_ms_p50": percentile_ms(0.50),
            "case_latency_ms_p99": percentile_ms(0.99),
            "seconds": round3(spent.as_secs_f64()),
            "baseline_seconds": round3(spent_baseline.as_secs_f64()),
            "chain_verified": verified,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        })
    );
}

/// Files every case of the round, `tasks` at a time; returns the wall time and what happened.
async fn file_round(
    app: &App,
    round: &Arc<Vec<Filing>>,
    actors: &Arc<HashMap<String, Actor>>,
    tasks: usize,
) -> anyhow::Result<(Duration, Tally)> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut handles = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let (app, round, actors, next) = (app.clone(), round.clone(), actors.clone(), next.clone());
        handles.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            while let Some(filing) = round.get(next.fetch_add(1, Ordering::Relaxed)) {
                let actor = actors.get(&filing.court).context("no clerk for the court")?;
                file_one(&app, actor, filing, &mut tally).await?;
            }
            anyhow::Ok(tally)
        }));
    }
    let mut tally = Tally::default();
    for handle in handles {
        tally.add(handle.await??);
    }
    Ok((started.elapsed(), tally))
}

/// One case: submitted, then accepted by the same court (flags acknowledged, as a reviewer would
/// after reading them). An exact duplicate is refused, as it must be, and counted.
async fn file_one(app: &App, actor: &Actor, filing: &Filing, tally: &mut Tally) -> anyhow::Result<()> {
    let started = Instant::now();
    let submitted = match app.submit_application(actor, &filing.court, &filing.input).await {
        Ok(submitted) => submitted,
        Err(e) if e.code() == "duplicate_case" => {
            tally.duplicates += 1;
            return Ok(());
        }
        Err(e) => bail!("submit in {}: {} ({e})", filing.court, e.code()),
    };
    tally.submitted += 1;
    let flagged = !submitted.flags.is_empty();
    match app.accept_application(actor, &submitted.application_id, flagged).await {
        Ok(_) => {
            tally.accepted += 1;
            tally.flagged += u64::from(flagged);
        }
        Err(e) if e.code() == "duplicate_case" => tally.duplicates += 1,
        Err(e) => bail!("accept in {}: {} ({e})", filing.court, e.code()),
    }
    tally.latencies_us.push(started.elapsed().as_micros() as u64);
    Ok(())
}

/// The baseline of a round: one CaseFiled-sized event per case, each its own append on a new
/// stream, `tasks` at a time. Returns the wall time.
async fn baseline_round(
    store: &Store,
    round: &Arc<Vec<Filing>>,
    actors: &Arc<HashMap<String, Actor>>,
    tasks: usize,
) -> anyhow::Result<Duration> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut handles = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let (store, round, actors, next) = (store.clone(), round.clone(), actors.clone(), next.clone());
        handles.push(tokio::spawn(async move {
            while let Some(filing) = round.get(next.fetch_add(1, Ordering::Relaxed)) {
                let actor = actors.get(&filing.court).context("no clerk for the court")?;
                let event = NewEvent {
                    event_type: BASELINE_EVENT_TYPE.into(),
                    schema_version: 1,
                    payload: filing.baseline_payload.clone(),
                };
                let stream = format!("bench-{}", uuid::Uuid::now_v7());
                let batch = AppendBatch::new(&actor.reference(), &filing.court).stream(
                    &stream,
                    ExpectedVersion::NoStream,
                    vec![event],
                );
                store.append(&batch).await?;
            }
            anyhow::Ok(())
        }));
    }
    for handle in handles {
        handle.await??;
    }
    Ok(started.elapsed())
}

/// The basic courts of the province, weighted by their county's population, as `seed` files them.
fn filing_courts(tree: &CourtTree) -> Vec<SeedCourt> {
    /// Volume of a special court (internet, railway) against a county's population weight.
    const SPECIAL_COURT_WEIGHT: u32 = 5;
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

/// A filing clerk (立案庭, officer role) for each court, filing in their own court only.
fn filing_actors(courts: &[SeedCourt]) -> HashMap<String, Actor> {
    courts
        .iter()
        .map(|c| {
            let actor = Actor {
                user_id: format!("bench-clerk-{}", c.code),
                login: "bench-clerk".into(),
                name: "立案庭".into(),
                court: c.code.clone(),
                roles: vec![Role::Officer],
            };
            (c.code.clone(), actor)
        })
        .collect()
}

/// Cases numbered by the 案号 counters of the year: each accepted case took exactly one number.
async fn numbered_cases(store: &Store, courts: &[SeedCourt], year: i32) -> anyhow::Result<u64> {
    let mut numbered = 0;
    for court in courts {
        let counter = format!("case_number/{}/{}/{year}", court.code, CaseType::Zhi.code());
        numbered += store.counter_value(&counter).await?;
    }
    Ok(numbered)
}

/// A generated case as the application a clerk enters, and the baseline payload of the same size.
fn filing_work(case: &SeedCase) -> anyhow::Result<Filing> {
    let input = ApplicationInput {
        applicants: case.applicants.iter().map(SeedParty::to_input).collect(),
        debtors: case.debtors.iter().map(SeedParty::to_input).collect(),
        basis: BasisInput {
            kind: basis_kind(&case.basis),
            issuer: case.basis.issuer.clone(),
            document_number: case.basis.document_number.clone(),
            effective_on: case.basis.effective_on,
            due_on: case.basis.due_on,
        },
        principal: yuan(case.principal_fen),
        interest: yuan(case.interest_fen),
        costs: yuan(case.costs_fen),
        interest_terms: None,
        non_money: Vec::new(),
        source_case_number: None,
        preservation_case_number: None,
    };
    let number = CaseNumber::parse(&case.case_number()).context("generated case number")?;
    let filed = CaseFiled {
        case_id: uuid::Uuid::now_v7().to_string(),
        case_number: number.canonical(),
        court: case.court_code.clone(),
        year: case.year,
        seq: case.seq,
        case_type: CaseType::Zhi.code().to_owned(),
        filed_on: case.filed_on.to_string(),
        applicants: case.applicants.iter().map(SeedParty::to_record).collect(),
        debtors: case.debtors.iter().map(SeedParty::to_record).collect(),
        basis: BasisRecord {
            kind: basis_kind(&case.basis),
            issuer: case.basis.issuer.clone(),
            document_number: case.basis.document_number.clone(),
            effective_on: case.basis.effective_on.to_string(),
            due_on: case.basis.due_on.to_string(),
        },
        principal_fen: case.principal_fen,
        interest_fen: case.interest_fen,
        costs_fen: case.costs_fen,
        application_id: Some(uuid::Uuid::now_v7().to_string()),
        interest_terms: None,
        non_money: Vec::new(),
        source_case_number: None,
        preservation_case_number: None,
    };
    Ok(Filing { court: case.court_code.clone(), input, baseline_payload: serde_json::to_string(&filed)? })
}

fn basis_kind(basis: &SeedBasis) -> String {
    serde_json::to_value(basis.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// 分 as a yuan amount with two decimals, as a clerk types it.
fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

// ---------------------------------------------------------------------------------------------
// bench deadlines
// ---------------------------------------------------------------------------------------------

/// The day the sets are computed for.
const DEADLINE_DAY: (i32, u32, u32) = (2026, 11, 22);

/// Open cases loaded per transaction in the setup.
const LOAD_CASES_PER_TRANSACTION: usize = 10_000;

/// Shares of the open deadline rows, in thousandths: overdue on the day (due 1 to 180 days before
/// it), due soon (due within the warning window), suspended (clock stopped, in neither set). The
/// rest fall due 6 to [`LATER_DAYS_MAX`] days later.
const OVERDUE_PER_MILLE: u32 = 100;
const DUE_SOON_PER_MILLE: u32 = 50;
const SUSPENDED_PER_MILLE: u32 = 30;

/// The latest due date, in days after the day: a case filed today ends its 6 months then.
const LATER_DAYS_MAX: u64 = 180;

/// Calendar days from the first warning day to the due day (3 working days ≈ 5 calendar days).
const WARNING_DAYS: u64 = 5;

/// Nodes a case is working on besides its overall 执行期限 (closing).
const CURRENT_NODES: [&str; 6] =
    ["notice", "investigation", "control", "reference_price", "disposal", "payout"];

/// Targets from the issue, reported beside the figures.
const SETS_TARGET_MS: f64 = 1_000.0;
const OVERDUE_COUNTS_TARGET_MS: f64 = 50.0;

/// Timings of every repetition, per query.
#[derive(Debug, Default)]
struct DeadlineTimings {
    sets: Vec<Duration>,
    overdue_set: Vec<Duration>,
    due_soon_set: Vec<Duration>,
    sets_after_scan: Vec<Duration>,
    counts: Vec<Duration>,
    first_pages: Vec<Duration>,
    overdue_counts: Vec<Duration>,
    scan: Vec<Duration>,
}

/// `bench deadlines`: N open cases, two open deadlines each, over the courts of the province and
/// over due dates; then, `--reps` times, the overdue and due-soon sets of the whole province for
/// one day through `Store::deadline_sets` (the predicate and order of `Store::deadlines_due`, index
/// ranges on the due date, no page limit; both sets side by side, each aggregated into one JSON
/// value by the database), and the per-court overdue counts (`Store::overdue_counts`). Baseline: every deadline with its
/// case read by a full scan, filtered and sorted in memory. Checks that both give the same sets.
async fn deadlines(args: DeadlinesBenchArgs) -> anyhow::Result<()> {
    if args.scale == 0 || args.scale > SCALE_MAX {
        bail!("--scale must be 1 to {SCALE_MAX}");
    }
    if args.reps == 0 || args.reps > 100 {
        bail!("--reps must be 1 to 100");
    }
    let day = NaiveDate::from_ymd_opt(DEADLINE_DAY.0, DEADLINE_DAY.1, DEADLINE_DAY.2).context("day")?;
    let tree = CourtTree::builtin();
    let mut courts = vec![PROVINCE];
    courts.extend(tree.descendants(PROVINCE).iter().map(|c| c.code));
    let scratch = Scratch::open(args.database_url.as_deref()).await?;
    // The scratch database goes whether the run succeeded or not.
    let run = measure_deadlines(&args, &scratch.store, &courts, day).await;
    scratch.remove().await?;
    print_deadlines(&args, &run?);
    Ok(())
}

/// What a deadline run loaded and measured.
struct DeadlineRun {
    backend: &'static str,
    today: String,
    courts: usize,
    rows: u64,
    overdue: usize,
    due_soon: usize,
    timings: DeadlineTimings,
    analyzed: bool,
    setup: Duration,
}

/// Loads the open cases, checks the sets against the full scan, then times every query.
async fn measure_deadlines(
    args: &DeadlinesBenchArgs,
    store: &Store,
    courts: &[&str],
    day: NaiveDate,
) -> anyhow::Result<DeadlineRun> {
    let started = Instant::now();
    let rows = load_open_cases(store, &courts[1..], day, args.scale, !args.json).await?;
    // Production PostgreSQL has statistics (autovacuum analyzes a table after a load); SQLite is
    // measured as the platform runs it, without `ANALYZE`.
    let analyzed = store.backend() == BackendKind::Postgres;
    if analyzed {
        store.bench_analyze().await?;
    }
    let setup = started.elapsed();

    let today = day.to_string();
    let (overdue, due_soon) = check_sets(store, courts, &today).await?;
    let mut timings = DeadlineTimings::default();
    for _ in 0..args.reps {
        time_queries(store, courts, &today, &mut timings).await?;
    }
    for _ in 0..args.reps {
        time_scan(store, courts, &today, &mut timings).await?;
    }
    let backend = store.backend().as_str();
    Ok(DeadlineRun {
        backend,
        today,
        courts: courts.len(),
        rows,
        overdue,
        due_soon,
        timings,
        analyzed,
        setup,
    })
}

fn print_deadlines(args: &DeadlinesBenchArgs, run: &DeadlineRun) {
    let timings = &run.timings;
    let figure = median_ms(&timings.sets);
    let baseline = median_ms(&timings.scan);
    let overdue_counts = median_ms(&timings.overdue_counts);
    let runs = |v: &[Duration]| v.iter().map(|d| round3(d.as_secs_f64() * 1000.0)).collect::<Vec<_>>();
    println!(
        "{}",
        json!({
            "bench": "deadlines",
            "backend": run.backend,
            "scale": args.scale,
            "figure": round3(figure),
            "unit": "ms",
            "baseline": round3(baseline),
            "ratio": round3(baseline / figure),
            "day": run.today,
            "courts": run.courts,
            "deadline_rows": run.rows,
            "overdue_rows": run.overdue,
            "due_soon_rows": run.due_soon,
            "repetitions": args.reps,
            "figure_target_ms": SETS_TARGET_MS,
            "figure_target_met": figure <= SETS_TARGET_MS,
            "overdue_set_ms": round3(median_ms(&timings.overdue_set)),
            "due_soon_set_ms": round3(median_ms(&timings.due_soon_set)),
            "sets_after_scan_ms": round3(median_ms(&timings.sets_after_scan)),
            "set_counts_ms": round3(median_ms(&timings.counts)),
            "first_pages_ms": round3(median_ms(&timings.first_pages)),
            "first_page_rows": zhixing_core::limits::PAGE_SIZE_MAX,
            "overdue_counts_ms": round3(overdue_counts),
            "overdue_counts_target_ms": OVERDUE_COUNTS_TARGET_MS,
            "overdue_counts_target_met": overdue_counts <= OVERDUE_COUNTS_TARGET_MS,
            "figure_runs_ms": runs(&timings.sets),
            "baseline_runs_ms": runs(&timings.scan),
            "overdue_counts_runs_ms": runs(&timings.overdue_counts),
            "setup_seconds": round3(run.setup.as_secs_f64()),
            "analyzed": run.analyzed,
            "sets_checked_against_scan": true,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        })
    );
}

/// One repetition of every query on the index paths, each timed on its own.
async fn time_queries(
    store: &Store,
    courts: &[&str],
    today: &str,
    timings: &mut DeadlineTimings,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let sets = store.deadline_sets(courts, today).await?;
    timings.sets.push(started.elapsed());
    drop(sets);
    let started = Instant::now();
    let overdue = store.deadline_set(courts, today, true).await?;
    timings.overdue_set.push(started.elapsed());
    let started = Instant::now();
    let due_soon = store.deadline_set(courts, today, false).await?;
    timings.due_soon_set.push(started.elapsed());
    drop((overdue, due_soon));

    let started = Instant::now();
    store.bench_deadlines_due_count(courts, today, true).await?;
    store.bench_deadlines_due_count(courts, today, false).await?;
    timings.counts.push(started.elapsed());

    let started = Instant::now();
    let page = zhixing_core::limits::PAGE_SIZE_MAX;
    store.deadlines_due(courts, today, true, page).await?;
    store.deadlines_due(courts, today, false, page).await?;
    timings.first_pages.push(started.elapsed());

    let started = Instant::now();
    store.overdue_counts(today).await?;
    timings.overdue_counts.push(started.elapsed());

    Ok(())
}

/// One repetition of the baseline, then the sets once more: the first large query after the scan's
/// 2,000,000 rows runs slower, by an amount that varies from run to run, so it is timed apart
/// (`sets_after_scan`) instead of landing on the figure of the next repetition.
async fn time_scan(
    store: &Store,
    courts: &[&str],
    today: &str,
    timings: &mut DeadlineTimings,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let (overdue, due_soon) = scan_sets(store, courts, today).await?;
    timings.scan.push(started.elapsed());
    drop((overdue, due_soon));
    let started = Instant::now();
    let sets = store.deadline_sets(courts, today).await?;
    timings.sets_after_scan.push(started.elapsed());
    drop(sets);
    Ok(())
}

/// The baseline: every deadline with its case by a full scan, filtered and sorted in memory.
async fn scan_sets(
    store: &Store,
    courts: &[&str],
    today: &str,
) -> anyhow::Result<(Vec<DeadlineRow>, Vec<DeadlineRow>)> {
    let courts: HashSet<&str> = courts.iter().copied().collect();
    let (mut overdue, mut due_soon) = (Vec::new(), Vec::new());
    for (row, suspended) in store.bench_deadlines_scan().await? {
        if suspended || !courts.contains(row.court.as_str()) {
            continue;
        }
        if row.due_on.as_str() < today {
            overdue.push(row);
        } else if row.warn_from.as_str() <= today {
            due_soon.push(row);
        }
    }
    let order =
        |a: &DeadlineRow, b: &DeadlineRow| (&a.due_on, &a.case_number).cmp(&(&b.due_on, &b.case_number));
    overdue.sort_by(order);
    due_soon.sort_by(order);
    Ok((overdue, due_soon))
}

/// Runs every query once, untimed (it also warms the caches), and checks that the index paths
/// give what the full scan gives. Returns the sizes of the overdue and due-soon sets.
async fn check_sets(store: &Store, courts: &[&str], today: &str) -> anyhow::Result<(usize, usize)> {
    let (mut scan_overdue, mut scan_due_soon) = scan_sets(store, courts, today).await?;
    let (mut overdue, mut due_soon) = store.deadline_sets(courts, today).await?;
    // Ties on (due_on, case_number) may come in any order, and PostgreSQL sorts text by its collation.
    for set in [&mut scan_overdue, &mut scan_due_soon, &mut overdue, &mut due_soon] {
        set.sort_by(|a, b| (&a.due_on, &a.case_number, &a.node).cmp(&(&b.due_on, &b.case_number, &b.node)));
    }
    if overdue != scan_overdue || due_soon != scan_due_soon {
        bail!("the index path and the full scan disagree on the sets");
    }
    let counted = (
        store.bench_deadlines_due_count(courts, today, true).await?,
        store.bench_deadlines_due_count(courts, today, false).await?,
    );
    if counted != (overdue.len() as u64, due_soon.len() as u64) {
        bail!("the counts {counted:?} disagree with the sets");
    }
    let mut per_court: HashMap<&str, i64> = HashMap::new();
    for row in &scan_overdue {
        *per_court.entry(row.court.as_str()).or_default() += 1;
    }
    let counts = store.overdue_counts(today).await?;
    if counts.len() != per_court.len() || counts.iter().any(|(c, n)| per_court.get(c.as_str()) != Some(n)) {
        bail!("the per-court overdue counts disagree with the full scan");
    }
    let first = store.deadlines_due(courts, today, true, zhixing_core::limits::PAGE_SIZE_MAX).await?;
    if first.first().map(|r| &r.due_on) != overdue.first().map(|r| &r.due_on) {
        bail!("the first page does not start with the most overdue deadline");
    }
    Ok((overdue.len(), due_soon.len()))
}

/// Loads `scale` open cases over `courts`, in transactions of [`LOAD_CASES_PER_TRANSACTION`].
/// Returns the number of deadline rows.
pub(crate) async fn load_open_cases(
    store: &Store,
    courts: &[&str],
    day: NaiveDate,
    scale: u64,
    progress: bool,
) -> anyhow::Result<u64> {
    let bar = progress.then(|| crate::server::progress_bar(scale, "bench deadlines: setup"));
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut seqs: HashMap<(&str, i32), u32> = HashMap::new();
    let (mut loaded, mut rows) = (0u64, 0u64);
    while loaded < scale {
        let n = LOAD_CASES_PER_TRANSACTION.min((scale - loaded) as usize);
        let mut chunk = Vec::with_capacity(n);
        for _ in 0..n {
            let court = courts[rng.gen_range(0..courts.len())];
            chunk.push(open_case(&mut rng, court, day, &mut seqs)?);
        }
        rows += chunk.iter().map(|(_, _, d)| d.len() as u64).sum::<u64>();
        store.bench_load_open_cases(&chunk).await?;
        loaded += n as u64;
        if let Some(bar) = &bar {
            bar.set_position(loaded);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(rows)
}

/// An open case of `court`: its row, its officer, and two open deadlines (a current node and the
/// overall period, 执行期限, which ends 6 months after filing).
fn open_case<'a>(
    rng: &mut ChaCha8Rng,
    court: &'a str,
    day: NaiveDate,
    seqs: &mut HashMap<(&'a str, i32), u32>,
) -> anyhow::Result<(CaseRow, String, Vec<OpenDeadline>)> {
    let node = CURRENT_NODES[rng.gen_range(0..CURRENT_NODES.len())];
    let deadlines = vec![open_deadline(rng, node, day)?, open_deadline(rng, "closing", day)?];
    let closing_due = NaiveDate::parse_from_str(&deadlines[1].due_on, "%Y-%m-%d")?;
    let filed_on = closing_due.checked_sub_months(Months::new(6)).context("filing date")?;
    let seq = seqs.entry((court, filed_on.year())).or_default();
    *seq += 1;
    let year = u16::try_from(filed_on.year())?;
    let number = CaseNumber::new(year, court, CaseType::Zhi, *seq)?;
    let case_id = uuid::Builder::from_random_bytes(rng.r#gen()).into_uuid().to_string();
    let case = CaseRow {
        basis_number: format!("（{}）浙民初{}号", year - 1, rng.gen_range(1..100_000)),
        case_id,
        case_number: number.canonical(),
        court: court.to_owned(),
        year: i64::from(year),
        seq: i64::from(*seq),
        case_type: CaseType::Zhi.code().to_owned(),
        filed_on: filed_on.to_string(),
        principal_fen: rng.gen_range(100_000..100_000_000),
        applicants: "某银行股份有限公司".into(),
        debtors: "某某".into(),
        status: "filed".into(),
        parties: Vec::new(),
    };
    Ok((case, format!("执行员{:02}", rng.gen_range(1..=40)), deadlines))
}

/// An open deadline drawn from the shares above.
fn open_deadline(rng: &mut ChaCha8Rng, node: &str, day: NaiveDate) -> anyhow::Result<OpenDeadline> {
    let roll = rng.gen_range(0..1_000);
    let due_on = if roll < OVERDUE_PER_MILLE {
        day.checked_sub_days(Days::new(rng.gen_range(1..=180)))
    } else if roll < OVERDUE_PER_MILLE + DUE_SOON_PER_MILLE {
        day.checked_add_days(Days::new(rng.gen_range(0..WARNING_DAYS)))
    } else {
        day.checked_add_days(Days::new(rng.gen_range(WARNING_DAYS + 1..=LATER_DAYS_MAX)))
    }
    .context("due date")?;
    let warn_from = due_on.checked_sub_days(Days::new(WARNING_DAYS)).context("warning date")?;
    Ok(OpenDeadline {
        node: node.to_owned(),
        due_on: due_on.to_string(),
        warn_from: warn_from.to_string(),
        suspended: rng.gen_range(0..1_000) < SUSPENDED_PER_MILLE,
        alert_level: 0,
    })
}

/// The median of the timings, in milliseconds.
fn median_ms(timings: &[Duration]) -> f64 {
    let mut ms = timings.iter().map(|d| d.as_secs_f64() * 1000.0).collect::<Vec<_>>();
    ms.sort_by(f64::total_cmp);
    match ms.len() {
        0 => 0.0,
        n if n % 2 == 1 => ms[n / 2],
        n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
    }
}
