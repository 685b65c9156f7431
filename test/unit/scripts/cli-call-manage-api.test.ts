import { describe, expect, it } from 'vitest';
import { CliError } from '../../../scripts/cli/cli-error';
import { callManageApi } from '../../../scripts/cli/call-manage-api';
import type { Target } from '../../../scripts/cli/resolve-target';

const ADMIN_KEY = 'admin-key-that-must-never-be-printed-0123456789';
const local: Target = { baseUrl: 'http://localhost:7071', local: true, adminKey: ADMIN_KEY, keySource: 'ROSTER_ADMIN_KEY' };
const remote: Target = { ...local, baseUrl: 'https://roster.example', local: false };

interface Sent {
  url: string;
  init: RequestInit;
}

function answering(status: number, body: string, statusText = ''): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fake = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(body, { status, statusText });
  }) as unknown as typeof fetch;
  return { fetch: fake, sent };
}

function failingWith(error: unknown): typeof fetch {
  return (async () => {
    throw error;
  }) as unknown as typeof fetch;
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).message).not.toContain(ADMIN_KEY);
  expect((error as CliError).message).not.toContain('\n');
  return error as CliError;
}

const refused = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) });

describe('callManageApi', () => {
  it('sends the admin key in X-Roster-Admin-Key (never Authorization, which App Service Authentication may inspect) and JSON to <base>/api/manage/<path>', async () => {
    const { fetch, sent } = answering(201, '{"id":"acme"}');
    await expect(callManageApi(local, { method: 'POST', path: 'directories', body: { id: 'acme' } }, fetch)).resolves.toEqual({ id: 'acme' });
    expect(sent[0]!.url).toBe('http://localhost:7071/api/manage/directories');
    expect(sent[0]!.init).toMatchObject({
      method: 'POST',
      body: '{"id":"acme"}',
      headers: { 'X-Roster-Admin-Key': ADMIN_KEY, 'Content-Type': 'application/json', Accept: 'application/json' },
    });
  });

  it('sends no body and no Content-Type on a GET', async () => {
    const { fetch, sent } = answering(200, '{"directories":[]}');
    await callManageApi(local, { method: 'GET', path: 'directories' }, fetch);
    expect(sent[0]!.init.body).toBeUndefined();
    expect(sent[0]!.init.headers).not.toHaveProperty('Content-Type');
  });

  it("turns a refusal into the API's detail", async () => {
    const { fetch } = answering(409, JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', detail: 'directory "acme" already exists' }));
    const error = await failure(callManageApi(local, { method: 'POST', path: 'directories', body: {} }, fetch));
    expect(error).toMatchObject({ code: 'api', status: 409, message: 'directory "acme" already exists', exitCode: 1 });
  });

  it('says where a refused admin key came from, without the key', async () => {
    const { fetch } = answering(401, JSON.stringify({ status: '401', detail: 'the admin key is not valid' }));
    const error = await failure(callManageApi(local, { method: 'GET', path: 'directories' }, fetch));
    expect(error.message).toBe('the admin key is not valid (admin key from ROSTER_ADMIN_KEY)');
  });

  it('asks whether the URL is Roster when the answer is not a SCIM error', async () => {
    const { fetch } = answering(404, '<html>Not here</html>', 'Not Found');
    const error = await failure(callManageApi(remote, { method: 'GET', path: 'directories' }, fetch));
    expect(error.message).toBe('https://roster.example/api/manage/directories answered 404 Not Found: is this a Roster deployment?');
  });

  it('refuses a success without JSON', async () => {
    const { fetch } = answering(200, 'hello');
    expect((await failure(callManageApi(remote, { method: 'GET', path: 'directories' }, fetch))).message).toMatch(/answered 200 without JSON/);
  });

  it('suggests npm start when the local instance refuses the connection', async () => {
    const error = await failure(callManageApi(local, { method: 'GET', path: 'directories' }, failingWith(refused('ECONNREFUSED'))));
    expect(error).toMatchObject({ code: 'unreachable', message: 'cannot reach http://localhost:7071: is `npm start` running?' });
  });

  it("reads the code inside Node's AggregateError (localhost is ::1 and 127.0.0.1)", async () => {
    const cause = Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {});
    const error = await failure(callManageApi(local, { method: 'GET', path: 'directories' }, failingWith(Object.assign(new TypeError('fetch failed'), { cause }))));
    expect(error.message).toBe('cannot reach http://localhost:7071: is `npm start` running?');
  });

  it('names an unknown host and a refused deployment plainly', async () => {
    expect((await failure(callManageApi(remote, { method: 'GET', path: 'd' }, failingWith(refused('ENOTFOUND'))))).message).toBe(
      'cannot reach https://roster.example: host roster.example not found',
    );
    expect((await failure(callManageApi(remote, { method: 'GET', path: 'd' }, failingWith(refused('ECONNREFUSED'))))).message).toBe(
      'cannot reach https://roster.example: connection refused',
    );
  });

  it('gives up after the timeout', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const error = await failure(callManageApi(remote, { method: 'GET', path: 'directories' }, hanging, 20));
    expect(error.message).toBe('https://roster.example did not answer within 0.02 s');
  });
});
