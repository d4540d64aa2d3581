//! The officer's workbench (执行工作台): the court's deadlines (overdue and due soon first) and cases, the search,
//! the case page, filing, and the actions on a case.

use super::{Frame, Posted, Session, UiError, render};
use crate::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use zhixing_app::{ControlInput, InquiryInput};
use zhixing_core::cases::case::{CaseCommand, Fact};
use zhixing_core::cases::filing::{ApplicationInput, BasisInput, PartyInput};
use zhixing_core::money::Amount;

/// Rows of each list on the workbench.
const LIST_ROWS: u32 = 50;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/search", get(search))
        .route("/deadlines.csv", get(export_deadlines))
        .route("/cases/new", get(new_case_page).post(file_case))
        .route("/cases/{case_number}", get(case_page))
        .route("/cases/{case_number}/inquiry", post(inquiry))
        .route("/cases/{case_number}/notice", post(notice))
        .route("/cases/{case_number}/assign", post(assign))
        .route("/cases/{case_number}/freeze", post(freeze))
}

fn yuan(fen: i64) -> String {
    Amount::from_fen(fen).map(|a| a.to_string()).unwrap_or_default()
}

fn freeze_status_zh(status: zhixing_core::inquiry::record::FreezeStatus) -> &'static str {
    use zhixing_core::inquiry::record::FreezeStatus as S;
    match status {
        S::Requested => "已发送",
        S::InForce => "冻结中",
        S::Queued => "轮候冻结",
        S::Released => "已解除",
        S::Expired => "已到期",
        S::Refused => "被拒绝",
    }
}

fn case_line(state: &AppState, c: &zhixing_store::CaseRow) -> Value {
    json!({
        "case_number": c.case_number,
        "court": state.app.court_name(&c.court),
        "filed_on": c.filed_on,
        "applicants": c.applicants,
        "debtors": c.debtors,
        "principal": yuan(c.principal_fen),
        "status": status_zh(&c.status),
    })
}

fn status_zh(status: &str) -> &'static str {
    match status {
        "filed" => "执行中",
        "suspended" => "中止",
        "closed" => "已结案",
        _ => "其他",
    }
}

/// The workbench: overdue deadlines, then those due soon, then the court's newest cases.
pub(super) async fn home(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    let court = session.actor.court.clone();
    let overdue = state.app.deadlines_due(&session.actor, &court, true, LIST_ROWS).await?;
    let due_soon = state.app.deadlines_due(&session.actor, &court, false, LIST_ROWS).await?;
    let cases = state.app.list_cases(&session.actor, &court, LIST_ROWS, 0).await?;
    let mine = state.app.my_deadlines(&session.actor, LIST_ROWS).await?;
    let today = state.app.today().to_string();
    let deadline = |d: &zhixing_store::DeadlineRow, kind: &str| {
        json!({
            "case_number": d.case_number,
            "node": node_zh(&d.node),
            "due_on": d.due_on,
            "officer": d.officer,
            "mine": d.officer == session.actor.name,
            "kind": kind,
        })
    };
    let deadlines: Vec<Value> = overdue
        .iter()
        .map(|d| deadline(d, "overdue"))
        .chain(due_soon.iter().map(|d| deadline(d, "due_soon")))
        .collect();
    // The officer's own cases by their next deadlines: overdue, due soon, or running.
    let mine: Vec<Value> = mine
        .iter()
        .map(|d| {
            let kind = if d.due_on < today {
                "overdue"
            } else if d.warn_from <= today {
                "due_soon"
            } else {
                "running"
            };
            json!({ "case_number": d.case_number, "node": node_zh(&d.node), "due_on": d.due_on, "kind": kind })
        })
        .collect();
    let context = json!({
        "frame": Frame::of(&state, &session),
        "title": "执行工作台",
        "mine": mine,
        "overdue": overdue.len(),
        "due_soon": due_soon.len(),
        "deadlines": deadlines,
        "cases": cases.iter().map(|c| case_line(&state, c)).collect::<Vec<_>>(),
    });
    Ok(render("workbench.html", context))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportParams {
    /// overdue | due_soon (missing: refused by name like a wrong value)
    kind: Option<String>,
}

/// The whole overdue (or due-soon) list of the user's court and the courts below it as CSV (导出), for a
/// spreadsheet: UTF-8 with a byte-order mark, so the Chinese opens as it should.
async fn export_deadlines(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<ExportParams>,
) -> Result<Response, UiError> {
    let kind = params.kind.unwrap_or_default();
    let overdue = match kind.as_str() {
        "overdue" => true,
        "due_soon" => false,
        _ => return Err(UiError::Form("kind：应为 overdue（超期）或 due_soon（临期）".to_owned())),
    };
    let court = session.actor.court.clone();
    let rows = state.app.deadline_set(&session.actor, &court, overdue).await?;
    let failed = |e: csv::Error| UiError::App(zhixing_app::AppError::Internal(e.to_string()));
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(["案号", "法院", "节点", "到期日", "预警起始日", "承办人"]).map_err(failed)?;
    for r in &rows {
        let court = state.app.court_name(&r.court);
        out.write_record([&r.case_number, &court, node_zh(&r.node), &r.due_on, &r.warn_from, &r.officer])
            .map_err(failed)?;
    }
    let body = out.into_inner().map_err(|e| failed(e.into_error().into()))?;
    let file = format!("attachment; filename=\"deadlines-{kind}-{}.csv\"", state.app.today());
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)],
        body,
    )
        .into_response())
}

fn node_zh(code: &str) -> &str {
    zhixing_core::flow::Node::parse(code).map_or(code, |n| n.name_zh())
}

#[derive(Debug, Deserialize)]
pub(super) struct SearchParams {
    q: String,
}

/// Search by 案号 (straight to the case), or by a party's name or identifier.
async fn search(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<SearchParams>,
) -> Result<Response, UiError> {
    let q = params.q.trim();
    if let Ok(number) = zhixing_core::ids::case_number::CaseNumber::parse(q) {
        let path = format!("/cases/{}", urlencode(&number.canonical()));
        return Ok(Redirect::to(&path).into_response());
    }
    let cases = state.app.search_cases(&session.actor, &session.actor.court, q, LIST_ROWS).await?;
    let context = json!({
        "frame": Frame::of(&state, &session),
        "title": "案件检索",
        "query": q,
        "searched": true,
        "overdue": 0, "due_soon": 0, "deadlines": [],
        "cases": cases.iter().map(|c| case_line(&state, c)).collect::<Vec<_>>(),
    });
    Ok(render("workbench.html", context))
}

pub(crate) fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace('+', "%20")
}

/// The case page: parties and 执行依据, the node timeline planned against actual, assets found and their
/// freezes, inquiries, related cases and the event history.
async fn case_page(
    State(state): State<AppState>,
    session: Session,
    Path(case_number): Path<String>,
) -> Result<Response, UiError> {
    let actor = &session.actor;
    let flow = state.app.case_flow(actor, &case_number).await?;
    let control = state.app.case_control(actor, &case_number).await?;
    let related = state.app.related_cases(&flow.case).await?;
    let history = state.app.case_history(actor, &case_number, 500).await?;
    let measures =
        super::measures::case_measures(&state, &session, &flow.state, &flow.case.case_number).await?;
    let case = &flow.case;
    let filed = flow.state.filed.as_ref();
    let parties: Vec<Value> = case
        .parties
        .iter()
        .map(|p| {
            json!({
                "role": if p.role == "applicant" { "申请执行人" } else { "被执行人" },
                "kind": if p.kind == "person" { "自然人" } else { "单位" },
                "name": p.name,
                "id_number": p.id_number,
            })
        })
        .collect();
    let timeline: Vec<Value> = flow
        .timeline
        .iter()
        .map(|r| {
            json!({
                "node": r.node.name_zh(),
                "planned_on": r.planned_on.map(|d| d.to_string()),
                "actual_on": r.actual_on.map(|d| d.to_string()),
                "status": r.status.map(|s| s.name_zh()),
                "status_code": r.status.map(|s| s.code()),
                "late_days": r.late_days,
            })
        })
        .collect();
    let record = &control.record;
    let assets: Vec<Value> = record
        .inventory
        .values()
        .map(|e| {
            let freeze = record
                .freezes
                .values()
                .find(|f| f.institution == e.institution && f.holding == e.holding.holding);
            json!({
                "institution": e.institution,
                "institution_name": state.app.directory.get(&e.institution).map(|i| i.name.clone()).unwrap_or_default(),
                "subject": e.subject,
                "holding": e.holding.holding,
                "item": e.holding.description,
                "amount": e.holding.amount,
                "found_on": e.found_on,
                "freeze": freeze.map(|f| json!({
                    "status": freeze_status_zh(f.status),
                    "amount": f.amount.map(|a| a.to_string()),
                    "until": f.until.to_string(),
                })),
                "freezable": freeze.is_none() && e.holding.amount.as_deref().is_some_and(|a| a != "0.00"),
                "deductible": freeze.is_some_and(|f| f.status == zhixing_core::inquiry::record::FreezeStatus::InForce),
            })
        })
        .collect();
    let inquiries: Vec<Value> = record
        .inquiries
        .values()
        .map(|i| {
            let done = record.completed.get(&i.inquiry_id);
            json!({
                "inquiry_id": i.inquiry_id,
                "requested_on": i.requested_on,
                "subjects": i.subjects.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join("、"),
                "institutions": i.institutions,
                "completed": done.map(|d| json!({ "on": d.completed_on, "answered": d.answered, "failed": d.failed })),
            })
        })
        .collect();
    let events: Vec<Value> = history
        .iter()
        .rev()
        .map(|e| {
            json!({
                "position": e.position,
                "event_type": e.event_type,
                "at": e.recorded_at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
                    .format("%Y-%m-%d %H:%M:%S").to_string(),
                "actor": e.actor,
            })
        })
        .collect();
    let context = json!({
        "frame": Frame::of(&state, &session),
        "login": session.actor.login,
        "title": case.case_number,
        "case": case_line(&state, case),
        "case_number_path": urlencode(&case.case_number),
        "progress_code": zhixing_app::progress_code(&case.case_id),
        "officer": flow.state.officer.as_ref().map(|o| o.officer_name.clone()),
        "closed": flow.state.closed.as_ref().map(|c| c.mode.clone()),
        "basis": filed.map(|f| json!({
            "kind": basis_kind_zh(&f.basis.kind),
            "issuer": f.basis.issuer,
            "document_number": f.basis.document_number,
            "effective_on": f.basis.effective_on,
            "due_on": f.basis.due_on,
            "interest": yuan(f.interest_fen),
            "costs": yuan(f.costs_fen),
        })),
        "parties": parties,
        "timeline": timeline,
        "assets": assets,
        "inquiries": inquiries,
        "related": related.iter().map(|c| case_line(&state, c)).collect::<Vec<_>>(),
        "events": events,
        "measures": measures,
        "deducted": record.deducted_total().to_string(),
        "today": state.app.today().to_string(),
    });
    Ok(render("case.html", context))
}

fn basis_kind_zh(kind: &str) -> &'static str {
    match kind {
        "judgment" => "判决书",
        "ruling" => "裁定书",
        "mediation" => "调解书",
        "arbitral_award" => "仲裁裁决书",
        "notarized_debt" => "公证债权文书",
        _ => "其他",
    }
}

/// A form with nothing but its CSRF token (a button).
#[derive(Debug, Deserialize)]
struct Button {}

pub(super) fn back_to(case_number: &str) -> Response {
    Redirect::to(&format!("/cases/{}", urlencode(case_number))).into_response()
}

/// 一键查询: every debtor at every institution of every class.
async fn inquiry(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, .. }: Posted<Button>,
) -> Result<Response, UiError> {
    let input = InquiryInput { classes: Vec::new(), subjects: Vec::new(), urgent: false };
    state.app.request_inquiry(&session.actor, &case_number, &input).await?;
    Ok(back_to(&case_number))
}

/// 执行通知书 and 报告财产令 issued today.
async fn notice(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, .. }: Posted<Button>,
) -> Result<Response, UiError> {
    let command =
        CaseCommand::RecordFact { fact: Fact::NoticeIssued, on: state.app.today(), simple: None, note: None };
    state.app.case_command(&session.actor, &case_number, &command).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct AssignForm {
    officer_login: String,
    #[serde(default)]
    assistant: String,
    #[serde(default)]
    clerk: String,
}

/// Assigns the case to an officer (by login) and team today.
async fn assign(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<AssignForm>,
) -> Result<Response, UiError> {
    let optional = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let (assistant, clerk) = (optional(form.assistant), optional(form.clerk));
    state.app.assign_to_login(&session.actor, &case_number, &form.officer_login, assistant, clerk).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct FreezeForm {
    institution: String,
    holding: String,
    #[serde(default)]
    amount: String,
}

/// Freezes one holding found by the network (the amount owed, or the balance found, whichever is less is the
/// officer's to decide; empty freezes what the holding has).
async fn freeze(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<FreezeForm>,
) -> Result<Response, UiError> {
    let amount = Some(form.amount.trim().to_owned()).filter(|a| !a.is_empty());
    // A deposit's longest term: one year (民诉法解释 第485条), from today.
    let today = state.app.today();
    let until = zhixing_core::inquiry::record::longest_until(today, 12)
        .ok_or_else(|| UiError::Form("冻结期限超出日历".to_owned()))?;
    let input = ControlInput::Freeze {
        institution: form.institution,
        holding: form.holding,
        amount,
        from: None,
        until: until.to_string(),
    };
    state.app.request_control(&session.actor, &case_number, &input, false).await?;
    Ok(back_to(&case_number))
}

// ─── filing ─────────────────────────────────────────────────────────────────────────────────────

async fn new_case_page(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    let context = json!({
        "frame": Frame::of(&state, &session),
        "title": "立案",
        "today": state.app.today().to_string(),
        "form": Value::Null,
        "flags": [],
    });
    Ok(render("file_case.html", context))
}

/// The filing form: one applicant and one debtor (more through the API or the import).
#[derive(Debug, Deserialize, Serialize)]
struct FileForm {
    applicant_kind: String,
    applicant_name: String,
    applicant_id: String,
    #[serde(default)]
    applicant_rep: String,
    debtor_kind: String,
    debtor_name: String,
    debtor_id: String,
    #[serde(default)]
    debtor_rep: String,
    basis_kind: String,
    basis_issuer: String,
    basis_number: String,
    basis_effective_on: String,
    basis_due_on: String,
    principal: String,
    #[serde(default)]
    interest: String,
    #[serde(default)]
    costs: String,
    /// Near-duplicates shown and acknowledged by the clerk: the application they were shown for.
    #[serde(default)]
    acknowledge: Option<String>,
    #[serde(default)]
    application_id: Option<String>,
}

async fn file_case(
    State(state): State<AppState>,
    Posted { session, mut form }: Posted<FileForm>,
) -> Result<Response, UiError> {
    if let (Some(_), Some(application_id)) = (&form.acknowledge, &form.application_id) {
        let accepted = state.app.accept_application(&session.actor, application_id, true).await?;
        return Ok(back_to(&accepted.case_number));
    }
    let date = |field: &str, text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| UiError::Form(format!("{field}：日期应为YYYY-MM-DD")))
    };
    let party = |kind: &str, name: &str, id: &str, rep: &str| PartyInput {
        kind: kind.to_owned(),
        name: name.trim().to_owned(),
        id_number: id.trim().to_owned(),
        legal_representative: Some(rep.trim().to_owned()).filter(|r| !r.is_empty()),
        phone: None,
        address: None,
    };
    let or_zero = |s: &str| if s.trim().is_empty() { "0".to_owned() } else { s.trim().to_owned() };
    let input = ApplicationInput {
        applicants: vec![party(
            &form.applicant_kind,
            &form.applicant_name,
            &form.applicant_id,
            &form.applicant_rep,
        )],
        debtors: vec![party(&form.debtor_kind, &form.debtor_name, &form.debtor_id, &form.debtor_rep)],
        basis: BasisInput {
            kind: form.basis_kind.clone(),
            issuer: form.basis_issuer.trim().to_owned(),
            document_number: form.basis_number.trim().to_owned(),
            effective_on: date("生效日期", &form.basis_effective_on)?,
            due_on: date("履行期限", &form.basis_due_on)?,
        },
        principal: form.principal.trim().to_owned(),
        interest: or_zero(&form.interest),
        costs: or_zero(&form.costs),
        interest_terms: None,
        non_money: Vec::new(),
        source_case_number: None,
        preservation_case_number: None,
    };
    let court = session.actor.court.clone();
    let submitted = state.app.submit_application(&session.actor, &court, &input).await?;
    if !submitted.flags.is_empty() {
        // Near-duplicates go back to the clerk with the cases they resemble; the application waits for review.
        let flags: Vec<Value> = submitted
            .flags
            .iter()
            .map(|f| json!({ "case_number": f.case_number, "reason": format!("{:?}", f.reasons) }))
            .collect();
        form.application_id = Some(submitted.application_id);
        let context = json!({
            "frame": Frame::of(&state, &session),
            "title": "立案",
            "today": state.app.today().to_string(),
            "form": form,
            "flags": flags,
        });
        return Ok(render("file_case.html", context));
    }
    let accepted = state.app.accept_application(&session.actor, &submitted.application_id, false).await?;
    Ok(back_to(&accepted.case_number))
}
