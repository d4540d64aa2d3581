//! Filing (立案): an application to enforce (申请执行) checked field by field, its review period, and
//! duplicate detection against the cases already filed.
//!
//! Everything here is pure: the application layer loads the candidate cases and the court tree and
//! asks these functions; they answer with values and reasons.

use crate::calendar::{CalendarError, LegalCalendar};
use crate::cases::{BasisRecord, PartyRecord};
use crate::ids::case_number::CaseNumber;
use crate::ids::citizen_id::CitizenId;
use crate::ids::fold_full_width;
use crate::ids::uscc::Uscc;
use crate::limits;
use crate::money::Amount;
use chrono::NaiveDate;

/// Days the court has to accept or refuse an application: 执行工作若干规定 第16条 (符合条件 7日内立案,
/// 不符合 7日内裁定不予受理).
pub const REVIEW_DAYS: u32 = 7;

/// Most applicants, and most debtors, on one application.
pub const PARTIES_PER_SIDE_MAX: usize = 50;

/// Most non-money obligations (交付、迁出、停止侵害 …) on one application.
pub const NON_MONEY_OBLIGATIONS_MAX: usize = 20;

/// A party as the applicant wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyInput {
    /// `person` or `company`.
    pub kind: String,
    pub name: String,
    /// 公民身份号码 for a person, 统一社会信用代码 for a company.
    pub id_number: String,
    /// 法定代表人, required for a company.
    pub legal_representative: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// The 执行依据 as the applicant wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasisInput {
    /// judgment | ruling | mediation | arbitral_award | notarized_debt | other
    pub kind: String,
    pub issuer: String,
    pub document_number: String,
    pub effective_on: NaiveDate,
    pub due_on: NaiveDate,
}

/// An application as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationInput {
    pub applicants: Vec<PartyInput>,
    pub debtors: Vec<PartyInput>,
    pub basis: BasisInput,
    /// Yuan strings, at most two decimals.
    pub principal: String,
    pub interest: String,
    pub costs: String,
    /// How interest runs on, in the words of the basis (e.g. 按LPR计至实际清偿之日).
    pub interest_terms: Option<String>,
    pub non_money: Vec<String>,
    /// The trial case the basis came from (审判案号), when a court issued it.
    pub source_case_number: Option<String>,
    /// An existing 执保 preservation case for the same parties.
    pub preservation_case_number: Option<String>,
}

/// A checked application: every identifier parsed, every amount exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub applicants: Vec<PartyRecord>,
    pub debtors: Vec<PartyRecord>,
    pub basis: BasisRecord,
    pub principal: Amount,
    pub interest: Amount,
    pub costs: Amount,
    pub interest_terms: Option<String>,
    pub non_money: Vec<String>,
    pub source_case_number: Option<String>,
    pub preservation_case_number: Option<String>,
}

/// One problem with one field, named by its JSON path (`applicants[0].id_number`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldIssue {
    fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}

/// Checks every field of an application and reports every problem at once. `today` bounds the
/// dates (an ID number's birth date, the basis's effective date).
pub fn check_application(input: &ApplicationInput, today: NaiveDate) -> Result<Application, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let applicants = check_parties("applicants", &input.applicants, today, &mut issues);
    let debtors = check_parties("debtors", &input.debtors, today, &mut issues);
    let basis = check_basis(&input.basis, today, &mut issues);
    let mut amount = |field: &str, text: &str| match Amount::parse_yuan(text) {
        Ok(a) => a,
        Err(e) => {
            issues.push(FieldIssue::new(field, e.code(), e.to_string()));
            Amount::ZERO
        }
    };
    let principal = amount("principal", &input.principal);
    let interest = amount("interest", &input.interest);
    let costs = amount("costs", &input.costs);
    if principal == Amount::ZERO
        && input.non_money.is_empty()
        && issues.iter().all(|i| i.field != "principal")
    {
        issues.push(FieldIssue::new(
            "principal",
            "nothing_to_enforce",
            "a money amount or a non-money obligation is required / 须有给付金额或非金钱给付义务",
        ));
    }
    if input.non_money.len() > NON_MONEY_OBLIGATIONS_MAX {
        issues.push(FieldIssue::new("non_money", "too_many", "at most 20 obligations / 非金钱义务过多"));
    }
    for (i, text) in input.non_money.iter().enumerate() {
        check_text(&format!("non_money[{i}]"), text, limits::TEXT_CHARS_MAX, &mut issues);
    }
    if let Some(terms) = &input.interest_terms {
        check_text("interest_terms", terms, limits::TEXT_CHARS_MAX, &mut issues);
    }
    let source_case_number = trial_case_number(&input.source_case_number, &mut issues);
    let preservation_case_number =
        canonical_number("preservation_case_number", &input.preservation_case_number, &mut issues);
    if preservation_case_number.as_ref().is_some_and(|number| !number.contains("执保")) {
        issues.push(FieldIssue::new(
            "preservation_case_number",
            "not_a_preservation_case",
            "a preservation case number has 类型代字 执保 / 保全案号应为执保案件",
        ));
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(Application {
        applicants,
        debtors,
        basis: basis.unwrap_or_else(|| unreachable!("issues would be non-empty")),
        principal,
        interest,
        costs,
        interest_terms: input.interest_terms.clone(),
        non_money: input.non_money.clone(),
        source_case_number,
        preservation_case_number,
    })
}

/// The last day to accept or refuse: 执行工作若干规定 第16条, 7 days from receipt, counted as a
/// statutory period (民事诉讼法 第八十五条: the day of receipt not counted, rolled past non-working days).
pub fn review_due(received_on: NaiveDate, calendar: &LegalCalendar) -> Result<NaiveDate, CalendarError> {
    calendar.period_end(received_on, REVIEW_DAYS)
}

/// A 执行依据 document number reduced to what identifies it: full-width folded, whitespace dropped,
/// brackets unified, the legacy 字第 dropped, and a parsable 案号 written canonically.
pub fn normalize_document_number(text: &str) -> String {
    let folded: String = fold_full_width(text).chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(number) = CaseNumber::parse(&folded) {
        return number.canonical();
    }
    folded.replace(['(', '〔', '[', '【'], "（").replace([')', '〕', ']', '】'], "）").replace("字第", "")
}

/// A name reduced for comparison: full-width folded, whitespace and punctuation dropped, and the
/// brackets of company names (（杭州）有限公司) unified.
pub fn normalize_name(name: &str) -> String {
    fold_full_width(name)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | '·' | '.' | ',' | '，'))
        .collect()
}

/// A case already filed, as duplicate detection sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledCase {
    pub case_number: String,
    pub basis_document_number: String,
    pub applicants: Vec<PartyRecord>,
    pub debtors: Vec<PartyRecord>,
    pub principal: Amount,
}

/// What duplicate detection concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duplicates {
    None,
    /// The same 执行依据, applicant and debtor as an existing case: refused, with that case's 案号.
    Exact {
        case_number: String,
    },
    /// Close to existing cases: flagged for a person to review, never silently accepted.
    Near {
        matches: Vec<NearMatch>,
    },
}

/// One near-duplicate and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMatch {
    pub case_number: String,
    pub reasons: Vec<&'static str>,
}

/// Compares an application with the cases that share its document number or one of its parties
/// (the caller selects those candidates by index). 立审执 integration (DESIGN.md §1): the same 执行依据 +
/// applicant + debtor is a duplicate; the same document with parties spelled differently, or the same
/// parties and amount under another document, is a near-duplicate.
pub fn find_duplicates(application: &Application, candidates: &[FiledCase]) -> Duplicates {
    let number = normalize_document_number(&application.basis.document_number);
    let ids = |parties: &[PartyRecord]| parties.iter().map(|p| p.id_number.clone()).collect::<Vec<_>>();
    let names = |parties: &[PartyRecord]| parties.iter().map(|p| normalize_name(&p.name)).collect::<Vec<_>>();
    let overlap = |a: &[String], b: &[String]| a.iter().any(|x| b.contains(x));
    let (app_applicants, app_debtors) = (ids(&application.applicants), ids(&application.debtors));
    let (app_applicant_names, app_debtor_names) =
        (names(&application.applicants), names(&application.debtors));
    let mut matches = Vec::new();
    for case in candidates {
        let same_document = normalize_document_number(&case.basis_document_number) == number;
        let same_applicant = overlap(&app_applicants, &ids(&case.applicants));
        let same_debtor = overlap(&app_debtors, &ids(&case.debtors));
        if same_document && same_applicant && same_debtor {
            return Duplicates::Exact { case_number: case.case_number.clone() };
        }
        let mut reasons = Vec::new();
        if same_document {
            reasons.push("same document number, different parties / 执行依据相同而当事人不同");
        }
        let applicant_names = overlap(&app_applicant_names, &names(&case.applicants));
        let debtor_names = overlap(&app_debtor_names, &names(&case.debtors));
        if same_document && (applicant_names || debtor_names) && !(same_applicant && same_debtor) {
            reasons.push("a party with the same name but another identifier / 同名当事人证件号码不同");
        }
        if !same_document && same_applicant && same_debtor && case.principal == application.principal {
            reasons.push("same parties and amount under another document / 当事人与金额相同");
        }
        if !reasons.is_empty() {
            matches.push(NearMatch { case_number: case.case_number.clone(), reasons });
        }
    }
    if matches.is_empty() { Duplicates::None } else { Duplicates::Near { matches } }
}

fn check_parties(
    side: &str,
    parties: &[PartyInput],
    today: NaiveDate,
    issues: &mut Vec<FieldIssue>,
) -> Vec<PartyRecord> {
    if parties.is_empty() {
        issues.push(FieldIssue::new(side, "required", "at least one party / 至少一方当事人"));
    }
    if parties.len() > PARTIES_PER_SIDE_MAX {
        issues.push(FieldIssue::new(side, "too_many", "at most 50 parties / 当事人过多"));
    }
    let mut records = Vec::new();
    for (i, party) in parties.iter().enumerate().take(PARTIES_PER_SIDE_MAX) {
        let at = |field: &str| format!("{side}[{i}].{field}");
        check_text(&at("name"), &party.name, limits::NAME_CHARS_MAX, issues);
        let id_number = match party.kind.as_str() {
            "person" => match CitizenId::parse(&party.id_number, today) {
                Ok(id) => Some(id.as_str().to_owned()),
                Err(e) => {
                    issues.push(FieldIssue::new(at("id_number"), e.code(), e.to_string()));
                    None
                }
            },
            "company" => {
                if party.legal_representative.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    issues.push(FieldIssue::new(
                        at("legal_representative"),
                        "required",
                        "a company needs its 法定代表人 / 单位须填写法定代表人",
                    ));
                }
                match Uscc::parse(&party.id_number) {
                    Ok(code) => Some(code.as_str().to_owned()),
                    Err(e) => {
                        issues.push(FieldIssue::new(at("id_number"), e.code(), e.to_string()));
                        None
                    }
                }
            }
            _ => {
                issues.push(FieldIssue::new(
                    at("kind"),
                    "unknown_kind",
                    "person or company / 应为自然人或单位",
                ));
                None
            }
        };
        for (field, value) in
            [("legal_representative", &party.legal_representative), ("address", &party.address)]
        {
            if let Some(value) = value {
                check_text(&at(field), value, limits::NAME_CHARS_MAX * 2, issues);
            }
        }
        if let Some(phone) = &party.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' '));
            if !allowed || !(5..=20).contains(&digits) {
                issues.push(FieldIssue::new(
                    at("phone"),
                    "invalid_phone",
                    "5–20 digits / 电话号码格式不正确",
                ));
            }
        }
        if let Some(id_number) = id_number {
            records.push(PartyRecord {
                kind: party.kind.clone(),
                name: party.name.trim().to_owned(),
                id_number,
                legal_representative: party.legal_representative.clone(),
                phone: party.phone.clone(),
                address: party.address.clone(),
            });
        }
    }
    records
}

const BASIS_KINDS: [&str; 6] =
    ["judgment", "ruling", "mediation", "arbitral_award", "notarized_debt", "other"];

fn check_basis(basis: &BasisInput, today: NaiveDate, issues: &mut Vec<FieldIssue>) -> Option<BasisRecord> {
    let before = issues.len();
    if !BASIS_KINDS.contains(&basis.kind.as_str()) {
        issues.push(FieldIssue::new(
            "basis.kind",
            "unknown_kind",
            "judgment, ruling, mediation, arbitral_award, notarized_debt or other / 执行依据种类不正确",
        ));
    }
    check_text("basis.issuer", &basis.issuer, limits::NAME_CHARS_MAX, issues);
    check_text("basis.document_number", &basis.document_number, 64, issues);
    if basis.effective_on > today {
        issues.push(FieldIssue::new(
            "basis.effective_on",
            "in_future",
            "the basis is not yet effective / 执行依据尚未生效",
        ));
    }
    if basis.due_on < basis.effective_on {
        issues.push(FieldIssue::new(
            "basis.due_on",
            "before_effective",
            "the performance period cannot end before the basis takes effect / 履行期限不能早于生效日期",
        ));
    }
    (issues.len() == before).then(|| BasisRecord {
        kind: basis.kind.clone(),
        issuer: basis.issuer.trim().to_owned(),
        document_number: normalize_document_number(&basis.document_number),
        effective_on: basis.effective_on.to_string(),
        due_on: basis.due_on.to_string(),
    })
}

fn check_text(field: &str, text: &str, max_chars: usize, issues: &mut Vec<FieldIssue>) {
    let chars = text.trim().chars().count();
    if chars == 0 {
        issues.push(FieldIssue::new(field, "required", "required / 必填"));
    } else if chars > max_chars {
        issues.push(FieldIssue::new(field, "too_long", format!("at most {max_chars} characters / 过长")));
    } else if text.chars().any(char::is_control) && !text.chars().all(|c| !c.is_control() || c == '\n') {
        issues.push(FieldIssue::new(
            field,
            "control_character",
            "control characters are not allowed / 含非法字符",
        ));
    }
}

/// A trial 案号 (民初, 民终, 商初 …: types the enforcement parser does not number) in normalized form:
/// （year）, a court code, a type, a number, 号 — the shape of 案号若干规定 第3条.
fn trial_case_number(text: &Option<String>, issues: &mut Vec<FieldIssue>) -> Option<String> {
    let text = text.as_ref()?;
    let normalized = normalize_document_number(text);
    let shaped =
        normalized.strip_prefix('（').and_then(|rest| rest.split_once('）')).is_some_and(|(year, rest)| {
            year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && rest.contains('号')
                && rest.chars().any(|c| c.is_ascii_digit())
                && rest.chars().count() <= 32
        });
    if shaped {
        Some(normalized)
    } else {
        issues.push(FieldIssue::new(
            "source_case_number",
            "invalid_case_number",
            "a 案号 like （2024）浙0106民初123号 / 案号格式不正确",
        ));
        None
    }
}

fn canonical_number(field: &str, text: &Option<String>, issues: &mut Vec<FieldIssue>) -> Option<String> {
    let text = text.as_ref()?;
    match CaseNumber::parse(text) {
        Ok(number) => Some(number.canonical()),
        Err(e) => {
            issues.push(FieldIssue::new(field, e.code(), e.to_string()));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn person(name: &str, id: &str) -> PartyInput {
        PartyInput {
            kind: "person".into(),
            name: name.into(),
            id_number: id.into(),
            legal_representative: None,
            phone: Some("13800138000".into()),
            address: None,
        }
    }

    fn company(name: &str, code: &str) -> PartyInput {
        PartyInput {
            kind: "company".into(),
            name: name.into(),
            id_number: code.into(),
            legal_representative: Some("王五".into()),
            phone: None,
            address: Some("杭州市西湖区文三路1号".into()),
        }
    }

    fn input() -> ApplicationInput {
        ApplicationInput {
            applicants: vec![person("张三", "11010519491231002X")],
            debtors: vec![company("杭州某某商贸有限公司", "91350100M000100Y43")],
            basis: BasisInput {
                kind: "judgment".into(),
                issuer: "杭州市西湖区人民法院".into(),
                document_number: "(2024)浙0106民初123号".into(),
                effective_on: date(2024, 3, 1),
                due_on: date(2024, 3, 11),
            },
            principal: "100000".into(),
            interest: "0".into(),
            costs: "2300".into(),
            interest_terms: None,
            non_money: vec![],
            source_case_number: Some("（2024）浙0106民初123号".into()),
            preservation_case_number: None,
        }
    }

    const TODAY: fn() -> NaiveDate = || date(2024, 9, 30);

    #[test]
    fn a_complete_application_is_accepted() {
        let app = check_application(&input(), TODAY()).expect("valid");
        assert_eq!(app.basis.document_number, "（2024）浙0106民初123号");
        assert_eq!(app.principal, Amount::parse_yuan("100000").unwrap());
        assert_eq!(app.debtors[0].id_number, "91350100M000100Y43");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let mut bad = input();
        bad.applicants[0].id_number = "110101199003077777".into();
        bad.debtors[0].legal_representative = None;
        bad.basis.kind = "letter".into();
        bad.principal = "12.345".into();
        bad.preservation_case_number = Some("（2024）浙0106执12号".into());
        let issues = check_application(&bad, TODAY()).unwrap_err();
        let fields: Vec<_> = issues.iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("applicants[0].id_number", "citizen_id_check_mismatch"),
                ("debtors[0].legal_representative", "required"),
                ("basis.kind", "unknown_kind"),
                ("principal", "too_many_decimals"),
                ("preservation_case_number", "not_a_preservation_case"),
            ]
        );
    }

    #[test]
    fn nothing_to_enforce_is_refused() {
        let mut bad = input();
        bad.principal = "0".into();
        let issues = check_application(&bad, TODAY()).unwrap_err();
        assert_eq!(issues[0].code, "nothing_to_enforce");
        bad.non_money = vec!["迁出房屋".into()];
        assert!(check_application(&bad, TODAY()).is_ok());
    }

    #[test]
    fn review_within_7_days_zhixing_gongzuo_guiding_16() {
        let calendar = LegalCalendar::official();
        // (received, due): plain; ends on a holiday (国庆 2024) → next working day; ends on a 调休 working Saturday.
        let cases = [
            (date(2024, 3, 4), date(2024, 3, 11)),
            (date(2024, 9, 25), date(2024, 10, 8)),
            (date(2024, 10, 5), date(2024, 10, 12)),
        ];
        for (received, due) in cases {
            assert_eq!(review_due(received, calendar).unwrap(), due, "{received}");
        }
    }

    #[test]
    fn document_numbers_normalize() {
        let cases = [
            ("(2024)浙0106民初123号", "（2024）浙0106民初123号"),
            ("（２０２４）浙０１０６民初１２３号", "（2024）浙0106民初123号"),
            (" (2015)浙0106民初字第123号 ", "（2015）浙0106民初123号"),
            ("(2023)杭仲裁字第12号", "（2023）杭仲裁12号"),
            ("〔2023〕浙杭证字第88号", "（2023）浙杭证88号"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_document_number(input), expected, "{input}");
        }
    }

    fn filed(
        number: &str,
        doc: &str,
        applicant: PartyInput,
        debtor: PartyInput,
        principal: &str,
    ) -> FiledCase {
        let record = |p: PartyInput| PartyRecord {
            kind: p.kind,
            name: p.name,
            id_number: p.id_number,
            legal_representative: None,
            phone: None,
            address: None,
        };
        FiledCase {
            case_number: number.into(),
            basis_document_number: doc.into(),
            applicants: vec![record(applicant)],
            debtors: vec![record(debtor)],
            principal: Amount::parse_yuan(principal).unwrap(),
        }
    }

    #[test]
    fn duplicates_exact_and_near() {
        let app = check_application(&input(), TODAY()).unwrap();
        let zhang = person("张三", "11010519491231002X");
        let debtor = company("杭州某某商贸有限公司", "91350100M000100Y43");
        let other_debtor = company("杭州某某商贸有限公司", "91350200776049653A");
        let stranger = person("李四", "34052419800101001X");
        let doc = "（2024）浙0106民初123号";
        // (candidate, expected)
        let exact = filed("（2024）浙0106执1号", "(2024)浙0106民初123号", zhang.clone(), debtor.clone(), "1");
        assert_eq!(
            find_duplicates(&app, &[exact]),
            Duplicates::Exact { case_number: "（2024）浙0106执1号".into() }
        );
        let near_name = filed("（2024）浙0106执2号", doc, zhang.clone(), other_debtor, "100000");
        let Duplicates::Near { matches } = find_duplicates(&app, &[near_name]) else { panic!("near") };
        assert_eq!(matches[0].reasons.len(), 2);
        let same_parties =
            filed("（2024）浙0106执3号", "（2023）浙0106民初9号", zhang.clone(), debtor.clone(), "100000");
        assert!(matches!(find_duplicates(&app, &[same_parties]), Duplicates::Near { .. }));
        let unrelated = filed("（2024）浙0106执4号", "（2023）浙0106民初9号", stranger, debtor, "5");
        assert_eq!(find_duplicates(&app, &[unrelated]), Duplicates::None);
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize_name("杭州某某（集团）有限公司"), normalize_name("杭州某某(集团)有限公司"));
        assert_eq!(normalize_name("张 三"), "张三");
    }
}
