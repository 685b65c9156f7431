import { z } from 'zod';
import type { Config } from '../config';
import { ScimError } from '../scim/errors';

/**
 * The console's sign-in in Azure: App Service Authentication (Easy Auth) signs the admin in with
 * Microsoft Entra ID, keeps the session in its own cookie, and hands each request to Roster with
 * the `X-MS-CLIENT-PRINCIPAL` header (base64 JSON of the session's claims). App Service removes
 * that header from what clients send, so it can be trusted only where App Service Authentication
 * is on: Roster reads it only when ROSTER_CONSOLE_AUTH=appservice, which infra/ sets together with
 * authsettingsV2. Everything here is pure: header text and settings in, identity or ScimError out.
 * https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities
 */

export const PRINCIPAL_HEADER = 'x-ms-client-principal';

/** CSRF guard: a cross-site form cannot set a custom header, and a cross-origin fetch with one needs a preflight that fails. */
export const CONSOLE_HEADER = 'x-roster-console';

/** Far above what Entra's claims take (a group overage caps the groups claim at 200), small enough to parse without care. */
export const MAX_PRINCIPAL_CHARS = 64 * 1024;

const MAX_CLAIMS = 2000;
const MAX_NAME_CHARS = 256;

/** Where App Service's claims mapping may put app roles. */
const ROLE_CLAIM_TYPES = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
const GROUP_CLAIM_TYPE = 'groups';
/** Names to show, best first (name_typ's claim is tried second). */
const NAME_CLAIM_TYPES = ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn', 'email'];

const principalSchema = z.object({
  auth_typ: z.string().optional(),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })).max(MAX_CLAIMS),
});

/** The decoded X-MS-CLIENT-PRINCIPAL header. */
export type ClientPrincipal = z.infer<typeof principalSchema>;

/** Who may open the console: holders of the app role, or members of the group. */
export interface ConsolePolicy {
  adminRole: string;
  /** An Entra group object id (lower-case or not). */
  adminGroupId?: string;
}

/** Decodes the header; anything malformed is 401 with what is wrong, never the header's content. */
export function parseClientPrincipal(header: string): ClientPrincipal {
  const text = header.trim();
  if (text.length > MAX_PRINCIPAL_CHARS) throw malformed(`it is longer than ${MAX_PRINCIPAL_CHARS} characters`);
  if (text === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw malformed('it is not base64');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw malformed('it does not decode to JSON');
  }
  const parsed = principalSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw malformed(`${issue.path.join('.') || 'the principal'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The admin's identity when the principal holds the role or is in the group; 403 naming the account otherwise. */
export function authorizePrincipal(principal: ClientPrincipal, policy: ConsolePolicy): { via: 'app-service'; name: string } {
  const name = displayName(principal);
  const roleTypes = new Set([...ROLE_CLAIM_TYPES, ...(principal.role_typ ? [principal.role_typ] : [])]);
  const hasRole = principal.claims.some((c) => roleTypes.has(c.typ) && c.val === policy.adminRole);
  const group = policy.adminGroupId?.toLowerCase();
  const inGroup = group !== undefined && principal.claims.some((c) => c.typ === GROUP_CLAIM_TYPE && c.val.toLowerCase() === group);
  if (hasRole || inGroup) return { via: 'app-service', name };
  throw ScimError.forbidden(`signed in as ${name}, but not a member of the admin group or app role: ${needs(policy, principal)}`);
}

/** Requests that change something must say they come from the console page (see CONSOLE_HEADER). */
export function checkConsoleHeader(method: string, value: string | null): void {
  if (method === 'GET' || method === 'HEAD') return;
  if (value?.trim() === '1') return;
  throw ScimError.forbidden(
    `a signed-in console session may ${method} only with the header X-Roster-Console: 1 ` +
      '(it guards against cross-site requests riding on the sign-in cookie)',
  );
}

/** What the console page needs to know to offer sign-in: public, no secret. */
export interface ConsoleAuthInfo {
  appService: boolean;
  loginUrl?: string;
  logoutUrl?: string;
}

export function consoleAuthInfo(config: Pick<Config, 'consoleAuth'>): ConsoleAuthInfo {
  if (config.consoleAuth.mode !== 'appservice') return { appService: false };
  return {
    appService: true,
    loginUrl: '/.auth/login/aad?post_login_redirect_uri=/api/console/',
    logoutUrl: '/.auth/logout?post_logout_redirect_uri=/api/console/',
  };
}

function needs(policy: ConsolePolicy, principal: ClientPrincipal): string {
  const role = `the app role "${policy.adminRole}"`;
  if (!policy.adminGroupId) return `ask an administrator to assign you ${role}`;
  const overage = !principal.claims.some((c) => c.typ === GROUP_CLAIM_TYPE) && principal.claims.some((c) => c.typ === 'hasgroups' || c.typ === '_claim_names');
  const hint = overage ? ' (your sign-in carries no group list, as happens with too many groups: use the app role)' : '';
  return `ask an administrator to assign you ${role} or to add you to the group ${policy.adminGroupId.toLowerCase()}${hint}`;
}

function displayName(principal: ClientPrincipal): string {
  const order = ['preferred_username', ...(principal.name_typ ? [principal.name_typ] : []), ...NAME_CLAIM_TYPES];
  for (const typ of order) {
    const value = principal.claims.find((c) => c.typ === typ)?.val;
    const clean = value?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME_CHARS);
    if (clean) return clean;
  }
  return 'an account without a name';
}

function malformed(reason: string): ScimError {
  return ScimError.unauthorized(`the X-MS-CLIENT-PRINCIPAL header from App Service Authentication is malformed: ${reason}; sign in again`);
}
