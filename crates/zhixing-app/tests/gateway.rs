//! The inquiry gateway against the sandbox of the outside world, under the simulated clock: a one-click inquiry
//! fills the asset inventory with exactly what the institutions hold; freezes and deductions are done exactly once
//! however often batches are lost, refused, timed out or answered twice, and the court's record reconciles with
//! the sandbox's ledger; a daily quota is never exceeded and is shared between courts; and a year of renewals,
//! expiries and queued freezes runs in seconds.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use std::collections::BTreeSet;
use std::sync::Arc;
use zhixing_app::{Actor, App, ControlInput, Gateway, GatewayConfig, InquiryInput, custody_account};
use zhixing_core::cases::{BasisRecord, CASE_FILED, CaseFiled, PartyRecord, case_stream};
use zhixing_core::clock::{Clock, FixedClock, china_date};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::inquiry::classes::item;
use zhixing_core::inquiry::directory::Directory;
use zhixing_core::inquiry::protocol::{Outcome, Subject};
use zhixing_core::inquiry::record::FreezeStatus;
use zhixing_core::money::Amount;
use zhixing_core::users::Role;
use zhixing_sandbox::{Behaviour, Faults, Latency, Sandbox, SandboxConfig};
use zhixing_store::{AppendBatch, Store};

struct World {
    app: App,
    clock: Arc<FixedClock>,
    sandbox: Arc<Sandbox>,
    gateway: Gateway,
    dir: std::path::PathBuf,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const COURTS: [&str; 2] = ["浙0106", "浙0102"];

fn debtor(n: usize) -> Subject {
    // The sandbox gives holdings to whoever it is told about; valid-looking ids keep the data honest.
    let first17 = format!("3301061980{:02}{:02}{:03}", 1 + n % 12, 1 + n % 28, n % 1000);
    let check = zhixing_core::ids::citizen_id::check_character(&first17).expect("17 digits");
    Subject { id_number: format!("{first17}{check}"), name: format!("被执行人{n}") }
}

fn officer(court: &str) -> Actor {
    Actor {
        user_id: format!("officer-{court}"),
        login: "officer".into(),
        name: "执行员".into(),
        court: court.into(),
        roles: vec![Role::Officer],
    }
}

fn case_number(court: &str, n: usize) -> String {
    format!("（2025）{court}执{}号", n + 1)
}

async fn world(config: SandboxConfig, debtors: usize, gateway: GatewayConfig) -> World {
    let dir = std::env::temp_dir().join(format!("zhixing-gateway-{}", uuid::Uuid::now_v7().simple()));
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2025, 3, 3, 1, 0, 0).unwrap()));
    let store = Store::open_data_dir(&dir, clock.clone()).await.expect("store");
    let population: Vec<Subject> = (0..debtors).map(debtor).collect();
    let sandbox = Arc::new(Sandbox::new(config, &population, clock.clone()));
    let app = App::new(store).with_directory(Directory::new(sandbox.institutions()));
    // Case n against debtor n, in the courts in turn.
    for n in 0..debtors {
        let court = COURTS[n % COURTS.len()];
        let d = &population[n];
        let party = |kind: &str, name: &str, id: &str| PartyRecord {
            kind: kind.into(),
            name: name.into(),
            id_number: id.into(),
            legal_representative: None,
            phone: None,
            address: None,
        };
        let filed = CaseFiled {
            case_id: format!("c{n}"),
            case_number: case_number(court, n),
            court: court.into(),
            year: 2025,
            seq: u32::try_from(n + 1).unwrap(),
            case_type: "执".into(),
            filed_on: "2025-03-03".into(),
            applicants: vec![party("person", "申请人", "330106199001011234")],
            debtors: vec![party("person", &d.name, &d.id_number)],
            basis: BasisRecord {
                kind: "judgment".into(),
                issuer: "杭州市西湖区人民法院".into(),
                document_number: format!("（2024）浙0106民初{n}号"),
                effective_on: "2024-12-01".into(),
                due_on: "2024-12-15".into(),
            },
            principal_fen: 100_000_000,
            interest_fen: 0,
            costs_fen: 0,
            application_id: None,
            interest_terms: None,
            non_money: Vec::new(),
            source_case_number: None,
            preservation_case_number: None,
        };
        let batch = AppendBatch::new("system:test", court).stream(
            &case_stream(&filed.case_id),
            ExpectedVersion::NoStream,
            vec![NewEvent::new(CASE_FILED, 1, &filed)],
        );
        app.store.append(&batch).await.expect("case filed");
    }
    let gateway = Gateway::new(app.clone(), sandbox.clone(), gateway);
    World { app, clock, sandbox, gateway, dir }
}

impl World {
    /// Pumps, moving the clock `step` each round, until nothing is left to send or take in (or `rounds` pass).
    async fn settle(&self, step: Duration, rounds: usize) {
        for _ in 0..rounds {
            self.gateway.pump().await.expect("pump");
            let counts = self.app.store.gateway_counts().await.expect("counts");
            let busy = counts.iter().any(|(k, v)| {
                *v > 0 && (k == "batches_sent" || k == "inquiries_open" || k == "controls_unanswered")
            });
            if !busy {
                return;
            }
            self.clock.advance(step);
        }
        panic!("the gateway did not settle: {:?}", self.app.store.gateway_counts().await);
    }

    async fn inquire_all(&self, debtors: usize, urgent: bool) {
        for n in 0..debtors {
            let court = COURTS[n % COURTS.len()];
            let input = InquiryInput { urgent, ..InquiryInput::default() };
            self.app.request_inquiry(&officer(court), &case_number(court, n), &input).await.expect("inquiry");
        }
    }
}

#[tokio::test]
async fn one_click_inquiry_fills_the_inventory_with_what_the_institutions_hold() {
    let mut config = SandboxConfig::quiet(7);
    config.banks = 300;
    let w = world(config, 12, GatewayConfig::default()).await;
    w.inquire_all(12, false).await;
    w.settle(Duration::seconds(1), 50).await;
    for n in 0..12 {
        let court = COURTS[n % COURTS.len()];
        let control = w.app.case_control(&officer(court), &case_number(court, n)).await.expect("record");
        let inquiry = control.record.inquiries.values().next().expect("inquiry");
        let done = &control.record.completed[&inquiry.inquiry_id];
        assert_eq!((done.answered, done.failed), (inquiry.institutions, 0));
        // Exactly what the sandbox holds for the debtor at the institutions asked (local agencies of other
        // provinces are not asked).
        let asked: BTreeSet<String> = w
            .app
            .directory
            .targets(&zhixing_core::inquiry::AssetClass::ALL, Some("33"))
            .into_iter()
            .map(|i| w.app.directory.all()[i].code.clone())
            .collect();
        let expected: BTreeSet<(String, String)> = w
            .sandbox
            .holdings_of(&debtor(n).id_number)
            .into_iter()
            .filter(|(institution, _)| asked.contains(institution))
            .map(|(institution, h)| (institution, h.holding))
            .collect();
        let found: BTreeSet<(String, String)> = control.record.inventory.keys().cloned().collect();
        // Every holding, where it is kept; the central bank's one-key inquiry and the local provident fund
        // centre report some of them a second time.
        assert!(found.is_superset(&expected), "debtor {n}: {found:?} ⊉ {expected:?}");
        let refs =
            |set: &BTreeSet<(String, String)>| set.iter().map(|(_, h)| h.clone()).collect::<BTreeSet<_>>();
        assert_eq!(refs(&found), refs(&expected), "debtor {n}");
        assert!(found.iter().all(|(institution, _)| asked.contains(institution)));
    }
    assert!(w.sandbox.ledger().refusals.is_empty());
}

/// Freezes then deductions of every money holding found, through a network that loses acknowledgements,
/// fails, times out and answers twice: each is executed once, and the court's record and the sandbox's ledger
/// agree to the 分.
#[tokio::test]
async fn freezes_and_deductions_exactly_once_through_a_faulty_network() {
    let mut config = SandboxConfig::quiet(11);
    config.banks = 200;
    config.faults = Faults {
        error_percent: 15.0,
        timeout_percent: 10.0,
        ack_lost_percent: 20.0,
        duplicate_answer_percent: 30.0,
        outage_day_percent: 0.0,
    };
    config.latency = true;
    let debtors = 16;
    let gateway = GatewayConfig { batch_max: 3, resend_after_seconds: 30, ..GatewayConfig::default() };
    let w = world(config, debtors, gateway).await;
    w.inquire_all(debtors, false).await;
    w.settle(Duration::seconds(20), 5_000).await;

    let today = china_date(w.clock.now());
    let until = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    let mut asked = 0;
    for n in 0..debtors {
        let court = COURTS[n % COURTS.len()];
        let record =
            w.app.case_control(&officer(court), &case_number(court, n)).await.expect("record").record;
        for entry in record.inventory.values() {
            let money = item(&entry.holding.item).is_some_and(|i| i.measures.deduct);
            if !money || entry.holding.amount.as_deref().is_none_or(|a| a == "0.00") {
                continue;
            }
            let freeze = ControlInput::Freeze {
                institution: entry.institution.clone(),
                holding: entry.holding.holding.clone(),
                amount: None,
                from: Some(today.to_string()),
                until: until.to_string(),
            };
            w.app
                .request_control(&officer(court), &case_number(court, n), &freeze, false)
                .await
                .expect("freeze");
            asked += 1;
        }
    }
    assert!(asked >= 5, "the world should hold some money ({asked} holdings)");
    w.settle(Duration::seconds(20), 5_000).await;
    // Deduct half of what each freeze in force holds.
    for n in 0..debtors {
        let court = COURTS[n % COURTS.len()];
        let record =
            w.app.case_control(&officer(court), &case_number(court, n)).await.expect("record").record;
        for f in record.freezes.values().filter(|f| f.status == FreezeStatus::InForce) {
            let Some(amount) = f.amount.filter(|a| *a > Amount::ZERO) else { continue };
            let half = Amount::from_fen(amount.fen() / 2).expect("amount");
            if half == Amount::ZERO {
                continue;
            }
            let input = ControlInput::Deduct {
                institution: f.institution.clone(),
                holding: f.holding.clone(),
                amount: half.to_string(),
            };
            w.app
                .request_control(&officer(court), &case_number(court, n), &input, false)
                .await
                .expect("deduct");
        }
    }
    w.settle(Duration::seconds(20), 5_000).await;

    let ledger = w.sandbox.ledger();
    assert!(
        ledger.batches.ack_lost > 0 && ledger.batches.answers_duplicated > 0,
        "faults happened: {:?}",
        ledger.batches
    );
    let mut court_total = [Amount::ZERO; 2];
    for n in 0..debtors {
        let court = COURTS[n % COURTS.len()];
        let record =
            w.app.case_control(&officer(court), &case_number(court, n)).await.expect("record").record;
        for request in record.requests.values() {
            let answers = &record.answers[&request.request_id];
            assert_eq!(answers.len(), 1, "one answer recorded per request: {answers:?}");
            let executed = ledger.execution(court, &request.request_id).expect("the institution has it");
            assert_eq!(executed.executions, 1, "executed once: {executed:?}");
            if let Outcome::Frozen { freeze, .. } = &answers[0] {
                assert_eq!(ledger.freeze(freeze).expect("in the ledger").request_id, request.request_id);
            }
        }
        court_total[n % 2] = court_total[n % 2].checked_add(record.deducted_total()).expect("sum");
    }
    for (i, court) in COURTS.iter().enumerate() {
        assert_eq!(ledger.custody_balance(court, &custody_account(court)), court_total[i].to_string());
    }
    assert!(court_total.iter().any(|t| *t > Amount::ZERO));

    // The answers moved the cases' flow: property found, the control node passed by a freeze in force, funds
    // received by a deduction; the jobs the gateway queued recorded each case's deadlines again.
    let handlers = zhixing_app::Handlers::default()
        .on(zhixing_core::cases::case::REFRESH_DEADLINES_JOB, |app: App, job| async move {
            app.handle_refresh_deadlines(job).await
        });
    while w.app.run_jobs_once(&handlers).await.expect("jobs") > 0 {}
    let mut moved = 0;
    for n in 0..debtors {
        let court = COURTS[n % COURTS.len()];
        let record =
            w.app.case_control(&officer(court), &case_number(court, n)).await.expect("record").record;
        let flow = w.app.case_flow(&officer(court), &case_number(court, n)).await.expect("flow");
        let t = flow.state.timeline.expect("timeline");
        let in_force = record.freezes.values().any(|f| f.status == FreezeStatus::InForce);
        assert_eq!(t.first_seizure_on.is_some(), in_force, "case {n}");
        assert_eq!(t.funds_received_on.len(), record.deducted.len(), "case {n}");
        if in_force {
            assert_eq!(t.property_found_on, Some(today), "case {n}");
            let recorded = flow.state.recorded_deadlines.expect("deadlines recorded again");
            assert!(
                recorded.iter().all(|d| d.node != "control"),
                "case {n}: control node passed: {recorded:?}"
            );
            moved += 1;
        }
    }
    assert!(moved > 0);
}

/// An institution with a small daily quota: the gateway never goes over it, serves the two courts in turn,
/// and finishes the next day.
#[tokio::test]
async fn a_daily_quota_is_never_exceeded_and_courts_share_it() {
    let mut config = SandboxConfig::quiet(3);
    config.banks = 30;
    let start = Utc.with_ymd_and_hms(2025, 3, 3, 1, 0, 0).unwrap();
    let probe = Sandbox::new(config.clone(), &[], Arc::new(FixedClock::new(start)));
    let limited = probe.institutions()[0].code.clone();
    config.overrides.insert(
        limited.clone(),
        Behaviour {
            latency: Latency::NONE,
            faults: Faults::NONE,
            quota_per_day: Some(10),
            batches_per_second: None,
        },
    );
    let w = world(config, 16, GatewayConfig::default()).await;
    assert_eq!(w.app.directory.get(&limited).and_then(|i| i.daily_quota), Some(10));
    w.inquire_all(16, false).await;
    for _ in 0..20 {
        w.gateway.pump().await.expect("pump");
        w.clock.advance(Duration::minutes(1));
    }
    // The first day's ten, shared by the two courts.
    let day_one = w.sandbox.ledger();
    let mut by_court = std::collections::BTreeMap::new();
    for e in day_one.executions.iter().filter(|e| e.institution == limited) {
        *by_court.entry(e.court.clone()).or_insert(0) += 1;
    }
    assert_eq!(by_court.values().sum::<i32>(), 10, "{by_court:?}");
    assert!(by_court.values().all(|n| *n >= 4), "shared: {by_court:?}");
    w.settle(Duration::minutes(10), 400).await;
    let ledger = w.sandbox.ledger();
    assert_eq!(ledger.refused("quota_exceeded").requests, 0, "never over the quota");
    let days: Vec<u64> =
        ledger.usage.iter().filter(|u| u.institution == limited).map(|u| u.requests).collect();
    assert_eq!(days, [10, 6], "ten on the first day, the rest on the next");
}

/// A year under the simulated clock: court A freezes a vehicle for two years, court B's freeze queues behind
/// it; A renews before its end; A releases; B's takes effect; B lets it run out and it expires.
#[tokio::test]
async fn a_year_of_renewals_expiries_and_queued_freezes_in_seconds() {
    let mut config = SandboxConfig::quiet(5);
    config.banks = 30;
    let debtors = 40;
    let w = world(config, debtors, GatewayConfig::default()).await;
    // A debtor with something freezable that is not money (a vehicle, property, equity …), and the same
    // debtor's case in the other court.
    let (n, institution, holding, class) = (0..debtors)
        .find_map(|n| {
            w.sandbox.holdings_of(&debtor(n).id_number).into_iter().find_map(|(inst, h)| {
                let item = item(&h.item)?;
                (item.measures.freeze && !item.measures.deduct).then_some((n, inst, h.holding, item.class))
            })
        })
        .expect("some debtor holds property");
    let court_a = COURTS[n % 2];
    let court_b = COURTS[(n + 1) % 2];
    // Court B's case against the same debtor.
    let second = n + debtors;
    let filed_b = {
        let d = debtor(n);
        let mut e: CaseFiled = serde_json::from_str(
            &w.app.store.read_stream(&case_stream(&format!("c{n}")), 1, 1).await.expect("read")[0].payload,
        )
        .expect("filed");
        e.case_id = format!("c{second}");
        e.case_number = case_number(court_b, second);
        e.court = court_b.into();
        e.basis.document_number = format!("（2024）浙0102民初{second}号");
        e.debtors[0].id_number = d.id_number;
        e
    };
    let batch = AppendBatch::new("system:test", court_b).stream(
        &case_stream(&filed_b.case_id),
        ExpectedVersion::NoStream,
        vec![NewEvent::new(CASE_FILED, 1, &filed_b)],
    );
    w.app.store.append(&batch).await.expect("second case");
    for (court, number) in [(court_a, case_number(court_a, n)), (court_b, case_number(court_b, second))] {
        let input = InquiryInput { classes: vec![class.code().into()], ..InquiryInput::default() };
        w.app.request_inquiry(&officer(court), &number, &input).await.expect("inquiry");
    }
    w.settle(Duration::seconds(1), 100).await;
    let months = class.property_class().expect("freezable").max_term_months();
    let start = china_date(w.clock.now());
    let until = zhixing_core::inquiry::record::longest_until(start, months).expect("date");
    let freeze = |court: &str, number: String| {
        let input = ControlInput::Freeze {
            institution: institution.clone(),
            holding: holding.clone(),
            amount: None,
            from: None,
            until: until.to_string(),
        };
        let app = w.app.clone();
        let court = court.to_owned();
        async move { app.request_control(&officer(&court), &number, &input, false).await.expect("freeze") }
    };
    freeze(court_a, case_number(court_a, n)).await;
    w.settle(Duration::seconds(1), 100).await;
    freeze(court_b, case_number(court_b, second)).await;
    w.settle(Duration::seconds(1), 100).await;
    let record_of = |court: &'static str, number: String| {
        let app = w.app.clone();
        async move { app.case_control(&officer(court), &number).await.expect("record").record }
    };
    let a = record_of(court_a, case_number(court_a, n)).await;
    let b = record_of(court_b, case_number(court_b, second)).await;
    let fa = a.freezes.values().next().expect("A's freeze").clone();
    assert_eq!(fa.status, FreezeStatus::InForce);
    assert_eq!(b.freezes.values().next().expect("B's freeze").status, FreezeStatus::Queued);

    // Day by day for a year; A renews a month before its end would come (it is renewed once, in the first
    // year only if the term is a year).
    for _ in 0..365 {
        w.clock.advance(Duration::days(1));
        w.gateway.pump().await.expect("pump");
        let today = china_date(w.clock.now());
        let a = record_of(court_a, case_number(court_a, n)).await;
        let f = a.freezes.values().next().expect("A's freeze");
        if !a.renewals_due(today, 30).is_empty() {
            let until =
                zhixing_core::inquiry::record::longest_until(f.until.succ_opt().unwrap(), months).unwrap();
            let input =
                ControlInput::Renew { freeze: f.freeze_ref.clone().unwrap(), until: until.to_string() };
            w.app
                .request_control(&officer(court_a), &case_number(court_a, n), &input, false)
                .await
                .expect("renew");
        }
    }
    let a = record_of(court_a, case_number(court_a, n)).await;
    let fa = a.freezes.values().next().expect("A's freeze").clone();
    assert_eq!(fa.status, FreezeStatus::InForce, "renewed in time: {fa:?}");
    // A releases: B's queued freeze takes effect, by notice.
    let input = ControlInput::Release { freeze: fa.freeze_ref.clone().unwrap() };
    w.app.request_control(&officer(court_a), &case_number(court_a, n), &input, false).await.expect("release");
    w.settle(Duration::seconds(1), 100).await;
    w.gateway.pump().await.expect("pump");
    let b = record_of(court_b, case_number(court_b, second)).await;
    let fb = b.freezes.values().next().expect("B's freeze").clone();
    assert_eq!(fb.status, FreezeStatus::InForce, "{fb:?}");
    // B never renews: the day after its end the freeze has expired, by notice.
    while china_date(w.clock.now()) <= fb.until {
        w.clock.advance(Duration::days(7));
        w.gateway.pump().await.expect("pump");
    }
    w.clock.advance(Duration::days(1));
    w.gateway.pump().await.expect("pump");
    let b = record_of(court_b, case_number(court_b, second)).await;
    assert_eq!(b.freezes.values().next().expect("B's freeze").status, FreezeStatus::Expired);
    let ledger = w.sandbox.ledger();
    assert_eq!(ledger.freeze(fb.freeze_ref.as_deref().unwrap()).unwrap().state, "expired");
    assert_eq!(ledger.freeze(fa.freeze_ref.as_deref().unwrap()).unwrap().state, "released");
}
