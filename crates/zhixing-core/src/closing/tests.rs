//! Tests of the closing modes, and the fixtures the tests of the submodules share.

use super::*;

pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn yuan(s: &str) -> Amount {
    Amount::parse_yuan(s).unwrap()
}

/// A case filed on 2024-01-10 where every 终本 condition holds on 2024-06-30.
pub(crate) fn zhongben_ready() -> ZhongbenFacts {
    ZhongbenFacts {
        filed_on: date("2024-01-10"),
        execution_notice_issued: true,
        report_order_issued: true,
        report: PropertyReport::Reported { verified: true },
        consumption_ban_issued: true,
        shixin: ShixinDecision::Listed,
        network_inquiry_done: true,
        leads_provided: 2,
        leads_checked: 2,
        field_investigation: Step::Done,
        search: Step::NotNeeded,
        audit_or_reward: Step::NotNeeded,
        finding: PropertyFinding::NoneFound,
        whereabouts: Whereabouts::Known,
        obstruction: Obstruction::None,
        interview: Interview::Recorded,
        approval: Approval { applicant_signed: false, panel_reviewed: true, president_approved: true },
    }
}

/// Facts closing on 2024-06-30 with nothing paid of 100,000 owed and no ground chosen.
pub(crate) fn closing_facts() -> ClosingFacts {
    ClosingFacts {
        closing_on: date("2024-06-30"),
        debtor: DebtorKind::Person,
        claim: ClaimKind::Loan,
        basis: BasisKind::Judgment,
        performance: PerformanceFacts {
            owed: yuan("100000"),
            paid: Amount::ZERO,
            acts_outstanding: 0,
            settlement: Settlement::None,
        },
        zhongben: zhongben_ready(),
        termination: None,
        cancellation: None,
        non_enforcement: None,
        rejection: None,
    }
}

#[test]
fn enforcement_provisions_article_64_six_modes() {
    let codes: Vec<&str> = ClosingMode::ALL.iter().map(|m| m.code()).collect();
    assert_eq!(codes, ["performed", "zhongben", "terminated", "cancelled", "not_enforced", "rejected"]);
    let names: Vec<&str> = ClosingMode::ALL.iter().map(|m| m.name_zh()).collect();
    assert_eq!(names, ["执行完毕", "终结本次执行程序", "终结执行", "销案", "不予执行", "驳回申请"]);
    for (i, mode) in ClosingMode::ALL.iter().enumerate() {
        assert_eq!(ClosingMode::parse(mode.code()), Some(*mode));
        assert_eq!(ClosingMode::parse(mode.name_zh()), Some(*mode));
        assert_eq!(mode.source(), format!("执行工作若干规定 第64条第({})项", i + 1));
    }
    assert_eq!(ClosingMode::parse("done"), None);
}

fn check_performed(owed: &str, paid: &str, acts: u32, settlement: Settlement, expected: &[&str]) {
    let mut facts = closing_facts();
    facts.performance =
        PerformanceFacts { owed: yuan(owed), paid: yuan(paid), acts_outstanding: acts, settlement };
    let codes: Vec<&str> = match check_closing(ClosingMode::Performed, &facts) {
        Ok(()) => Vec::new(),
        Err(unmet) => unmet.iter().map(|u| u.condition).collect(),
    };
    assert_eq!(codes, expected, "owed {owed} paid {paid} acts {acts} {settlement:?}");
}

#[test]
fn enforcement_provisions_article_64_item_1_performed() {
    use Settlement::*;
    check_performed("100000", "100000", 0, None, &[]);
    check_performed("0", "0", 0, None, &[]);
    check_performed("100000", "99999.99", 0, None, &["amount_outstanding"]);
    check_performed("100000", "100000.01", 0, None, &["amount_surplus"]);
    check_performed("100000", "100000", 1, None, &["acts_outstanding"]);
    check_performed("0", "0", 2, None, &["acts_outstanding"]);
    check_performed("100000", "10", 1, None, &["amount_outstanding", "acts_outstanding"]);
    check_performed("100000", "60000", 0, Agreed, &["amount_outstanding"]);
    check_performed("100000", "60000", 0, Performed, &[]);
    check_performed("100000", "0", 3, Performed, &[]);
}

#[test]
fn performed_reasons_say_what_to_do() {
    let mut facts = closing_facts();
    facts.performance.paid = yuan("60000");
    facts.performance.settlement = Settlement::Agreed;
    let unmet = check_closing(ClosingMode::Performed, &facts).unwrap_err();
    assert_eq!(unmet.len(), 1);
    assert!(unmet[0].reason.contains("40000.00 yuan is still owed"), "{}", unmet[0].reason);
    assert!(unmet[0].reason.contains("settlement agreement"), "{}", unmet[0].reason);
    assert!(unmet[0].reason.contains("尚欠40000.00元"), "{}", unmet[0].reason);
    assert!(unmet[0].source.contains("第64条第(1)项"));
}

#[test]
fn zhongben_rules_article_1_blocks_with_actionable_reasons() {
    let mut facts = closing_facts();
    assert_eq!(check_closing(ClosingMode::Zhongben, &facts), Ok(()));
    facts.zhongben.consumption_ban_issued = false;
    facts.zhongben.interview = Interview::NotHeld;
    facts.closing_on = date("2024-04-10");
    let unmet = check_closing(ClosingMode::Zhongben, &facts).unwrap_err();
    let codes: Vec<&str> = unmet.iter().map(|u| u.condition).collect();
    assert_eq!(codes, ["consumption_ban_and_shixin", "three_months_since_filing", "applicant_interview"]);
    assert!(unmet[0].reason.contains("限制消费令"), "{}", unmet[0].reason);
    assert!(unmet[1].reason.contains("2024-04-11"), "{}", unmet[1].reason);
    assert!(unmet.iter().all(|u| u.reason.contains(" / ") && !u.source.is_empty()));
}

#[test]
fn basis_kind_parses_the_wire_names() {
    for (s, kind) in [
        ("judgment", BasisKind::Judgment),
        ("ruling", BasisKind::Ruling),
        ("mediation", BasisKind::Mediation),
        ("arbitral_award", BasisKind::ArbitralAward),
        ("notarized_debt", BasisKind::NotarizedDebt),
        ("other", BasisKind::Other),
    ] {
        assert_eq!(BasisKind::parse(s), Some(kind));
    }
    assert_eq!(BasisKind::parse("Judgment"), None);
}
