import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Urgency } from '../../api/schemas';
import { useI18n } from '../../i18n';

const CHOICES = [null, 'important', 'urgent'] as const;

/** The composer's "!": send the next message as normal, important or urgent (urgent breaks through quiet hours). */
export function UrgencyPicker({ value, onChange }: { value: Urgency | null; onChange: (u: Urgency | null) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  function close() {
    setOpen(false);
    button.current?.focus();
  }
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`btn btn-ghost composer-urgency${value ? ` is-${value}` : ''}`}
        aria-label={t('urgency.choose')}
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setOpen(!open)}
        data-testid="urgency-button"
      >
        <span aria-hidden="true">!</span>
      </button>
      {open ? (
        <div id={`${id}-menu`} className="urgency-menu" role="group" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown} data-testid="urgency-menu">
          <p id={`${id}-title`} className="urgency-title">
            {t('urgency.title')}
          </p>
          {CHOICES.map((c) => (
            <button
              key={c ?? 'normal'}
              type="button"
              className="urgency-choice"
              aria-pressed={value === c}
              aria-label={t(`urgency.${c ?? 'normal'}`)}
              aria-describedby={`${id}-${c ?? 'normal'}`}
              autoFocus={value === c}
              onClick={() => {
                onChange(c);
                close();
              }}
            >
              <strong>{t(`urgency.${c ?? 'normal'}`)}</strong>
              <span className="hint" id={`${id}-${c ?? 'normal'}`}>
                {t(`urgency.${c ?? 'normal'}_hint`)}
              </span>
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** "Urgent" / "Important" on a message. */
export function UrgencyBadge({ urgency }: { urgency: string | null | undefined }) {
  const { t } = useI18n();
  if (urgency !== 'urgent' && urgency !== 'important') return null;
  return (
    <span className={`urgency-badge urgency-${urgency}`} data-testid="urgency-badge">
      <span aria-hidden="true">! </span>
      {t(`urgency.${urgency}`)}
    </span>
  );
}
