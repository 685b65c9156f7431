import { randomBytes } from 'node:crypto';
import { RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import { INDEXED_ATTRIBUTES, type ResourceTypeName } from '../scim/repository';
import type { ReconcileReport } from '../store/directory-store';
import { decodeDoc } from '../store/doc-codec';
import { groupMemberRow, multiIndexRow, resourceRow, uniqueIndexRow, userGroupRow } from '../store/row-keys';
import { MAX_BATCH, TablePartition } from '../store/table-partition';
import { TableResourceRepository } from '../store/table-resource-repository';
import { DriftFinder, type Drift, type RetentionRules } from './find-drift';

/** Entra's provisioning cycle is about 40 minutes; quiet for two cycles is flagged. */
const ENTRA_CYCLE_MS = 40 * 60_000;
const RECONCILER = { keyId: 'reconciler', requestId: 'reconciliation' };

/**
 * One directory: stream its partition into a DriftFinder, then repair. Every repair of drift is
 * re-checked against the current rows first (a write may have landed since the scan), so a
 * run racing live traffic never deletes a row a finished write needs; purges by retention are
 * plain deletes. Idempotent: a second run finds nothing to repair.
 */
export async function reconcileDirectory(table: TableClient, directoryId: string, rules: RetentionRules): Promise<ReconcileReport> {
  const started = Date.now();
  const part = new TablePartition(table, directoryId);
  const finder = new DriftFinder(rules);
  for await (const page of part.range({ from: '', to: '\uffff' })) for (const row of page) finder.add(row);
  const drift = finder.result();
  const repaired: Record<string, number> = {};
  const purged: Record<string, number> = {};
  const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

  for (const d of drift.deletes) {
    if (d.reason === 'expiredJournal' || d.reason === 'expiredKey' || d.reason === 'expiredStats') continue;
    if (await stillDrift(part, d.rowKey)) {
      await deleteRow(part, d.rowKey);
      count(repaired, d.reason);
    }
  }
  await deleteRows(part, drift.deletes.filter((d) => d.reason === 'expiredJournal').map((d) => d.rowKey));
  await deleteRows(part, drift.deletes.filter((d) => d.reason === 'expiredKey').map((d) => d.rowKey));
  await deleteRows(part, drift.deletes.filter((d) => d.reason === 'expiredStats').map((d) => d.rowKey));
  purged.journal = drift.deletes.filter((d) => d.reason === 'expiredJournal').length;
  purged.keys = drift.deletes.filter((d) => d.reason === 'expiredKey').length;
  purged.requestStats = drift.deletes.filter((d) => d.reason === 'expiredStats').length;
  for (const c of drift.creates) if (await createIndexRow(part, c.rowKey, c.id)) count(repaired, 'missingIndex');
  purged.users = await purgeUsers(table, directoryId, drift, rules);
  return {
    id: `${new Date(started).toISOString()}-${randomBytes(4).toString('hex')}`,
    directoryId,
    started: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    checked: drift.checked,
    repaired,
    purged,
    conflicts: drift.conflicts,
    lastSeen: drift.lastSeen,
    windows: drift.windows,
    flags: healthFlags(drift, rules.now),
  };
}

/** Health: quiet (no key used for two Entra cycles), errors climbing, uniqueness conflicts. */
function healthFlags(drift: Drift, now: number): string[] {
  const flags: string[] = [];
  if (drift.lastSeen && Date.parse(drift.lastSeen) < now - 2 * ENTRA_CYCLE_MS) flags.push('quiet');
  if (drift.conflicts.length > 0) flags.push('uniquenessConflicts');
  if (errorsClimbing(drift.windows)) flags.push('errorsClimbing');
  return flags;
}

/** The latest window's error rate is above 5% and above the window before it. */
function errorsClimbing(windows: Drift['windows']): boolean {
  const rate = (w: Drift['windows'][number] | undefined) => (w && w.requests > 0 ? w.errors / w.requests : 0);
  const latest = windows.at(-1);
  const previous = windows.at(-2);
  return latest !== undefined && rate(latest) > 0.05 && rate(latest) > rate(previous);
}

/** Re-reads what a drift verdict rests on; false when the scan's picture is out of date. */
async function stillDrift(part: TablePartition, rowKey: string): Promise<boolean> {
  const row = await part.read(rowKey);
  if (!row) return false;
  if (row.kind === 'gm' || row.kind === 'ug') return !(await pairIsWhole(part, String(row.groupId), String(row.userId)));
  return !(await indexIsRight(part, rowKey, String(row.id)));
}

/** Both halves of the pair and both of its ends exist. */
async function pairIsWhole(part: TablePartition, groupId: string, userId: string): Promise<boolean> {
  const rows = await Promise.all([
    part.read(groupMemberRow(groupId, userId)),
    part.read(userGroupRow(userId, groupId)),
    part.read(resourceRow('User', userId)),
    part.read(resourceRow('Group', groupId)),
  ]);
  return rows.every((r) => r !== undefined);
}

/** Whether the index row `rowKey` -> `id` is one the resource `id` has now. */
async function indexIsRight(part: TablePartition, rowKey: string, id: string): Promise<boolean> {
  const type: ResourceTypeName = rowKey.startsWith('uix:user:') || rowKey.startsWith('mix:user:') ? 'User' : 'Group';
  const resource = await part.read(resourceRow(type, id));
  if (!resource) return false;
  const doc = decodeDoc(resource);
  const spec = INDEXED_ATTRIBUTES[type];
  const keys = [
    ...spec.unique.filter((a) => typeof doc[a] === 'string').map((a) => uniqueIndexRow(type, a, doc[a] as string)),
    ...spec.multi.filter((a) => typeof doc[a] === 'string').map((a) => multiIndexRow(type, a, doc[a] as string, id)),
  ];
  return keys.includes(rowKey);
}

async function createIndexRow(part: TablePartition, rowKey: string, id: string): Promise<boolean> {
  if (!(await indexIsRight(part, rowKey, id))) return false;
  const existing = await part.read(rowKey);
  if (existing?.id === id) return false;
  if (existing && (await indexIsRight(part, rowKey, String(existing.id)))) return false;
  await part.table.upsertEntity(part.entity(rowKey, { kind: 'ix', id }), 'Replace');
  return true;
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
async function purgeUsers(table: TableClient, directoryId: string, drift: Drift, rules: RetentionRules): Promise<number> {
  const repo = new TableResourceRepository(table, directoryId, RECONCILER);
  let purged = 0;
  for (const id of drift.purgeUsers) {
    const user = await repo.get('User', id);
    const cutoff = rules.now - rules.deactivatedRetentionDays * 86_400_000;
    if (!user || user.doc.active !== false || Date.parse(user.lastModified) >= cutoff) continue;
    await repo.delete('User', user).catch(() => undefined);
    purged++;
  }
  return purged;
}
