// An owner's first days, in Arabic and in English: the audit log reads as sentences; an import's new
// people get their invitations at once (QR cards to print, a CSV of links, a Share button); the
// owner's first-steps checklist; and an invitee's welcome, which lists where they already are.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { PHONE, shot, type Lang } from './phones';

const OWNER_PASSWORD = 'owner-pass-123';

const N = {
  en: { org: 'Acme Trading', owner: 'Sara Owner', person: 'Omar Farouk', group: 'Night shift' },
  ar: { org: 'شركة النخبة', owner: 'سارة المالكي', person: 'عمر الزهراني', group: 'مناوبة الليل' },
};
// the second name holds a comma: the CSV of links must quote it
const IMPORTED = {
  en: ['Mona Saleh', 'Haddad, Lina', 'Karim Nasser'],
  ar: ['منى صالح', 'الحداد، لينا', 'كريم الشمري'],
};

/** Without the Web Share API (as on most desktops): Share falls back to the clipboard. */
const NO_WEB_SHARE = () => {
  delete (Navigator.prototype as { share?: unknown }).share;
  delete (Navigator.prototype as { canShare?: unknown }).canShare;
};
/** A phone's share sheet, recorded instead of opened. */
const RECORD_WEB_SHARE = () => {
  const w = window as unknown as { shared: unknown[] };
  w.shared = [];
  Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: async (data: unknown) => void w.shared.push(data) });
  Object.defineProperty(Navigator.prototype, 'canShare', { configurable: true, value: () => true });
};

interface Owner {
  id: string;
  csrf: string;
  ctx: BrowserContext;
  page: Page;
}

/** The organization set up through the API, the owner's browser signed in. */
async function ownerOf(browser: Browser, baseURL: string, lang: Lang, init?: () => void): Promise<Owner> {
  const ctx = await browser.newContext({ baseURL });
  const res = await ctx.request.post('/api/v1/setup', {
    data: { organization_name: N[lang].org, default_language: lang, owner: { name: N[lang].owner, email: 'sara@example.com', password: OWNER_PASSWORD } },
  });
  expect(res.status()).toBe(201);
  const body = await res.json();
  if (init) await ctx.addInitScript(init);
  return { id: body.user.id, csrf: body.csrf_token, ctx, page: await ctx.newPage() };
}

async function addPerson(owner: Owner, name: string, email: string) {
  const res = await owner.ctx.request.post('/api/v1/people', { headers: { 'X-CSRF-Token': owner.csrf }, data: { name, email, job_title: 'Cashier' } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { person: { id: string }; invitation: { url: string } };
}

for (const lang of ['en', 'ar'] as const) {
  const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
  const n = N[lang];

  test(`audit log in ${lang}: sentences with names, a translated action, details in words, the address on its own line`, async ({ browser, baseURL }) => {
    const owner = await ownerOf(browser, baseURL!, lang);
    const { person } = await addPerson(owner, n.person, 'omar@example.com');
    const edited = await owner.ctx.request.patch(`/api/v1/people/${person.id}`, {
      headers: { 'X-CSRF-Token': owner.csrf },
      data: { job_title: 'Supervisor', department: 'Sales' },
    });
    expect(edited.ok()).toBe(true);

    const page = owner.page;
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { level: 1, name: L('audit.title') })).toBeVisible();
    const entries = page.getByRole('list', { name: L('audit.entries') });
    const update = entries.getByTestId('audit-entry').filter({ hasText: L('action.person.update') });
    await expect(update).toHaveCount(1);
    // who, what, to whom: the owner's and the person's names, never their ids
    await expect(update.locator('.audit-sentence')).toContainText(n.owner);
    await expect(update.locator('.audit-sentence')).toContainText(n.person);
    await expect(update).not.toContainText(person.id);
    await expect(update).not.toContainText(owner.id);
    // the changed fields as the person form names them
    await expect(update.getByText(L('audit.detail.changes'))).toBeVisible();
    await expect(update).toContainText(L('person.job_title'));
    await expect(update).toContainText(L('person.department'));
    // the address: labelled, on a line of its own below the sentence
    const ip = update.getByTestId('audit-ip');
    await expect(ip).toContainText(L('audit.address'));
    await expect(ip).toContainText('127.0.0.1');
    const sentenceBox = (await update.locator('.audit-sentence').boundingBox())!;
    const ipBox = (await ip.boundingBox())!;
    expect(ipBox.y).toBeGreaterThanOrEqual(sentenceBox.y + sentenceBox.height - 1);
    // the person's creation names them in its details too
    const create = entries.getByTestId('audit-entry').filter({ hasText: L('action.person.create') });
    await expect(create).toContainText(n.person);
    // no raw JSON anywhere in the list
    const text = (await entries.textContent())!;
    expect(text).not.toMatch(/[{}]|"changes"/);
    await expectAccessible(page, `audit log (${lang})`);
    await shot(page, `${lang}-audit`, true);

    // the action filter lists the actions in words
    await page.getByLabel(L('audit.action'), { exact: true }).selectOption({ label: L('action.person.create') });
    await page.getByRole('button', { name: L('audit.apply_filters') }).click();
    await expect(entries.getByTestId('audit-entry')).toHaveCount(1);
    await expect(entries.getByTestId('audit-entry')).toContainText(L('action.person.create'));
    await owner.ctx.close();
  });

  test(`import in ${lang}: "Invite everyone new" gives QR cards, a CSV of links and Share`, async ({ browser, baseURL }) => {
    const owner = await ownerOf(browser, baseURL!, lang, NO_WEB_SHARE);
    await owner.ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = owner.page;
    const names = IMPORTED[lang];
    const csv = `name,employee_id,email\n${names[0]},E100,mona@example.com\n"${names[1]}",E10,lina@example.com\n${names[2]},,karim@example.com\n`;
    await page.goto('/admin/import');
    await page.getByLabel(L('import.paste')).fill(csv);
    await page.getByRole('button', { name: L('import.dry_run') }).click();
    await expect(page.getByText(L('import.count_created', { n: 3 }))).toBeVisible();
    // nothing to invite before the import is applied
    await expect(page.getByRole('button', { name: L('bulk.invite_all') })).toHaveCount(0);
    await page.getByRole('button', { name: L('import.apply') }).click();
    await expect(page.getByRole('heading', { name: L('import.applied_title') })).toBeVisible();
    await expectAccessible(page, `import applied (${lang})`);

    await page.getByRole('button', { name: L('bulk.invite_all') }).click();
    await expect(page.getByTestId('bulk-progress')).toHaveText(L('bulk.finished', { ok: 3, total: 3 }));
    const cards = page.getByTestId('qr-card');
    await expect(cards).toHaveCount(3);
    const links: Record<string, string> = {};
    for (const name of names) {
      const card = cards.filter({ hasText: name });
      await expect(card).toHaveCount(1);
      await expect(card.getByRole('img', { name: L('invitation.qr_label', { name }) })).toBeVisible();
      links[name] = (await card.getByTestId('qr-card-link').textContent())!.trim();
      expect(links[name]).toMatch(/^https?:\/\/.+\/invite\/[^/\s]+$/);
    }
    expect(new Set(Object.values(links)).size).toBe(3);
    await expectAccessible(page, `invitation cards (${lang})`);
    await shot(page, `${lang}-invitation-cards`, true);

    // the CSV: a byte order mark, a header, one row per person with their link; the comma quoted
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: L('bulk.download_csv') }).click()]);
    expect(download.suggestedFilename()).toBe('invitations.csv');
    const content = readFileSync((await download.path())!, 'utf8');
    expect(content.charCodeAt(0)).toBe(0xfeff);
    const rows = content.slice(1).trim().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe([L('bulk.csv_name'), L('bulk.csv_key'), L('bulk.csv_link'), L('bulk.csv_expires')].join(','));
    expect(rows.slice(1).every((r) => /\/invite\//.test(r))).toBe(true);
    const field = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    expect(rows.find((r) => r.startsWith(`${field(names[0])},`))).toContain(`,E100,${links[names[0]]},`);
    expect(rows.find((r) => r.startsWith(`${field(names[1])},`))).toContain(`,E10,${links[names[1]]},`);
    expect(rows.find((r) => r.startsWith(`${field(names[2])},`))).toContain(`,karim@example.com,${links[names[2]]},`);

    // Share without the Web Share API copies the person's link and says so
    const karim = cards.filter({ hasText: names[2] });
    await karim.getByRole('button', { name: L('share.button_for', { name: names[2] }) }).click();
    await expect(karim.getByRole('status')).toHaveText(L('share.copied'));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(links[names[2]]);

    // printed: only the cards, none split across pages
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('app-header')).toBeHidden();
    await expect(page.getByLabel(L('import.paste'))).toBeHidden();
    await expect(cards).toHaveCount(3);
    await expect(cards.first()).toBeVisible();
    await expect(cards.first()).toHaveCSS('break-inside', 'avoid');
    await expect(karim.getByRole('button', { name: L('share.button_for', { name: names[2] }) })).toBeHidden();
    await shot(page, `${lang}-invitation-cards-print`, true);
    await page.emulateMedia({ media: 'screen' });
    await owner.ctx.close();
  });

  test(`first steps and welcome in ${lang}: the owner's checklist ticks, a new person is welcomed with their group`, async ({ page, browser, baseURL }) => {
    // setup through the screens, as an owner does it
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup$/);
    await page.getByLabel(tr('en', 'setup.default_language')).selectOption(lang);
    await page.getByLabel(L('setup.organization_name'), { exact: true }).fill(n.org);
    await page.getByLabel(L('person.name'), { exact: true }).fill(n.owner);
    await page.getByLabel(L('person.email'), { exact: true }).fill('sara@example.com');
    await page.getByLabel(L('auth.password'), { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: L('setup.submit') }).click();
    await expect(page.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();

    const steps = page.getByTestId('first-steps');
    await expect(steps.getByRole('heading', { name: L('steps.title') })).toBeVisible();
    for (const [id, key, href] of [
      ['invite', 'steps.invite', '/admin/people'],
      ['import', 'steps.import', '/admin/import'],
      ['channels', 'steps.channels', '/chats/new'],
    ] as const) {
      const item = steps.getByTestId(`first-step-${id}`);
      await expect(item.getByRole('link', { name: L(key) })).toHaveAttribute('href', href);
      await expect(item).toContainText(L('steps.todo'));
    }
    await expectAccessible(page, `first steps (${lang})`);
    await shot(page, `${lang}-first-steps`);

    // a person added: "invite people" is ticked, the rest still to do
    const me = await (await page.request.get('/api/v1/me')).json();
    const csrf = me.csrf_token as string;
    const created = await page.request.post('/api/v1/people', { headers: { 'X-CSRF-Token': csrf }, data: { name: n.person, email: 'omar@example.com' } });
    expect(created.status()).toBe(201);
    const { person } = await created.json();
    await page.reload();
    await expect(steps.getByTestId('first-step-invite')).toContainText(L('steps.done'));
    await expect(steps.getByTestId('first-step-invite')).toHaveAttribute('data-done', 'true');
    await expect(steps.getByTestId('first-step-channels')).toContainText(L('steps.todo'));

    // a group with the new person in it; then a fresh link from their admin page, handed on with Share
    const group = await page.request.post('/api/v1/conversations', { headers: { 'X-CSRF-Token': csrf }, data: { kind: 'group', name: n.group, member_ids: [person.id] } });
    expect(group.ok()).toBe(true);
    const groupId = (await group.json()).id as string;
    await page.reload();
    await expect(steps.getByTestId('first-step-channels')).toContainText(L('steps.done'));

    await page.addInitScript(RECORD_WEB_SHARE);
    await page.goto(`/admin/people/${person.id}`);
    await page.getByRole('button', { name: L('admin.new_invitation') }).click();
    const link = (await page.getByTestId('invite-link').textContent())!.trim();
    await page.getByRole('button', { name: L('share.button'), exact: true }).click();
    await expect(page.getByText(L('share.shared'))).toBeVisible();
    const shared = await page.evaluate(() => (window as unknown as { shared: { url: string; title: string; text: string }[] }).shared);
    expect(shared).toHaveLength(1);
    expect(shared[0].url).toBe(link);
    expect(shared[0].text).toContain(n.person);
    await expectAccessible(page, `invitation with Share (${lang})`);

    // dismissed, the checklist stays away
    await page.goto('/');
    await steps.getByRole('button', { name: L('steps.dismiss') }).click();
    await expect(steps).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();
    await expect(steps).toHaveCount(0);

    // the invitee accepts on a phone and is welcomed with the group they are already in
    const phone = await browser.newContext({ baseURL, ...PHONE });
    const p2 = await phone.newPage();
    await p2.goto(new URL(link).pathname);
    await p2.getByLabel(L('invite.new_password'), { exact: true }).fill('omar-pass-123');
    await p2.getByLabel(L('auth.password_confirm'), { exact: true }).fill('omar-pass-123');
    await p2.getByRole('button', { name: L('invite.submit') }).click();
    const welcome = p2.getByTestId('welcome');
    await expect(welcome.getByRole('heading', { level: 1, name: L('welcome.title', { org: n.org }) })).toBeVisible();
    await expect(welcome).toContainText(n.person);
    const list = welcome.getByRole('list', { name: L('welcome.your_conversations') });
    await expect(list.getByRole('link', { name: new RegExp(n.group) })).toHaveAttribute('href', `/chats/${groupId}`);
    await expect(p2.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(p2, `welcome (${lang}, phone)`);
    await shot(p2, `${lang}-welcome`);
    await welcome.getByRole('button', { name: L('welcome.start') }).click();
    await expect(p2).not.toHaveURL(/\/welcome/);
    // the checklist is the owner's alone
    await p2.goto('/');
    await expect(p2.getByRole('heading', { level: 1, name: L('directory.title') })).toBeVisible();
    await expect(p2.getByTestId('first-steps')).toHaveCount(0);
    await phone.close();
  });
}
