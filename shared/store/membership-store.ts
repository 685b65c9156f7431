import type { TransactionAction } from '@azure/data-tables';
import { ScimError } from '../scim/errors';
import { ConcurrencyConflict, type MemberChange, type MemberRef, type ResourceTypeName, type StoredResource } from '../scim/repository';
import { writeUnits, type BatchHead, type RepairUnit, type WriteUnit } from './batch-writer';
import { journalAction, type Actor } from './journal';
import { displayOf, KIND, memberRef, newVersion } from './resource-rows';
import { groupMemberRow, groupMembersRange, resourceRange, resourceRow, userGroupRow, userGroupsRange } from './row-keys';
import { BatchFailure, MAX_BATCH, type TablePartition } from './table-partition';

/** Parallel point reads when filling in member display names. */
const DISPLAY_READS = 16;
/** Missing names in one read of a group beyond which the users are scanned once instead. */
const SCAN_THRESHOLD = 200;

/**
 * Group membership as row pairs in the directory partition (DESIGN.md §3): `gm:<group>:<user>`
 * for the group's `members` and `res:user:<user>:g:<group>` for the user's `groups`. A pair is
 * always written or deleted in one transaction, together with a Merge into both resource rows,
 * which fails if either resource is gone and changes both ETags (so meta.version moves).
 */
export class MembershipStore {
  constructor(
    private readonly part: TablePartition,
    private readonly actor: Actor,
  ) {}

  async isMember(groupId: string, userId: string): Promise<boolean> {
    return (await this.part.read(groupMemberRow(groupId, userId))) !== undefined;
  }

  async groupsOf(userId: string): Promise<MemberRef[]> {
    const refs: MemberRef[] = [];
    for await (const page of this.part.range(userGroupsRange(userId))) refs.push(...page.map((r) => memberRef(String(r.groupId), r.display)));
    return refs;
  }

  /** Member rows a page at a time; a display missing on a row is read from the user and kept. */
  async *members(groupId: string, pageSize: number, display: boolean): AsyncIterable<MemberRef[]> {
    const names = new DisplayNames(this.part);
    for await (const page of this.part.range(groupMembersRange(groupId), pageSize)) {
      const refs = page.map((r) => memberRef(String(r.userId), r.display));
      yield display ? this.withDisplays(refs, groupId, names) : refs;
    }
  }

  /**
   * Writes the pairs. Member changes commute, so concurrent changes to one group need no ETag:
   * each pair is an idempotent upsert or delete, and none is lost. An added user deleted
   * meanwhile is skipped (its Merge fails), so no pair ever points at a deleted user.
   */
  async change(group: StoredResource, change: MemberChange): Promise<StoredResource> {
    const now = new Date().toISOString();
    const groupDisplay = displayOf('Group', group.doc);
    const units: WriteUnit<string>[] = [
      ...change.add.map((userId) => ({ key: userId, actions: this.addPair(group.id, userId, groupDisplay, now) })),
      ...change.remove.map((userId) => ({ key: userId, actions: this.removePair(group.id, userId) })),
    ];
    const version = newVersion();
    const head: BatchHead<string> = {
      size: 2,
      build: (batch) => [
        this.touch('Group', group.id, { lastModified: now, version }),
        journalAction(this.part, this.actor, { op: 'members', resourceType: 'Group', resourceId: group.id, changes: { members: memberChanges(batch) } }),
      ],
    };
    const etag = await this.guarded(() => writeUnits(this.part, units, this.repairPair(group.id), head));
    return etag ? { ...group, lastModified: now, version, etag } : group;
  }

  /** Deletes every membership pair of a user or a group (its own side's rows, paged). */
  async removeAllOf(type: ResourceTypeName, id: string): Promise<void> {
    const range = type === 'User' ? userGroupsRange(id) : groupMembersRange(id);
    for await (const page of this.part.range(range, MAX_BATCH)) {
      const units = page.map((row) => {
        const [groupId, userId] = type === 'User' ? [String(row.groupId), id] : [id, String(row.userId)];
        return { key: userId, actions: this.removePair(groupId, userId) };
      });
      await writeUnits(this.part, units, dropMissingRow);
    }
  }

  /** After a rename, the other side's rows show the new name (best effort: a stale name is cosmetic). */
  async refreshDisplay(type: ResourceTypeName, prev: StoredResource, next: StoredResource): Promise<void> {
    const display = displayOf(type, next.doc);
    if (display === displayOf(type, prev.doc) || (type === 'User' && prev.groups?.length === 0)) return;
    const range = type === 'User' ? userGroupsRange(next.id) : groupMembersRange(next.id);
    for await (const page of this.part.range(range, MAX_BATCH)) {
      const units = page.map((row) => {
        const rowKey = type === 'User' ? groupMemberRow(String(row.groupId), next.id) : userGroupRow(String(row.userId), next.id);
        return { key: rowKey, actions: [['update', this.part.entity(rowKey, { display }), 'Merge'] as TransactionAction] };
      });
      await writeUnits(this.part, units, async () => undefined).catch(ignoreBatchFailure);
    }
  }

  /**
   * 400 invalidValue naming the first id that is not a user of this directory. One transaction
   * of Merges per 100 ids: a missing user fails it at its index, so 50 ids cost one round trip.
   */
  async assertUsers(userIds: string[]): Promise<void> {
    const now = new Date().toISOString();
    for (let i = 0; i < userIds.length; i += MAX_BATCH) {
      const chunk = userIds.slice(i, i + MAX_BATCH);
      try {
        await this.part.submit(chunk.map((id) => this.touch('User', id, { checked: now })));
      } catch (e) {
        if (!(e instanceof BatchFailure) || chunk[e.index] === undefined) throw e;
        throw ScimError.invalidValue(`members: ${JSON.stringify(chunk[e.index])} is not a user in this directory`);
      }
    }
  }

  private addPair(groupId: string, userId: string, groupDisplay: string, now: string): TransactionAction[] {
    return [
      ['upsert', this.part.entity(groupMemberRow(groupId, userId), { kind: KIND.groupMember, groupId, userId }), 'Merge'],
      ['upsert', this.part.entity(userGroupRow(userId, groupId), { kind: KIND.userGroup, groupId, userId, display: groupDisplay }), 'Merge'],
      this.touch('User', userId, { lastModified: now, version: newVersion() }),
    ];
  }

  private removePair(groupId: string, userId: string): TransactionAction[] {
    return [
      ['delete', this.part.entity(groupMemberRow(groupId, userId))],
      ['delete', this.part.entity(userGroupRow(userId, groupId))],
    ];
  }

  /**
   * A Merge into a resource row: fails if the resource is gone. `props` say whether clients see
   * a change (a new version and lastModified) or only that the row was checked.
   */
  private touch(type: ResourceTypeName, id: string, props: Record<string, string>): TransactionAction {
    return ['update', this.part.entity(resourceRow(type, id), props), 'Merge', { etag: '*' }];
  }

  /** A user deleted meanwhile drops its addition; a pair half gone is removed by its other half. */
  private repairPair(groupId: string): RepairUnit<string> {
    return async (unit, offset, failure) => {
      if (failure.code !== 'ResourceNotFound') throw failure;
      if (unit.actions.length === 3) return undefined;
      const rows = [groupMemberRow(groupId, unit.key), userGroupRow(unit.key, groupId)];
      const exists = await Promise.all(rows.map((rowKey) => this.part.read(rowKey)));
      const actions = rows.filter((_, i) => exists[i] && i !== offset).map((rowKey): TransactionAction => ['delete', this.part.entity(rowKey)]);
      return { key: unit.key, actions };
    };
  }

  private async guarded<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof BatchFailure && (e.status === 404 || e.status === 412)) throw new ConcurrencyConflict();
      throw e;
    }
  }

  /** Names missing on member rows come from the users and are kept on the rows for next time. */
  private async withDisplays(refs: MemberRef[], groupId: string, names: DisplayNames): Promise<MemberRef[]> {
    const missing = refs.filter((r) => r.display === undefined);
    await names.fill(missing);
    const known = missing.filter((r) => r.display !== undefined);
    const units = known.map((r) => ({ key: r.id, actions: [['update', this.part.entity(groupMemberRow(groupId, r.id), { display: r.display }), 'Merge'] as TransactionAction] }));
    await writeUnits(this.part, units, async () => undefined).catch(ignoreBatchFailure);
    return refs;
  }
}

/**
 * Display names of users, for member rows written without one. A few are point reads; past
 * SCAN_THRESHOLD in one read of a group, one pass over the users' rows (only id and display
 * selected) answers the rest: O(users) once instead of a round trip per member.
 */
class DisplayNames {
  private looked = 0;
  private all?: Map<string, string>;

  constructor(private readonly part: TablePartition) {}

  async fill(refs: MemberRef[]): Promise<void> {
    this.looked += refs.length;
    if (!this.all && this.looked > SCAN_THRESHOLD) this.all = await this.scan();
    if (this.all) {
      for (const ref of refs) ref.display = this.all.get(ref.id) || undefined;
      return;
    }
    for (let i = 0; i < refs.length; i += DISPLAY_READS) {
      await Promise.all(refs.slice(i, i + DISPLAY_READS).map(async (ref) => {
        const user = await this.part.read(resourceRow('User', ref.id));
        if (typeof user?.display === 'string' && user.display !== '') ref.display = user.display;
      }));
    }
  }

  private async scan(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for await (const page of this.part.range(resourceRange('User'), 1000, ['kind', 'id', 'display'])) {
      for (const row of page) if (row.kind === KIND.resource && typeof row.display === 'string') names.set(String(row.id), row.display);
    }
    return names;
  }
}

/** The ids a transaction adds (units of three operations) and removes (units of two). */
function memberChanges(batch: WriteUnit<string>[]): { add: string[]; remove: string[] } {
  return {
    add: batch.filter((u) => u.actions.length === 3).map((u) => u.key),
    remove: batch.filter((u) => u.actions.length !== 3).map((u) => u.key),
  };
}

const dropMissingRow: RepairUnit<string> = async (unit, offset, failure) => {
  if (failure.code !== 'ResourceNotFound') throw failure;
  return { key: unit.key, actions: unit.actions.filter((_, i) => i !== offset) };
};

function ignoreBatchFailure(e: unknown): void {
  if (!(e instanceof BatchFailure)) throw e;
}

