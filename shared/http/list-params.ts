import { ScimError } from '../scim/errors';
import type { Filter } from '../scim/filter/ast';
import { validateFilter } from '../scim/filter/evaluate-filter';
import { parseFilter } from '../scim/filter/parse-filter';
import type { ResourceTypeDef } from '../scim/schema/types';
import { parseSort, type SortSpec } from '../scim/sort';

export interface ListParams {
  filter?: Filter;
  sort?: SortSpec;
  /** 1-based. */
  startIndex: number;
  count: number;
  /** RFC 9865: set (possibly to "") when the client pages by cursor. */
  cursor?: string;
}

/** Where list parameters come from: the query string, or a SearchRequest body (RFC 7644 §3.4.3). */
export type ParamSource = (name: string) => string | undefined;

/**
 * RFC 7644 §3.4.2 and RFC 9865: `filter`, `sortBy`, `sortOrder`, `startIndex` (1-based; below 1
 * means 1), `count` (0 returns only totalResults; above the page limit is clamped to it, as
 * ServiceProviderConfig advertises; negative is 400) and `cursor` (empty starts a cursor walk;
 * not together with startIndex). Parameter names are matched case-insensitively. At the root
 * (several types) a filter or sortBy must make sense for at least one of them.
 * @throws ScimError 400 invalidFilter / invalidValue naming the parameter and the problem.
 */
export function parseListParams(
  rts: ResourceTypeDef | readonly ResourceTypeDef[],
  source: URLSearchParams | ParamSource,
  maxPageSize: number,
): ListParams {
  const types = Array.isArray(rts) ? (rts as readonly ResourceTypeDef[]) : [rts as ResourceTypeDef];
  const get: ParamSource = typeof source === 'function' ? source : (name) => param(source, name);
  const filterText = get('filter');
  const filter = filterText === undefined ? undefined : parseValidFilter(filterText, types);
  const sort = parseSort(types, get('sortBy'), get('sortOrder'));
  const cursor = get('cursor');
  const start = integer(get, 'startIndex');
  if (cursor !== undefined && start !== undefined) {
    throw ScimError.invalidValue('startIndex and cursor cannot be combined: page either by index or by cursor (RFC 9865)');
  }
  const count = integer(get, 'count');
  if (count !== undefined && count < 0) throw ScimError.invalidValue(`count must be 0 or more, got ${count}`);
  if (cursor !== undefined && count === 0) throw ScimError.invalidValue('count must be at least 1 when paging by cursor (RFC 9865)');
  const params: ListParams = { filter, sort, startIndex: Math.max(1, start ?? 1), count: Math.min(maxPageSize, count ?? maxPageSize) };
  if (cursor !== undefined) params.cursor = cursor;
  return params;
}

/** The first value of a query parameter, its name matched case-insensitively. */
export function param(query: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Valid for one type is enough at the root: attributes another type lacks count as absent there. */
function parseValidFilter(text: string, types: readonly ResourceTypeDef[]): Filter {
  const filter = parseFilter(text);
  const errors: unknown[] = [];
  for (const rt of types) {
    try {
      validateFilter(filter, rt);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === types.length) throw errors[0];
  return filter;
}

function integer(get: ParamSource, name: string): number | undefined {
  const text = get(name);
  if (text === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(text)) throw ScimError.invalidValue(`${name} must be an integer, got ${JSON.stringify(text)}`);
  // Clamped so a 400-digit value stays a number (not Infinity, which JSON would write as null).
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number(text)));
}
