import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';

type Lang = 'en' | 'ar';

const PASSWORD_OWNER = 'owner-pass-123';
const PASSWORD_NEW = 'ahmed-pass-456';

const scenarios: { lang: Lang; org: string; search: string }[] = [
  // English UI; the invitee finds the owner by the Latin name
  { lang: 'en', org: 'Acme Trading', search: 'osama' },
  // Arabic UI; the invitee types the owner's name without hamza and with ه for ة
  { lang: 'ar', org: 'شركة النخبة', search: 'اسامه' },
];

const OWNER = { name: 'أسامة الحربي', latin: 'Osama Alharbi', email: 'osama@example.com' };
const PERSON = { name: 'أحمد علي', latin: 'Ahmed Ali', email: 'ahmed@example.com', title: 'Cashier' };

async function runSetup(page: Page, lang: Lang, org: string) {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'setup');
  // choose the default language first: the form switches to it at once
  await page.getByLabel(tr('en', 'setup.default_language')).or(page.getByLabel(tr('ar', 'setup.default_language'))).selectOption(lang);
  const L = (k: string) => tr(lang, k);
  await page.getByLabel(L('setup.organization_name'), { exact: true }).fill(org);
  await page.getByLabel(L('person.name'), { exact: true }).fill(OWNER.name);
  await page.getByLabel(L('person.name_latin_optional'), { exact: true }).fill(OWNER.latin);
  await page.getByLabel(L('person.email'), { exact: true }).fill(OWNER.email);
  // a too-short password is refused and what was typed stays
  await page.getByLabel(L('auth.password'), { exact: true }).fill('short');
  await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill('short');
  await page.getByRole('button', { name: L('setup.submit') }).click();
  await expect(page.getByRole('alert').filter({ hasText: L('validation.password_short') })).toBeVisible();
  await expect(page.getByLabel(L('person.name'), { exact: true })).toHaveValue(OWNER.name);
  await page.getByLabel(L('auth.password'), { exact: true }).fill(PASSWORD_OWNER);
  await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill(PASSWORD_OWNER);
  await page.getByRole('button', { name: L('setup.submit') }).click();
  await expect(page.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

async function addPerson(page: Page, lang: Lang): Promise<string> {
  const L = (k: string, p?: Record<string, string>) => tr(lang, k, p);
  await page.getByRole('navigation', { name: L('nav.label') }).getByRole('link', { name: L('nav.admin') }).click();
  await expect(page).toHaveURL(/\/admin\/people$/);
  await expect(page.getByTestId('people-row')).toHaveCount(1); // the owner
  await page.getByRole('button', { name: L('admin.add_person') }).click();
  const form = page.locator('form.person-form');
  await form.getByLabel(L('person.name'), { exact: true }).fill(PERSON.name);
  await form.getByLabel(L('person.name_latin'), { exact: true }).fill(PERSON.latin);
  await form.getByLabel(L('person.job_title'), { exact: true }).fill(PERSON.title);
  await form.getByLabel(L('person.email'), { exact: true }).fill(PERSON.email);
  // manager picker: search the owner and choose him
  await form.getByLabel(L('person.manager'), { exact: true }).fill('اسامه');
  await form.getByRole('button', { name: L('picker.choose', { name: OWNER.name }) }).click();
  await expectAccessible(page, 'admin people (form open)');
  await form.getByRole('button', { name: L('admin.create') }).click();

  const link = page.getByTestId('invite-link');
  await expect(link).toBeVisible();
  await expect(page.locator('.qr-code svg')).toBeVisible();
  const url = (await link.textContent())!.trim();
  expect(url).toMatch(/^https?:\/\/.+\/invite\/[^/\s]+$/);
  // the Copy button puts the same link on the clipboard
  await page.getByRole('button', { name: L('invitation.copy') }).click();
  await expect(page.getByText(L('invitation.copied'))).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByTestId('people-row')).toHaveCount(2);
  await expectAccessible(page, 'admin people (invitation shown)');
  return url;
}

async function acceptOnPhone(browser: Browser, baseURL: string, inviteUrl: string, lang: Lang) {
  const L = (k: string, p?: Record<string, string>) => tr(lang, k, p);
  const phone = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    // an English phone: Arabic must come from the organization's default language
    locale: 'en-US',
  });
  const page = await phone.newPage();
  // open the path of the link on this server (the link's host is the server's public URL)
  await page.goto(new URL(inviteUrl).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(PERSON.name);
  await expectAccessible(page, 'invitation');
  await page.getByLabel(L('invite.new_password'), { exact: true }).fill(PASSWORD_NEW);
  await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill(PASSWORD_NEW + 'x');
  await page.getByRole('button', { name: L('invite.submit') }).click();
  await expect(page.getByText(L('validation.password_mismatch'))).toBeVisible();
  await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill(PASSWORD_NEW);
  await page.getByRole('button', { name: L('invite.submit') }).click();
  // a new account is welcomed first (where it already belongs), then goes on to the directory
  await page.getByTestId('welcome').getByRole('button', { name: L('welcome.start') }).click();
  await expect(page.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();
  return { phone, page };
}

for (const sc of scenarios) {
  test(`onboarding in ${sc.lang}: setup, invite, accept on a phone, find a colleague`, async ({ page, browser, baseURL, context }) => {
    const L = (k: string, p?: Record<string, string>) => tr(sc.lang, k, p);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await runSetup(page, sc.lang, sc.org);

    const html = page.locator('html');
    await expect(html).toHaveAttribute('lang', sc.lang);
    await expect(html).toHaveAttribute('dir', sc.lang === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(page, 'directory');

    const inviteUrl = await addPerson(page, sc.lang);
    const { phone, page: p2 } = await acceptOnPhone(browser, baseURL!, inviteUrl, sc.lang);

    await expect(p2.locator('html')).toHaveAttribute('dir', sc.lang === 'ar' ? 'rtl' : 'ltr');
    // the phone layout: main navigation is a bar at the bottom of the screen
    const nav = await p2.getByRole('navigation', { name: L('nav.label') }).boundingBox();
    expect(nav!.y + nav!.height).toBeGreaterThan(844 - 2);

    await p2.getByRole('searchbox', { name: L('directory.search') }).fill(sc.search);
    const card = p2.getByTestId('person-card').filter({ hasText: OWNER.name });
    await expect(card).toHaveCount(1);
    await expect(p2.getByTestId('person-card')).toHaveCount(1);

    // start-aligned content sits on the right in Arabic and on the left in English
    const avatar = await card.locator('.avatar').boundingBox();
    const center = avatar!.x + avatar!.width / 2;
    if (sc.lang === 'ar') expect(center).toBeGreaterThan(390 / 2);
    else expect(center).toBeLessThan(390 / 2);
    await expectAccessible(p2, 'directory with results (phone)');

    await card.getByRole('link').click();
    await expect(p2).toHaveURL(/\/people\/[^/]+$/);
    await expect(p2.getByRole('heading', { level: 1 })).toContainText(OWNER.name);
    await expect(p2.getByText(OWNER.latin)).toBeVisible();
    await expect(p2.getByRole('link', { name: OWNER.email })).toHaveAttribute('href', `mailto:${OWNER.email}`);
    await expectAccessible(p2, 'profile (phone)');

    // the invitee opens their own profile from the directory: manager link leads back to the owner
    await p2.goBack();
    await p2.getByRole('searchbox', { name: L('directory.search') }).fill('احمد');
    const self = p2.getByTestId('person-card').filter({ hasText: PERSON.name });
    await expect(self).toHaveCount(1);
    await self.getByRole('link').click();
    await expect(p2.getByRole('link', { name: OWNER.name })).toBeVisible();

    // account screen lists this device's session
    await p2.getByRole('link', { name: L('nav.account') }).click();
    await expect(p2.getByText(L('sessions.this_device'))).toBeVisible();
    await expectAccessible(p2, 'sessions (phone)');

    // the link works only once (a used link tells nothing about the organization, so the
    // message follows the browser's language)
    const third = await browser.newContext({ baseURL, locale: sc.lang === 'ar' ? 'ar-SA' : 'en-US' });
    const p3 = await third.newPage();
    await p3.goto(new URL(inviteUrl).pathname);
    await expect(p3.getByRole('alert')).toContainText(L('invite.gone'));
    await third.close();
    await phone.close();
  });
}

test('sign-in shows a clear error, keeps the login, and admin screens pass axe', async ({ page, context, server }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await runSetup(page, 'en', 'Acme');
  const L = (k: string) => tr('en', k);
  await page.getByRole('button', { name: L('nav.sign_out') }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectAccessible(page, 'sign-in');
  await page.getByLabel(L('auth.login'), { exact: true }).fill(OWNER.email);
  await page.getByLabel(L('auth.password'), { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: L('auth.sign_in') }).click();
  await expect(page.getByRole('alert')).toContainText(L('auth.wrong_credentials'));
  await expect(page.getByLabel(L('auth.login'), { exact: true })).toHaveValue(OWNER.email);
  await page.getByLabel(L('auth.password'), { exact: true }).fill(PASSWORD_OWNER);
  await page.getByRole('button', { name: L('auth.sign_in') }).click();
  await expect(page.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();

  for (const [path, heading] of [
    ['/admin/import', 'import.title'],
    ['/admin/settings', 'settings.title'],
    ['/admin/audit', 'audit.title'],
  ] as const) {
    await page.goto(server.url + path);
    await expect(page.getByRole('heading', { level: 1, name: L(heading) })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, path);
  }
  // the audit log shows the setup
  await page.goto(server.url + '/admin/audit');
  await expect(page.getByRole('list', { name: L('audit.entries') }).getByText(L('action.setup'))).toBeVisible();

  // import dry run reports errors with line numbers and keeps Apply disabled
  await page.goto(server.url + '/admin/import');
  await page.getByLabel(L('import.paste')).fill('name,email\nMona,mona@example.com\n,broken@example.com\n');
  await page.getByRole('button', { name: L('import.dry_run') }).click();
  await expect(page.getByText(/Line 3/)).toBeVisible();
  await expect(page.getByRole('button', { name: L('import.apply') })).toBeDisabled();
  await page.getByLabel(L('import.paste')).fill('name,email\nMona,mona@example.com\n');
  await page.getByRole('button', { name: L('import.dry_run') }).click();
  await expect(page.getByText(tr('en', 'import.count_created', { n: 1 }))).toBeVisible();
  await page.getByRole('button', { name: L('import.apply') }).click();
  await expect(page.getByRole('heading', { name: L('import.applied_title') })).toBeVisible();
  await page.goto(server.url + '/?q=mona');
  await expect(page.getByTestId('person-card').filter({ hasText: 'Mona' })).toHaveCount(1);
});
