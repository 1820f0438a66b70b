// The account page on a phone, in English and Arabic: one's own name, a wrong current password
// (translated, at its field), a password change that signs the person's other phone out, and
// signing in with the new password; an admin's password reset link, used in a fresh browser,
// signing the old one out; the organization's country for phone numbers, from setup to Settings.
import type { Browser, Page, Request } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { NAMES, organization } from './organization';
import { PHONE, shot, type Lang } from './phones';

const NEW_NAME = { en: 'Omar F. Farouk', ar: 'عمر فاروق الزهراني' };
const NEW_LATIN = 'Omar Alzahrani';
const OLD_PASSWORD = 'pass-word-0-123'; // organization(): the first colleague's
const NEW_PASSWORD = 'fresh-pass-word-77';

/** Signs in on the sign-in page, in `lang` (signing out forgets the chosen language). */
async function signIn(page: Page, lang: Lang, login: string, password: string) {
  const L = (k: string) => tr(lang, k);
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  if (lang === 'ar' && (await page.locator('html').getAttribute('lang')) !== 'ar')
    await page.getByRole('button', { name: tr('en', 'lang.switch_to_ar') }).click();
  await page.getByLabel(L('auth.login'), { exact: true }).fill(login);
  await page.getByLabel(L('auth.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: L('auth.sign_in') }).click();
}

/** A second phone of the same person, signed in through the API, showing the app. */
async function secondPhone(browser: Browser, baseURL: string, login: string, password: string) {
  const ctx = await browser.newContext({ baseURL, ...PHONE });
  const res = await ctx.request.post('/api/v1/auth/sign-in', { data: { login, password } });
  expect(res.status()).toBe(200);
  const page = await ctx.newPage();
  await page.goto('/');
  await expect(page).not.toHaveURL(/sign-in/);
  return { ctx, page };
}

const hasLatin = (s: string) => /[A-Za-z]/.test(s);

for (const lang of ['en', 'ar'] as const) {
  const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);

  test(`account (${lang}): name, a wrong current password, a new one that signs the other phone out`, async ({ browser, baseURL }) => {
    test.slow(); // several sign-ins (argon2id) and browsers: over a minute on a busy 2-core machine
    test.setTimeout(120_000);
    const { a } = await organization(browser, baseURL!, lang);
    const other = await secondPhone(browser, baseURL!, 'p0@example.com', OLD_PASSWORD);
    const p = a.page;

    // the account tab opens the account page
    await p.goto('/');
    await p.getByRole('navigation', { name: L('nav.label') }).getByRole('link', { name: L('nav.account') }).click();
    await expect(p.getByRole('heading', { level: 1, name: L('account.title') })).toBeVisible();
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    // the devices list names the browser, not its user-agent string
    await expect(p.getByTestId('device')).toHaveCount(2);
    await expect(p.getByTestId('device').filter({ hasText: L('sessions.this_device') })).toHaveCount(1);
    await expect(p.getByTestId('device-list')).not.toContainText('Mozilla/');
    // "<browser> on <system>" in the reader's language, product names kept
    await expect(p.getByTestId('device-name').first()).toContainText(lang === 'ar' ? ' على ' : ' on ');
    if (lang === 'ar') await expect(p.getByTestId('device-list')).not.toContainText(' on ');
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `account page (${lang})`);
    await shot(p, `account-${lang}`, true);

    // Profile: the new name shows on the page and on one's profile in the directory
    const profile = p.getByTestId('account-profile');
    await expect(profile.getByLabel(L('person.name'), { exact: true })).toHaveValue(NAMES[lang].a);
    await profile.getByLabel(L('person.name'), { exact: true }).fill(NEW_NAME[lang]);
    await profile.getByLabel(L('person.name_latin'), { exact: true }).fill(NEW_LATIN);
    await profile.getByRole('button', { name: L('common.save') }).click();
    await expect(profile.getByText(L('account.profile_saved'))).toBeVisible();
    await expect(p.getByTestId('me-name')).toHaveText(NEW_NAME[lang]);
    await p.goto(`/people/${a.id}`);
    await expect(p.getByRole('heading', { level: 1 })).toContainText(NEW_NAME[lang]);
    await expect(p.getByText(NEW_LATIN)).toBeVisible();
    await p.goto('/me/sessions');
    await expect(p.getByTestId('me-name')).toHaveText(NEW_NAME[lang]);

    // Password: the confirmation is compared in the browser
    const pw = p.getByTestId('account-password');
    const current = pw.getByLabel(L('account.current_password'), { exact: true });
    const next = pw.getByLabel(L('invite.new_password'), { exact: true });
    const confirm = pw.getByLabel(L('account.confirm_new_password'), { exact: true });
    await current.fill('not-my-password');
    await next.fill(NEW_PASSWORD);
    await confirm.fill(NEW_PASSWORD + 'x');
    await pw.getByRole('button', { name: L('account.change_password') }).click();
    await expect(confirm).toHaveAttribute('aria-invalid', 'true');
    await expect(confirm).toHaveAccessibleDescription(L('validation.password_mismatch'));

    // a wrong current password: the server's reason, translated, at that field
    await confirm.fill(NEW_PASSWORD);
    await pw.getByRole('button', { name: L('account.change_password') }).click();
    await expect(current).toHaveAttribute('aria-invalid', 'true');
    await expect(current).toHaveAccessibleDescription(L('error.reason.current_password_wrong'));
    if (lang === 'ar') expect(hasLatin(await pw.locator('.field-error').innerText())).toBe(false);
    await expectAccessible(p, `account page, wrong password (${lang})`);

    // the right one, signing the other phone out
    await current.fill(OLD_PASSWORD);
    await pw.getByLabel(L('account.end_other_sessions')).check();
    await pw.getByRole('button', { name: L('account.change_password') }).click();
    await expect(pw.getByText(L('account.password_changed_others'))).toBeVisible();
    await expect(current).toHaveValue('');
    await expect(p.getByTestId('device')).toHaveCount(1);

    // the other phone is on the sign-in page after a reload; this one stays
    await other.page.reload();
    await expect(other.page).toHaveURL(/\/sign-in/);
    await p.reload();
    await expect(p.getByRole('heading', { level: 1, name: L('account.title') })).toBeVisible();

    // the old password no longer works there, the new one does
    await signIn(other.page, lang, 'p0@example.com', OLD_PASSWORD);
    await expect(other.page.getByRole('alert')).toContainText(L('auth.wrong_credentials'));
    await signIn(other.page, lang, 'p0@example.com', NEW_PASSWORD);
    await expect(other.page).not.toHaveURL(/\/sign-in/);
    await expect(other.page.getByRole('navigation', { name: L('nav.label') })).toBeVisible();
    await other.ctx.close();
  });

  test(`password reset link (${lang}): an admin sends it, the person chooses a new password, the old phone is signed out`, async ({ browser, baseURL }) => {
    test.slow(); // several sign-ins (argon2id) and browsers: over a minute on a busy 2-core machine
    test.setTimeout(120_000);
    const { owner, a } = await organization(browser, baseURL!, lang);
    await a.page.goto('/');
    await expect(a.page).not.toHaveURL(/sign-in/);

    // on the sign-in page, the person who forgot finds what to do
    const out = await browser.newContext({ baseURL, ...PHONE, locale: lang === 'ar' ? 'ar-SA' : 'en-US' });
    const outPage = await out.newPage();
    await outPage.goto('/sign-in');
    await outPage.getByText(L('forgot.title')).click();
    await expect(outPage.getByText(L('forgot.text'))).toBeVisible();
    await expectAccessible(outPage, `sign-in, forgot password (${lang})`);
    await out.close();

    // the admin's page of someone who has joined offers a reset link, shown with copy and QR
    const o = owner.page;
    // the page asks for each thing once, then waits quietly (it once asked for the two-factor
    // status in a tight loop, hundreds of times a second)
    const asked: string[] = [];
    const count = (r: Request) => void (r.url().includes('/api/') && asked.push(new URL(r.url()).pathname));
    o.on('request', count);
    await o.goto(`/admin/people/${a.id}`);
    await expect(o.getByTestId('person-two-factor')).toBeVisible();
    await o.waitForTimeout(2_000);
    o.off('request', count);
    // (the chat list is asked for twice at start: at boot, and when the live connection opens)
    const often = [...new Set(asked)].filter((p) => asked.filter((q) => q === p).length > 2);
    expect(often, 'asked again and again by an idle admin person page').toEqual([]);
    await expect(o.getByRole('button', { name: L('admin.new_invitation') })).toHaveCount(0);
    await o.getByRole('button', { name: L('admin.reset_link') }).click();
    await expect(o.getByRole('heading', { name: L('invitation.reset_title', { name: a.name }) })).toBeVisible();
    await expect(o.getByRole('img', { name: L('invitation.reset_qr_label', { name: a.name }) })).toBeVisible();
    await expect(o.getByRole('button', { name: L('invitation.copy') })).toBeVisible();
    const url = (await o.getByTestId('invite-link').textContent())!.trim();
    expect(url).toMatch(/\/invite\/[^/\s]+$/);
    await expectAccessible(o, `reset link panel (${lang})`);
    await shot(o, `reset-link-${lang}`, true);

    // the person opens it in a fresh browser: "choose a new password", not a welcome
    const fresh = await browser.newContext({ baseURL, ...PHONE, locale: 'en-US' });
    const f = await fresh.newPage();
    await f.goto(new URL(url).pathname);
    await expect(f.getByRole('heading', { level: 1 })).toHaveText(L('invite.reset_title'));
    await expect(f.getByText(L('invite.reset_intro', { name: '\u2068' + a.name + '\u2069', org: '\u2068' + NAMES[lang].org + '\u2069' }))).toBeVisible();
    await expectAccessible(f, `invitation page, reset (${lang})`);
    await shot(f, `reset-invite-${lang}`, true);
    await f.getByLabel(L('invite.new_password'), { exact: true }).fill(NEW_PASSWORD);
    await f.getByLabel(L('auth.password_confirm'), { exact: true }).fill(NEW_PASSWORD);
    await f.getByRole('button', { name: L('invite.reset_submit') }).click();
    // signed in, straight into the app (no welcome: the account is not new)
    await expect(f.getByRole('navigation', { name: L('nav.label') })).toBeVisible();
    await expect(f).not.toHaveURL(/\/(invite|welcome|sign-in)/);

    // the phone that knew the old password is signed out
    await a.page.reload();
    await expect(a.page).toHaveURL(/\/sign-in/);
    // and the new password signs in
    await signIn(a.page, lang, 'p0@example.com', NEW_PASSWORD);
    await expect(a.page).not.toHaveURL(/\/sign-in/);

    // the audit log records a reset link, not an invitation
    const audit = await owner.ctx.request.get('/api/v1/admin/audit?action=password.reset_link');
    expect((await audit.json()).items).toHaveLength(1);
    await fresh.close();
  });

  test(`country for phone numbers (${lang}): chosen at setup, changed in Settings, kept after a reload`, async ({ page }) => {
    test.slow(); // several sign-ins (argon2id) and browsers: over a minute on a busy 2-core machine
    await page.setViewportSize(PHONE.viewport);
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup$/);
    await page.getByLabel(tr('en', 'setup.default_language')).or(page.getByLabel(tr('ar', 'setup.default_language'))).selectOption(lang);
    const country = page.getByLabel(L('country.label'));
    // the likely countries come first, right after "none"
    const codes = await country.locator('option').evaluateAll((os) => os.slice(0, 4).map((o) => (o as HTMLOptionElement).value));
    expect(codes).toEqual(['', 'SA', 'AE', 'KW']);
    await country.selectOption('SA');
    await expectAccessible(page, `setup with country (${lang})`);
    await page.getByLabel(L('setup.organization_name'), { exact: true }).fill(NAMES[lang].org);
    await page.getByLabel(L('person.name'), { exact: true }).fill(NAMES[lang].owner);
    await page.getByLabel(L('person.email'), { exact: true }).fill('sara@example.com');
    // written the local way, without +966
    await page.getByLabel(L('person.phone_optional'), { exact: true }).fill('050 123 4567');
    await page.getByLabel(L('auth.password'), { exact: true }).fill('owner-pass-123');
    await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill('owner-pass-123');
    await page.getByRole('button', { name: L('setup.submit') }).click();
    await expect(page.getByRole('navigation', { name: L('nav.label') })).toBeVisible();
    await expect.poll(async () => (await (await page.request.get('/api/v1/organization')).json()).phone_region).toBe('SA');
    // with the country, the local number is read as Saudi: its international form signs in
    // (without it, only the digits as written would match)
    await page.getByRole('button', { name: L('nav.sign_out') }).click();
    await signIn(page, lang, '+966 50 123 4567', 'owner-pass-123');
    await expect(page.getByRole('navigation', { name: L('nav.label') })).toBeVisible();

    await page.goto('/admin/settings');
    const select = page.getByLabel(L('country.label'));
    await expect(select).toHaveValue('SA');
    // names in the reader's language
    const name = await select.locator('option:checked').innerText();
    expect(hasLatin(name)).toBe(lang === 'en');
    await select.selectOption('AE');
    await page.locator('form').filter({ has: select }).getByRole('button', { name: L('common.save') }).click();
    await expect(page.getByText(L('admin.saved'))).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(L('country.label'))).toHaveValue('AE');
    await expectAccessible(page, `settings with country (${lang})`);
  });
}
