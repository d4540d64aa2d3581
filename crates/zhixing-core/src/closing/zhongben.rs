//! The 终本 checklist (终结本次执行程序): the five conditions of 终本规定 第一条, the 约谈 with the applicant,
//! and the approval of 民诉法解释 第517条, each with what the officer must still do.
//!
//! 终本规定 第一条 and 第二条 were read from public copies of the text (LAW.md §7). 第三条 (what "exhausting
//! the property investigation" requires), 第四条 (property that cannot be disposed of) and the article number
//! of the 约谈 rule (第五条) are [unconfirmed]: the steps below follow LAW.md's reading of them.

use chrono::{Days, Months, NaiveDate};

use super::Unmet;

/// 终本规定 第一条第(四)项: more than three months must have passed since the case was filed.
pub const ZHONGBEN_MONTHS_SINCE_FILING: u32 = 3;

/// A step that the case may or may not need (field investigation, search, audit or reward).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Not called for in this case.
    NotNeeded,
    Done,
    /// Called for and not yet done.
    Outstanding,
}

/// Where the debtor's property report (报告财产令, 财产调查规定 第3–10条) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyReport {
    /// Neither a report nor the end of the order's deadline yet.
    Awaited,
    /// The debtor reported; `verified`: the court checked the report (核查).
    Reported { verified: bool },
    /// Late, refused or false (逾期报告、拒绝报告、虚假报告); `sanctioned`: a fine or detention was imposed,
    /// or a criminal referral started.
    Violated { sanctioned: bool },
}

/// Whether the 失信 listing was decided (失信规定 第一条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShixinDecision {
    Listed,
    /// No ground of 失信规定 第一条 applies, or listing is barred (第四条, a minor): recorded as such.
    NotListable,
    Undecided,
}

/// What the property investigation found (终本规定 第一条第(三)项, 第四条 [unconfirmed]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyFinding {
    NoneFound,
    /// Found, but it cannot be disposed of: auction and sale failed and the applicant does not accept it in
    /// payment and it cannot be managed; or a seized vehicle or vessel could not actually be taken.
    FoundNotDisposable,
    /// Found and disposable: the case must go on.
    FoundDisposable,
}

/// Whether the debtor can be found (终本规定 第一条第(五)项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Whereabouts {
    Known,
    UnknownSearched,
    UnknownNotSearched,
}

/// Obstruction of enforcement by the debtor or others (终本规定 第一条第(五)项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Obstruction {
    None,
    /// Fined or detained, and referred for prosecution where it was a crime.
    Punished,
    /// Not yet fined or detained.
    Unpunished,
    /// Fined or detained, but a crime (拒执罪, 刑法 第313条) was not referred for prosecution.
    CrimeNotReferred,
}

/// The 约谈 with the applicant before 终本 [终本规定 第五条, article number unconfirmed].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interview {
    NotHeld,
    /// Held, the applicant heard, and the record put in the file.
    Recorded,
    /// The applicant signed their consent to 终本 instead.
    ConsentSigned,
}

/// 民诉法解释 第517条: the applicant signs to confirm, or a collegial panel reviews and the president approves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Approval {
    pub applicant_signed: bool,
    pub panel_reviewed: bool,
    pub president_approved: bool,
}

/// The facts of a case that the 终本 conditions look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZhongbenFacts {
    pub filed_on: NaiveDate,
    // 第一条第(一)项, 第二条
    pub execution_notice_issued: bool,
    pub report_order_issued: bool,
    pub report: PropertyReport,
    // 第一条第(二)项
    pub consumption_ban_issued: bool,
    pub shixin: ShixinDecision,
    // 第一条第(三)项, 第三条, 第四条
    /// The network inquiry (网络执行查控系统) for deposits, vehicles, real estate, securities and the rest.
    pub network_inquiry_done: bool,
    pub leads_provided: u32,
    pub leads_checked: u32,
    /// At the debtor's domicile or where property may be hidden, for what the network cannot reach.
    pub field_investigation: Step,
    pub search: Step,
    /// An audit or reward the applicant applied for and the court granted.
    pub audit_or_reward: Step,
    pub finding: PropertyFinding,
    // 第一条第(五)项
    pub whereabouts: Whereabouts,
    pub obstruction: Obstruction,
    pub interview: Interview,
    pub approval: Approval,
}

impl ZhongbenFacts {
    /// A case of which nothing is attested yet: every step outstanding, nothing approved.
    pub fn unattested(filed_on: NaiveDate) -> ZhongbenFacts {
        ZhongbenFacts {
            filed_on,
            execution_notice_issued: false,
            report_order_issued: false,
            report: PropertyReport::Awaited,
            consumption_ban_issued: false,
            shixin: ShixinDecision::Undecided,
            network_inquiry_done: false,
            leads_provided: 0,
            leads_checked: 0,
            field_investigation: Step::Outstanding,
            search: Step::Outstanding,
            audit_or_reward: Step::Outstanding,
            finding: PropertyFinding::NoneFound,
            whereabouts: Whereabouts::UnknownNotSearched,
            obstruction: Obstruction::None,
            interview: Interview::NotHeld,
            approval: Approval::default(),
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// A stable snake_case code of the condition.
    pub condition: &'static str,
    /// The condition, "English / 中文".
    pub title: &'static str,
    pub satisfied: bool,
    /// What is missing and what to do, "English / 中文"; `None` when satisfied.
    pub reason_if_missing: Option<String>,
    pub source: &'static str,
}

/// The officer-facing 终本 checklist: seven items, all of which must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZhongbenChecklist {
    items: Vec<Item>,
}

/// The 终本 checklist for closing on `closing_date`: the five conditions of 终本规定 第一条, the 约谈 with the
/// applicant, and the approval of 民诉法解释 第517条.
pub fn zhongben_checklist(facts: &ZhongbenFacts, closing_date: NaiveDate) -> ZhongbenChecklist {
    ZhongbenChecklist {
        items: vec![
            notice_and_report(facts),
            consumption_ban_and_shixin(facts),
            investigation_exhausted(facts),
            three_months_since_filing(facts.filed_on, closing_date),
            whereabouts_and_obstruction(facts),
            applicant_interview(facts.interview),
            approval(facts.approval),
        ],
    }
}

impl ZhongbenChecklist {
    /// Every item, in the order of the 规定.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The items that block 终本.
    pub fn blocking(&self) -> Vec<&Item> {
        self.items.iter().filter(|item| !item.satisfied).collect()
    }

    /// Whether nothing blocks 终本.
    pub fn is_clear(&self) -> bool {
        self.items.iter().all(|item| item.satisfied)
    }
}

impl Item {
    /// The item as an unmet closing condition.
    pub fn to_unmet(&self) -> Unmet {
        Unmet {
            condition: self.condition,
            reason: self.reason_if_missing.clone().unwrap_or_default(),
            source: self.source,
        }
    }

    /// An item that holds when nothing is `missing`; otherwise its reason lists every missing step.
    fn new(condition: &'static str, title: &'static str, source: &'static str, missing: Missing) -> Item {
        let reason_if_missing = missing.reason();
        Item { condition, title, satisfied: reason_if_missing.is_none(), reason_if_missing, source }
    }
}

/// The steps still missing for one item, each in English and Chinese.
#[derive(Default)]
struct Missing {
    en: Vec<String>,
    zh: Vec<String>,
}

impl Missing {
    fn add(&mut self, en: impl Into<String>, zh: impl Into<String>) {
        self.en.push(en.into());
        self.zh.push(zh.into());
    }

    fn reason(&self) -> Option<String> {
        if self.en.is_empty() {
            return None;
        }
        Some(format!("{} / {}", self.en.join("; "), self.zh.join("；")))
    }
}

/// 终本规定 第一条第(一)项 and 第二条: the execution notice is issued, the property report ordered, the report
/// checked, and a late, refused or false report punished.
fn notice_and_report(facts: &ZhongbenFacts) -> Item {
    let mut missing = Missing::default();
    if !facts.execution_notice_issued {
        missing.add("issue the execution notice (执行通知书)", "发出执行通知书");
    }
    if !facts.report_order_issued {
        missing.add(
            "issue the property report order (报告财产令) with the execution notice (财产调查规定 第3条)",
            "发出报告财产令",
        );
    }
    match facts.report {
        PropertyReport::Reported { verified: true } | PropertyReport::Violated { sanctioned: true } => {}
        PropertyReport::Awaited if !facts.report_order_issued => {}
        PropertyReport::Awaited => missing.add(
            "wait for the debtor's report or the end of its deadline, then verify it or punish the failure",
            "等待被执行人报告财产或报告期限届满，再予核查或依法处罚",
        ),
        PropertyReport::Reported { verified: false } => {
            missing.add("verify the debtor's property report (核查)", "核查被执行人报告的财产情况")
        }
        PropertyReport::Violated { sanctioned: false } => missing.add(
            "fine or detain for the late, refused or false report, or start a criminal referral \
             (财产调查规定 第9条)",
            "对逾期报告、拒绝报告或虚假报告依法罚款、拘留，构成犯罪的启动刑事责任追究程序",
        ),
    }
    Item::new(
        "notice_and_report_order",
        "execution notice issued and property report ordered / 已发出执行通知、责令报告财产",
        "终本规定 第一条第(一)项, 第二条",
        missing,
    )
}

/// 终本规定 第一条第(二)项: the 限制消费令 is issued, and the debtor is put on the 失信 list where a ground of
/// 失信规定 第一条 applies.
fn consumption_ban_and_shixin(facts: &ZhongbenFacts) -> Item {
    let mut missing = Missing::default();
    if !facts.consumption_ban_issued {
        missing.add("issue the consumption restriction order (限制消费令)", "发出限制消费令");
    }
    if facts.shixin == ShixinDecision::Undecided {
        missing.add(
            "decide on the 失信 listing: list the debtor if a ground of 失信规定 第一条 applies, or record why \
             none does",
            "决定是否纳入失信被执行人名单：符合失信规定第一条情形的应予纳入，不符合的记录理由",
        );
    }
    Item::new(
        "consumption_ban_and_shixin",
        "consumption restricted and 失信 listing decided / 已发出限制消费令并依法纳入失信名单",
        "终本规定 第一条第(二)项; 失信规定 第一条",
        missing,
    )
}

/// 终本规定 第一条第(三)项, 第三条 and 第四条 [第三条, 第四条 wording unconfirmed]: the investigation is
/// exhausted — network inquiry, every lead from the applicant checked, field investigation, search, audit or
/// reward where called for — and it found nothing, or nothing that can be disposed of.
fn investigation_exhausted(facts: &ZhongbenFacts) -> Item {
    let mut missing = Missing::default();
    if !facts.network_inquiry_done {
        missing.add(
            "run the network inquiry (网络执行查控系统) for deposits, vehicles, real estate, securities and \
             other property",
            "通过网络执行查控系统查询存款、车辆、不动产、有价证券等财产",
        );
    }
    let leads_left = facts.leads_provided.saturating_sub(facts.leads_checked);
    if leads_left > 0 {
        missing.add(
            format!("check the {leads_left} lead(s) from the applicant not yet checked (财产调查规定 第2条)"),
            format!("核查申请执行人提供的尚未核查的{leads_left}条财产线索"),
        );
    }
    let steps = [
        (
            facts.field_investigation,
            "investigate on site where the network cannot reach (现场调查)",
            "现场调查",
        ),
        (facts.search, "carry out the search (搜查令, 2023民诉法 第259条)", "依法搜查"),
        (
            facts.audit_or_reward,
            "carry out the granted audit or reward (审计/悬赏)",
            "完成已准许的审计或悬赏",
        ),
    ];
    for (step, en, zh) in steps {
        if step == Step::Outstanding {
            missing.add(en, zh);
        }
    }
    if facts.finding == PropertyFinding::FoundDisposable {
        missing.add(
            "dispose of the property found (auction, sale or 以物抵债) instead of closing",
            "已发现可供处置的财产，应当依法处置，不得终本",
        );
    }
    Item::new(
        "investigation_exhausted",
        "property investigation exhausted, nothing to enforce / 已穷尽财产调查措施，未发现可供执行的财产",
        "终本规定 第一条第(三)项, 第三条, 第四条 [第三条, 第四条 unconfirmed]",
        missing,
    )
}

/// 终本规定 第一条第(四)项: more than three months since filing — `filed_on` + 3 months (the same day of the
/// month, or the month's last day when it has none) must be before `closing_date`.
fn three_months_since_filing(filed_on: NaiveDate, closing_date: NaiveDate) -> Item {
    let mut missing = Missing::default();
    let three_months = filed_on.checked_add_months(Months::new(ZHONGBEN_MONTHS_SINCE_FILING));
    match three_months.and_then(|day| day.checked_add_days(Days::new(1))) {
        Some(earliest) if closing_date >= earliest => {}
        Some(earliest) => missing.add(
            format!("the case was filed on {filed_on}: it may close in 终本 on {earliest} at the earliest"),
            format!("自立案之日（{filed_on}）起未超过三个月，最早可于{earliest}终本"),
        ),
        None => missing.add("the filing date is out of range", "立案日期超出范围"),
    }
    Item::new(
        "three_months_since_filing",
        "more than three months since filing / 自立案之日起已超过三个月",
        "终本规定 第一条第(四)项",
        missing,
    )
}

/// 终本规定 第一条第(五)项: a debtor whose whereabouts are unknown has been searched for; obstruction has been
/// fined or detained, and a crime referred for prosecution.
fn whereabouts_and_obstruction(facts: &ZhongbenFacts) -> Item {
    let mut missing = Missing::default();
    if facts.whereabouts == Whereabouts::UnknownNotSearched {
        missing.add("search for the debtor whose whereabouts are unknown", "依法查找下落不明的被执行人");
    }
    match facts.obstruction {
        Obstruction::None | Obstruction::Punished => {}
        Obstruction::Unpunished => missing.add(
            "fine or detain for the obstruction (2023民诉法 第114条, 第118条; the president approves, 第119条)",
            "对妨害执行行为依法采取罚款、拘留等强制措施",
        ),
        Obstruction::CrimeNotReferred => missing.add(
            "refer the refusal to enforce (拒执罪, 刑法 第313条) for prosecution",
            "构成犯罪的，依法启动刑事责任追究程序",
        ),
    }
    Item::new(
        "whereabouts_and_obstruction",
        "whereabouts searched, obstruction punished / 下落不明的已依法查找，妨害执行的已依法处理",
        "终本规定 第一条第(五)项",
        missing,
    )
}

/// The 约谈 [终本规定 第五条, article number unconfirmed]: before 终本 the applicant is told how enforcement
/// went, what was investigated and found, and the grounds and consequences of 终本, and is heard, with a
/// record in the file — or the applicant signs their consent.
fn applicant_interview(interview: Interview) -> Item {
    let mut missing = Missing::default();
    if interview == Interview::NotHeld {
        missing.add(
            "hold the 约谈 with the applicant — the enforcement so far, the investigation, the property found, \
             the grounds and consequences of 终本 — and put their views on record, or have them sign consent",
            "约谈申请执行人，告知执行情况、财产调查措施、被执行人财产情况、终本依据及法律后果，听取意见并记录入卷，\
             或由其签字同意",
        );
    }
    Item::new(
        "applicant_interview",
        "applicant interviewed and heard / 已约谈申请执行人并听取意见",
        "终本规定 第五条 [article number unconfirmed]",
        missing,
    )
}

/// 民诉法解释 第517条: 终本 needs the applicant's signed confirmation, or review by a collegial panel and the
/// president's approval.
fn approval(approval: Approval) -> Item {
    let mut missing = Missing::default();
    let approved = approval.panel_reviewed && approval.president_approved;
    if !approval.applicant_signed && !approved {
        let (en, zh) = match (approval.panel_reviewed, approval.president_approved) {
            (true, false) => ("have the president approve 终本", "报请院长批准"),
            (false, true) => ("have a collegial panel review and verify 终本", "由合议庭审查核实"),
            _ => (
                "have the applicant sign to confirm, or have a collegial panel review and the president approve",
                "由申请执行人签字确认，或经合议庭审查核实并报院长批准",
            ),
        };
        missing.add(en, zh);
    }
    Item::new(
        "approval",
        "applicant's confirmation or president's approval / 申请执行人签字确认或院长批准",
        "民诉法解释 第517条",
        missing,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closing::tests::{date, zhongben_ready};

    fn blocking_codes(facts: &ZhongbenFacts, closing: &str) -> Vec<&'static str> {
        let checklist = zhongben_checklist(facts, date(closing));
        checklist.blocking().iter().map(|item| item.condition).collect()
    }

    fn check(change: impl Fn(&mut ZhongbenFacts), expected: &[&str]) {
        let mut facts = zhongben_ready();
        change(&mut facts);
        assert_eq!(blocking_codes(&facts, "2024-06-30"), expected, "{facts:?}");
    }

    #[test]
    fn zhongben_rules_article_1_conditions() {
        check(|_| {}, &[]);
        check(|f| f.execution_notice_issued = false, &["notice_and_report_order"]);
        check(|f| f.report_order_issued = false, &["notice_and_report_order"]);
        check(|f| f.report = PropertyReport::Awaited, &["notice_and_report_order"]);
        check(|f| f.report = PropertyReport::Reported { verified: false }, &["notice_and_report_order"]);
        check(|f| f.report = PropertyReport::Violated { sanctioned: false }, &["notice_and_report_order"]);
        check(|f| f.report = PropertyReport::Violated { sanctioned: true }, &[]);
        check(|f| f.consumption_ban_issued = false, &["consumption_ban_and_shixin"]);
        check(|f| f.shixin = ShixinDecision::Undecided, &["consumption_ban_and_shixin"]);
        check(|f| f.shixin = ShixinDecision::NotListable, &[]);
        check(|f| f.network_inquiry_done = false, &["investigation_exhausted"]);
        check(|f| f.leads_checked = 1, &["investigation_exhausted"]);
        check(|f| f.leads_checked = 9, &[]);
        check(|f| f.field_investigation = Step::Outstanding, &["investigation_exhausted"]);
        check(|f| f.search = Step::Outstanding, &["investigation_exhausted"]);
        check(|f| f.audit_or_reward = Step::Outstanding, &["investigation_exhausted"]);
        check(|f| f.finding = PropertyFinding::FoundDisposable, &["investigation_exhausted"]);
        check(|f| f.finding = PropertyFinding::FoundNotDisposable, &[]);
        check(|f| f.filed_on = date("2024-03-30"), &["three_months_since_filing"]);
        check(|f| f.whereabouts = Whereabouts::UnknownNotSearched, &["whereabouts_and_obstruction"]);
        check(|f| f.whereabouts = Whereabouts::UnknownSearched, &[]);
        check(|f| f.obstruction = Obstruction::Unpunished, &["whereabouts_and_obstruction"]);
        check(|f| f.obstruction = Obstruction::CrimeNotReferred, &["whereabouts_and_obstruction"]);
        check(|f| f.interview = Interview::NotHeld, &["applicant_interview"]);
        check(|f| f.interview = Interview::ConsentSigned, &[]);
        check(|f| f.approval = Approval::default(), &["approval"]);
        check(
            |f| {
                f.execution_notice_issued = false;
                f.interview = Interview::NotHeld;
            },
            &["notice_and_report_order", "applicant_interview"],
        );
    }

    fn check_months(filed: &str, closing: &str, satisfied: bool) {
        let item = three_months_since_filing(date(filed), date(closing));
        assert_eq!(item.satisfied, satisfied, "filed {filed}, closing {closing}: {item:?}");
    }

    #[test]
    fn zhongben_rules_article_1_item_4_three_months() {
        check_months("2024-01-15", "2024-04-15", false);
        check_months("2024-01-15", "2024-04-16", true);
        check_months("2024-01-15", "2024-01-15", false);
        check_months("2023-11-30", "2024-02-29", false); // 30 Nov + 3 months = 29 Feb (leap year)
        check_months("2023-11-30", "2024-03-01", true);
        check_months("2024-11-30", "2025-02-28", false);
        check_months("2024-11-30", "2025-03-01", true);
        check_months("2024-12-31", "2025-03-31", false);
        check_months("2024-12-31", "2025-04-01", true);
        check_months("2024-06-30", "2024-01-01", false); // closing before filing
    }

    #[test]
    fn zhongben_rules_article_1_item_4_reason_names_the_earliest_day() {
        let item = three_months_since_filing(date("2024-01-15"), date("2024-03-01"));
        let reason = item.reason_if_missing.unwrap_or_default();
        assert!(reason.contains("2024-04-16"), "{reason}");
        assert!(reason.contains(" / "), "{reason}");
    }

    fn check_approval(signed: bool, panel: bool, president: bool, satisfied: bool) {
        let a = Approval { applicant_signed: signed, panel_reviewed: panel, president_approved: president };
        assert_eq!(approval(a).satisfied, satisfied, "{a:?}");
    }

    #[test]
    fn interpretation_article_517_approval() {
        check_approval(true, false, false, true);
        check_approval(false, true, true, true);
        check_approval(true, true, true, true);
        check_approval(false, true, false, false);
        check_approval(false, false, true, false);
        check_approval(false, false, false, false);
        let reason = approval(Approval { panel_reviewed: true, ..Approval::default() }).reason_if_missing;
        assert!(reason.unwrap_or_default().contains("president"));
    }

    #[test]
    fn zhongben_checklist_lists_every_item_with_a_source() {
        let checklist = zhongben_checklist(&zhongben_ready(), date("2024-06-30"));
        assert_eq!(checklist.items().len(), 7);
        assert!(checklist.is_clear());
        for item in checklist.items() {
            assert!(!item.source.is_empty() && item.title.contains(" / "), "{item:?}");
            assert!(item.reason_if_missing.is_none());
        }
        let mut facts = zhongben_ready();
        facts.leads_provided = 5;
        facts.leads_checked = 2;
        let blocked = zhongben_checklist(&facts, date("2024-06-30"));
        let reason = blocked.blocking()[0].reason_if_missing.clone().unwrap_or_default();
        assert!(reason.contains("3 lead(s)") && reason.contains("3条"), "{reason}");
    }
}
