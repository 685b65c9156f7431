import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { ERROR, GROUP, PATCH_OP, USER, unique } from '../support/scim-wire';

/**
 * PATCH /Groups/{id} in every shape Entra sends (ENTRA-DIALECT items 5 and 6): member adds
 * with "$ref": null, several per op and duplicated; replace of members; removal by filter and
 * by the legacy value list; path-less replace of displayName/externalId; mixed operations in
 * order; unknown members refused before anything is applied; 204 unless attributes are asked.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function createUser(token?: string): Promise<string> {
  const reply = await h.request('POST', '/Users', { body: { schemas: [USER], userName: `${unique('patcher')}@contoso.example` }, token });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id;
}

async function createUsers(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await createUser());
  return ids;
}

async function createUsersInParallel(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) ids.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => createUser()))));
  return ids;
}

async function createGroup(memberIds: string[] = [], extra: Record<string, unknown> = {}): Promise<{ id: string; displayName: string; meta: { version: string } }> {
  const reply = await h.request('POST', '/Groups', { body: { schemas: [GROUP], displayName: unique('Patched'), members: memberIds.map((value) => ({ value })), ...extra } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

function patch(id: string, ops: unknown[], query = '', headers: Record<string, string> = {}): Promise<ScimReply> {
  return h.request('PATCH', `/Groups/${id}${query}`, { body: { schemas: [PATCH_OP], Operations: ops }, headers });
}

async function memberIds(groupId: string): Promise<string[]> {
  const reply = await h.request('GET', `/Groups/${groupId}`);
  expect(reply.status, reply.text).toBe(200);
  return ((reply.body.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
}

function expectScimError(reply: ScimReply, status: number, scimType?: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.body.schemas).toEqual([ERROR]);
  expect(reply.body.status).toBe(String(status));
  expect(reply.body.scimType).toBe(scimType);
}

const ref = (value: string) => ({ $ref: null, value });
const sorted = (ids: string[]) => [...ids].sort();

describe('member operations', () => {
  /** Members before, the operations (given the users u[0..3]), members after (indexes into u). */
  type Case = [string, number[], (u: string[]) => unknown[], number[]];
  const cases: Case[] = [
    ['add several members in one op with "$ref": null', [], (u) => [{ op: 'Add', path: 'members', value: [ref(u[0]!), ref(u[1]!), ref(u[2]!)] }], [0, 1, 2]],
    ['add one member as a single object', [0], (u) => [{ op: 'add', path: 'members', value: { value: u[1] } }], [0, 1]],
    ['add with duplicates inside the op and of existing members', [0], (u) => [{ op: 'add', path: 'members', value: [ref(u[0]!), ref(u[1]!), ref(u[1]!)] }], [0, 1]],
    ['add members in several ops of one request', [], (u) => [{ op: 'add', path: 'members', value: [ref(u[0]!)] }, { op: 'add', path: 'members', value: [ref(u[1]!)] }], [0, 1]],
    ['add through a path-less value', [0], (u) => [{ op: 'add', value: { members: [ref(u[1]!)] } }], [0, 1]],
    ['replace members', [0, 1], (u) => [{ op: 'Replace', path: 'members', value: [ref(u[1]!), ref(u[2]!)] }], [1, 2]],
    ['replace members with an empty list', [0, 1], () => [{ op: 'replace', path: 'members', value: [] }], []],
    ['remove by members[value eq "id"]', [0, 1, 2], (u) => [{ op: 'remove', path: `members[value eq "${u[1]}"]` }], [0, 2]],
    ['remove by a filter joined by or', [0, 1, 2], (u) => [{ op: 'remove', path: `members[value eq "${u[0]}" or value eq "${u[2]}"]` }], [1]],
    ['legacy remove by path members with a value array removes only those', [0, 1, 2, 3], (u) => [{ op: 'Remove', path: 'members', value: [ref(u[1]!), ref(u[3]!)] }], [0, 2]],
    ['legacy remove with an empty value array removes nobody', [0, 1], () => [{ op: 'Remove', path: 'members', value: [] }], [0, 1]],
    ['remove of a non-member is a no-op', [0], (u) => [{ op: 'remove', path: `members[value eq "${u[1]}"]` }], [0]],
    ['remove of members with no value removes everyone (RFC 7644 §3.5.2.2)', [0, 1], () => [{ op: 'remove', path: 'members' }], []],
    ['add u then remove u: u is not a member', [], (u) => [{ op: 'add', path: 'members', value: [ref(u[0]!)] }, { op: 'remove', path: `members[value eq "${u[0]}"]` }], []],
    ['add u then remove u, u a member before: u is not a member', [0], (u) => [{ op: 'add', path: 'members', value: [ref(u[0]!)] }, { op: 'Remove', path: 'members', value: [ref(u[0]!)] }], []],
    ['remove u then add u: u is a member', [], (u) => [{ op: 'remove', path: `members[value eq "${u[0]}"]` }, { op: 'add', path: 'members', value: [ref(u[0]!)] }], [0]],
    ['remove u then add u, u a member before: u is a member', [0], (u) => [{ op: 'remove', path: `members[value eq "${u[0]}"]` }, { op: 'add', path: 'members', value: [ref(u[0]!)] }], [0]],
    ['replace then add then remove, in order', [0], (u) => [
      { op: 'replace', path: 'members', value: [ref(u[1]!)] },
      { op: 'add', path: 'members', value: [ref(u[2]!), ref(u[3]!)] },
      { op: 'remove', path: `members[value eq "${u[1]}"]` },
    ], [2, 3]],
    ['remove everyone then add one', [0, 1], (u) => [{ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [ref(u[2]!)] }], [2]],
  ];

  it.each(cases)('%s', async (_, before, ops, after) => {
    const u = await createUsers(4);
    const group = await createGroup(before.map((i) => u[i]!));
    const reply = await patch(group.id, ops(u));
    expect(reply.status, reply.text).toBe(204);
    expect(reply.text).toBe('');
    expect(await memberIds(group.id)).toEqual(sorted(after.map((i) => u[i]!)));
    for (const [i, id] of u.entries()) {
      const groups = ((await h.request('GET', `/Users/${id}`)).body.groups ?? []) as Array<{ value: string }>;
      expect(groups.map((g) => g.value), `user ${i}`).toEqual(after.includes(i) ? [group.id] : []);
    }
  });

  it('accepts op names and the members attribute name in any case', async () => {
    const u = await createUsers(2);
    const group = await createGroup();
    expect((await patch(group.id, [{ op: 'ADD', path: 'Members', value: [{ Value: u[0] }, { VALUE: u[1] }] }])).status).toBe(204);
    expect(await memberIds(group.id)).toEqual(sorted(u));
    expect((await patch(group.id, [{ op: 'REMOVE', path: `MEMBERS[VALUE eq "${u[0]}"]` }])).status).toBe(204);
    expect(await memberIds(group.id)).toEqual([u[1]]);
  });

  it('changes meta.version when members change', async () => {
    const [a] = await createUsers(1);
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(a!)] }]);
    expect(reply.headers.get('etag')).not.toBe(group.meta.version);
    const after = await h.request('GET', `/Groups/${group.id}`);
    expect(after.body.meta.version).not.toBe(group.meta.version);
    expect(reply.headers.get('etag')).toBe(after.body.meta.version);
  });
  it('answers the final meta.version as ETag when the members take several transactions', async () => {
    const u = await createUsersInParallel(40);
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: u.map(ref) }]);
    expect(reply.status).toBe(204);
    const after = await h.request('GET', `/Groups/${group.id}?excludedAttributes=members`);
    expect(reply.headers.get('etag')).toBe(after.body.meta.version);
    expect(after.headers.get('etag')).toBe(after.body.meta.version);
    expect(await memberIds(group.id)).toEqual(sorted(u));
  });
});

describe('attribute operations', () => {
  it.each<[string, (old: string) => unknown[], (old: string) => Record<string, unknown>]>([
    ['path-less replace of displayName', () => [{ op: 'Replace', value: { displayName: 'Renamed Pathless' } }], () => ({ displayName: 'Renamed Pathless', externalId: 'ext-before' })],
    ['path-less replace of displayName and externalId', () => [{ op: 'replace', value: { displayName: 'Renamed Both', externalId: 'ext-both' } }], () => ({ displayName: 'Renamed Both', externalId: 'ext-both' })],
    ['replace of externalId by path', () => [{ op: 'replace', path: 'externalId', value: 'ext-path' }], (old) => ({ displayName: old, externalId: 'ext-path' })],
    ['remove of externalId', () => [{ op: 'remove', path: 'externalId' }], (old) => ({ displayName: old })],
  ])('%s', async (_, ops, expected) => {
    const group = await createGroup([], { externalId: 'ext-before' });
    expect((await patch(group.id, ops(group.displayName))).status).toBe(204);
    const stored = await h.services.resources(GROUP_RESOURCE_TYPE, 'test').get(group.id);
    const { schemas: _schemas, id: _id, ...doc } = stored.doc;
    expect(doc).toEqual(expected(group.displayName));
    // the externalId index rows follow the document
    const wanted = expected(group.displayName);
    for (const ext of ['ext-before', 'ext-both', 'ext-path']) {
      const byExt = await h.request('GET', `/Groups?filter=${encodeURIComponent(`externalId eq "${ext}"`)}`);
      const ids = (byExt.body.Resources as Array<{ id: string }>).map((r) => r.id);
      expect(ids.includes(group.id), ext).toBe(wanted.externalId === ext);
    }
  });

  it('moves the displayName index row: the old name is free, the new one taken (case-insensitively)', async () => {
    const group = await createGroup();
    expect((await patch(group.id, [{ op: 'replace', path: 'displayName', value: 'Moved Name' }])).status).toBe(204);
    const byOld = await h.request('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${group.displayName}"`)}`);
    expect(byOld.body.totalResults).toBe(0);
    const byNew = await h.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "MOVED NAME"')}`);
    expect(byNew.body.Resources.map((r: { id: string }) => r.id)).toEqual([group.id]);
    const taken = await h.request('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'moved name' } });
    expectScimError(taken, 409, 'uniqueness');
    const free = await h.request('POST', '/Groups', { body: { schemas: [GROUP], displayName: group.displayName } });
    expect(free.status).toBe(201);
  });

  it.each<[string, (name: string) => string]>([
    ['upper case', (name) => name.toUpperCase()],
    ['lower case', (name) => name.toLowerCase()],
  ])('renames a group to its own displayName in %s (no 409 against itself)', async (_, recase) => {
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'replace', path: 'displayName', value: recase(group.displayName) }]);
    expect(reply.status, reply.text).toBe(204);
    expect((await h.request('GET', `/Groups/${group.id}`)).body.displayName).toBe(recase(group.displayName));
  });

  it('refuses a rename onto a taken displayName with 409 uniqueness, applying none of the request', async () => {
    const [a] = await createUsers(1);
    const taken = await createGroup();
    const group = await createGroup();
    const reply = await patch(group.id, [
      { op: 'add', path: 'members', value: [ref(a!)] },
      { op: 'replace', value: { displayName: taken.displayName.toUpperCase() } },
    ]);
    expectScimError(reply, 409, 'uniqueness');
    expect((await h.request('GET', `/Groups/${group.id}`)).body.displayName).toBe(group.displayName);
    expect(await memberIds(group.id)).toEqual([]);
  });

  it('applies a rename and member adds of the same request', async () => {
    const u = await createUsers(2);
    const group = await createGroup([u[0]!]);
    const reply = await patch(group.id, [
      { op: 'Replace', value: { displayName: 'Renamed With Members', members: [ref(u[1]!)] } },
      { op: 'Add', path: 'members', value: [ref(u[0]!)] },
    ]);
    expect(reply.status, reply.text).toBe(204);
    expect((await h.request('GET', `/Groups/${group.id}`)).body.displayName).toBe('Renamed With Members');
    expect(await memberIds(group.id)).toEqual(sorted(u));
    expect(((await h.request('GET', `/Users/${u[1]}`)).body.groups as Array<{ display: string }>)[0]!.display).toBe('Renamed With Members');
  });

  it.each<[string, unknown[], string]>([
    ['remove of displayName (required)', [{ op: 'remove', path: 'displayName' }], 'mutability'],
    ['an unknown attribute', [{ op: 'replace', path: 'description2', value: 'x' }], 'invalidPath'],
    ['a member sub-attribute path', [{ op: 'replace', path: 'members.display', value: 'x' }], 'invalidPath'],
    ['a members filter other than value eq', [{ op: 'remove', path: 'members[display eq "x"]' }], 'invalidPath'],
    ['a member without an id', [{ op: 'add', path: 'members', value: [{ display: 'x' }] }], 'invalidValue'],
    ['remove of members with a null value', [{ op: 'remove', path: 'members', value: null }], 'invalidValue'],
  ])('refuses %s with 400 and applies nothing', async (_, ops, scimType) => {
    const u = await createUsers(2);
    const group = await createGroup([u[0]!]);
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(u[1]!)] }, ...ops]);
    expectScimError(reply, 400, scimType);
    expect(await memberIds(group.id)).toEqual([u[0]]);
    expect((await h.request('GET', `/Groups/${group.id}`)).body.displayName).toBe(group.displayName);
  });
});

describe('members that are not users of this directory', () => {
  let other: string;
  beforeAll(async () => {
    other = await h.newDirectory('patch-other');
  });

  it.each<[string, (ctx: { otherUser: string; group: string }) => string]>([
    ['an unknown id', () => 'no-such-user-id'],
    ['a user of another directory', (ctx) => ctx.otherUser],
    ['a group of this directory', (ctx) => ctx.group],
  ])('%s is 400 invalidValue naming it, and nothing of the request is applied', async (_, badId) => {
    const otherUser = await createUser(other);
    const otherGroup = await createGroup();
    const u = await createUsers(3);
    const group = await createGroup([u[0]!], { externalId: 'before-bad-member' });
    const bad = badId({ otherUser, group: otherGroup.id });
    const reply = await patch(group.id, [
      { op: 'Replace', value: { displayName: 'Should Not Apply', externalId: 'should-not-apply' } },
      { op: 'remove', path: `members[value eq "${u[0]}"]` },
      { op: 'Add', path: 'members', value: [ref(u[1]!), ref(bad), ref(u[2]!)] },
    ]);
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toContain(bad);
    const after = await h.request('GET', `/Groups/${group.id}`);
    expect(after.body).toMatchObject({ displayName: group.displayName, externalId: 'before-bad-member', meta: { version: group.meta.version } });
    expect(await memberIds(group.id)).toEqual([u[0]]);
    for (const id of [u[1]!, u[2]!]) expect((await h.request('GET', `/Users/${id}`)).body).not.toHaveProperty('groups');
    expect((await h.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Should Not Apply"')}`)).body.totalResults).toBe(0);
  });

  it('names the unknown id in a replace of members too', async () => {
    const [a] = await createUsers(1);
    const group = await createGroup([a!]);
    const reply = await patch(group.id, [{ op: 'replace', path: 'members', value: [ref('ghost-in-replace')] }]);
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toContain('ghost-in-replace');
    expect(await memberIds(group.id)).toEqual([a]);
  });

  it('names an unknown id after the first 100 added members, and adds none of them', async () => {
    const u = await createUsersInParallel(101);
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [...u, 'ghost-after-101'].map(ref) }]);
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toContain('ghost-after-101');
    expect(await memberIds(group.id)).toEqual([]);
  });

  // Bug: MembershipStore.assertUsers checks ids by merging lastModified into each user row, so a refused
  // request still moves the users' meta.version and meta.lastModified (here: the first transaction of 100).
  it('leaves the first 100 named users unchanged (meta.version) when the 101st is unknown', async () => {
    const u = await createUsersInParallel(100);
    const versions = async () => Promise.all(u.map(async (id) => (await h.request('GET', `/Users/${id}`)).body.meta.version as string));
    const before = await versions();
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [...u, 'ghost-101'].map(ref) }]);
    expectScimError(reply, 400, 'invalidValue');
    expect(await versions()).toEqual(before);
  });

  it('leaves the named users unchanged (meta.version) when the request is refused', async () => {
    const [a] = await createUsers(1);
    const before = (await h.request('GET', `/Users/${a}`)).body.meta.version;
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(a!), ref('ghost-version')] }]);
    expectScimError(reply, 400, 'invalidValue');
    expect((await h.request('GET', `/Users/${a}`)).body.meta.version).toBe(before);
  });

  // Bug: the same check runs (and writes) before the attribute operations are validated.
  it('leaves the named users unchanged (meta.version) when a later part of the request is refused', async () => {
    const [a] = await createUsers(1);
    const before = (await h.request('GET', `/Users/${a}`)).body.meta.version;
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(a!)] }, { op: 'remove', path: 'displayName' }]);
    expectScimError(reply, 400, 'mutability');
    expect((await h.request('GET', `/Users/${a}`)).body.meta.version).toBe(before);
  });
});

describe('the PATCH response', () => {
  it('is 204 with an ETag and no body by default', async () => {
    const [a] = await createUsers(1);
    const group = await createGroup();
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(a!)] }]);
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(reply.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
  });

  it.each<[string, string, boolean]>([
    ['attributes=displayName', '?attributes=displayName', false],
    ['attributes=externalId,displayName', '?attributes=externalId,displayName', false],
    ['excludedAttributes=externalId', '?excludedAttributes=externalId', false],
    ['attributes=members', '?attributes=members', true],
    ['attributes=displayName,members', '?attributes=displayName,members', true],
  ])('is 200 with the group when asked for %s (members only when named)', async (_, query, withMembers) => {
    const u = await createUsers(2);
    const group = await createGroup([u[0]!], { externalId: 'resp-ext' });
    const reply = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(u[1]!)] }], query);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.id).toBe(group.id);
    expect(reply.headers.get('etag')).toBe((await h.request('GET', `/Groups/${group.id}?attributes=displayName`)).headers.get('etag'));
    if (withMembers) expect((reply.body.members as Array<{ value: string }>).map((m) => m.value).sort()).toEqual(sorted(u));
    else expect(reply.body).not.toHaveProperty('members');
  });

  it('answers 404 for an unknown group and 412 for a stale If-Match, applying nothing', async () => {
    const [a] = await createUsers(1);
    expectScimError(await patch('no-such-group', [{ op: 'add', path: 'members', value: [ref(a!)] }]), 404);
    const group = await createGroup();
    expectScimError(await patch(group.id, [{ op: 'add', path: 'members', value: [ref(a!)] }], '', { 'If-Match': 'W/"stale"' }), 412);
    expect(await memberIds(group.id)).toEqual([]);
    const ok = await patch(group.id, [{ op: 'add', path: 'members', value: [ref(a!)] }], '', { 'If-Match': group.meta.version });
    expect(ok.status).toBe(204);
  });

  it('refuses a body without Operations with 400', async () => {
    const group = await createGroup();
    const reply = await h.request('PATCH', `/Groups/${group.id}`, { body: { schemas: [PATCH_OP] } });
    expect(reply.status).toBe(400);
    expect(reply.body.schemas).toEqual([ERROR]);
  });
});
