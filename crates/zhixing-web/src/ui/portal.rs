//! The public disclosure portal (公开查询, no login): 失信 / 限消 / 终本 / 被执行人 by name and identifier
//! together or by 案号, identifiers masked, a few rows per query and no list to page through (no bulk
//! download); a party's progress query with the code on their acceptance notice. Every query is rate-limited
//! per client address.

use super::{UiError, render};
use crate::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zhixing_app::PublicQuery;

/// Queries a client address may make per window.
pub(crate) const PUBLIC_QUERIES_PER_MINUTE: u32 = 30;
const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; past it, windows that have ended are forgotten first.
const CLIENTS_MAX: usize = 100_000;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/public", get(portal)).route("/public/progress", get(progress))
}

/// A fixed-window counter per client address: `limit` queries per minute. A well-kept crate (governor) does
/// this with more precision and six more dependencies; a public query page needs only a bound.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: u32,
    clients: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: u32) -> RateLimiter {
        RateLimiter { limit, clients: Mutex::new(HashMap::new()) }
    }

    /// Counts one query of `client` at `now`; false when its window is used up.
    pub(crate) fn allow(&self, client: IpAddr, now: Instant) -> bool {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= CLIENTS_MAX && !clients.contains_key(&client) {
            clients.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = clients.entry(client).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            return false;
        }
        entry.1 += 1;
        true
    }
}

/// The client's address (from the connection; tests, which have none, share the unspecified address).
#[derive(Debug)]
pub(crate) struct Client(IpAddr);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(Client(ip))
    }
}

fn limited() -> Response {
    let mut response = render(
        "error.html",
        json!({ "status": 429, "message": "查询过于频繁，请一分钟后再试。", "fields": [] }),
    );
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response.headers_mut().insert("retry-after", axum::http::HeaderValue::from_static("60"));
    response
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PortalParams {
    /// shixin | xiaofei | zhongben | debtor
    #[serde(default)]
    list: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    id_number: Option<String>,
    #[serde(default)]
    case_number: Option<String>,
}

const LISTS: [(&str, &str); 4] = [
    ("shixin", "失信被执行人"),
    ("xiaofei", "限制消费人员"),
    ("zhongben", "终结本次执行案件"),
    ("debtor", "被执行人"),
];

/// The query tabs, as the page lists them.
fn lists() -> Vec<Value> {
    LISTS.iter().map(|(code, name)| json!({ "code": code, "name": name })).collect()
}

async fn portal(
    State(state): State<AppState>,
    client: Client,
    Query(params): Query<PortalParams>,
) -> Result<Response, UiError> {
    let list = params.list.clone().unwrap_or_else(|| "shixin".to_owned());
    if !LISTS.iter().any(|(code, _)| *code == list) {
        return Err(UiError::Form("查询类别不存在".to_owned()));
    }
    let case_number = params.case_number.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let name = params.name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let id_number = params.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let query = match (case_number, name, id_number) {
        (Some(number), _, _) => Some(PublicQuery::Case(number.to_owned())),
        (None, Some(name), Some(id)) => {
            Some(PublicQuery::Person { name: name.to_owned(), id_number: id.to_owned() })
        }
        (None, None, None) => None,
        _ => return Err(UiError::Form("请同时输入姓名（名称）和证件号码，或输入案号".to_owned())),
    };
    let mut results: Vec<Value> = Vec::new();
    let asked = query.is_some();
    if let Some(query) = &query {
        if !state.limiter.allow(client.0, Instant::now()) {
            return Ok(limited());
        }
        match list.as_str() {
            "shixin" | "xiaofei" => {
                for entry in state.app.public_entries(query).await? {
                    if entry.list.code() == list {
                        results.push(serde_json::to_value(&entry).unwrap_or(Value::Null));
                    }
                }
            }
            _ => {
                for case in state.app.public_cases(query).await? {
                    // 被执行人: cases being enforced; 终本: cases closed as 终本.
                    if (list == "debtor" && case.open) || (list == "zhongben" && case.zhongben) {
                        results.push(serde_json::to_value(&case).unwrap_or(Value::Null));
                    }
                }
            }
        }
    }
    let context = json!({
        "title": "执行信息公开",
        "lists": lists(),
        "list": list,
        "params": { "name": name, "id_number": id_number, "case_number": case_number },
        "asked": asked,
        "results": results,
        "progress": Value::Null,
    });
    Ok(render("portal.html", context))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProgressParams {
    #[serde(default)]
    case_number: String,
    #[serde(default)]
    code: String,
}

/// A party's progress query: the case by 案号 and its query code.
async fn progress(
    State(state): State<AppState>,
    client: Client,
    Query(params): Query<ProgressParams>,
) -> Result<Response, UiError> {
    let progress = if params.case_number.trim().is_empty() || params.code.trim().is_empty() {
        Value::Null
    } else {
        if !state.limiter.allow(client.0, Instant::now()) {
            return Ok(limited());
        }
        match state.app.case_progress(&params.case_number, &params.code).await {
            Ok(progress) => json!(progress),
            Err(zhixing_app::AppError::NotFound { .. }) => json!({ "not_found": true }),
            Err(e) => return Err(e.into()),
        }
    };
    let context = json!({
        "title": "案件进度查询",
        "lists": lists(),
        "list": "progress",
        "params": { "case_number": params.case_number },
        "asked": false,
        "results": [],
        "progress": progress,
    });
    Ok(render("portal.html", context).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_limit_per_window_then_a_new_window() {
        let limiter = RateLimiter::new(3);
        let a = IpAddr::from([10, 0, 0, 1]);
        let b = IpAddr::from([10, 0, 0, 2]);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow(a, t0)));
        assert!(!limiter.allow(a, t0 + Duration::from_secs(59)));
        assert!(limiter.allow(b, t0), "another client has its own window");
        assert!(limiter.allow(a, t0 + WINDOW), "a new window");
    }
}
