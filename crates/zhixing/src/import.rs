//! `zhixing import cases FILE`: historic cases from CSV (one applicant and one debtor per row) or
//! JSON Lines (any number of parties). Every row is checked and stored whole or refused with its
//! reasons; the report (one JSON object) lists the refused rows.

use crate::cli::StoreArgs;
use crate::config;
use anyhow::{Context, bail};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use std::path::Path;
use zhixing_app::{Actor, FieldError, ImportRow};
use zhixing_core::cases::filing::{ApplicationInput, BasisInput, PartyInput};

/// Rows in one file: a larger history is split into files.
const ROWS_MAX: usize = 1_000_000;

/// Refused rows listed in the report (the count is always exact).
const REPORTED_ERRORS_MAX: usize = 1_000;

/// The columns of the CSV form, in any order; all required.
const CSV_COLUMNS: [&str; 17] = [
    "case_number",
    "filed_on",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "debtor_kind",
    "debtor_name",
    "debtor_id_number",
    "debtor_legal_representative",
    "basis_kind",
    "basis_issuer",
    "basis_document_number",
    "basis_effective_on",
    "basis_due_on",
    "principal",
    "interest",
    "costs",
];

/// Imports the file; returns whether every row was imported.
pub(crate) async fn cases(file: &Path, store: &StoreArgs) -> anyhow::Result<bool> {
    let rows = read_rows(file)?;
    let app = crate::server::open(&config::store_location(store)).await?;
    let system = Actor::system("import");
    let (mut imported, mut refused) = (0u64, 0u64);
    let mut errors = Vec::new();
    for (line, row) in rows {
        let result = match row {
            Ok(row) => app.import_case(&system, &row).await,
            Err(problems) => Err(problems),
        };
        match result {
            Ok(_) => imported += 1,
            Err(problems) => {
                refused += 1;
                if errors.len() < REPORTED_ERRORS_MAX {
                    errors.push(json!({
                        "row": line,
                        "errors": problems.iter().map(|p| json!({ "field": p.field, "code": p.code, "message": p.message })).collect::<Vec<_>>(),
                    }));
                }
            }
        }
    }
    println!("{}", json!({ "imported": imported, "refused": refused, "errors": errors }));
    Ok(refused == 0)
}

type Row = (u64, Result<ImportRow, Vec<FieldError>>);

fn read_rows(file: &Path) -> anyhow::Result<Vec<Row>> {
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let rows = match extension.as_str() {
        "csv" => read_csv(file)?,
        "jsonl" | "ndjson" => read_jsonl(file)?,
        _ => bail!("{}: give a .csv or .jsonl file", file.display()),
    };
    if rows.len() > ROWS_MAX {
        bail!("{}: more than {ROWS_MAX} rows; split the file", file.display());
    }
    Ok(rows)
}

fn read_csv(file: &Path) -> anyhow::Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let headers = reader.headers().context("the CSV has no header row")?.clone();
    for column in CSV_COLUMNS {
        if !headers.iter().any(|h| h == column) {
            bail!("the CSV lacks the column {column:?} (columns: {})", CSV_COLUMNS.join(","));
        }
    }
    if let Some(unknown) = headers.iter().find(|h| !CSV_COLUMNS.contains(h)) {
        bail!("unknown CSV column {unknown:?} (columns: {})", CSV_COLUMNS.join(","));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let row = match record {
            Ok(record) => {
                let get = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h == name)
                        .and_then(|p| record.get(p))
                        .unwrap_or_default()
                        .to_owned()
                };
                csv_row(&get)
            }
            Err(e) => Err(vec![problem("row", "malformed_csv", &e.to_string())]),
        };
        rows.push((line, row));
        if rows.len() > ROWS_MAX {
            break;
        }
    }
    Ok(rows)
}

fn csv_row(get: &dyn Fn(&str) -> String) -> Result<ImportRow, Vec<FieldError>> {
    let mut problems = Vec::new();
    let mut date = |name: &str| match NaiveDate::parse_from_str(&get(name), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(problem(
                name,
                "invalid_date",
                "a date in the form YYYY-MM-DD / 日期格式应为YYYY-MM-DD",
            ));
            None
        }
    };
    let (filed_on, effective_on, due_on) =
        (date("filed_on"), date("basis_effective_on"), date("basis_due_on"));
    let (Some(filed_on), Some(effective_on), Some(due_on)) = (filed_on, effective_on, due_on) else {
        return Err(problems);
    };
    let optional = |name: &str| Some(get(name)).filter(|v| !v.is_empty());
    Ok(ImportRow {
        case_number: get("case_number"),
        filed_on,
        input: ApplicationInput {
            applicants: vec![PartyInput {
                kind: get("applicant_kind"),
                name: get("applicant_name"),
                id_number: get("applicant_id_number"),
                legal_representative: None,
                phone: None,
                address: None,
            }],
            debtors: vec![PartyInput {
                kind: get("debtor_kind"),
                name: get("debtor_name"),
                id_number: get("debtor_id_number"),
                legal_representative: optional("debtor_legal_representative"),
                phone: None,
                address: None,
            }],
            basis: BasisInput {
                kind: get("basis_kind"),
                issuer: get("basis_issuer"),
                document_number: get("basis_document_number"),
                effective_on,
                due_on,
            },
            principal: get("principal"),
            interest: optional("interest").unwrap_or_else(|| "0".into()),
            costs: optional("costs").unwrap_or_else(|| "0".into()),
            interest_terms: None,
            non_money: Vec::new(),
            source_case_number: None,
            preservation_case_number: None,
        },
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonParty {
    kind: String,
    name: String,
    id_number: String,
    #[serde(default)]
    legal_representative: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBasis {
    kind: String,
    issuer: String,
    document_number: String,
    effective_on: NaiveDate,
    due_on: NaiveDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow {
    case_number: String,
    filed_on: NaiveDate,
    applicants: Vec<JsonParty>,
    debtors: Vec<JsonParty>,
    basis: JsonBasis,
    principal: String,
    #[serde(default)]
    interest: Option<String>,
    #[serde(default)]
    costs: Option<String>,
    #[serde(default)]
    interest_terms: Option<String>,
    #[serde(default)]
    non_money: Vec<String>,
    #[serde(default)]
    source_case_number: Option<String>,
    #[serde(default)]
    preservation_case_number: Option<String>,
}

fn read_jsonl(file: &Path) -> anyhow::Result<Vec<Row>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let de = &mut serde_json::Deserializer::from_str(line);
        let row = match serde_path_to_error::deserialize::<_, JsonRow>(de) {
            Ok(row) => Ok(json_row(row)),
            Err(e) => Err(vec![problem(&e.path().to_string(), "invalid_json", &e.inner().to_string())]),
        };
        rows.push((i as u64 + 1, row));
        if rows.len() > ROWS_MAX {
            break;
        }
    }
    Ok(rows)
}

fn json_row(row: JsonRow) -> ImportRow {
    let party = |p: JsonParty| PartyInput {
        kind: p.kind,
        name: p.name,
        id_number: p.id_number,
        legal_representative: p.legal_representative,
        phone: p.phone,
        address: p.address,
    };
    ImportRow {
        case_number: row.case_number,
        filed_on: row.filed_on,
        input: ApplicationInput {
            applicants: row.applicants.into_iter().map(party).collect(),
            debtors: row.debtors.into_iter().map(party).collect(),
            basis: BasisInput {
                kind: row.basis.kind,
                issuer: row.basis.issuer,
                document_number: row.basis.document_number,
                effective_on: row.basis.effective_on,
                due_on: row.basis.due_on,
            },
            principal: row.principal,
            interest: row.interest.unwrap_or_else(|| "0".into()),
            costs: row.costs.unwrap_or_else(|| "0".into()),
            interest_terms: row.interest_terms,
            non_money: row.non_money,
            source_case_number: row.source_case_number,
            preservation_case_number: row.preservation_case_number,
        },
    }
}

fn problem(field: &str, code: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), code: code.into(), message: message.into() }
}
