import type { TransactionAction } from '@azure/data-tables';
import { BatchFailure, MAX_BATCH, type TablePartition } from './table-partition';

/**
 * Writes that belong together (a membership row pair and its guard) as one unit that never
 * splits across transactions, packed into as few entity-group transactions as fit.
 */
export interface WriteUnit<T> {
  key: T;
  actions: TransactionAction[];
}

/**
 * What to do when operation `index` of `unit` failed with `failure`: a replacement unit (e.g.
 * without rows that turned out not to exist), or undefined to drop the unit.
 */
export type RepairUnit<T> = (unit: WriteUnit<T>, index: number, failure: BatchFailure) => Promise<WriteUnit<T> | undefined>;

/**
 * Operations that open every transaction: `size` of them, built for the units that
 * transaction carries (e.g. a Merge into the group row and a journal row naming the members).
 */
export interface BatchHead<T> {
  size: number;
  build(batch: WriteUnit<T>[]): TransactionAction[];
}

/**
 * Submits `units` in transactions of at most 100 operations, each opened by `head` when
 * given. A failed transaction is retried after `repair` fixed or dropped the failing unit, so
 * one bad unit costs one extra round trip and never blocks the others; a failure in `head`
 * itself is rethrown. Returns the ETag the first head operation got in the last transaction.
 */
export async function writeUnits<T>(part: TablePartition, units: WriteUnit<T>[], repair: RepairUnit<T>, head?: BatchHead<T>): Promise<string | undefined> {
  let headEtag: string | undefined;
  const queue = [...units];
  const headSize = head?.size ?? 0;
  while (queue.length > 0) {
    const batch = takeBatch(queue, MAX_BATCH - headSize);
    for (let attempt = 0; batch.length > 0; attempt++) {
      const actions = [...(head ? head.build(batch) : []), ...batch.flatMap((u) => u.actions)];
      try {
        const etags = await part.submit(actions);
        if (head) headEtag = etags[0];
        break;
      } catch (e) {
        if (!(e instanceof BatchFailure) || attempt > batch.length) throw e;
        const at = locate(batch, e.index - headSize);
        if (!at) throw e;
        const fixed = await repair(batch[at.unit]!, at.offset, e);
        if (fixed && fixed.actions.length > 0) batch[at.unit] = fixed;
        else batch.splice(at.unit, 1);
      }
    }
  }
  return headEtag;
}

function takeBatch<T>(queue: WriteUnit<T>[], room: number): WriteUnit<T>[] {
  const batch: WriteUnit<T>[] = [];
  let size = 0;
  while (queue.length > 0 && size + queue[0]!.actions.length <= room) {
    const unit = queue.shift()!;
    size += unit.actions.length;
    batch.push(unit);
  }
  return batch;
}

function locate<T>(batch: WriteUnit<T>[], index: number): { unit: number; offset: number } | undefined {
  if (index < 0) return undefined;
  let start = 0;
  for (let unit = 0; unit < batch.length; unit++) {
    const length = batch[unit]!.actions.length;
    if (index < start + length) return { unit, offset: index - start };
    start += length;
  }
  return undefined;
}
