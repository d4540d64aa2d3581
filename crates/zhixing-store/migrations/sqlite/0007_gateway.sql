-- Network inquiry and control: the gateway's durable queue. Inquiries and control requests are inserted by
-- the projections in the transaction of the event that asks for them (an outbox); a batch is recorded before
-- it is sent, so after a restart the same batch id is sent again and the institution does nothing twice.
CREATE TABLE inquiries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    inquiry_id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL,
    court TEXT NOT NULL,
    case_number TEXT NOT NULL,
    urgent INTEGER NOT NULL,
    subjects TEXT NOT NULL,
    classes TEXT NOT NULL,
    institutions INTEGER NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    requested_at_us INTEGER NOT NULL
);
CREATE INDEX inquiries_open ON inquiries (seq) WHERE completed = 0;

CREATE TABLE control_requests (
    request_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    court TEXT NOT NULL,
    institution TEXT NOT NULL,
    urgent INTEGER NOT NULL,
    request TEXT NOT NULL,
    batch_id TEXT,
    answered INTEGER NOT NULL DEFAULT 0,
    requested_at_us INTEGER NOT NULL
);
CREATE INDEX control_requests_unbatched ON control_requests (requested_at_us) WHERE batch_id IS NULL;

CREATE TABLE gateway_batches (
    batch_id TEXT PRIMARY KEY,
    court TEXT NOT NULL,
    institution TEXT NOT NULL,
    kind TEXT NOT NULL,
    items TEXT NOT NULL,
    max_item INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_at_us INTEGER NOT NULL,
    created_at_us INTEGER NOT NULL,
    answered_at_us INTEGER
);
CREATE INDEX gateway_batches_sent ON gateway_batches (next_at_us) WHERE state = 'sent';
CREATE INDEX gateway_batches_query_items ON gateway_batches (max_item) WHERE kind = 'query';

CREATE TABLE gateway_cursors (
    court TEXT PRIMARY KEY,
    after_seq INTEGER NOT NULL
);

CREATE TABLE gateway_quota (
    institution TEXT NOT NULL,
    day TEXT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (institution, day)
);

CREATE TABLE gateway_notices (
    notice TEXT PRIMARY KEY
);
