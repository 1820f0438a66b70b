/** Pure helpers for the person form: state <-> API body. */
import type { PersonInput } from '../../api/client';
import type { Person, Role } from '../../api/schemas';

export interface PersonFormState {
  name: string;
  name_latin: string;
  job_title: string;
  department: string;
  location: string;
  manager: { id: string; name: string } | null;
  employee_id: string;
  phone: string;
  email: string;
  kind: 'employee' | 'external';
  company: string;
  tags: string;
  role: Role;
  custom: Record<string, string>;
}

export function emptyForm(): PersonFormState {
  return {
    name: '',
    name_latin: '',
    job_title: '',
    department: '',
    location: '',
    manager: null,
    employee_id: '',
    phone: '',
    email: '',
    kind: 'employee',
    company: '',
    tags: '',
    role: 'member',
    custom: {},
  };
}

export function formFromPerson(p: Person): PersonFormState {
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.custom ?? {})) if (v !== null && v !== undefined) custom[k] = String(v);
  return {
    name: p.name,
    name_latin: p.name_latin ?? '',
    job_title: p.job_title ?? '',
    department: p.department ?? '',
    location: p.location ?? '',
    manager: p.manager_id ? { id: p.manager_id, name: p.manager_name ?? p.manager_id } : null,
    employee_id: p.employee_id ?? '',
    phone: p.phone ?? '',
    email: p.email ?? '',
    kind: p.kind ?? 'employee',
    company: p.company ?? '',
    tags: (p.tags ?? []).join(', '),
    role: p.role ?? 'member',
    custom,
  };
}

export function parseTags(s: string): string[] {
  const out: string[] = [];
  for (const raw of s.split(/[,،|]/)) {
    const tag = raw.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

const TEXT_FIELDS = ['name', 'name_latin', 'job_title', 'department', 'location', 'employee_id', 'phone', 'email', 'company'] as const;

/** Body for POST /people: only fields that have a value. */
export function createBody(f: PersonFormState): PersonInput {
  const body: PersonInput = {};
  for (const k of TEXT_FIELDS) {
    const v = f[k].trim();
    if (v) body[k] = v;
  }
  if (f.manager) body.manager_id = f.manager.id;
  body.kind = f.kind;
  if (f.kind !== 'external') delete body.company;
  const tags = parseTags(f.tags);
  if (tags.length) body.tags = tags;
  body.role = f.kind === 'external' ? 'external' : f.role;
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.custom)) if (v.trim()) custom[k] = v.trim();
  if (Object.keys(custom).length) body.custom = custom;
  return body;
}

/** Body for PATCH /people/{id}: only the fields that changed from `before`. */
export function patchBody(before: PersonFormState, f: PersonFormState): PersonInput {
  const body: PersonInput = {};
  for (const k of TEXT_FIELDS) {
    const v = f[k].trim();
    if (v !== before[k].trim()) body[k] = v;
  }
  if ((f.manager?.id ?? null) !== (before.manager?.id ?? null)) body.manager_id = f.manager?.id ?? null;
  if (f.kind !== before.kind) body.kind = f.kind;
  const tags = parseTags(f.tags);
  if (JSON.stringify(tags) !== JSON.stringify(parseTags(before.tags))) body.tags = tags;
  if (f.role !== before.role && f.kind !== 'external') body.role = f.role;
  const custom: Record<string, string> = {};
  let changed = false;
  const keys = new Set([...Object.keys(before.custom), ...Object.keys(f.custom)]);
  for (const k of keys) {
    const v = (f.custom[k] ?? '').trim();
    if (v !== (before.custom[k] ?? '').trim()) changed = true;
    custom[k] = v;
  }
  if (changed) body.custom = custom;
  return body;
}
