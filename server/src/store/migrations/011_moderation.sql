-- Moderation (issue 13). messages.deleted becomes 2 when a moderator removed the message (1: its
-- author deleted it): members see which, the text is gone either way.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  reporter_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  category TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open',
  created_at INTEGER NOT NULL,
  resolved_by TEXT NOT NULL DEFAULT '',
  resolved_at INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_by_status ON reports(status, id);
CREATE INDEX reports_by_message ON reports(message_id, reporter_id);
CREATE INDEX reports_by_conversation ON reports(conversation_id, id);

CREATE TABLE posting_suspensions (
  person_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL DEFAULT '',  -- '' = everywhere
  until INTEGER NOT NULL,
  set_by TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (person_id, conversation_id)
) WITHOUT ROWID;

CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  body_json TEXT NOT NULL DEFAULT '{}',
  at INTEGER NOT NULL
);
CREATE INDEX notices_by_person ON notices(person_id, id);

-- Content rules that every message is checked against (domain/moderation/content_rules.hpp).
CREATE TABLE content_rules (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  words TEXT NOT NULL DEFAULT '[]',
  pattern TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);  -- with a rowid: rules are listed and checked in the order they were made

-- Organization policies (domain/policies.hpp), one JSON object; '{}' is every default.
ALTER TABLE organization ADD COLUMN policies TEXT NOT NULL DEFAULT '{}';
