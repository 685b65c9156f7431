/**
 * An NCRONTAB schedule for the reconciliation timer that does not fire during the bench: once a
 * day, at the second one minute before `now` (the local host reads schedules in the machine's
 * time zone), so the next run is ~24 hours away. A reconcile pass walks the whole directory; in
 * the middle of a phase it would be counted as that phase's CPU and round trips.
 */
export function quietSchedule(now: Date): string {
  const at = new Date(now.getTime() - 60_000);
  return `${at.getSeconds()} ${at.getMinutes()} ${at.getHours()} * * *`;
}

/** Settings every process serving the bench's functions gets (the bench server, the cold starts). */
export function benchSettings(now: Date): Record<string, string> {
  return {
    ROSTER_RECONCILE_SCHEDULE: quietSchedule(now),
    // One key drives the whole bench; the bench measures the server, not the rate limiter.
    ROSTER_RATE_LIMIT_PER_SECOND: '100000',
    ROSTER_RATE_LIMIT_BURST: '1000000',
  };
}
