/**
 * How an audit entry reads to a person: who, what, to whom, and its details as translated
 * "label: value" lines. Pure (a translate function and a language in, strings out) so it can be
 * unit tested; AuditPage wraps what people typed in <bdi>.
 */
import type { AuditEntry } from '../../api/schemas';
import type { Lang, TFn } from '../../i18n';

/** Every action the server records (docs/api/openapi.yaml AuditAction, and the app layer's record_audit calls). */
export const AUDIT_ACTIONS = [
  'setup',
  'person.create',
  'person.update',
  'person.deactivate',
  'person.reactivate',
  'person.invite',
  'person.end_date',
  'person.end_date_refused',
  'person.memberships.restore',
  'people.import',
  'people.export',
  'settings.field_visibility',
  'settings.custom_fields',
  'organization.update',
  'password.reset',
  'password.change',
  'password.reset_link',
  'session.end',
  'session.end_and_erase',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.reset',
  'two_factor.recovery_codes_replaced',
  'two_factor.recovery_code_used',
  'conversation.archive',
  'conversation.unarchive',
  'conversation.history',
  'conversation.owner.transfer',
  'conversation.member.remove',
  'conversation.rule.set',
  'conversation.rule.clear',
  'conversation.exception',
  'message.removed',
  'message.reported',
  'report.resolved',
  'content_rule.created',
  'content_rule.updated',
  'content_rule.deleted',
  'policies.changed',
  'retention.default',
  'retention.conversation',
  'retention.run',
  'legal_hold.set',
  'legal_hold.release',
  'working_hours.set',
  'working_hours.default',
  'working_hours.shifts_imported',
  'compliance_officer.granted',
  'compliance_officer.revoked',
  'compliance.read',
  'compliance.exported',
] as const;

/** `t(key)` when the dictionary has it, else null (t answers a missing key with the key itself). */
function known(t: TFn, key: string, params?: Record<string, string | number>): string | null {
  const s = t(key, params);
  return s === key ? null : s;
}

// First-strong isolates: a raw Latin word keeps its place inside Arabic text that is already one
// string (a joined list cannot hold a <bdi> per item).
const isolate = (s: string) => `\u2068${s}\u2069`;

/** The action in the reader's language; an action this app does not know yet stays readable. */
export function actionLabel(t: TFn, action: string): string {
  return known(t, `action.${action}`) ?? action;
}

export type ActorKind = 'person' | 'cli' | 'system' | 'reporter';

/** Who did it. No actor id: the command line, except for a report (the reporter is left out on
 * purpose, see moderation_service.cpp) and a scheduled job (retention's "system" actor). */
export function actorOf(entry: Pick<AuditEntry, 'actor_id' | 'actor_name' | 'action' | 'details'>): { kind: ActorKind; name?: string } {
  if (entry.actor_id) return { kind: 'person', name: entry.actor_name || entry.actor_id };
  if (entry.action === 'message.reported') return { kind: 'reporter' };
  if (entry.details?.trigger === 'schedule' || entry.actor_name === 'system') return { kind: 'system' };
  return { kind: 'cli' };
}

export function actorLabel(t: TFn, entry: Pick<AuditEntry, 'actor_id' | 'actor_name' | 'action' | 'details'>): { text: string; typed: boolean } {
  const a = actorOf(entry);
  if (a.kind === 'person') return { text: a.name!, typed: true };
  return { text: t(`audit.actor.${a.kind}`), typed: false };
}

/**
 * What it was done to: the name the server gives (a person's or conversation's name now), a
 * department's or location's own name, else the kind of thing in words. `typed` marks text that
 * came from people (to isolate), null when there is nothing to say (an organization-wide change).
 */
export function targetLabel(
  t: TFn,
  entry: Pick<AuditEntry, 'target_type' | 'target_id' | 'target_name'>,
): { text: string; typed: boolean } | null {
  if (entry.target_name) return { text: entry.target_name, typed: true };
  const type = entry.target_type ?? '';
  if ((type === 'department' || type === 'location') && entry.target_id) {
    return { text: t(`audit.target.${type}_named`, { name: isolate(entry.target_id) }), typed: false };
  }
  if (!type) return null;
  return { text: known(t, `audit.target.${type}`) ?? type, typed: !known(t, `audit.target.${type}`) };
}

export interface DetailLine {
  key: string;
  /** The key in the reader's language, or the key itself when this app does not know it. */
  label: string;
  known: boolean;
  value: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export interface AuditFormat {
  t: TFn;
  lang: Lang;
  /** RFC 3339 -> a date and time for people (formatDateTime in the app). */
  dateTime: (iso: string) => string;
}

function listSeparator(lang: Lang): string {
  return lang === 'ar' ? '، ' : ', ';
}

/** A field name of a person ("job_title") as the forms label it. */
export function fieldName(t: TFn, field: string): string {
  return known(t, `person.${field}`) ?? known(t, `field.${field}`) ?? isolate(field);
}

/** Words the server records for a value, translated where this app knows them. */
function enumValue(f: AuditFormat, action: string, key: string, value: string): string | null {
  const candidates = [`audit.value.${key}.${value}`];
  if (key === 'category') candidates.push(`report.category.${value}`);
  if (action.startsWith('content_rule.') && key === 'kind') candidates.push(`rules.kind_${value}`);
  if (action.startsWith('content_rule.') && key === 'action') candidates.push(`rules.action_${value}`);
  for (const c of candidates) {
    const s = known(f.t, c);
    if (s) return s;
  }
  return null;
}

function valueText(f: AuditFormat, action: string, key: string, v: unknown, depth: number): string {
  if (v === null || v === undefined) return f.t('audit.value.none');
  if (typeof v === 'boolean') return f.t(v ? 'audit.value.yes' : 'audit.value.no');
  if (typeof v === 'number') return new Intl.NumberFormat(f.lang).format(v);
  if (typeof v === 'string') {
    if (TIMESTAMP.test(v)) return f.dateTime(v);
    const word = enumValue(f, action, key, v);
    if (word) return word;
    return depth > 0 ? isolate(v) : v;
  }
  if (Array.isArray(v)) {
    if (!v.length) return f.t('audit.value.none');
    // person.update lists the changed columns: say them as the person form does
    const items = key === 'changes' ? v.map((x) => fieldName(f.t, String(x))) : v.map((x) => valueText(f, action, key, x, depth + 1));
    return items.join(listSeparator(f.lang));
  }
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${labelOf(f.t, k).label}: ${valueText(f, action, k, x, depth + 1)}`,
    );
    if (!parts.length) return f.t('audit.value.none');
    const text = parts.join(f.lang === 'ar' ? '؛ ' : '; ');
    return depth > 0 ? `(${text})` : text;
  }
  return String(v);
}

function labelOf(t: TFn, key: string): { label: string; known: boolean } {
  const label = known(t, `audit.detail.${key}`);
  return label ? { label, known: true } : { label: key, known: false };
}

/** The details as lines; known keys first in the order the server wrote them, unknown ones after. */
export function auditDetailLines(f: AuditFormat, entry: Pick<AuditEntry, 'action' | 'details'>): DetailLine[] {
  const details = entry.details ?? {};
  const lines = Object.entries(details).map(([key, v]) => {
    const { label, known: isKnown } = labelOf(f.t, key);
    return { key, label, known: isKnown, value: valueText(f, entry.action, key, v, 0) };
  });
  return [...lines.filter((l) => l.known), ...lines.filter((l) => !l.known)];
}
