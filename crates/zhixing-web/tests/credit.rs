//! Credit punishment over the API: listing, consumption and exit orders, screening checks by linkage units,
//! the public lists, and the refresh of the screening index.

#[allow(dead_code)] // the harness serves the API tests too
mod support;
use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{TestApp, file_case_against, party};
use zhixing_core::credit::record::{self as cr, IdKind, ShixinListed, SubjectRecord};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::users::Role;
use zhixing_store::AppendBatch;

const PERSON: &str = "330106198501010044";
const COMPANY: &str = "91440101MA5CJQ4N59";
/// 王五, the company's legal representative in these tests.
const REPRESENTATIVE: &str = "11010519491231002X";

fn forged_evidence() -> Value {
    json!([{"facts": {"ground": "obstructs", "means": "forged_evidence", "serious": false}, "conduct": "伪造借条对抗执行"}])
}

async fn check(t: &TestApp, token: &str, measure: &str, items: Value) -> Value {
    let answer = t
        .post_json("/api/v1/screening/check", Some(token), &json!({"measure": measure, "items": items}))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

fn statuses(answer: &Value) -> Vec<String> {
    answer["results"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap().to_owned()).collect()
}

/// Files a case against 赵六 and lists him (ground 2, forged evidence).
async fn list_person(t: &TestApp, officer: &str) -> support::Answer {
    let case =
        file_case_against(t, "浙0106", 1, "2024-03-01", 10_000_000, vec![party("person", "赵六", PERSON)])
            .await;
    let body = json!({"debtor": PERSON, "behaviours": forged_evidence()});
    t.post_json(&format!("/api/v1/cases/{case}/shixin"), Some(officer), &body).await
}

#[tokio::test]
async fn shixin_art5_a_listing_restricts_at_linkage_units_and_is_public_until_removed() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let airline = t.signed_in("airline", "浙0106", &[Role::LinkageUnit]).await;
    let case =
        file_case_against(&t, "浙0106", 1, "2024-03-01", 10_000_000, vec![party("person", "赵六", PERSON)])
            .await;
    let path = format!("/api/v1/cases/{case}/shixin");

    // Refused input: nothing stored, the field named.
    let before = t.stored().await;
    t.post_json(&path, Some(&officer), &json!({"debtor": COMPANY, "behaviours": forged_evidence()}))
        .await
        .assert_problem(422, "not_a_debtor", &[("debtor", "not_a_debtor")]);
    let unknown = t
        .post_json(&path, Some(&officer), &json!({"debtor": PERSON, "behaviours": forged_evidence(), "x": 1}))
        .await;
    assert!(unknown.status.is_client_error(), "{}", unknown.text());
    t.post_json(&path, Some(&officer), &json!({"debtor": PERSON, "behaviours": []})).await.assert_problem(
        422,
        "no_ground",
        &[("behaviours", "no_ground")],
    );
    // A linkage unit does not see cases at all.
    t.post_json(&path, Some(&airline), &json!({"debtor": PERSON, "behaviours": forged_evidence()}))
        .await
        .assert_problem(404, "not_found", &[]);
    assert_eq!(t.stored().await, before, "nothing stored");

    let listed =
        t.post_json(&path, Some(&officer), &json!({"debtor": PERSON, "behaviours": forged_evidence()})).await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.text());
    let listing = listed.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(listed.json()["record"]["term"]["kind"], "fixed");

    // Not before the index is refreshed; then restricted, the name confirming.
    let items = json!([{"identifier": PERSON, "name": "赵六"}, {"identifier": REPRESENTATIVE}, {"name": "赵六"},
        {"identifier": "330106198501010045"}]);
    assert_eq!(statuses(&check(&t, &airline, "flight", items.clone()).await)[0], "not_restricted");
    let refreshed = t.app.refresh_screening().await.expect("refresh");
    assert_eq!((refreshed.streams_read, refreshed.identifiers), (1, 1));
    // Nothing changed, the same day: the index serving is kept, not built again.
    let serving = t.app.screening.index();
    let again = t.app.refresh_screening().await.expect("refresh");
    assert_eq!((again.streams_read, again.version), (0, refreshed.version));
    assert!(std::sync::Arc::ptr_eq(&serving, &t.app.screening.index()), "not rebuilt");
    let answer = check(&t, &airline, "flight", items.clone()).await;
    assert_eq!(statuses(&answer), ["restricted", "not_restricted", "identifier_required", "invalid"]);
    assert_eq!(answer["results"][0]["name_check"], "confirmed");
    assert_eq!(answer["results"][3]["field"], "identifier");
    assert_eq!(answer["version"], refreshed.version);
    let wrong_name =
        check(&t, &airline, "government_procurement", json!([{"identifier": PERSON, "name": "钱七"}])).await;
    assert_eq!(wrong_name["results"][0]["name_check"], "mismatch");
    assert!(!answer.to_string().contains(&case), "a unit never sees the case");

    // The officer reads the record.
    let record = t.get(&format!("/api/v1/credit/{PERSON}"), Some(&officer)).await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.text());
    assert_eq!(record.json()["in_force"][0]["kind"], "shixin");

    // Public: by name and number (masked), by 案号; a name alone or a wrong name finds nothing.
    let public = t.get(&format!("/api/v1/public/credit?name=赵六&id_number={PERSON}"), None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text());
    let entries = public.json();
    assert_eq!(entries.as_array().unwrap().len(), 1);
    assert_eq!(entries[0]["id_number"], "330106********0044");
    assert_eq!(entries[0]["list"], "shixin");
    assert!(!public.text().contains(PERSON), "the number is masked");
    let by_case = t.get(&format!("/api/v1/public/credit?case_number={case}"), None).await.json();
    assert_eq!(by_case.as_array().unwrap().len(), 1);
    let other = t.get(&format!("/api/v1/public/credit?name=钱七&id_number={PERSON}"), None).await.json();
    assert_eq!(other.as_array().unwrap().len(), 0);
    t.get("/api/v1/public/credit?name=赵六", None).await.assert_problem(
        422,
        "required",
        &[("id_number", "required")],
    );

    // Removed on performance: no longer public at once, no longer restricted after the refresh.
    let removed = t
        .post_json(
            &format!("/api/v1/credit/{PERSON}/listings/{listing}/remove"),
            Some(&officer),
            &json!({"trigger": "performed"}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::CREATED, "{}", removed.text());
    let gone = t.get(&format!("/api/v1/public/credit?name=赵六&id_number={PERSON}"), None).await.json();
    assert_eq!(gone.as_array().unwrap().len(), 0, "removed entries stop being public at once");
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(statuses(&check(&t, &airline, "flight", items).await)[0], "not_restricted");

    // Every request counted: 4 requests, 13 items, 2 hits; nobody's number stored.
    t.app.flush_screening_counts().await.expect("flush");
    let counts = t.app.store.screening_checks("2024-01-01").await.expect("counts");
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].requests, counts[0].checks, counts[0].hits), (4, 13, 2));
}

#[tokio::test]
async fn xiaofei_art3_an_order_on_a_company_restricts_its_representative_until_lifted() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let railway = t.signed_in("railway", "浙0106", &[Role::LinkageUnit]).await;
    let case = file_case_against(
        &t,
        "浙0106",
        1,
        "2024-03-01",
        10_000_000,
        vec![party("company", "杭州某某贸易有限公司", COMPANY)],
    )
    .await;
    let body = json!({"debtor": COMPANY, "persons": [{"role": "legal_representative", "name": "王五", "id_number": REPRESENTATIVE}]});
    let before = t.stored().await;
    let bad_person = json!({"debtor": COMPANY, "persons": [{"role": "legal_representative", "name": "王五", "id_number": "110105194912310021"}]});
    let refused =
        t.post_json(&format!("/api/v1/cases/{case}/consumption-orders"), Some(&officer), &bad_person).await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.text());
    assert_eq!(refused.json()["errors"][0]["field"], "persons[0].id_number");
    let bad_date = json!({"debtor": COMPANY, "until": "2024-13-01"});
    t.post_json(&format!("/api/v1/cases/{case}/consumption-orders"), Some(&officer), &bad_date)
        .await
        .assert_problem(422, "invalid_date", &[("until", "invalid_date")]);
    t.post_json(
        &format!("/api/v1/credit/{COMPANY}/consumption-orders/nope/lift"),
        Some(&officer),
        &json!({"ground": "performed"}),
    )
    .await
    .assert_problem(404, "not_found", &[]);
    assert_eq!(t.stored().await, before, "nothing stored");
    let order = t.post_json(&format!("/api/v1/cases/{case}/consumption-orders"), Some(&officer), &body).await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", order.text());
    let order_id = order.json()["id"].as_str().unwrap().to_owned();
    let exit = t.post_json(&format!("/api/v1/cases/{case}/exit-orders"), Some(&officer), &body).await;
    assert_eq!(exit.status, StatusCode::CREATED, "{}", exit.text());

    t.app.refresh_screening().await.expect("refresh");
    let items = json!([{"identifier": REPRESENTATIVE, "name": "王五"}, {"identifier": COMPANY}]);
    assert_eq!(statuses(&check(&t, &railway, "g_train", items.clone()).await), ["restricted", "restricted"]);
    assert_eq!(statuses(&check(&t, &railway, "exit_country", items.clone()).await)[0], "restricted");
    let public = t.get(&format!("/api/v1/public/credit?case_number={case}"), None).await.json();
    assert_eq!(public[0]["list"], "xiaofei");
    assert_eq!(public[0]["items"].as_array().unwrap().len(), 9);

    let lifted = t
        .post_json(
            &format!("/api/v1/credit/{COMPANY}/consumption-orders/{order_id}/lift"),
            Some(&officer),
            &json!({"ground": "performed"}),
        )
        .await;
    assert_eq!(lifted.status, StatusCode::CREATED, "{}", lifted.text());
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(
        statuses(&check(&t, &railway, "g_train", items.clone()).await),
        ["not_restricted", "not_restricted"]
    );
    assert_eq!(
        statuses(&check(&t, &railway, "exit_country", items).await)[0],
        "restricted",
        "exit is its own order"
    );
    let public = t.get(&format!("/api/v1/public/credit?case_number={case}"), None).await.json();
    assert_eq!(public.as_array().unwrap().len(), 0);

    // Bad requests name their field.
    t.post_json(
        "/api/v1/screening/check",
        Some(&railway),
        &json!({"measure": "yacht", "items": [{"identifier": COMPANY}]}),
    )
    .await
    .assert_problem(422, "unknown_measure", &[("measure", "unknown_measure")]);
    t.post_json("/api/v1/screening/check", Some(&railway), &json!({"measure": "flight", "items": []}))
        .await
        .assert_problem(422, "empty", &[("items", "empty")]);
    let many: Vec<Value> = (0..10_001).map(|_| json!({"identifier": COMPANY})).collect();
    let too_many = t
        .post_json("/api/v1/screening/check", Some(&railway), &json!({"measure": "flight", "items": many}))
        .await;
    assert!(too_many.status.is_client_error(), "{}", too_many.status);
    t.post_json(
        "/api/v1/screening/check",
        Some(&officer),
        &json!({"measure": "flight", "items": [{"identifier": COMPANY}]}),
    )
    .await
    .assert_problem(403, "missing_role", &[]);
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_last_good_index_serving() {
    let t = TestApp::new().await;
    let unit = t.signed_in("airline", "浙0106", &[Role::LinkageUnit]).await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let listed = list_person(&t, &officer).await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.text());
    let good = t.app.refresh_screening().await.expect("refresh");

    // A record the index refuses (a listing with no name, written around the use cases).
    let event: ShixinListed = serde_json::from_value(listed.json()["record"].clone()).unwrap();
    let broken = ShixinListed {
        listing_id: "broken".into(),
        debtor: SubjectRecord {
            id_kind: IdKind::Citizen,
            id_number: REPRESENTATIVE.into(),
            name: " ".into(),
        },
        ..event
    };
    let batch = AppendBatch::new("system:test", "浙0106").stream(
        &format!("{}{REPRESENTATIVE}", cr::STREAM_PREFIX),
        ExpectedVersion::NoStream,
        vec![NewEvent::new(cr::SHIXIN_LISTED, 1, &broken)],
    );
    t.app.store.append(&batch).await.expect("append");
    assert!(t.app.refresh_screening().await.is_err(), "the refresh fails");
    let answer = check(&t, &unit, "flight", json!([{"identifier": PERSON}])).await;
    assert_eq!(statuses(&answer), ["restricted"], "the last good index still answers");
    assert_eq!(answer["version"], good.version);
}

#[tokio::test]
async fn the_feed_is_signed_and_chained_and_shows_the_units_that_lag() {
    use zhixing_core::credit::feed::{self, SignedBatch};
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let airline = t.signed_in("airline", "浙0106", &[Role::LinkageUnit]).await;
    t.signed_in("railway", "浙0106", &[Role::LinkageUnit]).await;
    let center = t.signed_in("center", "浙0106", &[Role::CommandCenter]).await;
    let listed = list_person(&t, &officer).await;
    let listing = listed.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(t.app.refresh_screening().await.expect("refresh").version, 1);
    assert_eq!(
        t.app.refresh_screening().await.expect("refresh").version,
        1,
        "nothing changed, no new version"
    );
    t.post_json(
        &format!("/api/v1/credit/{PERSON}/listings/{listing}/remove"),
        Some(&officer),
        &json!({"trigger": "performed"}),
    )
    .await;
    assert_eq!(t.app.refresh_screening().await.expect("refresh").version, 2);

    let page = t.get("/api/v1/screening/feed?after=0", Some(&airline)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let page = page.json();
    assert_eq!(page["head"], 2);
    let key = feed::verifying_key_from_hex(page["public_key"].as_str().unwrap()).unwrap();
    let batches: Vec<SignedBatch> = serde_json::from_value(page["batches"].clone()).unwrap();
    assert_eq!(feed::verify_chain(&batches, &key), Ok(2), "signed and chained");
    assert_eq!(batches[0].batch.changes[0].identifier, PERSON);
    assert_eq!(serde_json::to_value(batches[0].batch.changes[0].op).unwrap(), "added");
    assert_eq!(serde_json::to_value(batches[1].batch.changes[0].op).unwrap(), "removed");
    let mut tampered = batches[1].clone();
    tampered.batch.changes.clear();
    assert!(feed::verify_batch(&tampered, &key).is_err());
    let rest = t.get("/api/v1/screening/feed?after=1&limit=5", Some(&airline)).await.json();
    assert_eq!(rest["batches"].as_array().unwrap().len(), 1);
    t.get("/api/v1/screening/feed?limit=0", Some(&airline)).await.assert_problem(
        422,
        "out_of_range",
        &[("limit", "out_of_range")],
    );
    t.get("/api/v1/screening/feed", Some(&officer)).await.assert_problem(403, "missing_role", &[]);

    // The airline applies both versions; the railway none. A day later the railway is late.
    t.post_json("/api/v1/screening/feed/ack", Some(&airline), &json!({"version": 3})).await.assert_problem(
        422,
        "out_of_range",
        &[("version", "out_of_range")],
    );
    let acked = t.post_json("/api/v1/screening/feed/ack", Some(&airline), &json!({"version": 2})).await;
    assert_eq!(acked.status, StatusCode::OK, "{}", acked.text());
    t.post_json("/api/v1/screening/feed/ack", Some(&airline), &json!({"version": 1})).await;
    let units = t.get("/api/v1/screening/units", Some(&center)).await.json();
    let unit = |login: &str| {
        units["units"].as_array().unwrap().iter().find(|u| u["login"] == login).unwrap().clone()
    };
    assert_eq!(
        (unit("airline")["acked"].clone(), unit("airline")["behind"].clone()),
        (json!(2), json!(0)),
        "an older ack changes nothing"
    );
    assert_eq!(
        (unit("railway")["behind"].clone(), unit("railway")["late"].clone()),
        (json!(2), json!(false))
    );
    t.clock.advance(chrono::Duration::hours(25));
    let units = t.get("/api/v1/screening/units", Some(&center)).await.json();
    let late: Vec<&str> = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["late"] == true)
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(late, ["railway"], "联而不动: the unit that does not apply changes is visible");

    // A snapshot for the airline: keyed hashes under its own key, signed.
    let case2 = file_case_against(
        &t,
        "浙0106",
        2,
        "2024-03-02",
        10_000,
        vec![party("person", "孙八", REPRESENTATIVE)],
    )
    .await;
    t.post_json(
        &format!("/api/v1/cases/{case2}/consumption-orders"),
        Some(&officer),
        &json!({"debtor": REPRESENTATIVE}),
    )
    .await;
    let (snapshot, unit_key) = t.app.screening_snapshot("airline").await.expect("snapshot");
    snapshot.verify(&key).expect("signed by the list's key");
    let unit_key: [u8; 32] = hex::decode(unit_key).unwrap().try_into().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
    let found = snapshot.lookup(&unit_key, REPRESENTATIVE, today).unwrap().expect("restricted");
    assert!(found.contains(zhixing_core::credit::Measure::Flight));
    assert_eq!(snapshot.lookup(&unit_key, PERSON, today).unwrap(), None, "removed");
    assert_eq!(snapshot.lookup(&[7; 32], REPRESENTATIVE, today).unwrap(), None, "another key finds nothing");
    assert!(!snapshot.to_json().contains(REPRESENTATIVE), "no identifier in clear");
}

#[tokio::test]
async fn shixin_art11_a_wrong_listing_is_revoked_on_an_upheld_correction() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let airline = t.signed_in("airline", "浙0106", &[Role::LinkageUnit]).await;
    let listed = list_person(&t, &officer).await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.text());
    let listing = listed.json()["id"].as_str().unwrap().to_owned();
    t.app.refresh_screening().await.expect("refresh");
    let item = json!([{"identifier": PERSON}]);
    assert_eq!(statuses(&check(&t, &airline, "flight", item.clone()).await), ["restricted"]);

    // Refused: a ground the rule does not know, a receipt in the future, an unknown listing; nothing stored.
    let path = format!("/api/v1/credit/{PERSON}/listings/{listing}/corrections");
    let before = t.stored().await;
    let bad = t.post_json(&path, Some(&officer), &json!({"ground": "dislike", "reasons": "x"})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text());
    assert!(bad.text().contains("ground"), "{}", bad.text());
    t.post_json(
        &path,
        Some(&officer),
        &json!({"ground": "wrongly_listed", "reasons": "已提供担保", "received_on": "2024-10-30"}),
    )
    .await
    .assert_problem(422, "in_future", &[("received_on", "in_future")]);
    t.post_json(
        &format!("/api/v1/credit/{PERSON}/listings/nope/corrections"),
        Some(&officer),
        &json!({"ground": "wrongly_listed", "reasons": "已提供担保"}),
    )
    .await
    .assert_problem(404, "not_found", &[]);
    assert_eq!(t.stored().await, before, "nothing stored");

    // Requested (review due in 15 days), upheld (fix due in three working days), carried out: revoked.
    let requested = t
        .post_json(&path, Some(&officer), &json!({"ground": "wrongly_listed", "reasons": "已提供担保"}))
        .await;
    assert_eq!(requested.status, StatusCode::CREATED, "{}", requested.text());
    let request = requested.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(requested.json()["record"]["review_due"], "2024-10-14");
    let carry_out = format!("/api/v1/credit/{PERSON}/corrections/{request}/carry-out");
    t.post_json(&carry_out, Some(&officer), &json!({})).await.assert_problem(
        422,
        "not_available",
        &[("request_id", "not_available")],
    );
    let review = format!("/api/v1/credit/{PERSON}/corrections/{request}/review");
    let upheld = t.post_json(&review, Some(&officer), &json!({"upheld": true})).await;
    assert_eq!(upheld.status, StatusCode::CREATED, "{}", upheld.text());
    assert_eq!(upheld.json()["record"]["fix_due"], "2024-10-09", "three working days across 国庆");
    let revoked = t.post_json(&carry_out, Some(&officer), &json!({})).await;
    assert_eq!(revoked.status, StatusCode::CREATED, "{}", revoked.text());
    assert_eq!(revoked.json()["record"]["action"], "revoked");
    t.post_json(&carry_out, Some(&officer), &json!({})).await.assert_problem(
        422,
        "duplicate",
        &[("request_id", "duplicate")],
    );

    let gone = t.get(&format!("/api/v1/public/credit?name=赵六&id_number={PERSON}"), None).await.json();
    assert_eq!(gone.as_array().unwrap().len(), 0, "a revoked entry stops being public at once");
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(statuses(&check(&t, &airline, "flight", item).await), ["not_restricted"]);
}

#[tokio::test]
async fn xiaofei_art8_a_necessary_consumption_is_allowed_for_its_item_and_days_only() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let railway = t.signed_in("railway", "浙0106", &[Role::LinkageUnit]).await;
    let case =
        file_case_against(&t, "浙0106", 1, "2024-03-01", 10_000_000, vec![party("person", "赵六", PERSON)])
            .await;
    let ordered = t
        .post_json(
            &format!("/api/v1/cases/{case}/consumption-orders"),
            Some(&officer),
            &json!({"debtor": PERSON}),
        )
        .await;
    assert_eq!(ordered.status, StatusCode::CREATED, "{}", ordered.text());
    let order = ordered.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/credit/{PERSON}/consumption-orders/{order}/permits");
    let permit = |item: &str, until: &str, verified: bool| {
        json!({"subject": PERSON, "item": item, "kind": "necessary", "purpose": "赴外地就医",
               "from": "2024-09-29", "until": until, "verified": verified})
    };

    // Refused: a window longer than a permit's longest (366 days), a private-funds permit for the debtor
    // himself (第三条第二款 is for the persons an organisation's order covers).
    let before = t.stored().await;
    let too_long = t.post_json(&path, Some(&officer), &permit("transport", "2025-09-30", true)).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", too_long.text());
    assert!(too_long.text().contains("\"until\""), "{}", too_long.text());
    let mut private = permit("transport", "2024-10-01", true);
    private["kind"] = json!("private_funds");
    let refused = t.post_json(&path, Some(&officer), &private).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text());
    assert_eq!(t.stored().await, before, "nothing stored");

    let allowed = t.post_json(&path, Some(&officer), &permit("transport", "2024-10-01", true)).await;
    assert_eq!(allowed.status, StatusCode::CREATED, "{}", allowed.text());
    t.app.refresh_screening().await.expect("refresh");
    let item = json!([{"identifier": PERSON, "name": "赵六"}]);
    assert_eq!(statuses(&check(&t, &railway, "flight", item.clone()).await), ["not_restricted"]);
    assert_eq!(statuses(&check(&t, &railway, "star_hotel", item.clone()).await), ["restricted"]);
    // After the permit's last day the order restricts again.
    t.clock.advance(chrono::Duration::days(3));
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(statuses(&check(&t, &railway, "flight", item).await), ["restricted"]);
}

#[tokio::test]
async fn shixin_art8_an_official_is_noticed_to_the_unit_and_published_apart() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let official = "330106198501010028";
    let case = file_case_against(
        &t,
        "浙0106",
        1,
        "2024-03-01",
        10_000_000,
        vec![party("person", "孙八", official), party("person", "赵六", PERSON)],
    )
    .await;
    let path = format!("/api/v1/cases/{case}/shixin");
    let status = json!({"kind": "official", "unit": "某区自然资源局", "supervisor": "某区人民政府"});
    let before = t.stored().await;
    t.post_json(
        &path,
        Some(&officer),
        &json!({"debtor": official, "behaviours": forged_evidence(),
                "public_status": {"kind": "official", "unit": " ", "supervisor": "某区人民政府"}}),
    )
    .await
    .assert_problem(422, "text_required", &[("public_status.unit", "text_required")]);
    assert_eq!(t.stored().await, before, "nothing stored");

    let listed = t
        .post_json(
            &path,
            Some(&officer),
            &json!({"debtor": official, "behaviours": forged_evidence(), "public_status": status}),
        )
        .await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.text());
    let listing = listed.json()["id"].as_str().unwrap().to_owned();
    let ordinary =
        t.post_json(&path, Some(&officer), &json!({"debtor": PERSON, "behaviours": forged_evidence()})).await;
    assert_eq!(ordinary.status, StatusCode::CREATED, "{}", ordinary.text());
    let ordinary_listing = ordinary.json()["id"].as_str().unwrap().to_owned();

    let notice = t.get(&format!("/api/v1/credit/{official}/listings/{listing}/notice"), Some(&officer)).await;
    assert_eq!(notice.status, StatusCode::OK, "{}", notice.text());
    let notice = notice.json();
    assert_eq!(notice["recipients"][0]["name"], "某区自然资源局");
    assert_eq!(notice["recipients"][1]["role"], "supervisor");
    assert_eq!(notice["debtor_id"], "330106********0028");
    assert_eq!(notice["separate_list"], true);
    t.get(&format!("/api/v1/credit/{PERSON}/listings/{ordinary_listing}/notice"), Some(&officer))
        .await
        .assert_problem(404, "not_found", &[]);

    // The separate list holds the official only; the public sees it without signing in.
    let officials = t.get("/api/v1/public/credit/officials", None).await;
    assert_eq!(officials.status, StatusCode::OK, "{}", officials.text());
    let entries = officials.json();
    assert_eq!(entries.as_array().unwrap().len(), 1);
    assert_eq!(entries[0]["name"], "孙八");
    t.get("/api/v1/public/credit/officials?limit=0", None).await.assert_problem(
        422,
        "out_of_range",
        &[("limit", "out_of_range")],
    );
    t.get("/api/v1/public/credit/officials?offset=-1", None).await.assert_problem(
        400,
        "invalid_value",
        &[("offset", "invalid_value")],
    );
}

#[tokio::test]
async fn grading_a_court_table_decides_the_level_and_its_linkage_measures() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let admin = t.signed_in("admin.xh", "浙0106", &[Role::Admin]).await;
    let hr = t.signed_in("hr.bureau", "浙0106", &[Role::LinkageUnit]).await;
    let listed = list_person(&t, &officer).await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.text());
    let item = json!([{"identifier": PERSON}]);

    // The default table: obstruction (ground 2) is level 2, which adds 评先评优 but not 担任公职.
    let table = t.get("/api/v1/courts/浙0106/grading", Some(&officer)).await;
    assert_eq!(table.status, StatusCode::OK, "{}", table.text());
    assert_eq!(table.json()["table"]["version"], "default-1");
    assert_eq!(table.json()["version"], 0);
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(statuses(&check(&t, &hr, "honours_and_awards", item.clone()).await), ["not_restricted"]);
    let graded = t.post_json(&format!("/api/v1/credit/{PERSON}/grade"), Some(&officer), &json!({})).await;
    assert_eq!(graded.status, StatusCode::CREATED, "{}", graded.text());
    assert_eq!(graded.json()["record"]["level"], 2);
    assert_eq!(graded.json()["record"]["reasons"][0]["rule"], "obstruction");
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(statuses(&check(&t, &hr, "honours_and_awards", item.clone()).await), ["restricted"]);
    assert_eq!(statuses(&check(&t, &hr, "public_office", item.clone()).await), ["not_restricted"]);

    // The court's own table: refused naming the field when a level names a statutory measure; an officer may
    // not set it; then set by the admin, and the next grade follows it.
    let mut own = table.json()["table"].clone();
    own["version"] = json!("浙0106-2024-1");
    own["levels"][1]["measures"] = json!(["flight"]);
    let before = t.stored().await;
    t.put_json("/api/v1/courts/浙0106/grading", Some(&admin), &json!({"table": own})).await.assert_problem(
        422,
        "statutory_measure",
        &[("table.levels[1].measures[0]", "statutory_measure")],
    );
    own["levels"][1]["measures"] = json!(["honours_and_awards", "public_office"]);
    own["levels"][2]["measures"] = json!(["honours_and_awards", "public_office"]);
    t.put_json("/api/v1/courts/浙0106/grading", Some(&officer), &json!({"table": own})).await.assert_problem(
        403,
        "missing_role",
        &[],
    );
    assert_eq!(t.stored().await, before, "nothing stored");
    let set =
        t.put_json("/api/v1/courts/浙0106/grading", Some(&admin), &json!({"table": own, "version": 0})).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    assert_eq!((set.json()["set_by"].as_str(), set.json()["version"].as_u64()), (Some("浙0106"), Some(1)));
    t.put_json("/api/v1/courts/浙0106/grading", Some(&admin), &json!({"table": own, "version": 0}))
        .await
        .assert_problem(409, "version_conflict", &[]);
    let regraded = t.post_json(&format!("/api/v1/credit/{PERSON}/grade"), Some(&officer), &json!({})).await;
    assert_eq!(regraded.json()["record"]["version"], "浙0106-2024-1");
    t.app.refresh_screening().await.expect("refresh");
    assert_eq!(statuses(&check(&t, &hr, "public_office", item).await), ["restricted"]);
}

#[tokio::test]
async fn a_passport_bound_to_a_person_is_screened_as_the_person() {
    let t = TestApp::new().await;
    let officer = t.signed_in("officer.xh", "浙0106", &[Role::Officer]).await;
    let border = t.signed_in("border", "浙0106", &[Role::LinkageUnit]).await;
    let case =
        file_case_against(&t, "浙0106", 1, "2024-03-01", 10_000_000, vec![party("person", "赵六", PERSON)])
            .await;
    let ordered = t
        .post_json(&format!("/api/v1/cases/{case}/exit-orders"), Some(&officer), &json!({"debtor": PERSON}))
        .await;
    assert_eq!(ordered.status, StatusCode::CREATED, "{}", ordered.text());
    let path = format!("/api/v1/credit/{PERSON}/passports");

    let before = t.stored().await;
    t.post_json(&path, Some(&officer), &json!({"passport": "E1234567", "source": "出入境管理部门答复"}))
        .await
        .assert_problem(422, "not_a_passport", &[("passport", "not_a_passport")]);
    t.post_json(&path, Some(&officer), &json!({"passport": "E12345678", "source": " "}))
        .await
        .assert_problem(422, "text_required", &[("source", "text_required")]);
    t.post_json(&path, Some(&border), &json!({"passport": "E12345678", "source": "出入境管理部门答复"}))
        .await
        .assert_problem(403, "missing_role", &[]);
    assert_eq!(t.stored().await, before, "nothing stored");

    let bound = t
        .post_json(&path, Some(&officer), &json!({"passport": "ｅ12345678", "source": "出入境管理部门答复"}))
        .await;
    assert_eq!(bound.status, StatusCode::CREATED, "{}", bound.text());
    assert_eq!(bound.json()["record"]["passport"], "E12345678");
    t.post_json(&path, Some(&officer), &json!({"passport": "E12345678", "source": "出入境管理部门答复"}))
        .await
        .assert_problem(422, "duplicate", &[("passport", "duplicate")]);

    t.app.refresh_screening().await.expect("refresh");
    let answer = check(
        &t,
        &border,
        "exit_country",
        json!([{"identifier": "E12345678", "name": "赵六"}, {"identifier": "E87654321"}, {"identifier": PERSON}]),
    )
    .await;
    assert_eq!(statuses(&answer), ["restricted", "not_restricted", "restricted"]);
    assert_eq!(answer["results"][0]["name_check"], "confirmed");
}
