import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageMetrics } from '../../shared/store/table-client';
import { startHarness, type Harness } from '../support/harness';
import { ENT } from '../support/scim-wire';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function createUser(userName: string, extra: Record<string, unknown> = {}) {
  const reply = await h.request('POST', '/Users', { body: { schemas: [CORE], userName, ...extra } });
  expect(reply.status, reply.text).toBe(201);
  return reply;
}

async function roundTrips(fn: () => Promise<unknown>): Promise<number> {
  const before = storageMetrics.roundTrips;
  await fn();
  return storageMetrics.roundTrips - before;
}

describe('POST /Users', () => {
  it('answers 201 with Location, ETag, id and meta', async () => {
    const reply = await createUser('post@contoso.example', { name: { givenName: 'Post' } });
    const id = reply.body.id;
    expect(reply.headers.get('location')).toBe(`${h.tenantUrl}/Users/${id}`);
    expect(reply.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
    expect(reply.headers.get('etag')).toBe(reply.body.meta.version);
    expect(reply.headers.get('content-type')).toBe('application/scim+json');
    expect(reply.body).toMatchObject({
      schemas: [CORE],
      id,
      userName: 'post@contoso.example',
      meta: { resourceType: 'User', location: `${h.tenantUrl}/Users/${id}` },
    });
    expect(Date.parse(reply.body.meta.created)).not.toBeNaN();
  });

  it('keeps values exactly as sent and coerces string booleans', async () => {
    const reply = await createUser('  Spaces@Contoso.example ', { active: 'FALSE', displayName: ' Ünïcødé  name ' });
    expect(reply.body).toMatchObject({ userName: '  Spaces@Contoso.example ', active: false, displayName: ' Ünïcødé  name ' });
  });

  it('ignores id and meta sent by the client', async () => {
    const reply = await createUser('client-id@contoso.example', { id: 'mine', meta: { version: 'W/"99"' } });
    expect(reply.body.id).not.toBe('mine');
    expect(reply.body.meta.version).not.toBe('W/"99"');
  });

  it('rejects a missing userName with 400 invalidValue', async () => {
    const reply = await h.request('POST', '/Users', { body: { schemas: [CORE], displayName: 'x' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(reply.body.detail).toMatch(/userName/);
  });

  it('costs one storage round trip', async () => {
    expect(await roundTrips(() => createUser('cheap@contoso.example'))).toBe(1);
  });
});

describe('GET /Users/{id}', () => {
  it('returns the stored user, with If-None-Match answering 304', async () => {
    const { body } = await createUser('get@contoso.example');
    const reply = await h.request('GET', `/Users/${body.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(body);
    const cached = await h.request('GET', `/Users/${body.id}`, { headers: { 'If-None-Match': body.meta.version } });
    expect(cached.status).toBe(304);
  });

  it('costs one storage round trip', async () => {
    const { body } = await createUser('get-cost@contoso.example');
    expect(await roundTrips(() => h.request('GET', `/Users/${body.id}`))).toBe(1);
  });

  it('answers 404 with a SCIM error for an unknown id, even one with odd characters', async () => {
    for (const id of ['nope', '..%2F..%2Fx', 'a%23b%3Fc']) {
      const reply = await h.request('GET', `/Users/${id}`);
      expect(reply.status).toBe(404);
      expect(reply.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    }
  });

  it('honours attributes and excludedAttributes', async () => {
    const { body } = await createUser('proj@contoso.example', { displayName: 'P', name: { givenName: 'G', familyName: 'F' }, [ENT]: { department: 'D' } });
    const only = await h.request('GET', `/Users/${body.id}?attributes=name.givenName,${ENT}:department`);
    expect(only.body.name).toEqual({ givenName: 'G' });
    expect(only.body[ENT]).toEqual({ department: 'D' });
    expect(only.body.displayName).toBeUndefined();
    expect(only.body.id).toBe(body.id);
    const without = await h.request('GET', `/Users/${body.id}?excludedAttributes=name,displayName`);
    expect(without.body.name).toBeUndefined();
    expect(without.body.userName).toBe('proj@contoso.example');
  });
});

describe('GET /Users (list)', () => {
  it('pages with startIndex and count and counts every match', async () => {
    for (let i = 0; i < 5; i++) await createUser(`page-${i}@paging.example`, { title: 'pager' });
    const page = await h.request('GET', '/Users?filter=title eq "pager"&startIndex=2&count=2');
    expect(page.body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources).toHaveLength(2);
    const rest = await h.request('GET', '/Users?filter=title eq "pager"&startIndex=4&count=10');
    expect(rest.body.Resources).toHaveLength(2);
    const ids = [...page.body.Resources, ...rest.body.Resources].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('answers userName and externalId equality from index rows in at most 2 round trips', async () => {
    await createUser('indexed@contoso.example', { externalId: 'ext-indexed' });
    expect(await roundTrips(() => h.request('GET', '/Users?filter=userName eq "INDEXED@contoso.example"'))).toBeLessThanOrEqual(2);
    expect(await roundTrips(() => h.request('GET', '/Users?filter=externalId eq "ext-indexed"'))).toBeLessThanOrEqual(2);
    const reply = await h.request('GET', '/Users?filter=externalId eq "EXT-INDEXED"');
    expect(reply.body.totalResults).toBe(0); // externalId is caseExact
  });

  it('treats externalId as non-unique', async () => {
    await createUser('shared-1@contoso.example', { externalId: 'shared-ext' });
    await createUser('shared-2@contoso.example', { externalId: 'shared-ext' });
    const reply = await h.request('GET', '/Users?filter=externalId eq "shared-ext"');
    expect(reply.body.totalResults).toBe(2);
  });

  it('evaluates other filters over the partition', async () => {
    await createUser('co-filter@filters.example', { name: { familyName: 'Zebedee' }, emails: [{ type: 'work', value: 'z@filters.example' }] });
    const reply = await h.request('GET', '/Users?filter=name.familyName sw "zeb" and emails co "@filters.example"');
    expect(reply.body.totalResults).toBe(1);
    const none = await h.request('GET', '/Users?filter=not (userName pr)');
    expect(none.body.totalResults).toBe(0);
  });

  it('rejects a malformed filter with 400 invalidFilter and the position', async () => {
    const reply = await h.request('GET', '/Users?filter=' + encodeURIComponent('userName eq "x" and (title eq'));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ scimType: 'invalidFilter', status: '400' });
    expect(reply.body.detail).toMatch(/position \d+/);
  });

  it('rejects a non-numeric startIndex with 400', async () => {
    const reply = await h.request('GET', '/Users?startIndex=abc');
    expect(reply.status).toBe(400);
    expect(reply.body.scimType).toBe('invalidValue');
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces every writable attribute and keeps id and created', async () => {
    const { body } = await createUser('put@contoso.example', { title: 'Old', displayName: 'Old' });
    const reply = await h.request('PUT', `/Users/${body.id}`, { body: { schemas: [CORE], userName: 'put-renamed@contoso.example', displayName: 'New', groups: [{ value: 'x' }] } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: body.id, userName: 'put-renamed@contoso.example', displayName: 'New', meta: { created: body.meta.created } });
    expect(reply.body.meta.version).not.toBe(body.meta.version);
    expect(reply.body.title).toBeUndefined();
    expect(reply.body.groups).toBeUndefined();
    // the rename moved the unique index row
    expect((await h.request('GET', '/Users?filter=userName eq "put@contoso.example"')).body.totalResults).toBe(0);
    expect((await h.request('GET', '/Users?filter=userName eq "put-renamed@contoso.example"')).body.totalResults).toBe(1);
    await createUser('put@contoso.example');
  });

  it('rejects a rename onto a taken userName with 409 and stores nothing', async () => {
    await createUser('taken@contoso.example');
    const { body } = await createUser('renamer@contoso.example');
    const reply = await h.request('PUT', `/Users/${body.id}`, { body: { schemas: [CORE], userName: 'TAKEN@contoso.example' } });
    expect(reply.status).toBe(409);
    expect(reply.body.scimType).toBe('uniqueness');
    expect((await h.request('GET', `/Users/${body.id}`)).body.userName).toBe('renamer@contoso.example');
  });

  it('requires userName', async () => {
    const { body } = await createUser('put-missing@contoso.example');
    const reply = await h.request('PUT', `/Users/${body.id}`, { body: { schemas: [CORE], displayName: 'x' } });
    expect(reply.status).toBe(400);
    expect(reply.body.scimType).toBe('invalidValue');
  });

  it('answers 412 when If-Match is stale', async () => {
    const { body } = await createUser('ifmatch@contoso.example');
    const reply = await h.request('PUT', `/Users/${body.id}`, { headers: { 'If-Match': 'W/"7"' }, body: { schemas: [CORE], userName: 'ifmatch@contoso.example' } });
    expect(reply.status).toBe(412);
    const ok = await h.request('PUT', `/Users/${body.id}`, { headers: { 'If-Match': body.meta.version }, body: { schemas: [CORE], userName: 'ifmatch@contoso.example' } });
    expect(ok.status).toBe(200);
  });
});

describe('PATCH /Users/{id}', () => {
  it('answers 200 with the resource, in at most 2 round trips', async () => {
    const { body } = await createUser('patch-cost@contoso.example');
    let reply: Awaited<ReturnType<Harness['request']>> | undefined;
    const trips = await roundTrips(async () => {
      reply = await h.request('PATCH', `/Users/${body.id}`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'displayName', value: 'X' }] } });
    });
    expect(reply!.status).toBe(200);
    expect(reply!.body.displayName).toBe('X');
    expect(trips).toBeLessThanOrEqual(2);
  });

  it('applies nothing when one operation fails', async () => {
    const { body } = await createUser('atomic@contoso.example', { displayName: 'Before' });
    const reply = await h.request('PATCH', `/Users/${body.id}`, {
      body: { Operations: [{ op: 'replace', path: 'displayName', value: 'After' }, { op: 'replace', path: 'noSuchAttribute', value: 1 }] },
    });
    expect(reply.status).toBe(400);
    expect((await h.request('GET', `/Users/${body.id}`)).body.displayName).toBe('Before');
  });

  it('keeps concurrent patches of different attributes both applied', async () => {
    const { body } = await createUser('race@contoso.example');
    const ops = (path: string, value: string) => ({ body: { Operations: [{ op: 'add', path, value }] } });
    const replies = await Promise.all([
      h.request('PATCH', `/Users/${body.id}`, ops('title', 'T')),
      h.request('PATCH', `/Users/${body.id}`, ops('nickName', 'N')),
      h.request('PATCH', `/Users/${body.id}`, ops('locale', 'nl-NL')),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = (await h.request('GET', `/Users/${body.id}`)).body;
    expect(after).toMatchObject({ title: 'T', nickName: 'N', locale: 'nl-NL' });
  });
});

describe('DELETE /Users/{id}', () => {
  it('answers 204 and then 404', async () => {
    const { body } = await createUser('delete@contoso.example');
    expect((await h.request('DELETE', `/Users/${body.id}`)).status).toBe(204);
    expect((await h.request('GET', `/Users/${body.id}`)).status).toBe(404);
  });
});

describe('storage limits', () => {
  it('refuses a resource over the entity size limit with 413 and stores nothing', async () => {
    const big = 'x'.repeat(30_000);
    const emails = Array.from({ length: 17 }, (_, i) => ({ value: `${i}${big}@big.example` }));
    const reply = await h.request('POST', '/Users', { body: { schemas: [CORE], userName: 'big@contoso.example', emails } });
    expect(reply.status).toBe(413);
    expect((await h.request('GET', '/Users?filter=userName eq "big@contoso.example"')).body.totalResults).toBe(0);
  });

  it('stores a resource larger than one string property', async () => {
    const long = 'y'.repeat(40_000);
    const reply = await createUser('long@contoso.example', { displayName: long });
    expect((await h.request('GET', `/Users/${reply.body.id}`)).body.displayName).toBe(long);
  });

  it('refuses a userName too long for a table key with 400', async () => {
    const reply = await h.request('POST', '/Users', { body: { schemas: [CORE], userName: '#'.repeat(400) } });
    expect(reply.status).toBe(400);
    expect(reply.body.scimType).toBe('invalidValue');
  });
});
