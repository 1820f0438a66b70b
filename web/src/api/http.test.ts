import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, onUnauthenticated, parseError, parseRetryAfter, request, setCsrfToken, setFetcher } from './http';

describe('parseError', () => {
  it('reads code, message and field from the documented error body', () => {
    const e = parseError(400, JSON.stringify({ error: { code: 'invalid_argument', message: 'email is taken', field: 'email' } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toBe('email is taken');
    expect(e.field).toBe('email');
  });

  it('derives a code from the status when the body is not JSON', () => {
    expect(parseError(502, '<html>Bad gateway</html>').code).toBe('internal');
    expect(parseError(410, '').code).toBe('gone');
    expect(parseError(503, '').code).toBe('unavailable');
    expect(parseError(418, 'teapot').code).toBe('bad_response');
  });

  it('keeps Retry-After for rate limiting', () => {
    const e = parseError(429, JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), '120');
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfter).toBe(120);
  });

  it('keeps the whole body (import reports ride on a 400)', () => {
    const body = { error: { code: 'invalid_argument', message: 'x' }, errors: [{ line: 3 }] };
    expect(parseError(400, JSON.stringify(body)).body).toEqual(body);
  });
});

describe('parseRetryAfter', () => {
  it('accepts seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('request', () => {
  afterEach(() => {
    setCsrfToken(null);
    onUnauthenticated(null);
  });

  function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
    return vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json', ...headers },
      }),
    );
  }

  it('sends the CSRF token on writes but not on reads, with same-origin credentials', async () => {
    const f = respond(200, { ok: true });
    setFetcher(f as unknown as typeof fetch);
    setCsrfToken('tok-1');
    await request('GET', '/me');
    await request('POST', '/people', { json: { name: 'x' } });
    const [getUrl, getInit] = f.mock.calls[0];
    const [postUrl, postInit] = f.mock.calls[1];
    expect(getUrl).toBe('/api/v1/me');
    expect((getInit!.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect(getInit!.credentials).toBe('same-origin');
    expect(postUrl).toBe('/api/v1/people');
    expect((postInit!.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-1');
    expect(postInit!.body).toBe('{"name":"x"}');
  });

  it('drops empty query values', async () => {
    const f = respond(200, { items: [], next_cursor: null });
    setFetcher(f as unknown as typeof fetch);
    await request('GET', '/people', { query: { q: 'احمد', department: '', cursor: null, limit: 30 } });
    expect(f.mock.calls[0][0]).toBe('/api/v1/people?q=%D8%A7%D8%AD%D9%85%D8%AF&limit=30');
  });

  it('calls the 401 handler once, except where 401 is an expected answer', async () => {
    const handler = vi.fn();
    onUnauthenticated(handler);
    setFetcher(respond(401, { error: { code: 'unauthenticated', message: 'no' } }) as unknown as typeof fetch);
    await expect(request('GET', '/people')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(request('POST', '/auth/sign-in', { json: {}, expectUnauthenticated: true })).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('rejects a response that does not match the schema', async () => {
    setFetcher(respond(200, { needed: 'yes' }) as unknown as typeof fetch);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(request('GET', '/setup', { schema: z.object({ needed: z.boolean() }) })).rejects.toMatchObject({ code: 'bad_response' });
    spy.mockRestore();
  });

  it('turns a failed fetch into a network error', async () => {
    setFetcher((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    await expect(request('GET', '/me')).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
