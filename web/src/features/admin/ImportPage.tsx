import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import { importReportSchema, type ImportReport } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert, TextAreaField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { AdminNav } from './AdminNav';

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
                {t('import.error_line', { line: e.line, field: e.field || '—' })} <span dir="auto">{e.message}</span>
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

export function ImportPage() {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  /** The exact text the last clean dry run checked; Apply is allowed only for that text. */
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onFile(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    setFileName(file.name);
    setReport(null);
    setChecked(null);
  }

  async function run(mode: 'dry-run' | 'apply') {
    setBusy(true);
    setError(null);
    try {
      const r = await api.importPeople(csv, mode);
      setReport(r);
      setChecked(mode === 'dry-run' && r.errors.length === 0 ? csv : null);
    } catch (e) {
      // an import with errors answers 400 with the same report
      const parsed = e instanceof ApiError ? importReportSchema.safeParse(e.body) : null;
      if (parsed?.success) {
        setReport(parsed.data);
        setChecked(null);
      } else setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  const canApply = checked !== null && checked === csv && !busy;

  return (
    <section>
      <AdminNav />
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <div className="field">
        <label htmlFor="csv-file">{t('import.file')}</label>
        <input id="csv-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} />
        {fileName ? <p className="hint">{t('import.file_loaded', { name: fileName })}</p> : null}
      </div>
      <TextAreaField
        label={t('import.paste')}
        value={csv}
        onChange={(e) => {
          setCsv(e.target.value);
          setFileName(null);
        }}
        rows={8}
        dir="auto"
        spellCheck={false}
        hint={t('import.columns')}
      />
      <Alert>{error}</Alert>
      <div className="actions">
        <button type="button" className="btn" disabled={busy || !csv.trim()} onClick={() => run('dry-run')}>
          {t('import.dry_run')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!canApply} onClick={() => run('apply')}>
          {t('import.apply')}
        </button>
        <a className="btn btn-ghost" href="/api/v1/people/export" download="people.csv">
          {t('admin.export')}
        </a>
      </div>
      {!canApply && !report ? <p className="hint">{t('import.apply_hint')}</p> : null}
      {report ? <ReportView report={report} /> : null}
    </section>
  );
}
