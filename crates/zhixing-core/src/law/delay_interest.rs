//! 加倍部分债务利息 (the doubled part of interest on debt for delayed performance), LAW.md §5.
//!
//! 最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释 (2014): the unpaid money debt
//! (excluding 一般债务利息) × 日万分之一点七五 × the days of delay. The rate is kept as an exact rational
//! (175 per million) and the product rounded half-up to the 分 once (LAW.md §16).

use chrono::NaiveDate;

use crate::money::{Amount, round_half_up};

/// 日万分之一点七五 = 175 / 1,000,000 per day.
pub const DAILY_RATE_PER_MILLION: i64 = 175;

/// Longest period of delay computed: 100 years (36,525 days). A longer one is a data-entry error.
pub const DELAY_DAYS_MAX: i64 = 36_525;

/// Days of delay and the 加倍部分债务利息 they produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DelayInterest {
    pub days: i64,
    pub interest: Amount,
}

/// Why the doubled delay interest could not be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DelayInterestError {
    #[error("payment date is before the due date / 履行日期早于履行期间届满之日")]
    PaidBeforeDue,
    #[error("period of delay is longer than 100 years / 迟延履行期间超过一百年")]
    TooManyDays,
    #[error("interest is out of range / 利息金额超出范围")]
    OutOfRange,
}

impl DelayInterestError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            DelayInterestError::PaidBeforeDue => "paid_before_due",
            DelayInterestError::TooManyDays => "too_many_days",
            DelayInterestError::OutOfRange => "out_of_range",
        }
    }
}

/// 加倍部分债务利息: unpaid × 0.000175 × days; days = paid − due (the due date not counted). 最高人民法院关于执行程序中
/// 计算迟延履行期间的债务利息适用法律若干问题的解释 (2014) 第一条, 第二条, 第三条; rounding per LAW.md §16.
///
/// `unpaid` is the money debt fixed by the legal document, excluding 一般债务利息 (第一条); `due` is the day the
/// period of performance expires (履行期间届满之日, 第二条); `paid` is the day of performance, transfer, or the
/// ruling that takes effect (第三条). Paying on the due date gives 0 days and 0.00.
pub fn doubled_delay_interest(
    unpaid: Amount,
    due: NaiveDate,
    paid: NaiveDate,
) -> Result<DelayInterest, DelayInterestError> {
    let days = paid.signed_duration_since(due).num_days();
    if days < 0 {
        return Err(DelayInterestError::PaidBeforeDue);
    }
    if days > DELAY_DAYS_MAX {
        return Err(DelayInterestError::TooManyDays);
    }
    // At most 10^15 × 175 × 36,525 ≈ 6.4 × 10^21: well inside i128.
    let product = i128::from(unpaid.fen()) * i128::from(DAILY_RATE_PER_MILLION) * i128::from(days);
    let interest_fen = round_half_up(product, 1_000_000);
    let interest_fen = i64::try_from(interest_fen).map_err(|_| DelayInterestError::OutOfRange)?;
    let interest = Amount::from_fen(interest_fen).map_err(|_| DelayInterestError::OutOfRange)?;
    Ok(DelayInterest { days, interest })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::AMOUNT_FEN_MAX;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn check(unpaid_yuan: &str, due: &str, paid: &str, expected: Result<(i64, &str), DelayInterestError>) {
        let unpaid = Amount::parse_yuan(unpaid_yuan).unwrap();
        let result = doubled_delay_interest(unpaid, date(due), date(paid));
        let result = result.map(|r| (r.days, r.interest.to_string()));
        let expected = expected.map(|(days, interest)| (days, interest.to_owned()));
        assert_eq!(result, expected, "{unpaid_yuan} due {due} paid {paid}");
    }

    #[test]
    fn doubled_interest_interpretation_2014_articles_1_to_3() {
        // LAW.md §5 worked example and §16.
        check("100000.00", "2024-03-10", "2024-06-08", Ok((90, "1575.00")));
        // Paid on the due date: the due date itself is not counted.
        check("100000.00", "2024-03-10", "2024-03-10", Ok((0, "0.00")));
        check("100000.00", "2024-03-10", "2024-03-11", Ok((1, "17.50")));
        // Leap years: 2024-02-29 is counted, 2023-02 has no 29th.
        check("10000.00", "2024-02-28", "2024-03-01", Ok((2, "3.50")));
        check("10000.00", "2023-02-28", "2023-03-01", Ok((1, "1.75")));
        check("10000.00", "2023-12-31", "2024-12-31", Ok((366, "640.50")));
        check("10000.00", "2022-12-31", "2023-12-31", Ok((365, "638.75")));
        // Rounding half-up to the 分.
        check("0.01", "2024-01-01", "2024-01-02", Ok((1, "0.00"))); // 0.000175 分
        check("200.00", "2024-01-01", "2024-01-02", Ok((1, "0.04"))); // exactly 3.5 分 rounds up
        check("5.00", "2024-01-01", "2024-02-10", Ok((40, "0.04"))); // exactly 3.5 分 rounds up
        check("199.99", "2024-01-01", "2024-01-02", Ok((1, "0.03"))); // 3.499825 分
        check("0.00", "2024-01-01", "2025-01-01", Ok((366, "0.00")));
        // Errors.
        check("100.00", "2024-03-10", "2024-03-09", Err(DelayInterestError::PaidBeforeDue));
        check("100.00", "1900-01-01", "2001-01-01", Err(DelayInterestError::TooManyDays));
    }

    #[test]
    fn doubled_interest_bounds() {
        let max = Amount::from_fen(AMOUNT_FEN_MAX).unwrap();
        let due = date("2000-01-01");
        let longest = due + chrono::Days::new(DELAY_DAYS_MAX as u64);
        assert_eq!(doubled_delay_interest(max, due, longest), Err(DelayInterestError::OutOfRange));
        let result = doubled_delay_interest(Amount::parse_yuan("100000.00").unwrap(), due, longest).unwrap();
        assert_eq!((result.days, result.interest.to_string().as_str()), (36_525, "639187.50"));
        assert_eq!(DelayInterestError::PaidBeforeDue.code(), "paid_before_due");
    }
}
