//! Importing historic cases (案件导入): each row a case that already has its 案号 and filing date,
//! checked like a new application and stored whole or not at all. The court's 案号 sequence is raised
//! past every imported number, so new filings continue after them.

use crate::users::uuid_timestamp;
use crate::{Actor, App, AppError, FieldError};
use chrono::{Datelike, NaiveDate};
use zhixing_core::cases::filing::{self, ApplicationInput};
use zhixing_core::cases::{self, CaseFiled};
use zhixing_core::clock::china_date;
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::ids::case_number::CaseNumber;
use zhixing_store::{AppendBatch, StoreError};

/// One historic case to import.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub case_number: String,
    pub filed_on: NaiveDate,
    pub input: ApplicationInput,
}

impl App {
    /// Imports one historic case, or says every reason it cannot (nothing of a refused row is stored).
    pub async fn import_case(&self, actor: &Actor, row: &ImportRow) -> Result<String, Vec<FieldError>> {
        let today = china_date(self.clock().now());
        let mut errors = Vec::new();
        let number = match CaseNumber::parse(&row.case_number) {
            Ok(n) if !n.case_type().is_enforcement() => {
                errors.push(field("case_number", "not_enforcement", "not an enforcement 案号 / 非执行案号"));
                None
            }
            Ok(n) if self.courts.get(n.court_code()).is_none() => {
                errors.push(field(
                    "case_number",
                    "unknown_court",
                    "no court with this code / 法院代字不存在",
                ));
                None
            }
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(field("case_number", e.code(), &e.to_string()));
                None
            }
        };
        if row.filed_on > today {
            errors.push(field("filed_on", "in_future", "the filing date is after today / 立案日期晚于今日"));
        }
        if let Some(n) = &number
            && i32::from(n.year()) != row.filed_on.year()
        {
            errors.push(field(
                "filed_on",
                "year_mismatch",
                "the 案号's year is the filing year / 案号年度应为立案年度",
            ));
        }
        let application = match filing::check_application(&row.input, today) {
            Ok(a) => Some(a),
            Err(issues) => {
                errors.extend(issues.into_iter().map(|i| FieldError {
                    field: i.field,
                    code: i.code,
                    message: i.message,
                }));
                None
            }
        };
        let (Some(number), Some(application), true) = (number, application, errors.is_empty()) else {
            return Err(errors);
        };
        let case_id = uuid::Uuid::new_v7(uuid_timestamp(self.clock().now())).to_string();
        let court = number.court_code().to_owned();
        let filed = CaseFiled {
            case_id: case_id.clone(),
            case_number: number.canonical(),
            court: court.clone(),
            year: i32::from(number.year()),
            seq: number.seq(),
            case_type: number.case_type().code().to_owned(),
            filed_on: row.filed_on.to_string(),
            applicants: application.applicants,
            debtors: application.debtors,
            basis: application.basis,
            principal_fen: application.principal.fen(),
            interest_fen: application.interest.fen(),
            costs_fen: application.costs.fen(),
            application_id: None,
            interest_terms: application.interest_terms,
            non_money: application.non_money,
            source_case_number: application.source_case_number,
            preservation_case_number: application.preservation_case_number,
        };
        let counter = format!("case_number/{court}/{}/{}", number.case_type().code(), number.year());
        let batch = AppendBatch::new(&actor.reference(), &court)
            .stream(
                &cases::case_stream(&case_id),
                ExpectedVersion::NoStream,
                vec![NewEvent::new(cases::CASE_FILED, 1, &filed)],
            )
            .counter_floor(&counter, u64::from(number.seq()));
        match self.store.append(&batch).await {
            Ok(_) => Ok(filed.case_number),
            Err(StoreError::UniqueViolation { what }) if what == "cases.case_number" => Err(vec![field(
                "case_number",
                "case_exists",
                "a case with this 案号 already exists / 案号已存在",
            )]),
            Err(e) => {
                Err(vec![field("row", AppError::from(e).code(), "the row could not be stored / 无法保存")])
            }
        }
    }
}

fn field(field: &str, code: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), code: code.into(), message: message.into() }
}
