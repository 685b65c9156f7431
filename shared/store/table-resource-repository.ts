import type { TableClient, TransactionAction } from '@azure/data-tables';
import { ScimError } from '../scim/errors';
import {
  ConcurrencyConflict,
  INDEXED_ATTRIBUTES,
  type MemberChange,
  type MemberRef,
  type MembersPage,
  type PrefixPage,
  type ResourceRepository,
  type ResourceTypeName,
  type ScanPage,
  type ScimDoc,
  type StoredResource,
} from '../scim/repository';
import { changedAttributes, journalAction, type Actor } from './journal';
import { MembershipStore } from './membership-store';
import { KIND, newVersion, resourceEntity, toStored, userFromRows } from './resource-rows';
import { membersPage } from './members-page';
import { findByPrefix } from './prefix-search';
import { scanPage } from './scan-page';
import { multiIndexRange, multiIndexRow, resourceRange, resourceRow, resourceWithChildrenRange, uniqueIndexRow } from './row-keys';
import { BatchFailure, TablePartition, type Entity } from './table-partition';

/**
 * ResourceRepository over one directory partition of the Roster table. A create, update or
 * delete of a resource is one entity-group transaction holding the resource and its index rows,
 * so a crash never leaves a resource without its index rows or the reverse.
 */
export class TableResourceRepository implements ResourceRepository {
  private readonly part: TablePartition;
  private readonly memberships: MembershipStore;

  constructor(
    table: TableClient,
    readonly directoryId: string,
    private readonly actor: Actor = SYSTEM_ACTOR,
  ) {
    this.part = new TablePartition(table, directoryId);
    this.memberships = new MembershipStore(this.part, actor);
  }

  /** A user comes with its reverse membership rows in the same range read; a group is a point read. */
  async get(type: ResourceTypeName, id: string): Promise<StoredResource | undefined> {
    if (type === 'Group') {
      const entity = await this.part.read(resourceRow(type, id));
      return entity && toStored(entity);
    }
    const rows: Entity[] = [];
    for await (const page of this.part.range(resourceWithChildrenRange(type, id))) rows.push(...page);
    return userFromRows(rows);
  }

  async findBy(type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]> {
    if (attr === 'id') return present(await this.get(type, value));
    const spec = INDEXED_ATTRIBUTES[type];
    if (spec.unique.includes(attr)) {
      const row = await this.part.read(uniqueIndexRow(type, attr, value));
      return row ? present(await this.get(type, String(row.id))) : [];
    }
    if (spec.multi.includes(attr)) {
      const ids: string[] = [];
      for await (const page of this.part.range(multiIndexRange(type, attr, value), 1000, ['id'])) ids.push(...page.map((r) => String(r.id)));
      return (await Promise.all(ids.map((id) => this.get(type, id)))).filter((r): r is StoredResource => r !== undefined);
    }
    throw new Error(`${type}.${attr} has no index rows`);
  }

  /** Users arrive with their reverse membership rows, which sort right after each user row. */
  async *scan(type: ResourceTypeName, pageSize: number): AsyncIterable<StoredResource[]> {
    let pending: Entity[] = [];
    for await (const page of this.part.range(resourceRange(type), pageSize)) {
      const out: StoredResource[] = [];
      for (const row of page) {
        if (row.kind === KIND.resource && pending.length > 0) out.push(fromRows(type, pending));
        if (row.kind === KIND.resource) pending = [row];
        else if (pending.length > 0) pending.push(row);
      }
      if (out.length > 0) yield out;
    }
    if (pending.length > 0) yield [fromRows(type, pending)];
  }

  async create(type: ResourceTypeName, id: string, doc: ScimDoc): Promise<StoredResource> {
    const now = new Date().toISOString();
    const version = newVersion();
    const actions: TransactionAction[] = [
      ['create', resourceEntity(this.part, type, id, doc, now, now, version)],
      ...this.indexRows(type, id, doc).map(insert),
      journalAction(this.part, this.actor, { op: 'create', resourceType: type, resourceId: id, changes: changedAttributes({}, doc) }),
    ];
    const [etag = ''] = await this.transact(type, doc, actions);
    return { id, doc, created: now, lastModified: now, version, etag, ...(type === 'User' ? { groups: [] } : {}) };
  }

  async update(type: ResourceTypeName, prev: StoredResource, doc: ScimDoc, op: 'replace' | 'patch' = 'replace'): Promise<StoredResource> {
    const now = new Date().toISOString();
    const before = new Map(this.indexRows(type, prev.id, prev.doc).map((e) => [e.rowKey, e]));
    const after = new Map(this.indexRows(type, prev.id, doc).map((e) => [e.rowKey, e]));
    const version = newVersion();
    const actions: TransactionAction[] = [['update', resourceEntity(this.part, type, prev.id, doc, prev.created, now, version), 'Replace', { etag: prev.etag }]];
    for (const [rowKey, e] of before) if (!after.has(rowKey)) actions.push(['delete', e]);
    for (const [rowKey, e] of after) if (!before.has(rowKey)) actions.push(insert(e));
    actions.push(journalAction(this.part, this.actor, { op, resourceType: type, resourceId: prev.id, changes: changedAttributes(prev.doc, doc) }));
    const [etag = ''] = await this.transact(type, doc, actions);
    const next: StoredResource = { ...prev, doc, lastModified: now, version, etag };
    await this.memberships.refreshDisplay(type, prev, next);
    return next;
  }

  /**
   * Membership rows go first, in as many transactions as they need; then the resource row and
   * its index rows in one transaction; then a second sweep of membership rows. Every write that
   * adds a membership also merges into both resource rows, so once a resource row is gone no
   * new membership of it can commit, and the second sweep removes any that committed in
   * between. A crash can leave only memberships of a deleted resource, which the reconciler
   * removes (DESIGN.md §5).
   */
  async delete(type: ResourceTypeName, prev: StoredResource): Promise<void> {
    await this.memberships.removeAllOf(type, prev.id);
    const actions: TransactionAction[] = [
      ['delete', this.part.entity(resourceRow(type, prev.id))],
      ...this.indexRows(type, prev.id, prev.doc).map((e): TransactionAction => ['delete', e]),
      journalAction(this.part, this.actor, { op: 'delete', resourceType: type, resourceId: prev.id }),
    ];
    await this.transact(type, prev.doc, actions);
    await this.memberships.removeAllOf(type, prev.id);
  }

  members(groupId: string, pageSize: number, display = true): AsyncIterable<MemberRef[]> {
    return this.memberships.members(groupId, pageSize, display);
  }

  /** See ResourceRepository.membersPage; implemented in members-page.ts. */
  membersPage(groupId: string, pageSize: number, after?: string): Promise<MembersPage> {
    return membersPage(this.part, groupId, pageSize, after);
  }

  isMember(groupId: string, userId: string): Promise<boolean> {
    return this.memberships.isMember(groupId, userId);
  }

  groupsOf(userId: string): Promise<MemberRef[]> {
    return this.memberships.groupsOf(userId);
  }

  assertUsers(userIds: string[]): Promise<void> {
    return this.memberships.assertUsers(userIds);
  }

  changeMembers(group: StoredResource, change: MemberChange): Promise<StoredResource> {
    return this.memberships.change(group, change);
  }

  private indexRows(type: ResourceTypeName, id: string, doc: ScimDoc): Entity[] {
    const spec = INDEXED_ATTRIBUTES[type];
    const rows: Entity[] = [];
    for (const attr of spec.unique) {
      const value = doc[attr];
      if (typeof value === 'string') rows.push(this.part.entity(uniqueIndexRow(type, attr, value), { kind: KIND.index, id }));
    }
    for (const attr of spec.multi) {
      const value = doc[attr];
      if (typeof value === 'string') rows.push(this.part.entity(multiIndexRow(type, attr, value, id), { kind: KIND.index, id }));
    }
    return rows;
  }

  /** Runs one EGT and maps its failures to SCIM errors or a retryable conflict. */
  private async transact(type: ResourceTypeName, doc: ScimDoc, actions: TransactionAction[]): Promise<string[]> {
    try {
      return await this.part.submit(actions);
    } catch (e) {
      if (!(e instanceof BatchFailure)) throw e;
      if (e.code === 'EntityAlreadyExists') {
        const taken = await this.takenUniqueValue(type, doc);
        if (taken) throw ScimError.uniqueness(`${type} ${taken.attr} "${taken.value}" is already taken in this directory`);
      }
      if (e.code === 'EntityAlreadyExists' || e.status === 412 || e.status === 404) throw new ConcurrencyConflict();
      throw e;
    }
  }

  /**
   * Which unique value of `doc` belongs to another live resource. A unique index row whose
   * resource is gone (drift a crash or an old bug left) is removed here, so re-provisioning a
   * deleted user never meets a stale 409; the caller's retry then succeeds.
   */
  private async takenUniqueValue(type: ResourceTypeName, doc: ScimDoc): Promise<{ attr: string; value: string } | undefined> {
    for (const attr of INDEXED_ATTRIBUTES[type].unique) {
      const value = doc[attr];
      if (typeof value !== 'string') continue;
      const row = await this.part.read(uniqueIndexRow(type, attr, value));
      if (!row) continue;
      if (row.id === doc.id) continue;
      if (await this.part.read(resourceRow(type, String(row.id)))) return { attr, value };
      await this.part.table.deleteEntity(this.directoryId, row.rowKey, { etag: String(row.etag) }).catch(() => undefined);
    }
    return undefined;
  }

  /** See ResourceRepository.scanPage; implemented in scan-page.ts. */
  scanPage(type: ResourceTypeName, pageSize: number, after?: string): Promise<ScanPage> {
    return scanPage(this.part, type, pageSize, after);
  }

  /** See ResourceRepository.findByPrefix; implemented in prefix-search.ts. */
  findByPrefix(type: ResourceTypeName, attr: string, prefix: string, limit: number, after?: string): Promise<PrefixPage> {
    return findByPrefix(this.part, type, attr, prefix, limit, after);
  }
}

/**
 * Unique index rows are created, so a taken value fails the transaction; a non-unique row is
 * keyed by value and id, so an upsert is exact and a leftover row of the same resource is no conflict.
 */
function insert(row: Entity): TransactionAction {
  return String(row.rowKey).startsWith('uix:') ? ['create', row] : ['upsert', row, 'Replace'];
}

/** Writes made by Roster itself (reconciliation, import) rather than a client request. */
const SYSTEM_ACTOR: Actor = { keyId: 'system', requestId: 'system' };

function fromRows(type: ResourceTypeName, rows: Entity[]): StoredResource {
  return type === 'User' ? userFromRows(rows)! : toStored(rows[0]!);
}

function present(r: StoredResource | undefined): StoredResource[] {
  return r ? [r] : [];
}
