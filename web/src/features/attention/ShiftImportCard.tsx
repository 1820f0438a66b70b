import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { CsvImportActions, CsvSource } from '../../components/CsvSource';
import { errorMessage, reasonMessage } from '../../components/errors';
import { useCsvImport } from '../../components/useCsvImport';
import { attentionApi, shiftReportSchema, type ShiftReport } from './attentionApi';

/** A shift roster from CSV (email,date,start,end): a dry run by line, then apply. */
export function ShiftImportCard() {
  const { t } = useI18n();
  const { csv, setCsv, report, error, busy, start, canApply } = useCsvImport(attentionApi.importShifts, shiftReportSchema);
  return (
    <section className="card" aria-labelledby="shifts-h" data-testid="shift-import">
      <h2 id="shifts-h">{t('shifts.title')}</h2>
      <p className="hint">{t('shifts.intro')}</p>
      <CsvSource value={csv} onChange={setCsv} hint={t('shifts.columns')} />
      <Alert>{error ? errorMessage(t, error) : null}</Alert>
      <CsvImportActions csv={csv} busy={busy} canApply={canApply} start={start} />
      {!canApply && !report ? <p className="hint">{t('import.apply_hint')}</p> : null}
      {report ? <ShiftReportView report={report} /> : null}
    </section>
  );
}

function ShiftReportView({ report }: { report: ShiftReport }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="shift-report-h" data-testid="shift-report">
      <h3 id="shift-report-h">{report.applied ? t('import.applied_title') : t('import.dry_run_title')}</h3>
      <ul className="counts">
        <li>{t('shifts.count_people', { n: report.people })}</li>
        <li>{t('shifts.count_dates', { n: report.dates })}</li>
        <li>{t('import.count_errors', { n: report.errors.length })}</li>
      </ul>
      {report.errors.length ? (
        <ul className="import-errors" role="alert">
          {report.errors.map((e, i) => (
            <li key={i}>
              {/* an unknown person is reported without a line */}
              {e.line > 0 ? t('import.error_line', { line: e.line, field: e.field || '—' }) : t('shifts.error_person', { field: e.field || '—' })}{' '}
              <span>{reasonMessage(t, e.reason, e.params ?? {}, e.field) ?? <bdi>{e.message}</bdi>}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
