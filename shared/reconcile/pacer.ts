/**
 * Spaces storage requests evenly so that at most `perSecond` start in any second. Reconciliation
 * checks rows with point reads in the same partition Entra is writing to, and Azure serves one
 * partition at up to about 2,000 operations a second: an unpaced pass over a large directory
 * could take that whole allowance and get Entra's writes throttled (503 ServerBusy).
 */
export class Pacer {
  private next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when the caller may start its request. */
  async take(): Promise<void> {
    const t = this.now();
    const at = Math.max(t, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > t) await this.sleep(at - t);
  }
}
