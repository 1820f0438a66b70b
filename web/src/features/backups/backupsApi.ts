import { z } from 'zod';
import { request } from '../../api/http';

/** GET /api/v1/admin/backups: the scheduled backups and the last run (admins). */
export const backupStatusSchema = z.object({
  enabled: z.boolean(),
  every_seconds: z.number().int().nullable(),
  keep: z.number().int().nullable(),
  last: z
    .object({
      at: z.string(),
      ok: z.boolean(),
      file: z.string(),
      bytes: z.number(),
      files: z.number(),
      message: z.string().nullable(),
    })
    .nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export const backupsApi = {
  status: () => request('GET', '/admin/backups', { schema: backupStatusSchema }),
};

/** Which sentence describes the status: off, not yet run, last run fine, last run failed. */
export function backupLineKey(s: BackupStatus): 'backups.off' | 'backups.pending' | 'backups.ok' | 'backups.failed' {
  if (!s.enabled) return 'backups.off';
  if (!s.last) return 'backups.pending';
  return s.last.ok ? 'backups.ok' : 'backups.failed';
}
