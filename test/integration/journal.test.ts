import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

let h: Harness;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  base = h.tenantUrl.replace('/scim/v2', '');
});
afterAll(async () => {
  await h?.stop();
});

async function journal(directory: string, query = ''): Promise<{ entries: any[]; nextCursor?: string; more: boolean }> {
  const res = await fetch(`${base}/manage/directories/${directory}/journal${query}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

async function feed(token: string, query = ''): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/changes${query}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

describe('the change journal', () => {
  it('records every write with its operation, resource, key, request and changed attributes, in order', async () => {
    const token = await h.newDirectory('journal-a');
    const keyId = (await h.services.directories.listKeys('journal-a'))[0]!.keyId;
    const user = (await h.request('POST', '/Users', { token, body: { userName: 'j@contoso.example', displayName: 'J' } })).body;
    await h.request('PATCH', `/Users/${user.id}`, { token, body: { Operations: [{ op: 'replace', path: 'displayName', value: 'Jay' }] } });
    await h.request('PUT', `/Users/${user.id}`, { token, body: { userName: 'j@contoso.example', title: 'T' } });
    const group = (await h.request('POST', '/Groups', { token, body: { displayName: 'G' } })).body;
    await h.request('PATCH', `/Groups/${group.id}`, { token, body: { Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }] } });
    await h.request('PATCH', `/Groups/${group.id}`, { token, body: { Operations: [{ op: 'remove', path: `members[value eq "${user.id}"]` }] } });
    await h.request('DELETE', `/Users/${user.id}`, { token });

    const { entries } = await journal('journal-a');
    expect(entries.map((e) => [e.op, e.resourceType])).toEqual([
      ['create', 'User'],
      ['patch', 'User'],
      ['replace', 'User'],
      ['create', 'Group'],
      ['members', 'Group'],
      ['members', 'Group'],
      ['delete', 'User'],
    ]);
    expect(entries.every((e) => e.keyId === keyId && typeof e.requestId === 'string' && e.requestId.length > 0)).toBe(true);
    expect(entries[0].changes).toEqual({ userName: 'j@contoso.example', displayName: 'J' });
    expect(entries[1].changes).toEqual({ displayName: 'Jay' });
    expect(entries[2].changes).toEqual({ displayName: null, title: 'T' });
    expect(entries[4].changes).toEqual({ members: { add: [user.id], remove: [] } });
    expect(entries[5].changes).toEqual({ members: { add: [], remove: [user.id] } });
    const times = entries.map((e) => e.id);
    expect([...times].sort()).toEqual(times);
  });

  it('records nothing for a refused write', async () => {
    const token = await h.newDirectory('journal-b');
    await h.request('POST', '/Users', { token, body: { userName: 'dup@contoso.example' } });
    expect((await h.request('POST', '/Users', { token, body: { userName: 'DUP@contoso.example' } })).status).toBe(409);
    expect((await h.request('POST', '/Users', { token, body: { displayName: 'no userName' } })).status).toBe(400);
    expect((await journal('journal-b')).entries).toHaveLength(1);
  });

  it('pages with limit and cursor, and filters by resource and time', async () => {
    const token = await h.newDirectory('journal-c');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.request('POST', '/Users', { token, body: { userName: `p${i}@contoso.example` } })).body.id);
    const first = await journal('journal-c', '?limit=2');
    expect(first.entries).toHaveLength(2);
    expect(first.more).toBe(true);
    const second = await journal('journal-c', `?limit=2&cursor=${first.nextCursor}`);
    const third = await journal('journal-c', `?limit=2&cursor=${second.nextCursor}`);
    expect([...first.entries, ...second.entries, ...third.entries].map((e) => e.resourceId)).toEqual(ids);
    expect(third.more).toBe(false);
    const caughtUp = await journal('journal-c', `?cursor=${third.nextCursor}`);
    expect(caughtUp.entries).toEqual([]);
    expect(caughtUp.nextCursor).toBe(third.nextCursor);
    expect((await journal('journal-c', `?resource=${ids[3]}`)).entries.map((e) => e.resourceId)).toEqual([ids[3]]);
    expect((await journal('journal-c', `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).entries).toEqual([]);
  });

  it('rejects a malformed cursor, time or limit with 400', async () => {
    for (const query of ['?cursor=nonsense', '?since=yesterday', '?limit=0', '?limit=5000']) {
      const res = await fetch(`${base}/manage/directories/test/journal${query}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      expect(res.status).toBe(400);
    }
  });
});

describe('the change feed', () => {
  it("gives a directory key its own directory's changes and nothing else", async () => {
    const tokenD = await h.newDirectory('feed-d');
    const tokenE = await h.newDirectory('feed-e');
    await h.request('POST', '/Users', { token: tokenD, body: { userName: 'd@contoso.example' } });
    await h.request('POST', '/Users', { token: tokenE, body: { userName: 'e@contoso.example' } });
    const d = await feed(tokenD);
    expect(d.status).toBe(200);
    expect(d.body.entries.map((e: { changes: { userName: string } }) => e.changes.userName)).toEqual(['d@contoso.example']);
    // a cursor from D used with E's key reads E's journal from that position, never D's
    const e = await feed(tokenE, `?cursor=${d.body.nextCursor}`);
    expect(e.body.entries.every((x: { changes?: { userName?: string } }) => x.changes?.userName !== 'd@contoso.example')).toBe(true);
    await h.request('POST', '/Users', { token: tokenD, body: { userName: 'd2@contoso.example' } });
    const next = await feed(tokenD, `?cursor=${d.body.nextCursor}`);
    expect(next.body.entries.map((x: { changes: { userName: string } }) => x.changes.userName)).toEqual(['d2@contoso.example']);
  });

  it('needs a directory key', async () => {
    expect((await fetch(`${base}/changes`)).status).toBe(401);
    expect((await feed(ADMIN_KEY)).status).toBe(401);
  });
});
