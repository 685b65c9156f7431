import { parseFilter } from '../scim/filter/parse-filter';
import { validateFilter } from '../scim/filter/evaluate-filter';
import { ScimError } from '../scim/errors';
import type { ResourceTypeDef } from '../scim/schema/types';
import type { Filter } from '../scim/filter/ast';

export interface ListParams {
  filter?: Filter;
  startIndex: number;
  count: number;
}

/**
 * RFC 7644 §3.4.2: `filter`, `startIndex` (1-based; below 1 means 1) and `count` (negative
 * means 0; above the page limit is clamped to it, as ServiceProviderConfig advertises).
 * Parameter names are matched case-insensitively.
 */
export function parseListParams(rt: ResourceTypeDef, query: URLSearchParams, maxPageSize: number): ListParams {
  const filterText = param(query, 'filter');
  let filter: Filter | undefined;
  if (filterText !== undefined) {
    filter = parseFilter(filterText);
    validateFilter(filter, rt);
  }
  const startIndex = Math.max(1, integer(query, 'startIndex') ?? 1);
  const count = Math.min(maxPageSize, Math.max(0, integer(query, 'count') ?? maxPageSize));
  return { filter, startIndex, count };
}

export function param(query: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const text = param(query, name);
  if (text === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(text)) throw ScimError.invalidValue(`${name} must be an integer, got ${JSON.stringify(text)}`);
  // Clamped so a 400-digit value stays a number (not Infinity, which JSON would write as null).
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number(text)));
}
