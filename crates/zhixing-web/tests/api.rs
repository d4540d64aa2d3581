//! The HTTP API checked through its boundary: system endpoints, the court tree, sign-in and
//! tokens, refusal of bad input (problem+json naming the field, nothing stored), the role × court
//! × action authorization matrix (DESIGN.md §7), cases by court and by 案号, and the fallbacks.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::{JSON, PASSWORD, TestApp, file_case};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::users::{self as domain, Role, event_type};
use zhixing_store::AppendBatch;

// ---------------------------------------------------------------------------------------------
// System: health, metrics, OpenAPI

#[tokio::test]
async fn healthz_answers_with_the_backend() {
    let t = TestApp::new().await;
    let answer = t.get("/healthz", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, JSON);
    assert_eq!(answer.json(), json!({ "status": "ok", "backend": "sqlite", "events": 0 }));
}

#[tokio::test]
async fn metrics_count_requests_by_route() {
    let t = TestApp::new().await;
    assert_eq!(t.get("/api/v1/courts", None).await.status, StatusCode::OK);
    let answer = t.get("/metrics", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/plain"), "{}", answer.content_type);
    let text = answer.text();
    assert!(text.contains("zhixing_http_requests_total"), "{text}");
    // Labelled by the route template, never by the raw path.
    assert!(text.contains(r#"route="/api/v1/courts""#), "{text}");
}

#[tokio::test]
async fn openapi_document_lists_the_api() {
    let t = TestApp::new().await;
    let answer = t.get("/api/v1/openapi.json", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, JSON);
    let doc = answer.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", doc["openapi"]);
    for path in [
        "/api/v1/users",
        "/api/v1/tokens",
        "/api/v1/courts",
        "/api/v1/courts/{code}",
        "/api/v1/me",
        "/api/v1/cases",
        "/api/v1/cases/{case_number}",
        "/healthz",
    ] {
        assert!(doc["paths"].get(path).is_some(), "path {path} missing from the OpenAPI document");
    }
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], json!("http"), "{bearer}");
    assert_eq!(bearer["scheme"].as_str().map(str::to_lowercase), Some("bearer".to_owned()), "{bearer}");
}

// ---------------------------------------------------------------------------------------------
// The court tree

#[tokio::test]
async fn courts_list_the_tree() {
    let t = TestApp::new().await;
    let answer = t.get("/api/v1/courts", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, JSON);
    let courts = answer.json();
    let find = |code: &str| -> Value {
        courts
            .as_array()
            .and_then(|all| all.iter().find(|c| c["code"] == json!(code)))
            .cloned()
            .unwrap_or(Value::Null)
    };
    // (code, level, parent, region code)
    let check = |code: &str, level: &str, parent: Option<&str>, region: Option<&str>| {
        let court = find(code);
        assert_eq!(court["level"], json!(level), "{code}: {court}");
        assert_eq!(court["parent"], json!(parent), "{code}: {court}");
        assert_eq!(court["region_code"], json!(region), "{code}: {court}");
        assert!(court["name"].as_str().is_some_and(|n| n.ends_with("法院")), "{code}: {court}");
    };
    check("最高法", "supreme", None, None);
    check("浙", "high", Some("最高法"), Some("330000"));
    check("浙01", "intermediate", Some("浙"), Some("330100"));
    check("浙0106", "basic", Some("浙01"), Some("330106"));
    check("京", "high", Some("最高法"), Some("110000"));
    assert_eq!(find("浙0106")["name"], json!("杭州市西湖区人民法院"));
    let children_of = |code: &str| find(code)["children"].clone();
    assert!(children_of("浙01").as_array().is_some_and(|c| c.contains(&json!("浙0106"))));
    assert!(children_of("浙").as_array().is_some_and(|c| c.contains(&json!("浙01"))));
    assert_eq!(children_of("浙0106"), json!([]));
}

#[tokio::test]
async fn one_court_by_code() {
    let t = TestApp::new().await;
    let answer = t.get("/api/v1/courts/浙0106", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["code"], json!("浙0106"));
    assert_eq!(answer.json()["parent"], json!("浙01"));
    for unknown in ["/api/v1/courts/不存在", "/api/v1/courts/浙9999", "/api/v1/courts/x"] {
        t.get(unknown, None).await.assert_problem(404, "not_found", &[]);
    }
}

// ---------------------------------------------------------------------------------------------
// Sign-in and tokens

#[tokio::test]
async fn sign_in_issues_a_token_that_works() {
    let t = TestApp::new().await;
    t.create_user("zhang.san", "浙0106", &[Role::Officer, Role::Leader]).await;
    let answer = t
        .post_json(
            "/api/v1/tokens",
            None,
            &json!({ "login": "zhang.san", "password": PASSWORD, "label": "cli", "days": 7 }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    assert_eq!(answer.content_type, JSON);
    let issued = answer.json();
    let token = issued["token"].as_str().expect("a token").to_owned();
    assert!(token.starts_with("zx_"), "{token}");
    assert_eq!(issued["expires_at"], json!("2024-10-06T08:00:00+00:00"));
    assert_eq!(issued["me"]["login"], json!("zhang.san"));

    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    assert_eq!(me.content_type, JSON);
    let me = me.json();
    assert_eq!(me["login"], json!("zhang.san"));
    assert_eq!(me["court"], json!("浙0106"));
    assert_eq!(me["court_name"], json!("杭州市西湖区人民法院"));
    assert_eq!(me["roles"], json!(["officer", "leader"]));
    assert_eq!(me, issued["me"]);
}

#[tokio::test]
async fn a_user_signs_in_more_than_once() {
    let t = TestApp::new().await;
    t.create_user("li.si", "浙01", &[Role::Officer]).await;
    let first = t.token("li.si").await;
    let second = t.token("li.si").await;
    assert_ne!(first, second);
    for token in [&first, &second] {
        assert_eq!(t.get("/api/v1/me", Some(token)).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_login_get_the_same_answer() {
    let t = TestApp::new().await;
    t.create_user("zhang.san", "浙0106", &[Role::Officer]).await;
    let before = t.stored().await;
    let wrong = t
        .post_json("/api/v1/tokens", None, &json!({ "login": "zhang.san", "password": "wrong-password" }))
        .await;
    wrong.assert_problem(401, "unauthenticated", &[]);
    // (login, password)
    let long_password = "p".repeat(200);
    let long_login = "z".repeat(100);
    let cases = [
        ("nobody", PASSWORD),
        ("nobody", "wrong-password"),
        ("ZHANG.SAN", PASSWORD),
        ("zhang.san", ""),
        ("", ""),
        ("zhang.san", long_password.as_str()),
        (long_login.as_str(), PASSWORD),
    ];
    for (login, password) in cases {
        let answer =
            t.post_json("/api/v1/tokens", None, &json!({ "login": login, "password": password })).await;
        assert_eq!((answer.status, answer.json()), (wrong.status, wrong.json()), "{login:?} / {password:?}");
    }
    assert_eq!(t.stored().await, before, "a failed sign-in stores nothing");
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let t = TestApp::new().await;
    t.create_user("zhang.san", "浙0106", &[Role::Officer]).await;
    let answer = t
        .post_json("/api/v1/tokens", None, &json!({ "login": "zhang.san", "password": PASSWORD, "days": 1 }))
        .await;
    let token = answer.json()["token"].as_str().expect("a token").to_owned();
    t.clock.advance(chrono::Duration::days(1) - chrono::Duration::seconds(1));
    assert_eq!(
        t.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::OK,
        "live one second before expiry"
    );
    t.clock.advance(chrono::Duration::seconds(1));
    t.get("/api/v1/me", Some(&token)).await.assert_problem(401, "unauthenticated", &[]);

    // The default lifetime is 30 days.
    let token = t.token("zhang.san").await;
    t.clock.advance(chrono::Duration::days(30) - chrono::Duration::seconds(1));
    assert_eq!(t.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
    t.clock.advance(chrono::Duration::seconds(1));
    t.get("/api/v1/me", Some(&token)).await.assert_problem(401, "unauthenticated", &[]);
}

#[tokio::test]
async fn tokens_of_disabled_users_and_revoked_tokens_are_refused() {
    let t = TestApp::new().await;
    let user = t.create_user("zhang.san", "浙0106", &[Role::Officer]).await;
    let (token, token_id) = issue_token(&t, "zhang.san").await;
    assert_eq!(t.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);

    let revoked = domain::ApiTokenRevoked { user_id: user.user_id.clone(), token_id };
    append_to_user(&t, &user.user_id, event_type::API_TOKEN_REVOKED, &revoked).await;
    t.get("/api/v1/me", Some(&token)).await.assert_problem(401, "unauthenticated", &[]);

    let other = t.token("zhang.san").await;
    assert_eq!(t.get("/api/v1/me", Some(&other)).await.status, StatusCode::OK);
    append_to_user(
        &t,
        &user.user_id,
        event_type::USER_DISABLED,
        &domain::UserDisabled { user_id: user.user_id.clone() },
    )
    .await;
    t.get("/api/v1/me", Some(&other)).await.assert_problem(401, "unauthenticated", &[]);
    // A disabled user cannot sign in either.
    t.post_json("/api/v1/tokens", None, &json!({ "login": "zhang.san", "password": PASSWORD }))
        .await
        .assert_problem(401, "unauthenticated", &[]);
}

/// A token signed in for `login` (password [`PASSWORD`]), and its id.
async fn issue_token(t: &TestApp, login: &str) -> (String, String) {
    let issued =
        t.post_json("/api/v1/tokens", None, &json!({ "login": login, "password": PASSWORD })).await.json();
    let token = issued["token"].as_str().expect("a token").to_owned();
    (token, issued["token_id"].as_str().expect("a token id").to_owned())
}

/// Appends one event to a user's stream, as an administrator would through a later use case.
async fn append_to_user(t: &TestApp, user_id: &str, event_type: &str, payload: &impl serde::Serialize) {
    append_to_user_in(&t.app.store, user_id, event_type, payload).await;
}

/// [`append_to_user`] through `store`.
async fn append_to_user_in(
    store: &zhixing_store::Store,
    user_id: &str,
    event_type: &str,
    payload: &impl serde::Serialize,
) {
    let stream = domain::user_stream(user_id);
    let version = store.stream_version(&stream).await.expect("read the stream version");
    let batch = AppendBatch::new("system:test", "浙0106").stream(
        &stream,
        ExpectedVersion::Exact(version),
        vec![NewEvent::new(event_type, 1, payload)],
    );
    store.append(&batch).await.expect("append to the user stream");
}

#[tokio::test]
async fn missing_or_garbled_authorization_is_refused() {
    let t = TestApp::new().await;
    let token = t.signed_in("admin.zj", "浙", &[Role::Admin]).await;
    // The same token with its last character changed.
    let last = if token.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    // (Authorization header, or None for no header)
    let cases: [Option<String>; 10] = [
        None,
        Some(String::new()),
        Some("Bearer".to_owned()),
        Some("Bearer ".to_owned()),
        Some("Basic YWRtaW46cGFzc3dvcmQ=".to_owned()),
        Some(token.clone()),
        Some(format!("Token {token}")),
        Some(format!("Bearer {forged}")),
        Some("Bearer zx_not_a_token".to_owned()),
        Some(format!("Bearer {}", "x".repeat(5000))),
    ];
    for header in cases {
        for (method, path) in [(Method::GET, "/api/v1/me"), (Method::GET, "/api/v1/users")] {
            let mut request = axum::http::Request::builder().method(method).uri(path);
            if let Some(value) = &header {
                request = request.header("authorization", value.as_str());
            }
            let answer = t.send(request.body(axum::body::Body::empty()).expect("a request")).await;
            assert_eq!(answer.www_authenticate.as_deref(), Some("Bearer"), "RFC 6750 §3");
            answer.assert_problem(401, "unauthenticated", &[]);
        }
    }
    // The scheme is case-insensitive (RFC 9110 §11.1).
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let request = axum::http::Request::builder()
            .uri("/api/v1/me")
            .header("authorization", format!("{scheme} {token}"))
            .body(axum::body::Body::empty())
            .expect("a request");
        assert_eq!(t.send(request).await.status, 200, "{scheme}");
    }
    // Without a token nothing is created, even when the body is perfect.
    let before = t.stored().await;
    t.post_json("/api/v1/users", None, &new_user()).await.assert_problem(401, "unauthenticated", &[]);
    assert_eq!(t.stored().await, before);
}

// ---------------------------------------------------------------------------------------------
// Bad input: a 4xx problem+json naming the field, and nothing stored

/// A valid body for `POST /api/v1/users`.
fn new_user() -> Value {
    json!({ "login": "new.user", "name": "新用户", "court": "浙0106", "roles": ["officer"], "password": "long-enough-1" })
}

/// [`new_user`] with one field set to `value`.
fn user_with(field: &str, value: Value) -> String {
    let mut body = new_user();
    body[field] = value;
    body.to_string()
}

/// [`new_user`] without one field.
fn user_without(field: &str) -> String {
    let mut body = new_user();
    body.as_object_mut().map(|o| o.remove(field));
    body.to_string()
}

/// One refused request: (Content-Type, body, status, problem code, [(field, field code)]).
type Refusal = (Option<&'static str>, String, u16, &'static str, &'static [(&'static str, &'static str)]);

/// Sends each refused request and checks its problem and that nothing was stored.
async fn check_refusals(t: &TestApp, path: &str, token: Option<&str>, cases: Vec<Refusal>) {
    for (content_type, body, status, code, fields) in cases {
        let before = t.stored().await;
        let shown: String = body.chars().take(120).collect();
        let answer = t.post_raw(path, token, content_type, body).await;
        assert_eq!(answer.status.as_u16(), status, "{path} {content_type:?} {shown}: {}", answer.text());
        answer.assert_problem(status, code, fields);
        assert_eq!(t.stored().await, before, "{path} {shown}: nothing may be stored");
    }
}

fn body_of_bytes(bytes: usize) -> String {
    let padding = bytes.saturating_sub(user_with("name", json!("")).len());
    user_with("name", json!("名".repeat(padding / 3 + 1)))
}

#[tokio::test]
async fn create_user_refuses_bad_input() {
    let t = TestApp::new().await;
    let admin = t.signed_in("admin.zj", "浙", &[Role::Admin]).await;
    t.create_user("taken", "浙0106", &[Role::Officer]).await;
    let j = Some(JSON);
    let cases: Vec<Refusal> = vec![
        (j, r#"{"login":"#.into(), 400, "malformed_json", &[("body", "malformed_json")]),
        (j, String::new(), 400, "malformed_json", &[("body", "malformed_json")]),
        (j, "not json".into(), 400, "malformed_json", &[("body", "malformed_json")]),
        (j, "[]".into(), 400, "invalid_type", &[("body", "invalid_type")]),
        (j, "null".into(), 400, "invalid_type", &[("body", "invalid_type")]),
        (
            Some("text/plain"),
            new_user().to_string(),
            415,
            "unsupported_media_type",
            &[("body", "unsupported_media_type")],
        ),
        (
            Some("application/x-www-form-urlencoded"),
            "login=x".into(),
            415,
            "unsupported_media_type",
            &[("body", "unsupported_media_type")],
        ),
        (None, new_user().to_string(), 415, "unsupported_media_type", &[("body", "unsupported_media_type")]),
        (j, user_with("admin", json!(true)), 400, "unknown_field", &[("admin", "unknown_field")]),
        (j, user_without("login"), 400, "missing_field", &[("login", "missing_field")]),
        (j, user_without("password"), 400, "missing_field", &[("password", "missing_field")]),
        (j, user_without("roles"), 400, "missing_field", &[("roles", "missing_field")]),
        (j, user_with("roles", json!("x")), 400, "invalid_value", &[("roles", "invalid_value")]),
        (j, user_with("roles", json!([1])), 400, "invalid_value", &[("roles[0]", "invalid_value")]),
        (j, user_with("login", json!(42)), 400, "invalid_value", &[("login", "invalid_value")]),
        (j, user_with("name", Value::Null), 400, "invalid_value", &[("name", "invalid_value")]),
        (j, user_with("roles", json!(["root"])), 422, "unknown_role", &[("roles[0]", "unknown_role")]),
        (j, format!("{} trailing", new_user()), 400, "malformed_json", &[("body", "malformed_json")]),
        (
            j,
            r#"{"login":"a.b","login":"c.d","name":"x","court":"浙0106","roles":["officer"],"password":"long-enough-1"}"#.into(),
            400,
            "duplicate_field",
            &[("login", "duplicate_field")],
        ),
        (
            j,
            json!({ "login": "X", "name": "新用户", "court": "浙0106", "roles": ["root"], "password": "long-enough-1" })
                .to_string(),
            422,
            "unknown_role",
            &[("roles[0]", "unknown_role"), ("login", "invalid_login")],
        ),
        (
            j,
            user_with("roles", json!(["officer", "Admin"])),
            422,
            "unknown_role",
            &[("roles[1]", "unknown_role")],
        ),
        (j, user_with("roles", json!([])), 422, "no_roles", &[("roles", "no_roles")]),
        (j, user_with("login", json!("Zhang San")), 422, "invalid_login", &[("login", "invalid_login")]),
        (j, user_with("login", json!("张三")), 422, "invalid_login", &[("login", "invalid_login")]),
        (j, user_with("login", json!("ab")), 422, "invalid_login", &[("login", "invalid_login")]),
        (j, user_with("name", json!("")), 422, "invalid_name", &[("name", "invalid_name")]),
        (j, user_with("name", json!("   ")), 422, "invalid_name", &[("name", "invalid_name")]),
        (j, user_with("name", json!("张\u{0}三")), 422, "invalid_name", &[("name", "invalid_name")]),
        (j, user_with("name", json!("名".repeat(101))), 422, "invalid_name", &[("name", "invalid_name")]),
        (j, user_with("court", json!("浙9999")), 422, "unknown_court", &[("court", "unknown_court")]),
        (j, user_with("court", json!("")), 422, "unknown_court", &[("court", "unknown_court")]),
        (
            j,
            user_with("password", json!("short")),
            422,
            "invalid_password",
            &[("password", "invalid_password")],
        ),
        (
            j,
            user_with("password", json!("p".repeat(129))),
            422,
            "invalid_password",
            &[("password", "invalid_password")],
        ),
        (j, user_with("login", json!("taken")), 409, "login_taken", &[("login", "login_taken")]),
        (j, body_of_bytes(1024 * 1024 + 1), 413, "body_too_large", &[("body", "body_too_large")]),
        (j, body_of_bytes(4 * 1024 * 1024), 413, "body_too_large", &[("body", "body_too_large")]),
    ];
    check_refusals(&t, "/api/v1/users", Some(&admin), cases).await;
}

#[tokio::test]
async fn create_user_lists_every_bad_field() {
    let t = TestApp::new().await;
    let admin = t.signed_in("admin.zj", "浙", &[Role::Admin]).await;
    let body =
        json!({ "login": "X", "name": "", "court": "火星", "roles": [], "password": "short" }).to_string();
    let fields: &[(&str, &str)] = &[
        ("login", "invalid_login"),
        ("name", "invalid_name"),
        ("court", "unknown_court"),
        ("roles", "no_roles"),
        ("password", "invalid_password"),
    ];
    check_refusals(&t, "/api/v1/users", Some(&admin), vec![(Some(JSON), body, 422, "invalid_login", fields)])
        .await;
}

#[tokio::test]
async fn create_user_accepts_good_input() {
    let t = TestApp::new().await;
    let admin = t.signed_in("admin.zj", "浙", &[Role::Admin]).await;
    let before = t.stored().await;
    let body = json!({ "login": "new.user", "name": "新用户", "court": "浙0106", "roles": ["officer", "leader", "officer"], "password": "long-enough-1" });
    let answer = t
        .post_raw("/api/v1/users", Some(&admin), Some("application/json; charset=utf-8"), body.to_string())
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    assert_eq!(answer.content_type, JSON);
    let user = answer.json();
    assert_eq!(user["login"], json!("new.user"));
    assert_eq!(user["court"], json!("浙0106"));
    assert_eq!(user["roles"], json!(["officer", "leader"]), "sorted and deduplicated");
    assert_eq!(user["disabled"], json!(false));
    assert!(user.get("password").is_none() && user.get("password_hash").is_none(), "{user}");
    assert_eq!(t.stored().await, (before.0 + 1, before.1 + 1));
    // The new user can sign in with the password given.
    let answer = t
        .post_json("/api/v1/tokens", None, &json!({ "login": "new.user", "password": "long-enough-1" }))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
}

#[tokio::test]
async fn sign_in_refuses_bad_input() {
    let t = TestApp::new().await;
    t.create_user("zhang.san", "浙0106", &[Role::Officer]).await;
    let sign_in = |extra: Value| {
        let mut body = json!({ "login": "zhang.san", "password": PASSWORD });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        body.to_string()
    };
    let j = Some(JSON);
    let cases: Vec<Refusal> = vec![
        (j, r#"{"login":"zhang.san","#.into(), 400, "malformed_json", &[("body", "malformed_json")]),
        (j, "{".into(), 400, "malformed_json", &[("body", "malformed_json")]),
        (
            Some("text/plain"),
            sign_in(json!({})),
            415,
            "unsupported_media_type",
            &[("body", "unsupported_media_type")],
        ),
        (None, sign_in(json!({})), 415, "unsupported_media_type", &[("body", "unsupported_media_type")]),
        (j, sign_in(json!({ "remember": true })), 400, "unknown_field", &[("remember", "unknown_field")]),
        (j, r#"{"login":"zhang.san"}"#.into(), 400, "missing_field", &[("password", "missing_field")]),
        (j, r#"{"password":"x"}"#.into(), 400, "missing_field", &[("login", "missing_field")]),
        (j, sign_in(json!({ "days": "x" })), 400, "invalid_value", &[("days", "invalid_value")]),
        (j, sign_in(json!({ "days": 1.5 })), 400, "invalid_value", &[("days", "invalid_value")]),
        (j, sign_in(json!({ "label": 7 })), 400, "invalid_value", &[("label", "invalid_value")]),
        (j, sign_in(json!({ "days": 0 })), 422, "out_of_range", &[("days", "out_of_range")]),
        (j, sign_in(json!({ "days": 367 })), 422, "out_of_range", &[("days", "out_of_range")]),
        (j, sign_in(json!({ "days": -1 })), 422, "out_of_range", &[("days", "out_of_range")]),
        (j, sign_in(json!({ "label": "" })), 422, "invalid_label", &[("label", "invalid_label")]),
        (
            j,
            sign_in(json!({ "label": "l".repeat(101) })),
            422,
            "invalid_label",
            &[("label", "invalid_label")],
        ),
        (j, sign_in(json!({ "label": "a\nb" })), 422, "invalid_label", &[("label", "invalid_label")]),
        (
            j,
            format!(r#"{{"login":"{}","password":"x"}}"#, "a".repeat(1024 * 1024)),
            413,
            "body_too_large",
            &[("body", "body_too_large")],
        ),
    ];
    check_refusals(&t, "/api/v1/tokens", None, cases).await;
}

// ---------------------------------------------------------------------------------------------
// Authorization: role × court × action (DESIGN.md §7)

/// What an action should come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    MissingRole,
    OutOfScope,
    /// A case outside the actor's reach answers as if it did not exist, so 案号 cannot be probed.
    Hidden,
}

use Outcome::{Allowed, Hidden, MissingRole, OutOfScope};

/// The actor courts of the matrix, with the login suffix of each (logins are ASCII).
const ACTOR_COURTS: [(&str, &str); 4] = [("浙", "zj"), ("浙01", "zj01"), ("浙0106", "zj0106"), ("京", "bj")];

/// (role, actor court, create a user in 浙0106, list the users of 浙01, list the cases of 浙01,
/// read a case of 浙0106)
#[rustfmt::skip]
const MATRIX: [(Role, &str, Outcome, Outcome, Outcome, Outcome); 24] = [
    (Role::Admin,         "浙",     Allowed,     Allowed,     MissingRole, Hidden),
    (Role::Admin,         "浙01",   Allowed,     Allowed,     MissingRole, Hidden),
    (Role::Admin,         "浙0106", Allowed,     OutOfScope,  MissingRole, Hidden),
    (Role::Admin,         "京",     OutOfScope,  OutOfScope,  MissingRole, Hidden),
    (Role::Leader,        "浙",     MissingRole, Allowed,     Allowed,     Allowed),
    (Role::Leader,        "浙01",   MissingRole, Allowed,     Allowed,     Allowed),
    (Role::Leader,        "浙0106", MissingRole, OutOfScope,  OutOfScope,  Allowed),
    (Role::Leader,        "京",     MissingRole, OutOfScope,  OutOfScope,  Hidden),
    (Role::Officer,       "浙",     MissingRole, MissingRole, Allowed,     Allowed),
    (Role::Officer,       "浙01",   MissingRole, MissingRole, Allowed,     Allowed),
    (Role::Officer,       "浙0106", MissingRole, MissingRole, OutOfScope,  Allowed),
    (Role::Officer,       "京",     MissingRole, MissingRole, OutOfScope,  Hidden),
    (Role::CommandCenter, "浙",     MissingRole, MissingRole, Allowed,     Allowed),
    (Role::CommandCenter, "浙01",   MissingRole, MissingRole, Allowed,     Allowed),
    (Role::CommandCenter, "浙0106", MissingRole, MissingRole, OutOfScope,  Allowed),
    (Role::CommandCenter, "京",     MissingRole, MissingRole, OutOfScope,  Hidden),
    (Role::LinkageUnit,   "浙",     MissingRole, MissingRole, MissingRole, Hidden),
    (Role::LinkageUnit,   "浙01",   MissingRole, MissingRole, MissingRole, Hidden),
    (Role::LinkageUnit,   "浙0106", MissingRole, MissingRole, MissingRole, Hidden),
    (Role::LinkageUnit,   "京",     MissingRole, MissingRole, MissingRole, Hidden),
    (Role::Agency,        "浙",     MissingRole, MissingRole, MissingRole, Hidden),
    (Role::Agency,        "浙01",   MissingRole, MissingRole, MissingRole, Hidden),
    (Role::Agency,        "浙0106", MissingRole, MissingRole, MissingRole, Hidden),
    (Role::Agency,        "京",     MissingRole, MissingRole, MissingRole, Hidden),
];

#[tokio::test]
async fn role_court_action_matrix() {
    for role in Role::ALL {
        for (court, _) in ACTOR_COURTS {
            let rows = MATRIX.iter().filter(|row| row.0 == role && row.1 == court).count();
            assert_eq!(rows, 1, "the matrix has one row for {role:?} at {court}");
        }
    }
    let t = TestApp::new().await;
    // Users and cases in and out of 浙01's subtree, to see what a listing reveals.
    t.create_user("seen.zj01", "浙01", &[Role::Officer]).await;
    t.create_user("seen.zj0106", "浙0106", &[Role::Officer]).await;
    t.create_user("hidden.zj02", "浙02", &[Role::Officer]).await;
    t.create_user("hidden.bj", "京", &[Role::Officer]).await;
    let case_0106 = file_case(&t, "浙0106", 1, "2024-03-01", 10_000_000).await;
    let case_0102 = file_case(&t, "浙0102", 1, "2024-04-01", 10_000_000).await;
    file_case(&t, "浙0203", 1, "2024-05-01", 10_000_000).await;
    file_case(&t, "京", 1, "2024-06-01", 10_000_000).await;
    for (n, (role, court, create, list_users, list_cases, read_case)) in MATRIX.into_iter().enumerate() {
        let suffix = ACTOR_COURTS.iter().find(|(c, _)| *c == court).map_or("x", |(_, s)| s);
        let login = format!("{}.{suffix}", role.as_str().replace('_', "-"));
        let token = t.signed_in(&login, court, &[role]).await;
        let case = format!("{role:?} at {court}");

        let before = t.stored().await;
        let body = json!({ "login": format!("made.{n}"), "name": "新用户", "court": "浙0106", "roles": ["officer"], "password": "long-enough-1" });
        let answer = t.post_json("/api/v1/users", Some(&token), &body).await;
        let created = expect(&answer, create, &format!("create a user, {case}"));
        let expected_stored = if created { (before.0 + 1, before.1 + 1) } else { before };
        assert_eq!(t.stored().await, expected_stored, "create a user, {case}");

        let answer = t.get("/api/v1/users?court=浙01", Some(&token)).await;
        if expect(&answer, list_users, &format!("list users, {case}")) {
            let logins = strings(&answer.json(), "login");
            assert!(
                logins.contains(&"seen.zj01".to_owned()) && logins.contains(&"seen.zj0106".to_owned()),
                "{case}: {logins:?}"
            );
            assert!(!logins.iter().any(|l| l.starts_with("hidden.")), "list users, {case}: {logins:?}");
            assert!(
                strings(&answer.json(), "court").iter().all(|c| c.starts_with("浙01")),
                "list users, {case}"
            );
        }

        let answer = t.get("/api/v1/cases?court=浙01", Some(&token)).await;
        if expect(&answer, list_cases, &format!("list cases, {case}")) {
            assert_eq!(
                strings(&answer.json(), "case_number"),
                [case_0102.clone(), case_0106.clone()],
                "{case}"
            );
        }

        let answer = t.get(&format!("/api/v1/cases/{case_0106}"), Some(&token)).await;
        if expect(&answer, read_case, &format!("read a case, {case}")) {
            assert_eq!(answer.json()["case_number"], json!(case_0106), "{case}");
        }
    }
}

/// Checks an answer against the outcome the matrix names; true when the action was allowed.
fn expect(answer: &support::Answer, outcome: Outcome, case: &str) -> bool {
    match outcome {
        Allowed => {
            assert!(answer.status.is_success(), "{case}: {} {}", answer.status, answer.text());
            assert_eq!(answer.content_type, JSON, "{case}");
        }
        MissingRole => answer.assert_problem(403, "missing_role", &[]),
        OutOfScope => answer.assert_problem(403, "out_of_scope", &[]),
        Hidden => answer.assert_problem(404, "not_found", &[]),
    }
    outcome == Allowed
}

/// The string field `key` of every object in a JSON array.
fn strings(array: &Value, key: &str) -> Vec<String> {
    array
        .as_array()
        .map(|a| a.iter().filter_map(|o| o[key].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn listing_users_defaults_to_the_actors_court() {
    let t = TestApp::new().await;
    let token = t.signed_in("leader.zj0106", "浙0106", &[Role::Leader]).await;
    t.create_user("officer.zj0106", "浙0106", &[Role::Officer]).await;
    t.create_user("officer.zj01", "浙01", &[Role::Officer]).await;
    let answer = t.get("/api/v1/users", Some(&token)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(strings(&answer.json(), "login"), ["leader.zj0106", "officer.zj0106"]);
    check_refused_gets(
        &t,
        "/api/v1/users",
        &token,
        &[
            ("?court=不存在", 403, "out_of_scope", &[]),
            ("?court=浙01", 403, "out_of_scope", &[]),
            ("?foo=1", 400, "unknown_field", &[("foo", "unknown_field")]),
        ],
    )
    .await;
}

/// A refused GET: (the end of the path, status, problem code, [(field, field code)]).
type RefusedGet<'a> = (&'a str, u16, &'a str, &'a [(&'a str, &'a str)]);

/// Sends `GET <prefix><end>` for each case and checks the problem it answers.
async fn check_refused_gets(t: &TestApp, prefix: &str, token: &str, cases: &[RefusedGet<'_>]) {
    for (end, status, code, fields) in cases {
        t.get(&format!("{prefix}{end}"), Some(token)).await.assert_problem(*status, code, fields);
    }
}

// ---------------------------------------------------------------------------------------------
// Cases: listings by court and one case by 案号, within scope

/// Files a case directly through the store, as the seed and the import do; returns its 案号.

#[tokio::test]
async fn cases_are_listed_newest_first_within_scope() {
    let t = TestApp::new().await;
    let a = file_case(&t, "浙0106", 1, "2024-03-01", 10_000_000).await;
    let b = file_case(&t, "浙0106", 2, "2024-05-01", 123_456).await;
    let c = file_case(&t, "浙0102", 1, "2024-04-01", 5).await;
    file_case(&t, "浙0203", 1, "2024-06-01", 100).await;
    let token = t.signed_in("officer.zj01", "浙01", &[Role::Officer]).await;
    // (query, 案号 listed, in order)
    let cases = [
        ("", vec![b.clone(), c.clone(), a.clone()]),
        ("?court=浙01", vec![b.clone(), c.clone(), a.clone()]),
        ("?court=浙0106", vec![b.clone(), a.clone()]),
        ("?court=浙0102", vec![c.clone()]),
        ("?court=浙0105", vec![]),
        ("?limit=1", vec![b.clone()]),
        ("?limit=2&offset=1", vec![c.clone(), a.clone()]),
        ("?offset=3", vec![]),
        ("?limit=500", vec![b.clone(), c.clone(), a.clone()]),
    ];
    for (query, expected) in cases {
        let answer = t.get(&format!("/api/v1/cases{query}"), Some(&token)).await;
        assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.text());
        assert_eq!(answer.content_type, JSON, "{query}");
        assert_eq!(strings(&answer.json(), "case_number"), expected, "{query}");
    }
    let listed = t.get("/api/v1/cases?court=浙0106", Some(&token)).await.json();
    let first = &listed[0];
    assert_eq!(first["court"], json!("浙0106"));
    assert_eq!(first["court_name"], json!("杭州市西湖区人民法院"));
    assert_eq!(first["case_type"], json!("执"));
    assert_eq!(first["filed_on"], json!("2024-05-01"));
    assert_eq!(first["principal"], json!("1234.56"), "yuan with two decimals");
    assert_eq!(first["applicants"], json!("张三"));
    assert_eq!(first["debtors"], json!("杭州某某贸易有限公司"));
    assert_eq!(first["status"], json!("filed"));
    assert!(first.get("parties").is_none(), "a listing carries no parties: {first}");
    assert_eq!(
        strings(&t.get("/api/v1/cases?court=浙0102", Some(&token)).await.json(), "principal"),
        ["0.05"]
    );
}

#[tokio::test]
async fn cases_list_refuses_bad_parameters() {
    let t = TestApp::new().await;
    file_case(&t, "浙0106", 1, "2024-03-01", 10_000_000).await;
    let token = t.signed_in("officer.zj01", "浙01", &[Role::Officer]).await;
    check_refused_gets(
        &t,
        "/api/v1/cases",
        &token,
        &[
            ("?limit=0", 422, "out_of_range", &[("limit", "out_of_range")]),
            ("?limit=501", 422, "out_of_range", &[("limit", "out_of_range")]),
            ("?limit=x", 400, "invalid_value", &[("limit", "invalid_value")]),
            ("?limit=-1", 400, "invalid_value", &[("limit", "invalid_value")]),
            ("?limit=", 400, "invalid_value", &[("limit", "invalid_value")]),
            ("?offset=-1", 400, "invalid_value", &[("offset", "invalid_value")]),
            ("?offset=99999999999", 400, "invalid_value", &[("offset", "invalid_value")]),
            ("?offset=100000", 422, "out_of_range", &[("offset", "out_of_range")]),
            ("?sort=desc", 400, "unknown_field", &[("sort", "unknown_field")]),
            ("?court=不存在", 422, "unknown_court", &[("court", "unknown_court")]),
            ("?court=浙", 403, "out_of_scope", &[]),
            ("?court=京", 403, "out_of_scope", &[]),
        ],
    )
    .await;
    t.get("/api/v1/cases", None).await.assert_problem(401, "unauthenticated", &[]);
}

#[tokio::test]
async fn one_case_by_its_number() {
    let t = TestApp::new().await;
    let number = file_case(&t, "浙0106", 123, "2024-03-01", 10_000_000).await;
    let other_court = file_case(&t, "浙0203", 1, "2024-03-01", 10_000_000).await;
    let token = t.signed_in("officer.zj0106", "浙0106", &[Role::Officer]).await;
    // Any accepted spelling of the 案号 finds the case.
    for spelling in [
        "（2024）浙0106执123号",
        "(2024)浙0106执123号",
        "（２０２４）浙０１０６执１２３号",
        "（2024）浙0106执字第123号",
    ] {
        let answer = t.get(&format!("/api/v1/cases/{spelling}"), Some(&token)).await;
        assert_eq!(answer.status, StatusCode::OK, "{spelling}: {}", answer.text());
        assert_eq!(answer.content_type, JSON);
        let case = answer.json();
        assert_eq!(case["case_number"], json!(number), "{spelling}");
        assert_eq!(case["principal"], json!("100000.00"));
        assert_eq!(strings(&case["parties"], "role"), ["applicant", "debtor"]);
        assert_eq!(strings(&case["parties"], "kind"), ["person", "company"]);
        assert_eq!(strings(&case["parties"], "name"), ["张三", "杭州某某贸易有限公司"]);
    }
    check_refused_gets(
        &t,
        "/api/v1/cases/",
        &token,
        &[
            (&other_court, 404, "not_found", &[]),
            ("（2024）浙0106执124号", 404, "not_found", &[]),
            ("（2023）浙0106执123号", 404, "not_found", &[]),
            (
                "abc",
                422,
                "case_number_missing_open_bracket",
                &[("case_number", "case_number_missing_open_bracket")],
            ),
            (
                "（2024）浙0106民初1号",
                422,
                "case_number_unknown_case_type",
                &[("case_number", "case_number_unknown_case_type")],
            ),
            (
                "（2024）浙0106执0123号",
                422,
                "case_number_leading_zero",
                &[("case_number", "case_number_leading_zero")],
            ),
        ],
    )
    .await;
    // Out of scope and absent answer alike, word for word.
    let absent = t.get("/api/v1/cases/（2024）浙0203执2号", Some(&token)).await;
    let hidden = t.get(&format!("/api/v1/cases/{other_court}"), Some(&token)).await;
    assert_eq!(absent.status, hidden.status);
    let detail = |a: &support::Answer| a.json()["detail"].as_str().map(|d| d.replace("执2号", "执1号"));
    assert_eq!(detail(&absent), detail(&hidden));
    t.get(&format!("/api/v1/cases/{number}"), None).await.assert_problem(401, "unauthenticated", &[]);
}

// ---------------------------------------------------------------------------------------------
// Fallbacks

#[tokio::test]
async fn unknown_routes_and_wrong_methods() {
    let t = TestApp::new().await;
    // (method, path, status, code)
    let cases = [
        (Method::GET, "/nope", 404, "not_found"),
        (Method::GET, "/api/v1/nope", 404, "not_found"),
        (Method::GET, "/api/v2/users", 404, "not_found"),
        (Method::POST, "/api/v1/nope", 404, "not_found"),
        (Method::GET, "/api/v1/courts/浙0106/cases/1", 404, "not_found"),
        (Method::GET, "/api/v1/cases/（2024）浙0106执1号/parties", 404, "not_found"),
        (Method::POST, "/api/v1/cases", 405, "method_not_allowed"),
        (Method::DELETE, "/api/v1/users", 405, "method_not_allowed"),
        (Method::PUT, "/api/v1/tokens", 405, "method_not_allowed"),
        (Method::GET, "/api/v1/tokens", 405, "method_not_allowed"),
        (Method::POST, "/healthz", 405, "method_not_allowed"),
        (Method::POST, "/api/v1/courts", 405, "method_not_allowed"),
        (Method::DELETE, "/api/v1/courts/浙0106", 405, "method_not_allowed"),
    ];
    for (method, path, status, code) in cases {
        let answer = t.call(method.clone(), path, None).await;
        assert_eq!(answer.status.as_u16(), status, "{method} {path}: {}", answer.text());
        answer.assert_problem(status, code, &[]);
        if status == 405 {
            assert!(answer.allow.is_some(), "{method} {path}: a 405 names the allowed methods");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Filing: applications through the API

fn application_body(document: &str) -> Value {
    json!({
        "court": "浙0106",
        "applicants": [{ "kind": "person", "name": "张三", "id_number": "11010519491231002X" }],
        "debtors": [{ "kind": "company", "name": "杭州某某商贸有限公司", "id_number": "91350100M000100Y43",
                      "legal_representative": "王五" }],
        "basis": { "kind": "judgment", "issuer": "杭州市西湖区人民法院", "document_number": document,
                   "effective_on": "2024-03-01", "due_on": "2024-03-11" },
        "principal": "100000.00",
        "costs": "2300"
    })
}

#[tokio::test]
async fn an_application_is_filed_with_the_next_case_number() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let submitted =
        t.post_json("/api/v1/applications", Some(&officer), &application_body("(2024)浙0106民初1号")).await;
    assert_eq!(submitted.status, 201, "{}", submitted.text());
    let id = submitted.json()["application_id"].as_str().expect("id").to_owned();
    assert_eq!(submitted.json()["flags"], json!([]));
    let shown = t.get(&format!("/api/v1/applications/{id}"), Some(&officer)).await;
    assert_eq!(shown.json()["status"], json!("submitted"));
    assert_eq!(shown.json()["principal"], json!("100000.00"));
    let accepted =
        t.post_json(&format!("/api/v1/applications/{id}/accept"), Some(&officer), &json!({})).await;
    assert_eq!(accepted.status, 201, "{}", accepted.text());
    let number = accepted.json()["case_number"].as_str().expect("number").to_owned();
    assert_eq!(number, "（2024）浙0106执1号");
    let case = t.get(&format!("/api/v1/cases/{number}"), Some(&officer)).await;
    assert_eq!(case.status, 200, "{}", case.text());
    assert_eq!(case.json()["principal"], json!("100000.00"));
    // An open case cannot be resumed (恢复执行 follows 终本).
    t.post_json(&format!("/api/v1/cases/{number}/resume"), Some(&officer), &json!({})).await.assert_problem(
        409,
        "not_zhongben",
        &[],
    );
    // Accepting twice is refused by the record.
    t.post_json(&format!("/api/v1/applications/{id}/accept"), Some(&officer), &json!({}))
        .await
        .assert_problem(409, "already_decided", &[]);
    // The same judgment, applicant and debtor again: 409 naming the filed case, nothing stored.
    let before = t.stored().await;
    let duplicate =
        t.post_json("/api/v1/applications", Some(&officer), &application_body("（2024）浙0106民初1号")).await;
    duplicate.assert_problem(409, "duplicate_case", &[]);
    assert!(duplicate.text().contains("（2024）浙0106执1号"), "{}", duplicate.text());
    assert_eq!(t.stored().await, before);
}

#[tokio::test]
async fn an_application_with_bad_fields_names_each_and_stores_nothing() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let before = t.stored().await;
    let mut body = application_body("(2024)浙0106民初2号");
    body["debtors"][0]["id_number"] = json!("91350203M0001QAY9B");
    body["applicants"][0]["id_number"] = json!("110101199003077777");
    body["principal"] = json!("1.234");
    t.post_json("/api/v1/applications", Some(&officer), &body).await.assert_problem(
        422,
        "citizen_id_check_mismatch",
        &[
            ("applicants[0].id_number", "citizen_id_check_mismatch"),
            ("debtors[0].id_number", "uscc_check_mismatch"),
            ("principal", "too_many_decimals"),
        ],
    );
    let mut body = application_body("(2024)浙0106民初2号");
    body["applicants"][0]["nickname"] = json!("三儿");
    t.post_json("/api/v1/applications", Some(&officer), &body).await.assert_problem(
        400,
        "unknown_field",
        &[("applicants[0].nickname", "unknown_field")],
    );
    let mut body = application_body("(2024)浙0106民初2号");
    body["basis"]["effective_on"] = json!("2024-02-30");
    t.post_json("/api/v1/applications", Some(&officer), &body).await.assert_problem(
        400,
        "invalid_value",
        &[("basis.effective_on", "invalid_value")],
    );
    // Outside the officer's court: forbidden.
    let mut body = application_body("(2024)浙0106民初2号");
    body["court"] = json!("浙0102");
    t.post_json("/api/v1/applications", Some(&officer), &body).await.assert_problem(403, "out_of_scope", &[]);
    assert_eq!(t.stored().await, before);
}

// ---------------------------------------------------------------------------------------------
// The case flow through the API: actions, deadlines, the 终本 gate

#[tokio::test]
async fn a_case_closes_in_another_mode_only_on_its_ground_and_evidence() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let submitted =
        t.post_json("/api/v1/applications", Some(&officer), &application_body("(2024)浙0106民初8号")).await;
    let id = submitted.json()["application_id"].as_str().expect("id").to_owned();
    let accepted =
        t.post_json(&format!("/api/v1/applications/{id}/accept"), Some(&officer), &json!({})).await;
    let number = accepted.json()["case_number"].as_str().expect("number").to_owned();
    let path = format!("/api/v1/cases/{number}/actions");
    for body in [
        json!({ "action": "assign", "officer_id": "u1", "officer_name": "李法官", "on": "2024-09-29" }),
        json!({ "action": "record_fact", "fact": "notice_issued", "on": "2024-09-29" }),
        json!({ "action": "record_fact", "fact": "investigation_done", "on": "2024-09-29" }),
    ] {
        assert_eq!(t.post_json(&path, Some(&officer), &body).await.status, 200);
    }
    // A freeze of a deposit: its class named, its term within a year.
    let seizure = |class: &str, expires_on: &str| {
        json!({ "action": "record_seizure", "class": class, "property": "工商银行账户 0101", "amount": "5000",
                "effective_on": "2024-09-29", "expires_on": expires_on })
    };
    t.post_json(&path, Some(&officer), &seizure("cash", "2025-09-28")).await.assert_problem(
        422,
        "unknown_class",
        &[("class", "unknown_class")],
    );
    t.post_json(&path, Some(&officer), &seizure("bank_deposit", "2025-09-29")).await.assert_problem(
        422,
        "invalid",
        &[("expires_on", "invalid")],
    );
    let frozen = t.post_json(&path, Some(&officer), &seizure("bank_deposit", "2025-09-28")).await;
    assert_eq!(frozen.status, 200, "{}", frozen.text());
    assert_eq!(frozen.json()["seizures"][0]["amount"], json!("5000.00"));
    let before = t.stored().await;
    let close = |grounds: Value| json!({ "action": "close", "mode": "terminated", "on": "2024-09-29", "grounds": grounds });
    // No ground; a ground of another mode; an unknown field of the grounds: each named, nothing stored.
    t.post_json(&path, Some(&officer), &close(json!({}))).await.assert_problem(
        422,
        "closing_conditions_unmet",
        &[("grounds.ground_missing", "closing_conditions_unmet")],
    );
    t.post_json(&path, Some(&officer), &close(json!({ "ground": "filed_earlier_elsewhere" })))
        .await
        .assert_problem(422, "invalid", &[("grounds.ground", "invalid")]);
    t.post_json(&path, Some(&officer), &close(json!({ "ground": "applicant_withdrew", "why": 1 })))
        .await
        .assert_problem(400, "unknown_field", &[("grounds.why", "unknown_field")]);
    t.post_json(&path, Some(&officer), &close(json!({ "ground": "applicant_withdrew" })))
        .await
        .assert_problem(
            422,
            "closing_conditions_unmet",
            &[("grounds.evidence_missing", "closing_conditions_unmet")],
        );
    assert_eq!(t.stored().await, before, "a refused closing stores nothing");
    let closed = t
        .post_json(
            &path,
            Some(&officer),
            &close(json!({ "ground": "applicant_withdrew", "evidence_on_file": true })),
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text());
    assert_eq!(closed.json()["closing_mode"], json!("terminated"));
}

#[tokio::test]
async fn a_case_moves_through_its_nodes_and_closes_as_zhongben_only_when_its_conditions_hold() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let submitted =
        t.post_json("/api/v1/applications", Some(&officer), &application_body("(2024)浙0106民初9号")).await;
    let id = submitted.json()["application_id"].as_str().expect("id").to_owned();
    let accepted =
        t.post_json(&format!("/api/v1/applications/{id}/accept"), Some(&officer), &json!({})).await;
    let number = accepted.json()["case_number"].as_str().expect("number").to_owned();
    let act = |body: Value| {
        let t = &t;
        let officer = officer.clone();
        let path = format!("/api/v1/cases/{number}/actions");
        async move { t.post_json(&path, Some(&officer), &body).await }
    };
    let flow =
        act(json!({ "action": "assign", "officer_id": "u1", "officer_name": "李法官", "on": "2024-09-29" }))
            .await;
    assert_eq!(flow.status, 200, "{}", flow.text());
    let notice = flow.json()["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["node"] == "notice")
        .cloned();
    assert_eq!(notice.expect("notice")["due_on"], json!("2024-10-09"));
    // Unknown action, unknown fact, a date after today: each named.
    act(json!({ "action": "dance", "on": "2024-09-29" })).await.assert_problem(
        400,
        "invalid_value",
        &[("action", "invalid_value")],
    );
    act(json!({ "action": "record_fact", "fact": "dance", "on": "2024-09-29" })).await.assert_problem(
        422,
        "unknown_fact",
        &[("fact", "unknown_fact")],
    );
    act(json!({ "action": "record_fact", "fact": "notice_issued", "on": "2024-10-30" }))
        .await
        .assert_problem(422, "date_out_of_range", &[("on", "date_out_of_range")]);
    act(json!({ "action": "record_fact", "fact": "notice_issued", "on": "2024-09-29" })).await;
    act(json!({ "action": "record_fact", "fact": "investigation_done", "on": "2024-09-29" })).await;

    // Four months on: 终本 needs the officer's attestation and the 约谈.
    t.clock.advance(chrono::Duration::days(120));
    let officer = t.token("officer.xh").await;
    let act = |body: Value| {
        let t = &t;
        let officer = officer.clone();
        let path = format!("/api/v1/cases/{number}/actions");
        async move { t.post_json(&path, Some(&officer), &body).await }
    };
    let close = json!({ "action": "close", "mode": "zhongben", "on": "2025-01-20" });
    act(close.clone()).await.assert_problem(
        422,
        "zhongben_conditions_unmet",
        &[("zhongben.attestation", "zhongben_conditions_unmet")],
    );
    let mut attest = json!({
        "action": "attest_zhongben", "report": "reported_verified", "consumption_ban_issued": true,
        "shixin": "not_listable", "network_inquiry_done": true, "field_investigation": "done", "search": "not_needed",
        "audit_or_reward": "not_needed", "finding": "none_found", "whereabouts": "known", "obstruction": "none",
        "interview": "not_held", "applicant_signed": true, "on": "2025-01-20"
    });
    assert_eq!(act(attest.clone()).await.status, 200);
    act(close.clone()).await.assert_problem(
        422,
        "zhongben_conditions_unmet",
        &[("zhongben.applicant_interview", "zhongben_conditions_unmet")],
    );
    attest["interview"] = json!("recorded");
    assert_eq!(act(attest).await.status, 200);
    let closed = act(close).await;
    assert_eq!(closed.status, 200, "{}", closed.text());
    assert_eq!(closed.json()["closing_mode"], json!("zhongben"));
    let case = t.get(&format!("/api/v1/cases/{number}"), Some(&officer)).await;
    assert_eq!(case.json()["status"], json!("closed"));
    let shown = t.get(&format!("/api/v1/cases/{number}/flow"), Some(&officer)).await;
    assert_eq!(shown.json()["status"], json!("closed"), "{}", shown.text());
    // The 终本 library report counts it, for its court and the courts above.
    let library = t.get("/api/v1/zhongben/library?court=浙01", Some(&officer)).await;
    assert_eq!(library.status, 403, "an officer of 浙0106 reads its own court and below: {}", library.text());
    let library = t.get("/api/v1/zhongben/library", Some(&officer)).await;
    assert_eq!(library.status, 200, "{}", library.text());
    assert_eq!(library.json()["total"]["in_library"], json!(1));
    assert_eq!(library.json()["courts"][0]["court"], json!("浙0106"));
    t.get("/api/v1/zhongben/library?court=浙9999", Some(&officer)).await.assert_problem(
        422,
        "unknown_court",
        &[("court", "unknown_court")],
    );

    // 恢复执行: a linked 执恢 case with the next 执恢 number; once only.
    let resume = format!("/api/v1/cases/{number}/resume");
    t.post_json(&resume, Some(&officer), &json!({ "principal": "500" })).await.assert_problem(
        422,
        "all_or_none",
        &[("principal", "all_or_none")],
    );
    let resumed = t
        .post_json(&resume, Some(&officer), &json!({ "principal": "60000", "interest": "0", "costs": "0" }))
        .await;
    assert_eq!(resumed.status, 201, "{}", resumed.text());
    let new_number = resumed.json()["case_number"].as_str().expect("number").to_owned();
    assert_eq!(new_number, "（2025）浙0106执恢1号");
    let new_case = t.get(&format!("/api/v1/cases/{new_number}"), Some(&officer)).await;
    assert_eq!(new_case.json()["principal"], json!("60000.00"), "{}", new_case.text());
    assert_eq!(new_case.json()["parties"].as_array().map(Vec::len), Some(2));
    t.post_json(&resume, Some(&officer), &json!({})).await.assert_problem(409, "already_resumed", &[]);
    let library = t.get("/api/v1/zhongben/library", Some(&officer)).await;
    assert_eq!(
        (library.json()["total"]["in_library"].clone(), library.json()["total"]["resumed"].clone()),
        (json!(0), json!(1))
    );
}

// ---------------------------------------------------------------------------------------------
// A court's own flow limits

#[tokio::test]
async fn a_court_sets_stricter_limits_and_each_bad_one_is_named() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let center = t.signed_in("center.hz", "浙01", &[Role::CommandCenter]).await;
    let path = "/api/v1/courts/浙0106/limits";
    let shown = t.get(path, Some(&officer)).await;
    assert_eq!(shown.status, 200, "{}", shown.text());
    assert_eq!(shown.json()["version"], json!(0));
    assert_eq!(shown.json()["statutory"].as_array().map(Vec::len), Some(8));
    assert_eq!(shown.json()["local"], json!([]));
    let limit = |node: &str, amount: u32| json!({ "node": node, "amount": amount, "unit": "calendar_days", "applies_to": "all", "source": "本院执行流程节点管理办法" });
    let before = t.stored().await;
    t.put_json(path, Some(&officer), &json!({ "local": [limit("notice", 5)] })).await.assert_problem(
        403,
        "missing_role",
        &[],
    );
    t.put_json(path, Some(&center), &json!({ "local": [limit("notice", 5), limit("payout", 45)] }))
        .await
        .assert_problem(422, "local_limit_longer", &[("local[1].amount", "local_limit_longer")]);
    t.put_json(path, Some(&center), &json!({ "local": [limit("dance", 5)] })).await.assert_problem(
        422,
        "unknown_node",
        &[("local[0].node", "unknown_node")],
    );
    let mut extra = limit("notice", 5);
    extra["why"] = json!("faster");
    t.put_json(path, Some(&center), &json!({ "local": [extra] })).await.assert_problem(
        400,
        "unknown_field",
        &[("local[0].why", "unknown_field")],
    );
    t.put_json(path, Some(&center), &json!({ "local": [], "warning_working_days": 21 }))
        .await
        .assert_problem(422, "policy_out_of_range", &[("warning_working_days", "policy_out_of_range")]);
    t.put_json("/api/v1/courts/浙0199/limits", Some(&center), &json!({ "local": [] })).await.assert_problem(
        422,
        "unknown_court",
        &[("court", "unknown_court")],
    );
    assert_eq!(t.stored().await, before, "nothing stored on refusal");
    let set = t
        .put_json(path, Some(&center), &json!({ "local": [limit("notice", 5)], "warning_working_days": 2 }))
        .await;
    assert_eq!(set.status, 200, "{}", set.text());
    assert_eq!(set.json()["version"], json!(1));
    assert_eq!(set.json()["local"][0]["amount"], json!(5));
    assert_eq!(set.json()["warning_working_days"], json!(2));
    t.put_json(path, Some(&center), &json!({ "local": [], "version": 0 })).await.assert_problem(
        409,
        "version_conflict",
        &[],
    );
}

// ---------------------------------------------------------------------------------------------
// Network inquiry and control (网络查控): refusals name the field and store nothing

#[tokio::test]
async fn network_inquiry_and_control_name_each_bad_field_and_store_nothing() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let case = file_case(&t, "浙0106", 1, "2024-03-01", 10_000_000).await;
    let path = |tail: &str| format!("/api/v1/cases/{case}/{tail}");

    // No network connected: refused, nothing stored.
    let before = t.stored().await;
    t.post_json(&path("inquiries"), Some(&officer), &json!({})).await.assert_problem(
        409,
        "network_unavailable",
        &[],
    );
    assert_eq!(t.stored().await, before);

    let t = t.with_directory(support::one_bank());
    let refused: [(&str, Value, u16, &str, &str); 9] = [
        ("inquiries", json!({"classes": ["gold"]}), 422, "classes[0]", "unknown_class"),
        ("inquiries", json!({"subjects": ["11010519491231002X"]}), 422, "subjects[0]", "not_a_debtor"),
        ("inquiries", json!({"urgent": "yes"}), 400, "urgent", "invalid_value"),
        ("inquiries", json!({"everything": true}), 400, "everything", "unknown_field"),
        (
            "freezes",
            json!({"institution": "B0001", "holding": "H1", "until": "2024-12-31"}),
            422,
            "holding",
            "unknown_holding",
        ),
        (
            "freezes",
            json!({"institution": "B0001", "holding": "H1", "until": "2024-02-30"}),
            400,
            "until",
            "invalid_value",
        ),
        (
            "deductions",
            json!({"institution": "B0001", "holding": "H1", "amount": "1.234"}),
            422,
            "amount",
            "too_many_decimals",
        ),
        (
            "deductions",
            json!({"institution": "B0001", "holding": "H1", "amount": "0"}),
            422,
            "amount",
            "zero",
        ),
        ("freezes/F1/release", json!({}), 422, "freeze", "unknown_freeze"),
    ];
    for (tail, body, status, field, code) in refused {
        let answer = t.post_json(&path(tail), Some(&officer), &body).await;
        assert_eq!(answer.status.as_u16(), status, "{tail} {body}: {}", answer.text());
        let problem = answer.json();
        assert_eq!(problem["errors"][0]["field"], json!(field), "{tail} {body}: {problem}");
        assert_eq!(problem["errors"][0]["code"], json!(code), "{tail} {body}: {problem}");
        assert_eq!(t.stored().await, before, "{tail} {body}: nothing stored");
    }

    // A good inquiry is queued (202) and shows on the case, not complete before the network answers.
    let answer = t
        .post_json(&path("inquiries"), Some(&officer), &json!({"classes": ["deposit"], "urgent": true}))
        .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text());
    assert_eq!(answer.json()["institutions"], json!(1));
    assert_eq!(answer.json()["subjects"], json!(["91440101MA5CJQ4N59"]));
    let assets = t.get(&path("assets"), Some(&officer)).await;
    assert_eq!(assets.status, StatusCode::OK, "{}", assets.text());
    let assets = assets.json();
    assert_eq!(assets["inquiries"].as_array().map(Vec::len), Some(1));
    assert!(assets["inquiries"][0].get("completed_on").is_none(), "{assets}");
    assert_eq!(assets["inventory"], json!([]));
    assert_eq!(assets["deducted"], json!("0.00"));
    assert_eq!(t.stored().await.0, before.0 + 1, "one event: the inquiry");
    // Another court's officer does not see the case.
    let other = t.signed_in("officer.sc", "浙0102", &[Role::Officer]).await;
    t.get(&path("assets"), Some(&other)).await.assert_problem(404, "not_found", &[]);
}

/// A request sent again under its `Idempotency-Key` (its response was lost) is answered from the record: the
/// same inquiry, 200 and `Idempotent-Replayed`, nothing stored twice. A malformed key is refused by name.
#[tokio::test]
async fn a_request_sent_again_under_its_idempotency_key_is_made_once() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let case = file_case(&t, "浙0106", 1, "2024-03-01", 10_000_000).await;
    let t = t.with_directory(support::one_bank());
    let path = format!("/api/v1/cases/{case}/inquiries");
    let body = json!({"classes": ["deposit"]});
    let before = t.stored().await;

    let bad: [(&[&[u8]], u16); 5] = [
        (&[b"has space"], 422),
        (&[b""], 422),
        (&[&[b'k'; 101]], 422),
        (&[b"caf\xc3\xa9"], 400),
        (&[b"one", b"two"], 400),
    ];
    for (keys, status) in bad {
        t.post_keyed(&path, &officer, &body, keys).await.assert_problem(
            status,
            "invalid_idempotency_key",
            &[("Idempotency-Key", "invalid_idempotency_key")],
        );
        assert_eq!(t.stored().await, before, "{keys:?}: nothing stored");
    }

    let first = t.post_keyed(&path, &officer, &body, &[b"inquiry-0001"]).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.text());
    assert!(!first.replayed);
    let stored = t.stored().await;
    assert_eq!(stored.0, before.0 + 1);
    for _ in 0..2 {
        let again = t.post_keyed(&path, &officer, &body, &[b"inquiry-0001"]).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.text());
        assert!(again.replayed, "Idempotent-Replayed");
        assert_eq!(again.json()["inquiry_id"], first.json()["inquiry_id"]);
        assert_eq!(t.stored().await, stored, "nothing stored twice");
    }
    let other = t.post_keyed(&path, &officer, &body, &[b"inquiry-0002"]).await;
    assert_eq!(other.status, StatusCode::ACCEPTED, "{}", other.text());
    assert_ne!(other.json()["inquiry_id"], first.json()["inquiry_id"]);
    let assets = t.get(&format!("/api/v1/cases/{case}/assets"), Some(&officer)).await.json();
    assert_eq!(assets["inquiries"].as_array().map(Vec::len), Some(2), "{assets}");
}

/// A batch inquiry (批量查询): a bad list is refused whole by name and records nothing; a case out of the
/// officer's scope is refused in its own item; sent again under its key, the batch makes nothing twice.
#[tokio::test]
async fn a_batch_inquiry_refuses_a_bad_list_whole_and_a_case_out_of_scope_alone() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let first = file_case(&t, "浙0106", 1, "2024-03-01", 10_000_000).await;
    let second = file_case(&t, "浙0106", 2, "2024-03-02", 20_000_000).await;
    let elsewhere = file_case(&t, "浙0102", 3, "2024-03-03", 30_000_000).await;
    let t = t.with_directory(support::one_bank());
    let before = t.stored().await;
    let too_many: Vec<String> = (0..201).map(|n| format!("（2024）浙0106执{}号", n + 1)).collect();
    let refused: [(Value, u16, &str, &str); 7] = [
        (json!({"cases": []}), 422, "cases", "empty"),
        (json!({"cases": too_many}), 422, "cases", "too_many"),
        (json!({"cases": [first, first]}), 422, "cases[1]", "duplicate"),
        (json!({"cases": [first, "2024浙0106执1号"]}), 422, "cases[1]", "malformed"),
        (json!({"cases": [first], "classes": ["gold"]}), 422, "classes[0]", "unknown_class"),
        (json!({"cases": "all"}), 400, "cases", "invalid_value"),
        (json!({"classes": []}), 400, "cases", "missing_field"),
    ];
    for (body, status, field, code) in refused {
        let answer = t.post_json("/api/v1/inquiries", Some(&officer), &body).await;
        assert_eq!(answer.status.as_u16(), status, "{body}: {}", answer.text());
        let problem = answer.json();
        assert_eq!(problem["errors"][0]["field"], json!(field), "{body}: {problem}");
        if code != "malformed" {
            assert_eq!(problem["errors"][0]["code"], json!(code), "{body}: {problem}");
        }
        assert_eq!(t.stored().await, before, "{body}: nothing stored");
    }

    let body = json!({"cases": [first, elsewhere, second], "classes": ["deposit"]});
    let answer = t.post_keyed("/api/v1/inquiries", &officer, &body, &[b"batch-2024-03"]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let batch = answer.json();
    assert_eq!((batch["accepted"].clone(), batch["refused"].clone()), (json!(2), json!(1)), "{batch}");
    assert_eq!(batch["results"][0]["status"], json!(202));
    assert_eq!(batch["results"][1]["status"], json!(404), "{batch}");
    assert_eq!(batch["results"][1]["problem"]["code"], json!("not_found"));
    assert_eq!(batch["results"][2]["case_number"], json!(second));
    let stored = t.stored().await;
    assert_eq!(stored.0, before.0 + 2, "one inquiry on each case in scope");

    let again = t.post_keyed("/api/v1/inquiries", &officer, &body, &[b"batch-2024-03"]).await.json();
    assert_eq!(again["results"][0]["status"], json!(200), "{again}");
    assert_eq!(again["results"][0]["inquiry_id"], batch["results"][0]["inquiry_id"]);
    assert_eq!(again["results"][2]["inquiry_id"], batch["results"][2]["inquiry_id"]);
    assert_eq!(t.stored().await, stored, "nothing made twice");
}

/// A token's owner is kept in memory for a short while: a revocation made through another store (another
/// instance, the CLI) takes effect when that while is over; one made through this store at once (above).
#[tokio::test]
async fn a_revocation_made_elsewhere_takes_effect_when_the_cached_owner_expires() {
    let t = TestApp::new().await;
    let user = t.create_user("zhang.san", "浙0106", &[Role::Officer]).await;
    let (token, token_id) = issue_token(&t, "zhang.san").await;
    t.app.tokens.set_ttl(std::time::Duration::from_secs(3600));
    assert_eq!(t.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);

    let revoked = domain::ApiTokenRevoked { user_id: user.user_id.clone(), token_id };
    append_to_user_in(&t.second_store().await, &user.user_id, event_type::API_TOKEN_REVOKED, &revoked).await;
    assert_eq!(t.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK, "still answered from memory");

    t.app.tokens.set_ttl(std::time::Duration::ZERO);
    t.get("/api/v1/me", Some(&token)).await.assert_problem(401, "unauthenticated", &[]);
}
