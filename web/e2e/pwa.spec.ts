// The installable app: Chromium's own install check, an offline start from the cached shell, an
// update offered with one tap, and Web Push notifications in both languages, opened with a tap.
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';
import { CHROMIUM, WEB_DIST, expect, prerequisitesMissing, startServer, stopServer, test, tr, type MusterServer } from './fixtures';
import { createConversation, organization, postMessage } from './organization';
import { PHONE, messageWith, shot, type Lang } from './phones';

const OWNER = { email: 'sara@example.com', password: 'owner-pass-123' };

/** Resolves once the service worker is active and controls the page. */
const controlled = (page: Page) =>
  page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
  });

const shownNotifications = (page: Page) =>
  page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      lang: n.lang,
      dir: n.dir,
      url: (n.data as { url: string }).url,
    })),
  );

/**
 * Sends a push the way the push service hands one to the browser (CDP, already decrypted), and waits
 * until the worker has handled it. Reading notifications while Chromium is still displaying one can
 * make it drop that one from getNotifications(), so the test reads only after "Push event completed".
 */
async function pushSender(context: BrowserContext, page: Page, origin: string) {
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL === `${origin}/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    }),
  );
  let completed: (status: string) => void = () => undefined;
  cdp.on('BackgroundService.backgroundServiceEventReceived', ({ backgroundServiceEvent: e }) => {
    if (e.service === 'pushMessaging' && e.eventName === 'Push event completed') completed(e.eventMetadata.find((m) => m.key === 'Status')?.value ?? '');
  });
  await cdp.send('BackgroundService.startObserving', { service: 'pushMessaging' });
  await cdp.send('BackgroundService.setRecording', { service: 'pushMessaging', shouldRecord: true });
  await cdp.send('ServiceWorker.enable');
  const id = await registrationId;
  return async (payload: object) => {
    const status = new Promise<string>((resolve) => (completed = resolve));
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: id, data: JSON.stringify(payload) });
    expect(await status).toBe('Success');
  };
}

/** Removes a folder that other processes may still be writing to, trying again for up to 30 s. */
function removeWhenQuiet(dir: string, attempts = 60) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    if (attempts > 0) setTimeout(() => removeWhenQuiet(dir, attempts - 1), 500).unref();
  }
}

/**
 * Chromium's app window (`--app`), as an installed app opens: display-mode standalone, in a real
 * profile (Chromium refuses to install from an incognito one, which Playwright's contexts are).
 */
async function openAsApp(url: string) {
  // Connecting over CDP sometimes never completed (twice in full runs: the socket opened, the
  // attach to the app window never finished, and the rest of the run went on): up to three tries.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchApp(url, attempt < 3 ? 15_000 : 30_000);
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

async function launchApp(url: string, timeout: number) {
  const profile = mkdtempSync(join(tmpdir(), 'muster-app-'));
  const proc = spawn(CHROMIUM, [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--app=${url}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 15_000);
    proc.stderr!.on('data', (d) => {
      err += String(d);
      const m = err.match(/DevTools listening on (ws:\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const browser = await chromium.connectOverCDP(endpoint, { timeout }).catch((e) => {
    proc.kill('SIGKILL');
    removeWhenQuiet(profile);
    throw e;
  });
  const context = browser.contexts()[0];
  const page = context.pages()[0] ?? (await context.waitForEvent('page'));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: PHONE.viewport.width, height: PHONE.viewport.height, deviceScaleFactor: 1, mobile: true });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true });
  const exited = new Promise((r) => proc.once('exit', r));
  const close = async () => {
    await browser.close();
    if (proc.exitCode === null && proc.signalCode === null) proc.kill();
    await exited;
    // Chromium's helper processes may still write into the profile for a while after the browser
    // has gone: removed when they are done, without holding up the test.
    removeWhenQuiet(profile);
  };
  return { context, page, cdp, close };
}

/** Chromium's verdict and the manifest it read, with every icon fetched and of the size it claims. */
async function expectInstallable(page: Page, cdp: CDPSession, lang: Lang) {
  await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
  const { url, errors, data } = await cdp.send('Page.getAppManifest');
  expect(errors).toEqual([]);
  expect(new URL(url).pathname).toBe(lang === 'ar' ? '/manifest-ar.webmanifest' : '/manifest.webmanifest');
  const manifest = JSON.parse(data!);
  expect(manifest).toMatchObject({
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    name: tr(lang, 'manifest.name'),
    short_name: tr(lang, 'manifest.short_name'),
    description: tr(lang, 'manifest.description'),
  });
  const purposes = new Set<string>();
  for (const icon of manifest.icons as { src: string; sizes: string; type: string; purpose: string }[]) {
    const res = await page.request.get(new URL(icon.src, page.url()).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type']).toBe(icon.type);
    if (icon.type !== 'image/png') continue;
    const png = await res.body(); // width and height sit in the IHDR chunk
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    purposes.add(`${icon.purpose} ${icon.sizes}`);
  }
  expect([...purposes].sort()).toEqual(['any 192x192', 'any 512x512', 'maskable 192x192', 'maskable 512x512']);
}

test('Chromium finds the app installable in English and Arabic; it runs standalone', async ({ server, request }) => {
  const setup = await request.post('/api/v1/setup', {
    data: { organization_name: 'Acme', default_language: 'en', owner: { name: 'Sara Owner', ...OWNER } },
  });
  expect(setup.status()).toBe(201);
  const { csrf_token: csrf } = await setup.json();
  // something to show on the chat list, in both languages
  const headers = { 'X-CSRF-Token': csrf };
  const { person } = await (await request.post('/api/v1/people', { headers, data: { name: 'Omar Farouk', email: 'omar@example.com' } })).json();
  for (const [name, text] of [['Store team', 'Stock arrives at 9'], ['فريق المخزن', 'وصلت البضاعة']]) {
    const conv = (await (await request.post('/api/v1/conversations', { headers, data: { kind: 'group', name, member_ids: [person.id] } })).json()).id;
    await request.post(`/api/v1/conversations/${conv}/messages`, { headers, data: { client_id: crypto.randomUUID(), text } });
  }

  const app = await openAsApp(`${server.url}/`);
  try {
    const { page, cdp } = app;
    const signIn = await app.context.request.post(`${server.url}/api/v1/auth/sign-in`, { data: { login: OWNER.email, password: OWNER.password } });
    expect(signIn.status()).toBe(200);
    const csrfApp = (await signIn.json()).csrf_token as string;
    await page.goto(`${server.url}/chats`);
    await expect(page.getByTestId('conversation-item')).toHaveCount(2);
    expect(await page.evaluate(() => matchMedia('(display-mode: standalone)').matches)).toBe(true);
    await controlled(page);
    await expectInstallable(page, cdp, 'en');
    await shot(page, 'en-installed');

    // the person switches to Arabic: the app points at the Arabic manifest
    const lang = await app.context.request.patch(`${server.url}/api/v1/me`, { headers: { 'X-CSRF-Token': csrfApp }, data: { language: 'ar' } });
    expect(lang.ok()).toBe(true);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('link', { name: tr('ar', 'nav.chats') })).toBeVisible();
    await expectInstallable(page, cdp, 'ar');
    await shot(page, 'ar-installed');
  } finally {
    await app.close();
  }
});

test('starts offline from the cached shell, keeps no private data, and is erased at sign-out', async ({ browser, baseURL }) => {
  const L = (k: string) => tr('en', k);
  const context = await browser.newContext({ baseURL, ...PHONE });
  const page = await context.newPage();
  const setup = await page.request.post('/api/v1/setup', {
    data: { organization_name: 'Acme', default_language: 'en', owner: { name: 'Sara Owner', ...OWNER } },
  });
  expect(setup.status()).toBe(201);
  await page.goto('/chats');
  await expect(page.getByRole('link', { name: L('nav.chats') })).toBeVisible();
  await controlled(page);

  // no network: the page still opens, from the service worker, and says the server is not reachable
  await context.setOffline(true);
  const offline = await page.reload();
  expect(offline?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { name: L('boot.error_title') })).toBeVisible();
  await context.setOffline(false);
  await page.getByRole('button', { name: L('common.retry') }).click();
  await expect(page.getByRole('link', { name: L('nav.chats') })).toBeVisible();

  // only the app's own files are kept: nothing from /api/ (messages, files, the person)
  const cached = () =>
    page.evaluate(async () => {
      const all: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) all.push(new URL(r.url).pathname);
      return all;
    });
  const kept = await cached();
  expect(kept).toContain('/index.html');
  expect(kept.filter((p) => p !== '/index.html' && !/^\/assets\/[\w-]+\.(js|css)$/.test(p))).toEqual([]);

  // signing out erases the cache and the worker; the next start brings the worker back
  await page.getByRole('button', { name: L('nav.sign_out') }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const registrations = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  await expect.poll(cached).toEqual([]);
  await expect.poll(registrations).toBe(0);
  await page.reload();
  await controlled(page);
  expect(await registrations()).toBe(1);
  await expect.poll(cached).toContain('/index.html');
  await context.close();
});

test('a new version is offered with one tap, and the app reloads into it (Arabic)', async ({ browser }) => {
  const missing = prerequisitesMissing();
  if (missing && process.env.MUSTER_E2E_REQUIRED) throw new Error(missing);
  test.skip(missing !== null, missing ?? '');
  // a copy of the build, to release a "next version" into
  const web = mkdtempSync(join(tmpdir(), 'muster-web-'));
  cpSync(WEB_DIST, web, { recursive: true });
  let server: MusterServer = await startServer({ web });
  const context = await browser.newContext({ baseURL: server.url, ...PHONE, locale: 'ar' });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup$/);
    await controlled(page);
    const [oldCache] = await page.evaluate(() => caches.keys());
    expect(oldCache).toMatch(/^muster-shell-/);

    // the next release: another index.html, so the build writes another worker (here: a new version id)
    await stopServer(server, true);
    const html = readFileSync(join(web, 'index.html'), 'utf8');
    writeFileSync(join(web, 'index.html'), html.replace('<title>', '<meta name="muster-release" content="next" />\n    <title>'));
    const oldVersion = oldCache.slice('muster-shell-'.length);
    writeFileSync(join(web, 'sw.js'), readFileSync(join(web, 'sw.js'), 'utf8').replaceAll(oldVersion, `${oldVersion}next`));
    server = await startServer({ web, dataDir: server.dataDir, listen: new URL(server.url).host });

    // the app comes back to the foreground, looks for an update, and offers it
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const bar = page.getByTestId('update-bar');
    await expect(bar).toContainText(tr('ar', 'update.ready'));
    await expect(page.locator('meta[name="muster-release"]')).toHaveCount(0);
    await shot(page, 'ar-update');
    const reloaded = page.waitForEvent('load');
    await bar.getByRole('button', { name: tr('ar', 'update.apply') }).click();
    await reloaded;
    await expect(page.locator('meta[name="muster-release"]')).toHaveCount(1);
    await expect(bar).toHaveCount(0);
    // the new worker took over: its cache is the only one, the old one is gone
    expect(await page.evaluate(() => caches.keys())).toEqual([`muster-shell-${oldVersion}next`]);
  } finally {
    await context.close();
    await stopServer(server);
    rmSync(web, { recursive: true, force: true });
  }
});

const PUSH_TEXT: Record<Lang, { group: string; target: string }> = {
  en: { group: 'Sales team', target: 'The truck is at gate 3' },
  ar: { group: 'فريق المبيعات', target: 'الشاحنة عند البوابة 3' },
};

for (const lang of ['en', 'ar'] as const) {
  test(`push notifications show in ${lang}, replace each other per conversation, and a tap opens the message`, async ({ browser, baseURL }) => {
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    for (const x of [b, c]) await x.ctx.close();
    const { group, target } = PUSH_TEXT[lang];
    const convId = await createConversation(owner, { kind: 'group', name: group, member_ids: [a.id] });
    const targetId = await postMessage(owner, convId, target);
    // more than a page after it, so opening at the message has to page back to it
    for (let i = 1; i <= 60; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => postMessage(owner, convId, `note ${i + k}`)));

    await a.ctx.grantPermissions(['notifications'], { origin: baseURL! });
    await a.page.goto('/chats');
    await expect(a.page.getByTestId('conversation-item').filter({ hasText: group })).toBeVisible();
    await controlled(a.page);
    const push = await pushSender(a.ctx, a.page, baseURL!);
    const message = { v: 1, kind: 'message', lang, conversation_id: convId, conversation_name: group, conversation_kind: 'group', sender_name: owner.name, urgency: 'normal', reason: 'message' };

    await push({ ...message, message_id: targetId, preview: target, count: 1 });
    const first = { title: group, tag: `conv:${convId}`, lang, dir: lang === 'ar' ? 'rtl' : 'ltr', url: `/chats/${convId}?m=${targetId}` };
    await expect.poll(() => shownNotifications(a.page)).toEqual([{ ...first, body: L('push.message_preview', { name: owner.name, preview: target }) }]);
    // a second message in the same conversation replaces it, counting both
    await push({ ...message, message_id: targetId, preview: null, count: 2 });
    await expect.poll(() => shownNotifications(a.page)).toEqual([{ ...first, body: L('push.new_messages', { n: 2, conversation: group }) }]);
    // the digest after quiet hours is a notification of its own
    await push({ v: 1, kind: 'digest', lang, digest: { messages: 14, conversations: 3, mentions: 1 } });
    await expect.poll(async () => (await shownNotifications(a.page)).find((n) => n.tag === 'digest')).toMatchObject({
      title: L('push.digest_title'),
      body: L('push.digest_mention_one', { text: L('push.digest_many', { n: 14, c: 3 }) }),
      url: '/digest',
    });

    // Tapping: headless Chromium has no notification to click, so the test hands the shown
    // notification to the worker's own notificationclick listener, as the system would.
    await a.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const [worker] = a.ctx.serviceWorkers();
    await worker.evaluate(async (tag) => {
      const sw = globalThis as unknown as {
        registration: ServiceWorkerRegistration;
        dispatchEvent(e: Event): boolean;
        NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
      };
      const [notification] = await sw.registration.getNotifications({ tag });
      sw.dispatchEvent(new sw.NotificationEvent('notificationclick', { notification }));
    }, `conv:${convId}`);
    await expect(a.page).toHaveURL(new RegExp(`/chats/${convId}\\?m=${targetId}$`));
    const shown = messageWith(a.page, target);
    await expect(shown).toBeInViewport();
    await expect(shown).toHaveAttribute('data-highlight', 'true');
    // the app's router went there: the same document, no reload
    expect(await a.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    // the tapped notification is gone, the digest stays
    await expect.poll(async () => (await shownNotifications(a.page)).map((n) => n.tag)).toEqual(['digest']);
    await shot(a.page, `${lang}-notification-opened`);

    for (const p of [owner, a]) await p.ctx.close();
  });
}
