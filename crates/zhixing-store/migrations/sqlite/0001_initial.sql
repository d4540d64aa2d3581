-- The event log, its chain head, stream versions, the job queue and the first projections.
-- Instants are integer microseconds since the Unix epoch (UTC) on both backends, so they round-trip exactly.

CREATE TABLE events (
    position        INTEGER PRIMARY KEY,          -- global order, from 1, gapless
    event_id        BLOB    NOT NULL,             -- UUIDv7 (unique by construction: 74 random bits per millisecond; no index until a reader needs one)
    stream_id       TEXT    NOT NULL,
    stream_version  INTEGER NOT NULL,
    event_type      TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    actor           TEXT    NOT NULL,
    court           TEXT    NOT NULL,
    recorded_at_us  INTEGER NOT NULL,
    reason          TEXT,
    payload         TEXT    NOT NULL,             -- JSON text, hashed byte for byte
    prev_hash       BLOB    NOT NULL,
    hash            BLOB    NOT NULL,
    UNIQUE (stream_id, stream_version)
);

-- One row: the last position and hash. Appends lock it, which orders them globally.
CREATE TABLE chain_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    position  INTEGER NOT NULL,
    hash      BLOB    NOT NULL
);
INSERT INTO chain_head (id, position, hash) VALUES (1, 0, zeroblob(32));

CREATE TABLE streams (
    stream_id  TEXT PRIMARY KEY,
    version    INTEGER NOT NULL
);

CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    idempotency_key  TEXT    UNIQUE,
    state            TEXT    NOT NULL,            -- queued | running | done | failed
    attempts         INTEGER NOT NULL,
    run_at_us        INTEGER NOT NULL,
    locked_until_us  INTEGER NOT NULL,
    last_error       TEXT,
    created_at_us    INTEGER NOT NULL,
    updated_at_us    INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, run_at_us);

-- Projection: users (C1).
CREATE TABLE users (
    user_id        TEXT    PRIMARY KEY,
    login          TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    court          TEXT    NOT NULL,
    roles          TEXT    NOT NULL,              -- comma-separated role names
    password_hash  TEXT    NOT NULL,
    disabled       BOOLEAN NOT NULL,
    created_at_us  INTEGER NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX users_court ON users (court);

CREATE TABLE api_tokens (
    token_id       TEXT    PRIMARY KEY,
    user_id        TEXT    NOT NULL,
    token_hash     TEXT    NOT NULL UNIQUE,       -- SHA-256 of the secret, hex; the secret itself is never stored
    label          TEXT    NOT NULL,
    expires_at_us  INTEGER,
    revoked        BOOLEAN NOT NULL
);

-- Projection: cases as filed (the case flow builds on it).
CREATE TABLE cases (
    case_id        TEXT    PRIMARY KEY,
    case_number    TEXT    NOT NULL UNIQUE,
    court          TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    case_type      TEXT    NOT NULL,
    filed_on       TEXT    NOT NULL,              -- local date, YYYY-MM-DD
    principal_fen  INTEGER NOT NULL,
    applicants     TEXT    NOT NULL,              -- display names, joined with '、'
    debtors        TEXT    NOT NULL,
    status         TEXT    NOT NULL
);
CREATE INDEX cases_court_filed ON cases (court, filed_on);

CREATE TABLE case_parties (
    case_id    TEXT    NOT NULL,
    ordinal    INTEGER NOT NULL,
    role       TEXT    NOT NULL,                  -- applicant | debtor
    kind       TEXT    NOT NULL,                  -- person | company
    name       TEXT    NOT NULL,
    id_number  TEXT    NOT NULL,                  -- 公民身份号码 or 统一社会信用代码
    PRIMARY KEY (case_id, ordinal)
);
CREATE INDEX case_parties_id_number ON case_parties (id_number);
