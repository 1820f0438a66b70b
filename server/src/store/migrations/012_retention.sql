-- Retention and legal hold (issue 13): retention policies, legal holds, what a moderator removed
-- while a hold covered it, and the scheduled end dates of people.
-- scope: 'org' (the organization's default) or a conversation id; keep_days NULL: keep forever.
CREATE TABLE retention_policies (
  scope TEXT PRIMARY KEY,
  keep_days INTEGER,
  set_by TEXT NOT NULL,
  set_at INTEGER NOT NULL
) WITHOUT ROWID;

-- A hold on a person (the messages they wrote) or a conversation; released_at NULL while in force.
CREATE TABLE legal_holds (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'conversation')),
  target_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  set_by TEXT NOT NULL,
  set_at INTEGER NOT NULL,
  released_by TEXT NOT NULL DEFAULT '',
  released_at INTEGER
);
CREATE INDEX legal_holds_in_force ON legal_holds(kind, target_id) WHERE released_at IS NULL;

-- A removed message's content, kept because a legal hold covered it; readable only by the
-- compliance path. kept_attachments says which attachment files must stay on disk for it.
CREATE TABLE kept_messages (
  message_id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  attachment_ids TEXT NOT NULL DEFAULT '[]',
  removed_by TEXT NOT NULL,
  removed_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE kept_attachments (
  attachment_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (attachment_id, message_id)
) WITHOUT ROWID;

-- The date an admin set for a person to leave: the scheduler deactivates them when it passes.
CREATE TABLE person_end_dates (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  end_at INTEGER NOT NULL,
  set_by TEXT NOT NULL,
  set_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_end_dates_due ON person_end_dates(end_at);
