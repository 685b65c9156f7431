import type { Filter } from '../filter/ast';
import { evaluateFilter } from '../filter/evaluate-filter';
import { indexableEqualities } from '../filter/filter-equality';
import { INDEXED_ATTRIBUTES, type ResourceRepository, type ResourceTypeName, type StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { withMeta } from './resource-view';

export interface ListQuery {
  filter?: Filter;
  /** 1-based, RFC 7644 §3.4.2.4. */
  startIndex: number;
  count: number;
  /** Base URL for meta.location while evaluating meta.* filters. */
  baseUrl: string;
}

export interface ListResult {
  totalResults: number;
  startIndex: number;
  resources: StoredResource[];
}

/** Rows read per storage page while scanning a partition. */
const SCAN_PAGE = 500;

/**
 * RFC 7644 §3.4.2: filtered, paged listing. Equality on an indexed attribute is answered from
 * index rows; any other filter is evaluated over the partition page by page, keeping only the
 * requested window in memory while counting every match for totalResults.
 */
export async function listResources(rt: ResourceTypeDef, repo: ResourceRepository, query: ListQuery): Promise<ListResult> {
  const type = rt.name as ResourceTypeName;
  const matches = (r: StoredResource) => !query.filter || evaluateFilter(query.filter, withMeta(rt, r, query.baseUrl), rt);
  const first = query.startIndex - 1;
  const window: StoredResource[] = [];
  let total = 0;
  const take = (r: StoredResource) => {
    if (!matches(r)) return;
    if (total >= first && window.length < query.count) window.push(r);
    total++;
  };

  const lookups = query.filter && indexableEqualities(query.filter, rt, ['id', ...INDEXED_ATTRIBUTES[type].unique, ...INDEXED_ATTRIBUTES[type].multi]);
  if (lookups) {
    const seen = new Set<string>();
    for (const { attr, value } of lookups) {
      for (const r of await repo.findBy(type, attr, value)) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        take(r);
      }
    }
  } else {
    for await (const page of repo.scan(type, SCAN_PAGE)) page.forEach(take);
  }
  return { totalResults: total, startIndex: query.startIndex, resources: window };
}
