//! The classes and items of property and whereabouts that network inquiry (网络查控) reaches.
//!
//! The national network is described as reaching "16 classes / 25 items" (16类25项) of information
//! through 16 agencies; the official breakdown is not published in our sources (LAW.md §15,
//! [unconfirmed]). This is zhixing's model of it: sixteen classes, twenty-five items, each item with the
//! measures the institution can carry out on it. docs/INQUIRY.md lists the mapping.

use crate::control::PropertyClass;

/// What a court can ask an institution to do with an item besides finding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measures {
    /// 冻结 / 查封: the institution can freeze (or register a seizure of) it.
    pub freeze: bool,
    /// 扣划: the institution can move money from it to the court's custody account.
    pub deduct: bool,
}

const QUERY: Measures = Measures { freeze: false, deduct: false };
const FREEZE: Measures = Measures { freeze: true, deduct: false };
const MONEY: Measures = Measures { freeze: true, deduct: true };

macro_rules! classes {
    ($( $variant:ident = $code:literal, $zh:literal; )*) => {
        /// A class of property or of whereabouts (财产 / 下落类别).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum AssetClass { $( $variant, )* }

        impl AssetClass {
            pub const ALL: [AssetClass; [$( $code, )*].len()] = [$( AssetClass::$variant, )*];

            pub fn code(self) -> &'static str {
                match self { $( AssetClass::$variant => $code, )* }
            }

            /// The class's Chinese name, as the UI shows it.
            pub fn name_zh(self) -> &'static str {
                match self { $( AssetClass::$variant => $zh, )* }
            }

            pub fn parse(code: &str) -> Option<AssetClass> {
                AssetClass::ALL.into_iter().find(|c| c.code() == code)
            }
        }
    };
}

classes! {
    Deposit = "deposit", "存款";
    WealthManagement = "wealth_management", "金融理财产品";
    Securities = "securities", "证券";
    Fund = "fund", "基金";
    OnlinePayment = "online_payment", "网络资金";
    Vehicle = "vehicle", "车辆";
    RealEstate = "real_estate", "不动产";
    Ship = "ship", "船舶";
    Equity = "equity", "股权";
    Insurance = "insurance", "保险";
    ProvidentFund = "provident_fund", "住房公积金";
    SocialInsurance = "social_insurance", "社会保险";
    Household = "household", "户籍";
    ExitEntry = "exit_entry", "出入境";
    Marriage = "marriage", "婚姻登记";
    Mobile = "mobile", "手机号码";
}

/// One item (项) of a class: what an answer reports, and what can be done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub class: AssetClass,
    pub measures: Measures,
}

/// The twenty-five items.
pub const ITEMS: [Item; 25] = [
    Item { code: "demand_deposit", name_zh: "活期存款", class: AssetClass::Deposit, measures: MONEY },
    Item { code: "time_deposit", name_zh: "定期存款", class: AssetClass::Deposit, measures: MONEY },
    Item { code: "foreign_deposit", name_zh: "外币存款", class: AssetClass::Deposit, measures: MONEY },
    Item {
        code: "wealth_product",
        name_zh: "理财产品",
        class: AssetClass::WealthManagement,
        measures: FREEZE,
    },
    Item { code: "stock", name_zh: "股票", class: AssetClass::Securities, measures: FREEZE },
    Item {
        code: "securities_cash", name_zh: "证券资金账户", class: AssetClass::Securities, measures: MONEY
    },
    Item { code: "fund_share", name_zh: "基金份额", class: AssetClass::Fund, measures: FREEZE },
    Item {
        code: "payment_balance",
        name_zh: "支付账户余额",
        class: AssetClass::OnlinePayment,
        measures: MONEY,
    },
    Item { code: "payment_fund", name_zh: "余额理财", class: AssetClass::OnlinePayment, measures: MONEY },
    Item { code: "motor_vehicle", name_zh: "机动车", class: AssetClass::Vehicle, measures: FREEZE },
    Item { code: "real_property", name_zh: "不动产权", class: AssetClass::RealEstate, measures: FREEZE },
    Item {
        code: "presale_contract",
        name_zh: "预售合同备案",
        class: AssetClass::RealEstate,
        measures: FREEZE,
    },
    Item { code: "vessel", name_zh: "船舶", class: AssetClass::Ship, measures: FREEZE },
    Item { code: "shareholding", name_zh: "股权", class: AssetClass::Equity, measures: FREEZE },
    Item {
        code: "legal_representative",
        name_zh: "担任法定代表人",
        class: AssetClass::Equity,
        measures: QUERY,
    },
    Item {
        code: "policy_value", name_zh: "保单现金价值", class: AssetClass::Insurance, measures: FREEZE
    },
    Item {
        code: "provident_balance",
        name_zh: "公积金余额",
        class: AssetClass::ProvidentFund,
        measures: MONEY,
    },
    Item { code: "employer", name_zh: "参保单位", class: AssetClass::SocialInsurance, measures: QUERY },
    Item { code: "pension", name_zh: "养老金发放", class: AssetClass::SocialInsurance, measures: QUERY },
    Item { code: "residence", name_zh: "户籍地址", class: AssetClass::Household, measures: QUERY },
    Item {
        code: "travel_document", name_zh: "出入境证件", class: AssetClass::ExitEntry, measures: QUERY
    },
    Item {
        code: "border_crossing", name_zh: "出入境记录", class: AssetClass::ExitEntry, measures: QUERY
    },
    Item { code: "marriage_record", name_zh: "婚姻登记", class: AssetClass::Marriage, measures: QUERY },
    Item { code: "mobile_number", name_zh: "手机号码", class: AssetClass::Mobile, measures: QUERY },
    Item {
        code: "mobile_owner_address",
        name_zh: "机主登记地址",
        class: AssetClass::Mobile,
        measures: QUERY,
    },
];

pub fn item(code: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.code == code)
}

impl AssetClass {
    /// This class's items.
    pub fn items(self) -> impl Iterator<Item = &'static Item> {
        ITEMS.iter().filter(move |i| i.class == self)
    }

    /// The class whose statutory maximum term governs a freeze of this class (民诉法解释 第485条), for the
    /// classes that can be frozen. Deposits and payment balances are frozen as bank deposits (1 year); vehicles
    /// and ships are movables (2 years); real estate 3 years; securities, funds, wealth-management products,
    /// equity, policies and provident fund balances are other property rights (3 years). The mapping of
    /// payment balances to deposits is zhixing's convention (docs/INQUIRY.md).
    pub fn property_class(self) -> Option<PropertyClass> {
        match self {
            AssetClass::Deposit | AssetClass::OnlinePayment => Some(PropertyClass::BankDeposit),
            AssetClass::Vehicle | AssetClass::Ship => Some(PropertyClass::Movable),
            AssetClass::RealEstate => Some(PropertyClass::RealEstate),
            AssetClass::WealthManagement
            | AssetClass::Securities
            | AssetClass::Fund
            | AssetClass::Equity
            | AssetClass::Insurance
            | AssetClass::ProvidentFund => Some(PropertyClass::OtherRight),
            AssetClass::SocialInsurance
            | AssetClass::Household
            | AssetClass::ExitEntry
            | AssetClass::Marriage
            | AssetClass::Mobile => None,
        }
    }

    /// Whereabouts (下落) rather than property: what finds the person, not what pays the debt.
    pub fn is_whereabouts(self) -> bool {
        self.property_class().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_classes_twenty_five_items() {
        assert_eq!(AssetClass::ALL.len(), 16);
        assert_eq!(ITEMS.len(), 25);
        for class in AssetClass::ALL {
            assert!(class.items().count() >= 1, "{} has no item", class.code());
            assert_eq!(AssetClass::parse(class.code()), Some(class));
        }
        let mut codes: Vec<_> = ITEMS.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 25, "item codes are unique");
        // Only property can be frozen, and everything deductible can be frozen.
        for item in ITEMS {
            assert!(!item.measures.freeze || item.class.property_class().is_some(), "{}", item.code);
            assert!(!item.measures.deduct || item.measures.freeze, "{}", item.code);
        }
    }
}
