-- Voice notes recorded as Opus (Chromium, Firefox) get an MP3 copy that iPhone Safari plays, and
-- their length measured on the server, so players show it before loading the file. New uploads get
-- both at once; the notes sent before this version are due, and a scheduled job makes theirs
-- (AttachmentService::copy_due_voice_notes).
ALTER TABLE attachments ADD COLUMN has_voice_copy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN duration_ms INTEGER;
ALTER TABLE attachments ADD COLUMN voice_copy_due INTEGER NOT NULL DEFAULT 0;
UPDATE attachments SET voice_copy_due = 1 WHERE content_type IN ('audio/webm', 'audio/ogg');
CREATE INDEX attachments_voice_copy_due ON attachments(id) WHERE voice_copy_due = 1;
