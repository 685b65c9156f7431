import { describe, expect, it } from 'vitest';
import { LIST_RESPONSE_SCHEMA, fullListResponse, listResponse } from '../../../shared/scim/list-response';

describe('listResponse', () => {
  it('wraps a page in the RFC 7644 §3.4.2 envelope', () => {
    expect(listResponse([{ id: 'a' }], { totalResults: 7, startIndex: 3, itemsPerPage: 1 })).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 7,
      itemsPerPage: 1,
      startIndex: 3,
      Resources: [{ id: 'a' }],
    });
  });

  it('keeps an empty Resources array when nothing matched (Entra Test Connection)', () => {
    expect(listResponse([], { totalResults: 0, startIndex: 1, itemsPerPage: 0 }).Resources).toEqual([]);
  });
});

describe('fullListResponse', () => {
  it('counts every resource on one page starting at 1', () => {
    expect(fullListResponse(['x', 'y'])).toMatchObject({ totalResults: 2, itemsPerPage: 2, startIndex: 1 });
  });
});
