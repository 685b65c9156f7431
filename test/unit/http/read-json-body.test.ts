import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { readJsonBody } from '../../../shared/http/read-json-body';
import { ScimError } from '../../../shared/scim/errors';
import { scimRejectionOf } from '../scim/scim-error-of';

const URL = 'http://localhost/api/scim/v2/Users';
const LIMIT = 1024;
const USER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ana@contoso.example' };

/** A POST with a string body; `undefined` headers are left out. */
function post(body: string, headers: Record<string, string | undefined> = { 'content-type': 'application/scim+json' }): HttpRequest {
  const defined = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  return new HttpRequest({ method: 'POST', url: URL, headers: defined, body: { string: body } });
}

/** A POST with a byte body, so that no Content-Type is implied (a string body implies text/plain). */
function postBytes(bytes: Uint8Array, headers: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({ method: 'POST', url: URL, headers, body: { bytes } });
}

const rejection = (promise: Promise<unknown>): Promise<ScimError> => scimRejectionOf(promise, 'the body to be refused');

describe('readJsonBody', () => {
  describe('content type', () => {
    it.each([
      'application/scim+json',
      'application/json',
      'application/scim+json; charset=utf-8',
      'application/json;charset=UTF-8',
      'Application/SCIM+JSON',
      'APPLICATION/JSON; CHARSET=utf-8',
      '  application/scim+json  ; charset="utf-8"',
    ])('accepts %s', async (contentType) => {
      await expect(readJsonBody(post(JSON.stringify(USER), { 'content-type': contentType }), LIMIT)).resolves.toEqual(USER);
    });

    it('reads a body without a Content-Type as JSON', async () => {
      const request = postBytes(Buffer.from(JSON.stringify(USER)));
      expect(request.headers.get('content-type')).toBeNull();
      await expect(readJsonBody(request, LIMIT)).resolves.toEqual(USER);
    });

    it.each(['text/plain', 'text/plain;charset=UTF-8', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/scim+jsonx', 'application/jsonp'])(
      'refuses %s with 415',
      async (contentType) => {
        const error = await rejection(readJsonBody(post(JSON.stringify(USER), { 'content-type': contentType }), LIMIT));
        expect(error.status).toBe(415);
        expect(error.scimType).toBeUndefined();
      },
    );

    it('names the refused media type, lower-cased and without parameters', async () => {
      const error = await rejection(readJsonBody(post('{}', { 'content-type': 'Text/XML; charset=utf-8' }), LIMIT));
      expect(error.detail).toContain('text/xml');
      expect(error.detail).toContain('application/scim+json');
    });

    it('refuses the media type before it looks at the size', async () => {
      const error = await rejection(readJsonBody(post('x'.repeat(LIMIT + 1), { 'content-type': 'text/plain' }), LIMIT));
      expect(error.status).toBe(415);
    });
  });

  describe('size', () => {
    it('refuses a declared Content-Length over the limit with 413', async () => {
      const request = post('{}', { 'content-type': 'application/scim+json', 'content-length': String(LIMIT + 1) });
      const error = await rejection(readJsonBody(request, LIMIT));
      expect(error.status).toBe(413);
      expect(error.scimType).toBeUndefined();
      expect(error.detail).toContain(String(LIMIT));
    });

    it('refuses a body whose actual bytes exceed the limit even when Content-Length understates it', async () => {
      const body = JSON.stringify({ userName: 'x'.repeat(LIMIT) });
      const request = post(body, { 'content-type': 'application/scim+json', 'content-length': '10' });
      expect((await rejection(readJsonBody(request, LIMIT))).status).toBe(413);
    });

    it('refuses a body over the limit without Content-Length', async () => {
      const request = post(JSON.stringify({ userName: 'x'.repeat(LIMIT) }));
      expect(request.headers.get('content-length')).toBeNull();
      expect((await rejection(readJsonBody(request, LIMIT))).status).toBe(413);
    });

    it('counts bytes, not characters: 600 two-byte characters exceed 1,024 bytes', async () => {
      const body = JSON.stringify({ s: 'é'.repeat(600) });
      expect(body.length).toBeLessThan(LIMIT);
      expect((await rejection(readJsonBody(post(body), LIMIT))).status).toBe(413);
    });

    it('accepts a body of exactly the limit', async () => {
      const prefix = '{"s":"';
      const body = `${prefix}${'x'.repeat(LIMIT - prefix.length - 2)}"}`;
      expect(Buffer.byteLength(body)).toBe(LIMIT);
      const request = post(body, { 'content-type': 'application/scim+json', 'content-length': String(LIMIT) });
      await expect(readJsonBody(request, LIMIT)).resolves.toEqual(JSON.parse(body));
    });

    it('ignores a Content-Length that is not a number and measures the body', async () => {
      const request = post('{"a":1}', { 'content-type': 'application/scim+json', 'content-length': 'lots' });
      await expect(readJsonBody(request, LIMIT)).resolves.toEqual({ a: 1 });
    });
  });

  describe('text', () => {
    it('skips a UTF-8 byte order mark', async () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(USER))]);
      await expect(readJsonBody(postBytes(bytes, { 'content-type': 'application/scim+json' }), LIMIT)).resolves.toEqual(USER);
    });

    it('decodes UTF-8, astral characters included', async () => {
      await expect(readJsonBody(post('{"displayName":"Zoë 😀"}'), LIMIT)).resolves.toEqual({ displayName: 'Zoë 😀' });
    });

    it('keeps surrounding whitespace out of the way', async () => {
      await expect(readJsonBody(post('\r\n  {"a":true}\n\n'), LIMIT)).resolves.toEqual({ a: true });
    });

    it.each<[string, () => HttpRequest]>([
      ['an empty body', () => post('')],
      ['a body of whitespace', () => post(' \r\n\t ')],
      ['a body that is only a BOM', () => postBytes(Buffer.from([0xef, 0xbb, 0xbf]), { 'content-type': 'application/json' })],
      ['no body at all', () => new HttpRequest({ method: 'POST', url: URL, headers: { 'content-type': 'application/scim+json' } })],
    ])('refuses %s with 400 invalidSyntax', async (_, request) => {
      const error = await rejection(readJsonBody(request(), LIMIT));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidSyntax');
      expect(error.detail).toContain('empty');
    });

    it.each(['{', '{"userName":}', "{'userName':'a'}", '{"a":1,}', 'userName=ana', '{"a":1}}', '<User/>'])(
      'refuses malformed JSON %j with 400 invalidSyntax',
      async (body) => {
        const error = await rejection(readJsonBody(post(body), LIMIT));
        expect(error.status).toBe(400);
        expect(error.scimType).toBe('invalidSyntax');
        expect(error.detail).toContain('not valid JSON');
      },
    );
  });
});
