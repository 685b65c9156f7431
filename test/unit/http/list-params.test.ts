import { describe, expect, it } from 'vitest';
import { param, parseListParams } from '../../../shared/http/list-params';
import { USER_RESOURCE_TYPE } from '../../../shared/scim/schema/resource-types';
import { scimErrorOf } from '../scim/scim-error-of';

const MAX = 200;

function parse(query: string, maxPageSize = MAX) {
  return parseListParams(USER_RESOURCE_TYPE, new URLSearchParams(query), maxPageSize);
}

describe('parseListParams', () => {
  it('defaults to startIndex 1, a full page and no filter', () => {
    expect(parse('')).toEqual({ filter: undefined, startIndex: 1, count: MAX });
  });

  describe('startIndex (RFC 7644 §3.4.2.4: 1-based, below 1 means 1)', () => {
    it.each<[string, number]>([
      ['1', 1],
      ['2', 2],
      ['1000000', 1000000],
      ['0', 1],
      ['-5', 1],
      [' 7 ', 7],
      ['007', 7],
    ])('reads startIndex=%j as %i', (value, expected) => {
      expect(parse(`startIndex=${encodeURIComponent(value)}`).startIndex).toBe(expected);
    });
  });

  describe('startIndex beyond any page', () => {
    it.each(['99999999999999999999', '9007199254740993'])('reads startIndex=%s as a finite number past any result', (value) => {
      const { startIndex } = parse(`startIndex=${value}`);
      expect(Number.isFinite(startIndex)).toBe(true);
      expect(startIndex).toBeGreaterThan(1_000_000_000);
    });

    // Bug: Number('9'.repeat(400)) is Infinity, which the ListResponse then writes as "startIndex": null.
    it('reads a 400-digit startIndex as a finite number past any result', () => {
      const { startIndex } = parse(`startIndex=${'9'.repeat(400)}`);
      expect(Number.isFinite(startIndex)).toBe(true);
      expect(startIndex).toBeGreaterThan(1_000_000_000);
    });
  });

  describe('count (0 gives only totalResults, above the page limit is clamped, negative is 400)', () => {
    it.each<[string, number]>([
      ['0', 0],
      ['1', 1],
      ['199', 199],
      ['200', 200],
      ['201', 200],
      ['100000', 200],
    ])('reads count=%j as %i', (value, expected) => {
      expect(parse(`count=${value}`).count).toBe(expected);
    });

    // Issue #7 asks for 400 where RFC 7644 §3.4.2.4 would read a negative count as 0.
    it.each(['-1', '-100', String(-Number.MAX_SAFE_INTEGER)])('rejects count=%s with 400 invalidValue', (value) => {
      const error = scimErrorOf(() => parse(`count=${value}`));
      expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
      expect(error.detail).toContain('count');
    });

    it.each<[string, number]>([
      ['9999999999999999', 200],
      ['99999999999999999999', 200],
      ['9'.repeat(400), 200],
    ])('clamps the oversized count=%s to the maximum (%i)', (value, expected) => {
      expect(parse(`count=${value}`).count).toBe(expected);
    });

    it('clamps to the configured page limit', () => {
      expect(parse('count=60', 50).count).toBe(50);
      expect(parse('', 50).count).toBe(50);
    });
  });

  describe('parameter names are case-insensitive', () => {
    it.each(['startIndex=3&count=4', 'startindex=3&COUNT=4', 'STARTINDEX=3&Count=4', 'StartIndex=3&cOuNt=4'])('reads %s', (query) => {
      expect(parse(query)).toMatchObject({ startIndex: 3, count: 4 });
    });

    it.each(['filter', 'Filter', 'FILTER'])('reads the filter from %s', (name) => {
      expect(parse(`${name}=${encodeURIComponent('userName eq "ana"')}`).filter).toEqual({
        kind: 'compare',
        path: { name: 'userName' },
        op: 'eq',
        value: 'ana',
      });
    });

    it('takes the first of repeated parameters', () => {
      expect(parse('count=5&Count=9').count).toBe(5);
    });

    it('param finds a name in any case and answers undefined when absent', () => {
      const query = new URLSearchParams('AttRibutes=userName');
      expect(param(query, 'attributes')).toBe('userName');
      expect(param(query, 'excludedAttributes')).toBeUndefined();
    });
  });

  describe('non-integers are 400 invalidValue', () => {
    it.each<[string, string]>([
      ['count', '1.5'],
      ['count', 'ten'],
      ['count', ''],
      ['count', '1e3'],
      ['count', '0x10'],
      ['count', '5abc'],
      ['count', '+5'],
      ['startIndex', '2.0'],
      ['startIndex', 'first'],
      ['startIndex', '- 1'],
      ['startIndex', 'NaN'],
      ['startIndex', 'Infinity'],
    ])('%s=%j', (name, value) => {
      const error = scimErrorOf(() => parse(`${name}=${encodeURIComponent(value)}`));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toContain(name);
    });

    it('names the parameter by its canonical name even when sent in another case', () => {
      expect(scimErrorOf(() => parse('STARTINDEX=x')).detail).toContain('startIndex');
    });
  });

  describe('filter', () => {
    it.each<[string, string]>([
      ['an empty filter', ''],
      ['a comparison without a value', 'userName eq'],
      ['an unknown attribute', 'nickName2 eq "x"'],
      ['an unbalanced parenthesis', '(userName eq "x"'],
    ])('rejects %s with 400 invalidFilter', (_, filter) => {
      const error = scimErrorOf(() => parse(`filter=${encodeURIComponent(filter)}`));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidFilter');
    });

    it("accepts Entra's Test Connection filter", () => {
      expect(parse(`filter=${encodeURIComponent('userName eq "8a2b5c8e-0a7c-4b7e-9bd6-0f6e4f3c2d1a"')}`).filter).toBeDefined();
    });
  });
});
