import { describe, expect, it } from 'vitest';
import { chooseLanding } from './landing';

describe('chooseLanding', () => {
  it('sends a person with something to catch up on to the catch-up screen', () => {
    expect(chooseLanding('/', 2)).toBe('/catch-up');
  });
  it('keeps the usual start when nothing is pending', () => {
    expect(chooseLanding('/', 0)).toBe('/');
  });
  it('lets a link the person followed win', () => {
    expect(chooseLanding('/chats/c_1', 3)).toBe('/chats/c_1');
  });
});
