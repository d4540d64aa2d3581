//! The case flow: commands on a case (assign, record a fact, suspend, resume, extend, close), each
//! recorded with the case's open deadlines recomputed; the timeline; the deadline scans.

use crate::{Accepted, Actor, App, AppError};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use zhixing_core::cases::case::{
    self, CaseCommand, CaseRejection, CaseResumedAs, CaseState, DeadlinesComputed, RequeryDue, RequeryJob,
    ResumptionOf, ScheduledRequeryRecord, ZhongbenLibraryScheduled,
};
use zhixing_core::cases::{self};
use zhixing_core::clock::china_date;
use zhixing_core::closing::{self, ClosingMode, Owed, ResumptionFiling};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::flow::{self, Deadline, EscalationPolicy, TimelineRow};
use zhixing_core::ids::case_number::{CaseNumber, CaseType};
use zhixing_core::inquiry::record;
use zhixing_core::limits;
use zhixing_core::money::Amount;
use zhixing_core::users as domain;
use zhixing_store::{AppendBatch, CaseRow, DeadlineRow, Job, JobOutcome, NewJob, StoreError};

/// A case's state with its deadlines and node timeline on a given day.
#[derive(Debug, Clone)]
pub struct CaseFlow {
    pub case: CaseRow,
    pub state: CaseState,
    pub deadlines: Vec<Deadline>,
    pub timeline: Vec<TimelineRow>,
}

impl App {
    /// Applies a command to a case: decided by the domain, recorded with the recomputed open
    /// deadlines in one append. Officers and the command center within scope.
    pub async fn case_command(
        &self,
        actor: &Actor,
        case_number: &str,
        command: &CaseCommand,
    ) -> Result<CaseFlow, AppError> {
        let case = self.case_for(actor, case_number).await?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &case.court)?;
        let (state, version) = self.load_case(&case.case_id).await?;
        let today = china_date(self.clock().now());
        let (event_type, payload) = case::decide(&state, command, today).map_err(rejection)?;
        let next = case::evolve(state, &event_type, &payload);
        let rules = self.limits_of(&case.court).await?.rules;
        let timeline =
            next.timeline.clone().ok_or_else(|| AppError::Internal("case without timeline".into()))?;
        let deadlines = flow::deadlines(&timeline, &rules, self.calendar, today).map_err(flow_error)?;
        let computed = self.deadlines_computed(&case.case_id, &case.court, &next, &deadlines);
        let closed_as_zhongben = next.closed.as_ref().is_some_and(|c| c.mode == ClosingMode::Zhongben.code());
        let mut events = vec![
            NewEvent { event_type, schema_version: 1, payload },
            NewEvent::new(case::DEADLINES_COMPUTED, 1, &computed),
        ];
        let mut jobs = Vec::new();
        if closed_as_zhongben && let Some(closed_on) = timeline.closed_on {
            let (scheduled, requery_jobs) = self.zhongben_library(&case.case_id, closed_on)?;
            events.push(NewEvent::new(case::ZHONGBEN_LIBRARY_SCHEDULED, 1, &scheduled));
            jobs = requery_jobs;
        }
        let mut batch = AppendBatch::new(&actor.reference(), &case.court).stream(
            &cases::case_stream(&case.case_id),
            ExpectedVersion::Exact(version),
            events,
        );
        batch.jobs = jobs;
        self.store.append(&batch).await?;
        let rows = flow::timeline_rows(&timeline, &rules, self.calendar, today).map_err(flow_error)?;
        Ok(CaseFlow { case, state: next, deadlines, timeline: rows })
    }

    /// A case's flow today: deadlines and the node timeline, planned against actual.
    pub async fn case_flow(&self, actor: &Actor, case_number: &str) -> Result<CaseFlow, AppError> {
        let case = self.case_for(actor, case_number).await?;
        self.flow_of(case).await
    }

    /// Assigns a case to the officer with this login (the web form names officers by login): the account must
    /// exist, be enabled and hold the officer role, else the field is refused.
    pub async fn assign_to_login(
        &self,
        actor: &Actor,
        case_number: &str,
        login: &str,
        assistant: Option<String>,
        clerk: Option<String>,
    ) -> Result<CaseFlow, AppError> {
        let officer = self
            .store
            .user_by_login(login.trim())
            .await?
            .filter(|u| !u.disabled && u.roles.contains(&zhixing_core::users::Role::Officer))
            .ok_or_else(|| {
                AppError::invalid(
                    "officer_login",
                    "unknown_officer",
                    "no officer with this login / 无此执行人员账号",
                )
            })?;
        let command = CaseCommand::Assign {
            officer_id: officer.user_id,
            officer_name: officer.name,
            assistant,
            clerk,
            on: self.today(),
        };
        self.case_command(actor, case_number, &command).await
    }

    /// The flow of a case already found (and, where an actor asks, already authorized).
    pub(crate) async fn flow_of(&self, case: CaseRow) -> Result<CaseFlow, AppError> {
        let (state, _) = self.load_case(&case.case_id).await?;
        let today = china_date(self.clock().now());
        let rules = self.limits_of(&case.court).await?.rules;
        let timeline =
            state.timeline.clone().ok_or_else(|| AppError::Internal("case without timeline".into()))?;
        let deadlines = flow::deadlines(&timeline, &rules, self.calendar, today).map_err(flow_error)?;
        let rows = flow::timeline_rows(&timeline, &rules, self.calendar, today).map_err(flow_error)?;
        Ok(CaseFlow { case, state, deadlines, timeline: rows })
    }

    /// The actor's own cases at their court by their open deadlines, soonest first (the officer's list on the
    /// workbench): the deadlines whose case names the actor as 承办人.
    pub async fn my_deadlines(&self, actor: &Actor, limit: u32) -> Result<Vec<DeadlineRow>, AppError> {
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, &actor.court)?;
        Ok(self.store.officer_deadlines(&actor.court, &actor.name, limit).await?)
    }

    /// Overdue (or due-soon) open deadlines of a court and the courts below it, soonest first.
    pub async fn deadlines_due(
        &self,
        actor: &Actor,
        court: &str,
        overdue: bool,
        limit: u32,
    ) -> Result<Vec<DeadlineRow>, AppError> {
        let courts = self.deadline_scope(actor, court)?;
        let today = china_date(self.clock().now()).to_string();
        Ok(self.store.deadlines_due(&courts, &today, overdue, limit).await?)
    }

    /// The whole overdue (or due-soon) list of a court and the courts below it, soonest first: what an
    /// export (导出) of the list holds.
    pub async fn deadline_set(
        &self,
        actor: &Actor,
        court: &str,
        overdue: bool,
    ) -> Result<Vec<DeadlineRow>, AppError> {
        let courts = self.deadline_scope(actor, court)?;
        let today = china_date(self.clock().now()).to_string();
        Ok(self.store.deadline_set(&courts, &today, overdue).await?)
    }

    /// `court` and the courts below it, if the actor may read their cases.
    fn deadline_scope<'c>(&self, actor: &Actor, court: &'c str) -> Result<Vec<&'c str>, AppError> {
        self.known_court(court)?;
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, court)?;
        let mut courts = vec![court];
        courts.extend(self.courts.descendants(court).iter().map(|c| c.code));
        Ok(courts)
    }

    /// The 终本 library report of a court and the courts below it (终本规定 第九条): per court, cases in the
    /// library and resumed, re-query rounds due, answered and answered with property.
    pub async fn zhongben_library_report(
        &self,
        actor: &Actor,
        court: &str,
    ) -> Result<Vec<zhixing_store::LibraryCourtRow>, AppError> {
        self.known_court(court)?;
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, court)?;
        let mut courts = vec![court];
        courts.extend(self.courts.descendants(court).iter().map(|c| c.code));
        Ok(self.store.zhongben_library_report(&courts).await?)
    }

    /// The 终本 library entry for a case closed on `closed_on`: its entry date, its re-query schedule,
    /// and one durable job per re-query.
    fn zhongben_library(
        &self,
        case_id: &str,
        closed_on: NaiveDate,
    ) -> Result<(ZhongbenLibraryScheduled, Vec<NewJob>), AppError> {
        let scheduled = case::zhongben_library(case_id, closed_on, self.calendar)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let jobs = scheduled.requeries.iter().map(|r| requery_job(case_id, r)).collect();
        Ok((scheduled, jobs))
    }

    /// The handler of a [`case::REQUERY_JOB`]: records that the re-query fell due, once per round; a
    /// case resumed meanwhile has left the library and needs nothing.
    pub async fn handle_requery(&self, job: Job) -> JobOutcome {
        let Ok(payload) = serde_json::from_str::<RequeryJob>(&job.payload) else {
            return JobOutcome::Retry("unreadable re-query job".into());
        };
        let (state, version) = match self.load_case(&payload.case_id).await {
            Ok(loaded) => loaded,
            Err(e) => return JobOutcome::Retry(e.to_string()),
        };
        let Some(filed) = &state.filed else { return JobOutcome::Retry("no such case".into()) };
        if state.resumed_as.is_some() || state.requeries_due.contains(&payload.round) {
            return JobOutcome::Done;
        }
        let due = RequeryDue { round: payload.round, due_on: payload.due_on };
        let mut events = vec![NewEvent::new(case::REQUERY_DUE, 1, &due)];
        // With the network connected, the re-query is made at once: a one-click inquiry of every debtor.
        if let Some(inquiry) = self.requery_inquiry(filed, payload.round) {
            events.push(NewEvent::new(record::INQUIRY_REQUESTED, 1, &inquiry));
        }
        let batch = AppendBatch::new(&Actor::system("zhongben-library").reference(), &filed.court).stream(
            &cases::case_stream(&payload.case_id),
            ExpectedVersion::Exact(version),
            events,
        );
        match self.store.append(&batch).await {
            Ok(_) => JobOutcome::Done,
            Err(e) => JobOutcome::Retry(e.to_string()),
        }
    }

    /// The handler of a [`case::REQUERY_ANSWER_JOB`]: when the completed inquiry was a re-query of a case still in
    /// the 终本 library, records its result with who is told and the recommendation
    /// ([`case::zhongben_art9_requery_answered`]), once per round; any other inquiry needs nothing.
    pub async fn handle_requery_answer(&self, job: Job) -> JobOutcome {
        let Ok(payload) = serde_json::from_str::<case::RequeryAnswerJob>(&job.payload) else {
            return JobOutcome::Retry("unreadable re-query answer job".into());
        };
        let (state, version) = match self.load_case(&payload.case_id).await {
            Ok(loaded) => loaded,
            Err(e) => return JobOutcome::Retry(e.to_string()),
        };
        let Some(filed) = &state.filed else { return JobOutcome::Retry("no such case".into()) };
        let today = china_date(self.clock().now());
        let Some(answered) = case::zhongben_art9_requery_answered(&state, &payload.inquiry_id, today) else {
            return JobOutcome::Done;
        };
        let batch = AppendBatch::new(&Actor::system("zhongben-library").reference(), &filed.court).stream(
            &cases::case_stream(&payload.case_id),
            ExpectedVersion::Exact(version),
            vec![NewEvent::new(case::REQUERY_ANSWERED, 1, &answered)],
        );
        match self.store.append(&batch).await {
            Ok(_) => JobOutcome::Done,
            Err(e) => JobOutcome::Retry(e.to_string()),
        }
    }

    /// 恢复执行: files a 终本 case again as a linked 执恢 case with the next 执恢 number of its court,
    /// inheriting the parties and the basis, carrying the amounts still owed (the original amounts when
    /// `owed` is `None`). The original case records the link in the same transaction, so a case is
    /// resumed once.
    pub async fn resume_case(
        &self,
        actor: &Actor,
        case_number: &str,
        owed: Option<Owed>,
    ) -> Result<Accepted, AppError> {
        let case = self.case_for(actor, case_number).await?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &case.court)?;
        let (state, version) = self.load_case(&case.case_id).await?;
        let original = case::may_resume(&state).map_err(rejection)?.clone();
        let owed = owed.unwrap_or(Owed {
            principal: Amount::from_fen(original.principal_fen).unwrap_or(Amount::ZERO),
            interest: Amount::from_fen(original.interest_fen).unwrap_or(Amount::ZERO),
            costs: Amount::from_fen(original.costs_fen).unwrap_or(Amount::ZERO),
        });
        let now = self.clock().now();
        let today = china_date(now);
        let year = u16::try_from(today.year()).map_err(|e| AppError::Internal(e.to_string()))?;
        let case_id = uuid::Uuid::new_v7(crate::users::uuid_timestamp(now)).to_string();
        let counter = format!("case_number/{}/{}/{year}", case.court, CaseType::ZhiHui.code());
        let actor_ref = actor.reference();
        let mut refused = None;
        let outcome = self
            .store
            .append_numbered(&counter, |seq| {
                let filing = ResumptionFiling {
                    case_id: &case_id,
                    filed_on: today,
                    year,
                    seq: seq as u32,
                    court: &case.court,
                };
                let resumed = match closing::resumption(&original, owed, &filing) {
                    Ok(resumed) => resumed,
                    Err(e) => {
                        refused = Some(AppError::invalid("owed", e.code(), &e.to_string()));
                        return Err(StoreError::InvalidJob("resumption".into()));
                    }
                };
                let link = CaseResumedAs {
                    resumed_case_id: case_id.clone(),
                    resumed_case_number: resumed.case.case_number.clone(),
                    on: today.to_string(),
                };
                let back = ResumptionOf {
                    original_case_id: original.case_id.clone(),
                    original_case_number: original.case_number.clone(),
                };
                Ok(AppendBatch::new(&actor_ref, &case.court)
                    .stream(
                        &cases::case_stream(&original.case_id),
                        ExpectedVersion::Exact(version),
                        vec![NewEvent::new(case::CASE_RESUMED_AS, 1, &link)],
                    )
                    .stream(
                        &cases::case_stream(&case_id),
                        ExpectedVersion::NoStream,
                        vec![
                            NewEvent::new(cases::CASE_FILED, 1, &resumed.case),
                            NewEvent::new(case::RESUMPTION_OF, 1, &back),
                        ],
                    ))
            })
            .await;
        let (seq, _) = match (outcome, refused) {
            (Ok(done), _) => done,
            (Err(_), Some(refusal)) => return Err(refusal),
            (Err(e), None) => return Err(e.into()),
        };
        let number = CaseNumber::new(year, &case.court, CaseType::ZhiHui, seq as u32)
            .map_err(|e| AppError::Internal(format!("case number: {e}")))?;
        Ok(Accepted { case_id, case_number: number.canonical() })
    }

    /// One pass of the deadline scan: for up to `cases_max` cases that owe an alert today (soonest
    /// due first, read from the due-date index), recompute the deadlines from the case's events and
    /// record each new warning, overdue notice or escalation as a `DeadlineAlerted` event with the
    /// refreshed deadlines. Bounded, so a day with 100,000 deadlines falling due is worked through
    /// in passes without holding up anything else. A case changed meanwhile is left to the next pass.
    pub async fn scan_deadlines(&self, cases_max: u32) -> Result<ScanReport, AppError> {
        let today = china_date(self.clock().now());
        let policy = EscalationPolicy::default();
        let command_center_before = command_center_threshold(self, today, policy)
            .map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string());
        let case_ids =
            self.store.cases_owing_alerts(&today.to_string(), &command_center_before, cases_max).await?;
        let mut rules = HashMap::new();
        let system = Actor::system("deadline-scan");
        let mut report = ScanReport { cases: case_ids.len(), ..ScanReport::default() };
        for case_id in case_ids {
            let (state, version) = self.load_case(&case_id).await?;
            let (Some(filed), Some(timeline)) = (&state.filed, &state.timeline) else { continue };
            // One case whose deadlines cannot be computed (a date beyond the calendar's years) must not
            // hold up the others: it is logged and left for the next pass.
            let rules = self.limits_cached(&mut rules, &filed.court).await?;
            let computed = flow::deadlines(timeline, rules, self.calendar, today).and_then(|deadlines| {
                let alerts = case::alerts_due(&state, &deadlines, today, self.calendar, policy)?;
                Ok((deadlines, alerts))
            });
            let (deadlines, alerts) = match computed {
                Ok(computed) => computed,
                Err(error) => {
                    tracing::warn!(case.id = %case_id, error = %error, "deadline scan: cannot compute the case's deadlines");
                    report.failed += 1;
                    continue;
                }
            };
            let mut events = Vec::with_capacity(alerts.len() + 1);
            let mut after = state.clone();
            for alert in &alerts {
                let event = NewEvent::new(case::DEADLINE_ALERTED, 1, alert);
                after = case::evolve(after, &event.event_type, &event.payload);
                events.push(event);
            }
            let computed = self.deadlines_computed(&case_id, &filed.court, &after, &deadlines);
            events.push(NewEvent::new(case::DEADLINES_COMPUTED, 1, &computed));
            let batch = AppendBatch::new(&system.reference(), &filed.court).stream(
                &cases::case_stream(&case_id),
                ExpectedVersion::Exact(version),
                events,
            );
            match self.store.append(&batch).await {
                Ok(_) => report.alerts += alerts.len(),
                Err(StoreError::Conflict { .. }) => report.conflicts += 1,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(report)
    }

    /// The `DeadlinesComputed` a case in `state` records: its open deadlines today, each with the highest
    /// alert already raised for it.
    pub(crate) fn deadlines_computed(
        &self,
        case_id: &str,
        court: &str,
        state: &CaseState,
        deadlines: &[Deadline],
    ) -> DeadlinesComputed {
        let mut open = case::open_deadlines(deadlines);
        case::mark_alerted(&mut open, state);
        DeadlinesComputed {
            case_id: case_id.to_owned(),
            court: court.to_owned(),
            computed_on: china_date(self.clock().now()).to_string(),
            deadlines: open,
        }
    }

    async fn case_for(&self, actor: &Actor, case_number: &str) -> Result<CaseRow, AppError> {
        let number = CaseNumber::parse(case_number)
            .map_err(|e| AppError::invalid("case_number", e.code(), &e.to_string()))?;
        self.case_by_number(actor, &number.canonical()).await
    }

    pub(crate) async fn load_case(&self, case_id: &str) -> Result<(CaseState, u64), AppError> {
        let stream = cases::case_stream(case_id);
        let mut state = CaseState::default();
        let mut version = 0;
        loop {
            let page = self.store.read_stream(&stream, version + 1, limits::REPLAY_PAGE_EVENTS).await?;
            let Some(last) = page.last() else { break };
            version = last.stream_version;
            for event in &page {
                state = case::evolve(state, &event.event_type, &event.payload);
            }
        }
        Ok((state, version))
    }
}

/// The job that records a completed inquiry's result in the 终本 library when it was a re-query (once per
/// inquiry): the gateway queues it with the inquiry's completion.
pub fn requery_answer_job(case_id: &str, inquiry_id: &str) -> NewJob {
    let payload = case::RequeryAnswerJob { case_id: case_id.to_owned(), inquiry_id: inquiry_id.to_owned() };
    NewJob::new(case::REQUERY_ANSWER_JOB, &payload).idempotency_key(&format!("requery-answer/{inquiry_id}"))
}

/// The durable job that brings re-query round `requery.round` of a 终本 case to the officer's desk on its
/// date, at 09:00 China time; enqueued twice, it is stored once.
pub fn requery_job(case_id: &str, requery: &ScheduledRequeryRecord) -> NewJob {
    let payload =
        RequeryJob { case_id: case_id.to_owned(), round: requery.round, due_on: requery.date.clone() };
    let job = NewJob::new(case::REQUERY_JOB, &payload)
        .idempotency_key(&format!("requery/{case_id}/{}", requery.round));
    match NaiveDate::parse_from_str(&requery.date, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(1, 0, 0)) {
        Some(at) => job.at(at.and_utc()),
        None => job,
    }
}

/// What one pass of the deadline scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanReport {
    /// Cases examined.
    pub cases: usize,
    /// Alerts recorded.
    pub alerts: usize,
    /// Cases changed by someone else meanwhile, left to the next pass.
    pub conflicts: usize,
    /// Cases whose deadlines could not be computed (logged), left to the next pass.
    pub failed: usize,
}

/// The day after which a deadline missed is overdue by more than the policy's working days: due dates
/// before the returned date owe a command-center alert. `None` when the calendar lacks the days.
fn command_center_threshold(app: &App, today: NaiveDate, policy: EscalationPolicy) -> Option<NaiveDate> {
    let needed = policy.command_center_after_working_days() + 1;
    let mut day = today;
    let mut counted = 0;
    while counted < needed {
        if app.calendar.is_working_day(day).ok()? {
            counted += 1;
        }
        day = day.pred_opt()?;
    }
    // working days in (day, today] = needed, so a due date on or before `day` is late by more than the policy.
    day.succ_opt()
}

fn rejection(rejection: CaseRejection) -> AppError {
    let blocked = match &rejection {
        CaseRejection::ZhongbenBlocked(items) => Some(("zhongben", items)),
        CaseRejection::ClosingBlocked(items) => Some(("grounds", items)),
        _ => None,
    };
    if let Some((prefix, items)) = blocked {
        // Each unmet condition as a field the officer can act on.
        return AppError::Invalid(
            items
                .iter()
                .map(|(condition, reason)| crate::FieldError {
                    field: format!("{prefix}.{condition}"),
                    code: rejection.code().into(),
                    message: reason.clone(),
                })
                .collect(),
        );
    }
    match rejection.field() {
        Some(field) => AppError::invalid(field, rejection.code(), &rejection.to_string()),
        None if rejection == CaseRejection::NotFound => AppError::NotFound { what: "case".into() },
        None => AppError::Refused { code: rejection.code().into(), message: rejection.to_string() },
    }
}

fn flow_error(error: flow::FlowError) -> AppError {
    AppError::Refused { code: error.code().into(), message: error.to_string() }
}
