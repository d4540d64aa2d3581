//! Tests of the consumption restriction rules, each named after its article.

use super::*;
use crate::credit::fixtures::{citizen, company, consumption_application, date, person, staff};

fn application() -> ConsumptionOrderApplication {
    let mut app = consumption_application();
    app.initiation = Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-03-01") };
    app
}

fn company_order() -> ConsumptionOrder {
    let mut app = application();
    app.debtor = company();
    app.persons = vec![
        staff(CoveredRole::LegalRepresentative),
        person(CoveredRole::ActualController, "赵六", "34052419800101001X"),
    ];
    xiaofei_art3_order(&app).unwrap()
}

fn request(subject: &str, kind: PermitKind) -> PermitRequest {
    PermitRequest {
        subject: SubjectId::Citizen(citizen(subject)),
        item: ConsumptionItem::Transport,
        kind,
        purpose: "赴外地就医".into(),
        from: date("2024-04-01"),
        until: date("2024-04-03"),
        verified: true,
    }
}

#[test]
fn xiaofei_art3_nine_items() {
    let items: Vec<u8> = ConsumptionItem::ALL.iter().map(|i| i.item()).collect();
    assert_eq!(items, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for item in ConsumptionItem::ALL {
        assert_eq!(ConsumptionItem::parse(item.code()), Some(item));
        assert!(ItemSet::ALL.contains(item));
    }
    assert!(ConsumptionItem::TrainsAndOther.name_zh().starts_with("乘坐G字头动车组列车全部座位"));
    assert_eq!(ItemSet::ALL.iter().count(), 9);
    let set: ItemSet = [ConsumptionItem::Travel, ConsumptionItem::Vehicle].into_iter().collect();
    assert_eq!(set.iter().collect::<Vec<_>>(), [ConsumptionItem::Vehicle, ConsumptionItem::Travel]);
}

#[test]
fn xiaofei_art1_may_or_must_restrict() {
    assert_eq!(xiaofei_art1_duty(true, false), Duty::Discretionary);
    assert_eq!(xiaofei_art1_duty(false, true), Duty::Mandatory);
    assert_eq!(xiaofei_art1_duty(true, true), Duty::Mandatory);
    assert_eq!(xiaofei_art1_duty(false, false), Duty::NotAvailable);

    let mut app = application();
    app.unperformed_after_notice = false;
    let e = xiaofei_art3_order(&app).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_available", Some("unperformed_after_notice")));
    app.listed = true;
    assert_eq!(xiaofei_art3_order(&app).unwrap().duty, Duty::Mandatory);
}

#[test]
fn xiaofei_art3_entity_covers_four_kinds_of_person() {
    assert_eq!(xiaofei_art3_roles(DebtorKind::Person), &[CoveredRole::Debtor]);
    let roles = xiaofei_art3_roles(DebtorKind::Organisation);
    for role in [
        CoveredRole::LegalRepresentative,
        CoveredRole::PrincipalOfficer,
        CoveredRole::DirectlyResponsible,
        CoveredRole::ActualController,
    ] {
        assert!(roles.contains(&role), "{role:?}");
    }
    let order = company_order();
    assert_eq!(order.persons.len(), 2);
    assert_eq!(order.persons[1].role.name_zh(), "实际控制人");

    let mut app = application();
    app.persons = vec![staff(CoveredRole::LegalRepresentative)];
    assert_eq!(xiaofei_art3_order(&app).unwrap_err().code(), "role_not_allowed", "a person debtor alone");
    app.debtor = company();
    app.persons = vec![staff(CoveredRole::Debtor)];
    assert_eq!(xiaofei_art3_order(&app).unwrap_err().field(), Some("persons.role"));
    app.persons = vec![staff(CoveredRole::LegalRepresentative), staff(CoveredRole::PrincipalOfficer)];
    assert_eq!(xiaofei_art3_order(&app).unwrap_err().field(), Some("persons.id"));
}

#[test]
fn xiaofei_art6_order_states_period_items_and_consequences() {
    let order = xiaofei_art3_order(&application()).unwrap();
    assert_eq!(order.items, ItemSet::ALL);
    assert_eq!(order.until, None, "no term: until lifted");
    assert_eq!(order.signed_by, "院长");
    assert!(order.legal_consequences.contains("第十一条"));

    let mut app = application();
    app.items = ItemSet::EMPTY;
    assert_eq!(xiaofei_art3_order(&app).unwrap_err().field(), Some("items"));
    app.items = ItemSet::ALL;
    app.until = Some(date("2024-03-05"));
    assert_eq!(xiaofei_art3_order(&app).unwrap_err().field(), Some("until"));
    app.until = Some(date("2025-03-05"));
    assert_eq!(xiaofei_art3_order(&app).unwrap().until, Some(date("2025-03-05")));
}

#[test]
fn xiaofei_art4_on_application_or_ex_officio() {
    let mut app = application();
    app.initiation = Initiation::ExOfficio;
    assert!(xiaofei_art3_order(&app).is_ok());
    app.initiation = Initiation::OnApplication { applicant: " ".into(), applied_on: date("2024-03-01") };
    assert_eq!(xiaofei_art3_order(&app).unwrap_err().field(), Some("initiation.applicant"));
}

#[test]
fn xiaofei_art3_private_consumption_with_personal_property() {
    let order = company_order();
    let (duty, permit) =
        xiaofei_art3_private_consumption(&order, &request("330106198501010044", PermitKind::PrivateFunds))
            .unwrap();
    assert_eq!(duty, Duty::Mandatory, "verified: 应予准许");
    assert_eq!(permit.item, ConsumptionItem::Transport);
    let unverified =
        PermitRequest { verified: false, ..request("330106198501010044", PermitKind::PrivateFunds) };
    assert_eq!(xiaofei_art3_private_consumption(&order, &unverified).unwrap().0, Duty::NotAvailable);
    // Not for someone the order does not name, nor under the wrong rule.
    let stranger = request("11010519491231002X", PermitKind::PrivateFunds);
    assert_eq!(xiaofei_art3_private_consumption(&order, &stranger).unwrap_err().field(), Some("subject"));
    let necessary = request("330106198501010044", PermitKind::Necessary);
    assert_eq!(xiaofei_art3_private_consumption(&order, &necessary).unwrap_err().field(), Some("kind"));
}

#[test]
fn xiaofei_art8_necessary_consumption_by_approval() {
    let order = xiaofei_art3_order(&application()).unwrap();
    let (duty, permit) =
        xiaofei_art8_necessary_consumption(&order, &request("11010519491231002X", PermitKind::Necessary))
            .unwrap();
    assert_eq!(duty, Duty::Discretionary);
    assert_eq!((permit.from, permit.until), (date("2024-04-01"), date("2024-04-03")));

    let refused = |edit: fn(&mut PermitRequest)| {
        let mut r = request("11010519491231002X", PermitKind::Necessary);
        edit(&mut r);
        xiaofei_art8_necessary_consumption(&order, &r).unwrap_err().field()
    };
    assert_eq!(refused(|r| r.until = date("2024-03-31")), Some("until"));
    assert_eq!(refused(|r| r.from = date("2024-03-01")), Some("until"), "before the order");
    assert_eq!(refused(|r| r.until = date("2025-04-02")), Some("until"), "a window of more than 366 days");
    assert_eq!(refused(|r| r.purpose = String::new()), Some("purpose"));
    assert_eq!(refused(|r| r.subject = SubjectId::Citizen(citizen("330106198501010044"))), Some("subject"));

    let mut partial = order.clone();
    partial.items = [ConsumptionItem::Travel].into_iter().collect();
    let e =
        xiaofei_art8_necessary_consumption(&partial, &request("11010519491231002X", PermitKind::Necessary));
    assert_eq!(e.unwrap_err().field(), Some("item"));
}

#[test]
fn xiaofei_art9_lifting_must_or_may() {
    assert_eq!(xiaofei_art9_lifting(LiftGround::Security), Duty::Discretionary);
    assert_eq!(xiaofei_art9_lifting(LiftGround::ApplicantConsent), Duty::Discretionary);
    assert_eq!(xiaofei_art9_lifting(LiftGround::Performed), Duty::Mandatory);
    assert_eq!(xiaofei_art9_lifting(LiftGround::RepresentativeChanged), Duty::Discretionary);
    assert_eq!(LiftGround::RepresentativeChanged.code(), "representative_changed");
}
