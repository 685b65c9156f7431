import { ScimError } from '../scim/errors';
import type { ScimDoc } from '../scim/repository';

/**
 * A resource document is stored as JSON split over string properties d0..dN: Table Storage
 * caps a string property at 32K UTF-16 characters and an entity at 1 MiB (DESIGN.md §3;
 * Azurite does not enforce either, so the app does).
 */
export const CHUNK_CHARS = 32_000;
export const MAX_CHUNKS = 15;
export const MAX_DOC_CHARS = CHUNK_CHARS * MAX_CHUNKS;

export function encodeDoc(doc: ScimDoc): Record<string, string | number> {
  const json = JSON.stringify(doc);
  if (json.length > MAX_DOC_CHARS) {
    throw ScimError.payloadTooLarge(
      `the resource is ${json.length} characters as JSON; Roster stores at most ${MAX_DOC_CHARS} per resource`,
    );
  }
  const props: Record<string, string | number> = { dn: Math.max(1, Math.ceil(json.length / CHUNK_CHARS)) };
  for (let i = 0; i * CHUNK_CHARS < json.length || i === 0; i++) {
    props[`d${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  }
  return props;
}

export function decodeDoc(entity: Record<string, unknown>): ScimDoc {
  const n = Number(entity.dn ?? 1);
  let json = '';
  for (let i = 0; i < n; i++) json += String(entity[`d${i}`] ?? '');
  return JSON.parse(json) as ScimDoc;
}
