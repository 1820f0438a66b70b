import { NavLink } from 'react-router-dom';
import { useI18n } from '../../i18n';

export function AdminNav() {
  const { t } = useI18n();
  return (
    <nav className="sub-nav" aria-label={t('admin.nav_label')}>
      <NavLink to="/admin/people">{t('admin.people')}</NavLink>
      <NavLink to="/admin/import">{t('admin.import')}</NavLink>
      <NavLink to="/admin/settings">{t('admin.settings')}</NavLink>
      <NavLink to="/admin/audit">{t('admin.audit')}</NavLink>
      <NavLink to="/admin/conversations">{t('admin.conversations')}</NavLink>
      <NavLink to="/admin/retention">{t('admin.retention')}</NavLink>
      <NavLink to="/admin/policies">{t('admin.policies')}</NavLink>
      <NavLink to="/admin/content-rules">{t('admin.content_rules')}</NavLink>
      <NavLink to="/admin/working-hours">{t('admin.working_hours')}</NavLink>
      <NavLink to="/moderation">{t('admin.moderation')}</NavLink>
    </nav>
  );
}
