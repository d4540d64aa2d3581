//! A court's flow limits (本院流程节点期限): reading and setting them, and recomputing the open deadlines of
//! the court's open cases when they change (or when the legal calendar does, after an upgrade).

use crate::{Actor, App, AppError};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use zhixing_core::cases::{self, case};
use zhixing_core::clock::china_date;
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::flow::settings::{
    COURT_LIMITS_SET, CourtLimitsSet, RECOMPUTE_JOB, RecomputeJob, court_limits_stream,
};
use zhixing_core::flow::{self, LimitRules};
use zhixing_core::limits;
use zhixing_core::users as domain;
use zhixing_store::{AppendBatch, Job, JobOutcome, NewJob, StoreError};

/// A court's limits as they apply now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtLimits {
    pub court: String,
    pub rules: LimitRules,
    /// Version of the court's settings stream: 0 while the court works to the statutory limits.
    pub version: u64,
}

/// What a recompute did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecomputeReport {
    /// Open cases visited.
    pub cases: usize,
    /// Cases whose open deadlines changed, each recorded as a new `DeadlinesComputed`.
    pub changed: usize,
    /// Cases changed by someone else meanwhile (their own command recomputed them).
    pub conflicts: usize,
    /// Cases whose deadlines could not be computed (logged).
    pub failed: usize,
}

/// Cases read per page of a recompute.
const RECOMPUTE_PAGE: u32 = 200;

impl App {
    /// A court's limits: officers, the command center and leaders read those of their court and the
    /// courts below; admins too.
    pub async fn court_limits(&self, actor: &Actor, court: &str) -> Result<CourtLimits, AppError> {
        self.may_read_court_setting(actor, court)?;
        self.limits_of(court).await
    }

    /// A court's settings are read by those who read its cases (officers, the command center, leaders of the
    /// court or a court above) and by those who configure it.
    pub(crate) fn may_read_court_setting(&self, actor: &Actor, court: &str) -> Result<(), AppError> {
        self.known_court(court)?;
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, court)
            .or_else(|_| domain::may_configure_court(self.courts, &actor.roles, &actor.court, court))?;
        Ok(())
    }

    /// The payload of the latest `event_type` in a setting's stream (`None` when it has none) and the
    /// stream's version.
    pub(crate) async fn latest_setting(
        &self,
        stream: &str,
        event_type: &str,
    ) -> Result<(Option<String>, u64), AppError> {
        let mut version = 0;
        let mut latest = None;
        loop {
            let page = self.store.read_stream(stream, version + 1, limits::REPLAY_PAGE_EVENTS).await?;
            let Some(last) = page.last() else { break };
            version = last.stream_version;
            if let Some(set) = page.iter().rev().find(|e| e.event_type == event_type) {
                latest = Some(set.payload.clone());
            }
        }
        Ok((latest, version))
    }

    /// Sets a court's local limits and warning window (replacing the earlier setting whole), and queues
    /// the recompute of its open cases' deadlines in the same transaction. `expected_version` guards
    /// against overwriting a setting changed meanwhile.
    pub async fn set_court_limits(
        &self,
        actor: &Actor,
        court: &str,
        setting: &CourtLimitsSet,
        expected_version: Option<u64>,
    ) -> Result<CourtLimits, AppError> {
        self.known_court(court)?;
        domain::may_configure_court(self.courts, &actor.roles, &actor.court, court)?;
        if setting.court != court {
            return Err(AppError::invalid(
                "court",
                "court_mismatch",
                "the setting names another court / 法院不一致",
            ));
        }
        setting.rules().map_err(|e| AppError::invalid(&e.field, e.code, &e.message))?;
        let stream = court_limits_stream(court);
        let expected = match expected_version {
            Some(version) => version,
            None => self.store.stream_version(&stream).await?,
        };
        let batch = AppendBatch::new(&actor.reference(), court)
            .stream(
                &stream,
                if expected == 0 { ExpectedVersion::NoStream } else { ExpectedVersion::Exact(expected) },
                vec![NewEvent::new(COURT_LIMITS_SET, 1, setting)],
            )
            .job(
                NewJob::new(RECOMPUTE_JOB, &RecomputeJob { court: court.to_owned() })
                    .idempotency_key(&format!("recompute/{court}/{}", expected + 1)),
            );
        self.store.append(&batch).await?;
        self.limits_of(court).await
    }

    /// The limits `court` works to: its latest setting, or the statutory limits. A recorded setting that
    /// no longer holds (a later release made a statutory limit shorter) is logged and the statutory
    /// limits apply.
    pub(crate) async fn limits_of(&self, court: &str) -> Result<CourtLimits, AppError> {
        let (latest, version) = self.latest_setting(&court_limits_stream(court), COURT_LIMITS_SET).await?;
        let rules = match latest.map(|payload| serde_json::from_str::<CourtLimitsSet>(&payload)) {
            None => LimitRules::statutory(),
            Some(Ok(setting)) => setting.rules().unwrap_or_else(|error| {
                tracing::warn!(court, field = %error.field, code = error.code, "court limits no longer hold: statutory limits apply");
                LimitRules::statutory()
            }),
            Some(Err(error)) => return Err(AppError::Internal(format!("court limits of {court}: {error}"))),
        };
        Ok(CourtLimits { court: court.to_owned(), rules, version })
    }

    /// Recomputes the open deadlines of every open case of `court` with the court's limits and the legal
    /// calendar today, recording a new `DeadlinesComputed` only where they changed (so a second run
    /// records nothing).
    pub async fn recompute_deadlines(&self, court: &str) -> Result<RecomputeReport, AppError> {
        self.known_court(court)?;
        let rules = self.limits_of(court).await?.rules;
        let system = Actor::system("deadline-recompute").reference();
        let mut report = RecomputeReport::default();
        let mut cursor = (String::new(), String::new());
        loop {
            let page = self.store.open_cases_after(court, (&cursor.0, &cursor.1), RECOMPUTE_PAGE).await?;
            let Some(last) = page.last() else { break };
            cursor = last.clone();
            for (_, case_id) in &page {
                report.cases += 1;
                match self.refresh_case_deadlines(case_id, court, &rules, &system).await? {
                    Refreshed::Changed => report.changed += 1,
                    Refreshed::Conflict => report.conflicts += 1,
                    Refreshed::Failed => report.failed += 1,
                    Refreshed::Unchanged | Refreshed::NotOpen => {}
                }
            }
        }
        Ok(report)
    }

    /// Recomputes one open case's deadlines with `rules` today, recording `DeadlinesComputed` only when they
    /// changed.
    pub(crate) async fn refresh_case_deadlines(
        &self,
        case_id: &str,
        court: &str,
        rules: &LimitRules,
        actor: &str,
    ) -> Result<Refreshed, AppError> {
        let today = china_date(self.clock().now());
        let (state, version) = self.load_case(case_id).await?;
        let (Some(_), Some(timeline), None) = (&state.filed, &state.timeline, &state.closed) else {
            return Ok(Refreshed::NotOpen);
        };
        let deadlines = match flow::deadlines(timeline, rules, self.calendar, today) {
            Ok(deadlines) => deadlines,
            Err(error) => {
                tracing::warn!(case.id = %case_id, %error, "cannot compute the case's deadlines");
                return Ok(Refreshed::Failed);
            }
        };
        let computed = self.deadlines_computed(case_id, court, &state, &deadlines);
        if state.recorded_deadlines.as_ref() == Some(&computed.deadlines) {
            return Ok(Refreshed::Unchanged);
        }
        let batch = AppendBatch::new(actor, court).stream(
            &cases::case_stream(case_id),
            ExpectedVersion::Exact(version),
            vec![NewEvent::new(case::DEADLINES_COMPUTED, 1, &computed)],
        );
        match self.store.append(&batch).await {
            Ok(_) => Ok(Refreshed::Changed),
            Err(StoreError::Conflict { .. }) => Ok(Refreshed::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// The handler of a [`case::REFRESH_DEADLINES_JOB`]: the network moved a case's flow (property found, a
    /// freeze in force, money deducted); its open deadlines follow. A conflict (the case changed meanwhile) is
    /// tried again.
    pub async fn handle_refresh_deadlines(&self, job: Job) -> JobOutcome {
        let Ok(payload) = serde_json::from_str::<case::RefreshDeadlinesJob>(&job.payload) else {
            return JobOutcome::Retry("unreadable refresh job".into());
        };
        let refreshed = async {
            let (state, _) = self.load_case(&payload.case_id).await?;
            let Some(court) = state.filed.map(|f| f.court) else { return Ok(Refreshed::NotOpen) };
            let rules = self.limits_of(&court).await?.rules;
            let actor = Actor::system("deadline-refresh").reference();
            self.refresh_case_deadlines(&payload.case_id, &court, &rules, &actor).await
        };
        match refreshed.await {
            Ok(Refreshed::Conflict) => JobOutcome::Retry("the case changed meanwhile".into()),
            Ok(_) => JobOutcome::Done,
            Err(e) => JobOutcome::Retry(e.to_string()),
        }
    }

    /// The handler of a [`RECOMPUTE_JOB`].
    pub async fn handle_recompute(&self, job: Job) -> JobOutcome {
        let Ok(payload) = serde_json::from_str::<RecomputeJob>(&job.payload) else {
            return JobOutcome::Retry("unreadable recompute job".into());
        };
        match self.recompute_deadlines(&payload.court).await {
            Ok(report) => {
                tracing::info!(court = %payload.court, cases = report.cases, changed = report.changed, "deadlines recomputed");
                JobOutcome::Done
            }
            Err(e) => JobOutcome::Retry(e.to_string()),
        }
    }

    /// The limits of each court, read once per court (for a pass over many cases).
    pub(crate) async fn limits_cached<'a>(
        &self,
        cache: &'a mut HashMap<String, LimitRules>,
        court: &str,
    ) -> Result<&'a LimitRules, AppError> {
        Ok(match cache.entry(court.to_owned()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(self.limits_of(court).await?.rules),
        })
    }

    /// A court's name, or its code when the tree has no such court.
    pub fn court_name(&self, court: &str) -> String {
        self.courts.get(court).map_or_else(|| court.to_owned(), |c| c.name.to_owned())
    }

    pub(crate) fn known_court(&self, court: &str) -> Result<(), AppError> {
        match self.courts.get(court) {
            Some(_) => Ok(()),
            None => {
                Err(AppError::invalid("court", "unknown_court", "no court with this code / 法院代字不存在"))
            }
        }
    }
}

/// What recomputing one case's deadlines did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refreshed {
    Changed,
    Unchanged,
    /// Closed, or not a case.
    NotOpen,
    /// The case changed while its deadlines were computed: nothing recorded.
    Conflict,
    /// Its deadlines cannot be computed (logged).
    Failed,
}
