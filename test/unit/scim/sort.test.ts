import { describe, expect, it } from 'vitest';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../shared/scim/schema/resource-types';
import { compareSortKeys, parseSort, printSort, sortKeyOf, type SortKey } from '../../../shared/scim/sort';
import { scimErrorOf } from './scim-error-of';
import { ENT } from '../../support/scim-wire';

const users = (sortBy: string | undefined, sortOrder?: string) => parseSort([USER_RESOURCE_TYPE], sortBy, sortOrder);
const key = (sortBy: string, view: Record<string, unknown>) => sortKeyOf(users(sortBy)!, USER_RESOURCE_TYPE, view);

describe('parseSort', () => {
  it('defaults to ascending and reads sortOrder in any case', () => {
    expect(users('userName')!.order).toBe('ascending');
    expect(users('userName', 'DESCENDING')!.order).toBe('descending');
    expect(users('userName', 'Ascending')!.order).toBe('ascending');
  });

  it('ignores sortOrder without sortBy', () => {
    expect(users(undefined, 'descending')).toBeUndefined();
  });

  it.each([
    ['shoeSize', 'unknown attribute'],
    ['name', 'is complex'],
    ['emails', 'is complex'],
    ['manager', 'is complex'],
    ['password', 'never returned'],
    ['name.shoeSize', 'unknown attribute'],
    ['a b', 'not an attribute path'],
    ['  ', 'empty'],
  ])('refuses sortBy=%j with 400 invalidValue (%s)', (sortBy, fragment) => {
    const error = scimErrorOf(() => users(sortBy));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(fragment);
    expect(error.detail).toContain('sortBy');
  });

  it('refuses an unknown sortOrder', () => {
    expect(scimErrorOf(() => users('userName', 'up'))).toMatchObject({ status: 400, scimType: 'invalidValue', message: expect.stringContaining('sortOrder') });
  });

  it('refuses sorting groups by members', () => {
    expect(scimErrorOf(() => parseSort([GROUP_RESOURCE_TYPE], 'members.value', undefined)).detail).toContain('members');
  });

  it('accepts a path that resolves in one of several types (a root search)', () => {
    const spec = parseSort([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE], 'userName', undefined)!;
    expect([...spec.targets.keys()]).toEqual(['User']);
    expect(printSort(spec)).toBe('username ascending');
  });
});

describe('sortKeyOf', () => {
  it('folds case unless the attribute is caseExact', () => {
    expect(key('userName', { userName: 'Ana' })).toEqual({ kind: 'text', value: 'ana' });
    expect(key('externalId', { externalId: 'Ana' })).toEqual({ kind: 'text', value: 'Ana' });
  });

  it('reads sub-attributes, extension attributes and meta dates', () => {
    expect(key('name.familyName', { name: { familyName: 'Lima' } })).toEqual({ kind: 'text', value: 'lima' });
    expect(key(`${ENT}:department`, { [ENT]: { department: 'R&D' } })).toEqual({ kind: 'text', value: 'r&d' });
    expect(key('meta.lastModified', { meta: { lastModified: '2026-01-01T00:00:01Z' } })).toEqual({ kind: 'number', value: Date.parse('2026-01-01T00:00:01Z') });
    expect(key('active', { active: false })).toEqual({ kind: 'number', value: 0 });
  });

  it('takes the primary value of a multi-valued attribute, else the first', () => {
    expect(key('emails.value', { emails: [{ value: 'b' }, { value: 'a', primary: true }] })).toEqual({ kind: 'text', value: 'a' });
    expect(key('emails.value', { emails: [{ type: 'x' }, { value: 'c' }, { value: 'b' }] })).toEqual({ kind: 'text', value: 'c' });
  });

  it('is undefined without a value (absent, null, empty, unparsable date)', () => {
    expect(key('title', {})).toBeUndefined();
    expect(key('title', { title: null })).toBeUndefined();
    expect(key('title', { title: '' })).toBeUndefined();
    expect(key('meta.created', { meta: { created: 'yesterday' } })).toBeUndefined();
    expect(key('emails.value', { emails: [] })).toBeUndefined();
  });
});

describe('compareSortKeys (RFC 7644 §3.4.2.3)', () => {
  const a: SortKey = { kind: 'text', value: 'a' };
  const b: SortKey = { kind: 'text', value: 'b' };
  // Wrapped: Array.prototype.sort moves bare undefined elements last without asking the comparator.
  const sort = (keys: Array<SortKey | undefined>, order: 'ascending' | 'descending') =>
    keys.map((k) => ({ k })).sort((x, y) => compareSortKeys(x.k, y.k, order)).map((x) => x.k);

  it('puts resources without a value last when ascending and first when descending', () => {
    expect(sort([undefined, b, a], 'ascending')).toEqual([a, b, undefined]);
    expect(sort([a, undefined, b], 'descending')).toEqual([undefined, b, a]);
  });

  it('orders text by code units (upper case before lower case) and numbers numerically', () => {
    expect(compareSortKeys({ kind: 'text', value: 'B' }, { kind: 'text', value: 'a' }, 'ascending')).toBeLessThan(0);
    expect(compareSortKeys({ kind: 'number', value: 10 }, { kind: 'number', value: 9 }, 'ascending')).toBeGreaterThan(0);
    expect(compareSortKeys(a, { kind: 'text', value: 'a' }, 'descending')).toBe(-0);
  });
});
