import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { storageMetrics } from '../../shared/store/table-client';
import { startHarness, type Harness } from '../support/harness';
import { GROUP, PATCH_OP, USER } from '../support/scim-wire';

/**
 * Writes that page through membership rows (pages and transactions of 100): a rename that
 * reaches every member's `groups`, a group delete and a user delete that remove every row
 * pair, a first full read that fills in member display names and keeps them. Users and
 * memberships are written through the services, as the API writes them.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.request('GET', '/Groups?count=1'); // warms the key cache
});
afterAll(async () => {
  await h?.stop();
});

async function seedUsers(n: number, prefix: string): Promise<string[]> {
  const userService = h.services.resources(USER_RESOURCE_TYPE, 'test');
  const ids: string[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, (_, j) => {
      const k = i + j;
      return userService.create({ schemas: [USER], userName: `${prefix}-${k}@contoso.example`, ...(k % 2 === 0 ? { displayName: `${prefix} ${k}` } : {}) });
    });
    ids.push(...(await Promise.all(batch)).map((u) => u.id));
  }
  return ids;
}

async function seedGroup(displayName: string, members: string[]): Promise<string> {
  const groupService = h.services.resources(GROUP_RESOURCE_TYPE, 'test');
  const group = await groupService.create({ schemas: [GROUP], displayName });
  if (members.length > 0) await groupService.repo.changeMembers(group, { add: members, remove: [] });
  return group.id;
}

/** Membership rows (both directions) that name the group or the user. */
async function membershipRows(by: 'groupId' | 'userId', id: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  const filter = by === 'groupId' ? odata`PartitionKey eq ${'test'} and groupId eq ${id}` : odata`PartitionKey eq ${'test'} and userId eq ${id}`;
  for await (const row of h.services.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(row);
  return rows;
}

describe('membership rows across pages and transactions', () => {
  it('renaming a group of 250 members shows the new name in the groups of every member', async () => {
    const members = await seedUsers(250, 'renamed');
    const group = await seedGroup('Paged Rename', members);
    const reply = await h.request('PATCH', `/Groups/${group}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { displayName: 'Paged Renamed' } }] } });
    expect(reply.status, reply.text).toBe(204);
    const reverse = (await membershipRows('groupId', group)).filter((r) => String(r.rowKey).startsWith('res:user:'));
    expect(reverse).toHaveLength(250);
    expect(reverse.filter((r) => r.display !== 'Paged Renamed').map((r) => r.userId)).toEqual([]);
    expect((await h.request('GET', `/Users/${members[249]}`)).body.groups).toEqual([expect.objectContaining({ value: group, display: 'Paged Renamed' })]);
  });

  it('deleting a group of 250 members removes every member row in both directions', async () => {
    const members = await seedUsers(250, 'deleted');
    const group = await seedGroup('Paged Delete', members);
    expect(await membershipRows('groupId', group)).toHaveLength(500);
    expect((await h.request('DELETE', `/Groups/${group}`)).status).toBe(204);
    expect(await membershipRows('groupId', group)).toEqual([]);
    expect((await h.request('GET', `/Users/${members[0]}`)).body).not.toHaveProperty('groups');
  });

  it('deleting a user in 150 groups removes it from every one', async () => {
    const [user] = await seedUsers(1, 'many');
    const groups: string[] = [];
    for (let i = 0; i < 150; i += 25) groups.push(...(await Promise.all(Array.from({ length: 25 }, (_, j) => seedGroup(`Many ${i + j}`, [user!])))));
    expect((await h.request('GET', `/Users/${user}`)).body.groups).toHaveLength(150);
    expect(await membershipRows('userId', user!)).toHaveLength(300);
    expect((await h.request('DELETE', `/Users/${user}`)).status).toBe(204);
    expect(await membershipRows('userId', user!)).toEqual([]);
    const filtered = await h.request('GET', `/Groups?filter=${encodeURIComponent(`members eq "${user}"`)}`);
    expect(filtered.body.totalResults).toBe(0);
    expect((await h.request('GET', `/Groups/${groups[149]}`)).body).not.toHaveProperty('members');
  });

  it('a first full read of 120 members fills in every display name; the second reads no user (2 round trips)', async () => {
    const members = await seedUsers(120, 'display');
    const group = await seedGroup('Displayed', members);
    const expected = new Map(members.map((id, k) => [id, k % 2 === 0 ? `display ${k}` : `display-${k}@contoso.example`]));
    for (let read = 0; read < 2; read++) {
      const before = storageMetrics.roundTrips;
      const reply = await h.request('GET', `/Groups/${group}`);
      const trips = storageMetrics.roundTrips - before;
      const got = reply.body.members as Array<{ value: string; display?: string }>;
      expect(got).toHaveLength(120);
      expect(got.filter((m) => m.display !== expected.get(m.value)).map((m) => m.value), `read ${read}`).toEqual([]);
      if (read === 1) expect(trips).toBe(2);
    }
  });
});
