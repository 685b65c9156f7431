import { ScimError } from './errors';
import type { AttrPath, Filter, PatchPath } from './filter/ast';
import { validateFilter } from './filter/validate-filter';
import { parsePatchPath } from './filter/parse-path';
import { findSubAttribute, resolveAttribute } from './schema/resolve';
import type { ResourceTypeDef } from './schema/types';

/**
 * One entry of `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.10), in canonical
 * spelling (`uri` set for extension attributes only). Besides `name` and `name.sub` it may
 * carry a value filter, `emails[type eq "work"]` or `emails[type eq "work"].value`: then it
 * selects only the elements the filter matches.
 */
export interface AttributeSelector extends AttrPath {
  filter?: Filter;
}

export type AttributeListParam = 'attributes' | 'excludedAttributes';

/**
 * Parses a comma-separated attribute list (`userName, name.givenName, emails[type eq "work"],
 * urn:...:enterprise:2.0:User:manager`). Blank or absent text gives undefined. A name that is
 * malformed or unknown to `rt`, or a value filter that does not fit the attribute, is 400
 * invalidValue naming it. A bare schema URN (a whole extension) is not a supported selector.
 */
export function parseAttributeList(rt: ResourceTypeDef, text: string | undefined, param: AttributeListParam = 'attributes'): AttributeSelector[] | undefined {
  const items = splitAttributeList(text);
  if (items.length === 0) return undefined;
  return items.map((item) => canonicalSelector(rt, item, param));
}

/**
 * The same for a query spanning several resource types (a root search): each entry applies to
 * the types that define it, and only an entry no type defines is an error. The result holds a
 * list per type name (empty when no entry applies to it: then only `id` is returned).
 */
export function parseAttributeListAcross(rts: readonly ResourceTypeDef[], text: string | undefined, param: AttributeListParam): Map<string, AttributeSelector[]> | undefined {
  const items = splitAttributeList(text);
  if (items.length === 0) return undefined;
  const lists = new Map<string, AttributeSelector[]>(rts.map((rt) => [rt.name, []]));
  for (const item of items) {
    const errors: unknown[] = [];
    for (const rt of rts) {
      try {
        lists.get(rt.name)!.push(canonicalSelector(rt, item, param));
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === rts.length) throw errors[0];
  }
  return lists;
}

/** Splits on commas outside brackets and quoted strings, so value filters may hold commas. */
export function splitAttributeList(text: string | undefined): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const source = text ?? '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === ',' && depth <= 0) {
      items.push(source.slice(start, i));
      start = i + 1;
    }
  }
  items.push(source.slice(start));
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

function canonicalSelector(rt: ResourceTypeDef, item: string, param: AttributeListParam): AttributeSelector {
  const parsed = parseItem(item, param);
  const resolved = resolveAttribute(rt, parsed.attr);
  if (!resolved) throw ScimError.invalidValue(`${param}: unknown attribute "${item}"`);
  const out: AttributeSelector = { name: resolved.def.name };
  if (resolved.extension) out.uri = resolved.schemaId;
  const sub = parsed.attr.sub ?? parsed.sub;
  if (sub !== undefined) {
    const def = findSubAttribute(resolved.def, sub);
    if (!def) throw ScimError.invalidValue(`${param}: unknown attribute "${item}"`);
    out.sub = def.name;
  }
  if (parsed.filter) {
    try {
      validateFilter({ kind: 'valuePath', path: parsed.attr, filter: parsed.filter }, rt);
    } catch (e) {
      throw ScimError.invalidValue(`${param}: "${item}": ${(e as ScimError).detail}`);
    }
    out.filter = parsed.filter;
  }
  return out;
}

function parseItem(item: string, param: AttributeListParam): PatchPath {
  try {
    return parsePatchPath(item);
  } catch {
    throw ScimError.invalidValue(`${param}: "${item}" is not a valid attribute name`);
  }
}
