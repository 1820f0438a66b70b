import { describe, expect, it } from 'vitest';
import { noticeText } from './noticeText';

const t = (key: string, p: Record<string, string | number> = {}) => `${key}${Object.keys(p).length ? JSON.stringify(p) : ''}`;
const at = '2026-12-05T10:00:00Z';
const fmt = (iso: string) => `[${iso}]`;

describe('noticeText', () => {
  it('says where a warning came from', () => {
    expect(noticeText(t, { id: 1, kind: 'warning', at, body: { conversation_name: 'Floor', note: 'x' } }, fmt)).toBe('notice.warning{"conversation":"Floor"}');
  });
  it('tells a suspension in one conversation from one everywhere, with its end', () => {
    expect(noticeText(t, { id: 2, kind: 'suspended', at, body: { conversation_name: 'Floor', until: at } }, fmt)).toBe(
      `notice.suspended_here{"conversation":"Floor","until":"[${at}]"}`,
    );
    expect(noticeText(t, { id: 3, kind: 'suspended', at, body: { conversation_name: '', until: at } }, fmt)).toBe(`notice.suspended_everywhere{"until":"[${at}]"}`);
  });
  it('tells a reporter whether something was done, never what', () => {
    const outcome = (o: string) => noticeText(t, { id: 4, kind: 'report_outcome', at, body: { outcome: o } }, fmt);
    expect(outcome('removed')).toBe('notice.outcome_removed');
    expect(outcome('action_taken')).toBe('notice.outcome_action');
    expect(outcome('no_action')).toBe('notice.outcome_none');
  });
  it('tells of failed sign-ins with their count, times and addresses', () => {
    const n = { id: 5, kind: 'sign_in_failures', at, body: { count: 5, first_at: at, last_at: at, addresses: ['10.0.0.1', '10.0.0.2'] } };
    expect(noticeText(t, n, fmt)).toBe(
      `notice.sign_in_failures{"count":5,"first":"[${at}]","last":"[${at}]","addresses":"10.0.0.1, 10.0.0.2"}`,
    );
  });
});
