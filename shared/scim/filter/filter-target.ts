import { defineAttribute } from '../schema/define-attribute';
import { findSubAttribute, resolveAttribute } from '../schema/resolve';
import type { AttributeDef, ResourceTypeDef } from '../schema/types';
import type { AttrPath } from './ast';

/**
 * Where a filter's attribute paths resolve: against the resource type, or (inside
 * `attr[...]`, RFC 7644 §3.4.2.2 valuePath) against the sub-attributes of one element.
 */
export type Scope = { kind: 'resource'; rt: ResourceTypeDef } | { kind: 'element'; parent: AttributeDef };

/** An attribute path resolved to the definitions it names. */
export interface FilterTarget {
  /** The extension URN the attribute is nested under in a resource, if any. */
  container?: string;
  /** The attribute the path's name denotes (top-level, or a sub-attribute in element scope). */
  attr: AttributeDef;
  /** The sub-attribute named after ".", if any. */
  sub?: AttributeDef;
}

/**
 * RFC 7643 §3 `schemas` is on every resource but in no schema's attribute list; the
 * RFC 7644 §3.4.2.2 examples filter on it. URIs compare case-insensitively here.
 */
const SCHEMAS_ATTRIBUTE = defineAttribute('schemas', 'reference', 'The schema URIs of the resource.', {
  multiValued: true,
  referenceTypes: ['uri'],
});

export function resolveTarget(path: AttrPath, scope: Scope): FilterTarget | undefined {
  if (scope.kind === 'element') {
    if (path.uri !== undefined || path.sub !== undefined) return undefined;
    const attr = findSubAttribute(scope.parent, path.name);
    return attr && { attr };
  }
  const resolved = resolveAttribute(scope.rt, path);
  if (!resolved) return isSchemasPath(path, scope.rt) ? { attr: SCHEMAS_ATTRIBUTE } : undefined;
  const target: FilterTarget = { attr: resolved.def };
  if (resolved.extension) target.container = resolved.schemaId;
  if (path.sub !== undefined) target.sub = findSubAttribute(resolved.def, path.sub);
  return target;
}

/**
 * The definition whose values a comparison tests: the named sub-attribute; for a complex
 * attribute named alone, its `value` sub-attribute (`emails co "@x"`, `members eq "u"`,
 * `manager eq "m"`); otherwise the attribute itself. Undefined for a complex attribute
 * without `value`, which cannot be compared.
 */
export function comparedDef(target: FilterTarget): AttributeDef | undefined {
  if (target.sub) return target.sub;
  if (target.attr.type !== 'complex') return target.attr;
  return findSubAttribute(target.attr, 'value');
}

/** The elements of the target's attribute in `subject`: [] when absent, [x] when singular. */
export function elementsOf(target: FilterTarget, subject: Record<string, unknown>): unknown[] {
  const holder = target.container === undefined ? subject : subject[target.container];
  if (!isObject(holder)) return [];
  const raw = ownValue(holder, target.attr.name);
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw : [raw];
}

/** The values of `def` across the elements: each element's sub-attribute, or the elements. */
export function valuesOf(target: FilterTarget, subject: Record<string, unknown>, def: AttributeDef): unknown[] {
  const elements = elementsOf(target, subject);
  if (def === target.attr) return elements;
  return elements.map((element) => (isObject(element) ? ownValue(element, def.name) : undefined));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownValue(holder: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(holder, key) ? holder[key] : undefined;
}

function isSchemasPath(path: AttrPath, rt: ResourceTypeDef): boolean {
  const coreUri = path.uri === undefined || path.uri.toLowerCase() === rt.schema.id.toLowerCase();
  return coreUri && path.sub === undefined && path.name.toLowerCase() === 'schemas';
}
