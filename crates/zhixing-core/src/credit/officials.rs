//! Public officials and public bodies as debtors ("零容忍").
//!
//! 失信规定 第八条 (LAW.md §1): when the listed debtor is a 国家工作人员, the court informs (通报) the unit
//! where he works; when it is a 国家机关 or a 国有企业, its superior unit or supervising department. The seeds
//! (seed 000) ask for more — zero tolerance: such debtors published apart, and the list pushed to the
//! organisation and personnel departments for the supervisory organs to act. zhixing encodes the statute
//! (who is informed, and of what) and marks the rest as the platform's policy: the notice goes to both the
//! unit and its supervising department, and the debtor appears in the separate list of public officials
//! and bodies ([`PublicStatus::is_public`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::disclosure::masked;
use super::listing::{ListingTerm, ShixinGround};
use super::record::ShixinListed;
use super::{CreditRejection, text};
use crate::ids::citizen_id::MaskPattern;
use crate::limits::NAME_CHARS_MAX;

/// Whether a debtor is a public official or a public body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PublicStatus {
    /// Neither.
    #[default]
    Ordinary,
    /// A 国家工作人员 (public official): the unit where he works and the unit's supervising department.
    Official { unit: String, supervisor: String },
    /// A 国家机关 or 国有企业 as the debtor: its superior unit or supervising department.
    PublicBody { body: PublicBodyKind, supervisor: String },
}

/// The kinds of public body of 失信规定 第八条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicBodyKind {
    /// 国家机关.
    StateOrgan,
    /// 国有企业.
    StateOwnedEnterprise,
}

/// Whom a notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientRole {
    /// 所在单位: the official's unit.
    Unit,
    /// 上级单位或主管部门: the supervising department.
    Supervisor,
}

/// One recipient of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRecipient {
    pub role: RecipientRole,
    pub name: String,
}

/// The notice (通报) of a public official's or public body's listing.
///
/// It carries what the recipients need to act and nothing of the case file: who, which court and case,
/// the grounds, what is unpaid, since when and until when. A person's 公民身份号码 is masked: the unit knows
/// its own staff, and the notice travels outside the court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficialNotice {
    pub title: String,
    pub recipients: Vec<NoticeRecipient>,
    pub court: String,
    pub case_number: String,
    pub listing_id: String,
    pub debtor_name: String,
    /// Masked for a person; the 统一社会信用代码 for a body.
    pub debtor_id: String,
    pub status: PublicStatus,
    pub grounds: Vec<ShixinGround>,
    /// In yuan, as the listing records it.
    pub unpaid: String,
    pub listed_on: NaiveDate,
    /// The last day of a fixed term; `None` for a listing until removal (ground 1).
    pub term_ends_on: Option<NaiveDate>,
    /// Published in the separate list of public officials and bodies (zero tolerance, seed 000).
    pub separate_list: bool,
    /// What the court asks of the recipients.
    pub requests: Vec<&'static str>,
    pub legal_basis: Vec<&'static str>,
    pub issued_on: NaiveDate,
}

impl PublicStatus {
    /// Whether the debtor is a public official or a public body.
    pub fn is_public(&self) -> bool {
        !matches!(self, Self::Ordinary)
    }

    /// The status with its names checked (required, at most [`NAME_CHARS_MAX`] characters).
    pub fn validated(&self) -> Result<PublicStatus, CreditRejection> {
        Ok(match self {
            Self::Ordinary => Self::Ordinary,
            Self::Official { unit, supervisor } => Self::Official {
                unit: text("public_status.unit", unit, NAME_CHARS_MAX)?,
                supervisor: text("public_status.supervisor", supervisor, NAME_CHARS_MAX)?,
            },
            Self::PublicBody { body, supervisor } => Self::PublicBody {
                body: *body,
                supervisor: text("public_status.supervisor", supervisor, NAME_CHARS_MAX)?,
            },
        })
    }
}

/// 失信规定 第八条 (国家工作人员 → 所在单位; 国家机关、国有企业 → 上级单位或主管部门), with the zero-tolerance
/// policy of seed 000: the notice of a listing of a public official or public body, or `None` for an
/// ordinary debtor.
///
/// An official's notice goes to the unit and to its supervising department (the statute names the unit; the
/// department is the platform's policy); a body's to its supervising department. The court asks the
/// recipients to urge performance (督促履行); for an official it also asks them to deal with the matter
/// under the rules of discipline (依纪依法处理) — the policy of the seeds, not a statute, and said so.
pub fn shixin_art8_official_notice(listed: &ShixinListed, issued_on: NaiveDate) -> Option<OfficialNotice> {
    let (title, recipients, requests) = match &listed.public_status {
        PublicStatus::Ordinary => return None,
        PublicStatus::Official { unit, supervisor } => (
            "关于公职人员被纳入失信被执行人名单的通报",
            vec![
                NoticeRecipient { role: RecipientRole::Unit, name: unit.clone() },
                NoticeRecipient { role: RecipientRole::Supervisor, name: supervisor.clone() },
            ],
            vec![
                "督促其履行生效法律文书确定的义务 (失信规定 第八条)",
                "依纪依法处理 (零容忍: 平台政策，非法定要求)",
            ],
        ),
        PublicStatus::PublicBody { body, supervisor } => (
            match body {
                PublicBodyKind::StateOrgan => "关于国家机关被纳入失信被执行人名单的通报",
                PublicBodyKind::StateOwnedEnterprise => "关于国有企业被纳入失信被执行人名单的通报",
            },
            vec![NoticeRecipient { role: RecipientRole::Supervisor, name: supervisor.clone() }],
            vec!["督促其履行生效法律文书确定的义务 (失信规定 第八条)"],
        ),
    };
    Some(OfficialNotice {
        title: title.to_owned(),
        recipients,
        court: listed.court.clone(),
        case_number: listed.case_number.clone(),
        listing_id: listed.listing_id.clone(),
        debtor_name: listed.debtor.name.clone(),
        debtor_id: masked(&listed.debtor, MaskPattern::DEFAULT),
        status: listed.public_status.clone(),
        grounds: listed.grounds.clone(),
        unpaid: listed.unpaid.clone(),
        listed_on: listed.decided_on,
        term_ends_on: match listed.term {
            ListingTerm::Open => None,
            ListingTerm::Fixed { ends_on, .. } => Some(ends_on),
        },
        separate_list: true,
        requests,
        legal_basis: vec!["失信规定 第八条"],
        issued_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credit::fixtures::{application, company, date};
    use crate::credit::listing::shixin_art5_decision;

    #[test]
    fn shixin_art8_ordinary_debtor_no_notice() {
        let listed = ShixinListed::from(&shixin_art5_decision(&application()).unwrap());
        assert_eq!(shixin_art8_official_notice(&listed, date("2024-05-07")), None);
    }

    #[test]
    fn shixin_art8_official_notice_to_unit_and_supervisor() {
        let mut app = application();
        app.debtor.public_status = PublicStatus::Official {
            unit: "某市自然资源局".into(),
            supervisor: "某市人民政府".into(),
        };
        let listed = ShixinListed::from(&shixin_art5_decision(&app).unwrap());
        let notice = shixin_art8_official_notice(&listed, date("2024-05-07")).unwrap();
        assert_eq!(
            notice.recipients.iter().map(|r| (r.role, r.name.as_str())).collect::<Vec<_>>(),
            [(RecipientRole::Unit, "某市自然资源局"), (RecipientRole::Supervisor, "某市人民政府")]
        );
        assert!(notice.separate_list);
        assert_eq!(notice.debtor_id, "110105********002X", "masked");
        assert_eq!(notice.case_number, "（2024）浙0106执123号");
        assert_eq!(notice.requests.len(), 2);
        assert_eq!(notice.term_ends_on, Some(date("2026-05-06")));
    }

    #[test]
    fn shixin_art8_public_body_notice_to_supervisor() {
        let mut app = application();
        app.debtor = company();
        app.debtor.public_status = PublicStatus::PublicBody {
            body: PublicBodyKind::StateOwnedEnterprise,
            supervisor: "某市国有资产监督管理委员会".into(),
        };
        let listed = ShixinListed::from(&shixin_art5_decision(&app).unwrap());
        let notice = shixin_art8_official_notice(&listed, date("2024-05-07")).unwrap();
        assert_eq!(notice.recipients.len(), 1);
        assert_eq!(notice.recipients[0].role, RecipientRole::Supervisor);
        assert_eq!(notice.debtor_id, "91350100M000100Y43");
        assert_eq!(notice.title, "关于国有企业被纳入失信被执行人名单的通报");
    }

    #[test]
    fn shixin_art8_public_status_names_required() {
        let status = PublicStatus::Official { unit: " ".into(), supervisor: "x".into() };
        assert_eq!(status.validated().unwrap_err().field(), Some("public_status.unit"));
        assert!(!PublicStatus::Ordinary.is_public());
    }
}
