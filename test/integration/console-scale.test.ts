import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageMetrics } from '../../shared/store/table-client';
import { TableResourceRepository } from '../../shared/store/table-resource-repository';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';
import { USER } from '../support/scim-wire';

/**
 * "Nothing breaks on a directory with 100,000 users": every management call the console's pages
 * make costs the same storage round trips on a directory twenty times larger, so its cost does
 * not grow with the directory. Both directories have the same shape (one group of 15 members,
 * manager links, journal rows), only the number of users differs.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SIZES = { small: 20, large: 400 };

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  for (const [dir, n] of Object.entries(SIZES)) {
    await h.services.directories.createDirectory({ id: dir, displayName: dir, created: new Date().toISOString() });
    const repo = new TableResourceRepository(h.services.table, dir);
    for (let i = 0; i < n; i++) {
      const doc = { schemas: [USER, ENTERPRISE], userName: `user-${String(i).padStart(4, '0')}@contoso.example`, [ENTERPRISE]: { manager: { value: 'u0000' } } };
      await repo.create('User', `u${String(i).padStart(4, '0')}`, doc);
    }
    const group = await repo.create('Group', 'g-team', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Team' });
    await repo.changeMembers(group, { add: Array.from({ length: 15 }, (_, i) => `u${String(i).padStart(4, '0')}`), remove: [] });
  }
  const run = await fetch(`${new URL(h.tenantUrl).origin}/api/manage/reconcile`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
  expect(run.status).toBe(200);
}, 120_000);

afterAll(() => h?.stop());

async function roundTrips(path: string): Promise<number> {
  const before = storageMetrics.roundTrips;
  const res = await fetch(`${new URL(h.tenantUrl).origin}/api/manage${path}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'X-Roster-Console': '1' } });
  expect(res.status, `${path}: ${await res.text()}`).toBe(200);
  return storageMetrics.roundTrips - before;
}

const since = new Date(Date.now() - 86_400_000).toISOString();
const CALLS: [string, (dir: string) => string][] = [
  ['Connect: latest report', (d) => `/directories/${d}/reports?limit=1`],
  ['Keys', (d) => `/directories/${d}/keys`],
  ['People: browse users', (d) => `/directories/${d}/users?count=25`],
  ['People: browse groups', (d) => `/directories/${d}/groups?count=25`],
  ['People: search as you type', (d) => `/directories/${d}/users?count=25&q=user-000`],
  ['People: search groups', (d) => `/directories/${d}/groups?count=25&q=te`],
  ['User page', (d) => `/directories/${d}/users/u0003`],
  ['Group page', (d) => `/directories/${d}/groups/g-team`],
  ['Group members', (d) => `/directories/${d}/groups/g-team/members?count=50`],
  ['Activity', (d) => `/directories/${d}/journal?limit=50&since=${encodeURIComponent(since)}`],
  ['Health', (d) => `/directories/${d}/reports?limit=10`],
];

describe('console pages on a directory twenty times larger', () => {
  it.each(CALLS)('%s costs the same storage round trips', async (_name, call) => {
    const small = await roundTrips(call('small'));
    const large = await roundTrips(call('large'));
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});
