import { describe, expect, it } from 'vitest';
import { createBody, emptyForm, formFromPerson, parseTags, patchBody } from './personForm';

describe('person form', () => {
  it('parses tags separated by commas, Arabic commas or bars, without duplicates', () => {
    expect(parseTags(' night-shift, cashier،cashier | riyadh ,')).toEqual(['night-shift', 'cashier', 'riyadh']);
  });

  it('create body leaves out empty fields and forces external role for external kind', () => {
    const f = { ...emptyForm(), name: ' أحمد علي ', name_latin: 'Ahmed Ali', email: 'a@x.co', company: 'ignored' };
    expect(createBody(f)).toEqual({ name: 'أحمد علي', name_latin: 'Ahmed Ali', email: 'a@x.co', kind: 'employee', role: 'member' });
    const ext = createBody({ ...emptyForm(), name: 'S', kind: 'external', company: 'Supplier Co', role: 'admin' });
    expect(ext.role).toBe('external');
    expect(ext.company).toBe('Supplier Co');
  });

  it('patch body contains only what changed, and null to clear the manager', () => {
    const before = formFromPerson({
      id: 'p_1',
      name: 'A',
      email: 'a@x.co',
      manager_id: 'p_2',
      manager_name: 'B',
      tags: ['x'],
      custom: { blood_type: 'O+' },
      role: 'member',
    });
    expect(patchBody(before, before)).toEqual({});
    const after = { ...before, email: 'new@x.co', manager: null, tags: 'x, y', custom: { blood_type: 'A+' } };
    expect(patchBody(before, after)).toEqual({
      email: 'new@x.co',
      manager_id: null,
      tags: ['x', 'y'],
      custom: { blood_type: 'A+' },
    });
  });
});
