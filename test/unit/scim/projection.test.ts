import { describe, expect, it } from 'vitest';
import type { AttrPath } from '../../../shared/scim/filter/ast';
import { parseAttributeList, projectResource, wantsAttribute, type Projection } from '../../../shared/scim/projection';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../shared/scim/schema/resource-types';
import { scimErrorOf } from './scim-error-of';
import { ENT, GROUP, USER } from '../../support/scim-wire';

const META = { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-02T00:00:00Z', version: 'W/"1"', location: 'https://x/Users/u1' };

const userDoc = {
  schemas: [USER, ENT],
  id: 'u1',
  externalId: 'e1',
  userName: 'ana',
  password: 'should never leak',
  name: { givenName: 'Ana', familyName: 'Lima' },
  emails: [{ value: 'ana@x', type: 'work', primary: true }, { value: 'ana@home', type: 'home' }],
  [ENT]: { department: 'Finance', manager: { value: 'm1' } },
  meta: META,
};

const groupDoc = { schemas: [GROUP], id: 'g1', displayName: 'Staff', members: [{ value: 'u1', type: 'User' }], meta: META };

const userList = (text: string, param?: 'attributes' | 'excludedAttributes') => parseAttributeList(USER_RESOURCE_TYPE, text, param);

describe('parseAttributeList', () => {
  it.each<[string | undefined, AttrPath[] | undefined]>([
    [undefined, undefined],
    ['', undefined],
    [' , ', undefined],
    ['userName', [{ name: 'userName' }]],
    ['USERNAME, name.GIVENNAME ,emails.value', [{ name: 'userName' }, { name: 'name', sub: 'givenName' }, { name: 'emails', sub: 'value' }]],
    [`${ENT.toLowerCase()}:manager.value`, [{ uri: ENT, name: 'manager', sub: 'value' }]],
    ['department', [{ uri: ENT, name: 'department' }]],
    [`${USER}:displayName`, [{ name: 'displayName' }]],
    ['id,meta.lastModified', [{ name: 'id' }, { name: 'meta', sub: 'lastModified' }]],
  ])('parses %j into canonical paths', (text, expected) => {
    expect(parseAttributeList(USER_RESOURCE_TYPE, text)).toEqual(expected);
  });

  it.each([
    ['shoeSize', 'attributes: unknown attribute "shoeSize"'],
    ['name.nickName', 'attributes: unknown attribute "name.nickName"'],
    ['userName,emails[type eq "work"', 'attributes: "emails[type eq "work"" is not a valid attribute name'],
    ['emails[shoeSize eq "x"]', 'attributes: "emails[shoeSize eq "x"]": "shoeSize" is not a sub-attribute of "emails" (inside its value filter)'],
    ['userName[value eq "x"]', 'attributes: "userName[value eq "x"]": "userName" is not a complex attribute, so it takes no "[...]" value filter'],
    ['emails[type eq "work"].shoeSize', 'attributes: unknown attribute "emails[type eq "work"].shoeSize"'],
    ['urn:ietf:params:scim:schemas:extension:test:2.0:User:x', 'attributes: unknown attribute "urn:ietf:params:scim:schemas:extension:test:2.0:User:x"'],
  ])('rejects %s as invalidValue naming it', (text, detail) => {
    expect(scimErrorOf(() => userList(text))).toMatchObject({ status: 400, scimType: 'invalidValue', message: detail });
  });

  it('names the parameter it parses', () => {
    expect(scimErrorOf(() => parseAttributeList(USER_RESOURCE_TYPE, 'members', 'excludedAttributes')).message).toBe(
      'excludedAttributes: unknown attribute "members"',
    );
  });
});

describe('projectResource', () => {
  const projectUser = (projection: Projection) => projectResource(USER_RESOURCE_TYPE, userDoc, projection);

  it('returns every default attribute but never password', () => {
    const { password: _never, ...rest } = userDoc;
    expect(projectUser({})).toEqual(rest);
  });

  it('puts schemas first', () => {
    expect(Object.keys(projectUser({}))[0]).toBe('schemas');
  });

  it('with attributes returns those plus id and schemas (RFC 7644 §3.4.2.5)', () => {
    expect(projectUser({ attributes: userList('userName') })).toEqual({ schemas: [USER], id: 'u1', userName: 'ana' });
  });

  it('selects sub-attributes of singular and multi-valued attributes', () => {
    expect(projectUser({ attributes: userList('name.givenName,emails.value') })).toEqual({
      schemas: [USER],
      id: 'u1',
      name: { givenName: 'Ana' },
      emails: [{ value: 'ana@x' }, { value: 'ana@home' }],
    });
  });

  it('selects extension attributes and lists the extension in schemas', () => {
    expect(projectUser({ attributes: userList(`${ENT}:manager`) })).toEqual({
      schemas: [USER, ENT],
      id: 'u1',
      [ENT]: { manager: { value: 'm1' } },
    });
  });

  it('never returns password, even when asked for', () => {
    expect(projectUser({ attributes: userList('password') })).toEqual({ schemas: [USER], id: 'u1' });
  });

  it('with excludedAttributes leaves those out but keeps id', () => {
    const out = projectUser({ excludedAttributes: userList('id,emails,meta,name.familyName,department', 'excludedAttributes') });
    expect(out).toEqual({
      schemas: [USER, ENT],
      id: 'u1',
      externalId: 'e1',
      userName: 'ana',
      name: { givenName: 'Ana' },
      [ENT]: { manager: { value: 'm1' } },
    });
  });

  it('drops an extension container that excludedAttributes emptied, and its schema URN', () => {
    const out = projectUser({ excludedAttributes: userList('department,manager', 'excludedAttributes') });
    expect(out.schemas).toEqual([USER]);
    expect(out).not.toHaveProperty([ENT]);
  });

  it('lets attributes win over excludedAttributes', () => {
    expect(projectUser({ attributes: userList('userName'), excludedAttributes: userList('userName') })).toMatchObject({ userName: 'ana' });
  });

  it('leaves the members key out with excludedAttributes=members (ENTRA-DIALECT.md item 11)', () => {
    const out = projectResource(GROUP_RESOURCE_TYPE, groupDoc, {
      excludedAttributes: parseAttributeList(GROUP_RESOURCE_TYPE, 'members', 'excludedAttributes'),
    });
    expect(out).toEqual({ schemas: [GROUP], id: 'g1', displayName: 'Staff', meta: META });
  });

  it('drops keys that no schema defines', () => {
    expect(projectResource(GROUP_RESOURCE_TYPE, { ...groupDoc, stray: 1, [ENT]: { department: 'x' } })).toEqual(groupDoc);
  });
});

describe('wantsAttribute', () => {
  const groups = (projection: Projection) => wantsAttribute(USER_RESOURCE_TYPE, projection, { name: 'groups' });
  const members = (projection: Projection) => wantsAttribute(GROUP_RESOURCE_TYPE, projection, { name: 'members' });
  const groupList = (text: string) => parseAttributeList(GROUP_RESOURCE_TYPE, text);

  it.each<[string, Projection, boolean]>([
    ['no projection', {}, true],
    ['excludedAttributes=members', { excludedAttributes: groupList('members') }, false],
    ['excludedAttributes=members.display', { excludedAttributes: groupList('members.display') }, true],
    ['attributes=displayName', { attributes: groupList('displayName') }, false],
    ['attributes=members.value', { attributes: groupList('members.value') }, true],
  ])('Group members with %s: %s', (_label, projection, expected) => {
    expect(members(projection)).toBe(expected);
  });

  it('tells whether User groups will be returned', () => {
    expect(groups({})).toBe(true);
    expect(groups({ attributes: userList('userName') })).toBe(false);
    expect(groups({ excludedAttributes: userList('groups') })).toBe(false);
  });

  it('answers for sub-attributes and for attributes never returned', () => {
    const projection = { attributes: userList('emails.value') };
    expect(wantsAttribute(USER_RESOURCE_TYPE, projection, { name: 'emails', sub: 'value' })).toBe(true);
    expect(wantsAttribute(USER_RESOURCE_TYPE, projection, { name: 'emails', sub: 'type' })).toBe(false);
    expect(wantsAttribute(USER_RESOURCE_TYPE, {}, { name: 'password' })).toBe(false);
    expect(wantsAttribute(USER_RESOURCE_TYPE, {}, { name: 'shoeSize' })).toBe(false);
  });
});
