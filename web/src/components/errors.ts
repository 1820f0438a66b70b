import { ApiError } from '../api/http';
import type { TFn } from '../i18n';

/** A localized, human message for any error thrown by the API layer. */
export function errorMessage(t: TFn, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'rate_limited') {
      if (err.retryAfter && err.retryAfter > 0) {
        const minutes = Math.max(1, Math.ceil(err.retryAfter / 60));
        return t('error.rate_limited_wait', { minutes });
      }
      return t('error.rate_limited');
    }
    const why = reasonMessage(t, err.reason, err.params, err.field);
    if (why) return why;
    const msg = codeMessage(t, err.code);
    // invalid_argument and conflict carry specific server detail worth showing: in English as the
    // server said it, in Arabic as the field it concerns (the English text stays for API clients).
    if (msg !== t('error.unknown') && (err.code === 'invalid_argument' || err.code === 'conflict')) {
      if (lang(t) === 'en' && err.message && err.message !== err.code) return `${msg} ${t('error.detail', { detail: err.message })}`;
      if (err.field) return `${msg} ${t('error.detail', { detail: fieldLabel(t, err.field) })}`;
    }
    return msg;
  }
  return t('error.unknown');
}

/** The language the dictionary behind `t` speaks (its own name for English). */
function lang(t: TFn): 'en' | 'ar' {
  return t('lang.code') === 'ar' ? 'ar' : 'en';
}

/** A field's name as the forms show it ("owner.email" -> "Email"), or the raw name isolated. */
export function fieldLabel(t: TFn, field: string): string {
  const name = field.replace(/^owner\./, '').replace(/^custom\..*/, 'custom');
  for (const key of [`person.${name}`, `field.${name}`]) {
    const label = t(key);
    if (label !== key) return label;
  }
  return `\u2068${field}\u2069`; // first-strong isolate: a Latin name keeps its place in Arabic text
}

/**
 * The server's reason (Error::reason) in the reader's language, with its params and the field's
 * label; null when this app does not know the reason (older app, newer server).
 */
export function reasonMessage(t: TFn, reason: string | null | undefined, params: Record<string, string> = {}, field?: string | null): string | null {
  if (!reason) return null;
  const key = `error.reason.${reason}`;
  const isolated = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, /^\d+$/.test(v) ? v : `\u2068${v}\u2069`]));
  const msg = t(key, { ...isolated, field: field ? fieldLabel(t, field) : '' });
  return msg === key ? null : msg;
}

/** The localized message for an error code alone (a failed send keeps only its code). */
export function codeMessage(t: TFn, code: string): string {
  const key = `error.${code}`;
  const msg = t(key);
  return msg === key ? t('error.unknown') : msg;
}

/** Which form field an error belongs to, if the server said so. */
export function errorField(err: unknown): string | null {
  if (err instanceof ApiError && err.field) {
    // "owner.email" -> "email"; "custom.blood_type" stays as is
    return err.field.startsWith('owner.') ? err.field.slice(6) : err.field;
  }
  return null;
}

/** Refusals of the request itself (its content, size or rights), which a retry would only meet again. */
const REFUSALS = new Set(['invalid_argument', 'permission_denied', 'not_found', 'payload_too_large', 'unsupported_media_type']);

export function retryCannotHelp(code: string | undefined): boolean {
  return code !== undefined && REFUSALS.has(code);
}
