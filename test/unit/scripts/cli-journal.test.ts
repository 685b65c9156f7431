import { describe, expect, it } from 'vitest';
import { formatJournal, JOURNAL_COMMANDS } from '../../../scripts/cli/journal-commands';

const list = JOURNAL_COMMANDS[0]!;
const inv = (values: Record<string, string>) => ({ args: {}, values, now: new Date('2030-01-01T00:00:00Z'), baseUrl: '' });

describe('roster journal list', () => {
  it('asks for the directory journal with the filters given', () => {
    expect(list.request(inv({ directory: 'acme' }))).toEqual({ method: 'GET', path: 'directories/acme/journal' });
    const req = list.request(inv({ directory: 'acme', since: '2030-01-01T00:00:00Z', resource: 'u 1', limit: '5', cursor: 'abc' }));
    expect(req.path).toBe('directories/acme/journal?since=2030-01-01T00%3A00%3A00Z&resource=u+1&cursor=abc&limit=5');
  });

  it('refuses a limit out of range and a missing directory', () => {
    expect(() => list.request(inv({ directory: 'acme', limit: '0' }))).toThrow(/--limit/);
    expect(() => list.request(inv({}))).toThrow(/--directory/);
  });

  it('prints a table and where the next page starts', () => {
    const text = formatJournal({
      entries: [{ id: '1', time: '2030-01-01T00:00:00.000Z', op: 'create', resourceType: 'User', resourceId: 'u1', keyId: 'k1', changes: { userName: 'ana' } }],
      nextCursor: 'CUR',
      more: false,
    });
    expect(text).toMatch(/create\s+User u1\s+k1\s+userName="ana"/);
    expect(text).toMatch(/caught up; next: --cursor CUR$/);
    expect(formatJournal({ entries: [], more: false })).toBe('No changes.');
  });
});
