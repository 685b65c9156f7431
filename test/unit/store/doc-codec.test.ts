import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, decodeDoc, encodeDoc, MAX_CHUNKS, MAX_DOC_CHARS } from '../../../shared/store/doc-codec';
import { scimErrorOf } from '../scim/scim-error-of';

/** `{"s":"…"}` is 8 characters around the string. */
const WRAPPER_CHARS = JSON.stringify({ s: '' }).length;

/** A doc whose JSON is exactly `chars` characters long. */
function docOfLength(chars: number): { s: string } {
  return { s: 'x'.repeat(chars - WRAPPER_CHARS) };
}

function chunks(props: Record<string, string | number>): string[] {
  return Object.keys(props)
    .filter((k) => /^d\d+$/.test(k))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((k) => String(props[k]));
}

describe('encodeDoc / decodeDoc', () => {
  it('limits: 32,000 characters a chunk (under the 32K property cap), 15 chunks, 480,000 characters', () => {
    expect(CHUNK_CHARS).toBeLessThanOrEqual(32 * 1024);
    expect(MAX_DOC_CHARS).toBe(CHUNK_CHARS * MAX_CHUNKS);
    // 15 chunks of UTF-16 stay under the 1 MiB entity limit with room for the other properties.
    expect(MAX_DOC_CHARS * 2).toBeLessThan(1024 * 1024 - 64 * 1024);
  });

  it('stores a small doc in d0 with dn = 1', () => {
    expect(encodeDoc({ userName: 'ana' })).toEqual({ dn: 1, d0: '{"userName":"ana"}' });
  });

  it('stores an empty doc as one chunk', () => {
    expect(encodeDoc({})).toEqual({ dn: 1, d0: '{}' });
  });

  it.each<[string, number, number]>([
    ['one character short of a chunk', CHUNK_CHARS - 1, 1],
    ['exactly one chunk', CHUNK_CHARS, 1],
    ['one character over a chunk', CHUNK_CHARS + 1, 2],
    ['exactly two chunks', 2 * CHUNK_CHARS, 2],
    ['two chunks and one character', 2 * CHUNK_CHARS + 1, 3],
    ['the largest storable doc', MAX_DOC_CHARS, MAX_CHUNKS],
  ])('splits a doc of %s (%i characters) into %i chunks and joins it back', (_, length, expected) => {
    const doc = docOfLength(length);
    const props = encodeDoc(doc);
    const parts = chunks(props);
    expect(props.dn).toBe(expected);
    expect(parts).toHaveLength(expected);
    expect(parts.every((p) => p.length <= CHUNK_CHARS)).toBe(true);
    expect(parts.slice(0, -1).every((p) => p.length === CHUNK_CHARS)).toBe(true);
    expect(parts.join('')).toBe(JSON.stringify(doc));
    expect(decodeDoc(props)).toEqual(doc);
  });

  it('joins chunks whatever order the entity lists its properties in', () => {
    const doc = docOfLength(3 * CHUNK_CHARS - 5);
    const props = encodeDoc(doc);
    const shuffled = Object.fromEntries(Object.entries(props).reverse());
    expect(decodeDoc({ ...shuffled, id: 'x', version: 3, etag: 'W/"x"' })).toEqual(doc);
  });

  it('reads an entity without dn as a single chunk', () => {
    expect(decodeDoc({ d0: '{"a":1}' })).toEqual({ a: 1 });
  });

  it('round-trips a doc rich in escapes, unicode and nesting', () => {
    const doc = {
      userName: 'ana_fabrikam#EXT#@contoso.onmicrosoft.com',
      name: { givenName: 'Zoë', familyName: '"O\'Brien"\\\n' },
      emails: [{ value: 'a@b', primary: true }],
      tags: Array.from({ length: 5000 }, (_, i) => `😀${i}\u0000`),
    };
    const props = encodeDoc(doc);
    expect(props.dn).toBeGreaterThan(1);
    expect(decodeDoc(props)).toEqual(doc);
  });

  describe('the size limit', () => {
    it('rejects a doc one character over 480,000 with 413 and no scimType', () => {
      const error = scimErrorOf(() => encodeDoc(docOfLength(MAX_DOC_CHARS + 1)));
      expect(error.status).toBe(413);
      expect(error.scimType).toBeUndefined();
      expect(error.detail).toContain(String(MAX_DOC_CHARS));
    });

    it('counts UTF-16 characters of the JSON, escapes included', () => {
      // Each control character is written as \u00XX: six characters of JSON.
      const error = scimErrorOf(() => encodeDoc({ s: '\u0001'.repeat(Math.ceil(MAX_DOC_CHARS / 6) + 1) }));
      expect(error.status).toBe(413);
    });
  });

  describe('surrogate pairs at a chunk boundary', () => {
    // Where the emoji starts in the JSON: straddling the boundary, just before and just after.
    it.each([CHUNK_CHARS - 2, CHUNK_CHARS - 1, CHUNK_CHARS, 2 * CHUNK_CHARS - 1])('survive when a pair starts at JSON index %i', (at) => {
      const prefix = 'x'.repeat(at - '{"s":"'.length);
      const doc = { s: `${prefix}😀𝒜 tail` };
      const json = JSON.stringify(doc);
      expect(json.codePointAt(at)).toBe(0x1f600);
      const props = encodeDoc(doc);
      expect(chunks(props).every((p) => p.length <= CHUNK_CHARS)).toBe(true);
      expect(decodeDoc(props)).toEqual(doc);
      expect((decodeDoc(props).s as string).endsWith('😀𝒜 tail')).toBe(true);
    });

    it('survive at every boundary of a doc made only of astral characters', () => {
      const doc = { s: '𠀀'.repeat(Math.floor((4 * CHUNK_CHARS) / 2) + 1) };
      expect(decodeDoc(encodeDoc(doc))).toEqual(doc);
    });
  });
});
