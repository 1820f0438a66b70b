import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Alert, TextAreaField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { MAX_REASON, reasonProblem } from './oversight';

/**
 * Every oversight action asks why: the reason goes to the audit log (and the membership history).
 * `children` adds the action's own fields (the new owner, for a transfer); `ready` says they are set.
 */
export function ReasonDialog({
  title,
  lead,
  confirm,
  danger,
  ready = true,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  lead: string;
  confirm: string;
  danger?: boolean;
  ready?: boolean;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = reasonProblem(reason);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (problem || !ready) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose} testId="oversight-dialog">
      <form onSubmit={submit} noValidate>
        <p>{lead}</p>
        {children}
        <TextAreaField
          label={t('oversight.reason')}
          hint={t('oversight.reason_hint', { max: MAX_REASON })}
          value={reason}
          rows={3}
          required
          onChange={(e) => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && problem ? t(`oversight.reason_${problem}`, { max: MAX_REASON }) : undefined}
        />
        {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <DialogActions label={confirm} busy={busy} disabled={!ready} danger={danger} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
