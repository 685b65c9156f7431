/**
 * The storage port the SCIM core runs on. shared/store implements it over Table Storage, one
 * repository per directory partition; unit tests may use an in-memory fake of it.
 */
export type ScimDoc = Record<string, unknown>;

export type ResourceTypeName = 'User' | 'Group';

/** One side of a membership: the other resource's id and its display name when known. */
export interface MemberRef {
  id: string;
  display?: string;
}

export interface StoredResource {
  id: string;
  /** The attributes the client wrote; never `members` (Group) or `groups` (User). */
  doc: ScimDoc;
  created: string;
  lastModified: string;
  /** Opaque and changed by every write, memberships included; meta.version `W/"<version>"`. */
  version: string;
  /** The storage ETag; opaque to the core, used for optimistic concurrency. */
  etag: string;
  /** User only: the groups it belongs to, read with the user in the same round trip. */
  groups?: MemberRef[];
}

/** Thrown by writes when the stored resource changed since it was read; the caller retries. */
export class ConcurrencyConflict extends Error {
  constructor() {
    super('the resource changed while it was being written');
    this.name = 'ConcurrencyConflict';
  }
}

/** One page of a scan (`ResourceRepository.scanPage`). */
export interface ScanPage {
  resources: StoredResource[];
  /** The id to pass as `after` for the next page; absent when the type has no more resources. */
  next?: string;
}

/** One page of a prefix search (`ResourceRepository.findByPrefix`). */
export interface PrefixPage {
  resources: StoredResource[];
  /** The value to pass as `after` for the next page; absent when no more values match. */
  next?: string;
}

/** One page of a group's members (`ResourceRepository.membersPage`). */
export interface MembersPage {
  members: MemberRef[];
  /** The member id to pass as `after` for the next page; absent after the last member. */
  next?: string;
}

/** A net change to a group's members: ids to add and ids to remove, disjoint. */
export interface MemberChange {
  add: string[];
  remove: string[];
}

export interface ResourceRepository {
  readonly directoryId: string;
  get(type: ResourceTypeName, id: string): Promise<StoredResource | undefined>;
  /** Equality lookup through index rows: `id`, and the attributes of INDEXED_ATTRIBUTES. */
  findBy(type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]>;
  /** Every resource of a type, a page at a time, in storage order; memory bounded by pageSize. */
  scan(type: ResourceTypeName, pageSize: number): AsyncIterable<StoredResource[]>;
  /**
   * At most `pageSize` resources of a type in storage order, starting right after the resource
   * whose id is `after` (from the start without it): a storage continuation that outlives the
   * request, so a list can resume where an earlier page ended. `after` may name any resource
   * seen in an earlier page, including one deleted since.
   */
  scanPage(type: ResourceTypeName, pageSize: number, after?: string): Promise<ScanPage>;
  /**
   * Resources whose `attr` (a unique attribute of INDEXED_ATTRIBUTES) starts with `prefix`,
   * case-insensitively, in index order, at most `limit`, starting after the value `after` (a
   * `next` of an earlier page). Costs O(limit) whatever the directory size (the Table store
   * reads the prefix's unique index rows in one range read, then each hit). Users come without
   * `groups`.
   */
  findByPrefix(type: ResourceTypeName, attr: string, prefix: string, limit: number, after?: string): Promise<PrefixPage>;
  /** Inserts the resource and its index rows in one transaction; 409 uniqueness on a taken unique value. */
  create(type: ResourceTypeName, id: string, doc: ScimDoc): Promise<StoredResource>;
  /** Replaces the doc if `prev.etag` still holds, moving index rows in the same transaction; `op` names it in the journal. */
  update(type: ResourceTypeName, prev: StoredResource, doc: ScimDoc, op?: 'replace' | 'patch'): Promise<StoredResource>;
  /** Removes the resource, its index rows and its membership rows. */
  delete(type: ResourceTypeName, prev: StoredResource): Promise<void>;

  /** A group's members, a page at a time; with `display`, names missing on rows are filled in from the users. */
  members(groupId: string, pageSize: number, display?: boolean): AsyncIterable<MemberRef[]>;
  /**
   * At most `pageSize` of a group's members in storage order, starting after the member whose
   * id is `after`: a continuation that outlives the request. Display names missing on the rows
   * are read from the users for this page only (nothing is written back).
   */
  membersPage(groupId: string, pageSize: number, after?: string): Promise<MembersPage>;
  /** One point read of the membership row. */
  isMember(groupId: string, userId: string): Promise<boolean>;
  /** The ids of the groups a user belongs to (reverse rows). */
  groupsOf(userId: string): Promise<MemberRef[]>;
  /** 400 invalidValue naming the first id that is not a user of this directory. */
  assertUsers(userIds: string[]): Promise<void>;
  /**
   * Applies a member change to `group`. Adding a member twice or removing a non-member is a
   * no-op; an added user deleted meanwhile is skipped. Returns the group with its new version;
   * ConcurrencyConflict if the group itself is gone.
   */
  changeMembers(group: StoredResource, change: MemberChange): Promise<StoredResource>;
}

/** Attributes answered from index rows (besides `id`), per resource type. */
export const INDEXED_ATTRIBUTES: Record<ResourceTypeName, { unique: string[]; multi: string[] }> = {
  User: { unique: ['userName'], multi: ['externalId'] },
  Group: { unique: ['displayName'], multi: ['externalId'] },
};
