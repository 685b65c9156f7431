import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../scripts/cli/run-cli';

const ADMIN_KEY = 'admin-key-that-must-never-be-printed-0123456789';
const now = new Date('2025-03-01T12:00:00Z');

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

/** The CLI against a fake API that answers every call with `status` and `body`. */
async function roster(line: string[], answer: { status?: number; body?: unknown } = {}, env: NodeJS.ProcessEnv = { ROSTER_ADMIN_KEY: ADMIN_KEY }) {
  const calls: Call[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    now: () => now,
    dataRoot: () => '/nowhere',
    readFile: () => undefined,
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ method: String(init.method), url, body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
      return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status ?? 200 });
    }) as unknown as typeof fetch,
  };
  const code = await runCli(line, io);
  const stdout = out.join('\n');
  const stderr = err.join('\n');
  expect(stdout + stderr).not.toContain(ADMIN_KEY);
  return { code, calls, stdout, stderr };
}

const base = 'http://localhost:7071/api/manage';
const issued = {
  key: { directoryId: 'acme', keyId: 'k-2', name: 'Entra', scope: 'read-only', created: now.toISOString(), clientId: 'acme.k-2' },
  token: 'eyJ.the-token',
  clientId: 'acme.k-2',
  clientSecret: 'the-client-secret',
};

describe('roster commands send one management API request each', () => {
  it.each([
    [['directories', 'list'], 'GET', `${base}/directories`, undefined],
    [['directories', 'show', 'acme'], 'GET', `${base}/directories/acme`, undefined],
    [
      ['directories', 'create', 'acme', '--name', 'Acme Corp', '--rate', '5', '--burst', '10', '--entra-tenant', '72F988BF-86F1-41AF-91AB-2D7CD011DB47'],
      'POST',
      `${base}/directories`,
      { id: 'acme', displayName: 'Acme Corp', rateLimit: { perSecond: 5, burst: 10 }, entraTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    ],
    [['directories', 'update', 'acme', '--name', 'Acme'], 'PATCH', `${base}/directories/acme`, { displayName: 'Acme' }],
    [['directories', 'update', 'acme', '--no-rate-limit', '--no-entra-tenant'], 'PATCH', `${base}/directories/acme`, { rateLimit: null, entraTenantId: null }],
    [['directories', 'delete', 'acme'], 'DELETE', `${base}/directories/acme`, undefined],
    [['directories', 'delete', 'acme', '--force'], 'DELETE', `${base}/directories/acme?force=true`, undefined],
    [
      ['keys', 'create', '--directory', 'acme', '--name', 'Entra', '--scope', 'read-only', '--expires', '90d', '--secret-years', '1'],
      'POST',
      `${base}/directories/acme/keys`,
      { name: 'Entra', scope: 'read-only', expires: '2025-05-30T12:00:00.000Z', secretYears: 1 },
    ],
    [['keys', 'list', '-d', 'acme'], 'GET', `${base}/directories/acme/keys`, undefined],
    [['keys', 'revoke', '--directory', 'acme', 'k-1'], 'POST', `${base}/directories/acme/keys/k-1/revoke`, undefined],
    [['keys', 'rotate', '--directory', 'acme', 'k-1'], 'POST', `${base}/directories/acme/keys/k-1/rotate`, {}],
    [
      ['keys', 'rotate', '--directory', 'acme', 'k-1', '--expire-old', '2025-03-08', '--name', 'Entra 2'],
      'POST',
      `${base}/directories/acme/keys/k-1/rotate`,
      { name: 'Entra 2', expireOldAt: '2025-03-08T00:00:00.000Z' },
    ],
    [['keys', 'revoke', '--directory', 'a/b', '../x'], 'POST', `${base}/directories/a%2Fb/keys/..%2Fx/revoke`, undefined],
  ])('%j', async (line, method, url, body) => {
    // Every renderer gets the same answer here; what is checked is the request.
    const { code, calls } = await roster(line, { body: { ...issued, previous: issued.key } });
    expect(code).toBe(0);
    expect(calls).toEqual([{ method, url, body }]);
  });

  it('targets --url', async () => {
    const { calls } = await roster(['directories', 'list', '--url', 'https://roster.example/api/scim/v2']);
    expect(calls[0]!.url).toBe('https://roster.example/api/manage/directories');
  });
});

describe('roster output', () => {
  it('prints a table by default and the raw JSON with --json', async () => {
    const body = { directories: [{ id: 'acme', displayName: 'Acme', created: now.toISOString() }] };
    expect((await roster(['directories', 'list'], { body })).stdout).toMatch(/^ID\s+NAME\s+CREATED/);
    const json = await roster(['directories', 'list', '--json'], { body });
    expect(JSON.parse(json.stdout)).toEqual(body);
    expect(json.stderr).toBe('');
  });

  it('prints a new key with the warning, and with --json puts the warning on stderr', async () => {
    const human = await roster(['keys', 'create', '-d', 'acme', '--name', 'Entra'], { status: 201, body: issued });
    expect(human.stdout).toContain('eyJ.the-token');
    expect(human.stdout).toContain('the-client-secret');
    expect(human.stdout).toContain('will not be shown again');
    const json = await roster(['keys', 'create', '-d', 'acme', '--name', 'Entra', '--json'], { status: 201, body: issued });
    expect(JSON.parse(json.stdout)).toEqual(issued);
    expect(json.stderr).toMatch(/will not be shown again/);
  });

  it('prints help on stdout and exits 0', async () => {
    const { code, stdout, calls } = await roster(['help']);
    expect(code).toBe(0);
    expect(calls).toEqual([]);
    for (const command of ['directories create', 'directories list', 'directories show', 'directories update', 'directories delete', 'keys create', 'keys list', 'keys revoke', 'keys rotate']) {
      expect(stdout).toContain(`roster ${command}`);
    }
  });
});

describe('roster errors: one line on stderr and a non-zero exit', () => {
  it('exits 2 on bad usage, before looking for an admin key or calling the API', async () => {
    const { code, calls, stderr, stdout } = await roster(['keys', 'create', '-d', 'acme', '--name', 'x', '--scope', 'admin'], {}, {});
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(stdout).toBe('');
    expect(stderr).toBe('roster: --scope: expected read-write or read-only, got "admin"');
  });

  it('exits 1 with the API\'s detail when the API refuses', async () => {
    const { code, stderr } = await roster(['directories', 'show', 'nope'], { status: 404, body: { status: '404', detail: 'no directory "nope"' } });
    expect(code).toBe(1);
    expect(stderr).toBe('roster: no directory "nope"');
  });

  it('words a refused delete in terms of --force', async () => {
    const detail = 'directory "acme" still has 2 users and 0 groups; delete them first or use force=true';
    const { code, stderr } = await roster(['directories', 'delete', 'acme'], { status: 409, body: { status: '409', detail } });
    expect(code).toBe(1);
    expect(stderr).toBe('roster: directory "acme" still has 2 users and 0 groups: delete them first, or run roster directories delete acme --force');
  });

  it('exits 1 without an admin key', async () => {
    const { code, stderr, calls } = await roster(['directories', 'list'], {}, {});
    expect(code).toBe(1);
    expect(calls).toEqual([]);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^roster: no admin key: set ROSTER_ADMIN_KEY, pass --admin-key, or run npm start once/);
  });
});
