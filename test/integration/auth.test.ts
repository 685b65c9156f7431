import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDirectoryToken } from '../../shared/auth/directory-token';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const userBody = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });

async function expect401(token: string | null, authorization?: string) {
  const reply = await h.request('GET', '/Users', authorization ? { token: null, headers: { Authorization: authorization } } : { token });
  expect(reply.status).toBe(401);
  expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(reply.headers.get('content-type')).toBe('application/scim+json');
  expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
  return reply.body.detail as string;
}

describe('authentication', () => {
  it('rejects a request without a token', async () => {
    expect(await expect401(null)).toMatch(/Authorization: Bearer/);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer a b'], ['bearer not-a-jwt']])('rejects the header %s', async (header) => {
    await expect401(null, header);
  });

  it('rejects a tampered token', async () => {
    const [head, payload, sig] = h.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'other' })).toString('base64url');
    await expect401(`${head}.${forged}.${sig}`);
  });

  it('rejects a token signed with another secret under a known kid', async () => {
    const token = await issueDirectoryToken(
      { kid: 'test', secret: new Uint8Array(32).fill(7) },
      { issuer: 'roster', audience: 'roster-scim' },
      { directoryId: 'test', keyId: 'x' },
    );
    await expect401(token);
  });

  it('rejects an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT({}).setSubject('test').setJti('x').setIssuer('roster').setAudience('roster-scim').encode();
    await expect401(token);
  });

  it('rejects a token whose algorithm is not the pinned one', async () => {
    const secret = h.services.signingKeys[0]!.secret;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS512', kid: 'test' }).setSubject('test').setJti('x').setIssuer('roster').setAudience('roster-scim').sign(secret);
    await expect401(token);
  });

  it('rejects an expired token', async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, h.services.tokenOptions, {
      directoryId: 'test',
      keyId: 'whatever',
      expiresAt: new Date(Date.now() - 60_000),
    });
    expect(await expect401(token)).toMatch(/expired/);
  });

  it('rejects a validly signed token for a key record that does not exist', async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, h.services.tokenOptions, { directoryId: 'test', keyId: 'no-such-key' });
    expect(await expect401(token)).toMatch(/does not exist/);
  });

  it('rejects a token with the wrong audience', async () => {
    const token = await issueDirectoryToken(h.services.signingKeys[0]!, { ...h.services.tokenOptions, audience: 'other' }, { directoryId: 'test', keyId: 'x' });
    expect(await expect401(token)).toMatch(/aud/);
  });
});

describe('tenant isolation', () => {
  it("never shows one directory's users to another directory's key", async () => {
    const other = await h.newDirectory('isolation-other');
    const created = await h.request('POST', '/Users', { body: userBody('isolated@contoso.example') });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    expect((await h.request('GET', `/Users/${id}`, { token: other })).status).toBe(404);
    const filtered = await h.request('GET', '/Users?filter=userName eq "isolated@contoso.example"', { token: other });
    expect(filtered.body.totalResults).toBe(0);
    expect((await h.request('GET', '/Users', { token: other })).body.totalResults).toBe(0);
    expect((await h.request('PATCH', `/Users/${id}`, { token: other, body: { Operations: [{ op: 'replace', path: 'active', value: false }] } })).status).toBe(404);
    expect((await h.request('DELETE', `/Users/${id}`, { token: other })).status).toBe(404);
    // and the same userName is free in the other directory
    expect((await h.request('POST', '/Users', { token: other, body: userBody('isolated@contoso.example') })).status).toBe(201);
    const own = await h.request('GET', `/Users/${id}`);
    expect(own.status).toBe(200);
    expect(own.body.userName).toBe('isolated@contoso.example');
  });

  it('refuses writes with a read-only key but allows reads', async () => {
    const readOnly = await h.newDirectory('read-only-dir', 'read-only');
    expect((await h.request('GET', '/Users', { token: readOnly })).status).toBe(200);
    const reply = await h.request('POST', '/Users', { token: readOnly, body: userBody('ro@contoso.example') });
    expect(reply.status).toBe(403);
    expect(reply.body.status).toBe('403');
  });
});
