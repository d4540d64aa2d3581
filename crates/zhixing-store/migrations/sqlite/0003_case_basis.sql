-- Duplicate detection at filing looks cases up by their 执行依据's document number (normalized).
ALTER TABLE cases ADD COLUMN basis_number TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_basis_number ON cases (basis_number);
