import { INDEXED_ATTRIBUTES, type ResourceTypeName } from '../scim/repository';
import { decodeDoc } from '../store/doc-codec';
import { groupMemberRow, multiIndexRow, resourceRow, uniqueIndexRow, userGroupRow } from '../store/row-keys';
import type { Entity, TablePartition } from '../store/table-partition';

/**
 * What a row is checked against (DESIGN.md §3): an index row against its resource, a resource
 * against its index rows, a membership row against its twin and both of its ends. The checks
 * take a reader, so the same rule serves the page walk (pageReader) and the re-check right
 * before a repair is written (live point reads).
 */
export type ReadRow = (rowKey: string) => Promise<Entity | undefined>;

/**
 * Point reads for one page of the walk: each row is read at most once, and the page's own rows
 * count as read. Dropped with the page, so what it holds is bounded by the page, not by the
 * directory.
 */
export function pageReader(part: TablePartition, rows: Entity[]): ReadRow {
  const reads = new Map<string, Promise<Entity | undefined>>(rows.map((r) => [r.rowKey, Promise.resolve(r)]));
  return (rowKey) => {
    let read = reads.get(rowKey);
    if (!read) {
      read = part.read(rowKey);
      reads.set(rowKey, read);
    }
    return read;
  };
}

/** The index rows a resource with this document should have. */
export function indexRowsOf(type: ResourceTypeName, id: string, doc: Record<string, unknown>): { rowKey: string; unique: boolean }[] {
  const spec = INDEXED_ATTRIBUTES[type];
  return [
    ...spec.unique.filter((a) => typeof doc[a] === 'string').map((a) => ({ rowKey: uniqueIndexRow(type, a, doc[a] as string), unique: true })),
    ...spec.multi.filter((a) => typeof doc[a] === 'string').map((a) => ({ rowKey: multiIndexRow(type, a, doc[a] as string, id), unique: false })),
  ];
}

/** Whether the index row `rowKey` -> `id` is one the resource `id` has now. */
export async function indexIsRight(read: ReadRow, rowKey: string, id: string): Promise<boolean> {
  const type: ResourceTypeName = rowKey.startsWith('uix:user:') || rowKey.startsWith('mix:user:') ? 'User' : 'Group';
  const resource = await read(resourceRow(type, id));
  return resource !== undefined && indexRowsOf(type, id, decodeDoc(resource)).some((r) => r.rowKey === rowKey);
}

/** Whether both halves of the membership pair exist, and both of its ends. */
export async function pairState(read: ReadRow, groupId: string, userId: string): Promise<{ halves: boolean; ends: boolean }> {
  const [groupSide, userSide, user, group] = await Promise.all([
    read(groupMemberRow(groupId, userId)),
    read(userGroupRow(userId, groupId)),
    read(resourceRow('User', userId)),
    read(resourceRow('Group', groupId)),
  ]);
  return { halves: groupSide !== undefined && userSide !== undefined, ends: user !== undefined && group !== undefined };
}
