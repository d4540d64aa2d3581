//! The legal calendar (法定节假日 and 调休): which days are working days, and the period arithmetic built on it.
//!
//! Days off and make-up working days come from the State Council's annual notices (see [`data`]); every
//! other Monday–Friday is a working day and every other Saturday and Sunday is not. A date in a year the
//! calendar has no notice for is an error, never a guess (LAW.md §16, "legal calendar data").

pub mod data;

pub use data::OFFICIAL_NOTICES;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::ops::RangeInclusive;
use std::sync::LazyLock;

/// Largest day count accepted by [`LegalCalendar::add_working_days`] and [`LegalCalendar::period_end`]: ten
/// years of calendar days, longer than any period of enforcement law (the longest, 申请执行期间, is two years).
pub const DAYS_MAX: u32 = 3_660;

/// A date as written in notice data: (year, month, day).
pub type Ymd = (i32, u32, u32);

/// One festival's arrangement in a notice (放假调休安排): its days off and the weekend days worked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrangement {
    /// The festival as the notice names it (元旦, 春节, 中秋节、国庆节, …).
    pub festival: &'static str,
    /// Inclusive ranges of days off (放假).
    pub off: &'static [(Ymd, Ymd)],
    /// Saturdays and Sundays made working days (调休上班).
    pub make_up: &'static [Ymd],
    /// The document this entry comes from when it is not the year's notice: a later change, or a separate notice.
    pub source: Option<&'static str>,
}

/// One year's notice (国务院办公厅关于XXXX年部分节假日安排的通知).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearNotice {
    /// The year the notice arranges. Its dates lie in that year, or in the December before it when a 元旦
    /// break starts in the old year.
    pub year: i32,
    /// The notice's document number (文号), e.g. 国办发明电〔2023〕7号.
    pub document: &'static str,
    pub arrangements: &'static [Arrangement],
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Monday to Friday, not a day off.
    Workday,
    /// Saturday or Sunday, not made a working day.
    Weekend,
    /// A day off (放假) declared by a notice, whatever the day of the week.
    Holiday { name: &'static str },
    /// A Saturday or Sunday made a working day (调休上班) for the named festival.
    MakeUpWorkday { name: &'static str },
}

impl DayKind {
    /// Whether people work that day: a weekday not off, or a make-up weekend day.
    pub fn is_working_day(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUpWorkday { .. })
    }
}

/// Errors of the legal calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("no holiday arrangement is known for the year {year} / 无{year}年节假日安排数据")]
    YearNotCovered { year: i32 },
    #[error("{days} days is more than the limit of {max} / 天数超出上限")]
    TooManyDays { days: u32, max: u32 },
    #[error("invalid calendar data: {0} / 节假日数据无效")]
    InvalidData(String),
}

impl CalendarError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::YearNotCovered { .. } => "year_not_covered",
            CalendarError::TooManyDays { .. } => "too_many_days",
            CalendarError::InvalidData(_) => "invalid_data",
        }
    }
}

/// A validated legal calendar over a contiguous range of years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalCalendar {
    first_year: i32,
    last_year: i32,
    /// 1 January of `first_year`: `kinds[i]` is the kind of `first_day + i`.
    first_day: NaiveDate,
    /// The kind of every day from `first_day` through 31 December of `last_year`.
    kinds: Vec<DayKind>,
    /// `working_before[i]` = working days among `kinds[..i]`, so a count over a range is one subtraction.
    working_before: Vec<u32>,
}

static OFFICIAL: LazyLock<LegalCalendar> = LazyLock::new(|| {
    // The built-in data is checked by a test; failing here is a bug in `data.rs`, not bad input.
    LegalCalendar::from_notices(OFFICIAL_NOTICES).expect("the built-in calendar data is valid")
});

impl LegalCalendar {
    /// The built-in calendar: the State Council's notices for 2015 through 2026 ([`OFFICIAL_NOTICES`]).
    pub fn official() -> &'static LegalCalendar {
        &OFFICIAL
    }

    /// Builds a calendar from notices, one per year, in order of year and without gaps. Rejects dates that do
    /// not exist or lie outside their notice's year (December of the year before excepted) or outside the
    /// covered years, reversed ranges, make-up days that are not Saturday or Sunday, and any day listed twice
    /// (in particular a day both off and worked).
    pub fn from_notices(notices: &[YearNotice]) -> Result<LegalCalendar, CalendarError> {
        let (first_year, last_year) = covered_years(notices)?;
        let first_day = ymd_date((first_year, 1, 1))?;
        let last_day = ymd_date((last_year, 12, 31))?;
        let kinds: Vec<DayKind> =
            first_day.iter_days().take_while(|day| *day <= last_day).map(plain_kind).collect();
        let listed = vec![false; kinds.len()];
        let mut builder = Builder { first_day, last_day, kinds, listed };
        for notice in notices {
            for arrangement in notice.arrangements {
                builder.add(notice.year, arrangement)?;
            }
        }
        let mut working_before = Vec::with_capacity(builder.kinds.len() + 1);
        let mut count = 0u32;
        working_before.push(count);
        for kind in &builder.kinds {
            count += u32::from(kind.is_working_day());
            working_before.push(count);
        }
        Ok(LegalCalendar { first_year, last_year, first_day, kinds: builder.kinds, working_before })
    }

    /// The years covered, contiguous.
    pub fn years(&self) -> RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// The kind of `date`.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        let index = self.index(date)?;
        self.kinds.get(index).copied().ok_or(CalendarError::YearNotCovered { year: date.year() })
    }

    /// Whether `date` is a working day (a weekday not off, or a 调休 weekend day).
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day_kind(date)?.is_working_day())
    }

    /// The Nth working day after `date` (LAW.md §16, "N working days after a date"): the date itself is not
    /// counted, and 调休 weekend days worked count as working days. `n` = 0 gives `date`.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        check_days(n)?;
        self.index(date)?;
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = self.next_day(day)?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// The end of a statutory period of `days` days (民事诉讼法 第八十五条, 2021/2023 numbering; 第八十二条
    /// before 2022): the start day is not counted, so the period ends on `start + days`; if that day is a
    /// public holiday or a weekend not made a working day, the period ends on the next working day
    /// (LAW.md §16, "statutory period end"). Days off inside the period are not added.
    pub fn period_end(&self, start: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
        check_days(days)?;
        self.index(start)?;
        let mut day = start.checked_add_days(Days::new(days.into())).ok_or_else(|| self.past_the_end())?;
        self.index(day)?;
        while !self.is_working_day(day)? {
            day = self.next_day(day)?;
        }
        Ok(day)
    }

    /// Working days in (from, to]: after `from`, up to and including `to`. Negative when `to` is before
    /// `from` (minus the working days in (to, from]).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        let from_count = self.working_through(from)?;
        let to_count = self.working_through(to)?;
        Ok(i64::from(to_count) - i64::from(from_count))
    }

    /// Working days from 1 January of the first year through `date` inclusive.
    fn working_through(&self, date: NaiveDate) -> Result<u32, CalendarError> {
        let index = self.index(date)?;
        self.working_before.get(index + 1).copied().ok_or(CalendarError::YearNotCovered { year: date.year() })
    }

    /// The position of `date` in `kinds`, or the error naming its uncovered year.
    fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        let not_covered = CalendarError::YearNotCovered { year: date.year() };
        if !self.years().contains(&date.year()) {
            return Err(not_covered);
        }
        usize::try_from((date - self.first_day).num_days()).map_err(|_| not_covered)
    }

    /// The day after `day`, which must still be covered.
    fn next_day(&self, day: NaiveDate) -> Result<NaiveDate, CalendarError> {
        day.succ_opt().filter(|next| next.year() <= self.last_year).ok_or_else(|| self.past_the_end())
    }

    fn past_the_end(&self) -> CalendarError {
        CalendarError::YearNotCovered { year: self.last_year.saturating_add(1) }
    }
}

/// Accumulates the kinds of days while notices are checked.
struct Builder {
    first_day: NaiveDate,
    last_day: NaiveDate,
    kinds: Vec<DayKind>,
    /// Whether a notice has already listed the day (to reject a day listed twice).
    listed: Vec<bool>,
}

impl Builder {
    fn add(&mut self, year: i32, arrangement: &Arrangement) -> Result<(), CalendarError> {
        let name = arrangement.festival;
        if name.trim().is_empty() {
            return Err(invalid(format!("an arrangement of {year} has no festival name")));
        }
        for &(start, end) in arrangement.off {
            let (start, end) = (self.notice_date(year, start)?, self.notice_date(year, end)?);
            if start > end {
                return Err(invalid(format!("{name} {year}: the range {start}..{end} is reversed")));
            }
            for day in start.iter_days().take_while(|day| *day <= end) {
                self.set(day, DayKind::Holiday { name })?;
            }
        }
        for &ymd in arrangement.make_up {
            let day = self.notice_date(year, ymd)?;
            if !is_weekend(day) {
                return Err(invalid(format!("{name} {year}: make-up day {day} is not a Saturday or Sunday")));
            }
            self.set(day, DayKind::MakeUpWorkday { name })?;
        }
        Ok(())
    }

    /// A real date of the notice's year (or the December before it) inside the covered years.
    fn notice_date(&self, year: i32, ymd: Ymd) -> Result<NaiveDate, CalendarError> {
        let day = ymd_date(ymd)?;
        let in_year = day.year() == year || (Some(day.year()) == year.checked_sub(1) && day.month() == 12);
        if !in_year {
            return Err(invalid(format!("{day} is outside the notice year {year}")));
        }
        if day < self.first_day || day > self.last_day {
            return Err(invalid(format!("{day} is outside the covered years")));
        }
        Ok(day)
    }

    fn set(&mut self, day: NaiveDate, kind: DayKind) -> Result<(), CalendarError> {
        let outside = || invalid(format!("{day} is outside the covered years"));
        let index = usize::try_from((day - self.first_day).num_days()).map_err(|_| outside())?;
        let (Some(listed), Some(slot)) = (self.listed.get_mut(index), self.kinds.get_mut(index)) else {
            return Err(outside());
        };
        if *listed {
            if slot.is_working_day() != kind.is_working_day() {
                return Err(invalid(format!("{day} is listed both as a day off and as a working day")));
            }
            return Err(invalid(format!("{day} is listed twice")));
        }
        *slot = kind;
        *listed = true;
        Ok(())
    }
}

/// The first and last year of `notices`, which must be one per year, in order, without gaps.
fn covered_years(notices: &[YearNotice]) -> Result<(i32, i32), CalendarError> {
    let (Some(first), Some(last)) = (notices.first(), notices.last()) else {
        return Err(invalid("no notices".to_owned()));
    };
    for pair in notices.windows(2) {
        if pair[0].year.checked_add(1) != Some(pair[1].year) {
            return Err(invalid(format!(
                "notices must be one per year in order, without gaps: {} is followed by {}",
                pair[0].year, pair[1].year
            )));
        }
    }
    Ok((first.year, last.year))
}

fn ymd_date((year, month, day): Ymd) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| invalid(format!("{year}-{month}-{day} is not a date")))
}

/// The kind of a day no notice mentions.
fn plain_kind(day: NaiveDate) -> DayKind {
    if is_weekend(day) { DayKind::Weekend } else { DayKind::Workday }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn check_days(days: u32) -> Result<(), CalendarError> {
    if days > DAYS_MAX {
        return Err(CalendarError::TooManyDays { days, max: DAYS_MAX });
    }
    Ok(())
}

fn invalid(message: String) -> CalendarError {
    CalendarError::InvalidData(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("test dates are real dates")
    }

    fn cal() -> &'static LegalCalendar {
        LegalCalendar::official()
    }

    #[test]
    fn official_data_is_valid_and_covers_2015_to_2026() {
        assert_eq!(LegalCalendar::from_notices(OFFICIAL_NOTICES).map(|c| c.years()), Ok(2015..=2026));
        assert_eq!(cal().years(), 2015..=2026);
    }

    /// Each year's count of days off and of weekend days worked, as declared by its notice (changes applied;
    /// the December days of the 2019 and 2023 元旦 breaks counted with the notice that set them).
    #[test]
    fn state_council_notices_2015_to_2026_day_counts() {
        let expected: &[(i32, usize, usize)] = &[
            (2015, 26, 5),
            (2016, 24, 6),
            (2017, 24, 5),
            (2018, 23, 6),
            (2019, 24, 7),
            (2020, 30, 6),
            (2021, 31, 7),
            (2022, 31, 7),
            (2023, 27, 7),
            (2024, 28, 8),
            (2025, 28, 5),
            (2026, 33, 6),
        ];
        for (notice, &(year, off, make_up)) in OFFICIAL_NOTICES.iter().zip(expected) {
            let days_off: usize = notice
                .arrangements
                .iter()
                .flat_map(|a| a.off)
                .map(|&(start, end)| {
                    let (start, end) = (date(start.0, start.1, start.2), date(end.0, end.1, end.2));
                    usize::try_from((end - start).num_days() + 1).unwrap_or(0)
                })
                .sum();
            let worked: usize = notice.arrangements.iter().map(|a| a.make_up.len()).sum();
            assert_eq!((notice.year, days_off, worked), (year, off, make_up), "notice for {year}");
        }
        assert_eq!(OFFICIAL_NOTICES.len(), expected.len());
    }

    /// is_working_day over every year: the first day off of 春节 and of 国庆 in each year, every make-up
    /// working day (transcribed again by hand from the notices, independently of `data.rs`), and the days
    /// changed by later documents.
    #[test]
    fn state_council_notices_2015_to_2026_working_days() {
        fn check(ymd: Ymd, expected: bool) {
            let day = date(ymd.0, ymd.1, ymd.2);
            assert_eq!(cal().is_working_day(day), Ok(expected), "{day}");
        }
        #[rustfmt::skip]
        let first_days_off: &[Ymd] = &[
            (2015, 2, 18), (2015, 10, 1), (2016, 2, 7), (2016, 10, 1), (2017, 1, 27), (2017, 10, 1),
            (2018, 2, 15), (2018, 10, 1), (2019, 2, 4), (2019, 10, 1), (2020, 1, 24), (2020, 10, 1),
            (2021, 2, 11), (2021, 10, 1), (2022, 1, 31), (2022, 10, 1), (2023, 1, 21), (2023, 9, 29),
            (2024, 2, 10), (2024, 10, 1), (2025, 1, 28), (2025, 10, 1), (2026, 2, 15), (2026, 10, 1),
        ];
        #[rustfmt::skip]
        let make_up_days: &[Ymd] = &[
            (2015, 1, 4), (2015, 2, 15), (2015, 2, 28), (2015, 9, 6), (2015, 10, 10),
            (2016, 2, 6), (2016, 2, 14), (2016, 6, 12), (2016, 9, 18), (2016, 10, 8), (2016, 10, 9),
            (2017, 1, 22), (2017, 2, 4), (2017, 4, 1), (2017, 5, 27), (2017, 9, 30),
            (2018, 2, 11), (2018, 2, 24), (2018, 4, 8), (2018, 4, 28), (2018, 9, 29), (2018, 9, 30),
            (2018, 12, 29), // set by the 2019 notice
            (2019, 2, 2), (2019, 2, 3), (2019, 4, 28), (2019, 5, 5), (2019, 9, 29), (2019, 10, 12),
            (2020, 1, 19), (2020, 4, 26), (2020, 5, 9), (2020, 6, 28), (2020, 9, 27), (2020, 10, 10),
            (2021, 2, 7), (2021, 2, 20), (2021, 4, 25), (2021, 5, 8), (2021, 9, 18), (2021, 9, 26), (2021, 10, 9),
            (2022, 1, 29), (2022, 1, 30), (2022, 4, 2), (2022, 4, 24), (2022, 5, 7), (2022, 10, 8), (2022, 10, 9),
            (2023, 1, 28), (2023, 1, 29), (2023, 4, 23), (2023, 5, 6), (2023, 6, 25), (2023, 10, 7), (2023, 10, 8),
            (2024, 2, 4), (2024, 2, 18), (2024, 4, 7), (2024, 4, 28), (2024, 5, 11), (2024, 9, 14), (2024, 9, 29),
            (2024, 10, 12),
            (2025, 1, 26), (2025, 2, 8), (2025, 4, 27), (2025, 9, 28), (2025, 10, 11),
            (2026, 1, 4), (2026, 2, 14), (2026, 2, 28), (2026, 5, 9), (2026, 9, 20), (2026, 10, 10),
        ];
        for &ymd in first_days_off {
            check(ymd, false);
        }
        for &ymd in make_up_days {
            check(ymd, true);
        }
        check((2015, 9, 3), false); // 抗战胜利70周年, Thursday
        check((2015, 9, 4), false); // its 调休, Friday
        check((2018, 12, 31), false); // Monday, set off by the 2019 notice
        check((2019, 5, 2), false); // 劳动节 as changed by 国办发明电〔2019〕3号
        check((2020, 1, 31), false); // 春节 as extended by 国办发明电〔2020〕1号
        check((2020, 2, 1), false); // Saturday: worked in the first notice, off after the extension
        check((2020, 2, 3), true); // work resumed
        check((2023, 10, 6), false); // Friday inside 中秋节、国庆节
        check((2024, 2, 9), true); // 除夕 2024 was only encouraged as a day off
        check((2025, 2, 5), true); // Wednesday after 春节
        check((2015, 6, 21), false); // Sunday between 端午 and its 补休
    }

    #[test]
    fn day_kinds() {
        fn check(ymd: Ymd, expected: DayKind) {
            assert_eq!(cal().day_kind(date(ymd.0, ymd.1, ymd.2)), Ok(expected), "{ymd:?}");
        }
        check((2024, 9, 29), DayKind::MakeUpWorkday { name: "国庆节" });
        check((2024, 10, 1), DayKind::Holiday { name: "国庆节" });
        check((2024, 10, 8), DayKind::Workday);
        check((2024, 10, 13), DayKind::Weekend);
        check((2018, 12, 29), DayKind::MakeUpWorkday { name: "元旦" });
        check((2022, 12, 31), DayKind::Holiday { name: "元旦" });
        check((2025, 10, 6), DayKind::Holiday { name: "国庆节、中秋节" });
        check((2015, 9, 6), DayKind::MakeUpWorkday { name: "抗战胜利70周年纪念日" });
        check((2016, 1, 2), DayKind::Weekend); // "与周末连休": an ordinary weekend day
    }

    /// LAW.md §16, "N working days after a date", across 国庆 2024 and 春节 2025 with their 调休 weekend days.
    #[test]
    fn working_days_after_a_date() {
        fn check(from: Ymd, n: u32, expected: Ymd) {
            let got = cal().add_working_days(date(from.0, from.1, from.2), n);
            assert_eq!(got, Ok(date(expected.0, expected.1, expected.2)), "{from:?} + {n}");
        }
        check((2024, 9, 27), 0, (2024, 9, 27));
        check((2024, 9, 27), 1, (2024, 9, 29)); // Saturday 28th off, Sunday 29th worked
        check((2024, 9, 27), 2, (2024, 9, 30));
        check((2024, 9, 27), 3, (2024, 10, 8)); // 1–7 October off
        check((2024, 9, 27), 7, (2024, 10, 12)); // Saturday 12 October worked
        check((2024, 9, 27), 8, (2024, 10, 14));
        check((2025, 1, 24), 1, (2025, 1, 26)); // Sunday 26 January worked
        check((2025, 1, 24), 2, (2025, 1, 27));
        check((2025, 1, 24), 3, (2025, 2, 5)); // 28 January – 4 February off
        check((2025, 1, 24), 6, (2025, 2, 8)); // Saturday 8 February worked
        check((2025, 1, 24), 7, (2025, 2, 10));
        check((2024, 10, 3), 1, (2024, 10, 8)); // starting on a day off
        check((2018, 12, 28), 1, (2018, 12, 29)); // the 2019 notice's Saturday in 2018
        check((2018, 12, 28), 2, (2019, 1, 2));
        check((2026, 12, 30), 1, (2026, 12, 31));
    }

    /// 民事诉讼法 第八十五条 (LAW.md §16, "statutory period end").
    #[test]
    fn civil_procedure_law_article_85_period_end() {
        fn check(start: Ymd, days: u32, expected: Ymd) {
            let got = cal().period_end(date(start.0, start.1, start.2), days);
            assert_eq!(got, Ok(date(expected.0, expected.1, expected.2)), "{start:?} + {days} days");
        }
        check((2024, 9, 20), 10, (2024, 9, 30)); // ends on a Monday
        check((2024, 9, 21), 10, (2024, 10, 8)); // ends on 1 October: rolled past 国庆
        check((2024, 9, 27), 15, (2024, 10, 12)); // ends on a 调休 Saturday, a working day: stays
        check((2024, 9, 28), 15, (2024, 10, 14)); // ends on a plain Sunday: Monday
        check((2024, 9, 19), 10, (2024, 9, 29)); // ends on the 调休 Sunday: stays
        check((2025, 1, 20), 10, (2025, 2, 5)); // ends inside 春节: the first day after it
        check((2025, 1, 15), 11, (2025, 1, 26)); // ends on the 调休 Sunday before 春节
        check((2026, 2, 5), 10, (2026, 2, 24)); // 春节 2026, 15–23 February
        check((2024, 10, 1), 0, (2024, 10, 8));
        check((2024, 3, 10), 15, (2024, 3, 25)); // days off inside the period are not added
        check((2022, 12, 20), 11, (2023, 1, 3)); // ends on 31 December 2022, off by the 2023 notice
    }

    #[test]
    fn working_days_between_dates() {
        fn check(from: Ymd, to: Ymd, expected: i64) {
            let got = cal().working_days_between(date(from.0, from.1, from.2), date(to.0, to.1, to.2));
            assert_eq!(got, Ok(expected), "({from:?}, {to:?}]");
        }
        check((2024, 9, 27), (2024, 10, 14), 8);
        check((2024, 10, 14), (2024, 9, 27), -8);
        check((2024, 9, 27), (2024, 9, 27), 0);
        check((2023, 12, 31), (2024, 12, 31), 251); // the 2024 working year
        check((2024, 12, 31), (2025, 12, 31), 248); // the 2025 working year
        check((2015, 1, 1), (2015, 1, 4), 1); // 2–3 January off, Sunday 4 January worked
    }

    #[test]
    fn years_without_data_are_errors() {
        let not_covered = |year| Some(CalendarError::YearNotCovered { year });
        assert_eq!(cal().day_kind(date(2014, 12, 31)).err(), not_covered(2014));
        assert_eq!(cal().is_working_day(date(2027, 1, 1)).err(), not_covered(2027));
        assert_eq!(cal().add_working_days(date(2014, 12, 31), 0).err(), not_covered(2014));
        assert_eq!(cal().add_working_days(date(2026, 12, 30), 2).err(), not_covered(2027));
        assert_eq!(cal().add_working_days(date(2026, 12, 31), 1).err(), not_covered(2027));
        assert_eq!(cal().period_end(date(2026, 12, 20), 30).err(), not_covered(2027));
        assert_eq!(cal().period_end(date(2027, 1, 4), 1).err(), not_covered(2027));
        assert_eq!(cal().working_days_between(date(2014, 12, 31), date(2015, 1, 5)).err(), not_covered(2014));
        assert_eq!(cal().working_days_between(date(2026, 1, 5), date(2027, 1, 5)).err(), not_covered(2027));
        assert_eq!(not_covered(2027).map(|e| e.code()), Some("year_not_covered"));
    }

    #[test]
    fn day_counts_are_bounded() {
        let too_many = Some(CalendarError::TooManyDays { days: DAYS_MAX + 1, max: DAYS_MAX });
        assert_eq!(cal().add_working_days(date(2015, 1, 5), DAYS_MAX + 1).err(), too_many);
        assert_eq!(cal().period_end(date(2015, 1, 5), DAYS_MAX + 1).err(), too_many);
        assert_eq!(cal().period_end(date(2015, 1, 5), u32::MAX).map_err(|e| e.code()), Err("too_many_days"));
        // 2015-01-05 + 3,660 days = Sunday 2025-01-12, rolled to Monday.
        assert_eq!(cal().period_end(date(2015, 1, 5), DAYS_MAX), Ok(date(2025, 1, 13)));
    }

    /// A test notice: struct literals (not function calls) so that the nested slices are promoted to `'static`.
    macro_rules! notice {
        ($year:expr, [$($arrangement:expr),*]) => {
            YearNotice { year: $year, document: "test", arrangements: &[$($arrangement),*] }
        };
    }

    macro_rules! arrangement {
        ($festival:expr, $off:expr, $make_up:expr) => {
            Arrangement { festival: $festival, off: &$off, make_up: &$make_up, source: None }
        };
    }

    #[test]
    fn custom_notices_are_validated() {
        fn check(notices: &[YearNotice], message: &str) {
            match LegalCalendar::from_notices(notices) {
                Err(CalendarError::InvalidData(got)) => {
                    assert!(got.contains(message), "{got:?} / {message:?}")
                }
                other => panic!("expected invalid data ({message}), got {other:?}"),
            }
        }
        check(&[], "no notices");
        check(&[notice!(2030, []), notice!(2032, [])], "without gaps");
        check(&[notice!(2031, []), notice!(2030, [])], "without gaps");
        check(
            &[notice!(2030, [arrangement!("x", [((2031, 1, 1), (2031, 1, 1))], [])])],
            "outside the notice year",
        );
        check(&[notice!(2030, [arrangement!("x", [((2030, 2, 29), (2030, 2, 29))], [])])], "not a date");
        check(&[notice!(2030, [arrangement!("x", [((2030, 5, 5), (2030, 5, 1))], [])])], "reversed");
        check(&[notice!(2030, [arrangement!("x", [], [(2030, 1, 2)])])], "not a Saturday or Sunday");
        check(&[notice!(2030, [arrangement!("x", [((2030, 1, 1), (2030, 1, 6))], [(2030, 1, 5)])])], "both");
        const X: Arrangement = arrangement!("x", [((2030, 1, 1), (2030, 1, 2))], []);
        const Y: Arrangement = arrangement!("y", [((2030, 1, 2), (2030, 1, 2))], []);
        check(&[notice!(2030, [X, Y])], "twice");
        check(
            &[notice!(2030, [arrangement!("x", [((2029, 12, 31), (2030, 1, 1))], [])])],
            "outside the covered years",
        );
        check(&[notice!(2030, [arrangement!(" ", [], [])])], "no festival name");
        let error = LegalCalendar::from_notices(&[]).map(|_| ()).map_err(|e| e.code());
        assert_eq!(error, Err("invalid_data"));
    }

    #[test]
    fn custom_notices_build_a_calendar() {
        // 2030-01-01 is a Tuesday; 2029-12-29 a Saturday.
        let notices = [
            notice!(2029, []),
            notice!(2030, [arrangement!("元旦", [((2029, 12, 31), (2030, 1, 1))], [(2029, 12, 29)])]),
        ];
        let calendar = LegalCalendar::from_notices(&notices).expect("valid notices");
        assert_eq!(calendar.years(), 2029..=2030);
        assert_eq!(calendar.day_kind(date(2029, 12, 29)), Ok(DayKind::MakeUpWorkday { name: "元旦" }));
        assert_eq!(calendar.day_kind(date(2029, 12, 31)), Ok(DayKind::Holiday { name: "元旦" }));
        assert_eq!(calendar.add_working_days(date(2029, 12, 28), 2), Ok(date(2030, 1, 2)));
        assert_eq!(calendar.period_end(date(2029, 12, 30), 1), Ok(date(2030, 1, 2)));
        assert_eq!(calendar.day_kind(date(2031, 1, 1)), Err(CalendarError::YearNotCovered { year: 2031 }));
    }

    /// Dates from 2015-01-01 through 2025-06-30, so that 250 working days later is still covered: a year holds
    /// about 250 working days, and from the last days of 2025 they run into 2027, which the calendar does not
    /// cover yet.
    fn covered_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..3_834).prop_map(|offset| date(2015, 1, 1) + Days::new(offset))
    }

    proptest! {
        #[test]
        fn add_working_days_lands_on_the_nth_working_day(day in covered_date(), n in 0u32..=250) {
            let result = cal().add_working_days(day, n);
            prop_assert!(result.is_ok(), "{result:?}");
            let end = result.unwrap_or(day);
            prop_assert_eq!(cal().working_days_between(day, end), Ok(i64::from(n)));
            if n >= 1 {
                prop_assert_eq!(cal().is_working_day(end), Ok(true));
            } else {
                prop_assert_eq!(end, day);
            }
        }

        #[test]
        fn period_end_is_the_first_working_day_from_start_plus_days(day in covered_date(), days in 0u32..=250) {
            let result = cal().period_end(day, days);
            prop_assert!(result.is_ok(), "{result:?}");
            let end = result.unwrap_or(day);
            let nominal = day + Days::new(days.into());
            prop_assert!(end >= nominal);
            prop_assert_eq!(cal().is_working_day(end), Ok(true));
            for skipped in nominal.iter_days().take_while(|d| *d < end) {
                prop_assert_eq!(cal().is_working_day(skipped), Ok(false));
            }
        }
    }
}
