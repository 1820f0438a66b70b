import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { CustomField, Role } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { PersonPicker } from './PersonPicker';
import type { PersonFormState } from './personForm';

type Errors = Partial<Record<string, string>>;

/**
 * Create/edit form with every Person field. The caller does the request in `onSubmit`; an error it
 * throws is shown next to the field the server named, and what was typed stays.
 */
export function PersonForm({
  initial,
  submitLabel,
  onSubmit,
  personId,
  canGrantAdmin,
  isOwner,
}: {
  initial: PersonFormState;
  submitLabel: string;
  onSubmit: (f: PersonFormState) => Promise<void>;
  personId?: string;
  canGrantAdmin: boolean;
  isOwner?: boolean;
}) {
  const { t, lang } = useI18n();
  const [f, setF] = useState<PersonFormState>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [defs, setDefs] = useState<CustomField[]>([]);

  useEffect(() => {
    api.customFields().then((r) => setDefs(r.items)).catch(() => setDefs([]));
  }, []);

  function set<K extends keyof PersonFormState>(k: K, v: PersonFormState[K]) {
    setF((prev) => ({ ...prev, [k]: v }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Errors = {};
    if (!f.name.trim()) errs.name = t('validation.required');
    if (f.email.trim() && !/^\S+@\S+\.\S+$/.test(f.email.trim())) errs.email = t('validation.email');
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await onSubmit(f);
    } catch (err) {
      const field = errorField(err);
      const msg = errorMessage(t, err);
      const known = field && (field in f || field.startsWith('custom') || field === 'manager_id');
      if (known) setErrors({ [field === 'manager_id' ? 'manager' : field!]: msg });
      else setFormError(msg);
    } finally {
      setBusy(false);
    }
  }

  const customKeys = [...defs.map((d) => d.key), ...Object.keys(f.custom).filter((k) => !defs.some((d) => d.key === k))];
  const roles: Role[] = isOwner ? ['owner'] : canGrantAdmin ? ['member', 'manager', 'admin'] : ['member', 'manager'];
  if (!roles.includes(f.role) && f.role !== 'external') roles.push(f.role);

  return (
    <form onSubmit={submit} noValidate className="person-form">
      <Alert>{formError}</Alert>
      <TextField label={t('person.name')} value={f.name} onChange={(e) => set('name', e.target.value)} error={errors.name} required dir="auto" />
      <TextField label={t('person.name_latin')} value={f.name_latin} onChange={(e) => set('name_latin', e.target.value)} error={errors.name_latin} dir="ltr" />
      <TextField label={t('person.job_title')} value={f.job_title} onChange={(e) => set('job_title', e.target.value)} error={errors.job_title} dir="auto" />
      <TextField label={t('person.department')} value={f.department} onChange={(e) => set('department', e.target.value)} error={errors.department} dir="auto" />
      <TextField label={t('person.location')} value={f.location} onChange={(e) => set('location', e.target.value)} error={errors.location} dir="auto" />
      <PersonPicker label={t('person.manager')} value={f.manager} onChange={(m) => set('manager', m)} excludeId={personId} error={errors.manager} />
      <TextField label={t('person.employee_id')} value={f.employee_id} onChange={(e) => set('employee_id', e.target.value)} error={errors.employee_id} dir="ltr" />
      <TextField label={t('person.phone')} type="tel" value={f.phone} onChange={(e) => set('phone', e.target.value)} error={errors.phone} dir="ltr" />
      <TextField label={t('person.email')} type="email" value={f.email} onChange={(e) => set('email', e.target.value)} error={errors.email} dir="ltr" />
      <SelectField label={t('person.kind')} value={f.kind} onChange={(e) => set('kind', e.target.value === 'external' ? 'external' : 'employee')} disabled={isOwner}>
        <option value="employee">{t('kind.employee')}</option>
        <option value="external">{t('kind.external')}</option>
      </SelectField>
      {f.kind === 'external' ? (
        <TextField label={t('person.company')} value={f.company} onChange={(e) => set('company', e.target.value)} error={errors.company} dir="auto" />
      ) : (
        <SelectField label={t('person.role')} value={f.role} onChange={(e) => set('role', e.target.value as Role)} error={errors.role} disabled={isOwner}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField label={t('person.tags')} hint={t('person.tags_hint')} value={f.tags} onChange={(e) => set('tags', e.target.value)} error={errors.tags} dir="auto" />
      {customKeys.length ? (
        <fieldset>
          <legend>{t('person.custom_fields')}</legend>
          {customKeys.map((k) => {
            const d = defs.find((x) => x.key === k);
            const label = (lang === 'ar' ? d?.label_ar || d?.label_en : d?.label_en || d?.label_ar) || k;
            return (
              <TextField
                key={k}
                label={label}
                value={f.custom[k] ?? ''}
                onChange={(e) => set('custom', { ...f.custom, [k]: e.target.value })}
                error={errors[`custom.${k}`] ?? (errors.custom && k === customKeys[0] ? errors.custom : undefined)}
                dir="auto"
              />
            );
          })}
        </fieldset>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('common.working') : submitLabel}
      </button>
    </form>
  );
}
