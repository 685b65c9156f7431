import type { MemberRef, ScimDoc, StoredResource } from '../repository';
import type { ResourceTypeDef } from '../schema/types';
import { versionTag } from './version-tag';

/**
 * The resource as clients see it: the stored doc with `id` and `meta` (RFC 7643 §3.1)
 * attached, a user's readOnly `groups` from its reverse membership rows, `schemas` first and
 * `meta` last. Group `members` are added by the caller, who decides whether to read them.
 */
export function withMeta(rt: ResourceTypeDef, r: StoredResource, baseUrl: string): ScimDoc {
  const { schemas, id: _id, meta: _meta, groups: _groups, members: _members, ...rest } = r.doc;
  const view: ScimDoc = { schemas: Array.isArray(schemas) ? schemas : [rt.schema.id], id: r.id, ...rest };
  if (r.groups && r.groups.length > 0) view.groups = r.groups.map((g) => memberView(g, baseUrl, '/Groups', 'direct'));
  view.meta = {
    resourceType: rt.name,
    created: r.created,
    lastModified: r.lastModified,
    location: resourceLocation(rt, r.id, baseUrl),
    version: versionTag(r),
  };
  return view;
}

/** A `members` or `groups` element: value, $ref, display (when known) and type. */
export function memberView(ref: MemberRef, baseUrl: string, endpoint: string, type: string): ScimDoc {
  const view: ScimDoc = { value: ref.id, $ref: `${baseUrl}${endpoint}/${encodeURIComponent(ref.id)}` };
  if (ref.display !== undefined) view.display = ref.display;
  view.type = type;
  return view;
}

export function resourceLocation(rt: ResourceTypeDef, id: string, baseUrl: string): string {
  return `${baseUrl}${rt.endpoint}/${encodeURIComponent(id)}`;
}
