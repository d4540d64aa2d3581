//! Fixtures the tests of the credit module share.

use chrono::NaiveDate;

use super::consumption::{ConsumptionOrderApplication, CoveredPerson, CoveredRole, ItemSet};
use super::listing::{Behaviour, GroundFacts, ListingApplication, ObstructionMeans};
use super::{Debtor, Initiation, PublicStatus, SubjectId};
use crate::ids::citizen_id::CitizenId;
use crate::ids::uscc::Uscc;
use crate::money::Amount;

pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn today() -> NaiveDate {
    date("2025-06-01")
}

pub(crate) fn yuan(s: &str) -> Amount {
    Amount::parse_yuan(s).unwrap()
}

pub(crate) fn citizen(id: &str) -> CitizenId {
    CitizenId::parse(id, today()).unwrap()
}

/// 李四, born 1949-12-31 (11010519491231002X).
pub(crate) fn person_debtor() -> Debtor {
    Debtor {
        name: "李四".into(),
        id: SubjectId::Citizen(citizen("11010519491231002X")),
        representative: None,
        public_status: PublicStatus::Ordinary,
    }
}

/// 某某贸易有限公司 (91350100M000100Y43), represented by 王五.
pub(crate) fn company() -> Debtor {
    Debtor {
        name: "某某贸易有限公司".into(),
        id: SubjectId::Uscc(Uscc::parse("91350100M000100Y43").unwrap()),
        representative: Some("王五".into()),
        public_status: PublicStatus::Ordinary,
    }
}

pub(crate) fn person(role: CoveredRole, name: &str, id: &str) -> CoveredPerson {
    CoveredPerson { role, name: name.into(), id: citizen(id) }
}

/// 王五 (330106198501010044) in `role`.
pub(crate) fn staff(role: CoveredRole) -> CoveredPerson {
    person(role, "王五", "330106198501010044")
}

pub(crate) fn obstruction(means: ObstructionMeans, serious: bool) -> Behaviour {
    Behaviour { facts: GroundFacts::Obstructs { means, serious }, conduct: "伪造借条对抗执行".into() }
}

/// A listing of 李四 on ground 2 (forged evidence), decided ex officio on 2024-05-06 in
/// （2024）浙0106执123号.
pub(crate) fn application() -> ListingApplication {
    ListingApplication {
        listing_id: "L1".into(),
        case_number: "(2024)浙0106执123号".into(),
        filed_on: date("2024-01-10"),
        court: "杭州市西湖区人民法院".into(),
        basis_issuer: "杭州市西湖区人民法院".into(),
        basis_number: "（2023）浙0106民初456号".into(),
        debtor: person_debtor(),
        obligation: "偿还借款100000元及利息".into(),
        performance: "全部未履行".into(),
        unpaid: yuan("100000"),
        obligation_unperformed: true,
        behaviours: vec![obstruction(ObstructionMeans::ForgedEvidence, false)],
        initiation: Initiation::ExOfficio,
        extension_years: 0,
        grace_months: 0,
        decided_on: date("2024-05-06"),
    }
}

/// A consumption restriction order on the person debtor, ordered ex officio on 2024-03-05.
pub(crate) fn consumption_application() -> ConsumptionOrderApplication {
    ConsumptionOrderApplication {
        order_id: "C1".into(),
        case_number: "（2024）浙0106执123号".into(),
        court: "杭州市西湖区人民法院".into(),
        debtor: person_debtor(),
        persons: vec![],
        items: ItemSet::ALL,
        until: None,
        unperformed_after_notice: true,
        listed: false,
        initiation: Initiation::ExOfficio,
        ordered_on: date("2024-03-05"),
    }
}
