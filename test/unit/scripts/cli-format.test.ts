import { describe, expect, it } from 'vitest';
import { formatDeleted, formatDirectory, formatDirectoryList } from '../../../scripts/cli/format-directory';
import { formatIssuedKey, formatKeyList, formatRevoked, formatRotated, type KeyJson } from '../../../scripts/cli/format-key';
import { formatFields, formatTable, formatTime } from '../../../scripts/cli/text-table';

const now = new Date('2025-03-01T12:00:00Z');

const key = (over: Partial<KeyJson> = {}): KeyJson => ({
  directoryId: 'acme',
  keyId: 'k-1',
  name: 'Entra',
  scope: 'read-write',
  created: '2025-01-02T03:04:05.678Z',
  clientId: 'acme.k-1',
  ...over,
});

describe('formatTable', () => {
  it('pads every column but the last to its widest cell, two spaces apart', () => {
    expect(formatTable(['ID', 'NAME', 'X'], [['a', 'Alpha', '1'], ['bbbb', 'B', '']])).toBe(['ID    NAME   X', 'a     Alpha  1', 'bbbb  B'].join('\n'));
  });
});

describe('formatFields', () => {
  it('aligns values after the longest label, indented', () => {
    expect(formatFields([['Id', '1'], ['Longer', '2']], '  ')).toBe('  Id      1\n  Longer  2');
  });
});

describe('formatTime', () => {
  it('shows UTC to the minute, and a fallback when absent', () => {
    expect(formatTime('2025-01-02T03:04:05.678Z')).toBe('2025-01-02 03:04Z');
    expect(formatTime('2025-01-02T05:04:05+02:00')).toBe('2025-01-02 03:04Z');
    expect(formatTime(undefined)).toBe('-');
    expect(formatTime(undefined, 'never')).toBe('never');
  });
});

describe('directory output', () => {
  const acme = { id: 'acme', displayName: 'Acme Corp', created: '2025-01-02T03:04:05Z' };

  it('lists directories as a table', () => {
    const text = formatDirectoryList([acme, { ...acme, id: 'globex', displayName: 'Globex', rateLimit: { perSecond: 5, burst: 10 }, entraTenantId: 'tid' }]);
    expect(text.split('\n')).toEqual([
      'ID      NAME       CREATED            RATE LIMIT          ENTRA TENANT',
      'acme    Acme Corp  2025-01-02 03:04Z  deployment default  -',
      'globex  Globex     2025-01-02 03:04Z  5/s, burst 10       tid',
    ]);
  });

  it('says how to create the first directory', () => {
    expect(formatDirectoryList([])).toMatch(/^No directories yet\. Create one with: roster directories create/);
  });

  it('shows a directory with its counts', () => {
    expect(formatDirectory({ ...acme, counts: { users: 3, groups: 1, keys: 2, memberships: 4 } })).toBe(
      [
        'Directory     acme',
        'Name          Acme Corp',
        'Created       2025-01-02 03:04Z',
        'Rate limit    deployment default',
        'Entra tenant  none',
        'Users         3',
        'Groups        1',
        'Keys          2',
        'Memberships   4',
      ].join('\n'),
    );
  });

  it('counts what a delete removed', () => {
    expect(formatDeleted({ id: 'acme', deleted: { users: 1, groups: 0, keys: 2, memberships: 0 } })).toBe(
      'Deleted directory acme with 1 user, 0 groups, 2 keys and 0 memberships.',
    );
  });
});

describe('key output', () => {
  it('lists keys oldest first with last use, expiry and revocation, and no token', () => {
    const text = formatKeyList(
      'acme',
      [
        key({ keyId: 'k-2', name: 'Old', created: '2025-02-01T00:00:00Z', expires: '2025-02-15T00:00:00Z', revoked: '2025-02-10T00:00:00Z' }),
        key({ lastUsed: '2025-02-28T23:59:00Z' }),
      ],
      now,
    );
    expect(text.split('\n')).toEqual([
      'NAME   ID   SCOPE       CREATED            LAST USED          EXPIRES                      REVOKED',
      'Entra  k-1  read-write  2025-01-02 03:04Z  2025-02-28 23:59Z  never                        -',
      'Old    k-2  read-write  2025-02-01 00:00Z  never              2025-02-15 00:00Z (expired)  2025-02-10 00:00Z',
    ]);
  });

  it('says how to create the first key', () => {
    expect(formatKeyList('acme', [], now)).toBe('Directory acme has no keys. Create one with: roster keys create --directory acme --name <name>');
  });

  it('prints a new key\'s secrets once, with the warning and the Tenant URL', () => {
    const text = formatIssuedKey(
      { key: key({ secretExpires: '2027-01-02T03:04:05Z' }), token: 'eyJ.token', clientId: 'acme.k-1', clientSecret: 'shh' },
      'https://roster.example',
      now,
    );
    expect(text).toBe(
      [
        'Created key "Entra" in directory acme.',
        '',
        '  Key id          k-1',
        '  Scope           read-write',
        '  Expires         never',
        '  Tenant URL      https://roster.example/api/scim/v2',
        '  Secret Token    eyJ.token',
        '  Client id       acme.k-1',
        '  Client secret   shh',
        '  Secret expires  2027-01-02 03:04Z',
        '',
        'Copy the Secret Token and client secret now: Roster stores neither, and they will not be shown again.',
      ].join('\n'),
    );
  });

  it('says when the previous key of a rotation stops working, and how to revoke it', () => {
    const issued = { key: key({ keyId: 'k-2' }), token: 't', clientId: 'acme.k-2', clientSecret: 's' };
    expect(formatRotated({ ...issued, previous: key({ expires: '2025-03-08T12:00:00Z' }) }, 'http://localhost:7071', now)).toMatch(
      /The previous key k-1 keeps working until 2025-03-08 12:00Z\. Once Entra uses the new token, revoke it:\n {2}roster keys revoke --directory acme k-1$/,
    );
    expect(formatRotated({ ...issued, previous: key() }, 'http://localhost:7071', now)).toContain('keeps working until you revoke it');
  });

  it('says when a revoked key stops working', () => {
    expect(formatRevoked(key({ revoked: '2025-03-01T12:00:00Z' }))).toMatch(/^Revoked key "Entra" \(k-1\) of directory acme at 2025-03-01 12:00Z\. .*ROSTER_KEY_CACHE_SECONDS/);
  });
});
