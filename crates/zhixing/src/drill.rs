//! `zhixing drill crash`: freezes and deductions exactly once through a server killed with SIGKILL.
//!
//! Each run, with its own seed: a generated province in a fresh SQLite data directory; the sandbox of the
//! outside world serving the 总对总 protocol over HTTP from this process (with latency, 5xx answers, timeouts and
//! duplicated answers); `zhixing serve --network …` as a child process. A driver acts as an enforcement officer
//! over the JSON API — one-click inquiry of every case, a freeze of every freezable holding found, a deduction of
//! half of every freeze of money in force — retrying every call that got no answer under the same
//! `Idempotency-Key`, as a client must. Meanwhile the server is killed with SIGKILL at random moments and started
//! again, up to `--kills` times; once everything is answered it is killed a last time. Then the court's records,
//! read from the store, are reconciled with the sandbox's ledger, read over HTTP: every request answered once and
//! executed once, every freeze and deduction the institutions made known to the court and none made twice, each
//! court's custody balance equal to what its cases recorded as deducted, to the 分; and the event log's hash
//! chain verifies.

use crate::cli::CrashDrillArgs;
use crate::config::StoreLocation;
use anyhow::{Context, anyhow, bail, ensure};
use chrono::Days;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use zhixing_app::{Actor, CreateUser, custody_account};
use zhixing_core::clock::{Clock, china_date};
use zhixing_core::inquiry::classes::item;
use zhixing_core::inquiry::protocol::Outcome;
use zhixing_core::money::Amount;
use zhixing_core::users::Role;
use zhixing_sandbox::{Behaviour, Faults, Latency, Ledger, Sandbox, SandboxConfig};
use zhixing_store::SystemClock;

/// The drill's officer: one login at the province's high court, whose scope is every court of the province.
const LOGIN: &str = "drill.officer";
const PASSWORD: &str = "drill-Passw0rd-2026";
const PROVINCE: &str = "浙";

/// Banks in each run's catalogue (the national banks and a few local ones): enough institutions to make
/// batches to many places, few enough that a run takes seconds.
const BANKS: usize = 40;

/// Each run's faults: 5xx answers, timeouts and duplicated answers. Lost acknowledgements come from the kills
/// (a batch sent, the server killed before it recorded the answer).
const FAULTS: Faults = Faults {
    error_percent: 5.0,
    timeout_percent: 2.0,
    ack_lost_percent: 0.0,
    duplicate_answer_percent: 20.0,
    outage_day_percent: 0.0,
};

/// Answers come after 5 ms to 1.5 s (median 80 ms): kills land between a batch's acknowledgement and its answer.
const LATENCY: Latency = Latency::new(5, 80, 1_500);

/// The server is killed this long after it came up (drawn uniformly, in ms).
const KILL_AFTER_MS: std::ops::Range<u64> = 150..1_500;

/// Most runs, cases per run and kills per run accepted.
const RUNS_MAX: u64 = 1_000;
const CASES_MAX: u64 = 500;
const KILLS_MAX: u32 = 100;

/// How long a (re)started server may take to answer its health check.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Freezes are ordered for this many days (within the shortest statutory term, a year for deposits).
const FREEZE_DAYS: u64 = 300;

/// What one run did and checked.
#[derive(Debug, Default, Clone, serde::Serialize)]
struct RunReport {
    seed: u64,
    kills: u32,
    requests: usize,
    freezes: usize,
    queued: usize,
    deductions: usize,
    refused: usize,
    /// Calls whose response was lost to a kill and that, sent again under their key, were answered from the
    /// record (`Idempotent-Replayed`).
    replayed: usize,
    deducted: String,
    batches_duplicate: u64,
    answers_duplicated: u64,
    seconds: f64,
}

pub(crate) async fn crash(args: CrashDrillArgs) -> anyhow::Result<()> {
    if args.runs == 0 || args.runs > RUNS_MAX {
        bail!("--runs must be 1 to {RUNS_MAX}");
    }
    if args.cases == 0 || args.cases > CASES_MAX {
        bail!("--cases must be 1 to {CASES_MAX}");
    }
    if args.kills == 0 || args.kills > KILLS_MAX {
        bail!("--kills must be 1 to {KILLS_MAX}");
    }
    let started = Instant::now();
    let mut reports = Vec::new();
    for run in 0..args.runs {
        let seed = args.seed + run;
        let report = tokio::time::timeout(Duration::from_secs(args.run_timeout), one_run(seed, &args))
            .await
            .map_err(|_| anyhow!("run {run} (seed {seed}) took longer than {} s", args.run_timeout))?
            .with_context(|| format!("run {run} (seed {seed})"))?;
        if !args.json {
            eprintln!("{}", json!(report));
        }
        reports.push(report);
    }
    let sum = |f: fn(&RunReport) -> usize| reports.iter().map(f).sum::<usize>();
    println!(
        "{}",
        json!({
            "drill": "crash",
            "runs": reports.len(),
            "cases_per_run": args.cases,
            "kills": reports.iter().map(|r| u64::from(r.kills)).sum::<u64>(),
            "requests": sum(|r| r.requests),
            "freezes": sum(|r| r.freezes),
            "queued": sum(|r| r.queued),
            "deductions": sum(|r| r.deductions),
            "refused": sum(|r| r.refused),
            "replayed": sum(|r| r.replayed),
            "batches_sent_again": reports.iter().map(|r| r.batches_duplicate).sum::<u64>(),
            "answers_duplicated": reports.iter().map(|r| r.answers_duplicated).sum::<u64>(),
            "reconciled": true,
            "seconds": (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        })
    );
    Ok(())
}

async fn one_run(seed: u64, args: &CrashDrillArgs) -> anyhow::Result<RunReport> {
    let mut dir = Scratch::new(seed)?;
    let result = run_in(&dir, seed, args).await;
    if result.is_err() {
        dir.keep = true;
    }
    result.with_context(|| format!("data directory and server log kept in {}", dir.path.display()))
}

async fn run_in(dir: &Scratch, seed: u64, args: &CrashDrillArgs) -> anyhow::Result<RunReport> {
    let started = Instant::now();
    let location = StoreLocation::DataDir(dir.path.clone());
    {
        let app = crate::server::open(&location).await?;
        crate::province::load(&app, args.cases, seed, false).await?;
        let officer = CreateUser {
            login: LOGIN.into(),
            name: "演练执行员".into(),
            court: PROVINCE.into(),
            roles: vec![Role::Officer],
            password: PASSWORD.into(),
        };
        app.create_user(&Actor::system("drill"), officer).await.map_err(|e| anyhow!("officer: {e:?}"))?;
    }

    // The outside world, over HTTP, for the whole run (it is not the one being killed).
    let population = crate::sandbox_cmd::population(args.cases, seed)?;
    let sandbox = Arc::new(Sandbox::new(sandbox_config(seed), &population, Arc::new(SystemClock)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let network = format!("http://{}", listener.local_addr()?);
    let (stop_sandbox, stopped) = tokio::sync::oneshot::channel::<()>();
    let sandbox_task = tokio::spawn(zhixing_sandbox::serve(listener, sandbox, async move {
        let _ = stopped.await;
    }));

    let port = free_port()?;
    let client = Client::new(format!("http://127.0.0.1:{port}"))?;
    let chaos = Arc::new(Chaos::new(seed, args.kills, Server::start(&dir.path, port, &network)?));
    client.wait_healthy(&chaos).await?;

    let done = Arc::new(AtomicBool::new(false));
    let timer = {
        let (chaos, done) = (Arc::clone(&chaos), Arc::clone(&done));
        tokio::spawn(async move { chaos.kill_at_random_moments(&done).await })
    };
    let driven = drive(&client, &chaos, args.cases, seed).await;
    done.store(true, Ordering::SeqCst);
    timer.await.map_err(|e| anyhow!("killer: {e}"))??;
    let replayed = driven?;
    // A last kill, once everything is answered: what the store holds is what a crash leaves.
    chaos.server.lock().await.kill()?;

    let ledger: Ledger = reqwest::get(format!("{network}/zdz/v1/ledger"))
        .await
        .context("the sandbox's ledger")?
        .json()
        .await
        .context("the sandbox's ledger")?;
    let _ = stop_sandbox.send(());
    let _ = sandbox_task.await;

    let app = crate::server::open(&location).await?;
    app.store.verify_chain().await.context("the event log's hash chain")?;
    let mut report = reconcile(&app, args.cases, seed, &ledger).await?;
    report.seed = seed;
    report.kills = chaos.kills.load(Ordering::SeqCst);
    report.replayed = replayed;
    report.batches_duplicate = ledger.batches.duplicate;
    report.answers_duplicated = ledger.batches.answers_duplicated;
    report.seconds = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    Ok(report)
}

/// The run's sandbox: few banks, no quotas, short latencies and the drill's faults at every institution.
fn sandbox_config(seed: u64) -> SandboxConfig {
    let mut config = SandboxConfig::quiet(seed);
    config.banks = BANKS;
    config.faults = FAULTS;
    config.http_timeout_ms = 300;
    let behaviour =
        Behaviour { latency: LATENCY, faults: FAULTS, quota_per_day: None, batches_per_second: None };
    let probe = Sandbox::new(config.clone(), &[], Arc::new(SystemClock));
    for institution in probe.institutions() {
        config.overrides.insert(institution.code, behaviour);
    }
    config
}

/// The officer's work, every call retried under its key until answered. Some freezes and deductions are sent
/// with a kill close behind, so that the server dies while it handles them (before or after it recorded the
/// request). Returns how many calls were answered as made before.
async fn drive(client: &Client, chaos: &Chaos, cases: u64, seed: u64) -> anyhow::Result<usize> {
    let mut replayed = 0;
    let token = client.sign_in().await?;
    let client = client.with_token(token);
    let numbers: Vec<String> =
        crate::province::generated(cases, seed).into_iter().map(|(number, _, _)| number).collect();
    for number in &numbers {
        let key = key(&["inquiry", number]);
        replayed += client.post(&format!("/api/v1/cases/{number}/inquiries"), &json!({}), &key, None).await?;
    }
    let assets = client
        .until(&numbers, |a| {
            a["inquiries"].as_array().is_some_and(|i| i.iter().all(|i| i["completed_on"].is_string()))
        })
        .await
        .context("waiting for the inquiries")?;

    let today = china_date(SystemClock.now());
    let until = today.checked_add_days(Days::new(FREEZE_DAYS)).ok_or_else(|| anyhow!("date"))?;
    for (number, assets) in numbers.iter().zip(&assets) {
        for entry in assets["inventory"].as_array().into_iter().flatten() {
            if !freezable(entry) {
                continue;
            }
            let (institution, holding) = (text(&entry["institution"]), text(&entry["holding"]["holding"]));
            let body = json!({ "institution": institution, "holding": holding, "until": until.to_string() });
            let key = key(&["freeze", number, &institution, &holding]);
            replayed +=
                client.post(&format!("/api/v1/cases/{number}/freezes"), &body, &key, Some(chaos)).await?;
        }
    }
    let assets = client.until(&numbers, all_answered).await.context("waiting for the freezes")?;

    for (number, assets) in numbers.iter().zip(&assets) {
        for freeze in assets["freezes"].as_array().into_iter().flatten() {
            let Some(half) = half_of_money_in_force(assets, freeze) else { continue };
            let (institution, holding) = (text(&freeze["institution"]), text(&freeze["holding"]));
            let body = json!({ "institution": institution, "holding": holding, "amount": half.to_string() });
            let key = key(&["deduct", number, &text(&freeze["request_id"])]);
            replayed +=
                client.post(&format!("/api/v1/cases/{number}/deductions"), &body, &key, Some(chaos)).await?;
        }
    }
    client.until(&numbers, all_answered).await.context("waiting for the deductions")?;
    Ok(replayed)
}

/// An inventory entry the network can freeze, with something in it.
fn freezable(entry: &Value) -> bool {
    let measures = item(entry["item"].as_str().unwrap_or_default()).map(|i| i.measures);
    let empty = entry["holding"]["amount"].as_str().is_some_and(|a| a == "0.00");
    measures.is_some_and(|m| m.freeze) && !empty
}

/// Half of a freeze of money in force, if more than nothing.
fn half_of_money_in_force(assets: &Value, freeze: &Value) -> Option<Amount> {
    if freeze["status"] != "in_force" {
        return None;
    }
    let holding = freeze["holding"].as_str()?;
    let entry = assets["inventory"].as_array()?.iter().find(|e| {
        e["institution"] == freeze["institution"] && e["holding"]["holding"].as_str() == Some(holding)
    })?;
    if !item(entry["item"].as_str()?).is_some_and(|i| i.measures.deduct) {
        return None;
    }
    let amount = Amount::parse_yuan(freeze["amount"].as_str()?).ok()?;
    Amount::from_fen(amount.fen() / 2).ok().filter(|half| *half > Amount::ZERO)
}

fn all_answered(assets: &Value) -> bool {
    assets["requests"]
        .as_array()
        .is_some_and(|r| r.iter().all(|r| r["answers"].as_array().is_some_and(|a| !a.is_empty())))
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// An idempotency key for one intended act: the same act always gets the same key.
fn key(parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
    format!("{}-{}", parts[0], digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>())
}

/// What kills the server: at random moments, and close behind some calls.
struct Chaos {
    server: tokio::sync::Mutex<Server>,
    rng: std::sync::Mutex<ChaCha8Rng>,
    kills: std::sync::atomic::AtomicU32,
    max: u32,
}

/// One call in this many is sent with a kill close behind it (while kills remain).
const KILL_IN_FLIGHT_ONE_IN: u32 = 8;

/// One control call in this many is sent a second time under its key.
const SEND_AGAIN_ONE_IN: u64 = 4;

/// The kill behind a call comes this many microseconds after it is sent: around the time a request takes.
const KILL_IN_FLIGHT_US: std::ops::Range<u64> = 0..15_000;

impl Chaos {
    fn new(seed: u64, max: u32, server: Server) -> Chaos {
        Chaos {
            server: tokio::sync::Mutex::new(server),
            rng: std::sync::Mutex::new(ChaCha8Rng::seed_from_u64(seed ^ 0x6b69_6c6c)),
            kills: std::sync::atomic::AtomicU32::new(0),
            max,
        }
    }

    fn draw(&self, range: std::ops::Range<u64>) -> u64 {
        self.rng.lock().map_or(range.start, |mut rng| rng.gen_range(range))
    }

    /// Half the kills (rounded up) at random moments; the calls with a kill behind them take the rest.
    async fn kill_at_random_moments(&self, done: &AtomicBool) -> anyhow::Result<()> {
        while self.kills.load(Ordering::SeqCst) < self.max.div_ceil(2) {
            tokio::time::sleep(Duration::from_millis(self.draw(KILL_AFTER_MS))).await;
            if done.load(Ordering::SeqCst) {
                break;
            }
            self.kill_and_restart().await?;
        }
        Ok(())
    }

    /// Whether to send the next call with a kill behind it, and how long after.
    fn behind_call(&self) -> Option<Duration> {
        let left = self.kills.load(Ordering::SeqCst) < self.max;
        (left && self.draw(0..u64::from(KILL_IN_FLIGHT_ONE_IN)) == 0)
            .then(|| Duration::from_micros(self.draw(KILL_IN_FLIGHT_US)))
    }

    /// SIGKILL, and a new server on the same data directory and port.
    async fn kill_and_restart(&self) -> anyhow::Result<()> {
        let mut server = self.server.lock().await;
        if self.kills.load(Ordering::SeqCst) >= self.max {
            return Ok(());
        }
        server.kill()?;
        self.kills.fetch_add(1, Ordering::SeqCst);
        server.restart()
    }
}

/// `zhixing serve` as a child process, killed when dropped.
struct Server {
    child: Option<Child>,
    dir: PathBuf,
    port: u16,
    network: String,
}

impl Server {
    fn start(dir: &Path, port: u16, network: &str) -> anyhow::Result<Server> {
        let mut server = Server { child: None, dir: dir.to_owned(), port, network: network.to_owned() };
        server.restart()?;
        Ok(server)
    }

    fn restart(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.dir.join("server.log"))?;
        let child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .arg("--data-dir")
            .arg(&self.dir)
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--network")
            .arg(&self.network)
            .env_remove("ZHIXING_DATABASE_URL")
            .env_remove("ZHIXING_DATA_DIR")
            .env("ZHIXING_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()
            .context("cannot start `zhixing serve`")?;
        self.child = Some(child);
        Ok(())
    }

    /// SIGKILL (std's `Child::kill`), and the exit collected.
    fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().context("kill -9")?;
            child.wait()?;
        }
        Ok(())
    }

    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.as_mut().and_then(|c| c.try_wait().ok().flatten())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

/// The officer's HTTP client: every call retried, under the same key, until the server answers it.
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

/// Longest wait for one call to be answered, or for every case to reach a state.
const CALL_TIMEOUT: Duration = Duration::from_secs(120);
const POLL: Duration = Duration::from_millis(100);

impl Client {
    fn new(base: String) -> anyhow::Result<Client> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
        Ok(Client { http, base, token: None })
    }

    fn with_token(&self, token: String) -> Client {
        Client { token: Some(token), ..self.clone() }
    }

    async fn wait_healthy(&self, chaos: &Chaos) -> anyhow::Result<()> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = chaos.server.lock().await.exited() {
                bail!("the server exited at start ({status}); see server.log");
            }
            if self.healthy().await {
                return Ok(());
            }
            ensure!(Instant::now() < deadline, "the server did not come up");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn healthy(&self) -> bool {
        let response = self.http.get(format!("{}/healthz", self.base)).send().await;
        response.is_ok_and(|r| r.status().is_success())
    }

    async fn sign_in(&self) -> anyhow::Result<String> {
        let body = json!({ "login": LOGIN, "password": PASSWORD });
        let (answer, _) = self.call(reqwest::Method::POST, "/api/v1/tokens", Some(&body), None, None).await?;
        answer["token"].as_str().map(str::to_owned).ok_or_else(|| anyhow!("no token in {answer}"))
    }

    /// A POST under its key; with `chaos`, some are sent a second time as a client does that cannot tell
    /// whether its first sending arrived, and must be answered as made before. Returns how many sendings were
    /// answered `Idempotent-Replayed`.
    async fn post(
        &self,
        path: &str,
        body: &Value,
        key: &str,
        chaos: Option<&Chaos>,
    ) -> anyhow::Result<usize> {
        let (first, replayed) = self.call(reqwest::Method::POST, path, Some(body), Some(key), chaos).await?;
        let mut count = usize::from(replayed);
        if chaos.is_some_and(|c| c.draw(0..SEND_AGAIN_ONE_IN) == 0) {
            let (again, replayed) =
                self.call(reqwest::Method::POST, path, Some(body), Some(key), None).await?;
            ensure!(
                replayed && again["request_id"] == first["request_id"],
                "{path} sent again under its key was made a second time: {first} then {again}"
            );
            count += 1;
        }
        Ok(count)
    }

    /// Every case's assets, once `ready` holds for each.
    async fn until(&self, numbers: &[String], ready: impl Fn(&Value) -> bool) -> anyhow::Result<Vec<Value>> {
        let deadline = Instant::now() + CALL_TIMEOUT;
        loop {
            let mut all = Vec::with_capacity(numbers.len());
            for number in numbers {
                let path = format!("/api/v1/cases/{number}/assets");
                all.push(self.call(reqwest::Method::GET, &path, None, None, None).await?.0);
            }
            if all.iter().all(&ready) {
                return Ok(all);
            }
            ensure!(Instant::now() < deadline, "not every case got there in {} s", CALL_TIMEOUT.as_secs());
            tokio::time::sleep(POLL * 3).await;
        }
    }

    /// One call, sent again while the server is down, restarting, or answers 5xx or a version conflict; any
    /// other refusal is the drill's failure. With `chaos`, the first sending may have a kill close behind it.
    /// Returns the answer and whether it was `Idempotent-Replayed`.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
        chaos: Option<&Chaos>,
    ) -> anyhow::Result<(Value, bool)> {
        let deadline = Instant::now() + CALL_TIMEOUT;
        let mut kill_behind = chaos.and_then(|c| c.behind_call().map(|after| (c, after)));
        loop {
            let mut request = self.http.request(method.clone(), format!("{}{path}", self.base));
            if let Some(token) = &self.token {
                request = request.bearer_auth(token);
            }
            if let Some(key) = key {
                request = request.header("Idempotency-Key", key);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let sent = match kill_behind.take() {
                Some((chaos, after)) => {
                    let kill = async {
                        tokio::time::sleep(after).await;
                        chaos.kill_and_restart().await
                    };
                    let (sent, killed) = tokio::join!(request.send(), kill);
                    killed?;
                    sent
                }
                None => request.send().await,
            };
            match sent {
                Ok(response) => {
                    let status = response.status();
                    let replayed = response.headers().contains_key("idempotent-replayed");
                    // A body cut off by a kill is no answer: send again.
                    let Ok(text) = response.text().await else {
                        tokio::time::sleep(POLL).await;
                        continue;
                    };
                    if status.is_success() {
                        let answer =
                            serde_json::from_str(&text).with_context(|| format!("{path}: {text}"))?;
                        return Ok((answer, replayed));
                    }
                    if !(status.is_server_error() || status == reqwest::StatusCode::CONFLICT) {
                        bail!("{method} {path} answered {status}: {text}");
                    }
                }
                Err(_) if Instant::now() < deadline => {}
                Err(error) => return Err(error).with_context(|| format!("{method} {path}")),
            }
            ensure!(
                Instant::now() < deadline,
                "{method} {path} got no answer in {} s",
                CALL_TIMEOUT.as_secs()
            );
            tokio::time::sleep(POLL).await;
        }
    }
}

/// The court's records against the sandbox's ledger.
async fn reconcile(
    app: &zhixing_app::App,
    cases: u64,
    seed: u64,
    ledger: &Ledger,
) -> anyhow::Result<RunReport> {
    let actor = Actor {
        user_id: "drill".into(),
        login: LOGIN.into(),
        name: "演练".into(),
        court: PROVINCE.into(),
        roles: vec![Role::Officer],
    };
    let mut report = RunReport::default();
    let mut freezes_known = BTreeSet::new();
    let mut deductions_known = BTreeSet::new();
    let mut deducted: BTreeMap<String, Amount> = BTreeMap::new();
    for (number, court, _) in crate::province::generated(cases, seed) {
        let control = app.case_control(&actor, &number).await.map_err(|e| anyhow!("{number}: {e:?}"))?;
        let record = control.record;
        let mut keys = BTreeSet::new();
        let mut targets = BTreeSet::new();
        for request in record.requests.values() {
            let id = &request.request_id;
            let key = request.idempotency_key.as_deref().ok_or_else(|| anyhow!("{id}: no key"))?;
            ensure!(keys.insert(key), "{number}: two requests under the key {key}");
            let act = (request.op.kind(), request.institution.clone(), request.op.target().to_owned());
            ensure!(targets.insert(act.clone()), "{number}: {act:?} requested twice");
            let answers = record.answers.get(id).map_or(&[][..], Vec::as_slice);
            ensure!(answers.len() == 1, "{number} {id}: {} answers recorded, not 1", answers.len());
            let executed = ledger
                .execution(&court, id)
                .ok_or_else(|| anyhow!("{number} {id}: the institution has no record of it"))?;
            ensure!(executed.executions == 1, "{number} {id}: executed {} times", executed.executions);
            ensure!(executed.op == request.op.kind(), "{number} {id}: {} at the institution", executed.op);
            report.requests += 1;
            match &answers[0] {
                Outcome::Frozen { freeze, queued_behind, .. } => {
                    let at = ledger.freeze(freeze).ok_or_else(|| anyhow!("{freeze}: not in the ledger"))?;
                    ensure!(at.request_id == *id, "{freeze}: made for {} at the institution", at.request_id);
                    freezes_known.insert(freeze.clone());
                    report.freezes += 1;
                    report.queued += usize::from(*queued_behind > 0);
                }
                Outcome::Deducted { .. } => {
                    deductions_known.insert(id.clone());
                    report.deductions += 1;
                }
                Outcome::Refused { .. } => report.refused += 1,
                other => bail!("{number} {id}: unexpected answer {other:?}"),
            }
        }
        let total = deducted.entry(court).or_insert(Amount::ZERO);
        *total = total.checked_add(record.deducted_total()).ok_or_else(|| anyhow!("sum"))?;
    }
    for f in &ledger.freezes {
        ensure!(
            freezes_known.contains(&f.freeze),
            "the institution froze {} ({}) unknown to the court",
            f.freeze,
            f.request_id
        );
    }
    let mut seen = BTreeSet::new();
    for d in &ledger.deductions {
        ensure!(seen.insert(&d.request_id), "{} deducted twice at the institution", d.request_id);
        ensure!(
            deductions_known.contains(&d.request_id),
            "the institution deducted {} unknown to the court",
            d.request_id
        );
    }
    ensure!(
        seen.len() == deductions_known.len(),
        "deductions: {} at the institution, {} at the court",
        seen.len(),
        deductions_known.len()
    );
    for c in &ledger.custody {
        ensure!(deducted.contains_key(&c.court), "custody of {} unknown to the court", c.court);
    }
    let mut all = Amount::ZERO;
    for (court, total) in &deducted {
        let balance = ledger.custody_balance(court, &custody_account(court));
        ensure!(balance == total.to_string(), "{court}: custody {balance}, the court's cases {total}");
        all = all.checked_add(*total).ok_or_else(|| anyhow!("sum"))?;
    }
    ensure!(report.freezes > 0 && report.deductions > 0, "the run froze or deducted nothing: {report:?}");
    report.deducted = all.to_string();
    Ok(report)
}

/// A free TCP port on the loopback (bound and released: the server binds it next).
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The run's data directory, removed when the run ends (kept when it failed, with the server's log).
struct Scratch {
    path: PathBuf,
    keep: bool,
}

impl Scratch {
    fn new(seed: u64) -> anyhow::Result<Scratch> {
        let path = std::env::temp_dir().join(format!("zhixing-drill-{}-{seed}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(Scratch { path, keep: false })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
