//! The sandbox's own books, for reconciliation: what it executed (by request id, with a count that must
//! be 1), the freezes and their states, the deductions and the custody balances per court, the refusals
//! by code and the use of every institution per China date.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the sandbox did, as one serializable value (`GET /zdz/v1/ledger`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Every request executed, by court and request id.
    pub executions: Vec<ExecutionEntry>,
    pub freezes: Vec<FreezeEntry>,
    pub deductions: Vec<DeductionEntry>,
    /// What each court's custody accounts received.
    pub custody: Vec<CustodyEntry>,
    /// Submissions refused, by refusal code (`quota_exceeded`, `rate_limited`, `unavailable`, `internal`,
    /// `timeout`, `malformed`, `unknown_institution`), with the sub-requests they carried.
    pub refusals: BTreeMap<String, RefusalCount>,
    /// Requests executed with a `refused` outcome, by its code (`insufficient_balance`, `expired` …).
    pub refused_outcomes: BTreeMap<String, u64>,
    /// Batches and sub-requests accepted per institution per China date (what quotas count).
    pub usage: Vec<UsageEntry>,
    pub batches: BatchCounts,
}

/// One request id of one court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutionEntry {
    pub court: String,
    pub request_id: String,
    pub institution: String,
    /// The op's kind (`query`, `freeze`, …).
    pub op: String,
    /// Times it was carried out: 1, always (a request id seen before is answered, not redone).
    pub executions: u32,
    /// Times it came again (in a resent batch or another one) and was answered from the record.
    pub repeats: u32,
    /// The outcome's kind (`found`, `frozen`, `refused` …).
    pub outcome: String,
    /// The refusal code, when the outcome was `refused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreezeEntry {
    pub freeze: String,
    pub court: String,
    pub case_number: String,
    pub request_id: String,
    /// Where it was ordered.
    pub institution: String,
    pub holding: String,
    pub item: String,
    /// Frozen amount (money), when in force; the amount asked for while queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    pub from: String,
    pub until: String,
    /// `in_force`, `queued`, `released` or `expired`.
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeductionEntry {
    pub transfer: String,
    pub court: String,
    pub case_number: String,
    pub request_id: String,
    pub institution: String,
    pub holding: String,
    pub amount: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freeze: Option<String>,
    pub custody_account: String,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustodyEntry {
    pub court: String,
    pub custody_account: String,
    pub balance: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalCount {
    pub batches: u64,
    pub requests: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageEntry {
    pub institution: String,
    pub date: String,
    pub batches: u64,
    pub requests: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchCounts {
    /// Batches taken (ack-lost ones included).
    pub accepted: u64,
    /// Submissions of a batch id already taken (answered `duplicate`, not queued again).
    pub duplicate: u64,
    /// Batches taken whose acknowledgement the caller did not get.
    pub ack_lost: u64,
    /// Answers delivered (batch answers, their duplicates and notices).
    pub answers_delivered: u64,
    /// Batch answers delivered a second time.
    pub answers_duplicated: u64,
}

impl Ledger {
    /// The entry of a court's request id.
    pub fn execution(&self, court: &str, request_id: &str) -> Option<&ExecutionEntry> {
        self.executions.iter().find(|e| e.court == court && e.request_id == request_id)
    }

    pub fn freeze(&self, freeze: &str) -> Option<&FreezeEntry> {
        self.freezes.iter().find(|f| f.freeze == freeze)
    }

    /// The balance of a court's custody account, "0.00" when it received nothing.
    pub fn custody_balance(&self, court: &str, custody_account: &str) -> String {
        self.custody
            .iter()
            .find(|c| c.court == court && c.custody_account == custody_account)
            .map_or_else(|| "0.00".to_owned(), |c| c.balance.clone())
    }

    /// Submissions refused with `code`.
    pub fn refused(&self, code: &str) -> RefusalCount {
        self.refusals.get(code).copied().unwrap_or_default()
    }

    /// Sub-requests an institution accepted on a China date (`YYYY-MM-DD`).
    pub fn used(&self, institution: &str, date: &str) -> u64 {
        self.usage.iter().filter(|u| u.institution == institution && u.date == date).map(|u| u.requests).sum()
    }
}
