import { Pacer } from './pacer';

/**
 * Rows read per page: the memory a run holds is this many rows plus the counterparts read to
 * check them, whatever the size of the directory. Below Azure's 1,000 rows per query because
 * resource rows carry whole documents.
 */
export const PAGE_ROWS = 250;

/**
 * What one reconciliation run may still do: a time budget (ROSTER_RECONCILE_MAX_SECONDS) and,
 * optionally, a number of rows (ROSTER_RECONCILE_MAX_ROWS). Both are checked between pages;
 * the row budget also sizes the pages, so a run stops after exactly that many rows, which
 * makes the slices of a large directory deterministic. Its storage reads are paced
 * (ROSTER_RECONCILE_MAX_READS_PER_SECOND) to leave the partition to Entra.
 */
export class RunBudget {
  private readonly deadline: number;
  private rowsLeft: number;
  private readonly pacer?: Pacer;

  constructor(
    limits: { deadline: number; maxRows?: number; maxReadsPerSecond?: number },
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = limits.deadline;
    this.rowsLeft = limits.maxRows ?? Number.POSITIVE_INFINITY;
    if (limits.maxReadsPerSecond) this.pacer = new Pacer(limits.maxReadsPerSecond, now);
  }

  /** Waits until the run may start its next storage read. */
  async pace(): Promise<void> {
    await this.pacer?.take();
  }

  /** Rows the next page may read. */
  pageSize(): number {
    return Math.max(1, Math.min(PAGE_ROWS, this.rowsLeft));
  }

  spend(rows: number): void {
    this.rowsLeft -= rows;
  }

  exhausted(): boolean {
    return this.rowsLeft <= 0 || this.now() > this.deadline;
  }
}
