//! How the sandbox behaves: per institution, a latency distribution, a daily quota and a per-second
//! limit, and fault rates; `realistic` and `quiet` profiles; overrides by institution code.

use chrono::NaiveDate;
use rand::Rng;
use std::collections::BTreeMap;

use crate::catalogue::Kind;

/// How long an institution takes to answer a batch: a log-normal draw around `median_ms`, clamped to
/// `min_ms..=max_ms`. All zero: answers at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latency {
    pub min_ms: u64,
    pub median_ms: u64,
    pub max_ms: u64,
}

impl Latency {
    pub const NONE: Latency = Latency { min_ms: 0, median_ms: 0, max_ms: 0 };

    pub const fn new(min_ms: u64, median_ms: u64, max_ms: u64) -> Latency {
        Latency { min_ms, median_ms, max_ms }
    }

    /// A fixed latency (every answer exactly `ms` later).
    pub const fn fixed(ms: u64) -> Latency {
        Latency { min_ms: ms, median_ms: ms, max_ms: ms }
    }

    /// One draw, in milliseconds. The spread (σ = 1 of the logarithm) puts the 95th percentile about five
    /// times the median: most answers come quickly, a few very late, which is what reorders them.
    pub(crate) fn draw(&self, rng: &mut impl Rng) -> u64 {
        if self.max_ms == 0 || self.min_ms >= self.max_ms {
            return self.max_ms;
        }
        let z = standard_normal(rng);
        let ms = (self.median_ms.max(1) as f64) * z.exp();
        (ms as u64).clamp(self.min_ms, self.max_ms)
    }
}

fn standard_normal(rng: &mut impl Rng) -> f64 {
    // Box–Muller; u1 in (0, 1] so the logarithm is finite.
    let u1: f64 = 1.0 - rng.r#gen::<f64>();
    let u2: f64 = rng.r#gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Fault rates, in percent of batches (or of days, for outages).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Faults {
    /// The submission is answered 500 `internal` and the batch is not taken.
    pub error_percent: f64,
    /// The submission is not taken and the caller gets no answer in time (504 `timeout`; over HTTP the
    /// server holds the request for [`SandboxConfig::http_timeout_ms`] first).
    pub timeout_percent: f64,
    /// Ack lost: the batch IS taken and executed, but the caller gets 500 `internal` or 504 `timeout`
    /// (half each). The court must resend the same batch (→ `duplicate`) or the same request ids.
    pub ack_lost_percent: f64,
    /// The batch's answer is delivered twice, under two seqs, the second copy later.
    pub duplicate_answer_percent: f64,
    /// Days (China dates) on which an institution answers every submission 503 `unavailable`.
    pub outage_day_percent: f64,
}

impl Faults {
    pub const NONE: Faults = Faults {
        error_percent: 0.0,
        timeout_percent: 0.0,
        ack_lost_percent: 0.0,
        duplicate_answer_percent: 0.0,
        outage_day_percent: 0.0,
    };

    /// What the live network shows now and then: about one submission in a hundred fails one way or
    /// another, one answer in a hundred comes twice, an institution is down about one day in five hundred.
    pub const REALISTIC: Faults = Faults {
        error_percent: 0.5,
        timeout_percent: 0.3,
        ack_lost_percent: 0.3,
        duplicate_answer_percent: 1.0,
        outage_day_percent: 0.2,
    };
}

impl Default for Faults {
    fn default() -> Self {
        Faults::REALISTIC
    }
}

/// Everything that decides how one institution behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Behaviour {
    pub latency: Latency,
    pub faults: Faults,
    /// Sub-requests accepted per China date (`None`: no quota). The central bank's one-key inquiry is
    /// capped at 100,000 a day (seed 003: "每天10万次").
    pub quota_per_day: Option<u64>,
    /// Batches accepted per clock second (`None`: no limit).
    pub batches_per_second: Option<u64>,
}

/// The sandbox's configuration. Build it with [`SandboxConfig::realistic`] or [`SandboxConfig::quiet`] and
/// change fields as a test needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxConfig {
    /// Seed of every random draw: the same seed, population and calls give the same answers.
    pub seed: u64,
    /// Banking institutions in the catalogue (the 21 national banks first, then city and rural banks).
    pub banks: usize,
    /// Fault rates of every institution (an override replaces them for one).
    pub faults: Faults,
    /// Answers come after each kind's realistic latency; `false`: at once.
    pub latency: bool,
    /// Each kind's daily quota and per-second limit apply; `false`: lifted.
    pub limits: bool,
    /// Behaviour of single institutions, by code, replacing what the fields above give them.
    pub overrides: BTreeMap<String, Behaviour>,
    /// Outage days on top of the drawn ones: (institution code, China date).
    pub outages: Vec<(String, NaiveDate)>,
    /// How long the HTTP server holds a submission that "times out" before answering 504.
    pub http_timeout_ms: u64,
}

/// Banks in the default catalogue: "3,800 多家银行" (seed 003), "3,900 多家银行业金融机构" (LAW.md §15).
pub const BANKS_DEFAULT: usize = 3_900;

/// How long the HTTP server holds a "timed-out" submission by default: longer than a client should wait.
pub const HTTP_TIMEOUT_MS_DEFAULT: u64 = 3_000;

impl SandboxConfig {
    /// The live network as the demo shows it: latencies of seconds to minutes, quotas, faults.
    pub fn realistic(seed: u64) -> Self {
        SandboxConfig {
            seed,
            banks: BANKS_DEFAULT,
            faults: Faults::REALISTIC,
            latency: true,
            limits: true,
            overrides: BTreeMap::new(),
            outages: Vec::new(),
            http_timeout_ms: HTTP_TIMEOUT_MS_DEFAULT,
        }
    }

    /// No latency, no faults, quotas lifted: for benchmarks and unit tests.
    pub fn quiet(seed: u64) -> Self {
        SandboxConfig {
            faults: Faults::NONE,
            latency: false,
            limits: false,
            ..SandboxConfig::realistic(seed)
        }
    }

    /// The behaviour of an institution of `kind` with `code`.
    pub(crate) fn behaviour(&self, kind: Kind, code: &str) -> Behaviour {
        if let Some(behaviour) = self.overrides.get(code) {
            return *behaviour;
        }
        let defaults = kind.defaults();
        Behaviour {
            latency: if self.latency { defaults.latency } else { Latency::NONE },
            faults: self.faults,
            quota_per_day: defaults.quota_per_day.filter(|_| self.limits),
            batches_per_second: defaults.batches_per_second.filter(|_| self.limits),
        }
    }
}

/// Each kind's realistic latency and limits (faults come from the config). The latencies are shortened
/// from the live network's hours to seconds and minutes, so the demo shows answers arriving.
pub(crate) struct KindDefaults {
    pub(crate) latency: Latency,
    pub(crate) quota_per_day: Option<u64>,
    pub(crate) batches_per_second: Option<u64>,
}

impl Kind {
    pub(crate) fn defaults(self) -> KindDefaults {
        let (latency, quota, rate) = match self {
            Kind::CentralBank => (Latency::new(2_000, 20_000, 600_000), 100_000, 20),
            Kind::NationalBank => (Latency::new(1_000, 10_000, 300_000), 2_000_000, 50),
            Kind::CityBank => (Latency::new(2_000, 30_000, 900_000), 200_000, 10),
            Kind::RuralBank => (Latency::new(5_000, 60_000, 1_800_000), 50_000, 5),
            Kind::Registry => (Latency::new(2_000, 30_000, 1_200_000), 500_000, 20),
            Kind::PaymentPlatform => (Latency::new(500, 5_000, 120_000), 1_000_000, 50),
            Kind::Insurer => (Latency::new(5_000, 60_000, 1_800_000), 100_000, 5),
            Kind::Carrier => (Latency::new(1_000, 10_000, 300_000), 500_000, 20),
            Kind::LocalRegistry => (Latency::new(30_000, 300_000, 7_200_000), 20_000, 2),
        };
        KindDefaults { latency, quota_per_day: Some(quota), batches_per_second: Some(rate) }
    }
}
