import { useI18n } from '../../i18n';
import { AdminNav } from '../admin/AdminNav';
import { DefaultHoursCard } from './DefaultHoursCard';
import { ShiftImportCard } from './ShiftImportCard';

/** Admins: default working hours (organization, departments, locations) and shift rosters. */
export function WorkingHoursAdminPage() {
  const { t } = useI18n();
  return (
    <section>
      <AdminNav />
      <h1>{t('hours.admin_title')}</h1>
      <p className="hint">{t('hours.admin_intro')}</p>
      <DefaultHoursCard />
      <ShiftImportCard />
    </section>
  );
}
