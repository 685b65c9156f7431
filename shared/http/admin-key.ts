import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import { ScimError } from '../scim/errors';

/**
 * The management API's credential: the admin key (ROSTER_ADMIN_KEY; in Azure a Key Vault
 * secret). Accepted as `Authorization: Bearer <key>` or `x-functions-key: <key>` (the header
 * Functions host keys use). Compared in constant time; a directory key never matches it.
 */
/** Who got through the management API's authorization, and how. */
export interface AdminIdentity {
  via: 'admin-key';
  /** A name to show (the console's header). */
  name: string;
}

export function checkAdminKey(request: HttpRequest, adminKey: string | undefined): AdminIdentity {
  if (!adminKey) throw ScimError.unavailable('the management API is disabled: ROSTER_ADMIN_KEY is not set', 3600);
  const presented = presentedKey(request);
  if (!presented) throw ScimError.unauthorized('the management API needs the admin key: Authorization: Bearer <admin key>');
  if (!sameSecret(presented, adminKey)) throw ScimError.unauthorized('the admin key is not valid');
  return { via: 'admin-key', name: 'admin key' };
}

function presentedKey(request: HttpRequest): string | undefined {
  const header = request.headers.get('x-functions-key');
  if (header) return header.trim();
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
