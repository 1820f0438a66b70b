-- Issue 16: directory search reads its matches in the order it shows them and stops at a page.
-- Each person has a `rank` that follows (sort_key, id), with gaps for newcomers (kept by
-- store/sqlite/people_rank.cpp), and the trigram index is keyed by that rank: a search asks it for
-- matches in rowid order with a LIMIT instead of listing every match and sorting them.
-- Ranks are given at start-up (search keys version 3 re-indexes everyone); until then a row has
-- none and is not in the index.
ALTER TABLE people ADD COLUMN rank INTEGER;
CREATE UNIQUE INDEX people_rank ON people(rank);
-- A newcomer's neighbours in name order, inactive people included (the index holds everyone).
CREATE INDEX people_order ON people(sort_key, id, rank);

DROP TRIGGER people_fts_insert;
DROP TRIGGER people_fts_delete;
DROP TRIGGER people_fts_update;
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5(
  s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone,
  content='people', content_rowid='rank', tokenize='trigram');
-- One trigger per event, its statements in order: the old entry leaves before the new one comes
-- (both may have the same rank). Only changes to what is indexed touch the index.
CREATE TRIGGER people_fts_insert AFTER INSERT ON people WHEN new.rank IS NOT NULL BEGIN
  INSERT INTO people_fts(rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  VALUES (new.rank, new.s_names, new.s_job_title, new.s_department, new.s_location, new.s_employee_id, new.s_email, new.s_tags, new.s_phone);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people WHEN old.rank IS NOT NULL BEGIN
  INSERT INTO people_fts(people_fts, rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  VALUES ('delete', old.rank, old.s_names, old.s_job_title, old.s_department, old.s_location, old.s_employee_id, old.s_email, old.s_tags, old.s_phone);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF rank, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  SELECT 'delete', old.rank, old.s_names, old.s_job_title, old.s_department, old.s_location, old.s_employee_id, old.s_email, old.s_tags, old.s_phone
   WHERE old.rank IS NOT NULL;
  INSERT INTO people_fts(rowid, s_names, s_job_title, s_department, s_location, s_employee_id, s_email, s_tags, s_phone)
  SELECT new.rank, new.s_names, new.s_job_title, new.s_department, new.s_location, new.s_employee_id, new.s_email, new.s_tags, new.s_phone
   WHERE new.rank IS NOT NULL;
END;
