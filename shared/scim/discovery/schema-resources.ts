import { fullListResponse, type ListResponse } from '../list-response';
import { RESOURCE_TYPES } from '../schema/resource-types';
import type { AttributeDef, SchemaDef } from '../schema/types';
import { trimBaseUrl } from './base-url';

export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/**
 * Every schema a resource type uses, core first, each once. The common attributes
 * (id, externalId, meta) are not listed: RFC 7643 §3.1 defines them for every resource and
 * the §8.7.1 representations leave them out too.
 */
export function publishedSchemas(): SchemaDef[] {
  const all = RESOURCE_TYPES.flatMap((rt) => [rt.schema, ...rt.extensions.map((e) => e.schema)]);
  return all.filter((s, i) => all.findIndex((o) => o.id === s.id) === i);
}

/** RFC 7643 §7: one attribute with every characteristic and no nulls. */
export function attributeResource(def: AttributeDef): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
  };
  if (def.canonicalValues) out.canonicalValues = [...def.canonicalValues];
  if (def.type === 'reference') out.referenceTypes = [...(def.referenceTypes ?? ['external'])];
  if (def.subAttributes) out.subAttributes = def.subAttributes.map(attributeResource);
  return out;
}

/** RFC 7643 §7: a schema as `/Schemas/{id}` returns it. */
export function schemaResource(baseUrl: string, schema: SchemaDef): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeResource),
    meta: { resourceType: 'Schema', location: `${trimBaseUrl(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** RFC 7644 §4: `GET /Schemas`. */
export function schemasList(baseUrl: string): ListResponse<Record<string, unknown>> {
  return fullListResponse(publishedSchemas().map((s) => schemaResource(baseUrl, s)));
}

/** `GET /Schemas/{id}`; the URN compares case-insensitively. Undefined means 404. */
export function schemaById(baseUrl: string, id: string): Record<string, unknown> | undefined {
  const schema = publishedSchemas().find((s) => s.id.toLowerCase() === id.toLowerCase());
  return schema && schemaResource(baseUrl, schema);
}
