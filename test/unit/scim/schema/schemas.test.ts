import { describe, expect, it } from 'vitest';
import { COMMON_ATTRIBUTES } from '../../../../shared/scim/schema/common-attributes';
import { ENTERPRISE_USER_SCHEMA } from '../../../../shared/scim/schema/enterprise-user-schema';
import { GROUP_SCHEMA } from '../../../../shared/scim/schema/group-schema';
import {
  GROUP_RESOURCE_TYPE,
  RESOURCE_TYPES,
  USER_RESOURCE_TYPE,
  resourceTypeByName,
} from '../../../../shared/scim/schema/resource-types';
import type { AttributeDef } from '../../../../shared/scim/schema/types';
import { USER_SCHEMA } from '../../../../shared/scim/schema/user-schema';

const CHARACTERISTICS = [
  'name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness',
] as const;

function walk(attrs: AttributeDef[], prefix = ''): [string, AttributeDef][] {
  return attrs.flatMap((a) => [[`${prefix}${a.name}`, a], ...walk(a.subAttributes ?? [], `${prefix}${a.name}.`)] as [string, AttributeDef][]);
}

const allAttributes = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]
  .flatMap((s) => walk(s.attributes, `${s.name}:`))
  .concat(walk(COMMON_ATTRIBUTES, 'common:'));

function attr(attrs: AttributeDef[], path: string): AttributeDef {
  const [head, sub] = path.split('.');
  const top = attrs.find((a) => a.name === head)!;
  return sub ? top.subAttributes!.find((a) => a.name === sub)! : top;
}

describe('schema definitions', () => {
  it.each(allAttributes)('%s has every characteristic and no nulls', (_path, def) => {
    for (const key of CHARACTERISTICS) expect(def[key], key).toBeDefined();
    expect(JSON.stringify(def)).not.toContain('null');
  });

  it.each(allAttributes.filter(([, d]) => d.type === 'complex'))('%s (complex) has sub-attributes', (_p, def) => {
    expect(def.subAttributes?.length).toBeGreaterThan(0);
  });

  it.each(allAttributes.filter(([, d]) => d.type !== 'complex'))('%s (simple) has no sub-attributes', (_p, def) => {
    expect(def.subAttributes).toBeUndefined();
  });

  it.each(allAttributes.filter(([, d]) => d.type === 'reference'))('%s (reference) names its referenceTypes', (_p, def) => {
    expect(def.referenceTypes?.length).toBeGreaterThan(0);
  });

  it('gives User every RFC 7643 §4.1 attribute', () => {
    expect(USER_SCHEMA.attributes.map((a) => a.name)).toEqual([
      'userName', 'name', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage',
      'locale', 'timezone', 'active', 'password', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses',
      'groups', 'entitlements', 'roles', 'x509Certificates',
    ]);
  });

  it('marks userName required, server-unique and case-insensitive (RFC 7643 §8.7.1)', () => {
    expect(attr(USER_SCHEMA.attributes, 'userName')).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
  });

  it('makes password writeOnly and never returned', () => {
    expect(attr(USER_SCHEMA.attributes, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
  });

  it('makes User groups and each of its sub-attributes readOnly', () => {
    const groups = attr(USER_SCHEMA.attributes, 'groups');
    expect(groups.mutability).toBe('readOnly');
    expect(groups.subAttributes!.map((s) => [s.name, s.mutability])).toEqual([
      ['value', 'readOnly'], ['$ref', 'readOnly'], ['display', 'readOnly'], ['type', 'readOnly'],
    ]);
  });

  it.each(['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509Certificates'])(
    'gives %s value, display, type and a boolean primary',
    (name) => {
      const def = attr(USER_SCHEMA.attributes, name);
      expect(def.multiValued).toBe(true);
      expect(def.subAttributes!.map((s) => s.name)).toEqual(['value', 'display', 'type', 'primary']);
      expect(attr(USER_SCHEMA.attributes, `${name}.primary`).type).toBe('boolean');
    },
  );

  it('gives addresses their postal parts, type and primary', () => {
    expect(attr(USER_SCHEMA.attributes, 'addresses').subAttributes!.map((s) => s.name)).toEqual([
      'formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type', 'primary',
    ]);
  });

  it('lists canonical type values for emails and phoneNumbers', () => {
    expect(attr(USER_SCHEMA.attributes, 'emails.type').canonicalValues).toEqual(['work', 'home', 'other']);
    expect(attr(USER_SCHEMA.attributes, 'phoneNumbers.type').canonicalValues).toContain('mobile');
  });

  it('makes the enterprise manager.displayName readOnly and manager.value writable', () => {
    expect(attr(ENTERPRISE_USER_SCHEMA.attributes, 'manager.displayName').mutability).toBe('readOnly');
    expect(attr(ENTERPRISE_USER_SCHEMA.attributes, 'manager.value').mutability).toBe('readWrite');
  });

  it('makes Group displayName required and members value immutable, display readOnly', () => {
    expect(attr(GROUP_SCHEMA.attributes, 'displayName').required).toBe(true);
    expect(attr(GROUP_SCHEMA.attributes, 'members.value').mutability).toBe('immutable');
    expect(attr(GROUP_SCHEMA.attributes, 'members.display').mutability).toBe('readOnly');
    expect(attr(GROUP_SCHEMA.attributes, 'members.type').canonicalValues).toEqual(['User', 'Group']);
  });

  it('makes id readOnly, always returned, case-exact and unique; externalId case-exact', () => {
    expect(attr(COMMON_ATTRIBUTES, 'id')).toMatchObject({
      mutability: 'readOnly', returned: 'always', caseExact: true, uniqueness: 'server',
    });
    expect(attr(COMMON_ATTRIBUTES, 'externalId')).toMatchObject({ mutability: 'readWrite', caseExact: true });
    expect(attr(COMMON_ATTRIBUTES, 'meta.lastModified').type).toBe('dateTime');
  });
});

describe('resource types', () => {
  it('gives User the optional enterprise extension and Group none', () => {
    expect(USER_RESOURCE_TYPE.extensions).toEqual([{ schema: ENTERPRISE_USER_SCHEMA, required: false }]);
    expect(GROUP_RESOURCE_TYPE.extensions).toEqual([]);
    expect(RESOURCE_TYPES).toEqual([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE]);
  });

  it.each([
    ['User', USER_RESOURCE_TYPE],
    ['group', GROUP_RESOURCE_TYPE],
    ['Device', undefined],
  ])('resourceTypeByName(%s)', (name, expected) => {
    expect(resourceTypeByName(name)).toBe(expected);
  });
});
