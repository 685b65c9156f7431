import type { Timer } from '@azure/functions';
import { createInvocationContext, logFailure, type HostLog } from './invocation';
import { nextOccurrence, parseCron, resolveAppSettings, type CronSchedule } from './ncrontab';
import { registrations, type Registration } from './registration-capture';

/** setTimeout cannot wait longer than this; longer waits are taken in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Scheduled {
  registration: Registration;
  schedule: CronSchedule;
  last?: Date;
  next?: Date;
  handle?: NodeJS.Timeout;
}

/**
 * Runs timer registrations on their NCRONTAB schedules, in the machine's time zone as
 * `func start` does. Like the host, a timer never overlaps itself: the next occurrence is
 * computed when a run ends. Timers do not keep the process alive.
 */
export class TimerScheduler {
  readonly #log: HostLog;
  readonly #scheduled = new Map<string, Scheduled>();
  #stopped = false;

  constructor(log: HostLog) {
    this.#log = log;
  }

  /** Schedules every captured timer; throws if a schedule is invalid or names a missing setting. */
  start(): void {
    const timers = [...registrations().values()].filter((r) => r.kind === 'timer');
    for (const registration of timers) {
      const schedule = parseSchedule(registration);
      this.#scheduled.set(registration.name, { registration, schedule });
    }
    for (const entry of this.#scheduled.values()) {
      if (entry.registration.runOnStartup) void this.#runScheduled(entry);
      else this.#arm(entry);
    }
  }

  /** Runs one timer now, by hand; rejects if it is unknown or its handler fails. */
  async run(name: string): Promise<void> {
    const registration = registrations().get(name);
    if (!registration || registration.kind !== 'timer') throw new Error(`No timer function named "${name}".`);
    const scheduled = this.#scheduled.get(name);
    await this.#invoke(scheduled?.registration === registration ? scheduled : { registration, schedule: parseSchedule(registration) });
  }

  stop(): void {
    this.#stopped = true;
    for (const entry of this.#scheduled.values()) clearTimeout(entry.handle);
  }

  #arm(entry: Scheduled): void {
    if (this.#stopped) return;
    entry.next = nextOccurrence(entry.schedule, new Date());
    const wait = () => {
      const remaining = entry.next!.getTime() - Date.now();
      if (remaining > 0) {
        entry.handle = setTimeout(wait, Math.min(remaining, MAX_TIMEOUT_MS));
        entry.handle.unref();
      } else void this.#runScheduled(entry);
    };
    wait();
  }

  async #runScheduled(entry: Scheduled): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#invoke(entry);
    } catch {
      // Already logged by #invoke; a failed run does not stop the schedule.
    }
    this.#arm(entry);
  }

  async #invoke(entry: Scheduled): Promise<void> {
    const now = new Date();
    const next = nextOccurrence(entry.schedule, now);
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: (entry.last ?? now).toISOString(), next: next.toISOString(), lastUpdated: now.toISOString() },
    };
    entry.last = now;
    try {
      await entry.registration.handler(timer, createInvocationContext(entry.registration, this.#log));
    } catch (error) {
      logFailure(this.#log, entry.registration, error);
      throw error;
    }
  }
}

function parseSchedule(registration: Registration): CronSchedule {
  try {
    return parseCron(resolveAppSettings(registration.schedule ?? ''));
  } catch (error) {
    throw new Error(`Timer function "${registration.name}": ${(error as Error).message}`);
  }
}
