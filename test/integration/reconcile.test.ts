import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMemberRow, multiIndexRow, resourceRow, uniqueIndexRow, userGroupRow } from '../../shared/store/row-keys';
import { storeFaults } from '../../shared/store/table-partition';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

let h: Harness;
let base: string;
let storageDir: string;
beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'roster-reconcile-'));
  h = await startHarness({ storageDir });
  base = h.tenantUrl.replace('/scim/v2', '');
});
afterAll(async () => {
  await h?.stop();
  rmSync(storageDir, { recursive: true, force: true });
});

async function manage(method: string, path: string): Promise<any> {
  const res = await fetch(`${base}/manage/${path}`, { method, headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
  expect(res.status, path).toBe(200);
  return res.json();
}

async function reconcile(directory: string): Promise<any> {
  return (await manage('POST', `reconcile?directory=${directory}`)).reports[0];
}

async function rows(directory: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for await (const e of h.services.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${directory}` } })) out.set(e.rowKey!, e);
  return out;
}

/** Every membership half has its twin and both ends; every index row matches its resource. */
async function expectConsistent(directory: string): Promise<void> {
  const all = await rows(directory);
  for (const [rowKey, row] of all) {
    if (row.kind === 'gm') {
      expect(all.has(userGroupRow(String(row.userId), String(row.groupId))), rowKey).toBe(true);
      expect(all.has(resourceRow('User', String(row.userId))), rowKey).toBe(true);
    }
    if (row.kind === 'ug') expect(all.has(groupMemberRow(String(row.groupId), String(row.userId))), rowKey).toBe(true);
    if (row.kind === 'ix') expect(all.has(resourceRow(rowKey.startsWith('uix:user') || rowKey.startsWith('mix:user') ? 'User' : 'Group', String(row.id))), rowKey).toBe(true);
  }
}

async function user(token: string, userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await h.request('POST', '/Users', { token, body: { userName, ...extra } });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

describe('reconciliation', () => {
  it('repairs every kind of drift, reports it, and finds nothing on a second run', async () => {
    const token = await h.newDirectory('drift');
    const ana = await user(token, 'ana@contoso.example', { externalId: 'ext-ana' });
    const bo = await user(token, 'bo@contoso.example');
    const group = (await h.request('POST', '/Groups', { token, body: { displayName: 'G', members: [{ value: ana }, { value: bo }] } })).body.id;
    const t = h.services.table;
    // drift a crash or a bug could leave behind
    await t.deleteEntity('drift', uniqueIndexRow('User', 'userName', 'bo@contoso.example')); // resource without its index row
    await t.createEntity({ partitionKey: 'drift', rowKey: uniqueIndexRow('User', 'userName', 'ghost@contoso.example'), kind: 'ix', id: 'ghost' }); // index row without resource
    await t.createEntity({ partitionKey: 'drift', rowKey: multiIndexRow('User', 'externalId', 'old', ana), kind: 'ix', id: ana }); // index row with a stale value
    await t.deleteEntity('drift', userGroupRow(bo, group)); // one-sided membership
    await t.createEntity({ partitionKey: 'drift', rowKey: groupMemberRow(group, 'deleted-user'), kind: 'gm', groupId: group, userId: 'deleted-user' }); // membership of a deleted user
    await t.createEntity({ partitionKey: 'drift', rowKey: userGroupRow(ana, 'deleted-group'), kind: 'ug', groupId: 'deleted-group', userId: ana });

    const report = await reconcile('drift');
    expect(report.repaired).toEqual({ orphanIndex: 2, oneSidedMembership: 1, membershipOfDeleted: 2, missingIndex: 1 });
    expect(report.checked.users).toBe(2);
    await expectConsistent('drift');
    expect((await h.request('GET', '/Users?filter=userName eq "bo@contoso.example"', { token })).body.totalResults).toBe(1);
    expect((await h.request('GET', `/Groups/${group}`, { token })).body.members.map((m: { value: string }) => m.value)).toEqual([ana]);

    const again = await reconcile('drift');
    expect(again.repaired).toEqual({});
    // A run started through the management API logs its structured line like the timer's.
    const line = h.logs.map((l) => /\{"event":"roster\.reconcile".*\}$/.exec(l)?.[0]).filter((l): l is string => !!l).map((l) => JSON.parse(l)).find((l) => l.id === again.id);
    expect(line, h.logs.slice(-5).join('\n')).toMatchObject({ directoryId: 'drift', repaired: {} });
    const listed = await manage('GET', 'directories/drift/reports?limit=5');
    expect(listed.reports.map((r: { id: string }) => r.id)).toEqual([again.id, report.id]);
  });

  it('purges journal rows and keys past retention, and flags a directory Entra stopped calling', async () => {
    const token = await h.newDirectory('retention');
    await user(token, 'r@contoso.example');
    const t = h.services.table;
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
    await t.createEntity({ partitionKey: 'retention', rowKey: `jr:${old}-000000000000`, kind: 'jr', time: old, op: 'create', resourceType: 'User', resourceId: 'x', keyId: 'k', requestId: 'r' });
    await t.createEntity({ partitionKey: 'retention', rowKey: 'key:expired', keyId: 'expired', name: 'old', scope: 'read-write', created: old, expires: old, lastUsed: old });
    const report = await reconcile('retention');
    expect(report.purged).toMatchObject({ journal: 1, keys: 1, users: 0 });
    const left = await rows('retention');
    expect([...left.keys()].filter((k) => k.startsWith('jr:'))).toHaveLength(1); // the user's own create
    expect(left.has('key:expired')).toBe(false);
    // the key used above was recorded as seen just now, so the directory is not quiet
    expect(report.flags).not.toContain('quiet');
  });

  it('keeps a member PATCH interrupted between transactions consistent, losing nothing confirmed', async () => {
    const token = await h.newDirectory('interrupted');
    const ids: string[] = [];
    for (let i = 0; i < 80; i++) ids.push(await user(token, `m${i}@contoso.example`));
    const group = (await h.request('POST', '/Groups', { token, body: { displayName: 'Big' } })).body.id;
    const confirmed = ids.slice(0, 10);
    const ok = await h.request('PATCH', `/Groups/${group}`, { token, body: { Operations: [{ op: 'add', path: 'members', value: confirmed.map((value) => ({ value })) }] } });
    expect(ok.status).toBe(204);
    // the next PATCH adds 70 more: a validation transaction, then three pair transactions; die after the second
    storeFaults.failAfter = 2;
    const failed = await h.request('PATCH', `/Groups/${group}`, { token, body: { Operations: [{ op: 'add', path: 'members', value: ids.slice(10).map((value) => ({ value })) }] } });
    storeFaults.failAfter = undefined;
    expect(failed.status).toBe(500);
    const report = await reconcile('interrupted');
    expect(report.repaired).toEqual({});
    await expectConsistent('interrupted');
    const members = (await h.request('GET', `/Groups/${group}`, { token })).body.members.map((m: { value: string }) => m.value);
    for (const id of confirmed) expect(members).toContain(id);
    // Entra retries the failed PATCH: it completes
    expect((await h.request('PATCH', `/Groups/${group}`, { token, body: { Operations: [{ op: 'add', path: 'members', value: ids.slice(10).map((value) => ({ value })) }] } })).status).toBe(204);
    expect((await h.request('GET', `/Groups/${group}?attributes=members`, { token })).body.members).toHaveLength(80);
  });

  it('keeps a user delete interrupted between its transactions consistent, and the retry finishes it', async () => {
    const token = await h.newDirectory('delete-interrupted');
    const u = await user(token, 'leaving@contoso.example');
    const groups: string[] = [];
    for (let i = 0; i < 60; i++) groups.push((await h.request('POST', '/Groups', { token, body: { displayName: `D${i}`, members: [{ value: u }] } })).body.id);
    // 60 pairs: the first sweep takes two transactions (50 + 10); die after the first
    storeFaults.failAfter = 1;
    const failed = await h.request('DELETE', `/Users/${u}`, { token });
    storeFaults.failAfter = undefined;
    expect(failed.status).toBe(500);
    expect((await reconcile('delete-interrupted')).repaired).toEqual({});
    await expectConsistent('delete-interrupted');
    expect((await h.request('GET', `/Users/${u}`, { token })).status).toBe(200);
    expect((await h.request('DELETE', `/Users/${u}`, { token })).status).toBe(204);
    await expectConsistent('delete-interrupted');
    expect([...(await rows('delete-interrupted')).values()].filter((r) => r.userId === u)).toEqual([]);
  });

  it('removes memberships left pointing at a deleted user', async () => {
    const token = await h.newDirectory('half-deleted');
    const u = await user(token, 'gone@contoso.example');
    const groups: string[] = [];
    for (let i = 0; i < 3; i++) groups.push((await h.request('POST', '/Groups', { token, body: { displayName: `G${i}`, members: [{ value: u }] } })).body.id);
    expect((await h.request('DELETE', `/Users/${u}`, { token })).status).toBe(204);
    // What a crash between the delete and its second sweep leaves when a member add raced it:
    // group-side rows of the deleted user.
    for (const g of groups) {
      await h.services.table.upsertEntity({ partitionKey: 'half-deleted', rowKey: groupMemberRow(g, u), kind: 'gm', groupId: g, userId: u });
    }
    const report = await reconcile('half-deleted');
    expect(report.repaired.membershipOfDeleted).toBe(3);
    await expectConsistent('half-deleted');
    for (const g of groups) expect((await h.request('GET', `/Groups/${g}`, { token })).body.members).toBeUndefined();
  });
});

describe('provisioning health', () => {
  it('counts requests and errors per Entra cycle window', async () => {
    const token = await h.newDirectory('health');
    await user(token, 'h@contoso.example');
    await h.request('GET', '/Users?filter=userName eq "h@contoso.example"', { token });
    await h.request('POST', '/Users', { token, body: { displayName: 'no userName' } }); // 400
    await h.request('GET', '/Users/nope', { token }); // 404 is not an error
    await h.services.requestStats.flush();
    const report = await reconcile('health');
    const latest = report.windows.at(-1);
    expect(latest).toMatchObject({ requests: 4, errors: 1 });
    expect(report.flags).toContain('errorsClimbing'); // 25% now, nothing before
  });

  it('flags a directory whose keys have not been used for two cycles', async () => {
    const token = await h.newDirectory('quiet');
    await user(token, 'q@contoso.example');
    const key = (await h.services.directories.listKeys('quiet'))[0]!;
    await h.services.directories.putKey({ ...key, lastUsed: new Date(Date.now() - 3 * 40 * 60_000).toISOString() });
    const report = await reconcile('quiet');
    expect(report.flags).toContain('quiet');
  });

  it('does not flag errors that are falling', async () => {
    await h.newDirectory('calm');
    const earlier = new Date(Math.floor(Date.now() / 2_400_000) * 2_400_000 - 2_400_000).toISOString();
    const now = new Date(Math.floor(Date.now() / 2_400_000) * 2_400_000).toISOString();
    await h.services.table.createEntity({ partitionKey: 'calm', rowKey: `hc:${earlier}:a`, kind: 'hc', window: earlier, requests: 100, errors: 30 });
    await h.services.table.createEntity({ partitionKey: 'calm', rowKey: `hc:${now}:a`, kind: 'hc', window: now, requests: 100, errors: 10 });
    const report = await reconcile('calm');
    expect(report.windows).toEqual([
      { window: earlier, requests: 100, errors: 30 },
      { window: now, requests: 100, errors: 10 },
    ]);
    expect(report.flags).not.toContain('errorsClimbing');
  });
});

describe('a storage outage', () => {
  it('answers 503 with Retry-After while storage is down, and the data is intact after it returns', async () => {
    const token = await h.newDirectory('outage');
    const id = await user(token, 'outage@contoso.example');
    // Azurite saves its data to disk every 5 s; give it one save before pulling the plug.
    await new Promise((r) => setTimeout(r, 5_500));
    await h.stopStorage();
    try {
      const reply = await h.request('GET', `/Users/${id}`, { token });
      expect(reply.status).toBe(503);
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(reply.body).toMatchObject({ status: '503' });
    } finally {
      await h.startStorage();
    }
    const after = await h.request('GET', `/Users/${id}`, { token });
    expect(after.status, after.text).toBe(200);
    expect(after.body.userName).toBe('outage@contoso.example');
    expect((await reconcile('outage')).repaired).toEqual({});
    await expectConsistent('outage');
  }, 60_000);
});
