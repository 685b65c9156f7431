import { expect } from 'vitest';
import { ScimError, type ScimType } from '../../../../shared/scim/errors';
import type { AttrPath, CompareOp, Filter, Literal } from '../../../../shared/scim/filter/ast';

/** Runs `fn`, which must throw a ScimError, and returns it. */
export function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw new Error(`expected a ScimError, got ${String(e)}`);
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

/** Asserts a 400 with `scimType` and a detail containing every fragment. */
export function expectScimError(fn: () => unknown, scimType: ScimType, ...fragments: string[]): ScimError {
  const error = scimErrorOf(fn);
  expect(error.status).toBe(400);
  expect(error.scimType).toBe(scimType);
  for (const fragment of fragments) expect(error.detail).toContain(fragment);
  return error;
}

/** RFC 7644 §3.4.2.2, the example filters, in order. */
export const RFC_EXAMPLES = [
  'userName eq "bjensen"',
  'name.familyName co "O\'Malley"',
  'userName sw "J"',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
  'title pr',
  'meta.lastModified gt "2011-05-13T04:42:34Z"',
  'meta.lastModified ge "2011-05-13T04:42:34Z"',
  'meta.lastModified lt "2011-05-13T04:42:34Z"',
  'meta.lastModified le "2011-05-13T04:42:34Z"',
  'title pr and userType eq "Employee"',
  'title pr or userType eq "Intern"',
  'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
  'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
  'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  'userType eq "Employee" and (emails.type eq "work")',
  'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
  'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
];

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

export function path(name: string, sub?: string, uri?: string): AttrPath {
  const p: AttrPath = { name };
  if (uri !== undefined) p.uri = uri;
  if (sub !== undefined) p.sub = sub;
  return p;
}

/** `cmp('name.familyName', 'eq', 'x')`: the dotted shorthand never carries a URI. */
export function cmp(dotted: string, op: CompareOp, value: Literal): Filter {
  const [name, sub] = dotted.split('.');
  return { kind: 'compare', path: path(name, sub), op, value };
}

export function pr(dotted: string): Filter {
  const [name, sub] = dotted.split('.');
  return { kind: 'present', path: path(name, sub) };
}

export const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right });
export const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right });
export const not = (filter: Filter): Filter => ({ kind: 'not', filter });
export const vp = (name: string, filter: Filter): Filter => ({ kind: 'valuePath', path: path(name), filter });

export { seededRandom } from '../../store/random-strings';

/** Wall-clock milliseconds `fn` takes. */
export function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}
