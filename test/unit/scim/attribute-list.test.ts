import { describe, expect, it } from 'vitest';
import { parseAttributeList, parseAttributeListAcross, splitAttributeList } from '../../../shared/scim/attribute-list';
import { projectResource } from '../../../shared/scim/projection';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../shared/scim/schema/resource-types';
import { scimErrorOf } from './scim-error-of';
import { ENT, USER } from '../../support/scim-wire';

describe('splitAttributeList', () => {
  it('splits on commas outside value filters and quoted strings', () => {
    expect(splitAttributeList('userName, emails[type eq "a,b" or value co ","].value ,name.givenName')).toEqual([
      'userName',
      'emails[type eq "a,b" or value co ","].value',
      'name.givenName',
    ]);
    expect(splitAttributeList(' , ')).toEqual([]);
    expect(splitAttributeList(undefined)).toEqual([]);
  });
});

describe('parseAttributeList with value filters', () => {
  it('keeps the filter and the sub-attribute, in canonical spelling', () => {
    expect(parseAttributeList(USER_RESOURCE_TYPE, 'EMAILS[type eq "work"].VALUE')).toEqual([
      { name: 'emails', sub: 'value', filter: { kind: 'compare', path: { name: 'type' }, op: 'eq', value: 'work' } },
    ]);
  });

  it('refuses a filter that does not fit the attribute', () => {
    expect(scimErrorOf(() => parseAttributeList(USER_RESOURCE_TYPE, 'emails[primary gt true]'))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });
});

describe('parseAttributeListAcross', () => {
  it('gives each type the entries it defines, and refuses an entry no type defines', () => {
    const lists = parseAttributeListAcross([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE], 'userName,displayName,members', 'attributes')!;
    expect(lists.get('User')).toEqual([{ name: 'userName' }, { name: 'displayName' }]);
    expect(lists.get('Group')).toEqual([{ name: 'displayName' }, { name: 'members' }]);
    expect(scimErrorOf(() => parseAttributeListAcross([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE], 'userName,shoeSize', 'attributes')).detail).toContain('shoeSize');
  });
});

describe('projectResource with value filters', () => {
  const doc = {
    schemas: [USER, ENT],
    id: 'u1',
    userName: 'ana',
    emails: [
      { value: 'w@x', type: 'work', primary: true },
      { value: 'h@x', type: 'home' },
    ],
    [ENT]: { manager: { value: 'm1', displayName: 'Boss' } },
  };
  const project = (attributes?: string, excluded?: string) =>
    projectResource(USER_RESOURCE_TYPE, doc, {
      attributes: parseAttributeList(USER_RESOURCE_TYPE, attributes),
      excludedAttributes: parseAttributeList(USER_RESOURCE_TYPE, excluded, 'excludedAttributes'),
    });

  it('keeps only matching elements, whole or one sub-attribute', () => {
    expect(project('emails[type eq "work"]').emails).toEqual([doc.emails[0]]);
    expect(project('emails[primary eq true].value').emails).toEqual([{ value: 'w@x' }]);
    expect(project('emails[type eq "home"].value,emails[type eq "work"].type').emails).toEqual([{ type: 'work' }, { value: 'h@x' }]);
  });

  it('keeps all elements when the attribute is also named whole', () => {
    expect(project('emails[type eq "home"],emails').emails).toEqual(doc.emails);
  });

  it('drops matching elements, or their sub-attribute, when excluded', () => {
    expect(project(undefined, 'emails[type eq "home"]').emails).toEqual([doc.emails[0]]);
    expect(project(undefined, 'emails[type eq "work"].primary').emails).toEqual([{ value: 'w@x', type: 'work' }, doc.emails[1]]);
  });

  it('filters a singular complex extension attribute', () => {
    expect(project(`${ENT}:manager[value eq "m1"]`)[ENT]).toEqual({ manager: { value: 'm1', displayName: 'Boss' } });
    expect(project(`${ENT}:manager[value eq "m2"]`)).toEqual({ schemas: [USER], id: 'u1' });
  });

  it('returns only id when attributes names nothing of the type (an empty list)', () => {
    expect(projectResource(USER_RESOURCE_TYPE, doc, { attributes: [] })).toEqual({ schemas: [USER], id: 'u1' });
  });
});
