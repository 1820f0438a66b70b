/**
 * The one fetch wrapper. Every call to the server goes through `request`:
 *  - credentials 'same-origin' (the session cookie),
 *  - X-CSRF-Token on every non-GET/HEAD request, from the token that sign-in/setup/accept or /me returned,
 *  - the JSON error body `{"error":{"code","message","field"}}` becomes a typed ApiError,
 *  - a 401 on an authenticated call sends the app to sign-in, here and nowhere else,
 *  - successful bodies are validated with a zod schema.
 */
import type { z } from 'zod';
import { errorBodySchema } from './schemas';

export const API_BASE = '/api/v1';

export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'csrf_failed'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'setup_required'
  | 'password_too_common'
  | 'session_erased'
  | 'internal'
  | 'unavailable'
  | 'network'
  | 'bad_response'
  | (string & {});

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field: string | null;
  /** Why, as a stable word the app translates ("field_required"), with its values. */
  readonly reason: string | null;
  readonly params: Record<string, string>;
  /** Seconds from a Retry-After header (rate_limited), when present. */
  readonly retryAfter: number | null;
  /** The parsed JSON body, when there was one (some errors carry a report, e.g. import). */
  readonly body: unknown;

  constructor(opts: {
    status: number;
    code: ErrorCode;
    message?: string | null;
    field?: string | null;
    reason?: string | null;
    params?: Record<string, string> | null;
    retryAfter?: number | null;
    body?: unknown;
  }) {
    super(opts.message || opts.code);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.field = opts.field ?? null;
    this.reason = opts.reason ?? null;
    this.params = opts.params ?? {};
    this.retryAfter = opts.retryAfter ?? null;
    this.body = opts.body;
  }
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Parses a Retry-After header value (delta-seconds or an HTTP date) into seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Turns an error response into an ApiError. Pure: takes the status, the body text and the
 * Retry-After header, so it is testable without fetch. A body that is not the documented shape
 * still yields a code derived from the status.
 */
export function parseError(status: number, bodyText: string, retryAfterHeader: string | null = null): ApiError {
  let body: unknown = undefined;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  const retryAfter = parseRetryAfter(retryAfterHeader);
  if (parsed.success) {
    const e = parsed.data.error;
    return new ApiError({ status, code: e.code, message: e.message, field: e.field, reason: e.reason, params: e.params, retryAfter, body });
  }
  const code: ErrorCode = STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'bad_response');
  return new ApiError({ status, code, message: null, retryAfter, body });
}

// --- session-wide state of the wrapper -------------------------------------------------------

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}
export function getCsrfToken(): string | null {
  return csrfToken;
}
/** The app registers what to do on 401 (clear the session and go to sign-in). */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

export type Query = Record<string, string | number | null | undefined>;

export function buildUrl(path: string, query?: Query): string {
  let url = path.startsWith('/api/') ? path : API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

export interface RequestOptions<S extends z.ZodTypeAny | undefined> {
  query?: Query;
  /** JSON body (serialized) or a string body with `contentType`. */
  json?: unknown;
  text?: string;
  contentType?: string;
  schema?: S;
  signal?: AbortSignal;
  /**
   * A 401 from this call is an expected answer (wrong password, probing /me) and must not
   * redirect to sign-in.
   */
  expectUnauthenticated?: boolean;
}

export type Fetcher = typeof fetch;
let fetcher: Fetcher = (...args) => fetch(...args);
/** For tests. */
export function setFetcher(f: Fetcher): void {
  fetcher = f;
}

export async function request<S extends z.ZodTypeAny | undefined = undefined>(
  method: string,
  path: string,
  opts: RequestOptions<S> = {},
): Promise<S extends z.ZodTypeAny ? z.infer<S> : unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'text/plain; charset=utf-8';
    body = opts.text;
  }
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetcher(buildUrl(path, opts.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network', message: String(e) });
  }

  if (!res.ok) {
    const text = await res.text().catch(() => '');
    const err = parseError(res.status, text, res.headers.get('Retry-After'));
    if (res.status === 401 && !opts.expectUnauthenticated && unauthenticatedHandler) unauthenticatedHandler();
    throw err;
  }
  if (res.status === 204) return undefined as never;
  const ct = res.headers.get('Content-Type') ?? '';
  if (!ct.includes('json')) return (await res.text()) as never;
  const data: unknown = await res.json().catch(() => {
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'invalid JSON' });
  });
  if (!opts.schema) return data as never;
  const parsed = opts.schema.safeParse(data);
  if (!parsed.success) {
    console.error('Unexpected response from', path, parsed.error);
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'unexpected response', body: data });
  }
  return parsed.data as never;
}
