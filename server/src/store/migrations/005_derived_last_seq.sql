-- A conversation's last seq and last activity are now read from its newest message, so sending
-- writes no conversation row; last_activity_at keeps the conversation's own time (its creation).
ALTER TABLE conversations DROP COLUMN last_seq;
