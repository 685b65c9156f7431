import { describe, it, expect } from 'vitest';
import { isScimError } from '../../../../shared/scim/errors';
import { parsePatchRequest } from '../../../../shared/scim/patch/parse-patch-request';
import { splitMemberOps } from '../../../../shared/scim/patch/split-member-ops';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';

const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

function split(operations: unknown[], rt = GROUP_RESOURCE_TYPE) {
  return splitMemberOps(rt, parsePatchRequest({ Operations: operations }));
}

function rejection(operations: unknown[]) {
  try {
    split(operations);
  } catch (e) {
    if (!isScimError(e)) throw e;
    return { status: e.status, scimType: e.scimType, detail: e.detail };
  }
  throw new Error('expected a ScimError');
}

describe('splitMemberOps', () => {
  it('separates member operations from attribute operations, each in request order', () => {
    const { attributeOps, memberOps } = split([
      { op: 'Replace', path: 'displayName', value: 'Finance' },
      { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }] },
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u3' }] },
      { op: 'replace', path: 'externalId', value: 'fin' },
      { op: 'remove', path: 'members[value eq "u4"]' },
    ]);
    expect(attributeOps).toStrictEqual([
      { op: 'replace', path: 'displayName', value: 'Finance', index: 0 },
      { op: 'replace', path: 'externalId', value: 'fin', index: 3 },
    ]);
    expect(memberOps).toStrictEqual([
      { kind: 'add', ids: ['u1', 'u2'] },
      { kind: 'remove', ids: ['u3'] },
      { kind: 'remove', ids: ['u4'] },
    ]);
  });

  it('removes only the listed members in the legacy form (ENTRA-DIALECT 5)', () => {
    const { memberOps } = split([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u1' }, { value: 'u2' }] }]);
    expect(memberOps).toStrictEqual([{ kind: 'remove', ids: ['u1', 'u2'] }]);
  });

  it('removes every member only for remove of "members" with no value at all (RFC 7644 §3.5.2.2)', () => {
    expect(split([{ op: 'remove', path: 'members' }]).memberOps).toStrictEqual([{ kind: 'removeAll' }]);
    expect(split([{ op: 'remove', path: 'members', value: [] }]).memberOps).toStrictEqual([]);
  });

  it('reads several ids from a member filter joined by "or"', () => {
    const { memberOps } = split([{ op: 'remove', path: 'members[value eq "u1" or value eq "u2"]' }]);
    expect(memberOps).toStrictEqual([{ kind: 'remove', ids: ['u1', 'u2'] }]);
  });

  it('accepts members in any case, by URN, one object, bare ids, and drops duplicate ids', () => {
    const { memberOps } = split([
      { op: 'add', path: 'MEMBERS', value: { VALUE: 'u1' } },
      { op: 'add', path: `${GROUP_URN}:members`, value: ['u2', 'u2', { value: 'u3', display: 'Ana' }] },
    ]);
    expect(memberOps).toStrictEqual([
      { kind: 'add', ids: ['u1'] },
      { kind: 'add', ids: ['u2', 'u3'] },
    ]);
  });

  it('keeps replace of members, even to nobody', () => {
    expect(split([{ op: 'replace', path: 'members', value: [{ value: 'u9' }] }]).memberOps).toStrictEqual([
      { kind: 'replace', ids: ['u9'] },
    ]);
    expect(split([{ op: 'replace', path: 'members', value: [] }]).memberOps).toStrictEqual([{ kind: 'replace', ids: [] }]);
  });

  it('splits a path-less value into its members and its other attributes', () => {
    const { attributeOps, memberOps } = split([
      { op: 'add', value: { members: [{ value: 'u1' }] } },
      { op: 'replace', value: { displayName: 'Finance', Members: [{ value: 'u2' }] } },
    ]);
    expect(attributeOps).toStrictEqual([{ op: 'replace', value: { displayName: 'Finance' }, index: 1 }]);
    expect(memberOps).toStrictEqual([
      { kind: 'add', ids: ['u1'] },
      { kind: 'replace', ids: ['u2'] },
    ]);
  });

  it('returns ids as sent', () => {
    const { memberOps } = split([{ op: 'add', path: 'members', value: [{ value: ' U-1#EXT# ' }] }]);
    expect(memberOps).toStrictEqual([{ kind: 'add', ids: [' U-1#EXT# '] }]);
  });

  it('leaves operations of other resource types and unparsable paths to applyPatch', () => {
    const userOps = [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }];
    expect(split(userOps, USER_RESOURCE_TYPE).memberOps).toStrictEqual([]);
    expect(split([{ op: 'add', path: 'members[', value: 'x' }]).attributeOps).toHaveLength(1);
    expect(split([{ op: 'remove' }]).attributeOps).toStrictEqual([{ op: 'remove', index: 0 }]);
  });

  it.each([
    ['a member without an id', [{ op: 'add', path: 'members', value: [{ $ref: null }] }], 'invalidValue', 'Operations[0].value[0].value'],
    ['a non-string id', [{ op: 'add', path: 'members', value: [{ value: 7 }] }], 'invalidValue', 'Operations[0].value[0].value'],
    ['an empty id', [{ op: 'add', path: 'members', value: { value: '' } }], 'invalidValue', 'Operations[0].value.value'],
    ['a bad id in a path-less value', [{ op: 'add', value: { members: [{ value: null }] } }], 'invalidValue', 'Operations[0].value.members[0].value'],
    ['remove with a null value', [{ op: 'remove', path: 'members', value: null }], 'invalidValue', 'omit "value"'],
    ['a member sub-attribute', [{ op: 'replace', path: 'members.display', value: 'x' }], 'invalidPath', 'Operations[0].path'],
    ['a sub-attribute after a member filter', [{ op: 'remove', path: 'members[value eq "u"].display' }], 'invalidPath', 'Operations[0].path'],
    ['a filter other than value eq', [{ op: 'remove', path: 'members[value co "u"]' }], 'invalidPath', 'value eq'],
    ['add with a member filter', [{ op: 'add', path: 'members[value eq "u"]', value: { value: 'u' } }], 'invalidPath', 'only for "remove"'],
  ])('rejects %s', (_what, operations, scimType, detail) => {
    const error = rejection(operations);
    expect({ status: error.status, scimType: error.scimType }).toStrictEqual({ status: 400, scimType });
    expect(error.detail).toContain(detail);
  });
});
