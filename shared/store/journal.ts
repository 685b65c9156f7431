import { randomBytes } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { ResourceTypeName, ScimDoc } from '../scim/repository';
import type { Entity, TablePartition } from './table-partition';

/** Who makes a write: the key (or `entra:<tenant>`) and the request, for the change journal. */
export interface Actor {
  keyId: string;
  requestId: string;
}

export type JournalOp = 'create' | 'replace' | 'patch' | 'delete' | 'members';

export interface JournalEntry {
  /** Time-ordered and unique: an ISO timestamp plus a random suffix. */
  id: string;
  time: string;
  op: JournalOp;
  resourceType: ResourceTypeName;
  resourceId: string;
  keyId: string;
  requestId: string;
  /** Changed attributes with their new values (null: removed); members as ids added and removed. */
  changes?: Record<string, unknown>;
  /** Set when the changes were too large for one row; `changes` then lists only names. */
  truncated?: boolean;
}

export const JOURNAL_PREFIX = 'jr:';
/** Azure caps a string property at 32K characters. */
const MAX_CHANGES_CHARS = 30_000;

/**
 * A journal row, written in the same entity-group transaction as the change it records
 * (DESIGN.md §3), so the journal never claims a change that did not happen or misses one that did.
 */
export function journalAction(part: TablePartition, actor: Actor, entry: Omit<JournalEntry, 'id' | 'time' | 'keyId' | 'requestId'>): TransactionAction {
  const time = new Date().toISOString();
  const id = `${time}-${randomBytes(6).toString('hex')}`;
  let changes = entry.changes === undefined ? undefined : JSON.stringify(entry.changes);
  let truncated: boolean | undefined;
  if (changes !== undefined && changes.length > MAX_CHANGES_CHARS) {
    changes = JSON.stringify(Object.fromEntries(Object.keys(entry.changes!).map((k) => [k, '…'])));
    truncated = true;
  }
  const props: Record<string, unknown> = { kind: 'jr', time, op: entry.op, resourceType: entry.resourceType, resourceId: entry.resourceId, keyId: actor.keyId, requestId: actor.requestId };
  if (changes !== undefined) props.changes = changes;
  if (truncated) props.truncated = true;
  return ['create', part.entity(`${JOURNAL_PREFIX}${id}`, props)];
}

export function toJournalEntry(e: Entity): JournalEntry {
  const entry: JournalEntry = {
    id: String(e.rowKey).slice(JOURNAL_PREFIX.length),
    time: String(e.time),
    op: e.op as JournalOp,
    resourceType: e.resourceType as ResourceTypeName,
    resourceId: String(e.resourceId),
    keyId: String(e.keyId),
    requestId: String(e.requestId),
  };
  if (typeof e.changes === 'string') entry.changes = JSON.parse(e.changes) as Record<string, unknown>;
  if (e.truncated === true) entry.truncated = true;
  return entry;
}

/** Top-level attributes whose values differ between two documents: new value, or null if removed. */
export function changedAttributes(before: ScimDoc, after: ScimDoc): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'id' || key === 'schemas') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = after[key] ?? null;
  }
  return changes;
}
