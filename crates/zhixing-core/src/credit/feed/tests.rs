//! Tests of the change feed, its signatures and the units' snapshots.

use proptest::prelude::*;

use super::*;
use crate::credit::fixtures::today;

const PERSON: &str = "11010519491231002X";
const COMPANY: &str = "91350100M000100Y43";
/// Valid both as a 公民身份号码 and as a 统一社会信用代码.
const BOTH: &str = "330106199003070348";
const AT: &str = "2025-06-01T08:00:00+08:00";

fn set_of(measures: &[Measure]) -> MeasureSet {
    measures.iter().copied().collect()
}

fn subject(person: bool, id: &str) -> SubjectKey {
    key_of_normalized(person, id).unwrap()
}

fn entry(person: bool, id: &str, name: &str, measures: &[Measure]) -> IndexEntry {
    IndexEntry { key: subject(person, id), name: name.into(), measures: set_of(measures) }
}

fn list() -> PublishedSet {
    PublishedSet::from_entries(&[
        entry(true, PERSON, "李四", &[Measure::Flight, Measure::GTrain]),
        entry(false, COMPANY, "某某贸易有限公司", &[Measure::Bidding]),
        entry(true, "330106198501010044", "王五", &[Measure::ExitCountry]),
    ])
}

fn signing_key() -> SigningKey {
    signing_key_from_seed(&[7; 32])
}

fn signed(previous: Option<&FeedBatch>, changes: Vec<FeedChange>) -> SignedBatch {
    sign_batch(FeedBatch::next(previous, AT, changes).unwrap(), &signing_key())
}

/// Batches 1 (the list), 2 (王五 removed, 李四 changed) and 3 (no change).
fn chain() -> Vec<SignedBatch> {
    let first = signed(None, diff(&PublishedSet::default(), &list()));
    let entries = [
        entry(true, PERSON, "李四", &[Measure::Flight]),
        entry(false, COMPANY, "某某贸易有限公司", &[Measure::Bidding]),
    ];
    let second = signed(Some(&first.batch), diff(&list(), &PublishedSet::from_entries(&entries)));
    let third = signed(Some(&second.batch), Vec::new());
    vec![first, second, third]
}

#[test]
fn signing_key_from_seed_is_rfc8032_ed25519() {
    // RFC 8032 §7.1, test 1.
    let seed: [u8; 32] = hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        .unwrap()
        .try_into()
        .unwrap();
    let key = signing_key_from_seed(&seed);
    assert_eq!(
        hex::encode(key.verifying_key().as_bytes()),
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    );
    assert_eq!(
        hex::encode(key.sign(b"").to_bytes()),
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
         5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    );
    assert_eq!(
        key_id(&key.verifying_key()),
        hex::encode(&Sha256::digest(key.verifying_key().as_bytes())[..8])
    );
    assert_eq!(key_id(&key.verifying_key()).len(), 16);
    assert_eq!(verifying_key_from_hex(&hex::encode(key.verifying_key().as_bytes())), Ok(key.verifying_key()));
    assert_eq!(verifying_key_from_hex("00").unwrap_err().field(), "public_key");
}

#[test]
fn hmac_is_rfc4231() {
    // RFC 4231, test case 2 (the key padded by HMAC as any short key is).
    let mut mac = <HmacSha256 as Mac>::new_from_slice(b"Jefe").unwrap();
    mac.update(b"what do ya want for nothing?");
    assert_eq!(
        hex::encode(mac.finalize().into_bytes()),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn the_published_set_merges_entries_of_one_key() {
    let set = PublishedSet::from_entries(&[
        entry(true, PERSON, "李四", &[Measure::Flight]),
        entry(true, PERSON, "李 四", &[Measure::GTrain]),
        entry(true, "330106198501010044", "王五", &[]),
        IndexEntry {
            key: SubjectKey::Person(u64::MAX),
            name: "无".into(),
            measures: set_of(&[Measure::Flight]),
        },
    ]);
    assert_eq!(set.len(), 1);
    let published = set.get(subject(true, PERSON)).unwrap();
    assert_eq!(published.name, "李四");
    assert_eq!(published.measures, set_of(&[Measure::Flight, Measure::GTrain]));
}

#[test]
fn a_scoped_set_keeps_the_units_measures_only() {
    let airline = list().scoped(set_of(&[Measure::Flight, Measure::ExitCountry]));
    assert_eq!(airline.len(), 2);
    assert_eq!(airline.get(subject(true, PERSON)).unwrap().measures, set_of(&[Measure::Flight]));
    assert!(airline.get(subject(false, COMPANY)).is_none());
}

#[test]
fn the_changes_of_a_batch_are_in_list_order_with_codes() {
    let changes = &chain()[1].batch.changes;
    let json = serde_json::to_string(changes).unwrap();
    assert_eq!(
        json,
        r#"[{"op":"changed","kind":"person","identifier":"11010519491231002X","name":"李四","measures":["flight"]},{"op":"removed","kind":"person","identifier":"330106198501010044","name":"王五","measures":[]}]"#
    );
    let first = &chain()[0].batch.changes;
    let order: Vec<&str> = first.iter().map(|c| c.identifier.as_str()).collect();
    assert_eq!(order, [PERSON, "330106198501010044", COMPANY], "persons first, then organisations");
    assert_eq!(first[0].measures, ["flight", "g_train"]);
}

#[test]
fn canonical_bytes_are_compact_json_in_field_order() {
    let batch = FeedBatch::next(
        None,
        AT,
        diff(&PublishedSet::default(), &list().scoped(set_of(&[Measure::Bidding]))),
    )
    .unwrap();
    let text = String::from_utf8(batch.canonical_bytes()).unwrap();
    assert_eq!(
        text,
        r#"{"version":1,"previous_digest":"","published_at":"2025-06-01T08:00:00+08:00","changes":[{"op":"added","kind":"organisation","identifier":"91350100M000100Y43","name":"某某贸易有限公司","measures":["bidding"]}]}"#
    );
    assert_eq!(batch.digest(), hex::encode(Sha256::digest(text.as_bytes())));
    // The escapes the module documentation gives.
    let mut odd = batch.clone();
    odd.changes[0].name = "\"\\/\u{8}\t\n\u{c}\r\u{1}\u{1f}\u{7f}\u{2028}·".into();
    let text = String::from_utf8(odd.canonical_bytes()).unwrap();
    let expected = "\"name\":\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0001\\u001f\u{7f}\u{2028}·\"";
    assert!(text.contains(expected), "{text}");
}

#[test]
fn a_signed_batch_verifies_and_survives_json() {
    for signed in chain() {
        assert_eq!(verify_batch(&signed, &signing_key().verifying_key()), Ok(()));
        let again: SignedBatch =
            serde_json::from_str(&serde_json::to_string_pretty(&signed).unwrap()).unwrap();
        assert_eq!(verify_batch(&again, &signing_key().verifying_key()), Ok(()));
    }
    let message = signed_message(BATCH_SIGNING_CONTEXT, &chain()[0].batch.digest());
    assert_eq!(message.len(), 86);
    assert!(message.starts_with(b"zhixing-feed-batch-v1\n"));
}

#[test]
fn a_tampered_batch_does_not_verify() {
    let key = signing_key().verifying_key();
    let original = chain().swap_remove(1);
    let tamper = |change: &dyn Fn(&mut SignedBatch)| {
        let mut signed = original.clone();
        change(&mut signed);
        verify_batch(&signed, &key)
    };
    assert_eq!(tamper(&|s| s.batch.changes[0].measures.clear()), Err(FeedError::BadSignature));
    assert_eq!(tamper(&|s| s.batch.changes[1].op = ChangeOp::Changed), Err(FeedError::BadSignature));
    assert_eq!(
        tamper(&|s| s.batch.changes.pop().map(drop).unwrap_or_default()),
        Err(FeedError::BadSignature)
    );
    assert_eq!(tamper(&|s| s.batch.version = 3), Err(FeedError::BadSignature));
    assert_eq!(tamper(&|s| s.batch.previous_digest = "0".repeat(64)), Err(FeedError::BadSignature));
    assert_eq!(
        tamper(&|s| s.batch.published_at = "2025-06-02T08:00:00+08:00".into()),
        Err(FeedError::BadSignature)
    );
    assert_eq!(tamper(&|s| s.signature = "0".repeat(128)), Err(FeedError::BadSignature));
    assert_eq!(tamper(&|s| s.signature.truncate(10)).map_err(|e| e.field()), Err("signature"));
    assert_eq!(tamper(&|s| s.batch.previous_digest.clear()).map_err(|e| e.field()), Err("previous_digest"));
    assert_eq!(
        tamper(&|s| s.batch.published_at = "yesterday".into()).map_err(|e| e.field()),
        Err("published_at")
    );
    assert_eq!(tamper(&|s| s.batch.version = 0).map_err(|e| e.code()), Err("version_zero"));
    let other = signing_key_from_seed(&[8; 32]).verifying_key();
    assert_eq!(verify_batch(&original, &other), Err(FeedError::UnknownKey));
    let mut forged = original.clone();
    forged.key_id = key_id(&other);
    assert_eq!(verify_batch(&forged, &other), Err(FeedError::BadSignature), "a key id is no proof");
}

#[test]
fn a_chain_verifies_to_its_last_version() {
    let key = signing_key().verifying_key();
    let batches = chain();
    assert_eq!(verify_chain(&batches, &key), Ok(3));
    assert_eq!(verify_chain(&batches[1..], &key), Ok(3), "a chain may continue from a batch applied before");
    assert_eq!(verify_chain(&[], &key).map_err(|e| e.field()), Err("batches"));
    let mut applied = PublishedSet::default();
    for signed in &batches {
        apply(&mut applied, &signed.batch.changes).unwrap();
    }
    assert_eq!(applied.len(), 2);
    assert_eq!(applied.get(subject(true, PERSON)).unwrap().measures, set_of(&[Measure::Flight]));
}

#[test]
fn a_chain_with_a_gap_or_a_broken_link_fails() {
    let key = signing_key().verifying_key();
    let batches = chain();
    let gap = [batches[0].clone(), batches[2].clone()];
    assert_eq!(verify_chain(&gap, &key), Err(FeedError::VersionGap { expected: 2, found: 3 }));
    let reordered = [batches[1].clone(), batches[0].clone()];
    assert_eq!(verify_chain(&reordered, &key).map_err(|e| e.code()), Err("version_gap"));
    // A batch 2 signed after another batch 1: versions follow, the link does not.
    let other_first = signed(None, Vec::new());
    let broken = [other_first, batches[1].clone()];
    assert_eq!(verify_chain(&broken, &key), Err(FeedError::BrokenLink { version: 2 }));
    assert_eq!(FeedError::BrokenLink { version: 2 }.field(), "previous_digest");
}

#[test]
fn apply_refuses_a_change_that_does_not_apply_and_leaves_the_set() {
    let changes = diff(&PublishedSet::default(), &list());
    let mut applied = list();
    let refused = apply(&mut applied, &changes).unwrap_err();
    assert_eq!((refused.field(), refused.code()), ("changes.op", "already_present"));
    assert_eq!(applied, list(), "nothing applied");
    let mut empty = PublishedSet::default();
    let mut removal = diff(&list(), &PublishedSet::default());
    let refused = apply(&mut empty, &removal).unwrap_err();
    assert_eq!((refused.field(), refused.code()), ("changes.op", "not_present"));
    removal[0].measures = vec!["flight".into()];
    let refused = apply(&mut list(), &removal).unwrap_err();
    assert_eq!(refused.code(), "measures_on_removal");
    let mut reversed = changes.clone();
    reversed.reverse();
    assert_eq!(apply(&mut empty, &reversed).unwrap_err().code(), "out_of_order");
    let mut unknown = changes.clone();
    unknown[1].measures.push("yacht".into());
    assert_eq!(
        apply(&mut empty, &unknown).unwrap_err(),
        FeedError::Change { index: 1, field: "changes.measures", code: "unknown_measure" }
    );
    let mut bad_id = changes.clone();
    bad_id[0].identifier = "11010519491231002x".into();
    assert_eq!(apply(&mut empty, &bad_id).unwrap_err().field(), "changes.identifier");
    let mut no_measure = changes;
    no_measure[2].measures.clear();
    assert_eq!(apply(&mut empty, &no_measure).unwrap_err().code(), "no_measure");
    assert!(empty.is_empty());
}

fn published_sets() -> impl Strategy<Value = PublishedSet> {
    // A few keys and a few measure sets, so that two sets share keys and some of them are unchanged.
    proptest::collection::vec((any::<bool>(), 0u64..24, 0usize..2, 0u32..8), 0..24).prop_map(|rows| {
        let entries: Vec<IndexEntry> = rows
            .into_iter()
            .map(|(person, n, name, bits)| IndexEntry {
                key: if person {
                    SubjectKey::Person(n)
                } else {
                    SubjectKey::Organisation(u128::from(n) * 1_000_003)
                },
                name: ["甲", "乙"][name].into(),
                measures: MeasureSet::from_bits(bits),
            })
            .collect();
        PublishedSet::from_entries(&entries)
    })
}

proptest! {
    #[test]
    fn applying_the_diff_to_the_previous_list_gives_the_current(
        previous in published_sets(),
        current in published_sets(),
    ) {
        let changes = diff(&previous, &current);
        // Through JSON, as a unit receives them.
        let changes: Vec<FeedChange> = serde_json::from_str(&serde_json::to_string(&changes).unwrap()).unwrap();
        let mut applied = previous.clone();
        apply(&mut applied, &changes).unwrap();
        prop_assert_eq!(&applied, &current);
        prop_assert!(diff(&current, &current).is_empty());
        let keys: Vec<SubjectKey> = changes
            .iter()
            .map(|c| key_of_normalized(c.kind == SubjectKind::Person, &c.identifier).unwrap())
            .collect();
        prop_assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }
}

const MASTER: [u8; 32] = [42; 32];

fn snapshot(unit: &str) -> Snapshot {
    Snapshot::build(unit, 9, AT, &unit_key(&MASTER, unit), &list(), &signing_key()).unwrap()
}

#[test]
fn keyed_hashes_follow_the_documented_formula() {
    let unit = unit_key(&MASTER, "CA");
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&MASTER).unwrap();
    mac.update(b"zhixing-screening-unit-key\nCA");
    assert_eq!(unit, <[u8; 32]>::from(mac.finalize().into_bytes()));
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&unit).unwrap();
    mac.update(format!("P:{PERSON}").as_bytes());
    assert_eq!(keyed_hash(&unit, subject(true, PERSON))[..], mac.finalize().into_bytes()[..16]);
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&unit).unwrap();
    mac.update(format!("O:{COMPANY}").as_bytes());
    assert_eq!(keyed_hash(&unit, subject(false, COMPANY))[..], mac.finalize().into_bytes()[..16]);
    assert_ne!(unit_key(&MASTER, "CA"), unit_key(&MASTER, "MU"));
    assert_ne!(
        keyed_hash(&unit, subject(true, BOTH)),
        keyed_hash(&unit, subject(false, BOTH)),
        "kinds apart"
    );
}

#[test]
fn a_snapshot_round_trips_verifies_and_answers() {
    let built = snapshot("CA");
    assert_eq!(built.len(), 3);
    assert!(built.entries().windows(2).all(|w| w[0].hash < w[1].hash));
    let read = Snapshot::from_json(&built.to_json()).unwrap();
    assert_eq!(read, built);
    assert_eq!(read.verify(&signing_key().verifying_key()), Ok(()));
    let key = unit_key(&MASTER, "CA");
    assert_eq!(read.lookup(&key, PERSON, today()), Ok(Some(set_of(&[Measure::Flight, Measure::GTrain]))));
    assert_eq!(
        read.lookup(&key, " 11010519491231002x ", today()),
        Ok(Some(set_of(&[Measure::Flight, Measure::GTrain])))
    );
    assert_eq!(read.lookup(&key, "91350100m000100y43", today()), Ok(Some(set_of(&[Measure::Bidding]))));
    assert_eq!(read.lookup(&key, "34052419800101001X", today()), Ok(None));
    assert_eq!(
        read.lookup(&key, "110105194912310021", today()),
        Err(FeedError::InvalidIdentifier { field: "identifier", code: "citizen_id_check_mismatch" })
    );
    assert_eq!(read.lookup(&key, "  ", today()).map_err(|e| e.code()), Err("identifier_required"));
    assert_eq!(
        read.lookup_hash(&keyed_hash(&key, subject(false, COMPANY))),
        Some(set_of(&[Measure::Bidding]))
    );
    assert!(format!("{read:?}").contains("entries: 3"));
}

#[test]
fn a_snapshot_looks_up_a_text_valid_both_ways_both_ways() {
    let published = PublishedSet::from_entries(&[entry(false, BOTH, "某某公司", &[Measure::Bidding])]);
    let key = unit_key(&MASTER, "CA");
    let snapshot = Snapshot::build("CA", 1, AT, &key, &published, &signing_key()).unwrap();
    assert_eq!(snapshot.lookup(&key, BOTH, today()), Ok(Some(set_of(&[Measure::Bidding]))));
}

#[test]
fn another_units_key_finds_nothing() {
    let airline = snapshot("CA");
    let railway = unit_key(&MASTER, "CR");
    for id in [PERSON, COMPANY, "330106198501010044"] {
        assert_eq!(airline.lookup(&railway, id, today()), Ok(None), "{id}");
    }
    assert_ne!(airline.entries(), snapshot("CR").entries());
}

#[test]
fn a_tampered_snapshot_does_not_verify() {
    let key = signing_key().verifying_key();
    let json: serde_json::Value = serde_json::from_str(&snapshot("CA").to_json()).unwrap();
    let tampered = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut json = json.clone();
        change(&mut json);
        Snapshot::from_json(&json.to_string()).and_then(|s| s.verify(&key))
    };
    assert_eq!(tampered(&|_| {}), Ok(()));
    assert_eq!(tampered(&|j| j["entries"][0]["measures"] = 1.into()), Err(FeedError::BadSignature));
    assert_eq!(tampered(&|j| j["version"] = 10.into()), Err(FeedError::BadSignature));
    assert_eq!(tampered(&|j| j["unit"] = "MU".into()), Err(FeedError::BadSignature));
    assert_eq!(tampered(&|j| j["entries"].as_array_mut().unwrap().truncate(2)), Err(FeedError::BadSignature));
    let other = signing_key_from_seed(&[8; 32]).verifying_key();
    assert_eq!(snapshot("CA").verify(&other), Err(FeedError::UnknownKey));
}

#[test]
fn build_refuses_a_bad_unit_or_time() {
    let key = unit_key(&MASTER, "CA");
    for unit in ["", " CA", "C\nA", &"单".repeat(97)] {
        let refused = Snapshot::build(unit, 1, AT, &key, &list(), &signing_key()).unwrap_err();
        assert_eq!(refused.field(), "unit", "{unit:?}");
    }
    let refused = Snapshot::build("CA", 1, "2025-06-01", &key, &list(), &signing_key()).unwrap_err();
    assert_eq!((refused.field(), refused.code()), ("created_at", "not_rfc3339"));
    assert_eq!(FeedBatch::next(None, "now", Vec::new()).unwrap_err().field(), "published_at");
}

#[test]
fn from_json_refusals_name_their_field() {
    let good: serde_json::Value = serde_json::from_str(&snapshot("CA").to_json()).unwrap();
    let hashes: Vec<String> =
        good["entries"].as_array().unwrap().iter().map(|e| e["hash"].as_str().unwrap().to_owned()).collect();
    let with = |change: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut json = good.as_object().unwrap().clone();
        change(&mut json);
        serde_json::Value::Object(json).to_string()
    };
    let refused = |json: &str| {
        let e = Snapshot::from_json(json).unwrap_err();
        (e.field(), e.code())
    };
    assert_eq!(refused(&with(&|j| drop(j.remove("signature")))), ("signature", "missing"));
    assert_eq!(refused(&with(&|j| drop(j.remove("entries")))), ("entries", "missing"));
    assert_eq!(refused(&with(&|j| drop(j.insert("extra".into(), 1.into())))), ("snapshot", "malformed"));
    assert_eq!(refused(&with(&|j| drop(j.insert("version".into(), "9".into())))), ("version", "malformed"));
    assert_eq!(refused(&with(&|j| drop(j.insert("version".into(), (-1).into())))), ("version", "malformed"));
    assert_eq!(refused(&with(&|j| drop(j.insert("unit".into(), "".into())))), ("unit", "invalid_unit"));
    assert_eq!(
        refused(&with(&|j| drop(j.insert("created_at".into(), "9:00".into())))),
        ("created_at", "not_rfc3339")
    );
    assert_eq!(
        refused(&with(&|j| drop(j.insert("key_id".into(), "ABCDEF0123456789".into())))),
        ("key_id", "not_hex")
    );
    assert_eq!(
        refused(&with(&|j| drop(j.insert("signature".into(), "00".into())))),
        ("signature", "not_hex")
    );
    assert_eq!(refused(&with(&|j| drop(j.insert("entries".into(), 3.into())))), ("entries", "malformed"));
    let entries =
        |list: Vec<serde_json::Value>| with(&move |j| drop(j.insert("entries".into(), list.clone().into())));
    let at = |hash: &str, measures: u64| serde_json::json!({ "hash": hash, "measures": measures });
    let upper = hashes[0].to_uppercase();
    let e = Snapshot::from_json(&entries(vec![at(&hashes[0], 1), at(&upper, 1)])).unwrap_err();
    assert_eq!((e.field(), e.code()), ("entries.hash", "invalid_hash"));
    assert_eq!(e, FeedError::InvalidHash { index: 1 });
    assert_eq!(refused(&entries(vec![at("abc", 1)])), ("entries.hash", "invalid_hash"));
    assert_eq!(
        Snapshot::from_json(&entries(vec![at(&hashes[1], 1), at(&hashes[0], 1)])),
        Err(FeedError::Unsorted { index: 1 })
    );
    assert_eq!(refused(&entries(vec![at(&hashes[0], 1), at(&hashes[0], 2)])), ("entries", "unsorted"));
    let e = Snapshot::from_json(&entries(vec![at(&hashes[0], 1), at(&hashes[1], 1 << 40)])).unwrap_err();
    assert_eq!((e.field(), e.code()), ("entries", "malformed"));
    assert!(matches!(e, FeedError::Malformed { index: Some(1), .. }), "{e}");
    let e = Snapshot::from_json(&entries(vec![serde_json::json!({ "hash": hashes[0] })])).unwrap_err();
    assert_eq!((e.field(), e.code()), ("entries", "malformed"));
    let repeated = with(&|_| {}).replacen(r#""unit":"CA""#, r#""unit":"CA","unit":"CA""#, 1);
    assert_eq!(refused(&repeated), ("unit", "duplicate"));
    assert_eq!(refused(&format!("{} x", with(&|_| {}))), ("snapshot", "malformed"));
    assert_eq!(refused("[]"), ("snapshot", "malformed"));
    assert_eq!(refused(""), ("snapshot", "malformed"));
    assert_eq!(Snapshot::from_json(&with(&|_| {})).map(|s| s.len()), Ok(3));
}

#[test]
fn from_json_refuses_input_beyond_its_limits() {
    let json = snapshot("CA").to_json();
    assert_eq!(
        read_snapshot(&json, json.len() - 1, 10),
        Err(FeedError::TooLarge { field: "snapshot", max: json.len() - 1 })
    );
    assert_eq!(read_snapshot(&json, json.len(), 2), Err(FeedError::TooMany { field: "entries", max: 2 }));
    assert_eq!(read_snapshot(&json, json.len(), 3).map(|s| s.len()), Ok(3));
}

#[test]
fn snapshot_hashes_are_in_hex_and_colliding_hashes_share_an_entry() {
    let built = snapshot("CA");
    let json: serde_json::Value = serde_json::from_str(&built.to_json()).unwrap();
    assert_eq!(json["entries"][0]["hash"].as_str(), Some(hex::encode(built.entries()[0].hash).as_str()));
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["unit", "version", "created_at", "key_id", "entries", "signature"]);
    // No two identifiers are known to collide at 128 bits: the merge is checked on entries directly.
    let mut entries = vec![
        SnapshotEntry { hash: [2; 16], measures: 4 },
        SnapshotEntry { hash: [1; 16], measures: 1 },
        SnapshotEntry { hash: [1; 16], measures: 2 },
    ];
    sort_and_merge(&mut entries);
    assert_eq!(
        entries,
        [SnapshotEntry { hash: [1; 16], measures: 3 }, SnapshotEntry { hash: [2; 16], measures: 4 }]
    );
}

fn snapshot_of(entries: Vec<SnapshotEntry>) -> Snapshot {
    Snapshot {
        unit: "CA".into(),
        version: 1,
        created_at: AT.into(),
        key_id: "0".repeat(16),
        buckets: Buckets::of(&entries),
        entries,
        signature: "0".repeat(128),
    }
}

proptest! {
    #[test]
    fn the_buckets_find_every_hash_and_no_other(
        hashes in proptest::collection::btree_set(any::<[u8; 16]>(), 0..300),
        skewed in any::<bool>(),
        absent in any::<[u8; 16]>(),
    ) {
        // Skewed: every hash in the first or the last bucket, the edges of the table.
        let hashes: std::collections::BTreeSet<[u8; 16]> = hashes
            .into_iter()
            .map(|mut h| {
                if skewed {
                    h[0] = if h[1] % 2 == 0 { 0 } else { 0xff };
                }
                h
            })
            .collect();
        let entries: Vec<SnapshotEntry> =
            hashes.iter().enumerate().map(|(i, h)| SnapshotEntry { hash: *h, measures: i as u32 + 1 }).collect();
        let snapshot = snapshot_of(entries.clone());
        prop_assert_eq!(snapshot.buckets.starts.len(), (1 << snapshot.buckets.bits) + 1);
        for entry in &entries {
            prop_assert_eq!(snapshot.lookup_hash(&entry.hash), Some(MeasureSet::from_bits(entry.measures)));
        }
        prop_assert_eq!(snapshot.lookup_hash(&absent).is_some(), hashes.contains(&absent));
    }

    #[test]
    fn a_damaged_snapshot_is_refused_or_read_whole(
        at in 0usize..2000,
        cut in 0usize..40,
        insert in "[\\[\\]{}\",:0-9a-z\\\\ ]{0,6}",
    ) {
        let json = snapshot("CA").to_json();
        let start = at.min(json.len());
        let end = (start + cut).min(json.len());
        let damaged = format!("{}{insert}{}", &json[..start], &json[end..]);
        if let Ok(read) = Snapshot::from_json(&damaged) {
            prop_assert_eq!(Snapshot::from_json(&read.to_json()), Ok(read.clone()));
            prop_assert!(read.entries().windows(2).all(|w| w[0].hash < w[1].hash));
        }
    }
}
