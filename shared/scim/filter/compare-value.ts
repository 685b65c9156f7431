import type { AttributeDef } from '../schema/types';
import { assertNever, type CompareOp, type Literal } from './ast';

/** Operators that order values (RFC 7644 §3.4.2.2 gt/ge/lt/le). */
export const ORDERING_OPS: ReadonlySet<CompareOp> = new Set(['gt', 'ge', 'lt', 'le']);
/** Operators that match substrings (co/sw/ew), defined on text only. */
export const SUBSTRING_OPS: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew']);

/** xsd:dateTime (RFC 7643 §2.3.5) as ISO 8601; a date alone, or a time without zone, means UTC. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Whether one attribute value satisfies `actual op literal` (RFC 7644 §3.4.2.2), by the
 * attribute's type: text honours `caseExact` and orders lexicographically; dateTime orders
 * as instants; numbers numerically; booleans accept Entra's "True"/"False" strings.
 * `ne` and null literals are handled by the caller (as "no value equals", and presence).
 * Never throws: a value of the wrong shape simply does not match.
 */
export function compareValue(def: AttributeDef, op: CompareOp, actual: unknown, literal: Literal): boolean {
  switch (def.type) {
    case 'boolean':
      return op === 'eq' && toBoolean(actual) !== undefined && toBoolean(actual) === toBoolean(literal);
    case 'integer':
    case 'decimal':
      return compareOrdered(op, toNumber(actual), toNumber(literal));
    case 'dateTime':
      if (SUBSTRING_OPS.has(op)) return compareText(def, op, actual, literal);
      return compareOrdered(op, toInstant(actual), toInstant(literal));
    case 'string':
    case 'reference':
    case 'binary':
      return compareText(def, op, actual, literal);
    case 'complex':
      return false;
    default:
      return assertNever(def.type);
  }
}

/** "true"/"false" in any case count as booleans (Entra sends `primary eq "True"`). */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** A finite number, or numeric text; NaN otherwise. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return NaN;
  return Number(value);
}

/** Milliseconds since the epoch of an ISO 8601 dateTime; NaN for anything else. */
export function toInstant(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const match = DATE_TIME.exec(value);
  if (!match) return NaN;
  const [, date, time = '00:00', zone = 'Z'] = match;
  const offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone.toUpperCase();
  return Date.parse(`${date}T${time}${offset}`);
}

function compareText(def: AttributeDef, op: CompareOp, actual: unknown, literal: Literal): boolean {
  const a = toText(actual);
  const b = toText(literal);
  if (a === undefined || b === undefined) return false;
  const x = def.caseExact ? a : a.toLowerCase();
  const y = def.caseExact ? b : b.toLowerCase();
  switch (op) {
    case 'co':
      return x.includes(y);
    case 'sw':
      return x.startsWith(y);
    case 'ew':
      return x.endsWith(y);
    default:
      return compareOrdered(op, x, y);
  }
}

function compareOrdered<T extends number | string>(op: CompareOp, a: T, b: T): boolean {
  if (typeof a === 'number' && (Number.isNaN(a) || Number.isNaN(b))) return false;
  switch (op) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

/** Text of a scalar: numbers and booleans as JSON writes them (`externalId eq 12345`). */
function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
