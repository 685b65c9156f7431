import { isSingularReference, referenceTo } from './singular-reference';
import { coerceAttributeValue } from './coerce-attribute-value';
import { ScimError } from './errors';
import type { AttrPath } from './filter/ast';
import { isJsonObject, type JsonObject } from './json-object';
import { findSubAttribute, parseAttributeName, resolveAttribute, schemaByUri } from './schema/resolve';
import type { AttributeDef, ResolvedAttribute, ResourceTypeDef, SchemaDef } from './schema/types';

export { coerceAttributeValue } from './coerce-attribute-value';

/**
 * Turns a POST or PUT body into a canonical resource doc (RFC 7644 §3.3, §3.5.1), lenient on
 * input as ENTRA-DIALECT.md item 9 asks:
 * - attribute names and schema URN keys match case-insensitively and take their canonical
 *   spelling; top-level URN-qualified keys (`urn:...:enterprise:2.0:User:department`) and
 *   dotted keys (`name.givenName`) are placed where they belong;
 * - `schemas`, `id`, `meta`, readOnly attributes, unknown attributes and unknown schema
 *   containers are ignored, not errors; nulls and empty arrays are dropped;
 * - values are type-checked and coerced by `coerceAttributeValue`;
 * - `schemas` is rebuilt from the containers present; required attributes are checked.
 * Decision: `password` (writeOnly) is accepted and dropped. Roster authenticates nobody with
 * it, and a stored password would be a liability with no reader (it is returned "never").
 */
export function normaliseResource(rt: ResourceTypeDef, body: unknown): JsonObject {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('request body must be a JSON object');
  const doc: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    const container = schemaByUri(rt, key);
    if (container) placeContainer(rt, doc, container, value);
    else placeKey(rt, doc, key, value);
  }
  return finish(rt, doc);
}

/** `"urn:...:enterprise:2.0:User": {...}` (or the core URN, leniently) holds attributes by name. */
function placeContainer(rt: ResourceTypeDef, doc: JsonObject, schema: SchemaDef, value: unknown): void {
  if (value === null) return;
  if (!isJsonObject(value)) throw ScimError.invalidValue(`${schema.id}: expected an object`);
  for (const [key, inner] of Object.entries(value)) {
    const path = parseKey(key);
    if (path && path.uri === undefined) placeKey(rt, doc, `${schema.id}:${key}`, inner);
  }
}

function parseKey(key: string): AttrPath | undefined {
  try {
    return parseAttributeName(key);
  } catch {
    return undefined;
  }
}

function placeKey(rt: ResourceTypeDef, doc: JsonObject, key: string, value: unknown): void {
  const path = parseKey(key);
  const resolved = path && resolveAttribute(rt, path);
  if (!path || !resolved || !isWritable(resolved.def)) return;
  const target = targetOf(doc, resolved);
  const where = whereOf(resolved);
  if (path.sub === undefined) {
    setValue(target, resolved.def, coerceAttributeValue(resolved.def, value, where));
    return;
  }
  const sub = findSubAttribute(resolved.def, path.sub);
  if (!sub || !isWritable(sub)) return;
  if (resolved.def.multiValued) {
    throw ScimError.invalidValue(`${where}.${sub.name}: a resource body cannot set a sub-attribute of a multi-valued attribute`);
  }
  const existing = target[resolved.def.name];
  const parent: JsonObject = isJsonObject(existing) ? existing : {};
  setValue(parent, sub, coerceAttributeValue(sub, value, `${where}.${sub.name}`));
  setValue(target, resolved.def, Object.keys(parent).length > 0 ? parent : undefined);
}

/** readOnly values are the service's (RFC 7643 §2.2); writeOnly is only `password`, dropped by decision. */
function isWritable(def: AttributeDef): boolean {
  return def.mutability === 'readWrite' || def.mutability === 'immutable';
}

function targetOf(doc: JsonObject, resolved: ResolvedAttribute): JsonObject {
  if (!resolved.extension) return doc;
  const existing = doc[resolved.schemaId];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  doc[resolved.schemaId] = created;
  return created;
}

function whereOf(resolved: ResolvedAttribute): string {
  return resolved.extension ? `${resolved.schemaId}:${resolved.def.name}` : resolved.def.name;
}

function setValue(target: JsonObject, def: AttributeDef, coerced: unknown): void {
  const value = isSingularReference(def) && isJsonObject(coerced) ? referenceTo(coerced.value) : coerced;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete target[def.name];
  else target[def.name] = value;
}

function finish(rt: ResourceTypeDef, doc: JsonObject): JsonObject {
  const present = rt.extensions.filter((e) => {
    const container = doc[e.schema.id];
    if (isJsonObject(container) && Object.keys(container).length > 0) return true;
    delete doc[e.schema.id];
    return false;
  });
  for (const def of rt.schema.attributes) checkRequired(doc, def, def.name);
  for (const ext of rt.extensions) {
    const container = doc[ext.schema.id];
    if (ext.required && !isJsonObject(container)) throw ScimError.invalidValue(`${ext.schema.id} is required`);
    if (isJsonObject(container)) ext.schema.attributes.forEach((d) => checkRequired(container, d, `${ext.schema.id}:${d.name}`));
  }
  return { schemas: [rt.schema.id, ...present.map((e) => e.schema.id)], ...doc };
}

/** RFC 7643 §2.2 required; §4.1.1: userName must also be non-empty. */
function checkRequired(holder: JsonObject, def: AttributeDef, where: string): void {
  if (!def.required || !isWritable(def)) return;
  const value = holder[def.name];
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    throw ScimError.invalidValue(`${where} is required`);
  }
}
