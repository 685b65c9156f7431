import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryKey } from '../../shared/auth/directory-keys';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, PATCH_OP, USER, unique } from '../support/scim-wire';

/** Issue #7: POST /Bulk (RFC 7644 §3.7). */
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function bulk(Operations: unknown[], extra: Record<string, unknown> = {}, token?: string): Promise<ScimReply> {
  return h.request('POST', '/Bulk', { token, body: { schemas: [BULK], Operations, ...extra } });
}

const statuses = (reply: ScimReply): string[] => reply.body.Operations.map((op: { status: string }) => op.status);

describe('POST /Bulk', () => {
  it('creates a user and a group that contains it, resolving bulkId references', async () => {
    const userName = `${unique('bulk')}@contoso.example`;
    const reply = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: unique('Bulk Group'), members: [{ type: 'User', value: 'bulkId:u' }] } },
      { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [USER], userName } },
    ]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/scim+json');
    expect(reply.body.schemas).toEqual([BULK_RESPONSE]);
    const [groupOp, userOp] = reply.body.Operations;
    expect(groupOp).toMatchObject({ method: 'POST', bulkId: 'g', status: '201', location: expect.stringContaining('/Groups/'), version: expect.stringMatching(/^W\//) });
    expect(userOp).toMatchObject({ method: 'POST', bulkId: 'u', status: '201', location: expect.stringContaining('/Users/') });
    const group = await h.request('GET', new URL(groupOp.location).pathname.replace(/^.*\/scim\/v2/, ''));
    const userId = userOp.location.split('/').pop();
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([userId]);
    expect((await h.request('GET', `/Users/${userId}`)).body.groups.map((g: { value: string }) => g.value)).toEqual([group.body.id]);
  });

  it('runs PUT, PATCH and DELETE with version as If-Match, answering each status as its own request would', async () => {
    const created = await bulk([{ method: 'POST', path: '/Users', bulkId: 'x', data: { schemas: [USER], userName: `${unique('crud')}@contoso.example` } }]);
    const { location, version } = created.body.Operations[0];
    const id = location.split('/').pop();
    const reply = await bulk([
      { method: 'PATCH', path: `/Users/${id}`, version: 'W/"stale"', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } },
      { method: 'PATCH', path: `/Users/${id}`, version, data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Boss' }] } },
      { method: 'PUT', path: `/Users/${id}`, data: { schemas: [USER], userName: `${unique('renamed')}@contoso.example`, title: 'Put' } },
      { method: 'DELETE', path: `/Users/${id}` },
      { method: 'DELETE', path: `/Users/${id}` },
    ]);
    expect(statuses(reply)).toEqual(['412', '200', '200', '204', '404']);
    expect(reply.body.Operations[0].response).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '412' });
    expect(reply.body.Operations[3]).toMatchObject({ method: 'DELETE', location });
  });

  it('refers to a created resource in a later path', async () => {
    const reply = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'grp', data: { schemas: [GROUP], displayName: unique('Path Group') } },
      { method: 'PATCH', path: '/Groups/bulkId:grp', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: unique('Renamed Group') }] } },
    ]);
    expect(statuses(reply)).toEqual(['201', '204']);
  });

  it('checks members like a single request: an unknown user fails that operation only', async () => {
    const reply = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'bad', data: { schemas: [GROUP], displayName: unique('Bad Members'), members: [{ value: 'no-such-user' }] } },
      { method: 'POST', path: '/Users', bulkId: 'ok', data: { schemas: [USER], userName: `${unique('ok')}@contoso.example` } },
    ]);
    expect(statuses(reply)).toEqual(['400', '201']);
    expect(reply.body.Operations[0].response).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('no-such-user') });
    expect(reply.body.Operations[0]).not.toHaveProperty('location');
  });

  it('stops after failOnErrors errors and leaves the rest out', async () => {
    const taken = `${unique('dup')}@contoso.example`;
    const reply = await bulk(
      [
        { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER], userName: taken } },
        { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER], userName: taken } },
        { method: 'POST', path: '/Users', bulkId: 'c', data: { schemas: [USER] } },
        { method: 'POST', path: '/Users', bulkId: 'd', data: { schemas: [USER], userName: `${unique('never')}@contoso.example` } },
      ],
      { failOnErrors: 2 },
    );
    expect(statuses(reply)).toEqual(['201', '409', '400']);
    expect(reply.body.Operations[1].response.scimType).toBe('uniqueness');
  });

  it('fails what depends on a failed or unknown bulkId, and circular references, without running them', async () => {
    const reply = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'broken', data: { schemas: [USER] } },
      { method: 'POST', path: '/Groups', bulkId: 'needs-broken', data: { schemas: [GROUP], displayName: unique('Needs'), members: [{ value: 'bulkId:broken' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'needs-ghost', data: { schemas: [GROUP], displayName: unique('Ghost'), members: [{ value: 'bulkId:ghost' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'ring-a', data: { schemas: [GROUP], displayName: unique('Ring A'), members: [{ value: 'bulkId:ring-b' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'ring-b', data: { schemas: [GROUP], displayName: unique('Ring B'), members: [{ value: 'bulkId:ring-a' }] } },
    ]);
    expect(statuses(reply)).toEqual(['400', '409', '400', '409', '409']);
  });

  it('answers a malformed operation in its own status', async () => {
    const reply = await bulk([
      { method: 'FETCH', path: '/Users' },
      { method: 'POST', path: '/Users', data: { schemas: [USER], userName: 'no-bulk-id' } },
      { method: 'POST', path: '/Widgets', bulkId: 'w', data: {} },
      { method: 'DELETE', path: '/Users' },
      'not an object',
    ]);
    expect(statuses(reply)).toEqual(['400', '400', '400', '400', '400']);
  });

  it('refuses more than maxOperations operations with 413 naming the limit', async () => {
    const ops = Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/none-${i}` }));
    const reply = await bulk(ops);
    expect(reply.status).toBe(413);
    expect(reply.body.detail).toContain('1000');
  });

  it('refuses a payload over maxPayloadSize with 413', async () => {
    const reply = await bulk([{ method: 'POST', path: '/Users', bulkId: 'big', data: { schemas: [USER], userName: 'big', displayName: 'x'.repeat(1_100_000) } }]);
    expect(reply.status).toBe(413);
  });

  it('refuses a request that is not a BulkRequest', async () => {
    expect((await h.request('POST', '/Bulk', { body: { schemas: [BULK] } })).body.scimType).toBe('invalidSyntax');
    expect((await h.request('POST', '/Bulk', { body: { schemas: [PATCH_OP], Operations: [] } })).body.scimType).toBe('invalidSyntax');
    expect((await bulk([], { failOnErrors: 0 })).body.scimType).toBe('invalidValue');
    const twice = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'same', data: { schemas: [USER], userName: 'a' } },
      { method: 'POST', path: '/Users', bulkId: 'same', data: { schemas: [USER], userName: 'b' } },
    ]);
    expect(twice.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await h.request('GET', '/Bulk')).status).toBe(405);
  });

  it('is refused to a read-only key with 403', async () => {
    await h.newDirectory('bulk-ro');
    const { token } = await createDirectoryKey(h.services, 'bulk-ro', { name: 'reader', scope: 'read-only' });
    const reply = await bulk([{ method: 'POST', path: '/Users', bulkId: 'r', data: { schemas: [USER], userName: 'ro' } }], {}, token);
    expect(reply.status).toBe(403);
  });

  it('is advertised in ServiceProviderConfig with its limits', async () => {
    const config = await h.request('GET', '/ServiceProviderConfig');
    expect(config.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
  });
});
