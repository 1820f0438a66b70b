import { describe, expect, it } from 'vitest';
import { newClientId } from './clientId';

describe('newClientId', () => {
  it('is accepted by the server: 1 to 64 letters, digits, - or _', () => {
    expect(newClientId()).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('sorts as text in the order the ids were made, across a change in digit count', () => {
    const times = [35, 36, 1_000, 1_700_000_000_000, 1_700_000_000_001, 4_000_000_000_000];
    const ids = times.map((t) => newClientId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newClientId(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
