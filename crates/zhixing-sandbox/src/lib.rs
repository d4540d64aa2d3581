//! The sandbox of the outside world (DESIGN.md C15): about 4,000 banks, registries and platforms answering
//! the national network's inquiry protocol (`zhixing_core::inquiry::protocol`), with the behaviour of the
//! real thing — answers later than the acknowledgement and out of order, daily quotas and per-second
//! limits, errors, timeouts, lost acknowledgements, duplicated answers, days of outage — and its own
//! ledger, so a test can reconcile what a court believes it froze and deducted with what was done.
//!
//! [`Sandbox`] is the simulated network in-process (the demo and tests call it directly); [`serve`] puts
//! it behind HTTP (`zhixing sandbox --listen ADDR`). Time comes from a [`Clock`]: nothing here reads the
//! system time, and work falls due lazily — every call first processes what the clock has made due — so a
//! test with a `FixedClock` crosses a year of freezes in microseconds. Every random draw comes from
//! ChaCha8 seeded from the config's seed and the batch (or subject), so runs are reproducible.
//!
//! docs/INQUIRY.md, "The sandbox (C15)", describes the institutions, the holdings and their hidden
//! patterns, the fault model and the ledger.

mod agency;
mod catalogue;
mod config;
mod engine;
mod http;
mod ledger;
mod names;
mod world;

use chrono::{Datelike, NaiveDate, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use zhixing_core::clock::{Clock, china_date};
use zhixing_core::inquiry::protocol::{
    ANSWER_PAGE_MAX, Ack, AckStatus, Answer, AnswerPage, Batch, Holding, Institution, Refusal, Subject,
};

pub use config::{BANKS_DEFAULT, Behaviour, Faults, HTTP_TIMEOUT_MS_DEFAULT, Latency, SandboxConfig};
pub use http::{BODY_BYTES_MAX, router, serve};
pub use ledger::{
    BatchCounts, CustodyEntry, DeductionEntry, ExecutionEntry, FreezeEntry, Ledger, RefusalCount, UsageEntry,
};

use catalogue::Catalogue;
use engine::{Ctx, State, seconds_to_next_china_day};
use world::World;

/// A submission the network did not take (or whose acknowledgement was lost): the HTTP status and the
/// refusal body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub status: u16,
    pub refusal: Refusal,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.refusal.code, self.refusal.detail)
    }
}

impl std::error::Error for Rejected {}

/// How a debtor hides assets in the generated world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenPattern {
    /// With the spouse, named by the marriage registry's `marriage_record` (`related`).
    Spouse,
    /// With a former spouse, after a divorce registered recently (假离婚); same record.
    FormerSpouse,
    /// In a company the debtor represents and owns, named by the equity registry's `legal_representative`
    /// and `shareholding` items (`related`).
    Company,
}

/// A hidden pattern the generator planted: the answer key for clue mining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planted {
    pub debtor: Subject,
    pub pattern: HiddenPattern,
    /// The spouse or the company that holds the assets.
    pub relative: Subject,
    /// The item whose `related` leads from the debtor to the relative.
    pub via_item: String,
    /// What the relative holds, in 分 (balances and values of property).
    pub hidden_fen: i64,
}

/// The simulated network. `Send + Sync`: share it as `Arc<Sandbox>`.
#[derive(Debug)]
pub struct Sandbox {
    config: SandboxConfig,
    catalogue: Catalogue,
    behaviours: Vec<Behaviour>,
    outages: HashSet<(u32, NaiveDate)>,
    world: World,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

/// A salt so the catalogue's draws differ from the holdings'.
const CATALOGUE_SALT: u64 = 0x5A4E_4341_5441_4C47;

impl Sandbox {
    /// Builds the catalogue and the holdings of `population` (persons by 公民身份号码, organizations by
    /// anything else, e.g. 统一社会信用代码). Deterministic in `config.seed` and `population`.
    pub fn new(config: SandboxConfig, population: &[Subject], clock: Arc<dyn Clock>) -> Sandbox {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ CATALOGUE_SALT);
        let catalogue = Catalogue::build(config.banks.max(1), &mut rng);
        let behaviours =
            catalogue.institutions.iter().map(|i| config.behaviour(i.kind, &i.info.code)).collect();
        let outages = config
            .outages
            .iter()
            .filter_map(|(code, date)| catalogue.by_code.get(code).map(|i| (*i, *date)))
            .collect();
        let world = World::build(config.seed, &catalogue, population);
        let state = Mutex::new(State::new(&world, catalogue.institutions.len()));
        Sandbox { config, catalogue, behaviours, outages, world, clock, state }
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// The catalogue (`GET /zdz/v1/institutions`), each institution with the limits it publishes (after
    /// overrides): its daily quota and its batches per second.
    pub fn institutions(&self) -> Vec<Institution> {
        self.catalogue
            .institutions
            .iter()
            .zip(&self.behaviours)
            .map(|(i, behaviour)| Institution {
                daily_quota: behaviour.quota_per_day,
                batches_per_second: behaviour
                    .batches_per_second
                    .map(|b| u32::try_from(b).unwrap_or(u32::MAX)),
                ..i.info.clone()
            })
            .collect()
    }

    /// How an institution behaves (after overrides).
    pub fn behaviour(&self, institution: &str) -> Option<Behaviour> {
        self.catalogue.by_code.get(institution).map(|i| self.behaviours[*i as usize])
    }

    /// The hidden patterns the generator planted.
    pub fn planted(&self) -> Vec<Planted> {
        self.world.planted.clone()
    }

    /// Subjects the sandbox knows: the population and the relatives and companies it generated.
    pub fn subjects(&self) -> Vec<Subject> {
        (0..self.world.subjects.len()).map(|i| self.world.subject(i as u32)).collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock is a bug in the sandbox; the state is still the best there is.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes a batch: `Accepted` (executed now, answered after the institution's latency), `Duplicate` for
    /// a batch id taken before, or a refusal. With the "ack lost" fault the batch is taken and executed
    /// but the caller gets an error: resending it gives `Duplicate`, never a second execution.
    pub fn submit(&self, batch: Batch) -> Result<Ack, Rejected> {
        let requests = batch.requests.len();
        if let Err(error) = batch.validate() {
            let refusal = Refusal {
                code: "malformed".into(),
                detail: error.detail,
                field: Some(error.field),
                retry_after_seconds: None,
            };
            self.lock().count_refusal("malformed", requests);
            return Err(Rejected { status: 400, refusal });
        }
        let Some(&institution) = self.catalogue.by_code.get(&batch.institution) else {
            self.lock().count_refusal("unknown_institution", requests);
            return Err(reject(404, "unknown_institution", "no such institution", None));
        };
        let behaviour = self.behaviours[institution as usize];
        let now = self.clock.now();
        let today = china_date(now);
        let mut state = self.lock();
        state.advance(&self.world, &self.catalogue, now);
        let court = state.court(&batch.court);
        if state.knows_batch(court, &batch.batch_id) {
            state.counts.duplicate += 1;
            return Ok(Ack { batch_id: batch.batch_id, status: AckStatus::Duplicate });
        }
        if self.is_outage(institution, today, behaviour.faults.outage_day_percent) {
            state.count_refusal("unavailable", requests);
            let retry = seconds_to_next_china_day(now);
            return Err(reject(503, "unavailable", "the institution is down today", Some(retry)));
        }
        let usage = state.usage[institution as usize];
        if let Some(limit) = behaviour.batches_per_second
            && usage.second == now.timestamp()
            && usage.batches_in_second >= limit
        {
            state.count_refusal("rate_limited", requests);
            return Err(reject(429, "rate_limited", &format!("at most {limit} batches a second"), Some(1)));
        }
        if let Some(quota) = behaviour.quota_per_day {
            let used = if usage.date == Some(today) { usage.requests } else { 0 };
            if used + requests as u64 > quota {
                state.count_refusal("quota_exceeded", requests);
                let retry = seconds_to_next_china_day(now);
                let detail = format!("at most {quota} requests a day; {used} used today");
                return Err(reject(429, "quota_exceeded", &detail, Some(retry)));
            }
        }
        let key = (court, Box::<str>::from(batch.batch_id.as_str()));
        let attempt = state.attempts.get(&key).copied().unwrap_or(0);
        let mut rng = ChaCha8Rng::seed_from_u64(
            self.config.seed
                ^ fnv1a(batch.court.as_bytes()).rotate_left(7)
                ^ fnv1a(batch.batch_id.as_bytes())
                ^ u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let faults = behaviour.faults;
        let roll = rng.r#gen::<f64>() * 100.0;
        let lost_as_timeout = rng.r#gen::<bool>();
        if roll < faults.error_percent + faults.timeout_percent {
            state.attempts.insert(key, attempt + 1);
            return Err(if roll < faults.error_percent {
                state.count_refusal("internal", requests);
                reject(500, "internal", "internal error, the batch was not taken", None)
            } else {
                state.count_refusal("timeout", requests);
                reject(504, "timeout", "no answer in time", None)
            });
        }
        let ack_lost = roll < faults.error_percent + faults.timeout_percent + faults.ack_lost_percent;
        state.attempts.remove(&key);
        state.count_use(institution, now, requests);
        state.counts.accepted += 1;
        let ctx = Ctx { world: &self.world, catalogue: &self.catalogue, court, institution, now, today };
        let results = state.execute(&ctx, &batch.requests);
        let due = now + TimeDelta::milliseconds(behaviour.latency.draw(&mut rng) as i64);
        let again = (rng.r#gen::<f64>() * 100.0 < faults.duplicate_answer_percent)
            .then(|| due + TimeDelta::milliseconds(behaviour.latency.draw(&mut rng) as i64 + 1));
        let answer = Answer {
            seq: 0,
            institution: batch.institution,
            batch_id: Some(batch.batch_id.clone()),
            answered_at: engine::instant(due),
            results,
        };
        state.answer_at(court, answer, due, again);
        state.mark_batch(court, &batch.batch_id);
        if ack_lost {
            state.counts.ack_lost += 1;
            return Err(if lost_as_timeout {
                reject(504, "timeout", "no answer in time", None)
            } else {
                reject(500, "internal", "internal error", None)
            });
        }
        Ok(Ack { batch_id: batch.batch_id, status: AckStatus::Accepted })
    }

    fn is_outage(&self, institution: u32, date: NaiveDate, percent: f64) -> bool {
        if self.outages.contains(&(institution, date)) {
            return true;
        }
        if percent <= 0.0 {
            return false;
        }
        let mut bytes = [0u8; 20];
        bytes[..8].copy_from_slice(&self.config.seed.to_le_bytes());
        bytes[8..12].copy_from_slice(&institution.to_le_bytes());
        bytes[12..20].copy_from_slice(&i64::from(date.num_days_from_ce()).to_le_bytes());
        let draw = (fnv1a(&bytes) % 1_000_000) as f64 / 10_000.0;
        draw < percent
    }

    /// A court's answers with `seq > after`, at most `limit` (1 to 1,000) and about 10,000 results;
    /// processes what is due first. Polling with `after = N` acknowledges the answers up to N: they are
    /// not kept after that.
    pub fn answers(&self, court: &str, after: u64, limit: usize) -> AnswerPage {
        let now = self.clock.now();
        let page = {
            let mut state = self.lock();
            state.advance(&self.world, &self.catalogue, now);
            state.page(court, after, limit.clamp(1, ANSWER_PAGE_MAX))
        };
        let next_after = page.last().map_or(after, |a| a.seq);
        AnswerPage { answers: page.iter().map(|a| Answer::clone(a)).collect(), next_after }
    }

    /// The reconciliation view (processes what is due first).
    pub fn ledger(&self) -> Ledger {
        let now = self.clock.now();
        let mut state = self.lock();
        state.advance(&self.world, &self.catalogue, now);
        state.ledger(&self.world, &self.catalogue)
    }

    /// Everything a subject has, with the institution that keeps it, as of now.
    pub fn holdings_of(&self, id_number: &str) -> Vec<(String, Holding)> {
        let Some(&subject) = self.world.by_id.get(id_number) else { return Vec::new() };
        let now = self.clock.now();
        let mut state = self.lock();
        state.advance(&self.world, &self.catalogue, now);
        self.world.owned[subject as usize]
            .iter()
            .map(|h| {
                let institution = self.world.holdings[*h as usize].institution;
                (self.catalogue.get(institution).info.code.clone(), state.view(&self.world, *h))
            })
            .collect()
    }
}

fn reject(status: u16, code: &str, detail: &str, retry_after_seconds: Option<u64>) -> Rejected {
    Rejected {
        status,
        refusal: Refusal { code: code.into(), detail: detail.into(), field: None, retry_after_seconds },
    }
}

/// FNV-1a, 64 bits: a stable hash for seeding draws (std's hashers may change between releases).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
