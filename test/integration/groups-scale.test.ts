import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { groupMemberRow, groupMembersRange } from '../../shared/store/row-keys';
import { TablePartition } from '../../shared/store/table-partition';
import { roundTrips, startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, PATCH_OP, USER } from '../support/scim-wire';

/**
 * A member PATCH costs storage round trips in proportion to the members it names, never to
 * the size of the group (issue #3, item 8; DESIGN.md §3: "a PATCH of k members costs O(k)
 * writes in ceil(ops/100) EGTs"). The same 50-member adds and removes are measured on a
 * group of 100 members and on a group of 10,000.
 *
 * Seeding: the small group and every user a PATCH names are written through the services. The
 * big group's other 10,000 members are its member rows only (`gm:<group>:<user>`, copies of a
 * row the store wrote), written 100 to a transaction: those rows are all a member PATCH could
 * be tempted to read, and Azurite's in-memory store scans the partition on every row
 * operation, so seeding 10,000 complete users and row pairs would take over a minute here.
 * Reads of whole member lists are covered by groups-large.test.ts on complete data.
 */

const BIG = 10_000;
const SMALL = 100;
const K = 50;

let h: Harness;
/** Members of the small group. */
let smallMembers: string[];
/** Users in no group yet: K for each group, twice. */
let spare: string[];
let groups: { empty: string; small: string; big: string };

beforeAll(async () => {
  h = await startHarness();
  const userService = h.services.resources(USER_RESOURCE_TYPE, 'test');
  const groupService = h.services.resources(GROUP_RESOURCE_TYPE, 'test');
  const all: string[] = [];
  for (let i = 0; i < SMALL + 4 * K; i += 50) {
    const batch = Array.from({ length: 50 }, (_, j) => userService.create({ schemas: [USER], userName: `scale-${i + j}@contoso.example` }));
    all.push(...(await Promise.all(batch)).map((u) => u.id));
  }
  smallMembers = all.slice(0, SMALL);
  spare = all.slice(SMALL);

  const small = await groupService.create({ schemas: [GROUP], displayName: 'Scale Small' });
  await groupService.repo.changeMembers(small, { add: smallMembers, remove: [] });
  const big = await groupService.create({ schemas: [GROUP], displayName: 'Scale Big' });
  const empty = await groupService.create({ schemas: [GROUP], displayName: 'Scale Empty' });

  const template = await h.services.table.getEntity<Record<string, unknown>>('test', groupMemberRow(small.id, smallMembers[0]!));
  const { partitionKey: _p, rowKey: _r, etag: _e, timestamp: _t, ...props } = template;
  const part = new TablePartition(h.services.table, 'test');
  const rows = Array.from({ length: BIG }, (): TransactionAction => {
    const userId = randomUUID();
    return ['create', part.entity(groupMemberRow(big.id, userId), { ...props, groupId: big.id, userId })];
  });
  for (let i = 0; i < rows.length; i += 100) await h.services.table.submitTransaction(rows.slice(i, i + 100));

  groups = { empty: empty.id, small: small.id, big: big.id };
  await h.request('GET', `/Groups/${groups.empty}?excludedAttributes=members`); // warms the key cache
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

function patch(groupId: string, ops: unknown[]): Promise<ScimReply> {
  return h.request('PATCH', `/Groups/${groupId}`, { body: { schemas: [PATCH_OP], Operations: ops } });
}

async function memberRowCount(groupId: string): Promise<number> {
  let n = 0;
  const part = new TablePartition(h.services.table, 'test');
  for await (const page of part.range(groupMembersRange(groupId), 1000, ['RowKey'])) n += page.length;
  return n;
}

const refs = (ids: string[]) => ids.map((value) => ({ $ref: null, value }));
const addOp = (ids: string[]) => [{ op: 'Add', path: 'members', value: refs(ids) }];
const legacyRemoveOp = (ids: string[]) => [{ op: 'Remove', path: 'members', value: refs(ids) }];
const filterRemoveOps = (ids: string[]) => ids.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` }));

describe('member PATCH round trips do not grow with the group', () => {
  it('seeds groups of 100 and 10,000 members', async () => {
    expect(await memberRowCount(groups.small)).toBe(SMALL);
    expect(await memberRowCount(groups.big)).toBe(BIG);
  });

  // Measured: 4 for both sizes. One transaction of 50 Merges checks the users exist, one
  // point read gets the group, and two transactions write the 50 row pairs (33 to a
  // transaction: each pair is 3 operations, after the group's own Merge).
  it('adding 50 members costs 4 round trips for a group of 100 and for a group of 10,000', async () => {
    const small = await roundTrips(() => patch(groups.small, addOp(spare.slice(0, K))));
    const big = await roundTrips(() => patch(groups.big, addOp(spare.slice(K, 2 * K))));
    expect([small.reply.status, big.reply.status]).toEqual([204, 204]);
    expect({ small: small.trips, big: big.trips }).toEqual({ small: 4, big: 4 });
    expect(await memberRowCount(groups.small)).toBe(SMALL + K);
    expect(await memberRowCount(groups.big)).toBe(BIG + K);
  });

  // Measured: 3 for both sizes, in both removal forms. One point read gets the group, and two
  // transactions delete the 50 row pairs (49 to a transaction after the group's own Merge).
  it('removing 50 members (legacy value list) costs 3 round trips for a group of 150 and for a group of 10,050', async () => {
    const small = await roundTrips(() => patch(groups.small, legacyRemoveOp(spare.slice(0, K))));
    const big = await roundTrips(() => patch(groups.big, legacyRemoveOp(spare.slice(K, 2 * K))));
    expect([small.reply.status, big.reply.status]).toEqual([204, 204]);
    expect({ small: small.trips, big: big.trips }).toEqual({ small: 3, big: 3 });
    expect(await memberRowCount(groups.small)).toBe(SMALL);
    expect(await memberRowCount(groups.big)).toBe(BIG);
  });

  it('removing 50 members by members[value eq "..."] costs 3 round trips for either size', async () => {
    expect((await patch(groups.big, addOp(spare.slice(2 * K, 3 * K)))).status).toBe(204);
    const small = await roundTrips(() => patch(groups.small, filterRemoveOps(smallMembers.slice(0, K))));
    const big = await roundTrips(() => patch(groups.big, filterRemoveOps(spare.slice(2 * K, 3 * K))));
    expect([small.reply.status, big.reply.status]).toEqual([204, 204]);
    expect({ small: small.trips, big: big.trips }).toEqual({ small: 3, big: 3 });
    expect(await memberRowCount(groups.small)).toBe(SMALL - K);
    expect(await memberRowCount(groups.big)).toBe(BIG);
  });

  it('adding members that are already members costs the same as adding new ones (4 round trips)', async () => {
    const ids = spare.slice(3 * K, 4 * K);
    expect((await patch(groups.big, addOp(ids))).status).toBe(204);
    const again = await roundTrips(() => patch(groups.big, addOp(ids)));
    expect(again.reply.status).toBe(204);
    expect(again.trips).toBe(4);
    expect(await memberRowCount(groups.big)).toBe(BIG + K);
  });
});

describe('reads of a 10,000-member group that leave members out', () => {
  it('GET /Groups/{id}?excludedAttributes=members costs exactly 1 round trip, as for an empty group', async () => {
    const costs: Record<string, number> = {};
    for (const [name, id] of Object.entries({ empty: groups.empty, big: groups.big })) {
      const { trips, reply } = await roundTrips(() => h.request('GET', `/Groups/${id}?excludedAttributes=members`));
      expect(reply.status).toBe(200);
      expect(reply.body).not.toHaveProperty('members');
      costs[name] = trips;
    }
    expect(costs).toEqual({ empty: 1, big: 1 });
  });

  it('answers id eq "g" and members eq "u" with point reads', async () => {
    const member = spare[3 * K]!;
    for (const [user, expected] of [[member, 1], [spare[0]!, 0]] as const) {
      const filter = encodeURIComponent(`id eq "${groups.big}" and members eq "${user}"`);
      const { trips, reply } = await roundTrips(() => h.request('GET', `/Groups?filter=${filter}&excludedAttributes=members`));
      expect(reply.body.totalResults).toBe(expected);
      expect(trips).toBeLessThanOrEqual(3);
    }
  });
});
