import type { ResourceTypeName, ScanPage, StoredResource } from '../scim/repository';
import { KIND, toStored, userFromRows } from './resource-rows';
import { resourceRange, resourceWithChildrenRange } from './row-keys';
import type { Entity, TablePartition } from './table-partition';

/**
 * ResourceRepository.scanPage over a directory partition, usually one storage request. The
 * continuation is a resource id: the next page starts at the first RowKey after that resource's
 * rows (its own row and, for a user, its reverse membership rows), which is what a Table
 * continuation token holds too, so a page costs O(pageSize) rows wherever it starts. A user
 * whose membership rows run past the end of a storage page is left for the next page (it is
 * complete only once the next resource row, or the end of the range, has been seen).
 */
export async function scanPage(part: TablePartition, type: ResourceTypeName, pageSize: number, after?: string): Promise<ScanPage> {
  const all = resourceRange(type);
  const from = after === undefined ? all.from : resourceWithChildrenRange(type, after).to;
  const out: StoredResource[] = [];
  let pending: Entity[] = [];
  for await (const rows of part.range({ from, to: all.to }, Math.max(1, pageSize))) {
    for (const row of rows) {
      if (row.kind !== KIND.resource) {
        if (pending.length > 0) pending.push(row);
        continue;
      }
      if (pending.length > 0) out.push(fromRows(type, pending));
      pending = [row];
    }
    if (isLastPage(rows)) break;
    if (out.length > 0) return { resources: out, next: out[out.length - 1]!.id };
  }
  if (pending.length > 0) out.push(fromRows(type, pending));
  return { resources: out };
}

/** The SDK marks every page but the last with a continuation token. */
function isLastPage(rows: Entity[]): boolean {
  return !(rows as Entity[] & { continuationToken?: string }).continuationToken;
}

function fromRows(type: ResourceTypeName, rows: Entity[]): StoredResource {
  return type === 'User' ? userFromRows(rows)! : toStored(rows[0]!);
}
