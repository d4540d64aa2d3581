//! The long-running and data commands: serve, demo, seed, rebuild, verify, user.

use crate::cli::{DemoArgs, RecomputeArgs, SeedArgs, ServeArgs, StoreArgs, UserCommand};
use crate::config::{self, StoreLocation};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Arc;
use zhixing_app::{Actor, App, CreateUser, Gateway, GatewayConfig, Handlers};
use zhixing_core::cases::case;
use zhixing_core::flow::settings::RECOMPUTE_JOB;
use zhixing_core::inquiry::agency::Agency;
use zhixing_core::inquiry::directory::Directory;
use zhixing_core::users::Role;
use zhixing_sandbox::{Sandbox, SandboxConfig};
use zhixing_store::{Store, SystemClock};

/// The demo's logins: (login, name, court, roles). All share [`DEMO_PASSWORD`].
const DEMO_USERS: &[(&str, &str, &str, &[Role])] = &[
    ("admin", "省院管理员", "浙", &[Role::Admin, Role::Leader]),
    ("leader", "省院院领导", "浙", &[Role::Leader]),
    ("center", "杭州中院指挥中心", "浙01", &[Role::CommandCenter]),
    ("officer", "西湖法院执行法官", "浙0106", &[Role::Officer]),
    ("clerk", "西湖法院书记员", "浙0106", &[Role::Officer]),
    ("xihu.admin", "西湖法院管理员", "浙0106", &[Role::Admin]),
    ("airline", "航空公司联动账号", "最高法", &[Role::LinkageUnit]),
];

/// The demo's one password (a demo, not a deployment).
const DEMO_PASSWORD: &str = "zhixing-demo";

pub(crate) async fn open(location: &StoreLocation) -> anyhow::Result<App> {
    let clock = Arc::new(SystemClock);
    let store = match location {
        StoreLocation::Postgres(url) => Store::open(url, clock).await,
        StoreLocation::DataDir(dir) => Store::open_data_dir(dir, clock).await,
    }
    .with_context(|| format!("cannot open the database at {}", location.describe()))?;
    Ok(App::new(store))
}

pub(crate) async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    crate::telemetry::init();
    let location = config::store_location(&args.store);
    let app = open(&location).await?;
    let network = match config::network(args.network) {
        Some(url) => {
            let agency = zhixing_web::agency::HttpAgency::new(&url, NETWORK_TIMEOUT)
                .map_err(|e| anyhow::anyhow!("network {url}: {e}"))?;
            Some(Arc::new(agency) as Arc<dyn Agency>)
        }
        None => None,
    };
    run_server(app, &config::listen(args.listen), &location, network).await
}

/// How long a call to the inquiry network may take before it counts as unanswered (and is sent again later).
const NETWORK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The demo's in-process sandbox of the outside world: the generated province's debtors hold what it says.
fn demo_network(cases: u64) -> anyhow::Result<Arc<dyn Agency>> {
    let population = crate::sandbox_cmd::population(cases, 1)?;
    Ok(Arc::new(Sandbox::new(SandboxConfig::realistic(1), &population, Arc::new(SystemClock))))
}

/// The network's directory, asked a few times (the network may start after us).
async fn directory(agency: &dyn Agency) -> anyhow::Result<Directory> {
    let mut last = None;
    for attempt in 0..10u64 {
        match agency.institutions().await {
            Ok(institutions) => return Ok(Directory::new(institutions)),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(std::time::Duration::from_millis(200 * (attempt + 1))).await;
    }
    bail!("the inquiry network does not answer: {}", last.map(|e| e.to_string()).unwrap_or_default())
}

pub(crate) async fn demo(args: DemoArgs) -> anyhow::Result<()> {
    crate::telemetry::init();
    let location = StoreLocation::DataDir(config::data_dir(args.data_dir));
    let app = open(&location).await?;
    if app.store.user_count().await? == 0 {
        eprintln!("首次启动：生成演示数据 (first start: generating the demo province) …");
        create_demo_users(&app).await?;
        crate::province::load(&app, args.cases, 1, true).await?;
    }
    let network = demo_network(args.cases)?;
    let listen = config::listen(args.listen);
    println!("zhixing 演示已启动 (demo running): http://{listen}/");
    println!("演示账号 (demo logins), 密码 (password) = {DEMO_PASSWORD}:");
    for (login, name, court, roles) in DEMO_USERS {
        let roles = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
        println!("  {login:<12} {court:<8} {roles:<20} {name}");
    }
    println!(
        "例 (example): curl -s -X POST http://{listen}/api/v1/tokens -H 'Content-Type: application/json' \\"
    );
    println!("      -d '{{\"login\":\"officer\",\"password\":\"{DEMO_PASSWORD}\"}}'");
    run_server(app, &listen, &location, Some(network)).await
}

async fn create_demo_users(app: &App) -> anyhow::Result<()> {
    let system = Actor::system("demo");
    for (login, name, court, roles) in DEMO_USERS {
        let command = CreateUser {
            login: (*login).into(),
            name: (*name).into(),
            court: (*court).into(),
            roles: roles.to_vec(),
            password: DEMO_PASSWORD.into(),
        };
        app.create_user(&system, command).await.map_err(|e| anyhow::anyhow!("demo user {login}: {e:?}"))?;
    }
    Ok(())
}

async fn run_server(
    app: App,
    listen: &str,
    location: &StoreLocation,
    network: Option<Arc<dyn Agency>>,
) -> anyhow::Result<()> {
    let (app, gateway) = match network {
        Some(agency) => {
            let app = app.with_directory(directory(agency.as_ref()).await?);
            let gateway = Arc::new(Gateway::new(app.clone(), agency, GatewayConfig::default()));
            (app, Some(gateway))
        }
        None => (app, None),
    };
    let listener =
        tokio::net::TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!(listen = %listener.local_addr()?, store = %location.describe(), "zhixing serving");
    let (stop_worker, stopped) = tokio::sync::watch::channel(false);
    let worker = {
        let app = app.clone();
        let handlers = Handlers::default()
            .on(case::REQUERY_JOB, |app: App, job| async move { app.handle_requery(job).await })
            .on(case::REQUERY_ANSWER_JOB, |app: App, job| async move { app.handle_requery_answer(job).await })
            .on(RECOMPUTE_JOB, |app: App, job| async move { app.handle_recompute(job).await })
            .on(case::REFRESH_DEADLINES_JOB, |app: App, job| async move {
                app.handle_refresh_deadlines(job).await
            });
        tokio::spawn(async move { app.run_worker(handlers, stopped).await })
    };
    let scanner = {
        let app = app.clone();
        let stopped = stop_worker.subscribe();
        tokio::spawn(async move { scan_deadlines(app, stopped).await })
    };
    let screening = {
        let app = app.clone();
        let stopped = stop_worker.subscribe();
        tokio::spawn(async move { refresh_screening(app, stopped).await })
    };
    let gateway_task = gateway.map(|gateway| {
        let mut stopped = stop_worker.subscribe();
        tokio::spawn(async move {
            gateway
                .run(GATEWAY_IDLE_PAUSE, async move {
                    while stopped.changed().await.is_ok() && !*stopped.borrow() {}
                })
                .await;
        })
    });
    zhixing_web::serve(listener, app, shutdown_signal()).await?;
    let _ = stop_worker.send(true);
    let _ = worker.await;
    if let Some(task) = gateway_task {
        let _ = task.await;
    }
    let _ = scanner.await;
    let _ = screening.await;
    tracing::info!("zhixing stopped");
    Ok(())
}

/// Pause of the gateway's loop when a round found nothing to send or take in.
const GATEWAY_IDLE_PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// Cases the deadline scan takes per pass: bounded, so one pass never holds the store for long.
const SCAN_CASES_PER_PASS: u32 = 500;

/// Pause between scans once every owed alert is raised.
const SCAN_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// Raises deadline warnings, overdue notices and escalations, pass after pass, until shutdown.
async fn scan_deadlines(app: App, mut stopped: tokio::sync::watch::Receiver<bool>) {
    while !*stopped.borrow() {
        match app.scan_deadlines(SCAN_CASES_PER_PASS).await {
            Ok(report) if report.cases as u32 == SCAN_CASES_PER_PASS && report.alerts > 0 => continue,
            Ok(report) if report.alerts > 0 => {
                tracing::info!(alerts = report.alerts, "deadline alerts raised")
            }
            Ok(_) => {}
            Err(error) => tracing::error!(error = ?error, "deadline scan failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(SCAN_INTERVAL) => {}
            _ = stopped.changed() => {}
        }
    }
}

/// Pause between refreshes of the screening index (and writes of the checks counted).
const SCREENING_REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// Keeps the screening index up to date with the credit streams until shutdown, then writes the last counts.
async fn refresh_screening(app: App, mut stopped: tokio::sync::watch::Receiver<bool>) {
    while !*stopped.borrow() {
        match app.refresh_screening().await {
            Ok(done) if done.streams_read > 0 => tracing::info!(
                version = done.version,
                streams = done.streams_read,
                identifiers = done.identifiers,
                "screening index refreshed"
            ),
            Ok(_) => {}
            Err(error) => {
                tracing::error!(error = ?error, "screening refresh failed; the last index keeps serving")
            }
        }
        tokio::select! {
            () = tokio::time::sleep(SCREENING_REFRESH) => {}
            _ = stopped.changed() => {}
        }
    }
    if let Err(error) = app.flush_screening_counts().await {
        tracing::error!(error = ?error, "screening counts not written");
    }
}

/// Completes on Ctrl-C or SIGTERM: the server then stops accepting and finishes requests in flight.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested");
}

pub(crate) async fn seed(args: SeedArgs) -> anyhow::Result<()> {
    if args.cases == 0 || args.cases > zhixing_core::limits::SEED_CASES_MAX {
        bail!("--cases must be 1 to {}", zhixing_core::limits::SEED_CASES_MAX);
    }
    let app = open(&config::store_location(&args.store)).await?;
    if app.store.case_count().await? > 0 {
        bail!("the database already has cases: seed an empty database (a fresh --data-dir or database)");
    }
    let summary = crate::province::load(&app, args.cases, args.seed, true).await?;
    println!("{summary}");
    Ok(())
}

pub(crate) async fn rebuild(args: StoreArgs) -> anyhow::Result<()> {
    let app = open(&config::store_location(&args)).await?;
    let total = app.store.head().await?.position;
    let bar = progress_bar(total, "重建投影 rebuilding");
    let done = app.store.rebuild_projections(|done, _| bar.set_position(done)).await?;
    bar.finish_and_clear();
    println!("{}", serde_json::json!({ "rebuilt_events": done }));
    Ok(())
}

pub(crate) async fn verify(args: StoreArgs) -> anyhow::Result<()> {
    let app = open(&config::store_location(&args)).await?;
    let verified = app.store.verify_chain().await?;
    let head = app.store.head().await?;
    println!(
        "{}",
        serde_json::json!({ "verified_events": verified, "head_position": head.position, "head_hash": hex_string(&head.hash) })
    );
    Ok(())
}

/// Recomputes the open deadlines of every open case of one court, or of every court; prints one JSON
/// line per court that has open cases.
pub(crate) async fn recompute_deadlines(args: RecomputeArgs) -> anyhow::Result<()> {
    let app = open(&config::store_location(&args.store)).await?;
    let courts: Vec<String> = match &args.court {
        Some(court) => vec![court.clone()],
        None => app.courts.iter().map(|c| c.code.to_owned()).collect(),
    };
    for court in courts {
        let report = app.recompute_deadlines(&court).await.map_err(|e| anyhow::anyhow!("{court}: {e}"))?;
        if report.cases > 0 || args.court.is_some() {
            println!(
                "{}",
                serde_json::json!({ "court": court, "cases": report.cases, "changed": report.changed,
                    "conflicts": report.conflicts, "failed": report.failed })
            );
        }
    }
    Ok(())
}

pub(crate) async fn user(command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add { login, name, court, roles, password, store } = command;
    let Some(password) = config::new_password(password) else {
        bail!("give the password with --password or ZHIXING_NEW_PASSWORD");
    };
    let roles = roles
        .iter()
        .map(|r| Role::parse(r).with_context(|| format!("unknown role {r:?}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let app = open(&config::store_location(&store)).await?;
    let account = app
        .create_user(&Actor::system("cli"), CreateUser { login, name, court, roles, password })
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    println!(
        "{}",
        serde_json::json!({ "user_id": account.user_id, "login": account.login, "court": account.court })
    );
    Ok(())
}

pub(crate) fn progress_bar(total: u64, label: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(label);
    bar
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
