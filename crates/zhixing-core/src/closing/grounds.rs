//! The grounds of the closing modes that rest on a ground — 终结执行, 销案, 不予执行, 驳回申请 — each with its
//! source and the evidence the officer puts in the file before closing on it.
//!
//! Verified against the statute text (LawRefBook/Laws): 2023民诉法 第248条, 第249条, 第268条, 第291条;
//! 执行工作若干规定 第16条, 第41条, 第61条. The grounds taken from 立案结案意见 (法发〔2014〕26号) and a few
//! others are marked [unconfirmed]: their article numbers come from secondary sources.

use super::{BasisKind, ClaimKind, ClosingFacts, DebtorKind, Unmet};

/// What the platform says about a ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroundInfo {
    /// A stable snake_case code.
    pub code: &'static str,
    pub name_zh: &'static str,
    pub source: &'static str,
    /// What must be in the file, "English / 中文".
    pub evidence: &'static str,
}

/// Grounds of 终结执行: the six of 2023民诉法 第268条 (2021民诉法 第264条), and three more from the
/// interpretations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TerminationGround {
    /// (一) 申请人撤销申请.
    ApplicantWithdrew,
    /// (二) 据以执行的法律文书被撤销.
    BasisRevoked,
    /// (三) 作为被执行人的公民死亡，无遗产可供执行，又无义务承担人.
    DebtorDiedWithoutEstate,
    /// (四) 追索赡养费、扶养费、抚养费案件的权利人死亡.
    MaintenanceBeneficiaryDied,
    /// (五) 作为被执行人的公民因生活困难无力偿还借款，无收入来源，又丧失劳动能力.
    DebtorDestitute,
    /// (六) 人民法院认为应当终结执行的其他情形.
    OtherFoundByCourt,
    /// 被执行人被人民法院裁定宣告破产: 执行工作若干规定 第61条.
    DebtorDeclaredBankrupt,
    /// The specific thing to deliver is destroyed or lost and the parties cannot agree on compensation:
    /// 执行工作若干规定 第41条第二款.
    SpecificObjectLost,
    /// An organisation debtor has ended with no property, no successor and no one to add as debtor:
    /// 立案结案意见 第17条第(六)项 [unconfirmed].
    OrganisationEndedWithoutAssets,
}

/// Grounds of 销案 [立案结案意见 第18条, unconfirmed].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancellationGround {
    /// The debtor's objection to jurisdiction was upheld: the case is revoked and the applicant told to
    /// apply to the competent court (执行程序解释 第3条 [unconfirmed]).
    JurisdictionObjectionUpheld,
    /// Another competent court filed the same case first (执行程序解释 第2条 [unconfirmed]).
    FiledEarlierElsewhere,
    /// The delegated court returned the delegation with the high court's consent.
    DelegationReturned,
}

/// Grounds of 不予执行.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NonEnforcementGround {
    /// A domestic arbitral award: 2023民诉法 第248条第二款, 第三款 (2021: 第244条).
    ArbitralAward(ArbitralAwardDefect),
    /// A foreign-related arbitral award: 2023民诉法 第291条 (2021: 第281条).
    ForeignRelatedArbitralAward(ForeignAwardDefect),
    /// 公证债权文书确有错误: 2023民诉法 第249条第二款 (2021: 第245条).
    NotarizedDebtDocumentWrong,
    /// The debtor's objection that the application period (申请执行期间, 2023民诉法 第250条) had run was
    /// upheld: 民诉法解释 第481条 [unconfirmed].
    ApplicationPeriodExpired,
    /// An administrative decision the court refuses to enforce (裁定不准予执行) [unconfirmed].
    AdministrativeDecisionRefused,
}

/// The defects of a domestic arbitral award, 2023民诉法 第248条第二款 (一)–(六) and 第三款.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArbitralAwardDefect {
    NoArbitrationAgreement,
    OutsideAgreementOrAuthority,
    TribunalOrProcedureUnlawful,
    ForgedEvidence,
    EvidenceConcealed,
    ArbitratorMisconduct,
    /// 违背社会公共利益: the court finds it of its own motion.
    PublicInterest,
}

/// The defects of a foreign-related arbitral award, 2023民诉法 第291条第一款 (一)–(四) and 第二款.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForeignAwardDefect {
    NoArbitrationAgreement,
    NoNoticeOrUnableToPresent,
    TribunalOrProcedureAgainstRules,
    OutsideAgreementOrAuthority,
    PublicInterest,
}

/// Grounds of 驳回申请: the case was filed though a condition of filing (执行工作若干规定 第16条, 2020
/// numbering; 第18条 in 1998) was not met [立案结案意见 第20条, unconfirmed].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RejectionGround {
    /// (1) 申请或移送执行的法律文书未生效.
    BasisNotEffective,
    /// (2) 申请执行人不是权利人或其继承人、权利承受人.
    ApplicantNotEntitled,
    /// (3) 法律文书无给付内容，或执行标的、被执行人不明确.
    NothingEnforceable,
    /// (4) 义务人履行期限尚未届满.
    PerformancePeriodNotExpired,
    /// (5) 不属于受申请执行的人民法院管辖.
    NotWithinJurisdiction,
}

impl TerminationGround {
    /// Every ground: the six of 第268条 in order, then the others.
    pub const ALL: [TerminationGround; 9] = [
        Self::ApplicantWithdrew,
        Self::BasisRevoked,
        Self::DebtorDiedWithoutEstate,
        Self::MaintenanceBeneficiaryDied,
        Self::DebtorDestitute,
        Self::OtherFoundByCourt,
        Self::DebtorDeclaredBankrupt,
        Self::SpecificObjectLost,
        Self::OrganisationEndedWithoutAssets,
    ];

    /// Code, name, source and the evidence to file.
    pub fn info(self) -> GroundInfo {
        let (code, name_zh, source, evidence) = match self {
            Self::ApplicantWithdrew => (
                "applicant_withdrew",
                "申请人撤销申请",
                "2023民诉法 第268条第(一)项",
                "the applicant's written withdrawal / 申请执行人撤回申请的书面材料",
            ),
            Self::BasisRevoked => (
                "basis_revoked",
                "据以执行的法律文书被撤销",
                "2023民诉法 第268条第(二)项",
                "the document revoking the basis / 撤销执行依据的法律文书",
            ),
            Self::DebtorDiedWithoutEstate => (
                "debtor_died_without_estate",
                "被执行人死亡，无遗产可供执行，又无义务承担人",
                "2023民诉法 第268条第(三)项",
                "the death record and the findings of no estate and no successor / 死亡证明及无遗产、无义务承担人的调查材料",
            ),
            Self::MaintenanceBeneficiaryDied => (
                "maintenance_beneficiary_died",
                "追索赡养费、扶养费、抚养费案件的权利人死亡",
                "2023民诉法 第268条第(四)项",
                "the beneficiary's death record / 权利人死亡证明",
            ),
            Self::DebtorDestitute => (
                "debtor_destitute",
                "被执行人因生活困难无力偿还借款，无收入来源，又丧失劳动能力",
                "2023民诉法 第268条第(五)项",
                "the findings of hardship, no income and lost capacity to work / 生活困难、无收入来源、丧失劳动能力的证明材料",
            ),
            Self::OtherFoundByCourt => (
                "other_found_by_court",
                "人民法院认为应当终结执行的其他情形",
                "2023民诉法 第268条第(六)项",
                "the reasons the court finds, approved as the court requires / 法院认定的事由及审批材料",
            ),
            Self::DebtorDeclaredBankrupt => (
                "debtor_declared_bankrupt",
                "被执行人被裁定宣告破产",
                "执行工作若干规定 第61条",
                "the ruling declaring the debtor bankrupt / 宣告破产裁定书",
            ),
            Self::SpecificObjectLost => (
                "specific_object_lost",
                "特定标的物毁损灭失，折价赔偿不能协商一致",
                "执行工作若干规定 第41条第二款",
                "proof of the loss and the record of the failed agreement on compensation / 标的物毁损灭失的证明及折价协商笔录",
            ),
            Self::OrganisationEndedWithoutAssets => (
                "organisation_ended_without_assets",
                "被执行人终止后既无财产可供执行，又无义务承受人，也无法追加变更执行主体",
                "立案结案意见 第17条第(六)项 [unconfirmed]",
                "the deregistration record and the findings of no assets and no successor / 注销、吊销等证明及无财产、无承受人的调查材料",
            ),
        };
        GroundInfo { code, name_zh, source, evidence }
    }

    /// The ground, unless it cannot apply to this debtor or claim: the reason why not.
    fn misfit(self, debtor: DebtorKind, claim: ClaimKind) -> Option<(&'static str, &'static str)> {
        match self {
            Self::DebtorDiedWithoutEstate | Self::DebtorDestitute if debtor != DebtorKind::Person => Some((
                "this ground applies only to a debtor who is a natural person (公民): choose another ground",
                "该事由仅适用于被执行人为公民的案件，请选择其他事由",
            )),
            Self::DebtorDestitute if claim != ClaimKind::Loan => Some((
                "this ground covers the repayment of a loan (借款) only: choose another ground",
                "该事由仅适用于无力偿还借款的情形，请选择其他事由",
            )),
            Self::MaintenanceBeneficiaryDied if claim != ClaimKind::Maintenance => Some((
                "this ground applies only to a claim for 赡养费, 扶养费 or 抚养费: choose another ground",
                "该事由仅适用于追索赡养费、扶养费、抚养费案件，请选择其他事由",
            )),
            Self::SpecificObjectLost if claim != ClaimKind::SpecificObject => Some((
                "this ground applies only to the delivery of a specific thing: choose another ground",
                "该事由仅适用于交付特定物的案件，请选择其他事由",
            )),
            Self::OrganisationEndedWithoutAssets if debtor != DebtorKind::Organisation => Some((
                "this ground applies only to a debtor that is an organisation: choose another ground",
                "该事由仅适用于被执行人为法人或其他组织的案件，请选择其他事由",
            )),
            _ => None,
        }
    }
}

impl CancellationGround {
    /// Every ground, in the order of the 意见.
    pub const ALL: [CancellationGround; 3] =
        [Self::JurisdictionObjectionUpheld, Self::FiledEarlierElsewhere, Self::DelegationReturned];

    /// Code, name, source and the evidence to file.
    pub fn info(self) -> GroundInfo {
        let (code, name_zh, source, evidence) = match self {
            Self::JurisdictionObjectionUpheld => (
                "jurisdiction_objection_upheld",
                "被执行人提出的管辖异议成立",
                "立案结案意见 第18条第(一)项 [unconfirmed]; 执行程序解释 第3条 [unconfirmed]",
                "the ruling upholding the objection / 管辖异议成立的裁定书",
            ),
            Self::FiledEarlierElsewhere => (
                "filed_earlier_elsewhere",
                "其他有管辖权的人民法院已经立案在先",
                "立案结案意见 第18条第(二)项 [unconfirmed]; 执行程序解释 第2条 [unconfirmed]",
                "the other court's earlier filing and the hand-over of property already controlled / 在先立案的证明及已控制财产的移交材料",
            ),
            Self::DelegationReturned => (
                "delegation_returned",
                "受托法院报经高级人民法院同意退回委托",
                "立案结案意见 第18条第(三)项 [unconfirmed]",
                "the high court's consent to return the delegation / 高级人民法院同意退回委托的材料",
            ),
        };
        GroundInfo { code, name_zh, source, evidence }
    }
}

impl NonEnforcementGround {
    /// Every ground: the defects of a domestic award, of a foreign-related award, then the others.
    pub const ALL: [NonEnforcementGround; 15] = [
        Self::ArbitralAward(ArbitralAwardDefect::NoArbitrationAgreement),
        Self::ArbitralAward(ArbitralAwardDefect::OutsideAgreementOrAuthority),
        Self::ArbitralAward(ArbitralAwardDefect::TribunalOrProcedureUnlawful),
        Self::ArbitralAward(ArbitralAwardDefect::ForgedEvidence),
        Self::ArbitralAward(ArbitralAwardDefect::EvidenceConcealed),
        Self::ArbitralAward(ArbitralAwardDefect::ArbitratorMisconduct),
        Self::ArbitralAward(ArbitralAwardDefect::PublicInterest),
        Self::ForeignRelatedArbitralAward(ForeignAwardDefect::NoArbitrationAgreement),
        Self::ForeignRelatedArbitralAward(ForeignAwardDefect::NoNoticeOrUnableToPresent),
        Self::ForeignRelatedArbitralAward(ForeignAwardDefect::TribunalOrProcedureAgainstRules),
        Self::ForeignRelatedArbitralAward(ForeignAwardDefect::OutsideAgreementOrAuthority),
        Self::ForeignRelatedArbitralAward(ForeignAwardDefect::PublicInterest),
        Self::NotarizedDebtDocumentWrong,
        Self::ApplicationPeriodExpired,
        Self::AdministrativeDecisionRefused,
    ];

    /// Code, name, source and the evidence to file.
    pub fn info(self) -> GroundInfo {
        let (code, name_zh, source, evidence) = match self {
            Self::ArbitralAward(defect) => return defect.info(),
            Self::ForeignRelatedArbitralAward(defect) => return defect.info(),
            Self::NotarizedDebtDocumentWrong => (
                "notarized_debt_document_wrong",
                "公证债权文书确有错误",
                "2023民诉法 第249条第二款",
                "the findings that the notarized document is wrong / 公证债权文书确有错误的审查材料",
            ),
            Self::ApplicationPeriodExpired => (
                "application_period_expired",
                "被执行人提出的申请执行时效异议成立",
                "民诉法解释 第481条 [unconfirmed]; 2023民诉法 第250条",
                "the debtor's objection and the findings on the application period / 时效异议及审查材料",
            ),
            Self::AdministrativeDecisionRefused => (
                "administrative_decision_refused",
                "行政行为裁定不准予执行",
                "行政诉讼法解释 [article unconfirmed]",
                "the ruling refusing enforcement / 不准予执行的裁定书",
            ),
        };
        GroundInfo { code, name_zh, source, evidence }
    }

    /// The basis this ground needs, if any.
    fn basis_needed(self) -> Option<BasisKind> {
        match self {
            Self::ArbitralAward(_) | Self::ForeignRelatedArbitralAward(_) => Some(BasisKind::ArbitralAward),
            Self::NotarizedDebtDocumentWrong => Some(BasisKind::NotarizedDebt),
            Self::ApplicationPeriodExpired | Self::AdministrativeDecisionRefused => None,
        }
    }

    /// Whether the statute makes the ruling rest on a collegial panel's review (合议庭审查核实).
    fn needs_panel(self) -> bool {
        matches!(self, Self::ArbitralAward(_) | Self::ForeignRelatedArbitralAward(_))
    }

    /// Whether the defect must be raised and proved by the debtor (被申请人提出证据证明) rather than found by
    /// the court of its own motion.
    fn needs_debtor_application(self) -> bool {
        match self {
            Self::ArbitralAward(defect) => defect != ArbitralAwardDefect::PublicInterest,
            Self::ForeignRelatedArbitralAward(defect) => defect != ForeignAwardDefect::PublicInterest,
            Self::ApplicationPeriodExpired => true,
            Self::NotarizedDebtDocumentWrong | Self::AdministrativeDecisionRefused => false,
        }
    }
}

impl ArbitralAwardDefect {
    /// Code, name, source and the evidence to file.
    pub fn info(self) -> GroundInfo {
        let evidence = "the debtor's application and evidence, and the panel's findings / 被申请人的申请、证据及合议庭审查笔录";
        let (code, name_zh, source) = match self {
            Self::NoArbitrationAgreement => (
                "award_no_arbitration_agreement",
                "没有仲裁条款或书面仲裁协议",
                "2023民诉法 第248条第二款第(一)项",
            ),
            Self::OutsideAgreementOrAuthority => (
                "award_outside_agreement_or_authority",
                "裁决事项不属于仲裁协议范围或仲裁机构无权仲裁",
                "2023民诉法 第248条第二款第(二)项",
            ),
            Self::TribunalOrProcedureUnlawful => (
                "award_tribunal_or_procedure_unlawful",
                "仲裁庭组成或仲裁程序违反法定程序",
                "2023民诉法 第248条第二款第(三)项",
            ),
            Self::ForgedEvidence => {
                ("award_forged_evidence", "裁决所根据的证据是伪造的", "2023民诉法 第248条第二款第(四)项")
            }
            Self::EvidenceConcealed => (
                "award_evidence_concealed",
                "对方当事人隐瞒了足以影响公正裁决的证据",
                "2023民诉法 第248条第二款第(五)项",
            ),
            Self::ArbitratorMisconduct => (
                "award_arbitrator_misconduct",
                "仲裁员贪污受贿、徇私舞弊、枉法裁决",
                "2023民诉法 第248条第二款第(六)项",
            ),
            Self::PublicInterest => {
                ("award_public_interest", "执行该裁决违背社会公共利益", "2023民诉法 第248条第三款")
            }
        };
        let evidence = if self == Self::PublicInterest {
            "the panel's findings on the public interest / 合议庭关于社会公共利益的审查笔录"
        } else {
            evidence
        };
        GroundInfo { code, name_zh, source, evidence }
    }
}

impl ForeignAwardDefect {
    /// Code, name, source and the evidence to file.
    pub fn info(self) -> GroundInfo {
        let evidence = "the debtor's application and evidence, and the panel's findings / 被申请人的申请、证据及合议庭审查笔录";
        let (code, name_zh, source) = match self {
            Self::NoArbitrationAgreement => (
                "foreign_award_no_arbitration_agreement",
                "没有仲裁条款或书面仲裁协议",
                "2023民诉法 第291条第一款第(一)项",
            ),
            Self::NoNoticeOrUnableToPresent => (
                "foreign_award_no_notice",
                "被申请人未得到指定仲裁员或进行仲裁程序的通知，或因不属于其负责的原因未能陈述意见",
                "2023民诉法 第291条第一款第(二)项",
            ),
            Self::TribunalOrProcedureAgainstRules => (
                "foreign_award_procedure_against_rules",
                "仲裁庭组成或仲裁程序与仲裁规则不符",
                "2023民诉法 第291条第一款第(三)项",
            ),
            Self::OutsideAgreementOrAuthority => (
                "foreign_award_outside_agreement_or_authority",
                "裁决事项不属于仲裁协议范围或仲裁机构无权仲裁",
                "2023民诉法 第291条第一款第(四)项",
            ),
            Self::PublicInterest => {
                ("foreign_award_public_interest", "执行该裁决违背社会公共利益", "2023民诉法 第291条第二款")
            }
        };
        let evidence = if self == Self::PublicInterest {
            "the panel's findings on the public interest / 合议庭关于社会公共利益的审查笔录"
        } else {
            evidence
        };
        GroundInfo { code, name_zh, source, evidence }
    }
}

impl RejectionGround {
    /// Every ground, in the order of 执行工作若干规定 第16条.
    pub const ALL: [RejectionGround; 5] = [
        Self::BasisNotEffective,
        Self::ApplicantNotEntitled,
        Self::NothingEnforceable,
        Self::PerformancePeriodNotExpired,
        Self::NotWithinJurisdiction,
    ];

    /// Code, name, source and the evidence to file.
    pub fn info(self) -> GroundInfo {
        let evidence = "the record of the review after filing / 立案后审查的笔录及材料";
        let (code, name_zh, source) = match self {
            Self::BasisNotEffective => {
                ("basis_not_effective", "申请执行的法律文书尚未生效", "执行工作若干规定 第16条第(1)项")
            }
            Self::ApplicantNotEntitled => (
                "applicant_not_entitled",
                "申请执行人不是生效法律文书确定的权利人或其继承人、权利承受人",
                "执行工作若干规定 第16条第(2)项",
            ),
            Self::NothingEnforceable => (
                "nothing_enforceable",
                "法律文书无给付内容，或执行标的和被执行人不明确",
                "执行工作若干规定 第16条第(3)项",
            ),
            Self::PerformancePeriodNotExpired => (
                "performance_period_not_expired",
                "义务人履行义务的期限尚未届满",
                "执行工作若干规定 第16条第(4)项",
            ),
            Self::NotWithinJurisdiction => (
                "not_within_jurisdiction",
                "不属于受申请执行的人民法院管辖",
                "执行工作若干规定 第16条第(5)项",
            ),
        };
        GroundInfo { code, name_zh, source, evidence }
    }
}

/// The ground of each mode by its code ([`GroundInfo::code`]).
macro_rules! parse_by_code {
    ($($ground:ty),*) => {$(
        impl $ground {
            /// The ground whose code is exactly `code`.
            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|ground| ground.info().code == code)
            }
        }
    )*};
}
parse_by_code!(TerminationGround, CancellationGround, NonEnforcementGround, RejectionGround);

/// 终结执行 (2023民诉法 第268条; 执行工作若干规定 第41条, 第61条): a ground is chosen, fits the debtor and the
/// claim, and its evidence is in the file.
pub(super) fn termination_unmet(facts: &ClosingFacts) -> Vec<Unmet> {
    const SOURCE: &str = "2023民诉法 第268条 (2021: 第264条)";
    let Some(termination) = facts.termination else {
        return vec![ground_missing(SOURCE, "终结执行")];
    };
    let info = termination.ground.info();
    let mut unmet = Vec::new();
    if let Some((en, zh)) = termination.ground.misfit(facts.debtor, facts.claim) {
        unmet.push(Unmet::new("ground_does_not_apply", en, zh, info.source));
    }
    if !termination.evidence_on_file {
        unmet.push(evidence_missing(info));
    }
    unmet
}

/// 销案 (立案结案意见 第18条 [unconfirmed]): a ground is chosen and its evidence is in the file.
pub(super) fn cancellation_unmet(facts: &ClosingFacts) -> Vec<Unmet> {
    match facts.cancellation {
        None => vec![ground_missing("立案结案意见 第18条 [unconfirmed]", "销案")],
        Some(c) if !c.evidence_on_file => vec![evidence_missing(c.ground.info())],
        Some(_) => Vec::new(),
    }
}

/// 不予执行 (2023民诉法 第248条, 第249条, 第291条): a ground is chosen that fits the basis; for an arbitral
/// award, the debtor applied with evidence (unless the court finds against the public interest) and a
/// collegial panel reviewed it; the evidence is in the file.
pub(super) fn non_enforcement_unmet(facts: &ClosingFacts) -> Vec<Unmet> {
    let Some(n) = facts.non_enforcement else {
        return vec![ground_missing("2023民诉法 第248条, 第249条, 第291条", "不予执行")];
    };
    let info = n.ground.info();
    let mut unmet = Vec::new();
    if n.ground.basis_needed().is_some_and(|needed| needed != facts.basis) {
        unmet.push(Unmet::new(
            "ground_does_not_apply",
            "this ground does not fit the kind of basis the case enforces: choose another ground",
            "该事由与本案执行依据的种类不符，请选择其他事由",
            info.source,
        ));
    }
    if n.ground.needs_debtor_application() && !n.debtor_applied {
        unmet.push(Unmet::new(
            "debtor_application_missing",
            "this ground must be raised and proved by the debtor: record the debtor's application and evidence",
            "该事由须由被执行人申请并提出证据证明：请登记其申请及证据",
            info.source,
        ));
    }
    if n.ground.needs_panel() && !n.panel_reviewed {
        unmet.push(Unmet::new(
            "panel_review_missing",
            "have a collegial panel (合议庭) review and verify the defect",
            "应当组成合议庭审查核实",
            info.source,
        ));
    }
    if !n.evidence_on_file {
        unmet.push(evidence_missing(info));
    }
    unmet
}

/// 驳回申请 (执行工作若干规定 第16条; 立案结案意见 第20条 [unconfirmed]): a failed filing condition is named
/// and the review is in the file.
pub(super) fn rejection_unmet(facts: &ClosingFacts) -> Vec<Unmet> {
    match facts.rejection {
        None => vec![ground_missing("执行工作若干规定 第16条", "驳回申请")],
        Some(r) if !r.evidence_on_file => vec![evidence_missing(r.ground.info())],
        Some(_) => Vec::new(),
    }
}

fn ground_missing(source: &'static str, mode_zh: &str) -> Unmet {
    Unmet::new(
        "ground_missing",
        &format!("choose the ground on which the case closes as {mode_zh}"),
        &format!("请选择{mode_zh}的事由"),
        source,
    )
}

fn evidence_missing(info: GroundInfo) -> Unmet {
    let (en, zh) = info.evidence.split_once(" / ").unwrap_or((info.evidence, info.evidence));
    Unmet::new(
        "evidence_missing",
        &format!("put in the file: {en}"),
        &format!("请将以下材料入卷：{zh}"),
        info.source,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closing::tests::closing_facts;
    use crate::closing::{
        CancellationFacts, ClosingMode, NonEnforcementFacts, RejectionFacts, TerminationFacts, check_closing,
    };

    fn codes(mode: ClosingMode, facts: &ClosingFacts) -> Vec<&'static str> {
        match check_closing(mode, facts) {
            Ok(()) => Vec::new(),
            Err(unmet) => unmet.iter().map(|u| u.condition).collect(),
        }
    }

    fn check_termination(ground: TerminationGround, debtor: DebtorKind, claim: ClaimKind, expected: &[&str]) {
        let mut facts = closing_facts();
        facts.debtor = debtor;
        facts.claim = claim;
        facts.termination = Some(TerminationFacts { ground, evidence_on_file: true });
        assert_eq!(codes(ClosingMode::Terminated, &facts), expected, "{ground:?} {debtor:?} {claim:?}");
    }

    #[test]
    fn civil_procedure_law_2023_article_268() {
        use ClaimKind::*;
        use DebtorKind::*;
        use TerminationGround as T;
        let misfit = &["ground_does_not_apply"];
        check_termination(T::ApplicantWithdrew, Organisation, OtherMoney, &[]);
        check_termination(T::BasisRevoked, Person, Act, &[]);
        check_termination(T::DebtorDiedWithoutEstate, Person, OtherMoney, &[]);
        check_termination(T::DebtorDiedWithoutEstate, Organisation, OtherMoney, misfit);
        check_termination(T::MaintenanceBeneficiaryDied, Person, Maintenance, &[]);
        check_termination(T::MaintenanceBeneficiaryDied, Person, Loan, misfit);
        check_termination(T::DebtorDestitute, Person, Loan, &[]);
        check_termination(T::DebtorDestitute, Person, OtherMoney, misfit);
        check_termination(T::DebtorDestitute, Organisation, Loan, misfit);
        check_termination(T::OtherFoundByCourt, Organisation, Act, &[]);
    }

    #[test]
    fn enforcement_provisions_articles_41_and_61_termination() {
        use ClaimKind::*;
        use DebtorKind::*;
        use TerminationGround as T;
        check_termination(T::DebtorDeclaredBankrupt, Organisation, OtherMoney, &[]);
        check_termination(T::SpecificObjectLost, Person, SpecificObject, &[]);
        check_termination(T::SpecificObjectLost, Person, OtherMoney, &["ground_does_not_apply"]);
        check_termination(T::OrganisationEndedWithoutAssets, Organisation, Loan, &[]);
        check_termination(T::OrganisationEndedWithoutAssets, Person, Loan, &["ground_does_not_apply"]);
    }

    #[test]
    fn termination_needs_a_ground_and_its_evidence() {
        let mut facts = closing_facts();
        assert_eq!(codes(ClosingMode::Terminated, &facts), ["ground_missing"]);
        let ground = TerminationGround::ApplicantWithdrew;
        facts.termination = Some(TerminationFacts { ground, evidence_on_file: false });
        let Err(unmet) = check_closing(ClosingMode::Terminated, &facts) else { panic!("must block") };
        assert_eq!(unmet[0].condition, "evidence_missing");
        assert!(unmet[0].reason.contains("written withdrawal") && unmet[0].reason.contains("撤回申请"));
        assert_eq!(unmet[0].source, "2023民诉法 第268条第(一)项");
    }

    fn check_non_enforcement(
        ground: NonEnforcementGround,
        basis: BasisKind,
        applied: bool,
        panel: bool,
    ) -> Vec<&'static str> {
        let mut facts = closing_facts();
        facts.basis = basis;
        facts.non_enforcement = Some(NonEnforcementFacts {
            ground,
            evidence_on_file: true,
            debtor_applied: applied,
            panel_reviewed: panel,
        });
        codes(ClosingMode::NotEnforced, &facts)
    }

    #[test]
    fn civil_procedure_law_2023_articles_248_249_291() {
        use NonEnforcementGround as N;
        let forged = N::ArbitralAward(ArbitralAwardDefect::ForgedEvidence);
        let public = N::ArbitralAward(ArbitralAwardDefect::PublicInterest);
        let foreign = N::ForeignRelatedArbitralAward(ForeignAwardDefect::NoNoticeOrUnableToPresent);
        let award = BasisKind::ArbitralAward;
        let none: &[&str] = &[];
        assert_eq!(check_non_enforcement(forged, award, true, true), none);
        assert_eq!(check_non_enforcement(forged, award, false, true), ["debtor_application_missing"]);
        assert_eq!(check_non_enforcement(forged, award, true, false), ["panel_review_missing"]);
        assert_eq!(check_non_enforcement(forged, BasisKind::Judgment, true, true), ["ground_does_not_apply"]);
        assert_eq!(check_non_enforcement(public, award, false, true), none);
        assert_eq!(check_non_enforcement(public, award, false, false), ["panel_review_missing"]);
        assert_eq!(check_non_enforcement(foreign, award, true, true), none);
        let notarized = N::NotarizedDebtDocumentWrong;
        assert_eq!(check_non_enforcement(notarized, BasisKind::NotarizedDebt, false, false), none);
        assert_eq!(check_non_enforcement(notarized, award, false, false), ["ground_does_not_apply"]);
        assert_eq!(
            check_non_enforcement(N::ApplicationPeriodExpired, BasisKind::Judgment, false, false),
            ["debtor_application_missing"]
        );
    }

    #[test]
    fn filing_closing_opinion_article_18_cancellation() {
        let mut facts = closing_facts();
        assert_eq!(codes(ClosingMode::Cancelled, &facts), ["ground_missing"]);
        for ground in CancellationGround::ALL {
            facts.cancellation = Some(CancellationFacts { ground, evidence_on_file: true });
            assert_eq!(codes(ClosingMode::Cancelled, &facts), Vec::<&str>::new());
            facts.cancellation = Some(CancellationFacts { ground, evidence_on_file: false });
            assert_eq!(codes(ClosingMode::Cancelled, &facts), ["evidence_missing"]);
        }
    }

    #[test]
    fn enforcement_provisions_article_16_rejection() {
        let mut facts = closing_facts();
        assert_eq!(codes(ClosingMode::Rejected, &facts), ["ground_missing"]);
        for ground in RejectionGround::ALL {
            facts.rejection = Some(RejectionFacts { ground, evidence_on_file: true });
            assert_eq!(codes(ClosingMode::Rejected, &facts), Vec::<&str>::new());
            assert!(ground.info().source.starts_with("执行工作若干规定 第16条"));
        }
    }

    #[test]
    fn ground_codes_are_unique_and_documented() {
        let mut infos: Vec<GroundInfo> = TerminationGround::ALL.iter().map(|g| g.info()).collect();
        infos.extend(CancellationGround::ALL.iter().map(|g| g.info()));
        infos.extend(RejectionGround::ALL.iter().map(|g| g.info()));
        infos.extend(NonEnforcementGround::ALL.iter().map(|g| g.info()));
        let mut codes: Vec<&str> = infos.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), before, "duplicate ground codes");
        for ground in TerminationGround::ALL {
            assert_eq!(TerminationGround::parse(ground.info().code), Some(ground));
        }
        for ground in NonEnforcementGround::ALL {
            assert_eq!(NonEnforcementGround::parse(ground.info().code), Some(ground));
        }
        assert_eq!(
            CancellationGround::parse("filed_earlier_elsewhere"),
            Some(CancellationGround::FiledEarlierElsewhere)
        );
        assert_eq!(
            RejectionGround::parse("not_within_jurisdiction"),
            Some(RejectionGround::NotWithinJurisdiction)
        );
        assert_eq!(TerminationGround::parse("终结执行"), None);
        for info in infos {
            assert!(info.evidence.contains(" / "), "{info:?}");
            assert!(!info.source.is_empty() && !info.name_zh.is_empty(), "{info:?}");
        }
    }
}
