//! The case as an aggregate (stream `case-<id>`): its events after filing, the state they fold
//! into (the flow facts of [`CaseTimeline`] among them), and the decider that checks a command
//! against that state.
//!
//! Deadlines are data: after each change the application computes the open deadlines with
//! [`crate::flow::deadlines`] and records them as `DeadlinesComputed`, which the deadline
//! projection (indexed by due date) holds for the scans and the command center.

use crate::calendar::LegalCalendar;
use crate::cases::{CASE_FILED, CaseFiled};
use crate::closing::{
    BasisKind, CancellationFacts, CancellationGround, ClaimKind, ClosingFacts, ClosingMode, DebtorKind,
    FoundProperty, NonEnforcementFacts, NonEnforcementGround, PerformanceFacts, PropertyKind, Recipient,
    Recommendation, RejectionFacts, RejectionGround, RequeryOutcome, RequeryPolicy, ScheduleError,
    Settlement, TerminationFacts, TerminationGround, ZhongbenChecklist, ZhongbenFacts, case_id_hash,
    check_closing, library_entry_due, requery_outcome, requery_schedule, zhongben_checklist,
};
use crate::control::{PropertyClass, SEIZURE_RECORDED, SEIZURES_MAX, SeizureRecorded, TermError, check_term};
use crate::flow::{
    CaseTimeline, Deadline, DeadlineStatus, Escalation, EscalationPolicy, Extension, Node, Suspension,
    SuspensionKind, escalation_level,
};
use crate::inquiry::classes::AssetClass;
use crate::inquiry::classes::item;
use crate::inquiry::protocol::{Holding, Outcome};
use crate::inquiry::record::{
    ASSETS_FOUND, AssetsFound, CONTROL_ANSWERED, CONTROL_REQUESTED, ControlAnswered, ControlRequested,
    INQUIRY_REQUESTED, InquiryRequested,
};
use crate::limits;
use crate::money::Amount;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const OFFICER_ASSIGNED: &str = "OfficerAssigned";
pub const CASE_FACT_RECORDED: &str = "CaseFactRecorded";
pub const CASE_SUSPENDED: &str = "CaseSuspended";
pub const CASE_RESUMED: &str = "CaseResumed";
pub const DEADLINE_EXTENDED: &str = "DeadlineExtended";
pub const CASE_CLOSED: &str = "CaseClosed";
pub const DEADLINES_COMPUTED: &str = "DeadlinesComputed";
pub const DEADLINE_ALERTED: &str = "DeadlineAlerted";
pub const ZHONGBEN_FACTS_RECORDED: &str = "ZhongbenFactsRecorded";
pub const CASE_RESUMED_AS: &str = "CaseResumedAs";
pub const ZHONGBEN_LIBRARY_SCHEDULED: &str = "ZhongbenLibraryScheduled";
pub const REQUERY_DUE: &str = "RequeryDue";

/// The job kind that brings a scheduled 终本 re-query to the officer's desk.
pub const REQUERY_JOB: &str = "zhongben_requery";
pub const REQUERY_ANSWERED: &str = "RequeryAnswered";
/// The job that takes a completed inquiry's result into the 终本 library (see [`RequeryAnswerJob`]).
pub const REQUERY_ANSWER_JOB: &str = "zhongben_requery_answer";
/// The idempotency key a re-query's inquiry carries: `requery-<round>`.
pub const REQUERY_INQUIRY_KEY_PREFIX: &str = "requery-";

/// The job kind that recomputes a case's open deadlines after the network moved its flow (property found, a
/// freeze in force, money deducted): the answers are recorded by the gateway, the deadlines follow.
pub const REFRESH_DEADLINES_JOB: &str = "case_refresh_deadlines";

/// The payload of a [`REFRESH_DEADLINES_JOB`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshDeadlinesJob {
    pub case_id: String,
}

/// `ZhongbenLibraryScheduled` v1: a case closed as 终本 enters the 终本 library; its entry is due by
/// `entry_due` and it is re-queried on each date of `requeries` (every six months for five years, spread
/// evenly across cases: 终本规定 第九条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZhongbenLibraryScheduled {
    pub entry_due: String,
    pub requeries: Vec<ScheduledRequeryRecord>,
}

/// One scheduled re-query as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledRequeryRecord {
    pub round: u32,
    pub date: String,
    /// The calendar did not cover the date yet: recomputed once the year's notice is in.
    pub provisional: bool,
}

/// The 终本 library entry of a case closed as 终本 on `closed_on`: the date the entry is due and the
/// re-query schedule, every six months for five years, each case's dates spread by its id (终本规定 第九条).
pub fn zhongben_library(
    case_id: &str,
    closed_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<ZhongbenLibraryScheduled, ScheduleError> {
    let entry = library_entry_due(closed_on, calendar)?;
    let schedule = requery_schedule(case_id_hash(case_id), closed_on, RequeryPolicy::STATUTORY, calendar);
    Ok(ZhongbenLibraryScheduled {
        entry_due: entry.date.to_string(),
        requeries: schedule
            .iter()
            .map(|r| ScheduledRequeryRecord {
                round: r.round,
                date: r.date.to_string(),
                provisional: r.provisional,
            })
            .collect(),
    })
}

/// `RequeryDue` v1: a scheduled 终本 re-query fell due (the network inquiry itself runs through the
/// inquiry gateway, and its findings are recorded on the case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequeryDue {
    pub round: u32,
    pub due_on: String,
}

/// `RequeryAnswered` v1: a 终本 re-query's network inquiry is complete (终本规定 第九条): what it found, who is
/// told of the result and what the platform recommends. Recorded once per round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequeryAnswered {
    pub round: u32,
    pub inquiry_id: String,
    pub property_found: bool,
    /// Usable holdings found (a zero balance is not property).
    pub items: u32,
    /// The sum of the values the answers gave, in yuan (property to be valued adds nothing).
    pub known_value: String,
    /// `officer` and/or `applicant`.
    pub notify: Vec<String>,
    /// Who that is: the officer's name and the applicants' names.
    pub recipients: Vec<String>,
    /// The notice's text (zh-CN), as the recipients read it.
    pub notice: String,
    /// `continue_schedule` or `resume_enforcement`.
    pub recommendation: String,
    pub answered_on: String,
}

/// The payload of a [`REQUERY_ANSWER_JOB`]: an inquiry of the case is complete; if it was a 终本 re-query, its
/// result is recorded and told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequeryAnswerJob {
    pub case_id: String,
    pub inquiry_id: String,
}

/// The payload of a [`REQUERY_JOB`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequeryJob {
    pub case_id: String,
    pub round: u32,
    pub due_on: String,
}
pub const RESUMPTION_OF: &str = "ResumptionOf";

/// `CaseResumedAs` v1, on a 终本 case: 恢复执行 filed it again as a linked 执恢 case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseResumedAs {
    pub resumed_case_id: String,
    pub resumed_case_number: String,
    pub on: String,
}

/// `ResumptionOf` v1, on the new 执恢 case: the case it resumes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResumptionOf {
    pub original_case_id: String,
    pub original_case_number: String,
}

/// `ZhongbenFactsRecorded` v1: what the officer attests before 终结本次执行程序 — the steps the case
/// record does not hold yet, the 约谈 with the applicant, and the approval. Closing as 终本 checks these
/// with the case's own facts against the five conditions (终本规定(试行) 第一条) and blocks with reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZhongbenFactsRecorded {
    /// awaited | reported | reported_verified | violated_sanctioned | violated_unsanctioned
    pub report: String,
    pub consumption_ban_issued: bool,
    /// listed | not_listable | undecided
    pub shixin: String,
    pub network_inquiry_done: bool,
    /// not_needed | done | outstanding (each)
    pub field_investigation: String,
    pub search: String,
    pub audit_or_reward: String,
    /// none_found | found_not_disposable | found_disposable
    pub finding: String,
    /// known | unknown_searched | unknown_not_searched
    pub whereabouts: String,
    /// none | punished | unpunished | crime_not_referred
    pub obstruction: String,
    /// not_held | recorded | consent_signed (the 约谈 with the applicant)
    pub interview: String,
    pub applicant_signed: bool,
    pub panel_reviewed: bool,
    pub president_approved: bool,
    pub recorded_on: String,
}

impl ZhongbenFactsRecorded {
    /// The facts of the 终本 checklist: these attestations joined with the case's own record.
    pub fn facts(&self, timeline: &CaseTimeline) -> Result<ZhongbenFacts, String> {
        use crate::closing::{
            Approval, Interview, Obstruction, PropertyFinding, PropertyReport, ShixinDecision, Step,
            Whereabouts,
        };
        let step = |field: &str, v: &str| match v {
            "not_needed" => Ok(Step::NotNeeded),
            "done" => Ok(Step::Done),
            "outstanding" => Ok(Step::Outstanding),
            _ => Err(format!("{field}: not_needed, done or outstanding")),
        };
        let notice = timeline.notice_issued_on.is_some();
        let leads = u32::from(timeline.leads_received_on.is_some());
        Ok(ZhongbenFacts {
            filed_on: timeline.filed_on,
            execution_notice_issued: notice,
            report_order_issued: notice,
            report: match self.report.as_str() {
                "awaited" => PropertyReport::Awaited,
                "reported" => PropertyReport::Reported { verified: false },
                "reported_verified" => PropertyReport::Reported { verified: true },
                "violated_sanctioned" => PropertyReport::Violated { sanctioned: true },
                "violated_unsanctioned" => PropertyReport::Violated { sanctioned: false },
                _ => return Err("report: awaited, reported, reported_verified, violated_sanctioned or violated_unsanctioned".into()),
            },
            consumption_ban_issued: self.consumption_ban_issued,
            shixin: match self.shixin.as_str() {
                "listed" => ShixinDecision::Listed,
                "not_listable" => ShixinDecision::NotListable,
                "undecided" => ShixinDecision::Undecided,
                _ => return Err("shixin: listed, not_listable or undecided".into()),
            },
            network_inquiry_done: self.network_inquiry_done,
            leads_provided: leads,
            leads_checked: u32::from(timeline.leads_checked_on.is_some()).min(leads),
            field_investigation: step("field_investigation", &self.field_investigation)?,
            search: step("search", &self.search)?,
            audit_or_reward: step("audit_or_reward", &self.audit_or_reward)?,
            finding: match self.finding.as_str() {
                "none_found" => PropertyFinding::NoneFound,
                "found_not_disposable" => PropertyFinding::FoundNotDisposable,
                "found_disposable" => PropertyFinding::FoundDisposable,
                _ => return Err("finding: none_found, found_not_disposable or found_disposable".into()),
            },
            whereabouts: match self.whereabouts.as_str() {
                "known" => Whereabouts::Known,
                "unknown_searched" => Whereabouts::UnknownSearched,
                "unknown_not_searched" => Whereabouts::UnknownNotSearched,
                _ => return Err("whereabouts: known, unknown_searched or unknown_not_searched".into()),
            },
            obstruction: match self.obstruction.as_str() {
                "none" => Obstruction::None,
                "punished" => Obstruction::Punished,
                "unpunished" => Obstruction::Unpunished,
                "crime_not_referred" => Obstruction::CrimeNotReferred,
                _ => return Err("obstruction: none, punished, unpunished or crime_not_referred".into()),
            },
            interview: match self.interview.as_str() {
                "not_held" => Interview::NotHeld,
                "recorded" => Interview::Recorded,
                "consent_signed" => Interview::ConsentSigned,
                _ => return Err("interview: not_held, recorded or consent_signed".into()),
            },
            approval: Approval {
                applicant_signed: self.applicant_signed,
                panel_reviewed: self.panel_reviewed,
                president_approved: self.president_approved,
            },
        })
    }
}

/// Most receipts (or payouts) of funds recorded on one case.
pub const FUNDS_EVENTS_MAX: usize = 1_000;

/// `OfficerAssigned` v1: 承办人 and team (法官助理, 书记员).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficerAssigned {
    pub officer_id: String,
    pub officer_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assistant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk: Option<String>,
    pub assigned_on: String,
}

/// A fact of the case's flow, dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// 执行通知书 and 报告财产令 issued.
    NoticeIssued,
    LeadsReceived,
    LeadsChecked,
    InvestigationDone,
    PropertyFound,
    Seizure,
    /// A seizure of property that must be sold (starts the reference price clock).
    SeizureForSale,
    /// 繁简分流 decided; `simple` says the track.
    Triaged,
    ReferencePriceStarted,
    ReferencePriceFixed,
    DisposalStarted,
    FundsReceived,
    PaidOut,
}

impl Fact {
    pub const ALL: [Fact; 13] = [
        Fact::NoticeIssued,
        Fact::LeadsReceived,
        Fact::LeadsChecked,
        Fact::InvestigationDone,
        Fact::PropertyFound,
        Fact::Seizure,
        Fact::SeizureForSale,
        Fact::Triaged,
        Fact::ReferencePriceStarted,
        Fact::ReferencePriceFixed,
        Fact::DisposalStarted,
        Fact::FundsReceived,
        Fact::PaidOut,
    ];

    /// The fact as the file records it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Fact::NoticeIssued => "发出执行通知书及报告财产令",
            Fact::LeadsReceived => "收到申请执行人财产线索",
            Fact::LeadsChecked => "核查财产线索",
            Fact::InvestigationDone => "完成财产调查",
            Fact::PropertyFound => "发现财产",
            Fact::Seizure => "查封、扣押、冻结",
            Fact::SeizureForSale => "查封须变价的财产",
            Fact::Triaged => "繁简分流",
            Fact::ReferencePriceStarted => "启动确定财产处置参考价",
            Fact::ReferencePriceFixed => "确定财产处置参考价",
            Fact::DisposalStarted => "启动变价（拍卖、变卖）",
            Fact::FundsReceived => "收到执行款",
            Fact::PaidOut => "发放执行款",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Fact::NoticeIssued => "notice_issued",
            Fact::LeadsReceived => "leads_received",
            Fact::LeadsChecked => "leads_checked",
            Fact::InvestigationDone => "investigation_done",
            Fact::PropertyFound => "property_found",
            Fact::Seizure => "seizure",
            Fact::SeizureForSale => "seizure_for_sale",
            Fact::Triaged => "triaged",
            Fact::ReferencePriceStarted => "reference_price_started",
            Fact::ReferencePriceFixed => "reference_price_fixed",
            Fact::DisposalStarted => "disposal_started",
            Fact::FundsReceived => "funds_received",
            Fact::PaidOut => "paid_out",
        }
    }

    pub fn parse(code: &str) -> Option<Fact> {
        Fact::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Facts that happen many times (each receipt, each payout); the others are recorded once.
    pub fn repeats(self) -> bool {
        matches!(self, Fact::FundsReceived | Fact::PaidOut)
    }
}

/// `CaseFactRecorded` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFactRecorded {
    pub fact: Fact,
    pub on: String,
    /// For [`Fact::Triaged`]: the simple track (简案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simple: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `CaseSuspended` v1: 中止 or 暂缓 — the clocks stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSuspended {
    /// zhongzhi (中止) | zanhuan (暂缓)
    pub kind: String,
    pub from: String,
    pub reason: String,
}

/// `CaseResumed` v1: the clocks run again, the days already used kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseResumed {
    pub on: String,
}

/// `DeadlineExtended` v1: an approved extension of one node's limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineExtended {
    pub node: String,
    pub days: u32,
    pub approver: String,
    pub approved_on: String,
}

/// `CaseClosed` v1: 结案 in one of the six modes, with what the closing rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseClosed {
    pub mode: String,
    pub on: String,
    /// Absent for 终本 (its facts are the attestation) and in records written before grounds were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grounds: Option<ClosingGrounds>,
}

/// What a closing other than 终本 rests on, as the officer records it with the close; checked against the
/// conditions of the mode ([`crate::closing::check_closing`]) and kept in the record. Codes, not prose:
/// a ground is one of [`crate::closing::TerminationGround`], [`crate::closing::CancellationGround`],
/// [`crate::closing::NonEnforcementGround`] or [`crate::closing::RejectionGround`] by its code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosingGrounds {
    /// 终结执行, 销案, 不予执行, 驳回申请: the ground's code (e.g. `applicant_withdrew`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// The ground's evidence is in the file.
    #[serde(default, skip_serializing_if = "is_false")]
    pub evidence_on_file: bool,
    /// 不予执行: the debtor applied and brought evidence of the defect.
    #[serde(default, skip_serializing_if = "is_false")]
    pub debtor_applied: bool,
    /// 不予执行: a collegial panel (合议庭) reviewed and verified the defect.
    #[serde(default, skip_serializing_if = "is_false")]
    pub panel_reviewed: bool,
    /// 执行完毕: everything received and credited to the applicant, in yuan. Attested by the officer until
    /// the case account (一案一账户) holds the receipts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<String>,
    /// 执行完毕: obligations other than money still to perform.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub acts_outstanding: u32,
    /// 执行和解 (2023民诉法 第241条): none | agreed | performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement: Option<String>,
    /// What the basis orders, where a ground depends on it: loan | maintenance | other_money |
    /// specific_object | act. Absent: other_money when money is owed, act otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

impl ClosingGrounds {
    /// The facts [`crate::closing::check_closing`] looks at, from these grounds and the case as filed.
    /// A malformed field is refused naming the field.
    pub fn facts(
        &self,
        mode: ClosingMode,
        filed: &CaseFiled,
        zhongben: ZhongbenFacts,
        on: NaiveDate,
    ) -> Result<ClosingFacts, CaseRejection> {
        let invalid =
            |field: &'static str, expected: &'static str| CaseRejection::Invalid { field, expected };
        let owed = filed.owed().ok_or(invalid("grounds.paid", "an amount the case can owe"))?;
        let paid = match &self.paid {
            Some(yuan) => Amount::parse_yuan(yuan)
                .map_err(|_| invalid("grounds.paid", "an amount in yuan, e.g. 1234.56"))?,
            None => Amount::ZERO,
        };
        let settlement = match &self.settlement {
            Some(code) => {
                Settlement::parse(code).ok_or(invalid("grounds.settlement", "none, agreed or performed"))?
            }
            None => Settlement::None,
        };
        let claim = match &self.claim {
            Some(code) => ClaimKind::parse(code)
                .ok_or(invalid("grounds.claim", "loan, maintenance, other_money, specific_object or act"))?,
            None if owed > Amount::ZERO => ClaimKind::OtherMoney,
            None => ClaimKind::Act,
        };
        let mut facts = ClosingFacts {
            closing_on: on,
            // A ground for a natural person holds only when every debtor is one.
            debtor: if filed.debtors.iter().all(|d| d.kind == "person") {
                DebtorKind::Person
            } else {
                DebtorKind::Organisation
            },
            claim,
            basis: BasisKind::parse(&filed.basis.kind).unwrap_or(BasisKind::Other),
            performance: PerformanceFacts { owed, paid, acts_outstanding: self.acts_outstanding, settlement },
            zhongben,
            termination: None,
            cancellation: None,
            non_enforcement: None,
            rejection: None,
        };
        let Some(code) = self.ground.as_deref() else { return Ok(facts) };
        let unknown = || invalid("grounds.ground", "a ground of this closing mode, by its code");
        let evidence_on_file = self.evidence_on_file;
        match mode {
            ClosingMode::Terminated => {
                let ground = TerminationGround::parse(code).ok_or_else(unknown)?;
                facts.termination = Some(TerminationFacts { ground, evidence_on_file });
            }
            ClosingMode::Cancelled => {
                let ground = CancellationGround::parse(code).ok_or_else(unknown)?;
                facts.cancellation = Some(CancellationFacts { ground, evidence_on_file });
            }
            ClosingMode::NotEnforced => {
                let ground = NonEnforcementGround::parse(code).ok_or_else(unknown)?;
                facts.non_enforcement = Some(NonEnforcementFacts {
                    ground,
                    evidence_on_file,
                    debtor_applied: self.debtor_applied,
                    panel_reviewed: self.panel_reviewed,
                });
            }
            ClosingMode::Rejected => {
                let ground = RejectionGround::parse(code).ok_or_else(unknown)?;
                facts.rejection = Some(RejectionFacts { ground, evidence_on_file });
            }
            ClosingMode::Performed | ClosingMode::Zhongben => {
                return Err(invalid(
                    "grounds.ground",
                    "no ground: 执行完毕 and 终本 rest on the case's facts",
                ));
            }
        }
        Ok(facts)
    }
}

/// One open deadline as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenDeadline {
    pub node: String,
    pub due_on: String,
    pub warn_from: String,
    /// The clock stands still (中止/暂缓): `due_on` is provisional and the deadline is never overdue.
    pub suspended: bool,
    /// The highest alert already raised for this deadline: 0 none, 1 officer (预警), 2 team leader
    /// (超期), 3 command center (超期督办).
    #[serde(default)]
    pub alert_level: u8,
}

/// `DeadlineAlerted` v1: a warning before a deadline, an overdue notice when it is missed, or an
/// escalation (officer → team leader → command center) — raised once per deadline and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineAlerted {
    pub node: String,
    pub due_on: String,
    /// 1 officer, 2 team leader, 3 command center.
    pub level: u8,
    /// officer | team_leader | command_center
    pub to: String,
    pub raised_on: String,
}

/// The level number of an escalation: 1 officer (warning), 2 team leader (overdue), 3 command center.
pub fn alert_level(escalation: Escalation) -> u8 {
    match escalation {
        Escalation::Officer => 1,
        Escalation::TeamLeader => 2,
        Escalation::CommandCenter => 3,
    }
}

/// The alerts a case owes today: for each open deadline, its escalation level if higher than any
/// alert already raised for the same deadline (node and due date).
pub fn alerts_due(
    state: &CaseState,
    deadlines: &[Deadline],
    today: NaiveDate,
    calendar: &LegalCalendar,
    policy: EscalationPolicy,
) -> Result<Vec<DeadlineAlerted>, crate::flow::FlowError> {
    let mut alerts = Vec::new();
    for deadline in deadlines {
        let Some(escalation) = escalation_level(deadline, today, calendar, policy)? else { continue };
        let level = alert_level(escalation);
        if level > raised_level(state, deadline.node.code(), &deadline.due_on.to_string()) {
            alerts.push(DeadlineAlerted {
                node: deadline.node.code().to_owned(),
                due_on: deadline.due_on.to_string(),
                level,
                to: escalation.code().to_owned(),
                raised_on: today.to_string(),
            });
        }
    }
    Ok(alerts)
}

/// Copies the raised alert levels onto the open deadlines to record.
pub fn mark_alerted(open: &mut [OpenDeadline], state: &CaseState) {
    for deadline in open {
        deadline.alert_level = raised_level(state, &deadline.node, &deadline.due_on);
    }
}

fn raised_level(state: &CaseState, node: &str, due_on: &str) -> u8 {
    state.alerts.iter().filter(|a| a.node == node && a.due_on == due_on).map(|a| a.level).max().unwrap_or(0)
}

/// `DeadlinesComputed` v1: the case's open deadlines after a change, replacing the earlier set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesComputed {
    pub case_id: String,
    pub court: String,
    pub computed_on: String,
    pub deadlines: Vec<OpenDeadline>,
}

/// The open deadlines to record: the ones not yet done, one per node and due date (two receipts of
/// funds on the same day owe one payout by the same date).
pub fn open_deadlines(deadlines: &[Deadline]) -> Vec<OpenDeadline> {
    let mut open: Vec<OpenDeadline> = Vec::new();
    for d in deadlines.iter().filter(|d| d.done_on.is_none()) {
        let (node, due_on) = (d.node.code().to_owned(), d.due_on.to_string());
        if open.iter().any(|o| o.node == node && o.due_on == due_on) {
            continue;
        }
        open.push(OpenDeadline {
            node,
            due_on,
            warn_from: d.warn_from.to_string(),
            suspended: d.status == DeadlineStatus::Suspended,
            alert_level: 0,
        });
    }
    open
}

/// What the case's events fold into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseState {
    pub filed: Option<CaseFiled>,
    pub officer: Option<OfficerAssigned>,
    pub timeline: Option<CaseTimeline>,
    pub closed: Option<CaseClosed>,
    /// Alerts raised so far.
    pub alerts: Vec<DeadlineAlerted>,
    /// The latest 终本 attestation.
    pub zhongben: Option<ZhongbenFactsRecorded>,
    /// The 执恢 case this case was resumed as (after 终本).
    pub resumed_as: Option<CaseResumedAs>,
    /// The case this 执恢 case resumes.
    pub resumption_of: Option<ResumptionOf>,
    /// Re-query rounds that fell due.
    pub requeries_due: Vec<u32>,
    /// The round of each re-query inquiry, by inquiry id.
    pub requery_inquiries: BTreeMap<String, u32>,
    /// What each re-query inquiry found, by inquiry id.
    pub requery_findings: BTreeMap<String, Vec<FoundProperty>>,
    /// The re-queries' results, in the order recorded.
    pub requery_answers: Vec<RequeryAnswered>,
    /// The open deadlines recorded last (`DeadlinesComputed`).
    pub recorded_deadlines: Option<Vec<OpenDeadline>>,
    /// Seizures, distraint and freezes recorded (carried over from a 执保 case among them).
    pub seizures: Vec<SeizureRecorded>,
    /// The item (`inquiry::classes`) of each holding the network found, by (institution, holding).
    pub network_holdings: BTreeMap<(String, String), String>,
    /// The item of each freeze or deduction asked through the network, by request id.
    pub network_requests: BTreeMap<String, String>,
}

impl CaseState {
    /// The 终本 checklist as it stands on `on` (终本规定(试行) 第一条; 民诉法解释 第517条): the latest
    /// attestation joined with the case's own record, or, before any attestation, the case's record with every
    /// attested step still outstanding — what the officer must still do, item by item. `None` before filing
    /// or when the attestation cannot be read against the record.
    pub fn zhongben_checklist(&self, on: NaiveDate) -> Option<ZhongbenChecklist> {
        let timeline = self.timeline.as_ref()?;
        let facts = match &self.zhongben {
            Some(attested) => attested.facts(timeline).ok()?,
            None => {
                let notice = timeline.notice_issued_on.is_some();
                ZhongbenFacts {
                    execution_notice_issued: notice,
                    report_order_issued: notice,
                    ..ZhongbenFacts::unattested(timeline.filed_on)
                }
            }
        };
        Some(zhongben_checklist(&facts, on))
    }
}

/// May this case be resumed (恢复执行)? Only a case closed as 终本, and only once.
pub fn may_resume(state: &CaseState) -> Result<&CaseFiled, CaseRejection> {
    let Some(filed) = &state.filed else { return Err(CaseRejection::NotFound) };
    if state.closed.as_ref().is_none_or(|c| c.mode != ClosingMode::Zhongben.code()) {
        return Err(CaseRejection::NotZhongben);
    }
    if let Some(resumed) = &state.resumed_as {
        return Err(CaseRejection::AlreadyResumed { case_number: resumed.resumed_case_number.clone() });
    }
    Ok(filed)
}

/// Folds one event into the state. Unknown types and unreadable payloads leave it unchanged (the
/// store refuses unreadable payloads of known types before they are recorded).
pub fn evolve(mut state: CaseState, event_type: &str, payload: &str) -> CaseState {
    let timeline = state.timeline.as_mut();
    match event_type {
        CASE_FILED => {
            if let Ok(filed) = serde_json::from_str::<CaseFiled>(payload) {
                state.timeline = parse_date(&filed.filed_on).map(CaseTimeline::new);
                state.filed = Some(filed);
            }
        }
        OFFICER_ASSIGNED => {
            if let Ok(assigned) = serde_json::from_str::<OfficerAssigned>(payload) {
                if let (Some(t), Some(on)) = (timeline, parse_date(&assigned.assigned_on)) {
                    t.assigned_on = Some(on);
                }
                state.officer = Some(assigned);
            }
        }
        CASE_FACT_RECORDED => {
            if let (Ok(e), Some(t)) = (serde_json::from_str::<CaseFactRecorded>(payload), timeline)
                && let Some(on) = parse_date(&e.on)
            {
                apply_fact(t, e.fact, on, e.simple.unwrap_or(false));
            }
        }
        CASE_SUSPENDED => {
            if let (Ok(e), Some(t)) = (serde_json::from_str::<CaseSuspended>(payload), timeline)
                && let (Some(kind), Some(from)) = (suspension_kind(&e.kind), parse_date(&e.from))
            {
                t.suspensions.push(Suspension { kind, from, to: None });
            }
        }
        CASE_RESUMED => {
            if let (Ok(e), Some(t)) = (serde_json::from_str::<CaseResumed>(payload), timeline)
                && let (Some(open), Some(on)) =
                    (t.suspensions.iter_mut().find(|s| s.to.is_none()), parse_date(&e.on))
            {
                open.to = Some(on);
            }
        }
        DEADLINE_EXTENDED => {
            if let (Ok(e), Some(t)) = (serde_json::from_str::<DeadlineExtended>(payload), timeline)
                && let (Ok(node), Some(on)) = (Node::parse(&e.node), parse_date(&e.approved_on))
            {
                t.extensions.push(Extension { node, days: e.days, approver: e.approver, approved_on: on });
            }
        }
        DEADLINE_ALERTED => {
            if let Ok(e) = serde_json::from_str::<DeadlineAlerted>(payload) {
                state.alerts.push(e);
            }
        }
        SEIZURE_RECORDED => {
            if let Ok(e) = serde_json::from_str::<SeizureRecorded>(payload) {
                // The control node is passed on the first seizure (a carried one counts from filing).
                if let (Some(t), Some(on)) = (timeline, parse_date(&e.effective_on)) {
                    let on = on.max(t.filed_on);
                    t.first_seizure_on = Some(t.first_seizure_on.map_or(on, |first| first.min(on)));
                }
                state.seizures.push(e);
            }
        }
        INQUIRY_REQUESTED => {
            if let Ok(e) = serde_json::from_str::<InquiryRequested>(payload)
                && let Some(round) = e
                    .idempotency_key
                    .as_deref()
                    .and_then(|k| k.strip_prefix(REQUERY_INQUIRY_KEY_PREFIX))
                    .and_then(|r| r.parse::<u32>().ok())
            {
                state.requery_inquiries.insert(e.inquiry_id, round);
            }
        }
        REQUERY_ANSWERED => {
            if let Ok(e) = serde_json::from_str::<RequeryAnswered>(payload) {
                state.requery_answers.push(e);
            }
        }
        ASSETS_FOUND => {
            if let Ok(e) = serde_json::from_str::<AssetsFound>(payload) {
                if state.requery_inquiries.contains_key(&e.inquiry_id) {
                    let found = state.requery_findings.entry(e.inquiry_id.clone()).or_default();
                    found.extend(e.holdings.iter().filter_map(found_property));
                }
                for h in &e.holdings {
                    state.network_holdings.insert((e.institution.clone(), h.holding.clone()), h.item.clone());
                }
                if let (Some(t), Some(on)) = (timeline, parse_date(&e.found_on))
                    && e.holdings.iter().any(is_property)
                {
                    t.property_found_on = Some(t.property_found_on.map_or(on, |first| first.min(on)));
                }
            }
        }
        CONTROL_REQUESTED => {
            if let Ok(e) = serde_json::from_str::<ControlRequested>(payload)
                && let Some(item) = state.network_holdings.get(&(e.institution, e.op.target().to_owned()))
            {
                state.network_requests.insert(e.request_id, item.clone());
            }
        }
        CONTROL_ANSWERED => {
            if let (Ok(e), Some(t)) = (serde_json::from_str::<ControlAnswered>(payload), timeline)
                && let Some(on) = parse_date(&e.answered_on)
            {
                let item = state.network_requests.get(&e.request_id).and_then(|code| item(code));
                match e.outcome {
                    Outcome::Frozen { queued_behind: 0, .. } | Outcome::TookEffect { .. } => {
                        network_seizure(t, item.is_some_and(|i| !i.measures.deduct), on);
                    }
                    Outcome::Deducted { .. } => t.funds_received_on.push(on),
                    _ => {}
                }
            }
        }
        DEADLINES_COMPUTED => {
            if let Ok(e) = serde_json::from_str::<DeadlinesComputed>(payload) {
                state.recorded_deadlines = Some(e.deadlines);
            }
        }
        REQUERY_DUE => {
            if let Ok(e) = serde_json::from_str::<RequeryDue>(payload) {
                state.requeries_due.push(e.round);
            }
        }
        CASE_RESUMED_AS => state.resumed_as = serde_json::from_str(payload).ok().or(state.resumed_as),
        RESUMPTION_OF => state.resumption_of = serde_json::from_str(payload).ok().or(state.resumption_of),
        ZHONGBEN_FACTS_RECORDED => {
            if let Ok(e) = serde_json::from_str::<ZhongbenFactsRecorded>(payload) {
                state.zhongben = Some(e);
            }
        }
        CASE_CLOSED => {
            if let Ok(e) = serde_json::from_str::<CaseClosed>(payload) {
                if let (Some(t), Some(on)) = (timeline, parse_date(&e.on)) {
                    t.closed_on = Some(on);
                }
                state.closed = Some(e);
            }
        }
        _ => {}
    }
    state
}

/// A change asked of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseCommand {
    Assign {
        officer_id: String,
        officer_name: String,
        assistant: Option<String>,
        clerk: Option<String>,
        on: NaiveDate,
    },
    RecordFact {
        fact: Fact,
        on: NaiveDate,
        simple: Option<bool>,
        note: Option<String>,
    },
    Suspend {
        kind: SuspensionKind,
        from: NaiveDate,
        reason: String,
    },
    Resume {
        on: NaiveDate,
    },
    Extend {
        node: Node,
        days: u32,
        approver: String,
        on: NaiveDate,
    },
    Close {
        mode: ClosingMode,
        on: NaiveDate,
        /// What a closing other than 终本 rests on.
        grounds: ClosingGrounds,
    },
    /// Records a seizure, distraint or freeze (查封、扣押、冻结) in force on the case.
    RecordSeizure {
        class: PropertyClass,
        property: String,
        amount: Option<Amount>,
        effective_on: NaiveDate,
        expires_on: NaiveDate,
    },
    /// Records the officer's 终本 attestations (the 约谈 among them), before closing as 终本.
    AttestZhongben {
        facts: Box<ZhongbenFactsRecorded>,
    },
}

/// Why a command is refused, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRejection {
    #[error("no such case / 案件不存在")]
    NotFound,
    #[error("the case is closed / 案件已结案")]
    Closed,
    #[error("{field}: the date must be between filing ({filed_on}) and today / 日期应在立案日与今日之间")]
    DateOutOfRange { field: &'static str, filed_on: NaiveDate },
    #[error("{fact} is already recorded / 该节点已记录")]
    AlreadyRecorded { fact: &'static str },
    #[error("the case is already suspended / 案件已中止或暂缓")]
    AlreadySuspended,
    #[error("the case is not suspended / 案件未中止或暂缓")]
    NotSuspended,
    #[error("{field} is required (at most {max} characters) / 必填且不超过{max}字")]
    TextRequired { field: &'static str, max: usize },
    #[error("{0}")]
    Flow(String),
    #[error("too many entries / 记录过多")]
    TooMany,
    #[error("only a case closed as 终本 can be resumed / 仅终本案件可以恢复执行")]
    NotZhongben,
    #[error("already resumed as {case_number} / 已恢复执行")]
    AlreadyResumed { case_number: String },
    #[error("{field}: expected {expected} / 格式不正确")]
    Invalid { field: &'static str, expected: &'static str },
    /// A closing other than 终本 blocked: each unmet condition of the mode with what the officer must do.
    #[error("closing conditions not met: {} / 结案条件不具备", .0.iter().map(|(c, r)| format!("{c}: {r}")).collect::<Vec<_>>().join("; "))]
    ClosingBlocked(Vec<(String, String)>),
    /// 终本 blocked: each unmet condition with what the officer must do.
    #[error("终本 conditions not met: {} / 终本条件不具备", .0.iter().map(|(c, r)| format!("{c}: {r}")).collect::<Vec<_>>().join("; "))]
    ZhongbenBlocked(Vec<(String, String)>),
}

impl CaseRejection {
    pub fn code(&self) -> &'static str {
        match self {
            CaseRejection::NotFound => "not_found",
            CaseRejection::Closed => "case_closed",
            CaseRejection::DateOutOfRange { .. } => "date_out_of_range",
            CaseRejection::AlreadyRecorded { .. } => "already_recorded",
            CaseRejection::AlreadySuspended => "already_suspended",
            CaseRejection::NotSuspended => "not_suspended",
            CaseRejection::TextRequired { .. } => "text_required",
            CaseRejection::Flow(_) => "flow_rule",
            CaseRejection::TooMany => "too_many",
            CaseRejection::ZhongbenBlocked(_) => "zhongben_conditions_unmet",
            CaseRejection::ClosingBlocked(_) => "closing_conditions_unmet",
            CaseRejection::Invalid { .. } => "invalid",
            CaseRejection::NotZhongben => "not_zhongben",
            CaseRejection::AlreadyResumed { .. } => "already_resumed",
        }
    }

    /// The input field the rejection is about, if one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CaseRejection::DateOutOfRange { field, .. }
            | CaseRejection::TextRequired { field, .. }
            | CaseRejection::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// Decides the event a command makes, or why it cannot be done. `today` is the legal date now.
pub fn decide(
    state: &CaseState,
    command: &CaseCommand,
    today: NaiveDate,
) -> Result<(String, String), CaseRejection> {
    let (Some(_), Some(timeline)) = (&state.filed, &state.timeline) else {
        return Err(CaseRejection::NotFound);
    };
    if state.closed.is_some() {
        return Err(CaseRejection::Closed);
    }
    let dated = |field: &'static str, on: NaiveDate| {
        if on < timeline.filed_on || on > today {
            Err(CaseRejection::DateOutOfRange { field, filed_on: timeline.filed_on })
        } else {
            Ok(on.to_string())
        }
    };
    let event = match command {
        CaseCommand::Assign { officer_id, officer_name, assistant, clerk, on } => {
            text("officer_name", officer_name, limits::NAME_CHARS_MAX)?;
            let event = OfficerAssigned {
                officer_id: officer_id.clone(),
                officer_name: officer_name.trim().to_owned(),
                assistant: assistant.clone(),
                clerk: clerk.clone(),
                assigned_on: dated("on", *on)?,
            };
            (OFFICER_ASSIGNED, to_json(&event))
        }
        CaseCommand::RecordFact { fact, on, simple, note } => {
            if !fact.repeats() && fact_recorded(timeline, *fact) {
                return Err(CaseRejection::AlreadyRecorded { fact: fact.code() });
            }
            if fact.repeats()
                && timeline.funds_received_on.len() + timeline.paid_out_on.len() >= FUNDS_EVENTS_MAX
            {
                return Err(CaseRejection::TooMany);
            }
            if let Some(note) = note {
                text("note", note, limits::TEXT_CHARS_MAX)?;
            }
            let simple = if *fact == Fact::Triaged { Some(simple.unwrap_or(false)) } else { None };
            let event = CaseFactRecorded { fact: *fact, on: dated("on", *on)?, simple, note: note.clone() };
            (CASE_FACT_RECORDED, to_json(&event))
        }
        CaseCommand::Suspend { kind, from, reason } => {
            if timeline.suspensions.iter().any(|s| s.to.is_none()) {
                return Err(CaseRejection::AlreadySuspended);
            }
            text("reason", reason, limits::TEXT_CHARS_MAX)?;
            let kind = match kind {
                SuspensionKind::Zhongzhi => "zhongzhi",
                SuspensionKind::Zanhuan => "zanhuan",
            };
            let event = CaseSuspended {
                kind: kind.into(),
                from: dated("from", *from)?,
                reason: reason.trim().to_owned(),
            };
            (CASE_SUSPENDED, to_json(&event))
        }
        CaseCommand::Resume { on } => {
            let Some(open) = timeline.suspensions.iter().find(|s| s.to.is_none()) else {
                return Err(CaseRejection::NotSuspended);
            };
            if *on < open.from {
                return Err(CaseRejection::DateOutOfRange { field: "on", filed_on: timeline.filed_on });
            }
            (CASE_RESUMED, to_json(&CaseResumed { on: dated("on", *on)? }))
        }
        CaseCommand::Extend { node, days, approver, on } => {
            let mut extended = timeline.clone();
            extended.extensions.push(Extension {
                node: *node,
                days: *days,
                approver: approver.clone(),
                approved_on: *on,
            });
            extended.check().map_err(|e| CaseRejection::Flow(e.to_string()))?;
            let event = DeadlineExtended {
                node: node.code().to_owned(),
                days: *days,
                approver: approver.trim().to_owned(),
                approved_on: dated("on", *on)?,
            };
            (DEADLINE_EXTENDED, to_json(&event))
        }
        CaseCommand::Close { mode, on, grounds } => {
            crate::flow::may_close(timeline).map_err(|e| CaseRejection::Flow(e.to_string()))?;
            let on_text = dated("on", *on)?;
            let grounds = if *mode == ClosingMode::Zhongben {
                zhongben_gate(state, timeline, *on)?;
                None
            } else {
                closing_gate(state, *mode, grounds, *on)?;
                Some(grounds.clone())
            };
            (CASE_CLOSED, to_json(&CaseClosed { mode: mode.code().to_owned(), on: on_text, grounds }))
        }
        CaseCommand::RecordSeizure { class, property, amount, effective_on, expires_on } => {
            if state.seizures.len() >= SEIZURES_MAX {
                return Err(CaseRejection::TooMany);
            }
            text("property", property, limits::TEXT_CHARS_MAX)?;
            let effective = dated("effective_on", *effective_on)?;
            check_term(*class, *effective_on, *expires_on).map_err(|e| CaseRejection::Invalid {
                field: "expires_on",
                expected: match e {
                    TermError::Reversed => "a date on or after effective_on",
                    TermError::TooLong { .. } => "a term within the statutory maximum (民诉法解释 第485条)",
                },
            })?;
            let event = SeizureRecorded {
                seizure_id: (state.seizures.len() + 1).to_string(),
                class: class.code().to_owned(),
                property: property.trim().to_owned(),
                amount: amount.map(|a| a.to_string()),
                effective_on: effective,
                expires_on: expires_on.to_string(),
                carried_from: None,
            };
            (SEIZURE_RECORDED, to_json(&event))
        }
        CaseCommand::AttestZhongben { facts } => {
            facts.facts(timeline).map_err(CaseRejection::Flow)?;
            dated("recorded_on", parse_date(&facts.recorded_on).unwrap_or(NaiveDate::MIN))?;
            (ZHONGBEN_FACTS_RECORDED, to_json(facts))
        }
    };
    Ok((event.0.to_owned(), event.1))
}

/// 终结本次执行程序 only when the five conditions, the 约谈 and the approval hold (终本规定(试行) 第一条;
/// 民诉法解释 第517条): each missing one is named with what to do.
fn zhongben_gate(state: &CaseState, timeline: &CaseTimeline, on: NaiveDate) -> Result<(), CaseRejection> {
    let Some(attested) = &state.zhongben else {
        return Err(CaseRejection::ZhongbenBlocked(vec![(
            "attestation".into(),
            "record the 终本 facts and the 约谈 with the applicant first / 请先登记终本条件及约谈情况".into(),
        )]));
    };
    let facts = attested.facts(timeline).map_err(CaseRejection::Flow)?;
    let checklist = zhongben_checklist(&facts, on);
    let blocking: Vec<(String, String)> = checklist
        .blocking()
        .iter()
        .map(|item| (item.condition.to_owned(), item.reason_if_missing.clone().unwrap_or_default()))
        .collect();
    if blocking.is_empty() { Ok(()) } else { Err(CaseRejection::ZhongbenBlocked(blocking)) }
}

/// A closing other than 终本 only when the conditions of its mode hold (执行工作若干规定 第64条 and the rules
/// [`check_closing`] names for each mode): each unmet one is named with what to do.
fn closing_gate(
    state: &CaseState,
    mode: ClosingMode,
    grounds: &ClosingGrounds,
    on: NaiveDate,
) -> Result<(), CaseRejection> {
    let Some(filed) = &state.filed else { return Err(CaseRejection::NotFound) };
    let filed_on = parse_date(&filed.filed_on).unwrap_or(on);
    let facts = grounds.facts(mode, filed, ZhongbenFacts::unattested(filed_on), on)?;
    check_closing(mode, &facts).map_err(|unmet| {
        CaseRejection::ClosingBlocked(unmet.into_iter().map(|u| (u.condition.to_owned(), u.reason)).collect())
    })
}

/// Something the network found is property (财产): an item that can be frozen or seized, not found empty. The
/// whereabouts items (户籍, 出入境, 婚姻, 手机号) are clues, not property.
/// A holding the network found, as a 终本 re-query weighs it: property that can be frozen or deducted, with
/// its value where the answer gives one.
fn found_property(holding: &Holding) -> Option<FoundProperty> {
    let item = item(&holding.item).filter(|i| i.measures.freeze || i.measures.deduct)?;
    let kind = match item.class {
        AssetClass::Deposit => PropertyKind::Deposit,
        AssetClass::Vehicle => PropertyKind::Vehicle,
        AssetClass::RealEstate => PropertyKind::RealEstate,
        AssetClass::Securities | AssetClass::Fund => PropertyKind::Securities,
        AssetClass::OnlinePayment => PropertyKind::OnlineFunds,
        AssetClass::WealthManagement => PropertyKind::FinancialProduct,
        AssetClass::Insurance => PropertyKind::Insurance,
        AssetClass::Equity => PropertyKind::Equity,
        _ => PropertyKind::Other,
    };
    let value = holding.amount.as_deref().and_then(|a| Amount::parse_yuan(a).ok());
    Some(FoundProperty { kind, value })
}

/// 终本规定 第九条: the result of a 终本 case's re-query once its inquiry is complete — `None` when the inquiry
/// is not a re-query of this case, the case has left the library (resumed) or the round is recorded already.
/// The applicant is told every result; the officer too when property turned up, with the recommendation to
/// resume enforcement (恢复执行).
pub fn zhongben_art9_requery_answered(
    state: &CaseState,
    inquiry_id: &str,
    answered_on: NaiveDate,
) -> Option<RequeryAnswered> {
    let filed = state.filed.as_ref()?;
    let round = *state.requery_inquiries.get(inquiry_id)?;
    let in_library = state.closed.as_ref().is_some_and(|c| c.mode == ClosingMode::Zhongben.code())
        && state.resumed_as.is_none();
    if !in_library || state.requery_answers.iter().any(|a| a.round == round) {
        return None;
    }
    let found = state.requery_findings.get(inquiry_id).map_or(&[][..], Vec::as_slice);
    let outcome = requery_outcome(found);
    let (items, known_value) = match outcome {
        RequeryOutcome::NothingFound => (0, Amount::ZERO),
        RequeryOutcome::PropertyFound { items, known_value } => (items, known_value),
    };
    let mut notify = Vec::new();
    let mut recipients = Vec::new();
    for recipient in outcome.notify() {
        match recipient {
            Recipient::Officer => {
                notify.push("officer".to_owned());
                recipients.extend(state.officer.as_ref().map(|o| o.officer_name.clone()));
            }
            Recipient::Applicant => {
                notify.push("applicant".to_owned());
                recipients.extend(filed.applicants.iter().map(|a| a.name.clone()));
            }
        }
    }
    let recommendation = match outcome.recommendation() {
        Recommendation::ContinueSchedule => "continue_schedule",
        Recommendation::ResumeEnforcement => "resume_enforcement",
    };
    let notice = match outcome {
        RequeryOutcome::NothingFound => format!(
            "{}第{round}次网络查询已完成，未发现可供执行的财产；案件仍在终本案件库中，将按期继续查询。",
            filed.case_number
        ),
        RequeryOutcome::PropertyFound { .. } => format!(
            "{}第{round}次网络查询发现可供执行的财产{items}项（已知价值{known_value}元），请承办人审查是否恢复执行；申请执行人亦可申请恢复执行。",
            filed.case_number
        ),
    };
    Some(RequeryAnswered {
        round,
        inquiry_id: inquiry_id.to_owned(),
        property_found: items > 0,
        items: u32::try_from(items).unwrap_or(u32::MAX),
        known_value: known_value.to_string(),
        notify,
        recipients,
        notice,
        recommendation: recommendation.to_owned(),
        answered_on: answered_on.to_string(),
    })
}

/// Property found: a holding that can be frozen or deducted and is not an empty account.
fn is_property(holding: &Holding) -> bool {
    found_property(holding).is_some_and(|p| p.value != Some(Amount::ZERO))
}

/// A freeze or seizure through the network took effect on `on`: the control node is passed (the first seizure);
/// property that is not money must be sold, which starts the reference-price clock (参考价规定 第一条: started within 30 days of the seizure).
fn network_seizure(t: &mut CaseTimeline, for_sale: bool, on: NaiveDate) {
    t.first_seizure_on = Some(t.first_seizure_on.map_or(on, |first| first.min(on)));
    if for_sale {
        t.seizure_for_sale_on = Some(t.seizure_for_sale_on.map_or(on, |first| first.min(on)));
    }
}

fn apply_fact(t: &mut CaseTimeline, fact: Fact, on: NaiveDate, simple: bool) {
    match fact {
        Fact::NoticeIssued => t.notice_issued_on = Some(on),
        Fact::LeadsReceived => t.leads_received_on = Some(on),
        Fact::LeadsChecked => t.leads_checked_on = Some(on),
        Fact::InvestigationDone => t.investigation_done_on = Some(on),
        Fact::PropertyFound => t.property_found_on = Some(on),
        Fact::Seizure => t.first_seizure_on = Some(on),
        Fact::SeizureForSale => {
            t.seizure_for_sale_on = Some(on);
            t.first_seizure_on.get_or_insert(on);
        }
        Fact::Triaged => {
            t.triaged_on = Some(on);
            t.simple_case = simple;
        }
        Fact::ReferencePriceStarted => t.reference_price_started_on = Some(on),
        Fact::ReferencePriceFixed => t.reference_price_fixed_on = Some(on),
        Fact::DisposalStarted => t.disposal_started_on = Some(on),
        Fact::FundsReceived => t.funds_received_on.push(on),
        Fact::PaidOut => t.paid_out_on.push(on),
    }
}

fn fact_recorded(t: &CaseTimeline, fact: Fact) -> bool {
    match fact {
        Fact::NoticeIssued => t.notice_issued_on.is_some(),
        Fact::LeadsReceived => t.leads_received_on.is_some(),
        Fact::LeadsChecked => t.leads_checked_on.is_some(),
        Fact::InvestigationDone => t.investigation_done_on.is_some(),
        Fact::PropertyFound => t.property_found_on.is_some(),
        Fact::Seizure => t.first_seizure_on.is_some(),
        Fact::SeizureForSale => t.seizure_for_sale_on.is_some(),
        Fact::Triaged => t.triaged_on.is_some(),
        Fact::ReferencePriceStarted => t.reference_price_started_on.is_some(),
        Fact::ReferencePriceFixed => t.reference_price_fixed_on.is_some(),
        Fact::DisposalStarted => t.disposal_started_on.is_some(),
        Fact::FundsReceived | Fact::PaidOut => false,
    }
}

fn text(field: &'static str, value: &str, max: usize) -> Result<(), CaseRejection> {
    let chars = value.trim().chars().count();
    if chars == 0 || chars > max || value.contains('\0') {
        return Err(CaseRejection::TextRequired { field, max });
    }
    Ok(())
}

fn suspension_kind(code: &str) -> Option<SuspensionKind> {
    match code {
        "zhongzhi" => Some(SuspensionKind::Zhongzhi),
        "zanhuan" => Some(SuspensionKind::Zanhuan),
        _ => None,
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| String::from("null"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::BasisRecord;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn filed() -> String {
        let filed = CaseFiled {
            case_id: "c1".into(),
            case_number: "（2024）浙0106执1号".into(),
            court: "浙0106".into(),
            year: 2024,
            seq: 1,
            case_type: "执".into(),
            filed_on: "2024-09-25".into(),
            applicants: vec![],
            debtors: vec![],
            basis: BasisRecord {
                kind: "judgment".into(),
                issuer: "x".into(),
                document_number: "y".into(),
                effective_on: "2024-03-01".into(),
                due_on: "2024-03-11".into(),
            },
            principal_fen: 100,
            interest_fen: 0,
            costs_fen: 0,
            application_id: None,
            interest_terms: None,
            non_money: vec![],
            source_case_number: None,
            preservation_case_number: None,
        };
        serde_json::to_string(&filed).unwrap()
    }

    /// Runs commands through decide and evolve, as the application does.
    fn run(commands: &[CaseCommand], today: NaiveDate) -> Result<CaseState, CaseRejection> {
        let mut state = evolve(CaseState::default(), CASE_FILED, &filed());
        for command in commands {
            let (event_type, payload) = decide(&state, command, today)?;
            state = evolve(state, &event_type, &payload);
        }
        Ok(state)
    }

    #[test]
    fn facts_fold_into_the_timeline() {
        let today = date(2024, 10, 30);
        let state = run(
            &[
                CaseCommand::Assign {
                    officer_id: "u1".into(),
                    officer_name: "李法官".into(),
                    assistant: None,
                    clerk: None,
                    on: date(2024, 9, 26),
                },
                CaseCommand::RecordFact {
                    fact: Fact::NoticeIssued,
                    on: date(2024, 9, 27),
                    simple: None,
                    note: None,
                },
                CaseCommand::RecordFact {
                    fact: Fact::Triaged,
                    on: date(2024, 9, 27),
                    simple: Some(true),
                    note: None,
                },
                CaseCommand::RecordFact {
                    fact: Fact::FundsReceived,
                    on: date(2024, 10, 8),
                    simple: None,
                    note: None,
                },
                CaseCommand::RecordFact {
                    fact: Fact::FundsReceived,
                    on: date(2024, 10, 9),
                    simple: None,
                    note: None,
                },
                CaseCommand::Suspend {
                    kind: SuspensionKind::Zhongzhi,
                    from: date(2024, 10, 10),
                    reason: "案外人异议".into(),
                },
                CaseCommand::Resume { on: date(2024, 10, 20) },
            ],
            today,
        )
        .unwrap();
        let t = state.timeline.unwrap();
        assert_eq!(t.assigned_on, Some(date(2024, 9, 26)));
        assert_eq!(t.notice_issued_on, Some(date(2024, 9, 27)));
        assert!(t.simple_case);
        assert_eq!(t.funds_received_on.len(), 2);
        assert_eq!(
            t.suspensions,
            vec![Suspension {
                kind: SuspensionKind::Zhongzhi,
                from: date(2024, 10, 10),
                to: Some(date(2024, 10, 20))
            }]
        );
    }

    #[test]
    fn network_answers_move_the_flow_reference_price_rules_article_1() {
        use crate::inquiry::protocol::{Op, Subject};
        let mut state = evolve(CaseState::default(), CASE_FILED, &filed());
        let holding = |id: &str, item: &str, amount: Option<&str>| Holding {
            holding: id.into(),
            item: item.into(),
            description: "x".into(),
            amount: amount.map(Into::into),
            related: None,
            freezes: vec![],
        };
        let found = |institution: &str, holdings: Vec<Holding>, on: &str| AssetsFound {
            inquiry_id: "i1".into(),
            institution: institution.into(),
            subject: "110101199003071234".into(),
            holdings,
            found_on: on.into(),
        };
        // A whereabouts record and an empty account are not property.
        let clues = found("MPS", vec![holding("R1", "residence", None)], "2024-09-30");
        state = evolve(state, ASSETS_FOUND, &serde_json::to_string(&clues).unwrap());
        let empty = found("B1", vec![holding("A0", "demand_deposit", Some("0.00"))], "2024-09-30");
        state = evolve(state, ASSETS_FOUND, &serde_json::to_string(&empty).unwrap());
        assert_eq!(state.timeline.as_ref().unwrap().property_found_on, None);
        let money = found("B1", vec![holding("A1", "demand_deposit", Some("500.00"))], "2024-10-02");
        state = evolve(state, ASSETS_FOUND, &serde_json::to_string(&money).unwrap());
        let house = found("RE", vec![holding("H1", "real_property", None)], "2024-10-03");
        state = evolve(state, ASSETS_FOUND, &serde_json::to_string(&house).unwrap());
        assert_eq!(state.timeline.as_ref().unwrap().property_found_on, Some(date(2024, 10, 2)));

        let ask = |id: &str, institution: &str, holding: &str, deduct: bool| {
            let op = if deduct {
                Op::Deduct {
                    holding: holding.into(),
                    amount: "100.00".into(),
                    freeze: None,
                    custody_account: "C".into(),
                }
            } else {
                Op::Freeze {
                    holding: holding.into(),
                    amount: None,
                    from: "2024-10-05".into(),
                    until: "2025-10-04".into(),
                }
            };
            let e = ControlRequested {
                request_id: id.into(),
                case_number: "（2024）浙0106执1号".into(),
                institution: institution.into(),
                subject: Subject { id_number: "110101199003071234".into(), name: "张三".into() },
                op,
                urgent: false,
                requested_on: "2024-10-05".into(),
                idempotency_key: None,
            };
            serde_json::to_string(&e).unwrap()
        };
        let answer = |id: &str, outcome: Outcome, on: &str| {
            let e = ControlAnswered {
                request_id: id.into(),
                institution: "x".into(),
                outcome,
                answered_on: on.into(),
            };
            serde_json::to_string(&e).unwrap()
        };
        let frozen = |queued_behind| Outcome::Frozen {
            freeze: "F".into(),
            amount: None,
            from: "2024-10-05".into(),
            until: "2025-10-04".into(),
            queued_behind,
        };
        // The house frozen behind another court's seizure (轮候): not yet a seizure of this case.
        state = evolve(state, CONTROL_REQUESTED, &ask("R-house", "RE", "H1", false));
        state = evolve(state, CONTROL_ANSWERED, &answer("R-house", frozen(1), "2024-10-06"));
        assert_eq!(state.timeline.as_ref().unwrap().first_seizure_on, None);
        // The deposit frozen in force: the control node is passed; money needs no sale.
        state = evolve(state, CONTROL_REQUESTED, &ask("R-acct", "B1", "A1", false));
        state = evolve(state, CONTROL_ANSWERED, &answer("R-acct", frozen(0), "2024-10-07"));
        let t = state.timeline.as_ref().unwrap();
        assert_eq!((t.first_seizure_on, t.seizure_for_sale_on), (Some(date(2024, 10, 7)), None));
        // The queued seizure of the house takes effect: the reference price must start within 30 days.
        let took =
            Outcome::TookEffect { freeze: "F".into(), from: "2024-11-01".into(), until: "2027-10-31".into() };
        state = evolve(state, CONTROL_ANSWERED, &answer("R-house", took, "2024-11-01"));
        let t = state.timeline.as_ref().unwrap();
        assert_eq!(
            (t.first_seizure_on, t.seizure_for_sale_on),
            (Some(date(2024, 10, 7)), Some(date(2024, 11, 1)))
        );
        // A deduction is money received into the court's custody account.
        state = evolve(state, CONTROL_REQUESTED, &ask("R-take", "B1", "A1", true));
        let deducted =
            Outcome::Deducted { amount: "100.00".into(), transfer: "T".into(), on: "2024-11-02".into() };
        state = evolve(state, CONTROL_ANSWERED, &answer("R-take", deducted, "2024-11-02"));
        assert_eq!(state.timeline.as_ref().unwrap().funds_received_on, vec![date(2024, 11, 2)]);
    }

    #[test]
    fn commands_are_refused_with_reasons() {
        let today = date(2024, 10, 30);
        let notice = |on| CaseCommand::RecordFact { fact: Fact::NoticeIssued, on, simple: None, note: None };
        let cases: Vec<(Vec<CaseCommand>, &str)> = vec![
            (vec![notice(date(2024, 9, 24))], "date_out_of_range"),
            (vec![notice(date(2024, 10, 31))], "date_out_of_range"),
            (vec![notice(date(2024, 9, 27)), notice(date(2024, 9, 28))], "already_recorded"),
            (vec![CaseCommand::Resume { on: date(2024, 10, 1) }], "not_suspended"),
            (
                vec![
                    CaseCommand::Suspend {
                        kind: SuspensionKind::Zanhuan,
                        from: date(2024, 10, 1),
                        reason: "担保".into(),
                    },
                    CaseCommand::Suspend {
                        kind: SuspensionKind::Zanhuan,
                        from: date(2024, 10, 2),
                        reason: "担保".into(),
                    },
                ],
                "already_suspended",
            ),
            (
                vec![CaseCommand::Suspend {
                    kind: SuspensionKind::Zanhuan,
                    from: date(2024, 10, 1),
                    reason: " ".into(),
                }],
                "text_required",
            ),
            (
                vec![CaseCommand::Extend {
                    node: Node::Closing,
                    days: 30,
                    approver: "".into(),
                    on: date(2024, 10, 1),
                }],
                "flow_rule",
            ),
            (
                vec![CaseCommand::Close {
                    mode: ClosingMode::ALL[0],
                    on: date(2024, 10, 1),
                    grounds: ClosingGrounds::default(),
                }],
                "flow_rule",
            ),
        ];
        for (commands, code) in cases {
            assert_eq!(run(&commands, today).unwrap_err().code(), code, "{commands:?}");
        }
    }

    #[test]
    fn a_closed_case_takes_no_more_commands() {
        let today = date(2025, 3, 30);
        let mut commands = mandatory_nodes_passed().to_vec();
        commands.extend([CaseCommand::Close {
            mode: ClosingMode::Performed,
            on: date(2025, 1, 6),
            grounds: ClosingGrounds { paid: Some("1.00".into()), ..ClosingGrounds::default() },
        }]);
        let state = run(&commands, today).unwrap();
        assert_eq!(state.timeline.as_ref().unwrap().closed_on, Some(date(2025, 1, 6)));
        commands.push(CaseCommand::RecordFact {
            fact: Fact::Seizure,
            on: date(2025, 1, 7),
            simple: None,
            note: None,
        });
        assert_eq!(run(&commands, today).unwrap_err(), CaseRejection::Closed);
    }

    /// Assignment, the notice and the investigation: what a case passes before it may close.
    fn mandatory_nodes_passed() -> [CaseCommand; 3] {
        [
            CaseCommand::Assign {
                officer_id: "u1".into(),
                officer_name: "李法官".into(),
                assistant: None,
                clerk: None,
                on: date(2024, 9, 26),
            },
            CaseCommand::RecordFact {
                fact: Fact::NoticeIssued,
                on: date(2024, 9, 27),
                simple: None,
                note: None,
            },
            CaseCommand::RecordFact {
                fact: Fact::InvestigationDone,
                on: date(2024, 10, 20),
                simple: None,
                note: None,
            },
        ]
    }

    fn attested(interview: &str) -> ZhongbenFactsRecorded {
        ZhongbenFactsRecorded {
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
            interview: interview.into(),
            applicant_signed: true,
            panel_reviewed: false,
            president_approved: false,
            recorded_on: "2025-01-03".into(),
        }
    }

    #[test]
    fn zhongben_needs_the_five_conditions_zhongben_guiding_1() {
        let today = date(2025, 3, 30);
        let base = mandatory_nodes_passed();
        let close =
            |on| CaseCommand::Close { mode: ClosingMode::Zhongben, on, grounds: ClosingGrounds::default() };
        let with = |extra: Vec<CaseCommand>| base.iter().cloned().chain(extra).collect::<Vec<_>>();
        // No attestation: blocked, and told what to do.
        let err = run(&with(vec![close(date(2025, 1, 6))]), today).unwrap_err();
        assert_eq!(err.code(), "zhongben_conditions_unmet");
        // The 约谈 not held: blocked on exactly that.
        let attest = |interview| CaseCommand::AttestZhongben { facts: Box::new(attested(interview)) };
        let CaseRejection::ZhongbenBlocked(items) =
            run(&with(vec![attest("not_held"), close(date(2025, 1, 6))]), today).unwrap_err()
        else {
            panic!("blocked")
        };
        assert_eq!(items.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(), ["applicant_interview"]);
        // Within three months of filing: blocked on the period.
        let CaseRejection::ZhongbenBlocked(items) =
            run(&with(vec![attest("recorded"), close(date(2024, 12, 20))]), today).unwrap_err()
        else {
            panic!("blocked")
        };
        assert_eq!(items.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(), ["three_months_since_filing"]);
        // Everything in order: closed as 终本, the attestation kept on the record.
        let state = run(&with(vec![attest("recorded"), close(date(2025, 1, 6))]), today).unwrap();
        assert_eq!(state.closed.map(|c| c.mode), Some("zhongben".to_owned()));
        assert_eq!(state.zhongben.map(|z| z.interview), Some("recorded".to_owned()));
    }

    #[test]
    fn zhongben_checklist_shows_what_is_missing_zhongben_guiding_1() {
        let today = date(2025, 3, 30);
        let base = mandatory_nodes_passed();
        // Before any attestation: the notice is taken from the record, the attested steps are outstanding.
        let state = run(&base, today).unwrap();
        let checklist = state.zhongben_checklist(date(2025, 1, 6)).expect("filed");
        let missing: Vec<&str> = checklist.blocking().iter().map(|i| i.condition).collect();
        let notice = checklist.items().iter().find(|i| i.condition == "notice_and_report_order").unwrap();
        let reason = notice.reason_if_missing.clone().unwrap_or_default();
        assert!(!reason.contains("发出执行通知书"), "the notice is on the record: {reason}");
        assert!(reason.contains("等待被执行人报告财产"), "the report is still to attest: {reason}");
        assert!(missing.contains(&"applicant_interview"), "{missing:?}");
        assert!(checklist.blocking().iter().all(|i| i.reason_if_missing.is_some()));
        // Attested with the 约谈 not held: that is the one item left, as closing would say.
        let attest = CaseCommand::AttestZhongben { facts: Box::new(attested("not_held")) };
        let with: Vec<CaseCommand> = base.iter().cloned().chain([attest]).collect();
        let state = run(&with, today).unwrap();
        let checklist = state.zhongben_checklist(date(2025, 1, 6)).expect("filed");
        let missing: Vec<&str> = checklist.blocking().iter().map(|i| i.condition).collect();
        assert_eq!(missing, ["applicant_interview"]);
        assert_eq!(CaseState::default().zhongben_checklist(today), None, "no case, no checklist");
    }

    #[test]
    fn closing_modes_check_their_conditions_enforcement_provisions_article_64() {
        let today = date(2025, 3, 30);
        let base = mandatory_nodes_passed();
        let close = |mode, grounds| {
            let commands = base
                .iter()
                .cloned()
                .chain([CaseCommand::Close { mode, on: date(2025, 1, 6), grounds }])
                .collect::<Vec<_>>();
            run(&commands, today)
        };
        let unmet = |result: Result<CaseState, CaseRejection>| match result.unwrap_err() {
            CaseRejection::ClosingBlocked(items) => items.into_iter().map(|(c, _)| c).collect::<Vec<_>>(),
            other => panic!("expected the closing to be blocked, got {other:?}"),
        };
        let grounds = |ground: &str, evidence_on_file| ClosingGrounds {
            ground: Some(ground.into()),
            evidence_on_file,
            ..ClosingGrounds::default()
        };
        // 执行完毕: the 1.00 yuan owed must be paid, or a settlement performed.
        assert_eq!(unmet(close(ClosingMode::Performed, ClosingGrounds::default())), ["amount_outstanding"]);
        let paid = ClosingGrounds { paid: Some("1.00".into()), ..ClosingGrounds::default() };
        let state = close(ClosingMode::Performed, paid.clone()).unwrap();
        assert_eq!(state.closed.and_then(|c| c.grounds), Some(paid));
        let settled = ClosingGrounds { settlement: Some("performed".into()), ..ClosingGrounds::default() };
        assert!(close(ClosingMode::Performed, settled).is_ok());
        let acts =
            ClosingGrounds { paid: Some("1.00".into()), acts_outstanding: 1, ..ClosingGrounds::default() };
        assert_eq!(unmet(close(ClosingMode::Performed, acts)), ["acts_outstanding"]);
        // 终结执行 (2023民诉法 第268条): a ground that fits the case, and its evidence in the file.
        assert_eq!(unmet(close(ClosingMode::Terminated, ClosingGrounds::default())), ["ground_missing"]);
        assert_eq!(
            unmet(close(ClosingMode::Terminated, grounds("applicant_withdrew", false))),
            ["evidence_missing"]
        );
        assert!(close(ClosingMode::Terminated, grounds("applicant_withdrew", true)).is_ok());
        // A maintenance ground on a money judgment does not apply.
        assert_eq!(
            unmet(close(ClosingMode::Terminated, grounds("maintenance_beneficiary_died", true))),
            ["ground_does_not_apply"]
        );
        // 不予执行 of an arbitral award on a case enforcing a judgment: the ground does not fit, and the
        // debtor's application and the panel are missing too.
        assert_eq!(
            unmet(close(ClosingMode::NotEnforced, grounds("award_forged_evidence", true))),
            ["ground_does_not_apply", "debtor_application_missing", "panel_review_missing"]
        );
        // 销案 and 驳回申请 rest on their grounds.
        assert!(close(ClosingMode::Cancelled, grounds("filed_earlier_elsewhere", true)).is_ok());
        assert_eq!(
            unmet(close(ClosingMode::Rejected, grounds("not_within_jurisdiction", false))),
            ["evidence_missing"]
        );
        // Malformed grounds are refused naming the field.
        let field = |result: Result<CaseState, CaseRejection>| result.unwrap_err().field();
        assert_eq!(
            field(close(ClosingMode::Terminated, grounds("filed_earlier_elsewhere", true))),
            Some("grounds.ground")
        );
        assert_eq!(
            field(close(ClosingMode::Performed, grounds("applicant_withdrew", true))),
            Some("grounds.ground")
        );
        let bad_paid = ClosingGrounds { paid: Some("一元".into()), ..ClosingGrounds::default() };
        assert_eq!(field(close(ClosingMode::Performed, bad_paid)), Some("grounds.paid"));
        let bad_claim = ClosingGrounds { claim: Some("gift".into()), ..ClosingGrounds::default() };
        assert_eq!(field(close(ClosingMode::Terminated, bad_claim)), Some("grounds.claim"));
    }

    #[test]
    fn fact_codes_round_trip() {
        for fact in Fact::ALL {
            assert_eq!(Fact::parse(fact.code()), Some(fact));
            assert_eq!(serde_json::to_string(&fact).unwrap(), format!("\"{}\"", fact.code()));
        }
    }

    #[test]
    fn zhongben_art9_a_requery_tells_the_applicant_always_and_the_officer_when_property_turns_up() {
        use crate::inquiry::protocol::Subject;
        let mut state = evolve(CaseState::default(), CASE_FILED, &filed());
        let officer = OfficerAssigned {
            officer_id: "u1".into(),
            officer_name: "李法官".into(),
            assistant: None,
            clerk: None,
            assigned_on: "2024-09-29".into(),
        };
        state = evolve(state, OFFICER_ASSIGNED, &to_json(&officer));
        let inquiry = |id: &str, key: Option<&str>| InquiryRequested {
            inquiry_id: id.into(),
            case_number: "（2024）浙0106执1号".into(),
            subjects: vec![Subject { id_number: "110101199003071234".into(), name: "王五".into() }],
            classes: vec!["deposit".into()],
            institutions: 1,
            urgent: false,
            requested_on: "2025-07-06".into(),
            idempotency_key: key.map(Into::into),
        };
        let holding = |id: &str, amount: Option<&str>| Holding {
            holding: id.into(),
            item: "demand_deposit".into(),
            description: "x".into(),
            amount: amount.map(Into::into),
            related: None,
            freezes: vec![],
        };
        let found = |inquiry_id: &str, holdings| AssetsFound {
            inquiry_id: inquiry_id.into(),
            institution: "B1".into(),
            subject: "110101199003071234".into(),
            holdings,
            found_on: "2025-07-07".into(),
        };
        state = evolve(state, INQUIRY_REQUESTED, &to_json(&inquiry("q1", Some("requery-1"))));
        state = evolve(state, INQUIRY_REQUESTED, &to_json(&inquiry("q2", Some("requery-2"))));
        state = evolve(state, INQUIRY_REQUESTED, &to_json(&inquiry("plain", None)));
        let on = date(2025, 7, 8);
        // Not before the case is in the library.
        assert_eq!(zhongben_art9_requery_answered(&state, "q1", on), None);
        let closed =
            CaseClosed { mode: ClosingMode::Zhongben.code().into(), on: "2025-01-06".into(), grounds: None };
        state = evolve(state, CASE_CLOSED, &to_json(&closed));
        state = evolve(state, ASSETS_FOUND, &to_json(&found("q1", vec![holding("A0", Some("0.00"))])));
        state = evolve(
            state,
            ASSETS_FOUND,
            &to_json(&found("q2", vec![holding("A1", Some("1200.50")), holding("A2", None)])),
        );

        // Round 1 found an empty account only: the applicant is told, the schedule goes on.
        let first = zhongben_art9_requery_answered(&state, "q1", on).unwrap();
        assert_eq!((first.round, first.property_found, first.items), (1, false, 0));
        assert_eq!(first.notify, ["applicant"]);
        assert_eq!(first.recommendation, "continue_schedule");
        assert!(first.notice.contains("第1次网络查询已完成"), "{}", first.notice);
        // Round 2 found money: the officer and the applicant, with the recommendation to resume.
        let second = zhongben_art9_requery_answered(&state, "q2", on).unwrap();
        assert_eq!((second.round, second.items, second.known_value.as_str()), (2, 2, "1200.50"));
        assert_eq!(second.notify, ["officer", "applicant"]);
        assert_eq!(second.recipients[0], "李法官");
        assert_eq!(second.recommendation, "resume_enforcement");
        // Once per round; never for an inquiry that is not a re-query.
        state = evolve(state, REQUERY_ANSWERED, &to_json(&second));
        assert_eq!(zhongben_art9_requery_answered(&state, "q2", on), None);
        assert_eq!(zhongben_art9_requery_answered(&state, "plain", on), None);
        // A resumed case has left the library.
        let resumed = CaseResumedAs {
            resumed_case_id: "c2".into(),
            resumed_case_number: "（2025）浙0106执恢1号".into(),
            on: "2025-07-09".into(),
        };
        state = evolve(state, CASE_RESUMED_AS, &to_json(&resumed));
        assert_eq!(zhongben_art9_requery_answered(&state, "q1", on), None);
    }
}
