import { coerceAttributeValue } from '../coerce-attribute-value';
import { isScimError } from '../errors';
import type { Filter } from '../filter/ast';
import { chainOperands } from '../filter/chain-operands';
import { evaluateFilter } from '../filter/evaluate-filter';
import type { JsonObject } from '../json-object';
import { findSubAttribute } from '../schema/resolve';
import type { AttributeDef, ResolvedAttribute, ResourceTypeDef } from '../schema/types';

/**
 * Whether one element of the multi-valued complex attribute `attr` satisfies a PATCH value
 * filter (RFC 7644 §3.5.2 valuePath), whose paths name sub-attributes: `type eq "work"`
 * against `{type: 'work', value: 'a@b'}`. evaluateFilter takes whole resources only, so the
 * element is evaluated as `attr[filter]` over a resource holding just that element; the
 * filter module's rules therefore apply unchanged (caseExact per sub-attribute, `"True"`
 * equal to true). The filter must have passed validateFilter.
 */
export function matchElement(rt: ResourceTypeDef, attr: ResolvedAttribute, filter: Filter, element: unknown): boolean {
  const holder: JsonObject = { [attr.def.name]: [element] };
  const doc: JsonObject = attr.extension ? { [attr.schemaId]: holder } : holder;
  return evaluateFilter({ kind: 'valuePath', path: { uri: attr.schemaId, name: attr.def.name }, filter }, doc, rt);
}

/**
 * The element a value filter describes, when it is a conjunction of `sub eq value` terms:
 * `type eq "work"` -> {type: 'work'}, `primary eq "True"` -> {primary: true}, values coerced
 * to the sub-attribute's type. Undefined when the filter uses anything else (or, not, pr,
 * other operators, null, contradictory terms), since no single new element is then implied.
 * This is how `add` (and Entra's `replace`) create the element a filter path names.
 */
export function impliedElement(attr: ResolvedAttribute, filter: Filter): JsonObject | undefined {
  const element: JsonObject = {};
  const operands = filter.kind === 'and' ? chainOperands(filter) : [filter];
  for (const term of operands) {
    if (term.kind !== 'compare' || term.op !== 'eq' || term.value === null) return undefined;
    const sub = findSubAttribute(attr.def, term.path.name);
    if (!sub || sub.type === 'complex' || sub.mutability === 'readOnly') return undefined;
    const value = coerceTerm(sub, term.value);
    if (value === undefined) return undefined;
    const seen = element[sub.name];
    if (seen !== undefined && seen !== value) return undefined;
    element[sub.name] = value;
  }
  return element;
}

/** A term whose value does not fit the sub-attribute implies no element. */
function coerceTerm(sub: AttributeDef, value: unknown): unknown {
  try {
    return coerceAttributeValue(sub, value, sub.name);
  } catch (e) {
    if (isScimError(e)) return undefined;
    throw e;
  }
}
