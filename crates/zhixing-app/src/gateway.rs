//! The inquiry gateway (查控网关): takes the inquiries and control requests queued in the store, sends them to the
//! network's institutions in batches — within each institution's published rate and daily quota, urgent work
//! first, courts served in turn — and records every answer on its case exactly once.
//!
//! Nothing is lost and nothing is done twice:
//! - a request is queued in the transaction of the event that asks for it;
//! - a batch is recorded (with the quota it uses) before it is sent, and a batch not answered in time, refused
//!   for the moment or unanswered because of a crash is sent again under the same batch id and request ids, which
//!   the institution keys on;
//! - an answer is taken in by an append whose guard (`BatchAnswered`, `NoticeOnce`) fails if it was taken in
//!   before, so a duplicated answer stores nothing; the answer cursor only moves after the answers are in.
//!
//! One gateway runs per deployment (in the server's worker); [`Gateway::pump`] is one round of its loop, which
//! tests and the benchmark drive directly under a simulated clock.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use crate::flow::requery_answer_job;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use zhixing_core::cases::{self, case};
use zhixing_core::clock::china_date;
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::inquiry::AssetClass;
use zhixing_core::inquiry::agency::{Agency, AgencyError};
use zhixing_core::inquiry::protocol::{Answer, Batch, Op, Outcome, Request, RequestResult, Subject};
use zhixing_core::inquiry::record::{
    ASSETS_FOUND, AssetsFound, CONTROL_ANSWERED, ControlAnswered, INQUIRY_COMPLETED, InquiryCompleted,
};
use zhixing_store::{AppendBatch, ControlRow, GatewayWrite, InquiryRow, NewBatch, NewJob, StoreError};

use crate::{Actor, App, AppError};

/// How the gateway paces itself.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// Most sub-requests in one batch.
    pub batch_max: usize,
    /// A batch not answered this long after it was sent is sent again (same id).
    pub resend_after_seconds: i64,
    /// Batches submitted at once.
    pub in_flight: usize,
    /// Answers fetched per poll.
    pub answers_page: usize,
    /// New batches formed in one round: what a round holds in memory is bounded, and answers are taken in
    /// between rounds.
    pub batches_per_round: usize,
    /// Batches per second to an institution that publishes no limit (0 = none).
    pub default_batches_per_second: u32,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            batch_max: 1_000,
            resend_after_seconds: 120,
            in_flight: 16,
            answers_page: 1_000,
            batches_per_round: 64,
            default_batches_per_second: 0,
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PumpReport {
    pub batches_sent: usize,
    pub sub_requests: usize,
    pub resent: usize,
    /// Submits refused for now (rate, quota, outage) or unanswered, to be sent again.
    pub deferred: usize,
    pub answers: usize,
    /// Answers taken in before (duplicates), stored nothing.
    pub duplicates: usize,
    pub events: usize,
    /// Batches refused for good.
    pub failed: usize,
}

impl PumpReport {
    /// Whether the round found nothing to do.
    pub fn idle(&self) -> bool {
        self.batches_sent == 0 && self.resent == 0 && self.answers == 0
    }
}

#[derive(Debug)]
struct OpenInquiry {
    inquiry_id: String,
    case_id: String,
    case_number: String,
    subjects: Vec<Subject>,
    classes: Vec<AssetClass>,
    targets: u32,
    answered: u32,
    failed: u32,
}

#[derive(Debug, Default)]
struct Queue {
    /// Per court: urgent and ordinary inquiry seqs.
    by_court: BTreeMap<String, (VecDeque<i64>, VecDeque<i64>)>,
    /// The court served last (courts take turns).
    last_court: Option<String>,
    /// Control requests (urgent first).
    controls: VecDeque<String>,
}

impl Queue {
    fn is_empty(&self) -> bool {
        self.controls.is_empty() && self.by_court.is_empty()
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
    rate: f64,
}

impl Bucket {
    fn available(&mut self, now: DateTime<Utc>) -> usize {
        if self.rate <= 0.0 {
            return usize::MAX;
        }
        let elapsed = (now - self.at).num_microseconds().unwrap_or(i64::MAX).max(0) as f64 / 1e6;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.rate);
        self.at = now;
        self.tokens.floor() as usize
    }

    fn take_one(&mut self) {
        if self.rate > 0.0 {
            self.tokens -= 1.0;
        }
    }
}

#[derive(Debug, Clone)]
enum Items {
    Query(Vec<i64>),
    Control(Vec<String>),
}

#[derive(Debug, Clone)]
struct SentMeta {
    court: String,
    institution: usize,
    items: Items,
    attempts: i64,
    next_at: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct Dispatch {
    started: bool,
    loaded_seq: i64,
    inquiries: HashMap<i64, OpenInquiry>,
    by_inquiry_id: HashMap<String, i64>,
    queues: Vec<Queue>,
    controls: HashMap<String, ControlRow>,
    sent: HashMap<String, SentMeta>,
    buckets: Vec<Bucket>,
    day: String,
    used: Vec<u64>,
    cursors: BTreeMap<String, u64>,
    /// The institution the next round starts with (institutions take turns across rounds).
    next_institution: usize,
}

/// The gateway: one per deployment.
#[derive(Debug)]
pub struct Gateway {
    app: App,
    agency: Arc<dyn Agency>,
    config: GatewayConfig,
    state: tokio::sync::Mutex<Dispatch>,
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

impl Gateway {
    /// A gateway over `agency`, sending to the institutions of `app.directory`.
    pub fn new(app: App, agency: Arc<dyn Agency>, config: GatewayConfig) -> Gateway {
        Gateway { app, agency, config, state: tokio::sync::Mutex::new(Dispatch::default()) }
    }

    fn actor() -> String {
        Actor::system("gateway").reference()
    }

    /// Runs rounds until `shutdown` resolves, pausing `idle_pause` when a round found nothing to do.
    pub async fn run(
        &self,
        idle_pause: std::time::Duration,
        shutdown: impl std::future::Future<Output = ()>,
    ) {
        tokio::pin!(shutdown);
        loop {
            let pause = match self.pump().await {
                Ok(report) if !report.idle() => std::time::Duration::ZERO,
                Ok(_) => idle_pause,
                Err(e) => {
                    tracing::warn!(error = %e, "gateway round failed");
                    idle_pause
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// One round: take in new work, send what the limits allow (and what is due again), take in answers.
    pub async fn pump(&self) -> Result<PumpReport, AppError> {
        let mut st = self.state.lock().await;
        let mut report = PumpReport::default();
        if !st.started {
            self.start(&mut st).await?;
        }
        let now = self.app.clock().now();
        self.roll_day(&mut st, now).await?;
        self.refresh(&mut st).await?;
        let mut outgoing = self.due_again(&mut st, now, &mut report).await?;
        outgoing.extend(self.form_batches(&mut st, now, &mut report).await?);
        self.submit(&mut st, outgoing, now, &mut report).await?;
        self.poll(&mut st, &mut report).await?;
        Ok(report)
    }

    async fn start(&self, st: &mut Dispatch) -> Result<(), AppError> {
        let n = self.app.directory.len();
        let now = self.app.clock().now();
        st.queues = (0..n).map(|_| Queue::default()).collect();
        st.buckets = self
            .app
            .directory
            .all()
            .iter()
            .map(|inst| {
                let rate =
                    f64::from(inst.batches_per_second.unwrap_or(self.config.default_batches_per_second));
                Bucket { tokens: rate, at: now, rate }
            })
            .collect();
        st.used = vec![0; n];
        st.day = String::new();
        self.roll_day(st, now).await?;
        // Batches sent before a restart: send again at once (the institution answers a known batch id as a
        // duplicate and does nothing twice).
        for row in self.app.store.sent_batches().await? {
            let Some(institution) = self.app.directory.index_of(&row.institution) else { continue };
            let items = if row.kind == "query" {
                Items::Query(serde_json::from_str(&row.items).map_err(internal)?)
            } else {
                Items::Control(serde_json::from_str(&row.items).map_err(internal)?)
            };
            st.sent.insert(
                row.batch_id,
                SentMeta { court: row.court, institution, items, attempts: row.attempts, next_at: now },
            );
        }
        for row in self.app.store.batched_unanswered_controls().await? {
            st.controls.insert(row.request_id.clone(), row);
        }
        for court in self.app.store.gateway_courts().await? {
            let cursor = self.app.store.gateway_cursor(&court).await?;
            st.cursors.insert(court, cursor);
        }
        // Open inquiries, less what was already sent.
        let mut open = Vec::new();
        loop {
            let page = self.app.store.open_inquiries_after(st.loaded_seq, 1_000).await?;
            let Some(last) = page.last() else { break };
            st.loaded_seq = last.seq;
            open.extend(page);
        }
        let mut sent_pairs: HashSet<(usize, i64)> = HashSet::new();
        if let Some(first) = open.first() {
            for (institution, items) in self.app.store.query_batch_items(first.seq).await? {
                let Some(i) = self.app.directory.index_of(&institution) else { continue };
                let seqs: Vec<i64> = serde_json::from_str(&items).map_err(internal)?;
                sent_pairs.extend(seqs.into_iter().map(|s| (i, s)));
            }
        }
        for row in open {
            self.enqueue_inquiry(st, row, &sent_pairs);
        }
        st.started = true;
        Ok(())
    }

    /// On a new China date, the daily quotas start again (read from the store: a restart keeps the count).
    async fn roll_day(&self, st: &mut Dispatch, now: DateTime<Utc>) -> Result<(), AppError> {
        let day = china_date(now).to_string();
        if st.day == day {
            return Ok(());
        }
        st.used.iter_mut().for_each(|u| *u = 0);
        for (institution, used) in self.app.store.quota_used(&day).await? {
            if let Some(i) = self.app.directory.index_of(&institution) {
                st.used[i] = used.max(0) as u64;
            }
        }
        st.day = day;
        Ok(())
    }

    fn enqueue_inquiry(&self, st: &mut Dispatch, row: InquiryRow, sent: &HashSet<(usize, i64)>) {
        let classes: Vec<AssetClass> = serde_json::from_str::<Vec<String>>(&row.classes)
            .unwrap_or_default()
            .iter()
            .filter_map(|c| AssetClass::parse(c))
            .collect();
        let subjects: Vec<Subject> = serde_json::from_str(&row.subjects).unwrap_or_default();
        let targets = self.app.inquiry_targets(&row.court, &classes);
        for &i in &targets {
            if sent.contains(&(i, row.seq)) {
                continue;
            }
            let (urgent, normal) = st.queues[i].by_court.entry(row.court.clone()).or_default();
            if row.urgent { urgent.push_back(row.seq) } else { normal.push_back(row.seq) }
        }
        st.by_inquiry_id.insert(row.inquiry_id.clone(), row.seq);
        st.inquiries.insert(
            row.seq,
            OpenInquiry {
                inquiry_id: row.inquiry_id,
                case_id: row.case_id,
                case_number: row.case_number,
                subjects,
                classes,
                targets: u32::try_from(row.institutions).unwrap_or(0),
                answered: u32::try_from(row.answered).unwrap_or(0),
                failed: u32::try_from(row.failed).unwrap_or(0),
            },
        );
    }

    /// New inquiries and control requests queued since the last round.
    async fn refresh(&self, st: &mut Dispatch) -> Result<(), AppError> {
        loop {
            let page = self.app.store.open_inquiries_after(st.loaded_seq, 1_000).await?;
            let Some(last) = page.last() else { break };
            st.loaded_seq = last.seq;
            let none = HashSet::new();
            for row in page {
                self.enqueue_inquiry(st, row, &none);
            }
        }
        let mut fresh: Vec<ControlRow> = self
            .app
            .store
            .unbatched_controls(1_000)
            .await?
            .into_iter()
            .filter(|row| !st.controls.contains_key(&row.request_id))
            .collect();
        fresh.sort_by_key(|row| !row.urgent);
        for row in fresh {
            let Some(i) = self.app.directory.index_of(&row.institution) else {
                tracing::warn!(request = %row.request_id, institution = %row.institution, "unknown institution");
                continue;
            };
            if row.urgent {
                st.queues[i].controls.push_front(row.request_id.clone());
            } else {
                st.queues[i].controls.push_back(row.request_id.clone());
            }
            st.controls.insert(row.request_id.clone(), row);
        }
        Ok(())
    }

    /// Batches due to be sent again: not answered in time, or deferred.
    async fn due_again(
        &self,
        st: &mut Dispatch,
        now: DateTime<Utc>,
        report: &mut PumpReport,
    ) -> Result<Vec<Batch>, AppError> {
        let due: Vec<String> =
            st.sent.iter().filter(|(_, m)| m.next_at <= now).map(|(id, _)| id.clone()).collect();
        let mut out = Vec::with_capacity(due.len());
        for batch_id in due {
            let Some(meta) = st.sent.get(&batch_id).cloned() else { continue };
            // A batch sent again counts against the institution's rate like a new one.
            if st.buckets[meta.institution].available(now) == 0 {
                continue;
            }
            st.buckets[meta.institution].take_one();
            let next_at = now + Duration::seconds(self.config.resend_after_seconds);
            self.app.store.reschedule_batch(&batch_id, next_at).await?;
            if let Some(m) = st.sent.get_mut(&batch_id) {
                m.next_at = next_at;
                m.attempts += 1;
            }
            if let Some(batch) = self.build(st, &batch_id, &meta) {
                report.resent += 1;
                out.push(batch);
            }
        }
        Ok(out)
    }

    /// The batch as sent, rebuilt from what was recorded of it.
    fn build(&self, st: &Dispatch, batch_id: &str, meta: &SentMeta) -> Option<Batch> {
        let institution = &self.app.directory.all()[meta.institution];
        let requests: Vec<Request> = match &meta.items {
            Items::Query(seqs) => seqs
                .iter()
                .filter_map(|seq| st.inquiries.get(seq))
                .flat_map(|inq| query_requests(inq, institution))
                .collect(),
            Items::Control(ids) => ids
                .iter()
                .filter_map(|id| st.controls.get(id))
                .filter_map(|row| serde_json::from_str(&row.request).ok())
                .collect(),
        };
        if requests.is_empty() {
            return None;
        }
        Some(Batch {
            batch_id: batch_id.to_owned(),
            court: meta.court.clone(),
            institution: institution.code.clone(),
            requests,
        })
    }

    /// New batches, as far as each institution's rate and quota allow.
    async fn form_batches(
        &self,
        st: &mut Dispatch,
        now: DateTime<Utc>,
        report: &mut PumpReport,
    ) -> Result<Vec<Batch>, AppError> {
        let mut out = Vec::new();
        let n = st.queues.len();
        let first = st.next_institution;
        for i in (0..n).map(|k| (first + k) % n) {
            if out.len() >= self.config.batches_per_round.max(1) {
                st.next_institution = i;
                break;
            }
            if st.queues[i].is_empty() {
                continue;
            }
            let institution = &self.app.directory.all()[i];
            let quota_left = institution
                .daily_quota
                .map_or(usize::MAX, |q| usize::try_from(q.saturating_sub(st.used[i])).unwrap_or(usize::MAX));
            // Where a quota binds, no court takes more than its share of what is left today.
            let courts = st.queues[i].by_court.len().max(1);
            let share = if quota_left < self.config.batch_max.saturating_mul(courts) {
                quota_left.div_ceil(courts)
            } else {
                quota_left
            };
            let allowance = self.config.batch_max.min(share);
            if allowance == 0 || st.buckets[i].available(now) == 0 {
                continue;
            }
            let Some((court, items, requests)) = take_work(st, i, allowance) else { continue };
            let batch_id = uuid::Uuid::now_v7().to_string();
            let (kind, items_json, max_item) = match &items {
                Items::Query(seqs) => (
                    "query",
                    serde_json::to_string(seqs).map_err(internal)?,
                    seqs.iter().copied().max().unwrap_or(0),
                ),
                Items::Control(ids) => ("control", serde_json::to_string(ids).map_err(internal)?, 0),
            };
            let next_at = now + Duration::seconds(self.config.resend_after_seconds);
            self.app
                .store
                .record_batch(&NewBatch {
                    batch_id: batch_id.clone(),
                    court: court.clone(),
                    institution: institution.code.clone(),
                    kind: kind.into(),
                    items: items_json,
                    max_item,
                    requests: requests as i64,
                    day: st.day.clone(),
                    next_at,
                })
                .await?;
            st.used[i] += requests as u64;
            st.buckets[i].take_one();
            st.cursors.entry(court.clone()).or_insert(0);
            let meta = SentMeta { court, institution: i, items, attempts: 1, next_at };
            if let Some(batch) = self.build(st, &batch_id, &meta) {
                out.push(batch);
            }
            st.sent.insert(batch_id, meta);
            report.batches_sent += 1;
            report.sub_requests += requests;
        }
        Ok(out)
    }

    async fn submit(
        &self,
        st: &mut Dispatch,
        batches: Vec<Batch>,
        now: DateTime<Utc>,
        report: &mut PumpReport,
    ) -> Result<(), AppError> {
        let mut results = Vec::with_capacity(batches.len());
        let mut pending = batches.into_iter();
        let mut running = tokio::task::JoinSet::new();
        loop {
            while running.len() < self.config.in_flight.max(1) {
                let Some(batch) = pending.next() else { break };
                let agency = Arc::clone(&self.agency);
                running.spawn(async move {
                    let id = batch.batch_id.clone();
                    (id, agency.submit(batch).await)
                });
            }
            let Some(done) = running.join_next().await else { break };
            results.push(done.map_err(internal)?);
        }
        for (batch_id, result) in results {
            match result {
                Ok(_) => {}
                Err(e) if e.is_transient() => {
                    let attempts = st.sent.get(&batch_id).map_or(1, |m| m.attempts);
                    let wait = e.retry_after_seconds().map_or_else(
                        || backoff(attempts),
                        |s| i64::try_from(s).unwrap_or(i64::MAX).clamp(1, 86_400),
                    );
                    let next_at = now + Duration::seconds(wait);
                    self.app.store.reschedule_batch(&batch_id, next_at).await?;
                    if let Some(m) = st.sent.get_mut(&batch_id) {
                        m.next_at = next_at;
                    }
                    report.deferred += 1;
                }
                Err(e) => {
                    tracing::warn!(batch = %batch_id, error = %e, "batch refused for good");
                    self.fail_batch(st, &batch_id, &e, report).await?;
                }
            }
        }
        Ok(())
    }

    /// A batch refused for good: its inquiries count the institution as failed, its control requests are
    /// answered as refused.
    async fn fail_batch(
        &self,
        st: &mut Dispatch,
        batch_id: &str,
        error: &AgencyError,
        report: &mut PumpReport,
    ) -> Result<(), AppError> {
        let Some(meta) = st.sent.get(batch_id).cloned() else { return Ok(()) };
        let (code, detail) = match error {
            AgencyError::Refused { refusal, .. } => (refusal.code.clone(), refusal.detail.clone()),
            AgencyError::Unreachable(m) => ("unreachable".to_owned(), m.clone()),
        };
        let institution = self.app.directory.all()[meta.institution].code.clone();
        let results: Vec<RequestResult> = match &meta.items {
            Items::Query(_) => Vec::new(),
            Items::Control(ids) => ids
                .iter()
                .map(|id| RequestResult {
                    request_id: id.clone(),
                    outcome: Outcome::Refused { code: code.clone(), detail: detail.clone() },
                })
                .collect(),
        };
        let answer = Answer {
            seq: 0,
            institution,
            batch_id: Some(batch_id.to_owned()),
            answered_at: self.app.clock().now().to_rfc3339(),
            results,
        };
        self.take_in_batch(st, &answer, &meta, true, report).await?;
        report.failed += 1;
        Ok(())
    }

    /// Fetches each court's new answers and takes them in; the cursor moves after them.
    async fn poll(&self, st: &mut Dispatch, report: &mut PumpReport) -> Result<(), AppError> {
        let courts: Vec<String> = st.cursors.keys().cloned().collect();
        for court in courts {
            loop {
                let after = st.cursors.get(&court).copied().unwrap_or(0);
                let page = match self.agency.answers(&court, after, self.config.answers_page).await {
                    Ok(page) => page,
                    Err(e) => {
                        tracing::warn!(court = %court, error = %e, "answers not fetched");
                        break;
                    }
                };
                let count = page.answers.len();
                for answer in &page.answers {
                    report.answers += 1;
                    self.take_in(st, answer, report).await?;
                }
                if page.next_after > after {
                    let batch = AppendBatch::new(&Self::actor(), &court)
                        .gateway(GatewayWrite::Cursor { court: court.clone(), after: page.next_after });
                    self.app.store.append(&batch).await?;
                    st.cursors.insert(court.clone(), page.next_after);
                }
                if count < self.config.answers_page || page.next_after <= after {
                    break;
                }
            }
        }
        Ok(())
    }

    async fn take_in(
        &self,
        st: &mut Dispatch,
        answer: &Answer,
        report: &mut PumpReport,
    ) -> Result<(), AppError> {
        match &answer.batch_id {
            Some(batch_id) => match st.sent.get(batch_id).cloned() {
                Some(meta) => self.take_in_batch(st, answer, &meta, false, report).await,
                None => {
                    // Answered before (a duplicate), or not ours.
                    report.duplicates += 1;
                    Ok(())
                }
            },
            None => {
                for result in &answer.results {
                    self.take_in_notice(answer, result, report).await?;
                }
                Ok(())
            }
        }
    }

    async fn take_in_batch(
        &self,
        st: &mut Dispatch,
        answer: &Answer,
        meta: &SentMeta,
        failed: bool,
        report: &mut PumpReport,
    ) -> Result<(), AppError> {
        let batch_id = answer.batch_id.clone().unwrap_or_default();
        let today = china_date(self.app.clock().now()).to_string();
        let mut per_case: BTreeMap<String, Vec<NewEvent>> = BTreeMap::new();
        let mut batch = AppendBatch::new(&Self::actor(), &meta.court)
            .gateway(GatewayWrite::BatchAnswered { batch_id: batch_id.clone(), failed });
        let mut completed = Vec::new();
        // A completed inquiry that was a 终本 re-query has its result taken into the library by a job.
        let mut answer_jobs = Vec::new();
        // Cases whose flow the answers move: their deadlines are recomputed by a job, once per cause.
        let mut refresh: BTreeSet<(String, String)> = BTreeSet::new();
        match &meta.items {
            Items::Query(seqs) => {
                for result in &answer.results {
                    let Outcome::Found { holdings } = &result.outcome else { continue };
                    if holdings.is_empty() {
                        continue;
                    }
                    let Some((inquiry_id, k)) =
                        result.request_id.rsplit_once('@').and_then(|(id, _)| id.rsplit_once('.'))
                    else {
                        continue;
                    };
                    let Some(inq) = st.by_inquiry_id.get(inquiry_id).and_then(|seq| st.inquiries.get(seq))
                    else {
                        continue;
                    };
                    let Some(subject) = k.parse::<usize>().ok().and_then(|k| inq.subjects.get(k)) else {
                        continue;
                    };
                    let found = AssetsFound {
                        inquiry_id: inq.inquiry_id.clone(),
                        institution: answer.institution.clone(),
                        subject: subject.id_number.clone(),
                        holdings: holdings.clone(),
                        found_on: today.clone(),
                    };
                    per_case.entry(inq.case_id.clone()).or_default().push(NewEvent::new(
                        ASSETS_FOUND,
                        1,
                        &found,
                    ));
                    refresh.insert((inq.case_id.clone(), format!("found/{}", inq.inquiry_id)));
                }
                for seq in seqs {
                    let Some(inq) = st.inquiries.get(seq) else { continue };
                    let (answered, failures) =
                        if failed { (inq.answered, inq.failed + 1) } else { (inq.answered + 1, inq.failed) };
                    if answered + failures >= inq.targets {
                        let done = InquiryCompleted {
                            inquiry_id: inq.inquiry_id.clone(),
                            answered,
                            failed: failures,
                            completed_on: today.clone(),
                        };
                        per_case.entry(inq.case_id.clone()).or_default().push(NewEvent::new(
                            INQUIRY_COMPLETED,
                            1,
                            &done,
                        ));
                        answer_jobs.push(requery_answer_job(&inq.case_id, &inq.inquiry_id));
                        completed.push(*seq);
                    }
                }
                batch = batch.gateway(GatewayWrite::InquiriesAnswered { seqs: seqs.clone(), failed });
                if !completed.is_empty() {
                    batch = batch.gateway(GatewayWrite::InquiriesCompleted { seqs: completed.clone() });
                }
            }
            Items::Control(ids) => {
                for result in &answer.results {
                    let Some(row) = st.controls.get(&result.request_id) else { continue };
                    let answered = ControlAnswered {
                        request_id: result.request_id.clone(),
                        institution: answer.institution.clone(),
                        outcome: result.outcome.clone(),
                        answered_on: today.clone(),
                    };
                    if moves_the_flow(&result.outcome) {
                        let cause = format!("{}/{}", result.request_id, result.outcome.kind());
                        refresh.insert((row.case_id.clone(), cause));
                    }
                    per_case.entry(row.case_id.clone()).or_default().push(NewEvent::new(
                        CONTROL_ANSWERED,
                        1,
                        &answered,
                    ));
                }
                batch = batch.gateway(GatewayWrite::ControlsAnswered { request_ids: ids.clone() });
            }
        }
        let events: usize = per_case.values().map(Vec::len).sum();
        for (case_id, cause) in refresh {
            batch = batch.job(refresh_job(&case_id, &cause));
        }
        for job in answer_jobs {
            batch = batch.job(job);
        }
        for (case_id, events) in per_case {
            batch = batch.stream(&cases::case_stream(&case_id), ExpectedVersion::Any, events);
        }
        match self.app.store.append(&batch).await {
            Ok(_) => report.events += events,
            Err(StoreError::AlreadyRecorded { .. }) => report.duplicates += 1,
            Err(e) => return Err(e.into()),
        }
        // Taken in (now or before): the batch is done.
        st.sent.remove(&batch_id);
        match &meta.items {
            Items::Query(seqs) => {
                for seq in seqs {
                    if let Some(inq) = st.inquiries.get_mut(seq) {
                        if failed { inq.failed += 1 } else { inq.answered += 1 }
                    }
                }
                for seq in completed {
                    if let Some(inq) = st.inquiries.remove(&seq) {
                        st.by_inquiry_id.remove(&inq.inquiry_id);
                    }
                }
            }
            Items::Control(ids) => {
                for id in ids {
                    st.controls.remove(id);
                }
            }
        }
        Ok(())
    }

    /// A notice about an earlier request (a queued freeze in force, a freeze expired), recorded once.
    async fn take_in_notice(
        &self,
        answer: &Answer,
        result: &RequestResult,
        report: &mut PumpReport,
    ) -> Result<(), AppError> {
        let Some((case_id, court)) = self.app.store.control_request_case(&result.request_id).await? else {
            report.duplicates += 1;
            return Ok(());
        };
        let outcome = serde_json::to_string(&result.outcome).map_err(internal)?;
        let key =
            hex::encode(Sha256::digest(format!("{}\n{}\n{outcome}", answer.institution, result.request_id)));
        let answered = ControlAnswered {
            request_id: result.request_id.clone(),
            institution: answer.institution.clone(),
            outcome: result.outcome.clone(),
            answered_on: china_date(self.app.clock().now()).to_string(),
        };
        let mut batch =
            AppendBatch::new(&Self::actor(), &court).gateway(GatewayWrite::NoticeOnce { key }).stream(
                &cases::case_stream(&case_id),
                ExpectedVersion::Any,
                vec![NewEvent::new(CONTROL_ANSWERED, 1, &answered)],
            );
        if moves_the_flow(&result.outcome) {
            let cause = format!("{}/{}", result.request_id, result.outcome.kind());
            batch = batch.job(refresh_job(&case_id, &cause));
        }
        match self.app.store.append(&batch).await {
            Ok(_) => report.events += 1,
            Err(StoreError::AlreadyRecorded { .. }) => report.duplicates += 1,
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }
}

/// An answer that moves a case's flow: a freeze in force (the control node; a sale's reference-price clock),
/// money deducted (funds received).
fn moves_the_flow(outcome: &Outcome) -> bool {
    matches!(
        outcome,
        Outcome::Frozen { queued_behind: 0, .. } | Outcome::TookEffect { .. } | Outcome::Deducted { .. }
    )
}

/// The job recomputing a case's deadlines after `cause` (once per cause, however often the answer comes).
fn refresh_job(case_id: &str, cause: &str) -> NewJob {
    NewJob::new(case::REFRESH_DEADLINES_JOB, &case::RefreshDeadlinesJob { case_id: case_id.to_owned() })
        .idempotency_key(&format!("refresh/{case_id}/{cause}"))
}

/// The next piece of work for institution `i`, within `allowance` sub-requests: control requests first (of
/// one court), then inquiries, urgent first, the courts taking turns. Returns the court, the items and the
/// number of sub-requests.
fn take_work(st: &mut Dispatch, i: usize, allowance: usize) -> Option<(String, Items, usize)> {
    let queue = &mut st.queues[i];
    if let Some(first) = queue.controls.front() {
        let court = st.controls.get(first)?.court.clone();
        let mut ids = Vec::new();
        let mut rest = VecDeque::new();
        while let Some(id) = queue.controls.pop_front() {
            let same = st.controls.get(&id).is_some_and(|row| row.court == court);
            if same && ids.len() < allowance { ids.push(id) } else { rest.push_back(id) }
        }
        queue.controls = rest;
        let n = ids.len();
        return Some((court, Items::Control(ids), n));
    }
    // Inquiries: urgent ones first, then the others, the courts taking one turn each, starting after the court
    // served first last time. Queries change nothing at the institution, so one batch carries several courts'
    // (it is submitted, and answered, under the first court's code).
    let courts: Vec<String> = queue.by_court.keys().cloned().collect();
    let start = queue.last_court.as_ref().map_or(0, |last| courts.iter().position(|c| c > last).unwrap_or(0));
    let order: Vec<String> = courts.iter().cycle().skip(start).take(courts.len()).cloned().collect();
    let mut seqs = Vec::new();
    let mut requests = 0;
    let mut first_court = None;
    for urgent in [true, false] {
        loop {
            let mut took = false;
            for court in &order {
                let Some((u, n)) = queue.by_court.get_mut(court) else { continue };
                let q = if urgent { u } else { n };
                let Some(&seq) = q.front() else { continue };
                let size = st.inquiries.get(&seq).map_or(0, |inq| inq.subjects.len());
                if requests + size > allowance {
                    continue;
                }
                q.pop_front();
                if size > 0 {
                    seqs.push(seq);
                    requests += size;
                    first_court.get_or_insert_with(|| court.clone());
                    took = true;
                }
            }
            if !took || requests >= allowance {
                break;
            }
        }
    }
    queue.by_court.retain(|_, (u, n)| !u.is_empty() || !n.is_empty());
    let court = first_court?;
    queue.last_court = Some(court.clone());
    Some((court, Items::Query(seqs), requests))
}

/// The query requests of an inquiry for one institution: one per subject, asking for the classes it answers.
fn query_requests(
    inq: &OpenInquiry,
    institution: &zhixing_core::inquiry::protocol::Institution,
) -> Vec<Request> {
    let classes: Vec<String> = inq
        .classes
        .iter()
        .filter(|c| institution.classes.iter().any(|ic| ic == c.code()))
        .map(|c| c.code().to_owned())
        .collect();
    inq.subjects
        .iter()
        .enumerate()
        .map(|(k, subject)| Request {
            // Unique for ever: the inquiry, the subject, the institution.
            request_id: format!("{}.{k}@{}", inq.inquiry_id, institution.code),
            case_number: inq.case_number.clone(),
            subject: subject.clone(),
            op: Op::Query { classes: classes.clone() },
        })
        .collect()
}

/// Seconds before sending again after the `attempts`th try went unanswered: 2, 4, 8 … up to 5 minutes.
fn backoff(attempts: i64) -> i64 {
    2_i64.saturating_pow(u32::try_from(attempts.clamp(1, 20)).unwrap_or(20)).min(300)
}
