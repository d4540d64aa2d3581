//! Closing a case (结案) and the 终本 rules: the six closing modes with their conditions, the officer's
//! 终本 checklist, the 终本 library (entry, re-queries every six months for five years, what a re-query
//! finding means) and the linked 恢复执行 (执恢) case.
//!
//! Sources, as LAW.md gives them (§7, §9, §1 第十条):
//! - 执行工作若干规定 = 最高人民法院关于人民法院执行工作若干问题的规定（试行）(2020 revision) — 第64条 lists the
//!   six closing modes [LRB, read for this module].
//! - 立案结案意见 = 最高人民法院关于执行案件立案、结案若干问题的意见 (法发〔2014〕26号, in force 2015-01-01) —
//!   the conditions of each mode. Its article numbers are from secondary sources and marked [unconfirmed].
//! - 终本规定 = 最高人民法院关于严格规范终结本次执行程序的规定（试行） (法〔2016〕373号, in force 2016-12-01).
//!   第一条 and 第二条 were read from public copies; 第三条–第九条 wording is [unconfirmed] (LAW.md §7).
//! - 民诉法解释 = 最高人民法院关于适用《中华人民共和国民事诉讼法》的解释 (2022) — 第517条.
//! - 2023民诉法 = 民事诉讼法 as amended 2023 — 第248条, 第249条, 第268条 [LRB, read for this module]; the 2021
//!   numbers are given beside them (LAW.md §0).
//!
//! Everything here is pure: facts and dates come in as arguments; nothing reads the clock. The integrator
//! turns the answers into events, stores the library entries and schedules the re-queries.

pub mod grounds;
pub mod library;
pub mod resumption;
pub mod zhongben;

pub use grounds::{
    ArbitralAwardDefect, CancellationGround, ForeignAwardDefect, GroundInfo, NonEnforcementGround,
    RejectionGround, TerminationGround,
};
pub use library::{
    FoundProperty, PropertyKind, Recipient, Recommendation, RequeryOutcome, RequeryPolicy, ScheduleError,
    ScheduledDate, ScheduledRequery, case_id_hash, library_entry_due, library_entry_due_within,
    requeries_due, requery_outcome, requery_round, requery_schedule, shixin_deletable_after_requeries,
};
pub use resumption::{Owed, Resumption, ResumptionError, ResumptionFiling, ResumptionLink, resumption};
pub use zhongben::{
    Approval, Interview, Item, Obstruction, PropertyFinding, PropertyReport, ShixinDecision, Step,
    Whereabouts, ZhongbenChecklist, ZhongbenFacts, zhongben_checklist,
};

use chrono::NaiveDate;

use crate::money::Amount;

/// The six ways an enforcement case closes (执行结案方式): 执行工作若干规定 第64条 [LRB]; 立案结案意见 第14条
/// [article number unconfirmed] lists the same six.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClosingMode {
    /// 执行完毕: everything owed is paid or performed, or a settlement agreement is performed.
    Performed,
    /// 终结本次执行程序 (终本): no property to enforce for now; the case enters the 终本 library.
    Zhongben,
    /// 终结执行: a ground of 2023民诉法 第268条 ends the enforcement for good.
    Terminated,
    /// 销案: the case is withdrawn from this court's docket (jurisdiction, an earlier filing elsewhere).
    Cancelled,
    /// 不予执行: the court refuses to enforce the basis (arbitral award, notarized debt document).
    NotEnforced,
    /// 驳回申请: the application did not meet the conditions for filing.
    Rejected,
}

/// A closing condition that does not hold: what it is, what the officer must do, and where the rule is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmet {
    /// A stable snake_case code of the condition (e.g. `three_months_since_filing`).
    pub condition: &'static str,
    /// What is missing and what to do about it, "English / 中文".
    pub reason: String,
    /// The article the condition comes from.
    pub source: &'static str,
}

/// Whether the debtor (被执行人) is a natural person or an organisation. Several grounds of 终结执行 apply to
/// only one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DebtorKind {
    /// 公民 (自然人).
    Person,
    /// 法人或者其他组织.
    Organisation,
}

/// What the basis orders the debtor to do, as far as the closing rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    /// Repayment of a loan (借款): the only debt 2023民诉法 第268条第(五)项 speaks of.
    Loan,
    /// 赡养费、扶养费、抚养费.
    Maintenance,
    /// Any other payment of money.
    OtherMoney,
    /// Delivery of a specific thing (交付特定物).
    SpecificObject,
    /// An act (行为).
    Act,
}

/// The kind of 执行依据, as `BasisRecord::kind` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasisKind {
    Judgment,
    Ruling,
    Mediation,
    ArbitralAward,
    NotarizedDebt,
    Other,
}

/// Whether a settlement agreement (执行和解协议, 2023民诉法 第241条) exists and is performed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Settlement {
    None,
    /// Agreed and recorded, not yet fully performed.
    Agreed,
    /// Agreed and fully performed.
    Performed,
}

/// What has been paid and performed, for 执行完毕.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerformanceFacts {
    /// Everything the basis orders paid: principal, interest, 加倍部分债务利息, costs.
    pub owed: Amount,
    /// Everything received for the case and credited to the applicant.
    pub paid: Amount,
    /// Obligations other than money (delivery, acts) not yet performed.
    pub acts_outstanding: u32,
    pub settlement: Settlement,
}

/// The facts a 终结执行 ruling rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminationFacts {
    pub ground: TerminationGround,
    /// The evidence of the ground ([`GroundInfo::evidence`]) is in the file.
    pub evidence_on_file: bool,
}

/// The facts a 销案 rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancellationFacts {
    pub ground: CancellationGround,
    pub evidence_on_file: bool,
}

/// The facts a 不予执行 ruling rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonEnforcementFacts {
    pub ground: NonEnforcementGround,
    pub evidence_on_file: bool,
    /// The debtor (被申请人) applied and brought evidence of the defect.
    pub debtor_applied: bool,
    /// A collegial panel (合议庭) reviewed and verified the defect.
    pub panel_reviewed: bool,
}

/// The facts a 驳回申请 ruling rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RejectionFacts {
    pub ground: RejectionGround,
    pub evidence_on_file: bool,
}

/// Everything [`check_closing`] looks at. The integrator fills it from the case's projection; for a case
/// with several debtors, a step counts as done only when it is done for every debtor. The facts of a mode
/// that is not being checked are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingFacts {
    /// The day the case would close (the date of the closing ruling or notice).
    pub closing_on: NaiveDate,
    pub debtor: DebtorKind,
    pub claim: ClaimKind,
    pub basis: BasisKind,
    pub performance: PerformanceFacts,
    pub zhongben: ZhongbenFacts,
    pub termination: Option<TerminationFacts>,
    pub cancellation: Option<CancellationFacts>,
    pub non_enforcement: Option<NonEnforcementFacts>,
    pub rejection: Option<RejectionFacts>,
}

/// Whether the case may close in `mode`: `Ok` when every condition holds, otherwise every condition that
/// does not, each with what the officer must do (执行工作若干规定 第64条; the conditions of each mode are
/// documented on the function that checks it).
pub fn check_closing(mode: ClosingMode, facts: &ClosingFacts) -> Result<(), Vec<Unmet>> {
    let unmet = match mode {
        ClosingMode::Performed => performed_unmet(&facts.performance),
        ClosingMode::Zhongben => zhongben_unmet(&facts.zhongben, facts.closing_on),
        ClosingMode::Terminated => grounds::termination_unmet(facts),
        ClosingMode::Cancelled => grounds::cancellation_unmet(facts),
        ClosingMode::NotEnforced => grounds::non_enforcement_unmet(facts),
        ClosingMode::Rejected => grounds::rejection_unmet(facts),
    };
    if unmet.is_empty() { Ok(()) } else { Err(unmet) }
}

impl ClosingMode {
    /// The six modes in the order of 执行工作若干规定 第64条.
    pub const ALL: [ClosingMode; 6] = [
        Self::Performed,
        Self::Zhongben,
        Self::Terminated,
        Self::Cancelled,
        Self::NotEnforced,
        Self::Rejected,
    ];

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        self.code_and_name().0
    }

    /// The name the 规定 uses ("终结本次执行程序").
    pub fn name_zh(self) -> &'static str {
        self.code_and_name().1
    }

    /// The item of 执行工作若干规定 第64条 that names the mode.
    pub fn source(self) -> &'static str {
        match self {
            Self::Performed => "执行工作若干规定 第64条第(1)项",
            Self::Zhongben => "执行工作若干规定 第64条第(2)项",
            Self::Terminated => "执行工作若干规定 第64条第(3)项",
            Self::Cancelled => "执行工作若干规定 第64条第(4)项",
            Self::NotEnforced => "执行工作若干规定 第64条第(5)项",
            Self::Rejected => "执行工作若干规定 第64条第(6)项",
        }
    }

    /// The mode whose code or Chinese name is exactly `s`.
    pub fn parse(s: &str) -> Option<ClosingMode> {
        Self::ALL.into_iter().find(|mode| mode.code() == s || mode.name_zh() == s)
    }

    fn code_and_name(self) -> (&'static str, &'static str) {
        match self {
            Self::Performed => ("performed", "执行完毕"),
            Self::Zhongben => ("zhongben", "终结本次执行程序"),
            Self::Terminated => ("terminated", "终结执行"),
            Self::Cancelled => ("cancelled", "销案"),
            Self::NotEnforced => ("not_enforced", "不予执行"),
            Self::Rejected => ("rejected", "驳回申请"),
        }
    }
}

impl Unmet {
    /// An unmet condition whose reason is `en` and `zh` joined as "English / 中文".
    pub fn new(condition: &'static str, en: &str, zh: &str, source: &'static str) -> Unmet {
        Unmet { condition, reason: format!("{en} / {zh}"), source }
    }
}

impl ClaimKind {
    /// loan | maintenance | other_money | specific_object | act
    pub fn parse(s: &str) -> Option<ClaimKind> {
        match s {
            "loan" => Some(Self::Loan),
            "maintenance" => Some(Self::Maintenance),
            "other_money" => Some(Self::OtherMoney),
            "specific_object" => Some(Self::SpecificObject),
            "act" => Some(Self::Act),
            _ => None,
        }
    }
}

impl Settlement {
    /// none | agreed | performed
    pub fn parse(s: &str) -> Option<Settlement> {
        match s {
            "none" => Some(Self::None),
            "agreed" => Some(Self::Agreed),
            "performed" => Some(Self::Performed),
            _ => None,
        }
    }
}

impl BasisKind {
    /// The kind `BasisRecord::kind` names: judgment | ruling | mediation | arbitral_award | notarized_debt |
    /// other.
    pub fn parse(s: &str) -> Option<BasisKind> {
        match s {
            "judgment" => Some(Self::Judgment),
            "ruling" => Some(Self::Ruling),
            "mediation" => Some(Self::Mediation),
            "arbitral_award" => Some(Self::ArbitralAward),
            "notarized_debt" => Some(Self::NotarizedDebt),
            "other" => Some(Self::Other),
            _ => None,
        }
    }
}

/// Source of the 执行完毕 conditions.
const PERFORMED_SOURCE: &str =
    "执行工作若干规定 第64条第(1)项; 立案结案意见 第15条 [article number unconfirmed]; 2023民诉法 第241条";

/// 执行完毕: the execution content of the basis is fully performed — what is owed is paid (owed − paid = 0)
/// and no other obligation is outstanding — or a settlement agreement is fully performed (执行工作若干规定
/// 第64条第(1)项; 立案结案意见 第15条 [unconfirmed]; settlement: 2023民诉法 第241条). A performed settlement
/// closes the case whatever the original amounts, since the agreement replaced them.
fn performed_unmet(facts: &PerformanceFacts) -> Vec<Unmet> {
    if facts.settlement == Settlement::Performed {
        return Vec::new();
    }
    let mut unmet = Vec::new();
    let settlement_hint = if facts.settlement == Settlement::Agreed {
        ", or see that the settlement agreement is fully performed"
    } else {
        ""
    };
    match facts.owed.checked_sub(facts.paid) {
        Some(left) if left == Amount::ZERO => {}
        Some(left) => unmet.push(Unmet::new(
            "amount_outstanding",
            &format!("{left} yuan is still owed: collect it{settlement_hint}"),
            &format!("尚欠{left}元未执行到位：请继续执行或督促履行和解协议"),
            PERFORMED_SOURCE,
        )),
        None => {
            let surplus = facts.paid.checked_sub(facts.owed).unwrap_or(Amount::MAX);
            unmet.push(Unmet::new(
                "amount_surplus",
                &format!(
                    "{surplus} yuan more was received than is owed: return the surplus to the debtor \
                     (执行工作若干规定 第34条) or correct the amount owed"
                ),
                &format!("执行到位金额超出应执行金额{surplus}元：请退还被执行人或更正应执行金额"),
                PERFORMED_SOURCE,
            ));
        }
    }
    if facts.acts_outstanding > 0 {
        let n = facts.acts_outstanding;
        unmet.push(Unmet::new(
            "acts_outstanding",
            &format!("{n} obligation(s) other than money are not performed: enforce them{settlement_hint}"),
            &format!("尚有{n}项非金钱义务未履行：请继续执行"),
            PERFORMED_SOURCE,
        ));
    }
    unmet
}

/// 终结本次执行程序: every item of the [`ZhongbenChecklist`] holds.
fn zhongben_unmet(facts: &ZhongbenFacts, closing_on: NaiveDate) -> Vec<Unmet> {
    zhongben_checklist(facts, closing_on).blocking().into_iter().map(Item::to_unmet).collect()
}

#[cfg(test)]
pub(crate) mod tests;
