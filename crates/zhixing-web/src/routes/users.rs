//! Users of a court (C1): created by an admin within scope.

use crate::AppState;
use crate::extract::ApiQuery;
use crate::extract::{ApiJson, Authenticated};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use zhixing_app::{AppError, CreateUser, FieldError};
use zhixing_core::users::Role;
use zhixing_store::UserRow;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateUserRequest {
    login: String,
    name: String,
    /// 法院代字 of the user's court.
    court: String,
    /// officer | command_center | leader | admin | linkage_unit | agency
    roles: Vec<String>,
    password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserDto {
    user_id: String,
    login: String,
    name: String,
    court: String,
    roles: Vec<String>,
    disabled: bool,
}

impl From<UserRow> for UserDto {
    fn from(a: UserRow) -> Self {
        UserDto {
            user_id: a.user_id,
            login: a.login,
            name: a.name,
            court: a.court,
            roles: a.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            disabled: a.disabled,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    /// 法院代字; defaults to the signed-in user's court. Lists that court and the courts below it.
    court: Option<String>,
}

/// Creates a user. Needs the admin role, with the new user's court within the admin's court or below it.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest, security(("bearer" = [])),
    responses((status = 201, body = UserDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserDto>), ApiError> {
    let mut roles = Vec::with_capacity(request.roles.len());
    let mut unknown = Vec::new();
    for (i, name) in request.roles.iter().enumerate() {
        match Role::parse(name) {
            Some(role) => roles.push(role),
            None => unknown.push(FieldError {
                field: format!("roles[{i}]"),
                code: "unknown_role".into(),
                message: "no such role / 角色不存在".into(),
            }),
        }
    }
    let command = CreateUser {
        login: request.login,
        name: request.name,
        court: request.court,
        roles,
        password: request.password,
    };
    if !unknown.is_empty() {
        // Report the unknown roles together with every other bad field.
        if let Err(AppError::Invalid(others)) = state.app.check_new_user(&command) {
            unknown.extend(others.into_iter().filter(|e| e.field != "roles"));
        }
        return Err(AppError::Invalid(unknown).into());
    }
    let account = state.app.create_user(&actor, command).await?;
    Ok((StatusCode::CREATED, Json(account.into())))
}

/// Users of a court and the courts below it. Needs the admin or leader role.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(ListParams), security(("bearer" = [])),
    responses((status = 200, body = [UserDto]), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<UserDto>>, ApiError> {
    let court = params.court.unwrap_or_else(|| actor.court.clone());
    let accounts = state.app.list_users(&actor, &court).await?;
    Ok(Json(accounts.into_iter().map(UserDto::from).collect()))
}
