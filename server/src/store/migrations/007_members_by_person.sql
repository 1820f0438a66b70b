-- Members are now kept in order of person, then conversation. Sending a message moves its author's
-- read position, which writes the author's member row: in conversation order an active sender's
-- rows lay scattered, one page per conversation, so each message wrote a page of its own. In
-- person order they sit together, and a commit full of messages from a few busy people writes a
-- few pages. Reads by conversation (rosters, member lists, read lists) go through the new
-- members_conversation index, which also keeps them in person order. The rows are the same.
CREATE TABLE members_new (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  role TEXT NOT NULL DEFAULT 'member',
  can_post INTEGER NOT NULL DEFAULT 1,
  joined_at INTEGER NOT NULL,
  added_by TEXT NOT NULL DEFAULT '',
  last_read_seq INTEGER NOT NULL DEFAULT 0,
  delivered_seq INTEGER NOT NULL DEFAULT 0,
  notification_level TEXT NOT NULL DEFAULT 'all',
  muted INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (person_id, conversation_id)
) WITHOUT ROWID;
INSERT INTO members_new SELECT conversation_id, person_id, role, can_post, joined_at, added_by, last_read_seq,
                               delivered_seq, notification_level, muted, pinned FROM members;
DROP TABLE members;
ALTER TABLE members_new RENAME TO members;
CREATE INDEX members_conversation ON members(conversation_id);
