import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../shared/config';
import { authorizeAdmin } from '../../../shared/http/admin-key';
import {
  authorizePrincipal,
  checkConsoleHeader,
  consoleAuthInfo,
  MAX_PRINCIPAL_CHARS,
  parseClientPrincipal,
  type ClientPrincipal,
} from '../../../shared/http/console-auth';
import { ScimError } from '../../../shared/scim/errors';

const ADMIN_KEY = 'unit-admin-key-0123456789abcdef0123456789';
const GROUP = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const ROLE_TYP = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/** A principal shaped like the one App Service Authentication sends for Entra ID. */
function principal(claims: Array<[string, string]>, extra: Partial<ClientPrincipal> = {}): ClientPrincipal {
  return {
    auth_typ: 'aad',
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    role_typ: ROLE_TYP,
    claims: claims.map(([typ, val]) => ({ typ, val })),
    ...extra,
  };
}

const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

const ada = (...more: Array<[string, string]>) =>
  principal([['name', 'Ada Lovelace'], ['preferred_username', 'ada@contoso.com'], ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'f1e2d3c4-0000-4000-8000-000000000001'], ...more]);

function thrown(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error('expected a ScimError');
}

describe('parseClientPrincipal', () => {
  it('decodes the claims App Service Authentication sends', () => {
    const sent = ada(['roles', 'Roster.Admin']);
    expect(parseClientPrincipal(encode(sent))).toEqual(sent);
  });

  it('ignores properties it does not use', () => {
    expect(parseClientPrincipal(encode({ claims: [], extra: { deep: true } }))).toEqual({ claims: [] });
  });

  it.each<[string, string, RegExp]>([
    ['empty', '', /not base64/],
    ['not base64', 'eyJjbGFpbXMiOltdfQ==!', /not base64/],
    ['base64 of text that is not JSON', encode('claims: []'), /does not decode to JSON/],
    ['JSON that is not an object', encode('[1,2]'), /expected object/],
    ['a principal without claims', encode({ auth_typ: 'aad' }), /^.*claims: /],
    ['claims that are not a list', encode({ claims: 'roles' }), /claims: /],
    ['a claim whose value is not a string', encode({ claims: [{ typ: 'roles', val: 7 }] }), /claims\.0\.val: /],
    ['too many claims', encode({ claims: Array.from({ length: 2001 }, () => ({ typ: 'g', val: 'x' })) }), /claims: /],
  ])('answers 401 for %s, saying what is wrong', (_, header, reason) => {
    const error = thrown(() => parseClientPrincipal(header));
    expect(error.status).toBe(401);
    expect(error.detail).toMatch(/^the X-MS-CLIENT-PRINCIPAL header from App Service Authentication is malformed: /);
    expect(error.detail).toMatch(reason);
  });

  it('refuses a header above the size cap before decoding it', () => {
    const error = thrown(() => parseClientPrincipal('A'.repeat(MAX_PRINCIPAL_CHARS + 1)));
    expect(error.status).toBe(401);
    expect(error.detail).toContain(`longer than ${MAX_PRINCIPAL_CHARS} characters`);
  });

  it('never echoes the header', () => {
    const secretish = encode('{"claims": "Zm9vYmFyLXNlY3JldC12YWx1ZQ"}');
    expect(thrown(() => parseClientPrincipal(secretish)).detail).not.toContain('Zm9vYmFyLXNlY3JldC12YWx1ZQ');
  });
});

describe('authorizePrincipal', () => {
  const policy = { adminRole: 'Roster.Admin' };

  it.each<[string, [string, string]]>([
    ['the roles claim', ['roles', 'Roster.Admin']],
    ['the long role claim type', [ROLE_TYP, 'Roster.Admin']],
  ])('admits a holder of the app role in %s', (_, claim) => {
    expect(authorizePrincipal(ada(claim), policy)).toEqual({ via: 'app-service', name: 'ada@contoso.com' });
  });

  it("reads roles from the principal's own role_typ", () => {
    const custom = principal([['preferred_username', 'ada@contoso.com'], ['urn:custom:role', 'Roster.Admin']], { role_typ: 'urn:custom:role' });
    expect(authorizePrincipal(custom, policy).via).toBe('app-service');
  });

  it('compares the role value exactly', () => {
    expect(thrown(() => authorizePrincipal(ada(['roles', 'roster.admin']), policy)).status).toBe(403);
    expect(thrown(() => authorizePrincipal(ada(['roles', 'Roster.Admin.Extra']), policy)).status).toBe(403);
    expect(thrown(() => authorizePrincipal(ada(['groups', 'Roster.Admin']), policy)).status).toBe(403);
  });

  it('admits a member of the admin group, in any letter case', () => {
    const withGroup = { ...policy, adminGroupId: GROUP.toUpperCase() };
    expect(authorizePrincipal(ada(['groups', GROUP]), withGroup).via).toBe('app-service');
    expect(authorizePrincipal(ada(['groups', '00000000-0000-4000-8000-000000000000'], ['roles', 'Roster.Admin']), withGroup).via).toBe('app-service');
  });

  it('ignores group claims when no admin group is configured', () => {
    expect(thrown(() => authorizePrincipal(ada(['groups', GROUP]), policy)).status).toBe(403);
  });

  it('answers 403 naming the signed-in account and what it lacks', () => {
    const error = thrown(() => authorizePrincipal(ada(['roles', 'Reader'], ['groups', '00000000-0000-4000-8000-000000000000']), { ...policy, adminGroupId: GROUP }));
    expect(error.status).toBe(403);
    expect(error.scimType).toBeUndefined();
    expect(error.detail).toBe(
      `signed in as ada@contoso.com, but not a member of the admin group or app role: ask an administrator to assign you the app role "Roster.Admin" or to add you to the group ${GROUP}`,
    );
  });

  it('explains a group overage: a sign-in that carries no group list', () => {
    const error = thrown(() => authorizePrincipal(ada(['hasgroups', 'true']), { ...policy, adminGroupId: GROUP }));
    expect(error.detail).toContain('carries no group list');
  });

  it.each<[string, Array<[string, string]>, string]>([
    ['preferred_username first', [['name', 'Ada Lovelace'], ['preferred_username', 'ada@contoso.com']], 'ada@contoso.com'],
    ['the claim name_typ names', [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'ada@example.org'], ['name', 'Ada']], 'ada@example.org'],
    ['the name claim', [['name', 'Ada Lovelace']], 'Ada Lovelace'],
    ['no name at all', [['oid', 'x']], 'an account without a name'],
    ['control characters removed', [['preferred_username', 'ada\r\n@contoso.com\u0000']], 'ada@contoso.com'],
  ])('names the account: %s', (_, claims, expected) => {
    expect(thrown(() => authorizePrincipal(principal(claims), policy)).detail).toContain(`signed in as ${expected}, `);
  });
});

describe('checkConsoleHeader', () => {
  it.each(['GET', 'HEAD'])('lets %s through without the header', (method) => {
    expect(() => checkConsoleHeader(method, null)).not.toThrow();
  });

  it.each(['POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'])('requires X-Roster-Console: 1 on %s', (method) => {
    const error = thrown(() => checkConsoleHeader(method, null));
    expect(error.status).toBe(403);
    expect(error.detail).toContain('X-Roster-Console: 1');
    expect(thrown(() => checkConsoleHeader(method, '0')).status).toBe(403);
    expect(() => checkConsoleHeader(method, '1')).not.toThrow();
  });
});

describe('consoleAuthInfo', () => {
  it('says App Service sign-in is off by default', () => {
    expect(consoleAuthInfo({ consoleAuth: { mode: 'admin-key', adminRole: 'Roster.Admin' } })).toEqual({ appService: false });
  });

  it('gives the sign-in and sign-out URLs when it is on', () => {
    expect(consoleAuthInfo({ consoleAuth: { mode: 'appservice', adminRole: 'Roster.Admin' } })).toEqual({
      appService: true,
      loginUrl: '/.auth/login/aad?post_login_redirect_uri=/api/console/',
      logoutUrl: '/.auth/logout?post_logout_redirect_uri=/api/console/',
    });
  });
});

describe('authorizeAdmin', () => {
  type Settings = Pick<Config, 'adminKey' | 'consoleAuth'>;
  const keyOnly: Settings = { adminKey: ADMIN_KEY, consoleAuth: { mode: 'admin-key', adminRole: 'Roster.Admin' } };
  const appService: Settings = { adminKey: ADMIN_KEY, consoleAuth: { mode: 'appservice', adminRole: 'Roster.Admin', adminGroupId: GROUP } };
  const request = (headers: Record<string, string>, method = 'GET') => new HttpRequest({ method, url: 'http://localhost/api/manage/session', headers });
  const member = encode(ada(['roles', 'Roster.Admin']));

  it('accepts the admin key in X-Roster-Admin-Key, as a bearer token or in x-functions-key', () => {
    expect(authorizeAdmin(request({ 'x-roster-admin-key': ADMIN_KEY }), appService)).toEqual({ via: 'admin-key', name: 'admin key' });
    expect(authorizeAdmin(request({ authorization: `Bearer ${ADMIN_KEY}` }), keyOnly)).toEqual({ via: 'admin-key', name: 'admin key' });
    expect(authorizeAdmin(request({ 'x-functions-key': ADMIN_KEY }), appService)).toEqual({ via: 'admin-key', name: 'admin key' });
  });

  it('refuses a wrong key in X-Roster-Admin-Key even beside a valid session', () => {
    expect(thrown(() => authorizeAdmin(request({ 'x-roster-admin-key': `${ADMIN_KEY}x`, 'x-ms-client-principal': member }), appService)).status).toBe(401);
  });

  it('lets an admin key change things without the console header', () => {
    expect(authorizeAdmin(request({ authorization: `Bearer ${ADMIN_KEY}` }, 'POST'), appService).via).toBe('admin-key');
  });

  it('ignores the principal header unless App Service sign-in is configured', () => {
    const error = thrown(() => authorizeAdmin(request({ 'x-ms-client-principal': member }), keyOnly));
    expect(error.status).toBe(401);
    expect(error.detail).toBe('the management API needs the admin key: Authorization: Bearer <admin key>');
  });

  it('admits a signed-in admin when it is', () => {
    expect(authorizeAdmin(request({ 'x-ms-client-principal': member }), appService)).toEqual({ via: 'app-service', name: 'ada@contoso.com' });
    expect(authorizeAdmin(request({ 'x-ms-client-principal': member, 'x-roster-console': '1' }, 'post'), appService).via).toBe('app-service');
  });

  it('refuses a signed-in admin changing something without the console header', () => {
    expect(thrown(() => authorizeAdmin(request({ 'x-ms-client-principal': member }, 'DELETE'), appService)).status).toBe(403);
  });

  it('judges a presented key alone: a wrong one is 401 beside a valid session', () => {
    const error = thrown(() => authorizeAdmin(request({ authorization: 'Bearer not-the-admin-key', 'x-ms-client-principal': member }), appService));
    expect(error.status).toBe(401);
    expect(error.detail).toBe('the admin key is not valid');
    expect(thrown(() => authorizeAdmin(request({ authorization: 'Basic YWRtaW46eA==', 'x-ms-client-principal': member }), appService)).status).toBe(401);
  });

  it('asks for a session or the admin key when there is neither', () => {
    const error = thrown(() => authorizeAdmin(request({}), appService));
    expect(error.status).toBe(401);
    expect(error.detail).toContain('/.auth/login/aad');
    expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('is 503 without an admin key when only the admin key could open it', () => {
    expect(thrown(() => authorizeAdmin(request({}), { ...keyOnly, adminKey: undefined })).status).toBe(503);
    expect(authorizeAdmin(request({ 'x-ms-client-principal': member }), { ...appService, adminKey: undefined }).via).toBe('app-service');
  });
});
