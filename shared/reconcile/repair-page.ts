import { RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import { MAX_BATCH, type TablePartition } from '../store/table-partition';
import { ConcurrencyConflict } from '../scim/repository';
import { TableResourceRepository } from '../store/table-resource-repository';
import type { PageFindings, RetentionRules } from './check-page';
import { indexIsRight, pairState, type ReadRow } from './counterparts';
import { count, type Tally } from './tally';

const RECONCILER = { keyId: 'reconciler', requestId: 'reconciliation' };

/**
 * Writes what checkPage found, in this order: drift deletes, retention purges, missing index
 * rows, deactivated users. Every repair of drift is re-checked against the current rows first
 * (a write may have landed since the page was checked), so a run racing live traffic never
 * deletes a row a finished write needs; purges by retention are plain deletes. Resolves the
 * page's tally with what was actually repaired and purged.
 */
export async function repairPage(table: TableClient, part: TablePartition, found: PageFindings, rules: RetentionRules): Promise<Tally> {
  const tally = found.tally;
  const deleted = new Set<string>();
  for (const d of found.deletes) {
    if (deleted.has(d.rowKey)) continue;
    deleted.add(d.rowKey);
    if (await stillDrift(part, d.rowKey)) {
      await deleteRow(part, d.rowKey);
      count(tally.repaired, d.reason);
    }
  }
  for (const [what, rowKeys] of Object.entries(found.expired)) {
    await deleteRows(part, rowKeys);
    count(tally.purged, what, rowKeys.length);
  }
  for (const c of found.creates) {
    const outcome = await createIndexRow(part, c.rowKey, c.id);
    if (outcome === 'created') count(tally.repaired, 'missingIndex');
    if (outcome === 'taken') tally.conflicts.push(c.rowKey);
  }
  count(tally.purged, 'users', await purgeUsers(table, part.partitionKey, found.purgeUsers, rules));
  return tally;
}

/** Re-reads what a drift verdict rests on; false when the page's picture is out of date. */
async function stillDrift(part: TablePartition, rowKey: string): Promise<boolean> {
  const row = await part.read(rowKey);
  if (!row) return false;
  const read: ReadRow = (key) => part.read(key);
  if (row.kind === 'gm' || row.kind === 'ug') {
    const { halves, ends } = await pairState(read, String(row.groupId), String(row.userId));
    return !(halves && ends);
  }
  return !(await indexIsRight(read, rowKey, String(row.id)));
}

/**
 * Writes the index row `rowKey` -> `id` unless the resource no longer wants it, it is already
 * there, or another resource that claims the same unique value holds it ('taken': a conflict).
 */
async function createIndexRow(part: TablePartition, rowKey: string, id: string): Promise<'created' | 'taken' | 'unneeded'> {
  const read: ReadRow = (key) => part.read(key);
  if (!(await indexIsRight(read, rowKey, id))) return 'unneeded';
  const existing = await part.read(rowKey);
  if (existing?.id === id) return 'unneeded';
  if (existing && (await indexIsRight(read, rowKey, String(existing.id)))) return 'taken';
  await part.table.upsertEntity(part.entity(rowKey, { kind: 'ix', id }), 'Replace');
  return 'created';
}

async function deleteRow(part: TablePartition, rowKey: string): Promise<void> {
  try {
    await part.table.deleteEntity(part.partitionKey, rowKey);
  } catch (e) {
    if (!(e instanceof RestError && e.statusCode === 404)) throw e;
  }
}

/** Retention purges, 100 to a transaction; a row already gone is skipped. */
async function deleteRows(part: TablePartition, rowKeys: string[]): Promise<void> {
  for (let i = 0; i < rowKeys.length; i += MAX_BATCH) {
    const chunk = rowKeys.slice(i, i + MAX_BATCH);
    try {
      await part.submit(chunk.map((rowKey): TransactionAction => ['delete', part.entity(rowKey)]));
    } catch {
      for (const rowKey of chunk) await deleteRow(part, rowKey);
    }
  }
}

/** Deactivated users past retention go through the repository: memberships, index rows and a journal row. */
async function purgeUsers(table: TableClient, directoryId: string, ids: string[], rules: RetentionRules): Promise<number> {
  const repo = new TableResourceRepository(table, directoryId, RECONCILER);
  let purged = 0;
  for (const id of ids) {
    const user = await repo.get('User', id);
    const cutoff = rules.now - rules.deactivatedRetentionDays * 86_400_000;
    if (!user || user.doc.active !== false || Date.parse(user.lastModified) >= cutoff) continue;
    try {
      await repo.delete('User', user);
      purged++;
    } catch (e) {
      // Deleted or changed meanwhile (e.g. revived by Entra): not purged, and not an error.
      if (!(e instanceof ConcurrencyConflict)) throw e;
    }
  }
  return purged;
}
