-- Deleting a message now also deletes its earlier versions (message_edits). Messages deleted before
-- that still left them behind, out of every member's sight but in the database: remove them.
DELETE FROM message_edits WHERE message_id IN (SELECT id FROM messages WHERE deleted = 1);
