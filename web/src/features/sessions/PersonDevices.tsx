import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Session } from '../../api/schemas';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useI18n } from '../../i18n';
import { DeviceList } from './DeviceList';

/** An admin's view of a person's devices on their profile: end any (audited), or end and erase. */
export function PersonDevices({ personId }: { personId: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setItems((await api.personSessions(personId)).items);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [personId]);

  async function end(s: Session, erase: boolean) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await api.endPersonSession(personId, s.id, erase);
      setNotice(t(erase ? 'sessions.erased' : 'sessions.ended'));
      await load();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="devices-h" data-testid="person-devices">
      <h2 id="devices-h">{t('sessions.person_title')}</h2>
      <Alert>{error}</Alert>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!items ? <p role="status">{t('common.loading')}</p> : <DeviceList items={items} busy={busy} own={false} onEnd={(s, erase) => void end(s, erase)} />}
    </section>
  );
}
