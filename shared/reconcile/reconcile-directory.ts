import { randomBytes } from 'node:crypto';
import { RestError, type TableClient } from '@azure/data-tables';
import type { DirectoryStore, ReconcileReport } from '../store/directory-store';
import { PacedPartition } from './paced-partition';
import { buildReport } from './build-report';
import { checkPage, rowKind, type RetentionRules } from './check-page';
import { decodeProgress, encodeProgress, type DirectoryProgress } from './checkpoint';
import { repairPage } from './repair-page';
import type { RunBudget } from './run-budget';
import { addTallies, emptyTally, type Tally } from './tally';

export interface DirectorySlice {
  /** Set when this run finished the directory's pass. */
  report?: ReconcileReport;
  /** The pass as this run left it, when the budget ran out first. */
  progress?: DirectoryProgress;
  /** Another run (the timer and a manual run at once) advanced the pass meanwhile; this one left it. */
  superseded?: boolean;
}

/**
 * One run's share of a directory's reconciliation pass (DESIGN.md §5). The pass walks the
 * partition in RowKey order, a page at a time, checking each row against its counterparts
 * (checkPage) and repairing what is still wrong (repairPage); idempotent, so a second pass
 * repairs nothing. After each page the pass is saved in the registry, so a directory too large
 * for the run's budget is resumed by the next run (timer or manual) right after the last RowKey
 * processed. The run that walks past the last row writes the report, with counts summed over
 * all runs of the pass, and removes the checkpoint. Each call logs one line: the report when
 * the pass finished, otherwise `roster.reconcile.slice` with this run's counts.
 */
export async function reconcileDirectory(
  deps: { table: TableClient; directories: DirectoryStore },
  directoryId: string,
  rules: RetentionRules,
  budget: RunBudget,
  log: (line: string) => void,
): Promise<DirectorySlice> {
  const startedAt = Date.now();
  const part = new PacedPartition(deps.table, directoryId, () => budget.pace());
  const saved = await deps.directories.getReconcileProgress(directoryId);
  const prior = (saved && decodeProgress(saved.row)) ?? newPass(startedAt);
  const pass: DirectoryProgress = { ...prior, runs: prior.runs + 1 };
  let etag = saved?.etag;
  let slice = emptyTally();
  let rows = 0;
  for (;;) {
    const page = await part.page({ from: '', to: '\uffff', after: pass.after || undefined }, budget.pageSize());
    budget.spend(page.rows.length);
    rows += page.rows.length;
    const lastRow = page.rows.at(-1);
    if (lastRow) {
      const tally = await repairPage(deps.table, part, await checkPage(part, page.rows, rules), rules);
      slice = addTallies(slice, tally);
      pass.tally = addTallies(pass.tally, tally);
      pass.after = lastRow.rowKey;
      pass.phase = rowKind(lastRow.rowKey, lastRow);
    }
    pass.durationMs = prior.durationMs + (Date.now() - startedAt);
    if (!page.more) break;
    etag = await deps.directories.putReconcileProgress(directoryId, encodeProgress(pass), etag);
    if (etag === undefined) {
      log(sliceLine(directoryId, pass, slice, rows, startedAt, { superseded: true }));
      return { superseded: true };
    }
    if (budget.exhausted()) {
      log(sliceLine(directoryId, pass, slice, rows, startedAt));
      return { progress: pass };
    }
  }
  const report = buildReport(directoryId, pass, rules.now);
  await putReportOnce(deps.directories, report);
  if (etag !== undefined) await deps.directories.clearReconcileProgress(directoryId, etag);
  log(JSON.stringify({ event: 'roster.reconcile', ...report, slice: sliceCounts(pass, slice, rows, startedAt) }));
  return { report };
}

function newPass(now: number): DirectoryProgress {
  const started = new Date(now).toISOString();
  return { reportId: `${started}-${randomBytes(4).toString('hex')}`, started, after: '', phase: 'start', runs: 0, durationMs: 0, tally: emptyTally() };
}

/** A pass finished twice (a run died between its report and clearing the checkpoint) keeps its first report. */
async function putReportOnce(directories: DirectoryStore, report: ReconcileReport): Promise<void> {
  try {
    await directories.putReport(report);
  } catch (e) {
    if (!(e instanceof RestError && e.statusCode === 409)) throw e;
  }
}

/** The log line of a run that left the pass unfinished: where the pass stands, and this run's own counts. */
function sliceLine(directoryId: string, pass: DirectoryProgress, slice: Tally, rows: number, startedAt: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ event: 'roster.reconcile.slice', directoryId, reportId: pass.reportId, phase: pass.phase, ...sliceCounts(pass, slice, rows, startedAt), ...extra });
}

/** What one run did for a pass: summed over a pass's runs, these make its report. */
function sliceCounts(pass: DirectoryProgress, slice: Tally, rows: number, startedAt: number): Record<string, unknown> {
  const { checked, repaired, purged, conflicts } = slice;
  return { run: pass.runs, rows, durationMs: Date.now() - startedAt, checked, repaired, purged, conflicts: conflicts.length };
}
