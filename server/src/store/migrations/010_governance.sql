-- Governance (issue 13): smart groups, why a membership changed, and who was removed by leaving
-- the company.
-- A channel whose members follow a rule over the directory (domain/membership_rule.hpp); NULL: by hand.
ALTER TABLE conversations ADD COLUMN rule_json TEXT;
-- Why: "rule" (a smart group's rule), "deactivated", "reactivated", "exception", or a moderator's words.
ALTER TABLE membership_log ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- A person's history across conversations: what deactivation ended, for reactivation to offer back.
CREATE INDEX membership_log_person ON membership_log(person_id, id);
-- Admins' pinned exceptions to a smart group's rule: 'include' always, 'exclude' never.
CREATE TABLE membership_exceptions (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  mode TEXT NOT NULL CHECK (mode IN ('include', 'exclude')),
  set_by TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, person_id)
) WITHOUT ROWID;
