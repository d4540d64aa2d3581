//! Escalation of a deadline (预警, 超期督办): the officer when it is due soon, the team leader when it is
//! overdue, the command center (执行指挥中心) when it is overdue by more than N working days. The integrator
//! records each change of level as an event.

use chrono::NaiveDate;

use super::FlowError;
use super::deadlines::{Deadline, DeadlineStatus};
use crate::calendar::LegalCalendar;

/// Who is told about a deadline, in rising order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Escalation {
    /// 承办人: the deadline is in its warning window.
    Officer,
    /// 团队负责人: the deadline is overdue.
    TeamLeader,
    /// 执行指挥中心: overdue by more than [`EscalationPolicy::command_center_after_working_days`].
    CommandCenter,
}

/// When an overdue deadline goes to the command center: overdue by more than this many working days
/// (default 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EscalationPolicy {
    command_center_after_working_days: u32,
}

/// Longest wait before the command center hears of an overdue deadline: a month of working days.
pub const COMMAND_CENTER_AFTER_WORKING_DAYS_MAX: u32 = 22;

/// The level `deadline` has reached on `today` (the same day it was computed for), or `None` while it is
/// running outside its warning window, done, or suspended (a suspended case escalates nothing).
pub fn escalation_level(
    deadline: &Deadline,
    today: NaiveDate,
    calendar: &LegalCalendar,
    policy: EscalationPolicy,
) -> Result<Option<Escalation>, FlowError> {
    if deadline.done_on.is_some() || deadline.status == DeadlineStatus::Suspended {
        return Ok(None);
    }
    if today > deadline.due_on {
        let late = calendar.working_days_between(deadline.due_on, today)?;
        let level = if late > i64::from(policy.command_center_after_working_days) {
            Escalation::CommandCenter
        } else {
            Escalation::TeamLeader
        };
        return Ok(Some(level));
    }
    Ok((today >= deadline.warn_from).then_some(Escalation::Officer))
}

impl EscalationPolicy {
    /// Escalate to the command center after `working_days` working days overdue, at most
    /// [`COMMAND_CENTER_AFTER_WORKING_DAYS_MAX`].
    pub fn new(working_days: u32) -> Result<EscalationPolicy, FlowError> {
        if working_days > COMMAND_CENTER_AFTER_WORKING_DAYS_MAX {
            let max = COMMAND_CENTER_AFTER_WORKING_DAYS_MAX;
            return Err(FlowError::PolicyOutOfRange { days: working_days, max });
        }
        Ok(EscalationPolicy { command_center_after_working_days: working_days })
    }

    pub fn command_center_after_working_days(self) -> u32 {
        self.command_center_after_working_days
    }
}

impl Default for EscalationPolicy {
    fn default() -> EscalationPolicy {
        EscalationPolicy { command_center_after_working_days: 5 }
    }
}

impl Escalation {
    pub fn code(self) -> &'static str {
        match self {
            Escalation::Officer => "officer",
            Escalation::TeamLeader => "team_leader",
            Escalation::CommandCenter => "command_center",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Escalation::Officer => "承办人",
            Escalation::TeamLeader => "团队负责人",
            Escalation::CommandCenter => "执行指挥中心",
        }
    }
}
