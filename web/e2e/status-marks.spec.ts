// Status marks on one's own messages (issue 16), live across three phones: a clock while queued
// offline, ✓ once stored, ✓✓ once on every member's device, coloured ✓✓ once everyone read it.
import { expect, expectAccessible, test, tr } from './fixtures';
import { composer, messageWith, sendButton, shot } from './phones';
import { createConversation, organization, postMessage } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`status marks change live as a group receives and reads (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string) => tr(lang, k);
    const { owner, a, b } = await organization(browser, baseURL!, lang);
    const group = await createConversation(owner, { kind: 'group', name: 'Marks', member_ids: [a.id, b.id] });

    // Omar's phone is open on his chat list; Lina's phone is off.
    await a.page.goto('/chats');
    await expect(a.page.getByTestId('conversation-item').filter({ hasText: 'Marks' })).toBeVisible();
    await postMessage(owner, group, 'Shift starts at 5');
    await owner.page.goto(`/chats/${group}`);
    await expect(messageWith(owner.page, 'Shift starts at 5')).toBeVisible();

    // Offline, the message waits on Sara's phone with a clock.
    await owner.ctx.setOffline(true);
    await composer(owner.page).fill('Inventory at 6');
    await sendButton(owner.page).click();
    const pending = owner.page.getByTestId('pending-message');
    await expect(pending.getByTestId('status-mark')).toHaveAttribute('data-status', 'queued');
    await expect(pending.getByTestId('status-mark')).toHaveAccessibleName(L('chat.status_queued'));
    await owner.ctx.setOffline(false);

    // Stored: Omar's phone has it (his list shows it) but Lina's is off.
    const mark = messageWith(owner.page, 'Inventory at 6').getByTestId('status-mark');
    await expect(mark).toHaveAttribute('data-status', 'stored', { timeout: 15_000 });
    await expect(a.page.getByTestId('conversation-item').filter({ hasText: 'Inventory at 6' })).toBeVisible();
    await expect(mark).toHaveAttribute('data-status', 'stored');
    await expect(mark).toHaveAccessibleName(L('chat.status_stored'));

    // Lina opens the group: she has it and read it; Omar has it but has not read it.
    await b.page.goto(`/chats/${group}`);
    await expect(messageWith(b.page, 'Inventory at 6')).toBeVisible();
    await expect(mark).toHaveAttribute('data-status', 'delivered');
    await expect(mark).toHaveAccessibleName(L('chat.status_delivered'));
    await shot(owner.page, `status-delivered-${lang}`);

    // Omar opens it too: read by everyone, and the mark turns blue.
    await a.page.getByTestId('conversation-item').filter({ hasText: 'Marks' }).getByRole('link').click();
    await expect(messageWith(a.page, 'Inventory at 6')).toBeVisible();
    await expect(mark).toHaveAttribute('data-status', 'read');
    await expect(mark).toHaveAccessibleName(L('chat.status_read'));
    const blue = await mark.evaluate((el) => getComputedStyle(el).color);
    const grey = await messageWith(owner.page, 'Inventory at 6').locator('time').evaluate((el) => getComputedStyle(el).color);
    expect(blue).not.toBe(grey);
    // Others' messages carry no mark.
    await expect(messageWith(a.page, 'Inventory at 6').getByTestId('status-mark')).toHaveCount(0);
    await expectAccessible(owner.page, `status marks (${lang})`);
    await shot(owner.page, `status-read-${lang}`);
  });
}
