import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import ar from '../../i18n/ar.json';
import { translate, type Lang } from '../../i18n/translate';
import { AUDIT_ACTIONS, actionLabel, actorLabel, auditDetailLines, targetLabel, type AuditFormat } from './auditText';

const fmt = (lang: Lang): AuditFormat => ({
  t: (key, params) => translate(lang === 'ar' ? ar : en, en, key, params),
  lang,
  dateTime: (iso) => `<${iso}>`,
});
const strip = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('audit entries in words', () => {
  it('names every action in both languages', () => {
    for (const a of AUDIT_ACTIONS) {
      expect(actionLabel(fmt('en').t, a), a).not.toBe(a);
      expect(actionLabel(fmt('ar').t, a), a).not.toBe(actionLabel(fmt('en').t, a));
    }
    // one the app does not know yet stays readable as the server's word
    expect(actionLabel(fmt('en').t, 'brand.new')).toBe('brand.new');
  });

  it('says who: a person, the command line, a scheduled task, or an unrecorded reporter', () => {
    const { t } = fmt('en');
    expect(actorLabel(t, { actor_id: 'p_1', actor_name: 'Sara', action: 'person.update', details: {} })).toEqual({ text: 'Sara', typed: true });
    expect(actorLabel(t, { actor_id: null, actor_name: null, action: 'password.reset', details: { via: 'cli' } }).text).toBe('Command line');
    expect(actorLabel(t, { actor_id: null, actor_name: 'system', action: 'retention.run', details: { trigger: 'schedule' } }).text).toBe('Scheduled task');
    expect(actorLabel(t, { actor_id: null, actor_name: null, action: 'message.reported', details: {} }).text).toBe('A member (name not recorded)');
    expect(actorLabel(fmt('ar').t, { actor_id: null, action: 'password.reset', details: {} }).text).toBe('سطر الأوامر');
  });

  it("names the target, else says what kind it is; a department's name is isolated", () => {
    const { t } = fmt('ar');
    expect(targetLabel(t, { target_type: 'person', target_id: 'p_1', target_name: 'عمر' })).toEqual({ text: 'عمر', typed: true });
    expect(targetLabel(t, { target_type: 'person', target_id: 'p_1' })).toEqual({ text: 'شخص', typed: false });
    expect(targetLabel(t, { target_type: 'organization', target_id: '' })?.text).toBe('المؤسسة');
    expect(targetLabel(t, { target_type: 'department', target_id: 'Sales' })?.text).toBe('قسم \u2068Sales\u2069');
    expect(targetLabel(t, { target_type: null, target_id: null })).toBeNull();
  });

  it('turns person.update changes into the form labels, in the reader’s language and list style', () => {
    const en1 = auditDetailLines(fmt('en'), { action: 'person.update', details: { changes: ['job_title', 'email'], by: 'self' } });
    expect(en1).toEqual([
      { key: 'changes', label: 'Changed fields', known: true, value: 'Job title, Email' },
      { key: 'by', label: 'Changed by', known: true, value: 'the person themself' },
    ]);
    const ar1 = auditDetailLines(fmt('ar'), { action: 'person.update', details: { changes: ['job_title', 'email'] } });
    expect(ar1[0].label).toBe('الحقول المعدّلة');
    expect(ar1[0].value).toBe(`${ar['person.job_title']}، ${ar['person.email']}`);
  });

  it('writes numbers, yes/no, times, nothing, arrays and objects as short text without JSON', () => {
    const lines = auditDetailLines(fmt('en'), {
      action: 'conversation.rule.set',
      details: { added: 3, enabled: false, end_at: '2026-01-02T03:04:05Z', rule: { department: 'Sales', any: ['a', 'b'] }, removed: [], note: null },
    });
    const byKey = Object.fromEntries(lines.map((l) => [l.key, strip(l.value)]));
    expect(byKey).toEqual({
      added: '3',
      enabled: 'No',
      end_at: '<2026-01-02T03:04:05Z>',
      rule: 'department: Sales; any: a, b',
      removed: '—',
      note: '—',
    });
    for (const l of lines) expect(l.value).not.toMatch(/[{}"]/);
  });

  it('keeps unknown keys, after the known ones, untranslated', () => {
    const lines = auditDetailLines(fmt('ar'), { action: 'policies.changed', details: { who_can_create_channels: 'admins', reason: 'تنظيم' } });
    expect(lines.map((l) => [l.key, l.known])).toEqual([
      ['reason', true],
      ['who_can_create_channels', false],
    ]);
    expect(lines[1].label).toBe('who_can_create_channels');
    expect(lines[1].value).toBe('admins');
  });

  it('translates the words the server records for a value', () => {
    const lines = auditDetailLines(fmt('en'), { action: 'report.resolved', details: { action: 'warned', category: 'spam' } });
    expect(lines.map((l) => l.value)).toEqual(['author warned', 'Spam']);
    const rule = auditDetailLines(fmt('en'), { action: 'content_rule.created', details: { kind: 'words', action: 'block' } });
    expect(rule.map((l) => l.value)).toEqual([en['rules.kind_words'], en['rules.action_block']]);
  });
});
