//! The flow nodes (流程节点) of an enforcement case, in order, and the fact that starts each one's clock.
//!
//! Which nodes every case must pass and which depend on a fact is decided here, once:
//!
//! | node | kind | applies when |
//! | --- | --- | --- |
//! | assignment 确定承办人 | mandatory | always |
//! | notice 执行通知 + 报告财产令 | mandatory | always (财产调查规定 第三条: the order goes out with the notice) |
//! | leads_check 核查线索 | conditional, then required | the applicant gave leads (财产调查规定 第二条: 应当 check) |
//! | investigation 财产调查 | mandatory | always (网络查控 at least; 终本规定 第一条(三) needs it before any 终本) |
//! | control 查封扣押冻结 | conditional | property was found |
//! | triage 繁简分流 | optional | always offered; a court practice, no statutory period, and a case paid at once may close before it |
//! | reference_price 参考价 | conditional | property that must be sold (需拍卖、变卖) was seized |
//! | disposal 变价 | conditional | a reference price was fixed |
//! | payout 案款发放 | conditional, then required | funds were received: money held must be paid out before closing |
//! | closing 执结 | mandatory | always |
//!
//! Control, reference price and disposal are never required before closing: a case may close by payment or
//! settlement (和解) with property still under seizure.

use super::FlowError;

/// A flow node (流程节点), in the order a case passes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// 确定承办人: the officer in charge is named.
    Assignment,
    /// 执行通知 + 报告财产令: the enforcement notice and the order to report property, sent together.
    Notice,
    /// 核查申请人提供的财产线索: the applicant's leads are checked.
    LeadsCheck,
    /// 财产调查: network inquiry and control (网络查控) and field investigation.
    Investigation,
    /// 查封、扣押、冻结: property found is brought under control.
    Control,
    /// 繁简分流: the case goes to the simple or the complex track.
    Triage,
    /// 确定财产处置参考价: the reference price procedure is started.
    ReferencePrice,
    /// 变价 (拍卖、变卖): the sale is started.
    Disposal,
    /// 案款发放: funds received are paid out.
    Payout,
    /// 执结: the case is closed.
    Closing,
}

/// The fact whose date starts a node's clock. A clock never starts before the filing date: a fact dated
/// earlier (leads given with the application, a preservation seizure turned into an enforcement seizure under
/// 民诉法解释 第一百六十八条) starts the clock on the filing date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockStart {
    /// 立案之日.
    Filing,
    /// The day the applicant's leads were received (申请执行人提供财产线索之日).
    LeadsReceived,
    /// The day property was found (查明财产之日).
    PropertyFound,
    /// The first seizure of property that must be sold (查封、扣押、冻结需拍卖、变卖的财产之日).
    SeizureForSale,
    /// The day the reference price was fixed (参考价确定之日).
    ReferencePriceFixed,
    /// The day of each receipt of funds (执行款到账通知之日).
    FundsReceived,
}

impl Node {
    /// Every node, in order.
    pub const ALL: [Node; 10] = [
        Node::Assignment,
        Node::Notice,
        Node::LeadsCheck,
        Node::Investigation,
        Node::Control,
        Node::Triage,
        Node::ReferencePrice,
        Node::Disposal,
        Node::Payout,
        Node::Closing,
    ];

    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Node::Assignment => "assignment",
            Node::Notice => "notice",
            Node::LeadsCheck => "leads_check",
            Node::Investigation => "investigation",
            Node::Control => "control",
            Node::Triage => "triage",
            Node::ReferencePrice => "reference_price",
            Node::Disposal => "disposal",
            Node::Payout => "payout",
            Node::Closing => "closing",
        }
    }

    /// The node's name as the courts write it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Node::Assignment => "确定承办人",
            Node::Notice => "发出执行通知书、报告财产令",
            Node::LeadsCheck => "核查申请人提供的财产线索",
            Node::Investigation => "财产调查",
            Node::Control => "查封、扣押、冻结",
            Node::Triage => "繁简分流",
            Node::ReferencePrice => "确定财产处置参考价",
            Node::Disposal => "变价",
            Node::Payout => "执行案款发放",
            Node::Closing => "执结",
        }
    }

    /// Whether every case must pass the node (see the module table). Leads check and payout become required
    /// only when their fact exists; see [`super::missing_mandatory_nodes`].
    pub fn is_mandatory(self) -> bool {
        matches!(self, Node::Assignment | Node::Notice | Node::Investigation | Node::Closing)
    }

    /// The fact that starts the node's clock.
    pub fn clock_start(self) -> ClockStart {
        match self {
            Node::Assignment | Node::Notice | Node::Investigation | Node::Triage | Node::Closing => {
                ClockStart::Filing
            }
            Node::LeadsCheck => ClockStart::LeadsReceived,
            Node::Control => ClockStart::PropertyFound,
            Node::ReferencePrice => ClockStart::SeizureForSale,
            Node::Disposal => ClockStart::ReferencePriceFixed,
            Node::Payout => ClockStart::FundsReceived,
        }
    }

    /// The node with this code.
    pub fn parse(code: &str) -> Result<Node, FlowError> {
        Node::ALL
            .into_iter()
            .find(|node| node.code() == code)
            .ok_or_else(|| FlowError::UnknownNode(code.chars().take(64).collect()))
    }
}

impl ClockStart {
    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            ClockStart::Filing => "filing",
            ClockStart::LeadsReceived => "leads_received",
            ClockStart::PropertyFound => "property_found",
            ClockStart::SeizureForSale => "seizure_for_sale",
            ClockStart::ReferencePriceFixed => "reference_price_fixed",
            ClockStart::FundsReceived => "funds_received",
        }
    }

    /// The starting fact as the rules write it.
    pub fn name_zh(self) -> &'static str {
        match self {
            ClockStart::Filing => "立案之日",
            ClockStart::LeadsReceived => "申请执行人提供财产线索之日",
            ClockStart::PropertyFound => "查明财产之日",
            ClockStart::SeizureForSale => "查封、扣押、冻结需变价财产之日",
            ClockStart::ReferencePriceFixed => "参考价确定之日",
            ClockStart::FundsReceived => "执行款到账之日",
        }
    }
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_in_order_with_unique_codes() {
        let mut sorted = Node::ALL;
        sorted.sort();
        assert_eq!(sorted, Node::ALL);
        for node in Node::ALL {
            assert_eq!(Node::parse(node.code()), Ok(node));
            assert!(!node.name_zh().is_empty());
        }
        assert_eq!(Node::parse("auction").map_err(|e| e.code()), Err("unknown_node"));
    }

    #[test]
    fn mandatory_nodes() {
        let mandatory: Vec<Node> = Node::ALL.into_iter().filter(|n| n.is_mandatory()).collect();
        assert_eq!(mandatory, [Node::Assignment, Node::Notice, Node::Investigation, Node::Closing]);
    }

    #[test]
    fn clock_starts() {
        fn check(node: Node, expected: &str) {
            assert_eq!(node.clock_start().code(), expected, "{node}");
        }
        check(Node::Assignment, "filing");
        check(Node::Notice, "filing");
        check(Node::LeadsCheck, "leads_received");
        check(Node::Investigation, "filing");
        check(Node::Control, "property_found");
        check(Node::Triage, "filing");
        check(Node::ReferencePrice, "seizure_for_sale");
        check(Node::Disposal, "reference_price_fixed");
        check(Node::Payout, "funds_received");
        check(Node::Closing, "filing");
    }
}
