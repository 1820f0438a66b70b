import { describe, expect, it } from 'vitest';
import { emptyForm, fromRule, splitValues, toRule, type RuleForm } from './ruleForm';

describe('rule form', () => {
  const sales: RuleForm = {
    combine: 'all',
    conditions: [
      { field: 'department', op: 'is', value: 'Sales' },
      { field: 'location', op: 'in', value: 'Riyadh, جدة' },
      { field: 'kind', op: 'is_not', value: 'external' },
    ],
  };

  it('writes the rule the server reads', () => {
    expect(toRule(sales)).toEqual({
      version: 1,
      match: {
        all: [
          { field: 'department', equals: 'Sales' },
          { field: 'location', in: ['Riyadh', 'جدة'] },
          { not: { field: 'kind', equals: 'external' } },
        ],
      },
    });
  });

  it('reads back what it wrote', () => {
    expect(fromRule(toRule(sales))).toEqual(sales);
    const manager: RuleForm = { combine: 'any', conditions: [{ field: 'manager', op: 'under', value: 'p_1' }] };
    expect(fromRule(toRule(manager))).toEqual(manager);
  });

  it('has nothing to preview while a condition is empty', () => {
    expect(toRule(emptyForm())).toBeNull();
    expect(toRule({ combine: 'all', conditions: [{ field: 'tag', op: 'in', value: ' , ' }] })).toBeNull();
  });

  it('splits lists on Latin and Arabic commas', () => {
    expect(splitValues('الرياض، جدة, Dammam ,')).toEqual(['الرياض', 'جدة', 'Dammam']);
  });

  it('reports rules it cannot show instead of changing them', () => {
    expect(fromRule({ version: 1, match: { all: [{ any: [{ field: 'tag', equals: 'a' }] }] } })).toBeNull();
    expect(fromRule({ version: 1, match: { not: { field: 'manager', under: 'p_1' } } })).toBeNull();
    expect(fromRule(null)).toBeNull();
    expect(fromRule({ version: 1, match: { field: 'tag', equals: 'a' } })).toEqual({
      combine: 'all',
      conditions: [{ field: 'tag', op: 'is', value: 'a' }],
    });
  });
});
