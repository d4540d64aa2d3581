//! Applications to enforce (申请执行): submit, read, accept (立案, with its 案号) or refuse.

use crate::AppState;
use crate::extract::{ApiJson, Authenticated};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhixing_core::cases::application::ApplicationState;
use zhixing_core::cases::filing::{ApplicationInput, BasisInput, PartyInput};
use zhixing_core::cases::{BasisRecord, PartyRecord};
use zhixing_core::money::Amount;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PartyBody {
    /// person | company
    kind: String,
    name: String,
    /// 公民身份号码 (person) or 统一社会信用代码 (company).
    id_number: String,
    /// 法定代表人, required for a company.
    #[serde(default)]
    legal_representative: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    address: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BasisBody {
    /// judgment | ruling | mediation | arbitral_award | notarized_debt | other
    kind: String,
    issuer: String,
    document_number: String,
    #[schema(value_type = String, format = Date)]
    effective_on: NaiveDate,
    /// Last day of the performance period.
    #[schema(value_type = String, format = Date)]
    due_on: NaiveDate,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ApplicationBody {
    /// 法院代字 of the court applied to.
    court: String,
    applicants: Vec<PartyBody>,
    debtors: Vec<PartyBody>,
    basis: BasisBody,
    /// Yuan, at most two decimals.
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

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FlagDto {
    case_number: String,
    reasons: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SubmittedDto {
    application_id: String,
    /// The last day to accept or refuse (执行工作若干规定 第16条).
    review_due: String,
    /// Near-duplicates: acceptance needs `flags_acknowledged`.
    flags: Vec<FlagDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ApplicationDto {
    application_id: String,
    /// submitted | accepted | refused
    status: &'static str,
    court: String,
    received_on: String,
    review_due: String,
    #[schema(value_type = Vec<Object>)]
    applicants: Vec<PartyRecord>,
    #[schema(value_type = Vec<Object>)]
    debtors: Vec<PartyRecord>,
    #[schema(value_type = Object)]
    basis: BasisRecord,
    principal: String,
    interest: String,
    costs: String,
    flags: Vec<FlagDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refusal_reasons: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcceptBody {
    /// Confirms the near-duplicate flags were reviewed.
    #[serde(default)]
    flags_acknowledged: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AcceptedDto {
    case_id: String,
    /// The new 案号, e.g. （2026）浙0106执1号.
    case_number: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefuseBody {
    /// The reasons of the ruling (裁定不予受理).
    reasons: String,
}

fn party(p: PartyBody) -> PartyInput {
    PartyInput {
        kind: p.kind,
        name: p.name,
        id_number: p.id_number,
        legal_representative: p.legal_representative,
        phone: p.phone,
        address: p.address,
    }
}

fn yuan(fen: i64) -> String {
    Amount::from_fen(fen).map_or_else(|_| String::new(), |a| a.to_string())
}

/// Submits an application. Every bad field is named at once; an exact duplicate of a filed case is
/// refused (409, with that case's 案号); near-duplicates come back as flags.
#[utoipa::path(post, path = "/api/v1/applications", tag = "filing", request_body = ApplicationBody, security(("bearer" = [])),
    responses((status = 201, body = SubmittedDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> Result<(StatusCode, Json<SubmittedDto>), ApiError> {
    let input = ApplicationInput {
        applicants: body.applicants.into_iter().map(party).collect(),
        debtors: body.debtors.into_iter().map(party).collect(),
        basis: BasisInput {
            kind: body.basis.kind,
            issuer: body.basis.issuer,
            document_number: body.basis.document_number,
            effective_on: body.basis.effective_on,
            due_on: body.basis.due_on,
        },
        principal: body.principal,
        interest: body.interest.unwrap_or_else(|| "0".into()),
        costs: body.costs.unwrap_or_else(|| "0".into()),
        interest_terms: body.interest_terms,
        non_money: body.non_money,
        source_case_number: body.source_case_number,
        preservation_case_number: body.preservation_case_number,
    };
    let submitted = state.app.submit_application(&actor, &body.court, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(SubmittedDto {
            application_id: submitted.application_id,
            review_due: submitted.review_due.to_string(),
            flags: submitted
                .flags
                .into_iter()
                .map(|f| FlagDto { case_number: f.case_number, reasons: f.reasons })
                .collect(),
        }),
    ))
}

/// One application and where it stands.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "filing", security(("bearer" = [])),
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = ApplicationDto), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ApplicationDto>, ApiError> {
    let application = state.app.application(&actor, &id).await?;
    let (case_number, refusal_reasons) = match &application {
        ApplicationState::Accepted { case_number, .. } => (Some(case_number.clone()), None),
        ApplicationState::Refused { reasons, .. } => (None, Some(reasons.clone())),
        _ => (None, None),
    };
    let s =
        application.submitted().cloned().ok_or_else(|| ApiError::not_found("application / 申请不存在"))?;
    Ok(Json(ApplicationDto {
        application_id: s.application_id,
        status: application.status(),
        court: s.court,
        received_on: s.received_on,
        review_due: s.review_due,
        applicants: s.applicants,
        debtors: s.debtors,
        basis: s.basis,
        principal: yuan(s.principal_fen),
        interest: yuan(s.interest_fen),
        costs: yuan(s.costs_fen),
        flags: s
            .flags
            .into_iter()
            .map(|f| FlagDto { case_number: f.case_number, reasons: f.reasons })
            .collect(),
        case_number,
        refusal_reasons,
    }))
}

/// Accepts an application: files the case with the next 案号 of its court.
#[utoipa::path(post, path = "/api/v1/applications/{id}/accept", tag = "filing", request_body = AcceptBody, security(("bearer" = [])),
    params(("id" = String, Path, description = "application id")),
    responses((status = 201, body = AcceptedDto), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem),
              (status = 409, body = crate::Problem)))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AcceptBody>,
) -> Result<(StatusCode, Json<AcceptedDto>), ApiError> {
    let accepted = state.app.accept_application(&actor, &id, body.flags_acknowledged).await?;
    Ok((
        StatusCode::CREATED,
        Json(AcceptedDto { case_id: accepted.case_id, case_number: accepted.case_number }),
    ))
}

/// Refuses an application with the reasons of the ruling.
#[utoipa::path(post, path = "/api/v1/applications/{id}/refuse", tag = "filing", request_body = RefuseBody, security(("bearer" = [])),
    params(("id" = String, Path, description = "application id")),
    responses((status = 204), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem),
              (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn refuse(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RefuseBody>,
) -> Result<StatusCode, ApiError> {
    state.app.refuse_application(&actor, &id, &body.reasons).await?;
    Ok(StatusCode::NO_CONTENT)
}
