import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryKey } from '../../shared/auth/directory-keys';
import { startHarness, type Harness, type ScimReply } from '../support/harness';
import { GROUP, LIST, USER } from '../support/scim-wire';

/** Issue #7: POST /.search (RFC 7644 §3.4.3) at the root and per resource type. */
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

let h: Harness;
let token: string;
let readOnly: string;
const users: Record<string, string> = {};
const groups: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  token = await h.newDirectory('searching');
  for (const [userName, displayName] of [['ana', 'Ana Lima'], ['ben', 'Ben Ode'], ['cy', 'Cy Twombly']]) {
    const reply = await h.request('POST', '/Users', { token, body: { schemas: [USER], userName, displayName, emails: [{ type: 'work', value: `${userName}@work.example` }, { type: 'home', value: `${userName}@home.example` }] } });
    users[userName] = reply.body.id;
  }
  for (const [displayName, member] of [['Admins', 'ana'], ['Builders', 'ben']]) {
    const reply = await h.request('POST', '/Groups', { token, body: { schemas: [GROUP], displayName, members: [{ value: users[member] }] } });
    groups[displayName] = reply.body.id;
  }
  readOnly = (await createDirectoryKey(h.services, 'searching', { name: 'reader', scope: 'read-only' })).token;
});
afterAll(async () => {
  await h?.stop();
});

function search(path: string, body: Record<string, unknown>, as = token): Promise<ScimReply> {
  return h.request('POST', path, { token: as, body: { schemas: [SEARCH], ...body } });
}

const idsOf = (reply: ScimReply): string[] => reply.body.Resources.map((r: { id: string }) => r.id);

describe('POST /Users/.search and /Groups/.search', () => {
  it('answers like GET with the same parameters', async () => {
    const viaPost = await search('/Users/.search', { filter: 'displayName sw "B" or displayName sw "C"', sortBy: 'userName', sortOrder: 'descending', attributes: ['userName'], count: 5 });
    const viaGet = await h.request('GET', `/Users?filter=${encodeURIComponent('displayName sw "B" or displayName sw "C"')}&sortBy=userName&sortOrder=descending&attributes=userName&count=5`, { token });
    expect(viaPost.status, viaPost.text).toBe(200);
    expect(viaPost.headers.get('content-type')).toBe('application/scim+json');
    expect(viaPost.body).toEqual(viaGet.body);
    expect(viaPost.body).toMatchObject({ schemas: [LIST], totalResults: 2, Resources: [{ userName: 'cy' }, { userName: 'ben' }] });
    expect(Object.keys(viaPost.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
  });

  it('takes attributes as a comma-separated string, field names in any case, numbers as strings', async () => {
    const reply = await search('/Groups/.search', { ATTRIBUTES: 'displayName', Filter: 'displayName eq "admins"', startindex: '1', COUNT: '10' });
    expect(reply.body.Resources).toEqual([{ schemas: [GROUP], id: groups.Admins, displayName: 'Admins' }]);
  });

  it('supports excludedAttributes, value paths in attributes, and cursors', async () => {
    const projected = await search('/Users/.search', { filter: `id eq "${users.ana}"`, attributes: ['emails[type eq "work"].value'] });
    expect(projected.body.Resources[0].emails).toEqual([{ value: 'ana@work.example' }]);
    const first = await search('/Users/.search', { cursor: '', count: 2, sortBy: 'userName', excludedAttributes: ['emails'] });
    expect(first.body.Resources[0]).not.toHaveProperty('emails');
    const second = await search('/Users/.search', { cursor: first.body.nextCursor, count: 2, sortBy: 'userName', excludedAttributes: ['emails'] });
    expect([...idsOf(first), ...idsOf(second)]).toEqual([users.ana, users.ben, users.cy]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('is allowed to a read-only key', async () => {
    const reply = await search('/Users/.search', { filter: 'userName eq "ana"' }, readOnly);
    expect(reply.status, reply.text).toBe(200);
    expect(idsOf(reply)).toEqual([users.ana]);
    expect((await h.request('POST', '/Users', { token: readOnly, body: { schemas: [USER], userName: 'nope' } })).status).toBe(403);
  });

  it('answers GET on /Users/.search with 405', async () => {
    const reply = await h.request('GET', '/Users/.search', { token });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });
});

describe('POST /.search at the root', () => {
  it('lists every user (storage order) then every group, paged across both', async () => {
    const all = await search('/.search', { attributes: ['id'] });
    expect(all.body.totalResults).toBe(5);
    const ids = idsOf(all);
    expect(ids.slice(0, 3).sort()).toEqual(Object.values(users).sort());
    expect(ids.slice(3).sort()).toEqual(Object.values(groups).sort());
    const pages = [];
    for (let start = 1; start <= 5; start += 2) pages.push(...idsOf(await search('/.search', { startIndex: start, count: 2 })));
    expect(pages).toEqual(ids);
  });

  it('pages across both types by cursor', async () => {
    const seen: string[] = [];
    let cursor = '';
    do {
      const reply = await search('/.search', { cursor, count: 2 });
      expect(reply.body.totalResults).toBe(5);
      seen.push(...idsOf(reply));
      cursor = reply.body.nextCursor ?? '';
    } while (cursor !== '');
    expect(seen).toEqual(idsOf(await search('/.search', {})));
  });

  it('applies a filter to each type, attributes a type lacks counting as absent', async () => {
    const byName = await search('/.search', { filter: 'userName eq "ana" or displayName eq "Builders"' });
    expect(idsOf(byName)).toEqual([users.ana, groups.Builders]);
    const withMembers = await search('/.search', { filter: `members eq "${users.ben}"` });
    expect(idsOf(withMembers)).toEqual([groups.Builders]);
  });

  it('merges both types into one order with sortBy', async () => {
    const reply = await search('/.search', { sortBy: 'displayName', attributes: ['displayName'] });
    expect(reply.body.Resources.map((r: { displayName: string }) => r.displayName)).toEqual(['Admins', 'Ana Lima', 'Ben Ode', 'Builders', 'Cy Twombly']);
    expect(reply.body.Resources[0].schemas).toEqual([GROUP]);
    const descending = await search('/.search', { sortBy: 'userName', sortOrder: 'descending', count: 3 });
    // groups have no userName: first when descending
    expect(idsOf(descending).slice(0, 2).sort()).toEqual(Object.values(groups).sort());
    expect(idsOf(descending)[2]).toBe(users.cy);
  });

  it('projects each type with the attributes it defines', async () => {
    const reply = await search('/.search', { attributes: ['userName'] });
    const group = reply.body.Resources.find((r: { id: string }) => r.id === groups.Admins);
    expect(group).toEqual({ schemas: [GROUP], id: groups.Admins });
    const user = reply.body.Resources.find((r: { id: string }) => r.id === users.ana);
    expect(user).toEqual({ schemas: [USER], id: users.ana, userName: 'ana' });
  });

  it('is allowed to a read-only key', async () => {
    expect((await search('/.search', {}, readOnly)).status).toBe(200);
  });

  it.each([
    ['an attribute no type has', { filter: 'shoeSize eq 1' }, 'invalidFilter'],
    ['an unknown sortBy', { sortBy: 'shoeSize' }, 'invalidValue'],
    ['an unknown attribute to return', { attributes: ['shoeSize'] }, 'invalidValue'],
    ['a negative count', { count: -1 }, 'invalidValue'],
    ['a non-integer startIndex', { startIndex: 'abc' }, 'invalidValue'],
    ['a filter that is not a string', { filter: 42 }, 'invalidValue'],
    ['a cursor with startIndex', { cursor: '', startIndex: 2 }, 'invalidValue'],
  ])('refuses %s with 400', async (_label, body, scimType) => {
    const reply = await search('/.search', body);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType });
  });

  it('refuses a body that is not a SearchRequest', async () => {
    expect((await h.request('POST', '/.search', { token, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] } })).body.scimType).toBe('invalidSyntax');
    expect((await h.request('POST', '/.search', { token, raw: '[]' })).status).toBe(400);
    expect((await h.request('GET', '/.search', { token })).status).toBe(405);
  });
});
