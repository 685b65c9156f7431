import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseResource } from '../../../shared/scim/normalise-resource';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../shared/scim/schema/resource-types';
import { scimErrorOf } from './scim-error-of';
import { ENT, USER } from '../../support/scim-wire';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/entra-bodies', name), 'utf8'));
}

const user = (body: Record<string, unknown>) => normaliseResource(USER_RESOURCE_TYPE, { userName: 'ana', ...body });

describe('normaliseResource', () => {
  describe('Entra bodies (ENTRA-DIALECT.md item 9)', () => {
    it('normalises an Entra POST /Users body: meta, empty roles, nulls dropped; strings coerced; manager unwrapped', () => {
      expect(normaliseResource(USER_RESOURCE_TYPE, fixture('post-user.json'))).toEqual(fixture('post-user-expected.json'));
    });

    it('ignores the Microsoft schema URI container, test-only extensions and an empty members list', () => {
      expect(normaliseResource(GROUP_RESOURCE_TYPE, fixture('post-group.json'))).toEqual(fixture('post-group-expected.json'));
    });
  });

  it.each([null, [], 'user', 42, true])('rejects a body of %j as invalidSyntax', (body) => {
    expect(scimErrorOf(() => normaliseResource(USER_RESOURCE_TYPE, body))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
  });

  it.each([
    ['User without userName', USER_RESOURCE_TYPE, { displayName: 'x' }, 'userName is required'],
    ['User with a null userName', USER_RESOURCE_TYPE, { userName: null }, 'userName is required'],
    ['User with a blank userName', USER_RESOURCE_TYPE, { userName: '  ' }, 'userName is required'],
    ['Group without displayName', GROUP_RESOURCE_TYPE, { members: [] }, 'displayName is required'],
  ])('rejects a %s as invalidValue', (_label, rt, body, detail) => {
    expect(scimErrorOf(() => normaliseResource(rt, body))).toMatchObject({ status: 400, scimType: 'invalidValue', message: detail });
  });

  it('gives attribute names and extension URNs their canonical spelling', () => {
    expect(normaliseResource(USER_RESOURCE_TYPE, {
      USERNAME: 'ana',
      Name: { GivenName: 'Ana' },
      [ENT.toUpperCase()]: { Department: 'Finance' },
    })).toEqual({ schemas: [USER, ENT], userName: 'ana', name: { givenName: 'Ana' }, [ENT]: { department: 'Finance' } });
  });

  it('keeps values exactly as sent', () => {
    expect(user({ displayName: '  Ana  ', externalId: 'ABC ' })).toMatchObject({ displayName: '  Ana  ', externalId: 'ABC ' });
  });

  it('places top-level URN-qualified and dotted keys', () => {
    expect(user({
      [`${ENT}:department`]: 'Finance',
      [`${ENT}:manager.value`]: 'm1',
      [`${USER}:title`]: 'Engineer',
      'name.familyName': 'Lima',
    })).toEqual({
      schemas: [USER, ENT],
      userName: 'ana',
      title: 'Engineer',
      name: { familyName: 'Lima' },
      [ENT]: { department: 'Finance', manager: { value: 'm1' } },
    });
  });

  it.each([
    ['an object', { value: 'm1', displayName: 'Boss' }],
    ['a bare string', 'm1'],
    ['a one-element array with a null $ref', [{ $ref: null, value: 'm1' }]],
    ['an object with a $ref', { value: 'm1', $ref: 'https://example.com/Users/m1' }],
  ])('stores a manager given as %s as {value}', (_label, manager) => {
    expect(user({ [ENT]: { manager } })[ENT]).toEqual({ manager: { value: 'm1' } });
  });

  it.each([[''], [{ value: '' }], [{ value: '  ' }]])('drops a manager with the empty id %j', (manager) => {
    expect(user({ [ENT]: { manager, department: 'D' } })[ENT]).toEqual({ department: 'D' });
  });

  it('drops an extension container left empty and leaves it out of schemas', () => {
    expect(user({ [ENT]: { department: null, manager: { displayName: 'Boss' } } })).toEqual({ schemas: [USER], userName: 'ana' });
  });

  it('ignores id, meta, schemas, readOnly groups and unknown attributes', () => {
    expect(user({
      id: 'chosen-by-client',
      meta: { created: 'yesterday' },
      schemas: 'not even an array',
      groups: [{ value: 'g1' }],
      shoeSize: 44,
      'emails[type eq "work"].value': 'x@example.com',
    })).toEqual({ schemas: [USER], userName: 'ana' });
  });

  it('accepts and drops password (Roster stores no passwords)', () => {
    expect(user({ password: 'hunter2' })).toEqual({ schemas: [USER], userName: 'ana' });
  });

  it('drops member display (readOnly) and keeps value, $ref and type', () => {
    const group = normaliseResource(GROUP_RESOURCE_TYPE, {
      displayName: 'g',
      members: [{ value: 'u1', $ref: null, display: 'Ana', type: 'User' }, { value: 'u2' }],
    });
    expect(group.members).toEqual([{ value: 'u1', type: 'User' }, { value: 'u2' }]);
  });

  it.each([
    ['emails[0].value: expected a string', { emails: [{ value: 42 }] }],
    ['active: expected a boolean', { active: 'yes' }],
    ['name: expected an object', { name: 'Ana Lima' }],
    ['displayName: expected a single value, not an array', { displayName: ['a', 'b'] }],
    [`${ENT}:department: expected a string`, { [ENT]: { department: { x: 1 } } }],
    [`${ENT}: expected an object`, { [ENT]: 'Finance' }],
    ['emails[1]: expected an object', { emails: [{ value: 'a@x' }, true] }],
  ])('rejects with "%s"', (detail, body) => {
    expect(scimErrorOf(() => user(body))).toMatchObject({ status: 400, scimType: 'invalidValue', message: detail });
  });

  it('rejects a sub-attribute key of a multi-valued attribute, naming it', () => {
    expect(scimErrorOf(() => user({ 'emails.value': 'x@example.com' }))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });

  it('never lets a client key touch a prototype', () => {
    const body = JSON.parse('{"userName":"ana","__proto__":{"polluted":true},"name":{"__proto__":{"polluted":true}},"constructor":{"prototype":{"polluted":true}}}');
    const doc = normaliseResource(USER_RESOURCE_TYPE, body);
    expect(doc).toEqual({ schemas: [USER], userName: 'ana' });
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not walk deeply nested unknown values', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(user({ junk: deep })).toEqual({ schemas: [USER], userName: 'ana' });
  });
});
