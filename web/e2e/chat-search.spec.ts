import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { messageWith, shot } from './phones';
import { NAMES, createConversation, organization, postMessage } from './organization';

const results = (p: Page) => p.getByTestId('search-result');
const resultWith = (p: Page, text: string) => results(p).filter({ hasText: text });

for (const lang of ['en', 'ar'] as const) {
  test(`searching messages: Arabic-aware, filtered, only what I may read (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    const group = NAMES[lang].group;
    // written with hamza-on-alef (and a diacritic) in the group, with a bare alef in the direct chat
    const keys = 'مفاتيح المخزن مع أَحمد';
    const call = 'سيتصل بك احمد بعد الظهر';
    const meeting = 'Meeting with AHMED about the stock count';

    const groupId = await createConversation(owner, { kind: 'group', name: group, member_ids: [a.id, b.id] });
    const directId = await createConversation(owner, { kind: 'direct', member_ids: [a.id] });
    // Lina's message ends up more than a page back: the conversation has to page back to show it
    const keysId = await postMessage(b, groupId, keys);
    for (let i = 0; i < 60; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => postMessage(owner, groupId, `later message ${i + j + 1}`, `later-${i + j}`)));
    }
    await postMessage(owner, directId, call);

    // Omar writes in the group from his phone, then opens the search from the chat list
    const p = a.page;
    await p.goto(`/chats/${groupId}`);
    await p.getByTestId('composer-input').fill(meeting);
    await p.getByTestId('composer-send').click();
    await expect(messageWith(p, meeting)).toHaveCount(1);
    await p.goto('/chats');
    await expect(p.getByTestId('conversation-item')).toHaveCount(2);
    await shot(p, `${lang}-search-entry`, true);
    await p.getByRole('link', { name: L('search.title') }).click();
    await expect(p).toHaveURL(/\/chats\/search$/);
    await expect(p.getByRole('heading', { level: 1, name: L('search.title') })).toBeVisible();
    await expect(p.getByTestId('search-status')).toHaveText(L('search.start'));
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');

    // a bare alef finds both spellings, newest first, each match in <mark>
    const query = p.getByRole('searchbox', { name: L('search.query') });
    await query.fill('احمد');
    await expect(results(p)).toHaveCount(2);
    await expect(results(p).nth(0)).toContainText(call);
    await expect(results(p).nth(0)).toContainText(owner.name);
    await expect(results(p).nth(1)).toContainText(group);
    await expect(results(p).nth(1)).toContainText(b.name);
    await expect(results(p).nth(1).locator('mark')).toHaveText('أَحمد');
    await expect(results(p).nth(0).locator('mark')).toHaveText('احمد');
    await expect(p.getByTestId('search-status')).toHaveText(L('search.count', { n: 2 }));
    await expectAccessible(p, `message search (${lang})`);
    await shot(p, `${lang}-search`, true);

    // Latin is case-insensitive; Enter searches without waiting
    await query.fill('ahmed');
    await query.press('Enter');
    await expect(results(p)).toHaveCount(1);
    await expect(results(p).locator('mark')).toHaveText('AHMED');
    await expect(results(p)).toContainText(a.name);

    // filters: the conversation, then the author instead
    await query.fill('أحمد');
    await expect(results(p)).toHaveCount(2);
    // the filters are folded away on the phone until asked for
    await expect(p.getByLabel(L('search.conversation'))).toBeHidden();
    await p.getByText(L('search.filters'), { exact: true }).click();
    const convSelect = p.getByLabel(L('search.conversation'));
    await convSelect.selectOption({ label: group });
    await expect(results(p)).toHaveCount(1);
    await expect(results(p)).toContainText(keys);
    await expect(p.getByTestId('search-filters')).toHaveText(L('search.filters_active', { n: 1 }));
    await convSelect.selectOption({ label: L('search.all_conversations') });
    await expect(results(p)).toHaveCount(2);
    await p.getByTestId('author-search').fill(owner.name.split(' ')[0]);
    await p.getByTestId('pick-author').filter({ hasText: owner.name }).click();
    await expect(p.getByTestId('author-chip')).toHaveAccessibleName(L('search.clear_author', { name: owner.name }));
    await expect(results(p)).toHaveCount(1);
    await expect(results(p)).toContainText(call);
    await shot(p, `${lang}-search-filtered`, true);
    await p.getByTestId('author-chip').click();
    await expect(results(p)).toHaveCount(2);

    // a date range that ends yesterday finds nothing
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    await p.getByLabel(L('search.to')).fill(day);
    await expect(p.getByTestId('search-status')).toHaveText(L('search.no_results'));
    await expect(results(p)).toHaveCount(0);
    await p.getByLabel(L('search.to')).fill('');
    await expect(results(p)).toHaveCount(2);

    // the old message opens in its conversation, paged back to, on screen and highlighted
    await resultWith(p, keys).getByRole('link').click();
    await expect(p).toHaveURL(new RegExp(`/chats/${groupId}\\?m=${keysId}$`));
    const target = messageWith(p, keys);
    await expect(target).toBeInViewport();
    await expect(target).toHaveAttribute('data-highlight', 'true');
    await shot(p, `${lang}-search-open`, true);
    // Back returns to the same search
    await p.goBack();
    await expect(results(p)).toHaveCount(2);
    await expect(query).toHaveValue('أحمد');

    // from the conversation's header: the search starts limited to it
    await p.goto(`/chats/${groupId}`);
    await p.getByRole('link', { name: L('search.in_conversation') }).click();
    await expect(p.getByLabel(L('search.conversation'))).toHaveValue(groupId);
    await query.fill('احمد');
    await expect(results(p)).toHaveCount(1);
    await expect(results(p)).toContainText(keys);
    await expect(p.getByRole('link', { name: L('chat.back_to_conversation') })).toHaveAttribute('href', `/chats/${groupId}`);

    // Karim is in neither conversation: the same search finds nothing, on screen or through the API
    await c.page.goto(`/chats/search?q=${encodeURIComponent('احمد')}`);
    await expect(c.page.getByTestId('search-status')).toHaveText(L('search.no_results'));
    await expect(results(c.page)).toHaveCount(0);
    const direct = await c.ctx.request.get(`/api/v1/search/messages?q=${encodeURIComponent('أحمد')}`);
    expect(direct.status()).toBe(200);
    expect((await direct.json()).items).toEqual([]);
    const scoped = await c.ctx.request.get(`/api/v1/search/messages?q=ahmed&conversation_id=${groupId}`);
    expect((await scoped.json()).items).toEqual([]);

    for (const x of [owner, a, b, c]) await x.ctx.close();
  });
}

test('message search: hints, paging and the details entry (en)', async ({ browser, baseURL }) => {
  const L = (k: string, x?: Record<string, string | number>) => tr('en', k, x);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  await b.ctx.close();
  await c.ctx.close();
  const groupId = await createConversation(owner, { kind: 'group', name: 'Night shift', member_ids: [a.id] });
  // one after the other, so "newest first" has a known order
  for (let i = 1; i <= 40; i++) await postMessage(owner, groupId, `delivery number ${i}`);

  const p = a.page;
  await p.goto(`/chats/${groupId}/info`);
  await p.getByTestId('open-conversation-search').click();
  await expect(p.getByLabel(L('search.conversation'))).toHaveValue(groupId);

  // only diacritics or tatweel: nothing to search for yet
  const query = p.getByRole('searchbox', { name: L('search.query') });
  await query.fill('ـَ');
  await expect(p.getByText(L('search.too_short'))).toBeVisible();
  await expect(results(p)).toHaveCount(0);

  // 40 matches: a page of 30, then the rest
  await query.fill('delivery');
  await expect(results(p)).toHaveCount(30);
  await expect(results(p).first()).toContainText('delivery number 40');
  await expect(p.getByTestId('search-status')).toHaveText(L('search.count_more', { n: 30 }));
  await p.getByTestId('search-more').click();
  await expect(results(p)).toHaveCount(40);
  await expect(results(p).last()).toContainText('delivery number 1');
  await expect(p.getByTestId('search-more')).toHaveCount(0);
  await expect(p.getByTestId('search-status')).toHaveText(L('search.count', { n: 40 }));

  // markup is not rendered: the text shows as typed, never as HTML
  await postMessage(owner, groupId, '<img src=x onerror=alert(1)> delivery **late**');
  await query.fill('onerror');
  await expect(results(p)).toHaveCount(1);
  await expect(results(p).locator('img')).toHaveCount(0);
  await expect(results(p).getByTestId('search-result-text')).toHaveText('<img src=x onerror=alert(1)> delivery late');

  await owner.ctx.close();
  await a.ctx.close();
});
