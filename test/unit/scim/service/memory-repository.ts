import type { MemberChange, MemberRef, MembersPage, PrefixPage, ResourceRepository, ResourceTypeName, ScanPage, ScimDoc, StoredResource } from '../../../../shared/scim/repository';

/**
 * An in-memory ResourceRepository for unit tests of the list engine: resources in id order
 * (the storage order of the real store, whose RowKeys sort by encoded id), and a count of
 * the resources every scanPage call returned, so tests can assert O(page) costs.
 */
export class MemoryRepository implements ResourceRepository {
  readonly directoryId: string;
  private readonly resources: Record<ResourceTypeName, Map<string, StoredResource>> = { User: new Map(), Group: new Map() };
  private readonly memberships = new Set<string>();
  /** Resources handed out by scanPage, and the calls, since the last reset. */
  scanned = 0;
  scans = 0;
  reads = 0;

  constructor(directoryId = 'dir') {
    this.directoryId = directoryId;
  }

  add(type: ResourceTypeName, id: string, doc: ScimDoc, created = '2026-01-01T00:00:00.000Z'): StoredResource {
    const r: StoredResource = { id, doc: { ...doc, id }, created, lastModified: created, version: `v-${id}`, etag: `e-${id}` };
    if (type === 'User') r.groups = [];
    this.resources[type].set(id, r);
    return r;
  }

  resetCounts(): void {
    this.scanned = 0;
    this.scans = 0;
    this.reads = 0;
  }

  async get(type: ResourceTypeName, id: string): Promise<StoredResource | undefined> {
    this.reads++;
    return this.resources[type].get(id);
  }

  async findBy(type: ResourceTypeName, attr: string, value: string): Promise<StoredResource[]> {
    const all = [...this.resources[type].values()];
    if (attr === 'id') return all.filter((r) => r.id === value);
    if (attr === 'externalId') return all.filter((r) => r.doc.externalId === value);
    return all.filter((r) => typeof r.doc[attr] === 'string' && (r.doc[attr] as string).toLowerCase() === value.toLowerCase());
  }

  async *scan(type: ResourceTypeName, pageSize: number): AsyncIterable<StoredResource[]> {
    const all = this.ordered(type);
    for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
  }

  async scanPage(type: ResourceTypeName, pageSize: number, after?: string): Promise<ScanPage> {
    const rest = this.ordered(type).filter((r) => after === undefined || r.id > after);
    const resources = rest.slice(0, pageSize);
    this.scans++;
    this.scanned += resources.length;
    return rest.length > pageSize ? { resources, next: resources[resources.length - 1]!.id } : { resources };
  }

  /** Values in lower-case order (the store orders by encoded key, the same for plain ASCII). */
  async findByPrefix(type: ResourceTypeName, attr: string, prefix: string, limit: number, after?: string): Promise<PrefixPage> {
    const lower = (r: StoredResource) => (typeof r.doc[attr] === 'string' ? (r.doc[attr] as string).toLowerCase() : undefined);
    const rest = [...this.resources[type].values()]
      .filter((r) => lower(r)?.startsWith(prefix.toLowerCase()) && (after === undefined || lower(r)! > after))
      .sort((a, b) => (lower(a)! < lower(b)! ? -1 : 1));
    const resources = rest.slice(0, limit).map(({ groups: _groups, ...r }) => r);
    return rest.length > limit ? { resources, next: lower(resources[resources.length - 1]!) } : { resources };
  }

  async membersPage(groupId: string, pageSize: number, after?: string): Promise<MembersPage> {
    const ids = [...this.memberships].filter((m) => m.startsWith(`${groupId}/`)).map((m) => m.split('/')[1]!).filter((id) => after === undefined || id > after).sort();
    const members = ids.slice(0, pageSize).map((id): MemberRef => {
      const display = this.resources.User.get(id)?.doc.displayName ?? this.resources.User.get(id)?.doc.userName;
      return typeof display === 'string' ? { id, display } : { id };
    });
    return ids.length > pageSize ? { members, next: members[members.length - 1]!.id } : { members };
  }

  async create(): Promise<StoredResource> {
    throw new Error('not used by these tests');
  }

  async update(): Promise<StoredResource> {
    throw new Error('not used by these tests');
  }

  async delete(type: ResourceTypeName, prev: StoredResource): Promise<void> {
    this.resources[type].delete(prev.id);
  }

  async *members(groupId: string): AsyncIterable<MemberRef[]> {
    yield [...this.memberships].filter((m) => m.startsWith(`${groupId}/`)).map((m) => ({ id: m.split('/')[1]! }));
  }

  async isMember(groupId: string, userId: string): Promise<boolean> {
    return this.memberships.has(`${groupId}/${userId}`);
  }

  async groupsOf(userId: string): Promise<MemberRef[]> {
    return [...this.memberships].filter((m) => m.endsWith(`/${userId}`)).map((m) => ({ id: m.split('/')[0]! }));
  }

  async assertUsers(): Promise<void> {}

  async changeMembers(group: StoredResource, change: MemberChange): Promise<StoredResource> {
    for (const id of change.add) this.memberships.add(`${group.id}/${id}`);
    for (const id of change.remove) this.memberships.delete(`${group.id}/${id}`);
    return group;
  }

  private ordered(type: ResourceTypeName): StoredResource[] {
    return [...this.resources[type].values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
