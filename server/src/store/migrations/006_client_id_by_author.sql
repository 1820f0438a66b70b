-- A retried send is found by its author and client id. The unique key that enforces it now begins
-- with the author: clients make time-ordered client ids (the web app does), so each author's new
-- keys land at the end of one run of the index instead of on a random page of every
-- conversation's run, one page fewer written per message. The key's meaning is unchanged: a
-- client id is unique per author and conversation. SQLite cannot drop a table's own constraint,
-- so the table is rebuilt with the same rows (rowids included: the search indexer follows them).
CREATE TABLE messages_new (
  rowid_ INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted INTEGER NOT NULL DEFAULT 0,
  reply_to TEXT,
  reply_count INTEGER NOT NULL DEFAULT 0,
  mentions TEXT NOT NULL DEFAULT '[]',
  mentions_all INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  UNIQUE (conversation_id, seq),
  UNIQUE (author_id, client_id, conversation_id)
);
INSERT INTO messages_new (rowid_, id, conversation_id, seq, client_id, author_id, text, created_at, edited_at,
                          deleted, reply_to, reply_count, mentions, mentions_all, pinned)
  SELECT rowid_, id, conversation_id, seq, client_id, author_id, text, created_at, edited_at, deleted, reply_to,
         reply_count, mentions, mentions_all, pinned FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_reply ON messages(reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX messages_pinned ON messages(conversation_id) WHERE pinned = 1;
