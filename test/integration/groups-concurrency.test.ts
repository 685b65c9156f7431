import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, PATCH_OP, USER, unique } from '../support/scim-wire';

/**
 * Races on group membership (issue #3, item 7). Member changes commute, so concurrent PATCHes
 * of one group must all land, each member once; a user deleted while it is being added must
 * leave no membership row behind. After every test the whole partition is checked: every
 * membership row has its twin, and both point at a live user and a live group.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function createUsers(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, async () => {
      const reply = await h.request('POST', '/Users', { body: { schemas: [USER], userName: `${unique('racer')}@contoso.example` } });
      expect(reply.status, reply.text).toBe(201);
      return reply.body.id as string;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

async function createGroup(): Promise<string> {
  const reply = await h.request('POST', '/Groups', { body: { schemas: [GROUP], displayName: unique('Raced') } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id;
}

function addMembers(groupId: string, userIds: string[]): Promise<ScimReply> {
  return h.request('PATCH', `/Groups/${groupId}`, {
    body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: userIds.map((value) => ({ $ref: null, value })) }] },
  });
}

async function memberIds(groupId: string): Promise<string[]> {
  const reply = await h.request('GET', `/Groups/${groupId}`);
  expect(reply.status, reply.text).toBe(200);
  return ((reply.body.members ?? []) as Array<{ value: string }>).map((m) => m.value);
}

async function groupIdsOf(userId: string): Promise<string[]> {
  const reply = await h.request('GET', `/Users/${userId}`);
  expect(reply.status, reply.text).toBe(200);
  return ((reply.body.groups ?? []) as Array<{ value: string }>).map((g) => g.value);
}

interface PartitionState {
  users: Set<string>;
  groups: Set<string>;
  /** `gm:` rows as "group user". */
  groupToUser: string[];
  /** The user's reverse rows, as "group user". */
  userToGroup: string[];
}

/** Every row of the `test` partition, sorted by what it is. */
async function partitionState(): Promise<PartitionState> {
  const state: PartitionState = { users: new Set(), groups: new Set(), groupToUser: [], userToGroup: [] };
  const filter = odata`PartitionKey eq ${'test'}`;
  for await (const row of h.services.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    const key = String(row.rowKey);
    if (key.startsWith('gm:')) state.groupToUser.push(`${row.groupId} ${row.userId}`);
    else if (key.startsWith('res:user:') && key.includes(':g:')) state.userToGroup.push(`${row.groupId} ${row.userId}`);
    else if (key.startsWith('res:user:')) state.users.add(String(row.id));
    else if (key.startsWith('res:group:')) state.groups.add(String(row.id));
  }
  return state;
}

/** Every membership row has its twin, no pair is duplicated, and both ends are alive. */
async function expectConsistentMemberships(): Promise<PartitionState> {
  const state = await partitionState();
  expect(new Set(state.groupToUser).size).toBe(state.groupToUser.length);
  expect([...state.groupToUser].sort()).toEqual([...state.userToGroup].sort());
  const dangling = state.groupToUser.filter((pair) => {
    const [groupId, userId] = pair.split(' ');
    return !state.users.has(userId!) || !state.groups.has(groupId!);
  });
  expect(dangling).toEqual([]);
  return state;
}

describe('concurrent member changes', () => {
  it('5 concurrent PATCHes each adding 20 distinct users leave all 100 members, once each', async () => {
    const users = await createUsers(100);
    const group = await createGroup();
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => addMembers(group, users.slice(i * 20, i * 20 + 20))));
    expect(replies.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    const members = await memberIds(group);
    expect(members).toHaveLength(100);
    expect(new Set(members)).toEqual(new Set(users));
    for (const id of users.slice(0, 10)) expect(await groupIdsOf(id)).toEqual([group]);
    await expectConsistentMemberships();
  });

  it('concurrent adds of the same users from several requests leave each member once', async () => {
    const users = await createUsers(20);
    const group = await createGroup();
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => addMembers(group, i % 2 === 0 ? users : [...users].reverse())));
    expect(replies.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    const members = await memberIds(group);
    expect(members).toHaveLength(20);
    expect(new Set(members)).toEqual(new Set(users));
    for (const id of users) expect(await groupIdsOf(id)).toEqual([group]);
    await expectConsistentMemberships();
  });

  it('concurrent adds of one user to several groups list every group on the user once', async () => {
    const [user] = await createUsers(1);
    const groups = await Promise.all(Array.from({ length: 6 }, () => createGroup()));
    const replies = await Promise.all(groups.flatMap((g) => [addMembers(g, [user!]), addMembers(g, [user!])]));
    expect(replies.every((r) => r.status === 204)).toBe(true);
    expect((await groupIdsOf(user!)).sort()).toEqual([...groups].sort());
    await expectConsistentMemberships();
  });

  it('concurrent adds and removes of different members of one group all land', async () => {
    const users = await createUsers(40);
    const group = await createGroup();
    expect((await addMembers(group, users.slice(0, 20))).status).toBe(204);
    const removals = users.slice(0, 20).filter((_, i) => i % 2 === 0);
    const replies = await Promise.all([
      addMembers(group, users.slice(20, 30)),
      addMembers(group, users.slice(30, 40)),
      h.request('PATCH', `/Groups/${group}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: removals.map((value) => ({ value })) }] } }),
      ...removals.slice(0, 3).map((id) => h.request('PATCH', `/Groups/${group}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] } })),
    ]);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 204));
    expect(new Set(await memberIds(group))).toEqual(new Set(users.filter((id) => !removals.includes(id))));
    await expectConsistentMemberships();
  });
});

describe('attribute changes racing member changes', () => {
  it('a rename racing 5 member-adding PATCHes succeeds, and every member lands', async () => {
    const users = await createUsers(50);
    const group = await createGroup();
    const replies = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => addMembers(group, users.slice(i * 10, i * 10 + 10))),
      h.request('PATCH', `/Groups/${group}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', value: { displayName: `Renamed ${group}` } }] } }),
    ]);
    expect(replies.map((r) => r.status), replies.map((r) => r.text).join(' ')).toEqual([204, 204, 204, 204, 204, 204]);
    expect((await h.request('GET', `/Groups/${group}?excludedAttributes=members`)).body.displayName).toBe(`Renamed ${group}`);
    expect(new Set(await memberIds(group))).toEqual(new Set(users));
    await expectConsistentMemberships();
  });

  it('a user PATCH racing adds of that user to 5 groups succeeds', async () => {
    const [user] = await createUsers(1);
    const groups = await Promise.all(Array.from({ length: 5 }, () => createGroup()));
    const replies = await Promise.all([
      ...groups.map((g) => addMembers(g, [user!])),
      h.request('PATCH', `/Users/${user}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: 'Raced Name' }] } }),
    ]);
    expect(replies.map((r) => r.status), replies.map((r) => r.text).join(' ')).toEqual([204, 204, 204, 204, 204, 200]);
    const after = await h.request('GET', `/Users/${user}`);
    expect(after.body.displayName).toBe('Raced Name');
    expect((after.body.groups as Array<{ value: string }>).map((g) => g.value).sort()).toEqual([...groups].sort());
    await expectConsistentMemberships();
  });
});

describe('deletes racing member adds', () => {
  const ROUNDS = 6;

  it(`a user delete racing adds of that user ends consistent (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [victim, bystander] = await createUsers(2);
      const groups = await Promise.all([createGroup(), createGroup(), createGroup()]);
      // Each round starts the delete at another point among the adds.
      const started: Promise<ScimReply>[] = [];
      const at = round % (groups.length + 1);
      for (let i = 0; i <= groups.length; i++) {
        if (i === at) started.push(h.request('DELETE', `/Users/${victim}`));
        if (i < groups.length) started.push(addMembers(groups[i]!, [bystander!, victim!]));
      }
      const replies = await Promise.all(started);
      const del = replies[at]!;
      const added = replies.filter((_, i) => i !== at);
      expect(del.status, del.text).toBe(204);
      expect((await h.request('GET', `/Users/${victim}`)).status).toBe(404);
      // An add checked after the delete is refused as a whole (the victim is no longer a user);
      // one checked before it lands, and the victim's half is skipped or swept by the delete.
      for (const [i, reply] of added.entries()) {
        const outcome = { status: reply.status, scimType: reply.body?.scimType, members: await memberIds(groups[i]!) };
        const allowed = [{ status: 204, scimType: undefined, members: [bystander] }, { status: 400, scimType: 'invalidValue', members: [] }];
        expect(allowed, `round ${round}, group ${i}`).toContainEqual(outcome);
      }
      const state = await expectConsistentMemberships();
      expect(state.groupToUser.filter((pair) => pair.endsWith(` ${victim}`))).toEqual([]);
      expect(state.userToGroup.filter((pair) => pair.endsWith(` ${victim}`))).toEqual([]);
      const filtered = await h.request('GET', `/Groups?filter=${encodeURIComponent(`members eq "${victim}"`)}`);
      expect(filtered.body.totalResults).toBe(0);
    }
  });

  it(`a user delete racing a PATCH that adds it among others keeps the others (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const users = await createUsers(10);
      const victim = users[round]!;
      const group = await createGroup();
      const [del, add] = await Promise.all([h.request('DELETE', `/Users/${victim}`), addMembers(group, users)]);
      expect(del.status).toBe(204);
      const members = await memberIds(group);
      expect(members).not.toContain(victim);
      // Either the add was refused as a whole (the victim was already gone when it was checked),
      // or every other user was added.
      if (add.status === 204) expect(new Set(members)).toEqual(new Set(users.filter((id) => id !== victim)));
      else expect({ status: add.status, scimType: add.body.scimType, members }).toEqual({ status: 400, scimType: 'invalidValue', members: [] });
      await expectConsistentMemberships();
    }
  });

  it(`a group delete racing member adds leaves no row of the deleted group (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const users = await createUsers(6);
      const group = await createGroup();
      expect((await addMembers(group, users.slice(0, 2))).status).toBe(204);
      const [del, ...adds] = await Promise.all([h.request('DELETE', `/Groups/${group}`), addMembers(group, users.slice(2, 4)), addMembers(group, users.slice(4, 6))]);
      expect(del.status).toBe(204);
      for (const reply of adds) expect([204, 404], reply.text).toContain(reply.status);
      expect((await h.request('GET', `/Groups/${group}`)).status).toBe(404);
      for (const id of users) expect(await groupIdsOf(id)).not.toContain(group);
      const state = await expectConsistentMemberships();
      expect(state.groupToUser.filter((pair) => pair.startsWith(`${group} `))).toEqual([]);
    }
  });
});
