import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { ENT, GROUP, PATCH_OP, USER } from '../support/scim-wire';

/** Issue #7, item 4: attributes / excludedAttributes on every answer that carries a resource. */

let h: Harness;
let serial = 0;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function userBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  serial++;
  return {
    schemas: [USER, ENT],
    userName: `proj-${serial}@contoso.example`,
    displayName: 'Pro Jection',
    password: 'never returned',
    emails: [
      { type: 'work', value: `w${serial}@contoso.example`, primary: true },
      { type: 'home', value: `h${serial}@home.example` },
    ],
    [ENT]: { department: 'Finance' },
    ...extra,
  };
}

const q = (text: string) => encodeURIComponent(text);

describe('attributes and excludedAttributes', () => {
  it('shape the answer of POST, PUT and a user PATCH', async () => {
    const created = await h.request('POST', `/Users?attributes=userName`, { body: userBody() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ schemas: [USER], id: created.body.id, userName: created.body.userName });
    const put = await h.request('PUT', `/Users/${created.body.id}?excludedAttributes=emails,meta,${q(`${ENT}:department`)}`, { body: userBody({ userName: created.body.userName }) });
    expect(put.status).toBe(200);
    expect(put.body).not.toHaveProperty('emails');
    expect(put.body).not.toHaveProperty('meta');
    expect(put.body).not.toHaveProperty(ENT);
    expect(put.body.schemas).toEqual([USER]);
    const patched = await h.request('PATCH', `/Users/${created.body.id}?attributes=title`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title', value: 'T' }] } });
    expect(patched.body).toEqual({ schemas: [USER], id: created.body.id, title: 'T' });
  });

  it('never return password, always return id', async () => {
    const created = await h.request('POST', '/Users?attributes=password', { body: userBody() });
    expect(created.body).toEqual({ schemas: [USER], id: created.body.id });
    const excluded = await h.request('GET', `/Users/${created.body.id}?excludedAttributes=id,userName`);
    expect(excluded.body.id).toBe(created.body.id);
    expect(excluded.body).not.toHaveProperty('userName');
    expect(excluded.body).not.toHaveProperty('password');
  });

  it('select elements with a value filter, in attributes and in excludedAttributes', async () => {
    const { body } = await h.request('POST', '/Users', { body: userBody() });
    const work = await h.request('GET', `/Users/${body.id}?attributes=${q('emails[type eq "work"]')}`);
    expect(work.body.emails).toEqual([{ type: 'work', value: body.emails[0].value, primary: true }]);
    const value = await h.request('GET', `/Users/${body.id}?attributes=${q('emails[type eq "work"].value,userName')}`);
    expect(value.body).toEqual({ schemas: [USER], id: body.id, userName: body.userName, emails: [{ value: body.emails[0].value }] });
    const noHome = await h.request('GET', `/Users/${body.id}?excludedAttributes=${q('emails[type eq "home"]')}`);
    expect(noHome.body.emails).toEqual([body.emails[0]]);
    const listed = await h.request('GET', `/Users?filter=${q(`id eq "${body.id}"`)}&attributes=${q('emails[primary eq true].value')}`);
    expect(listed.body.Resources[0].emails).toEqual([{ value: body.emails[0].value }]);
    const none = await h.request('GET', `/Users/${body.id}?attributes=${q('emails[type eq "other"]')}`);
    expect(none.body).not.toHaveProperty('emails');
  });

  it('shape list answers', async () => {
    const { body } = await h.request('POST', '/Users', { body: userBody() });
    const reply = await h.request('GET', `/Users?filter=${q(`userName eq "${body.userName}"`)}&attributes=displayName,${q(`${ENT}:department`)}`);
    expect(reply.body.Resources).toEqual([{ schemas: [USER, ENT], id: body.id, displayName: 'Pro Jection', [ENT]: { department: 'Finance' } }]);
  });

  it('keep the 204 of a group PATCH unless asked, and never echo members unless named', async () => {
    const user = await h.request('POST', '/Users', { body: userBody() });
    const group = await h.request('POST', '/Groups?excludedAttributes=members', { body: { schemas: [GROUP], displayName: `Proj ${serial}`, members: [{ value: user.body.id }] } });
    expect(group.body).not.toHaveProperty('members');
    const ops = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'externalId', value: 'x' }] };
    expect((await h.request('PATCH', `/Groups/${group.body.id}`, { body: ops })).status).toBe(204);
    const asked = await h.request('PATCH', `/Groups/${group.body.id}?attributes=externalId`, { body: ops });
    expect(asked.body).toEqual({ schemas: [GROUP], id: group.body.id, externalId: 'x' });
    const withMembers = await h.request('PATCH', `/Groups/${group.body.id}?attributes=${q(`members[value eq "${user.body.id}"].value`)}`, { body: ops });
    expect(withMembers.body.members).toEqual([{ value: user.body.id }]);
  });

  it('project group members by value filter on GET', async () => {
    const a = await h.request('POST', '/Users', { body: userBody() });
    const b = await h.request('POST', '/Users', { body: userBody() });
    const group = await h.request('POST', '/Groups', { body: { schemas: [GROUP], displayName: `Pair ${serial}`, members: [{ value: a.body.id }, { value: b.body.id }] } });
    const only = await h.request('GET', `/Groups/${group.body.id}?attributes=${q(`members[value eq "${b.body.id}"]`)}`);
    expect(only.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
    expect(only.body).not.toHaveProperty('displayName');
  });

  it.each([
    ['an unknown attribute', 'attributes=shoeSize'],
    ['an unknown excluded attribute', 'excludedAttributes=name.shoeSize'],
    ['a malformed value filter', `attributes=${q('emails[type eq')}`],
    ['a value filter on a simple attribute', `attributes=${q('userName[value eq "x"]')}`],
  ])('refuse %s with 400 invalidValue, before anything is written', async (_label, query) => {
    const body = userBody();
    const reply: ScimReply = await h.request('POST', `/Users?${query}`, { body });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await h.request('GET', `/Users?filter=${q(`userName eq "${body.userName}"`)}`)).body.totalResults).toBe(0);
  });
});
