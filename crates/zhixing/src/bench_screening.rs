//! `zhixing bench screening`: screening checks by linkage units (联动单位) against a list of national scale.
//!
//! Setup: `--scale` distinct persons (valid 公民身份号码 and names, from the synthetic generator) are
//! restricted, each with a set of measures (70 % listed debtors: every consumption item and the list's
//! measures; 25 % under a consumption restriction order only; 5 % restricted from leaving the country only —
//! illustrative shares), and the packed index is built from them. The queries: `--queries` identifiers with
//! their names, 10 % drawn from the list, the rest valid numbers of other persons, checked for one measure
//! (flight), in batches of 10,000.
//!
//! - `figure`: checks per second over HTTP on loopback — `POST /api/v1/screening/check` with a linkage unit's
//!   token, batches of 10,000, `--connections` at once — against the real router (authentication, JSON both
//!   ways, accounting) in this process.
//! - `baseline`: Redis `SMISMEMBER` over the same identifiers, as text, in commands of 10,000, pipelined on
//!   as many connections; the set loaded by `SADD` first. Passes of the two alternate; medians are reported.
//! - details: the index's memory and build time; in-process checks per second on one core (parse + lookup,
//!   `ScreeningIndex::check_batch`) and packed lookups per second (`ScreeningIndex::measures`, one key at a
//!   time); the latency of single checks at a fixed offered load (`--rate` requests per second of one item
//!   each, sent in bursts at each millisecond tick, the timer's resolution), measured by the load generator
//!   from just before it sends a request until the whole answer is read; and, to tell whether that load is
//!   above what the server answers, single checks per second sent back to back on 16 connections.
//!
//! The hits are checked to agree: in process, over HTTP, and (as membership) in Redis.

mod resp;

use crate::bench::{Scratch, round3};
use crate::cli::ScreeningBenchArgs;
use anyhow::{Context, bail};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use resp::{Connection, Reply};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhixing_app::{Actor, App, CreateUser};
use zhixing_core::clock::{Clock, china_date};
use zhixing_core::credit::measures::{Basis, Measure, MeasureSet};
use zhixing_core::credit::screening::{
    INDEX_ENTRIES_MAX, IndexEntry, Query, SCREENING_BATCH_MAX, ScreeningIndex, SubjectKey, key_of_normalized,
};
use zhixing_core::ids::case_number::SUPREME_COURT_CODE;
use zhixing_core::users::Role;
use zhixing_store::SystemClock;

/// Largest `--queries`: ten passes of a million identifiers already take a while.
const QUERIES_MAX: usize = 10_000_000;

/// Share of the queried identifiers that are on the list, in thousandths.
const RESTRICTED_PER_MILLE: u32 = 100;

/// The measure every check asks about.
const MEASURE: Measure = Measure::Flight;

/// Passes of the in-process checks; the median is reported.
const IN_PROCESS_PASSES: usize = 5;

/// Connections the latency detail offers its load on (keep-alive, each sending its share of the schedule).
const LATENCY_CONNECTIONS: usize = 64;

/// Connections sending single checks back to back to find how many a second the server answers at most (a
/// detail that tells whether the offered load of the latency detail is above it).
const CAPACITY_CONNECTIONS: usize = 16;
const CAPACITY_SECONDS: u64 = 2;

/// Targets from the issue.
const RATIO_TARGET: f64 = 2.0;
const IN_PROCESS_TARGET: f64 = 5_000_000.0;
const INDEX_MEMORY_TARGET_BYTES: usize = 256_000_000;

/// The Redis set of the baseline, deleted afterwards.
const REDIS_KEY: &[u8] = b"zhixing:bench:screening";

/// The linkage unit the HTTP checks are made as.
const UNIT_LOGIN: &str = "bench-linkage-unit";
const UNIT_PASSWORD: &str = "bench-screening-password";

pub(crate) async fn screening(args: ScreeningBenchArgs) -> anyhow::Result<()> {
    if args.scale == 0 || args.scale > INDEX_ENTRIES_MAX as u64 {
        bail!("--scale must be 1 to {INDEX_ENTRIES_MAX}");
    }
    if args.queries == 0 || args.queries > QUERIES_MAX {
        bail!("--queries must be 1 to {QUERIES_MAX}");
    }
    if args.connections == 0 || args.connections > 64 {
        bail!("--connections must be 1 to 64");
    }
    if args.passes == 0 || args.passes > 20 {
        bail!("--passes must be 1 to 20");
    }
    if args.rate == 0 || args.rate > 1_000_000 || args.latency_seconds == 0 || args.latency_seconds > 600 {
        bail!("--rate must be 1 to 1000000 and --latency-seconds 1 to 600");
    }
    let redis = redis_address(&args.redis_url)?;
    let mut ping = Connection::open(&redis).await.with_context(|| {
        format!(
            "Redis is not reachable at {redis} (the baseline needs it): start it, e.g. \
             `redis-server --daemonize yes --save '' --appendonly no`, or pass --redis-url"
        )
    })?;
    if ping.call(&[b"PING"]).await? != Reply::Simple("PONG".into()) {
        bail!("Redis at {redis} did not answer PING with PONG");
    }
    let say = |what: &str| {
        if !args.json {
            eprintln!("bench screening: {what}");
        }
    };

    say("generating the list and the queries");
    let population = Population::generate(&args)?;
    let Population { entries, listed, queries } = population;
    let today = china_date(SystemClock.now());
    say("building the index");
    let started = Instant::now();
    let index = ScreeningIndex::build(1, entries).map_err(|e| anyhow::anyhow!("the index: {e}"))?;
    let build = started.elapsed();

    say("in-process checks");
    let in_process = tokio::task::block_in_place(|| in_process(&index, &queries, today))?;

    say("loading the Redis set");
    let loaded = redis_load(&redis, &listed).await?;
    drop(listed);
    let commands = Arc::new(queries.smismember_commands());
    let bodies = Arc::new(queries.check_bodies());

    say("starting the server");
    let index_summary = (index.len(), index.memory_bytes());
    let server = Server::start(index).await?;
    let run = measure(&args, &server, &redis, &commands, &bodies, &queries, in_process.hits).await;
    let unloaded = redis_unload(&redis).await;
    server.stop().await?;
    let run = run?;
    unloaded?;

    let figure = median(&run.http);
    let baseline = median(&run.redis);
    let in_process_rate = median(&in_process.checks);
    let packed_rate = median(&in_process.packed);
    let latency = &run.latency;
    println!(
        "{}",
        json!({
            "bench": "screening",
            "scale": args.scale,
            "figure": figure.round(),
            "unit": "checks/s over HTTP (POST /api/v1/screening/check, batches of 10,000, loopback)",
            "baseline": baseline.round(),
            "baseline_unit":
                "identifiers/s through Redis SMISMEMBER (commands of 10,000, pipelined, loopback)",
            "ratio": round3(figure / baseline),
            "ratio_target": RATIO_TARGET,
            "ratio_target_met": figure / baseline >= RATIO_TARGET,
            "queries": queries.len(),
            "queried_restricted_share": round3(queries.listed as f64 / queries.len() as f64),
            "hits": in_process.hits,
            "measure": MEASURE.code(),
            "batch": SCREENING_BATCH_MAX,
            "connections": args.connections,
            "passes": args.passes,
            "figure_runs": run.http.iter().map(|r| r.round()).collect::<Vec<_>>(),
            "baseline_runs": run.redis.iter().map(|r| r.round()).collect::<Vec<_>>(),
            "index_identifiers": index_summary.0,
            "index_memory_bytes": index_summary.1,
            "index_memory_mb": round3(index_summary.1 as f64 / 1e6),
            "index_memory_target_mb": INDEX_MEMORY_TARGET_BYTES / 1_000_000,
            "index_memory_target_met": index_summary.1 <= INDEX_MEMORY_TARGET_BYTES,
            "index_build_seconds": round3(build.as_secs_f64()),
            "in_process_checks_per_second": in_process_rate.round(),
            "in_process_target": IN_PROCESS_TARGET,
            "in_process_target_met": in_process_rate >= IN_PROCESS_TARGET,
            "in_process_runs": in_process.checks.iter().map(|r| r.round()).collect::<Vec<_>>(),
            "packed_lookups_per_second": packed_rate.round(),
            "redis_load_seconds": round3(loaded.as_secs_f64()),
            "single_checks_per_second_back_to_back": run.single_capacity.round(),
            "latency_offered_rps": args.rate,
            "latency_sent_rps": latency.sent_rps.round(),
            "latency_seconds": args.latency_seconds,
            "latency_requests": latency.requests,
            "latency_errors": latency.errors,
            "latency_p50_ms": latency.p50_ms,
            "latency_p99_ms": latency.p99_ms,
            "latency_max_ms": latency.max_ms,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        })
    );
    Ok(())
}

/// The list and the queries.
struct Population {
    entries: Vec<IndexEntry>,
    /// The listed identifiers as text, for the Redis set.
    listed: Vec<[u8; 18]>,
    queries: Queries,
}

/// The identifiers checked, in the order asked, laid out one after another as a request body holds them.
struct Queries {
    identifiers: String,
    names: String,
    name_ends: Vec<usize>,
    /// How many were drawn from the list.
    listed: usize,
}

impl Population {
    fn generate(args: &ScreeningBenchArgs) -> anyhow::Result<Population> {
        let scale = usize::try_from(args.scale)?;
        let mut people = crate::seed::people(args.seed);
        let mut rng = ChaCha8Rng::seed_from_u64(args.seed.wrapping_add(1));
        let shapes = measure_shapes();
        let mut entries = Vec::with_capacity(scale);
        let mut listed: Vec<[u8; 18]> = Vec::with_capacity(scale);
        for (id, name) in people.by_ref().take(scale) {
            let key = key_of_normalized(true, &id).context("a generated number")?;
            let roll = rng.gen_range(0..100);
            let measures = shapes.iter().find(|(below, _)| roll < *below).map_or(shapes[0].1, |s| s.1);
            entries.push(IndexEntry { key, name, measures });
            listed.push(<[u8; 18]>::try_from(id.as_bytes()).context("an 18-character number")?);
        }
        if entries.len() < scale {
            bail!("the generator gave {} persons of {scale}", entries.len());
        }
        let mut queries = Queries {
            identifiers: String::with_capacity(args.queries * 18),
            names: String::with_capacity(args.queries * 9),
            name_ends: Vec::with_capacity(args.queries),
            listed: 0,
        };
        for _ in 0..args.queries {
            if rng.gen_range(0..1_000) < RESTRICTED_PER_MILLE {
                let i = rng.gen_range(0..scale);
                queries.push(std::str::from_utf8(&listed[i])?, &entries[i].name);
                queries.listed += 1;
            } else {
                let (id, name) = people.next().context("the generator ran out")?;
                queries.push(&id, &name);
            }
        }
        Ok(Population { entries, listed, queries })
    }
}

/// The measure sets of listed persons with the percent below which a draw in 0..100 takes each.
fn measure_shapes() -> [(u32, MeasureSet); 3] {
    let of = |keep: fn(Basis) -> bool| Measure::ALL.iter().copied().filter(|m| keep(m.basis())).collect();
    let debtor = of(|b| matches!(b, Basis::Consumption(_) | Basis::Listing));
    let consumption = of(|b| matches!(b, Basis::Consumption(_)));
    let exit = of(|b| b == Basis::Exit);
    [(70, debtor), (95, consumption), (100, exit)]
}

impl Queries {
    fn push(&mut self, identifier: &str, name: &str) {
        self.identifiers.push_str(identifier);
        self.names.push_str(name);
        self.name_ends.push(self.names.len());
    }

    fn len(&self) -> usize {
        self.name_ends.len()
    }

    fn identifier(&self, i: usize) -> &str {
        &self.identifiers[i * 18..i * 18 + 18]
    }

    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
        &self.names[start..self.name_ends[i]]
    }

    fn items(&self) -> Vec<Query<'_>> {
        (0..self.len())
            .map(|i| Query { identifier: Some(self.identifier(i)), name: Some(self.name(i)) })
            .collect()
    }

    /// `SMISMEMBER` of each batch of identifiers.
    fn smismember_commands(&self) -> Vec<Vec<u8>> {
        let batches = (0..self.len()).collect::<Vec<_>>();
        batches
            .chunks(SCREENING_BATCH_MAX)
            .map(|batch| {
                let mut command = Vec::with_capacity(batch.len() * 26 + 64);
                let args = [&b"SMISMEMBER"[..], REDIS_KEY].into_iter();
                let ids = batch.iter().map(|i| self.identifier(*i).as_bytes());
                resp::encode(&mut command, ExactChain(args.chain(ids), batch.len() + 2));
                command
            })
            .collect()
    }

    /// The body of a check request for each batch.
    fn check_bodies(&self) -> Vec<Vec<u8>> {
        let batches = (0..self.len()).collect::<Vec<_>>();
        batches.chunks(SCREENING_BATCH_MAX).map(|batch| self.check_body(batch.iter().copied())).collect()
    }

    fn check_body(&self, items: impl Iterator<Item = usize>) -> Vec<u8> {
        let mut body = format!(r#"{{"measure":"{}","items":["#, MEASURE.code());
        for (n, i) in items.enumerate() {
            if n > 0 {
                body.push(',');
            }
            body.push_str(r#"{"identifier":""#);
            body.push_str(self.identifier(i));
            body.push_str(r#"","name":"#);
            body.push_str(&serde_json::Value::from(self.name(i)).to_string());
            body.push('}');
        }
        body.push_str("]}");
        body.into_bytes()
    }
}

/// An iterator whose length is known (a chain of two is not `ExactSizeIterator`).
struct ExactChain<I>(I, usize);

impl<I: Iterator> Iterator for ExactChain<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.0.next()?;
        self.1 -= 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.1, Some(self.1))
    }
}

impl<I: Iterator> ExactSizeIterator for ExactChain<I> {}

/// Checks per second of each in-process pass, packed lookups per second, and the hits of a pass.
struct InProcess {
    checks: Vec<f64>,
    packed: Vec<f64>,
    hits: u64,
}

/// Every query through `check_batch` in batches of 10,000 on this thread, and every query's packed key
/// through `measures`; [`IN_PROCESS_PASSES`] times each. The two must find the same hits.
fn in_process(
    index: &ScreeningIndex,
    queries: &Queries,
    today: chrono::NaiveDate,
) -> anyhow::Result<InProcess> {
    let items = queries.items();
    let keys: Vec<SubjectKey> =
        (0..queries.len()).filter_map(|i| key_of_normalized(true, queries.identifier(i))).collect();
    let mut run = InProcess { checks: Vec::new(), packed: Vec::new(), hits: 0 };
    for _ in 0..IN_PROCESS_PASSES {
        let started = Instant::now();
        let mut hits = 0u64;
        for batch in items.chunks(SCREENING_BATCH_MAX) {
            let answers = index.check_batch(batch, MEASURE, today).map_err(|e| anyhow::anyhow!("{e}"))?;
            hits += answers.iter().filter(|a| a.is_hit()).count() as u64;
        }
        run.checks.push(items.len() as f64 / started.elapsed().as_secs_f64());
        let started = Instant::now();
        let found = keys.iter().filter(|key| index.measures(**key).contains(MEASURE)).count() as u64;
        run.packed.push(keys.len() as f64 / started.elapsed().as_secs_f64());
        if found != hits {
            bail!("packed lookups found {found} hits, checks {hits}");
        }
        run.hits = hits;
    }
    Ok(run)
}

/// What the timed passes and the latency detail measured.
struct Run {
    http: Vec<f64>,
    redis: Vec<f64>,
    /// Single checks per second, back to back on [`CAPACITY_CONNECTIONS`] connections.
    single_capacity: f64,
    latency: Latency,
}

/// Passes of HTTP and Redis, alternating which goes first, then the latency of single checks.
async fn measure(
    args: &ScreeningBenchArgs,
    server: &Server,
    redis: &str,
    commands: &Arc<Vec<Vec<u8>>>,
    bodies: &Arc<Vec<Vec<u8>>>,
    queries: &Queries,
    hits: u64,
) -> anyhow::Result<Run> {
    server.warm_up(bodies).await?;
    let mut run =
        Run { http: Vec::new(), redis: Vec::new(), single_capacity: 0.0, latency: Latency::default() };
    let count = queries.len() as f64;
    for pass in 0..args.passes {
        for http_first in [pass % 2 == 1, pass % 2 == 0] {
            if http_first {
                let (elapsed, found) = server.check_all(bodies, queries.len(), args.connections).await?;
                if found != hits {
                    bail!("HTTP found {found} hits, the in-process checks {hits}");
                }
                run.http.push(count / elapsed.as_secs_f64());
            } else {
                let (elapsed, members) = pipelined(redis, commands, args.connections).await?;
                if members != queries.listed as i64 {
                    bail!("Redis found {members} members of {} listed queries", queries.listed);
                }
                run.redis.push(count / elapsed.as_secs_f64());
            }
        }
    }
    run.single_capacity = server.single_capacity(queries).await?;
    run.latency = server.latency(queries, args.rate, args.latency_seconds).await?;
    Ok(run)
}

/// `host:port` of a `redis://host:port` URL (or of a bare `host:port`).
fn redis_address(url: &str) -> anyhow::Result<String> {
    let rest = url.strip_prefix("redis://").unwrap_or(url);
    let address = rest.trim_end_matches('/');
    if address.is_empty() || address.contains(['@', '/', '?']) {
        bail!(
            "--redis-url: only redis://host:port is supported (no user, password or database), got {url:?}"
        );
    }
    Ok(if address.contains(':') { address.to_owned() } else { format!("{address}:6379") })
}

/// Deletes the set, then `SADD`s every listed identifier in commands of 10,000, pipelined.
async fn redis_load(redis: &str, listed: &[[u8; 18]]) -> anyhow::Result<Duration> {
    Connection::open(redis).await?.call(&[b"DEL", REDIS_KEY]).await?;
    let commands: Vec<Vec<u8>> = listed
        .chunks(SCREENING_BATCH_MAX)
        .map(|batch| {
            let mut command = Vec::with_capacity(batch.len() * 26 + 64);
            let args = [&b"SADD"[..], REDIS_KEY].into_iter().chain(batch.iter().map(|id| &id[..]));
            resp::encode(&mut command, ExactChain(args, batch.len() + 2));
            command
        })
        .collect();
    let (elapsed, added) = pipelined(redis, &Arc::new(commands), 1).await?;
    if added != listed.len() as i64 {
        bail!("Redis added {added} of {} identifiers", listed.len());
    }
    Ok(elapsed)
}

async fn redis_unload(redis: &str) -> anyhow::Result<()> {
    Connection::open(redis).await?.call(&[b"DEL", REDIS_KEY]).await?;
    Ok(())
}

/// Sends `commands` over `connections` connections (command `i` on connection `i % connections`), each
/// written without waiting for replies while its replies are read; returns the time from the first write to
/// the last reply and the sum of the replies: an integer counts as itself, an array as its ones.
async fn pipelined(
    redis: &str,
    commands: &Arc<Vec<Vec<u8>>>,
    connections: usize,
) -> anyhow::Result<(Duration, i64)> {
    let mut opened = Vec::with_capacity(connections);
    for _ in 0..connections {
        opened.push(Connection::open(redis).await?);
    }
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(connections * 2);
    for (c, Connection { mut reader, mut writer }) in opened.into_iter().enumerate() {
        let mine: Vec<usize> = (c..commands.len()).step_by(connections).collect();
        let expected = mine.len();
        let to_send = commands.clone();
        tasks.push(tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            for i in mine {
                writer.write_all(&to_send[i]).await?;
            }
            writer.flush().await?;
            anyhow::Ok(0i64)
        }));
        tasks.push(tokio::spawn(async move {
            let mut sum = 0i64;
            for _ in 0..expected {
                sum += match reader.next().await? {
                    Reply::Integer(n) => n,
                    Reply::Array(Some(items)) => {
                        items.iter().filter(|r| **r == Reply::Integer(1)).count() as i64
                    }
                    other => bail!("an unexpected reply: {other:?}"),
                };
            }
            anyhow::Ok(sum)
        }));
    }
    let mut sum = 0;
    for task in tasks {
        sum += task.await??;
    }
    Ok((started.elapsed(), sum))
}

/// The whole HTTP application on 127.0.0.1 (a scratch SQLite store), serving the index, and a client signed
/// in as a linkage unit.
struct Server {
    scratch: Scratch,
    checker: Arc<Checker>,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(index: ScreeningIndex) -> anyhow::Result<Server> {
        let scratch = Scratch::open(None).await?;
        let app = App::new(scratch.store.clone());
        let unit = CreateUser {
            login: UNIT_LOGIN.into(),
            name: "联动单位（基准测试）".into(),
            court: SUPREME_COURT_CODE.into(),
            roles: vec![Role::LinkageUnit],
            password: UNIT_PASSWORD.into(),
        };
        app.create_user(&Actor::system("bench"), unit)
            .await
            .map_err(|e| anyhow::anyhow!("the unit: {e:?}"))?;
        app.screening.swap(index);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address: SocketAddr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(zhixing_web::serve(listener, app, async {
            stopped.await.ok();
        }));
        let client = reqwest::Client::builder().tcp_nodelay(true).build()?;
        let url = format!("http://{address}");
        let signed_in: serde_json::Value = client
            .post(format!("{url}/api/v1/tokens"))
            .json(&json!({ "login": UNIT_LOGIN, "password": UNIT_PASSWORD }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = signed_in["token"].as_str().context("a token")?.to_owned();
        let checker = Arc::new(Checker { client, url: format!("{url}/api/v1/screening/check"), token });
        Ok(Server { scratch, checker, stop, task })
    }

    async fn stop(self) -> anyhow::Result<()> {
        self.stop.send(()).ok();
        self.task.await??;
        self.scratch.remove().await
    }

    /// A few batches, untimed, their answers read in full.
    async fn warm_up(&self, bodies: &[Vec<u8>]) -> anyhow::Result<()> {
        for body in bodies.iter().take(3) {
            let answer: serde_json::Value = serde_json::from_slice(&self.checker.check(body.clone()).await?)?;
            let asked =
                serde_json::from_slice::<serde_json::Value>(body)?["items"].as_array().map_or(0, Vec::len);
            if answer["results"].as_array().map_or(0, Vec::len) != asked || answer["version"] != 1 {
                bail!("an unexpected answer: {}", answer.to_string().chars().take(200).collect::<String>());
            }
        }
        Ok(())
    }

    /// Every batch, `connections` requests at a time (batch `i` on task `i % connections`); the time and the
    /// hits. Each answer is checked for its count of results, and its hits counted, by a scan of its text.
    async fn check_all(
        &self,
        bodies: &Arc<Vec<Vec<u8>>>,
        queries: usize,
        connections: usize,
    ) -> anyhow::Result<(Duration, u64)> {
        let started = Instant::now();
        let mut tasks = Vec::with_capacity(connections);
        for c in 0..connections {
            let (bodies, checker) = (bodies.clone(), self.checker.clone());
            tasks.push(tokio::spawn(async move {
                let mut hits = 0u64;
                for i in (c..bodies.len()).step_by(connections) {
                    let answer = checker.check(bodies[i].clone()).await?;
                    let (results, restricted) = statuses(&answer)?;
                    if results != SCREENING_BATCH_MAX.min(queries - i * SCREENING_BATCH_MAX) {
                        bail!("an answer without a result for every item");
                    }
                    hits += restricted;
                }
                anyhow::Ok(hits)
            }));
        }
        let mut hits = 0;
        for task in tasks {
            hits += task.await??;
        }
        Ok((started.elapsed(), hits))
    }

    /// Single checks sent back to back on [`CAPACITY_CONNECTIONS`] connections for [`CAPACITY_SECONDS`]: the
    /// answers per second.
    async fn single_capacity(&self, queries: &Queries) -> anyhow::Result<f64> {
        let started = Instant::now();
        let until = started + Duration::from_secs(CAPACITY_SECONDS);
        let mut tasks = Vec::with_capacity(CAPACITY_CONNECTIONS);
        for c in 0..CAPACITY_CONNECTIONS {
            let checker = self.checker.clone();
            let bodies: Vec<Vec<u8>> = (c..queries.len())
                .step_by(CAPACITY_CONNECTIONS)
                .take(1_000)
                .map(|i| queries.check_body(std::iter::once(i)))
                .collect();
            tasks.push(tokio::spawn(async move {
                let mut answered = 0u64;
                for body in bodies.iter().cycle() {
                    if Instant::now() >= until {
                        break;
                    }
                    checker.check(body.clone()).await?;
                    answered += 1;
                }
                anyhow::Ok(answered)
            }));
        }
        let mut answered = 0;
        for task in tasks {
            answered += task.await??;
        }
        Ok(answered as f64 / started.elapsed().as_secs_f64())
    }

    /// Single checks offered at `rate` per second for `seconds`, open loop: request `i` is due at `i / rate`
    /// seconds and goes out on connection `i % LATENCY_CONNECTIONS` (each a task sending its share in order).
    /// A request's latency runs from when it was due if its connection was still busy with earlier ones (the
    /// wait counts, so a server that falls behind shows it), else from when it was sent (the timer's
    /// millisecond grain is not the server's), until its whole answer is read.
    async fn latency(&self, queries: &Queries, rate: u64, seconds: u64) -> anyhow::Result<Latency> {
        let total = rate * seconds;
        let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
            (0..queries.len().min(total as usize)).map(|i| queries.check_body(std::iter::once(i))).collect(),
        );
        let started = tokio::time::Instant::now() + Duration::from_millis(50);
        let due = move |i: u64| started + Duration::from_secs_f64(i as f64 / rate as f64);
        let mut tasks = Vec::with_capacity(LATENCY_CONNECTIONS);
        for c in 0..LATENCY_CONNECTIONS as u64 {
            let (checker, bodies) = (self.checker.clone(), bodies.clone());
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::with_capacity((total / LATENCY_CONNECTIONS as u64 + 1) as usize);
                let mut errors = 0u64;
                for i in (c..total).step_by(LATENCY_CONNECTIONS) {
                    let due = due(i);
                    let behind = tokio::time::Instant::now() > due;
                    if !behind {
                        tokio::time::sleep_until(due).await;
                    }
                    let from = if behind { due } else { tokio::time::Instant::now() };
                    match checker.check(bodies[i as usize % bodies.len()].clone()).await {
                        Ok(_) => latencies.push(from.elapsed()),
                        Err(_) => errors += 1,
                    }
                }
                (latencies, errors)
            }));
        }
        let mut latencies = Vec::with_capacity(total as usize);
        let mut errors = 0u64;
        for task in tasks {
            let (some, failed) = task.await?;
            latencies.extend(some);
            errors += failed;
        }
        let sending = started.elapsed();
        latencies.sort_unstable();
        let at = |p: f64| {
            let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
            latencies.get(i).map_or(0.0, |d| round3(d.as_secs_f64() * 1000.0))
        };
        Ok(Latency {
            requests: total,
            errors,
            sent_rps: total as f64 / sending.as_secs_f64(),
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        })
    }
}

/// What a request needs, cheap to clone into tasks.
struct Checker {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl Checker {
    async fn check(&self, body: Vec<u8>) -> anyhow::Result<Vec<u8>> {
        let response = self
            .client
            .post(&self.url)
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?.to_vec();
        if !status.is_success() {
            bail!("check: {status} {}", String::from_utf8_lossy(&body));
        }
        Ok(body)
    }
}

/// The latency detail.
#[derive(Debug, Default)]
struct Latency {
    requests: u64,
    errors: u64,
    sent_rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

/// The results in an answer's text and how many are restricted, in one scan (parsing it in full would take
/// the server's processor time: the client shares the machine).
fn statuses(answer: &[u8]) -> anyhow::Result<(usize, u64)> {
    const STATUS: &str = r#""status":""#;
    let text = std::str::from_utf8(answer)?;
    let (mut results, mut restricted) = (0, 0);
    for (at, _) in text.match_indices(STATUS) {
        results += 1;
        restricted += u64::from(text[at + STATUS.len()..].starts_with("restricted\""));
    }
    Ok((results, restricted))
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redis_urls_name_a_host_and_port() {
        assert_eq!(redis_address("redis://127.0.0.1:6379").ok().as_deref(), Some("127.0.0.1:6379"));
        assert_eq!(redis_address("localhost").ok().as_deref(), Some("localhost:6379"));
        assert_eq!(redis_address("redis://10.0.0.2:7000/").ok().as_deref(), Some("10.0.0.2:7000"));
        for refused in ["redis://user:pw@host:6379", "redis://host:6379/2", "redis://"] {
            assert!(redis_address(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn statuses_are_counted_from_the_text() {
        let answer = json!({"version": 3, "results": [
            {"status": "restricted", "name_check": "confirmed"},
            {"status": "not_restricted"},
            {"status": "invalid", "field": "identifier", "code": "citizen_id_check_mismatch"},
            {"status": "restricted", "name_check": "mismatch"},
        ]});
        assert_eq!(statuses(answer.to_string().as_bytes()).ok(), Some((4, 2)));
    }

    #[test]
    fn measure_shapes_cover_every_draw() {
        let shapes = measure_shapes();
        assert_eq!(shapes.last().map(|s| s.0), Some(100));
        assert!(
            shapes[0].1.contains(MEASURE) && shapes[1].1.contains(MEASURE) && !shapes[2].1.contains(MEASURE)
        );
        assert!(shapes[0].1.contains(Measure::Bidding) && !shapes[1].1.contains(Measure::Bidding));
    }

    #[test]
    fn request_bodies_are_the_api_shape() {
        let mut queries =
            Queries { identifiers: String::new(), names: String::new(), name_ends: Vec::new(), listed: 0 };
        queries.push("11010519491231002X", "李四");
        queries.push("330106198501010044", "王\"五");
        let body: serde_json::Value = serde_json::from_slice(&queries.check_body(0..2)).unwrap_or_default();
        assert_eq!(
            body,
            json!({"measure": "flight", "items": [
                {"identifier": "11010519491231002X", "name": "李四"},
                {"identifier": "330106198501010044", "name": "王\"五"},
            ]})
        );
        let commands = queries.smismember_commands();
        assert_eq!(commands.len(), 1);
        let expected = format!(
            "*4\r\n$10\r\nSMISMEMBER\r\n${}\r\n{}\r\n{}{}",
            REDIS_KEY.len(),
            String::from_utf8_lossy(REDIS_KEY),
            "$18\r\n11010519491231002X\r\n",
            "$18\r\n330106198501010044\r\n",
        );
        assert_eq!(String::from_utf8_lossy(&commands[0]), expected);
    }
}
