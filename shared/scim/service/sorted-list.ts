import type { ResourceRepository, ResourceTypeName, StoredResource } from '../repository';
import { compareSortKeys, sortKeyOf, type SortKey, type SortSpec } from '../sort';
import { checkSortBound, queryKey, trustsEarlierPages, type ListContext, type ListQuery, type ListResult, type Matcher } from './list-query';
import { withMeta } from './resource-view';

/** Resources per storage page while collecting sort keys. */
const SCAN_PAGE = 1000;
/** Matches whose documents stay in memory (and in the cache) with their keys; past this only keys are kept. */
const KEEP_DOCUMENTS = 2_000;
/** Cache weight of a kept document, relative to a bare key. */
const DOCUMENT_WEIGHT = 20;
/** Point reads in flight while fetching a page of a sorted list. */
const PARALLEL_READS = 16;

/** One match of a sorted query: its place is its index in the sorted array. */
export interface SortedEntry {
  type: ResourceTypeName;
  id: string;
  key?: SortKey;
  /** The resource as read while sorting, when it was kept. */
  resource?: StoredResource;
}

/** A page of sorted entries: kept resources as read, the others by point reads. */
export async function sortedPage(repo: ResourceRepository, query: ListQuery, entries: SortedEntry[]): Promise<ListResult> {
  const first = query.startIndex - 1;
  const resources = (await readEntries(repo, entries.slice(first, first + query.count))).filter((r): r is StoredResource => r !== undefined);
  return { totalResults: entries.length, startIndex: query.startIndex, resources, next: { pos: first + resources.length, total: entries.length } };
}

/**
 * Every match of a scanned query in sorted order. Sorting needs every match, so the first page
 * of a walk reads the partition once and keeps each match's id and sort key (and documents, up
 * to KEEP_DOCUMENTS matches); that is cached, so a later page costs nothing more than `count`
 * point reads, none when the documents were kept.
 */
export async function sortedEntries(ctx: ListContext, query: ListQuery, matches: Matcher): Promise<SortedEntry[]> {
  const key = `sorted\u0000${query.baseUrl}\u0000${queryKey(ctx.rt.name, query.filter, query.sort)}`;
  const cached = trustsEarlierPages(query) ? ctx.cache.get<SortedEntry[]>(ctx.repo.directoryId, key) : undefined;
  if (cached) return cached;
  const generation = ctx.cache.generation(ctx.repo.directoryId);
  const spec = query.sort!;
  const entries = await collect(ctx, query, matches, spec);
  entries.sort((a, b) => compareSortKeys(a.key, b.key, spec.order));
  const withDocuments = entries.length <= KEEP_DOCUMENTS;
  const kept = withDocuments ? entries : entries.map(({ type, id, key: sortKey }) => ({ type, id, key: sortKey }));
  ctx.cache.put(ctx.repo.directoryId, key, generation, kept, kept.length * (withDocuments ? DOCUMENT_WEIGHT : 1));
  return entries;
}

async function collect(ctx: ListContext, query: ListQuery, matches: Matcher, spec: SortSpec): Promise<SortedEntry[]> {
  const type = ctx.rt.name as ResourceTypeName;
  const entries: SortedEntry[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.repo.scanPage(type, SCAN_PAGE, after);
    for (const r of page.resources) {
      const view = withMeta(ctx.rt, r, query.baseUrl);
      if (!(await matches(r, view))) continue;
      entries.push({ type, id: r.id, key: sortKeyOf(spec, ctx.rt, view), resource: r });
      checkSortBound(entries.length, ctx.maxSortMatches);
      if (entries.length === KEEP_DOCUMENTS + 1) for (const e of entries) delete e.resource;
      if (entries.length > KEEP_DOCUMENTS) delete entries[entries.length - 1]!.resource;
    }
    after = page.next;
  } while (after !== undefined);
  return entries;
}

/** The resources of a page of entries, aligned with it: kept ones as read, others by point reads (undefined when gone since). */
export async function readEntries(repo: ResourceRepository, page: SortedEntry[]): Promise<Array<StoredResource | undefined>> {
  const out: Array<StoredResource | undefined> = new Array(page.length);
  let next = 0;
  const worker = async () => {
    while (next < page.length) {
      const i = next++;
      const e = page[i]!;
      out[i] = e.resource ?? (await repo.get(e.type, e.id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, page.length) }, worker));
  return out;
}
