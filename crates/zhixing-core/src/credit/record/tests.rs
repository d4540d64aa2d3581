//! Tests of the credit record: events, the fold, the deciders and the record's answers.

use super::*;
use crate::credit::fixtures::{
    application, citizen, company, consumption_application, date, person, person_debtor, staff, yuan,
};
use crate::credit::listing::AbilityFacts;
use crate::credit::screening::{SubjectKey, pack_citizen_id, pack_passport};

fn calendar() -> &'static LegalCalendar {
    LegalCalendar::official()
}

/// Appends an event to the record through its JSON form, as the store would replay it.
fn apply<T: Serialize>(record: &mut CreditRecord, event_type: &str, event: &T) {
    record.evolve(event_type, &serde_json::to_string(event).unwrap());
}

fn listed(app: &ListingApplication) -> CreditRecord {
    let mut record = CreditRecord::default();
    let (_, event) = record.decide_listing(app).unwrap();
    apply(&mut record, SHIXIN_LISTED, &event);
    record
}

/// A ground-1 (open-term) listing of 李四 on 张三's application.
fn open_application() -> ListingApplication {
    let mut app = application();
    app.behaviours = vec![Behaviour {
        facts: GroundFacts::AbleButRefuses(AbilityFacts::default()),
        conduct: "有收入而拒不履行".into(),
    }];
    app.initiation = Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-05-01") };
    app
}

fn key(id: &str) -> SubjectKey {
    SubjectKey::Person(pack_citizen_id(&citizen(id)))
}

fn measures_of(entries: &[IndexEntry], key: SubjectKey) -> MeasureSet {
    entries.iter().find(|e| e.key == key).map_or(MeasureSet::EMPTY, |e| e.measures)
}

#[test]
fn events_have_stable_type_names_and_round_trip() {
    let names = [
        SHIXIN_LISTED,
        SHIXIN_REMOVAL_DUE,
        SHIXIN_REMOVED,
        SHIXIN_CORRECTION_REQUESTED,
        SHIXIN_CORRECTION_DECIDED,
        SHIXIN_CORRECTED,
        CONSUMPTION_RESTRICTED,
        CONSUMPTION_PERMITTED,
        CONSUMPTION_LIFTED,
        EXIT_RESTRICTED,
        EXIT_LIFTED,
        DEBTOR_GRADED,
    ];
    for name in names {
        assert!(name.len() <= crate::limits::EVENT_TYPE_CHARS_MAX && name.is_ascii());
    }
    let (_, event) = CreditRecord::default().decide_listing(&application()).unwrap();
    let json = serde_json::to_string(&event).unwrap();
    assert!(json.contains(r#""decided_on":"2024-05-06""#), "{json}");
    assert!(json.contains(r#""term":{"kind":"fixed","years":2,"ends_on":"2026-05-06"}"#), "{json}");
    assert!(json.contains(r#""unpaid":"100000.00""#), "{json}");
    assert!(json.len() < crate::limits::EVENT_PAYLOAD_BYTES_MAX);
    assert_eq!(serde_json::from_str::<ShixinListed>(&json).unwrap(), event);
}

#[test]
fn fold_ignores_other_types_and_unreadable_payloads() {
    let mut record = CreditRecord::default();
    record.evolve("CaseFiled", "{}");
    record.evolve(SHIXIN_LISTED, "not json");
    record.evolve(SHIXIN_REMOVED, r#"{"listing_id":"nope","trigger":"performed","removed_on":"2024-01-01"}"#);
    assert_eq!(record, CreditRecord::default());
    assert_eq!(stream_id(&person_debtor().id), "credit-11010519491231002X");
}

#[test]
fn shixin_art2_in_force_with_why_and_until() {
    let record = listed(&application());
    let in_force = record.in_force(date("2024-06-01"));
    assert_eq!(in_force.len(), 1);
    let listing = &in_force[0];
    assert_eq!(listing.kind, InForceKind::Listing);
    assert_eq!((listing.since, listing.until), (date("2024-05-06"), Some(date("2026-05-06"))));
    assert_eq!(listing.why, ["以伪造证据、暴力、威胁等方法妨碍、抗拒执行 (失信规定 第一条第(二)项)"]);
    assert!(listing.published);
    assert!(record.in_force(date("2024-05-05")).is_empty(), "not before the decision");
    assert_eq!(record.in_force(date("2026-05-06")).len(), 1, "in force through the last day");
    assert!(record.in_force(date("2026-05-07")).is_empty(), "the term ended, removal or not");
}

#[test]
fn shixin_art10_due_dates_of_a_fixed_term() {
    let record = listed(&application());
    let due: Vec<(DueKind, NaiveDate, bool)> =
        record.due(calendar()).iter().map(|d| (d.kind, d.due_on, d.provisional)).collect();
    assert_eq!(
        due,
        [
            (DueKind::TermEnds, date("2026-05-06"), false),
            (DueKind::RemovalAfterTerm, date("2026-05-09"), false)
        ]
    );
    // A term ending beyond the calendar: weekends only, provisional.
    let mut long = application();
    long.behaviours = vec![crate::credit::fixtures::obstruction(ObstructionMeans::Violence, true)];
    long.extension_years = 3;
    let due = listed(&long).due(calendar());
    assert_eq!(due[1].kind, DueKind::RemovalAfterTerm);
    // 2029-05-06 is a Sunday: Monday to Wednesday.
    assert_eq!((due[1].due_on, due[1].provisional), (date("2029-05-09"), true));
}

#[test]
fn shixin_art10_removal_due_and_done() {
    let mut record = listed(&open_application());
    let due = record
        .decide_removal(
            "L1",
            RemovalTrigger::Performed,
            date("2024-09-27"),
            Requeries::default(),
            None,
            calendar(),
        )
        .unwrap();
    assert_eq!(due.due_by, Some(date("2024-10-08")));
    apply(&mut record, SHIXIN_REMOVAL_DUE, &due);
    assert_eq!(record.in_force(date("2024-09-30"))[0].removal_due_by, Some(date("2024-10-08")));
    let next = record.due(calendar());
    assert_eq!((next[0].kind, next[0].due_on), (DueKind::Removal, date("2024-10-08")));

    let removed = record.decide_removed("L1", date("2024-09-30")).unwrap();
    assert_eq!(removed.trigger, RemovalTrigger::Performed);
    apply(&mut record, SHIXIN_REMOVED, &removed);
    assert!(record.in_force(date("2024-09-30")).is_empty());
    assert_eq!(record.in_force(date("2024-09-29")).len(), 1, "history stays answerable");
    assert!(record.due(calendar()).is_empty());
    assert!(record.screening_entries(date("2024-10-01")).is_empty());
    assert_eq!(record.decide_removed("L1", date("2024-10-01")).unwrap_err().code(), "no_longer_in_force");
}

#[test]
fn shixin_art10_removal_refusals() {
    let record = listed(&open_application());
    let removal = |trigger, on, by: Option<&str>| {
        record.decide_removal("L1", trigger, date(on), Requeries::default(), by, calendar())
    };
    assert_eq!(
        removal(RemovalTrigger::Performed, "2024-05-01", None).unwrap_err().field(),
        Some("trigger_on")
    );
    assert_eq!(
        removal(RemovalTrigger::ApplicantRequest, "2024-06-10", None).unwrap_err().field(),
        Some("requested_by")
    );
    assert_eq!(
        removal(RemovalTrigger::EmptyRequeries, "2024-06-10", None).unwrap_err().code(),
        "trigger_not_applicable"
    );
    let unknown = record.decide_removal(
        "L9",
        RemovalTrigger::Performed,
        date("2024-06-10"),
        Requeries::default(),
        None,
        calendar(),
    );
    assert_eq!(unknown.unwrap_err().field(), Some("listing_id"));
    assert_eq!(
        record.decide_removed("L1", date("2024-06-10")).unwrap_err().code(),
        "not_available",
        "no trigger yet"
    );
}

#[test]
fn shixin_art10_relisting_barred_six_months_after_applicant_request() {
    let mut record = listed(&open_application());
    let due = record
        .decide_removal(
            "L1",
            RemovalTrigger::ApplicantRequest,
            date("2024-06-10"),
            Requeries::default(),
            Some("张三"),
            calendar(),
        )
        .unwrap();
    apply(&mut record, SHIXIN_REMOVAL_DUE, &due);
    let removed = record.decide_removed("L1", date("2024-06-12")).unwrap();
    assert_eq!(removed.requested_by.as_deref(), Some("张三"));
    apply(&mut record, SHIXIN_REMOVED, &removed);

    let mut again = open_application();
    again.listing_id = "L2".into();
    again.case_number = "（2024）浙0106执456号".into();
    again.decided_on = date("2024-10-08");
    again.initiation =
        Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-10-01") };
    assert_eq!(
        record.decide_listing(&again).unwrap_err(),
        CreditRejection::RelistingBarred {
            removed_on: date("2024-06-12"),
            barred_through: date("2024-12-12")
        }
    );
    again.initiation = Initiation::ExOfficio;
    assert!(record.decide_listing(&again).is_ok(), "第十条第三款: the court may re-list");
    again.initiation =
        Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-12-13") };
    again.decided_on = date("2024-12-20");
    assert!(record.decide_listing(&again).is_ok());
}

#[test]
fn shixin_art5_one_listing_per_case_and_debtor() {
    let record = listed(&application());
    let mut same_case = application();
    same_case.listing_id = "L2".into();
    assert_eq!(record.decide_listing(&same_case).unwrap_err().code(), "already_listed");
    assert_eq!(record.decide_listing(&application()).unwrap_err().field(), Some("listing_id"));
    let mut other_debtor = application();
    other_debtor.listing_id = "L3".into();
    other_debtor.debtor = company();
    assert_eq!(record.decide_listing(&other_debtor).unwrap_err().field(), Some("debtor.id"));
}

#[test]
fn shixin_art12_correction_flow_and_revocation() {
    let mut record = listed(&application());
    let request = record
        .decide_correction_request(
            "R1",
            "L1",
            CorrectionGround::WronglyListed,
            "已提供担保",
            date("2024-09-20"),
            calendar(),
        )
        .unwrap();
    assert_eq!(request.review_due, date("2024-10-08"));
    apply(&mut record, SHIXIN_CORRECTION_REQUESTED, &request);
    assert_eq!(record.due(calendar())[0].kind, DueKind::CorrectionReview);
    assert_eq!(
        record
            .decide_correction_request(
                "R1",
                "L1",
                CorrectionGround::Inaccurate,
                "x",
                date("2024-09-21"),
                calendar()
            )
            .unwrap_err()
            .field(),
        Some("request_id")
    );
    assert_eq!(record.decide_corrected("R1", date("2024-09-27"), None).unwrap_err().code(), "not_available");

    let decided = record.decide_correction("R1", true, date("2024-09-27"), calendar()).unwrap();
    assert_eq!(decided.fix_due, Some(date("2024-10-08")));
    apply(&mut record, SHIXIN_CORRECTION_DECIDED, &decided);
    assert_eq!(record.due(calendar())[0].kind, DueKind::CorrectionFix);

    let corrected = record.decide_corrected("R1", date("2024-09-30"), None).unwrap();
    assert_eq!(corrected.action, CorrectionAction::Revoked);
    apply(&mut record, SHIXIN_CORRECTED, &corrected);
    assert!(record.in_force(date("2024-10-01")).is_empty());
    assert!(record.due(calendar()).is_empty());
    let facts = record.grading_facts(date("2024-10-01"), Amount::ZERO, 1);
    assert_eq!((facts.listed, facts.prior_listings), (false, 0), "a revoked listing is not an earlier one");
}

#[test]
fn shixin_art12_rejected_and_inaccurate_requests() {
    let mut record = listed(&application());
    let request = record
        .decide_correction_request(
            "R1",
            "L1",
            CorrectionGround::Inaccurate,
            "年龄有误",
            date("2024-06-03"),
            calendar(),
        )
        .unwrap();
    apply(&mut record, SHIXIN_CORRECTION_REQUESTED, &request);
    let rejected = record.decide_correction("R1", false, date("2024-06-10"), calendar()).unwrap();
    assert_eq!(rejected.fix_due, None);
    apply(&mut record, SHIXIN_CORRECTION_DECIDED, &rejected);
    assert!(record.due(calendar()).iter().all(|d| d.kind != DueKind::CorrectionFix));
    assert_eq!(record.in_force(date("2024-06-11")).len(), 1, "复议期间不停止原决定的执行");

    let request = record
        .decide_correction_request(
            "R2",
            "L1",
            CorrectionGround::Inaccurate,
            "年龄有误",
            date("2024-06-12"),
            calendar(),
        )
        .unwrap();
    apply(&mut record, SHIXIN_CORRECTION_REQUESTED, &request);
    let upheld = record.decide_correction("R2", true, date("2024-06-13"), calendar()).unwrap();
    apply(&mut record, SHIXIN_CORRECTION_DECIDED, &upheld);
    assert_eq!(record.decide_corrected("R2", date("2024-06-14"), None).unwrap_err().field(), Some("note"));
    let corrected = record.decide_corrected("R2", date("2024-06-14"), Some("年龄更正为74岁")).unwrap();
    assert_eq!(corrected.action, CorrectionAction::InfoCorrected);
    apply(&mut record, SHIXIN_CORRECTED, &corrected);
    assert_eq!(record.in_force(date("2024-06-15")).len(), 1, "the listing stays");
}

#[test]
fn grace_period_delays_publication_and_screening() {
    let mut app = application();
    app.grace_months = 1;
    let record = listed(&app);
    assert!(!record.in_force(date("2024-05-20"))[0].published);
    assert!(record.screening_entries(date("2024-05-20")).is_empty());
    let entries = record.screening_entries(date("2024-06-06"));
    let measures = measures_of(&entries, key("11010519491231002X"));
    assert!(measures.contains(Measure::Flight) && measures.contains(Measure::GovernmentProcurement));
    assert!(!measures.contains(Measure::ExitCountry));
    assert_eq!(entries[0].name, "李四");
}

#[test]
fn xiaofei_art1_order_on_a_listed_debtor_is_mandatory() {
    let record = listed(&application());
    let mut app = consumption_application();
    app.ordered_on = date("2024-05-06");
    let (order, event) = record.decide_consumption_order(&app).unwrap();
    assert_eq!(order.duty, Duty::Mandatory);
    assert!(event.mandatory);
    assert_eq!(event.items.len(), 9);
    let (_, before_listing) =
        CreditRecord::default().decide_consumption_order(&consumption_application()).unwrap();
    assert!(!before_listing.mandatory);
}

#[test]
fn xiaofei_art3_order_on_an_organisation_reaches_its_people() {
    let mut record = CreditRecord::default();
    let mut app = consumption_application();
    app.debtor = company();
    app.persons = vec![
        staff(CoveredRole::LegalRepresentative),
        person(CoveredRole::ActualController, "赵六", "34052419800101001X"),
    ];
    app.items = [ConsumptionItem::Transport, ConsumptionItem::RealEstate].into_iter().collect();
    let (_, event) = record.decide_consumption_order(&app).unwrap();
    apply(&mut record, CONSUMPTION_RESTRICTED, &event);
    let on = date("2024-04-01");
    let entries = record.screening_entries(on);
    assert_eq!(entries.len(), 3);
    let company_key = crate::credit::screening::key_of_normalized(false, "91350100M000100Y43").unwrap();
    assert!(measures_of(&entries, company_key).contains(Measure::RealEstatePurchase));
    assert!(!measures_of(&entries, company_key).contains(Measure::Bidding), "an order is not a listing");
    let controller = measures_of(&entries, key("34052419800101001X"));
    assert!(controller.contains(Measure::Flight) && !controller.contains(Measure::GTrain));
    let in_force = record.in_force(on);
    assert_eq!(in_force[0].kind, InForceKind::ConsumptionRestriction);
    assert!(in_force[0].why[0].contains("限消规定 第一条第一款"));

    // 善意文明执行意见 第17条: the replaced legal representative alone.
    let (duty, lifted) = record
        .decide_consumption_lifting(
            "C1",
            LiftGround::RepresentativeChanged,
            date("2024-05-01"),
            Some(&citizen("330106198501010044")),
        )
        .unwrap();
    assert_eq!(duty, Duty::Discretionary);
    apply(&mut record, CONSUMPTION_LIFTED, &lifted);
    let entries = record.screening_entries(date("2024-05-01"));
    assert!(measures_of(&entries, key("330106198501010044")).is_empty());
    assert!(!measures_of(&entries, key("34052419800101001X")).is_empty());
    let not_replaceable = record.decide_consumption_lifting(
        "C1",
        LiftGround::RepresentativeChanged,
        date("2024-05-02"),
        Some(&citizen("34052419800101001X")),
    );
    assert_eq!(not_replaceable.unwrap_err().field(), Some("person"), "an actual controller is not replaced");
}

#[test]
fn xiaofei_art8_permit_lifts_an_item_for_its_window() {
    let mut record = CreditRecord::default();
    let (_, event) = record.decide_consumption_order(&consumption_application()).unwrap();
    apply(&mut record, CONSUMPTION_RESTRICTED, &event);
    let request = PermitRequest {
        subject: person_debtor().id,
        item: ConsumptionItem::Transport,
        kind: PermitKind::Necessary,
        purpose: "赴北京就医".into(),
        from: date("2024-04-01"),
        until: date("2024-04-03"),
        verified: true,
    };
    let permit = record.decide_permit("C1", &request).unwrap();
    apply(&mut record, CONSUMPTION_PERMITTED, &permit);
    let debtor = key("11010519491231002X");
    assert!(!measures_of(&record.screening_entries(date("2024-04-02")), debtor).contains(Measure::Flight));
    assert!(measures_of(&record.screening_entries(date("2024-04-02")), debtor).contains(Measure::GTrain));
    assert!(measures_of(&record.screening_entries(date("2024-04-04")), debtor).contains(Measure::Flight));
    let private = PermitRequest { kind: PermitKind::PrivateFunds, ..request };
    assert_eq!(record.decide_permit("C1", &private).unwrap_err().field(), Some("subject"));
}

#[test]
fn xiaofei_art9_lifting_ends_the_order() {
    let mut record = CreditRecord::default();
    let (_, event) = record.decide_consumption_order(&consumption_application()).unwrap();
    apply(&mut record, CONSUMPTION_RESTRICTED, &event);
    let (duty, lifted) =
        record.decide_consumption_lifting("C1", LiftGround::Performed, date("2024-08-01"), None).unwrap();
    assert_eq!(duty, Duty::Mandatory);
    apply(&mut record, CONSUMPTION_LIFTED, &lifted);
    assert!(record.in_force(date("2024-08-01")).is_empty());
    assert_eq!(record.in_force(date("2024-07-31")).len(), 1);
    let again = record.decide_consumption_lifting("C1", LiftGround::Security, date("2024-08-02"), None);
    assert_eq!(again.unwrap_err().code(), "no_longer_in_force");
    assert_eq!(
        record
            .decide_consumption_lifting(
                "C1",
                LiftGround::Security,
                date("2024-07-02"),
                Some(&citizen("330106198501010044"))
            )
            .unwrap_err()
            .field(),
        Some("person")
    );
}

#[test]
fn exit_interpretation_art25_restriction_and_lifting() {
    let mut record = CreditRecord::default();
    let app = ExitOrderApplication {
        order_id: "X1".into(),
        case_number: "（2024）浙0106执123号".into(),
        court: "杭州市西湖区人民法院".into(),
        debtor: person_debtor(),
        persons: vec![],
        unperformed: true,
        initiation: Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-03-01") },
        ordered_on: date("2024-03-04"),
    };
    let (_, event) = record.decide_exit_order(&app).unwrap();
    assert_eq!(event.applicant.as_deref(), Some("张三"));
    apply(&mut record, EXIT_RESTRICTED, &event);
    let debtor = key("11010519491231002X");
    assert_eq!(
        measures_of(&record.screening_entries(date("2024-03-04")), debtor).iter().collect::<Vec<_>>(),
        [Measure::ExitCountry]
    );
    assert_eq!(
        record
            .decide_exit_lifting("X1", LiftGround::RepresentativeChanged, date("2024-04-01"))
            .unwrap_err()
            .field(),
        Some("ground")
    );
    let (duty, lifted) =
        record.decide_exit_lifting("X1", LiftGround::ApplicantConsent, date("2024-04-01")).unwrap();
    assert_eq!(duty, Duty::Discretionary);
    apply(&mut record, EXIT_LIFTED, &lifted);
    assert!(record.screening_entries(date("2024-04-01")).is_empty());
}

#[test]
fn graded_measures_follow_the_grade_while_listed() {
    let mut app = application();
    app.behaviours = vec![crate::credit::fixtures::obstruction(ObstructionMeans::Violence, true)];
    let mut record = listed(&app);
    let grade = record.decide_grade(&GradingRules::default(), date("2024-05-07"), yuan("20000"), 1);
    assert_eq!(grade.level, 3);
    assert_eq!(grade.reasons[0].rule, "serious_violence");
    assert_eq!(grade.version, "default-1");
    apply(&mut record, DEBTOR_GRADED, &grade);
    let debtor = key("11010519491231002X");
    let measures = measures_of(&record.screening_entries(date("2024-05-07")), debtor);
    assert!(measures.contains(Measure::PublicOffice) && measures.contains(Measure::HonoursAndAwards));
    // After the term the grade no longer restricts anything.
    assert!(record.screening_entries(date("2026-05-07")).is_empty());
}

#[test]
fn grading_facts_from_the_record() {
    let mut app = application();
    app.behaviours.push(Behaviour {
        facts: GroundFacts::BreachesConsumptionOrder {
            order_id: "C1".into(),
            item: ConsumptionItem::Transport,
            on: date("2024-04-01"),
        },
        conduct: "违反限制消费令乘坐飞机".into(),
    });
    let record = listed(&app);
    let facts = record.grading_facts(date("2024-06-01"), yuan("5"), 2);
    assert!(facts.listed);
    assert_eq!(facts.grounds, [ShixinGround::Obstructs, ShixinGround::BreachesConsumptionOrder]);
    assert_eq!((facts.violations, facts.prior_listings, facts.cases), (1, 0, 2));
    let later = record.grading_facts(date("2026-06-01"), yuan("5"), 2);
    assert_eq!((later.listed, later.prior_listings), (false, 1));
}

#[test]
fn xiaofei_art8_permit_binds_only_its_own_order() {
    let mut record = listed(&application());
    let mut first = consumption_application();
    first.ordered_on = date("2024-05-06");
    let (_, event) = record.decide_consumption_order(&first).unwrap();
    apply(&mut record, CONSUMPTION_RESTRICTED, &event);
    let request = PermitRequest {
        subject: person_debtor().id,
        item: ConsumptionItem::Transport,
        kind: PermitKind::Necessary,
        purpose: "赴北京就医".into(),
        from: date("2024-06-01"),
        until: date("2024-06-02"),
        verified: true,
    };
    let permit = record.decide_permit("C1", &request).unwrap();
    apply(&mut record, CONSUMPTION_PERMITTED, &permit);
    let debtor = key("11010519491231002X");
    let on = date("2024-06-01");
    assert!(
        !measures_of(&record.screening_entries(on), debtor).contains(Measure::Flight),
        "listing and its order"
    );

    let mut second = consumption_application();
    second.order_id = "C2".into();
    second.case_number = "（2024）浙0106执789号".into();
    second.items = [ConsumptionItem::Transport].into_iter().collect();
    second.ordered_on = date("2024-05-20");
    let (_, event) = record.decide_consumption_order(&second).unwrap();
    apply(&mut record, CONSUMPTION_RESTRICTED, &event);
    assert!(
        measures_of(&record.screening_entries(on), debtor).contains(Measure::Flight),
        "the other order binds"
    );
}

#[test]
fn shixin_art11_item3_removal_on_correction() {
    let mut record = listed(&application());
    let request = record
        .decide_correction_request(
            "R1",
            "L1",
            CorrectionGround::ShouldBeRemoved,
            "已履行完毕",
            date("2024-06-03"),
            calendar(),
        )
        .unwrap();
    apply(&mut record, SHIXIN_CORRECTION_REQUESTED, &request);
    let upheld = record.decide_correction("R1", true, date("2024-06-05"), calendar()).unwrap();
    apply(&mut record, SHIXIN_CORRECTION_DECIDED, &upheld);
    let corrected = record.decide_corrected("R1", date("2024-06-06"), None).unwrap();
    assert_eq!(corrected.action, CorrectionAction::Removed);
    apply(&mut record, SHIXIN_CORRECTED, &corrected);
    let listing = &record.listings["L1"];
    assert_eq!(listing.ended_on(), Some(date("2024-06-06")));
    assert!(listing.removed.is_none(), "not a 第十条 removal: no six-month bar follows");
    assert!(record.in_force(date("2024-06-06")).is_empty());
    assert!(record.due(calendar()).is_empty());
    let late = record.decide_correction_request(
        "R2",
        "L1",
        CorrectionGround::Inaccurate,
        "x",
        date("2024-06-07"),
        calendar(),
    );
    assert_eq!(late.unwrap_err().code(), "no_longer_in_force");
}

#[test]
fn a_passport_is_bound_once_to_the_record_s_person() {
    let person = CitizenId::parse("330106198501010044", date("2024-05-07")).unwrap();
    let mut record = CreditRecord::default();
    let bound = record
        .decide_passport(&person, " ｅ１２３４５６７８ ", "出入境管理部门答复", date("2024-05-07"))
        .unwrap();
    assert_eq!(bound.passport, "E12345678");
    assert_eq!(
        record
            .decide_passport(&person, "E1234567", "出入境管理部门答复", date("2024-05-07"))
            .unwrap_err()
            .field(),
        Some("passport")
    );
    record.evolve(PASSPORT_BOUND, &serde_json::to_string(&bound).unwrap());
    assert_eq!(
        record.decide_passport(&person, "E12345678", "x", date("2024-05-08")),
        Err(CreditRejection::Duplicate { field: "passport" })
    );
    assert_eq!(record.passport_bindings().len(), 1);
    assert_eq!(record.passport_bindings()[0].passport, pack_passport("E12345678").unwrap());
}
