import { Link } from 'react-router-dom';
import type { Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { initials } from './initials';

// re-exported: the chat screens import it from the person card
export { initials };

export function FormerBadge() {
  const { t } = useI18n();
  return <span className="badge badge-former">{t('person.former_staff')}</span>;
}

export function PersonCard({ person }: { person: Person }) {
  const { t } = useI18n();
  const place = [person.department, person.location].filter(Boolean).join(' · ');
  return (
    <li className="person-card" data-testid="person-card">
      <Link to={`/people/${encodeURIComponent(person.id)}`} className="person-link">
        <span className="avatar" aria-hidden="true">
          {initials(person.name)}
        </span>
        <span className="person-text">
          <span className="person-name">
            <bdi>{person.name}</bdi>
            {person.status === 'deactivated' ? <FormerBadge /> : null}
            {person.kind === 'external' ? <span className="badge">{t('person.external')}</span> : null}
          </span>
          {person.name_latin ? (
            <span className="person-latin" lang="en" dir="ltr">
              {person.name_latin}
            </span>
          ) : null}
          {person.job_title || person.company ? (
            <span className="person-title">{[person.job_title, person.company].filter(Boolean).join(' — ')}</span>
          ) : null}
          {place ? <span className="person-place">{place}</span> : null}
        </span>
      </Link>
    </li>
  );
}
