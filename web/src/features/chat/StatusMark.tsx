import { useI18n } from '../../i18n';
import type { MessageStatus } from '../../state/chat';

// The mark on one's own message, as chat apps draw it: a clock while queued on this device, one
// tick once stored, two once on every member's device, two coloured once every member read it.
// Drawn here rather than in Icon: two ticks overlap, and the read colour is part of the mark.
const TICK = 'M2 12.5l4 4L14 8';
const SECOND_TICK = 'M9 15.5l1 1L18 8';
const CLOCK = 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM12 7v5l3 2';

export type MarkState = MessageStatus | 'queued';

export function StatusMark({ state }: { state: MarkState }) {
  const { t } = useI18n();
  const label = t(`chat.status_${state}`);
  return (
    <span className={`status-mark status-${state}`} data-testid="status-mark" data-status={state} role="img" aria-label={label} title={label}>
      <svg width="18" height="18" viewBox="0 0 22 22" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {state === 'queued' ? <path d={CLOCK} /> : <path d={TICK} />}
        {state === 'delivered' || state === 'read' ? <path d={SECOND_TICK} /> : null}
      </svg>
    </span>
  );
}
