// Oversight on a phone, in English and Arabic: an admin who is not a member finds a private group
// in the console's list of every conversation (its metadata, never its messages), opens it and
// archives it, giving a reason that the audit log keeps.
import { expect, expectAccessible, test, tr } from './fixtures';
import { shot } from './phones';
import { createConversation, NAMES, organization, postMessage } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`an admin finds a private group and archives it with a reason (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    const group = NAMES[lang].group;
    const secret = lang === 'ar' ? 'الراتب الجديد ٤١٠٠٠' : 'the new salary is 41000';
    const id = await createConversation(a, { kind: 'group', name: group, member_ids: [b.id, c.id] });
    await postMessage(a, id, secret);
    await createConversation(b, { kind: 'direct', member_ids: [c.id] });

    const p = owner.page;
    await p.goto('/admin/people');
    await p.getByRole('navigation', { name: L('admin.nav_label') }).getByRole('link', { name: L('admin.conversations') }).click();
    await expect(p.getByRole('heading', { level: 1, name: L('oversight.title') })).toBeVisible();
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    const list = p.getByTestId('oversight-list');
    await expect(list.getByRole('link', { name: `${b.name} · ${c.name}` }).or(list.getByRole('link', { name: `${c.name} · ${b.name}` }))).toBeVisible();
    await expect(list.getByRole('link', { name: group })).toBeVisible();

    // search narrows the list to the group; nothing of its messages shows
    await p.getByLabel(L('oversight.search')).fill(group.split(' ')[1] ?? group);
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list).toContainText(L('oversight.members_count', { n: 3 }));
    await expect(list).toContainText(a.name);
    await expect(p.locator('body')).not.toContainText(secret);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `oversight list (${lang})`);
    await shot(p, `oversight-list-${lang}`, true);

    await list.getByRole('link', { name: group }).click();
    await expect(p.getByRole('heading', { level: 1, name: group })).toBeVisible();
    await expect(p.getByTestId('oversight-state')).toHaveText(L('oversight.state_active'));
    await expect(p.getByTestId('oversight-members')).toContainText(c.name);
    await expect(p.locator('body')).not.toContainText(secret);

    await p.getByRole('button', { name: L('oversight.archive'), exact: true }).click();
    const dialog = p.getByTestId('oversight-dialog');
    await expect(dialog.getByRole('heading', { name: L('oversight.archive_title') })).toBeVisible();
    // no reason, no archive
    await dialog.getByRole('button', { name: L('oversight.archive'), exact: true }).click();
    await expect(dialog).toContainText(L('oversight.reason_required'));
    const reason = lang === 'ar' ? 'انتهى المشروع' : 'Project closed';
    await dialog.getByLabel(L('oversight.reason')).fill(reason);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `oversight reason dialog (${lang})`);
    await shot(p, `oversight-archive-${lang}`);
    await dialog.getByRole('button', { name: L('oversight.archive'), exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(p.getByRole('status').filter({ hasText: L('oversight.archived_done') })).toBeVisible();
    await expect(p.getByTestId('oversight-state')).toHaveText(L('oversight.archived'));
    await expect(p.getByRole('button', { name: L('oversight.unarchive'), exact: true })).toBeVisible();

    // the audit log keeps who archived it and why; the members can no longer post
    const audit = await owner.ctx.request.get('/api/v1/admin/audit?action=conversation.archive');
    const entry = (await audit.json()).items.find((e: { target_id: string }) => e.target_id === id);
    expect(entry?.details?.reason).toBe(reason);
    expect(entry?.actor_id).toBe(owner.id);
    const send = await a.ctx.request.post(`/api/v1/conversations/${id}/messages`, {
      headers: { 'X-CSRF-Token': a.csrf },
      data: { client_id: crypto.randomUUID(), text: 'still here?' },
    });
    expect(send.status()).toBe(403);
  });
}
