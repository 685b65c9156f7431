import { odata } from '@azure/data-tables';
import type { Entity, TablePartition } from './table-partition';

/** Azure's cap on entities returned by one query request. */
const MAX_ROWS_PER_REQUEST = 1000;

/** The rows of one page: `from <= RowKey < to`, and `RowKey > after` when `after` is given. */
export interface PageBounds {
  from: string;
  to: string;
  after?: string;
}

/**
 * At most `limit` rows of a key range and whether more follow, for pages that resume by key:
 * one query for `limit + 1` rows, repeated only if storage answers a short page with a
 * continuation (it may, e.g. at its time limit). Memory is bounded by `limit`. `after` is
 * exclusive, so the next page starts right after the last row returned, whatever was written
 * in between. The filter is built only with the `odata` template.
 */
export async function rangePage(part: TablePartition, bounds: PageBounds, limit: number): Promise<{ rows: Entity[]; more: boolean }> {
  const after = bounds.after !== undefined && bounds.after >= bounds.from ? bounds.after : undefined;
  if ((after ?? bounds.from) >= bounds.to) return { rows: [], more: false };
  const filter =
    after === undefined
      ? odata`PartitionKey eq ${part.partitionKey} and RowKey ge ${bounds.from} and RowKey lt ${bounds.to}`
      : odata`PartitionKey eq ${part.partitionKey} and RowKey gt ${after} and RowKey lt ${bounds.to}`;
  const rows: Entity[] = [];
  const pages = part.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit + 1, MAX_ROWS_PER_REQUEST) });
  for await (const page of pages) {
    rows.push(...(page as Entity[]));
    if (rows.length > limit) break;
  }
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
