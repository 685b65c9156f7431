import { ScimError } from '../errors';
import { isJsonObject } from '../json-object';
import { schemaByUri } from '../schema/resolve';
import type { ResourceTypeDef, SchemaDef } from '../schema/types';
import type { PatchOperation, PatchOpName } from './parse-patch-request';
import { resolvePatchTarget, type PatchTarget } from './patch-target';

/**
 * One attribute-level change: what a PATCH operation amounts to once its path, or each key
 * of its path-less value, is resolved. `value` is as sent (undefined for remove).
 */
export interface PatchStep {
  op: PatchOpName;
  target: PatchTarget;
  value: unknown;
  /** Where the target is named, for details: `Operations[2].path`, `Operations[2].value.displayName`. */
  at: string;
  /** Where the value is, for type errors: `Operations[2].value`, `Operations[2].value.emails`. */
  where: string;
}

/**
 * Turns one operation into steps (RFC 7644 §3.5.2):
 * - with a path: one step; a path that is a whole schema URN addresses that schema's
 *   attributes (`remove` of the enterprise URN removes them all);
 * - without a path (add/replace): one step per key of the value object. Keys may be
 *   attribute names, dotted (`name.givenName`), URN-qualified or value-filter paths
 *   (ENTRA-DIALECT item 3), or schema URN containers holding attributes by name (RFC form).
 * Decisions for path-less keys: `schemas`, `id` and `meta` describe the resource rather
 * than change it and are ignored (a client may echo a GET); keys under a schema URN that
 * the resource type does not have (Microsoft's ADSCIM URI, test-only extensions) are ignored
 * (ENTRA-DIALECT item 9). Unknown attributes of known schemas are still invalidPath.
 * @throws ScimError noTarget for remove without path (RFC 7644 §3.5.2.2).
 */
export function expandOperation(rt: ResourceTypeDef, operation: PatchOperation): PatchStep[] {
  const opAt = `Operations[${operation.index}]`;
  const { op, path, value } = operation;
  const where = `${opAt}.value`;
  if (path === undefined) {
    if (op === 'remove') throw ScimError.noTarget(`${opAt}: "remove" needs a "path" (RFC 7644 §3.5.2.2)`);
    return expandValueObject(rt, op, value, where);
  }
  const at = `${opAt}.path`;
  const schema = schemaByUri(rt, path.trim());
  if (schema) return expandSchema(rt, op, schema, op === 'remove' ? null : value, at, where);
  return [{ op, target: resolvePatchTarget(rt, path, at), value, at, where }];
}

function expandValueObject(rt: ResourceTypeDef, op: PatchOpName, value: unknown, where: string): PatchStep[] {
  if (!isJsonObject(value)) {
    throw ScimError.invalidValue(`${where}: expected an object of attributes, since the operation has no "path"`);
  }
  const steps: PatchStep[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const at = memberLocation(where, key);
    const schema = schemaByUri(rt, key.trim());
    if (schema) steps.push(...expandSchema(rt, op, schema, inner, at, at));
    else if (!isIgnoredKey(rt, key)) steps.push({ op, target: resolvePatchTarget(rt, key, at), value: inner, at, where: at });
  }
  return steps;
}

/**
 * A schema URN as path or key: an object value holds attributes by name; null (or a
 * remove) clears every attribute of an extension. The core schema cannot be cleared whole.
 */
function expandSchema(
  rt: ResourceTypeDef,
  op: PatchOpName,
  schema: SchemaDef,
  value: unknown,
  at: string,
  where: string,
): PatchStep[] {
  const isCore = schema.id === rt.schema.id;
  if (value === null || value === '') {
    if (isCore) throw ScimError.invalidValue(`${at}: the core schema ${schema.id} cannot be removed`);
    const writable = schema.attributes.filter((def) => def.mutability !== 'readOnly');
    return writable.map((def) => ({
      op,
      target: resolvePatchTarget(rt, `${schema.id}:${def.name}`, at),
      value: op === 'remove' ? undefined : null,
      at,
      where,
    }));
  }
  if (!isJsonObject(value)) throw ScimError.invalidValue(`${where}: expected an object of ${schema.id} attributes`);
  const steps: PatchStep[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (IGNORED_KEYS.has(key.toLowerCase())) continue;
    const keyAt = memberLocation(where, key);
    steps.push({ op, target: resolvePatchTarget(rt, `${schema.id}:${key}`, keyAt), value: inner, at: keyAt, where: keyAt });
  }
  return steps;
}

const IGNORED_KEYS: ReadonlySet<string> = new Set(['schemas', 'id', 'meta']);
/** A URI scheme followed by ":" (`urn:`, `http:`), as opposed to an attribute path. */
const URI_KEY = /^[a-z][a-z0-9+.-]*:/i;

function isIgnoredKey(rt: ResourceTypeDef, key: string): boolean {
  if (IGNORED_KEYS.has(key.trim().toLowerCase())) return true;
  if (!URI_KEY.test(key.trim())) return false;
  const lower = key.trim().toLowerCase();
  const schemas = [rt.schema, ...rt.extensions.map((e) => e.schema)];
  return !schemas.some((s) => lower.startsWith(`${s.id.toLowerCase()}:`));
}

/** `Operations[0].value.displayName`, or `Operations[0].value["name.givenName"]` for other keys. */
export function memberLocation(where: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
}
