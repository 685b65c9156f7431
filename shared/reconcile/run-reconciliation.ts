import type { TableClient } from '@azure/data-tables';
import type { Config } from '../config';
import type { DirectoryStore, ReconcileReport } from '../store/directory-store';
import { reconcileDirectory } from './reconcile-directory';

export interface RunResult {
  reports: ReconcileReport[];
  /** Set when the run stopped at its time budget: the directory the next run starts with. */
  checkpoint?: string;
}

/**
 * One reconciliation run (DESIGN.md §5): every directory in id order, starting where the last
 * run's checkpoint says; it stops at its time budget and leaves a checkpoint, so a deployment
 * with many directories is covered over several runs. Each directory gets a report row and
 * one structured log line.
 */
export async function runReconciliation(
  deps: { table: TableClient; directories: DirectoryStore; config: Pick<Config, 'reconcile'> },
  log: (line: string) => void,
  only?: string,
): Promise<RunResult> {
  const deadline = Date.now() + deps.config.reconcile.maxSeconds * 1000;
  const all = (await deps.directories.listDirectories()).map((d) => d.id).sort();
  const from = only ? undefined : await deps.directories.getCheckpoint();
  const queue = only ? all.filter((id) => id === only) : all.filter((id) => !from || id >= from);
  const reports: ReconcileReport[] = [];
  for (const [i, directoryId] of queue.entries()) {
    if (Date.now() > deadline && !only) {
      await deps.directories.setCheckpoint(directoryId);
      return { reports, checkpoint: directoryId };
    }
    const rules = { now: Date.now(), journalRetentionDays: deps.config.reconcile.journalRetentionDays, deactivatedRetentionDays: deps.config.reconcile.deactivatedRetentionDays };
    const report = await reconcileDirectory(deps.table, directoryId, rules);
    await deps.directories.putReport(report);
    log(JSON.stringify({ event: 'roster.reconcile', ...report }));
    reports.push(report);
    if (i === queue.length - 1 && !only) await deps.directories.setCheckpoint(undefined);
  }
  return { reports };
}
