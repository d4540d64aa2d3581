-- The command center's screen: the freezes of every case with their term, so the freezes expiring soon are an
-- index range (a freeze not renewed in time is lost: 民诉法解释 第485条), and every public credit entry ever
-- made with the day it ended (removed, revoked on correction, lifted), for the additions and removals of a
-- year (`credit_public` keeps only the entries in force). Both are filled from the recorded events when this
-- migration runs.
CREATE TABLE freezes (
    request_id  TEXT    PRIMARY KEY,              -- the freeze request that made it
    case_id     TEXT    NOT NULL,
    court       TEXT    NOT NULL,
    institution TEXT    NOT NULL,
    freeze_ref  TEXT    NOT NULL,                 -- the institution's reference; '' until answered
    until       TEXT    NOT NULL,                 -- YYYY-MM-DD, the last day of the term
    status      TEXT    NOT NULL                  -- requested | in_force | queued | released | expired | refused
);
CREATE INDEX freezes_in_force ON freezes (court, until) WHERE status = 'in_force';
CREATE INDEX freezes_ref ON freezes (case_id, freeze_ref);

CREATE TABLE credit_history (
    entry_id        TEXT PRIMARY KEY,
    list            TEXT NOT NULL,                -- shixin | xiaofei
    court           TEXT NOT NULL,                -- the deciding court
    published_from  TEXT NOT NULL,                -- YYYY-MM-DD
    ended_on        TEXT NOT NULL                 -- YYYY-MM-DD (China date); '' while in force
);
CREATE INDEX credit_history_added ON credit_history (court, published_from);
CREATE INDEX credit_history_ended ON credit_history (court, ended_on);

-- Running tallies per court for the screen, so its figures cost a few index rows whatever the number of cases:
-- cases received (day = filed_on) and closed (day = closed_on: closed, closed_<mode>, first_closed and
-- first_days for 执 cases), and open cases by node (metric node:<code>, day ''), each moved in the same
-- transaction as the projection row it counts. Filled from the projections when this migration runs.
CREATE TABLE court_tallies (
    court   TEXT   NOT NULL,
    metric  TEXT   NOT NULL,
    day     TEXT   NOT NULL,                      -- YYYY-MM-DD, or '' for a count of what is open now
    n       BIGINT NOT NULL,
    PRIMARY KEY (court, metric, day)
);

-- 案款发放及时率: each receipt of funds on a case (the `funds_received` fact) with the end of its payout period,
-- 30 days from receipt (法发〔2017〕6号), and the day a payout settled it (the first `paid_out` fact on or after
-- it; '' until then). Filled from the log when this migration runs.
CREATE TABLE case_payouts (
    case_id      TEXT    NOT NULL,
    position     BIGINT  NOT NULL,                -- the receipt's event
    court        TEXT    NOT NULL,
    received_on  TEXT    NOT NULL,
    due_on       TEXT    NOT NULL,
    paid_on      TEXT    NOT NULL,
    PRIMARY KEY (case_id, position)
);
CREATE INDEX case_payouts_due ON case_payouts (court, due_on);

-- 执行到位率: what each case claims as filed (principal, interest, costs), the deductions confirmed into the court's
-- custody account, and what the officer recorded as received when closing it as 执行完毕, in fen.
ALTER TABLE cases ADD COLUMN claim_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN deducted_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN paid_fen BIGINT NOT NULL DEFAULT 0;
UPDATE cases SET claim_fen = COALESCE((SELECT (e.payload::jsonb ->> 'principal_fen')::bigint
        + (e.payload::jsonb ->> 'interest_fen')::bigint + (e.payload::jsonb ->> 'costs_fen')::bigint FROM events e
    WHERE e.stream_id = 'case-' || cases.case_id AND e.event_type = 'CaseFiled' LIMIT 1), principal_fen);
UPDATE cases SET paid_fen = COALESCE((SELECT ROUND((e.payload::jsonb -> 'grounds' ->> 'paid')::numeric * 100)::bigint
    FROM events e WHERE e.stream_id = 'case-' || cases.case_id AND e.event_type = 'CaseClosed'
    ORDER BY e.position DESC LIMIT 1), 0)
WHERE status = 'closed';
