import { describe, expect, it } from 'vitest';
import { schemaById, schemasList } from '../../../../shared/scim/discovery/schema-resources';
import { ENT } from '../../../support/scim-wire';

const BASE = 'https://roster.example/api/scim/v2/';

function nulls(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value as object).flatMap(([k, v]) => nulls(v, `${path}.${k}`));
}

function attributes(resource: Record<string, unknown>): Record<string, unknown>[] {
  const walk = (attrs: Record<string, unknown>[]): Record<string, unknown>[] =>
    attrs.flatMap((a) => [a, ...walk((a.subAttributes as Record<string, unknown>[]) ?? [])]);
  return walk(resource.attributes as Record<string, unknown>[]);
}

describe('schemasList', () => {
  const list = schemasList(BASE);

  it('lists the User, enterprise User and Group schemas', () => {
    expect(list.totalResults).toBe(3);
    expect(list.Resources.map((s) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      ENT,
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
  });

  it.each(list.Resources.map((s) => [s.id as string, s]))('%s carries every characteristic on every attribute', (_id, schema) => {
    for (const a of attributes(schema)) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining([
        'name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness',
      ]));
      if (a.type === 'complex') expect(a.subAttributes).toEqual(expect.any(Array));
      if (a.type === 'reference') expect(a.referenceTypes).toEqual(expect.any(Array));
    }
  });

  it('has no null values', () => {
    expect(nulls(list)).toEqual([]);
  });

  it('locates each schema under the base URL', () => {
    expect(list.Resources[1].meta).toEqual({ resourceType: 'Schema', location: `https://roster.example/api/scim/v2/Schemas/${ENT}` });
  });
});

describe('schemaById', () => {
  it('finds a schema by its URN in any case', () => {
    const schema = schemaById(BASE, ENT.toUpperCase());
    expect(schema?.id).toBe(ENT);
    const manager = (schema?.attributes as Record<string, unknown>[]).find((a) => a.name === 'manager');
    expect(manager).toMatchObject({ type: 'complex', subAttributes: expect.arrayContaining([expect.objectContaining({ name: 'displayName', mutability: 'readOnly' })]) });
  });

  it('publishes password as writeOnly and returned never', () => {
    const user = schemaById(BASE, 'urn:ietf:params:scim:schemas:core:2.0:User');
    expect((user?.attributes as Record<string, unknown>[]).find((a) => a.name === 'password')).toMatchObject({
      mutability: 'writeOnly', returned: 'never',
    });
  });

  it('gives undefined for an unknown URN', () => {
    expect(schemaById(BASE, 'urn:ietf:params:scim:schemas:core:2.0:Device')).toBeUndefined();
  });
});
