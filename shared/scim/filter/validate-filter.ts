import { ScimError } from '../errors';
import type { AttributeDef, ResourceTypeDef } from '../schema/types';
import { assertNever, type AttrPath, type CompareOp, type Filter, type Literal } from './ast';
import { chainOperands } from './chain-operands';
import { ORDERING_OPS, SUBSTRING_OPS, toBoolean, toInstant, toNumber } from './compare-value';
import { comparedDef, resolveTarget, type FilterTarget, type Scope } from './filter-target';
import { quote } from './lexer';
import { printAttrPath, printLiteral } from './print-filter';

/**
 * Checks a parsed filter against a resource type before any resource is read: every
 * attribute path resolves (case-insensitively, RFC 7644 §3.10) and every operator suits the
 * attribute's type and the value (RFC 7644 §3.4.2.2: gt/ge/lt/le on boolean, binary or a
 * whole complex attribute fail). Once it passes, `evaluateFilter` cannot fail.
 * @throws ScimError invalidFilter naming the attribute and what is wrong with it.
 */
export function validateFilter(filter: Filter, rt: ResourceTypeDef): void {
  check(filter, { kind: 'resource', rt });
}

function check(filter: Filter, scope: Scope): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      for (const operand of chainOperands(filter)) check(operand, scope);
      return;
    case 'not':
      return check(filter.filter, scope);
    case 'present':
      target(filter.path, scope);
      return;
    case 'compare':
      return checkComparison(filter.path, filter.op, filter.value, target(filter.path, scope));
    case 'valuePath':
      return checkValuePath(filter.path, filter.filter, scope);
    default:
      return assertNever(filter);
  }
}

function target(path: AttrPath, scope: Scope): FilterTarget {
  const found = resolveTarget(path, scope);
  if (found) return found;
  if (scope.kind === 'resource') {
    throw ScimError.invalidFilter(`unknown attribute ${quote(printAttrPath(path))} for resource type ${scope.rt.name}`);
  }
  throw ScimError.invalidFilter(
    `${quote(printAttrPath(path))} is not a sub-attribute of ${quote(scope.parent.name)} (inside its value filter)`,
  );
}

function checkValuePath(path: AttrPath, inner: Filter, scope: Scope): void {
  const name = quote(printAttrPath(path));
  if (scope.kind === 'element') throw ScimError.invalidFilter(`value filter on ${name} inside another value filter`);
  const found = target(path, scope);
  if (found.attr.type !== 'complex' || found.sub) {
    throw ScimError.invalidFilter(`${name} is not a complex attribute, so it takes no "[...]" value filter`);
  }
  check(inner, { kind: 'element', parent: found.attr });
}

function checkComparison(path: AttrPath, op: CompareOp, value: Literal, found: FilterTarget): void {
  const name = quote(printAttrPath(path));
  if (value === null) {
    if (op === 'eq' || op === 'ne') return;
    throw ScimError.invalidFilter(`"${op}" cannot compare ${name} with null`);
  }
  const def = comparedDef(found);
  if (!def) throw ScimError.invalidFilter(`${name} is complex without a "value" sub-attribute: name a sub-attribute to compare`);
  if (found.attr.type === 'complex' && !found.sub && ORDERING_OPS.has(op)) {
    const example = quote(printAttrPath({ ...path, sub: 'value' }));
    throw ScimError.invalidFilter(`"${op}" cannot order the complex attribute ${name}: name a sub-attribute, e.g. ${example}`);
  }
  const problem = typeProblem(def, op, value);
  if (problem) throw ScimError.invalidFilter(`${name} ${problem}`);
}

function typeProblem(def: AttributeDef, op: CompareOp, value: Literal): string | undefined {
  switch (def.type) {
    case 'boolean':
      if (op !== 'eq' && op !== 'ne') return `is a boolean: "${op}" is not defined on booleans (use eq or ne)`;
      return toBoolean(value) === undefined ? `is a boolean and cannot equal ${printLiteral(value)}` : undefined;
    case 'integer':
    case 'decimal':
      if (SUBSTRING_OPS.has(op)) return `is a number: "${op}" is defined on strings only`;
      return Number.isNaN(toNumber(value)) ? `is a number and cannot be compared with ${printLiteral(value)}` : undefined;
    case 'dateTime':
      if (SUBSTRING_OPS.has(op) || !Number.isNaN(toInstant(value))) return undefined;
      return `is a dateTime and ${printLiteral(value)} is not one (e.g. "2026-01-01T00:00:00Z")`;
    case 'binary':
      return ORDERING_OPS.has(op) ? `is binary: "${op}" is not defined on binary values` : undefined;
    case 'string':
    case 'reference':
      return undefined;
    case 'complex':
      return 'is complex and cannot be compared';
    default:
      return assertNever(def.type);
  }
}
