//! The court tree (C1): public reference data.

use crate::AppState;
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;
use zhixing_core::courts::{Court, CourtLevel};

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CourtDto {
    /// 法院代字, e.g. 浙0106.
    code: String,
    name: String,
    /// supreme | high | intermediate | basic
    level: &'static str,
    parent: Option<String>,
    region_code: Option<String>,
    children: Vec<String>,
}

fn level(level: CourtLevel) -> &'static str {
    match level {
        CourtLevel::Supreme => "supreme",
        CourtLevel::High => "high",
        CourtLevel::Intermediate => "intermediate",
        CourtLevel::Basic => "basic",
    }
}

fn dto(state: &AppState, court: &Court) -> CourtDto {
    CourtDto {
        code: court.code.into(),
        name: court.name.into(),
        level: level(court.level),
        parent: court.parent.map(Into::into),
        region_code: court.region_code.map(Into::into),
        children: state.app.courts.children(court.code).map(|c| c.code.to_owned()).collect(),
    }
}

/// Every court, in tree order.
#[utoipa::path(get, path = "/api/v1/courts", tag = "courts", responses((status = 200, body = [CourtDto])))]
pub(crate) async fn list(State(state): State<AppState>) -> Json<Vec<CourtDto>> {
    Json(state.app.courts.iter().map(|c| dto(&state, c)).collect())
}

/// One court by its 法院代字.
#[utoipa::path(get, path = "/api/v1/courts/{code}", tag = "courts",
    params(("code" = String, Path, description = "法院代字, e.g. 浙0106")),
    responses((status = 200, body = CourtDto), (status = 404, body = crate::Problem)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<CourtDto>, ApiError> {
    let court = state
        .app
        .courts
        .get(&code)
        .ok_or_else(|| ApiError::not_found(format!("court {code} / 法院不存在")))?;
    Ok(Json(dto(&state, court)))
}
