//! Tests of packing and of the screening index.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::credit::fixtures::{citizen, today};
use crate::ids::citizen_id::check_character as citizen_check;
use crate::ids::uscc::check_character as uscc_check;

const PERSON: &str = "11010519491231002X";
const COMPANY: &str = "91350100M000100Y43";
/// Valid both as a 公民身份号码 and as a 统一社会信用代码.
const BOTH: &str = "330106199003070348";

fn uscc(code: &str) -> Uscc {
    Uscc::parse(code).unwrap()
}

fn set(measures: &[Measure]) -> MeasureSet {
    measures.iter().copied().collect()
}

fn person_entry(id: &str, name: &str, measures: &[Measure]) -> IndexEntry {
    IndexEntry {
        key: SubjectKey::Person(pack_citizen_id(&citizen(id))),
        name: name.into(),
        measures: set(measures),
    }
}

fn index() -> ScreeningIndex {
    ScreeningIndex::build(
        7,
        vec![
            person_entry(PERSON, "李四", &[Measure::Flight, Measure::GTrain]),
            IndexEntry {
                key: SubjectKey::Organisation(pack_uscc(&uscc(COMPANY))),
                name: "某某贸易有限公司".into(),
                measures: set(&[Measure::Bidding]),
            },
            person_entry("330106198501010044", "王五", &[Measure::ExitCountry]),
            person_entry("34052419800101001X", "赵六", &[]),
        ],
    )
    .unwrap()
}

fn check(identifier: &str, name: Option<&str>, measure: Measure) -> Answer {
    index().check(Some(identifier), name, measure, today())
}

#[test]
fn citizen_id_packs_into_u64_and_back() {
    for id in [PERSON, "330106198501010044", "34052419800101001X", BOTH] {
        let key = pack_citizen_id(&citizen(id));
        assert_eq!(unpack_citizen_id(key).as_deref(), Some(id));
    }
    let largest = 99_999_999_999_999_999u64 * 11 + 10;
    assert!(largest < 1 << 63);
    assert_eq!(unpack_citizen_id(largest).as_deref(), Some("99999999999999999X"));
    assert_eq!(unpack_citizen_id(largest + 1), None);
}

#[test]
fn uscc_packs_into_u128_and_back() {
    for code in
        [COMPANY, "91350200776049653A", "913502000728319549", "123502001549897397", "91440101MA5CJQ4N59"]
    {
        assert_eq!(unpack_uscc(pack_uscc(&uscc(code))).as_deref(), Some(code));
    }
    let all_y = 31u128.pow(18) - 1;
    assert_eq!(unpack_uscc(all_y).as_deref(), Some("YYYYYYYYYYYYYYYYYY"));
    assert_eq!(unpack_uscc(all_y + 1), None);
    assert!(all_y < 1 << 90);
}

#[test]
fn check_weights_are_the_standards() {
    assert_eq!(CITIZEN_WEIGHTS, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
    assert_eq!(USCC_WEIGHTS, [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
}

/// A valid 公民身份号码 from its parts (the check character computed).
fn valid_citizen(province: u8, birth: NaiveDate, sequence: u16) -> String {
    let body = format!("{province:02}0106{}{sequence:03}", birth.format("%Y%m%d"));
    let check = citizen_check(&body).unwrap();
    format!("{body}{check}")
}

proptest! {
    #[test]
    fn packing_keeps_the_order_of_citizen_ids(
        a in "[1-6][0-9]{16}[0-9X]",
        b in "[1-6][0-9]{16}[0-9X]",
    ) {
        let key = |s: &str| pack_citizen_bytes(s.as_bytes());
        prop_assert_eq!(a.cmp(&b), key(&a).cmp(&key(&b)));
        prop_assert_eq!(unpack_citizen_id(key(&a)), Some(a));
    }

    #[test]
    fn fast_citizen_path_agrees_with_the_parser(s in "[0-9]{17}[0-9Xx]") {
        let fast = citizen_key(&s, today());
        let parsed = CitizenId::parse(&s, today()).map(|id| pack_citizen_id(&id)).map_err(|e| e.code());
        prop_assert_eq!(fast, parsed);
    }

    #[test]
    fn fast_citizen_path_accepts_valid_numbers(
        province in proptest::sample::select(PROVINCE_CODES.to_vec()),
        days in 0i64..45_000,
        sequence in 0u16..1000,
    ) {
        let birth = BIRTH_DATE_MIN + chrono::Days::new(days as u64);
        prop_assume!(birth <= today());
        let id = valid_citizen(province, birth, sequence);
        let key = fast_citizen_key(id.as_bytes(), today());
        prop_assert_eq!(key, Some(pack_citizen_id(&CitizenId::parse(&id, today()).unwrap())));
        prop_assert_eq!(key.and_then(unpack_citizen_id), Some(id));
    }

    #[test]
    fn fast_uscc_path_agrees_with_the_parser(s in "[0-9A-HJ-NPQRTUWXY]{17}") {
        let with_check = format!("{s}{}", uscc_check(&s).unwrap());
        for code in [with_check, format!("{s}0"), format!("{s}Y")] {
            let fast = uscc_key(&code);
            let parsed = Uscc::parse(&code).map(|u| pack_uscc(&u)).map_err(|e| e.code());
            prop_assert_eq!(fast, parsed);
        }
    }
}

#[test]
fn name_hash_normalizes_forms_not_names() {
    let h = |s: &str| name_hash(s);
    assert_eq!(h("阿卜杜·热合曼"), h("阿卜杜•热合曼"));
    assert_eq!(h("阿卜杜·热合曼"), h("阿卜杜・热合曼"));
    assert_eq!(h("李 四"), h("李四"));
    assert_eq!(h("ＡＢＣ公司"), h("ABC公司"));
    assert_ne!(h("李四"), h("李泗"));
    assert_eq!(h("  "), None);
}

#[test]
fn screening_restricted_with_the_name_confirming() {
    assert_eq!(
        check(PERSON, Some("李四"), Measure::Flight),
        Answer::Restricted { name: NameCheck::Confirmed }
    );
    assert_eq!(check(PERSON, None, Measure::GTrain), Answer::Restricted { name: NameCheck::NotGiven });
    assert_eq!(
        check(PERSON, Some("李泗"), Measure::Flight),
        Answer::Restricted { name: NameCheck::Mismatch }
    );
    assert_eq!(check(PERSON, Some("李四"), Measure::Travel), Answer::NotRestricted, "not for that measure");
    assert_eq!(check(COMPANY, Some("某某贸易有限公司"), Measure::Bidding).code(), "restricted");
    assert_eq!(check("330106198501010044", None, Measure::ExitCountry).code(), "restricted");
    assert_eq!(
        check("34052419800101001X", None, Measure::Flight),
        Answer::NotRestricted,
        "no measure: not indexed"
    );
    assert_eq!(check("91350200776049653A", None, Measure::Bidding), Answer::NotRestricted);
}

#[test]
fn screening_identifier_normalized_on_the_way_in() {
    for input in [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105491231002",
    ] {
        assert_eq!(check(input, None, Measure::Flight).code(), "restricted", "{input}");
    }
    assert_eq!(check("91350100m000100y43", None, Measure::Bidding).code(), "restricted");
}

#[test]
fn screening_name_alone_needs_an_identifier() {
    let index = index();
    assert_eq!(index.check(None, Some("李四"), Measure::Flight, today()), Answer::IdentifierRequired);
    assert_eq!(index.check(Some("  "), Some("李四"), Measure::Flight, today()), Answer::IdentifierRequired);
    assert_eq!(index.check(None, None, Measure::Flight, today()), Answer::IdentifierRequired);
}

#[test]
fn screening_invalid_input_names_the_field() {
    assert_eq!(
        check("110105194912310021", None, Measure::Flight),
        Answer::Invalid { field: "identifier", code: "citizen_id_check_mismatch" }
    );
    assert_eq!(
        check("91350203M0001QAY9B", None, Measure::Flight),
        Answer::Invalid { field: "identifier", code: "uscc_check_mismatch" }
    );
    assert_eq!(
        check("12345", None, Measure::Flight),
        Answer::Invalid { field: "identifier", code: "uscc_bad_length" }
    );
    assert_eq!(check(&"1".repeat(300), None, Measure::Flight).code(), "identifier_too_long");
    let long_name = "李".repeat(101);
    assert_eq!(
        check(PERSON, Some(&long_name), Measure::Flight),
        Answer::Invalid { field: "name", code: "name_too_long" }
    );
}

#[test]
fn screening_identifier_valid_both_ways_is_looked_up_both_ways() {
    assert!(CitizenId::parse(BOTH, today()).is_ok() && Uscc::parse(BOTH).is_ok());
    let index = ScreeningIndex::build(
        1,
        vec![IndexEntry {
            key: SubjectKey::Organisation(pack_uscc(&uscc(BOTH))),
            name: "某单位".into(),
            measures: set(&[Measure::GovernmentProcurement]),
        }],
    )
    .unwrap();
    let answer = index.check(Some(BOTH), Some("某单位"), Measure::GovernmentProcurement, today());
    assert_eq!(answer, Answer::Restricted { name: NameCheck::Confirmed });
}

#[test]
fn screening_merges_entries_of_one_identifier() {
    let index = ScreeningIndex::build(
        1,
        vec![
            person_entry(PERSON, "李四", &[Measure::Flight]),
            person_entry(PERSON, "李肆", &[Measure::ExitCountry]),
            person_entry(PERSON, "李四", &[Measure::Bidding]),
        ],
    )
    .unwrap();
    assert_eq!(index.len(), 1);
    let key = SubjectKey::Person(pack_citizen_id(&citizen(PERSON)));
    assert_eq!(index.measures(key), set(&[Measure::Flight, Measure::ExitCountry, Measure::Bidding]));
    let answer = |name| index.check(Some(PERSON), Some(name), Measure::ExitCountry, today());
    assert_eq!(answer("李四"), Answer::Restricted { name: NameCheck::Confirmed });
    assert_eq!(answer("李肆"), Answer::Restricted { name: NameCheck::Confirmed });
    assert_eq!(answer("张三"), Answer::Restricted { name: NameCheck::Mismatch });
}

#[test]
fn screening_build_refuses_an_entry_without_a_name() {
    let e = ScreeningIndex::build(1, vec![person_entry(PERSON, " ", &[Measure::Flight])]).unwrap_err();
    assert_eq!((e.code(), e.field()), ("name_required", "name"));
}

/// A deterministic stream of valid 公民身份号码.
fn many_citizen_ids(n: usize) -> Vec<String> {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let birth = BIRTH_DATE_MIN + chrono::Days::new(x % 40_000);
            valid_citizen(
                PROVINCE_CODES[(x >> 20) as usize % PROVINCE_CODES.len()],
                birth,
                (x >> 40) as u16 % 1000,
            )
        })
        .collect()
}

#[test]
fn screening_lookups_across_many_blocks() {
    let ids = many_citizen_ids(5_000);
    let entries: Vec<IndexEntry> =
        ids.iter().step_by(2).map(|id| person_entry(id, "某人", &[Measure::Flight])).collect();
    let index = ScreeningIndex::build(1, entries).unwrap();
    let listed: std::collections::BTreeSet<&String> = ids.iter().step_by(2).collect();
    for id in &ids {
        let hit = index.check(Some(id), None, Measure::Flight, today()).is_hit();
        assert_eq!(hit, listed.contains(id), "{id}");
    }
    let queries: Vec<Query<'_>> =
        ids.iter().map(|id| Query { identifier: Some(id), name: Some("某人") }).collect();
    let batch = index.check_batch(&queries, Measure::Flight, today()).unwrap();
    let one_by_one: Vec<Answer> =
        queries.iter().map(|q| index.check(q.identifier, q.name, Measure::Flight, today())).collect();
    assert_eq!(batch, one_by_one);
}

#[test]
fn screening_batch_of_up_to_ten_thousand() {
    let index = index();
    let items = [
        Query { identifier: Some(PERSON), name: Some("李四") },
        Query { identifier: Some("330106198501010044"), name: None },
        Query { identifier: None, name: Some("王五") },
        Query { identifier: Some("bad"), name: None },
    ];
    let answers = index.check_batch(&items, Measure::Flight, today()).unwrap();
    let codes: Vec<&str> = answers.iter().map(Answer::code).collect();
    assert_eq!(codes, ["restricted", "not_restricted", "identifier_required", "uscc_bad_length"]);
    assert_eq!(answers.iter().filter(|a| a.is_hit()).count(), 1);

    let full = vec![Query { identifier: Some(PERSON), name: None }; SCREENING_BATCH_MAX];
    assert_eq!(index.check_batch(&full, Measure::Flight, today()).unwrap().len(), SCREENING_BATCH_MAX);
    let over = vec![Query::default(); SCREENING_BATCH_MAX + 1];
    let e = index.check_batch(&over, Measure::Flight, today()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("too_many", "items"));
}

#[test]
fn screening_index_reports_its_size_and_version() {
    let index = index();
    assert_eq!((index.version(), index.len()), (7, 3));
    assert!(!index.is_empty());
    // One bucket each: persons 8 keys of 8 bytes and 8 slots of 8; organisations 8 keys of 16 and 8 slots.
    assert_eq!(index.memory_bytes(), (8 * 8 + 8 * 8) + (8 * 16 + 8 * 8));
    assert!(ScreeningIndex::default().is_empty());
}

#[test]
fn key_of_normalized_matches_packing() {
    assert_eq!(key_of_normalized(true, PERSON), Some(SubjectKey::Person(pack_citizen_id(&citizen(PERSON)))));
    assert_eq!(key_of_normalized(false, COMPANY), Some(SubjectKey::Organisation(pack_uscc(&uscc(COMPANY)))));
    assert_eq!(key_of_normalized(true, "1101051949123100"), None);
    assert_eq!(key_of_normalized(false, "91350100M000100I43"), None);
}

#[test]
fn debug_never_shows_a_whole_number() {
    let key = SubjectKey::Person(pack_citizen_id(&citizen(PERSON)));
    assert_eq!(format!("{key:?}"), r#"Person("110105********002X")"#);
    assert_eq!(format!("{:?}", index()), "ScreeningIndex { version: 7, persons: 2, organisations: 1 }");
}

#[test]
fn table_finds_every_key_at_every_size() {
    for n in [0usize, 1, 2, 7, 8, 9, 63, 64, 65, 4_095, 4_096, 4_097, 100_003] {
        let table = Table::build((0..n as u64).map(|k| (k * 3 + 1, 1, 0)).collect());
        assert_eq!(table.len(), n);
        assert!(n * 1000 <= table.buckets.len() * BUCKET_LANES * LOAD_PER_MILLE, "load above the limit: {n}");
        for k in 0..n as u64 {
            let position = table.find(k * 3 + 1).unwrap_or_else(|| panic!("{n} {k}"));
            assert_eq!(table.buckets[position / BUCKET_LANES].keys[position % BUCKET_LANES], k * 3 + 1);
            assert_eq!(table.find(k * 3 + 2), None);
        }
        assert_eq!(table.find(0), None);
        assert_eq!(table.find(u64::MAX), None);
    }
}

/// Every key of one home bucket: the first buckets fill up, the keys overflow into the next ones and wrap
/// around the end of the table, and a lookup follows them.
#[test]
fn table_follows_keys_past_full_buckets_and_around_the_end() {
    let buckets = Table::<u64>::build((0..20).map(|k| (k, 1, 0)).collect()).buckets.len();
    let last_home: Vec<u64> = (0..u64::MAX).filter(|k| home(*k, buckets) == buckets - 1).take(20).collect();
    let table = Table::build(last_home.iter().map(|k| (*k, 1, 0)).collect());
    assert_eq!(table.buckets.len(), buckets);
    let full = table.buckets.iter().filter(|b| b.keys[BUCKET_LANES - 1] != u64::EMPTY).count();
    assert_eq!(full, 2, "the home bucket and the first after the wrap are full");
    for k in &last_home {
        assert!(table.find(*k).is_some(), "{k}");
    }
    let position = table.find(last_home[19]).unwrap();
    assert_eq!(position / BUCKET_LANES, 1, "the 20th key wrapped around to the second bucket");
    let absent = (0..u64::MAX).find(|k| home(*k, buckets) == buckets - 1 && !last_home.contains(k)).unwrap();
    assert_eq!(table.find(absent), None);
}

#[test]
fn table_holds_the_key_that_marks_a_free_lane() {
    let table = Table::build(vec![(u64::MAX, 0b10, 7), (5, 0b1, 9), (u64::MAX, 0b100, 8)]);
    assert_eq!(table.len(), 2);
    assert_eq!(table.measures(u64::MAX), 0b110);
    assert_eq!(table.hit(u64::MAX, 0b10, Some(8)), Some(NameCheck::Confirmed));
    assert_eq!(table.hit(u64::MAX, 0b10, Some(6)), Some(NameCheck::Mismatch));
    assert_eq!(table.measures(5), 0b1);
    let empty = Table::<u128>::build(Vec::new());
    assert_eq!((empty.measures(u128::MAX), empty.measures(0)), (0, 0));
}

/// Index entries over few distinct keys and names, so that keys repeat (merged) and names repeat (confirmed).
fn entries_strategy() -> impl Strategy<Value = Vec<(u64, u32, u8)>> {
    let key = prop_oneof![0u64..64, Just(u64::MAX), any::<u64>()];
    proptest::collection::vec((key, 0u32..8, 0u8..4), 0..200)
}

proptest! {
    /// The index answers exactly as a `BTreeMap` of the same entries: measures united per key, every name
    /// of a key confirming.
    #[test]
    fn table_answers_as_a_btree_map(
        entries in entries_strategy(),
        probes in proptest::collection::vec(
            (prop_oneof![0u64..64, Just(u64::MAX), any::<u64>()], 0u8..5),
            0..100,
        ),
    ) {
        let mut model: BTreeMap<u64, (u32, BTreeSet<u32>)> = BTreeMap::new();
        for (key, bits, name) in &entries {
            let entry = model.entry(*key).or_default();
            entry.0 |= bits;
            entry.1.insert(u32::from(*name));
        }
        let table = Table::build(entries.iter().map(|(k, b, n)| (*k, *b, u32::from(*n))).collect());
        prop_assert_eq!(table.len(), model.len());
        let keys: Vec<u64> = probes.iter().map(|(k, _)| *k).chain(model.keys().copied()).collect();
        let mut found = vec![None; keys.len()];
        table.find_each(&keys, |i, position| found[i] = Some(position));
        for (i, key) in keys.iter().enumerate() {
            prop_assert_eq!(found[i], table.find(*key));
            let expected = model.get(key).map_or(0, |(bits, _)| *bits);
            prop_assert_eq!(table.measures(*key), expected);
            for bit in [1u32, 2, 4] {
                for name in [None, Some(0u32), Some(1), Some(2), Some(3), Some(4)] {
                    let restricted = model.get(key).filter(|(bits, _)| bits & bit != 0);
                    let answer = restricted.map(|(_, names)| match name {
                        None => NameCheck::NotGiven,
                        Some(n) if names.contains(&n) => NameCheck::Confirmed,
                        Some(_) => NameCheck::Mismatch,
                    });
                    prop_assert_eq!(table.hit(*key, bit, name), answer);
                }
            }
        }
    }

    /// The same entries in any order build the same index.
    #[test]
    fn table_does_not_depend_on_the_order_of_entries(entries in entries_strategy()) {
        let rows: Vec<(u64, u32, u32)> = entries.iter().map(|(k, b, n)| (*k, *b, u32::from(*n))).collect();
        let mut reversed = rows.clone();
        reversed.reverse();
        prop_assert!(Table::build(rows) == Table::build(reversed));
    }

    #[test]
    fn plain_identifier_path_agrees_with_the_parsers(
        s in "[0-9]{17}[0-9X]",
        province in proptest::sample::select(PROVINCE_CODES.to_vec()),
        year in 1895u32..2030,
        month in 0u32..14,
        date in 0u32..33,
        sequence in 0u16..1000,
    ) {
        let day = Day::new(today());
        let body = format!("{province:02}0106{year:04}{month:02}{date:02}{sequence:03}");
        let valid = format!("{body}{}", citizen_check(&body).unwrap());
        let uscc_valid = format!("{}{}", &s[..17], uscc_check(&s[..17]).unwrap());
        for id in [s.clone(), valid, format!("{body}0"), format!("{body}X"), uscc_valid] {
            match plain_keys(&id, day) {
                Some(keys) => prop_assert_eq!(keys, identifier_keys(&id, today()), "{}", id),
                // A 统一社会信用代码 whose check character is a letter other than `X`.
                None => prop_assert!(!id.ends_with(|c: char| c.is_ascii_digit() || c == 'X'), "{}", id),
            }
        }
    }

    #[test]
    fn name_hash_plain_path_agrees_with_folding(
        name in "[ -~\u{80}-\u{3100}\u{4e00}-\u{4e10}\u{ff00}-\u{ff70}\t\n]{0,6}",
    ) {
        prop_assert_eq!(name_hash(&name), name_hash_folded(&name));
    }
}

#[test]
fn plain_identifier_path_leaves_other_forms_to_the_parsers() {
    let day = Day::new(today());
    for id in [
        "11010519491231002x",
        "1101051949123100",
        "１１０１０５１９４９１２３１００２Ｘ",
        "91350100M000100Y43",
        "",
    ] {
        assert_eq!(plain_keys(id, day), None, "{id}");
    }
    assert_eq!(plain_keys(PERSON, day), Some(identifier_keys(PERSON, today())));
    assert!(plain_keys(BOTH, day).unwrap().unwrap().organisation.is_some());
    assert_eq!(Day::new(BIRTH_DATE_MIN).number, BIRTH_DATE_NUMBER_MIN);
}

#[test]
fn passports_pack_in_their_forms_only() {
    let packed = pack_passport("E12345678").unwrap();
    assert_eq!(pack_passport(" ｅ１２３４５６７８ "), Some(packed), "full-width and lower case folded");
    assert_ne!(pack_passport("EA1234567"), None);
    assert_ne!(pack_passport("G12345678"), None);
    assert_ne!(pack_passport("EA1234567"), Some(packed));
    assert_ne!(pack_passport("E12345679"), Some(packed));
    for not_a_passport in
        ["", "E1234567", "E123456789", "1E2345678", "EAB123456", "E1234567X", "护照12345678"]
    {
        assert_eq!(pack_passport(not_a_passport), None, "{not_a_passport}");
    }
}

#[test]
fn screening_a_passport_bound_to_a_person_answers_as_the_person() {
    let entries = vec![
        person_entry(PERSON, "李四", &[Measure::Flight, Measure::ExitCountry]),
        person_entry(PERSON, "李思", &[Measure::Flight]),
    ];
    let person = pack_citizen_id(&citizen(PERSON));
    let passports = [
        PassportBinding { passport: pack_passport("E12345678").unwrap(), person },
        // Bound to a person the list does not hold: not indexed.
        PassportBinding { passport: pack_passport("E87654321").unwrap(), person: person + 11 },
    ];
    let index = ScreeningIndex::build_with_passports(3, entries, &passports).unwrap();
    assert_eq!(index.len(), 2, "one person, one passport");
    let check = |id: &str, name: Option<&str>, measure| index.check(Some(id), name, measure, today());
    assert_eq!(
        check("E12345678", Some("李四"), Measure::ExitCountry),
        Answer::Restricted { name: NameCheck::Confirmed }
    );
    assert_eq!(
        check("e12345678", Some("李思"), Measure::Flight),
        Answer::Restricted { name: NameCheck::Confirmed }
    );
    assert_eq!(
        check("E12345678", Some("王五"), Measure::Flight),
        Answer::Restricted { name: NameCheck::Mismatch }
    );
    assert_eq!(check("E12345678", None, Measure::Bidding), Answer::NotRestricted);
    assert_eq!(check("E87654321", None, Measure::Flight), Answer::NotRestricted);
    assert_eq!(check("E00000001", None, Measure::Flight), Answer::NotRestricted);
    assert!(matches!(check("E1234567", None, Measure::Flight), Answer::Invalid { field: "identifier", .. }));
    let items: Vec<Query<'_>> = ["E12345678", "E87654321", PERSON, "E1234567"]
        .iter()
        .map(|id| Query { identifier: Some(id), name: Some("李四") })
        .collect();
    let batch = index.check_batch(&items, Measure::Flight, today()).unwrap();
    let single: Vec<Answer> =
        items.iter().map(|q| index.check(q.identifier, q.name, Measure::Flight, today())).collect();
    assert_eq!(batch, single);
}
