-- Network inquiry and control: the gateway's durable queue. Inquiries and control requests are inserted by
-- the projections in the transaction of the event that asks for them (an outbox); a batch is recorded before
-- it is sent, so after a restart the same batch id is sent again and the institution does nothing twice.
CREATE TABLE inquiries (
    seq BIGSERIAL PRIMARY KEY,
    inquiry_id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL,
    court TEXT NOT NULL,
    case_number TEXT NOT NULL,
    urgent BIGINT NOT NULL,
    subjects TEXT NOT NULL,
    classes TEXT NOT NULL,
    institutions BIGINT NOT NULL,
    answered BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    requested_at_us BIGINT NOT NULL
);
CREATE INDEX inquiries_open ON inquiries (seq) WHERE completed = 0;

CREATE TABLE control_requests (
    request_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    court TEXT NOT NULL,
    institution TEXT NOT NULL,
    urgent BIGINT NOT NULL,
    request TEXT NOT NULL,
    batch_id TEXT,
    answered BIGINT NOT NULL DEFAULT 0,
    requested_at_us BIGINT NOT NULL
);
CREATE INDEX control_requests_unbatched ON control_requests (requested_at_us) WHERE batch_id IS NULL;

CREATE TABLE gateway_batches (
    batch_id TEXT PRIMARY KEY,
    court TEXT NOT NULL,
    institution TEXT NOT NULL,
    kind TEXT NOT NULL,
    items TEXT NOT NULL,
    max_item BIGINT NOT NULL,
    requests BIGINT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_at_us BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    answered_at_us BIGINT
);
CREATE INDEX gateway_batches_sent ON gateway_batches (next_at_us) WHERE state = 'sent';
CREATE INDEX gateway_batches_query_items ON gateway_batches (max_item) WHERE kind = 'query';

CREATE TABLE gateway_cursors (
    court TEXT PRIMARY KEY,
    after_seq BIGINT NOT NULL
);

CREATE TABLE gateway_quota (
    institution TEXT NOT NULL,
    day TEXT NOT NULL,
    used BIGINT NOT NULL,
    PRIMARY KEY (institution, day)
);

CREATE TABLE gateway_notices (
    notice TEXT PRIMARY KEY
);
