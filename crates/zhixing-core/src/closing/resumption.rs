//! 恢复执行 after 终本: the linked 执恢 case, which inherits the parties and the basis of the original case
//! and carries the amounts still owed (终本规定 第九条; 民诉法解释 第517条第二款: the applicant may apply again
//! when property turns up, free of the application period of 2023民诉法 第250条).
//!
//! The new case is a `CaseFiled` like any other; the link to the original case is a separate record
//! ([`ResumptionLink`]) so that the wire format of `CaseFiled` stays as it is.

use chrono::{Datelike, NaiveDate};

use crate::cases::CaseFiled;
use crate::ids::case_number::{CaseNumber, CaseNumberError, CaseType};
use crate::money::Amount;

/// What is still owed on the original case when it resumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    pub principal: Amount,
    pub interest: Amount,
    pub costs: Amount,
}

/// The new case's identity and number, from the integrator (ids and sequence numbers are not made here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumptionFiling<'a> {
    pub case_id: &'a str,
    pub filed_on: NaiveDate,
    /// 收案年度: the year of `filed_on`.
    pub year: u16,
    pub seq: u32,
    /// 法院代字 of the court that files the 执恢 case, e.g. "浙0106".
    pub court: &'a str,
}

/// The link between a resumed case and the case it resumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumptionLink {
    pub original_case_id: String,
    pub original_case_number: String,
    pub resumed_case_id: String,
    pub resumed_case_number: String,
}

/// The filed 执恢 case and its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumption {
    pub case: CaseFiled,
    pub link: ResumptionLink,
}

/// Why a resumption was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumptionError {
    #[error("the original case number is invalid: {0} / 原案号无效")]
    OriginalCaseNumber(CaseNumberError),
    #[error(
        "a {case_type} case cannot be resumed: only 执 and 执恢 cases are / 仅首次执行和恢复执行案件可以恢复执行"
    )]
    NotResumable { case_type: &'static str },
    #[error("the new case number is invalid: {0} / 新案号无效")]
    CaseNumber(CaseNumberError),
    #[error("the case number's year {year} is not the filing year {filed_year} / 收案年度与立案日期不符")]
    YearMismatch { year: u16, filed_year: i32 },
    #[error("the new case needs an id / 新案件缺少标识")]
    EmptyCaseId,
    #[error("principal owed {owed} exceeds the original principal {original} / 尚欠本金超过原执行标的本金")]
    PrincipalExceedsOriginal { owed: Amount, original: Amount },
}

impl ResumptionError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OriginalCaseNumber(_) => "original_case_number_invalid",
            Self::NotResumable { .. } => "not_resumable",
            Self::CaseNumber(_) => "case_number_invalid",
            Self::YearMismatch { .. } => "year_mismatch",
            Self::EmptyCaseId => "empty_case_id",
            Self::PrincipalExceedsOriginal { .. } => "principal_exceeds_original",
        }
    }
}

/// The 执恢 case that resumes `original` (终本规定 第九条; 民诉法解释 第517条第二款; 类型代字 执恢, LAW.md
/// §10): the same applicants, debtors and basis, the amounts still owed, type 执恢, the number and id of
/// `filing`, and a link to the original case. The original must be a 执 or 执恢 case (a 执恢 case closed in
/// 终本 may resume again). The principal owed cannot exceed the original principal; interest and costs may
/// have grown since (迟延履行期间的债务利息, costs of enforcement).
pub fn resumption(
    original: &CaseFiled,
    owed: Owed,
    filing: &ResumptionFiling<'_>,
) -> Result<Resumption, ResumptionError> {
    let original_number =
        CaseNumber::parse(&original.case_number).map_err(ResumptionError::OriginalCaseNumber)?;
    let original_type = original_number.case_type();
    if !matches!(original_type, CaseType::Zhi | CaseType::ZhiHui) {
        return Err(ResumptionError::NotResumable { case_type: original_type.code() });
    }
    if filing.case_id.trim().is_empty() {
        return Err(ResumptionError::EmptyCaseId);
    }
    if i32::from(filing.year) != filing.filed_on.year() {
        return Err(ResumptionError::YearMismatch { year: filing.year, filed_year: filing.filed_on.year() });
    }
    let original_principal = Amount::from_fen(original.principal_fen).unwrap_or(Amount::MAX);
    if owed.principal > original_principal {
        return Err(ResumptionError::PrincipalExceedsOriginal {
            owed: owed.principal,
            original: original_principal,
        });
    }
    let number = CaseNumber::new(filing.year, filing.court, CaseType::ZhiHui, filing.seq)
        .map_err(ResumptionError::CaseNumber)?;
    let case = CaseFiled {
        case_id: filing.case_id.to_owned(),
        case_number: number.canonical(),
        court: number.court_code().to_owned(),
        year: i32::from(filing.year),
        seq: filing.seq,
        case_type: CaseType::ZhiHui.code().to_owned(),
        filed_on: filing.filed_on.to_string(),
        applicants: original.applicants.clone(),
        debtors: original.debtors.clone(),
        basis: original.basis.clone(),
        principal_fen: owed.principal.fen(),
        interest_fen: owed.interest.fen(),
        costs_fen: owed.costs.fen(),
        application_id: None,
        interest_terms: original.interest_terms.clone(),
        non_money: original.non_money.clone(),
        source_case_number: original.source_case_number.clone(),
        preservation_case_number: original.preservation_case_number.clone(),
    };
    let link = ResumptionLink {
        original_case_id: original.case_id.clone(),
        original_case_number: original_number.canonical(),
        resumed_case_id: case.case_id.clone(),
        resumed_case_number: case.case_number.clone(),
    };
    Ok(Resumption { case, link })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{BasisRecord, PartyRecord};
    use crate::closing::tests::date;

    fn original() -> CaseFiled {
        let party = |kind: &str, name: &str, id: &str| PartyRecord {
            kind: kind.into(),
            name: name.into(),
            id_number: id.into(),
            legal_representative: None,
            phone: None,
            address: None,
        };
        CaseFiled {
            case_id: "case-original".into(),
            case_number: "(2023)浙0106执123号".into(),
            court: "浙0106".into(),
            year: 2023,
            seq: 123,
            case_type: "执".into(),
            filed_on: "2023-03-01".into(),
            applicants: vec![party("company", "杭州甲有限公司", "91350100M000100Y43")],
            debtors: vec![party("person", "张三", "11010519491231002X")],
            basis: BasisRecord {
                kind: "judgment".into(),
                issuer: "杭州市西湖区人民法院".into(),
                document_number: "（2022）浙0106民初456号".into(),
                effective_on: "2022-12-01".into(),
                due_on: "2022-12-31".into(),
            },
            principal_fen: 10_000_000,
            interest_fen: 500_000,
            costs_fen: 140_000,
            application_id: None,
            interest_terms: None,
            non_money: Vec::new(),
            source_case_number: None,
            preservation_case_number: None,
        }
    }

    fn owed(principal: i64, interest: i64, costs: i64) -> Owed {
        let fen = |f| Amount::from_fen(f).unwrap();
        Owed { principal: fen(principal), interest: fen(interest), costs: fen(costs) }
    }

    fn filing(year: u16, filed_on: &'static str) -> ResumptionFiling<'static> {
        ResumptionFiling { case_id: "case-resumed", filed_on: date(filed_on), year, seq: 7, court: "浙0106" }
    }

    #[test]
    fn zhongben_rules_article_9_resumption_files_a_linked_zhihui_case() {
        let original = original();
        let resumed = resumption(&original, owed(6_000_000, 900_000, 140_000), &filing(2025, "2025-05-06"));
        let Resumption { case, link } = resumed.unwrap();
        assert_eq!(case.case_number, "（2025）浙0106执恢7号");
        assert_eq!(case.case_type, "执恢");
        assert_eq!((case.year, case.seq, case.filed_on.as_str()), (2025, 7, "2025-05-06"));
        assert_eq!(case.applicants, original.applicants);
        assert_eq!(case.debtors, original.debtors);
        assert_eq!(case.basis, original.basis);
        assert_eq!((case.principal_fen, case.interest_fen, case.costs_fen), (6_000_000, 900_000, 140_000));
        assert_eq!(link.original_case_id, "case-original");
        assert_eq!(link.original_case_number, "（2023）浙0106执123号");
        assert_eq!(link.resumed_case_id, "case-resumed");
        assert_eq!(link.resumed_case_number, "（2025）浙0106执恢7号");
    }

    fn check_refused(change: impl Fn(&mut CaseFiled), owed: Owed, filing: ResumptionFiling<'_>, code: &str) {
        let mut original = original();
        change(&mut original);
        let error = resumption(&original, owed, &filing).unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        assert!(error.to_string().contains(" / "), "{error}");
    }

    #[test]
    fn interpretation_article_517_resumption_refusals() {
        let ok = owed(1, 0, 0);
        let f = filing(2025, "2025-05-06");
        check_refused(|c| c.case_number = "garbage".into(), ok, f, "original_case_number_invalid");
        check_refused(|c| c.case_number = "（2023）浙0106执异5号".into(), ok, f, "not_resumable");
        check_refused(|_| {}, ok, filing(2024, "2025-05-06"), "year_mismatch");
        check_refused(|_| {}, ok, ResumptionFiling { case_id: " ", ..f }, "empty_case_id");
        check_refused(|_| {}, ok, ResumptionFiling { court: "火星", ..f }, "case_number_invalid");
        check_refused(|_| {}, ok, ResumptionFiling { seq: 0, ..f }, "case_number_invalid");
        check_refused(|_| {}, owed(10_000_001, 0, 0), f, "principal_exceeds_original");
    }

    #[test]
    fn resumed_zhihui_case_may_resume_again() {
        let mut first = original();
        first.case_number = "（2024）浙0106执恢3号".into();
        let again = resumption(&first, owed(100, 0, 0), &filing(2026, "2026-02-02")).unwrap();
        assert_eq!(again.link.original_case_number, "（2024）浙0106执恢3号");
        assert_eq!(again.case.case_number, "（2026）浙0106执恢7号");
    }
}
