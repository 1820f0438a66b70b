/** Content rules (admins): every new message and edit is checked against them before it is stored. */
import { z } from 'zod';
import { request } from '../../api/http';

export const ruleKinds = ['words', 'regex', 'card_number', 'iban', 'national_id'] as const;
export const ruleActions = ['block', 'flag'] as const;

export const contentRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ruleKinds),
  action: z.enum(ruleActions),
  words: z.array(z.string()),
  pattern: z.string(),
  enabled: z.boolean(),
});
export type ContentRule = z.infer<typeof contentRuleSchema>;
export type ContentRuleInput = Omit<ContentRule, 'id'>;

const enc = encodeURIComponent;

export const contentRulesApi = {
  list: () => request('GET', '/admin/content-rules', { schema: z.object({ items: z.array(contentRuleSchema) }) }),
  create: (r: ContentRuleInput) => request('POST', '/admin/content-rules', { json: ruleBody(r), schema: contentRuleSchema }),
  replace: (id: string, r: ContentRuleInput) => request('PUT', `/admin/content-rules/${enc(id)}`, { json: ruleBody(r), schema: contentRuleSchema }),
  remove: (id: string) => request('DELETE', `/admin/content-rules/${enc(id)}`),
};

/** What the kind needs and nothing else: words for `words`, a pattern for `regex`, neither for detectors. */
export function ruleBody(r: ContentRuleInput): Record<string, unknown> {
  const body: Record<string, unknown> = { name: r.name, kind: r.kind, action: r.action, enabled: r.enabled };
  if (r.kind === 'words') body.words = r.words;
  if (r.kind === 'regex') body.pattern = r.pattern;
  return body;
}

/** The word-list textarea (one per line) to the API's list: trimmed, no blanks, no repeats. */
export function parseWords(text: string): string[] {
  return [...new Set(text.split('\n').map((w) => w.trim()).filter(Boolean))];
}
