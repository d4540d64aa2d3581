//! The measures a linkage unit (联动单位) applies, and which restriction restricts each: the question an
//! airline, a railway, a hotel, a registry or a procurement office asks is "may this subject do this?".
//!
//! Each [`Measure`] has one basis:
//! - an item of a consumption restriction order (限消规定 第三条第一款) — restricted when an order in force
//!   covers the subject for that item, or when the subject is a listed debtor (限消规定 第一条第二款: a
//!   listed debtor must be restricted, so a linkage unit treats the listing as the restriction);
//! - the dishonest debtor list itself (失信规定 第八条: 政府采购、招标投标、行政审批、政府扶持、融资信贷、市场准入、
//!   资质认定) — restricted while a listing is in force and published;
//! - the exit restriction (限制出境);
//! - the grade (分级): measures no statute in LAW.md names, which apply to a listed debtor only when the
//!   grading table gives them to the debtor's level ([`super::grading`]).
//!
//! A permit for necessary consumption (限消规定 第三条第二款, 第八条) lifts one item for its window, under its
//! own order and from the restriction a listing entails; another court's order on the same item still binds.

use serde::{Deserialize, Serialize};

use super::consumption::{ConsumptionItem, ItemSet};

/// What a linkage unit asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Measure {
    /// 乘坐飞机 (限消 第三条第(一)项).
    Flight,
    /// 列车软卧 (第(一)项).
    TrainSoftSleeper,
    /// 轮船二等以上舱位 (第(一)项).
    ShipUpperClass,
    /// G字头动车组列车全部座位 (第(九)项).
    GTrain,
    /// 其他动车组列车一等以上座位 (第(九)项).
    EmuFirstClass,
    /// 星级以上宾馆、酒店 (第(二)项).
    StarHotel,
    /// 夜总会、高尔夫球场等场所高消费 (第(二)项).
    LuxuryVenue,
    /// 购买不动产 (第(三)项).
    RealEstatePurchase,
    /// 新建、扩建、高档装修房屋 (第(三)项).
    BuildingOrRenovation,
    /// 租赁高档写字楼、宾馆、公寓等场所办公 (第(四)项).
    HighEndOfficeLease,
    /// 购买非经营必需车辆 (第(五)项).
    VehiclePurchase,
    /// 旅游、度假 (第(六)项).
    Travel,
    /// 子女就读高收费私立学校 (第(七)项).
    PrivateSchoolFees,
    /// 支付高额保费购买保险理财产品 (第(八)项).
    HighPremiumInsurance,
    /// 政府采购 (失信规定 第八条).
    GovernmentProcurement,
    /// 招标投标 (失信规定 第八条).
    Bidding,
    /// 行政审批 (失信规定 第八条).
    AdministrativeApproval,
    /// 政府扶持 (失信规定 第八条).
    GovernmentSupport,
    /// 融资信贷 (失信规定 第八条).
    FinancingCredit,
    /// 市场准入 (失信规定 第八条).
    MarketAccess,
    /// 资质认定 (失信规定 第八条).
    QualificationRecognition,
    /// 出境 (2023民诉法 第266条; 执行程序解释 第二十三条).
    ExitCountry,
    /// 担任公职 (招录公务员、担任国有企业及事业单位领导职务): graded; not in LAW.md (named in 中办发〔2016〕64号
    /// [unconfirmed]).
    PublicOffice,
    /// 评先评优 (honours and awards): graded; not in LAW.md (中办发〔2016〕64号 [unconfirmed]).
    HonoursAndAwards,
}

/// What restricts a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// An item of a consumption restriction order (or a listing, which entails one).
    Consumption(ConsumptionItem),
    /// The dishonest debtor list (失信规定 第八条).
    Listing,
    /// The exit restriction.
    Exit,
    /// The grade of a listed debtor, by the grading table.
    Graded,
}

/// A set of [`Measure`]s, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MeasureSet(u32);

/// What is in force for one subject (a debtor, or a person an order covers) on one day, as far as
/// screening needs it. [`super::record::CreditRecord::screening_entries`] builds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ScreeningEntry {
    /// A listing in force and published (past any grace period, before the end of its term).
    pub listed: bool,
    /// Items restricted by the consumption restriction orders in force that cover the subject, each order's
    /// items less those a permit under that order allows (a permit lifts its own order only).
    pub consumption: ItemSet,
    /// Items a permit in force allows (限消规定 第三条第二款, 第八条). Beyond its own order, a permit lifts the
    /// restriction a listing entails: that restriction is the mandatory order's (限消规定 第一条第二款).
    pub permitted: ItemSet,
    /// An exit restriction in force that covers the subject.
    pub exit: bool,
    /// The graded measures of the subject's level (applied only while `listed`).
    pub graded: MeasureSet,
}

// Every measure has its bit in a u32.
const _: () = assert!(Measure::ALL.len() <= 32);

impl Measure {
    /// Every measure, in declaration order.
    pub const ALL: [Measure; 24] = [
        Self::Flight,
        Self::TrainSoftSleeper,
        Self::ShipUpperClass,
        Self::GTrain,
        Self::EmuFirstClass,
        Self::StarHotel,
        Self::LuxuryVenue,
        Self::RealEstatePurchase,
        Self::BuildingOrRenovation,
        Self::HighEndOfficeLease,
        Self::VehiclePurchase,
        Self::Travel,
        Self::PrivateSchoolFees,
        Self::HighPremiumInsurance,
        Self::GovernmentProcurement,
        Self::Bidding,
        Self::AdministrativeApproval,
        Self::GovernmentSupport,
        Self::FinancingCredit,
        Self::MarketAccess,
        Self::QualificationRecognition,
        Self::ExitCountry,
        Self::PublicOffice,
        Self::HonoursAndAwards,
    ];

    /// What restricts it.
    pub fn basis(self) -> Basis {
        use ConsumptionItem as Item;
        match self {
            Self::Flight | Self::TrainSoftSleeper | Self::ShipUpperClass => {
                Basis::Consumption(Item::Transport)
            }
            Self::GTrain | Self::EmuFirstClass => Basis::Consumption(Item::TrainsAndOther),
            Self::StarHotel | Self::LuxuryVenue => Basis::Consumption(Item::LuxuryVenues),
            Self::RealEstatePurchase | Self::BuildingOrRenovation => Basis::Consumption(Item::RealEstate),
            Self::HighEndOfficeLease => Basis::Consumption(Item::HighEndOffice),
            Self::VehiclePurchase => Basis::Consumption(Item::Vehicle),
            Self::Travel => Basis::Consumption(Item::Travel),
            Self::PrivateSchoolFees => Basis::Consumption(Item::PrivateSchool),
            Self::HighPremiumInsurance => Basis::Consumption(Item::HighPremiumInsurance),
            Self::GovernmentProcurement
            | Self::Bidding
            | Self::AdministrativeApproval
            | Self::GovernmentSupport
            | Self::FinancingCredit
            | Self::MarketAccess
            | Self::QualificationRecognition => Basis::Listing,
            Self::ExitCountry => Basis::Exit,
            Self::PublicOffice | Self::HonoursAndAwards => Basis::Graded,
        }
    }

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Flight => "flight",
            Self::TrainSoftSleeper => "train_soft_sleeper",
            Self::ShipUpperClass => "ship_upper_class",
            Self::GTrain => "g_train",
            Self::EmuFirstClass => "emu_first_class",
            Self::StarHotel => "star_hotel",
            Self::LuxuryVenue => "luxury_venue",
            Self::RealEstatePurchase => "real_estate_purchase",
            Self::BuildingOrRenovation => "building_or_renovation",
            Self::HighEndOfficeLease => "high_end_office_lease",
            Self::VehiclePurchase => "vehicle_purchase",
            Self::Travel => "travel",
            Self::PrivateSchoolFees => "private_school_fees",
            Self::HighPremiumInsurance => "high_premium_insurance",
            Self::GovernmentProcurement => "government_procurement",
            Self::Bidding => "bidding",
            Self::AdministrativeApproval => "administrative_approval",
            Self::GovernmentSupport => "government_support",
            Self::FinancingCredit => "financing_credit",
            Self::MarketAccess => "market_access",
            Self::QualificationRecognition => "qualification_recognition",
            Self::ExitCountry => "exit_country",
            Self::PublicOffice => "public_office",
            Self::HonoursAndAwards => "honours_and_awards",
        }
    }

    /// The name a linkage unit knows it by.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Flight => "乘坐飞机",
            Self::TrainSoftSleeper => "乘坐列车软卧",
            Self::ShipUpperClass => "乘坐轮船二等以上舱位",
            Self::GTrain => "乘坐G字头动车组列车",
            Self::EmuFirstClass => "乘坐其他动车组列车一等以上座位",
            Self::StarHotel => "入住星级以上宾馆、酒店",
            Self::LuxuryVenue => "在夜总会、高尔夫球场等场所高消费",
            Self::RealEstatePurchase => "购买不动产",
            Self::BuildingOrRenovation => "新建、扩建、高档装修房屋",
            Self::HighEndOfficeLease => "租赁高档写字楼、宾馆、公寓等场所办公",
            Self::VehiclePurchase => "购买非经营必需车辆",
            Self::Travel => "旅游、度假",
            Self::PrivateSchoolFees => "子女就读高收费私立学校",
            Self::HighPremiumInsurance => "支付高额保费购买保险理财产品",
            Self::GovernmentProcurement => "参与政府采购",
            Self::Bidding => "参与招标投标",
            Self::AdministrativeApproval => "行政审批",
            Self::GovernmentSupport => "获得政府扶持",
            Self::FinancingCredit => "融资信贷",
            Self::MarketAccess => "市场准入",
            Self::QualificationRecognition => "资质认定",
            Self::ExitCountry => "出境",
            Self::PublicOffice => "担任公职",
            Self::HonoursAndAwards => "评先评优",
        }
    }

    /// The rule that restricts it.
    pub fn source(self) -> &'static str {
        match self.basis() {
            Basis::Consumption(item) => item.source(),
            Basis::Listing => "失信规定 第八条",
            Basis::Exit => "2023民诉法 第266条; 执行程序解释 第二十三条",
            Basis::Graded => "分级惩戒 (not in statute: the court's grading table)",
        }
    }

    /// The measure whose code is `s`.
    pub fn parse(s: &str) -> Option<Measure> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl MeasureSet {
    pub const EMPTY: MeasureSet = MeasureSet(0);

    pub fn contains(self, measure: Measure) -> bool {
        self.0 & measure.bit() != 0
    }

    pub fn insert(&mut self, measure: Measure) {
        self.0 |= measure.bit();
    }

    pub fn union(self, other: MeasureSet) -> MeasureSet {
        MeasureSet(self.0 | other.0)
    }

    /// The measures in both sets.
    pub fn intersection(self, other: MeasureSet) -> MeasureSet {
        MeasureSet(self.0 & other.0)
    }

    /// Whether every measure of `self` is in `other`.
    pub fn is_subset(self, other: MeasureSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The raw bits (bit `i` is `Measure::ALL[i]`), for a packed index.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// A set from raw bits; bits of no measure are dropped.
    pub fn from_bits(bits: u32) -> MeasureSet {
        let known = Measure::ALL.iter().fold(0u32, |acc, m| acc | m.bit());
        MeasureSet(bits & known)
    }

    pub fn iter(self) -> impl Iterator<Item = Measure> {
        Measure::ALL.into_iter().filter(move |m| self.contains(*m))
    }
}

impl FromIterator<Measure> for MeasureSet {
    fn from_iter<I: IntoIterator<Item = Measure>>(measures: I) -> MeasureSet {
        let mut set = MeasureSet::EMPTY;
        for measure in measures {
            set.insert(measure);
        }
        set
    }
}

impl ScreeningEntry {
    /// Every measure restricted for the subject ([`restricted`] for each).
    pub fn measures(&self) -> MeasureSet {
        Measure::ALL.into_iter().filter(|m| restricted(self, *m)).collect()
    }
}

/// Whether what is in force for a subject restricts `measure` (see the module documentation):
/// - a consumption item: an order covering the subject restricts it (less what a permit under that order
///   allows, 第三条第二款, 第八条), or a listing does (限消规定 第一条第二款) unless a permit allows it;
/// - a measure of 失信规定 第八条: a listing in force restricts it;
/// - exit: an exit restriction in force;
/// - a graded measure: a listing in force whose level the grading table gives it to.
pub fn restricted(entry: &ScreeningEntry, measure: Measure) -> bool {
    match measure.basis() {
        Basis::Consumption(item) => {
            entry.consumption.contains(item) || (entry.listed && !entry.permitted.contains(item))
        }
        Basis::Listing => entry.listed,
        Basis::Exit => entry.exit,
        Basis::Graded => entry.listed && entry.graded.contains(measure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_codes_are_unique_and_parse() {
        for (i, m) in Measure::ALL.iter().enumerate() {
            assert_eq!(*m as usize, i);
            assert_eq!(Measure::parse(m.code()), Some(*m));
        }
        assert_eq!(Measure::parse("yacht"), None);
    }

    #[test]
    fn xiaofei_art3_every_item_has_a_measure() {
        for item in ConsumptionItem::ALL {
            assert!(Measure::ALL.iter().any(|m| m.basis() == Basis::Consumption(item)), "{item:?}");
        }
        assert_eq!(Measure::GTrain.source(), "限消规定 第三条第一款第(九)项");
        assert_eq!(Measure::Flight.source(), "限消规定 第三条第一款第(一)项");
    }

    #[test]
    fn xiaofei_art1_a_listing_restricts_the_nine_items() {
        let listed = ScreeningEntry { listed: true, ..ScreeningEntry::default() };
        assert!(restricted(&listed, Measure::Flight));
        assert!(restricted(&listed, Measure::GTrain));
        assert!(restricted(&listed, Measure::PrivateSchoolFees));
        assert!(!restricted(&listed, Measure::ExitCountry));
        assert!(!restricted(&listed, Measure::PublicOffice), "graded measures need the grade");
    }

    #[test]
    fn xiaofei_art3_an_order_restricts_its_items_only() {
        let entry = ScreeningEntry {
            consumption: [ConsumptionItem::Transport].into_iter().collect(),
            ..ScreeningEntry::default()
        };
        assert!(restricted(&entry, Measure::Flight));
        assert!(restricted(&entry, Measure::TrainSoftSleeper));
        assert!(!restricted(&entry, Measure::GTrain));
        assert!(!restricted(&entry, Measure::GovernmentProcurement), "an order alone is not a listing");
    }

    #[test]
    fn xiaofei_art8_a_permit_lifts_one_item() {
        let entry = ScreeningEntry {
            listed: true,
            permitted: [ConsumptionItem::TrainsAndOther].into_iter().collect(),
            ..ScreeningEntry::default()
        };
        assert!(!restricted(&entry, Measure::GTrain));
        assert!(!restricted(&entry, Measure::EmuFirstClass));
        assert!(restricted(&entry, Measure::Flight));
        assert!(restricted(&entry, Measure::Bidding), "a permit is for consumption only");
        let other_order = ScreeningEntry { consumption: entry.permitted, ..entry };
        assert!(restricted(&other_order, Measure::GTrain), "another order still binds");
    }

    #[test]
    fn shixin_art8_listing_measures() {
        let listed = ScreeningEntry { listed: true, ..ScreeningEntry::default() };
        let order_only = ScreeningEntry { consumption: ItemSet::ALL, ..ScreeningEntry::default() };
        for m in Measure::ALL.into_iter().filter(|m| m.basis() == Basis::Listing) {
            assert!(restricted(&listed, m));
            assert!(!restricted(&order_only, m));
        }
    }

    #[test]
    fn graded_measures_apply_to_listed_debtors_at_their_level() {
        let graded: MeasureSet = [Measure::PublicOffice].into_iter().collect();
        let listed = ScreeningEntry { listed: true, graded, ..ScreeningEntry::default() };
        assert!(restricted(&listed, Measure::PublicOffice));
        assert!(!restricted(&listed, Measure::HonoursAndAwards));
        let removed = ScreeningEntry { listed: false, graded, ..ScreeningEntry::default() };
        assert!(!restricted(&removed, Measure::PublicOffice));
    }

    #[test]
    fn exit_interpretation_art23_exit_measure() {
        let entry = ScreeningEntry { exit: true, ..ScreeningEntry::default() };
        assert_eq!(entry.measures().iter().collect::<Vec<_>>(), vec![Measure::ExitCountry]);
    }

    #[test]
    fn measure_set_bits_round_trip() {
        let set: MeasureSet = [Measure::Flight, Measure::HonoursAndAwards].into_iter().collect();
        assert_eq!(MeasureSet::from_bits(set.bits()), set);
        assert_eq!(set.len(), 2);
        assert_eq!(MeasureSet::from_bits(u32::MAX).len(), Measure::ALL.len());
    }
}
