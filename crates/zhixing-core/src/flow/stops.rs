//! The days a case's clock is stopped (中止, 暂缓), merged into disjoint spans, and the due-date arithmetic that
//! steps over them.
//!
//! A deadline's clock runs on every day after its start except stopped days. A stopped day inside the running
//! period moves the due date by one day of the limit's kind (a calendar day, or a working day for a
//! working-day limit), so the days already used are kept and the rest run after resumption.

use chrono::{Days, Months, NaiveDate};

use super::FlowError;
use super::limits::{Limit, Unit};
use super::timeline::Suspension;
use crate::calendar::LegalCalendar;

/// Stopped days as sorted, disjoint, non-adjacent half-open spans `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Stops {
    spans: Vec<(NaiveDate, NaiveDate)>,
}

impl Stops {
    /// The stopped days of `suspensions` as known on `today`: a closed suspension stops `[from, to)`; an open
    /// one stops `from` through `today` (it may resume tomorrow at the earliest), nothing if it starts later.
    pub(super) fn new(suspensions: &[Suspension], today: NaiveDate) -> Result<Stops, FlowError> {
        let tomorrow = today.succ_opt().ok_or(FlowError::DateOutOfRange)?;
        let mut spans: Vec<(NaiveDate, NaiveDate)> = suspensions
            .iter()
            .map(|s| (s.from, s.to.unwrap_or(tomorrow)))
            .filter(|(from, to)| from < to)
            .collect();
        spans.sort_unstable();
        let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(spans.len());
        for (from, to) in spans {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        Ok(Stops { spans: merged })
    }

    /// Only the stopped days up to and including `done`: once a node is done its clock no longer runs.
    pub(super) fn until(&self, done: Option<NaiveDate>) -> Result<Stops, FlowError> {
        let Some(done) = done else { return Ok(self.clone()) };
        let end = done.succ_opt().ok_or(FlowError::DateOutOfRange)?;
        let spans = self
            .spans
            .iter()
            .filter(|(from, _)| *from < end)
            .map(|&(from, to)| (from, to.min(end)))
            .collect();
        Ok(Stops { spans })
    }

    pub(super) fn contains(&self, day: NaiveDate) -> bool {
        self.spans.iter().any(|&(from, to)| from <= day && day < to)
    }

    /// Stopped days `d` with `after < d <= through`.
    pub(super) fn days_in(&self, after: NaiveDate, through: NaiveDate) -> u32 {
        let Some(first_counted) = after.succ_opt() else { return 0 };
        let days: i64 = self
            .spans
            .iter()
            .map(|&(from, to)| {
                // `to` is after `from`, so `to - 1` is a date; compare as "< to" to avoid the subtraction.
                let first = from.max(first_counted);
                let end = to.min(through.succ_opt().unwrap_or(to));
                (end - first).num_days()
            })
            .filter(|days| *days > 0)
            .sum();
        u32::try_from(days).unwrap_or(u32::MAX)
    }

    /// The due date of `limit` (plus `extra` days of its kind) counted from `start`, stepping over stopped days.
    /// Calendar-day and month limits roll an end on a day off, or on a stopped day, to the next working day
    /// the clock runs on; a working-day limit ends on a working day already.
    pub(super) fn due_on(
        &self,
        calendar: &LegalCalendar,
        start: NaiveDate,
        limit: Limit,
        extra: u32,
    ) -> Result<NaiveDate, FlowError> {
        calendar.day_kind(start)?; // the start must lie in a covered year, as for every period
        let amount = limit.amount().checked_add(extra).ok_or(FlowError::DateOutOfRange)?;
        match limit.unit() {
            Unit::WorkingDays => self.working_days_due(calendar, start, amount),
            Unit::CalendarDays => {
                let nominal = add_days(start, amount)?;
                self.roll(calendar, self.step_over(start, nominal)?)
            }
            Unit::Months => {
                let months = start.checked_add_months(Months::new(limit.amount()));
                let nominal = add_days(months.ok_or(FlowError::DateOutOfRange)?, extra)?;
                self.roll(calendar, self.step_over(start, nominal)?)
            }
        }
    }

    /// Moves `end` past every stopped span that begins inside `(start, end]`, the span's days after `start`
    /// added in full. Spans are sorted, so one pass reaches the smallest end with the limit's running days.
    fn step_over(&self, start: NaiveDate, nominal: NaiveDate) -> Result<NaiveDate, FlowError> {
        let mut end = nominal;
        let first_counted = day_after(start)?;
        for &(from, to) in &self.spans {
            let from = from.max(first_counted);
            if from >= to {
                continue;
            }
            if from > end {
                break;
            }
            let days = u32::try_from((to - from).num_days()).map_err(|_| FlowError::DateOutOfRange)?;
            end = add_days(end, days)?;
        }
        Ok(end)
    }

    /// The `amount`th working day after `start` on which the clock runs.
    fn working_days_due(
        &self,
        calendar: &LegalCalendar,
        start: NaiveDate,
        amount: u32,
    ) -> Result<NaiveDate, FlowError> {
        let mut end = calendar.add_working_days(start, amount)?;
        let first_counted = day_after(start)?;
        for &(from, to) in &self.spans {
            let from = from.max(first_counted);
            if from >= to {
                continue;
            }
            if from > end {
                break;
            }
            let last = to.pred_opt().ok_or(FlowError::DateOutOfRange)?;
            let before_span = from.pred_opt().ok_or(FlowError::DateOutOfRange)?;
            let stopped = calendar.working_days_between(before_span, last)?;
            let stopped = u32::try_from(stopped).map_err(|_| FlowError::DateOutOfRange)?;
            end = calendar.add_working_days(end, stopped)?;
        }
        Ok(end)
    }

    /// The first day from `day` on that is a working day and not stopped.
    fn roll(&self, calendar: &LegalCalendar, day: NaiveDate) -> Result<NaiveDate, FlowError> {
        let mut day = day;
        while !calendar.is_working_day(day)? || self.contains(day) {
            day = day_after(day)?;
        }
        Ok(day)
    }
}

fn day_after(date: NaiveDate) -> Result<NaiveDate, FlowError> {
    date.succ_opt().ok_or(FlowError::DateOutOfRange)
}

fn add_days(date: NaiveDate, days: u32) -> Result<NaiveDate, FlowError> {
    date.checked_add_days(Days::new(days.into())).ok_or(FlowError::DateOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::timeline::SuspensionKind;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    fn stop(from: NaiveDate, to: Option<NaiveDate>) -> Suspension {
        Suspension { kind: SuspensionKind::Zanhuan, from, to }
    }

    #[test]
    fn spans_merge_and_open_ones_run_through_today() {
        let today = date(2024, 6, 30);
        let stops = Stops::new(
            &[
                stop(date(2024, 5, 10), Some(date(2024, 5, 20))),
                stop(date(2024, 5, 1), Some(date(2024, 5, 12))), // overlaps
                stop(date(2024, 5, 20), Some(date(2024, 5, 21))), // adjacent
                stop(date(2024, 6, 1), Some(date(2024, 6, 1))),  // empty
                stop(date(2024, 6, 25), None),
                stop(date(2024, 7, 5), None), // not begun
            ],
            today,
        )
        .expect("in range");
        let expected = vec![(date(2024, 5, 1), date(2024, 5, 21)), (date(2024, 6, 25), date(2024, 7, 1))];
        assert_eq!(stops.spans, expected);
        assert_eq!(stops.days_in(date(2024, 4, 30), date(2024, 12, 31)), 20 + 6);
        assert_eq!(stops.days_in(date(2024, 5, 10), date(2024, 5, 12)), 2);
        assert!(stops.contains(today) && !stops.contains(date(2024, 7, 1)));
        let clipped = stops.until(Some(date(2024, 5, 5))).expect("in range");
        assert_eq!(clipped.spans, vec![(date(2024, 5, 1), date(2024, 5, 6))]);
    }
}
