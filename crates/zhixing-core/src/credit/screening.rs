//! Screening for linkage units (联动单位): the packed index of restricted identifiers and the check a unit
//! runs against it.
//!
//! - A 公民身份号码 packs losslessly into a `u64` ([`pack_citizen_id`]): the 17 digits as a number, times 11,
//!   plus the check character's value (0–9, `X` = 10) — below 1.1 × 10^18 < 2^63. A 统一社会信用代码 packs
//!   into a `u128` ([`pack_uscc`]): its 18 characters as a base-31 number (31^18 < 2^90). Both unpack to the
//!   same text.
//! - A [`ScreeningIndex`] is immutable: an open-addressing hash table of the packed keys (buckets of eight
//!   keys, one cache line, linear probing, at most 70 % full), and beside each key the set of measures
//!   restricted for it (a `u32` bitmask) and 32 bits of a hash of the name on record, to confirm a name
//!   without holding it. 8 million persons take 183 MB. Built from [`IndexEntry`]s (what
//!   [`super::record::CreditRecord::screening_entries`] yields); a new list builds a new index, which the
//!   caller swaps in whole.
//! - A batch is parsed first, then looked up in one loop that reads a group of buckets ahead, so that the
//!   cache misses of different keys overlap; an 18-character identifier of digits is read in one pass for
//!   both of its readings.
//! - A check ([`ScreeningIndex::check`]) is an exact match on the identifier, the name a confirming field:
//!   a name alone is answered [`Answer::IdentifierRequired`]. The answer says restricted or not and whether
//!   the name matched — never which case, list or court is behind it (DESIGN.md §2: a unit sees only what it
//!   may).
//!
//! The identifier's kind is found from its text: one that parses as a 公民身份号码 is looked up as a person,
//! one that parses as a 统一社会信用代码 as an organisation, and one that parses as both (an 18-digit string
//! can) under both keys. A passport (护照) number bound to a 公民身份号码 ([`PassportBinding`]) is answered as that
//! person is: its own table holds the person's measures and names, copied at build time.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::measures::{Measure, MeasureSet};
use crate::ids::citizen_id::{BIRTH_DATE_MIN, CitizenId, PROVINCE_CODES};
use crate::ids::fold_full_width;
use crate::ids::uscc::{CHARSET, Uscc};
use crate::limits::NAME_CHARS_MAX;

/// Most items in one batch check (the API's limit, issue 5 §2).
pub const SCREENING_BATCH_MAX: usize = 10_000;

/// Longest identifier input looked at, in bytes: 64 characters (the parsers' own bound) of up to 4 bytes.
pub const IDENTIFIER_BYTES_MAX: usize = 256;

/// Keys per bucket of a [`Table`]: eight `u64` keys fill one 64-byte cache line, and their slots the next.
const BUCKET_LANES: usize = 8;

/// Most entries per thousand lanes of a [`Table`] (a load of at most 0.7): a lookup reads one bucket, and a
/// second only when the first is full and the key is not in it. 8 million persons take 1.43 million
/// buckets of 128 bytes, 183 MB.
const LOAD_PER_MILLE: usize = 700;

/// Keys whose home buckets a batch lookup reads ahead at once (see [`Table::find_each`]): enough reads in
/// flight to cover a memory latency, few enough that the buckets stay in the first-level cache.
const LOOKUP_GROUP: usize = 32;

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
    passports: Table<u64>,
}

/// A passport bound to a person, both packed ([`pack_passport`], [`pack_citizen_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassportBinding {
    pub passport: u64,
    pub person: u64,
}

/// One kind of key: an open-addressing hash table. A key's home bucket comes from a multiplicative hash of
/// it; the key sits in the first free lane from the start of its home bucket on (linear probing, bucket after
/// bucket, wrapping at the end). Lanes fill from the first, so a bucket whose last lane is free ends every
/// search that reaches it. Beside each key, in the same bucket, its slot: the measures and the name hash (see
/// [`slot`]). A key recorded under several names keeps the others in `more_names`, sorted by position.
///
/// `K::EMPTY` marks a free lane; the one key equal to it (no packed identifier is) keeps its slot in `spare`,
/// at the position just past the last lane, so that the table answers for every key.
#[derive(Clone, PartialEq, Eq, Default)]
struct Table<K> {
    buckets: Vec<Bucket<K>>,
    entries: usize,
    spare: Option<u64>,
    more_names: Vec<(u32, u32)>,
}

/// One bucket: [`BUCKET_LANES`] keys, then their slots, aligned so that the keys are one cache line.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
struct Bucket<K> {
    keys: [K; BUCKET_LANES],
    slots: [u64; BUCKET_LANES],
}

/// A key of a [`Table`]: a packed identifier.
trait TableKey: Copy + Ord {
    /// The key that marks a free lane: above every packed identifier.
    const EMPTY: Self;

    /// 64 bits whose high bits are well mixed (the home bucket is taken from them).
    fn hash(self) -> u64;
}

/// 2^64 / φ, odd: Fibonacci hashing (Knuth, TAOCP vol. 3, §6.4).
const FIBONACCI: u64 = 0x9e37_79b9_7f4a_7c15;

impl TableKey for u64 {
    const EMPTY: u64 = u64::MAX;

    fn hash(self) -> u64 {
        self.wrapping_mul(FIBONACCI)
    }
}

impl TableKey for u128 {
    const EMPTY: u128 = u128::MAX;

    fn hash(self) -> u64 {
        ((self as u64) ^ ((self >> 64) as u64).wrapping_mul(0xc2b2_ae3d_27d4_eb4f)).wrapping_mul(FIBONACCI)
    }
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
            .field("persons", &self.persons.len())
            .field("organisations", &self.organisations.len())
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
            passports: Table::default(),
        })
    }

    /// [`Self::build`], with passports bound to persons: a passport of a person in the index answers as the
    /// person does (the same measures, the same names); a passport of a person not in it is left out.
    pub fn build_with_passports(
        version: u64,
        entries: Vec<IndexEntry>,
        passports: &[PassportBinding],
    ) -> Result<ScreeningIndex, ScreeningError> {
        let mut index = Self::build(version, entries)?;
        let mut rows = Vec::new();
        for binding in passports {
            let Some(position) = index.persons.find(binding.person) else { continue };
            let (measures, name) = unslot(index.persons.slot_at(position));
            rows.push((binding.passport, measures, name));
            let more = &index.persons.more_names;
            let start = more.partition_point(|(j, _)| (*j as usize) < position);
            for (_, other) in more[start..].iter().take_while(|(j, _)| *j as usize == position) {
                rows.push((binding.passport, measures, *other));
            }
        }
        index.passports = Table::build(rows);
        Ok(index)
    }

    /// The list version the index reflects.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Identifiers indexed.
    pub fn len(&self) -> usize {
        self.persons.len() + self.organisations.len() + self.passports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the index's tables.
    pub fn memory_bytes(&self) -> usize {
        self.persons.memory_bytes() + self.organisations.memory_bytes() + self.passports.memory_bytes()
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
        let prepared = match prepare(identifier, name, Day::new(today)) {
            Ok(prepared) => prepared,
            Err(answer) => return answer,
        };
        let bit = measure_bit(measure);
        let person = prepared.keys.person.and_then(|key| self.persons.hit(key, bit, prepared.name));
        let organisation =
            prepared.keys.organisation.and_then(|key| self.organisations.hit(key, bit, prepared.name));
        let passport = prepared.keys.passport.and_then(|key| self.passports.hit(key, bit, prepared.name));
        [person, organisation, passport].into_iter().flatten().fold(Answer::NotRestricted, with_hit)
    }

    /// A batch of checks for one measure, answered in the order asked; at most [`SCREENING_BATCH_MAX`]
    /// items. The same answers as [`Self::check`] item by item. Every item is parsed first, then the
    /// persons' keys are looked up in one tight loop: lookups of different keys do not wait on each other,
    /// so the processor overlaps their cache misses.
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
        let day = Day::new(today);
        let mut answers = vec![Answer::NotRestricted; items.len()];
        // The persons' keys, and beside each its item and the name's hash.
        let mut keys: Vec<u64> = Vec::with_capacity(items.len());
        let mut asked: Vec<(u32, Option<u32>)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match prepare(item.identifier, item.name, day) {
                Err(answer) => answers[i] = answer,
                Ok(prepared) => {
                    let organisation = prepared
                        .keys
                        .organisation
                        .and_then(|key| self.organisations.hit(key, bit, prepared.name));
                    if let Some(hit) = organisation {
                        answers[i] = with_hit(answers[i], hit);
                    }
                    let passport =
                        prepared.keys.passport.and_then(|key| self.passports.hit(key, bit, prepared.name));
                    if let Some(hit) = passport {
                        answers[i] = with_hit(answers[i], hit);
                    }
                    if let Some(key) = prepared.keys.person {
                        keys.push(key);
                        asked.push((i as u32, prepared.name));
                    }
                }
            }
        }
        self.persons.find_each(&keys, |j, position| {
            let (i, name) = asked[j];
            if let Some(hit) = self.persons.hit_at(position, bit, name) {
                answers[i as usize] = with_hit(answers[i as usize], hit);
            }
        });
        Ok(answers)
    }
}

/// An identifier's keys and a name's hash, ready for lookup.
#[derive(Debug, Clone, Copy)]
struct Prepared {
    keys: Keys,
    name: Option<u32>,
}

/// The day a check is made, worked out once per call: the date and its number `yyyymmdd`, to which a birth
/// date's digits compare directly.
#[derive(Debug, Clone, Copy)]
struct Day {
    date: NaiveDate,
    number: i64,
}

impl Day {
    fn new(date: NaiveDate) -> Day {
        Day { date, number: i64::from(date.year()) * 10_000 + i64::from(date.month() * 100 + date.day()) }
    }
}

/// The input of a check parsed, or the answer it gets without a lookup (no identifier, invalid input).
fn prepare(identifier: Option<&str>, name: Option<&str>, day: Day) -> Result<Prepared, Answer> {
    let Some(identifier) = identifier.map(trimmed).filter(|s| !s.is_empty()) else {
        return Err(Answer::IdentifierRequired);
    };
    let keys = read_trimmed(identifier, day).map_err(|code| Answer::Invalid { field: "identifier", code })?;
    let name = match name.map(trimmed).filter(|s| !s.is_empty()) {
        None => None,
        // A character takes at least one byte: a short text is never too long.
        Some(name) if name.len() > NAME_CHARS_MAX && name.chars().nth(NAME_CHARS_MAX).is_some() => {
            return Err(Answer::Invalid { field: "name", code: "name_too_long" });
        }
        Some(name) => name_hash(name).map(name32),
    };
    Ok(Prepared { keys, name })
}

/// `text` without the whitespace around it. Text that starts and ends with something other than whitespace
/// (nearly always) is returned as it is, after a look at its first and last characters only.
fn trimmed(text: &str) -> &str {
    let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    if solid(text.chars().next()) && solid(text.chars().next_back()) { text } else { text.trim() }
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

impl<K: TableKey> Table<K> {
    fn build(mut rows: Vec<(K, u32, u32)>) -> Table<K> {
        // Sorted, so that entries of one key are merged and the layout does not depend on the input's order.
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        let mut merged: Vec<(K, u64)> = Vec::with_capacity(rows.len());
        // (index in `merged`, name) of every further name of a key.
        let mut more: Vec<(usize, u32)> = Vec::new();
        for (key, bits, name) in rows {
            if let Some(last) = merged.last_mut().filter(|(k, _)| *k == key) {
                let (measures, first_name) = unslot(last.1);
                last.1 = slot(measures | bits, first_name);
                let at = merged.len() - 1;
                let known = first_name == name
                    || more.iter().rev().take_while(|(i, _)| *i == at).any(|(_, n)| *n == name);
                if !known {
                    more.push((at, name));
                }
                continue;
            }
            merged.push((key, slot(bits, name)));
        }
        let lanes = (merged.len() * 1000).div_ceil(LOAD_PER_MILLE);
        let count = lanes.div_ceil(BUCKET_LANES);
        let mut table = Table {
            buckets: vec![Bucket { keys: [K::EMPTY; BUCKET_LANES], slots: [0; BUCKET_LANES] }; count],
            entries: merged.len(),
            spare: None,
            more_names: Vec::with_capacity(more.len()),
        };
        let mut positions = Vec::with_capacity(if more.is_empty() { 0 } else { merged.len() });
        for (key, slot) in merged {
            let position = table.insert(key, slot);
            if !more.is_empty() {
                positions.push(position);
            }
        }
        table.more_names.extend(more.into_iter().map(|(i, name)| (positions[i] as u32, name)));
        table.more_names.sort_unstable();
        table
    }

    /// Puts a key that is not in the table yet into the first free lane from its home bucket on; returns its
    /// position. The table has free lanes: its load is at most [`LOAD_PER_MILLE`].
    fn insert(&mut self, key: K, slot: u64) -> usize {
        if key == K::EMPTY {
            self.spare = Some(slot);
            return self.buckets.len() * BUCKET_LANES;
        }
        let count = self.buckets.len();
        let mut b = home(key, count);
        loop {
            let bucket = &mut self.buckets[b];
            if let Some(lane) = bucket.keys.iter().position(|k| *k == K::EMPTY) {
                bucket.keys[lane] = key;
                bucket.slots[lane] = slot;
                return b * BUCKET_LANES + lane;
            }
            b = if b + 1 == count { 0 } else { b + 1 };
        }
    }

    /// The position of `key`: its bucket times [`BUCKET_LANES`] plus its lane.
    fn find(&self, key: K) -> Option<usize> {
        if self.buckets.is_empty() {
            return self.find_from(0, key);
        }
        self.find_from(home(key, self.buckets.len()), key)
    }

    /// The positions of many keys, as [`Self::find`] gives them: `found(i, position)` for each `keys[i]`
    /// in the table. A group of keys' home buckets is first read in a loop that does nothing else, so that
    /// the processor has all those reads in flight at once (prefetching without `unsafe`); the lookups that
    /// follow find the buckets in the cache.
    fn find_each(&self, keys: &[K], mut found: impl FnMut(usize, usize)) {
        let count = self.buckets.len();
        let mut homes = [0usize; LOOKUP_GROUP];
        for (g, group) in keys.chunks(LOOKUP_GROUP).enumerate() {
            let mut free = false;
            if count > 0 {
                for (home_of, key) in homes.iter_mut().zip(group) {
                    *home_of = home(*key, count);
                    free |= self.buckets[*home_of].keys[BUCKET_LANES - 1] == K::EMPTY;
                }
            }
            // The reads above only warm the cache: their result must not be optimized away.
            std::hint::black_box(free);
            for (j, (home_of, key)) in homes.iter().zip(group).enumerate() {
                if let Some(position) = self.find_from(*home_of, *key) {
                    found(g * LOOKUP_GROUP + j, position);
                }
            }
        }
    }

    /// [`Self::find`] from the key's home bucket.
    fn find_from(&self, home: usize, key: K) -> Option<usize> {
        let count = self.buckets.len();
        if key == K::EMPTY {
            return self.spare.map(|_| count * BUCKET_LANES);
        }
        if count == 0 {
            return None;
        }
        let mut b = home;
        loop {
            let keys = &self.buckets[b].keys;
            // Every lane compared, with no branch per lane: the compiler makes it a few vector compares.
            let matches =
                keys.iter().enumerate().fold(0u32, |m, (lane, k)| m | (u32::from(*k == key) << lane));
            if matches != 0 {
                return Some(b * BUCKET_LANES + matches.trailing_zeros() as usize);
            }
            if keys[BUCKET_LANES - 1] == K::EMPTY {
                return None;
            }
            b = if b + 1 == count { 0 } else { b + 1 };
        }
    }

    fn slot_at(&self, position: usize) -> u64 {
        match self.buckets.get(position / BUCKET_LANES) {
            Some(bucket) => bucket.slots[position % BUCKET_LANES],
            None => self.spare.unwrap_or(0),
        }
    }

    fn len(&self) -> usize {
        self.entries
    }

    fn measures(&self, key: K) -> u32 {
        self.find(key).map_or(0, |i| unslot(self.slot_at(i)).0)
    }

    /// The name check when `key` is restricted for `bit`, `None` when it is not.
    fn hit(&self, key: K, bit: u32, name: Option<u32>) -> Option<NameCheck> {
        self.hit_at(self.find(key)?, bit, name)
    }

    /// [`Self::hit`] for the key at `position`.
    fn hit_at(&self, position: usize, bit: u32, name: Option<u32>) -> Option<NameCheck> {
        let (measures, recorded) = unslot(self.slot_at(position));
        if measures & bit == 0 {
            return None;
        }
        Some(match name {
            None => NameCheck::NotGiven,
            Some(name) if recorded == name => NameCheck::Confirmed,
            Some(name) => {
                let start = self.more_names.partition_point(|(j, _)| (*j as usize) < position);
                let mut more = self.more_names[start..].iter().take_while(|(j, _)| *j as usize == position);
                if more.any(|(_, n)| *n == name) { NameCheck::Confirmed } else { NameCheck::Mismatch }
            }
        })
    }

    fn memory_bytes(&self) -> usize {
        self.buckets.capacity() * size_of::<Bucket<K>>()
            + self.more_names.capacity() * size_of::<(u32, u32)>()
    }
}

/// The home bucket of `key` among `count`: the high bits of its hash scaled to `count` (Lemire's
/// multiply-shift, no division and any count).
fn home<K: TableKey>(key: K, count: usize) -> usize {
    ((u128::from(key.hash()) * count as u128) >> 64) as usize
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
    /// A passport number ([`pack_passport`]).
    passport: Option<u64>,
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
    let identifier = trimmed(identifier);
    if identifier.is_empty() {
        return Err("identifier_required");
    }
    read_trimmed(identifier, Day::new(today))
}

/// [`read_identifier`] of a trimmed, non-empty text: the plain form by [`plain_keys`], any other by
/// [`identifier_keys`].
fn read_trimmed(identifier: &str, day: Day) -> Result<Keys, &'static str> {
    if identifier.len() > IDENTIFIER_BYTES_MAX {
        return Err("identifier_too_long");
    }
    plain_keys(identifier, day).unwrap_or_else(|| identifier_keys(identifier, day.date))
}

/// Parses an identifier as a 公民身份号码 and as a 统一社会信用代码; the error code of the more likely reading
/// when neither parses (a 公民身份号码 when its first 17 characters are digits or it has 15 characters).
fn identifier_keys(identifier: &str, today: NaiveDate) -> Result<Keys, &'static str> {
    if let Some(passport) = pack_passport(identifier) {
        return Ok(Keys { passport: Some(passport), ..Keys::default() });
    }
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
        (person, organisation) => {
            Ok(Keys { person: person.ok(), organisation: organisation.ok(), passport: None })
        }
    }
}

/// The keys of an identifier of 18 plain ASCII characters, 17 digits then a digit or `X` — the form nearly
/// every check sends — read in one pass for both readings; `None` for any other text, which
/// [`identifier_keys`] reads. Both give the same keys and the same error codes (tests hold them to it).
fn plain_keys(identifier: &str, day: Day) -> Option<Result<Keys, &'static str>> {
    let bytes: &[u8; 18] = identifier.as_bytes().try_into().ok()?;
    // Written without early exits, so that the compiler turns each line into a few vector instructions.
    let digits: [u8; 17] = std::array::from_fn(|i| bytes[i].wrapping_sub(b'0'));
    if !digits.iter().fold(true, |all, d| all & (*d <= 9)) {
        return None;
    }
    let weighted =
        |weights: &[u32; 17]| digits.iter().zip(weights).map(|(d, w)| u32::from(*d) * w).sum::<u32>();
    let (citizen_sum, uscc_sum) = (weighted(&CITIZEN_WEIGHTS), weighted(&USCC_WEIGHTS));
    // Two independent halves: 9 then 8 digits.
    let number = |digits: &[u8]| digits.iter().fold(0u64, |acc, d| acc * 10 + u64::from(*d));
    let body = number(&digits[..9]) * 100_000_000 + number(&digits[9..]);
    let check = match bytes[17] {
        b'X' => 10,
        b @ b'0'..=b'9' => b - b'0',
        _ => return None,
    };
    let citizen_valid = PROVINCE_TABLE[usize::from((bytes[0] - b'0') * 10 + (bytes[1] - b'0'))]
        && birth_date_valid(bytes, day)
        && b"10X98765432"[(citizen_sum % 11) as usize] == bytes[17];
    let person = citizen_valid.then(|| body * 11 + u64::from(check));
    // As a 统一社会信用代码 its digits are their own values, and `X` is in its alphabet.
    let uscc_valid = u32::from(USCC_VALUES[usize::from(bytes[17])]) == (31 - uscc_sum % 31) % 31;
    let organisation = uscc_valid
        .then(|| bytes.iter().fold(0u128, |acc, b| acc * 31 + u128::from(USCC_VALUES[usize::from(*b)])));
    Some(match (person, organisation) {
        // 17 digits read as a 公民身份号码 first: its error is the one reported (as `identifier_keys` does).
        (None, None) => citizen_key(identifier, day.date).map(|key| Keys {
            person: Some(key),
            organisation,
            passport: None,
        }),
        (person, organisation) => Ok(Keys { person, organisation, passport: None }),
    })
}

/// Whether positions 7–14 of 18 digits are a real date from [`BIRTH_DATE_MIN`] up to the day, as
/// [`CitizenId::parse`] requires.
fn birth_date_valid(bytes: &[u8; 18], day: Day) -> bool {
    let number = |range: std::ops::Range<usize>| {
        bytes[range].iter().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'))
    };
    let (year, month, date) = (number(6..10), number(10..12), number(12..14));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    let birth = i64::from(year * 10_000 + month * 100 + date);
    (1..=days).contains(&date) && birth >= BIRTH_DATE_NUMBER_MIN && birth <= day.number
}

/// [`BIRTH_DATE_MIN`] as `yyyymmdd`.
const BIRTH_DATE_NUMBER_MIN: i64 = 19_000_101;

/// Whether each two-digit number is a province-level code ([`PROVINCE_CODES`]).
const PROVINCE_TABLE: [bool; 100] = {
    let mut table = [false; 100];
    let mut i = 0;
    while i < PROVINCE_CODES.len() {
        table[PROVINCE_CODES[i] as usize] = true;
        i += 1;
    }
    table
};

/// A 公民身份号码 packed into a `u64`: `digits(1..=17) × 11 + value(check)`, `X` = 10. Lossless.
pub fn pack_citizen_id(id: &CitizenId) -> u64 {
    pack_citizen_bytes(id.as_str().as_bytes())
}

/// A passport number (护照号码) packed into a `u64`, or `None` when the text is not of a passport's form: nine
/// characters (full-width folded, letters in either case), a letter, then a letter or a digit, then seven digits
/// — `E12345678`, `EA1234567`, `G12345678` [unconfirmed: the forms of ordinary passports as issued since 2012 and
/// before; other travel documents are not read]. The value is the first two characters' rank times 10^7 plus the
/// digits.
pub fn pack_passport(text: &str) -> Option<u64> {
    let folded = fold_full_width(text.trim());
    let bytes = folded.as_bytes();
    if bytes.len() != 9 {
        return None;
    }
    let first = bytes[0].to_ascii_uppercase();
    let second = bytes[1].to_ascii_uppercase();
    if !first.is_ascii_uppercase() || !(second.is_ascii_uppercase() || second.is_ascii_digit()) {
        return None;
    }
    let mut digits = 0u64;
    for b in &bytes[2..] {
        if !b.is_ascii_digit() {
            return None;
        }
        digits = digits * 10 + u64::from(b - b'0');
    }
    let second = if second.is_ascii_digit() { second - b'0' } else { second - b'A' + 10 };
    Some((u64::from(first - b'A') * 36 + u64::from(second)) * 10_000_000 + digits)
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
    // No byte that can begin a whitespace, a full-width form or a middle dot (ASCII whitespace; the lead
    // bytes of U+0080–U+00BF, U+1000–U+1FFF, U+2000–U+2FFF, U+3000–U+3FFF, U+F000–U+FFFF): the bytes
    // hash as they are. Common Chinese characters (U+4E00–U+9FFF) lead with E4–E9.
    let plain = name.bytes().all(|b| !matches!(b, b'\t'..=b'\r' | b' ' | 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef));
    if plain {
        return (!name.is_empty()).then(|| name.bytes().fold(FNV_OFFSET, fnv));
    }
    name_hash_folded(name)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// [`name_hash`] character by character, folding as it goes.
fn name_hash_folded(name: &str) -> Option<u64> {
    let mut hash = FNV_OFFSET;
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
        hash = c.encode_utf8(&mut buffer).bytes().fold(hash, fnv);
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
