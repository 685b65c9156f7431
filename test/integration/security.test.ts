import { decodeJwt, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { issueDirectoryToken } from '../../shared/auth/directory-token';
import { resourceRow } from '../../shared/store/row-keys';
import { ADMIN_KEY, startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, USER } from '../support/scim-wire';

const A = 'sec-a';
const B = 'sec-b';
const TENANT_OF_B = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

let h: Harness;
let tokenA: string;
let tokenB: string;
let keyIdA: string;
const ids = { userA: '', groupA: '', userB: '', groupB: '' };
/** Every secret this file handles; none may ever be logged. */
const secrets: string[] = [];
const consoleSpies: MockInstance[] = [];

beforeAll(async () => {
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) consoleSpies.push(vi.spyOn(console, method));
  process.env.ROSTER_KEY_CACHE_SECONDS = '0';
  // Never reached (no Entra token of a trusted tenant is sent), but loopback if it were.
  process.env.ROSTER_ENTRA_JWKS_URL = 'https://127.0.0.1:9/keys';
  h = await startHarness();
  tokenA = await h.newDirectory(A);
  tokenB = await h.newDirectory(B);
  keyIdA = decodeJwt(tokenA).jti!;
  expect((await manage('PATCH', `/directories/${B}`, { entraTenantId: TENANT_OF_B })).status).toBe(200);

  const post = async (token: string, path: string, body: unknown) => {
    const reply = await h.request('POST', path, { token, body });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
  ids.userA = await post(tokenA, '/Users', { schemas: [USER], userName: 'alice@a.example', externalId: 'ext-alice' });
  ids.groupA = await post(tokenA, '/Groups', { schemas: [GROUP], displayName: 'A team', externalId: 'ext-a-team', members: [{ value: ids.userA }] });
  ids.userB = await post(tokenB, '/Users', { schemas: [USER], userName: 'bob@b.example', externalId: 'ext-bob' });
  ids.groupB = await post(tokenB, '/Groups', { schemas: [GROUP], displayName: 'B team', members: [{ value: ids.userB }] });

  const signing = JSON.parse(process.env.ROSTER_SIGNING_KEYS!) as { keys: Array<{ secret: string }> };
  secrets.push(tokenA, tokenB, h.token, ADMIN_KEY, ...signing.keys.map((k) => k.secret));
  for (const key of h.services.signingKeys) secrets.push(Buffer.from(key.secret).toString('base64url'), Buffer.from(key.secret).toString('base64'));
});
afterAll(async () => {
  await h?.stop();
  for (const spy of consoleSpies) spy.mockRestore();
});

interface Reply {
  status: number;
  body: any;
  text: string;
}

async function manage(method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_KEY}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

async function oauth(form: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

/** No answer may name a directory, a trusted tenant, or echo a presented credential. */
function expectNothingLeaked(reply: ScimReply | Reply, presented?: string): void {
  for (const name of [A, B, TENANT_OF_B, 'sec-deleted']) expect(reply.text).not.toContain(name);
  if (presented) expect(reply.text).not.toContain(presented);
}

function expectRefused(reply: ScimReply, status: 401 | 403, presented?: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  expect(reply.body.scimType).toBeUndefined();
  if (status === 401) expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expectNothingLeaked(reply, presented);
}

describe('tenant isolation', () => {
  it.each([
    ['Users', () => ids.userA],
    ['Groups', () => ids.groupA],
  ])("hides another directory's /%s by id, for every method", async (type, id) => {
    const path = `/${type}/${id()}`;
    for (const method of ['GET', 'DELETE']) {
      const reply = await h.request(method, path, { token: tokenB });
      expect(reply.status).toBe(404);
      expectNothingLeaked(reply);
    }
    const patch = await h.request('PATCH', path, {
      token: tokenB,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'externalId', value: 'hijacked' }] },
    });
    expect(patch.status).toBe(404);
    const putBody = type === 'Users' ? { schemas: [USER], userName: 'hijacked@b.example' } : { schemas: [GROUP], displayName: 'hijacked' };
    expect((await h.request('PUT', path, { token: tokenB, body: putBody })).status).toBe(404);
    // and the resource is untouched in its own directory
    const own = await h.request('GET', path, { token: tokenA });
    expect(own.status).toBe(200);
    expect(own.body.externalId).not.toBe('hijacked');
  });

  it.each([
    ['Users', 'userName eq "alice@a.example"'],
    ['Users', 'externalId eq "ext-alice"'],
    ['Users', 'userName sw "alice"'],
    ['Users', 'userName co "@a.example"'],
    ['Users', () => `id eq "${ids.userA}"`],
    ['Groups', 'displayName eq "A team"'],
    ['Groups', 'externalId eq "ext-a-team"'],
    ['Groups', () => `members eq "${ids.userA}"`],
    ['Groups', () => `id eq "${ids.groupA}" and members eq "${ids.userA}"`],
  ])("finds nothing of another directory in /%s?filter=%s", async (type, filter) => {
    const text = typeof filter === 'function' ? filter() : filter;
    const reply = await h.request('GET', `/${type}?filter=${encodeURIComponent(text)}`, { token: tokenB });
    expect(reply.status).toBe(200);
    expect(reply.body.totalResults).toBe(0);
    expect(reply.body.Resources ?? []).toEqual([]);
  });

  it('lists only its own users and groups', async () => {
    const users = await h.request('GET', '/Users', { token: tokenB });
    expect(users.body.Resources.map((u: { id: string }) => u.id)).toEqual([ids.userB]);
    const groups = await h.request('GET', '/Groups', { token: tokenB });
    expect(groups.body.Resources.map((g: { id: string }) => g.id)).toEqual([ids.groupB]);
    const members = groups.body.Resources[0].members.map((m: { value: string }) => m.value);
    expect(members).toEqual([ids.userB]);
    const user = await h.request('GET', `/Users/${ids.userB}`, { token: tokenB });
    expect(user.body.groups.map((g: { value: string }) => g.value)).toEqual([ids.groupB]);
  });

  it("refuses another directory's user as a group member, naming only the id it was sent", async () => {
    const reply = await h.request('PATCH', `/Groups/${ids.groupB}`, {
      token: tokenB,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: ids.userA }] }] },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.scimType).toBe('invalidValue');
    expectNothingLeaked(reply);
    const group = await h.request('GET', `/Groups/${ids.groupB}`, { token: tokenB });
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([ids.userB]);
  });

  it('lets both directories hold the same userName and group name', async () => {
    const user = await h.request('POST', '/Users', { token: tokenB, body: { schemas: [USER], userName: 'alice@a.example' } });
    expect(user.status).toBe(201);
    expect(user.body.id).not.toBe(ids.userA);
    const group = await h.request('POST', '/Groups', { token: tokenB, body: { schemas: [GROUP], displayName: 'A team' } });
    expect(group.status).toBe(201);
    expect((await h.request('DELETE', `/Users/${user.body.id}`, { token: tokenB })).status).toBe(204);
    expect((await h.request('DELETE', `/Groups/${group.body.id}`, { token: tokenB })).status).toBe(204);
    expect((await h.request('GET', `/Users/${ids.userA}`, { token: tokenA })).status).toBe(200);
  });

  it("finds only its own resources through /.search, /Users/.search and /Groups/.search", async () => {
    const search = (path: string) => h.request('POST', path, { token: tokenB, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] } });
    expect((await search('/.search')).body.Resources.map((r: { id: string }) => r.id)).toEqual([ids.userB, ids.groupB]);
    expect((await search('/Users/.search')).body.Resources.map((r: { id: string }) => r.id)).toEqual([ids.userB]);
    expect((await search('/Groups/.search')).body.Resources.map((r: { id: string }) => r.id)).toEqual([ids.groupB]);
  });

  it("refuses another directory's cursor with 400 invalidCursor", async () => {
    // A has one user: a second one makes sure a first page of one has a nextCursor.
    const extra = await h.request('POST', '/Users', { token: tokenA, body: { schemas: [USER], userName: 'cursor@a.example' } });
    const page = await h.request('GET', '/Users?cursor=&count=1', { token: tokenA });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const stolen = await h.request('GET', `/Users?cursor=${page.body.nextCursor}&count=1`, { token: tokenB });
    expect(stolen.status).toBe(400);
    expect(stolen.body.scimType).toBe('invalidCursor');
    expectNothingLeaked(stolen);
    expect((await h.request('DELETE', `/Users/${extra.body.id}`, { token: tokenA })).status).toBe(204);
  });

  it("cannot change another directory's resources through /Bulk", async () => {
    const reply = await h.request('POST', '/Bulk', {
      token: tokenB,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'DELETE', path: `/Users/${ids.userA}` },
          { method: 'PATCH', path: `/Groups/${ids.groupA}`, data: { Operations: [{ op: 'add', path: 'members', value: [{ value: ids.userB }] }] } },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.Operations.map((op: { status: string }) => op.status)).toEqual(['404', '404']);
    expectNothingLeaked(reply);
    expect((await h.request('GET', `/Users/${ids.userA}`, { token: tokenA })).status).toBe(200);
  });
});

describe('bad tokens', () => {
  const claims = () => ({ iss: 'roster', aud: 'roster-scim', sub: A, jti: keyIdA });

  it('refuses an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT({}).setIssuer('roster').setAudience('roster-scim').setSubject(A).setJti(keyIdA).encode();
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('refuses alg none under the deployment kid', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: 'test', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims())).toString('base64url');
    for (const token of [`${header}.${payload}.`, `${header}.${payload}.${tokenA.split('.')[2]}`]) {
      expectRefused(await h.request('GET', '/Users', { token }), 401, token);
    }
  });

  it('refuses an RS256 token with the roster issuer and kid (HS/RS confusion)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'test' }).sign(privateKey);
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('refuses a token for another audience', async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, { issuer: 'roster', audience: 'someone-else' }, { directoryId: A, keyId: keyIdA });
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('refuses a token from another issuer', async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, { issuer: 'not-roster', audience: 'roster-scim' }, { directoryId: A, keyId: keyIdA });
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it("refuses a token whose payload was changed to name another directory", async () => {
    const [head, payload, sig] = tokenA.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: B })).toString('base64url');
    const token = `${head}.${forged}.${sig}`;
    const reply = await h.request('GET', '/Users', { token });
    expectRefused(reply, 401, token);
  });

  it('refuses an expired token', async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, h.services.tokenOptions, {
      directoryId: A,
      keyId: keyIdA,
      expiresAt: new Date(Date.now() - 60_000),
    });
    const reply = await h.request('GET', '/Users', { token });
    expectRefused(reply, 401, token);
    expect(reply.body.detail).toMatch(/expired/);
  });

  it("refuses a validly signed token naming one directory's key under another directory", async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, h.services.tokenOptions, { directoryId: B, keyId: keyIdA });
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('refuses the token of a revoked key', async () => {
    const created = await manage('POST', `/directories/${A}/keys`, { name: 'soon revoked' });
    const token = created.body.token as string;
    secrets.push(token, created.body.clientSecret);
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    expect((await manage('POST', `/directories/${A}/keys/${created.body.key.keyId}/revoke`)).status).toBe(200);
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('refuses writes with a read-only key as 403', async () => {
    const created = await manage('POST', `/directories/${A}/keys`, { name: 'reader', scope: 'read-only' });
    const token = created.body.token as string;
    secrets.push(token, created.body.clientSecret);
    expect((await h.request('GET', `/Users/${ids.userA}`, { token })).status).toBe(200);
    expectRefused(await h.request('POST', '/Users', { token, body: { schemas: [USER], userName: 'ro@a.example' } }), 403);
    expectRefused(await h.request('DELETE', `/Users/${ids.userA}`, { token }), 403);
    expectRefused(
      await h.request('PATCH', `/Groups/${ids.groupA}`, {
        token,
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members' }] },
      }),
      403,
    );
    expect((await h.request('GET', `/Users/${ids.userA}`, { token: tokenA })).status).toBe(200);
  });

  it('refuses the token of a deleted directory', async () => {
    expect((await manage('POST', '/directories', { id: 'sec-deleted', displayName: 'doomed' })).status).toBe(201);
    const created = await manage('POST', '/directories/sec-deleted/keys', { name: 'k' });
    const token = created.body.token as string;
    secrets.push(token, created.body.clientSecret);
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    expect((await manage('DELETE', '/directories/sec-deleted')).status).toBe(200);
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('refuses an Entra-looking token of a tenant no directory trusts without naming the tenants that are trusted', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ tid: '11111111-1111-4111-8111-111111111111' })
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .setIssuer('https://sts.windows.net/11111111-1111-4111-8111-111111111111/')
      .setAudience('8adf8e6e-67b2-4cf2-a259-e3dc5476c621')
      .setExpirationTime('1h')
      .sign(privateKey);
    expectRefused(await h.request('GET', '/Users', { token }), 401, token);
  });

  it('never echoes a malformed credential', async () => {
    for (const header of [`Bearer ${tokenA} extra`, `Basic ${tokenA}`, `Bearer ${'x'.repeat(50)}<script>`, `Token ${ADMIN_KEY}`]) {
      const reply = await h.request('GET', '/Users', { token: null, headers: { Authorization: header } });
      expect(reply.status).toBe(401);
      expect(reply.text).not.toContain(tokenA);
      expect(reply.text).not.toContain(ADMIN_KEY);
      expect(reply.text).not.toContain('<script>');
    }
  });
});

describe('secrets in logs', () => {
  it('logs none of the tokens, client secrets, admin key or signing key, whatever happens', async () => {
    // A management key create, and OAuth with the right and a wrong secret.
    const created = await manage('POST', `/directories/${A}/keys`, { name: 'logged?' });
    const clientSecret = created.body.clientSecret as string;
    const newToken = created.body.token as string;
    secrets.push(clientSecret, newToken);
    const issued = await oauth({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: clientSecret });
    expect(issued.status).toBe(200);
    secrets.push(issued.body.access_token);
    expect((await oauth({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: `${clientSecret}-wrong` })).status).toBe(401);
    secrets.push(`${clientSecret}-wrong`);

    // Successes, 404s and 400s through every kind of credential.
    for (const token of [tokenA, newToken, issued.body.access_token as string]) {
      expect((await h.request('GET', '/Users', { token })).status).toBe(200);
      expect((await h.request('GET', '/Users/does-not-exist', { token })).status).toBe(404);
      expect((await h.request('GET', '/Users?filter=userName eq', { token })).status).toBe(400);
      expect((await h.request('POST', '/Users', { token, raw: '{"userName":' })).status).toBe(400);
      expect((await h.request('GET', '/NoSuchEndpoint', { token })).status).toBe(404);
    }
    // Bad tokens.
    const [head, payload] = tokenA.split('.');
    for (const token of [`${head}.${payload}.${'A'.repeat(43)}`, `${tokenA}x`, ADMIN_KEY]) {
      expect((await h.request('GET', '/Users', { token })).status).toBe(401);
    }
    // The admin key in the wrong places.
    expect((await manage('GET', '/directories')).status).toBe(200);
    const wrongAdmin = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage/directories`, { headers: { Authorization: `Bearer ${tokenA}` } });
    expect(wrongAdmin.status).toBe(401);

    // A key record whose hash has impossible scrypt parameters is refused without throwing.
    const broken = (await manage('POST', `/directories/${A}/keys`, { name: 'broken hash' })).body;
    secrets.push(broken.token, broken.clientSecret);
    const record = (await h.services.directories.getKey(A, broken.key.keyId))!;
    await h.services.directories.putKey({ ...record, secretHash: 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaA' });
    const failed = await oauth({ grant_type: 'client_credentials', client_id: broken.clientId, client_secret: broken.clientSecret });
    expect(failed.status).toBe(401);
    expect(failed.text).not.toContain(broken.clientSecret);
    // An unexpected error (a stored user whose document is not JSON) is logged, and logged
    // without the token that was presented: the check below always has lines to search.
    const corrupt = await h.request('POST', '/Users', { token: tokenA, body: { userName: 'corrupt@contoso.example' } });
    await h.services.table.updateEntity({ partitionKey: A, rowKey: resourceRow('User', corrupt.body.id), d0: '{not json' }, 'Merge');
    expect((await h.request('GET', `/Users/${corrupt.body.id}`, { token: tokenA })).status).toBe(500);

    const consoleLines = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
    const lines = [...h.logs, ...consoleLines];
    expect(lines.length).toBeGreaterThan(0);
    const signatures = secrets.filter((s) => s.split('.').length === 3).map((t) => t.split('.')[2]!);
    for (const secret of [...secrets, ...signatures]) {
      expect(secret.length).toBeGreaterThan(16);
      for (const line of lines) expect(line).not.toContain(secret);
    }
  });
});
