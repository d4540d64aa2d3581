-- Gapless counters, taken inside the append that uses the number (案号 per court, 类型代字 and year).
CREATE TABLE counters (
    name   TEXT    PRIMARY KEY,                  -- e.g. case_number/浙0106/执/2024
    value  INTEGER NOT NULL                        -- the last value taken
);
