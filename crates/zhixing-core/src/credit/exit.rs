//! The exit restriction (限制出境): 2023民诉法 第266条 (2021: 第262条) and 执行程序解释 (2020) 第二十三条–
//! 第二十五条 (LAW.md §2): on the applicant's written application or of the court's own motion (第二十三条);
//! for an organisation, on its 法定代表人, 主要负责人 or 影响债务履行的直接责任人员 (第二十四条); lifted when the
//! debt is paid in full (must) or on security or the applicant's consent (may) (第二十五条). A decision is
//! open to reconsideration (复议) within 10 days, decided within 15 (执行异议复议规定 第九条).

use chrono::NaiveDate;

use super::consumption::{CoveredPerson, CoveredRole, LiftGround, check_initiation, covered_persons};
use super::{
    CreditRejection, Debtor, Duty, Initiation, REFERENCE_CHARS_MAX, SubjectId, case_number, period_end, text,
};
use crate::calendar::LegalCalendar;
use crate::closing::DebtorKind;
use crate::limits::NAME_CHARS_MAX;

/// 执行异议复议规定 第九条: reconsideration of an exit restriction is applied for within 10 days of service.
pub const EXIT_RECONSIDERATION_APPLY_DAYS: u32 = 10;

/// 执行异议复议规定 第九条: the court one level up decides within 15 days of receiving it.
pub const EXIT_RECONSIDERATION_DECISION_DAYS: u32 = 15;

/// What the court needs to restrict exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitOrderApplication {
    pub order_id: String,
    pub case_number: String,
    pub court: String,
    pub debtor: Debtor,
    /// For an organisation, the persons restricted (at least one); empty for a person debtor.
    pub persons: Vec<CoveredPerson>,
    /// The debtor has not performed the obligation (the condition of 2023民诉法 第266条).
    pub unperformed: bool,
    pub initiation: Initiation,
    pub ordered_on: NaiveDate,
}

/// An exit restriction (限制出境决定).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitOrder {
    pub order_id: String,
    pub case_number: String,
    pub court: String,
    pub debtor_name: String,
    pub debtor_id: SubjectId,
    /// Whom it restricts: the person debtor (role [`CoveredRole::Debtor`], not listed here), or these persons
    /// of an organisation.
    pub persons: Vec<CoveredPerson>,
    pub initiation: Initiation,
    pub ordered_on: NaiveDate,
    pub legal_basis: Vec<&'static str>,
}

/// 执行程序解释 第二十四条: whom an exit restriction reaches — a person debtor; for an organisation its
/// 法定代表人, 主要负责人 and 影响债务履行的直接责任人员 (not the organisation itself, which does not travel, and
/// not the 实际控制人, whom the 解释 does not name).
pub fn exit_art24_roles(kind: DebtorKind) -> &'static [CoveredRole] {
    match kind {
        DebtorKind::Person => &[CoveredRole::Debtor],
        DebtorKind::Organisation => &[
            CoveredRole::LegalRepresentative,
            CoveredRole::PrincipalOfficer,
            CoveredRole::DirectlyResponsible,
        ],
    }
}

/// 执行程序解释 第二十三条, 第二十四条: the restriction, or the first reason it cannot be made. Made on the
/// applicant's written application, or ex officio when necessary (both accepted); only while the
/// obligation is unperformed (2023民诉法 第266条); an organisation's restriction names at least one person of
/// [`exit_art24_roles`]; a person debtor's names nobody else.
pub fn exit_art23_order(app: &ExitOrderApplication) -> Result<ExitOrder, CreditRejection> {
    let order_id = text("order_id", &app.order_id, REFERENCE_CHARS_MAX)?;
    let case = case_number("case_number", &app.case_number)?;
    let court = text("court", &app.court, NAME_CHARS_MAX)?;
    let debtor_name = text("debtor.name", &app.debtor.name, NAME_CHARS_MAX)?;
    if !app.unperformed {
        return Err(CreditRejection::NotAvailable { field: "unperformed" });
    }
    check_initiation(&app.initiation, app.ordered_on)?;
    let persons = covered_persons(&app.persons, exit_art24_roles(app.debtor.kind()))?;
    if app.debtor.kind() == DebtorKind::Organisation && persons.is_empty() {
        return Err(CreditRejection::Required { field: "persons" });
    }
    Ok(ExitOrder {
        order_id,
        case_number: case,
        court,
        debtor_name,
        debtor_id: app.debtor.id.clone(),
        persons,
        initiation: app.initiation.clone(),
        ordered_on: app.ordered_on,
        legal_basis: vec!["2023民诉法 第266条", "执行程序解释 第二十三条", "执行程序解释 第二十四条"],
    })
}

/// 执行程序解释 第二十五条: the court must lift the restriction (及时) when the debtor performs the whole debt,
/// and may lift it on sufficient and effective security or the applicant's consent. The change of a legal
/// representative (善意文明执行意见 第17条) speaks of consumption only: not a ground here.
pub fn exit_art25_lifting(ground: LiftGround) -> Duty {
    match ground {
        LiftGround::Performed => Duty::Mandatory,
        LiftGround::Security | LiftGround::ApplicantConsent => Duty::Discretionary,
        LiftGround::RepresentativeChanged => Duty::NotAvailable,
    }
}

/// 执行异议复议规定 第九条: the last day to apply for reconsideration of a restriction served on `served_on`.
pub fn exit_reconsideration_deadline(
    served_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<NaiveDate, CreditRejection> {
    period_end(calendar, served_on, EXIT_RECONSIDERATION_APPLY_DAYS, "served_on")
}

/// 执行异议复议规定 第九条: the day by which a reconsideration received on `received_on` is decided.
pub fn exit_reconsideration_due(
    received_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<NaiveDate, CreditRejection> {
    period_end(calendar, received_on, EXIT_RECONSIDERATION_DECISION_DAYS, "received_on")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credit::fixtures::{company, date, person, person_debtor, staff};

    fn application() -> ExitOrderApplication {
        ExitOrderApplication {
            order_id: "X1".into(),
            case_number: "（2024）浙0106执123号".into(),
            court: "杭州市西湖区人民法院".into(),
            debtor: person_debtor(),
            persons: vec![],
            unperformed: true,
            initiation: Initiation::ExOfficio,
            ordered_on: date("2024-05-06"),
        }
    }

    #[test]
    fn exit_interpretation_art23_on_application_or_ex_officio() {
        let order = exit_art23_order(&application()).unwrap();
        assert_eq!(order.persons, vec![]);
        let mut app = application();
        app.initiation =
            Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-05-01") };
        assert!(exit_art23_order(&app).is_ok());
        app.initiation =
            Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-05-07") };
        assert_eq!(exit_art23_order(&app).unwrap_err().field(), Some("initiation.applied_on"));
        let mut performed = application();
        performed.unperformed = false;
        assert_eq!(exit_art23_order(&performed).unwrap_err().code(), "not_available");
    }

    #[test]
    fn exit_interpretation_art24_organisation_persons() {
        assert_eq!(exit_art24_roles(DebtorKind::Person), &[CoveredRole::Debtor]);
        let roles = exit_art24_roles(DebtorKind::Organisation);
        assert!(!roles.contains(&CoveredRole::ActualController));
        assert!(!roles.contains(&CoveredRole::Debtor));

        let mut app = application();
        app.debtor = company();
        assert_eq!(exit_art23_order(&app).unwrap_err().field(), Some("persons"));
        app.persons = vec![staff(CoveredRole::LegalRepresentative)];
        assert_eq!(exit_art23_order(&app).unwrap().persons.len(), 1);
        app.persons = vec![staff(CoveredRole::ActualController)];
        assert_eq!(exit_art23_order(&app).unwrap_err().code(), "role_not_allowed");

        let mut on_person = application();
        on_person.persons = vec![person(CoveredRole::LegalRepresentative, "王五", "34052419800101001X")];
        assert_eq!(exit_art23_order(&on_person).unwrap_err().code(), "role_not_allowed");
    }

    #[test]
    fn exit_interpretation_art25_lifting() {
        assert_eq!(exit_art25_lifting(LiftGround::Performed), Duty::Mandatory);
        assert_eq!(exit_art25_lifting(LiftGround::Security), Duty::Discretionary);
        assert_eq!(exit_art25_lifting(LiftGround::ApplicantConsent), Duty::Discretionary);
        assert_eq!(exit_art25_lifting(LiftGround::RepresentativeChanged), Duty::NotAvailable);
    }

    #[test]
    fn objection_reconsideration_rules_art9_periods() {
        let calendar = LegalCalendar::official();
        // Served Friday 2024-09-20: day 10 is Monday 2024-09-30, a working day.
        assert_eq!(exit_reconsideration_deadline(date("2024-09-20"), calendar).unwrap(), date("2024-09-30"));
        // Received 2024-09-20: day 15 is Saturday 2024-10-05, inside the National Day break (10-01..10-07);
        // the period ends on the next working day, Tuesday 2024-10-08.
        assert_eq!(exit_reconsideration_due(date("2024-09-20"), calendar).unwrap(), date("2024-10-08"));
    }
}
