-- The web UI: the officer's search by a party's name, and the day each case closed for the command center's
-- counts of cases closed (today, this year) per court. Cases closed before this column get it from their
-- recorded `CaseClosed` events.
CREATE INDEX case_parties_name ON case_parties (name);
ALTER TABLE cases ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';
UPDATE cases SET closed_on = COALESCE((SELECT e.payload::jsonb ->> 'on' FROM events e
    WHERE e.stream_id = 'case-' || cases.case_id AND e.event_type = 'CaseClosed'
    ORDER BY e.position DESC LIMIT 1), '')
WHERE status = 'closed';
CREATE INDEX cases_court_closed ON cases (court, closed_on);
