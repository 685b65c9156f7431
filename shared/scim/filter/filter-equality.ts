import type { ResourceTypeDef } from '../schema/types';
import { assertNever, type Filter } from './ast';
import { chainOperands } from './chain-operands';
import { resolveTarget } from './filter-target';

/** One index-row lookup: resources whose `attr` equals `value` (as written in the filter). */
export interface IndexLookup {
  attr: string;
  value: string;
}

/**
 * The index lookups whose results contain every resource `filter` can match, so a list
 * request can read candidates instead of scanning; the full filter is still evaluated on
 * them. `attrs` are the canonical names that have index rows (e.g. id, userName, externalId).
 * - `attr eq "x"` (or a bare word) on a top-level indexed attribute -> one lookup; a complex
 *   attribute counts through its `value` (`members eq "u"`);
 * - `A and B` -> the indexable side with the fewest lookups (the left one on a tie);
 * - `A or B` -> the union, only when every side is indexable;
 * - anything else (ne, co, pr, not, value paths, sub-attributes) -> undefined: scan.
 * Values are returned as written; case folding (userName rows are lower-cased) is the store's.
 */
export function indexableEqualities(filter: Filter, rt: ResourceTypeDef, attrs: string[]): IndexLookup[] | undefined {
  switch (filter.kind) {
    case 'compare':
      return equality(filter, rt, attrs);
    case 'and':
      return narrowest(chainOperands(filter).map((operand) => indexableEqualities(operand, rt, attrs)));
    case 'or':
      return union(chainOperands(filter).map((operand) => indexableEqualities(operand, rt, attrs)));
    case 'present':
    case 'not':
    case 'valuePath':
      return undefined;
    default:
      return assertNever(filter);
  }
}

function equality(filter: Filter & { kind: 'compare' }, rt: ResourceTypeDef, attrs: string[]): IndexLookup[] | undefined {
  const { op, path, value } = filter;
  if (op !== 'eq' || path.sub !== undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const target = resolveTarget(path, { kind: 'resource', rt });
  if (!target) return undefined;
  const wanted = target.attr.name.toLowerCase();
  const attr = attrs.find((name) => name.toLowerCase() === wanted);
  return attr === undefined ? undefined : [{ attr, value: String(value) }];
}

function narrowest(sides: (IndexLookup[] | undefined)[]): IndexLookup[] | undefined {
  let best: IndexLookup[] | undefined;
  for (const side of sides) {
    if (side && (!best || side.length < best.length)) best = side;
  }
  return best;
}

function union(sides: (IndexLookup[] | undefined)[]): IndexLookup[] | undefined {
  const seen = new Map<string, IndexLookup>();
  for (const side of sides) {
    if (!side) return undefined;
    for (const lookup of side) seen.set(`${lookup.attr}\u0000${lookup.value}`, lookup);
  }
  return [...seen.values()];
}
