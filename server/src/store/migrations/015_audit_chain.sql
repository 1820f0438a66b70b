-- A tamper-evident audit log (issue 14): every entry carries its place in a hash chain (seq), the
-- previous entry's hash and its own (BLAKE2b over the previous hash and its content, see
-- store/audit_chain.hpp). Entries written before this migration are chained once at start-up, in
-- id order (open_stores). From then on the table only grows: updates of chained rows, deletions
-- and unchained inserts are refused by SQLite itself.
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_seq ON audit_log(seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_chained_only BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL OR NEW.seq IS NULL
BEGIN
  SELECT RAISE(ABORT, 'audit entries are appended with their chain hash');
END;
