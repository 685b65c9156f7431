import { describe, expect, it } from 'vitest';
import { generateSigningKeySet, parseSigningKeys, SIGNING_ALGORITHM } from '../../../shared/auth/signing-keys';

const SECRET_A = Buffer.alloc(32, 0xa1).toString('base64url');
const SECRET_B = Buffer.alloc(48, 0xb2).toString('base64url');

function keySet(...keys: Array<{ kid: unknown; secret: unknown }>): string {
  return JSON.stringify({ keys });
}

/** Runs `fn`, which must throw, and returns the message. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

describe('parseSigningKeys', () => {
  it('reads a one-key set and decodes the base64url secret', () => {
    const [key, ...rest] = parseSigningKeys(keySet({ kid: 'k1', secret: SECRET_A }), 'ROSTER_SIGNING_KEYS');
    expect(rest).toEqual([]);
    expect(key!.kid).toBe('k1');
    expect(Buffer.from(key!.secret).equals(Buffer.alloc(32, 0xa1))).toBe(true);
  });

  it('keeps the order of a rotated set: the first key signs, the rest verify', () => {
    const keys = parseSigningKeys(keySet({ kid: 'k2', secret: SECRET_B }, { kid: 'k1', secret: SECRET_A }), 'ROSTER_SIGNING_KEYS');
    expect(keys.map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(keys.map((k) => k.secret.length)).toEqual([48, 32]);
  });

  it('accepts every kid character the pattern allows', () => {
    const kid = 'Key_2025.01-a';
    expect(parseSigningKeys(keySet({ kid, secret: SECRET_A }), 'x')[0]!.kid).toBe(kid);
  });

  it('pins HS256', () => {
    expect(SIGNING_ALGORITHM).toBe('HS256');
  });

  it.each<[string, string, string]>([
    ['text that is not JSON', '{keys:', 'is not valid JSON'],
    ['an object without keys', '{}', 'keys'],
    ['an empty key list', keySet(), 'at least one key'],
    ['a kid with a space', keySet({ kid: 'k 1', secret: SECRET_A }), 'kid'],
    ['an empty kid', keySet({ kid: '', secret: SECRET_A }), 'kid'],
    ['a kid of 65 characters', keySet({ kid: 'k'.repeat(65), secret: SECRET_A }), 'kid'],
    ['a secret of 31 bytes', keySet({ kid: 'k1', secret: Buffer.alloc(31, 1).toString('base64url') }), 'at least 32 bytes'],
    ['a secret in padded base64', keySet({ kid: 'k1', secret: Buffer.alloc(32, 0xfb).toString('base64') }), 'secret'],
    ['a secret that is a number', keySet({ kid: 'k1', secret: 12345 }), 'secret'],
  ])('rejects %s with a message naming the source and the problem', (_, json, problem) => {
    const message = messageOf(() => parseSigningKeys(json, 'ROSTER_SIGNING_KEYS'));
    expect(message).toContain('ROSTER_SIGNING_KEYS');
    expect(message).toContain(problem);
  });

  it.each<[string, string]>([
    ['a short secret', keySet({ kid: 'k1', secret: 'c2hvcnQtYnV0LXN0aWxsLXNlY3JldA' })],
    ['a padded base64 secret', keySet({ kid: 'k1', secret: `${SECRET_A}=` })],
    ['a secret beside a bad kid', keySet({ kid: 'bad kid', secret: SECRET_A })],
    ['a secret in broken JSON', `{"keys":[{"kid":"k1","secret":"${SECRET_A}"`],
  ])('never echoes the secret in the error for %s', (_, json) => {
    const secret = /"secret":"([^"]+)"/.exec(json)![1]!;
    expect(messageOf(() => parseSigningKeys(json, 'ROSTER_SIGNING_KEYS'))).not.toContain(secret);
  });
});

describe('generateSigningKeySet', () => {
  it('writes a set that parseSigningKeys reads back, with a 32-byte secret', () => {
    const keys = parseSigningKeys(generateSigningKeySet('dev'), 'file');
    expect(keys).toHaveLength(1);
    expect(keys[0]!.kid).toBe('dev');
    expect(keys[0]!.secret).toHaveLength(32);
  });

  it('names the key with a valid kid by default', () => {
    expect(() => parseSigningKeys(generateSigningKeySet(), 'file')).not.toThrow();
  });

  it('draws a fresh secret every time', () => {
    const secrets = new Set(Array.from({ length: 5 }, () => Buffer.from(parseSigningKeys(generateSigningKeySet('k'), 'f')[0]!.secret).toString('hex')));
    expect(secrets.size).toBe(5);
  });
});
