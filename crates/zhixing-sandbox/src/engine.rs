//! The mutable side of the sandbox: balances, freezes and their queues (轮候), deductions and custody
//! accounts, the record of every request id, the answers waiting for their time, usage counters. One
//! `State` behind one mutex; every operation first processes what the clock has made due.

use chrono::{DateTime, Months, NaiveDate, NaiveTime, SecondsFormat, TimeDelta, Utc};
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use zhixing_core::clock::china_date;
use zhixing_core::control::{TermError, check_term};
use zhixing_core::inquiry::classes::AssetClass;
use zhixing_core::inquiry::protocol::{Answer, FreezeInfo, Holding, Op, Outcome, Request, RequestResult};
use zhixing_core::money::Amount;

use crate::catalogue::{Catalogue, class_bit};
use crate::ledger::{
    BatchCounts, CustodyEntry, DeductionEntry, ExecutionEntry, FreezeEntry, Ledger, RefusalCount, UsageEntry,
};
use crate::world::World;

/// Most results in one page of answers (whole answers only, at least one): a page of a thousand
/// thousand-request answers would be a gigabyte.
pub(crate) const PAGE_RESULTS_MAX: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FreezeState {
    InForce,
    Queued,
    Released,
    Expired,
}

impl FreezeState {
    fn code(self) -> &'static str {
        match self {
            FreezeState::InForce => "in_force",
            FreezeState::Queued => "queued",
            FreezeState::Released => "released",
            FreezeState::Expired => "expired",
        }
    }

    fn is_live(self) -> bool {
        matches!(self, FreezeState::InForce | FreezeState::Queued)
    }
}

#[derive(Debug)]
struct FreezeRec {
    id: String,
    court: u32,
    case_number: String,
    request_id: String,
    institution: u32,
    holding: u32,
    /// Money asked for (`None`: the whole balance, or a whole item).
    requested_fen: Option<i64>,
    /// Money frozen while in force.
    amount_fen: Option<i64>,
    from: NaiveDate,
    until: NaiveDate,
    /// Length of the term asked for, kept for a queued freeze that takes effect later.
    term_days: i64,
    state: FreezeState,
}

#[derive(Debug)]
struct DeductionRec {
    transfer: String,
    court: u32,
    case_number: String,
    request_id: String,
    institution: u32,
    holding: u32,
    amount_fen: i64,
    freeze: Option<String>,
    custody_account: String,
    on: NaiveDate,
}

#[derive(Debug)]
struct Exec {
    institution: u32,
    op: &'static str,
    executions: u32,
    repeats: u32,
    outcome: Outcome,
}

#[derive(Debug, Default)]
pub(crate) struct CourtState {
    code: String,
    batches: HashSet<Box<str>>,
    requests: HashMap<Box<str>, Exec>,
    answers: VecDeque<Arc<Answer>>,
    last_seq: u64,
}

#[derive(Debug)]
enum Event {
    Deliver { court: u32, answer: Answer, duplicate: bool },
    Expire { freeze: u32, until: NaiveDate },
}

#[derive(Debug)]
struct Scheduled {
    at: DateTime<Utc>,
    order: u64,
    event: Event,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.order) == (other.at, other.order)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.order).cmp(&(other.at, other.order))
    }
}

/// An institution's use now: the current China date's sub-requests, the current second's batches.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Usage {
    pub(crate) date: Option<NaiveDate>,
    pub(crate) requests: u64,
    pub(crate) second: i64,
    pub(crate) batches_in_second: u64,
}

#[derive(Debug)]
pub(crate) struct State {
    balances: Vec<i64>,
    freezes_on: HashMap<u32, Vec<u32>>,
    freezes: Vec<FreezeRec>,
    deductions: Vec<DeductionRec>,
    custody: BTreeMap<(u32, String), i64>,
    courts: Vec<CourtState>,
    court_index: HashMap<Box<str>, u32>,
    events: BinaryHeap<Reverse<Scheduled>>,
    scheduled: u64,
    pub(crate) usage: Vec<Usage>,
    usage_log: BTreeMap<(u32, NaiveDate), RefusalCount>,
    refusals: BTreeMap<String, RefusalCount>,
    refused_outcomes: BTreeMap<String, u64>,
    /// Submissions of a batch that a fault refused, by (court, batch id): the next draw differs.
    pub(crate) attempts: HashMap<(u32, Box<str>), u32>,
    pub(crate) counts: BatchCounts,
}

/// What a request is executed against.
pub(crate) struct Ctx<'a> {
    pub(crate) world: &'a World,
    pub(crate) catalogue: &'a Catalogue,
    pub(crate) court: u32,
    pub(crate) institution: u32,
    pub(crate) now: DateTime<Utc>,
    pub(crate) today: NaiveDate,
}

fn refused(code: &str, detail: impl Into<String>) -> Outcome {
    Outcome::Refused { code: code.to_owned(), detail: detail.into() }
}

/// Yuan with two decimals.
pub(crate) fn yuan(fen: i64) -> String {
    Amount::from_fen(fen)
        .map_or_else(|_| format!("{}.{:02}", fen / 100, (fen % 100).abs()), |a| a.to_string())
}

pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The first instant of the China date after `until`: when a freeze through `until` lapses.
fn lapse_instant(until: NaiveDate) -> DateTime<Utc> {
    let next = until.succ_opt().unwrap_or(until);
    next.and_time(NaiveTime::MIN).and_utc()
        - TimeDelta::seconds(i64::from(zhixing_core::clock::CHINA_OFFSET_SECONDS))
}

/// The next China midnight after `now`, in seconds from `now` (for `retry_after_seconds`).
pub(crate) fn seconds_to_next_china_day(now: DateTime<Utc>) -> u64 {
    let lapse = lapse_instant(china_date(now));
    u64::try_from((lapse - now).num_seconds()).unwrap_or(0).max(1)
}

impl State {
    pub(crate) fn new(world: &World, institutions: usize) -> State {
        State {
            balances: world.holdings.iter().map(|h| h.value_fen.unwrap_or(0)).collect(),
            freezes_on: HashMap::new(),
            freezes: Vec::new(),
            deductions: Vec::new(),
            custody: BTreeMap::new(),
            courts: Vec::new(),
            court_index: HashMap::new(),
            events: BinaryHeap::new(),
            scheduled: 0,
            usage: vec![Usage::default(); institutions],
            usage_log: BTreeMap::new(),
            refusals: BTreeMap::new(),
            refused_outcomes: BTreeMap::new(),
            attempts: HashMap::new(),
            counts: BatchCounts::default(),
        }
    }

    pub(crate) fn court(&mut self, code: &str) -> u32 {
        if let Some(index) = self.court_index.get(code) {
            return *index;
        }
        let index = u32::try_from(self.courts.len()).expect("fewer than 2^32 courts");
        self.courts.push(CourtState { code: code.to_owned(), ..CourtState::default() });
        self.court_index.insert(code.into(), index);
        index
    }

    pub(crate) fn knows_batch(&self, court: u32, batch_id: &str) -> bool {
        self.courts[court as usize].batches.contains(batch_id)
    }

    pub(crate) fn mark_batch(&mut self, court: u32, batch_id: &str) {
        self.courts[court as usize].batches.insert(batch_id.into());
    }

    pub(crate) fn count_refusal(&mut self, code: &str, requests: usize) {
        let entry = self.refusals.entry(code.to_owned()).or_default();
        entry.batches += 1;
        entry.requests += requests as u64;
    }

    /// Records an accepted batch's use of the institution.
    pub(crate) fn count_use(&mut self, institution: u32, now: DateTime<Utc>, requests: usize) {
        let today = china_date(now);
        let usage = &mut self.usage[institution as usize];
        if usage.date != Some(today) {
            usage.date = Some(today);
            usage.requests = 0;
        }
        usage.requests += requests as u64;
        if usage.second != now.timestamp() {
            usage.second = now.timestamp();
            usage.batches_in_second = 0;
        }
        usage.batches_in_second += 1;
        let log = self.usage_log.entry((institution, today)).or_default();
        log.batches += 1;
        log.requests += requests as u64;
    }

    fn schedule(&mut self, at: DateTime<Utc>, event: Event) {
        self.scheduled += 1;
        self.events.push(Reverse(Scheduled { at, order: self.scheduled, event }));
    }

    /// Schedules a batch's answer for `due` (and a second copy at `again`, when set).
    pub(crate) fn answer_at(
        &mut self,
        court: u32,
        answer: Answer,
        due: DateTime<Utc>,
        again: Option<DateTime<Utc>>,
    ) {
        if let Some(again) = again {
            let copy = Answer { answered_at: instant(again), ..answer.clone() };
            self.schedule(again, Event::Deliver { court, answer: copy, duplicate: true });
        }
        self.schedule(due, Event::Deliver { court, answer, duplicate: false });
    }

    /// Processes everything due by `now`, in time order: freezes lapse (and queued ones take effect),
    /// answers become visible to polling, numbered in the order they become visible.
    pub(crate) fn advance(&mut self, world: &World, catalogue: &Catalogue, now: DateTime<Utc>) {
        while self.events.peek().is_some_and(|Reverse(next)| next.at <= now) {
            let Some(Reverse(next)) = self.events.pop() else { break };
            match next.event {
                Event::Deliver { court, mut answer, duplicate } => {
                    let state = &mut self.courts[court as usize];
                    state.last_seq += 1;
                    answer.seq = state.last_seq;
                    state.answers.push_back(Arc::new(answer));
                    self.counts.answers_delivered += 1;
                    if duplicate {
                        self.counts.answers_duplicated += 1;
                    }
                }
                Event::Expire { freeze, until } => {
                    let f = &mut self.freezes[freeze as usize];
                    if f.state != FreezeState::InForce || f.until != until {
                        continue; // renewed or released since
                    }
                    f.state = FreezeState::Expired;
                    let on = china_date(next.at);
                    let (court, holding) = (f.court, f.holding);
                    let notice = self.notice(catalogue, freeze, next.at, |f| Outcome::Expired {
                        freeze: f.id.clone(),
                        on: on.to_string(),
                    });
                    self.schedule(next.at, Event::Deliver { court, answer: notice, duplicate: false });
                    self.activate_queued(world, catalogue, holding, next.at);
                }
            }
        }
    }

    fn notice(
        &self,
        catalogue: &Catalogue,
        freeze: u32,
        at: DateTime<Utc>,
        outcome: impl FnOnce(&FreezeRec) -> Outcome,
    ) -> Answer {
        let f = &self.freezes[freeze as usize];
        Answer {
            seq: 0,
            institution: catalogue.get(f.institution).info.code.clone(),
            batch_id: None,
            answered_at: instant(at),
            results: vec![RequestResult { request_id: f.request_id.clone(), outcome: outcome(f) }],
        }
    }

    /// A page of a court's answers after `after`; answers at or before `after` are dropped (polling with
    /// `after = N` acknowledges everything up to N).
    pub(crate) fn page(&mut self, court: &str, after: u64, limit: usize) -> Vec<Arc<Answer>> {
        let Some(index) = self.court_index.get(court) else { return Vec::new() };
        let answers = &mut self.courts[*index as usize].answers;
        while answers.front().is_some_and(|a| a.seq <= after) {
            answers.pop_front();
        }
        let mut page = Vec::new();
        let mut results = 0;
        for answer in answers.iter() {
            if page.len() >= limit || (!page.is_empty() && results + answer.results.len() > PAGE_RESULTS_MAX)
            {
                break;
            }
            results += answer.results.len();
            page.push(Arc::clone(answer));
        }
        page
    }

    /// Executes a batch's requests (or answers them from the record, for request ids seen before).
    pub(crate) fn execute(&mut self, ctx: &Ctx<'_>, requests: &[Request]) -> Vec<RequestResult> {
        let mut results = Vec::with_capacity(requests.len());
        for request in requests {
            let court = &mut self.courts[ctx.court as usize];
            if let Some(exec) = court.requests.get_mut(request.request_id.as_str()) {
                exec.repeats += 1;
                results.push(RequestResult {
                    request_id: request.request_id.clone(),
                    outcome: exec.outcome.clone(),
                });
                continue;
            }
            let outcome = self.run(ctx, request);
            if let Outcome::Refused { code, .. } = &outcome {
                *self.refused_outcomes.entry(code.clone()).or_default() += 1;
            }
            let exec = Exec {
                institution: ctx.institution,
                op: request.op.kind(),
                executions: 1,
                repeats: 0,
                outcome: outcome.clone(),
            };
            let previous =
                self.courts[ctx.court as usize].requests.insert(request.request_id.as_str().into(), exec);
            assert!(previous.is_none(), "request {} executed twice", request.request_id);
            results.push(RequestResult { request_id: request.request_id.clone(), outcome });
        }
        results
    }

    fn run(&mut self, ctx: &Ctx<'_>, request: &Request) -> Outcome {
        let result = match &request.op {
            Op::Query { classes } => self.query(ctx, request, classes),
            Op::Freeze { holding, amount, from, until } => {
                self.freeze(ctx, request, holding, amount.as_deref(), from, until)
            }
            Op::Unfreeze { freeze } => self.unfreeze(ctx, request, freeze),
            Op::Renew { freeze, until } => self.renew(ctx, request, freeze, until),
            Op::Deduct { holding, amount, freeze, custody_account } => {
                self.deduct(ctx, request, holding, amount, freeze.as_deref(), custody_account)
            }
        };
        result.unwrap_or_else(|refusal| refusal)
    }

    fn query(&mut self, ctx: &Ctx<'_>, request: &Request, classes: &[String]) -> Result<Outcome, Outcome> {
        let asked = classes.iter().filter_map(|c| AssetClass::parse(c)).fold(0u16, |b, c| b | class_bit(c));
        let served = asked & ctx.catalogue.get(ctx.institution).classes;
        if served == 0 {
            return Err(refused("not_served", "this institution answers none of the classes asked"));
        }
        let Some(subject) = ctx.world.by_id.get(request.subject.id_number.as_str()) else {
            return Ok(Outcome::Found { holdings: Vec::new() });
        };
        if *ctx.world.subjects[*subject as usize].name != *request.subject.name {
            return Err(refused("name_mismatch", "the name does not match the identity number"));
        }
        let Some(visible) = ctx.world.visible.get(&(ctx.institution, *subject)) else {
            return Ok(Outcome::Found { holdings: Vec::new() });
        };
        let holdings = visible
            .iter()
            .filter(|h| class_bit(ctx.world.holdings[**h as usize].item.class) & served != 0)
            .map(|h| self.view(ctx.world, *h))
            .collect();
        Ok(Outcome::Found { holdings })
    }

    /// A holding as an answer shows it: current balance or value, live freezes in order.
    pub(crate) fn view(&self, world: &World, holding: u32) -> Holding {
        let h = &world.holdings[holding as usize];
        let freezes = self
            .freezes_on
            .get(&holding)
            .into_iter()
            .flatten()
            .map(|f| &self.freezes[*f as usize])
            .filter(|f| f.state.is_live())
            .map(|f| FreezeInfo {
                court: self.courts[f.court as usize].code.clone(),
                case_number: f.case_number.clone(),
                amount: f.amount_fen.or(f.requested_fen).map(yuan),
                until: f.until.to_string(),
                queued: f.state == FreezeState::Queued,
            })
            .collect();
        Holding {
            holding: h.reference.to_string(),
            item: h.item.code.to_owned(),
            description: h.description.to_string(),
            amount: h.value_fen.map(|_| yuan(self.balances[holding as usize])),
            related: h.related.clone(),
            freezes,
        }
    }

    /// The holding a request names, when this institution keeps or reaches it and it is the subject's.
    fn resolve(&self, ctx: &Ctx<'_>, request: &Request, reference: &str) -> Result<u32, Outcome> {
        let not_found = || refused("no_such_holding", "no such holding of this subject here");
        let holding = *ctx.world.by_reference.get(reference).ok_or_else(not_found)?;
        let owner = ctx.world.holdings[holding as usize].owner;
        if *ctx.world.subjects[owner as usize].id_number != *request.subject.id_number {
            return Err(not_found());
        }
        let reachable =
            ctx.world.visible.get(&(ctx.institution, owner)).is_some_and(|v| v.contains(&holding));
        if reachable { Ok(holding) } else { Err(not_found()) }
    }

    /// The court's own live-or-ended freeze, by id, reachable here.
    fn own_freeze(&self, ctx: &Ctx<'_>, request: &Request, freeze: &str) -> Result<u32, Outcome> {
        let unknown = || refused("unknown_freeze", "no such freeze of this court here");
        let index = freeze
            .strip_prefix("FZ")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .filter(|n| *n < self.freezes.len())
            .ok_or_else(unknown)?;
        let f = &self.freezes[index];
        if f.court != ctx.court || f.id != freeze {
            return Err(unknown());
        }
        let owner = ctx.world.holdings[f.holding as usize].owner;
        let reachable =
            ctx.world.visible.get(&(ctx.institution, owner)).is_some_and(|v| v.contains(&f.holding));
        if !reachable || *ctx.world.subjects[owner as usize].id_number != *request.subject.id_number {
            return Err(unknown());
        }
        Ok(index as u32)
    }

    /// Money frozen by the freezes in force on a holding.
    fn frozen_fen(&self, holding: u32) -> i64 {
        self.freezes_on
            .get(&holding)
            .into_iter()
            .flatten()
            .map(|f| &self.freezes[*f as usize])
            .filter(|f| f.state == FreezeState::InForce)
            .filter_map(|f| f.amount_fen)
            .sum()
    }

    fn freeze(
        &mut self,
        ctx: &Ctx<'_>,
        request: &Request,
        reference: &str,
        amount: Option<&str>,
        from: &str,
        until: &str,
    ) -> Result<Outcome, Outcome> {
        let holding = self.resolve(ctx, request, reference)?;
        let item = ctx.world.holdings[holding as usize].item;
        let Some(class) = item.class.property_class().filter(|_| item.measures.freeze) else {
            return Err(refused("not_freezable", format!("{} cannot be frozen", item.code)));
        };
        let (from, until) = (parse_date(from)?, parse_date(until)?);
        if from > ctx.today {
            return Err(refused("future_start", "a freeze starts on the day it is received, not later"));
        }
        // A start in the past counts from today: the freeze takes effect when the institution receives it.
        let start = ctx.today;
        if until < start {
            return Err(refused("term_passed", "the term ends before today"));
        }
        check_term(class, start, until).map_err(term_refusal)?;
        let money = item.measures.deduct;
        let requested_fen = match amount.filter(|_| money) {
            Some(text) => Some(parse_fen(text)?),
            None => None,
        };
        let live: Vec<u32> = self
            .freezes_on
            .get(&holding)
            .into_iter()
            .flatten()
            .copied()
            .filter(|f| self.freezes[*f as usize].state.is_live())
            .collect();
        let queued = live.iter().filter(|f| self.freezes[**f as usize].state == FreezeState::Queued).count();
        let (anyone_waiting, in_force) = (queued > 0, live.len() - queued);
        let available = self.balances[holding as usize] - self.frozen_fen(holding);
        let takes_effect =
            if money { !anyone_waiting && (available > 0 || in_force == 0) } else { live.is_empty() };
        let index = u32::try_from(self.freezes.len()).expect("fewer than 2^32 freezes");
        let id = format!("FZ{:08}", index + 1);
        let amount_fen =
            (money && takes_effect).then(|| requested_fen.unwrap_or(available).min(available).max(0));
        self.freezes.push(FreezeRec {
            id: id.clone(),
            court: ctx.court,
            case_number: request.case_number.clone(),
            request_id: request.request_id.clone(),
            institution: ctx.institution,
            holding,
            requested_fen,
            amount_fen,
            from: start,
            until,
            term_days: (until - start).num_days(),
            state: if takes_effect { FreezeState::InForce } else { FreezeState::Queued },
        });
        self.freezes_on.entry(holding).or_default().push(index);
        if takes_effect {
            self.schedule(lapse_instant(until), Event::Expire { freeze: index, until });
        }
        Ok(Outcome::Frozen {
            freeze: id,
            amount: amount_fen.or(requested_fen).map(yuan),
            from: start.to_string(),
            until: until.to_string(),
            queued_behind: if takes_effect { 0 } else { u32::try_from(live.len()).unwrap_or(u32::MAX) },
        })
    }

    /// Queued freezes on a holding take effect, in the order they were registered, as far as the holding
    /// allows: a whole item one at a time; money while some is left unfrozen.
    fn activate_queued(&mut self, world: &World, catalogue: &Catalogue, holding: u32, at: DateTime<Utc>) {
        let today = china_date(at);
        let money = world.holdings[holding as usize].item.measures.deduct;
        let class = world.holdings[holding as usize].item.class.property_class();
        let queue: Vec<u32> = self.freezes_on.get(&holding).into_iter().flatten().copied().collect();
        for index in queue {
            if self.freezes[index as usize].state != FreezeState::Queued {
                continue;
            }
            let in_force = self.freezes_on[&holding]
                .iter()
                .any(|f| self.freezes[*f as usize].state == FreezeState::InForce);
            let available = self.balances[holding as usize] - self.frozen_fen(holding);
            if in_force && (!money || available <= 0) {
                break;
            }
            let f = &mut self.freezes[index as usize];
            let wanted = today + TimeDelta::days(f.term_days);
            let latest = class
                .and_then(|c| today.checked_add_months(Months::new(c.max_term_months())))
                .and_then(|d| d.pred_opt())
                .unwrap_or(wanted);
            f.state = FreezeState::InForce;
            f.from = today;
            f.until = wanted.min(latest);
            if money {
                f.amount_fen = Some(f.requested_fen.unwrap_or(available).min(available).max(0));
            }
            let (court, until) = (f.court, f.until);
            self.schedule(lapse_instant(until), Event::Expire { freeze: index, until });
            let notice = self.notice(catalogue, index, at, |f| Outcome::TookEffect {
                freeze: f.id.clone(),
                from: f.from.to_string(),
                until: f.until.to_string(),
            });
            self.schedule(at, Event::Deliver { court, answer: notice, duplicate: false });
        }
    }

    fn unfreeze(&mut self, ctx: &Ctx<'_>, request: &Request, freeze: &str) -> Result<Outcome, Outcome> {
        let index = self.own_freeze(ctx, request, freeze)?;
        let f = &mut self.freezes[index as usize];
        match f.state {
            FreezeState::Released => return Err(refused("released", "the freeze was released already")),
            FreezeState::Expired => return Err(refused("expired", "the freeze has expired")),
            FreezeState::Queued => f.state = FreezeState::Released,
            FreezeState::InForce => {
                f.state = FreezeState::Released;
                let holding = f.holding;
                self.activate_queued(ctx.world, ctx.catalogue, holding, ctx.now);
            }
        }
        Ok(Outcome::Unfrozen { freeze: freeze.to_owned(), on: ctx.today.to_string() })
    }

    fn renew(
        &mut self,
        ctx: &Ctx<'_>,
        request: &Request,
        freeze: &str,
        until: &str,
    ) -> Result<Outcome, Outcome> {
        let index = self.own_freeze(ctx, request, freeze)?;
        let until = parse_date(until)?;
        let f = &self.freezes[index as usize];
        match f.state {
            FreezeState::Released => return Err(refused("released", "the freeze was released")),
            FreezeState::Expired => {
                return Err(refused("expired", "the freeze expired before it was renewed (查封规定 第27条)"));
            }
            FreezeState::Queued => return Err(refused("queued", "a queued freeze is not in force yet")),
            FreezeState::InForce => {}
        }
        if until <= f.until {
            return Err(refused("not_later", "a renewal ends after the current end date"));
        }
        let class = ctx.world.holdings[f.holding as usize].item.class.property_class();
        let start = f.until.succ_opt().unwrap_or(f.until);
        if let Some(class) = class {
            check_term(class, start, until).map_err(term_refusal)?;
        }
        self.freezes[index as usize].until = until;
        self.schedule(lapse_instant(until), Event::Expire { freeze: index, until });
        Ok(Outcome::Renewed { freeze: freeze.to_owned(), until: until.to_string() })
    }

    fn deduct(
        &mut self,
        ctx: &Ctx<'_>,
        request: &Request,
        reference: &str,
        amount: &str,
        freeze: Option<&str>,
        custody_account: &str,
    ) -> Result<Outcome, Outcome> {
        let holding = self.resolve(ctx, request, reference)?;
        let item = ctx.world.holdings[holding as usize].item;
        if !item.measures.deduct {
            return Err(refused("not_deductible", format!("{} cannot be deducted", item.code)));
        }
        let fen = parse_fen(amount)?;
        let balance = self.balances[holding as usize];
        let insufficient =
            || refused("insufficient_balance", "the amount is more than the balance available");
        let from_freeze = match freeze {
            Some(id) => {
                let index = self.own_freeze(ctx, request, id)?;
                let f = &self.freezes[index as usize];
                if f.holding != holding {
                    return Err(refused("unknown_freeze", "the freeze is on another holding"));
                }
                match f.state {
                    FreezeState::InForce => {}
                    FreezeState::Expired => return Err(refused("expired", "the freeze has expired")),
                    FreezeState::Released => return Err(refused("released", "the freeze was released")),
                    FreezeState::Queued => return Err(refused("queued", "the freeze is not in force yet")),
                }
                if fen > f.amount_fen.unwrap_or(0) || fen > balance {
                    return Err(insufficient());
                }
                Some(index)
            }
            None => {
                if fen > balance - self.frozen_fen(holding) {
                    return Err(insufficient());
                }
                None
            }
        };
        if let Some(index) = from_freeze {
            let f = &mut self.freezes[index as usize];
            f.amount_fen = f.amount_fen.map(|a| a - fen);
        }
        self.balances[holding as usize] -= fen;
        *self.custody.entry((ctx.court, custody_account.to_owned())).or_default() += fen;
        let transfer = format!("TR{:08}", self.deductions.len() + 1);
        self.deductions.push(DeductionRec {
            transfer: transfer.clone(),
            court: ctx.court,
            case_number: request.case_number.clone(),
            request_id: request.request_id.clone(),
            institution: ctx.institution,
            holding,
            amount_fen: fen,
            freeze: freeze.map(str::to_owned),
            custody_account: custody_account.to_owned(),
            on: ctx.today,
        });
        Ok(Outcome::Deducted { amount: yuan(fen), transfer, on: ctx.today.to_string() })
    }

    pub(crate) fn ledger(&self, world: &World, catalogue: &Catalogue) -> Ledger {
        let inst = |i: u32| catalogue.get(i).info.code.clone();
        let court = |c: u32| self.courts[c as usize].code.clone();
        let holding = |h: u32| world.holdings[h as usize].reference.to_string();
        let mut executions: Vec<ExecutionEntry> = self
            .courts
            .iter()
            .flat_map(|c| {
                c.requests.iter().map(|(id, e)| ExecutionEntry {
                    court: c.code.clone(),
                    request_id: id.to_string(),
                    institution: inst(e.institution),
                    op: e.op.to_owned(),
                    executions: e.executions,
                    repeats: e.repeats,
                    outcome: e.outcome.kind().to_owned(),
                    refusal: match &e.outcome {
                        Outcome::Refused { code, .. } => Some(code.clone()),
                        _ => None,
                    },
                })
            })
            .collect();
        executions.sort_by(|a, b| (&a.court, &a.request_id).cmp(&(&b.court, &b.request_id)));
        Ledger {
            executions,
            freezes: self
                .freezes
                .iter()
                .map(|f| FreezeEntry {
                    freeze: f.id.clone(),
                    court: court(f.court),
                    case_number: f.case_number.clone(),
                    request_id: f.request_id.clone(),
                    institution: inst(f.institution),
                    holding: holding(f.holding),
                    item: world.holdings[f.holding as usize].item.code.to_owned(),
                    amount: f.amount_fen.or(f.requested_fen).map(yuan),
                    from: f.from.to_string(),
                    until: f.until.to_string(),
                    state: f.state.code().to_owned(),
                })
                .collect(),
            deductions: self
                .deductions
                .iter()
                .map(|d| DeductionEntry {
                    transfer: d.transfer.clone(),
                    court: court(d.court),
                    case_number: d.case_number.clone(),
                    request_id: d.request_id.clone(),
                    institution: inst(d.institution),
                    holding: holding(d.holding),
                    amount: yuan(d.amount_fen),
                    freeze: d.freeze.clone(),
                    custody_account: d.custody_account.clone(),
                    on: d.on.to_string(),
                })
                .collect(),
            custody: self
                .custody
                .iter()
                .map(|((c, account), fen)| CustodyEntry {
                    court: court(*c),
                    custody_account: account.clone(),
                    balance: yuan(*fen),
                })
                .collect(),
            refusals: self.refusals.clone(),
            refused_outcomes: self.refused_outcomes.clone(),
            usage: self
                .usage_log
                .iter()
                .map(|((i, date), count)| UsageEntry {
                    institution: inst(*i),
                    date: date.to_string(),
                    batches: count.batches,
                    requests: count.requests,
                })
                .collect(),
            batches: self.counts,
        }
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, Outcome> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| refused("malformed", "a date YYYY-MM-DD"))
}

fn parse_fen(text: &str) -> Result<i64, Outcome> {
    Amount::parse_yuan(text).map(Amount::fen).map_err(|e| refused("malformed", e.to_string()))
}

fn term_refusal(error: TermError) -> Outcome {
    refused(error.code(), error.to_string())
}
