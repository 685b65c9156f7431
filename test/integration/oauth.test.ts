import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startHarness, toReply, type Harness, type ScimReply } from '../support/harness';

// Not the default (60), so the answers prove the setting is read; the allowed range is 60-360.
const TOKEN_MINUTES = 90;
const DIRECTORY = 'oauth-dir';

let h: Harness;
beforeAll(async () => {
  process.env.ROSTER_KEY_CACHE_SECONDS = '0';
  process.env.ROSTER_OAUTH_TOKEN_MINUTES = String(TOKEN_MINUTES);
  h = await startHarness();
  const created = await api('POST', '/manage/directories', { json: { id: DIRECTORY, displayName: 'OAuth' } });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await h?.stop();
});

/** A call below /api: `json` is sent as application/json, `form` as a form. */
async function api(
  method: string,
  path: string,
  opts: { json?: unknown; form?: Record<string, string>; raw?: string; headers?: Record<string, string>; admin?: boolean } = {},
): Promise<ScimReply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.admin ?? path.startsWith('/manage')) headers.Authorization = `Bearer ${ADMIN_KEY}`;
  let body: string | undefined = opts.raw;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] ??= 'application/json';
  }
  if (opts.form !== undefined) {
    body = new URLSearchParams(opts.form).toString();
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  return toReply(await fetch(`${h.tenantUrl.replace('/scim/v2', '')}${path}`, { method, headers, body, signal: AbortSignal.timeout(20_000) }));
}

interface Client {
  keyId: string;
  clientId: string;
  clientSecret: string;
}

/** A fresh key per test: the token endpoint limits each client id to a burst of 10. */
async function newClient(body: Record<string, unknown> = { name: 'oauth client' }): Promise<Client> {
  const reply = await api('POST', `/manage/directories/${DIRECTORY}/keys`, { json: body });
  expect(reply.status).toBe(201);
  return { keyId: reply.body.key.keyId, clientId: reply.body.clientId, clientSecret: reply.body.clientSecret };
}

/** RFC 6749 §2.3.1: id and secret form-encoded, then joined by a colon and base64-encoded. */
function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

const tokenWithBasic = (c: { clientId: string; clientSecret: string }, form: Record<string, string> = { grant_type: 'client_credentials' }) =>
  api('POST', '/oauth/token', { form, headers: { Authorization: basic(c.clientId, c.clientSecret) } });

const tokenWithPost = (c: { clientId: string; clientSecret: string }, grant = 'client_credentials') =>
  api('POST', '/oauth/token', { form: { grant_type: grant, client_id: c.clientId, client_secret: c.clientSecret } });

function expectOAuthError(reply: ScimReply, status: number, error: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ error });
  expect(typeof reply.body.error_description).toBe('string');
  expect(reply.headers.get('cache-control')).toBe('no-store');
}

function expectIssued(reply: ScimReply, lifetimeSeconds = TOKEN_MINUTES * 60): string {
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expect(reply.body.token_type).toBe('Bearer');
  expect(reply.body.expires_in).toBeGreaterThan(lifetimeSeconds - 5);
  expect(reply.body.expires_in).toBeLessThanOrEqual(lifetimeSeconds);
  expect(typeof reply.body.access_token).toBe('string');
  return reply.body.access_token as string;
}

describe('POST /api/oauth/token (client credentials)', () => {
  it('issues a token for client_secret_basic that opens the directory', async () => {
    const client = await newClient();
    const token = expectIssued(await tokenWithBasic(client));
    const users = await h.request('GET', '/Users', { token });
    expect(users.status).toBe(200);
    expect(users.body.totalResults).toBe(0);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: DIRECTORY, jti: client.keyId });
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(TOKEN_MINUTES * 60 - 10);
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(TOKEN_MINUTES * 60);
  });

  it('issues a token for client_secret_post that opens the directory', async () => {
    const client = await newClient();
    const token = expectIssued(await tokenWithPost(client));
    const created = await h.request('POST', '/Users', { token, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'oauth@contoso.example' } });
    expect(created.status).toBe(201);
    // the token opens this directory only
    expect((await h.request('GET', `/Users/${created.body.id}`)).status).toBe(404);
  });

  it('issues a token whose scope is the key scope', async () => {
    const client = await newClient({ name: 'reader', scope: 'read-only' });
    const token = expectIssued(await tokenWithPost(client));
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    expect((await h.request('POST', '/Users', { token, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ro@contoso.example' } })).status).toBe(403);
  });

  it('caps expires_in at the key expiry', async () => {
    const client = await newClient({ name: 'expiring', expires: new Date(Date.now() + 60_000).toISOString() });
    const reply = await tokenWithPost(client);
    expect(reply.status).toBe(200);
    expect(reply.body.expires_in).toBeGreaterThan(50);
    expect(reply.body.expires_in).toBeLessThanOrEqual(60);
    expect(decodeJwt(reply.body.access_token).exp! * 1000).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('refuses a wrong secret sent with client_secret_basic as 401 invalid_client with WWW-Authenticate Basic', async () => {
    const client = await newClient();
    const reply = await tokenWithBasic({ ...client, clientSecret: `${client.clientSecret}x` });
    expectOAuthError(reply, 401, 'invalid_client');
    expect(reply.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('refuses a wrong secret sent with client_secret_post as 401 invalid_client', async () => {
    const client = await newClient();
    expectOAuthError(await tokenWithPost({ ...client, clientSecret: 'not-the-secret' }), 401, 'invalid_client');
  });

  it("refuses one key's secret under another key's client id", async () => {
    const [a, b] = [await newClient(), await newClient()];
    expectOAuthError(await tokenWithPost({ clientId: a.clientId, clientSecret: b.clientSecret }), 401, 'invalid_client');
  });

  it.each([
    ['a key id that does not exist', `${DIRECTORY}.00000000-0000-0000-0000-000000000000`],
    ['a directory that does not exist', 'no-such-directory.00000000-0000-0000-0000-000000000000'],
    ['a client id without a dot', 'nodot'],
    ['a client id that is not a slug', 'Not A Slug.key'],
  ])('refuses %s as invalid_client', async (_, clientId) => {
    expectOAuthError(await tokenWithPost({ clientId, clientSecret: 'whatever' }), 401, 'invalid_client');
    const basicReply = await tokenWithBasic({ clientId, clientSecret: 'whatever' });
    expectOAuthError(basicReply, 401, 'invalid_client');
    expect(basicReply.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('refuses a revoked key as invalid_client', async () => {
    const client = await newClient();
    expect((await api('POST', `/manage/directories/${DIRECTORY}/keys/${client.keyId}/revoke`)).status).toBe(200);
    expectOAuthError(await tokenWithPost(client), 401, 'invalid_client');
    expectOAuthError(await tokenWithBasic(client), 401, 'invalid_client');
  });

  it('refuses an expired key as invalid_client', async () => {
    const client = await newClient({ name: 'brief', expires: new Date(Date.now() + 1000).toISOString() });
    await new Promise((r) => setTimeout(r, 1100));
    expectOAuthError(await tokenWithPost(client), 401, 'invalid_client');
  });

  it('refuses the key of a deleted directory as invalid_client', async () => {
    expect((await api('POST', '/manage/directories', { json: { id: 'oauth-doomed', displayName: 'x' } })).status).toBe(201);
    const reply = await api('POST', '/manage/directories/oauth-doomed/keys', { json: { name: 'k' } });
    const client = { clientId: reply.body.clientId, clientSecret: reply.body.clientSecret };
    const token = expectIssued(await tokenWithPost(client));
    expect((await api('DELETE', '/manage/directories/oauth-doomed')).status).toBe(200);
    expectOAuthError(await tokenWithPost(client), 401, 'invalid_client');
    expect((await h.request('GET', '/Users', { token })).status).toBe(401);
  });

  it('refuses both authentication methods at once as 400 invalid_request', async () => {
    const client = await newClient();
    const reply = await api('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      headers: { Authorization: basic(client.clientId, client.clientSecret) },
    });
    expectOAuthError(reply, 400, 'invalid_request');
  });

  it('refuses missing client credentials as 401 invalid_client', async () => {
    expectOAuthError(await api('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } }), 401, 'invalid_client');
    expectOAuthError(await api('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: 'x.y' } }), 401, 'invalid_client');
  });

  it('refuses malformed Basic credentials as 401 invalid_client', async () => {
    const noColon = Buffer.from('no-colon-here').toString('base64');
    const reply = await api('POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, headers: { Authorization: `Basic ${noColon}` } });
    expectOAuthError(reply, 401, 'invalid_client');
    const badEscape = Buffer.from('%E0%A4%A:secret').toString('base64');
    expectOAuthError(await api('POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, headers: { Authorization: `Basic ${badEscape}` } }), 401, 'invalid_client');
  });

  it.each(['password', 'authorization_code', 'refresh_token', 'CLIENT_CREDENTIALS'])('refuses grant_type %s as 400 unsupported_grant_type', async (grant) => {
    const client = await newClient();
    expectOAuthError(await tokenWithPost(client, grant), 400, 'unsupported_grant_type');
  });

  /**
   * BUG (shared/http/handlers/oauth-token.ts, oauthToken): a request without grant_type is
   * answered unsupported_grant_type; RFC 6749 §5.2 reserves that for a grant type the server
   * does not support and names a missing required parameter invalid_request.
   */
  it('refuses a missing grant_type as 400 invalid_request', async () => {
    const client = await newClient();
    const reply = await api('POST', '/oauth/token', { form: { client_id: client.clientId, client_secret: client.clientSecret } });
    expectOAuthError(reply, 400, 'invalid_request');
  });

  it('refuses a JSON body as 400 invalid_request', async () => {
    const client = await newClient();
    const reply = await api('POST', '/oauth/token', {
      json: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
    });
    expectOAuthError(reply, 400, 'invalid_request');
  });

  it('refuses a body over 8 KiB as 400 invalid_request', async () => {
    const reply = await api('POST', '/oauth/token', { form: { grant_type: 'client_credentials', padding: 'x'.repeat(9000) } });
    expectOAuthError(reply, 400, 'invalid_request');
  });

  it('refuses GET with an OAuth error', async () => {
    const reply = await api('GET', '/oauth/token?grant_type=client_credentials');
    expectOAuthError(reply, 405, 'invalid_request');
  });

  /**
   * BUG (shared/http/handlers/oauth-token.ts, readForm/json): the 405 answered to GET (and
   * PUT, PATCH, DELETE) carries no Allow header; RFC 9110 §15.5.6 says a 405 MUST list the
   * allowed methods (here `Allow: POST`).
   */
  it('names POST in the Allow header of its 405', async () => {
    const reply = await api('GET', '/oauth/token');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });

  it('stops accepting a token of a key once the key is revoked', async () => {
    const client = await newClient();
    const token = expectIssued(await tokenWithBasic(client));
    expect((await h.request('GET', '/Users', { token })).status).toBe(200);
    expect((await api('POST', `/manage/directories/${DIRECTORY}/keys/${client.keyId}/revoke`)).status).toBe(200);
    const after = await h.request('GET', '/Users', { token });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/revoked/);
  });

  it('stores the client secret only as a scrypt hash', async () => {
    const client = await newClient();
    const record = await h.services.directories.getKey(DIRECTORY, client.keyId);
    expect(record?.secretHash).toMatch(/^scrypt\$/);
    expect(record?.secretHash).not.toContain(client.clientSecret);
    expect(JSON.stringify(record)).not.toContain(client.clientSecret);
  });

  it('throttles token requests per client id with 429', async () => {
    const clientId = `${DIRECTORY}.00000000-0000-0000-0000-00000000beef`;
    const statuses: number[] = [];
    for (let i = 0; i < 20 && !statuses.includes(429); i++) {
      statuses.push((await tokenWithPost({ clientId, clientSecret: 'guess' })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 401)).toBe(true);
    // another client id is not throttled
    const other = await newClient();
    expect((await tokenWithPost(other)).status).toBe(200);
  });
});

describe('ServiceProviderConfig', () => {
  it('lists an oauth2 scheme next to the bearer token', async () => {
    const reply = await h.request('GET', '/ServiceProviderConfig');
    expect(reply.status).toBe(200);
    const schemes = reply.body.authenticationSchemes as Array<{ type: string; description: string }>;
    expect(schemes.map((s) => s.type)).toEqual(expect.arrayContaining(['oauthbearertoken', 'oauth2']));
    const oauth2 = schemes.find((s) => s.type === 'oauth2')!;
    expect(oauth2.description).toContain(`${h.tenantUrl.replace('/scim/v2', '')}/oauth/token`);
  });
});
