import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { ERROR } from '../support/scim-wire';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function expectScimError(reply: { status: number; body: any; headers: Headers }, status: number, scimType?: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/scim+json');
  expect(reply.body.schemas).toEqual([ERROR]);
  expect(reply.body.status).toBe(String(status));
  expect(typeof reply.body.detail).toBe('string');
  if (scimType) expect(reply.body.scimType).toBe(scimType);
}

describe('bad requests get SCIM errors, never a 500', () => {
  it('answers malformed JSON with 400 invalidSyntax', async () => {
    expectScimError(await h.request('POST', '/Users', { raw: '{"userName": "x",' }), 400, 'invalidSyntax');
  });

  it.each([['[]'], ['"text"'], ['42'], ['null']])('answers the non-object body %s with 400', async (raw) => {
    const reply = await h.request('POST', '/Users', { raw });
    expect(reply.status).toBe(400);
    expectScimError(reply, 400);
  });

  it('answers an empty body with 400 invalidSyntax', async () => {
    expectScimError(await h.request('POST', '/Users', { raw: '', headers: { 'Content-Type': 'application/scim+json' } }), 400, 'invalidSyntax');
  });

  it('answers a wrong content type with 415', async () => {
    expectScimError(await h.request('POST', '/Users', { raw: '<user/>', headers: { 'Content-Type': 'application/xml' } }), 415);
  });

  it('accepts application/json with a charset', async () => {
    const reply = await h.request('POST', '/Users', { raw: JSON.stringify({ userName: 'json@contoso.example' }), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(reply.status).toBe(201);
  });

  it('answers an oversized body with 413', async () => {
    const raw = JSON.stringify({ userName: 'big@contoso.example', displayName: 'x'.repeat(1_100_000) });
    expectScimError(await h.request('POST', '/Users', { raw }), 413);
  });

  it('answers an unknown route with a SCIM 404', async () => {
    expectScimError(await h.request('GET', '/Nope'), 404);
    expectScimError(await h.request('GET', '/Users/a/b'), 404);
  });

  it('answers an unsupported method with 405 and Allow', async () => {
    const onCollection = await h.request('DELETE', '/Users');
    expectScimError(onCollection, 405);
    expect(onCollection.headers.get('allow')).toBe('GET, POST');
    const onItem = await h.request('POST', '/Users/some-id', { body: {} });
    expectScimError(onItem, 405);
    expectScimError(await h.request('PUT', '/ServiceProviderConfig', { body: {} }), 405);
  });

  it('answers a PATCH without Operations with 400', async () => {
    const created = await h.request('POST', '/Users', { body: { userName: 'patch-bad@contoso.example' } });
    expectScimError(await h.request('PATCH', `/Users/${created.body.id}`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] } }), 400);
    expectScimError(await h.request('PATCH', `/Users/${created.body.id}`, { body: { Operations: [{ op: 'remove' }] } }), 400, 'noTarget');
    expectScimError(await h.request('PATCH', `/Users/${created.body.id}`, { body: { Operations: [{ op: 'explode', path: 'title' }] } }), 400);
  });

  it('answers a wrongly typed attribute with 400 invalidValue naming it', async () => {
    const reply = await h.request('POST', '/Users', { body: { userName: 'typed@contoso.example', emails: [{ value: 42 }] } });
    expectScimError(reply, 400);
    expect(reply.body.detail).toMatch(/emails/);
  });

  it.each([
    ['an unterminated string of newlines', `userName eq "${'\n'.repeat(5000)}`],
    ['deep nesting', '('.repeat(500) + 'userName pr' + ')'.repeat(500)],
    ['an unknown operator', 'userName xx "a"'],
    ['an unknown attribute', 'shoeSize eq 42'],
  ])('answers a filter with %s with 400 invalidFilter', async (_name, filter) => {
    expectScimError(await h.request('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
  });
});
