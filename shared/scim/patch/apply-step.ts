import { coerceAttributeValue } from '../coerce-attribute-value';
import { ScimError } from '../errors';
import { isJsonObject, type JsonObject } from '../json-object';
import { GROUP_SCHEMA_ID } from '../schema/group-schema';
import type { AttributeDef, ResolvedAttribute, ResourceTypeDef } from '../schema/types';
import type { PatchStep } from './expand-operation';
import { applyMultiValued } from './multi-valued';
import { isClearing, merge, ownValue, setOrDelete, unassigns } from './values';
import { isSingularReference, referenceTo } from '../singular-reference';

/**
 * Applies one step to `doc`, in place (applyPatch hands it a private copy).
 * - `remove`, and `add`/`replace` with null or "" (ENTRA-DIALECT item 8), unassign the
 *   target (RFC 7643 §2.5); required attributes are checked by the caller afterwards.
 * - A singular complex value is merged sub-attribute by sub-attribute, for add as for
 *   replace (RFC 7644 §3.5.2.1, §3.5.2.3: sub-attributes not given are left unchanged).
 * - writeOnly attributes (`password`) are accepted and not stored, as normaliseResource does.
 * @throws ScimError mutability for readOnly targets (`id`, `meta`, `groups`, `manager.displayName`).
 */
export function applyStep(rt: ResourceTypeDef, doc: JsonObject, step: PatchStep): void {
  checkWritable(rt, step);
  const { attr, sub } = step.target;
  if (attr.def.mutability === 'writeOnly' || sub?.mutability === 'writeOnly') return;
  const container = containerOf(doc, attr);
  if (attr.def.multiValued) applyMultiValued(rt, container, step);
  else if (sub) applySubAttribute(container, attr.def, sub, step);
  else applySingular(container, attr.def, step);
}

function checkWritable(rt: ResourceTypeDef, step: PatchStep): void {
  const { attr, sub } = step.target;
  if (rt.schema.id === GROUP_SCHEMA_ID && !attr.extension && attr.def.name === 'members') {
    // Membership lives in rows of its own; the service routes it through splitMemberOps.
    throw ScimError.invalidPath(`${step.at}: group "members" cannot be patched together with attributes here`);
  }
  if (attr.def.mutability === 'readOnly') {
    throw ScimError.mutability(`${step.at}: "${attr.def.name}" is readOnly (RFC 7643 §2.2)`);
  }
  if (sub?.mutability === 'readOnly') {
    throw ScimError.mutability(`${step.at}: "${attr.def.name}.${sub.name}" is readOnly (RFC 7643 §2.2)`);
  }
}

/** Core and common attributes live at the top level; extension ones under their URN key. */
function containerOf(doc: JsonObject, attr: ResolvedAttribute): JsonObject {
  if (!attr.extension) return doc;
  const existing = ownValue(doc, attr.schemaId);
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  doc[attr.schemaId] = created;
  return created;
}

function applySingular(container: JsonObject, def: AttributeDef, step: PatchStep): void {
  const value = unassigns(step) ? undefined : coerceAttributeValue(def, step.value, step.where);
  if (value === undefined || def.type !== 'complex' || !isJsonObject(value)) {
    setOrDelete(container, def.name, value);
  } else if (isSingularReference(def)) {
    setOrDelete(container, def.name, referenceTo(value.value));
  } else {
    setOrDelete(container, def.name, merge(ownValue(container, def.name), value));
  }
}

/** `name.givenName`, `manager.value`: one sub-attribute of a singular complex attribute. */
function applySubAttribute(container: JsonObject, def: AttributeDef, sub: AttributeDef, step: PatchStep): void {
  const value = unassigns(step) ? undefined : coerceAttributeValue(sub, step.value, step.where);
  if (isSingularReference(def) && sub.name === 'value') {
    setOrDelete(container, def.name, referenceTo(value));
    return;
  }
  const next = merge(ownValue(container, def.name), { [sub.name]: value ?? '' });
  const keep = next !== undefined && !(isSingularReference(def) && isClearing(next.value ?? null));
  setOrDelete(container, def.name, keep ? next : undefined);
}
