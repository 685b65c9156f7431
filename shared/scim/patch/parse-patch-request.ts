import { ScimError } from '../errors';
import { isJsonObject, type JsonObject } from '../json-object';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** More operations than this in one request is 400 tooMany. Entra sends tens at most. */
export const MAX_PATCH_OPERATIONS = 1000;

export type PatchOpName = 'add' | 'remove' | 'replace';

/**
 * One validated PATCH operation (RFC 7644 §3.5.2). `op` is lower-cased; `path` is the raw
 * path text (absent when none or empty was sent), parsed where it is applied; `value` is
 * as sent (absent when the key was missing, null when null was sent). `index` is the
 * operation's position in the request, so every error detail can name `Operations[index]`.
 */
export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: unknown;
  index: number;
}

/**
 * Validates a PatchOp message (RFC 7644 §3.5.2), leniently as Entra needs:
 * - `schemas` may be missing; when present (an array or a single string) it must name
 *   the PatchOp URN, since anything else is a different message sent to the wrong verb;
 * - member names (`Operations`, `op`, `path`, `value`) and `op` values match in any case;
 * - an empty or null `path` counts as no path.
 * `add` and `replace` need a `value` member (§3.5.2.1, §3.5.2.3); it may be null.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('PATCH body: expected a PatchOp object (RFC 7644 §3.5.2)');
  checkSchemas(member(body, 'schemas', 'PATCH body'));
  const operations = member(body, 'Operations', 'PATCH body');
  if (operations === undefined) throw ScimError.invalidSyntax('PATCH body: missing "Operations"');
  if (!Array.isArray(operations)) throw ScimError.invalidSyntax('Operations: expected an array');
  if (operations.length === 0) throw ScimError.invalidSyntax('Operations: expected at least one operation');
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw ScimError.tooMany(`Operations: ${operations.length} operations; at most ${MAX_PATCH_OPERATIONS} per request`);
  }
  return operations.map((raw, index) => parseOperation(raw, index));
}

function checkSchemas(schemas: unknown): void {
  if (schemas === undefined || schemas === null) return;
  const list = typeof schemas === 'string' ? [schemas] : schemas;
  if (!Array.isArray(list)) throw ScimError.invalidSyntax('schemas: expected an array of schema URNs');
  const wanted = PATCH_OP_SCHEMA.toLowerCase();
  if (!list.some((s) => typeof s === 'string' && s.trim().toLowerCase() === wanted)) {
    throw ScimError.invalidSyntax(`schemas: expected "${PATCH_OP_SCHEMA}"`);
  }
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isJsonObject(raw)) throw ScimError.invalidSyntax(`${where}: expected an object with "op", "path" and "value"`);
  const op = parseOpName(member(raw, 'op', where), where);
  const path = parsePathText(member(raw, 'path', where), where);
  const value = member(raw, 'value', where);
  if (op !== 'remove' && value === undefined) {
    throw ScimError.invalidSyntax(`${where}.value: required for "${op}" (RFC 7644 §3.5.2)`);
  }
  const out: PatchOperation = { op, index };
  if (path !== undefined) out.path = path;
  if (value !== undefined) out.value = value;
  return out;
}

function parseOpName(op: unknown, where: string): PatchOpName {
  if (op === undefined) throw ScimError.invalidSyntax(`${where}.op: missing; expected "add", "remove" or "replace"`);
  const name = typeof op === 'string' ? op.trim().toLowerCase() : undefined;
  if (name === 'add' || name === 'remove' || name === 'replace') return name;
  throw ScimError.invalidSyntax(`${where}.op: ${JSON.stringify(op)} is not "add", "remove" or "replace"`);
}

function parsePathText(path: unknown, where: string): string | undefined {
  if (path === undefined || path === null) return undefined;
  if (typeof path !== 'string') throw ScimError.invalidPath(`${where}.path: expected a string`);
  return path.trim() === '' ? undefined : path;
}

/**
 * A member of a JSON object by name, in any case. Two spellings of the same member
 * (`Operations` and `operations`) are ambiguous and rejected rather than guessed between.
 */
function member(obj: JsonObject, name: string, where: string): unknown {
  const wanted = name.toLowerCase();
  const keys = Object.keys(obj).filter((k) => k.toLowerCase() === wanted);
  if (keys.length > 1) throw ScimError.invalidSyntax(`${where}: "${name}" given more than once (${keys.join(', ')})`);
  return keys.length === 1 ? obj[keys[0]] : undefined;
}
