//! The application to enforce (申请执行) as an aggregate: submitted, then accepted (a case with its
//! 案号) or refused (a ruling with reasons), within the review period.
//!
//! Stream `application-<id>`. The payloads are the wire format of its events; [`evolve`] folds them
//! into the state the deciders read.

use crate::cases::{BasisRecord, PartyRecord};
use serde::{Deserialize, Serialize};

pub const APPLICATION_SUBMITTED: &str = "ApplicationSubmitted";
pub const APPLICATION_ACCEPTED: &str = "ApplicationAccepted";
pub const APPLICATION_REFUSED: &str = "ApplicationRefused";

/// Longest reason for a refusal.
pub const REFUSAL_REASON_CHARS_MAX: usize = 2_000;

pub fn application_stream(application_id: &str) -> String {
    format!("application-{application_id}")
}

/// A near-duplicate found at submission, kept with the application for the reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateFlag {
    pub case_number: String,
    pub reasons: Vec<String>,
}

/// `ApplicationSubmitted` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationSubmitted {
    pub application_id: String,
    pub court: String,
    /// YYYY-MM-DD
    pub received_on: String,
    /// The last day to accept or refuse (执行工作若干规定 第16条).
    pub review_due: String,
    pub applicants: Vec<PartyRecord>,
    pub debtors: Vec<PartyRecord>,
    pub basis: BasisRecord,
    pub principal_fen: i64,
    pub interest_fen: i64,
    pub costs_fen: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_terms: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_money: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preservation_case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<DuplicateFlag>,
}

/// `ApplicationAccepted` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationAccepted {
    pub application_id: String,
    pub case_id: String,
    pub case_number: String,
    pub accepted_on: String,
    /// The reviewer confirmed the near-duplicate flags were looked at.
    pub flags_acknowledged: bool,
}

/// `ApplicationRefused` v1: 裁定不予受理.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRefused {
    pub application_id: String,
    pub refused_on: String,
    pub reasons: String,
}

/// Where an application stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ApplicationState {
    #[default]
    None,
    Submitted(Box<ApplicationSubmitted>),
    Accepted {
        submitted: Box<ApplicationSubmitted>,
        case_number: String,
    },
    Refused {
        submitted: Box<ApplicationSubmitted>,
        reasons: String,
    },
}

impl ApplicationState {
    pub fn status(&self) -> &'static str {
        match self {
            ApplicationState::None => "none",
            ApplicationState::Submitted(_) => "submitted",
            ApplicationState::Accepted { .. } => "accepted",
            ApplicationState::Refused { .. } => "refused",
        }
    }

    pub fn submitted(&self) -> Option<&ApplicationSubmitted> {
        match self {
            ApplicationState::None => None,
            ApplicationState::Submitted(s)
            | ApplicationState::Accepted { submitted: s, .. }
            | ApplicationState::Refused { submitted: s, .. } => Some(s),
        }
    }
}

/// Why a review command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRejection {
    #[error("no such application / 申请不存在")]
    NotFound,
    #[error("the application was already decided ({0}) / 申请已处理")]
    AlreadyDecided(&'static str),
    #[error("near-duplicates must be acknowledged before acceptance / 请先确认疑似重复案件")]
    FlagsNotAcknowledged,
    #[error("a refusal needs its reasons (1 to 2000 characters) / 不予受理须说明理由")]
    ReasonsRequired,
}

impl ReviewRejection {
    pub fn code(&self) -> &'static str {
        match self {
            ReviewRejection::NotFound => "not_found",
            ReviewRejection::AlreadyDecided(_) => "already_decided",
            ReviewRejection::FlagsNotAcknowledged => "flags_not_acknowledged",
            ReviewRejection::ReasonsRequired => "reasons_required",
        }
    }
}

/// Folds one event into the state. Unknown event types leave it unchanged.
pub fn evolve(state: ApplicationState, event_type: &str, payload: &str) -> ApplicationState {
    match (event_type, state) {
        (APPLICATION_SUBMITTED, ApplicationState::None) => match serde_json::from_str(payload) {
            Ok(submitted) => ApplicationState::Submitted(Box::new(submitted)),
            Err(_) => ApplicationState::None,
        },
        (APPLICATION_ACCEPTED, ApplicationState::Submitted(submitted)) => {
            match serde_json::from_str::<ApplicationAccepted>(payload) {
                Ok(accepted) => ApplicationState::Accepted { submitted, case_number: accepted.case_number },
                Err(_) => ApplicationState::Submitted(submitted),
            }
        }
        (APPLICATION_REFUSED, ApplicationState::Submitted(submitted)) => {
            match serde_json::from_str::<ApplicationRefused>(payload) {
                Ok(refused) => ApplicationState::Refused { submitted, reasons: refused.reasons },
                Err(_) => ApplicationState::Submitted(submitted),
            }
        }
        (_, state) => state,
    }
}

/// May the application be accepted? Only once, and with its near-duplicate flags acknowledged.
pub fn decide_accept(
    state: &ApplicationState,
    flags_acknowledged: bool,
) -> Result<&ApplicationSubmitted, ReviewRejection> {
    match state {
        ApplicationState::None => Err(ReviewRejection::NotFound),
        ApplicationState::Submitted(s) if !s.flags.is_empty() && !flags_acknowledged => {
            Err(ReviewRejection::FlagsNotAcknowledged)
        }
        ApplicationState::Submitted(s) => Ok(s),
        decided => Err(ReviewRejection::AlreadyDecided(decided.status())),
    }
}

/// May the application be refused with these reasons?
pub fn decide_refuse<'a>(
    state: &'a ApplicationState,
    reasons: &str,
) -> Result<&'a ApplicationSubmitted, ReviewRejection> {
    let chars = reasons.trim().chars().count();
    if chars == 0 || chars > REFUSAL_REASON_CHARS_MAX {
        return Err(ReviewRejection::ReasonsRequired);
    }
    match state {
        ApplicationState::None => Err(ReviewRejection::NotFound),
        ApplicationState::Submitted(s) => Ok(s),
        decided => Err(ReviewRejection::AlreadyDecided(decided.status())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submitted(flags: Vec<DuplicateFlag>) -> ApplicationSubmitted {
        ApplicationSubmitted {
            application_id: "a1".into(),
            court: "浙0106".into(),
            received_on: "2024-09-25".into(),
            review_due: "2024-10-08".into(),
            applicants: vec![],
            debtors: vec![],
            basis: BasisRecord {
                kind: "judgment".into(),
                issuer: "杭州市西湖区人民法院".into(),
                document_number: "（2024）浙0106民初1号".into(),
                effective_on: "2024-03-01".into(),
                due_on: "2024-03-11".into(),
            },
            principal_fen: 100,
            interest_fen: 0,
            costs_fen: 0,
            interest_terms: None,
            non_money: vec![],
            source_case_number: None,
            preservation_case_number: None,
            flags,
        }
    }

    fn fold(events: &[(&str, String)]) -> ApplicationState {
        events.iter().fold(ApplicationState::None, |s, (t, p)| evolve(s, t, p))
    }

    #[test]
    fn accept_once_and_only_with_flags_acknowledged() {
        let flag =
            DuplicateFlag { case_number: "（2024）浙0106执1号".into(), reasons: vec!["x".into()] };
        let state = fold(&[(APPLICATION_SUBMITTED, serde_json::to_string(&submitted(vec![flag])).unwrap())]);
        assert_eq!(decide_accept(&state, false).unwrap_err(), ReviewRejection::FlagsNotAcknowledged);
        assert!(decide_accept(&state, true).is_ok());
        let accepted = ApplicationAccepted {
            application_id: "a1".into(),
            case_id: "c1".into(),
            case_number: "（2024）浙0106执1号".into(),
            accepted_on: "2024-09-26".into(),
            flags_acknowledged: true,
        };
        let state = evolve(state, APPLICATION_ACCEPTED, &serde_json::to_string(&accepted).unwrap());
        assert_eq!(state.status(), "accepted");
        assert_eq!(decide_accept(&state, true).unwrap_err(), ReviewRejection::AlreadyDecided("accepted"));
        assert_eq!(decide_refuse(&state, "理由").unwrap_err(), ReviewRejection::AlreadyDecided("accepted"));
    }

    #[test]
    fn refusal_needs_reasons() {
        let state = fold(&[(APPLICATION_SUBMITTED, serde_json::to_string(&submitted(vec![])).unwrap())]);
        assert_eq!(decide_refuse(&state, "  ").unwrap_err(), ReviewRejection::ReasonsRequired);
        assert!(decide_refuse(&state, "不属于人民法院受理范围").is_ok());
        assert_eq!(decide_accept(&ApplicationState::None, true).unwrap_err(), ReviewRejection::NotFound);
    }
}
