import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../../shared/scim/filter/ast';
import { parseFilter } from '../../../../shared/scim/filter/parse-filter';
import { validateFilter } from '../../../../shared/scim/filter/validate-filter';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';
import { cmp, ENTERPRISE, expectScimError, RFC_EXAMPLES, vp } from './support';

describe('validateFilter', () => {
  it.each(RFC_EXAMPLES)('accepts the RFC example %s on User', (text) => {
    expect(() => validateFilter(parseFilter(text), USER_RESOURCE_TYPE)).not.toThrow();
  });

  it.each([
    'userName eq "6f1f1d2c-9d63-4a4e-8d4c-0f6a2b1c3d4e"',
    'externalId eq jyoung',
    'id eq "u" and manager eq "m"',
    'emails[type eq "work"].value eq "x"',
    'roles[primary eq "True"].value',
    'active eq "False"',
    `${ENTERPRISE}:manager.value eq "m"`,
    'USERNAME eq "x" and EMAILS[TYPE eq "work"]',
    'name eq null',
    'meta.lastModified eq null',
    'emails ne null',
  ])('accepts %s on User', (text) => {
    expect(() => validateFilter(parseFilter(text), USER_RESOURCE_TYPE)).not.toThrow();
  });

  it.each(['displayName eq "Sales"', 'id eq "g" and members eq "u"', 'members[value eq "u"]', 'members.value eq "u"', 'meta.created pr'])(
    'accepts %s on Group',
    (text) => {
      expect(() => validateFilter(parseFilter(text), GROUP_RESOURCE_TYPE)).not.toThrow();
    },
  );

  it.each<[string, string[]]>([
    ['nickname2 eq "x"', ['unknown attribute "nickname2" for resource type User']],
    ['name.foo eq "x"', ['unknown attribute "name.foo"']],
    ['title pr and (userType eq "x" or nosuch pr)', ['unknown attribute "nosuch"']],
    ['not (nosuch pr)', ['unknown attribute "nosuch"']],
    ['urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "x"', ['unknown attribute "urn:ietf:params:scim']],
    ['urn:example:other:userName eq "x"', ['unknown attribute']],
    ['emails[foo eq "x"]', ['"foo" is not a sub-attribute of "emails"']],
    ['emails[type eq "work"].foo eq "x"', ['"foo" is not a sub-attribute of "emails"']],
    ['emails[urn:ietf:params:scim:schemas:core:2.0:User:type eq "x"]', ['is not a sub-attribute of "emails"']],
    ['userName[value eq "x"]', ['"userName" is not a complex attribute']],
    ['active gt true', ['"active" is a boolean: "gt" is not defined on booleans']],
    ['active co "t"', ['"active" is a boolean: "co"']],
    ['emails.primary lt true', ['"emails.primary" is a boolean']],
    ['active eq "yes"', ['"active" is a boolean and cannot equal "yes"']],
    ['active eq 1', ['cannot equal 1']],
    ['emails gt "a"', ['"gt" cannot order the complex attribute "emails"', '"emails.value"']],
    ['manager lt "m"', ['"lt" cannot order the complex attribute "manager"']],
    ['name eq "x"', ['"name" is complex without a "value" sub-attribute']],
    ['meta.lastModified gt "yesterday"', ['"meta.lastModified" is a dateTime and "yesterday" is not one']],
    ['meta.created lt 5', ['is a dateTime and 5 is not one']],
    ['meta.created eq "2026-13-01T00:00:00Z"', ['is a dateTime']],
    ['title gt null', ['"gt" cannot compare "title" with null']],
    ['x509Certificates.value gt "a"', ['is binary: "gt"']],
  ])('rejects %s on User', (text, fragments) => {
    expectScimError(() => validateFilter(parseFilter(text), USER_RESOURCE_TYPE), 'invalidFilter', ...fragments);
  });

  it.each<[string, string]>([
    ['manager eq "m"', 'unknown attribute "manager" for resource type Group'],
    ['userName eq "x"', 'unknown attribute "userName"'],
    ['members[display eq "x" and nope pr]', '"nope" is not a sub-attribute of "members"'],
  ])('rejects %s on Group', (text, fragment) => {
    expectScimError(() => validateFilter(parseFilter(text), GROUP_RESOURCE_TYPE), 'invalidFilter', fragment);
  });

  it('rejects a value filter nested in another (a tree the parser never builds)', () => {
    const nested: Filter = vp('emails', vp('emails', cmp('type', 'eq', 'work')));
    expectScimError(() => validateFilter(nested, USER_RESOURCE_TYPE), 'invalidFilter', 'inside another value filter');
  });
});
