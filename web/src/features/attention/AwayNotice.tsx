import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { WithName } from '../../components/WithName';
import { attentionApi, type Availability } from './attentionApi';
import { awayNotice, browserTimeZone } from './when';

/**
 * Above a direct conversation's composer when the other person is off work or has paused
 * notifications: "Omar is off until 08:00 tomorrow — they will be notified then". Asked once each
 * time the conversation opens (no polling); times are in this device's zone.
 */
export function AwayNotice({ personId, name }: { personId: string; name: string }) {
  const { t, lang } = useI18n();
  const [availability, setAvailability] = useState<Availability | null>(null);
  useEffect(() => {
    let live = true;
    setAvailability(null);
    attentionApi
      .availability(personId)
      .then((a) => live && setAvailability(a))
      .catch(() => undefined); // a courtesy: without it the conversation works as before
    return () => {
      live = false;
    };
  }, [personId]);
  const text = availability ? awayNotice(availability, new Date(), browserTimeZone(), lang, t) : null;
  if (!text) return null;
  return (
    <p className="away-notice" data-testid="away-notice">
      <span aria-hidden="true">☾ </span>
      <WithName text={text} name={name} />
    </p>
  );
}
