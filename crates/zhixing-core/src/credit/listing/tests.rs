//! Tests of the listing rules, each named after its article.

use super::*;
use crate::credit::consumption::ConsumptionItem;
use crate::credit::fixtures::{application, citizen, company, date, obstruction};

fn behaviour(facts: GroundFacts) -> Behaviour {
    Behaviour { facts, conduct: "具体情形".into() }
}

fn able(facts: AbilityFacts) -> Behaviour {
    behaviour(GroundFacts::AbleButRefuses(facts))
}

fn refused(edit: impl FnOnce(&mut ListingApplication)) -> CreditRejection {
    let mut app = application();
    edit(&mut app);
    shixin_art5_decision(&app).unwrap_err()
}

fn calendar() -> &'static LegalCalendar {
    LegalCalendar::official()
}

#[test]
fn shixin_art1_six_grounds() {
    let items: Vec<u8> = ShixinGround::ALL.iter().map(|g| g.item()).collect();
    assert_eq!(items, [1, 2, 3, 4, 5, 6]);
    for ground in ShixinGround::ALL {
        assert_eq!(ShixinGround::parse(ground.code()), Some(ground));
        assert!(ground.source().starts_with("失信规定 第一条第("));
        assert_eq!(ground.has_fixed_term(), ground != ShixinGround::AbleButRefuses);
    }
    assert_eq!(ShixinGround::BreachesConsumptionOrder.name_zh(), "违反限制消费令");
}

#[test]
fn shixin_art1_each_ground_records_its_facts() {
    let facts = [
        GroundFacts::AbleButRefuses(AbilityFacts::default()),
        GroundFacts::Obstructs { means: ObstructionMeans::Violence, serious: true },
        GroundFacts::Evades { means: EvasionMeans::TransferringProperty },
        GroundFacts::BreachesPropertyReport { breach: ReportBreach::False },
        GroundFacts::BreachesConsumptionOrder {
            order_id: "C1".into(),
            item: ConsumptionItem::Transport,
            on: date("2024-03-01"),
        },
        GroundFacts::BreachesSettlement { agreed_on: date("2024-02-01") },
    ];
    for (facts, ground) in facts.iter().zip(ShixinGround::ALL) {
        assert_eq!(facts.ground(), ground);
        let json = serde_json::to_string(facts).unwrap();
        assert!(json.contains(&format!("\"ground\":\"{}\"", ground.code())), "{json}");
        assert_eq!(&serde_json::from_str::<GroundFacts>(&json).unwrap(), facts);
    }
}

#[test]
fn shixin_art1_precondition_obligation_unperformed() {
    assert_eq!(refused(|a| a.obligation_unperformed = false), CreditRejection::ObligationPerformed);
    assert_eq!(refused(|a| a.behaviours.clear()).code(), "no_ground");
    let too_many = refused(|a| a.behaviours = vec![obstruction(ObstructionMeans::Threat, false); 21]);
    assert_eq!((too_many.code(), too_many.field()), ("too_many", Some("behaviours")));
}

#[test]
fn shixin_art3_bars_ground_one_only() {
    let cases = [
        (AbilityFacts { security_given: true, ..AbilityFacts::default() }, Ground1Bar::SecurityGiven),
        (
            AbilityFacts { seized_property_suffices: true, ..AbilityFacts::default() },
            Ground1Bar::SeizedPropertySuffices,
        ),
        (AbilityFacts { later_in_order: true, ..AbilityFacts::default() }, Ground1Bar::LaterInOrder),
        (AbilityFacts { not_able: true, ..AbilityFacts::default() }, Ground1Bar::NotAble),
    ];
    for (facts, bar) in cases {
        assert_eq!(shixin_art3_bar(&facts), Some(bar));
        let e = refused(|a| a.behaviours = vec![able(facts)]);
        assert_eq!(e, CreditRejection::Ground1Barred(bar));
        assert_eq!(e.code(), bar.code());
        assert!(bar.source().starts_with("失信规定 第三条"));
    }
    assert_eq!(shixin_art3_bar(&AbilityFacts::default()), None);
    // The same debtor may still be listed on another ground (here: ground 2, obstruction).
    assert!(shixin_art5_decision(&application()).is_ok());
}

#[test]
fn shixin_art4_minor_never_listed() {
    // Born 2006-05-06: 18 on 2024-05-06, of age from the day after (the reading that never lists a minor).
    assert!(shixin_art4_is_minor(date("2006-05-06"), date("2024-05-05")));
    assert!(shixin_art4_is_minor(date("2006-05-06"), date("2024-05-06")));
    assert!(!shixin_art4_is_minor(date("2006-05-06"), date("2024-05-07")));
    // 29 February: the 18th birthday in a common year falls on 1 March.
    assert!(shixin_art4_is_minor(date("2004-02-29"), date("2022-03-01")));
    assert!(!shixin_art4_is_minor(date("2004-02-29"), date("2022-03-02")));

    let minor = refused(|a| a.debtor.id = SubjectId::Citizen(citizen("110105200605060014")));
    assert_eq!((minor.code(), minor.field()), ("minor", Some("debtor.id")));
    let mut adult = application();
    adult.debtor.id = SubjectId::Citizen(citizen("110105200605060014"));
    adult.decided_on = date("2024-05-07");
    assert!(shixin_art5_decision(&adult).is_ok());
}

#[test]
fn shixin_art2_ground_one_has_no_fixed_term() {
    let mut app = application();
    app.behaviours = vec![able(AbilityFacts::default())];
    let decision = shixin_art5_decision(&app).unwrap();
    assert_eq!(decision.term, ListingTerm::Open);
    assert_eq!(decision.term.ends_on(), None);
    app.extension_years = 1;
    assert_eq!(shixin_art5_decision(&app).unwrap_err(), CreditRejection::ExtensionWithoutTerm);
}

#[test]
fn shixin_art2_grounds_two_to_six_two_years() {
    let decision = shixin_art5_decision(&application()).unwrap();
    assert_eq!(decision.term, ListingTerm::Fixed { years: 2, ends_on: date("2026-05-06") });
    assert_eq!(decision.extension, None);
    // Decided on 29 February: the term ends on 28 February two years later.
    let (term, _) = shixin_art2_term(&application().behaviours, 0, date("2024-02-29")).unwrap();
    assert_eq!(term.ends_on(), Some(date("2026-02-28")));
}

#[test]
fn shixin_art2_extension_one_to_three_years() {
    let violent = vec![obstruction(ObstructionMeans::Violence, true)];
    let (term, reason) = shixin_art2_term(&violent, 3, date("2024-05-06")).unwrap();
    assert_eq!(term, ListingTerm::Fixed { years: 5, ends_on: date("2029-05-06") });
    assert_eq!(reason, Some(ExtensionReason::SeriousViolentObstruction));
    assert_eq!(
        shixin_art2_term(&violent, 4, date("2024-05-06")).unwrap_err(),
        CreditRejection::ExtensionOutOfRange
    );

    // Serious, but by forged evidence: no extension on that ground.
    let forged = vec![obstruction(ObstructionMeans::ForgedEvidence, true)];
    assert_eq!(
        shixin_art2_term(&forged, 1, date("2024-05-06")).unwrap_err(),
        CreditRejection::ExtensionNotAllowed
    );
    // Violent, not serious: none either.
    let mild = vec![obstruction(ObstructionMeans::Threat, false)];
    assert_eq!(shixin_art2_extension_reason(&mild), None);

    // Several behaviours (a false report and a breach of the consumption order).
    let several = vec![
        behaviour(GroundFacts::BreachesPropertyReport { breach: ReportBreach::Late }),
        behaviour(GroundFacts::BreachesConsumptionOrder {
            order_id: "C1".into(),
            item: ConsumptionItem::TrainsAndOther,
            on: date("2024-04-01"),
        }),
    ];
    let (term, reason) = shixin_art2_term(&several, 1, date("2024-05-06")).unwrap();
    assert_eq!(term.ends_on(), Some(date("2027-05-06")));
    assert_eq!(reason, Some(ExtensionReason::SeveralBehaviours));
    // Without an extension the decision records no extension reason.
    assert_eq!(shixin_art2_term(&several, 0, date("2024-05-06")).unwrap().1, None);
}

#[test]
fn shixin_art2_ground_one_and_others_decided_apart() {
    let mixed = refused(|a| a.behaviours.push(able(AbilityFacts::default())));
    assert_eq!((mixed.code(), mixed.field()), ("mixed_term_regimes", Some("behaviours")));
}

#[test]
fn shixin_art5_decision_contents() {
    let mut app = application();
    app.initiation = Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-04-20") };
    app.grace_months = 2;
    let d = shixin_art5_decision(&app).unwrap();
    assert_eq!(d.case_number, "（2024）浙0106执123号", "canonical form");
    assert_eq!(d.decided_on, date("2024-05-06"));
    assert_eq!(d.published_from, date("2024-07-06"), "published after the grace period");
    assert_eq!(d.grounds, [ShixinGround::Obstructs]);
    assert_eq!(d.legal_basis, ["失信规定 第一条第(二)项", "失信规定 第二条", "失信规定 第五条"]);
    assert_eq!(d.signed_by, "院长");
    assert!(d.remedy.contains("第十一条"));
    assert_eq!(d.initiation, app.initiation);

    assert_eq!(refused(|a| a.grace_months = 4).code(), "grace_out_of_range");
    let late = refused(|a| {
        a.initiation =
            Initiation::OnApplication { applicant: "张三".into(), applied_on: date("2024-05-07") }
    });
    assert_eq!(late.field(), Some("initiation.applied_on"));
    assert_eq!(refused(|a| a.case_number = "2024执123".into()).field(), Some("case_number"));
    assert_eq!(refused(|a| a.obligation = " ".into()).field(), Some("obligation"));
    assert_eq!(refused(|a| a.filed_on = date("2024-06-01")).field(), Some("decided_on"));
}

#[test]
fn shixin_art6_particulars_of_person_and_organisation() {
    let d = shixin_art5_decision(&application()).unwrap();
    assert_eq!(
        d.debtor,
        DebtorParticulars::Person {
            name: "李四".into(),
            sex: Sex::Female,
            age: 74,
            id_number: "11010519491231002X".into()
        }
    );
    let mut app = application();
    app.debtor = company();
    let d = shixin_art5_decision(&app).unwrap();
    assert_eq!(
        d.debtor,
        DebtorParticulars::Organisation {
            name: "某某贸易有限公司".into(),
            uscc: "91350100M000100Y43".into(),
            representative: "王五".into()
        }
    );
    assert_eq!(
        refused(|a| a.debtor = Debtor { representative: None, ..company() }).field(),
        Some("debtor.representative")
    );
    assert_eq!(age_on(date("1949-12-31"), date("2024-12-30")), 74);
    assert_eq!(age_on(date("1949-12-31"), date("2024-12-31")), 75);
}

#[test]
fn shixin_art10_removal_within_three_working_days() {
    // Triggered Friday 2024-09-27: Sunday 29 September is a make-up working day (1), Monday 30 (2), then the
    // National Day break 1–7 October, so the third working day is Tuesday 8 October.
    for trigger in [
        RemovalTrigger::Performed,
        RemovalTrigger::SettlementPerformed,
        RemovalTrigger::ApplicantRequest,
        RemovalTrigger::SuspendedByRetrialOrBankruptcy,
        RemovalTrigger::NotEnforced,
        RemovalTrigger::Terminated,
    ] {
        let duty = shixin_art10_removal(
            ListingTerm::Open,
            trigger,
            date("2024-09-27"),
            Requeries::default(),
            calendar(),
        );
        assert_eq!(duty.unwrap(), RemovalDuty::Mandatory { due_by: date("2024-10-08") }, "{trigger:?}");
        assert!(trigger.is_first_paragraph());
    }
}

#[test]
fn shixin_art10_item4_two_empty_requeries_after_zhongben() {
    let removal = |empty, leads_given| {
        shixin_art10_removal(
            ListingTerm::Open,
            RemovalTrigger::EmptyRequeries,
            date("2024-07-01"),
            Requeries { empty, leads_given },
            calendar(),
        )
    };
    assert_eq!(removal(1, false).unwrap_err().code(), "trigger_not_applicable");
    assert_eq!(removal(2, true).unwrap_err().code(), "trigger_not_applicable");
    assert_eq!(removal(2, false).unwrap(), RemovalDuty::Mandatory { due_by: date("2024-07-04") });
}

#[test]
fn shixin_art10_fixed_term_removed_after_the_term() {
    let term = ListingTerm::Fixed { years: 2, ends_on: date("2026-05-06") };
    let removal =
        |trigger, on| shixin_art10_removal(term, trigger, date(on), Requeries::default(), calendar());
    // "有纳入期限的，不适用前款规定".
    for trigger in [RemovalTrigger::NotEnforced, RemovalTrigger::Terminated, RemovalTrigger::ApplicantRequest]
    {
        let e = removal(trigger, "2025-01-10").unwrap_err();
        assert_eq!((e.code(), e.field()), ("trigger_not_applicable", Some("trigger")));
    }
    // 第二条第三款: early removal is the court's choice.
    assert_eq!(removal(RemovalTrigger::GoodConduct, "2025-01-10").unwrap(), RemovalDuty::Discretionary);
    assert_eq!(removal(RemovalTrigger::Performed, "2025-01-10").unwrap(), RemovalDuty::Discretionary);
    assert_eq!(
        removal(RemovalTrigger::TermEnded, "2026-05-05").unwrap_err().code(),
        "trigger_not_applicable"
    );
    // The term's last day is Wednesday 2026-05-06: Thursday (1), Friday (2), Saturday 9 May a make-up
    // working day (3).
    assert_eq!(
        removal(RemovalTrigger::TermEnded, "2026-05-06").unwrap(),
        RemovalDuty::Mandatory { due_by: date("2026-05-09") }
    );
    assert_eq!(
        removal(RemovalTrigger::TermEnded, "2026-05-20").unwrap(),
        RemovalDuty::Mandatory { due_by: date("2026-05-09") },
        "counted from the end of the term, not from when it was noticed"
    );
    let open = shixin_art10_removal(
        ListingTerm::Open,
        RemovalTrigger::TermEnded,
        date("2026-05-06"),
        Requeries::default(),
        calendar(),
    );
    assert_eq!(open.unwrap_err().code(), "trigger_not_applicable");
}

#[test]
fn shixin_art10_removal_outside_the_calendar_is_an_error() {
    let e = shixin_art10_removal(
        ListingTerm::Open,
        RemovalTrigger::Performed,
        date("2031-03-03"),
        Requeries::default(),
        calendar(),
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("year_not_covered", Some("trigger_on")));
}

#[test]
fn shixin_art10_triggers_parse_and_cite() {
    for trigger in RemovalTrigger::ALL {
        assert_eq!(RemovalTrigger::parse(trigger.code()), Some(trigger));
    }
    assert_eq!(RemovalTrigger::EmptyRequeries.source(), "失信规定 第十条第一款第(四)项");
    assert_eq!(RemovalTrigger::TermEnded.source(), "失信规定 第十条第二款");
}

#[test]
fn shixin_art10_relisting_bar_six_months_after_applicant_request() {
    let by = |applicant: &str, on: &str| Initiation::OnApplication {
        applicant: applicant.into(),
        applied_on: date(on),
    };
    let bar = |trigger, initiation: &Initiation| {
        shixin_art10_relisting_bar(trigger, date("2024-06-10"), Some("张三"), initiation)
    };
    let request = RemovalTrigger::ApplicantRequest;
    assert_eq!(bar(request, &by("张三", "2024-07-01")), Some(date("2024-12-10")));
    assert_eq!(bar(request, &by("张三", "2024-12-10")), Some(date("2024-12-10")));
    assert_eq!(bar(request, &by("张三", "2024-12-11")), None);
    assert_eq!(bar(request, &by("赵六", "2024-07-01")), None, "another applicant");
    assert_eq!(bar(request, &Initiation::ExOfficio), None, "the court of its own motion");
    assert_eq!(bar(RemovalTrigger::Performed, &by("张三", "2024-07-01")), None, "第十条第三款: may re-list");
}

#[test]
fn shixin_art11_correction_grounds() {
    assert_eq!(CorrectionGround::WronglyListed.source(), "失信规定 第十一条第(一)项");
    assert_eq!(CorrectionGround::Inaccurate.code(), "inaccurate");
    assert_eq!(CorrectionGround::ShouldBeRemoved.source(), "失信规定 第十一条第(三)项");
}

#[test]
fn shixin_art12_correction_periods() {
    // Received Friday 2024-09-20: day 15 is Saturday 5 October, in the National Day break; the review is
    // due on the next working day, Tuesday 8 October.
    assert_eq!(shixin_art12_review_due(date("2024-09-20"), calendar()).unwrap(), date("2024-10-08"));
    // Upheld on Friday 2024-09-27: three working days → 8 October (Sunday 29 September worked).
    assert_eq!(shixin_art12_fix_due(date("2024-09-27"), calendar()).unwrap(), date("2024-10-08"));
    // Rejection served 2024-06-03: reconsideration by 2024-06-13 (Thursday).
    assert_eq!(
        shixin_art12_reconsideration_deadline(date("2024-06-03"), calendar()).unwrap(),
        date("2024-06-13")
    );
    // Reconsideration received 2024-06-03: decided by 2024-06-18 (Tuesday).
    assert_eq!(shixin_art12_reconsideration_due(date("2024-06-03"), calendar()).unwrap(), date("2024-06-18"));
}
