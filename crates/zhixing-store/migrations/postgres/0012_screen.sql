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
