//! The 终本 library (终结本次执行程序案件信息库): when a closed case must be entered, when it is re-queried
//! through the network inquiry system (every six months for five years, 终本规定 第九条), what a re-query
//! finding means, and when a 失信 listing may be deleted after empty re-queries (失信规定 第十条第(四)项).
//!
//! Re-query dates are spread: each case's date within its half-year window comes from its id, so that
//! across many cases closed on the same day the queries fall evenly on the window's working days. A date
//! in a year the legal calendar does not cover skips weekends only and is marked provisional; the
//! integrator recomputes it once the State Council's notice for that year is in the calendar.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::calendar::{DAYS_MAX, LegalCalendar};
use crate::money::Amount;

/// Days after the 终本 ruling is served on the applicant within which the case must be entered in the
/// library: 7 [终本规定, article and wording unconfirmed, LAW.md §7] — a default, not a confirmed rule.
pub const LIBRARY_ENTRY_DAYS_DEFAULT: u32 = 7;

/// Most re-query rounds a policy may ask for: monthly for ten years.
pub const REQUERY_ROUNDS_MAX: u32 = 120;

/// A date computed from the calendar; `provisional` when the calendar does not cover its year, so only
/// weekends were skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScheduledDate {
    pub date: NaiveDate,
    pub provisional: bool,
}

/// One scheduled re-query: round `round` (1-based) falls in the window after `window_opens_after` up to
/// and including `window_closes_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScheduledRequery {
    pub round: u32,
    pub window_opens_after: NaiveDate,
    pub window_closes_on: NaiveDate,
    pub date: NaiveDate,
    pub provisional: bool,
}

/// How often and how long a closed case is re-queried. [`RequeryPolicy::STATUTORY`] is 终本规定 第九条:
/// every six months for five years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequeryPolicy {
    interval_months: u32,
    horizon_months: u32,
}

/// Why a date or a policy was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("date out of range / 日期超出范围")]
    DateOutOfRange,
    #[error("{days} days is more than the limit of {max} / 天数超出上限")]
    TooManyDays { days: u32, max: u32 },
    #[error(
        "re-query policy needs an interval of 1–12 months and 1–{REQUERY_ROUNDS_MAX} rounds / 复查周期设置无效"
    )]
    BadPolicy,
}

/// What a network re-query found, one item per hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FoundProperty {
    pub kind: PropertyKind,
    /// The balance or value when the answer gives one; `None` for property to be valued (a vehicle, a flat).
    pub value: Option<Amount>,
}

/// Kinds of property the network inquiry system reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyKind {
    Deposit,
    Vehicle,
    RealEstate,
    Securities,
    OnlineFunds,
    FinancialProduct,
    Insurance,
    Equity,
    Other,
}

/// Who is told of a re-query's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The officer (承办人) of the closed case.
    Officer,
    /// The applicant (申请执行人).
    Applicant,
}

/// What the platform recommends after a re-query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recommendation {
    /// Keep the case in the library; the next re-query runs as scheduled.
    ContinueSchedule,
    /// Resume enforcement (恢复执行): file the linked 执恢 case.
    ResumeEnforcement,
}

/// The result of one re-query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequeryOutcome {
    NothingFound,
    /// `items` usable hits; `known_value` the sum of the values given (saturating at [`Amount::MAX`]).
    PropertyFound {
        items: usize,
        known_value: Amount,
    },
}

impl ScheduleError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::DateOutOfRange => "date_out_of_range",
            Self::TooManyDays { .. } => "too_many_days",
            Self::BadPolicy => "bad_policy",
        }
    }
}

impl RequeryPolicy {
    /// 终本规定 第九条: every six months for five years — ten re-queries.
    pub const STATUTORY: RequeryPolicy = RequeryPolicy { interval_months: 6, horizon_months: 60 };

    /// A policy of a re-query every `interval_months` (1–12) for `horizon_years`, at most
    /// [`REQUERY_ROUNDS_MAX`] rounds.
    pub fn new(interval_months: u32, horizon_years: u32) -> Result<RequeryPolicy, ScheduleError> {
        let horizon_months = horizon_years.checked_mul(12).ok_or(ScheduleError::BadPolicy)?;
        if !(1..=12).contains(&interval_months) || horizon_months < interval_months {
            return Err(ScheduleError::BadPolicy);
        }
        if horizon_months / interval_months > REQUERY_ROUNDS_MAX {
            return Err(ScheduleError::BadPolicy);
        }
        Ok(RequeryPolicy { interval_months, horizon_months })
    }

    /// How many re-queries the policy asks for (10 for the statutory one).
    pub fn rounds(self) -> u32 {
        self.horizon_months / self.interval_months
    }

    /// Months between two re-queries (6 for the statutory policy).
    pub fn interval_months(self) -> u32 {
        self.interval_months
    }
}

impl Default for RequeryPolicy {
    fn default() -> Self {
        Self::STATUTORY
    }
}

impl RequeryOutcome {
    /// Who must be told: the applicant always (终本规定 第九条: the result of each query is told to the
    /// applicant [wording unconfirmed]); the officer too when property turned up.
    pub fn notify(self) -> &'static [Recipient] {
        match self {
            Self::NothingFound => &[Recipient::Applicant],
            Self::PropertyFound { .. } => &[Recipient::Officer, Recipient::Applicant],
        }
    }

    /// Continue the schedule, or resume enforcement when property turned up.
    pub fn recommendation(self) -> Recommendation {
        match self {
            Self::NothingFound => Recommendation::ContinueSchedule,
            Self::PropertyFound { .. } => Recommendation::ResumeEnforcement,
        }
    }
}

/// The day by which a 终本 case must be in the library: [`LIBRARY_ENTRY_DAYS_DEFAULT`] days after the ruling
/// is served on the applicant [终本规定, unconfirmed], counted as a statutory period (LAW.md §16: the day of
/// service not counted; an end on a day off moves to the next working day).
pub fn library_entry_due(
    served_on: NaiveDate,
    calendar: &LegalCalendar,
) -> Result<ScheduledDate, ScheduleError> {
    library_entry_due_within(served_on, LIBRARY_ENTRY_DAYS_DEFAULT, calendar)
}

/// [`library_entry_due`] with another number of days, for a court whose rule differs. Where the calendar
/// does not cover the dates, only weekends are skipped and the date is provisional.
pub fn library_entry_due_within(
    served_on: NaiveDate,
    days: u32,
    calendar: &LegalCalendar,
) -> Result<ScheduledDate, ScheduleError> {
    if days > DAYS_MAX {
        return Err(ScheduleError::TooManyDays { days, max: DAYS_MAX });
    }
    if let Ok(date) = calendar.period_end(served_on, days) {
        return Ok(ScheduledDate { date, provisional: false });
    }
    let mut date = served_on.checked_add_days(Days::new(days.into())).ok_or(ScheduleError::DateOutOfRange)?;
    while is_weekend(date) {
        date = date.succ_opt().ok_or(ScheduleError::DateOutOfRange)?;
    }
    Ok(ScheduledDate { date, provisional: true })
}

/// The re-query schedule of a case closed in 终本 on `closed_on` (终本规定 第九条: every six months for five
/// years, ≤ 10 re-queries): round k falls in the k-th window after closing, on the working day of that window
/// picked by the case's hash — the same relative position in every window, so a case's queries stay about
/// one interval apart. Windows are counted from `closed_on` each time, so month ends do not drift.
pub fn requery_schedule(
    case_id_hash: u64,
    closed_on: NaiveDate,
    policy: RequeryPolicy,
    calendar: &LegalCalendar,
) -> Vec<ScheduledRequery> {
    (1..=policy.rounds())
        .filter_map(|round| requery_round(case_id_hash, closed_on, round, policy, calendar))
        .collect()
}

/// Round `round` (1-based) of [`requery_schedule`], or `None` when the policy has no such round or its
/// window is beyond the last representable date.
pub fn requery_round(
    case_id_hash: u64,
    closed_on: NaiveDate,
    round: u32,
    policy: RequeryPolicy,
    calendar: &LegalCalendar,
) -> Option<ScheduledRequery> {
    if round == 0 || round > policy.rounds() {
        return None;
    }
    let opens_after = closed_on.checked_add_months(Months::new((round - 1) * policy.interval_months))?;
    let closes_on = closed_on.checked_add_months(Months::new(round * policy.interval_months))?;
    let covered =
        calendar.years().contains(&opens_after.year()) && calendar.years().contains(&closes_on.year());
    let days = WorkingDays { calendar: covered.then_some(calendar) };
    let count = days.count(opens_after, closes_on)?;
    // The hash as a fraction of the window's working days: uniform hashes give uniform positions.
    let index = ((u128::from(mix(case_id_hash)) * u128::from(count)) >> 64) as u64;
    let date = days.nth(opens_after, closes_on, index).unwrap_or(closes_on);
    Some(ScheduledRequery {
        round,
        window_opens_after: opens_after,
        window_closes_on: closes_on,
        date,
        provisional: !covered,
    })
}

/// The re-queries that fall after `after` up to and including `through`: what a daily run on `through`
/// must do, including any missed while the scheduler was down since `after`.
pub fn requeries_due(
    schedule: &[ScheduledRequery],
    after: NaiveDate,
    through: NaiveDate,
) -> impl Iterator<Item = &ScheduledRequery> {
    schedule.iter().filter(move |requery| requery.date > after && requery.date <= through)
}

/// A stable 64-bit hash of a case id (FNV-1a), the input [`requery_schedule`] expects. Stable across
/// builds and platforms, unlike `std`'s hasher, so a recomputed schedule gives the same dates.
pub fn case_id_hash(case_id: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    case_id.bytes().fold(OFFSET, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

/// The outcome of a re-query (终本规定 第九条: property found and the conditions met → 恢复执行). A hit counts
/// when its value is unknown (to be valued) or above zero: an account with a zero balance is not property.
pub fn requery_outcome(found: &[FoundProperty]) -> RequeryOutcome {
    let usable: Vec<&FoundProperty> = found.iter().filter(|p| p.value != Some(Amount::ZERO)).collect();
    if usable.is_empty() {
        return RequeryOutcome::NothingFound;
    }
    let known_value = usable
        .iter()
        .filter_map(|p| p.value)
        .fold(Amount::ZERO, |sum, value| sum.checked_add(value).unwrap_or(Amount::MAX));
    RequeryOutcome::PropertyFound { items: usable.len(), known_value }
}

/// 失信规定 第十条第(四)项: after 终本, two or more network queries found no property and neither the
/// applicant nor anyone else gave an effective lead — the 失信 listing is deleted (within three working days).
/// The caller applies this to a listing without a fixed term only (第十条第二款: a listing with a term is
/// deleted when the term ends).
pub fn shixin_deletable_after_requeries(empty_requeries: u32, leads_given: bool) -> bool {
    empty_requeries >= 2 && !leads_given
}

/// Counts and finds working days: the legal calendar's when it covers the window, otherwise Monday to
/// Friday.
struct WorkingDays<'a> {
    calendar: Option<&'a LegalCalendar>,
}

impl WorkingDays<'_> {
    /// Working days in (after, through].
    fn count(&self, after: NaiveDate, through: NaiveDate) -> Option<u64> {
        let count = match self.calendar {
            Some(calendar) => calendar.working_days_between(after, through).ok()?,
            None => weekdays_through(through) - weekdays_through(after),
        };
        u64::try_from(count).ok()
    }

    /// The working day in (after, through] with `index` working days before it in the window (0-based),
    /// found by bisection over the counts.
    fn nth(&self, after: NaiveDate, through: NaiveDate, index: u64) -> Option<NaiveDate> {
        let mut low = after.succ_opt()?;
        let mut high = through;
        if self.count(after, high)? <= index {
            return None;
        }
        while low < high {
            let middle = low.checked_add_days(Days::new(((high - low).num_days() / 2) as u64))?;
            if self.count(after, middle)? > index {
                high = middle;
            } else {
                low = middle.succ_opt()?;
            }
        }
        Some(low)
    }
}

/// Monday to Friday from an early Monday through `date`: 0001-01-01 (day 1 of the common era) was a
/// Monday in the proleptic Gregorian calendar.
fn weekdays_through(date: NaiveDate) -> i64 {
    let days = i64::from(date.num_days_from_ce());
    let (weeks, rest) = (days.div_euclid(7), days.rem_euclid(7));
    weeks * 5 + rest.min(5)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A bijective 64-bit mix (the splitmix64 finaliser), so that ids hashed close together still land far
/// apart in the window.
fn mix(hash: u64) -> u64 {
    let mut z = hash.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests;
