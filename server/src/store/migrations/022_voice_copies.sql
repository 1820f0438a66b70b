-- Voice notes recorded as Opus (Chromium, Firefox) get an MP3 copy that iPhone Safari plays, and
-- their length measured on the server, so players show it before loading the file.
ALTER TABLE attachments ADD COLUMN has_voice_copy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN duration_ms INTEGER;
