import { ScimError } from './errors';
import { isJsonObject, type JsonObject } from './json-object';
import { findSubAttribute } from './schema/resolve';
import type { AttributeDef } from './schema/types';

/** xsd:dateTime (RFC 7643 §2.3.5); the value is kept as sent, only its form is checked. */
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * Type-checks and coerces one attribute's value (RFC 7643 §2.3), with Entra's leniencies
 * (ENTRA-DIALECT.md items 2 and 7):
 * - booleans may arrive as "true"/"false" in any case;
 * - a singular value for a multi-valued attribute is wrapped in an array; null elements and
 *   elements left empty are dropped;
 * - a one-element array for a singular complex attribute is unwrapped;
 * - a bare string for a complex attribute with a `value` sub-attribute becomes `{value}`;
 * - unknown and readOnly sub-attributes (e.g. `manager.displayName`) and null sub-values are
 *   dropped, sub-attribute names take their canonical spelling.
 * Returns undefined for null and for a complex value left empty; the caller decides what an
 * absent, empty-string or empty-array value means. `where` names the value in error details.
 */
export function coerceAttributeValue(def: AttributeDef, value: unknown, where: string): unknown {
  if (def.multiValued) return coerceMulti(def, value, where);
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (def.type === 'complex' && value.length === 1) return coerceSingle(def, value[0], where);
    throw ScimError.invalidValue(`${where}: expected a single value, not an array`);
  }
  return coerceSingle(def, value, where);
}

function coerceMulti(def: AttributeDef, value: unknown, where: string): unknown[] | undefined {
  if (value === null || value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const out: unknown[] = [];
  items.forEach((item, i) => {
    if (Array.isArray(item)) throw ScimError.invalidValue(`${where}[${i}]: expected a single value, not an array`);
    const coerced = coerceSingle(def, item, `${where}[${i}]`);
    if (coerced !== undefined) out.push(coerced);
  });
  return out;
}

function coerceSingle(def: AttributeDef, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case 'string':
    case 'binary':
      return expect(typeof value === 'string', value, `${where}: expected a string`);
    case 'reference':
      return expect(typeof value === 'string', value, `${where}: expected a reference (a string)`);
    case 'boolean':
      return coerceBoolean(value, where);
    case 'integer':
      return expect(Number.isSafeInteger(value), value, `${where}: expected an integer`);
    case 'decimal':
      return expect(typeof value === 'number' && Number.isFinite(value), value, `${where}: expected a number`);
    case 'dateTime':
      return expect(
        typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
        value,
        `${where}: expected an xsd:dateTime such as 2024-01-31T12:00:00Z`,
      );
    case 'complex':
      return coerceComplex(def, value, where);
  }
}

function expect(ok: boolean, value: unknown, detail: string): unknown {
  if (!ok) throw ScimError.invalidValue(detail);
  return value;
}

function coerceBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw ScimError.invalidValue(`${where}: expected a boolean`);
}

function coerceComplex(def: AttributeDef, value: unknown, where: string): JsonObject | undefined {
  const valueDef = findSubAttribute(def, 'value');
  if (valueDef && typeof value === 'string') return { [valueDef.name]: coerceSingle(valueDef, value, `${where}.value`) };
  if (!isJsonObject(value)) throw ScimError.invalidValue(`${where}: expected an object`);
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findSubAttribute(def, key);
    if (!sub || sub.mutability === 'readOnly') continue;
    const coerced = coerceAttributeValue(sub, raw, `${where}.${sub.name}`);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
