//! The dishonest debtor list (失信被执行人名单), 失信规定 (2017 text, LAW.md §1): the six grounds and the facts
//! each records (第一条), the bars (第三条, 第四条), the terms (第二条), the decision (第五条, 第六条), removal
//! (第十条), correction (第十一条, 第十二条) and re-listing (第十条第三款, 第四款).
//!
//! Each rule is a function named after its article. [`shixin_art5_decision`] applies them all to one
//! application; the history a decision also depends on (an earlier listing in the same case, the six-month
//! bar after a removal at the applicant's request) is checked by [`super::record::CreditRecord`].

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::consumption::ConsumptionItem;
use super::{
    CREDIT_TEXT_CHARS_MAX, CreditRejection, Debtor, Initiation, PublicStatus, REFERENCE_CHARS_MAX, SubjectId,
    case_number, period_end, text, working_days_after,
};
use crate::calendar::LegalCalendar;
use crate::closing::shixin_deletable_after_requeries;
use crate::ids::citizen_id::Sex;
use crate::limits::NAME_CHARS_MAX;
use crate::money::Amount;

/// Most behaviours one decision records: enough for any real decision, and it bounds the event.
pub const BEHAVIOURS_MAX: usize = 20;

/// 失信规定 第二条: the term of a listing on grounds 2–6, in years.
pub const TERM_YEARS: u8 = 2;

/// 失信规定 第二条: the extension is one to three years.
pub const EXTENSION_YEARS_MAX: u8 = 3;

/// 善意文明执行意见 (法发〔2019〕35号): a grace period (宽限期) of one to three months before publication.
pub const GRACE_MONTHS_MAX: u8 = 3;

/// 失信规定 第十条: removal within three working days of its trigger, or of the end of the term.
pub const REMOVAL_WORKING_DAYS: u32 = 3;

/// 失信规定 第十条第四款: after a removal at the applicant's request, the same applicant's new application is
/// not supported for six months.
pub const RELISTING_BAR_MONTHS: u32 = 6;

/// 失信规定 第十二条: the court reviews a correction request within 15 days of receiving it.
pub const CORRECTION_REVIEW_DAYS: u32 = 15;

/// 失信规定 第十二条 (and 第九条 [unconfirmed for 更正]): a valid request is acted on within three working days.
pub const CORRECTION_FIX_WORKING_DAYS: u32 = 3;

/// 失信规定 第十二条: reconsideration (复议) is applied for within 10 days of service of the rejection.
pub const RECONSIDERATION_APPLY_DAYS: u32 = 10;

/// 失信规定 第十二条: the court one level up decides the reconsideration within 15 days of receiving it.
pub const RECONSIDERATION_DECISION_DAYS: u32 = 15;

/// The age of majority for 失信规定 第四条 (民法典 第十七条: 十八周岁以上的自然人为成年人).
pub const MAJORITY_AGE_YEARS: u32 = 18;

/// The six grounds of listing, 失信规定 第一条 (each on top of the precondition that the debtor has not
/// performed the obligation of the effective legal document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShixinGround {
    /// (一) 有履行能力而拒不履行生效法律文书确定义务.
    AbleButRefuses,
    /// (二) 以伪造证据、暴力、威胁等方法妨碍、抗拒执行.
    Obstructs,
    /// (三) 以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行.
    Evades,
    /// (四) 违反财产报告制度.
    BreachesPropertyReport,
    /// (五) 违反限制消费令.
    BreachesConsumptionOrder,
    /// (六) 无正当理由拒不履行执行和解协议.
    BreachesSettlement,
}

/// The means of an obstruction (ground 2): "以伪造证据、暴力、威胁等方法".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObstructionMeans {
    ForgedEvidence,
    Violence,
    Threat,
    /// Another means of the same kind ("等方法").
    Other,
}

/// The means of an evasion (ground 3): "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvasionMeans {
    FalseLitigation,
    FalseArbitration,
    ConcealingProperty,
    TransferringProperty,
    Other,
}

/// How the property report order was breached (ground 4; 财产调查规定 第十条: 拒绝报告、虚假报告或者无正当理由
/// 逾期报告).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportBreach {
    Refused,
    False,
    Late,
}

/// The facts recorded for ground 1, including those of the bars of 失信规定 第三条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbilityFacts {
    /// 第三条第(一)项: the debtor gave sufficient and effective security (充分有效担保).
    pub security_given: bool,
    /// 第三条第(二)项: property seized, detained or frozen suffices to pay the debt.
    pub seized_property_suffices: bool,
    /// 第三条第(三)项: the debtor is later in the order of performance and may not be enforced against yet.
    pub later_in_order: bool,
    /// 第三条第(四)项: the court found that the debtor is not in fact able to perform.
    pub not_able: bool,
}

/// The facts of one behaviour, by its ground (失信规定 第一条; 第六条第(四)项 "失信行为的具体情形").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "ground", rename_all = "snake_case")]
pub enum GroundFacts {
    AbleButRefuses(AbilityFacts),
    Obstructs {
        means: ObstructionMeans,
        /// 情节严重: a ground of extension (第二条) when the means is violence or threat.
        serious: bool,
    },
    Evades {
        means: EvasionMeans,
    },
    BreachesPropertyReport {
        breach: ReportBreach,
    },
    BreachesConsumptionOrder {
        /// The order breached.
        order_id: String,
        /// The item of 限消规定 第三条 consumed.
        item: ConsumptionItem,
        /// When.
        on: NaiveDate,
    },
    BreachesSettlement {
        /// When the settlement agreement (执行和解协议) was reached.
        agreed_on: NaiveDate,
    },
}

/// One dishonest behaviour (失信行为): its facts and its description as the decision states it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub facts: GroundFacts,
    /// 失信行为的具体情形 (第六条第(四)项).
    pub conduct: String,
}

/// A bar of 失信规定 第三条 to listing on ground 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ground1Bar {
    SecurityGiven,
    SeizedPropertySuffices,
    LaterInOrder,
    NotAble,
}

/// The term of a listing (失信规定 第二条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ListingTerm {
    /// Ground 1: no fixed term; the listing stays until a 第十条第一款 removal.
    Open,
    /// Grounds 2–6: `years` (two, plus any extension) from the decision; the listing is in force through
    /// `ends_on`.
    Fixed { years: u8, ends_on: NaiveDate },
}

/// Why a term may be extended (失信规定 第二条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionReason {
    /// 以暴力、威胁方法妨碍、抗拒执行情节严重.
    SeriousViolentObstruction,
    /// 具有多项失信行为.
    SeveralBehaviours,
}

/// What the court needs to decide a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingApplication {
    /// The id the listing is known by in the debtor's record (unique per debtor).
    pub listing_id: String,
    /// The enforcement case (执行案号), and its filing date (立案时间).
    pub case_number: String,
    pub filed_on: NaiveDate,
    /// The enforcing court (执行法院).
    pub court: String,
    /// The issuer of the enforcement basis and its document number (执行依据的制作单位和文号).
    pub basis_issuer: String,
    pub basis_number: String,
    pub debtor: Debtor,
    /// The obligation of the effective legal document (生效法律文书确定的义务).
    pub obligation: String,
    /// How far it is performed (被执行人的履行情况), in words.
    pub performance: String,
    /// What is unpaid, for the decision, the notice and grading.
    pub unpaid: Amount,
    /// The precondition of 第一条: the obligation is not (fully) performed.
    pub obligation_unperformed: bool,
    pub behaviours: Vec<Behaviour>,
    pub initiation: Initiation,
    /// Years of extension chosen by the court (0 for none).
    pub extension_years: u8,
    /// Months of grace before publication chosen by the court (0 for none).
    pub grace_months: u8,
    /// The day of the decision, from which it is effective (第五条).
    pub decided_on: NaiveDate,
}

/// The particulars of the debtor a decision records and publishes (失信规定 第六条第(一)、(二)项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DebtorParticulars {
    /// 姓名、性别、年龄、身份证号码.
    Person { name: String, sex: Sex, age: u32, id_number: String },
    /// 名称、统一社会信用代码、法定代表人或者负责人姓名.
    Organisation { name: String, uscc: String, representative: String },
}

/// The decision to list (纳入失信被执行人名单决定书, 失信规定 第五条, 第六条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingDecision {
    pub listing_id: String,
    pub court: String,
    pub case_number: String,
    pub filed_on: NaiveDate,
    pub basis_issuer: String,
    pub basis_number: String,
    pub debtor: DebtorParticulars,
    pub debtor_id: SubjectId,
    pub public_status: PublicStatus,
    pub obligation: String,
    pub performance: String,
    pub unpaid: Amount,
    pub behaviours: Vec<Behaviour>,
    /// The distinct grounds of the behaviours, in the order of 第一条.
    pub grounds: Vec<ShixinGround>,
    pub initiation: Initiation,
    /// The day of the decision; it is effective from that day (第五条: 自作出之日起生效).
    pub decided_on: NaiveDate,
    pub term: ListingTerm,
    pub extension: Option<ExtensionReason>,
    /// Publication (and linkage screening) starts on this day: the decision day, or the end of the grace
    /// period (善意文明执行意见: 宽限期内暂不发布).
    pub published_from: NaiveDate,
    /// The articles the decision rests on.
    pub legal_basis: Vec<&'static str>,
    /// Who signs the decision: 院长 (失信规定 第五条 [unconfirmed], LAW.md §1).
    pub signed_by: &'static str,
    /// The debtor's remedy, as the decision tells it.
    pub remedy: &'static str,
}

/// What makes a listing go (失信规定 第十条, and 第二条第三款 for early removal of a fixed-term listing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalTrigger {
    /// 第十条第一款第(一)项: the obligation is performed, or the court has enforced it in full.
    Performed,
    /// (二): a settlement agreement is reached and fully performed.
    SettlementPerformed,
    /// (三): the applicant asks in writing and the court agrees.
    ApplicantRequest,
    /// (四): after 终本, two or more network queries found nothing and no effective lead was given.
    EmptyRequeries,
    /// (五): enforcement is suspended by a ruling under 审判监督 or bankruptcy.
    SuspendedByRetrialOrBankruptcy,
    /// (六): a ruling of 不予执行.
    NotEnforced,
    /// (七): a ruling of 终结执行.
    Terminated,
    /// 第十条第二款: the term ended.
    TermEnded,
    /// 第二条第三款: the debtor performs actively or corrects the behaviour (积极履行、主动纠正).
    GoodConduct,
}

/// What the court must or may do about a removal trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemovalDuty {
    /// Must remove by `due_by` (the third working day after the trigger).
    Mandatory { due_by: NaiveDate },
    /// May remove (第二条第三款: 可以决定提前删除); no time limit.
    Discretionary,
}

/// The network re-queries after 终本, for trigger (四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Requeries {
    /// Queries that found no property to enforce.
    pub empty: u32,
    /// The applicant or anyone else gave an effective property lead.
    pub leads_given: bool,
}

/// The grounds of a correction request (失信规定 第十一条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionGround {
    /// (一) 不应将其纳入失信被执行人名单: the listing is revoked (撤销).
    WronglyListed,
    /// (二) 记载和公布的失信信息不准确: the information is corrected (更正).
    Inaccurate,
    /// (三) 失信信息应予删除: the listing is removed (删除).
    ShouldBeRemoved,
}

/// The periods of a correction request (失信规定 第十二条), from the dates given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CorrectionPeriods {
    /// The review is due by this day (15 days after receipt).
    pub review_due: NaiveDate,
}

impl ShixinGround {
    /// The six grounds in the order of 第一条.
    pub const ALL: [ShixinGround; 6] = [
        Self::AbleButRefuses,
        Self::Obstructs,
        Self::Evades,
        Self::BreachesPropertyReport,
        Self::BreachesConsumptionOrder,
        Self::BreachesSettlement,
    ];

    /// The item of 第一条 (1–6).
    pub fn item(self) -> u8 {
        match self {
            Self::AbleButRefuses => 1,
            Self::Obstructs => 2,
            Self::Evades => 3,
            Self::BreachesPropertyReport => 4,
            Self::BreachesConsumptionOrder => 5,
            Self::BreachesSettlement => 6,
        }
    }

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AbleButRefuses => "able_but_refuses",
            Self::Obstructs => "obstructs",
            Self::Evades => "evades",
            Self::BreachesPropertyReport => "breaches_property_report",
            Self::BreachesConsumptionOrder => "breaches_consumption_order",
            Self::BreachesSettlement => "breaches_settlement",
        }
    }

    /// The words of 第一条.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::AbleButRefuses => "有履行能力而拒不履行生效法律文书确定义务",
            Self::Obstructs => "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
            Self::Evades => "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
            Self::BreachesPropertyReport => "违反财产报告制度",
            Self::BreachesConsumptionOrder => "违反限制消费令",
            Self::BreachesSettlement => "无正当理由拒不履行执行和解协议",
        }
    }

    /// The article and item.
    pub fn source(self) -> &'static str {
        match self {
            Self::AbleButRefuses => "失信规定 第一条第(一)项",
            Self::Obstructs => "失信规定 第一条第(二)项",
            Self::Evades => "失信规定 第一条第(三)项",
            Self::BreachesPropertyReport => "失信规定 第一条第(四)项",
            Self::BreachesConsumptionOrder => "失信规定 第一条第(五)项",
            Self::BreachesSettlement => "失信规定 第一条第(六)项",
        }
    }

    /// Whether a listing on this ground has a fixed term (第二条: grounds 2–6 do, ground 1 does not).
    pub fn has_fixed_term(self) -> bool {
        self != Self::AbleButRefuses
    }

    /// The ground whose code is `s`.
    pub fn parse(s: &str) -> Option<ShixinGround> {
        Self::ALL.into_iter().find(|g| g.code() == s)
    }
}

impl GroundFacts {
    /// The ground these facts are recorded under.
    pub fn ground(&self) -> ShixinGround {
        match self {
            Self::AbleButRefuses(_) => ShixinGround::AbleButRefuses,
            Self::Obstructs { .. } => ShixinGround::Obstructs,
            Self::Evades { .. } => ShixinGround::Evades,
            Self::BreachesPropertyReport { .. } => ShixinGround::BreachesPropertyReport,
            Self::BreachesConsumptionOrder { .. } => ShixinGround::BreachesConsumptionOrder,
            Self::BreachesSettlement { .. } => ShixinGround::BreachesSettlement,
        }
    }
}

impl Ground1Bar {
    /// A stable code (also the rejection's code).
    pub fn code(self) -> &'static str {
        match self {
            Self::SecurityGiven => "security_given",
            Self::SeizedPropertySuffices => "seized_property_suffices",
            Self::LaterInOrder => "later_in_order",
            Self::NotAble => "not_able_to_perform",
        }
    }

    /// The item of 第三条.
    pub fn source(self) -> &'static str {
        match self {
            Self::SecurityGiven => "失信规定 第三条第(一)项",
            Self::SeizedPropertySuffices => "失信规定 第三条第(二)项",
            Self::LaterInOrder => "失信规定 第三条第(三)项",
            Self::NotAble => "失信规定 第三条第(四)项",
        }
    }

    /// The words of 第三条.
    pub fn reason_zh(self) -> &'static str {
        match self {
            Self::SecurityGiven => "提供了充分有效担保",
            Self::SeizedPropertySuffices => {
                "已被采取查封、扣押、冻结等措施的财产足以清偿生效法律文书确定债务"
            }
            Self::LaterInOrder => "被执行人履行顺序在后，对其依法不应强制执行",
            Self::NotAble => "不属于有履行能力而拒不履行生效法律文书确定义务",
        }
    }
}

impl ListingTerm {
    /// The last day the listing is in force under its term, if it has one.
    pub fn ends_on(self) -> Option<NaiveDate> {
        match self {
            Self::Open => None,
            Self::Fixed { ends_on, .. } => Some(ends_on),
        }
    }
}

impl RemovalTrigger {
    pub const ALL: [RemovalTrigger; 9] = [
        Self::Performed,
        Self::SettlementPerformed,
        Self::ApplicantRequest,
        Self::EmptyRequeries,
        Self::SuspendedByRetrialOrBankruptcy,
        Self::NotEnforced,
        Self::Terminated,
        Self::TermEnded,
        Self::GoodConduct,
    ];

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Performed => "performed",
            Self::SettlementPerformed => "settlement_performed",
            Self::ApplicantRequest => "applicant_request",
            Self::EmptyRequeries => "empty_requeries",
            Self::SuspendedByRetrialOrBankruptcy => "suspended_by_retrial_or_bankruptcy",
            Self::NotEnforced => "not_enforced",
            Self::Terminated => "terminated",
            Self::TermEnded => "term_ended",
            Self::GoodConduct => "good_conduct",
        }
    }

    /// The article and item.
    pub fn source(self) -> &'static str {
        match self {
            Self::Performed => "失信规定 第十条第一款第(一)项",
            Self::SettlementPerformed => "失信规定 第十条第一款第(二)项",
            Self::ApplicantRequest => "失信规定 第十条第一款第(三)项",
            Self::EmptyRequeries => "失信规定 第十条第一款第(四)项",
            Self::SuspendedByRetrialOrBankruptcy => "失信规定 第十条第一款第(五)项",
            Self::NotEnforced => "失信规定 第十条第一款第(六)项",
            Self::Terminated => "失信规定 第十条第一款第(七)项",
            Self::TermEnded => "失信规定 第十条第二款",
            Self::GoodConduct => "失信规定 第二条第三款",
        }
    }

    /// The trigger as the decision names it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Performed => "被执行人已履行义务或人民法院已执行完毕",
            Self::SettlementPerformed => "当事人达成执行和解协议且已履行完毕",
            Self::ApplicantRequest => "申请执行人书面申请删除失信信息，人民法院审查同意",
            Self::EmptyRequeries => {
                "终结本次执行程序后，两次以上网络查询均无财产且申请执行人未提供有效财产线索"
            }
            Self::SuspendedByRetrialOrBankruptcy => {
                "因审判监督或破产程序，人民法院依法裁定对被执行人中止执行"
            }
            Self::NotEnforced => "人民法院依法裁定不予执行",
            Self::Terminated => "人民法院依法裁定终结执行",
            Self::TermEnded => "失信期限届满",
            Self::GoodConduct => "被执行人积极履行义务或主动纠正失信行为，提前删除",
        }
    }

    /// The trigger whose code is `s`.
    pub fn parse(s: &str) -> Option<RemovalTrigger> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    /// Whether it is one of the seven triggers of 第十条第一款.
    pub fn is_first_paragraph(self) -> bool {
        !matches!(self, Self::TermEnded | Self::GoodConduct)
    }
}

impl CorrectionGround {
    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::WronglyListed => "wrongly_listed",
            Self::Inaccurate => "inaccurate",
            Self::ShouldBeRemoved => "should_be_removed",
        }
    }

    /// The item of 第十一条.
    pub fn source(self) -> &'static str {
        match self {
            Self::WronglyListed => "失信规定 第十一条第(一)项",
            Self::Inaccurate => "失信规定 第十一条第(二)项",
            Self::ShouldBeRemoved => "失信规定 第十一条第(三)项",
        }
    }
}

/// 失信规定 第三条: the bar, if any, to listing on ground 1 — sufficient security, seized property that
/// suffices, a debtor later in the order of performance, or a debtor not in fact able to perform. The bars
/// concern ground 1 only: grounds 2–6 stay available.
pub fn shixin_art3_bar(facts: &AbilityFacts) -> Option<Ground1Bar> {
    if facts.security_given {
        Some(Ground1Bar::SecurityGiven)
    } else if facts.seized_property_suffices {
        Some(Ground1Bar::SeizedPropertySuffices)
    } else if facts.later_in_order {
        Some(Ground1Bar::LaterInOrder)
    } else if facts.not_able {
        Some(Ground1Bar::NotAble)
    } else {
        None
    }
}

/// 失信规定 第四条: a debtor who is a minor (未成年人) is never listed.
///
/// A person is taken to be of age only from the day after the 18th birthday — the reading of 周岁 the SPC
/// gives in 法释〔2006〕1号 第二条 ("从周岁生日的第二天起算"; not in LAW.md, chosen because it is the reading
/// that never lists a minor). A birthday on 29 February falls on 1 March in a common year.
pub fn shixin_art4_is_minor(birth_date: NaiveDate, on: NaiveDate) -> bool {
    on <= birthday(birth_date, MAJORITY_AGE_YEARS)
}

/// The age in full years on `on` (失信规定 第六条第(二)项 "年龄"), the birthday itself counting.
pub fn age_on(birth_date: NaiveDate, on: NaiveDate) -> u32 {
    let years = on.year() - birth_date.year();
    let before_birthday = (on.month(), on.day()) < (birth_date.month(), birth_date.day());
    u32::try_from(years - i32::from(before_birthday)).unwrap_or(0)
}

/// 失信规定 第二条: whether the term may be extended, and why — serious obstruction by violence or threat, or
/// several dishonest behaviours (more than one behaviour recorded).
pub fn shixin_art2_extension_reason(behaviours: &[Behaviour]) -> Option<ExtensionReason> {
    let violent_and_serious = behaviours.iter().any(|b| {
        matches!(
            b.facts,
            GroundFacts::Obstructs {
                means: ObstructionMeans::Violence | ObstructionMeans::Threat,
                serious: true
            }
        )
    });
    if violent_and_serious {
        Some(ExtensionReason::SeriousViolentObstruction)
    } else if behaviours.len() > 1 {
        Some(ExtensionReason::SeveralBehaviours)
    } else {
        None
    }
}

/// 失信规定 第二条: the term of a listing decided on `decided_on`.
///
/// - Ground 1 alone: no fixed term ([`ListingTerm::Open`]); an extension is refused.
/// - Grounds 2–6: two years, plus `extension_years` (1–3) when [`shixin_art2_extension_reason`] allows it.
///   The term runs from the decision (第五条: effective from the day it is made); the start day is not
///   counted (LAW.md §16), so it ends on the same day of the month `years` later (29 February → 28
///   February) and the listing is in force through that day. The holiday rule of 民事诉讼法 第八十五条 is not
///   applied: it lengthens periods for acting, and a listing term is not one.
/// - Ground 1 with any of grounds 2–6 in one decision is refused ([`CreditRejection::MixedTermRegimes`]): the
///   text gives one an open term and the other a fixed one, so the court decides them apart (a choice of
///   zhixing: the text does not say which term a mixed decision has).
pub fn shixin_art2_term(
    behaviours: &[Behaviour],
    extension_years: u8,
    decided_on: NaiveDate,
) -> Result<(ListingTerm, Option<ExtensionReason>), CreditRejection> {
    let open = behaviours.iter().any(|b| !b.facts.ground().has_fixed_term());
    let fixed = behaviours.iter().any(|b| b.facts.ground().has_fixed_term());
    match (open, fixed) {
        (false, false) => Err(CreditRejection::NoGround),
        (true, true) => Err(CreditRejection::MixedTermRegimes),
        (true, false) if extension_years > 0 => Err(CreditRejection::ExtensionWithoutTerm),
        (true, false) => Ok((ListingTerm::Open, None)),
        (false, true) => {
            let reason = shixin_art2_extension_reason(behaviours);
            if extension_years > EXTENSION_YEARS_MAX {
                return Err(CreditRejection::ExtensionOutOfRange);
            }
            if extension_years > 0 && reason.is_none() {
                return Err(CreditRejection::ExtensionNotAllowed);
            }
            let years = TERM_YEARS + extension_years;
            let ends_on = decided_on
                .checked_add_months(Months::new(12 * u32::from(years)))
                .ok_or(CreditRejection::DateOrder { field: "decided_on" })?;
            Ok((ListingTerm::Fixed { years, ends_on }, reason.filter(|_| extension_years > 0)))
        }
    }
}

/// 失信规定 第五条, 第六条 (with 第一条–第四条): the decision on one application, or the first reason it
/// cannot be made.
///
/// Checked in order: the texts and references; the precondition of 第一条 (the obligation unperformed); at
/// least one behaviour (at most [`BEHAVIOURS_MAX`]); 第四条 (never a minor, from the birth date in the
/// 公民身份号码); 第三条 for each ground-1 behaviour; 第二条 (the term); the grace period (0–3 months,
/// 善意文明执行意见). The decision is effective from `decided_on`; publication starts after the grace period.
pub fn shixin_art5_decision(app: &ListingApplication) -> Result<ListingDecision, CreditRejection> {
    let listing_id = text("listing_id", &app.listing_id, REFERENCE_CHARS_MAX)?;
    let case = case_number("case_number", &app.case_number)?;
    let court = text("court", &app.court, NAME_CHARS_MAX)?;
    let basis_issuer = text("basis_issuer", &app.basis_issuer, NAME_CHARS_MAX)?;
    let basis_number = text("basis_number", &app.basis_number, REFERENCE_CHARS_MAX)?;
    let obligation = text("obligation", &app.obligation, CREDIT_TEXT_CHARS_MAX)?;
    let performance = text("performance", &app.performance, CREDIT_TEXT_CHARS_MAX)?;
    let debtor = particulars(&app.debtor, app.decided_on)?;
    let public_status = app.debtor.public_status.validated()?;
    if app.filed_on > app.decided_on {
        return Err(CreditRejection::DateOrder { field: "decided_on" });
    }
    if let Initiation::OnApplication { applicant, applied_on } = &app.initiation {
        text("initiation.applicant", applicant, NAME_CHARS_MAX)?;
        if *applied_on > app.decided_on {
            return Err(CreditRejection::DateOrder { field: "initiation.applied_on" });
        }
    }
    if !app.obligation_unperformed {
        return Err(CreditRejection::ObligationPerformed);
    }
    if app.behaviours.is_empty() {
        return Err(CreditRejection::NoGround);
    }
    if app.behaviours.len() > BEHAVIOURS_MAX {
        return Err(CreditRejection::TooMany { field: "behaviours", max: BEHAVIOURS_MAX });
    }
    let minor = match &app.debtor.id {
        SubjectId::Citizen(id) => shixin_art4_is_minor(id.birth_date(), app.decided_on),
        SubjectId::Uscc(_) => false,
    };
    if minor {
        return Err(CreditRejection::Minor);
    }
    let mut behaviours = Vec::with_capacity(app.behaviours.len());
    for behaviour in &app.behaviours {
        if let GroundFacts::AbleButRefuses(facts) = &behaviour.facts
            && let Some(bar) = shixin_art3_bar(facts)
        {
            return Err(CreditRejection::Ground1Barred(bar));
        }
        behaviours.push(Behaviour {
            facts: behaviour.facts.clone(),
            conduct: text("behaviours.conduct", &behaviour.conduct, CREDIT_TEXT_CHARS_MAX)?,
        });
    }
    let (term, extension) = shixin_art2_term(&behaviours, app.extension_years, app.decided_on)?;
    if app.grace_months > GRACE_MONTHS_MAX {
        return Err(CreditRejection::GraceOutOfRange);
    }
    let published_from = app
        .decided_on
        .checked_add_months(Months::new(u32::from(app.grace_months)))
        .ok_or(CreditRejection::DateOrder { field: "grace_months" })?;
    let mut grounds: Vec<ShixinGround> = behaviours.iter().map(|b| b.facts.ground()).collect();
    grounds.sort();
    grounds.dedup();
    let mut legal_basis: Vec<&'static str> = grounds.iter().map(|g| g.source()).collect();
    legal_basis.push(match term {
        ListingTerm::Open => "失信规定 第十条第一款",
        ListingTerm::Fixed { .. } => "失信规定 第二条",
    });
    legal_basis.push("失信规定 第五条");
    Ok(ListingDecision {
        listing_id,
        court,
        case_number: case,
        filed_on: app.filed_on,
        basis_issuer,
        basis_number,
        debtor,
        debtor_id: app.debtor.id.clone(),
        public_status,
        obligation,
        performance,
        unpaid: app.unpaid,
        behaviours,
        grounds,
        initiation: app.initiation.clone(),
        decided_on: app.decided_on,
        term,
        extension,
        published_from,
        legal_basis,
        signed_by: "院长",
        remedy: "被执行人认为有失信规定第十一条情形的，可以向执行法院申请纠正 (失信规定 第十一条、第十二条)",
    })
}

/// 失信规定 第十条: what the court must or may do when `trigger` happens on `trigger_on` to a listing with
/// `term`.
///
/// - An open listing (ground 1): the seven triggers of 第十条第一款 make removal mandatory by the third
///   working day after the trigger (LAW.md §16: the trigger day not counted). Trigger (四) needs at least
///   two empty re-queries and no effective lead ([`shixin_deletable_after_requeries`]).
/// - A fixed-term listing: "有纳入期限的，不适用前款规定" — the seven triggers do not apply; the listing is
///   removed by the third working day after the term ends ([`RemovalTrigger::TermEnded`], `trigger_on` on or
///   after the last day of the term). Before that the court may remove it early when the debtor performs
///   or corrects the behaviour (第二条第三款): [`RemovalTrigger::GoodConduct`], or `Performed` /
///   `SettlementPerformed`, which are both kinds of active performance.
pub fn shixin_art10_removal(
    term: ListingTerm,
    trigger: RemovalTrigger,
    trigger_on: NaiveDate,
    requeries: Requeries,
    calendar: &LegalCalendar,
) -> Result<RemovalDuty, CreditRejection> {
    let not_applicable = |why| Err(CreditRejection::TriggerNotApplicable { trigger: trigger.code(), why });
    let mandatory = |from: NaiveDate| {
        working_days_after(calendar, from, REMOVAL_WORKING_DAYS, "trigger_on")
            .map(|due_by| RemovalDuty::Mandatory { due_by })
    };
    match (term, trigger) {
        (ListingTerm::Open, RemovalTrigger::TermEnded | RemovalTrigger::GoodConduct) => {
            not_applicable("a listing on ground 1 has no term (失信规定 第二条)")
        }
        (ListingTerm::Open, RemovalTrigger::EmptyRequeries)
            if !shixin_deletable_after_requeries(requeries.empty, requeries.leads_given) =>
        {
            not_applicable(
                "needs two or more empty re-queries and no effective lead (失信规定 第十条第一款第(四)项)",
            )
        }
        (ListingTerm::Open, _) => mandatory(trigger_on),
        (ListingTerm::Fixed { ends_on, .. }, RemovalTrigger::TermEnded) => {
            if trigger_on < ends_on {
                return not_applicable("the term has not ended (失信规定 第十条第二款)");
            }
            mandatory(ends_on)
        }
        (
            ListingTerm::Fixed { .. },
            RemovalTrigger::GoodConduct | RemovalTrigger::Performed | RemovalTrigger::SettlementPerformed,
        ) => Ok(RemovalDuty::Discretionary),
        (ListingTerm::Fixed { .. }, _) => {
            not_applicable("a listing with a term is removed when the term ends (失信规定 第十条第二款)")
        }
    }
}

/// 失信规定 第十条第三款: after a removal the court may list the debtor again when a ground of 第一条 exists
/// again. A listing that was revoked as wrongly made, or removed, does not stand in the way; the new listing
/// is decided like any other ([`shixin_art5_decision`]).
///
/// 第十条第四款: after a removal at the applicant's request (第一款第(三)项), the same applicant's application
/// to list the debtor again within six months is not supported. Returns the last day of the bar when
/// `initiation` falls in it: an application by `applicant` received on or before `removed_on` + 6 months
/// (the removal day not counted, LAW.md §16). The bar does not touch a listing by the court of its own
/// motion or on another applicant's application.
pub fn shixin_art10_relisting_bar(
    removal: RemovalTrigger,
    removed_on: NaiveDate,
    applicant: Option<&str>,
    initiation: &Initiation,
) -> Option<NaiveDate> {
    if removal != RemovalTrigger::ApplicantRequest {
        return None;
    }
    let Initiation::OnApplication { applicant: new_applicant, applied_on } = initiation else {
        return None;
    };
    if applicant.map(str::trim) != Some(new_applicant.trim()) {
        return None;
    }
    let barred_through = removed_on.checked_add_months(Months::new(RELISTING_BAR_MONTHS))?;
    (*applied_on <= barred_through).then_some(barred_through)
}

/// 失信规定 第十二条: the day by which the court reviews a correction request received on `received_on` (15
/// days, a period of LAW.md §16).
pub fn shixin_art12_review_due(
    received_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<NaiveDate, CreditRejection> {
    period_end(calendar, received_on, CORRECTION_REVIEW_DAYS, "received_on")
}

/// 失信规定 第十二条 (and 第九条): a request found valid on `found_on` is acted on — the listing revoked, the
/// information corrected or the listing removed — by the third working day after.
pub fn shixin_art12_fix_due(
    found_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<NaiveDate, CreditRejection> {
    working_days_after(calendar, found_on, CORRECTION_FIX_WORKING_DAYS, "decided_on")
}

/// 失信规定 第十二条: the last day to apply for reconsideration (复议) to the court one level up, 10 days
/// after the rejection is served on `served_on`. Reconsideration does not suspend the listing (复议期间不停止
/// 原决定的执行).
pub fn shixin_art12_reconsideration_deadline(
    served_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<NaiveDate, CreditRejection> {
    period_end(calendar, served_on, RECONSIDERATION_APPLY_DAYS, "served_on")
}

/// 失信规定 第十二条: the day by which the court one level up decides a reconsideration received on
/// `received_on` (15 days).
pub fn shixin_art12_reconsideration_due(
    received_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<NaiveDate, CreditRejection> {
    period_end(calendar, received_on, RECONSIDERATION_DECISION_DAYS, "received_on")
}

/// 失信规定 第六条第(一)、(二)项: the debtor's particulars on the decision.
fn particulars(debtor: &Debtor, on: NaiveDate) -> Result<DebtorParticulars, CreditRejection> {
    let name = text("debtor.name", &debtor.name, NAME_CHARS_MAX)?;
    Ok(match &debtor.id {
        SubjectId::Citizen(id) => DebtorParticulars::Person {
            name,
            sex: id.sex(),
            age: age_on(id.birth_date(), on),
            id_number: id.as_str().to_owned(),
        },
        SubjectId::Uscc(code) => DebtorParticulars::Organisation {
            name,
            uscc: code.as_str().to_owned(),
            representative: text(
                "debtor.representative",
                debtor.representative.as_deref().unwrap_or(""),
                NAME_CHARS_MAX,
            )?,
        },
    })
}

/// The `years`-th birthday of someone born on `birth_date`; 29 February falls on 1 March in a common year.
fn birthday(birth_date: NaiveDate, years: u32) -> NaiveDate {
    let year = birth_date.year().saturating_add(i32::try_from(years).unwrap_or(i32::MAX));
    NaiveDate::from_ymd_opt(year, birth_date.month(), birth_date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;
