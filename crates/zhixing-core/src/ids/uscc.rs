//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! A [`Uscc`] can only hold a code that is valid under the convention of LAW.md §16: 18 characters of the
//! code's alphabet, positions 3–8 digits, and a correct check character (§14.2). The 组织机构代码 embedded
//! in positions 9–17 has its own check (GB 11714); real registers hold codes that fail it, so it is
//! reported by [`Uscc::org_code_check`] and never makes a code invalid.

use std::fmt;
use std::str::FromStr;

use super::fold_full_width;

/// The 31 characters of the code, in value order (I, O, Z, S, V excluded). LAW.md §14.2.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Longest input looked at, in characters. A code is 18 characters; 64 leaves room for spaces and
/// full-width forms while keeping the work done on hostile input bounded.
pub const INPUT_CHARS_MAX: usize = 64;

/// A valid 统一社会信用代码, held in its normalized form (upper case, ASCII, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc {
    code: String,
}

/// Why an input is not a valid 统一社会信用代码.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("unified social credit code is empty / 统一社会信用代码为空")]
    Empty,
    #[error(
        "unified social credit code input longer than {INPUT_CHARS_MAX} characters / 统一社会信用代码输入过长"
    )]
    TooLong,
    #[error("unified social credit code has {len} characters, expected 18 / 统一社会信用代码位数错误")]
    BadLength { len: usize },
    /// `position` counts from 1 in the normalized code (spaces removed).
    #[error(
        "unified social credit code has an invalid character at position {position} / 统一社会信用代码第{position}位字符错误"
    )]
    BadCharacter { position: usize },
    /// Positions 3–8 (登记管理机关行政区划码) must be digits.
    #[error(
        "unified social credit code region code has a non-digit at position {position} / 统一社会信用代码第{position}位应为数字"
    )]
    RegionNotDigits { position: usize },
    #[error("check character mismatch: expected {expected}, found {found} / 校验码错误")]
    CheckMismatch { expected: char, found: char },
}

impl UsccError {
    /// Stable machine-readable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "uscc_empty",
            Self::TooLong => "uscc_too_long",
            Self::BadLength { .. } => "uscc_bad_length",
            Self::BadCharacter { .. } => "uscc_bad_character",
            Self::RegionNotDigits { .. } => "uscc_region_not_digits",
            Self::CheckMismatch { .. } => "uscc_check_mismatch",
        }
    }
}

impl Uscc {
    /// Parses a 统一社会信用代码 under the convention of LAW.md §16 (GB 32100-2015, check of §14.2).
    ///
    /// Full-width characters are folded, spaces anywhere are removed and lower-case letters upper-cased.
    pub fn parse(input: &str) -> Result<Uscc, UsccError> {
        if input.chars().nth(INPUT_CHARS_MAX).is_some() {
            return Err(UsccError::TooLong);
        }
        let code = normalize(input);
        match code.chars().count() {
            0 => return Err(UsccError::Empty),
            18 => {}
            len => return Err(UsccError::BadLength { len }),
        }
        for (i, c) in code.chars().enumerate() {
            if char_value(c).is_none() {
                return Err(UsccError::BadCharacter { position: i + 1 });
            }
            if (2..8).contains(&i) && !c.is_ascii_digit() {
                return Err(UsccError::RegionNotDigits { position: i + 1 });
            }
        }
        let expected = check_character(&code[..17]).ok_or(UsccError::BadLength { len: 17 })?;
        let found = char::from(code.as_bytes()[17]);
        if found != expected {
            return Err(UsccError::CheckMismatch { expected, found });
        }
        Ok(Uscc { code })
    }

    /// The normalized 18-character code.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// Position 1: 登记管理部门代码 (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他, …).
    pub fn registration_department(&self) -> char {
        char::from(self.code.as_bytes()[0])
    }

    /// Positions 1–2: the department code followed by the 机构类别代码, as the category tables list
    /// them (91 企业, 92 个体工商户, 12 事业单位, 51 社会团体, …).
    pub fn organisation_category(&self) -> &str {
        &self.code[..2]
    }

    /// Positions 3–8: 登记管理机关行政区划码 (GB/T 2260).
    pub fn region_code(&self) -> &str {
        &self.code[2..8]
    }

    /// Positions 9–17: 主体标识码, the 组织机构代码 (GB 11714: 8 characters and its check character).
    pub fn organisation_code(&self) -> &str {
        &self.code[8..17]
    }

    /// Whether the embedded 组织机构代码 passes its GB 11714 check (LAW.md §14.2). Reported only: a code
    /// that fails it is still a valid 统一社会信用代码 (LAW.md §16).
    pub fn org_code_check(&self) -> bool {
        let org = self.organisation_code();
        org_code_check_character(&org[..8]).is_some_and(|c| org.ends_with(c))
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

impl FromStr for Uscc {
    type Err = UsccError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uscc::parse(s)
    }
}

/// Weights of positions 1..17 (3^(i-1) mod 31). LAW.md §14.2.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Weights of the 8 body characters of a 组织机构代码 (GB 11714). LAW.md §14.2.
const ORG_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// The value of one character of the code's alphabet.
pub fn char_value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The check character (校验码, position 18) for the first 17 characters, per GB 32100-2015.
/// `None` when `first17` is not exactly 17 characters of [`CHARSET`].
pub fn check_character(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += char_value(c)? * w;
    }
    let c = (31 - sum % 31) % 31;
    CHARSET.chars().nth(c as usize)
}

/// The check character of a 组织机构代码 for its first 8 characters, per GB 11714 (LAW.md §14.2):
/// characters 0-9 and A-Z (A = 10 … Z = 35), c = 11 − (S mod 11), 10 → 'X', 11 → '0'.
/// `None` when `first8` is not exactly 8 characters of 0-9 and A-Z.
pub fn org_code_check_character(first8: &str) -> Option<char> {
    if first8.chars().count() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first8.chars().zip(ORG_CODE_WEIGHTS) {
        let value = if c.is_ascii_uppercase() { u32::from(c) - u32::from('A') + 10 } else { c.to_digit(10)? };
        sum += value * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        c => char::from_digit(c, 10),
    }
}

/// Full-width folded, every space removed, letters upper-cased (LAW.md §16).
fn normalize(input: &str) -> String {
    fold_full_width(input).chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(input: &str, expected: Result<&str, UsccError>) {
        let got = Uscc::parse(input);
        assert_eq!(got.as_ref().map(Uscc::as_str), expected.as_deref(), "input {input:?}");
    }

    #[test]
    fn gb_32100_check_character() {
        assert_eq!(check_character("91350100M000100Y4"), Some('3'));
        assert_eq!(check_character("91350200776049653"), Some('A'));
        assert_eq!(check_character("91350203M0001QAY9"), Some('9'));
        assert_eq!(check_character("91350100M000100Y"), None);
        assert_eq!(check_character("91350100M000100YI"), None);
    }

    #[test]
    fn gb_11714_org_code_check_character() {
        assert_eq!(org_code_check_character("M000100Y"), Some('4'));
        assert_eq!(org_code_check_character("77604965"), Some('3'));
        assert_eq!(org_code_check_character("15498973"), Some('9'));
        assert_eq!(org_code_check_character("MA5CJQ4N"), Some('5'));
        assert_eq!(org_code_check_character("M000100"), None);
        assert_eq!(org_code_check_character("m000100Y"), None);
        assert_eq!(org_code_check_character("M000100-"), None);
    }

    #[test]
    fn law_16_uscc_valid() {
        for code in ["91350100M000100Y43", "91350200776049653A", "913502000728319549", "123502001549897397"] {
            check(code, Ok(code));
        }
        check("91440101MA5CJQ4N59", Ok("91440101MA5CJQ4N59"));
        check("91350203M0001QAY9B", Err(UsccError::CheckMismatch { expected: '9', found: 'B' }));
        check("91350100M000100Y44", Err(UsccError::CheckMismatch { expected: '3', found: '4' }));
        check("91350100M000100Y56", Ok("91350100M000100Y56"));
    }

    #[test]
    fn law_16_uscc_normalization() {
        check("91440101ma5cjq4n59", Ok("91440101MA5CJQ4N59"));
        check("９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９", Ok("91440101MA5CJQ4N59"));
        check(" 9144 0101 MA5C JQ4N 59 ", Ok("91440101MA5CJQ4N59"));
        check("91440101\u{3000}ma5cjq4n59", Ok("91440101MA5CJQ4N59"));
    }

    #[test]
    fn law_16_uscc_malformed() {
        check("", Err(UsccError::Empty));
        check(" \t ", Err(UsccError::Empty));
        check("91440101MA5CJQ4N5", Err(UsccError::BadLength { len: 17 }));
        check("91440101MA5CJQ4N590", Err(UsccError::BadLength { len: 19 }));
        check("91440101MI5CJQ4N59", Err(UsccError::BadCharacter { position: 10 }));
        check("91440101MO5CJQ4N59", Err(UsccError::BadCharacter { position: 10 }));
        check("Z1440101MA5CJQ4N59", Err(UsccError::BadCharacter { position: 1 }));
        check("914401S1MA5CJQ4N59", Err(UsccError::BadCharacter { position: 7 }));
        check("91440101MA5CJQ4N5-", Err(UsccError::BadCharacter { position: 18 }));
        check("9144010１MA5CJQ4N5统", Err(UsccError::BadCharacter { position: 18 }));
        check("9144A101MA5CJQ4N59", Err(UsccError::RegionNotDigits { position: 5 }));
        check(&"9".repeat(65), Err(UsccError::TooLong));
    }

    #[test]
    fn gb_11714_reported_separately() {
        let org_check = |code: &str| Uscc::parse(code).map(|u| u.org_code_check());
        for code in ["91350100M000100Y43", "91350200776049653A", "913502000728319549", "123502001549897397"] {
            assert_eq!(org_check(code), Ok(true), "{code}");
        }
        assert_eq!(org_check("91440101MA5CJQ4N59"), Ok(true));
        let first17 = "91350100M000100Y5";
        let broken = format!("{first17}{}", check_character(first17).unwrap_or('?'));
        assert_eq!(org_check(&broken), Ok(false));
    }

    #[test]
    fn gb_32100_accessors() {
        let Ok(code) = Uscc::parse("91440101MA5CJQ4N59") else { panic!("valid example") };
        assert_eq!(code.registration_department(), '9');
        assert_eq!(code.organisation_category(), "91");
        assert_eq!(code.region_code(), "440101");
        assert_eq!(code.organisation_code(), "MA5CJQ4N5");
        assert_eq!(code.to_string(), "91440101MA5CJQ4N59");
        assert_eq!("91440101MA5CJQ4N59".parse::<Uscc>(), Ok(code));
    }

    fn charset_char() -> impl Strategy<Value = char> {
        proptest::sample::select(CHARSET.chars().collect::<Vec<_>>())
    }

    prop_compose! {
        fn valid_code()(head in proptest::collection::vec(charset_char(), 2), region in 0u32..1_000_000,
                        body in proptest::collection::vec(charset_char(), 9)) -> Uscc {
            let first17: String =
                head.iter().copied().chain(format!("{region:06}").chars()).chain(body.iter().copied()).collect();
            let check = check_character(&first17).unwrap_or('?');
            Uscc { code: format!("{first17}{check}") }
        }
    }

    proptest! {
        #[test]
        fn parse_as_str_round_trips(code in valid_code()) {
            prop_assert_eq!(Uscc::parse(code.as_str()), Ok(code.clone()));
            prop_assert_eq!(Uscc::parse(&format!(" {} ", code.as_str().to_lowercase())), Ok(code.clone()));
            prop_assert_eq!(code.to_string().parse::<Uscc>(), Ok(code));
        }

        #[test]
        fn mod_31_3_detects_every_single_character_change(code in valid_code(), position in 0usize..18,
                                                           delta in 1u32..31) {
            let mut chars: Vec<char> = code.as_str().chars().collect();
            let current = char_value(chars[position]).unwrap_or(0);
            chars[position] = CHARSET.chars().nth(((current + delta) % 31) as usize).unwrap_or('?');
            let changed: String = chars.into_iter().collect();
            prop_assert_ne!(changed.as_str(), code.as_str());
            prop_assert!(Uscc::parse(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn parse_never_panics(input in "\\PC{0,80}") {
            let _ = Uscc::parse(&input);
        }

        #[test]
        fn parse_never_panics_near_valid(input in "[0-9A-Za-z９Ｍ ]{16,20}") {
            if let Ok(code) = Uscc::parse(&input) {
                let _ = code.org_code_check();
                prop_assert_eq!(Uscc::parse(code.as_str()), Ok(code));
            }
        }
    }
}
