import { ScimError } from '../errors';
import { normaliseResource } from '../normalise-resource';
import { applyPatch } from '../patch/apply-patch';
import type { PatchOperation } from '../patch/parse-patch-request';
import { ConcurrencyConflict, type ResourceRepository, type ResourceTypeName, type ScimDoc, type StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { MAX_SORT_MATCHES } from '../sort';
import { listResources, type ListContext, type ListQuery, type ListResult } from './list-resources';
import { pagingCache, type PagingCache } from './paging-cache';
import { versionTag } from './version-tag';

/** How lists run: the cache they learn into, and the most matches a sorted list may hold. */
export interface ListOptions {
  cache?: PagingCache;
  maxSortMatches?: number;
}

/** Lost optimistic-concurrency races are retried this many times before giving up. */
const MAX_ATTEMPTS = 4;

/**
 * Create, read, replace, patch and delete of one resource type inside one directory
 * (RFC 7644 §3.3-3.6). Pure over the repository port: no HTTP, no Table entities.
 */
export class ResourceService {
  readonly type: ResourceTypeName;

  constructor(
    readonly rt: ResourceTypeDef,
    readonly repo: ResourceRepository,
    private readonly newId: () => string,
    private readonly listOptions: ListOptions = {},
  ) {
    this.type = rt.name as ResourceTypeName;
  }

  /** The cache lists of this directory learn into; writes empty it. */
  get cache(): PagingCache {
    return this.listOptions.cache ?? pagingCache;
  }

  create(body: unknown): Promise<StoredResource> {
    return this.createDoc(normaliseResource(this.rt, body));
  }

  async get(id: string): Promise<StoredResource> {
    const found = await this.repo.get(this.type, id);
    if (!found) throw ScimError.notFound(`${this.rt.name} ${JSON.stringify(id)} not found`);
    return found;
  }

  /** RFC 7644 §3.4.2: filter, sortBy/sortOrder, startIndex/count or a cursor position. */
  list(query: ListQuery): Promise<ListResult> {
    return listResources(this.listContext, query);
  }

  get listContext(): ListContext {
    return { rt: this.rt, repo: this.repo, cache: this.cache, maxSortMatches: this.listOptions.maxSortMatches ?? MAX_SORT_MATCHES };
  }

  /** RFC 7644 §3.5.1: PUT replaces every writable attribute; id and created are kept. */
  async replace(id: string, body: unknown, ifMatch?: string): Promise<StoredResource> {
    const doc = normaliseResource(this.rt, body);
    return this.withRetry(async () => this.repo.update(this.type, await this.read(id, ifMatch), { ...doc, id }));
  }

  /** RFC 7644 §3.5.2: operations apply in order, all or nothing. */
  async patch(id: string, ops: PatchOperation[], ifMatch?: string): Promise<StoredResource> {
    return this.withRetry(async () => {
      const prev = await this.read(id, ifMatch);
      const { doc, changed } = applyPatch(this.rt, prev.doc, ops);
      return changed ? this.repo.update(this.type, prev, { ...doc, id }, 'patch') : prev;
    });
  }

  async delete(id: string, ifMatch?: string): Promise<void> {
    await this.withRetry(async () => this.repo.delete(this.type, await this.read(id, ifMatch)));
  }

  protected createDoc(doc: ScimDoc): Promise<StoredResource> {
    const id = this.newId();
    return this.withRetry(() => this.repo.create(this.type, id, { ...doc, id }));
  }

  /** The current resource, 404 if absent, 412 if `ifMatch` names another version. */
  protected async read(id: string, ifMatch: string | undefined): Promise<StoredResource> {
    const current = await this.get(id);
    checkIfMatch(current, ifMatch);
    return current;
  }

  /** Runs a write, retrying lost races; whatever it did, lists learned before it are forgotten. */
  protected async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      for (let i = 1; ; i++) {
        try {
          return await attempt();
        } catch (e) {
          if (!(e instanceof ConcurrencyConflict)) throw e;
          if (i >= MAX_ATTEMPTS) throw ScimError.conflict(`${this.rt.name} was changed by concurrent requests; retry the request`);
        }
      }
    } finally {
      this.cache.invalidate(this.repo.directoryId);
    }
  }
}

/** RFC 7644 §3.14 / RFC 7232: a stale If-Match is 412, `*` matches any version. */
function checkIfMatch(current: StoredResource, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (tags.includes('*') || tags.includes(versionTag(current)) || tags.includes(`"${current.version}"`)) return;
  throw ScimError.preconditionFailed(`If-Match ${ifMatch} does not match the current version ${versionTag(current)}`);
}
