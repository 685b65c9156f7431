/**
 * What a list learned about a query (its match count, where its pages start in storage, its
 * sorted order), kept in this instance's memory so that the next page of the same query costs
 * O(page) instead of a rescan. Entries are per directory and query; an entry is dropped when
 * it is older than `ttlMs`, and at once when this instance writes to the directory (every
 * write through the services bumps the directory's generation). Least recently used entries go
 * first once the total weight passes `maxWeight`. Nothing here is needed for correctness: a
 * miss means a rescan.
 */
export class PagingCache {
  private readonly generations = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private weight = 0;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxWeight = 500_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The directory's current generation; read it before computing what you will `put`. */
  generation(directoryId: string): number {
    return this.generations.get(directoryId) ?? 0;
  }

  /** Something in the directory changed: forget everything learned about it. */
  invalidate(directoryId: string): void {
    this.generations.set(directoryId, this.generation(directoryId) + 1);
  }

  get<T>(directoryId: string, key: string): T | undefined {
    const id = entryId(directoryId, key);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.generation !== this.generation(directoryId) || entry.expires <= this.now()) {
      this.remove(id, entry);
      return undefined;
    }
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value as T;
  }

  /** Keeps `value` unless the directory changed since `generation` was read. */
  put(directoryId: string, key: string, generation: number, value: unknown, weight = 1): void {
    if (generation !== this.generation(directoryId) || weight > this.maxWeight) return;
    const id = entryId(directoryId, key);
    const old = this.entries.get(id);
    if (old) this.remove(id, old);
    this.entries.set(id, { generation, expires: this.now() + this.ttlMs, weight, value });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.remove(oldest, entry);
    }
  }

  private remove(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.weight -= entry.weight;
  }
}

interface Entry {
  generation: number;
  expires: number;
  weight: number;
  value: unknown;
}

function entryId(directoryId: string, key: string): string {
  return `${directoryId}\u0000${key}`;
}

/** The one cache of this worker, shared by every service instance. */
export const pagingCache = new PagingCache();
