import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { type Lang, composer, sendButton, messageWith, messages, shot } from './phones';
import { createConversation, organization, postMessage } from './organization';

async function send(p: Page, text: string) {
  await composer(p).fill(text);
  await sendButton(p).click();
}

async function openChat(p: Page, lang: Lang, name: string) {
  // a phone inside a conversation shows no tab bar: its back button leads to the list
  const back = p.getByTestId('conv-back');
  if (await back.isVisible()) await back.click();
  else await p.getByRole('navigation', { name: tr(lang, 'nav.label') }).getByRole('link', { name: tr(lang, 'nav.chats') }).click();
  await p.getByTestId('conversation-item').filter({ hasText: name }).getByRole('link').click();
  await expect(p.getByRole('heading', { level: 1 })).toContainText(name);
}

for (const lang of ['en', 'ar'] as const) {
  test(`chatting in real time on phones (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b } = await organization(browser, baseURL!, lang);

    // Omar waits on his chat list; Lina on hers
    await a.page.goto('/chats');
    await expect(a.page.getByRole('heading', { level: 1, name: L('chat.title') })).toBeVisible();
    await expect(a.page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await b.page.goto('/chats');

    // Sara messages Omar from his directory profile
    await owner.page.goto(`/people/${a.id}`);
    await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
    await expect(owner.page).toHaveURL(/\/chats\/c_/);
    await expect(owner.page.getByRole('heading', { level: 1 })).toContainText(a.name);
    await send(owner.page, 'Hello **Omar**, the delivery is at 5');
    const first = messageWith(owner.page, 'the delivery is at 5');
    await expect(first).toHaveCount(1);
    await expect(first.locator('strong')).toHaveText('Omar');
    await expect(first).toHaveAttribute('data-own', 'true');

    // it appears live in Omar's list, unread
    const item = a.page.getByTestId('conversation-item').filter({ hasText: owner.name });
    await expect(item).toBeVisible();
    await expect(item.getByTestId('unread-badge')).toContainText('1');
    await expect(item).toContainText('the delivery is at 5');
    await expect(a.page.getByTestId('nav-unread')).toBeVisible();
    await expectAccessible(a.page, `chat list (${lang})`);
    await shot(a.page, `${lang}-list`);

    // Sara looks at "seen by" before Omar opened it: not read yet
    await first.getByTestId('message-actions').click();
    await expectAccessible(owner.page, `message actions (${lang})`);
    await owner.page.getByRole('button', { name: L('chat.seen_by') }).click();
    const receipts = owner.page.getByTestId('receipts');
    await expect(receipts).toBeVisible();
    await expect(receipts.getByTestId('receipts-read')).not.toContainText(a.name);
    await expect(receipts.getByTestId('receipts-delivered').or(receipts.getByTestId('receipts-not-delivered')).filter({ hasText: a.name })).toHaveCount(1);

    // Omar opens the conversation: the message is read, and Sara's open "seen by" updates live
    await item.getByRole('link').click();
    await expect(messageWith(a.page, 'the delivery is at 5')).toHaveAttribute('data-own', 'false');
    await expect(receipts.getByTestId('receipts-read')).toContainText(a.name);
    await expectAccessible(owner.page, `seen by (${lang})`);
    await owner.page.getByRole('button', { name: L('chat.close') }).click();
    await expect(a.page.getByTestId('nav-unread')).toHaveCount(0);

    // Omar replies to it and reacts to it; both show up live for Sara
    const onA = messageWith(a.page, 'the delivery is at 5');
    await onA.getByTestId('message-actions').click();
    await a.page.getByRole('button', { name: L('chat.reply') }).click();
    await expect(a.page.getByText(L('chat.replying_to', { name: owner.name }))).toBeVisible();
    // Sara sees that Omar is typing
    await composer(a.page).fill('Got it, I will be there');
    await expect(owner.page.getByTestId('typing')).toHaveText(L('chat.typing_one', { name: a.name }));
    await sendButton(a.page).click();
    await onA.getByTestId('message-actions').click();
    await a.page.getByRole('button', { name: L('chat.react_with', { emoji: '👍' }) }).click();
    await expect(onA.getByTestId('reaction')).toContainText('1');

    const reply = messageWith(owner.page, 'Got it, I will be there');
    await expect(reply).toHaveCount(1);
    await expect(reply.getByTestId('reply-preview')).toContainText('the delivery is at 5');
    await expect(first.getByTestId('reaction')).toContainText('👍');
    await expect(first.getByTestId('reaction')).toContainText('1');
    await expect(owner.page.getByTestId('typing')).toHaveText('');
    await expectAccessible(owner.page, `conversation (${lang})`);
    await shot(owner.page, `${lang}-direct`);

    // own bubbles sit on the inline-end side: right in English, left in Arabic
    const list = (await owner.page.getByTestId('message-list').boundingBox())!;
    const own = (await first.getByTestId('bubble').boundingBox())!;
    const theirs = (await reply.getByTestId('bubble').boundingBox())!;
    const mid = list.x + list.width / 2;
    if (lang === 'ar') {
      expect(own.x + own.width / 2).toBeLessThan(mid);
      expect(theirs.x + theirs.width / 2).toBeGreaterThan(mid);
    } else {
      expect(own.x + own.width / 2).toBeGreaterThan(mid);
      expect(theirs.x + theirs.width / 2).toBeLessThan(mid);
    }

    // Sara edits her message; Omar deletes his reply: both show up live on the other phone
    await first.getByTestId('message-actions').click();
    await owner.page.getByRole('button', { name: L('chat.edit'), exact: true }).click();
    await expect(composer(owner.page)).toHaveValue('Hello **Omar**, the delivery is at 5');
    await composer(owner.page).fill('Hello **Omar**, the delivery is at 6');
    await sendButton(owner.page).click();
    const edited = messageWith(a.page, 'the delivery is at 6');
    await expect(edited).toContainText(L('chat.edited'));
    // Omar opens the earlier versions from the "(edited)" label: now, then the original
    await edited.getByRole('button', { name: L('chat.show_edit_history') }).click();
    const history = a.page.getByTestId('edit-history');
    await expect(history.getByRole('heading', { name: L('chat.edit_history') })).toBeVisible();
    await expect(history.getByTestId('version')).toHaveCount(2);
    await expect(history.getByTestId('version').first()).toContainText(L('chat.version_current'));
    await expect(history.getByTestId('version').first()).toContainText('the delivery is at 6');
    await expect(history.getByTestId('version').last()).toContainText(L('chat.version_original'));
    await expect(history.getByTestId('version').last()).toContainText('the delivery is at 5');
    await expectAccessible(a.page, `edit history (${lang})`);
    await shot(a.page, `${lang}-edit-history`);
    await a.page.keyboard.press('Escape');
    await expect(history).toHaveCount(0);
    const mine = messageWith(a.page, 'Got it, I will be there');
    await mine.getByTestId('message-actions').click();
    await a.page.getByRole('button', { name: L('chat.delete'), exact: true }).click();
    await a.page.getByRole('button', { name: L('chat.delete_yes') }).click();
    await expect(owner.page.getByText(L('chat.deleted'))).toBeVisible();
    await expect(messageWith(owner.page, 'Got it, I will be there')).toHaveCount(0);

    // a group: Sara picks Omar and Lina and mentions Lina with the autocomplete
    await owner.page.getByRole('link', { name: L('chat.back') }).click();
    await owner.page.getByTestId('new-conversation').click();
    await expectAccessible(owner.page, `new conversation (${lang})`);
    for (const p of [a, b]) {
      await owner.page.getByTestId('people-search').fill(p.name.split(' ')[0]);
      await owner.page.getByRole('button', { name: L('newchat.add', { name: p.name }) }).click();
    }
    await owner.page.getByLabel(L('newchat.group_name')).fill('Night shift');
    await owner.page.getByTestId('start-conversation').click();
    await expect(owner.page.getByRole('heading', { level: 1 })).toContainText('Night shift');
    await composer(owner.page).fill('Welcome @' + b.name.slice(0, 3));
    const option = owner.page.getByRole('option', { name: b.name });
    await expect(option).toBeVisible();
    await composer(owner.page).press('Enter'); // picks the suggestion
    await expect(composer(owner.page)).toHaveValue(`Welcome @[${b.name}](${b.id}) `);
    await composer(owner.page).pressSequentially('see you tonight');
    await sendButton(owner.page).click();
    await expect(messageWith(owner.page, 'see you tonight')).toHaveCount(1);

    // Lina sees the new group appear with a mention badge, and the mention as a chip
    const group = b.page.getByTestId('conversation-item').filter({ hasText: 'Night shift' });
    await expect(group.getByTestId('mention-badge')).toBeVisible();
    await group.getByRole('link').click();
    const welcome = messageWith(b.page, 'see you tonight');
    await expect(welcome.locator('.mention')).toHaveText(`@${b.name}`);
    // and Omar, who was in the direct conversation, gets it live too
    await openChat(a.page, lang, 'Night shift');
    await expect(messageWith(a.page, 'see you tonight')).toHaveCount(1);
    await send(b.page, 'Thanks, see you');
    await expect(messageWith(a.page, 'Thanks, see you')).toHaveCount(1);
    await expect(messageWith(owner.page, 'Thanks, see you')).toHaveCount(1);
    await expectAccessible(b.page, `group conversation (${lang})`);
    await shot(b.page, `${lang}-group`);

    for (const p of [owner, a, b]) await p.ctx.close();
  });
}

test('offline: a message sent without network is delivered exactly once after reconnecting', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b } = await organization(browser, baseURL!, 'en');
  await b.ctx.close();
  await owner.page.goto(`/people/${a.id}`);
  await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
  await send(owner.page, 'Before the tunnel');
  await a.page.goto('/chats');
  await openChat(a.page, 'en', owner.name);
  await expect(messageWith(a.page, 'Before the tunnel')).toHaveCount(1);

  await a.ctx.setOffline(true);
  await expect(a.page.getByTestId('offline-banner')).toBeVisible();
  await send(a.page, 'Sent from the tunnel');
  const pending = a.page.getByTestId('pending-message').filter({ hasText: 'Sent from the tunnel' });
  await expect(pending).toBeVisible();
  await expect(pending).toHaveAttribute('data-state', /queued|sending/);
  // meanwhile Sara writes too
  await send(owner.page, 'Are you there?');
  await shot(a.page, 'offline');

  await a.ctx.setOffline(false);
  await expect(a.page.getByTestId('offline-banner')).toHaveCount(0, { timeout: 20_000 });
  await expect(pending).toHaveCount(0, { timeout: 20_000 });
  await expect(messageWith(a.page, 'Sent from the tunnel')).toHaveCount(1);
  await expect(messageWith(a.page, 'Are you there?')).toHaveCount(1, { timeout: 20_000 });
  await expect(messageWith(owner.page, 'Sent from the tunnel')).toHaveCount(1);

  // nothing lost or duplicated, on either side, also after a reload from the server
  for (const p of [a.page, owner.page]) {
    await p.reload();
    await expect(messages(p)).toHaveCount(3);
    const texts = await p.getByTestId('message-text').allInnerTexts();
    expect(texts.map((x) => x.trim()).sort()).toEqual(['Are you there?', 'Before the tunnel', 'Sent from the tunnel']);
    expect(texts[0].trim()).toBe('Before the tunnel');
  }
  await owner.ctx.close();
  await a.ctx.close();
});

test('a message over the length limit is held in the composer with a clear count, never lost or sent half', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('ar', k, p);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'ar');
  for (const x of [b, c]) await x.ctx.close();
  await owner.page.goto(`/people/${a.id}`);
  await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
  await expect(owner.page).toHaveURL(/\/chats\/c_/);
  const long = 'تقرير '.repeat(1675); // 10,050 characters
  await composer(owner.page).fill(long);
  const count = owner.page.getByTestId('composer-count');
  await expect(count).toHaveText(L('chat.too_long', { n: 50, max: 10000 }));
  await expect(owner.page.getByRole('button', { name: L('chat.send') })).toBeDisabled();
  // the keyboard's send (Ctrl+Enter works on a phone too) is refused as well
  await composer(owner.page).press('Control+Enter');
  await expect(composer(owner.page)).toHaveValue(long);
  await expect(messages(owner.page)).toHaveCount(0);
  await expect(owner.page.getByTestId('pending-message')).toHaveCount(0);
  // shortened below the limit, it goes
  await composer(owner.page).fill(long.slice(0, 9990));
  await expect(count).toHaveText(L('chat.chars_left', { n: 10, max: 10000 }));
  await sendButton(owner.page).click();
  await expect(messages(owner.page)).toHaveCount(1);
  await expect(composer(owner.page)).toHaveValue('');
  await expect(count).toHaveCount(0);
  await owner.ctx.close();
  await a.ctx.close();
});

test('a queued message the server then refuses says why, and offers no retry that cannot work', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  for (const x of [b, c]) await x.ctx.close();
  const convId = await createConversation(owner, { kind: 'group', name: 'Depot', member_ids: [a.id] });
  await a.page.goto(`/chats/${convId}`);
  await expect(a.page.getByRole('heading', { level: 1 })).toContainText('Depot');
  await a.ctx.setOffline(true);
  await expect(a.page.getByTestId('offline-banner')).toBeVisible();
  await composer(a.page).fill('Can someone cover my shift?');
  await sendButton(a.page).click();
  const pending = a.page.getByTestId('pending-message');
  await expect(pending).toHaveAttribute('data-state', /queued|sending/);
  // meanwhile the owner archives the group: it becomes read-only
  const archived = await owner.ctx.request.patch(`/api/v1/conversations/${convId}`, { headers: { 'X-CSRF-Token': owner.csrf }, data: { archived: true } });
  expect(archived.ok()).toBe(true);
  await a.ctx.setOffline(false);
  await expect(pending).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(a.page.getByTestId('send-error')).toContainText(L('error.permission_denied'));
  await expect(a.page.getByTestId('send-error')).toContainText('archived'); // the server's own reason
  await expect(pending.getByTestId('retry')).toHaveCount(0);
  await expect(pending).toContainText('Can someone cover my shift?'); // the text is still there to copy
  await pending.getByRole('button', { name: L('chat.discard') }).click();
  await expect(pending).toHaveCount(0);
  await owner.ctx.close();
  await a.ctx.close();
});

test('a conversation opened without network shows what I send, and loads and sends when the network is back', async ({ browser, baseURL }) => {
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  for (const x of [b, c]) await x.ctx.close();
  const convId = await createConversation(owner, { kind: 'group', name: 'Tunnel crew', member_ids: [a.id] });
  await postMessage(owner, convId, 'Trucks leave at 7');
  // Omar has used the app before: a conversation screen was open once (its code is loaded; a
  // first visit that goes offline at once cannot draw screens it never fetched)
  const earlier = await createConversation(owner, { kind: 'group', name: 'Yard', member_ids: [a.id] });
  await a.page.goto(`/chats/${earlier}`);
  await expect(a.page.getByRole('heading', { level: 1 })).toContainText('Yard');
  await a.page.getByTestId('conv-back').click();
  await expect(a.page.getByTestId('conversation-item').filter({ hasText: 'Tunnel crew' })).toBeVisible();
  await a.ctx.setOffline(true);
  await expect(a.page.getByTestId('offline-banner')).toBeVisible();
  await a.page.getByTestId('conversation-item').filter({ hasText: 'Tunnel crew' }).getByRole('link').click();
  await expect(a.page.getByRole('alert')).toContainText(tr('en', 'chat.load_error'));
  await send(a.page, 'On my way');
  const pending = a.page.getByTestId('pending-message');
  await expect(pending).toHaveAttribute('data-state', /queued|sending/);
  await expect(pending).toContainText('On my way');
  await a.ctx.setOffline(false);
  // back online: the history loads and the message goes out, once
  await expect(messageWith(a.page, 'Trucks leave at 7')).toHaveCount(1, { timeout: 20_000 });
  await expect(pending).toHaveCount(0, { timeout: 20_000 });
  await expect(messageWith(a.page, 'On my way')).toHaveCount(1);
  await expect(a.page.getByRole('alert')).toHaveCount(0);
  await owner.page.goto(`/chats/${convId}`);
  await expect(messageWith(owner.page, 'On my way')).toHaveCount(1);
  await owner.ctx.close();
  await a.ctx.close();
});

test('a large channel: "seen by" and the member list show the first hundred, the rest on request, and members can be found by name', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  for (const x of [a, b, c]) await x.ctx.close();
  const headers = { 'X-CSRF-Token': owner.csrf };
  const ids: string[] = [];
  for (let i = 0; i < 120; i += 20) {
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, j) => owner.ctx.request.post('/api/v1/people', { headers, data: { name: `Picker ${i + j + 1}`, email: `picker${i + j}@example.com` } })),
    );
    for (const r of made) ids.push((await r.json()).person.id);
  }
  const convId = await createConversation(owner, { kind: 'channel', name: 'Warehouse', member_ids: [...ids, a.id, b.id, c.id] });
  await owner.page.goto(`/chats/${convId}`);
  await composer(owner.page).fill('Inventory starts at 6');
  await sendButton(owner.page).click();
  const m = messageWith(owner.page, 'Inventory starts at 6');
  await expect(m).toHaveAttribute('data-own', 'true');
  await m.getByTestId('message-actions').click();
  await owner.page.getByRole('button', { name: L('chat.seen_by') }).click();
  const waiting = owner.page.getByTestId('receipts-not-delivered');
  await expect(waiting.getByRole('heading')).toHaveText(L('chat.receipts_not_delivered', { n: 123 }));
  await expect(waiting.getByRole('listitem')).toHaveCount(100);
  await waiting.getByRole('button', { name: L('chat.receipts_show_all', { n: 123 }) }).click();
  await expect(waiting.getByRole('listitem')).toHaveCount(123);
  await expect(waiting.getByRole('button', { name: L('chat.receipts_show_all', { n: 123 }) })).toHaveCount(0);
  await owner.page.getByRole('button', { name: L('chat.close') }).click();

  // the member list likewise, with a way to find someone in it
  await owner.page.getByTestId('open-details').click();
  const members = owner.page.getByTestId('member');
  await expect(members).toHaveCount(100);
  await owner.page.getByLabel(L('info.find_member')).fill('Picker 117');
  await expect(members).toHaveCount(1);
  await expect(members).toContainText('Picker 117');
  await owner.page.getByLabel(L('info.find_member')).fill('');
  await owner.page.getByRole('button', { name: L('info.show_all_members', { n: 124 }) }).click();
  await expect(members).toHaveCount(124);
  await owner.ctx.close();
});

test('presence: a direct conversation and the chat list show when the other person comes online and leaves', async ({ browser, baseURL }) => {
  const { owner, a, b } = await organization(browser, baseURL!, 'ar');
  await b.ctx.close();
  await a.page.close(); // Omar has no page open: he is offline
  await owner.page.goto(`/people/${a.id}`);
  await owner.page.getByRole('button', { name: tr('ar', 'chat.message_person') }).click();
  const status = owner.page.getByTestId('direct-presence');
  await expect(status).toHaveText(tr('ar', 'chat.presence_offline'));

  const omar = await a.ctx.newPage();
  await omar.goto('/chats');
  await expect(status).toHaveText(tr('ar', 'chat.presence_online'), { timeout: 10_000 });
  await expect(status.getByTestId('presence')).toHaveAttribute('data-online', 'true');

  await owner.page.goto('/chats');
  const dot = owner.page.getByTestId('conversation-item').filter({ hasText: a.name }).getByTestId('presence');
  await expect(dot).toHaveAttribute('data-online', 'true');
  await expect(dot).toHaveAccessibleName(tr('ar', 'chat.presence_online'));
  await omar.close();
  await expect(dot).toHaveAttribute('data-online', 'false', { timeout: 10_000 });
  await expectAccessible(owner.page, 'chat list with presence (ar)');
  await owner.ctx.close();
  await a.ctx.close();
});

test('long history: only rows near the viewport are rendered, older pages load when scrolling up', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b } = await organization(browser, baseURL!, 'en');
  await b.ctx.close();
  await a.ctx.close();
  const convId = await createConversation(owner, { kind: 'direct', member_ids: [a.id] });
  const N = 400;
  for (let i = 0; i < N; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, (_, j) =>
        postMessage(owner, convId, `history message ${i + j + 1}${(i + j) % 7 === 0 ? '\nwith a second line' : ''}`, `seed-${i + j}`),
      ),
    );
  }
  await owner.page.goto(`/chats/${convId}`);
  const list = owner.page.getByTestId('message-list');
  // the newest message is in view at the bottom
  const newest = (await owner.ctx.request.get(`/api/v1/conversations/${convId}/messages?limit=1`).then((r) => r.json())).items[0].text as string;
  await expect(messageWith(owner.page, newest.split('\n')[0])).toBeInViewport();
  expect(await messages(owner.page).count()).toBeLessThan(60);
  // scroll up to the very beginning: pages load as we go, the DOM stays small
  for (let i = 0; i < 80; i++) {
    if (await owner.page.getByText(L('chat.beginning')).isVisible()) break;
    await list.evaluate((el) => el.scrollBy(0, -1500));
    await owner.page.waitForTimeout(120);
    expect(await messages(owner.page).count()).toBeLessThan(80);
  }
  await expect(owner.page.getByText(L('chat.beginning'))).toBeVisible();
  const seqs = await messages(owner.page).evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));
  expect(Math.min(...seqs)).toBe(1);
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  await shot(owner.page, 'long-history-top');
  await owner.ctx.close();
});

test('a long unread backlog: the conversation offers a jump to the first unread message, which lands on it', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  await b.ctx.close();
  await c.ctx.close();
  const post = (conv: string, from: number, to: number) =>
    Promise.all(Array.from({ length: to - from + 1 }, (_, i) => postMessage(owner, conv, `shift note ${from + i}`, `m-${from + i}`)));
  const convId = await createConversation(owner, { kind: 'group', name: 'Night shift', member_ids: [a.id] });
  // Omar has read the first 30
  for (let i = 1; i <= 30; i += 10) await post(convId, i, i + 9);
  const read = await a.ctx.request.post(`/api/v1/conversations/${convId}/read`, { headers: { 'X-CSRF-Token': a.csrf }, data: { seq: 30 } });
  expect(read.status()).toBe(204);
  for (let i = 31; i <= 200; i += 10) await post(convId, i, i + 9);

  await a.page.goto('/chats');
  const item = a.page.getByTestId('conversation-item').filter({ hasText: 'Night shift' });
  await expect(item.getByTestId('unread-badge')).toContainText('170');
  await item.getByRole('link').click();
  // the first unread message is older than the page that loads first: a button offers the way there
  const jump = a.page.getByTestId('jump-unread');
  await expect(jump).toHaveText(L('chat.jump_unread'));
  await jump.click();
  const marker = a.page.getByTestId('unread-marker');
  await expect(marker).toBeInViewport();
  await expect(marker).toHaveText(L('chat.new_messages'));
  // the marker sits between the last message read and the first one not read
  const order = await a.page
    .locator('[data-testid="unread-marker"], [data-testid="message"]')
    .evaluateAll((els) => els.map((e) => ((e as HTMLElement).dataset.testid === 'unread-marker' ? 'marker' : Number((e as HTMLElement).dataset.seq))));
  const at = order.indexOf('marker');
  expect(order.slice(at - 1, at + 2)).toEqual([30, 'marker', 31]);
  await expect(jump).toHaveCount(0);
  // and the view stays there: loading the older pages did not carry it away
  await expect(messages(a.page).and(a.page.locator('[data-seq="31"]'))).toBeInViewport();
  await a.ctx.close();
  await owner.ctx.close();
});

test('channels: an announcement channel is read-only for members; a public channel can be found and joined', async ({ browser, baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('en', k, p);
  const { owner, a, b } = await organization(browser, baseURL!, 'en');
  const p = owner.page;
  await p.goto('/chats/new');
  await p.getByRole('tab', { name: L('newchat.tab_channel') }).click();
  await p.getByLabel(L('newchat.channel_name')).fill('Company news');
  await p.getByLabel(L('newchat.kind_announcement')).check();
  await p.getByTestId('people-search').fill(a.name.split(' ')[0]);
  await p.getByRole('button', { name: L('newchat.add', { name: a.name }) }).click();
  await expectAccessible(p, 'new channel form');
  await p.getByRole('button', { name: L('newchat.create_channel') }).click();
  await expect(p.getByRole('heading', { level: 1 })).toContainText('Company news');
  await send(p, 'The store opens at 9 tomorrow');
  await expect(messageWith(p, 'The store opens at 9 tomorrow')).toHaveCount(1);

  await a.page.goto('/chats');
  await openChat(a.page, 'en', 'Company news');
  await expect(messageWith(a.page, 'The store opens at 9 tomorrow')).toHaveCount(1);
  await expect(a.page.getByTestId('read-only-note')).toHaveText(L('chat.only_posters'));
  await expect(a.page.getByTestId('composer')).toHaveCount(0);

  // a public channel without members yet: Lina finds it and joins
  await p.goto('/chats/new');
  await p.getByRole('tab', { name: L('newchat.tab_channel') }).click();
  await p.getByLabel(L('newchat.channel_name')).fill('Riyadh store');
  await p.getByRole('button', { name: L('newchat.create_channel') }).click();
  await expect(p.getByRole('heading', { level: 1 })).toContainText('Riyadh store');

  await b.page.goto('/chats/new');
  await b.page.getByRole('tab', { name: L('newchat.tab_browse') }).click();
  await b.page.getByRole('button', { name: L('newchat.join', { name: 'Riyadh store' }) }).click();
  await expect(b.page.getByRole('heading', { level: 1 })).toContainText('Riyadh store');
  await send(b.page, 'Hello from the new member');
  await expect(messageWith(p, 'Hello from the new member')).toHaveCount(1);
  for (const x of [owner, a, b]) await x.ctx.close();
});
