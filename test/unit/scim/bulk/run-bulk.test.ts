import { describe, expect, it } from 'vitest';
import { parseBulkRequest } from '../../../../shared/scim/bulk/bulk-request';
import { referencedBulkIds, resolveData } from '../../../../shared/scim/bulk/bulk-references';
import { runBulk, type ResolvedOperation } from '../../../../shared/scim/bulk/run-bulk';
import { ScimError } from '../../../../shared/scim/errors';

/** An executor that records what it ran; POSTs create `id-<n>`, a userName "bad" fails. */
function recorder() {
  const ran: ResolvedOperation[] = [];
  const execute = async (op: ResolvedOperation) => {
    ran.push(op);
    if ((op.data as { userName?: string } | undefined)?.userName === 'bad') throw ScimError.invalidValue('userName: bad');
    if (op.method === 'POST') return { status: 201, id: `id-${ran.length}`, location: `https://x${op.path}/id-${ran.length}`, version: 'W/"1"' };
    return { status: op.method === 'DELETE' ? 204 : 200 };
  };
  return { ran, execute };
}

const request = (Operations: unknown[], failOnErrors?: number) => parseBulkRequest({ Operations, ...(failOnErrors ? { failOnErrors } : {}) });

describe('bulkId references', () => {
  it('finds them in data and in paths', () => {
    expect([...referencedBulkIds('/Groups/bulkId:g', { members: [{ value: 'bulkId:u' }, { value: 'x' }], note: 'bulkId:' })]).toEqual(['g', 'u']);
  });

  it('replaces only whole strings that name a created bulkId', () => {
    expect(resolveData({ a: ['bulkId:u', 'bulkId:v', 'see bulkId:u'] }, new Map([['u', 'id-1']]))).toEqual({ a: ['id-1', 'bulkId:v', 'see bulkId:u'] });
  });
});

describe('runBulk', () => {
  it('runs a referring operation after the POST it refers to, with the created id, answering in request order', async () => {
    const { ran, execute } = recorder();
    const response = await runBulk(
      request([
        { method: 'POST', path: '/Groups', bulkId: 'g', data: { members: [{ value: 'bulkId:u' }] } },
        { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'ana' } },
      ]),
      execute,
    );
    expect(ran.map((op) => op.path)).toEqual(['/Users', '/Groups']);
    expect(ran[1]!.data).toEqual({ members: [{ value: 'id-1' }] });
    expect(response.Operations.map((op) => [op.bulkId, op.status])).toEqual([['g', '201'], ['u', '201']]);
  });

  it('stops after failOnErrors errors', async () => {
    const { ran, execute } = recorder();
    const response = await runBulk(
      request(
        [
          { method: 'POST', path: '/Users', bulkId: 'a', data: { userName: 'bad' } },
          { method: 'DELETE', path: '/Users/x' },
          { method: 'POST', path: '/Users', bulkId: 'b', data: { userName: 'bad' } },
          { method: 'DELETE', path: '/Users/y' },
        ],
        2,
      ),
      execute,
    );
    expect(response.Operations.map((op) => op.status)).toEqual(['400', '204', '400']);
    expect(ran).toHaveLength(3);
    expect(response.Operations[0]!.response).toMatchObject({ scimType: 'invalidValue', detail: 'userName: bad' });
  });

  it('fails, without running, operations whose references cannot be resolved', async () => {
    const { ran, execute } = recorder();
    const response = await runBulk(
      request([
        { method: 'POST', path: '/Users', bulkId: 'bad', data: { userName: 'bad' } },
        { method: 'PATCH', path: '/Users/bulkId:bad', data: {} },
        { method: 'PATCH', path: '/Users/bulkId:nobody', data: {} },
        { method: 'POST', path: '/Groups', bulkId: 'a', data: { members: [{ value: 'bulkId:b' }] } },
        { method: 'POST', path: '/Groups', bulkId: 'b', data: { members: [{ value: 'bulkId:a' }] } },
        { method: 'POST', path: '/Groups', bulkId: 'self', data: { members: [{ value: 'bulkId:self' }] } },
      ]),
      execute,
    );
    expect(response.Operations.map((op) => op.status)).toEqual(['400', '409', '400', '409', '409', '409']);
    expect(ran).toHaveLength(1);
  });

  it('answers a malformed operation in its own status and runs the rest', async () => {
    const { ran, execute } = recorder();
    const response = await runBulk(request([{ method: 'EXPLODE', path: '/Users' }, { method: 'DELETE', path: '/Users/x' }]), execute);
    expect(response.Operations).toEqual([
      { method: 'unknown', status: '400', response: expect.objectContaining({ scimType: 'invalidSyntax' }) },
      { method: 'DELETE', status: '204' },
    ]);
    expect(ran).toHaveLength(1);
  });

  it('lets errors other than ScimError through (a storage outage answers the whole request)', async () => {
    await expect(runBulk(request([{ method: 'DELETE', path: '/Users/x' }]), async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });
});
