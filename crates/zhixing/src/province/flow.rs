//! The flow history (案件流程) of a generated case: what happened after filing — assignment, notice,
//! leads, investigation, property and funds, suspension (中止/暂缓), extension, closing — as the events
//! the platform itself would have recorded.
//!
//! A case's history is planned from its own RNG (seeded from the seed and its 案号, so a case's history
//! does not depend on the others) as steps dated in days after filing. Each step becomes a
//! [`CaseCommand`] that the pure decider [`case::decide`] checks on the step's own date and
//! [`case::evolve`] folds in; a step the decider refuses is left out, so no history the platform would
//! refuse can be generated. Steps dated after the demo's today have not happened yet: that alone makes
//! older cases further along. The history ends with the `DeadlinesComputed` the application records
//! after a change, computed on the demo's today.
//!
//! The shares below are illustrative, chosen so the demo shows every node and state; they are not
//! statistics of any court.

use chrono::{Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zhixing_core::calendar::LegalCalendar;
use zhixing_core::cases::CaseFiled;
use zhixing_core::cases::case::{self, CaseCommand, CaseState, DeadlinesComputed, Fact};
use zhixing_core::closing::ClosingMode;
use zhixing_core::closing::zhongben::ZHONGBEN_MONTHS_SINCE_FILING;
use zhixing_core::event::NewEvent;
use zhixing_core::flow::{self, CaseTimeline, LimitRules, SuspensionKind};
use zhixing_store::NewJob;

/// Most events on one generated case's stream, `CaseFiled` and `DeadlinesComputed` included: a plan
/// has at most 18 steps (see [`plan`]), and a 终本 case adds its library entry and up to ten re-queries.
pub(super) const EVENTS_PER_CASE_MAX: usize = 32;

/// What every history is decided against: the statutory limits, the legal calendar and the demo's
/// today, the last day anything may have happened.
#[derive(Debug)]
pub(super) struct FlowBasis {
    rules: LimitRules,
    calendar: &'static LegalCalendar,
    today: NaiveDate,
}

impl FlowBasis {
    pub(super) fn new(today: NaiveDate) -> FlowBasis {
        FlowBasis { rules: LimitRules::statutory(), calendar: LegalCalendar::official(), today }
    }
}

/// The events after `filed` (stream versions 2 on) of one generated case: its decided steps up to
/// today, then `DeadlinesComputed` on today; and the jobs it leaves queued. A case closed as 终本 enters
/// the 终本 library: the re-queries due by today are recorded as the worker would have, the later ones
/// queued as jobs. `rng_seed` is the case's own seed. A case filed after today gets no history.
pub(super) fn history(
    basis: &FlowBasis,
    filed: &CaseFiled,
    filed_on: NaiveDate,
    rng_seed: u64,
) -> anyhow::Result<(Vec<NewEvent>, Vec<NewJob>)> {
    let today = basis.today;
    let Ok(age_days) = u32::try_from((today - filed_on).num_days()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut rng = ChaCha8Rng::seed_from_u64(rng_seed);
    let company = filed.debtors.first().is_some_and(|debtor| debtor.kind == "company");
    let steps = plan(&mut rng, Case { age_days, zhongben_day: zhongben_earliest_day(filed_on), company });
    let mut state = CaseState {
        filed: Some(filed.clone()),
        timeline: Some(CaseTimeline::new(filed_on)),
        ..CaseState::default()
    };
    let mut events = Vec::with_capacity(steps.len() + 1);
    for step in steps {
        let Some(on) = filed_on.checked_add_days(Days::new(step.day.into())).filter(|on| *on <= today) else {
            break; // steps are in date order: the rest has not happened yet
        };
        if matches!(step.act, Act::Close(ClosingMode::Zhongben)) {
            // 终本 needs the officer's attestation and the 约谈 with the applicant first.
            let attest = CaseCommand::AttestZhongben { facts: Box::new(zhongben_attestation(on)) };
            if let Ok((event_type, payload)) = case::decide(&state, &attest, on) {
                state = case::evolve(state, &event_type, &payload);
                events.push(NewEvent { event_type, schema_version: 1, payload });
            }
        }
        let command = step.act.command(filed, on);
        let Ok((event_type, payload)) = case::decide(&state, &command, on) else { continue };
        state = case::evolve(state, &event_type, &payload);
        events.push(NewEvent { event_type, schema_version: 1, payload });
    }
    let mut jobs = Vec::new();
    if let Some(closed_on) =
        state.closed.as_ref().filter(|c| c.mode == ClosingMode::Zhongben.code()).map(|c| date(&c.on))
    {
        let library = case::zhongben_library(&filed.case_id, closed_on?, basis.calendar)
            .map_err(|e| anyhow::anyhow!("终本 library of {}: {e}", filed.case_number))?;
        events.push(NewEvent::new(case::ZHONGBEN_LIBRARY_SCHEDULED, 1, &library));
        for requery in &library.requeries {
            if date(&requery.date)? <= today {
                let due = case::RequeryDue { round: requery.round, due_on: requery.date.clone() };
                events.push(NewEvent::new(case::REQUERY_DUE, 1, &due));
            } else {
                jobs.push(zhixing_app::requery_job(&filed.case_id, requery));
            }
        }
    }
    let timeline = state.timeline.unwrap_or_else(|| CaseTimeline::new(filed_on));
    let deadlines = flow::deadlines(&timeline, &basis.rules, basis.calendar, today)
        .map_err(|e| anyhow::anyhow!("deadlines of {} on {today} ({}): {e}", filed.case_number, e.code()))?;
    let computed = DeadlinesComputed {
        case_id: filed.case_id.clone(),
        court: filed.court.clone(),
        computed_on: today.to_string(),
        deadlines: case::open_deadlines(&deadlines),
    };
    events.push(NewEvent::new(case::DEADLINES_COMPUTED, 1, &computed));
    Ok((events, jobs))
}

fn date(text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| anyhow::anyhow!("date {text:?}: {e}"))
}

/// What an officer attests before 终本 in the demo: every step taken, nothing found, the applicant
/// interviewed and signing the record.
fn zhongben_attestation(on: NaiveDate) -> case::ZhongbenFactsRecorded {
    case::ZhongbenFactsRecorded {
        report: "reported_verified".into(),
        consumption_ban_issued: true,
        shixin: "listed".into(),
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
        recorded_on: on.to_string(),
    }
}

/// Cases younger than this (days) may have stalled at a node and show it overdue.
const STALL_AGE_DAYS_MAX: u32 = 180;
/// Percent of those young cases that stalled.
const STALL_PERCENT: u32 = 30;
/// Percent of cases whose applicant gave property leads (财产线索).
const LEADS_PERCENT: u32 = 20;
/// Percent of cases triaged (繁简分流, optional), and of those the simple track.
const TRIAGE_PERCENT: u32 = 35;
const SIMPLE_PERCENT: u32 = 55;
/// Percent of investigated cases where property was found and seized.
const PROPERTY_PERCENT: u32 = 40;
/// Percent of property cases whose property must be sold (house, car, equity) rather than a deposit.
const FOR_SALE_PERCENT: u32 = 40;
/// Percent of cases without funds from property where the debtor paid after the notice.
const VOLUNTARY_PAYMENT_PERCENT: u32 = 15;
/// Percent of funded cases paid in a second instalment.
const SECOND_RECEIPT_PERCENT: u32 = 30;
/// Percent of cases with a suspension still open today, and with one since resumed.
const OPEN_SUSPENSION_PERCENT: u32 = 5;
const RESUMED_SUSPENSION_PERCENT: u32 = 8;
/// Percent of fully paid-out cases closed as 执行完毕.
const PERFORMED_WHEN_FUNDED_PERCENT: u32 = 85;
/// Of the other cases: percent 执行完毕 (paid to the applicant directly, or a settlement performed),
/// 终本, 终结执行; the rest stay open.
const PERFORMED_OTHERWISE_PERCENT: u32 = 6;
const ZHONGBEN_PERCENT: u32 = 38;
const TERMINATED_PERCENT: u32 = 4;
/// Percent of cases left open whose closing limit was extended (延长执行期限, approved by the president).
const EXTENSION_PERCENT: u32 = 20;

/// Why the clock stopped, as an officer would write it: grounds of 中止 (2023民诉法 第二百六十七条; for a
/// company in bankruptcy, 企业破产法 第十九条), for any debtor and for a company only, and of 暂缓 (on
/// security given, or a basis under review).
const ZHONGZHI_REASONS: [&str; 2] = ["案外人对执行标的提出确有理由的异议", "申请执行人表示可以延期执行"];
const ZHONGZHI_COMPANY_REASONS: [&str; 2] =
    ["作为一方当事人的法人终止，尚未确定权利义务承受人", "人民法院已受理被执行人的破产申请"];
const ZANHUAN_REASONS: [&str; 2] =
    ["被执行人提供担保，经申请执行人同意暂缓执行", "执行依据可能确有错误，经院长批准暂缓执行"];

/// Officers per court the cases are shared among, and their names.
const OFFICERS_PER_COURT: u32 = 12;
const SURNAMES: [&str; 16] =
    ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡", "沈", "郑"];
const GIVEN_NAMES: [&str; 16] = [
    "伟", "敏", "静", "磊", "洁", "军", "涛", "燕", "斌", "婷", "晓东", "海燕", "建华", "丽娟", "志强",
    "雪梅",
];

/// Who approves an extension of the closing limit (期限规定 第一条: 院长 or 副院长).
const EXTENSION_APPROVER: &str = "分管副院长";

/// One planned step: an act, `day` days after filing.
#[derive(Debug, Clone, Copy)]
struct Step {
    day: u32,
    act: Act,
}

#[derive(Debug, Clone, Copy)]
enum Act {
    Assign { officer: u32 },
    Fact(Fact),
    Triage { simple: bool },
    Suspend { kind: SuspensionKind, reason: &'static str },
    Resume,
    ExtendClosing { days: u32 },
    Close(ClosingMode),
}

/// The node a young case stalled at: it and every later act are missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stall {
    Assignment,
    Notice,
    Investigation,
    Payout,
}

/// What a plan depends on besides chance.
#[derive(Debug, Clone, Copy)]
struct Case {
    /// The case's age today, in days.
    age_days: u32,
    /// The first day after filing on which it may close in 终本.
    zhongben_day: u32,
    /// The (first) debtor is a company.
    company: bool,
}

/// A case's steps in date order (ties in the order of the flow).
fn plan(rng: &mut ChaCha8Rng, case: Case) -> Vec<Step> {
    let mut steps = Vec::with_capacity(EVENTS_PER_CASE_MAX);
    let stall = stall(rng, case.age_days);
    if let Some((notice, investigated)) = early_steps(rng, &mut steps, stall) {
        let mut receipt = property_steps(rng, &mut steps, investigated);
        if receipt.is_none() && chance(rng, VOLUNTARY_PAYMENT_PERCENT) {
            receipt = Some(notice + rng.gen_range(5..=60));
        }
        if let Some(receipt) = receipt {
            funds_steps(rng, &mut steps, receipt, stall);
        }
    }
    let open_suspension = stall.is_none() && suspension(rng, &mut steps, case);
    if stall.is_none() && !open_suspension {
        closing(rng, &mut steps, case.zhongben_day);
    }
    steps.sort_by_key(|step| step.day);
    steps
}

fn stall(rng: &mut ChaCha8Rng, age_days: u32) -> Option<Stall> {
    if age_days > STALL_AGE_DAYS_MAX || !chance(rng, STALL_PERCENT) {
        return None;
    }
    Some(match rng.gen_range(0..100) {
        0..10 => Stall::Assignment,
        10..35 => Stall::Notice,
        35..75 => Stall::Investigation,
        _ => Stall::Payout,
    })
}

/// Assignment, notice, leads, triage and investigation; the days of the notice and of the
/// investigation, if it was done.
fn early_steps(rng: &mut ChaCha8Rng, steps: &mut Vec<Step>, stall: Option<Stall>) -> Option<(u32, u32)> {
    if stall == Some(Stall::Assignment) {
        return None;
    }
    let assigned = late_or(rng, 3, 0..=2, 8..=15);
    steps.push(Step { day: assigned, act: Act::Assign { officer: rng.gen_range(0..OFFICERS_PER_COURT) } });
    if stall == Some(Stall::Notice) {
        return None;
    }
    let notice = assigned + late_or(rng, 10, 0..=6, 10..=20);
    steps.push(Step { day: notice, act: Act::Fact(Fact::NoticeIssued) });
    if chance(rng, LEADS_PERCENT) {
        let received = rng.gen_range(0..=30);
        steps.push(Step { day: received, act: Act::Fact(Fact::LeadsReceived) });
        let checked = received + late_or(rng, 12, 1..=7, 8..=20);
        steps.push(Step { day: checked, act: Act::Fact(Fact::LeadsChecked) });
    }
    if chance(rng, TRIAGE_PERCENT) {
        let simple = chance(rng, SIMPLE_PERCENT);
        steps.push(Step { day: notice + rng.gen_range(0..=5), act: Act::Triage { simple } });
    }
    if stall == Some(Stall::Investigation) {
        return None;
    }
    let investigated = notice + late_or(rng, 12, 7..=25, 32..=60);
    steps.push(Step { day: investigated, act: Act::Fact(Fact::InvestigationDone) });
    Some((notice, investigated))
}

/// Property found during the investigation and seized; for property that must be sold, the reference
/// price and the sale. The day funds came of it, if they did.
fn property_steps(rng: &mut ChaCha8Rng, steps: &mut Vec<Step>, investigated: u32) -> Option<u32> {
    if !chance(rng, PROPERTY_PERCENT) {
        return None;
    }
    let found = rng.gen_range(3..=investigated.max(3));
    steps.push(Step { day: found, act: Act::Fact(Fact::PropertyFound) });
    let seized = found + rng.gen_range(0..=3);
    if !chance(rng, FOR_SALE_PERCENT) {
        steps.push(Step { day: seized, act: Act::Fact(Fact::Seizure) });
        return chance(rng, 70).then(|| seized + rng.gen_range(2..=20));
    }
    steps.push(Step { day: seized, act: Act::Fact(Fact::SeizureForSale) });
    if !chance(rng, 85) {
        return None;
    }
    let started = seized + late_or(rng, 15, 5..=25, 31..=60);
    steps.push(Step { day: started, act: Act::Fact(Fact::ReferencePriceStarted) });
    if !chance(rng, 75) {
        return None;
    }
    let fixed = started + rng.gen_range(15..=60);
    steps.push(Step { day: fixed, act: Act::Fact(Fact::ReferencePriceFixed) });
    if !chance(rng, 80) {
        return None;
    }
    let disposal = fixed + late_or(rng, 20, 2..=9, 11..=25);
    steps.push(Step { day: disposal, act: Act::Fact(Fact::DisposalStarted) });
    chance(rng, 60).then(|| disposal + rng.gen_range(30..=90))
}

/// One or two receipts of funds, each paid out (late for a few; never, for a case stalled at payout).
/// A second instalment comes only after the first was paid out: the deadline projection keeps one open
/// deadline per node and case, so a case never holds two receipts unpaid at once.
fn funds_steps(rng: &mut ChaCha8Rng, steps: &mut Vec<Step>, received: u32, stall: Option<Stall>) {
    steps.push(Step { day: received, act: Act::Fact(Fact::FundsReceived) });
    if stall == Some(Stall::Payout) {
        return;
    }
    let paid = received + late_or(rng, 8, 1..=28, 31..=60);
    steps.push(Step { day: paid, act: Act::Fact(Fact::PaidOut) });
    if chance(rng, SECOND_RECEIPT_PERCENT) {
        let received = paid + rng.gen_range(1..=60);
        steps.push(Step { day: received, act: Act::Fact(Fact::FundsReceived) });
        let paid = received + late_or(rng, 8, 1..=28, 31..=60);
        steps.push(Step { day: paid, act: Act::Fact(Fact::PaidOut) });
    }
}

/// A suspension: still open (nothing happens after it; returns true), or resumed (everything after it
/// moves by its length, so nothing happens while the clock stands still).
fn suspension(rng: &mut ChaCha8Rng, steps: &mut Vec<Step>, case: Case) -> bool {
    let roll = rng.gen_range(0..100);
    if roll >= OPEN_SUSPENSION_PERCENT + RESUMED_SUSPENSION_PERCENT {
        return false;
    }
    let (kind, reasons) = match (chance(rng, 70), case.company && chance(rng, 40)) {
        (true, true) => (SuspensionKind::Zhongzhi, ZHONGZHI_COMPANY_REASONS),
        (true, false) => (SuspensionKind::Zhongzhi, ZHONGZHI_REASONS),
        (false, _) => (SuspensionKind::Zanhuan, ZANHUAN_REASONS),
    };
    let reason = reasons[rng.gen_range(0..reasons.len())];
    if roll < OPEN_SUSPENSION_PERCENT {
        let from = rng.gen_range(15..=case.age_days.clamp(15, 400));
        steps.retain(|step| step.day < from);
        steps.push(Step { day: from, act: Act::Suspend { kind, reason } });
        return true;
    }
    let from = rng.gen_range(10..=150);
    let days = rng.gen_range(15..=180);
    for step in steps.iter_mut().filter(|step| step.day >= from) {
        step.day += days + 1;
    }
    steps.push(Step { day: from, act: Act::Suspend { kind, reason } });
    steps.push(Step { day: from + days, act: Act::Resume });
    false
}

/// How the case closes, after everything else: 执行完毕 (mostly once paid out), 终本 (more than three
/// months after filing), 终结执行; or not yet, some with the closing limit extended.
fn closing(rng: &mut ChaCha8Rng, steps: &mut Vec<Step>, zhongben_day: u32) {
    let last = steps.iter().map(|step| step.day).max().unwrap_or(0);
    let funded = steps.iter().any(|step| matches!(step.act, Act::Fact(Fact::FundsReceived)));
    if funded && chance(rng, PERFORMED_WHEN_FUNDED_PERCENT) {
        let day = last + rng.gen_range(1..=20);
        steps.push(Step { day, act: Act::Close(ClosingMode::Performed) });
        return;
    }
    let roll = rng.gen_range(0..100);
    let (mode, day) = if roll < PERFORMED_OTHERWISE_PERCENT {
        (ClosingMode::Performed, last + rng.gen_range(5..=60))
    } else if roll < PERFORMED_OTHERWISE_PERCENT + ZHONGBEN_PERCENT {
        (ClosingMode::Zhongben, (last + 1).max(zhongben_day) + rng.gen_range(0..=75))
    } else if roll < PERFORMED_OTHERWISE_PERCENT + ZHONGBEN_PERCENT + TERMINATED_PERCENT {
        (ClosingMode::Terminated, last + rng.gen_range(10..=120))
    } else {
        if chance(rng, EXTENSION_PERCENT) {
            let days = if chance(rng, 50) { 90 } else { 180 };
            steps.push(Step { day: rng.gen_range(150..=178), act: Act::ExtendClosing { days } });
        }
        return;
    };
    steps.push(Step { day, act: Act::Close(mode) });
}

impl Act {
    fn command(self, filed: &CaseFiled, on: NaiveDate) -> CaseCommand {
        let court = filed.court.as_str();
        match self {
            Act::Assign { officer } => CaseCommand::Assign {
                officer_id: format!("officer-{court}-{officer:02}"),
                officer_name: officer_name(court, officer),
                assistant: None,
                clerk: None,
                on,
            },
            Act::Fact(fact) => CaseCommand::RecordFact { fact, on, simple: None, note: None },
            Act::Triage { simple } => {
                CaseCommand::RecordFact { fact: Fact::Triaged, on, simple: Some(simple), note: None }
            }
            Act::Suspend { kind, reason } => {
                CaseCommand::Suspend { kind, from: on, reason: reason.to_owned() }
            }
            Act::Resume => CaseCommand::Resume { on },
            Act::ExtendClosing { days } => CaseCommand::Extend {
                node: flow::Node::Closing,
                days,
                approver: EXTENSION_APPROVER.to_owned(),
                on,
            },
            Act::Close(mode) => CaseCommand::Close { mode, on, grounds: closing_grounds(mode, filed) },
        }
    }
}

/// What a demo closing rests on: 执行完毕 with everything owed paid; 终结执行 on the applicant's withdrawal
/// (the commonest ground), its written withdrawal in the file.
fn closing_grounds(mode: ClosingMode, filed: &CaseFiled) -> case::ClosingGrounds {
    match mode {
        ClosingMode::Performed => {
            let paid = filed.owed().map(|owed| owed.to_string());
            case::ClosingGrounds { paid, ..case::ClosingGrounds::default() }
        }
        ClosingMode::Terminated => case::ClosingGrounds {
            ground: Some("applicant_withdrew".into()),
            evidence_on_file: true,
            ..case::ClosingGrounds::default()
        },
        _ => case::ClosingGrounds::default(),
    }
}

/// The name of a court's officer: the same officer always has the same name, and the officers of one
/// court have different surnames (there are fewer officers than surnames).
fn officer_name(court: &str, officer: u32) -> String {
    // FNV-1a over the court code, so neighbouring courts do not share their officers' names.
    let hash = court.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    let officer = officer as usize;
    let surname = SURNAMES[(hash as usize + officer) % SURNAMES.len()];
    let given = GIVEN_NAMES[((hash >> 8) as usize + officer * 5) % GIVEN_NAMES.len()];
    format!("{surname}{given}")
}

/// The first day after filing on which a case may close in 终本: more than three months after filing
/// (终本规定 第一条第(四)项).
fn zhongben_earliest_day(filed_on: NaiveDate) -> u32 {
    filed_on
        .checked_add_months(Months::new(ZHONGBEN_MONTHS_SINCE_FILING))
        .and_then(|day| u32::try_from((day - filed_on).num_days() + 1).ok())
        .unwrap_or(93)
}

fn chance(rng: &mut ChaCha8Rng, percent: u32) -> bool {
    rng.gen_range(0..100) < percent
}

/// A delay: in `usual` days, or for `late_percent` of cases in `late` days (a missed limit).
fn late_or(
    rng: &mut ChaCha8Rng,
    late_percent: u32,
    usual: std::ops::RangeInclusive<u32>,
    late: std::ops::RangeInclusive<u32>,
) -> u32 {
    if chance(rng, late_percent) { rng.gen_range(late) } else { rng.gen_range(usual) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{SeedConfig, default_courts, generate};
    use zhixing_core::cases::CASE_FILED;
    use zhixing_core::cases::case::{
        CaseClosed, CaseFactRecorded, CaseResumed, CaseSuspended, DeadlineExtended, OfficerAssigned,
    };
    use zhixing_core::flow::{DeadlineStatus, Node};

    const SAMPLE_CASES: u64 = 2_000;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date")
    }

    struct Sampled {
        filed: CaseFiled,
        filed_on: NaiveDate,
        events: Vec<NewEvent>,
        /// The jobs the history leaves queued (the 终本 library's later re-queries).
        jobs: Vec<NewJob>,
    }

    /// The histories of the sample province, as the loader builds them.
    fn sample(seed: u64) -> Vec<Sampled> {
        let config = SeedConfig {
            cases: SAMPLE_CASES,
            seed,
            courts: default_courts(),
            first_year: 2021,
            last_year: 2025,
        };
        let basis = FlowBasis::new(today());
        generate(&config)
            .map(|case| {
                let digest = super::super::case_digest(seed, &case.court_code, case.year, case.seq);
                let filed = super::super::case_filed(&digest, &case).expect("a valid case");
                let (events, jobs) = history(&basis, &filed, case.filed_on, super::super::flow_seed(&digest))
                    .expect("a history");
                Sampled { filed, filed_on: case.filed_on, events, jobs }
            })
            .collect()
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("an ISO date")
    }

    fn parse<T: serde::de::DeserializeOwned>(event: &NewEvent) -> T {
        serde_json::from_str(&event.payload).unwrap_or_else(|e| panic!("{e}: {}", event.payload))
    }

    /// The command an event records, with the day it was decided on.
    fn command_of(event: &NewEvent) -> (CaseCommand, NaiveDate) {
        match event.event_type.as_str() {
            case::OFFICER_ASSIGNED => {
                let e: OfficerAssigned = parse(event);
                let on = date(&e.assigned_on);
                let command = CaseCommand::Assign {
                    officer_id: e.officer_id,
                    officer_name: e.officer_name,
                    assistant: e.assistant,
                    clerk: e.clerk,
                    on,
                };
                (command, on)
            }
            case::CASE_FACT_RECORDED => {
                let e: CaseFactRecorded = parse(event);
                let on = date(&e.on);
                (CaseCommand::RecordFact { fact: e.fact, on, simple: e.simple, note: e.note }, on)
            }
            case::CASE_SUSPENDED => {
                let e: CaseSuspended = parse(event);
                let kind = match e.kind.as_str() {
                    "zhongzhi" => SuspensionKind::Zhongzhi,
                    _ => SuspensionKind::Zanhuan,
                };
                let from = date(&e.from);
                (CaseCommand::Suspend { kind, from, reason: e.reason }, from)
            }
            case::CASE_RESUMED => {
                let e: CaseResumed = parse(event);
                let on = date(&e.on);
                (CaseCommand::Resume { on }, on)
            }
            case::DEADLINE_EXTENDED => {
                let e: DeadlineExtended = parse(event);
                let node = Node::parse(&e.node).expect("a node");
                let on = date(&e.approved_on);
                (CaseCommand::Extend { node, days: e.days, approver: e.approver, on }, on)
            }
            case::ZHONGBEN_FACTS_RECORDED => {
                let e: case::ZhongbenFactsRecorded = parse(event);
                let on = date(&e.recorded_on);
                (CaseCommand::AttestZhongben { facts: Box::new(e) }, on)
            }
            case::CASE_CLOSED => {
                let e: CaseClosed = parse(event);
                let mode = ClosingMode::parse(&e.mode).expect("a closing mode");
                let on = date(&e.on);
                (CaseCommand::Close { mode, on, grounds: e.grounds.unwrap_or_default() }, on)
            }
            other => panic!("unexpected event {other}"),
        }
    }

    /// Re-folds a case from its `CaseFiled`, deciding every step again on its own date; the state at
    /// the end, and the deadlines recorded last.
    fn refold(case: &Sampled) -> (CaseState, DeadlinesComputed) {
        let filed = serde_json::to_string(&case.filed).expect("serializable");
        let mut state = case::evolve(CaseState::default(), CASE_FILED, &filed);
        let (last, steps) = case.events.split_last().expect("DeadlinesComputed at least");
        let mut previous = case.filed_on;
        for event in steps {
            if [case::ZHONGBEN_LIBRARY_SCHEDULED, case::REQUERY_DUE].contains(&event.event_type.as_str()) {
                // Recorded by the library and its worker, not decided by a command.
                state = case::evolve(state, &event.event_type, &event.payload);
                continue;
            }
            let (command, on) = command_of(event);
            assert!(previous <= on && on <= today(), "{}: {on} out of order", case.filed.case_number);
            let decided = case::decide(&state, &command, on);
            assert_eq!(decided, Ok((event.event_type.clone(), event.payload.clone())), "{command:?}");
            state = case::evolve(state, &event.event_type, &event.payload);
            previous = on;
        }
        assert_eq!(last.event_type, case::DEADLINES_COMPUTED);
        let computed: DeadlinesComputed = serde_json::from_str(&last.payload).expect("DeadlinesComputed");
        (state, computed)
    }

    #[test]
    fn every_history_passes_the_decider_step_by_step() {
        let rules = LimitRules::statutory();
        for case in sample(1) {
            assert!(case.events.len() < EVENTS_PER_CASE_MAX, "{}", case.filed.case_number);
            let (state, computed) = refold(&case);
            let timeline = state.timeline.expect("a timeline");
            let deadlines = flow::deadlines(&timeline, &rules, LegalCalendar::official(), today());
            assert_eq!(computed.deadlines, case::open_deadlines(&deadlines.expect("deadlines")));
            assert_eq!((computed.case_id, computed.computed_on), (case.filed.case_id, today().to_string()));
            // The deadline projection's key is (case, node).
            let nodes: std::collections::HashSet<&str> =
                computed.deadlines.iter().map(|d| d.node.as_str()).collect();
            assert_eq!(nodes.len(), computed.deadlines.len(), "{:?}", computed.deadlines);
        }
    }

    /// How many of the sample end in each state, all cases and cases filed a year or more before today.
    #[derive(Debug, Default)]
    struct Tally {
        overdue_open: u32,
        suspended: u32,
        resumed: u32,
        extended: u32,
        performed: u32,
        zhongben: u32,
        terminated: u32,
        older: u32,
        older_performed: u32,
        older_zhongben: u32,
        funded: u32,
        property: u32,
    }

    fn tally(cases: &[Sampled]) -> Tally {
        let rules = LimitRules::statutory();
        let mut tally = Tally::default();
        for case in cases {
            let (state, _) = refold(case);
            let timeline = state.timeline.expect("a timeline");
            let deadlines = flow::deadlines(&timeline, &rules, LegalCalendar::official(), today());
            let overdue = deadlines.expect("deadlines").iter().any(|d| d.status == DeadlineStatus::Overdue);
            let mode = state.closed.as_ref().and_then(|c| ClosingMode::parse(&c.mode));
            let older = (today() - case.filed_on).num_days() >= 365;
            tally.overdue_open += u32::from(mode.is_none() && overdue);
            tally.suspended += u32::from(timeline.suspensions.iter().any(|s| s.to.is_none()));
            tally.resumed += u32::from(timeline.suspensions.iter().any(|s| s.to.is_some()));
            tally.extended += u32::from(!timeline.extensions.is_empty());
            tally.performed += u32::from(mode == Some(ClosingMode::Performed));
            tally.zhongben += u32::from(mode == Some(ClosingMode::Zhongben));
            tally.terminated += u32::from(mode == Some(ClosingMode::Terminated));
            tally.older += u32::from(older);
            tally.older_performed += u32::from(older && mode == Some(ClosingMode::Performed));
            tally.older_zhongben += u32::from(older && mode == Some(ClosingMode::Zhongben));
            tally.funded += u32::from(!timeline.funds_received_on.is_empty());
            tally.property += u32::from(timeline.first_seizure_on.is_some());
        }
        tally
    }

    #[test]
    fn every_state_is_present() {
        let cases = sample(1);
        let t = tally(&cases);
        let counts =
            [t.overdue_open, t.suspended, t.resumed, t.extended, t.performed, t.zhongben, t.terminated];
        assert!(counts.iter().all(|n| *n > 0), "{t:?}");
        let percent = |part: u32, whole: u32| part * 100 / whole.max(1);
        assert!((20..=40).contains(&percent(t.older_performed, t.older)), "{t:?}");
        assert!((15..=35).contains(&percent(t.older_zhongben, t.older)), "{t:?}");
        assert!((20..=40).contains(&percent(t.funded, SAMPLE_CASES as u32)), "{t:?}");
        assert!((30..=50).contains(&percent(t.property, SAMPLE_CASES as u32)), "{t:?}");
    }

    #[test]
    fn zhongben_only_after_three_months() {
        for case in sample(1) {
            let (state, _) = refold(&case);
            if let Some(closed) = state.closed.filter(|c| c.mode == ClosingMode::Zhongben.code()) {
                let three_months = case.filed_on.checked_add_months(Months::new(3)).expect("a date");
                assert!(date(&closed.on) > three_months, "{}: {}", case.filed.case_number, closed.on);
            }
        }
    }

    #[test]
    fn zhongben_cases_enter_the_library_zhongben_rules_article_9() {
        let mut zhongben = 0;
        for case in sample(1) {
            let (state, _) = refold(&case);
            let Some(closed) = state.closed.filter(|c| c.mode == ClosingMode::Zhongben.code()) else {
                continue;
            };
            zhongben += 1;
            let scheduled = case
                .events
                .iter()
                .find(|e| e.event_type == case::ZHONGBEN_LIBRARY_SCHEDULED)
                .map(parse::<case::ZhongbenLibraryScheduled>)
                .unwrap_or_else(|| {
                    panic!("{} closed as 终本 without a library entry", case.filed.case_number)
                });
            assert_eq!(scheduled.requeries.len(), 10);
            // Rounds due by today are recorded; the others wait as jobs, none lost, none twice.
            let due: Vec<u32> =
                scheduled.requeries.iter().filter(|r| date(&r.date) <= today()).map(|r| r.round).collect();
            assert_eq!(state.requeries_due, due, "{}", case.filed.case_number);
            assert!(scheduled.requeries.iter().all(|r| date(&r.date) > date(&closed.on)));
            assert_eq!(case.jobs.len() + due.len(), 10, "{}", case.filed.case_number);
        }
        assert!(zhongben > 0, "the sample has 终本 cases");
    }

    #[test]
    fn histories_are_deterministic() {
        let events = |seed| sample(seed).into_iter().map(|case| case.events).collect::<Vec<_>>();
        let first = events(7);
        assert_eq!(first, events(7));
        assert_ne!(first, events(8));
    }

    #[test]
    fn officers_of_a_court_have_distinct_names() {
        let names: std::collections::HashSet<String> =
            (0..OFFICERS_PER_COURT).map(|officer| officer_name("浙0106", officer)).collect();
        assert_eq!(names.len(), OFFICERS_PER_COURT as usize);
    }
}
