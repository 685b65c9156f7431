import { describe, expect, it } from 'vitest';
import { tenantUrlOf } from '../../../../../shared/http/handlers/manage/people';
import { decodePeopleCursor, encodePeopleCursor, type PeopleScope } from '../../../../../shared/http/handlers/manage/people-cursor';
import { scimErrorOf } from '../../../scim/scim-error-of';

const scope: PeopleScope = { directory: 'contoso', list: 'users', q: 'ana' };
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('people cursors', () => {
  it('round-trip a position in URL-safe characters only', () => {
    const cursor = encodePeopleCursor(scope, { after: 'ana_fabrikam.example#ext#@contoso.onmicrosoft.com', skip: 'id-1' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePeopleCursor(scope, cursor)).toEqual({ after: 'ana_fabrikam.example#ext#@contoso.onmicrosoft.com', skip: 'id-1' });
  });

  it('round-trip the start of a list (no position at all)', () => {
    const plain: PeopleScope = { directory: 'contoso', list: 'groups/g1/members' };
    expect(decodePeopleCursor(plain, encodePeopleCursor(plain, {}))).toEqual({});
  });

  it.each<[string, PeopleScope]>([
    ['another directory', { ...scope, directory: 'fabrikam' }],
    ['another list', { ...scope, list: 'groups' }],
    ['another search', { ...scope, q: 'bob' }],
    ['no search', { directory: 'contoso', list: 'users' }],
  ])('refuses a cursor presented for %s', (_, other) => {
    const error = scimErrorOf(() => decodePeopleCursor(other, encodePeopleCursor(scope, { after: 'x' })));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(error.detail).toMatch(/^cursor was issued for another/);
  });

  it.each<[string, string]>([
    ['not base64url', 'a+b/c=='],
    ['not JSON', b64('{nope')],
    ['a JSON array', b64([1, 2])],
    ['an unknown version', b64({ v: 2, d: 'contoso', l: 'users', q: 'ana' })],
    ['an extra field', b64({ v: 1, d: 'contoso', l: 'users', q: 'ana', z: 1 })],
    ['a number where a string belongs', b64({ v: 1, d: 'contoso', l: 'users', q: 'ana', a: 5 })],
    ['an oversized position', b64({ v: 1, d: 'contoso', l: 'users', q: 'ana', a: 'x'.repeat(5000) })],
    ['a huge cursor', 'A'.repeat(10_000)],
  ])('refuses %s with 400 invalidValue naming the cursor', (_, cursor) => {
    const error = scimErrorOf(() => decodePeopleCursor(scope, cursor));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(error.detail).toMatch(/^cursor /);
  });
});

describe('tenantUrlOf', () => {
  it.each([
    ['http://127.0.0.1:7071/api/manage/directories/d/users?q=a', 'http://127.0.0.1:7071/api/scim/v2'],
    ['https://roster.azurewebsites.net/api/manage/directories/d/groups/g/members', 'https://roster.azurewebsites.net/api/scim/v2'],
    ['https://roster.example/manage/directories/d/users', 'https://roster.example/scim/v2'],
  ])('places %s under the Tenant URL %s', (url, tenantUrl) => {
    expect(tenantUrlOf(url)).toBe(tenantUrl);
  });
});
