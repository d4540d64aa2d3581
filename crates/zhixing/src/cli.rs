//! The command line: every subcommand and its arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "zhixing", version, about = "执行 — digital enforcement platform for the people's courts")]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Run the demo: embedded SQLite, a generated province, demo logins.
    Demo(DemoArgs),
    /// Generate a deterministic synthetic province into the database.
    Seed(SeedArgs),
    /// Run the sandbox of the outside world (banks, registries, platforms) over HTTP.
    Sandbox(SandboxArgs),
    /// Rebuild every projection from the event log.
    Rebuild(StoreArgs),
    /// Verify the hash chain of the event log.
    Verify(StoreArgs),
    /// Recompute the open deadlines of open cases (after an upgrade brings a new year's legal calendar).
    RecomputeDeadlines(RecomputeArgs),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Import historic data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Screening for linkage units: a unit's snapshot of the list, and how a unit looks up in it.
    #[command(subcommand)]
    Screening(ScreeningCommand),
    /// Check an identifier: 公民身份号码, 统一社会信用代码, 案号.
    #[command(subcommand)]
    Check(CheckCommand),
    /// Compute fees, interest, amounts in words.
    #[command(subcommand)]
    Calc(CalcCommand),
    /// The legal calendar: working days and statutory periods.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Benchmarks: each prints one JSON object with its figure and a baseline from the same run.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Drills: the server under failure, checked against the sandbox's books.
    #[command(subcommand)]
    Drill(DrillCommand),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct RecomputeArgs {
    /// Only this court (法院代字); every court when absent.
    #[arg(long)]
    pub(crate) court: Option<String>,
    #[command(flatten)]
    pub(crate) store: StoreArgs,
}

/// Where the data lives: a PostgreSQL URL, or SQLite in a data directory.
#[derive(Debug, Clone, Args)]
pub(crate) struct StoreArgs {
    /// Data directory for the embedded SQLite database [env: ZHIXING_DATA_DIR] [default: ./zhixing-data]
    #[arg(long)]
    pub(crate) data_dir: Option<PathBuf>,
    /// postgres://… to use PostgreSQL instead of SQLite [env: ZHIXING_DATABASE_URL]
    #[arg(long)]
    pub(crate) database_url: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on [env: ZHIXING_LISTEN] [default: 127.0.0.1:8080]
    #[arg(long)]
    pub(crate) listen: Option<String>,
    /// The inquiry network (总对总 hub or `zhixing sandbox`) to send inquiries, freezes and deductions to, e.g.
    /// http://127.0.0.1:7070 [env: ZHIXING_NETWORK]; without it, network inquiry is unavailable.
    #[arg(long)]
    pub(crate) network: Option<String>,
    #[command(flatten)]
    pub(crate) store: StoreArgs,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct DemoArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long)]
    pub(crate) listen: Option<String>,
    /// Data directory [default: ./zhixing-data]
    #[arg(long)]
    pub(crate) data_dir: Option<PathBuf>,
    /// Cases in the generated province (first start only).
    #[arg(long, default_value_t = 5_000)]
    pub(crate) cases: u64,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct SeedArgs {
    /// Number of cases to generate.
    #[arg(long, default_value_t = 10_000)]
    pub(crate) cases: u64,
    /// Seed of the generator: the same seed gives the same province.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    #[command(flatten)]
    pub(crate) store: StoreArgs,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    pub(crate) listen: String,
    /// Seed of the province and of every draw (the demo's is 1).
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Cases of the generated province whose parties are the population (the demo's default is 5,000).
    #[arg(long, default_value_t = 5_000)]
    pub(crate) cases: u64,
    /// realistic: latency, quotas and faults; quiet: none of them.
    #[arg(long, value_enum, default_value_t = SandboxProfile::Realistic)]
    pub(crate) profile: SandboxProfile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SandboxProfile {
    Realistic,
    Quiet,
}

impl SandboxProfile {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SandboxProfile::Realistic => "realistic",
            SandboxProfile::Quiet => "quiet",
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Create a user (acting as the platform itself: for the first admin of a deployment).
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// 法院代字 of the user's court, e.g. 浙0106.
        #[arg(long)]
        court: String,
        /// Roles, repeatable: officer, command_center, leader, admin, linkage_unit, agency.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// The password [env: ZHIXING_NEW_PASSWORD] (prefer the environment: arguments are visible to other users).
        #[arg(long)]
        password: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// Historic cases from FILE (.csv: one applicant and one debtor per row; .jsonl: any parties). Prints a
    /// report; exits 1 when any row was refused (the others are imported).
    Cases {
        file: PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ScreeningCommand {
    /// Writes the list as last published for UNIT (a linkage unit's login) as keyed hashes under the unit's own
    /// key, signed: the identifiers are never in clear. Prints the unit's key and the list's public key, which
    /// the unit needs to look up and to verify.
    Export {
        #[arg(long)]
        unit: String,
        /// Where to write the snapshot (JSON) [default: screening-<unit>.json]
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Looks an identifier up in a snapshot, as a unit does: verifies the signature, then answers the measures
    /// restricted for it (or none). Needs no database.
    Lookup {
        /// The snapshot file.
        #[arg(long)]
        snapshot: PathBuf,
        /// The unit's key (64 hex characters), as `export` printed it.
        #[arg(long)]
        unit_key: String,
        /// The list's public key (64 hex characters), as `export` printed it.
        #[arg(long)]
        public_key: String,
        /// 公民身份号码 or 统一社会信用代码.
        identifier: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CheckCommand {
    /// 公民身份号码 (18 digits, or 15-digit legacy numbers).
    Id { number: String },
    /// 统一社会信用代码.
    Uscc { code: String },
    /// 案号.
    CaseNumber { text: String },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CalcCommand {
    /// 申请执行费 for an amount in yuan.
    Fee {
        #[arg(value_parser = parse_yuan, allow_hyphen_values = true)]
        amount: zhixing_core::money::Amount,
    },
    /// 加倍部分债务利息 (doubled interest for delayed performance).
    DelayInterest {
        #[arg(long, value_parser = parse_yuan, allow_hyphen_values = true)]
        amount: zhixing_core::money::Amount,
        /// Last day of the performance period, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        due: chrono::NaiveDate,
        /// Payment date, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        paid: chrono::NaiveDate,
    },
    /// An amount in Chinese capitals (大写金额).
    Words {
        #[arg(value_parser = parse_yuan, allow_hyphen_values = true)]
        amount: zhixing_core::money::Amount,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CalendarCommand {
    /// Is this date a working day?
    IsWorkday {
        #[arg(value_parser = parse_date)]
        date: chrono::NaiveDate,
    },
    /// The Nth working day after a date.
    AddWorkdays {
        #[arg(value_parser = parse_date)]
        date: chrono::NaiveDate,
        n: u32,
    },
    /// End of a statutory period of DAYS days starting on START.
    PeriodEnd {
        #[arg(value_parser = parse_date)]
        start: chrono::NaiveDate,
        days: u32,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Appends events through the real append path; baseline: plain INSERTs of the same rows.
    Append(BenchArgs),
    /// Files cases through the application layer (submit + accept, duplicate detection included);
    /// baseline: single-event appends of CaseFiled-sized events, alternating round by round.
    Filing(FilingBenchArgs),
    /// Computes a province's overdue and due-soon deadline sets by index; baseline: a full scan.
    Deadlines(DeadlinesBenchArgs),
    /// One-click inquiries of N debtors at every institution of the in-process sandbox, end to end;
    /// baseline: the same sub-requests through a bare in-memory channel.
    Inquiry(InquiryBenchArgs),
    /// Screening checks of linkage units over HTTP against N restricted identifiers, with in-process checks,
    /// the index's memory and single-check latency as details; baseline: Redis SMISMEMBER over the same
    /// identifiers (Redis must be running).
    Screening(ScreeningBenchArgs),
    /// The command center's screen data and the officer's case list over HTTP with N open cases, every
    /// screen request computing its snapshot; baseline: the same requests over an empty store.
    Web(WebBenchArgs),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct WebBenchArgs {
    /// Open cases in the store (two open deadlines each).
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) scale: u64,
    /// Timed rounds: each asks the loaded and the empty server for both pages.
    #[arg(long, default_value_t = 200)]
    pub(crate) requests: usize,
    /// Run on PostgreSQL: scratch databases are created on this server and dropped afterwards.
    #[arg(long)]
    pub(crate) database_url: Option<String>,
    /// Print the JSON object only (no progress on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DrillCommand {
    /// Freezes and deductions through a server killed with SIGKILL at random points and restarted, run after
    /// run; each run ends by reconciling the court's records with the sandbox's ledger. Exits 1 on any mismatch.
    Crash(CrashDrillArgs),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct CrashDrillArgs {
    /// Runs, each with its own seed (`--seed`, `--seed`+1, …), data directory and sandbox.
    #[arg(long, default_value_t = 20)]
    pub(crate) runs: u64,
    /// Seed of the first run.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Cases of each run's generated province.
    #[arg(long, default_value_t = 24)]
    pub(crate) cases: u64,
    /// Most kills per run (each at a random moment after the server came up).
    #[arg(long, default_value_t = 5)]
    pub(crate) kills: u32,
    /// Longest a run may take, in seconds, before the drill fails.
    #[arg(long, default_value_t = 180)]
    pub(crate) run_timeout: u64,
    /// Print the JSON summary only (no line per run on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct InquiryBenchArgs {
    /// Debtors (one case each) to inquire about.
    #[arg(long, default_value_t = 1_000)]
    pub(crate) scale: u64,
    /// Seed of the generated province and of the sandbox's holdings.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Run on PostgreSQL: a scratch database is created on this server and dropped afterwards.
    #[arg(long)]
    pub(crate) database_url: Option<String>,
    /// Print the JSON object only (no progress on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ScreeningBenchArgs {
    /// Restricted persons in the index (distinct 公民身份号码).
    #[arg(long, default_value_t = 8_000_000)]
    pub(crate) scale: u64,
    /// Identifiers checked in each pass, 10 % of them on the list.
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) queries: usize,
    /// Seed of the generated persons and of the draws.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// The Redis server of the baseline (redis://host:port).
    #[arg(long, default_value = "redis://127.0.0.1:6379")]
    pub(crate) redis_url: String,
    /// Requests (HTTP) and pipelines (Redis) running at once.
    #[arg(long, default_value_t = 4)]
    pub(crate) connections: usize,
    /// Timed passes over the queries, HTTP and Redis alternating; medians are reported.
    #[arg(long, default_value_t = 3)]
    pub(crate) passes: usize,
    /// Single-check requests per second offered for the latency detail.
    #[arg(long, default_value_t = 20_000)]
    pub(crate) rate: u64,
    /// Seconds the latency detail offers its load.
    #[arg(long, default_value_t = 5)]
    pub(crate) latency_seconds: u64,
    /// Print the JSON object only (no progress on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct BenchArgs {
    /// Events to append.
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) scale: u64,
    /// Events per append (one transaction): 100 streams × 10 events by default, like a bulk filing.
    #[arg(long, default_value_t = 1_000)]
    pub(crate) batch: usize,
    /// Run on PostgreSQL: a scratch database is created on this server and dropped afterwards.
    #[arg(long)]
    pub(crate) database_url: Option<String>,
    /// Print the JSON object only (no progress on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct FilingBenchArgs {
    /// Cases to file.
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) scale: u64,
    /// Filings running at once, like the courts of a province filing side by side.
    #[arg(long, default_value_t = 8)]
    pub(crate) tasks: usize,
    /// Cases per round: each round files this many, then appends as many baseline events (or the
    /// reverse, alternately), so both see the same machine state.
    #[arg(long, default_value_t = 1_000)]
    pub(crate) round: usize,
    /// Seed of the generated applications (the synthetic province's generator).
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Run on PostgreSQL: a scratch database is created on this server and dropped afterwards.
    #[arg(long)]
    pub(crate) database_url: Option<String>,
    /// Print the JSON object only (no progress on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct DeadlinesBenchArgs {
    /// Open cases loaded before measuring (two open deadlines each).
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) scale: u64,
    /// Timed repetitions of every query; medians are reported.
    #[arg(long, default_value_t = 5)]
    pub(crate) reps: usize,
    /// Run on PostgreSQL: a scratch database is created on this server and dropped afterwards.
    #[arg(long)]
    pub(crate) database_url: Option<String>,
    /// Print the JSON object only (no progress on stderr).
    #[arg(long)]
    pub(crate) json: bool,
}

fn parse_yuan(s: &str) -> Result<zhixing_core::money::Amount, String> {
    zhixing_core::money::Amount::parse_yuan(s).map_err(|e| e.to_string())
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let valid_shape = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| valid_shape)
        .ok_or_else(|| format!("{s:?} is not a date in the form YYYY-MM-DD"))
}
