import { odata, RestError, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { ScimError } from '../scim/errors';
import {
  ConcurrencyConflict,
  INDEXED_ATTRIBUTES,
  type ResourceRepository,
  type ResourceTypeName,
  type ScimDoc,
  type StoredResource,
} from '../scim/repository';
import { decodeDoc, encodeDoc } from './doc-codec';
import { multiIndexRange, multiIndexRow, resourceRange, resourceRow, uniqueIndexRow } from './row-keys';

type Entity = TableEntity<Record<string, unknown>>;

/**
 * ResourceRepository over one directory partition of the Roster table. Every write is one
 * entity-group transaction holding the resource and its index rows, so a crash never leaves
 * a resource without its index rows or the reverse.
 */
export class TableResourceRepository implements ResourceRepository {
  constructor(
    private readonly table: TableClient,
    readonly directoryId: string,
  ) {}

  async get(type: ResourceTypeName, id: string): Promise<StoredResource | undefined> {
    const entity = await this.read(resourceRow(type, id));
    return entity && toStored(entity);
  }

  async findBy(type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]> {
    if (attr === 'id') return optional(await this.get(type, value));
    const spec = INDEXED_ATTRIBUTES[type];
    if (spec.unique.includes(attr)) {
      const row = await this.read(uniqueIndexRow(type, attr, value));
      return row ? optional(await this.get(type, String(row.id))) : [];
    }
    if (spec.multi.includes(attr)) {
      const { from, to } = multiIndexRange(type, attr, value);
      const ids: string[] = [];
      for await (const row of this.table.listEntities({ queryOptions: { filter: this.rangeFilter(from, to), select: ['id'] } })) {
        ids.push(String(row.id));
      }
      const found = await Promise.all(ids.map((id) => this.get(type, id)));
      return found.filter((r): r is StoredResource => r !== undefined);
    }
    throw new Error(`${type}.${attr} has no index rows`);
  }

  async *scan(type: ResourceTypeName, pageSize: number): AsyncIterable<StoredResource[]> {
    const { from, to } = resourceRange(type);
    const pages = this.table.listEntities({ queryOptions: { filter: this.rangeFilter(from, to) } }).byPage({ maxPageSize: pageSize });
    for await (const page of pages) {
      yield page.map((e) => toStored(e as Entity));
    }
  }

  async create(type: ResourceTypeName, id: string, doc: ScimDoc): Promise<StoredResource> {
    const now = new Date().toISOString();
    const entity = this.resourceEntity(type, id, doc, now, now, 1);
    const actions: TransactionAction[] = [['create', entity], ...this.indexRows(type, id, doc).map((e): TransactionAction => ['create', e])];
    const result = await this.transact(type, doc, actions);
    return { id, doc, created: now, lastModified: now, version: 1, etag: result.subResponses[0]?.etag?.trim() ?? '' };
  }

  async update(type: ResourceTypeName, prev: StoredResource, doc: ScimDoc): Promise<StoredResource> {
    const now = new Date().toISOString();
    const version = prev.version + 1;
    const entity = this.resourceEntity(type, prev.id, doc, prev.created, now, version);
    const before = new Map(this.indexRows(type, prev.id, prev.doc).map((e) => [e.rowKey, e]));
    const after = new Map(this.indexRows(type, prev.id, doc).map((e) => [e.rowKey, e]));
    const actions: TransactionAction[] = [['update', entity, 'Replace', { etag: prev.etag }]];
    for (const [rowKey, e] of before) if (!after.has(rowKey)) actions.push(['delete', e]);
    for (const [rowKey, e] of after) if (!before.has(rowKey)) actions.push(['create', e]);
    const result = await this.transact(type, doc, actions);
    return { id: prev.id, doc, created: prev.created, lastModified: now, version, etag: result.subResponses[0]?.etag?.trim() ?? '' };
  }

  async delete(type: ResourceTypeName, prev: StoredResource): Promise<void> {
    const actions: TransactionAction[] = [
      ['delete', { partitionKey: this.directoryId, rowKey: resourceRow(type, prev.id) }],
      ...this.indexRows(type, prev.id, prev.doc).map((e): TransactionAction => ['delete', e]),
    ];
    await this.transact(type, prev.doc, actions);
  }

  private resourceEntity(type: ResourceTypeName, id: string, doc: ScimDoc, created: string, lastModified: string, version: number): Entity {
    return {
      partitionKey: this.directoryId,
      rowKey: resourceRow(type, id),
      id,
      created,
      lastModified,
      version,
      ...encodeDoc(doc),
    };
  }

  private indexRows(type: ResourceTypeName, id: string, doc: ScimDoc): Entity[] {
    const spec = INDEXED_ATTRIBUTES[type];
    const rows: Entity[] = [];
    for (const attr of spec.unique) {
      const value = doc[attr];
      if (typeof value === 'string') rows.push({ partitionKey: this.directoryId, rowKey: uniqueIndexRow(type, attr, value), id });
    }
    for (const attr of spec.multi) {
      const value = doc[attr];
      if (typeof value === 'string') rows.push({ partitionKey: this.directoryId, rowKey: multiIndexRow(type, attr, value, id), id });
    }
    return rows;
  }

  /** Runs one EGT and maps its failure codes to SCIM errors or a retryable conflict. */
  private async transact(type: ResourceTypeName, doc: ScimDoc, actions: TransactionAction[]) {
    try {
      return await this.table.submitTransaction(actions);
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      if (e.code === 'EntityAlreadyExists') {
        const taken = await this.takenUniqueValue(type, doc);
        if (taken) throw ScimError.uniqueness(`${type} ${taken.attr} "${taken.value}" is already taken in this directory`);
        throw new ConcurrencyConflict();
      }
      if (e.code === 'UpdateConditionNotSatisfied' || e.code === 'ResourceNotFound' || e.statusCode === 412 || e.statusCode === 404) {
        throw new ConcurrencyConflict();
      }
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
      const row = await this.read(uniqueIndexRow(type, attr, value));
      if (!row) continue;
      if (row.id === doc.id || (await this.get(type, String(row.id)))) return { attr, value };
      await this.table.deleteEntity(this.directoryId, String(row.rowKey), { etag: String(row.etag) }).catch(() => undefined);
    }
    return undefined;
  }

  private async read(rowKey: string): Promise<Entity | undefined> {
    try {
      return (await this.table.getEntity(this.directoryId, rowKey)) as Entity;
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  private rangeFilter(from: string, to: string): string {
    return odata`PartitionKey eq ${this.directoryId} and RowKey ge ${from} and RowKey lt ${to}`;
  }
}

function toStored(entity: Entity): StoredResource {
  return {
    id: String(entity.id),
    doc: decodeDoc(entity),
    created: String(entity.created),
    lastModified: String(entity.lastModified),
    version: Number(entity.version),
    etag: String(entity.etag),
  };
}

function optional(r: StoredResource | undefined): StoredResource[] {
  return r ? [r] : [];
}
