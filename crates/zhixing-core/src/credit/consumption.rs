//! The consumption restriction order (限制消费令), 限消规定 (2015 amended text, LAW.md §2): when the court
//! may or must restrict (第一条), the nine items (第三条第一款), whom an order on an organisation covers
//! (第三条第二款), the order's contents (第四条–第七条, 2010 wording), necessary consumption by application
//! (第三条第二款, 第八条) and lifting (第九条; 善意文明执行意见 第17条).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    CREDIT_TEXT_CHARS_MAX, CreditRejection, Debtor, Duty, Initiation, REFERENCE_CHARS_MAX, SubjectId,
    case_number, text,
};
use crate::closing::DebtorKind;
use crate::ids::citizen_id::CitizenId;
use crate::limits::NAME_CHARS_MAX;

/// Most persons one order covers besides the debtor: bounds the event; an organisation has one legal
/// representative and a handful of persons responsible.
pub const COVERED_PERSONS_MAX: usize = 20;

/// Longest window of one permit for necessary consumption, in days counting both ends: a bound on input, not a rule of law (the 规定
/// sets none); a court allows what it allows one trip or one payment at a time.
pub const PERMIT_DAYS_MAX: i64 = 366;

/// The nine items of 限消规定 第三条第一款 (2015 text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsumptionItem {
    /// (一) 乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位.
    Transport,
    /// (二) 在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费.
    LuxuryVenues,
    /// (三) 购买不动产或者新建、扩建、高档装修房屋.
    RealEstate,
    /// (四) 租赁高档写字楼、宾馆、公寓等场所办公.
    HighEndOffice,
    /// (五) 购买非经营必需车辆.
    Vehicle,
    /// (六) 旅游、度假.
    Travel,
    /// (七) 子女就读高收费私立学校.
    PrivateSchool,
    /// (八) 支付高额保费购买保险理财产品.
    HighPremiumInsurance,
    /// (九) 乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为.
    TrainsAndOther,
}

/// A set of [`ConsumptionItem`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ItemSet(u16);

/// Whom an order covers (限消规定 第三条; for exit, 执行程序解释 第二十四条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoveredRole {
    /// The debtor itself (a person, or an organisation).
    Debtor,
    /// 法定代表人.
    LegalRepresentative,
    /// 主要负责人.
    PrincipalOfficer,
    /// 影响债务履行的直接责任人员.
    DirectlyResponsible,
    /// 实际控制人 (added by the 2015 amendment).
    ActualController,
}

/// A person an order on an organisation covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoveredPerson {
    pub role: CoveredRole,
    pub name: String,
    pub id: CitizenId,
}

/// What the court needs to make a consumption restriction order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumptionOrderApplication {
    pub order_id: String,
    pub case_number: String,
    pub court: String,
    pub debtor: Debtor,
    /// For an organisation, the persons of 第三条第二款 the order names; empty for a person debtor.
    pub persons: Vec<CoveredPerson>,
    /// The items restricted (第六条 [2010 wording]: the order states its items); usually all nine.
    pub items: ItemSet,
    /// The end of the order's period (期间), or `None` for an order until it is lifted (the common case:
    /// the 规定 sets no term, LAW.md §2).
    pub until: Option<NaiveDate>,
    /// 第一条: the debtor did not perform within the period of the 执行通知.
    pub unperformed_after_notice: bool,
    /// 第一条第二款: the debtor is on the dishonest debtor list.
    pub listed: bool,
    pub initiation: Initiation,
    pub ordered_on: NaiveDate,
}

/// A consumption restriction order (限制消费令).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumptionOrder {
    pub order_id: String,
    pub case_number: String,
    pub court: String,
    pub debtor_name: String,
    pub debtor_id: SubjectId,
    /// The debtor (role [`CoveredRole::Debtor`]) is always covered; these are the others.
    pub persons: Vec<CoveredPerson>,
    pub items: ItemSet,
    pub until: Option<NaiveDate>,
    pub initiation: Initiation,
    pub ordered_on: NaiveDate,
    /// Mandatory when the debtor is listed, otherwise discretionary (第一条).
    pub duty: Duty,
    /// 限消规定 第十一条: what breaking the order leads to, as the order states it.
    pub legal_consequences: &'static str,
    /// 第六条 [2010 wording]: the order is signed by the president (院长签发).
    pub signed_by: &'static str,
    pub legal_basis: Vec<&'static str>,
}

/// Why a restriction (consumption or exit) is lifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiftGround {
    /// 提供确实有效的担保.
    Security,
    /// 经申请执行人同意.
    ApplicantConsent,
    /// 履行完毕: the obligations of the legal document are performed in full.
    Performed,
    /// 善意文明执行意见 第17条: a legal representative or principal officer replaced for business reasons,
    /// who shows that he is neither the actual controller nor directly responsible.
    RepresentativeChanged,
}

/// Which of the two rules allows a consumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermitKind {
    /// 第三条第二款: a person covered by an order on an organisation consumes privately with personal
    /// property (因私消费以个人财产实施); verified, the court must allow it.
    PrivateFunds,
    /// 第八条: consumption the debtor truly needs (确需); allowed only by the court's approval, beforehand.
    Necessary,
}

/// A request to consume an item despite the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitRequest {
    /// The person or organisation asking: the debtor or a covered person.
    pub subject: SubjectId,
    pub item: ConsumptionItem,
    pub kind: PermitKind,
    /// What for (a hospital visit, a business trip …).
    pub purpose: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// The court verified the facts the request rests on (审查属实).
    pub verified: bool,
}

/// A consumption allowed despite the order: screening answers "not restricted" for `item` to `subject`
/// from `from` through `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    pub subject: SubjectId,
    pub item: ConsumptionItem,
    pub kind: PermitKind,
    pub purpose: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl ConsumptionItem {
    /// The nine items in the order of 第三条.
    pub const ALL: [ConsumptionItem; 9] = [
        Self::Transport,
        Self::LuxuryVenues,
        Self::RealEstate,
        Self::HighEndOffice,
        Self::Vehicle,
        Self::Travel,
        Self::PrivateSchool,
        Self::HighPremiumInsurance,
        Self::TrainsAndOther,
    ];

    /// The item of 第三条第一款 (1–9).
    pub fn item(self) -> u8 {
        self as u8 + 1
    }

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Transport => "transport",
            Self::LuxuryVenues => "luxury_venues",
            Self::RealEstate => "real_estate",
            Self::HighEndOffice => "high_end_office",
            Self::Vehicle => "vehicle",
            Self::Travel => "travel",
            Self::PrivateSchool => "private_school",
            Self::HighPremiumInsurance => "high_premium_insurance",
            Self::TrainsAndOther => "trains_and_other",
        }
    }

    /// The words of 第三条第一款.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Transport => "乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位",
            Self::LuxuryVenues => "在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费",
            Self::RealEstate => "购买不动产或者新建、扩建、高档装修房屋",
            Self::HighEndOffice => "租赁高档写字楼、宾馆、公寓等场所办公",
            Self::Vehicle => "购买非经营必需车辆",
            Self::Travel => "旅游、度假",
            Self::PrivateSchool => "子女就读高收费私立学校",
            Self::HighPremiumInsurance => "支付高额保费购买保险理财产品",
            Self::TrainsAndOther => {
                "乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为"
            }
        }
    }

    /// The article and item.
    pub fn source(self) -> &'static str {
        const SOURCES: [&str; 9] = [
            "限消规定 第三条第一款第(一)项",
            "限消规定 第三条第一款第(二)项",
            "限消规定 第三条第一款第(三)项",
            "限消规定 第三条第一款第(四)项",
            "限消规定 第三条第一款第(五)项",
            "限消规定 第三条第一款第(六)项",
            "限消规定 第三条第一款第(七)项",
            "限消规定 第三条第一款第(八)项",
            "限消规定 第三条第一款第(九)项",
        ];
        SOURCES[self as usize]
    }

    /// The item whose code is `s`.
    pub fn parse(s: &str) -> Option<ConsumptionItem> {
        Self::ALL.into_iter().find(|item| item.code() == s)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl ItemSet {
    pub const EMPTY: ItemSet = ItemSet(0);

    /// All nine items.
    pub const ALL: ItemSet = ItemSet(0x1ff);

    pub fn contains(self, item: ConsumptionItem) -> bool {
        self.0 & item.bit() != 0
    }

    pub fn insert(&mut self, item: ConsumptionItem) {
        self.0 |= item.bit();
    }

    pub fn union(self, other: ItemSet) -> ItemSet {
        ItemSet(self.0 | other.0)
    }

    /// The items of `self` not in `other`.
    pub fn difference(self, other: ItemSet) -> ItemSet {
        ItemSet(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The items in the order of 第三条.
    pub fn iter(self) -> impl Iterator<Item = ConsumptionItem> {
        ConsumptionItem::ALL.into_iter().filter(move |item| self.contains(*item))
    }
}

impl FromIterator<ConsumptionItem> for ItemSet {
    fn from_iter<I: IntoIterator<Item = ConsumptionItem>>(items: I) -> ItemSet {
        let mut set = ItemSet::EMPTY;
        for item in items {
            set.insert(item);
        }
        set
    }
}

impl CoveredRole {
    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Debtor => "debtor",
            Self::LegalRepresentative => "legal_representative",
            Self::PrincipalOfficer => "principal_officer",
            Self::DirectlyResponsible => "directly_responsible",
            Self::ActualController => "actual_controller",
        }
    }

    /// The words of the 规定.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Debtor => "被执行人",
            Self::LegalRepresentative => "法定代表人",
            Self::PrincipalOfficer => "主要负责人",
            Self::DirectlyResponsible => "影响债务履行的直接责任人员",
            Self::ActualController => "实际控制人",
        }
    }
}

impl LiftGround {
    pub const ALL: [LiftGround; 4] =
        [Self::Security, Self::ApplicantConsent, Self::Performed, Self::RepresentativeChanged];

    /// The ground as the decision names it (限消规定 第九条; 善意文明执行意见 第17条).
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Security => "提供确实有效的担保",
            Self::ApplicantConsent => "经申请执行人同意",
            Self::Performed => "生效法律文书确定的义务已履行完毕",
            Self::RepresentativeChanged => {
                "法定代表人或主要负责人因经营需要变更，且非实际控制人或直接责任人员"
            }
        }
    }

    /// The ground whose code is `s`.
    pub fn parse(s: &str) -> Option<LiftGround> {
        Self::ALL.into_iter().find(|g| g.code() == s)
    }

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Security => "security",
            Self::ApplicantConsent => "applicant_consent",
            Self::Performed => "performed",
            Self::RepresentativeChanged => "representative_changed",
        }
    }
}

/// 限消规定 第一条: whether the court may restrict consumption — it may when the debtor did not perform
/// within the period of the 执行通知 (第一款), and must when the debtor is on the dishonest debtor list
/// (第二款).
pub fn xiaofei_art1_duty(unperformed_after_notice: bool, listed: bool) -> Duty {
    if listed {
        Duty::Mandatory
    } else if unperformed_after_notice {
        Duty::Discretionary
    } else {
        Duty::NotAvailable
    }
}

/// 限消规定 第三条: whom an order covers — a person debtor alone; an organisation and its 法定代表人,
/// 主要负责人, 影响债务履行的直接责任人员 and 实际控制人 (第二款, 2015 text; the 2010 text did not name the
/// 实际控制人).
pub fn xiaofei_art3_roles(kind: DebtorKind) -> &'static [CoveredRole] {
    match kind {
        DebtorKind::Person => &[CoveredRole::Debtor],
        DebtorKind::Organisation => &[
            CoveredRole::Debtor,
            CoveredRole::LegalRepresentative,
            CoveredRole::PrincipalOfficer,
            CoveredRole::DirectlyResponsible,
            CoveredRole::ActualController,
        ],
    }
}

/// 限消规定 第一条, 第三条, 第四条–第七条 (2010 wording): the order on one application, or the first reason
/// it cannot be made. The court must have a basis under 第一条; the persons named must hold a role of
/// [`xiaofei_art3_roles`] (the debtor itself is covered without being named), each once; at least one item;
/// a period that ends after the order's day. 第四条: usually on the applicant's written application, ex
/// officio when necessary — both are accepted.
pub fn xiaofei_art3_order(app: &ConsumptionOrderApplication) -> Result<ConsumptionOrder, CreditRejection> {
    let order_id = text("order_id", &app.order_id, REFERENCE_CHARS_MAX)?;
    let case = case_number("case_number", &app.case_number)?;
    let court = text("court", &app.court, NAME_CHARS_MAX)?;
    let debtor_name = text("debtor.name", &app.debtor.name, NAME_CHARS_MAX)?;
    let duty = xiaofei_art1_duty(app.unperformed_after_notice, app.listed);
    if duty == Duty::NotAvailable {
        return Err(CreditRejection::NotAvailable { field: "unperformed_after_notice" });
    }
    if app.items.is_empty() {
        return Err(CreditRejection::Required { field: "items" });
    }
    if app.until.is_some_and(|until| until <= app.ordered_on) {
        return Err(CreditRejection::DateOrder { field: "until" });
    }
    check_initiation(&app.initiation, app.ordered_on)?;
    let persons = covered_persons(&app.persons, xiaofei_art3_roles(app.debtor.kind()))?;
    Ok(ConsumptionOrder {
        order_id,
        case_number: case,
        court,
        debtor_name,
        debtor_id: app.debtor.id.clone(),
        persons,
        items: app.items,
        until: app.until,
        initiation: app.initiation.clone(),
        ordered_on: app.ordered_on,
        duty,
        legal_consequences: "被执行人违反限制消费令进行消费的行为属于拒不履行人民法院已经发生法律效力的判决、裁定的行为，\
                             经查证属实的，依照《中华人民共和国民事诉讼法》第一百一十四条的规定，予以拘留、罚款；\
                             情节严重，构成犯罪的，追究其刑事责任 (限消规定 第十一条)",
        signed_by: "院长",
        legal_basis: vec!["限消规定 第一条", "限消规定 第三条", "限消规定 第六条"],
    })
}

/// 限消规定 第九条 (and 善意文明执行意见 第17条): whether the court must or may lift an order — it may on
/// effective security or the applicant's consent, and must (及时, no number of days given) when the
/// obligations are performed in full; it may lift one replaced representative's restriction.
pub fn xiaofei_art9_lifting(ground: LiftGround) -> Duty {
    match ground {
        LiftGround::Security | LiftGround::ApplicantConsent | LiftGround::RepresentativeChanged => {
            Duty::Discretionary
        }
        LiftGround::Performed => Duty::Mandatory,
    }
}

/// 限消规定 第三条第二款: a person covered by an order on an organisation who consumes privately with
/// personal property may apply; verified, the court must allow it ([`Duty::Mandatory`]). Not available to
/// the debtor itself, nor under an order on a person (where 第八条 applies).
pub fn xiaofei_art3_private_consumption(
    order: &ConsumptionOrder,
    request: &PermitRequest,
) -> Result<(Duty, Permit), CreditRejection> {
    if request.kind != PermitKind::PrivateFunds {
        return Err(CreditRejection::NotAvailable { field: "kind" });
    }
    let covered_person = order.persons.iter().any(|p| SubjectId::Citizen(p.id.clone()) == request.subject);
    if !covered_person {
        return Err(CreditRejection::NotAvailable { field: "subject" });
    }
    let permit = permit(order, request)?;
    let duty = if request.verified { Duty::Mandatory } else { Duty::NotAvailable };
    Ok((duty, permit))
}

/// 限消规定 第八条: consumption the debtor (or a covered person) truly needs is allowed only by the court's
/// approval, applied for beforehand ([`Duty::Discretionary`]: 获批准后方可进行).
pub fn xiaofei_art8_necessary_consumption(
    order: &ConsumptionOrder,
    request: &PermitRequest,
) -> Result<(Duty, Permit), CreditRejection> {
    if request.kind != PermitKind::Necessary {
        return Err(CreditRejection::NotAvailable { field: "kind" });
    }
    let covered = order.debtor_id == request.subject
        || order.persons.iter().any(|p| SubjectId::Citizen(p.id.clone()) == request.subject);
    if !covered {
        return Err(CreditRejection::NotCovered { field: "subject" });
    }
    Ok((Duty::Discretionary, permit(order, request)?))
}

/// The permit a request asks for: an item the order restricts, a window inside the order's period, at
/// most [`PERMIT_DAYS_MAX`] days, and a purpose.
fn permit(order: &ConsumptionOrder, request: &PermitRequest) -> Result<Permit, CreditRejection> {
    if !order.items.contains(request.item) {
        return Err(CreditRejection::NotCovered { field: "item" });
    }
    if request.until < request.from || request.from < order.ordered_on {
        return Err(CreditRejection::DateOrder { field: "until" });
    }
    if (request.until - request.from).num_days() + 1 > PERMIT_DAYS_MAX {
        return Err(CreditRejection::TooMany { field: "until", max: PERMIT_DAYS_MAX as usize });
    }
    Ok(Permit {
        subject: request.subject.clone(),
        item: request.item,
        kind: request.kind,
        purpose: text("purpose", &request.purpose, CREDIT_TEXT_CHARS_MAX)?,
        from: request.from,
        until: request.until,
    })
}

/// An application's date, if any, not after the decision.
pub(crate) fn check_initiation(
    initiation: &Initiation,
    decided_on: NaiveDate,
) -> Result<(), CreditRejection> {
    if let Initiation::OnApplication { applicant, applied_on } = initiation {
        text("initiation.applicant", applicant, NAME_CHARS_MAX)?;
        if *applied_on > decided_on {
            return Err(CreditRejection::DateOrder { field: "initiation.applied_on" });
        }
    }
    Ok(())
}

/// The persons an order names, each with an allowed role other than the debtor's own, each once.
pub(crate) fn covered_persons(
    persons: &[CoveredPerson],
    allowed: &[CoveredRole],
) -> Result<Vec<CoveredPerson>, CreditRejection> {
    if persons.len() > COVERED_PERSONS_MAX {
        return Err(CreditRejection::TooMany { field: "persons", max: COVERED_PERSONS_MAX });
    }
    let mut out: Vec<CoveredPerson> = Vec::with_capacity(persons.len());
    for person in persons {
        if person.role == CoveredRole::Debtor || !allowed.contains(&person.role) {
            return Err(CreditRejection::RoleNotAllowed { field: "persons.role" });
        }
        if out.iter().any(|p| p.id == person.id) {
            return Err(CreditRejection::Duplicate { field: "persons.id" });
        }
        out.push(CoveredPerson {
            role: person.role,
            name: text("persons.name", &person.name, NAME_CHARS_MAX)?,
            id: person.id.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
