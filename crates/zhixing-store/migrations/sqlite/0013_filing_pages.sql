-- Fewer pages written per filed case. A table whose rows are found by their primary key alone is stored in
-- that key (WITHOUT ROWID): a counter, a tally or a party is then one B-tree entry, not a row plus an entry of
-- the key's index. The index of closed cases holds closed cases only: an open case no longer has an entry
-- (the one reader, the tallies' refill, asks for closed_on <> '').
CREATE TABLE counters_new (
    name   TEXT    PRIMARY KEY,                  -- e.g. case_number/浙0106/执/2024
    value  INTEGER NOT NULL                        -- the last value taken
) WITHOUT ROWID;
INSERT INTO counters_new (name, value) SELECT name, value FROM counters;
DROP TABLE counters;
ALTER TABLE counters_new RENAME TO counters;

CREATE TABLE court_tallies_new (
    court   TEXT   NOT NULL,
    metric  TEXT   NOT NULL,
    day     TEXT   NOT NULL,                      -- YYYY-MM-DD, or '' for a count of what is open now
    n       BIGINT NOT NULL,
    PRIMARY KEY (court, metric, day)
) WITHOUT ROWID;
INSERT INTO court_tallies_new (court, metric, day, n) SELECT court, metric, day, n FROM court_tallies;
DROP TABLE court_tallies;
ALTER TABLE court_tallies_new RENAME TO court_tallies;

CREATE TABLE case_parties_new (
    case_id    TEXT    NOT NULL,
    ordinal    INTEGER NOT NULL,
    role       TEXT    NOT NULL,                  -- applicant | debtor
    kind       TEXT    NOT NULL,                  -- person | company
    name       TEXT    NOT NULL,
    id_number  TEXT    NOT NULL,                  -- 公民身份号码 or 统一社会信用代码
    PRIMARY KEY (case_id, ordinal)
) WITHOUT ROWID;
INSERT INTO case_parties_new (case_id, ordinal, role, kind, name, id_number)
    SELECT case_id, ordinal, role, kind, name, id_number FROM case_parties;
DROP TABLE case_parties;
ALTER TABLE case_parties_new RENAME TO case_parties;
CREATE INDEX case_parties_id_number ON case_parties (id_number);
CREATE INDEX case_parties_name ON case_parties (name);

DROP INDEX cases_court_closed;
CREATE INDEX cases_court_closed ON cases (court, closed_on) WHERE closed_on <> '';
