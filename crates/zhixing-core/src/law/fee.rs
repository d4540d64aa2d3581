//! 申请执行费 (application fee for enforcement): 诉讼费用交纳办法 第十四条第(一)项 (LAW.md §6).
//!
//! Exact integer arithmetic: each bracket's part is multiplied by its rate in thousandths, the sum is kept in
//! thousandths of a 分 (i128), and rounded half-up to the 分 once at the end (LAW.md §16).

use crate::money::{Amount, round_half_up};

/// 申请执行费 for an amount: 诉讼费用交纳办法 第十四条第(一)项, progressive over the brackets (LAW.md §6), rounded half-up to the 分.
///
/// Up to 10,000 yuan (zero included) the fee is 50 yuan per case; above it, 1.5% of the part from 10,000 to
/// 500,000, 1% of the part to 5,000,000, 0.5% of the part to 10,000,000 and 0.1% of the part above.
/// A case without an amount or value uses [`application_fee_without_amount_range`] instead.
pub fn application_fee(amount: Amount) -> Amount {
    let amount_fen = i128::from(amount.fen());
    let mut fee_thousandths = FLAT_FEE_FEN * 1000;
    for &(lower_fen, upper_fen, rate_thousandths) in &BRACKETS {
        let part_fen = amount_fen.clamp(lower_fen, upper_fen) - lower_fen;
        fee_thousandths += part_fen * rate_thousandths;
    }
    let fee_fen = round_half_up(fee_thousandths, 1000);
    // The fee is at most 0.1% of the amount plus 67,400 yuan, far below AMOUNT_FEN_MAX.
    Amount::from_fen(fee_fen as i64).unwrap_or(Amount::MAX)
}

/// Without an amount or value (没有执行金额或者价额): 50–500 yuan per case, 诉讼费用交纳办法 第十四条第(一)项:
/// returns the range (lowest, highest); the court fixes the fee within it.
pub fn application_fee_without_amount_range() -> (Amount, Amount) {
    (FEE_WITHOUT_AMOUNT_MIN, FEE_WITHOUT_AMOUNT_MAX)
}

/// 50 yuan: the least fee for a case without an amount (checked when compiling).
const FEE_WITHOUT_AMOUNT_MIN: Amount = match Amount::from_fen(50 * 100) {
    Ok(fee) => fee,
    Err(_) => panic!("50 yuan is a valid amount"),
};

/// 500 yuan: the greatest fee for a case without an amount (checked when compiling).
const FEE_WITHOUT_AMOUNT_MAX: Amount = match Amount::from_fen(500 * 100) {
    Ok(fee) => fee,
    Err(_) => panic!("500 yuan is a valid amount"),
};

/// The flat fee for amounts up to 10,000 yuan: 50 yuan, in 分.
const FLAT_FEE_FEN: i128 = 50 * FEN_PER_YUAN;

/// Brackets above 10,000 yuan: (lower bound in 分, upper bound in 分, rate in thousandths).
const BRACKETS: [(i128, i128, i128); 4] = [
    (10_000 * FEN_PER_YUAN, 500_000 * FEN_PER_YUAN, 15),
    (500_000 * FEN_PER_YUAN, 5_000_000 * FEN_PER_YUAN, 10),
    (5_000_000 * FEN_PER_YUAN, 10_000_000 * FEN_PER_YUAN, 5),
    (10_000_000 * FEN_PER_YUAN, i128::MAX, 1),
];

const FEN_PER_YUAN: i128 = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::AMOUNT_FEN_MAX;
    use proptest::prelude::*;

    fn check(amount_yuan: &str, fee_yuan: &str) {
        let amount = Amount::parse_yuan(amount_yuan).unwrap();
        assert_eq!(application_fee(amount).to_string(), fee_yuan, "amount {amount_yuan}");
    }

    #[test]
    fn fee_schedule_article_14_item_1() {
        // LAW.md §16 checks.
        check("10000.00", "50.00");
        check("100000.00", "1400.00");
        check("123456.78", "1751.85");
        check("1000000.00", "12400.00");
        // LAW.md §6 checks.
        check("10000", "50.00");
        check("100000", "1400.00");
        check("500000", "7400.00");
        check("5000000", "52400.00");
        check("10000000", "77400.00");
        check("20000000", "87400.00");
        // Small amounts, and rounding to the 分.
        check("0", "50.00");
        check("0.01", "50.00");
        check("9999.99", "50.00");
        check("10000.01", "50.00"); // 50 + 0.01 × 1.5% = 50.00015
        check("10000.33", "50.00"); // 50.00495
        check("10000.34", "50.01"); // 50.0051
        check("10000.99", "50.01"); // 50.01485
        check("500000.01", "7400.00"); // 7,400.0001
        check("10000000.50", "77400.00"); // 77,400.0005: the 0.1% bracket rounds down
        check("10000005.00", "77400.01"); // 77,400.005: exactly half a 分 rounds up
        check("10000000000000", "10000067400.00");
    }

    #[test]
    fn fee_without_amount_article_14_item_1() {
        let (low, high) = application_fee_without_amount_range();
        assert_eq!((low.to_string().as_str(), high.to_string().as_str()), ("50.00", "500.00"));
    }

    /// The closed forms of LAW.md §6 (yuan X): 50; 0.015X − 100; 0.01X + 2,400; 0.005X + 27,400;
    /// 0.001X + 67,400 — here in thousandths of a 分, with X in 分.
    fn closed_form_thousandths(x_fen: i128) -> i128 {
        match x_fen {
            ..=1_000_000 => 5_000_000,
            1_000_001..=50_000_000 => 15 * x_fen - 10_000_000,
            50_000_001..=500_000_000 => 10 * x_fen + 240_000_000,
            500_000_001..=1_000_000_000 => 5 * x_fen + 2_740_000_000,
            _ => x_fen + 6_740_000_000,
        }
    }

    proptest! {
        #[test]
        fn fee_matches_closed_forms_article_14_item_1(fen in 0..=AMOUNT_FEN_MAX) {
            let fee = application_fee(Amount::from_fen(fen).unwrap());
            let expected = round_half_up(closed_form_thousandths(i128::from(fen)), 1000);
            prop_assert_eq!(i128::from(fee.fen()), expected);
        }

        #[test]
        fn fee_is_monotone_article_14_item_1(a in 0..=AMOUNT_FEN_MAX, b in 0..=AMOUNT_FEN_MAX) {
            let (low, high) = (a.min(b), a.max(b));
            let fee = |fen| application_fee(Amount::from_fen(fen).unwrap());
            prop_assert!(fee(low) <= fee(high));
        }

        #[test]
        fn fee_closed_forms_near_bracket_bounds(offset in -1_000_i64..=1_000, bound in 0_usize..4) {
            let bounds = [1_000_000_i64, 50_000_000, 500_000_000, 1_000_000_000];
            let fen = (bounds[bound] + offset).max(0);
            let fee = application_fee(Amount::from_fen(fen).unwrap());
            let expected = round_half_up(closed_form_thousandths(i128::from(fen)), 1000);
            prop_assert_eq!(i128::from(fee.fen()), expected);
        }
    }
}
