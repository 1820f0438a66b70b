import { describe, expect, it } from 'vitest';
import { createUpdates, type ContainerLike, type RegistrationLike, type WorkerLike } from './updates';

/** A tiny event target for the fakes. */
function listeners() {
  const map = new Map<string, Array<() => void>>();
  return {
    addEventListener: (type: string, l: () => void) => map.set(type, [...(map.get(type) ?? []), l]),
    fire: (type: string) => (map.get(type) ?? []).forEach((l) => l()),
  };
}

function fakeWorker(state = 'installing') {
  const ev = listeners();
  const sent: unknown[] = [];
  const w = { state, sent, postMessage: (m: unknown) => sent.push(m), addEventListener: ev.addEventListener, fire: ev.fire };
  return w as typeof w & WorkerLike;
}

function setup(opts: { controlled: boolean; waiting?: WorkerLike | null }) {
  let reloads = 0;
  const updates = createUpdates(() => reloads++);
  const regEv = listeners();
  const containerEv = listeners();
  const reg = { waiting: opts.waiting ?? null, installing: null as WorkerLike | null, addEventListener: regEv.addEventListener };
  const container = { controller: opts.controlled ? ({} as unknown) : null, addEventListener: containerEv.addEventListener };
  updates.watch(reg as RegistrationLike, container as ContainerLike);
  return {
    updates,
    reloads: () => reloads,
    /** the browser found a new /sw.js and installed it */
    install() {
      const w = fakeWorker();
      reg.installing = w;
      regEv.fire('updatefound');
      (w as { state: string }).state = 'installed';
      w.fire('statechange');
      return w;
    },
    takeControl(w: unknown) {
      container.controller = w;
      containerEv.fire('controllerchange');
    },
  };
}

describe('update offer', () => {
  it('offers a worker that installed while the page runs the old one; a tap activates it and reloads once', () => {
    const s = setup({ controlled: true });
    expect(s.updates.waiting.get()).toBeNull();
    const w = s.install();
    expect(s.updates.waiting.get()).toBe(w);
    s.updates.apply();
    expect(w.sent).toEqual([{ type: 'skip-waiting' }]);
    expect(s.reloads()).toBe(0);
    s.takeControl(w);
    s.takeControl(w);
    expect(s.reloads()).toBe(1);
  });

  it('offers a worker already waiting when the page starts', () => {
    const w = fakeWorker('installed');
    expect(setup({ controlled: true, waiting: w }).updates.waiting.get()).toBe(w);
  });

  it('offers nothing on the very first install, and its claim does not reload the page', () => {
    const s = setup({ controlled: false });
    const w = s.install();
    expect(s.updates.waiting.get()).toBeNull();
    s.takeControl(w);
    expect(s.reloads()).toBe(0);
  });

  it('does not reload when another tab switched versions, until the person taps Update here', () => {
    const s = setup({ controlled: true });
    const w = s.install();
    s.takeControl(w); // another tab tapped Update
    expect(s.reloads()).toBe(0);
    s.updates.apply();
    expect(s.reloads()).toBe(1);
    expect(w.sent).toEqual([]);
  });
});
