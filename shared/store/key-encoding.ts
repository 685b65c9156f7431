/**
 * RowKey encoding for user-supplied key parts (DESIGN.md §3). Table keys forbid `/ \ # ?` and
 * control characters; Entra guest userNames contain `#EXT#`. Every UTF-8 byte outside a small
 * safe set becomes `~XX` (hex), so the encoding is injective, never yields `:` or `;` (our
 * separators and range ends), and a prefix of encoded keys is a prefix of their values.
 */
import { ScimError } from '../scim/errors';

const SAFE = /^[A-Za-z0-9._@-]$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function encodeKeyPart(value: string): string {
  if (LONE_SURROGATE.test(value)) throw ScimError.invalidValue('a value used as a key contains an unpaired UTF-16 surrogate');
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += '~' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function decodeKeyPart(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '~') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Azure's limit on a PartitionKey or RowKey: 1 KiB. */
export const MAX_KEY_CHARS = 1024;
