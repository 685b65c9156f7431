import { parseAttrPath } from '../filter/parse-path';
import { ScimError } from '../errors';
import type { AttrPath } from '../filter/ast';
import { COMMON_ATTRIBUTES } from './common-attributes';
import type { AttributeDef, ResolvedAttribute, ResourceTypeDef, SchemaDef } from './types';

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Finds an attribute by name, case-insensitively (RFC 7643 §2.1). */
export function findAttribute(attrs: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  return attrs?.find((a) => sameName(a.name, name));
}

/** A complex attribute's sub-attribute by name, case-insensitively. */
export function findSubAttribute(def: AttributeDef, name: string): AttributeDef | undefined {
  return findAttribute(def.subAttributes, name);
}

/** The extension schema of `rt` whose URN is `uri` (any case), if any. */
export function extensionByUri(rt: ResourceTypeDef, uri: string): SchemaDef | undefined {
  return rt.extensions.find((e) => sameName(e.schema.id, uri))?.schema;
}

/** The core or extension schema of `rt` whose URN is `uri` (any case), if any. */
export function schemaByUri(rt: ResourceTypeDef, uri: string): SchemaDef | undefined {
  return sameName(rt.schema.id, uri) ? rt.schema : extensionByUri(rt, uri);
}

function inCore(rt: ResourceTypeDef, name: string): ResolvedAttribute | undefined {
  const core = findAttribute(rt.schema.attributes, name);
  if (core) return { schemaId: rt.schema.id, def: core, common: false, extension: false };
  const common = findAttribute(COMMON_ATTRIBUTES, name);
  if (common) return { schemaId: rt.schema.id, def: common, common: true, extension: false };
  return undefined;
}

function inExtension(schema: SchemaDef, name: string): ResolvedAttribute | undefined {
  const def = findAttribute(schema.attributes, name);
  return def && { schemaId: schema.id, def, common: false, extension: true };
}

/**
 * A bare name that is not a core or common attribute resolves to an extension attribute when
 * exactly one extension of `rt` defines it: Entra filters on `manager eq "..."` and sends
 * `department` unqualified. An ambiguous bare name resolves to nothing.
 */
function inUniqueExtension(rt: ResourceTypeDef, name: string): ResolvedAttribute | undefined {
  const hits = rt.extensions
    .map((e) => inExtension(e.schema, name))
    .filter((r): r is ResolvedAttribute => r !== undefined);
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Resolves an attribute path against a resource type (RFC 7644 §3.10), case-insensitively.
 * - With `uri`: the core URN finds core and common attributes, an extension URN that
 *   extension's attributes; any other URN finds nothing.
 * - Without `uri`: core and common attributes first, then a uniquely named extension attribute.
 * When `sub` is given it must name a sub-attribute of the (complex) attribute, else the
 * result is undefined; `def` is always the top-level attribute (see `findSubAttribute`).
 */
export function resolveAttribute(rt: ResourceTypeDef, path: AttrPath): ResolvedAttribute | undefined {
  const found = topLevel(rt, path);
  if (!found || path.sub === undefined) return found;
  return findSubAttribute(found.def, path.sub) ? found : undefined;
}

function topLevel(rt: ResourceTypeDef, path: AttrPath): ResolvedAttribute | undefined {
  if (path.uri === undefined) return inCore(rt, path.name) ?? inUniqueExtension(rt, path.name);
  if (sameName(path.uri, rt.schema.id)) return inCore(rt, path.name);
  const ext = extensionByUri(rt, path.uri);
  return ext && inExtension(ext, path.name);
}

/**
 * Splits `[URI ":"] ATTRNAME ["." subAttr]` (RFC 7644 §3.10) into an AttrPath. Text that
 * starts with `urn:` (any case) carries a URI: everything before the last ':'. The names are
 * checked against the ATTRNAME grammar, not against a schema. A bare schema URN (e.g. the
 * enterprise extension's) parses as {uri, name: "User"}: callers that accept a whole
 * extension test for that with `schemaByUri` first.
 */
export function parseAttributeName(text: string): AttrPath {
  const trimmed = text.trim();
  if (trimmed === '') throw ScimError.invalidPath('empty attribute name');
  return parseAttrPath(trimmed);
}
