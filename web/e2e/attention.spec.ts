// Attention on phones, in English and Arabic: a person's working hours make a colleague's direct
// conversation say when they are back; urgent messages are marked for those the policy allows and
// refused (with the server's words) for the others; the digest lists what waited while someone was
// off; the Notifications screen lists one's devices and turns them off; admins set default hours
// and import a shift roster. Every new screen passes axe and does not scroll sideways on a phone.
import type { Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createECDH, randomBytes } from 'node:crypto';
import { expect, expectAccessible, prerequisitesMissing, startServer, stopServer, test, tr } from './fixtures';
import { createConversation, organization, postMessage, type Person } from './organization';
import { type Lang, composer, sendButton, messageWith, shot } from './phones';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const NAMES: Record<Lang, { group: string; urgent: string; department: string }> = {
  en: { group: 'Night shift', urgent: 'Freezer 2 is failing, move the stock now', department: 'Sales' },
  ar: { group: 'المناوبة الليلية', urgent: 'الثلاجة 2 تتعطل، انقلوا البضاعة الآن', department: 'المبيعات' },
};

const noSidewaysScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const weekday = (i: number, lang: Lang) => new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + i)));
const todayIn = (zone: string) => DAYS.indexOf(new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: zone }).format(new Date()).toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
const clock = (iso: string, zone: string, lang: Lang) => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(iso));
const dateIn = (d: Date, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d);
const write = (by: Person) => ({ 'X-CSRF-Token': by.csrf });

/** A browser's push subscription as PushSubscription.toJSON() gives it: a real P-256 key and 16 secret bytes. */
function subscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
}

for (const lang of ['en', 'ar'] as const) {
  test(`${lang}: working hours set on the Notifications screen make a colleague's direct conversation say when they are back`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    for (const x of [b, c]) await x.ctx.close();
    const p = a.page;
    // the colleague's phone shows times in its own zone; Omar sets his hours in the same one
    const zone = await owner.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

    // From his account page, Omar opens Notifications: nothing is set, so he is always at work
    await p.goto('/me/sessions');
    await p.getByTestId('open-notifications').click();
    await expect(p.getByRole('heading', { level: 1, name: L('notify.title') })).toBeVisible();
    await expect(p.getByTestId('my-status')).toHaveText(L('hours.status_always'));
    await expect(p.getByTestId('hours-source')).toHaveText(L('hours.source_always_working'));

    // He finds his time zone, takes "Monday–Friday 09:00–17:00" and has today off
    await p.getByLabel(L('hours.zone_search')).fill(zone.split('/').pop()!.replace(/_/g, ' '));
    await p.getByTestId('time-zone').selectOption(zone);
    await p.getByTestId('preset-mon_fri').click();
    await expect(p.getByTestId('preset-mon_fri')).toHaveAttribute('aria-pressed', 'true');
    const today = todayIn(zone);
    const todayBox = p.getByTestId(`day-${DAYS[today]}`).getByRole('checkbox', { name: weekday(today, lang) });
    if (today >= 1 && today <= 5) await todayBox.uncheck();
    await expect(todayBox).not.toBeChecked();
    await p.getByRole('button', { name: L('hours.save') }).click();
    await expect(p.getByText(L('admin.saved'))).toBeVisible();

    // He is off until 09:00 on the next weekday
    let ahead = 1;
    while ((today + ahead) % 7 === 0 || (today + ahead) % 7 === 6) ahead++;
    const when = L('when.at', { time: '09:00', day: ahead === 1 ? L('when.tomorrow') : weekday((today + ahead) % 7, lang) });
    await expect(p.getByTestId('my-status')).toHaveText(L('hours.status_off_until', { when }));
    await expect(p.getByTestId('hours-source')).toHaveText(L('hours.source_person'));
    expect(await noSidewaysScroll(p)).toBe(true);
    await expectAccessible(p, `notifications (${lang})`);
    await shot(p, `notifications-${lang}`, true);

    // Sara messages him from his profile: the conversation says when he will see it
    await owner.page.goto(`/people/${a.id}`);
    await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
    await expect(owner.page).toHaveURL(/\/chats\/c_/);
    const notice = owner.page.getByTestId('away-notice');
    await expect(notice).toContainText(L('availability.off_until', { name: a.name, when }));
    await expect(notice.locator('bdi')).toHaveText(a.name);
    expect(await noSidewaysScroll(owner.page)).toBe(true);
    await expectAccessible(owner.page, `direct conversation with a person off work (${lang})`);
    await shot(owner.page, `away-notice-${lang}`);

    // Omar pauses notifications for an hour; opening the conversation again says until when
    await p.getByRole('button', { name: L('dnd.hour') }).click();
    await expect(p.getByRole('button', { name: L('dnd.resume') })).toBeVisible();
    const { do_not_disturb_until: until } = await (await a.ctx.request.get(`/api/v1/people/${a.id}/availability`)).json();
    const untilDay = dateIn(new Date(until), zone) === dateIn(new Date(), zone) ? L('when.today') : L('when.tomorrow');
    await expect(p.getByTestId('my-status')).toHaveText(L('hours.status_paused', { when: L('when.at', { time: clock(until, zone, lang), day: untilDay }) }));
    await owner.page.reload();
    await expect(notice).toContainText(L('availability.paused_until', { name: a.name, when: L('when.at', { time: clock(until, zone, lang), day: untilDay }) }));
    await p.getByRole('button', { name: L('dnd.resume') }).click();
    await expect(p.getByTestId('my-status')).toHaveText(L('hours.status_off_until', { when }));
    for (const x of [owner, a]) await x.ctx.close();
  });

  test(`${lang}: urgent messages are marked by those the policy allows, and the others are refused in the server's words`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    await c.ctx.close();
    const { group, urgent } = NAMES[lang];
    const convId = await createConversation(owner, { kind: 'group', name: group, member_ids: [a.id, b.id] });

    // Omar is a member of the group: by default (moderators) he has no urgency control there
    await a.page.goto(`/chats/${convId}`);
    await expect(composer(a.page)).toBeVisible();
    await expect(a.page.getByRole('button', { name: L('urgency.choose') })).toHaveCount(0);

    // Sara (owner of the group, an admin) marks her message urgent
    const s = owner.page;
    await s.goto(`/chats/${convId}`);
    await s.getByRole('button', { name: L('urgency.choose') }).click();
    await expect(s.getByTestId('urgency-menu')).toBeVisible();
    await expectAccessible(s, `urgency menu (${lang})`);
    await shot(s, `urgency-menu-${lang}`);
    await s.getByRole('button', { name: L('urgency.urgent'), exact: true }).click();
    await expect(s.getByTestId('urgency-chip')).toContainText(L('urgency.urgent'));
    await composer(s).fill(urgent);
    expect(await noSidewaysScroll(s)).toBe(true);
    await sendButton(s).click();
    await expect(s.getByTestId('urgency-chip')).toHaveCount(0);

    // Omar sees it arrive with the Urgent badge
    const received = messageWith(a.page, urgent);
    await expect(received.getByTestId('urgency-badge')).toContainText(L('urgency.urgent'));
    expect(await noSidewaysScroll(a.page)).toBe(true);
    await shot(a.page, `urgent-${lang}`);

    // The admin lets every member send urgent messages, on the Policies page
    await s.goto('/admin/policies');
    await s.getByLabel(L('policies.send_urgent')).selectOption({ label: L('policies.mention_members') });
    await s.getByLabel(L('policies.notification_content')).selectOption({ label: L('policies.notification_content_sender_only') });
    await s.getByRole('button', { name: L('common.save') }).click();
    await expect(s.getByText(L('admin.saved'))).toBeVisible();
    expect(await (await owner.ctx.request.get('/api/v1/policies')).json()).toMatchObject({ send_urgent: 'members', notification_content: 'sender_only' });
    await a.page.reload();
    await expect(a.page.getByRole('button', { name: L('urgency.choose') })).toBeVisible();

    // ...and takes it back while Omar's app still offers it: the server refuses, and says why
    const back = await owner.ctx.request.patch('/api/v1/policies', { headers: write(owner), data: { send_urgent: 'admins' } });
    expect(back.ok()).toBe(true);
    await a.page.getByRole('button', { name: L('urgency.choose') }).click();
    await a.page.getByRole('button', { name: L('urgency.important'), exact: true }).click();
    await a.page.getByRole('button', { name: L('urgency.choose') }).click();
    await a.page.getByRole('button', { name: L('urgency.urgent'), exact: true }).click();
    await composer(a.page).fill('me too');
    await sendButton(a.page).click();
    await expect(a.page.getByTestId('send-error')).toContainText('Only admins may send urgent messages');
    await expect(a.page.getByTestId('pending-message').getByTestId('urgency-badge')).toContainText(L('urgency.urgent'));
    for (const x of [owner, a, b]) await x.ctx.close();
  });

  test(`${lang}: the digest page lists the messages that waited while a person was off`, async ({ browser }) => {
    test.setTimeout(120_000);
    const missing = prerequisitesMissing();
    if (missing && process.env.MUSTER_E2E_REQUIRED) throw new Error(missing);
    test.skip(missing !== null, missing ?? '');
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    // Holding needs a device to notify: a local "push service" that accepts everything
    const pushService = createServer((req, res) => req.resume().on('end', () => res.writeHead(201).end()));
    await new Promise<void>((listening) => pushService.listen(0, '127.0.0.1', listening));
    const pushUrl = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
    const server = await startServer({ args: ['--push-service', pushUrl] });
    try {
      const { owner, a, b, c } = await organization(browser, server.url, lang);
      await c.ctx.close();
      const added = await a.ctx.request.post('/api/v1/push/subscriptions', { headers: write(a), data: subscription(`${pushUrl}/omar-phone`) });
      expect(added.status()).toBe(201);
      // Omar works every day but today
      const today = DAYS[todayIn('UTC')];
      const weekly = Object.fromEntries(DAYS.map((d) => [d, d === today ? [] : [['09:00', '17:00']]]));
      const hours = await a.ctx.request.put('/api/v1/me/working-hours', { headers: write(a), data: { time_zone: 'UTC', weekly } });
      expect((await hours.json()).working).toBe(false);

      // Sara writes to the group (once naming Omar) and to him directly
      const { group } = NAMES[lang];
      const groupId = await createConversation(owner, { kind: 'group', name: group, member_ids: [a.id, b.id] });
      const directId = await createConversation(owner, { kind: 'direct', member_ids: [a.id] });
      await postMessage(owner, groupId, 'Stock count at 5');
      await postMessage(owner, groupId, `@[${a.name}](${a.id}) can you open tomorrow?`);
      await postMessage(owner, groupId, 'Thanks all');
      await postMessage(owner, directId, 'Call me when you are in');
      await postMessage(owner, directId, 'No rush');
      // (held in the background: wait until all five are counted; only the one naming Omar is a mention)
      await expect.poll(async () => (await (await a.ctx.request.get('/api/v1/me/digest')).json()).messages).toBe(5);

      const p = a.page;
      await p.goto('/digest');
      await expect(p.getByRole('heading', { level: 1, name: L('push.digest_title') })).toBeVisible();
      await expect(p.getByTestId('digest-summary')).toHaveText(L('push.digest_mention_one', { text: L('push.digest_many', { n: 5, c: 2 }) }));
      const rows = p.getByTestId('digest-conversation');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0)).toContainText(group);
      await expect(rows.nth(0)).toContainText(L('digest.messages', { n: 3 }));
      await expect(rows.nth(0)).toContainText(L('digest.mentions_one'));
      await expect(rows.nth(1)).toContainText(owner.name);
      await expect(rows.nth(1)).toContainText(L('digest.messages', { n: 2 }));
      expect(await noSidewaysScroll(p)).toBe(true);
      await expectAccessible(p, `digest (${lang})`);
      await shot(p, `digest-${lang}`);

      // a tap opens the conversation
      await rows.nth(0).click();
      await expect(p).toHaveURL(new RegExp(`/chats/${groupId}$`));
      await expect(messageWith(p, 'Thanks all')).toBeVisible();

      // Lina had nothing held: a friendly empty page
      await b.page.goto('/digest');
      await expect(b.page.getByTestId('digest-empty')).toContainText(L('digest.empty'));
      await expectAccessible(b.page, `empty digest (${lang})`);
      for (const x of [owner, a, b]) await x.ctx.close();
    } finally {
      await stopServer(server);
      pushService.close();
    }
  });

  test(`${lang}: admins set default working hours and import a shift roster`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    for (const x of [b, c]) await x.ctx.close();
    const { department } = NAMES[lang];
    const moved = await owner.ctx.request.patch(`/api/v1/people/${a.id}`, { headers: write(owner), data: { department } });
    expect(moved.ok()).toBe(true);

    const s = owner.page;
    await s.goto('/admin/people');
    await s.getByRole('link', { name: L('admin.working_hours') }).click();
    await expect(s.getByRole('heading', { level: 1, name: L('hours.admin_title') })).toBeVisible();

    // the organization's default: Sunday–Thursday 08:00–16:00
    const rows = s.getByTestId('default-row');
    await rows.first().getByRole('button', { name: L('hours.edit_named', { name: L('hours.default_organization') }) }).click();
    await rows.first().getByTestId('preset-sun_thu').click();
    await rows.first().getByRole('button', { name: L('hours.save') }).click();
    await expect(rows.first()).toContainText('08:00–16:00');

    // the department's, picked from the directory's departments: Monday–Friday 09:00–17:00
    await s.getByLabel(L('hours.add_departments')).selectOption(department);
    await s.getByRole('button', { name: L('hours.add'), exact: true }).click();
    const dept = rows.filter({ hasText: department });
    await dept.getByTestId('preset-mon_fri').click();
    await dept.getByRole('button', { name: L('hours.save') }).click();
    await expect(dept).toContainText('09:00–17:00');
    const defaults = await (await owner.ctx.request.get('/api/v1/working-hours/defaults')).json();
    expect(defaults.departments[department].weekly.mon).toEqual([['09:00', '17:00']]);
    expect(defaults.organization.weekly.sun).toEqual([['08:00', '16:00']]);

    // Omar now follows his department's hours
    await a.page.goto('/me/notifications');
    await expect(a.page.getByTestId('hours-source')).toHaveText(L('hours.source_department'));

    // a roster: the dry run names the bad line; fixed, it applies
    const date = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const roster = `email,date,start,end\np0@example.com,${date(2)},22:00,06:00\np0@example.com,2026-13-01,08:00,16:00\n`;
    const paste = s.getByLabel(L('import.paste'));
    await paste.fill(roster);
    await s.getByRole('button', { name: L('import.dry_run') }).click();
    const report = s.getByTestId('shift-report');
    await expect(report).toContainText(L('import.error_line', { line: 3, field: 'date' }));
    await expect(s.getByRole('button', { name: L('import.apply') })).toBeDisabled();
    await paste.fill(roster.replace('2026-13-01', date(3)));
    await s.getByRole('button', { name: L('import.dry_run') }).click();
    await expect(report).toContainText(L('shifts.count_people', { n: 1 }));
    await expect(report).toContainText(L('shifts.count_dates', { n: 2 }));
    await s.getByRole('button', { name: L('import.apply') }).click();
    await expect(report.getByRole('heading', { name: L('import.applied_title') })).toBeVisible();
    const omar = await (await owner.ctx.request.get(`/api/v1/people/${a.id}/working-hours`)).json();
    expect(omar.hours.shifts).toEqual([
      { date: date(2), intervals: [['22:00', '06:00']] },
      { date: date(3), intervals: [['08:00', '16:00']] },
    ]);
    expect(await noSidewaysScroll(s)).toBe(true);
    await expectAccessible(s, `working hours admin (${lang})`);
    await shot(s, `working-hours-admin-${lang}`, true);

    // the organization's default removed: the department's stays
    await rows.first().getByRole('button', { name: L('hours.remove_named', { name: L('hours.default_organization') }) }).click();
    await expect(rows.first()).toContainText(L('hours.default_none_organization'));
    await expect(dept).toContainText('09:00–17:00');
    for (const x of [owner, a]) await x.ctx.close();
  });
}

test('going back to the default hours: always at work again, and a colleague sees no notice', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  for (const x of [b, c]) await x.ctx.close();
  const today = DAYS[todayIn('UTC')];
  const weekly = Object.fromEntries(DAYS.map((d) => [d, d === today ? [] : [['09:00', '17:00']]]));
  expect((await a.ctx.request.put('/api/v1/me/working-hours', { headers: write(a), data: { time_zone: 'UTC', weekly } })).ok()).toBe(true);
  await a.page.goto('/me/notifications');
  await a.page.getByRole('button', { name: L('hours.use_default') }).click();
  await expect(a.page.getByTestId('my-status')).toHaveText(L('hours.status_always'));
  await expect(a.page.getByTestId('hours-source')).toHaveText(L('hours.source_always_working'));
  const direct = await createConversation(owner, { kind: 'direct', member_ids: [a.id] });
  await owner.page.goto(`/chats/${direct}`);
  await expect(composer(owner.page)).toBeVisible();
  await expect(owner.page.getByTestId('away-notice')).toHaveCount(0);
});

test('the Notifications screen lists the devices with notifications on and turns them off', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  for (const x of [owner, b, c]) await x.ctx.close();
  // this phone, and another session of Omar's (a tablet) with notifications on
  const fcm = (id: string) => `https://fcm.googleapis.com/fcm/send/${id}`;
  expect((await a.ctx.request.post('/api/v1/push/subscriptions', { headers: write(a), data: subscription(fcm('phone')) })).status()).toBe(201);
  const tablet = await browser.newContext({ baseURL, userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' });
  const signIn = await tablet.request.post('/api/v1/auth/sign-in', { data: { login: 'p0@example.com', password: 'pass-word-0-123' } });
  const tabletCsrf = (await signIn.json()).csrf_token;
  expect((await tablet.request.post('/api/v1/push/subscriptions', { headers: { 'X-CSRF-Token': tabletCsrf }, data: subscription(fcm('tablet')) })).status()).toBe(201);

  const p = a.page;
  await p.goto('/me/notifications');
  const devices = p.getByTestId('push-device');
  await expect(devices).toHaveCount(2);
  const mine = devices.filter({ hasText: L('sessions.this_device') });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(L('notify.never_used'));
  const sw = p.getByRole('switch', { name: L('notify.switch') });
  await expect(sw).toHaveAttribute('aria-checked', 'true');
  await expectAccessible(p, 'notifications with devices');
  await shot(p, 'notifications-devices-en', true);

  // the tablet is turned off from here
  const other = devices.filter({ hasNot: p.getByText(L('sessions.this_device')) });
  await other.getByRole('button', { name: /^Turn off notifications on / }).click();
  await expect(p.getByText(L('notify.removed'))).toBeVisible();
  await expect(devices).toHaveCount(1);
  const left = (await (await tablet.request.get('/api/v1/push/subscriptions')).json()).items;
  expect(left.map((x: { current: boolean }) => x.current)).toEqual([false]); // only the phone's

  // and this phone with the switch
  await sw.click();
  await expect(p.getByText(L('notify.off_done'))).toBeVisible();
  await expect(sw).toHaveAttribute('aria-checked', 'false');
  await expect(p.getByText(L('notify.no_devices'))).toBeVisible();

  // turning it on needs the browser's permission: refused here, the screen says how to allow it
  await sw.click();
  await expect(p.getByRole('alert')).toHaveText(L('notify.fail_denied'));
  expect(await noSidewaysScroll(p)).toBe(true);
  await tablet.close();
  await a.ctx.close();
});
