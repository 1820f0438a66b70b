import { useEffect, useState } from 'react';
import { formatDateTime, useI18n } from '../../i18n';
import { backupLineKey, backupsApi, type BackupStatus } from './backupsApi';

/** One line for admins: whether scheduled backups run and how the last one went. */
export function BackupStatusLine() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  useEffect(() => {
    backupsApi.status().then(setStatus).catch(() => setStatus(null));
  }, []);
  if (!status) return null;
  const key = backupLineKey(status);
  const at = status.last ? formatDateTime(status.last.at, lang) : '';
  return (
    <p className={key === 'backups.failed' ? 'hint error' : 'hint'} role="status" data-testid="backup-status">
      {t(key, { at, message: status.last?.message ?? '' })}
    </p>
  );
}
