//! Disclosure (公开): what the public may read of the dishonest debtor list (失信被执行人名单) and of the
//! consumption restriction orders (限制消费令), as the public portal shows it.
//!
//! 失信规定 第六条 fixes the fields a listing records and publishes: for a person, the name, sex, age and
//! 身份证号码; for an organisation, its name, 统一社会信用代码 and legal representative; the obligation of
//! the effective legal document and how far it is performed; the dishonest behaviour; the issuer and number of
//! the enforcement basis, the 案号, the filing date and the court. The number is shown masked
//! ([`crate::ids::citizen_id::MaskPattern`]: the public mask is [unconfirmed] and configurable) — enough to
//! tell namesakes apart, never the whole number.
//!
//! A consumption restriction order is published with the debtor, the persons it covers (by name only), the
//! items restricted, the court, the 案号 and the date (限消规定 第十条: the court may publish it).
//!
//! An entry is public from its `published_from` (after any grace period, 善意文明执行意见) while it is in force:
//! a removed listing or a lifted order is no longer public at once (失信规定 第十条: 删除).

use chrono::NaiveDate;
use serde::Serialize;

use super::listing::age_on;
use super::record::{ConsumptionRestricted, IdKind, ShixinListed, SubjectRecord};
use crate::ids::citizen_id::{CitizenId, MaskPattern, Sex};

/// Which public list an entry is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicList {
    /// 失信被执行人名单.
    Shixin,
    /// 限制消费人员名单.
    Xiaofei,
}

impl PublicList {
    pub fn code(self) -> &'static str {
        match self {
            Self::Shixin => "shixin",
            Self::Xiaofei => "xiaofei",
        }
    }
}

/// One public entry: the fields of 失信规定 第六条 (a listing) or of an order, the number masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicEntry {
    pub list: PublicList,
    /// 姓名 or 名称.
    pub name: String,
    /// 身份证号码 masked, or the 统一社会信用代码 (an organisation's code is public).
    pub id_number: String,
    /// 性别 (男 / 女), for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    /// 年龄 on the day asked, for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// 法定代表人或者负责人, for an organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    /// 执行案号 and 执行法院.
    pub case_number: String,
    pub court: String,
    /// 立案时间.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed_on: Option<NaiveDate>,
    /// 执行依据的制作单位和文号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis_issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis_number: Option<String>,
    /// 生效法律文书确定的义务 and 被执行人的履行情况.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performance: Option<String>,
    /// 失信行为的具体情形: each behaviour's ground (第一条) and conduct.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub behaviours: Vec<String>,
    /// The items of a consumption order (限消规定 第三条), in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<&'static str>,
    /// The persons an order covers besides the debtor, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<String>,
    /// 发布时间.
    pub published_on: NaiveDate,
    /// The last day of a fixed term, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
}

/// 失信规定 第六条: the published fields of a listing, the number masked with `mask`, the age on `on`.
pub fn shixin_art6_published(listed: &ShixinListed, on: NaiveDate, mask: MaskPattern) -> PublicEntry {
    let (sex, age) = person_facts(&listed.debtor, on);
    PublicEntry {
        list: PublicList::Shixin,
        name: listed.debtor.name.clone(),
        id_number: masked(&listed.debtor, mask),
        sex,
        age,
        representative: listed.representative.clone(),
        case_number: listed.case_number.clone(),
        court: listed.court.clone(),
        filed_on: Some(listed.filed_on),
        basis_issuer: Some(listed.basis_issuer.clone()),
        basis_number: Some(listed.basis_number.clone()),
        obligation: Some(listed.obligation.clone()),
        performance: Some(listed.performance.clone()),
        behaviours: listed
            .behaviours
            .iter()
            .map(|b| format!("{}：{}", b.facts.ground().name_zh(), b.conduct))
            .collect(),
        items: Vec::new(),
        persons: Vec::new(),
        published_on: listed.published_from,
        ends_on: listed.term.ends_on(),
    }
}

/// 限消规定 第十条: the published fields of a consumption restriction order, the number masked with `mask`.
pub fn xiaofei_art10_published(
    order: &ConsumptionRestricted,
    on: NaiveDate,
    mask: MaskPattern,
) -> PublicEntry {
    let (sex, age) = person_facts(&order.debtor, on);
    PublicEntry {
        list: PublicList::Xiaofei,
        name: order.debtor.name.clone(),
        id_number: masked(&order.debtor, mask),
        sex,
        age,
        representative: None,
        case_number: order.case_number.clone(),
        court: order.court.clone(),
        filed_on: None,
        basis_issuer: None,
        basis_number: None,
        obligation: None,
        performance: None,
        behaviours: Vec::new(),
        items: order.items.iter().map(|item| item.name_zh()).collect(),
        persons: order.persons.iter().map(|p| p.name.clone()).collect(),
        published_on: order.ordered_on,
        ends_on: order.until,
    }
}

/// Whether an entry published from `published_on` until `ends_on` (inclusive, when it has an end) is public on
/// `on`. A removal or a lifting ends it before that: the caller no longer holds it.
pub fn is_public_on(published_on: NaiveDate, ends_on: Option<NaiveDate>, on: NaiveDate) -> bool {
    published_on <= on && ends_on.is_none_or(|end| on <= end)
}

/// A subject's identifier as published: a 公民身份号码 masked with `mask`, a 统一社会信用代码 in full.
pub(crate) fn masked(subject: &SubjectRecord, mask: MaskPattern) -> String {
    match subject.id_kind {
        IdKind::Citizen => citizen(subject).map_or_else(|| "*".repeat(18), |id| id.masked_with(mask)),
        IdKind::Uscc => subject.id_number.clone(),
    }
}

/// An identifier as the public portal shows it beside a case (被执行人信息): a 公民身份号码 masked with `mask`, any
/// other identifier (a 统一社会信用代码, public) in full; a person's number that does not parse is masked whole.
pub fn published_identifier(kind: &str, id_number: &str, mask: MaskPattern) -> String {
    match (kind, CitizenId::parse(id_number, NaiveDate::MAX)) {
        (_, Ok(id)) => id.masked_with(mask),
        ("person", Err(_)) => "*".repeat(id_number.chars().count()),
        (_, Err(_)) => id_number.to_owned(),
    }
}

fn person_facts(subject: &SubjectRecord, on: NaiveDate) -> (Option<&'static str>, Option<u32>) {
    match citizen(subject) {
        Some(id) => {
            let sex = match id.sex() {
                Sex::Male => "男",
                Sex::Female => "女",
            };
            (Some(sex), Some(age_on(id.birth_date(), on)))
        }
        None => (None, None),
    }
}

/// A recorded person's number parsed again (events hold it normalized; a number that no longer parses is
/// shown fully masked).
fn citizen(subject: &SubjectRecord) -> Option<CitizenId> {
    (subject.id_kind == IdKind::Citizen)
        .then(|| CitizenId::parse(&subject.id_number, NaiveDate::MAX).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credit::fixtures::{application, consumption_application, date};
    use crate::credit::record::CreditRecord;

    fn listed() -> ShixinListed {
        CreditRecord::default().decide_listing(&application()).unwrap().1
    }

    #[test]
    fn shixin_art6_published_has_every_field_and_masks_the_number() {
        let entry = shixin_art6_published(&listed(), date("2025-06-01"), MaskPattern::DEFAULT);
        assert_eq!(entry.name, "李四");
        assert_eq!(entry.id_number, "110105********002X");
        assert_eq!(entry.sex, Some("女"));
        assert_eq!(entry.age, Some(75));
        assert_eq!(entry.case_number, listed().case_number);
        assert_eq!(entry.basis_number.as_deref(), Some("（2023）浙0106民初456号"));
        assert_eq!(entry.obligation.as_deref(), Some("偿还借款100000元及利息"));
        assert_eq!(entry.performance.as_deref(), Some("全部未履行"));
        assert_eq!(entry.filed_on, Some(date("2024-01-10")));
        assert_eq!(entry.behaviours.len(), 1);
        assert!(entry.behaviours[0].contains("伪造借条对抗执行"), "{:?}", entry.behaviours);
        let json = serde_json::to_string(&entry).unwrap();
        assert!(!json.contains("11010519491231002X"), "the whole number is never published: {json}");
    }

    #[test]
    fn shixin_art6_published_shows_an_organisations_code_and_representative() {
        let mut app = application();
        app.debtor = crate::credit::fixtures::company();
        let listed = CreditRecord::default().decide_listing(&app).unwrap().1;
        let entry = shixin_art6_published(&listed, date("2025-06-01"), MaskPattern::DEFAULT);
        assert_eq!(entry.id_number, "91350100M000100Y43");
        assert_eq!(entry.representative.as_deref(), Some("王五"));
        assert_eq!((entry.sex, entry.age), (None, None));
    }

    #[test]
    fn xiaofei_art10_published_lists_the_items_in_words() {
        let order = CreditRecord::default().decide_consumption_order(&consumption_application()).unwrap().1;
        let entry = xiaofei_art10_published(&order, date("2025-06-01"), MaskPattern::DEFAULT);
        assert_eq!(entry.list, PublicList::Xiaofei);
        assert_eq!(entry.items.len(), 9);
        assert_eq!(entry.published_on, date("2024-03-05"));
        assert_eq!(entry.id_number, "110105********002X");
    }

    #[test]
    fn a_fixed_term_listing_stops_being_public_after_its_term() {
        let listed = listed();
        let ends = listed.term.ends_on().unwrap();
        assert!(is_public_on(listed.published_from, Some(ends), ends));
        assert!(!is_public_on(listed.published_from, Some(ends), ends.succ_opt().unwrap()));
        assert!(!is_public_on(listed.published_from, Some(ends), listed.published_from.pred_opt().unwrap()));
    }
}
