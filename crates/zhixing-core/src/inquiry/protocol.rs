//! The wire protocol between a court and the inquiry network, shaped like the national 总对总 system: the
//! court submits a batch of requests to one institution, each request with its own id; the institution
//! acknowledges the batch at once and answers later, a result per request, which the court fetches by
//! polling (or receives by callback). Answers may come late, twice or out of order; a request id is the
//! institution's key for doing a thing once, so a court that sends the same request again (after a timeout
//! or a crash) gets the same answer and nothing is done twice.
//!
//! HTTP binding (the sandbox serves it; the gateway's HTTP adapter speaks it):
//! - `GET  /zdz/v1/institutions` → `[Institution]`
//! - `POST /zdz/v1/batches` with a [`Batch`] → `202` [`Ack`] (`200` with status `duplicate` when the batch id
//!   is known); refusals are [`Refusal`] bodies: `400 malformed` (with the field), `404 unknown_institution`,
//!   `429 quota_exceeded | rate_limited` (with `retry_after_seconds`), `503 unavailable`.
//! - `GET  /zdz/v1/answers?court=C&after=N&limit=L` → [`AnswerPage`]: the court's answers with `seq > N`.
//!
//! Amounts are yuan strings (`"1234.50"`), dates `YYYY-MM-DD`, instants RFC 3339.

use serde::{Deserialize, Serialize};

use super::classes::{AssetClass, item};
use crate::money::Amount;

pub const PROTOCOL_VERSION: &str = "zdz/1";
/// Most requests in one batch.
pub const BATCH_REQUESTS_MAX: usize = 1_000;
/// Most answers in one page.
pub const ANSWER_PAGE_MAX: usize = 1_000;
/// Longest request id, batch id, holding or freeze reference.
pub const REFERENCE_CHARS_MAX: usize = 96;
/// Longest free text (a name, a description).
pub const TEXT_CHARS_MAX: usize = 200;

/// An institution of the network: a bank, a registry, a platform or an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// Unique code, e.g. `B0001` (a bank), `R-VEHICLE` (a national registry).
    pub code: String,
    pub name: String,
    /// What kind of institution (`national_bank`, `city_bank`, `rural_bank`, `payment_platform`, …).
    pub kind: String,
    /// `national` (总对总) or `local` (点对点, one province's agency).
    pub channel: String,
    /// The province code (two digits) of a local agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The [`AssetClass`] codes it answers for.
    pub classes: Vec<String>,
    /// The published daily quota of sub-requests (per China date), if any: a court side never exceeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_quota: Option<u64>,
    /// The published rate limit in batches per second, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batches_per_second: Option<u32>,
}

/// Who a request is about: a person (公民身份号码) or an organization (统一社会信用代码).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub id_number: String,
    pub name: String,
}

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// 查询: the subject's holdings of these classes.
    Query { classes: Vec<String> },
    /// 冻结 / 查封: a holding, for an amount (money) or whole, from a date through a date. A holding already
    /// frozen by another court is frozen in turn (轮候) and takes effect when the earlier freeze ends.
    Freeze {
        holding: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<String>,
        from: String,
        until: String,
    },
    /// 解除冻结.
    Unfreeze { freeze: String },
    /// 续行冻结: a new end date, before the current one passes.
    Renew { freeze: String, until: String },
    /// 扣划: move an amount from a holding (from within the court's freeze, if named) to the court's custody
    /// account.
    Deduct {
        holding: String,
        amount: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        freeze: Option<String>,
        custody_account: String,
    },
}

impl Op {
    pub fn kind(&self) -> &'static str {
        match self {
            Op::Query { .. } => "query",
            Op::Freeze { .. } => "freeze",
            Op::Unfreeze { .. } => "unfreeze",
            Op::Renew { .. } => "renew",
            Op::Deduct { .. } => "deduct",
        }
    }

    /// What the op acts on: the holding (freeze, deduct) or the freeze (unfreeze, renew); empty for a query.
    pub fn target(&self) -> &str {
        match self {
            Op::Query { .. } => "",
            Op::Freeze { holding, .. } | Op::Deduct { holding, .. } => holding,
            Op::Unfreeze { freeze } | Op::Renew { freeze, .. } => freeze,
        }
    }
}

/// One request of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The court's id for this request, unique for ever: sent again, it is answered again, never redone.
    pub request_id: String,
    pub case_number: String,
    pub subject: Subject,
    pub op: Op,
}

/// A batch of requests from one court to one institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub batch_id: String,
    /// The court's code.
    pub court: String,
    pub institution: String,
    pub requests: Vec<Request>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckStatus {
    Accepted,
    /// The batch id was received before; it is not queued again.
    Duplicate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub batch_id: String,
    pub status: AckStatus,
}

/// Why a batch was not taken. `retry_after_seconds` is set for the refusals that pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// `malformed`, `unknown_institution`, `quota_exceeded`, `rate_limited`, `unavailable`.
    pub code: String,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

/// A freeze on a holding, as the institution reports it in a query answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreezeInfo {
    pub court: String,
    pub case_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    pub until: String,
    /// Waiting behind an earlier freeze (轮候).
    pub queued: bool,
}

/// Something found: an account, a vehicle, a property right, or a whereabouts fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holding {
    /// The institution's reference for it (account number, plate, certificate number …).
    pub holding: String,
    /// An item code of [`super::classes::ITEMS`].
    pub item: String,
    pub description: String,
    /// Balance or value in yuan, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// Another person or organization the record names (a spouse, a company the subject represents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<Subject>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub freezes: Vec<FreezeInfo>,
}

/// What became of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// A query's answer; empty when nothing was found.
    Found {
        holdings: Vec<Holding>,
    },
    /// Frozen from `from` through `until`; `queued_behind` > 0 when it waits behind earlier freezes (轮候).
    Frozen {
        freeze: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<String>,
        from: String,
        until: String,
        queued_behind: u32,
    },
    /// A queued freeze took effect when the one before it ended (notice, unasked).
    TookEffect {
        freeze: String,
        from: String,
        until: String,
    },
    /// A freeze ran out without renewal (notice, unasked).
    Expired {
        freeze: String,
        on: String,
    },
    Unfrozen {
        freeze: String,
        on: String,
    },
    Renewed {
        freeze: String,
        until: String,
    },
    /// Moved to the custody account.
    Deducted {
        amount: String,
        transfer: String,
        on: String,
    },
    /// Not done, and why (`no_such_holding`, `insufficient_balance`, `not_freezable`, `unknown_freeze`,
    /// `term_too_long`, `expired`, …).
    Refused {
        code: String,
        detail: String,
    },
}

impl Outcome {
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Found { .. } => "found",
            Outcome::Frozen { .. } => "frozen",
            Outcome::TookEffect { .. } => "took_effect",
            Outcome::Expired { .. } => "expired",
            Outcome::Unfrozen { .. } => "unfrozen",
            Outcome::Renewed { .. } => "renewed",
            Outcome::Deducted { .. } => "deducted",
            Outcome::Refused { .. } => "refused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestResult {
    pub request_id: String,
    pub outcome: Outcome,
}

/// One answer: the results of a batch (`batch_id` set), or a notice about earlier requests (`batch_id` none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The court's answer sequence number at the institution side; polling resumes after it.
    pub seq: u64,
    pub institution: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    pub answered_at: String,
    pub results: Vec<RequestResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerPage {
    pub answers: Vec<Answer>,
    /// Poll again with `after` = this.
    pub next_after: u64,
}

/// A batch field that is not acceptable, named by its path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {detail}")]
pub struct ProtocolError {
    pub field: String,
    pub detail: String,
}

fn reference(field: &str, value: &str) -> Result<(), ProtocolError> {
    if value.is_empty() || value.chars().count() > REFERENCE_CHARS_MAX || value.chars().any(char::is_control)
    {
        return Err(ProtocolError {
            field: field.to_owned(),
            detail: format!("1 to {REFERENCE_CHARS_MAX} printable characters"),
        });
    }
    Ok(())
}

fn text(field: &str, value: &str) -> Result<(), ProtocolError> {
    if value.is_empty() || value.chars().count() > TEXT_CHARS_MAX || value.chars().any(char::is_control) {
        return Err(ProtocolError {
            field: field.to_owned(),
            detail: format!("1 to {TEXT_CHARS_MAX} printable characters"),
        });
    }
    Ok(())
}

fn date(field: &str, value: &str) -> Result<chrono::NaiveDate, ProtocolError> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| ProtocolError { field: field.to_owned(), detail: "a date YYYY-MM-DD".into() })
}

fn amount(field: &str, value: &str) -> Result<Amount, ProtocolError> {
    Amount::parse_yuan(value).map_err(|e| ProtocolError { field: field.to_owned(), detail: e.to_string() })
}

impl Batch {
    /// Checks every field a receiver relies on; the first bad one is named by its path (`requests[3].op.until`).
    pub fn validate(&self) -> Result<(), ProtocolError> {
        reference("batch_id", &self.batch_id)?;
        reference("court", &self.court)?;
        reference("institution", &self.institution)?;
        if self.requests.is_empty() || self.requests.len() > BATCH_REQUESTS_MAX {
            return Err(ProtocolError {
                field: "requests".into(),
                detail: format!("1 to {BATCH_REQUESTS_MAX} requests"),
            });
        }
        let mut ids = std::collections::HashSet::with_capacity(self.requests.len());
        for (i, request) in self.requests.iter().enumerate() {
            let at = |f: &str| format!("requests[{i}].{f}");
            reference(&at("request_id"), &request.request_id)?;
            if !ids.insert(request.request_id.as_str()) {
                return Err(ProtocolError {
                    field: at("request_id"),
                    detail: "repeated within the batch".into(),
                });
            }
            text(&at("case_number"), &request.case_number)?;
            reference(&at("subject.id_number"), &request.subject.id_number)?;
            text(&at("subject.name"), &request.subject.name)?;
            match &request.op {
                Op::Query { classes } => {
                    if classes.is_empty() || classes.len() > AssetClass::ALL.len() {
                        return Err(ProtocolError {
                            field: at("op.classes"),
                            detail: "1 to 16 classes".into(),
                        });
                    }
                    if let Some(bad) = classes.iter().position(|c| AssetClass::parse(c).is_none()) {
                        return Err(ProtocolError {
                            field: at(&format!("op.classes[{bad}]")),
                            detail: "an asset class code".into(),
                        });
                    }
                }
                Op::Freeze { holding, amount: sum, from, until } => {
                    reference(&at("op.holding"), holding)?;
                    if let Some(sum) = sum {
                        amount(&at("op.amount"), sum)?;
                    }
                    let from = date(&at("op.from"), from)?;
                    if date(&at("op.until"), until)? < from {
                        return Err(ProtocolError { field: at("op.until"), detail: "before op.from".into() });
                    }
                }
                Op::Unfreeze { freeze } => reference(&at("op.freeze"), freeze)?,
                Op::Renew { freeze, until } => {
                    reference(&at("op.freeze"), freeze)?;
                    date(&at("op.until"), until)?;
                }
                Op::Deduct { holding, amount: sum, freeze, custody_account } => {
                    reference(&at("op.holding"), holding)?;
                    if amount(&at("op.amount"), sum)? == Amount::ZERO {
                        return Err(ProtocolError {
                            field: at("op.amount"),
                            detail: "more than zero".into(),
                        });
                    }
                    if let Some(freeze) = freeze {
                        reference(&at("op.freeze"), freeze)?;
                    }
                    reference(&at("op.custody_account"), custody_account)?;
                }
            }
        }
        Ok(())
    }
}

/// Whether an item code names an item of one of these classes (a query answer must stay within what was
/// asked).
pub fn item_in_classes(item_code: &str, classes: &[AssetClass]) -> bool {
    item(item_code).is_some_and(|i| classes.contains(&i.class))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch() -> Batch {
        Batch {
            batch_id: "b-1".into(),
            court: "3301".into(),
            institution: "B0001".into(),
            requests: vec![Request {
                request_id: "r-1".into(),
                case_number: "（2025）浙0106执1号".into(),
                subject: Subject { id_number: "110101199003071234".into(), name: "张三".into() },
                op: Op::Freeze {
                    holding: "6222000011112222".into(),
                    amount: Some("1000.00".into()),
                    from: "2025-03-01".into(),
                    until: "2026-02-28".into(),
                },
            }],
        }
    }

    #[test]
    fn a_batch_round_trips_and_validates() {
        let b = batch();
        b.validate().unwrap();
        let text = serde_json::to_string(&b).unwrap();
        assert!(text.contains(r#""op":{"kind":"freeze""#), "{text}");
        assert_eq!(serde_json::from_str::<Batch>(&text).unwrap(), b);
    }

    #[test]
    fn a_bad_field_is_named_by_its_path() {
        let mut b = batch();
        if let Op::Freeze { until, .. } = &mut b.requests[0].op {
            *until = "2025-02-01".into();
        }
        assert_eq!(b.validate().unwrap_err().field, "requests[0].op.until");
        let mut b = batch();
        b.requests.push(b.requests[0].clone());
        assert_eq!(b.validate().unwrap_err().field, "requests[1].request_id");
        let mut b = batch();
        b.requests[0].op = Op::Query { classes: vec!["deposit".into(), "gold".into()] };
        assert_eq!(b.validate().unwrap_err().field, "requests[0].op.classes[1]");
        let mut b = batch();
        b.requests[0].op =
            Op::Deduct { holding: "h".into(), amount: "0".into(), freeze: None, custody_account: "c".into() };
        assert_eq!(b.validate().unwrap_err().field, "requests[0].op.amount");
        let mut b = batch();
        b.requests.clear();
        assert_eq!(b.validate().unwrap_err().field, "requests");
    }
}
