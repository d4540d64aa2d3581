//! The court tree (C1): public reference data; and each court's flow limits (本院流程节点期限).

use crate::AppState;
use crate::extract::{ApiJson, Authenticated};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhixing_app::CourtLimits;
use zhixing_core::courts::{Court, CourtLevel};
use zhixing_core::flow::settings::{CourtLimitsSet, LocalLimitRecord};

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

/// One limit as shown: the statutory one of a node, or a court's own.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LimitDto {
    /// Node code: assignment | notice | leads_check | investigation | control | triage | reference_price |
    /// disposal | payout | closing.
    node: String,
    amount: u32,
    /// calendar_days | working_days | months
    unit: String,
    /// all | simple | complex (the 繁简分流 track); statutory limits apply to all cases.
    #[serde(default = "all_cases")]
    applies_to: String,
    /// The instrument and article (statutory), or the court's own document and words (local).
    source: String,
}

fn all_cases() -> String {
    "all".to_owned()
}

/// A court's flow limits (本院流程节点期限).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LimitsDto {
    court: String,
    /// The national limits (LAW.md §9).
    statutory: Vec<LimitDto>,
    /// The court's stricter limits; where one applies it wins.
    local: Vec<LimitDto>,
    /// Deadlines warn this many working days before they fall due.
    warning_working_days: u32,
    /// Version of the court's setting (0: never set); send it back to change the setting.
    version: u64,
}

/// A court's new local limits and warning window, replacing the current setting whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetLimitsBody {
    local: Vec<LimitDto>,
    #[serde(default = "default_warning")]
    warning_working_days: u32,
    /// The version the change is based on; refused with 409 when the setting changed meanwhile.
    version: Option<u64>,
}

fn default_warning() -> u32 {
    zhixing_core::flow::WarningPolicy::default().working_days_before()
}

fn limits_dto(limits: CourtLimits) -> LimitsDto {
    let setting = CourtLimitsSet::of(&limits.court, &limits.rules);
    LimitsDto {
        statutory: limits
            .rules
            .statutory_rules()
            .iter()
            .map(|rule| LimitDto {
                node: rule.node.code().to_owned(),
                amount: rule.limit.amount(),
                unit: rule.limit.unit().code().to_owned(),
                applies_to: all_cases(),
                source: rule.source.to_owned(),
            })
            .collect(),
        local: setting
            .local
            .into_iter()
            .map(|l| LimitDto {
                node: l.node,
                amount: l.amount,
                unit: l.unit,
                applies_to: l.applies_to,
                source: l.source,
            })
            .collect(),
        warning_working_days: setting.warning_working_days,
        court: limits.court,
        version: limits.version,
    }
}

/// A court's flow limits: the statutory ones, its own, and its warning window.
#[utoipa::path(get, path = "/api/v1/courts/{code}/limits", tag = "courts", security(("bearer" = [])),
    params(("code" = String, Path, description = "法院代字")),
    responses((status = 200, body = LimitsDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn limits(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(code): Path<String>,
) -> Result<Json<LimitsDto>, ApiError> {
    Ok(Json(limits_dto(state.app.court_limits(&actor, &code).await?)))
}

/// Sets a court's own limits (each no longer than the statutory one, each naming its source) and warning
/// window; the open cases' deadlines are recomputed in the background. Admins and the command center of the
/// court or a court above it.
#[utoipa::path(put, path = "/api/v1/courts/{code}/limits", tag = "courts", request_body = SetLimitsBody,
    security(("bearer" = [])), params(("code" = String, Path, description = "法院代字")),
    responses((status = 200, body = LimitsDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn set_limits(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<SetLimitsBody>,
) -> Result<Json<LimitsDto>, ApiError> {
    let setting = CourtLimitsSet {
        court: code.clone(),
        local: body
            .local
            .into_iter()
            .map(|l| LocalLimitRecord {
                node: l.node,
                amount: l.amount,
                unit: l.unit,
                applies_to: l.applies_to,
                source: l.source,
            })
            .collect(),
        warning_working_days: body.warning_working_days,
    };
    Ok(Json(limits_dto(state.app.set_court_limits(&actor, &code, &setting, body.version).await?)))
}
