-- The per-court overdue counts read a narrow index of their own: (court, due_on) of the deadlines whose clock
-- runs. Counting in the covering index of the lists walked four times as many pages (each entry carries the
-- 案号, node, dates and officer); this one holds only what the count compares.
CREATE INDEX case_deadlines_open_due ON case_deadlines (court, due_on) WHERE NOT suspended;
