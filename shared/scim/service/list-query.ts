import { ScimError } from '../errors';
import type { Filter } from '../filter/ast';
import { printFilter } from '../filter/print-filter';
import type { ResourceRepository, ScimDoc, StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { printSort, type SortSpec } from '../sort';
import type { PagingCache } from './paging-cache';

/**
 * A position in a query's results: the match at 0-based `pos` is the first one found scanning
 * storage after the resource `after` (from the start without it), out of `total` matches.
 * A page's end, as a cursor carries it; `after` and `total` are hints that spare a rescan.
 */
export interface Checkpoint {
  pos: number;
  after?: string;
  total?: number;
}

export interface ListQuery {
  filter?: Filter;
  sort?: SortSpec;
  /** 1-based, RFC 7644 §3.4.2.4. */
  startIndex: number;
  count: number;
  /** Base URL for meta.location and $ref while evaluating filters. */
  baseUrl: string;
  /** Where the previous page ended (a cursor), so the scan resumes there. */
  resume?: Checkpoint;
  /**
   * Count every match rather than trust a count learned earlier; by default the first page of
   * a walk (startIndex 1, no cursor) recounts, so a fresh query always sees exact totals.
   */
  recount?: boolean;
}

export interface ListResult {
  totalResults: number;
  startIndex: number;
  resources: StoredResource[];
  /** Where the page after this one starts. */
  next: Checkpoint;
}

/** What a list runs on besides the query. */
export interface ListContext {
  rt: ResourceTypeDef;
  repo: ResourceRepository;
  cache: PagingCache;
  /** Sorted lists over more matches than this are refused (400 tooMany). */
  maxSortMatches: number;
}

/** Tests a resource (given with its client view) against the query's filter. */
export type Matcher = (r: StoredResource, view: ScimDoc) => Promise<boolean>;

/**
 * The query as one text: what a cursor is bound to, and (with the base URL, which meta.location
 * depends on) the cache key of what a list learns.
 */
export function queryKey(scope: string, filter: Filter | undefined, sort: SortSpec | undefined): string {
  return `${scope}\u0000${filter ? printFilter(filter) : ''}\u0000${printSort(sort)}`;
}

/** Whether this query may use counts and positions learned by earlier pages. */
export function trustsEarlierPages(query: ListQuery): boolean {
  return !(query.recount ?? (query.startIndex <= 1 && query.resume === undefined));
}

/** RFC 7644 §3.12 tooMany: more results than the server is willing to sort. */
export function checkSortBound(matches: number, max: number): void {
  if (matches > max) {
    throw ScimError.tooMany(`sortBy would sort more than ${max} matches; narrow the filter or leave out sortBy (results then come in storage order)`);
  }
}

