import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { setCsrfToken } from '../../api/http';
import { afterAuth } from '../../state/boot';
import { setLanguage, useI18n, type Lang } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { validatePassword } from '../auth/validation';
import { CountrySelect } from '../account/CountrySelect';

type Fields = 'organization_name' | 'name' | 'email' | 'password' | 'password_confirm' | 'phone' | 'name_latin';

export function SetupPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [orgName, setOrgName] = useState('');
  const [defaultLang, setDefaultLang] = useState<Lang>(lang);
  const [region, setRegion] = useState('');
  const [name, setName] = useState('');
  const [nameLatin, setNameLatin] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function onLanguage(v: string) {
    const l: Lang = v === 'ar' ? 'ar' : 'en';
    setDefaultLang(l);
    setLanguage(l); // show the form in the language being chosen
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errs: Partial<Record<Fields, string>> = {};
    if (!orgName.trim()) errs.organization_name = t('validation.required');
    if (!name.trim()) errs.name = t('validation.required');
    if (!email.trim()) errs.email = t('validation.required');
    else if (!/^\S+@\S+\.\S+$/.test(email.trim())) errs.email = t('validation.email');
    const pw = validatePassword(password);
    if (pw) errs.password = t(pw);
    if (password !== confirm) errs.password_confirm = t('validation.password_mismatch');
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const res = await api.setup({
        organization_name: orgName.trim(),
        default_language: defaultLang,
        owner: {
          name: name.trim(),
          ...(nameLatin.trim() ? { name_latin: nameLatin.trim() } : {}),
          email: email.trim(),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
          password,
        },
      });
      // Setup does not take the country; the organization exists now, so set it as its owner
      // before the app loads it (signed in, this page is left at once). A failure must not undo
      // a finished setup: the country can be chosen again in Settings.
      if (region) {
        setCsrfToken(res.csrf_token ?? null);
        await api.updateOrganization({ phone_region: region }).catch(() => undefined);
      }
      await afterAuth(res);
      navigate('/', { replace: true });
    } catch (err) {
      const f = errorField(err);
      const msg = errorMessage(t, err);
      const key = f === 'organization_name' ? 'organization_name' : (f as Fields | null);
      if (key && ['organization_name', 'name', 'email', 'password', 'phone', 'name_latin'].includes(key)) {
        setErrors({ [key]: msg });
      } else {
        setFormError(msg);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h1>{t('setup.title')}</h1>
      <p className="lead">{t('setup.intro')}</p>
      <form onSubmit={onSubmit} noValidate>
        <Alert>{formError}</Alert>
        <fieldset>
          <legend>{t('setup.organization')}</legend>
          <TextField
            label={t('setup.organization_name')}
            value={orgName}
            onChange={(e) => setOrgName(e.target.value)}
            error={errors.organization_name}
            required
            autoComplete="organization"
          />
          <SelectField
            label={t('setup.default_language')}
            value={defaultLang}
            onChange={(e) => onLanguage(e.target.value)}
          >
            <option value="ar" lang="ar">العربية</option>
            <option value="en" lang="en">English</option>
          </SelectField>
          <CountrySelect value={region} onChange={setRegion} />
        </fieldset>
        <fieldset>
          <legend>{t('setup.owner')}</legend>
          <TextField label={t('person.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required autoComplete="name" />
          <TextField
            label={t('person.name_latin_optional')}
            value={nameLatin}
            onChange={(e) => setNameLatin(e.target.value)}
            error={errors.name_latin}
            dir="ltr"
          />
          <TextField
            label={t('person.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            required
            autoComplete="email"
            dir="ltr"
          />
          <TextField
            label={t('person.phone_optional')}
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            error={errors.phone}
            autoComplete="tel"
            dir="ltr"
          />
          <TextField
            label={t('auth.password')}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            hint={t('auth.password_hint')}
            required
            autoComplete="new-password"
          />
          <TextField
            label={t('auth.password_confirm')}
            type="password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors.password_confirm}
            required
            autoComplete="new-password"
          />
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('setup.submit')}
        </button>
      </form>
    </section>
  );
}
