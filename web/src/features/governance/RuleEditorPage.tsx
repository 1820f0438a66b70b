import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Conversation, RulePreview, RuleView } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { useDebounced } from '../directory/usePeopleSearch';
import { PersonPicker, type PickedPerson } from '../admin/PersonPicker';
import { chat } from '../../state/boot';
import { ExceptionList } from './ExceptionList';
import {
  emptyCondition,
  emptyForm,
  fromRule,
  managerIds,
  MANAGER_OPS,
  RULE_FIELDS,
  TEXT_OPS,
  toRule,
  type Condition,
  type RuleForm,
} from './ruleForm';

const enc = encodeURIComponent;

/**
 * An admin makes a channel a smart group: conditions over the directory, a live preview of who
 * would be in it (and who would join or leave), then save. Exceptions pin people in or out.
 */
export function RuleEditorPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const [conv, setConv] = useState<Conversation | null>(null);
  const [stored, setStored] = useState<RuleView | null>(null);
  const [form, setForm] = useState<RuleForm | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [suggestions, setSuggestions] = useState<{ department: string[]; location: string[] }>({ department: [], location: [] });
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    Promise.all([api.conversation(id), api.rule(id)])
      .then(([c, r]) => {
        setConv(c);
        chat.upsertConversation(c);
        setStored(r);
        setForm(r.rule ? fromRule(r.rule) : emptyForm());
      })
      .catch(setLoadError);
  useEffect(() => {
    void reload();
    api
      .facets()
      .then((f) => setSuggestions({ department: f.departments.map((d) => d.name), location: f.locations.map((d) => d.name) }))
      .catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  // The managers a stored rule names, by name.
  useEffect(() => {
    if (!form) return;
    for (const pid of managerIds(form))
      if (!(pid in names))
        api
          .person(pid)
          .then((p) => setNames((n) => ({ ...n, [pid]: p.name })))
          .catch(() => undefined);
  }, [form, names]);

  const rule = form ? toRule(form) : null;
  const preview = usePreview(rule, id);

  if (loadError) return <Alert>{errorMessage(t, loadError)}</Alert>;
  if (!conv || !stored) return <p role="status">{t('common.loading')}</p>;
  const smart = stored.rule !== null;

  const setCondition = (i: number, c: Condition) => setForm((f) => f && { ...f, conditions: f.conditions.map((x, j) => (j === i ? c : x)) });

  async function save(next: object | null) {
    setBusy(true);
    setSaveError(null);
    setNotice(null);
    try {
      const done = await api.setRule(id, next);
      setNotice(next ? t('rule.saved', { added: done.added.count, removed: done.removed.count }) : t('rule.cleared'));
      await reload();
    } catch (e) {
      setSaveError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="rule-page" aria-labelledby="rule-h" data-testid="rule-editor">
      <Link to={`/chats/${enc(id)}/info`} className="back-link">
        <span aria-hidden="true" className="flip-rtl">
          ←
        </span>{' '}
        {t('chat.back_to_conversation')}
      </Link>
      <h1 id="rule-h">{t('rule.title')}</h1>
      <p className="hint">
        <bdi>{conv.name}</bdi> · {smart ? t('rule.is_smart') : t('rule.is_manual')}
      </p>
      <p className="hint">{t('rule.explain')}</p>
      {!form ? (
        <>
          <Alert kind="info">{t('rule.too_complex')}</Alert>
          <pre className="rule-json" dir="ltr">
            {JSON.stringify(stored.rule, null, 2)}
          </pre>
          <button type="button" className="btn" onClick={() => setForm(emptyForm())}>
            {t('rule.start_over')}
          </button>
        </>
      ) : (
        <form
          className="rule-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (rule) void save(rule);
          }}
        >
          <SelectField
            label={t('rule.combine')}
            value={form.combine}
            onChange={(e) => setForm({ ...form, combine: e.target.value as 'all' | 'any' })}
          >
            <option value="all">{t('rule.combine_all')}</option>
            <option value="any">{t('rule.combine_any')}</option>
          </SelectField>
          <ol className="rule-conditions">
            {form.conditions.map((c, i) => (
              <li key={i} className="rule-condition" data-testid="rule-condition">
                <ConditionRow
                  n={i + 1}
                  c={c}
                  managerName={names[c.value]}
                  suggestions={c.field === 'department' || c.field === 'location' ? suggestions[c.field] : []}
                  onChange={(next) => setCondition(i, next)}
                  onRemove={form.conditions.length > 1 ? () => setForm({ ...form, conditions: form.conditions.filter((_, j) => j !== i) }) : undefined}
                  onManager={(p) => {
                    if (p) setNames((n) => ({ ...n, [p.id]: p.name }));
                    setCondition(i, { ...c, value: p?.id ?? '' });
                  }}
                />
              </li>
            ))}
          </ol>
          <button type="button" className="btn" onClick={() => setForm({ ...form, conditions: [...form.conditions, emptyCondition()] })}>
            {t('rule.add_condition')}
          </button>
          <PreviewBox preview={preview.value} error={preview.error} pending={!rule} />
          {saveError ? <Alert>{errorMessage(t, saveError)}{errorField(saveError) ? ` (${errorField(saveError)})` : ''}</Alert> : null}
          {notice ? <Alert kind="success">{notice}</Alert> : null}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !rule}>
              {t('rule.save')}
            </button>
            {smart ? (
              <button type="button" className="btn" disabled={busy} onClick={() => void save(null)}>
                {t('rule.clear')}
              </button>
            ) : null}
          </div>
        </form>
      )}
      {smart ? <ExceptionList conversationId={id} exceptions={stored.exceptions} onChanged={reload} /> : null}
    </section>
  );
}

function ConditionRow({
  n,
  c,
  managerName,
  suggestions,
  onChange,
  onRemove,
  onManager,
}: {
  n: number;
  c: Condition;
  managerName?: string;
  suggestions: string[];
  onChange: (c: Condition) => void;
  onRemove?: () => void;
  onManager: (p: PickedPerson | null) => void;
}) {
  const { t } = useI18n();
  const manager = c.field === 'manager';
  const listId = `rule-suggest-${n}`;
  return (
    <fieldset>
      <legend>{t('rule.condition_n', { n })}</legend>
      <SelectField
        label={t('rule.field')}
        value={c.field}
        onChange={(e) => {
          const field = e.target.value;
          const toManager = field === 'manager';
          onChange({ field, op: toManager ? 'under' : manager ? 'is' : c.op, value: toManager === manager ? c.value : '' });
        }}
      >
        {RULE_FIELDS.map((f) => (
          <option key={f} value={f}>
            {t(`rule.field_${f}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('rule.op')} value={c.op} onChange={(e) => onChange({ ...c, op: e.target.value as Condition['op'] })}>
        {(manager ? MANAGER_OPS : TEXT_OPS).map((op) => (
          <option key={op} value={op}>
            {t(`rule.op_${op}`)}
          </option>
        ))}
      </SelectField>
      {manager ? (
        <PersonPicker label={t('rule.manager')} value={c.value ? { id: c.value, name: managerName ?? c.value } : null} onChange={onManager} />
      ) : (
        <>
          <TextField
            label={t('rule.value')}
            hint={c.op === 'in' || c.op === 'not_in' ? t('rule.value_list_hint') : undefined}
            value={c.value}
            dir="auto"
            list={suggestions.length ? listId : undefined}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
          />
          {suggestions.length ? (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          ) : null}
        </>
      )}
      {onRemove ? (
        <button type="button" className="btn btn-small" onClick={onRemove}>
          {t('rule.remove_condition', { n })}
        </button>
      ) : null}
    </fieldset>
  );
}

/** Asks the server what the rule would do, a moment after the last change. */
function usePreview(rule: object | null, conversationId: string) {
  const key = useDebounced(rule ? JSON.stringify(rule) : '', 300);
  const [state, setState] = useState<{ value: RulePreview | null; error: unknown }>({ value: null, error: null });
  useEffect(() => {
    if (!key) {
      setState({ value: null, error: null });
      return;
    }
    const ac = new AbortController();
    api
      .previewRule(JSON.parse(key) as object, conversationId, ac.signal)
      .then((value) => setState({ value, error: null }))
      .catch((error) => {
        if (!ac.signal.aborted) setState({ value: null, error });
      });
    return () => ac.abort();
  }, [key, conversationId]);
  return state;
}

function PreviewBox({ preview, error, pending }: { preview: RulePreview | null; error: unknown; pending: boolean }) {
  const { t } = useI18n();
  const names = (list: { name: string }[], count: number) =>
    list.map((p) => p.name).join(t('common.list_separator')) + (count > list.length ? ` ${t('rule.and_more', { n: count - list.length })}` : '');
  return (
    <div className="rule-preview" aria-live="polite" data-testid="rule-preview">
      <h2>{t('rule.preview')}</h2>
      {pending ? <p className="hint">{t('rule.preview_pending')}</p> : null}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {preview && !pending ? (
        <>
          <p data-testid="preview-members">{t('rule.preview_members', { n: preview.members })}</p>
          <p data-testid="preview-added">
            {t('rule.preview_added', { n: preview.added.count })}
            {preview.added.count ? <bdi>: {names(preview.added.first, preview.added.count)}</bdi> : null}
          </p>
          <p data-testid="preview-removed">
            {t('rule.preview_removed', { n: preview.removed.count })}
            {preview.removed.count ? <bdi>: {names(preview.removed.first, preview.removed.count)}</bdi> : null}
          </p>
        </>
      ) : null}
    </div>
  );
}
