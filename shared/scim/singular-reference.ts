import { findSubAttribute } from './schema/resolve';
import type { AttributeDef } from './schema/types';
import type { JsonObject } from './json-object';

/**
 * A singular complex attribute with `value` and `$ref` (the enterprise `manager`, RFC 7643
 * §4.3) refers to another resource. ENTRA-DIALECT item 7: it is stored as `{value}` whatever
 * shape it arrived in; `$ref` and `displayName` are the service's to derive from the id, and an
 * empty id unassigns the attribute. POST/PUT and PATCH both go through here.
 */
export function isSingularReference(def: AttributeDef): boolean {
  return def.type === 'complex' && !def.multiValued && !!findSubAttribute(def, 'value') && !!findSubAttribute(def, '$ref');
}

/** `{value: id}`, or undefined when the id is absent, null or blank (meaning: remove it). */
export function referenceTo(id: unknown): JsonObject | undefined {
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string' && id.trim() === '') return undefined;
  return { value: id };
}
