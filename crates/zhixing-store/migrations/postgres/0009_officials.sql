-- The separate list of public officials and public bodies (失信规定 第八条, zero tolerance): a listing whose
-- debtor is a 国家工作人员, a 国家机关 or a 国有企业 is marked, for the public portal's separate list. Entries
-- stored before this column are marked from their recorded fields.
ALTER TABLE credit_public ADD COLUMN official BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE credit_public SET official = TRUE
    WHERE list = 'shixin' AND (fields::jsonb -> 'public_status' ->> 'kind') <> 'ordinary';
CREATE INDEX credit_public_official ON credit_public (official, published_from);
