//! Tests of the 终本 library rules: entry, the re-query schedule and its evenness, five simulated years of
//! re-queries, re-query outcomes and 失信 deletion.

use super::*;
use crate::clock::{Clock, FixedClock};
use crate::closing::tests::date;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn official() -> &'static LegalCalendar {
    LegalCalendar::official()
}

fn check_entry(served: &str, due: &str, provisional: bool) {
    let got = library_entry_due(date(served), official()).unwrap();
    assert_eq!(got, ScheduledDate { date: date(due), provisional }, "served {served}");
}

#[test]
fn library_entry_within_7_days_of_service() {
    check_entry("2024-03-01", "2024-03-08", false); // Friday → Friday
    check_entry("2024-03-02", "2024-03-11", false); // ends on a Saturday → Monday
    check_entry("2024-06-03", "2024-06-11", false); // ends on 端午节 (10 June) → Tuesday
    check_entry("2024-09-26", "2024-10-08", false); // ends in the 国庆节 break → 8 October
    check_entry("2026-12-28", "2027-01-04", true); // ends in a year without calendar data
    check_entry("2027-01-03", "2027-01-11", true); // Sunday, weekends skipped only
    let nine = library_entry_due_within(date("2024-03-01"), 9, official()).unwrap();
    assert_eq!(nine, ScheduledDate { date: date("2024-03-11"), provisional: false });
    let too_many = library_entry_due_within(date("2024-03-01"), DAYS_MAX + 1, official());
    assert_eq!(too_many, Err(ScheduleError::TooManyDays { days: DAYS_MAX + 1, max: DAYS_MAX }));
    assert_eq!(library_entry_due(NaiveDate::MAX, official()), Err(ScheduleError::DateOutOfRange));
}

#[test]
fn requery_policy_zhongben_rules_article_9() {
    assert_eq!(RequeryPolicy::new(6, 5), Ok(RequeryPolicy::STATUTORY));
    assert_eq!(RequeryPolicy::default().rounds(), 10);
    assert_eq!(RequeryPolicy::new(1, 10).map(RequeryPolicy::rounds), Ok(120));
    assert_eq!(RequeryPolicy::new(12, 1).map(RequeryPolicy::rounds), Ok(1));
    for (interval, years) in [(0, 5), (13, 5), (12, 0), (6, 0), (1, 11), (6, u32::MAX)] {
        assert_eq!(RequeryPolicy::new(interval, years), Err(ScheduleError::BadPolicy), "{interval} {years}");
    }
    for (error, code) in [
        (ScheduleError::BadPolicy, "bad_policy"),
        (ScheduleError::DateOutOfRange, "date_out_of_range"),
        (ScheduleError::TooManyDays { days: 1, max: 0 }, "too_many_days"),
    ] {
        assert_eq!(error.code(), code);
        assert!(error.to_string().contains(" / "), "{error}");
    }
}

/// Every re-query lies in its window, on a working day (a weekday where the calendar has no data, and
/// then marked provisional), in order.
fn assert_well_formed(schedule: &[ScheduledRequery], closed_on: NaiveDate, policy: RequeryPolicy) {
    assert_eq!(schedule.len() as u32, policy.rounds());
    for (i, requery) in schedule.iter().enumerate() {
        let round = i as u32 + 1;
        let months = |k: u32| Months::new(k * policy.interval_months());
        assert_eq!(requery.round, round);
        assert_eq!(Some(requery.window_opens_after), closed_on.checked_add_months(months(round - 1)));
        assert_eq!(Some(requery.window_closes_on), closed_on.checked_add_months(months(round)));
        assert!(requery.window_opens_after < requery.date && requery.date <= requery.window_closes_on);
        let covered = official().years().contains(&requery.window_opens_after.year())
            && official().years().contains(&requery.window_closes_on.year());
        assert_eq!(requery.provisional, !covered, "{requery:?}");
        if covered {
            assert!(official().is_working_day(requery.date).unwrap(), "{requery:?}");
        } else {
            assert!(!is_weekend(requery.date), "{requery:?}");
        }
    }
    assert!(schedule.windows(2).all(|pair| pair[0].date < pair[1].date));
}

#[test]
fn requery_every_six_months_for_five_years_zhongben_rules_article_9() {
    let closed_on = date("2024-03-15");
    let schedule = requery_schedule(case_id_hash("case-42"), closed_on, RequeryPolicy::STATUTORY, official());
    assert_well_formed(&schedule, closed_on, RequeryPolicy::STATUTORY);
    assert_eq!(schedule[0].window_closes_on, date("2024-09-15"));
    assert_eq!(schedule[9].window_closes_on, date("2029-03-15"));
    let provisional: Vec<bool> = schedule.iter().map(|r| r.provisional).collect();
    assert_eq!(provisional, [false, false, false, false, false, true, true, true, true, true]);
    // The same relative position in every window: a case is queried about every six months.
    for pair in schedule.windows(2) {
        let gap = (pair[1].date - pair[0].date).num_days();
        assert!((160..=205).contains(&gap), "{gap} days between {:?} and {:?}", pair[0], pair[1]);
    }
    // Month ends do not drift: windows are counted from the closing day each time.
    let end_of_month = requery_schedule(7, date("2024-08-31"), RequeryPolicy::STATUTORY, official());
    let closes: Vec<String> = end_of_month.iter().take(3).map(|r| r.window_closes_on.to_string()).collect();
    assert_eq!(closes, ["2025-02-28", "2025-08-31", "2026-02-28"]);
}

#[test]
fn requery_schedule_is_deterministic_and_spreads_by_case() {
    let closed_on = date("2024-03-15");
    let a = requery_schedule(case_id_hash("case-1"), closed_on, RequeryPolicy::STATUTORY, official());
    let b = requery_schedule(case_id_hash("case-1"), closed_on, RequeryPolicy::STATUTORY, official());
    let c = requery_schedule(case_id_hash("case-2"), closed_on, RequeryPolicy::STATUTORY, official());
    assert_eq!(a, b);
    assert_ne!(a[0].date, c[0].date);
    assert_eq!(requery_round(1, closed_on, 0, RequeryPolicy::STATUTORY, official()), None);
    assert_eq!(requery_round(1, closed_on, 11, RequeryPolicy::STATUTORY, official()), None);
    assert_eq!(requery_round(1, NaiveDate::MAX, 1, RequeryPolicy::STATUTORY, official()), None);
}

#[test]
fn case_id_hash_is_fnv_1a() {
    assert_eq!(case_id_hash(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(case_id_hash("a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(case_id_hash("foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn weekdays_count_from_a_monday() {
    assert_eq!(NaiveDate::from_ymd_opt(1, 1, 1).map(|d| d.weekday()), Some(Weekday::Mon));
    let count = |a: &str, b: &str| weekdays_through(date(b)) - weekdays_through(date(a));
    assert_eq!(count("2024-03-01", "2024-03-08"), 5); // Fri → Fri: Mon–Fri of the week after
    assert_eq!(count("2024-03-02", "2024-03-03"), 0); // Sat → Sun
    assert_eq!(count("2024-03-03", "2024-03-04"), 1); // Sun → Mon
    assert_eq!(count("2024-01-01", "2024-12-31"), 261);
}

/// First re-queries of `hashes`, all closed on the same day, counted per day.
fn first_requery_load(hashes: impl Iterator<Item = u64>, closed_on: NaiveDate) -> BTreeMap<NaiveDate, u32> {
    let mut load = BTreeMap::new();
    for hash in hashes {
        let first = requery_round(hash, closed_on, 1, RequeryPolicy::STATUTORY, official()).unwrap();
        *load.entry(first.date).or_insert(0) += 1;
    }
    load
}

fn assert_even(load: &BTreeMap<NaiveDate, u32>, closed_on: NaiveDate, cases: u32) {
    let window_end = date("2024-09-15");
    let working_days = official().working_days_between(closed_on, window_end).unwrap();
    assert_eq!(load.len() as i64, working_days, "every working day of the window takes a share");
    assert!(load.keys().all(|day| official().is_working_day(*day).unwrap()));
    let mean = f64::from(cases) / working_days as f64;
    let max = f64::from(*load.values().max().unwrap());
    let min = f64::from(*load.values().min().unwrap());
    assert!(max <= 1.5 * mean, "max {max} against mean {mean:.1}");
    assert!(min >= 0.5 * mean, "min {min} against mean {mean:.1}");
}

#[test]
fn requery_load_is_even_zhongben_rules_article_9() {
    let closed_on = date("2024-03-15");
    let cases = 100_000;
    let by_id = first_requery_load((0..cases).map(|i| case_id_hash(&format!("case-{i}"))), closed_on);
    assert_even(&by_id, closed_on, cases);
    // Sequential hashes spread as well: the hash is mixed before use.
    let sequential = first_requery_load((0..cases).map(u64::from), closed_on);
    assert_even(&sequential, closed_on, cases);
}

#[test]
fn five_simulated_years_of_requeries_zhongben_rules_article_9() {
    let closed_on = date("2024-03-15");
    let schedule =
        requery_schedule(case_id_hash("case-sim"), closed_on, RequeryPolicy::STATUTORY, official());
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2024, 3, 15, 9, 0, 0).unwrap());
    let end = closed_on.checked_add_months(Months::new(60)).unwrap();
    let mut yesterday = clock.now().date_naive();
    let mut fired: Vec<(NaiveDate, ScheduledRequery)> = Vec::new();
    loop {
        clock.advance(chrono::Duration::days(1));
        let today = clock.now().date_naive();
        if today > end {
            break;
        }
        fired.extend(requeries_due(&schedule, yesterday, today).map(|requery| (today, *requery)));
        yesterday = today;
    }
    assert_eq!(fired.len(), 10);
    for (i, (today, requery)) in fired.iter().enumerate() {
        assert_eq!(requery.round, i as u32 + 1, "in order");
        assert_eq!(*today, requery.date, "fires on its day");
        assert!(requery.window_opens_after < *today && *today <= requery.window_closes_on);
    }
}

#[test]
fn requeries_due_catches_up_after_a_gap() {
    let closed_on = date("2024-03-15");
    let schedule = requery_schedule(3, closed_on, RequeryPolicy::STATUTORY, official());
    let caught_up: Vec<u32> =
        requeries_due(&schedule, closed_on, date("2025-09-15")).map(|r| r.round).collect();
    assert_eq!(caught_up, [1, 2, 3]);
    assert_eq!(requeries_due(&schedule, date("2029-03-15"), date("2030-01-01")).count(), 0);
}

fn found(kind: PropertyKind, value: Option<&str>) -> FoundProperty {
    FoundProperty { kind, value: value.map(|v| Amount::parse_yuan(v).unwrap()) }
}

fn check_outcome(hits: &[FoundProperty], expected: RequeryOutcome) {
    let outcome = requery_outcome(hits);
    assert_eq!(outcome, expected, "{hits:?}");
}

#[test]
fn requery_outcome_zhongben_rules_article_9() {
    use PropertyKind::*;
    let yuan = |s: &str| Amount::parse_yuan(s).unwrap();
    check_outcome(&[], RequeryOutcome::NothingFound);
    check_outcome(&[found(Deposit, Some("0"))], RequeryOutcome::NothingFound);
    check_outcome(
        &[found(Vehicle, None)],
        RequeryOutcome::PropertyFound { items: 1, known_value: Amount::ZERO },
    );
    check_outcome(
        &[found(Deposit, Some("500")), found(Deposit, Some("0")), found(RealEstate, None)],
        RequeryOutcome::PropertyFound { items: 2, known_value: yuan("500") },
    );
    let huge = FoundProperty { kind: Securities, value: Some(Amount::MAX) };
    check_outcome(
        &[huge, found(Deposit, Some("1"))],
        RequeryOutcome::PropertyFound { items: 2, known_value: Amount::MAX },
    );
    assert_eq!(RequeryOutcome::NothingFound.notify(), [Recipient::Applicant]);
    assert_eq!(RequeryOutcome::NothingFound.recommendation(), Recommendation::ContinueSchedule);
    let hit = requery_outcome(&[found(Vehicle, None)]);
    assert_eq!(hit.notify(), [Recipient::Officer, Recipient::Applicant]);
    assert_eq!(hit.recommendation(), Recommendation::ResumeEnforcement);
}

#[test]
fn shixin_rules_article_10_item_4_deletion() {
    let check = |empty: u32, leads: bool, expected: bool| {
        assert_eq!(shixin_deletable_after_requeries(empty, leads), expected, "{empty} {leads}");
    };
    check(0, false, false);
    check(1, false, false);
    check(2, false, true);
    check(3, false, true);
    check(2, true, false);
    check(10, true, false);
}

proptest! {
    #[test]
    fn requery_schedule_is_well_formed(hash in any::<u64>(), offset in 0_u64..(16 * 366)) {
        let closed_on = date("2015-01-01") + Days::new(offset);
        let schedule = requery_schedule(hash, closed_on, RequeryPolicy::STATUTORY, official());
        assert_well_formed(&schedule, closed_on, RequeryPolicy::STATUTORY);
    }

    #[test]
    fn requery_schedule_well_formed_for_other_policies(
        hash in any::<u64>(),
        offset in 0_u64..(12 * 366),
        interval in 1_u32..=12,
        years in 1_u32..=3,
    ) {
        let closed_on = date("2015-01-01") + Days::new(offset);
        let policy = RequeryPolicy::new(interval, years).unwrap();
        let schedule = requery_schedule(hash, closed_on, policy, official());
        assert_well_formed(&schedule, closed_on, policy);
    }
}
