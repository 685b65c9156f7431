import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function hasNoNulls(value: unknown): boolean {
  if (value === null) return false;
  if (Array.isArray(value)) return value.every(hasNoNulls);
  if (typeof value === 'object') return Object.values(value as object).every(hasNoNulls);
  return true;
}

describe('discovery endpoints', () => {
  it('serves /ServiceProviderConfig with the features Roster has', async () => {
    const reply = await h.request('GET', '/ServiceProviderConfig');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' }), expect.objectContaining({ type: 'oauth2' })],
      meta: { resourceType: 'ServiceProviderConfig', location: `${h.tenantUrl}/ServiceProviderConfig` },
    });
    expect(hasNoNulls(reply.body)).toBe(true);
  });

  it('serves /ResourceTypes and each by id', async () => {
    const list = await h.request('GET', '/ResourceTypes');
    expect(list.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual(['Group', 'User']);
    const user = await h.request('GET', '/ResourceTypes/User');
    expect(user.body).toMatchObject({
      endpoint: '/Users',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
    });
    expect((await h.request('GET', '/ResourceTypes/Widget')).status).toBe(404);
  });

  it('serves /Schemas and each by URN, without nulls', async () => {
    const list = await h.request('GET', '/Schemas');
    expect(list.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    expect(hasNoNulls(list.body)).toBe(true);
    const user = await h.request('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    const userName = user.body.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server', mutability: 'readWrite', returned: 'default' });
    expect((await h.request('GET', '/Schemas/urn:nope')).status).toBe(404);
  });

  it('requires a token like every SCIM call', async () => {
    expect((await h.request('GET', '/ServiceProviderConfig', { token: null })).status).toBe(401);
  });
});
