import type { ReconcileProgressRow } from '../store/directory-store';
import type { Tally } from './tally';

/**
 * A directory's unfinished reconciliation pass, kept in the registry between runs
 * (DirectoryStore.putReconcileProgress). The pass walks the partition once in RowKey order and
 * checks every row against its counterparts with point reads, so nothing but the continuation
 * is needed to resume: `after`, the last RowKey processed. The rest is the report so far.
 */
export interface DirectoryProgress {
  /** The report the pass will write: fixed at its start, so finishing twice writes one report. */
  reportId: string;
  /** When the pass's first run started. */
  started: string;
  /** The last RowKey processed; '' before the first page. The next page starts after it. */
  after: string;
  /** The kind of row the walk has reached (memberships, journal, keys, indexRows, users...): for people and logs. */
  phase: string;
  /** Runs that have worked on the pass, this one included. */
  runs: number;
  /** Working time summed over those runs (the time between runs is not counted). */
  durationMs: number;
  tally: Tally;
}

/** Bumped when the stored shape changes; a checkpoint of another version restarts its directory. */
const VERSION = 1;

export function encodeProgress(p: DirectoryProgress): ReconcileProgressRow {
  return { v: VERSION, reportId: p.reportId, started: p.started, after: p.after, phase: p.phase, runs: p.runs, durationMs: p.durationMs, tally: JSON.stringify(p.tally) };
}

/** The stored pass, or undefined when the row is of another version or damaged (the directory starts over). */
export function decodeProgress(row: ReconcileProgressRow): DirectoryProgress | undefined {
  const { v, reportId, started, after, phase, runs, durationMs, tally } = row;
  if (v !== VERSION || typeof reportId !== 'string' || typeof started !== 'string' || typeof after !== 'string' || typeof phase !== 'string') return undefined;
  if (typeof runs !== 'number' || typeof durationMs !== 'number' || typeof tally !== 'string') return undefined;
  const parsed = parseTally(tally);
  return parsed && { reportId, started, after, phase, runs, durationMs, tally: parsed };
}

function parseTally(text: string): Tally | undefined {
  try {
    const t = JSON.parse(text) as Partial<Tally> | null;
    if (!t || !isCounts(t.checked) || !isCounts(t.repaired) || !isCounts(t.purged) || !Array.isArray(t.conflicts) || !Array.isArray(t.windows)) return undefined;
    if (t.lastSeen !== undefined && typeof t.lastSeen !== 'string') return undefined;
    return t as Tally;
  } catch {
    return undefined;
  }
}

function isCounts(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((n) => typeof n === 'number');
}
