import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScimDoc } from '../../shared/scim/repository';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { displayOf, newVersion, resourceEntity } from '../../shared/store/resource-rows';
import { groupMemberRow, resourceRow, userGroupRow } from '../../shared/store/row-keys';
import { TablePartition } from '../../shared/store/table-partition';
import { roundTrips, startHarness, type Harness } from '../support/harness';
import { GROUP, PATCH_OP, USER } from '../support/scim-wire';

/**
 * A group of 2,000 members (issue #3, item 4; ENTRA-DIALECT items 11 and 14): reading it
 * without members costs one round trip, exactly as for an empty group; reading it with
 * members returns every member once, across storage pages.
 *
 * Seeding: Azurite's in-memory store scans the partition on every row operation, so 2,000
 * users added through the API take minutes here. One user is added through the services and
 * its group read in full once (which stores the member display on the row); the other 1,999
 * users and their row pairs are copies of exactly those rows with their own keys and ids,
 * written 100 to a transaction. Small groups in groups.test.ts cover the API's own writes.
 */

const SIZE = 2_000;

let h: Harness;
let users: string[];
let big: string;
let empty: string;

function userDoc(id: string, index: number): ScimDoc {
  return { schemas: [USER], id, userName: `large-${index}@contoso.example`, ...(index % 2 === 0 ? { displayName: `Large User ${index}` } : {}) };
}

function expectedDisplay(index: number): string {
  return index % 2 === 0 ? `Large User ${index}` : `large-${index}@contoso.example`;
}

/** An entity's own properties, without the keys and the metadata storage adds. */
function propsOf(entity: Record<string, unknown>): Record<string, unknown> {
  const { partitionKey: _p, rowKey: _r, etag: _e, timestamp: _t, ...props } = entity;
  return props;
}

async function submitAll(actions: TransactionAction[]): Promise<void> {
  for (let i = 0; i < actions.length; i += 100) await h.services.table.submitTransaction(actions.slice(i, i + 100));
}

beforeAll(async () => {
  h = await startHarness();
  const part = new TablePartition(h.services.table, 'test');
  const userService = h.services.resources(USER_RESOURCE_TYPE, 'test');
  const groupService = h.services.resources(GROUP_RESOURCE_TYPE, 'test');

  const first = await userService.create(userDoc('ignored', 0));
  const group = await groupService.create({ schemas: [GROUP], displayName: 'Large Group' });
  await groupService.repo.changeMembers(group, { add: [first.id], remove: [] });
  for await (const _ of groupService.repo.members(group.id, 1000)) {
    // one full read stores the member's display on its row
  }
  const memberTemplate = propsOf(await h.services.table.getEntity('test', groupMemberRow(group.id, first.id)));
  const reverseTemplate = propsOf(await h.services.table.getEntity('test', userGroupRow(first.id, group.id)));
  expect(memberTemplate).toMatchObject({ userId: first.id, groupId: group.id, display: 'Large User 0' });

  const now = new Date().toISOString();
  const rest = Array.from({ length: SIZE - 1 }, (_, i) => ({ id: randomUUID(), doc: undefined as ScimDoc | undefined, index: i + 1 }));
  for (const r of rest) r.doc = userDoc(r.id, r.index);
  await submitAll(rest.map((r): TransactionAction => ['create', resourceEntity(part, 'User', r.id, r.doc!, now, now, newVersion())]));
  await submitAll(
    rest.flatMap((r): TransactionAction[] => [
      ['create', part.entity(groupMemberRow(group.id, r.id), { ...memberTemplate, userId: r.id, display: displayOf('User', r.doc!) })],
      ['create', part.entity(userGroupRow(r.id, group.id), { ...reverseTemplate, userId: r.id })],
    ]),
  );
  users = [first.id, ...rest.map((r) => r.id)];
  big = group.id;
  empty = (await groupService.create({ schemas: [GROUP], displayName: 'Large Empty' })).id;
  await h.request('GET', `/Groups/${empty}?excludedAttributes=members`); // warms the key cache
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('a group of 2,000 members', () => {
  it('is seeded as the API would have left it', async () => {
    const last = await h.request('GET', `/Users/${users[SIZE - 1]}`);
    expect(last.body).toMatchObject({ userName: `large-${SIZE - 1}@contoso.example`, groups: [{ value: big, display: 'Large Group', type: 'direct' }] });
    expect(await h.services.table.getEntity('test', resourceRow('User', users[SIZE - 1]!))).toBeDefined();
  });

  it.each<[string, string]>([
    ['excludedAttributes=members', 'excludedAttributes=members'],
    ['attributes=displayName', 'attributes=displayName'],
    ['attributes=id,externalId', 'attributes=id,externalId'],
  ])('GET /Groups/{id}?%s costs exactly 1 round trip, as for an empty group', async (_, query) => {
    const costs: Record<string, number> = {};
    for (const [name, id] of Object.entries({ empty, big })) {
      const { trips, reply } = await roundTrips(() => h.request('GET', `/Groups/${id}?${query}`));
      expect(reply.status).toBe(200);
      expect(reply.body).not.toHaveProperty('members');
      costs[name] = trips;
    }
    expect(costs).toEqual({ empty: 1, big: 1 });
  });

  it('GET /Groups?excludedAttributes=members lists both groups in 1 round trip, reading no member row', async () => {
    const { trips, reply } = await roundTrips(() => h.request('GET', '/Groups?excludedAttributes=members'));
    expect(reply.body.totalResults).toBe(2);
    expect(reply.body.Resources.filter((r: object) => 'members' in r)).toEqual([]);
    expect(trips).toBe(1);
  });

  it("answers Entra's displayName eq lookup with excludedAttributes=members in the same round trips as for an empty group (2)", async () => {
    const costs: number[] = [];
    for (const name of ['Large Empty', 'Large Group']) {
      const { trips, reply } = await roundTrips(() => h.request('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}&excludedAttributes=members`));
      expect(reply.body.totalResults).toBe(1);
      expect(reply.body.Resources[0]).not.toHaveProperty('members');
      costs.push(trips);
    }
    expect(costs).toEqual([2, 2]);
  });

  it('answers id eq "g" and members eq "u" with point reads, whatever the group size', async () => {
    for (const [member, expected] of [[users[SIZE - 1]!, 1], ['not-a-member', 0]] as const) {
      const filter = encodeURIComponent(`id eq "${big}" and members eq "${member}"`);
      const { trips, reply } = await roundTrips(() => h.request('GET', `/Groups?filter=${filter}&excludedAttributes=members`));
      expect(reply.body.totalResults).toBe(expected);
      expect(trips).toBeLessThanOrEqual(3);
    }
  });

  it('GET returns every member once, with value, $ref, display (displayName, else userName) and type', async () => {
    const reply = await h.request('GET', `/Groups/${big}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: big, displayName: 'Large Group' });
    const members = reply.body.members as Array<{ value: string; $ref: string; display: string; type: string }>;
    expect(members).toHaveLength(SIZE);
    expect(new Set(members.map((m) => m.value))).toEqual(new Set(users));
    const index = new Map(users.map((id, i) => [id, i]));
    const wrong = members.filter(
      (m) => m.display !== expectedDisplay(index.get(m.value)!) || m.$ref !== `${h.tenantUrl}/Users/${m.value}` || m.type !== 'User',
    );
    expect(wrong).toEqual([]);
  });

  it('answers a member PATCH with 204 and no body, and with attributes=displayName without members', async () => {
    const extra = (await h.request('POST', '/Users', { body: { schemas: [USER], userName: 'large-extra@contoso.example' } })).body.id;
    const plain = await h.request('PATCH', `/Groups/${big}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ $ref: null, value: extra }] }] } });
    expect(plain.status).toBe(204);
    expect(plain.text).toBe('');
    const asked = await h.request('PATCH', `/Groups/${big}?attributes=displayName`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${extra}"]` }] },
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ id: big, displayName: 'Large Group' });
    expect(asked.body).not.toHaveProperty('members');
    expect(asked.text.length).toBeLessThan(1_000);
  });
});
