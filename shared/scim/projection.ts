import { ScimError } from './errors';
import type { AttrPath } from './filter/ast';
import { isJsonObject, type JsonObject } from './json-object';
import { extensionByUri, findAttribute, findSubAttribute, parseAttributeName, resolveAttribute } from './schema/resolve';
import type { AttributeDef, ResourceTypeDef } from './schema/types';

/** The `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9), parsed. */
export interface Projection {
  attributes?: AttrPath[];
  excludedAttributes?: AttrPath[];
}

/** What of one top-level attribute goes out: nothing, all of it, or some sub-attributes. */
type Selection =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'only'; subs: Set<AttributeDef> }
  | { kind: 'except'; subs: Set<AttributeDef> };

/**
 * Parses a comma-separated attribute list (`userName, name.givenName,
 * urn:...:enterprise:2.0:User:manager`) into canonical AttrPaths: canonical spelling, `uri`
 * set for extension attributes only. Blank or absent text gives undefined. A name that is
 * malformed or unknown to `rt` is 400 invalidValue naming it. A bare schema URN (a whole
 * extension) is not a supported selector.
 */
export function parseAttributeList(
  rt: ResourceTypeDef,
  text: string | undefined,
  param: 'attributes' | 'excludedAttributes' = 'attributes',
): AttrPath[] | undefined {
  const items = (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return undefined;
  return items.map((item) => canonicalPath(rt, item, param));
}

function canonicalPath(rt: ResourceTypeDef, item: string, param: string): AttrPath {
  let path: AttrPath;
  try {
    path = parseAttributeName(item);
  } catch {
    throw ScimError.invalidValue(`${param}: "${item}" is not a valid attribute name`);
  }
  const resolved = resolveAttribute(rt, path);
  if (!resolved) throw ScimError.invalidValue(`${param}: unknown attribute "${item}"`);
  const out: AttrPath = { name: resolved.def.name };
  if (resolved.extension) out.uri = resolved.schemaId;
  if (path.sub !== undefined) out.sub = findSubAttribute(resolved.def, path.sub)!.name;
  return out;
}

/**
 * RFC 7644 §3.4.2.5 with RFC 7643 §2.2 `returned`: `always` (id) goes out even when excluded,
 * `never` (password) never does, `request` only when named in `attributes`, `default` unless
 * excluded or left out of a non-empty `attributes`. `attributes` wins when both are given.
 * `schemas` is always present and lists the core URN plus the extensions that remain.
 */
export function projectResource(rt: ResourceTypeDef, doc: JsonObject, projection: Projection = {}): JsonObject {
  const out: JsonObject = { schemas: [] };
  const present: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'schemas') continue;
    const ext = extensionByUri(rt, key);
    if (ext) {
      const container = isJsonObject(value) ? projectAttributes(rt, projection, ext.id, ext.attributes, value) : {};
      if (Object.keys(container).length === 0) continue;
      out[ext.id] = container;
      present.push(ext.id);
      continue;
    }
    Object.assign(out, projectAttributes(rt, projection, rt.schema.id, undefined, { [key]: value }));
  }
  out.schemas = [rt.schema.id, ...rt.extensions.map((e) => e.schema.id).filter((id) => present.includes(id))];
  return out;
}

function projectAttributes(
  rt: ResourceTypeDef,
  projection: Projection,
  schemaId: string,
  attrs: AttributeDef[] | undefined,
  values: JsonObject,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(values)) {
    const def = attrs ? findAttribute(attrs, key) : resolveAttribute(rt, { uri: schemaId, name: key })?.def;
    if (!def) continue;
    const projected = projectValue(def, value, selectionFor(rt, projection, schemaId, def));
    if (projected !== undefined) out[def.name] = projected;
  }
  return out;
}

/**
 * Whether `path` (an attribute, or one of its sub-attributes) will be in the projected
 * resource at all, so the caller can skip loading e.g. Group `members` or User `groups`.
 */
export function wantsAttribute(rt: ResourceTypeDef, projection: Projection, path: AttrPath): boolean {
  const resolved = resolveAttribute(rt, path);
  if (!resolved) return false;
  const selection = selectionFor(rt, projection, resolved.schemaId, resolved.def);
  if (selection.kind === 'none') return false;
  if (path.sub === undefined) return true;
  return keepsSub(findSubAttribute(resolved.def, path.sub)!, selection);
}

function selectionFor(rt: ResourceTypeDef, projection: Projection, schemaId: string, def: AttributeDef): Selection {
  if (def.returned === 'never') return { kind: 'none' };
  if (def.returned === 'always') return { kind: 'all' };
  const attributes = projection.attributes ?? [];
  if (attributes.length > 0) {
    const named = pathsTo(rt, attributes, schemaId, def);
    if (named.length === 0) return { kind: 'none' };
    return named.some((p) => p.sub === undefined) ? { kind: 'all' } : { kind: 'only', subs: subsOf(def, named) };
  }
  if (def.returned === 'request') return { kind: 'none' };
  const excluded = pathsTo(rt, projection.excludedAttributes ?? [], schemaId, def);
  if (excluded.length === 0) return { kind: 'all' };
  return excluded.some((p) => p.sub === undefined) ? { kind: 'none' } : { kind: 'except', subs: subsOf(def, excluded) };
}

function pathsTo(rt: ResourceTypeDef, paths: AttrPath[], schemaId: string, def: AttributeDef): AttrPath[] {
  return paths.filter((p) => {
    const r = resolveAttribute(rt, p);
    return r !== undefined && r.def === def && r.schemaId === schemaId;
  });
}

function subsOf(def: AttributeDef, paths: AttrPath[]): Set<AttributeDef> {
  return new Set(paths.map((p) => findSubAttribute(def, p.sub!)).filter((s): s is AttributeDef => s !== undefined));
}

function keepsSub(sub: AttributeDef, selection: Selection): boolean {
  if (sub.returned === 'never' || selection.kind === 'none') return false;
  if (sub.returned === 'always') return true;
  if (selection.kind === 'only') return selection.subs.has(sub);
  if (sub.returned === 'request') return false;
  return selection.kind === 'all' || !selection.subs.has(sub);
}

function projectValue(def: AttributeDef, value: unknown, selection: Selection): unknown {
  if (selection.kind === 'none') return undefined;
  if (def.type !== 'complex' || !def.subAttributes) return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => projectComplex(def, v, selection)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return projectComplex(def, value, selection);
}

function projectComplex(def: AttributeDef, value: unknown, selection: Selection): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = findSubAttribute(def, key);
    if (sub && keepsSub(sub, selection)) out[sub.name] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
