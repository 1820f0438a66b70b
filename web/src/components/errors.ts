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
    const msg = codeMessage(t, err.code);
    // invalid_argument and conflict carry specific server detail worth showing.
    if (msg !== t('error.unknown') && (err.code === 'invalid_argument' || err.code === 'conflict') && err.message && err.message !== err.code) {
      return `${msg} ${t('error.detail', { detail: err.message })}`;
    }
    return msg;
  }
  return t('error.unknown');
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
