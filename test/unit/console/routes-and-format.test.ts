import { describe, expect, it } from 'vitest';
import { ago, brief, count, keyStatus } from '../../../console/src/format';
import type { PublicKey } from '../../../console/src/pages/keys';
import { link, parseRoute } from '../../../console/src/view';

/** The console's pure pieces: hash routes, and how times, counts and key states read. */
describe('console routes', () => {
  it('parses every page, with ids and queries decoded', () => {
    expect(parseRoute('')).toMatchObject({ page: 'directories' });
    expect(parseRoute('#/')).toMatchObject({ page: 'directories' });
    expect(parseRoute('#/signin?next=%23%2Fd%2Fx%2Fkeys')).toMatchObject({ page: 'signin' });
    expect(parseRoute('#/signin?next=%23%2Fd%2Fx%2Fkeys').query.get('next')).toBe('#/d/x/keys');
    for (const page of ['connect', 'keys', 'people', 'activity', 'health']) expect(parseRoute(`#/d/contoso/${page}`)).toMatchObject({ page, dir: 'contoso' });
    expect(parseRoute('#/d/contoso/users/a%2Fb%20c')).toMatchObject({ page: 'user', dir: 'contoso', id: 'a/b c' });
    expect(parseRoute('#/d/contoso/groups/g1')).toMatchObject({ page: 'group', id: 'g1' });
    expect(parseRoute('#/d/contoso/people?q=ali').query.get('q')).toBe('ali');
  });

  it('sends anything else to the not-found page', () => {
    for (const hash of ['#/nope', '#/d/contoso', '#/d/contoso/secrets', '#/d/contoso/users', '#/d/contoso/users/1/2']) expect(parseRoute(hash).page).toBe('notfound');
  });

  it('builds links that parse back to the same route, encoding user data', () => {
    const href = link('contoso', 'users', 'guest#EXT#@x.example/1', { q: 'a&b', empty: '' });
    expect(href).toBe('#/d/contoso/users/guest%23EXT%23%40x.example%2F1?q=a%26b');
    expect(parseRoute(href)).toMatchObject({ page: 'user', dir: 'contoso', id: 'guest#EXT#@x.example/1' });
    expect(parseRoute(href).query.get('q')).toBe('a&b');
  });
});

describe('console formatting', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('says how long ago, in words', () => {
    expect(ago(new Date(now - 2_000), now)).toBe('just now');
    expect(ago(new Date(now - 45_000), now)).toBe('45 seconds ago');
    expect(ago(new Date(now - 60_000), now)).toBe('1 minute ago');
    expect(ago(new Date(now - 3 * 3600_000), now)).toBe('3 hours ago');
    expect(ago(new Date(now + 2 * 86_400_000), now)).toBe('in 2 days');
  });

  it('counts with the right plural and shortens long values', () => {
    expect(count(1, 'user')).toBe('1 user');
    expect(count(100000, 'user')).toBe(`${(100000).toLocaleString()} users`);
    expect(brief('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(brief({ a: 1 })).toBe('{"a":1}');
  });

  it('tells a key revoked, expired or active', () => {
    const key: PublicKey = { keyId: 'k', name: 'n', scope: 'read-write', created: '2026-01-01T00:00:00Z', clientId: 'd.k' };
    expect(keyStatus(key, now)).toBe('Active');
    expect(keyStatus({ ...key, expires: '2026-11-26T11:59:59Z' }, now)).toBe('Expired');
    expect(keyStatus({ ...key, expires: '2027-01-01T00:00:00Z' }, now)).toBe('Active');
    expect(keyStatus({ ...key, expires: '2026-11-26T11:59:59Z', revoked: '2026-06-01T00:00:00Z' }, now)).toBe('Revoked');
  });
});
