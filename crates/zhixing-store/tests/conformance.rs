//! The conformance suite of the event store (事件存储一致性测试): every story runs on SQLite and on
//! PostgreSQL, each on a fresh database, and must see the same results to the byte.
//!
//! A story is `async fn story_x(db: &TestDb)`; `conformance!(story_x)` makes the two tests
//! `story_x::sqlite` and `story_x::postgres`. Time comes from the [`FixedClock`] in `db.clock`.

#[macro_use]
mod common;

use chrono::Duration;
use common::{Raw, TestDb, micros, start};
use std::collections::{BTreeMap, BTreeSet};
use zhixing_core::cases::{BasisRecord, CASE_FILED, CaseFiled, PartyRecord, case};
use zhixing_core::clock::Clock;
use zhixing_core::event::{ExpectedVersion, GENESIS_HASH, NewEvent, RecordedEvent};
use zhixing_core::inquiry::protocol::{Op, Subject};
use zhixing_core::inquiry::record::{self, ControlRequested, InquiryRequested};
use zhixing_core::limits;
use zhixing_core::users::{self, Role, event_type as ut};
use zhixing_store::{
    AppendBatch, Appended, CasePartyRow, CaseRow, DeadlineRow, GatewayWrite, JobOutcome, LibraryCourtRow,
    NewBatch, NewJob, Store, StoreError, UserRow, backoff_seconds,
};

const ACTOR: &str = "user-0192f3a0";
const COURT: &str = "浙0106";

conformance!(story_append_and_read);
conformance!(story_optimistic_concurrency);
conformance!(story_concurrent_appenders);
conformance!(story_hash_chain);
conformance!(story_limits_and_bad_input);
conformance!(story_projections);
conformance!(story_jobs);
conformance!(story_reopen);
conformance!(story_numbered_appends);
conformance!(story_deadline_lists);
conformance!(story_gateway_queue);
conformance!(story_zhongben_library);
conformance!(story_freezes);

fn event(event_type: &str, payload: &str) -> NewEvent {
    NewEvent { event_type: event_type.to_owned(), schema_version: 1, payload: payload.to_owned() }
}

fn batch() -> AppendBatch {
    AppendBatch::new(ACTOR, COURT)
}

/// One event on one stream: the common case.
fn single(stream_id: &str, expected: ExpectedVersion, payload: &str) -> AppendBatch {
    batch().stream(stream_id, expected, vec![event("CaseNoted", payload)])
}

/// An error's Debug text: one exact comparison per refusal, variant and fields alike.
#[track_caller]
fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Ok(value) => panic!("expected a refusal, got {value:?}"),
        Err(error) => format!("{error:?}"),
    }
}

/// What must stay the same when an append is refused: chain head, log length, stream versions
/// and job counts.
async fn snapshot(store: &Store, streams: &[&str]) -> String {
    let head = store.head().await.expect("head");
    let events = store.read_all(1, limits::REPLAY_PAGE_EVENTS).await.expect("read_all").len();
    let mut versions = Vec::new();
    for stream in streams {
        versions.push((stream.to_string(), store.stream_version(stream).await.expect("version")));
    }
    let jobs = store.job_counts().await.expect("job counts");
    format!("{head:?} events={events} versions={versions:?} jobs={jobs:?}")
}

// ─── 1. append and read back ────────────────────────────────────────────────────────────────────

async fn story_append_and_read(db: &TestDb) {
    let store = &db.store;
    // Non-canonical JSON (spacing, key order, an escape) with Chinese and a 4-byte character:
    // the store keeps the text byte for byte, it never re-serializes.
    let p1 = r#"{"案号":"（2024）浙0106执123号",  "amount_fen":12345,"note":"\u6267行 😀"}"#;
    let p2 = r#"[1, 2.50, "二"]"#;
    let p3 = r#""只是一个字符串""#;
    let p4 = r#"{"z":null,"a":{"b":[]}}"#;
    let mut first = batch()
        .stream(
            "case-甲",
            ExpectedVersion::NoStream,
            vec![event("CaseNoted", p1), NewEvent { schema_version: 2, ..event("CasePaid", p2) }],
        )
        .stream("case-乙", ExpectedVersion::NoStream, vec![event("CaseNoted", p3)]);
    first.reason = Some("立案审查通过 / filing accepted".to_owned());
    let appended = store.append(&first).await.expect("first append");
    assert_eq!(
        appended,
        Appended {
            first_position: 1,
            last_position: 3,
            stream_versions: vec![("case-甲".into(), 2), ("case-乙".into(), 1)]
        }
    );
    db.clock.advance(Duration::microseconds(1_500_001));
    let second = AppendBatch::new("system:seed", "京01").stream(
        "case-甲",
        ExpectedVersion::Exact(2),
        vec![event("CaseArchived", p4)],
    );
    let appended = store.append(&second).await.expect("second append");
    assert_eq!(
        appended,
        Appended { first_position: 4, last_position: 4, stream_versions: vec![("case-甲".into(), 3)] }
    );

    let all = store.read_all(1, 100).await.expect("read_all");
    let reason = "Some(\"立案审查通过 / filing accepted\")";
    let t1 = "2024-09-29 08:00:00.123456 UTC";
    let t2 = "2024-09-29 08:00:01.623457 UTC";
    assert_eq!(
        all.iter().map(envelope).collect::<Vec<_>>(),
        [
            format!("1 case-甲 v1 CaseNoted s1 {ACTOR} {COURT} {reason} {t1} {p1}"),
            format!("2 case-甲 v2 CasePaid s2 {ACTOR} {COURT} {reason} {t1} {p2}"),
            format!("3 case-乙 v1 CaseNoted s1 {ACTOR} {COURT} {reason} {t1} {p3}"),
            format!("4 case-甲 v3 CaseArchived s1 system:seed 京01 None {t2} {p4}"),
        ]
    );
    // Truncated, not rounded: .123456789 is kept as .123456, and 1.500001 s later as .623457.
    assert_eq!(all[0].recorded_at.timestamp_subsec_nanos(), 123_456_000);
    assert_eq!(all[3].recorded_at.timestamp_subsec_nanos(), 623_457_000);
    assert_eq!(all[0].payload.as_bytes(), p1.as_bytes());

    // Event ids are distinct UUIDv7s; the hash chain links the events in position order.
    let ids = all.iter().map(|e| e.event_id).collect::<BTreeSet<_>>();
    assert_eq!(ids.len(), 4);
    assert!(all.iter().all(|e| e.event_id.get_version_num() == 7));
    // The ids carry the injected clock's instant, not the machine's.
    let id_seconds = |e: &RecordedEvent| e.event_id.get_timestamp().map(|t| t.to_unix().0);
    let s = start().timestamp() as u64;
    assert_eq!(all.iter().map(id_seconds).collect::<Vec<_>>(), [s, s, s, s + 1].map(Some));
    assert_eq!(all[0].prev_hash, GENESIS_HASH);
    for pair in all.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "prev_hash of {}", pair[1].position);
    }
    assert!(all.iter().all(|e| e.compute_hash() == e.hash));
    let head = store.head().await.expect("head");
    assert_eq!((head.position, head.hash), (4, all[3].hash));

    assert_eq!(store.stream_version("case-甲").await.expect("version"), 3);
    assert_eq!(store.stream_version("case-乙").await.expect("version"), 1);
    assert_eq!(store.stream_version("case-丙").await.expect("version"), 0);

    // read_stream from a version, with a limit; the records equal those of read_all.
    let positions = |events: Vec<RecordedEvent>| {
        events.iter().map(|e| (e.stream_version, e.position)).collect::<Vec<_>>()
    };
    assert_eq!(positions(store.read_stream("case-甲", 2, 10).await.expect("read")), vec![(2, 2), (3, 4)]);
    assert_eq!(positions(store.read_stream("case-甲", 1, 2).await.expect("read")), vec![(1, 1), (2, 2)]);
    assert_eq!(
        positions(store.read_stream("case-甲", 0, 10).await.expect("read")),
        vec![(1, 1), (2, 2), (3, 4)]
    );
    assert_eq!(positions(store.read_stream("case-甲", 4, 10).await.expect("read")), vec![]);
    assert_eq!(positions(store.read_stream("case-丙", 1, 10).await.expect("read")), vec![]);
    let stream = store.read_stream("case-甲", 1, 10).await.expect("read");
    assert_eq!(stream, vec![all[0].clone(), all[1].clone(), all[3].clone()]);

    // read_all in pages.
    let page = |events: Vec<RecordedEvent>| events.iter().map(|e| e.position).collect::<Vec<_>>();
    assert_eq!(page(store.read_all(1, 3).await.expect("page")), vec![1, 2, 3]);
    assert_eq!(page(store.read_all(4, 3).await.expect("page")), vec![4]);
    assert_eq!(page(store.read_all(5, 3).await.expect("page")), Vec::<u64>::new());
    assert_eq!(page(store.read_all(0, 2).await.expect("page")), vec![1, 2]);
    assert_eq!(page(store.read_all(3, 0).await.expect("page")), Vec::<u64>::new());
    assert_eq!(page(store.read_all(u64::MAX, 10).await.expect("page")), Vec::<u64>::new());
    assert_eq!(positions(store.read_stream("case-甲", u64::MAX, 10).await.expect("read")), vec![]);
    assert_eq!(store.verify_chain().await.expect("chain"), 4);
}

/// Every field of the envelope but the id and hashes, on one line.
fn envelope(e: &RecordedEvent) -> String {
    format!(
        "{} {} v{} {} s{} {} {} {:?} {} {}",
        e.position,
        e.stream_id,
        e.stream_version,
        e.event_type,
        e.schema_version,
        e.actor,
        e.court,
        e.reason,
        e.recorded_at,
        e.payload
    )
}

// ─── 2. optimistic concurrency ──────────────────────────────────────────────────────────────────

async fn story_optimistic_concurrency(db: &TestDb) {
    let store = &db.store;
    store.append(&single("case-c", ExpectedVersion::NoStream, "{}")).await.expect("create");
    let check = |result: Result<Appended, StoreError>, expected: &str| assert_eq!(refused(result), expected);
    check(
        store.append(&single("case-c", ExpectedVersion::NoStream, "{}")).await,
        r#"Conflict { stream_id: "case-c", expected: "NoStream", actual: 1 }"#,
    );
    check(
        store.append(&single("case-c", ExpectedVersion::Exact(0), "{}")).await,
        r#"Conflict { stream_id: "case-c", expected: "Exact(0)", actual: 1 }"#,
    );
    check(
        store.append(&single("case-c", ExpectedVersion::Exact(2), "{}")).await,
        r#"Conflict { stream_id: "case-c", expected: "Exact(2)", actual: 1 }"#,
    );
    check(
        store.append(&single("case-new", ExpectedVersion::Exact(1), "{}")).await,
        r#"Conflict { stream_id: "case-new", expected: "Exact(1)", actual: 0 }"#,
    );
    let any = store.append(&single("case-c", ExpectedVersion::Any, "{}")).await.expect("Any");
    assert_eq!(any.stream_versions, vec![("case-c".to_owned(), 2)]);
    let exact = store.append(&single("case-c", ExpectedVersion::Exact(2), "{}")).await.expect("Exact(2)");
    assert_eq!(
        exact,
        Appended { first_position: 3, last_position: 3, stream_versions: vec![("case-c".into(), 3)] }
    );

    // A batch over two streams where the second conflicts stores nothing: no events, no stream
    // versions, no projection rows, no jobs.
    let streams = ["case-c", "user-u1"];
    let before = snapshot(store, &streams).await;
    let created = users::UserCreated {
        user_id: "u1".into(),
        login: "lisi".into(),
        name: "李四".into(),
        court: COURT.into(),
        roles: vec![Role::Officer],
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    };
    let both = batch()
        .stream("user-u1", ExpectedVersion::NoStream, vec![NewEvent::new(ut::USER_CREATED, 1, &created)])
        .stream("case-c", ExpectedVersion::Exact(2), vec![event("CaseNoted", "{}")])
        .job(NewJob::new("notify.sms", &"u1"));
    check(store.append(&both).await, r#"Conflict { stream_id: "case-c", expected: "Exact(2)", actual: 3 }"#);
    assert_eq!(snapshot(store, &streams).await, before);
    assert_eq!(store.user_by_login("lisi").await.expect("query"), None);
    assert_eq!(db.raw.column("SELECT login FROM users").await, Vec::<String>::new());
    assert_eq!(store.head().await.expect("head").position, 3);

    // The same batch with the right version goes through, both streams at once.
    let both = batch()
        .stream("user-u1", ExpectedVersion::NoStream, vec![NewEvent::new(ut::USER_CREATED, 1, &created)])
        .stream("case-c", ExpectedVersion::Exact(3), vec![event("CaseNoted", "{}")])
        .job(NewJob::new("notify.sms", &"u1"));
    let appended = store.append(&both).await.expect("retry");
    assert_eq!(
        appended,
        Appended {
            first_position: 4,
            last_position: 5,
            stream_versions: vec![("user-u1".into(), 1), ("case-c".into(), 4)]
        }
    );
    assert_eq!(store.user_by_login("lisi").await.expect("query").map(|u| u.user_id), Some("u1".to_owned()));
    assert_eq!(store.job_counts().await.expect("jobs"), BTreeMap::from([("queued".to_owned(), 1)]));
}

// ─── 3. concurrent appenders ────────────────────────────────────────────────────────────────────

const WRITERS: u64 = 8;
const APPENDS_PER_WRITER: u64 = 25;

async fn story_concurrent_appenders(db: &TestDb) {
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move { append_to_shared(&store, writer).await }));
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            let stream = format!("case-own-{writer}");
            for i in 0..APPENDS_PER_WRITER {
                let payload = format!(r#"{{"w":{writer},"i":{i}}}"#);
                store
                    .append(&single(&stream, ExpectedVersion::Exact(i), &payload))
                    .await
                    .expect("own stream append");
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer task");
    }
    let store = &db.store;
    let total = 2 * WRITERS * APPENDS_PER_WRITER;
    let all = store.read_all(1, limits::REPLAY_PAGE_EVENTS).await.expect("read_all");
    assert_eq!(all.iter().map(|e| e.position).collect::<Vec<_>>(), (1..=total).collect::<Vec<_>>());
    assert_eq!(store.head().await.expect("head").position, total);

    // The shared stream: versions 1..=200, every (writer, i) exactly once, each writer's in order.
    let shared = store.read_stream("case-shared", 1, limits::REPLAY_PAGE_EVENTS).await.expect("shared");
    assert_eq!(
        shared.iter().map(|e| e.stream_version).collect::<Vec<_>>(),
        (1..=WRITERS * APPENDS_PER_WRITER).collect::<Vec<_>>()
    );
    let mut seen: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for e in &shared {
        let value: serde_json::Value = serde_json::from_str(&e.payload).expect("payload");
        seen.entry(value["w"].as_u64().expect("w")).or_default().push(value["i"].as_u64().expect("i"));
    }
    let in_order = (0..APPENDS_PER_WRITER).collect::<Vec<_>>();
    assert_eq!(seen, (0..WRITERS).map(|w| (w, in_order.clone())).collect::<BTreeMap<_, _>>());
    assert_eq!(store.stream_version("case-shared").await.expect("version"), WRITERS * APPENDS_PER_WRITER);

    for writer in 0..WRITERS {
        let stream = format!("case-own-{writer}");
        let events = store.read_stream(&stream, 1, 100).await.expect("own");
        let expected = (0..APPENDS_PER_WRITER)
            .map(|i| (i + 1, format!(r#"{{"w":{writer},"i":{i}}}"#)))
            .collect::<Vec<_>>();
        assert_eq!(
            events.iter().map(|e| (e.stream_version, e.payload.clone())).collect::<Vec<_>>(),
            expected
        );
    }
    assert_eq!(store.verify_chain().await.expect("chain"), total);
}

/// Appends this writer's events to the shared stream: read the version, append with
/// `Exact(version)`, and on a conflict read again and retry.
async fn append_to_shared(store: &Store, writer: u64) {
    for i in 0..APPENDS_PER_WRITER {
        let payload = format!(r#"{{"w":{writer},"i":{i}}}"#);
        loop {
            let version = store.stream_version("case-shared").await.expect("version");
            match store.append(&single("case-shared", ExpectedVersion::Exact(version), &payload)).await {
                Ok(_) => break,
                Err(StoreError::Conflict { .. }) => continue,
                Err(other) => panic!("writer {writer}: {other}"),
            }
        }
    }
}

// ─── 4. hash chain ──────────────────────────────────────────────────────────────────────────────

async fn story_hash_chain(db: &TestDb) {
    let store = &db.store;
    for n in 1..=5 {
        let stream = if n % 2 == 0 { "case-even" } else { "case-odd" };
        store
            .append(&single(stream, ExpectedVersion::Any, &format!(r#"{{"n":{n}}}"#)))
            .await
            .expect("append");
        db.clock.advance(Duration::seconds(1));
    }
    assert_eq!(store.verify_chain().await.expect("chain"), 5);
    let raw = &db.raw;
    let check = |result: Result<u64, StoreError>, expected: &str| assert_eq!(refused(result), expected);

    // A changed payload, actor or instant breaks the event's own hash.
    raw.execute(r#"UPDATE events SET payload = '{"n":99}' WHERE position = 3"#).await;
    check(store.verify_chain().await, r#"ChainBroken { position: 3, reason: "event hash mismatch" }"#);
    raw.execute(r#"UPDATE events SET payload = '{"n":3}' WHERE position = 3"#).await;
    assert_eq!(store.verify_chain().await.expect("restored"), 5);
    raw.execute("UPDATE events SET actor = 'user-other' WHERE position = 2").await;
    check(store.verify_chain().await, r#"ChainBroken { position: 2, reason: "event hash mismatch" }"#);
    raw.execute(&format!("UPDATE events SET actor = '{ACTOR}' WHERE position = 2")).await;
    raw.execute("UPDATE events SET recorded_at_us = recorded_at_us + 1 WHERE position = 4").await;
    check(store.verify_chain().await, r#"ChainBroken { position: 4, reason: "event hash mismatch" }"#);
    raw.execute("UPDATE events SET recorded_at_us = recorded_at_us - 1 WHERE position = 4").await;
    assert_eq!(store.verify_chain().await.expect("restored"), 5);

    // A forger who also recomputes the changed event's hash breaks the link to the next one.
    let mut forged = store.read_all(3, 1).await.expect("read").remove(0);
    let original = forged.clone();
    forged.payload = r#"{"n":30}"#.to_owned();
    forged.hash = forged.compute_hash();
    let write = |e: &RecordedEvent| {
        format!(
            "UPDATE events SET payload = '{}', hash = {} WHERE position = {}",
            e.payload,
            raw.blob_literal(&e.hash),
            e.position
        )
    };
    raw.execute(&write(&forged)).await;
    check(store.verify_chain().await, r#"ChainBroken { position: 4, reason: "previous hash mismatch" }"#);
    raw.execute(&write(&original)).await;
    assert_eq!(store.verify_chain().await.expect("restored"), 5);

    // A removed event: in the middle a gap, at the end a head that no longer matches.
    raw.execute("DELETE FROM events WHERE position = 5").await;
    check(store.verify_chain().await, r#"ChainBroken { position: 5, reason: "chain head mismatch" }"#);
    raw.execute("DELETE FROM events WHERE position = 2").await;
    check(store.verify_chain().await, r#"ChainBroken { position: 3, reason: "position gap" }"#);
}

// ─── 5. limits and bad input ────────────────────────────────────────────────────────────────────

async fn story_limits_and_bad_input(db: &TestDb) {
    let store = &db.store;
    store.append(&single("case-x", ExpectedVersion::NoStream, "{}")).await.expect("baseline");
    let streams = ["case-x", "case-y", ""];
    let before = snapshot(store, &streams).await;
    let ok = || batch().stream("case-y", ExpectedVersion::NoStream, vec![event("CaseNoted", "{}")]);
    let with = |stream_id: &str, e: NewEvent| ok().stream(stream_id, ExpectedVersion::Any, vec![e]);
    let json_of_bytes = |bytes: usize| format!("\"{}\"", "x".repeat(bytes - 2));
    let too_many =
        (0..=limits::APPEND_BATCH_EVENTS_MAX).map(|_| event("CaseNoted", "{}")).collect::<Vec<_>>();
    let context = |actor: &str, court: &str, reason: Option<String>| {
        let mut b = AppendBatch::new(actor, court).stream(
            "case-y",
            ExpectedVersion::NoStream,
            vec![event("CaseNoted", "{}")],
        );
        b.reason = reason;
        b
    };
    let cases: Vec<(AppendBatch, &str)> = vec![
        (batch(), "EmptyAppend"),
        (batch().stream("case-y", ExpectedVersion::NoStream, vec![]), "EmptyAppend"),
        (
            with("case-z", event("CaseNoted", &json_of_bytes(limits::EVENT_PAYLOAD_BYTES_MAX + 1))),
            "Envelope(Payload)",
        ),
        (with("case-z", event("CaseNoted", r#"{"a":"#)), "Envelope(Payload)"),
        (with("case-z", event("CaseNoted", "")), "Envelope(Payload)"),
        (with("case-z", event("CaseNoted", "{} {}")), "Envelope(Payload)"),
        (with("case-z", event("Case Noted", "{}")), "Envelope(EventType)"),
        (with("case-z", event("", "{}")), "Envelope(EventType)"),
        (with("case-z", event("案件", "{}")), "Envelope(EventType)"),
        (with("case-z", event(&"E".repeat(limits::EVENT_TYPE_CHARS_MAX + 1), "{}")), "Envelope(EventType)"),
        (with("", event("CaseNoted", "{}")), "Envelope(StreamId)"),
        (with(&"s".repeat(limits::STREAM_ID_CHARS_MAX + 1), event("CaseNoted", "{}")), "Envelope(StreamId)"),
        (with("case-\n1", event("CaseNoted", "{}")), "Envelope(StreamId)"),
        (
            ok().stream("case-y", ExpectedVersion::Any, vec![event("CaseNoted", "{}")]),
            r#"DuplicateStream("case-y")"#,
        ),
        (
            batch().stream("case-y", ExpectedVersion::Any, too_many),
            "BatchTooLarge { events: 10001, max: 10000 }",
        ),
        (context("", COURT, None), "Envelope(Actor)"),
        (context(ACTOR, &"法".repeat(limits::ACTOR_CHARS_MAX + 1), None), "Envelope(Actor)"),
        (context(ACTOR, COURT, Some("因".repeat(limits::TEXT_CHARS_MAX + 1))), "Envelope(Reason)"),
        // PostgreSQL text cannot hold NUL: refused on both backends alike, not a database error on one.
        (context(ACTOR, COURT, Some("理由\0".into())), "Envelope(Reason)"),
        (ok().job(NewJob::new("notify.sms", &1).idempotency_key("k\0")), r#"InvalidJob("idempotency_key")"#),
        (ok().job(NewJob::new("bad kind", &1)), r#"InvalidJob("kind")"#),
        (
            ok().job(NewJob { payload: "{".into(), ..NewJob::new("notify.sms", &1) }),
            r#"InvalidJob("payload")"#,
        ),
        (ok().job(NewJob::new("notify.sms", &1).idempotency_key("")), r#"InvalidJob("idempotency_key")"#),
    ];
    for (bad, expected) in cases {
        assert_eq!(refused(store.append(&bad).await), expected);
    }
    assert_eq!(snapshot(store, &streams).await, before);
    assert_eq!(store.verify_chain().await.expect("chain"), 1);

    // The limits themselves are allowed: a payload of exactly the maximum, a type and a stream id
    // of the longest length (counted in characters, not bytes), and a full batch of 10,000 events
    // over 2,000 streams (more rows and streams than one multi-row INSERT takes).
    let longest_stream = "案".repeat(limits::STREAM_ID_CHARS_MAX);
    let edge = batch()
        .stream(
            "case-y",
            ExpectedVersion::NoStream,
            vec![event("CaseNoted", &json_of_bytes(limits::EVENT_PAYLOAD_BYTES_MAX))],
        )
        .stream(
            &longest_stream,
            ExpectedVersion::NoStream,
            vec![event(&"E".repeat(limits::EVENT_TYPE_CHARS_MAX), "{}")],
        );
    let appended = store.append(&edge).await.expect("limits are allowed");
    assert_eq!(appended.last_position, 3);
    let read = store.read_stream("case-y", 1, 1).await.expect("read");
    assert_eq!(read[0].payload.len(), limits::EVENT_PAYLOAD_BYTES_MAX);
    assert_eq!(store.stream_version(&longest_stream).await.expect("version"), 1);

    let mut full = batch();
    for s in 0..2_000 {
        full = full.stream(
            &format!("case-full-{s}"),
            ExpectedVersion::NoStream,
            (0..5).map(|i| event("CaseNoted", &format!(r#"{{"i":{i}}}"#))).collect(),
        );
    }
    let appended = store.append(&full).await.expect("a full batch");
    assert_eq!((appended.first_position, appended.last_position), (4, 10_003));
    assert_eq!(appended.stream_versions.len(), 2_000);
    assert!(appended.stream_versions.iter().all(|(_, v)| *v == 5));
    assert_eq!(store.stream_version("case-full-1999").await.expect("version"), 5);
    // Two pages of REPLAY_PAGE_EVENTS and a third, partial one.
    assert_eq!(store.verify_chain().await.expect("chain"), 10_003);
}

// ─── 6. projections ─────────────────────────────────────────────────────────────────────────────

const HASH_1: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdDE$aGFzaDE";
const HASH_2: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI";

fn user_created(user_id: &str, login: &str, name: &str) -> users::UserCreated {
    users::UserCreated {
        user_id: user_id.into(),
        login: login.into(),
        name: name.into(),
        court: COURT.into(),
        roles: vec![Role::Officer],
        password_hash: HASH_1.into(),
    }
}

fn token_issued(token_id: &str, token_hash: &str, expires_at_us: Option<i64>) -> users::ApiTokenIssued {
    users::ApiTokenIssued {
        user_id: "u1".into(),
        token_id: token_id.into(),
        token_hash: token_hash.into(),
        label: "联动单位接口".into(),
        expires_at_us,
    }
}

fn party(kind: &str, name: &str, id_number: &str) -> PartyRecord {
    PartyRecord {
        kind: kind.into(),
        name: name.into(),
        id_number: id_number.into(),
        legal_representative: None,
        phone: None,
        address: None,
    }
}

fn case_filed(case_id: &str, case_number: &str) -> CaseFiled {
    CaseFiled {
        case_id: case_id.into(),
        case_number: case_number.into(),
        court: COURT.into(),
        year: 2024,
        seq: 123,
        case_type: "执".into(),
        filed_on: "2024-09-29".into(),
        applicants: vec![
            party("company", "杭州某某科技有限公司", "91330106MA2XXXXXX1"),
            party("person", "王五", "330106199001011234"),
        ],
        debtors: vec![party("person", "赵六", "33010619850505123X")],
        basis: BasisRecord {
            kind: "judgment".into(),
            issuer: "杭州市西湖区人民法院".into(),
            document_number: "（2024）浙0106民初1号".into(),
            effective_on: "2024-06-01".into(),
            due_on: "2024-06-15".into(),
        },
        principal_fen: 1_234_567,
        interest_fen: 890,
        costs_fen: 5_000,
        application_id: None,
        interest_terms: None,
        non_money: Vec::new(),
        source_case_number: None,
        preservation_case_number: None,
    }
}

fn user_events() -> Vec<NewEvent> {
    let roles = users::UserRolesChanged { user_id: "u1".into(), roles: vec![Role::Officer, Role::Admin] };
    let password = users::UserPasswordChanged { user_id: "u1".into(), password_hash: HASH_2.into() };
    let revoked = users::ApiTokenRevoked { user_id: "u1".into(), token_id: "t1".into() };
    vec![
        NewEvent::new(ut::USER_CREATED, 1, &user_created("u1", "zhangsan", "张三")),
        NewEvent::new(ut::USER_ROLES_CHANGED, 1, &roles),
        NewEvent::new(ut::API_TOKEN_ISSUED, 1, &token_issued("t1", "aa11", Some(1_735_660_800_000_000))),
        NewEvent::new(ut::API_TOKEN_ISSUED, 1, &token_issued("t2", "bb22", None)),
        NewEvent::new(ut::USER_PASSWORD_CHANGED, 1, &password),
        NewEvent::new(ut::API_TOKEN_REVOKED, 1, &revoked),
        NewEvent::new(ut::USER_DISABLED, 1, &users::UserDisabled { user_id: "u1".into() }),
    ]
}

async fn story_projections(db: &TestDb) {
    let store = &db.store;
    store
        .append(&batch().stream("user-u1", ExpectedVersion::NoStream, user_events()))
        .await
        .expect("user u1");
    let t1 = db.clock.now();
    db.clock.advance(Duration::minutes(5));
    let t2 = db.clock.now();
    let case_number = "（2024）浙0106执123号";
    let second = batch()
        .stream(
            "user-u2",
            ExpectedVersion::NoStream,
            vec![NewEvent::new(ut::USER_CREATED, 1, &user_created("u2", "lisi", "李四"))],
        )
        .stream(
            "case-k1",
            ExpectedVersion::NoStream,
            vec![NewEvent::new(CASE_FILED, 1, &case_filed("k1", case_number))],
        );
    store.append(&second).await.expect("user u2 and a case");

    let zhangsan = UserRow {
        user_id: "u1".into(),
        login: "zhangsan".into(),
        name: "张三".into(),
        court: COURT.into(),
        roles: vec![Role::Officer, Role::Admin],
        password_hash: HASH_2.into(),
        disabled: true,
        created_at: micros(t1),
        version: 7,
    };
    assert_eq!(store.user_by_login("zhangsan").await.expect("query"), Some(zhangsan.clone()));
    let lisi = UserRow {
        user_id: "u2".into(),
        login: "lisi".into(),
        name: "李四".into(),
        roles: vec![Role::Officer],
        password_hash: HASH_1.into(),
        disabled: false,
        created_at: micros(t2),
        version: 1,
        ..zhangsan.clone()
    };
    assert_eq!(store.user_by_login("lisi").await.expect("query"), Some(lisi));
    assert_eq!(store.user_by_login("wangwu").await.expect("query"), None);
    assert_eq!(
        db.raw.rows(TOKENS_SQL).await,
        vec![
            texts(&["t1", "u1", "aa11", "联动单位接口", "1735660800000000", "yes"]),
            [texts(&["t2", "u1", "bb22", "联动单位接口"]), vec![None, Some("no".into())]].concat(),
        ]
    );
    let case_row = CaseRow {
        case_id: "k1".into(),
        case_number: case_number.into(),
        court: COURT.into(),
        year: 2024,
        seq: 123,
        case_type: "执".into(),
        filed_on: "2024-09-29".into(),
        principal_fen: 1_234_567,
        applicants: "杭州某某科技有限公司、王五".into(),
        debtors: "赵六".into(),
        status: "filed".into(),
        basis_number: "（2024）浙0106民初1号".into(),
        parties: vec![
            party_row(0, "applicant", "company", "杭州某某科技有限公司", "91330106MA2XXXXXX1"),
            party_row(1, "applicant", "person", "王五", "330106199001011234"),
            party_row(2, "debtor", "person", "赵六", "33010619850505123X"),
        ],
    };
    assert_eq!(store.case_by_number(case_number).await.expect("query"), Some(case_row.clone()));
    // Duplicate candidates: by the document number, or by a debtor's and an applicant's identifiers
    // together; none for strangers, nor for a shared debtor alone or a shared applicant alone.
    let by_document =
        store.duplicate_candidates("（2024）浙0106民初1号", &[], &[], 10).await.expect("candidates");
    assert_eq!(by_document, vec![case_row.clone()]);
    let by_parties = store
        .duplicate_candidates("（2020）浙0106民初9号", &["330106199001011234"], &["33010619850505123X"], 10)
        .await
        .expect("candidates");
    assert_eq!(by_parties, vec![case_row]);
    for (applicants, debtors) in [
        (["11010519491231002X"], ["33010619850505123X"]),
        (["330106199001011234"], ["11010519491231002X"]),
        (["33010619850505123X"], ["330106199001011234"]),
    ] {
        let none = store
            .duplicate_candidates("（2020）浙0106民初9号", &applicants, &debtors, 10)
            .await
            .expect("candidates");
        assert!(none.is_empty(), "{applicants:?} / {debtors:?}");
    }
    assert_eq!(store.case_by_number("（2024）浙0106执124号").await.expect("query"), None);

    duplicates_are_refused(db).await;
    rebuild_equals_live(db).await;
}

const TOKENS_SQL: &str = "SELECT token_id, user_id, token_hash, label, CAST(expires_at_us AS TEXT), \
     CASE WHEN revoked THEN 'yes' ELSE 'no' END FROM api_tokens ORDER BY token_id";

fn texts(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some((*v).to_owned())).collect()
}

fn party_row(ordinal: i64, role: &str, kind: &str, name: &str, id_number: &str) -> CasePartyRow {
    CasePartyRow {
        ordinal,
        role: role.into(),
        kind: kind.into(),
        name: name.into(),
        id_number: id_number.into(),
    }
}

/// A unique key of a projection, broken by an event, refuses the whole append with the same
/// error on both backends.
async fn duplicates_are_refused(db: &TestDb) {
    let store = &db.store;
    let streams = ["user-u1", "user-u3", "case-k2"];
    let before = snapshot(store, &streams).await;
    let new_user = |stream: &str, user: users::UserCreated| {
        batch()
            .stream(stream, ExpectedVersion::NoStream, vec![NewEvent::new(ut::USER_CREATED, 1, &user)])
            .job(NewJob::new("notify.welcome", &user.user_id))
    };
    let cases: Vec<(AppendBatch, &str)> = vec![
        (
            new_user("user-u3", user_created("u3", "zhangsan", "张三丰")),
            r#"UniqueViolation { what: "users.login" }"#,
        ),
        (
            new_user("user-u3", user_created("u1", "zhangsan2", "张三")),
            r#"UniqueViolation { what: "users.user_id" }"#,
        ),
        (
            batch().stream(
                "case-k2",
                ExpectedVersion::NoStream,
                vec![NewEvent::new(CASE_FILED, 1, &case_filed("k2", "（2024）浙0106执123号"))],
            ),
            r#"UniqueViolation { what: "cases.case_number" }"#,
        ),
        (
            batch().stream(
                "user-u1",
                ExpectedVersion::Exact(7),
                vec![NewEvent::new(ut::API_TOKEN_ISSUED, 1, &token_issued("t3", "aa11", None))],
            ),
            r#"UniqueViolation { what: "api_tokens.token_hash" }"#,
        ),
        (
            batch().stream(
                "user-u3",
                ExpectedVersion::NoStream,
                vec![event(ut::USER_CREATED, r#"{"user_id":"u3"}"#)],
            ),
            r#"Projection { position: 10, event_type: "UserCreated", detail: "missing field `login` at line 1 column 16" }"#,
        ),
    ];
    for (bad, expected) in cases {
        assert_eq!(refused(store.append(&bad).await), expected);
    }
    assert_eq!(snapshot(store, &streams).await, before);
    assert_eq!(store.user_by_login("zhangsan").await.expect("query").map(|u| u.user_id), Some("u1".into()));
    assert_eq!(store.user_by_login("zhangsan2").await.expect("query"), None);
}

/// Rebuilding the projections from the log gives the live tables back, row for row, even after
/// the tables were damaged.
async fn rebuild_equals_live(db: &TestDb) {
    let store = &db.store;
    let live = dump_projections(db).await;
    assert_eq!(
        live.iter().map(|(table, rows)| (table.as_str(), rows.len())).collect::<Vec<_>>(),
        vec![("api_tokens", 2), ("case_parties", 3), ("cases", 1), ("users", 2)]
    );
    db.raw.execute("UPDATE users SET name = '篡改' WHERE user_id = 'u2'").await;
    db.raw.execute("DELETE FROM case_parties").await;
    db.raw.execute("INSERT INTO cases SELECT 'k9', 'x', court, year, seq, case_type, filed_on, principal_fen, applicants, debtors, status, basis_number, officer, closing_mode, closed_on, claim_fen, deducted_fen, paid_fen FROM cases").await;
    assert_ne!(dump_projections(db).await, live);
    let mut progress = Vec::new();
    let replayed =
        store.rebuild_projections(|done, total| progress.push((done, total))).await.expect("rebuild");
    assert_eq!(replayed, 9);
    assert_eq!(progress, vec![(9, 9)]);
    assert_eq!(dump_projections(db).await, live);
}

/// Every projection table, every column as text, rows sorted.
async fn dump_projections(db: &TestDb) -> BTreeMap<String, Vec<Vec<Option<String>>>> {
    let schema = db.store.schema().await.expect("schema");
    let mut dump = BTreeMap::new();
    for table in ["users", "api_tokens", "cases", "case_parties"] {
        let columns = schema
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, c)| format!("CAST({c} AS TEXT)"))
            .collect::<Vec<_>>();
        assert!(!columns.is_empty(), "{table} has columns");
        let order = (1..=columns.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {} FROM {table} ORDER BY {order}", columns.join(", "));
        dump.insert(table.to_owned(), db.raw.rows(&sql).await);
    }
    dump
}

// ─── 6b. deadline lists ─────────────────────────────────────────────────────────────────────────

fn open_deadline(node: &str, due_on: &str, warn_from: &str, suspended: bool) -> case::OpenDeadline {
    case::OpenDeadline {
        node: node.into(),
        due_on: due_on.into(),
        warn_from: warn_from.into(),
        suspended,
        alert_level: 0,
    }
}

fn deadlines_computed(deadlines: Vec<case::OpenDeadline>) -> NewEvent {
    let computed = case::DeadlinesComputed {
        case_id: "k1".into(),
        court: COURT.into(),
        computed_on: "2024-10-10".into(),
        deadlines,
    };
    NewEvent::new(case::DEADLINES_COMPUTED, 1, &computed)
}

fn officer_assigned(name: &str) -> NewEvent {
    let assigned = case::OfficerAssigned {
        officer_id: "u9".into(),
        officer_name: name.into(),
        assistant: None,
        clerk: None,
        assigned_on: "2024-10-09".into(),
    };
    NewEvent::new(case::OFFICER_ASSIGNED, 1, &assigned)
}

/// The overdue (超期) and due-soon (预警) lists carry the case's 案号 and officer, kept beside each
/// deadline by the projection: set when deadlines are recorded, moved when the officer changes, the
/// same after a rebuild; suspended deadlines are in neither list, and the due-soon list ends at the
/// warning window, however far ahead deadlines fall due.
async fn story_deadline_lists(db: &TestDb) {
    let store = &db.store;
    let case_number = "（2024）浙0106执123号";
    let filed = batch().stream(
        "case-k1",
        ExpectedVersion::NoStream,
        vec![NewEvent::new(CASE_FILED, 1, &case_filed("k1", case_number))],
    );
    store.append(&filed).await.expect("case");
    let first = vec![
        open_deadline("notice", "2024-10-08", "2024-09-27", false),
        open_deadline("closing", "2025-03-29", "2025-03-25", false),
    ];
    store
        .append(&batch().stream(
            "case-k1",
            ExpectedVersion::Exact(1),
            vec![officer_assigned("钱七"), deadlines_computed(first)],
        ))
        .await
        .expect("officer and deadlines");
    let today = "2024-10-10";
    let row = |node: &str, due_on: &str, warn_from: &str, officer: &str| DeadlineRow {
        case_id: "k1".into(),
        case_number: case_number.into(),
        court: COURT.into(),
        node: node.into(),
        due_on: due_on.into(),
        warn_from: warn_from.into(),
        officer: officer.into(),
    };
    let overdue = store.deadlines_due(&[COURT], today, true, 10).await.expect("overdue");
    assert_eq!(overdue, vec![row("notice", "2024-10-08", "2024-09-27", "钱七")]);
    assert_eq!(store.deadlines_due(&[COURT], today, false, 10).await.expect("due soon"), vec![]);
    assert_eq!(store.overdue_counts(today).await.expect("counts"), vec![(COURT.to_owned(), 1)]);

    // A new officer, then new deadlines: a suspended one (in no list), one in its warning window, and
    // one warned from a long way ahead (a window as wide as the longest there is).
    let second = vec![
        open_deadline("notice", "2024-10-08", "2024-09-27", true),
        open_deadline("investigation", "2024-10-14", "2024-10-09", false),
        open_deadline("control", "2024-11-15", "2024-10-10", false),
        open_deadline("closing", "2025-03-29", "2025-03-25", false),
    ];
    store
        .append(&batch().stream(
            "case-k1",
            ExpectedVersion::Exact(3),
            vec![officer_assigned("孙八"), deadlines_computed(second)],
        ))
        .await
        .expect("new officer and deadlines");
    assert_eq!(store.deadlines_due(&[COURT], today, true, 10).await.expect("overdue"), vec![]);
    assert_eq!(store.overdue_counts(today).await.expect("counts"), vec![]);
    assert_eq!(
        store.deadlines_due(&[COURT, "浙01"], today, false, 10).await.expect("due soon"),
        vec![
            row("investigation", "2024-10-14", "2024-10-09", "孙八"),
            row("control", "2024-11-15", "2024-10-10", "孙八"),
        ]
    );
    assert_eq!(store.deadlines_due(&["浙01"], today, false, 10).await.expect("other court"), vec![]);
    store
        .append(&batch().stream("case-k1", ExpectedVersion::Exact(5), vec![officer_assigned("周九")]))
        .await
        .expect("officer");
    let due_soon = store.deadlines_due(&[COURT], today, false, 10).await.expect("due soon");
    assert_eq!(due_soon.iter().map(|r| r.officer.as_str()).collect::<Vec<_>>(), ["周九", "周九"]);
    // The whole sets (an export) are the lists without a page: the same rows in the same order.
    let (all_overdue, all_due_soon) = store.deadline_sets(&[COURT, "浙01"], today).await.expect("sets");
    assert_eq!((all_overdue, all_due_soon), (vec![], due_soon.clone()));
    assert_eq!(store.deadline_set(&["浙01"], today, false).await.expect("empty"), vec![]);
    assert_eq!(
        store.deadline_set(&[COURT], "2025-01-01", true).await.expect("overdue later"),
        store.deadlines_due(&[COURT], "2025-01-01", true, 10).await.expect("overdue later"),
    );
    // The officer's own list: every open deadline of their cases at the court (clock running), soonest first.
    let mine = store.officer_deadlines(COURT, "周九", 10).await.expect("mine");
    assert!(!mine.is_empty() && mine.iter().all(|r| r.officer == "周九" && r.court == COURT), "{mine:?}");
    assert!(mine.windows(2).all(|w| w[0].due_on <= w[1].due_on), "soonest first: {mine:?}");
    assert_eq!(store.officer_deadlines(COURT, "无此人", 10).await.expect("none"), vec![]);

    let sql = "SELECT case_id, case_number, court, node, due_on, warn_from, officer, \
               CASE WHEN suspended THEN 'yes' ELSE 'no' END FROM case_deadlines ORDER BY node";
    let live = db.raw.rows(sql).await;
    assert_eq!(live.len(), 4);
    db.raw.execute("UPDATE case_deadlines SET officer = '篡改'").await;
    store.rebuild_projections(|_, _| {}).await.expect("rebuild");
    assert_eq!(db.raw.rows(sql).await, live);
    // The screen's cases by node follow the deadlines replaced event by event: the same as counting them.
    let counted = "SELECT node, CAST(COUNT(*) AS TEXT) FROM case_deadlines \
                   WHERE node <> 'closing' AND NOT suspended GROUP BY node ORDER BY node";
    let by_node = store.cases_by_node(&[COURT, "浙01"]).await.expect("by node");
    assert!(!by_node.is_empty());
    let by_node: Vec<Vec<Option<String>>> =
        by_node.into_iter().map(|(node, n)| vec![Some(node), Some(n.to_string())]).collect();
    assert_eq!(by_node, db.raw.rows(counted).await);
}

/// The 终本 library projection: entry, rounds due and answered, resumption; the report per court; a rebuild
/// and migration 0010's fill from recorded events give the same rows.
async fn story_zhongben_library(db: &TestDb) {
    let store = &db.store;
    let schedule = |n: u32| case::ZhongbenLibraryScheduled {
        entry_due: "2025-01-15".into(),
        requeries: (1..=n)
            .map(|round| case::ScheduledRequeryRecord {
                round,
                date: format!("{}-0{}-10", 2025 + (round as i32 - 1) / 2, if round % 2 == 1 { 7 } else { 1 }),
                provisional: false,
            })
            .collect(),
    };
    let answered = |round: u32, found: bool, on: &str| case::RequeryAnswered {
        round,
        inquiry_id: format!("q{round}"),
        property_found: found,
        items: u32::from(found),
        known_value: if found { "5000.00" } else { "0.00" }.into(),
        notify: vec!["applicant".into()],
        recipients: vec!["王五".into()],
        notice: "通知".into(),
        recommendation: if found { "resume_enforcement" } else { "continue_schedule" }.into(),
        answered_on: on.into(),
    };
    let due = |round: u32| case::RequeryDue { round, due_on: format!("2025-0{}-10", 6 + round) };
    let closed = case::CaseClosed { mode: "zhongben".into(), on: "2025-01-06".into(), grounds: None };
    let mut other = case_filed("k2", "（2024）浙0102执9号");
    other.court = "浙0102".into();
    for (id, filed) in [("k1", case_filed("k1", "（2024）浙0106执123号")), ("k2", other)] {
        store
            .append(&batch().stream(
                &format!("case-{id}"),
                ExpectedVersion::NoStream,
                vec![
                    NewEvent::new(CASE_FILED, 1, &filed),
                    NewEvent::new(case::CASE_CLOSED, 1, &closed),
                    NewEvent::new(case::ZHONGBEN_LIBRARY_SCHEDULED, 1, &schedule(10)),
                    NewEvent::new(case::REQUERY_DUE, 1, &due(1)),
                ],
            ))
            .await
            .expect("a case in the library");
    }
    // k1: round 1 found nothing, round 2 found money; k2: round 1 found money and the case was resumed.
    store
        .append(&batch().stream(
            "case-k1",
            ExpectedVersion::Exact(4),
            vec![
                NewEvent::new(case::REQUERY_ANSWERED, 1, &answered(1, false, "2025-07-11")),
                NewEvent::new(case::REQUERY_DUE, 1, &due(2)),
                NewEvent::new(case::REQUERY_ANSWERED, 1, &answered(2, true, "2026-01-12")),
            ],
        ))
        .await
        .expect("k1 answered");
    let resumed = case::CaseResumedAs {
        resumed_case_id: "k3".into(),
        resumed_case_number: "（2025）浙0102执恢1号".into(),
        on: "2025-07-20".into(),
    };
    store
        .append(&batch().stream(
            "case-k2",
            ExpectedVersion::Exact(4),
            vec![
                NewEvent::new(case::REQUERY_ANSWERED, 1, &answered(1, true, "2025-07-11")),
                NewEvent::new(case::CASE_RESUMED_AS, 1, &resumed),
            ],
        ))
        .await
        .expect("k2 resumed");
    let report = store.zhongben_library_report(&[COURT, "浙0102", "浙01"]).await.expect("report");
    let line = |court: &str, in_library, resumed, due, answered, found, waiting| LibraryCourtRow {
        court: court.into(),
        in_library,
        resumed,
        rounds_due: due,
        rounds_answered: answered,
        rounds_found: found,
        found_not_resumed: waiting,
        schedule_complete: 0,
    };
    assert_eq!(report, vec![line("浙0102", 0, 1, 1, 1, 1, 0), line(COURT, 1, 0, 2, 2, 1, 1)]);
    assert_eq!(store.zhongben_library_report(&["浙01"]).await.expect("report"), vec![]);
    // A schedule of two rounds, both due: the five years are over.
    let mut short = case_filed("k4", "（2024）浙0106执124号");
    short.seq = 124;
    store
        .append(&batch().stream(
            "case-k4",
            ExpectedVersion::NoStream,
            vec![
                NewEvent::new(CASE_FILED, 1, &short),
                NewEvent::new(case::ZHONGBEN_LIBRARY_SCHEDULED, 1, &schedule(2)),
                NewEvent::new(case::REQUERY_DUE, 1, &due(2)),
                NewEvent::new(case::REQUERY_DUE, 1, &due(1)),
            ],
        ))
        .await
        .expect("k4");
    let report = store.zhongben_library_report(&[COURT]).await.expect("report");
    assert_eq!((report[0].in_library, report[0].rounds_due, report[0].schedule_complete), (2, 4, 1));

    let sql = "SELECT case_id, court, entry_due, CAST(rounds AS TEXT), first_requery_on, last_requery_on, \
               CAST(rounds_due AS TEXT), CAST(rounds_answered AS TEXT), CAST(rounds_found AS TEXT), last_found_on, \
               resumed_as FROM zhongben_library ORDER BY case_id";
    let live = db.raw.rows(sql).await;
    assert_eq!(live.len(), 3);
    assert_eq!(
        live[0],
        texts(&[
            "k1",
            COURT,
            "2025-01-15",
            "10",
            "2025-07-10",
            "2029-01-10",
            "2",
            "2",
            "1",
            "2026-01-12",
            ""
        ])
    );
    assert_eq!(live[1][10].as_deref(), Some("（2025）浙0102执恢1号"));
    db.raw.execute("UPDATE zhongben_library SET rounds_found = 9").await;
    store.rebuild_projections(|_, _| {}).await.expect("rebuild");
    assert_eq!(db.raw.rows(sql).await, live, "a rebuild gives the same rows");
    // Migration 0010 fills the table from the recorded events of a store that had none.
    let migration = match db.raw {
        Raw::Sqlite(_) => include_str!("../migrations/sqlite/0010_zhongben_library.sql"),
        Raw::Postgres(_) => include_str!("../migrations/postgres/0010_zhongben_library.sql"),
    };
    db.raw.execute("DELETE FROM zhongben_library").await;
    let fill =
        migration.split_once("\nINSERT INTO").map(|(_, rest)| format!("INSERT INTO{rest}")).expect("fill");
    for statement in fill.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        db.raw.execute(statement).await;
    }
    assert_eq!(db.raw.rows(sql).await, live, "the migration's fill gives the same rows");

    // The day each case closed (migration 0011), kept by the projection and filled by the migration alike;
    // the command center's counts of the year read it.
    let closed_sql = "SELECT case_id, closed_on FROM cases ORDER BY case_id";
    let closed_rows = db.raw.rows(closed_sql).await;
    assert_eq!(closed_rows[0], texts(&["k1", "2025-01-06"]));
    assert_eq!(closed_rows[2], texts(&["k4", ""]));
    db.raw.execute("UPDATE cases SET closed_on = ''").await;
    let fill = include_str!("../migrations/sqlite/0011_web.sql");
    let fill = match db.raw {
        Raw::Sqlite(_) => fill,
        Raw::Postgres(_) => include_str!("../migrations/postgres/0011_web.sql"),
    };
    let update = fill.split_once("UPDATE cases").map(|(_, rest)| rest).expect("the fill");
    let update = format!("UPDATE cases{}", update.split(';').next().unwrap_or_default());
    db.raw.execute(&update).await;
    assert_eq!(db.raw.rows(closed_sql).await, closed_rows, "the migration's fill gives the same days");
    let year = store.court_year(&[COURT, "浙0102"], "2025-01-01", "2025-01-06").await.expect("the year");
    let k1 = &year[COURT];
    assert_eq!(
        (
            k1.received_year,
            k1.closed_year,
            k1.closed_today,
            k1.zhongben_year,
            k1.first_closed_year,
            k1.first_days_sum
        ),
        (0, 1, 1, 1, 1, 99),
        "filed 2024-09-29, closed as 终本 99 days later"
    );
    // The running tallies the screen reads: kept by the projections, recounted from them, rebuilt from the
    // log — the same rows every way.
    let tallies_sql =
        "SELECT court, metric, day, CAST(n AS TEXT) FROM court_tallies WHERE n <> 0 ORDER BY 1, 2, 3";
    let tallies = db.raw.rows(tallies_sql).await;
    assert!(tallies.contains(&texts(&[COURT, "first_days", "2025-01-06", "99"])), "{tallies:?}");
    assert!(tallies.contains(&texts(&[COURT, "received", "2024-09-29", "2"])), "{tallies:?}");
    store.refill_tallies().await.expect("refill");
    assert_eq!(db.raw.rows(tallies_sql).await, tallies, "recounted from the projections");
    store.rebuild_projections(|_, _| {}).await.expect("rebuild");
    assert_eq!(db.raw.rows(tallies_sql).await, tallies, "rebuilt from the log");
}

// ─── 7. jobs ────────────────────────────────────────────────────────────────────────────────────

async fn story_jobs(db: &TestDb) {
    jobs_follow_the_append(db).await;
    jobs_retry_with_backoff(db).await;
    jobs_lease_expires(db).await;
    jobs_survive_a_panicking_handler(db).await;
    jobs_claimed_once_by_concurrent_claimers(db).await;
    if let Raw::Postgres(_) = db.raw {
        jobs_invisible_until_commit(db).await;
    }
}

fn counts(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(state, n)| ((*state).to_owned(), *n)).collect()
}

/// Claims everything due and finishes it as done; returns (kind, payload, attempts) of each.
async fn drain(store: &Store) -> Vec<(String, String, u32)> {
    let jobs = store.claim_jobs(limits::JOB_CLAIM_BATCH_MAX, 60).await.expect("claim");
    for job in &jobs {
        store.finish_job(job, &JobOutcome::Done).await.expect("finish");
    }
    jobs.into_iter().map(|j| (j.kind, j.payload, j.attempts)).collect()
}

fn job_row(kind: &str, payload: &str, attempts: u32) -> (String, String, u32) {
    (kind.to_owned(), payload.to_owned(), attempts)
}

async fn jobs_follow_the_append(db: &TestDb) {
    let store = &db.store;
    let notify = |case: &str| NewJob::new("notify.sms", &serde_json::json!({ "case": case }));
    store.append(&single("case-j", ExpectedVersion::NoStream, "{}").job(notify("j"))).await.expect("append");
    assert_eq!(drain(store).await, vec![job_row("notify.sms", r#"{"case":"j"}"#, 1)]);
    assert_eq!(store.job_counts().await.expect("counts"), counts(&[("done", 1)]));

    // A refused append enqueues nothing.
    let conflict = single("case-j", ExpectedVersion::NoStream, "{}").job(notify("conflict"));
    assert_eq!(
        refused(store.append(&conflict).await),
        r#"Conflict { stream_id: "case-j", expected: "NoStream", actual: 1 }"#
    );
    assert_eq!(drain(store).await, vec![]);

    // One idempotency key, one job: in one batch, across appends and through enqueue.
    let keyed = |n: i64| NewJob::new("registry.query", &n).idempotency_key("case-j/registry/1");
    store
        .append(&single("case-j", ExpectedVersion::Exact(1), "{}").job(keyed(1)).job(keyed(2)))
        .await
        .expect("append");
    store.append(&single("case-j", ExpectedVersion::Exact(2), "{}").job(keyed(3))).await.expect("append");
    store.enqueue(&[keyed(4), NewJob::new("registry.query", &5)]).await.expect("enqueue");
    assert_eq!(
        drain(store).await,
        vec![job_row("registry.query", "1", 1), job_row("registry.query", "5", 1)]
    );
    store.enqueue(&[keyed(6)]).await.expect("enqueue after done");
    assert_eq!(drain(store).await, vec![]);

    // Not before run_at.
    store
        .enqueue(&[NewJob::new("deadline.remind", &7).at(start() + Duration::seconds(10))])
        .await
        .expect("enqueue");
    db.clock.advance(Duration::microseconds(9_999_999));
    assert_eq!(drain(store).await, vec![]);
    db.clock.advance(Duration::microseconds(1));
    assert_eq!(drain(store).await, vec![job_row("deadline.remind", "7", 1)]);
    assert_eq!(store.job_counts().await.expect("counts"), counts(&[("done", 4)]));
}

async fn jobs_retry_with_backoff(db: &TestDb) {
    let check =
        |attempts: u32, seconds: i64| assert_eq!(backoff_seconds(attempts), seconds, "after {attempts}");
    check(0, 2);
    check(1, 2);
    check(2, 4);
    check(9, 512);
    check(11, 2_048);
    check(12, 3_600);
    check(u32::MAX, 3_600);

    let store = &db.store;
    store.enqueue(&[NewJob::new("agency.query", &"bank")]).await.expect("enqueue");
    let mut job = store.claim_jobs(10, 60).await.expect("claim").remove(0);
    let id = job.id;
    for attempt in 1..limits::JOB_ATTEMPTS_MAX {
        assert_eq!((job.id, job.attempts), (id, attempt));
        store.finish_job(&job, &JobOutcome::Retry("timeout / 超时".into())).await.expect("retry");
        db.clock.advance(Duration::seconds(backoff_seconds(attempt)) - Duration::microseconds(1));
        assert_eq!(store.claim_jobs(10, 60).await.expect("claim"), vec![], "attempt {attempt}: too early");
        db.clock.advance(Duration::microseconds(1));
        job = store.claim_jobs(10, 60).await.expect("claim").remove(0);
    }
    assert_eq!((job.id, job.attempts), (id, limits::JOB_ATTEMPTS_MAX));
    store.finish_job(&job, &JobOutcome::Retry("timeout / 超时\0".into())).await.expect("last attempt");
    db.clock.advance(Duration::days(1));
    assert_eq!(store.claim_jobs(10, 60).await.expect("claim"), vec![]);
    let row = db
        .raw
        .rows(&format!("SELECT state, CAST(attempts AS TEXT), last_error FROM jobs WHERE id = {id}"))
        .await;
    assert_eq!(row, vec![texts(&["failed", "10", "timeout / 超时\u{FFFD}"])]);
    clear_jobs(db).await;
}

/// Empties the queue so that the next part of the story starts from nothing.
async fn clear_jobs(db: &TestDb) {
    db.raw.execute("DELETE FROM jobs").await;
}

async fn jobs_lease_expires(db: &TestDb) {
    let store = &db.store;
    store.enqueue(&[NewJob::new("document.render", &"ruling")]).await.expect("enqueue");
    let first = store.claim_jobs(10, 30).await.expect("claim").remove(0);
    assert_eq!(first.attempts, 1);
    db.clock.advance(Duration::seconds(30));
    assert_eq!(
        store.claim_jobs(10, 30).await.expect("claim"),
        vec![],
        "the lease still holds at its last instant"
    );
    db.clock.advance(Duration::microseconds(1));
    let second = store.claim_jobs(10, 30).await.expect("claim").remove(0);
    assert_eq!((second.id, second.attempts), (first.id, 2));
    // The first worker wakes up late: its outcome must not overwrite the second worker's lease.
    store.finish_job(&first, &JobOutcome::Done).await.expect("late finish");
    assert_eq!(store.job_counts().await.expect("counts"), counts(&[("running", 1)]));
    store.finish_job(&second, &JobOutcome::Done).await.expect("finish");
    assert_eq!(store.job_counts().await.expect("counts"), counts(&[("done", 1)]));
    clear_jobs(db).await;
}

async fn jobs_survive_a_panicking_handler(db: &TestDb) {
    let store = &db.store;
    let jobs = ["ok.first", "boom", "ok.second"].map(|kind| NewJob::new(kind, &kind));
    store.enqueue(&jobs).await.expect("enqueue");
    let claimed = store
        .run_due_jobs(60, |job| async move {
            if job.kind == "boom" {
                panic!("handler bug");
            }
            JobOutcome::Done
        })
        .await
        .expect("run");
    assert_eq!(claimed, 3);
    let rows = db
        .raw
        .rows("SELECT kind, state, CAST(attempts AS TEXT), CAST(run_at_us AS TEXT), COALESCE(last_error, '-') FROM jobs ORDER BY id")
        .await;
    let now_us = db.clock.now().timestamp_micros().to_string();
    let retry_us = (db.clock.now() + Duration::seconds(backoff_seconds(1))).timestamp_micros().to_string();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], texts(&["ok.first", "done", "1", &now_us, "-"]));
    assert_eq!(rows[2], texts(&["ok.second", "done", "1", &now_us, "-"]));
    assert_eq!(rows[1][..4], texts(&["boom", "queued", "1", &retry_us])[..]);
    let error = rows[1][4].clone().unwrap_or_default();
    assert!(error.starts_with("handler panicked: ") && error.contains("handler bug"), "{error}");
    clear_jobs(db).await;
}

async fn jobs_claimed_once_by_concurrent_claimers(db: &TestDb) {
    const JOBS: i64 = 120;
    let jobs = (0..JOBS).map(|n| NewJob::new("screening.feed", &n)).collect::<Vec<_>>();
    db.store.enqueue(&jobs).await.expect("enqueue");
    let mut claimers = Vec::new();
    for _ in 0..6 {
        let store = db.store.clone();
        claimers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let jobs = store.claim_jobs(4, 300).await.expect("claim");
                assert!(jobs.len() <= 4, "claimed {} jobs, asked for 4", jobs.len());
                if jobs.is_empty() {
                    return mine;
                }
                for job in jobs {
                    assert_eq!(job.attempts, 1, "job {} claimed again", job.id);
                    mine.push(job.payload.parse::<i64>().expect("payload"));
                    store.finish_job(&job, &JobOutcome::Done).await.expect("finish");
                }
            }
        }));
    }
    let mut claimed = Vec::new();
    for claimer in claimers {
        claimed.extend(claimer.await.expect("claimer"));
    }
    claimed.sort_unstable();
    assert_eq!(claimed, (0..JOBS).collect::<Vec<_>>(), "every job claimed exactly once");
    assert_eq!(db.store.job_counts().await.expect("counts"), counts(&[("done", JOBS)]));
    clear_jobs(db).await;
}

/// PostgreSQL only: an append that has written its events and its first job but not yet
/// committed (it waits on a job key that another transaction holds) shows nothing to a claimer.
/// (SQLite has one writer at a time, and readers never see an open write transaction.)
async fn jobs_invisible_until_commit(db: &TestDb) {
    let Raw::Postgres(pool) = &db.raw else { return };
    let store = &db.store;
    let head = store.head().await.expect("head");
    let mut holder = pool.begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO jobs (kind, payload, idempotency_key, state, attempts, run_at_us, locked_until_us, \
         created_at_us, updated_at_us) VALUES ('held', '0', 'held-key', 'queued', 0, 0, 0, 0, 0)",
    )
    .execute(&mut *holder)
    .await
    .expect("hold the key");
    let appending = {
        let store = store.clone();
        let append = single("case-held", ExpectedVersion::NoStream, "{}")
            .job(NewJob::new("first.job", &1))
            .job(NewJob::new("keyed.job", &2).idempotency_key("held-key"));
        tokio::spawn(async move { store.append(&append).await })
    };
    wait_for_lock_wait(pool).await;
    assert_eq!(store.claim_jobs(10, 60).await.expect("claim"), vec![]);
    assert_eq!(store.head().await.expect("head"), head);
    assert_eq!(store.stream_version("case-held").await.expect("version"), 0);
    holder.rollback().await.expect("release the key");
    let appended = appending.await.expect("task").expect("append");
    assert_eq!(appended.first_position, head.position + 1);
    assert_eq!(drain(store).await, vec![job_row("first.job", "1", 1), job_row("keyed.job", "2", 1)]);
}

async fn wait_for_lock_wait(pool: &sqlx::PgPool) {
    for _ in 0..500 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .expect("pg_stat_activity");
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the append never waited on the held key");
}

// ─── 8. migrations ──────────────────────────────────────────────────────────────────────────────

async fn story_reopen(db: &TestDb) {
    let store = &db.store;
    store.append(&batch().stream("user-u1", ExpectedVersion::NoStream, user_events())).await.expect("append");
    store.enqueue(&[NewJob::new("notify.sms", &1)]).await.expect("enqueue");
    let head = store.head().await.expect("head");
    let migrations_sql =
        "SELECT CAST(version AS TEXT) AS number, description FROM _sqlx_migrations ORDER BY version";
    let migrations = db.raw.rows(migrations_sql).await;
    assert_eq!(
        migrations,
        vec![
            texts(&["1", "initial"]),
            texts(&["2", "counters"]),
            texts(&["3", "case basis"]),
            texts(&["4", "case flow"]),
            texts(&["5", "deadline alerts"]),
            texts(&["6", "deadline lists"]),
            texts(&["7", "gateway"]),
            texts(&["8", "credit"]),
            texts(&["9", "officials"]),
            texts(&["10", "zhongben library"]),
            texts(&["11", "web"]),
            texts(&["12", "screen"]),
            texts(&["13", "filing pages"]),
            texts(&["14", "overdue counts"]),
        ]
    );

    for round in 0..2 {
        let reopened = Store::open(&db.url, db.clock.clone()).await.expect("reopen");
        assert_eq!(db.raw.rows(migrations_sql).await, migrations, "round {round}: no migration ran twice");
        assert_eq!(reopened.head().await.expect("head"), head);
        assert_eq!(reopened.verify_chain().await.expect("chain"), 7);
        assert_eq!(reopened.user_by_login("zhangsan").await.expect("query").map(|u| u.version), Some(7));
        assert_eq!(reopened.job_counts().await.expect("counts"), counts(&[("queued", 1)]));
    }
    let reopened = Store::open(&db.url, db.clock.clone()).await.expect("reopen");
    let appended = reopened
        .append(&single("user-u1", ExpectedVersion::Exact(7), "{}"))
        .await
        .expect("append after reopen");
    assert_eq!(appended.first_position, 8);
    assert_eq!(store.verify_chain().await.expect("chain"), 8);
}

/// Both migration histories reach the same tables and columns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemas_match() {
    let sqlite = TestDb::sqlite().await;
    let sqlite_schema = sqlite.store.schema().await.expect("schema");
    sqlite.remove().await;
    let tables = sqlite_schema.iter().map(|(t, _)| t.as_str()).collect::<BTreeSet<_>>();
    assert_eq!(
        tables.into_iter().collect::<Vec<_>>(),
        [
            "api_tokens",
            "case_deadlines",
            "case_parties",
            "case_payouts",
            "cases",
            "chain_head",
            "control_requests",
            "counters",
            "court_tallies",
            "credit_history",
            "credit_public",
            "credit_streams",
            "events",
            "freezes",
            "gateway_batches",
            "gateway_cursors",
            "gateway_notices",
            "gateway_quota",
            "inquiries",
            "jobs",
            "screening_acks",
            "screening_checks",
            "screening_keys",
            "screening_versions",
            "streams",
            "users",
            "zhongben_library"
        ]
    );
    assert_eq!(sqlite_schema.len(), 182);
    let Some(postgres) = TestDb::postgres().await else { return };
    let postgres_schema = postgres.store.schema().await;
    postgres.remove().await;
    assert_eq!(postgres_schema.expect("schema"), sqlite_schema);
}

/// Gapless counters: concurrent numbered appends take 1..=N exactly once each, a number is taken only
/// when its events are stored, and a refused batch takes none.
async fn story_numbered_appends(db: &TestDb) {
    let store = &db.store;
    const COUNTER: &str = "case_number/浙0106/执/2024";
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            for _ in 0..APPENDS_PER_WRITER {
                let (seq, _) = store
                    .append_numbered(COUNTER, |seq| {
                        let payload = format!(r#"{{"seq":{seq},"w":{writer}}}"#);
                        Ok(single(&format!("case-n{seq}"), ExpectedVersion::NoStream, &payload))
                    })
                    .await
                    .expect("numbered append");
                taken.push(seq);
            }
            taken
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        let taken = task.await.expect("writer");
        assert!(taken.windows(2).all(|w| w[0] < w[1]), "each writer's numbers increase: {taken:?}");
        all.extend(taken);
    }
    all.sort_unstable();
    let total = WRITERS * APPENDS_PER_WRITER;
    assert_eq!(all, (1..=total).collect::<Vec<_>>(), "no gap and no duplicate");
    assert_eq!(store.counter_value(COUNTER).await.expect("counter"), total);
    for seq in [1, total / 2, total] {
        let events = store.read_stream(&format!("case-n{seq}"), 1, 10).await.expect("stream");
        let value: serde_json::Value = serde_json::from_str(&events[0].payload).expect("payload");
        assert_eq!(value["seq"], serde_json::json!(seq));
    }

    // A build that fails, and a batch the store refuses, take no number and store nothing.
    let head = store.head().await.expect("head");
    let failed = store.append_numbered(COUNTER, |_| Err(StoreError::InvalidJob("refused".into()))).await;
    assert!(matches!(failed, Err(StoreError::InvalidJob(_))), "{failed:?}");
    let conflict =
        store.append_numbered(COUNTER, |_| Ok(single("case-n1", ExpectedVersion::NoStream, "{}"))).await;
    assert!(matches!(conflict, Err(StoreError::Conflict { .. })), "{conflict:?}");
    let empty = store.append_numbered(COUNTER, |_| Ok(AppendBatch::new("system:test", "浙0106"))).await;
    assert!(matches!(empty, Err(StoreError::EmptyAppend)), "{empty:?}");
    assert_eq!(store.counter_value(COUNTER).await.expect("counter"), total);
    assert_eq!(store.head().await.expect("head"), head);
    let (next, _) = store
        .append_numbered(COUNTER, |seq| Ok(single(&format!("case-n{seq}"), ExpectedVersion::NoStream, "{}")))
        .await
        .expect("next");
    assert_eq!(next, total + 1);
    // Counters are separate: another court's sequence starts at 1.
    let (other, _) = store
        .append_numbered("case_number/浙0102/执/2024", |seq| {
            Ok(single(&format!("case-o{seq}"), ExpectedVersion::NoStream, "{}"))
        })
        .await
        .expect("other counter");
    assert_eq!(other, 1);
    assert_eq!(store.verify_chain().await.expect("chain"), store.head().await.expect("head").position);
}

// ─── 9. the inquiry gateway's queue ────────────────────────────────────────────────────────────────

/// An inquiry and a control request enter the queue with their events; a batch is recorded with its quota;
/// an answer's guard takes it in once; notices once; the answer cursor only moves forward.
async fn story_gateway_queue(db: &TestDb) {
    let store = &db.store;
    let subject = Subject { id_number: "110101199003071234".into(), name: "张三".into() };
    let inquiry = InquiryRequested {
        inquiry_id: "inq-1".into(),
        case_number: "（2024）浙0106执1号".into(),
        subjects: vec![subject.clone()],
        classes: vec!["deposit".into()],
        institutions: 2,
        urgent: false,
        requested_on: "2024-03-01".into(),
        idempotency_key: None,
    };
    let control = ControlRequested {
        request_id: "req-1".into(),
        case_number: "（2024）浙0106执1号".into(),
        institution: "B0001".into(),
        subject,
        op: Op::Unfreeze { freeze: "F1".into() },
        urgent: true,
        requested_on: "2024-03-01".into(),
        idempotency_key: Some("k-1".into()),
    };
    store
        .append(&batch().stream(
            "case-c1",
            ExpectedVersion::Any,
            vec![
                NewEvent::new(record::INQUIRY_REQUESTED, 1, &inquiry),
                NewEvent::new(record::CONTROL_REQUESTED, 1, &control),
            ],
        ))
        .await
        .expect("append");
    let open = store.open_inquiries_after(0, 10).await.expect("inquiries");
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].case_id.as_str(), open[0].court.as_str(), open[0].institutions), ("c1", COURT, 2));
    let controls = store.unbatched_controls(10).await.expect("controls");
    assert_eq!(controls.len(), 1);
    assert!(controls[0].urgent && controls[0].request.contains(r#""kind":"unfreeze""#), "{:?}", controls[0]);

    let new_batch = |id: &str, kind: &str, items: &str, requests: i64| NewBatch {
        batch_id: id.into(),
        court: COURT.into(),
        institution: "B0001".into(),
        kind: kind.into(),
        items: items.into(),
        max_item: if kind == "query" { open[0].seq } else { 0 },
        requests,
        day: "2024-03-01".into(),
        next_at: db.clock.now(),
    };
    store.record_batch(&new_batch("b1", "query", &format!("[{}]", open[0].seq), 1)).await.expect("batch");
    store.record_batch(&new_batch("b2", "control", r#"["req-1"]"#, 1)).await.expect("batch");
    assert!(store.unbatched_controls(10).await.expect("controls").is_empty());
    assert_eq!(store.batched_unanswered_controls().await.expect("controls").len(), 1);
    assert_eq!(store.quota_used("2024-03-01").await.expect("quota"), vec![("B0001".to_owned(), 2)]);
    assert_eq!(store.sent_batches().await.expect("sent").len(), 2);
    assert_eq!(store.query_batch_items(open[0].seq).await.expect("items").len(), 1);

    // The answer to b1, taken in with its counts; the same answer again stores nothing.
    let answer = || {
        batch()
            .gateway(GatewayWrite::BatchAnswered { batch_id: "b1".into(), failed: false })
            .gateway(GatewayWrite::InquiriesAnswered { seqs: vec![open[0].seq], failed: false })
            .stream("case-c1", ExpectedVersion::Any, vec![event("AssetsNoted", "{}")])
    };
    store.append(&answer()).await.expect("first answer");
    assert_eq!(refused(store.append(&answer()).await), r#"AlreadyRecorded { what: "batch b1" }"#);
    assert_eq!(store.stream_version("case-c1").await.expect("version"), 3, "the duplicate stored no event");
    assert_eq!(store.open_inquiries_after(0, 10).await.expect("inquiries")[0].answered, 1);
    store
        .append(&batch().gateway(GatewayWrite::InquiriesCompleted { seqs: vec![open[0].seq] }))
        .await
        .expect("gateway-only append");
    assert!(store.open_inquiries_after(0, 10).await.expect("inquiries").is_empty());

    // Control answers and notices.
    store
        .append(
            &batch()
                .gateway(GatewayWrite::BatchAnswered { batch_id: "b2".into(), failed: false })
                .gateway(GatewayWrite::ControlsAnswered { request_ids: vec!["req-1".into()] }),
        )
        .await
        .expect("control answer");
    assert!(store.batched_unanswered_controls().await.expect("controls").is_empty());
    assert_eq!(store.control_request_case("req-1").await.expect("case"), Some(("c1".into(), COURT.into())));
    let notice = || batch().gateway(GatewayWrite::NoticeOnce { key: "n1".into() });
    store.append(&notice()).await.expect("notice");
    assert_eq!(refused(store.append(&notice()).await), r#"AlreadyRecorded { what: "notice n1" }"#);

    // The cursor never moves back.
    for after in [5, 3] {
        store
            .append(&batch().gateway(GatewayWrite::Cursor { court: COURT.into(), after }))
            .await
            .expect("cursor");
    }
    assert_eq!(store.gateway_cursor(COURT).await.expect("cursor"), 5);
    assert_eq!(store.gateway_courts().await.expect("courts"), vec![COURT.to_owned()]);
    assert!(store.sent_batches().await.expect("sent").is_empty());
    assert_eq!(refused(store.append(&batch()).await), "EmptyAppend");
}

/// The `freezes` read model follows each freeze through its answers (frozen, queued then in force, renewed,
/// released, expired, refused) as `ControlRecord` folds them; the screen counts those in force ending soon;
/// a rebuild gives the same rows, and migration 12 fills the table from the log of a store that had none.
async fn story_freezes(db: &TestDb) {
    use zhixing_core::inquiry::protocol::Outcome;
    let store = &db.store;
    let subject = Subject { id_number: "110101199003071234".into(), name: "张三".into() };
    let freeze = |id: &str, until: &str| ControlRequested {
        request_id: id.into(),
        case_number: "（2024）浙0106执1号".into(),
        institution: "B0001".into(),
        subject: subject.clone(),
        op: Op::Freeze { holding: "H1".into(), amount: None, from: "2026-01-01".into(), until: until.into() },
        urgent: false,
        requested_on: "2026-01-01".into(),
        idempotency_key: None,
    };
    let answer = |id: &str, outcome: Outcome| record::ControlAnswered {
        request_id: id.into(),
        institution: "B0001".into(),
        outcome,
        answered_on: "2026-01-02".into(),
    };
    let frozen = |r: &str, until: &str, queued_behind| Outcome::Frozen {
        freeze: r.into(),
        amount: None,
        from: "2026-01-01".into(),
        until: until.into(),
        queued_behind,
    };
    let mut events = Vec::new();
    // f1 frozen to 12-05, ends within 7 days of 11-30; f2 queued, took effect, renewed to 12-20 (within 30);
    // f3 frozen to 2027-06-30 (in force, not soon); f4 released; f5 expired; f6 refused; f7 unanswered.
    for (id, until) in [
        ("f1", "2026-12-05"),
        ("f2", "2026-12-01"),
        ("f3", "2027-06-30"),
        ("f4", "2026-12-03"),
        ("f5", "2026-12-02"),
        ("f6", "2026-12-04"),
        ("f7", "2026-12-06"),
    ] {
        events.push(NewEvent::new(record::CONTROL_REQUESTED, 1, &freeze(id, until)));
    }
    let answers = [
        answer("f1", frozen("R1", "2026-12-05", 0)),
        answer("f2", frozen("R2", "2026-12-01", 1)),
        answer(
            "f2",
            Outcome::TookEffect {
                freeze: "R2".into(),
                from: "2026-06-01".into(),
                until: "2026-12-01".into(),
            },
        ),
        answer("r2", Outcome::Renewed { freeze: "R2".into(), until: "2026-12-20".into() }),
        answer("f3", frozen("R3", "2027-06-30", 0)),
        answer("f4", frozen("R4", "2026-12-03", 0)),
        answer("u4", Outcome::Unfrozen { freeze: "R4".into(), on: "2026-11-01".into() }),
        answer("f5", frozen("R5", "2026-12-02", 0)),
        answer("f5", Outcome::Expired { freeze: "R5".into(), on: "2026-11-02".into() }),
        answer("f6", Outcome::Refused { code: "no_balance".into(), detail: "余额不足".into() }),
    ];
    events.extend(answers.iter().map(|a| NewEvent::new(record::CONTROL_ANSWERED, 1, a)));
    store.append(&batch().stream("case-c1", ExpectedVersion::NoStream, events)).await.expect("append");

    let sql = "SELECT request_id, freeze_ref, until, status FROM freezes ORDER BY request_id";
    let live = db.raw.rows(sql).await;
    assert_eq!(
        live,
        vec![
            texts(&["f1", "R1", "2026-12-05", "in_force"]),
            texts(&["f2", "R2", "2026-12-20", "in_force"]),
            texts(&["f3", "R3", "2027-06-30", "in_force"]),
            texts(&["f4", "R4", "2026-12-03", "released"]),
            texts(&["f5", "R5", "2026-12-02", "expired"]),
            texts(&["f6", "", "2026-12-04", "refused"]),
            texts(&["f7", "", "2026-12-06", "requested"]),
        ]
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let counts = store.freeze_counts(&[COURT], today).await.expect("counts");
    assert_eq!((counts.in_force, counts.ending_7, counts.ending_30), (3, 1, 2));
    assert_eq!(store.freeze_counts(&["浙0102"], today).await.expect("counts").in_force, 0, "by court");
    let later = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
    assert_eq!(store.freeze_counts(&[COURT], later).await.expect("counts").in_force, 2, "f1 ended 12-05");

    // Money on a case: receipts and payouts (案款发放及时率), a confirmed deduction and the amount recorded at
    // 执行完毕 (执行到位率). R1 09-01 paid 10-10 (due 10-01: late); R2 10-20 and R3 11-01 paid 11-10 (R2 due 11-19:
    // on time; R3 due 12-01: not yet due on 11-30).
    let fact = |fact: case::Fact, on: &str| {
        NewEvent::new(
            case::CASE_FACT_RECORDED,
            1,
            &case::CaseFactRecorded { fact, on: on.into(), simple: None, note: None },
        )
    };
    let deducted = answer(
        "d1",
        Outcome::Deducted { amount: "500.00".into(), transfer: "T1".into(), on: "2026-09-15".into() },
    );
    let closed = case::CaseClosed {
        mode: "performed".into(),
        on: "2026-11-20".into(),
        grounds: Some(case::ClosingGrounds { paid: Some("1500.00".into()), ..Default::default() }),
    };
    let money = vec![
        NewEvent::new(CASE_FILED, 1, &case_filed("m1", "（2024）浙0106执777号")),
        fact(case::Fact::FundsReceived, "2026-09-01"),
        NewEvent::new(record::CONTROL_ANSWERED, 1, &deducted),
        fact(case::Fact::PaidOut, "2026-10-10"),
        fact(case::Fact::FundsReceived, "2026-10-20"),
        fact(case::Fact::FundsReceived, "2026-11-01"),
        fact(case::Fact::PaidOut, "2026-11-10"),
        NewEvent::new(case::CASE_CLOSED, 1, &closed),
    ];
    store.append(&batch().stream("case-m1", ExpectedVersion::NoStream, money)).await.expect("money");
    let payouts_sql = "SELECT received_on, due_on, paid_on FROM case_payouts ORDER BY received_on";
    let money_sql = "SELECT CAST(claim_fen AS TEXT), CAST(deducted_fen AS TEXT), CAST(paid_fen AS TEXT) FROM cases \
                     WHERE case_id = 'm1'";
    let payouts = db.raw.rows(payouts_sql).await;
    assert_eq!(
        payouts,
        vec![
            texts(&["2026-09-01", "2026-10-01", "2026-10-10"]),
            texts(&["2026-10-20", "2026-11-19", "2026-11-10"]),
            texts(&["2026-11-01", "2026-12-01", "2026-11-10"]),
        ]
    );
    assert_eq!(db.raw.rows(money_sql).await, vec![texts(&["1240457", "50000", "150000"])]);
    let year = store.court_year(&[COURT], "2026-01-01", "2026-11-30").await.expect("year");
    let line = &year[COURT];
    assert_eq!((line.payouts_due_year, line.payouts_timely_year), (2, 1));
    assert_eq!(
        (line.claim_fen_year, line.recovered_fen_year),
        (1_240_457, 150_000),
        "the larger of record and deduction"
    );
    let tallies_sql =
        "SELECT court, metric, day, CAST(n AS TEXT) FROM court_tallies WHERE n <> 0 ORDER BY 1, 2, 3";
    let tallies = db.raw.rows(tallies_sql).await;
    store.refill_tallies().await.expect("refill");
    assert_eq!(db.raw.rows(tallies_sql).await, tallies, "recounted from the projections");

    db.raw.execute("UPDATE freezes SET status = 'x'").await;
    store.rebuild_projections(|_, _| {}).await.expect("rebuild");
    assert_eq!(db.raw.rows(sql).await, live, "a rebuild gives the same rows");
    assert_eq!(db.raw.rows(payouts_sql).await, payouts);
    assert_eq!(db.raw.rows(tallies_sql).await, tallies);
    // A store from before migration 12: reopened, it migrates and fills the table from its log; migration 13
    // (SQLite: tables rebuilt without rowid) keeps every party and counter.
    let parties_sql =
        "SELECT case_id, CAST(ordinal AS TEXT), role, kind, name, id_number FROM case_parties ORDER BY 1, 2";
    let counters_sql = "SELECT name, CAST(value AS TEXT) FROM counters ORDER BY 1";
    let (parties, counters) = (db.raw.rows(parties_sql).await, db.raw.rows(counters_sql).await);
    assert!(!parties.is_empty());
    for statement in [
        "DROP TABLE freezes",
        "DROP TABLE credit_history",
        "DROP TABLE court_tallies",
        "DROP TABLE case_payouts",
        "ALTER TABLE cases DROP COLUMN claim_fen",
        "ALTER TABLE cases DROP COLUMN deducted_fen",
        "ALTER TABLE cases DROP COLUMN paid_fen",
        "DROP INDEX case_deadlines_open_due",
        "DELETE FROM _sqlx_migrations WHERE version >= 12",
    ] {
        db.raw.execute(statement).await;
    }
    let reopened = Store::open(&db.url, db.clock.clone()).await.expect("reopen");
    assert_eq!(db.raw.rows(sql).await, live, "filled from the log");
    assert_eq!(db.raw.rows(payouts_sql).await, payouts, "filled from the log");
    assert_eq!(db.raw.rows(money_sql).await, vec![texts(&["1240457", "50000", "150000"])], "filled");
    assert_eq!(db.raw.rows(tallies_sql).await, tallies, "recounted");
    assert_eq!(db.raw.rows(parties_sql).await, parties, "parties kept");
    assert_eq!(db.raw.rows(counters_sql).await, counters, "counters kept");
    assert_eq!(reopened.verify_chain().await.expect("chain"), 25);
}
