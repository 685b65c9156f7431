import { INDEXED_ATTRIBUTES, type PrefixPage, type ResourceTypeName, type StoredResource } from '../scim/repository';
import { toStored } from './resource-rows';
import { readRows } from './point-reads';
import { resourceRow, uniqueIndexPrefixRange, uniqueIndexRow, uniqueIndexValue } from './row-keys';
import type { TablePartition } from './table-partition';

/**
 * ResourceRepository.findByPrefix: one range read of the unique index rows whose value starts
 * with the prefix (`uix:<type>:<attr>:<encoded lower-cased value>`), then a point read of each
 * hit's resource row. Cost is O(limit) whatever the directory size: no scan of the
 * partition. The continuation is the lower-cased value of the last index row read, re-encoded on
 * the way back in, so a page resumes right after it. An index row whose resource is gone, or no
 * longer carries that value (drift the reconciler repairs), is skipped.
 */
export async function findByPrefix(
  part: TablePartition,
  type: ResourceTypeName,
  attr: string,
  prefix: string,
  limit: number,
  after?: string,
): Promise<PrefixPage> {
  if (!INDEXED_ATTRIBUTES[type].unique.includes(attr)) throw new Error(`${type}.${attr} has no unique index rows`);
  const range = uniqueIndexPrefixRange(type, attr, prefix);
  if (!range) return { resources: [] };
  const start = after === undefined ? undefined : uniqueIndexRow(type, attr, after);
  const { rows, more } = await part.page({ ...range, after: start }, limit);
  const lowered = prefix.toLowerCase();
  const read = await readRows(part, rows.map((row) => resourceRow(type, String(row.id))));
  const resources: StoredResource[] = [];
  for (const entity of read) {
    const r = entity && toStored(entity);
    const value = r?.doc[attr];
    if (r && typeof value === 'string' && value.toLowerCase().startsWith(lowered)) resources.push(r);
  }
  const last = rows[rows.length - 1];
  return more && last ? { resources, next: uniqueIndexValue(type, attr, String(last.rowKey)) } : { resources };
}
