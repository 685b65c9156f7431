import { describe, it, expect } from 'vitest';
import { isScimError } from '../../../../shared/scim/errors';
import type { JsonObject } from '../../../../shared/scim/json-object';
import { applyPatch } from '../../../../shared/scim/patch/apply-patch';
import { parsePatchRequest } from '../../../../shared/scim/patch/parse-patch-request';
import { splitMemberOps } from '../../../../shared/scim/patch/split-member-ops';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';
import { ENT } from '../../../support/scim-wire';

const PATHS = [
  'displayName', 'userName', 'active', 'name', 'name.givenName', 'NAME.familyname', 'emails', 'emails.value',
  'emails[type eq "work"]', 'emails[type eq "work"].value', 'emails[type eq "work" or primary eq true].display',
  'emails[not (type eq "x")]', 'roles[primary eq "True"].display', 'addresses[type eq "work"].locality',
  'phoneNumbers[value pr]', 'members', 'members[value eq "u1"]', 'members[value eq 7]', 'members.value', 'groups',
  'id', 'meta', 'meta.version', 'schemas', `${ENT}:manager`, `${ENT}:manager.value`, `${ENT}:manager.displayName`,
  'manager', ENT, 'urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group',
  '__proto__', '__proto__.polluted', 'constructor', 'constructor.prototype', 'toString', 'hasOwnProperty',
  'emails[__proto__ eq "x"]', 'emails[type eq "work"', ']', '', ' ', 'a.b.c', 'urn:x', 'urn:test:ext:User:x',
  'emails[type eq "work"].__proto__', 'x509Certificates[value eq "x"].value', 'externalId', 'password',
];

const VALUES: unknown[] = [
  undefined, null, '', ' ', 'x', 'False', 'true', 0, 1.5, -1, true, false, [], [null], [''], ['x'], [[]], {}, { value: '' },
  { value: 'u1' }, { value: 7 }, [{ value: 'u1', $ref: null }], [{ value: 'a', primary: true }, { value: 'b', primary: true }],
  { givenName: 'A', familyName: null }, JSON.parse('{"__proto__": {"polluted": 1}, "value": "x"}'),
  { constructor: { prototype: { polluted: 1 } } }, { type: 'work', value: 'a@b', primary: 'True' },
  [{ type: 'work' }], { [ENT]: { department: 'x', manager: '' } }, { [ENT]: 'x' }, { members: 'u1' },
  { 'emails[type eq "work"].value': 'x' }, { 'name.givenName': 'A', 'urn:test:ext:User': { a: 1 } },
];

const SOURCES: JsonObject[] = [
  { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u', userName: 'a' },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT], id: 'u', userName: 'a', name: 'not an object',
    emails: [null, 'x', { type: 'work', value: 'a@b', primary: true }, [], { type: 'home' }], roles: 'x',
    [ENT]: { manager: 'm', department: 7 },
  },
  { id: 'u', userName: 'a', emails: { value: 'x' }, [ENT]: 'broken', schemas: 'x' },
  { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g', displayName: 'G', members: [{ value: 'u' }] },
];

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('PATCH robustness', () => {
  it('answers any mix of paths, values and stored shapes with a result or a ScimError, never another error', () => {
    const next = random(20240131);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    let applied = 0;
    for (let i = 0; i < 4000; i++) {
      const rt = next() < 0.7 ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
      const source = pick(SOURCES);
      const Operations = Array.from({ length: 1 + Math.floor(next() * 2) }, () => {
        const op: JsonObject = { op: pick(['add', 'Replace', 'remove', 'ADD']) };
        const path = pick([...PATHS, undefined, undefined]);
        const value = pick(VALUES);
        if (path !== undefined) op.path = path;
        if (value !== undefined) op.value = value;
        return op;
      });
      try {
        const ops = parsePatchRequest({ Operations });
        const { doc } = applyPatch(rt, source, splitMemberOps(rt, ops).attributeOps);
        expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
        expect(JSON.stringify(doc)).not.toContain('polluted');
        applied++;
      } catch (e) {
        if (!isScimError(e)) throw new Error(`${JSON.stringify(Operations)} threw ${String(e)}`);
        expect(e.status).toBe(400);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(applied).toBeGreaterThan(300);
  });
});
