import { describe, expect, it } from 'vitest';
import type { OverseenMember } from './api';
import { emptyFilters, listQuery, MAX_REASON, ownerCandidates, reasonProblem, titleOf } from './oversight';

describe('listQuery', () => {
  it('sends only the filters that are set, with the limit and cursor', () => {
    expect(listQuery(emptyFilters(), null)).toEqual({ limit: 50 });
    expect(listQuery({ q: '  merger ', kind: 'group', archived: 'false', hasExternals: 'true' }, 'c1', 20)).toEqual({
      limit: 20,
      q: 'merger',
      kind: 'group',
      archived: 'false',
      has_externals: 'true',
      cursor: 'c1',
    });
  });
});

describe('titleOf', () => {
  it('names a direct conversation by its two people and anything else by its name', () => {
    const people = [
      { id: 'a', name: 'Alice' },
      { id: 'b', name: 'بدر' },
    ];
    expect(titleOf({ kind: 'direct', name: '', participants: people }, '?')).toBe('Alice · بدر');
    expect(titleOf({ kind: 'group', name: 'Merger Room', participants: null }, '?')).toBe('Merger Room');
    expect(titleOf({ kind: 'group', name: '  ', participants: null }, 'Unnamed')).toBe('Unnamed');
  });
});

describe('reasonProblem', () => {
  it('needs 1 to 500 characters after trimming, counted as the server does', () => {
    expect(reasonProblem('')).toBe('required');
    expect(reasonProblem('   ')).toBe('required');
    expect(reasonProblem('Project closed')).toBeNull();
    expect(reasonProblem('x'.repeat(MAX_REASON))).toBeNull();
    expect(reasonProblem('x'.repeat(MAX_REASON + 1))).toBe('too_long');
    // 500 Arabic letters are 1,000 UTF-16 units but 500 characters.
    expect(reasonProblem('س'.repeat(MAX_REASON))).toBeNull();
    expect(reasonProblem('😀'.repeat(MAX_REASON))).toBeNull();
  });
});

describe('ownerCandidates', () => {
  const m = (person_id: string, name: string, role: OverseenMember['role'] = 'member'): OverseenMember => ({
    person_id,
    name,
    role,
    joined_at: '2026-01-01T00:00:00Z',
    external: false,
  });
  const members = [m('1', 'Carol'), m('2', 'Alice', 'owner'), m('3', 'bob'), m('4', 'Bobby', 'moderator')];
  it('offers members who are not owners yet, by name, filtered by any part of the name', () => {
    expect(ownerCandidates(members, '').map((x) => x.name)).toEqual(['bob', 'Bobby', 'Carol']);
    expect(ownerCandidates(members, 'BOB').map((x) => x.name)).toEqual(['bob', 'Bobby']);
    expect(ownerCandidates(members, 'ali')).toEqual([]);
    expect(ownerCandidates(members, '', 1).length).toBe(1);
  });
});
