import { isJsonObject, type JsonObject } from '../json-object';
import type { PatchStep } from './expand-operation';

/**
 * null, "" and [] leave an attribute unassigned (RFC 7643 §2.5; ENTRA-DIALECT item 8:
 * `replace` with "" or null clears).
 */
export function isClearing(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** An own property only: a stored key never resolves through the prototype chain. */
export function ownValue(holder: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(holder, key) ? holder[key] : undefined;
}

/** Sets `key`, or deletes it when the value is undefined or an empty array. */
export function setOrDelete(holder: JsonObject, key: string, value: unknown): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete holder[key];
  else holder[key] = value;
}

/** A remove, or an add/replace whose value is empty, leaves the target unassigned. */
export function unassigns(step: PatchStep): boolean {
  return step.op === 'remove' || isClearing(step.value);
}

/**
 * Sub-attributes of `patch` over those of `current`; a sub-attribute given as "" is
 * unassigned. Undefined when nothing is left.
 */
export function merge(current: unknown, patch: JsonObject): JsonObject | undefined {
  const out: JsonObject = isJsonObject(current) ? { ...current } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === '' || value === undefined) delete out[key];
    else out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
