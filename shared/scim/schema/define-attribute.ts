import type { AttributeDef, AttributeType } from './types';

type Characteristics = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>;

/**
 * An attribute definition with the RFC 7643 §2.2 defaults filled in (singular, optional,
 * caseExact false, readWrite, returned default, uniqueness none), so schema files only
 * state what differs. Every definition therefore carries every characteristic.
 */
export function defineAttribute(
  name: string,
  type: AttributeType,
  description: string,
  characteristics: Characteristics = {},
): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...characteristics,
  };
}

/**
 * The sub-attributes RFC 7643 §2.4 gives most multi-valued attributes: value, display,
 * type (with its canonical values) and primary.
 */
export function multiValuedParts(
  what: string,
  typeValues: string[] | undefined,
  value: Partial<Pick<AttributeDef, 'type' | 'referenceTypes' | 'caseExact'>> = {},
): AttributeDef[] {
  const typeChars: Characteristics = typeValues ? { canonicalValues: typeValues } : {};
  return [
    defineAttribute('value', value.type ?? 'string', `The value of the ${what}.`, {
      ...(value.referenceTypes ? { referenceTypes: value.referenceTypes } : {}),
      ...(value.caseExact !== undefined ? { caseExact: value.caseExact } : {}),
    }),
    defineAttribute('display', 'string', `A human-readable name for the ${what}, for display only.`),
    defineAttribute('type', 'string', `A label indicating the ${what}'s function.`, typeChars),
    defineAttribute('primary', 'boolean', `Whether this is the preferred ${what}; at most one is true.`),
  ];
}
