//! 案号 (case number) of the people's courts, per 关于人民法院案件案号的若干规定 (法〔2015〕137号, amended
//! 法〔2018〕335号; LAW.md §10).
//!
//! A case number is "（" + 收案年度 + "）" + 法院代字 + [专门审判代字] + 类型代字 + 案件编号 + "号", optionally
//! followed by "之一…" for derived rulings in the same case. [`CaseNumber::parse`] accepts full- or
//! half-width brackets and the pre-2016 "执字第123号" form; [`CaseNumber::canonical`] always writes full-width
//! brackets without 字第 (LAW.md §16).
//!
//! What is accepted, where the texts leave room:
//! - 法院代字: 最高法, or a province-level abbreviation (the 31 of LAW.md §10 including 内, plus 军 and 兵),
//!   optionally followed by exactly 2 digits (中级法院, including the special codes 71–99) or exactly 4
//!   digits (基层法院). All-zero digits are refused: "00" would name the high court itself.
//! - 专门审判代字 (2018 amendment): [`SPECIAL_CODES`], i.e. 知 (知识产权) and 金 (金融). Others the courts may use
//!   are unconfirmed and refused until confirmed.
//! - 收案年度: 1950..=2099, see [`YEAR_MIN`] and [`YEAR_MAX`].
//! - 案件编号: 1..=99,999,999 without a leading zero (8 digits is the widest any court numbers, 刑事复核
//!   included); the 之 suffix: 之一 … 之九十九.

use std::fmt;
use std::str::FromStr;

use super::fold_full_width;

/// Longest input looked at, in characters. The longest canonical number, "（2099）最高法知执监99999999号之九十九",
/// is 26 characters; 64 leaves room for surrounding spaces and the legacy 字第.
pub const INPUT_CHARS_MAX: usize = 64;

/// Earliest 收案年度 accepted: the people's courts were founded in late 1949, so no case of theirs was
/// received before 1950.
pub const YEAR_MIN: u16 = 1950;

/// Latest 收案年度 accepted: a bound far enough ahead never to refuse a real case while still catching a
/// mistyped year.
pub const YEAR_MAX: u16 = 2099;

/// Largest 案件编号: eight digits.
pub const SEQ_MAX: u32 = 99_999_999;

/// Largest 之 suffix (之九十九).
pub const SUFFIX_MAX: u16 = 99;

/// 高级人民法院 代字: 省级行政区划简称 (LAW.md §10, 案号若干规定 第4–5条), with 内 for 内蒙古, then 军 (解放军军事
/// 法院) and 兵 (新疆生产建设兵团分院).
pub const PROVINCE_COURT_CODES: [char; 33] = [
    '京', '津', '冀', '晋', '内', '辽', '吉', '黑', '沪', '苏', '浙', '皖', '闽', '赣', '鲁', '豫', '鄂',
    '湘', '粤', '桂', '琼', '渝', '川', '黔', '云', '藏', '陕', '甘', '青', '宁', '新', '军', '兵',
];

/// The 法院代字 of the Supreme People's Court.
pub const SUPREME_COURT_CODE: &str = "最高法";

/// 专门审判代字 accepted (2018 amendment of 案号若干规定), with what they stand for.
pub const SPECIAL_CODES: [(char, &str); 2] = [('知', "知识产权"), ('金', "金融")];

/// A valid 案号.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaseNumber {
    year: u16,
    court: String,
    special: Option<char>,
    case_type: CaseType,
    seq: u32,
    suffix: Option<u16>,
}

/// 类型代字 of enforcement cases and the related case types of LAW.md §10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseType {
    /// 执: 首次执行案件
    Zhi,
    /// 执恢: 恢复执行案件
    ZhiHui,
    /// 执保: 财产保全执行案件
    ZhiBao,
    /// 执异: 执行异议案件
    ZhiYi,
    /// 执复: 执行复议案件
    ZhiFu,
    /// 执监: 执行监督案件
    ZhiJian,
    /// 执协: 执行协调案件
    ZhiXie,
    /// 执他: 其他执行案件
    ZhiTa,
    /// 财保: 非诉财产保全审查案件
    CaiBao,
    /// 行保: 非诉行为保全审查案件
    XingBao,
    /// 证保: 非诉证据保全审查案件
    ZhengBao,
    /// 司惩: 司法制裁审查案件
    SiCheng,
    /// 司惩复: 司法制裁复议案件
    SiChengFu,
    /// 司救执: 执行司法救助案件
    SiJiuZhi,
    /// 破申: 破产申请审查案件
    PoShen,
    /// 破: 破产案件
    Po,
    /// 破终: 破产上诉案件
    PoZhong,
    /// 破监: 破产监督案件
    PoJian,
    /// 清申: 强制清算申请审查案件
    QingShen,
    /// 清终: 强制清算上诉案件
    QingZhong,
    /// 清监: 强制清算监督案件
    QingJian,
    /// 强清: 强制清算案件
    QiangQing,
}

/// Why an input is not a valid 案号. Positions count characters from 1 in the input after surrounding
/// whitespace is trimmed (for [`CaseNumber::new`], in the court code given).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseNumberError {
    #[error("case number is empty / 案号为空")]
    Empty,
    #[error("case number input longer than {INPUT_CHARS_MAX} characters / 案号输入过长")]
    TooLong,
    #[error("case number must start with a bracket （ / 案号应以“（”开头")]
    MissingOpenBracket,
    #[error(
        "case number year at position {position} must be 4 digits / 案号第{position}位起的收案年度应为4位数字"
    )]
    BadYear { position: usize },
    #[error("case number year {year} outside {YEAR_MIN}..={YEAR_MAX} / 案号收案年度{year}超出范围")]
    YearOutOfRange { year: u16 },
    #[error("case number needs a closing bracket ） at position {position} / 案号第{position}位应为“）”")]
    MissingCloseBracket { position: usize },
    #[error("unknown court code at position {position} / 案号第{position}位法院代字无效")]
    UnknownCourt { position: usize },
    #[error(
        "court code digits at position {position} must be 2 or 4, not all zero / 案号第{position}位法院代字数字应为2位或4位"
    )]
    BadCourtDigits { position: usize },
    #[error("unknown special tribunal code {found} / 专门审判代字“{found}”无效")]
    UnknownSpecial { found: char },
    #[error("unknown case type code at position {position} / 案号第{position}位类型代字无效")]
    UnknownCaseType { position: usize },
    #[error("case number needs the case's number at position {position} / 案号第{position}位应为案件编号")]
    MissingNumber { position: usize },
    #[error(
        "case's number at position {position} has a leading zero / 案号第{position}位案件编号不应以0开头"
    )]
    LeadingZero { position: usize },
    #[error(
        "case's number at position {position} has more than 8 digits / 案号第{position}位起案件编号超过8位"
    )]
    NumberTooLong { position: usize },
    #[error("case's number {seq} outside 1..={SEQ_MAX} / 案件编号{seq}超出范围")]
    SeqOutOfRange { seq: u32 },
    #[error("case number needs 号 at position {position} / 案号第{position}位应为“号”")]
    MissingHao { position: usize },
    #[error(
        "bad 之 suffix at position {position}, expected 之一…之九十九 / 案号第{position}位“之”后序号无效"
    )]
    BadSuffix { position: usize },
    #[error("suffix {suffix} outside 1..={SUFFIX_MAX} / 案号“之”后序号{suffix}超出范围")]
    SuffixOutOfRange { suffix: u16 },
    #[error("unexpected characters at position {position} / 案号第{position}位起有多余字符")]
    TrailingCharacters { position: usize },
}

impl CaseNumberError {
    /// Stable machine-readable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "case_number_empty",
            Self::TooLong => "case_number_too_long",
            Self::MissingOpenBracket => "case_number_missing_open_bracket",
            Self::BadYear { .. } => "case_number_bad_year",
            Self::YearOutOfRange { .. } => "case_number_year_out_of_range",
            Self::MissingCloseBracket { .. } => "case_number_missing_close_bracket",
            Self::UnknownCourt { .. } => "case_number_unknown_court",
            Self::BadCourtDigits { .. } => "case_number_bad_court_digits",
            Self::UnknownSpecial { .. } => "case_number_unknown_special",
            Self::UnknownCaseType { .. } => "case_number_unknown_case_type",
            Self::MissingNumber { .. } => "case_number_missing_number",
            Self::LeadingZero { .. } => "case_number_leading_zero",
            Self::NumberTooLong { .. } => "case_number_number_too_long",
            Self::SeqOutOfRange { .. } => "case_number_seq_out_of_range",
            Self::MissingHao { .. } => "case_number_missing_hao",
            Self::BadSuffix { .. } => "case_number_bad_suffix",
            Self::SuffixOutOfRange { .. } => "case_number_suffix_out_of_range",
            Self::TrailingCharacters { .. } => "case_number_trailing_characters",
        }
    }
}

impl CaseType {
    /// Every case type, in the order of LAW.md §10.
    pub const ALL: &[CaseType] = &[
        Self::Zhi,
        Self::ZhiHui,
        Self::ZhiBao,
        Self::ZhiYi,
        Self::ZhiFu,
        Self::ZhiJian,
        Self::ZhiXie,
        Self::ZhiTa,
        Self::CaiBao,
        Self::XingBao,
        Self::ZhengBao,
        Self::SiCheng,
        Self::SiChengFu,
        Self::SiJiuZhi,
        Self::PoShen,
        Self::Po,
        Self::PoZhong,
        Self::PoJian,
        Self::QingShen,
        Self::QingZhong,
        Self::QingJian,
        Self::QiangQing,
    ];

    /// The 类型代字 written in the case number ("执恢").
    pub fn code(&self) -> &'static str {
        self.code_and_name().0
    }

    /// The case type's name ("恢复执行案件").
    pub fn name_zh(&self) -> &'static str {
        self.code_and_name().1
    }

    /// Whether this is an enforcement case proper: the eight 执 types, 执行实施类 (执, 执恢, 执保) and
    /// 执行审查类 (执异, 执复, 执监, 执协, 执他). The others are related cases the enforcement division meets.
    pub fn is_enforcement(&self) -> bool {
        self.code().starts_with('执')
    }

    /// The case type whose 类型代字 is exactly `s`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.code() == s)
    }

    fn code_and_name(&self) -> (&'static str, &'static str) {
        match self {
            Self::Zhi => ("执", "首次执行案件"),
            Self::ZhiHui => ("执恢", "恢复执行案件"),
            Self::ZhiBao => ("执保", "财产保全执行案件"),
            Self::ZhiYi => ("执异", "执行异议案件"),
            Self::ZhiFu => ("执复", "执行复议案件"),
            Self::ZhiJian => ("执监", "执行监督案件"),
            Self::ZhiXie => ("执协", "执行协调案件"),
            Self::ZhiTa => ("执他", "其他执行案件"),
            Self::CaiBao => ("财保", "非诉财产保全审查案件"),
            Self::XingBao => ("行保", "非诉行为保全审查案件"),
            Self::ZhengBao => ("证保", "非诉证据保全审查案件"),
            Self::SiCheng => ("司惩", "司法制裁审查案件"),
            Self::SiChengFu => ("司惩复", "司法制裁复议案件"),
            Self::SiJiuZhi => ("司救执", "执行司法救助案件"),
            Self::PoShen => ("破申", "破产申请审查案件"),
            Self::Po => ("破", "破产案件"),
            Self::PoZhong => ("破终", "破产上诉案件"),
            Self::PoJian => ("破监", "破产监督案件"),
            Self::QingShen => ("清申", "强制清算申请审查案件"),
            Self::QingZhong => ("清终", "强制清算上诉案件"),
            Self::QingJian => ("清监", "强制清算监督案件"),
            Self::QiangQing => ("强清", "强制清算案件"),
        }
    }
}

impl fmt::Display for CaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl CaseNumber {
    /// A case number from its parts, as the platform numbers a new case (案号若干规定 第2–3条, 第9–10条):
    /// the year, the 法院代字 (e.g. "浙0106", "最高法"), the 类型代字 and the sequence number.
    pub fn new(year: u16, court: &str, case_type: CaseType, seq: u32) -> Result<Self, CaseNumberError> {
        check_year(year)?;
        if !(1..=SEQ_MAX).contains(&seq) {
            return Err(CaseNumberError::SeqOutOfRange { seq });
        }
        let mut cursor = Cursor::new(court);
        let court = parse_court(&mut cursor)?;
        cursor.expect_end()?;
        Ok(CaseNumber { year, court, special: None, case_type, seq, suffix: None })
    }

    /// The same case number with a 专门审判代字 (one of [`SPECIAL_CODES`]).
    pub fn with_special(self, special: char) -> Result<Self, CaseNumberError> {
        if !is_special_code(special) {
            return Err(CaseNumberError::UnknownSpecial { found: special });
        }
        Ok(CaseNumber { special: Some(special), ..self })
    }

    /// The same case number with the suffix "之{suffix}" of a derived ruling (1 = 之一, up to 之九十九).
    pub fn with_suffix(self, suffix: u16) -> Result<Self, CaseNumberError> {
        if !(1..=SUFFIX_MAX).contains(&suffix) {
            return Err(CaseNumberError::SuffixOutOfRange { suffix });
        }
        Ok(CaseNumber { suffix: Some(suffix), ..self })
    }

    /// Parses a 案号 (LAW.md §10, §16): full- or half-width brackets, surrounding whitespace, and the
    /// legacy "字第" between type and number are accepted; see the module documentation for the grammar.
    pub fn parse(input: &str) -> Result<CaseNumber, CaseNumberError> {
        if input.chars().nth(INPUT_CHARS_MAX).is_some() {
            return Err(CaseNumberError::TooLong);
        }
        let folded = fold_full_width(input);
        let trimmed = folded.trim();
        if trimmed.is_empty() {
            return Err(CaseNumberError::Empty);
        }
        let mut cursor = Cursor::new(trimmed);
        let year = parse_year(&mut cursor)?;
        let court = parse_court(&mut cursor)?;
        let special = cursor.peek().filter(|&c| is_special_code(c));
        if special.is_some() {
            cursor.advance(1);
        }
        let case_type = parse_case_type(&mut cursor)?;
        cursor.eat("字第");
        let seq = parse_seq(&mut cursor)?;
        if !cursor.eat("号") {
            return Err(CaseNumberError::MissingHao { position: cursor.position() });
        }
        let suffix = parse_suffix(&mut cursor)?;
        cursor.expect_end()?;
        Ok(CaseNumber { year, court, special, case_type, seq, suffix })
    }

    /// The canonical form (LAW.md §16): "（2024）浙0106执123号", "（2019）鄂72执361号之一".
    pub fn canonical(&self) -> String {
        let mut out = format!("（{}）{}", self.year, self.court);
        out.extend(self.special);
        out.push_str(self.case_type.code());
        out.push_str(&format!("{}号", self.seq));
        if let Some(suffix) = self.suffix {
            out.push('之');
            out.push_str(&chinese_numeral(suffix));
        }
        out
    }

    /// 收案年度.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// 法院代字 ("浙0106", "鄂72", "最高法").
    pub fn court_code(&self) -> &str {
        &self.court
    }

    /// 专门审判代字, if any ('知').
    pub fn special(&self) -> Option<char> {
        self.special
    }

    /// 类型代字.
    pub fn case_type(&self) -> CaseType {
        self.case_type
    }

    /// 案件编号.
    pub fn seq(&self) -> u32 {
        self.seq
    }

    /// The 之 suffix of a derived ruling (之一 = 1), if any.
    pub fn suffix(&self) -> Option<u16> {
        self.suffix
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl FromStr for CaseNumber {
    type Err = CaseNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseNumber::parse(s)
    }
}

/// Chinese numerals 一 … 九 with their values.
const NUMERALS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A position in the (bounded) input, one `char` at a time.
struct Cursor {
    chars: Vec<char>,
    index: usize,
}

impl Cursor {
    fn new(s: &str) -> Self {
        Cursor { chars: s.chars().collect(), index: 0 }
    }

    /// The 1-based position of the next character, for error messages.
    fn position(&self) -> usize {
        self.index + 1
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn advance(&mut self, n: usize) {
        self.index = (self.index + n).min(self.chars.len());
    }

    fn starts_with(&self, s: &str) -> bool {
        let rest = self.chars.get(self.index..).unwrap_or_default();
        s.chars().count() <= rest.len() && s.chars().zip(rest).all(|(a, &b)| a == b)
    }

    /// Consumes `s` if the input continues with it.
    fn eat(&mut self, s: &str) -> bool {
        let matched = self.starts_with(s);
        if matched {
            self.advance(s.chars().count());
        }
        matched
    }

    /// Consumes the longest run of characters satisfying `pred`.
    fn take_while(&mut self, pred: impl Fn(char) -> bool) -> &[char] {
        let start = self.index;
        while self.peek().is_some_and(&pred) {
            self.index += 1;
        }
        &self.chars[start..self.index]
    }

    fn expect_end(&self) -> Result<(), CaseNumberError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(CaseNumberError::TrailingCharacters { position: self.position() }),
        }
    }
}

fn check_year(year: u16) -> Result<(), CaseNumberError> {
    if (YEAR_MIN..=YEAR_MAX).contains(&year) { Ok(()) } else { Err(CaseNumberError::YearOutOfRange { year }) }
}

/// "(" + 4-digit 收案年度 + ")" (案号若干规定 第3条), brackets already folded to half-width.
fn parse_year(cursor: &mut Cursor) -> Result<u16, CaseNumberError> {
    if !cursor.eat("(") {
        return Err(CaseNumberError::MissingOpenBracket);
    }
    let position = cursor.position();
    let digits = cursor.take_while(|c| c.is_ascii_digit());
    if digits.len() != 4 {
        return Err(CaseNumberError::BadYear { position });
    }
    let year = digits_value(digits) as u16;
    check_year(year)?;
    if !cursor.eat(")") {
        return Err(CaseNumberError::MissingCloseBracket { position: cursor.position() });
    }
    Ok(year)
}

/// 法院代字 (案号若干规定 第4–5条, LAW.md §10): 最高法, or a high court's abbreviation optionally followed by
/// 2 digits (中级法院) or 4 digits (基层法院).
fn parse_court(cursor: &mut Cursor) -> Result<String, CaseNumberError> {
    if cursor.eat(SUPREME_COURT_CODE) {
        return Ok(SUPREME_COURT_CODE.to_owned());
    }
    let position = cursor.position();
    let Some(province) = cursor.peek().filter(|c| PROVINCE_COURT_CODES.contains(c)) else {
        return Err(CaseNumberError::UnknownCourt { position });
    };
    cursor.advance(1);
    let digits_position = cursor.position();
    let digits = cursor.take_while(|c| c.is_ascii_digit());
    let well_formed =
        matches!(digits.len(), 0 | 2 | 4) && (digits.is_empty() || digits.iter().any(|&d| d != '0'));
    if !well_formed {
        return Err(CaseNumberError::BadCourtDigits { position: digits_position });
    }
    Ok(std::iter::once(province).chain(digits.iter().copied()).collect())
}

/// The 类型代字, longest match first (执恢 before 执, 司惩复 before 司惩, 破申 before 破).
fn parse_case_type(cursor: &mut Cursor) -> Result<CaseType, CaseNumberError> {
    let matched = CaseType::ALL
        .iter()
        .copied()
        .filter(|t| cursor.starts_with(t.code()))
        .max_by_key(|t| t.code().chars().count());
    let Some(case_type) = matched else {
        return Err(CaseNumberError::UnknownCaseType { position: cursor.position() });
    };
    cursor.advance(case_type.code().chars().count());
    Ok(case_type)
}

/// 案件编号: a natural number without a leading zero, at most 8 digits (案号若干规定 第9–10条).
fn parse_seq(cursor: &mut Cursor) -> Result<u32, CaseNumberError> {
    let position = cursor.position();
    let digits = cursor.take_while(|c| c.is_ascii_digit());
    match digits {
        [] => Err(CaseNumberError::MissingNumber { position }),
        ['0', ..] => Err(CaseNumberError::LeadingZero { position }),
        _ if digits.len() > 8 => Err(CaseNumberError::NumberTooLong { position }),
        _ => Ok(digits_value(digits)),
    }
}

/// The optional "之一" … "之九十九" of a derived ruling in the same case (LAW.md §10).
fn parse_suffix(cursor: &mut Cursor) -> Result<Option<u16>, CaseNumberError> {
    let position = cursor.position();
    if !cursor.eat("之") {
        return Ok(None);
    }
    let numeral = cursor.take_while(|c| c == '十' || NUMERALS.contains(&c));
    match chinese_numeral_value(numeral) {
        Some(value) => Ok(Some(value)),
        None => Err(CaseNumberError::BadSuffix { position }),
    }
}

/// The value of 一 … 九十九 as written in case numbers: 十 alone for 10, no 一十.
fn chinese_numeral_value(numeral: &[char]) -> Option<u16> {
    let digit = |c: &char| NUMERALS.iter().position(|n| n == c).map(|i| i as u16 + 1);
    match numeral {
        ['十'] => Some(10),
        [d] => digit(d),
        ['十', u] => Some(10 + digit(u)?),
        [t, '十'] => digit(t).filter(|&t| t >= 2).map(|t| t * 10),
        [t, '十', u] => Some(digit(t).filter(|&t| t >= 2)? * 10 + digit(u)?),
        _ => None,
    }
}

/// 1..=99 in Chinese numerals, the inverse of [`chinese_numeral_value`].
fn chinese_numeral(value: u16) -> String {
    let numeral = |n: u16| NUMERALS.get(usize::from(n).wrapping_sub(1)).copied();
    let (tens, units) = (value / 10, value % 10);
    let mut out = String::new();
    if tens >= 2 {
        out.extend(numeral(tens));
    }
    if tens >= 1 {
        out.push('十');
    }
    out.extend(numeral(units));
    out
}

fn is_special_code(c: char) -> bool {
    SPECIAL_CODES.iter().any(|&(code, _)| code == c)
}

/// The value of a run of ASCII digits (callers pass at most 8).
fn digits_value(digits: &[char]) -> u32 {
    digits.iter().fold(0, |acc, d| acc * 10 + d.to_digit(10).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseNumberError as E;
    use proptest::prelude::*;

    /// `expected` is the canonical form on success.
    fn check(input: &str, expected: Result<&str, CaseNumberError>) {
        let got = CaseNumber::parse(input).map(|c| c.canonical());
        assert_eq!(got.as_deref(), expected.as_ref().map(|s| *s), "input {input:?}");
    }

    #[test]
    fn case_number_rules_article_2_3_examples() {
        check("（2024）京0105执123号", Ok("（2024）京0105执123号"));
        check("(2022)最高法执监51号", Ok("（2022）最高法执监51号"));
        check("(2020)鄂执复773号", Ok("（2020）鄂执复773号"));
        check("(2019)鄂72执361号之一", Ok("（2019）鄂72执361号之一"));
        check("（2024）浙0106知执12号", Ok("（2024）浙0106知执12号"));
        check("（2024）沪74金执5号", Ok("（2024）沪74金执5号"));
        check("(2024）浙0106执123号", Ok("（2024）浙0106执123号"));
        check("  （2024）浙0106执123号\u{3000}", Ok("（2024）浙0106执123号"));
        check("（２０２４）浙０１０６执１２３号", Ok("（2024）浙0106执123号"));
        check("（2024）军执1号", Ok("（2024）军执1号"));
        check("（2024）兵07执恢1号", Ok("（2024）兵07执恢1号"));
        check("（2024）内0102执99999999号", Ok("（2024）内0102执99999999号"));
    }

    #[test]
    fn case_number_legacy_zi_di_form() {
        check("（2015）浙0106执字第123号", Ok("（2015）浙0106执123号"));
        check("(2015)浙0106执恢字第7号之二", Ok("（2015）浙0106执恢7号之二"));
        check("（2015）浙0106执字123号", Err(E::MissingNumber { position: 13 }));
        check("（2015）浙0106执第123号", Err(E::MissingNumber { position: 13 }));
    }

    #[test]
    fn case_type_longest_match_first() {
        let case_type = |s: &str| CaseNumber::parse(s).map(|c| c.case_type());
        assert_eq!(case_type("(2024)浙0106执恢1号"), Ok(CaseType::ZhiHui));
        assert_eq!(case_type("(2024)浙0106执1号"), Ok(CaseType::Zhi));
        assert_eq!(case_type("(2024)浙0106司惩复1号"), Ok(CaseType::SiChengFu));
        assert_eq!(case_type("(2024)浙0106司惩1号"), Ok(CaseType::SiCheng));
        assert_eq!(case_type("(2024)浙01破申1号"), Ok(CaseType::PoShen));
        assert_eq!(case_type("(2024)浙01破终1号"), Ok(CaseType::PoZhong));
        assert_eq!(case_type("(2024)浙01破1号"), Ok(CaseType::Po));
        assert_eq!(case_type("(2024)浙01强清1号"), Ok(CaseType::QiangQing));
        assert_eq!(case_type("(2024)浙01清监1号"), Ok(CaseType::QingJian));
        for &t in CaseType::ALL {
            assert_eq!(CaseType::parse(t.code()), Some(t));
            let number = CaseNumber::new(2024, "浙0106", t, 1).map(|c| c.canonical());
            assert_eq!(number.as_deref().map(CaseNumber::parse).map(|c| c.map(|c| c.case_type())), Ok(Ok(t)));
        }
        assert_eq!(CaseType::parse("执外"), None);
        assert_eq!(CaseType::ZhiHui.name_zh(), "恢复执行案件");
        assert!(CaseType::ZhiBao.is_enforcement());
        assert!(!CaseType::CaiBao.is_enforcement());
        assert_eq!(CaseType::ALL.iter().filter(|t| t.is_enforcement()).count(), 8);
    }

    #[test]
    fn case_number_rules_article_4_5_court_codes() {
        check("（2024）港0105执1号", Err(E::UnknownCourt { position: 7 }));
        check("（2024）最高执1号", Err(E::UnknownCourt { position: 7 }));
        check("（2024）浙1执1号", Err(E::BadCourtDigits { position: 8 }));
        check("（2024）浙010执1号", Err(E::BadCourtDigits { position: 8 }));
        check("（2024）浙01060执1号", Err(E::BadCourtDigits { position: 8 }));
        check("（2024）浙00执1号", Err(E::BadCourtDigits { position: 8 }));
        check("（2024）浙0000执1号", Err(E::BadCourtDigits { position: 8 }));
        check("（2024）最高法01执1号", Err(E::UnknownCaseType { position: 10 }));
        check("（2024）浙0106民执1号", Err(E::UnknownCaseType { position: 12 }));
        check("（2024）浙0106知知执1号", Err(E::UnknownCaseType { position: 13 }));
        check("（2024）浙0106民初1号", Err(E::UnknownCaseType { position: 12 }));
    }

    #[test]
    fn case_number_malformed() {
        check("", Err(E::Empty));
        check("  ", Err(E::Empty));
        check("2024浙0106执1号", Err(E::MissingOpenBracket));
        check("【2024】浙0106执1号", Err(E::MissingOpenBracket));
        check("（24）浙0106执1号", Err(E::BadYear { position: 2 }));
        check("（20245）浙0106执1号", Err(E::BadYear { position: 2 }));
        check("（1800）浙0106执1号", Err(E::YearOutOfRange { year: 1800 }));
        check("（1949）浙0106执1号", Err(E::YearOutOfRange { year: 1949 }));
        check("（1950）浙0106执1号", Ok("（1950）浙0106执1号"));
        check("（2099）浙0106执1号", Ok("（2099）浙0106执1号"));
        check("（2100）浙0106执1号", Err(E::YearOutOfRange { year: 2100 }));
        check("（2024浙0106执1号", Err(E::MissingCloseBracket { position: 6 }));
        check("（2024）浙0106执号", Err(E::MissingNumber { position: 13 }));
        check("（2024）浙0106执0123号", Err(E::LeadingZero { position: 13 }));
        check("（2024）浙0106执0号", Err(E::LeadingZero { position: 13 }));
        check("（2024）浙0106执123456789号", Err(E::NumberTooLong { position: 13 }));
        check("（2024）浙0106执123", Err(E::MissingHao { position: 16 }));
        check("（2024）浙0106执123号 ", Ok("（2024）浙0106执123号"));
        check("（2024）浙0106执123号x", Err(E::TrailingCharacters { position: 17 }));
        check("（2024）浙0106执123号 之一", Err(E::TrailingCharacters { position: 17 }));
        check("（2024） 浙0106执123号", Err(E::UnknownCourt { position: 7 }));
        check(&format!("（2024）浙0106执123号{}", " ".repeat(60)), Err(E::TooLong));
    }

    #[test]
    fn case_number_suffix_zhi_yi() {
        let cases = [
            ("之一", 1),
            ("之九", 9),
            ("之十", 10),
            ("之十一", 11),
            ("之二十", 20),
            ("之二十一", 21),
            ("之九十九", 99),
        ];
        for (suffix, value) in cases {
            let input = format!("（2019）鄂72执361号{suffix}");
            check(&input, Ok(&input));
            assert_eq!(CaseNumber::parse(&input).map(|c| c.suffix()), Ok(Some(value)));
        }
        for bad in ["之", "之零", "之一十", "之一十一", "之十十", "之百", "之二十一一", "之1"]
        {
            check(&format!("（2019）鄂72执361号{bad}"), Err(E::BadSuffix { position: 15 }));
        }
    }

    #[test]
    fn case_number_new() {
        let Ok(number) = CaseNumber::new(2024, "浙0106", CaseType::Zhi, 123) else { panic!("valid parts") };
        assert_eq!(number.to_string(), "（2024）浙0106执123号");
        assert_eq!((number.year(), number.court_code(), number.seq()), (2024, "浙0106", 123));
        assert_eq!((number.special(), number.suffix(), number.case_type()), (None, None, CaseType::Zhi));
        let derived = number.clone().with_special('知').and_then(|n| n.with_suffix(12));
        assert_eq!(derived.map(|n| n.canonical()).as_deref(), Ok("（2024）浙0106知执123号之十二"));
        assert_eq!(number.clone().with_special('民'), Err(E::UnknownSpecial { found: '民' }));
        assert_eq!(number.clone().with_suffix(0), Err(E::SuffixOutOfRange { suffix: 0 }));
        assert_eq!(number.with_suffix(100), Err(E::SuffixOutOfRange { suffix: 100 }));
        let new =
            |year, court: &str, seq| CaseNumber::new(year, court, CaseType::Zhi, seq).map(|n| n.canonical());
        assert_eq!(new(2024, "最高法", 1).as_deref(), Ok("（2024）最高法执1号"));
        assert_eq!(new(1949, "浙", 1), Err(E::YearOutOfRange { year: 1949 }));
        assert_eq!(new(2024, "浙", 0), Err(E::SeqOutOfRange { seq: 0 }));
        assert_eq!(new(2024, "浙", 100_000_000), Err(E::SeqOutOfRange { seq: 100_000_000 }));
        assert_eq!(new(2024, "浙106", 1), Err(E::BadCourtDigits { position: 2 }));
        assert_eq!(new(2024, "浙0106知", 1), Err(E::TrailingCharacters { position: 6 }));
        assert_eq!(new(2024, "", 1), Err(E::UnknownCourt { position: 1 }));
        assert_eq!("(2024)浙0106执1号".parse::<CaseNumber>().map(|n| n.seq()), Ok(1));
    }

    #[test]
    fn error_codes_are_snake_case() {
        let errors = [E::Empty, E::TooLong, E::BadSuffix { position: 1 }, E::UnknownCourt { position: 1 }];
        for error in errors {
            assert!(error.code().starts_with("case_number_"));
            assert!(error.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert!(error.to_string().contains(" / "));
        }
    }

    fn court() -> impl Strategy<Value = String> {
        let province = proptest::sample::select(PROVINCE_COURT_CODES.to_vec());
        prop_oneof![
            Just(SUPREME_COURT_CODE.to_owned()),
            province.clone().prop_map(String::from),
            (province.clone(), 1u32..100).prop_map(|(p, d)| format!("{p}{d:02}")),
            (province, 1u32..10_000).prop_map(|(p, d)| format!("{p}{d:04}")),
        ]
    }

    prop_compose! {
        fn valid_number()(year in YEAR_MIN..=YEAR_MAX, court in court(),
                          case_type in proptest::sample::select(CaseType::ALL.to_vec()), seq in 1..=SEQ_MAX,
                          special in proptest::option::of(proptest::sample::select(vec!['知', '金'])),
                          suffix in proptest::option::of(1..=SUFFIX_MAX)) -> CaseNumber {
            CaseNumber { year, court, special, case_type, seq, suffix }
        }
    }

    proptest! {
        #[test]
        fn parse_canonical_round_trips(number in valid_number()) {
            let canonical = number.canonical();
            prop_assert_eq!(CaseNumber::parse(&canonical), Ok(number.clone()));
            let half_width = canonical.replace('（', "(").replace('）', ")");
            prop_assert_eq!(CaseNumber::parse(&format!(" {half_width} ")), Ok(number.clone()));
            let legacy = canonical.replacen(number.case_type().code(), &format!("{}字第", number.case_type()), 1);
            prop_assert_eq!(CaseNumber::parse(&legacy), Ok(number));
        }

        #[test]
        fn new_agrees_with_parse(number in valid_number()) {
            let built = CaseNumber::new(number.year(), number.court_code(), number.case_type(), number.seq());
            let built = built.and_then(|n| match number.special() { Some(s) => n.with_special(s), None => Ok(n) });
            let built = built.and_then(|n| match number.suffix() { Some(s) => n.with_suffix(s), None => Ok(n) });
            prop_assert_eq!(built, Ok(number));
        }

        #[test]
        fn parse_never_panics(input in "\\PC{0,80}") {
            let _ = CaseNumber::parse(&input);
        }

        #[test]
        fn parse_near_valid_is_stable(
            input in "[（( ]{0,2}[0-9]{0,5}[）)]?(最高法|浙|京|港)?[0-9]{0,5}[知金民]?(执恢|执|司惩复|破|清)?(字第)?[0-9]{0,9}号?(之[一二九十零]{0,4})? ?"
        ) {
            if let Ok(number) = CaseNumber::parse(&input) {
                prop_assert_eq!(CaseNumber::parse(&number.canonical()), Ok(number));
            }
        }
    }
}
