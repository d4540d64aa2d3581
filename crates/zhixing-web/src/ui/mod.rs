//! The web UI (zh-CN): server-rendered pages with light progressive enhancement (htmx), for officers (the
//! workbench), the command center (the big screen) and the public (the disclosure portal).
//!
//! Pages are minijinja templates compiled into the binary; htmx and ECharts are pinned copies served by the
//! binary itself, so the UI works with no internet. A page calls the same use cases of `zhixing-app` as the
//! JSON API, so the same rules and the same court scope apply.
//!
//! Sign-in issues an API token (recorded as `ApiTokenIssued`, like any token) and keeps it in an HttpOnly,
//! SameSite=Strict cookie; sign-out revokes it. Every form carries a CSRF token derived from the session
//! token (a keyed hash: nothing more to store), checked before any write.

mod command;
mod measures;
mod portal;
mod workbench;

use crate::AppState;
use crate::problem::ApiError;
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::Environment;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use zhixing_app::{Actor, AppError};
use zhixing_core::users::Role;

pub(crate) use command::{SNAPSHOT_TTL, Snapshots};
pub(crate) use portal::{PUBLIC_QUERIES_PER_MINUTE, RateLimiter};

/// The session cookie: the signed-in user's API token.
const SESSION_COOKIE: &str = "zx_session";
/// The sign-in form's CSRF cookie (before there is a session to derive one from).
const LOGIN_CSRF_COOKIE: &str = "zx_login_csrf";
/// A web session lasts one day (the token's lifetime).
const SESSION_DAYS: i64 = 1;
/// The header that carries the CSRF token on an htmx request (forms carry it in their `csrf` field).
const CSRF_HEADER: &str = "x-csrf-token";
/// A form body larger than this is refused (the largest form, filing, is a few hundred bytes).
pub(crate) const FORM_BYTES_MAX: usize = 16 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(workbench::home))
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/assets/{*file}", get(asset))
        .merge(workbench::routes())
        .merge(measures::routes())
        .merge(command::routes())
        .merge(portal::routes())
}

/// The templates, compiled once.
fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("../../templates/base.html")),
            ("login.html", include_str!("../../templates/login.html")),
            ("workbench.html", include_str!("../../templates/workbench.html")),
            ("case.html", include_str!("../../templates/case.html")),
            ("file_case.html", include_str!("../../templates/file_case.html")),
            ("command.html", include_str!("../../templates/command.html")),
            ("portal.html", include_str!("../../templates/portal.html")),
            ("error.html", include_str!("../../templates/error.html")),
        ] {
            // A template that does not parse is a build defect: the test `every_template_parses` catches it.
            if let Err(e) = env.add_template(name, source) {
                tracing::error!(template = name, error = %e, "template does not parse");
            }
        }
        env
    })
}

/// Renders a template with its context; a rendering failure is an internal error page.
pub(crate) fn render(name: &str, context: impl Serialize) -> Response {
    let rendered =
        templates().get_template(name).and_then(|t| t.render(minijinja::Value::from_serialize(&context)));
    match rendered {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(template = name, error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html("<h1>页面出错</h1>".to_owned())).into_response()
        }
    }
}

/// What every signed-in page shows in its frame: who, where, and the navigation their roles allow.
#[derive(Debug, Serialize)]
pub(crate) struct Frame {
    name: String,
    court: String,
    court_name: String,
    csrf: String,
    nav: Vec<NavItem>,
}

#[derive(Debug, Serialize)]
struct NavItem {
    href: &'static str,
    label: &'static str,
}

impl Frame {
    pub(crate) fn of(state: &AppState, session: &Session) -> Frame {
        let roles = &session.actor.roles;
        let mut nav = Vec::new();
        if roles.contains(&Role::Officer) || roles.contains(&Role::CommandCenter) {
            nav.push(NavItem { href: "/", label: "工作台" });
            nav.push(NavItem { href: "/cases/new", label: "立案" });
        }
        if state.app.may_watch(&session.actor, &session.actor.court).is_ok() {
            nav.push(NavItem { href: "/command", label: "指挥中心" });
        }
        nav.push(NavItem { href: "/public", label: "公开查询" });
        Frame {
            name: session.actor.name.clone(),
            court: session.actor.court.clone(),
            court_name: state.app.court_name(&session.actor.court),
            csrf: session.csrf(),
            nav,
        }
    }
}

/// A signed-in user of the web UI: the actor and the token in the session cookie. A page that takes it
/// sends a visitor without a live session to the sign-in page.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) actor: Actor,
    token: String,
}

impl Session {
    /// The CSRF token of this session: a hash of the session token, so a page of another origin, which
    /// cannot read the cookie, cannot make it.
    pub(crate) fn csrf(&self) -> String {
        csrf_of(&self.token)
    }

    /// The session's token (to check it again, or to revoke it).
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// Checks a form's (or an htmx request's) CSRF token.
    pub(crate) fn check_csrf(&self, headers: &HeaderMap, form_value: Option<&str>) -> Result<(), UiError> {
        let sent = form_value.or_else(|| headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()));
        match sent {
            Some(value) if constant_time_eq(value.as_bytes(), self.csrf().as_bytes()) => Ok(()),
            _ => Err(UiError::Csrf),
        }
    }
}

fn csrf_of(token: &str) -> String {
    let digest = Sha256::new().chain_update(b"zhixing-csrf\0").chain_update(token.as_bytes()).finalize();
    hex::encode(&digest[..16])
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of one cookie of the request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(UiError::SignIn)?.to_owned();
        let actor = state.app.authenticate_token(&token).await.map_err(|_| UiError::SignIn)?;
        Ok(Session { actor, token })
    }
}

/// How a page fails: to the sign-in page, or an error page in Chinese with the status the API would give.
#[derive(Debug)]
pub(crate) enum UiError {
    SignIn,
    Csrf,
    App(AppError),
    /// A form field the page itself checks, with its message.
    Form(String),
}

impl From<AppError> for UiError {
    fn from(e: AppError) -> Self {
        UiError::App(e)
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        match self {
            UiError::SignIn => Redirect::to("/login").into_response(),
            UiError::Csrf => error_page(StatusCode::FORBIDDEN, "表单已过期，请刷新页面后重试。", Vec::new()),
            UiError::Form(message) => error_page(StatusCode::UNPROCESSABLE_ENTITY, &message, Vec::new()),
            UiError::App(e) => {
                // The API's answer decides the status and names the fields; the page shows them.
                let problem = ApiError::from(e).problem();
                let fields = problem.errors.iter().map(|f| format!("{}：{}", f.field, f.message)).collect();
                let status =
                    StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let message = if problem.detail.is_empty() { &problem.title } else { &problem.detail };
                error_page(status, message, fields)
            }
        }
    }
}

fn error_page(status: StatusCode, message: &str, fields: Vec<String>) -> Response {
    #[derive(Serialize)]
    struct Context<'a> {
        status: u16,
        message: &'a str,
        fields: Vec<String>,
    }
    let mut response = render("error.html", Context { status: status.as_u16(), message, fields });
    *response.status_mut() = status;
    response
}

/// Parses a URL-encoded form body into `T`, refusing a malformed one with the field it names.
/// A form posted by a signed-in user: the session, and the form parsed (refused by field when it does not
/// parse) and checked against the session's CSRF token (its `csrf` field, or the `x-csrf-token` header).
pub(crate) struct Posted<T> {
    pub(crate) session: Session,
    pub(crate) form: T,
}

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for Posted<T> {
    type Rejection = UiError;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await?;
        let body = axum::body::to_bytes(body, FORM_BYTES_MAX)
            .await
            .map_err(|_| UiError::Form("表单过大".to_owned()))?;
        let form: T = parse_form(&body)?;
        let csrf = form_urlencoded::parse(&body).find(|(key, _)| key == "csrf").map(|(_, value)| value);
        session.check_csrf(&parts.headers, csrf.as_deref())?;
        Ok(Posted { session, form })
    }
}

pub(crate) fn parse_form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, UiError> {
    if body.len() > FORM_BYTES_MAX {
        return Err(UiError::Form("表单过大".to_owned()));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(body));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        UiError::Form(format!("表单字段不合法：{path}（{}）", e.inner()))
    })
}

// ─── sign-in ────────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Serialize)]
struct LoginContext {
    csrf: String,
    error: Option<&'static str>,
    login: String,
}

async fn login_page() -> Response {
    login_form(None, String::new())
}

fn login_form(error: Option<&'static str>, login: String) -> Response {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let csrf = hex::encode(bytes);
    let mut response = render("login.html", LoginContext { csrf: csrf.clone(), error, login });
    if error.is_some() {
        *response.status_mut() = StatusCode::UNAUTHORIZED;
    }
    set_cookie(&mut response, &format!("{LOGIN_CSRF_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict"));
    response
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginForm {
    login: String,
    password: String,
    csrf: String,
}

async fn login(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let form: LoginForm = match parse_form(&body) {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return UiError::Csrf.into_response();
    }
    let actor = match state.app.sign_in(&form.login, &form.password).await {
        Ok(actor) => actor,
        Err(AppError::Unauthenticated) => return login_form(Some("用户名或密码错误"), form.login),
        Err(e) => return UiError::App(e).into_response(),
    };
    let issued = match state.app.issue_token(&actor, "web", SESSION_DAYS).await {
        Ok(issued) => issued,
        Err(e) => return UiError::App(e).into_response(),
    };
    let home = if actor.roles.iter().any(|r| matches!(r, Role::Officer)) {
        "/"
    } else if state.app.may_watch(&actor, &actor.court).is_ok() {
        "/command"
    } else {
        "/public"
    };
    let mut response = Redirect::to(home).into_response();
    set_cookie(
        &mut response,
        &format!(
            "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
            issued.token,
            SESSION_DAYS * 86_400
        ),
    );
    set_cookie(&mut response, &format!("{LOGIN_CSRF_COOKIE}=; Path=/login; Max-Age=0"));
    response
}

#[derive(Debug, serde::Deserialize)]
struct LogoutForm {
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form: LogoutForm = match parse_form(&body) {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = session.check_csrf(&headers, Some(&form.csrf)) {
        return e.into_response();
    }
    if let Err(e) = state.app.revoke_own_token(&session.actor, &session.token).await {
        return UiError::App(e).into_response();
    }
    let mut response = Redirect::to("/login").into_response();
    set_cookie(&mut response, &format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"));
    response
}

fn set_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

// ─── assets ─────────────────────────────────────────────────────────────────────────────────────

/// The pinned front-end files, in the binary.
async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, kind): (&'static [u8], &str) = match file.as_str() {
        "vendor/htmx.min.js" => {
            (include_bytes!("../../assets/vendor/htmx.min.js"), "text/javascript; charset=utf-8")
        }
        "vendor/echarts.min.js" => {
            (include_bytes!("../../assets/vendor/echarts.min.js"), "text/javascript; charset=utf-8")
        }
        "app.css" => (include_bytes!("../../assets/app.css"), "text/css; charset=utf-8"),
        "screen.js" => (include_bytes!("../../assets/screen.js"), "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=86400")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        let env = templates();
        for name in [
            "base.html",
            "login.html",
            "workbench.html",
            "case.html",
            "file_case.html",
            "command.html",
            "portal.html",
            "error.html",
        ] {
            assert!(env.get_template(name).is_ok(), "{name} parses");
        }
    }

    #[test]
    fn csrf_is_bound_to_the_session_and_compared_whole() {
        let a = csrf_of("zx_a_1");
        assert_eq!(a.len(), 32);
        assert_ne!(a, csrf_of("zx_a_2"));
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), &a.as_bytes()[..31]));
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; zx_session=zx_t_s; b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("zx_t_s"));
        assert_eq!(cookie(&headers, "c"), None);
    }
}
