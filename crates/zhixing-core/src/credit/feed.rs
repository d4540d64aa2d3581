//! What linkage units (联动单位) receive besides the screening API: a signed change feed of the list, and a
//! snapshot of keyed hashes a unit can embed in its own systems without holding the list in clear.
//!
//! This page is written for the engineers of a bank, an airline or a registry who integrate with it: every
//! format below is fixed, and a unit can check everything with SHA-256, HMAC-SHA256 and Ed25519 from any
//! library.
//!
//! # What is published for a subject
//!
//! The list publishes, for each identifier with at least one restricted measure, a [`Published`]: the
//! identifier (a 公民身份号码 for a person, a 统一社会信用代码 for an organisation, always in its canonical
//! 18-character form: digits and upper-case letters, a person's check character `X` upper-case), the name on
//! record (姓名 or 名称), and the measures restricted ([`Measure::code`], e.g. `flight`, `g_train`,
//! `government_procurement`). A [`PublishedSet`] is the whole list at one version, ordered persons first, then
//! organisations, each by identifier. A unit may be given only the measures it applies
//! ([`PublishedSet::scoped`]): a railway need not learn who may not bid for a government contract.
//!
//! # The change feed (变更推送)
//!
//! The list changes in numbered **batches**. Batch `n` holds the changes from version `n − 1` to version `n`
//! ([`diff`]); applying batches 1 to `n` in order to an empty set gives the list at version `n` ([`apply`]).
//! A change is one JSON object ([`FeedChange`]):
//!
//! ```json
//! {"op":"added","kind":"person","identifier":"11010519491231002X","name":"李四","measures":["flight","g_train"]}
//! ```
//!
//! `op` is `added` (a new identifier), `changed` (its measures or its name changed; `measures` and `name` are
//! the new ones, in full) or `removed` (no measure is restricted any more; `measures` is empty, `name` the
//! name it was published under). `kind` is `person` or `organisation`. The changes of a batch are in the
//! order of the list, each identifier at most once; measures are in the order of [`Measure::ALL`].
//!
//! A batch ([`FeedBatch`]) is `{"version":n,"previous_digest":"…","published_at":"…","changes":[…]}`:
//! `previous_digest` is the digest of batch `n − 1` (empty for batch 1), which chains the batches; `published_at`
//! is an RFC 3339 time.
//!
//! - The **canonical bytes** of a batch ([`FeedBatch::canonical_bytes`]) are its compact JSON: the fields in
//!   the order shown above (a change's fields in the order `op`, `kind`, `identifier`, `name`, `measures`), no
//!   whitespace, numbers as plain integers, strings as UTF-8 with only `"`, `\` and U+0000 to U+001F
//!   escaped (`\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, the others as `\u00xx` in lower-case hex; `/`,
//!   U+007F and everything above written as they are).
//!   A unit that received a batch re-serializes the values it parsed this way, whatever the spacing of what
//!   it received.
//! - Its **digest** ([`FeedBatch::digest`]) is the SHA-256 of the canonical bytes, as 64 lower-case hex
//!   characters.
//! - Its **signature** ([`SignedBatch`]) is an Ed25519 signature (RFC 8032, verified strictly: no small-order
//!   key, no malleable signature) of the ASCII text `zhixing-feed-batch-v1\n` followed by the digest's 64 hex
//!   characters: 86 bytes, whatever the size of the batch. `key_id` names the key: the first 8 bytes of the
//!   SHA-256 of the 32-byte public key, in hex ([`key_id`]).
//!
//! A signed batch travels as `{"batch":{…},"key_id":"…","signature":"<128 hex>"}`. A unit proves which
//! version it applied by the version and digest of the last batch it verified and applied: the digest chain
//! ([`verify_chain`]) ties it to every batch before.
//!
//! # The snapshot (快照)
//!
//! A snapshot ([`Snapshot`]) is the list at one version for **one** unit, without any identifier or name in
//! clear:
//!
//! - The unit's key is `HMAC-SHA256(master, "zhixing-screening-unit-key\n" ‖ unit)` ([`unit_key`]): `master` is
//!   a 32-byte secret the list keeps, `unit` the unit's code (UTF-8). The unit receives its key once, over a
//!   secure channel; the master never leaves the list.
//! - Each identifier is entered as the first 16 bytes of `HMAC-SHA256(unit key, "P:" ‖ identifier)` for a
//!   person, `"O:" ‖ identifier` for an organisation, the identifier in its canonical 18-character form
//!   ([`keyed_hash`]), with the measures restricted for it as a 32-bit mask: bit `i` is [`Measure::ALL`]`[i]`
//!   (bit 0 `flight`, bit 3 `g_train`, …). Entries are sorted by hash (as bytes, which is the order of the hex
//!   text) and each hash is there once (two identifiers whose hashes collide, never seen at 128 bits, would
//!   share one entry, their measures united).
//! - The JSON is `{"unit":"…","version":n,"created_at":"<RFC 3339>","key_id":"…","entries":[{"hash":"<32 hex>",
//!   "measures":m},…],"signature":"<128 hex>"}`. The signature is Ed25519 of the ASCII text
//!   `zhixing-screening-snapshot-v1\n` followed by the hex SHA-256 of the compact JSON of everything but the
//!   signature (the same rules as a batch's canonical bytes).
//!
//! To check a customer, a unit reads the identifier as the screening API would (trimmed, full-width forms
//! folded, a lower-case `x` or letters made upper-case; an 18-digit text valid both as a 公民身份号码 and as a
//! 统一社会信用代码 is looked up both ways), computes its keyed hash and binary-searches the sorted entries
//! ([`Snapshot::lookup`], which first narrows the search to the entries that share the hash's leading bits).
//! A hit gives the measures restricted; a miss means not restricted at that version.
//!
//! What the keyed hashes protect, and what they do not: without the unit's key, the file reveals nothing but
//! the number of entries; a snapshot made for one unit is useless with another unit's key, so a leaked file is
//! traced to the unit it was made for. The unit itself, holding its key, can test any identifier it likes,
//! and the space of 公民身份号码 is small enough to be enumerated at some cost: the snapshot keeps the list
//! from being read in bulk, not from a determined unit — which is bound by its agreement, as for the API.
//!
//! # Limits and refusals
//!
//! [`Snapshot::from_json`] reads at most [`SNAPSHOT_JSON_BYTES_MAX`] bytes and [`SNAPSHOT_ENTRIES_MAX`]
//! entries, and refuses an unknown or repeated field, a hash that is not 32 lower-case hex characters, and
//! entries out of order or repeated; each refusal names its field ([`FeedError::field`]) and has a stable
//! code ([`FeedError::code`]). Reading does not verify the signature: call [`Snapshot::verify`] as well.
//!
//! Everything here is pure: times, keys and the random bytes of a seed come in as arguments.

use std::collections::BTreeMap;
use std::collections::btree_map;
use std::fmt;
use std::iter::Peekable;

use chrono::{DateTime, NaiveDate};
use ed25519_dalek::{Signature, Signer};
use hmac::{Hmac, Mac};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

pub use ed25519_dalek::{SigningKey, VerifyingKey};

use super::REFERENCE_CHARS_MAX;
use super::measures::{Measure, MeasureSet};
use super::screening::{
    INDEX_ENTRIES_MAX, IndexEntry, SubjectKey, identifier_bytes, key_of_normalized, read_identifier,
};

/// What a batch signature signs, before the digest's hex.
pub const BATCH_SIGNING_CONTEXT: &str = "zhixing-feed-batch-v1\n";

/// What a snapshot signature signs, before the digest's hex.
pub const SNAPSHOT_SIGNING_CONTEXT: &str = "zhixing-screening-snapshot-v1\n";

/// What a unit's key is derived from, before the unit's code.
pub const UNIT_KEY_CONTEXT: &str = "zhixing-screening-unit-key\n";

/// Most changes in one batch: batch 1 adds the whole list.
pub const FEED_CHANGES_MAX: usize = INDEX_ENTRIES_MAX;

/// Most entries in one snapshot: the most an index holds.
pub const SNAPSHOT_ENTRIES_MAX: usize = INDEX_ENTRIES_MAX;

/// Bytes of snapshot JSON allowed per entry, with room for spacing: an entry's compact form is at most 66
/// (`{"hash":"<32>","measures":4294967295},`).
pub const SNAPSHOT_ENTRY_BYTES_MAX: usize = 80;

/// Largest snapshot JSON read, in bytes: [`SNAPSHOT_ENTRIES_MAX`] entries of [`SNAPSHOT_ENTRY_BYTES_MAX`] and
/// 4 KiB for the rest (just under 4 GB, so that it fits a 32-bit `usize` too).
pub const SNAPSHOT_JSON_BYTES_MAX: usize = SNAPSHOT_ENTRIES_MAX * SNAPSHOT_ENTRY_BYTES_MAX + 4096;

// A snapshot of the most entries, each of the longest compact form, is within the byte limit, and the byte
// limit fits a 32-bit `usize`.
const _: () = assert!(SNAPSHOT_JSON_BYTES_MAX >= SNAPSHOT_ENTRIES_MAX * 66 + 4096);
const _: () = assert!(SNAPSHOT_JSON_BYTES_MAX as u64 <= u32::MAX as u64);

/// Longest RFC 3339 time accepted (`published_at`, `created_at`).
pub const TIMESTAMP_BYTES_MAX: usize = 64;

/// Bytes of a keyed hash kept in a snapshot: 128 bits, so that 50 million entries collide with a probability
/// below 10^-20.
pub const KEYED_HASH_BYTES: usize = 16;

/// What the list publishes for one identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub key: SubjectKey,
    /// The name on record (姓名 or 名称).
    pub name: String,
    /// The measures restricted, never empty in a [`PublishedSet`].
    pub measures: MeasureSet,
}

/// The list at one version: one [`Published`] per identifier with a restricted measure, in key order
/// (persons first, then organisations, each in the order of its canonical text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublishedSet {
    subjects: BTreeMap<SubjectKey, Published>,
}

/// A person (公民身份号码) or an organisation (统一社会信用代码), as a change names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Person,
    Organisation,
}

/// What happened to an identifier from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// Not published before, published now.
    Added,
    /// Published before and now, with other measures or another name.
    Changed,
    /// Published before, not now: nothing is restricted for it any more.
    Removed,
}

/// One change of the list (see the module documentation for its JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedChange {
    pub op: ChangeOp,
    pub kind: SubjectKind,
    /// The canonical 18-character identifier.
    pub identifier: String,
    /// The name on record; for a removal, the name it was published under.
    pub name: String,
    /// The codes of the measures restricted after the change ([`Measure::code`]); empty for a removal.
    pub measures: Vec<String>,
}

/// One batch of changes, from version `version − 1` to `version`. Its fields are in the order of its
/// canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedBatch {
    pub version: u64,
    /// [`FeedBatch::digest`] of the batch before; empty for version 1.
    pub previous_digest: String,
    /// RFC 3339.
    pub published_at: String,
    pub changes: Vec<FeedChange>,
}

/// A batch with the list's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedBatch {
    pub batch: FeedBatch,
    /// [`key_id`] of the signing key.
    pub key_id: String,
    /// Ed25519 signature, 128 lower-case hex characters.
    pub signature: String,
}

/// One entry of a snapshot: a keyed hash and the measures restricted for it. In JSON the hash is 32
/// lower-case hex characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SnapshotEntry {
    pub hash: [u8; KEYED_HASH_BYTES],
    /// [`MeasureSet::bits`]; bits of a measure this version does not know are kept (they are signed) and
    /// left out of a lookup's answer.
    pub measures: u32,
}

/// The list at one version for one unit, as keyed hashes (see the module documentation). Built by
/// [`Snapshot::build`] or read by [`Snapshot::from_json`], so its entries are always sorted and unique.
/// `Debug` shows its header and size, never its entries.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    unit: String,
    version: u64,
    created_at: String,
    key_id: String,
    entries: Vec<SnapshotEntry>,
    signature: String,
    /// Where the search for a hash starts ([`Buckets`]), derived from `entries`.
    #[serde(skip)]
    buckets: Buckets,
}

/// The entries by the first bits of their hash: `starts[b]..starts[b + 1]` are the entries whose hash begins
/// with the `bits` bits of `b`. Hashes are uniform, so a bucket holds two to four entries on average, and a
/// lookup searches them instead of the whole list: one or two cache misses instead of one at each halving (a
/// binary search over a million entries misses about twenty times: 0.1 µs a lookup instead of 0.9 µs).
/// The table takes a tenth of the entries' memory at most.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Buckets {
    bits: u32,
    starts: Vec<u32>,
}

/// Why a batch, a chain, a snapshot or a change is refused; each names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("{field}: larger than {max} bytes / 超出大小上限")]
    TooLarge { field: &'static str, max: usize },
    #[error("{field}: more than {max} / 超出数量上限")]
    TooMany { field: &'static str, max: usize },
    #[error("{field}: required / 缺少必填项")]
    Missing { field: &'static str },
    #[error("{field}: given twice / 重复")]
    Duplicate { field: &'static str },
    #[error("{field}{}: {detail} / 格式不正确", at(.index))]
    Malformed { field: &'static str, index: Option<usize>, detail: String },
    #[error("{field}: {code} / 格式不正确")]
    Invalid { field: &'static str, code: &'static str },
    #[error("entries[{index}].hash: not 32 lower-case hexadecimal characters / 散列值格式不正确")]
    InvalidHash { index: usize },
    #[error(
        "entries[{index}]: not after the entry before it in the order of hashes / 条目未按散列值升序排列或重复"
    )]
    Unsorted { index: usize },
    #[error("{field}: not a valid identifier ({code}) / 证件号码无效")]
    InvalidIdentifier { field: &'static str, code: &'static str },
    #[error("{field}, change {index}: {code} / 变更无法适用")]
    Change { index: usize, field: &'static str, code: &'static str },
    #[error("key_id: signed under another key / 签名密钥不符")]
    UnknownKey,
    #[error("signature: does not verify / 签名验证失败")]
    BadSignature,
    #[error("version: {expected} expected, {found} found / 版本不连续")]
    VersionGap { expected: u64, found: u64 },
    #[error("previous_digest: batch {version} does not follow the batch before it / 与上一批次不衔接")]
    BrokenLink { version: u64 },
}

impl FeedError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too_large",
            Self::TooMany { .. } => "too_many",
            Self::Missing { .. } => "missing",
            Self::Duplicate { .. } => "duplicate",
            Self::Malformed { .. } => "malformed",
            Self::Invalid { code, .. } | Self::InvalidIdentifier { code, .. } | Self::Change { code, .. } => {
                code
            }
            Self::InvalidHash { .. } => "invalid_hash",
            Self::Unsorted { .. } => "unsorted",
            Self::UnknownKey => "unknown_key",
            Self::BadSignature => "bad_signature",
            Self::VersionGap { .. } => "version_gap",
            Self::BrokenLink { .. } => "broken_link",
        }
    }

    /// The field at fault (`entries.hash` for an entry's hash, `changes.identifier` for a change's
    /// identifier, `snapshot` for the document as a whole).
    pub fn field(&self) -> &'static str {
        match self {
            Self::TooLarge { field, .. }
            | Self::TooMany { field, .. }
            | Self::Missing { field }
            | Self::Duplicate { field }
            | Self::Malformed { field, .. }
            | Self::Invalid { field, .. }
            | Self::InvalidIdentifier { field, .. }
            | Self::Change { field, .. } => field,
            Self::InvalidHash { .. } => "entries.hash",
            Self::Unsorted { .. } => "entries",
            Self::UnknownKey => "key_id",
            Self::BadSignature => "signature",
            Self::VersionGap { .. } => "version",
            Self::BrokenLink { .. } => "previous_digest",
        }
    }
}

fn at(index: &Option<usize>) -> String {
    index.map(|i| format!("[{i}]")).unwrap_or_default()
}

// ----- the published set and its changes -----

impl PublishedSet {
    /// The list of `entries` (what the index is built from): entries of one key merged, their measures
    /// united and the first name kept; entries with no measure left out, and keys no identifier packs to
    /// (none comes from a record).
    pub fn from_entries(entries: &[IndexEntry]) -> PublishedSet {
        let mut rows: Vec<&IndexEntry> =
            entries.iter().filter(|e| !e.measures.is_empty() && identifier_bytes(e.key).is_some()).collect();
        // Stable, so that the first entry of a key comes first; sorted input makes the map's bulk build linear.
        rows.sort_by_key(|e| e.key);
        let mut merged: Vec<(SubjectKey, Published)> = Vec::with_capacity(rows.len());
        for entry in rows {
            match merged.last_mut() {
                Some((key, published)) if *key == entry.key => {
                    published.measures = published.measures.union(entry.measures);
                }
                _ => merged.push((
                    entry.key,
                    Published { key: entry.key, name: entry.name.clone(), measures: entry.measures },
                )),
            }
        }
        PublishedSet { subjects: merged.into_iter().collect() }
    }

    /// The list as a unit applying only the measures of `scope` sees it: each identifier with those of its
    /// measures that are in `scope`, and none with none of them.
    pub fn scoped(&self, scope: MeasureSet) -> PublishedSet {
        let subjects = self
            .subjects
            .iter()
            .filter_map(|(key, p)| {
                let measures = p.measures.intersection(scope);
                (!measures.is_empty()).then(|| (*key, Published { measures, ..p.clone() }))
            })
            .collect();
        PublishedSet { subjects }
    }

    pub fn get(&self, key: SubjectKey) -> Option<&Published> {
        self.subjects.get(&key)
    }

    /// In key order.
    pub fn iter(&self) -> impl Iterator<Item = &Published> {
        self.subjects.values()
    }

    pub fn len(&self) -> usize {
        self.subjects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }
}

/// The changes from `previous` to `current`, in key order: what batch `n` holds when `previous` is the list
/// at `n − 1` and `current` the list at `n`. [`apply`] of the result to `previous` gives `current`.
pub fn diff(previous: &PublishedSet, current: &PublishedSet) -> Vec<FeedChange> {
    let mut changes = Vec::new();
    let mut before = previous.subjects.values().peekable();
    let mut after = current.subjects.values().peekable();
    while let Some((op, published)) = next_change(&mut before, &mut after) {
        changes.push(FeedChange::new(op, published));
    }
    changes
}

type Walk<'a> = Peekable<btree_map::Values<'a, SubjectKey, Published>>;

/// The next change of a walk over both sets in key order, skipping identifiers unchanged.
fn next_change<'a>(before: &mut Walk<'a>, after: &mut Walk<'a>) -> Option<(ChangeOp, &'a Published)> {
    loop {
        match (before.peek(), after.peek()) {
            (None, None) => return None,
            (Some(_), None) => return before.next().map(|p| (ChangeOp::Removed, p)),
            (None, Some(_)) => return after.next().map(|p| (ChangeOp::Added, p)),
            (Some(old), Some(new)) if old.key < new.key => {
                return before.next().map(|p| (ChangeOp::Removed, p));
            }
            (Some(old), Some(new)) if old.key > new.key => return after.next().map(|p| (ChangeOp::Added, p)),
            (Some(old), Some(new)) => {
                let same = old.name == new.name && old.measures == new.measures;
                before.next();
                let new = after.next()?;
                if !same {
                    return Some((ChangeOp::Changed, new));
                }
            }
        }
    }
}

impl FeedChange {
    fn new(op: ChangeOp, published: &Published) -> FeedChange {
        let (kind, identifier) =
            identifier_of(published.key).unwrap_or_else(|| raw_identifier(published.key));
        let measures = match op {
            ChangeOp::Removed => Vec::new(),
            ChangeOp::Added | ChangeOp::Changed => {
                published.measures.iter().map(|m| m.code().to_owned()).collect()
            }
        };
        FeedChange { op, kind, identifier, name: published.name.clone(), measures }
    }
}

/// Applies a batch's `changes` to `set` (the list at the version before the batch), or leaves `set` as it was
/// and says which change does not apply: an identifier not in canonical form, changes out of key order or an
/// identifier twice, an addition of an identifier present, a change or removal of one absent, an unknown
/// measure code, an addition or change with no measure, or a removal with measures.
pub fn apply(set: &mut PublishedSet, changes: &[FeedChange]) -> Result<(), FeedError> {
    if changes.len() > FEED_CHANGES_MAX {
        return Err(FeedError::TooMany { field: "changes", max: FEED_CHANGES_MAX });
    }
    let mut checked = Vec::with_capacity(changes.len());
    let mut last: Option<SubjectKey> = None;
    for (index, change) in changes.iter().enumerate() {
        let refuse = |field, code| FeedError::Change { index, field, code };
        let key = key_of_normalized(change.kind == SubjectKind::Person, &change.identifier)
            .ok_or_else(|| refuse("changes.identifier", "not_canonical"))?;
        if last.is_some_and(|last| last >= key) {
            return Err(refuse("changes", "out_of_order"));
        }
        last = Some(key);
        let measures =
            measure_set(&change.measures).ok_or_else(|| refuse("changes.measures", "unknown_measure"))?;
        let present = set.subjects.contains_key(&key);
        match change.op {
            ChangeOp::Added if present => return Err(refuse("changes.op", "already_present")),
            ChangeOp::Changed | ChangeOp::Removed if !present => {
                return Err(refuse("changes.op", "not_present"));
            }
            ChangeOp::Added | ChangeOp::Changed if measures.is_empty() => {
                return Err(refuse("changes.measures", "no_measure"));
            }
            ChangeOp::Removed if !measures.is_empty() => {
                return Err(refuse("changes.measures", "measures_on_removal"));
            }
            _ => {}
        }
        checked.push((key, measures));
    }
    for ((key, measures), change) in checked.into_iter().zip(changes) {
        match change.op {
            ChangeOp::Removed => {
                set.subjects.remove(&key);
            }
            ChangeOp::Added | ChangeOp::Changed => {
                set.subjects.insert(key, Published { key, name: change.name.clone(), measures });
            }
        }
    }
    Ok(())
}

/// The set of measure codes, `None` when one is unknown.
fn measure_set(codes: &[String]) -> Option<MeasureSet> {
    codes.iter().map(|code| Measure::parse(code)).collect::<Option<Vec<_>>>().map(MeasureSet::from_iter)
}

/// A key's kind and canonical text, `None` for a key no identifier packs to.
fn identifier_of(key: SubjectKey) -> Option<(SubjectKind, String)> {
    identifier_bytes(key).map(|text| (kind_of(key), String::from_utf8_lossy(&text).into_owned()))
}

fn kind_of(key: SubjectKey) -> SubjectKind {
    match key {
        SubjectKey::Person(_) => SubjectKind::Person,
        SubjectKey::Organisation(_) => SubjectKind::Organisation,
    }
}

/// A text for a key no identifier packs to: its number in decimal, longer than any identifier, so that it
/// never stands for one.
fn raw_identifier(key: SubjectKey) -> (SubjectKind, String) {
    match key {
        SubjectKey::Person(key) => (SubjectKind::Person, key.to_string()),
        SubjectKey::Organisation(key) => (SubjectKind::Organisation, key.to_string()),
    }
}

// ----- batches and their signatures -----

impl FeedBatch {
    /// The batch after `previous` (version 1 when there is none) with `changes`, published at `published_at`
    /// (RFC 3339, the caller's clock).
    pub fn next(
        previous: Option<&FeedBatch>,
        published_at: &str,
        changes: Vec<FeedChange>,
    ) -> Result<FeedBatch, FeedError> {
        timestamp("published_at", published_at)?;
        if changes.len() > FEED_CHANGES_MAX {
            return Err(FeedError::TooMany { field: "changes", max: FEED_CHANGES_MAX });
        }
        Ok(FeedBatch {
            version: previous.map_or(1, |p| p.version + 1),
            previous_digest: previous.map(FeedBatch::digest).unwrap_or_default(),
            published_at: published_at.to_owned(),
            changes,
        })
    }

    /// The signed form: compact JSON, fields in declaration order (see the module documentation).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a batch is strings, numbers and lists: it always serializes")
    }

    /// SHA-256 of [`Self::canonical_bytes`], 64 lower-case hex characters (computed as the JSON is written,
    /// without holding it).
    pub fn digest(&self) -> String {
        hex::encode(json_sha256(self))
    }
}

/// Signs `batch` with the list's key.
pub fn sign_batch(batch: FeedBatch, key: &SigningKey) -> SignedBatch {
    let message = signed_message(BATCH_SIGNING_CONTEXT, &batch.digest());
    SignedBatch {
        batch,
        key_id: key_id(&key.verifying_key()),
        signature: hex::encode(key.sign(&message).to_bytes()),
    }
}

/// Checks a signed batch: signed under `key`, its signature valid for its content, its version at least 1,
/// its `previous_digest` empty for version 1 and a digest otherwise, its `published_at` an RFC 3339 time.
pub fn verify_batch(signed: &SignedBatch, key: &VerifyingKey) -> Result<(), FeedError> {
    verified_digest(signed, key).map(drop)
}

/// Checks batches in order: each verifies ([`verify_batch`]), each version is one more than the one before,
/// and each `previous_digest` is the digest of the batch before. The first batch's link is checked only when
/// it is version 1 (its `previous_digest` empty); to continue from a batch applied earlier, put that batch
/// first. Returns the last version.
pub fn verify_chain(batches: &[SignedBatch], key: &VerifyingKey) -> Result<u64, FeedError> {
    let mut previous: Option<(u64, String)> = None;
    for signed in batches {
        let digest = verified_digest(signed, key)?;
        let batch = &signed.batch;
        if let Some((version, previous_digest)) = &previous {
            let expected = version + 1;
            if batch.version != expected {
                return Err(FeedError::VersionGap { expected, found: batch.version });
            }
            if batch.previous_digest != *previous_digest {
                return Err(FeedError::BrokenLink { version: batch.version });
            }
        }
        previous = Some((batch.version, digest));
    }
    previous.map(|(version, _)| version).ok_or(FeedError::Missing { field: "batches" })
}

/// [`verify_batch`], giving the batch's digest.
fn verified_digest(signed: &SignedBatch, key: &VerifyingKey) -> Result<String, FeedError> {
    let batch = &signed.batch;
    if batch.version == 0 {
        return Err(FeedError::Invalid { field: "version", code: "version_zero" });
    }
    let link_expected = batch.version > 1;
    if link_expected != is_lower_hex(&batch.previous_digest, 64) {
        let code = if link_expected { "not_a_digest" } else { "link_before_version_1" };
        return Err(FeedError::Invalid { field: "previous_digest", code });
    }
    timestamp("published_at", &batch.published_at)?;
    if batch.changes.len() > FEED_CHANGES_MAX {
        return Err(FeedError::TooMany { field: "changes", max: FEED_CHANGES_MAX });
    }
    let digest = batch.digest();
    verify_signature(
        key,
        &signed.key_id,
        &signed.signature,
        &signed_message(BATCH_SIGNING_CONTEXT, &digest),
    )?;
    Ok(digest)
}

/// The list's signing key from 32 bytes of secret seed (RFC 8032's private key). The caller draws the bytes
/// from a secure random source and keeps them secret.
pub fn signing_key_from_seed(seed: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(seed)
}

/// A public key from its 64 hex characters (as the list publishes it), refused when not a valid point.
pub fn verifying_key_from_hex(text: &str) -> Result<VerifyingKey, FeedError> {
    let mut bytes = [0u8; 32];
    if !is_lower_hex(text, 64) || hex::decode_to_slice(text, &mut bytes).is_err() {
        return Err(FeedError::Invalid { field: "public_key", code: "not_hex" });
    }
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| FeedError::Invalid { field: "public_key", code: "not_a_key" })
}

/// The name of a public key: the first 8 bytes of the SHA-256 of its 32 bytes, 16 lower-case hex characters.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

/// The text a signature signs: `context` and the digest's hex.
fn signed_message(context: &str, digest_hex: &str) -> Vec<u8> {
    [context.as_bytes(), digest_hex.as_bytes()].concat()
}

/// Checks that `key_id` names `key` and that `signature` (hex) signs `message` under it, strictly.
fn verify_signature(
    key: &VerifyingKey,
    key_id_given: &str,
    signature: &str,
    message: &[u8],
) -> Result<(), FeedError> {
    if key_id_given != key_id(key) {
        return Err(FeedError::UnknownKey);
    }
    let mut bytes = [0u8; 64];
    if !is_lower_hex(signature, 128) || hex::decode_to_slice(signature, &mut bytes).is_err() {
        return Err(FeedError::Invalid { field: "signature", code: "not_hex" });
    }
    key.verify_strict(message, &Signature::from_bytes(&bytes)).map_err(|_| FeedError::BadSignature)
}

/// SHA-256 of the compact JSON of `value`, hashed as it is written.
fn json_sha256<T: Serialize>(value: &T) -> [u8; 32] {
    let mut hasher = Sha256::new();
    serde_json::to_writer(&mut hasher, value).expect("strings, numbers and lists always serialize");
    hasher.finalize().into()
}

// ----- keyed hashes -----

type HmacSha256 = Hmac<Sha256>;

/// A unit's key: `HMAC-SHA256(master, "zhixing-screening-unit-key\n" ‖ unit)`.
pub fn unit_key(master: &[u8; 32], unit: &str) -> [u8; 32] {
    let mut mac = hmac(master);
    mac.update(UNIT_KEY_CONTEXT.as_bytes());
    mac.update(unit.as_bytes());
    mac.finalize().into_bytes().into()
}

/// An identifier's entry in a unit's snapshot: the first 16 bytes of `HMAC-SHA256(unit key, "P:" ‖ identifier)`
/// for a person, `"O:" ‖ identifier` for an organisation, the identifier in canonical form.
pub fn keyed_hash(unit_key: &[u8; 32], key: SubjectKey) -> [u8; KEYED_HASH_BYTES] {
    UnitHasher::new(unit_key).hash(key)
}

/// A unit's HMAC with the key already absorbed: each hash clones it, which saves two of its four
/// compressions.
struct UnitHasher {
    keyed: HmacSha256,
}

impl UnitHasher {
    fn new(unit_key: &[u8; 32]) -> UnitHasher {
        UnitHasher { keyed: hmac(unit_key) }
    }

    fn hash(&self, key: SubjectKey) -> [u8; KEYED_HASH_BYTES] {
        let mut mac = self.keyed.clone();
        mac.update(match kind_of(key) {
            SubjectKind::Person => b"P:",
            SubjectKind::Organisation => b"O:",
        });
        match identifier_bytes(key) {
            Some(text) => mac.update(&text),
            None => mac.update(raw_identifier(key).1.as_bytes()),
        }
        let mut hash = [0u8; KEYED_HASH_BYTES];
        hash.copy_from_slice(&mac.finalize().into_bytes()[..KEYED_HASH_BYTES]);
        hash
    }
}

fn hmac(key: &[u8; 32]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes a key of any length")
}

// ----- snapshots -----

/// What a snapshot's signature covers: everything but the signature, in the order of the JSON.
#[derive(Serialize)]
struct SnapshotBody<'a> {
    unit: &'a str,
    version: u64,
    created_at: &'a str,
    key_id: &'a str,
    entries: &'a [SnapshotEntry],
}

impl Snapshot {
    /// The snapshot of `published` (the list at `version`, scoped to the unit's measures if need be) for
    /// `unit`, hashed under its key `unit_key` ([`unit_key`]) and signed. `unit` is the unit's code (at most
    /// 96 characters, no surrounding space, no control character); `created_at` an RFC 3339 time.
    pub fn build(
        unit: &str,
        version: u64,
        created_at: &str,
        unit_key: &[u8; 32],
        published: &PublishedSet,
        signing_key: &SigningKey,
    ) -> Result<Snapshot, FeedError> {
        unit_code(unit)?;
        timestamp("created_at", created_at)?;
        if published.len() > SNAPSHOT_ENTRIES_MAX {
            return Err(FeedError::TooMany { field: "entries", max: SNAPSHOT_ENTRIES_MAX });
        }
        let hasher = UnitHasher::new(unit_key);
        let mut entries: Vec<SnapshotEntry> = published
            .iter()
            .map(|p| SnapshotEntry { hash: hasher.hash(p.key), measures: p.measures.bits() })
            .collect();
        sort_and_merge(&mut entries);
        let mut snapshot = Snapshot {
            unit: unit.to_owned(),
            version,
            created_at: created_at.to_owned(),
            key_id: key_id(&signing_key.verifying_key()),
            buckets: Buckets::of(&entries),
            entries,
            signature: String::new(),
        };
        let message = signed_message(SNAPSHOT_SIGNING_CONTEXT, &snapshot.digest());
        snapshot.signature = hex::encode(signing_key.sign(&message).to_bytes());
        Ok(snapshot)
    }

    /// Reads a snapshot's JSON, checking its form (not its signature: see [`Self::verify`]). Refused, the
    /// field named: input over [`SNAPSHOT_JSON_BYTES_MAX`] bytes or not JSON of the form; an unknown, missing
    /// or repeated field; more than [`SNAPSHOT_ENTRIES_MAX`] entries; a hash not 32 lower-case hex
    /// characters; entries out of order or repeated; a `unit`, `created_at`, `key_id` or `signature` not of
    /// its form.
    pub fn from_json(json: &str) -> Result<Snapshot, FeedError> {
        read_snapshot(json, SNAPSHOT_JSON_BYTES_MAX, SNAPSHOT_ENTRIES_MAX)
    }

    /// The compact JSON (see the module documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("strings, numbers and lists always serialize")
    }

    /// SHA-256 of the compact JSON of everything but the signature, 64 lower-case hex characters.
    pub fn digest(&self) -> String {
        hex::encode(json_sha256(&SnapshotBody {
            unit: &self.unit,
            version: self.version,
            created_at: &self.created_at,
            key_id: &self.key_id,
            entries: &self.entries,
        }))
    }

    /// Checks that the snapshot is signed under `key` and unchanged since.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), FeedError> {
        let message = signed_message(SNAPSHOT_SIGNING_CONTEXT, &self.digest());
        verify_signature(key, &self.key_id, &self.signature, &message)
    }

    /// The measures restricted for the subject of `identifier` (read as the screening API reads it; `today`
    /// bounds a birth date), `None` when it is not in the snapshot. `unit_key` is the unit's key: under another
    /// unit's key nothing is found. An 18-digit text valid both as a 公民身份号码 and as a 统一社会信用代码 is
    /// looked up both ways, the measures united.
    pub fn lookup(
        &self,
        unit_key: &[u8; 32],
        identifier: &str,
        today: NaiveDate,
    ) -> Result<Option<MeasureSet>, FeedError> {
        let keys = read_identifier(identifier, today)
            .map_err(|code| FeedError::InvalidIdentifier { field: "identifier", code })?;
        let hasher = UnitHasher::new(unit_key);
        let found = keys.iter().filter_map(|key| self.lookup_hash(&hasher.hash(key)));
        Ok(found.reduce(MeasureSet::union))
    }

    /// The measures of the entry with `hash`, for a unit that computes its hashes itself.
    pub fn lookup_hash(&self, hash: &[u8; KEYED_HASH_BYTES]) -> Option<MeasureSet> {
        let bucket = self.buckets.bucket(hash);
        let start = *self.buckets.starts.get(bucket)? as usize;
        let end = *self.buckets.starts.get(bucket + 1)? as usize;
        let entries = self.entries.get(start..end)?;
        let i = entries.binary_search_by(|e| e.hash.cmp(hash)).ok()?;
        Some(MeasureSet::from_bits(entries[i].measures))
    }

    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// The version of the list the snapshot reflects.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn created_at(&self) -> &str {
        &self.created_at
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Sorted by hash, each hash once.
    pub fn entries(&self) -> &[SnapshotEntry] {
        &self.entries
    }

    pub fn signature(&self) -> &str {
        &self.signature
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("unit", &self.unit)
            .field("version", &self.version)
            .field("created_at", &self.created_at)
            .field("key_id", &self.key_id)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl Serialize for SnapshotEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut hex_text = [0u8; 2 * KEYED_HASH_BYTES];
        hex::encode_to_slice(self.hash, &mut hex_text).map_err(serde::ser::Error::custom)?;
        let hex_text = std::str::from_utf8(&hex_text).map_err(serde::ser::Error::custom)?;
        let mut entry = serializer.serialize_struct("SnapshotEntry", 2)?;
        entry.serialize_field("hash", hex_text)?;
        entry.serialize_field("measures", &self.measures)?;
        entry.end()
    }
}

impl Buckets {
    /// Most bits: 2^24 buckets, 64 MiB, for lists of 64 million entries and more.
    const BITS_MAX: u32 = 24;

    /// The buckets of `entries`, sorted by hash.
    fn of(entries: &[SnapshotEntry]) -> Buckets {
        let per_four = entries.len() / 4;
        let bits = if per_four == 0 { 0 } else { (per_four.ilog2() + 1).min(Self::BITS_MAX) };
        let mut buckets = Buckets { bits, starts: Vec::with_capacity((1 << bits) + 1) };
        let mut next = 0;
        for bucket in 0..1usize << bits {
            while next < entries.len() && buckets.bucket(&entries[next].hash) < bucket {
                next += 1;
            }
            buckets.starts.push(next as u32);
        }
        buckets.starts.push(entries.len() as u32);
        buckets
    }

    fn bucket(&self, hash: &[u8; KEYED_HASH_BYTES]) -> usize {
        let first = u64::from(u32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]]));
        (first >> (32 - self.bits)) as usize
    }
}

/// Sorts entries by hash and merges those of one hash, their measures united.
fn sort_and_merge(entries: &mut Vec<SnapshotEntry>) {
    entries.sort_unstable_by_key(|e| e.hash);
    entries.dedup_by(|later, kept| {
        let same = later.hash == kept.hash;
        if same {
            kept.measures |= later.measures;
        }
        same
    });
}

/// `unit` if it is a unit's code: 1 to [`REFERENCE_CHARS_MAX`] characters, no surrounding space, no control
/// character.
fn unit_code(unit: &str) -> Result<(), FeedError> {
    let well_formed = !unit.is_empty()
        && unit.trim() == unit
        && unit.chars().count() <= REFERENCE_CHARS_MAX
        && !unit.chars().any(char::is_control);
    if well_formed { Ok(()) } else { Err(FeedError::Invalid { field: "unit", code: "invalid_unit" }) }
}

/// `text` if it is an RFC 3339 time of at most [`TIMESTAMP_BYTES_MAX`] bytes.
fn timestamp(field: &'static str, text: &str) -> Result<(), FeedError> {
    if text.len() <= TIMESTAMP_BYTES_MAX && DateTime::parse_from_rfc3339(text).is_ok() {
        Ok(())
    } else {
        Err(FeedError::Invalid { field, code: "not_rfc3339" })
    }
}

/// Whether `text` is `len` lower-case hex characters.
fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

// ----- reading a snapshot -----
//
// The JSON is read in one pass with no intermediate tree: each entry's hash is decoded as it is read, so the
// memory held is that of the snapshot itself (20 bytes an entry). The visitors record where they are and the
// first problem they find, so that a refusal names its field rather than a line and column only.

/// Where the reader is, and the first problem found.
struct ReadState {
    field: &'static str,
    index: Option<usize>,
    problem: Option<FeedError>,
    entries_max: usize,
}

fn read_snapshot(json: &str, bytes_max: usize, entries_max: usize) -> Result<Snapshot, FeedError> {
    if json.len() > bytes_max {
        return Err(FeedError::TooLarge { field: "snapshot", max: bytes_max });
    }
    let mut state = ReadState { field: "snapshot", index: None, problem: None, entries_max };
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let read = SnapshotSeed { state: &mut state }.deserialize(&mut deserializer);
    let snapshot = read.and_then(|snapshot| deserializer.end().map(|()| snapshot)).map_err(|e| {
        state.problem.take().unwrap_or(FeedError::Malformed {
            field: state.field,
            index: state.index,
            detail: e.to_string(),
        })
    })?;
    unit_code(&snapshot.unit)?;
    timestamp("created_at", &snapshot.created_at)?;
    if !is_lower_hex(&snapshot.key_id, 16) {
        return Err(FeedError::Invalid { field: "key_id", code: "not_hex" });
    }
    if !is_lower_hex(&snapshot.signature, 128) {
        return Err(FeedError::Invalid { field: "signature", code: "not_hex" });
    }
    Ok(snapshot)
}

/// Records `problem` and gives the error that stops the reader.
fn refuse<E: de::Error>(state: &mut ReadState, problem: FeedError) -> E {
    let error = E::custom(&problem);
    state.problem = Some(problem);
    error
}

#[derive(Deserialize, Clone, Copy)]
#[serde(field_identifier, rename_all = "snake_case")]
enum SnapshotField {
    Unit,
    Version,
    CreatedAt,
    KeyId,
    Entries,
    Signature,
}

impl SnapshotField {
    fn name(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::Version => "version",
            Self::CreatedAt => "created_at",
            Self::KeyId => "key_id",
            Self::Entries => "entries",
            Self::Signature => "signature",
        }
    }
}

struct SnapshotSeed<'s> {
    state: &'s mut ReadState,
}

impl<'de> DeserializeSeed<'de> for SnapshotSeed<'_> {
    type Value = Snapshot;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Snapshot, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SnapshotSeed<'_> {
    type Value = Snapshot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a snapshot object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Snapshot, A::Error> {
        let state = self.state;
        let (mut unit, mut version, mut created_at, mut key_id, mut entries, mut signature) =
            (None, None, None, None, None, None);
        loop {
            state.field = "snapshot";
            state.index = None;
            let Some(field) = map.next_key::<SnapshotField>()? else { break };
            state.field = field.name();
            let repeated = match field {
                SnapshotField::Unit => unit.replace(map.next_value::<String>()?).is_some(),
                SnapshotField::Version => version.replace(map.next_value::<u64>()?).is_some(),
                SnapshotField::CreatedAt => created_at.replace(map.next_value::<String>()?).is_some(),
                SnapshotField::KeyId => key_id.replace(map.next_value::<String>()?).is_some(),
                SnapshotField::Entries => {
                    entries.replace(map.next_value_seed(EntriesSeed { state: &mut *state })?).is_some()
                }
                SnapshotField::Signature => signature.replace(map.next_value::<String>()?).is_some(),
            };
            if repeated {
                return Err(refuse(state, FeedError::Duplicate { field: field.name() }));
            }
        }
        let required = |field| FeedError::Missing { field };
        let unit = unit.ok_or_else(|| refuse(state, required("unit")))?;
        let version = version.ok_or_else(|| refuse(state, required("version")))?;
        let created_at = created_at.ok_or_else(|| refuse(state, required("created_at")))?;
        let key_id = key_id.ok_or_else(|| refuse(state, required("key_id")))?;
        let entries: Vec<SnapshotEntry> = entries.ok_or_else(|| refuse(state, required("entries")))?;
        let signature = signature.ok_or_else(|| refuse(state, required("signature")))?;
        let buckets = Buckets::of(&entries);
        Ok(Snapshot { unit, version, created_at, key_id, entries, signature, buckets })
    }
}

struct EntriesSeed<'s> {
    state: &'s mut ReadState,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Vec<SnapshotEntry>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<SnapshotEntry>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Vec<SnapshotEntry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<SnapshotEntry>, A::Error> {
        let state = self.state;
        let mut entries: Vec<SnapshotEntry> = Vec::new();
        loop {
            let index = entries.len();
            state.index = Some(index);
            let Some(raw) = seq.next_element::<RawEntry>()? else { break };
            if index >= state.entries_max {
                let max = state.entries_max;
                return Err(refuse(state, FeedError::TooMany { field: "entries", max }));
            }
            let Some(hash) = raw.hash.0 else {
                return Err(refuse(state, FeedError::InvalidHash { index }));
            };
            if entries.last().is_some_and(|last| last.hash >= hash) {
                return Err(refuse(state, FeedError::Unsorted { index }));
            }
            entries.push(SnapshotEntry { hash, measures: raw.measures });
        }
        state.index = None;
        Ok(entries)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    hash: HexHash,
    measures: u32,
}

/// A hash read from its hex text without allocating; `None` when the text is not 32 lower-case hex
/// characters.
struct HexHash(Option<[u8; KEYED_HASH_BYTES]>);

impl<'de> Deserialize<'de> for HexHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HexHash, D::Error> {
        deserializer.deserialize_str(HexHashVisitor)
    }
}

struct HexHashVisitor;

impl Visitor<'_> for HexHashVisitor {
    type Value = HexHash;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a hash in hex")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<HexHash, E> {
        let mut hash = [0u8; KEYED_HASH_BYTES];
        let decoded =
            is_lower_hex(text, 2 * KEYED_HASH_BYTES) && hex::decode_to_slice(text, &mut hash).is_ok();
        Ok(HexHash(decoded.then_some(hash)))
    }
}

#[cfg(test)]
mod tests;
