import { describe, expect, it } from 'vitest';
import { SEARCH_REQUEST_SCHEMA, searchRequestSource } from '../../../shared/http/handlers/search';
import { ScimError } from '../../../shared/scim/errors';

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    return e as ScimError;
  }
  throw new Error('expected an error');
}

describe('searchRequestSource (RFC 7644 §3.4.3)', () => {
  it('reads every SearchRequest field like a query parameter, names in any case', () => {
    const get = searchRequestSource({
      schemas: [SEARCH_REQUEST_SCHEMA],
      Attributes: ['userName', 'emails[type eq "work"]'],
      excludedattributes: 'meta',
      FILTER: 'userName sw "a"',
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: 3,
      count: '10',
      cursor: '',
    });
    expect(['attributes', 'excludedAttributes', 'filter', 'sortBy', 'sortOrder', 'startIndex', 'count', 'cursor'].map((n) => get(n))).toEqual([
      'userName,emails[type eq "work"]',
      'meta',
      'userName sw "a"',
      'userName',
      'descending',
      '3',
      '10',
      '',
    ]);
  });

  it('accepts a body without schemas, and ignores null fields', () => {
    expect(searchRequestSource({ filter: null })('filter')).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['a non-object body', [], 'invalidSyntax'],
    ['another message', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }, 'invalidSyntax'],
    ['a numeric filter', { filter: 1 }, 'invalidValue'],
    ['attributes that are not names', { attributes: [1] }, 'invalidValue'],
    ['a boolean count', { count: true }, 'invalidValue'],
  ])('refuses %s', (_label, body, scimType) => {
    expect(errorOf(() => searchRequestSource(body))).toMatchObject({ status: 400, scimType });
  });
});
