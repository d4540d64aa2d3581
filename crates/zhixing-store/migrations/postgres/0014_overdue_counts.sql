-- The per-court overdue counts read a narrow index of their own: (court, due_on) of the deadlines whose clock
-- runs. Counting in the covering index of the lists walked four times as many pages (each entry carries the
-- 案号, node, dates and officer); this one holds only what the count compares.
CREATE INDEX case_deadlines_open_due ON case_deadlines (court, due_on) WHERE NOT suspended;
-- 案号 order within a due date is byte order whatever the database's collation, as SQLite's BINARY and the
-- whole sets sorted in Rust order it (the list index is rebuilt in that order).
ALTER TABLE case_deadlines ALTER COLUMN case_number TYPE TEXT COLLATE "C";
