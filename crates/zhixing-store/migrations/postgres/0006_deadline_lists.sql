-- The deadline lists (超期 overdue, 预警 due soon) and the per-court overdue counts read only open deadlines
-- whose clock runs (NOT suspended). Each deadline keeps its case's 案号 and officer (承办人) beside it, so a
-- list is one range of one covering index: no join to `cases`, and no read of the table once vacuumed
-- (index-only scan). The index is partial (suspended deadlines are in no list) and ordered
-- (court, due_on, case_number) as the lists are; it supersedes case_deadlines_court_due.
ALTER TABLE case_deadlines ADD COLUMN case_number TEXT NOT NULL DEFAULT '';
ALTER TABLE case_deadlines ADD COLUMN officer TEXT NOT NULL DEFAULT '';
UPDATE case_deadlines d SET case_number = c.case_number, officer = c.officer FROM cases c WHERE c.case_id = d.case_id;
DROP INDEX case_deadlines_court_due;
CREATE INDEX case_deadlines_open ON case_deadlines (court, due_on, case_number)
    INCLUDE (case_id, node, warn_from, officer) WHERE NOT suspended;
