import { ScimError } from '../errors';
import { isJsonObject, type JsonObject } from '../json-object';
import type { ResolvedAttribute, ResourceTypeDef } from '../schema/types';
import { applyStep } from './apply-step';
import { deepEqual } from './deep-equal';
import { expandOperation, type PatchStep } from './expand-operation';
import type { PatchOperation } from './parse-patch-request';
import { ownValue } from './values';

export interface PatchResult {
  /** The patched resource: a new object; the input doc is never mutated. */
  doc: JsonObject;
  /** False when the operations left the resource as it was, so the write can be skipped. */
  changed: boolean;
}

/**
 * Applies PATCH operations to a resource doc (RFC 7644 §3.5.2): in order, all or nothing
 * (the first failing operation throws and nothing is applied). `doc` is in the stored
 * form: canonical names, extension attributes under their URN key, `schemas` listing the
 * core URN and each extension present (kept in sync here). Group `members` are not
 * attributes here: split them off with splitMemberOps first.
 * Paths, value shapes and Entra's variants are described on expandOperation, applyStep
 * and applyMultiValued.
 * @throws ScimError invalidPath, noTarget, invalidValue or mutability, with a detail naming
 *   `Operations[i]` and the attribute.
 */
export function applyPatch(rt: ResourceTypeDef, doc: JsonObject, ops: readonly PatchOperation[]): PatchResult {
  const next = structuredClone(doc);
  for (const operation of ops) {
    for (const step of expandOperation(rt, operation)) applyChecked(rt, next, step);
  }
  syncSchemas(rt, next);
  return { doc: next, changed: !deepEqual(doc, next) };
}

/**
 * RFC 7644 §3.5.2.2: an operation that leaves a required attribute unassigned is
 * mutability (`userName`, a Group's `displayName`); a blank one is invalidValue, as on
 * POST. An immutable attribute, once assigned, keeps its value (RFC 7643 §2.2).
 */
function applyChecked(rt: ResourceTypeDef, doc: JsonObject, step: PatchStep): void {
  const { attr } = step.target;
  const name = attr.def.name;
  const before = attr.def.mutability === 'immutable' ? structuredClone(read(doc, attr)) : undefined;
  applyStep(rt, doc, step);
  const after = read(doc, attr);
  if (before !== undefined && !deepEqual(before, after)) {
    throw ScimError.mutability(`${step.at}: "${name}" is immutable and already has a value (RFC 7643 §2.2)`);
  }
  if (!attr.def.required) return;
  if (after === undefined) {
    throw ScimError.mutability(`${step.at}: "${name}" is required and cannot be removed (RFC 7644 §3.5.2.2)`);
  }
  if (typeof after === 'string' && after.trim() === '') {
    throw ScimError.invalidValue(`${step.at}: "${name}" is required and cannot be blank`);
  }
}

function read(doc: JsonObject, attr: ResolvedAttribute): unknown {
  const container = attr.extension ? ownValue(doc, attr.schemaId) : doc;
  return isJsonObject(container) ? ownValue(container, attr.def.name) : undefined;
}

/**
 * Drops extension containers left empty and lists in `schemas` the core URN and each
 * extension present (RFC 7643 §3), keeping the existing order of the entries that stay.
 */
function syncSchemas(rt: ResourceTypeDef, doc: JsonObject): void {
  const present: string[] = [rt.schema.id];
  for (const { schema } of rt.extensions) {
    const container = ownValue(doc, schema.id);
    if (isJsonObject(container) && Object.keys(container).length > 0) present.push(schema.id);
    else if (container !== undefined) delete doc[schema.id];
  }
  const listed = Array.isArray(doc.schemas) ? doc.schemas : [];
  const canonical = (uri: unknown): string | undefined =>
    typeof uri === 'string' ? present.find((id) => id.toLowerCase() === uri.toLowerCase()) : undefined;
  const kept = listed.map(canonical).filter((id): id is string => id !== undefined);
  const ordered = [...new Set([...kept, ...present])];
  if (!deepEqual(doc.schemas, ordered)) doc.schemas = ordered;
}
