-- Credit punishment (信用惩戒).
-- credit_streams: each debtor's credit stream and the position of its last event, so the screening index
-- refreshes from the streams that changed since it was built.
CREATE TABLE credit_streams (
    stream_id TEXT PRIMARY KEY,
    last_position INTEGER NOT NULL
);
CREATE INDEX credit_streams_position ON credit_streams (last_position);

-- credit_public: the published entries of the 失信 and 限消 lists (失信规定 第六条) for the disclosure API.
-- A removed entry's row is deleted in the removal's transaction: it stops being public at once. Rows before
-- `published_from` (the grace period) or after `ends_on` (a fixed term) are filtered at query time.
CREATE TABLE credit_public (
    entry_id TEXT PRIMARY KEY,
    list TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL,
    case_number TEXT NOT NULL,
    court TEXT NOT NULL,
    published_from TEXT NOT NULL,
    ends_on TEXT,
    fields TEXT NOT NULL
);
CREATE INDEX credit_public_id ON credit_public (id_number, list);
CREATE INDEX credit_public_case ON credit_public (case_number);

-- The screening feed: each published version of the list as a signed batch of changes, chained by digest.
CREATE TABLE screening_versions (
    version INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    changes INTEGER NOT NULL,
    published_at_us INTEGER NOT NULL,
    batch TEXT NOT NULL
);

-- Each linkage unit's last applied version, as it acknowledged it.
CREATE TABLE screening_acks (
    unit TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    acked_at_us INTEGER NOT NULL
);

-- The accounting of checks: per unit and day, requests, items checked and hits. The people checked are not
-- stored.
CREATE TABLE screening_checks (
    unit TEXT NOT NULL,
    day TEXT NOT NULL,
    requests INTEGER NOT NULL,
    checks INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (unit, day)
);

-- The screening list's keys: the Ed25519 seed that signs the feed and the snapshots, and the master secret each
-- unit's snapshot key is derived from. Made once, at first use, from the operating system's randomness. Whoever
-- reads this table can also read the list itself; a deployment that keeps the signing key in an HSM replaces it.
CREATE TABLE screening_keys (
    id INTEGER PRIMARY KEY,
    signing_seed TEXT NOT NULL,
    units_master TEXT NOT NULL,
    created_at_us INTEGER NOT NULL
);
