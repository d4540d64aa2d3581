//! Filing through the application layer, on SQLite and on PostgreSQL: submission, duplicate
//! detection, review, and 案号 numbering without gaps or duplicates under concurrent acceptance.

use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use zhixing_app::{Actor, App, AppError};
use zhixing_core::cases::filing::{ApplicationInput, BasisInput, PartyInput};
use zhixing_core::clock::FixedClock;
use zhixing_core::ids::citizen_id::check_character;
use zhixing_core::users::Role;
use zhixing_store::{Store, scratch};

/// A store on a fresh database of the given backend, removed on drop of the returned guard.
struct TestStore {
    app: App,
    clock: Arc<FixedClock>,
    cleanup: Option<(String, String)>,
    dir: Option<std::path::PathBuf>,
}

impl TestStore {
    async fn sqlite() -> TestStore {
        let dir = std::env::temp_dir().join(format!("zhixing-app-{}", uuid::Uuid::now_v7().simple()));
        let clock = clock();
        let store = Store::open_data_dir(&dir, clock.clone()).await.expect("sqlite");
        TestStore { app: App::new(store), clock, cleanup: None, dir: Some(dir) }
    }

    #[expect(clippy::disallowed_methods, reason = "the test harness is configured by the environment")]
    async fn postgres() -> Option<TestStore> {
        if std::env::var("ZHIXING_TEST_POSTGRES").is_ok_and(|v| v == "skip") {
            return None;
        }
        let admin = std::env::var("ZHIXING_TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let url = scratch::create_database(&admin, "t")
            .await
            .expect("PostgreSQL (set ZHIXING_TEST_POSTGRES=skip to skip)");
        let clock = clock();
        let store = Store::open(&url, clock.clone()).await.expect("postgres");
        Some(TestStore { app: App::new(store), clock, cleanup: Some((admin, url)), dir: None })
    }

    async fn remove(self) {
        let TestStore { app, cleanup, dir, .. } = self;
        drop(app);
        if let Some((admin, url)) = cleanup {
            scratch::drop_database(&admin, &url).await.expect("drop");
        }
        if let Some(dir) = dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn clock() -> Arc<FixedClock> {
    // 2024-09-29 10:00 in China: a 调休 working Sunday.
    Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2024, 9, 29, 2, 0, 0).unwrap()))
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

/// A valid 18-digit ID number, distinct for each `n`.
fn id_number(n: u32) -> String {
    let first17 = format!("330106198001{:02}{:03}", 1 + n % 28, n % 1000);
    let first17 = &first17[..17];
    format!("{first17}{}", check_character(first17).unwrap())
}

fn person(name: &str, n: u32) -> PartyInput {
    PartyInput {
        kind: "person".into(),
        name: name.into(),
        id_number: id_number(n),
        legal_representative: None,
        phone: None,
        address: None,
    }
}

fn application(n: u32) -> ApplicationInput {
    ApplicationInput {
        applicants: vec![person("张三", 1)],
        debtors: vec![person(&format!("债务人{n}"), 100 + n)],
        basis: BasisInput {
            kind: "judgment".into(),
            issuer: "杭州市西湖区人民法院".into(),
            document_number: format!("(2024)浙0106民初{n}号"),
            effective_on: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            due_on: NaiveDate::from_ymd_opt(2024, 3, 11).unwrap(),
        },
        principal: format!("{}.00", 10_000 + n),
        interest: "0".into(),
        costs: "0".into(),
        interest_terms: None,
        non_money: vec![],
        source_case_number: Some(format!("（2024）浙0106民初{n}号")),
        preservation_case_number: None,
    }
}

macro_rules! both {
    ($story:ident) => {
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = super::TestStore::sqlite().await;
                super::$story(&t).await;
                t.remove().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(t) = super::TestStore::postgres().await else { return };
                super::$story(&t).await;
                t.remove().await;
            }
        }
    };
}

both!(submit_review_and_number);
both!(duplicates_are_refused_or_flagged);
both!(concurrent_acceptance_numbers_without_gaps);
both!(related_cases_across_courts);
both!(case_flow_deadlines_and_closing);
both!(deadline_scan_warns_then_escalates_once_per_level);
both!(imported_cases_keep_their_numbers);
both!(zhongben_library_requeries_every_six_months);
both!(each_receipt_owes_its_own_payout);
both!(court_limits_apply_and_recompute_deadlines);
both!(preservation_seizures_carry_over_with_their_terms);

async fn submit_review_and_number(t: &TestStore) {
    let app = &t.app;
    let actor = officer("浙0106");
    let submitted = app.submit_application(&actor, "浙0106", &application(1)).await.expect("submit");
    // Received on 2024-09-29; 7 days end on 2024-10-06, inside 国庆 → the next working day.
    assert_eq!(submitted.review_due.to_string(), "2024-10-08");
    assert!(submitted.flags.is_empty());
    let accepted = app.accept_application(&actor, &submitted.application_id, false).await.expect("accept");
    assert_eq!(accepted.case_number, "（2024）浙0106执1号");
    let case = app.case_by_number(&actor, "(2024)浙0106执1号").await.expect("case");
    assert_eq!(case.basis_number, "（2024）浙0106民初1号");
    assert_eq!(case.parties.len(), 2);
    // Decided once only.
    let again = app.accept_application(&actor, &submitted.application_id, false).await.unwrap_err();
    assert_eq!(again.code(), "already_decided");
    // Refusal with reasons; then it cannot be accepted.
    let second = app.submit_application(&actor, "浙0106", &application(2)).await.expect("submit");
    let no_reason = app.refuse_application(&actor, &second.application_id, " ").await.unwrap_err();
    assert_eq!(no_reason.code(), "reasons_required");
    app.refuse_application(&actor, &second.application_id, "不属于本院管辖").await.expect("refuse");
    let state = app.application(&actor, &second.application_id).await.expect("state");
    assert_eq!(state.status(), "refused");
    assert_eq!(
        app.accept_application(&actor, &second.application_id, false).await.unwrap_err().code(),
        "already_decided"
    );
    // The next accepted case takes the next number: a refusal takes none.
    let third = app.submit_application(&actor, "浙0106", &application(3)).await.expect("submit");
    let accepted = app.accept_application(&actor, &third.application_id, false).await.expect("accept");
    assert_eq!(accepted.case_number, "（2024）浙0106执2号");
    // Another court, its own sequence; an officer outside the scope sees nothing.
    let other = officer("浙0102");
    let elsewhere = app.submit_application(&other, "浙0102", &application(4)).await.expect("submit");
    assert_eq!(
        app.accept_application(&other, &elsewhere.application_id, false).await.expect("accept").case_number,
        "（2024）浙0102执1号"
    );
    let denied = app.submit_application(&other, "浙0106", &application(5)).await.unwrap_err();
    assert!(matches!(denied, AppError::Forbidden(_)), "{denied:?}");
    let hidden = app.application(&other, &third.application_id).await.unwrap_err();
    assert!(matches!(hidden, AppError::NotFound { .. }), "{hidden:?}");
    // Bad input names every field and stores nothing.
    let head = app.store.head().await.expect("head");
    let mut bad = application(6);
    bad.debtors[0].id_number = "110101199003077777".into();
    bad.principal = "-1".into();
    let AppError::Invalid(fields) = app.submit_application(&actor, "浙0106", &bad).await.unwrap_err() else {
        panic!("invalid")
    };
    let fields: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["debtors[0].id_number", "principal"]);
    assert_eq!(app.store.head().await.expect("head"), head);
}

async fn duplicates_are_refused_or_flagged(t: &TestStore) {
    let app = &t.app;
    let actor = officer("浙0106");
    let first = app.submit_application(&actor, "浙0106", &application(7)).await.expect("submit");
    let filed = app.accept_application(&actor, &first.application_id, false).await.expect("accept");
    // The same basis, applicant and debtor, written with full-width brackets: refused, naming the case.
    let mut same = application(7);
    same.basis.document_number = "（2024）浙0106民初7号".into();
    let head = app.store.head().await.expect("head");
    let refused = app.submit_application(&actor, "浙0106", &same).await.unwrap_err();
    assert_eq!(refused.code(), "duplicate_case");
    assert!(refused.to_string().contains(&filed.case_number), "{refused}");
    assert_eq!(app.store.head().await.expect("head"), head, "nothing stored");
    // The same document against a debtor with another ID number: flagged, not silently accepted.
    let mut near = application(7);
    near.debtors = vec![person("债务人7", 999)];
    let flagged = app.submit_application(&actor, "浙0106", &near).await.expect("submit");
    assert_eq!(flagged.flags.len(), 1);
    assert_eq!(flagged.flags[0].case_number, filed.case_number);
    let unacknowledged = app.accept_application(&actor, &flagged.application_id, false).await.unwrap_err();
    assert_eq!(unacknowledged.code(), "flags_not_acknowledged");
    app.accept_application(&actor, &flagged.application_id, true).await.expect("accepted after review");
}

async fn concurrent_acceptance_numbers_without_gaps(t: &TestStore) {
    let app = &t.app;
    const APPLICATIONS: u32 = 40;
    const WORKERS: u32 = 8;
    let actor = officer("浙0106");
    let mut ids = Vec::new();
    for n in 0..APPLICATIONS {
        ids.push(
            app.submit_application(&actor, "浙0106", &application(100 + n))
                .await
                .expect("submit")
                .application_id,
        );
    }
    let mut tasks = Vec::new();
    for w in 0..WORKERS {
        let app = app.clone();
        let actor = actor.clone();
        let mine: Vec<String> = ids.iter().skip(w as usize).step_by(WORKERS as usize).cloned().collect();
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for id in mine {
                numbers.push(app.accept_application(&actor, &id, false).await.expect("accept").case_number);
            }
            numbers
        }));
    }
    let mut seqs = Vec::new();
    for task in tasks {
        for number in task.await.expect("task") {
            let seq: u32 =
                number.trim_start_matches("（2024）浙0106执").trim_end_matches('号').parse().expect("seq");
            seqs.push(seq);
        }
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=APPLICATIONS).collect::<Vec<_>>(), "consecutive, no gap, no duplicate");
    assert_eq!(
        app.store.counter_value("case_number/浙0106/执/2024").await.expect("counter"),
        u64::from(APPLICATIONS)
    );
    assert_eq!(
        app.store.verify_chain().await.expect("chain"),
        app.store.head().await.expect("head").position
    );
}

async fn related_cases_across_courts(t: &TestStore) {
    let app = &t.app;
    // The same debtor in two courts of 浙江 under two different judgments: each case shows the other.
    let xihu = officer("浙0106");
    let shangcheng = officer("浙0102");
    let mut first = application(300);
    first.debtors = vec![person("钱七", 77)];
    let mut second = application(301);
    second.debtors = vec![person("钱七", 77)];
    second.basis.document_number = "（2024）浙0102民初301号".into();
    let a = app.submit_application(&xihu, "浙0106", &first).await.expect("submit");
    let a = app.accept_application(&xihu, &a.application_id, false).await.expect("accept");
    let b = app.submit_application(&shangcheng, "浙0102", &second).await.expect("submit");
    let b = app.accept_application(&shangcheng, &b.application_id, false).await.expect("accept");
    let unrelated = app.submit_application(&xihu, "浙0106", &application(302)).await.expect("submit");
    app.accept_application(&xihu, &unrelated.application_id, false).await.expect("accept");

    let case = app.case_by_number(&xihu, &a.case_number).await.expect("case");
    let related = app.related_cases(&case).await.expect("related");
    assert_eq!(related.iter().map(|r| r.case_number.as_str()).collect::<Vec<_>>(), [b.case_number.as_str()]);
    // The other court's officer cannot open the first case, but sees it as related to theirs.
    assert!(app.case_by_number(&shangcheng, &a.case_number).await.is_err());
    let theirs = app.case_by_number(&shangcheng, &b.case_number).await.expect("case");
    let related = app.related_cases(&theirs).await.expect("related");
    assert_eq!(related.iter().map(|r| r.court.as_str()).collect::<Vec<_>>(), ["浙0106"]);
}

async fn case_flow_deadlines_and_closing(t: &TestStore) {
    use zhixing_core::cases::case::{CaseCommand, ClosingGrounds, Fact};
    use zhixing_core::closing::ClosingMode;
    use zhixing_core::flow::{Node, SuspensionKind};
    let app = &t.app;
    let actor = officer("浙0106");
    let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    let submitted = app.submit_application(&actor, "浙0106", &application(400)).await.expect("submit");
    let number =
        app.accept_application(&actor, &submitted.application_id, false).await.expect("accept").case_number;
    // Filed 2024-09-29 (a 调休 working Sunday).
    let assign = CaseCommand::Assign {
        officer_id: "u1".into(),
        officer_name: "李法官".into(),
        assistant: Some("王助理".into()),
        clerk: None,
        on: day(9, 29),
    };
    let flow = app.case_command(&actor, &number, &assign).await.expect("assign");
    let notice = flow.deadlines.iter().find(|d| d.node == Node::Notice).expect("notice deadline");
    // 10 days from filing end on 2024-10-09, a working day after 国庆.
    assert_eq!(notice.due_on, day(10, 9));
    assert!(notice.done_on.is_none());

    // A month later the notice is overdue: the scan finds it, by court and by due date.
    t.clock.advance(chrono::Duration::days(31));
    let overdue = app.deadlines_due(&actor, "浙0106", true, 100).await.expect("scan");
    assert!(overdue.iter().any(|d| d.case_number == number && d.node == "notice"), "{overdue:?}");
    assert_eq!(overdue[0].officer, "李法官");
    let province = app.deadlines_due(&officer("浙"), "浙", true, 100).await.expect("scan");
    assert!(province.iter().any(|d| d.case_number == number));
    let counts = app.store.overdue_counts(&day(10, 30).to_string()).await.expect("counts");
    assert!(counts.iter().any(|(court, n)| court == "浙0106" && *n >= 1), "{counts:?}");

    // Recording the notice closes its deadline; suspension stops the clocks and hides them from the scan.
    let fact = |fact, on| CaseCommand::RecordFact { fact, on, simple: None, note: None };
    app.case_command(&actor, &number, &fact(Fact::NoticeIssued, day(10, 8))).await.expect("notice");
    let suspend = CaseCommand::Suspend {
        kind: SuspensionKind::Zhongzhi,
        from: day(10, 20),
        reason: "案外人异议".into(),
    };
    app.case_command(&actor, &number, &suspend).await.expect("suspend");
    let overdue = app.deadlines_due(&actor, "浙0106", true, 100).await.expect("scan");
    assert!(
        !overdue.iter().any(|d| d.case_number == number),
        "suspended cases are never overdue: {overdue:?}"
    );
    let again = app.case_command(&actor, &number, &suspend).await.unwrap_err();
    assert_eq!(again.code(), "already_suspended");
    app.case_command(&actor, &number, &CaseCommand::Resume { on: day(10, 28) }).await.expect("resume");

    // Closing is refused while a mandatory node is missing; then allowed, and the deadlines go.
    let close = CaseCommand::Close {
        mode: ClosingMode::Performed,
        on: day(10, 30),
        grounds: ClosingGrounds { paid: Some("10400.00".into()), ..ClosingGrounds::default() },
    };
    assert_eq!(app.case_command(&actor, &number, &close).await.unwrap_err().code(), "flow_rule");
    app.case_command(&actor, &number, &fact(Fact::InvestigationDone, day(10, 29)))
        .await
        .expect("investigated");
    // 执行完毕 with money still owed is refused, naming the condition.
    let short = CaseCommand::Close {
        mode: ClosingMode::Performed,
        on: day(10, 30),
        grounds: ClosingGrounds { paid: Some("10000.00".into()), ..ClosingGrounds::default() },
    };
    let Err(AppError::Invalid(fields)) = app.case_command(&actor, &number, &short).await else {
        panic!("执行完毕 with 400.00 yuan owed must be refused")
    };
    assert_eq!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["grounds.amount_outstanding"]);
    let closed = app.case_command(&actor, &number, &close).await.expect("close");
    assert!(closed.state.closed.is_some());
    let case = app.case_by_number(&actor, &number).await.expect("case");
    assert_eq!(case.status, "closed");
    let overdue = app.deadlines_due(&actor, "浙0106", true, 100).await.expect("scan");
    assert!(!overdue.iter().any(|d| d.case_number == number));
    assert_eq!(
        app.case_command(&actor, &number, &fact(Fact::Seizure, day(10, 30))).await.unwrap_err().code(),
        "case_closed"
    );
    // Another court's officer cannot act on the case.
    let outsider =
        app.case_command(&officer("浙0102"), &number, &fact(Fact::Seizure, day(10, 30))).await.unwrap_err();
    assert!(matches!(outsider, AppError::NotFound { .. }), "{outsider:?}");
    // Rebuilding the projections gives the same case row.
    app.store.rebuild_projections(|_, _| {}).await.expect("rebuild");
    assert_eq!(app.case_by_number(&actor, &number).await.expect("case"), case);
}

async fn deadline_scan_warns_then_escalates_once_per_level(t: &TestStore) {
    use zhixing_core::cases::case::{self, CaseCommand, DeadlineAlerted};
    let app = &t.app;
    let actor = officer("浙0106");
    let submitted = app.submit_application(&actor, "浙0106", &application(500)).await.expect("submit");
    let accepted = app.accept_application(&actor, &submitted.application_id, false).await.expect("accept");
    let assign = CaseCommand::Assign {
        officer_id: "u1".into(),
        officer_name: "李法官".into(),
        assistant: None,
        clerk: None,
        on: NaiveDate::from_ymd_opt(2024, 9, 29).unwrap(),
    };
    app.case_command(&actor, &accepted.case_number, &assign).await.expect("assign");
    let notice_alerts = || async {
        let events =
            app.store.read_stream(&format!("case-{}", accepted.case_id), 1, 100).await.expect("stream");
        events
            .iter()
            .filter(|e| e.event_type == case::DEADLINE_ALERTED)
            .map(|e| serde_json::from_str::<DeadlineAlerted>(&e.payload).expect("alert"))
            .filter(|a| a.node == "notice")
            .map(|a| (a.level, a.to, a.raised_on))
            .collect::<Vec<_>>()
    };
    // The notice is due 2024-10-09 (10 days from filing, past 国庆). Move to days of China time.
    let to = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).unwrap();
    // 10-08: inside the 3-working-day warning window → a warning to the officer, once.
    t.clock.set(to(2024, 10, 8));
    let first = app.scan_deadlines(100).await.expect("scan");
    assert!(first.alerts >= 1, "{first:?}");
    let again = app.scan_deadlines(100).await.expect("scan");
    assert_eq!((again.cases, again.alerts), (0, 0), "nothing owed twice");
    assert_eq!(notice_alerts().await, [(1, "officer".to_owned(), "2024-10-08".to_owned())]);
    // 10-10: overdue → the team leader. 10-21: late by more than 5 working days → the command center.
    t.clock.set(to(2024, 10, 10));
    app.scan_deadlines(100).await.expect("scan");
    t.clock.set(to(2024, 10, 21));
    app.scan_deadlines(100).await.expect("scan");
    assert_eq!(app.scan_deadlines(100).await.expect("scan").alerts, 0);
    assert_eq!(
        notice_alerts().await,
        [
            (1, "officer".to_owned(), "2024-10-08".to_owned()),
            (2, "team_leader".to_owned(), "2024-10-10".to_owned()),
            (3, "command_center".to_owned(), "2024-10-21".to_owned()),
        ]
    );
    // The recorded alerts survive a rebuild of the projections: the scan still owes nothing.
    app.store.rebuild_projections(|_, _| {}).await.expect("rebuild");
    assert_eq!(app.scan_deadlines(100).await.expect("scan").cases, 0);
}

async fn imported_cases_keep_their_numbers(t: &TestStore) {
    use zhixing_app::ImportRow;
    let app = &t.app;
    let system = Actor::system("import");
    let row = |number: &str, n: u32| ImportRow {
        case_number: number.into(),
        filed_on: NaiveDate::from_ymd_opt(2024, 5, 6).unwrap(),
        input: application(n),
    };
    assert_eq!(
        app.import_case(&system, &row("(2024)浙0106执88号", 600)).await.expect("import"),
        "（2024）浙0106执88号"
    );
    // The same number again, a trial 案号, an unknown court, and a bad ID: each refused, nothing stored.
    let head = app.store.head().await.expect("head");
    let refused =
        |errors: Vec<zhixing_app::FieldError>| errors.into_iter().map(|e| e.code).collect::<Vec<_>>();
    assert_eq!(
        refused(app.import_case(&system, &row("（2024）浙0106执88号", 601)).await.unwrap_err()),
        ["case_exists"]
    );
    assert_eq!(
        refused(app.import_case(&system, &row("（2024）浙0106民初1号", 602)).await.unwrap_err()),
        ["case_number_unknown_case_type"]
    );
    assert_eq!(
        refused(app.import_case(&system, &row("（2024）浙0199执1号", 603)).await.unwrap_err()),
        ["unknown_court"]
    );
    let mut bad = row("（2024）浙0106执90号", 604);
    bad.input.debtors[0].id_number = "110101199003077777".into();
    assert_eq!(refused(app.import_case(&system, &bad).await.unwrap_err()), ["citizen_id_check_mismatch"]);
    assert_eq!(app.store.head().await.expect("head"), head);
    // New filings continue after the imported number.
    let actor = officer("浙0106");
    let submitted = app.submit_application(&actor, "浙0106", &application(605)).await.expect("submit");
    let accepted = app.accept_application(&actor, &submitted.application_id, false).await.expect("accept");
    assert_eq!(accepted.case_number, "（2024）浙0106执89号");
}

async fn zhongben_library_requeries_every_six_months(t: &TestStore) {
    use zhixing_app::Handlers;
    use zhixing_core::cases::case::{self, CaseCommand, Fact, RequeryDue, ZhongbenFactsRecorded};
    use zhixing_core::closing::ClosingMode;
    use zhixing_core::inquiry::directory::Directory;
    use zhixing_core::inquiry::protocol::Institution;
    // A network of one bank: each re-query is made through it.
    let bank = Institution {
        code: "B0001".into(),
        name: "测试银行".into(),
        kind: "national_bank".into(),
        channel: "national".into(),
        region: None,
        classes: vec!["deposit".into()],
        daily_quota: None,
        batches_per_second: None,
    };
    let app = &t.app.clone().with_directory(Directory::new(vec![bank]));
    let actor = officer("浙0106");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let submitted = app.submit_application(&actor, "浙0106", &application(700)).await.expect("submit");
    let accepted = app.accept_application(&actor, &submitted.application_id, false).await.expect("accept");
    let number = accepted.case_number.clone();
    let fact = |fact, on| CaseCommand::RecordFact { fact, on, simple: None, note: None };
    let assign = CaseCommand::Assign {
        officer_id: "u1".into(),
        officer_name: "李法官".into(),
        assistant: None,
        clerk: None,
        on: day(2024, 9, 29),
    };
    for command in
        [assign, fact(Fact::NoticeIssued, day(2024, 9, 29)), fact(Fact::InvestigationDone, day(2024, 9, 29))]
    {
        app.case_command(&actor, &number, &command).await.expect("flow");
    }
    t.clock.set(Utc.with_ymd_and_hms(2025, 1, 6, 2, 0, 0).unwrap());
    let facts = ZhongbenFactsRecorded {
        report: "reported_verified".into(),
        consumption_ban_issued: true,
        shixin: "not_listable".into(),
        network_inquiry_done: true,
        field_investigation: "done".into(),
        search: "not_needed".into(),
        audit_or_reward: "not_needed".into(),
        finding: "none_found".into(),
        whereabouts: "known".into(),
        obstruction: "none".into(),
        interview: "recorded".into(),
        applicant_signed: true,
        panel_reviewed: false,
        president_approved: false,
        recorded_on: "2025-01-06".into(),
    };
    app.case_command(&actor, &number, &CaseCommand::AttestZhongben { facts: Box::new(facts) })
        .await
        .expect("attest");
    app.case_command(
        &actor,
        &number,
        &CaseCommand::Close { mode: ClosingMode::Zhongben, on: day(2025, 1, 6), grounds: Default::default() },
    )
    .await
    .expect("终本");
    // Ten re-queries over five years, each a durable job on its date.
    assert_eq!(app.store.job_counts().await.expect("jobs").get("queued"), Some(&10));
    // The library report of the court above counts the case: in the library, nothing due yet.
    let library = || async {
        let rows = app.zhongben_library_report(&officer("浙01"), "浙01").await.expect("report");
        assert_eq!(rows.iter().map(|r| r.court.as_str()).collect::<Vec<_>>(), ["浙0106"]);
        let r = &rows[0];
        (r.in_library, r.resumed, r.rounds_due, r.rounds_answered, r.rounds_found, r.found_not_resumed)
    };
    assert_eq!(library().await, (1, 0, 0, 0, 0, 0));
    assert!(matches!(
        app.zhongben_library_report(&officer("浙0102"), "浙0106").await,
        Err(zhixing_app::AppError::Forbidden(_))
    ));
    let handlers = Handlers::default()
        .on(case::REQUERY_JOB, |app: App, job| async move { app.handle_requery(job).await });
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 0, "nothing due before the first date");
    // Six months on, the first window has closed: its round is due (the second round's window has only
    // just opened, so its date, whatever the case id picks, is still ahead). Recorded once, however often
    // the worker runs.
    t.clock.set(Utc.with_ymd_and_hms(2025, 7, 6, 2, 0, 0).unwrap());
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 1);
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 0);
    let rounds = || async {
        let events =
            app.store.read_stream(&format!("case-{}", accepted.case_id), 1, 100).await.expect("stream");
        events
            .iter()
            .filter(|e| e.event_type == case::REQUERY_DUE)
            .map(|e| serde_json::from_str::<RequeryDue>(&e.payload).expect("due").round)
            .collect::<Vec<_>>()
    };
    assert_eq!(rounds().await, [1]);
    // The round was made through the network at once: one inquiry of every debtor, keyed by the round.
    let control = app.case_control(&actor, &number).await.expect("control");
    let keys: Vec<_> = control.record.inquiries.values().map(|i| i.idempotency_key.clone()).collect();
    assert_eq!(keys, [Some("requery-1".to_owned())]);
    assert_eq!(
        app.store
            .gateway_counts()
            .await
            .expect("counts")
            .iter()
            .find(|(k, _)| k == "inquiries_open")
            .map(|(_, v)| *v),
        Some(1)
    );
    // The network answers the round: a bank holds money. The completed inquiry's result goes into the library
    // once: the applicant and the officer are told, with the recommendation to resume.
    let inquiry_id = control.record.inquiries.keys().next().expect("the round's inquiry").clone();
    let stream = format!("case-{}", accepted.case_id);
    let holding = zhixing_core::inquiry::protocol::Holding {
        holding: "6222000011112222".into(),
        item: "demand_deposit".into(),
        description: "活期存款".into(),
        amount: Some("5000.00".into()),
        related: None,
        freezes: vec![],
    };
    let found = zhixing_core::inquiry::record::AssetsFound {
        inquiry_id: inquiry_id.clone(),
        institution: "B0001".into(),
        subject: control.record.inquiries[&inquiry_id].subjects[0].id_number.clone(),
        holdings: vec![holding],
        found_on: "2025-07-07".into(),
    };
    let done = zhixing_core::inquiry::record::InquiryCompleted {
        inquiry_id: inquiry_id.clone(),
        answered: 1,
        failed: 0,
        completed_on: "2025-07-07".into(),
    };
    let version = app.store.stream_version(&stream).await.expect("version");
    use zhixing_core::event::{ExpectedVersion, NewEvent};
    use zhixing_store::AppendBatch;
    let answer = AppendBatch::new("system:gateway", "浙0106")
        .stream(
            &stream,
            ExpectedVersion::Exact(version),
            vec![
                NewEvent::new(zhixing_core::inquiry::record::ASSETS_FOUND, 1, &found),
                NewEvent::new(zhixing_core::inquiry::record::INQUIRY_COMPLETED, 1, &done),
            ],
        )
        .job(zhixing_app::requery_answer_job(&accepted.case_id, &inquiry_id));
    app.store.append(&answer).await.expect("the network's answer");
    let handlers = handlers
        .on(case::REQUERY_ANSWER_JOB, |app: App, job| async move { app.handle_requery_answer(job).await });
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 1);
    let answers = || async {
        let events = app.store.read_stream(&stream, 1, 200).await.expect("stream");
        events
            .iter()
            .filter(|e| e.event_type == case::REQUERY_ANSWERED)
            .map(|e| serde_json::from_str::<case::RequeryAnswered>(&e.payload).expect("answered"))
            .collect::<Vec<_>>()
    };
    let answered = answers().await;
    assert_eq!(answered.len(), 1);
    assert_eq!((answered[0].round, answered[0].items, answered[0].known_value.as_str()), (1, 1, "5000.00"));
    assert_eq!(answered[0].notify, ["officer", "applicant"]);
    assert_eq!(answered[0].recipients[0], "李法官");
    assert_eq!(answered[0].recommendation, "resume_enforcement");
    // The same job again (a retry after a lost answer) records nothing more.
    let again = zhixing_app::requery_answer_job(&accepted.case_id, &inquiry_id)
        .idempotency_key("requery-answer/again");
    app.store.enqueue(&[again]).await.expect("enqueue again");
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 1);
    assert_eq!(answers().await.len(), 1, "once per round");
    assert_eq!(library().await, (1, 0, 1, 1, 1, 1), "property found, waiting for the officer");
    // 恢复执行 takes the case out of the library: the later rounds run and record nothing.
    app.resume_case(&actor, &number, None).await.expect("resume");
    t.clock.set(Utc.with_ymd_and_hms(2030, 6, 1, 2, 0, 0).unwrap());
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 9);
    assert_eq!(rounds().await, [1]);
    assert_eq!(app.store.job_counts().await.expect("jobs").get("done"), Some(&12));
    assert_eq!(library().await, (0, 1, 1, 1, 1, 0), "resumed: out of the library");
    // The case page's history is the latest events, oldest first.
    let all = app.store.read_stream(&stream, 1, 500).await.expect("stream");
    let latest = app.case_history(&actor, &number, 2).await.expect("history");
    assert_eq!(
        latest.iter().map(|e| e.stream_version).collect::<Vec<_>>(),
        all[all.len() - 2..].iter().map(|e| e.stream_version).collect::<Vec<_>>()
    );
}

async fn each_receipt_owes_its_own_payout(t: &TestStore) {
    use zhixing_core::cases::case::{CaseCommand, Fact};
    let app = &t.app;
    let actor = officer("浙0106");
    let submitted = app.submit_application(&actor, "浙0106", &application(800)).await.expect("submit");
    let number =
        app.accept_application(&actor, &submitted.application_id, false).await.expect("accept").case_number;
    t.clock.set(Utc.with_ymd_and_hms(2024, 11, 20, 2, 0, 0).unwrap());
    let receipt = |d| CaseCommand::RecordFact {
        fact: Fact::FundsReceived,
        on: NaiveDate::from_ymd_opt(2024, 11, d).unwrap(),
        simple: None,
        note: None,
    };
    for d in [4, 5, 5] {
        app.case_command(&actor, &number, &receipt(d)).await.expect("receipt");
    }
    // Two payout deadlines (one per receipt date): 30 days each, the later one past the weekend.
    let flow = app.case_flow(&actor, &number).await.expect("flow");
    let payouts: Vec<_> =
        flow.deadlines.iter().filter(|d| d.node.code() == "payout").map(|d| d.due_on.to_string()).collect();
    assert_eq!(payouts, ["2024-12-04", "2024-12-05", "2024-12-05"]);
    t.clock.set(Utc.with_ymd_and_hms(2024, 12, 10, 2, 0, 0).unwrap());
    let overdue = app.deadlines_due(&actor, "浙0106", true, 100).await.expect("scan");
    let rows: Vec<_> = overdue
        .iter()
        .filter(|d| d.case_number == number && d.node == "payout")
        .map(|d| d.due_on.as_str())
        .collect();
    assert_eq!(rows, ["2024-12-04", "2024-12-05"]);
}

async fn court_limits_apply_and_recompute_deadlines(t: &TestStore) {
    use zhixing_app::Handlers;
    use zhixing_core::flow::settings::{CourtLimitsSet, LocalLimitRecord, RECOMPUTE_JOB};
    let app = &t.app;
    let officer = officer("浙0106");
    let center = Actor { roles: vec![Role::CommandCenter], ..officer.clone() };
    let submitted = app.submit_application(&officer, "浙0106", &application(900)).await.expect("submit");
    let number =
        app.accept_application(&officer, &submitted.application_id, false).await.expect("accept").case_number;
    let notice_due = || async {
        let flow = app.case_flow(&officer, &number).await.expect("flow");
        flow.deadlines.iter().find(|d| d.node.code() == "notice").map(|d| d.due_on.to_string())
    };
    // Filed on Sunday 2024-09-29 (a 调休 working day): the statutory 10 days end on 2024-10-09.
    assert_eq!(notice_due().await.as_deref(), Some("2024-10-09"));
    let notice = |amount| CourtLimitsSet {
        court: "浙0106".into(),
        local: vec![LocalLimitRecord {
            node: "notice".into(),
            amount,
            unit: "calendar_days".into(),
            applies_to: "all".into(),
            source: "本院执行流程节点管理办法 第五条".into(),
        }],
        warning_working_days: 2,
    };
    let head = app.store.head().await.expect("head");
    // Officers may not set limits; a limit longer than the law's is refused on its field.
    assert!(matches!(
        app.set_court_limits(&officer, "浙0106", &notice(5), None).await,
        Err(AppError::Forbidden(_))
    ));
    let Err(AppError::Invalid(fields)) = app.set_court_limits(&center, "浙0106", &notice(15), None).await
    else {
        panic!("a local limit longer than the statutory one must be refused")
    };
    assert_eq!(fields[0].field, "local[0].amount");
    let elsewhere = CourtLimitsSet { court: "浙0102".into(), ..notice(5) };
    let Err(AppError::Invalid(fields)) = app.set_court_limits(&center, "浙0106", &elsewhere, None).await
    else {
        panic!("a setting naming another court must be refused")
    };
    assert_eq!(fields[0].code, "court_mismatch");
    assert_eq!(app.store.head().await.expect("head"), head, "nothing stored on refusal");
    // 5 days end on 2024-10-04, inside the National Day holiday: the deadline rolls to 2024-10-08.
    let set = app.set_court_limits(&center, "浙0106", &notice(5), None).await.expect("set");
    assert_eq!(set.version, 1);
    assert_eq!(notice_due().await.as_deref(), Some("2024-10-08"), "the case page applies the court's limits");
    // The recorded deadlines (what the scans read) follow through the recompute job, once.
    let handlers =
        Handlers::default().on(RECOMPUTE_JOB, |app: App, job| async move { app.handle_recompute(job).await });
    assert_eq!(app.run_jobs_once(&handlers).await.expect("run"), 1);
    let overdue_on = |day: &str| {
        let day = day.to_owned();
        async move { app.store.overdue_counts(&day).await.expect("counts") }
    };
    assert!(overdue_on("2024-10-09").await.iter().any(|(court, n)| court == "浙0106" && *n >= 1));
    let again = app.recompute_deadlines("浙0106").await.expect("recompute");
    assert_eq!((again.cases, again.changed), (1, 0), "a second recompute records nothing");
    // A stale version is refused.
    assert!(matches!(
        app.set_court_limits(&center, "浙0106", &notice(4), Some(0)).await,
        Err(AppError::Conflict(_))
    ));
    assert_eq!(app.court_limits(&officer, "浙0106").await.expect("read").version, 1);
}

async fn preservation_seizures_carry_over_with_their_terms(t: &TestStore) {
    use zhixing_app::ImportRow;
    use zhixing_core::cases::case::CaseCommand;
    use zhixing_core::control::PropertyClass;
    let app = &t.app;
    let officer = officer("浙0106");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // A 执保 case against the same debtor, under the preservation ruling, with its seizures.
    let mut preservation = application(950);
    preservation.basis.document_number = "(2024)浙0106财保3号".into();
    preservation.principal = "8000.00".into();
    preservation.source_case_number = None;
    let row = ImportRow {
        case_number: "（2024）浙0106执保3号".into(),
        filed_on: day(2024, 3, 1),
        input: preservation,
    };
    app.import_case(&Actor::system("import"), &row).await.expect("import 执保");
    let seize = |class, property: &str, from, to| CaseCommand::RecordSeizure {
        class,
        property: property.into(),
        amount: None,
        effective_on: from,
        expires_on: to,
    };
    let held = "（2024）浙0106执保3号";
    // A deposit frozen for more than a year is refused on its field (民诉法解释 第485条).
    let too_long = seize(PropertyClass::BankDeposit, "工商银行账户 0101", day(2024, 3, 5), day(2025, 3, 5));
    let Err(AppError::Invalid(fields)) = app.case_command(&officer, held, &too_long).await else {
        panic!("a freeze longer than a year must be refused")
    };
    assert_eq!(fields[0].field, "expires_on");
    for seizure in [
        seize(PropertyClass::BankDeposit, "工商银行账户 0101", day(2024, 3, 5), day(2025, 3, 4)),
        seize(PropertyClass::Movable, "浙A·12345 小型汽车", day(2024, 3, 5), day(2024, 9, 1)),
    ] {
        app.case_command(&officer, held, &seizure).await.expect("seizure");
    }
    // A named 执保 case that does not exist is refused at acceptance.
    let mut unknown = application(951);
    unknown.preservation_case_number = Some("（2024）浙0106执保4号".into());
    let submitted = app.submit_application(&officer, "浙0106", &unknown).await.expect("submit");
    let Err(AppError::Invalid(fields)) =
        app.accept_application(&officer, &submitted.application_id, true).await
    else {
        panic!("an unknown preservation case must be refused")
    };
    assert_eq!(
        (fields[0].field.as_str(), fields[0].code.as_str()),
        ("preservation_case_number", "preservation_case_not_found")
    );
    // Enforcement filed on 2024-09-29: the deposit freeze carries over with its own term; the distraint that
    // ran out on 2024-09-01 does not.
    let mut enforcement = application(950);
    enforcement.preservation_case_number = Some(held.into());
    let submitted = app.submit_application(&officer, "浙0106", &enforcement).await.expect("submit");
    let accepted = app.accept_application(&officer, &submitted.application_id, true).await.expect("accept");
    let flow = app.case_flow(&officer, &accepted.case_number).await.expect("flow");
    let carried: Vec<_> = flow
        .state
        .seizures
        .iter()
        .map(|s| {
            (s.class.as_str(), s.effective_on.as_str(), s.expires_on.as_str(), s.carried_from.as_deref())
        })
        .collect();
    assert_eq!(carried, [("bank_deposit", "2024-03-05", "2025-03-04", Some(held))]);
    // The control node counts as passed from filing.
    assert_eq!(flow.state.timeline.and_then(|t| t.first_seizure_on), Some(day(2024, 9, 29)));
}
