//! Sign-in: a login and password exchanged for a bearer token; who am I.

use crate::AppState;
use crate::extract::{ApiJson, Authenticated};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhixing_app::Actor;

/// Token lifetime when the request names none.
const TOKEN_DAYS_DEFAULT: i64 = 30;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenRequest {
    login: String,
    password: String,
    /// What the token is for (shown in the token list).
    #[serde(default)]
    label: Option<String>,
    /// Lifetime in days, 1–366 (default 30).
    #[serde(default)]
    days: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenResponse {
    token_id: String,
    /// Send as `Authorization: Bearer <token>`. Shown once; only its hash is kept.
    token: String,
    expires_at: String,
    me: MeDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MeDto {
    user_id: String,
    login: String,
    name: String,
    court: String,
    court_name: String,
    roles: Vec<String>,
}

pub(crate) fn me_dto(state: &AppState, actor: &Actor) -> MeDto {
    MeDto {
        user_id: actor.user_id.clone(),
        login: actor.login.clone(),
        name: actor.name.clone(),
        court: actor.court.clone(),
        court_name: state.app.courts.get(&actor.court).map_or_else(String::new, |c| c.name.to_owned()),
        roles: actor.roles.iter().map(|r| r.as_str().to_owned()).collect(),
    }
}

/// Signs in and issues a bearer token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "auth", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem)))]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    let actor = state.app.sign_in(&request.login, &request.password).await?;
    let label = request.label.unwrap_or_else(|| "api".to_owned());
    let issued = state.app.issue_token(&actor, &label, request.days.unwrap_or(TOKEN_DAYS_DEFAULT)).await?;
    let me = me_dto(&state, &actor);
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            token_id: issued.token_id,
            token: issued.token,
            expires_at: issued.expires_at.to_rfc3339(),
            me,
        }),
    ))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeDto), (status = 401, body = crate::Problem)))]
pub(crate) async fn me(State(state): State<AppState>, Authenticated(actor): Authenticated) -> Json<MeDto> {
    Json(me_dto(&state, &actor))
}
