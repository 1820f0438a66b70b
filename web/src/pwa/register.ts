/** Registers /sw.js in production builds (never in dev or unit tests), once the page has loaded. */
import { createUpdates } from './updates';

export const updates = createUpdates(() => window.location.reload());

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !navigator.serviceWorker) return;
  const container = navigator.serviceWorker;
  const start = async () => {
    try {
      const registration = await container.register('/sw.js', { scope: '/' });
      updates.watch(registration, container);
      // a phone app comes back from the background far more often than it starts: look then too
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
      });
    } catch {
      /* no worker (private mode, an insecure origin): the app still runs, online only */
    }
  };
  if (document.readyState === 'complete') void start();
  else window.addEventListener('load', () => void start(), { once: true });
}
