//! Deadlines (节点期限) as data: computed from a case's facts, its court's limits and the legal calendar, and
//! the node timeline (planned against actual) the case page shows.
//!
//! Nothing here is stored: when a suspension, an extension, a local limit or the calendar changes, calling
//! [`deadlines`] again gives the new dates.

use chrono::{Datelike, NaiveDate};

use super::FlowError;
use super::limits::{Limit, LimitRules, WarningPolicy};
use super::nodes::{ClockStart, Node};
use super::stops::Stops;
use super::timeline::CaseTimeline;
use crate::calendar::{CalendarError, LegalCalendar};

/// One node's deadline on one case (the payout node has one per receipt of funds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub node: Node,
    /// The day the clock started: the starting fact's date, never before filing. The day itself is not counted.
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub status: DeadlineStatus,
    /// The first day of the warning window ([`WarningPolicy`]), never before `starts_on`.
    pub warn_from: NaiveDate,
    /// Calendar days of 中止 and 暂缓 inside the running period, which moved `due_on`.
    pub days_suspended: u32,
    /// Days added by approved extensions (of the limit's kind of day).
    pub days_extended: u32,
    /// The limit that gave `due_on`.
    pub limit: Limit,
    pub basis: LimitBasis,
}

/// Where a deadline stands on the day it is computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineStatus {
    /// Running, not yet in the warning window.
    Pending,
    /// Running, inside the warning window (预警).
    DueSoon,
    /// Not done and past its due date (超期).
    Overdue,
    /// Done on or before its due date.
    MetOnTime,
    /// Done after its due date.
    MetLate,
    /// Not done, and the case is suspended today: no warning and no overdue while the clock stands still.
    Suspended,
}

/// Which limit a deadline follows. A local limit is never allowed to end later than the statutory one: where
/// holidays stretch a working-day local limit past the statutory date, the statutory date applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitBasis {
    Statutory,
    Local,
}

/// One row of the case page's node timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineRow {
    pub node: Node,
    /// The due date, where the node has a limit and its clock has started.
    pub planned_on: Option<NaiveDate>,
    pub actual_on: Option<NaiveDate>,
    pub status: Option<DeadlineStatus>,
    /// Calendar days past the due date: until the act if it came late, until today if it is still overdue.
    pub late_days: u32,
}

/// Every deadline of the case on `today`, in node order (payouts in order of receipt).
///
/// A node has a deadline when it has a limit (statutory, or local for the case's triage track) and the fact
/// that starts its clock has happened. Each due date steps over the days the case was suspended inside its
/// running period (an open suspension counts through `today`), and adds the days of approved extensions;
/// with a local limit the earlier of the local and the statutory date is taken. Once the case is closed, a
/// node never done no longer has a deadline. A deadline that falls (or whose warning window starts) after the
/// last year the calendar has data for is not listed yet: its date cannot be known before the State Council's
/// notice for that year (LAW.md §16: never a guess), and it lies in the future, so it is neither overdue nor
/// due soon today; recomputing after the notice is added lists it. Errors: a timeline that fails
/// [`CaseTimeline::check`], or a date in a year before the calendar's first.
pub fn deadlines(
    timeline: &CaseTimeline,
    rules: &LimitRules,
    calendar: &LegalCalendar,
    today: NaiveDate,
) -> Result<Vec<Deadline>, FlowError> {
    timeline.check()?;
    let stops = Stops::new(&timeline.suspensions, today)?;
    let mut found = Vec::new();
    for node in Node::ALL {
        for (start, done) in clocks(timeline, node) {
            if timeline.closed_on.is_some() && done.is_none() && node != Node::Closing {
                continue;
            }
            let clock = Clock { node, starts_on: start.max(timeline.filed_on), done_on: done };
            match clock.deadline(timeline, rules, calendar, &stops, today) {
                Ok(Some(deadline)) => found.push(deadline),
                Ok(None) => {}
                Err(FlowError::Calendar(CalendarError::YearNotCovered { year }))
                    if year > *calendar.years().end() && today.year() <= *calendar.years().end() => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(found)
}

/// The node timeline, planned against actual, in node order: every node that applies to the case
/// ([`CaseTimeline::applies`]), one row per deadline, or one row with its actual date when it has none.
pub fn timeline_rows(
    timeline: &CaseTimeline,
    rules: &LimitRules,
    calendar: &LegalCalendar,
    today: NaiveDate,
) -> Result<Vec<TimelineRow>, FlowError> {
    let all = deadlines(timeline, rules, calendar, today)?;
    let mut rows = Vec::new();
    for node in Node::ALL.into_iter().filter(|node| timeline.applies(*node)) {
        let before = rows.len();
        rows.extend(all.iter().filter(|d| d.node == node).map(|d| row(d, today)));
        if rows.len() == before {
            let actual_on = timeline.actual_on(node);
            rows.push(TimelineRow { node, planned_on: None, actual_on, status: None, late_days: 0 });
        }
    }
    Ok(rows)
}

impl DeadlineStatus {
    pub fn code(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "pending",
            DeadlineStatus::DueSoon => "due_soon",
            DeadlineStatus::Overdue => "overdue",
            DeadlineStatus::MetOnTime => "met_on_time",
            DeadlineStatus::MetLate => "met_late",
            DeadlineStatus::Suspended => "suspended",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "进行中",
            DeadlineStatus::DueSoon => "即将到期",
            DeadlineStatus::Overdue => "已超期",
            DeadlineStatus::MetOnTime => "按期完成",
            DeadlineStatus::MetLate => "超期完成",
            DeadlineStatus::Suspended => "中止计时",
        }
    }
}

/// One node's running clock on one case.
struct Clock {
    node: Node,
    starts_on: NaiveDate,
    done_on: Option<NaiveDate>,
}

impl Clock {
    fn deadline(
        &self,
        timeline: &CaseTimeline,
        rules: &LimitRules,
        calendar: &LegalCalendar,
        stops: &Stops,
        today: NaiveDate,
    ) -> Result<Option<Deadline>, FlowError> {
        let statutory = rules.statutory_rule(self.node).map(|rule| (rule.limit, LimitBasis::Statutory));
        let local = rules.local_limit(self.node, timeline.track()).map(|l| (l.limit, LimitBasis::Local));
        let days_extended: u32 =
            timeline.extensions.iter().filter(|e| e.node == self.node).map(|e| e.days).sum();
        let running = stops.until(self.done_on)?;
        let mut best: Option<(NaiveDate, Limit, LimitBasis)> = None;
        for (limit, basis) in local.into_iter().chain(statutory) {
            let due = running.due_on(calendar, self.starts_on, limit, days_extended)?;
            if best.is_none_or(|(best_due, _, _)| due < best_due) {
                best = Some((due, limit, basis));
            }
        }
        let Some((due_on, limit, basis)) = best else { return Ok(None) };
        let warn_from = warn_from(calendar, self.starts_on, due_on, rules.warning())?;
        let status = self.status(due_on, warn_from, stops.contains(today), today);
        Ok(Some(Deadline {
            node: self.node,
            starts_on: self.starts_on,
            due_on,
            done_on: self.done_on,
            status,
            warn_from,
            days_suspended: running.days_in(self.starts_on, due_on),
            days_extended,
            limit,
            basis,
        }))
    }

    fn status(&self, due: NaiveDate, warn: NaiveDate, suspended: bool, today: NaiveDate) -> DeadlineStatus {
        match self.done_on {
            Some(done) if done <= due => DeadlineStatus::MetOnTime,
            Some(_) => DeadlineStatus::MetLate,
            None if suspended => DeadlineStatus::Suspended,
            None if today > due => DeadlineStatus::Overdue,
            None if today >= warn => DeadlineStatus::DueSoon,
            None => DeadlineStatus::Pending,
        }
    }
}

/// Each clock of `node` on the case: (starting fact's date, done date). Most nodes have at most one; the
/// payout has one per receipt of funds.
fn clocks(timeline: &CaseTimeline, node: Node) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let done = timeline.actual_on(node);
    let start = match node.clock_start() {
        ClockStart::Filing => Some(timeline.filed_on),
        ClockStart::LeadsReceived => timeline.leads_received_on,
        ClockStart::PropertyFound => timeline.property_found_on,
        ClockStart::SeizureForSale => timeline.seizure_for_sale_on,
        ClockStart::ReferencePriceFixed => timeline.reference_price_fixed_on,
        ClockStart::FundsReceived => return timeline.payouts(),
    };
    start.map(|start| (start, done)).into_iter().collect()
}

/// The day `policy` working days before `due` (so that many working days remain after it), not before `start`.
fn warn_from(
    calendar: &LegalCalendar,
    start: NaiveDate,
    due: NaiveDate,
    policy: WarningPolicy,
) -> Result<NaiveDate, FlowError> {
    let mut day = due;
    let mut left = policy.working_days_before();
    while left > 0 && day > start {
        day = day.pred_opt().ok_or(FlowError::DateOutOfRange)?;
        if calendar.is_working_day(day)? {
            left -= 1;
        }
    }
    Ok(day.max(start))
}

fn row(deadline: &Deadline, today: NaiveDate) -> TimelineRow {
    let late_until = match (deadline.done_on, deadline.status) {
        (Some(done), _) => Some(done),
        (None, DeadlineStatus::Overdue) => Some(today),
        (None, _) => None,
    };
    let late = late_until.map_or(0, |until| (until - deadline.due_on).num_days().max(0));
    TimelineRow {
        node: deadline.node,
        planned_on: Some(deadline.due_on),
        actual_on: deadline.done_on,
        status: Some(deadline.status),
        late_days: u32::try_from(late).unwrap_or(u32::MAX),
    }
}
