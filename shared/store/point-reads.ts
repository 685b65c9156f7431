import type { Entity, TablePartition } from './table-partition';

/** Point reads in flight at once: enough to hide latency, few enough not to flood a worker. */
const PARALLEL_READS = 25;

/** The rows of `rowKeys` (undefined where none), read in parallel a batch at a time. */
export async function readRows(part: TablePartition, rowKeys: string[]): Promise<Array<Entity | undefined>> {
  const out: Array<Entity | undefined> = [];
  for (let i = 0; i < rowKeys.length; i += PARALLEL_READS) {
    out.push(...(await Promise.all(rowKeys.slice(i, i + PARALLEL_READS).map((rowKey) => part.read(rowKey)))));
  }
  return out;
}
