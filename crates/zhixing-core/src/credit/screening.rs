//! Screening for linkage units (联动单位): the packed index of restricted identifiers and the check a unit
//! runs against it.
//!
//! - A 公民身份号码 packs losslessly into a `u64` ([`pack_citizen_id`]): the 17 digits as a number, times 11,
//!   plus the check character's value (0–9, `X` = 10) — below 1.1 × 10^18 < 2^63. A 统一社会信用代码 packs
//!   into a `u128` ([`pack_uscc`]): its 18 characters as a base-31 number (31^18 < 2^90). Both unpack to the
//!   same text.
//! - A [`ScreeningIndex`] is immutable: sorted keys, and beside each key the set of measures restricted for
//!   it (a `u32` bitmask) and 32 bits of a hash of the name on record, to confirm a name without holding it.
//!   Built from [`IndexEntry`]s (what [`super::record::CreditRecord::screening_entries`] yields); a new list
//!   builds a new index, which the caller swaps in whole.
//! - A check ([`ScreeningIndex::check`]) is an exact match on the identifier, the name a confirming field:
//!   a name alone is answered [`Answer::IdentifierRequired`]. The answer says restricted or not and whether
//!   the name matched — never which case, list or court is behind it (DESIGN.md §2: a unit sees only what it
//!   may).
//!
//! The identifier's kind is found from its text: one that parses as a 公民身份号码 is looked up as a person,
//! one that parses as a 统一社会信用代码 as an organisation, and one that parses as both (an 18-digit string
//! can) under both keys. A passport bound to a 公民身份号码 is not indexed yet.

use std::fmt;

use chrono::NaiveDate;

use super::measures::{Measure, MeasureSet};
use crate::ids::citizen_id::{BIRTH_DATE_MIN, CitizenId, PROVINCE_CODES};
use crate::ids::fold_full_width;
use crate::ids::uscc::{CHARSET, Uscc};
use crate::limits::NAME_CHARS_MAX;

/// Most items in one batch check (the API's limit, issue 5 §2).
pub const SCREENING_BATCH_MAX: usize = 10_000;

/// Longest identifier input looked at, in bytes: 64 characters (the parsers' own bound) of up to 4 bytes.
pub const IDENTIFIER_BYTES_MAX: usize = 256;

/// Keys per block under one fence key: a block of 64 `u64` keys is 512 bytes, a few cache lines; the fence
/// of 8 million keys is 1 MB.
const FENCE_STRIDE: usize = 64;

/// Most entries one index holds: national scale is ≈ 8 million restricted identifiers (DESIGN.md §6).
pub const INDEX_ENTRIES_MAX: usize = 50_000_000;

/// Which table a key belongs to, and the packed key. `Debug` shows a person's number masked, like
/// [`CitizenId`]'s, since a key unpacks to the number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKey {
    Person(u64),
    Organisation(u128),
}

/// One restricted identifier to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub key: SubjectKey,
    /// The name on record (姓名 or 名称), hashed to confirm names.
    pub name: String,
    /// The measures restricted for it ([`super::measures::ScreeningEntry::measures`]).
    pub measures: MeasureSet,
}

/// How a given name compares with the name on record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameCheck {
    /// The name given matches.
    Confirmed,
    /// No name was given.
    NotGiven,
    /// The name given does not match: the identifier may be mistyped — verify it before refusing.
    Mismatch,
}

/// The answer to one check: all a linkage unit may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The identifier is restricted for the measure asked about.
    Restricted {
        name: NameCheck,
    },
    NotRestricted,
    /// Only a name was given (or nothing): a name alone is never matched.
    IdentifierRequired,
    /// The input is not valid: `field` is `identifier` or `name`, `code` the reason.
    Invalid {
        field: &'static str,
        code: &'static str,
    },
}

/// One item of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Query<'a> {
    pub identifier: Option<&'a str>,
    pub name: Option<&'a str>,
}

/// Why an index or a batch is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreeningError {
    #[error("{field}: more than {max} / 超出上限")]
    TooMany { field: &'static str, max: usize },
    #[error("entries[{index}]: a name is required / 缺少姓名或名称")]
    NameRequired { index: usize },
}

/// The packed index (see the module documentation). `Debug` shows its version and size, never its keys.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ScreeningIndex {
    version: u64,
    persons: Table<u64>,
    organisations: Table<u128>,
}

/// One kind of key: sorted keys and, at the same position, a slot with the measures and the name hash (see
/// [`slot`]). A key recorded under several names keeps the others in `more_names`, sorted by position.
///
/// `fences` is a static search tree over the keys: `fences[0]` holds every [`FENCE_STRIDE`]-th key,
/// `fences[1]` every [`FENCE_STRIDE`]-th of those, and so on up to a level of at most [`FENCE_STRIDE`] keys.
/// A lookup searches one block of [`FENCE_STRIDE`] keys per level, top down, then one block of `keys` — a
/// few neighbouring cache lines per level instead of a leap across the whole array at every step.
#[derive(Clone, PartialEq, Eq, Default)]
struct Table<K> {
    fences: Vec<Vec<K>>,
    keys: Vec<K>,
    slots: Vec<u64>,
    more_names: Vec<(u32, u32)>,
}

impl fmt::Debug for SubjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Person(key) => {
                let masked = unpack_citizen_id(*key)
                    .map(|id| format!("{}********{}", &id[..6], &id[14..]))
                    .unwrap_or_else(|| "invalid".to_owned());
                f.debug_tuple("Person").field(&masked).finish()
            }
            Self::Organisation(key) => {
                f.debug_tuple("Organisation").field(&unpack_uscc(*key).unwrap_or_default()).finish()
            }
        }
    }
}

impl fmt::Debug for ScreeningIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScreeningIndex")
            .field("version", &self.version)
            .field("persons", &self.persons.keys.len())
            .field("organisations", &self.organisations.keys.len())
            .finish()
    }
}

impl Answer {
    /// Whether the answer is a hit (restricted), for the accounting of checks.
    pub fn is_hit(&self) -> bool {
        matches!(self, Self::Restricted { .. })
    }

    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Restricted { .. } => "restricted",
            Self::NotRestricted => "not_restricted",
            Self::IdentifierRequired => "identifier_required",
            Self::Invalid { code, .. } => code,
        }
    }
}

impl NameCheck {
    pub fn code(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::NotGiven => "not_given",
            Self::Mismatch => "mismatch",
        }
    }
}

impl ScreeningError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooMany { .. } => "too_many",
            Self::NameRequired { .. } => "name_required",
        }
    }

    pub fn field(&self) -> &'static str {
        match self {
            Self::TooMany { field, .. } => field,
            Self::NameRequired { .. } => "name",
        }
    }
}

impl ScreeningIndex {
    /// Builds an index of `entries` under `version` (the list version it reflects). Entries with no
    /// measure are left out; entries of the same key are merged (measures united, every name kept).
    pub fn build(version: u64, entries: Vec<IndexEntry>) -> Result<ScreeningIndex, ScreeningError> {
        if entries.len() > INDEX_ENTRIES_MAX {
            return Err(ScreeningError::TooMany { field: "entries", max: INDEX_ENTRIES_MAX });
        }
        let mut persons = Vec::new();
        let mut organisations = Vec::new();
        for (index, entry) in entries.into_iter().enumerate() {
            let name = name_hash(&entry.name).map(name32).ok_or(ScreeningError::NameRequired { index })?;
            if entry.measures.is_empty() {
                continue;
            }
            match entry.key {
                SubjectKey::Person(key) => persons.push((key, entry.measures.bits(), name)),
                SubjectKey::Organisation(key) => organisations.push((key, entry.measures.bits(), name)),
            }
        }
        Ok(ScreeningIndex {
            version,
            persons: Table::build(persons),
            organisations: Table::build(organisations),
        })
    }

    /// The list version the index reflects.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Identifiers indexed.
    pub fn len(&self) -> usize {
        self.persons.keys.len() + self.organisations.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the index's tables.
    pub fn memory_bytes(&self) -> usize {
        self.persons.memory_bytes() + self.organisations.memory_bytes()
    }

    /// The measures restricted for a key (empty when it is not indexed).
    pub fn measures(&self, key: SubjectKey) -> MeasureSet {
        MeasureSet::from_bits(match key {
            SubjectKey::Person(key) => self.persons.measures(key),
            SubjectKey::Organisation(key) => self.organisations.measures(key),
        })
    }

    /// One check: whether the subject of `identifier` is restricted for `measure`, the name confirming.
    /// `today` bounds a birth date in a 公民身份号码 (the crate never reads the clock).
    pub fn check(
        &self,
        identifier: Option<&str>,
        name: Option<&str>,
        measure: Measure,
        today: NaiveDate,
    ) -> Answer {
        let prepared = match prepare(identifier, name, today) {
            Ok(prepared) => prepared,
            Err(answer) => return answer,
        };
        let bit = measure_bit(measure);
        let person = prepared.keys.person.and_then(|key| self.persons.hit(key, bit, prepared.name));
        let organisation =
            prepared.keys.organisation.and_then(|key| self.organisations.hit(key, bit, prepared.name));
        [person, organisation].into_iter().flatten().fold(Answer::NotRestricted, with_hit)
    }

    /// A batch of checks for one measure, answered in the order asked; at most [`SCREENING_BATCH_MAX`]
    /// items. The same answers as [`Self::check`] item by item; the persons' keys are looked up in sorted
    /// order, so that neighbouring lookups share the cache.
    pub fn check_batch(
        &self,
        items: &[Query<'_>],
        measure: Measure,
        today: NaiveDate,
    ) -> Result<Vec<Answer>, ScreeningError> {
        if items.len() > SCREENING_BATCH_MAX {
            return Err(ScreeningError::TooMany { field: "items", max: SCREENING_BATCH_MAX });
        }
        let bit = measure_bit(measure);
        let mut answers = vec![Answer::NotRestricted; items.len()];
        let mut names = vec![None; items.len()];
        let mut persons: Vec<(u64, usize)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match prepare(item.identifier, item.name, today) {
                Err(answer) => answers[i] = answer,
                Ok(prepared) => {
                    names[i] = prepared.name;
                    let organisation = prepared
                        .keys
                        .organisation
                        .and_then(|key| self.organisations.hit(key, bit, prepared.name));
                    if let Some(hit) = organisation {
                        answers[i] = with_hit(answers[i], hit);
                    }
                    if let Some(key) = prepared.keys.person {
                        persons.push((key, i));
                    }
                }
            }
        }
        persons.sort_unstable();
        for (key, i) in persons {
            if let Some(hit) = self.persons.hit(key, bit, names[i]) {
                answers[i] = with_hit(answers[i], hit);
            }
        }
        Ok(answers)
    }
}

/// An identifier's keys and a name's hash, ready for lookup.
#[derive(Debug, Clone, Copy)]
struct Prepared {
    keys: Keys,
    name: Option<u32>,
}

/// The input of a check parsed, or the answer it gets without a lookup (no identifier, invalid input).
fn prepare(identifier: Option<&str>, name: Option<&str>, today: NaiveDate) -> Result<Prepared, Answer> {
    let Some(identifier) = identifier.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(Answer::IdentifierRequired);
    };
    let keys =
        read_identifier(identifier, today).map_err(|code| Answer::Invalid { field: "identifier", code })?;
    let name = match name.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(name) if name.chars().nth(NAME_CHARS_MAX).is_some() => {
            return Err(Answer::Invalid { field: "name", code: "name_too_long" });
        }
        Some(name) => name_hash(name).map(name32),
    };
    Ok(Prepared { keys, name })
}

fn measure_bit(measure: Measure) -> u32 {
    MeasureSet::from_iter([measure]).bits()
}

/// `answer` with one more hit: restricted, with the best name check of the hits.
fn with_hit(answer: Answer, hit: NameCheck) -> Answer {
    match answer {
        Answer::Restricted { name } => Answer::Restricted { name: better(name, hit) },
        _ => Answer::Restricted { name: hit },
    }
}

/// The 32 bits of a name hash an index keeps: a wrong name passes as confirmed once in 2^32.
fn name32(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

impl<K: Ord + Copy> Table<K> {
    fn build(mut rows: Vec<(K, u32, u32)>) -> Table<K> {
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        let mut table = Table {
            fences: Vec::new(),
            keys: Vec::with_capacity(rows.len()),
            slots: Vec::with_capacity(rows.len()),
            more_names: Vec::new(),
        };
        for (key, bits, name) in rows {
            if table.keys.last() == Some(&key) {
                let last = table.keys.len() - 1;
                let (measures, first_name) = unslot(table.slots[last]);
                table.slots[last] = slot(measures | bits, first_name);
                let known = first_name == name
                    || table
                        .more_names
                        .iter()
                        .rev()
                        .take_while(|(i, _)| *i as usize == last)
                        .any(|(_, n)| *n == name);
                if !known {
                    table.more_names.push((last as u32, name));
                }
                continue;
            }
            table.keys.push(key);
            table.slots.push(slot(bits, name));
        }
        table.keys.shrink_to_fit();
        table.slots.shrink_to_fit();
        let mut level: Vec<K> = table.keys.iter().step_by(FENCE_STRIDE).copied().collect();
        while level.len() > 1 {
            let next: Vec<K> = level.iter().step_by(FENCE_STRIDE).copied().collect();
            table.fences.push(level);
            level = next;
            if table.fences.last().is_some_and(|l| l.len() <= FENCE_STRIDE) {
                break;
            }
        }
        table.fences.reverse();
        table
    }

    fn find(&self, key: K) -> Option<usize> {
        // `block` is the block of the level below to search: the whole top level first.
        let mut block = 0;
        for level in &self.fences {
            let start = block * FENCE_STRIDE;
            let end = (start + FENCE_STRIDE).min(level.len());
            block = start + level.get(start..end)?.partition_point(|fence| *fence <= key).checked_sub(1)?;
        }
        let start = block * FENCE_STRIDE;
        let end = (start + FENCE_STRIDE).min(self.keys.len());
        self.keys.get(start..end)?.binary_search(&key).ok().map(|i| start + i)
    }

    fn measures(&self, key: K) -> u32 {
        self.find(key).map_or(0, |i| unslot(self.slots[i]).0)
    }

    /// The name check when `key` is restricted for `bit`, `None` when it is not.
    fn hit(&self, key: K, bit: u32, name: Option<u32>) -> Option<NameCheck> {
        let i = self.find(key)?;
        let (measures, recorded) = unslot(self.slots[i]);
        if measures & bit == 0 {
            return None;
        }
        Some(match name {
            None => NameCheck::NotGiven,
            Some(name) if recorded == name => NameCheck::Confirmed,
            Some(name) => {
                let start = self.more_names.partition_point(|(j, _)| (*j as usize) < i);
                let mut more = self.more_names[start..].iter().take_while(|(j, _)| *j as usize == i);
                if more.any(|(_, n)| *n == name) { NameCheck::Confirmed } else { NameCheck::Mismatch }
            }
        })
    }

    fn memory_bytes(&self) -> usize {
        (self.fences.iter().map(Vec::capacity).sum::<usize>() + self.keys.capacity()) * size_of::<K>()
            + self.slots.capacity() * size_of::<u64>()
            + self.more_names.capacity() * size_of::<(u32, u32)>()
    }
}

/// A key's measures (low 32 bits) and name hash (high 32 bits) in one word: one memory access for both.
fn slot(measures: u32, name: u32) -> u64 {
    u64::from(measures) | (u64::from(name) << 32)
}

fn unslot(slot: u64) -> (u32, u32) {
    (slot as u32, (slot >> 32) as u32)
}

fn better(a: NameCheck, b: NameCheck) -> NameCheck {
    match (a, b) {
        (NameCheck::Confirmed, _) | (_, NameCheck::Confirmed) => NameCheck::Confirmed,
        (NameCheck::NotGiven, _) | (_, NameCheck::NotGiven) => NameCheck::NotGiven,
        _ => NameCheck::Mismatch,
    }
}

/// The keys an identifier's text may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Keys {
    person: Option<u64>,
    organisation: Option<u128>,
}

impl Keys {
    /// The keys, the person's first.
    pub(crate) fn iter(self) -> impl Iterator<Item = SubjectKey> {
        let person = self.person.map(SubjectKey::Person);
        let organisation = self.organisation.map(SubjectKey::Organisation);
        person.into_iter().chain(organisation)
    }
}

/// An identifier's text read as a check reads it: trimmed, at most [`IDENTIFIER_BYTES_MAX`] bytes, then parsed
/// both ways ([`identifier_keys`]). The error is a stable code (`identifier_required` for an empty text).
/// Every reader of an identifier given by a linkage unit goes through here, so that all read it alike.
pub(crate) fn read_identifier(identifier: &str, today: NaiveDate) -> Result<Keys, &'static str> {
    let identifier = identifier.trim();
    if identifier.is_empty() {
        return Err("identifier_required");
    }
    if identifier.len() > IDENTIFIER_BYTES_MAX {
        return Err("identifier_too_long");
    }
    identifier_keys(identifier, today)
}

/// Parses an identifier as a 公民身份号码 and as a 统一社会信用代码; the error code of the more likely reading
/// when neither parses (a 公民身份号码 when its first 17 characters are digits or it has 15 characters).
fn identifier_keys(identifier: &str, today: NaiveDate) -> Result<Keys, &'static str> {
    let person = citizen_key(identifier, today);
    let organisation = uscc_key(identifier);
    match (person, organisation) {
        (Err(person), Err(organisation)) => {
            let normalized: Vec<char> =
                fold_full_width(identifier).chars().filter(|c| !c.is_whitespace()).collect();
            let looks_like_citizen_id = normalized.len() == 15
                || (normalized.len() >= 17 && normalized[..17].iter().all(char::is_ascii_digit));
            Err(if looks_like_citizen_id { person } else { organisation })
        }
        (person, organisation) => Ok(Keys { person: person.ok(), organisation: organisation.ok() }),
    }
}

/// A 公民身份号码 packed into a `u64`: `digits(1..=17) × 11 + value(check)`, `X` = 10. Lossless.
pub fn pack_citizen_id(id: &CitizenId) -> u64 {
    pack_citizen_bytes(id.as_str().as_bytes())
}

/// The 18-character number of a packed key, or `None` for a value no number packs to.
pub fn unpack_citizen_id(key: u64) -> Option<String> {
    identifier_bytes(SubjectKey::Person(key)).map(|text| String::from_utf8_lossy(&text).into_owned())
}

/// A 统一社会信用代码 packed into a `u128`: its 18 characters as a base-31 number. Lossless.
pub fn pack_uscc(code: &Uscc) -> u128 {
    code.as_str().bytes().fold(0u128, |acc, b| acc * 31 + u128::from(USCC_VALUES[usize::from(b & 0x7f)]))
}

/// The code of a packed key, or `None` for a value no code packs to.
pub fn unpack_uscc(key: u128) -> Option<String> {
    identifier_bytes(SubjectKey::Organisation(key)).map(|text| String::from_utf8_lossy(&text).into_owned())
}

/// The 18 ASCII characters of the identifier packed in `key`, without allocating; `None` for a value no
/// identifier packs to.
pub(crate) fn identifier_bytes(key: SubjectKey) -> Option<[u8; 18]> {
    let mut text = [0u8; 18];
    match key {
        SubjectKey::Person(key) => {
            let (mut body, check) = (key / 11, key % 11);
            if body >= 100_000_000_000_000_000 {
                return None;
            }
            text[17] = if check == 10 { b'X' } else { b'0' + check as u8 };
            for slot in text[..17].iter_mut().rev() {
                *slot = b'0' + (body % 10) as u8;
                body /= 10;
            }
        }
        SubjectKey::Organisation(mut rest) => {
            for slot in text.iter_mut().rev() {
                *slot = CHARSET.as_bytes()[(rest % 31) as usize];
                rest /= 31;
            }
            if rest != 0 {
                return None;
            }
        }
    }
    Some(text)
}

/// The packed key of an identifier already in normalized 18-character form (as events record it): a
/// 公民身份号码 when `person`, else a 统一社会信用代码; `None` when the text is not of that form (its check
/// character is not verified again).
pub fn key_of_normalized(person: bool, id: &str) -> Option<SubjectKey> {
    let bytes = id.as_bytes();
    if bytes.len() != 18 {
        return None;
    }
    if person {
        let well_formed =
            bytes[..17].iter().all(u8::is_ascii_digit) && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        well_formed.then(|| SubjectKey::Person(pack_citizen_bytes(bytes)))
    } else {
        let well_formed = bytes.iter().all(|b| b.is_ascii() && USCC_VALUES[usize::from(*b)] != NOT_USCC);
        well_formed.then(|| {
            SubjectKey::Organisation(
                bytes.iter().fold(0u128, |acc, b| acc * 31 + u128::from(USCC_VALUES[usize::from(*b)])),
            )
        })
    }
}

/// A 64-bit hash (FNV-1a) of a name with full-width forms folded, spaces removed and the middle-dot variants
/// of transliterated names (·•・‧) made one; `None` for a name that is empty after that.
pub fn name_hash(name: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut empty = true;
    let mut buffer = [0u8; 4];
    // Folded one character at a time as `fold_full_width` does, without allocating.
    for c in name.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{00B7}' | '\u{2022}' | '\u{30FB}' | '\u{2027}' | '\u{FF65}' => '·',
            c => c,
        };
        if c.is_whitespace() {
            continue;
        }
        for byte in c.encode_utf8(&mut buffer).bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
        empty = false;
    }
    (!empty).then_some(hash)
}

/// The packed key of a 公民身份号码 given as text. A plain 18-character number is checked in place (no
/// allocation); anything else goes through [`CitizenId::parse`]. Both apply the same rules (a test holds them
/// to it).
fn citizen_key(input: &str, today: NaiveDate) -> Result<u64, &'static str> {
    let bytes = input.as_bytes();
    if let Some(key) = fast_citizen_key(bytes, today) {
        return Ok(key);
    }
    CitizenId::parse(input, today).map(|id| pack_citizen_id(&id)).map_err(|e| e.code())
}

fn fast_citizen_key(bytes: &[u8], today: NaiveDate) -> Option<u64> {
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digit = |i: usize| u32::from(bytes[i] - b'0');
    let number = |range: std::ops::Range<usize>| range.fold(0u32, |acc, i| acc * 10 + digit(i));
    let province = number(0..2);
    if !PROVINCE_CODES.iter().any(|p| u32::from(*p) == province) {
        return None;
    }
    let birth = NaiveDate::from_ymd_opt(i32::try_from(number(6..10)).ok()?, number(10..12), number(12..14))?;
    if birth < BIRTH_DATE_MIN || birth > today {
        return None;
    }
    let sum: u32 = (0..17).map(|i| digit(i) * CITIZEN_WEIGHTS[i]).sum();
    let expected = b"10X98765432"[(sum % 11) as usize];
    if bytes[17].to_ascii_uppercase() != expected {
        return None;
    }
    let mut normalized = [0u8; 18];
    normalized.copy_from_slice(bytes);
    normalized[17] = expected;
    Some(pack_citizen_bytes(&normalized))
}

fn pack_citizen_bytes(bytes: &[u8]) -> u64 {
    let body = bytes[..17].iter().fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    let check = if bytes[17] == b'X' { 10 } else { u64::from(bytes[17] - b'0') };
    body * 11 + check
}

/// The packed key of a 统一社会信用代码 given as text: an 18-character upper-case code is checked in place;
/// anything else goes through [`Uscc::parse`].
fn uscc_key(input: &str) -> Result<u128, &'static str> {
    let bytes = input.as_bytes();
    let plain =
        bytes.len() == 18 && bytes.iter().all(|b| b.is_ascii() && USCC_VALUES[usize::from(*b)] != NOT_USCC);
    if !plain {
        return Uscc::parse(input).map(|code| pack_uscc(&code)).map_err(|e| e.code());
    }
    if !bytes[2..8].iter().all(u8::is_ascii_digit) {
        return Err("uscc_region_not_digits");
    }
    let sum: u32 = (0..17).map(|i| u32::from(USCC_VALUES[usize::from(bytes[i])]) * USCC_WEIGHTS[i]).sum();
    let expected = (31 - sum % 31) % 31;
    if u32::from(USCC_VALUES[usize::from(bytes[17])]) != expected {
        return Err("uscc_check_mismatch");
    }
    Ok(bytes.iter().fold(0u128, |acc, b| acc * 31 + u128::from(USCC_VALUES[usize::from(*b)])))
}

/// Marks a byte that is not a character of the 统一社会信用代码 alphabet.
const NOT_USCC: u8 = u8::MAX;

/// The value of each ASCII byte in the 统一社会信用代码 alphabet ([`CHARSET`]), [`NOT_USCC`] for others.
const USCC_VALUES: [u8; 128] = {
    let mut table = [NOT_USCC; 128];
    let charset = CHARSET.as_bytes();
    let mut i = 0;
    while i < charset.len() {
        table[charset[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// GB 32100-2015 weights, 3^(i−1) mod 31 (LAW.md §14.2).
const USCC_WEIGHTS: [u32; 17] = {
    let mut weights = [1u32; 17];
    let mut i = 1;
    while i < 17 {
        weights[i] = weights[i - 1] * 3 % 31;
        i += 1;
    }
    weights
};

/// GB 11643-1999 weights, 2^(18−i) mod 11 (LAW.md §14.1).
const CITIZEN_WEIGHTS: [u32; 17] = {
    let mut weights = [1u32; 17];
    let mut i = 17;
    while i > 0 {
        i -= 1;
        weights[i] = if i == 16 { 2 } else { weights[i + 1] * 2 % 11 };
    }
    weights
};

#[cfg(test)]
mod tests;
