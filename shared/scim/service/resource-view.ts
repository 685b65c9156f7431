import type { ScimDoc, StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { versionTag } from './version-tag';

/**
 * The resource as clients see it: the stored doc with `id` and `meta` (RFC 7643 §3.1)
 * attached, `schemas` first and `meta` last.
 */
export function withMeta(rt: ResourceTypeDef, r: StoredResource, baseUrl: string): ScimDoc {
  const { schemas, id: _id, meta: _meta, ...rest } = r.doc;
  return {
    schemas: Array.isArray(schemas) ? schemas : [rt.schema.id],
    id: r.id,
    ...rest,
    meta: {
      resourceType: rt.name,
      created: r.created,
      lastModified: r.lastModified,
      location: resourceLocation(rt, r.id, baseUrl),
      version: versionTag(r),
    },
  };
}

export function resourceLocation(rt: ResourceTypeDef, id: string, baseUrl: string): string {
  return `${baseUrl}${rt.endpoint}/${encodeURIComponent(id)}`;
}
