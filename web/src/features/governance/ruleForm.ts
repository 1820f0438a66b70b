/**
 * The rule editor's model (pure): a list of conditions joined by "all" or "any", each one
 * "field is / is one of / is not / is none of value(s)", or "reports to / is under person". It
 * reads and writes the server's rule JSON (docs/api/governance.md); a stored rule the form cannot
 * show (nested groups written through the API) is reported as such, never silently changed.
 */
export type RuleField = 'department' | 'location' | 'job_title' | 'role' | 'kind' | 'company' | 'tag' | 'manager';
export const RULE_FIELDS: RuleField[] = ['department', 'location', 'job_title', 'role', 'kind', 'company', 'tag', 'manager'];

export type TextOp = 'is' | 'in' | 'is_not' | 'not_in';
export type ManagerOp = 'reports_to' | 'under';
export const TEXT_OPS: TextOp[] = ['is', 'in', 'is_not', 'not_in'];
export const MANAGER_OPS: ManagerOp[] = ['reports_to', 'under'];

export interface Condition {
  /** department, ..., tag, manager, or custom.<key> */
  field: string;
  op: TextOp | ManagerOp;
  /** text, or for `in`: values separated by commas; for manager: the person */
  value: string;
  personName?: string;
}

export interface RuleForm {
  combine: 'all' | 'any';
  conditions: Condition[];
}

export const emptyCondition = (): Condition => ({ field: 'department', op: 'is', value: '' });
export const emptyForm = (): RuleForm => ({ combine: 'all', conditions: [emptyCondition()] });

/** Splits an "is one of" list: commas (Latin or Arabic) separate values. */
export function splitValues(text: string): string[] {
  return text
    .split(/[,،]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

type Json = Record<string, unknown>;

function conditionJson(c: Condition): Json | null {
  if (c.field === 'manager') {
    if (!c.value) return null;
    return c.op === 'under' ? { field: 'manager', under: c.value } : { field: 'manager', reports_to: c.value };
  }
  const many = c.op === 'in' || c.op === 'not_in';
  const values = many ? splitValues(c.value) : [c.value.trim()];
  if (!values.length || !values[0]) return null;
  const test: Json = many ? { field: c.field, in: values } : { field: c.field, equals: values[0] };
  return c.op === 'is_not' || c.op === 'not_in' ? { not: test } : test;
}

/** The rule JSON, or null while a condition is still empty (nothing to preview yet). */
export function toRule(form: RuleForm): Json | null {
  const parts = form.conditions.map(conditionJson);
  if (!parts.length || parts.some((p) => p === null)) return null;
  return { version: 1, match: { [form.combine]: parts } };
}

function readCondition(node: Json): Condition | null {
  let negated = false;
  if ('not' in node && Object.keys(node).length === 1) {
    node = node.not as Json;
    negated = true;
    if (!node || typeof node !== 'object') return null;
  }
  const field = node.field;
  if (typeof field !== 'string') return null;
  if (field === 'manager') {
    if (negated) return null;
    if (typeof node.under === 'string') return { field, op: 'under', value: node.under };
    if (typeof node.reports_to === 'string') return { field, op: 'reports_to', value: node.reports_to };
    return null;
  }
  if (typeof node.equals === 'string') return { field, op: negated ? 'is_not' : 'is', value: node.equals };
  if (Array.isArray(node.in) && node.in.every((v) => typeof v === 'string'))
    return { field, op: negated ? 'not_in' : 'in', value: (node.in as string[]).join(', ') };
  return null;
}

/** The form for a stored rule, or null when the rule is more than the form can show. */
export function fromRule(rule: Json | null | undefined): RuleForm | null {
  const match = rule?.match as Json | undefined;
  if (!match || typeof match !== 'object') return null;
  const combine = 'all' in match ? 'all' : 'any' in match ? 'any' : null;
  const list = combine ? match[combine] : [match];
  if (!Array.isArray(list) || (combine && Object.keys(match).length !== 1)) return null;
  const conditions = list.map((n) => (n && typeof n === 'object' ? readCondition(n as Json) : null));
  if (conditions.some((c) => c === null)) return null;
  return { combine: combine ?? 'all', conditions: conditions as Condition[] };
}

/** Manager ids the form names, to look their names up once. */
export function managerIds(form: RuleForm): string[] {
  return [...new Set(form.conditions.filter((c) => c.field === 'manager' && c.value).map((c) => c.value))];
}
