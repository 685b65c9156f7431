import { describe, expect, it } from 'vitest';
import { evaluateFilter, isPresent, validateFilter } from '../../../../shared/scim/filter/evaluate-filter';
import { parseFilter } from '../../../../shared/scim/filter/parse-filter';
import { defineAttribute } from '../../../../shared/scim/schema/define-attribute';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../shared/scim/schema/resource-types';
import type { ResourceTypeDef } from '../../../../shared/scim/schema/types';
import { ENTERPRISE, pr, seededRandom } from './support';

const USER: Record<string, unknown> = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'bjensen-ext',
  userName: 'bjensen@example.com',
  name: { familyName: "O'Malley", givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  roles: [
    { value: 'Admin', primary: true },
    { value: 'Reader', primary: false },
  ],
  addresses: [{ type: 'work', locality: 'Hollywood' }],
  meta: { resourceType: 'User', created: '2025-06-01T10:00:00Z', lastModified: '2026-02-03T04:05:06Z' },
  [ENTERPRISE]: { department: 'Tour Operations', employeeNumber: '701984', manager: { value: 'mgr-1', displayName: 'John Smith' } },
};

const GROUP: Record<string, unknown> = {
  id: 'g1',
  displayName: 'Sales Team',
  members: [{ value: 'u1', display: 'Ana' }, { value: 'u2' }],
};

/** A made-up resource type with the attribute types User and Group lack. */
const DEVICE: ResourceTypeDef = {
  id: 'Device',
  name: 'Device',
  endpoint: '/Devices',
  description: 'test only',
  schema: {
    id: 'urn:example:Device',
    name: 'Device',
    description: 'test only',
    attributes: [
      defineAttribute('size', 'integer', 'size'),
      defineAttribute('weight', 'decimal', 'weight'),
      defineAttribute('serial', 'binary', 'serial'),
      defineAttribute('tags', 'string', 'tags', { multiValued: true }),
      defineAttribute('code', 'string', 'code', { caseExact: true }),
    ],
  },
  extensions: [],
};
const DEVICE_DOC = { size: 7, weight: 2.5, serial: 'QUJD', tags: ['red', 'Blue'], code: 'AbC' };

function holds(text: string, doc: Record<string, unknown>, rt: ResourceTypeDef): boolean {
  const filter = parseFilter(text);
  validateFilter(filter, rt);
  return evaluateFilter(filter, doc, rt);
}

describe('evaluateFilter', () => {
  describe('on a User', () => {
    it.each<[string, boolean]>([
      // caseExact false: userName, displayName, name.*, emails.value, userType
      ['userName eq "bjensen@example.com"', true],
      ['userName eq "BJENSEN@EXAMPLE.COM"', true],
      ['USERNAME Eq "bjensen@example.com"', true],
      ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "BJ"', true],
      ['userName sw "jensen"', false],
      ['userName ew "@EXAMPLE.COM"', true],
      ['userName co "JENSEN@"', true],
      ['displayName eq "babs jensen"', true],
      ['name.familyName co "o\'malley"', true],
      ['name.familyName co "x"', false],
      // caseExact true: id, externalId
      ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
      ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
      ['externalId eq "bjensen-ext"', true],
      ['externalId eq "BJENSEN-EXT"', false],
      ['externalId eq bjensen-ext', true],
      ['externalId sw "bjensen"', true],
      // ordering on strings is lexicographic, after case folding where caseExact is false
      ['userType gt "Employed"', true],
      ['userType lt "Employee"', false],
      ['userType le "employee"', true],
      ['userType ge "EMPLOYEE"', true],
      ['userType ne "Employee"', false],
      ['userType ne "Intern"', true],
      // presence and absence
      ['title pr', true],
      ['nickName pr', false],
      ['nickName ne "x"', true],
      ['nickName eq "x"', false],
      ['nickName eq null', true],
      ['title eq null', false],
      ['title ne null', true],
      ['name eq null', false],
      ['name ne null', true],
      ['ims eq null', true],
      ['manager.displayName ne null', true],
      ['name pr', true],
      ['emails pr', true],
      ['ims pr', false],
      // booleans, and Entra's booleans as strings
      ['active eq true', true],
      ['active eq TRUE', true],
      ['active eq "True"', true],
      ['active eq "false"', false],
      ['active ne false', true],
      ['active ne "True"', false],
      // multi-valued: any value matches; a complex attribute alone compares its value
      ['emails co "@jensen.org"', true],
      ['emails eq "BABS@JENSEN.ORG"', true],
      ['emails eq "nobody@example.com"', false],
      ['emails.type eq "home"', true],
      ['emails.type eq "other"', false],
      ['emails.type ne "work"', false],
      ['emails.value ew ".org"', true],
      ['emails.primary eq true', true],
      // value paths: the whole inner filter applies to one element
      ['emails[type eq "work" and value co "@example.com"]', true],
      ['emails[type eq "home" and value co "@example.com"]', false],
      ['emails[type eq "work" or type eq "other"]', true],
      ['emails[not (type eq "work")]', true],
      ['emails[not (type eq "work") and primary eq true]', false],
      ['emails[type ne "work"]', true],
      ['emails[primary eq "True"]', true],
      ['emails[primary eq false]', false],
      ['emails[type eq "work"].value eq "bjensen@example.com"', true],
      ['emails[type eq "work"].value eq "babs@jensen.org"', false],
      ['emails[type eq "home"].value pr', true],
      ['emails[type eq "other"].value pr', false],
      ['roles[primary eq "True"].value eq "Admin"', true],
      ['roles[primary eq "True"].value eq "Reader"', false],
      ['roles[primary eq "False"].value eq "Reader"', true],
      ['roles[primary eq "True"].value', true],
      ['addresses[type eq "work"].locality eq "hollywood"', true],
      ['addresses[type eq "home"].locality pr', false],
      // dateTime compares as instants
      ['meta.lastModified gt "2026-01-01T00:00:00Z"', true],
      ['meta.lastModified lt "2026-01-01T00:00:00Z"', false],
      ['meta.lastModified ge "2026-02-03T04:05:06Z"', true],
      ['meta.lastModified gt "2026-02-03T04:05:06Z"', false],
      ['meta.lastModified eq "2026-02-03T05:05:06+01:00"', true],
      ['meta.lastModified eq "2026-02-03T04:05:06.000Z"', true],
      ['meta.lastModified gt "2026-02-03T05:05:05+0100"', true],
      ['meta.lastModified le "2026-02-03T04:05:06"', true],
      ['meta.created lt "2025-06-01T10:00:00.001Z"', true],
      ['meta.created gt "2025-06-01"', true],
      ['meta.created sw "2025-06"', true],
      ['meta.resourceType eq "User"', true],
      // the enterprise extension, bare or URN-qualified; a singular complex compares its value
      ['manager eq "mgr-1"', true],
      ['manager eq "mgr-2"', false],
      ['manager pr', true],
      ['manager.displayName sw "john"', true],
      [`${ENTERPRISE}:manager.value eq "mgr-1"`, true],
      [`${ENTERPRISE}:manager eq "mgr-1"`, true],
      [`${ENTERPRISE}:department eq "tour operations"`, true],
      ['department sw "Tour"', true],
      ['employeeNumber eq 701984', true],
      ['costCenter pr', false],
      ['id eq "2819c223-7f76-453a-919d-413861904646" and manager eq "mgr-1"', true],
      ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', true],
      // logic
      ['not (userName eq "x")', true],
      ['not (title pr)', false],
      ['title pr and userType eq "Intern"', false],
      ['title pr or userType eq "Intern"', true],
      ['title pr or nickName pr and userType eq "Intern"', true],
      ['(title pr or nickName pr) and userType eq "Intern"', false],
      ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
      ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
      ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    ])('%s -> %s', (text, expected) => {
      expect(holds(text, USER, USER_RESOURCE_TYPE)).toBe(expected);
    });
  });

  describe('on a Group', () => {
    it.each<[string, Record<string, unknown>, boolean]>([
      ['id eq "g1" and members eq "u2"', GROUP, true],
      ['id eq "g1" and members eq "u3"', GROUP, false],
      ['members[value eq "u1"]', GROUP, true],
      ['members.display eq "ana"', GROUP, true],
      ['displayName eq "sales team"', GROUP, true],
      ['members pr', GROUP, true],
      ['members pr', { id: 'g2', displayName: 'Empty', members: [] }, false],
      ['members eq "u1"', { id: 'g2', displayName: 'Empty' }, false],
      ['members ne "u1"', { id: 'g2', displayName: 'Empty' }, true],
    ])('%s on %j -> %s', (text, doc, expected) => {
      expect(holds(text, doc, GROUP_RESOURCE_TYPE)).toBe(expected);
    });
  });

  describe('numbers, binary, caseExact and multi-valued simple attributes', () => {
    it.each<[string, boolean]>([
      ['size eq 7', true],
      ['size gt 5', true],
      ['size le 6', false],
      ['size eq "7"', true],
      ['weight lt 2.51', true],
      ['weight eq 2.50', true],
      ['weight ge 25e-1', true],
      ['serial eq "QUJD"', true],
      ['tags eq "blue"', true],
      ['tags co "e"', true],
      ['tags eq "green"', false],
      ['tags ne "red"', false],
      ['code eq "AbC"', true],
      ['code eq "abc"', false],
      ['code gt "ABC"', true],
    ])('%s -> %s', (text, expected) => {
      expect(holds(text, DEVICE_DOC, DEVICE)).toBe(expected);
    });
  });

  describe('what counts as present (pr)', () => {
    it.each<[string, unknown, boolean]>([
      ['a string', 'x', true],
      ['false', false, true],
      ['zero', 0, true],
      ['null', null, false],
      ['undefined', undefined, false],
      ['the empty string', '', false],
      ['an empty array', [], false],
      ['an array of empties', [null, ''], false],
      ['an empty object', {}, false],
      ['an object of empties', { givenName: '', familyName: null }, false],
      ['an object with one value', { givenName: 'Ana' }, true],
      ['an array with an empty object', [{}], false],
    ])('%s -> %s', (_, value, expected) => {
      expect(isPresent(value)).toBe(expected);
    });

    it.each<[string, Record<string, unknown>, boolean]>([
      ['title pr', { title: '' }, false],
      ['name pr', { name: {} }, false],
      ['name pr', { name: { givenName: '' } }, false],
      ['name.givenName pr', { name: { givenName: 'Ana' } }, true],
      ['emails pr', { emails: [] }, false],
      ['emails pr', { emails: [{}] }, false],
      ['emails.value pr', { emails: [{ type: 'work' }, { value: 'a@x' }] }, true],
      ['manager pr', { [ENTERPRISE]: { manager: { value: '' } } }, false],
      ['active pr', { active: false }, true],
    ])('%s on %j -> %s', (text, doc, expected) => {
      expect(holds(text, doc, USER_RESOURCE_TYPE)).toBe(expected);
    });
  });

  describe('never throws', () => {
    it('on odd documents: wrong shapes, nulls, scalars where objects belong', () => {
      const odd = [
        {},
        { emails: 'not-an-array', name: 'flat', meta: null, [ENTERPRISE]: 'x' },
        { emails: [null, 1, 'x', [], { value: 5, primary: 'maybe' }], active: 'yes', userName: 42 },
        { meta: { lastModified: 'not a date' }, roles: { value: 'single' } },
      ];
      const filters = [
        'emails[type eq "work"].value eq "x"',
        'emails co "@x"',
        'name.givenName eq "a"',
        'manager eq "m"',
        'active eq true',
        'userName eq "42"',
        'meta.lastModified gt "2026-01-01T00:00:00Z"',
        'roles[primary eq "True"].value',
        'emails.primary eq true',
      ].map((text) => parseFilter(text));
      for (const doc of odd) for (const filter of filters) expect(() => evaluateFilter(filter, doc, USER_RESOURCE_TYPE)).not.toThrow();
      expect(evaluateFilter(parseFilter('userName eq "42"'), odd[2], USER_RESOURCE_TYPE)).toBe(true);
    });

    it('on unvalidated filters: unknown attributes count as absent', () => {
      expect(evaluateFilter(parseFilter('nosuch eq "x"'), USER, USER_RESOURCE_TYPE)).toBe(false);
      expect(evaluateFilter(parseFilter('nosuch ne "x"'), USER, USER_RESOURCE_TYPE)).toBe(true);
      expect(evaluateFilter(parseFilter('userName[value eq "x"]'), USER, USER_RESOURCE_TYPE)).toBe(false);
      expect(evaluateFilter(parseFilter('active gt true'), USER, USER_RESOURCE_TYPE)).toBe(false);
    });

    it('on random filters over random documents (fixed seed)', () => {
      const random = seededRandom(7);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const paths = ['userName', 'emails', 'emails.value', 'manager', 'meta.created', 'active', 'name', 'name.givenName', 'nosuch'];
      const values = ['"x"', '"True"', 'true', 'null', '5', '"2026-01-01T00:00:00Z"', 'bare'];
      const ops = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
      const shapes: unknown[] = [null, 'x', 5, true, [], {}, [{ value: 'x' }], { value: 'x' }, '2026-01-01T00:00:00Z'];
      for (let i = 0; i < 2000; i++) {
        const text = `${pick(paths)} ${pick(ops)} ${pick(values)} or ${pick(paths)} pr`;
        const doc = { userName: pick(shapes), emails: pick(shapes), active: pick(shapes), name: pick(shapes), meta: pick(shapes) };
        expect(() => evaluateFilter(parseFilter(text), doc, USER_RESOURCE_TYPE)).not.toThrow();
      }
    });

    it('on a 50k-term chain, walking it without deep recursion', () => {
      const big = { maxLength: 10_000_000 };
      const ands = parseFilter(Array.from({ length: 50_000 }, () => 'title pr').join(' and '), big);
      validateFilter(ands, USER_RESOURCE_TYPE);
      expect(evaluateFilter(ands, USER, USER_RESOURCE_TYPE)).toBe(true);
      const ors = parseFilter(Array.from({ length: 50_000 }, (_, i) => `userName eq "u${i}"`).join(' or '), big);
      validateFilter(ors, USER_RESOURCE_TYPE);
      expect(evaluateFilter(ors, USER, USER_RESOURCE_TYPE)).toBe(false);
      expect(evaluateFilter(ors, { userName: 'U49999' }, USER_RESOURCE_TYPE)).toBe(true);
      expect(evaluateFilter({ kind: 'not', filter: pr('title') }, USER, USER_RESOURCE_TYPE)).toBe(false);
    });
  });
});
