// "End and erase" from one device: the person's other phone is signed out without touching it,
// and keeps nothing of the company (local storage, IndexedDB, caches all empty).
import { expect, expectAccessible, test, tr } from './fixtures';

const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test('End and erase signs the other device out and empties its storage', async ({ page, browser, baseURL }) => {
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

  // Sara signs in on her phone too
  const phone = await browser.newContext({ baseURL, ...PHONE });
  const p2 = await phone.newPage();
  await p2.goto('/sign-in');
  await p2.getByLabel(L('auth.login'), { exact: true }).fill('sara@example.com');
  await p2.getByLabel(L('auth.password'), { exact: true }).fill('owner-pass-123');
  await p2.getByRole('button', { name: L('auth.sign_in') }).click();
  await expect(p2).not.toHaveURL(/\/sign-in/);
  await p2.waitForTimeout(500); // the socket is up
  await p2.evaluate(async () => {
    await new Promise((done) => {
      const req = indexedDB.open('muster-offline', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('messages');
      req.onsuccess = () => {
        req.result.close();
        done(undefined);
      };
    });
    localStorage.setItem('draft', 'company secret');
  });
  const stored = () =>
    p2.evaluate(async () => ({ local: localStorage.length, databases: (await indexedDB.databases()).length }));
  expect((await stored()).databases).toBe(1);

  // from her first device, on a phone-sized screen: the devices list, End and erase, confirmed
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/me/sessions');
  const devices = page.getByTestId('device');
  await expect(devices).toHaveCount(2);
  const other = devices.filter({ hasNot: page.getByText(L('sessions.this_device')) });
  await other.getByRole('button', { name: /^End the session on .* and erase its data$/ }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expectAccessible(page, 'devices (confirm erase)');
  await page.getByTestId('confirm-erase').click();
  await expect(page.getByText(L('sessions.erased'))).toBeVisible();
  await expect(devices).toHaveCount(1);

  // the phone is sent to sign-in and keeps nothing
  await expect(p2).toHaveURL(/\/sign-in/, { timeout: 5_000 });
  await expect.poll(stored).toEqual({ local: 0, databases: 0 });
  await phone.close();
});
