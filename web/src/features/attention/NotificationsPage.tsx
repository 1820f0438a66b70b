import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { LoadStatus } from '../../components/LoadStatus';
import { attentionApi, type MyHours } from './attentionApi';
import { DevicePushCard } from './DevicePushCard';
import { DoNotDisturbCard } from './DoNotDisturbCard';
import { MyStatus } from './MyStatus';
import { WorkingHoursCard } from './WorkingHoursCard';

/** Notifications: this device, pausing them, and the working hours outside which they wait. */
export function NotificationsPage() {
  const { t } = useI18n();
  const [mine, setMine] = useState<MyHours | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    attentionApi.myHours().then(setMine).catch(setError);
  }, []);

  return (
    <section data-testid="notifications-page">
      <Link to="/me/sessions" className="back-link">
        <span aria-hidden="true" className="flip-rtl">
          ←
        </span>{' '}
        {t('account.title')}
      </Link>
      <h1>{t('notify.title')}</h1>
      <LoadStatus error={error} loaded={!!mine} />
      {mine ? <MyStatus mine={mine} /> : null}
      <DevicePushCard />
      {mine ? (
        <>
          <DoNotDisturbCard mine={mine} onChange={setMine} />
          <WorkingHoursCard mine={mine} onChange={setMine} />
        </>
      ) : null}
    </section>
  );
}
