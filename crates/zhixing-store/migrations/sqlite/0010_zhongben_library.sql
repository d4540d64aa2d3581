-- The 终本 library (终本规定 第九条): one row per case closed as 终本, with its re-query rounds as they fall due
-- and are answered, and the 执恢 case that resumed it; the library report per court reads it. Cases that entered
-- the library before this table are filled in from their recorded events.
CREATE TABLE zhongben_library (
    case_id           TEXT    PRIMARY KEY,
    court             TEXT    NOT NULL,
    entry_due         TEXT    NOT NULL,           -- YYYY-MM-DD
    rounds            INTEGER NOT NULL,           -- re-queries scheduled
    first_requery_on  TEXT    NOT NULL,
    last_requery_on   TEXT    NOT NULL,
    rounds_due        INTEGER NOT NULL,           -- the highest round fallen due
    rounds_answered   INTEGER NOT NULL,
    rounds_found      INTEGER NOT NULL,           -- answered with property found
    last_found_on     TEXT    NOT NULL,           -- '' when none
    resumed_as        TEXT    NOT NULL            -- the 执恢 案号; '' while the case is in the library
);
CREATE INDEX zhongben_library_court ON zhongben_library (court);

INSERT INTO zhongben_library (case_id, court, entry_due, rounds, first_requery_on, last_requery_on, rounds_due,
                              rounds_answered, rounds_found, last_found_on, resumed_as)
SELECT c.case_id, c.court, json_extract(e.payload, '$.entry_due'),
       json_array_length(e.payload, '$.requeries'),
       COALESCE(json_extract(e.payload, '$.requeries[0].date'), ''),
       COALESCE(json_extract(e.payload, '$.requeries[#-1].date'), ''), 0, 0, 0, '', ''
FROM events e JOIN cases c ON e.stream_id = 'case-' || c.case_id
WHERE e.event_type = 'ZhongbenLibraryScheduled'
ON CONFLICT (case_id) DO UPDATE SET entry_due = excluded.entry_due, rounds = excluded.rounds,
    first_requery_on = excluded.first_requery_on, last_requery_on = excluded.last_requery_on;

UPDATE zhongben_library SET
    rounds_due = COALESCE((SELECT MAX(json_extract(e.payload, '$.round')) FROM events e
                           WHERE e.stream_id = 'case-' || zhongben_library.case_id AND e.event_type = 'RequeryDue'), 0),
    rounds_answered = (SELECT COUNT(*) FROM events e
                       WHERE e.stream_id = 'case-' || zhongben_library.case_id AND e.event_type = 'RequeryAnswered'),
    rounds_found = (SELECT COUNT(*) FROM events e
                    WHERE e.stream_id = 'case-' || zhongben_library.case_id AND e.event_type = 'RequeryAnswered'
                      AND json_extract(e.payload, '$.property_found') = 1),
    last_found_on = COALESCE((SELECT MAX(json_extract(e.payload, '$.answered_on')) FROM events e
                              WHERE e.stream_id = 'case-' || zhongben_library.case_id AND e.event_type = 'RequeryAnswered'
                                AND json_extract(e.payload, '$.property_found') = 1), ''),
    resumed_as = COALESCE((SELECT json_extract(e.payload, '$.resumed_case_number') FROM events e
                           WHERE e.stream_id = 'case-' || zhongben_library.case_id AND e.event_type = 'CaseResumedAs'
                           ORDER BY e.position DESC LIMIT 1), '');
