import type { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../../scripts/azurite';
import type { ScimDoc } from '../../../shared/scim/repository';
import { groupMemberRow, resourceRow } from '../../../shared/store/row-keys';
import { createTableClient, ensureTable, storageMetrics } from '../../../shared/store/table-client';
import { TableResourceRepository } from '../../../shared/store/table-resource-repository';

/**
 * The repository's resumable reads for the admin console (findByPrefix, membersPage) against
 * the Table Storage implementation on a real in-memory Azurite, one partition per test.
 */
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

let azurite: AzuriteInstance;
let table: TableClient;
let partitions = 0;

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true, tableOnly: true, silent: true });
  table = createTableClient(azurite.connectionString, 'peoplequeries');
  await ensureTable(table);
});

afterAll(async () => {
  await azurite?.stop();
});

function freshRepository(): TableResourceRepository {
  partitions++;
  return new TableResourceRepository(table, `dir-${partitions}`);
}

function user(id: string, userName: string): ScimDoc {
  return { schemas: [USER_SCHEMA], id, userName };
}

/** Every page of a prefix search, `limit` at a time. */
async function allPrefixPages(repo: TableResourceRepository, prefix: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await repo.findByPrefix('User', 'userName', prefix, limit, after);
    pages.push(page.resources.map((r) => String(r.doc.userName)));
    after = page.next;
  } while (after !== undefined && pages.length < 50);
  return pages;
}

describe('findByPrefix', () => {
  it('resumes exactly after a value that is a prefix of the next ones', async () => {
    const repo = freshRepository();
    const names = ['ab', 'AB-', 'ab.', 'ab@x', 'abc', 'ab~', 'ab#EXT#', 'a', 'b'];
    for (const [i, name] of names.entries()) await repo.create('User', `u${i}`, user(`u${i}`, name));
    const pages = await allPrefixPages(repo, 'aB', 1);
    expect(pages.flat().sort()).toEqual(names.filter((n) => n.toLowerCase().startsWith('ab')).sort());
    expect(pages.every((p) => p.length === 1)).toBe(true);
  });

  it('answers users without groups, and nothing for a prefix longer than any key', async () => {
    const repo = freshRepository();
    await repo.create('User', 'u1', user('u1', 'ana@contoso.example'));
    const page = await repo.findByPrefix('User', 'userName', 'ANA', 10);
    expect(page.resources.map((r) => [r.id, r.groups])).toEqual([['u1', undefined]]);
    const before = storageMetrics.roundTrips;
    expect(await repo.findByPrefix('User', 'userName', '李'.repeat(256), 10)).toEqual({ resources: [] });
    expect(storageMetrics.roundTrips).toBe(before);
  });

  it('skips an index row whose resource is gone, and still moves past it', async () => {
    const repo = freshRepository();
    await repo.create('User', 'u1', user('u1', 'ana1@x'));
    await repo.create('User', 'u2', user('u2', 'ana2@x'));
    await repo.create('User', 'u3', user('u3', 'ana3@x'));
    await table.deleteEntity(repo.directoryId, resourceRow('User', 'u2')); // drift: the index row stays
    const first = await repo.findByPrefix('User', 'userName', 'ana', 2);
    expect(first.resources.map((r) => r.id)).toEqual(['u1']);
    expect(first.next).toBe('ana2@x');
    expect((await repo.findByPrefix('User', 'userName', 'ana', 2, first.next)).resources.map((r) => r.id)).toEqual(['u3']);
  });

  it('searches group displayNames', async () => {
    const repo = freshRepository();
    for (const [id, displayName] of [['g1', 'Sales EU'], ['g2', 'sales us'], ['g3', 'Support']]) {
      await repo.create('Group', id!, { schemas: [GROUP_SCHEMA], id, displayName });
    }
    expect((await repo.findByPrefix('Group', 'displayName', 'SALES ', 10)).resources.map((r) => r.id)).toEqual(['g1', 'g2']);
  });
});

describe('membersPage', () => {
  it('pages members by row, filling names from the users without writing them back', async () => {
    const repo = freshRepository();
    const ids = Array.from({ length: 7 }, (_, i) => `u${i}`);
    for (const id of ids) await repo.create('User', id, user(id, `${id}@x`));
    const group = await repo.create('Group', 'g', { schemas: [GROUP_SCHEMA], id: 'g', displayName: 'G' });
    await repo.changeMembers(group, { add: ids, remove: [] });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await repo.membersPage('g', 3, after);
      expect(page.members.length).toBeLessThanOrEqual(3);
      expect(page.members.every((m) => m.display === `${m.id}@x`)).toBe(true);
      seen.push(...page.members.map((m) => m.id));
      after = page.next;
    } while (after !== undefined);
    expect(seen).toEqual(ids);
    expect((await table.getEntity<Record<string, unknown>>(repo.directoryId, groupMemberRow('g', 'u0'))).display).toBeUndefined();
  });

  it('resumes after a member removed since the page before', async () => {
    const repo = freshRepository();
    const ids = ['u1', 'u2', 'u3', 'u4'];
    for (const id of ids) await repo.create('User', id, user(id, `${id}@x`));
    const group = await repo.create('Group', 'g', { schemas: [GROUP_SCHEMA], id: 'g', displayName: 'G' });
    await repo.changeMembers(group, { add: ids, remove: [] });
    const first = await repo.membersPage('g', 2);
    expect(first).toMatchObject({ next: 'u2' });
    await repo.changeMembers(group, { add: [], remove: ['u2'] });
    expect(await repo.membersPage('g', 2, first.next)).toEqual({ members: [{ id: 'u3', display: 'u3@x' }, { id: 'u4', display: 'u4@x' }] });
  });
});
