import { isScimError, ScimError } from '../errors';
import type { Filter, PatchPath } from '../filter/ast';
import { chainOperands } from '../filter/chain-operands';
import { parsePatchPath } from '../filter/parse-path';
import { isJsonObject, type JsonObject } from '../json-object';
import { GROUP_SCHEMA_ID } from '../schema/group-schema';
import { resolveAttribute } from '../schema/resolve';
import type { ResourceTypeDef } from '../schema/types';
import { memberLocation } from './expand-operation';
import type { PatchOperation } from './parse-patch-request';

/** A change to a group's membership, which lives in rows of its own, not in the group doc. */
export type MemberOp = { kind: 'add' | 'remove' | 'replace'; ids: string[] } | { kind: 'removeAll' };

export interface SplitOps {
  /** Operations on the group's other attributes, for applyPatch (indexes kept). */
  attributeOps: PatchOperation[];
  /** Member changes, in request order. */
  memberOps: MemberOp[];
}

/**
 * Separates member operations from attribute operations in a Group PATCH (RFC 7644
 * §3.5.2, ENTRA-DIALECT items 5 and 6):
 * - `add`/`replace` of `members` with one member or several, `$ref` null or not,
 *   duplicates (dropped: a member is added once); path-less values holding `members`;
 * - `remove` of `members` with a value removes only the listed members (Entra legacy);
 * - `remove` of `members[value eq "id"]` (or several joined by `or`) removes those;
 * - `remove` of `members` with no value at all removes every member (RFC 7644 §3.5.2.2).
 *   Only that exact shape does: a null value is refused and an empty list removes nobody.
 * Ids are returned as sent. Paths that fail to parse are left to applyPatch to report.
 * @throws ScimError invalidValue for a member without a string id, invalidPath for member
 *   sub-attributes or filters other than `value eq`.
 */
export function splitMemberOps(rt: ResourceTypeDef, ops: readonly PatchOperation[]): SplitOps {
  const out: SplitOps = { attributeOps: [], memberOps: [] };
  if (rt.schema.id !== GROUP_SCHEMA_ID) return { attributeOps: [...ops], memberOps: [] };
  for (const op of ops) {
    if (op.path === undefined) splitValueObject(rt, op, out);
    else splitPath(rt, op, op.path, out);
  }
  return out;
}

function splitValueObject(rt: ResourceTypeDef, op: PatchOperation, out: SplitOps): void {
  const value = op.value;
  if (op.op === 'remove' || !isJsonObject(value)) return void out.attributeOps.push(op);
  const rest: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (!isMembersName(rt, key)) rest.push([key, inner]);
    else addMemberOp(out, op.op, inner, memberLocation(`Operations[${op.index}].value`, key));
  }
  if (rest.length === Object.keys(value).length) out.attributeOps.push(op);
  else if (rest.length > 0) out.attributeOps.push({ ...op, value: Object.fromEntries(rest) });
}

function splitPath(rt: ResourceTypeDef, op: PatchOperation, text: string, out: SplitOps): void {
  const path = tryParse(text);
  if (!path || !isMembersPath(rt, path)) return void out.attributeOps.push(op);
  const at = `Operations[${op.index}].path`;
  const where = `Operations[${op.index}].value`;
  if (path.attr.sub !== undefined || path.sub !== undefined) {
    throw ScimError.invalidPath(`${at}: member sub-attributes cannot be patched; add or remove members by "value"`);
  }
  if (path.filter) {
    if (op.op !== 'remove') throw ScimError.invalidPath(`${at}: a "members[...]" path is only for "remove"`);
    return void out.memberOps.push({ kind: 'remove', ids: filterIds(path.filter, at) });
  }
  if (op.op === 'remove' && op.value === undefined) return void out.memberOps.push({ kind: 'removeAll' });
  if (op.op === 'remove' && op.value === null) {
    throw ScimError.invalidValue(`${where}: null; list the members to remove, or omit "value" to remove every member`);
  }
  addMemberOp(out, op.op, op.value, where);
}

function addMemberOp(out: SplitOps, kind: 'add' | 'remove' | 'replace', value: unknown, where: string): void {
  const ids = memberIds(value, where);
  if (ids.length > 0 || kind === 'replace') out.memberOps.push({ kind, ids });
}

/** `[{"value":"id","$ref":null}]`, one such object, or bare ids; duplicates dropped. */
function memberIds(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const ids = items.map((item, i) => {
    const at = Array.isArray(value) ? `${where}[${i}]` : where;
    const id = isJsonObject(item) ? memberValue(item) : item;
    if (typeof id !== 'string' || id.trim() === '') {
      throw ScimError.invalidValue(`${at}.value: expected a member id (a non-empty string)`);
    }
    return id;
  });
  return [...new Set(ids)];
}

function memberValue(item: JsonObject): unknown {
  const key = Object.keys(item).find((k) => k.toLowerCase() === 'value');
  return key === undefined ? undefined : item[key];
}

/** `value eq "a"`, or `value eq "a" or value eq "b"`: the ids a member filter names. */
function filterIds(filter: Filter, at: string): string[] {
  const terms = filter.kind === 'or' ? chainOperands(filter) : [filter];
  const ids = terms.map((term) => {
    const id = idOf(term);
    if (id === undefined) throw ScimError.invalidPath(`${at}: members can be selected only by value eq "<id>" (joined by "or")`);
    return id;
  });
  return [...new Set(ids)];
}

function idOf(term: Filter): string | undefined {
  if (term.kind !== 'compare' || term.op !== 'eq') return undefined;
  const { path, value } = term;
  if (path.uri !== undefined || path.sub !== undefined || path.name.toLowerCase() !== 'value') return undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function tryParse(text: string): PatchPath | undefined {
  try {
    return parsePatchPath(text);
  } catch (e) {
    if (isScimError(e)) return undefined;
    throw e;
  }
}

function isMembersPath(rt: ResourceTypeDef, path: PatchPath): boolean {
  const found = resolveAttribute(rt, { ...path.attr, sub: undefined });
  return found !== undefined && !found.extension && found.def.name === 'members';
}

function isMembersName(rt: ResourceTypeDef, key: string): boolean {
  const path = tryParse(key);
  return path !== undefined && !path.filter && path.attr.sub === undefined && isMembersPath(rt, path);
}
