-- The index of closed cases holds closed cases only: an open case no longer has an entry to write (the one
-- reader, the tallies' refill, asks for closed_on <> '').
DROP INDEX cases_court_closed;
CREATE INDEX cases_court_closed ON cases (court, closed_on) WHERE closed_on <> '';
