import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../shared/scim/errors';
import { decodeKeyPart, encodeKeyPart } from '../../../shared/store/key-encoding';
import { AWKWARD, randomStrings, seededRandom } from './random-strings';

/** Azure Table keys forbid `/ \ # ?` and the control characters U+0000-001F and U+007F-009F. */
const FORBIDDEN = /[/\\#?\u0000-\u001F\u007F-\u009F]/;
/** What the encoder may emit: its safe set, `~` and upper-case hex digits. */
const ENCODED_ALPHABET = /^[A-Za-z0-9._@~-]*$/;

const SAMPLE = randomStrings(0x5eed, 3000);

const controlCharacters = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x9f - 0x7f + 1 }, (_, i) => String.fromCharCode(0x7f + i)),
];

const namedCases: Array<[string, string]> = [
  ['an empty string', ''],
  ['a plain userName', 'ana@contoso.example'],
  ['an Entra guest userName', 'ana_fabrikam.example#EXT#@contoso.onmicrosoft.com'],
  ['the forbidden characters', '/ \\ # ?'],
  ['the encoder escape character', '~'],
  ['an escape lookalike', '~41~7E'],
  ['the separators', 'a:b;c'],
  ['percent signs', '%2F%3A'],
  ['accented letters', 'Zoë Ñúñez'],
  ['a decomposed accent (kept distinct from the composed one)', 'Zoe\u0308'],
  ['astral-plane characters', '😀 𝒜 𠀀 \u{10FFFF}'],
  ['a character just below the surrogates and one just above', '\uD7FF\uE000'],
  ['every control character', controlCharacters.join('')],
];

describe('encodeKeyPart / decodeKeyPart', () => {
  describe('round trip', () => {
    it.each(namedCases)('restores %s', (_, value) => {
      expect(decodeKeyPart(encodeKeyPart(value))).toBe(value);
    });

    it.each(controlCharacters.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))(
      'restores the control character %s',
      (_, c) => {
        expect(decodeKeyPart(encodeKeyPart(`a${c}b`))).toBe(`a${c}b`);
      },
    );

    it('restores every string of a seeded random sample of 3,000, astral planes included', () => {
      const broken = SAMPLE.filter((value) => decodeKeyPart(encodeKeyPart(value)) !== value);
      expect(broken).toEqual([]);
      expect(SAMPLE.some((value) => /[\u{10000}-\u{10FFFF}]/u.test(value))).toBe(true);
    });
  });

  describe('the encoded form', () => {
    it.each(namedCases)('of %s holds no forbidden character, ":" or ";"', (_, value) => {
      const encoded = encodeKeyPart(value);
      expect(encoded).not.toMatch(FORBIDDEN);
      expect(encoded).not.toMatch(/[:;]/);
      expect(encoded).toMatch(ENCODED_ALPHABET);
    });

    it('holds no forbidden character, ":" or ";" for any string of the random sample', () => {
      const offending = SAMPLE.map(encodeKeyPart).filter((encoded) => !ENCODED_ALPHABET.test(encoded));
      expect(offending).toEqual([]);
    });

    it('keeps letters, digits and . _ @ - as they are', () => {
      expect(encodeKeyPart('Ana.Maria_01@contoso-example')).toBe('Ana.Maria_01@contoso-example');
    });

    it.each([
      ['/', '~2F'],
      ['\\', '~5C'],
      ['#', '~23'],
      ['?', '~3F'],
      ['~', '~7E'],
      [':', '~3A'],
      [';', '~3B'],
      ['\u0000', '~00'],
      ['\u009F', '~C2~9F'],
      ['é', '~C3~A9'],
      ['😀', '~F0~9F~98~80'],
    ])('writes %j as the UTF-8 bytes %s', (value, encoded) => {
      expect(encodeKeyPart(value)).toBe(encoded);
    });

    it('turns #EXT# into escapes that contain no #', () => {
      expect(encodeKeyPart('a#EXT#@b')).toBe('a~23EXT~23@b');
    });
  });

  describe('injectivity', () => {
    it('gives distinct values distinct encodings across the seeded random sample', () => {
      const distinct = [...new Set(SAMPLE)];
      const encodings = new Set(distinct.map(encodeKeyPart));
      expect(encodings.size).toBe(distinct.length);
    });

    it.each([
      ['A', '~41'],
      ['#', '~23'],
      ['~', '~7E'],
      ['ana', 'Ana'],
      ['é', 'e\u0301'],
      ['', '\u0000'],
      ['a:b', 'a;b'],
    ])('keeps %j and %j apart', (a, b) => {
      expect(encodeKeyPart(a)).not.toBe(encodeKeyPart(b));
    });
  });

  describe('prefix property', () => {
    it('encodes a value that starts with another as an encoding that starts with the other encoding', () => {
      const random = seededRandom(0xbeef);
      const failures: string[] = [];
      for (const value of SAMPLE.slice(0, 1000)) {
        const codePoints = [...value];
        const cut = Math.floor(random() * (codePoints.length + 1));
        const prefix = codePoints.slice(0, cut).join('');
        if (!encodeKeyPart(value).startsWith(encodeKeyPart(prefix))) failures.push(JSON.stringify([value, prefix]));
      }
      expect(failures).toEqual([]);
    });

    it('is an encoding prefix only when it is a value prefix (a sample of 1,000,000 pairs)', () => {
      const values = SAMPLE.slice(0, 1000);
      const encoded = values.map(encodeKeyPart);
      const failures: string[] = [];
      for (let i = 0; i < values.length; i++) {
        for (let j = 0; j < values.length; j++) {
          if (encoded[i]!.startsWith(encoded[j]!) !== values[i]!.startsWith(values[j]!)) {
            failures.push(JSON.stringify([values[i], values[j]]));
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it.each(['ab', 'a', 'a#', 'é', '😀'])('never lets %j plus a separator prefix the encoding of a longer value', (value) => {
      const extensions = [...AWKWARD, 'c', '-', '0', 'é', '😀'].map((tail) => value + tail);
      for (const longer of extensions) {
        expect(`${encodeKeyPart(longer)}:`.startsWith(`${encodeKeyPart(value)}:`)).toBe(false);
      }
    });
  });

  describe('unpaired surrogates', () => {
    it.each<[string, string]>([
      ['a lone high surrogate at the end', 'a\uD800'],
      ['a lone high surrogate before a letter', '\uD800b'],
      ['a lone low surrogate', 'a\uDC00b'],
      ['a low surrogate before a high one', '\uDC00\uD800'],
      ['a lone surrogate after a valid pair', '😀\uDBFF'],
    ])('refuses %s with 400 invalidValue (UTF-8 cannot carry it, so two values would share a key)', (_, value) => {
      let error: unknown;
      try {
        encodeKeyPart(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).status).toBe(400);
      expect((error as ScimError).scimType).toBe('invalidValue');
    });

    it('keeps a valid surrogate pair', () => {
      expect(decodeKeyPart(encodeKeyPart('a\uD83D\uDE00'))).toBe('a😀');
    });
  });
});
