//! The event envelope: what every change to the record carries, and the hash chain over it.
//!
//! Every change is an event appended to its stream (one stream per aggregate: a case, a user, a
//! debtor's credit record). The envelope records who acted (actor), for which court, when (from the
//! injected clock), why (an optional reason), the payload's schema version, and the hash of the
//! previous event in the global order, so that the log is tamper-evident: changing or removing any
//! event changes every hash after it.

use crate::limits;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Hash of "no previous event": the chain starts from 32 zero bytes.
pub const GENESIS_HASH: [u8; 32] = [0; 32];

/// Domain separation for the event hash, versioned so the encoding can change without ambiguity.
const HASH_DOMAIN: &[u8] = b"zhixing-event-v1";

/// What the appender expects the stream's current version to be (optimistic concurrency per stream).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// The stream must not exist yet (its first event gets version 1).
    NoStream,
    /// The stream's last event must have exactly this version.
    Exact(u64),
    /// No check: for streams with a single writer by construction (e.g. a benchmark).
    Any,
}

/// An event before it is appended: type, schema version and payload (JSON text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub event_type: String,
    pub schema_version: u32,
    pub payload: String,
}

impl NewEvent {
    /// An event from a serializable payload.
    pub fn new(event_type: &str, schema_version: u32, payload: &impl serde::Serialize) -> Self {
        let payload = serde_json::to_string(payload).unwrap_or_else(|_| String::from("null"));
        Self { event_type: event_type.to_owned(), schema_version, payload }
    }
}

/// Who did it, for which court, when and why: the same for every event of one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventContext {
    /// `user-<uuid>` for a person, `system:<component>` for the platform itself.
    pub actor: String,
    /// The 法院代字 of the court on whose behalf the actor acted.
    pub court: String,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// An event as recorded in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Position in the global order, from 1, without gaps.
    pub position: u64,
    pub event_id: Uuid,
    pub stream_id: String,
    /// Version within the stream, from 1, without gaps.
    pub stream_version: u64,
    pub event_type: String,
    pub schema_version: u32,
    pub actor: String,
    pub court: String,
    pub recorded_at: DateTime<Utc>,
    pub reason: Option<String>,
    pub payload: String,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

impl RecordedEvent {
    /// Recomputes this event's hash from its fields and `prev_hash`.
    pub fn compute_hash(&self) -> [u8; 32] {
        event_hash(&self.prev_hash, self)
    }
}

/// Why an event or a stream id cannot be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("stream id must be 1 to {max} characters without control characters / 流标识不合法", max = limits::STREAM_ID_CHARS_MAX)]
    StreamId,
    #[error("event type must be 1 to {max} ASCII letters or digits / 事件类型不合法", max = limits::EVENT_TYPE_CHARS_MAX)]
    EventType,
    #[error("event payload exceeds {max} bytes or is not JSON / 事件内容过大或不是 JSON", max = limits::EVENT_PAYLOAD_BYTES_MAX)]
    Payload,
    #[error("actor or court must be 1 to {max} characters / 操作人或法院不合法", max = limits::ACTOR_CHARS_MAX)]
    Actor,
    #[error("reason exceeds {max} characters / 理由过长", max = limits::TEXT_CHARS_MAX)]
    Reason,
}

impl EnvelopeError {
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::StreamId => "invalid_stream_id",
            EnvelopeError::EventType => "invalid_event_type",
            EnvelopeError::Payload => "invalid_payload",
            EnvelopeError::Actor => "invalid_actor",
            EnvelopeError::Reason => "invalid_reason",
        }
    }
}

/// Checks a stream id against the limits.
pub fn validate_stream_id(stream_id: &str) -> Result<(), EnvelopeError> {
    let chars = stream_id.chars().count();
    if chars == 0 || chars > limits::STREAM_ID_CHARS_MAX || stream_id.chars().any(char::is_control) {
        return Err(EnvelopeError::StreamId);
    }
    Ok(())
}

/// Checks an event and its context against the limits. Payload JSON validity is checked by the store
/// (which must parse it anyway for projections); here only its size.
pub fn validate_event(event: &NewEvent, context: &EventContext) -> Result<(), EnvelopeError> {
    let type_ok = !event.event_type.is_empty()
        && event.event_type.len() <= limits::EVENT_TYPE_CHARS_MAX
        && event.event_type.bytes().all(|b| b.is_ascii_alphanumeric());
    if !type_ok {
        return Err(EnvelopeError::EventType);
    }
    if event.payload.is_empty() || event.payload.len() > limits::EVENT_PAYLOAD_BYTES_MAX {
        return Err(EnvelopeError::Payload);
    }
    for field in [&context.actor, &context.court] {
        let chars = field.chars().count();
        if chars == 0 || chars > limits::ACTOR_CHARS_MAX || field.chars().any(char::is_control) {
            return Err(EnvelopeError::Actor);
        }
    }
    if context.reason.as_ref().is_some_and(|r| r.chars().count() > limits::TEXT_CHARS_MAX) {
        return Err(EnvelopeError::Reason);
    }
    Ok(())
}

/// The hash of an event: SHA-256 over a domain tag, the previous event's hash and every field of the
/// envelope, each length-prefixed so that no two different events encode the same bytes.
pub fn event_hash(prev_hash: &[u8; 32], event: &RecordedEvent) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(HASH_DOMAIN);
    hasher.update(prev_hash);
    hasher.update(event.position.to_be_bytes());
    hasher.update(event.event_id.as_bytes());
    put_str(&mut hasher, &event.stream_id);
    hasher.update(event.stream_version.to_be_bytes());
    put_str(&mut hasher, &event.event_type);
    hasher.update(event.schema_version.to_be_bytes());
    put_str(&mut hasher, &event.actor);
    put_str(&mut hasher, &event.court);
    hasher.update(event.recorded_at.timestamp_micros().to_be_bytes());
    match &event.reason {
        None => hasher.update([0u8]),
        Some(reason) => {
            hasher.update([1u8]);
            put_str(&mut hasher, reason);
        }
    }
    put_str(&mut hasher, &event.payload);
    hasher.finalize().into()
}

fn put_str(hasher: &mut Sha256, s: &str) {
    hasher.update((s.len() as u64).to_be_bytes());
    hasher.update(s.as_bytes());
}

/// Where a chain verification found a break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub position: u64,
    pub reason: &'static str,
}

/// Verifies a contiguous run of events: positions without gaps, each `prev_hash` equal to the hash of
/// the event before it (or `expected_prev` for the first), and each hash recomputed from the fields.
pub fn verify_chain(expected_prev: [u8; 32], events: &[RecordedEvent]) -> Result<[u8; 32], ChainBreak> {
    let mut prev = expected_prev;
    let first = events.first().map_or(0, |e| e.position);
    for (expected_position, event) in (first..).zip(events) {
        if event.position != expected_position {
            return Err(ChainBreak { position: event.position, reason: "position gap" });
        }
        if event.prev_hash != prev {
            return Err(ChainBreak { position: event.position, reason: "previous hash mismatch" });
        }
        if event.compute_hash() != event.hash {
            return Err(ChainBreak { position: event.position, reason: "event hash mismatch" });
        }
        prev = event.hash;
    }
    Ok(prev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(position: u64, prev_hash: [u8; 32], payload: &str) -> RecordedEvent {
        let mut e = RecordedEvent {
            position,
            event_id: Uuid::from_u128(position as u128),
            stream_id: "user-1".into(),
            stream_version: position,
            event_type: "UserCreated".into(),
            schema_version: 1,
            actor: "system:test".into(),
            court: "浙0106".into(),
            recorded_at: Utc.with_ymd_and_hms(2024, 9, 29, 8, 0, 0).unwrap(),
            reason: None,
            payload: payload.into(),
            prev_hash,
            hash: [0; 32],
        };
        e.hash = e.compute_hash();
        e
    }

    fn chain(n: u64) -> Vec<RecordedEvent> {
        let mut prev = GENESIS_HASH;
        (1..=n)
            .map(|p| {
                let e = event(p, prev, "{}");
                prev = e.hash;
                e
            })
            .collect()
    }

    #[test]
    fn hash_chain_verifies_and_detects_tampering() {
        let mut events = chain(5);
        assert!(verify_chain(GENESIS_HASH, &events).is_ok());
        events[2].payload = r#"{"x":1}"#.into();
        assert_eq!(verify_chain(GENESIS_HASH, &events).unwrap_err().position, 3);
    }

    #[test]
    fn hash_chain_detects_removal_and_reordering() {
        let mut events = chain(5);
        events.remove(2);
        assert_eq!(verify_chain(GENESIS_HASH, &events).unwrap_err().reason, "position gap");
        let mut events = chain(3);
        events.swap(0, 1);
        assert!(verify_chain(GENESIS_HASH, &events).is_err());
    }

    #[test]
    fn hash_separates_fields() {
        let a = event(1, GENESIS_HASH, "{}");
        let mut b = a.clone();
        b.reason = Some(String::new());
        assert_ne!(a.compute_hash(), b.compute_hash());
        let mut c = a.clone();
        c.actor = "system:tes".into();
        c.court = "t浙0106".into();
        assert_ne!(a.compute_hash(), c.compute_hash());
    }

    #[test]
    fn envelope_limits() {
        let ctx = EventContext {
            actor: "a".into(),
            court: "浙".into(),
            at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
            reason: None,
        };
        let ok = NewEvent { event_type: "CaseFiled".into(), schema_version: 1, payload: "{}".into() };
        assert!(validate_event(&ok, &ctx).is_ok());
        let bad_type = NewEvent { event_type: "Case Filed".into(), ..ok.clone() };
        assert_eq!(validate_event(&bad_type, &ctx), Err(EnvelopeError::EventType));
        let big = NewEvent { payload: "x".repeat(limits::EVENT_PAYLOAD_BYTES_MAX + 1), ..ok.clone() };
        assert_eq!(validate_event(&big, &ctx), Err(EnvelopeError::Payload));
        assert!(validate_stream_id("").is_err());
        assert!(validate_stream_id(&"s".repeat(limits::STREAM_ID_CHARS_MAX + 1)).is_err());
        assert!(validate_stream_id("case-浙0106").is_ok());
    }
}
