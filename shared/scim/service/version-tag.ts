import type { StoredResource } from '../repository';

/** meta.version and the ETag header (RFC 7644 §3.14): a weak tag of the write counter. */
export function versionTag(r: Pick<StoredResource, 'version'>): string {
  return `W/"${r.version}"`;
}
