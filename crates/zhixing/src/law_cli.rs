//! `check`, `calc` and `calendar`: the law core on the command line. Each prints ONE JSON object on
//! stdout. A value the rule refuses exits 1 with the reason in the object; an argument that does
//! not parse at all is a usage error (exit 2, message on stderr, from clap).

use crate::cli::{CalcCommand, CalendarCommand, CheckCommand};
use serde_json::{Value, json};
use std::process::ExitCode;
use zhixing_core::calendar::LegalCalendar;
use zhixing_core::ids::case_number::CaseNumber;
use zhixing_core::ids::citizen_id::CitizenId;
use zhixing_core::ids::uscc::Uscc;
use zhixing_core::law::{delay_interest, fee};

pub(crate) fn check(command: CheckCommand) -> ExitCode {
    match command {
        CheckCommand::Id { number } => match CitizenId::parse(&number, crate::config::today()) {
            Ok(id) => ok(json!({
                "valid": true,
                "normalized": id.as_str(),
                "birth_date": id.birth_date().to_string(),
                "sex": id.sex().as_str(),
                "region_code": id.region_code(),
            })),
            Err(e) => invalid(e.code(), &e.to_string()),
        },
        CheckCommand::Uscc { code } => match Uscc::parse(&code) {
            Ok(code) => ok(json!({
                "valid": true,
                "normalized": code.as_str(),
                "region_code": code.region_code(),
                "org_code_check": code.org_code_check(),
            })),
            Err(e) => invalid(e.code(), &e.to_string()),
        },
        CheckCommand::CaseNumber { text } => match CaseNumber::parse(&text) {
            Ok(number) => ok(json!({
                "valid": true,
                "year": number.year(),
                "court_code": number.court_code(),
                "case_type": number.case_type().code(),
                "seq": number.seq(),
                "canonical": number.canonical(),
            })),
            Err(e) => invalid(e.code(), &e.to_string()),
        },
    }
}

pub(crate) fn calc(command: CalcCommand) -> ExitCode {
    match command {
        CalcCommand::Fee { amount } => {
            ok(json!({ "amount": amount.to_string(), "fee": fee::application_fee(amount).to_string() }))
        }
        CalcCommand::DelayInterest { amount, due, paid } => {
            match delay_interest::doubled_delay_interest(amount, due, paid) {
                Ok(result) => ok(json!({ "days": result.days, "interest": result.interest.to_string() })),
                Err(e) => error(e.code(), &e.to_string()),
            }
        }
        CalcCommand::Words { amount } => ok(json!({ "words": amount.to_chinese_capitals() })),
    }
}

pub(crate) fn calendar(command: CalendarCommand) -> ExitCode {
    let calendar = LegalCalendar::official();
    let result = match command {
        CalendarCommand::IsWorkday { date } => calendar
            .is_working_day(date)
            .map(|workday| json!({ "date": date.to_string(), "workday": workday })),
        CalendarCommand::AddWorkdays { date, n } => {
            calendar.add_working_days(date, n).map(|d| json!({ "date": d.to_string() }))
        }
        CalendarCommand::PeriodEnd { start, days } => {
            calendar.period_end(start, days).map(|d| json!({ "date": d.to_string() }))
        }
    };
    match result {
        Ok(value) => ok(value),
        Err(e) => error(e.code(), &e.to_string()),
    }
}

fn ok(value: Value) -> ExitCode {
    println!("{value}");
    ExitCode::SUCCESS
}

fn invalid(code: &str, reason: &str) -> ExitCode {
    println!("{}", json!({ "valid": false, "error": reason, "code": code }));
    ExitCode::from(1)
}

fn error(code: &str, reason: &str) -> ExitCode {
    println!("{}", json!({ "error": reason, "code": code }));
    ExitCode::from(1)
}
