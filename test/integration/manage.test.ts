import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  // A revoked key, a deleted directory or a changed setting applies at once.
  process.env.ROSTER_KEY_CACHE_SECONDS = '0';
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const TENANT = '3c4f7a2e-9b1d-4e6f-8a0b-1c2d3e4f5a6b';
const userBody = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });
const groupBody = (displayName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName });

interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** A management API call; the admin key as a bearer token unless `headers` says otherwise. */
async function manage(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers = opts.headers ?? { Authorization: `Bearer ${ADMIN_KEY}` };
  const init: RequestInit = { method, headers: { ...headers }, signal: AbortSignal.timeout(20_000) };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage${path}`, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

async function createDirectory(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const reply = await manage('POST', '/directories', { body: { id, displayName: `Directory ${id}`, ...extra } });
  expect(reply.status).toBe(201);
}

async function createKey(directoryId: string, body: Record<string, unknown> = { name: 'Entra' }) {
  const reply = await manage('POST', `/directories/${directoryId}/keys`, { body });
  expect(reply.status).toBe(201);
  return reply.body as { key: { keyId: string; [k: string]: unknown }; token: string; clientId: string; clientSecret: string };
}

function expectScimError(reply: Reply, status: number, scimType?: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  if (scimType) expect(reply.body.scimType).toBe(scimType);
  else expect(reply.body.scimType).toBeUndefined();
}

/** Polls `check` every 100 ms until it returns a value, at most `ms`. */
async function eventually<T>(ms: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 200 && Date.now() < deadline; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

async function partitionRows(directoryId: string): Promise<string[]> {
  const rows: string[] = [];
  for await (const e of h.services.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${directoryId}`, select: ['RowKey'] } })) {
    rows.push(String(e.rowKey));
  }
  return rows;
}

describe('the admin key', () => {
  it('is required: no credentials is 401', async () => {
    const reply = await manage('GET', '/directories', { headers: {} });
    expectScimError(reply, 401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('must be the right one: a wrong key is 401', async () => {
    expectScimError(await manage('GET', '/directories', { headers: { Authorization: `Bearer ${ADMIN_KEY}x` } }), 401);
    expectScimError(await manage('GET', '/directories', { headers: { Authorization: `Bearer ${ADMIN_KEY.slice(0, -1)}` } }), 401);
  });

  it('cannot be replaced by a directory key', async () => {
    expectScimError(await manage('GET', '/directories', { headers: { Authorization: `Bearer ${h.token}` } }), 401);
    expectScimError(await manage('GET', '/directories', { headers: { 'x-functions-key': h.token } }), 401);
    expectScimError(await manage('GET', '/directories', { headers: { 'X-Roster-Admin-Key': h.token } }), 401);
  });

  it('is refused in other schemes than Bearer', async () => {
    const basic = Buffer.from(`admin:${ADMIN_KEY}`).toString('base64');
    expectScimError(await manage('GET', '/directories', { headers: { Authorization: `Basic ${basic}` } }), 401);
  });

  it('works in the x-functions-key and X-Roster-Admin-Key headers', async () => {
    for (const header of ['x-functions-key', 'X-Roster-Admin-Key']) {
      const reply = await manage('GET', '/directories', { headers: { [header]: ADMIN_KEY } });
      expect(reply.status, header).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expectScimError(await manage('GET', '/directories', { headers: { 'X-Roster-Admin-Key': `${ADMIN_KEY}x` } }), 401);
  });

  it('does not open the SCIM API', async () => {
    const reply = await h.request('GET', '/Users', { token: ADMIN_KEY });
    expect(reply.status).toBe(401);
  });
});

describe('directories', () => {
  it('creates a directory and answers 201 with its record', async () => {
    const reply = await manage('POST', '/directories', { body: { id: 'mg-create', displayName: 'Contoso' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ id: 'mg-create', displayName: 'Contoso' });
    expect(Date.parse(reply.body.created)).not.toBeNaN();
  });

  it.each([
    ['upper case', 'Contoso'],
    ['a space', 'con toso'],
    ['a leading dash', '-contoso'],
    ['a trailing dash', 'contoso-'],
    ['a dot', 'con.toso'],
    ['an underscore', 'con_toso'],
    ['64 characters', 'a'.repeat(64)],
    ['an empty string', ''],
  ])('refuses an id with %s as 400 invalidValue naming id', async (_, id) => {
    const reply = await manage('POST', '/directories', { body: { id, displayName: 'x' } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^id: /);
  });

  it('refuses a body without displayName, naming the field', async () => {
    const reply = await manage('POST', '/directories', { body: { id: 'mg-no-name' } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^displayName: /);
  });

  it('refuses unknown fields', async () => {
    const reply = await manage('POST', '/directories', { body: { id: 'mg-unknown', displayName: 'x', colour: 'blue' } });
    expectScimError(reply, 400, 'invalidValue');
  });

  it('refuses a body that is not JSON as 400 invalidSyntax', async () => {
    const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage/directories`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: '{"id":',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).scimType).toBe('invalidSyntax');
  });

  it('refuses a duplicate id with 409', async () => {
    await createDirectory('mg-dup');
    expectScimError(await manage('POST', '/directories', { body: { id: 'mg-dup', displayName: 'again' } }), 409);
    expect((await manage('GET', '/directories/mg-dup')).body.displayName).toBe('Directory mg-dup');
  });

  it('lists directories', async () => {
    await createDirectory('mg-list-a');
    await createDirectory('mg-list-b');
    const reply = await manage('GET', '/directories');
    expect(reply.status).toBe(200);
    const ids = (reply.body.directories as Array<{ id: string }>).map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['test', 'mg-list-a', 'mg-list-b']));
  });

  it('shows a directory with counts of users, groups and keys', async () => {
    await createDirectory('mg-counts');
    const { token } = await createKey('mg-counts');
    await createKey('mg-counts', { name: 'second', scope: 'read-only' });
    for (const name of ['a', 'b', 'c']) {
      expect((await h.request('POST', '/Users', { token, body: userBody(`${name}@counts.example`) })).status).toBe(201);
    }
    expect((await h.request('POST', '/Groups', { token, body: groupBody('Counted') })).status).toBe(201);
    const reply = await manage('GET', '/directories/mg-counts');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: 'mg-counts', displayName: 'Directory mg-counts', counts: { users: 3, groups: 1, keys: 2 } });
  });

  it('answers 404 for a directory that does not exist', async () => {
    expectScimError(await manage('GET', '/directories/mg-nowhere'), 404);
    expectScimError(await manage('PATCH', '/directories/mg-nowhere', { body: { displayName: 'x' } }), 404);
    expectScimError(await manage('POST', '/directories/mg-nowhere/keys', { body: { name: 'x' } }), 404);
  });

  it('answers 405 for a method the collection does not support', async () => {
    const reply = await manage('PUT', '/directories', { body: {} });
    expectScimError(reply, 405);
    expect(reply.headers.get('allow')).toMatch(/GET/);
  });

  it('updates displayName', async () => {
    await createDirectory('mg-rename');
    const reply = await manage('PATCH', '/directories/mg-rename', { body: { displayName: 'Renamed' } });
    expect(reply.status).toBe(200);
    expect(reply.body.displayName).toBe('Renamed');
    expect((await manage('GET', '/directories/mg-rename')).body.displayName).toBe('Renamed');
  });

  it('updates and clears rateLimit', async () => {
    await createDirectory('mg-rate');
    const set = await manage('PATCH', '/directories/mg-rate', { body: { rateLimit: { perSecond: 5, burst: 10 } } });
    expect(set.status).toBe(200);
    expect((await manage('GET', '/directories/mg-rate')).body.rateLimit).toEqual({ perSecond: 5, burst: 10 });
    expect((await manage('PATCH', '/directories/mg-rate', { body: { rateLimit: null } })).status).toBe(200);
    expect((await manage('GET', '/directories/mg-rate')).body.rateLimit).toBeUndefined();
  });

  it('refuses a malformed rateLimit, naming the field', async () => {
    await createDirectory('mg-rate-bad');
    const reply = await manage('PATCH', '/directories/mg-rate-bad', { body: { rateLimit: { perSecond: 2, burst: 0 } } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^rateLimit\.burst: /);
  });

  it('updates entraTenantId, and refuses a second directory trusting the same tenant with 409', async () => {
    await createDirectory('mg-tenant-a');
    await createDirectory('mg-tenant-b');
    const set = await manage('PATCH', '/directories/mg-tenant-a', { body: { entraTenantId: TENANT } });
    expect(set.status).toBe(200);
    expect((await manage('GET', '/directories/mg-tenant-a')).body.entraTenantId).toBe(TENANT);

    expectScimError(await manage('PATCH', '/directories/mg-tenant-b', { body: { entraTenantId: TENANT } }), 409);
    expectScimError(await manage('PATCH', '/directories/mg-tenant-b', { body: { entraTenantId: TENANT.toUpperCase() } }), 409);
    expect((await manage('GET', '/directories/mg-tenant-b')).body.entraTenantId).toBeUndefined();

    // once a releases the tenant, b may take it
    expect((await manage('PATCH', '/directories/mg-tenant-a', { body: { entraTenantId: null } })).status).toBe(200);
    expect((await manage('PATCH', '/directories/mg-tenant-b', { body: { entraTenantId: TENANT } })).status).toBe(200);
    expect((await manage('PATCH', '/directories/mg-tenant-b', { body: { entraTenantId: null } })).status).toBe(200);
  });

  it('refuses an entraTenantId that is not a GUID, naming the field', async () => {
    await createDirectory('mg-tenant-bad');
    const reply = await manage('PATCH', '/directories/mg-tenant-bad', { body: { entraTenantId: 'contoso.onmicrosoft.com' } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^entraTenantId: /);
  });

  /**
   * BUG (shared/http/handlers/manage/manage-handler.ts, `directories`, POST): the directory is
   * created first and the tenant mapping added afterwards; when the tenant is taken the answer
   * is 409 but the directory (without the tenant) stays behind.
   */
  it('creates nothing when a new directory names a tenant another directory trusts', async () => {
    const tenant = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
    await createDirectory('mg-tenant-owner', { entraTenantId: tenant });
    expectScimError(await manage('POST', '/directories', { body: { id: 'mg-tenant-loser', displayName: 'x', entraTenantId: tenant } }), 409);
    expectScimError(await manage('GET', '/directories/mg-tenant-loser'), 404);
  });

  it('refuses to delete a directory that has users, with 409', async () => {
    await createDirectory('mg-del-users');
    const { token } = await createKey('mg-del-users');
    expect((await h.request('POST', '/Users', { token, body: userBody('kept@del.example') })).status).toBe(201);
    expectScimError(await manage('DELETE', '/directories/mg-del-users'), 409);
    expect((await h.request('GET', '/Users', { token })).body.totalResults).toBe(1);
  });

  it('refuses to delete a directory that has only groups, with 409', async () => {
    await createDirectory('mg-del-groups');
    const { token } = await createKey('mg-del-groups');
    expect((await h.request('POST', '/Groups', { token, body: groupBody('Kept') })).status).toBe(201);
    expectScimError(await manage('DELETE', '/directories/mg-del-groups'), 409);
    expect((await manage('GET', '/directories/mg-del-groups')).status).toBe(200);
  });

  it('deletes an empty directory without force', async () => {
    await createDirectory('mg-del-empty');
    await createKey('mg-del-empty');
    const reply = await manage('DELETE', '/directories/mg-del-empty');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ id: 'mg-del-empty', deleted: { users: 0, groups: 0, keys: 1, memberships: 0 } });
    expectScimError(await manage('GET', '/directories/mg-del-empty'), 404);
  });

  it('force-deletes every row of the partition, reports counts, and the old token stops working', async () => {
    const id = 'mg-del-force';
    await createDirectory(id, { entraTenantId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    const { token } = await createKey(id);
    await createKey(id, { name: 'spare' });
    const users: string[] = [];
    for (const name of ['a', 'b']) {
      const created = await h.request('POST', '/Users', { token, body: { ...userBody(`${name}@force.example`), externalId: `ext-${name}` } });
      expect(created.status).toBe(201);
      users.push(created.body.id);
    }
    const group = await h.request('POST', '/Groups', { token, body: { ...groupBody('Doomed'), members: users.map((value) => ({ value })) } });
    expect(group.status).toBe(201);
    expect((await partitionRows(id)).length).toBeGreaterThan(5);

    const reply = await manage('DELETE', `/directories/${id}?force=true`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ id, deleted: { users: 2, groups: 1, keys: 2, memberships: 2 } });
    expect(await partitionRows(id)).toEqual([]);
    expectScimError(await manage('GET', `/directories/${id}`), 404);
    expect((await manage('GET', '/directories')).body.directories.map((d: { id: string }) => d.id)).not.toContain(id);

    const after = await h.request('GET', '/Users', { token });
    expect(after.status).toBe(401);
    expect(after.body.detail).not.toContain(id);

    // the tenant is free again, and the id can be reused without inheriting anything
    await createDirectory('mg-del-force-heir', { entraTenantId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    await createDirectory(id);
    expect((await h.request('GET', '/Users', { token })).status).toBe(401);
    expect((await manage('GET', `/directories/${id}`)).body.counts).toMatchObject({ users: 0, groups: 0, keys: 0 });
  });
});

describe('directory keys', () => {
  beforeAll(async () => {
    await createDirectory('mg-keys');
  });

  it('creates a key whose token and client secret appear only in the answer that creates it', async () => {
    const issued = await createKey('mg-keys', { name: 'Entra provisioning' });
    expect(issued.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(issued.clientSecret).toMatch(/^[\w-]{43}$/);
    expect(issued.clientId).toBe(`mg-keys.${issued.key.keyId}`);
    expect(issued.key).toMatchObject({ directoryId: 'mg-keys', name: 'Entra provisioning', scope: 'read-write' });
    expect(issued.key).not.toHaveProperty('secretHash');
    expect((await h.request('GET', '/Users', { token: issued.token })).status).toBe(200);

    const list = await manage('GET', '/directories/mg-keys/keys');
    expect(list.status).toBe(200);
    const listed = (list.body.keys as Array<Record<string, unknown>>).find((k) => k.keyId === issued.key.keyId);
    expect(listed).toMatchObject({ name: 'Entra provisioning', clientId: issued.clientId });
    const one = await manage('GET', `/directories/mg-keys/keys/${issued.key.keyId}`);
    expect(one.status).toBe(200);
    for (const reply of [list, one]) {
      expect(reply.text).not.toContain(issued.token);
      expect(reply.text).not.toContain(issued.clientSecret);
      expect(reply.text).not.toMatch(/secretHash|clientSecret|"token"|scrypt/);
    }
  });

  it('refuses a key without a name, naming the field', async () => {
    const reply = await manage('POST', '/directories/mg-keys/keys', { body: { scope: 'read-only' } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^name: /);
  });

  it('refuses an unknown scope', async () => {
    const reply = await manage('POST', '/directories/mg-keys/keys', { body: { name: 'x', scope: 'admin' } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^scope: /);
  });

  it('answers 404 for a key that does not exist', async () => {
    expectScimError(await manage('GET', '/directories/mg-keys/keys/no-such-key'), 404);
    expectScimError(await manage('POST', '/directories/mg-keys/keys/no-such-key/revoke'), 404);
  });

  it('issues read-only keys that may read but not write', async () => {
    const { token, key } = await createKey('mg-keys', { name: 'auditor', scope: 'read-only' });
    expect(key.scope).toBe('read-only');
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    const write = await h.request('POST', '/Users', { token, body: userBody('ro@keys.example') });
    expectScimError(write, 403);
    const del = await h.request('DELETE', '/Users/whatever', { token });
    expect(del.status).toBe(403);
  });

  it('refuses an expiry in the past', async () => {
    const reply = await manage('POST', '/directories/mg-keys/keys', { body: { name: 'x', expires: new Date(Date.now() - 1000).toISOString() } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/expires/);
  });

  it('refuses an expiry that is not an ISO date-time', async () => {
    const reply = await manage('POST', '/directories/mg-keys/keys', { body: { name: 'x', expires: 'tomorrow' } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/^expires: /);
  });

  it('stops accepting a key once it expires', async () => {
    const expires = new Date(Date.now() + 2000);
    const { token, key } = await createKey('mg-keys', { name: 'short-lived', expires: expires.toISOString() });
    expect(key.expires).toBe(expires.toISOString());
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    const refused = await eventually(3500, async () => {
      const reply = await h.request('GET', '/Users', { token });
      return reply.status === 401 ? reply : undefined;
    });
    expect(refused?.status).toBe(401);
    expect(refused?.body.detail).toMatch(/expired/);
    // the token's exp is the expiry floored to the second, so it may stop up to 1 s early
    expect(Date.now()).toBeGreaterThanOrEqual(expires.getTime() - 1000);
  });

  it('revokes a key, which stops working at once (cache 0)', async () => {
    const { token, key } = await createKey('mg-keys', { name: 'to revoke' });
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    const reply = await manage('POST', `/directories/mg-keys/keys/${key.keyId}/revoke`);
    expect(reply.status).toBe(200);
    expect(Date.parse(reply.body.revoked)).not.toBeNaN();
    expect(reply.text).not.toMatch(/secretHash/);
    const after = await h.request('GET', '/Users', { token });
    expectScimError(after, 401);
    expect(after.body.detail).toMatch(/revoked/);
    expect((await manage('GET', `/directories/mg-keys/keys/${key.keyId}`)).body.revoked).toBe(reply.body.revoked);
  });

  it('keeps the first revocation time when a key is revoked twice', async () => {
    const { key } = await createKey('mg-keys', { name: 'revoked twice' });
    const first = await manage('POST', `/directories/mg-keys/keys/${key.keyId}/revoke`);
    const second = await manage('POST', `/directories/mg-keys/keys/${key.keyId}/revoke`);
    expect(second.status).toBe(200);
    expect(second.body.revoked).toBe(first.body.revoked);
  });

  it('rotates a key: the new one works and the old one keeps working until revoked', async () => {
    const old = await createKey('mg-keys', { name: 'rotating', scope: 'read-only' });
    const reply = await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/rotate`);
    expect(reply.status).toBe(201);
    expect(reply.body.key).toMatchObject({ name: 'rotating', scope: 'read-only' });
    expect(reply.body.key.keyId).not.toBe(old.key.keyId);
    expect(reply.body.token).not.toBe(old.token);
    expect(reply.body.previous).toMatchObject({ keyId: old.key.keyId });
    expect(reply.body.previous.expires).toBeUndefined();
    expect(reply.body.previous).not.toHaveProperty('secretHash');

    expect((await h.request('GET', '/Users', { token: old.token })).status).toBe(200);
    expect((await h.request('GET', '/Users', { token: reply.body.token })).status).toBe(200);
    expect((await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/revoke`)).status).toBe(200);
    expect((await h.request('GET', '/Users', { token: old.token })).status).toBe(401);
    expect((await h.request('GET', '/Users', { token: reply.body.token })).status).toBe(200);
  });

  it('rotates with expireOldAt, which sets the old key expiry', async () => {
    const old = await createKey('mg-keys', { name: 'rotating with expiry' });
    const expireOldAt = new Date(Date.now() + 3_600_000).toISOString();
    const reply = await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/rotate`, { body: { name: 'successor', expireOldAt } });
    expect(reply.status).toBe(201);
    expect(reply.body.key.name).toBe('successor');
    expect(reply.body.previous.expires).toBe(expireOldAt);
    expect((await manage('GET', `/directories/mg-keys/keys/${old.key.keyId}`)).body.expires).toBe(expireOldAt);
    expect((await h.request('GET', '/Users', { token: old.token })).status).toBe(200);
  });

  it('stops accepting the old key at its expireOldAt, though its token carries no exp', async () => {
    const old = await createKey('mg-keys', { name: 'rotated out soon' });
    const expireOldAt = new Date(Date.now() + 1500);
    const reply = await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/rotate`, { body: { expireOldAt: expireOldAt.toISOString() } });
    expect(reply.status).toBe(201);
    expect((await h.request('GET', '/Users', { token: old.token })).status).toBe(200);
    const refused = await eventually(3000, async () => {
      const r = await h.request('GET', '/Users', { token: old.token });
      return r.status === 401 ? r : undefined;
    });
    expect(refused?.body.detail).toMatch(/expired/);
    expect(Date.now()).toBeGreaterThanOrEqual(expireOldAt.getTime());
    expect((await h.request('GET', '/Users', { token: reply.body.token })).status).toBe(200);
  });

  it('refuses expireOldAt in the past', async () => {
    const old = await createKey('mg-keys', { name: 'rotating into the past' });
    const reply = await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/rotate`, { body: { expireOldAt: new Date(Date.now() - 1000).toISOString() } });
    expectScimError(reply, 400, 'invalidValue');
    expect(reply.body.detail).toMatch(/expireOldAt/);
    expect((await h.request('GET', '/Users', { token: old.token })).status).toBe(200);
  });

  it('refuses to rotate a revoked key with 409', async () => {
    const old = await createKey('mg-keys', { name: 'revoked before rotation' });
    await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/revoke`);
    expectScimError(await manage('POST', `/directories/mg-keys/keys/${old.key.keyId}/rotate`), 409);
  });

  it('records lastUsed after use, writing it at most once a minute', async () => {
    const { token, key } = await createKey('mg-keys', { name: 'used' });
    expect((await manage('GET', `/directories/mg-keys/keys/${key.keyId}`)).body.lastUsed).toBeUndefined();
    const touch = vi.spyOn(h.services.directories, 'touchKey');
    try {
      const before = Date.now();
      expect((await h.request('GET', '/Users', { token })).status).toBe(200);
      const lastUsed = await eventually(3000, async () => (await manage('GET', `/directories/mg-keys/keys/${key.keyId}`)).body.lastUsed as string | undefined);
      expect(lastUsed).toBeDefined();
      expect(Date.parse(lastUsed!)).toBeGreaterThanOrEqual(before - 1000);

      expect((await h.request('GET', '/Users', { token })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect((await manage('GET', `/directories/mg-keys/keys/${key.keyId}`)).body.lastUsed).toBe(lastUsed);
      expect(touch.mock.calls.filter(([, keyId]) => keyId === key.keyId)).toHaveLength(1);
    } finally {
      touch.mockRestore();
    }
  });
});
