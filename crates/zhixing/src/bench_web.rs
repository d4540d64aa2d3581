//! `zhixing bench web`: the command center's big-screen data (`GET /command/data`) and the officer's case list
//! (the workbench, `GET /`) over HTTP, with `--scale` open cases in the store against the same requests over
//! an empty store, in the same run.
//!
//! Setup (not timed): the open cases of `bench deadlines` (each with its current node and its 6-month period,
//! spread over the 105 courts below 浙), the screen's running tallies recounted from them, a command-center
//! user at 浙 and an officer at 浙0106 signed in on each store. The servers run with a snapshot lifetime of
//! zero, so every screen request computes its snapshot: the figure is the computation, not a cache. Then
//! `--requests` rounds, each asking both servers for both pages, loaded and empty alternating. The cached
//! screen (the production lifetime, one computation shared for a few seconds) is measured as a detail.

use crate::bench::{PROVINCE, Scratch, load_open_cases, round3};
use crate::cli::WebBenchArgs;
use anyhow::{Context, bail};
use serde_json::json;
use std::time::{Duration, Instant};
use zhixing_app::{Actor, App, CreateUser};
use zhixing_core::courts::CourtTree;
use zhixing_core::users::Role;
use zhixing_web::WebOptions;

/// The target of the figure: the screen's data in at most this many milliseconds at the 95th percentile.
const TARGET_P95_MS: f64 = 100.0;

/// The basic court whose officer lists cases.
const OFFICER_COURT: &str = "浙0106";

/// Most rounds accepted by `--requests`.
const REQUESTS_MAX: usize = 100_000;

/// A server on a store, with a signed-in command-center user and officer.
struct Site {
    url: String,
    center: String,
    officer: String,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Site {
    async fn start(store: &zhixing_store::Store, options: WebOptions) -> anyhow::Result<Site> {
        let app = App::new(store.clone());
        let mut sessions = Vec::new();
        for (login, court, role) in
            [("bench.center", PROVINCE, Role::CommandCenter), ("bench.officer", OFFICER_COURT, Role::Officer)]
        {
            let user = CreateUser {
                login: login.into(),
                name: login.into(),
                court: court.into(),
                roles: vec![role],
                password: "bench-password".into(),
            };
            // A second server on the same store finds its users there.
            match app.create_user(&Actor::system("bench"), user).await {
                Ok(_) => {}
                Err(e) if e.code() == "login_taken" => {}
                Err(e) => bail!("{login}: {e:?}"),
            }
            let actor = app.sign_in(login, "bench-password").await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let issued = app.issue_token(&actor, "bench", 1).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            sessions.push(format!("zx_session={}", issued.token));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(zhixing_web::serve_with(listener, app, options, async {
            stopped.await.ok();
        }));
        let officer = sessions.pop().context("officer")?;
        let center = sessions.pop().context("center")?;
        Ok(Site { url, center, officer, stop, task })
    }

    async fn stop(self) -> anyhow::Result<()> {
        self.stop.send(()).ok();
        self.task.await??;
        Ok(())
    }
}

/// One timed GET with a session cookie; the answer must be 200.
async fn timed(client: &reqwest::Client, url: &str, cookie: &str) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let answer = client.get(url).header("cookie", cookie).send().await?;
    let status = answer.status();
    let body = answer.bytes().await?;
    let elapsed = started.elapsed();
    if !status.is_success() {
        bail!("{url}: {status}: {}", String::from_utf8_lossy(&body));
    }
    Ok(elapsed)
}

fn p95_ms(timings: &[Duration]) -> f64 {
    let mut ms = timings.iter().map(|d| d.as_secs_f64() * 1000.0).collect::<Vec<_>>();
    ms.sort_by(f64::total_cmp);
    if ms.is_empty() {
        return 0.0;
    }
    let rank = ((ms.len() as f64) * 0.95).ceil() as usize;
    ms[rank.clamp(1, ms.len()) - 1]
}

pub(crate) async fn web(args: WebBenchArgs) -> anyhow::Result<()> {
    if args.scale == 0 || args.scale > 10_000_000 {
        bail!("--scale must be 1 to 10000000");
    }
    if args.requests == 0 || args.requests > REQUESTS_MAX {
        bail!("--requests must be 1 to {REQUESTS_MAX}");
    }
    let loaded = Scratch::open(args.database_url.as_deref()).await?;
    let empty = Scratch::open(args.database_url.as_deref()).await?;
    let result = measure(&args, &loaded, &empty).await;
    loaded.remove().await?;
    empty.remove().await?;
    let report = result?;
    println!("{report}");
    Ok(())
}

async fn measure(
    args: &WebBenchArgs,
    loaded: &Scratch,
    empty: &Scratch,
) -> anyhow::Result<serde_json::Value> {
    let tree = CourtTree::builtin();
    let courts: Vec<&str> = tree.descendants(PROVINCE).iter().map(|c| c.code).collect();
    let day = zhixing_core::clock::china_date(zhixing_core::clock::Clock::now(&zhixing_store::SystemClock));
    let started = Instant::now();
    let rows = load_open_cases(&loaded.store, &courts, day, args.scale, !args.json).await?;
    loaded.store.refill_tallies().await?;
    if loaded.store.backend() == zhixing_store::BackendKind::Postgres {
        loaded.store.bench_analyze().await?;
    }
    let setup = started.elapsed();

    let uncached = WebOptions { snapshot_ttl: Duration::ZERO };
    let (figure, baseline, list, list_empty, cached) = {
        let sites = [Site::start(&loaded.store, uncached).await?, Site::start(&empty.store, uncached).await?];
        let client = reqwest::Client::builder().tcp_nodelay(true).build()?;
        let screen = |site: &Site| format!("{}/command/data?court={}", site.url, urlencoded(PROVINCE));
        let home = |site: &Site| format!("{}/", site.url);
        // Warm-up: one of each, untimed.
        for site in &sites {
            timed(&client, &screen(site), &site.center).await?;
            timed(&client, &home(site), &site.officer).await?;
        }
        let (mut figure, mut baseline, mut list, mut list_empty) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for round in 0..args.requests {
            // Loaded first in even rounds, empty first in odd ones: both see the same machine state.
            let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let site = &sites[i];
                let screen_time = timed(&client, &screen(site), &site.center).await?;
                let list_time = timed(&client, &home(site), &site.officer).await?;
                if i == 0 {
                    figure.push(screen_time);
                    list.push(list_time);
                } else {
                    baseline.push(screen_time);
                    list_empty.push(list_time);
                }
            }
        }
        for site in sites {
            site.stop().await?;
        }
        // The screen as production serves it: one snapshot shared for its lifetime.
        let site = Site::start(&loaded.store, WebOptions::default()).await?;
        let mut cached = Vec::new();
        for _ in 0..args.requests {
            cached.push(timed(&client, &screen(&site), &site.center).await?);
        }
        site.stop().await?;
        (figure, baseline, list, list_empty, cached)
    };
    let (figure_ms, baseline_ms) = (p95_ms(&figure), p95_ms(&baseline));
    let median = |t: &[Duration]| {
        let mut ms = t.iter().map(|d| d.as_secs_f64() * 1000.0).collect::<Vec<_>>();
        ms.sort_by(f64::total_cmp);
        ms.get(ms.len() / 2).copied().unwrap_or(0.0)
    };
    Ok(json!({
        "bench": "web",
        "backend": loaded.store.backend().as_str(),
        "scale": args.scale,
        "figure": round3(figure_ms),
        "unit": "ms (p95, /command/data of 浙, every request computing its snapshot)",
        "baseline": round3(baseline_ms),
        "baseline_is": "the same requests over an empty store",
        "ratio": round3(figure_ms / baseline_ms.max(0.001)),
        "target_ms": TARGET_P95_MS,
        "target_met": figure_ms <= TARGET_P95_MS,
        "figure_median_ms": round3(median(&figure)),
        "baseline_median_ms": round3(median(&baseline)),
        "case_list_p95_ms": round3(p95_ms(&list)),
        "case_list_empty_p95_ms": round3(p95_ms(&list_empty)),
        "case_list_median_ms": round3(median(&list)),
        "case_list_target_met": p95_ms(&list) <= TARGET_P95_MS,
        "cached_screen_p95_ms": round3(p95_ms(&cached)),
        "requests": args.requests,
        "deadline_rows": rows,
        "day": day.to_string(),
        "setup_seconds": round3(setup.as_secs_f64()),
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    }))
}

fn urlencoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
