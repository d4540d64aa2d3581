//! Projections: the read models kept beside the log, updated in the append's transaction.
//!
//! Each event of a known type becomes one or more [`Update`]s; the backend turns them into SQL.
//! Events of other types leave the projections alone. Rebuilding replays every event through the
//! same function, so a rebuilt read model equals the live one.

use crate::StoreError;
use serde::de::DeserializeOwned;
use zhixing_core::cases::{self, CaseFiled, case};
use zhixing_core::credit;
use zhixing_core::credit::disclosure::PublicList;
use zhixing_core::event::RecordedEvent;
use zhixing_core::inquiry::record::FreezeStatus;
use zhixing_core::inquiry::{protocol, record};
use zhixing_core::users::{self, event_type as ut};

/// One change to a read model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Update {
    InsertUser {
        user: users::UserCreated,
        created_at_us: i64,
        version: i64,
    },
    SetRoles {
        user_id: String,
        roles: String,
        version: i64,
    },
    SetPassword {
        user_id: String,
        password_hash: String,
        version: i64,
    },
    Disable {
        user_id: String,
        version: i64,
    },
    InsertToken {
        token: users::ApiTokenIssued,
        version: i64,
    },
    RevokeToken {
        user_id: String,
        token_id: String,
        version: i64,
    },
    InsertCase {
        case: Box<CaseFiled>,
    },
    CaseOfficer {
        case_id: String,
        officer: String,
    },
    CaseStatus {
        case_id: String,
        status: &'static str,
        closing_mode: Option<String>,
        /// The day it closed; empty while open.
        closed_on: String,
        /// What the officer recorded as received when closing (执行完毕), in fen.
        paid_fen: Option<i64>,
    },
    ReplaceDeadlines {
        computed: Box<case::DeadlinesComputed>,
    },
    DeadlineAlerted {
        case_id: String,
        node: String,
        due_on: String,
        level: u8,
    },
    /// An inquiry into the gateway's queue (kept across a rebuild: the queue is not a read model).
    InsertInquiry {
        case_id: String,
        court: String,
        inquiry: Box<record::InquiryRequested>,
        at_us: i64,
    },
    /// A control request into the gateway's queue, as the protocol request it sends.
    InsertControl {
        case_id: String,
        court: String,
        institution: String,
        urgent: bool,
        request_id: String,
        request: String,
        at_us: i64,
    },
    /// A case entered the 终本 library with its re-query schedule (or had the schedule recomputed).
    LibraryScheduled {
        case_id: String,
        entry_due: String,
        rounds: i64,
        first_requery_on: String,
        last_requery_on: String,
    },
    /// A re-query round of a case in the 终本 library fell due.
    LibraryRequeryDue {
        case_id: String,
        round: i64,
    },
    /// A re-query round was answered.
    LibraryRequeryAnswered {
        case_id: String,
        property_found: bool,
        answered_on: String,
    },
    /// The case left the library: 恢复执行 filed this 执恢 case.
    LibraryResumed {
        case_id: String,
        resumed_as: String,
    },
    /// A debtor's credit stream changed at `position` (the screening index refreshes from it).
    CreditStream {
        stream_id: String,
        position: i64,
    },
    /// An entry of a public list (失信 / 限消) for the disclosure API.
    InsertPublic {
        entry: Box<PublicRow>,
    },
    /// An entry no longer public (removed, revoked, lifted) on `on`.
    DeletePublic {
        entry_id: String,
        on: String,
    },
    /// A freeze asked of an institution, until a day.
    FreezeRequested {
        request_id: String,
        case_id: String,
        court: String,
        institution: String,
        until: String,
    },
    /// What an answer did to a freeze of the case: found by its request or by the institution's reference.
    FreezeChanged {
        case_id: String,
        by: FreezeKey,
        status: Option<&'static str>,
        until: Option<String>,
        freeze_ref: Option<String>,
    },
    /// A deduction confirmed into the court's custody account, in fen.
    Deducted {
        case_id: String,
        fen: i64,
    },
    Payout {
        case_id: String,
        change: PayoutChange,
    },
}

/// A receipt of funds or a payout on a case (案款), for the payouts read model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PayoutChange {
    /// Funds received on `on`: a payout is due by `due_on`.
    Received { position: i64, court: String, on: String, due_on: String },
    /// A payout on `on` settles every receipt on or before it.
    PaidOut { on: String },
}

/// How an answer names the freeze it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FreezeKey {
    Request(String),
    Reference(String),
}

/// A row of `credit_public`: the event that made the entry, with the columns it is found by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublicRow {
    pub(crate) entry_id: String,
    pub(crate) list: &'static str,
    pub(crate) stream_id: String,
    pub(crate) id_number: String,
    pub(crate) name: String,
    pub(crate) case_number: String,
    pub(crate) court: String,
    pub(crate) published_from: String,
    pub(crate) ends_on: Option<String>,
    pub(crate) fields: String,
    /// A public official's or public body's listing, for the separate list (失信规定 第八条).
    pub(crate) official: bool,
}

/// The read-model changes an event makes (none for types no projection reads).
pub(crate) fn updates(event: &RecordedEvent) -> Result<Vec<Update>, StoreError> {
    if event.stream_id.starts_with(credit::record::STREAM_PREFIX) {
        return credit_updates(event);
    }
    let version = event.stream_version as i64;
    let update = match event.event_type.as_str() {
        ut::USER_CREATED => Update::InsertUser {
            user: parse(event)?,
            created_at_us: event.recorded_at.timestamp_micros(),
            version,
        },
        ut::USER_ROLES_CHANGED => {
            let e: users::UserRolesChanged = parse(event)?;
            Update::SetRoles { user_id: e.user_id, roles: roles_column(&e.roles), version }
        }
        ut::USER_PASSWORD_CHANGED => {
            let e: users::UserPasswordChanged = parse(event)?;
            Update::SetPassword { user_id: e.user_id, password_hash: e.password_hash, version }
        }
        ut::USER_DISABLED => {
            let e: users::UserDisabled = parse(event)?;
            Update::Disable { user_id: e.user_id, version }
        }
        ut::API_TOKEN_ISSUED => Update::InsertToken { token: parse(event)?, version },
        ut::API_TOKEN_REVOKED => {
            let e: users::ApiTokenRevoked = parse(event)?;
            Update::RevokeToken { user_id: e.user_id, token_id: e.token_id, version }
        }
        cases::CASE_FILED => Update::InsertCase { case: Box::new(parse(event)?) },
        case::OFFICER_ASSIGNED => {
            let e: case::OfficerAssigned = parse(event)?;
            Update::CaseOfficer { case_id: case_id(event), officer: e.officer_name }
        }
        case::CASE_SUSPENDED => Update::CaseStatus {
            case_id: case_id(event),
            status: "suspended",
            closing_mode: None,
            closed_on: String::new(),
            paid_fen: None,
        },
        case::CASE_RESUMED => Update::CaseStatus {
            case_id: case_id(event),
            status: "filed",
            closing_mode: None,
            closed_on: String::new(),
            paid_fen: None,
        },
        case::CASE_CLOSED => {
            let e: case::CaseClosed = parse(event)?;
            let paid = e.grounds.as_ref().and_then(|g| g.paid.as_deref());
            Update::CaseStatus {
                case_id: case_id(event),
                status: "closed",
                closing_mode: Some(e.mode),
                closed_on: e.on,
                paid_fen: paid.and_then(|p| zhixing_core::money::Amount::parse_yuan(p).ok()).map(|a| a.fen()),
            }
        }
        case::DEADLINES_COMPUTED => Update::ReplaceDeadlines { computed: Box::new(parse(event)?) },
        case::DEADLINE_ALERTED => {
            let e: case::DeadlineAlerted = parse(event)?;
            Update::DeadlineAlerted {
                case_id: case_id(event),
                node: e.node,
                due_on: e.due_on,
                level: e.level,
            }
        }
        case::ZHONGBEN_LIBRARY_SCHEDULED => {
            let e: case::ZhongbenLibraryScheduled = parse(event)?;
            let date =
                |r: Option<&case::ScheduledRequeryRecord>| r.map(|r| r.date.clone()).unwrap_or_default();
            Update::LibraryScheduled {
                case_id: case_id(event),
                entry_due: e.entry_due,
                rounds: e.requeries.len() as i64,
                first_requery_on: date(e.requeries.first()),
                last_requery_on: date(e.requeries.last()),
            }
        }
        case::REQUERY_DUE => {
            let e: case::RequeryDue = parse(event)?;
            Update::LibraryRequeryDue { case_id: case_id(event), round: i64::from(e.round) }
        }
        case::REQUERY_ANSWERED => {
            let e: case::RequeryAnswered = parse(event)?;
            Update::LibraryRequeryAnswered {
                case_id: case_id(event),
                property_found: e.property_found,
                answered_on: e.answered_on,
            }
        }
        case::CASE_RESUMED_AS => {
            let e: case::CaseResumedAs = parse(event)?;
            Update::LibraryResumed { case_id: case_id(event), resumed_as: e.resumed_case_number }
        }
        record::INQUIRY_REQUESTED => Update::InsertInquiry {
            case_id: case_id(event),
            court: event.court.clone(),
            inquiry: Box::new(parse(event)?),
            at_us: event.recorded_at.timestamp_micros(),
        },
        record::CONTROL_REQUESTED => {
            let e: record::ControlRequested = parse(event)?;
            let request = protocol::Request {
                request_id: e.request_id.clone(),
                case_number: e.case_number,
                subject: e.subject,
                op: e.op,
            };
            Update::InsertControl {
                case_id: case_id(event),
                court: event.court.clone(),
                institution: e.institution,
                urgent: e.urgent,
                request_id: e.request_id,
                request: serde_json::to_string(&request).unwrap_or_default(),
                at_us: event.recorded_at.timestamp_micros(),
            }
        }
        _ => return Ok(side_update(event)?.into_iter().collect()),
    };
    let mut updates = vec![update];
    if let Some(side) = side_update(event)? {
        updates.push(side);
    }
    Ok(updates)
}

/// Days from a receipt of funds to the end of its payout period (法发〔2017〕6号: 30 days; the article number is
/// [unconfirmed], LAW.md §9), as 案款发放及时率 counts it.
pub(crate) const PAYOUT_DAYS: u64 = 30;

/// The change a case event makes besides its main one, if any: to the `freezes` read model for a control
/// request or answer (the same fold as `ControlRecord` in `inquiry::record`, row by row), to the case's deducted
/// sum for a confirmed deduction, to the payouts for a receipt or payout of funds.
fn side_update(event: &RecordedEvent) -> Result<Option<Update>, StoreError> {
    use protocol::{Op, Outcome};
    Ok(match event.event_type.as_str() {
        case::CASE_FACT_RECORDED => {
            let e: case::CaseFactRecorded = parse(event)?;
            let change = match e.fact {
                case::Fact::FundsReceived => {
                    let due_on = chrono::NaiveDate::parse_from_str(&e.on, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.checked_add_days(chrono::Days::new(PAYOUT_DAYS)))
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    PayoutChange::Received {
                        position: event.position as i64,
                        court: event.court.clone(),
                        on: e.on,
                        due_on,
                    }
                }
                case::Fact::PaidOut => PayoutChange::PaidOut { on: e.on },
                _ => return Ok(None),
            };
            Some(Update::Payout { case_id: case_id(event), change })
        }
        record::CONTROL_REQUESTED => {
            let e: record::ControlRequested = parse(event)?;
            match e.op {
                Op::Freeze { until, .. } => Some(Update::FreezeRequested {
                    request_id: e.request_id,
                    case_id: case_id(event),
                    court: event.court.clone(),
                    institution: e.institution,
                    until,
                }),
                _ => None,
            }
        }
        record::CONTROL_ANSWERED => {
            let e: record::ControlAnswered = parse(event)?;
            let change = |by, status, until, freeze_ref| {
                Some(Update::FreezeChanged { case_id: case_id(event), by, status, until, freeze_ref })
            };
            let by_request = || FreezeKey::Request(e.request_id.clone());
            match e.outcome {
                Outcome::Frozen { freeze, until, queued_behind, .. } => {
                    let status = if queued_behind > 0 { FreezeStatus::Queued } else { FreezeStatus::InForce };
                    change(by_request(), Some(status.code()), Some(until), Some(freeze))
                }
                Outcome::TookEffect { until, .. } => {
                    change(by_request(), Some(FreezeStatus::InForce.code()), Some(until), None)
                }
                Outcome::Expired { .. } => {
                    change(by_request(), Some(FreezeStatus::Expired.code()), None, None)
                }
                Outcome::Refused { .. } => {
                    change(by_request(), Some(FreezeStatus::Refused.code()), None, None)
                }
                Outcome::Renewed { freeze, until, .. } => {
                    change(FreezeKey::Reference(freeze), None, Some(until), None)
                }
                Outcome::Unfrozen { freeze, .. } => {
                    change(FreezeKey::Reference(freeze), Some(FreezeStatus::Released.code()), None, None)
                }
                Outcome::Deducted { amount, .. } => zhixing_core::money::Amount::parse_yuan(&amount)
                    .ok()
                    .map(|a| Update::Deducted { case_id: case_id(event), fen: a.fen() }),
                _ => None,
            }
        }
        _ => None,
    })
}

/// The read-model changes of an event on a debtor's credit stream: the stream's position always; the public
/// lists on a listing, an order and their ends.
fn credit_updates(event: &RecordedEvent) -> Result<Vec<Update>, StoreError> {
    use credit::record as cr;
    let mut updates =
        vec![Update::CreditStream { stream_id: event.stream_id.clone(), position: event.position as i64 }];
    let entry_id = |id: &str| format!("{}/{id}", event.stream_id);
    let ended =
        |id: &str, on: chrono::NaiveDate| Update::DeletePublic { entry_id: entry_id(id), on: on.to_string() };
    match event.event_type.as_str() {
        cr::SHIXIN_LISTED => {
            let e: cr::ShixinListed = parse(event)?;
            updates.push(Update::InsertPublic {
                entry: Box::new(PublicRow {
                    entry_id: entry_id(&e.listing_id),
                    list: PublicList::Shixin.code(),
                    stream_id: event.stream_id.clone(),
                    id_number: e.debtor.id_number.clone(),
                    name: e.debtor.name.clone(),
                    case_number: e.case_number.clone(),
                    court: e.court.clone(),
                    published_from: e.published_from.to_string(),
                    ends_on: e.term.ends_on().map(|d| d.to_string()),
                    fields: event.payload.clone(),
                    official: e.public_status.is_public(),
                }),
            });
        }
        cr::SHIXIN_REMOVED => {
            let e: cr::ShixinRemoved = parse(event)?;
            updates.push(ended(&e.listing_id, e.removed_on));
        }
        cr::SHIXIN_CORRECTED => {
            let e: cr::ShixinCorrected = parse(event)?;
            if e.action != cr::CorrectionAction::InfoCorrected {
                updates.push(ended(&e.listing_id, e.corrected_on));
            }
        }
        cr::CONSUMPTION_RESTRICTED => {
            let e: cr::ConsumptionRestricted = parse(event)?;
            updates.push(Update::InsertPublic {
                entry: Box::new(PublicRow {
                    entry_id: entry_id(&e.order_id),
                    list: PublicList::Xiaofei.code(),
                    stream_id: event.stream_id.clone(),
                    id_number: e.debtor.id_number.clone(),
                    name: e.debtor.name.clone(),
                    case_number: e.case_number.clone(),
                    court: e.court.clone(),
                    published_from: e.ordered_on.to_string(),
                    ends_on: e.until.map(|d| d.to_string()),
                    fields: event.payload.clone(),
                    official: false,
                }),
            });
        }
        cr::CONSUMPTION_LIFTED => {
            let e: cr::ConsumptionRestrictionLifted = parse(event)?;
            if e.id_number.is_none() {
                updates.push(ended(&e.order_id, e.lifted_on));
            }
        }
        _ => {}
    }
    Ok(updates)
}

/// The case id of an event on a case stream (`case-<id>`).
fn case_id(event: &RecordedEvent) -> String {
    event.stream_id.strip_prefix("case-").unwrap_or(&event.stream_id).to_owned()
}

/// Roles as stored in the `users.roles` column.
pub(crate) fn roles_column(roles: &[users::Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

fn parse<T: DeserializeOwned>(event: &RecordedEvent) -> Result<T, StoreError> {
    serde_json::from_str(&event.payload).map_err(|e| StoreError::Projection {
        position: event.position,
        event_type: event.event_type.clone(),
        detail: e.to_string(),
    })
}
