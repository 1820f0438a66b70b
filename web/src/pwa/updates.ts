/**
 * A new version of the app, offered with one tap. The browser installs a new service worker when
 * /sw.js changes; it then waits while this page runs the old build. We show the update bar, and a
 * tap tells the waiting worker to take over; when it controls the page, the page reloads once.
 * Written against minimal shapes of the browser objects so unit tests can drive it with fakes.
 */
import { createStore, type Store } from '../state/store';

export interface WorkerLike {
  readonly state: string;
  postMessage(message: unknown): void;
  addEventListener(type: 'statechange', listener: () => void): void;
}
export interface RegistrationLike {
  readonly waiting: WorkerLike | null;
  readonly installing: WorkerLike | null;
  addEventListener(type: 'updatefound', listener: () => void): void;
}
export interface ContainerLike {
  readonly controller: unknown;
  addEventListener(type: 'controllerchange', listener: () => void): void;
}

export interface Updates {
  /** The installed worker waiting for the person's tap, else null. */
  waiting: Store<WorkerLike | null>;
  watch(registration: RegistrationLike, container: ContainerLike): void;
  apply(): void;
}

export function createUpdates(reload: () => void): Updates {
  const waiting = createStore<WorkerLike | null>(null);
  let container: ContainerLike | null = null;
  let requested = false;
  let reloaded = false;
  const reloadOnce = () => {
    if (reloaded) return;
    reloaded = true;
    reload();
  };
  // With no controller this is the very first install: nothing older to replace, nothing to offer.
  const offer = (w: WorkerLike | null) => {
    if (w && container?.controller) waiting.set(w);
  };
  return {
    waiting,
    watch(registration, c) {
      container = c;
      // the first install's clients.claim() changes the controller too: reload only when asked
      c.addEventListener('controllerchange', () => requested && reloadOnce());
      offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const w = registration.installing;
        w?.addEventListener('statechange', () => w.state === 'installed' && offer(w));
      });
    },
    apply() {
      const w = waiting.get();
      if (!w) return;
      requested = true;
      // another tab may already have switched to it: then only this page is left to reload
      if (container?.controller === w) reloadOnce();
      else w.postMessage({ type: 'skip-waiting' });
    },
  };
}
