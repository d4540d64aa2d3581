//! Control (控制): seizures, distraint and freezes (查封、扣押、冻结) as recorded on a case — the property, its
//! class, the term — with the statutory maximum terms, and the carrying over of a preservation (执保) case's
//! measures into the enforcement case (民诉法解释 第168条). The network orders that make and renew them go
//! through the inquiry gateway; this module is the record and its rules.
//!
//! Sources (LAW.md §8): 民诉法解释 (2022) 第485条 — bank deposits at most 1 year, movables 2 years, real
//! estate and other property rights 3 years; 第168条 — a preservation measure becomes an enforcement measure
//! when enforcement begins, its term counted continuously, unless it has already expired.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

pub const SEIZURE_RECORDED: &str = "SeizureRecorded";

/// Most seizures recorded on one case.
pub const SEIZURES_MAX: usize = 1_000;

/// The class of property, as the terms of 民诉法解释 第485条 distinguish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyClass {
    /// 银行存款 (冻结).
    BankDeposit,
    /// 动产 (查封、扣押).
    Movable,
    /// 不动产 (查封).
    RealEstate,
    /// 其他财产权 (冻结): equity, securities, receivables, intellectual property …
    OtherRight,
}

impl PropertyClass {
    pub const ALL: [PropertyClass; 4] = [
        PropertyClass::BankDeposit,
        PropertyClass::Movable,
        PropertyClass::RealEstate,
        PropertyClass::OtherRight,
    ];

    /// bank_deposit | movable | real_estate | other_right
    pub fn code(self) -> &'static str {
        match self {
            PropertyClass::BankDeposit => "bank_deposit",
            PropertyClass::Movable => "movable",
            PropertyClass::RealEstate => "real_estate",
            PropertyClass::OtherRight => "other_right",
        }
    }

    pub fn parse(code: &str) -> Option<PropertyClass> {
        PropertyClass::ALL.into_iter().find(|class| class.code() == code)
    }

    /// The longest term of one seizure (and of each renewal) of this class: 民诉法解释 (2022) 第485条.
    pub fn max_term_months(self) -> u32 {
        match self {
            PropertyClass::BankDeposit => 12,
            PropertyClass::Movable => 24,
            PropertyClass::RealEstate | PropertyClass::OtherRight => 36,
        }
    }
}

/// `SeizureRecorded` v1: a seizure, distraint or freeze in force on the case from `effective_on` through
/// `expires_on`; `carried_from` names the 执保 case it came from (its term runs on unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeizureRecorded {
    /// Unique within the case ("1", "2", …).
    pub seizure_id: String,
    /// A [`PropertyClass`] code.
    pub class: String,
    /// What is seized: the account, the vehicle, the property certificate …
    pub property: String,
    /// The amount frozen, in yuan, for deposits and other sums.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    pub effective_on: String,
    pub expires_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
}

/// Why a term cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    #[error("the term ends before it starts / 期限届满日早于生效日")]
    Reversed,
    #[error(
        "longer than {months} months, the longest term for this property (民诉法解释 第485条) / 超过法定最长期限"
    )]
    TooLong { months: u32 },
}

impl TermError {
    pub fn code(self) -> &'static str {
        match self {
            TermError::Reversed => "term_reversed",
            TermError::TooLong { .. } => "term_too_long",
        }
    }
}

/// Whether a seizure of `class` from `effective_on` through `expires_on` is within the statutory maximum
/// (民诉法解释 (2022) 第485条): a term of N months from 1 March ends at the latest on the last day before
/// 1 March N months later.
pub fn check_term(
    class: PropertyClass,
    effective_on: NaiveDate,
    expires_on: NaiveDate,
) -> Result<(), TermError> {
    if expires_on < effective_on {
        return Err(TermError::Reversed);
    }
    let months = class.max_term_months();
    let latest = effective_on
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .ok_or(TermError::TooLong { months })?;
    if expires_on > latest { Err(TermError::TooLong { months }) } else { Ok(()) }
}

/// The seizures of a preservation case that become the enforcement case's when it is filed on `filed_on`
/// (民诉法解释 第168条): every one still in force that day, its dates unchanged (the term counts on
/// continuously), renumbered for the new case and marked with the case it came from.
pub fn carried_over(
    preservation_case_number: &str,
    seizures: &[SeizureRecorded],
    filed_on: NaiveDate,
) -> Vec<SeizureRecorded> {
    seizures
        .iter()
        .filter(|s| {
            NaiveDate::parse_from_str(&s.expires_on, "%Y-%m-%d").is_ok_and(|expires| expires >= filed_on)
        })
        .enumerate()
        .map(|(i, s)| SeizureRecorded {
            seizure_id: (i + 1).to_string(),
            carried_from: Some(preservation_case_number.to_owned()),
            ..s.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn seizure_terms_civil_procedure_interpretation_article_485() {
        let from = date(2024, 3, 1);
        assert_eq!(check_term(PropertyClass::BankDeposit, from, date(2025, 2, 28)), Ok(()));
        assert_eq!(
            check_term(PropertyClass::BankDeposit, from, date(2025, 3, 1)),
            Err(TermError::TooLong { months: 12 })
        );
        assert_eq!(check_term(PropertyClass::Movable, from, date(2026, 2, 28)), Ok(()));
        assert_eq!(
            check_term(PropertyClass::Movable, from, date(2026, 3, 1)).unwrap_err().code(),
            "term_too_long"
        );
        assert_eq!(check_term(PropertyClass::RealEstate, from, date(2027, 2, 28)), Ok(()));
        assert_eq!(
            check_term(PropertyClass::OtherRight, from, date(2027, 3, 1)).unwrap_err().code(),
            "term_too_long"
        );
        assert_eq!(check_term(PropertyClass::RealEstate, from, date(2024, 2, 29)), Err(TermError::Reversed));
        for class in PropertyClass::ALL {
            assert_eq!(PropertyClass::parse(class.code()), Some(class));
        }
    }

    #[test]
    fn preservation_carries_over_continuously_civil_procedure_interpretation_article_168() {
        let seizure = |id: &str, expires_on: &str| SeizureRecorded {
            seizure_id: id.into(),
            class: "bank_deposit".into(),
            property: "工商银行账户 6222…0101".into(),
            amount: Some("50000.00".into()),
            effective_on: "2024-03-01".into(),
            expires_on: expires_on.into(),
            carried_from: None,
        };
        let held = [seizure("1", "2024-06-30"), seizure("2", "2025-02-28"), seizure("3", "2024-07-01")];
        let carried = carried_over("（2024）浙0106执保3号", &held, date(2024, 7, 1));
        // The one expired before filing stays behind; the others keep their dates.
        assert_eq!(carried.len(), 2);
        assert_eq!(carried[0].expires_on, "2025-02-28");
        assert_eq!(carried[0].effective_on, "2024-03-01");
        assert_eq!(carried[1].expires_on, "2024-07-01");
        assert_eq!(carried.iter().map(|s| s.seizure_id.as_str()).collect::<Vec<_>>(), ["1", "2"]);
        assert!(carried.iter().all(|s| s.carried_from.as_deref() == Some("（2024）浙0106执保3号")));
    }
}
