import type { TableClient } from '@azure/data-tables';
import type { Config } from '../config';
import type { DirectoryStore, ReconcileReport } from '../store/directory-store';
import { reconcileDirectory } from './reconcile-directory';
import { RunBudget } from './run-budget';

export interface RunResult {
  /** Reports of the directories whose pass this run finished. */
  reports: ReconcileReport[];
  /** Set when the run stopped at its budget: the directory the next run starts with. */
  checkpoint?: string;
  /** Set when it stopped inside that directory: where its pass stands (the next run resumes there). */
  progress?: { directoryId: string; phase: string; after: string; runs: number };
}

/** One line for an admin when a run stopped at its budget (the timer's log, the CLI); undefined when it finished. */
export function describeStop(result: RunResult): string | undefined {
  if (!result.checkpoint) return undefined;
  if (result.progress) {
    const p = result.progress;
    return `Stopped at the run's budget (time or rows) inside directory "${p.directoryId}" (${p.phase}, after ${p.runs} run${p.runs === 1 ? '' : 's'}); the next run resumes there.`;
  }
  return `Stopped at the run's budget (time or rows); the next run starts at directory "${result.checkpoint}".`;
}

/**
 * One reconciliation run (DESIGN.md §5): every directory in id order, starting where the last
 * run's checkpoint says, within the run's budget (ROSTER_RECONCILE_MAX_SECONDS, and
 * ROSTER_RECONCILE_MAX_ROWS when set). A directory too large for what is left is worked on
 * until the budget runs out and resumed by the next run from its own checkpoint, so both many
 * directories and one huge directory are covered over several runs. `only` reconciles one
 * directory (resuming its pass if one is open) without moving the run's checkpoint.
 */
export async function runReconciliation(
  deps: { table: TableClient; directories: DirectoryStore; config: Pick<Config, 'reconcile'> },
  log: (line: string) => void,
  only?: string,
): Promise<RunResult> {
  const settings = deps.config.reconcile;
  const budget = new RunBudget({ deadline: Date.now() + settings.maxSeconds * 1000, maxRows: settings.maxRows, maxReadsPerSecond: settings.maxReadsPerSecond });
  const all = (await deps.directories.listDirectories()).map((d) => d.id).sort();
  const from = only ? undefined : await deps.directories.getCheckpoint();
  const queue = only ? all.filter((id) => id === only) : all.filter((id) => !from || id >= from);
  const reports: ReconcileReport[] = [];
  for (const directoryId of queue) {
    if (budget.exhausted()) return stop(deps.directories, only, { reports, checkpoint: directoryId });
    const rules = { now: Date.now(), journalRetentionDays: settings.journalRetentionDays, deactivatedRetentionDays: settings.deactivatedRetentionDays };
    const slice = await reconcileDirectory(deps, directoryId, rules, budget, log);
    if (slice.report) reports.push(slice.report);
    if (slice.progress) {
      const { phase, after, runs } = slice.progress;
      return stop(deps.directories, only, { reports, checkpoint: directoryId, progress: { directoryId, phase, after, runs } });
    }
  }
  if (!only) await deps.directories.setCheckpoint(undefined);
  return { reports };
}

/** A run over every directory leaves the run's checkpoint; a run of one directory leaves only that directory's. */
async function stop(directories: DirectoryStore, only: string | undefined, result: RunResult): Promise<RunResult> {
  if (!only) await directories.setCheckpoint(result.checkpoint);
  return result;
}
