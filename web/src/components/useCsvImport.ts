import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from '../api/http';

type Mode = 'dry-run' | 'apply';

/**
 * A CSV import checked by a dry run first: Apply is offered only for the exact text the last clean
 * dry run checked. A refused apply (400) carries the same report, which is shown like a dry run's.
 */
export function useCsvImport<R extends { errors: unknown[] }>(run: (csv: string, mode: Mode) => Promise<R>, reportSchema: z.ZodType<R>) {
  const [csv, setCsvText] = useState('');
  const [report, setReport] = useState<R | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  function setCsv(text: string, fromFile: boolean) {
    setCsvText(text);
    // a new file is a new import: the old report is about something else
    if (fromFile) {
      setReport(null);
      setChecked(null);
    }
  }

  async function start(mode: Mode) {
    setBusy(true);
    setError(null);
    try {
      const r = await run(csv, mode);
      setReport(r);
      setChecked(mode === 'dry-run' && r.errors.length === 0 ? csv : null);
    } catch (e) {
      const parsed = e instanceof ApiError ? reportSchema.safeParse(e.body) : null;
      if (parsed?.success) {
        setReport(parsed.data);
        setChecked(null);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  }

  return { csv, setCsv, report, error, busy, start, canApply: checked !== null && checked === csv && !busy };
}
