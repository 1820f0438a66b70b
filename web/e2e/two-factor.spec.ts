// Two-factor sign-in on a phone, in English and Arabic: a person sets up an authenticator app from
// the QR screen (the test computes the codes from the secret shown, typed in Arabic-Indic digits in
// Arabic), signs out, signs in with a code, then with a recovery code; then the organization
// requires two-factor of everyone with no grace period and a colleague sets it up at sign-in.
import crypto from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { organization } from './organization';
import { shot } from './phones';

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/\s+/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secret: string, offset = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + offset));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  const n = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

/** Each code is accepted once: start a run of codes with at least 20 s of the step left. */
async function freshStep() {
  const into = (Date.now() / 1000) % 30;
  if (into > 10) await new Promise((r) => setTimeout(r, (30 - into) * 1000 + 200));
}

const typed = (code: string, lang: 'en' | 'ar') =>
  lang === 'ar' ? [...code].map((d) => String.fromCharCode(0x0660 + Number(d))).join('') : code;

async function signInWithPassword(page: Page, L: (k: string) => string, login: string, password: string) {
  await page.goto('/sign-in');
  // Signing out erases what the app kept, the language choice too: pick it again, as a person would.
  if (L('auth.login') !== tr('en', 'auth.login') && (await page.locator('html').getAttribute('lang')) !== 'ar')
    await page.getByRole('button', { name: tr('en', 'lang.switch_to_ar') }).click();
  await page.getByLabel(L('auth.login')).fill(login);
  await page.getByLabel(L('auth.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: L('auth.sign_in') }).click();
}

for (const lang of ['en', 'ar'] as const) {
  test(`two-factor: set up, sign in with a code and a recovery code, and the policy flow (${lang})`, async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b } = await organization(browser, baseURL!, lang);
    const p = a.page;

    // Set up from the account screen.
    await freshStep();
    await p.goto('/me/sessions');
    await p.getByTestId('open-two-factor').click();
    await expect(p.getByRole('heading', { level: 1, name: L('twofactor.title') })).toBeVisible();
    await p.getByRole('button', { name: L('twofactor.set_up') }).click();
    await expect(p.getByRole('img', { name: L('twofactor.qr_label') })).toBeVisible();
    const secret = (await p.getByTestId('two-factor-secret').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `two-factor setup (${lang})`);
    await shot(p, `two-factor-setup-${lang}`, true);
    await p.getByLabel(L('twofactor.code')).fill(typed(totp(secret), lang));
    await p.getByRole('button', { name: L('twofactor.turn_on') }).click();
    // (allInnerTexts does not wait: on a busy machine it read the list before it was shown)
    await expect(p.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    const codes = (await p.getByTestId('recovery-codes').locator('li').allInnerTexts()).map((c) => c.trim());
    await shot(p, `two-factor-codes-${lang}`, true);
    await p.getByRole('button', { name: L('twofactor.saved_codes') }).click();
    await expect(p.getByTestId('two-factor-state')).toContainText(L('twofactor.is_on'));

    // Sign out; signing in now asks for a code.
    await p.getByRole('button', { name: L('nav.sign_out') }).click();
    await signInWithPassword(p, L, 'p0@example.com', 'pass-word-0-123');
    await expect(p.getByRole('heading', { level: 1, name: L('twofactor.sign_in_title') })).toBeVisible();
    await expectAccessible(p, `two-factor sign-in (${lang})`);
    await p.getByLabel(L('twofactor.code')).fill(typed(totp(secret, 1), lang));
    await p.getByRole('button', { name: L('twofactor.verify') }).click();
    await expect(p.getByRole('button', { name: L('nav.sign_out') })).toBeVisible();

    // And with a recovery code instead.
    await p.getByRole('button', { name: L('nav.sign_out') }).click();
    await signInWithPassword(p, L, 'p0@example.com', 'pass-word-0-123');
    await p.getByRole('button', { name: L('twofactor.use_recovery') }).click();
    await p.getByLabel(L('twofactor.recovery_code')).fill(codes[0]);
    await p.getByRole('button', { name: L('twofactor.verify') }).click();
    await expect(p.getByRole('button', { name: L('nav.sign_out') })).toBeVisible();

    // The organization requires two-factor of everyone, at once: a colleague sets it up at sign-in.
    const set = await owner.ctx.request.patch('/api/v1/policies', {
      headers: { 'X-CSRF-Token': owner.csrf },
      data: { two_factor: 'everyone', two_factor_grace_days: 0 },
    });
    expect(set.status()).toBe(200);
    const q = b.page;
    await q.goto('/');
    await q.getByRole('button', { name: L('nav.sign_out') }).click();
    await expect(q).toHaveURL(/sign-in/);
    await freshStep();
    await signInWithPassword(q, L, 'p1@example.com', 'pass-word-1-123');
    await expect(q.getByText(L('twofactor.required_now'))).toBeVisible();
    const secretB = (await q.getByTestId('two-factor-secret').innerText()).replace(/\s+/g, '');
    await q.getByLabel(L('twofactor.code')).fill(typed(totp(secretB), lang));
    await q.getByRole('button', { name: L('twofactor.turn_on') }).click();
    await expect(q.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    await q.getByRole('button', { name: L('twofactor.saved_codes') }).click();
    await expect(q.getByRole('button', { name: L('nav.sign_out') })).toBeVisible();
  });
}
