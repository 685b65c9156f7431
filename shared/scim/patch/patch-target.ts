import { isScimError, ScimError, type ScimType } from '../errors';
import type { Filter } from '../filter/ast';
import { validateFilter } from '../filter/evaluate-filter';
import { parsePatchPath } from '../filter/parse-path';
import { findSubAttribute, resolveAttribute } from '../schema/resolve';
import type { AttributeDef, ResolvedAttribute, ResourceTypeDef } from '../schema/types';

/**
 * What one PATCH path (or one key of a path-less value) designates, resolved against the
 * resource type: the top-level attribute, the sub-attribute after "." or after a value
 * filter, and the value filter itself (RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`).
 */
export interface PatchTarget {
  attr: ResolvedAttribute;
  sub?: AttributeDef;
  filter?: Filter;
}

/**
 * Resolves `text` as a PATCH path. `at` names where the path was written
 * (`Operations[2].path`) and prefixes every error detail.
 * @throws ScimError invalidPath: malformed path, unknown attribute or sub-attribute, a value
 *   filter on an attribute that is not multi-valued complex, or a filter naming an unknown
 *   sub-attribute.
 */
export function resolvePatchTarget(rt: ResourceTypeDef, text: string, at: string): PatchTarget {
  const path = withLocation(at, () => parsePatchPath(text));
  const attr = resolveAttribute(rt, { ...path.attr, sub: undefined });
  if (!attr) {
    const name = path.attr.uri === undefined ? path.attr.name : `${path.attr.uri}:${path.attr.name}`;
    throw ScimError.invalidPath(`${at}: no attribute "${name}" in ${rt.name}`);
  }
  const target: PatchTarget = { attr };
  const subName = path.attr.sub ?? path.sub;
  if (subName !== undefined) target.sub = subAttribute(attr.def, subName, at);
  if (path.filter) {
    if (attr.def.type !== 'complex' || !attr.def.multiValued) {
      throw ScimError.invalidPath(`${at}: a value filter needs a multi-valued complex attribute; "${attr.def.name}" is not one`);
    }
    checkFilter(rt, attr, path.filter, at);
    target.filter = path.filter;
  }
  return target;
}

function subAttribute(def: AttributeDef, name: string, at: string): AttributeDef {
  if (def.type !== 'complex') throw ScimError.invalidPath(`${at}: "${def.name}" has no sub-attributes`);
  const sub = findSubAttribute(def, name);
  if (!sub) throw ScimError.invalidPath(`${at}: no sub-attribute "${name}" in "${def.name}"`);
  return sub;
}

/**
 * Inside `attr[...]` every path names a sub-attribute of one element (RFC 7644 §3.4.2.2
 * valuePath), checked by the filter module's validateFilter. A bad filter in a PATCH path
 * is a bad path: RFC 7644 §3.12 invalidPath.
 */
function checkFilter(rt: ResourceTypeDef, attr: ResolvedAttribute, filter: Filter, at: string): void {
  try {
    validateFilter({ kind: 'valuePath', path: { uri: attr.schemaId, name: attr.def.name }, filter }, rt);
  } catch (e) {
    if (!isScimError(e)) throw e;
    throw ScimError.invalidPath(`${at}: ${e.detail}`);
  }
}

const FACTORIES: Partial<Record<ScimType, (detail: string) => ScimError>> = {
  invalidFilter: ScimError.invalidFilter,
  invalidPath: ScimError.invalidPath,
  invalidSyntax: ScimError.invalidSyntax,
  invalidValue: ScimError.invalidValue,
  mutability: ScimError.mutability,
  noTarget: ScimError.noTarget,
  tooMany: ScimError.tooMany,
};

/** Runs `fn`, prefixing the detail of a 400 ScimError it throws with `at` (same scimType). */
function withLocation<T>(at: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const factory = isScimError(e) && e.scimType ? FACTORIES[e.scimType] : undefined;
    if (!factory || !isScimError(e)) throw e;
    throw factory(`${at}: ${e.detail}`);
  }
}
