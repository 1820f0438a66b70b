import { describe, expect, it } from 'vitest';
import { channelExists, firstSteps, isDismissed, othersExist, rememberDismissed, showFirstSteps } from './firstSteps';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe("the owner's first steps", () => {
  it('ticks each step from what exists', () => {
    expect(othersExist([{ id: 'owner' }], 'owner')).toBe(false);
    expect(othersExist([{ id: 'owner' }, { id: 'p_2' }], 'owner')).toBe(true);
    expect(channelExists([{ kind: 'direct' }])).toBe(false);
    expect(channelExists([{ kind: 'direct' }, { kind: 'group' }])).toBe(true);
    const steps = firstSteps({ othersExist: true, imported: false, channelExists: false });
    expect(steps.map((s) => [s.id, s.done, s.href])).toEqual([
      ['invite', true, '/admin/people'],
      ['import', false, '/admin/import'],
      ['channels', false, '/chats/new'],
    ]);
  });

  it('shows only to the owner, until dismissed or all done', () => {
    const open = firstSteps({ othersExist: false, imported: false, channelExists: false });
    const all = firstSteps({ othersExist: true, imported: true, channelExists: true });
    expect(showFirstSteps({ isOwner: true, dismissed: false, steps: open })).toBe(true);
    expect(showFirstSteps({ isOwner: false, dismissed: false, steps: open })).toBe(false);
    expect(showFirstSteps({ isOwner: true, dismissed: true, steps: open })).toBe(false);
    expect(showFirstSteps({ isOwner: true, dismissed: false, steps: all })).toBe(false);
    expect(showFirstSteps({ isOwner: true, dismissed: false, steps: null })).toBe(false);
  });

  it('remembers a dismissal per person', () => {
    const s = memoryStorage();
    expect(isDismissed(s, 'p_1')).toBe(false);
    rememberDismissed(s, 'p_1');
    expect(isDismissed(s, 'p_1')).toBe(true);
    expect(isDismissed(s, 'p_2')).toBe(false);
    const broken = { getItem: () => { throw new Error('blocked'); } };
    expect(isDismissed(broken, 'p_1')).toBe(false);
  });
});
