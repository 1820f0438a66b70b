-- Compliance officers (issue 14): a capability admins grant to a person, apart from their role.
-- Holders may read and export conversations' content for a stated reason, each time audited.
CREATE TABLE compliance_officers (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  granted_by TEXT NOT NULL,
  granted_at INTEGER NOT NULL
) WITHOUT ROWID;

