-- The case flow: who works a case, how it closed, and its open deadlines indexed by due date so the
-- overdue and due-soon scans are index ranges, not table scans.
ALTER TABLE cases ADD COLUMN officer TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN closing_mode TEXT NOT NULL DEFAULT '';

CREATE TABLE case_deadlines (
    case_id    TEXT    NOT NULL,
    court      TEXT    NOT NULL,
    node       TEXT    NOT NULL,
    due_on     TEXT    NOT NULL,                  -- YYYY-MM-DD: ISO dates order as text
    warn_from  TEXT    NOT NULL,
    suspended  BOOLEAN NOT NULL,                  -- the clock stands still: never overdue
    PRIMARY KEY (case_id, node, due_on)        -- payouts: one deadline per receipt
);
CREATE INDEX case_deadlines_due ON case_deadlines (due_on);
CREATE INDEX case_deadlines_court_due ON case_deadlines (court, due_on);
