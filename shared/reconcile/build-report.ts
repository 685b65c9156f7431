import type { ReconcileReport } from '../store/directory-store';
import type { DirectoryProgress } from './checkpoint';
import type { Tally } from './tally';

/** Entra's provisioning cycle is about 40 minutes; quiet for two cycles is flagged. */
const ENTRA_CYCLE_MS = 40 * 60_000;

/**
 * The report of a finished pass: the sums over all of its runs. `started` is when the first
 * run began, `durationMs` the working time of all runs, `runs` how many there were. The four
 * purge counters are always present, as they were before passes could span runs.
 */
export function buildReport(directoryId: string, pass: DirectoryProgress, now: number): ReconcileReport {
  const t = pass.tally;
  return {
    id: pass.reportId,
    directoryId,
    started: pass.started,
    durationMs: pass.durationMs,
    checked: t.checked,
    repaired: t.repaired,
    purged: { journal: 0, keys: 0, requestStats: 0, users: 0, ...t.purged },
    conflicts: t.conflicts,
    lastSeen: t.lastSeen,
    windows: t.windows,
    flags: healthFlags(t, now),
    runs: pass.runs,
  };
}

/** Health: quiet (no key used for two Entra cycles), errors climbing, uniqueness conflicts. */
function healthFlags(t: Tally, now: number): string[] {
  const flags: string[] = [];
  if (t.lastSeen && Date.parse(t.lastSeen) < now - 2 * ENTRA_CYCLE_MS) flags.push('quiet');
  if (t.conflicts.length > 0) flags.push('uniquenessConflicts');
  if (errorsClimbing(t.windows)) flags.push('errorsClimbing');
  return flags;
}

/** The latest window's error rate is above 5% and above the window before it. */
function errorsClimbing(windows: Tally['windows']): boolean {
  const rate = (w: Tally['windows'][number] | undefined) => (w && w.requests > 0 ? w.errors / w.requests : 0);
  const latest = windows.at(-1);
  const previous = windows.at(-2);
  return latest !== undefined && rate(latest) > 0.05 && rate(latest) > rate(previous);
}
