import { describe, expect, it } from 'vitest';
import { resourceTypeById, resourceTypesList } from '../../../../shared/scim/discovery/resource-type-resources';
import { LIST_RESPONSE_SCHEMA } from '../../../../shared/scim/list-response';
import { ENT } from '../../../support/scim-wire';

const BASE = 'https://roster.example/api/scim/v2/';

function nulls(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value as object).flatMap(([k, v]) => nulls(v, `${path}.${k}`));
}

describe('resourceTypesList', () => {
  const list = resourceTypesList(BASE);

  it('lists User and Group in a ListResponse', () => {
    expect(list).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    expect(list.Resources.map((r) => r.id)).toEqual(['User', 'Group']);
  });

  it('describes User with its endpoint, schema and optional enterprise extension (RFC 7643 §6)', () => {
    expect(list.Resources[0]).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [{ schema: ENT, required: false }],
      meta: { resourceType: 'ResourceType', location: 'https://roster.example/api/scim/v2/ResourceTypes/User' },
    });
  });

  it('has no null values', () => {
    expect(nulls(list)).toEqual([]);
  });
});

describe('resourceTypeById', () => {
  it.each(['Group', 'group'])('finds %s', (id) => {
    expect(resourceTypeById(BASE, id)).toMatchObject({ id: 'Group', endpoint: '/Groups', schemaExtensions: [] });
  });

  it('gives undefined for an unknown id (the caller answers 404)', () => {
    expect(resourceTypeById(BASE, 'Device')).toBeUndefined();
  });
});
