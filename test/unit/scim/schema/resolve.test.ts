import { describe, expect, it } from 'vitest';
import type { AttrPath } from '../../../../shared/scim/filter/ast';
import { ENTERPRISE_USER_SCHEMA_ID } from '../../../../shared/scim/schema/enterprise-user-schema';
import { GROUP_SCHEMA_ID } from '../../../../shared/scim/schema/group-schema';
import {
  findSubAttribute,
  parseAttributeName,
  resolveAttribute,
  schemaByUri,
} from '../../../../shared/scim/schema/resolve';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';
import type { ResourceTypeDef } from '../../../../shared/scim/schema/types';
import { USER_SCHEMA_ID } from '../../../../shared/scim/schema/user-schema';
import { scimErrorOf } from '../scim-error-of';

const ENT = ENTERPRISE_USER_SCHEMA_ID;

describe('parseAttributeName', () => {
  it.each<[string, AttrPath]>([
    ['userName', { name: 'userName' }],
    ['name.givenName', { name: 'name', sub: 'givenName' }],
    ['members.$ref', { name: 'members', sub: '$ref' }],
    [`${ENT}:manager.value`, { uri: ENT, name: 'manager', sub: 'value' }],
    [`${ENT}:department`, { uri: ENT, name: 'department' }],
    [`URN:IETF:params:scim:schemas:core:2.0:User:userName`, { uri: 'URN:IETF:params:scim:schemas:core:2.0:User', name: 'userName' }],
    [' displayName ', { name: 'displayName' }],
  ])('parses %s', (text, expected) => {
    expect(parseAttributeName(text)).toEqual(expected);
  });

  it.each(['', '   ', 'a.b.c', '.name', 'name.', '1abc', 'emails[type eq "work"]', 'urn:', 'urn:x', `${ENT}:`, 'a b', '__proto__.x'])(
    'rejects %j as invalidPath',
    (text) => {
      expect(scimErrorOf(() => parseAttributeName(text))).toMatchObject({ status: 400, scimType: 'invalidPath' });
    },
  );
});

describe('resolveAttribute', () => {
  const cases: [string, ResourceTypeDef, AttrPath, { schemaId: string; name: string; common: boolean; extension: boolean }][] = [
    ['userName', USER_RESOURCE_TYPE, { name: 'USERNAME' }, { schemaId: USER_SCHEMA_ID, name: 'userName', common: false, extension: false }],
    ['name.givenName', USER_RESOURCE_TYPE, { name: 'name', sub: 'GIVENNAME' }, { schemaId: USER_SCHEMA_ID, name: 'name', common: false, extension: false }],
    ['id (common)', USER_RESOURCE_TYPE, { name: 'Id' }, { schemaId: USER_SCHEMA_ID, name: 'id', common: true, extension: false }],
    ['meta.lastModified', GROUP_RESOURCE_TYPE, { name: 'meta', sub: 'lastmodified' }, { schemaId: GROUP_SCHEMA_ID, name: 'meta', common: true, extension: false }],
    ['externalId under the core URN', USER_RESOURCE_TYPE, { uri: USER_SCHEMA_ID.toLowerCase(), name: 'externalid' }, { schemaId: USER_SCHEMA_ID, name: 'externalId', common: true, extension: false }],
    ['a URN-qualified extension attribute', USER_RESOURCE_TYPE, { uri: ENT.toUpperCase(), name: 'Manager', sub: 'Value' }, { schemaId: ENT, name: 'manager', common: false, extension: true }],
    ['a bare unambiguous extension name (Entra: manager eq)', USER_RESOURCE_TYPE, { name: 'manager' }, { schemaId: ENT, name: 'manager', common: false, extension: true }],
    ['bare department', USER_RESOURCE_TYPE, { name: 'department' }, { schemaId: ENT, name: 'department', common: false, extension: true }],
    ['Group members.value', GROUP_RESOURCE_TYPE, { name: 'members', sub: 'value' }, { schemaId: GROUP_SCHEMA_ID, name: 'members', common: false, extension: false }],
  ];

  it.each(cases)('resolves %s', (_label, rt, path, expected) => {
    const resolved = resolveAttribute(rt, path);
    expect(resolved && { schemaId: resolved.schemaId, name: resolved.def.name, common: resolved.common, extension: resolved.extension }).toEqual(expected);
  });

  it.each<[string, ResourceTypeDef, AttrPath]>([
    ['an unknown name', USER_RESOURCE_TYPE, { name: 'shoeSize' }],
    ['an unknown sub-attribute', USER_RESOURCE_TYPE, { name: 'name', sub: 'nickName' }],
    ['a sub-attribute of a simple attribute', USER_RESOURCE_TYPE, { name: 'userName', sub: 'value' }],
    ['a core attribute under the extension URN', USER_RESOURCE_TYPE, { uri: ENT, name: 'userName' }],
    ['an extension attribute under the core URN', USER_RESOURCE_TYPE, { uri: USER_SCHEMA_ID, name: 'manager' }],
    ['an unknown URN', USER_RESOURCE_TYPE, { uri: 'urn:ietf:params:scim:schemas:extension:test:2.0:User', name: 'department' }],
    ['a User extension on Group', GROUP_RESOURCE_TYPE, { name: 'manager' }],
    ['a prototype key', USER_RESOURCE_TYPE, { name: '__proto__' }],
    ['a prototype sub key', USER_RESOURCE_TYPE, { name: 'name', sub: 'constructor' }],
  ])('finds nothing for %s', (_label, rt, path) => {
    expect(resolveAttribute(rt, path)).toBeUndefined();
  });
});

describe('findSubAttribute', () => {
  const emails = USER_RESOURCE_TYPE.schema.attributes.find((a) => a.name === 'emails')!;

  it('matches case-insensitively and returns the canonical definition', () => {
    expect(findSubAttribute(emails, 'PRIMARY')?.name).toBe('primary');
  });

  it('finds nothing on a simple attribute or for an unknown name', () => {
    expect(findSubAttribute(USER_RESOURCE_TYPE.schema.attributes[0], 'value')).toBeUndefined();
    expect(findSubAttribute(emails, 'toString')).toBeUndefined();
  });
});

describe('schemaByUri', () => {
  it('finds the core and extension schemas in any case, nothing else', () => {
    expect(schemaByUri(USER_RESOURCE_TYPE, USER_SCHEMA_ID.toUpperCase())?.id).toBe(USER_SCHEMA_ID);
    expect(schemaByUri(USER_RESOURCE_TYPE, ENT.toLowerCase())?.id).toBe(ENT);
    expect(schemaByUri(GROUP_RESOURCE_TYPE, ENT)).toBeUndefined();
  });
});
