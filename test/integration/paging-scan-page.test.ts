import type { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../scripts/azurite';
import type { ResourceTypeName, StoredResource } from '../../shared/scim/repository';
import { createTableClient, ensureTable, storageMetrics } from '../../shared/store/table-client';
import { TableResourceRepository } from '../../shared/store/table-resource-repository';
import { GROUP, USER } from '../support/scim-wire';

/**
 * ResourceRepository.scanPage against Table Storage on Azurite: the storage continuation that
 * list paging resumes from. Users come with every reverse membership row even when those rows
 * run past a storage page; `after` may name a resource deleted since.
 */

let azurite: AzuriteInstance;
let table: TableClient;
let partitions = 0;

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true, tableOnly: true, silent: true });
  table = createTableClient(azurite.connectionString, 'scanpage');
  await ensureTable(table);
});
afterAll(async () => {
  await azurite?.stop();
});

function freshRepository(): TableResourceRepository {
  partitions++;
  return new TableResourceRepository(table, `scan-${partitions}`);
}

async function walk(repo: TableResourceRepository, type: ResourceTypeName, pageSize: number): Promise<StoredResource[][]> {
  const pages: StoredResource[][] = [];
  let after: string | undefined;
  do {
    const page = await repo.scanPage(type, pageSize, after);
    expect(page.resources.length).toBeLessThanOrEqual(pageSize);
    pages.push(page.resources);
    after = page.next;
  } while (after !== undefined);
  return pages;
}

describe('TableResourceRepository.scanPage', () => {
  it('returns every resource once, in storage order, a page at a time', async () => {
    const repo = freshRepository();
    const ids = Array.from({ length: 25 }, (_, i) => `u-${String(i).padStart(2, '0')}`);
    for (const id of ids) await repo.create('User', id, { schemas: [USER], id, userName: id });
    const pages = await walk(repo, 'User', 10);
    expect(pages.flat().map((r) => r.id)).toEqual(ids);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(await repo.scanPage('Group', 10)).toEqual({ resources: [] });
  });

  it('costs one storage request for a page of users without groups', async () => {
    const repo = freshRepository();
    for (let i = 0; i < 30; i++) await repo.create('User', `c-${i}`, { schemas: [USER], id: `c-${i}`, userName: `c-${i}` });
    const first = await repo.scanPage('User', 10);
    const before = storageMetrics.roundTrips;
    const page = await repo.scanPage('User', 10, first.next);
    expect(storageMetrics.roundTrips - before).toBe(1);
    expect(page.resources.length).toBeGreaterThan(0);
  });

  it('returns a user with all its groups when its membership rows run past a storage page', async () => {
    const repo = freshRepository();
    await repo.create('User', 'a', { schemas: [USER], id: 'a', userName: 'a' });
    await repo.create('User', 'b', { schemas: [USER], id: 'b', userName: 'b' });
    const userA = (await repo.get('User', 'a'))!;
    for (let g = 0; g < 7; g++) {
      const group = await repo.create('Group', `g${g}`, { schemas: [GROUP], id: `g${g}`, displayName: `g${g}` });
      await repo.changeMembers(group, { add: [userA.id], remove: [] });
    }
    const pages = await walk(repo, 'User', 3);
    const users = pages.flat();
    expect(users.map((u) => u.id)).toEqual(['a', 'b']);
    expect(users[0]!.groups!.map((g) => g.id).sort()).toEqual(['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
    expect(users[1]!.groups).toEqual([]);
  });

  it('resumes after a resource that was deleted since', async () => {
    const repo = freshRepository();
    for (const id of ['x1', 'x2', 'x3']) await repo.create('User', id, { schemas: [USER], id, userName: id });
    await repo.delete('User', (await repo.get('User', 'x1'))!);
    expect((await repo.scanPage('User', 10, 'x1')).resources.map((r) => r.id)).toEqual(['x2', 'x3']);
    expect((await repo.scanPage('User', 10, 'x3')).resources).toEqual([]);
  });
});
