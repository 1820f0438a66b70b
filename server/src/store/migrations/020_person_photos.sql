-- Issue 16: profile photos. The server keeps two square JPEGs per person (made from the upload:
-- cropped, scaled, re-encoded without metadata), apart from `people` so that directory queries
-- never read image bytes. `people.photo_version` names the current pair: it goes into photo URLs,
-- so a browser may cache a photo for good and a new photo is a new URL.
ALTER TABLE people ADD COLUMN photo_version TEXT NOT NULL DEFAULT '';
CREATE TABLE person_photos (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  version TEXT NOT NULL,
  large BLOB NOT NULL,
  small BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
