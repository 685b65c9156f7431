import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import type { Config } from '../config';
import { ScimError } from '../scim/errors';
import { authorizePrincipal, checkConsoleHeader, CONSOLE_HEADER, parseClientPrincipal, PRINCIPAL_HEADER } from './console-auth';

/** The header the CLI and the console send the admin key in. */
export const ADMIN_KEY_HEADER = 'x-roster-admin-key';

/** Who got through the management API's authorization, and how. */
export type AdminIdentity =
  /** The admin key (CLI, scripts, the console when run locally). */
  | { via: 'admin-key'; name: string }
  /** A console session signed in by App Service Authentication, holding the admin role or group. */
  | { via: 'app-service'; name: string };

/**
 * The management API's authorization, for every caller (CLI, console, scripts):
 *
 * - The admin key (ROSTER_ADMIN_KEY; in Azure a Key Vault secret), as `X-Roster-Admin-Key: <key>`
 *   (what the CLI and the console send: App Service Authentication, when on, leaves a custom
 *   header alone, whereas it may try to validate any bearer token it sees), `Authorization: Bearer
 *   <key>` or `x-functions-key: <key>` (the header Functions host keys use). Compared in constant
 *   time. A directory key never matches it, so SCIM credentials never open the management API.
 * - Only with ROSTER_CONSOLE_AUTH=appservice (set by infra/ together with App Service
 *   Authentication, which strips the header from client requests): the signed-in session's
 *   X-MS-CLIENT-PRINCIPAL, if it holds the admin app role or group. That session is a cookie, so
 *   a request that changes something must also carry X-Roster-Console: 1 (console-auth.ts).
 *
 * A presented key decides on its own: a wrong key is 401 even beside a valid session.
 */
export function authorizeAdmin(request: HttpRequest, config: Pick<Config, 'adminKey' | 'consoleAuth'>): AdminIdentity {
  const presented = presentedKey(request);
  if (presented !== undefined) return checkAdminKey(presented, config.adminKey);
  const appService = config.consoleAuth.mode === 'appservice';
  const principal = appService ? request.headers.get(PRINCIPAL_HEADER) : null;
  if (principal !== null) {
    const identity = authorizePrincipal(parseClientPrincipal(principal), config.consoleAuth);
    checkConsoleHeader(request.method.toUpperCase(), request.headers.get(CONSOLE_HEADER));
    return identity;
  }
  if (appService) {
    throw ScimError.unauthorized('the management API needs a signed-in console session (/.auth/login/aad) or the admin key: Authorization: Bearer <admin key>');
  }
  if (!config.adminKey) throw disabled();
  throw ScimError.unauthorized('the management API needs the admin key: Authorization: Bearer <admin key>');
}

function checkAdminKey(presented: string, adminKey: string | undefined): AdminIdentity {
  if (!adminKey) throw disabled();
  if (!sameSecret(presented, adminKey)) throw ScimError.unauthorized('the admin key is not valid');
  return { via: 'admin-key', name: 'admin key' };
}

function disabled(): ScimError {
  return ScimError.unavailable('the management API is disabled: ROSTER_ADMIN_KEY is not set', 3600);
}

/** The key in X-Roster-Admin-Key, x-functions-key or a Bearer authorization; undefined when none is sent. */
function presentedKey(request: HttpRequest): string | undefined {
  const header = request.headers.get(ADMIN_KEY_HEADER) ?? request.headers.get('x-functions-key');
  if (header) return header.trim();
  const authorization = request.headers.get('authorization');
  if (!authorization) return undefined;
  // Any Authorization header is an attempt at a credential: one that is not `Bearer <key>` fails as a wrong key.
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1] ?? '';
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
