import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { MembershipChange } from '../../api/schemas';
import { formatDateTime, useI18n, type TFn } from '../../i18n';
import { LoadStatus } from '../../components/LoadStatus';
import { DetailsPage } from './DetailsPage';

/** The translation key for a change: "role:moderator" -> membership.role_moderator. */
export function changeKey(change: string): string {
  const known = ['joined', 'added', 'left', 'removed', 'role:owner', 'role:moderator', 'role:member', 'posting:on', 'posting:off'];
  return known.includes(change) ? `membership.${change.replace(':', '_')}` : 'membership.other';
}

/** "{by} added {person}" with each name isolated (<bdi>), so an Arabic name in an English sentence reads right. */
function Sentence({ t, e }: { t: TFn; e: MembershipChange }) {
  const values: Record<string, ReactNode> = { person: <bdi>{e.person_name}</bdi>, by: <bdi>{e.by_name}</bdi>, change: e.change };
  const parts = t(changeKey(e.change)).split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{i % 2 ? values[p] ?? p : p}</Fragment>
      ))}
    </>
  );
}

/** Who joined and left a conversation, and who changed whose role, newest first. */
export function MembershipPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [items, setItems] = useState<MembershipChange[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  async function load(before?: number) {
    setLoading(true);
    setError(null);
    try {
      const page = await api.membership(id, before);
      setItems((old) => (before && old ? [...old, ...page.items] : page.items));
      setHasMore(page.has_more);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setItems(null);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  return (
    <DetailsPage conversationId={id} title={t('membership.title')} back={t('membership.back')} testId="membership">
      <LoadStatus error={error} loaded={!!items} />
      {items && items.length === 0 ? <p className="lead">{t('membership.empty')}</p> : null}
      {items && items.length ? (
        <ol className="membership-list">
          {items.map((e) => (
            <li key={e.id} data-testid="membership-change">
              <span className="membership-text">
                <Sentence t={t} e={e} />
              </span>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
            </li>
          ))}
        </ol>
      ) : null}
      {hasMore && items ? (
        <button type="button" className="btn" disabled={loading} onClick={() => void load(items[items.length - 1].id)}>
          {t('membership.more')}
        </button>
      ) : null}
    </DetailsPage>
  );
}
