import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../../scripts/azurite';
import { ScimError } from '../../../shared/scim/errors';
import { ConcurrencyConflict, type ResourceRepository, type ScimDoc, type StoredResource } from '../../../shared/scim/repository';
import { CHUNK_CHARS, encodeDoc } from '../../../shared/store/doc-codec';
import { keyRow, multiIndexRow, resourceRow, uniqueIndexRow } from '../../../shared/store/row-keys';
import { createTableClient, ensureTable, storageMetrics } from '../../../shared/store/table-client';
import { TableResourceRepository } from '../../../shared/store/table-resource-repository';

/**
 * The ResourceRepository contract (shared/scim/repository.ts), run against the Table Storage
 * implementation on a real in-memory Azurite. Every test works in a partition of its own.
 */
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

let azurite: AzuriteInstance;
let table: TableClient;
let partitions = 0;

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true, tableOnly: true, silent: true });
  table = createTableClient(azurite.connectionString, 'repocontract');
  await ensureTable(table);
});

afterAll(async () => {
  await azurite?.stop();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A repository over a partition no other test uses. */
function freshRepository(): TableResourceRepository {
  partitions++;
  return new TableResourceRepository(table, `dir-${partitions}`);
}

function user(id: string, userName: string, extra: ScimDoc = {}): ScimDoc {
  return { schemas: [USER_SCHEMA], id, userName, ...extra };
}

async function rowsOf(partition: string): Promise<Array<TableEntityResult<Record<string, unknown>>>> {
  const rows: Array<TableEntityResult<Record<string, unknown>>> = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partition}` } })) {
    rows.push(row);
  }
  return rows;
}

/** Row keys of the partition's data rows; change-journal rows (`jr:`) are the journal's business. */
async function rowKeysOf(partition: string): Promise<string[]> {
  return (await rowsOf(partition)).map((r) => String(r.rowKey)).filter((k) => !k.startsWith('jr:')).sort();
}

async function journalOps(partition: string): Promise<string[]> {
  return (await rowsOf(partition)).filter((r) => String(r.rowKey).startsWith('jr:')).map((r) => `${r.op} ${r.resourceType} ${r.resourceId}`);
}

/** Rows of one resource, found by the id every row of it carries. */
async function rowKeysOfResource(partition: string, id: string): Promise<string[]> {
  return (await rowsOf(partition)).filter((r) => r.id === id).map((r) => String(r.rowKey)).sort();
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

async function scimErrorFrom(promise: Promise<unknown>): Promise<ScimError> {
  const e = await thrown(promise);
  expect(e).toBeInstanceOf(ScimError);
  return e as ScimError;
}

async function roundTrips<T>(fn: () => Promise<T>): Promise<{ result: T; trips: number }> {
  const before = storageMetrics.roundTrips;
  const result = await fn();
  return { result, trips: storageMetrics.roundTrips - before };
}

/** Retries on ConcurrencyConflict the way ResourceService does, at most `attempts` times. */
async function withRetry<T>(attempts: number, fn: () => Promise<T>): Promise<{ result: T; tries: number }> {
  for (let tries = 1; ; tries++) {
    try {
      return { result: await fn(), tries };
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || tries >= attempts) throw e;
    }
  }
}

/**
 * Writes users straight into the partition, 100 to a transaction: one user goes through
 * `create`, and the others are copies of its resource row with their own key, id and doc,
 * so they have whatever shape the repository writes. Index rows are left out (scan reads none).
 */
async function seedUsers(repo: TableResourceRepository, ids: string[]): Promise<void> {
  const [first, ...rest] = ids;
  await repo.create('User', first!, user(first!, first!));
  const template = await table.getEntity<Record<string, unknown>>(repo.directoryId, resourceRow('User', first!));
  const { etag: _etag, timestamp: _timestamp, ...props } = template as Record<string, unknown>;
  for (let start = 0; start < rest.length; start += 100) {
    const batch = rest.slice(start, start + 100).map(
      (id): TransactionAction => ['create', { ...props, partitionKey: repo.directoryId, rowKey: resourceRow('User', id), id, ...encodeDoc(user(id, id)) }],
    );
    await table.submitTransaction(batch);
  }
}

async function drain(repo: ResourceRepository, pageSize: number): Promise<StoredResource[][]> {
  const pages: StoredResource[][] = [];
  for await (const page of repo.scan('User', pageSize)) pages.push(page);
  return pages;
}

describe('TableResourceRepository', () => {
  describe('create and get', () => {
    it('creates a resource and reads it back with the same version and etag', async () => {
      const repo = freshRepository();
      const doc = user('u1', 'ana@contoso.example', { externalId: 'E-1', displayName: 'Ana' });
      const created = await repo.create('User', 'u1', doc);
      expect(created).toMatchObject({ id: 'u1', doc });
      expect(created.etag).not.toBe('');
      expect(String(created.version)).not.toBe('');
      expect(created.lastModified).toBe(created.created);
      const read = await repo.get('User', 'u1');
      expect(read).toEqual(created);
    });

    it('stamps created and lastModified from the clock', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-05-06T07:08:09.010Z'));
      const repo = freshRepository();
      const created = await repo.create('User', 'u1', user('u1', 'ana'));
      expect(created.created).toBe('2030-05-06T07:08:09.010Z');
      vi.setSystemTime(new Date('2030-05-06T08:00:00.000Z'));
      const updated = await repo.update('User', created, user('u1', 'ana', { displayName: 'Ana' }));
      expect(updated).toMatchObject({ created: '2030-05-06T07:08:09.010Z', lastModified: '2030-05-06T08:00:00.000Z' });
      expect(await repo.get('User', 'u1')).toMatchObject({ created: '2030-05-06T07:08:09.010Z', lastModified: '2030-05-06T08:00:00.000Z' });
    });

    it('writes the resource, its unique index row and its externalId row, and nothing else', async () => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'Ana@Contoso.example', { externalId: 'E-1' }));
      expect(await rowKeysOf(repo.directoryId)).toEqual(
        [resourceRow('User', 'u1'), uniqueIndexRow('User', 'userName', 'ana@contoso.example'), multiIndexRow('User', 'externalId', 'E-1', 'u1')].sort(),
      );
      expect(await journalOps(repo.directoryId)).toEqual(['create User u1']);
    });

    it('answers undefined for an id that does not exist', async () => {
      expect(await freshRepository().get('User', 'missing')).toBeUndefined();
    });

    it('keeps users and groups with the same id apart', async () => {
      const repo = freshRepository();
      await repo.create('User', 'same', user('same', 'ana'));
      expect(await repo.get('Group', 'same')).toBeUndefined();
    });

    it('stores ids and userNames with characters Table keys forbid', async () => {
      const repo = freshRepository();
      const id = 'a/b\\c#d?e~f:g;h\u0001😀';
      const userName = 'ana_fabrikam.example#EXT#@contoso.onmicrosoft.com';
      await repo.create('User', id, user(id, userName));
      expect((await repo.get('User', id))?.doc.userName).toBe(userName);
      expect((await repo.findBy('User', 'userName', userName.toUpperCase())).map((r) => r.id)).toEqual([id]);
    });

    it('round-trips a document split over several chunks with a surrogate pair on a chunk boundary', async () => {
      const repo = freshRepository();
      const head = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"ana","note":"';
      const note = `${'x'.repeat(CHUNK_CHARS - 1 - head.length)}😀${'y'.repeat(CHUNK_CHARS)}𝒜 end`;
      const doc = user('u1', 'ana', { note });
      expect(JSON.stringify(doc).codePointAt(CHUNK_CHARS - 1)).toBe(0x1f600);
      await repo.create('User', 'u1', doc);
      expect((await repo.get('User', 'u1'))?.doc).toEqual(doc);
    });

    it('refuses a document over the size limit with 413 and writes nothing', async () => {
      const repo = freshRepository();
      const error = await scimErrorFrom(repo.create('User', 'u1', user('u1', 'ana', { note: 'x'.repeat(500_000) })));
      expect(error.status).toBe(413);
      expect(await rowsOf(repo.directoryId)).toEqual([]);
    });

    it('refuses a userName too long for a key with 400 invalidValue and writes nothing', async () => {
      const repo = freshRepository();
      const error = await scimErrorFrom(repo.create('User', 'u1', user('u1', `${'#'.repeat(400)}@contoso.example`)));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(await rowsOf(repo.directoryId)).toEqual([]);
    });
  });

  describe('findBy', () => {
    it('finds by id', async () => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'ana'));
      expect((await repo.findBy('User', 'id', 'u1')).map((r) => r.id)).toEqual(['u1']);
      expect(await repo.findBy('User', 'id', 'u2')).toEqual([]);
    });

    it.each(['ana@contoso.example', 'ANA@CONTOSO.EXAMPLE', 'Ana@Contoso.Example'])('finds userName "Ana@contoso.example" by %j', async (value) => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'Ana@contoso.example'));
      const found = await repo.findBy('User', 'userName', value);
      expect(found.map((r) => r.id)).toEqual(['u1']);
      expect(found[0]!.doc.userName).toBe('Ana@contoso.example');
    });

    it.each(['ana@contoso.exampl', 'ana@contoso.example.org', 'ana', ''])('finds nothing for the near miss %j', async (value) => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'ana@contoso.example'));
      expect(await repo.findBy('User', 'userName', value)).toEqual([]);
    });

    it('finds every resource sharing an externalId, by exact case and exact value only', async () => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-1' }));
      await repo.create('User', 'u2', user('u2', 'bob', { externalId: 'E-1' }));
      await repo.create('User', 'u3', user('u3', 'cy', { externalId: 'E-10' }));
      await repo.create('User', 'u4', user('u4', 'di', { externalId: 'e-1' }));
      await repo.create('User', 'u5', user('u5', 'ed', { externalId: 'E-' }));
      expect((await repo.findBy('User', 'externalId', 'E-1')).map((r) => r.id).sort()).toEqual(['u1', 'u2']);
      expect((await repo.findBy('User', 'externalId', 'e-1')).map((r) => r.id)).toEqual(['u4']);
      expect((await repo.findBy('User', 'externalId', 'E-10')).map((r) => r.id)).toEqual(['u3']);
      expect((await repo.findBy('User', 'externalId', 'E-')).map((r) => r.id)).toEqual(['u5']);
      expect(await repo.findBy('User', 'externalId', 'E')).toEqual([]);
    });

    it('finds an externalId full of key-unsafe characters', async () => {
      const repo = freshRepository();
      const externalId = 'CN=Ana,OU=Sales/EU;#1?';
      await repo.create('User', 'u1', user('u1', 'ana', { externalId }));
      expect((await repo.findBy('User', 'externalId', externalId)).map((r) => r.id)).toEqual(['u1']);
    });

    it('refuses an attribute without index rows', async () => {
      await expect(freshRepository().findBy('User', 'displayName', 'Ana')).rejects.toThrow(/no index rows/);
    });
  });

  describe('uniqueness', () => {
    it('refuses a userName taken in any case with 409 uniqueness and writes nothing', async () => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'ana@contoso.example', { externalId: 'E-1' }));
      const before = await rowsOf(repo.directoryId);
      const error = await scimErrorFrom(repo.create('User', 'u2', user('u2', 'ANA@contoso.example', { externalId: 'E-2' })));
      expect(error.status).toBe(409);
      expect(error.scimType).toBe('uniqueness');
      expect(error.detail).toContain('userName');
      const after = await rowsOf(repo.directoryId);
      expect(after).toHaveLength(before.length);
      expect(after.filter((r) => r.id === 'u2')).toEqual([]);
      expect(await repo.get('User', 'u2')).toBeUndefined();
    });

    it('lets a stale unique index row (its resource is gone) not block create', async () => {
      const repo = freshRepository();
      const staleRow = uniqueIndexRow('User', 'userName', 'ana@contoso.example');
      await table.createEntity({ partitionKey: repo.directoryId, rowKey: staleRow, id: 'deleted-long-ago' });
      const { result } = await withRetry(2, () => repo.create('User', 'u1', user('u1', 'ana@contoso.example')));
      expect(result.id).toBe('u1');
      expect((await table.getEntity(repo.directoryId, staleRow)).id).toBe('u1');
      expect((await repo.findBy('User', 'userName', 'ana@contoso.example')).map((r) => r.id)).toEqual(['u1']);
    });
  });

  describe('update', () => {
    it('moves the unique index row on rename, in the same write', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-1' }));
      const v2 = await repo.update('User', v1, user('u1', 'anna', { externalId: 'E-1' }));
      expect(v2.created).toBe(v1.created);
      expect(v2.version).not.toEqual(v1.version);
      expect(v2.etag).not.toBe(v1.etag);
      expect(await repo.findBy('User', 'userName', 'ana')).toEqual([]);
      expect((await repo.findBy('User', 'userName', 'anna')).map((r) => r.version)).toEqual([v2.version]);
      expect(await rowKeysOfResource(repo.directoryId, 'u1')).toEqual(
        [resourceRow('User', 'u1'), uniqueIndexRow('User', 'userName', 'anna'), multiIndexRow('User', 'externalId', 'E-1', 'u1')].sort(),
      );
    });

    it('moves the externalId row when the externalId changes, even only in case', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-1' }));
      const v2 = await repo.update('User', v1, user('u1', 'ana', { externalId: 'e-1' }));
      expect(await repo.findBy('User', 'externalId', 'E-1')).toEqual([]);
      expect((await repo.findBy('User', 'externalId', 'e-1')).map((r) => r.id)).toEqual(['u1']);
      await repo.update('User', v2, user('u1', 'ana'));
      expect(await rowKeysOfResource(repo.directoryId, 'u1')).toEqual([resourceRow('User', 'u1'), uniqueIndexRow('User', 'userName', 'ana')].sort());
    });

    it('keeps the one unique index row when the userName changes only in case', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana'));
      await repo.update('User', v1, user('u1', 'ANA'));
      expect(await rowKeysOfResource(repo.directoryId, 'u1')).toEqual([resourceRow('User', 'u1'), uniqueIndexRow('User', 'userName', 'ana')].sort());
      expect((await repo.findBy('User', 'userName', 'ana')).map((r) => r.doc.userName)).toEqual(['ANA']);
    });

    it('is atomic: a rename onto a taken userName is 409 and leaves the doc and every index row as they were', async () => {
      const repo = freshRepository();
      await repo.create('User', 'u1', user('u1', 'ana'));
      const bob = await repo.create('User', 'u2', user('u2', 'bob', { externalId: 'B-1' }));
      const before = await rowKeysOf(repo.directoryId);
      const error = await scimErrorFrom(repo.update('User', bob, user('u2', 'Ana', { externalId: 'B-2', displayName: 'x' })));
      expect(error.status).toBe(409);
      expect(error.scimType).toBe('uniqueness');
      expect(await rowKeysOf(repo.directoryId)).toEqual(before);
      expect(await repo.get('User', 'u2')).toEqual(bob);
    });

    it('throws ConcurrencyConflict on a stale etag and changes nothing', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-1' }));
      const v2 = await repo.update('User', v1, user('u1', 'ana', { externalId: 'E-1', displayName: 'Ana' }));
      const before = await rowKeysOf(repo.directoryId);
      const error = await thrown(repo.update('User', v1, user('u1', 'anna', { externalId: 'E-2' })));
      expect(error).toBeInstanceOf(ConcurrencyConflict);
      expect(await rowKeysOf(repo.directoryId)).toEqual(before);
      expect(await repo.get('User', 'u1')).toEqual(v2);
    });

    it('accepts the etag create returned', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana'));
      const v2 = await repo.update('User', v1, user('u1', 'ana', { title: 'x' }));
      const v3 = await repo.update('User', v2, user('u1', 'ana', { title: 'y' }));
      expect(new Set([v1.version, v2.version, v3.version]).size).toBe(3);
      expect(await repo.get('User', 'u1')).toEqual(v3);
    });

    it('succeeds when a leftover externalId index row for the new value already exists', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-0' }));
      // Drift a crash or an old bug left: the row the update is about to write is already there.
      await table.createEntity({ partitionKey: repo.directoryId, rowKey: multiIndexRow('User', 'externalId', 'E-1', 'u1'), kind: 'ix', id: 'u1' });
      const v2 = await repo.update('User', v1, user('u1', 'ana', { externalId: 'E-1' }));
      expect(v2.doc.externalId).toBe('E-1');
      expect((await repo.findBy('User', 'externalId', 'E-1')).map((r) => r.id)).toEqual(['u1']);
      expect(await repo.findBy('User', 'externalId', 'E-0')).toEqual([]);
      expect(await rowKeysOfResource(repo.directoryId, 'u1')).toEqual(
        [resourceRow('User', 'u1'), uniqueIndexRow('User', 'userName', 'ana'), multiIndexRow('User', 'externalId', 'E-1', 'u1')].sort(),
      );
    });

    it('shrinks a document that had several chunks', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana', { note: 'x'.repeat(3 * CHUNK_CHARS) }));
      await repo.update('User', v1, user('u1', 'ana'));
      const row = await table.getEntity<Record<string, unknown>>(repo.directoryId, resourceRow('User', 'u1'));
      expect(Object.keys(row).filter((k) => /^d\d+$/.test(k))).toEqual(['d0']);
      expect((await repo.get('User', 'u1'))?.doc).toEqual(user('u1', 'ana'));
    });
  });

  describe('delete', () => {
    it('removes the resource and every index row of it, and nothing else', async () => {
      const repo = freshRepository();
      const ana = await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-1' }));
      await repo.create('User', 'u2', user('u2', 'bob', { externalId: 'E-1' }));
      const bobRows = await rowKeysOfResource(repo.directoryId, 'u2');
      await repo.delete('User', ana);
      expect(await rowKeysOfResource(repo.directoryId, 'u1')).toEqual([]);
      expect((await rowKeysOf(repo.directoryId)).filter((k) => k.includes('u1') || k.includes(':ana'))).toEqual([]);
      expect(await rowKeysOf(repo.directoryId)).toEqual(bobRows);
      expect(await journalOps(repo.directoryId)).toEqual(['create User u1', 'create User u2', 'delete User u1']);
      expect(await repo.get('User', 'u1')).toBeUndefined();
      expect((await repo.findBy('User', 'externalId', 'E-1')).map((r) => r.id)).toEqual(['u2']);
    });

    it('frees the userName for a new resource', async () => {
      const repo = freshRepository();
      await repo.delete('User', await repo.create('User', 'u1', user('u1', 'ana')));
      await expect(repo.create('User', 'u2', user('u2', 'ana'))).resolves.toMatchObject({ id: 'u2' });
    });

    it('throws ConcurrencyConflict and deletes nothing when the resource was renamed since it was read', async () => {
      const repo = freshRepository();
      const v1 = await repo.create('User', 'u1', user('u1', 'ana'));
      await repo.update('User', v1, user('u1', 'anna'));
      const before = await rowKeysOf(repo.directoryId);
      expect(await thrown(repo.delete('User', v1))).toBeInstanceOf(ConcurrencyConflict);
      expect(await rowKeysOf(repo.directoryId)).toEqual(before);
    });
  });

  describe('scan', () => {
    it('pages through 1,203 users 500 at a time, yielding each exactly once and nothing else', async () => {
      const repo = freshRepository();
      const partition = repo.directoryId;
      const ids = Array.from({ length: 1203 }, (_, i) => `user-${String(i).padStart(5, '0')}`);
      await seedUsers(repo, ids);
      // Rows of other kinds in the same partition, on both sides of the user range.
      await repo.create('User', 'indexed', user('indexed', 'indexed', { externalId: 'X' }));
      await repo.create('Group', 'g1', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'Sales' });
      await table.createEntity({ partitionKey: partition, rowKey: 'rpt:2026-01-01T00:00:00.000Z-00', report: '{}' });
      await table.createEntity({ partitionKey: partition, rowKey: keyRow('k1'), name: 'k' });

      const pages = await drain(repo, 500);
      const seen = pages.flat().map((r) => r.id);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every((p) => p.length <= 500)).toBe(true);
      expect(seen).toHaveLength(1204);
      expect(new Set(seen)).toEqual(new Set([...ids, 'indexed']));
      expect(pages.flat().find((r) => r.id === 'user-01202')?.doc.userName).toBe('user-01202');
    });

    it('yields nothing for an empty directory', async () => {
      expect((await drain(freshRepository(), 10)).flat()).toEqual([]);
    });
  });

  describe('tenant isolation', () => {
    it('keeps two directories on two partitions from seeing each other', async () => {
      const a = freshRepository();
      const b = freshRepository();
      const inA = await a.create('User', 'a1', user('a1', 'ana@contoso.example', { externalId: 'E-1' }));
      const inB = await b.create('User', 'b1', user('b1', 'ana@contoso.example', { externalId: 'E-1' }));
      await b.create('User', 'shared-id', user('shared-id', 'bob'));

      expect((await a.findBy('User', 'userName', 'ana@contoso.example')).map((r) => r.id)).toEqual(['a1']);
      expect((await b.findBy('User', 'userName', 'ana@contoso.example')).map((r) => r.id)).toEqual(['b1']);
      expect((await a.findBy('User', 'externalId', 'E-1')).map((r) => r.id)).toEqual(['a1']);
      expect(await a.get('User', 'b1')).toBeUndefined();
      expect(await a.get('User', 'shared-id')).toBeUndefined();
      expect((await drain(a, 100)).flat().map((r) => r.id)).toEqual(['a1']);

      await a.create('User', 'shared-id', user('shared-id', 'bob'));
      await a.delete('User', inA);
      expect(await b.get('User', 'b1')).toEqual(inB);
      expect((await drain(b, 100)).flat().map((r) => r.id).sort()).toEqual(['b1', 'shared-id']);
    });
  });

  describe('storage round trips', () => {
    it.each<[string, number, (repo: TableResourceRepository, existing: StoredResource) => Promise<unknown>]>([
      ['get', 1, (repo) => repo.get('User', 'u1')],
      ['create', 1, (repo) => repo.create('User', 'u2', user('u2', 'bob', { externalId: 'E-2' }))],
      // Entra's usual update: attributes change, an index row moves, the display name stays.
      ['update', 1, (repo, existing) => repo.update('User', existing, user('u1', 'ana', { externalId: 'E-9', active: false }))],
      ['findBy id', 1, (repo) => repo.findBy('User', 'id', 'u1')],
      ['findBy userName', 2, (repo) => repo.findBy('User', 'userName', 'ANA')],
      ['findBy userName that matches nothing', 1, (repo) => repo.findBy('User', 'userName', 'nobody')],
      ['findBy externalId with one match', 2, (repo) => repo.findBy('User', 'externalId', 'E-1')],
    ])('%s costs %i', async (_, expected, operation) => {
      const repo = freshRepository();
      const existing = await repo.create('User', 'u1', user('u1', 'ana', { externalId: 'E-1' }));
      const { trips } = await roundTrips(() => operation(repo, existing));
      expect(trips).toBe(expected);
    });
  });
});
