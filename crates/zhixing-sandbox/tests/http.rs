//! One round trip over a real socket: institutions, a batch, its answer, the ledger, and the 400s that
//! name the field. The client is a few lines of HTTP/1.1 over `std::net::TcpStream` (no client crate).

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::SocketAddr;
use zhixing_core::inquiry::protocol::{Ack, AckStatus, AnswerPage, Institution, Outcome, Refusal};
use zhixing_sandbox::{Behaviour, Faults, Latency, Ledger, SandboxConfig, serve};

/// One request with `Connection: close`; the status and the body.
fn call(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let (headers, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(!headers.to_ascii_lowercase().contains("transfer-encoding: chunked"), "{headers}");
    (status, body.to_owned())
}

async fn call_async(addr: SocketAddr, method: &'static str, path: String, body: String) -> (u16, String) {
    tokio::task::spawn_blocking(move || call(addr, method, &path, &body)).await.unwrap()
}

#[tokio::test]
async fn a_round_trip_over_http() {
    let mut config = SandboxConfig::quiet(1);
    // A hung institution: the server holds the request (briefly, here) and answers 504.
    config.http_timeout_ms = 20;
    config.overrides.insert(
        "NIA".into(),
        Behaviour {
            latency: Latency::NONE,
            faults: Faults { timeout_percent: 100.0, ..Faults::NONE },
            quota_per_day: None,
            batches_per_second: None,
        },
    );
    let (sandbox, _clock) = sandbox_with(config, 200);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, sandbox.clone(), async {
        let _ = stopped.await;
    }));

    let (status, body) = call_async(addr, "GET", "/healthz".into(), String::new()).await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, body) = call_async(addr, "GET", "/zdz/v1/institutions".into(), String::new()).await;
    assert_eq!(status, 200);
    let institutions: Vec<Institution> = serde_json::from_str(&body).unwrap();
    assert_eq!(institutions, sandbox.institutions());

    let subject = population(1).remove(0);
    let b = batch("b-1", COURT, "PBOC", vec![request("r-1", &subject, query(&["deposit"]))]);
    let json = serde_json::to_string(&b).unwrap();
    let (status, body) = call_async(addr, "POST", "/zdz/v1/batches".into(), json.clone()).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(serde_json::from_str::<Ack>(&body).unwrap().status, AckStatus::Accepted);
    let (status, body) = call_async(addr, "POST", "/zdz/v1/batches".into(), json).await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Ack>(&body).unwrap().status, AckStatus::Duplicate);

    let court = "%E6%B5%990106"; // 浙0106
    let (status, body) =
        call_async(addr, "GET", format!("/zdz/v1/answers?court={court}&after=0&limit=10"), String::new())
            .await;
    assert_eq!(status, 200, "{body}");
    let page: AnswerPage = serde_json::from_str(&body).unwrap();
    assert_eq!(page.answers.len(), 1);
    assert_eq!(page.answers[0].results[0].request_id, "r-1");
    assert!(matches!(page.answers[0].results[0].outcome, Outcome::Found { .. }));
    let (_, body) = call_async(
        addr,
        "GET",
        format!("/zdz/v1/answers?court={court}&after={}", page.next_after),
        String::new(),
    )
    .await;
    assert!(serde_json::from_str::<AnswerPage>(&body).unwrap().answers.is_empty());

    let (status, body) = call_async(addr, "GET", "/zdz/v1/ledger".into(), String::new()).await;
    assert_eq!(status, 200);
    let ledger: Ledger = serde_json::from_str(&body).unwrap();
    assert_eq!(ledger.execution(COURT, "r-1").unwrap().executions, 1);

    // Malformed: the shape (serde_path_to_error), the rules (Batch::validate), the query string.
    let refusal = |body: &str| serde_json::from_str::<Refusal>(body).unwrap();
    let missing = json_without_request_id(&b);
    let (status, body) = call_async(addr, "POST", "/zdz/v1/batches".into(), missing).await;
    assert_eq!((status, refusal(&body).field.as_deref()), (400, Some("requests[0].request_id")), "{body}");
    let mut bad = b.clone();
    bad.batch_id = "b-2".into();
    bad.requests[0].op = freeze("h", None, "2025-03-01", "2025-02-01");
    let (status, body) =
        call_async(addr, "POST", "/zdz/v1/batches".into(), serde_json::to_string(&bad).unwrap()).await;
    assert_eq!((status, refusal(&body).field.as_deref()), (400, Some("requests[0].op.until")), "{body}");
    let (status, body) = call_async(addr, "POST", "/zdz/v1/batches".into(), "{not json".into()).await;
    assert_eq!((status, refusal(&body).code.as_str()), (400, "malformed"));
    let (status, body) = call_async(addr, "GET", "/zdz/v1/answers?after=x".into(), String::new()).await;
    assert_eq!((status, refusal(&body).field.as_deref()), (400, Some("after")));
    let huge = "x".repeat(zhixing_sandbox::BODY_BYTES_MAX + 1);
    let (status, body) = call_async(addr, "POST", "/zdz/v1/batches".into(), huge).await;
    assert_eq!((status, refusal(&body).code.as_str()), (413, "too_large"));

    let hung = batch("b-hung", COURT, "NIA", vec![request("r-hung", &subject, query(&["exit_entry"]))]);
    let (status, body) =
        call_async(addr, "POST", "/zdz/v1/batches".into(), serde_json::to_string(&hung).unwrap()).await;
    assert_eq!((status, refusal(&body).code.as_str()), (504, "timeout"));
    assert!(sandbox.ledger().execution(COURT, "r-hung").is_none(), "a timed-out batch was not taken");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

fn json_without_request_id(b: &zhixing_core::inquiry::protocol::Batch) -> String {
    let mut value = serde_json::to_value(b).unwrap();
    value["requests"][0].as_object_mut().unwrap().remove("request_id");
    value["batch_id"] = "b-3".into();
    value.to_string()
}
