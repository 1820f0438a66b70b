import { useI18n } from '../i18n';
import { Alert } from './Field';
import { errorMessage } from './errors';

/** What a view that loads shows meanwhile: its error, or "Loading…" until it has something. */
export function LoadStatus({ error, loaded }: { error: unknown; loaded: boolean }) {
  const { t } = useI18n();
  if (error) return <Alert>{errorMessage(t, error)}</Alert>;
  return loaded ? null : <p role="status">{t('common.loading')}</p>;
}
