import { expect, expectAccessible, test, tr } from './fixtures';

const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);

test('deactivating a person signs them out at once (WebSocket 4001) and marks them as former staff', async ({ page, browser, baseURL }) => {
  // setup through the API of the page's context (cookie + CSRF like the app)
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  const setup = await page.request.post('/api/v1/setup', {
    data: {
      organization_name: 'Acme',
      default_language: 'en',
      owner: { name: 'Sara Owner', email: 'sara@example.com', password: 'owner-pass-123' },
    },
  });
  expect(setup.status()).toBe(201);
  const csrf = (await setup.json()).csrf_token as string;
  const created = await page.request.post('/api/v1/people', {
    headers: { 'X-CSRF-Token': csrf },
    data: { name: 'Omar Leaver', email: 'omar@example.com', job_title: 'Driver' },
  });
  expect(created.status()).toBe(201);
  const { person, invitation } = await created.json();

  // Omar accepts on his phone and stays on the directory
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p2 = await phone.newPage();
  await p2.goto(new URL(invitation.url).pathname);
  await p2.getByLabel(L('invite.new_password'), { exact: true }).fill('omar-pass-123');
  await p2.getByLabel(L('auth.password_confirm'), { exact: true }).fill('omar-pass-123');
  await p2.getByRole('button', { name: L('invite.submit') }).click();
  await p2.getByTestId('welcome').getByRole('button', { name: L('welcome.start') }).click();
  await expect(p2.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();
  // wait until the socket is up before pulling the plug
  await p2.waitForTimeout(500);
  // what a phone keeps: the app's own marks, and (as an offline copy would) a database and a cache
  await p2.evaluate(async () => {
    await new Promise((done) => {
      const req = indexedDB.open('muster-offline', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('messages');
      req.onsuccess = () => {
        req.result.close();
        done(undefined);
      };
    });
    await (await caches.open('muster-media')).put('/offline-copy', new Response('company secret'));
    sessionStorage.setItem('draft', 'company secret');
  });
  const stored = () =>
    p2.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
  const kept = await stored();
  expect(kept.local).toBeGreaterThan(0);
  expect(kept).toMatchObject({ session: 1, databases: 1 });
  expect(kept.caches).toBeGreaterThan(0); // this one, and the app shell's once the service worker has installed

  // the owner deactivates him from the admin screen, with a confirmation step
  await page.goto(`/admin/people/${person.id}`);
  await page.getByRole('button', { name: L('admin.deactivate') }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expectAccessible(page, 'admin person (confirm)');
  await page.getByRole('button', { name: L('admin.deactivate_confirm') }).click();
  await expect(page.getByText(L('admin.deactivated'))).toBeVisible();
  await expect(page.getByRole('button', { name: L('admin.reactivate') })).toBeVisible();

  // Omar's phone is sent to sign-in without any action on his side
  await expect(p2).toHaveURL(/\/sign-in/, { timeout: 5_000 });
  await expect(p2.getByText(L('auth.session_ended'))).toBeVisible();
  // and the phone keeps nothing of the company
  await expect.poll(stored).toEqual({ local: 0, session: 0, databases: 0, caches: 0 });
  // and cannot sign in again
  await p2.getByLabel(L('auth.login'), { exact: true }).fill('omar@example.com');
  await p2.getByLabel(L('auth.password'), { exact: true }).fill('omar-pass-123');
  await p2.getByRole('button', { name: L('auth.sign_in') }).click();
  await expect(p2.getByRole('alert')).toContainText(L('auth.wrong_credentials'));

  // the directory shows him as former staff when asked
  await page.goto('/?q=omar&status=all');
  const card = page.getByTestId('person-card').filter({ hasText: 'Omar Leaver' });
  await expect(card).toContainText(L('person.former_staff'));
  await phone.close();
});
