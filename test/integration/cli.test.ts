import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/ports';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

/**
 * The compiled CLI (dist/scripts/cli.js, as `npx roster` runs it) in plain Node, as a child
 * process, against the real function registrations served by the harness.
 */
const root = resolve(__dirname, '../..');
const cliJs = join(root, 'dist/scripts/cli.js');

let h: Harness;
let base: string;
let emptyDataDir: string;

beforeAll(async () => {
  if (!existsSync(cliJs)) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  // Revocation shows at once instead of within the 60 s key cache.
  process.env.ROSTER_KEY_CACHE_SECONDS = '0';
  h = await startHarness();
  base = h.tenantUrl.replace(/\/api\/scim\/v2$/, '');
  emptyDataDir = mkdtempSync(join(tmpdir(), 'roster-cli-'));
});

afterAll(async () => {
  await h?.stop();
  if (emptyDataDir) rmSync(emptyDataDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node dist/scripts/cli.js <args>`. Asynchronous on purpose: the API answers from this very
 * process. The child sees no ROSTER_ADMIN_KEY and an empty data dir unless `env` says otherwise.
 */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ROSTER_ADMIN_KEY: undefined, ROSTER_DATA_DIR: emptyDataDir, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = spawn(process.execPath, [cliJs, ...args], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.once('close', (code) => r({ code, stdout, stderr })));
}

/** The CLI against the harness with the admin key on the command line. */
const roster = (...args: string[]) => cli([...args, '--url', base, '--admin-key', ADMIN_KEY]);

async function ok(...args: string[]): Promise<string> {
  const run = await roster(...args);
  expect(run.stderr, run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).not.toContain(ADMIN_KEY);
  return run.stdout;
}

async function json(...args: string[]): Promise<any> {
  const run = await roster(...args, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** Exit status and the single line on stderr. */
async function fails(run: Promise<Run>, code: number): Promise<string> {
  const { code: actual, stdout, stderr } = await run;
  expect(actual).toBe(code);
  expect(stdout).toBe('');
  expect(stderr).not.toContain(ADMIN_KEY);
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const field = (text: string, label: string) => new RegExp(`^\\s*${label}\\s+(\\S+)\\s*$`, 'm').exec(text)?.[1];

function scim(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${h.tenantUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/scim+json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

const user = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });

describe('roster CLI against a running Roster', () => {
  let acmeToken: string;
  let acmeKeyId: string;
  let globexToken: string;

  it('creates a directory and a key whose printed token opens /Users', async () => {
    expect(await ok('directories', 'create', 'acme', '--name', 'Acme Corp', '--rate', '50', '--burst', '100')).toMatch(/^Created directory acme\./);
    const out = await ok('keys', 'create', '--directory', 'acme', '--name', 'Entra provisioning');
    expect(out).toContain('will not be shown again');
    expect(field(out, 'Tenant URL')).toBe(h.tenantUrl);
    acmeToken = field(out, 'Secret Token')!;
    acmeKeyId = field(out, 'Key id')!;
    expect(field(out, 'Client id')).toBe(`acme.${acmeKeyId}`);
    expect(field(out, 'Client secret')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await scim(acmeToken, 'GET', '/Users')).status).toBe(200);
    expect((await scim(acmeToken, 'POST', '/Users', user('ana@acme.example'))).status).toBe(201);
  });

  it("keeps one directory's users from another directory's token", async () => {
    expect((await json('directories', 'create', 'globex', '--name', 'Globex'))).toMatchObject({ id: 'globex', displayName: 'Globex' });
    const issued = await json('keys', 'create', '--directory', 'globex', '--name', 'Entra', '--scope', 'read-only', '--expires', '30d');
    expect(issued).toMatchObject({ key: { directoryId: 'globex', scope: 'read-only' }, clientId: `globex.${issued.key.keyId}` });
    globexToken = issued.token;
    const seen = await (await scim(globexToken, 'GET', '/Users?filter=userName%20eq%20%22ana@acme.example%22')).json();
    expect(seen).toMatchObject({ totalResults: 0, Resources: [] });
    const acmeUsers = await (await scim(acmeToken, 'GET', '/Users')).json();
    expect(acmeUsers.totalResults).toBe(1);
    expect((await scim(globexToken, 'GET', `/Users/${acmeUsers.Resources[0].id}`)).status).toBe(404);
  });

  it('lists and shows directories, with counts', async () => {
    const list = await ok('directories', 'list');
    expect(list.split('\n')[0]).toMatch(/^ID\s+NAME\s+CREATED\s+RATE LIMIT\s+ENTRA TENANT$/);
    expect(list).toMatch(/^acme\s+Acme Corp\s+\S+ \S+\s+50\/s, burst 100\s+-$/m);
    expect(list).toMatch(/^globex\s+Globex\s/m);
    const show = await ok('directories', 'show', 'acme');
    expect(field(show, 'Users')).toBe('1');
    expect(field(show, 'Groups')).toBe('0');
    expect(field(show, 'Keys')).toBe('1');
    expect(await json('directories', 'show', 'acme')).toMatchObject({ id: 'acme', counts: { users: 1, groups: 0, keys: 1 } });
    expect((await json('directories', 'list')).directories.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['acme', 'globex', 'test']));
  });

  it('updates a directory', async () => {
    const out = await ok('directories', 'update', 'acme', '--name', 'Acme Inc', '--no-rate-limit');
    expect(out).toMatch(/^Name\s+Acme Inc$/m);
    expect(out).toMatch(/^Rate limit\s+deployment default$/m);
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(await ok('directories', 'update', 'globex', '--entra-tenant', tenant)).toMatch(new RegExp(`^Entra tenant\\s+${tenant}$`, 'm'));
    expect(await fails(roster('directories', 'update', 'acme', '--entra-tenant', tenant), 1)).toBe(`roster: another directory already trusts Entra tenant ${tenant}`);
    expect(await json('directories', 'update', 'globex', '--no-entra-tenant')).not.toHaveProperty('entraTenantId');
  });

  it('lists keys without their tokens', async () => {
    const out = await ok('keys', 'list', '--directory', 'acme');
    expect(out.split('\n')[0]).toMatch(/^NAME\s+ID\s+SCOPE\s+CREATED\s+LAST USED\s+EXPIRES\s+REVOKED$/);
    expect(out).toMatch(new RegExp(`^Entra provisioning\\s+${acmeKeyId}\\s+read-write\\s.*\\snever\\s+-$`, 'm'));
    expect(out).not.toContain(acmeToken);
    const listed = await json('keys', 'list', '--directory', 'acme');
    expect(JSON.stringify(listed)).not.toContain(acmeToken);
    expect(listed.keys).toHaveLength(1);
  });

  it('rotates a key: the new token works and the old one until --expire-old', async () => {
    const out = await ok('keys', 'rotate', '--directory', 'acme', acmeKeyId, '--expire-old', '7d');
    const newToken = field(out, 'Secret Token')!;
    const newKeyId = field(out, 'Key id')!;
    expect(newKeyId).not.toBe(acmeKeyId);
    expect(out).toContain(`The previous key ${acmeKeyId} keeps working until `);
    expect(out).toContain(`roster keys revoke --directory acme ${acmeKeyId}`);
    expect((await scim(newToken, 'GET', '/Users')).status).toBe(200);
    expect((await scim(acmeToken, 'GET', '/Users')).status).toBe(200);
    const keys = (await json('keys', 'list', '--directory', 'acme')).keys;
    expect(keys.find((k: { keyId: string }) => k.keyId === acmeKeyId).expires).toBeDefined();
    expect(keys.map((k: { keyId: string }) => k.keyId)).toContain(newKeyId);
    const rotated = await roster('keys', 'rotate', '--directory', 'acme', newKeyId, '--json');
    expect(JSON.parse(rotated.stdout)).toMatchObject({ previous: { keyId: newKeyId }, key: { name: 'Entra provisioning' } });
    expect(rotated.stderr).toMatch(/will not be shown again/);
  });

  it('revokes a key: its token stops working', async () => {
    expect(await ok('keys', 'revoke', '--directory', 'acme', acmeKeyId)).toMatch(new RegExp(`^Revoked key "Entra provisioning" \\(${acmeKeyId}\\) of directory acme at `));
    expect((await scim(acmeToken, 'GET', '/Users')).status).toBe(401);
    expect(await ok('keys', 'list', '--directory', 'acme')).toMatch(new RegExp(`^Entra provisioning\\s+${acmeKeyId}\\s.*\\d{2}:\\d{2}Z$`, 'm'));
  });

  it('refuses to delete a directory with users unless --force', async () => {
    const line = await fails(roster('directories', 'delete', 'acme'), 1);
    expect(line).toBe('roster: directory "acme" still has 1 users and 0 groups: delete them first, or run roster directories delete acme --force');
    expect(await ok('directories', 'delete', 'acme', '--force')).toMatch(/^Deleted directory acme with 1 user, 0 groups, 3 keys and 0 memberships\.$/m);
    expect(await fails(roster('directories', 'show', 'acme'), 1)).toBe('roster: no directory "acme"');
    expect(await json('directories', 'delete', 'globex')).toMatchObject({ id: 'globex', deleted: { keys: 1 } });
  });
});

describe('roster CLI errors', () => {
  it('says in one line that there is no admin key', async () => {
    const line = await fails(cli(['directories', 'list']), 1);
    expect(line).toBe(`roster: no admin key: set ROSTER_ADMIN_KEY, pass --admin-key, or run npm start once to create ${join(emptyDataDir, '.roster', 'admin-key')}`);
  });

  it('refuses a wrong admin key and says where it came from', async () => {
    const line = await fails(cli(['directories', 'list', '--url', base], { ROSTER_ADMIN_KEY: 'not-the-admin-key-0123456789abcdef0123' }), 1);
    expect(line).toBe('roster: the admin key is not valid (admin key from ROSTER_ADMIN_KEY)');
  });

  it("passes on the API's detail", async () => {
    await ok('directories', 'create', 'dup', '--name', 'Dup');
    expect(await fails(roster('directories', 'create', 'dup', '--name', 'Dup'), 1)).toBe('roster: directory "dup" already exists');
    expect(await fails(roster('directories', 'create', 'Not_A_Slug', '--name', 'x'), 1)).toMatch(/^roster: id: a slug/);
    expect(await fails(roster('keys', 'revoke', '--directory', 'dup', 'nope'), 1)).toBe('roster: directory "dup" has no key "nope"');
  });

  it('exits 2 on bad usage', async () => {
    expect(await fails(roster('keys', 'create', '--directory', 'dup'), 2)).toBe('roster: --name <name> is required');
    expect(await fails(roster('directories', 'frobnicate'), 2)).toMatch(/^roster: unknown command "directories frobnicate"/);
  });

  it('says when nothing answers', async () => {
    const port = await freePort();
    const line = await fails(cli(['directories', 'list', '--admin-key', ADMIN_KEY], { ROSTER_PORT: String(port) }), 1);
    expect(line).toBe(`roster: cannot reach http://localhost:${port}: is \`npm start\` running?`);
  });
});

describe('roster CLI defaults', () => {
  it('targets localhost:$ROSTER_PORT with $ROSTER_ADMIN_KEY', async () => {
    const run = await cli(['directories', 'list'], { ROSTER_PORT: new URL(base).port, ROSTER_ADMIN_KEY: ADMIN_KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^test\s/m);
  });

  it("reads the local instance's admin key file under ROSTER_DATA_DIR", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'roster-cli-key-'));
    try {
      mkdirSync(join(dataDir, '.roster'));
      writeFileSync(join(dataDir, '.roster', 'admin-key'), `${ADMIN_KEY}\n`, { mode: 0o600 });
      const run = await cli(['directories', 'show', 'test', '--url', base], { ROSTER_DATA_DIR: dataDir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Directory\s+test$/m);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('lists every command under help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}roster keys rotate --directory <id> <key id>/m);
  });
});
