/// <reference lib="webworker" />
/**
 * Muster's service worker (built to /sw.js by scripts/pwaPlugin.ts).
 *  - Keeps the app shell of its own build (index.html and the hashed /assets/*) and starts every
 *    page from it, online or not: a start costs no round trip before the scripts run.
 *  - Never touches /api/: messages, files and sessions are private and must not outlive a sign-out
 *    or an "end and erase"; the app's own outbox handles sends made offline.
 *  - Shows Web Push notifications and opens the conversation when one is tapped.
 * A new build changes the precache list baked in below, so the browser sees new bytes and installs
 * the new worker; it then waits until the person taps "Update" (the app posts `skip-waiting`).
 */
import en from '../i18n/en.json';
import ar from '../i18n/ar.json';
import { notificationFor } from '../pwa/notification';

declare const self: ServiceWorkerGlobalScope;
declare const __SHELL_FILES__: string[];
declare const __SHELL_VERSION__: string;

const SHELL_PREFIX = 'muster-shell-';
const SHELL_CACHE = SHELL_PREFIX + __SHELL_VERSION__;
const INDEX = '/index.html';

self.addEventListener('install', (event) => {
  // index.html is revalidated so the cached shell is this build's; the hashed assets never change
  const requests = __SHELL_FILES__.map((url) => new Request(url, { cache: url === INDEX ? 'no-cache' : 'default' }));
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(SHELL_PREFIX) && n !== SHELL_CACHE).map((n) => caches.delete(n)));
      // pages come from the shell: a preload (enabled by earlier builds' workers) would be wasted
      await self.registration.navigationPreload?.disable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return; // straight to the network, never cached
  if (request.mode === 'navigate') event.respondWith(shellFirst(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
});

/**
 * Every page is the app's one index.html (the router draws the rest), so this build's copy starts
 * it without waiting for a phone's network; the server is asked only if the copy is missing. A new
 * build arrives as a new worker, which the update bar offers, and then its own shell.
 */
async function shellFirst(request: Request): Promise<Response> {
  return (await caches.match(INDEX, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

/** Hashed assets never change; one missing here (another build's) is fetched and not stored. */
async function cacheFirst(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

self.addEventListener('push', (event) => {
  let payload: unknown = null;
  try {
    payload = event.data?.json();
  } catch {
    /* not JSON: still shown, as a generic notification */
  }
  const { title, options } = notificationFor(payload, { en, ar });
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(String(event.notification.data?.url ?? '/'), self.location.origin);
  const path = url.origin === self.location.origin ? url.pathname + url.search : '/';
  event.waitUntil(openApp(path));
});

/** Brings an open window of the app to the front and lets its router go there (no reload); else opens one. */
async function openApp(path: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const target = windows.find((w) => w.focused) ?? windows[0];
  if (!target) {
    await self.clients.openWindow(path);
    return;
  }
  target.postMessage({ type: 'open', url: path });
  await target.focus().catch(() => undefined); // allowed only while handling a real tap
}
