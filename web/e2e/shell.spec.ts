// The app shell: a phone's conversation takes the whole screen and stays above the keyboard, a
// desktop shows the list beside the open conversation, the navigation draws its icons, and
// Latin names read in order inside the Arabic interface.
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { type Lang, PHONE, composer, shot } from './phones';

const DESKTOP = { viewport: { width: 1366, height: 900 } };
const ORG = 'Gulf Logistics Co.';
const NAMES = {
  en: { owner: 'Khalid Owner', colleague: 'Omar Farouk', latin: null, colleagueInitials: 'OF', group: 'Dubai dispatch', groupInitials: 'DD' },
  ar: { owner: 'خالد العتيبي', colleague: 'سارة المطيري', latin: 'Sara Almutairi', colleagueInitials: 'سم', group: 'Dubai dispatch', groupInitials: 'DD' },
};
const GLYPHS = /[✉☰⚙⚖●]/;

interface Shell {
  ctx: BrowserContext;
  page: Page;
  directId: string;
  groupId: string;
}

/** An organization with a Latin name, the owner signed in, a direct conversation and a group. */
async function setUp(browser: Browser, baseURL: string, lang: Lang, device: object): Promise<Shell> {
  const n = NAMES[lang];
  const ctx = await browser.newContext({ baseURL, ...device });
  const setup = await ctx.request.post('/api/v1/setup', {
    data: { organization_name: ORG, default_language: lang, owner: { name: n.owner, email: 'khalid@example.com', password: 'owner-pass-123' } },
  });
  expect(setup.status()).toBe(201);
  const csrf = (await setup.json()).csrf_token as string;
  const created = await ctx.request.post('/api/v1/people', {
    headers: { 'X-CSRF-Token': csrf },
    data: { name: n.colleague, ...(n.latin ? { name_latin: n.latin } : {}), email: 'sara@example.com', job_title: 'Dispatch lead' },
  });
  expect(created.status()).toBe(201);
  const { person, invitation } = await created.json();
  // accepted in a context of its own: accepting signs in, and the owner stays signed in here
  const other = await browser.newContext({ baseURL });
  expect((await other.request.post(`/api/v1/invitations/${invitation.token}/accept`, { data: { password: 'pass-word-1-123' } })).status()).toBe(200);
  await other.close();
  const conv = async (data: Record<string, unknown>) => {
    const res = await ctx.request.post('/api/v1/conversations', { headers: { 'X-CSRF-Token': csrf }, data });
    expect(res.ok()).toBe(true);
    return (await res.json()).id as string;
  };
  const directId = await conv({ kind: 'direct', member_ids: [person.id] });
  const groupId = await conv({ kind: 'group', name: n.group, member_ids: [person.id] });
  for (const [id, text] of [
    [directId, 'Are you at the depot?'],
    [groupId, 'Trucks leave at six'],
  ]) {
    const res = await ctx.request.post(`/api/v1/conversations/${id}/messages`, { headers: { 'X-CSRF-Token': csrf }, data: { client_id: crypto.randomUUID(), text } });
    expect(res.ok()).toBe(true);
  }
  return { ctx, page: await ctx.newPage(), directId, groupId };
}

const item = (p: Page, name: string) => p.getByTestId('conversation-item').filter({ hasText: name });

/** Where a character of an element's text is drawn (the left edge of its first occurrence). */
async function xOf(el: Locator, ch: string): Promise<number> {
  return el.evaluate((root, c) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const i = node.data.indexOf(c);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + c.length);
      return r.getBoundingClientRect().x;
    }
    throw new Error(`no ${c} in ${root.textContent}`);
  }, ch);
}

/** What Chrome and Safari do when the on-screen keyboard opens: the visual viewport shrinks. */
async function openKeyboard(p: Page, height: number) {
  await p.evaluate((h) => {
    const vv = window.visualViewport!;
    Object.defineProperty(vv, 'height', { configurable: true, get: () => h });
    vv.dispatchEvent(new Event('resize'));
  }, height);
}

for (const lang of ['en', 'ar'] as const) {
  test(`phone shell (${lang}): full-screen conversation above the keyboard, icons, initials, names in order`, async ({ browser, baseURL }) => {
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const n = NAMES[lang];
    const { ctx, page } = await setUp(browser, baseURL!, lang, PHONE);
    await page.goto('/chats');
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');

    // the header names the organization the way it is written, also inside Arabic
    const header = page.getByTestId('app-header');
    await expect(header).toBeVisible();
    await expect(page.getByTestId('org-name')).toHaveText(ORG);
    const org = page.getByTestId('org-name');
    expect(await xOf(org, 'G'), 'the G of "Gulf" is drawn left of the final period').toBeLessThan(await xOf(org, '.'));
    // and it sits at the start edge, under the app's name
    const orgBox = (await org.boundingBox())!;
    if (lang === 'ar') expect(orgBox.x + orgBox.width).toBeGreaterThan(390 - 40);
    else expect(orgBox.x).toBeLessThan(40);

    // the tab bar: SVG icons, no text glyphs, each tab named in words
    const nav = page.getByRole('navigation', { name: L('nav.label') });
    await expect(nav).toBeVisible();
    for (const key of ['nav.chats', 'nav.directory', 'nav.admin', 'nav.account']) {
      const link = nav.getByRole('link', { name: L(key), exact: true });
      await expect(link).toBeVisible();
      await expect(link.locator('svg')).toHaveCount(1);
      await expect(link.locator('svg')).toBeVisible();
    }
    expect(await nav.innerText()).not.toMatch(GLYPHS);
    await expectAccessible(page, `chat list with icons (${lang})`);
    await shot(page, `${lang}-shell-list`);

    // a last message of mine in Latin reads in order after "You:": its question mark last
    const preview = item(page, n.colleague).getByTestId('conv-preview');
    await expect(preview).toContainText('Are you at the depot?');
    expect(await xOf(preview, 'A')).toBeLessThan(await xOf(preview, '?'));
    // the list shows initials: the Arabic article of the family name skipped
    await expect(item(page, n.colleague).locator('.conv-avatar')).toHaveText(n.colleagueInitials);
    await expect(item(page, n.group).locator('.conv-avatar')).toHaveText(n.groupInitials);

    // opening a conversation: its own header at the top, the app header and tab bar gone
    await item(page, n.group).getByRole('link').click();
    const convHeader = page.getByTestId('conversation-header');
    await expect(convHeader.getByRole('heading', { level: 1 })).toHaveText(n.group);
    await expect(header).toBeHidden();
    await expect(nav).toBeHidden();
    const back = page.getByRole('link', { name: L('chat.back') });
    await expect(back).toBeVisible();
    await expect(back.locator('svg')).toBeVisible();
    await expect(convHeader.getByTestId('conv-avatar')).toHaveText(n.groupInitials);
    await expect(convHeader).toContainText(L('chat.members_count', { n: 2 }));
    await expect(convHeader.getByTestId('search-conversation-link')).toBeVisible();
    expect((await convHeader.boundingBox())!.y).toBeLessThanOrEqual(1);
    // the back button is at the start edge: left in English, right in Arabic
    const backBox = (await back.boundingBox())!;
    if (lang === 'ar') expect(backBox.x).toBeGreaterThan(390 / 2);
    else expect(backBox.x + backBox.width).toBeLessThan(390 / 2);
    const send = page.getByRole('button', { name: L('chat.send') });
    await expect(composer(page)).toBeVisible();
    expect((await composer(page).boundingBox())!.y + (await composer(page).boundingBox())!.height).toBeLessThanOrEqual(844);
    await expectAccessible(page, `full-screen conversation (${lang})`);
    await shot(page, `${lang}-shell-conversation`);

    // an empty field takes the interface's direction: an Arabic placeholder sits at the right
    await expect(composer(page)).toHaveCSS('direction', lang === 'ar' ? 'rtl' : 'ltr');

    // the keyboard opens: the screen ends above it, the composer and the header stay in sight
    await composer(page).click();
    await openKeyboard(page, 480);
    await expect
      .poll(async () => {
        const b = await composer(page).boundingBox();
        return b ? b.y + b.height : Infinity;
      })
      .toBeLessThanOrEqual(480);
    // with the box empty, the microphone stands where send will be
    const sendBox = (await page.getByRole('button', { name: L('voice.record') }).boundingBox())!;
    expect(sendBox.y + sendBox.height).toBeLessThanOrEqual(480);
    expect((await convHeader.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await expect(page.getByTestId('message-list')).toBeVisible();
    await shot(page, `${lang}-shell-keyboard`);
    // and typing still sends
    await composer(page).fill('On my way');
    await send.click();
    await expect(page.getByTestId('message-text').filter({ hasText: 'On my way' })).toBeVisible();
    await openKeyboard(page, 844);
    await expect.poll(async () => (await composer(page).boundingBox())!.y).toBeGreaterThan(700);

    // back to the list: the app header and the tab bar return
    await back.click();
    await expect(header).toBeVisible();
    await expect(nav).toBeVisible();
    await expect(page.getByTestId('conversation')).toHaveCount(0);

    // the direct conversation's header: the colleague's initials and whether they are online
    await item(page, n.colleague).getByRole('link').click();
    await expect(convHeader.getByTestId('conv-avatar')).toHaveText(n.colleagueInitials);
    await expect(convHeader.getByTestId('direct-presence')).toBeVisible();
    await back.click();

    // the directory's empty search box: its placeholder takes the interface's direction
    await nav.getByRole('link', { name: L('nav.directory'), exact: true }).click();
    const card = page.getByTestId('person-card').filter({ hasText: n.colleague });
    await expect(card.locator('.avatar')).toHaveText(n.colleagueInitials);
    if (n.latin) {
      // the Latin name lines up with the Arabic one at the start edge (the right)
      const arabic = (await card.locator('.person-name bdi').boundingBox())!;
      const latin = (await card.locator('.person-latin bdi').boundingBox())!;
      await expect(card.locator('.person-latin')).toHaveText(n.latin);
      expect(Math.abs(arabic.x + arabic.width - (latin.x + latin.width))).toBeLessThan(2);
    }
    const search = page.getByRole('searchbox', { name: L('directory.search') });
    await expect(search).toHaveValue('');
    await expect(search).toHaveCSS('direction', lang === 'ar' ? 'rtl' : 'ltr');
    await search.fill('Omar');
    await expect(search).toHaveCSS('direction', 'ltr');
    await search.fill('');

    // admin: the tabs scroll sideways, a fade says more are there, until the last one shows
    await nav.getByRole('link', { name: L('nav.admin'), exact: true }).click();
    const tabs = page.getByRole('navigation', { name: L('admin.nav_label') });
    await expect(page.getByTestId('admin-tabs-more')).toBeVisible();
    await tabs.evaluate((el) => (el.scrollLeft = el.scrollWidth * (document.dir === 'rtl' ? -1 : 1)));
    await expect(page.getByTestId('admin-tabs-more')).toHaveCount(0);
    // a tab far along is scrolled into view when it is the current one
    await page.goto('/admin/working-hours');
    const current = tabs.getByRole('link', { name: L('admin.working_hours') });
    await expect(current).toHaveAttribute('aria-current', 'page');
    const tabsBox = (await tabs.boundingBox())!;
    await expect
      .poll(async () => {
        const b = (await current.boundingBox())!;
        return b.x >= tabsBox.x - 1 && b.x + b.width <= tabsBox.x + tabsBox.width + 1;
      })
      .toBe(true);
    await expectAccessible(page, `admin tabs scrolled (${lang})`);
    await shot(page, `${lang}-shell-admin-tabs`);

    // the people list: a Latin job title and e-mail keep their order inside Arabic
    await tabs.getByRole('link', { name: L('admin.people') }).click();
    const row = page.getByTestId('people-row').filter({ hasText: n.colleague });
    const details = row.getByTestId('people-row-details');
    await expect(details).toContainText('Dispatch lead');
    // the job title comes before the e-mail: to its right in Arabic, to its left in English
    const title = (await details.locator('bdi', { hasText: 'Dispatch lead' }).boundingBox())!;
    const email = (await details.locator('bdi', { hasText: 'sara@example.com' }).boundingBox())!;
    // (a narrow phone may wrap the line: then the title is on the line above)
    const sameLine = Math.abs(title.y - email.y) < title.height / 2;
    if (!sameLine) expect(title.y).toBeLessThan(email.y);
    else if (lang === 'ar') expect(title.x).toBeGreaterThan(email.x);
    else expect(title.x).toBeLessThan(email.x);

    // a new person: the invitation comes up with its title below the sticky header
    await page.getByRole('button', { name: L('admin.add_person') }).click();
    const form = page.locator('form.person-form');
    await form.getByLabel(L('person.name'), { exact: true }).fill(lang === 'ar' ? 'ليلى الحربي' : 'Laila Harbi');
    await form.getByLabel(L('person.email'), { exact: true }).fill('laila@example.com');
    await form.getByRole('button', { name: L('admin.create') }).click();
    const invitationTitle = page.locator('#invitation-h');
    await expect(invitationTitle).toBeVisible();
    await expect
      .poll(async () => {
        const h = (await header.boundingBox())!;
        const t = (await invitationTitle.boundingBox())!;
        return t.y >= h.y + h.height && t.y < 844 / 2;
      })
      .toBe(true);
    await ctx.close();
  });

  test(`desktop shell (${lang}): the list beside the open conversation`, async ({ browser, baseURL }) => {
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const n = NAMES[lang];
    const { ctx, page, directId, groupId } = await setUp(browser, baseURL!, lang, DESKTOP);
    await page.goto('/chats');

    // nothing open: the list, a quiet placeholder beside it, and the header with the navigation
    const list = page.getByRole('list', { name: L('chat.list_label') });
    await expect(list).toBeVisible();
    await expect(page.getByTestId('choose-conversation')).toHaveText(new RegExp(L('shell.choose_conversation')));
    const nav = page.getByRole('navigation', { name: L('nav.label') });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole('link', { name: L('nav.chats'), exact: true }).locator('svg')).toBeVisible();
    expect(await nav.innerText()).not.toMatch(GLYPHS);
    await expect(page.getByTestId('org-name')).toHaveText(ORG);
    await expectAccessible(page, `two panes, nothing open (${lang})`);
    await shot(page, `${lang}-shell-desktop-empty`);

    // the list is at the start edge: left in English, right in Arabic
    const listBox = (await list.boundingBox())!;
    const paneBox = (await page.getByTestId('chats-pane').boundingBox())!;
    if (lang === 'ar') expect(listBox.x).toBeGreaterThan(paneBox.x);
    else expect(listBox.x).toBeLessThan(paneBox.x);

    // open one: it shows beside the list, which stays and marks it
    await item(page, n.group).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/chats/${groupId}$`));
    const conv = page.getByTestId('conversation');
    await expect(conv.getByRole('heading', { level: 1 })).toHaveText(n.group);
    await expect(list).toBeVisible();
    await expect(page.getByTestId('choose-conversation')).toHaveCount(0);
    await expect(item(page, n.group).getByRole('link')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('app-header')).toBeVisible();
    // no back button: the list is right there
    await expect(page.getByRole('link', { name: L('chat.back') })).toBeHidden();
    const input = (await composer(page).boundingBox())!;
    expect(input.y + input.height).toBeLessThanOrEqual(900);
    expect(lang === 'ar' ? input.x + input.width <= listBox.x + 1 : input.x >= listBox.x + listBox.width - 1).toBe(true);
    await expectAccessible(page, `two panes, a group open (${lang})`);
    await shot(page, `${lang}-shell-desktop-open`);

    // another one: the right pane switches, the list stays as it was
    await item(page, n.colleague).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/chats/${directId}$`));
    await expect(conv.getByRole('heading', { level: 1 })).toHaveText(n.colleague);
    await expect(page.getByTestId('conversation')).toHaveCount(1);
    await expect(item(page, n.colleague).getByRole('link')).toHaveAttribute('aria-current', 'page');
    await expect(item(page, n.group).getByRole('link')).not.toHaveAttribute('aria-current', 'page');
    await expect(conv.getByTestId('conv-avatar')).toHaveText(n.colleagueInitials);
    await expect(list).toBeVisible();

    // the details replace the conversation in the same pane, the list still beside them
    await page.getByTestId('open-details').click();
    await expect(page.getByTestId('conversation-info')).toBeVisible();
    await expect(list).toBeVisible();
    await expectAccessible(page, `two panes, details (${lang})`);
    await shot(page, `${lang}-shell-desktop-details`);
    await ctx.close();
  });
}
