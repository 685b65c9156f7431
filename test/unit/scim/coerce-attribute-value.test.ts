import { describe, expect, it } from 'vitest';
import { coerceAttributeValue } from '../../../shared/scim/coerce-attribute-value';
import { defineAttribute } from '../../../shared/scim/schema/define-attribute';
import { ENTERPRISE_USER_SCHEMA } from '../../../shared/scim/schema/enterprise-user-schema';
import type { AttributeDef, AttributeType } from '../../../shared/scim/schema/types';
import { USER_SCHEMA } from '../../../shared/scim/schema/user-schema';
import { scimErrorOf } from './scim-error-of';

const userAttr = (name: string): AttributeDef => USER_SCHEMA.attributes.find((a) => a.name === name)!;
const manager = ENTERPRISE_USER_SCHEMA.attributes.find((a) => a.name === 'manager')!;
const simple = (type: AttributeType) => defineAttribute('x', type, 'test');

describe('coerceAttributeValue', () => {
  it.each<[string, AttributeDef, unknown, unknown]>([
    ['"True" as a boolean', userAttr('active'), 'True', true],
    ['"FALSE" as a boolean', userAttr('active'), 'FALSE', false],
    ['a boolean as is', userAttr('active'), false, false],
    ['an empty string as is', userAttr('displayName'), '', ''],
    ['an integer', simple('integer'), 12, 12],
    ['a decimal', simple('decimal'), 1.5, 1.5],
    ['a dateTime as sent', simple('dateTime'), '2024-01-31T12:00:00.5+01:00', '2024-01-31T12:00:00.5+01:00'],
    ['a reference', userAttr('profileUrl'), 'https://x.example/ana', 'https://x.example/ana'],
    ['null as undefined', userAttr('displayName'), null, undefined],
    ['a singular value for a multi-valued attribute, wrapped', userAttr('emails'), { value: 'a@x' }, [{ value: 'a@x' }]],
    ['a bare string for a multi-valued complex attribute', userAttr('emails'), 'a@x', [{ value: 'a@x' }]],
    ['"True" primary inside elements', userAttr('roles'), [{ value: 'r', primary: 'True' }], [{ value: 'r', primary: true }]],
    ['null and emptied elements, dropped', userAttr('emails'), [null, { value: null }, { value: 'a@x' }], [{ value: 'a@x' }]],
    ['an empty array as is', userAttr('roles'), [], []],
    ['a one-element array for a singular complex attribute', manager, [{ value: 'm' }], { value: 'm' }],
    ['a bare string for manager', manager, 'm', { value: 'm' }],
    ['an empty string for manager (the caller decides)', manager, '', { value: '' }],
    ['an empty array for manager as undefined', manager, [], undefined],
    ['manager with only a readOnly displayName as undefined', manager, { displayName: 'Boss' }, undefined],
    ['sub-attribute names in canonical spelling', userAttr('name'), { GIVENNAME: 'Ana', bogus: 1 }, { givenName: 'Ana' }],
  ])('takes %s', (_label, def, value, expected) => {
    expect(coerceAttributeValue(def, value, 'x')).toEqual(expected);
  });

  it.each<[string, AttributeDef, unknown, string]>([
    ['a number for a string', userAttr('userName'), 5, 'userName: expected a string'],
    ['"yes" for a boolean', userAttr('active'), 'yes', 'active: expected a boolean'],
    ['1 for a boolean', userAttr('active'), 1, 'active: expected a boolean'],
    ['"12" for an integer', simple('integer'), '12', 'x: expected an integer'],
    ['1.5 for an integer', simple('integer'), 1.5, 'x: expected an integer'],
    ['a string for a decimal', simple('decimal'), '1.5', 'x: expected a number'],
    ['a date without time', simple('dateTime'), '2024-01-31', 'x: expected an xsd:dateTime such as 2024-01-31T12:00:00Z'],
    ['an impossible date', simple('dateTime'), '2024-13-45T99:00:00Z', 'x: expected an xsd:dateTime such as 2024-01-31T12:00:00Z'],
    ['an object for a reference', userAttr('profileUrl'), {}, 'profileUrl: expected a reference (a string)'],
    ['two managers', manager, [{ value: 'a' }, { value: 'b' }], 'manager: expected a single value, not an array'],
    ['a nested array element', userAttr('emails'), [[{ value: 'a' }]], 'emails[0]: expected a single value, not an array'],
    ['a string for name (no value sub-attribute)', userAttr('name'), 'Ana', 'name: expected an object'],
    ['a wrongly typed sub-attribute', userAttr('phoneNumbers'), [{ value: 'p' }, { value: 'q', primary: 'maybe' }], 'phoneNumbers[1].primary: expected a boolean'],
    ['an object where manager.value expects a string', manager, { value: { id: 'm' } }, 'manager.value: expected a string'],
  ])('rejects %s as invalidValue', (_label, def, value, detail) => {
    expect(scimErrorOf(() => coerceAttributeValue(def, value, def.name))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: detail,
    });
  });
});
