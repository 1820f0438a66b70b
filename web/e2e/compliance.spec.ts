// Compliance on a phone, in English and Arabic: the owner makes Omar a compliance officer on his
// person screen; Omar opens the Compliance page, reads what Lina wrote today with a reason — a
// message a moderator removed under legal hold shows, marked as removed — and downloads an
// encrypted export; the owner sees both on the audit page, with the audit chain's head.
import { expect, expectAccessible, test, tr } from './fixtures';
import { shot } from './phones';
import { createConversation, organization, postMessage } from './organization';

// Any 32 bytes are an X25519 public key the server can seal to.
const RECIPIENT_KEY = Buffer.alloc(32, 7).toString('base64');

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

for (const lang of ['en', 'ar'] as const) {
  test(`a compliance officer reads and exports with a reason (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b } = await organization(browser, baseURL!, lang);
    const conv = await createConversation(b, { kind: 'group', name: 'Deals', member_ids: [a.id] });
    const kept = lang === 'ar' ? 'رمز الباب 4711' : 'the door code is 4711';
    await postMessage(b, conv, lang === 'ar' ? 'العقد جاهز' : 'the contract is ready');
    const removed = await postMessage(b, conv, kept);
    const hold = await owner.ctx.request.post('/api/v1/admin/legal-holds', {
      headers: { 'X-CSRF-Token': owner.csrf },
      data: { kind: 'conversation', target_id: conv, reason: 'Case 12' },
    });
    expect(hold.status()).toBe(201);
    const del = await owner.ctx.request.delete(`/api/v1/messages/${removed}`, {
      headers: { 'X-CSRF-Token': owner.csrf },
      data: { reason: 'shared a code' },
    });
    expect(del.status()).toBe(200);

    // The owner grants the capability on Omar's person screen.
    const o = owner.page;
    await o.goto(`/admin/people/${a.id}`);
    await expect(o.getByTestId('compliance-officer-status')).toHaveText(L('compliance.officer_no'));
    await o.getByRole('button', { name: L('compliance.grant') }).click();
    await expect(o.getByTestId('compliance-officer-status')).toHaveText(L('compliance.officer_yes'));

    // Omar reads what Lina wrote today.
    const p = a.page;
    await p.goto('/');
    await p.getByTestId('nav-compliance').click();
    await expect(p.getByRole('heading', { level: 1, name: L('compliance.title') })).toBeVisible();
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await p.getByLabel(L('compliance.person'), { exact: true }).fill(b.name.split(' ')[0]);
    await p.getByRole('button', { name: L('picker.choose', { name: b.name }) }).click();
    await p.getByLabel(L('compliance.from')).fill(today());
    await p.getByLabel(L('compliance.to')).fill(today());
    const reason = lang === 'ar' ? 'القضية 12' : 'Investigation 12';
    await p.getByLabel(L('compliance.reason'), { exact: true }).fill(reason);
    await p.getByRole('button', { name: L('compliance.read'), exact: true }).click();
    const list = p.getByRole('list', { name: L('compliance.messages') });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    const held = list.getByRole('listitem').filter({ hasText: kept });
    await expect(held.getByTestId('compliance-removed')).toContainText(L('compliance.state_removed'));
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `compliance (${lang})`);
    await shot(p, `compliance-${lang}`, true);

    // The export downloads an encrypted file.
    await p.getByLabel(L('compliance.recipient_key')).fill(RECIPIENT_KEY);
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: L('compliance.export') }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.mcx$/);
    await expect(p.getByText(L('compliance.exported'))).toBeVisible();

    // The owner sees the read and the export in the audit log, and the chain's head.
    await o.goto('/admin/audit');
    await expect(o.getByTestId('audit-chain-head')).toBeVisible();
    const entries = o.getByRole('list', { name: L('audit.entries') });
    await expect(entries.getByText(L('action.compliance.read'))).toBeVisible();
    await expect(entries.getByText(L('action.compliance.exported'))).toBeVisible();
    await expect(entries.getByText(L('action.compliance_officer.granted'))).toBeVisible();

    // A member without the capability has no link to it.
    await b.page.goto('/compliance');
    await expect(b.page.getByTestId('nav-compliance')).toHaveCount(0);
  });
}
