import type { AttrPath } from './filter/ast';
import { evaluateFilter } from './filter/evaluate-filter';
import { isJsonObject, type JsonObject } from './json-object';
import { extensionByUri, findAttribute, findSubAttribute, resolveAttribute } from './schema/resolve';
import type { AttributeDef, ResourceTypeDef } from './schema/types';
import type { AttributeSelector } from './attribute-list';

export { parseAttributeList, parseAttributeListAcross, splitAttributeList, type AttributeSelector } from './attribute-list';

/** The `attributes` / `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9), parsed. */
export interface Projection {
  /** Present (even empty) means "only these, plus what is always returned". */
  attributes?: AttributeSelector[];
  excludedAttributes?: AttributeSelector[];
}

/**
 * What of one attribute goes out: nothing, all of it, or what its selectors pick element by
 * element (sub-attributes named, or elements a value filter matches).
 */
type Plan = { kind: 'none' } | { kind: 'all' } | { kind: 'pick'; include: boolean; selectors: AttributeSelector[] };

/** What of one element (or singular complex value) goes out. */
type ElementPlan = { kind: 'drop' } | { kind: 'all' } | { kind: 'only' | 'except'; subs: Set<AttributeDef> };

interface Scope {
  rt: ResourceTypeDef;
  projection: Projection;
  schemaId: string;
}

/**
 * RFC 7644 §3.4.2.5 with RFC 7643 §2.2 `returned`: `always` (id) goes out even when excluded,
 * `never` (password) never does, `request` only when named in `attributes`, `default` unless
 * excluded or left out of `attributes`. `attributes` wins when both are given. A selector with
 * a value filter keeps (or, excluded, drops) only the elements it matches. `schemas` is always
 * present and lists the core URN plus the extensions that remain.
 */
export function projectResource(rt: ResourceTypeDef, doc: JsonObject, projection: Projection = {}): JsonObject {
  const out: JsonObject = { schemas: [] };
  const present: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'schemas') continue;
    const ext = extensionByUri(rt, key);
    if (ext) {
      const container = isJsonObject(value) ? projectAttributes({ rt, projection, schemaId: ext.id }, ext.attributes, value) : {};
      if (Object.keys(container).length === 0) continue;
      out[ext.id] = container;
      present.push(ext.id);
      continue;
    }
    Object.assign(out, projectAttributes({ rt, projection, schemaId: rt.schema.id }, undefined, { [key]: value }));
  }
  out.schemas = [rt.schema.id, ...rt.extensions.map((e) => e.schema.id).filter((id) => present.includes(id))];
  return out;
}

function projectAttributes(scope: Scope, attrs: AttributeDef[] | undefined, values: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(values)) {
    const def = attrs ? findAttribute(attrs, key) : resolveAttribute(scope.rt, { uri: scope.schemaId, name: key })?.def;
    if (!def) continue;
    const projected = projectValue(scope, def, value, planFor(scope, def));
    if (projected !== undefined) out[def.name] = projected;
  }
  return out;
}

/**
 * Whether `path` (an attribute, or one of its sub-attributes) can be in the projected resource
 * at all, so the caller can skip loading e.g. Group `members` or User `groups`.
 */
export function wantsAttribute(rt: ResourceTypeDef, projection: Projection, path: AttrPath): boolean {
  const resolved = resolveAttribute(rt, path);
  if (!resolved) return false;
  const plan = planFor({ rt, projection, schemaId: resolved.schemaId }, resolved.def);
  if (plan.kind === 'none') return false;
  if (path.sub === undefined) return true;
  const sub = findSubAttribute(resolved.def, path.sub)!;
  if (plan.kind === 'all') return keepsSub(sub, { kind: 'all' });
  const named = plan.selectors.filter((s) => s.sub === undefined || s.sub === sub.name);
  if (plan.include) return keepsSub(sub, { kind: 'only', subs: new Set(named.length > 0 ? [sub] : []) });
  return keepsSub(sub, { kind: 'except', subs: new Set(named.some((s) => !s.filter) ? [sub] : []) });
}

function planFor(scope: Scope, def: AttributeDef): Plan {
  if (def.returned === 'never') return { kind: 'none' };
  if (def.returned === 'always') return { kind: 'all' };
  const { attributes, excludedAttributes } = scope.projection;
  if (attributes !== undefined) {
    const named = selectorsFor(scope, attributes, def);
    if (named.length === 0) return { kind: 'none' };
    return named.some(isWhole) ? { kind: 'all' } : { kind: 'pick', include: true, selectors: named };
  }
  if (def.returned === 'request') return { kind: 'none' };
  const excluded = selectorsFor(scope, excludedAttributes ?? [], def);
  if (excluded.length === 0) return { kind: 'all' };
  return excluded.some(isWhole) ? { kind: 'none' } : { kind: 'pick', include: false, selectors: excluded };
}

function isWhole(s: AttributeSelector): boolean {
  return s.sub === undefined && s.filter === undefined;
}

function selectorsFor(scope: Scope, selectors: AttributeSelector[], def: AttributeDef): AttributeSelector[] {
  return selectors.filter((s) => {
    const r = resolveAttribute(scope.rt, { uri: s.uri, name: s.name });
    return r !== undefined && r.def === def && r.schemaId === scope.schemaId;
  });
}

function projectValue(scope: Scope, def: AttributeDef, value: unknown, plan: Plan): unknown {
  if (plan.kind === 'none') return undefined;
  if (def.type !== 'complex' || !def.subAttributes) return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => projectElement(def, v, elementPlan(scope, def, v, plan))).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return projectElement(def, value, elementPlan(scope, def, value, plan));
}

/** Which selectors apply to this element (no filter, or a filter it matches), and so what stays. */
function elementPlan(scope: Scope, def: AttributeDef, element: unknown, plan: Plan): ElementPlan {
  if (plan.kind !== 'pick') return { kind: 'all' };
  const applicable = plan.selectors.filter((s) => !s.filter || elementMatches(scope, def, s, element));
  const subs = new Set(applicable.map((s) => (s.sub === undefined ? undefined : findSubAttribute(def, s.sub))).filter((d): d is AttributeDef => d !== undefined));
  const whole = applicable.some((s) => s.sub === undefined);
  if (plan.include) {
    if (applicable.length === 0) return { kind: 'drop' };
    return whole ? { kind: 'all' } : { kind: 'only', subs };
  }
  if (whole) return { kind: 'drop' };
  return subs.size === 0 ? { kind: 'all' } : { kind: 'except', subs };
}

/** Evaluates the selector's value filter on one element, as `attr[filter]` on a resource holding only it. */
function elementMatches(scope: Scope, def: AttributeDef, selector: AttributeSelector, element: unknown): boolean {
  if (!isJsonObject(element)) return false;
  const holder = { [def.name]: [element] };
  const doc = selector.uri === undefined ? holder : { [selector.uri]: holder };
  const path: AttrPath = selector.uri === undefined ? { name: def.name } : { uri: selector.uri, name: def.name };
  return evaluateFilter({ kind: 'valuePath', path, filter: selector.filter! }, doc, scope.rt);
}

function projectElement(def: AttributeDef, value: unknown, plan: ElementPlan): JsonObject | undefined {
  if (!isJsonObject(value) || plan.kind === 'drop') return undefined;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = findSubAttribute(def, key);
    if (sub && keepsSub(sub, plan)) out[sub.name] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function keepsSub(sub: AttributeDef, plan: Exclude<ElementPlan, { kind: 'drop' }>): boolean {
  if (sub.returned === 'never') return false;
  if (sub.returned === 'always') return true;
  if (plan.kind === 'only') return plan.subs.has(sub);
  if (sub.returned === 'request') return false;
  return plan.kind === 'all' || !plan.subs.has(sub);
}
