export interface Bounds {
  /** Most calls. */
  count: number;
  /** No call starts at or after this time (Date.now() milliseconds). */
  deadline: number;
  /** Calls in flight at once. */
  concurrency: number;
}

export interface BoundedRun {
  /** Calls made: indexes 0 .. done - 1. */
  done: number;
  stoppedBy: 'count' | 'time';
}

/**
 * Calls `task(0)`, `task(1)`, ... with at most `concurrency` in flight, until `count` calls were
 * made or `deadline` passed. Every loop of the bench goes through here or has its own bound.
 * The first failure stops new calls and is rethrown once the calls in flight have settled.
 */
export async function runBounded(bounds: Bounds, task: (index: number) => Promise<void>, now: () => number = Date.now): Promise<BoundedRun> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  let timedOut = false;
  const worker = async () => {
    while (!failure && next < bounds.count) {
      if (now() >= bounds.deadline) {
        timedOut = true;
        return;
      }
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(bounds.concurrency, bounds.count));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  return { done: next, stoppedBy: timedOut && next < bounds.count ? 'time' : 'count' };
}
