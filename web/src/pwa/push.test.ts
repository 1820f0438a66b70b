import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, subscriptionBody } from './push';

describe('push subscription helpers', () => {
  it('decodes the server key from base64url (no padding, - and _)', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + 251) % 256); // a P-256 public key is 65 bytes
    const base64url = Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(base64url).toMatch(/[-_]/);
    expect([...base64UrlToBytes(base64url)]).toEqual([...bytes]);
  });

  it('sends the server the endpoint and both keys, and refuses an incomplete subscription', () => {
    const json = { endpoint: 'https://push.example/abc', expirationTime: null, keys: { p256dh: 'BPk', auth: 'au' } };
    expect(subscriptionBody(json)).toEqual({ endpoint: 'https://push.example/abc', keys: { p256dh: 'BPk', auth: 'au' } });
    expect(() => subscriptionBody({ endpoint: 'https://push.example/abc' })).toThrow();
  });
});
