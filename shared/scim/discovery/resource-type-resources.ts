import { fullListResponse, type ListResponse } from '../list-response';
import { RESOURCE_TYPES, resourceTypeByName } from '../schema/resource-types';
import type { ResourceTypeDef } from '../schema/types';
import { trimBaseUrl } from './base-url';

export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

/** RFC 7643 §6: a resource type as `/ResourceTypes/{id}` returns it. */
export function resourceTypeResource(baseUrl: string, rt: ResourceTypeDef): Record<string, unknown> {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.id,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema.id,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${trimBaseUrl(baseUrl)}/ResourceTypes/${rt.id}` },
  };
}

/** RFC 7644 §4: `GET /ResourceTypes`. */
export function resourceTypesList(baseUrl: string): ListResponse<Record<string, unknown>> {
  return fullListResponse(RESOURCE_TYPES.map((rt) => resourceTypeResource(baseUrl, rt)));
}

/** `GET /ResourceTypes/{id}` ("User", "Group", any case). Undefined means 404. */
export function resourceTypeById(baseUrl: string, id: string): Record<string, unknown> | undefined {
  const rt = resourceTypeByName(id);
  return rt && resourceTypeResource(baseUrl, rt);
}
