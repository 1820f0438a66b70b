// A modal sheet (from the bottom on phones, centred on wide screens): focus moves to its close
// button and back to where it was when it closes; Escape or a tap outside closes it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

interface Props {
  title: string;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}

export function Dialog({ title, onClose, testId, children }: Props) {
  const { t } = useI18n();
  const headingId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const returnTo = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => returnTo?.focus?.();
  }, []);

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
        data-testid={testId}
      >
        <div className="dialog-head">
          <h2 id={headingId}>{title}</h2>
          <button ref={closeRef} type="button" className="btn btn-small" onClick={onClose}>
            {t('chat.close')}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

// A dialog form's submit and cancel buttons; the submit button says it is working while busy.
export function DialogActions({
  label,
  busy,
  disabled = false,
  danger = false,
  onCancel,
}: {
  label: string;
  busy: boolean;
  disabled?: boolean;
  danger?: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy || disabled}>
        {busy ? t('common.working') : label}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
