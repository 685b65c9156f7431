import { coerceAttributeValue } from '../coerce-attribute-value';
import { ScimError } from '../errors';
import { isJsonObject, type JsonObject } from '../json-object';
import { findSubAttribute } from '../schema/resolve';
import type { AttributeDef, ResourceTypeDef } from '../schema/types';
import { deepEqual } from './deep-equal';
import type { PatchStep } from './expand-operation';
import { impliedElement, matchElement } from './match-element';
import { isClearing, merge, ownValue, setOrDelete, unassigns } from './values';

/** Elements a step touched: pruned when left hollow; `written` ones had values set. */
interface Touched {
  all: Set<unknown>;
  written: Set<unknown>;
}

/**
 * A step on a multi-valued attribute (RFC 7644 §3.5.2.1-3):
 * - whole attribute: `add` appends the values not already present (exact duplicates are
 *   skipped), `replace` replaces the array, `remove` removes it, or with a value only the
 *   listed elements (each element that has every listed sub-attribute value);
 * - `attr[filter]` / `attr.sub` / `attr[filter].sub`: the matching elements (every element
 *   when there is no filter) are updated, or removed by `remove` / an empty value. When none
 *   matches, `add` — and `replace`, as Entra expects (ENTRA-DIALECT item 4) instead of
 *   §3.5.2.3's noTarget — appends the element the filter's equality terms describe.
 * Decision: `remove` whose filter matches nothing succeeds unchanged; §3.5.2.2 asks for
 *   noTarget only when the path is missing, and Entra repeats removals.
 * Elements left hollow (no `value`, or only `type`/`primary` where there is no `value`)
 * are dropped, and when a written element is `primary`, the others stop being (§3.5.2).
 */
export function applyMultiValued(rt: ResourceTypeDef, container: JsonObject, step: PatchStep): void {
  const { def } = step.target.attr;
  const current = ownValue(container, def.name);
  const list: unknown[] = Array.isArray(current) ? [...current] : [];
  const touched: Touched = { all: new Set(), written: new Set() };
  const { filter, sub } = step.target;
  let next: unknown[];
  if (!filter && !sub) next = applyToWhole(def, list, step, touched);
  else if (sub) next = applyToSubAttribute(rt, list, step, sub, touched);
  else next = applyToElements(rt, list, step, touched);
  next = next.filter((el) => !(touched.all.has(el) && isHollow(def, el)));
  keepOnePrimary(def, next, touched.written, step.where);
  setOrDelete(container, def.name, next);
}

function applyToWhole(def: AttributeDef, list: unknown[], step: PatchStep, touched: Touched): unknown[] {
  if (step.op === 'remove') return step.value === undefined || isClearing(step.value) ? [] : withoutListed(def, list, step);
  if (isClearing(step.value)) return step.op === 'replace' ? [] : list;
  const incoming = (coerceAttributeValue(def, step.value, step.where) as unknown[] | undefined) ?? [];
  const out = step.op === 'replace' ? [] : [...list];
  for (const item of incoming) {
    if (step.op === 'add' && out.some((el) => deepEqual(el, item))) continue;
    out.push(item);
    touched.all.add(item);
    touched.written.add(item);
  }
  return out;
}

/** Legacy `remove` with a value: drops each element holding every listed sub-attribute value. */
function withoutListed(def: AttributeDef, list: unknown[], step: PatchStep): unknown[] {
  const listed = (coerceAttributeValue(def, step.value, step.where) as unknown[] | undefined) ?? [];
  const holds = (el: unknown, item: unknown): boolean =>
    isJsonObject(el) && isJsonObject(item)
      ? Object.entries(item).every(([k, v]) => deepEqual(ownValue(el, k), v))
      : deepEqual(el, item);
  return list.filter((el) => !listed.some((item) => holds(el, item)));
}

function selected(rt: ResourceTypeDef, list: unknown[], step: PatchStep): JsonObject[] {
  const { attr, filter } = step.target;
  return list.filter(
    (el): el is JsonObject => isJsonObject(el) && (!filter || matchElement(rt, attr, filter, el)),
  );
}

function applyToSubAttribute(
  rt: ResourceTypeDef,
  list: unknown[],
  step: PatchStep,
  sub: AttributeDef,
  touched: Touched,
): unknown[] {
  const matched = selected(rt, list, step);
  const value = unassigns(step) ? undefined : coerceAttributeValue(sub, step.value, step.where);
  matched.forEach((el) => touched.all.add(el));
  if (value === undefined) {
    matched.forEach((el) => delete el[sub.name]);
    return list;
  }
  if (matched.length === 0) return [...list, created(step, { [sub.name]: value }, touched)];
  for (const el of matched) {
    el[sub.name] = value;
    touched.written.add(el);
  }
  return list;
}

function applyToElements(rt: ResourceTypeDef, list: unknown[], step: PatchStep, touched: Touched): unknown[] {
  const { attr, filter } = step.target;
  const matched = new Set<unknown>(selected(rt, list, step));
  const element = unassigns(step) ? undefined : coerceElement(attr.def, step.value, step.where);
  if (element === undefined) return list.filter((el) => !matched.has(el));
  if (matched.size === 0) return [...list, created(step, element, touched)];
  const implied = (filter && impliedElement(attr, filter)) ?? {};
  return list.map((el) => {
    if (!matched.has(el)) return el;
    const next = merge(step.op === 'replace' ? implied : el, element) ?? {};
    touched.all.add(next);
    touched.written.add(next);
    return next;
  });
}

/** One element for `attr[filter]`: an object, a one-element array of one, or a bare value. */
function coerceElement(def: AttributeDef, value: unknown, where: string): JsonObject | undefined {
  const single = coerceAttributeValue({ ...def, multiValued: false }, value, where);
  return isJsonObject(single) ? single : undefined;
}

function created(step: PatchStep, values: JsonObject, touched: Touched): JsonObject {
  const { attr, filter } = step.target;
  const implied = filter ? impliedElement(attr, filter) : {};
  if (!implied) {
    throw ScimError.noTarget(
      `${step.at}: no "${attr.def.name}" value matches the filter, and the filter does not describe a new one ` +
        '(only "sub-attribute eq value" terms joined by "and" do)',
    );
  }
  const element = merge(implied, values) ?? {};
  touched.all.add(element);
  touched.written.add(element);
  return element;
}

function isHollow(def: AttributeDef, el: unknown): boolean {
  if (def.type !== 'complex' || !isJsonObject(el)) return false;
  if (findSubAttribute(def, 'value')) return isClearing(ownValue(el, 'value') ?? null);
  return Object.keys(el).every((k) => k === 'type' || k === 'primary');
}

/** RFC 7643 §2.4: "primary" true appears at most once; a newly written primary wins. */
function keepOnePrimary(def: AttributeDef, list: unknown[], written: Set<unknown>, where: string): void {
  if (def.type !== 'complex' || !findSubAttribute(def, 'primary')) return;
  const isPrimary = (el: unknown): el is JsonObject => isJsonObject(el) && el.primary === true;
  const newPrimaries = list.filter((el) => written.has(el) && isPrimary(el));
  if (newPrimaries.length > 1) {
    throw ScimError.invalidValue(`${where}: more than one "${def.name}" value is primary (RFC 7643 §2.4)`);
  }
  if (newPrimaries.length === 0) return;
  for (const el of list) if (el !== newPrimaries[0] && isPrimary(el)) el.primary = false;
}
