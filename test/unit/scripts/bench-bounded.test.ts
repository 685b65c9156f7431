import { describe, expect, it } from 'vitest';
import { runBounded } from '../../../scripts/bench/bounded';
import { memberBatches, phases } from '../../../scripts/bench/phases';
import { newBenchState } from '../../../scripts/bench/bench-state';
import { entraUser, entraUserPatch, eqFilter, userNames } from '../../../scripts/bench/payloads';

describe('runBounded', () => {
  it('makes exactly `count` calls with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const run = await runBounded({ count: 25, concurrency: 4, deadline: Date.now() + 60_000 }, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      seen.push(i);
      inFlight--;
    });
    expect(run).toEqual({ done: 25, stoppedBy: 'count' });
    expect(most).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('starts nothing once the deadline has passed', async () => {
    let clock = 0;
    const run = await runBounded({ count: 100, concurrency: 1, deadline: 5 }, async () => void clock++, () => clock);
    expect(run).toEqual({ done: 5, stoppedBy: 'time' });
  });

  it('stops at the first failure and rethrows it after the calls in flight settle', async () => {
    let calls = 0;
    await expect(
      runBounded({ count: 100, concurrency: 2, deadline: Date.now() + 60_000 }, async (i) => {
        calls++;
        if (i === 3) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBeLessThan(10);
  });
});

describe('Entra-shaped payloads', () => {
  it('gives every user distinct names, with the run tag, and keeps userNames ASCII', () => {
    const names = Array.from({ length: 500 }, (_, i) => userNames('t1', i));
    expect(new Set(names.map((n) => n.userName.toLowerCase())).size).toBe(500);
    expect(new Set(names.map((n) => n.externalId)).size).toBe(500);
    expect(names.every((n) => /^[A-Za-z.]+\.t1\d+@contoso\.example$/.test(n.userName))).toBe(true);
  });

  it('sends the enterprise extension, manager, emails, phones, addresses and Entra quirks', () => {
    const user = entraUser('t1', 7, 'mgr-id') as any;
    expect(user.active).toBe('True');
    expect(user.roles).toEqual([]);
    expect(user.emails[0]).toMatchObject({ type: 'work', primary: true });
    expect(user.phoneNumbers.map((p: any) => p.type)).toEqual(['work', 'mobile']);
    expect(user.addresses[0]).toMatchObject({ type: 'work', primary: 'True' });
    expect(user['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].manager).toEqual([{ $ref: null, value: 'mgr-id' }]);
    expect(entraUser('t1', 7)['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).not.toHaveProperty('manager');
  });

  it('PATCHes the way Entra does: path-less replace with URN keys and value-filter paths', () => {
    const ops = (entraUserPatch('t1', 3, 'm') as any).Operations;
    expect(ops[0].path).toBeUndefined();
    expect(Object.keys(ops[0].value)).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department');
    expect(ops.map((o: any) => o.path)).toContain('emails[type eq "work"].value');
  });

  it('quotes and escapes filter values', () => {
    expect(decodeURIComponent(eqFilter('userName', 'a"b\\c'))).toBe('userName eq "a\\"b\\\\c"');
  });
});

describe('phases', () => {
  const limits = { requests: 10, seconds: 1, memberBatch: 3, memberBatches: 4, pageSize: 10, walkSeconds: 1 };
  const state = newBenchState('t');
  state.users = Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, userName: `u${i}@x`, externalId: `e${i}` }));
  state.groups = ['g0'];
  state.largeGroupMembers = 10;

  it('runs every phase of the cycle in order', () => {
    expect(phases(state, limits).map((p) => p.name)).toEqual([
      'testConnection',
      'filterUserName',
      'filterExternalId',
      'getUser',
      'createUser',
      'patchUser',
      'memberAdd',
      'memberRemove',
      'getGroupNoMembers',
      'pageWalk',
      'deleteUser',
    ]);
  });

  it('adds members from the users after the large group, bounded by batches and by the users there are', () => {
    expect(memberBatches(state, limits)).toEqual([
      ['u10', 'u11', 'u12'],
      ['u13', 'u14', 'u15'],
      ['u16', 'u17', 'u18'],
    ]);
  });

  it('walks pages by startIndex until totalResults, and follows nextCursor when a page has one', () => {
    const walk = phases(state, limits).find((p) => p.name === 'pageWalk')!;
    const first = walk.request(0)!;
    expect(first.path).toBe('/Users?startIndex=1&count=10');
    const page = (n: number, extra = {}) => ({ status: 200, ms: 1, headers: {}, throttled: 0, text: JSON.stringify({ totalResults: 15, Resources: new Array(n).fill({}), ...extra }) });
    expect(first.check!(page(10))).toBeUndefined();
    const second = walk.request(1)!;
    expect(second.path).toBe('/Users?startIndex=11&count=10');
    second.check!(page(5, { nextCursor: 'c 2' }));
    expect(walk.request(2)!.path).toBe('/Users?cursor=c%202&count=10');
    walk.request(2)!.check!(page(0));
    expect(walk.request(3)).toBeUndefined();
    expect(walk.details!()).toMatchObject({ pages: 3, usersSeen: 15, complete: 'yes' });
  });
});
