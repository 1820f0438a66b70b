-- Attachments: metadata here, bytes under <data dir>/files/ (never under a user-chosen name).
-- An upload belongs to its uploader until posted; then to exactly one message (message_attachments).
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  uploader_id TEXT NOT NULL REFERENCES people(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  has_thumbnail INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX attachments_created ON attachments(created_at);

CREATE TABLE message_attachments (
  message_id TEXT NOT NULL,
  attachment_id TEXT NOT NULL UNIQUE REFERENCES attachments(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
