-- Conversations, memberships (with their history), messages, edits, reactions, and the message
-- search index. Read and delivery tracking are per-member positions, never a row per message per person.
CREATE TABLE conversations (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  is_public INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  direct_key TEXT UNIQUE,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_activity_at INTEGER NOT NULL  -- milliseconds
);
CREATE INDEX conversations_public ON conversations(is_public, archived);

CREATE TABLE members (
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
  PRIMARY KEY (conversation_id, person_id)
) WITHOUT ROWID;
CREATE INDEX members_person ON members(person_id);

-- Who joined and left, when, and who or what caused it (smart groups will add causes).
CREATE TABLE membership_log (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  change TEXT NOT NULL,
  actor_id TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX membership_log_conversation ON membership_log(conversation_id, id);

CREATE TABLE messages (
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
  UNIQUE (conversation_id, author_id, client_id)
);
CREATE INDEX messages_reply ON messages(reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX messages_pinned ON messages(conversation_id) WHERE pinned = 1;

-- One row per person mentioned by name, so mention counts are an index range.
CREATE TABLE mentions (
  person_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (person_id, conversation_id, seq)
) WITHOUT ROWID;

CREATE TABLE message_edits (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL,
  text TEXT NOT NULL,
  edited_at INTEGER NOT NULL
);
CREATE INDEX message_edits_message ON message_edits(message_id, id);

CREATE TABLE reactions (
  message_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  emoji TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (message_id, emoji, person_id)
) WITHOUT ROWID;

-- Message search: normalized text in a trigram index, behind the MessageSearch interface so it
-- can become a keyed (blind) index when bodies are encrypted at rest.
CREATE VIRTUAL TABLE message_search USING fts5(body, conversation_id UNINDEXED, author_id UNINDEXED,
  created_at UNINDEXED, tokenize='trigram');
