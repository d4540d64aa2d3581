//! Cases as filed: listings by court and one case by 案号, for officers within their court scope.

use crate::AppState;
use crate::extract::ApiQuery;
use crate::extract::Authenticated;
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use zhixing_core::money::Amount;
use zhixing_store::CaseRow;

/// Page size when the request names none.
const PAGE_DEFAULT: u32 = 50;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    /// 法院代字; defaults to the signed-in user's court. Lists that court and the courts below it.
    court: Option<String>,
    /// 1–500, default 50.
    limit: Option<u32>,
    offset: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseDto {
    case_id: String,
    /// Canonical 案号.
    case_number: String,
    court: String,
    court_name: String,
    case_type: String,
    filed_on: String,
    /// Principal in yuan, two decimals.
    principal: String,
    applicants: String,
    debtors: String,
    status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parties: Vec<PartyDto>,
    /// Other open cases against the same debtors in the province (关联案件), on the case page only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RelatedDto {
    case_number: String,
    court: String,
    court_name: String,
    filed_on: String,
    status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PartyDto {
    /// applicant | debtor
    role: String,
    /// person | company
    kind: String,
    name: String,
    /// 公民身份号码 or 统一社会信用代码.
    id_number: String,
}

fn dto(state: &AppState, case: CaseRow) -> CaseDto {
    CaseDto {
        court_name: state.app.courts.get(&case.court).map_or_else(String::new, |c| c.name.to_owned()),
        principal: Amount::from_fen(case.principal_fen).map_or_else(|_| String::new(), |a| a.to_string()),
        parties: case
            .parties
            .into_iter()
            .map(|p| PartyDto { role: p.role, kind: p.kind, name: p.name, id_number: p.id_number })
            .collect(),
        related: Vec::new(),
        case_id: case.case_id,
        case_number: case.case_number,
        court: case.court,
        case_type: case.case_type,
        filed_on: case.filed_on,
        applicants: case.applicants,
        debtors: case.debtors,
        status: case.status,
    }
}

/// Cases of a court and the courts below it, newest filing first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListParams), security(("bearer" = [])),
    responses((status = 200, body = [CaseDto]), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<CaseDto>>, ApiError> {
    let court = params.court.unwrap_or_else(|| actor.court.clone());
    let limit = params.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=zhixing_core::limits::PAGE_SIZE_MAX).contains(&limit) {
        return Err(zhixing_app::AppError::invalid(
            "limit",
            "out_of_range",
            "limit must be 1 to 500 / 每页条数应为1至500",
        )
        .into());
    }
    let cases = state.app.list_cases(&actor, &court, limit, params.offset.unwrap_or(0)).await?;
    Ok(Json(cases.into_iter().map(|c| dto(&state, c)).collect()))
}

/// One case by its 案号 (full- or half-width brackets), with its parties.
#[utoipa::path(get, path = "/api/v1/cases/{case_number}", tag = "cases", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "案号, e.g. （2024）浙0106执123号")),
    responses((status = 200, body = CaseDto), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
) -> Result<Json<CaseDto>, ApiError> {
    let case = state.app.case_by_number(&actor, &case_number).await?;
    let related = state.app.related_cases(&case).await?;
    let mut answer = dto(&state, case);
    answer.related = related
        .into_iter()
        .map(|r| RelatedDto {
            court_name: state.app.courts.get(&r.court).map_or_else(String::new, |c| c.name.to_owned()),
            case_number: r.case_number,
            court: r.court,
            filed_on: r.filed_on,
            status: r.status,
        })
        .collect();
    Ok(Json(answer))
}
