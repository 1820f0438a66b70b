-- Issue 16: phone numbers are compared in E.164 ("+966509876543", read with the organization's
-- country), and the directory finds people by phone number and by common Latin spellings of
-- Arabic names. The keys themselves are computed in C++ (libphonenumber, domain/text/latin_spelling):
-- `search_keys_version` tells the server that every row's keys must be recomputed at start-up.
ALTER TABLE organization ADD COLUMN phone_region TEXT NOT NULL DEFAULT '';
ALTER TABLE organization ADD COLUMN search_keys_version TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN s_phone TEXT NOT NULL DEFAULT '';

-- The trigram index gains the phone column (its own column: phone numbers may be hidden from a
-- viewer, and a hidden field must not find its owner).
DROP TRIGGER people_fts_insert;
DROP TRIGGER people_fts_delete;
DROP TRIGGER people_fts_update;
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5(
  s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone,
  content='people', content_rowid='seq', tokenize='trigram');
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
  INSERT INTO people_fts(rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  VALUES (new.seq, new.s_names, new.s_job_title, new.s_department, new.s_location, new.s_employee_id, new.s_email, new.s_tags, new.s_phone);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  VALUES ('delete', old.seq, old.s_names, old.s_job_title, old.s_department, old.s_location, old.s_employee_id, old.s_email, old.s_tags, old.s_phone);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  VALUES ('delete', old.seq, old.s_names, old.s_job_title, old.s_department, old.s_location, old.s_employee_id, old.s_email, old.s_tags, old.s_phone);
  INSERT INTO people_fts(rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  VALUES (new.seq, new.s_names, new.s_job_title, new.s_department, new.s_location, new.s_employee_id, new.s_email, new.s_tags, new.s_phone);
END;
INSERT INTO people_fts(people_fts) VALUES ('rebuild');

-- Voice notes: audio is a new kind of attachment, allowed wherever the organization's list of
-- kinds was kept (admins may take it out again on the policies page).
UPDATE organization SET policies = json_set(policies, '$.attachment_kinds[#]', 'audio')
 WHERE json_type(policies, '$.attachment_kinds') = 'array'
   AND NOT EXISTS (SELECT 1 FROM json_each(policies, '$.attachment_kinds') WHERE value = 'audio');
