// Moderation on a phone, in English and Arabic: an employee reports a message, a moderator finds
// it in the queue with the reporter's name and removes it with a reason, everyone sees "removed by
// a moderator" in its place, and the reporter is told the outcome; a content rule that blocks a
// message tells its author which rule it was.
import { expect, expectAccessible, test, tr } from './fixtures';
import { composer, sendButton, messageWith, shot } from './phones';
import { createConversation, organization, postMessage } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`an employee reports a message and a moderator removes it (${lang})`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b } = await organization(browser, baseURL!, lang);
    const group = lang === 'ar' ? 'فريق الوردية' : 'Shift team';
    const id = await createConversation(owner, { kind: 'group', name: group, member_ids: [a.id, b.id] });
    const rude = lang === 'ar' ? 'أنتم فريق فاشل تمامًا' : 'you are all useless';
    await postMessage(a, id, rude);

    // Lina reports Omar's message from its menu
    const p = b.page;
    await p.goto(`/chats/${id}`);
    const row = messageWith(p, rude);
    await row.getByTestId('message-actions').click();
    await p.getByRole('button', { name: L('report.action'), exact: true }).click();
    const dialog = p.getByTestId('report-dialog');
    await expect(dialog.getByRole('heading', { name: L('report.title') })).toBeVisible();
    await dialog.getByLabel(L('report.category.harassment')).check();
    await dialog.getByLabel(L('report.comment')).fill(lang === 'ar' ? 'إهانة للفريق' : 'insulting the team');
    await expectAccessible(p, `report dialog (${lang})`);
    await shot(p, `report-${lang}`);
    await dialog.getByRole('button', { name: L('report.send') }).click();
    await expect(dialog.getByTestId('report-sent')).toHaveText(L('report.sent'));
    await dialog.getByRole('button', { name: L('common.close') }).first().click();

    // Sara (owner and admin) works the queue: she sees who reported it, and removes it with a reason
    const q = owner.page;
    await q.goto('/moderation');
    const report = q.getByTestId('report').filter({ hasText: rude });
    await expect(report.getByTestId('report-by')).toHaveText(L('moderation.reported_by', { name: b.name }));
    await expect(q.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    expect(await q.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(q, `moderation queue (${lang})`);
    await shot(q, `moderation-queue-${lang}`);
    await report.getByRole('button', { name: L('moderation.action_remove') }).click();
    await report.getByLabel(L('moderation.reason')).fill(lang === 'ar' ? 'إساءة' : 'abusive');
    await report.getByRole('button', { name: L('moderation.confirm_remove'), exact: true }).click();
    await expect(q.getByText(L('moderation.empty'))).toBeVisible();

    // everyone sees it removed by a moderator; the text is gone
    await expect(p.getByText(L('chat.removed_by_moderator'))).toBeVisible();
    await expect(messageWith(p, rude)).toHaveCount(0);
    await a.page.goto(`/chats/${id}`);
    await expect(a.page.getByText(L('chat.removed_by_moderator'))).toBeVisible();

    // Lina is told what became of her report
    await p.goto('/me/sessions');
    await p.getByTestId('open-notices').click();
    await expect(p.getByTestId('notice').first()).toContainText(L('notice.outcome_removed'));
    // Omar's notices say nothing about who reported him
    await a.page.goto('/me/notices');
    await expect(a.page.getByTestId('notices-page')).not.toContainText(b.name);

    // a content rule that blocks: Omar is told which rule, and nothing is stored
    const rule = lang === 'ar' ? 'أرقام البطاقات' : 'Card numbers';
    const made = await owner.ctx.request.post('/api/v1/admin/content-rules', {
      headers: { 'X-CSRF-Token': owner.csrf },
      data: { name: rule, kind: 'card_number', action: 'block' },
    });
    expect(made.status()).toBe(201);
    await a.page.goto(`/chats/${id}`);
    await composer(a.page).fill('4111 1111 1111 1111');
    await sendButton(a.page).click();
    await expect(a.page.getByTestId('send-error')).toContainText(rule);
    const stored = await owner.ctx.request.get(`/api/v1/conversations/${id}/messages`);
    expect(JSON.stringify(await stored.json())).not.toContain('4111');
  });
}
