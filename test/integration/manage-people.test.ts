import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { KIND, newVersion, resourceEntity } from '../../shared/store/resource-rows';
import { groupMemberRow, uniqueIndexRow } from '../../shared/store/row-keys';
import { storageMetrics } from '../../shared/store/table-client';
import { TablePartition } from '../../shared/store/table-partition';
import { ADMIN_KEY, startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, PATCH_OP, USER } from '../support/scim-wire';

/**
 * The management API's People endpoints (issue #9: the console's People pages), through the
 * front door: users and groups provisioned over SCIM with a directory key, then read with the
 * admin key. Storage round trips show that a search page costs the same on any directory size.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const DIR = 'people';
const OTHER = 'people-other';
const NUMBERED = 30;
const MEMBERS = 120;
const GUEST = 'ana_fabrikam.example#EXT#@contoso.onmicrosoft.com';

let h: Harness;
let token: string;
let otherToken: string;
/** userName -> id of every user in DIR. */
const users = new Map<string, string>();
const groups = new Map<string, string>();

beforeAll(async () => {
  h = await startHarness();
  token = await h.newDirectory(DIR);
  otherToken = await h.newDirectory(OTHER);
  const numbered = Array.from({ length: NUMBERED }, (_, i) => `user-${String(i).padStart(2, '0')}@contoso.example`);
  const named = ['Ana.Lopez@contoso.example', GUEST, 'anabel@contoso.example', 'Zoë.Ångström@contoso.example', 'zoe@contoso.example', '李雷@contoso.example'];
  const members = Array.from({ length: MEMBERS }, (_, i) => `member-${String(i).padStart(3, '0')}@contoso.example`);
  for (const names of chunks([...numbered, ...named, ...members], 20)) {
    await Promise.all(names.map(async (userName) => users.set(userName, (await scim('POST', '/Users', { schemas: [USER], userName })).id)));
  }
  await scim('POST', '/Users', { schemas: [USER], userName: 'ana@fabrikam.example' }, otherToken);

  const bob = await scim('POST', '/Users', { schemas: [USER], userName: 'bob@contoso.example', displayName: 'Bob Boss' });
  const gone = await scim('POST', '/Users', { schemas: [USER], userName: 'gone@contoso.example' });
  users.set('bob@contoso.example', bob.id);
  for (const [userName, manager] of [['alice@contoso.example', bob.id], ['carol@contoso.example', gone.id]] as const) {
    const user = await scim('POST', '/Users', { schemas: [USER, ENTERPRISE], userName, [ENTERPRISE]: { manager: { value: manager } } });
    users.set(userName, user.id);
  }
  expect((await h.request('DELETE', `/Users/${gone.id}`, { token })).status).toBe(204);

  for (const displayName of ['Sales EU', 'Sales US', 'Support', 'All Members']) {
    groups.set(displayName, (await scim('POST', '/Groups', { schemas: [GROUP], displayName })).id);
  }
  await addMembers(groups.get('Sales EU')!, [users.get('alice@contoso.example')!]);
  await addMembers(groups.get('All Members')!, members.map((m) => users.get(m)!));
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

async function scim(method: string, path: string, body: unknown, bearer = token): Promise<any> {
  const reply = await h.request(method, path, { body, token: bearer });
  expect(reply.status, reply.text).toBeLessThan(300);
  return reply.body;
}

async function addMembers(groupId: string, ids: string[]): Promise<void> {
  for (const part of chunks(ids, 50)) {
    const reply = await h.request('PATCH', `/Groups/${groupId}`, { token, body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: part.map((value) => ({ value })) }] } });
    expect(reply.status, reply.text).toBe(204);
  }
}

/** A management API call with the admin key (or `bearer`). */
async function manage(method: string, path: string, bearer = ADMIN_KEY): Promise<ScimReply> {
  const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage${path}`, { method, headers: { Authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
}

async function ok(path: string): Promise<any> {
  const reply = await manage('GET', path);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
}

function expectScimError(reply: ScimReply, status: number, scimType?: string, detail?: RegExp): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  expect(reply.body.scimType).toBe(scimType);
  if (detail) expect(reply.body.detail).toMatch(detail);
}

/** Every page of a list, following `next`; the path has a query string already or none. */
async function allPages(path: string, key = 'resources'): Promise<{ pages: any[][]; items: any[] }> {
  const pages: any[][] = [];
  let next: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const body = await ok(next === undefined ? path : `${path}${sep}cursor=${encodeURIComponent(next)}`);
    pages.push(body[key]);
    next = body.next;
    expect(pages.length).toBeLessThan(100);
  } while (next !== undefined);
  return { pages, items: pages.flat() };
}

const userNames = (resources: any[]) => resources.map((r) => r.userName);

describe('GET …/users (no search)', () => {
  it('lists every user exactly once across full pages of count', async () => {
    const { pages, items } = await allPages(`/directories/${DIR}/users?count=7`);
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(items.map((r) => r.id).sort()).toEqual([...users.values()].sort());
  });

  it('answers 25 by default, with a next cursor while more remain', async () => {
    const body = await ok(`/directories/${DIR}/users`);
    expect(body.resources).toHaveLength(25);
    expect(typeof body.next).toBe('string');
  });

  it('renders each user as the SCIM GET does with excludedAttributes=groups', async () => {
    const alice = users.get('alice@contoso.example')!;
    const { items } = await allPages(`/directories/${DIR}/users?count=100`);
    const listed = items.find((r) => r.id === alice);
    const viaScim = await h.request('GET', `/Users/${alice}?excludedAttributes=groups`, { token });
    expect(listed).toEqual(viaScim.body);
    expect(listed.meta.location).toBe(`${h.tenantUrl}/Users/${alice}`);
    expect(listed.groups).toBeUndefined();
  });
});

describe('GET …/users?q= (search)', () => {
  it('matches a userName prefix case-insensitively, in index order', async () => {
    const body = await ok(`/directories/${DIR}/users?q=${encodeURIComponent('  ANA ')}`);
    // Index order: the encoded lower-cased names ('.' < '_' < 'b').
    expect(userNames(body.resources)).toEqual(['Ana.Lopez@contoso.example', GUEST, 'anabel@contoso.example']);
    expect(body.next).toBeUndefined();
  });

  it("finds an Entra guest by the part of its name around '#EXT#'", async () => {
    const body = await ok(`/directories/${DIR}/users?q=${encodeURIComponent('ana_fabrikam.example#ext#@')}`);
    expect(userNames(body.resources)).toEqual([GUEST]);
  });

  it.each([
    ['zoë', ['Zoë.Ångström@contoso.example']],
    ['ZOË.Å', ['Zoë.Ångström@contoso.example']],
    ['zoe', ['zoe@contoso.example']],
    ['李', ['李雷@contoso.example']],
  ])('matches non-ASCII prefixes: %s', async (q, expected) => {
    expect(userNames((await ok(`/directories/${DIR}/users?q=${encodeURIComponent(q)}`)).resources)).toEqual(expected);
  });

  it('answers an empty page when nothing matches', async () => {
    expect(await ok(`/directories/${DIR}/users?q=nobody-by-this-name`)).toEqual({ resources: [] });
  });

  it('pages a search with cursors: every match once, in order', async () => {
    const { pages, items } = await allPages(`/directories/${DIR}/users?q=user-&count=7`);
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
    expect(userNames(items)).toEqual([...users.keys()].filter((n) => n.startsWith('user-')).sort());
  });

  it('puts a user whose id is q first, then the prefix matches, without duplicates', async () => {
    const target = await scim('POST', '/Users', { schemas: [USER], userName: 'id-owner@contoso.example' });
    await scim('PATCH', `/Users/${target.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'userName', value: `${target.id}@contoso.example` }] });
    const alias = await scim('POST', '/Users', { schemas: [USER], userName: `${target.id}-alias@contoso.example` });
    try {
      const body = await ok(`/directories/${DIR}/users?q=${target.id}`);
      expect(body.resources.map((r: any) => r.id)).toEqual([target.id, alias.id]);
      const paged = await allPages(`/directories/${DIR}/users?q=${target.id}&count=1`);
      expect(paged.items.map((r: any) => r.id)).toEqual([target.id, alias.id]);
    } finally {
      for (const id of [target.id, alias.id]) await h.request('DELETE', `/Users/${id}`, { token });
    }
  });

  it('finds a user by its exact id even when no userName starts with it', async () => {
    const alice = users.get('alice@contoso.example')!;
    const body = await ok(`/directories/${DIR}/users?q=${alice}`);
    expect(body.resources.map((r: any) => r.id)).toEqual([alice]);
    expect(body.resources[0].groups).toBeUndefined();
  });

  it('treats a blank q as no search', async () => {
    expect((await ok(`/directories/${DIR}/users?q=%20%20&count=3`)).resources).toHaveLength(3);
  });
});

describe('GET …/groups', () => {
  it('searches displayName prefixes case-insensitively, without members', async () => {
    const body = await ok(`/directories/${DIR}/groups?q=sALES`);
    expect(body.resources.map((g: any) => g.displayName)).toEqual(['Sales EU', 'Sales US']);
    expect(body.resources.every((g: any) => g.members === undefined)).toBe(true);
  });

  it('finds a group by its exact id', async () => {
    const id = groups.get('Support')!;
    expect((await ok(`/directories/${DIR}/groups?q=${id}`)).resources.map((g: any) => g.id)).toEqual([id]);
  });

  it('lists every group across pages, rendered as the SCIM GET does without members', async () => {
    const { items } = await allPages(`/directories/${DIR}/groups?count=3`);
    expect(items.map((g) => g.id).sort()).toEqual([...groups.values()].sort());
    const all = groups.get('All Members')!;
    const viaScim = await h.request('GET', `/Groups/${all}?excludedAttributes=members`, { token });
    expect(items.find((g) => g.id === all)).toEqual(viaScim.body);
  });
});

describe('GET …/users/{id}', () => {
  it('answers the full user with groups, and its manager', async () => {
    const alice = users.get('alice@contoso.example')!;
    const body = await ok(`/directories/${DIR}/users/${alice}`);
    expect(body.user).toEqual((await h.request('GET', `/Users/${alice}`, { token })).body);
    expect(body.user.groups).toEqual([expect.objectContaining({ value: groups.get('Sales EU'), display: 'Sales EU' })]);
    expect(body.manager).toEqual({ id: users.get('bob@contoso.example'), userName: 'bob@contoso.example', displayName: 'Bob Boss' });
  });

  it('marks a manager that no longer exists as missing', async () => {
    const body = await ok(`/directories/${DIR}/users/${users.get('carol@contoso.example')}`);
    expect(body.manager).toEqual({ id: expect.any(String), missing: true });
  });

  it('answers manager null when none is set', async () => {
    expect((await ok(`/directories/${DIR}/users/${users.get('bob@contoso.example')}`)).manager).toBeNull();
  });

  it('answers 404 for a user that does not exist, or an id no key can hold', async () => {
    expectScimError(await manage('GET', `/directories/${DIR}/users/no-such-user`), 404);
    expectScimError(await manage('GET', `/directories/${DIR}/users/${'李'.repeat(300)}`), 404);
  });
});

describe('GET …/groups/{id} and …/members', () => {
  it('answers the group without members', async () => {
    const id = groups.get('All Members')!;
    const body = await ok(`/directories/${DIR}/groups/${id}`);
    expect(body).toEqual({ group: (await h.request('GET', `/Groups/${id}?excludedAttributes=members`, { token })).body });
  });

  it('pages the members: every member once, with display names and type', async () => {
    const { pages, items } = await allPages(`/directories/${DIR}/groups/${groups.get('All Members')}/members?count=50`, 'members');
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    const expected = [...users.entries()].filter(([n]) => n.startsWith('member-'));
    expect(items.map((m) => m.value).sort()).toEqual(expected.map(([, id]) => id).sort());
    const names = new Map(expected.map(([n, id]) => [id, n]));
    expect(items.every((m) => m.type === 'User' && m.display === names.get(m.value) && Object.keys(m).length === 3)).toBe(true);
  });

  it('fills missing display names for the page only, writing nothing back', async () => {
    const all = groups.get('All Members')!;
    const first = (await ok(`/directories/${DIR}/groups/${all}/members?count=5`)).members[0];
    expect(first.display).toMatch(/^member-/);
    const row = await h.services.table.getEntity<Record<string, unknown>>(DIR, groupMemberRow(all, first.value));
    expect(row.display).toBeUndefined();
  });

  it('answers 50 members by default and an empty list for a group without members', async () => {
    expect((await ok(`/directories/${DIR}/groups/${groups.get('All Members')}/members`)).members).toHaveLength(50);
    expect(await ok(`/directories/${DIR}/groups/${groups.get('Support')}/members`)).toEqual({ members: [] });
  });

  it('answers 404 for a group that does not exist', async () => {
    expectScimError(await manage('GET', `/directories/${DIR}/groups/no-such-group`), 404);
    expectScimError(await manage('GET', `/directories/${DIR}/groups/no-such-group/members`), 404);
  });
});

describe('errors', () => {
  it('answers 404 for a directory that does not exist, and for unknown paths', async () => {
    expectScimError(await manage('GET', '/directories/no-such-directory/users'), 404);
    expectScimError(await manage('GET', `/directories/${DIR}/users/${users.get('alice@contoso.example')}/members`), 404);
    expectScimError(await manage('GET', `/directories/${DIR}/groups/${groups.get('Support')}/owners`), 404);
  });

  it.each([
    ['users?count=0', /^count must be an integer from 1 to 100/],
    ['users?count=101', /^count/],
    ['users?count=ten', /^count/],
    ['users?count=2.5', /^count/],
    ['users?q=a&count=-1', /^count/],
    ['users?cursor=not-a-cursor', /^cursor/],
    ['users?cursor=%2B%2F', /^cursor/],
    [`users?q=${'a'.repeat(257)}`, /^q must be at most 256 characters/],
    ['groups?count=1000', /^count/],
  ])('refuses %s with 400 invalidValue naming the parameter', async (query, detail) => {
    expectScimError(await manage('GET', `/directories/${DIR}/${query}`), 400, 'invalidValue', detail);
  });

  it('refuses a members count above 200, and a cursor of another list', async () => {
    const all = groups.get('All Members')!;
    expectScimError(await manage('GET', `/directories/${DIR}/groups/${all}/members?count=201`), 400, 'invalidValue', /^count must be an integer from 1 to 200/);
    const usersCursor = (await ok(`/directories/${DIR}/users?count=1`)).next;
    expectScimError(await manage('GET', `/directories/${DIR}/groups?cursor=${usersCursor}`), 400, 'invalidValue', /^cursor/);
    expectScimError(await manage('GET', `/directories/${DIR}/groups/${all}/members?cursor=${usersCursor}`), 400, 'invalidValue', /^cursor/);
    const searchCursor = (await ok(`/directories/${DIR}/users?q=user-&count=1`)).next;
    expectScimError(await manage('GET', `/directories/${DIR}/users?q=member-&cursor=${searchCursor}`), 400, 'invalidValue', /^cursor/);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('answers 405 to %s: the endpoints are read-only', async (method) => {
    for (const path of ['users', `users/${users.get('alice@contoso.example')}`, 'groups', `groups/${groups.get('Support')}/members`]) {
      const reply = await manage(method, `/directories/${DIR}/${path}`);
      expectScimError(reply, 405);
      expect(reply.headers.get('allow')).toBe('GET');
    }
  });

  it('refuses a directory key with 401', async () => {
    expectScimError(await manage('GET', `/directories/${DIR}/users`, token), 401);
    expectScimError(await manage('GET', `/directories/${DIR}/users/${users.get('alice@contoso.example')}`, token), 401);
  });
});

describe('tenant isolation', () => {
  it("never answers another directory's users", async () => {
    expect(userNames((await ok(`/directories/${OTHER}/users?q=ana`)).resources)).toEqual(['ana@fabrikam.example']);
    expect(userNames((await ok(`/directories/${OTHER}/users`)).resources)).toEqual(['ana@fabrikam.example']);
    const alice = users.get('alice@contoso.example')!;
    expect(await ok(`/directories/${OTHER}/users?q=${alice}`)).toEqual({ resources: [] });
    expectScimError(await manage('GET', `/directories/${OTHER}/users/${alice}`), 404);
    expectScimError(await manage('GET', `/directories/${OTHER}/groups/${groups.get('All Members')}/members`), 404);
  });

  it("refuses a cursor from one directory on another, so it reveals nothing of the first", async () => {
    const listCursor = (await ok(`/directories/${DIR}/users?count=2`)).next;
    expectScimError(await manage('GET', `/directories/${OTHER}/users?cursor=${listCursor}`), 400, 'invalidValue', /^cursor/);
    const searchCursor = (await ok(`/directories/${DIR}/users?q=ana&count=1`)).next;
    expectScimError(await manage('GET', `/directories/${OTHER}/users?q=ana&cursor=${searchCursor}`), 400, 'invalidValue', /^cursor/);
  });
});

describe('cost', () => {
  /** Storage round trips of one management request. */
  async function roundTrips(path: string): Promise<{ trips: number; body: any }> {
    const before = storageMetrics.roundTrips;
    const body = await ok(path);
    return { trips: storageMetrics.roundTrips - before, body };
  }

  /**
   * `total` users, 12 of them named match-NN. Those go through the service; the others are
   * written as the rows create writes (resource row and unique index row, 100 rows to a
   * transaction), because Azurite's in-memory store makes a thousand single creates slow.
   */
  async function seed(directory: string, total: number): Promise<void> {
    await h.newDirectory(directory);
    const service = h.services.resources(USER_RESOURCE_TYPE, directory);
    await Promise.all(Array.from({ length: 12 }, (_, i) => service.create({ schemas: [USER], userName: `match-${String(i).padStart(2, '0')}@contoso.example` })));
    const part = new TablePartition(h.services.table, directory);
    const now = new Date().toISOString();
    const rows = Array.from({ length: total - 12 }, (_, i): TransactionAction[] => {
      const id = randomUUID();
      const userName = `other-${i}@contoso.example`;
      return [
        ['create', resourceEntity(part, 'User', id, { schemas: [USER], id, userName }, now, now, newVersion())],
        ['create', part.entity(uniqueIndexRow('User', 'userName', userName), { kind: KIND.index, id })],
      ];
    });
    for (const batch of chunks(rows, 50)) await part.submit(batch.flat());
  }

  /**
   * 1,500 users are more than one storage page (1,000 rows), so anything that read the
   * partition's users, even a single-request scan, would cost more on the large directory.
   */
  it('costs the same storage round trips for a search page on 50 users and on 1,500', async () => {
    await seed('cost-small', 50);
    await seed('cost-large', 1500);
    const measure = async (directory: string) => {
      const first = await roundTrips(`/directories/${directory}/users?q=match-&count=10`);
      const second = await roundTrips(`/directories/${directory}/users?q=match-&count=10&cursor=${first.body.next}`);
      expect(first.body.resources).toHaveLength(10);
      expect(second.body.resources).toHaveLength(2);
      return [first.trips, second.trips];
    };
    const small = await measure('cost-small');
    const large = await measure('cost-large');
    expect(large).toEqual(small);
    // The directory record, the id lookup, one index range read and a point read per hit.
    expect(small[0]).toBeLessThanOrEqual(1 + 1 + 1 + 10);
  }, 300_000);
});
