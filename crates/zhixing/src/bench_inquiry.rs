//! `zhixing bench inquiry`: one-click inquiries of `--scale` debtors (one case each, from the generated
//! province) at every institution of the in-process sandbox (about 4,000, quotas lifted), end to end: the
//! inquiry requested through the application layer, queued with its event, batched and recorded by the gateway,
//! answered by the sandbox, every answer taken in with its guard, findings recorded on the cases. Figure:
//! sub-requests (one debtor at one institution) per second until the last result is in. Baseline, same run: the
//! same number of sub-requests, built the same way, through a bare in-memory channel to a task that answers each —
//! the ratio is the cost of durability and bookkeeping.

use crate::bench::{Scratch, round3};
use crate::cli::InquiryBenchArgs;
use anyhow::{Context, bail};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhixing_app::{Actor, App, Gateway, GatewayConfig, InquiryInput};
use zhixing_core::inquiry::AssetClass;
use zhixing_core::inquiry::directory::Directory;
use zhixing_core::inquiry::protocol::{Op, Outcome, Request, RequestResult, Subject};
use zhixing_core::users::Role;
use zhixing_sandbox::{Sandbox, SandboxConfig};
use zhixing_store::SystemClock;

/// Largest `--scale` accepted (debtors).
const SCALE_MAX: u64 = 100_000;

pub(crate) async fn inquiry(args: InquiryBenchArgs) -> anyhow::Result<()> {
    if args.scale == 0 || args.scale > SCALE_MAX {
        bail!("--scale must be 1 to {SCALE_MAX}");
    }
    let scratch = Scratch::open(args.database_url.as_deref()).await?;
    let app = App::new(scratch.store.clone());
    let backend = app.store.backend().as_str();
    crate::province::load(&app, args.scale, args.seed, !args.json).await?;
    let cases = crate::province::generated(args.scale, args.seed);
    let population: Vec<Subject> = cases.iter().flat_map(|(_, _, debtors)| debtors.iter().cloned()).collect();
    let sandbox = Arc::new(Sandbox::new(SandboxConfig::quiet(args.seed), &population, Arc::new(SystemClock)));
    // Quotas lifted: the figure is the pipeline's, not the institutions' limits.
    let institutions: Vec<_> = sandbox
        .institutions()
        .into_iter()
        .map(|mut i| {
            i.daily_quota = None;
            i.batches_per_second = None;
            i
        })
        .collect();
    let app = app.with_directory(Directory::new(institutions));
    let gateway = Gateway::new(app.clone(), sandbox.clone(), GatewayConfig::default());

    let started = Instant::now();
    let mut targets = 0u64;
    for (case_number, court, debtors) in &cases {
        let actor = Actor {
            user_id: format!("bench-officer-{court}"),
            login: "bench-officer".into(),
            name: "执行员".into(),
            court: court.clone(),
            roles: vec![Role::Officer],
        };
        let input = InquiryInput {
            classes: Vec::new(),
            subjects: debtors.first().map(|d| vec![d.id_number.clone()]).unwrap_or_default(),
            urgent: false,
        };
        let requested = app
            .request_inquiry(&actor, case_number, &input)
            .await
            .map_err(|e| anyhow::anyhow!("inquiry on {case_number}: {e:?}"))?;
        targets += u64::from(requested.institutions);
    }
    let mut sub_requests = 0u64;
    let mut events = 0u64;
    let mut batches = 0u64;
    loop {
        let report = gateway.pump().await.map_err(|e| anyhow::anyhow!("gateway: {e:?}"))?;
        sub_requests += report.sub_requests as u64;
        events += report.events as u64;
        batches += report.batches_sent as u64;
        let open = app.store.gateway_counts().await?;
        if open.iter().any(|(k, v)| k == "inquiries_open" && *v == 0) {
            break;
        }
        if report.idle() && started.elapsed() > Duration::from_secs(3_600) {
            bail!("the inquiries did not complete within an hour");
        }
    }
    let spent = started.elapsed();
    if sub_requests != targets {
        bail!("sent {sub_requests} sub-requests for {targets} targets");
    }
    let peak_rss_mib = peak_rss_mib();

    let baseline_spent = channel_baseline(&cases, &app.directory, sub_requests).await?;
    let figure = sub_requests as f64 / spent.as_secs_f64();
    let baseline = sub_requests as f64 / baseline_spent.as_secs_f64();
    println!(
        "{}",
        json!({
            "bench": "inquiry",
            "backend": backend,
            "scale": args.scale,
            "figure": figure.round(),
            "unit": "sub-requests/s (one debtor at one institution, end to end)",
            "baseline": baseline.round(),
            "baseline_unit": "sub-requests/s through a bare in-memory channel",
            "ratio": (figure / baseline * 1000.0).round() / 1000.0,
            "target": 50_000,
            "institutions": app.directory.len(),
            "sub_requests": sub_requests,
            "batches": batches,
            "findings_recorded": events,
            "seconds_to_last_result": round3(spent.as_secs_f64()),
            "baseline_seconds": round3(baseline_spent.as_secs_f64()),
            "peak_rss_mib": peak_rss_mib,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        })
    );
    drop(gateway);
    drop(app);
    scratch.remove().await
}

/// The same sub-requests through a channel to a task that answers each with an empty finding.
async fn channel_baseline(
    cases: &[(String, String, Vec<Subject>)],
    directory: &Directory,
    total: u64,
) -> anyhow::Result<Duration> {
    let classes: Vec<String> = AssetClass::ALL.iter().map(|c| c.code().to_owned()).collect();
    let (to_worker, mut inbox) = tokio::sync::mpsc::channel::<Vec<Request>>(64);
    let (to_main, mut results) = tokio::sync::mpsc::channel::<Vec<RequestResult>>(64);
    let started = Instant::now();
    let worker = tokio::spawn(async move {
        while let Some(batch) = inbox.recv().await {
            let answered = batch
                .into_iter()
                .map(|r| RequestResult {
                    request_id: r.request_id,
                    outcome: Outcome::Found { holdings: Vec::new() },
                })
                .collect();
            if to_main.send(answered).await.is_err() {
                break;
            }
        }
    });
    let producer = {
        let cases = cases.to_vec();
        let codes: Vec<String> = directory.all().iter().map(|i| i.code.clone()).collect();
        tokio::spawn(async move {
            let mut sent = 0u64;
            for code in codes.iter().cycle() {
                if sent >= total {
                    break;
                }
                let mut batch = Vec::with_capacity(1_000);
                for (k, (case_number, _, debtors)) in cases.iter().enumerate() {
                    let Some(subject) = debtors.first() else { continue };
                    if sent >= total {
                        break;
                    }
                    sent += 1;
                    batch.push(Request {
                        request_id: format!("{k}@{code}"),
                        case_number: case_number.clone(),
                        subject: subject.clone(),
                        op: Op::Query { classes: classes.clone() },
                    });
                    if batch.len() == 1_000 {
                        to_worker.send(std::mem::take(&mut batch)).await.ok();
                    }
                }
                if !batch.is_empty() {
                    to_worker.send(batch).await.ok();
                }
            }
        })
    };
    let mut answered = 0u64;
    while answered < total {
        let Some(batch) = results.recv().await else { break };
        answered += batch.len() as u64;
    }
    let spent = started.elapsed();
    producer.await.context("baseline producer")?;
    worker.abort();
    Ok(spent)
}

/// The process's peak resident memory (VmHWM), in MiB; 0 where /proc is not there.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()))
        })
        .map_or(0, |kb| kb / 1024)
}
