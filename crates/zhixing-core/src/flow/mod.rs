//! Flow nodes and statutory deadlines (流程节点, 节点期限), DESIGN.md C3.
//!
//! A case passes the nodes of [`Node`] from filing to closure. Each node with a time limit (LAW.md §9, or a
//! court's stricter local limit) has a deadline, computed — never stored — from the case's facts
//! ([`CaseTimeline`]), the court's [`LimitRules`] and the [`crate::calendar::LegalCalendar`]:
//!
//! - [`deadlines`] gives every deadline with its status on a given day; 中止 and 暂缓 stop the clock, the days
//!   already used are kept, and approved extensions add days;
//! - [`timeline_rows`] gives the case page's node timeline, planned against actual;
//! - [`escalation_level`] says who must hear of a deadline (officer → team leader → command center);
//! - [`missing_mandatory_nodes`] and [`may_close`] keep a case from closing before it has passed every
//!   node it must.
//!
//! Pure: no I/O and no clock; "today" is an argument. The integrator turns changes of status and level into
//! events (warning, overdue, escalation) and runs the periodic scan.

mod deadlines;
mod escalation;
mod limits;
mod nodes;
pub mod settings;
mod stops;
mod timeline;

#[cfg(test)]
mod tests;

pub use deadlines::{Deadline, DeadlineStatus, LimitBasis, TimelineRow, deadlines, timeline_rows};
pub use escalation::{COMMAND_CENTER_AFTER_WORKING_DAYS_MAX, Escalation, EscalationPolicy, escalation_level};
pub use limits::{
    LOCAL_LIMITS_MAX, Limit, LimitRule, LimitRules, LocalLimit, LocalProfile, MONTHS_MAX, Track, Unit,
    WARNING_WORKING_DAYS_MAX, WarningPolicy,
};
pub use nodes::{ClockStart, Node};
pub use timeline::{
    CaseTimeline, EXTENSION_DAYS_MAX, Extension, FACTS_PER_KIND_MAX, Suspension, SuspensionKind, may_close,
    missing_mandatory_nodes,
};

use chrono::NaiveDate;

use crate::calendar::CalendarError;

/// Errors of the flow rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// The legal calendar has no data for a date needed, or a count was too large.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error("unknown flow node {0:?} / 未知流程节点")]
    UnknownNode(String),
    #[error("a limit must be 1 to {max}, not {amount} / 期限超出范围")]
    LimitOutOfRange { amount: u32, max: u32 },
    #[error(
        "the local limit of {local} on {node} may be longer than the statutory {statutory} / 本院期限不得长于法定期限"
    )]
    LocalLimitLonger { node: Node, local: Limit, statutory: Limit },
    #[error("{node} has two local limits for the same cases / 同一节点重复设置本院期限")]
    DuplicateLocalLimit { node: Node },
    #[error("the local limit on {node} names no source / 本院期限未注明依据")]
    LocalLimitWithoutSource { node: Node },
    #[error("{what} is longer than {max} characters / 文字过长")]
    TextTooLong { what: &'static str, max: usize },
    #[error("more than {max} {what} / 数量超出上限")]
    TooManyFacts { what: &'static str, max: usize },
    #[error("{days} working days is more than {max} / 工作日数超出上限")]
    PolicyOutOfRange { days: u32, max: u32 },
    #[error("a suspension from {from} ends on {to}, before it starts / 中止、暂缓的结束日早于开始日")]
    SuspensionReversed { from: NaiveDate, to: NaiveDate },
    #[error("an extension of {node} needs an approver / 延长期限须经批准并记录批准人")]
    ExtensionWithoutApprover { node: Node },
    #[error("an extension of {node} by {days} days is not 1 to {max} days / 延长天数超出范围")]
    ExtensionOutOfRange { node: Node, days: u32, max: u32 },
    #[error("nodes not yet passed: {} / 尚有必经节点未完成, 不得结案", codes(.nodes))]
    MandatoryNodesMissing { nodes: Vec<Node> },
    #[error("date out of range / 日期超出范围")]
    DateOutOfRange,
}

impl FlowError {
    /// A stable machine-readable code; calendar errors keep the calendar's code.
    pub fn code(&self) -> &'static str {
        match self {
            FlowError::Calendar(error) => error.code(),
            FlowError::UnknownNode(_) => "unknown_node",
            FlowError::LimitOutOfRange { .. } => "limit_out_of_range",
            FlowError::LocalLimitLonger { .. } => "local_limit_longer",
            FlowError::DuplicateLocalLimit { .. } => "duplicate_local_limit",
            FlowError::LocalLimitWithoutSource { .. } => "local_limit_without_source",
            FlowError::TextTooLong { .. } => "text_too_long",
            FlowError::TooManyFacts { .. } => "too_many_facts",
            FlowError::PolicyOutOfRange { .. } => "policy_out_of_range",
            FlowError::SuspensionReversed { .. } => "suspension_reversed",
            FlowError::ExtensionWithoutApprover { .. } => "extension_without_approver",
            FlowError::ExtensionOutOfRange { .. } => "extension_out_of_range",
            FlowError::MandatoryNodesMissing { .. } => "mandatory_nodes_missing",
            FlowError::DateOutOfRange => "date_out_of_range",
        }
    }
}

fn codes(nodes: &[Node]) -> String {
    nodes.iter().map(|node| node.code()).collect::<Vec<_>>().join(", ")
}
