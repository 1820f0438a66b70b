import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { sessionStore } from '../../state/session';
import { useStore } from '../../state/useStore';
import { channelExists, firstSteps, isDismissed, othersExist, rememberDismissed, showFirstSteps, type Step } from './firstSteps';
import '../admin/onboarding.css';

const storage = () => (typeof localStorage === 'undefined' ? null : localStorage);

/** The owner's checklist on the home screen after setup: invite people, import a CSV, create channels. */
export function FirstSteps() {
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user : null;
  const isOwner = me?.role === 'owner';
  const [dismissed, setDismissed] = useState(() => (me ? isDismissed(storage(), me.id) : true));
  const [steps, setSteps] = useState<Step[] | null>(null);

  useEffect(() => {
    if (!me || !isOwner || dismissed) return;
    let cancelled = false;
    // each fact on its own: one that cannot be read counts as not done, the others still tick
    const fact = <T,>(p: Promise<T>, ok: (v: T) => boolean) => p.then(ok).catch(() => false);
    void Promise.all([
      fact(api.people({ status: 'all', limit: 2 }), (page) => othersExist(page.items, me.id)),
      fact(api.audit({ action: 'people.import', limit: 1 }), (page) => page.items.length > 0),
      fact(api.conversations(), (list) => channelExists(list.items)),
    ]).then(([others, imported, channels]) => {
      if (!cancelled) setSteps(firstSteps({ othersExist: others, imported, channelExists: channels }));
    });
    return () => {
      cancelled = true;
    };
  }, [me, isOwner, dismissed]);

  if (!me || !showFirstSteps({ isOwner, dismissed, steps })) return null;

  function dismiss() {
    rememberDismissed(storage(), me!.id);
    setDismissed(true);
  }

  const done = steps!.filter((s) => s.done).length;
  return (
    <section className="card first-steps" aria-labelledby="first-steps-h" data-testid="first-steps">
      <h2 id="first-steps-h">{t('steps.title')}</h2>
      <p className="hint">{t('steps.progress', { done, total: steps!.length })}</p>
      <ol className="first-steps-list">
        {steps!.map((s) => (
          <li key={s.id} className={`first-step${s.done ? ' done' : ''}`} data-testid={`first-step-${s.id}`} data-done={s.done}>
            <span className="first-step-mark" aria-hidden="true">
              {s.done ? '✓' : ''}
            </span>
            <Link to={s.href}>{t(`steps.${s.id}`)}</Link>
            <span className="visually-hidden">{s.done ? t('steps.done') : t('steps.todo')}</span>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-ghost btn-small" onClick={dismiss}>
        {t('steps.dismiss')}
      </button>
    </section>
  );
}
