//! 公民身份号码 (citizen identity number), GB 11643-1999, with the 15-digit numbers of GB 11643-1989.
//!
//! A [`CitizenId`] can only hold a number that is valid under the convention of LAW.md §16: 18 characters
//! after normalization, 17 digits and a correct MOD 11-2 check character (§14.1), a real birth date from
//! 1900-01-01 up to the `today` given to [`CitizenId::parse`], and a province-level code as its first two
//! digits. Whether the 6-digit county-level address code exists in GB/T 2260 is not checked here: the
//! convention reports it, it does not require it, and historical codes must stay acceptable.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::fold_full_width;

/// Longest input looked at, in characters. A number is 18 characters; 64 leaves room for spaces and
/// full-width forms while keeping the work done on hostile input bounded.
pub const INPUT_CHARS_MAX: usize = 64;

/// Province-level codes (first two digits of the address code) accepted by LAW.md §16.
/// 11–15 华北, 21–23 东北, 31–37 华东, 41–46 中南, 50–54 西南, 61–65 西北, 71 台湾; 81, 82, 83 are the
/// codes of the residence permits (居住证) of residents of 香港, 澳门 and 台湾, which carry the same number format.
pub const PROVINCE_CODES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
    61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// 1900-01-01: the earliest birth date LAW.md §16 accepts.
pub const BIRTH_DATE_MIN: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// A valid 公民身份号码, held in its normalized 18-character form (digits, and an upper-case `X` as
/// the check character).
///
/// `Debug` prints the masked form, so that a number never reaches a log by accident.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitizenId {
    number: String,
    birth_date: NaiveDate,
}

/// Sex as encoded by the sequence code (顺序码): odd is male, even is female (GB 11643-1999, LAW.md §14.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

/// Which characters of a number stay visible when it is shown in public; the rest become `*`.
///
/// The public display mask is not fixed by a text zhixing could confirm (LAW.md §1 第六条, [unconfirmed]),
/// so it is configurable; [`MaskPattern::DEFAULT`] keeps the first 6 and the last 4 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaskPattern {
    pub keep_head: usize,
    pub keep_tail: usize,
}

/// Why an input is not a valid 公民身份号码.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CitizenIdError {
    #[error("citizen id is empty / 公民身份号码为空")]
    Empty,
    #[error("citizen id input longer than {INPUT_CHARS_MAX} characters / 公民身份号码输入过长")]
    TooLong,
    #[error("citizen id has {len} characters, expected 18 (or 15 for an old number) / 公民身份号码位数错误")]
    BadLength { len: usize },
    /// `position` counts from 1 in the normalized number (spaces removed).
    #[error(
        "citizen id has an invalid character at position {position} / 公民身份号码第{position}位字符错误"
    )]
    BadCharacter { position: usize },
    #[error("citizen id province code {code} does not exist / 公民身份号码省级地址码{code}不存在")]
    BadProvince { code: String },
    #[error("citizen id birth date is not a real date / 公民身份号码出生日期无效")]
    BadBirthDate,
    #[error("citizen id birth date is in the future / 公民身份号码出生日期晚于当前日期")]
    BirthDateInFuture,
    #[error("citizen id birth date is before 1900-01-01 / 公民身份号码出生日期早于1900年1月1日")]
    BirthDateTooEarly,
    #[error("check character mismatch: expected {expected}, found {found} / 校验码错误")]
    CheckMismatch { expected: char, found: char },
}

impl CitizenIdError {
    /// Stable machine-readable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "citizen_id_empty",
            Self::TooLong => "citizen_id_too_long",
            Self::BadLength { .. } => "citizen_id_bad_length",
            Self::BadCharacter { .. } => "citizen_id_bad_character",
            Self::BadProvince { .. } => "citizen_id_bad_province",
            Self::BadBirthDate => "citizen_id_bad_birth_date",
            Self::BirthDateInFuture => "citizen_id_birth_date_in_future",
            Self::BirthDateTooEarly => "citizen_id_birth_date_too_early",
            Self::CheckMismatch { .. } => "citizen_id_check_mismatch",
        }
    }
}

impl CitizenId {
    /// Parses a 公民身份号码 under the convention of LAW.md §16.
    ///
    /// Accepts 18-digit numbers (GB 11643-1999) and 15-digit legacy numbers (GB 11643-1989), which are
    /// upgraded as LAW.md §14.1 describes: "19" inserted after the 6-digit address code, then the MOD 11-2
    /// check character appended. Full-width characters are folded, spaces anywhere are removed and a
    /// lower-case `x` is upper-cased. `today` bounds the birth date (the crate never reads the clock).
    pub fn parse(input: &str, today: NaiveDate) -> Result<CitizenId, CitizenIdError> {
        if input.chars().nth(INPUT_CHARS_MAX).is_some() {
            return Err(CitizenIdError::TooLong);
        }
        let normalized = normalize(input);
        let body = match normalized.chars().count() {
            0 => return Err(CitizenIdError::Empty),
            18 => first17_of_18(&normalized)?,
            15 => upgrade_15(&normalized)?,
            len => return Err(CitizenIdError::BadLength { len }),
        };
        check_province(&body)?;
        let birth_date = birth_date_of(&body, today)?;
        let expected = check_character(&body).ok_or(CitizenIdError::BadLength { len: body.len() })?;
        let found = normalized.chars().nth(17).unwrap_or(expected);
        if found != expected {
            return Err(CitizenIdError::CheckMismatch { expected, found });
        }
        Ok(CitizenId { number: format!("{body}{expected}"), birth_date })
    }

    /// The normalized 18-character number.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// The birth date (出生日期码, positions 7–14).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Sex from the parity of the sequence code (顺序码, positions 15–17): odd is male.
    pub fn sex(&self) -> Sex {
        let last_sequence_digit = self.number.as_bytes()[16];
        if (last_sequence_digit - b'0') % 2 == 1 { Sex::Male } else { Sex::Female }
    }

    /// The 6-digit address code (地址码, GB/T 2260 county-level code).
    pub fn region_code(&self) -> &str {
        &self.number[..6]
    }

    /// The number for public display, masked with [`MaskPattern::DEFAULT`] (configurable: see
    /// [`CitizenId::masked_with`]).
    pub fn masked(&self) -> String {
        self.masked_with(MaskPattern::DEFAULT)
    }

    /// The number with every character outside the kept head and tail replaced by `*`. A pattern that
    /// keeps more than 18 characters is clamped: the head first, then the tail.
    pub fn masked_with(&self, pattern: MaskPattern) -> String {
        let len = self.number.len();
        let head = pattern.keep_head.min(len);
        let tail = pattern.keep_tail.min(len - head);
        let mut out = String::with_capacity(len);
        out.push_str(&self.number[..head]);
        out.extend(std::iter::repeat_n('*', len - head - tail));
        out.push_str(&self.number[len - tail..]);
        out
    }
}

impl fmt::Debug for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CitizenId").field(&self.masked()).finish()
    }
}

impl Sex {
    /// `"male"` or `"female"`: the form used on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

impl Serialize for Sex {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl MaskPattern {
    /// Keep the 6-digit address code and the last 4 characters; mask the 8 in between (the birth date).
    pub const DEFAULT: MaskPattern = MaskPattern { keep_head: 6, keep_tail: 4 };
}

impl Default for MaskPattern {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Weights of positions 1..17 in the ISO 7064 MOD 11-2 check (2^(18-i) mod 11). LAW.md §14.1.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check characters indexed by the weighted sum mod 11. LAW.md §14.1.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The check character (校验码) for the first 17 digits of an 18-digit number, per GB 11643-1999
/// (ISO 7064 MOD 11-2). `None` when `first17` is not exactly 17 ASCII digits.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(char::from(CHECK_CHARS[(sum % 11) as usize]))
}

/// Full-width folded, every space removed, `x` upper-cased (LAW.md §16).
fn normalize(input: &str) -> String {
    fold_full_width(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect()
}

/// The 17 digits before the check character; the check character itself must be a digit or `X`.
fn first17_of_18(normalized: &str) -> Result<String, CitizenIdError> {
    for (i, c) in normalized.chars().enumerate() {
        let allowed = c.is_ascii_digit() || (i == 17 && c == 'X');
        if !allowed {
            return Err(CitizenIdError::BadCharacter { position: i + 1 });
        }
    }
    Ok(normalized[..17].to_owned())
}

/// GB 11643-1989 → GB 11643-1999: the 15 digits with "19" inserted after the address code (LAW.md §14.1).
/// The old numbers carry no check character, and every holder was born in the 1900s.
fn upgrade_15(normalized: &str) -> Result<String, CitizenIdError> {
    if let Some(i) = normalized.chars().position(|c| !c.is_ascii_digit()) {
        return Err(CitizenIdError::BadCharacter { position: i + 1 });
    }
    Ok(format!("{}19{}", &normalized[..6], &normalized[6..]))
}

/// The first two digits must be a province-level code of LAW.md §16.
fn check_province(body: &str) -> Result<(), CitizenIdError> {
    let code = &body[..2];
    let value = digits_value(code.as_bytes());
    let known = PROVINCE_CODES.iter().any(|&p| u32::from(p) == value);
    if known { Ok(()) } else { Err(CitizenIdError::BadProvince { code: code.to_owned() }) }
}

/// The birth date of positions 7–14: a real date from 1900-01-01 up to `today` (LAW.md §16).
fn birth_date_of(body: &str, today: NaiveDate) -> Result<NaiveDate, CitizenIdError> {
    let digits = &body.as_bytes()[6..14];
    let year = digits_value(&digits[..4]) as i32;
    let date = NaiveDate::from_ymd_opt(year, digits_value(&digits[4..6]), digits_value(&digits[6..]))
        .ok_or(CitizenIdError::BadBirthDate)?;
    if date < BIRTH_DATE_MIN {
        return Err(CitizenIdError::BirthDateTooEarly);
    }
    if date > today {
        return Err(CitizenIdError::BirthDateInFuture);
    }
    Ok(date)
}

/// The value of a run of ASCII digits (callers pass at most 8).
fn digits_value(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |acc, d| acc * 10 + u32::from(d.wrapping_sub(b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or(NaiveDate::MIN)
    }

    fn check(input: &str, expected: Result<&str, CitizenIdError>) {
        let got = CitizenId::parse(input, today());
        assert_eq!(got.as_ref().map(CitizenId::as_str), expected.as_deref(), "input {input:?}");
    }

    fn mismatch(expected: char, found: char) -> Result<&'static str, CitizenIdError> {
        Err(CitizenIdError::CheckMismatch { expected, found })
    }

    #[test]
    fn gb_11643_check_character() {
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(check_character("44052418800101001"), Some('4'));
        assert_eq!(check_character("34052419800101001"), Some('X'));
        assert_eq!(check_character("11010119900307777"), Some('4'));
        assert_eq!(check_character("1101011990030777"), None);
        assert_eq!(check_character("1101011990030777A"), None);
    }

    #[test]
    fn law_16_citizen_id_valid() {
        check("11010519491231002X", Ok("11010519491231002X"));
        check("34052419800101001X", Ok("34052419800101001X"));
        check("110101199003077774", Ok("110101199003077774"));
        check("110101199003077777", mismatch('4', '7'));
        check("440524188001010014", Err(CitizenIdError::BirthDateTooEarly));
        check("110101190001010014", Ok("110101190001010014"));
        check("110101202506010015", Ok("110101202506010015"));
        check("110101202506020010", Err(CitizenIdError::BirthDateInFuture));
        check("110101199002300014", Err(CitizenIdError::BadBirthDate));
        check("110101200002290018", Ok("110101200002290018"));
        check("110101190002290011", Err(CitizenIdError::BadBirthDate));
        check("110101199013010012", Err(CitizenIdError::BadBirthDate));
        check("990101199001010019", Err(CitizenIdError::BadProvince { code: "99".into() }));
        check("160101199001010014", Err(CitizenIdError::BadProvince { code: "16".into() }));
        check("830000199001010011", mismatch('2', '1'));
        check("830000199001010012", Ok("830000199001010012"));
    }

    #[test]
    fn law_16_citizen_id_normalization() {
        check("１１０１０５１９４９１２３１００２Ｘ", Ok("11010519491231002X"));
        check("11010519491231002x", Ok("11010519491231002X"));
        check("１１０１０５１９４９１２３１００２ｘ", Ok("11010519491231002X"));
        check(" 110105 19491231 002x ", Ok("11010519491231002X"));
        check("110105\u{3000}19491231\t002X", Ok("11010519491231002X"));
    }

    #[test]
    fn law_16_citizen_id_malformed() {
        check("", Err(CitizenIdError::Empty));
        check("   ", Err(CitizenIdError::Empty));
        check("1101051949123100", Err(CitizenIdError::BadLength { len: 16 }));
        check("11010519491231002X1", Err(CitizenIdError::BadLength { len: 19 }));
        check("1101051949123100XX", Err(CitizenIdError::BadCharacter { position: 17 }));
        check("X10105194912310020", Err(CitizenIdError::BadCharacter { position: 1 }));
        check("11010519491231002Y", Err(CitizenIdError::BadCharacter { position: 18 }));
        check("11010519491231002", Err(CitizenIdError::BadLength { len: 17 }));
        check("11010549123100X", Err(CitizenIdError::BadCharacter { position: 15 }));
        check("一一0105194912310020", Err(CitizenIdError::BadCharacter { position: 1 }));
        check(&"1".repeat(65), Err(CitizenIdError::TooLong));
        check(&" ".repeat(65), Err(CitizenIdError::TooLong));
        check(&format!("{}11010519491231002X", " ".repeat(46)), Ok("11010519491231002X"));
    }

    #[test]
    fn gb_11643_1989_upgrade_15_digit() {
        check("110105491231002", Ok("11010519491231002X"));
        check("１１０１０５４９１２３１００２", Ok("11010519491231002X"));
        check("110105491331002", Err(CitizenIdError::BadBirthDate));
        check("990105491231002", Err(CitizenIdError::BadProvince { code: "99".into() }));
        let past = NaiveDate::from_ymd_opt(1949, 12, 30).unwrap_or(NaiveDate::MIN);
        assert_eq!(CitizenId::parse("110105491231002", past), Err(CitizenIdError::BirthDateInFuture));
    }

    #[test]
    fn gb_11643_accessors() {
        let Ok(id) = CitizenId::parse("11010519491231002X", today()) else { panic!("valid example") };
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap_or(NaiveDate::MIN));
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region_code(), "110105");
        let Ok(id) = CitizenId::parse("110101199003077774", today()) else { panic!("valid example") };
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(Sex::Male.as_str(), "male");
        assert_eq!(serde_json::to_string(&Sex::Female).ok().as_deref(), Some("\"female\""));
    }

    #[test]
    fn law_1_article_6_display_mask() {
        let Ok(id) = CitizenId::parse("11010519491231002X", today()) else { panic!("valid example") };
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(format!("{id:?}"), "CitizenId(\"110105********002X\")");
        let mask = |keep_head, keep_tail| id.masked_with(MaskPattern { keep_head, keep_tail });
        assert_eq!(mask(10, 4), "1101051949****002X");
        assert_eq!(mask(0, 0), "******************");
        assert_eq!(mask(3, 30), "11010519491231002X");
        assert_eq!(mask(30, 30), "11010519491231002X");
    }

    /// ASCII folded up to its full-width form (the inverse of `fold_full_width`).
    fn to_full_width(s: &str) -> String {
        s.chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).filter(|_| c.is_ascii_graphic()).unwrap_or(c))
            .collect()
    }

    prop_compose! {
        fn valid_id()(province in proptest::sample::select(PROVINCE_CODES.to_vec()), county in 0u32..10_000,
                      days in 0..=(today() - BIRTH_DATE_MIN).num_days(), sequence in 0u32..1000) -> CitizenId {
            let birth = BIRTH_DATE_MIN + chrono::Days::new(days.unsigned_abs());
            let body = format!("{province:02}{county:04}{}{sequence:03}", birth.format("%Y%m%d"));
            let check = check_character(&body).unwrap_or('?');
            CitizenId { number: format!("{body}{check}"), birth_date: birth }
        }
    }

    proptest! {
        #[test]
        fn parse_as_str_round_trips(id in valid_id()) {
            prop_assert_eq!(CitizenId::parse(id.as_str(), today()), Ok(id.clone()));
            let spaced_lower = format!(" {} {} ", &id.as_str()[..6], id.as_str()[6..].to_lowercase());
            prop_assert_eq!(CitizenId::parse(&spaced_lower, today()), Ok(id.clone()));
            prop_assert_eq!(CitizenId::parse(&to_full_width(id.as_str()), today()), Ok(id));
        }

        #[test]
        fn mod_11_2_detects_every_single_digit_change(id in valid_id(), position in 0usize..18, delta in 1usize..11) {
            // Positions 1–17 take the 9 other digits; the check character the 10 other characters of "0-9X".
            let alphabet = b"0123456789X";
            let (modulus, delta) = if position == 17 { (11, delta) } else { (10, 1 + (delta - 1) % 9) };
            let mut bytes = id.as_str().as_bytes().to_vec();
            let current = alphabet.iter().position(|&c| c == bytes[position]).unwrap_or(0);
            bytes[position] = alphabet[(current + delta) % modulus];
            prop_assert_ne!(&bytes[..], id.as_str().as_bytes());
            let changed = String::from_utf8(bytes).unwrap_or_default();
            prop_assert!(CitizenId::parse(&changed, today()).is_err(), "{} accepted", changed);
        }

        #[test]
        fn parse_never_panics(input in "\\PC{0,80}") {
            let _ = CitizenId::parse(&input, today());
        }

        #[test]
        fn parse_never_panics_near_valid(input in "[0-9xX１Ｘ ]{14,20}") {
            if let Ok(id) = CitizenId::parse(&input, today()) {
                prop_assert_eq!(CitizenId::parse(id.as_str(), today()), Ok(id));
            }
        }
    }
}
