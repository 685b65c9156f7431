import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it, expect } from 'vitest';
import { isScimError } from '../../../../shared/scim/errors';
import type { JsonObject } from '../../../../shared/scim/json-object';
import { applyPatch } from '../../../../shared/scim/patch/apply-patch';
import { parsePatchRequest, PATCH_OP_SCHEMA } from '../../../../shared/scim/patch/parse-patch-request';
import { splitMemberOps, type MemberOp } from '../../../../shared/scim/patch/split-member-ops';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';

/**
 * PATCH cases as data (test/fixtures/patch/*.json), each replayed the way the service runs
 * a request: parsePatchRequest, splitMemberOps, applyPatch.
 */
interface PatchFixture {
  file: string;
  name: string;
  resourceType: 'User' | 'Group';
  source: JsonObject;
  ops: unknown[];
  target?: JsonObject;
  /** Defaults to whether target differs from source. */
  changed?: boolean;
  memberOps?: MemberOp[];
  error?: { status: number; scimType: string; detail?: string };
}

const FIXTURES = join(__dirname, '../../../fixtures/patch');
const fixtures: PatchFixture[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) }));

function run(fixture: Pick<PatchFixture, 'resourceType' | 'source' | 'ops'>) {
  const rt = fixture.resourceType === 'Group' ? GROUP_RESOURCE_TYPE : USER_RESOURCE_TYPE;
  const ops = parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: fixture.ops });
  const { attributeOps, memberOps } = splitMemberOps(rt, ops);
  return { ...applyPatch(rt, fixture.source, attributeOps), memberOps };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('applyPatch fixtures', () => {
  it('has at least 40 cases', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures.filter((f) => !f.error).map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const before = structuredClone(fixture.source);
    const result = run(fixture);
    expect(result.doc).toStrictEqual(fixture.target);
    expect(result.changed).toBe(fixture.changed ?? !isDeepStrictEqual(fixture.source, fixture.target));
    if (fixture.memberOps) expect(result.memberOps).toStrictEqual(fixture.memberOps);
    expect(fixture.source).toStrictEqual(before);
  });

  it.each(fixtures.filter((f) => f.error).map((f) => [f.name, f] as const))('rejects: %s', (_name, fixture) => {
    const before = structuredClone(fixture.source);
    const error = thrownBy(() => run(fixture));
    expect(isScimError(error)).toBe(true);
    if (!isScimError(error)) return;
    expect({ status: error.status, scimType: error.scimType }).toStrictEqual({
      status: fixture.error!.status,
      scimType: fixture.error!.scimType,
    });
    if (fixture.error!.detail) expect(error.detail).toContain(fixture.error!.detail);
    expect(fixture.source).toStrictEqual(before);
  });
});

describe('applyPatch', () => {
  it('gives the same result for the Entra sequence sent as one request or one operation at a time', () => {
    const fixture = fixtures.find((f) => f.file === 'entra-provisioning-sequence.json')!;
    let doc = fixture.source;
    for (const op of fixture.ops) doc = run({ ...fixture, source: doc, ops: [op] }).doc;
    expect(doc).toStrictEqual(fixture.target);
  });

  it('returns a new doc and never mutates the input', () => {
    const source = { schemas: [USER_RESOURCE_TYPE.schema.id], id: 'u', userName: 'a', name: { givenName: 'A' } };
    const frozen = structuredClone(source);
    const ops = parsePatchRequest({ Operations: [{ op: 'replace', path: 'name.givenName', value: 'B' }] });
    const { doc } = applyPatch(USER_RESOURCE_TYPE, source, ops);
    expect(doc).not.toBe(source);
    expect(source).toStrictEqual(frozen);
  });

  it.each([
    ['a path-less key', { op: 'add', value: JSON.parse('{"__proto__": {"polluted": true}, "displayName": "Ana"}') }],
    ['a constructor key', { op: 'add', value: { constructor: { prototype: { polluted: true } } } }],
    ['a value object key', { op: 'add', path: 'name', value: JSON.parse('{"__proto__": {"polluted": true}}') }],
    ['an element key', { op: 'add', path: 'emails', value: JSON.parse('[{"value": "a@x.example", "__proto__": {"polluted": true}}]') }],
    ['a path', { op: 'add', path: '__proto__.polluted', value: true }],
  ])('never lets %s pollute objects', (_what, op) => {
    const source = { schemas: [USER_RESOURCE_TYPE.schema.id], id: 'u', userName: 'a' };
    try {
      const { doc } = applyPatch(USER_RESOURCE_TYPE, source, parsePatchRequest({ Operations: [op] }));
      expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
      expect(JSON.stringify(doc)).not.toContain('polluted');
    } catch (e) {
      expect(isScimError(e)).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses group members that were not split off, without touching the doc', () => {
    const source = { schemas: [GROUP_RESOURCE_TYPE.schema.id], id: 'g', displayName: 'G' };
    const ops = parsePatchRequest({ Operations: [{ op: 'add', path: 'members', value: [{ value: 'u' }] }] });
    const error = thrownBy(() => applyPatch(GROUP_RESOURCE_TYPE, source, ops));
    expect(isScimError(error) && error.scimType).toBe('invalidPath');
  });
});
