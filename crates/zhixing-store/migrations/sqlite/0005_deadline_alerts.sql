-- The highest alert raised per open deadline (0 none, 1 officer, 2 team leader, 3 command center), so the
-- deadline scan reads only the deadlines that owe a new alert.
ALTER TABLE case_deadlines ADD COLUMN alert_level INTEGER NOT NULL DEFAULT 0;
