-- History visibility and catch-up (issue 13): what a newcomer reads of a conversation's past.
-- 'full' or 'since_joined' (domain/history_window.hpp). Conversations from before this version keep
-- showing everything, as they did; new ones get their kind's default.
ALTER TABLE conversations ADD COLUMN history TEXT NOT NULL DEFAULT 'full'
  CHECK (history IN ('full', 'since_joined'));
-- The conversation's newest seq when the membership began: with 'since_joined' the member reads only
-- later messages. Memberships from before this version keep everything they could read (0).
ALTER TABLE members ADD COLUMN joined_seq INTEGER NOT NULL DEFAULT 0;
-- Conversations someone was put into whose catch-up they marked done, per membership (its joined_at):
-- a later re-add shows again. Memberships from before this version count as done, so an upgrade
-- does not send everyone to the catch-up screen.
CREATE TABLE catch_up_done (
  person_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (person_id, conversation_id)
) WITHOUT ROWID;
INSERT INTO catch_up_done (person_id, conversation_id, joined_at)
  SELECT person_id, conversation_id, joined_at FROM members;
