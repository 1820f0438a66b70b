import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { CustomField, VisibilityLevel } from '../../api/schemas';
import { useI18n, type Lang } from '../../i18n';
import { updateOrg } from '../../state/session';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { AdminNav } from './AdminNav';
import { CountrySelect } from '../account/CountrySelect';

const VIS_FIELDS = ['phone', 'email', 'employee_id', 'location', 'department', 'job_title', 'manager', 'tags'];
const LEVELS: VisibilityLevel[] = ['everyone', 'managers', 'admins'];

function OrgSection() {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [lang, setLang] = useState<Lang>('en');
  const [region, setRegion] = useState('');
  // as loaded: the region is sent only when changed (a change re-reads every stored number)
  const [savedRegion, setSavedRegion] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [regionError, setRegionError] = useState<string | null>(null);

  useEffect(() => {
    api.organization().then((o) => {
      setName(o.name);
      setLang(o.default_language);
      setRegion(o.phone_region ?? '');
      setSavedRegion(o.phone_region ?? '');
      setLoaded(true);
    }).catch((e) => setMsg({ kind: 'error', text: errorMessage(t, e) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMsg(null);
    setNameError(null);
    setRegionError(null);
    if (!name.trim()) {
      setNameError(t('validation.required'));
      return;
    }
    try {
      await api.updateOrganization({ name: name.trim(), default_language: lang, ...(region !== savedRegion ? { phone_region: region } : {}) });
      const org = await api.organization();
      updateOrg(org);
      setSavedRegion(org.phone_region ?? '');
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      if (errorField(err) === 'phone_region') setRegionError(errorMessage(t, err));
      else setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section className="card" aria-labelledby="org-h">
      <h2 id="org-h">{t('settings.organization')}</h2>
      <form onSubmit={save} noValidate>
        <TextField label={t('setup.organization_name')} value={name} onChange={(e) => setName(e.target.value)} error={nameError} disabled={!loaded} dir="auto" />
        <SelectField label={t('setup.default_language')} value={lang} onChange={(e) => setLang(e.target.value === 'ar' ? 'ar' : 'en')} disabled={!loaded}>
          <option value="ar" lang="ar">العربية</option>
          <option value="en" lang="en">English</option>
        </SelectField>
        <CountrySelect value={region} onChange={setRegion} error={regionError} disabled={!loaded} />
        {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        <button type="submit" className="btn btn-primary" disabled={!loaded}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

function VisibilitySection() {
  const { t } = useI18n();
  const [fields, setFields] = useState<Record<string, VisibilityLevel> | null>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    api.fieldVisibility().then((r) => setFields(r.fields)).catch((e) => setMsg({ kind: 'error', text: errorMessage(t, e) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!fields) return;
    setMsg(null);
    try {
      const r = await api.setFieldVisibility(fields);
      setFields(r.fields);
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  const keys = fields ? [...VIS_FIELDS.filter((k) => k in fields), ...Object.keys(fields).filter((k) => !VIS_FIELDS.includes(k))] : [];
  return (
    <section className="card" aria-labelledby="vis-h">
      <h2 id="vis-h">{t('settings.visibility')}</h2>
      <p className="hint">{t('settings.visibility_intro')}</p>
      {fields ? (
        <form onSubmit={save}>
          <div className="grid-2">
            {keys.map((k) => (
              <SelectField key={k} label={t(`person.${k}`)} value={fields[k]} onChange={(e) => setFields({ ...fields, [k]: e.target.value as VisibilityLevel })}>
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`visibility.${l}`)}
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
          {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </form>
      ) : msg ? (
        <Alert kind={msg.kind}>{msg.text}</Alert>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </section>
  );
}

function CustomFieldsSection() {
  const { t } = useI18n();
  const [items, setItems] = useState<CustomField[] | null>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [keyErrors, setKeyErrors] = useState<Record<number, string>>({});

  useEffect(() => {
    api.customFields().then((r) => setItems(r.items)).catch((e) => setMsg({ kind: 'error', text: errorMessage(t, e) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function update(i: number, patch: Partial<CustomField>) {
    setItems((prev) => prev!.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!items) return;
    setMsg(null);
    const errs: Record<number, string> = {};
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (!/^[a-z][a-z0-9_]{0,31}$/.test(it.key)) errs[i] = t('settings.key_invalid');
      else if (seen.has(it.key)) errs[i] = t('settings.key_duplicate');
      seen.add(it.key);
    });
    setKeyErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      const r = await api.setCustomFields(
        items.map((it) => ({ key: it.key, label_en: it.label_en ?? '', label_ar: it.label_ar ?? '', visibility: it.visibility ?? 'everyone' })),
      );
      setItems(r.items);
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section className="card" aria-labelledby="cf-h">
      <h2 id="cf-h">{t('settings.custom_fields')}</h2>
      {items ? (
        <form onSubmit={save} noValidate>
          {items.length === 0 ? <p className="hint">{t('settings.no_custom_fields')}</p> : null}
          {items.map((it, i) => (
            <fieldset key={i} className="custom-field-row">
              <legend>{t('settings.custom_field_n', { n: i + 1 })}</legend>
              <TextField label={t('settings.key')} value={it.key} onChange={(e) => update(i, { key: e.target.value })} error={keyErrors[i]} dir="ltr" hint={t('settings.key_hint')} />
              <TextField label={t('settings.label_en')} value={it.label_en ?? ''} onChange={(e) => update(i, { label_en: e.target.value })} dir="ltr" lang="en" />
              <TextField label={t('settings.label_ar')} value={it.label_ar ?? ''} onChange={(e) => update(i, { label_ar: e.target.value })} dir="rtl" lang="ar" />
              <SelectField label={t('settings.visibility_level')} value={it.visibility ?? 'everyone'} onChange={(e) => update(i, { visibility: e.target.value as VisibilityLevel })}>
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`visibility.${l}`)}
                  </option>
                ))}
              </SelectField>
              <button type="button" className="btn btn-small" onClick={() => setItems(items.filter((_, j) => j !== i))}>
                {t('settings.remove_field', { n: i + 1 })}
              </button>
            </fieldset>
          ))}
          <div className="actions">
            <button type="button" className="btn" onClick={() => setItems([...items, { key: '', label_en: '', label_ar: '', visibility: 'everyone' }])}>
              {t('settings.add_field')}
            </button>
            <button type="submit" className="btn btn-primary">
              {t('common.save')}
            </button>
          </div>
          {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        </form>
      ) : msg ? (
        <Alert kind={msg.kind}>{msg.text}</Alert>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </section>
  );
}

export function SettingsPage() {
  const { t } = useI18n();
  return (
    <section>
      <AdminNav />
      <h1>{t('settings.title')}</h1>
      <OrgSection />
      <VisibilitySection />
      <CustomFieldsSection />
    </section>
  );
}
