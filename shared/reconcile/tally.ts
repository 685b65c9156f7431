/**
 * What one pass of reconciliation over a directory has checked, repaired and purged so far.
 * A page of rows yields a tally, a run's slice sums its pages, and the checkpoint carries the
 * sum across runs, so a directory reconciled over several runs still gets one complete report.
 * Every part has a fixed bound (a few counters, the latest windows, a capped conflict list),
 * whatever the size of the directory.
 */
export interface Tally {
  /** Rows seen, by kind (users, groups, memberships, indexRows, journal, keys, stats, other). */
  checked: Record<string, number>;
  /** Rows repaired, by reason; a reason appears only once something was repaired for it. */
  repaired: Record<string, number>;
  /** Rows purged by retention: journal, keys, requestStats, users. */
  purged: Record<string, number>;
  /** Unique index rows two resources claim (a duplicate userName): reported, not repaired. */
  conflicts: string[];
  /** The latest lastUsed of any key: when Entra (or another client) was last seen. */
  lastSeen?: string;
  /** Requests and errors per Entra-cycle window, oldest first (the latest few only). */
  windows: RequestWindow[];
}

export interface RequestWindow {
  window: string;
  requests: number;
  errors: number;
}

/** The report shows this many of the latest request windows. */
export const REPORTED_WINDOWS = 6;

/**
 * Conflicts listed, at most. The list travels in the checkpoint and the report row, whose
 * properties Azure caps at 32K characters (a RowKey is up to 1K); the `uniquenessConflicts`
 * flag is raised whatever the count.
 */
export const MAX_LISTED_CONFLICTS = 20;

export function emptyTally(): Tally {
  return { checked: {}, repaired: {}, purged: {}, conflicts: [], windows: [] };
}

export function addTallies(a: Tally, b: Tally): Tally {
  const lastSeen = a.lastSeen === undefined || (b.lastSeen !== undefined && b.lastSeen > a.lastSeen) ? b.lastSeen : a.lastSeen;
  const sum: Tally = {
    checked: addCounts(a.checked, b.checked),
    repaired: addCounts(a.repaired, b.repaired),
    purged: addCounts(a.purged, b.purged),
    conflicts: [...new Set([...a.conflicts, ...b.conflicts])].slice(0, MAX_LISTED_CONFLICTS),
    windows: addWindows(a.windows, b.windows),
  };
  if (lastSeen !== undefined) sum.lastSeen = lastSeen;
  return sum;
}

/** Adds `n` (default 1) to a counter of a tally part. */
export function count(into: Record<string, number>, key: string, n = 1): void {
  if (n !== 0) into[key] = (into[key] ?? 0) + n;
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [key, n] of Object.entries(b)) count(sum, key, n);
  return sum;
}

/**
 * One window's rows (one per instance) can fall on both sides of a page or slice boundary, so
 * windows are summed by name. Keeping only the latest REPORTED_WINDOWS is exact: a window that
 * six later windows have pushed out can never come back.
 */
export function addWindows(a: RequestWindow[], b: RequestWindow[]): RequestWindow[] {
  const sums = new Map<string, RequestWindow>();
  for (const w of [...a, ...b]) {
    const sum = sums.get(w.window) ?? { window: w.window, requests: 0, errors: 0 };
    sum.requests += w.requests;
    sum.errors += w.errors;
    sums.set(w.window, sum);
  }
  return [...sums.values()].sort((x, y) => x.window.localeCompare(y.window)).slice(-REPORTED_WINDOWS);
}
