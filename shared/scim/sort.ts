import { ScimError } from './errors';
import type { AttrPath } from './filter/ast';
import { toBoolean, toInstant, toNumber } from './filter/compare-value';
import { isPresent } from './filter/evaluate-filter';
import { elementsOf, isObject, resolveTarget, type FilterTarget } from './filter/filter-target';
import { quote } from './filter/lexer';
import { parseAttrPath } from './filter/parse-path';
import { printAttrPath } from './filter/print-filter';
import type { AttributeDef, ResourceTypeDef } from './schema/types';

export type SortOrder = 'ascending' | 'descending';

/**
 * A parsed `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3). `path` is as the client wrote it;
 * `targets` holds where it resolves in each resource type it applies to (by type name).
 */
export interface SortSpec {
  path: AttrPath;
  order: SortOrder;
  targets: ReadonlyMap<string, FilterTarget>;
}

/** A comparable sort value: text already case-folded when the attribute is not caseExact. */
export type SortKey = { kind: 'text'; value: string } | { kind: 'number'; value: number };

/**
 * Sorting needs every match in memory (keys, not documents); beyond this many matches a sorted
 * list is refused with 400 tooMany rather than risk the worker's memory.
 */
export const MAX_SORT_MATCHES = 100_000;

/**
 * Parses `sortBy` and `sortOrder` against the resource types a query spans (one, or both for a
 * root search: the path must resolve in at least one). RFC 7644 §3.4.2.3: a complex attribute
 * must be named through a sub-attribute (`name.familyName`); a multi-valued one sorts by its
 * primary value, else its first. Refused with 400 invalidValue naming the problem: an unknown
 * attribute, a complex one without sub-attribute, one never returned (`password`), group
 * `members` (rows, not part of the document), a sortOrder other than ascending/descending.
 * `sortOrder` alone is ignored, as there is nothing to order by.
 */
export function parseSort(rts: readonly ResourceTypeDef[], sortBy: string | undefined, sortOrder: string | undefined): SortSpec | undefined {
  const order = parseOrder(sortOrder);
  if (sortBy === undefined) return undefined;
  const path = parseSortPath(sortBy);
  const targets = new Map<string, FilterTarget>();
  for (const rt of rts) {
    const target = resolveTarget(path, { kind: 'resource', rt });
    if (target) targets.set(rt.name, checkSortable(rt, path, target));
  }
  if (targets.size === 0) {
    throw ScimError.invalidValue(`sortBy: unknown attribute ${quote(sortBy.trim())} for resource type ${rts.map((rt) => rt.name).join(' or ')}`);
  }
  return { path, order, targets };
}

function parseOrder(sortOrder: string | undefined): SortOrder {
  const text = sortOrder?.trim().toLowerCase();
  if (text === undefined || text === '' || text === 'ascending') return 'ascending';
  if (text === 'descending') return 'descending';
  throw ScimError.invalidValue(`sortOrder must be "ascending" or "descending", got ${quote(sortOrder!)}`);
}

function parseSortPath(sortBy: string): AttrPath {
  const text = sortBy.trim();
  if (text === '') throw ScimError.invalidValue('sortBy is empty: name an attribute, e.g. sortBy=userName');
  try {
    return parseAttrPath(text);
  } catch (e) {
    throw ScimError.invalidValue(`sortBy: ${quote(text)} is not an attribute path (${(e as ScimError).detail})`);
  }
}

function checkSortable(rt: ResourceTypeDef, path: AttrPath, target: FilterTarget): FilterTarget {
  const name = quote(printAttrPath(path));
  if (target.attr.type === 'complex' && !target.sub) {
    const example = target.attr.subAttributes?.[0]?.name ?? 'value';
    throw ScimError.invalidValue(`sortBy: ${name} is complex: name one of its sub-attributes, e.g. ${quote(`${target.attr.name}.${example}`)}`);
  }
  const def = target.sub ?? target.attr;
  if (def.returned === 'never' || target.attr.returned === 'never') throw ScimError.invalidValue(`sortBy: ${name} is never returned, so it cannot order results`);
  if (rt.name === 'Group' && target.attr.name === 'members') {
    throw ScimError.invalidValue('sortBy: Group "members" cannot order results (members are not part of the group document)');
  }
  return target;
}

/** The key `view` (a resource as clients see it) sorts by; undefined when it has no value. */
export function sortKeyOf(spec: SortSpec, rt: ResourceTypeDef, view: Record<string, unknown>): SortKey | undefined {
  const target = spec.targets.get(rt.name);
  if (!target) return undefined;
  const def = target.sub ?? target.attr;
  return toKey(def, sortValue(target, view));
}

/** RFC 7644 §3.4.2.3: a singular value as is; of a multi-valued one the primary, else the first. */
function sortValue(target: FilterTarget, view: Record<string, unknown>): unknown {
  const elements = elementsOf(target, view);
  const valueOf = (element: unknown) => (target.sub ? (isObject(element) ? element[target.sub.name] : undefined) : element);
  const primary = elements.find((e) => isObject(e) && toBoolean(e.primary) === true);
  if (primary !== undefined && isPresent(valueOf(primary))) return valueOf(primary);
  return elements.map(valueOf).find(isPresent);
}

function toKey(def: AttributeDef, value: unknown): SortKey | undefined {
  if (!isPresent(value) || typeof value === 'object') return undefined;
  switch (def.type) {
    case 'dateTime':
      return numberKey(toInstant(value));
    case 'integer':
    case 'decimal':
      return numberKey(toNumber(value));
    case 'boolean': {
      const b = toBoolean(value);
      return b === undefined ? undefined : { kind: 'number', value: b ? 1 : 0 };
    }
    default: {
      const text = String(value);
      return { kind: 'text', value: def.caseExact ? text : text.toLowerCase() };
    }
  }
}

function numberKey(n: number): SortKey | undefined {
  return Number.isNaN(n) ? undefined : { kind: 'number', value: n };
}

/**
 * Orders two keys for `order`: ascending by value (text by UTF-16 code units, so caseExact text
 * is case-sensitive and other text compares case-folded), resources without a value last when
 * ascending and first when descending (RFC 7644 §3.4.2.3). Equal keys compare 0, so a stable
 * sort keeps storage order among them and pages never overlap.
 */
export function compareSortKeys(a: SortKey | undefined, b: SortKey | undefined, order: SortOrder): number {
  const ascending = compareAscending(a, b);
  return order === 'ascending' ? ascending : -ascending;
}

function compareAscending(a: SortKey | undefined, b: SortKey | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (a.kind !== b.kind) return a.kind === 'number' ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** sortBy and sortOrder as one canonical text, for cache keys and cursor binding. */
export function printSort(spec: SortSpec | undefined): string {
  return spec ? `${printAttrPath(spec.path).toLowerCase()} ${spec.order}` : '';
}
