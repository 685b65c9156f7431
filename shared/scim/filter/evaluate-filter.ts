import type { ResourceTypeDef } from '../schema/types';
import { assertNever, type Filter } from './ast';
import { chainOperands } from './chain-operands';
import { compareValue } from './compare-value';
import { comparedDef, elementsOf, isObject, resolveTarget, valuesOf, type FilterTarget, type Scope } from './filter-target';

export { validateFilter } from './validate-filter';

/**
 * Whether `doc` (a resource in canonical spelling, extension attributes under their URN key,
 * `meta` at the top level when attached) matches `filter`, per RFC 7644 §3.4.2.2:
 * - a multi-valued attribute matches when any of its values does; a complex attribute named
 *   alone compares its `value` sub-attribute (`emails co "@x"`, `manager eq "m"`);
 * - `ne` means no value equals, so it holds for an absent attribute; `eq null` means absent;
 * - `attr[filter]` holds when one element satisfies the whole inner filter.
 * Call `validateFilter` once first; evaluation itself never throws, and an unresolvable path
 * counts as absent.
 */
export function evaluateFilter(filter: Filter, doc: Record<string, unknown>, rt: ResourceTypeDef): boolean {
  return matches(filter, doc, { kind: 'resource', rt });
}

/**
 * RFC 7644 §3.4.2.2 `pr`: has a value that is not null, "" or an empty array or object.
 * A complex value is present when one of its sub-attributes is.
 */
export function isPresent(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isPresentScalar);
  if (isObject(value)) return Object.values(value).some(isPresentScalar);
  return isPresentScalar(value);
}

function isPresentScalar(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

function matches(filter: Filter, subject: Record<string, unknown>, scope: Scope): boolean {
  switch (filter.kind) {
    case 'and':
      return chainOperands(filter).every((operand) => matches(operand, subject, scope));
    case 'or':
      return chainOperands(filter).some((operand) => matches(operand, subject, scope));
    case 'not':
      return !matches(filter.filter, subject, scope);
    case 'present':
      return present(filter, subject, scope);
    case 'compare':
      return compares(filter, subject, scope);
    case 'valuePath':
      return someElementMatches(filter, subject, scope);
    default:
      return assertNever(filter);
  }
}

function present(filter: Filter & { kind: 'present' }, subject: Record<string, unknown>, scope: Scope): boolean {
  const target = resolveTarget(filter.path, scope);
  return target !== undefined && hasValue(target, subject);
}

function hasValue(target: FilterTarget, subject: Record<string, unknown>): boolean {
  return valuesOf(target, subject, target.sub ?? target.attr).some(isPresent);
}

function compares(filter: Filter & { kind: 'compare' }, subject: Record<string, unknown>, scope: Scope): boolean {
  const { op, value } = filter;
  const target = resolveTarget(filter.path, scope);
  if (value === null) {
    const there = target !== undefined && hasValue(target, subject);
    return op === 'eq' ? !there : op === 'ne' && there;
  }
  const def = target && comparedDef(target);
  if (!target || !def) return op === 'ne';
  const values = valuesOf(target, subject, def);
  if (op === 'ne') return !values.some((actual) => compareValue(def, 'eq', actual, value));
  return values.some((actual) => compareValue(def, op, actual, value));
}

function someElementMatches(
  filter: Filter & { kind: 'valuePath' },
  subject: Record<string, unknown>,
  scope: Scope,
): boolean {
  const target = resolveTarget(filter.path, scope);
  if (!target || target.sub || target.attr.type !== 'complex' || scope.kind === 'element') return false;
  const elementScope: Scope = { kind: 'element', parent: target.attr };
  return elementsOf(target, subject).some((element) => isObject(element) && matches(filter.filter, element, elementScope));
}
