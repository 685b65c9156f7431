import type { MembersPage } from '../scim/repository';
import { readRows } from './point-reads';
import { memberRef } from './resource-rows';
import { groupMemberRow, groupMembersRange, resourceRow } from './row-keys';
import type { TablePartition } from './table-partition';

/**
 * ResourceRepository.membersPage: one range read of the group's member rows
 * (`gm:<group>:<user>`) resuming after the row of `after`, so a page costs O(pageSize) rows
 * wherever it starts. A name missing on a row is read from the user (a point read; a user that
 * is gone keeps none) for this page only: nothing is written back, so a read-only caller (the
 * admin console) stays read-only, unlike `members` during a SCIM GET.
 */
export async function membersPage(part: TablePartition, groupId: string, pageSize: number, after?: string): Promise<MembersPage> {
  const start = after === undefined ? undefined : groupMemberRow(groupId, after);
  const { rows, more } = await part.page({ ...groupMembersRange(groupId), after: start }, pageSize);
  const members = rows.map((r) => memberRef(String(r.userId), r.display));
  const unnamed = members.filter((m) => m.display === undefined);
  const users = await readRows(part, unnamed.map((m) => resourceRow('User', m.id)));
  unnamed.forEach((ref, i) => {
    const display = users[i]?.display;
    if (typeof display === 'string' && display !== '') ref.display = display;
  });
  const last = members[members.length - 1];
  return more && last ? { members, next: last.id } : { members };
}
