import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetServices } from '../../shared/http/services';
import { ADMIN_KEY, startHarness, type Harness } from '../support/harness';

/**
 * The console's sign-in through the real management API over HTTP: the admin key, and, only
 * where App Service Authentication is configured (ROSTER_CONSOLE_AUTH=appservice), the
 * X-MS-CLIENT-PRINCIPAL header App Service would inject for a signed-in session.
 */
let h: Harness;
const GROUP = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const SETTINGS = ['ROSTER_CONSOLE_AUTH', 'ROSTER_CONSOLE_ADMIN_ROLE', 'ROSTER_CONSOLE_ADMIN_GROUP'];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const name of SETTINGS) delete process.env[name];
  await h?.stop();
});

/** Changes console settings; the next request rebuilds the services from the environment. */
function configure(settings: Record<string, string | undefined>): void {
  for (const name of SETTINGS) delete process.env[name];
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) process.env[name] = value;
  resetServices();
}

function principal(username: string, claims: Array<[string, string]>): string {
  const body = {
    auth_typ: 'aad',
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
    claims: [['name', username.split('@')[0]!], ['preferred_username', username], ...claims].map(([typ, val]) => ({ typ, val })),
  };
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

const roleMember = principal('ada@contoso.com', [['roles', 'Roster.Admin']]);
const groupMember = principal('grace@contoso.com', [['groups', GROUP]]);
const outsider = principal('eve@contoso.com', [['roles', 'Reader'], ['groups', '00000000-0000-4000-8000-000000000000']]);

async function manage(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const init: RequestInit = { method, headers: { ...headers }, signal: AbortSignal.timeout(20_000) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${h.tenantUrl.replace('/scim/v2', '')}/manage${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const session = (headers: Record<string, string>) => manage('GET', '/session', headers);

describe('without App Service sign-in (the default, and npm start)', () => {
  beforeAll(() => configure({}));

  it('opens the management API with the admin key', async () => {
    const reply = await session({ Authorization: `Bearer ${ADMIN_KEY}` });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ signedIn: true, via: 'admin-key', name: 'admin key' });
  });

  it('ignores the principal header: anyone could send it', async () => {
    const reply = await session({ 'X-MS-CLIENT-PRINCIPAL': roleMember });
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toBe('the management API needs the admin key: Authorization: Bearer <admin key>');
  });

  it('never takes a directory key', async () => {
    expect((await session({ Authorization: `Bearer ${h.token}` })).status).toBe(401);
  });
});

describe('with App Service sign-in (ROSTER_CONSOLE_AUTH=appservice)', () => {
  beforeAll(() => configure({ ROSTER_CONSOLE_AUTH: 'appservice', ROSTER_CONSOLE_ADMIN_GROUP: GROUP }));

  it('lets in a holder of the admin app role, by name', async () => {
    const reply = await session({ 'X-MS-CLIENT-PRINCIPAL': roleMember });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ signedIn: true, via: 'app-service', name: 'ada@contoso.com' });
  });

  it('lets in a member of the admin group', async () => {
    const reply = await session({ 'X-MS-CLIENT-PRINCIPAL': groupMember });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ via: 'app-service', name: 'grace@contoso.com' });
  });

  it('refuses a signed-in user with neither as 403, saying who they are', async () => {
    const reply = await session({ 'X-MS-CLIENT-PRINCIPAL': outsider });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403' });
    expect(reply.body.detail).toMatch(/^signed in as eve@contoso\.com, but not a member of the admin group or app role: /);
    expect(reply.body.detail).toContain('"Roster.Admin"');
  });

  it.each([
    ['not base64', '%%%'],
    ['not JSON', Buffer.from('not json').toString('base64')],
    ['without claims', Buffer.from('{"auth_typ":"aad"}').toString('base64')],
  ])('answers a malformed header (%s) with 401, not 500', async (_, header) => {
    const reply = await session({ 'X-MS-CLIENT-PRINCIPAL': header });
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toMatch(/^the X-MS-CLIENT-PRINCIPAL header from App Service Authentication is malformed: /);
  });

  it('asks for a session or the admin key when there is neither', async () => {
    const reply = await session({});
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toContain('/.auth/login/aad');
  });

  it('refuses a change from a session without X-Roster-Console: 1 (CSRF), and nothing is written', async () => {
    const reply = await manage('POST', '/directories', { 'X-MS-CLIENT-PRINCIPAL': roleMember }, { id: 'csrf-refused', displayName: 'x' });
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toContain('X-Roster-Console: 1');
    expect(await h.services.directories.getDirectory('csrf-refused')).toBeUndefined();
  });

  it('makes the change when the console sends the header', async () => {
    const headers = { 'X-MS-CLIENT-PRINCIPAL': roleMember, 'X-Roster-Console': '1' };
    const created = await manage('POST', '/directories', headers, { id: 'console-made', displayName: 'Console' });
    expect(created.status).toBe(201);
    expect((await manage('DELETE', '/directories/console-made', headers)).status).toBe(200);
  });

  it('still takes the admin key, which needs no console header', async () => {
    const reply = await manage('POST', '/directories', { Authorization: `Bearer ${ADMIN_KEY}` }, { id: 'key-made', displayName: 'Key' });
    expect(reply.status).toBe(201);
  });

  it('never takes a directory key, even beside a valid session', async () => {
    expect((await session({ Authorization: `Bearer ${h.token}` })).status).toBe(401);
    expect((await session({ 'x-functions-key': h.token })).status).toBe(401);
    expect((await session({ Authorization: `Bearer ${h.token}`, 'X-MS-CLIENT-PRINCIPAL': roleMember })).status).toBe(401);
  });

  it('does not open the SCIM API with a session', async () => {
    const reply = await h.request('GET', '/Users', { token: null, headers: { 'X-MS-CLIENT-PRINCIPAL': roleMember } });
    expect(reply.status).toBe(401);
  });
});
