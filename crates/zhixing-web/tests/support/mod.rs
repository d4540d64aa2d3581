//! The harness of the API tests: a [`TestApp`] is the whole HTTP application on a fresh SQLite
//! store in its own temporary directory (removed when the app is dropped), running on a simulated
//! clock. Requests go through the real router in-process (`tower::ServiceExt::oneshot`), so every
//! test crosses the same boundary a client does: routing, extractors, authorization, problem+json.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;
use zhixing_app::{Actor, App, CreateUser};
use zhixing_core::cases;
use zhixing_core::clock::FixedClock;
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::users::Role;
use zhixing_store::{AppendBatch, Store, UserRow};

/// The password of every user a test creates.
pub(crate) const PASSWORD: &str = "correct-horse-battery";

/// `application/json`, the only request body type the API accepts.
pub(crate) const JSON: &str = "application/json";

/// `application/problem+json`, the type of every error answer (RFC 9457).
pub(crate) const PROBLEM: &str = "application/problem+json";

/// The instant every test starts at: 2024-09-29 08:00 UTC (a 调休 Sunday, a working day).
pub(crate) fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 9, 29, 8, 0, 0).single().expect("a valid instant")
}

/// One test's application: its store, its clock and the router in front of them.
#[derive(Debug)]
pub(crate) struct TestApp {
    pub(crate) app: App,
    pub(crate) clock: Arc<FixedClock>,
    router: Router,
    dir: PathBuf,
}

/// What came back: status, Content-Type and the body as bytes.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) content_type: String,
    pub(crate) allow: Option<String>,
    pub(crate) www_authenticate: Option<String>,
    /// `Idempotent-Replayed` was set: answered from the record, nothing new made.
    pub(crate) replayed: bool,
    /// Where a redirect points (read by the UI tests).
    #[allow(dead_code)]
    pub(crate) location: Option<String>,
    /// Every `Set-Cookie` header (read by the UI tests).
    #[allow(dead_code)]
    pub(crate) set_cookies: Vec<String>,
    pub(crate) body: Bytes,
}

impl TestApp {
    pub(crate) async fn new() -> TestApp {
        let dir = fresh_dir();
        let clock = Arc::new(FixedClock::new(start()));
        let store = Store::open_data_dir(&dir, clock.clone()).await.expect("open a fresh SQLite store");
        let app = App::new(store);
        let router = zhixing_web::router(app.clone());
        TestApp { app, clock, router, dir }
    }

    /// A second store on the same database, as another instance or the CLI would open it.
    pub(crate) async fn second_store(&self) -> Store {
        Store::open_data_dir(&self.dir, self.clock.clone()).await.expect("open the store again")
    }

    /// The same application connected to an inquiry network of these institutions.
    pub(crate) fn with_directory(
        mut self,
        directory: zhixing_core::inquiry::directory::Directory,
    ) -> TestApp {
        self.app = self.app.clone().with_directory(directory);
        self.router = zhixing_web::router(self.app.clone());
        self
    }

    /// Sends one request through the whole router.
    pub(crate) async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.expect("the router is infallible");
        let status = response.status();
        let header_text =
            |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
        let allow = header_text(header::ALLOW);
        let www_authenticate = header_text(header::WWW_AUTHENTICATE);
        let replayed = header_text(header::HeaderName::from_static("idempotent-replayed")).is_some();
        let location = header_text(header::LOCATION);
        let set_cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let body = response.into_body().collect().await.expect("read the body").to_bytes();
        Answer { status, content_type, allow, www_authenticate, replayed, location, set_cookies, body }
    }

    /// A request without a body; `token` becomes `Authorization: Bearer <token>`.
    pub(crate) async fn call(&self, method: Method, path: &str, token: Option<&str>) -> Answer {
        let mut request = Request::builder().method(method).uri(uri(path));
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).expect("a valid request")).await
    }

    pub(crate) async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::GET, path, token).await
    }

    /// A POST with a body of any type and any bytes.
    pub(crate) async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Answer {
        let mut request = Request::builder().method(Method::POST).uri(uri(path));
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        self.send(request.body(body.into()).expect("a valid request")).await
    }

    pub(crate) async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        self.post_raw(path, token, Some(JSON), body.to_string()).await
    }

    /// A JSON POST with `Idempotency-Key` headers (one each; raw bytes, so a test can send a bad one).
    pub(crate) async fn post_keyed(&self, path: &str, token: &str, body: &Value, keys: &[&[u8]]) -> Answer {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(uri(path))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, JSON);
        for key in keys {
            let value = header::HeaderValue::from_bytes(key).expect("a header value");
            request = request.header("Idempotency-Key", value);
        }
        self.send(request.body(Body::from(body.to_string())).expect("a valid request")).await
    }

    pub(crate) async fn put_json(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        let mut request = Request::builder().method(Method::PUT).uri(uri(path));
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request.header(header::CONTENT_TYPE, JSON).body(Body::from(body.to_string()));
        self.send(request.expect("a valid request")).await
    }

    /// Creates a user directly through the application, as the platform itself, with [`PASSWORD`].
    pub(crate) async fn create_user(&self, login: &str, court: &str, roles: &[Role]) -> UserRow {
        let command = CreateUser {
            login: login.to_owned(),
            name: format!("用户{login}"),
            court: court.to_owned(),
            roles: roles.to_vec(),
            password: PASSWORD.to_owned(),
        };
        self.app.create_user(&Actor::system("test"), command).await.expect("create a test user")
    }

    /// Signs in through `POST /api/v1/tokens` and returns the bearer token.
    pub(crate) async fn token(&self, login: &str) -> String {
        let answer =
            self.post_json("/api/v1/tokens", None, &json!({ "login": login, "password": PASSWORD })).await;
        assert_eq!(answer.status, StatusCode::CREATED, "sign-in of {login}: {}", answer.text());
        answer.json()["token"].as_str().expect("a token string").to_owned()
    }

    /// A user and their token in one step.
    pub(crate) async fn signed_in(&self, login: &str, court: &str, roles: &[Role]) -> String {
        self.create_user(login, court, roles).await;
        self.token(login).await
    }

    /// What is stored: the position of the chain head and the number of users. A refused request
    /// must leave both unchanged.
    pub(crate) async fn stored(&self) -> (u64, i64) {
        let head = self.app.store.head().await.expect("read the chain head");
        let users = self.app.store.user_count().await.expect("count the users");
        (head.position, users)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Best effort: a leftover directory in the temp dir is harmless, a panic in drop is not.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Answer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// Asserts a problem+json answer: the status, the code (also in `type`), and exactly these
    /// `(field, code)` pairs in `errors`, in order, each with a message.
    pub(crate) fn assert_problem(&self, status: u16, code: &str, fields: &[(&str, &str)]) {
        let context = format!("{} {}", self.status, self.text());
        assert_eq!(self.status.as_u16(), status, "status of {context}");
        assert_eq!(self.content_type, PROBLEM, "content type of {context}");
        let problem = self.json();
        assert_eq!(problem["status"], json!(status), "{context}");
        assert_eq!(problem["code"], json!(code), "{context}");
        assert_eq!(problem["type"], json!(format!("/problems/{code}")), "{context}");
        assert!(problem["title"].as_str().is_some_and(|t| !t.is_empty()), "title of {context}");
        assert!(problem["detail"].is_string(), "detail of {context}");
        let errors = problem.get("errors").and_then(Value::as_array).cloned().unwrap_or_default();
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("?"), e["code"].as_str().unwrap_or("?")))
            .collect();
        assert_eq!(got, fields, "errors of {context}");
        for error in &errors {
            assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "message in {context}");
        }
    }
}

/// Percent-encodes the non-ASCII characters of a path and query (court codes are Chinese).
pub(crate) fn uri(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            encoded.push(c);
        } else {
            let mut bytes = [0u8; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    encoded
}

/// A new, empty directory under the system temp dir, unique within and across test processes.
fn fresh_dir() -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("zhixing-api-test-{}-{n}", std::process::id()));
    // A directory left behind by an earlier process with the same id would not be fresh.
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A network of one national bank answering deposits.
pub(crate) fn one_bank() -> zhixing_core::inquiry::directory::Directory {
    let bank = zhixing_core::inquiry::protocol::Institution {
        code: "B0001".into(),
        name: "测试银行".into(),
        kind: "national_bank".into(),
        channel: "national".into(),
        region: None,
        classes: vec!["deposit".into()],
        daily_quota: None,
        batches_per_second: None,
    };
    zhixing_core::inquiry::directory::Directory::new(vec![bank])
}

/// Files a case directly in the store (no application): 张三 against 杭州某某贸易有限公司. Returns its 案号.
pub(crate) async fn file_case(
    t: &TestApp,
    court: &str,
    seq: u32,
    filed_on: &str,
    principal_fen: i64,
) -> String {
    let debtor = party("company", "杭州某某贸易有限公司", "91440101MA5CJQ4N59");
    file_case_against(t, court, seq, filed_on, principal_fen, vec![debtor]).await
}

/// A party record of `kind` (`person` or `company`).
pub(crate) fn party(kind: &str, name: &str, id_number: &str) -> cases::PartyRecord {
    cases::PartyRecord {
        kind: kind.into(),
        name: name.into(),
        id_number: id_number.into(),
        legal_representative: (kind == "company").then(|| "王五".to_owned()),
        phone: None,
        address: None,
    }
}

/// Files a case against `debtors` directly in the store. Returns its 案号.
pub(crate) async fn file_case_against(
    t: &TestApp,
    court: &str,
    seq: u32,
    filed_on: &str,
    principal_fen: i64,
    debtors: Vec<cases::PartyRecord>,
) -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let case_id = uuid::Uuid::from_u128(u128::from(n)).to_string();
    let case_number = format!("（2024）{court}执{seq}号");
    let filed = cases::CaseFiled {
        case_id: case_id.clone(),
        case_number: case_number.clone(),
        court: court.into(),
        year: 2024,
        seq,
        case_type: "执".into(),
        filed_on: filed_on.into(),
        applicants: vec![party("person", "张三", "11010519491231002X")],
        debtors,
        basis: cases::BasisRecord {
            kind: "judgment".into(),
            issuer: "杭州市西湖区人民法院".into(),
            document_number: "（2023）浙0106民初1号".into(),
            effective_on: "2023-12-01".into(),
            due_on: "2023-12-11".into(),
        },
        principal_fen,
        interest_fen: 0,
        costs_fen: 0,
        application_id: None,
        interest_terms: None,
        non_money: Vec::new(),
        source_case_number: None,
        preservation_case_number: None,
    };
    let batch = AppendBatch::new("system:test", court).stream(
        &cases::case_stream(&case_id),
        ExpectedVersion::NoStream,
        vec![NewEvent::new(cases::CASE_FILED, 1, &filed)],
    );
    t.app.store.append(&batch).await.expect("file a case");
    case_number
}
