-- The organization (one per installation), its people, sessions, invitations and audit log.
CREATE TABLE organization (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  default_language TEXT NOT NULL,
  field_visibility TEXT NOT NULL DEFAULT '{}',  -- JSON {field: level}
  custom_fields TEXT NOT NULL DEFAULT '[]',     -- JSON [{key,label_en,label_ar,visibility}]
  created_at INTEGER NOT NULL
);

CREATE TABLE people (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_latin TEXT NOT NULL DEFAULT '',
  job_title TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  manager_id TEXT REFERENCES people(id),
  employee_id TEXT,
  employee_key TEXT UNIQUE,
  phone TEXT,
  phone_key TEXT UNIQUE,
  email TEXT UNIQUE,
  kind TEXT NOT NULL DEFAULT 'employee',
  company TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',   -- JSON array
  custom TEXT NOT NULL DEFAULT '{}', -- JSON object
  role TEXT NOT NULL DEFAULT 'member',
  active INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT,
  language TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Normalized (Arabic-aware) copies of the searchable fields, one column each, so a search can
  -- skip the fields its viewer may not see.
  s_names TEXT NOT NULL,
  s_job_title TEXT NOT NULL,
  s_department TEXT NOT NULL,
  s_location TEXT NOT NULL,
  s_employee_id TEXT NOT NULL,
  s_email TEXT NOT NULL,
  s_tags TEXT NOT NULL,
  sort_key TEXT NOT NULL
);
CREATE INDEX people_sort ON people(active, sort_key, id);
CREATE INDEX people_department ON people(department) WHERE active = 1;
CREATE INDEX people_location ON people(location) WHERE active = 1;

-- Substring search over the normalized fields: a trigram index kept in step by triggers.
CREATE VIRTUAL TABLE people_fts USING fts5(
  s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags,
  content='people', content_rowid='seq', tokenize='trigram');
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
  INSERT INTO people_fts(rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags)
  VALUES (new.seq, new.s_names, new.s_job_title, new.s_department, new.s_location, new.s_employee_id, new.s_email, new.s_tags);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags)
  VALUES ('delete', old.seq, old.s_names, old.s_job_title, old.s_department, old.s_location, old.s_employee_id, old.s_email, old.s_tags);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags)
  VALUES ('delete', old.seq, old.s_names, old.s_job_title, old.s_department, old.s_location, old.s_employee_id, old.s_email, old.s_tags);
  INSERT INTO people_fts(rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags)
  VALUES (new.seq, new.s_names, new.s_job_title, new.s_department, new.s_location, new.s_employee_id, new.s_email, new.s_tags);
END;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  token_digest TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  device TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE invitations (
  token_digest TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX invitations_person ON invitations(person_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL DEFAULT '',
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_action ON audit_log(action, id);
CREATE INDEX audit_actor ON audit_log(actor_id, id);
