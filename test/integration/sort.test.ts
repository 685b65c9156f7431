import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { ENT, PATCH_OP, USER } from '../support/scim-wire';

/** Issue #7: sortBy / sortOrder (RFC 7644 §3.4.2.3) end to end. */

let h: Harness;
let token: string;
const names: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  token = await h.newDirectory('sorting');
  const people: Array<[string, Record<string, unknown>]> = [
    ['carol', { name: { familyName: 'bravo' }, externalId: 'B', emails: [{ value: 'z@x.example' }, { value: 'c@x.example', primary: true }], [ENT]: { employeeNumber: '30' } }],
    ['alice', { name: { familyName: 'Alpha' }, externalId: 'a', emails: [{ value: 'a@x.example' }], [ENT]: { employeeNumber: '100' } }],
    ['bob', { name: { familyName: 'Charlie' }, externalId: 'C', emails: [{ value: 'b@x.example', type: 'work' }] }],
    ['dave', { externalId: 'b' }],
    ['erin', { name: { familyName: 'alpha' }, externalId: 'A' }],
  ];
  for (const [userName, extra] of people) {
    const reply = await h.request('POST', '/Users', { token, body: { schemas: [USER], userName, ...extra } });
    expect(reply.status, reply.text).toBe(201);
    names[reply.body.id] = userName;
  }
});
afterAll(async () => {
  await h?.stop();
});

async function sorted(query: string): Promise<string[]> {
  const reply = await h.request('GET', `/Users?${query}`, { token });
  expect(reply.status, reply.text).toBe(200);
  return reply.body.Resources.map((r: { id: string }) => names[r.id]);
}

function expectInvalid(reply: ScimReply, fragment: string): void {
  expect(reply.status).toBe(400);
  expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  expect(reply.body.detail).toContain(fragment);
}

describe('sortBy and sortOrder', () => {
  it('sorts by userName ascending by default and descending on request', async () => {
    expect(await sorted('sortBy=userName')).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(await sorted('sortBy=userName&sortOrder=descending')).toEqual(['erin', 'dave', 'carol', 'bob', 'alice']);
    expect(await sorted('sortby=USERNAME&sortorder=DESCENDING')).toEqual(['erin', 'dave', 'carol', 'bob', 'alice']);
  });

  it('sorts a sub-attribute case-insensitively, stably, with missing values last when ascending', async () => {
    // alice "Alpha" and erin "alpha" are equal (familyName is not caseExact): storage order between them.
    const ascending = await sorted('sortBy=name.familyName');
    expect(ascending.slice(2)).toEqual(['carol', 'bob', 'dave']);
    expect(ascending.slice(0, 2).sort()).toEqual(['alice', 'erin']);
    const descending = await sorted('sortBy=name.familyName&sortOrder=descending');
    expect(descending.slice(0, 3)).toEqual(['dave', 'bob', 'carol']);
    expect(descending.slice(3)).toEqual(ascending.slice(0, 2));
  });

  it('respects caseExact: externalId sorts by code unit, upper case first', async () => {
    expect(await sorted('sortBy=externalId')).toEqual(['erin', 'carol', 'bob', 'alice', 'dave']);
  });

  it('sorts a multi-valued attribute by its primary value, else its first', async () => {
    // carol's primary email is c@, so: a@ (alice), b@ (bob), c@ (carol), then no email.
    expect((await sorted('sortBy=emails.value')).slice(0, 3)).toEqual(['alice', 'bob', 'carol']);
  });

  it('sorts by meta.lastModified and meta.created as instants', async () => {
    const created = await h.request('GET', '/Users?sortBy=meta.created&attributes=meta.created', { token });
    const instants = created.body.Resources.map((r: { meta: { created: string } }) => Date.parse(r.meta.created));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    const patched = Object.keys(names).find((id) => names[id] === 'carol')!;
    const reply = await h.request('PATCH', `/Users/${patched}`, { token, body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } });
    expect(reply.status).toBe(200);
    expect((await sorted('sortBy=meta.lastModified&sortOrder=descending'))[0]).toBe('carol');
  });

  it('sorts an extension attribute as text (employeeNumber is a string)', async () => {
    expect((await sorted(`sortBy=${ENT}:employeeNumber`)).slice(0, 2)).toEqual(['alice', 'carol']);
  });

  it('sorts a filtered, paged list and pages through the sorted order', async () => {
    const page1 = await sorted('sortBy=userName&startIndex=1&count=2');
    const page2 = await sorted('sortBy=userName&startIndex=3&count=2');
    const page3 = await sorted('sortBy=userName&startIndex=5&count=2');
    expect([...page1, ...page2, ...page3]).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(await sorted(`filter=${encodeURIComponent('userName ne "bob"')}&sortBy=userName&sortOrder=descending`)).toEqual(['erin', 'dave', 'carol', 'alice']);
  });

  it('sorts results answered from index rows too', async () => {
    const reply = await h.request('GET', `/Users?filter=${encodeURIComponent('userName eq "bob" or userName eq "alice"')}&sortBy=userName&sortOrder=descending`, { token });
    expect(reply.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(['bob', 'alice']);
  });

  it('ignores sortOrder without sortBy', async () => {
    expect((await h.request('GET', '/Users?sortOrder=descending', { token })).status).toBe(200);
  });

  it('sorts groups by displayName', async () => {
    for (const displayName of ['Zeta', 'alpha', 'Mu']) {
      expect((await h.request('POST', '/Groups', { token, body: { displayName } })).status).toBe(201);
    }
    const reply = await h.request('GET', '/Groups?sortBy=displayName&excludedAttributes=members', { token });
    expect(reply.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['alpha', 'Mu', 'Zeta']);
  });
});

describe('sort parameters that cannot be honoured are 400 invalidValue', () => {
  it.each([
    ['an unknown attribute', 'sortBy=shoeSize', 'shoeSize'],
    ['an unknown sub-attribute', 'sortBy=name.shoeSize', 'name.shoeSize'],
    ['a complex attribute without sub-attribute', 'sortBy=name', 'sub-attribute'],
    ['a multi-valued complex attribute without sub-attribute', 'sortBy=emails', 'sub-attribute'],
    ['an attribute never returned', 'sortBy=password', 'never returned'],
    ['a malformed path', 'sortBy=name..x', 'sortBy'],
    ['an empty sortBy', 'sortBy=', 'sortBy'],
    ['an unknown sortOrder', 'sortBy=userName&sortOrder=sideways', 'sortOrder'],
  ])('%s', async (_label, query, fragment) => {
    expectInvalid(await h.request('GET', `/Users?${query}`, { token }), fragment);
  });

  it('refuses sorting groups by members', async () => {
    expectInvalid(await h.request('GET', '/Groups?sortBy=members.value', { token }), 'members');
  });
});
