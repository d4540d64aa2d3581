//! A limit on everything, with the reason beside it.
//!
//! Every input that crosses a boundary is bounded; these constants are the bounds. The store,
//! the web layer and the CLI all read them from here, so a limit is stated exactly once.

/// Largest HTTP request body: a batch of 10,000 screening identifiers fits in well under 1 MiB.
pub const REQUEST_BODY_BYTES_MAX: usize = 1024 * 1024;

/// Largest event payload (JSON). An event records a decision, not a document: documents are stored apart.
pub const EVENT_PAYLOAD_BYTES_MAX: usize = 64 * 1024;

/// Most events appended in one call (one transaction). Bounds transaction size and lock hold time.
pub const APPEND_BATCH_EVENTS_MAX: usize = 10_000;

/// Longest stream id (`kind-uuid`, or `court-浙0106`).
pub const STREAM_ID_CHARS_MAX: usize = 128;

/// Longest event type name (`CaseFiled`, `UserCreated`, …).
pub const EVENT_TYPE_CHARS_MAX: usize = 64;

/// Longest actor or court reference carried on an event.
pub const ACTOR_CHARS_MAX: usize = 128;

/// Longest personal or organisation name (the longest registered Chinese company names run to ~60 characters).
pub const NAME_CHARS_MAX: usize = 100;

/// Longest login name.
pub const LOGIN_CHARS_MAX: usize = 64;

/// Shortest and longest password accepted when a user is created.
pub const PASSWORD_CHARS_MIN: usize = 8;
pub const PASSWORD_CHARS_MAX: usize = 128;

/// Longest free-text input (a reason, a note).
pub const TEXT_CHARS_MAX: usize = 2_000;

/// Largest page of a listing.
pub const PAGE_SIZE_MAX: u32 = 500;

/// Connection pool bounds: two cores do not need more than this many concurrent connections.
pub const POOL_CONNECTIONS_MAX: u32 = 16;

/// Jobs claimed by one worker poll.
pub const JOB_CLAIM_BATCH_MAX: u32 = 100;

/// Attempts before a job is parked as failed.
pub const JOB_ATTEMPTS_MAX: u32 = 10;

/// Longest backoff between two attempts of a job.
pub const JOB_BACKOFF_SECONDS_MAX: i64 = 3_600;

/// Events read per page by `rebuild` and by the transparency log.
pub const REPLAY_PAGE_EVENTS: u32 = 5_000;

/// Largest synthetic province `seed` will generate (cases).
pub const SEED_CASES_MAX: u64 = 10_000_000;

/// Largest yuan amount accepted anywhere: 10^15 分 (ten trillion yuan) is above any enforcement claim and far
/// below i64::MAX, so sums of many amounts cannot overflow.
pub const AMOUNT_FEN_MAX: i64 = 1_000_000_000_000_000;
