//! Network inquiry and control on a case (网络查控, C4): one-click inquiry, the asset inventory, and freezes,
//! renewals, releases and deductions through the network. A request is answered 202: it is queued with its
//! event and the gateway sends it; the answers appear on the case as they come in.

use crate::AppState;
use crate::extract::{ApiJson, Authenticated, IdempotencyKey};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhixing_app::{ControlInput, InquiryInput, Requested};
use zhixing_core::clock::china_date;
use zhixing_core::inquiry::classes::item;
use zhixing_core::inquiry::protocol::{Holding, Outcome};
use zhixing_core::inquiry::record::{ControlRequested, RENEWAL_REMINDER_DAYS};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InquiryBody {
    /// Asset class codes (deposit, vehicle, real_estate …); empty or absent = all sixteen.
    #[serde(default)]
    classes: Vec<String>,
    /// Debtors' id numbers; empty or absent = every debtor of the case.
    #[serde(default)]
    subjects: Vec<String>,
    /// Urgent inquiries go first where quotas bind.
    #[serde(default)]
    urgent: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InquiryDto {
    inquiry_id: String,
    requested_on: String,
    classes: Vec<String>,
    /// Debtors' id numbers.
    subjects: Vec<String>,
    /// Institutions it goes to.
    institutions: u32,
    urgent: bool,
    /// Once every institution has answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    completed_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answered: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InventoryDto {
    institution: String,
    /// The debtor's id number.
    subject: String,
    /// Item code and its Chinese name.
    item: String,
    item_name: String,
    class: String,
    /// The institution's record: reference, description, balance or value, related person, freezes by any
    /// court at the time of the answer.
    #[schema(value_type = Object)]
    holding: Holding,
    found_on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FreezeDto {
    request_id: String,
    institution: String,
    holding: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    freeze: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<String>,
    from: String,
    until: String,
    /// requested | in_force | queued | released | expired | refused
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    renewal_requested: Option<String>,
    /// Ends within the reminder window and no renewal is pending (续行提醒).
    renewal_due: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RequestDto {
    request_id: String,
    /// freeze | unfreeze | renew | deduct
    kind: &'static str,
    institution: String,
    requested_on: String,
    /// What the institution answered, in order (its answer, then any notices).
    #[schema(value_type = Vec<Object>)]
    answers: Vec<Outcome>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AssetsDto {
    case_number: String,
    inquiries: Vec<InquiryDto>,
    inventory: Vec<InventoryDto>,
    freezes: Vec<FreezeDto>,
    requests: Vec<RequestDto>,
    /// Moved to the court's custody account, in yuan.
    deducted: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ControlDto {
    request_id: String,
    kind: &'static str,
    institution: String,
    requested_on: String,
}

fn control_dto(e: ControlRequested) -> ControlDto {
    ControlDto {
        kind: e.op.kind(),
        request_id: e.request_id,
        institution: e.institution,
        requested_on: e.requested_on,
    }
}

/// A one-click inquiry (一键查询) of the case's debtors at every institution of the chosen classes (总对总, and
/// the local agencies of the court's province).
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/inquiries", tag = "control", request_body = InquiryBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号"), ("Idempotency-Key" = Option<String>, Header, description = "the client's key for this request: sent again, it is answered from the record")),
    responses((status = 200, description = "made before under the same Idempotency-Key"), (status = 202, body = InquiryDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 409, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn inquire(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<InquiryBody>,
) -> Result<Response, ApiError> {
    let input = InquiryInput { classes: body.classes, subjects: body.subjects, urgent: body.urgent };
    let Requested { request: e, replayed } =
        state.app.request_inquiry_once(&actor, &case_number, &input, key.as_deref()).await?;
    Ok(accepted(
        replayed,
        InquiryDto {
            inquiry_id: e.inquiry_id,
            requested_on: e.requested_on,
            classes: e.classes,
            subjects: e.subjects.into_iter().map(|s| s.id_number).collect(),
            institutions: e.institutions,
            urgent: e.urgent,
            completed_on: None,
            answered: None,
            failed: None,
        },
    ))
}

/// 202 for a request just made; 200 with `Idempotent-Replayed: true` for one made before under the same key.
fn accepted(replayed: bool, body: impl Serialize) -> Response {
    if replayed {
        (StatusCode::OK, [("Idempotent-Replayed", "true")], Json(body)).into_response()
    } else {
        (StatusCode::ACCEPTED, Json(body)).into_response()
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BatchInquiryBody {
    /// 案号 of the cases whose debtors are inquired about, 1 to 200, none twice.
    cases: Vec<String>,
    /// Asset class codes; empty or absent = all sixteen.
    #[serde(default)]
    classes: Vec<String>,
    #[serde(default)]
    urgent: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BatchInquiryItem {
    case_number: String,
    /// 202: made now; 200: made before under the same Idempotency-Key; else the problem's status.
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    inquiry_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    institutions: Option<u32>,
    /// Why this case was refused (the others are not held back by it).
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<crate::Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BatchInquiryDto {
    accepted: usize,
    refused: usize,
    results: Vec<BatchInquiryItem>,
}

/// One-click inquiries of many cases at once (批量查询): every debtor of each case, each inquiry recorded on its
/// case. A malformed list is refused whole (400/422, nothing recorded); a case the officer may not act on is
/// refused in its own item.
#[utoipa::path(post, path = "/api/v1/inquiries", tag = "control", request_body = BatchInquiryBody,
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "the client's key for this batch: sent again, it is answered from the record")),
    responses((status = 200, body = BatchInquiryDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn inquire_batch(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<BatchInquiryBody>,
) -> Result<Json<BatchInquiryDto>, ApiError> {
    let results =
        state.app.request_inquiries(&actor, &body.cases, &body.classes, body.urgent, key.as_deref()).await?;
    let results: Vec<BatchInquiryItem> = results
        .into_iter()
        .map(|(case_number, result)| match result {
            Ok(Requested { request, replayed }) => BatchInquiryItem {
                case_number,
                status: if replayed { 200 } else { 202 },
                inquiry_id: Some(request.inquiry_id),
                institutions: Some(request.institutions),
                problem: None,
            },
            Err(error) => {
                let problem = ApiError::from(error).problem();
                BatchInquiryItem {
                    case_number,
                    status: problem.status,
                    inquiry_id: None,
                    institutions: None,
                    problem: Some(problem),
                }
            }
        })
        .collect();
    let accepted = results.iter().filter(|r| r.problem.is_none()).count();
    Ok(Json(BatchInquiryDto { accepted, refused: results.len() - accepted, results }))
}

/// The case's inquiries, asset inventory (what, where, how much, frozen by whom, until when), freezes with
/// renewal reminders, and control requests with the institutions' answers.
#[utoipa::path(get, path = "/api/v1/cases/{case_number}/assets", tag = "control", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "案号")),
    responses((status = 200, body = AssetsDto), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem)))]
pub(crate) async fn assets(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
) -> Result<Json<AssetsDto>, ApiError> {
    let control = state.app.case_control(&actor, &case_number).await?;
    let record = control.record;
    let today = china_date(state.app.clock().now());
    let due: Vec<String> =
        record.renewals_due(today, RENEWAL_REMINDER_DAYS).iter().map(|f| f.request_id.clone()).collect();
    let inquiries = record
        .inquiries
        .values()
        .map(|e| {
            let done = record.completed.get(&e.inquiry_id);
            InquiryDto {
                inquiry_id: e.inquiry_id.clone(),
                requested_on: e.requested_on.clone(),
                classes: e.classes.clone(),
                subjects: e.subjects.iter().map(|s| s.id_number.clone()).collect(),
                institutions: e.institutions,
                urgent: e.urgent,
                completed_on: done.map(|d| d.completed_on.clone()),
                answered: done.map(|d| d.answered),
                failed: done.map(|d| d.failed),
            }
        })
        .collect();
    let inventory = record
        .inventory
        .values()
        .map(|e| {
            let item = item(&e.holding.item);
            InventoryDto {
                institution: e.institution.clone(),
                subject: e.subject.clone(),
                item: e.holding.item.clone(),
                item_name: item.map(|i| i.name_zh).unwrap_or_default().to_owned(),
                class: item.map(|i| i.class.code()).unwrap_or_default().to_owned(),
                holding: e.holding.clone(),
                found_on: e.found_on.clone(),
            }
        })
        .collect();
    let freezes = record
        .freezes
        .values()
        .map(|f| FreezeDto {
            request_id: f.request_id.clone(),
            institution: f.institution.clone(),
            holding: f.holding.clone(),
            freeze: f.freeze_ref.clone(),
            amount: f.amount.map(|a| a.to_string()),
            from: f.from.to_string(),
            until: f.until.to_string(),
            status: f.status.code(),
            renewal_requested: f.renewal_requested.clone(),
            renewal_due: due.contains(&f.request_id),
        })
        .collect();
    let requests = record
        .requests
        .values()
        .map(|r| RequestDto {
            request_id: r.request_id.clone(),
            kind: r.op.kind(),
            institution: r.institution.clone(),
            requested_on: r.requested_on.clone(),
            answers: record.answers.get(&r.request_id).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Json(AssetsDto {
        case_number: control.case.case_number,
        inquiries,
        inventory,
        freezes,
        requests,
        deducted: record.deducted_total().to_string(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FreezeBody {
    institution: String,
    /// The holding's reference as the inventory shows it.
    holding: String,
    /// For money: the sum to freeze in yuan; absent = the balance found.
    amount: Option<String>,
    /// Absent = today.
    #[schema(value_type = Option<String>, format = Date)]
    from: Option<NaiveDate>,
    /// The last day of the term: at most 1 year (deposits), 2 years (movables), 3 years (real estate, other
    /// property rights) — 民诉法解释 第485条.
    #[schema(value_type = String, format = Date)]
    until: NaiveDate,
    #[serde(default)]
    urgent: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RenewBody {
    /// The new last day; each renewal at most the class's maximum term after the current end.
    #[schema(value_type = String, format = Date)]
    until: NaiveDate,
    #[serde(default)]
    urgent: bool,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReleaseBody {
    #[serde(default)]
    urgent: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeductBody {
    institution: String,
    holding: String,
    /// Yuan, more than zero; at most what this case holds frozen there (or the balance found).
    amount: String,
    #[serde(default)]
    urgent: bool,
}

async fn control(
    state: &AppState,
    actor: &zhixing_app::Actor,
    case_number: &str,
    input: ControlInput,
    urgent: bool,
    key: Option<String>,
) -> Result<Response, ApiError> {
    let Requested { request, replayed } =
        state.app.request_control_once(actor, case_number, &input, urgent, key.as_deref()).await?;
    Ok(accepted(replayed, control_dto(request)))
}

/// Freezes (or seizes) a holding of the inventory through the network (冻结 / 查封).
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/freezes", tag = "control", request_body = FreezeBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号"), ("Idempotency-Key" = Option<String>, Header, description = "the client's key for this request: sent again, it is answered from the record")),
    responses((status = 200, description = "made before under the same Idempotency-Key"), (status = 202, body = ControlDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 409, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn freeze(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<FreezeBody>,
) -> Result<Response, ApiError> {
    let input = ControlInput::Freeze {
        institution: body.institution,
        holding: body.holding,
        amount: body.amount,
        from: body.from.map(|d| d.to_string()),
        until: body.until.to_string(),
    };
    control(&state, &actor, &case_number, input, body.urgent, key).await
}

/// Renews a freeze before it ends (续行冻结).
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/freezes/{freeze}/renew", tag = "control", request_body = RenewBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号"), ("freeze" = String, Path, description = "the institution's freeze reference"), ("Idempotency-Key" = Option<String>, Header, description = "the client's key for this request: sent again, it is answered from the record")),
    responses((status = 200, description = "made before under the same Idempotency-Key"), (status = 202, body = ControlDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn renew(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((case_number, freeze)): Path<(String, String)>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<RenewBody>,
) -> Result<Response, ApiError> {
    let input = ControlInput::Renew { freeze, until: body.until.to_string() };
    control(&state, &actor, &case_number, input, body.urgent, key).await
}

/// Releases a freeze (解除冻结); a freeze queued behind it takes effect.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/freezes/{freeze}/release", tag = "control", request_body = ReleaseBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号"), ("freeze" = String, Path, description = "the institution's freeze reference"), ("Idempotency-Key" = Option<String>, Header, description = "the client's key for this request: sent again, it is answered from the record")),
    responses((status = 200, description = "made before under the same Idempotency-Key"), (status = 202, body = ControlDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn release(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((case_number, freeze)): Path<(String, String)>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<ReleaseBody>,
) -> Result<Response, ApiError> {
    control(&state, &actor, &case_number, ControlInput::Release { freeze }, body.urgent, key).await
}

/// Deducts money to the court's custody account (扣划), exactly once however often it is sent.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/deductions", tag = "control", request_body = DeductBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号"), ("Idempotency-Key" = Option<String>, Header, description = "the client's key for this request: sent again, it is answered from the record")),
    responses((status = 200, description = "made before under the same Idempotency-Key"), (status = 202, body = ControlDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn deduct(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<DeductBody>,
) -> Result<Response, ApiError> {
    let input =
        ControlInput::Deduct { institution: body.institution, holding: body.holding, amount: body.amount };
    control(&state, &actor, &case_number, input, body.urgent, key).await
}
