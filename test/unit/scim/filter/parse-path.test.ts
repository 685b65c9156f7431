import { describe, expect, it } from 'vitest';
import type { AttrPath, PatchPath } from '../../../../shared/scim/filter/ast';
import { parseAttrPath, parsePatchPath } from '../../../../shared/scim/filter/parse-path';
import { and, cmp, CORE_USER, ENTERPRISE, expectScimError, path } from './support';

describe('parsePatchPath', () => {
  it.each<[string, PatchPath]>([
    ['userName', { attr: path('userName') }],
    ['name.givenName', { attr: path('name', 'givenName') }],
    ['emails[type eq "work"].value', { attr: path('emails'), filter: cmp('type', 'eq', 'work'), sub: 'value' }],
    ['members[value eq "id"]', { attr: path('members'), filter: cmp('value', 'eq', 'id') }],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      { attr: path('members'), filter: cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646') },
    ],
    [
      'emails[type eq "work" and value ew "example.com"]',
      { attr: path('emails'), filter: and(cmp('type', 'eq', 'work'), cmp('value', 'ew', 'example.com')) },
    ],
    [`${ENTERPRISE}:manager`, { attr: path('manager', undefined, ENTERPRISE) }],
    [`${ENTERPRISE}:manager.value`, { attr: path('manager', 'value', ENTERPRISE) }],
    [`${CORE_USER}:userName`, { attr: path('userName', undefined, CORE_USER) }],
    ['roles[primary eq "True"].display', { attr: path('roles'), filter: cmp('primary', 'eq', 'True'), sub: 'display' }],
    ['addresses[type eq "work"].locality', { attr: path('addresses'), filter: cmp('type', 'eq', 'work'), sub: 'locality' }],
    ['phoneNumbers[type eq "mobile"].value', { attr: path('phoneNumbers'), filter: cmp('type', 'eq', 'mobile'), sub: 'value' }],
    ['members[value eq abc-123]', { attr: path('members'), filter: cmp('value', 'eq', 'abc-123') }],
    ['Emails[Type EQ "work"].Value', { attr: path('Emails'), filter: cmp('Type', 'eq', 'work'), sub: 'Value' }],
    ['  active  ', { attr: path('active') }],
    // A bare extension URN reads as {uri, name: "User"}; callers that accept one check for it first.
    [ENTERPRISE, { attr: path('User', undefined, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0') }],
  ])('%s', (text, expected) => {
    expect(parsePatchPath(text)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['', ['path is empty']],
    ['name.givenName eq "x"', ['expected end of path at position 15, found "eq"']],
    ['emails[type eq "work"', ['expected "and", "or" or "]" at position 21 to close "[" at position 6']],
    ['emails[type eq "work"]x', ['expected end of path at position 22, found "x"']],
    ['emails[type eq "work"][value eq "x"]', ['expected end of path at position 22, found "["']],
    ['emails[type eq "work"].value.x', ['invalid attribute name "value.x" at position 23']],
    ['a.b.c', ['invalid attribute name "b.c" at position 2']],
    ['members[value eq "unterminated]', ['unterminated string starting at position 17']],
    ['[type eq "work"]', ['expected an attribute path at position 0, found "["']],
    ['name.givenName[x eq 1]', ['unexpected "[" at position 14']],
    ['emails[type eq "work" and x[y eq 1]]', ['nested value filter at position 27']],
    ['userName)', ['unexpected ")" at position 8']],
    ['emails[]', ['at position 7, found "]"']],
    ['urn:x:y:', ['invalid attribute name "" at position 8']],
    ['a'.repeat(5000), ['path is longer than 4096 characters']],
  ])('rejects %j with invalidPath', (text, fragments) => {
    expectScimError(() => parsePatchPath(text), 'invalidPath', ...fragments);
  });
});

describe('parseAttrPath', () => {
  it.each<[string, AttrPath]>([
    ['userName', path('userName')],
    ['name.familyName', path('name', 'familyName')],
    ['members.$ref', path('members', '$ref')],
    [`${ENTERPRISE}:manager.value`, path('manager', 'value', ENTERPRISE)],
  ])('%s', (text, expected) => {
    expect(parseAttrPath(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['emails[type eq "work"]', 'expected end of path at position 6, found "["'],
    ['', 'path is empty'],
    ['user name', 'expected end of path at position 5, found "name"'],
  ])('rejects %j with invalidPath', (text, fragment) => {
    expectScimError(() => parseAttrPath(text), 'invalidPath', fragment);
  });
});
