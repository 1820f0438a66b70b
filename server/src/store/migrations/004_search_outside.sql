-- Message search moves to its own database file (search.db), filled by an indexer that follows
-- the messages table; it rebuilds its index from the start. Edits and deletions reach it through
-- this append-only stream, written in the same transaction as the change.
DROP TABLE message_search;
CREATE TABLE search_changes (
  id INTEGER PRIMARY KEY,
  message_rowid INTEGER NOT NULL
);
