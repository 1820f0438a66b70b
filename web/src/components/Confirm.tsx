// An inline "are you sure?" for a destructive step: a heading that names what happens, a line
// that says what it means, the red confirming button and Cancel (focused, so Enter is the safe
// choice). Announced as an alert dialog.
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n';

interface Props {
  title: string;
  text: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  confirmTestId?: string;
}

export function Confirm({ title, text, confirmLabel, onConfirm, onCancel, busy = false, confirmTestId }: Props) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="confirm" role="alertdialog" aria-labelledby={`${id}-h`} aria-describedby={`${id}-d`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <p id={`${id}-d`}>{text}</p>
      <div className="actions">
        <button type="button" className="btn btn-danger" disabled={busy} onClick={onConfirm} data-testid={confirmTestId}>
          {confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
