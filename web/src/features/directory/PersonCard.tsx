import { Link } from 'react-router-dom';
import type { Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Isolated } from '../../components/Isolated';
import { Avatar } from '../../components/Avatar';

export function FormerBadge() {
  const { t } = useI18n();
  return <span className="badge badge-former">{t('person.former_staff')}</span>;
}

export function PersonCard({ person }: { person: Person }) {
  const { t } = useI18n();
  return (
    <li className="person-card" data-testid="person-card">
      <Link to={`/people/${encodeURIComponent(person.id)}`} className="person-link">
        <Avatar name={person.name} personId={person.id} photoVersion={person.photo_version ?? null} />
        <span className="person-text">
          <span className="person-name">
            <bdi>{person.name}</bdi>
            {person.status === 'deactivated' ? <FormerBadge /> : null}
            {person.kind === 'external' ? <span className="badge">{t('person.external')}</span> : null}
          </span>
          {person.name_latin ? (
            // isolated, not dir="ltr": the line stays at the start edge (the right in Arabic)
            <span className="person-latin" lang="en">
              <bdi>{person.name_latin}</bdi>
            </span>
          ) : null}
          {person.job_title || person.company ? (
            <span className="person-title">
              <Isolated values={[person.job_title, person.company]} separator=" — " />
            </span>
          ) : null}
          {person.department || person.location ? (
            <span className="person-place">
              <Isolated values={[person.department, person.location]} />
            </span>
          ) : null}
        </span>
      </Link>
    </li>
  );
}
