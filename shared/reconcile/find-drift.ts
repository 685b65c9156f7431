import { INDEXED_ATTRIBUTES, type ResourceTypeName } from '../scim/repository';
import { decodeDoc } from '../store/doc-codec';
import { groupMemberRow, multiIndexRow, uniqueIndexRow, userGroupRow } from '../store/row-keys';
import type { Entity } from '../store/table-partition';

/** What one pass over a directory partition found wrong, and what retention says to purge. */
export interface Drift {
  /** Rows to delete, each with why (for the report). */
  deletes: { rowKey: string; reason: DriftReason }[];
  /** Index rows a resource should have and does not (or that point at another resource). */
  creates: { rowKey: string; id: string }[];
  /** Users past the deactivated-user retention window. */
  purgeUsers: string[];
  /** Unique index rows two resources claim (e.g. a duplicate userName): reported, not repaired. */
  conflicts: string[];
  checked: Record<string, number>;
  /** The latest lastUsed of any key: when Entra (or another client) was last seen. */
  lastSeen?: string;
  /** Requests and errors per Entra-cycle window, oldest first (the last few windows). */
  windows: { window: string; requests: number; errors: number }[];
}

export type DriftReason = 'orphanIndex' | 'oneSidedMembership' | 'membershipOfDeleted' | 'expiredJournal' | 'expiredKey' | 'expiredStats';

/** Request counts are kept this long (the report shows the last few windows). */
const STATS_RETENTION_DAYS = 7;
const REPORTED_WINDOWS = 6;

export interface RetentionRules {
  now: number;
  journalRetentionDays: number;
  /** 0: deactivated users are kept forever. */
  deactivatedRetentionDays: number;
}

const DAY = 86_400_000;

/**
 * Collects a partition's rows as they stream past (memory: keys and ids, never documents) and
 * then says what is out of line with DESIGN.md §3: index rows without their resource or value,
 * resources without their index rows, membership pairs with a half missing or an end deleted.
 */
export class DriftFinder {
  private readonly resources = new Set<string>();
  /** Index row -> the ids of the resources that should have it (two claim a unique row only on a duplicate). */
  private readonly expected = new Map<string, string[]>();
  private readonly indexRows = new Map<string, string>();
  private readonly userSide = new Set<string>();
  private readonly groupSide = new Set<string>();
  private readonly deletes: Drift['deletes'] = [];
  private readonly purgeUsers: string[] = [];
  private readonly checked: Record<string, number> = {};
  private lastSeen?: string;
  private readonly windows = new Map<string, { requests: number; errors: number }>();

  constructor(private readonly rules: RetentionRules) {}

  add(row: Entity): void {
    const rowKey = String(row.rowKey);
    const kind = rowKind(rowKey, row);
    this.checked[kind] = (this.checked[kind] ?? 0) + 1;
    switch (kind) {
      case 'users':
      case 'groups':
        return this.addResource(kind === 'users' ? 'User' : 'Group', row);
      case 'indexRows':
        this.indexRows.set(rowKey, String(row.id));
        return;
      case 'memberships':
        (row.kind === 'gm' ? this.groupSide : this.userSide).add(`${row.groupId}\n${row.userId}`);
        return;
      case 'journal':
        if (Date.parse(String(row.time)) < this.rules.now - this.rules.journalRetentionDays * DAY) this.deletes.push({ rowKey, reason: 'expiredJournal' });
        return;
      case 'keys':
        return this.addKey(rowKey, row);
      case 'stats':
        return this.addStats(rowKey, row);
      default:
        return;
    }
  }

  result(): Drift {
    const creates: Drift['creates'] = [];
    const conflicts: string[] = [];
    for (const [rowKey, id] of this.indexRows) {
      if (!this.expected.get(rowKey)?.includes(id)) this.deletes.push({ rowKey, reason: 'orphanIndex' });
    }
    for (const [rowKey, ids] of this.expected) {
      if (ids.length > 1) conflicts.push(rowKey);
      else if (!this.indexRows.has(rowKey) || this.indexRows.get(rowKey) !== ids[0]) creates.push({ rowKey, id: ids[0]! });
    }
    this.membershipDrift();
    const windows = [...this.windows.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-REPORTED_WINDOWS).map(([window, c]) => ({ window, ...c }));
    return { deletes: this.deletes, creates, purgeUsers: this.purgeUsers, conflicts, checked: this.checked, lastSeen: this.lastSeen, windows };
  }

  private addResource(type: ResourceTypeName, row: Entity): void {
    const id = String(row.id);
    this.resources.add(`${type}\n${id}`);
    const doc = decodeDoc(row);
    const spec = INDEXED_ATTRIBUTES[type];
    for (const attr of spec.unique) if (typeof doc[attr] === 'string') this.expect(uniqueIndexRow(type, attr, doc[attr] as string), id);
    for (const attr of spec.multi) if (typeof doc[attr] === 'string') this.expect(multiIndexRow(type, attr, doc[attr] as string, id), id);
    const days = this.rules.deactivatedRetentionDays;
    if (type === 'User' && days > 0 && doc.active === false && Date.parse(String(row.lastModified)) < this.rules.now - days * DAY) this.purgeUsers.push(id);
  }

  private expect(rowKey: string, id: string): void {
    const ids = this.expected.get(rowKey);
    if (ids) ids.push(id);
    else this.expected.set(rowKey, [id]);
  }

  private addStats(rowKey: string, row: Entity): void {
    const window = String(row.window);
    if (Date.parse(window) < this.rules.now - STATS_RETENTION_DAYS * DAY) {
      this.deletes.push({ rowKey, reason: 'expiredStats' });
      return;
    }
    const sum = this.windows.get(window) ?? { requests: 0, errors: 0 };
    sum.requests += Number(row.requests) || 0;
    sum.errors += Number(row.errors) || 0;
    this.windows.set(window, sum);
  }

  private addKey(rowKey: string, row: Entity): void {
    if (typeof row.lastUsed === 'string' && (!this.lastSeen || row.lastUsed > this.lastSeen)) this.lastSeen = row.lastUsed;
    if (typeof row.expires === 'string' && Date.parse(row.expires) < this.rules.now) this.deletes.push({ rowKey, reason: 'expiredKey' });
  }

  /** Pairs whose two halves disagree, or whose user or group is gone: both halves go. */
  private membershipDrift(): void {
    for (const pair of new Set([...this.userSide, ...this.groupSide])) {
      const [groupId, userId] = pair.split('\n') as [string, string];
      const bothEnds = this.resources.has(`User\n${userId}`) && this.resources.has(`Group\n${groupId}`);
      const bothHalves = this.userSide.has(pair) && this.groupSide.has(pair);
      if (bothEnds && bothHalves) continue;
      const reason: DriftReason = bothEnds ? 'oneSidedMembership' : 'membershipOfDeleted';
      if (this.userSide.has(pair)) this.deletes.push({ rowKey: userGroupRow(userId, groupId), reason });
      if (this.groupSide.has(pair)) this.deletes.push({ rowKey: groupMemberRow(groupId, userId), reason });
    }
  }
}

/** The kind of a row, from its RowKey prefix and `kind` property (see store/row-keys.ts). */
export function rowKind(rowKey: string, row: Entity): string {
  if (row.kind === 'ug' || row.kind === 'gm') return 'memberships';
  if (rowKey.startsWith('res:user:')) return 'users';
  if (rowKey.startsWith('res:group:')) return 'groups';
  if (rowKey.startsWith('uix:') || rowKey.startsWith('mix:')) return 'indexRows';
  if (rowKey.startsWith('jr:')) return 'journal';
  if (rowKey.startsWith('key:')) return 'keys';
  if (rowKey.startsWith('hc:')) return 'stats';
  return 'other';
}
