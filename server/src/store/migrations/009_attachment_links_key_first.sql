-- message_attachments again, with its key's columns declared first. SQLite 3.40.1's
-- PRAGMA integrity_check (Debian 12's) misreads a WITHOUT ROWID table whose non-key column is
-- declared before a key column, and reported "NULL value in message_attachments.attachment_id" on
-- every database with an attachment: a false alarm an operator would believe. The rows are the same.
CREATE TABLE message_attachments_new (
  message_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  attachment_id TEXT NOT NULL UNIQUE REFERENCES attachments(id),
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
INSERT INTO message_attachments_new (message_id, position, attachment_id)
  SELECT message_id, position, attachment_id FROM message_attachments;
DROP TABLE message_attachments;
ALTER TABLE message_attachments_new RENAME TO message_attachments;
