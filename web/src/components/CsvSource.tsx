import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { TextAreaField } from './Field';

/** A CSV to import: picked as a file or pasted. `onChange` says whether it came from a file. */
export function CsvSource({ value, onChange, hint }: { value: string; onChange: (text: string, fromFile: boolean) => void; hint?: string }) {
  const { t } = useI18n();
  const id = useId();
  const [fileName, setFileName] = useState<string | null>(null);

  async function onFile(file: File | undefined) {
    if (!file) return;
    onChange(await file.text(), true);
    setFileName(file.name);
  }

  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('import.file')}</label>
        <input id={`${id}-file`} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} />
        {fileName ? <p className="hint">{t('import.file_loaded', { name: fileName })}</p> : null}
      </div>
      <TextAreaField
        label={t('import.paste')}
        value={value}
        onChange={(e) => {
          onChange(e.target.value, false);
          setFileName(null);
        }}
        rows={8}
        dir="auto"
        spellCheck={false}
        hint={hint}
      />
    </>
  );
}

/** A dry run, then applying what it checked; `children` adds buttons of the screen's own. */
export function CsvImportActions({
  csv,
  busy,
  canApply,
  start,
  children,
}: {
  csv: string;
  busy: boolean;
  canApply: boolean;
  start: (mode: 'dry-run' | 'apply') => Promise<unknown> | void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="button" className="btn" disabled={busy || !csv.trim()} onClick={() => void start('dry-run')}>
        {t('import.dry_run')}
      </button>
      <button type="button" className="btn btn-primary" disabled={!canApply} onClick={() => void start('apply')}>
        {t('import.apply')}
      </button>
      {children}
    </div>
  );
}
