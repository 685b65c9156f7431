import type { AttrPath, CompareOp, Filter, Literal } from '../../shared/scim/filter/ast';
import { ENT } from '../support/scim-wire';

/**
 * Seeded generators for the filter property test: resources to POST, and filters over the
 * attributes those resources actually hold (so that filters match some and miss others).
 */
export type Random = () => number;

/** mulberry32: a tiny deterministic PRNG, so a failing case can be replayed from its seed. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const maybe = (rnd: Random, p = 0.6): boolean => rnd() < p;

const GIVEN = ['Ana', 'ana', 'ANA', 'Bob', 'Émile', 'zoë', 'Li'];
const FAMILY = ['Lima', 'lima', 'Ode', "O'Malley", 'Smith', 'smith-jones'];
const TITLES = ['Engineer', 'engineer', 'Manager', 'VP Sales'];
const DOMAINS = ['contoso.example', 'Fabrikam.example', 'x.example'];
const EXTERNAL = ['ext-1', 'EXT-1', 'ext-2', 'x'];
const TYPES = ['work', 'home', 'other', 'Work'];

export function userBody(rnd: Random, i: number, managerId?: string): Record<string, unknown> {
  const given = pick(rnd, GIVEN);
  const family = pick(rnd, FAMILY);
  const body: Record<string, unknown> = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${given}.${i}@${pick(rnd, DOMAINS)}` };
  if (maybe(rnd)) body.name = { givenName: given, familyName: family, ...(maybe(rnd, 0.3) ? { formatted: `${given} ${family}` } : {}) };
  if (maybe(rnd)) body.displayName = `${given} ${family}`;
  if (maybe(rnd, 0.3)) body.nickName = pick(rnd, GIVEN);
  if (maybe(rnd)) body.title = pick(rnd, TITLES);
  if (maybe(rnd)) body.userType = pick(rnd, ['Employee', 'Contractor', 'employee']);
  if (maybe(rnd, 0.4)) body.locale = pick(rnd, ['en-US', 'nl-NL', 'EN-us']);
  if (maybe(rnd, 0.8)) body.active = pick<unknown>(rnd, [true, false, 'False', 'TRUE']);
  if (maybe(rnd)) body.externalId = pick(rnd, EXTERNAL);
  if (maybe(rnd, 0.7)) body.emails = multi(rnd, 3, (primary) => ({ value: `${given.toLowerCase()}${i}@${pick(rnd, DOMAINS)}`, type: pick(rnd, TYPES), ...primary }));
  if (maybe(rnd, 0.4)) body.phoneNumbers = multi(rnd, 2, () => ({ value: `+31 6 ${Math.floor(rnd() * 1e8)}`, type: pick(rnd, ['mobile', 'work']) }));
  if (maybe(rnd, 0.4)) body.addresses = multi(rnd, 2, (primary) => ({ locality: pick(rnd, ['Utrecht', 'utrecht', 'Boston']), country: pick(rnd, ['NL', 'US', 'nl']), type: pick(rnd, TYPES), ...primary }));
  if (maybe(rnd, 0.4)) body.roles = multi(rnd, 2, () => ({ value: pick(rnd, ['admin', 'Reader']), display: pick(rnd, ['Admin', 'reader']), primary: pick(rnd, ['True', 'False']) }));
  if (maybe(rnd, 0.6)) {
    const ent: Record<string, unknown> = {};
    if (maybe(rnd)) ent.department = pick(rnd, ['Finance', 'finance', 'R&D', 'Sales']);
    if (maybe(rnd)) ent.employeeNumber = String(Math.floor(rnd() * 500));
    if (maybe(rnd, 0.4)) ent.costCenter = pick(rnd, ['CC1', 'cc1', 'CC20']);
    if (managerId && maybe(rnd, 0.5)) ent.manager = { value: managerId };
    body[ENT] = ent;
  }
  return body;
}

export function groupBody(rnd: Random, i: number, userIds: string[]): Record<string, unknown> {
  const members = userIds.filter(() => rnd() < 0.15).map((value) => ({ value }));
  const body: Record<string, unknown> = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `${pick(rnd, ['Sales', 'sales team', 'Ops', 'ops'])} ${i}`, members };
  if (maybe(rnd)) body.externalId = pick(rnd, EXTERNAL);
  return body;
}

function multi(rnd: Random, max: number, element: (primary: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown>[] {
  const n = 1 + Math.floor(rnd() * max);
  const primaryAt = maybe(rnd, 0.5) ? Math.floor(rnd() * n) : -1;
  return Array.from({ length: n }, (_, k) => element(k === primaryAt ? { primary: true } : {}));
}

/** An attribute a filter may name, with how to compare it and values seen in the data. */
export interface Target {
  path: AttrPath;
  kind: 'text' | 'boolean' | 'dateTime';
  values: string[];
  /** A multi-valued complex attribute: may carry a `[...]` value filter over `subs`. */
  subs?: Target[];
}

const TEXT_OPS: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
const TIME_OPS: CompareOp[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

/** A random filter over `targets`, nested at most `depth` levels. */
export function randomFilter(rnd: Random, targets: Target[], depth = 3): Filter {
  const roll = rnd();
  if (depth > 0 && roll < 0.15) return { kind: 'not', filter: randomFilter(rnd, targets, depth - 1) };
  if (depth > 0 && roll < 0.4) {
    return { kind: rnd() < 0.5 ? 'and' : 'or', left: randomFilter(rnd, targets, depth - 1), right: randomFilter(rnd, targets, depth - 1) };
  }
  const target = pick(rnd, targets);
  if (target.subs && rnd() < 0.5) {
    return { kind: 'valuePath', path: target.path, filter: randomFilter(rnd, target.subs, Math.min(1, depth)) };
  }
  return leaf(rnd, target);
}

function leaf(rnd: Random, target: Target): Filter {
  const roll = rnd();
  if (roll < 0.12) return { kind: 'present', path: target.path };
  if (roll < 0.17) return { kind: 'compare', path: target.path, op: rnd() < 0.5 ? 'eq' : 'ne', value: null };
  if (target.kind === 'boolean') return { kind: 'compare', path: target.path, op: rnd() < 0.5 ? 'eq' : 'ne', value: rnd() < 0.5 };
  const op = pick(rnd, target.kind === 'dateTime' ? TIME_OPS : TEXT_OPS);
  return { kind: 'compare', path: target.path, op, value: literal(rnd, target) };
}

function literal(rnd: Random, target: Target): Literal {
  const seen = target.values.length > 0 ? pick(rnd, target.values) : 'none';
  if (target.kind === 'dateTime') {
    const shift = Math.floor((rnd() - 0.5) * 4);
    return rnd() < 0.8 ? new Date(Date.parse(seen) + shift).toISOString() : '2020-01-01';
  }
  const roll = rnd();
  if (roll < 0.45) return seen;
  if (roll < 0.6) return seen.toUpperCase();
  if (roll < 0.75) return seen.slice(0, 1 + Math.floor(rnd() * seen.length));
  if (roll < 0.9) return seen.slice(Math.floor(rnd() * seen.length));
  return pick(rnd, ['zzz', '', 'a', 'E']);
}
