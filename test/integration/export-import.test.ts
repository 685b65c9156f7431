import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

const root = resolve(__dirname, '../..');
const cliJs = join(root, 'dist/scripts/cli.js');
let h: Harness;
let base: string;
let dir: string;

beforeAll(async () => {
  if (!existsSync(cliJs)) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  h = await startHarness();
  base = h.tenantUrl.replace(/\/api\/scim\/v2$/, '');
  dir = mkdtempSync(join(tmpdir(), 'roster-export-'));
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function roster(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DATA_DIR: dir };
  delete env.ROSTER_ADMIN_KEY;
  const child = spawn(process.execPath, [cliJs, ...args, '--url', base, '--admin-key', ADMIN_KEY], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.once('close', (code) => r({ code, stdout, stderr })));
}

/** Everything a directory holds, comparable across directories: docs by id, memberships. */
async function snapshot(directory: string) {
  const users = h.services.resources(USER_RESOURCE_TYPE, directory).repo;
  const groups = h.services.resources(GROUP_RESOURCE_TYPE, directory).repo;
  const out: Record<string, unknown> = {};
  for await (const page of users.scan('User', 500)) for (const u of page) out[`User ${u.id}`] = u.doc;
  for await (const page of groups.scan('Group', 500)) {
    for (const g of page) {
      out[`Group ${g.id}`] = g.doc;
      const members: string[] = [];
      for await (const m of groups.members(g.id, 1000, false)) members.push(...m.map((x) => x.id));
      out[`Members ${g.id}`] = members.sort();
    }
  }
  return out;
}

describe('export and import', () => {
  it('reproduces a directory exactly, and importing twice changes nothing', async () => {
    const token = await h.newDirectory('source');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const body = { userName: `u${i}@contoso.example`, active: i % 2 === 0, name: { givenName: `G${i}` }, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'D', manager: { value: 'm' } } };
      ids.push((await h.request('POST', '/Users', { token, body })).body.id);
    }
    for (let g = 0; g < 3; g++) {
      await h.request('POST', '/Groups', { token, body: { displayName: `Team ${g}`, externalId: `t${g}`, members: ids.slice(g * 4, g * 4 + 5).map((value) => ({ value })) } });
    }
    const file = join(dir, 'source.ndjson');
    // The spelling (`export --directory D`, `import --directory D`); the re-import below uses the long one.
    const exported = await roster('export', '--directory', 'source', '--out', file);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(12 + 3 + 14);

    await h.newDirectory('copy');
    const imported = await roster('import', '--directory', 'copy', '--file', file);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/users 12, groups 3, members 14, unchanged 0; rejected 0 lines/);
    expect(await snapshot('copy')).toEqual(await snapshot('source'));

    const again = await roster('directories', 'import', 'copy', '--file', file);
    expect(again.stdout).toMatch(/users 0, groups 0, members 0, unchanged 29; rejected 0 lines/);
  });

  it('reports rejected lines by number and imports the rest', async () => {
    await h.newDirectory('partial');
    const file = join(dir, 'bad.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({ type: 'User', id: 'a', resource: { userName: 'a@contoso.example' } }),
        '{not json',
        JSON.stringify({ type: 'User', id: 'b', resource: { displayName: 'no userName' } }),
        JSON.stringify({ type: 'Widget', id: 'c' }),
        JSON.stringify({ type: 'Group', id: 'g', resource: { displayName: 'G' } }),
        JSON.stringify({ type: 'Member', group: 'g', user: 'nobody' }),
        JSON.stringify({ type: 'Member', group: 'g', user: 'a' }),
      ].join('\n') + '\n',
    );
    const run = await roster('directories', 'import', 'partial', '--file', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/users 1, groups 1, members 1/);
    expect(run.stdout.match(/line (\d+):/g)).toEqual(['line 2:', 'line 3:', 'line 4:', 'line 6:']);
    expect(run.stdout).toMatch(/line 6: members: "nobody" is not a user/);
  });
});
