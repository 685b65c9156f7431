/**
 * The storage port the SCIM core runs on. shared/store implements it over Table Storage, one
 * repository per directory partition; unit tests may use an in-memory fake of it.
 */
export type ScimDoc = Record<string, unknown>;

export type ResourceTypeName = 'User' | 'Group';

export interface StoredResource {
  id: string;
  doc: ScimDoc;
  created: string;
  lastModified: string;
  /** Incremented on every write; published as meta.version `W/"<version>"`. */
  version: number;
  /** The storage ETag; opaque to the core, used for optimistic concurrency. */
  etag: string;
}

/** Thrown by `update`/`delete` when the stored resource changed since it was read. */
export class ConcurrencyConflict extends Error {
  constructor() {
    super('the resource changed while it was being written');
    this.name = 'ConcurrencyConflict';
  }
}

export interface ResourceRepository {
  readonly directoryId: string;
  get(type: ResourceTypeName, id: string): Promise<StoredResource | undefined>;
  /** Equality lookup through index rows: `id`, and the attributes of `indexedAttributes(type)`. */
  findBy(type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]>;
  /** Every resource of a type, a page at a time, in storage order; memory bounded by pageSize. */
  scan(type: ResourceTypeName, pageSize: number): AsyncIterable<StoredResource[]>;
  /** Inserts the resource and its index rows in one transaction; 409 uniqueness on a taken unique value. */
  create(type: ResourceTypeName, id: string, doc: ScimDoc): Promise<StoredResource>;
  /** Replaces the doc if `prev.etag` still holds, moving index rows in the same transaction. */
  update(type: ResourceTypeName, prev: StoredResource, doc: ScimDoc): Promise<StoredResource>;
  /** Removes the resource and its index rows in one transaction. */
  delete(type: ResourceTypeName, prev: StoredResource): Promise<void>;
}

/** Attributes answered from index rows (besides `id`), per resource type. */
export const INDEXED_ATTRIBUTES: Record<ResourceTypeName, { unique: string[]; multi: string[] }> = {
  User: { unique: ['userName'], multi: ['externalId'] },
  Group: { unique: ['displayName'], multi: ['externalId'] },
};
