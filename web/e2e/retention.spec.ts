// Retention and legal holds on a phone, in English and Arabic: an admin sets the organization's
// retention policy and a conversation's override, puts a person's messages on legal hold with a
// reason, sees it listed with who set it, and releases it.
import { expect, expectAccessible, test, tr } from './fixtures';
import { shot } from './phones';
import { createConversation, organization } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`an admin sets a retention policy and a legal hold (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a } = await organization(browser, baseURL!, lang);
    const groupName = lang === 'ar' ? 'فريق المخزن' : 'Store team';
    await createConversation(owner, { kind: 'group', name: groupName, member_ids: [a.id] });

    const p = owner.page;
    await p.goto('/admin/people');
    await p.getByRole('link', { name: L('admin.retention') }).click();
    await expect(p.getByRole('heading', { level: 1, name: L('retention.title') })).toBeVisible();
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expect(p.getByTestId('retention-default')).toHaveText(L('retention.forever'));

    // The organization's default: delete after 90 days.
    const defaults = p.locator('section.card', { has: p.getByRole('heading', { name: L('retention.default') }) });
    await defaults.getByLabel(L('retention.keep_days')).fill('90');
    await defaults.getByRole('button', { name: L('common.save') }).click();
    await expect(p.getByTestId('retention-default')).toHaveText(L('retention.days_count', { count: 90 }));

    // The store team's conversation keeps everything.
    const overrides = p.locator('section.card', { has: p.getByRole('heading', { name: L('retention.overrides') }) });
    await overrides.getByLabel(L('retention.conversation')).selectOption({ label: groupName });
    await overrides.getByRole('button', { name: L('retention.set_override') }).click();
    await expect(overrides.getByRole('list')).toContainText(`${groupName} — ${L('retention.forever')}`);

    // A legal hold on Omar's messages, with a reason.
    const holds = p.locator('section.card', { has: p.getByRole('heading', { name: L('retention.holds') }) });
    await holds.getByLabel(L('retention.person')).fill(a.name.split(' ')[0]);
    await holds.getByRole('button', { name: L('picker.choose', { name: a.name }) }).click();
    const reason = lang === 'ar' ? 'قضية رقم 7' : 'Case 7 discovery';
    await holds.getByLabel(L('retention.reason')).fill(reason);
    await holds.getByRole('button', { name: L('retention.add_hold') }).click();
    await expect(holds.getByText(L('retention.hold_added'))).toBeVisible();
    const item = holds.getByRole('listitem').filter({ hasText: a.name });
    await expect(item).toContainText(reason);
    await expect(item).toContainText(owner.name);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `retention (${lang})`);
    await shot(p, `retention-${lang}`, true);

    // The server applies policies now on request; the hold keeps Omar's messages.
    await p.getByRole('button', { name: L('retention.run_now') }).click();
    const ran = L('retention.run_result', { messages: 0, attachments: 0, conversations: '__N__' });
    const pattern = new RegExp(ran.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('__N__', '\\d+'));
    await expect(p.getByText(pattern)).toBeVisible();

    await item.getByRole('button', { name: L('retention.release') }).click();
    await expect(holds.getByText(L('retention.hold_released'))).toBeVisible();
    await expect(holds.getByText(L('retention.no_holds'))).toBeVisible();
    await holds.getByLabel(L('retention.show_released')).check();
    const released = holds.getByRole('listitem').filter({ hasText: a.name });
    await expect(released).toContainText(reason);
    await expect(released.getByRole('button', { name: L('retention.release') })).toHaveCount(0);
  });
}
