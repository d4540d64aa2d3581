//! The facts of one case as plain dates (the integrator folds them out of the case's events), and what a case
//! must still pass before it may close.

use chrono::NaiveDate;

use super::FlowError;
use super::limits::Track;
use super::nodes::Node;

/// Most suspensions, extensions, receipts or payouts read from one case: far above any real case, and a bound
/// on the work one computation does.
pub const FACTS_PER_KIND_MAX: usize = 1_000;

/// What a case has done so far. Every field but `filed_on` is empty until the fact happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseTimeline {
    /// 立案之日.
    pub filed_on: NaiveDate,
    /// 确定承办人.
    pub assigned_on: Option<NaiveDate>,
    /// 执行通知书 and 报告财产令 issued.
    pub notice_issued_on: Option<NaiveDate>,
    /// The applicant's leads received (the first time, if several).
    pub leads_received_on: Option<NaiveDate>,
    /// The applicant's leads checked.
    pub leads_checked_on: Option<NaiveDate>,
    /// Property investigation (网络查控 and field) completed.
    pub investigation_done_on: Option<NaiveDate>,
    /// Property found (查明财产), the start of the control node's clock.
    pub property_found_on: Option<NaiveDate>,
    /// The first seizure, attachment or freeze of any property (查封、扣押、冻结).
    pub first_seizure_on: Option<NaiveDate>,
    /// The first seizure of property that must be sold (需拍卖、变卖): a bank deposit frozen and deducted needs
    /// no sale, a house does. Starts the reference price clock.
    pub seizure_for_sale_on: Option<NaiveDate>,
    /// 繁简分流 decided.
    pub triaged_on: Option<NaiveDate>,
    /// The triage result: simple track (简案) when true. Read only once `triaged_on` is set.
    pub simple_case: bool,
    /// The reference price procedure started (议价, 询价 or 评估 begun).
    pub reference_price_started_on: Option<NaiveDate>,
    /// The reference price fixed.
    pub reference_price_fixed_on: Option<NaiveDate>,
    /// 变价 started (auction announced or sale begun).
    pub disposal_started_on: Option<NaiveDate>,
    /// Each receipt of funds (执行款到账通知).
    pub funds_received_on: Vec<NaiveDate>,
    /// Each payout (案款发放).
    pub paid_out_on: Vec<NaiveDate>,
    /// 执结.
    pub closed_on: Option<NaiveDate>,
    pub suspensions: Vec<Suspension>,
    pub extensions: Vec<Extension>,
}

/// Why the clock stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuspensionKind {
    /// 中止执行 (2023民诉法 第二百六十七条).
    Zhongzhi,
    /// 暂缓执行 (民诉法解释 第四百六十七条 and others).
    Zanhuan,
}

/// A period during which every node's clock stops. `from` is the first day stopped; `to` the day enforcement
/// resumed (恢复执行之日), on which the clock runs again; `None` while the suspension is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Suspension {
    pub kind: SuspensionKind,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// An approved extension of a node's limit (延长期限), recorded with its approver (for closing, 院长 or 副院长:
/// 期限规定 第一条). `days` are in the limit's kind of day: working days for a working-day limit, calendar
/// days otherwise (added after the months of a month limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub node: Node,
    pub days: u32,
    pub approver: String,
    pub approved_on: NaiveDate,
}

impl CaseTimeline {
    /// A case just filed.
    pub fn new(filed_on: NaiveDate) -> CaseTimeline {
        CaseTimeline {
            filed_on,
            assigned_on: None,
            notice_issued_on: None,
            leads_received_on: None,
            leads_checked_on: None,
            investigation_done_on: None,
            property_found_on: None,
            first_seizure_on: None,
            seizure_for_sale_on: None,
            triaged_on: None,
            simple_case: false,
            reference_price_started_on: None,
            reference_price_fixed_on: None,
            disposal_started_on: None,
            funds_received_on: Vec::new(),
            paid_out_on: Vec::new(),
            closed_on: None,
            suspensions: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// The triage track, once triaged.
    pub fn track(&self) -> Option<Track> {
        self.triaged_on.map(|_| if self.simple_case { Track::SimpleCases } else { Track::ComplexCases })
    }

    /// The day the node was done, if it was. Control counts any seizure; payout is done when every receipt
    /// has been paid out (its date is the last payout needed).
    pub fn actual_on(&self, node: Node) -> Option<NaiveDate> {
        match node {
            Node::Assignment => self.assigned_on,
            Node::Notice => self.notice_issued_on,
            Node::LeadsCheck => self.leads_checked_on,
            Node::Investigation => self.investigation_done_on,
            Node::Control => earliest(self.first_seizure_on, self.seizure_for_sale_on),
            Node::Triage => self.triaged_on,
            Node::ReferencePrice => self.reference_price_started_on,
            Node::Disposal => self.disposal_started_on,
            Node::Payout => self.payouts().into_iter().map(|(_, paid)| paid).try_fold(None, latest).flatten(),
            Node::Closing => self.closed_on,
        }
    }

    /// Whether the node applies to this case: mandatory nodes and triage always; a conditional node once its
    /// fact (or its own act) exists.
    pub fn applies(&self, node: Node) -> bool {
        match node {
            Node::Assignment | Node::Notice | Node::Investigation | Node::Triage | Node::Closing => true,
            Node::LeadsCheck => self.leads_received_on.is_some() || self.leads_checked_on.is_some(),
            Node::Control => {
                self.property_found_on.is_some()
                    || self.first_seizure_on.is_some()
                    || self.seizure_for_sale_on.is_some()
            }
            Node::ReferencePrice => {
                self.seizure_for_sale_on.is_some()
                    || self.reference_price_started_on.is_some()
                    || self.reference_price_fixed_on.is_some()
            }
            Node::Disposal => self.reference_price_fixed_on.is_some() || self.disposal_started_on.is_some(),
            Node::Payout => !self.funds_received_on.is_empty(),
        }
    }

    /// Whether the node must be done before the case may close: the mandatory nodes before closing, the
    /// leads check once leads were given (财产调查规定 第二条: 应当 check them; 终本规定 第三条 counts them
    /// among the measures to exhaust), and the payout once funds were received.
    pub fn requires_before_closing(&self, node: Node) -> bool {
        match node {
            Node::Closing => false,
            Node::LeadsCheck => self.leads_received_on.is_some(),
            Node::Payout => !self.funds_received_on.is_empty(),
            other => other.is_mandatory(),
        }
    }

    /// Each receipt of funds, oldest first, with the payout that settled it: the first payout on or after
    /// the receipt (a payout pays out the balance held, so it settles every earlier receipt).
    pub fn payouts(&self) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let mut receipts = self.funds_received_on.clone();
        receipts.sort_unstable();
        let mut payouts = self.paid_out_on.clone();
        payouts.sort_unstable();
        receipts
            .into_iter()
            .map(|received| (received, payouts.iter().copied().find(|paid| *paid >= received)))
            .collect()
    }

    /// Refuses a timeline whose facts cannot be read: too many of one kind, a suspension ending before it
    /// starts, an extension without an approver or out of range.
    pub fn check(&self) -> Result<(), FlowError> {
        let counts = [
            ("suspensions", self.suspensions.len()),
            ("extensions", self.extensions.len()),
            ("funds_received", self.funds_received_on.len()),
            ("paid_out", self.paid_out_on.len()),
        ];
        for (what, count) in counts {
            if count > FACTS_PER_KIND_MAX {
                return Err(FlowError::TooManyFacts { what, max: FACTS_PER_KIND_MAX });
            }
        }
        for suspension in &self.suspensions {
            if let Some(to) = suspension.to.filter(|to| *to < suspension.from) {
                return Err(FlowError::SuspensionReversed { from: suspension.from, to });
            }
        }
        self.extensions.iter().try_for_each(Extension::check)
    }
}

/// Longest single extension, in days: a year.
pub const EXTENSION_DAYS_MAX: u32 = 366;

impl Extension {
    /// An extension needs a named approver and 1 to [`EXTENSION_DAYS_MAX`] days.
    pub fn check(&self) -> Result<(), FlowError> {
        let node = self.node;
        if self.approver.trim().is_empty() {
            return Err(FlowError::ExtensionWithoutApprover { node });
        }
        if self.approver.chars().count() > crate::limits::ACTOR_CHARS_MAX {
            return Err(FlowError::TextTooLong { what: "approver", max: crate::limits::ACTOR_CHARS_MAX });
        }
        if self.days == 0 || self.days > EXTENSION_DAYS_MAX {
            return Err(FlowError::ExtensionOutOfRange { node, days: self.days, max: EXTENSION_DAYS_MAX });
        }
        Ok(())
    }
}

impl SuspensionKind {
    pub fn code(self) -> &'static str {
        match self {
            SuspensionKind::Zhongzhi => "zhongzhi",
            SuspensionKind::Zanhuan => "zanhuan",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            SuspensionKind::Zhongzhi => "中止执行",
            SuspensionKind::Zanhuan => "暂缓执行",
        }
    }
}

/// What a case must still pass before it may close, in node order: every node
/// [`CaseTimeline::requires_before_closing`] names that has no actual date. Closing itself is not listed.
pub fn missing_mandatory_nodes(timeline: &CaseTimeline) -> Vec<Node> {
    Node::ALL
        .into_iter()
        .filter(|node| timeline.requires_before_closing(*node) && timeline.actual_on(*node).is_none())
        .collect()
}

/// Closing is refused while [`missing_mandatory_nodes`] names any node: no case skips a mandatory node.
pub fn may_close(timeline: &CaseTimeline) -> Result<(), FlowError> {
    let missing = missing_mandatory_nodes(timeline);
    if missing.is_empty() { Ok(()) } else { Err(FlowError::MandatoryNodesMissing { nodes: missing }) }
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Folds payout dates: `None` (not yet paid) poisons the whole fold, as payout is done only when every receipt
/// is settled.
fn latest(acc: Option<NaiveDate>, paid: Option<NaiveDate>) -> Option<Option<NaiveDate>> {
    let paid = paid?;
    Some(Some(acc.map_or(paid, |acc| acc.max(paid))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    #[test]
    fn missing_nodes_before_closing() {
        fn check(timeline: &CaseTimeline, expected: &[Node]) {
            assert_eq!(missing_mandatory_nodes(timeline), expected);
            assert_eq!(may_close(timeline).is_ok(), expected.is_empty());
        }
        let mut case = CaseTimeline::new(date(2024, 9, 2));
        check(&case, &[Node::Assignment, Node::Notice, Node::Investigation]);
        case.assigned_on = Some(date(2024, 9, 3));
        case.notice_issued_on = Some(date(2024, 9, 5));
        check(&case, &[Node::Investigation]);
        case.investigation_done_on = Some(date(2024, 9, 20));
        check(&case, &[]);
        case.leads_received_on = Some(date(2024, 9, 4));
        check(&case, &[Node::LeadsCheck]);
        case.leads_checked_on = Some(date(2024, 9, 9));
        case.funds_received_on = vec![date(2024, 10, 10), date(2024, 9, 25)];
        check(&case, &[Node::Payout]);
        case.paid_out_on = vec![date(2024, 10, 9)]; // settles the September receipt only
        check(&case, &[Node::Payout]);
        case.paid_out_on.push(date(2024, 10, 15));
        check(&case, &[]);
        case.seizure_for_sale_on = Some(date(2024, 9, 10)); // property under seizure does not block closing
        check(&case, &[]);
        let refused = may_close(&CaseTimeline::new(date(2024, 9, 2))).map_err(|e| e.code());
        assert_eq!(refused, Err("mandatory_nodes_missing"));
    }

    #[test]
    fn payout_actual_date_is_the_last_payout_needed() {
        let mut case = CaseTimeline::new(date(2024, 9, 2));
        assert_eq!(case.actual_on(Node::Payout), None);
        case.funds_received_on = vec![date(2024, 9, 20), date(2024, 9, 10)];
        case.paid_out_on = vec![date(2024, 9, 30), date(2024, 9, 12), date(2024, 10, 30)];
        let expected =
            vec![(date(2024, 9, 10), Some(date(2024, 9, 12))), (date(2024, 9, 20), Some(date(2024, 9, 30)))];
        assert_eq!(case.payouts(), expected);
        assert_eq!(case.actual_on(Node::Payout), Some(date(2024, 9, 30)));
        case.funds_received_on.push(date(2024, 11, 1));
        assert_eq!(case.actual_on(Node::Payout), None);
    }

    #[test]
    fn timelines_are_checked() {
        fn check(timeline: &CaseTimeline, expected: Result<(), &str>) {
            assert_eq!(timeline.check().map_err(|e| e.code()), expected);
        }
        let filed = date(2024, 9, 2);
        let mut case = CaseTimeline::new(filed);
        check(&case, Ok(()));
        let suspension = |from, to| Suspension { kind: SuspensionKind::Zhongzhi, from, to };
        case.suspensions = vec![suspension(date(2024, 9, 10), Some(date(2024, 9, 10)))];
        check(&case, Ok(()));
        case.suspensions = vec![suspension(date(2024, 9, 10), Some(date(2024, 9, 9)))];
        check(&case, Err("suspension_reversed"));
        case.suspensions.clear();
        let extension = |days, approver: &str| Extension {
            node: Node::Closing,
            days,
            approver: approver.to_owned(),
            approved_on: filed,
        };
        case.extensions = vec![extension(30, "院长 张三")];
        check(&case, Ok(()));
        case.extensions = vec![extension(30, "  ")];
        check(&case, Err("extension_without_approver"));
        case.extensions = vec![extension(0, "院长")];
        check(&case, Err("extension_out_of_range"));
        case.extensions = vec![extension(EXTENSION_DAYS_MAX + 1, "院长")];
        check(&case, Err("extension_out_of_range"));
        case.extensions = vec![extension(30, &"长".repeat(crate::limits::ACTOR_CHARS_MAX + 1))];
        check(&case, Err("text_too_long"));
        case.extensions.clear();
        case.paid_out_on = vec![filed; FACTS_PER_KIND_MAX + 1];
        check(&case, Err("too_many_facts"));
    }

    #[test]
    fn conditional_nodes_apply_on_their_fact() {
        let mut case = CaseTimeline::new(date(2024, 9, 2));
        let applying = |case: &CaseTimeline| -> Vec<Node> {
            Node::ALL.into_iter().filter(|n| case.applies(*n)).collect()
        };
        let always = [Node::Assignment, Node::Notice, Node::Investigation, Node::Triage, Node::Closing];
        assert_eq!(applying(&case), always);
        case.seizure_for_sale_on = Some(date(2024, 9, 5));
        case.reference_price_fixed_on = Some(date(2024, 9, 25));
        assert_eq!(applying(&case).len(), always.len() + 3); // control, reference price, disposal
        assert_eq!(case.actual_on(Node::Control), Some(date(2024, 9, 5)));
        case.first_seizure_on = Some(date(2024, 9, 4));
        assert_eq!(case.actual_on(Node::Control), Some(date(2024, 9, 4)));
        assert_eq!(case.track(), None);
        case.triaged_on = Some(date(2024, 9, 20));
        assert_eq!(case.track(), Some(Track::ComplexCases));
        case.simple_case = true;
        assert_eq!(case.track(), Some(Track::SimpleCases));
    }
}
