import { useMemo } from 'react';
import { api } from '../../api/client';
import { importReportSchema, type ImportReport } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage, fieldLabel, reasonMessage } from '../../components/errors';
import { CsvImportActions, CsvSource } from '../../components/CsvSource';
import { useCsvImport } from '../../components/useCsvImport';
import { sessionStore } from '../../state/session';
import { useStore } from '../../state/useStore';
import { AdminNav } from './AdminNav';
import { BulkInvite } from './BulkInvite';

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="report-h">
      <h2 id="report-h">{report.applied ? t('import.applied_title') : t('import.dry_run_title')}</h2>
      <ul className="counts">
        <li>{t('import.count_created', { n: report.created.length })}</li>
        <li>{t('import.count_updated', { n: report.updated.length })}</li>
        <li>{t('import.count_deactivated', { n: report.deactivated.length })}</li>
        <li>{t('import.count_unchanged', { n: report.unchanged })}</li>
        <li>{t('import.count_errors', { n: report.errors.length })}</li>
      </ul>
      {report.errors.length ? (
        <>
          <h3>{t('import.errors')}</h3>
          <ul className="import-errors" role="alert">
            {report.errors.map((e, i) => (
              <li key={i}>
                {t('import.error_line', { line: e.line, field: e.field ? fieldLabel(t, e.field) : '—' })}{' '}
                <span>{reasonMessage(t, e.reason, e.params ?? {}, e.field) ?? <bdi>{e.message}</bdi>}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.created.length ? (
        <>
          <h3>{t('import.created')}</h3>
          <ul>
            {report.created.map((c) => (
              <li key={c.line}>
                {t('import.line', { line: c.line })} <bdi>{c.name}</bdi> {c.employee_id || c.email ? <span dir="ltr">({c.employee_id || c.email})</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.updated.length ? (
        <>
          <h3>{t('import.updated')}</h3>
          <ul>
            {report.updated.map((c) => (
              <li key={c.line}>
                {t('import.line', { line: c.line })} <bdi>{c.name}</bdi>: {(c.changes ?? []).map((k) => t(`person.${k}`)).join('، ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.deactivated.length ? (
        <>
          <h3>{t('import.deactivated')}</h3>
          <ul>
            {report.deactivated.map((c) => (
              <li key={c.line}>
                {t('import.line', { line: c.line })} <bdi>{c.name}</bdi>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

let reports = 0;

export function ImportPage() {
  const { t } = useI18n();
  const { csv, setCsv, report, error, busy, start, canApply } = useCsvImport(api.importPeople, importReportSchema);
  const session = useStore(sessionStore);
  // each report starts its own invitation round (a new apply must not show the last one's links)
  const reportKey = useMemo(() => (report ? ++reports : 0), [report]);

  return (
    <section>
      {/* printing the QR sheet prints only the cards */}
      <div className="no-print">
        <AdminNav />
        <h1>{t('import.title')}</h1>
        <p>{t('import.intro')}</p>
        <CsvSource value={csv} onChange={setCsv} hint={t('import.columns')} />
        <Alert>{error ? errorMessage(t, error) : null}</Alert>
        <CsvImportActions csv={csv} busy={busy} canApply={canApply} start={start}>
          <a className="btn btn-ghost" href="/api/v1/people/export" download="people.csv">
            {t('admin.export')}
          </a>
        </CsvImportActions>
        {!canApply && !report ? <p className="hint">{t('import.apply_hint')}</p> : null}
        {report ? <ReportView report={report} /> : null}
      </div>
      {report?.applied && report.created.length ? (
        <BulkInvite key={reportKey} created={report.created} organization={session.status === 'signedIn' ? session.org.name : ''} />
      ) : null}
    </section>
  );
}
