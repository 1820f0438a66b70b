import { describe, expect, it } from 'vitest';
import { csvField, linksCsv, lookupKey, matchCreated, progressOf, runPool } from './bulkInvite';

describe('the CSV of invitation links', () => {
  it('quotes separators, quotes and line breaks, and doubles quotes', () => {
    expect(csvField('Omar')).toBe('Omar');
    expect(csvField('Farouk, Omar')).toBe('"Farouk, Omar"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('the "boss"')).toBe('"the ""boss"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('عمر الزهراني')).toBe('عمر الزهراني');
  });

  it('keeps a spreadsheet from running a name as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+966500000000')).toBe("'+966500000000");
    expect(csvField('@who')).toBe("'@who");
  });

  it('starts with a UTF-8 byte order mark, has the header and one CRLF line per person', () => {
    const text = linksCsv(['الاسم', 'الرقم الوظيفي أو البريد الإلكتروني', 'رابط الدعوة', 'صالح حتى'], [
      { name: 'عمر', key: 'E1', url: 'http://h/invite/a', expires: '2 Jan 2026, 10:00' },
      { name: 'Lina "L"', key: 'lina@example.com', url: 'http://h/invite/b', expires: '' },
    ]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toEqual([
      'الاسم,الرقم الوظيفي أو البريد الإلكتروني,رابط الدعوة,صالح حتى',
      'عمر,E1,http://h/invite/a,"2 Jan 2026, 10:00"',
      '"Lina ""L""",lina@example.com,http://h/invite/b,',
      '',
    ]);
  });
});

describe('finding the people an import created', () => {
  const people = [
    { id: 'p_1', name: 'A', employee_id: 'E100', email: 'a@example.com' },
    { id: 'p_2', name: 'B', employee_id: 'E10', email: 'B@Example.com' },
    { id: 'p_3', name: 'C', employee_id: null, email: 'c@example.com' },
  ];
  it('matches the employee id exactly, then the email whatever its case', () => {
    expect(matchCreated({ line: 2, name: 'B', employee_id: 'E10' }, people)?.id).toBe('p_2');
    expect(matchCreated({ line: 3, name: 'C', email: 'C@example.com' }, people)?.id).toBe('p_3');
    expect(matchCreated({ line: 4, name: 'B', employee_id: '', email: 'b@example.com' }, people)?.id).toBe('p_2');
    expect(matchCreated({ line: 5, name: 'X', employee_id: 'E1' }, people)).toBeNull();
  });
  it('searches by the key the import matched on', () => {
    expect(lookupKey({ line: 1, employee_id: 'E7', email: 'x@example.com' })).toBe('E7');
    expect(lookupKey({ line: 1, employee_id: '', email: 'x@example.com' })).toBe('x@example.com');
  });
});

describe('a few at a time', () => {
  it('never runs more than the limit at once and does every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5 + (n % 3)));
      seen.push(n);
      inFlight--;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
  it('counts what is done for the progress line', () => {
    expect(progressOf([{ status: 'waiting' }, { status: 'failed', reason: 'not_found' }])).toEqual({ done: 1, ok: 0, failed: 1, total: 2 });
  });
});
