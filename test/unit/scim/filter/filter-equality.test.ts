import { describe, expect, it } from 'vitest';
import { indexableEqualities, type IndexLookup } from '../../../../shared/scim/filter/filter-equality';
import { parseFilter } from '../../../../shared/scim/filter/parse-filter';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';
import { CORE_USER } from './support';

const USER_INDEXES = ['id', 'userName', 'externalId'];
const GROUP_INDEXES = ['id', 'displayName', 'externalId'];

describe('indexableEqualities', () => {
  it.each<[string, IndexLookup[]]>([
    ['userName eq "x"', [{ attr: 'userName', value: 'x' }]],
    ['USERNAME eq "Ana@Contoso.com"', [{ attr: 'userName', value: 'Ana@Contoso.com' }]],
    [`${CORE_USER}:userName eq "x"`, [{ attr: 'userName', value: 'x' }]],
    ['externalId eq jyoung', [{ attr: 'externalId', value: 'jyoung' }]],
    ['externalId eq 12345', [{ attr: 'externalId', value: '12345' }]],
    ['id eq "u" and manager eq "m"', [{ attr: 'id', value: 'u' }]],
    ['manager eq "m" and id eq "u"', [{ attr: 'id', value: 'u' }]],
    ['title pr and (userName eq "a" or externalId eq "b")', [{ attr: 'userName', value: 'a' }, { attr: 'externalId', value: 'b' }]],
    ['userName eq "a" or userName eq "b"', [{ attr: 'userName', value: 'a' }, { attr: 'userName', value: 'b' }]],
    ['userName eq "a" or userName eq "a"', [{ attr: 'userName', value: 'a' }]],
    ['userName eq "a" and externalId eq "b"', [{ attr: 'userName', value: 'a' }]],
    ['(userName eq "a" or userName eq "b") and externalId eq "c"', [{ attr: 'externalId', value: 'c' }]],
    ['userName eq "a" and not (title pr)', [{ attr: 'userName', value: 'a' }]],
  ])('%s on User -> lookups', (text, expected) => {
    expect(indexableEqualities(parseFilter(text), USER_RESOURCE_TYPE, USER_INDEXES)).toEqual(expected);
  });

  it.each([
    'userName ne "a"',
    'userName co "a"',
    'userName sw "a"',
    'userName gt "a"',
    'userName pr',
    'userName eq true',
    'userName eq null',
    'not (userName eq "a")',
    'userName eq "a" or title pr',
    'title pr or userName eq "a"',
    'title eq "a"',
    'name.givenName eq "a"',
    'emails[value eq "a"]',
    'emails[type eq "work"].value eq "x"',
    'nosuch eq "x"',
  ])('%s on User -> undefined (scan)', (text) => {
    expect(indexableEqualities(parseFilter(text), USER_RESOURCE_TYPE, USER_INDEXES)).toBeUndefined();
  });

  it.each<[string, string[], IndexLookup[] | undefined]>([
    ['displayName eq "Sales"', GROUP_INDEXES, [{ attr: 'displayName', value: 'Sales' }]],
    ['id eq "g" and members eq "u"', GROUP_INDEXES, [{ attr: 'id', value: 'g' }]],
    ['members eq "u"', GROUP_INDEXES, undefined],
    ['members eq "u"', [...GROUP_INDEXES, 'members'], [{ attr: 'members', value: 'u' }]],
    ['members.value eq "u"', [...GROUP_INDEXES, 'members'], undefined],
  ])('%s on Group with indexes %j', (text, attrs, expected) => {
    expect(indexableEqualities(parseFilter(text), GROUP_RESOURCE_TYPE, attrs)).toEqual(expected);
  });

  it('unions a 50k-term "or" chain without deep recursion', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `id eq "u${i}"`).join(' or ');
    const lookups = indexableEqualities(parseFilter(text, { maxLength: 10_000_000 }), USER_RESOURCE_TYPE, USER_INDEXES);
    expect(lookups).toHaveLength(50_000);
    expect(lookups?.[49_999]).toEqual({ attr: 'id', value: 'u49999' });
  });
});
