//! Credit punishment (信用惩戒): the dishonest debtor list (失信被执行人名单), the consumption restriction
//! order (限制消费令), the exit restriction (限制出境), graded punishment (分级惩戒), public officials and
//! public bodies as debtors ("零容忍"), and the screening that linkage units (联动单位) run against all of it.
//!
//! # The model
//!
//! A debtor's credit record is one event stream (the aggregate "debtor's credit record" of DESIGN.md §4).
//! Three kinds of measure are decided on it, each by a court in one enforcement case:
//!
//! - a **listing** (纳入失信名单, [`listing`]): one or more dishonest behaviours (失信行为), each under one of
//!   the six grounds of 失信规定 第一条 with the facts the decision records; barred for a minor (第四条) and,
//!   for ground 1, when 第三条 applies; with no fixed term for ground 1 and two years, extendable by one to
//!   three, for grounds 2–6 (第二条); removed within three working days of a 第十条 trigger, or when its term
//!   ends; corrected on request (第十一条, 第十二条); re-listed where 第十条 allows it;
//! - a **consumption restriction order** (限制消费令, [`consumption`]): the nine items of 限消规定 第三条 on
//!   the debtor and, for an organisation, on the four kinds of person the 2015 text names; lifted on
//!   security, the applicant's consent or performance (第九条); necessary consumption allowed by
//!   application (第三条第二款, 第八条);
//! - an **exit restriction** (限制出境, [`exit`]): on application or ex officio, on a person debtor or on
//!   three kinds of person of an organisation; lifted like a consumption order.
//!
//! On top of these the court computes a **grade** ([`grading`]): a level with the reasons that produced it,
//! from rules that are data (a court may change them); the level adds linkage measures beyond the statutory
//! ones. Grading is not in statute: the default table is conservative and says so. A debtor who is a
//! public official or a public body carries a [`PublicStatus`]; its listing produces a notice to its unit and
//! supervising department ([`officials`]).
//!
//! What a linkage unit sees is a **measure** ([`measures::Measure`]: a flight, a G-train seat, a star hotel,
//! a government tender, …): [`measures::restricted`] answers whether what is in force for a subject
//! restricts it. The [`screening::ScreeningIndex`] packs every restricted identifier (a 公民身份号码 in a
//! `u64`, a 统一社会信用代码 in a `u128`) with the set of measures restricted for it, and answers checks
//! with no more than "restricted" or "not restricted" — never the case behind it. A unit that takes the list
//! into its own systems gets it from [`feed`]: a change feed (变更推送) of signed, chained batches, or a
//! snapshot of hashes under a key of its own, which it checks against without holding the list in clear.
//!
//! The events of a debtor's stream and their fold, [`record::CreditRecord`], answer what is in force for
//! the debtor on a date, why, until when, and what is due next (a removal, the end of a term, the review of
//! a correction request).
//!
//! # Sources
//!
//! - 失信规定 = 最高人民法院关于公布失信被执行人名单信息的若干规定 (法释〔2013〕17号, amended by 法释〔2017〕7号,
//!   the amended text in force 2017-05-01), as LAW.md §1 gives it.
//! - 限消规定 = 最高人民法院关于限制被执行人高消费及有关消费的若干规定 (2015 amended text, in force
//!   2015-07-22), LAW.md §2; 第四条–第八条 follow the 2010 text where the 2015 wording is [unconfirmed].
//! - 执行程序解释 = 最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释 (2020-12-29),
//!   第二十三条–第二十五条 (exit restriction); 2023民诉法 第266条 (2021: 第262条).
//! - 善意文明执行意见 = 法发〔2019〕35号: the grace period before publication, and the lifting of a changed
//!   legal representative's restriction (第17条).
//! - Dates follow LAW.md §16: "N working days after a date" does not count the date; a period of days ends
//!   on `start + N`, moved to the next working day when that is a day off.
//!
//! Everything here is pure: dates, the legal calendar and ids come in as arguments.

pub mod consumption;
pub mod disclosure;
pub mod exit;
pub mod feed;
pub mod grading;
pub mod listing;
pub mod measures;
pub mod officials;
pub mod record;
pub mod screening;

pub use consumption::{
    ConsumptionItem, ConsumptionOrder, ConsumptionOrderApplication, CoveredPerson, CoveredRole, ItemSet,
    LiftGround, Permit, PermitKind, PermitRequest,
};
pub use exit::{ExitOrder, ExitOrderApplication};
pub use feed::{
    ChangeOp, FeedBatch, FeedChange, FeedError, Published, PublishedSet, SignedBatch, Snapshot,
    SnapshotEntry, SubjectKind,
};
pub use grading::{Grade, GradeReason, GradingError, GradingFacts, GradingRules, GradingTable};
pub use listing::{
    AbilityFacts, Behaviour, CorrectionGround, DebtorParticulars, EvasionMeans, ExtensionReason, Ground1Bar,
    GroundFacts, ListingApplication, ListingDecision, ListingTerm, ObstructionMeans, RemovalDuty,
    RemovalTrigger, ReportBreach, Requeries, ShixinGround,
};
pub use measures::{Measure, MeasureSet, ScreeningEntry, restricted};
pub use officials::{
    NoticeRecipient, OfficialNotice, PublicBodyKind, PublicStatus, RecipientRole, shixin_art8_official_notice,
};
pub use record::{CreditRecord, Due, DueKind, InForce, InForceKind};
pub use screening::{Answer, IndexEntry, NameCheck, Query, ScreeningIndex, SubjectKey};

use chrono::NaiveDate;

use crate::closing::DebtorKind;
use crate::ids::case_number::CaseNumber;
use crate::ids::citizen_id::{CitizenId, CitizenIdError};
use crate::ids::uscc::{Uscc, UsccError};

/// Longest free text of a decision or an order (a behaviour's description, an obligation, a purpose).
pub const CREDIT_TEXT_CHARS_MAX: usize = 500;

/// Longest reference (a listing id, an order id, a decision or basis document number).
pub const REFERENCE_CHARS_MAX: usize = 96;

/// Whether a decision or order is made on the applicant's application or by the court of its own motion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Initiation {
    /// On the written application of the applicant (申请执行人), named, received on `applied_on`.
    OnApplication { applicant: String, applied_on: NaiveDate },
    /// By the court of its own motion (依职权).
    ExOfficio,
}

/// What the law makes of a situation: the court must act, may act, or may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Duty {
    /// 应当.
    Mandatory,
    /// 可以.
    Discretionary,
    /// The rule does not apply.
    NotAvailable,
}

/// The identifier of a person (公民身份号码) or an organisation (统一社会信用代码) subject to a measure.
///
/// An organisation without a 统一社会信用代码 (only a legacy 组织机构代码) and a person without a 公民身份号码
/// (a foreigner's passport) cannot be held yet: such debtors are decided on outside this module.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectId {
    Citizen(CitizenId),
    Uscc(Uscc),
}

/// The debtor (被执行人) a measure is decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    pub id: SubjectId,
    /// For an organisation, its 法定代表人或者负责人 (失信规定 第六条第(一)项); `None` for a person.
    pub representative: Option<String>,
    /// Whether the debtor is a public official or a public body ("零容忍").
    pub public_status: PublicStatus,
}

/// Why a decision, an order or a request is refused, with the input field at fault where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditRejection {
    #[error("{field} is required (at most {max} characters) / 必填且不超过{max}字")]
    TextRequired { field: &'static str, max: usize },
    #[error("{field}: at least one is required / 不能为空")]
    Required { field: &'static str },
    #[error("{field}: not a valid identifier ({code}) / 证件号码无效")]
    InvalidIdentifier { field: &'static str, code: &'static str },
    #[error("{field}: not a valid case number / 案号格式不正确")]
    InvalidCaseNumber { field: &'static str },
    #[error("{field}: at most {max} / 数量超出上限{max}")]
    TooMany { field: &'static str, max: usize },
    #[error("{field}: the date is out of order / 日期先后顺序不正确")]
    DateOrder { field: &'static str },
    #[error(
        "the debtor has performed the obligation: no listing (失信规定 第一条) / 被执行人已履行义务，不得纳入"
    )]
    ObligationPerformed,
    #[error(
        "a dishonest behaviour under one of the six grounds is required (失信规定 第一条) / 须有失信行为"
    )]
    NoGround,
    #[error("the debtor is a minor (失信规定 第四条) / 被执行人为未成年人，不得纳入失信名单")]
    Minor,
    #[error("ground 1 is barred: {} (失信规定 第三条) / 不得依第一条第一项纳入", .0.reason_zh())]
    Ground1Barred(Ground1Bar),
    #[error(
        "ground 1 (no fixed term) and grounds 2–6 (fixed term) are decided apart / 第一条第一项与第二至六项应分别决定"
    )]
    MixedTermRegimes,
    #[error(
        "an extension needs serious violent obstruction or several behaviours (失信规定 第二条) / 不具备延长期限的情形"
    )]
    ExtensionNotAllowed,
    #[error("an extension is one to three years (失信规定 第二条) / 延长期限为一至三年")]
    ExtensionOutOfRange,
    #[error("a listing on ground 1 has no term to extend (失信规定 第二条) / 第一条第一项纳入不设期限")]
    ExtensionWithoutTerm,
    #[error("a grace period is one to three months (善意文明执行意见) / 宽限期为一至三个月")]
    GraceOutOfRange,
    #[error(
        "the applicant asked for the removal on {removed_on}: a new application before {barred_through} is not supported (失信规定 第十条第四款) / 六个月内再次申请纳入的，不予支持"
    )]
    RelistingBarred { removed_on: NaiveDate, barred_through: NaiveDate },
    #[error("the debtor is already listed in this case / 本案已纳入失信名单")]
    AlreadyListed { listing_id: String },
    #[error("no such listing, order or request / 无此记录")]
    Unknown { field: &'static str },
    #[error("already removed, revoked or lifted / 已删除、撤销或解除")]
    NoLongerInForce { field: &'static str },
    #[error("{trigger}: {why} / 不适用该删除事由")]
    TriggerNotApplicable { trigger: &'static str, why: &'static str },
    #[error("{field}: role not allowed for this debtor / 该人员不在限制范围内")]
    RoleNotAllowed { field: &'static str },
    #[error("{field}: listed twice / 重复")]
    Duplicate { field: &'static str },
    #[error("{field}: not covered by the order / 不在限制令范围内")]
    NotCovered { field: &'static str },
    #[error("{field}: the court may not act on this (restriction basis missing) / 不具备采取措施的条件")]
    NotAvailable { field: &'static str },
    #[error("{field}: {source} / 法定节假日数据不足")]
    Calendar { field: &'static str, source: crate::calendar::CalendarError },
}

impl CreditRejection {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TextRequired { .. } => "text_required",
            Self::Required { .. } => "required",
            Self::InvalidIdentifier { code, .. } => code,
            Self::InvalidCaseNumber { .. } => "invalid_case_number",
            Self::TooMany { .. } => "too_many",
            Self::DateOrder { .. } => "date_order",
            Self::ObligationPerformed => "obligation_performed",
            Self::NoGround => "no_ground",
            Self::Minor => "minor",
            Self::Ground1Barred(bar) => bar.code(),
            Self::MixedTermRegimes => "mixed_term_regimes",
            Self::ExtensionNotAllowed => "extension_not_allowed",
            Self::ExtensionOutOfRange => "extension_out_of_range",
            Self::ExtensionWithoutTerm => "extension_without_term",
            Self::GraceOutOfRange => "grace_out_of_range",
            Self::RelistingBarred { .. } => "relisting_barred",
            Self::AlreadyListed { .. } => "already_listed",
            Self::Unknown { .. } => "unknown",
            Self::NoLongerInForce { .. } => "no_longer_in_force",
            Self::TriggerNotApplicable { .. } => "trigger_not_applicable",
            Self::RoleNotAllowed { .. } => "role_not_allowed",
            Self::Duplicate { .. } => "duplicate",
            Self::NotCovered { .. } => "not_covered",
            Self::NotAvailable { .. } => "not_available",
            Self::Calendar { source, .. } => source.code(),
        }
    }

    /// The input field the rejection is about, if one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::TextRequired { field, .. }
            | Self::Required { field }
            | Self::InvalidIdentifier { field, .. }
            | Self::InvalidCaseNumber { field }
            | Self::TooMany { field, .. }
            | Self::DateOrder { field }
            | Self::Unknown { field }
            | Self::NoLongerInForce { field }
            | Self::RoleNotAllowed { field }
            | Self::Duplicate { field }
            | Self::NotCovered { field }
            | Self::NotAvailable { field }
            | Self::Calendar { field, .. } => Some(field),
            Self::ObligationPerformed => Some("obligation_unperformed"),
            Self::NoGround | Self::MixedTermRegimes => Some("behaviours"),
            Self::Minor => Some("debtor.id"),
            Self::Ground1Barred(_) => Some("behaviours"),
            Self::ExtensionNotAllowed | Self::ExtensionOutOfRange | Self::ExtensionWithoutTerm => {
                Some("extension_years")
            }
            Self::GraceOutOfRange => Some("grace_months"),
            Self::RelistingBarred { .. } => Some("initiation"),
            Self::AlreadyListed { .. } => Some("case_number"),
            Self::TriggerNotApplicable { .. } => Some("trigger"),
        }
    }
}

impl SubjectId {
    /// Parses `input` as a 公民身份号码 (`person` true) or a 统一社会信用代码; a refusal names `field`.
    /// `today` bounds a birth date (the crate never reads the clock).
    pub fn parse_as(
        person: bool,
        input: &str,
        today: NaiveDate,
        field: &'static str,
    ) -> Result<SubjectId, CreditRejection> {
        if person {
            CitizenId::parse(input, today).map(SubjectId::Citizen).map_err(|e| citizen_error(field, &e))
        } else {
            Uscc::parse(input).map(SubjectId::Uscc).map_err(|e| uscc_error(field, &e))
        }
    }

    /// The normalized 18-character identifier.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Citizen(id) => id.as_str(),
            Self::Uscc(code) => code.as_str(),
        }
    }

    /// A person for a 公民身份号码, an organisation for a 统一社会信用代码.
    pub fn kind(&self) -> DebtorKind {
        match self {
            Self::Citizen(_) => DebtorKind::Person,
            Self::Uscc(_) => DebtorKind::Organisation,
        }
    }

    /// `"citizen"` or `"uscc"`: the form events record beside the identifier.
    pub fn kind_code(&self) -> &'static str {
        match self {
            Self::Citizen(_) => "citizen",
            Self::Uscc(_) => "uscc",
        }
    }

    /// The identifier for display: a 公民身份号码 masked (first 6 and last 4 kept), a 统一社会信用代码 as is
    /// (an organisation's code is public).
    pub fn masked(&self) -> String {
        match self {
            Self::Citizen(id) => id.masked(),
            Self::Uscc(code) => code.as_str().to_owned(),
        }
    }
}

impl Debtor {
    pub fn kind(&self) -> DebtorKind {
        self.id.kind()
    }
}

pub(crate) fn citizen_error(field: &'static str, e: &CitizenIdError) -> CreditRejection {
    CreditRejection::InvalidIdentifier { field, code: e.code() }
}

pub(crate) fn uscc_error(field: &'static str, e: &UsccError) -> CreditRejection {
    CreditRejection::InvalidIdentifier { field, code: e.code() }
}

/// `value` trimmed, required and at most `max` characters.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<String, CreditRejection> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.chars().count() > max {
        return Err(CreditRejection::TextRequired { field, max });
    }
    Ok(trimmed.to_owned())
}

/// A 案号 in its canonical form.
pub(crate) fn case_number(field: &'static str, value: &str) -> Result<String, CreditRejection> {
    CaseNumber::parse(value)
        .map(|number| number.canonical())
        .map_err(|_| CreditRejection::InvalidCaseNumber { field })
}

/// The Nth working day after `date` (LAW.md §16), a calendar gap named by `field`.
pub(crate) fn working_days_after(
    calendar: &crate::calendar::LegalCalendar,
    date: NaiveDate,
    n: u32,
    field: &'static str,
) -> Result<NaiveDate, CreditRejection> {
    calendar.add_working_days(date, n).map_err(|source| CreditRejection::Calendar { field, source })
}

/// The end of a period of `days` days from `start` (LAW.md §16), a calendar gap named by `field`.
pub(crate) fn period_end(
    calendar: &crate::calendar::LegalCalendar,
    start: NaiveDate,
    days: u32,
    field: &'static str,
) -> Result<NaiveDate, CreditRejection> {
    calendar.period_end(start, days).map_err(|source| CreditRejection::Calendar { field, source })
}

#[cfg(test)]
pub(crate) mod fixtures;
