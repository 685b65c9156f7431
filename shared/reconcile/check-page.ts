import type { ResourceTypeName } from '../scim/repository';
import { decodeDoc } from '../store/doc-codec';
import type { Entity, TablePartition } from '../store/table-partition';
import { indexIsRight, indexRowsOf, pageReader, pairState, type ReadRow } from './counterparts';
import { addWindows, count, emptyTally, type Tally } from './tally';

export interface RetentionRules {
  now: number;
  journalRetentionDays: number;
  /** 0: deactivated users are kept forever. */
  deactivatedRetentionDays: number;
}

export type DriftReason = 'orphanIndex' | 'oneSidedMembership' | 'membershipOfDeleted';

/** What one page of rows has out of line, and what retention says to purge from it. */
export interface PageFindings {
  /** Rows checked, conflicts, lastSeen and windows; repairs and purges are counted once done. */
  tally: Tally;
  /** Rows to delete as drift, each with why (for the report). */
  deletes: { rowKey: string; reason: DriftReason }[];
  /** Index rows a resource should have and does not (or that point at another resource). */
  creates: { rowKey: string; id: string }[];
  /** Rows past retention, by what the report calls them. */
  expired: { journal: string[]; keys: string[]; requestStats: string[] };
  /** Users past the deactivated-user retention window. */
  purgeUsers: string[];
}

const DAY = 86_400_000;
/** Request counts are kept this long (the report shows the last few windows). */
const STATS_RETENTION_DAYS = 7;
/** Rows checked at once; each costs up to four point reads. */
const CHECKS_IN_FLIGHT = 16;

/**
 * Checks each row of a page against its counterparts, wherever in the partition they are, with
 * point reads (pageReader): memory is bounded by the page, not by the directory. Nothing is
 * written here; repairPage re-checks each finding against the rows as they are then.
 */
export async function checkPage(part: TablePartition, rows: Entity[], rules: RetentionRules): Promise<PageFindings> {
  const found: PageFindings = { tally: emptyTally(), deletes: [], creates: [], expired: { journal: [], keys: [], requestStats: [] }, purgeUsers: [] };
  const read = pageReader(part, rows);
  for (let i = 0; i < rows.length; i += CHECKS_IN_FLIGHT) {
    await Promise.all(rows.slice(i, i + CHECKS_IN_FLIGHT).map((row) => checkRow(row, read, rules, found)));
  }
  found.tally.windows = addWindows([], found.tally.windows);
  return found;
}

async function checkRow(row: Entity, read: ReadRow, rules: RetentionRules, found: PageFindings): Promise<void> {
  const rowKey = row.rowKey;
  const kind = rowKind(rowKey, row);
  count(found.tally.checked, kind);
  switch (kind) {
    case 'users':
    case 'groups':
      return checkResource(kind === 'users' ? 'User' : 'Group', row, read, rules, found);
    case 'indexRows':
      if (!(await indexIsRight(read, rowKey, String(row.id)))) found.deletes.push({ rowKey, reason: 'orphanIndex' });
      return;
    case 'memberships': {
      const { halves, ends } = await pairState(read, String(row.groupId), String(row.userId));
      if (!(halves && ends)) found.deletes.push({ rowKey, reason: ends ? 'oneSidedMembership' : 'membershipOfDeleted' });
      return;
    }
    case 'journal':
      if (Date.parse(String(row.time)) < rules.now - rules.journalRetentionDays * DAY) found.expired.journal.push(rowKey);
      return;
    case 'keys':
      if (typeof row.lastUsed === 'string' && (!found.tally.lastSeen || row.lastUsed > found.tally.lastSeen)) found.tally.lastSeen = row.lastUsed;
      if (typeof row.expires === 'string' && Date.parse(row.expires) < rules.now) found.expired.keys.push(rowKey);
      return;
    case 'stats':
      if (Date.parse(String(row.window)) < rules.now - STATS_RETENTION_DAYS * DAY) found.expired.requestStats.push(rowKey);
      else found.tally.windows.push({ window: String(row.window), requests: Number(row.requests) || 0, errors: Number(row.errors) || 0 });
      return;
    default:
      return;
  }
}

/**
 * Each index row the resource should have must point at it. One that points at another
 * resource is a uniqueness conflict when that resource claims the value too (reported, not
 * repaired), and otherwise stale: it goes and the right one is written.
 */
async function checkResource(type: ResourceTypeName, row: Entity, read: ReadRow, rules: RetentionRules, found: PageFindings): Promise<void> {
  const id = String(row.id);
  const doc = decodeDoc(row);
  for (const { rowKey, unique } of indexRowsOf(type, id, doc)) {
    const holder = await read(rowKey);
    if (holder !== undefined && String(holder.id) === id) continue;
    if (holder !== undefined && unique && (await indexIsRight(read, rowKey, String(holder.id)))) {
      found.tally.conflicts.push(rowKey);
      continue;
    }
    if (holder !== undefined) found.deletes.push({ rowKey, reason: 'orphanIndex' });
    found.creates.push({ rowKey, id });
  }
  const days = rules.deactivatedRetentionDays;
  if (type === 'User' && days > 0 && doc.active === false && Date.parse(String(row.lastModified)) < rules.now - days * DAY) found.purgeUsers.push(id);
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
