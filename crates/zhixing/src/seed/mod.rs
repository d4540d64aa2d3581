//! The synthetic province (合成数据): deterministic enforcement cases (执行案件) for `zhixing seed` and
//! `zhixing demo` (DESIGN.md C15).
//!
//! [`generate`] yields [`SeedCase`]s one at a time — filing date, parties (申请执行人 / 被执行人) with
//! valid 公民身份号码 and 统一社会信用代码, the enforcement basis (执行依据) and the amounts — and does no
//! I/O: the caller writes them to the event store. The same [`SeedConfig`] always gives the same cases,
//! byte for byte, and memory stays bounded however many cases are asked for.

mod generate;
mod names;
mod regions;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

pub(crate) use {generate::generate, generate::people, regions::default_courts};

/// What to generate: how many cases, from which seed, for which courts and filing years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeedConfig {
    /// Number of cases to generate, exactly.
    pub(crate) cases: u64,
    /// Seed of the random generator: equal seeds (and equal configs) give identical cases.
    pub(crate) seed: u64,
    /// Courts that file the cases, each with a relative volume.
    pub(crate) courts: Vec<SeedCourt>,
    /// First filing year (inclusive).
    pub(crate) first_year: i32,
    /// Last filing year (inclusive).
    pub(crate) last_year: i32,
}

/// A court that files cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeedCourt {
    /// 法院代字, e.g. "浙0106".
    pub(crate) code: String,
    /// 6-digit GB/T 2260 code of the court's county, e.g. "330106".
    pub(crate) region_code: String,
    /// Relative case volume.
    pub(crate) weight: u32,
}

/// One generated enforcement case (执行案件), filed as 首次执行 (执).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SeedCase {
    /// 法院代字 of the filing court.
    pub(crate) court_code: String,
    /// 收案年度: the filing year.
    pub(crate) year: i32,
    /// 案件编号: consecutive per court per year, starting at 1.
    pub(crate) seq: u32,
    /// 立案日期 (a weekday).
    #[serde(serialize_with = "iso_date")]
    pub(crate) filed_on: NaiveDate,
    /// 申请执行人 (1–2).
    pub(crate) applicants: Vec<SeedParty>,
    /// 被执行人 (1–3).
    pub(crate) debtors: Vec<SeedParty>,
    /// 执行依据.
    pub(crate) basis: SeedBasis,
    /// 本金, in 分.
    pub(crate) principal_fen: i64,
    /// 利息 awarded by the basis, in 分.
    pub(crate) interest_fen: i64,
    /// 诉讼费 (案件受理费) the debtor bears, in 分.
    pub(crate) costs_fen: i64,
}

/// A party: a natural person or an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum SeedParty {
    /// 自然人.
    Person(SeedPerson),
    /// 法人 (company, bank branch, small-loan company).
    Company(SeedCompany),
}

impl SeedParty {
    /// The party as an application names it (generated identifiers are already valid and normalized).
    pub(crate) fn to_input(&self) -> zhixing_core::cases::filing::PartyInput {
        use zhixing_core::cases::filing::PartyInput;
        match self {
            SeedParty::Person(p) => PartyInput {
                kind: "person".into(),
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                legal_representative: None,
                phone: Some(p.phone.clone()),
                address: Some(p.address.clone()),
            },
            SeedParty::Company(c) => PartyInput {
                kind: "company".into(),
                name: c.name.clone(),
                id_number: c.uscc.clone(),
                legal_representative: Some(c.legal_representative.name.clone()),
                phone: None,
                address: Some(c.address.clone()),
            },
        }
    }

    /// The party as a filed case records it.
    pub(crate) fn to_record(&self) -> zhixing_core::cases::PartyRecord {
        let p = self.to_input();
        zhixing_core::cases::PartyRecord {
            kind: p.kind,
            name: p.name,
            id_number: p.id_number,
            legal_representative: p.legal_representative,
            phone: p.phone,
            address: p.address,
        }
    }
}

/// A natural person (自然人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SeedPerson {
    /// 姓名.
    pub(crate) name: String,
    /// 公民身份号码: 18 characters, valid under GB 11643-1999.
    pub(crate) id_number: String,
    /// 手机号码.
    pub(crate) phone: String,
    /// 住址.
    pub(crate) address: String,
}

/// An organization (法人或其他组织).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SeedCompany {
    /// 名称.
    pub(crate) name: String,
    /// 统一社会信用代码: valid under GB 32100-2015, embedded 组织机构代码 valid under GB 11714.
    pub(crate) uscc: String,
    /// 法定代表人 (for a branch, its 负责人).
    pub(crate) legal_representative: SeedPerson,
    /// 住所.
    pub(crate) address: String,
}

/// The enforcement basis (执行依据).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SeedBasis {
    /// What kind of document it is.
    pub(crate) kind: BasisKind,
    /// Who issued it: a court, an arbitration commission or a notary office.
    pub(crate) issuer: String,
    /// Its number: a 案号 such as （2023）浙0106民初1234号, （2023）杭仲裁字第12号 for an award, or
    /// （2023）浙杭西证字第345号 for a notarial instrument.
    pub(crate) document_number: String,
    /// 生效日期.
    #[serde(serialize_with = "iso_date")]
    pub(crate) effective_on: NaiveDate,
    /// 履行期限届满日: the last day to perform.
    #[serde(serialize_with = "iso_date")]
    pub(crate) due_on: NaiveDate,
}

/// Kinds of enforcement basis (执行依据种类).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum BasisKind {
    /// 民事判决书.
    Judgment,
    /// 民事裁定书.
    Ruling,
    /// 民事调解书.
    Mediation,
    /// 仲裁裁决书.
    ArbitralAward,
    /// 赋予强制执行效力的公证债权文书.
    NotarizedDebt,
}

/// Why a [`SeedConfig`] cannot be generated as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SeedConfigError {
    /// The config names no court.
    NoCourts,
    /// A court's code is not a 法院代字 (a province character followed by 0, 2 or 4 digits).
    BadCourtCode { court: String },
    /// A court's region code is not 6 digits starting with a province-level code.
    BadRegionCode { court: String },
    /// Two courts share a code (they would share 案号).
    DuplicateCourt { court: String },
    /// Every court has weight 0.
    ZeroWeight,
    /// The years are reversed or outside 1970–2100.
    BadYears,
}

impl SeedConfigError {
    /// A stable code for the error.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::NoCourts => "no_courts",
            Self::BadCourtCode { .. } => "bad_court_code",
            Self::BadRegionCode { .. } => "bad_region_code",
            Self::DuplicateCourt { .. } => "duplicate_court",
            Self::ZeroWeight => "zero_weight",
            Self::BadYears => "bad_years",
        }
    }
}

impl fmt::Display for SeedConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCourts => write!(f, "no court to seed / 未指定法院"),
            Self::BadCourtCode { court } => {
                write!(f, "court code {court} is not a 法院代字 / 法院代字无效")
            }
            Self::BadRegionCode { court } => {
                write!(f, "region code of court {court} is not a 6-digit code / 行政区划代码无效")
            }
            Self::DuplicateCourt { court } => write!(f, "court {court} is listed twice / 法院重复"),
            Self::ZeroWeight => write!(f, "every court has weight 0 / 法院权重均为零"),
            Self::BadYears => write!(f, "filing years reversed or out of range / 立案年度无效"),
        }
    }
}

impl std::error::Error for SeedConfigError {}

impl SeedConfig {
    /// Earliest filing year accepted: birth dates of adults (1950–2004) and the GB 32100 codes of
    /// companies must make sense for the cases.
    pub(crate) const YEAR_MIN: i32 = 1970;
    /// Latest filing year accepted.
    pub(crate) const YEAR_MAX: i32 = 2100;

    /// Checks the config. [`generate`] never fails: it skips courts this rejects (and all but the
    /// first of courts sharing a code) and yields nothing when no court remains, so callers that want
    /// to report bad input call this first.
    pub(crate) fn validate(&self) -> Result<(), SeedConfigError> {
        if self.courts.is_empty() {
            return Err(SeedConfigError::NoCourts);
        }
        for (index, court) in self.courts.iter().enumerate() {
            if self.courts[..index].iter().any(|earlier| earlier.code == court.code) {
                return Err(SeedConfigError::DuplicateCourt { court: court.code.clone() });
            }
            if !is_court_code(&court.code) {
                return Err(SeedConfigError::BadCourtCode { court: court.code.clone() });
            }
            if parse_region_code(&court.region_code).is_none() {
                return Err(SeedConfigError::BadRegionCode { court: court.code.clone() });
            }
        }
        if self.courts.iter().all(|c| c.weight == 0) {
            return Err(SeedConfigError::ZeroWeight);
        }
        let years = Self::YEAR_MIN..=Self::YEAR_MAX;
        if self.first_year > self.last_year
            || !years.contains(&self.first_year)
            || !years.contains(&self.last_year)
        {
            return Err(SeedConfigError::BadYears);
        }
        Ok(())
    }
}

impl SeedCase {
    /// The case's 案号, e.g. （2024）浙0106执123号 (LAW.md §10: 年度 + 法院代字 + 类型代字 执 + 编号).
    pub(crate) fn case_number(&self) -> String {
        format!("（{}）{}执{}号", self.year, self.court_code, self.seq)
    }
}

/// A 法院代字: a province-level character (or 最高法) optionally followed by 2 or 4 digits.
fn is_court_code(code: &str) -> bool {
    let mut chars = code.chars();
    let Some(first) = chars.next() else { return false };
    let digits = chars.as_str();
    !first.is_ascii() && matches!(digits.len(), 0 | 2 | 4) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The region code as a number, when it is 6 ASCII digits and its first two digits name a
/// province-level division (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81–83; LAW.md §16).
fn parse_region_code(code: &str) -> Option<u32> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = code.parse().ok()?;
    let province = value / 10_000;
    let known = matches!(
        province,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
    );
    known.then_some(value)
}

/// Serializes a date as ISO 8601 (YYYY-MM-DD) without chrono's serde feature, and without its
/// formatting machinery: millions of dates go through here when a province is seeded.
fn iso_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let Ok(year) = u32::try_from(date.year()) else {
        return serializer.collect_str(&date.format("%Y-%m-%d"));
    };
    if year > 9999 {
        return serializer.collect_str(&date.format("%Y-%m-%d"));
    }
    let mut text = *b"0000-00-00";
    for (range, mut value) in [(0..4, year), (5..7, date.month()), (8..10, date.day())] {
        for slot in text[range].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    serializer.serialize_str(std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use generate::YUAN;
    use generate::acceptance_fee_fen;
    use std::collections::hash_map::DefaultHasher;
    use std::collections::{HashMap, HashSet};
    use std::hash::{Hash, Hasher};
    use std::sync::OnceLock;

    const SAMPLE_CASES: u64 = 20_000;

    fn config(cases: u64, seed: u64) -> SeedConfig {
        SeedConfig { cases, seed, courts: default_courts(), first_year: 2021, last_year: 2024 }
    }

    fn sample() -> &'static [SeedCase] {
        static SAMPLE: OnceLock<Vec<SeedCase>> = OnceLock::new();
        SAMPLE.get_or_init(|| generate(&config(SAMPLE_CASES, 7)).collect())
    }

    fn fingerprint(cases: impl Iterator<Item = SeedCase>) -> u64 {
        let mut hasher = DefaultHasher::new();
        for case in cases {
            serde_json::to_string(&case).expect("serializable").hash(&mut hasher);
        }
        hasher.finish()
    }

    fn persons(case: &SeedCase) -> impl Iterator<Item = &SeedPerson> {
        case.applicants.iter().chain(&case.debtors).map(|party| match party {
            SeedParty::Person(person) => person,
            SeedParty::Company(company) => &company.legal_representative,
        })
    }

    fn companies(case: &SeedCase) -> impl Iterator<Item = &SeedCompany> {
        case.applicants.iter().chain(&case.debtors).filter_map(|party| match party {
            SeedParty::Person(_) => None,
            SeedParty::Company(company) => Some(company),
        })
    }

    fn party_key(party: &SeedParty) -> &str {
        match party {
            SeedParty::Person(person) => &person.id_number,
            SeedParty::Company(company) => &company.uscc,
        }
    }

    /// GB 11643-1999, recomputed here independently of zhixing-core: ISO 7064 MOD 11-2.
    fn gb_11643_valid(id: &str) -> bool {
        let bytes = id.as_bytes();
        if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
            return false;
        }
        let sum: u32 = (0..17).map(|i| u32::from(bytes[i] - b'0') * ((1u32 << (17 - i)) % 11)).sum();
        bytes[17] == b"10X98765432"[(sum % 11) as usize]
    }

    /// GB 32100-2015 and the embedded GB 11714 check, recomputed independently of zhixing-core.
    fn gb_32100_valid(code: &str) -> bool {
        const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        let values: Option<Vec<u32>> = code.chars().map(|c| ALPHABET.find(c).map(|i| i as u32)).collect();
        let Some(values) = values else { return false };
        if values.len() != 18 || !code.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return false;
        }
        let mut weight = 1;
        let mut sum = 0;
        for value in &values[..17] {
            sum += value * weight;
            weight = weight * 3 % 31;
        }
        let org = &code.as_bytes()[8..17];
        let org_value =
            |b: u8| if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b - b'A') + 10 };
        let org_sum: u32 =
            org[..8].iter().zip([3, 7, 9, 10, 5, 8, 4, 2]).map(|(&b, w)| org_value(b) * w).sum();
        let org_check = match 11 - org_sum % 11 {
            10 => b'X',
            11 => b'0',
            c => b'0' + c as u8,
        };
        values[17] == (31 - sum % 31) % 31 && org[8] == org_check
    }

    #[test]
    fn generation_is_deterministic() {
        let again = fingerprint(generate(&config(SAMPLE_CASES, 7)));
        assert_eq!(fingerprint(sample().iter().cloned()), again);
        assert_ne!(fingerprint(generate(&config(SAMPLE_CASES, 8))), again);
    }

    #[test]
    fn generates_exactly_the_cases_asked_for() {
        fn check(cases: u64) {
            let generator = generate(&config(cases, 1));
            assert_eq!(generator.size_hint(), (cases as usize, Some(cases as usize)));
            assert_eq!(generator.count() as u64, cases);
        }
        check(0);
        check(1);
        check(7);
        check(1_001);
        assert_eq!(sample().len() as u64, SAMPLE_CASES);
    }

    #[test]
    fn every_id_number_is_valid_gb_11643() {
        for case in sample() {
            for person in persons(case) {
                let id = &person.id_number;
                assert!(gb_11643_valid(id), "{id}");
                assert!(parse_region_code(&id[..6]).is_some(), "{id}");
                let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").expect("birth date");
                assert!((1950..=2004).contains(&birth.year()), "{id}");
                assert!(case.filed_on.year() - birth.year() >= 18, "{id} filed {}", case.filed_on);
            }
        }
    }

    #[test]
    fn every_uscc_is_valid_gb_32100() {
        for case in sample() {
            for company in companies(case) {
                assert!(gb_32100_valid(&company.uscc), "{}", company.uscc);
                assert!(company.uscc.starts_with("91"), "{}", company.uscc);
            }
        }
    }

    #[test]
    fn one_number_one_party() {
        let mut persons_by_id: HashMap<&str, &SeedPerson> = HashMap::new();
        let mut companies_by_code: HashMap<&str, &SeedCompany> = HashMap::new();
        for case in sample() {
            for person in persons(case) {
                let known = persons_by_id.entry(&person.id_number).or_insert(person);
                assert_eq!(*known, person);
            }
            for company in companies(case) {
                let known = companies_by_code.entry(&company.uscc).or_insert(company);
                assert_eq!(*known, company);
            }
        }
    }

    #[test]
    fn seq_is_consecutive_per_court_and_year() {
        let mut last: HashMap<(&str, i32), u32> = HashMap::new();
        let mut previous_day = NaiveDate::MIN;
        for case in sample() {
            let seq = last.entry((&case.court_code, case.year)).or_insert(0);
            assert_eq!(case.seq, *seq + 1, "{}", case.case_number());
            *seq = case.seq;
            assert_eq!(case.year, case.filed_on.year());
            assert!(case.filed_on >= previous_day);
            assert!(!matches!(case.filed_on.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun));
            previous_day = case.filed_on;
        }
        let years: HashSet<i32> = sample().iter().map(|c| c.year).collect();
        assert_eq!(years, (2021..=2024).collect());
    }

    #[test]
    fn principal_median_is_about_30000_yuan() {
        let mut principals: Vec<i64> = sample().iter().map(|c| c.principal_fen).collect();
        principals.sort_unstable();
        let median = principals[principals.len() / 2];
        let p90 = principals[principals.len() * 9 / 10];
        assert!((1_500_000..=6_000_000).contains(&median), "median {median} 分");
        assert!((15_000_000..=60_000_000).contains(&p90), "90th percentile {p90} 分");
        assert!(principals.iter().all(|p| (100 * YUAN..=500_000_000 * YUAN).contains(p)));
        for case in sample() {
            assert!((0..=case.principal_fen / 5 + 1).contains(&case.interest_fen));
            assert!(case.costs_fen >= 0 && case.costs_fen <= acceptance_fee_fen(case.principal_fen));
        }
    }

    #[test]
    fn some_debtors_recur() {
        let mut courts_by_debtor: HashMap<&str, HashSet<&str>> = HashMap::new();
        let mut recurring_cases = 0;
        for case in sample() {
            let courts = courts_by_debtor.entry(party_key(&case.debtors[0])).or_default();
            if !courts.is_empty() {
                recurring_cases += 1;
            }
            courts.insert(&case.court_code);
        }
        assert!(recurring_cases > SAMPLE_CASES / 20, "{recurring_cases} cases reuse a debtor");
        assert!(courts_by_debtor.values().any(|courts| courts.len() > 1), "no debtor crosses courts");
    }

    #[test]
    fn parties_and_bases_have_the_planned_shape() {
        let mut person_applicants = 0;
        let mut judgments = 0;
        for case in sample() {
            assert!((1..=2).contains(&case.applicants.len()));
            assert!((1..=3).contains(&case.debtors.len()));
            person_applicants += u64::from(matches!(case.applicants[0], SeedParty::Person(_)));
            judgments += u64::from(case.basis.kind == BasisKind::Judgment);
            let basis = &case.basis;
            assert!(basis.effective_on < basis.due_on && basis.due_on < case.filed_on);
            assert!((case.filed_on - basis.effective_on).num_days() <= 730);
            let number = &basis.document_number;
            assert!(number.starts_with('（') && number.ends_with('号'), "{number}");
            let court_document =
                matches!(basis.kind, BasisKind::Judgment | BasisKind::Mediation | BasisKind::Ruling);
            assert_eq!(court_document, number.contains("民"), "{number}");
            assert!(!basis.issuer.is_empty());
        }
        assert!((50..=60).contains(&(person_applicants * 100 / SAMPLE_CASES)), "{person_applicants}");
        assert!((42..=48).contains(&(judgments * 100 / SAMPLE_CASES)), "{judgments}");
    }

    #[test]
    fn serializes_kinds_in_snake_case() {
        let case = &sample()[0];
        let json = serde_json::to_value(case).expect("serializable");
        let kinds = ["judgment", "ruling", "mediation", "arbitral_award", "notarized_debt"];
        assert!(kinds.contains(&json["basis"]["kind"].as_str().unwrap_or("")));
        assert!(["person", "company"].contains(&json["debtors"][0]["kind"].as_str().unwrap_or("")));
        let filed = json["filed_on"].as_str().unwrap_or("");
        assert_eq!(filed, case.filed_on.format("%Y-%m-%d").to_string());
    }

    #[test]
    fn case_number_follows_the_rules() {
        let case = SeedCase { court_code: "浙0106".into(), year: 2024, seq: 123, ..sample()[0].clone() };
        assert_eq!(case.case_number(), "（2024）浙0106执123号");
    }

    #[test]
    fn default_courts_validate() {
        let courts = default_courts();
        assert!(courts.len() > 80);
        let codes: HashSet<&str> = courts.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes.len(), courts.len());
        assert_eq!(config(1, 1).validate(), Ok(()));
    }

    #[test]
    fn validate_reports_bad_configs() {
        fn check(edit: impl Fn(&mut SeedConfig), expected: &str) {
            let mut config = config(10, 1);
            edit(&mut config);
            assert_eq!(config.validate().map_err(|e| e.code()), Err(expected));
            if expected != "bad_years" {
                // Skipped courts: whatever remains still generates, nothing panics.
                let _ = generate(&config).count();
            }
        }
        check(|c| c.courts.clear(), "no_courts");
        check(|c| c.courts[0].code = "0106".into(), "bad_court_code");
        check(|c| c.courts[0].code = "浙010".into(), "bad_court_code");
        check(|c| c.courts[0].region_code = "33010".into(), "bad_region_code");
        check(|c| c.courts[0].region_code = "990106".into(), "bad_region_code");
        check(|c| c.courts.iter_mut().for_each(|court| court.weight = 0), "zero_weight");
        check(|c| c.courts[1].code = c.courts[0].code.clone(), "duplicate_court");
        check(|c| c.first_year = 2025, "bad_years");
        check(|c| c.last_year = 2200, "bad_years");
    }

    #[test]
    fn unusable_configs_generate_nothing() {
        let mut bad = config(10, 1);
        bad.courts.iter_mut().for_each(|court| court.region_code = "x".into());
        assert_eq!(generate(&bad).count(), 0);
        let mut reversed = config(10, 1);
        reversed.first_year = 2030;
        assert_eq!(generate(&reversed).count(), 0);
    }

    #[test]
    fn duplicate_courts_never_repeat_a_case_number() {
        let mut config = config(2_000, 5);
        config.courts.truncate(2);
        config.courts.push(config.courts[0].clone());
        let numbers: Vec<String> = generate(&config).map(|case| case.case_number()).collect();
        let unique: HashSet<&String> = numbers.iter().collect();
        assert_eq!(unique.len(), numbers.len());
    }

    #[test]
    fn courts_outside_the_tables_still_generate_valid_parties() {
        let config = SeedConfig {
            cases: 500,
            seed: 3,
            courts: vec![SeedCourt { code: "京0105".into(), region_code: "110105".into(), weight: 1 }],
            first_year: 2023,
            last_year: 2023,
        };
        for case in generate(&config) {
            assert_eq!(case.court_code, "京0105");
            assert!(persons(&case).all(|p| gb_11643_valid(&p.id_number)));
            assert!(companies(&case).all(|c| gb_32100_valid(&c.uscc)));
        }
    }
}
