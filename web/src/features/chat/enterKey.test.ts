import { describe, expect, it } from 'vitest';
import { defaultEnterSends, enterAction } from './enterKey';

const enter = { key: 'Enter', shiftKey: false };

describe('enterAction', () => {
  it('on a desktop: Enter sends, Shift+Enter makes a new line', () => {
    expect(enterAction(enter, true)).toBe('send');
    expect(enterAction({ ...enter, shiftKey: true }, true)).toBe('native');
  });
  it('on a phone: Enter makes a new line (the send button sends), Ctrl/Cmd+Enter still sends', () => {
    expect(enterAction(enter, false)).toBe('native');
    expect(enterAction({ ...enter, shiftKey: true }, false)).toBe('native');
    expect(enterAction({ ...enter, ctrlKey: true }, false)).toBe('send');
    expect(enterAction({ ...enter, metaKey: true }, false)).toBe('send');
  });
  it('never sends while an input method is composing a word', () => {
    expect(enterAction({ ...enter, isComposing: true }, true)).toBe('native');
    expect(enterAction({ ...enter, keyCode: 229 }, true)).toBe('native');
    expect(enterAction({ ...enter, isComposing: true, ctrlKey: true }, false)).toBe('native');
  });
  it('leaves other keys alone', () => {
    expect(enterAction({ key: 'a', shiftKey: false }, true)).toBe('native');
  });
});

describe('defaultEnterSends', () => {
  const device = (media: string[]) => (q: string) => media.includes(q);
  it('sends on Enter with a mouse, not on a touch screen', () => {
    expect(defaultEnterSends(device([]))).toBe(true);
    expect(defaultEnterSends(device(['(pointer: coarse)', '(hover: none)']))).toBe(false);
    expect(defaultEnterSends(device(['(hover: none)']))).toBe(false);
  });
});
