//! Cases as filed: the wire format of the `CaseFiled` event, the first event of a case stream.
//!
//! The case flow (nodes, deadlines, closing) builds on this record; the seed and the import write it.

pub mod application;
pub mod case;
pub mod filing;

use serde::{Deserialize, Serialize};

pub const CASE_FILED: &str = "CaseFiled";

/// The stream of a case.
pub fn case_stream(case_id: &str) -> String {
    format!("case-{case_id}")
}

/// A party as recorded on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyRecord {
    /// `person` or `company`.
    pub kind: String,
    pub name: String,
    /// 公民身份号码 (person) or 统一社会信用代码 (company), normalized.
    pub id_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// 执行依据: the document the case enforces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasisRecord {
    /// judgment | ruling | mediation | arbitral_award | notarized_debt | other
    pub kind: String,
    pub issuer: String,
    pub document_number: String,
    /// YYYY-MM-DD
    pub effective_on: String,
    pub due_on: String,
}

/// `CaseFiled` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFiled {
    pub case_id: String,
    /// Canonical 案号, e.g. （2024）浙0106执123号.
    pub case_number: String,
    pub court: String,
    pub year: i32,
    pub seq: u32,
    /// 类型代字, e.g. 执.
    pub case_type: String,
    /// YYYY-MM-DD
    pub filed_on: String,
    pub applicants: Vec<PartyRecord>,
    pub debtors: Vec<PartyRecord>,
    pub basis: BasisRecord,
    pub principal_fen: i64,
    pub interest_fen: i64,
    pub costs_fen: i64,
    /// The application this case was accepted from (absent for imported and generated cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// How interest runs on, in the words of the basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_terms: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_money: Vec<String>,
    /// The trial case the basis came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_case_number: Option<String>,
    /// The 执保 case whose seizures carry over with continuous terms (民诉法解释 第168条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preservation_case_number: Option<String>,
}

impl CaseFiled {
    /// Everything the basis orders paid: principal, interest and costs; `None` if the recorded amounts are
    /// out of range.
    pub fn owed(&self) -> Option<crate::money::Amount> {
        [self.principal_fen, self.interest_fen, self.costs_fen]
            .into_iter()
            .try_fold(crate::money::Amount::ZERO, |sum, fen| {
                crate::money::Amount::from_fen(fen).ok().and_then(|amount| sum.checked_add(amount))
            })
    }
}
