//! Node time limits (节点期限) as data: the statutory defaults of LAW.md §9, and a court's local limits.
//!
//! Day-count semantics, one per unit (each applied by [`super::deadlines()`]):
//! - **calendar days** follow the statutory period end (民事诉讼法 第八十五条, LAW.md §16): the start day is not
//!   counted, the period ends on start + N, and an end on a day off rolls to the next working day
//!   ([`crate::calendar::LegalCalendar::period_end`]);
//! - **working days** count the Nth working day after the start, 调休 weekend days counting as working days
//!   ([`crate::calendar::LegalCalendar::add_working_days`]); the end is always a working day, nothing rolls;
//! - **months** add calendar months to the start (chrono's `checked_add_months`: the same day of the month, or
//!   the month's last day when it has no such day — 31 August + 6 months = 28 February), then roll to a working
//!   day as a calendar-day period does. This is the 民事诉讼法 reading of a period counted in months.

use super::FlowError;
use super::nodes::Node;
use crate::calendar::DAYS_MAX;
use crate::limits::TEXT_CHARS_MAX;

/// Longest limit in months (ten years): longer than any period of enforcement law.
pub const MONTHS_MAX: u32 = 120;

/// Most local limits one court may configure: two per node and track is already more than any court needs.
pub const LOCAL_LIMITS_MAX: usize = 64;

/// The unit a limit is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// 日: calendar days, as a statutory period.
    CalendarDays,
    /// 工作日: working days on the legal calendar.
    WorkingDays,
    /// 月: calendar months.
    Months,
}

/// A time limit: an amount of a unit, at least one, at most [`DAYS_MAX`] days or [`MONTHS_MAX`] months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limit {
    amount: u32,
    unit: Unit,
}

/// A statutory limit on a node: the national default (LAW.md §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRule {
    pub node: Node,
    pub limit: Limit,
    /// Article and instrument, as LAW.md §9 gives them; a fact no text confirmed is marked `[unconfirmed]`.
    pub source: &'static str,
}

/// Which cases a local limit applies to, by the triage (繁简分流) result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Track {
    /// Every case, triaged or not.
    AllCases,
    /// Cases triaged to the simple track (简案).
    SimpleCases,
    /// Cases triaged to the complex track (繁案).
    ComplexCases,
}

/// A court's own limit on a node (本院流程节点期限), kept with the node's clock start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLimit {
    pub node: Node,
    pub limit: Limit,
    pub applies_to: Track,
    /// The court's document and the words it uses; required.
    pub source: String,
}

/// The limits a court works to: the statutory rules, its local limits, and its warning window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRules {
    statutory: Vec<LimitRule>,
    local: Vec<LocalLimit>,
    warning: WarningPolicy,
}

/// When a deadline starts to warn: this many working days before it is due (default 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WarningPolicy {
    working_days_before: u32,
}

/// Longest warning window in working days (about a month).
pub const WARNING_WORKING_DAYS_MAX: u32 = 20;

/// A court's local configuration, as data, with what its source says that the nodes cannot express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalProfile {
    pub court: String,
    pub overrides: Vec<LocalLimit>,
    /// Limits in the source that are not encoded, and why.
    pub notes: Vec<String>,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::CalendarDays, Unit::WorkingDays, Unit::Months];

    /// calendar_days | working_days | months
    pub fn code(self) -> &'static str {
        match self {
            Unit::CalendarDays => "calendar_days",
            Unit::WorkingDays => "working_days",
            Unit::Months => "months",
        }
    }

    pub fn parse(code: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|unit| unit.code() == code)
    }
}

impl Track {
    pub const ALL: [Track; 3] = [Track::AllCases, Track::SimpleCases, Track::ComplexCases];

    /// all | simple | complex
    pub fn code(self) -> &'static str {
        match self {
            Track::AllCases => "all",
            Track::SimpleCases => "simple",
            Track::ComplexCases => "complex",
        }
    }

    pub fn parse(code: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|track| track.code() == code)
    }
}

impl Limit {
    /// A limit of `amount` units: at least 1, at most [`DAYS_MAX`] days or [`MONTHS_MAX`] months.
    pub fn new(amount: u32, unit: Unit) -> Result<Limit, FlowError> {
        let max = if unit == Unit::Months { MONTHS_MAX } else { DAYS_MAX };
        if amount == 0 || amount > max {
            return Err(FlowError::LimitOutOfRange { amount, max });
        }
        Ok(Limit { amount, unit })
    }

    pub fn amount(self) -> u32 {
        self.amount
    }

    pub fn unit(self) -> Unit {
        self.unit
    }

    /// Whether this limit never runs longer than `other` in an ordinary week without holidays: the same unit
    /// compares amounts; different units compare this limit's longest span in calendar days against the other's
    /// shortest (N working days span at most N + 2·⌈N/5⌉ days, at least N + 2·⌊(N−1)/5⌋; a month at least 28
    /// days and at most 31). Holidays can still stretch a working-day limit, which is why
    /// [`super::deadlines()`] also takes the earlier of the local and the statutory date.
    pub fn fits_within(self, other: Limit) -> bool {
        if self.unit == other.unit {
            return self.amount <= other.amount;
        }
        self.plain_span_days_max() <= other.plain_span_days_min()
    }

    fn plain_span_days_max(self) -> u64 {
        let n = u64::from(self.amount);
        match self.unit {
            Unit::CalendarDays => n,
            Unit::WorkingDays => n + 2 * n.div_ceil(5),
            Unit::Months => 31 * n,
        }
    }

    fn plain_span_days_min(self) -> u64 {
        let n = u64::from(self.amount);
        match self.unit {
            Unit::CalendarDays => n,
            Unit::WorkingDays => n + 2 * (n.saturating_sub(1) / 5),
            Unit::Months => 28 * n,
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::CalendarDays => "日",
            Unit::WorkingDays => "个工作日",
            Unit::Months => "个月",
        };
        write!(f, "{}{unit}", self.amount)
    }
}

impl LimitRules {
    /// The national defaults (LAW.md §9), no local limits, a warning window of 3 working days.
    pub fn statutory() -> LimitRules {
        LimitRules { statutory: statutory_rules(), local: Vec::new(), warning: WarningPolicy::default() }
    }

    /// The national defaults with a court's local limits. A local limit may be stricter than the statutory
    /// one, never longer ([`Limit::fits_within`]): a longer one is refused with
    /// [`FlowError::LocalLimitLonger`]. A node without a statutory limit (control, triage) takes any local
    /// limit. Each (node, track) may be configured once, and each local limit must name its source.
    pub fn with_overrides(overrides: Vec<LocalLimit>) -> Result<LimitRules, FlowError> {
        if overrides.len() > LOCAL_LIMITS_MAX {
            return Err(FlowError::TooManyFacts { what: "local_limits", max: LOCAL_LIMITS_MAX });
        }
        let mut rules = LimitRules::statutory();
        for local in overrides {
            rules.add_local(local)?;
        }
        Ok(rules)
    }

    /// Adds one local limit, checked as [`LimitRules::with_overrides`] checks each.
    pub fn add_local(&mut self, local: LocalLimit) -> Result<(), FlowError> {
        if self.local.len() >= LOCAL_LIMITS_MAX {
            return Err(FlowError::TooManyFacts { what: "local_limits", max: LOCAL_LIMITS_MAX });
        }
        self.check_override(&local)?;
        self.local.push(local);
        Ok(())
    }

    /// The same limits with another warning window.
    pub fn with_warning(self, warning: WarningPolicy) -> LimitRules {
        LimitRules { warning, ..self }
    }

    /// The statutory rule on `node`, if the law sets one.
    pub fn statutory_rule(&self, node: Node) -> Option<&LimitRule> {
        self.statutory.iter().find(|rule| rule.node == node)
    }

    /// Every statutory rule, in node order.
    pub fn statutory_rules(&self) -> &[LimitRule] {
        &self.statutory
    }

    /// The local limits configured.
    pub fn local_limits(&self) -> &[LocalLimit] {
        &self.local
    }

    /// The local limit on `node` for a case on `track` (`None` before triage): one configured for that track
    /// wins over one for all cases.
    pub fn local_limit(&self, node: Node, track: Option<Track>) -> Option<&LocalLimit> {
        let for_track = |wanted: Track| self.local.iter().find(|l| l.node == node && l.applies_to == wanted);
        track.filter(|t| *t != Track::AllCases).and_then(for_track).or_else(|| for_track(Track::AllCases))
    }

    pub fn warning(&self) -> WarningPolicy {
        self.warning
    }

    fn check_override(&self, local: &LocalLimit) -> Result<(), FlowError> {
        let node = local.node;
        if local.source.trim().is_empty() {
            return Err(FlowError::LocalLimitWithoutSource { node });
        }
        if local.source.chars().count() > TEXT_CHARS_MAX {
            return Err(FlowError::TextTooLong { what: "source", max: TEXT_CHARS_MAX });
        }
        if self.local.iter().any(|l| l.node == node && l.applies_to == local.applies_to) {
            return Err(FlowError::DuplicateLocalLimit { node });
        }
        match self.statutory_rule(node) {
            Some(rule) if !local.limit.fits_within(rule.limit) => {
                Err(FlowError::LocalLimitLonger { node, local: local.limit, statutory: rule.limit })
            }
            _ => Ok(()),
        }
    }
}

impl Default for LimitRules {
    fn default() -> LimitRules {
        LimitRules::statutory()
    }
}

impl WarningPolicy {
    /// Warn from `working_days_before` working days before the due date (0 = on the due date only), at most
    /// [`WARNING_WORKING_DAYS_MAX`].
    pub fn new(working_days_before: u32) -> Result<WarningPolicy, FlowError> {
        if working_days_before > WARNING_WORKING_DAYS_MAX {
            let max = WARNING_WORKING_DAYS_MAX;
            return Err(FlowError::PolicyOutOfRange { days: working_days_before, max });
        }
        Ok(WarningPolicy { working_days_before })
    }

    pub fn working_days_before(self) -> u32 {
        self.working_days_before
    }
}

impl Default for WarningPolicy {
    fn default() -> WarningPolicy {
        WarningPolicy { working_days_before: 3 }
    }
}

impl LocalProfile {
    /// The county court of seed 002 (孟村回族自治县人民法院, 2018): its command center's node limits.
    ///
    /// Encoded: intake within 5 working days of filing (as the assignment node: the case enters the command
    /// center, particulars are checked and the debtor's leads registered); the notice and the order to report
    /// property within 5 days; property inquiry, the applicant's leads included, "10日至20日内" (the end of
    /// the window, 20 days, is the limit on the investigation node; the applicant's leads keep their statutory
    /// 7 days, which the window may not lengthen); simple cases closed within 3 months (counted from filing,
    /// as the closing node is); simple cases' funds paid within 7 working days.
    pub fn seed_002_county() -> LocalProfile {
        let seed = "seed 002 (孟村回族自治县人民法院执行指挥中心, 2018)";
        let local = |node, amount, unit, applies_to, words: &str| LocalLimit {
            node,
            limit: Limit { amount, unit },
            applies_to,
            source: format!("{seed}: {words}"),
        };
        LocalProfile {
            court: "孟村回族自治县人民法院".to_owned(),
            overrides: vec![
                local(Node::Assignment, 5, Unit::WorkingDays, Track::AllCases, "受理立案5个工作日内"),
                local(Node::Notice, 5, Unit::CalendarDays, Track::AllCases, "5日内…送达执行通知书、报告财产令"),
                local(Node::Investigation, 20, Unit::CalendarDays, Track::AllCases, "10日至20日内由查控组完成"),
                local(Node::Closing, 3, Unit::Months, Track::SimpleCases, "简易执行组在3个月内结案归档"),
                local(Node::Payout, 7, Unit::WorkingDays, Track::SimpleCases, "财务室在7个工作日将钱款发还"),
            ],
            notes: vec![
                "案款到帐后10个工作日内制作完成财产分配表 (complex cases): the distribution table is one step \
                 of the payout, not the payout itself; the statutory 30 days stay the payout limit"
                    .to_owned(),
                "在案件分流后7日内…发布公告 (auction): counted from triage, not from the reference price the \
                 disposal node counts from; not encoded"
                    .to_owned(),
            ],
        }
    }

    /// The statutory rules with this profile's local limits.
    pub fn rules(&self) -> Result<LimitRules, FlowError> {
        LimitRules::with_overrides(self.overrides.clone())
    }
}

/// LAW.md §9, one rule per node that has a statutory limit (control and triage have none).
fn statutory_rules() -> Vec<LimitRule> {
    let rule = |node, amount, unit, source| LimitRule { node, limit: Limit { amount, unit }, source };
    vec![
        rule(Node::Assignment, 7, Unit::CalendarDays, ASSIGNMENT_SOURCE),
        rule(Node::Notice, 10, Unit::CalendarDays, NOTICE_SOURCE),
        rule(Node::LeadsCheck, 7, Unit::CalendarDays, LEADS_CHECK_SOURCE),
        rule(Node::Investigation, 1, Unit::Months, INVESTIGATION_SOURCE),
        rule(Node::ReferencePrice, 30, Unit::CalendarDays, REFERENCE_PRICE_SOURCE),
        rule(Node::Disposal, 10, Unit::CalendarDays, DISPOSAL_SOURCE),
        rule(Node::Payout, 30, Unit::CalendarDays, PAYOUT_SOURCE),
        rule(Node::Closing, 6, Unit::Months, CLOSING_SOURCE),
    ]
}

/// 确定承办人: 7 days from filing.
const ASSIGNMENT_SOURCE: &str =
    "最高人民法院关于人民法院办理执行案件若干期限的规定 (法发〔2006〕35号) 第二条: 立案后7日内确定承办人";

/// 执行通知: 10 days; counted from filing, the date the court has the application on record.
const NOTICE_SOURCE: &str = "民诉法解释 (2022) 第四百八十条: 收到申请执行书或者移交执行书后10日内发出执行通知; \
     cf. 期限规定 (法发〔2006〕35号) 第四条 (承办人收到案件材料后3日内) and 执行程序解释 第二十二条";

/// 核查线索: the newer judicial interpretation's 7 days is the default; a court keeping the older 5 days
/// configures it as a local limit.
const LEADS_CHECK_SOURCE: &str = "财产调查规定 (2017, 2020年修正) 第二条: 线索明确、具体的, 7日内调查核实 \
     (情况紧急的3日内); the older 期限规定 (法发〔2006〕35号) 第六条 gives 5日";

/// 财产调查: one month; the text names no start, zhixing counts from filing.
const INVESTIGATION_SOURCE: &str = "期限规定 (法发〔2006〕35号) 第六条: 承办人一般应当在1个月内完成对被执行人…资产状况的调查 \
     (start not named in the text; counted from filing)";

const REFERENCE_PRICE_SOURCE: &str = "最高人民法院关于人民法院确定财产处置参考价若干问题的规定 (2018) 第一条: \
     查封、扣押、冻结财产后需拍卖、变卖的, 30日内启动确定财产处置参考价程序";

const DISPOSAL_SOURCE: &str = "最高人民法院关于人民法院确定财产处置参考价若干问题的规定 (2018) 第三十条: 参考价确定后10日内启动变价程序";

const PAYOUT_SOURCE: &str = "最高人民法院关于执行款物管理工作的规定 (法发〔2017〕6号) [unconfirmed: article \
     number]: 收到财务部门执行款到账通知之日起30日内完成核算、费用结算、通知领取和发放";

const CLOSING_SOURCE: &str = "执行工作若干规定 (2020年修正) 第63条; 期限规定 (法发〔2006〕35号) 第一条: \
     有财产可供执行的, 立案之日起6个月内执结, 中止期间扣除; 延长须院长或副院长批准";

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(amount: u32, unit: Unit) -> Limit {
        Limit::new(amount, unit).expect("test limits are in range")
    }

    #[test]
    fn limits_are_bounded() {
        fn check(amount: u32, unit: Unit, ok: bool) {
            assert_eq!(Limit::new(amount, unit).is_ok(), ok, "{amount} {unit:?}");
        }
        check(0, Unit::CalendarDays, false);
        check(1, Unit::CalendarDays, true);
        check(DAYS_MAX, Unit::WorkingDays, true);
        check(DAYS_MAX + 1, Unit::WorkingDays, false);
        check(MONTHS_MAX, Unit::Months, true);
        check(MONTHS_MAX + 1, Unit::Months, false);
        assert_eq!(Limit::new(0, Unit::Months).map_err(|e| e.code()), Err("limit_out_of_range"));
        assert_eq!(limit(5, Unit::WorkingDays).to_string(), "5个工作日");
    }

    #[test]
    fn statutory_rules_law_md_section_9() {
        fn check(node: Node, expected: Option<(u32, Unit)>) {
            let rules = LimitRules::statutory();
            let got = rules.statutory_rule(node).map(|r| (r.limit.amount(), r.limit.unit()));
            assert_eq!(got, expected, "{node}");
        }
        check(Node::Assignment, Some((7, Unit::CalendarDays)));
        check(Node::Notice, Some((10, Unit::CalendarDays)));
        check(Node::LeadsCheck, Some((7, Unit::CalendarDays)));
        check(Node::Investigation, Some((1, Unit::Months)));
        check(Node::Control, None);
        check(Node::Triage, None);
        check(Node::ReferencePrice, Some((30, Unit::CalendarDays)));
        check(Node::Disposal, Some((10, Unit::CalendarDays)));
        check(Node::Payout, Some((30, Unit::CalendarDays)));
        check(Node::Closing, Some((6, Unit::Months)));
        let rules = LimitRules::statutory();
        assert!(rules.statutory_rules().iter().all(|r| !r.source.is_empty()));
        assert!(rules.statutory_rule(Node::Payout).is_some_and(|r| r.source.contains("[unconfirmed")));
    }

    #[test]
    fn fits_within() {
        fn check(local: Limit, statutory: Limit, expected: bool) {
            assert_eq!(local.fits_within(statutory), expected, "{local} within {statutory}");
        }
        check(limit(5, Unit::CalendarDays), limit(10, Unit::CalendarDays), true);
        check(limit(11, Unit::CalendarDays), limit(10, Unit::CalendarDays), false);
        check(limit(5, Unit::WorkingDays), limit(7, Unit::CalendarDays), true); // at most 7 days
        check(limit(6, Unit::WorkingDays), limit(7, Unit::CalendarDays), false); // up to 10 days
        check(limit(7, Unit::WorkingDays), limit(30, Unit::CalendarDays), true);
        check(limit(20, Unit::WorkingDays), limit(30, Unit::CalendarDays), true); // at most 28 days
        check(limit(21, Unit::WorkingDays), limit(30, Unit::CalendarDays), false); // up to 31 days
        check(limit(28, Unit::CalendarDays), limit(1, Unit::Months), true);
        check(limit(29, Unit::CalendarDays), limit(1, Unit::Months), false); // February
        check(limit(3, Unit::Months), limit(6, Unit::Months), true);
        check(limit(1, Unit::Months), limit(31, Unit::CalendarDays), true);
        check(limit(1, Unit::Months), limit(30, Unit::CalendarDays), false);
        check(limit(5, Unit::CalendarDays), limit(5, Unit::WorkingDays), true);
        check(limit(8, Unit::CalendarDays), limit(6, Unit::WorkingDays), true); // 6 working days ≥ 8 days
        check(limit(9, Unit::CalendarDays), limit(6, Unit::WorkingDays), false);
    }

    #[test]
    fn local_limits_are_validated() {
        fn check(overrides: Vec<LocalLimit>, expected: Result<usize, &str>) {
            let got = LimitRules::with_overrides(overrides).map(|r| r.local_limits().len());
            assert_eq!(got.map_err(|e| e.code()), expected);
        }
        let local = |node, amount, unit, applies_to| LocalLimit {
            node,
            limit: limit(amount, unit),
            applies_to,
            source: "本院规定".to_owned(),
        };
        check(vec![], Ok(0));
        check(vec![local(Node::Notice, 5, Unit::CalendarDays, Track::AllCases)], Ok(1));
        check(vec![local(Node::Notice, 11, Unit::CalendarDays, Track::AllCases)], Err("local_limit_longer"));
        check(vec![local(Node::Closing, 7, Unit::Months, Track::SimpleCases)], Err("local_limit_longer"));
        check(vec![local(Node::Triage, 90, Unit::CalendarDays, Track::AllCases)], Ok(1)); // no statutory limit
        check(vec![local(Node::Control, 3, Unit::WorkingDays, Track::AllCases)], Ok(1));
        check(
            vec![
                local(Node::Closing, 3, Unit::Months, Track::SimpleCases),
                local(Node::Closing, 5, Unit::Months, Track::ComplexCases),
                local(Node::Closing, 6, Unit::Months, Track::AllCases),
            ],
            Ok(3),
        );
        check(
            vec![
                local(Node::Closing, 3, Unit::Months, Track::SimpleCases),
                local(Node::Closing, 2, Unit::Months, Track::SimpleCases),
            ],
            Err("duplicate_local_limit"),
        );
        let mut unsourced = local(Node::Notice, 5, Unit::CalendarDays, Track::AllCases);
        unsourced.source = " ".to_owned();
        check(vec![unsourced], Err("local_limit_without_source"));
        let many = vec![local(Node::Triage, 1, Unit::CalendarDays, Track::AllCases); LOCAL_LIMITS_MAX + 1];
        check(many, Err("too_many_facts"));
    }

    #[test]
    fn local_limit_for_a_track() {
        let rules = LocalProfile::seed_002_county().rules().expect("seed 002 profile is valid");
        let amount = |node, track| rules.local_limit(node, track).map(|l| l.limit.to_string());
        assert_eq!(amount(Node::Closing, Some(Track::SimpleCases)), Some("3个月".to_owned()));
        assert_eq!(amount(Node::Closing, Some(Track::ComplexCases)), None);
        assert_eq!(amount(Node::Closing, None), None);
        assert_eq!(amount(Node::Notice, None), Some("5日".to_owned()));
        assert_eq!(amount(Node::Notice, Some(Track::SimpleCases)), Some("5日".to_owned()));
        assert_eq!(amount(Node::Payout, Some(Track::SimpleCases)), Some("7个工作日".to_owned()));
    }

    #[test]
    fn seed_002_county_profile() {
        let profile = LocalProfile::seed_002_county();
        let encoded: Vec<(Node, String, Track)> =
            profile.overrides.iter().map(|l| (l.node, l.limit.to_string(), l.applies_to)).collect();
        let expected = [
            (Node::Assignment, "5个工作日", Track::AllCases),
            (Node::Notice, "5日", Track::AllCases),
            (Node::Investigation, "20日", Track::AllCases),
            (Node::Closing, "3个月", Track::SimpleCases),
            (Node::Payout, "7个工作日", Track::SimpleCases),
        ];
        let expected: Vec<(Node, String, Track)> =
            expected.into_iter().map(|(n, l, t)| (n, l.to_owned(), t)).collect();
        assert_eq!(encoded, expected);
        assert_eq!(profile.notes.len(), 2);
        assert!(profile.rules().is_ok());
    }

    #[test]
    fn warning_policy_is_bounded() {
        assert_eq!(WarningPolicy::default().working_days_before(), 3);
        assert_eq!(WarningPolicy::new(0).map(|w| w.working_days_before()), Ok(0));
        let too_long = WarningPolicy::new(WARNING_WORKING_DAYS_MAX + 1).map_err(|e| e.code());
        assert_eq!(too_long, Err("policy_out_of_range"));
        let rules = LimitRules::statutory().with_warning(WarningPolicy::new(5).expect("in range"));
        assert_eq!(rules.warning().working_days_before(), 5);
    }
}
