//! The sandbox through its public API, on a simulated clock: catalogue, holdings, the protocol's measures,
//! exactly-once execution, quotas, faults and timing.

mod common;

use chrono::{NaiveDate, TimeDelta};
use common::*;
use std::collections::{BTreeMap, HashSet};
use zhixing_core::clock::{Clock, FixedClock, china_date};
use zhixing_core::ids::{citizen_id::CitizenId, uscc::Uscc};
use zhixing_core::inquiry::classes::{AssetClass, item};
use zhixing_core::inquiry::protocol::{AckStatus, Answer, Holding, Op, Outcome, Subject};
use zhixing_sandbox::{Behaviour, Faults, HiddenPattern, Latency, Sandbox, SandboxConfig};

/// A court's view of the network: polls with its cursor and keeps every answer it received.
struct Court {
    code: &'static str,
    after: u64,
    seen: Vec<Answer>,
}

impl Court {
    fn new(code: &'static str) -> Court {
        Court { code, after: 0, seen: Vec::new() }
    }

    fn poll(&mut self, sandbox: &Sandbox) -> Vec<Answer> {
        let mut fresh = Vec::new();
        loop {
            let page = sandbox.answers(self.code, self.after, 1_000);
            if page.answers.is_empty() {
                break;
            }
            for answer in &page.answers {
                assert!(answer.seq > self.after, "seqs only grow");
            }
            self.after = page.next_after;
            fresh.extend(page.answers);
        }
        self.seen.extend(fresh.iter().cloned());
        fresh
    }

    /// The last outcome received for a request id.
    fn outcome(&mut self, sandbox: &Sandbox, request_id: &str) -> Outcome {
        self.poll(sandbox);
        self.seen
            .iter()
            .rev()
            .flat_map(|a| a.results.iter())
            .find(|r| r.request_id == request_id)
            .map(|r| r.outcome.clone())
            .unwrap_or_else(|| panic!("no answer for {request_id}"))
    }

    /// Submits one request and returns its outcome (quiet profile: answered at once).
    fn run(&mut self, sandbox: &Sandbox, institution: &str, id: &str, subject: &Subject, op: Op) -> Outcome {
        let ack = sandbox
            .submit(batch(&format!("b-{id}"), self.code, institution, vec![request(id, subject, op)]))
            .unwrap();
        assert_eq!(ack.status, AckStatus::Accepted);
        self.outcome(sandbox, id)
    }
}

/// The first subject of the population with a holding of `item_code` matching `keep`.
fn find(
    sandbox: &Sandbox,
    people: usize,
    item_code: &str,
    keep: impl Fn(&Holding) -> bool,
) -> (Subject, String, Holding) {
    population(people)
        .into_iter()
        .find_map(|s| {
            let found =
                sandbox.holdings_of(&s.id_number).into_iter().find(|(_, h)| h.item == item_code && keep(h));
            found.map(|(inst, h)| (s, inst, h))
        })
        .unwrap_or_else(|| panic!("nobody holds {item_code}"))
}

fn fen(amount: &str) -> i64 {
    zhixing_core::money::Amount::parse_yuan(amount).unwrap().fen()
}

fn day(clock: &FixedClock, days: i64) -> String {
    (china_date(clock.now()) + TimeDelta::days(days)).to_string()
}

#[test]
fn the_sandbox_is_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Sandbox>();
    let (sandbox, _) = quiet(50);
    let subject = population(1).remove(0);
    std::thread::scope(|scope| {
        for t in 0..4 {
            let (sandbox, subject) = (&sandbox, &subject);
            scope.spawn(move || {
                for n in 0..50 {
                    let id = format!("t{t}-{n}");
                    let b = batch(&id, COURT, "PBOC", vec![request(&id, subject, query(&["deposit"]))]);
                    sandbox.submit(b).unwrap();
                }
            });
        }
    });
    let ledger = sandbox.ledger();
    assert_eq!((ledger.executions.len(), ledger.batches.accepted), (200, 200));
    assert_eq!(ledger.used("PBOC", "2025-03-01"), 200);
}

// --- catalogue -------------------------------------------------------------------------------------------

#[test]
fn catalogue_has_about_four_thousand_institutions_answering_every_class() {
    let (sandbox, _) = quiet(10);
    let institutions = sandbox.institutions();
    assert!((3_950..=4_050).contains(&institutions.len()), "{}", institutions.len());
    let codes: HashSet<_> = institutions.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes.len(), institutions.len(), "codes are unique");
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &institutions {
        *by_kind.entry(i.kind.as_str()).or_default() += 1;
        assert!(!i.classes.is_empty(), "{} answers nothing", i.code);
        assert!(i.classes.iter().all(|c| AssetClass::parse(c).is_some()), "{}", i.code);
        assert_eq!(i.channel == "local", i.region.is_some(), "{}: a local agency has its region", i.code);
    }
    let banks = by_kind["national_bank"] + by_kind["city_bank"] + by_kind["rural_bank"];
    assert_eq!(banks, zhixing_sandbox::BANKS_DEFAULT);
    assert_eq!(by_kind["national_bank"], 21);
    assert!((100..=160).contains(&by_kind["city_bank"]), "{by_kind:?}");
    assert_eq!(by_kind["central_bank"], 1);
    assert_eq!(
        by_kind["local_registry"], 62,
        "a real-estate registry and a provident-fund centre per province"
    );
    for class in AssetClass::ALL {
        assert!(
            institutions.iter().any(|i| i.classes.iter().any(|c| c == class.code())),
            "nobody answers {}",
            class.code()
        );
    }
    let pboc = institutions.iter().find(|i| i.code == "PBOC").unwrap();
    assert_eq!(pboc.classes, ["deposit"]);
    let local: Vec<_> = institutions.iter().filter(|i| i.channel == "local").collect();
    let regions: HashSet<_> = local.iter().map(|i| i.region.clone().unwrap()).collect();
    assert_eq!(regions.len(), 31);
}

#[test]
fn realistic_limits_cap_the_central_banks_one_key_inquiry_at_100000_a_day() {
    let clock = std::sync::Arc::new(FixedClock::new(start()));
    let sandbox = Sandbox::new(SandboxConfig::realistic(1), &[], clock);
    let pboc = sandbox.behaviour("PBOC").unwrap();
    assert_eq!(pboc.quota_per_day, Some(100_000));
    assert!(pboc.latency.median_ms > 0);
    assert_eq!(pboc.faults, Faults::REALISTIC);
    let quiet = Sandbox::new(SandboxConfig::quiet(1), &[], std::sync::Arc::new(FixedClock::new(start())));
    let pboc = quiet.behaviour("PBOC").unwrap();
    assert_eq!((pboc.quota_per_day, pboc.latency, pboc.faults), (None, Latency::NONE, Faults::NONE));
}

// --- holdings --------------------------------------------------------------------------------------------

fn property_fen(holdings: &[(String, Holding)]) -> i64 {
    holdings
        .iter()
        .filter(|(_, h)| item(&h.item).is_some_and(|i| i.class.property_class().is_some()))
        .filter_map(|(_, h)| h.amount.as_deref().map(fen))
        .sum()
}

#[test]
fn most_debtors_have_little_and_some_hide_it_with_a_spouse_or_a_company() {
    const PEOPLE: usize = 5_000;
    let (sandbox, _) = quiet(PEOPLE);
    let persons: Vec<Subject> = population(PEOPLE)
        .into_iter()
        .filter(|s| s.id_number.len() == 18 && s.name.chars().count() == 3)
        .collect();
    let little =
        persons.iter().filter(|s| property_fen(&sandbox.holdings_of(&s.id_number)) < fen("5000")).count();
    let owners = persons
        .iter()
        .filter(|s| sandbox.holdings_of(&s.id_number).iter().any(|(_, h)| h.item == "real_property"))
        .count();
    let share = |n: usize| n * 100 / persons.len();
    assert!((60..=85).contains(&share(little)), "little: {}%", share(little));
    assert!((3..=15).contains(&share(owners)), "real estate: {}%", share(owners));

    let planted = sandbox.planted();
    let count = |p: HiddenPattern| planted.iter().filter(|x| x.pattern == p).count() * 1_000 / persons.len();
    assert!((50..=95).contains(&count(HiddenPattern::Spouse)), "spouse: {}‰", count(HiddenPattern::Spouse));
    assert!(
        (10..=35).contains(&count(HiddenPattern::FormerSpouse)),
        "{}‰",
        count(HiddenPattern::FormerSpouse)
    );
    assert!(
        (35..=70).contains(&count(HiddenPattern::Company)),
        "company: {}‰",
        count(HiddenPattern::Company)
    );
    for p in &planted {
        let own = sandbox.holdings_of(&p.debtor.id_number);
        // The record that leads to the relative is there, naming it.
        let link = own.iter().find(|(_, h)| h.item == p.via_item).expect("the linking record");
        assert_eq!(link.1.related.as_ref(), Some(&p.relative), "{p:?}");
        if p.pattern == HiddenPattern::Company {
            assert!(own.iter().any(|(i, h)| h.item == "shareholding"
                && i == "SAMR"
                && h.related.as_ref() == Some(&p.relative)));
            Uscc::parse(&p.relative.id_number).unwrap();
        } else {
            CitizenId::parse(&p.relative.id_number, NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()).unwrap();
        }
        // The relative holds much more than the debtor, and the sum is what the relative holds.
        let theirs = property_fen(&sandbox.holdings_of(&p.relative.id_number));
        assert_eq!(theirs, p.hidden_fen, "{p:?}");
        let own_besides_the_company: Vec<_> =
            own.into_iter().filter(|(_, h)| h.related.as_ref() != Some(&p.relative)).collect();
        assert!(theirs > 10 * property_fen(&own_besides_the_company).max(1), "{p:?}");
    }
    // Noise: married people whose spouses hold ordinary things, and dormant companies.
    let married = persons
        .iter()
        .filter(|s| sandbox.holdings_of(&s.id_number).iter().any(|(_, h)| h.item == "marriage_record"))
        .count();
    assert!(share(married) > 50, "married: {}%", share(married));
}

#[test]
fn holdings_are_deterministic_per_seed() {
    let people = population(300);
    let build = |seed| {
        Sandbox::new(SandboxConfig::quiet(seed), &people, std::sync::Arc::new(FixedClock::new(start())))
    };
    let (a, b, c) = (build(3), build(3), build(4));
    let all = |s: &Sandbox| people.iter().map(|p| s.holdings_of(&p.id_number)).collect::<Vec<_>>();
    assert_eq!(all(&a), all(&b));
    assert_eq!(a.planted(), b.planted());
    assert_ne!(all(&a), all(&c));
}

#[test]
fn each_institution_answers_what_it_keeps_and_the_aggregators_answer_for_their_class() {
    let (sandbox, _) = quiet(400);
    let mut court = Court::new(COURT);
    let (subject, bank, deposit) = find(&sandbox, 400, "demand_deposit", |_| true);
    let at_bank = court.run(&sandbox, &bank, "q-bank", &subject, query(&["deposit", "vehicle"]));
    let Outcome::Found { holdings } = at_bank else { panic!("{at_bank:?}") };
    assert!(holdings.contains(&deposit));
    assert!(holdings.iter().all(|h| item(&h.item).unwrap().class == AssetClass::Deposit));
    let at_pboc = court.run(&sandbox, "PBOC", "q-pboc", &subject, query(&["deposit"]));
    let Outcome::Found { holdings: everywhere } = at_pboc else { panic!() };
    let own_deposits = sandbox
        .holdings_of(&subject.id_number)
        .into_iter()
        .filter(|(_, h)| h.item.ends_with("_deposit"))
        .count();
    assert_eq!(everywhere.len(), own_deposits, "the one-key inquiry sees every bank");
    let not_served = court.run(&sandbox, "MCA", "q-mca", &subject, query(&["deposit"]));
    assert!(matches!(&not_served, Outcome::Refused { code, .. } if code == "not_served"), "{not_served:?}");
    let wrong_name = Subject { name: "查无此人".into(), ..subject.clone() };
    let mismatch = court.run(&sandbox, &bank, "q-name", &wrong_name, query(&["deposit"]));
    assert!(matches!(&mismatch, Outcome::Refused { code, .. } if code == "name_mismatch"), "{mismatch:?}");
    let stranger = Subject { id_number: "110101199003074734".into(), name: "张三".into() };
    assert_eq!(
        court.run(&sandbox, &bank, "q-none", &stranger, query(&["deposit"])),
        Outcome::Found { holdings: vec![] }
    );
    // Every holding of everyone is answered where it is kept.
    for s in population(60) {
        for (institution, holding) in sandbox.holdings_of(&s.id_number) {
            let class = item(&holding.item).unwrap().class.code();
            let id = format!("all-{}-{}", s.id_number, holding.holding);
            let Outcome::Found { holdings } = court.run(&sandbox, &institution, &id, &s, query(&[class]))
            else {
                panic!()
            };
            assert!(holdings.contains(&holding), "{institution} {holding:?}");
        }
    }
}

// --- measures --------------------------------------------------------------------------------------------

#[test]
fn a_queued_freeze_takes_effect_when_the_first_is_released() {
    let (sandbox, clock) = quiet(400);
    // A property in Zhejiang: the national registry and Zhejiang's own (点对点, RE-33) both reach it.
    let (subject, _, property) = find(&sandbox, 400, "real_property", |h| h.holding.starts_with('浙'));
    let (mut first, mut second) = (Court::new(COURT), Court::new(OTHER_COURT));
    let (today, until) = (day(&clock, 0), day(&clock, 700));
    let a = first.run(&sandbox, "MNR", "f-1", &subject, freeze(&property.holding, None, &today, &until));
    let Outcome::Frozen { freeze: a_id, queued_behind: 0, .. } = a else { panic!("{a:?}") };
    let local = second.run(&sandbox, "RE-33", "q-local", &subject, query(&["real_estate"]));
    let Outcome::Found { holdings } = local else { panic!("{local:?}") };
    let seen_locally = holdings.iter().find(|h| h.holding == property.holding).expect("reached locally");
    assert_eq!(seen_locally.freezes.len(), 1, "the national registry's freeze is seen locally");
    let b = second.run(&sandbox, "RE-33", "f-2", &subject, freeze(&property.holding, None, &today, &until));
    let Outcome::Frozen { freeze: b_id, queued_behind: 1, .. } = b else { panic!("{b:?}") };
    let info = sandbox
        .holdings_of(&subject.id_number)
        .into_iter()
        .find(|(_, h)| h.holding == property.holding)
        .unwrap()
        .1;
    assert_eq!(
        info.freezes.iter().map(|f| (f.court.as_str(), f.queued)).collect::<Vec<_>>(),
        [(COURT, false), (OTHER_COURT, true)]
    );

    clock.advance(TimeDelta::days(10));
    let released = first.run(&sandbox, "MNR", "u-1", &subject, Op::Unfreeze { freeze: a_id.clone() });
    assert_eq!(released, Outcome::Unfrozen { freeze: a_id.clone(), on: day(&clock, 0) });
    let notice = second.poll(&sandbox);
    assert_eq!(notice.len(), 1, "{notice:?}");
    assert_eq!(notice[0].batch_id, None);
    assert_eq!(notice[0].results[0].request_id, "f-2");
    // The term asked for (700 days) runs from the day it takes effect.
    assert_eq!(
        notice[0].results[0].outcome,
        Outcome::TookEffect { freeze: b_id.clone(), from: day(&clock, 0), until: day(&clock, 700) }
    );
    let ledger = sandbox.ledger();
    assert_eq!(ledger.freeze(&a_id).unwrap().state, "released");
    assert_eq!(ledger.freeze(&b_id).unwrap().state, "in_force");
    // Releasing again is refused; another court cannot release it.
    let again = first.run(&sandbox, "MNR", "u-1b", &subject, Op::Unfreeze { freeze: a_id });
    assert!(matches!(&again, Outcome::Refused { code, .. } if code == "released"), "{again:?}");
    let foreign = first.run(&sandbox, "MNR", "u-2", &subject, Op::Unfreeze { freeze: b_id });
    assert!(matches!(&foreign, Outcome::Refused { code, .. } if code == "unknown_freeze"), "{foreign:?}");
}

#[test]
fn a_freeze_expires_without_renewal_and_the_queued_one_takes_effect() {
    let (sandbox, clock) = quiet(400);
    let (subject, _, vehicle) = find(&sandbox, 400, "motor_vehicle", |_| true);
    let (mut first, mut second) = (Court::new(COURT), Court::new(OTHER_COURT));
    let today = day(&clock, 0);
    let a = first.run(
        &sandbox,
        "MPS-TRAFFIC",
        "f-1",
        &subject,
        freeze(&vehicle.holding, None, &today, &day(&clock, 30)),
    );
    let Outcome::Frozen { freeze: a_id, .. } = a else { panic!("{a:?}") };
    let b = second.run(
        &sandbox,
        "MPS-TRAFFIC",
        "f-2",
        &subject,
        freeze(&vehicle.holding, None, &today, &day(&clock, 60)),
    );
    let Outcome::Frozen { freeze: b_id, queued_behind: 1, .. } = b else { panic!("{b:?}") };

    // Day 30 is the last day in force.
    clock.advance(TimeDelta::days(30));
    assert!(first.poll(&sandbox).is_empty());
    clock.advance(TimeDelta::days(1));
    let expired = first.poll(&sandbox);
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].results[0].outcome, Outcome::Expired { freeze: a_id.clone(), on: day(&clock, 0) });
    let took = second.poll(&sandbox);
    assert_eq!(
        took[0].results[0].outcome,
        Outcome::TookEffect { freeze: b_id, from: day(&clock, 0), until: day(&clock, 60) }
    );
    // Renewing after expiry is refused.
    let late = first.run(
        &sandbox,
        "MPS-TRAFFIC",
        "r-1",
        &subject,
        Op::Renew { freeze: a_id.clone(), until: day(&clock, 200) },
    );
    assert!(matches!(&late, Outcome::Refused { code, .. } if code == "expired"), "{late:?}");
    assert_eq!(sandbox.ledger().freeze(&a_id).unwrap().state, "expired");
}

#[test]
fn renewal_before_expiry_extends_within_the_statutory_term() {
    let (sandbox, clock) = quiet(400);
    let (subject, bank, deposit) =
        find(&sandbox, 400, "demand_deposit", |h| fen(h.amount.as_deref().unwrap()) > 10_000);
    let mut court = Court::new(COURT);
    let until = day(&clock, 100);
    let f = court.run(
        &sandbox,
        &bank,
        "f-1",
        &subject,
        freeze(&deposit.holding, Some("50.00"), &day(&clock, 0), &until),
    );
    let Outcome::Frozen { freeze: id, amount, .. } = f else { panic!("{f:?}") };
    assert_eq!(amount.as_deref(), Some("50.00"));
    clock.advance(TimeDelta::days(90));
    // A bank deposit: at most one year from the day after the current end (民诉法解释 第485条).
    let end = NaiveDate::parse_from_str(&until, "%Y-%m-%d").unwrap();
    let too_long = end.checked_add_months(chrono::Months::new(12)).unwrap().succ_opt().unwrap();
    let refused = court.run(
        &sandbox,
        &bank,
        "r-1",
        &subject,
        Op::Renew { freeze: id.clone(), until: too_long.to_string() },
    );
    assert!(matches!(&refused, Outcome::Refused { code, .. } if code == "term_too_long"), "{refused:?}");
    let longest = end.checked_add_months(chrono::Months::new(12)).unwrap();
    let renewed = court.run(
        &sandbox,
        &bank,
        "r-2",
        &subject,
        Op::Renew { freeze: id.clone(), until: longest.to_string() },
    );
    assert_eq!(renewed, Outcome::Renewed { freeze: id.clone(), until: longest.to_string() });
    // The old end passes without an expiry.
    clock.advance(TimeDelta::days(30));
    assert!(court.poll(&sandbox).is_empty());
    assert_eq!(sandbox.ledger().freeze(&id).unwrap().state, "in_force");
}

#[test]
fn a_freeze_beyond_the_statutory_maximum_is_refused() {
    let (sandbox, clock) = quiet(400);
    let mut court = Court::new(COURT);
    let today = china_date(clock.now());
    let months = |m: u32| today.checked_add_months(chrono::Months::new(m)).unwrap();
    let (subject, bank, deposit) = find(&sandbox, 400, "demand_deposit", |_| true);
    let over = court.run(
        &sandbox,
        &bank,
        "f-1",
        &subject,
        freeze(&deposit.holding, None, &today.to_string(), &months(12).to_string()),
    );
    assert!(matches!(&over, Outcome::Refused { code, .. } if code == "term_too_long"), "{over:?}");
    let ok = court.run(
        &sandbox,
        &bank,
        "f-2",
        &subject,
        freeze(&deposit.holding, None, &today.to_string(), &months(12).pred_opt().unwrap().to_string()),
    );
    assert!(matches!(ok, Outcome::Frozen { .. }), "{ok:?}");
    let (owner, _, vehicle) = find(&sandbox, 400, "motor_vehicle", |_| true);
    let over = court.run(
        &sandbox,
        "MPS-TRAFFIC",
        "f-3",
        &owner,
        freeze(&vehicle.holding, None, &today.to_string(), &months(24).to_string()),
    );
    assert!(matches!(&over, Outcome::Refused { code, .. } if code == "term_too_long"), "{over:?}");
    let residence =
        sandbox.holdings_of(&owner.id_number).into_iter().find(|(_, h)| h.item == "residence").unwrap().1;
    let not_freezable = court.run(
        &sandbox,
        "MPS-HR",
        "f-4",
        &owner,
        freeze(&residence.holding, None, &today.to_string(), &months(1).to_string()),
    );
    assert!(
        matches!(&not_freezable, Outcome::Refused { code, .. } if code == "not_freezable"),
        "{not_freezable:?}"
    );
    let elsewhere = court.run(
        &sandbox,
        &bank,
        "f-6",
        &subject,
        freeze(&vehicle.holding, None, &today.to_string(), &months(1).to_string()),
    );
    assert!(
        matches!(&elsewhere, Outcome::Refused { code, .. } if code == "no_such_holding"),
        "{elsewhere:?}"
    );
    let future = court.run(
        &sandbox,
        &bank,
        "f-5",
        &subject,
        freeze(&deposit.holding, None, &months(1).to_string(), &months(2).to_string()),
    );
    assert!(matches!(&future, Outcome::Refused { code, .. } if code == "future_start"), "{future:?}");
    assert_eq!(sandbox.ledger().refused_outcomes["term_too_long"], 2);
}

#[test]
fn a_deduction_moves_money_to_custody_and_never_more_than_there_is() {
    let (sandbox, clock) = quiet(400);
    let (subject, bank, deposit) =
        find(&sandbox, 400, "demand_deposit", |h| fen(h.amount.as_deref().unwrap()) > 100_000);
    let balance = fen(deposit.amount.as_deref().unwrap());
    let mut court = Court::new(COURT);
    let f = court.run(
        &sandbox,
        &bank,
        "f-1",
        &subject,
        freeze(&deposit.holding, Some("600.00"), &day(&clock, 0), &day(&clock, 300)),
    );
    let Outcome::Frozen { freeze: id, .. } = f else { panic!("{f:?}") };
    let deduct = |amount: &str, freeze: Option<&str>| Op::Deduct {
        holding: deposit.holding.clone(),
        amount: amount.to_owned(),
        freeze: freeze.map(str::to_owned),
        custody_account: CUSTODY.to_owned(),
    };
    let d = court.run(&sandbox, &bank, "d-1", &subject, deduct("400.00", Some(&id)));
    let Outcome::Deducted { amount, transfer, on } = d else { panic!("{d:?}") };
    assert_eq!((amount.as_str(), on), ("400.00", day(&clock, 0)));
    // Only 200.00 is left of the freeze.
    let over = court.run(&sandbox, &bank, "d-2", &subject, deduct("200.01", Some(&id)));
    assert!(matches!(&over, Outcome::Refused { code, .. } if code == "insufficient_balance"), "{over:?}");
    // Without a freeze only what nobody froze is available: balance − 400 deducted − 200 still frozen.
    let available = balance - 60_000;
    let too_much = court.run(
        &sandbox,
        &bank,
        "d-3",
        &subject,
        deduct(&zhixing_core::money::Amount::from_fen(available + 1).unwrap().to_string(), None),
    );
    assert!(
        matches!(&too_much, Outcome::Refused { code, .. } if code == "insufficient_balance"),
        "{too_much:?}"
    );
    let rest = court.run(&sandbox, &bank, "d-4", &subject, deduct("100.00", None));
    assert!(matches!(rest, Outcome::Deducted { .. }), "{rest:?}");
    // Not a money item.
    let (owner, _, vehicle) = find(&sandbox, 400, "motor_vehicle", |_| true);
    let car = court.run(
        &sandbox,
        "MPS-TRAFFIC",
        "d-5",
        &owner,
        Op::Deduct {
            holding: vehicle.holding,
            amount: "1.00".into(),
            freeze: None,
            custody_account: CUSTODY.into(),
        },
    );
    assert!(matches!(&car, Outcome::Refused { code, .. } if code == "not_deductible"), "{car:?}");

    let now = sandbox
        .holdings_of(&subject.id_number)
        .into_iter()
        .find(|(_, h)| h.holding == deposit.holding)
        .unwrap()
        .1;
    assert_eq!(fen(now.amount.as_deref().unwrap()), balance - 50_000);
    let ledger = sandbox.ledger();
    assert_eq!(ledger.custody_balance(COURT, CUSTODY), "500.00");
    assert_eq!(ledger.deductions.len(), 2);
    assert_eq!(ledger.deductions[0].transfer, transfer);
    assert_eq!(ledger.freeze(&id).unwrap().amount.as_deref(), Some("200.00"));
}

#[test]
fn a_freeze_of_money_already_frozen_waits_and_gets_what_is_left() {
    let (sandbox, clock) = quiet(400);
    let (subject, bank, deposit) =
        find(&sandbox, 400, "demand_deposit", |h| fen(h.amount.as_deref().unwrap()) > 10_000);
    let balance = deposit.amount.clone().unwrap();
    let (mut first, mut second) = (Court::new(COURT), Court::new(OTHER_COURT));
    let (today, until) = (day(&clock, 0), day(&clock, 200));
    let whole = first.run(&sandbox, &bank, "f-1", &subject, freeze(&deposit.holding, None, &today, &until));
    let Outcome::Frozen { freeze: a, amount, .. } = whole else { panic!("{whole:?}") };
    assert_eq!(amount, Some(balance));
    let waits = second.run(
        &sandbox,
        "PBOC",
        "f-2",
        &subject,
        freeze(&deposit.holding, Some("30.00"), &today, &until),
    );
    let Outcome::Frozen { freeze: b, queued_behind: 1, .. } = waits else { panic!("{waits:?}") };
    first.run(&sandbox, &bank, "u-1", &subject, Op::Unfreeze { freeze: a });
    let notice = second.poll(&sandbox);
    assert!(matches!(&notice[0].results[0].outcome, Outcome::TookEffect { freeze, .. } if *freeze == b));
    assert_eq!(sandbox.ledger().freeze(&b).unwrap().amount.as_deref(), Some("30.00"));
}

// --- exactly once ----------------------------------------------------------------------------------------

#[test]
fn a_request_id_is_executed_once_whatever_batch_brings_it_again() {
    let (sandbox, clock) = quiet(400);
    let (subject, bank, deposit) =
        find(&sandbox, 400, "demand_deposit", |h| fen(h.amount.as_deref().unwrap()) > 1_000);
    let mut court = Court::new(COURT);
    let op = freeze(&deposit.holding, Some("10.00"), &day(&clock, 0), &day(&clock, 30));
    let b1 = batch("b-1", COURT, &bank, vec![request("r-1", &subject, op.clone())]);
    assert_eq!(sandbox.submit(b1.clone()).unwrap().status, AckStatus::Accepted);
    assert_eq!(sandbox.submit(b1).unwrap().status, AckStatus::Duplicate, "the same batch again");
    let first = court.poll(&sandbox);
    assert_eq!(first.len(), 1, "a duplicate batch is not answered again");
    // The same request id in another batch, with a new one beside it.
    let b2 = batch(
        "b-2",
        COURT,
        &bank,
        vec![request("r-1", &subject, op.clone()), request("r-2", &subject, query(&["deposit"]))],
    );
    assert_eq!(sandbox.submit(b2).unwrap().status, AckStatus::Accepted);
    let second = court.poll(&sandbox);
    assert_eq!(second[0].results[0], first[0].results[0], "the recorded outcome, not a second freeze");
    let Outcome::Found { holdings } = &second[0].results[1].outcome else { panic!() };
    let info = holdings.iter().find(|h| h.holding == deposit.holding).unwrap();
    assert_eq!(info.freezes.len(), 1, "one freeze");
    let ledger = sandbox.ledger();
    let entry = ledger.execution(COURT, "r-1").unwrap();
    assert_eq!((entry.executions, entry.repeats), (1, 1));
    assert_eq!(ledger.freezes.len(), 1);
    assert_eq!(ledger.batches.duplicate, 1);
    // Request ids belong to their court: another court's r-1 is its own.
    let mut other = Court::new(OTHER_COURT);
    let theirs = other.run(&sandbox, &bank, "r-1", &subject, query(&["deposit"]));
    assert!(matches!(theirs, Outcome::Found { .. }));
}

fn faulty(faults: Faults) -> Behaviour {
    Behaviour { latency: Latency::NONE, faults, quota_per_day: None, batches_per_second: None }
}

#[test]
fn with_the_ack_lost_the_batch_is_still_executed_once_and_a_resend_is_a_duplicate() {
    let mut config = SandboxConfig::quiet(11);
    config.overrides.insert("MPS-TRAFFIC".into(), faulty(Faults { ack_lost_percent: 100.0, ..Faults::NONE }));
    let (sandbox, clock) = sandbox_with(config, 400);
    let (subject, _, vehicle) = find(&sandbox, 400, "motor_vehicle", |_| true);
    let op = freeze(&vehicle.holding, None, &day(&clock, 0), &day(&clock, 300));
    let b = batch("b-lost", COURT, "MPS-TRAFFIC", vec![request("r-lost", &subject, op)]);
    let error = sandbox.submit(b.clone()).unwrap_err();
    assert!(matches!(error.status, 500 | 504), "{error:?}");
    // The court resends after the error: the institution knows the batch.
    assert_eq!(sandbox.submit(b.clone()).unwrap().status, AckStatus::Duplicate);
    assert_eq!(sandbox.submit(b).unwrap().status, AckStatus::Duplicate);
    let mut court = Court::new(COURT);
    let answers = court.poll(&sandbox);
    assert_eq!(answers.len(), 1);
    assert!(matches!(answers[0].results[0].outcome, Outcome::Frozen { queued_behind: 0, .. }));
    // Or resends the request in a new batch (the ack of that one is lost too): still not redone.
    let again =
        batch("b-lost-2", COURT, "MPS-TRAFFIC", vec![request("r-lost", &subject, query(&["vehicle"]))]);
    assert!(sandbox.submit(again).is_err());
    let resent = court.poll(&sandbox);
    assert_eq!(resent[0].results[0].outcome, answers[0].results[0].outcome);
    let ledger = sandbox.ledger();
    assert_eq!(ledger.execution(COURT, "r-lost").unwrap().executions, 1);
    assert_eq!(ledger.freezes.len(), 1);
    assert_eq!((ledger.batches.accepted, ledger.batches.ack_lost, ledger.batches.duplicate), (2, 2, 2));
}

#[test]
fn errors_and_timeouts_take_nothing_and_the_next_attempt_draws_again() {
    let mut config = SandboxConfig::quiet(5);
    config.overrides.insert(
        "B0001".into(),
        faulty(Faults { error_percent: 30.0, timeout_percent: 30.0, ..Faults::NONE }),
    );
    let (sandbox, _) = sandbox_with(config, 50);
    let subject = population(1).remove(0);
    let mut refused = BTreeMap::new();
    for n in 0..40 {
        let b = batch(
            &format!("b-{n}"),
            COURT,
            "B0001",
            vec![request(&format!("r-{n}"), &subject, query(&["deposit"]))],
        );
        loop {
            match sandbox.submit(b.clone()) {
                Ok(ack) => {
                    assert_eq!(ack.status, AckStatus::Accepted, "a refused batch was not taken");
                    break;
                }
                Err(e) => *refused.entry(e.refusal.code).or_insert(0) += 1,
            }
        }
    }
    assert!(refused["internal"] > 3 && refused["timeout"] > 3, "{refused:?}");
    let ledger = sandbox.ledger();
    assert_eq!(ledger.batches.accepted, 40);
    assert_eq!(ledger.refused("internal").batches, refused["internal"]);
    assert_eq!(ledger.executions.len(), 40);
}

// --- limits ----------------------------------------------------------------------------------------------

#[test]
fn the_request_after_the_daily_quota_is_refused_until_the_next_china_date() {
    let mut config = SandboxConfig::quiet(2);
    config.overrides.insert(
        "PBOC".into(),
        Behaviour {
            latency: Latency::NONE,
            faults: Faults::NONE,
            quota_per_day: Some(5),
            batches_per_second: None,
        },
    );
    let (sandbox, clock) = sandbox_with(config, 50);
    let people = population(10);
    let submit = |n: usize| {
        let b = batch(
            &format!("q-{n}"),
            COURT,
            "PBOC",
            vec![request(&format!("r-{n}"), &people[n], query(&["deposit"]))],
        );
        sandbox.submit(b)
    };
    for n in 0..5 {
        submit(n).unwrap();
    }
    let refused = submit(5).unwrap_err();
    assert_eq!((refused.status, refused.refusal.code.as_str()), (429, "quota_exceeded"));
    // 10:00 in China: the quota comes back at midnight, 14 hours later.
    assert_eq!(refused.refusal.retry_after_seconds, Some(14 * 3_600));
    clock.advance(TimeDelta::hours(13) + TimeDelta::minutes(59));
    assert!(submit(5).is_err(), "still the same China date");
    clock.advance(TimeDelta::minutes(1));
    for n in 5..9 {
        submit(n).unwrap();
    }
    // A batch that would pass the quota is refused whole: 4 used + 2 > 5.
    let two = batch(
        "q-two",
        COURT,
        "PBOC",
        vec![
            request("r-two-a", &people[0], query(&["deposit"])),
            request("r-two-b", &people[1], query(&["deposit"])),
        ],
    );
    assert_eq!(sandbox.submit(two).unwrap_err().refusal.code, "quota_exceeded");
    submit(9).unwrap();
    let ledger = sandbox.ledger();
    assert_eq!(ledger.refused("quota_exceeded"), zhixing_sandbox::RefusalCount { batches: 3, requests: 4 });
    assert_eq!(ledger.used("PBOC", "2025-03-01"), 5);
    assert_eq!(ledger.used("PBOC", "2025-03-02"), 5);
    assert!(ledger.usage.iter().all(|u| u.requests <= 5), "never over the quota");
}

#[test]
fn more_batches_a_second_than_allowed_are_rate_limited() {
    let mut config = SandboxConfig::quiet(2);
    config.overrides.insert(
        "B0002".into(),
        Behaviour {
            latency: Latency::NONE,
            faults: Faults::NONE,
            quota_per_day: None,
            batches_per_second: Some(2),
        },
    );
    let (sandbox, clock) = sandbox_with(config, 10);
    let subject = population(1).remove(0);
    let submit = |n: usize| {
        sandbox.submit(batch(
            &format!("b-{n}"),
            COURT,
            "B0002",
            vec![request(&format!("r-{n}"), &subject, query(&["deposit"]))],
        ))
    };
    submit(0).unwrap();
    submit(1).unwrap();
    let limited = submit(2).unwrap_err();
    assert_eq!(
        (limited.status, limited.refusal.code.as_str(), limited.refusal.retry_after_seconds),
        (429, "rate_limited", Some(1))
    );
    clock.advance(TimeDelta::seconds(1));
    submit(2).unwrap();
    assert_eq!(sandbox.ledger().refused("rate_limited").batches, 1);
}

#[test]
fn an_outage_day_answers_503_and_the_next_day_works() {
    let mut config = SandboxConfig::quiet(2);
    config.outages.push(("CSDC".into(), NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()));
    let (sandbox, clock) = sandbox_with(config, 10);
    let subject = population(1).remove(0);
    let b = batch("b-1", COURT, "CSDC", vec![request("r-1", &subject, query(&["securities"]))]);
    let down = sandbox.submit(b.clone()).unwrap_err();
    assert_eq!((down.status, down.refusal.code.as_str()), (503, "unavailable"));
    clock.advance(TimeDelta::hours(14));
    assert_eq!(sandbox.submit(b).unwrap().status, AckStatus::Accepted);
    // The drawn outages of the realistic profile: about 0.2% of institution-days.
    let realistic =
        Sandbox::new(SandboxConfig::realistic(9), &[], std::sync::Arc::new(FixedClock::new(start())));
    let mut down = 0;
    let institutions = realistic.institutions();
    for i in institutions.iter().take(500) {
        let b = batch(
            &format!("o-{}", i.code),
            COURT,
            &i.code,
            vec![request(&format!("o-{}", i.code), &subject, query(&[&i.classes[0]]))],
        );
        if realistic.submit(b).is_err_and(|e| e.status == 503) {
            down += 1;
        }
    }
    assert!(down <= 6, "{down} of 500 down");
}

#[test]
fn answers_come_only_after_the_latency_and_out_of_order() {
    let mut config = SandboxConfig::quiet(3);
    config.overrides.insert("CMCC".into(), faulty(Faults::NONE));
    config.overrides.get_mut("CMCC").unwrap().latency = Latency::fixed(60_000);
    config.overrides.insert("B0003".into(), faulty(Faults::NONE));
    config.overrides.get_mut("B0003").unwrap().latency = Latency::new(1_000, 30_000, 600_000);
    let (sandbox, clock) = sandbox_with(config, 30);
    let subject = population(1).remove(0);
    let mut court = Court::new(COURT);
    sandbox.submit(batch("slow", COURT, "CMCC", vec![request("m-1", &subject, query(&["mobile"]))])).unwrap();
    clock.advance(TimeDelta::seconds(59));
    assert!(court.poll(&sandbox).is_empty());
    clock.advance(TimeDelta::seconds(1));
    let answers = court.poll(&sandbox);
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].answered_at, "2025-03-01T02:01:00.000Z");

    for n in 0..20 {
        let b = batch(
            &format!("b-{n}"),
            COURT,
            "B0003",
            vec![request(&format!("r-{n}"), &subject, query(&["deposit"]))],
        );
        sandbox.submit(b).unwrap();
        clock.advance(TimeDelta::milliseconds(100));
    }
    clock.advance(TimeDelta::minutes(10));
    let order: Vec<String> = court.poll(&sandbox).into_iter().map(|a| a.batch_id.unwrap()).collect();
    assert_eq!(order.len(), 20);
    let submitted: Vec<String> = (0..20).map(|n| format!("b-{n}")).collect();
    assert_ne!(order, submitted, "answers come in the order they are ready, not as submitted");
}

#[test]
fn a_duplicated_answer_comes_twice_under_two_seqs() {
    let mut config = SandboxConfig::quiet(3);
    config.overrides.insert("NIA".into(), faulty(Faults { duplicate_answer_percent: 100.0, ..Faults::NONE }));
    let (sandbox, _clock) = sandbox_with(config, 30);
    let subject = population(1).remove(0);
    let (sandbox, clock) = (sandbox, _clock);
    sandbox
        .submit(batch("b-1", COURT, "NIA", vec![request("x-1", &subject, query(&["exit_entry"]))]))
        .unwrap();
    let mut court = Court::new(COURT);
    assert_eq!(court.poll(&sandbox).len(), 1, "the first copy at once");
    clock.advance(TimeDelta::milliseconds(1));
    court.poll(&sandbox);
    let answers = court.seen.clone();
    assert_eq!(answers.len(), 2);
    assert_ne!(answers[0].seq, answers[1].seq);
    assert_eq!(answers[0].results, answers[1].results);
    assert_eq!(answers[0].batch_id, answers[1].batch_id);
    assert_eq!(sandbox.ledger().batches.answers_duplicated, 1);
}

#[test]
fn a_page_holds_whole_answers_and_polling_on_acknowledges() {
    let (sandbox, _) = quiet(30);
    let subject = population(1).remove(0);
    for n in 0..15 {
        let requests =
            (0..1_000).map(|r| request(&format!("p-{n}-{r}"), &subject, query(&["deposit"]))).collect();
        sandbox.submit(batch(&format!("b-{n}"), COURT, "B0004", requests)).unwrap();
    }
    let first = sandbox.answers(COURT, 0, 1_000);
    assert_eq!(first.answers.len(), 10, "about 10,000 results a page");
    assert_eq!(sandbox.answers(COURT, 0, 1_000), first, "not acknowledged yet: the same page again");
    let second = sandbox.answers(COURT, first.next_after, 1_000);
    assert_eq!(second.answers.len(), 5);
    assert!(sandbox.answers(COURT, second.next_after, 1_000).answers.is_empty());
    assert_eq!(sandbox.answers(COURT, 0, 3).answers.len(), 0, "acknowledged answers are gone");
}

#[test]
fn a_malformed_batch_or_an_unknown_institution_is_refused_and_counted() {
    let (sandbox, _) = quiet(10);
    let subject = population(1).remove(0);
    let bad = batch("b-1", COURT, "B0001", vec![request("r-1", &subject, query(&["gold"]))]);
    let refused = sandbox.submit(bad).unwrap_err();
    assert_eq!((refused.status, refused.refusal.field.as_deref()), (400, Some("requests[0].op.classes[0]")));
    let unknown = sandbox
        .submit(batch("b-2", COURT, "B9999", vec![request("r-2", &subject, query(&["deposit"]))]))
        .unwrap_err();
    assert_eq!((unknown.status, unknown.refusal.code.as_str()), (404, "unknown_institution"));
    let ledger = sandbox.ledger();
    assert_eq!((ledger.refused("malformed").batches, ledger.refused("unknown_institution").batches), (1, 1));
    assert!(ledger.executions.is_empty());
}

#[test]
fn the_same_seed_and_calls_give_the_same_answers_and_ledger_under_realistic_faults() {
    let run = || {
        let mut config = SandboxConfig::realistic(21);
        config.faults = Faults {
            error_percent: 10.0,
            timeout_percent: 10.0,
            ack_lost_percent: 10.0,
            duplicate_answer_percent: 20.0,
            outage_day_percent: 1.0,
        };
        let (sandbox, clock) = sandbox_with(config, 200);
        let people = population(200);
        let mut results = Vec::new();
        for (n, s) in people.iter().enumerate().take(60) {
            let institution = ["PBOC", "B0001", "MPS-TRAFFIC", "MNR", "CMCC"][n % 5];
            let class = ["deposit", "deposit", "vehicle", "real_estate", "mobile"][n % 5];
            let b = batch(
                &format!("b-{n}"),
                COURT,
                institution,
                vec![request(&format!("r-{n}"), s, query(&[class]))],
            );
            results.push(format!("{:?}", sandbox.submit(b)));
            clock.advance(TimeDelta::seconds(7));
        }
        clock.advance(TimeDelta::hours(3));
        let mut court = Court::new(COURT);
        (results, court.poll(&sandbox), sandbox.ledger())
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert!(!a.1.is_empty());
}
