import { randomBytes } from 'node:crypto';
import type { MemberRef, ResourceTypeName, ScimDoc, StoredResource } from '../scim/repository';
import { decodeDoc, encodeDoc } from './doc-codec';
import { resourceRow } from './row-keys';
import type { Entity, TablePartition } from './table-partition';

/** Row kinds, stored in `kind` so a range read can tell a resource from its membership rows. */
export const KIND = { resource: 'res', userGroup: 'ug', groupMember: 'gm', index: 'ix' } as const;

/**
 * The resource row: the document split over d0..dN plus plain `id`, `created`, `lastModified`,
 * `version` and `display` (what membership rows show for it, readable with $select).
 */
export function resourceEntity(part: TablePartition, type: ResourceTypeName, id: string, doc: ScimDoc, created: string, lastModified: string, version: string): Entity {
  return part.entity(resourceRow(type, id), { kind: KIND.resource, id, created, lastModified, version, display: displayOf(type, doc), ...encodeDoc(doc) });
}

/** Display names on membership rows are capped well inside Azure's 32K-character property limit. */
const MAX_DISPLAY = 1024;

export function displayOf(type: ResourceTypeName, doc: ScimDoc): string {
  const name = type === 'User' ? (doc.displayName ?? doc.userName) : doc.displayName;
  return typeof name === 'string' ? name.slice(0, MAX_DISPLAY) : '';
}

export function toStored(entity: Entity, groups?: MemberRef[]): StoredResource {
  const etag = String(entity.etag ?? '');
  const stored: StoredResource = {
    id: String(entity.id),
    doc: decodeDoc(entity),
    created: String(entity.created),
    lastModified: String(entity.lastModified),
    version: String(entity.version),
    etag,
  };
  if (groups) stored.groups = groups;
  return stored;
}

/**
 * meta.version: a fresh random tag stored with every change that clients can see (a write of
 * the document, or a membership change of either side). A Merge that only proves a row exists
 * leaves it alone, so checking member ids of a refused request changes nothing observable.
 */
export function newVersion(): string {
  return randomBytes(12).toString('base64url');
}

/** A user row followed by its reverse membership rows (one range read) as a StoredResource. */
export function userFromRows(rows: Entity[]): StoredResource | undefined {
  const entity = rows.find((r) => r.kind === KIND.resource);
  if (!entity) return undefined;
  const groups = rows.filter((r) => r.kind === KIND.userGroup).map((r) => memberRef(String(r.groupId), r.display));
  return toStored(entity, groups);
}

export function memberRef(id: string, display: unknown): MemberRef {
  return typeof display === 'string' && display !== '' ? { id, display } : { id };
}
