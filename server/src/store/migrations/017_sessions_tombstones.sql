-- Sessions ended with "end and erase": the next request with that session's token is answered
-- with session_erased, so a device that was offline at the time still learns it must erase its
-- local data. Kept until the session would have expired anyway.
CREATE TABLE session_tombstones (
  token_digest TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  ended_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_tombstones_expiry ON session_tombstones(expires_at);
