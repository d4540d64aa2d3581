//! Money (金额): amounts in integer 分 (fen), never floating point.
//!
//! An [`Amount`] always lies in `0..=AMOUNT_FEN_MAX`: it comes from [`Amount::parse_yuan`] or
//! [`Amount::from_fen`], and sums and differences are checked. Rounding is explicit and named
//! ([`round_half_up`], LAW.md §16); pro-rata splits use the largest-remainder method so that the parts
//! always add up to the whole (DESIGN.md §5). [`Amount::to_chinese_capitals`] writes 大写金额 as the
//! 支付结算办法 does, with the choices of LAW.md §16.

use std::fmt;

use crate::ids::fold_full_width;
use crate::limits::AMOUNT_FEN_MAX;

/// An amount of money in integer 分 (fen), never floating point. Non-negative amounts only come from parse; sums
/// and differences are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

/// Why a yuan string, a fen count or a split was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("amount is empty / 金额为空")]
    Empty,
    #[error("amount is too long / 金额过长")]
    TooLong,
    #[error("amount is not a number such as 12 or 12.50 / 金额格式错误")]
    NotANumber,
    #[error("amount is negative / 金额不能为负数")]
    Negative,
    #[error("amount must not carry a plus sign / 金额不能带正号")]
    PlusSign,
    #[error("amount has more than two decimals / 金额最多保留两位小数")]
    TooManyDecimals,
    #[error("amount is out of range / 金额超出范围")]
    OutOfRange,
    #[error("no weights to split by / 分配比例为空")]
    EmptyWeights,
    #[error("all weights are zero / 分配比例全部为零")]
    ZeroWeights,
    #[error("a weight is negative / 分配比例不能为负数")]
    NegativeWeight,
}

impl AmountError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AmountError::Empty => "empty",
            AmountError::TooLong => "too_long",
            AmountError::NotANumber => "not_a_number",
            AmountError::Negative => "negative",
            AmountError::PlusSign => "plus_sign",
            AmountError::TooManyDecimals => "too_many_decimals",
            AmountError::OutOfRange => "out_of_range",
            AmountError::EmptyWeights => "empty_weights",
            AmountError::ZeroWeights => "zero_weights",
            AmountError::NegativeWeight => "negative_weight",
        }
    }
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// The largest amount accepted anywhere ([`AMOUNT_FEN_MAX`] 分).
    pub const MAX: Amount = Amount(AMOUNT_FEN_MAX);

    /// An amount of `fen` 分, in `0..=AMOUNT_FEN_MAX`.
    pub const fn from_fen(fen: i64) -> Result<Amount, AmountError> {
        if fen < 0 {
            return Err(AmountError::Negative);
        }
        if fen > AMOUNT_FEN_MAX {
            return Err(AmountError::OutOfRange);
        }
        Ok(Amount(fen))
    }

    /// The amount in 分.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Yuan string: ASCII or full-width digits, optional surrounding whitespace, at most two decimals
    /// ("12", "12.5", "12.50"); rejects more decimals, a sign (negative or '+'), empty, non-numbers, "1.", ".5",
    /// separators like "1,000", exponents, and amounts above AMOUNT_FEN_MAX (overflow). Leading zeros are
    /// accepted ("007.00" is 7.00).
    pub fn parse_yuan(input: &str) -> Result<Amount, AmountError> {
        // Bound the input before any work proportional to its length.
        if input.len() > YUAN_INPUT_BYTES_MAX {
            return Err(AmountError::TooLong);
        }
        let folded = fold_full_width(input);
        let text = folded.trim();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if text.starts_with('-') {
            return Err(AmountError::Negative);
        }
        if text.starts_with('+') {
            return Err(AmountError::PlusSign);
        }
        let (whole, decimals) = match text.split_once('.') {
            Some((whole, decimals)) => (whole, decimals),
            None => (text, "00"),
        };
        if !is_digits(whole) || !is_digits(decimals) {
            return Err(AmountError::NotANumber);
        }
        if decimals.len() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        let yuan = digits_value(whole).ok_or(AmountError::OutOfRange)?;
        let mut fen_part = digits_value(decimals).ok_or(AmountError::OutOfRange)?;
        if decimals.len() == 1 {
            fen_part *= 10;
        }
        let fen =
            yuan.checked_mul(100).and_then(|f| f.checked_add(fen_part)).ok_or(AmountError::OutOfRange)?;
        Amount::from_fen(fen)
    }

    /// `self + other`, or `None` above [`AMOUNT_FEN_MAX`].
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).and_then(|fen| Amount::from_fen(fen).ok())
    }

    /// `self - other`, or `None` below zero.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).and_then(|fen| Amount::from_fen(fen).ok())
    }

    /// 大写金额, as the 支付结算办法 writes it with the choices of LAW.md §16 (amounts in Chinese capitals):
    /// 壹拾 for every tens digit 1; one 零 for each run of zeros between non-zero digits, across 万 and 亿 too;
    /// 整 after 元 when 角 and 分 are both zero; 角 directly after 元; 零 before 分 when 角 is zero; below one
    /// yuan no 元 and no 零; 0.00 → 零元整.
    pub fn to_chinese_capitals(self) -> String {
        let yuan = self.0 / 100;
        let jiao = (self.0 / 10 % 10) as usize;
        let fen = (self.0 % 10) as usize;
        let mut out = String::new();
        if yuan == 0 && jiao == 0 && fen == 0 {
            return "零元整".to_owned();
        }
        if yuan > 0 {
            push_yuan_capitals(&mut out, yuan);
            out.push('元');
            if jiao == 0 && fen == 0 {
                out.push('整');
                return out;
            }
            if jiao == 0 {
                out.push('零');
            }
        }
        if jiao > 0 {
            out.push(CAPITAL_DIGITS[jiao]);
            out.push('角');
        }
        if fen > 0 {
            out.push(CAPITAL_DIGITS[fen]);
            out.push('分');
        }
        out
    }

    /// Splits into parts proportional to `weights` by the largest-remainder method, so the parts add up to self
    /// exactly (ties to the earlier index). Errors on empty, negative or all-zero weights.
    pub fn split_pro_rata(self, weights: &[i64]) -> Result<Vec<Amount>, AmountError> {
        if weights.is_empty() {
            return Err(AmountError::EmptyWeights);
        }
        if weights.iter().any(|&w| w < 0) {
            return Err(AmountError::NegativeWeight);
        }
        // i128 throughout: a sum of i64 weights, and amount × weight (< 2^50 × 2^63), both fit.
        let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
        if total == 0 {
            return Err(AmountError::ZeroWeights);
        }
        let whole = i128::from(self.0);
        let mut floors = Vec::with_capacity(weights.len());
        let mut remainders = Vec::with_capacity(weights.len());
        for &w in weights {
            let share = whole * i128::from(w);
            floors.push(share / total);
            remainders.push(share % total);
        }
        let mut leftover = whole - floors.iter().sum::<i128>();
        let mut order: Vec<usize> = (0..weights.len()).collect();
        // Stable sort: equal remainders keep index order, so ties go to the earlier index.
        order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
        for index in order {
            if leftover == 0 {
                break;
            }
            floors[index] += 1;
            leftover -= 1;
        }
        // Each part lies in 0..=self, so it converts back without loss.
        Ok(floors.into_iter().map(|fen| Amount(fen as i64)).collect())
    }
}

impl fmt::Display for Amount {
    /// Yuan with always two decimals: "1751.85", "0.00", "1575.00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// Rounds a rational number of fen (numerator/denominator, both ≥ 0, denominator > 0) half-up to whole fen
/// (LAW.md §16: results of fee and interest rounded half-up to the 分). A negative numerator rounds ties
/// towards positive infinity.
///
/// # Panics
/// When `denominator` is not positive: a programmer error, never input.
pub fn round_half_up(numerator: i128, denominator: i128) -> i128 {
    assert!(denominator > 0, "round_half_up: denominator must be positive");
    let quotient = numerator.div_euclid(denominator);
    let remainder = numerator.rem_euclid(denominator);
    // remainder ≥ denominator / 2, written without 2 × remainder so it cannot overflow.
    if remainder >= denominator - remainder { quotient + 1 } else { quotient }
}

/// Longest yuan input in bytes: the largest amount is 17 characters ("10000000000000.00"), 51 bytes in
/// full-width digits, which leaves room for surrounding whitespace and leading zeros.
const YUAN_INPUT_BYTES_MAX: usize = 128;

/// 零 to 玖.
const CAPITAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Units inside a 4-digit section, for the 千, 百, 十 and units positions.
const POSITION_UNITS: [&str; 4] = ["仟", "佰", "拾", ""];

/// Non-empty ASCII digits only.
fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a string of ASCII digits, or `None` once it exceeds AMOUNT_FEN_MAX (so it cannot overflow).
fn digits_value(digits: &str) -> Option<i64> {
    let mut value: i64 = 0;
    for b in digits.bytes() {
        value = value * 10 + i64::from(b - b'0');
        if value > AMOUNT_FEN_MAX {
            return None;
        }
    }
    Some(value)
}

/// Writes a positive whole number of yuan (below 10^16) in capitals, without the 元.
///
/// The number is read as 4-digit sections from the top: 万亿 (written 万 then 亿), 亿, 万, and the units
/// section. Each non-zero digit is written with its position unit (仟佰拾); a run of zeros is remembered and
/// becomes one 零 only when a non-zero digit follows, whether or not the run crosses a section boundary, so
/// trailing zeros give nothing. After a section, its unit is written if the section is non-zero; 亿 is also
/// written after an all-zero 亿 section when the 万亿 section above it is non-zero (1,0000,0000,0000 → 壹万亿).
fn push_yuan_capitals(out: &mut String, yuan: i64) {
    let sections =
        [yuan / 1_0000_0000_0000, yuan / 1_0000_0000 % 1_0000, yuan / 1_0000 % 1_0000, yuan % 1_0000];
    let mut started = false;
    let mut zero_pending = false;
    for (index, &section) in sections.iter().enumerate() {
        let digits = [section / 1000, section / 100 % 10, section / 10 % 10, section % 10];
        for (position, &digit) in digits.iter().enumerate() {
            if digit == 0 {
                zero_pending = started;
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push(CAPITAL_DIGITS[digit as usize]);
            out.push_str(POSITION_UNITS[position]);
            started = true;
        }
        match index {
            0 if section > 0 => out.push('万'),
            1 if section > 0 || sections[0] > 0 => out.push('亿'),
            2 if section > 0 => out.push('万'),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fen(fen: i64) -> Amount {
        Amount::from_fen(fen).unwrap()
    }

    #[test]
    fn parse_yuan_accepts_and_refuses() {
        fn check(input: &str, expected: Result<i64, AmountError>) {
            assert_eq!(Amount::parse_yuan(input).map(Amount::fen), expected, "input {input:?}");
        }
        check("12", Ok(1200));
        check("12.5", Ok(1250));
        check("12.50", Ok(1250));
        check("12.05", Ok(1205));
        check("0", Ok(0));
        check("0.00", Ok(0));
        check("0.01", Ok(1));
        check("  123456.78 ", Ok(12_345_678));
        check("007.00", Ok(700));
        check("１２３．４５", Ok(12_345));
        check("\u{3000}１００\u{3000}", Ok(10_000));
        check("10000000000000", Ok(AMOUNT_FEN_MAX));
        check("10000000000000.00", Ok(AMOUNT_FEN_MAX));
        check("10000000000000.01", Err(AmountError::OutOfRange));
        check("10000000000001", Err(AmountError::OutOfRange));
        check("99999999999999999999999999", Err(AmountError::OutOfRange));
        check("", Err(AmountError::Empty));
        check("   ", Err(AmountError::Empty));
        check("-1", Err(AmountError::Negative));
        check("－1", Err(AmountError::Negative));
        check("-0", Err(AmountError::Negative));
        check("+1", Err(AmountError::PlusSign));
        check("1.234", Err(AmountError::TooManyDecimals));
        check("1.", Err(AmountError::NotANumber));
        check(".5", Err(AmountError::NotANumber));
        check(".", Err(AmountError::NotANumber));
        check("1,000", Err(AmountError::NotANumber));
        check("1 000", Err(AmountError::NotANumber));
        check("1e5", Err(AmountError::NotANumber));
        check("1.2.3", Err(AmountError::NotANumber));
        check("abc", Err(AmountError::NotANumber));
        check("١٢", Err(AmountError::NotANumber));
        check("12元", Err(AmountError::NotANumber));
        check(&"1".repeat(200), Err(AmountError::TooLong));
    }

    #[test]
    fn from_fen_range() {
        assert_eq!(Amount::from_fen(0), Ok(Amount::ZERO));
        assert_eq!(Amount::from_fen(AMOUNT_FEN_MAX), Ok(Amount::MAX));
        assert_eq!(Amount::from_fen(-1), Err(AmountError::Negative));
        assert_eq!(Amount::from_fen(AMOUNT_FEN_MAX + 1), Err(AmountError::OutOfRange));
    }

    #[test]
    fn display_has_two_decimals() {
        fn check(fen_count: i64, expected: &str) {
            assert_eq!(fen(fen_count).to_string(), expected);
        }
        check(0, "0.00");
        check(5, "0.05");
        check(50, "0.50");
        check(157_500, "1575.00");
        check(175_185, "1751.85");
        check(AMOUNT_FEN_MAX, "10000000000000.00");
    }

    #[test]
    fn checked_arithmetic_stays_in_range() {
        assert_eq!(fen(1).checked_add(fen(2)), Some(fen(3)));
        assert_eq!(Amount::MAX.checked_add(fen(0)), Some(Amount::MAX));
        assert_eq!(Amount::MAX.checked_add(fen(1)), None);
        assert_eq!(fen(3).checked_sub(fen(3)), Some(Amount::ZERO));
        assert_eq!(fen(3).checked_sub(fen(4)), None);
    }

    #[test]
    fn amounts_in_chinese_capitals_law_16() {
        fn check(yuan: &str, expected: &str) {
            let amount = Amount::parse_yuan(yuan).unwrap();
            assert_eq!(amount.to_chinese_capitals(), expected, "amount {yuan}");
        }
        // Every example LAW.md §16 gives.
        check("10", "壹拾元整");
        check("110", "壹佰壹拾元整");
        check("1005", "壹仟零伍元整");
        check("100100", "壹拾万零壹佰元整");
        check("100000010", "壹亿零壹拾元整");
        check("1010101.01", "壹佰零壹万零壹佰零壹元零壹分");
        check("100.50", "壹佰元伍角");
        check("10000000.10", "壹仟万元壹角");
        check("1.05", "壹元零伍分");
        check("1000.01", "壹仟元零壹分");
        check("0.05", "伍分");
        check("0.50", "伍角");
        check("0.00", "零元整");
        // More that follow the same rules.
        check("1", "壹元整");
        check("15", "壹拾伍元整");
        check("15.35", "壹拾伍元叁角伍分");
        check("0.15", "壹角伍分");
        check("0.01", "壹分");
        check("101", "壹佰零壹元整");
        check("1001", "壹仟零壹元整");
        check("1010", "壹仟零壹拾元整");
        check("1680.32", "壹仟陆佰捌拾元叁角贰分");
        check("10000", "壹万元整");
        check("10001", "壹万零壹元整");
        check("10010", "壹万零壹拾元整");
        check("11000", "壹万壹仟元整");
        check("101000", "壹拾万零壹仟元整");
        check("110000", "壹拾壹万元整");
        check("1000000", "壹佰万元整");
        check("1000100", "壹佰万零壹佰元整");
        check("12345678.90", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角");
        check("100000000", "壹亿元整");
        check("100000001", "壹亿零壹元整");
        check("100100000", "壹亿零壹拾万元整");
        check("110000000", "壹亿壹仟万元整");
        check("1000000000", "壹拾亿元整");
        check("1000010000", "壹拾亿零壹万元整");
        check("999999999999", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整");
        check("1000000000000", "壹万亿元整");
        check("1000000000001", "壹万亿零壹元整");
        check("1000100000000", "壹万零壹亿元整");
        check("1234500000000", "壹万贰仟叁佰肆拾伍亿元整");
        check("1010000000000", "壹万零壹佰亿元整");
        check("9999999999999.99", "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
        check("10000000000000", "壹拾万亿元整");
    }

    #[test]
    fn split_pro_rata_largest_remainder() {
        fn check(whole: i64, weights: &[i64], expected: Result<Vec<i64>, AmountError>) {
            let parts = fen(whole).split_pro_rata(weights).map(|p| p.into_iter().map(Amount::fen).collect());
            assert_eq!(parts, expected, "{whole} by {weights:?}");
        }
        check(100, &[1, 1, 1], Ok(vec![34, 33, 33]));
        check(200, &[1, 1, 1], Ok(vec![67, 67, 66]));
        check(100, &[1, 2], Ok(vec![33, 67]));
        check(101, &[1, 1], Ok(vec![51, 50]));
        check(10, &[0, 5, 5], Ok(vec![0, 5, 5]));
        check(0, &[3, 7], Ok(vec![0, 0]));
        check(7, &[1], Ok(vec![7]));
        check(AMOUNT_FEN_MAX, &[i64::MAX, i64::MAX, 1], Ok(vec![AMOUNT_FEN_MAX / 2, AMOUNT_FEN_MAX / 2, 0]));
        check(100, &[], Err(AmountError::EmptyWeights));
        check(100, &[0, 0], Err(AmountError::ZeroWeights));
        check(100, &[1, -1], Err(AmountError::NegativeWeight));
    }

    #[test]
    fn round_half_up_to_the_fen() {
        fn check(numerator: i128, denominator: i128, expected: i128) {
            assert_eq!(round_half_up(numerator, denominator), expected, "{numerator}/{denominator}");
        }
        check(0, 7, 0);
        check(4, 10, 0);
        check(5, 10, 1);
        check(15, 10, 2);
        check(25, 10, 3);
        check(149, 100, 1);
        check(150, 100, 2);
        check(1, 3, 0);
        check(2, 3, 1);
        check(-5, 10, 0);
        check(-6, 10, -1);
        check(i128::MAX, i128::MAX, 1);
        check(i128::MAX - 1, i128::MAX, 1);
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(AmountError::TooManyDecimals.code(), "too_many_decimals");
        assert_eq!(AmountError::OutOfRange.code(), "out_of_range");
        assert!(AmountError::Negative.to_string().contains("金额不能为负数"));
    }

    proptest! {
        #[test]
        fn parse_round_trips_through_display(fen_count in 0..=AMOUNT_FEN_MAX) {
            let amount = fen(fen_count);
            prop_assert_eq!(Amount::parse_yuan(&amount.to_string()), Ok(amount));
        }

        #[test]
        fn parse_never_panics(input in "\\PC{0,40}") {
            if let Ok(amount) = Amount::parse_yuan(&input) {
                prop_assert_eq!(Amount::parse_yuan(&amount.to_string()), Ok(amount));
            }
        }

        #[test]
        fn capitals_never_empty(fen_count in 0..=AMOUNT_FEN_MAX) {
            prop_assert!(!fen(fen_count).to_chinese_capitals().is_empty());
        }

        #[test]
        fn split_pro_rata_sums_and_stays_within_a_fen(
            whole in 0..=AMOUNT_FEN_MAX,
            weights in proptest::collection::vec(0..1_000_000_000_i64, 1..20),
        ) {
            let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
            prop_assume!(total > 0);
            let parts = fen(whole).split_pro_rata(&weights).unwrap();
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().map(|p| i128::from(p.fen())).sum::<i128>(), i128::from(whole));
            for (part, &w) in parts.iter().zip(&weights) {
                // |part − whole × w / total| < 1, i.e. |part × total − whole × w| < total.
                let gap = i128::from(part.fen()) * total - i128::from(whole) * i128::from(w);
                prop_assert!(gap.abs() < total, "part {part} weight {w}");
            }
        }
    }
}
