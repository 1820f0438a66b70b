-- Two-factor sign-in (issue 14): a TOTP secret per person, their one-time recovery codes (stored
-- as digests), and since when the organization's policy requires two-factor of them (the grace
-- period counts from there).
CREATE TABLE two_factor (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  secret TEXT NOT NULL DEFAULT '',          -- base32; empty until an enrolment is confirmed
  pending_secret TEXT NOT NULL DEFAULT '',  -- base32 of a started, unconfirmed enrolment
  enabled_at INTEGER,                       -- NULL while off
  last_step INTEGER NOT NULL DEFAULT -1,    -- the newest TOTP time step used: older or equal ones are refused
  pending_at INTEGER
);
CREATE TABLE two_factor_recovery_codes (
  person_id TEXT NOT NULL REFERENCES people(id),
  digest TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (person_id, digest)
) WITHOUT ROWID;
CREATE TABLE two_factor_required (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  since INTEGER NOT NULL
);
