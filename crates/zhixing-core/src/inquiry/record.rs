//! A case's network inquiry and control record (查控记录): the inquiries asked and answered, the asset inventory
//! they built (what, where, how much, frozen by whom, until when), and the freezes, renewals, releases and
//! deductions asked of institutions with what each institution answered. Every request and every answer is an
//! event on the case stream; this module is their wire format, the fold, and the decisions that refuse what the
//! record or the law does not allow (a freeze longer than 民诉法解释 第485条 allows, a renewal after expiry, a
//! deduction beyond what this case holds frozen).

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::classes::{AssetClass, item};
use super::protocol::{Holding, Op, Outcome, Subject};
use crate::control::{TermError, check_term};
use crate::money::Amount;

pub const INQUIRY_REQUESTED: &str = "InquiryRequested";
pub const ASSETS_FOUND: &str = "AssetsFound";
pub const INQUIRY_COMPLETED: &str = "InquiryCompleted";
pub const CONTROL_REQUESTED: &str = "ControlRequested";
pub const CONTROL_ANSWERED: &str = "ControlAnswered";

/// Most subjects (debtors) in one inquiry.
pub const INQUIRY_SUBJECTS_MAX: usize = 50;

/// Most control requests on one case (each is an event; the bound keeps a case's replay small).
pub const CONTROL_REQUESTS_MAX: usize = 10_000;

/// Renewal reminders (续行提醒) look this many days ahead of a freeze's end [convention: a month to renew].
pub const RENEWAL_REMINDER_DAYS: u32 = 30;

/// Most cases in one batch inquiry (批量查询): each is its own inquiry, recorded on its case.
pub const INQUIRY_BATCH_CASES_MAX: usize = 200;

/// Longest idempotency key a client may give a request (`Idempotency-Key`).
pub const IDEMPOTENCY_KEY_MAX: usize = 100;

/// Checks a client's idempotency key: 1 to [`IDEMPOTENCY_KEY_MAX`] visible ASCII characters (a UUID, say). The
/// key names one request of one case: sent again after a lost response, the request is answered from the record
/// instead of being made a second time.
pub fn check_idempotency_key(key: &str) -> Result<(), ControlRejection> {
    if key.is_empty() || key.len() > IDEMPOTENCY_KEY_MAX || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ControlRejection::BadIdempotencyKey);
    }
    Ok(())
}

/// `InquiryRequested` v1: a one-click inquiry (一键查询) of these subjects at every institution answering these
/// classes. The gateway fans it out and records what comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InquiryRequested {
    pub inquiry_id: String,
    pub case_number: String,
    pub subjects: Vec<Subject>,
    pub classes: Vec<String>,
    /// How many institutions it goes to.
    pub institutions: u32,
    /// Urgent inquiries go first where quotas bind.
    pub urgent: bool,
    pub requested_on: String,
    /// The client's key for this request, when it gave one: the same key again gets this inquiry back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// `AssetsFound` v1: what one institution reported for one subject of an inquiry (recorded only when it found
/// something).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetsFound {
    pub inquiry_id: String,
    pub institution: String,
    pub subject: String,
    pub holdings: Vec<Holding>,
    pub found_on: String,
}

/// `InquiryCompleted` v1: every institution asked has answered (or failed for good).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InquiryCompleted {
    pub inquiry_id: String,
    pub answered: u32,
    pub failed: u32,
    pub completed_on: String,
}

/// `ControlRequested` v1: a freeze, renewal, release or deduction asked of one institution, under a request id
/// that the institution keys on (sent again, it is never done twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlRequested {
    pub request_id: String,
    pub case_number: String,
    pub institution: String,
    pub subject: Subject,
    pub op: Op,
    pub urgent: bool,
    pub requested_on: String,
    /// The client's key for this request, when it gave one: the same key again gets this request back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// `ControlAnswered` v1: what the institution did with a request — its answer, or a later notice about it (a
/// queued freeze that took effect, a freeze that expired).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlAnswered {
    pub request_id: String,
    pub institution: String,
    pub outcome: Outcome,
    pub answered_on: String,
}

/// Where a freeze of this case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreezeStatus {
    /// Asked, not answered yet.
    Requested,
    InForce,
    /// Waiting behind another court's freeze (轮候).
    Queued,
    Released,
    Expired,
    Refused,
}

impl FreezeStatus {
    pub fn code(self) -> &'static str {
        match self {
            FreezeStatus::Requested => "requested",
            FreezeStatus::InForce => "in_force",
            FreezeStatus::Queued => "queued",
            FreezeStatus::Released => "released",
            FreezeStatus::Expired => "expired",
            FreezeStatus::Refused => "refused",
        }
    }
}

/// One freeze of this case on one holding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freeze {
    /// The request that made it.
    pub request_id: String,
    pub institution: String,
    pub holding: String,
    pub item: String,
    /// The institution's reference, once it answered.
    pub freeze_ref: Option<String>,
    /// Frozen sum (money), as answered (or as asked, before the answer).
    pub amount: Option<Amount>,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub status: FreezeStatus,
    /// A renewal asked and not yet answered.
    pub renewal_requested: Option<String>,
}

/// One entry of the asset inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryEntry {
    pub institution: String,
    pub subject: String,
    pub holding: Holding,
    pub found_on: String,
}

/// What the inquiry and control events of a case fold into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ControlRecord {
    pub inquiries: BTreeMap<String, InquiryRequested>,
    pub completed: BTreeMap<String, InquiryCompleted>,
    /// By (institution, holding reference).
    pub inventory: BTreeMap<(String, String), InventoryEntry>,
    pub requests: BTreeMap<String, ControlRequested>,
    pub answers: BTreeMap<String, Vec<Outcome>>,
    /// By request id.
    pub freezes: BTreeMap<String, Freeze>,
    /// Deductions confirmed, by request id.
    pub deducted: BTreeMap<String, Amount>,
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

impl ControlRecord {
    /// Folds one event; other types and unreadable payloads leave it unchanged.
    pub fn evolve(&mut self, event_type: &str, payload: &str) {
        match event_type {
            INQUIRY_REQUESTED => {
                if let Ok(e) = serde_json::from_str::<InquiryRequested>(payload) {
                    self.inquiries.insert(e.inquiry_id.clone(), e);
                }
            }
            ASSETS_FOUND => {
                if let Ok(e) = serde_json::from_str::<AssetsFound>(payload) {
                    for holding in e.holdings {
                        self.inventory.insert(
                            (e.institution.clone(), holding.holding.clone()),
                            InventoryEntry {
                                institution: e.institution.clone(),
                                subject: e.subject.clone(),
                                holding,
                                found_on: e.found_on.clone(),
                            },
                        );
                    }
                }
            }
            INQUIRY_COMPLETED => {
                if let Ok(e) = serde_json::from_str::<InquiryCompleted>(payload) {
                    self.completed.insert(e.inquiry_id.clone(), e);
                }
            }
            CONTROL_REQUESTED => {
                if let Ok(e) = serde_json::from_str::<ControlRequested>(payload) {
                    self.requested(&e);
                    self.requests.insert(e.request_id.clone(), e);
                }
            }
            CONTROL_ANSWERED => {
                if let Ok(e) = serde_json::from_str::<ControlAnswered>(payload) {
                    self.answered(&e);
                    self.answers.entry(e.request_id).or_default().push(e.outcome);
                }
            }
            _ => {}
        }
    }

    fn requested(&mut self, e: &ControlRequested) {
        match &e.op {
            Op::Freeze { holding, amount, from, until } => {
                let item = self
                    .inventory
                    .get(&(e.institution.clone(), holding.clone()))
                    .map(|entry| entry.holding.item.clone())
                    .unwrap_or_default();
                if let (Some(from), Some(until)) = (date(from), date(until)) {
                    self.freezes.insert(
                        e.request_id.clone(),
                        Freeze {
                            request_id: e.request_id.clone(),
                            institution: e.institution.clone(),
                            holding: holding.clone(),
                            item,
                            freeze_ref: None,
                            amount: amount.as_deref().and_then(|a| Amount::parse_yuan(a).ok()),
                            from,
                            until,
                            status: FreezeStatus::Requested,
                            renewal_requested: None,
                        },
                    );
                }
            }
            Op::Renew { freeze, .. } => {
                if let Some(f) = self.freeze_by_ref_mut(freeze) {
                    f.renewal_requested = Some(e.request_id.clone());
                }
            }
            _ => {}
        }
    }

    fn answered(&mut self, e: &ControlAnswered) {
        let Some(request) = self.requests.get(&e.request_id).cloned() else { return };
        match (&request.op, &e.outcome) {
            (Op::Freeze { .. }, Outcome::Frozen { freeze, amount, from, until, queued_behind }) => {
                if let Some(f) = self.freezes.get_mut(&e.request_id) {
                    f.freeze_ref = Some(freeze.clone());
                    f.amount = amount.as_deref().and_then(|a| Amount::parse_yuan(a).ok()).or(f.amount);
                    f.from = date(from).unwrap_or(f.from);
                    f.until = date(until).unwrap_or(f.until);
                    f.status = if *queued_behind > 0 { FreezeStatus::Queued } else { FreezeStatus::InForce };
                }
            }
            (Op::Freeze { .. }, Outcome::TookEffect { from, until, .. }) => {
                if let Some(f) = self.freezes.get_mut(&e.request_id) {
                    f.from = date(from).unwrap_or(f.from);
                    f.until = date(until).unwrap_or(f.until);
                    f.status = FreezeStatus::InForce;
                }
            }
            (Op::Freeze { .. }, Outcome::Expired { .. }) => {
                if let Some(f) = self.freezes.get_mut(&e.request_id) {
                    f.status = FreezeStatus::Expired;
                }
            }
            (Op::Freeze { .. }, Outcome::Refused { .. }) => {
                if let Some(f) = self.freezes.get_mut(&e.request_id) {
                    f.status = FreezeStatus::Refused;
                }
            }
            (Op::Renew { freeze, .. }, outcome) => {
                if let Some(f) = self.freeze_by_ref_mut(freeze) {
                    f.renewal_requested = None;
                    if let Outcome::Renewed { until, .. } = outcome {
                        f.until = date(until).unwrap_or(f.until);
                    }
                }
            }
            (Op::Unfreeze { freeze }, Outcome::Unfrozen { .. }) => {
                if let Some(f) = self.freeze_by_ref_mut(freeze) {
                    f.status = FreezeStatus::Released;
                }
            }
            (Op::Deduct { .. }, Outcome::Deducted { amount, .. }) => {
                if let Ok(amount) = Amount::parse_yuan(amount) {
                    self.deducted.insert(e.request_id.clone(), amount);
                }
            }
            _ => {}
        }
    }

    fn freeze_by_ref_mut(&mut self, freeze_ref: &str) -> Option<&mut Freeze> {
        self.freezes.values_mut().find(|f| f.freeze_ref.as_deref() == Some(freeze_ref))
    }

    pub fn freeze_by_ref(&self, freeze_ref: &str) -> Option<&Freeze> {
        self.freezes.values().find(|f| f.freeze_ref.as_deref() == Some(freeze_ref))
    }

    /// Whether every request of the case has an answer.
    pub fn unanswered(&self) -> impl Iterator<Item = &ControlRequested> {
        self.requests.values().filter(|r| !self.answers.contains_key(&r.request_id))
    }

    /// The total confirmed as moved to the court's custody account.
    pub fn deducted_total(&self) -> Amount {
        self.deducted.values().fold(Amount::ZERO, |sum, a| sum.checked_add(*a).unwrap_or(sum))
    }

    /// The freezes in force whose term ends within `window_days` of `today` and have no renewal pending: the
    /// officer's renewal reminders (续行提醒), soonest first.
    pub fn renewals_due(&self, today: NaiveDate, window_days: u32) -> Vec<&Freeze> {
        let horizon = today + chrono::Days::new(u64::from(window_days));
        let mut due: Vec<&Freeze> = self
            .freezes
            .values()
            .filter(|f| {
                f.status == FreezeStatus::InForce
                    && f.renewal_requested.is_none()
                    && f.until >= today
                    && f.until <= horizon
            })
            .collect();
        due.sort_by_key(|f| f.until);
        due
    }
}

/// Why a control request is refused before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlRejection {
    #[error("not in the case's asset inventory: inquire first / 该财产不在本案财产清单中")]
    UnknownHolding,
    #[error("this item cannot be frozen or seized through the network / 该财产不能网络冻结")]
    NotFreezable,
    #[error("this item cannot be deducted through the network / 该财产不能网络扣划")]
    NotDeductible,
    #[error("the case already holds a live freeze on this property / 本案已冻结该财产")]
    AlreadyFrozen,
    #[error("{0}")]
    Term(TermError),
    #[error("the freeze starts before today / 冻结起始日早于今日")]
    StartsInThePast,
    #[error("no freeze of this case with that reference / 本案无此冻结")]
    UnknownFreeze,
    #[error("the freeze is not in force / 冻结不在有效期内")]
    NotInForce,
    #[error(
        "the term ended on {until}: a freeze is renewed before it ends (民诉法解释 第485条) / 期限已届满，不能续行"
    )]
    Lapsed { until: NaiveDate },
    #[error("a renewal of this freeze is already pending / 续行冻结已在办理中")]
    RenewalPending,
    #[error("more than this case holds frozen there ({frozen}) / 超出本案冻结金额")]
    OverFrozen { frozen: Amount },
    #[error("more than the balance found ({balance}) / 超出查询到的余额")]
    OverBalance { balance: Amount },
    #[error("an idempotency key is 1 to 100 visible ASCII characters / 幂等键格式有误")]
    BadIdempotencyKey,
    #[error("this idempotency key was used for another request / 该幂等键已用于其他请求")]
    KeyReused,
}

impl ControlRejection {
    pub fn code(&self) -> &'static str {
        match self {
            ControlRejection::UnknownHolding => "unknown_holding",
            ControlRejection::NotFreezable => "not_freezable",
            ControlRejection::NotDeductible => "not_deductible",
            ControlRejection::AlreadyFrozen => "already_frozen",
            ControlRejection::Term(e) => e.code(),
            ControlRejection::StartsInThePast => "starts_in_the_past",
            ControlRejection::UnknownFreeze => "unknown_freeze",
            ControlRejection::NotInForce => "not_in_force",
            ControlRejection::Lapsed { .. } => "lapsed",
            ControlRejection::RenewalPending => "renewal_pending",
            ControlRejection::OverFrozen { .. } => "over_frozen",
            ControlRejection::OverBalance { .. } => "over_balance",
            ControlRejection::BadIdempotencyKey => "invalid_idempotency_key",
            ControlRejection::KeyReused => "idempotency_key_reused",
        }
    }

    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            ControlRejection::UnknownHolding
            | ControlRejection::NotFreezable
            | ControlRejection::NotDeductible
            | ControlRejection::AlreadyFrozen => "holding",
            ControlRejection::Term(_) | ControlRejection::Lapsed { .. } => "until",
            ControlRejection::StartsInThePast => "from",
            ControlRejection::UnknownFreeze
            | ControlRejection::NotInForce
            | ControlRejection::RenewalPending => "freeze",
            ControlRejection::OverFrozen { .. } | ControlRejection::OverBalance { .. } => "amount",
            ControlRejection::BadIdempotencyKey | ControlRejection::KeyReused => "Idempotency-Key",
        }
    }
}

/// The inventory entry a request names, with the class its item belongs to.
fn entry<'r>(
    record: &'r ControlRecord,
    institution: &str,
    holding: &str,
) -> Result<(&'r InventoryEntry, AssetClass, super::Measures), ControlRejection> {
    let entry = record
        .inventory
        .get(&(institution.to_owned(), holding.to_owned()))
        .ok_or(ControlRejection::UnknownHolding)?;
    let item = item(&entry.holding.item).ok_or(ControlRejection::UnknownHolding)?;
    Ok((entry, item.class, item.measures))
}

/// The request a client's idempotency key already names on this case, if any: the same kind of request on the
/// same target is the same request sent again (its response was lost), and is answered from the record; a key
/// used for something else is refused rather than silently taken for a new request.
pub fn replay_control<'a>(
    record: &'a ControlRecord,
    key: &str,
    kind: &str,
    target: &str,
) -> Result<Option<&'a ControlRequested>, ControlRejection> {
    match record.requests.values().find(|r| r.idempotency_key.as_deref() == Some(key)) {
        Some(r) if r.op.kind() == kind && r.op.target() == target => Ok(Some(r)),
        Some(_) => Err(ControlRejection::KeyReused),
        None => Ok(None),
    }
}

/// The inquiry a client's idempotency key already names on this case, if any.
pub fn replay_inquiry<'a>(record: &'a ControlRecord, key: &str) -> Option<&'a InquiryRequested> {
    record.inquiries.values().find(|r| r.idempotency_key.as_deref() == Some(key))
}

/// A freeze or seizure of a holding found on this case, from `from` through `until`: the item must be one the
/// network can freeze, the case must not already hold a live freeze on it, and the term may not exceed the
/// statutory maximum of its class (民诉法解释 (2022) 第485条). A money freeze without an amount freezes the
/// balance found.
pub fn decide_freeze(
    record: &ControlRecord,
    institution: &str,
    holding: &str,
    amount: Option<Amount>,
    from: NaiveDate,
    until: NaiveDate,
    today: NaiveDate,
) -> Result<Op, ControlRejection> {
    let (entry, class, measures) = entry(record, institution, holding)?;
    if !measures.freeze {
        return Err(ControlRejection::NotFreezable);
    }
    let live = record.freezes.values().any(|f| {
        f.institution == institution
            && f.holding == holding
            && matches!(f.status, FreezeStatus::Requested | FreezeStatus::InForce | FreezeStatus::Queued)
    });
    if live {
        return Err(ControlRejection::AlreadyFrozen);
    }
    if from < today {
        return Err(ControlRejection::StartsInThePast);
    }
    let property = class.property_class().ok_or(ControlRejection::NotFreezable)?;
    check_term(property, from, until).map_err(ControlRejection::Term)?;
    let amount = amount.or_else(|| entry.holding.amount.as_deref().and_then(|a| Amount::parse_yuan(a).ok()));
    Ok(Op::Freeze {
        holding: holding.to_owned(),
        amount: amount.map(|a| a.to_string()),
        from: from.to_string(),
        until: until.to_string(),
    })
}

/// A renewal (续行冻结) of a freeze of this case, asked on `today`: only while the freeze is in force or queued
/// and before its term ends, each renewal for at most the class's maximum term counted from the day after the
/// current end (民诉法解释 (2022) 第485条: 续行期限不得超过前款规定的期限).
pub fn decide_renewal(
    record: &ControlRecord,
    freeze_ref: &str,
    until: NaiveDate,
    today: NaiveDate,
) -> Result<(Freeze, Op), ControlRejection> {
    let freeze = record.freeze_by_ref(freeze_ref).ok_or(ControlRejection::UnknownFreeze)?;
    if !matches!(freeze.status, FreezeStatus::InForce | FreezeStatus::Queued) {
        return Err(ControlRejection::NotInForce);
    }
    if today > freeze.until {
        return Err(ControlRejection::Lapsed { until: freeze.until });
    }
    if freeze.renewal_requested.is_some() {
        return Err(ControlRejection::RenewalPending);
    }
    let class = item(&freeze.item).map(|i| i.class).ok_or(ControlRejection::NotFreezable)?;
    let property = class.property_class().ok_or(ControlRejection::NotFreezable)?;
    let starts = freeze.until.succ_opt().ok_or(ControlRejection::Term(TermError::Reversed))?;
    if until <= freeze.until {
        return Err(ControlRejection::Term(TermError::Reversed));
    }
    check_term(property, starts, until).map_err(ControlRejection::Term)?;
    Ok((freeze.clone(), Op::Renew { freeze: freeze_ref.to_owned(), until: until.to_string() }))
}

/// A release (解除冻结) of a freeze of this case that is in force or queued.
pub fn decide_release(record: &ControlRecord, freeze_ref: &str) -> Result<(Freeze, Op), ControlRejection> {
    let freeze = record.freeze_by_ref(freeze_ref).ok_or(ControlRejection::UnknownFreeze)?;
    if !matches!(freeze.status, FreezeStatus::InForce | FreezeStatus::Queued) {
        return Err(ControlRejection::NotInForce);
    }
    Ok((freeze.clone(), Op::Unfreeze { freeze: freeze_ref.to_owned() }))
}

/// A deduction (扣划) from a holding of this case: from within this case's freeze in force on it when there is
/// one (at most what it holds frozen, less what was already deducted under it), otherwise at most the balance
/// found. A deduction order itself has the effect of a freeze (民诉法解释 第484条).
pub fn decide_deduction(
    record: &ControlRecord,
    institution: &str,
    holding: &str,
    amount: Amount,
    custody_account: &str,
) -> Result<Op, ControlRejection> {
    let (entry, _, measures) = entry(record, institution, holding)?;
    if !measures.deduct {
        return Err(ControlRejection::NotDeductible);
    }
    let freeze = record
        .freezes
        .values()
        .find(|f| f.institution == institution && f.holding == holding && f.status == FreezeStatus::InForce);
    // Deducted here already, or asked and not answered yet (a second click before the first answer is
    // counted, so together they cannot pass the cap).
    let deducted_here = record
        .requests
        .values()
        .filter(|r| r.institution == institution)
        .filter_map(|r| match &r.op {
            Op::Deduct { holding: h, amount, .. } if h == holding => {
                match record.answers.get(&r.request_id) {
                    None => Amount::parse_yuan(amount).ok(),
                    Some(_) => record.deducted.get(&r.request_id).copied(),
                }
            }
            _ => None,
        })
        .fold(Amount::ZERO, |sum, a| sum.checked_add(a).unwrap_or(sum));
    let (cap, over): (Amount, fn(Amount) -> ControlRejection) = match freeze.and_then(|f| f.amount) {
        Some(frozen) => (frozen, |frozen| ControlRejection::OverFrozen { frozen }),
        None => (
            entry.holding.amount.as_deref().and_then(|a| Amount::parse_yuan(a).ok()).unwrap_or(Amount::ZERO),
            |balance| ControlRejection::OverBalance { balance },
        ),
    };
    let left = cap.checked_sub(deducted_here).unwrap_or(Amount::ZERO);
    if amount > left {
        return Err(over(left));
    }
    Ok(Op::Deduct {
        holding: holding.to_owned(),
        amount: amount.to_string(),
        freeze: freeze.and_then(|f| f.freeze_ref.clone()),
        custody_account: custody_account.to_owned(),
    })
}

/// The end date of a term of `months` months starting on `from` (the last day before the same day `months`
/// later): the longest term a freeze of that class may be given.
pub fn longest_until(from: NaiveDate, months: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        date(s).unwrap()
    }

    fn found(record: &mut ControlRecord, item: &str, amount: Option<&str>) {
        let e = AssetsFound {
            inquiry_id: "i1".into(),
            institution: "B0001".into(),
            subject: "110101199003071234".into(),
            holdings: vec![Holding {
                holding: "H1".into(),
                item: item.into(),
                description: "活期账户".into(),
                amount: amount.map(Into::into),
                related: None,
                freezes: vec![],
            }],
            found_on: "2025-03-01".into(),
        };
        record.evolve(ASSETS_FOUND, &serde_json::to_string(&e).unwrap());
    }

    fn request(record: &mut ControlRecord, id: &str, op: Op) {
        let e = ControlRequested {
            request_id: id.into(),
            case_number: "（2025）浙0106执1号".into(),
            institution: "B0001".into(),
            subject: Subject { id_number: "110101199003071234".into(), name: "张三".into() },
            op,
            urgent: false,
            requested_on: "2025-03-01".into(),
            idempotency_key: Some(format!("key-{id}")),
        };
        record.evolve(CONTROL_REQUESTED, &serde_json::to_string(&e).unwrap());
    }

    fn answer(record: &mut ControlRecord, id: &str, outcome: Outcome) {
        let e = ControlAnswered {
            request_id: id.into(),
            institution: "B0001".into(),
            outcome,
            answered_on: "2025-03-02".into(),
        };
        record.evolve(CONTROL_ANSWERED, &serde_json::to_string(&e).unwrap());
    }

    fn yuan(s: &str) -> Amount {
        Amount::parse_yuan(s).unwrap()
    }

    #[test]
    fn freeze_terms_civil_procedure_interpretation_article_485() {
        let mut record = ControlRecord::default();
        found(&mut record, "demand_deposit", Some("8000.00"));
        let today = d("2025-03-01");
        // A deposit: at most one year.
        let op = decide_freeze(&record, "B0001", "H1", None, today, d("2026-02-28"), today).unwrap();
        assert_eq!(
            op,
            Op::Freeze {
                holding: "H1".into(),
                amount: Some("8000.00".into()),
                from: "2025-03-01".into(),
                until: "2026-02-28".into()
            }
        );
        let err = decide_freeze(&record, "B0001", "H1", None, today, d("2026-03-01"), today).unwrap_err();
        assert_eq!((err.code(), err.field()), ("term_too_long", "until"));
        // Real estate: three years.
        let mut record = ControlRecord::default();
        found(&mut record, "real_property", None);
        assert!(decide_freeze(&record, "B0001", "H1", None, today, d("2028-02-29"), today).is_ok());
        assert!(decide_freeze(&record, "B0001", "H1", None, today, d("2028-03-01"), today).is_err());
        // Whereabouts cannot be frozen; unknown holdings cannot be either.
        let mut record = ControlRecord::default();
        found(&mut record, "mobile_number", None);
        assert_eq!(
            decide_freeze(&record, "B0001", "H1", None, today, today, today).unwrap_err(),
            ControlRejection::NotFreezable
        );
        assert_eq!(
            decide_freeze(&record, "B0001", "H9", None, today, today, today).unwrap_err(),
            ControlRejection::UnknownHolding
        );
    }

    #[test]
    fn renewal_before_expiry_civil_procedure_interpretation_article_485() {
        let mut record = ControlRecord::default();
        found(&mut record, "demand_deposit", Some("8000.00"));
        let op =
            decide_freeze(&record, "B0001", "H1", None, d("2025-03-01"), d("2026-02-28"), d("2025-03-01"))
                .unwrap();
        request(&mut record, "r1", op);
        assert_eq!(record.freezes["r1"].status, FreezeStatus::Requested);
        // Not twice while the first is live.
        assert_eq!(
            decide_freeze(&record, "B0001", "H1", None, d("2025-03-01"), d("2025-04-01"), d("2025-03-01"))
                .unwrap_err(),
            ControlRejection::AlreadyFrozen
        );
        answer(
            &mut record,
            "r1",
            Outcome::Frozen {
                freeze: "F1".into(),
                amount: Some("8000.00".into()),
                from: "2025-03-01".into(),
                until: "2026-02-28".into(),
                queued_behind: 0,
            },
        );
        assert_eq!(record.freezes["r1"].status, FreezeStatus::InForce);
        assert_eq!(record.renewals_due(d("2026-02-01"), 30).len(), 1);
        assert!(record.renewals_due(d("2026-01-01"), 30).is_empty());
        // Each renewal at most one more year after the current end.
        let (_, op) = decide_renewal(&record, "F1", d("2027-02-28"), d("2026-02-20")).unwrap();
        assert_eq!(op, Op::Renew { freeze: "F1".into(), until: "2027-02-28".into() });
        assert_eq!(
            decide_renewal(&record, "F1", d("2027-03-01"), d("2026-02-20")).unwrap_err().code(),
            "term_too_long"
        );
        // After the end, too late.
        assert_eq!(
            decide_renewal(&record, "F1", d("2027-02-28"), d("2026-03-01")).unwrap_err(),
            ControlRejection::Lapsed { until: d("2026-02-28") }
        );
        request(&mut record, "r2", op);
        assert_eq!(
            decide_renewal(&record, "F1", d("2027-01-01"), d("2026-02-21")).unwrap_err().code(),
            "renewal_pending"
        );
        answer(&mut record, "r2", Outcome::Renewed { freeze: "F1".into(), until: "2027-02-28".into() });
        assert_eq!(record.freezes["r1"].until, d("2027-02-28"));
        assert!(record.freezes["r1"].renewal_requested.is_none());
    }

    #[test]
    fn deduction_within_the_freeze_civil_procedure_interpretation_article_484() {
        let mut record = ControlRecord::default();
        found(&mut record, "demand_deposit", Some("8000.00"));
        // Without a freeze: at most the balance found.
        assert_eq!(
            decide_deduction(&record, "B0001", "H1", yuan("9000"), "C1").unwrap_err(),
            ControlRejection::OverBalance { balance: yuan("8000") }
        );
        request(
            &mut record,
            "r1",
            Op::Freeze {
                holding: "H1".into(),
                amount: Some("5000.00".into()),
                from: "2025-03-01".into(),
                until: "2025-12-31".into(),
            },
        );
        answer(
            &mut record,
            "r1",
            Outcome::Frozen {
                freeze: "F1".into(),
                amount: Some("5000.00".into()),
                from: "2025-03-01".into(),
                until: "2025-12-31".into(),
                queued_behind: 0,
            },
        );
        let op = decide_deduction(&record, "B0001", "H1", yuan("3000"), "C1").unwrap();
        request(&mut record, "r2", op);
        // Asked and not answered yet: it counts already, so a second click cannot pass the freeze.
        assert_eq!(
            decide_deduction(&record, "B0001", "H1", yuan("2500"), "C1").unwrap_err(),
            ControlRejection::OverFrozen { frozen: yuan("2000") }
        );
        answer(
            &mut record,
            "r2",
            Outcome::Deducted { amount: "3000.00".into(), transfer: "T1".into(), on: "2025-03-03".into() },
        );
        assert_eq!(record.deducted_total(), yuan("3000"));
        // What is left of the freeze bounds the next one.
        assert_eq!(
            decide_deduction(&record, "B0001", "H1", yuan("2000.01"), "C1").unwrap_err(),
            ControlRejection::OverFrozen { frozen: yuan("2000") }
        );
        assert!(decide_deduction(&record, "B0001", "H1", yuan("2000"), "C1").is_ok());
    }

    #[test]
    fn queued_freeze_takes_effect_later_seizure_rules_article_26() {
        let mut record = ControlRecord::default();
        found(&mut record, "motor_vehicle", None);
        request(
            &mut record,
            "r1",
            Op::Freeze {
                holding: "H1".into(),
                amount: None,
                from: "2025-03-01".into(),
                until: "2027-02-28".into(),
            },
        );
        answer(
            &mut record,
            "r1",
            Outcome::Frozen {
                freeze: "F1".into(),
                amount: None,
                from: "2025-03-01".into(),
                until: "2027-02-28".into(),
                queued_behind: 1,
            },
        );
        assert_eq!(record.freezes["r1"].status, FreezeStatus::Queued);
        answer(
            &mut record,
            "r1",
            Outcome::TookEffect {
                freeze: "F1".into(),
                from: "2025-06-01".into(),
                until: "2027-05-31".into(),
            },
        );
        assert_eq!(record.freezes["r1"].status, FreezeStatus::InForce);
        assert_eq!(record.freezes["r1"].until, d("2027-05-31"));
        answer(&mut record, "r1", Outcome::Expired { freeze: "F1".into(), on: "2027-06-01".into() });
        assert_eq!(record.freezes["r1"].status, FreezeStatus::Expired);
        assert_eq!(decide_release(&record, "F1").unwrap_err(), ControlRejection::NotInForce);
    }

    #[test]
    fn a_request_sent_again_under_its_idempotency_key_is_the_same_request() {
        let mut record = ControlRecord::default();
        found(&mut record, "deposit", Some("1000.00"));
        let op = Op::Freeze {
            holding: "H1".into(),
            amount: None,
            from: "2025-03-01".into(),
            until: "2026-02-28".into(),
        };
        request(&mut record, "R1", op);
        let again = replay_control(&record, "key-R1", "freeze", "H1").expect("same request");
        assert_eq!(again.map(|r| r.request_id.as_str()), Some("R1"));
        assert_eq!(replay_control(&record, "key-R1", "deduct", "H1"), Err(ControlRejection::KeyReused));
        assert_eq!(replay_control(&record, "key-R1", "freeze", "H2"), Err(ControlRejection::KeyReused));
        assert_eq!(replay_control(&record, "key-other", "freeze", "H1"), Ok(None));
        assert!(check_idempotency_key("5f0c2b8e-1d3a-4c1e-9a77-2b8f6b1e0c11").is_ok());
        for bad in ["", "has space", "全角", &"k".repeat(IDEMPOTENCY_KEY_MAX + 1)] {
            assert_eq!(check_idempotency_key(bad), Err(ControlRejection::BadIdempotencyKey), "{bad:?}");
        }
    }
}
