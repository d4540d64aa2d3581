//! The web UI over HTTP (the real-browser tests are in `web-tests/`): sign-in and sign-out, CSRF, forms that
//! refuse bad input and store nothing, the command center's data and scope, the public portal's limit.

#[allow(dead_code)] // the harness serves the API tests too
mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use support::{PASSWORD, TestApp};
use zhixing_core::users::Role;

/// The value of a `name="…" value="…"` hidden field in a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len()).expect("the field is on the page");
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

/// `name=value` of a `Set-Cookie` header named `name`.
fn cookie_pair(answer: &support::Answer, name: &str) -> Option<String> {
    answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
}

async fn form(t: &TestApp, path: &str, cookie: &str, body: &str) -> support::Answer {
    let request = Request::builder()
        .method(Method::POST)
        .uri(support::uri(path))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .expect("a request");
    t.send(request).await
}

async fn page(t: &TestApp, path: &str, cookie: &str) -> support::Answer {
    let request = Request::builder()
        .uri(support::uri(path))
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("a request");
    t.send(request).await
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Signs in through the form; answers the session cookie pair.
async fn sign_in(t: &TestApp, login: &str) -> String {
    let login_page = t.get("/login", None).await;
    let csrf = hidden(&login_page.text(), "csrf");
    let login_cookie = cookie_pair(&login_page, "zx_login_csrf").expect("the sign-in form's cookie");
    let body = format!("login={login}&password={}&csrf={csrf}", encode(PASSWORD));
    let answer = form(t, "/login", &login_cookie, &body).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text());
    cookie_pair(&answer, "zx_session").expect("a session cookie")
}

#[tokio::test]
async fn signing_in_sets_a_strict_httponly_session_and_signing_out_revokes_it() {
    let t = TestApp::new().await;
    t.create_user("officer.xh", "浙0106", &[Role::Officer]).await;
    // Without a session, a page sends the visitor to the sign-in form.
    let home = t.get("/", None).await;
    assert_eq!((home.status, home.location.as_deref()), (StatusCode::SEE_OTHER, Some("/login")));

    let login_page = t.get("/login", None).await;
    let csrf = hidden(&login_page.text(), "csrf");
    let login_cookie = cookie_pair(&login_page, "zx_login_csrf").expect("cookie");
    // A sign-in without the form's CSRF cookie, or with a wrong password, gets nowhere.
    let body = format!("login=officer.xh&password={}&csrf={csrf}", encode(PASSWORD));
    assert_eq!(form(&t, "/login", "", &body).await.status, StatusCode::FORBIDDEN);
    let wrong =
        form(&t, "/login", &login_cookie, &format!("login=officer.xh&password=nope&csrf={csrf}")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text().contains("用户名或密码错误"));
    assert!(cookie_pair(&wrong, "zx_session").is_none());

    let answer = form(&t, "/login", &login_cookie, &body).await;
    assert_eq!((answer.status, answer.location.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
    let set = answer.set_cookies.iter().find(|c| c.starts_with("zx_session=")).expect("session");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let session = cookie_pair(&answer, "zx_session").expect("session");

    let home = page(&t, "/", &session).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("执行工作台"));
    let csrf = hidden(&home.text(), "csrf");
    // Signing out needs the session's CSRF token; then the token is revoked.
    assert_eq!(form(&t, "/logout", &session, "csrf=forged").await.status, StatusCode::FORBIDDEN);
    let out = form(&t, "/logout", &session, &format!("csrf={csrf}")).await;
    assert_eq!((out.status, out.location.as_deref()), (StatusCode::SEE_OTHER, Some("/login")));
    let after = page(&t, "/", &session).await;
    assert_eq!((after.status, after.location.as_deref()), (StatusCode::SEE_OTHER, Some("/login")));
}

#[tokio::test]
async fn forms_refuse_a_missing_csrf_token_and_bad_input_and_store_nothing() {
    let t = TestApp::new().await;
    t.create_user("officer.xh", "浙0106", &[Role::Officer]).await;
    let session = sign_in(&t, "officer.xh").await;
    let csrf = hidden(&page(&t, "/cases/new", &session).await.text(), "csrf");
    let fields = |csrf: &str, debtor_id: &str| {
        format!(
            "csrf={csrf}&applicant_kind=person&applicant_name={}&applicant_id=330106199001012013&debtor_kind=person\
             &debtor_name={}&debtor_id={debtor_id}&basis_kind=judgment&basis_issuer={}&basis_number={}\
             &basis_effective_on=2024-06-01&basis_due_on=2024-06-15&principal=120000",
            encode("王五"),
            encode("赵六"),
            encode("杭州市西湖区人民法院"),
            encode("（2024）浙0106民初1号"),
        )
    };
    let before = t.stored().await;
    let forged = form(&t, "/cases/new", &session, &fields("forged", "330106198505051230")).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let bad = form(&t, "/cases/new", &session, &fields(&csrf, "330106198505051234")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text());
    assert!(bad.text().contains("debtors[0].id_number"), "the page names the field: {}", bad.text());
    let garbled = form(&t, "/cases/new", &session, "csrf=x&principal=%ZZ").await;
    assert_eq!(garbled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.stored().await, before, "nothing stored");

    // The same form, well filled, files the case and shows it.
    let filed = form(&t, "/cases/new", &session, &fields(&csrf, "330106198505051230")).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text());
    let location = filed.location.expect("the case page");
    let case = page(&t, &location, &session).await;
    assert_eq!(case.status, StatusCode::OK);
    let text = case.text();
    assert!(text.contains("赵六") && text.contains("（2024）浙0106民初1号") && text.contains("当事人查询码"));
    let number = location.trim_start_matches("/cases/").to_owned();

    // The search finds it by the debtor's name and by the ID number; a 案号 goes straight to the case.
    for q in ["赵六", "330106198505051230"] {
        let found = page(&t, &format!("/search?q={}", encode(q)), &session).await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(found.text().contains("（2024）浙0106执"), "{q}: {}", found.text());
    }
    let none = page(&t, &format!("/search?q={}", encode("钱七")), &session).await;
    assert!(none.text().contains("没有案件"));
    let by_number = page(&t, &format!("/search?q={number}"), &session).await;
    assert_eq!(by_number.location.as_deref(), Some(location.as_str()));

    // Assignment names an officer by login: an unknown login is refused naming the field, nothing stored.
    let before = t.stored().await;
    let unknown =
        form(&t, &format!("{location}/assign"), &session, &format!("csrf={csrf}&officer_login=nobody")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text().contains("officer_login"), "{}", unknown.text());
    assert_eq!(t.stored().await, before);
    let assigned =
        form(&t, &format!("{location}/assign"), &session, &format!("csrf={csrf}&officer_login=officer.xh"))
            .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.text());
    assert!(page(&t, &location, &session).await.text().contains("承办人 用户officer.xh"));

    // The public 被执行人 query finds the open case, number masked; the 终本 query does not (not closed as 终本).
    let query =
        |list: &str| format!("/public?list={list}&name={}&id_number=330106198505051230", encode("赵六"));
    let page_text = t.get(&query("debtor"), None).await.text();
    // The form echoes what was typed; the results show the number masked.
    let results = page_text.split("id=\"results\"").nth(1).expect("results");
    assert!(results.contains("（2024）浙0106执") && results.contains("330106********1230"), "{results}");
    assert!(!results.contains("330106198505051230"));
    assert!(t.get(&query("zhongben"), None).await.text().contains("未查到"));
}

#[tokio::test]
async fn the_command_center_sees_its_court_and_below_and_officers_do_not() {
    let t = TestApp::new().await;
    t.create_user("officer.xh", "浙0106", &[Role::Officer]).await;
    t.create_user("center.hz", "浙01", &[Role::CommandCenter]).await;
    support::file_case_against(
        &t,
        "浙0106",
        1,
        "2024-03-01",
        10_000_000,
        vec![support::party("person", "赵六", "33010619850505123X")],
    )
    .await;
    let officer = sign_in(&t, "officer.xh").await;
    assert_eq!(page(&t, "/command/data", &officer).await.status, StatusCode::FORBIDDEN);
    let center = sign_in(&t, "center.hz").await;
    let data = page(&t, "/command/data", &center).await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.text());
    let json = data.json();
    assert_eq!(json["court"], "浙01");
    assert_eq!(json["total"]["received_year"], 1, "{json}");
    assert!(json["computed_at"].is_string());
    let drill = json["courts"].as_array().expect("courts below");
    assert!(drill.iter().any(|c| c["court"] == "浙0106" && c["received_year"] == 1));
    assert_eq!(json["indicators"].as_array().map(Vec::len), Some(7));
    // A court outside its own tree is refused.
    assert_eq!(page(&t, "/command/data?court=浙02", &center).await.status, StatusCode::FORBIDDEN);
    // The page renders with the same figures.
    let screen = page(&t, "/command", &center).await;
    assert_eq!(screen.status, StatusCode::OK);
    assert!(screen.text().contains("质效指标") && screen.text().contains("执行完毕率"));
}

#[tokio::test]
async fn the_public_portal_limits_queries_per_client() {
    let t = TestApp::new().await;
    let query = format!("/public?list=shixin&name={}&id_number=330106198505051230", encode("赵六"));
    for i in 0..30 {
        let answer = t.get(&query, None).await;
        assert_eq!(answer.status, StatusCode::OK, "query {i}: {}", answer.text());
        assert!(answer.text().contains("未查到"));
    }
    let limited = t.get(&query, None).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    // A name without a number finds nothing and is told so (no query by name alone).
    let half = t.get(&format!("/public?list=shixin&name={}", encode("赵六")), None).await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The page itself, with no query, is not counted.
    assert_eq!(t.get("/public", None).await.status, StatusCode::OK);
}

/// The measures of the case page: 失信 listed and removed, 限消 ordered and lifted, a deduction refused by
/// field, the 终本 checklist showing what is missing, closing refused with the reasons then done — each form
/// refusing bad input by name and storing nothing.
#[tokio::test]
async fn the_case_page_lists_restricts_and_closes_with_the_zhongben_checklist() {
    let t = TestApp::new().await.with_directory(support::one_bank());
    t.create_user("officer.xh", "浙0106", &[Role::Officer]).await;
    let debtor = "330106198505051230";
    let number = support::file_case_against(
        &t,
        "浙0106",
        7,
        "2024-03-01",
        10_000_000,
        vec![support::party("person", "赵六", debtor)],
    )
    .await;
    let session = sign_in(&t, "officer.xh").await;
    let location = format!("/cases/{}", encode(&number));
    let text = page(&t, &location, &session).await.text();
    let csrf = hidden(&text, "csrf");
    assert!(text.contains("id=\"zhongben-checklist\"") && text.contains("约谈"), "the checklist is shown");
    assert!(text.contains("id=\"no-measures\""));
    let post = |tail: &str, body: String| {
        let path = format!("{location}/{tail}");
        let session = session.clone();
        let t = &t;
        async move { form(t, &path, &session, &body).await }
    };

    // Bad input: named, nothing stored.
    let before = t.stored().await;
    let refused = [
        ("shixin", format!("csrf={csrf}&debtor={debtor}&behaviour=gambling&conduct=x"), "behaviour"),
        (
            "shixin",
            format!("csrf={csrf}&debtor={debtor}&behaviour=able_but_refuses&conduct=x&grace_months=x"),
            "grace_months",
        ),
        (
            "shixin",
            format!("csrf={csrf}&debtor=110105194912310029&behaviour=able_but_refuses&conduct=x"),
            "debtor",
        ),
        ("deduct", format!("csrf={csrf}&institution=B0001&holding=H1&amount=1.234"), "amount"),
        ("close", format!("csrf={csrf}&mode=bankrupt"), "mode"),
        (
            "close",
            format!("csrf={csrf}&mode=terminated&ground=cancelled%3Afiled_earlier_elsewhere"),
            "ground",
        ),
    ];
    for (tail, body, field) in refused {
        let answer = post(tail, body.clone()).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{tail} {body}: {}", answer.text());
        // The error page lists each field as "field：message".
        assert!(answer.text().contains(&format!("{field}：")), "{tail}: names {field}: {}", answer.text());
        assert_eq!(t.stored().await, before, "{tail} {body}: nothing stored");
    }
    let forged = format!("csrf=forged&debtor={debtor}&behaviour=able_but_refuses&conduct=x");
    assert_eq!(post("shixin", forged).await.status, StatusCode::FORBIDDEN);

    // 失信 and 限消: listed and ordered, then shown with their forms to remove and lift.
    let conduct = encode("伪造借条对抗执行");
    let listed = post(
        "shixin",
        format!("csrf={csrf}&debtor={debtor}&behaviour=obstructs%3Aforged_evidence&conduct={conduct}"),
    )
    .await;
    assert_eq!(listed.status, StatusCode::SEE_OTHER, "{}", listed.text());
    let ordered = post("xiaofei", format!("csrf={csrf}&debtor={debtor}&until=")).await;
    assert_eq!(ordered.status, StatusCode::SEE_OTHER, "{}", ordered.text());
    let text = page(&t, &location, &session).await.text();
    let table = text.split("id=\"measures\"").nth(1).expect("the measures in force");
    assert!(table.contains("失信被执行人名单") && table.contains("限制消费令"), "{table}");
    let order_id = hidden(table, "order_id");
    let listing_id = hidden(table, "listing_id");
    let lifted = post(
        "xiaofei/lift",
        format!("csrf={csrf}&debtor={debtor}&order_id={order_id}&ground=applicant_consent"),
    )
    .await;
    assert_eq!(lifted.status, StatusCode::SEE_OTHER, "{}", lifted.text());
    let removed = post(
        "shixin/remove",
        format!("csrf={csrf}&debtor={debtor}&listing_id={listing_id}&trigger=performed"),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text());
    let text = page(&t, &location, &session).await.text();
    assert!(text.contains("id=\"no-measures\""), "both ended: nothing in force");
    // The big screen counts them: added this year, ended this year, none in force.
    t.create_user("center.hz", "浙01", &[Role::CommandCenter]).await;
    let center = sign_in(&t, "center.hz").await;
    let credit = page(&t, "/command/data", &center).await.json()["credit"].clone();
    let counts = [
        "shixin_public",
        "shixin_year",
        "shixin_removed_year",
        "xiaofei_public",
        "xiaofei_year",
        "xiaofei_lifted_year",
    ]
    .map(|k| credit[k].as_i64().unwrap_or(-1));
    assert_eq!(counts, [0, 1, 1, 0, 1, 1], "{credit}");

    // Closing waits for the mandatory nodes: assigned, notice, investigation, recorded through the page.
    let early = post(
        "close",
        format!("csrf={csrf}&mode=terminated&ground=terminated%3Aapplicant_withdrew&evidence_on_file=on"),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text());
    assert!(early.text().contains("尚有必经节点未完成"), "{}", early.text());
    let bad_day = post("fact", format!("csrf={csrf}&fact=notice_issued&on=2024-02-30")).await;
    assert_eq!(bad_day.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_day.text().contains("on："), "{}", bad_day.text());
    assert!(page(&t, "/", &session).await.text().contains("id=\"no-mine\""), "not assigned yet");
    let assigned = post("assign", format!("csrf={csrf}&officer_login=officer.xh")).await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.text());
    for (fact, on) in [("notice_issued", "2024-03-05"), ("investigation_done", "2024-03-25")] {
        let done = post("fact", format!("csrf={csrf}&fact={fact}&on={on}")).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{fact}: {}", done.text());
    }
    // Assigned, the case is on the officer's own list with its next deadline.
    let home = page(&t, "/", &session).await.text();
    let mine =
        home.split("id=\"mine\"").nth(1).expect("my cases").split("</table>").next().unwrap_or_default();
    assert!(mine.contains(&number), "{mine}");

    // 终本 without the attestation: refused with what to do, nothing stored.
    let before = t.stored().await;
    let blocked = post("close", format!("csrf={csrf}&mode=zhongben")).await;
    assert!(blocked.status.is_client_error(), "{}", blocked.text());
    assert!(blocked.text().contains("终本"), "{}", blocked.text());
    assert_eq!(t.stored().await, before);
    // The attestation is recorded; the checklist then names only what is still missing (the 约谈 not held).
    let attest = format!(
        "csrf={csrf}&report=reported_verified&consumption_ban_issued=on&shixin=listed&network_inquiry_done=on\
         &field_investigation=done&search=not_needed&audit_or_reward=not_needed&finding=none_found\
         &whereabouts=known&obstruction=none&interview=not_held&applicant_signed=on"
    );
    let attested = post("zhongben", attest).await;
    assert_eq!(attested.status, StatusCode::SEE_OTHER, "{}", attested.text());
    let text = page(&t, &location, &session).await.text();
    let checklist =
        text.split("id=\"zhongben-checklist\"").nth(1).expect("checklist").split("</ul>").next().unwrap();
    assert_eq!(checklist.matches("class=\"missing\"").count(), 1, "{checklist}");
    assert!(checklist.contains("约谈"), "{checklist}");

    // 终结执行 on the applicant's withdrawal, its evidence in the file: closed.
    let closed = post(
        "close",
        format!("csrf={csrf}&mode=terminated&ground=terminated%3Aapplicant_withdrew&evidence_on_file=on"),
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text());
    let text = page(&t, &location, &session).await.text();
    assert!(text.contains("已结案"), "closed");
    assert!(!text.contains("id=\"close-form\""), "no closing form on a closed case");
}

#[tokio::test]
async fn the_workbench_exports_the_whole_overdue_list_as_csv() {
    let t = TestApp::new().await;
    t.create_user("officer.xh", "浙0106", &[Role::Officer]).await;
    let officer = t.token("officer.xh").await;
    let body = serde_json::json!({
        "court": "浙0106",
        "applicants": [{ "kind": "person", "name": "张三", "id_number": "11010519491231002X" }],
        "debtors": [{ "kind": "person", "name": "赵六", "id_number": "330106198505051230" }],
        "basis": { "kind": "judgment", "issuer": "杭州市西湖区人民法院", "document_number": "（2024）浙0106民初8号",
                   "effective_on": "2024-03-01", "due_on": "2024-03-11" },
        "principal": "10000.00", "interest": "0", "costs": "0",
    });
    let submitted = t.post_json("/api/v1/applications", Some(&officer), &body).await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.text());
    let id = submitted.json()["application_id"].as_str().expect("id").to_owned();
    let accepted = t
        .post_json(&format!("/api/v1/applications/{id}/accept"), Some(&officer), &serde_json::json!({}))
        .await;
    let number = accepted.json()["case_number"].as_str().expect("number").to_owned();
    // The assignment records the deadlines; a month later the notice (10 days) is overdue.
    let assign = serde_json::json!({ "action": "assign", "officer_id": "u1", "officer_name": "李法官",
                                     "on": t.app.today().to_string() });
    let assigned = t.post_json(&format!("/api/v1/cases/{number}/actions"), Some(&officer), &assign).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text());
    t.clock.advance(chrono::Duration::days(30));

    let session = sign_in(&t, "officer.xh").await;
    let csv = page(&t, "/deadlines.csv?kind=overdue", &session).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text());
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    let text = csv.text();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark for spreadsheets");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "案号,法院,节点,到期日,预警起始日,承办人");
    assert!(
        lines[1..].iter().any(|l| l.starts_with(&format!("{number},")) && l.contains("李法官")),
        "{text}"
    );
    // Both lists hold the rows the API's lists give, in the same order.
    let officer = t.token("officer.xh").await;
    for kind in ["overdue", "due_soon"] {
        let api = t.get(&format!("/api/v1/deadlines?kind={kind}&limit=500"), Some(&officer)).await.json();
        let listed: Vec<String> = api
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| {
                format!("{},{}", d["case_number"].as_str().unwrap_or(""), d["due_on"].as_str().unwrap_or(""))
            })
            .collect();
        let csv = page(&t, &format!("/deadlines.csv?kind={kind}"), &session).await.text();
        let exported: Vec<String> = csv
            .trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .map(|l| {
                let fields: Vec<&str> = l.split(',').collect();
                format!("{},{}", fields[0], fields[3])
            })
            .collect();
        assert_eq!(exported, listed, "{kind}");
    }
    // A bad kind is refused by name; without a session, the sign-in page.
    for path in ["/deadlines.csv?kind=late", "/deadlines.csv"] {
        let bad = page(&t, path, &session).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(bad.text().contains("kind："), "{}", bad.text());
    }
    assert_eq!(page(&t, "/deadlines.csv?kind=overdue", "").await.status, StatusCode::SEE_OTHER);
}
