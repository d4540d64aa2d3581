//! Health, metrics, the OpenAPI document, the landing page and the fallbacks.

use crate::problem::ApiError;
use crate::{AppState, openapi};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    status: &'static str,
    backend: &'static str,
    events: u64,
}

/// Liveness and readiness: answers 200 when the database answers.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, body = Health), (status = 503, body = crate::Problem)))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let head = state.app.store.head().await.map_err(|e| {
        tracing::error!(error = %e, "health check failed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "unavailable / 服务不可用",
            "database unreachable",
        )
    })?;
    Ok(Json(Health { status: "ok", backend: state.app.store.backend().as_str(), events: head.position }))
}

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", tag = "system", responses((status = 200, description = "Prometheus text format")))]
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "system", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi::document()).into_response()
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("no such resource / 资源不存在")
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method not allowed / 不支持的请求方法",
        "",
    )
}

/// A plain page for people who open the server in a browser.
pub(crate) async fn index(State(state): State<AppState>) -> Html<String> {
    let courts = state.app.courts.len();
    let events = state.app.store.head().await.map(|h| h.position).unwrap_or(0);
    Html(format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>执行 · 人民法院数字执行平台</title>
<style>body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem;color:#1f2937}}
code{{background:#f3f4f6;padding:.1rem .3rem}}</style></head>
<body><h1>执行 zhixing</h1>
<p>人民法院数字执行平台：立案、流程节点、网络查控、信用惩戒、财产处置、案款、指挥中心、执行公开。</p>
<ul><li>法院：{courts} 个</li><li>事件：{events} 条</li><li>存储：{backend}</li></ul>
<p>接口文档：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a> · 健康检查：<a href="/healthz">/healthz</a> · 指标：<a href="/metrics">/metrics</a></p>
<p>登录获取令牌：<code>POST /api/v1/tokens</code>，请求体 <code>{{"login":"…","password":"…"}}</code>。</p>
</body></html>"#,
        backend = state.app.store.backend().as_str(),
    ))
}
