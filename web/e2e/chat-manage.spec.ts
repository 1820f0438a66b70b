import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { type Lang, composer, sendButton, messageWith, shot } from './phones';
import { type Person, organization, postMessage } from './organization';

const item = (p: Page, name: string) => p.getByTestId('conversation-item').filter({ hasText: name });
const member = (p: Page, name: string) => p.getByTestId('member').filter({ hasText: name });

async function send(p: Page, text: string) {
  await composer(p).fill(text);
  await sendButton(p).click();
  await expect(messageWith(p, text)).toHaveCount(1);
}

/** Sara creates a group with Omar and Lina from the new-conversation screen. */
async function createGroup(p: Page, lang: Lang, people: Person[], name: string) {
  const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
  await p.goto('/chats/new');
  for (const x of people) {
    await p.getByTestId('people-search').fill(x.name.split(' ')[0]);
    await p.getByRole('button', { name: L('newchat.add', { name: x.name }) }).click();
  }
  await p.getByLabel(L('newchat.group_name')).fill(name);
  await p.getByTestId('start-conversation').click();
  await expect(p.getByRole('heading', { level: 1 })).toContainText(name);
}

/** Center of an element relative to its container's center: negative = left. */
async function sideOf(inner: ReturnType<Page['locator']>, outer: ReturnType<Page['locator']>) {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  return a.x + a.width / 2 - (b.x + b.width / 2);
}

for (const lang of ['en', 'ar'] as const) {
  test(`managing a group: details, members, roles, my settings (${lang})`, async ({ browser, baseURL }) => {
    test.slow(); // four people in four browsers: about 30 s on a busy 2-core machine
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    const p = owner.page;
    const group = lang === 'ar' ? 'الوردية الليلية' : 'Night shift';
    const renamed = lang === 'ar' ? 'فريق الوردية الليلية' : 'Night shift team';

    await createGroup(p, lang, [a, b], group);
    await send(p, lang === 'ar' ? 'جدول الأسبوع منشور' : 'The week plan is posted');
    await a.page.goto('/chats');
    await b.page.goto('/chats');
    await expect(item(b.page, group)).toBeVisible();

    // the title opens the details; the info mark sits at the inline end (left in Arabic)
    const head = p.locator('.conv-head');
    const icon = p.locator('.conv-info-icon');
    if (lang === 'ar') expect(await sideOf(icon, head)).toBeLessThan(0);
    else expect(await sideOf(icon, head)).toBeGreaterThan(0);
    await p.getByTestId('open-details').click();
    await expect(p).toHaveURL(/\/chats\/c_[^/]+\/info$/);
    const info = p.getByTestId('conversation-info');
    await expect(info.getByRole('heading', { level: 1 })).toHaveText(group);
    await expect(info).toContainText(L('chat.kind_group'));
    await expect(p.getByRole('heading', { name: L('info.members', { n: 3 }) })).toBeVisible();
    await expect(member(p, owner.name)).toHaveAttribute('data-role', 'owner');
    await expect(member(p, a.name).getByTestId('member-role')).toHaveText(L('member_role.member'));
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(p, `conversation details (${lang})`);
    await shot(p, `${lang}-info`, true);

    // rename and describe it: Omar's chat list follows live
    await p.getByTestId('edit-conversation').click();
    await p.getByLabel(L('info.name_optional'), { exact: true }).fill(renamed);
    await p.getByLabel(L('info.description'), { exact: true }).fill(lang === 'ar' ? 'من يعمل ليلًا' : 'Who works nights');
    await expectAccessible(p, `edit conversation (${lang})`);
    await p.getByRole('button', { name: L('common.save') }).click();
    await expect(info.getByRole('heading', { level: 1 })).toHaveText(renamed);
    await expect(info).toContainText(lang === 'ar' ? 'من يعمل ليلًا' : 'Who works nights');
    await expect(item(a.page, renamed)).toBeVisible();

    // add Karim from the directory (people already in it are not offered)
    await p.getByTestId('add-members').click();
    await p.getByTestId('people-search').fill(a.name.split(' ')[0]);
    await expect(p.getByText(L('newchat.no_people'))).toBeVisible();
    await p.getByTestId('people-search').fill(c.name.split(' ')[0]);
    await p.getByRole('button', { name: L('newchat.add', { name: c.name }) }).click();
    await p.getByTestId('add-selected').click();
    await expect(member(p, c.name)).toHaveAttribute('data-role', 'member');
    await expect(p.getByRole('heading', { name: L('info.members', { n: 4 }) })).toBeVisible();
    await c.page.goto('/chats');
    await expect(item(c.page, renamed)).toBeVisible();

    // Omar becomes a moderator
    await p.getByRole('button', { name: L('info.manage_member', { name: a.name }) }).click();
    await p.getByLabel(L('info.role_of', { name: a.name })).selectOption('moderator');
    await expect(member(p, a.name)).toHaveAttribute('data-role', 'moderator');
    await expect(p.getByText(L('info.role_changed', { name: a.name, role: L('member_role.moderator') }))).toBeVisible();
    // the "⋯" of a member sits at the inline end (left in Arabic)
    const more = member(p, b.name).getByRole('button', { name: L('info.manage_member', { name: b.name }) });
    if (lang === 'ar') expect(await sideOf(more, member(p, b.name))).toBeLessThan(0);
    else expect(await sideOf(more, member(p, b.name))).toBeGreaterThan(0);
    await expectAccessible(p, `member controls (${lang})`);
    await shot(p, `${lang}-info-members`, true);

    // Lina is removed: the conversation leaves her list at once
    await more.click();
    await p.getByRole('button', { name: L('info.remove', { name: b.name }) }).click();
    await p.getByRole('button', { name: L('info.remove_yes') }).click();
    await expect(member(p, b.name)).toHaveCount(0);
    await expect(p.getByText(L('info.removed', { name: b.name }))).toBeVisible();
    await expect(item(b.page, group)).toHaveCount(0);
    await expect(item(b.page, renamed)).toHaveCount(0);

    // after a reload the server says the same
    await p.reload();
    await expect(member(p, a.name)).toHaveAttribute('data-role', 'moderator');
    await expect(p.getByTestId('member')).toHaveCount(3);

    // Omar: a newer direct conversation with Sara sits above the group ...
    await a.page.goto(`/people/${owner.id}`);
    await a.page.getByRole('button', { name: L('chat.message_person') }).click();
    await send(a.page, lang === 'ar' ? 'مرحبا سارة' : 'Hi Sara');
    await a.page.getByRole('link', { name: L('chat.back') }).click();
    const ids = () => a.page.getByTestId('conversation-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText));
    await expect.poll(async () => (await ids())[0]).toContain(owner.name);

    // ... until he pins the group, mutes it and asks only for mentions
    await item(a.page, renamed).getByRole('link').click();
    await a.page.getByTestId('open-details').click();
    const settings = a.page.getByTestId('my-settings');
    await settings.getByLabel(L('info.notify_mentions')).check();
    await settings.getByLabel(L('info.mute')).check();
    await settings.getByLabel(L('info.pin')).check();
    await expect(settings.getByRole('status')).toHaveText(L('info.saved'));
    await expectAccessible(a.page, `my settings (${lang})`);
    await shot(a.page, `${lang}-info-settings`, true);
    await a.page.getByRole('navigation', { name: L('nav.label') }).getByRole('link', { name: L('nav.chats') }).click();
    await expect.poll(async () => (await ids())[0]).toContain(renamed);
    await expect(item(a.page, renamed)).toHaveAttribute('data-muted', 'true');
    await expect(item(a.page, renamed).getByTestId('muted-mark')).toBeVisible();
    await expect(item(a.page, renamed)).toHaveAttribute('data-pinned', 'true');

    // a new message in the muted group: counted on the conversation, not on the Chats tab
    await p.goto('/chats');
    await item(p, renamed).getByRole('link').click();
    await send(p, lang === 'ar' ? 'تذكير: الاجتماع غدًا' : 'Reminder: meeting tomorrow');
    await expect(item(a.page, renamed).getByTestId('unread-badge')).toContainText('1');
    await expect(a.page.getByTestId('nav-unread')).toHaveCount(0);
    await shot(a.page, `${lang}-list-muted`, true);

    // the settings stay after a reload
    await item(a.page, renamed).getByRole('link').click();
    await a.page.getByTestId('open-details').click();
    await a.page.reload();
    await expect(a.page.getByTestId('my-settings').getByLabel(L('info.notify_mentions'))).toBeChecked();
    await expect(a.page.getByTestId('my-settings').getByLabel(L('info.mute'))).toBeChecked();
    await expect(a.page.getByTestId('my-settings').getByLabel(L('info.pin'))).toBeChecked();

    // Karim leaves (with a confirmation); Sara's member list follows
    await item(c.page, renamed).getByRole('link').click();
    await c.page.getByTestId('open-details').click();
    await expect(c.page.getByTestId('edit-conversation')).toHaveCount(0); // members do not edit
    await c.page.getByTestId('leave').click();
    await expect(c.page.getByRole('alertdialog')).toContainText(L('info.leave_confirm', { name: renamed }));
    await c.page.getByRole('button', { name: L('info.leave_yes') }).click();
    await expect(c.page).toHaveURL(/\/chats$/);
    await expect(item(c.page, renamed)).toHaveCount(0);
    await p.getByTestId('open-details').click();
    await expect(p.getByTestId('member')).toHaveCount(2);

    // the membership history tells who came and went, and who did it, newest first
    await p.getByTestId('open-membership').click();
    const changes = p.getByTestId('membership-change');
    await expect(changes).toHaveCount(7);
    const said = (i: number) => changes.nth(i).locator('.membership-text');
    await expect(said(0)).toHaveText(L('membership.left', { person: c.name }));
    await expect(said(1)).toHaveText(L('membership.removed', { by: owner.name, person: b.name }));
    await expect(said(2)).toHaveText(L('membership.role_moderator', { by: owner.name, person: a.name }));
    await expect(said(3)).toHaveText(L('membership.added', { by: owner.name, person: c.name }));
    await expect(said(6)).toHaveText(L('membership.joined', { person: owner.name }));
    await expectAccessible(p, `membership history (${lang})`);
    await shot(p, `${lang}-membership`, true);

    for (const x of [owner, a, b, c]) await x.ctx.close();
  });

  test(`pinned messages and a live thread (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    await b.ctx.close();
    await c.ctx.close();
    const p = owner.page;
    const group = lang === 'ar' ? 'فريق المخزن' : 'Store team';
    const planText = lang === 'ar' ? 'خطة الجرد يوم الخميس' : 'Stock count plan for Thursday';
    await createGroup(p, lang, [a, b], group);
    await send(p, planText);

    // Sara pins it, then the conversation moves on by more than a page
    await messageWith(p, planText).getByTestId('message-actions').click();
    await p.getByRole('button', { name: L('chat.pin'), exact: true }).click();
    await expect(messageWith(p, planText)).toContainText(L('chat.pinned'));
    const rootId = (await messageWith(p, planText).getAttribute('data-id'))!;
    const convId = p.url().split('/chats/')[1];
    for (let i = 0; i < 60; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          postMessage(owner, convId, `later message ${i + j + 1}`, `later-${i + j}`),
        ),
      );
    }

    // Omar opens the pinned list from the details and jumps to the message: it is older than the
    // newest page, so the conversation pages back to it and shows it
    await a.page.goto(`/chats/${convId}/info`);
    await a.page.getByTestId('open-pins').click();
    const pinned = a.page.getByTestId('pinned-message');
    await expect(pinned).toHaveCount(1);
    await expect(pinned).toContainText(planText);
    await expect(pinned).toContainText(owner.name);
    await expectAccessible(a.page, `pinned messages (${lang})`);
    await shot(a.page, `${lang}-pins`, true);
    await pinned.getByRole('link').click();
    const target = messageWith(a.page, planText);
    await expect(target).toBeInViewport();
    await expect(target).toHaveAttribute('data-highlight', 'true');
    await shot(a.page, `${lang}-pin-jump`, true);

    // Sara replies to it in the conversation: the reply quotes it (one kind of reply, shown one
    // way); Omar, looking at the original, sees the count in its menu follow live and gathers the
    // replies from there
    await p.goto(`/chats/${convId}?m=${rootId}`);
    await messageWith(p, planText).getByTestId('message-actions').click();
    await p.getByRole('button', { name: L('chat.reply'), exact: true }).click();
    const first = lang === 'ar' ? 'سأبدأ بالرفوف الأمامية' : 'I will start with the front shelves';
    await composer(p).fill(first);
    await sendButton(p).click();
    await expect(messageWith(p, first).getByTestId('reply-preview')).toContainText(planText);
    await messageWith(a.page, planText).getByTestId('message-actions').click();
    await a.page.getByRole('button', { name: L('chat.show_replies', { n: 1 }) }).click();
    await expect(a.page).toHaveURL(/\/thread\/m_/);
    await expect(a.page.getByTestId('message-sheet')).toHaveCount(0);
    const oThread = a.page.getByTestId('thread-list');
    await expect(oThread.getByTestId('message').first()).toContainText(planText); // the root first
    await expect(messageWith(a.page, first)).toHaveCount(1);
    // every reply there answers the root: no quote repeats it
    await expect(messageWith(a.page, first).getByTestId('reply-preview')).toHaveCount(0);
    await p.goto(`/chats/${convId}/thread/${rootId}`);

    // replies go both ways live
    const second = lang === 'ar' ? 'وأنا أتولى المخزن الخلفي' : 'I take the back store';
    await composer(a.page).fill(second);
    await sendButton(a.page).click();
    await expect(messageWith(p, second)).toHaveCount(1);
    const third = lang === 'ar' ? 'ممتاز، شكرًا' : 'Great, thanks';
    await composer(p).fill(third);
    await sendButton(p).click();
    await expect(messageWith(a.page, third)).toHaveCount(1);
    await expect(oThread.getByRole('separator')).toHaveText(L('chat.reply_count', { n: 3 }));
    // own replies on the inline-end side: right in English, left in Arabic
    const own = await sideOf(messageWith(a.page, second).getByTestId('bubble'), oThread);
    const theirs = await sideOf(messageWith(a.page, third).getByTestId('bubble'), oThread);
    if (lang === 'ar') expect([own < 0, theirs > 0]).toEqual([true, true]);
    else expect([own > 0, theirs < 0]).toEqual([true, true]);
    await expectAccessible(a.page, `thread (${lang})`);
    await shot(a.page, `${lang}-thread`, true);

    // back in the conversation the original's menu counts all three, also as the server tells it
    // after a reload
    await a.page.getByRole('link', { name: L('chat.back_to_conversation') }).click();
    await expect(a.page.getByTestId('message-list')).toBeVisible();
    await a.page.goto(`/chats/${convId}?m=${rootId}`);
    await expect(messageWith(a.page, planText)).not.toContainText(L('chat.reply_count', { n: 3 })); // no count under the original
    await messageWith(a.page, planText).getByTestId('message-actions').click();
    await expect(a.page.getByRole('button', { name: L('chat.show_replies', { n: 3 }) })).toBeVisible();

    await owner.ctx.close();
    await a.ctx.close();
  });
}

test('announcement channel: the owner designates a poster from the member list', async ({ browser, baseURL }) => {
  const L = (k: string, x?: Record<string, string | number>) => tr('en', k, x);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  await b.ctx.close();
  await c.ctx.close();
  const p = owner.page;
  await p.goto('/chats/new');
  await p.getByRole('tab', { name: L('newchat.tab_channel') }).click();
  await p.getByLabel(L('newchat.channel_name')).fill('Company news');
  await p.getByLabel(L('newchat.kind_announcement')).check();
  await p.getByTestId('people-search').fill(a.name.split(' ')[0]);
  await p.getByRole('button', { name: L('newchat.add', { name: a.name }) }).click();
  await p.getByRole('button', { name: L('newchat.create_channel') }).click();
  await expect(p.getByRole('heading', { level: 1 })).toContainText('Company news');

  await a.page.goto('/chats');
  await item(a.page, 'Company news').getByRole('link').click();
  await expect(a.page.getByTestId('read-only-note')).toBeVisible();

  await p.getByTestId('open-details').click();
  await expect(p.getByTestId('conversation-info')).toContainText(L('chat.kind_announcement'));
  await p.getByRole('button', { name: L('info.manage_member', { name: a.name }) }).click();
  await p.getByLabel(L('info.can_post', { name: a.name })).check();
  await expect(member(p, a.name).getByTestId('member-role')).toHaveText(`${L('member_role.member')} · ${L('info.poster')}`);
  await expectAccessible(p, 'announcement members');

  // Omar's rights come with the conversation: after a reload he can post
  await a.page.reload();
  await send(a.page, 'Posting as a designated poster');
  await p.getByRole('link', { name: L('chat.back_to_conversation') }).click();
  await expect(messageWith(p, 'Posting as a designated poster')).toHaveCount(1);
  await owner.ctx.close();
  await a.ctx.close();
});
