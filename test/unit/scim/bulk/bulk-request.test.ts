import { describe, expect, it } from 'vitest';
import { BULK_REQUEST_SCHEMA, parseBulkRequest } from '../../../../shared/scim/bulk/bulk-request';
import { scimErrorOf } from '../scim-error-of';

const body = (Operations: unknown, extra: Record<string, unknown> = {}) => ({ schemas: [BULK_REQUEST_SCHEMA], Operations, ...extra });

describe('parseBulkRequest', () => {
  it('reads operations with field names and methods in any case', () => {
    const request = parseBulkRequest({ operations: [{ METHOD: 'post', Path: '/Users', BulkId: 'a', Data: { userName: 'x' } }], FailOnErrors: 2 });
    expect(request).toEqual({ failOnErrors: 2, operations: [{ index: 0, method: 'POST', path: '/Users', bulkId: 'a', data: { userName: 'x' } }] });
  });

  it.each<[string, unknown, number, string | undefined]>([
    ['a body that is not an object', [], 400, 'invalidSyntax'],
    ['a body without Operations', { schemas: [BULK_REQUEST_SCHEMA] }, 400, 'invalidSyntax'],
    ['another message schema', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }, 400, 'invalidSyntax'],
    ['failOnErrors 0', body([], { failOnErrors: 0 }), 400, 'invalidValue'],
    ['failOnErrors as text', body([], { failOnErrors: '1' }), 400, 'invalidValue'],
    ['a bulkId used twice', body([{ method: 'POST', path: '/Users', bulkId: 'a', data: {} }, { method: 'POST', path: '/Users', bulkId: 'a', data: {} }]), 400, 'invalidValue'],
  ])('refuses %s', (_label, input, status, scimType) => {
    expect(scimErrorOf(() => parseBulkRequest(input))).toMatchObject({ status, scimType });
  });

  it('refuses more operations than maxOperations with 413 naming the limit', () => {
    const error = scimErrorOf(() => parseBulkRequest(body(Array.from({ length: 3 }, () => ({ method: 'DELETE', path: '/Users/x' }))), 2));
    expect(error.status).toBe(413);
    expect(error.detail).toContain('maxOperations is 2');
  });

  it.each([
    ['an unknown method', { method: 'GET', path: '/Users/x' }, 'method'],
    ['POST without bulkId', { method: 'POST', path: '/Users', data: {} }, 'bulkId is required'],
    ['an empty bulkId', { method: 'POST', path: '/Users', bulkId: '', data: {} }, 'bulkId'],
    ['no path', { method: 'DELETE' }, 'path is required'],
    ['PATCH without data', { method: 'PATCH', path: '/Users/x' }, 'data is required'],
    ['not an object', 'DELETE /Users/x', 'expected an object'],
  ])('marks %s as invalid, leaving the others', (_label, op, fragment) => {
    const { operations } = parseBulkRequest(body([op, { method: 'DELETE', path: '/Users/y' }]));
    expect(operations[0]!.invalid).toMatchObject({ status: 400, scimType: 'invalidSyntax', message: expect.stringContaining(fragment) });
    expect(operations[1]!.invalid).toBeUndefined();
  });
});
