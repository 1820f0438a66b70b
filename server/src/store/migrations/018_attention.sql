-- Attention (issue 15): Web Push subscriptions, working hours, notifications held for a digest, and
-- how urgent a message is.

-- A device's push subscription belongs to the session that made it: when the session ends (sign
-- out, "end" from another device, offboarding, expiry sweep) the device stops being notified, by
-- the trigger below, whatever path ended it.
CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  session_id TEXT NOT NULL,
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT NOT NULL,  -- the browser's public key, base64url (RFC 8291)
  auth TEXT NOT NULL,    -- the browser's authentication secret, base64url
  device TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX push_subscriptions_person ON push_subscriptions(person_id);
CREATE INDEX push_subscriptions_session ON push_subscriptions(session_id);
CREATE TRIGGER push_subscriptions_session_end AFTER DELETE ON sessions BEGIN
  DELETE FROM push_subscriptions WHERE session_id = old.id;
END;

-- The server's VAPID key pair (RFC 8292): made on first start, kept in the database (encrypted at
-- rest like the TOTP secrets) so that a restored backup keeps every browser's subscription, which
-- is bound to the public key.
CREATE TABLE push_vapid_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  private_key TEXT NOT NULL,  -- base64url of the 32-byte P-256 scalar
  created_at INTEGER NOT NULL
);

-- Working hours as JSON (domain/attention/working_hours.hpp): a person's own, or a default for a
-- department, a location or the organization (key '').
CREATE TABLE working_hours (
  scope TEXT NOT NULL CHECK (scope IN ('person', 'department', 'location', 'organization')),
  key TEXT NOT NULL,
  hours TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;

-- "Do not disturb until": personal, apart from the hours (which may be a department's default).
CREATE TABLE do_not_disturb (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  until INTEGER NOT NULL
);

-- Notifications held outside a person's working hours: since when (one row per person), and per
-- conversation how many messages and mentions. The digest at the start of their next working
-- period sums them; the rows stay (digest_at set) for the app's digest view until the next hold.
CREATE TABLE attention_holds (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  since INTEGER NOT NULL,
  digest_at INTEGER
);
CREATE TABLE attention_held (
  person_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  messages INTEGER NOT NULL,
  mentions INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,  -- read past it, the conversation drops out of the digest
  PRIMARY KEY (person_id, conversation_id)
) WITHOUT ROWID;

-- 0 normal, 1 important, 2 urgent (domain/conversation.hpp).
ALTER TABLE messages ADD COLUMN urgency INTEGER NOT NULL DEFAULT 0;
