import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, PATCH_OP, USER } from '../support/scim-wire';

/** Issue #7, item 5: ETags (RFC 7644 §3.14) on users and groups, every write method. */
const STALE = 'W/"stale"';

let h: Harness;
let serial = 0;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function createUser(): Promise<ScimReply> {
  serial++;
  const reply = await h.request('POST', '/Users', { body: { schemas: [USER], userName: `etag-${serial}@contoso.example` } });
  expect(reply.status, reply.text).toBe(201);
  return reply;
}

async function createGroup(members: string[] = []): Promise<ScimReply> {
  serial++;
  const reply = await h.request('POST', '/Groups', { body: { schemas: [GROUP], displayName: `ETag group ${serial}`, members: members.map((value) => ({ value })) } });
  expect(reply.status, reply.text).toBe(201);
  return reply;
}

function patch(path: string, ops: unknown[], ifMatch?: string): Promise<ScimReply> {
  return h.request('PATCH', path, { headers: ifMatch ? { 'If-Match': ifMatch } : {}, body: { schemas: [PATCH_OP], Operations: ops } });
}

function expect412(reply: ScimReply): void {
  expect(reply.status, reply.text).toBe(412);
  expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '412' });
}

describe('ETag and meta.version', () => {
  it('is on every resource answer, equal to meta.version, and changes with every write', async () => {
    const created = await createUser();
    const v1 = created.headers.get('etag');
    expect(v1).toBe(created.body.meta.version);
    const got = await h.request('GET', `/Users/${created.body.id}`);
    expect(got.headers.get('etag')).toBe(v1);
    const patched = await patch(`/Users/${created.body.id}`, [{ op: 'replace', path: 'title', value: 'T' }]);
    expect(patched.headers.get('etag')).toBe(patched.body.meta.version);
    expect(patched.body.meta.version).not.toBe(v1);
    const listed = await h.request('GET', `/Users?filter=${encodeURIComponent(`id eq "${created.body.id}"`)}`);
    expect(listed.body.Resources[0].meta.version).toBe(patched.body.meta.version);
  });

  it('moves a user\'s version when a group adds it, and the group\'s', async () => {
    const user = await createUser();
    const group = await createGroup();
    const reply = await patch(`/Groups/${group.body.id}`, [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }]);
    expect(reply.status).toBe(204);
    expect(reply.headers.get('etag')).not.toBe(group.headers.get('etag'));
    expect((await h.request('GET', `/Users/${user.body.id}`)).body.meta.version).not.toBe(user.body.meta.version);
  });

  it('is advertised in ServiceProviderConfig', async () => {
    expect((await h.request('GET', '/ServiceProviderConfig')).body.etag).toEqual({ supported: true });
  });
});

describe('If-Match', () => {
  it('refuses a stale PUT, PATCH and DELETE of a user with 412 and changes nothing', async () => {
    const user = await createUser();
    const path = `/Users/${user.body.id}`;
    expect412(await h.request('PUT', path, { headers: { 'If-Match': STALE }, body: { schemas: [USER], userName: 'changed@contoso.example' } }));
    expect412(await patch(path, [{ op: 'replace', path: 'title', value: 'x' }], STALE));
    expect412(await h.request('DELETE', path, { headers: { 'If-Match': STALE } }));
    const now = await h.request('GET', path);
    expect(now.body).toEqual(user.body);
  });

  it('accepts the current version, or *', async () => {
    const user = await createUser();
    const path = `/Users/${user.body.id}`;
    const patched = await patch(path, [{ op: 'replace', path: 'title', value: 'x' }], user.body.meta.version);
    expect(patched.status).toBe(200);
    const put = await h.request('PUT', path, { headers: { 'If-Match': '*' }, body: { schemas: [USER], userName: user.body.userName } });
    expect(put.status).toBe(200);
    expect((await h.request('DELETE', path, { headers: { 'If-Match': put.body.meta.version } })).status).toBe(204);
    expect((await h.request('GET', path)).status).toBe(404);
  });

  it('refuses a stale group PATCH (members included) and DELETE with 412', async () => {
    const user = await createUser();
    const group = await createGroup();
    const path = `/Groups/${group.body.id}`;
    expect412(await patch(path, [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }], STALE));
    expect((await h.request('GET', path)).body).not.toHaveProperty('members');
    expect412(await h.request('DELETE', path, { headers: { 'If-Match': STALE } }));
    const ok = await patch(path, [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }], group.body.meta.version);
    expect(ok.status).toBe(204);
    expect((await h.request('DELETE', path, { headers: { 'If-Match': ok.headers.get('etag')! } })).status).toBe(204);
  });

  it('refuses a group PUT with a stale version', async () => {
    const group = await createGroup();
    expect412(await h.request('PUT', `/Groups/${group.body.id}`, { headers: { 'If-Match': STALE }, body: { schemas: [GROUP], displayName: 'x' } }));
  });
});

describe('If-None-Match', () => {
  it('answers 304 without a body for the current version of a user or a group, and 200 otherwise', async () => {
    const user = await createUser();
    const group = await createGroup([user.body.id]);
    for (const [path, version] of [
      [`/Users/${user.body.id}`, (await h.request('GET', `/Users/${user.body.id}`)).body.meta.version],
      [`/Groups/${group.body.id}`, group.body.meta.version],
    ]) {
      const cached = await h.request('GET', path, { headers: { 'If-None-Match': version } });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers.get('etag')).toBe(version);
      expect((await h.request('GET', path, { headers: { 'If-None-Match': `${STALE}, *` } })).status).toBe(304);
      const fresh = await h.request('GET', path, { headers: { 'If-None-Match': STALE } });
      expect(fresh.status).toBe(200);
    }
  });
});
