import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';

/** Entra's provisioning cycle is about 40 minutes; requests are counted in windows of that size. */
export const WINDOW_MS = 40 * 60_000;
const FLUSH_EVERY_MS = 60_000;

/**
 * Requests and errors per directory and window, for provisioning health (issue: reconciliation
 * reports). Each instance counts in memory and writes its own row per directory and window,
 * `hc:<window start>:<instance>`, at most once a minute and off the request's path, so no two
 * instances ever write the same row and no read is needed. Counts lag by up to a minute.
 */
export class RequestStats {
  private readonly counts = new Map<string, { directoryId: string; window: string; requests: number; errors: number; dirty: boolean }>();
  private lastFlush = 0;
  private readonly instance = randomBytes(6).toString('hex');

  constructor(
    private readonly table: TableClient,
    private readonly now: () => number = Date.now,
  ) {}

  record(directoryId: string, error: boolean): void {
    const window = new Date(Math.floor(this.now() / WINDOW_MS) * WINDOW_MS).toISOString();
    const key = `${directoryId}\n${window}`;
    const entry = this.counts.get(key) ?? { directoryId, window, requests: 0, errors: 0, dirty: true };
    entry.requests++;
    if (error) entry.errors++;
    entry.dirty = true;
    this.counts.set(key, entry);
    if (this.now() - this.lastFlush >= FLUSH_EVERY_MS) void this.flush().catch(() => undefined);
  }

  /** Writes every changed count; entries of past windows are dropped once written. */
  async flush(): Promise<void> {
    this.lastFlush = this.now();
    const current = new Date(Math.floor(this.now() / WINDOW_MS) * WINDOW_MS).toISOString();
    for (const [key, e] of this.counts) {
      if (!e.dirty) continue;
      e.dirty = false;
      await this.table.upsertEntity(
        { partitionKey: e.directoryId, rowKey: `hc:${e.window}:${this.instance}`, kind: 'hc', window: e.window, requests: e.requests, errors: e.errors },
        'Replace',
      );
      if (e.window < current) this.counts.delete(key);
    }
  }
}
