//! The command-line contract, checked from outside by running the built binary: every `check`,
//! `calc` and `calendar` command prints ONE JSON object on stdout (exit 0, or 1 when the rule
//! refuses the value), usage errors exit 2 with a message on stderr and nothing on stdout, and the
//! data commands (`seed`, `verify`, `rebuild`, `user add`) work on a fresh data directory.
//! Expected values are the worked examples of LAW.md §5, §6, §10, §14 and §16.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

/// Runs the binary with a clean environment: no `ZHIXING_*` variable may point a test at a real
/// database or data directory.
fn run(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zhixing"));
    command.args(args);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("ZHIXING_") {
            command.env_remove(name);
        }
    }
    command.output().expect("run the zhixing binary")
}

/// The exit code, stdout parsed as one JSON object, and stderr.
fn run_json(args: &[&str]) -> (i32, Value, String) {
    let output = run(args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: one line of JSON on stdout, got {stdout:?} (stderr {stderr:?})");
    let value: Value =
        serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stdout}"));
    assert!(value.is_object(), "{args:?}: {value}");
    (output.status.code().unwrap_or(-1), value, stderr)
}

/// Exit 0 with exactly this object.
fn check(args: &[&str], expected: Value) {
    let (code, value, stderr) = run_json(args);
    assert_eq!((code, &value), (0, &expected), "{args:?} (stderr {stderr:?})");
}

/// Exit 1: the value parsed as an argument, but the rule refuses it. `{"valid":false,…}` for
/// `check`, and for every refusal an `error` message and this stable `code`.
fn refused(args: &[&str], error_code: &str) {
    let (code, value, stderr) = run_json(args);
    assert_eq!(code, 1, "{args:?}: {value} (stderr {stderr:?})");
    if args.first() == Some(&"check") {
        assert_eq!(value["valid"], json!(false), "{args:?}: {value}");
    }
    assert!(value["error"].as_str().is_some_and(|e| !e.is_empty()), "{args:?}: {value}");
    assert_eq!(value["code"], json!(error_code), "{args:?}: {value}");
}

/// Exit 2: a usage error, explained on stderr, with nothing on stdout.
fn usage(args: &[&str]) {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: stderr {stderr:?}");
    assert!(output.stdout.is_empty(), "{args:?}: stdout {:?}", String::from_utf8_lossy(&output.stdout));
    assert!(!stderr.trim().is_empty(), "{args:?}: an explanation on stderr");
}

// ---------------------------------------------------------------------------------------------
// check

/// GB 11643-1999 公民身份号码 (LAW.md §14.1, §16).
#[test]
fn check_id_gb_11643() {
    let id = |normalized: &str, birth: &str, sex: &str, region: &str| json!({ "valid": true, "normalized": normalized, "birth_date": birth, "sex": sex, "region_code": region });
    let x = id("11010519491231002X", "1949-12-31", "female", "110105");
    check(&["check", "id", "11010519491231002X"], x.clone());
    check(&["check", "id", "11010519491231002x"], x.clone());
    check(&["check", "id", "１１０１０５１９４９１２３１００２Ｘ"], x.clone());
    check(&["check", "id", " 110105 19491231 002x "], x.clone());
    check(&["check", "id", "110105491231002"], x.clone()); // 15-digit legacy number, upgraded
    check(&["check", "id", "１１０１０５４９１２３１００２"], x);
    check(&["check", "id", "34052419800101001X"], id("34052419800101001X", "1980-01-01", "male", "340524"));
    check(&["check", "id", "110105194912310011"], id("110105194912310011", "1949-12-31", "male", "110105"));
    check(&["check", "id", "110101200002290018"], id("110101200002290018", "2000-02-29", "male", "110101"));
    refused(&["check", "id", "110101199003077777"], "citizen_id_check_mismatch");
    refused(&["check", "id", "440524188001010014"], "citizen_id_birth_date_too_early");
    refused(&["check", "id", "110101209901010017"], "citizen_id_birth_date_in_future");
    refused(&["check", "id", "110101199002300014"], "citizen_id_bad_birth_date");
    refused(&["check", "id", "990101199001010019"], "citizen_id_bad_province");
    refused(&["check", "id", "1101051949123100"], "citizen_id_bad_length");
    refused(&["check", "id", "11010519491231002Y"], "citizen_id_bad_character");
    refused(&["check", "id", ""], "citizen_id_empty");
}

/// GB 32100-2015 统一社会信用代码 (LAW.md §14.2, §16).
#[test]
fn check_uscc_gb_32100() {
    let uscc = |normalized: &str, region: &str, org: bool| json!({ "valid": true, "normalized": normalized, "region_code": region, "org_code_check": org });
    check(&["check", "uscc", "91350100M000100Y43"], uscc("91350100M000100Y43", "350100", true));
    check(&["check", "uscc", "91350200776049653A"], uscc("91350200776049653A", "350200", true));
    check(&["check", "uscc", "913502000728319549"], uscc("913502000728319549", "350200", true));
    check(&["check", "uscc", "123502001549897397"], uscc("123502001549897397", "350200", true));
    check(&["check", "uscc", "91440101MA5CJQ4N59"], uscc("91440101MA5CJQ4N59", "440101", true));
    check(&["check", "uscc", "91440101ma5cjq4n59"], uscc("91440101MA5CJQ4N59", "440101", true));
    check(
        &["check", "uscc", "９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９"],
        uscc("91440101MA5CJQ4N59", "440101", true),
    );
    // The embedded 组织机构代码 check fails: reported, not a reason to refuse.
    check(&["check", "uscc", "91350100M000100Y56"], uscc("91350100M000100Y56", "350100", false));
    refused(&["check", "uscc", "91350203M0001QAY9B"], "uscc_check_mismatch");
    refused(&["check", "uscc", "91440101MA5CJQ4N5"], "uscc_bad_length");
    refused(&["check", "uscc", "91440101MI5CJQ4N59"], "uscc_bad_character");
    refused(&["check", "uscc", "9144A101MA5CJQ4N59"], "uscc_region_not_digits");
}

/// 案号 (LAW.md §10, §16: canonical full-width brackets; legacy 字第 accepted).
#[test]
fn check_case_number_article_2() {
    let number = |year: i32, court: &str, case_type: &str, seq: u32, canonical: &str| json!({ "valid": true, "year": year, "court_code": court, "case_type": case_type, "seq": seq, "canonical": canonical });
    let zj = number(2024, "浙0106", "执", 123, "（2024）浙0106执123号");
    check(&["check", "case-number", "（2024）浙0106执123号"], zj.clone());
    check(&["check", "case-number", "(2024)浙0106执123号"], zj.clone());
    check(&["check", "case-number", "（２０２４）浙０１０６执１２３号"], zj.clone());
    check(&["check", "case-number", "  （2024）浙0106执123号\u{3000}"], zj);
    check(
        &["check", "case-number", "（2024）京0105执123号"],
        number(2024, "京0105", "执", 123, "（2024）京0105执123号"),
    );
    check(
        &["check", "case-number", "(2022)最高法执监51号"],
        number(2022, "最高法", "执监", 51, "（2022）最高法执监51号"),
    );
    check(
        &["check", "case-number", "(2020)鄂执复773号"],
        number(2020, "鄂", "执复", 773, "（2020）鄂执复773号"),
    );
    check(
        &["check", "case-number", "(2019)鄂72执361号之一"],
        number(2019, "鄂72", "执", 361, "（2019）鄂72执361号之一"),
    );
    check(
        &["check", "case-number", "（2024）兵07执恢1号"],
        number(2024, "兵07", "执恢", 1, "（2024）兵07执恢1号"),
    );
    check(
        &["check", "case-number", "（2015）浙0106执字第123号"],
        number(2015, "浙0106", "执", 123, "（2015）浙0106执123号"),
    );
    check(
        &["check", "case-number", "(2015)浙0106执恢字第7号之二"],
        number(2015, "浙0106", "执恢", 7, "（2015）浙0106执恢7号之二"),
    );
    refused(&["check", "case-number", "2024浙0106执1号"], "case_number_missing_open_bracket");
    refused(&["check", "case-number", "（2024）港0105执1号"], "case_number_unknown_court");
    refused(&["check", "case-number", "（2024）浙0106民初1号"], "case_number_unknown_case_type");
    refused(&["check", "case-number", "（2024）浙0106执0123号"], "case_number_leading_zero");
    refused(&["check", "case-number", "（2024）浙0106执123"], "case_number_missing_hao");
    refused(&["check", "case-number", "（1949）浙0106执1号"], "case_number_year_out_of_range");
    refused(&["check", "case-number", ""], "case_number_empty");
}

// ---------------------------------------------------------------------------------------------
// calc

/// 诉讼费用交纳办法 第十四条第(一)项 (LAW.md §6 checks, §16).
#[test]
fn calc_fee_article_14() {
    let fee = |amount: &str, expected_amount: &str, expected_fee: &str| {
        check(&["calc", "fee", amount], json!({ "amount": expected_amount, "fee": expected_fee }));
    };
    fee("123456.78", "123456.78", "1751.85");
    fee("0", "0.00", "50.00");
    fee("9999.99", "9999.99", "50.00");
    fee("10000", "10000.00", "50.00");
    fee("10000.00", "10000.00", "50.00");
    fee("100000", "100000.00", "1400.00");
    fee("500000", "500000.00", "7400.00");
    fee("1000000", "1000000.00", "12400.00");
    fee("5000000", "5000000.00", "52400.00");
    fee("10000000", "10000000.00", "77400.00");
    fee("20000000", "20000000.00", "87400.00");
    fee("12.5", "12.50", "50.00");
    fee("１００００００", "1000000.00", "12400.00");
}

/// 迟延履行期间的债务利息 解释 第1条 (LAW.md §5 worked example, §16).
#[test]
fn calc_delay_interest_article_1() {
    let interest = |amount: &str, due: &str, paid: &str| {
        run_json(&["calc", "delay-interest", "--amount", amount, "--due", due, "--paid", paid])
    };
    let check_interest = |amount: &str, due: &str, paid: &str, days: u32, expected: &str| {
        let (code, value, stderr) = interest(amount, due, paid);
        assert_eq!(
            (code, value),
            (0, json!({ "days": days, "interest": expected })),
            "{amount} {due} {paid}: {stderr}"
        );
    };
    check_interest("100000", "2024-03-10", "2024-06-08", 90, "1575.00");
    check_interest("100000.00", "2024-03-10", "2024-03-11", 1, "17.50");
    check_interest("100000", "2024-03-10", "2024-03-10", 0, "0.00");
    check_interest("1", "2024-03-10", "2024-03-11", 1, "0.00");
    check_interest("100", "2024-01-01", "2025-01-01", 366, "6.41");
    refused(
        &["calc", "delay-interest", "--amount", "100", "--due", "2024-03-10", "--paid", "2024-03-09"],
        "paid_before_due",
    );
}

/// 大写金额 (LAW.md §16: every example of the convention).
#[test]
fn calc_words_chinese_capitals() {
    let words =
        |amount: &str, expected: &str| check(&["calc", "words", amount], json!({ "words": expected }));
    words("10", "壹拾元整");
    words("110", "壹佰壹拾元整");
    words("1005", "壹仟零伍元整");
    words("100100", "壹拾万零壹佰元整");
    words("100000010", "壹亿零壹拾元整");
    words("1010101.01", "壹佰零壹万零壹佰零壹元零壹分");
    words("100.50", "壹佰元伍角");
    words("10000000.10", "壹仟万元壹角");
    words("1.05", "壹元零伍分");
    words("1000.01", "壹仟元零壹分");
    words("0.05", "伍分");
    words("0.50", "伍角");
    words("0.00", "零元整");
    words("0", "零元整");
    words("１００５", "壹仟零伍元整");
}

// ---------------------------------------------------------------------------------------------
// calendar

/// The State Council's holiday notices (LAW.md §16 "legal calendar data"): 国庆 2024, 春节 2025, 调休.
#[test]
fn calendar_is_workday_state_council_notices() {
    let workday = |date: &str, expected: bool| {
        check(&["calendar", "is-workday", date], json!({ "date": date, "workday": expected }));
    };
    workday("2024-09-27", true); // Friday
    workday("2024-09-28", false); // Saturday
    workday("2024-09-29", true); // Sunday made a working day (调休)
    workday("2024-10-01", false); // 国庆
    workday("2024-10-07", false);
    workday("2024-10-08", true);
    workday("2024-10-12", true); // Saturday made a working day (调休)
    workday("2024-10-13", false);
    workday("2025-01-26", true); // Sunday made a working day before 春节
    workday("2025-01-28", false); // 除夕, a statutory day from 2025
    workday("2025-02-04", false);
    workday("2025-02-05", true);
    workday("2025-02-08", true); // Saturday made a working day after 春节
    workday("2025-02-09", false);
    refused(&["calendar", "is-workday", "2014-12-31"], "year_not_covered");
    refused(&["calendar", "is-workday", "2027-01-01"], "year_not_covered");
}

/// LAW.md §16 "N working days after a date": the date itself not counted.
#[test]
fn calendar_add_workdays() {
    let add = |date: &str, n: &str, expected: &str| {
        check(&["calendar", "add-workdays", date, n], json!({ "date": expected }));
    };
    add("2024-09-27", "0", "2024-09-27");
    add("2024-09-27", "1", "2024-09-29");
    add("2024-09-27", "2", "2024-09-30");
    add("2024-09-27", "3", "2024-10-08");
    add("2024-09-27", "7", "2024-10-12");
    add("2024-09-27", "8", "2024-10-14");
    add("2025-01-24", "1", "2025-01-26");
    add("2025-01-24", "3", "2025-02-05");
    add("2025-01-24", "6", "2025-02-08");
    add("2025-01-24", "7", "2025-02-10");
    add("2024-10-03", "1", "2024-10-08");
    refused(&["calendar", "add-workdays", "2026-12-31", "1"], "year_not_covered");
}

/// 民事诉讼法 第八十五条 (LAW.md §16 "statutory period end").
#[test]
fn calendar_period_end_civil_procedure_law_article_85() {
    let end = |start: &str, days: &str, expected: &str| {
        check(&["calendar", "period-end", start, days], json!({ "date": expected }));
    };
    end("2024-09-20", "10", "2024-09-30");
    end("2024-09-21", "10", "2024-10-08"); // ends on 1 October: rolled past 国庆
    end("2024-09-27", "15", "2024-10-12"); // ends on a 调休 Saturday: stays
    end("2024-09-28", "15", "2024-10-14");
    end("2024-09-19", "10", "2024-09-29"); // ends on the 调休 Sunday: stays
    end("2025-01-20", "10", "2025-02-05"); // ends inside 春节
    end("2025-01-15", "11", "2025-01-26");
    end("2024-10-01", "0", "2024-10-08");
    refused(&["calendar", "period-end", "2026-12-20", "30"], "year_not_covered");
}

// ---------------------------------------------------------------------------------------------
// Usage errors: exit 2, stderr, nothing on stdout

#[test]
fn usage_errors_exit_2() {
    usage(&[]);
    usage(&["frobnicate"]);
    usage(&["calc"]);
    usage(&["calc", "tax", "100"]);
    usage(&["calc", "fee"]);
    usage(&["calc", "fee", "-5"]);
    usage(&["calc", "fee", "1.234"]);
    usage(&["calc", "fee", "abc"]);
    usage(&["calc", "fee", ""]);
    usage(&["calc", "fee", "1,000"]);
    usage(&["calc", "fee", "+5"]);
    usage(&["calc", "fee", "1e5"]);
    usage(&["calc", "fee", "100000000000000000000"]);
    usage(&["calc", "fee", "1", "2"]);
    usage(&["calc", "words", "-0.01"]);
    usage(&["calc", "delay-interest", "--amount", "100", "--due", "2024-03-10"]);
    usage(&["calc", "delay-interest", "--amount", "-1", "--due", "2024-03-10", "--paid", "2024-03-11"]);
    usage(&["calc", "delay-interest", "--amount", "100", "--due", "2024-3-10", "--paid", "2024-03-11"]);
    usage(&["calendar", "is-workday", "2024-13-01"]);
    usage(&["calendar", "is-workday", "2024-1-1"]);
    usage(&["calendar", "is-workday", "2024-02-30"]);
    usage(&["calendar", "is-workday", "20240101"]);
    usage(&["calendar", "is-workday", "2024/01/01"]);
    usage(&["calendar", "is-workday"]);
    usage(&["calendar", "add-workdays", "2024-09-27"]);
    usage(&["calendar", "add-workdays", "2024-09-27", "-1"]);
    usage(&["calendar", "add-workdays", "2024-09-27", "x"]);
    usage(&["calendar", "period-end", "2024-09-27", "1.5"]);
    usage(&["check", "id"]);
    usage(&["check", "passport", "E12345678"]);
}

// ---------------------------------------------------------------------------------------------
// Data commands on a fresh data directory

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("zhixing-cli-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Exit 0 with one JSON object; returns it.
fn succeeds(args: &[&str]) -> Value {
    let (code, value, stderr) = run_json(args);
    assert_eq!(code, 0, "{args:?}: {value} (stderr {stderr:?})");
    value
}

/// Exits 1 (a failure, not a usage error) with an explanation on stderr; returns stderr.
fn fails(args: &[&str]) -> String {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{args:?}: stderr {stderr:?}");
    assert!(stderr.contains("error"), "{args:?}: stderr {stderr:?}");
    stderr
}

#[test]
fn seed_verify_rebuild() {
    let dir = TempDir::new();
    let data_dir = dir.path();
    let summary = succeeds(&["seed", "--cases", "300", "--seed", "7", "--data-dir", data_dir]);
    assert_eq!(summary["cases"], json!(300), "{summary}");
    assert_eq!(summary["seed"], json!(7), "{summary}");
    assert!(Path::new(data_dir).join("zhixing.db").is_file());

    let events = summary["events"].clone();
    assert!(events.as_u64().is_some_and(|n| n > 300), "a filing and a flow history per case: {summary}");
    let verified = succeeds(&["verify", "--data-dir", data_dir]);
    assert_eq!(verified["verified_events"], events, "{verified}");
    assert_eq!(verified["head_position"], events, "{verified}");
    let head_hash = verified["head_hash"].as_str().unwrap_or_default().to_owned();
    assert!(head_hash.len() == 64 && head_hash.bytes().all(|b| b.is_ascii_hexdigit()), "{verified}");

    assert_eq!(succeeds(&["rebuild", "--data-dir", data_dir]), json!({ "rebuilt_events": events }));
    // Rebuilding changes no event: the chain head is the same.
    assert_eq!(succeeds(&["verify", "--data-dir", data_dir])["head_hash"], json!(head_hash));

    // A second seed into the same database is refused and stores nothing.
    fails(&["seed", "--cases", "10", "--seed", "8", "--data-dir", data_dir]);
    assert_eq!(succeeds(&["verify", "--data-dir", data_dir])["verified_events"], events);

    // Recomputing a court's deadlines visits its open cases; a second run finds nothing to change.
    let first = succeeds(&["recompute-deadlines", "--court", "浙0106", "--data-dir", data_dir]);
    assert_eq!(first["court"], json!("浙0106"), "{first}");
    assert!(first["cases"].as_u64().is_some_and(|n| n > 0), "{first}");
    let second = succeeds(&["recompute-deadlines", "--court", "浙0106", "--data-dir", data_dir]);
    assert_eq!(
        (second["cases"].clone(), second["changed"].clone()),
        (first["cases"].clone(), json!(0)),
        "{second}"
    );
    fails(&["recompute-deadlines", "--court", "浙0199", "--data-dir", data_dir]);
    assert!(succeeds(&["verify", "--data-dir", data_dir])["verified_events"].as_u64() >= events.as_u64());
}

#[test]
fn seed_is_deterministic() {
    let (a, b) = (TempDir::new(), TempDir::new());
    for dir in [&a, &b] {
        succeeds(&["seed", "--cases", "50", "--seed", "7", "--data-dir", dir.path()]);
    }
    // The events carry the time of the run, so the hashes differ; the summaries may not.
    let summary = |dir: &TempDir| succeeds(&["verify", "--data-dir", dir.path()])["verified_events"].clone();
    assert_eq!(summary(&a), summary(&b));
    fails(&["seed", "--cases", "0", "--data-dir", a.path()]);
}

#[test]
fn user_add() {
    let dir = TempDir::new();
    let data_dir = dir.path();
    let add = |login: &str, court: &str, role: &str| {
        run_json(&[
            "user",
            "add",
            "--login",
            login,
            "--name",
            "张三",
            "--court",
            court,
            "--role",
            role,
            "--password",
            "long-enough-1",
            "--data-dir",
            data_dir,
        ])
    };
    let (code, user, stderr) = add("zhang.san", "浙0106", "officer");
    assert_eq!(code, 0, "{user} {stderr}");
    assert!(user["user_id"].as_str().is_some_and(|id| id.len() == 36), "{user}");
    assert_eq!(user["login"], json!("zhang.san"));
    assert_eq!(user["court"], json!("浙0106"));

    let base = ["user", "add", "--name", "张三", "--court", "浙0106", "--data-dir", data_dir];
    let with = |extra: &[&'static str]| base.iter().chain(extra).copied().collect::<Vec<&str>>();
    let stderr = fails(&with(&["--login", "zhang.san", "--role", "officer", "--password", "long-enough-1"]));
    assert!(stderr.contains("login_taken"), "{stderr}");
    fails(&with(&["--login", "li.si", "--role", "root", "--password", "long-enough-1"]));
    fails(&with(&["--login", "li.si", "--role", "officer", "--password", "short"]));
    fails(&with(&["--login", "li.si", "--role", "officer"]));
    usage(&with(&["--login", "li.si", "--password", "long-enough-1"]));

    let (code, user, _) = add("li.si", "浙01", "admin");
    assert_eq!((code, &user["login"]), (0, &json!("li.si")), "{user}");
}

#[test]
fn import_cases_reports_each_refused_row() {
    let dir = TempDir::new();
    let data_dir = dir.path();
    std::fs::create_dir_all(data_dir).expect("temp dir");
    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import_cases.csv");
    let (code, report, _) = run_json(&["import", "cases", csv, "--data-dir", data_dir]);
    assert_eq!(code, 1, "some rows refused: {report}");
    assert_eq!(report["imported"], json!(1), "{report}");
    assert_eq!(report["refused"], json!(3), "{report}");
    let rows: Vec<_> =
        report["errors"].as_array().expect("errors").iter().map(|e| e["row"].clone()).collect();
    assert_eq!(rows, [json!(3), json!(4), json!(5)]);
    assert_eq!(report["errors"][1]["errors"][0]["code"], json!("case_exists"));
    assert_eq!(report["errors"][2]["errors"][0]["field"], json!("filed_on"));
    assert_eq!(succeeds(&["verify", "--data-dir", data_dir])["verified_events"], json!(1));
    // A JSON Lines file with a field the format does not know: refused by its path.
    let jsonl = std::path::Path::new(data_dir).join("cases.jsonl");
    std::fs::write(&jsonl, "{\"case_number\":\"（2023）浙0106执1号\",\"nickname\":\"x\"}\n").expect("write");
    let (code, report, _) =
        run_json(&["import", "cases", jsonl.to_str().expect("path"), "--data-dir", data_dir]);
    assert_eq!(code, 1);
    assert_eq!(report["errors"][0]["errors"][0]["field"], json!("nickname"), "{report}");
}

#[test]
fn screening_export_and_lookup_work_without_the_list_in_clear() {
    let dir = TempDir::new();
    let data_dir = dir.path();
    let unit = [
        "user",
        "add",
        "--login",
        "airline",
        "--name",
        "某航空公司",
        "--court",
        "浙0106",
        "--role",
        "linkage_unit",
        "--password",
        "long-enough-1",
        "--data-dir",
        data_dir,
    ];
    succeeds(&unit);
    let stderr = fails(&["screening", "export", "--unit", "nobody", "--data-dir", data_dir]);
    assert!(stderr.contains("nobody"), "{stderr}");
    let out = format!("{data_dir}/snapshot.json");
    let output = run(&["screening", "export", "--unit", "airline", "--out", &out, "--data-dir", data_dir]);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{stdout} {}", String::from_utf8_lossy(&output.stderr));
    let value = |label: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(label))
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_owned()
    };
    let (unit_key, public_key) = (value("unit key:"), value("public key:"));
    let lookup = |key: &str, id: &str| {
        run(&["screening", "lookup", "--snapshot", &out, "--unit-key", key, "--public-key", &public_key, id])
    };
    let answer = lookup(&unit_key, "330106198501010044");
    assert!(answer.status.success());
    assert!(String::from_utf8_lossy(&answer.stdout).starts_with("not restricted"), "{answer:?}");
    let bad = lookup(&unit_key, "330106198501010045");
    assert_eq!(bad.status.code(), Some(1), "an invalid identifier is refused");
    let tampered = std::fs::read_to_string(&out).unwrap().replace("\"version\":0", "\"version\":9");
    std::fs::write(&out, tampered).unwrap();
    let refused = lookup(&unit_key, "330106198501010044");
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("signature"), "{refused:?}");
}
